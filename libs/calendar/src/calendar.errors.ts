import type { YearScheduleIssue } from './calendar.type';

export class InvalidYearScheduleError extends Error {
  override readonly name = 'InvalidYearScheduleError';

  constructor(
    readonly year: unknown,
    readonly issues: YearScheduleIssue[],
  ) {
    super(`Invalid schedule for year ${String(year)}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
}
