import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { YearSchedule } from '@app/calendar';

@Injectable()
export class CalendarYearRepository {
  constructor(private readonly dataSource: DataSource) {}

  all(runner?: QueryRunner): Promise<YearSchedule[]> {
    return (runner ?? this.dataSource).query(
      `SELECT year, ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(holidays) d ORDER BY d) AS holidays,
              ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(workdays) d ORDER BY d) AS workdays,
              holiday_names AS "holidayNames"
       FROM calendar_years ORDER BY year`,
    );
  }

  async save(schedule: YearSchedule, by: string, runner?: QueryRunner): Promise<void> {
    await (runner ?? this.dataSource).query(
      `INSERT INTO calendar_years (year, holidays, workdays, holiday_names, updated_by) VALUES ($1, $2::date[], $3::date[], $4, $5)
       ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays,
         holiday_names = EXCLUDED.holiday_names, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [schedule.year, schedule.holidays, schedule.workdays, JSON.stringify(schedule.holidayNames ?? {}), by],
    );
  }
}
