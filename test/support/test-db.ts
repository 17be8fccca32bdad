import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by test/global-setup.ts for every jest worker. */
export function testServer(): { adminUrl: string; template: string; runId: string } {
  const adminUrl = process.env.RECTIFY_TEST_ADMIN_URL;
  const template = process.env.RECTIFY_TEST_TEMPLATE;
  const runId = process.env.RECTIFY_TEST_RUN_ID;
  if (!adminUrl || !template || !runId) throw new Error('test database not prepared: run the tests through jest (npm test)');
  return { adminUrl, template, runId };
}

/** The least-privileged role the API under test connects as (created by global-setup). */
export const TEST_APP_ROLE = 'rectify_test_app';
export const TEST_APP_PASSWORD = 'rectify-test-app';

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(adminUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The same database, logged in as the app role. */
export function appRoleUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = TEST_APP_ROLE;
  parsed.password = TEST_APP_PASSWORD;
  return parsed.toString();
}

export interface TestDatabase {
  name: string;
  /** As the superuser that created it (owner of every table): for setting up and for attacks. */
  url: string;
  /** As the app role: what the API under test connects with. */
  appUrl: string;
  drop(): Promise<void>;
}

/** A throwaway database cloned from the migrated template, so test files can run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template, runId } = testServer();
  const name = `rectify_t_${runId}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // Two clones of one template at the same instant can collide; wait and retry.
        if (attempt > 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  return {
    name,
    url: databaseUrl(adminUrl, name),
    appUrl: appRoleUrl(databaseUrl(adminUrl, name)),
    drop: () => withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
