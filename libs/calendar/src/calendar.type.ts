import type { IsoDate } from './iso-date.util';

/**
 * The official schedule of one year. A date is a working day iff it is in `workdays`,
 * or it is Monday–Friday and not in `holidays`.
 */
export interface YearSchedule {
  year: number;
  /** Days off that would otherwise be working days (法定节假日). Weekend dates are allowed and change nothing. */
  holidays: IsoDate[];
  /** Adjusted working days (调休上班), usually a Saturday or Sunday. */
  workdays: IsoDate[];
  /** The holiday each listed date belongs to (春节, 劳动节, …), where the notice names it. */
  holidayNames?: Record<IsoDate, string>;
}

export interface NamedHoliday {
  date: IsoDate;
  name: string;
}

/** Where a year's working days come from: an admin-loaded schedule, the chinese-days package, or Mon–Fri. */
export type CalendarSource = 'loaded' | 'package' | 'none';

export interface CalendarYear {
  year: number;
  source: CalendarSource;
  holidays: IsoDate[];
  workdays: IsoDate[];
  /** Every named holiday date, weekends within a holiday included, in date order. */
  holidayNames: NamedHoliday[];
}

export interface YearScheduleIssue {
  field: string;
  message: string;
}

export interface WorkingCalendarOptions {
  /** Called at most once per year and calendar when an answer fell back to Mon–Fri for that year. */
  onMissingYear?: (year: number) => void;
}

/** `calendarComplete` is false when a year involved had no schedule and Mon–Fri was assumed. */
export interface AddWorkdaysResult {
  date: IsoDate;
  calendarComplete: boolean;
}

export interface WorkdaysBetweenResult {
  days: number;
  calendarComplete: boolean;
}

export interface DeadlineResult {
  at: Date;
  calendarComplete: boolean;
}
