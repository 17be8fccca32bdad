import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An escalation timer carries its step's action from the SLA policy it was planned with, so a
 * later policy cannot change what an already-pending step does. Pending level-3 steps opened
 * the accountability case before this column existed; they keep doing so.
 */
export class AddTimerAction1765000000000 implements MigrationInterface {
  name = 'AddTimerAction1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_timers ADD COLUMN action text CHECK (action IN ('notify', 'open-accountability'))`);
    await q.query(`UPDATE case_timers SET action = CASE WHEN level = 3 THEN 'open-accountability' ELSE 'notify' END WHERE purpose = 'escalate'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_timers DROP COLUMN action`);
  }
}
