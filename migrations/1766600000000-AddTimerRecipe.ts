import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each timer's due time was computed (start, deadline, suspensions, step) and on which calendar
 * version, so a resume moves a ladder as a whole and a loaded calendar year counts its working days again. Older timers have
 * none and keep moving as before.
 */
export class AddTimerRecipe1766600000000 implements MigrationInterface {
  name = 'AddTimerRecipe1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_timers ADD COLUMN recipe jsonb`);
    // The calendar version the due time was computed on: a planner that raced a calendar load is found and re-planned.
    await q.query(`ALTER TABLE case_timers ADD COLUMN calendar_version bigint`);
    await q.query(`CREATE INDEX case_timers_calendar_idx ON case_timers (calendar_version) WHERE status IN ('pending', 'paused') AND recipe IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_timers DROP COLUMN calendar_version`);
    await q.query(`ALTER TABLE case_timers DROP COLUMN recipe`);
  }
}
