import { type AppendedEvent, chain, type OutboxMessage } from '@app/audit';
import type { DeadlinePlan, DeadlineTransition, PlanDeadlines } from '@app/escalation';
import {
  Actor,
  applyTransition,
  authorize,
  CaseMachineDefinition,
  maskPersonalData,
  ParsedEvent,
  SYSTEM_EVENTS,
  topLevelOf,
} from '@app/workflow';
import type { CaseRow, LockedCaseRow } from '../domain/case-row.type';
import { withoutUndefined } from '../domain/open-case.command';

export interface TransitionInput {
  row: LockedCaseRow;
  definition: CaseMachineDefinition;
  event: ParsedEvent;
  actor: Actor;
  at: Date;
  correlationId: string;
  /** The SLA policy and calendar of this transaction, bound (DeadlineService.planner). */
  planDeadlines: PlanDeadlines;
  /** An imported item already past its own deadline (see DeadlineTransition.arrivingOverdue). */
  arrivingOverdue?: boolean;
}

/** Everything one transition writes: the new row (deadline columns included), its audit record, its timer changes. */
export interface PlannedTransition {
  before: LockedCaseRow;
  after: LockedCaseRow;
  event: ParsedEvent;
  record: AppendedEvent;
  deadlines: DeadlinePlan;
}

/** The case after a transition with its deadline columns (and, on resume, its own moved deadline) planned. */
export function withDeadlines(
  before: CaseRow,
  after: CaseRow,
  eventType: string,
  fromState: string | null,
  planDeadlines: PlanDeadlines,
  at: Date,
  arrivingOverdue = false,
  replanned?: DeadlineTransition['replanned'],
): { after: CaseRow; deadlines: DeadlinePlan } {
  const context = before.snapshot.context;
  const ladderFrom = after.fields.ladderFrom;
  const deadlines = planDeadlines(
    {
      kind: after.kind,
      priority: after.priority,
      eventType,
      fromState,
      toState: after.stateDetail,
      caseDueAt: typeof after.fields.dueAt === 'string' ? after.fields.dueAt : null,
      dueAt: before.dueAt,
      warnAt: before.warnAt,
      calendarComplete: before.calendarComplete,
      suspendedSince: context.suspended?.since,
      extensionDueAt: context.extension?.dueAt,
      arrivingOverdue,
      ladderFrom: typeof ladderFrom === 'string' ? ladderFrom : undefined,
      caseDueAtMoved: fromState === after.stateDetail && before.fields.dueAt !== after.fields.dueAt,
      replanned,
    },
    at,
  );
  return {
    after: {
      ...after,
      dueAt: deadlines.dueAt,
      warnAt: deadlines.warnAt,
      calendarComplete: deadlines.calendarComplete,
      fields: deadlines.caseDueAt ? { ...after.fields, dueAt: deadlines.caseDueAt } : after.fields,
    },
    deadlines,
  };
}

/** Fields a transition changes besides the machine snapshot (assignment, the case's own deadline). */
function changedFields(row: CaseRow, event: ParsedEvent): Partial<CaseRow> {
  const p = event.payload;
  switch (event.type) {
    case 'ASSIGN':
      return {
        unitId: (p.unitId as string | undefined) ?? row.unitId,
        assigneeId: (p.assigneeId as string | undefined) ?? null,
        fields: p.dueAt ? { ...row.fields, dueAt: p.dueAt } : row.fields,
      };
    case 'DECIDE': {
      // The decision stays on the case: its execution notice tells the target what was decided.
      const { targetType, targetUnitId, targetPerson, form } = p;
      return { fields: withoutUndefined({ ...row.fields, targetType, targetUnitId, targetPerson, form }) };
    }
    case 'REVISE':
      // A corrected responsibility list: the duty's name and deadline as the new version has them.
      return withoutUndefined({
        title: p.title as string | undefined,
        fields: withoutUndefined({ ...row.fields, dueAt: p.dueAt ?? row.fields.dueAt, listVersion: p.listVersion, requiredCount: p.requiredCount ?? row.fields.requiredCount }),
      }) as Partial<CaseRow>;
    case 'APPROVE_EXTENSION': {
      const extension = row.snapshot.context.extension;
      return extension ? { fields: { ...row.fields, dueAt: extension.dueAt } } : {};
    }
    default:
      return {};
  }
}

