import { InvalidYearScheduleError } from './calendar.errors';
import type {
  AddWorkdaysResult,
  CalendarSource,
  CalendarYear,
  WorkdaysBetweenResult,
  WorkingCalendarOptions,
  YearSchedule,
} from './calendar.type';
import { packageYear } from './chinese-days.util';
import {
  assertIsoDate,
  assertYear,
  daysInYear,
  epochDayOfYearStart,
  fromEpochDay,
  type IsoDate,
  toEpochDay,
  weekdayOfEpochDay,
  yearOfEpochDay,
} from './iso-date.util';
import { validateYearSchedule } from './year-schedule.policy';

interface YearTable {
  readonly source: CalendarSource;
  /** Epoch day of 1 January. */
  readonly firstDay: number;
  /** 1 for a working day, indexed by day of the year (0 = 1 January). */
  readonly working: Uint8Array;
  /** before[i] = working days among indices < i, so ranges are counted without walking them. */
  readonly before: Uint16Array;
}

const isWeekday = (epochDay: number) => {
  const weekday = weekdayOfEpochDay(epochDay);
  return weekday >= 1 && weekday <= 5;
};

/**
 * Working days in Asia/Shanghai. Per year, a loaded schedule wins over the chinese-days data;
 * a year with neither falls back to Monday–Friday and results say `calendarComplete: false`.
 * Immutable: build a new calendar when the loaded schedules change.
 */
export class WorkingCalendar {
  private readonly loaded = new Map<number, YearSchedule>();
  private readonly tables = new Map<number, YearTable>();
  private readonly reportedMissing = new Set<number>();
  private readonly onMissingYear?: (year: number) => void;

  constructor(loaded: YearSchedule[] = [], options: WorkingCalendarOptions = {}) {
    for (const schedule of loaded) {
      const issues = validateYearSchedule(schedule.year, schedule);
      if (this.loaded.has(schedule.year)) issues.push({ field: 'year', message: `${schedule.year} is loaded twice` });
      if (issues.length > 0) throw new InvalidYearScheduleError(schedule.year, issues);
      this.loaded.set(schedule.year, {
        year: schedule.year,
        holidays: [...schedule.holidays].sort(),
        workdays: [...schedule.workdays].sort(),
        holidayNames: { ...schedule.holidayNames },
      });
    }
    this.onMissingYear = options.onMissingYear;
  }

  source(year: number): CalendarSource {
    assertYear(year);
    if (this.loaded.has(year)) return 'loaded';
    return packageYear(year) ? 'package' : 'none';
  }

  hasData(year: number): boolean {
    return this.source(year) !== 'none';
  }

  /**
   * The year's schedule for display. A loaded year returns its lists as loaded; a package year
   * returns the Mon–Fri days off and the Sat/Sun working days; a year without data returns empty lists.
   */
  year(year: number): CalendarYear {
    const source = this.source(year);
    const schedule = this.loaded.get(year);
    const holidayNames = this.namedHolidays(year);
    if (schedule) return { year, source, holidays: [...schedule.holidays], workdays: [...schedule.workdays], holidayNames };
    const result: CalendarYear = { year, source, holidays: [], workdays: [], holidayNames };
    if (source === 'none') return result;
    const { firstDay, working } = this.table(year);
    for (let i = 0; i < working.length; i++) {
      const weekday = isWeekday(firstDay + i);
      if (weekday && working[i] === 0) result.holidays.push(fromEpochDay(firstDay + i));
      if (!weekday && working[i] === 1) result.workdays.push(fromEpochDay(firstDay + i));
    }
    return result;
  }

