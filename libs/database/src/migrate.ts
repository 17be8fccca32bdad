import { Client } from 'pg';
import type { MixedList } from 'typeorm';
import { createDataSource } from './data-source';

// Any constant shared by every Rectify process; pg_advisory_lock serialises start-ups.
const MIGRATION_LOCK_KEY = 0x52454354; // "RECT"

/** Runs pending migrations while holding a cluster-wide advisory lock; returns their names. */
export async function runMigrations(url: string, migrations: MixedList<Function>): Promise<string[]> {
  const lock = new Client({ connectionString: url, application_name: 'rectify-migrations-lock' });
  await lock.connect();
  const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'rectify-migrate', migrations });
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}
