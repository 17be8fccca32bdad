import { MigrationInterface, QueryRunner } from 'typeorm';

/** A unit abolished or merged (机构改革) is deactivated, not deleted: its cases and trail stay. */
export class AddUnitActive1766700000000 implements MigrationInterface {
  name = 'AddUnitActive1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN active boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units DROP COLUMN active`);
  }
}
