import { Injectable } from '@nestjs/common';
import { UnitDirectory } from '@app/identity';
import { Actor, DomainError, stateLabel } from '@app/workflow';
import { type CellCounts, type CellStatus, continuousStatus, countCases, statusOf, worse } from '../domain/cell-status';
import { unitsOf } from '../domain/planned-obligations';
import { describeSchedule, type ListItem, type Obligation, type ResponsibilityList } from '../domain/responsibility-list';
import { ObligationCaseRepository, type ObligationCaseSummary } from '../persistence/obligation-case.repository';
import { ResponsibilityListRepository } from '../persistence/responsibility-list.repository';
import { assertReader, LIST_READERS } from './responsibility-list.service';

type Figures = { total: number; open: number; overdue: number; closed: number };
type FiguresByMeasure = Record<'rectification' | 'hotline', Map<string, Figures>>;

export interface MatrixCell {
  unitId: string;
  itemNo: number;
  status: CellStatus;
  counts: CellCounts;
  /** For an item measured by other cases (continuous duties): which, and the unit's figures. */
  measures: { measure: 'rectification' | 'hotline'; total: number; open: number; overdue: number; closed: number }[];
}

const ZERO: Figures = { total: 0, open: 0, overdue: 0, closed: 0 };

/** The views of a published list: the county matrix (units × items) and one unit's checklist with its evidence. */
@Injectable()
export class ObligationViewsService {
  constructor(
    private readonly lists: ResponsibilityListRepository,
    private readonly obligations: ObligationCaseRepository,
    private readonly units: UnitDirectory,
  ) {}

  async matrix(actor: Actor, year: number, now = new Date()) {
    assertReader(actor);
    const list = await this.published(year);
    const tree = await this.units.tree();
    const appliesTo = applyingUnits(list.items, tree.all());
    const unitIds = new Set([...appliesTo.values()].flatMap((ids) => [...ids]));
    const units = tree.all().filter((u) => unitIds.has(u.id));
    const [cases, figures] = await Promise.all([this.obligations.summaries(actor.scope, year), this.figures(actor, year, list.items)]);
    const byCell = groupBy(cases, (c) => `${c.unitId}|${c.itemNo}`);
    const cells: MatrixCell[] = units.flatMap((unit) =>
      list.items.map((item) => cellOf(unit.id, item, byCell.get(`${unit.id}|${item.no}`) ?? [], figures, appliesTo, now)),
    );
    const totals = Object.fromEntries(['完成', '进行中', '预警', '超期', '未开始', '不适用'].map((s) => [s, cells.filter((c) => c.status === s).length]));
    return {
      year,
      version: list.version,
      publishedAt: list.createdAt,
      units: units.map(({ id, code, name }) => ({ id, code, name })),
      items: list.items.map((item) => ({ no: item.no, text: item.text, obligations: item.obligations.map(obligationHeader) })),
      cells,
      totals,
    };
  }

  async checklist(actor: Actor, year: number, unitId: string, now = new Date()) {
    const tree = await this.units.tree();
    const unit = tree.get(unitId);
    // County staff read every unit's checklist; a unit officer only their own (the scope decides).
    const visible = actor.scope.all ? LIST_READERS.some((r) => actor.roles.includes(r)) : actor.scope.unitIds.includes(unitId);
    if (!unit || !visible) throw DomainError.notFound('unit');
    const list = await this.published(year);
    const cases = await this.obligations.summaries(actor.scope, year, [unitId]);
    const events = await this.obligations.submissions(actor.scope, cases.map((c) => c.caseId));
    const eventsOf = groupBy(events, (e) => e.caseId);
    const figures = await this.figures(actor, year, list.items);
    const byObligation = groupBy(cases, (c) => c.obligationKey);
    const appliesTo = applyingUnits(list.items, tree.all());
    const items = list.items.map((item) => {
      const obligations = item.obligations
        .filter((o) => appliesTo.get(o.key)!.has(unitId))
        .map((o) => {
          const own = byObligation.get(o.key) ?? [];
          const measure = o.schedule.type === 'continuous' ? o.schedule.measure : null;
          const fig = measure ? (figures[measure].get(unitId) ?? ZERO) : null;
          const status = measure ? continuousStatus(measure, fig!) : statusOf(own, countCases(own, now));
          return {
            ...obligationHeader(o),
            schedule: o.schedule,
            reviewerUnitId: o.reviewerUnitId ?? null,
            reviewerUnitName: o.reviewerUnitId ? (tree.get(o.reviewerUnitId)?.name ?? null) : null,
            status,
            figures: fig ? { measure, ...fig } : null,
            cases: own.map((c) => caseEntry(c, eventsOf.get(c.caseId) ?? [], now)),
          };
        });
      const status = obligations.reduce<CellStatus>((acc, o) => worse(acc, o.status), '不适用');
      return { no: item.no, text: item.text, status, obligations };
    });
    return { year, version: list.version, unit: { id: unit.id, code: unit.code, name: unit.name }, items };
  }

