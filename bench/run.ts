import { auditCsvExport, busiestActor, sqlReadActor } from './audit-export';
import { execSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLatency, seedAuditEvents } from './audit-reads';
import { seedVerifiableTrail, sqlReadEvents, verifyTrail } from './audit-verify';
import { bundleLeg } from './evidence-bundle';
import { historyLeg, pendingTimersLeg } from './flat-cost';
import { historyLine, readmeTable, tableRows } from './report';
import { benchDatabase } from './database';
import { ledgerExport, sqlRead } from './export';
import { ledgerImport, sqlInsert } from './ledger-import';
import { reportLatency, seedReportData } from './reports';
import { publishList } from './responsibility-list';
import { login, ROOT, startApi } from './server';
import { round } from './stats';
import { engineSweep, pgBossSweep } from './sweep';
import { baseline, engine, seedCases, type Throughput } from './transitions';

const quick = process.argv.includes('--quick');
const settings = quick
  ? { cases: 300, warmupSeconds: 6, rounds: 3, seconds: 5, oneClientSeconds: 5, timers: 4000, auditEvents: 100_000, readSeconds: 5, connections: 16, importFiles: 1, importRows: 10_000, reportCases: 20_000, reportRequests: 15, listDepartments: 100, bundleCases: 1000, historyCases: 16, longHistory: 3000, historySeconds: 4, pendingTimers: 100_000, largeAuditEvents: 500_000 }
  : { cases: 2000, warmupSeconds: 15, rounds: 3, seconds: 15, oneClientSeconds: 10, timers: 20_000, auditEvents: 1_000_000, readSeconds: 15, connections: 16, importFiles: 3, importRows: 10_000, reportCases: 100_000, reportRequests: 40, listDepartments: 400, bundleCases: 5000, historyCases: 32, longHistory: 3000, historySeconds: 8, pendingTimers: 1_000_000, largeAuditEvents: 5_000_000 };

function log(message: string) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Legs a and b (one API process) again on a fresh database of another server: the deployment case. */
async function secondServer(url: string) {
  const db = await benchDatabase(url);
  log(`a/b again on ${db.server}`);
  const api = await startApi(db.url);
  try {
    const fx = await seedCases(api.url, db.url, settings.cases);
    await baseline(db.url, fx, settings.connections, settings.warmupSeconds);
    await engine(api.url, fx, settings.connections, settings.warmupSeconds);
    const rounds: { a: Throughput; b: Throughput }[] = [];
    for (let r = 0; r < settings.rounds; r++) {
      rounds.push({ a: await baseline(db.url, fx, settings.connections, settings.seconds), b: await engine(api.url, fx, settings.connections, settings.seconds) });
    }
    const { a, b } = [...rounds].sort((x, y) => x.b.perSecond / x.a.perSecond - y.b.perSecond / y.a.perSecond)[Math.floor(rounds.length / 2)];
    return { database: db.server, a, b, ratio: round(b.perSecond / a.perSecond, 3), rounds: rounds.map((r) => round(r.b.perSecond / r.a.perSecond, 3)) };
  } finally {
    await api.stop();
    await db.drop();
  }
}

export type BenchSettings = typeof settings;

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = execSync("lscpu | sed -n 's/^Model name:\\s*//p'").toString().trim() || cpu;
  } catch {
    /* lscpu is optional */
  }
  return { cpu, cores: os.cpus().length, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, os: `${os.type()} ${os.release()}` };
}

