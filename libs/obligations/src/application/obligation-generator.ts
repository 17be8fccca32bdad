import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { AuditWriter } from '@app/audit';
import { CaseRepository, formatCaseCode, type LockedCaseRow, type OpenObligationCommand, planOpening, planTransition, type PlannedTransition, TransitionWriter } from '@app/cases';
import { CalendarYearsService, DeadlineService, type PlanDeadlines } from '@app/escalation';
import { DomainError, MACHINE_REGISTRY, MachineRegistry, parseEvent, SYSTEM_ACTOR, WHOLE_COUNTY, type CaseMachineDefinition } from '@app/workflow';
import { planObligations, type PlannedObligation } from '../domain/planned-obligations';
import type { ResponsibilityList } from '../domain/responsibility-list';
import { keyOf, ObligationCaseRepository, type ObligationCaseRow } from '../persistence/obligation-case.repository';

export interface GenerationResult {
  /** Cases the list asks for. */
  planned: number;
  created: number;
  revised: number;
  /** Open cases of duties the list no longer has: withdrawn (closed as 已撤销, not as done). */
  withdrawn: number;
  /** Closed cases of duties the list no longer has: history, left as they were. */
  dropped: number;
}

const BATCH = 500;

/**
 * Turns a published list into its obligation cases, inside the caller's transaction and under
 * the year's lock: each (duty, unit, period) once, however many processes publish or sweep at
 * the same moment. A corrected list revises the open cases whose name, deadline or count changed
 * (REVISE, an audited event); closed ones are history and stay as they were.
 */
@Injectable()
export class ObligationGenerator {
  constructor(
    private readonly cases: CaseRepository,
    private readonly obligations: ObligationCaseRepository,
    private readonly writer: TransitionWriter,
    private readonly audit: AuditWriter,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarYearsService,
    @Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry,
  ) {}

  /** The cases a list would generate, or the fields that stop it being placed (checked before anything is stored). */
  async plan(year: number, items: ResponsibilityList['items'], runner?: QueryRunner): Promise<PlannedObligation[]> {
    const [units, calendar] = await Promise.all([this.obligations.units(runner), this.calendars.calendar()]);
    const { planned, errors } = planObligations(year, items, units, calendar);
    if (errors.length) throw DomainError.validation(errors);
    return planned;
  }

  async generateIn(runner: QueryRunner, list: ResponsibilityList, correlationId: string, at: Date): Promise<GenerationResult> {
    const planned = await this.plan(list.year, list.items, runner);
    const existing = new Map((await this.obligations.existing(runner, list.year)).map((r) => [keyOf(r), r]));
    const wanted = new Set(planned.map((p) => keyOf({ obligationKey: p.obligation.key, unitId: p.unitId, period: p.period })));
    const fresh = planned.filter((p) => !existing.has(keyOf({ obligationKey: p.obligation.key, unitId: p.unitId, period: p.period })));
    const kept = planned.flatMap((p) => {
      const row = existing.get(keyOf({ obligationKey: p.obligation.key, unitId: p.unitId, period: p.period }));
      return row ? [{ plan: p, row }] : [];
    });
    const definition = this.registry.latest('obligation');
    const planDeadlines = await this.deadlines.planner();
    const created = await this.create(runner, list, fresh, { definition, planDeadlines, correlationId, at });
    const revised = await this.revise(runner, list, kept, { planDeadlines, correlationId, at });
    const gone = [...existing.entries()].filter(([k]) => !wanted.has(k)).map(([, row]) => row);
    const withdrawn = await this.withdraw(runner, list, gone, { planDeadlines, correlationId, at });
    return { planned: planned.length, created, revised, withdrawn, dropped: gone.length - withdrawn };
  }

  /**
   * A duty the corrected list no longer has: its open cases are withdrawn (an audited WITHDRAW) and
   * its keys freed, so the matrix no longer counts them and a duty put back later starts afresh.
   */
  private async withdraw(
    runner: QueryRunner,
    list: ResponsibilityList,
    gone: readonly ObligationCaseRow[],
    ctx: { planDeadlines: PlanDeadlines; correlationId: string; at: Date },
  ): Promise<number> {
    if (!gone.length) return 0;
    const open = (await this.cases.lockForUpdate(runner, gone.map((g) => g.caseId), WHOLE_COUNTY)).filter((r) => r.state !== 'closed');
    const transitions = open.map((row) => {
      const definition = this.registry.get(row.kind, row.machineVersion);
      const reason = `${list.year} 年度责任清单第 ${list.version} 版不再包含此事项`;
      const event = parseEvent(definition, { type: 'WITHDRAW', listVersion: list.version, reason }, { system: true });
      return planTransition({ row, definition, event, actor: SYSTEM_ACTOR, at: ctx.at, correlationId: ctx.correlationId, planDeadlines: ctx.planDeadlines });
    });
    await this.write(runner, transitions);
    await this.obligations.release(runner, list.year, open.map((r) => r.id));
    return transitions.length;
  }

  private async write(runner: QueryRunner, transitions: readonly PlannedTransition[]): Promise<void> {
    if (!transitions.length) return;
    await this.writer.write(runner, transitions.map((t) => ({ ...t.after, expectedVersion: t.before.version })), transitions.map((t) => t.record));
    await this.deadlines.writeTimers(runner, transitions.map((t) => ({ caseId: t.after.id, plan: t.deadlines })));
  }

