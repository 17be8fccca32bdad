import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { runPrepared, type SqlQuery } from '@app/database';
import { type CaseScope, caseScopeSql, type TopLevelState } from '@app/workflow';
import type { CaseRow, LockedCaseRow } from '../domain/case-row.type';

export const CASE_COLUMNS = `c.id, c.code, c.kind, c.title, c.fields, c.unit_id AS "unitId", c.assignee_id AS "assigneeId",
  c.priority, c.state, c.state_detail AS "stateDetail", c.snapshot, c.machine_version AS "machineVersion", c.version, c.chain_head AS "chainHead",
  c.due_at AS "dueAt", c.warn_at AS "warnAt", c.calendar_complete AS "calendarComplete",
  c.escalation_level AS "escalationLevel", c.rework_count AS "reworkCount", c.suspended,
  c.parent_case_id AS "parentCaseId", c.opened_by AS "openedBy", c.opened_at AS "openedAt",
  c.closed_at AS "closedAt", c.updated_at AS "updatedAt"`;

export interface CaseListFilter {
  kind?: string;
  state?: TopLevelState;
  stateDetail?: string;
  unitId?: string;
  assigneeId?: string;
  overdue?: boolean;
  escalationLevel?: number;
  suspended?: boolean;
  /** Any escalation level above 0. */
  escalated?: boolean;
  /** An extension request awaits a supervisor. */
  extensionPending?: boolean;
  /** Sent back at least once (验收不通过, 重办). */
  rework?: boolean;
  parentCaseId?: string;
  text?: string;
  /** Keyset: cases strictly after this (openedAt desc, id desc). */
  after?: { openedAt: string; id: string };
  limit: number;
}

/**
 * Locks cases in id order (so batches never deadlock). Only the case row is read: after waiting
 * for a lock, PostgreSQL re-reads the locked row but not other tables joined to it, so the
 * chain head lives on the row itself. `skipLocked` lets the sweeper pass over busy cases.
 */
export function lockCasesQuery(ids: readonly string[], scope: CaseScope, options: { skipLocked?: boolean } = {}): SqlQuery {
  const params: unknown[] = [ids];
  return [
    `SELECT ${CASE_COLUMNS} FROM cases c
     WHERE c.id = ANY($1::uuid[]) AND ${caseScopeSql(scope, 'c', params)}
     ORDER BY c.id
     FOR UPDATE OF c${options.skipLocked ? ' SKIP LOCKED' : ''}`,
    params,
  ];
}

/** The `u` part of a WITH clause: new states of locked cases, parameters numbered from `first`. */
export function updateCasesCte(rows: readonly (CaseRow & { expectedVersion: number })[], first: number): { cte: string; params: unknown[] } {
  const $ = (i: number) => `$${first + i - 1}`;
  const col = <K extends keyof CaseRow>(key: K) => rows.map((r) => r[key]);
  return {
    cte: `u AS (
       UPDATE cases AS c SET
         fields = v.fields, unit_id = v.unit_id, assignee_id = v.assignee_id, state = v.state,
         state_detail = v.state_detail, snapshot = v.snapshot, version = v.version, chain_head = v.chain_head, due_at = v.due_at,
         warn_at = v.warn_at, calendar_complete = v.calendar_complete, escalation_level = v.escalation_level,
         rework_count = v.rework_count, suspended = v.suspended, closed_at = v.closed_at, updated_at = v.updated_at
       FROM unnest(${$(1)}::uuid[], ${$(2)}::jsonb[], ${$(3)}::uuid[], ${$(4)}::uuid[], ${$(5)}::text[], ${$(6)}::text[],
                   ${$(7)}::jsonb[], ${$(8)}::int[], ${$(9)}::timestamptz[], ${$(10)}::timestamptz[], ${$(11)}::bool[],
                   ${$(12)}::smallint[], ${$(13)}::int[], ${$(14)}::bool[], ${$(15)}::timestamptz[], ${$(16)}::timestamptz[],
                   ${$(17)}::int[], ${$(18)}::text[])
         AS v(id, fields, unit_id, assignee_id, state, state_detail, snapshot, version, due_at, warn_at,
              calendar_complete, escalation_level, rework_count, suspended, closed_at, updated_at, expected_version, chain_head)
       WHERE c.id = v.id AND c.version = v.expected_version
       RETURNING c.id
     )`,
    params: [
      col('id'),
      rows.map((r) => JSON.stringify(r.fields)),
      col('unitId'),
      col('assigneeId'),
      col('state'),
      col('stateDetail'),
      rows.map((r) => JSON.stringify(r.snapshot)),
      col('version'),
      col('dueAt'),
      col('warnAt'),
      col('calendarComplete'),
      col('escalationLevel'),
      col('reworkCount'),
      col('suspended'),
      col('closedAt'),
      col('updatedAt'),
      rows.map((r) => r.expectedVersion),
      col('chainHead'),
    ],
  };
}

