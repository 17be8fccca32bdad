import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EmbeddedDatabase, runMigrations } from '@app/database';
import { migrations } from '../migrations';

export interface BenchDatabase {
  url: string;
  server: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database on DATABASE_URL's server, or on an embedded server started for the run. */
export async function benchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let dir: string | undefined;
  let adminUrl = databaseUrl;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-bench-'));
    chmodSync(dir, 0o755);
    embedded = new EmbeddedDatabase({ dataDir: dir, preferredPort: 55999, databaseName: 'postgres', ephemeral: true });
    adminUrl = await embedded.start();
  }
  const name = `rectify_bench_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
  await admin.end();
  const url = withDatabase(adminUrl, name);
  await runMigrations(url, migrations);
  return {
    url,
    server: `PostgreSQL ${rows[0].server_version}${embedded ? ' (embedded)' : ''}`,
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      await embedded?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
