import { DataSource } from 'typeorm';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';

async function snapshot(ds: DataSource) {
  const [row] = await ds.query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
            (SELECT coalesce(sum(version), 0) FROM cases)::int AS versions, (SELECT count(*) FROM idempotency_keys)::int AS keys`,
  );
  return row;
}

describe('bad input is refused with 400 naming the field, and changes nothing', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let ds: DataSource;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    ds = t.app.get(DataSource);
    caseId = (await drive.openRectification()).id;
  });
  afterAll(() => t.close());

  const rectification = { kind: 'rectification', title: '标题', description: '描述', source: '自查' };
  const hotline = { kind: 'hotline', title: '标题', content: '内容', callerName: '张三', callerPhone: '13812345678', requestType: '咨询', priority: 'normal', channel: 'phone' };

  it.each([
    ['no kind', { title: 'x' }, 'kind'],
    ['an unknown kind', { ...rectification, kind: 'complaint' }, 'kind'],
    ['a missing title', { ...rectification, title: undefined }, 'title'],
    ['a title over 200 characters', { ...rectification, title: '题'.repeat(201) }, 'title'],
    ['a description over 10,000 characters', { ...rectification, description: 'x'.repeat(10_001) }, 'description'],
    ['an unknown source', { ...rectification, source: '道听途说' }, 'source'],
    ['an unknown category', { ...rectification, category: '随便' }, 'category'],
    ['an unparseable deadline', { ...rectification, dueAt: '31/12/2026' }, 'dueAt'],
    ['an impossible deadline', { ...rectification, dueAt: '2026-02-30' }, 'dueAt'],
    ['a unit that is not a uuid', { ...rectification, unitId: 'zjj' }, 'unitId'],
    ['an unknown unit', { ...rectification, unitId: '00000000-0000-4000-8000-000000000000' }, 'unitId'],
    ['a state smuggled in', { ...rectification, state: 'closed' }, 'state'],
    ['a version smuggled in', { ...rectification, version: 99 }, 'version'],
    ['a code smuggled in', { ...rectification, code: 'ZG-2026-999999' }, 'code'],
    ['an escalation level smuggled in', { ...rectification, escalationLevel: 3 }, 'escalationLevel'],
    ['a hotline field on a rectification', { ...rectification, callerPhone: '123' }, 'callerPhone'],
    ['a bad phone number', { ...hotline, callerPhone: 'call me' }, 'callerPhone'],
    ['an unknown priority', { ...hotline, priority: 'critical' }, 'priority'],
    ['a wrong type', { ...hotline, title: 42 }, 'title'],
    ['an array body', [1, 2], 'body'],
    ['a NUL character', { ...rectification, title: 'a\u0000b' }, 'title'],
  ])('POST /api/cases with %s', async (_, body, field) => {
    const before = await snapshot(ds);
    const res = await t.http().post('/api/cases').set((await sessions.as('inspector')).auth).send(body as object);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await snapshot(ds)).toEqual(before);
  });

  it.each([
    ['an unknown event type', { type: 'FINISH' }, {}, 'type'],
    ['no type', { unitId: 'x' }, {}, 'type'],
    ['a system event', { type: 'ESCALATE', level: 3, timerId: 'x' }, {}, 'type'],
    ['a missing field', { type: 'ASSIGN' }, {}, 'unitId'],
    ['an extra field', { type: 'ASSIGN', unitId: '00000000-0000-4000-8000-000000000000', priority: 'urgent' }, {}, 'priority'],
    ['state in the body', { type: 'ASSIGN', unitId: '00000000-0000-4000-8000-000000000000', state: 'closed' }, {}, 'state'],
    ['version in the body', { type: 'ASSIGN', version: 7 }, {}, 'version'],
    ['a wrong type', { type: 'ASSIGN', unitId: 12 }, {}, 'unitId'],
    ['a comment over 10,000 characters', { type: 'ASSIGN', unitId: '00000000-0000-4000-8000-000000000000', comment: 'x'.repeat(10_001) }, {}, 'comment'],
    ['an unparseable date', { type: 'ASSIGN', unitId: '00000000-0000-4000-8000-000000000000', dueAt: 'next friday' }, {}, 'dueAt'],
    ['a deadline in the past', { type: 'ASSIGN', unitId: '00000000-0000-4000-8000-000000000000', dueAt: '2020-01-01' }, {}, 'dueAt'],
    ['an If-Match that is not a number', { type: 'ASSIGN' }, { 'If-Match': 'latest' }, 'If-Match'],
    ['an Idempotency-Key with spaces', { type: 'ASSIGN' }, { 'Idempotency-Key': 'a b' }, 'Idempotency-Key'],
    ['nesting 40 levels deep', { type: 'ASSIGN', unitId: JSON.parse('['.repeat(40) + ']'.repeat(40)) }, {}, 'unitId'],
  ])('POST /api/cases/:id/events with %s', async (_, body, headers, field) => {
    const before = await snapshot(ds);
    const res = await drive.send('inspector', caseId, body as Record<string, unknown>, headers as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field.split('.')[0])).toContain(field);
    expect(await snapshot(ds)).toEqual(before);
  });

  it.each([
    ['/api/cases/not-a-uuid'],
    ['/api/cases/not-a-uuid/events'],
    ['/api/cases?limit=abc'],
    ['/api/cases?limit=101'],
    ['/api/cases?cursor=%%%'],
    ['/api/cases?cursor=eyJmb28iOjF9'],
    ['/api/cases?state=done'],
    ['/api/cases?overdue=maybe'],
    ['/api/cases?escalationLevel=7'],
    ['/api/cases?unitId=zjj'],
    ['/api/cases?kind=a&kind=b'],
    ['/api/audit/verify?caseId=nope'],
  ])('GET %s → 400', async (url) => {
    const res = await t.http().get(url).set((await sessions.as('inspector')).auth);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a bad timeline cursor', async () => {
    const res = await t.http().get(`/api/cases/${caseId}/events?cursor=abc`).set((await sessions.as('inspector')).auth);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'cursor', code: 'invalid_format', message: 'is not a cursor this API issued' }]);
  });

  it('answers an unknown case with 404, an unknown workflow with 404', async () => {
    const { auth } = await sessions.as('inspector');
    expect((await t.http().get('/api/cases/00000000-0000-4000-8000-000000000000').set(auth)).status).toBe(404);
    expect((await drive.send('inspector', '00000000-0000-4000-8000-000000000000', { type: 'ASSIGN' })).status).toBe(404);
    expect((await t.http().get('/api/workflows/complaint').set(auth)).status).toBe(404);
  });

  it('refuses roles that may not open a kind', async () => {
    const before = await snapshot(ds);
    const res = await t.http().post('/api/cases').set((await sessions.as('officer.zjj')).auth).send(rectification);
    expect(res.status).toBe(403);
    const agent = await t.http().post('/api/cases').set((await sessions.as('agent')).auth).send(rectification);
    expect(agent.status).toBe(403);
    expect(await snapshot(ds)).toEqual(before);
  });
});

describe('workflow definitions', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
  });
  afterAll(() => t.close());

  it('lists the machines with versions, states, events, policy and a Mermaid diagram', async () => {
    const { auth } = await sessions.as('auditor');
    const list = await t.http().get('/api/workflows').set(auth);
    expect(list.body.items.map((w: { kind: string }) => w.kind).sort()).toEqual(['accountability', 'hotline', 'obligation', 'rectification']);
    const res = await t.http().get('/api/workflows/hotline').set(auth);
    expect(res.body).toMatchObject({ kind: 'hotline', version: 1, versions: [1], openRoles: ['hotline_agent', 'inspector'] });
    expect(res.body.states.map((s: { path: string }) => s.path)).toEqual([
      'opened',
      'assigned',
      'rectifying',
      'rectifying.inProgress',
      'rectifying.awaitingVerification',
      'verified',
      'closed',
    ]);
    const callback = res.body.events.find((e: { type: string }) => e.type === 'CALLBACK');
    expect(callback).toMatchObject({ roles: ['hotline_agent', 'inspector'], unitScoped: false, fourEyes: false });
    expect(callback.payloadSchema.properties.satisfaction.enum).toEqual(['satisfied', 'basically_satisfied', 'unsatisfied']);
    expect(res.body.events.find((e: { type: string }) => e.type === 'APPROVE_CLOSURE').fourEyes).toBe(true);
    expect(res.body.mermaid).toMatch(/^stateDiagram-v2\n/);
    expect(res.body.mermaid).toContain('CALLBACK [callerUnsatisfied]');
  });

  it('serves a named version for cases still on it', async () => {
    const { auth } = await sessions.as('auditor');
    expect((await t.http().get('/api/workflows/rectification?version=1').set(auth)).body.version).toBe(1);
    expect((await t.http().get('/api/workflows/rectification?version=9').set(auth)).status).toBe(404);
    expect((await t.http().get('/api/workflows/rectification?version=v1').set(auth)).status).toBe(400);
  });
});