function listConditions(scope: CaseScope, filter: Omit<CaseListFilter, 'after' | 'limit'>, params: unknown[]): string[] {
  const where = [caseScopeSql(scope, 'c', params)];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (filter.kind) add('c.kind = ?', filter.kind);
  if (filter.state) add('c.state = ?', filter.state);
  if (filter.stateDetail) add('c.state_detail = ?', filter.stateDetail);
  if (filter.unitId) add('c.unit_id = ?', filter.unitId);
  if (filter.assigneeId) add('c.assignee_id = ?', filter.assigneeId);
  if (filter.escalationLevel !== undefined) add('c.escalation_level = ?', filter.escalationLevel);
  if (filter.suspended !== undefined) add('c.suspended = ?', filter.suspended);
  if (filter.parentCaseId) add('c.parent_case_id = ?', filter.parentCaseId);
  if (filter.overdue === true) where.push(`c.state <> 'closed' AND c.due_at IS NOT NULL AND c.due_at < now()`);
  if (filter.overdue === false) where.push(`(c.state = 'closed' OR c.due_at IS NULL OR c.due_at >= now())`);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    add(`(c.code ILIKE ? OR c.title ILIKE ?)`, pattern);
  }
  if (filter.escalated === true) where.push('c.escalation_level > 0');
  if (filter.escalated === false) where.push('c.escalation_level = 0');
  if (filter.extensionPending === true) where.push(`c.snapshot #> '{context,extension}' <> 'null'::jsonb`);
  if (filter.extensionPending === false) where.push(`(c.snapshot #> '{context,extension}' IS NULL OR c.snapshot #> '{context,extension}' = 'null'::jsonb)`);
  if (filter.rework === true) where.push('c.rework_count > 0');
  if (filter.rework === false) where.push('c.rework_count = 0');
  return where;
}

/** Every read takes the caller's scope: a case outside it does not exist for them. */
@Injectable()
export class CaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findVisible(scope: CaseScope, id: string): Promise<CaseRow | null> {
    const params: unknown[] = [id];
    const rows = await runPrepared<CaseRow>(this.dataSource, [`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 AND ${caseScopeSql(scope, 'c', params)}`, params]);
    return rows[0] ?? null;
  }

  async list(scope: CaseScope, filter: CaseListFilter): Promise<CaseRow[]> {
    const params: unknown[] = [];
    const where = listConditions(scope, filter, params);
    if (filter.after) {
      params.push(filter.after.openedAt, filter.after.id);
      where.push(`(c.opened_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit);
    return runPrepared<CaseRow>(this.dataSource, [
      `SELECT ${CASE_COLUMNS} FROM cases c WHERE ${where.join(' AND ')}
       ORDER BY c.opened_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    ]);
  }

  async count(scope: CaseScope, filter: Omit<CaseListFilter, 'after' | 'limit'>): Promise<number> {
    const params: unknown[] = [];
    const where = listConditions(scope, filter, params);
    const [row] = await runPrepared<{ n: number }>(this.dataSource, [`SELECT count(*)::int AS n FROM cases c WHERE ${where.join(' AND ')}`, params]);
    return row.n;
  }

  /** Cases opened because of this one (e.g. the accountability case of an escalation). */
  linked(scope: CaseScope, parentId: string): Promise<Pick<CaseRow, 'id' | 'code' | 'kind' | 'title' | 'state' | 'stateDetail'>[]> {
    const params: unknown[] = [parentId];
    return this.dataSource.query(
      `SELECT c.id, c.code, c.kind, c.title, c.state, c.state_detail AS "stateDetail" FROM cases c
       WHERE c.parent_case_id = $1 AND ${caseScopeSql(scope, 'c', params)} ORDER BY c.opened_at`,
      params,
    );
  }

  lockForUpdate(runner: QueryRunner, ids: readonly string[], scope: CaseScope, options: { skipLocked?: boolean } = {}): Promise<LockedCaseRow[]> {
    return runPrepared<LockedCaseRow>(runner, lockCasesQuery(ids, scope, options));
  }

  async nextSequence(runner: QueryRunner, kind: string, year: number): Promise<number> {
    const [row]: { last_value: number }[] = await runner.query(
      `INSERT INTO case_code_counters (kind, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (kind, year) DO UPDATE SET last_value = case_code_counters.last_value + 1
       RETURNING last_value`,
      [kind, year],
    );
    return row.last_value;
  }

  async insert(runner: QueryRunner, row: CaseRow): Promise<void> {
    await runner.query(
      `INSERT INTO cases (id, code, kind, title, fields, unit_id, assignee_id, priority, state, state_detail, snapshot,
         machine_version, version, chain_head, due_at, warn_at, calendar_complete, escalation_level, rework_count,
         suspended, parent_case_id, opened_by, opened_at, closed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
      [
        row.id, row.code, row.kind, row.title, JSON.stringify(row.fields), row.unitId, row.assigneeId, row.priority,
        row.state, row.stateDetail, JSON.stringify(row.snapshot), row.machineVersion, row.version, row.chainHead,
        row.dueAt, row.warnAt, row.calendarComplete, row.escalationLevel, row.reworkCount, row.suspended,
        row.parentCaseId, row.openedBy, row.openedAt, row.closedAt, row.updatedAt,
      ],
    );
  }
}
