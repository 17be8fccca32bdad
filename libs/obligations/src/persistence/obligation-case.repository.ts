import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { type CaseScope, caseScopeSql } from '@app/workflow';

/** The key that makes each duty one case: (list year, obligation key, unit, period). */
export interface ObligationKey {
  obligationKey: string;
  unitId: string;
  period: string;
}

export interface ObligationCaseRow extends ObligationKey {
  itemNo: number;
  caseId: string;
  listVersion: number;
}

/** An obligation's case as the views show it. */
export interface ObligationCaseSummary extends ObligationCaseRow {
  code: string;
  title: string;
  state: string;
  stateDetail: string;
  dueAt: string | null;
  warnAt: string | null;
  ownDueAt: string | null;
  periodLabel: string;
  acceptedCount: number;
  requiredCount: number;
  reworkCount: number;
  escalationLevel: number;
  suspended: boolean;
  closedAt: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const keyOf = (k: ObligationKey) => `${k.obligationKey}|${k.unitId}|${k.period}`;

@Injectable()
export class ObligationCaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The unit tree as the database has it now, not as a process cached it: a process that had not yet
   * seen a new department would otherwise withdraw the duties another process just gave it. Active
   * units only: an abolished unit gets no duties (it was left with no open case when deactivated).
   */
  units(runner?: QueryRunner): Promise<{ id: string; code: string; name: string; parentId: string | null }[]> {
    return (runner ?? this.dataSource).query(`SELECT id, code, name, parent_id AS "parentId" FROM units WHERE active ORDER BY code`);
  }

  existing(runner: QueryRunner, year: number): Promise<ObligationCaseRow[]> {
    return runner.query(
      `SELECT obligation_key AS "obligationKey", unit_id AS "unitId", period, item_no AS "itemNo", case_id AS "caseId", list_version AS "listVersion"
       FROM obligation_cases WHERE list_year = $1`,
      [year],
    );
  }

  /** Claims the keys; a key some other transaction claimed first is not inserted (and not an error). */
  async insertMany(runner: QueryRunner, year: number, rows: readonly ObligationCaseRow[]): Promise<number> {
    if (!rows.length) return 0;
    const inserted: unknown[] = await runner.query(
      `INSERT INTO obligation_cases (list_year, obligation_key, unit_id, period, item_no, case_id, list_version)
       SELECT $1, k, u, p, n, c, v FROM unnest($2::text[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::int[]) AS t(k, u, p, n, c, v)
       ON CONFLICT DO NOTHING RETURNING case_id`,
      [year, rows.map((r) => r.obligationKey), rows.map((r) => r.unitId), rows.map((r) => r.period), rows.map((r) => r.itemNo), rows.map((r) => r.caseId), rows.map((r) => r.listVersion)],
    );
    return inserted.length;
  }

  /** Frees the keys of withdrawn cases: the cases stay (with their trail), the duty no longer names them. */
  async release(runner: QueryRunner, year: number, caseIds: readonly string[]): Promise<void> {
    if (caseIds.length) await runner.query(`DELETE FROM obligation_cases WHERE list_year = $1 AND case_id = ANY($2::uuid[])`, [year, caseIds]);
  }

  async markRevised(runner: QueryRunner, year: number, caseIds: readonly string[], version: number): Promise<void> {
    if (caseIds.length) await runner.query(`UPDATE obligation_cases SET list_version = $3 WHERE list_year = $1 AND case_id = ANY($2::uuid[])`, [year, caseIds, version]);
  }

  /** The year's obligation cases the caller may see, optionally of one unit's subtree. */
  summaries(scope: CaseScope, year: number, unitIds?: readonly string[]): Promise<ObligationCaseSummary[]> {
    const params: unknown[] = [year];
    const where = [`o.list_year = $1`, caseScopeSql(scope, 'c', params)];
    if (unitIds) {
      params.push(unitIds);
      where.push(`o.unit_id = ANY($${params.length}::uuid[])`);
    }
    return this.dataSource.query(
      `SELECT o.obligation_key AS "obligationKey", o.unit_id AS "unitId", o.period, o.item_no AS "itemNo", o.case_id AS "caseId",
              o.list_version AS "listVersion", c.code, c.title, c.state, c.state_detail AS "stateDetail",
              ${iso('c.due_at')} AS "dueAt", ${iso('c.warn_at')} AS "warnAt", c.fields->>'dueAt' AS "ownDueAt",
              COALESCE(c.fields->>'periodLabel', o.period) AS "periodLabel",
              COALESCE((c.snapshot #>> '{context,acceptedCount}')::int, 0) AS "acceptedCount",
              COALESCE((c.snapshot #>> '{context,requiredCount}')::int, 1) AS "requiredCount",
              c.rework_count AS "reworkCount", c.escalation_level AS "escalationLevel", c.suspended, ${iso('c.closed_at')} AS "closedAt"
       FROM obligation_cases o JOIN cases c ON c.id = o.case_id
       WHERE ${where.join(' AND ')}
       ORDER BY o.item_no, o.obligation_key, o.unit_id, c.fields->>'dueAt'`,
      params,
    );
  }

  /** Evidence and reviews of these cases, oldest first: what the unit sent and what the reviewer said. */
  submissions(scope: CaseScope, caseIds: readonly string[]): Promise<{ caseId: string; seq: number; type: string; at: string; actorId: string; payload: Record<string, unknown> }[]> {
    if (!caseIds.length) return Promise.resolve([]);
    const params: unknown[] = [caseIds];
    return this.dataSource.query(
      `SELECT e.case_id AS "caseId", e.seq, e.type, ${iso('e.at')} AS at, e.actor_id AS "actorId", e.payload
       FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE e.case_id = ANY($1::uuid[]) AND e.type IN ('SUBMIT_REPORT', 'VERIFY_PASS', 'VERIFY_FAIL') AND ${caseScopeSql(scope, 'c', params)}
       ORDER BY e.case_id, e.seq`,
      params,
    );
  }

  /** For `continuous` duties: the unit's rectification items or 12345 orders of the year, as figures. */
  async figures(scope: CaseScope, year: number, kind: 'rectification' | 'hotline'): Promise<{ unitId: string; total: number; open: number; overdue: number; closed: number }[]> {
    const params: unknown[] = [kind, `${year}-01-01`, `${year + 1}-01-01`];
    return this.dataSource.query(
      `SELECT c.unit_id AS "unitId", count(*)::int AS total,
              count(*) FILTER (WHERE c.state <> 'closed')::int AS open,
              count(*) FILTER (WHERE c.state <> 'closed' AND c.due_at IS NOT NULL AND c.due_at < now())::int AS overdue,
              count(*) FILTER (WHERE c.state = 'closed')::int AS closed
       FROM cases c
       WHERE c.kind = $1 AND c.unit_id IS NOT NULL
         AND c.opened_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND c.opened_at < ($3::date::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND ${caseScopeSql(scope, 'c', params)}
       GROUP BY c.unit_id`,
      params,
    );
  }
}

/** The case-list filter for one item of a year's list (the cases behind a matrix cell, with the unit filter). */
export function responsibilityItemFilter(year: number, itemNo: number): (params: unknown[]) => string {
  return (params) => {
    params.push(year, itemNo);
    return `SELECT case_id FROM obligation_cases WHERE list_year = $${params.length - 1} AND item_no = $${params.length}`;
  };
}
