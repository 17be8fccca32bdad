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
    expect(new Set(items.map((c) => c.kind))).toEqual(new Set(['rectification', 'hotline', 'accountability', 'obligation']));
    expect(new Set(items.map((c) => c.stateDetail))).toEqual(
      new Set(['opened', 'assigned', 'rectifying.inProgress', 'rectifying.awaitingVerification', 'verified', 'closed', 'closed.done']),
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

  it("publishes this year's responsibility list from the 18 duties, with completed, open and late cells", async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const matrix = await t.http().get(`/api/responsibility-lists/${year}/matrix`).set((await sessions.as('inspector')).auth);
    expect(matrix.status).toBe(200);
    expect(matrix.body.items.map((i: { no: number }) => i.no)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    const scheduled = matrix.body.items.filter((i: { obligations: { type: string }[] }) => i.obligations.some((o) => o.type !== 'continuous')).map((i: { no: number }) => i.no);
    expect(scheduled).toEqual(expect.arrayContaining([4, 7, 8, 9, 15, 18]));
    const statuses = new Set(matrix.body.cells.map((c: { status: string }) => c.status));
    for (const status of ['完成', '超期', '不适用']) expect(statuses).toContain(status);
    const review = await t.http().get('/api/cases?kind=obligation&stateDetail=rectifying.awaitingVerification').set((await sessions.as('inspector')).auth);
    expect(review.body.items.length).toBeGreaterThan(0);
  });

  it('does not seed twice', async () => {
    const { DemoSeedService } = await import('../../apps/api/src/seed/demo-seed.service');
    const auth = (await sessions.as('auditor')).auth;
    const before = (await t.http().get('/api/cases/count').set(auth)).body.count;
    await t.app.get(DemoSeedService).seed('rectify-demo');
    expect((await t.http().get('/api/cases/count').set(auth)).body.count).toBe(before);
    expect((await t.http().get('/api/cases/count?kind=rectification').set(auth)).body.count).toBe(6);
  });
});
