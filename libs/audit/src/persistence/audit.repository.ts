import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { runPrepared, type SqlQuery } from '@app/database';
import { type CaseScope, caseScopeSql } from '@app/workflow';
import type { ChainedRecord } from '../domain/hash-chain';

export interface AuditEventRow extends ChainedRecord {
  id: string;
  /** Display name of the actor (not covered by the hash; people can be renamed). */
  actorName: string;
  actorUsername: string | null;
  caseCode: string;
  caseKind: string;
}

export interface AuditSearch {
  caseId?: string;
  actorId?: string;
  /** Any of these (a display name several people share). */
  actorIds?: string[];
  unitId?: string;
  type?: string;
  from?: Date;
  to?: Date;
  /** Keyset: events strictly older than this (at, id). */
  before?: { at: string; id: string };
  limit: number;
}

const COLUMNS = `e.id::text AS id, e.case_id AS "caseId", e.seq, e.type, e.payload, e.from_state AS "fromState",
  e.to_state AS "toState", e.actor_id AS "actorId", e.actor_role AS "actorRole", e.actor_unit_id AS "actorUnitId",
  e.machine_version AS "machineVersion", e.correlation_id AS "correlationId",
  to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, e.prev_hash AS "prevHash", e.hash,
  COALESCE(u.display_name, CASE WHEN e.actor_id = 'system' THEN '系统' ELSE e.actor_id END) AS "actorName", u.username AS "actorUsername",
  k.code AS "caseCode", k.kind AS "caseKind"`;

/** Names for display, joined after the LIMIT so the index still decides which rows are read. */
const ACTOR_JOIN = `LEFT JOIN users u ON u.id = (CASE WHEN e.actor_id = 'system' THEN NULL ELSE e.actor_id::uuid END)
  JOIN cases k ON k.id = e.case_id`;

/** One case's events after `afterSeq`, in seq order; no rows when the case is outside `scope`. */
export function timelineQuery(scope: CaseScope, caseId: string, afterSeq: number, limit: number): SqlQuery {
  const params: unknown[] = [caseId, afterSeq, limit];
  const visible = caseScopeSql(scope, 'k', params);
  return [
    `SELECT ${COLUMNS} FROM (SELECT * FROM case_events WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) e
     ${ACTOR_JOIN} AND ${visible} ORDER BY e.seq`,
    params,
  ];
}

export function searchQuery(scope: CaseScope, filter: AuditSearch): SqlQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.caseId) add('e.case_id = ?', filter.caseId);
  if (filter.actorId) add('e.actor_id = ?', filter.actorId);
  if (filter.actorIds) add('e.actor_id = ANY(?::text[])', filter.actorIds);
  if (filter.unitId) add('e.actor_unit_id = ?', filter.unitId);
  if (filter.type) add('e.type = ?', filter.type);
  if (filter.from) add('e.at >= ?', filter.from);
  if (filter.to) add('e.at < ?', filter.to);
  if (filter.before) {
    params.push(filter.before.at, filter.before.id);
    where.push(`(e.at, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  if (!scope.all) where.push(`e.case_id IN (SELECT k.id FROM cases k WHERE ${caseScopeSql(scope, 'k', params)})`);
  params.push(filter.limit);
  return [
    `SELECT ${COLUMNS} FROM (
       SELECT * FROM case_events e ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY e.at DESC, e.id DESC LIMIT $${params.length}
     ) e ${ACTOR_JOIN} ORDER BY e.at DESC, e.id DESC`,
    params,
  ];
}

/** The events of the cases in `scope`, in (case, seq) order after a keyset position: whole-trail verification. */
export function chainStreamQuery(scope: CaseScope, after: { caseId: string; seq: number }, limit: number): SqlQuery {
  const params: unknown[] = [after.caseId, after.seq, limit];
  const visible = caseScopeSql(scope, 'k', params);
  return [
    `SELECT e.case_id AS "caseId", e.seq, e.type, e.payload, e.from_state AS "fromState", e.to_state AS "toState",
            e.actor_id AS "actorId", e.actor_role AS "actorRole", e.actor_unit_id AS "actorUnitId",
            e.machine_version AS "machineVersion", e.correlation_id AS "correlationId",
            to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, e.prev_hash AS "prevHash", e.hash
     FROM case_events e JOIN cases k ON k.id = e.case_id
     WHERE (e.case_id, e.seq) > ($1::uuid, $2) AND ${visible}
     ORDER BY e.case_id, e.seq LIMIT $3`,
    params,
  ];
}

/** Reads of the audit trail; every query takes the caller's case scope. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  timeline(scope: CaseScope, caseId: string, afterSeq: number, limit: number): Promise<AuditEventRow[]> {
    return runPrepared<AuditEventRow>(this.dataSource, timelineQuery(scope, caseId, afterSeq, limit));
  }

  chainStream(scope: CaseScope, after: { caseId: string; seq: number }, limit: number): Promise<ChainedRecord[]> {
    return runPrepared<ChainedRecord>(this.dataSource, chainStreamQuery(scope, after, limit));
  }

  /** The last event of each case (the ledger's 最近进展), for the cases among `caseIds` within `scope`. */
  async latestEvents(scope: CaseScope, caseIds: readonly string[]): Promise<Map<string, { type: string; at: string }>> {
    if (!caseIds.length) return new Map();
    const params: unknown[] = [caseIds];
    const rows = await runPrepared<{ caseId: string; type: string; at: string }>(this.dataSource, [
      `SELECT DISTINCT ON (e.case_id) e.case_id AS "caseId", e.type, to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS') AS at
       FROM case_events e JOIN cases k ON k.id = e.case_id
       WHERE e.case_id = ANY($1::uuid[]) AND ${caseScopeSql(scope, 'k', params)} ORDER BY e.case_id, e.seq DESC`,
      params,
    ]);
    return new Map(rows.map((r) => [r.caseId, { type: r.type, at: r.at }]));
  }

  /**
   * The whole chains of `caseIds` within `scope`, in (case, seq) order, each event with its place in
   * the global log (null while still queued): what an evidence bundle holds.
   */
  bundleEvents(runner: QueryRunner, scope: CaseScope, caseIds: readonly string[]): Promise<(ChainedRecord & { caseCode: string; logIndex: number | null })[]> {
    const params: unknown[] = [caseIds];
    return runPrepared(runner, [
      `SELECT e.case_id AS "caseId", k.code AS "caseCode", e.seq, e.type, e.payload, e.from_state AS "fromState", e.to_state AS "toState",
              e.actor_id AS "actorId", e.actor_role AS "actorRole", e.actor_unit_id AS "actorUnitId",
              e.machine_version AS "machineVersion", e.correlation_id AS "correlationId",
              to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, e.prev_hash AS "prevHash", e.hash,
              l.log_index::float8 AS "logIndex"
       FROM case_events e JOIN cases k ON k.id = e.case_id
       LEFT JOIN audit_log l ON l.stream = 'case' AND l.event_id = e.id
       WHERE e.case_id = ANY($1::uuid[]) AND ${caseScopeSql(scope, 'k', params)}
       ORDER BY k.code, e.seq`,
      params,
    ]);
  }

  search(scope: CaseScope, filter: AuditSearch): Promise<AuditEventRow[]> {
    return runPrepared<AuditEventRow>(this.dataSource, searchQuery(scope, filter));
  }
}
