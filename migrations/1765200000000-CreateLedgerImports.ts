import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ledgers brought in from Excel: who imported which file (kept, by SHA-256, with the evidence
 * files) and the cases it opened. A file is imported once: its hash is unique.
 */
export class CreateLedgerImports1765200000000 implements MigrationInterface {
  name = 'CreateLedgerImports1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_imports (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        sha256 text NOT NULL UNIQUE REFERENCES file_contents (sha256),
        sheet text NOT NULL,
        case_ids uuid[] NOT NULL,
        first_code text,
        last_code text,
        assigned_count integer NOT NULL,
        overdue_count integer NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ledger_imports_seq_idx ON ledger_imports (seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_imports`);
  }
}
