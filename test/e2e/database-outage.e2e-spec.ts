import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runMigrations } from '@app/database';
import { migrations } from '../../migrations';
import { createTestApp, TestApp } from '../support';
import { assertBuilt, ROOT, spawnNode, Spawned, stopProcess } from '../support/processes';

const SERVER = path.join(ROOT, 'test/support/embedded-server.js');

/** The API keeps running while its database goes away, and recovers by itself when it returns. */
describe('database outage', () => {
  let dataDir: string;
  let port: number;
  let server: Spawned | undefined;
  let t: TestApp | undefined;

  const startServer = async () => {
    server = spawnNode(SERVER, [dataDir, String(port)], {});
    const [, url] = await server.waitFor(/ready (\S+)/);
    return url;
  };

  beforeAll(async () => {
    assertBuilt(path.join(ROOT, 'dist/libs/database/src/index.js'));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rectify-outage-'));
    chmodSync(dataDir, 0o755);
    port = await freePort();
    const url = await startServer();
    await runMigrations(url, migrations);
    t = await createTestApp({ database: { name: 'rectify', url, appUrl: url, drop: async () => undefined } });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    if (server) await stopProcess(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 within 5 s while the database is down, and 200 again once it is back', async () => {
    expect((await t!.http().get('/api/health')).status).toBe(200);

    await stopProcess(server!);
    const started = Date.now();
    const down = await t!.http().get('/api/health');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', database: 'down' });

    const login = await t!.http().post('/api/auth/login').send({ username: 'admin', password: 'rectify-demo' });
    expect(login.status).toBe(503);
    expect(login.body.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(10_000);

    await startServer();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await t!.http().get('/api/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    const again = await t!.http().post('/api/auth/login').send({ username: 'admin', password: 'rectify-demo' });
    expect(again.status).toBe(200);
  }, 60_000);
});
