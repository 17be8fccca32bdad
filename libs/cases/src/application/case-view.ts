import {
  Actor,
  availableEvents,
  blockedEvents,
  eventLabelOf,
  maskPersonalData,
  MachineRegistry,
  Role,
  stateLabel,
} from '@app/workflow';
import { shanghaiDate, type WorkingCalendar } from '@app/calendar';
import type { CaseRow } from '../domain/case-row.type';

/** Who may see a hotline caller's name and phone unmasked, and only on the case page. */
const REVEAL_ROLES: readonly Role[] = ['inspector', 'supervisor', 'hotline_agent'];

export type TrafficLight = 'green' | 'yellow' | 'red';

export interface CaseView {
  id: string;
  code: string;
  kind: string;
  title: string;
  state: string;
  stateDetail: string;
  stateLabel: string;
  unitId: string | null;
  assigneeId: string | null;
  priority: string;
  version: number;
  /** The version of the last change of state or fields: an If-Match from this version on is fresh. */
  contentVersion: number;
  machineVersion: number;
  dueAt: string | null;
  warnAt: string | null;
  light: TrafficLight | null;
  /** Working days from today to the deadline's day (negative when overdue); null without a deadline. */
  workdaysLeft: number | null;
  calendarComplete: boolean;
  escalationLevel: number;
  /** The highest level this case ever reached. */
  maxEscalationLevel: number;
  reworkCount: number;
  returnCount: number;
  suspended: boolean;
  suspension: { reason: string; by: string; since: string } | null;
  extension: { dueAt: string; reason: string; requestedBy: string; requestedAt: string } | null;
  parentCaseId: string | null;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
  updatedAt: string;
  fields: Record<string, unknown>;
  availableEvents: { type: string; label: string }[];
  /** Events this caller's role could send now but another rule refuses (unit scope, four eyes), with why. */
  blockedEvents: { type: string; label: string; rule: string; reason: string }[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Green, yellow (预警, past the warning) or red (超期); none while closed, suspended or without a deadline. */
export function trafficLight(row: Pick<CaseRow, 'state' | 'dueAt' | 'warnAt' | 'suspended'>, now: Date): TrafficLight | null {
  if (row.state === 'closed' || row.suspended || !row.dueAt) return null;
  if (now >= new Date(row.dueAt)) return 'red';
  if (row.warnAt && now >= new Date(row.warnAt)) return 'yellow';
  return 'green';
}

/** The case as the caller may see it: personal data masked unless asked for and allowed. */
export function toCaseView(
  row: CaseRow,
  actor: Actor,
  registry: MachineRegistry,
  options: { revealPersonalData?: boolean; now?: Date; calendar?: WorkingCalendar } = {},
): CaseView {
  const now = options.now ?? new Date();
  const definition = registry.get(row.kind, row.machineVersion);
  const { context } = row.snapshot;
  const reveal = options.revealPersonalData && actor.roles.some((r) => REVEAL_ROLES.includes(r));
  const facts = { unitId: row.unitId, reviewerUnitId: row.reviewerUnitId, context };
  const events = availableEvents(definition, row.snapshot, actor, facts);
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    title: row.title,
    state: row.state,
    stateDetail: row.stateDetail,
    stateLabel: stateLabel(row.kind, row.stateDetail),
    unitId: row.unitId,
    assigneeId: row.assigneeId,
    priority: row.priority,
    version: row.version,
    contentVersion: row.contentVersion,
    machineVersion: row.machineVersion,
    dueAt: iso(row.dueAt),
    warnAt: iso(row.warnAt),
    light: trafficLight(row, now),
    workdaysLeft: workdaysLeft(row, now, options.calendar),
    calendarComplete: row.calendarComplete,
    escalationLevel: row.escalationLevel,
    maxEscalationLevel: row.maxEscalationLevel,
    reworkCount: row.reworkCount,
    returnCount: context.returnCount,
    suspended: row.suspended,
    suspension: context.suspended,
    extension: context.extension,
    parentCaseId: row.parentCaseId,
    openedBy: row.openedBy,
    openedAt: iso(row.openedAt)!,
    closedAt: iso(row.closedAt),
    updatedAt: iso(row.updatedAt)!,
    fields: reveal ? row.fields : maskPersonalData(row.fields),
    availableEvents: events.map((type) => ({ type, label: eventLabelOf(row.kind, type) })),
    blockedEvents: blockedEvents(definition, row.snapshot, actor, facts).map((b) => ({ ...b, label: eventLabelOf(row.kind, b.type) })),
  };
}

function workdaysLeft(row: CaseRow, now: Date, calendar?: WorkingCalendar): number | null {
  if (!calendar || !row.dueAt || row.state === 'closed') return null;
  const dueDay = shanghaiDate(new Date(new Date(row.dueAt).getTime() - 1));
  return calendar.workdaysBetween(shanghaiDate(now), dueDay).days;
}
