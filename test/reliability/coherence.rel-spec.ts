import path from 'node:path';
import { createTestDatabase, TestDatabase } from '../support';
import { ApiProcess, ProcessPool, RELIABILITY_JWT_SECRET, startApi } from '../support/api-process';
import { httpRequest, login } from '../support/http';
import { ROOT, spawnNode } from '../support/processes';

const WORKER_MAIN = path.join(ROOT, 'dist/apps/worker/src/main.js');

interface UnitNode {
  id: string;
  code: string;
  children: UnitNode[];
}
const flat = (nodes: UnitNode[]): UnitNode[] => nodes.flatMap((n) => [n, ...flat(n.children ?? [])]);

const hotline = (title: string) => ({
  kind: 'hotline',
  title,
  content: '路灯不亮',
  callerName: '张三',
  callerPhone: '13812345678',
  requestType: '求助',
  priority: 'normal',
  channel: 'phone',
});

/**
 * Two API processes and a worker on one database: what one process writes, the other answers at
 * once — the settings they keep in memory are checked against the database's versions per request.
 */
describe('coherence: two API processes and a worker agree on settings as soon as a change is committed', () => {
  const processes = new ProcessPool();
  let db: TestDatabase;
  let a: ApiProcess;
  let b: ApiProcess;
  const env = (seed: boolean) => ({ DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.url, SEED_DEMO: String(seed), SWEEPER: 'off' });
  const tokens: Record<string, string> = {};
  const call = (api: ApiProcess, user: string, method: string, p: string, body?: unknown) =>
    httpRequest(api.base, { method, path: p, token: tokens[user], body });

  beforeAll(async () => {
    db = await createTestDatabase();
    // B starts on the empty database and loads its (empty) unit tree; A then seeds the demo county.
    b = await startApi(processes, env(false));
    a = await startApi(processes, env(true));
    for (const name of ['admin', 'agent', 'inspector']) tokens[name] = (await login(b.base, name)).token;
    const worker = processes.track(
      spawnNode(WORKER_MAIN, [], { DATABASE_URL: db.appUrl, JWT_SECRET: RELIABILITY_JWT_SECRET, SWEEPER: 'on', SWEEP_INTERVAL_MS: '200', LOG_LEVEL: 'info' }),
    );
    await worker.waitFor(/sweeping every/, 60_000);
  }, 180_000);

  afterAll(async () => {
    await processes.killAll();
    await db?.drop();
  });

  it('serves the units another process seeded, right after that process started', async () => {
    const health = await httpRequest(b.base, { method: 'GET', path: '/api/health' });
    expect(health.body).toMatchObject({ status: 'ok', database: 'up', settings: 'loaded' });
    const units = await call(b, 'inspector', 'GET', '/api/units');
    expect(units.status).toBe(200);
    expect(flat(units.body as UnitNode[]).map((u) => u.code)).toEqual(expect.arrayContaining(['county', 'zjj', 'hotline']));
  });

  it('answers a unit created on A from B in the very next request', async () => {
    const county = flat((await call(a, 'admin', 'GET', '/api/units')).body as UnitNode[]).find((u) => u.code === 'county')!;
    const created = await call(a, 'admin', 'POST', '/api/units', { code: 'coh-new', name: '县一致性测试局', parentId: county.id });
    expect(created.status).toBe(201);
    const onB = await call(b, 'inspector', 'GET', '/api/units');
    expect(flat(onB.body as UnitNode[]).map((u) => u.code)).toContain('coh-new');
  });

  it('plans deadlines on B with the SLA policy A published a moment before, and the worker plans the 问责 it opens with it too', async () => {
    const v1 = (await call(b, 'admin', 'GET', '/api/sla-policies')).body as { version: number; rules: Record<string, unknown>[] };
    const rules = v1.rules.filter((r) => !(r.kind === 'hotline' && r.state === 'assigned'));
    rules.push({ kind: 'hotline', priority: 'any', state: 'assigned', deadline: '3s', escalation: [{ level: 1, after: '1s' }, { level: 2, after: '2s' }, { level: 3, after: '3s' }] });
    // Planned by the worker when its level 3 opens the 问责: the worker must have the new policy too.
    rules.push({ kind: 'accountability', priority: 'any', state: 'opened', deadline: '7wd', escalation: [] });
    const published = await call(a, 'admin', 'PUT', '/api/sla-policies', { rules });
    expect(published.status).toBe(200);
    const onB = await call(b, 'admin', 'GET', '/api/sla-policies');
    expect((onB.body as { version: number }).version).toBe((published.body as { version: number }).version);

    const units = flat((await call(b, 'agent', 'GET', '/api/units')).body as UnitNode[]);
    const opened = await call(b, 'agent', 'POST', '/api/cases', hotline('一致性测试工单'));
    expect(opened.status).toBe(201);
    const before = Date.now();
    const assigned = await call(b, 'agent', 'POST', `/api/cases/${opened.body.id}/events`, { type: 'ASSIGN', unitId: units.find((u) => u.code === 'zjj')!.id });
    expect(assigned.status).toBe(200);
    const due = new Date(assigned.body.dueAt as string).getTime();
    expect(due - before).toBeGreaterThan(2_000);
    expect(due - before).toBeLessThan(10_000);

    // The worker started before the change: it fires what B planned, and plans the 问责 it opens with the new policy.
    const deadline = Date.now() + 30_000;
    let detail: { escalationLevel: number; linkedCases: { id: string; kind: string }[] } = { escalationLevel: 0, linkedCases: [] };
    while (Date.now() < deadline && !detail.linkedCases.length) {
      await new Promise((r) => setTimeout(r, 300));
      detail = (await call(a, 'inspector', 'GET', `/api/cases/${opened.body.id}`)).body;
    }
    expect(detail.escalationLevel).toBe(3);
    const accountability = (await call(b, 'inspector', 'GET', `/api/cases/${detail.linkedCases[0].id}`)).body;
    expect(accountability).toMatchObject({ kind: 'accountability', state: 'opened', dueAt: expect.any(String) });
  }, 60_000);

  it('counts working days on B with the calendar year A loaded a moment before', async () => {
    const from = '2031-03-07'; // a Friday
    const plain = await call(b, 'inspector', 'GET', `/api/calendar/add?from=${from}&workdays=1`);
    expect(plain.status).toBe(200);
    expect(plain.body.date).toBe('2031-03-10');
    const loaded = await call(a, 'admin', 'PUT', '/api/calendar/2031', { holidays: ['2031-03-10'], workdays: [] });
    expect(loaded.status).toBe(200);
    const after = await call(b, 'inspector', 'GET', `/api/calendar/add?from=${from}&workdays=1`);
    expect(after.body.date).toBe('2031-03-11');
  });
});
