import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';

describe('case life cycles through HTTP', () => {
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

  it('opens a rectification item with a readable code, version 1 and an OPENED event', async () => {
    const opened = await drive.openRectification({ dueAt: '2027-06-30', measures: '清退违规发放款项', responsiblePerson: '李四' });
    expect(opened).toMatchObject({
      kind: 'rectification',
      state: 'opened',
      stateDetail: 'opened',
      version: 1,
      unitId: units.zjj,
      escalationLevel: 0,
      reworkCount: 0,
      suspended: false,
      fields: { description: '巡察发现2025年度违规发放津贴补贴', source: '巡察反馈', category: '限期整改', dueAt: '2027-06-30T16:00:00.000Z' },
      availableEvents: [{ type: 'ASSIGN', label: expect.any(String) }],
    });
    expect(opened.code).toMatch(/^ZG-\d{4}-\d{6}$/);
    const [event] = await drive.timeline('inspector', opened.id);
    expect(event).toMatchObject({ seq: 1, type: 'OPENED', fromState: null, toState: 'opened', actorRole: 'inspector' });
    expect(event.prevHash).toBe('0'.repeat(64));
  });

  it('numbers codes sequentially per kind', async () => {
    const a = await drive.openRectification();
    const b = await drive.openRectification();
    const h = await drive.openHotline();
    const n = (code: string) => Number(code.split('-')[2]);
    expect(n(b.code)).toBe(n(a.code) + 1);
    expect(h.code).toMatch(/^RX-\d{4}-000001$/);
  });

  it('runs the whole rectification life cycle, with rework, closure refusal and reopening', async () => {
    const c = await drive.openRectification();
    const steps: [string, Record<string, unknown>, string, string, number][] = [
      ['inspector', { type: 'ASSIGN', unitId: units.zjj, dueAt: '2027-03-31' }, 'assigned', 'assigned', 0],
      ['officer.zjj', { type: 'RETURN', reason: '该问题属城建股职责' }, 'opened', 'opened', 0],
      ['inspector', { type: 'ASSIGN', unitId: units.zjj }, 'assigned', 'assigned', 0],
      ['officer.zjj', { type: 'ACCEPT' }, 'rectifying', 'rectifying.inProgress', 0],
      ['officer.zjj', { type: 'SUBMIT_REPORT', summary: '已清退全部款项', evidence: ['收款凭证.pdf'] }, 'rectifying', 'rectifying.awaitingVerification', 0],
      ['inspector', { type: 'VERIFY_FAIL', reason: '仍有两笔未清退' }, 'rectifying', 'rectifying.inProgress', 1],
      ['officer.zjj', { type: 'SUBMIT_REPORT', summary: '剩余两笔已清退' }, 'rectifying', 'rectifying.awaitingVerification', 1],
      ['inspector', { type: 'VERIFY_PASS', comment: '整改到位' }, 'verified', 'verified', 1],
      ['supervisor', { type: 'REJECT_CLOSURE', reason: '需补充制度建设材料' }, 'rectifying', 'rectifying.inProgress', 1],
      ['officer.zjj', { type: 'SUBMIT_REPORT', summary: '已印发津贴补贴管理办法' }, 'rectifying', 'rectifying.awaitingVerification', 1],
      ['inspector', { type: 'VERIFY_PASS' }, 'verified', 'verified', 1],
      ['supervisor', { type: 'APPROVE_CLOSURE', comment: '同意销号' }, 'closed', 'closed', 1],
      ['supervisor', { type: 'REOPEN', reason: '回头看发现问题反弹' }, 'rectifying', 'rectifying.inProgress', 1],
      ['officer.zjj', { type: 'SUBMIT_REPORT', summary: '再次整改完毕' }, 'rectifying', 'rectifying.awaitingVerification', 1],
      ['inspector', { type: 'VERIFY_PASS' }, 'verified', 'verified', 1],
      ['supervisor', { type: 'APPROVE_CLOSURE' }, 'closed', 'closed', 1],
    ];
    let version = c.version;
    for (const [as, body, state, stateDetail, reworkCount] of steps) {
      const res = await drive.send(as as never, c.id, body, { 'If-Match': String(version) });
      expect({ step: body.type, status: res.status, state: res.body.state, stateDetail: res.body.stateDetail, reworkCount: res.body.reworkCount }).toEqual({
        step: body.type,
        status: 200,
        state,
        stateDetail,
        reworkCount,
      });
      expect(res.body.version).toBe(++version);
      expect(res.headers.etag).toBe(`"${version}"`);
      const timeline = await drive.timeline('inspector', c.id);
      expect(timeline).toHaveLength(version);
      const last = timeline[timeline.length - 1];
      expect(last).toMatchObject({ seq: version, type: body.type, toState: stateDetail });
    }
    const timeline = await drive.timeline('auditor', c.id);
    expect(timeline.map((e) => e.type)).toEqual(['OPENED', ...steps.map(([, body]) => body.type)]);
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
    for (let i = 1; i < timeline.length; i++) expect(timeline[i].prevHash).toBe(timeline[i - 1].hash);
    const closed = (await t.http().get(`/api/cases/${c.id}`).set((await sessions.as('inspector')).auth)).body;
    expect(closed).toMatchObject({ state: 'closed', closedAt: expect.any(String), availableEvents: [] });
    expect(timeline.find((e) => e.type === 'VERIFY_FAIL')).toMatchObject({
      actorRole: 'inspector',
      actorUnitId: units.jw,
      fromState: 'rectifying.awaitingVerification',
      payload: { reason: '仍有两笔未清退' },
      correlationId: expect.any(String),
    });
  });

  it('runs a hotline work order through an unsatisfied callback (redo) to closure', async () => {
    const c = await drive.openHotline();
    expect(c.fields).toMatchObject({ callerName: '张三丰', callerPhone: '13812345678' });
    await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units['zjj-cj'] });
    await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
    await drive.must('officer.zjj', c.id, { type: 'REPLY', answer: '已安排维修' });
    const redo = await drive.must('agent', c.id, { type: 'CALLBACK', satisfaction: 'unsatisfied', comment: '路灯仍未修好' });
    expect(redo).toMatchObject({ stateDetail: 'rectifying.inProgress', reworkCount: 1 });
    await drive.must('officer.zjj', c.id, { type: 'REPLY', answer: '已更换灯具' });
    const verified = await drive.must('agent', c.id, { type: 'CALLBACK', satisfaction: 'satisfied' });
    expect(verified).toMatchObject({ state: 'verified', reworkCount: 1 });
    const closed = await drive.must('supervisor', c.id, { type: 'APPROVE_CLOSURE' });
    expect(closed.state).toBe('closed');
    const types = (await drive.timeline('agent', c.id)).map((e) => e.type);
    expect(types).toEqual(['OPENED', 'ASSIGN', 'ACCEPT', 'REPLY', 'CALLBACK', 'REPLY', 'CALLBACK', 'APPROVE_CLOSURE']);
  });

  it('masks the caller in lists, timelines and audit search, and shows them only to the right roles', async () => {
    const c = await drive.openHotline({ callerName: '王小明', callerPhone: '13987654321' });
    await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.zjj });
    const officer = await sessions.as('officer.zjj');
    const asOfficer = await t.http().get(`/api/cases/${c.id}`).set(officer.auth);
    expect(asOfficer.body.fields).toMatchObject({ callerName: '王**', callerPhone: '139****4321' });
    const asAgent = await t.http().get(`/api/cases/${c.id}`).set((await sessions.as('agent')).auth);
    expect(asAgent.body.fields).toMatchObject({ callerName: '王小明', callerPhone: '13987654321' });
    const list = await t.http().get('/api/cases?kind=hotline&limit=100').set((await sessions.as('agent')).auth);
    expect(JSON.stringify(list.body)).not.toContain('13987654321');
    expect(list.body.items.find((i: { id: string }) => i.id === c.id).fields.callerPhone).toBe('139****4321');
    const [opened] = await drive.timeline('agent', c.id);
    expect(opened.payload).toMatchObject({ callerName: '王**', callerPhone: '139****4321' });
    const audit = await t.http().get(`/api/audit?caseId=${c.id}`).set((await sessions.as('auditor')).auth);
    expect(JSON.stringify(audit.body)).not.toContain('13987654321');
  });

  it('runs an accountability case: investigation, a supervisor decision under the 问责条例, execution', async () => {
    const origin = await drive.openRectification({ title: '长期未整改问题' });
    const c = await drive.open('inspector', {
      kind: 'accountability',
      title: '住建局整改不力问责',
      description: '多次督办仍未整改',
      parentCaseId: origin.id,
      targetUnitId: units.zjj,
    });
    expect(c).toMatchObject({ code: expect.stringMatching(/^WZ-\d{4}-\d{6}$/), parentCaseId: origin.id, unitId: units.zjj, stateLabel: '待交办' });
    const investigating = await drive.must('inspector', c.id, { type: 'ASSIGN' });
    expect(investigating.stateLabel).toBe('调查中');
    const deciding = await drive.must('inspector', c.id, { type: 'SUBMIT_FINDINGS', summary: '分管负责人履职不力', proposal: '建议通报' });
    expect(deciding.stateDetail).toBe('rectifying.deciding');
    const byInspector = await drive.send('inspector', c.id, { type: 'DECIDE', targetType: 'unit', targetUnitId: units.zjj, form: '通报', reason: 'x' });
    expect(byInspector.status).toBe(403);
    const wrongForm = await drive.send('supervisor', c.id, { type: 'DECIDE', targetType: 'unit', targetUnitId: units.zjj, form: '诫勉', reason: 'x' });
    expect(wrongForm.status).toBe(400);
    expect(wrongForm.body.errors[0]).toMatchObject({ field: 'form' });
    const decided = await drive.must('supervisor', c.id, { type: 'DECIDE', targetType: 'unit', targetUnitId: units.zjj, form: '通报', reason: '整改不力，予以通报' });
    expect(decided).toMatchObject({ state: 'verified', stateLabel: '已决定' });
    const executed = await drive.must('inspector', c.id, { type: 'RECORD_EXECUTION', comment: '已印发通报' });
    expect(executed).toMatchObject({ state: 'closed', stateLabel: '已执行' });
    const decision = (await drive.timeline('auditor', c.id)).find((e) => e.type === 'DECIDE')!;
    expect(decision).toMatchObject({ actorRole: 'supervisor', payload: { targetType: 'unit', form: '通报' } });
    const parent = await t.http().get(`/api/cases/${origin.id}`).set((await sessions.as('inspector')).auth);
    expect(parent.body.linkedCases).toEqual([expect.objectContaining({ id: c.id, kind: 'accountability', state: 'closed' })]);
  });

  it('lets a supervisor dismiss an accountability case (不予问责) with a reason', async () => {
    const c = await drive.open('supervisor', { kind: 'accountability', title: '某股室问责线索', description: '群众反映', targetPerson: '王某' });
    await drive.must('supervisor', c.id, { type: 'ASSIGN' });
    await drive.must('inspector', c.id, { type: 'SUBMIT_FINDINGS', summary: '查无实据' });
    const dismissed = await drive.must('supervisor', c.id, { type: 'DISMISS', reason: '经核查不属实' });
    expect(dismissed.state).toBe('closed');
  });
});
