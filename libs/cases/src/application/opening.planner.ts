import { type AppendedEvent, chain, GENESIS_HASH } from '@app/audit';
import type { DeadlinePlan, PlanDeadlines } from '@app/escalation';
import { Actor, CaseMachineDefinition, initialSnapshot, maskPersonalData, stateDetailOf, topLevelOf } from '@app/workflow';
import { type CallerData, callerOf, commitmentsOf } from '../domain/caller-data';
import type { LockedCaseRow } from '../domain/case-row.type';
import { caseColumnsOf, OpenCaseCommand } from '../domain/open-case.command';
import { outboxMessage, withDeadlines } from './transition.planner';

export interface OpeningInput {
  id: string;
  code: string;
  command: OpenCaseCommand;
  definition: CaseMachineDefinition;
  actor: Actor;
  at: Date;
  correlationId: string;
  planDeadlines: PlanDeadlines;
  /** Recorded in the OPENED event beside the case's fields (a ledger import names itself here). */
  origin?: Record<string, unknown>;
  /** The random key of a hotline caller's commitments (required when the case has a caller). */
  callerSalt?: Buffer;
}

export interface PlannedOpening {
  row: LockedCaseRow;
  record: AppendedEvent;
  deadlines: DeadlinePlan;
  /** The caller's data, stored beside the case: the event holds only its masked form and commitments. */
  caller: CallerData | null;
}

/** A new case and its first audit event (OPENED, seq 1), computed without I/O. */
export function planOpening(input: OpeningInput): PlannedOpening {
  const { id, code, command, definition, actor, at, correlationId, planDeadlines, origin, callerSalt } = input;
  const snapshot = initialSnapshot(definition);
  const stateDetail = stateDetailOf(snapshot.value as never);
  const opened: LockedCaseRow = {
    id,
    code,
    ...caseColumnsOf(command),
    assigneeId: null,
    state: topLevelOf(stateDetail),
    stateDetail,
    snapshot,
    machineVersion: definition.version,
    version: 1,
    contentVersion: 1,
    chainHead: '',
    dueAt: null,
    warnAt: null,
    calendarComplete: true,
    escalationLevel: 0,
    maxEscalationLevel: 0,
    reworkCount: 0,
    suspended: false,
    openedBy: actor.id,
    openedAt: at,
    closedAt: null,
    updatedAt: at,
  };
  const { after, deadlines } = withDeadlines(opened, opened, 'OPENED', null, planDeadlines, at);
  const caller = callerSalt ? callerOf(after.fields, callerSalt) : null;
  if (!caller && (after.fields.callerName !== undefined || after.fields.callerPhone !== undefined)) throw new Error('a case with a caller needs a salt for its commitments');
  const record = chain(GENESIS_HASH, {
    caseId: after.id,
    seq: 1,
    type: 'OPENED',
    payload: {
      ...maskPersonalData({ title: after.title, unitId: after.unitId, priority: after.priority, parentCaseId: after.parentCaseId, ...after.fields, ...origin }),
      ...(caller ? { callerCommitments: commitmentsOf(caller) } : {}),
    },
    fromState: null,
    toState: stateDetail,
    actorId: actor.id,
    actorRole: actor.system ? 'system' : (definition.openRoles.find((r) => actor.roles.includes(r)) ?? actor.roles[0] ?? 'system'),
    actorUnitId: actor.unitId,
    machineVersion: definition.version,
    correlationId,
    at: at.toISOString(),
  });
  const row = { ...after, chainHead: record.hash };
  return { row, record: { ...record, outbox: outboxMessage(row, 'OPENED', null), unitId: row.unitId }, deadlines, caller };
}
