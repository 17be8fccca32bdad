import { AuditLogService } from '@app/audit';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { connect, type Sql } from '../support/trail';

type AdminEvent = { seq: number; type: string; subjectType: string; subjectId: string; before: any; after: any; actorId: string; actorRole: string; correlationId: string };

/** Every configuration and access change an administrator makes is an event of the admin chain. */
describe('the admin chain', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let units: Record<string, string>;
  let su: { sql: Sql; close: () => Promise<void> };
  let admin: { auth: Record<string, string>; user: { id: string } };

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    units = await new CaseDriver(t, sessions).units();
    su = await connect(t.database.url);
    admin = await sessions.as('admin');
  });
  afterAll(async () => {
    await su.close();
    await t.close();
  });

  const adminChain = async (): Promise<AdminEvent[]> =>
    (await t.http().get('/api/audit?scope=admin&limit=100').set((await sessions.as('auditor')).auth).expect(200)).body.items;
  const as = (requestId: string) => ({ ...admin.auth, 'X-Request-Id': requestId });

  it('records a role granted and taken back, with who, when, before and after, in the request that did it', async () => {
    const created = await t
      .http()
      .post('/api/users')
      .set(as('req-create-user'))
      .send({ username: 'zhang.san', displayName: '张三', unitId: units.zjj, roles: ['unit_officer'], password: 'initial-password-1' })
      .expect(201);
    const id = created.body.id;
    await t.http().patch(`/api/users/${id}`).set(as('req-grant')).send({ roles: ['unit_officer', 'supervisor'] }).expect(200);
    await t.http().patch(`/api/users/${id}`).set(as('req-revoke')).send({ roles: ['unit_officer'], password: 'another-password-2' }).expect(200);
    await t.http().patch(`/api/users/${id}`).set(as('req-deactivate')).send({ active: false }).expect(200);

    const mine = (await adminChain()).filter((e) => e.subjectId === id).reverse();
    expect(mine.map((e) => [e.type, e.correlationId])).toEqual([
      ['USER_CREATED', 'req-create-user'],
      ['ROLES_CHANGED', 'req-grant'],
      ['ROLES_CHANGED', 'req-revoke'],
      ['PASSWORD_RESET', 'req-revoke'],
      ['USER_DEACTIVATED', 'req-deactivate'],
    ]);
    expect(mine[0].after).toEqual({ username: 'zhang.san', displayName: '张三', unitId: units.zjj, roles: ['unit_officer'], active: true });
    expect(mine[1]).toMatchObject({
      subjectType: 'user',
      actorId: admin.user.id,
      actorRole: 'admin',
      before: { roles: ['unit_officer'] },
      after: { roles: ['supervisor', 'unit_officer'], granted: ['supervisor'], removed: [] },
    });
    expect(mine[2].after).toMatchObject({ granted: [], removed: ['supervisor'] });
    // No secret is ever in the chain.
    expect(JSON.stringify(mine)).not.toMatch(/password-|argon2/);
  });

  it('records units created, renamed, moved and deleted', async () => {
    const unit = (await t.http().post('/api/units').set(admin.auth).send({ code: 'tmp', name: '临时专班', parentId: units.zjj }).expect(201)).body;
    await t.http().patch(`/api/units/${unit.id}`).set(admin.auth).send({ name: '整改专班', parentId: units.jw }).expect(200);
    await t.http().delete(`/api/units/${unit.id}`).set(admin.auth).expect(204);
    const events = (await adminChain()).filter((e) => e.subjectId === unit.id).reverse();
    expect(events.map((e) => e.type)).toEqual(['UNIT_CREATED', 'UNIT_RENAMED', 'UNIT_MOVED', 'UNIT_DELETED']);
    expect(events[1]).toMatchObject({ before: { code: 'tmp', name: '临时专班' }, after: { code: 'tmp', name: '整改专班' } });
    expect(events[2]).toMatchObject({ before: { parentId: units.zjj }, after: { parentId: units.jw } });
  });

  it('records the SLA policy, a calendar year, the ranking weights, a responsibility list and a timer retried', async () => {
    const policy = (await t.http().get('/api/sla-policies').set(admin.auth).expect(200)).body;
    await t.http().put('/api/sla-policies').set(admin.auth).send({ rules: policy.rules }).expect(200);
    await t.http().put('/api/calendar/2031').set(admin.auth).send({ holidays: [{ date: '2031-01-01', name: '元旦' }], workdays: [] }).expect(200);
    const weights = (await t.http().get('/api/reports/ranking/weights').set(admin.auth).expect(200)).body;
    await t.http().put('/api/reports/ranking/weights').set(admin.auth).send(weights.weights).expect(200);
    const list = [{ no: 1, text: '建立问题整改台账', obligations: [{ key: 'ledger', title: '问题整改台账', schedule: { type: 'continuous', measure: 'rectification' }, appliesTo: 'departments' }] }];
    await t.http().put('/api/responsibility-lists/2031').set(admin.auth).send({ status: 'draft', items: list }).expect(200);

    const drive = new CaseDriver(t, sessions);
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    const [{ id: timerId }] = await su.sql(
      `UPDATE case_timers SET status = 'parked', attempts = 5, last_error = 'webhook down' WHERE case_id = $1 AND purpose = 'warning' RETURNING id::text`,
      [c.id],
    );
    await t.http().post(`/api/admin/timers/${timerId}/retry`).set(admin.auth).expect(204);

    const chain = await adminChain();
    const latest = (type: string) => chain.find((e) => e.type === type)!;
    expect(latest('SLA_POLICY_PUBLISHED')).toMatchObject({ before: { version: policy.version }, after: { version: policy.version + 1, rules: policy.rules } });
    expect(latest('CALENDAR_YEAR_LOADED')).toMatchObject({ subjectId: '2031', before: null, after: { holidays: ['2031-01-01'], holidayNames: { '2031-01-01': '元旦' } } });
    expect(latest('RANKING_WEIGHTS_PUBLISHED')).toMatchObject({ before: { version: weights.version }, after: { version: weights.version + 1 } });
    expect(latest('RESPONSIBILITY_LIST_SAVED')).toMatchObject({ subjectId: '2031', before: null, after: { version: 1, status: 'draft', items: list } });
    expect(latest('TIMER_RETRIED')).toMatchObject({ subjectId: timerId, before: { status: 'parked', attempts: 5, lastError: 'webhook down', caseId: c.id }, after: { status: 'pending' } });
    expect(chain.map((e) => e.seq)).toEqual([...chain.map((e) => e.seq)].sort((a, b) => b - a));
  });

  it('is read by auditors only, and refuses case filters', async () => {
    const officer = await sessions.as('officer.zjj');
    expect((await t.http().get('/api/audit?scope=admin').set(officer.auth)).status).toBe(403);
    expect((await t.http().get('/api/audit?scope=admin').set(admin.auth)).status).toBe(403);
    const auditor = await sessions.as('auditor');
    const bad = await t.http().get(`/api/audit?scope=admin&unitId=${units.zjj}`).set(auditor.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('unitId');
    expect((await t.http().get('/api/audit?scope=everything').set(auditor.auth)).status).toBe(400);
    const byType = (await t.http().get('/api/audit?scope=admin&type=UNIT_DELETED').set(auditor.auth).expect(200)).body.items;
    expect(byType.map((e: AdminEvent) => e.type)).toEqual(['UNIT_DELETED']);
  });

  it('is a hash chain in the global log: verification checks it, and names the seq an administrator rewrote', async () => {
    await t.app.get(AuditLogService).checkpoint(new Date());
    const auditor = await sessions.as('auditor');
    const clean = (await t.http().get('/api/audit/verify').set(auditor.auth).expect(200)).body;
    expect(clean).toMatchObject({ valid: true, admin: { checked: true, valid: true }, missingLogIndexes: [], checkpointMismatch: [] });
    expect(clean.admin.events).toBeGreaterThan(10);
    const [{ logged }] = await su.sql(`SELECT count(*)::int AS logged FROM audit_log WHERE stream = 'admin'`);
    expect(logged).toBe(clean.admin.events);

    const [grant] = (await adminChain()).filter((e) => e.type === 'ROLES_CHANGED' && e.after.granted.includes('supervisor'));
    await su.sql('BEGIN');
    await su.sql(`SET LOCAL session_replication_role = replica`);
    await su.sql(`UPDATE admin_events SET after = jsonb_set(after, '{granted}', '[]') WHERE seq = $1`, [grant.seq]);
    await su.sql('COMMIT');
    const tampered = (await t.http().get('/api/audit/verify').set(auditor.auth).expect(200)).body;
    expect(tampered.valid).toBe(false);
    expect(tampered.admin).toMatchObject({ valid: false, firstBrokenSeq: grant.seq });
  });
});
