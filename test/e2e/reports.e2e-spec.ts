import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { bytes } from '../support/http';
import { TimerSweeper } from '@app/escalation';
import { CaseDriver, createTestApp, DemoSessions, type DemoUser, type TestApp } from '../support';

/** Today and tomorrow in Asia/Shanghai: the period every event of this test falls in. */
const shanghaiDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

type Figure = { count?: number; numerator?: number; denominator?: number; rate?: number | null; mean?: number | null; median?: number | null; cells: Record<string, string> };
type Row = { unitId: string | null; unitCode: string | null; figures: Record<string, Figure> };

/**
 * A small county where every figure is known by hand: rectification items verified on time and
 * late, sent back for rework, returned, extended, left overdue; 12345 orders signed for, returned
 * and re-dispatched, called back satisfied, unsatisfied and basically satisfied.
 */
describe('assessment figures per unit (DESIGN §10)', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let driver: CaseDriver;
  let units: Record<string, string>;
  const today = shanghaiDay();
  const tomorrow = shanghaiDay(1);

  const report = async (as: DemoUser, query: string) => {
    const res = await t.http().get(`/api/reports/units?${query}`).set((await sessions.as(as)).auth);
    expect([res.status, driver.logged(res)]).toEqual([200, '']);
    return res.body as { units: Row[]; county: Row; calendarComplete: boolean };
  };
  const row = (body: { units: Row[] }, code: string) => body.units.find((u) => u.unitCode === code)!;
  const counts = (f: Figure) => (f.count !== undefined ? [f.count] : [f.numerator, f.denominator]);

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    driver = new CaseDriver(t, sessions);
    units = await driver.units();
    const db = t.app.get(DataSource);
    const rect = async (unit: string | null, title: string) => {
      const item = await driver.openRectification({ title, dueAt: '2031-12-31', ...(unit ? {} : { unitId: undefined }) });
      if (unit) await driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units[unit], dueAt: '2031-12-31' });
      return item.id as string;
    };
    const rectify = async (id: string, officer: DemoUser) => {
      await driver.must(officer, id, { type: 'SUBMIT_REPORT', summary: '已整改' });
    };

    // R1: on time, closed. R2: reworked once, verified after its (moved-back) deadline.
    const r1 = await rect('zjj', 'R1');
    await driver.must('officer.zjj', r1, { type: 'ACCEPT' });
    await rectify(r1, 'officer.zjj');
    await driver.must('inspector', r1, { type: 'VERIFY_PASS' });
    await driver.must('supervisor', r1, { type: 'APPROVE_CLOSURE' });
    const r2 = await rect('zjj', 'R2');
    await driver.must('officer.zjj', r2, { type: 'ACCEPT' });
    await rectify(r2, 'officer.zjj');
    await driver.must('inspector', r2, { type: 'VERIFY_FAIL', reason: '佐证不足' });
    await rectify(r2, 'officer.zjj');
    await driver.must('inspector', r2, { type: 'VERIFY_PASS' });
    await db.query(`UPDATE cases SET fields = fields || '{"dueAt": "2020-01-01T16:00:00.000Z"}' WHERE id = $1`, [r2]);
    // R3: returned by 住建局, re-assigned to 市场监管局. R4: extension approved.
    const r3 = await rect('zjj', 'R3');
    await driver.must('officer.zjj', r3, { type: 'RETURN', reason: '不属于本单位职责' });
    await driver.must('inspector', r3, { type: 'ASSIGN', unitId: units.scj, dueAt: '2031-12-31' });
    const r4 = await rect('scj', 'R4');
    await driver.must('officer.scj', r4, { type: 'ACCEPT' });
    await driver.must('officer.scj', r4, { type: 'REQUEST_EXTENSION', dueAt: '2032-06-30', reason: '需要跨年施工' });
    await driver.must('supervisor', r4, { type: 'APPROVE_EXTENSION' });
    // R5: opened, not yet assigned. R6: assigned, its deadline passed, not done.
    await driver.openRectification({ title: 'R5', unitId: undefined, dueAt: undefined });
    const r6 = await rect('zjj', 'R6');
    await db.query(`UPDATE cases SET fields = fields || '{"dueAt": "2020-01-01T16:00:00.000Z"}' WHERE id = $1`, [r6]);

    const order = async (unit: string, title: string) => {
      const o = await driver.openHotline({ title });
      await driver.must('agent', o.id, { type: 'ASSIGN', unitId: units[unit] });
      return o.id as string;
    };
    // H1: signed, answered, caller satisfied. H2: caller unsatisfied, redone, then basically satisfied.
    const h1 = await order('zjj', 'H1');
    await driver.must('officer.zjj', h1, { type: 'ACCEPT' });
    await driver.must('officer.zjj', h1, { type: 'REPLY', answer: '已修复' });
    await driver.must('agent', h1, { type: 'CALLBACK', satisfaction: 'satisfied' });
    const h2 = await order('zjj', 'H2');
    await driver.must('officer.zjj', h2, { type: 'ACCEPT' });
    await driver.must('officer.zjj', h2, { type: 'REPLY', answer: '已处理' });
    await driver.must('agent', h2, { type: 'CALLBACK', satisfaction: 'unsatisfied' });
    await driver.must('officer.zjj', h2, { type: 'REPLY', answer: '重新处理' });
    await driver.must('agent', h2, { type: 'CALLBACK', satisfaction: 'basically_satisfied' });
    // H3: returned by 市场监管局, re-dispatched to 住建局 (not yet signed). H4: dispatched, not yet signed.
    const h3 = await order('scj', 'H3');
    await driver.must('officer.scj', h3, { type: 'RETURN', reason: '非本单位职责' });
    await driver.must('agent', h3, { type: 'ASSIGN', unitId: units.zjj });
    await order('scj', 'H4');
  });
  afterAll(() => t?.close());

  it('gives every rectification figure of each unit with its counts', async () => {
    const body = await report('inspector', `kind=rectification&from=${today}&to=${tomorrow}`);
    const zjj = row(body, 'zjj').figures;
    const scj = row(body, 'scj').figures;
    expect(counts(zjj.opened)).toEqual([3]); // R1 R2 R6 (R3 now belongs to 市场监管局)
    expect(counts(scj.opened)).toEqual([2]); // R3 R4
    expect(counts(body.county.figures.opened)).toEqual([6]); // and R5, not yet assigned
    expect(counts(zjj.closed)).toEqual([1]);
    expect(zjj.onTime).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(counts(zjj.overdueOpen)).toEqual([1]);
    expect(zjj.duration).toMatchObject({ count: 2, mean: 0, median: 0 });
    expect(zjj.rework).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(zjj.returned).toMatchObject({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(scj.returned).toMatchObject({ numerator: 0, denominator: 2, rate: 0 });
    expect(scj.extended).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(body.county.figures.extended).toMatchObject({ numerator: 1, denominator: 5 });
    expect(row(body, 'jw').figures.onTime).toMatchObject({ numerator: 0, denominator: 0, rate: null });
    expect(body.calendarComplete).toBe(true);
  });

  it('gives the 12345 figures: 工单量, 及时签收率, 按时办结率, 回退率, 重办率, 满意率 with 基本满意 apart', async () => {
    const body = await report('inspector', `kind=hotline&from=${today}&to=${tomorrow}`);
    const zjj = row(body, 'zjj').figures;
    const scj = row(body, 'scj').figures;
    expect(counts(zjj.assigned)).toEqual([3]); // H1 H2 and H3 re-dispatched
    expect(counts(scj.assigned)).toEqual([2]);
    expect(counts(body.county.figures.assigned)).toEqual([4]);
    expect(zjj.signedOnTime).toMatchObject({ numerator: 2, denominator: 3 });
    expect(scj.signedOnTime).toMatchObject({ numerator: 0, denominator: 2 });
    expect(zjj.repliedOnTime).toMatchObject({ numerator: 2, denominator: 2, rate: 1 });
    expect(scj.returned).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(zjj.redone).toMatchObject({ numerator: 1, denominator: 2 });
    expect(zjj.satisfied).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(zjj.basicallySatisfied).toMatchObject({ numerator: 0, denominator: 2 });
  });

  it('lists exactly the cases behind every figure: the list count equals the figure, for every metric and row', async () => {
    const { auth } = await sessions.as('inspector');
    for (const kind of ['rectification', 'hotline']) {
      const body = await report('inspector', `kind=${kind}&from=${today}&to=${tomorrow}`);
      for (const r of [...body.units, body.county]) {
        for (const [key, figure] of Object.entries(r.figures)) {
          for (const [part, token] of Object.entries(figure.cells)) {
            const expected = part === 'count' ? figure.count : part === 'numerator' ? figure.numerator : figure.denominator;
            const listed = await t.http().get(`/api/cases/count?reportCell=${token}`).set(auth);
            expect([kind, r.unitCode, key, part, listed.body.count]).toEqual([kind, r.unitCode, key, part, expected]);
          }
        }
      }
    }
    const late = (await report('inspector', `kind=rectification&from=${today}&to=${tomorrow}`)).county.figures.overdueOpen.cells.count;
    const page = await t.http().get(`/api/cases?reportCell=${late}`).set(auth);
    expect(page.body.items.map((c: { title: string }) => c.title)).toEqual(['R6']);
  });

  it('rolls sub-units up into their department, and shows a unit officer their own unit only', async () => {
    const rolled = await report('inspector', `kind=rectification&from=${today}&to=${tomorrow}&rollup=true`);
    expect(rolled.units.map((u) => u.unitCode)).not.toContain('zjj-cj');
    const officer = await report('officer.zjj', `kind=hotline&from=${today}&to=${tomorrow}`);
    expect(officer.units.map((u) => u.unitCode).sort()).toEqual(['zjj', 'zjj-cj']);
    expect(counts(officer.county.figures.assigned)).toEqual([3]);
    const elsewhere = await t.http().get(`/api/reports/units?kind=hotline&from=${today}&to=${tomorrow}&unitId=${units.scj}`).set((await sessions.as('officer.zjj')).auth);
    expect(elsewhere.status).toBe(404);
  });

  it('counts by Asia/Shanghai days: the next day holds none of it', async () => {
    const next = await report('inspector', `kind=hotline&from=${tomorrow}&to=${shanghaiDay(2)}`);
    expect(counts(next.county.figures.assigned)).toEqual([0]);
    expect(next.county.figures.satisfied.rate).toBeNull();
  });

  it('counts a late sign-for as late, and 催办/督办/问责 and decisions by form in the escalations report', async () => {
    const admin = (await sessions.as('admin')).auth;
    const rules = (await t.http().get('/api/sla-policies').set(admin)).body.rules;
    const fast = { kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '1s', escalation: [{ level: 1, after: '0s' }, { level: 2, after: '1s' }, { level: 3, after: '2s' }] };
    expect((await t.http().put('/api/sla-policies').set(admin).send({ rules: [fast] })).status).toBe(200);
    const late = await driver.openHotline({ title: 'H5' });
    await driver.must('agent', late.id, { type: 'ASSIGN', unitId: units['zjj-cj'] });
    const sweeper = t.app.get(TimerSweeper);
    const inspector = (await sessions.as('inspector')).auth;
    for (let i = 0; i < 100 && (await t.http().get(`/api/cases/${late.id}`).set(inspector)).body.escalationLevel < 3; i++) {
      await sweeper.sweepOnce();
      await new Promise((r) => setTimeout(r, 100));
    }
    await driver.must('officer.zjj', late.id, { type: 'ACCEPT' });
    expect((await t.http().put('/api/sla-policies').set(admin).send({ rules })).status).toBe(200);

    const hotline = await report('inspector', `kind=hotline&from=${today}&to=${tomorrow}`);
    expect(row(hotline, 'zjj-cj').figures.signedOnTime).toMatchObject({ numerator: 0, denominator: 1 });
    const accountability = (await t.http().get(`/api/cases/${late.id}`).set(inspector)).body.linkedCases[0];
    await driver.must('inspector', accountability.id, { type: 'ASSIGN' });
    await driver.must('inspector', accountability.id, { type: 'SUBMIT_FINDINGS', summary: '超时未签收' });
    await driver.must('supervisor', accountability.id, { type: 'DECIDE', targetType: 'unit', targetUnitId: units['zjj-cj'], form: '通报', reason: '签收不及时' });

    const res = await t.http().get(`/api/reports/escalations?from=${today}&to=${tomorrow}`).set(inspector);
    expect(res.status).toBe(200);
    const cj = res.body.units.find((u: Row) => u.unitCode === 'zjj-cj').figures;
    expect([cj.level1.count, cj.level2.count, cj.level3.count, cj['unit:通报'].count, cj['person:通报'].count]).toEqual([1, 1, 1, 1, 0]);
    const rolled = await t.http().get(`/api/reports/escalations?from=${today}&to=${tomorrow}&rollup=true`).set(inspector);
    expect(rolled.body.units.find((u: Row) => u.unitCode === 'zjj').figures.level3.count).toBe(1);
    const listed = await t.http().get(`/api/cases?reportCell=${cj['unit:通报'].cells.count}`).set(inspector);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([accountability.id]);
    const officer = await t.http().get(`/api/cases/count?reportCell=${cj['unit:通报'].cells.count}`).set((await sessions.as('officer.zjj')).auth);
    expect(officer.body.count).toBe(0);
    // The unit a decision is about never learns of it from the report either: 问责 cases are outside an officer's scope.
    const asOfficer = await t.http().get(`/api/reports/escalations?from=${today}&to=${tomorrow}`).set((await sessions.as('officer.zjj')).auth);
    const theirs = asOfficer.body.units.find((u: Row) => u.unitCode === 'zjj-cj').figures;
    expect([theirs.level3.count, theirs['unit:通报'].count, asOfficer.body.county.figures['unit:通报'].count]).toEqual([1, 0, 0]);
  });

  it('gives the report as a workbook to print: a sheet per kind, A4 landscape, titled with its period, counts beside rates', async () => {
    const res = await t.http().get(`/api/reports/units.xlsx?from=${today}&to=${tomorrow}`).set((await sessions.as('supervisor')).auth).buffer(true).parse(bytes as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`统计-${today}-${tomorrow}.xlsx`));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['整改事项', '12345工单', '升级与问责']);
    const sheet = book.getWorksheet('整改事项')!;
    expect(String(sheet.getCell('A1').value)).toBe(`某县整改事项统计（${today} 至 ${today}）`);
    expect(String(sheet.getCell('A2').value)).toMatch(/^生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    const zjj = (sheet.getRows(4, sheet.rowCount - 3) ?? []).find((r) => r.getCell(1).value === '县住建局')!;
    const at = (name: string, offset = 0) => zjj.getCell(header.indexOf(name) + 1 + offset).value;
    expect([at('按期完成率'), at('按期完成率', 1), at('按期完成率', 2)]).toEqual([0.5, 1, 2]);
    expect(zjj.getCell(header.indexOf('按期完成率') + 1).numFmt).toBe('0.0%');
    expect(at('新增')).toBe(3);
  });

  it('ranks units by the weighted score of their rates (红榜/黑榜), naming the weights version; admins set new weights', async () => {
    const { auth } = await sessions.as('supervisor');
    const first = await t.http().get(`/api/reports/ranking?kind=rectification&from=${today}&to=${tomorrow}`).set(auth);
    expect(first.status).toBe(200);
    expect(first.body.weights).toEqual({ version: 1, weights: { onTime: 0.5, rework: 0.2, returned: 0.15, extended: 0.15 } });
    // 县住建局: 0.5·0.5 + 0.2·(1−0.5) + 0.15·(1−0.25) + 0.15·(1−0) = 0.6125; 县市场监管局 has only 退回率 0 and 延期率 0.5: 0.75.
    expect(first.body.ranked.map((u: { unitCode: string; score: number; rank: number }) => [u.rank, u.unitCode, u.score])).toEqual([
      [1, 'scj', 75],
      [2, 'zjj', 61.25],
    ]);
    expect(first.body.red.map((u: { unitCode: string }) => u.unitCode)).toEqual(['scj']);
    expect(first.body.black.map((u: { unitCode: string }) => u.unitCode)).toEqual(['zjj']);
    expect(first.body.unranked.map((u: { unitCode: string }) => u.unitCode)).toContain('jw');

    const admin = (await sessions.as('admin')).auth;
    expect((await t.http().put('/api/reports/ranking/weights').set(auth).send({ rectification: { onTime: 1 }, hotline: { satisfied: 1 } })).status).toBe(403);
    const bad = await t.http().put('/api/reports/ranking/weights').set(admin).send({ rectification: { happiness: 1 }, hotline: { satisfied: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['hotline', 'hotline.satisfied', 'rectification.happiness']);
    const published = await t.http().put('/api/reports/ranking/weights').set(admin).send({ rectification: { onTime: 1 }, hotline: { satisfied: 1 } });
    expect(published.body).toMatchObject({ version: 2 });
    const second = await t.http().get(`/api/reports/ranking?kind=rectification&from=${today}&to=${tomorrow}`).set(auth);
    expect(second.body.weights.version).toBe(2);
    expect(second.body.ranked.map((u: { unitCode: string; score: number }) => [u.unitCode, u.score])).toEqual([['zjj', 50]]);
    expect((await t.http().get('/api/reports/ranking/weights').set(auth)).body.version).toBe(2);
  });

  it('counts working days across the National Day holiday, a late reply as late, and a first 基本满意 apart', async () => {
    const db = t.app.get(DataSource);
    // Written straight into the trail at chosen times (October 2026), as the engine would have written them.
    const insertCase = async (kind: string, code: string, fields: Record<string, unknown>, events: [string, string, Record<string, unknown>, string?][]) => {
      const [{ id }] = await db.query(
        `INSERT INTO cases (code, kind, title, fields, unit_id, priority, state, state_detail, snapshot, machine_version, version, chain_head, opened_by, opened_at, updated_at)
         VALUES ($1, $2, $1, $3, $4, 'normal', 'verified', 'verified', '{"value":"verified","context":{}}', 1, $5, '', 'test', $6, $6) RETURNING id`,
        [code, kind, JSON.stringify(fields), units.scj, events.length, new Date(`${events[0][1]}+08:00`)],
      );
      for (const [i, [type, at, payload, fromState]] of events.entries()) {
        await db.query(
          `INSERT INTO case_events (case_id, seq, type, payload, from_state, to_state, actor_id, actor_role, actor_unit_id, machine_version, correlation_id, at, prev_hash, hash, unit_id)
           VALUES ($1, $2, $3, $4, $5, 'x', 'test', 'test', NULL, 1, 'fixture', $6, 'p', 'h', $7)`,
          [id, i + 1, type, JSON.stringify(payload), fromState ?? null, new Date(`${at}+08:00`), units.scj],
        );
      }
    };
    await insertCase('rectification', 'ZG-FIX-1', { source: '自查', dueAt: '2026-10-31T16:00:00.000Z' }, [
      ['OPENED', '2026-09-28T09:00:00', {}],
      ['ASSIGN', '2026-09-28T10:00:00', { unitId: units.scj }],
      ['ACCEPT', '2026-09-29T10:00:00', {}],
      ['SUBMIT_REPORT', '2026-10-09T09:00:00', {}],
      ['VERIFY_PASS', '2026-10-09T10:00:00', {}],
    ]);
    await insertCase('hotline', 'RX-FIX-1', {}, [
      ['OPENED', '2026-10-12T09:00:00', {}],
      ['ASSIGN', '2026-10-12T09:05:00', { unitId: units.scj }],
      ['ACCEPT', '2026-10-12T10:00:00', {}],
      ['SUSPEND', '2026-10-12T11:00:00', { reason: '等待现场勘查' }],
      ['RESUME', '2026-10-13T11:00:00', {}],
      ['SLA_BREACHED', '2026-10-20T00:00:00', { timerId: '1', dueAt: '2026-10-19T16:00:00.000Z' }, 'rectifying.inProgress'],
      ['REPLY', '2026-10-21T10:00:00', { answer: '已处理' }],
      ['CALLBACK', '2026-10-22T10:00:00', { satisfaction: 'basically_satisfied' }],
    ]);
    const rect = await report('inspector', 'kind=rectification&from=2026-10-01&to=2026-11-01');
    // 09-29 → 10-09: 09-30, 10-08 and 10-09 are working days (10-01 to 10-07 is the holiday).
    expect(row(rect, 'scj').figures.duration).toMatchObject({ count: 1, mean: 3, median: 3 });
    expect(row(rect, 'scj').figures.onTime).toMatchObject({ numerator: 1, denominator: 1 });
    const hotline = await report('inspector', 'kind=hotline&from=2026-10-01&to=2026-11-01');
    const scj = row(hotline, 'scj').figures;
    expect(scj.signedOnTime).toMatchObject({ numerator: 1, denominator: 1 });
    expect(scj.repliedOnTime).toMatchObject({ numerator: 0, denominator: 1 });
    expect(scj.satisfied).toMatchObject({ numerator: 1, denominator: 1 });
    expect(scj.basicallySatisfied).toMatchObject({ numerator: 1, denominator: 1 });
    expect(scj.redone).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('writes on every audit event the unit a recount of the trail gives: its last assignment, else the unit it was opened for', async () => {
    const [{ n }] = await t.app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM case_events e
       WHERE e.correlation_id <> 'fixture' AND e.unit_id IS DISTINCT FROM COALESCE(
         (SELECT (a.payload->>'unitId')::uuid FROM case_events a WHERE a.case_id = e.case_id AND a.type = 'ASSIGN' AND a.payload ? 'unitId' AND a.seq <= e.seq ORDER BY a.seq DESC LIMIT 1),
         (SELECT (o.payload->>'unitId')::uuid FROM case_events o WHERE o.case_id = e.case_id AND o.seq = 1))`,
    );
    expect(n).toBe(0);
    expect((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM case_events`))[0].n).toBeGreaterThan(50);
  });

  it('refuses a bad period, kind or token with 400 naming the field', async () => {
    const { auth } = await sessions.as('inspector');
    const cases: [string, string][] = [
      [`kind=hotline&from=${tomorrow}&to=${today}`, 'to'],
      [`kind=hotline&from=2026-02-30&to=${today}`, 'from'],
      [`kind=other&from=${today}&to=${tomorrow}`, 'kind'],
      [`kind=hotline&from=2020-01-01&to=2026-01-01`, 'to'],
    ];
    for (const [query, field] of cases) {
      const res = await t.http().get(`/api/reports/units?${query}`).set(auth);
      expect([query, res.status, res.body.errors?.[0]?.field]).toEqual([query, 400, field]);
    }
    const bad = await t.http().get('/api/cases?reportCell=not-a-token').set(auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'reportCell', code: 'invalid_format' });
  });
});
