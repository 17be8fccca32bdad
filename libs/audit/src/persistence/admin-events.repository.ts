import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { runPrepared, type SqlQuery } from '@app/database';
import type { AdminChange, AdminTrail } from '@app/workflow';
import { ADMIN_CHAIN, type ChainedAdminRecord, chainAdmin } from '../domain/admin-chain';
import { GENESIS_HASH } from '../domain/hash-chain';

// Serialises writers of the admin chain ("RADM"): admin changes are rare, a chain has one tip.
const ADMIN_CHAIN_LOCK = 0x5241444d;

export interface AdminEventRow extends ChainedAdminRecord {
  id: string;
  chain: typeof ADMIN_CHAIN;
  actorName: string;
}

export interface AdminSearch {
  actorId?: string;
  /** Any of these (a display name several people share). */
  actorIds?: string[];
  type?: string;
  from?: Date;
  to?: Date;
  before?: { at: string; id: string };
  limit: number;
}

const COLUMNS = `a.id::text AS id, 'admin' AS chain, a.seq, a.type, a.subject_type AS "subjectType", a.subject_id AS "subjectId",
  a.before, a.after, a.actor_id AS "actorId", a.actor_role AS "actorRole", a.actor_unit_id AS "actorUnitId",
  a.correlation_id AS "correlationId", to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
  a.prev_hash AS "prevHash", a.hash,
  COALESCE(u.display_name, CASE WHEN a.actor_id = 'system' THEN '系统' ELSE a.actor_id END) AS "actorName"`;
const ACTOR_JOIN = `LEFT JOIN users u ON u.id = (CASE WHEN a.actor_id ~ '^[0-9a-f-]{36}$' THEN a.actor_id::uuid END)`;

export function adminSearchQuery(filter: AdminSearch): SqlQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.actorId) add('a.actor_id = ?', filter.actorId);
  if (filter.actorIds) add('a.actor_id = ANY(?::text[])', filter.actorIds);
  if (filter.type) add('a.type = ?', filter.type);
  if (filter.from) add('a.at >= ?', filter.from);
  if (filter.to) add('a.at < ?', filter.to);
  if (filter.before) {
    params.push(filter.before.at, filter.before.id);
    where.push(`(a.at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(filter.limit);
  return [
    `SELECT ${COLUMNS} FROM (SELECT * FROM admin_events a ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY a.at DESC, a.id DESC LIMIT $${params.length}) a ${ACTOR_JOIN} ORDER BY a.at DESC, a.id DESC`,
    params,
  ];
}

/** The admin chain: written inside the changing transaction, read by auditors. */
@Injectable()
export class AdminEventsRepository implements AdminTrail {
  constructor(private readonly dataSource: DataSource) {}

  async record(runner: QueryRunner, changes: readonly AdminChange[]): Promise<void> {
    if (!changes.length) return;
    await runner.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CHAIN_LOCK]);
    const [tip] = await runner.query(`SELECT seq, hash FROM admin_events ORDER BY seq DESC LIMIT 1`);
    let prev = { seq: tip?.seq ?? 0, hash: tip?.hash ?? GENESIS_HASH };
    const at = new Date().toISOString();
    // What is hashed must be what reads back from jsonb: plain JSON (dates as strings, no undefined).
    const plain = (value: Record<string, unknown> | null) => (value === null ? null : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>));
    for (const change of changes) {
      const record = chainAdmin(prev.hash, {
        seq: prev.seq + 1,
        type: change.type,
        subjectType: change.subject.type,
        subjectId: change.subject.id,
        before: plain(change.before),
        after: plain(change.after),
        actorId: change.actor.id,
        actorRole: change.actor.roles.includes('admin') ? 'admin' : (change.actor.roles[0] ?? 'system'),
        actorUnitId: change.actor.unitId,
        correlationId: change.correlationId,
        at,
      });
      await runner.query(
        `WITH a AS (
           INSERT INTO admin_events (seq, type, subject_type, subject_id, before, after, actor_id, actor_role, actor_unit_id,
                                     correlation_id, at, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
         ) INSERT INTO audit_pending (stream, event_id) SELECT 'admin', id FROM a`,
        [
          record.seq,
          record.type,
          record.subjectType,
          record.subjectId,
          record.before === null ? null : JSON.stringify(record.before),
          record.after === null ? null : JSON.stringify(record.after),
          record.actorId,
          record.actorRole,
          record.actorUnitId,
          record.correlationId,
          record.at,
          record.prevHash,
          record.hash,
        ],
      );
      prev = { seq: record.seq, hash: record.hash };
    }
  }

  search(filter: AdminSearch): Promise<AdminEventRow[]> {
    return runPrepared<AdminEventRow>(this.dataSource, adminSearchQuery(filter));
  }

  /** The chain in seq order after `afterSeq`, for verification. */
  run(afterSeq: number, limit: number): Promise<AdminEventRow[]> {
    return runPrepared<AdminEventRow>(this.dataSource, [
      `SELECT ${COLUMNS} FROM (SELECT * FROM admin_events WHERE seq > $1 ORDER BY seq LIMIT $2) a ${ACTOR_JOIN} ORDER BY a.seq`,
      [afterSeq, limit],
    ]);
  }
}