  private async create(
    runner: QueryRunner,
    list: ResponsibilityList,
    fresh: readonly PlannedObligation[],
    ctx: { definition: CaseMachineDefinition; planDeadlines: PlanDeadlines; correlationId: string; at: Date },
  ): Promise<number> {
    if (!fresh.length) return 0;
    const first = await this.cases.reserveSequences(runner, 'obligation', list.year, fresh.length);
    for (let start = 0; start < fresh.length; start += BATCH) {
      const batch = fresh.slice(start, start + BATCH).map((p, i) => ({ p, planned: planCase(list, p, formatCaseCode('obligation', list.year, first + start + i), ctx) }));
      await this.cases.insertMany(runner, batch.map((b) => b.planned.row));
      await this.audit.append(runner, batch.flatMap((b) => b.planned.records));
      await this.deadlines.writeTimers(runner, batch.map((b) => ({ caseId: b.planned.row.id, plan: b.planned.deadlines })));
      const rows: ObligationCaseRow[] = batch.map(({ p, planned }) => ({
        obligationKey: p.obligation.key,
        unitId: p.unitId,
        period: p.period,
        itemNo: p.item.no,
        caseId: planned.row.id,
        listVersion: list.version,
      }));
      const inserted = await this.obligations.insertMany(runner, list.year, rows);
      // The year's lock makes this impossible; were it ever not held, the whole publication rolls back.
      if (inserted !== rows.length) throw new Error(`obligation keys already taken: ${rows.length - inserted} of ${rows.length}`);
    }
    return fresh.length;
  }

  private async revise(
    runner: QueryRunner,
    list: ResponsibilityList,
    kept: readonly { plan: PlannedObligation; row: ObligationCaseRow }[],
    ctx: { planDeadlines: PlanDeadlines; correlationId: string; at: Date },
  ): Promise<number> {
    const stale = kept.filter((k) => k.row.listVersion !== list.version);
    if (!stale.length) return 0;
    const locked = new Map((await this.cases.lockForUpdate(runner, stale.map((k) => k.row.caseId), WHOLE_COUNTY)).map((r) => [r.id, r]));
    const transitions: PlannedTransition[] = [];
    for (const { plan, row } of stale) {
      const current = locked.get(row.caseId);
      if (!current || current.state === 'closed') continue;
      const changes = changesOf(current, plan);
      if (!changes.length) continue;
      const definition = this.registry.get(current.kind, current.machineVersion);
      const event = parseEvent(
        definition,
        { type: 'REVISE', listVersion: list.version, title: plan.title, dueAt: plan.dueAt, requiredCount: plan.requiredCount, changes },
        { system: true },
      );
      transitions.push(planTransition({ row: current, definition, event, actor: SYSTEM_ACTOR, at: ctx.at, correlationId: ctx.correlationId, planDeadlines: ctx.planDeadlines }));
    }
    await this.write(runner, transitions);
    await this.obligations.markRevised(runner, list.year, stale.map((k) => k.row.caseId), list.version);
    return transitions.length;
  }
}

function changesOf(row: LockedCaseRow, plan: PlannedObligation): string[] {
  const changes: string[] = [];
  if (row.title !== plan.title) changes.push('title');
  if (row.fields.dueAt !== plan.dueAt) changes.push('dueAt');
  if ((row.snapshot.context.requiredCount ?? 1) !== plan.requiredCount) changes.push('requiredCount');
  return changes;
}

/** OPENED, ASSIGN to the unit with the schedule's deadline and, when that has passed already, SLA_BREACHED at once. */
function planCase(
  list: ResponsibilityList,
  p: PlannedObligation,
  code: string,
  ctx: { definition: CaseMachineDefinition; planDeadlines: PlanDeadlines; correlationId: string; at: Date },
) {
  const { definition, planDeadlines, correlationId, at } = ctx;
  const overdue = new Date(p.dueAt) <= at;
  const command: OpenObligationCommand = {
    kind: 'obligation',
    title: p.title,
    unitId: p.unitId,
    listYear: list.year,
    listVersion: list.version,
    itemNo: p.item.no,
    itemText: p.item.text.slice(0, 1000),
    obligationKey: p.obligation.key,
    obligationTitle: p.obligation.title,
    period: p.period,
    periodLabel: p.label,
    dueAt: p.dueAt,
    requiredCount: p.requiredCount,
    reviewerUnitId: p.obligation.reviewerUnitId,
    ladderFrom: overdue ? at.toISOString() : undefined,
  };
  const opening = planOpening({
    id: randomUUID(),
    code,
    command,
    definition,
    actor: SYSTEM_ACTOR,
    at,
    correlationId,
    planDeadlines,
    origin: { responsibilityList: { year: list.year, version: list.version, publishedBy: list.createdBy } },
  });
  const base = { definition, at, correlationId, planDeadlines, actor: SYSTEM_ACTOR };
  const assign = parseEvent(definition, { type: 'ASSIGN', unitId: p.unitId, dueAt: p.dueAt, requiredCount: p.requiredCount, comment: `${list.year} 年度责任清单第 ${list.version} 版` }, { system: true });
  const assigned = planTransition({ ...base, row: opening.row, event: assign, arrivingOverdue: overdue });
  if (!overdue) return { row: assigned.after, records: [opening.record, assigned.record], deadlines: assigned.deadlines };
  const breach = parseEvent(definition, { type: 'SLA_BREACHED', listYear: list.year, listVersion: list.version, dueAt: p.dueAt }, { system: true });
  const breached = planTransition({ ...base, row: assigned.after, event: breach });
  return { row: breached.after, records: [opening.record, assigned.record, breached.record], deadlines: assigned.deadlines };
}
