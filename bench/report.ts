import { round } from './stats';
import type { Latency } from './stats';

type T = { perSecond: number; latency: Latency; errors: number; count: number };
type Read = { latency: Latency };

/** What run.ts writes to bench/results/latest.json, as far as the table reads it. */
export interface BenchResults {
  date: string;
  mode: string;
  seconds: number;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; os: string; database: string };
  settings: { rounds: number; importFiles: number };
  legs: {
    a_baseline: T;
    b_engineHttp: T;
    b2_engineHttpPerCore: T & { apiProcesses: number };
    rounds: { a: T; b: T; b2: T }[];
    c_oneClient: { engine: T; baseline: T };
    d_sweep: { engine: { perSecond: number; count: number; seconds: number }; pgBoss: { perSecond: number }; pgBoss4Workers: { perSecond: number } };
    e_auditReads: { events: number; timeline1: Read; search1: Read; timeline8: Read; search8: Read };
    f_peakRssMb: number;
    g_ledgerExport: { export: { rows: number; rowsPerSecond: number; seconds: number; bytes: number }; sqlRead: { rowsPerSecond: number }; peakRssMbAfter: number };
    h_ledgerImport: { median: { rows: number; rowsPerSecond: number; seconds: number; fileMb: number }; sqlInsert: { rowsPerSecond: number }; peakRssMbAfter: number };
    i_reports: { data: { cases: number; allEvents: number }; month: { p50: number; p95: number; requests: number }; year: { p50: number; max: number } };
    j_responsibilityList: {
      publish: { departments: number; cases: number; seconds: number; casesPerSecond: number; republishSeconds: number; revised: number; reviseSeconds: number };
      sqlInsert: { seconds: number };
    };
    k_auditVerify: { seed: { events: number; cases: number }; verify: { eventsPerSecond: number; seconds: number; peakRssMb: number; intact: boolean }; sqlRead: { rowsPerSecond: number } };
    l_evidenceBundle: {
      oneCase: { seconds: number; megabytes: number; sqlFloorSeconds: number; verifySeconds: number; verified: boolean };
      unit: { cases: number; events: number; seconds: number; eventsPerSecond: number; megabytes: number; sqlFloorSeconds: number; verifySeconds: number; verified: boolean };
      peakRssMb: number;
    };
    m_auditCsvExport: { export: { rows: number; rowsPerSecond: number; seconds: number; bytes: number }; sqlRead: { rowsPerSecond: number }; peakRssMbAfter: number };
    n1_history: { cases: number; events: { small: number; large: number }; small: T; large: T; rounds: { small: number; large: number }[]; largeOverSmall: number };
    n2_pendingTimers: { pending: number; without: { engine: T; baseline: T }; with: { engine: T; baseline: T }; largeOverSmall: number; rawLargeOverSmall: number };
    n3_auditReadsLarger: { events: { small: number; large: number }; timeline: { small: Read; smallAgain: Read; large: Read }; search: { small: Read; large: Read } };
    n4_sweepAmongPending: { pending: number; sweep: { perSecond: number; seconds: number; count: number }; withoutPending: { perSecond: number } };
    b_onSecondServer?: { database: string; a: T; b: T; ratio: number; rounds: number[] };
  };
  ratios: Record<string, number>;
}

export type Row = [leg: string, measured: string, verdict: string];

