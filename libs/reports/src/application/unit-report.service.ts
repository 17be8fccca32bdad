import { Injectable } from '@nestjs/common';
import { shanghaiDate, type WorkingCalendar } from '@app/calendar';
import { CalendarYearsService } from '@app/escalation';
import { UnitDirectory, type UnitNode, type UnitTree } from '@app/identity';
import { type Actor, DomainError } from '@app/workflow';
import { CELL_KINDS, mean, median, type MetricDefinition, type MetricPart, metricsOf, partsOf, rate, type ReportKind } from '../domain/metrics';
import { decodeCell, encodeCell, type ReportCell } from '../domain/report-cell';
import { parsePeriod, type ReportPeriod } from '../domain/report-period';
import { cellCasesSql, type CountRow, ReportRepository, type RowMap } from '../persistence/report.repository';
import { reportWorkbook } from './report-workbook';

export interface ReportQuery {
  kind: ReportKind;
  from: string;
  to: string;
  unitId?: string;
  rollup?: boolean;
}

/** One figure: its counts (never a rate without them) and the token listing the cases behind each count. */
export interface Figure {
  count?: number;
  numerator?: number;
  denominator?: number;
  rate?: number | null;
  /** Working days (平均整改用时): over `count` cases. */
  mean?: number | null;
  median?: number | null;
  cells: Partial<Record<MetricPart, string>>;
}

export interface ReportRow {
  unitId: string | null;
  unitCode: string | null;
  unitName: string;
  figures: Record<string, Figure>;
}

export interface UnitReport {
  kind: ReportKind;
  from: string;
  to: string;
  rollup: boolean;
  generatedAt: string;
  /** False when a duration was counted across a year without a working-day calendar. */
  calendarComplete: boolean;
  metrics: MetricDefinition[];
  units: ReportRow[];
  county: ReportRow;
}

/** The unit each unit's figures roll up to: the department (a unit directly under the county root). */
function departmentOf(tree: UnitTree, unit: UnitNode): UnitNode {
  let current = unit;
  for (;;) {
    const parent = current.parentId ? tree.get(current.parentId) : undefined;
    // The root itself, or a unit whose parent is the root.
    if (!parent || !parent.parentId) return current;
    current = parent;
  }
}

/**
 * 按期完成率, 12345 三率 and the rest per unit (DESIGN §10), exact from the audit trail: every
 * figure comes with its counts and a token that lists exactly the cases it counts.
 */
