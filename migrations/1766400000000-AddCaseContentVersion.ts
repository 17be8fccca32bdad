import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version of a case's last event that changed its state or fields. A person's If-Match is
 * compared with it, so a deadline warning written by the system between their read and their
 * submit does not refuse what they typed.
 */
export class AddCaseContentVersion1766400000000 implements MigrationInterface {
  name = 'AddCaseContentVersion1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN content_version int NOT NULL DEFAULT 1`);
    await q.query(`UPDATE cases SET content_version = version WHERE version <> 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN content_version`);
  }
}
