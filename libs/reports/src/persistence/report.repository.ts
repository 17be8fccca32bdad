import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

/** The assessment figures, counted from the audit trail in one statement per report. */
@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Distinct cases per metric part and report row, and for the county (within `scopeUnits` when
   * given). One statement per figure, run side by side on the pool's connections.
   */
  async counts(kind: ReportKind, period: ReportPeriod, map: RowMap, scopeUnits: readonly string[] | null): Promise<CountRow[]> {
    const parts = metricsOf(kind).flatMap((metric) => partsOf(metric).map((part) => ({ metric: metric.key, part, sql: metricPairsSql(kind, metric.key, part) })));
    // Several figures count the same cases (every rate over 交办 has the same denominator): count each set once.
    const distinct = [...new Set(parts.map((p) => p.sql))];
    const counted = await Promise.all(
      distinct.map(
        (sql) =>
          this.dataSource.query(
            `SELECT map.row_id AS "rowId", GROUPING(map.row_id) = 1 AS county, count(DISTINCT m.case_id)::int AS n
             FROM (${sql}) m
             LEFT JOIN unnest($${PERIOD_PARAMS + 1}::uuid[], $${PERIOD_PARAMS + 2}::uuid[]) AS map(unit_id, row_id) ON map.unit_id = m.unit_id
             WHERE $${PERIOD_PARAMS + 3}::uuid[] IS NULL OR m.unit_id = ANY($${PERIOD_PARAMS + 3}::uuid[])
             GROUP BY GROUPING SETS ((map.row_id), ())`,
            [...periodParams(kind, period), map.unitIds, map.rowIds, scopeUnits],
          ) as Promise<Omit<CountRow, 'metric' | 'part'>[]>,
      ),
    );
    const bySql = new Map(distinct.map((sql, i) => [sql, counted[i]]));
    return parts.flatMap(({ metric, part, sql }) => bySql.get(sql)!.map((row) => ({ ...row, metric, part })));
  }

  durations(period: ReportPeriod, map: RowMap, scopeUnits: readonly string[] | null): Promise<DurationRow[]> {
    return this.dataSource.query(
      `SELECT map.row_id AS "rowId", d.case_id AS "caseId", d.accepted_at AS "acceptedAt", d.verified_at AS "verifiedAt"
       FROM (${DURATION_SQL}) d LEFT JOIN unnest($6::uuid[], $7::uuid[]) AS map(unit_id, row_id) ON map.unit_id = d.unit_id
       WHERE $8::uuid[] IS NULL OR d.unit_id = ANY($8::uuid[])`,
      [...periodParams('rectification', period), map.unitIds, map.rowIds, scopeUnits],
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
