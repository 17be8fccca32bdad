import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CaseScope, caseScopeSql } from '@app/workflow';
import { type MetricPart, metricsOf, partsOf, type ReportKind } from '../domain/metrics';
import type { ReportPeriod } from '../domain/report-period';
import { DURATION_SQL, metricPairsSql, PERIOD_PARAMS } from './metric-sql';

/** Which report row each unit's figures go to (itself, or its department when rolled up). */
export interface RowMap {
  unitIds: string[];
  rowIds: string[];
}

export interface CountRow {
  metric: string;
  part: MetricPart;
  /** Null with `county` false: cases with no unit yet (unassigned items). */
  rowId: string | null;
  county: boolean;
  n: number;
}

export interface DurationRow {
  rowId: string | null;
  caseId: string;
  acceptedAt: Date | null;
  verifiedAt: Date;
}

const periodParams = (kind: ReportKind, period: ReportPeriod) => [
  kind,
  period.fromInstant,
  period.toInstant,
  period.fromInstant.toISOString(),
  period.toInstant.toISOString(),
];

/** `$1`…`$5` of a metric query, renumbered to sit at `offset` in a larger statement. */
export function shiftParams(sql: string, offset: number): string {
  return offset === 0 ? sql : sql.replace(/\$([1-5])\b/g, (_, n: string) => `$${offset + Number(n)}`);
}

/**
 * Which of a figure's (unit, case) pairs the caller may count: the report's units, and cases the
 * one unit-scope rule lets them see (a unit officer never counts an accountability case).
 */
function countedPairs(alias: string, scopeUnits: readonly string[] | null, scope: CaseScope, params: unknown[]): string {
  params.push(scopeUnits);
  const units = `($${params.length}::uuid[] IS NULL OR ${alias}.unit_id = ANY($${params.length}::uuid[]))`;
  return scope.all ? units : `${units} AND EXISTS (SELECT 1 FROM cases k WHERE k.id = ${alias}.case_id AND ${caseScopeSql(scope, 'k', params)})`;
}

/** The assessment figures, counted from the audit trail in one statement per report. */
@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Distinct cases per metric part and report row, and for the county (within `scopeUnits` when
   * given). One statement per figure, run side by side on the pool's connections.
   */
  async counts(kind: ReportKind, period: ReportPeriod, map: RowMap, scopeUnits: readonly string[] | null, scope: CaseScope): Promise<CountRow[]> {
    const parts = metricsOf(kind).flatMap((metric) => partsOf(metric).map((part) => ({ metric: metric.key, part, sql: metricPairsSql(kind, metric.key, part) })));
    // Several figures count the same cases (every rate over 交办 has the same denominator): count each set once.
    const distinct = [...new Set(parts.map((p) => p.sql))];
    const counted = await Promise.all(
      distinct.map((sql) => {
        const params = [...periodParams(kind, period), map.unitIds, map.rowIds];
        return this.dataSource.query(
          `SELECT map.row_id AS "rowId", GROUPING(map.row_id) = 1 AS county, count(DISTINCT m.case_id)::int AS n
           FROM (${sql}) m
           LEFT JOIN unnest($${PERIOD_PARAMS + 1}::uuid[], $${PERIOD_PARAMS + 2}::uuid[]) AS map(unit_id, row_id) ON map.unit_id = m.unit_id
           WHERE ${countedPairs('m', scopeUnits, scope, params)}
           GROUP BY GROUPING SETS ((map.row_id), ())`,
          params,
        ) as Promise<Omit<CountRow, 'metric' | 'part'>[]>;
      }),
    );
    const bySql = new Map(distinct.map((sql, i) => [sql, counted[i]]));
    return parts.flatMap(({ metric, part, sql }) => bySql.get(sql)!.map((row) => ({ ...row, metric, part })));
  }

  durations(period: ReportPeriod, map: RowMap, scopeUnits: readonly string[] | null, scope: CaseScope): Promise<DurationRow[]> {
    const params = [...periodParams('rectification', period), map.unitIds, map.rowIds];
    return this.dataSource.query(
      `SELECT map.row_id AS "rowId", d.case_id AS "caseId", d.accepted_at AS "acceptedAt", d.verified_at AS "verifiedAt"
       FROM (${DURATION_SQL}) d LEFT JOIN unnest($6::uuid[], $7::uuid[]) AS map(unit_id, row_id) ON map.unit_id = d.unit_id
       WHERE ${countedPairs('d', scopeUnits, scope, params)}`,
      params,
    );
  }
}

/**
 * The cases behind one figure, as a subquery of the case list: its own parameters are pushed onto
 * the list's. `units`: the units whose figures make the row (null: every unit, the county total).
 */
export function cellCasesSql(kind: ReportKind, metric: string, part: MetricPart, period: ReportPeriod, units: readonly string[] | null, params: unknown[]): string {
  const offset = params.length;
  params.push(...periodParams(kind, period));
  const pairs = shiftParams(metricPairsSql(kind, metric, part), offset);
  if (units === null) return `SELECT p.case_id FROM (${pairs}) p`;
  params.push(units);
  return `SELECT p.case_id FROM (${pairs}) p WHERE p.unit_id = ANY($${params.length}::uuid[])`;
}
