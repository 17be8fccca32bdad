import type { YearScheduleIssue } from './calendar.type';
import { isIsoDate } from './iso-date.util';

export const SCHEDULE_MIN_YEAR = 2000;
export const SCHEDULE_MAX_YEAR = 2100;
export const SCHEDULE_MAX_ENTRIES = 366;

type ListName = 'holidays' | 'workdays';

function describe(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Checks an admin-supplied schedule before it is stored or loaded; returns no issues when valid.
 * Holidays falling on a weekend are accepted (notices list whole ranges such as 1月1日至3日).
 */
export const HOLIDAY_NAME_MAX = 20;

export function validateYearSchedule(
  year: unknown,
  input: { holidays: unknown; workdays: unknown; holidayNames?: unknown },
): YearScheduleIssue[] {
  const issues: YearScheduleIssue[] = [];
  const yearValid =
    typeof year === 'number' && Number.isInteger(year) && year >= SCHEDULE_MIN_YEAR && year <= SCHEDULE_MAX_YEAR;
  if (!yearValid) {
    issues.push({
      field: 'year',
      message: `must be an integer from ${SCHEDULE_MIN_YEAR} to ${SCHEDULE_MAX_YEAR}, got ${describe(year)}`,
    });
  }

  const seen = new Map<string, string>();
  for (const list of ['holidays', 'workdays'] as const satisfies readonly ListName[]) {
    const value = input[list];
    if (!Array.isArray(value)) {
      issues.push({ field: list, message: `must be an array of dates (YYYY-MM-DD), got ${describe(value)}` });
      continue;
    }
    if (value.length > SCHEDULE_MAX_ENTRIES) {
      issues.push({ field: list, message: `must have at most ${SCHEDULE_MAX_ENTRIES} entries, got ${value.length}` });
      continue;
    }
    value.forEach((date: unknown, index) => {
      const field = `${list}[${index}]`;
      if (!isIsoDate(date)) {
        issues.push({ field, message: `must be a real calendar date in the form YYYY-MM-DD, got ${describe(date)}` });
        return;
      }
      if (yearValid && Number(date.slice(0, 4)) !== year) {
        issues.push({ field, message: `${date} is not in ${year}` });
        return;
      }
      const earlier = seen.get(date);
      if (earlier === undefined) {
        seen.set(date, field);
      } else if (earlier.startsWith(list)) {
        issues.push({ field, message: `${date} is listed twice (also at ${earlier})` });
      } else {
        const message = `${date} is also listed at ${earlier}; a date cannot be both a holiday and a working day`;
        issues.push({ field, message });
      }
    });
  }
  issues.push(...namingIssues(input.holidayNames, Array.isArray(input.holidays) ? new Set(input.holidays) : new Set()));
  return issues;
}

/** Names are for holidays the schedule lists: each named date must be one of its holidays. */
function namingIssues(names: unknown, holidays: ReadonlySet<unknown>): YearScheduleIssue[] {
  if (names === undefined) return [];
  if (typeof names !== 'object' || names === null || Array.isArray(names)) return [{ field: 'holidayNames', message: 'must map dates to holiday names' }];
  return Object.entries(names).flatMap(([date, name]): YearScheduleIssue[] => {
    if (!holidays.has(date)) return [{ field: 'holidays', message: `${date} is named ${describe(name)} but is not one of the holidays` }];
    if (typeof name !== 'string' || !name.trim() || name.length > HOLIDAY_NAME_MAX) {
      return [{ field: 'holidays', message: `the name of ${date} must be 1 to ${HOLIDAY_NAME_MAX} characters, got ${describe(name)}` }];
    }
    return [];
  });
}
