import { existsSync, mkdirSync, mkdtempSync, chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { freePort } from '@app/database';
import { API_MAIN, assertBuilt, spawnNode, Spawned, stopProcess } from '../support/processes';
import { appRoleUrl, databaseUrl, testServer, withAdminClient } from '../support/test-db';
import { connect } from '../support/trail';

/** `npm start` as a user runs it: the built API on an embedded PostgreSQL in a fresh DATA_DIR. */
describe('start-up of the built API', () => {
  let dataDir: string;
  const started: Spawned[] = [];

  beforeAll(() => assertBuilt(API_MAIN));
  // Whatever a test left running (it failed half-way) is stopped before the next one.
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => stopProcess(p)));
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rectify-start-'));
    chmodSync(dataDir, 0o755);
  });

  const start = async (extra: Record<string, string> = {}) => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn', ...extra };
    const api = spawnNode(API_MAIN, [], env);
    started.push(api);
    return { port, api };
  };

  it('starts on an empty DATA_DIR, seeds the demo county, stops cleanly and keeps the data for the next start', async () => {
    const first = await start();
    await first.api.waitFor(/Rectify is running at/);
    expect(first.api.stdout()).toMatch(/API docs http:\/\/localhost:\d+\/api\/docs/);
    expect(first.api.stdout()).toMatch(/demo logins.*\n.*officer\.zjj \(unit_officer\)/);
    const base = `http://127.0.0.1:${first.port}`;
    expect((await request(base).get('/api/health')).body).toEqual({ status: 'ok', database: 'up', settings: 'loaded' });
    const login1 = await request(base).post('/api/auth/login').send({ username: 'officer.zjj', password: 'rectify-demo' });
    expect(login1.status).toBe(200);

    // The API connects as a role that owns nothing; the tables belong to the owner role.
    const [, pgPort] = first.api.stdout().match(/embedded PostgreSQL on port (\d+)/)!;
    const superuserUrl = `postgres://postgres:${encodeURIComponent(readFileSync(path.join(dataDir, '.pg-password'), 'utf8').trim())}@127.0.0.1:${pgPort}/rectify`;
    const su = await connect(superuserUrl);
    const sessions = await su.sql(`SELECT DISTINCT usename AS role FROM pg_stat_activity WHERE datname = 'rectify' AND application_name = 'rectify'`);
    expect(sessions).toEqual([{ role: 'rectify_app' }]);
    expect(await su.sql(`SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'`)).toEqual([{ owner: 'rectify_owner' }]);
    expect(first.api.stderr()).not.toMatch(/not protected|AUDIT_SIGNING_KEY/);
    // The checkpoint signing key is generated beside the data, readable by its owner only; the database never holds it.
    expect(statSync(path.join(dataDir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    // As a cluster made before the roles existed: a table owned by the superuser, writable by the app.
    await su.sql(`ALTER TABLE case_events OWNER TO postgres`);
    await su.sql(`GRANT ALL ON case_events TO rectify_app`);
    await su.close();

    expect((await stopProcess(first.api)).code).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start();
    await second.api.waitFor(/Rectify is running at/);
    const login2 = await request(`http://127.0.0.1:${second.port}`)
      .post('/api/auth/login')
      .send({ username: 'officer.zjj', password: 'rectify-demo' });
    expect(login2.status).toBe(200);
    expect(login2.body.user.id).toBe(login1.body.user.id);
    expect(second.api.stderr()).not.toMatch(/not protected/);
    const su2 = await connect(superuserUrl.replace(/:\d+\/rectify$/, `:${second.api.stdout().match(/embedded PostgreSQL on port (\d+)/)![1]}/rectify`));
    expect(await su2.sql(`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'case_events'`)).toEqual([{ owner: 'rectify_owner' }]);
    expect(await su2.sql(`SELECT has_table_privilege('rectify_app', 'case_events', 'UPDATE') AS can`)).toEqual([{ can: false }]);
    await su2.close();

    // A second server on the same data folder is refused with one clear line.
    const intruder = await start();
    expect((await intruder.api.exited).code).toBe(1);
    expect(intruder.api.stderr().trim()).toMatch(/^DATA_DIR .* is in use by a running PostgreSQL \(pid \d+\)/);
    expect(intruder.api.stderr().trim().split('\n')).toHaveLength(1);

    expect((await stopProcess(second.api)).code).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('runs several API processes on one port (API_WORKERS), replaces one that dies, and stops them all', async () => {
    const { api, port } = await start({ API_WORKERS: '2' });
    await api.waitFor(/Rectify is running at .*2 API processes/);
    const base = `http://127.0.0.1:${port}`;
    const pids = async () => {
      const { execSync } = await import('node:child_process');
      // Node children only: the embedded PostgreSQL is a child of the primary too.
      return execSync(`pgrep -P ${api.child.pid} -f apps/api/src/main.js || true`).toString().trim().split('\n').filter(Boolean).map(Number);
    };
    const [first] = await pids();
    expect(await pids()).toHaveLength(2);
    process.kill(first, 'SIGKILL');
    for (let i = 0; i < 100 && ((await pids()).includes(first) || (await pids()).length < 2); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await pids()).toHaveLength(2);
    const logins = await Promise.all(
      Array.from({ length: 6 }, () => request(base).post('/api/auth/login').send({ username: 'auditor', password: 'rectify-demo' })),
    );
    expect(logins.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect((await stopProcess(api)).code).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT: expected an integer between 0 and 65535 \(got "abc"\)$/],
    [{ DATABASE_URL: 'postgres://127.0.0.1:1/nothing' }, /^Invalid configuration: JWT_SECRET: required when DATABASE_URL is set/],
    [{ DATABASE_OWNER_URL: 'postgres://127.0.0.1:1/nothing' }, /^Invalid configuration: DATABASE_OWNER_URL: only with DATABASE_URL/],
  ])('refuses bad configuration %j with one line and exit code 1', async (env, message) => {
    const api = spawnNode(API_MAIN, [], { DATA_DIR: dataDir, ...env });
    expect((await api.exited).code).toBe(1);
    expect(api.stderr().trim()).toMatch(message);
    expect(api.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('in server mode migrates as DATABASE_OWNER_URL, refuses an unmigrated database without it, and warns when the app role could rewrite the trail', async () => {
    const { adminUrl, runId } = testServer();
    const name = `rectify_t_${runId}_roles`;
    await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    const ownerUrl = databaseUrl(adminUrl, name);
    const server = async (env: Record<string, string>) => {
      const port = await freePort();
      const api = spawnNode(API_MAIN, [], { PORT: String(port), JWT_SECRET: 'x'.repeat(40), SWEEPER: 'off', LOG_LEVEL: 'warn', ...env });
      started.push(api);
      return api;
    };
    try {
      const refused = await server({ DATABASE_URL: appRoleUrl(ownerUrl) });
      expect((await refused.exited).code).toBe(1);
      expect(refused.stderr().trim()).toMatch(/^The database needs \d+ migration\(s\) \(CreateIdentity\d+, …\) and DATABASE_OWNER_URL is not set/);

      const migrating = await server({ DATABASE_URL: appRoleUrl(ownerUrl), DATABASE_OWNER_URL: ownerUrl });
      await migrating.waitFor(/Rectify is running at/);
      expect(migrating.stderr()).not.toMatch(/not protected|migrations were skipped/);
      expect(migrating.stderr()).toMatch(/WARNING: AUDIT_SIGNING_KEY is not set/);
      expect((await stopProcess(migrating)).code).toBe(0);

      const unsafe = await server({ DATABASE_URL: ownerUrl });
      await unsafe.waitFor(/Rectify is running at/);
      expect(unsafe.stderr()).toMatch(/WARNING: DATABASE_OWNER_URL is not set: migrations were skipped/);
      expect(unsafe.stderr()).toMatch(/WARNING: The audit trail is not protected by the database: the application connects as \w+, a superuser/);
      expect((await stopProcess(unsafe)).code).toBe(0);
    } finally {
      await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }, 120_000);

  it('says plainly when DATA_DIR holds a cluster of another PostgreSQL major version', async () => {
    mkdirSync(path.join(dataDir, 'pg'), { recursive: true });
    writeFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), '15\n');
    const { api } = await start();
    expect((await api.exited).code).toBe(1);
    expect(api.stderr().trim()).toMatch(/^DATA_DIR holds a PostgreSQL 15 cluster .* but Rectify embeds PostgreSQL 18/);
    expect(api.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('picks another port when the embedded server port is taken', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    const taken = await freePort();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    try {
      const { api, port } = await start({ EMBEDDED_PG_PORT: String(taken) });
      await api.waitFor(/Rectify is running at/);
      const [, pgPort] = api.stdout().match(/embedded PostgreSQL on port (\d+)/)!;
      expect(Number(pgPort)).not.toBe(taken);
      expect((await request(`http://127.0.0.1:${port}`).get('/api/health')).status).toBe(200);
      expect((await stopProcess(api)).code).toBe(0);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
