import { Client } from 'pg';
import { round } from './stats';

/**
 * Leg i's data, shaped like a county's year: `cases` rectification items and 12345 orders (half
 * each) spread over 20 departments and the last 365 days, each with the events of one of these
 * lives — closed on time; reworked once; returned, re-assigned and extended; a work order signed
 * for late and 催办, its caller unsatisfied once — about 8 events a case.
 */
const LIVES = {
  rectification: [
    ['OPENED', 'ASSIGN', 'ACCEPT', 'SUBMIT_REPORT', 'VERIFY_PASS', 'APPROVE_CLOSURE'],
    ['OPENED', 'ASSIGN', 'ACCEPT', 'SUBMIT_REPORT', 'VERIFY_FAIL', 'SUBMIT_REPORT', 'VERIFY_PASS', 'APPROVE_CLOSURE'],
    ['OPENED', 'ASSIGN', 'RETURN', 'ASSIGN', 'ACCEPT', 'REQUEST_EXTENSION', 'APPROVE_EXTENSION', 'SUBMIT_REPORT', 'VERIFY_PASS', 'APPROVE_CLOSURE'],
  ],
  hotline: [
    ['OPENED', 'ASSIGN', 'ACCEPT', 'REPLY', 'CALLBACK'],
    ['OPENED', 'ASSIGN', 'SLA_BREACHED', 'ESCALATE', 'ACCEPT', 'REPLY', 'CALLBACK', 'REPLY', 'CALLBACK'],
    ['OPENED', 'ASSIGN', 'RETURN', 'ASSIGN', 'ACCEPT', 'REPLY', 'CALLBACK'],
  ],
};

const arrayLiteral = (lives: string[][]) => `ARRAY[${lives.map((l) => `ARRAY[${l.map((t) => `'${t}'`).join(',')}${',NULL'.repeat(10 - l.length)}]`).join(',')}]`;

export async function seedReportData(url: string, cases: number): Promise<{ cases: number; events: number; allEvents: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`INSERT INTO units (code, name, parent_id)
      SELECT 'bench-' || g, '基准部门' || g, (SELECT id FROM units WHERE code = 'county') FROM generate_series(1, 20) g ON CONFLICT DO NOTHING`);
    await c.query(
      `INSERT INTO cases (code, kind, title, fields, unit_id, priority, state, state_detail, snapshot, machine_version, version, chain_head, opened_by, opened_at, updated_at)
       SELECT 'RP-' || i, CASE WHEN i % 2 = 0 THEN 'rectification' ELSE 'hotline' END, '统计基准 ' || i,
              CASE WHEN i % 2 = 0 THEN jsonb_build_object('source', '自查', 'dueAt', to_char((now() - interval '365 days' + (i % 365) * interval '1 day' + interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                   ELSE '{}'::jsonb END,
              (SELECT id FROM units WHERE code = 'bench-' || (1 + i % 20)), 'normal', 'closed', 'closed', '{"value":"closed","context":{}}', 1, 1, '', 'bench',
              now() - interval '365 days' + (i % 365) * interval '1 day', now()
       FROM generate_series(1, $1) i`,
      [cases],
    );
    const { rowCount } = await c.query(
      `INSERT INTO case_events (case_id, seq, type, payload, from_state, to_state, actor_id, actor_role, actor_unit_id, machine_version, correlation_id, at, prev_hash, hash, unit_id)
       SELECT k.id, s.ord, s.type,
              CASE s.type WHEN 'ASSIGN' THEN jsonb_build_object('unitId', k.unit_id)
                          WHEN 'CALLBACK' THEN jsonb_build_object('satisfaction', (ARRAY['satisfied', 'basically_satisfied', 'unsatisfied'])[1 + (k.n + s.ord) % 3])
                          WHEN 'ESCALATE' THEN '{"level": 1}'::jsonb
                          ELSE '{}'::jsonb END,
              CASE s.type WHEN 'SLA_BREACHED' THEN 'assigned' ELSE 'rectifying.inProgress' END, 'rectifying.inProgress',
              'bench', 'unit_officer', k.unit_id, 1, 'bench-report', k.opened_at + s.ord * interval '9 hours', md5(k.id::text || s.ord), md5(s.ord || k.id::text), k.unit_id
       FROM (SELECT c.*, substr(c.code, 4)::int AS n FROM cases c WHERE c.code LIKE 'RP-%') k
       CROSS JOIN LATERAL unnest(CASE k.kind WHEN 'rectification' THEN (${arrayLiteral(LIVES.rectification)})[1 + k.n / 2 % 3 : 1 + k.n / 2 % 3]
                                              ELSE (${arrayLiteral(LIVES.hotline)})[1 + k.n / 2 % 3 : 1 + k.n / 2 % 3] END) WITH ORDINALITY AS s(type, ord)
       WHERE s.type IS NOT NULL`,
    );
    await c.query('VACUUM (ANALYZE) cases');
    await c.query('VACUUM (ANALYZE) case_events');
    const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM case_events`);
    return { cases, events: rowCount ?? 0, allEvents: Number(rows[0].n) };
  } finally {
    await c.end();
  }
}

/** Sequential requests for one report, each timed from request to the last byte. */
export async function reportLatency(apiUrl: string, token: string, path: () => string, requests: number) {
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(`${apiUrl}${path()}`, { headers: { Authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`report answered ${res.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)], 1);
  return { requests, p50: at(0.5), p95: at(0.95), max: round(times[times.length - 1], 1) };
}
