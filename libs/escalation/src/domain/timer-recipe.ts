import { addDuration, parseDuration, subtractDuration, WorkingCalendar } from '@app/calendar';
import { laterBy, type Shift, shiftInstant, type TimerClock } from './deadline-math';

/**
 * How a timer's due time was computed, kept with the timer so it can be computed again: on
 * RESUME (the deadline moves on by the time suspended, and each step keeps its gap from it in its
 * own unit) and when a calendar year is loaded (working days are counted anew).
 */
export interface TimerRecipe {
  /** Where the count starts (ISO): entering the state, or a deadline given as a date. */
  from: string;
  /** The deadline as a duration from `from`; absent when `from` is the deadline itself. */
  deadline?: string;
  /** How a suspension moves the deadline: working days, or wall-clock time for an hour deadline. */
  clock: TimerClock;
  /** The suspensions the deadline was moved on by, in order. */
  shifts: Shift[];
  /** A warning this long before the deadline, or an escalation step this long after it. */
  step?: { before: string } | { after: string };
}

export interface Computed {
  at: Date;
  calendarComplete: boolean;
}

/** The deadline part of a recipe: from, then the duration, then each suspension. */
function anchorOf(calendar: WorkingCalendar, recipe: TimerRecipe): Computed {
  let at = new Date(recipe.from);
  let calendarComplete = true;
  const take = (c: Computed) => {
    at = c.at;
    calendarComplete &&= c.calendarComplete;
  };
  if (recipe.deadline) take(addDuration(calendar, at, parseDuration(recipe.deadline)));
  for (const shift of recipe.shifts) take(shiftInstant(calendar, at, recipe.clock, shift));
  return { at, calendarComplete };
}

/** The due time the recipe gives on this calendar. */
export function computeRecipe(calendar: WorkingCalendar, recipe: TimerRecipe): Computed {
  const anchor = anchorOf(calendar, recipe);
  if (!recipe.step) return anchor;
  const step =
    'before' in recipe.step
      ? subtractDuration(calendar, anchor.at, parseDuration(recipe.step.before))
      : laterBy(calendar, anchor.at, parseDuration(recipe.step.after));
  return { at: step.at, calendarComplete: anchor.calendarComplete && step.calendarComplete };
}

/** The recipe after one more suspension: the deadline moves, the step keeps its distance. */
export function resumedRecipe(recipe: TimerRecipe, shift: Shift): TimerRecipe {
  return { ...recipe, shifts: [...recipe.shifts, shift] };
}

/** Whether a calendar change can move it: anything counted in working days. */
export function countsWorkdays(recipe: TimerRecipe): boolean {
  const wd = (d?: string) => d !== undefined && d.endsWith('wd');
  const step = recipe.step && ('before' in recipe.step ? recipe.step.before : recipe.step.after);
  return wd(recipe.deadline) || wd(step) || (recipe.clock === 'workday' && recipe.shifts.some((s) => s.workdays > 0));
}

/** A pending or paused timer with its recipe, and the deadline columns of its case. */
export interface OpenTimer {
  id: string;
  caseId: string;
  purpose: 'warning' | 'breach' | 'escalate';
  dueAt: Date;
  recipe: TimerRecipe;
}

/** What a calendar change moves on one case. */
export interface CaseReplan {
  caseId: string;
  timers: { id: string; dueAt: Date }[];
  /** The breach (the case's deadline) and the warning, computed again; absent when the case has none pending. */
  breach?: Computed;
  warning?: Computed;
}

/**
 * What the calendar changes, case by case: the timers whose recipe now gives another due time,
 * and cases counted without holiday data whose deadline the calendar now covers (their flag clears).
 */
export function replanTimers(timers: readonly (OpenTimer & { calendarComplete?: boolean })[], calendar: WorkingCalendar): CaseReplan[] {
  const byCase = new Map<string, CaseReplan & { completes: boolean }>();
  for (const timer of timers) {
    if (!countsWorkdays(timer.recipe)) continue;
    const computed = computeRecipe(calendar, timer.recipe);
    const replan = byCase.get(timer.caseId) ?? { caseId: timer.caseId, timers: [], completes: false };
    byCase.set(timer.caseId, replan);
    if (timer.purpose === 'breach' && timer.calendarComplete === false && computed.calendarComplete) {
      replan.breach = computed;
      replan.completes = true;
    }
    if (computed.at.getTime() === new Date(timer.dueAt).getTime()) continue;
    replan.timers.push({ id: timer.id, dueAt: computed.at });
    if (timer.purpose === 'breach') replan.breach = computed;
    if (timer.purpose === 'warning') replan.warning = computed;
  }
  return [...byCase.values()].filter((r) => r.timers.length || r.completes).map(({ completes: _, ...r }) => r);
}
