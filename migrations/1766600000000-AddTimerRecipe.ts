import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each timer's due time was computed (start, deadline, suspensions, step), so a resume moves a
 * ladder as a whole and a loaded calendar year counts its working days again. Older timers have
 * none and keep moving as before.
 */
export class AddTimerRecipe1766600000000 implements MigrationInterface {
  name = 'AddTimerRecipe1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_timers ADD COLUMN recipe jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_timers DROP COLUMN recipe`);
  }
}
