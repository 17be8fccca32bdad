import { addDuration, calendarDaysBetween, DAY_MS, shanghaiDate, WorkingCalendar, type Duration } from '@app/calendar';

export type TimerClock = 'workday' | 'wall';

/** How far a resumed case's deadlines move: the working days and the wall-clock time it spent suspended. */
export interface Shift {
  workdays: number;
  ms: number;
}

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
