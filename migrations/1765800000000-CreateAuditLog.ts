import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One global, append-only log over every audit event: each event, once sequenced, is a leaf of a
 * Merkle tree (RFC 9162) whose heads are signed as checkpoints. Transitions only queue their
 * events (audit_pending), so the hot path takes no global lock; the worker sequences the queue.
 * Events recorded before this migration are queued in their order, so history joins the tree.
 */
export class CreateAuditLog1765800000000 implements MigrationInterface {
  name = 'CreateAuditLog1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_pending (
        id bigserial PRIMARY KEY,
        stream text NOT NULL CHECK (stream IN ('case', 'admin')),
        event_id bigint NOT NULL,
        CONSTRAINT audit_pending_event_unique UNIQUE (stream, event_id)
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        log_index bigint PRIMARY KEY CHECK (log_index >= 0),
        stream text NOT NULL CHECK (stream IN ('case', 'admin')),
        event_id bigint NOT NULL,
        leaf_hash text NOT NULL,
        sequenced_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT audit_log_event_unique UNIQUE (stream, event_id)
      )`);
    await q.query(`
      CREATE TABLE audit_signing_keys (
        key_id text PRIMARY KEY,
        name text NOT NULL,
        algorithm text NOT NULL CHECK (algorithm IN ('ed25519', 'sm2')),
        public_key text NOT NULL,
        verifier_key text NOT NULL,
        first_used_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE audit_checkpoints (
        id bigserial PRIMARY KEY,
        tree_size bigint NOT NULL CHECK (tree_size >= 0),
        root_hash text NOT NULL,
        hash_algorithm text NOT NULL CHECK (hash_algorithm IN ('sha256', 'sm3')),
        at timestamptz NOT NULL,
        key_id text NOT NULL REFERENCES audit_signing_keys (key_id),
        note text NOT NULL,
        frontier text[] NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_checkpoints_size_idx ON audit_checkpoints (tree_size, id)`);
    await q.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_log', 'audit_signing_keys', 'audit_checkpoints']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
    }
    await q.query(`INSERT INTO audit_pending (stream, event_id) SELECT 'case', id FROM case_events ORDER BY id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP TABLE audit_signing_keys`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE audit_pending`);
    await q.query(`DROP FUNCTION audit_append_only()`);
  }
}
