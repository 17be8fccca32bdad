import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin chain: who created users, granted or removed roles, reset passwords, changed units,
 * published policies, calendars, lists and weights, or retried timers — before and after, hash
 * chained like a case's events and sequenced into the same global log.
 */
export class CreateAdminEvents1765900000000 implements MigrationInterface {
  name = 'CreateAdminEvents1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_events (
        id bigserial PRIMARY KEY,
        seq int NOT NULL CHECK (seq >= 1),
        type text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        before jsonb,
        after jsonb,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        actor_unit_id uuid,
        correlation_id text NOT NULL,
        at timestamptz NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT admin_events_seq_unique UNIQUE (seq)
      )`);
    await q.query(`CREATE INDEX admin_events_at_idx ON admin_events (at DESC, id DESC)`);
    await q.query(`CREATE INDEX admin_events_subject_idx ON admin_events (subject_type, subject_id, seq)`);
    await q.query(`CREATE TRIGGER admin_events_no_update_delete BEFORE UPDATE OR DELETE ON admin_events FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
    await q.query(`CREATE TRIGGER admin_events_no_truncate BEFORE TRUNCATE ON admin_events FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_events`);
  }
}
