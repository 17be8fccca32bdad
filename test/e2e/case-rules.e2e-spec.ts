import { DataSource } from 'typeorm';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';

async function counts(ds: DataSource) {
  const [row] = await ds.query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
            (SELECT count(*) FROM outbox)::int AS outbox, (SELECT coalesce(sum(version), 0) FROM cases)::int AS versions`,
  );
  return row;
}

describe('case rules: refusals, concurrency, idempotency, unit scope', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let units: Record<string, string>;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    units = await drive.units();
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const toVerified = async () => {
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
    await drive.must('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: '已整改' });
    return c;
  };

  it('refuses an event the state does not accept with 409 INVALID_TRANSITION listing the accepted events, writing nothing', async () => {
    const c = await drive.openRectification();
    const before = await counts(ds);
    const res = await drive.send('supervisor', c.id, { type: 'APPROVE_CLOSURE' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', allowedEvents: ['ASSIGN'] });
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(await counts(ds)).toEqual(before);
  });

  it('refuses a role the policy does not allow with 403 naming the rule, writing nothing', async () => {
    const c = await toVerified();
    const before = await counts(ds);
    const officer = await drive.send('officer.zjj', c.id, { type: 'VERIFY_PASS' });
    expect(officer.status).toBe(403);
    expect(officer.body).toMatchObject({ code: 'FORBIDDEN', rule: 'role' });
    const auditor = await drive.send('auditor', c.id, { type: 'VERIFY_PASS' });
    expect(auditor.status).toBe(403);
    const admin = await drive.send('admin', c.id, { type: 'VERIFY_PASS' });
    expect(admin.status).toBe(403);
    expect(await counts(ds)).toEqual(before);
  });

  it('enforces four eyes: the supervisor who verified cannot approve closure', async () => {
    const admin = await sessions.as('admin');
    const dual = await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ username: 'dual.role', displayName: '兼职领导', unitId: units.jw, roles: ['inspector', 'supervisor'], password: 'dual-role-pass' });
    expect(dual.status).toBe(201);
    const c = await toVerified();
    await sessions.as('dual.role', 'dual-role-pass');
    await drive.must('dual.role' as never, c.id, { type: 'VERIFY_PASS' });
    const before = await counts(ds);
    const refused = await drive.send('dual.role' as never, c.id, { type: 'APPROVE_CLOSURE' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', rule: 'four-eyes' });
    expect(refused.body.detail).toMatch(/four-eyes/);
    expect(await counts(ds)).toEqual(before);
    const viewed = await t.http().get(`/api/cases/${c.id}`).set((await sessions.as('dual.role' as never)).auth);
    expect(viewed.body.availableEvents.map((e: { type: string }) => e.type)).toEqual(['REJECT_CLOSURE']);
    expect((await drive.send('supervisor', c.id, { type: 'APPROVE_CLOSURE' })).status).toBe(200);
  });

  it('lets exactly one of 50 concurrent requests with the same If-Match win', async () => {
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
    const { auth } = await sessions.as('officer.zjj');
    const version = 3;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.http().post(`/api/cases/${c.id}/events`).set(auth).set('If-Match', String(version)).send({ type: 'REQUEST_EXTENSION', dueAt: '2027-12-31', reason: `理由${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 4 });
    const timeline = await drive.timeline('inspector', c.id);
    expect(timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const after = await t.http().get(`/api/cases/${c.id}`).set(auth);
    expect(after.body.version).toBe(version + 1);
  });

  it('serialises 30 concurrent writers without If-Match: every accepted event is in the chain once', async () => {
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
    const requests = Array.from({ length: 30 }, (_, i) =>
      i % 2 === 0
        ? drive.send('officer.zjj', c.id, { type: 'REQUEST_EXTENSION', dueAt: '2027-12-31', reason: `r${i}` })
        : drive.send('supervisor', c.id, { type: 'REJECT_EXTENSION' }),
    );
    const responses = await Promise.all(requests);
    const ok = responses.filter((r) => r.status === 200).length;
    expect(responses.filter((r) => r.status !== 200 && r.status !== 409).map((r) => [r.status, r.body.detail, drive.logged(r)])).toEqual([]);
    const timeline = await drive.timeline('inspector', c.id);
    expect(timeline).toHaveLength(3 + ok);
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
    const verify = await t.http().get(`/api/audit/verify?caseId=${c.id}`).set((await sessions.as('auditor')).auth);
    expect(verify.body).toEqual({ caseId: c.id, valid: true, checked: 3 + ok });
  });

  it('answers an idempotent retry with the original result and writes nothing new', async () => {
    const c = await drive.openRectification();
    const headers = { 'Idempotency-Key': `assign-${c.id}` };
    const body = { type: 'ASSIGN', unitId: units.zjj };
    const first = await drive.send('inspector', c.id, body, headers);
    expect(first.status).toBe(200);
    const before = await counts(ds);
    const retries = await Promise.all([1, 2, 3].map(() => drive.send('inspector', c.id, body, headers)));
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    }
    expect(await counts(ds)).toEqual(before);
    const mismatch = await drive.send('inspector', c.id, { ...body, comment: '不同的请求' }, headers);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('IDEMPOTENCY_MISMATCH');
    expect(await counts(ds)).toEqual(before);
  });

  it('applies concurrent first uses of one Idempotency-Key once', async () => {
    const c = await drive.openRectification();
    const headers = { 'Idempotency-Key': `race-${c.id}` };
    const responses = await Promise.all(Array.from({ length: 10 }, () => drive.send('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj }, headers)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => r.body.version))).toEqual(new Set([2]));
    expect(await drive.timeline('inspector', c.id)).toHaveLength(2);
  });

  describe('unit scope', () => {
    let zjjCase: Record<string, any>;
    let cjCase: Record<string, any>;

    beforeAll(async () => {
      zjjCase = await drive.openRectification({ title: '住建局专属问题' });
      await drive.must('inspector', zjjCase.id, { type: 'ASSIGN', unitId: units.zjj });
      cjCase = await drive.openRectification({ title: '城建股专属问题', unitId: units['zjj-cj'] });
      await drive.must('inspector', cjCase.id, { type: 'ASSIGN', unitId: units['zjj-cj'] });
    });

    it('hides a zjj case from officer.scj: 404 on get, events and timeline; absent from list and audit search', async () => {
      const scj = await sessions.as('officer.scj');
      const get = await t.http().get(`/api/cases/${zjjCase.id}`).set(scj.auth);
      expect(get.status).toBe(404);
      expect(get.body.code).toBe('NOT_FOUND');
      const event = await drive.send('officer.scj', zjjCase.id, { type: 'ACCEPT' });
      expect(event.status).toBe(404);
      expect((await t.http().get(`/api/cases/${zjjCase.id}/events`).set(scj.auth)).status).toBe(404);
      const list = await t.http().get('/api/cases?limit=100').set(scj.auth);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(zjjCase.id);
      const search = await t.http().get(`/api/audit?caseId=${zjjCase.id}`).set(scj.auth);
      expect(search.body.items).toEqual([]);
      const text = await t.http().get(`/api/cases?text=${encodeURIComponent('住建局专属')}`).set(scj.auth);
      expect(text.body.items).toEqual([]);
      expect((await t.http().get(`/api/audit/verify?caseId=${zjjCase.id}`).set(scj.auth)).status).toBe(404);
      // The same 404 as for a case that does not exist at all.
      const ghost = await t.http().get('/api/cases/00000000-0000-4000-8000-000000000000').set(scj.auth);
      expect(ghost.body).toEqual(get.body);
    });

    it('lets officer.zjj see and act on cases of its sub-unit zjj-cj', async () => {
      const zjj = await sessions.as('officer.zjj');
      const list = await t.http().get('/api/cases?limit=100').set(zjj.auth);
      const ids = list.body.items.map((i: { id: string }) => i.id);
      expect(ids).toEqual(expect.arrayContaining([zjjCase.id, cjCase.id]));
      expect(list.body.items.every((i: { unitId: string }) => [units.zjj, units['zjj-cj']].includes(i.unitId))).toBe(true);
      expect((await drive.send('officer.zjj', cjCase.id, { type: 'ACCEPT' })).status).toBe(200);
    });

    it('lets a liaison who is also an inspector read every case but act as liaison only for their own unit', async () => {
      const admin = await sessions.as('admin');
      const created = await t
        .http()
        .post('/api/users')
        .set(admin.auth)
        .send({ username: 'scj.dual', displayName: '市场监管局联络员兼纪检员', unitId: units.scj, roles: ['inspector', 'unit_officer'], password: 'scj-dual-pass' });
      expect(created.status).toBe(201);
      const dual = await sessions.as('scj.dual', 'scj-dual-pass');
      const other = await drive.openRectification();
      await drive.must('inspector', other.id, { type: 'ASSIGN', unitId: units.zjj });
      const seen = await t.http().get(`/api/cases/${other.id}`).set(dual.auth);
      expect(seen.status).toBe(200);
      expect(seen.body.availableEvents).toEqual([]);
      expect(seen.body.blockedEvents.map((b: { type: string; rule: string }) => [b.type, b.rule])).toEqual([
        ['ACCEPT', 'unit-scope'],
        ['RETURN', 'unit-scope'],
      ]);
      const refused = await drive.send('scj.dual' as never, other.id, { type: 'ACCEPT' });
      expect(refused.status).toBe(403);
      expect(refused.body.rule).toBe('unit-scope');
      const own = await drive.openRectification({ unitId: units.scj });
      await drive.must('inspector', own.id, { type: 'ASSIGN', unitId: units.scj });
      expect((await drive.send('scj.dual' as never, own.id, { type: 'ACCEPT' })).status).toBe(200);
    });

    it('keeps a unit that still has cases from being deleted', async () => {
      const res = await t.http().delete(`/api/units/${units['zjj-cj']}`).set((await sessions.as('admin')).auth);
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/0 user\(s\) and [1-9]\d* case\(s\)/);
    });

    it('lets county-level roles see every unit', async () => {
      for (const user of ['inspector', 'supervisor', 'auditor', 'agent'] as const) {
        const res = await t.http().get(`/api/cases/${zjjCase.id}`).set((await sessions.as(user)).auth);
        expect(res.status).toBe(200);
      }
    });
  });
});