/** What the audit event records beyond the payload, so the trail reads on its own. */
function auditDetails(row: CaseRow, event: ParsedEvent): Record<string, unknown> {
  if (event.type === 'APPROVE_EXTENSION' || event.type === 'REJECT_EXTENSION') {
    const extension = row.snapshot.context.extension;
    return extension ? { requestedDueAt: extension.dueAt, previousDueAt: row.dueAt ? new Date(row.dueAt).toISOString() : null } : {};
  }
  return {};
}

/** Deadline events of the sweeper that leave the state as it was change nothing a person's form depends on. */
const DEADLINE_EVENTS: ReadonlySet<string> = new Set(SYSTEM_EVENTS);
export function changesContent(type: string, fromState: string, toState: string): boolean {
  return !(DEADLINE_EVENTS.has(type) && fromState === toState);
}

/**
 * One event on one locked case, computed in memory: policy, machine, new row, deadlines, chained
 * audit record. Nothing is written here; a batch of these is written together (see TransitionWriter).
 */
export function planTransition(input: TransitionInput): PlannedTransition {
  const { row, definition, event, actor, at, correlationId, planDeadlines, arrivingOverdue } = input;
  const role = authorize(definition, event.type, actor, { unitId: row.unitId, reviewerUnitId: row.reviewerUnitId, context: row.snapshot.context });
  const atIso = at.toISOString();
  const result = applyTransition(definition, row.snapshot, event, { actorId: actor.id, at: atIso });
  const context = result.snapshot.context;
  const state = topLevelOf(result.toState);
  const moved: LockedCaseRow = {
    ...row,
    ...changedFields(row, event),
    state,
    stateDetail: result.toState,
    snapshot: result.snapshot,
    version: row.version + 1,
    contentVersion: changesContent(event.type, row.stateDetail, result.toState) ? row.version + 1 : row.contentVersion,
    reworkCount: context.reworkCount,
    suspended: context.suspended !== null,
    escalationLevel: context.escalationLevel,
    maxEscalationLevel: Math.max(row.maxEscalationLevel, context.escalationLevel),
    closedAt: state === 'closed' ? (row.state === 'closed' ? row.closedAt : at) : null,
    updatedAt: at,
  };
  const replanned = event.type === 'DEADLINE_REPLANNED' ? (event.payload as DeadlineTransition['replanned']) : undefined;
  const { after, deadlines } = withDeadlines(row, moved, event.type, result.fromState, planDeadlines, at, arrivingOverdue, replanned);
  const record = chain(row.chainHead, {
    caseId: row.id,
    seq: row.version + 1,
    type: event.type,
    payload: maskPersonalData({ ...event.payload, ...auditDetails(row, event) }),
    fromState: result.fromState,
    toState: result.toState,
    actorId: actor.id,
    actorRole: role,
    actorUnitId: actor.unitId,
    machineVersion: row.machineVersion,
    correlationId,
    at: atIso,
  });
  const chained = { ...after, chainHead: record.hash };
  return { before: row, after: chained, event, record: { ...record, outbox: outboxMessage(chained, record.type, result.fromState), unitId: chained.unitId }, deadlines };
}

/**
 * The unit an accountability case is about never reads the file; when the decision has been
 * carried out it gets a notice naming the case number and the form decided, nothing more.
 */
function executionNotice(row: CaseRow): OutboxMessage {
  const { targetUnitId, targetPerson, form } = row.fields as { targetUnitId?: string; targetPerson?: string; form?: string };
  return {
    topic: 'unit.notice',
    payload: withoutUndefined({
      notice: 'accountability-executed',
      recipientUnitId: targetUnitId ?? row.unitId,
      code: row.code,
      form,
      targetPerson,
      seq: row.version,
    }),
  };
}

export function outboxMessage(row: CaseRow, type: string, fromState: string | null): OutboxMessage {
  if (row.kind === 'accountability' && type === 'RECORD_EXECUTION') return executionNotice(row);
  return {
    topic: `case.${type.toLowerCase()}`,
    payload: {
      caseId: row.id,
      code: row.code,
      kind: row.kind,
      type,
      fromState,
      toState: row.stateDetail,
      unitId: row.unitId,
      escalationLevel: row.escalationLevel,
      seq: row.version,
    },
  };
}
