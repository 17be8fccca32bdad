import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The highest escalation level a case ever reached: the level itself starts again with each state
 * (and after an extension), while a 问责 opened at level 3 stays open.
 */
export class AddCaseEscalationPeak1766500000000 implements MigrationInterface {
  name = 'AddCaseEscalationPeak1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN max_escalation_level smallint NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE cases c SET max_escalation_level = greatest(c.escalation_level, e.peak)
      FROM (SELECT case_id, max((payload->>'level')::int) AS peak FROM case_events WHERE type = 'ESCALATE' GROUP BY case_id) e
      WHERE e.case_id = c.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN max_escalation_level`);
  }
}
