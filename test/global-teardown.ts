import { withAdminClient } from './support/test-db';

/** Drops every database this run created (even those of a crashed test file) and stops the embedded server. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.RECTIFY_TEST_ADMIN_URL;
  const runId = process.env.RECTIFY_TEST_RUN_ID;
  try {
    if (adminUrl && runId) {
      await withAdminClient(adminUrl, async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
          [`rectify_t_${runId}_%`, `rectify_tpl_${runId}`],
        );
        for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      });
    }
  } finally {
    await globalThis.__RECTIFY_EMBEDDED__?.stop();
  }
}
