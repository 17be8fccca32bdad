import type { DeadlineResult } from './calendar.type';
import { assertDuration, type Duration } from './duration.util';
import { addCalendarDays, calendarDaysBetween, DAY_MS, shanghaiDate, startOfShanghaiDay } from './iso-date.util';
import type { WorkingCalendar } from './working-calendar';

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000 } as const;

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
}

/**
 * `h`/`m`/`s` add wall-clock time. `nwd` ends at the close of the n-th working day after the
 * Shanghai date of `from` (00:00 +08:00 of the next day), whatever the time of day it started:
 * received Friday 15:00 or Saturday 10:00, 1wd is due at the end of Monday.
 */
export function addDuration(calendar: WorkingCalendar, from: Date, duration: Duration): DeadlineResult {
  assertInstant(from);
  assertDuration(duration);
  if (duration.unit !== 'wd') {
    return { at: new Date(from.getTime() + duration.amount * UNIT_MS[duration.unit]), calendarComplete: true };
  }
  const { date, calendarComplete } = calendar.addWorkdays(shanghaiDate(from), duration.amount);
  return { at: startOfShanghaiDay(addCalendarDays(date, 1)), calendarComplete };
}

/**
 * For warnings ahead of a deadline. `h`/`m`/`s` subtract wall-clock time. `nwd` keeps the clock
 * time and moves back n working days from the day the deadline falls in, where a deadline at
 * exactly 00:00 belongs to the day it closes: 1wd before the end of Monday 2026-12-07
 * (2026-12-08 00:00) is the end of Friday 2026-12-04 (2026-12-05 00:00).
 */
export function subtractDuration(calendar: WorkingCalendar, deadline: Date, duration: Duration): DeadlineResult {
  assertInstant(deadline);
  assertDuration(duration);
  if (duration.unit !== 'wd') {
    return { at: new Date(deadline.getTime() - duration.amount * UNIT_MS[duration.unit]), calendarComplete: true };
  }
  const day = shanghaiDate(new Date(deadline.getTime() - 1));
  const { date, calendarComplete } = calendar.addWorkdays(day, -duration.amount);
  // Shanghai has no DST, so whole days keep the clock time.
  return { at: new Date(deadline.getTime() + calendarDaysBetween(day, date) * DAY_MS), calendarComplete };
}
