import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trail's algorithms (SHA-256/Ed25519 or the 国密 SM3/SM2), one row, written once and never
 * changed: a database whose trail already holds events has been hashed with SHA-256.
 */
export class CreateAuditProfile1766200000000 implements MigrationInterface {
  name = 'CreateAuditProfile1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_profile (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        hash_algorithm text NOT NULL CHECK (hash_algorithm IN ('sha256', 'sm3')),
        signature_algorithm text NOT NULL CHECK (signature_algorithm IN ('ed25519', 'sm2')),
        chosen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE TRIGGER audit_profile_no_update_delete BEFORE UPDATE OR DELETE ON audit_profile FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
    await q.query(`CREATE TRIGGER audit_profile_no_truncate BEFORE TRUNCATE ON audit_profile FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
    await q.query(`
      INSERT INTO audit_profile (hash_algorithm, signature_algorithm)
      SELECT 'sha256', 'ed25519' WHERE EXISTS (SELECT 1 FROM case_events) OR EXISTS (SELECT 1 FROM admin_events)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_profile`);
  }
}
