import { auditCsvExport, busiestActor, sqlReadActor } from './audit-export';
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLatency, seedAuditEvents } from './audit-reads';
import { seedVerifiableTrail, sqlReadEvents, verifyTrail } from './audit-verify';
import { bundleLeg } from './evidence-bundle';
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
  ? { cases: 300, warmupSeconds: 6, rounds: 3, seconds: 5, oneClientSeconds: 5, timers: 4000, auditEvents: 100_000, readSeconds: 5, connections: 16, importFiles: 1, importRows: 10_000, reportCases: 20_000, reportRequests: 15, listDepartments: 100, bundleCases: 1000 }
  : { cases: 2000, warmupSeconds: 15, rounds: 3, seconds: 15, oneClientSeconds: 10, timers: 20_000, auditEvents: 1_000_000, readSeconds: 15, connections: 16, importFiles: 3, importRows: 10_000, reportCases: 100_000, reportRequests: 40, listDepartments: 400, bundleCases: 5000 };

function log(message: string) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

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
      },
      seconds: round((Date.now() - started) / 1000, 0),
    };
    const goal = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const ms = (n: number) => `${round(n, 2)} ms`;
    const rows: [string, string, string][] = [
      [`a. baseline (SQL only, 16 clients), median round of ${settings.rounds}`, `${round(a.perSecond, 0)} tx/s, p50 ${ms(a.latency.p50)}, p99 ${ms(a.latency.p99)}`, `errors ${a.errors}`],
      ['b. engine over HTTP (16 conns, 1 API process)', `${round(b.perSecond, 0)} transitions/s, p50 ${ms(b.latency.p50)}, p99 ${ms(b.latency.p99)}`, `b/a ${results.ratios.throughputEngineOverBaseline} (goal ≥ 0.5: ${goal(results.ratios.throughputEngineOverBaseline >= 0.5)}), non-2xx ${b.errors}`],
      [`b. engine over HTTP (16 conns, ${cores} API processes)`, `${round(b2.perSecond, 0)} transitions/s, p50 ${ms(b2.latency.p50)}, p99 ${ms(b2.latency.p99)}`, `b/a ${results.ratios.throughputEnginePerCoreOverBaseline} (goal ≥ 0.5: ${goal(results.ratios.throughputEnginePerCoreOverBaseline >= 0.5)}), non-2xx ${b2.errors}`],
      ['c. one client p50', `engine ${ms(c1.latency.p50)} vs baseline ${ms(c0.latency.p50)}`, `${results.ratios.oneClientP50EngineOverBaseline}× (goal ≤ 3×: ${goal(results.ratios.oneClientP50EngineOverBaseline <= 3)})`],
      ['d. sweep', `engine ${round(dEngine.perSecond, 0)}/s vs pg-boss ${round(dBoss.perSecond, 0)}/s (4 workers: ${round(dBoss4.perSecond, 0)}/s)`, `${results.ratios.sweepEngineOverPgBoss}× (goal ≥ 1.0: ${goal(results.ratios.sweepEngineOverPgBoss >= 1)})`],
      [`e. timeline, first page (${seeded.events.toLocaleString()} events)`, `1 conn p50/p95/p99 ${ms(timeline1.latency.p50)} / ${ms(timeline1.latency.p95)} / ${ms(timeline1.latency.p99)}; 8 conns p99 ${ms(timeline8.latency.p99)}`, `goal p99 ≤ 10 ms: ${goal(timeline1.latency.p99 <= 10)}`],
      ['e. actor + 30 days search', `1 conn p50/p95/p99 ${ms(search1.latency.p50)} / ${ms(search1.latency.p95)} / ${ms(search1.latency.p99)}; 8 conns p99 ${ms(search8.latency.p99)}`, `goal p99 ≤ 20 ms: ${goal(search1.latency.p99 <= 20)}`],
      ['f. peak RSS of the API process', `${round(rss, 1)} MB`, `goal ≤ 300 MB: ${goal(rss <= 300)}`],
      [
        `g. ledger export (${gExport.rows.toLocaleString()} cases, streamed .xlsx)`,
        `${gExport.rowsPerSecond} rows/s (${gExport.seconds} s, ${round(gExport.bytes / 2 ** 20, 1)} MB) vs SQL read ${sqlRows.rowsPerSecond} rows/s; peak RSS after ${round(rssAfterExport, 1)} MB`,
        `export/SQL ${results.ratios.exportRowsOverSqlRead}; RSS goal ≤ 300 MB: ${goal(rssAfterExport <= 300)}`,
      ],
      [
        `m. audit CSV export (${mExport.rows.toLocaleString()} events of one person, streamed)`,
        `${mExport.rowsPerSecond} rows/s (${mExport.seconds} s, ${round(mExport.bytes / 2 ** 20, 1)} MB) vs SQL read ${mSql.rowsPerSecond} rows/s; peak RSS after ${round(rssAfterAuditExport, 1)} MB`,
        `export/SQL ${results.ratios.auditCsvRowsOverSqlRead}; RSS goal ≤ 300 MB: ${goal(rssAfterAuditExport <= 300)}`,
      ],
      [
        `h. ledger import (${settings.importFiles} × ${hImport.rows.toLocaleString()} rows, median)`,
        `${hImport.rowsPerSecond} rows/s (${hImport.seconds} s, ${hImport.fileMb} MB .xlsx) vs bare SQL insert ${hSql.rowsPerSecond} rows/s; peak RSS after ${round(rssAfterImport, 1)} MB`,
        `import/SQL ${results.ratios.importRowsOverSqlInsert}; goal 10,000 rows ≤ 30 s: ${goal(hImport.seconds * (10_000 / hImport.rows) <= 30)}`,
      ],
      [
        `i. monthly report, county (${reportData.cases.toLocaleString()} + earlier cases, ${reportData.allEvents.toLocaleString()} events)`,
        `p50 ${iMonth.p50} ms, p95 ${iMonth.p95} ms over ${iMonth.requests}; year report p50 ${iYear.p50} ms, max ${iYear.max} ms`,
        `goal month p95 ≤ 500 ms: ${goal(iMonth.p95 <= 500)}; year ≤ 2 s: ${goal(iYear.max <= 2000)}`,
      ],
      [
        `j. publish a year's list (${jPublish.departments} departments, ${jPublish.cases.toLocaleString()} cases)`,
        `${jPublish.seconds} s (${jPublish.casesPerSecond}/s) vs bare SQL insert ${jSql.seconds} s; unchanged re-publish ${jPublish.republishSeconds} s; corrected (${jPublish.revised} revised) ${jPublish.reviseSeconds} s`,
        `${results.ratios.publishCasesOverSqlInsert} of bare insert speed (goal: publish ≤ 10 s: ${goal(jPublish.seconds <= 10)})`,
      ],
      [
        `k. verify the whole trail (${kSeed.events.toLocaleString()} events, ${kSeed.cases.toLocaleString()} cases, 1 checkpoint)`,
        `${kVerify.eventsPerSecond.toLocaleString()} events/s (${kVerify.seconds} s, peak RSS ${kVerify.peakRssMb} MB) vs SQL read ${kSql.rowsPerSecond.toLocaleString()} rows/s`,
        `verify/SQL ${results.ratios.verifyEventsOverSqlRead}; intact: ${kVerify.intact ? 'yes' : 'NO'}`,
      ],
      [
        `l. evidence bundle, one case on a ${kSeed.events.toLocaleString()}-event log`,
        `${lBundle.oneCase.seconds} s (${lBundle.oneCase.megabytes} MB) vs SQL floor ${lBundle.oneCase.sqlFloorSeconds} s (its events + every leaf); offline verify.mjs ${lBundle.oneCase.verifySeconds} s`,
        `floor/bundle ${results.ratios.bundleOneCaseSqlFloorOverBundle}; verified: ${lBundle.oneCase.verified ? 'yes' : 'NO'}`,
      ],
      [
        `l. evidence bundle, a unit's ${lBundle.unit.cases.toLocaleString()} cases (${lBundle.unit.events.toLocaleString()} events)`,
        `${lBundle.unit.seconds} s (${lBundle.unit.eventsPerSecond.toLocaleString()} events/s, ${lBundle.unit.megabytes} MB) vs SQL floor ${lBundle.unit.sqlFloorSeconds} s; offline verify.mjs ${lBundle.unit.verifySeconds} s; API peak RSS ${lBundle.peakRssMb} MB`,
        `floor/bundle ${results.ratios.bundleUnitSqlFloorOverBundle}; verified: ${lBundle.unit.verified ? 'yes' : 'NO'}; RSS goal ≤ 300 MB: ${goal(lBundle.peakRssMb <= 300)}`,
      ],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`\nRectify benchmark (${results.mode}), ${results.date}, ${results.machine.cpu} × ${results.machine.cores}, ${db.server}`);
    for (const [name, figure, verdict] of rows) console.log(`${name.padEnd(width)}  ${figure}  [${verdict}]`);
    const out = path.join(ROOT, 'bench/results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
    log(`wrote bench/results/latest.json (${results.seconds} s)`);
  } finally {
    await api.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
