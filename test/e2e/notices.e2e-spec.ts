import { CaseDriver, createTestApp, DemoSessions, type DemoUser, TestApp } from '../support';

/** Per-person notices from the trail: each hears of what concerns them, nobody of their own doing. */
describe('in-app notices', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let units: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    units = await drive.units();
  });
  afterAll(() => t.close());

  const notices = async (as: DemoUser, query = '') => {
    const res = await t.http().get(`/api/notices${query}`).set((await sessions.as(as)).auth);
    if (res.status !== 200) throw new Error(`GET /api/notices${query} as ${as}: ${res.status}${drive.logged(res)}`);
    return res.body;
  };
  const about = async (as: DemoUser, caseId: string) => (await notices(as, '?limit=100')).items.filter((n: { caseId: string }) => n.caseId === caseId);
  const count = async (as: DemoUser) => (await t.http().get('/api/notices/count').set((await sessions.as(as)).auth).expect(200)).body.unread as number;

  it('tells the unit of work given to it and the inspector of a report to verify, and no one of their own doing', async () => {
    const before = await count('officer.zjj');
    const item = await drive.openRectification({ title: '通知测试' });
    await drive.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj });
    expect((await about('officer.zjj', item.id)).map((n: { kind: string }) => n.kind)).toEqual(['assigned']);
    expect(await about('officer.scj', item.id)).toEqual([]);
    expect(await about('inspector', item.id)).toEqual([]);
    expect(await count('officer.zjj')).toBe(before + 1);

    await drive.must('officer.zjj', item.id, { type: 'ACCEPT' });
    await drive.must('officer.zjj', item.id, { type: 'SUBMIT_REPORT', summary: '已整改' });
    const [report] = await about('inspector', item.id);
    expect(report).toMatchObject({ kind: 'awaiting-verification', caseCode: item.code, eventType: 'SUBMIT_REPORT', read: false });
    await drive.must('inspector', item.id, { type: 'VERIFY_FAIL', reason: '材料不全' });
    expect((await about('officer.zjj', item.id)).map((n: { kind: string }) => n.kind)).toEqual(['returned', 'assigned']);
    await drive.must('officer.zjj', item.id, { type: 'SUBMIT_REPORT', summary: '已补充' });
    await drive.must('inspector', item.id, { type: 'VERIFY_PASS' });
    expect((await about('supervisor', item.id)).map((n: { kind: string }) => n.kind)).toEqual(['awaiting-approval']);
  });

  it('tells the agent of a returned order, and marks notices read one by one or all at once', async () => {
    const order = await drive.openHotline();
    await drive.must('agent', order.id, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', order.id, { type: 'RETURN', reason: '不属于本单位职责' });
    const [returned] = await about('agent', order.id);
    // The 被退回 queue finds it; once dispatched again it leaves it.
    const queue = async () => (await t.http().get('/api/cases?returned=true&kind=hotline&limit=100').set((await sessions.as('agent')).auth)).body.items.map((i: { id: string }) => i.id);
    expect(await queue()).toContain(order.id);
    expect(returned).toMatchObject({ kind: 'returned', caseKind: 'hotline', read: false });

    const unread = await count('agent');
    const marked = await t.http().post('/api/notices/read').set((await sessions.as('agent')).auth).send({ ids: [returned.id] });
    expect(marked.body).toEqual({ unread: unread - 1 });
    expect((await about('agent', order.id))[0].read).toBe(true);
    expect((await notices('agent', '?unread=true&limit=100')).items.map((n: { id: string }) => n.id)).not.toContain(returned.id);
    await t.http().post('/api/notices/read').set((await sessions.as('agent')).auth).send({ all: true }).expect(200, { unread: 0 });
    expect(await count('agent')).toBe(0);
    await drive.must('agent', order.id, { type: 'ASSIGN', unitId: units.scj });
    expect(await queue()).not.toContain(order.id);
    // Notices follow the unit the case was with at each event: the new unit hears of its own 派单 only.
    expect((await about('officer.scj', order.id)).map((n: { kind: string }) => n.kind)).toEqual(['assigned']);
  });

  it('never tells a unit of an accountability case about it', async () => {
    const supervisor = (await sessions.as('inspector')).auth;
    const opened = await t.http().post('/api/cases').set(supervisor).send({ kind: 'accountability', title: '问责通知测试', description: '内容', targetUnitId: units.zjj });
    expect(opened.status).toBe(201);
    await drive.must('inspector', opened.body.id, { type: 'ASSIGN', unitId: units.zjj });
    expect(await about('officer.zjj', opened.body.id)).toEqual([]);
  });

  it.each([
    ['{}', {}],
    ['an id that is not one', { ids: ['x'] }],
    ['all that is not a boolean', { all: 'yes' }],
  ])('refuses to mark %s read with 400', async (_, body) => {
    const res = await t.http().post('/api/notices/read').set((await sessions.as('agent')).auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('gives roles no rule speaks to (admin, auditor) an empty list, not an error', async () => {
    for (const as of ['admin', 'auditor'] as const) {
      expect(await notices(as, '?unread=true')).toEqual({ items: [], nextCursor: null, unread: 0 });
      expect(await count(as)).toBe(0);
    }
  });

  it('refuses a malformed query with 400', async () => {
    expect((await t.http().get('/api/notices?unread=maybe').set((await sessions.as('agent')).auth)).status).toBe(400);
    expect((await t.http().get('/api/notices?cursor=nope').set((await sessions.as('agent')).auth)).status).toBe(400);
  });
});
