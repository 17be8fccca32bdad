import path from 'node:path';
import { DataSource } from 'typeorm';
import { CaseTransitionService, OpenCaseService } from '@app/cases';
import { ActorResolver } from '@app/identity';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { assertBuilt, ROOT, spawnNode, Spawned, stopProcess } from '../support/processes';

const WORKER = path.join(ROOT, 'dist/apps/worker/src/main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sweepers as separate processes on one database, as in production: exactly once, nothing lost. */
describe('sweepers in separate processes', () => {
  let t: TestApp;
  let ds: DataSource;
  let sessions: DemoSessions;
  const workers: Spawned[] = [];

  beforeAll(async () => {
    assertBuilt(WORKER);
    t = await createTestApp();
    ds = t.app.get(DataSource);
    sessions = new DemoSessions(t);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await t.close();
  });

  const worker = (env: Record<string, string> = {}) => {
    const w = spawnNode(WORKER, [], { DATABASE_URL: t.database.appUrl, DATABASE_OWNER_URL: t.database.url, SWEEP_INTERVAL_MS: '50', SWEEP_BATCH_SIZE: '25', LOG_LEVEL: 'info', DB_POOL_SIZE: '4', ...env });
    workers.push(w);
    return w;
  };

  /** `cases` hotline cases, assigned, each with warning, breach and escalations 1–3 due now. */
  async function dueTimers(cases: number): Promise<string[]> {
    const units = await new CaseDriver(t, sessions).units();
    const resolver = t.app.get(ActorResolver);
    const agent = await resolver.forUser((await sessions.as('agent')).user.id);
    const opening = t.app.get(OpenCaseService);
    const transitions = t.app.get(CaseTransitionService);
    const ids: string[] = [];
    for (let i = 0; i < cases; i++) {
      const { view: c } = await opening.open(agent, { kind: 'hotline', title: `工单${i}`, content: '内容', callerName: '张三', callerPhone: '13812345678', requestType: '投诉', priority: 'normal', channel: 'phone' }, 'seed');
      await transitions.apply({ actor: agent, caseId: c.id, body: { type: 'ASSIGN', unitId: units.zjj }, correlationId: 'seed' });
      ids.push(c.id);
    }
    await ds.query(`UPDATE case_timers SET status = 'cancelled' WHERE case_id = ANY($1::uuid[])`, [ids]);
    await ds.query(
      `INSERT INTO case_timers (case_id, purpose, level, due_at, clock, state_entered, policy_version)
       SELECT c.id, t.purpose, t.level, now() - interval '1 minute' + t.level * interval '1 second', 'wall', 'assigned', 1
       FROM unnest($1::uuid[]) AS c(id)
       CROSS JOIN (VALUES ('warning', 0), ('breach', 0), ('escalate', 1), ('escalate', 2), ('escalate', 3)) AS t(purpose, level)`,
      [ids],
    );
    return ids;
  }

  const count = async (sql: string, params: unknown[] = []) => (await ds.query(sql, params))[0].n as number;
  const pending = (ids: string[]) => count(`SELECT count(*)::int AS n FROM case_timers WHERE case_id = ANY($1::uuid[]) AND status = 'pending'`, [ids]);

  async function expectExactlyOnce(ids: string[]) {
    expect(await count(`SELECT count(*)::int AS n FROM case_timers WHERE case_id = ANY($1::uuid[]) AND status = 'fired'`, [ids])).toBe(ids.length * 5);
    const systemEvents = await count(`SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND actor_id = 'system'`, [ids]);
    expect(systemEvents).toBe(ids.length * 5);
    const duplicates = await ds.query(
      `SELECT correlation_id, count(*) FROM case_events WHERE case_id = ANY($1::uuid[]) AND actor_id = 'system'
       GROUP BY correlation_id HAVING count(*) > 1`,
      [ids],
    );
    expect(duplicates).toEqual([]);
    const linked = await ds.query(`SELECT parent_case_id, count(*)::int AS n FROM cases WHERE parent_case_id = ANY($1::uuid[]) GROUP BY 1`, [ids]);
    expect(linked).toHaveLength(ids.length);
    expect(linked.every((r: { n: number }) => r.n === 1)).toBe(true);
    const { auth } = await sessions.as('auditor');
    for (const id of ids) {
      const verify = await t.http().get(`/api/audit/verify?caseId=${id}`).set(auth);
      expect(verify.body).toEqual({ caseId: id, valid: true, checked: 7 });
    }
  }

  async function drain(ids: string[], timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while ((await pending(ids)) > 0) {
      if (Date.now() > deadline) throw new Error(`timers still pending: ${await pending(ids)}`);
      await sleep(200);
    }
  }

  const firedBy = (w: Spawned) =>
    w
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"timers swept"'))
      .reduce((sum, l) => sum + (JSON.parse(l).fired as number), 0);

  it('two sweepers fire each of 1,000 due timers exactly once', async () => {
    const ids = await dueTimers(200);
    const started = Date.now();
    const [a, b] = [worker(), worker()];
    await drain(ids);
    const seconds = (Date.now() - started) / 1000;
    expect((await stopProcess(a)).code).toBe(0);
    expect((await stopProcess(b)).code).toBe(0);
    await expectExactlyOnce(ids);
    expect(firedBy(a) + firedBy(b)).toBe(1000);
    expect(firedBy(a)).toBeGreaterThan(0);
    expect(firedBy(b)).toBeGreaterThan(0);
    console.log(`1,000 timers swept by two processes in ${seconds.toFixed(1)} s (a: ${firedBy(a)}, b: ${firedBy(b)})`);
  }, 180_000);

  it('a sweeper killed mid-batch loses nothing: another one finishes the rest, nothing fired twice', async () => {
    const ids = await dueTimers(200);
    const a = worker({ SWEEP_BATCH_SIZE: '100' });
    const deadline = Date.now() + 30_000;
    while ((await count(`SELECT count(*)::int AS n FROM case_timers WHERE case_id = ANY($1::uuid[]) AND status = 'fired'`, [ids])) === 0) {
      if (Date.now() > deadline) throw new Error('worker a never fired');
      await sleep(20);
    }
    a.child.kill('SIGKILL');
    await a.exited;
    const firedBeforeKill = await count(`SELECT count(*)::int AS n FROM case_timers WHERE case_id = ANY($1::uuid[]) AND status = 'fired'`, [ids]);
    expect(firedBeforeKill).toBeLessThan(1000);
    const b = worker();
    await drain(ids);
    expect((await stopProcess(b)).code).toBe(0);
    await expectExactlyOnce(ids);
  }, 180_000);
});