async function main() {
  const started = Date.now();
  const db = await benchDatabase(process.env.DATABASE_URL);
  log(`database: ${db.server}; mode: ${quick ? 'quick' : 'full'}`);
  const api = await startApi(db.url);
  try {
    log(`seeding ${settings.cases} cases in rectifying.inProgress through the API`);
    const fx = await seedCases(api.url, db.url, settings.cases);

    // Both sides get the same warm-up (JIT, caches, PostgreSQL buffers) before anything is measured,
    // then run in alternating rounds so drift in this machine's speed hits both alike.
    const cores = os.cpus().length;
    const cluster = await startApi(db.url, { API_WORKERS: String(cores), SEED_DEMO: 'false' });
    const rounds: { a: Throughput; b: Throughput; b2: Throughput }[] = [];
    try {
      log(`warm-up: ${settings.warmupSeconds} s each, not measured`);
      await baseline(db.url, fx, settings.connections, settings.warmupSeconds);
      await engine(api.url, fx, settings.connections, settings.warmupSeconds);
      await engine(cluster.url, fx, settings.connections, settings.warmupSeconds);
      for (let r = 1; r <= settings.rounds; r++) {
        log(`round ${r}/${settings.rounds}: a. baseline, b. engine (1 API process), b. engine (${cores} API processes), ${settings.seconds} s each`);
        const a = await baseline(db.url, fx, settings.connections, settings.seconds);
        const b = await engine(api.url, fx, settings.connections, settings.seconds);
        const b2 = await engine(cluster.url, fx, settings.connections, settings.seconds);
        rounds.push({ a, b, b2 });
      }
    } finally {
      await cluster.stop();
    }
    // The round with the median engine/baseline ratio stands for the run; every round is in the JSON.
    const median = (key: 'b' | 'b2') => [...rounds].sort((x, y) => x[key].perSecond / x.a.perSecond - y[key].perSecond / y.a.perSecond)[Math.floor(rounds.length / 2)];
    const { a, b } = median('b');
    const { a: a2, b2 } = median('b2');
    const also = process.env.BENCH_ALSO_DATABASE_URL ? await secondServer(process.env.BENCH_ALSO_DATABASE_URL) : null;
    log(`c. one client: engine, then baseline, ${settings.oneClientSeconds} s each`);
    const c1 = await engine(api.url, fx, 1, settings.oneClientSeconds);
    const c0 = await baseline(db.url, fx, 1, settings.oneClientSeconds);

    log(`d. sweep: ${settings.timers} due escalation timers, engine worker vs pg-boss`);
    const dEngine = await engineSweep(db.url, fx.caseIds, settings.timers);
    const dBoss = await pgBossSweep(db.url, fx.caseIds, settings.timers, 1);
    const dBoss4 = await pgBossSweep(db.url, fx.caseIds, settings.timers, 4);

    log(`e. seeding ${settings.auditEvents.toLocaleString()} audit events`);
    const seeded = await seedAuditEvents(db.url, settings.auditEvents);
    const auditor = await login(api.url, 'auditor');
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const from = new Date(Date.now() - 30 * 86400_000).toISOString();
    const timelinePath = () => `/api/cases/${pick(seeded.caseIds)}/events`;
    const searchPath = () => `/api/audit?actorId=${pick(seeded.actorIds)}&from=${encodeURIComponent(from)}&limit=50`;
    log(`e. reads at ${seeded.events.toLocaleString()} events: 1 and 8 connections`);
    const timeline1 = await readLatency(api.url, auditor, timelinePath, 1, settings.readSeconds);
    const search1 = await readLatency(api.url, auditor, searchPath, 1, settings.readSeconds);
    const timeline8 = await readLatency(api.url, auditor, timelinePath, 8, settings.readSeconds);
    const search8 = await readLatency(api.url, auditor, searchPath, 8, settings.readSeconds);
    const rss = api.peakRssMb();

    // h before g: the imported cases are exported with the rest.
    log(`h. ledger import: ${settings.importFiles} workbook(s) of ${settings.importRows.toLocaleString()} rows, vs a bare SQL insert of as many rows`);
    const inspector = await login(api.url, 'inspector');
    const hSql = await sqlInsert(db.url, settings.importRows);
    const hImports = [];
    for (let i = 1; i <= settings.importFiles; i++) hImports.push(await ledgerImport(api.url, inspector, settings.importRows, i));
    const hImport = [...hImports].sort((x, y) => x.rowsPerSecond - y.rowsPerSecond)[Math.floor(hImports.length / 2)];
    const rssAfterImport = api.peakRssMb();

    const sqlRows = await sqlRead(db.url);
    log(`g. ledger export: ${sqlRows.rows.toLocaleString()} rectification cases as .xlsx, vs reading them over SQL`);
    const gExport = await ledgerExport(api.url, inspector, sqlRows.rows);
    const rssAfterExport = api.peakRssMb();

    const busiest = await busiestActor(db.url);
    log(`m. audit CSV export: one person's ${busiest.rows.toLocaleString()} events of ${seeded.events.toLocaleString()}, streamed, vs reading them over SQL`);
    const mExport = await auditCsvExport(api.url, auditor, busiest.actorId);
    const mSql = await sqlReadActor(db.url, busiest.actorId);
    const rssAfterAuditExport = api.peakRssMb();

    log(`i. assessment reports: seeding ${settings.reportCases.toLocaleString()} report-shaped cases over 20 departments and a year`);
    const reportData = await seedReportData(db.url, settings.reportCases);
    const shanghaiMonth = (monthsAgo: number) => {
      const d = new Date(Date.now() + 8 * 3600_000);
      const start = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsAgo, 1));
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      return `from=${start.toISOString().slice(0, 10)}&to=${end.toISOString().slice(0, 10)}`;
    };
    let turn = 0;
    const monthPath = () => `/api/reports/units?kind=${turn++ % 2 ? 'hotline' : 'rectification'}&${shanghaiMonth(1 + (turn % 11))}`;
    const today = new Date(Date.now() + 8 * 3600_000);
    const yearAgo = new Date(today.getTime() - 365 * 86_400_000);
    const yearPath = () => `/api/reports/units?kind=${turn++ % 2 ? 'hotline' : 'rectification'}&from=${yearAgo.toISOString().slice(0, 10)}&to=${today.toISOString().slice(0, 10)}`;
    log(`i. ${settings.reportRequests} monthly reports, then 6 year reports, one at a time (${reportData.allEvents.toLocaleString()} events in the database)`);
    const iMonth = await reportLatency(api.url, inspector, monthPath, settings.reportRequests);
    const iYear = await reportLatency(api.url, inspector, yearPath, 6);

    log(`j. responsibility list: publishing a year's list for ${settings.listDepartments} more departments, then re-publishing it unchanged and corrected`);
    const admin = await login(api.url, 'admin');
    const jPublish = await publishList(api.url, admin, settings.listDepartments, 2029);
    const jSql = await sqlInsert(db.url, jPublish.cases);

    // The flat-cost legs grow the data (cases, timers, events): after the legs whose figures they would change.
    log(`n1. flat cost: transitions on ${settings.historyCases} cases with 10 events vs ${settings.historyCases} with ${settings.longHistory.toLocaleString()}, alternating rounds`);
    const nHistory = await historyLeg(api.url, fx, { cases: settings.historyCases, small: 10, large: settings.longHistory, rounds: 3, seconds: settings.historySeconds });
    log(`n2. flat cost: transitions with no other timers pending, then with ${settings.pendingTimers.toLocaleString()}`);
    const nTimers = await pendingTimersLeg(api.url, fx, settings.pendingTimers, settings.historySeconds * 2);
    log(`n4. flat cost: the sweep of ${settings.timers.toLocaleString()} due timers among ${nTimers.leg.pending.toLocaleString()} pending`);
    const nSweep = await engineSweep(db.url, fx.caseIds, settings.timers);

    log(`n3. flat cost: seeding audit events up to ${settings.largeAuditEvents.toLocaleString()}, then leg e's reads again`);
    const larger = await seedAuditEvents(db.url, settings.largeAuditEvents - reportData.allEvents, 'AS');
    const timelineLarge = await readLatency(api.url, auditor, () => `/api/cases/${pick(larger.caseIds)}/events`, 1, settings.readSeconds);
    const searchLarge = await readLatency(api.url, auditor, searchPath, 1, settings.readSeconds);
    // Leg e's sizes again, right now: this machine drifts, and the ratio should compare like with like.
    const timelineSmall = await readLatency(api.url, auditor, timelinePath, 1, settings.readSeconds);

    // On a database of its own: every event there must verify, and leg e's events have no real hashes.
    log(`k. audit verification: seeding ${settings.auditEvents.toLocaleString()} events with their chains, log and a signed checkpoint`);
    const kDb = await benchDatabase(process.env.DATABASE_URL);
    let kSeed, kVerify, kSql, lBundle;
    try {
      kSeed = await seedVerifiableTrail(kDb.url, settings.auditEvents);
      log(`k. npm run audit:verify over ${kSeed.events.toLocaleString()} events, vs reading them over SQL`);
      kVerify = await verifyTrail(kDb.url, kSeed.events);
      kSql = await sqlReadEvents(kDb.url);
      log(`l. evidence bundles on the same log: one case, and a unit's ${settings.bundleCases.toLocaleString()} cases, each checked offline by its verify.mjs`);
      const kApi = await startApi(kDb.url);
      try {
        lBundle = await bundleLeg(kDb.url, kApi, settings.bundleCases);
      } finally {
        await kApi.stop();
      }
    } finally {
      await kDb.drop();
    }
    const results = {
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      machine: { ...machine(), database: db.server },
      settings,
      legs: {
        a_baseline: a,
        b_engineHttp: b,
        b2_engineHttpPerCore: { apiProcesses: cores, ...b2 },
        rounds,
        c_oneClient: { engine: c1, baseline: c0 },
        d_sweep: { engine: dEngine, pgBoss: dBoss, pgBoss4Workers: dBoss4 },
        e_auditReads: { events: seeded.events, timeline1, search1, timeline8, search8 },
        f_peakRssMb: round(rss, 1),
        g_ledgerExport: { export: gExport, sqlRead: sqlRows, peakRssMbAfter: round(rssAfterExport, 1) },
        h_ledgerImport: { median: hImport, imports: hImports, sqlInsert: hSql, peakRssMbAfter: round(rssAfterImport, 1) },
        i_reports: { data: reportData, month: iMonth, year: iYear },
        j_responsibilityList: { publish: jPublish, sqlInsert: jSql },
        k_auditVerify: { seed: kSeed, verify: kVerify, sqlRead: kSql },
        l_evidenceBundle: lBundle,
        m_auditCsvExport: { export: mExport, sqlRead: mSql, peakRssMbAfter: round(rssAfterAuditExport, 1) },
        n1_history: nHistory,
        n2_pendingTimers: { ...nTimers.leg, seed: nTimers.seed },
        n3_auditReadsLarger: {
          events: { small: seeded.events, large: larger.events },
          timeline: { small: timeline1, smallAgain: timelineSmall, large: timelineLarge },
          search: { small: search1, large: searchLarge },
        },
        n4_sweepAmongPending: { pending: nTimers.leg.pending, sweep: nSweep, withoutPending: dEngine },
        ...(also ? { b_onSecondServer: also } : {}),
      },
      ratios: {
        throughputEngineOverBaseline: round(b.perSecond / a.perSecond, 3),
        throughputEnginePerCoreOverBaseline: round(b2.perSecond / a2.perSecond, 3),
        oneClientP50EngineOverBaseline: round(c1.latency.p50 / c0.latency.p50, 2),
        sweepEngineOverPgBoss: round(dEngine.perSecond / dBoss.perSecond, 2),
        exportRowsOverSqlRead: round(gExport.rowsPerSecond / sqlRows.rowsPerSecond, 3),
        auditCsvRowsOverSqlRead: round(mExport.rowsPerSecond / mSql.rowsPerSecond, 3),
        importRowsOverSqlInsert: round(hImport.rowsPerSecond / hSql.rowsPerSecond, 3),
        publishCasesOverSqlInsert: round(jPublish.casesPerSecond / jSql.rowsPerSecond, 3),
        verifyEventsOverSqlRead: round(kVerify.eventsPerSecond / kSql.rowsPerSecond, 3),
        bundleOneCaseSqlFloorOverBundle: round(lBundle.oneCase.sqlFloorSeconds / lBundle.oneCase.seconds, 3),
        bundleUnitSqlFloorOverBundle: round(lBundle.unit.sqlFloorSeconds / lBundle.unit.seconds, 3),
        historyLargeOverSmall: nHistory.largeOverSmall,
        pendingTimersLargeOverSmall: nTimers.leg.largeOverSmall,
        timelineP50SmallOverLarge: round(timelineSmall.latency.p50 / timelineLarge.latency.p50, 3),
        searchP50SmallOverLarge: round(search1.latency.p50 / searchLarge.latency.p50, 3),
        sweepAmongPendingOverAlone: round(nSweep.perSecond / dEngine.perSecond, 3),
        ...(also ? { secondServerEngineOverBaseline: also.ratio } : {}),
      },
      seconds: round((Date.now() - started) / 1000, 0),
    };
    const rows = tableRows(results);
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`\nRectify benchmark (${results.mode}), ${results.date}, ${results.machine.cpu} × ${results.machine.cores}, ${db.server}`);
    for (const [name, figure, verdict] of rows) console.log(`${name.padEnd(width)}  ${figure}  [${verdict}]`);
    const out = path.join(ROOT, 'bench/results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
    appendFileSync(path.join(out, 'history.jsonl'), JSON.stringify(historyLine(results)) + '\n');
    log(`wrote bench/results/latest.json and a line of bench/results/history.jsonl (${results.seconds} s)`);
    if (!quick) {
      const readme = path.join(ROOT, 'README.md');
      writeFileSync(readme, readmeTable(readFileSync(readme, 'utf8'), results, rows));
      log('README.md: the benchmark table regenerated from these figures');
    }
  } finally {
    await api.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
