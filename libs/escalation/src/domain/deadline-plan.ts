import {
  addDuration,
  calendarDaysBetween,
  DAY_MS,
  parseDuration,
  shanghaiDate,
  subtractDuration,
  WorkingCalendar,
  type Duration,
} from '@app/calendar';
import { CASE_DUE_AT, EscalationAction, escalationAction, findRule, SlaRule } from './sla-policy';

export type TimerPurpose = 'warning' | 'breach' | 'escalate';
export type TimerClock = 'workday' | 'wall';

export interface NewTimer {
  purpose: TimerPurpose;
  level: number;
  dueAt: Date;
  clock: TimerClock;
  stateEntered: string;
  /** Escalation timers only: what firing it does besides raising the level. */
  action?: EscalationAction;
}

/** One transition, as deadline planning sees it. */
export interface DeadlineTransition {
  kind: string;
  priority: string;
  eventType: string;
  fromState: string | null;
  toState: string;
  /** The case's own deadline after the transition (rectification items). */
  caseDueAt: string | null;
  /** Deadline columns before the transition. */
  dueAt: Date | null;
  warnAt: Date | null;
  calendarComplete: boolean;
  /** For RESUME: when the suspension began. */
  suspendedSince?: string;
  /** For APPROVE_EXTENSION: the approved deadline. */
  extensionDueAt?: string;
  /**
   * The item arrives already past its own deadline (an imported ledger row): it is due at that
   * deadline, its breach is recorded as it arrives, and its ladder counts from `now`.
   */
  arrivingOverdue?: boolean;
  /**
   * Where the ladder after the case's own deadline counts from when that deadline had passed
   * before the item was in Rectify (when it was imported): old rows do not escalate at once.
   */
  ladderFrom?: string;
  /** The case's own deadline changed without a change of state (a revised responsibility list). */
  caseDueAtMoved?: boolean;
}

export interface DeadlinePlan {
  dueAt: Date | null;
  warnAt: Date | null;
  calendarComplete: boolean;
  /** The case's own deadline moved (resume), if it did. */
  caseDueAt?: string;
  timers:
    | { action: 'none' }
    | { action: 'replace'; insert: NewTimer[]; policyVersion: number }
    | { action: 'pause' }
    | { action: 'resume'; shift: Shift };
}

/** How far a resumed case's deadlines move: the working days and the wall-clock time it spent suspended. */
export interface Shift {
  workdays: number;
  ms: number;
}

const clockOf = (d: Duration | 'case'): TimerClock => (d === 'case' || d.unit === 'wd' ? 'workday' : 'wall');

/**
 * `deadline + duration`, for escalations after a breach and for resumed deadlines: wall-clock
 * units add time; working days keep the clock time and move n working days on from the day the
 * instant falls in (an end-of-day deadline belongs to the day it closes).
 */
export function laterBy(calendar: WorkingCalendar, instant: Date, duration: Duration) {
  if (duration.unit !== 'wd') return addDuration(calendar, instant, duration);
  const day = shanghaiDate(new Date(instant.getTime() - 1));
  const { date, calendarComplete } = calendar.addWorkdays(day, duration.amount);
  return { at: new Date(instant.getTime() + calendarDaysBetween(day, date) * DAY_MS), calendarComplete };
}

export function shiftInstant(calendar: WorkingCalendar, instant: Date, clock: TimerClock, shift: Shift) {
  return clock === 'wall'
    ? { at: new Date(instant.getTime() + shift.ms), calendarComplete: true }
    : laterBy(calendar, instant, { amount: shift.workdays, unit: 'wd' });
}

function ladderFor(rule: SlaRule, from: Date, calendar: WorkingCalendar, stateEntered: string) {
  let complete = true;
  const timers = rule.escalation.map((step): NewTimer => {
    const after = parseDuration(step.after);
    const at = laterBy(calendar, from, after);
    complete &&= at.calendarComplete;
    return { purpose: 'escalate', level: step.level, dueAt: at.at, clock: clockOf(after), stateEntered, action: escalationAction(step) };
  });
  return { timers, complete };
}

