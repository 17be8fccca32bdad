import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { chain, GENESIS_HASH, keyId, leafOf, signCheckpoint, TreeFrontier, verifierKey, type AuditRecord } from '@app/audit';
import { ROOT } from './server';
import { round } from './stats';

const EVENTS_PER_CASE = 10;
const BATCH = 10_000;
const ORIGIN = 'rectify.bench/audit';

/**
 * Leg k's data: `total` audit events whose chains, log leaves and signed checkpoint all hold, as
 * the engine would have written them (hashed here in the same code, inserted in batches), so
 * verification does all of its work and finds nothing.
 */
export async function seedVerifiableTrail(url: string, total: number): Promise<{ events: number; cases: number; seconds: number }> {
  const started = Date.now();
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const [{ id: unitId }] = (await c.query(`INSERT INTO units (code, name) VALUES ('bench', '基准单位') RETURNING id`)).rows;
    const cases = Math.ceil(total / EVENTS_PER_CASE);
    let frontier = TreeFrontier.empty();
    for (let first = 0; first < cases; first += BATCH / EVENTS_PER_CASE) {
      const ids = Array.from({ length: Math.min(BATCH / EVENTS_PER_CASE, cases - first) }, () => randomUUID());
      const events: (AuditRecord & { prevHash: string; hash: string })[] = [];
      const heads: string[] = [];
      for (const [n, id] of ids.entries()) {
        let prev = GENESIS_HASH;
        for (let seq = 1; seq <= EVENTS_PER_CASE; seq++) {
          const record = chain(prev, {
            caseId: id,
            seq,
            type: seq === 1 ? 'OPENED' : 'ACCEPT',
            payload: { comment: `第${seq}次办理意见`, n: first + n },
            fromState: seq === 1 ? null : 'rectifying.inProgress',
            toState: 'rectifying.inProgress',
            actorId: 'system',
            actorRole: 'system',
            actorUnitId: unitId,
            machineVersion: 1,
            correlationId: `bench-${seq}`,
            at: new Date(Date.UTC(2026, 0, 1) + (first + n) * 60_000 + seq * 1000).toISOString(),
          });
          events.push(record);
          prev = record.hash;
        }
        heads.push(prev);
      }
      await c.query(
        `INSERT INTO cases (id, code, kind, title, fields, unit_id, priority, state, state_detail, snapshot, machine_version,
                            version, chain_head, opened_by, opened_at, updated_at)
         SELECT id, 'VF-' || (n + $4::int), 'rectification', '验证基准', '{}', $2, 'normal', 'rectifying', 'rectifying.inProgress',
                '{"value":{"rectifying":"inProgress"},"context":{}}', 1, $5, head, 'bench', now(), now()
         FROM unnest($1::uuid[], $3::text[]) WITH ORDINALITY AS t(id, head, n)`,
        [ids, unitId, heads, first, EVENTS_PER_CASE],
      );
      const inserted = await c.query<{ id: string; case_id: string; seq: number }>(
        `INSERT INTO case_events (case_id, seq, type, payload, from_state, to_state, actor_id, actor_role, actor_unit_id,
                                  machine_version, correlation_id, at, prev_hash, hash, unit_id)
         SELECT case_id, seq, type, payload, from_state, to_state, 'system', 'system', $11, 1, correlation_id, at, prev_hash, hash, $11
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[])
              AS t(case_id, seq, type, payload, from_state, to_state, correlation_id, at, prev_hash, hash)
         RETURNING id::text, case_id::text, seq`,
        [
          events.map((e) => e.caseId),
          events.map((e) => e.seq),
          events.map((e) => e.type),
          events.map((e) => JSON.stringify(e.payload)),
          events.map((e) => e.fromState),
          events.map((e) => e.toState),
          events.map((e) => e.correlationId),
          events.map((e) => e.at),
          events.map((e) => e.prevHash),
          events.map((e) => e.hash),
          unitId,
        ],
      );
      const idOf = new Map(inserted.rows.map((r) => [`${r.case_id}/${r.seq}`, r.id]));
      const leaves = events.map((e) => leafOf({ chain: e.caseId, seq: e.seq, hash: e.hash }));
      await c.query(
        `INSERT INTO audit_log (log_index, stream, event_id, leaf_hash)
         SELECT $1::bigint + n - 1, 'case', ev, lh FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS t(ev, lh, n)`,
        [frontier.size, events.map((e) => idOf.get(`${e.caseId}/${e.seq}`)), leaves.map((l) => l.toString('hex'))],
      );
      for (const leaf of leaves) frontier = frontier.append(leaf);
    }
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = { name: ORIGIN, algorithm: 'ed25519' as const, privateKey, publicKey };
    const id = keyId(ORIGIN, 'ed25519', publicKey).toString('hex');
    await c.query(`INSERT INTO audit_signing_keys (key_id, name, algorithm, public_key, verifier_key) VALUES ($1, $2, 'ed25519', $3, $4)`, [
      id,
      ORIGIN,
      publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      verifierKey(signer),
    ]);
    const at = new Date();
    const note = signCheckpoint({ origin: ORIGIN, treeSize: frontier.size, rootHash: frontier.root(), at }, signer);
    await c.query(
      `INSERT INTO audit_checkpoints (tree_size, root_hash, hash_algorithm, at, key_id, note, frontier) VALUES ($1, $2, 'sha256', $3, $4, $5, $6)`,
      [frontier.size, frontier.root().toString('base64'), at, id, note, frontier.toHex()],
    );
    await c.query('VACUUM (ANALYZE) cases');
    await c.query('VACUUM (ANALYZE) case_events');
    await c.query('VACUUM (ANALYZE) audit_log');
    return { events: frontier.size, cases, seconds: round((Date.now() - started) / 1000, 1) };
  } finally {
    await c.end();
  }
}

/** `npm run audit:verify` on the database: every chain, the log and its checkpoint. */
export async function verifyTrail(url: string, events: number): Promise<{ seconds: number; eventsPerSecond: number; intact: boolean; peakRssMb: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/audit-verify.js')], {
    env: { PATH: process.env.PATH, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  let peakRssMb = 0;
  const sampler = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peakRssMb = Math.max(peakRssMb, kb / 1024);
    } catch {
      /* the process ended between samples */
    }
  }, 200);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`audit:verify exited ${code}: ${out}`);
  return { seconds: round(seconds, 1), eventsPerSecond: Math.round(events / seconds), intact: /INTACT/.test(out), peakRssMb: round(peakRssMb, 1) };
}

/** The floor: reading the same events over SQL, in chain order, with nothing computed. */
export async function sqlReadEvents(url: string): Promise<{ seconds: number; rowsPerSecond: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const started = Date.now();
    let rows = 0;
    for (let after = { caseId: '00000000-0000-0000-0000-000000000000', seq: 0 }; ; ) {
      const page = await c.query(`SELECT e.* FROM case_events e WHERE (e.case_id, e.seq) > ($1::uuid, $2) ORDER BY e.case_id, e.seq LIMIT 20000`, [
        after.caseId,
        after.seq,
      ]);
      rows += page.rowCount ?? 0;
      if ((page.rowCount ?? 0) < 20000) break;
      const last = page.rows[page.rows.length - 1];
      after = { caseId: last.case_id, seq: last.seq };
    }
    const seconds = (Date.now() - started) / 1000;
    return { seconds: round(seconds, 1), rowsPerSecond: Math.round(rows / seconds) };
  } finally {
    await c.end();
  }
}
