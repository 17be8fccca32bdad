import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { SettingsVersions, VersionedCache } from '@app/database';
import { CalendarYear, NamedHoliday, validateYearSchedule, WorkingCalendar, YearSchedule } from '@app/calendar';
import { ADMIN_TRAIL, type AdminTrail, type ChangeContext, DomainError } from '@app/workflow';
import { CalendarYearRepository } from '../persistence/calendar-year.repository';

/**
 * The working calendar: chinese-days plus the years administrators loaded, rebuilt when any
 * process loads a year (see SettingsVersions). Warns once per missing year.
 */
@Injectable()
export class CalendarYearsService implements OnModuleInit {
  private readonly logger = new Logger(CalendarYearsService.name);
  private readonly warned = new Set<number>();
  private readonly cache: VersionedCache<WorkingCalendar>;

  constructor(
    private readonly years: CalendarYearRepository,
    @Inject(ADMIN_TRAIL) private readonly trail: AdminTrail,
    settings: SettingsVersions,
  ) {
    this.cache = settings.cache('calendar', async () => new WorkingCalendar(await this.years.all(), { onMissingYear: (y) => this.warnOnce(y) }));
  }

  async onModuleInit(): Promise<void> {
    await this.cache.refresh().catch(() => undefined);
  }

  calendar(): Promise<WorkingCalendar> {
    return this.cache.get();
  }

  /** The calendar with its settings version: timers record which calendar they were computed on. */
  async calendarAndVersion(): Promise<{ calendar: WorkingCalendar; version: number }> {
    const { data, version } = await this.cache.current();
    return { calendar: data, version };
  }

  private warnOnce(year: number): void {
    if (this.warned.has(year)) return;
    this.warned.add(year);
    this.logger.warn(
      `no holiday calendar for ${year}: deadlines in ${year} count Monday-Friday only; load the official schedule with PUT /api/calendar/${year}`,
    );
  }

  async year(year: number): Promise<CalendarYear> {
    return (await this.calendar()).year(year);
  }

  /**
   * A year's schedule as an administrator gives it, checked. Holidays come as dates or as
   * `{date, name}` (the name lets `before-holidays` duties find 春节 and the rest).
   */
  schedule(year: number, input: { holidays: readonly unknown[]; workdays: readonly string[] }): YearSchedule {
    const isNamed = (h: unknown): h is Partial<NamedHoliday> => typeof h === 'object' && h !== null;
    const holidays = input.holidays.map((h) => (isNamed(h) ? h.date : h)) as string[];
    const holidayNames = Object.fromEntries(input.holidays.filter(isNamed).map((h) => [String(h.date), typeof h.name === 'string' ? h.name.trim() : h.name]));
    const issues = validateYearSchedule(year, { holidays, workdays: input.workdays, holidayNames });
    if (issues.length) throw DomainError.validation(issues.map((issue) => ({ ...issue, code: 'invalid_date' as const })));
    return { year, holidays, workdays: [...input.workdays], holidayNames: holidayNames as Record<string, string> };
  }

  /** The calendar the database holds on this transaction, with `schedule` in place of its year (for a preview). */
  async calendarWith(runner: QueryRunner, schedule?: YearSchedule): Promise<WorkingCalendar> {
    const years = (await this.years.all(runner)).filter((y) => y.year !== schedule?.year);
    return new WorkingCalendar(schedule ? [...years, schedule] : years, { onMissingYear: (y) => this.warnOnce(y) });
  }

  /** Stores the year and its admin-chain record on the caller's transaction. */
  async saveIn(runner: QueryRunner, schedule: YearSchedule, by: ChangeContext): Promise<void> {
    const before = (await this.years.all(runner)).find((y) => y.year === schedule.year) ?? null;
    await this.years.save(schedule, by.actor.id, runner);
    await this.trail.record(runner, [
      {
        type: 'CALENDAR_YEAR_LOADED',
        subject: { type: 'calendar-year', id: String(schedule.year) },
        before: before && { holidays: before.holidays, workdays: before.workdays, holidayNames: before.holidayNames ?? {} },
        after: { holidays: [...schedule.holidays].sort(), workdays: [...schedule.workdays].sort(), holidayNames: schedule.holidayNames ?? {} },
        ...by,
      },
    ]);
  }

  /** After a committed load: this process counts with the new year at once (the others on their next request). */
  async loaded(year: number): Promise<CalendarYear> {
    this.warned.delete(year);
    await this.cache.refresh();
    return this.year(year);
  }

  /** The n-th working day after `from`; a date the calendar cannot read is the caller's error. */
  async addWorkdays(from: string, workdays: number): Promise<{ date: string; calendarComplete: boolean }> {
    const calendar = await this.calendar();
    try {
      const { date, calendarComplete } = calendar.addWorkdays(from, workdays);
      return { date, calendarComplete };
    } catch (error) {
      throw DomainError.validation([{ field: 'from', code: 'invalid_date', message: (error as Error).message }]);
    }
  }
}
