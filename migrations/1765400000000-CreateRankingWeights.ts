import { MigrationInterface, QueryRunner } from 'typeorm';

/** The weights of the 红榜/黑榜 ranking: versioned like SLA policies, version 1 the documented defaults. */
const DEFAULT_WEIGHTS = {
  rectification: { onTime: 0.5, rework: 0.2, returned: 0.15, extended: 0.15 },
  hotline: { signedOnTime: 0.2, repliedOnTime: 0.3, returned: 0.1, redone: 0.1, satisfied: 0.3 },
};

export class CreateRankingWeights1765400000000 implements MigrationInterface {
  name = 'CreateRankingWeights1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ranking_weights (
        version integer PRIMARY KEY,
        weights jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    await q.query(`INSERT INTO ranking_weights (version, weights, created_by) VALUES (1, $1, 'system')`, [JSON.stringify(DEFAULT_WEIGHTS)]);
    // The deadline of an item is read by range for 按期完成率.
    await q.query(`CREATE INDEX cases_rectification_due_idx ON cases ((fields->>'dueAt')) WHERE kind = 'rectification'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_rectification_due_idx`);
    await q.query(`DROP TABLE ranking_weights`);
  }
}
