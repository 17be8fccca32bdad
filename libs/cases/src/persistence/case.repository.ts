import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { AuditedCases, BundleCase, CaseHead } from '@app/audit';
import { runPrepared, type SqlQuery } from '@app/database';
import { type CaseScope, caseScopeSql, type TopLevelState } from '@app/workflow';
import type { CallerData } from '../domain/caller-data';
import type { CaseRow, LockedCaseRow } from '../domain/case-row.type';
import { CASE_COLUMNS, insertCaseSql, insertCasesSql } from './case-columns';

/** One case, or a unit's cases active in a period. */
export type BundleSelection = { caseId: string } | { unitId: string; from?: Date; to?: Date };

export type BundleCaseRow = BundleCase;

export interface CaseListFilter {
  kind?: string;
  state?: TopLevelState;
  stateDetail?: string;
  unitId?: string;
  assigneeId?: string;
  overdue?: boolean;
  escalationLevel?: number;
  maxEscalationLevel?: number;
  suspended?: boolean;
  /** Any escalation level above 0, or an open 问责 about the case. */
  escalated?: boolean;
  /** An accountability case about it is open (visible only to those who may see accountability cases). */
  openAccountability?: boolean;
  /** An extension request awaits a supervisor. */
  extensionPending?: boolean;
  /** Sent back at least once (验收不通过, 重办). */
  rework?: boolean;
  /** Returned by the unit (退回) and waiting to be given out again. */
  returned?: boolean;
  parentCaseId?: string;
  text?: string;
  /** Only cases a subquery yields (the cases behind a report's figure); it pushes its own parameters. */
  within?: (params: unknown[]) => string;
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
  if (filter.maxEscalationLevel !== undefined) add('c.max_escalation_level = ?', filter.maxEscalationLevel);
  // Accountability cases are outside every unit scope (UNIT_HIDDEN_KINDS): for a unit there is none.
  const openAccountability = () =>
    scope.all ? `EXISTS (SELECT 1 FROM cases a WHERE a.parent_case_id = c.id AND a.kind = 'accountability' AND a.state <> 'closed')` : 'FALSE';
  if (filter.escalated === true) where.push(`(c.escalation_level > 0 OR ${openAccountability()})`);
  if (filter.escalated === false) where.push(`(c.escalation_level = 0 AND NOT ${openAccountability()})`);
  if (filter.openAccountability === true) where.push(openAccountability());
  if (filter.openAccountability === false) where.push(`NOT ${openAccountability()}`);
  if (filter.extensionPending === true) where.push(`c.snapshot #> '{context,extension}' <> 'null'::jsonb`);
  if (filter.extensionPending === false) where.push(`(c.snapshot #> '{context,extension}' IS NULL OR c.snapshot #> '{context,extension}' = 'null'::jsonb)`);
  const returned = `c.state = 'opened' AND COALESCE((c.snapshot #>> '{context,returnCount}')::int, 0) > 0`;
  if (filter.returned === true) where.push(`(${returned})`);
  if (filter.returned === false) where.push(`NOT (${returned})`);
  if (filter.rework === true) where.push('c.rework_count > 0');
  if (filter.rework === false) where.push('c.rework_count = 0');
  if (filter.within) where.push(`c.id IN (${filter.within(params)})`);
  return where;
}

/** Every read takes the caller's scope: a case outside it does not exist for them. */
@Injectable()
export class CaseRepository implements AuditedCases {
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

  /** The case's chain head as its row stores it, when the case exists for this scope. */
  async headOf(scope: CaseScope, caseId: string): Promise<CaseHead | null> {
    const params: unknown[] = [caseId];
    const rows = await runPrepared<CaseHead>(this.dataSource, [
      `SELECT c.id, c.code, c.version, c.chain_head AS "chainHead" FROM cases c WHERE c.id = $1 AND ${caseScopeSql(scope, 'c', params)}`,
      params,
    ]);
    return rows[0] ?? null;
  }

  /**
   * The cases an evidence bundle covers, with their stored chain heads: one case, or a unit's cases
   * with an event in [from, to). At most `limit` (the caller refuses more).
   */
  bundleCases(runner: QueryRunner, scope: CaseScope, selection: BundleSelection, limit: number): Promise<BundleCaseRow[]> {
    const params: unknown[] = [limit];
    let where: string;
    if ('caseId' in selection) {
      params.push(selection.caseId);
      where = `c.id = $2`;
    } else {
      params.push(selection.unitId, selection.from ?? null, selection.to ?? null);
      where = `c.unit_id = $2 AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id
                 AND ($3::timestamptz IS NULL OR e.at >= $3) AND ($4::timestamptz IS NULL OR e.at < $4))`;
    }
    return runPrepared<BundleCaseRow>(runner, [
      `SELECT c.id AS "caseId", c.code AS "caseCode", c.kind, c.title, c.unit_id AS "unitId", c.version AS "headSeq", c.chain_head AS "headHash"
       FROM cases c WHERE ${where} AND ${caseScopeSql(scope, 'c', params)} ORDER BY c.code LIMIT $1`,
      params,
    ]);
  }