describe('inbox filters and counts', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;

  beforeAll(async () => {
    t = await createTestApp({ seedCases: true });
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
  });
  afterAll(() => t.close());

  const ids = async (as: string, query: string) =>
    (await t.http().get(`/api/cases?limit=100&${query}`).set((await sessions.as(as as never)).auth)).body.items.map((c: { id: string }) => c.id);
  const count = async (as: string, query: string) => (await t.http().get(`/api/cases/count?${query}`).set((await sessions.as(as as never)).auth)).body.count;

  it('filters by pending extension and by rework, and counts what a list would show', async () => {
    const units = await drive.units();
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
    expect(await ids('supervisor', 'extensionPending=true')).not.toContain(c.id);
    await drive.must('officer.zjj', c.id, { type: 'REQUEST_EXTENSION', dueAt: '2030-12-31', reason: '需协调' });
    expect(await ids('supervisor', 'extensionPending=true')).toEqual([c.id]);
    await drive.must('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: 's' });
    await drive.must('inspector', c.id, { type: 'VERIFY_FAIL', reason: '不到位' });
    expect(await ids('officer.zjj', 'rework=true')).toEqual([c.id]);
    expect(await count('officer.zjj', 'rework=true')).toBe(1);
    for (const query of ['state=assigned', 'kind=hotline', 'escalated=false', 'extensionPending=true', '']) {
      expect(await count('inspector', query)).toBe((await ids('inspector', query)).length);
    }
    expect(await count('officer.scj', '')).toBe((await ids('officer.scj', '')).length);
    expect(await count('officer.scj', '')).toBeLessThan(await count('inspector', ''));
    expect((await t.http().get('/api/cases/count?rework=maybe').set((await sessions.as('inspector')).auth)).status).toBe(400);
  });

  it('says why an event is withheld: the verifier sees APPROVE_CLOSURE blocked by four eyes', async () => {
    const admin = await sessions.as('admin');
    const units = await drive.units();
    await t.http().post('/api/users').set(admin.auth).send({ username: 'lead.two', displayName: '双职领导', unitId: units.jw, roles: ['inspector', 'supervisor'], password: 'lead-two-pass' });
    await sessions.as('lead.two', 'lead-two-pass');
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
    await drive.must('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: 's' });
    const verified = await drive.must('lead.two' as never, c.id, { type: 'VERIFY_PASS' });
    expect(verified.blockedEvents).toEqual([{ type: 'APPROVE_CLOSURE', label: '批准销号', rule: 'four-eyes', reason: expect.stringContaining('four-eyes') }]);
    const bySupervisor = await t.http().get(`/api/cases/${c.id}`).set((await sessions.as('supervisor')).auth);
    expect(bySupervisor.body.blockedEvents).toEqual([]);
    const refused = await drive.send('officer.zjj', c.id, { type: 'APPROVE_CLOSURE' });
    expect(refused.body).toMatchObject({ rule: 'role', requiredRoles: ['supervisor'] });
  });

  it('gives audit rows the case code and kind', async () => {
    const res = await t.http().get('/api/audit?limit=5').set((await sessions.as('auditor')).auth);
    for (const item of res.body.items) expect(item).toMatchObject({ caseCode: expect.stringMatching(/^(ZG|RX|WZ)-\d{4}-\d{6}$/), caseKind: expect.any(String) });
  });
});
