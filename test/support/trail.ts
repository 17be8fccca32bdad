import { Client } from 'pg';
// The domain file only (no NestJS): the same hash the server computes.
import { type AuditRecord, chain, chainHash, GENESIS_HASH } from '../../libs/audit/src/domain/hash-chain';

/** Runs SQL and returns the rows: a TypeORM DataSource's query, or a pg Client wrapped by sqlOf(). */
export type Sql = (text: string, params?: unknown[]) => Promise<any[]>;

export const sqlOf = (client: Client): Sql => async (text, params) => (await client.query(text, params as unknown[])).rows;

export async function connect(url: string): Promise<{ sql: Sql; close: () => Promise<void> }> {
  const client = new Client({ connectionString: url, application_name: 'rectify-reliability' });
  await client.connect();
  return { sql: sqlOf(client), close: () => client.end() };
}

interface EventRow {
  case_id: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_role: string;
  actor_unit_id: string | null;
  machine_version: number;
  correlation_id: string;
  at: string;
  prev_hash: string;
  hash: string;
  outbox_rows: number;
}

/**
 * Everything that must hold for every case after any mix of requests, crashes and outages:
 * seq is 1..n without gaps, version = n, chain_head = hash of event n, every hash recomputes
 * from its row (sha256 chain), and every event has exactly one outbox row.
 * Returns one line per problem (empty when all is well).
 */
export async function trailProblems(sql: Sql, caseIds?: readonly string[]): Promise<string[]> {
  const cases: { id: string; version: number; chain_head: string }[] = await sql(
    `SELECT id, version, chain_head FROM cases ${caseIds ? 'WHERE id = ANY($1::uuid[])' : ''} ORDER BY id`,
    caseIds ? [caseIds] : [],
  );
  if (caseIds && cases.length !== new Set(caseIds).size) return [`expected ${new Set(caseIds).size} cases, found ${cases.length}`];
  const events: EventRow[] = await sql(
    `SELECT e.case_id, e.seq, e.type, e.payload, e.from_state, e.to_state, e.actor_id, e.actor_role, e.actor_unit_id,
            e.machine_version, e.correlation_id,
            to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, e.prev_hash, e.hash,
            (SELECT count(*) FROM outbox o WHERE o.event_id = e.id)::int AS outbox_rows
     FROM case_events e WHERE e.case_id = ANY($1::uuid[]) ORDER BY e.case_id, e.seq`,
    [cases.map((c) => c.id)],
  );
  const byCase = new Map<string, EventRow[]>();
  for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
  const problems: string[] = [];
  for (const c of cases) {
    const trail = byCase.get(c.id) ?? [];
    const seqs = trail.map((e) => e.seq);
    if (seqs.some((s, i) => s !== i + 1)) problems.push(`case ${c.id}: seq is not 1..${seqs.length} without gaps: ${seqs.join(',')}`);
    if (c.version !== trail.length) problems.push(`case ${c.id}: version ${c.version} but ${trail.length} audit events`);
    if (trail.length && c.chain_head !== trail[trail.length - 1].hash) problems.push(`case ${c.id}: chain_head is not the hash of the last event`);
    let prev = GENESIS_HASH;
    for (const e of trail) {
      const recomputed = chainHash(e.prev_hash, {
        caseId: e.case_id,
        seq: e.seq,
        type: e.type,
        payload: e.payload,
        fromState: e.from_state,
        toState: e.to_state,
        actorId: e.actor_id,
        actorRole: e.actor_role,
        actorUnitId: e.actor_unit_id,
        machineVersion: e.machine_version,
        correlationId: e.correlation_id,
        at: e.at,
      });
      if (e.prev_hash !== prev || recomputed !== e.hash) {
        problems.push(`case ${c.id}: hash chain broken at seq ${e.seq}`);
        break;
      }
      prev = e.hash;
    }
    const badOutbox = trail.filter((e) => e.outbox_rows !== 1);
    if (badOutbox.length) problems.push(`case ${c.id}: events without exactly one outbox row at seq ${badOutbox.map((e) => `${e.seq}(${e.outbox_rows})`).join(',')}`);
  }
  return problems;
}

export interface EventRef {
  caseId: string;
  seq: number;
  type: string;
  actorId: string;
}

/** The audit events carrying each correlation id (X-Request-Id of the request that caused them). */
export async function eventsByCorrelation(sql: Sql, correlationIds: readonly string[]): Promise<Map<string, EventRef[]>> {
  const rows: { correlation_id: string; case_id: string; seq: number; type: string; actor_id: string }[] = await sql(
    `SELECT correlation_id, case_id, seq, type, actor_id FROM case_events WHERE correlation_id = ANY($1::text[]) ORDER BY id`,
    [correlationIds],
  );
  const map = new Map<string, EventRef[]>();
  for (const r of rows) {
    map.set(r.correlation_id, [...(map.get(r.correlation_id) ?? []), { caseId: r.case_id, seq: r.seq, type: r.type, actorId: r.actor_id }]);
  }
  return map;
}

/**
 * What "nothing changed" means: row counts of every table a request could write, and digests of
 * the rows people and cases are made of (a no-op update that touches updated_at shows too).
 */
export async function dbSnapshot(sql: Sql): Promise<Record<string, string | number>> {
  const [row] = await sql(`
    SELECT (SELECT count(*) FROM cases)::int AS cases,
           (SELECT count(*) FROM case_events)::int AS case_events,
           (SELECT count(*) FROM outbox)::int AS outbox,
           (SELECT count(*) FROM users)::int AS users,
           (SELECT count(*) FROM units)::int AS units,
           (SELECT count(*) FROM sla_policies)::int AS sla_policies,
           (SELECT count(*) FROM calendar_years)::int AS calendar_years,
           (SELECT count(*) FROM case_timers)::int AS case_timers,
           (SELECT count(*) FROM idempotency_keys)::int AS idempotency_keys,
           (SELECT coalesce(sum(version), 0) FROM cases)::int AS case_versions,
           (SELECT md5(coalesce(string_agg(c::text, '|' ORDER BY c.id), '')) FROM cases c) AS cases_digest,
           (SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) FROM users u) AS users_digest,
           (SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) FROM units u) AS units_digest,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM case_timers t) AS timers_digest,
           (SELECT md5(coalesce(string_agg(y::text, '|' ORDER BY y.year), '')) FROM calendar_years y) AS calendar_digest`);
  return row;
}

/** The fields of two snapshots that differ, for a readable failure message. */
export function snapshotDiff(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(before)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${String(before[k])} → ${String(after[k])}`);
}

/** Recomputes a case's chain from seq 1 after `change`, as someone who knows the public algorithm. */
export async function rewriteChain(sql: Sql, id: string, change: (row: AuditRecord) => void): Promise<string> {
  const rows: AuditRecord[] = await sql(
    `SELECT case_id AS "caseId", seq, type, payload, from_state AS "fromState", to_state AS "toState", actor_id AS "actorId",
            actor_role AS "actorRole", actor_unit_id AS "actorUnitId", machine_version AS "machineVersion",
            correlation_id AS "correlationId", to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
     FROM case_events WHERE case_id = $1 ORDER BY seq`,
    [id],
  );
  let prev = GENESIS_HASH;
  for (const row of rows) {
    change(row);
    const rehashed = chain(prev, row);
    await sql(`UPDATE case_events SET payload = $3, prev_hash = $4, hash = $5 WHERE case_id = $1 AND seq = $2`, [id, row.seq, rehashed.payload, rehashed.prevHash, rehashed.hash]);
    prev = rehashed.hash;
  }
  return prev;
}

