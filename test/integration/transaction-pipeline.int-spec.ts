import { Client, type PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { named, pipeline, runLater, runPrepared, withTransaction } from '@app/database';
import { createTestContext, type TestContext } from '../support/test-context';

/** How many times the client wrote to PostgreSQL's socket: one per round trip. */
function countWrites(client: PoolClient): { readonly count: number; stop(): void } {
  const stream = (client as unknown as { connection: { stream: { _writev?: unknown; _write: unknown } } }).connection.stream as unknown as Record<string, (...a: unknown[]) => unknown>;
  const state = { count: 0 };
  const originals = { _write: stream._write, _writev: stream._writev };
  stream._write = function (...a: unknown[]) {
    state.count++;
    return originals._write.apply(this, a);
  };
  stream._writev = function (...a: unknown[]) {
    state.count++;
    return originals._writev.apply(this, a);
  };
  return {
    get count() {
      return state.count;
    },
    stop() {
      Object.assign(stream, originals);
    },
  };
}

describe('Transactions on PostgreSQL: statements sent together, committed together or not at all', () => {
  let t: TestContext;
  let sql: DataSource;

  beforeAll(async () => {
    t = await createTestContext();
    sql = t.sql;
    const owner = new Client({ connectionString: t.database.url });
    await owner.connect();
    await owner.query(`CREATE TABLE pipeline_probe (id int PRIMARY KEY, note text NOT NULL); GRANT ALL ON pipeline_probe TO PUBLIC`);
    await owner.end();
  });
  afterAll(() => t?.close());
  beforeEach(() => sql.query(`TRUNCATE pipeline_probe`));

  const rows = async () => (await sql.query(`SELECT id, note FROM pipeline_probe ORDER BY id`)) as { id: number; note: string }[];

  it('answers each statement of a pipeline in order, in one round trip once they are prepared', async () => {
    const runner = sql.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const statements = [named('SELECT $1::int AS n', [1]), named(`SELECT $1::text AS s, $2::jsonb AS j`, ['二', { a: [1, 2] }]), named('SELECT 3 AS n WHERE false')];
      const first = await pipeline(client, statements);
      const writes = countWrites(client);
      const again = await pipeline(client, statements);
      writes.stop();
      for (const results of [first, again]) {
        expect(results.map((r) => r.rows)).toEqual([[{ n: 1 }], [{ s: '二', j: { a: [1, 2] } }], []]);
      }
      expect(writes.count).toBe(1);
    } finally {
      await runner.release();
    }
  });

  it('stops at the first failing statement of a pipeline and reports its error', async () => {
    const runner = sql.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const insert = (id: number) => named(`INSERT INTO pipeline_probe (id, note) VALUES ($1, $2)`, [id, `第${id}条`]);
      await pipeline(client, [named('BEGIN'), insert(1), named('COMMIT')]);
      await pipeline(client, [named('BEGIN'), insert(2), named('ROLLBACK')]);
      await expect(pipeline(client, [named('BEGIN'), insert(3), insert(1), insert(4), named('COMMIT')])).rejects.toMatchObject({ code: '23505' });
      await client.query('ROLLBACK');
      expect(await rows()).toEqual([{ id: 1, note: '第1条' }]);
      // The connection is as good as new afterwards.
      expect((await pipeline(client, [named('SELECT $1::int AS n', [7]), named('SELECT $1::int AS n', [8])])).map((r) => r.rows[0].n)).toEqual([7, 8]);
    } finally {
      await runner.release();
    }
  });

  it('refuses a value it cannot send before writing anything, leaving the connection usable', async () => {
    const runner = sql.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await pipeline(client, [named('SELECT $1::int AS n', [1]), named('SELECT $1::jsonb AS j', [{}])]);
      await expect(pipeline(client, [named('SELECT $1::int AS n', [1]), named('SELECT $1::jsonb AS j', [circular])])).rejects.toThrow(/circular/i);
      expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await runner.release();
    }
  });

  it('commits the writes it held back, and the BEGIN travels with the first statement', async () => {
    await withTransaction(sql, async (runner) => {
      await runLater(runner, [`INSERT INTO pipeline_probe (id, note) VALUES ($1, $2)`, [1, 'held back']]);
      const seen = await runPrepared<{ count: number }>(runner, [`SELECT count(*)::int AS count FROM pipeline_probe`, []]);
      // The held-back insert ran first, inside the transaction.
      expect(seen).toEqual([{ count: 1 }]);
      await runLater(runner, [`INSERT INTO pipeline_probe (id, note) VALUES ($1, $2)`, [2, 'sent with the COMMIT']]);
      // Outside the transaction nothing is visible yet.
      expect(await rows()).toEqual([]);
    });
    expect(await rows()).toEqual([
      { id: 1, note: 'held back' },
      { id: 2, note: 'sent with the COMMIT' },
    ]);
  });

  it('keeps TypeORM’s own statements inside the transaction, after what was held back', async () => {
    await expect(
      withTransaction(sql, async (runner) => {
        await runLater(runner, [`INSERT INTO pipeline_probe (id, note) VALUES ($1, $2)`, [1, 'a']]);
        const [{ count }] = (await runner.query(`SELECT count(*)::int AS count FROM pipeline_probe`)) as { count: number }[];
        expect(count).toBe(1);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await rows()).toEqual([]);
  });

  it('fails the whole transaction when a write held back until the COMMIT fails', async () => {
    await sql.query(`INSERT INTO pipeline_probe (id, note) VALUES (9, 'already here')`);
    await expect(
      withTransaction(sql, async (runner) => {
        await runPrepared(runner, [`INSERT INTO pipeline_probe (id, note) VALUES ($1, $2)`, [1, 'first']]);
        await runLater(runner, [`INSERT INTO pipeline_probe (id, note) VALUES ($1, $2)`, [9, 'duplicate']]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([{ id: 9, note: 'already here' }]);
    // The pool's connections are clean: the next transaction works.
    await withTransaction(sql, (runner) => runLater(runner, [`INSERT INTO pipeline_probe (id, note) VALUES ($1, $2)`, [10, 'after']]));
    expect((await rows()).map((r) => r.id)).toEqual([9, 10]);
  });

  it('rolls back a transaction that failed before sending anything', async () => {
    await expect(
      withTransaction(sql, async () => {
        throw new Error('refused before any statement');
      }),
    ).rejects.toThrow('refused before any statement');
    expect(await withTransaction(sql, (runner) => runPrepared<{ n: number }>(runner, ['SELECT 1 AS n', []]))).toEqual([{ n: 1 }]);
  });

  it('runs a held-back write at once outside a transaction', async () => {
    const runner = sql.createQueryRunner();
    try {
      await runLater(runner, [`INSERT INTO pipeline_probe (id, note) VALUES ($1, $2)`, [5, 'now']]);
      expect(await rows()).toEqual([{ id: 5, note: 'now' }]);
    } finally {
      await runner.release();
    }
  });
});
