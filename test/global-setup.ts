import { mkdtempSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EmbeddedDatabase, grantAppRole, runMigrations } from '../libs/database/src';
import { migrations } from '../migrations';
import { databaseUrl, TEST_APP_PASSWORD, TEST_APP_ROLE, withAdminClient } from './support/test-db';

declare global {
  var __RECTIFY_EMBEDDED__: EmbeddedDatabase | undefined;
}

/**
 * One PostgreSQL for the whole run — DATABASE_URL when set, otherwise an embedded server in a
 * temporary folder — and one migrated template database that every test file clones; the
 * API under test connects to its clone as the app role.
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
  // The API under test connects as a role that owns nothing, as in production; the clones
  // inherit the template's grants.
  await withAdminClient(adminUrl, async (c) => {
    const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [TEST_APP_ROLE])).rowCount;
    if (!exists) {
      await c
        .query(`CREATE ROLE ${TEST_APP_ROLE} LOGIN PASSWORD '${TEST_APP_PASSWORD}'`)
        .catch((error: unknown) => {
          // another run on the same server created it in the meantime
          if (!/already exists/.test(String(error))) throw error;
        });
    }
  });
  await grantAppRole(templateUrl, TEST_APP_ROLE);
  process.env.RECTIFY_TEST_ADMIN_URL = adminUrl;
  process.env.RECTIFY_TEST_TEMPLATE = template;
  process.env.RECTIFY_TEST_RUN_ID = runId;
}
