import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case may name a unit that reviews it besides the county's inspectors (a duty of the
 * responsibility list reviewed by 县直机关工委): its officers read the case and send the review.
 */
export class AddCaseReviewerUnit1765700000000 implements MigrationInterface {
  name = 'AddCaseReviewerUnit1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN reviewer_unit_id uuid REFERENCES units (id)`);
    await q.query(`CREATE INDEX cases_reviewer_unit_idx ON cases (reviewer_unit_id) WHERE reviewer_unit_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN reviewer_unit_id`);
  }
}
