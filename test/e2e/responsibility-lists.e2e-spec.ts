import { DataSource } from 'typeorm';
import { ResponsibilityListService } from '@app/obligations';
import { TimerSweeper } from '@app/escalation';
import { CaseDriver, createTestApp, DemoSessions, type DemoUser, type TestApp } from '../support';

// The smallest PDF readers accept: evidence as a unit would scan it.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** 2027's schedule as the State Council publishes it, with the names duties due before a holiday look for. */
const CALENDAR_2027 = {
  holidays: [
    ...['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦' })),
    ...['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'].map((date) => ({ date, name: '春节' })),
    ...['2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05'].map((date) => ({ date, name: '劳动节' })),
  ],
  workdays: ['2027-02-05', '2027-02-20'],
};

const once = (key: string, due: string, title = '年初专题研究机关党建工作计划') => ({ key, title, schedule: { type: 'once', due }, appliesTo: 'departments' });
const LIST_2027 = [
  { no: 4, text: '严格执行《党委（党组）落实全面从严治党主体责任规定》……年初专题研究机关党建工作计划和群团工作计划', obligations: [once('annual-plan', '03-31')] },
  { no: 6, text: '建立问题整改台账，对整改任务实行台账管理', obligations: [{ key: 'ledger', title: '问题整改台账', schedule: { type: 'continuous', measure: 'rectification' }, appliesTo: 'departments' }] },
  {
    no: 9,
    text: '落实意识形态工作责任制，年内至少两次专题研究意识形态工作，每半年向县直机关工委专题汇报（书面）一次意识形态工作。',
    obligations: [
      { key: 'ideology-study', title: '专题研究意识形态工作', schedule: { type: 'count', min: 2, by: '12-31' }, appliesTo: 'departments' },
      { key: 'ideology-report', title: '书面汇报意识形态工作', schedule: { type: 'periodic', every: 'half-year', dueAfterPeriod: '15d' }, appliesTo: 'departments' },
    ],
  },
  { no: 18, text: '特别是在元旦、春节、五一、端午等节假日期间强化廉洁自律要求', obligations: [{ key: 'holiday-integrity', title: '节前廉洁自律提醒', schedule: { type: 'before-holidays', holidays: ['春节'], lead: '3wd' }, appliesTo: 'departments' }] },
];
/** Per department: 1 (once) + 1 (count) + 2 (half-years) + 1 (春节) cases; none for the continuous duty. */
const CASES_PER_UNIT = 5;
const DEPARTMENTS = ['hotline', 'jw', 'scj', 'zjj'];

