import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worker's watch over the trail: an alert about tampering is an outbox message that belongs
 * to no case event, and the watch keeps its state (the metric) in one row.
 */
export class AddAuditWatch1766000000000 implements MigrationInterface {
  name = 'AddAuditWatch1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ALTER COLUMN event_id DROP NOT NULL`);
    await q.query(`
      CREATE TABLE audit_watch (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        last_run_at timestamptz NOT NULL,
        last_full_at timestamptz,
        valid boolean NOT NULL,
        checked_through bigint NOT NULL,
        runs_total bigint NOT NULL DEFAULT 0,
        failed_runs_total bigint NOT NULL DEFAULT 0,
        first_failure_at timestamptz,
        findings jsonb NOT NULL DEFAULT '[]'
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_watch`);
    await q.query(`DELETE FROM outbox WHERE event_id IS NULL`);
    await q.query(`ALTER TABLE outbox ALTER COLUMN event_id SET NOT NULL`);
  }
}