@Injectable()
export class UnitReportService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly units: UnitDirectory,
    private readonly calendars: CalendarYearsService,
  ) {}

  async report(actor: Actor, query: ReportQuery): Promise<UnitReport> {
    const period = this.period(query.from, query.to);
    const rollup = query.rollup ?? false;
    const tree = await this.units.tree();
    const visible = this.visibleUnits(actor, tree, query.unitId);
    const map = this.rowMap(tree, visible, rollup);
    const scopeUnits = actor.scope.all && !query.unitId ? null : visible.map((u) => u.id);
    const [counts, durations, calendar] = await Promise.all([
      this.reports.counts(query.kind, period, map, scopeUnits, actor.scope),
      query.kind === 'rectification' ? this.reports.durations(period, map, scopeUnits, actor.scope) : Promise.resolve([]),
      this.calendars.calendar(),
    ]);
    const workdays = this.workdays(durations, calendar);
    const cell = (metric: string, part: MetricPart, unitId: string | null) =>
      encodeCell({ kind: query.kind, metric, part, unitId, rollup, from: period.from, to: period.to });
    const rowIds = [...new Set(map.rowIds)];
    const rows = rowIds.map((id) => tree.get(id)!).sort((a, b) => a.code.localeCompare(b.code));
    const build = (row: { id: string | null; code: string | null; name: string }, pick: (c: CountRow) => boolean): ReportRow => ({
      unitId: row.id,
      unitCode: row.code,
      unitName: row.name,
      figures: Object.fromEntries(
        metricsOf(query.kind).map((metric) => {
          const n = (part: MetricPart) => counts.find((c) => c.metric === metric.key && c.part === part && pick(c))?.n ?? 0;
          const cells = Object.fromEntries(partsOf(metric).map((part) => [part, cell(metric.key, part, row.id)]));
          if (metric.shape === 'count') return [metric.key, { count: n('count'), cells }];
          if (metric.shape === 'duration') {
            const values = row.id === null ? workdays.county : (workdays.byRow.get(row.id) ?? []);
            return [metric.key, { count: values.length, mean: round(mean(values)), median: median(values), cells }];
          }
          return [metric.key, { numerator: n('numerator'), denominator: n('denominator'), rate: round(rate(n('numerator'), n('denominator')), 4), cells }];
        }),
      ),
    });
    const units = rows.map((u) => build(u, (c) => !c.county && c.rowId === u.id));
    return {
      kind: query.kind,
      from: period.from,
      to: period.to,
      rollup,
      generatedAt: new Date().toISOString(),
      calendarComplete: workdays.calendarComplete,
      metrics: [...metricsOf(query.kind)],
      units,
      county: build({ id: null, code: null, name: actor.scope.all && !query.unitId ? '全县合计' : '合计' }, (c) => c.county),
    };
  }

  /** Every kind's report of one period, as the workbook offices print and send up. */
  async workbook(actor: Actor, query: Omit<ReportQuery, 'kind'>): Promise<Buffer> {
    const reports = [];
    for (const kind of CELL_KINDS) reports.push(await this.report(actor, { ...query, kind }));
    const root = (await this.units.tree()).forest()[0];
    return reportWorkbook(reports, actor.scope.all && root ? root.name : '');
  }

  /**
   * The case-list subquery a reportCell token stands for; the list applies the caller's scope on
   * top. A token that is not one a report gave out is refused like any malformed filter.
   */
  async cellFilter(actor: Actor, token: string): Promise<(params: unknown[]) => string> {
    const cell = decodeCell(token);
    if (!cell) throw DomainError.validation([{ field: 'reportCell', code: 'invalid_format', message: 'not a reportCell token a report gave out' }]);
    const period = this.period(cell.from, cell.to);
    const tree = await this.units.tree();
    const units = this.cellUnits(actor, tree, cell);
    return (params) => cellCasesSql(cell.kind, cell.metric, cell.part, period, units, params);
  }

  private cellUnits(actor: Actor, tree: UnitTree, cell: ReportCell): string[] | null {
    const visible = this.visibleUnits(actor, tree);
    if (cell.unitId === null) return actor.scope.all ? null : visible.map((u) => u.id);
    if (!cell.rollup) return [cell.unitId];
    return visible.filter((u) => departmentOf(tree, u).id === cell.unitId).map((u) => u.id);
  }

  private period(from: string, to: string): ReportPeriod {
    const period = parsePeriod(from, to);
    if (Array.isArray(period)) throw DomainError.validation(period);
    return period;
  }

  /** The caller's units (a unit officer's own and below; the county for the others), or the one asked for. */
  private visibleUnits(actor: Actor, tree: UnitTree, unitId?: string): UnitNode[] {
    const all = tree.all();
    const inScope = actor.scope.all ? all : all.filter((u) => (actor.scope as { unitIds: readonly string[] }).unitIds.includes(u.id));
    if (!unitId) return inScope;
    if (!inScope.some((u) => u.id === unitId)) throw DomainError.notFound('unit');
    return tree.subtreeIds(unitId).map((id) => tree.get(id)!);
  }

  private rowMap(tree: UnitTree, units: readonly UnitNode[], rollup: boolean): RowMap {
    return { unitIds: units.map((u) => u.id), rowIds: units.map((u) => (rollup ? departmentOf(tree, u).id : u.id)) };
  }

  private workdays(rows: Awaited<ReturnType<ReportRepository['durations']>>, calendar: WorkingCalendar) {
    const byRow = new Map<string, number[]>();
    const county: number[] = [];
    let calendarComplete = true;
    for (const row of rows) {
      if (!row.acceptedAt) continue;
      const between = calendar.workdaysBetween(shanghaiDate(new Date(row.acceptedAt)), shanghaiDate(new Date(row.verifiedAt)));
      calendarComplete &&= between.calendarComplete;
      county.push(between.days);
      if (row.rowId) byRow.set(row.rowId, [...(byRow.get(row.rowId) ?? []), between.days]);
    }
    return { byRow, county, calendarComplete };
  }
}

function round(value: number | null, digits = 2): number | null {
  return value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
}
