import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { runPrepared } from '@app/database';

// Serialises sequencers and checkpoint writers across processes ("RLOG").
const LOG_LOCK_KEY = 0x524c4f47;

/** An event waiting for its place in the log, with what its leaf commits to. */
export interface PendingEntry {
  pendingId: string;
  stream: 'case' | 'admin';
  eventId: string;
  chain: string;
  seq: number;
  hash: string;
}

/** A log entry with the event it points at as it is stored now (null fields: the event is gone). */
export interface StoredLeaf {
  logIndex: number;
  stream: 'case' | 'admin';
  leafHash: string;
  chain: string | null;
  seq: number | null;
  hash: string | null;
}

export interface StoredCheckpoint {
  id: string;
  treeSize: number;
  rootHash: string;
  hashAlgorithm: 'sha256' | 'sm3';
  at: string;
  keyId: string;
  note: string;
  frontier: string[];
}

export interface StoredKey {
  keyId: string;
  name: string;
  algorithm: 'ed25519' | 'sm2';
  publicKey: string;
  verifierKey: string;
  firstUsedAt: string;
}

const CHECKPOINT_COLUMNS = `id::text, tree_size::float8 AS "treeSize", root_hash AS "rootHash", hash_algorithm AS "hashAlgorithm",
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, key_id AS "keyId", note, frontier`;

