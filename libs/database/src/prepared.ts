import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { SqlQuery } from './transaction';

const names = new Map<string, string>();

/** A stable name per statement text, so each connection prepares it once. */
export function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `r_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * Runs a hot statement as a named prepared statement: PostgreSQL plans it once per connection
 * instead of on every call (planning cost more than executing the timeline and search queries).
 * On a query runner it uses the runner's connection, so it stays inside its transaction.
 */
export async function runPrepared<T extends QueryResultRow>(target: DataSource | QueryRunner, [text, values]: SqlQuery): Promise<T[]> {
  const name = statementName(text);
  const client: Pool | PoolClient =
    'isReleased' in target ? await (target as QueryRunner).connect() : ((target as DataSource).driver as PostgresDriver).master;
  const result = await client.query<T>({ name, text, values });
  return result.rows;
}