  private async published(year: number): Promise<ResponsibilityList> {
    const list = await this.lists.latest(year, { publishedOnly: true });
    if (!list) throw DomainError.notFound(`published responsibility list ${year}`);
    return list;
  }

  /** Figures only for the measures some continuous duty of the list uses. */
  private async figures(actor: Actor, year: number, items: readonly ListItem[]): Promise<FiguresByMeasure> {
    const measures = new Set(items.flatMap((i) => i.obligations.flatMap((o) => (o.schedule.type === 'continuous' ? [o.schedule.measure] : []))));
    const load = async (m: 'rectification' | 'hotline') =>
      new Map((measures.has(m) ? await this.obligations.figures(actor.scope, year, m) : []).map(({ unitId, ...f }) => [unitId, f]));
    const [rectification, hotline] = await Promise.all([load('rectification'), load('hotline')]);
    return { rectification, hotline };
  }
}

function obligationHeader(o: Obligation) {
  return { key: o.key, title: o.title, type: o.schedule.type, scheduleText: describeSchedule(o.schedule) };
}

/** The units each obligation of the list applies to, worked out once per view. */
function applyingUnits(items: readonly ListItem[], units: Parameters<typeof unitsOf>[1]): Map<string, Set<string>> {
  return new Map(items.flatMap((item) => item.obligations.map((o) => [o.key, new Set(unitsOf(o.appliesTo, units))] as const)));
}

function cellOf(unitId: string, item: ListItem, cases: ObligationCaseSummary[], figures: FiguresByMeasure, appliesTo: Map<string, Set<string>>, now: Date): MatrixCell {
  const counts = countCases(cases, now);
  const applying = item.obligations.filter((o) => appliesTo.get(o.key)!.has(unitId));
  let status = statusOf(cases, counts);
  const measures: MatrixCell['measures'] = [];
  for (const o of applying) {
    if (o.schedule.type !== 'continuous') continue;
    const fig = figures[o.schedule.measure].get(unitId) ?? ZERO;
    measures.push({ measure: o.schedule.measure, ...fig });
    status = worse(status, continuousStatus(o.schedule.measure, fig));
  }
  return { unitId, itemNo: item.no, status, counts, measures };
}

function caseEntry(c: ObligationCaseSummary, events: { seq: number; type: string; at: string; actorId: string; payload: Record<string, unknown> }[], now: Date) {
  return {
    caseId: c.caseId,
    code: c.code,
    title: c.title,
    period: c.period,
    periodLabel: c.periodLabel,
    state: c.state,
    stateDetail: c.stateDetail,
    stateLabel: stateLabel('obligation', c.stateDetail),
    dueAt: c.dueAt,
    ownDueAt: c.ownDueAt,
    overdue: c.state !== 'closed' && c.dueAt !== null && Date.parse(c.dueAt) < now.getTime(),
    acceptedCount: c.acceptedCount,
    requiredCount: c.requiredCount,
    escalationLevel: c.escalationLevel,
    suspended: c.suspended,
    closedAt: c.closedAt,
    submissions: events
      .filter((e) => e.type === 'SUBMIT_REPORT')
      .map((e) => ({ seq: e.seq, at: e.at, summary: String(e.payload.summary ?? ''), attachments: (e.payload.attachments as unknown[] | undefined) ?? [] })),
    reviews: events
      .filter((e) => e.type !== 'SUBMIT_REPORT')
      .map((e) => ({ seq: e.seq, at: e.at, type: e.type, text: String(e.payload.comment ?? e.payload.reason ?? '') })),
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