const ms = (n: number) => `${round(n, 2)} ms`;
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const goal = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** The table: one row per leg, figure and verdict against its goal. Printed, and put in the README. */
export function tableRows(r: BenchResults): Row[] {
  const { legs: L, ratios: q } = r;
  const { a_baseline: a, b_engineHttp: b, b2_engineHttpPerCore: b2, c_oneClient: c, d_sweep: d, e_auditReads: e } = L;
  const roundsOf = (key: 'b' | 'b2') => L.rounds.map((x) => round(x[key].perSecond / x.a.perSecond, 2)).join(', ');
  const rows: Row[] = [
    [`a. baseline (SQL only, 16 clients), median round of ${r.settings.rounds}`, `${n(a.perSecond)} tx/s, p50 ${ms(a.latency.p50)}, p99 ${ms(a.latency.p99)}`, `errors ${a.errors}`],
    [
      'b. engine over HTTP (16 conns, 1 API process)',
      `${n(b.perSecond)} transitions/s, p50 ${ms(b.latency.p50)}, p99 ${ms(b.latency.p99)} (rounds b/a: ${roundsOf('b')})`,
      `b/a ${q.throughputEngineOverBaseline} (goal ≥ 0.7: ${goal(q.throughputEngineOverBaseline >= 0.7)}), non-2xx ${b.errors}`,
    ],
    [
      `b. engine over HTTP (16 conns, ${b2.apiProcesses} API processes)`,
      `${n(b2.perSecond)} transitions/s, p50 ${ms(b2.latency.p50)}, p99 ${ms(b2.latency.p99)} (rounds b/a: ${roundsOf('b2')})`,
      `b/a ${q.throughputEnginePerCoreOverBaseline} (goal ≥ 0.8: ${goal(q.throughputEnginePerCoreOverBaseline >= 0.8)}), non-2xx ${b2.errors}`,
    ],
  ];
  const second = L.b_onSecondServer;
  if (second) {
    rows.push([
      `a/b on ${second.database}`,
      `baseline ${n(second.a.perSecond)} tx/s, engine ${n(second.b.perSecond)} transitions/s (rounds: ${second.rounds.join(', ')})`,
      `b/a ${second.ratio} (goal ≥ 0.7: ${goal(second.ratio >= 0.7)}), non-2xx ${second.b.errors}`,
    ]);
  }
  const h = L.n1_history;
  const t = L.n2_pendingTimers;
  const big = L.n3_auditReadsLarger;
  const sw = L.n4_sweepAmongPending;
  rows.push(
    ['c. one client p50', `engine ${ms(c.engine.latency.p50)} vs baseline ${ms(c.baseline.latency.p50)}`, `${q.oneClientP50EngineOverBaseline}× (goal ≤ 1.4×: ${goal(q.oneClientP50EngineOverBaseline <= 1.4)})`],
    [
      'd. sweep',
      `engine ${n(d.engine.perSecond)}/s vs pg-boss ${n(d.pgBoss.perSecond)}/s (4 workers: ${n(d.pgBoss4Workers.perSecond)}/s)`,
      `${q.sweepEngineOverPgBoss}× (goal ≥ 1.0: ${goal(q.sweepEngineOverPgBoss >= 1)})`,
    ],
    [
      `e. timeline, first page (${n(e.events)} events)`,
      `1 conn p50/p95/p99 ${ms(e.timeline1.latency.p50)} / ${ms(e.timeline1.latency.p95)} / ${ms(e.timeline1.latency.p99)}; 8 conns p99 ${ms(e.timeline8.latency.p99)}`,
      `goal p99 ≤ 10 ms: ${goal(e.timeline1.latency.p99 <= 10)}`,
    ],
    [
      'e. actor + 30 days search',
      `1 conn p50/p95/p99 ${ms(e.search1.latency.p50)} / ${ms(e.search1.latency.p95)} / ${ms(e.search1.latency.p99)}; 8 conns p99 ${ms(e.search8.latency.p99)}`,
      `goal p99 ≤ 20 ms: ${goal(e.search1.latency.p99 <= 20)}`,
    ],
    ['f. peak RSS of the API process', `${round(L.f_peakRssMb, 1)} MB`, `goal ≤ 300 MB: ${goal(L.f_peakRssMb <= 300)}`],
    [
      `n1. transitions, ${h.cases} cases of ${n(h.events.small)} vs ${n(h.events.large)} events`,
      `${n(h.small.perSecond)} vs ${n(h.large.perSecond)} transitions/s (rounds: ${h.rounds.map((x) => `${x.small}/${x.large}`).join(', ')})`,
      `large/small ${h.largeOverSmall} (goal ≥ 0.8: ${goal(h.largeOverSmall >= 0.8)})`,
    ],
    [
      `n2. transitions, none vs ${n(t.pending)} timers pending`,
      `engine ${n(t.without.engine.perSecond)} → ${n(t.with.engine.perSecond)}/s, baseline beside it ${n(t.without.baseline.perSecond)} → ${n(t.with.baseline.perSecond)} tx/s`,
      `large/small over the baseline ${t.largeOverSmall}, raw ${t.rawLargeOverSmall} (goal ≥ 0.8: ${goal(t.largeOverSmall >= 0.8)})`,
    ],
    [
      `n3. timeline and search at ${n(big.events.small)} vs ${n(big.events.large)} events`,
      `timeline p50 ${ms(big.timeline.smallAgain.latency.p50)} → ${ms(big.timeline.large.latency.p50)} (p99 ${ms(big.timeline.smallAgain.latency.p99)} → ${ms(big.timeline.large.latency.p99)}); search p50 ${ms(big.search.small.latency.p50)} → ${ms(big.search.large.latency.p50)} (p99 ${ms(big.search.small.latency.p99)} → ${ms(big.search.large.latency.p99)})`,
      `small/large p50: timeline ${q.timelineP50SmallOverLarge}, search ${q.searchP50SmallOverLarge} (goal ≥ 0.8: ${goal(q.timelineP50SmallOverLarge >= 0.8 && q.searchP50SmallOverLarge >= 0.8)})`,
    ],
    [
      `n4. sweep of ${n(sw.sweep.count)} due among ${n(sw.pending)} pending`,
      `${n(sw.sweep.perSecond)}/s vs ${n(sw.withoutPending.perSecond)}/s with nothing else pending (leg d)`,
      `${q.sweepAmongPendingOverAlone} (goal ≥ 0.8: ${goal(q.sweepAmongPendingOverAlone >= 0.8)})`,
    ],
  );
  const g = L.g_ledgerExport;
  const m = L.m_auditCsvExport;
  const hi = L.h_ledgerImport;
  const i = L.i_reports;
  const j = L.j_responsibilityList;
  const k = L.k_auditVerify;
  const l = L.l_evidenceBundle;
  rows.push(
    [
      `g. ledger export (${n(g.export.rows)} cases, streamed .xlsx)`,
      `${n(g.export.rowsPerSecond)} rows/s (${g.export.seconds} s, ${round(g.export.bytes / 2 ** 20, 1)} MB) vs SQL read ${n(g.sqlRead.rowsPerSecond)} rows/s; peak RSS after ${round(g.peakRssMbAfter, 1)} MB`,
      `export/SQL ${q.exportRowsOverSqlRead}; RSS goal ≤ 300 MB: ${goal(g.peakRssMbAfter <= 300)}`,
    ],
    [
      `m. audit CSV export (${n(m.export.rows)} events of one person, streamed)`,
      `${n(m.export.rowsPerSecond)} rows/s (${m.export.seconds} s, ${round(m.export.bytes / 2 ** 20, 1)} MB) vs SQL read ${n(m.sqlRead.rowsPerSecond)} rows/s; peak RSS after ${round(m.peakRssMbAfter, 1)} MB`,
      `export/SQL ${q.auditCsvRowsOverSqlRead}; RSS goal ≤ 300 MB: ${goal(m.peakRssMbAfter <= 300)}`,
    ],
    [
      `h. ledger import (${r.settings.importFiles} × ${n(hi.median.rows)} rows, median)`,
      `${n(hi.median.rowsPerSecond)} rows/s (${hi.median.seconds} s, ${hi.median.fileMb} MB .xlsx) vs bare SQL insert ${n(hi.sqlInsert.rowsPerSecond)} rows/s; peak RSS after ${round(hi.peakRssMbAfter, 1)} MB`,
      `import/SQL ${q.importRowsOverSqlInsert}; goal 10,000 rows ≤ 30 s: ${goal(hi.median.seconds * (10_000 / hi.median.rows) <= 30)}`,
    ],
    [
      `i. monthly report, county (${n(i.data.cases)} + earlier cases, ${n(i.data.allEvents)} events)`,
      `p50 ${i.month.p50} ms, p95 ${i.month.p95} ms over ${i.month.requests}; year report p50 ${i.year.p50} ms, max ${i.year.max} ms`,
      `goal month p95 ≤ 500 ms: ${goal(i.month.p95 <= 500)}; year ≤ 2 s: ${goal(i.year.max <= 2000)}`,
    ],
    [
      `j. publish a year's list (${j.publish.departments} departments, ${n(j.publish.cases)} cases)`,
      `${j.publish.seconds} s (${n(j.publish.casesPerSecond)}/s) vs bare SQL insert ${j.sqlInsert.seconds} s; unchanged re-publish ${j.publish.republishSeconds} s; corrected (${j.publish.revised} revised) ${j.publish.reviseSeconds} s`,
      `${q.publishCasesOverSqlInsert} of bare insert speed (goal: publish ≤ 10 s: ${goal(j.publish.seconds <= 10)})`,
    ],
    [
      `k. verify the whole trail (${n(k.seed.events)} events, ${n(k.seed.cases)} cases, 1 checkpoint)`,
      `${n(k.verify.eventsPerSecond)} events/s (${k.verify.seconds} s, peak RSS ${k.verify.peakRssMb} MB) vs SQL read ${n(k.sqlRead.rowsPerSecond)} rows/s`,
      `verify/SQL ${q.verifyEventsOverSqlRead}; intact: ${k.verify.intact ? 'yes' : 'NO'}`,
    ],
    [
      `l. evidence bundle, one case on a ${n(k.seed.events)}-event log`,
      `${l.oneCase.seconds} s (${l.oneCase.megabytes} MB) vs SQL floor ${l.oneCase.sqlFloorSeconds} s (its events + every leaf); offline verify.mjs ${l.oneCase.verifySeconds} s`,
      `floor/bundle ${q.bundleOneCaseSqlFloorOverBundle}; verified: ${l.oneCase.verified ? 'yes' : 'NO'}`,
    ],
    [
      `l. evidence bundle, a unit's ${n(l.unit.cases)} cases (${n(l.unit.events)} events)`,
      `${l.unit.seconds} s (${n(l.unit.eventsPerSecond)} events/s, ${l.unit.megabytes} MB) vs SQL floor ${l.unit.sqlFloorSeconds} s; offline verify.mjs ${l.unit.verifySeconds} s; API peak RSS ${l.peakRssMb} MB`,
      `floor/bundle ${q.bundleUnitSqlFloorOverBundle}; verified: ${l.unit.verified ? 'yes' : 'NO'}; RSS goal ≤ 300 MB: ${goal(l.peakRssMb <= 300)}`,
    ],
  );
  return rows;
}

