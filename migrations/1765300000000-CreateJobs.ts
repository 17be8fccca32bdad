import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Long work (a ledger import of thousands of rows) runs as a job its owner can leave and come
 * back to: its progress and, once done, its result or its problem.
 */
export class CreateJobs1765300000000 implements MigrationInterface {
  name = 'CreateJobs1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        owner_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        phase text,
        done integer NOT NULL DEFAULT 0,
        total integer,
        result jsonb,
        problem jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX jobs_owner_idx ON jobs (owner_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jobs`);
  }
}
