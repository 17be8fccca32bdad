import { DataSource } from 'typeorm';
import { CalendarYearLoader } from '@app/cases';
import { TimerSweeper } from '@app/escalation';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ladder = (l2: string, l3: string) => [
  { level: 1, after: '0s' },
  { level: 2, after: l2 },
  { level: 3, after: l3 },
];

describe('deadlines, SLA policies and escalation', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let units: Record<string, string>;
  let ds: DataSource;
  let sweeper: TimerSweeper;
  let defaultRules: unknown[];

  beforeAll(async () => {
    t = await createTestApp({ env: { TIMER_MAX_ATTEMPTS: '3', TIMER_RETRY_BASE_MS: '50' } });
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    units = await drive.units();
    ds = t.app.get(DataSource);
    sweeper = t.app.get(TimerSweeper);
    defaultRules = (await t.http().get('/api/sla-policies').set((await sessions.as('admin')).auth)).body.rules;
  });
  afterAll(() => t.close());

  const admin = async () => (await sessions.as('admin')).auth;
  const publish = async (rules: unknown[]) => {
    const res = await t.http().put('/api/sla-policies').set(await admin()).send({ rules });
    expect(res.status).toBe(200);
    return res.body;
  };
  const getCase = async (id: string) => (await t.http().get(`/api/cases/${id}`).set((await sessions.as('inspector')).auth)).body;
  /** Sweeps until `done` holds (the app runs no interval in tests; this is the sweeper's own code). */
  const sweepUntil = async (done: () => Promise<boolean>, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('timed out sweeping');
      await sweeper.sweepOnce();
      await sleep(100);
    }
  };

  describe('calendar API', () => {
    it('shows the 2026 schedule from the package, adjusted working days included', async () => {
      const res = await t.http().get('/api/calendar/2026').set((await sessions.as('inspector')).auth);
      expect(res.body.source).toBe('package');
      expect(res.body.workdays).toEqual(expect.arrayContaining(['2026-01-04', '2026-02-14', '2026-10-10']));
      expect(res.body.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-02-16']));
    });

    it('counts working days across holidays, and says when a year has no data', async () => {
      const { auth } = await sessions.as('inspector');
      expect((await t.http().get('/api/calendar/add?from=2026-09-30&workdays=1').set(auth)).body).toEqual({ date: '2026-10-08', calendarComplete: true });
      expect((await t.http().get('/api/calendar/add?from=2026-10-09&workdays=1').set(auth)).body).toEqual({ date: '2026-10-10', calendarComplete: true });
      expect((await t.http().get('/api/calendar/add?from=2026-12-30&workdays=3').set(auth)).body).toEqual({ date: '2027-01-04', calendarComplete: false });
      expect((await t.http().get('/api/calendar/2027').set(auth)).body.source).toBe('none');
    });

    it.each([
      [{ holidays: ['2027-02-30'], workdays: [] }, 'holidays[0]'],
      [{ holidays: ['2026-10-01'], workdays: [] }, 'holidays[0]'],
      [{ holidays: ['2027-02-06'], workdays: ['2027-02-06'] }, 'workdays[0]'],
      [{ holidays: 'all of them', workdays: [] }, 'holidays'],
      [{ holidays: [], workdays: [], note: 'x' }, 'note'],
    ])('refuses a bad schedule %j naming %s', async (body, field) => {
      const res = await t.http().put('/api/calendar/2027').set(await admin()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.http().get('/api/calendar/2027').set(await admin())).body.source).toBe('none');
    });

    it('lets only an admin load a year', async () => {
      const res = await t.http().put('/api/calendar/2027').set((await sessions.as('supervisor')).auth).send({ holidays: [], workdays: [] });
      expect(res.status).toBe(403);
    });

    it('flags a case whose deadline crosses a year without data, and clears the flag once the year is loaded', async () => {
      const c = await drive.openRectification({ dueAt: '2027-03-31' });
      await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
      const accepted = await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
      expect(accepted).toMatchObject({ dueAt: '2027-03-31T16:00:00.000Z', calendarComplete: false });

      const loaded = await t
        .http()
        .put('/api/calendar/2027')
        .set(await admin())
        .send({ holidays: ['2027-01-01', '2027-02-08', '2027-02-09'], workdays: ['2027-02-06'] });
      expect(loaded.status).toBe(200);
      expect(loaded.body).toMatchObject({ year: 2027, source: 'loaded' });
      const { auth } = await sessions.as('inspector');
      expect((await t.http().get('/api/calendar/add?from=2026-12-31&workdays=1').set(auth)).body).toEqual({ date: '2027-01-04', calendarComplete: true });
      expect((await t.http().get('/api/calendar/add?from=2027-02-05&workdays=1').set(auth)).body).toEqual({ date: '2027-02-06', calendarComplete: true });
      const other = await drive.openRectification({ dueAt: '2027-03-31' });
      await drive.must('inspector', other.id, { type: 'ASSIGN', unitId: units.zjj });
      expect((await drive.must('officer.zjj', other.id, { type: 'ACCEPT' })).calendarComplete).toBe(true);
    });

    it('re-plans the open deadlines a corrected year moves, each an audited DEADLINE_REPLANNED; a dry run only counts them', async () => {
      const inspector = (await sessions.as('inspector')).auth;
      const add = async (from: string, workdays: number) => (await t.http().get(`/api/calendar/add?from=${from}&workdays=${workdays}`).set(inspector)).body.date as string;
      const endOf = (date: string) => new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      await publish([{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '5wd', warnBefore: '1wd', escalation: ladder('3wd', '5wd') }]);
      const c = await drive.openHotline();
      const assigned = await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.zjj });
      expect(assigned.dueAt).toBe(endOf(await add(today, 5)));

      // The State Council adds a day off: the next working day.
      const dayOff = await add(today, 1);
      const year = Number(dayOff.slice(0, 4));
      const original = (await t.http().get(`/api/calendar/${year}`).set(inspector)).body;
      const named = new Map(original.holidayNames.map((h: { date: string; name: string }) => [h.date, h.name]));
      const holidays = (dates: string[]) => dates.map((d) => (named.has(d) ? { date: d, name: named.get(d) } : d));
      const corrected = { holidays: holidays([...original.holidays, dayOff]), workdays: original.workdays.filter((d: string) => d !== dayOff) };
      const expectedDue = endOf(await add(today, 6));
      expect(expectedDue).not.toBe(assigned.dueAt);

      const preview = await t.http().put(`/api/calendar/${year}?dryRun=true`).set(await admin()).send(corrected);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ dryRun: true, year });
      expect(preview.body.cases).toBeGreaterThanOrEqual(1);
      expect(preview.body.moves).toEqual(expect.arrayContaining([{ caseId: c.id, code: c.code, previousDueAt: assigned.dueAt, dueAt: expectedDue, timers: 5 }]));
      expect((await getCase(c.id)).dueAt).toBe(assigned.dueAt);
      expect(await add(today, 1)).toBe(dayOff);

      const loaded = await t.http().put(`/api/calendar/${year}`).set(await admin()).send(corrected);
      expect(loaded.status).toBe(200);
      expect(loaded.body.replanned).toEqual({ cases: preview.body.cases, timers: preview.body.timers });
      const moved = await getCase(c.id);
      expect(moved.dueAt).toBe(expectedDue);
      expect(moved.contentVersion).toBe(assigned.contentVersion);
      expect(moved.timers.find((x: { purpose: string }) => x.purpose === 'breach').dueAt).toBe(expectedDue);
      const [event] = (await drive.timeline('auditor', c.id)).filter((e) => e.type === 'DEADLINE_REPLANNED');
      expect(event).toMatchObject({ actorId: 'system', fromState: 'assigned', toState: 'assigned', payload: { calendarYear: year, previousDueAt: assigned.dueAt, dueAt: expectedDue, timers: 5 } });
      expect(new Date(event.payload.warnAt).getTime()).toBeGreaterThan(new Date(event.payload.previousWarnAt).getTime());
      expect((await t.http().get(`/api/audit/verify?caseId=${c.id}`).set((await sessions.as('auditor')).auth)).body.valid).toBe(true);

      // Putting the year back moves it back.
      const restored = await t.http().put(`/api/calendar/${year}`).set(await admin()).send({ holidays: holidays(original.holidays), workdays: original.workdays });
      expect(restored.body.replanned.cases).toBeGreaterThanOrEqual(1);
      expect((await getCase(c.id)).dueAt).toBe(assigned.dueAt);
      await publish(defaultRules);
    });

    it('re-plans a deadline that was planned on an older calendar while a year was being loaded', async () => {
      await publish([{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '5wd', escalation: [] }]);
      const c = await drive.openHotline();
      const assigned = await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.zjj });
      // As a request that planned on the previous calendar and committed just after the load would have left it.
      const early = new Date(new Date(assigned.dueAt).getTime() - 86_400_000);
      await ds.query(`UPDATE cases SET due_at = $2 WHERE id = $1`, [c.id, early]);
      await ds.query(`UPDATE case_timers SET due_at = $2, calendar_version = 0 WHERE case_id = $1 AND status = 'pending'`, [c.id, early]);

      const loader = t.app.get(CalendarYearLoader);
      expect(await loader.catchUp()).toBeGreaterThanOrEqual(1);
      const fixed = await getCase(c.id);
      expect(fixed.dueAt).toBe(assigned.dueAt);
      expect(fixed.timers[0].dueAt).toBe(assigned.dueAt);
      const [event] = (await drive.timeline('auditor', c.id)).filter((e) => e.type === 'DEADLINE_REPLANNED');
      expect(event.payload).toMatchObject({ previousDueAt: early.toISOString(), dueAt: assigned.dueAt, timers: 1 });
      expect(event.payload.calendarYear).toBeUndefined();
      expect(await loader.catchUp()).toBe(0);
      await publish(defaultRules);
    });
  });

  describe('SLA policies', () => {
    it('serves the seeded defaults', async () => {
      const res = await t.http().get('/api/sla-policies').set((await sessions.as('supervisor')).auth);
      expect(res.body.version).toBeGreaterThanOrEqual(1);
      expect(res.body.rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'hotline', priority: 'urgent', state: 'assigned', deadline: '2h' }),
          expect.objectContaining({ kind: 'hotline', priority: 'normal', state: 'rectifying.inProgress', deadline: '5wd' }),
          expect.objectContaining({ kind: 'rectification', state: 'rectifying.inProgress', deadline: 'caseDueAt' }),
        ]),
      );
    });

    it.each([
      [[{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: 'soon', escalation: [] }], 'rules.0.deadline'],
      [[{ kind: 'hotline', priority: 'normal', state: 'nowhere', deadline: '1wd', escalation: [] }], 'rules.0.state'],
      [[{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '1wd', escalation: [{ level: 2, after: '1wd' }] }], 'rules.0.escalation'],
      [[{ kind: 'memo', priority: 'normal', state: 'assigned', deadline: '1wd', escalation: [] }], 'rules.0.kind'],
      // Each of these was accepted once and did harm (a closed case escalating; 问责 before 催办; a rule never applied).
      [[{ kind: 'hotline', priority: 'any', state: 'closed', deadline: '10s', escalation: [{ level: 1, after: '0s' }] }], 'rules.0.state'],
      [[{ kind: 'hotline', priority: 'any', state: 'rectifying', deadline: '1wd', escalation: [] }], 'rules.0.state'],
      [[{ kind: 'hotline', priority: 'any', state: 'assigned', deadline: '10s', escalation: ladder('4s', '0s').map((s, i) => (i === 0 ? { ...s, after: '8s' } : s)) }], 'rules.0.escalation.1.after'],
      [[{ kind: 'hotline', priority: 'any', state: 'assigned', deadline: '1h', warnBefore: '2h', escalation: [] }], 'rules.0.warnBefore'],
      [[{ kind: 'hotline', priority: 'any', state: 'assigned', deadline: '0s', escalation: [] }], 'rules.0.deadline'],
      [[{ kind: 'hotline', priority: 'any', state: 'assigned', deadline: '1wd', escalation: [] }, { kind: 'hotline', priority: 'any', state: 'assigned', deadline: '2wd', escalation: [] }], 'rules.1'],
    ])('refuses %j naming %s', async (rules, field) => {
      const before = (await t.http().get('/api/sla-policies').set(await admin())).body.version;
      const res = await t.http().put('/api/sla-policies').set(await admin()).send({ rules });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.http().get('/api/sla-policies').set(await admin())).body.version).toBe(before);
    });

    it('previews a change with ?dryRun=true: rules added, removed and changed, the pending timers each reaches, nothing published', async () => {
      const { id } = await drive.open('agent', { kind: 'hotline', title: '预览测试', content: '内容', callerName: '李四', callerPhone: '13900001111', requestType: '求助', priority: 'normal', channel: 'phone' });
      await drive.must('agent', id, { type: 'ASSIGN', unitId: units.zjj });
      const current = (await t.http().get('/api/sla-policies').set(await admin())).body;
      const isHotlineAssigned = (r: { kind: string; priority: string; state: string }) => r.kind === 'hotline' && r.priority === 'normal' && r.state === 'assigned';
      const isUrgent = (r: { kind: string; priority: string; state: string }) => r.kind === 'hotline' && r.priority === 'urgent' && r.state === 'assigned';
      const rules = [
        ...current.rules.filter((r: never) => !isHotlineAssigned(r) && !isUrgent(r)),
        { ...current.rules.find(isHotlineAssigned), deadline: '2wd' },
        { kind: 'obligation', priority: 'urgent', state: 'assigned', deadline: '3wd', escalation: [] },
      ];
      const res = await t.http().put('/api/sla-policies?dryRun=true').set(await admin()).send({ rules });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, currentVersion: current.version });
      const byKey = Object.fromEntries(res.body.changes.map((c: { kind: string; priority: string; state: string }) => [`${c.kind}/${c.priority}/${c.state}`, c]));
      expect(byKey['hotline/normal/assigned']).toMatchObject({ change: 'changed', before: { deadline: '1wd' }, after: { deadline: '2wd' }, cases: expect.any(Number) });
      expect(byKey['hotline/normal/assigned'].pendingTimers).toBeGreaterThanOrEqual(5);
      expect(byKey['hotline/urgent/assigned']).toMatchObject({ change: 'removed', after: null });
      expect(byKey['obligation/urgent/assigned']).toMatchObject({ change: 'added', before: null, pendingTimers: 0 });
      expect(res.body.changes).toHaveLength(3);
      expect((await t.http().get('/api/sla-policies').set(await admin())).body.version).toBe(current.version);
      const invalid = await t.http().put('/api/sla-policies?dryRun=true').set(await admin()).send({ rules: [{ ...rules[0], state: 'closed' }] });
      expect(invalid.status).toBe(400);
      expect((await t.http().put('/api/sla-policies?dryRun=maybe').set(await admin()).send({ rules })).status).toBe(400);
    });

    it('refuses to publish over a version published since the rules were edited (baseVersion)', async () => {
      const current = (await t.http().get('/api/sla-policies').set(await admin())).body;
      const stale = await t.http().put('/api/sla-policies').set(await admin()).send({ rules: defaultRules, baseVersion: current.version - 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: current.version });
      expect((await t.http().get('/api/sla-policies').set(await admin())).body.version).toBe(current.version);
      const fresh = await t.http().put('/api/sla-policies').set(await admin()).send({ rules: defaultRules, baseVersion: current.version });
      expect(fresh.body.version).toBe(current.version + 1);
      // Two admins publishing at once get two versions, never an error.
      const both = await Promise.all([publish(defaultRules), publish(defaultRules)]);
      expect(both.map((p) => p.version).sort()).toEqual([current.version + 2, current.version + 3]);
    });

    it('publishes a new version, admin only', async () => {
      const before = (await t.http().get('/api/sla-policies').set(await admin())).body.version;
      expect((await t.http().put('/api/sla-policies').set((await sessions.as('inspector')).auth).send({ rules: defaultRules })).status).toBe(403);
      const published = await publish(defaultRules);
      expect(published.version).toBe(before + 1);
    });
  });

  describe('timers', () => {
    afterEach(() => publish(defaultRules));

    it('lets an officer submit with the If-Match they loaded although 预警 and 超期 came in between; a real change still conflicts', async () => {
      await publish([{ kind: 'hotline', priority: 'normal', state: 'rectifying.inProgress', deadline: '2s', warnBefore: '1s', escalation: [] }]);
      const c = await drive.openHotline();
      await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.zjj });
      const accepted = await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
      expect(accepted.contentVersion).toBe(accepted.version);
      await sweepUntil(async () => (await getCase(c.id)).version === accepted.version + 2);
      const now = await getCase(c.id);
      expect(now.version).toBe(accepted.version + 2);
      expect(now.contentVersion).toBe(accepted.version);

      const report = { type: 'REPLY', answer: '已更换路灯' };
      const submitted = await drive.send('officer.zjj', c.id, report, { 'If-Match': String(accepted.version) });
      expect(submitted.status).toBe(200);
      expect(submitted.body.contentVersion).toBe(submitted.body.version);
      // The agent's view predates the report: that is a real change, and it is refused.
      const stale = await drive.send('agent', c.id, { type: 'CALLBACK', satisfaction: 'satisfied' }, { 'If-Match': String(now.version) });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: submitted.body.version, contentVersion: submitted.body.version });
      expect((await drive.send('agent', c.id, { type: 'CALLBACK', satisfaction: 'satisfied' }, { 'If-Match': String(submitted.body.version + 1) })).status).toBe(409);
    });

    it('warns, breaches and escalates 1 → 2 → 3, each an audit event in order, opening one linked accountability case', async () => {
      await publish([{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '3s', warnBefore: '2s', escalation: ladder('1s', '2s') }]);
      const c = await drive.openHotline();
      const assigned = await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.zjj });
      expect(assigned).toMatchObject({ light: 'green', escalationLevel: 0, dueAt: expect.any(String), warnAt: expect.any(String) });
      const detail = await getCase(c.id);
      expect(detail.timers.map((x: { purpose: string; level: number }) => `${x.purpose}${x.level || ''}`)).toEqual(['warning', 'breach', 'escalate1', 'escalate2', 'escalate3']);

      await sweepUntil(async () => (await getCase(c.id)).escalationLevel === 3);
      const timeline = await drive.timeline('auditor', c.id);
      const system = timeline.filter((e) => e.actorId === 'system');
      expect(system.map((e) => (e.type === 'ESCALATE' ? `ESCALATE ${e.payload.level}` : e.type))).toEqual([
        'SLA_WARNING',
        'SLA_BREACHED',
        'ESCALATE 1',
        'ESCALATE 2',
        'ESCALATE 3',
      ]);
      expect(system.every((e) => e.actorRole === 'system' && e.toState === 'assigned')).toBe(true);
      const bySystem = await t.http().get(`/api/audit?actor=system&caseId=${c.id}`).set((await sessions.as('auditor')).auth);
      expect(bySystem.body.items.map((e: { seq: number }) => e.seq)).toEqual(system.map((e) => e.seq).reverse());
      const escalated = await getCase(c.id);
      expect(escalated).toMatchObject({ escalationLevel: 3, light: 'red', timers: [] });
      expect(escalated.linkedCases).toHaveLength(1);
      const accountability = escalated.linkedCases[0];
      expect(accountability).toMatchObject({ kind: 'accountability', state: 'opened' });
      const opened = await getCase(accountability.id);
      expect(opened).toMatchObject({ parentCaseId: c.id, unitId: units.zjj, fields: { targetUnitId: units.zjj } });
      const [openedEvent] = await drive.timeline('auditor', accountability.id);
      expect(openedEvent).toMatchObject({ type: 'OPENED', actorId: 'system', correlationId: system[4].correlationId });

      await sweeper.sweepOnce();
      expect((await getCase(c.id)).linkedCases).toHaveLength(1);
      const overdue = await t.http().get('/api/cases?overdue=true&kind=hotline').set((await sessions.as('inspector')).auth);
      expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
      const level = await t.http().get('/api/cases?escalationLevel=3').set((await sessions.as('inspector')).auth);
      expect(level.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
      expect((await t.http().get(`/api/audit/verify?caseId=${c.id}`).set((await sessions.as('auditor')).auth)).body.valid).toBe(true);

      // Signing for it ends the lateness: timers of the new state, a fresh ladder.
      const accepted = await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
      expect(accepted.escalationLevel).toBe(0);
    });

    it('opens one 问责 per late case: a second level 3 in the next state joins the open one, and the case stays 已升级', async () => {
      await publish([
        { kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '1s', escalation: ladder('1s', '2s') },
        { kind: 'hotline', priority: 'normal', state: 'rectifying.inProgress', deadline: '1s', escalation: ladder('1s', '2s') },
      ]);
      const c = await drive.openHotline();
      await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.zjj });
      await sweepUntil(async () => (await getCase(c.id)).escalationLevel === 3);
      const first = await getCase(c.id);
      expect(first.linkedCases).toHaveLength(1);
      expect(first.openAccountability).toEqual({ id: first.linkedCases[0].id, code: first.linkedCases[0].code });

      // Signed for late: the level starts again, the 问责 stays open and the case stays in 已升级.
      const accepted = await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
      expect(accepted).toMatchObject({ escalationLevel: 0, maxEscalationLevel: 3 });
      const inspector = (await sessions.as('inspector')).auth;
      const ids = async (query: string, auth = inspector) => (await t.http().get(`/api/cases?${query}`).set(auth)).body.items.map((i: { id: string }) => i.id);
      expect(await ids('escalated=true')).toContain(c.id);
      expect(await ids('openAccountability=true')).toContain(c.id);
      expect(await ids('maxEscalationLevel=3')).toContain(c.id);
      expect(await ids('openAccountability=false')).not.toContain(c.id);
      // The unit never learns of the 问责: not in its detail, not through the filter.
      const officer = (await sessions.as('officer.zjj')).auth;
      expect(await ids('openAccountability=true', officer)).not.toContain(c.id);
      expect((await t.http().get(`/api/cases/${c.id}`).set(officer)).body.openAccountability).toBeNull();

      await sweepUntil(async () => (await getCase(c.id)).escalationLevel === 3);
      const again = await getCase(c.id);
      expect(again.linkedCases).toHaveLength(1);
      const accountabilityId = first.openAccountability.id;
      const escalations = (await drive.timeline('auditor', c.id)).filter((e) => e.type === 'ESCALATE' && e.payload.level === 3);
      expect(escalations).toHaveLength(2);
      // The unit reads its case's trail: nothing there names the 问责.
      const officerTrail = await t.http().get(`/api/cases/${c.id}/events`).set((await sessions.as('officer.zjj')).auth);
      expect(officerTrail.status).toBe(200);
      expect(JSON.stringify(officerTrail.body)).not.toContain(accountabilityId);
      const onAccountability = (await drive.timeline('auditor', accountabilityId)).filter((e) => e.type === 'LINKED_ESCALATION');
      expect(onAccountability).toHaveLength(1);
      expect(onAccountability[0]).toMatchObject({
        actorId: 'system',
        correlationId: escalations[1].correlationId,
        payload: { caseId: c.id, code: c.code, level: 3, state: 'rectifying.inProgress' },
      });
      expect((await t.http().get('/api/audit/verify').set((await sessions.as('auditor')).auth)).body.valid).toBe(true);

      // Once that 问责 is closed (不予问责), the next level 3 opens a new one.
      await drive.must('inspector', accountabilityId, { type: 'ASSIGN' });
      await drive.must('inspector', accountabilityId, { type: 'SUBMIT_FINDINGS', summary: '已查明原因' });
      await drive.must('supervisor', accountabilityId, { type: 'DISMISS', reason: '情节轻微' });
      expect((await getCase(c.id)).openAccountability).toBeNull();
      await publish([{ kind: 'hotline', priority: 'normal', state: 'rectifying.awaitingVerification', deadline: '1s', escalation: ladder('1s', '2s') }]);
      await drive.must('officer.zjj', c.id, { type: 'REPLY', answer: '已处理' });
      await sweepUntil(async () => (await getCase(c.id)).escalationLevel === 3);
      const third = await getCase(c.id);
      expect(third.linkedCases.filter((l: { kind: string }) => l.kind === 'accountability')).toHaveLength(2);
      expect(third.openAccountability.id).not.toBe(accountabilityId);
    }, 30_000);

    it('never delivers a breach before the warning another sweeper is still holding', async () => {
      await publish([{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '2s', warnBefore: '1s', escalation: [] }]);
      const c = await drive.openHotline();
      await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.zjj });
      await sleep(2100);
      const otherSweeper = ds.createQueryRunner();
      await otherSweeper.startTransaction();
      try {
        await otherSweeper.query(`SELECT id FROM case_timers WHERE case_id = $1 AND purpose = 'warning' FOR UPDATE`, [c.id]);
        await sweeper.sweepOnce();
        expect((await drive.timeline('auditor', c.id)).map((e) => e.type)).not.toContain('SLA_BREACHED');
      } finally {
        await otherSweeper.rollbackTransaction();
        await otherSweeper.release();
      }
      await sweepUntil(async () => (await drive.timeline('auditor', c.id)).some((e) => e.type === 'SLA_BREACHED'));
      const system = (await drive.timeline('auditor', c.id)).filter((e) => e.actorId === 'system');
      expect(system.map((e) => e.type)).toEqual(['SLA_WARNING', 'SLA_BREACHED']);
    });

    it('moves the deadline and its timers on an approved extension, and cancels them on leaving the state', async () => {
      await publish([{ kind: 'rectification', priority: 'any', state: 'rectifying.inProgress', deadline: 'caseDueAt', warnBefore: '1wd', escalation: ladder('3wd', '5wd') }]);
      const c = await drive.openRectification({ dueAt: '2026-12-18' });
      await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
      const accepted = await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
      expect(accepted.dueAt).toBe('2026-12-18T16:00:00.000Z');
      await drive.must('officer.zjj', c.id, { type: 'REQUEST_EXTENSION', dueAt: '2026-12-25', reason: '需省厅批复' });
      expect((await getCase(c.id)).extension).toMatchObject({ dueAt: '2026-12-25T16:00:00.000Z', reason: '需省厅批复' });
      const approved = await drive.must('supervisor', c.id, { type: 'APPROVE_EXTENSION', reason: '同意' });
      expect(approved).toMatchObject({ dueAt: '2026-12-25T16:00:00.000Z', extension: null, fields: { dueAt: '2026-12-25T16:00:00.000Z' } });
      const timers = (await getCase(c.id)).timers;
      expect(timers.find((x: { purpose: string }) => x.purpose === 'breach').dueAt).toBe('2026-12-25T16:00:00.000Z');
      expect(timers.find((x: { purpose: string }) => x.purpose === 'warning').dueAt).toBe('2026-12-24T16:00:00.000Z');
      const [{ cancelled }] = await ds.query(`SELECT count(*)::int AS cancelled FROM case_timers WHERE case_id = $1 AND status = 'cancelled'`, [c.id]);
      expect(cancelled).toBe(5);
      const approval = (await drive.timeline('auditor', c.id)).find((e) => e.type === 'APPROVE_EXTENSION')!;
      expect(approval.payload).toMatchObject({ requestedDueAt: '2026-12-25T16:00:00.000Z', previousDueAt: '2026-12-18T16:00:00.000Z' });

      await drive.must('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: '完成' });
      const [{ pending }] = await ds.query(`SELECT count(*)::int AS pending FROM case_timers WHERE case_id = $1 AND status = 'pending'`, [c.id]);
      expect(pending).toBe(0);
    });

    it('keeps the remaining time across a suspension and fires nothing while suspended', async () => {
      await publish([{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '3s', escalation: [] }]);
      const c = await drive.openHotline();
      const assigned = await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.scj });
      const due = Date.parse(assigned.dueAt);
      await sleep(1000);
      const suspended = await drive.must('supervisor', c.id, { type: 'SUSPEND', reason: '等待公安部门调查结果' });
      expect(suspended).toMatchObject({ suspended: true, light: null, suspension: { reason: '等待公安部门调查结果' } });
      const remaining = due - Date.parse(suspended.suspension.since);
      expect((await getCase(c.id)).timers).toEqual([expect.objectContaining({ purpose: 'breach', status: 'paused' })]);
      await sleep(3000);
      await sweeper.sweepOnce();
      expect((await drive.timeline('auditor', c.id)).map((e) => e.type)).not.toContain('SLA_BREACHED');
      const officerTry = await drive.send('officer.scj', c.id, { type: 'ACCEPT' });
      expect(officerTry.status).toBe(409);

      const resumed = await drive.must('supervisor', c.id, { type: 'RESUME' });
      const newDue = Date.parse(resumed.dueAt);
      const resumedAt = Date.parse(resumed.updatedAt);
      expect(Math.abs(newDue - resumedAt - remaining)).toBeLessThan(50);
      expect((await getCase(c.id)).timers).toEqual([expect.objectContaining({ purpose: 'breach', status: 'pending', dueAt: resumed.dueAt })]);
      await sweepUntil(async () => (await drive.timeline('auditor', c.id)).some((e) => e.type === 'SLA_BREACHED'));
    });

    it('cancels, never fires, a timer whose case has left its state', async () => {
      const c = await drive.openRectification();
      await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
      await drive.must('officer.zjj', c.id, { type: 'ACCEPT' });
      const [{ id }] = await ds.query(
        `INSERT INTO case_timers (case_id, purpose, level, due_at, clock, state_entered, policy_version)
         VALUES ($1, 'breach', 0, now() - interval '1 minute', 'wall', 'assigned', 1) RETURNING id::text AS id`,
        [c.id],
      );
      const before = await drive.timeline('auditor', c.id);
      await sweepUntil(async () => (await ds.query(`SELECT status FROM case_timers WHERE id = $1`, [id]))[0].status !== 'pending');
      expect((await ds.query(`SELECT status FROM case_timers WHERE id = $1`, [id]))[0].status).toBe('cancelled');
      expect(await drive.timeline('auditor', c.id)).toHaveLength(before.length);
    });

    it('parks a poisoned timer after the configured attempts while the others fire', async () => {
      await publish([{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '1s', escalation: [] }]);
      const healthy = await Promise.all([1, 2, 3].map(() => drive.openHotline()));
      const poisoned = await drive.openHotline({ title: '快照损坏的工单' });
      for (const c of [...healthy, poisoned]) await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units.zjj });
      await ds.query(`UPDATE cases SET snapshot = jsonb_set(snapshot, '{value}', '"nowhere"') WHERE id = $1`, [poisoned.id]);
      await sleep(1100);
      const status = async (caseId: string) => (await ds.query(`SELECT status, attempts, last_error AS "lastError" FROM case_timers WHERE case_id = $1 AND purpose = 'breach' AND status <> 'cancelled'`, [caseId]))[0];
      await sweepUntil(async () => (await status(poisoned.id)).status === 'parked');
      for (const c of healthy) expect((await status(c.id)).status).toBe('fired');
      const parked = await status(poisoned.id);
      expect(parked).toMatchObject({ status: 'parked', attempts: 3, lastError: expect.stringContaining('nowhere') });
      const listed = await t.http().get('/api/admin/timers?status=parked').set(await admin());
      const item = listed.body.items.find((x: { caseId: string }) => x.caseId === poisoned.id);
      expect(item).toMatchObject({ code: poisoned.code, purpose: 'breach', attempts: 3 });
      expect((await t.http().get('/api/admin/timers?status=parked').set((await sessions.as('supervisor')).auth)).status).toBe(403);

      await ds.query(`UPDATE cases SET snapshot = jsonb_set(snapshot, '{value}', '"assigned"') WHERE id = $1`, [poisoned.id]);
      expect((await t.http().post(`/api/admin/timers/${item.id}/retry`).set(await admin())).status).toBe(204);
      await sweepUntil(async () => (await status(poisoned.id)).status === 'fired');
    });
  });
});