/** One line per run for bench/results/history.jsonl: when, where, and every ratio and headline figure. */
export function historyLine(r: BenchResults) {
  const { legs: L } = r;
  return {
    date: r.date,
    mode: r.mode,
    seconds: r.seconds,
    machine: r.machine,
    ratios: r.ratios,
    figures: {
      baselineTxPerSecond: round(L.a_baseline.perSecond, 0),
      engineTxPerSecond: round(L.b_engineHttp.perSecond, 0),
      engineTxPerSecondPerCore: round(L.b2_engineHttpPerCore.perSecond, 0),
      oneClientP50Ms: { engine: round(L.c_oneClient.engine.latency.p50, 2), baseline: round(L.c_oneClient.baseline.latency.p50, 2) },
      timelineP99Ms: round(L.e_auditReads.timeline1.latency.p99, 2),
      searchP99Ms: round(L.e_auditReads.search1.latency.p99, 2),
      peakRssMb: L.f_peakRssMb,
      ...(L.b_onSecondServer ? { secondServer: { database: L.b_onSecondServer.database, ratio: L.b_onSecondServer.ratio } } : {}),
    },
  };
}

const START = '<!-- bench-table:start (written by npm run bench from bench/results/latest.json; do not edit) -->';
const END = '<!-- bench-table:end -->';
const cell = (s: string) => s.replaceAll('|', '\\|');

/** The README with its benchmark table (between the markers) replaced by this run's. */
export function readmeTable(readme: string, r: BenchResults, rows: Row[]): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error('README.md has no benchmark table markers');
  const m = r.machine;
  const table = [
    START,
    `Measured ${r.date.slice(0, 10)}, ${r.mode} run (${r.seconds} s), ${m.cpu} × ${m.cores} (${m.memoryGb} GB), ${m.os}, Node.js ${m.node}, ${m.database};`,
    'load generator, API and database share the cores. Request logging was off (`LOG_LEVEL=error`).',
    '',
    '| leg | measured | verdict |',
    '|---|---|---|',
    ...rows.map(([leg, measured, verdict]) => `| ${cell(leg)} | ${cell(measured)} | ${cell(verdict)} |`),
    END,
  ].join('\n');
  return readme.slice(0, from) + table + readme.slice(to + END.length);
}
