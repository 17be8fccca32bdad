import {
  addDuration,
  parseDuration,
  shanghaiDate,
  subtractDuration,
  WorkingCalendar,
  type Duration,
} from '@app/calendar';
import { CASE_DUE_AT, EscalationAction, escalationAction, findRule, SlaRule } from './sla-policy';
import { laterBy, type Shift, shiftInstant, type TimerClock } from './deadline-math';
import { computeRecipe, resumedRecipe, type TimerRecipe } from './timer-recipe';

export { laterBy, shiftInstant, type Shift, type TimerClock };

export type TimerPurpose = 'warning' | 'breach' | 'escalate';

export interface NewTimer {
  purpose: TimerPurpose;
  level: number;
  dueAt: Date;
  clock: TimerClock;
  stateEntered: string;
  /** Escalation timers only: what firing it does besides raising the level. */
  action?: EscalationAction;
  /** How `dueAt` was computed, to compute it again (resume, a loaded calendar year). */
  recipe: TimerRecipe;
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
  /** DEADLINE_REPLANNED: the deadline and warning a loaded calendar year gave (its timers are moved already). */
  replanned?: { dueAt: string | null; warnAt: string | null; calendarComplete?: boolean };
}

export interface DeadlinePlan {
  dueAt: Date | null;
  warnAt: Date | null;
  calendarComplete: boolean;
  /** The case's own deadline moved (resume), if it did. */
  caseDueAt?: string;
  timers:
    | { action: 'none' }
    | { action: 'replace'; insert: NewTimer[]; policyVersion: number; calendarVersion?: number }
    | { action: 'pause' }
    | { action: 'resume'; shift: Shift };
}

const clockOf = (d: Duration | 'case'): TimerClock => (d === 'case' || d.unit === 'wd' ? 'workday' : 'wall');

/** The clock a rule's deadline runs on: its own unit, or working days for the case's own date. */
const deadlineClock = (rule: SlaRule): TimerClock => clockOf(rule.deadline === CASE_DUE_AT ? 'case' : parseDuration(rule.deadline));

/** The deadline part of a recipe: where the count starts, and the duration when it is one. */
type Anchor = Pick<TimerRecipe, 'from' | 'deadline' | 'clock'>;
const anchorAt = (at: Date, clock: TimerClock): Anchor => ({ from: at.toISOString(), clock });

function ladderFor(rule: SlaRule, from: Date, calendar: WorkingCalendar, stateEntered: string, anchor: Anchor = anchorAt(from, deadlineClock(rule))) {
  let complete = true;
  const timers = rule.escalation.map((step): NewTimer => {
    const after = parseDuration(step.after);
    const at = laterBy(calendar, from, after);
    complete &&= at.calendarComplete;
    return {
      purpose: 'escalate',
      level: step.level,
      dueAt: at.at,
      clock: clockOf(after),
      stateEntered,
      action: escalationAction(step),
      recipe: { ...anchor, shifts: [], step: { after: step.after } },
    };
  });
  return { timers, complete };
}

function timersFor(rule: SlaRule, deadline: Date, calendar: WorkingCalendar, stateEntered: string, ladderFrom: Date, anchor: Anchor) {
  const clock = deadlineClock(rule);
  let complete = true;
  const timers: NewTimer[] = [];
  let warnAt: Date | null = null;
  if (rule.warnBefore) {
    const warn = subtractDuration(calendar, deadline, parseDuration(rule.warnBefore));
    complete &&= warn.calendarComplete;
    warnAt = warn.at;
    timers.push({ purpose: 'warning', level: 0, dueAt: warn.at, clock, stateEntered, recipe: { ...anchor, shifts: [], step: { before: rule.warnBefore } } });
  }
  timers.push({ purpose: 'breach', level: 0, dueAt: deadline, clock, stateEntered, recipe: { ...anchor, shifts: [] } });
  // An old row imported late counts its ladder from its arrival, not from the deadline.
  const ladderAnchor = ladderFrom.getTime() === deadline.getTime() ? anchor : anchorAt(ladderFrom, clock);
  const ladder = ladderFor(rule, ladderFrom, calendar, stateEntered, ladderAnchor);
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
  if (t.eventType === 'DEADLINE_REPLANNED' && t.replanned) {
    const { dueAt, warnAt, calendarComplete } = t.replanned;
    return { dueAt: dueAt ? new Date(dueAt) : null, warnAt: warnAt ? new Date(warnAt) : null, calendarComplete: calendarComplete ?? t.calendarComplete, timers: { action: 'none' } };
  }
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
  let anchor: Anchor;
  let complete = true;
  if (extended && t.extensionDueAt) {
    deadline = new Date(t.extensionDueAt);
    anchor = anchorAt(deadline, deadlineClock(rule));
  } else if (rule.deadline === CASE_DUE_AT) {
    if (!t.caseDueAt) return cleared;
    deadline = new Date(t.caseDueAt);
    anchor = anchorAt(deadline, deadlineClock(rule));
  } else {
    const computed = addDuration(calendar, now, parseDuration(rule.deadline));
    deadline = computed.at;
    complete = computed.calendarComplete;
    anchor = { from: now.toISOString(), deadline: rule.deadline, clock: deadlineClock(rule) };
  }
  const ladderFrom = rule.deadline === CASE_DUE_AT && t.ladderFrom && new Date(t.ladderFrom) > deadline ? new Date(t.ladderFrom) : deadline;
  const planned = timersFor(rule, deadline, calendar, t.toState, ladderFrom, anchor);
  return {
    dueAt: deadline,
    warnAt: planned.warnAt,
    calendarComplete: complete && planned.complete,
    timers: { action: 'replace', insert: planned.timers, policyVersion: policy.version },
  };
}

/**
 * A paused timer on RESUME. With its recipe the deadline moves on by the time suspended and each
 * step is computed again from it, so a ladder keeps its order and its gaps in each step's own unit;
 * a timer written before recipes moves by its own clock.
 */
export function resumedTimer(calendar: WorkingCalendar, timer: { id: string; dueAt: Date; clock: TimerClock; recipe: TimerRecipe | null }, shift: Shift) {
  if (!timer.recipe) return { id: timer.id, dueAt: shiftInstant(calendar, new Date(timer.dueAt), timer.clock, shift).at, recipe: null };
  const recipe = resumedRecipe(timer.recipe, shift);
  return { id: timer.id, dueAt: computeRecipe(calendar, recipe).at, recipe };
}
