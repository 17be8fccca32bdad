import { Injectable, Logger } from '@nestjs/common';
import { CalendarYear, validateYearSchedule, WorkingCalendar, YearSchedule } from '@app/calendar';
import { DomainError } from '@app/workflow';
import { CalendarYearRepository } from '../persistence/calendar-year.repository';

const TTL_MS = 30_000;

/**
 * The working calendar: chinese-days plus the years administrators loaded. Rebuilt at most every
 * TTL_MS (other processes' loads) and at once after a local load. Warns once per missing year.
 */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  private readonly warned = new Set<number>();
  private cached?: { calendar: Promise<WorkingCalendar>; at: number };

  constructor(private readonly years: CalendarYearRepository) {}

  calendar(): Promise<WorkingCalendar> {
    if (!this.cached || Date.now() - this.cached.at > TTL_MS) {
      const calendar = this.years.all().then(
        (loaded) =>
          new WorkingCalendar(loaded, {
            onMissingYear: (year) => {
              if (this.warned.has(year)) return;
              this.warned.add(year);
              this.logger.warn(
                `no holiday calendar for ${year}: deadlines in ${year} count Monday-Friday only; load the official schedule with PUT /api/calendar/${year}`,
              );
            },
          }),
      );
      this.cached = { calendar, at: Date.now() };
      calendar.catch(() => (this.cached = undefined));
    }
    return this.cached.calendar;
  }

  async year(year: number): Promise<CalendarYear> {
    return (await this.calendar()).year(year);
  }

  async load(year: number, input: { holidays: unknown; workdays: unknown }, by: string): Promise<CalendarYear> {
    const issues = validateYearSchedule(year, input);
    if (issues.length) throw DomainError.validation(issues);
    const schedule: YearSchedule = { year, holidays: input.holidays as string[], workdays: input.workdays as string[] };
    await this.years.save(schedule, by);
    this.cached = undefined;
    this.warned.delete(year);
    return this.year(year);
  }

  async addWorkdays(from: string, workdays: number) {
    return (await this.calendar()).addWorkdays(from, workdays);
  }
}
