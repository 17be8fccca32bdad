import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { named, pipeline } from './pipeline';
import { holdBack, takeHeldBack, type SqlQuery } from './transaction';

export { statementName } from './statement-name';

/**
 * Runs a hot statement as a named prepared statement: PostgreSQL plans it once per connection
 * instead of on every call (planning cost more than executing the timeline and search queries).
 * On a query runner it uses the runner's connection, so it stays inside its transaction, and the
 * statements the transaction held back (its BEGIN, earlier writes) go in the same round trip.
 */
export async function runPrepared<T extends QueryResultRow>(target: DataSource | QueryRunner, [text, values]: SqlQuery): Promise<T[]> {
  if (!('isReleased' in target)) {
    const pool = ((target as DataSource).driver as PostgresDriver).master as Pool;
    return (await pool.query<T>({ name: named(text).name, text, values })).rows;
  }
  const runner = target as QueryRunner;
  const client = (await runner.connect()) as PoolClient;
  const results = await pipeline<T>(client, [...takeHeldBack(runner), named(text, values)]);
  return results[results.length - 1].rows;
}

/**
 * A write whose result nobody reads: inside a transaction it waits for the transaction's next
 * round trip (at the latest its COMMIT), and its failure fails the transaction; elsewhere it runs now.
 */
export async function runLater(runner: QueryRunner, query: SqlQuery): Promise<void> {
  if (!holdBack(runner, query)) await runPrepared(runner, query);
}
