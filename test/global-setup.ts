import { mkdtempSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EmbeddedDatabase, runMigrations } from '../libs/database/src';
import { migrations } from '../migrations';
import { databaseUrl, withAdminClient } from './support/test-db';

declare global {
  var __RECTIFY_EMBEDDED__: EmbeddedDatabase | undefined;
}

/**
 * One PostgreSQL for the whole run — DATABASE_URL when set, otherwise an embedded server in a
 * temporary folder — and one migrated template database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rectify-test-'));
    chmodSync(dataDir, 0o755);
    const embedded = new EmbeddedDatabase({ dataDir, preferredPort: 55432, databaseName: 'postgres', ephemeral: true });
    adminUrl = await embedded.start();
    globalThis.__RECTIFY_EMBEDDED__ = embedded;
  }
  const runId = randomBytes(3).toString('hex');
  const template = `rectify_tpl_${runId}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE "${template}"`));
  const templateUrl = databaseUrl(adminUrl, template);
  await runMigrations(templateUrl, migrations);
  process.env.RECTIFY_TEST_ADMIN_URL = adminUrl;
  process.env.RECTIFY_TEST_TEMPLATE = template;
  process.env.RECTIFY_TEST_RUN_ID = runId;
}
