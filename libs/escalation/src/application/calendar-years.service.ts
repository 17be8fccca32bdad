import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { SettingsVersions, Transactions, VersionedCache } from '@app/database';
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
    private readonly transactions: Transactions,
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

  /** Holidays come as dates or as `{date, name}` (the name lets `before-holidays` duties find 春节 and the rest). */
  async load(year: number, input: { holidays: readonly unknown[]; workdays: readonly string[] }, by: ChangeContext): Promise<CalendarYear> {
    const isNamed = (h: unknown): h is Partial<NamedHoliday> => typeof h === 'object' && h !== null;
    const holidays = input.holidays.map((h) => (isNamed(h) ? h.date : h)) as string[];
    const holidayNames = Object.fromEntries(input.holidays.filter(isNamed).map((h) => [String(h.date), typeof h.name === 'string' ? h.name.trim() : h.name]));
    const issues = validateYearSchedule(year, { holidays, workdays: input.workdays, holidayNames });
    if (issues.length) throw DomainError.validation(issues.map((issue) => ({ ...issue, code: 'invalid_date' as const })));
    const schedule: YearSchedule = { year, holidays, workdays: [...input.workdays], holidayNames: holidayNames as Record<string, string> };
    await this.transactions.run(async (runner) => {
      const before = (await this.years.all(runner)).find((y) => y.year === year) ?? null;
      await this.years.save(schedule, by.actor.id, runner);
      await this.trail.record(runner, [
        {
          type: 'CALENDAR_YEAR_LOADED',
          subject: { type: 'calendar-year', id: String(year) },
          before: before && { holidays: before.holidays, workdays: before.workdays, holidayNames: before.holidayNames ?? {} },
          after: { holidays: [...holidays].sort(), workdays: [...schedule.workdays].sort(), holidayNames: schedule.holidayNames ?? {} },
          ...by,
        },
      ]);
    });
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