  /** Case heads in id order after `afterCaseId`. */
  headsAfter(scope: CaseScope, afterCaseId: string | null, limit: number): Promise<CaseHead[]> {
    const params: unknown[] = [afterCaseId, limit];
    return runPrepared<CaseHead>(this.dataSource, [
      `SELECT c.id, c.code, c.version, c.chain_head AS "chainHead" FROM cases c
       WHERE ($1::uuid IS NULL OR c.id > $1) AND ${caseScopeSql(scope, 'c', params)} ORDER BY c.id LIMIT $2`,
      params,
    ]);
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

  /**
   * The open accountability cases about these cases, locked for the caller's transaction; one that
   * another transaction holds is `busy` (not waited for, as the sweeper never waits).
   */
  async lockOpenAccountability(runner: QueryRunner, parentIds: readonly string[]): Promise<{ open: Map<string, { id: string; code: string }>; busy: Set<string> }> {
    const open = new Map<string, { id: string; code: string }>();
    const busy = new Set<string>();
    if (!parentIds.length) return { open, busy };
    const found: { id: string; code: string; parentId: string }[] = await runner.query(
      `SELECT id, code, parent_case_id AS "parentId" FROM cases
       WHERE parent_case_id = ANY($1::uuid[]) AND kind = 'accountability' AND state <> 'closed' ORDER BY opened_at`,
      [parentIds],
    );
    if (!found.length) return { open, busy };
    const locked: { id: string }[] = await runner.query(
      `SELECT id FROM cases WHERE id = ANY($1::uuid[]) AND state <> 'closed' ORDER BY id FOR UPDATE SKIP LOCKED`,
      [found.map((f) => f.id)],
    );
    const held = new Set(locked.map((l) => l.id));
    for (const f of found) {
      if (open.has(f.parentId)) continue;
      if (held.has(f.id)) open.set(f.parentId, { id: f.id, code: f.code });
      else busy.add(f.parentId);
    }
    return { open, busy };
  }

  /** Whether a case of this kind was already opened because of `parentId`, inside the caller's transaction. */
  async hasLinked(runner: QueryRunner, parentId: string, kind: string): Promise<boolean> {
    const rows: unknown[] = await runner.query(`SELECT 1 FROM cases WHERE parent_case_id = $1 AND kind = $2 LIMIT 1`, [parentId, kind]);
    return rows.length > 0;
  }

  lockForUpdate(runner: QueryRunner, ids: readonly string[], scope: CaseScope, options: { skipLocked?: boolean } = {}): Promise<LockedCaseRow[]> {
    return runPrepared<LockedCaseRow>(runner, lockCasesQuery(ids, scope, options));
  }

  nextSequence(runner: QueryRunner, kind: string, year: number): Promise<number> {
    return this.reserveSequences(runner, kind, year, 1);
  }

  /** The next `count` numbers of a kind's year at once (a ledger import numbers its rows in order); returns the first. */
  async reserveSequences(runner: QueryRunner, kind: string, year: number, count: number): Promise<number> {
    const [row]: { last_value: number }[] = await runner.query(
      `INSERT INTO case_code_counters (kind, year, last_value) VALUES ($1, $2, $3)
       ON CONFLICT (kind, year) DO UPDATE SET last_value = case_code_counters.last_value + $3
       RETURNING last_value`,
      [kind, year, count],
    );
    return row.last_value - count + 1;
  }

  /** A new case, and beside it its caller's data (the salt of the OPENED event's commitments). */
  async insert(runner: QueryRunner, row: CaseRow, caller: CallerData | null = null): Promise<void> {
    await runPrepared(runner, insertCaseSql(row));
    if (caller) {
      await runner.query(`INSERT INTO caller_data (case_id, salt, caller_name, caller_phone) VALUES ($1, $2, $3, $4)`, [row.id, caller.salt, caller.callerName, caller.callerPhone]);
    }
  }

  async insertMany(runner: QueryRunner, rows: readonly CaseRow[]): Promise<void> {
    if (rows.length) await runner.query(...insertCasesSql(rows));
  }
}