  /** The year's named holiday dates: a loaded year's names, or the package's for a package year. */
  namedHolidays(year: number): { date: IsoDate; name: string }[] {
    const source = this.source(year);
    const names = source === 'loaded' ? this.loaded.get(year)?.holidayNames : source === 'package' ? packageYear(year)?.holidayNames : undefined;
    return Object.entries(names ?? {})
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  /** The first day of each named holiday of the year (春节 2026 → 2026-02-15, a Sunday). */
  holidayStarts(year: number): Map<string, IsoDate> {
    const starts = new Map<string, IsoDate>();
    for (const { date, name } of this.namedHolidays(year)) if (!starts.has(name)) starts.set(name, date);
    return starts;
  }

  isWorkday(date: IsoDate): boolean {
    assertIsoDate(date);
    const day = toEpochDay(date);
    const table = this.touch(yearOfEpochDay(day));
    return table.working[day - table.firstDay] === 1;
  }

  /**
   * The n-th working day after `from` (`from` itself not counted); n = 0 is `from` itself and
   * a negative n counts |n| working days back.
   */
  addWorkdays(from: IsoDate, n: number): AddWorkdaysResult {
    assertIsoDate(from);
    if (!Number.isSafeInteger(n)) throw new RangeError(`Working-day count must be an integer, got ${n}`);
    if (n === 0) return { date: from, calendarComplete: true };
    const step = n > 0 ? 1 : -1;
    let remaining = Math.abs(n);
    let pos = toEpochDay(from);
    let complete = true;

    for (;;) {
      const next = pos + step;
      const table = this.touch(yearOfEpochDay(next));
      complete &&= table.source !== 'none';
      const last = table.working.length - 1;
      const index = next - table.firstDay;
      const available = n > 0 ? table.before[last + 1] - table.before[index] : table.before[index + 1];
      if (remaining > available) {
        remaining -= available;
        pos = n > 0 ? table.firstDay + last : table.firstDay;
        continue;
      }
      let i = index;
      while (table.working[i] === 0 || --remaining > 0) i += step;
      return { date: fromEpochDay(table.firstDay + i), calendarComplete: complete };
    }
  }

  /** Working days d with from < d ≤ to; negative (the same count) when `to` is before `from`. */
  workdaysBetween(from: IsoDate, to: IsoDate): WorkdaysBetweenResult {
    assertIsoDate(from);
    assertIsoDate(to);
    const [a, b] = [toEpochDay(from), toEpochDay(to)];
    const [low, high] = a < b ? [a, b] : [b, a];
    let days = 0;
    let complete = true;
    if (low === high) return { days, calendarComplete: complete };
    for (let year = yearOfEpochDay(low + 1); ; year++) {
      const table = this.touch(year);
      complete &&= table.source !== 'none';
      const lastDay = table.firstDay + table.working.length - 1;
      const start = Math.max(low + 1, table.firstDay) - table.firstDay;
      const end = Math.min(high, lastDay) - table.firstDay;
      days += table.before[end + 1] - table.before[start];
      if (lastDay >= high) break;
    }
    return { days: a < b || days === 0 ? days : -days, calendarComplete: complete };
  }

  private touch(year: number): YearTable {
    const table = this.table(year);
    if (table.source === 'none' && !this.reportedMissing.has(year)) {
      this.reportedMissing.add(year);
      this.onMissingYear?.(year);
    }
    return table;
  }

  private table(year: number): YearTable {
    const cached = this.tables.get(year);
    if (cached) return cached;

    const source = this.source(year);
    const firstDay = epochDayOfYearStart(year);
    const working = new Uint8Array(daysInYear(year));
    for (let i = 0; i < working.length; i++) working[i] = isWeekday(firstDay + i) ? 1 : 0;
    const lists = source === 'loaded' ? this.loaded.get(year) : source === 'package' ? packageYear(year) : undefined;
    if (lists) {
      // Working days are applied last so that, as in chinese-days, they win over a clashing holiday.
      for (const date of lists.holidays) working[toEpochDay(date) - firstDay] = 0;
      for (const date of lists.workdays) working[toEpochDay(date) - firstDay] = 1;
    }
    const before = new Uint16Array(working.length + 1);
    for (let i = 0; i < working.length; i++) before[i + 1] = before[i] + working[i];

    const table: YearTable = { source, firstDay, working, before };
    this.tables.set(year, table);
    return table;
  }
}