describe('the responsibility list (机关党建主体责任清单)', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let driver: CaseDriver;
  let db: DataSource;
  let units: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    driver = new CaseDriver(t, sessions);
    db = t.app.get(DataSource);
    units = await driver.units();
    const calendar = await t.http().put('/api/calendar/2027').set((await sessions.as('admin')).auth).send(CALENDAR_2027);
    if (calendar.status !== 200) throw new Error(`calendar 2027 not loaded: ${JSON.stringify(calendar.body)}`);
  });
  afterAll(() => t?.close());

  const put = async (year: number, body: object, as: DemoUser = 'admin') => t.http().put(`/api/responsibility-lists/${year}`).set((await sessions.as(as)).auth).send(body);
  const get = async (path: string, as: DemoUser = 'inspector') => t.http().get(path).set((await sessions.as(as)).auth);
  const obligationCases = async (year: number) =>
    (await db.query(`SELECT o.unit_id, o.obligation_key, o.period, c.id, c.code, c.state_detail, c.fields FROM obligation_cases o JOIN cases c ON c.id = o.case_id WHERE o.list_year = $1 ORDER BY c.code`, [year])) as {
      unit_id: string;
      obligation_key: string;
      period: string;
      id: string;
      code: string;
      state_detail: string;
      fields: Record<string, any>;
    }[];
  const caseOf = async (year: number, unit: string, key: string, period?: string) =>
    (await obligationCases(year)).find((c) => c.unit_id === units[unit] && c.obligation_key === key && (period === undefined || c.period === period))!;

  it('keeps the holiday names a loaded year gives, and refuses bad ones without storing anything', async () => {
    const admin = (await sessions.as('admin')).auth;
    const year = await t.http().get('/api/calendar/2027').set(admin);
    expect(year.body.holidayNames).toEqual(expect.arrayContaining([{ date: '2027-02-06', name: '春节' }, { date: '2027-05-01', name: '劳动节' }]));
    for (const holidays of [[{ date: '2027-02-30', name: '春节' }], [null], [{ date: '2027-02-06', name: '春'.repeat(21) }], [{ date: '2027-02-06', name: 42 }]]) {
      const res = await t.http().put('/api/calendar/2027').set(admin).send({ holidays, workdays: [] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.http().get('/api/calendar/2027').set(admin)).body.holidayNames).toHaveLength(CALENDAR_2027.holidays.length);
  });

  describe('publishing 2027', () => {
    let second: TestApp;
    beforeAll(async () => {
      // A second API process on the same database: its own pool, its own caches.
      second = await createTestApp({ database: t.database, seed: false });
    });
    afterAll(() => second?.close());

    it('keeps a draft without generating anything, and refuses what cannot be placed, naming the field', async () => {
      const draft = await put(2027, { status: 'draft', items: LIST_2027 });
      expect(draft.status).toBe(200);
      expect(draft.body).toMatchObject({ version: 1, status: 'draft', publishedVersion: null, generation: null });
      expect(await obligationCases(2027)).toHaveLength(0);

      const bad = await put(2027, { status: 'published', items: [{ ...LIST_2027[0], obligations: [{ ...once('x', '02-30'), appliesTo: ['00000000-0000-4000-8000-000000000000'] }] }] });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['items[0].obligations[0].appliesTo', 'items[0].obligations[0].schedule.due']));
      const noNames = await put(2031, { status: 'published', items: [LIST_2027[3]] });
      expect(noNames.status).toBe(400);
      expect(noNames.body.errors[0].field).toBe('items[0].obligations[0].schedule.holidays');
      expect((await get('/api/responsibility-lists/2027', 'admin')).body.versions).toHaveLength(1);
      expect((await put(2027, { status: 'published', items: LIST_2027 }, 'inspector')).status).toBe(403);
    });

    it('generates one case per department × duty × period exactly once, with two processes publishing at the same moment', async () => {
      const [adminA, adminB] = [await sessions.as('admin'), await sessions.as('admin')];
      const [a, b] = await Promise.all([
        t.http().put('/api/responsibility-lists/2027').set(adminA.auth).send({ status: 'published', items: LIST_2027 }),
        second.http().put('/api/responsibility-lists/2027').set(adminB.auth).send({ status: 'published', items: LIST_2027 }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect([a.body.generation.created, b.body.generation.created].sort()).toEqual([0, DEPARTMENTS.length * CASES_PER_UNIT]);
      const cases = await obligationCases(2027);
      expect(cases).toHaveLength(DEPARTMENTS.length * CASES_PER_UNIT);
      expect(new Set(cases.map((c) => c.unit_id))).toEqual(new Set(DEPARTMENTS.map((d) => units[d])));
      expect(cases.every((c) => c.code.startsWith('LZ-2027-') && c.state_detail === 'assigned')).toBe(true);

      // The two workers' periodic pass finds nothing missing.
      const passes = await Promise.all([t.app.get(ResponsibilityListService).catchUp('test'), second.app.get(ResponsibilityListService).catchUp('test')]);
      expect(passes.flat().reduce((n, r) => n + r.created, 0)).toBe(0);
      expect(await obligationCases(2027)).toHaveLength(DEPARTMENTS.length * CASES_PER_UNIT);
    });

    it('gives a department created after publication its duties once, however many workers pass', async () => {
      const admin = (await sessions.as('admin')).auth;
      const created = await t.http().post('/api/units').set(admin).send({ code: 'jgw', name: '县直机关工委', parentId: units.county });
      expect(created.status).toBe(201);
      const passes = await Promise.all([t.app.get(ResponsibilityListService).catchUp('w1'), second.app.get(ResponsibilityListService).catchUp('w2')]);
      expect(passes.flat().reduce((n, r) => n + r.created, 0)).toBe(CASES_PER_UNIT);
      const cases = await obligationCases(2027);
      expect(cases.filter((c) => c.unit_id === created.body.id)).toHaveLength(CASES_PER_UNIT);
      expect(cases).toHaveLength((DEPARTMENTS.length + 1) * CASES_PER_UNIT);
    });
  });

  it('dates each period from the schedule: half-years by 07-15 and next 01-15, 春节 three working days before it begins', async () => {
    const report = (period: string) => caseOf(2027, 'zjj', 'ideology-report', period);
    expect((await report('2027-H1')).fields.dueAt).toBe('2027-07-15T16:00:00.000Z');
    expect((await report('2027-H2')).fields.dueAt).toBe('2028-01-15T16:00:00.000Z');
    // 春节 2027 starts Saturday 02-06; Friday 02-05 is an adjusted working day: 02-05, 02-04, 02-03.
    expect((await caseOf(2027, 'zjj', 'holiday-integrity')).fields.dueAt).toBe('2027-02-03T16:00:00.000Z');
    expect((await caseOf(2027, 'zjj', 'ideology-study')).fields.requiredCount).toBe(2);
  });

  it('takes evidence, a send-back and a resubmission, and closes on acceptance', async () => {
    const c = await caseOf(2027, 'zjj', 'annual-plan');
    const officer = (await sessions.as('officer.zjj')).auth;
    const uploaded = await t.http().post(`/api/cases/${c.id}/attachments`).set(officer).attach('files', PDF, '党组会议纪要.pdf');
    expect(uploaded.status).toBe(201);
    const [file] = uploaded.body;
    await driver.must('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: '1月18日党组会专题研究机关党建工作计划', attachments: [file.id] });
    expect((await driver.send('officer.zjj', c.id, { type: 'VERIFY_PASS' })).status).toBe(403);
    const back = await driver.must('inspector', c.id, { type: 'VERIFY_FAIL', reason: '未附群团工作计划' });
    expect(back.stateDetail).toBe('rectifying.inProgress');
    await driver.must('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: '补充群团工作计划' });
    const done = await driver.must('inspector', c.id, { type: 'VERIFY_PASS', comment: '材料齐全' });
    expect(done).toMatchObject({ state: 'closed', stateDetail: 'closed.done' });

    const checklist = await get(`/api/responsibility-lists/2027/units/${units.zjj}`, 'officer.zjj');
    expect(checklist.status).toBe(200);
    const duty = checklist.body.items.find((i: any) => i.no === 4).obligations[0];
    expect(duty.status).toBe('完成');
    expect(duty.cases[0].submissions).toEqual([
      expect.objectContaining({ summary: '1月18日党组会专题研究机关党建工作计划', attachments: [expect.objectContaining({ id: file.id, name: '党组会议纪要.pdf', sha256: file.sha256 })] }),
      expect.objectContaining({ summary: '补充群团工作计划', attachments: [] }),
    ]);
    expect(duty.cases[0].reviews.map((r: any) => [r.type, r.text])).toEqual([
      ['VERIFY_FAIL', '未附群团工作计划'],
      ['VERIFY_PASS', '材料齐全'],
    ]);
  });

  it('keeps a count duty open until its number of accepted submissions', async () => {
    const c = await caseOf(2027, 'scj', 'ideology-study');
    await driver.must('officer.scj', c.id, { type: 'SUBMIT_REPORT', summary: '3月党组会专题研究意识形态工作' });
    const first = await driver.must('inspector', c.id, { type: 'VERIFY_PASS' });
    expect(first.stateDetail).toBe('rectifying.inProgress');
    await driver.must('officer.scj', c.id, { type: 'SUBMIT_REPORT', summary: '9月党组会再次专题研究' });
    expect((await driver.must('inspector', c.id, { type: 'VERIFY_PASS' })).state).toBe('closed');
  });

  it('revises open duties in place when a corrected list is published, never duplicating, leaving closed ones as they were', async () => {
    const before = await obligationCases(2027);
    const corrected = LIST_2027.map((item) => (item.no === 4 ? { ...item, obligations: [once('annual-plan', '04-30', '年初专题研究机关党建和群团工作计划')] } : item));
    const res = await put(2027, { status: 'published', items: corrected });
    expect(res.status).toBe(200);
    // zjj's was closed above; the other departments' (jgw, created above, included) are revised.
    expect(res.body.generation).toMatchObject({ created: 0, revised: DEPARTMENTS.length, withdrawn: 0 });
    expect(await obligationCases(2027)).toHaveLength(before.length);
    expect((await put(2027, { status: 'published', items: corrected })).body.generation).toMatchObject({ created: 0, revised: 0, withdrawn: 0 });
    const scj = await caseOf(2027, 'scj', 'annual-plan');
    expect(scj.fields.dueAt).toBe('2027-04-30T16:00:00.000Z');
    expect((await get(`/api/cases/${scj.id}`, 'officer.scj')).body.title).toBe('年初专题研究机关党建和群团工作计划（2027年度）');
    const revise = (await driver.timeline('auditor', scj.id)).find((e) => e.type === 'REVISE');
    expect(revise).toMatchObject({ actorRole: 'system', payload: expect.objectContaining({ listVersion: res.body.version, changes: ['title', 'dueAt'] }) });
    const [{ due_at }] = await db.query(`SELECT due_at FROM cases WHERE id = $1`, [scj.id]);
    expect(new Date(due_at).toISOString()).toBe('2027-04-30T16:00:00.000Z');
    const zjj = await caseOf(2027, 'zjj', 'annual-plan');
    expect(zjj.fields.dueAt).toBe('2027-03-31T16:00:00.000Z');
  });

  it('reports 履责完成率 per unit: duties accepted with evidence sent by their deadline ÷ duties due in the period', async () => {
    const report = async (from: string, to: string) => {
      const res = await get(`/api/reports/units?kind=rectification&from=${from}&to=${to}`, 'auditor');
      expect(res.status).toBe(200);
      return (unit: string) => res.body.units.find((u: any) => u.unitId === units[unit])?.figures.obligationsOnTime;
    };
    const march = await report('2027-03-01', '2027-04-01');
    expect(march('zjj')).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
    const april = await report('2027-04-01', '2027-05-01');
    expect(april('scj')).toMatchObject({ numerator: 0, denominator: 1, rate: 0 });
  });

  it('lets the unit the list names as reviewer read and review that duty, and nothing else of the unit', async () => {
    const res = await put(2028, {
      status: 'published',
      items: [{ no: 9, text: '每半年向县直机关工委专题汇报（书面）一次意识形态工作', obligations: [{ ...once('ideology-report', '07-15', '书面汇报意识形态工作'), appliesTo: [units.zjj], reviewerUnitId: units.scj }] }],
    });
    expect(res.body.generation).toMatchObject({ created: 1 });
    const duty = await caseOf(2028, 'zjj', 'ideology-report');
    expect((await get(`/api/cases/${duty.id}`, 'officer.scj')).status).toBe(200);
    expect((await get(`/api/cases/${(await caseOf(2027, 'zjj', 'ideology-study')).id}`, 'officer.scj')).status).toBe(404);
    await driver.must('officer.zjj', duty.id, { type: 'SUBMIT_REPORT', summary: '上半年意识形态工作书面汇报' });
    const own = await driver.send('officer.zjj', duty.id, { type: 'VERIFY_PASS' });
    expect(own.status).toBe(403);
    expect(own.body.rule).toBe('reviewer');
    const asReviewer = (await get(`/api/cases/${duty.id}`, 'officer.scj')).body;
    expect(asReviewer.availableEvents.map((e: { type: string }) => e.type)).toEqual(['VERIFY_PASS', 'VERIFY_FAIL']);
    await driver.must('officer.scj', duty.id, { type: 'VERIFY_FAIL', reason: '缺少党组会议记录' });
    await driver.must('officer.zjj', duty.id, { type: 'SUBMIT_REPORT', summary: '补充党组会议记录' });
    expect((await driver.must('officer.scj', duty.id, { type: 'VERIFY_PASS', comment: '同意' })).state).toBe('closed');
    const queue = await get('/api/cases?kind=obligation&limit=100', 'officer.scj');
    expect(queue.body.items.filter((c: any) => c.unitId === units.zjj).map((c: any) => c.id)).toEqual([duty.id]);
    expect((await get(`/api/responsibility-lists/2028/units/${units.zjj}`, 'officer.scj')).status).toBe(404);
  });

  it('withdraws the open duties a corrected list no longer has, and generates them afresh when they come back', async () => {
    const holiday = await caseOf(2027, 'zjj', 'holiday-integrity');
    const without = LIST_2027.filter((item) => item.no !== 18);
    const res = await put(2027, { status: 'published', items: without });
    expect(res.body.generation).toMatchObject({ created: 0, withdrawn: DEPARTMENTS.length + 1, dropped: 0 });
    const withdrawn = (await get(`/api/cases/${holiday.id}`, 'inspector')).body;
    expect(withdrawn).toMatchObject({ state: 'closed', stateDetail: 'closed.withdrawn', stateLabel: '已撤销' });
    expect((await driver.timeline('auditor', holiday.id)).at(-1)).toMatchObject({ type: 'WITHDRAW', actorRole: 'system', payload: expect.objectContaining({ listVersion: res.body.version }) });
    expect((await get(`/api/cases/count?kind=obligation&responsibilityItem=2027-18`, 'auditor')).body.count).toBe(0);
    const back = await put(2027, { status: 'published', items: LIST_2027 });
    expect(back.body.generation).toMatchObject({ created: DEPARTMENTS.length + 1, withdrawn: 0 });
    const fresh = await caseOf(2027, 'zjj', 'holiday-integrity');
    expect(fresh.id).not.toBe(holiday.id);
    expect(fresh.state_detail).toBe('assigned');
  });

  it('shows an officer only their own unit: checklist, case list and matrix', async () => {
    expect((await get(`/api/responsibility-lists/2027/units/${units.scj}`, 'officer.zjj')).status).toBe(404);
    expect((await get('/api/responsibility-lists/2027/matrix', 'officer.zjj')).status).toBe(403);
    const list = await get('/api/cases?kind=obligation&limit=100', 'officer.zjj');
    expect(list.body.items.filter((c: any) => c.code.startsWith('LZ-2027-') && c.stateDetail !== 'closed.withdrawn').length).toBe(CASES_PER_UNIT);
    expect(list.body.items.every((c: any) => c.unitId === units.zjj)).toBe(true);
    expect((await get(`/api/responsibility-lists/2027/units/not-a-uuid`, 'inspector')).status).toBe(400);
  });

  it('counts each matrix cell exactly as the case list behind it', async () => {
    const matrix = await get('/api/responsibility-lists/2027/matrix', 'auditor');
    expect(matrix.status).toBe(200);
    expect(matrix.body.units.map((u: any) => u.code)).toEqual(expect.arrayContaining(DEPARTMENTS));
    const zjj4 = matrix.body.cells.find((c: any) => c.unitId === units.zjj && c.itemNo === 4);
    expect(zjj4).toMatchObject({ status: '完成', counts: { total: 1, done: 1, open: 0 } });
    expect(matrix.body.cells.find((c: any) => c.unitId === units.zjj && c.itemNo === 6).measures[0]).toMatchObject({ measure: 'rectification' });
    for (const cell of matrix.body.cells.filter((c: any) => c.counts.total > 0)) {
      const query = `kind=obligation&unitId=${cell.unitId}&responsibilityItem=2027-${cell.itemNo}`;
      const all = await get(`/api/cases/count?${query}`, 'auditor');
      const open = await get(`/api/cases/count?${query}&state=closed`, 'auditor');
      const overdue = await get(`/api/cases/count?${query}&overdue=true`, 'auditor');
      expect([all.body.count, open.body.count, overdue.body.count]).toEqual([cell.counts.total, cell.counts.done, cell.counts.overdue]);
    }
    const book = await get('/api/responsibility-lists/2027/matrix.xlsx', 'inspector');
    expect(book.status).toBe(200);
    expect(book.headers['content-type']).toContain('spreadsheetml');
  });

  it('turns a duty missed by five working days into exactly one rectification item against the unit', async () => {
    // 2026's list is published after its deadline: the duty arrives overdue and its ladder starts now.
    const res = await put(2026, { status: 'published', items: [{ no: 8, text: '年终形成党员思想政治状况分析报告', obligations: [once('thought-analysis', '03-31', '形成党员思想政治状况分析报告')] }] });
    expect(res.status).toBe(200);
    const missed = await caseOf(2026, 'scj', 'thought-analysis');
    const timeline = await driver.timeline('auditor', missed.id);
    expect(timeline.map((e) => e.type)).toEqual(['OPENED', 'ASSIGN', 'SLA_BREACHED']);
    const sweeper = t.app.get(TimerSweeper);
    const passTime = () => db.query(`UPDATE case_timers SET due_at = now() - interval '1 second' WHERE case_id = $1 AND status = 'pending'`, [missed.id]);
    const linked = async () => (await get(`/api/cases?parentCaseId=${missed.id}&limit=10`, 'inspector')).body.items;
    await passTime();
    for (let i = 0; i < 20 && (await linked()).length === 0; i++) await sweeper.sweepOnce();
    const [rectification, ...others] = await linked();
    expect(others).toHaveLength(0);
    expect(rectification).toMatchObject({ kind: 'rectification', unitId: units.scj, state: 'opened' });
    const detail = (await get(`/api/cases/${rectification.id}`, 'inspector')).body;
    expect(detail.fields).toMatchObject({ source: '考核反馈' });
    expect(detail.fields.description).toContain('第 8 项「形成党员思想政治状况分析报告」');
    expect((await get(`/api/cases/${missed.id}`, 'inspector')).body.escalationLevel).toBe(2);

    // Late evidence, sent back: the duty breaches again, yet no second item is opened.
    await driver.must('officer.scj', missed.id, { type: 'SUBMIT_REPORT', summary: '补报分析报告' });
    await driver.must('inspector', missed.id, { type: 'VERIFY_FAIL', reason: '报告内容不完整' });
    await passTime();
    for (let i = 0; i < 5; i++) await sweeper.sweepOnce();
    expect((await get(`/api/cases/${missed.id}`, 'inspector')).body.escalationLevel).toBe(2);
    expect(await linked()).toHaveLength(1);
  });
});
