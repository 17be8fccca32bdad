import path from 'node:path';
import { Client } from 'pg';
import { readOrCreateSecret } from './embedded-database';

export const EMBEDDED_OWNER_ROLE = 'rectify_owner';
export const EMBEDDED_APP_ROLE = 'rectify_app';

export interface RoleUrls {
  /** Runs migrations and owns every table. */
  ownerUrl: string;
  /** The API and workers: INSERT and SELECT only on the audit tables. */
  appUrl: string;
}

function withUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

async function asSuperuser(url: string, fn: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url, application_name: 'rectify-roles' });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The embedded cluster's two roles, created on first start and kept on every start: the owner
 * takes over the database and everything in it (clusters made before the roles existed had their
 * tables owned by the superuser), and the app role is left owning nothing. Passwords are
 * generated into DATA_DIR beside the superuser's.
 */
export async function provisionEmbeddedRoles(superuserUrl: string, dataDir: string): Promise<RoleUrls> {
  const dir = path.resolve(dataDir);
  const ownerPassword = readOrCreateSecret(path.join(dir, '.pg-owner-password'));
  const appPassword = readOrCreateSecret(path.join(dir, '.pg-app-password'));
  const database = decodeURIComponent(new URL(superuserUrl).pathname.slice(1));
  const maintenance = new URL(superuserUrl);
  maintenance.pathname = '/postgres';
  await asSuperuser(maintenance.toString(), async (c) => {
    for (const [role, password] of [
      [EMBEDDED_OWNER_ROLE, ownerPassword],
      [EMBEDDED_APP_ROLE, appPassword],
    ]) {
      const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount;
      const verb = exists ? 'ALTER' : 'CREATE';
      await c.query(`${verb} ROLE ${c.escapeIdentifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${c.escapeLiteral(password)}`);
    }
    await c.query(`ALTER DATABASE ${c.escapeIdentifier(database)} OWNER TO ${EMBEDDED_OWNER_ROLE}`);
  });
  await asSuperuser(superuserUrl, async (c) => {
    await c.query(`ALTER SCHEMA public OWNER TO ${EMBEDDED_OWNER_ROLE}`);
    await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await c.query(`
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                   AND pg_get_userbyid(c.relowner) <> '${EMBEDDED_OWNER_ROLE}'
                   -- a serial's sequence follows its table
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
        LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${EMBEDDED_OWNER_ROLE}',
                         CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.name);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '${EMBEDDED_OWNER_ROLE}'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        LOOP
          EXECUTE format('ALTER FUNCTION %s OWNER TO ${EMBEDDED_OWNER_ROLE}', r.name);
        END LOOP;
      END $$`);
  });
  return { ownerUrl: withUser(superuserUrl, EMBEDDED_OWNER_ROLE, ownerPassword), appUrl: withUser(superuserUrl, EMBEDDED_APP_ROLE, appPassword) };
}
