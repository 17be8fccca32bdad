import { MigrationInterface, QueryRunner } from 'typeorm';

/** Bumped on a password reset, deactivation or role change: every token issued before it stops working. */
export class AddUserTokenVersion1764800000000 implements MigrationInterface {
  name = 'AddUserTokenVersion1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
