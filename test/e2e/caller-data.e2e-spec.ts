import { createHmac } from 'node:crypto';
import { CallerDataService } from '@app/cases';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { connect, type Sql } from '../support/trail';

const hmac = (salt: Buffer, field: string, value: string) => createHmac('sha256', salt).update(`${field}\u0000${value}`).digest('hex');

/** Callers' names and phones: committed to the chain as salted HMACs, stored beside the case, erasable. */
describe('hotline callers’ personal data and its lawful erasure', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let units: Record<string, string>;
  let su: { sql: Sql; close: () => Promise<void> };

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    units = await drive.units();
    su = await connect(t.database.url);
  });
  afterAll(async () => {
    await su.close();
    await t.close();
  });

  async function closedOrder(overrides: Record<string, unknown> = {}) {
    const c = await drive.openHotline(overrides);
    await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units['zjj-cj'] });
    await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
    await drive.must('officer.zjj', c.id, { type: 'REPLY', answer: '已更换灯具' });
    await drive.must('agent', c.id, { type: 'CALLBACK', satisfaction: 'satisfied' });
    await drive.must('supervisor', c.id, { type: 'APPROVE_CLOSURE' });
    return c;
  }

  const erase = async (caseId: string, reason: unknown, as: 'admin' | 'inspector' = 'admin') =>
    t.http().post(`/api/cases/${caseId}/caller-data/erasure`).set((await sessions.as(as)).auth).send({ reason });

  it('keeps the caller out of cases.fields and the trail: the OPENED event holds the masked form and salted HMACs', async () => {
    const c = await drive.openHotline({ callerName: '欧阳修远', callerPhone: '13912346666' });
    const [row] = await su.sql(`SELECT c.fields, d.salt, d.caller_name, d.caller_phone FROM cases c JOIN caller_data d ON d.case_id = c.id WHERE c.id = $1`, [c.id]);
    expect(row.fields).not.toHaveProperty('callerName');
    expect(row.fields).not.toHaveProperty('callerPhone');
    expect([row.caller_name, row.caller_phone]).toEqual(['欧阳修远', '13912346666']);
    expect(row.salt).toHaveLength(32);
    const [opened] = await su.sql(`SELECT payload::text AS text, payload FROM case_events WHERE case_id = $1 AND seq = 1`, [c.id]);
    expect(opened.text).not.toContain('13912346666');
    expect(opened.text).not.toContain('欧阳修远');
    expect(opened.payload).toMatchObject({
      callerName: '欧***',
      callerPhone: '139****6666',
      callerCommitments: { callerName: hmac(row.salt, 'callerName', '欧阳修远'), callerPhone: hmac(row.salt, 'callerPhone', '13912346666') },
    });
    // The handling side still sees the caller as before, read from beside the case.
    const agent = await t.http().get(`/api/cases/${c.id}`).set((await sessions.as('agent')).auth).expect(200);
    expect(agent.body.fields).toMatchObject({ callerName: '欧阳修远', callerPhone: '13912346666' });
    // Transitions write the fields back without the caller.
    await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units['zjj-cj'] });
    const [after] = await su.sql(`SELECT fields FROM cases WHERE id = $1`, [c.id]);
    expect(after.fields).not.toHaveProperty('callerPhone');
  });

  it('erases a closed order’s caller with a reason: the data and salt are gone, the chain still verifies, the admin chain records why', async () => {
    const c = await closedOrder();
    const res = await erase(c.id, '保存期限届满（结案满 3 年）');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId: c.id, caseCode: c.code, fields: ['callerName', 'callerPhone'], reason: '保存期限届满（结案满 3 年）', erasedAt: expect.any(String) });

    const [row] = await su.sql(`SELECT salt, caller_name, caller_phone, erased_by, erasure_reason FROM caller_data WHERE case_id = $1`, [c.id]);
    expect(row).toMatchObject({ salt: null, caller_name: null, caller_phone: null, erasure_reason: '保存期限届满（结案满 3 年）' });
    const view = await t.http().get(`/api/cases/${c.id}`).set((await sessions.as('agent')).auth).expect(200);
    expect(view.body.fields).not.toHaveProperty('callerName');
    expect(view.body.fields).not.toHaveProperty('callerPhone');
    expect(view.body.fields.callerErasedAt).toBe(res.body.erasedAt);

    const verified = await t.http().get(`/api/audit/verify?caseId=${c.id}`).set((await sessions.as('auditor')).auth).expect(200);
    expect(verified.body).toMatchObject({ valid: true, checked: 6 });
    const admin = await t.http().get('/api/audit?scope=admin&type=PERSONAL_DATA_ERASED').set((await sessions.as('auditor')).auth).expect(200);
    expect(admin.body.items[0]).toMatchObject({
      type: 'PERSONAL_DATA_ERASED',
      subjectType: 'case',
      subjectId: c.id,
      after: { caseCode: c.code, fields: ['callerName', 'callerPhone'], reason: '保存期限届满（结案满 3 年）' },
    });
    expect(JSON.stringify(admin.body.items[0])).not.toContain('13812345678');

    const again = await erase(c.id, '再次删除');
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'caseId', code: 'conflict' })]);
  });

  it('refuses an order still being handled, a case without a caller, other roles and a missing reason, changing nothing', async () => {
    const open = await drive.openHotline();
    expect((await erase(open.id, '保存期限届满')).status).toBe(409);
    const rectification = await drive.openRectification();
    expect((await erase(rectification.id, '保存期限届满')).status).toBe(404);
    const closed = await closedOrder();
    expect((await erase(closed.id, '保存期限届满', 'inspector')).status).toBe(403);
    const blank = await erase(closed.id, '  ');
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await erase(closed.id, 42)).status).toBe(400);
    const [row] = await su.sql(`SELECT caller_phone FROM caller_data WHERE case_id = $1`, [closed.id]);
    expect(row.caller_phone).toBe('13812345678');
  });

  it('shows the full caller to the handling unit’s officers while the order is with them, and records each view', async () => {
    const c = await drive.openHotline({ callerName: '王小明', callerPhone: '13912345678' });
    const view = async (as: 'officer.zjj' | 'officer.scj' | 'inspector' | 'agent') =>
      t.http().post(`/api/cases/${c.id}/caller-data/views`).set((await sessions.as(as)).auth).send();
    expect((await view('officer.zjj')).status).toBe(404); // not yet the unit's case
    await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units['zjj-cj'] });

    const seen = await view('officer.zjj');
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ caseId: c.id, caseCode: c.code, callerName: '王小明', callerPhone: '13912345678' });
    expect((await view('officer.scj')).status).toBe(404);
    expect((await view('inspector')).status).toBe(403);
    // The page, lists and trail stay masked for the unit.
    const officer = (await sessions.as('officer.zjj')).auth;
    const page = (await t.http().get(`/api/cases/${c.id}`).set(officer)).body;
    expect(page.fields.callerPhone).not.toContain('12345678');
    const list = (await t.http().get('/api/cases?kind=hotline').set(officer)).body.items.find((i: { id: string }) => i.id === c.id);
    expect(list.fields.callerPhone).not.toContain('12345678');

    const chain = (await t.http().get('/api/audit?scope=admin&type=PERSONAL_DATA_VIEWED').set((await sessions.as('auditor')).auth)).body.items;
    const mine = chain.filter((e: { subjectId: string }) => e.subjectId === c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ actorId: (await sessions.as('officer.zjj')).user.id, after: { caseCode: c.code, fields: ['callerName', 'callerPhone'] } });
    expect(JSON.stringify(mine[0])).not.toContain('13912345678');

    await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
    expect((await view('officer.zjj')).status).toBe(200);
    await drive.must('officer.zjj', c.id, { type: 'REPLY', answer: '已处理' });
    const after = await view('officer.zjj'); // answered: the call back is the hotline's
    expect(after.status).toBe(409);
    expect((await t.http().get('/api/audit?scope=admin&type=PERSONAL_DATA_VIEWED').set((await sessions.as('auditor')).auth)).body.items.filter((e: { subjectId: string }) => e.subjectId === c.id)).toHaveLength(2);
  });

  it('erases by retention: callers of orders closed longer than the retention, each with its reason', async () => {
    const old = await closedOrder();
    const recent = await closedOrder();
    await su.sql(`UPDATE cases SET closed_at = now() - interval '40 days' WHERE id = $1`, [old.id]);
    const erased = await t.app.get(CallerDataService).eraseExpired(new Date(), 30);
    expect(erased).toBeGreaterThanOrEqual(1);
    const rows = await su.sql(`SELECT case_id, erasure_reason FROM caller_data WHERE case_id = ANY($1::uuid[]) ORDER BY case_id`, [[old.id, recent.id]]);
    expect(Object.fromEntries(rows.map((r: { case_id: string; erasure_reason: string | null }) => [r.case_id, r.erasure_reason]))).toEqual({
      [old.id]: '保存期限届满（结案满 30 天）',
      [recent.id]: null,
    });
  });
});
