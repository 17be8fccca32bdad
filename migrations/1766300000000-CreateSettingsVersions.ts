import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version per cached setting, raised in the same transaction as the change by a statement
 * trigger: a process compares it with the version its copy was loaded at and reloads before
 * answering, so every process gives the same answer as soon as the change is committed.
 */
export class CreateSettingsVersions1766300000000 implements MigrationInterface {
  name = 'CreateSettingsVersions1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE settings_versions (name text PRIMARY KEY, version bigint NOT NULL DEFAULT 1)`);
    await q.query(`INSERT INTO settings_versions (name) VALUES ('units'), ('sla-policy'), ('calendar')`);
    await q.query(`
      CREATE FUNCTION settings_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE settings_versions SET version = version + 1 WHERE name = TG_ARGV[0];
        RETURN NULL;
      END $$`);
    for (const [table, name] of [
      ['units', 'units'],
      ['sla_policies', 'sla-policy'],
      ['calendar_years', 'calendar'],
    ]) {
      await q.query(
        `CREATE TRIGGER ${table}_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION settings_version_bump('${name}')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['units', 'sla_policies', 'calendar_years']) await q.query(`DROP TRIGGER ${table}_settings_version ON ${table}`);
    await q.query(`DROP FUNCTION settings_version_bump()`);
    await q.query(`DROP TABLE settings_versions`);
  }
}
