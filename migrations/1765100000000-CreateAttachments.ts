import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence files (佐证材料), stored in PostgreSQL so a database backup is a backup of the evidence:
 * each distinct content once (by SHA-256) as 1 MB chunks, and one attachment row per upload to a
 * case. An attachment an audit event references can never be deleted.
 */
export class CreateAttachments1765100000000 implements MigrationInterface {
  name = 'CreateAttachments1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE file_contents (
        sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE file_chunks (
        sha256 text NOT NULL REFERENCES file_contents (sha256),
        seq integer NOT NULL CHECK (seq >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (sha256, seq)
      )`);
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Upload order: files of one upload share their uploaded_at.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        case_id uuid NOT NULL REFERENCES cases (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        media_type text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL REFERENCES file_contents (sha256),
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        referenced_at timestamptz
      )`);
    await q.query(`CREATE INDEX attachments_case_idx ON attachments (case_id, seq)`);
    await q.query(`
      CREATE FUNCTION attachments_keep_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.referenced_at IS NOT NULL THEN
          RAISE EXCEPTION 'attachment % is evidence in the audit trail and cannot be deleted', OLD.id;
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER attachments_keep_evidence BEFORE DELETE ON attachments FOR EACH ROW EXECUTE FUNCTION attachments_keep_evidence()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachments`);
    await q.query(`DROP FUNCTION attachments_keep_evidence()`);
    await q.query(`DROP TABLE file_chunks`);
    await q.query(`DROP TABLE file_contents`);
  }
}
