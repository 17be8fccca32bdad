import autocannon from 'autocannon';
import { Client } from 'pg';
import { load } from './transitions';
import { Latency, percentiles } from './stats';

/**
 * Leg e's data: ~`total` audit events with a realistic spread (median 8 per case, one case in a
 * thousand with thousands), 200 actors, over a year, generated in the database.
 */
export async function seedAuditEvents(url: string, total: number, prefix = 'AR'): Promise<{ caseIds: string[]; actorIds: string[]; events: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const cases = Math.round(total / 10);
    await c.query(
      `INSERT INTO cases (code, kind, title, fields, unit_id, priority, state, state_detail, snapshot, machine_version,
                          version, chain_head, opened_by, opened_at, updated_at)
       SELECT $2 || '-' || i, 'rectification', '审计基准 ' || i, '{}', (SELECT id FROM units WHERE code = 'zjj'), 'normal',
              'rectifying', 'rectifying.inProgress', '{"value":{"rectifying":"inProgress"},"context":{}}', 1,
              CASE WHEN i % 1000 = 0 THEN 1000 + (i / 1000 % 2000) ELSE 4 + (i::bigint * 7919 % 9)::int END, '', 'bench',
              now() - interval '365 days' + (i % 360) * interval '1 day', now()
       FROM generate_series(1, $1) i`,
      [cases, prefix],
    );
    await c.query(
      `INSERT INTO case_events (case_id, seq, type, payload, from_state, to_state, actor_id, actor_role, actor_unit_id,
                                machine_version, correlation_id, at, prev_hash, hash, unit_id)
       SELECT c.id, s, (ARRAY['ASSIGN','ACCEPT','SUBMIT_REPORT','VERIFY_FAIL','REQUEST_EXTENSION','REJECT_EXTENSION'])[1 + s % 6],
              jsonb_build_object('comment', '第' || s || '次办理意见'), 'rectifying.inProgress', 'rectifying.inProgress',
              (md5('actor' || ((hashtext(c.code) + s) & 2147483647) % 200)::uuid)::text, 'unit_officer', c.unit_id, 1,
              'bench-' || s, c.opened_at + s * interval '37 minutes', md5(c.code || s) || md5(s || c.code),
              md5(s || c.code || 'h') || md5(c.code || 'h' || s), c.unit_id
       FROM cases c CROSS JOIN LATERAL generate_series(1, c.version) s
       WHERE c.code LIKE $1 || '-%'`,
      [prefix],
    );
    // As a table in steady use would be: vacuumed and analysed, not mid-autovacuum during the reads.
    await c.query('VACUUM (ANALYZE) cases');
    await c.query('VACUUM (ANALYZE) case_events');
    const { rows: sample } = await c.query<{ id: string }>(
      `(SELECT id FROM cases WHERE code LIKE $1 || '-%' ORDER BY random() LIMIT 2000)
       UNION ALL (SELECT id FROM cases WHERE code LIKE $1 || '-%' AND version >= 1000 LIMIT 20)`,
      [prefix],
    );
    const { rows: actors } = await c.query<{ id: string }>(`SELECT (md5('actor' || g)::uuid)::text AS id FROM generate_series(0, 199) g`);
    const { rows: count } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM case_events`);
    return { caseIds: sample.map((r) => r.id), actorIds: actors.map((r) => r.id), events: Number(count[0].n) };
  } finally {
    await c.end();
  }
}

export async function readLatency(
  url: string,
  token: string,
  paths: () => string,
  connections: number,
  seconds: number,
): Promise<{ latency: Latency; perSecond: number; errors: number }> {
  const latencies: number[] = [];
  const result = await load(
    {
      url,
      connections,
      duration: seconds,
      requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path: paths(), headers: { authorization: `Bearer ${token}` } }) }],
    } as autocannon.Options,
    latencies,
  );
  return { latency: percentiles(latencies), perSecond: latencies.length / seconds, errors: result.non2xx + result.errors + result.timeouts };
}
