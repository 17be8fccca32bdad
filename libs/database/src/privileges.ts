import { Client } from 'pg';

/**
 * Tables that hold evidence: the application may add rows and read them, never change or remove
 * one. The list names tables of later migrations too; a table not yet created is skipped.
 */
export const APPEND_ONLY_TABLES = ['case_events', 'admin_events', 'audit_log', 'audit_checkpoints', 'audit_signing_keys', 'audit_profile'] as const;

const GRANTS_LOCK_KEY = 0x52475254; // "RGRT"

async function withClient<T>(url: string, name: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: name });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The role a connection URL logs in as (the URL may leave the user to PGUSER or the OS). */
export function roleOf(url: string): Promise<string> {
  return withClient(url, 'rectify-role', async (c) => (await c.query<{ role: string }>('SELECT current_user AS role')).rows[0].role);
}

/**
 * Run by the owner after every migration: the app role gets what the API and workers need on
 * every table, and on the append-only tables only INSERT and SELECT. It owns nothing, so it
 * cannot alter, disable or drop a trigger, nor create a rule.
 */
export async function grantAppRole(ownerUrl: string, appRole: string): Promise<void> {
  await withClient(ownerUrl, 'rectify-grants', async (c) => {
    const role = c.escapeIdentifier(appRole);
    const present = (
      await c.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = ANY($1)`,
        [APPEND_ONLY_TABLES],
      )
    ).rows.map((r) => c.escapeIdentifier(r.name));
    await c.query('BEGIN');
    try {
      // Processes starting together would otherwise race on the same ACLs ("tuple concurrently updated").
      await c.query('SELECT pg_advisory_xact_lock($1)', [GRANTS_LOCK_KEY]);
      await c.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await c.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
      await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
      if (present.length) await c.query(`REVOKE UPDATE, DELETE ON ${present.join(', ')} FROM ${role}`);
      await c.query(`REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${role}`);
      await c.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
      await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      await c.query('COMMIT');
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    }
  });
}

/**
 * Why the app role could rewrite the audit trail, if it could; empty when PostgreSQL itself
 * would refuse every UPDATE, DELETE, TRUNCATE and trigger change on it.
 */
export async function auditTrailExposure(appUrl: string): Promise<string[]> {
  return withClient(appUrl, 'rectify-privileges', async (c) => {
    const { rows } = await c.query<{ table: string; superuser: boolean; owns: boolean; writes: boolean; role: string }>(
      `SELECT t.tablename AS table, current_user AS role,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
              -- MEMBER, not USAGE: a membership without INHERIT still allows SET ROLE to the owner
              pg_has_role(current_user, t.tableowner, 'MEMBER') AS owns,
              has_table_privilege(format('%I', t.tablename), 'UPDATE') OR has_table_privilege(format('%I', t.tablename), 'DELETE')
                OR has_table_privilege(format('%I', t.tablename), 'TRUNCATE') AS writes
       FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = ANY($1) ORDER BY t.tablename`,
      [APPEND_ONLY_TABLES],
    );
    if (!rows.length) return [];
    const { superuser, role } = rows[0];
    if (superuser) return [`the application connects as ${role}, a superuser`];
    const reasons: string[] = [];
    const owned = rows.filter((r) => r.owns).map((r) => r.table);
    const writable = rows.filter((r) => r.writes).map((r) => r.table);
    if (owned.length) reasons.push(`the application's role ${role} owns (or may become the owner of) ${owned.join(', ')} (it can disable their triggers)`);
    if (writable.length) reasons.push(`the application's role ${role} may UPDATE, DELETE or TRUNCATE ${writable.join(', ')}`);
    return reasons;
  });
}

/** Migrations the database has not run yet, read with the app role (it may SELECT them). */
export async function pendingMigrations(appUrl: string, known: readonly string[]): Promise<string[]> {
  return withClient(appUrl, 'rectify-schema', async (c) => {
    const exists = (await c.query(`SELECT to_regclass('public.schema_migrations') AS t`)).rows[0].t;
    if (!exists) return [...known];
    const done = new Set((await c.query<{ name: string }>(`SELECT name FROM schema_migrations`)).rows.map((r) => r.name));
    return known.filter((name) => !done.has(name));
  });
}
