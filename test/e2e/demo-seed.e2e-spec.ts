import { createTestApp, DemoSessions, TestApp } from '../support';

describe('demo seed', () => {
  let t: TestApp;
  let sessions: DemoSessions;

  beforeAll(async () => {
    t = await createTestApp({ seedCases: true });
    sessions = new DemoSessions(t);
  });
  afterAll(() => t.close());

  it('builds cases of every kind in different states through the engine, with valid chains', async () => {
    const { auth } = await sessions.as('auditor');
    const res = await t.http().get('/api/cases?limit=100').set(auth);
    const items: { kind: string; stateDetail: string }[] = res.body.items;
    expect(new Set(items.map((c) => c.kind))).toEqual(new Set(['rectification', 'hotline', 'accountability']));
    expect(new Set(items.map((c) => c.stateDetail))).toEqual(
      new Set(['opened', 'assigned', 'rectifying.inProgress', 'rectifying.awaitingVerification', 'verified', 'closed']),
    );
    const verify = await t.http().get('/api/audit/verify').set(auth);
    expect(verify.body).toMatchObject({ valid: true, cases: items.length, broken: [] });
  });

  it('gives each demo role something in its inbox', async () => {
    const officer = await t.http().get('/api/cases?state=assigned').set((await sessions.as('officer.zjj')).auth);
    expect(officer.body.items.length).toBeGreaterThan(0);
    const verifying = await t.http().get('/api/cases?stateDetail=rectifying.awaitingVerification').set((await sessions.as('inspector')).auth);
    expect(verifying.body.items.length).toBeGreaterThan(0);
    const closure = await t.http().get('/api/cases?state=verified').set((await sessions.as('supervisor')).auth);
    expect(closure.body.items[0].availableEvents.map((e: { type: string }) => e.type)).toContain('APPROVE_CLOSURE');
  });

  it('does not seed twice', async () => {
    const { DemoSeedService } = await import('../../apps/api/src/seed/demo-seed.service');
    await t.app.get(DemoSeedService).seed('rectify-demo');
    const res = await t.http().get('/api/cases?limit=100').set((await sessions.as('auditor')).auth);
    expect(res.body.items).toHaveLength(11);
  });
});