/** The global log's tables: the queue, the sequenced leaves, signed checkpoints and their keys. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  lock(runner: QueryRunner): Promise<unknown> {
    return runner.query('SELECT pg_advisory_xact_lock($1)', [LOG_LOCK_KEY]);
  }

  /** The oldest queued events that still exist, in queue order. */
  pending(runner: QueryRunner, limit: number): Promise<PendingEntry[]> {
    return runPrepared<PendingEntry>(runner, [
      `SELECT p.id::text AS "pendingId", p.stream, p.event_id::text AS "eventId",
              COALESCE(e.case_id::text, 'admin') AS chain, COALESCE(e.seq, a.seq) AS seq, COALESCE(e.hash, a.hash) AS hash
       FROM audit_pending p
       LEFT JOIN case_events e ON p.stream = 'case' AND e.id = p.event_id
       LEFT JOIN admin_events a ON p.stream = 'admin' AND a.id = p.event_id
       WHERE e.id IS NOT NULL OR a.id IS NOT NULL
       ORDER BY p.id LIMIT $1`,
      [limit],
    ]);
  }

  async size(runner: QueryRunner | DataSource = this.dataSource): Promise<number> {
    const [row] = await runPrepared<{ size: number }>(runner, [`SELECT COALESCE(max(log_index) + 1, 0)::float8 AS size FROM audit_log`, []]);
    return row.size;
  }

  async append(runner: QueryRunner, first: number, entries: readonly PendingEntry[], leafHashes: readonly string[]): Promise<void> {
    await runner.query(
      `INSERT INTO audit_log (log_index, stream, event_id, leaf_hash)
       SELECT $1::bigint + n - 1, s, ev, lh FROM unnest($2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS t(s, ev, lh, n)`,
      [first, entries.map((e) => e.stream), entries.map((e) => e.eventId), leafHashes],
    );
    await runner.query(`DELETE FROM audit_pending WHERE id = ANY($1::bigint[])`, [entries.map((e) => e.pendingId)]);
  }

  /** Leaves from `fromIndex` in order, joined with their events as stored now. */
  leaves(fromIndex: number, limit: number, runner: QueryRunner | DataSource = this.dataSource): Promise<StoredLeaf[]> {
    return runPrepared<StoredLeaf>(runner, [
      `SELECT l.log_index::float8 AS "logIndex", l.stream, l.leaf_hash AS "leafHash",
              COALESCE(e.case_id::text, CASE WHEN a.id IS NOT NULL THEN 'admin' END) AS chain,
              COALESCE(e.seq, a.seq) AS seq, COALESCE(e.hash, a.hash) AS hash
       FROM audit_log l
       LEFT JOIN case_events e ON l.stream = 'case' AND e.id = l.event_id
       LEFT JOIN admin_events a ON l.stream = 'admin' AND a.id = l.event_id
       WHERE l.log_index >= $1 ORDER BY l.log_index LIMIT $2`,
      [fromIndex, limit],
    ]);
  }

  /** Leaf hashes from `fromIndex` in order, as stored (no join): the tree an inclusion proof climbs. */
  leafHashes(runner: QueryRunner, fromIndex: number, limit: number): Promise<{ logIndex: number; leafHash: string }[]> {
    return runPrepared(runner, [
      `SELECT log_index::float8 AS "logIndex", leaf_hash AS "leafHash" FROM audit_log WHERE log_index >= $1 ORDER BY log_index LIMIT $2`,
      [fromIndex, limit],
    ]);
  }

  /** The logged leaves of one case's events, with the events as stored now. */
  leavesOfCase(caseId: string): Promise<StoredLeaf[]> {
    return runPrepared<StoredLeaf>(this.dataSource, [
      `SELECT l.log_index::float8 AS "logIndex", l.stream, l.leaf_hash AS "leafHash", e.case_id::text AS chain, e.seq, e.hash
       FROM case_events e JOIN audit_log l ON l.stream = 'case' AND l.event_id = e.id
       WHERE e.case_id = $1 ORDER BY e.seq`,
      [caseId],
    ]);
  }

  /**
   * Events that can never join the log — neither logged nor queued (their queue row was deleted,
   * or they were inserted without one: each event is queued in the statement that writes it) —
   * and queue rows whose event is gone.
   */
  async unlogged(): Promise<{ events: number; queuedGone: number }> {
    const [row] = await runPrepared<{ events: number; queuedGone: number }>(this.dataSource, [
      `SELECT (SELECT count(*) FROM case_events e
                WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.stream = 'case' AND l.event_id = e.id)
                  AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.stream = 'case' AND p.event_id = e.id))::int
            + (SELECT count(*) FROM admin_events a
                WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.stream = 'admin' AND l.event_id = a.id)
                  AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.stream = 'admin' AND p.event_id = a.id))::int AS events,
              (SELECT count(*) FROM audit_pending p WHERE
                 NOT EXISTS (SELECT 1 FROM case_events e WHERE p.stream = 'case' AND e.id = p.event_id)
                 AND NOT EXISTS (SELECT 1 FROM admin_events a WHERE p.stream = 'admin' AND a.id = p.event_id))::int AS "queuedGone"`,
      [],
    ]);
    return row;
  }

  async latestCheckpoint(runner: QueryRunner | DataSource = this.dataSource): Promise<StoredCheckpoint | null> {
    const rows = await runPrepared<StoredCheckpoint>(runner, [`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY tree_size DESC, id DESC LIMIT 1`, []]);
    return rows[0] ?? null;
  }

  /** Newest first; `beforeId` pages. */
  checkpoints(limit: number, beforeId?: string): Promise<StoredCheckpoint[]> {
    return runPrepared<StoredCheckpoint>(this.dataSource, [
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
      [beforeId ?? null, limit],
    ]);
  }

  /** Every checkpoint in tree order, for verification. */
  allCheckpoints(): Promise<StoredCheckpoint[]> {
    return runPrepared<StoredCheckpoint>(this.dataSource, [`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY tree_size, id`, []]);
  }

  async insertCheckpoint(runner: QueryRunner, c: Omit<StoredCheckpoint, 'id'>): Promise<string> {
    const [row] = await runner.query(
      `INSERT INTO audit_checkpoints (tree_size, root_hash, hash_algorithm, at, key_id, note, frontier)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
      [c.treeSize, c.rootHash, c.hashAlgorithm, c.at, c.keyId, c.note, c.frontier],
    );
    return row.id;
  }

  async ensureKey(runner: QueryRunner, key: Omit<StoredKey, 'firstUsedAt'>): Promise<void> {
    await runner.query(
      `INSERT INTO audit_signing_keys (key_id, name, algorithm, public_key, verifier_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_id) DO NOTHING`,
      [key.keyId, key.name, key.algorithm, key.publicKey, key.verifierKey],
    );
  }

  keys(): Promise<StoredKey[]> {
    return runPrepared<StoredKey>(this.dataSource, [
      `SELECT key_id AS "keyId", name, algorithm, public_key AS "publicKey", verifier_key AS "verifierKey",
              to_char(first_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "firstUsedAt"
       FROM audit_signing_keys ORDER BY first_used_at, key_id`,
      [],
    ]);
  }

}