function timersFor(rule: SlaRule, deadline: Date, calendar: WorkingCalendar, stateEntered: string, ladderFrom: Date) {
  const clock = clockOf(rule.deadline === CASE_DUE_AT ? 'case' : parseDuration(rule.deadline));
  let complete = true;
  const timers: NewTimer[] = [];
  let warnAt: Date | null = null;
  if (rule.warnBefore) {
    const warn = subtractDuration(calendar, deadline, parseDuration(rule.warnBefore));
    complete &&= warn.calendarComplete;
    warnAt = warn.at;
    timers.push({ purpose: 'warning', level: 0, dueAt: warn.at, clock, stateEntered });
  }
  timers.push({ purpose: 'breach', level: 0, dueAt: deadline, clock, stateEntered });
  const ladder = ladderFor(rule, ladderFrom, calendar, stateEntered);
  return { timers: [...timers, ...ladder.timers], warnAt, complete: complete && ladder.complete };
}

/** Deadline planning with one policy and calendar bound: what a transition is planned with. */
export type PlanDeadlines = (transition: DeadlineTransition, now: Date) => DeadlinePlan;

/**
 * The deadline consequences of one transition, computed without I/O: entering a state with a rule
 * replaces the timers; an approved extension re-plans from the new deadline; SUSPEND pauses;
 * RESUME moves everything on by the time spent suspended.
 */
export function planDeadlines(
  t: DeadlineTransition,
  policy: { version: number; rules: readonly SlaRule[] },
  calendar: WorkingCalendar,
  now: Date,
): DeadlinePlan {
  const keep: DeadlinePlan = { dueAt: t.dueAt, warnAt: t.warnAt, calendarComplete: t.calendarComplete, timers: { action: 'none' } };

  if (t.eventType === 'SUSPEND') return { ...keep, timers: { action: 'pause' } };
  if (t.eventType === 'RESUME') {
    const since = new Date(t.suspendedSince ?? now);
    const shift: Shift = {
      ms: Math.max(0, now.getTime() - since.getTime()),
      workdays: Math.max(0, calendar.workdaysBetween(shanghaiDate(since), shanghaiDate(now)).days),
    };
    const rule = findRule(policy.rules, t.kind, t.priority, t.toState);
    const clock: TimerClock = rule && rule.deadline !== CASE_DUE_AT && parseDuration(rule.deadline).unit !== 'wd' ? 'wall' : 'workday';
    const move = (d: Date | null) => (d ? shiftInstant(calendar, d, clock, shift) : null);
    const due = move(t.dueAt);
    const warn = move(t.warnAt);
    const ownDue = t.caseDueAt ? shiftInstant(calendar, new Date(t.caseDueAt), 'workday', shift).at.toISOString() : undefined;
    return {
      dueAt: due?.at ?? null,
      warnAt: warn?.at ?? null,
      calendarComplete: (due?.calendarComplete ?? true) && (warn?.calendarComplete ?? true),
      caseDueAt: ownDue,
      timers: { action: 'resume', shift },
    };
  }

  const entered = t.fromState !== t.toState;
  const extended = t.eventType === 'APPROVE_EXTENSION';
  const moved = t.caseDueAtMoved === true && findRule(policy.rules, t.kind, t.priority, t.toState)?.deadline === CASE_DUE_AT;
  if (!entered && !extended && !moved) return keep;

  const rule = findRule(policy.rules, t.kind, t.priority, t.toState);
  const cleared: DeadlinePlan = { dueAt: null, warnAt: null, calendarComplete: true, timers: { action: 'replace', insert: [], policyVersion: policy.version } };
  if (!rule) return t.toState === 'closed' || !t.caseDueAt ? cleared : { ...cleared, dueAt: new Date(t.caseDueAt) };
  if (t.arrivingOverdue && t.caseDueAt) {
    const ladder = ladderFor(rule, now, calendar, t.toState);
    return { dueAt: new Date(t.caseDueAt), warnAt: null, calendarComplete: ladder.complete, timers: { action: 'replace', insert: ladder.timers, policyVersion: policy.version } };
  }

  let deadline: Date;
  let complete = true;
  if (extended && t.extensionDueAt) {
    deadline = new Date(t.extensionDueAt);
  } else if (rule.deadline === CASE_DUE_AT) {
    if (!t.caseDueAt) return cleared;
    deadline = new Date(t.caseDueAt);
  } else {
    const computed = addDuration(calendar, now, parseDuration(rule.deadline));
    deadline = computed.at;
    complete = computed.calendarComplete;
  }
  const ladderFrom = rule.deadline === CASE_DUE_AT && t.ladderFrom && new Date(t.ladderFrom) > deadline ? new Date(t.ladderFrom) : deadline;
  const planned = timersFor(rule, deadline, calendar, t.toState, ladderFrom);
  return {
    dueAt: deadline,
    warnAt: planned.warnAt,
    calendarComplete: complete && planned.complete,
    timers: { action: 'replace', insert: planned.timers, policyVersion: policy.version },
  };
}
