import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { TimerSweeper } from '@app/escalation';
import { ARTIFACTS, expectAccessible, startConsole, type Console } from './console-harness';

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const parts = (ms: number) => Object.fromEntries(SHANGHAI.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
const beijing = (iso: string) => {
  const p = parts(Date.parse(iso));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};
/** A deadline as people read it: the end of a day is that day's 24:00. */
const beijingDeadline = (iso: string) => {
  const p = parts(Date.parse(iso));
  if (p.hour !== '00' || p.minute !== '00') return beijing(iso);
  const d = parts(Date.parse(iso) - 60_000);
  return `${d.year}-${d.month}-${d.day} 24:00`;
};

/** A UTC instant as the API writes it (what a reader must never see). */
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Payload keys of every event type, system events included: none may show up as a label. */
const RAW_KEYS = /\b(timerId|dueAt|deadline|previousDueAt|requestedDueAt|warnAt|previousWarnAt|calendarYear|calendarComplete|timers|level|caseId|code|state|unitId|assigneeId|reason|comment|answer|satisfaction|callerCommitments)\b/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ladder = (l2: string, l3: string) => [
  { level: 1, after: '0s' },
  { level: 2, after: l2 },
  { level: 3, after: l3 },
];

describe('the day’s work in the console: words, times, names, callers, returns, context, print, notices (chromium)', () => {
  let c: Console;
  let units: Record<string, string>;
  let sweeper: TimerSweeper;
  let ds: DataSource;
  let defaultRules: unknown[];

  beforeAll(async () => {
    c = await startConsole();
    units = await c.driver.units();
    sweeper = c.t.app.get(TimerSweeper);
    ds = c.t.app.get(DataSource);
    defaultRules = (await c.t.http().get('/api/sla-policies').set(await auth('admin'))).body.rules;
  });

  afterEach(async () => {
    await c.closeBrowsers();
  });

  afterAll(async () => {
    await c?.close();
  });

  async function auth(user: string) {
    return (await c.sessions.as(user)).auth;
  }

  async function publish(rules: unknown[]) {
    const res = await c.t.http().put('/api/sla-policies').set(await auth('admin')).send({ rules });
    expect(res.status).toBe(200);
  }

  const getCase = async (id: string) => (await c.t.http().get(`/api/cases/${id}`).set(await auth('inspector'))).body;

  async function sweepUntil(done: () => Promise<boolean>, timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > until) throw new Error('timed out sweeping');
      await sweeper.sweepOnce();
      await sleep(150);
    }
  }

  /** The trail's items on a case page: type and the text of its details. */
  async function trailOf(page: Page): Promise<{ type: string; event: string; details: string }[]> {
    await page.locator('.timeline-item').first().waitFor();
    return page.locator('.timeline-item').evaluateAll((items) =>
      items.map((li) => ({
        type: li.getAttribute('data-event-type') ?? '',
        event: li.querySelector('.timeline-event')?.textContent ?? '',
        // The colon after each name is drawn by CSS: joined here as a reader sees it.
        details: [...li.querySelectorAll('.timeline-details > div')].map((d) => `${d.querySelector('dt')?.textContent}：${d.querySelector('dd')?.textContent}`).join('；'),
      })),
    );
  }

  function expectInWords(text: string) {
    expect(text).not.toMatch(ISO_INSTANT);
    expect(text).not.toMatch(RAW_KEYS);
  }

  it('names every field of the trail, the audit table and the CSV in Chinese, in Beijing time, system events included', async () => {
    // 预警 → 超期 → 催办 → 督办 → 问责 while waiting to be signed for, and again once signed for (关联案件再次升级).
    await publish([
      { kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '3s', warnBefore: '2s', escalation: ladder('1s', '2s') },
      { kind: 'hotline', priority: 'normal', state: 'rectifying.inProgress', deadline: '1s', escalation: ladder('1s', '2s') },
    ]);
    const order = await c.driver.openHotline({ title: '轨迹文字测试：路灯不亮' });
    await c.driver.must('agent', order.id, { type: 'ASSIGN', unitId: units.zjj, comment: '请尽快处理' });
    await sweepUntil(async () => (await getCase(order.id)).escalationLevel === 3);
    await c.driver.must('officer.zjj', order.id, { type: 'ACCEPT', comment: '已签收' });
    await sweepUntil(async () => (await getCase(order.id)).escalationLevel === 3);
    const accountabilityId = (await getCase(order.id)).openAccountability.id as string;

    // 期限重算: a deadline counted into next year without its calendar moves when the year is loaded.
    await publish([{ kind: 'hotline', priority: 'normal', state: 'assigned', deadline: '300wd', warnBefore: '5wd', escalation: [] }]);
    const later = await c.driver.openHotline({ title: '轨迹文字测试：期限重算' });
    const assigned = await c.driver.must('agent', later.id, { type: 'ASSIGN', unitId: units.zjj });
    const year = Number(beijingDeadline(assigned.dueAt).slice(0, 4));
    let dayOff = new Date(`${year}-01-04T12:00:00+08:00`);
    while ([0, 6].includes(dayOff.getUTCDay())) dayOff = new Date(dayOff.getTime() + 86_400_000);
    const loaded = await c.t.http().put(`/api/calendar/${year}`).set(await auth('admin')).send({ holidays: [beijing(dayOff.toISOString()).slice(0, 10)], workdays: [] });
    expect(loaded.status).toBe(200);
    expect(loaded.body.replanned.cases).toBeGreaterThanOrEqual(1);
    await publish(defaultRules);

    // 延期: the approved extension records the old deadline and the one asked for.
    const item = await c.driver.openRectification({ title: '轨迹文字测试：延期', dueAt: '2031-06-30' });
    await c.driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj });
    await c.driver.must('officer.zjj', item.id, { type: 'ACCEPT' });
    await c.driver.must('officer.zjj', item.id, { type: 'REQUEST_EXTENSION', dueAt: '2031-12-31', reason: '需协调市级部门' });
    await c.driver.must('supervisor', item.id, { type: 'APPROVE_EXTENSION', reason: '同意' });

    const page = await c.openBrowser();
    await c.signIn(page, 'inspector', `/#/cases/${order.id}`);
    const trail = await trailOf(page);
    const types = trail.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['OPENED', 'ASSIGN', 'SLA_WARNING', 'SLA_BREACHED', 'ESCALATE', 'ACCEPT']));
    for (const e of trail) expectInWords(e.details);
    // A 12345 order is 登记ed and 派单ed, not 立案ed or 交办/派单ed.
    expect(trail.find((e) => e.type === 'OPENED')!.event).toBe('登记');
    expect(trail.find((e) => e.type === 'ASSIGN')!.event).toBe('派单');
    const events = await c.driver.timeline('auditor', order.id);
    const warning = events.find((e) => e.type === 'SLA_WARNING')!;
    const warned = trail.find((e) => e.type === 'SLA_WARNING')!.details;
    expect(warned).toContain(`预警时间：${beijing(warning.payload.dueAt)}`);
    expect(warned).toContain(`期限：${beijingDeadline(warning.payload.deadline)}`);
    const breached = events.find((e) => e.type === 'SLA_BREACHED')!;
    expect(trail.find((e) => e.type === 'SLA_BREACHED')!.details).toContain(`期限：${beijingDeadline(breached.payload.dueAt)}`);
    expect(trail.filter((e) => e.type === 'ESCALATE').map((e) => e.details)).toEqual(expect.arrayContaining(['升级级别：催办', '升级级别：督办', '升级级别：问责']));
    await page.screenshot({ path: path.join(ARTIFACTS, 'trail-system-events.png'), fullPage: true });

    await page.goto(`${c.baseUrl}/#/cases/${accountabilityId}`);
    await page.getByTestId('case-state').waitFor();
    const linked = (await trailOf(page)).find((e) => e.type === 'LINKED_ESCALATION')!;
    expect(linked.details).toContain(`案件编号：${order.code}`);
    expect(linked.details).toContain('所处环节：办理中');
    expect(linked.details).toContain('升级级别：问责');
    expectInWords(linked.details);

    await page.goto(`${c.baseUrl}/#/cases/${later.id}`);
    await page.getByTestId('case-state').waitFor();
    const replanned = (await trailOf(page)).find((e) => e.type === 'DEADLINE_REPLANNED')!;
    const replan = (await c.driver.timeline('auditor', later.id)).find((e) => e.type === 'DEADLINE_REPLANNED')!;
    expect(replanned.details).toContain(`原期限：${beijingDeadline(replan.payload.previousDueAt)}`);
    expect(replanned.details).toContain(`新期限：${beijingDeadline(replan.payload.dueAt)}`);
    expect(replanned.details).toContain(`日历年度：${year} 年`);
    expect(replanned.details).toMatch(/重算的计时器：\d+ 个/);
    expect(replanned.details).toContain('原预警时间：');
    expectInWords(replanned.details);

    await page.goto(`${c.baseUrl}/#/cases/${item.id}`);
    await page.getByTestId('case-state').waitFor();
    const itemTrail = await trailOf(page);
    expect(itemTrail.find((e) => e.type === 'OPENED')!.event).toBe('登记');
    expect(itemTrail.find((e) => e.type === 'ASSIGN')!.event).toBe('交办');
    const approval = itemTrail.find((e) => e.type === 'APPROVE_EXTENSION')!.details;
    expect(approval).toContain('延期至：2031-12-31 24:00');
    expect(approval).toContain('原期限：2031-06-30 24:00');
    for (const e of itemTrail) expectInWords(e.details);

    // The auditor's search and its CSV say the same in the same words.
    const auditor = await c.openBrowser();
    await c.signIn(auditor, 'auditor');
    await auditor.getByLabel('案件编号').fill(order.code);
    await auditor.getByRole('button', { name: '查询' }).click();
    const rows = auditor.locator('.audit-table tbody tr');
    await auditor.waitForFunction((n) => document.querySelectorAll('.audit-table tbody tr').length === n, events.length);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => ({ time: tr.children[0].textContent ?? '', event: tr.children[3].textContent ?? '', content: tr.children[6].textContent ?? '' })));
    for (const row of cells) {
      expectInWords(row.content);
      expect(row.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    }
    expect(cells.map((r) => r.event)).toEqual(expect.arrayContaining(['登记', '派单', '预警', '超期']));
    expect(cells.map((r) => r.time)).toContain(beijing(warning.at));
    await expectAccessible(auditor, { include: '#main' });

    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByRole('button', { name: /导出 CSV/ }).click()]);
    const file = path.join(ARTIFACTS, 'audit-export-words.csv');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const [header] = text.split(/\r?\n/);
    expect(header).toMatch(/[\u4e00-\u9fff]/);
    expect(header).not.toMatch(/[A-Za-z]{3,}/);
    expect(text).not.toMatch(ISO_INSTANT);
    expect(text).toContain(beijing(warning.at));
    expect(text).toContain(`预警时间：${beijing(warning.payload.dueAt)}`);
    expect(text).not.toMatch(/\b(timerId|previousDueAt|deadline)\b/);
  });

  it('says how long an overdue case is late (never 今日到期) and when a closed one was finished (never 未设期限 未计时)', async () => {
    const marker = `期限措辞${Date.now()}`;
    const hours = await c.driver.openRectification({ title: `${marker} 超期两小时`, dueAt: '2031-06-30' });
    const days = await c.driver.openRectification({ title: `${marker} 超期多日`, dueAt: '2031-06-30' });
    const closed = await c.driver.openRectification({ title: `${marker} 已办结`, dueAt: '2031-06-30' });
    for (const x of [hours, days, closed]) {
      await c.driver.must('inspector', x.id, { type: 'ASSIGN', unitId: units.zjj });
      await c.driver.must('officer.zjj', x.id, { type: 'ACCEPT' });
    }
    await ds.query(`UPDATE cases SET due_at = now() - interval '2 hours 10 minutes', warn_at = NULL WHERE id = $1`, [hours.id]);
    await ds.query(`UPDATE cases SET due_at = now() - interval '12 days', warn_at = NULL WHERE id = $1`, [days.id]);
    await c.driver.must('officer.zjj', closed.id, { type: 'SUBMIT_REPORT', summary: '已整改完毕' });
    await c.driver.must('inspector', closed.id, { type: 'VERIFY_PASS' });
    const done = await c.driver.must('supervisor', closed.id, { type: 'APPROVE_CLOSURE' });
    const lateDays = -(await getCase(days.id)).workdaysLeft;
    expect(lateDays).toBeGreaterThanOrEqual(3);

    const page = await c.openBrowser();
    await c.signIn(page, 'inspector', `/#/inbox?tab=all&text=${encodeURIComponent(marker)}`);
    const row = (x: Record<string, any>) => page.locator(`tr[data-case-code="${x.code}"] td[data-label="期限"]`);
    await row(closed).waitFor();
    await row(hours).waitFor();
    expect(await row(hours).textContent()).toContain('已超期 2 小时');
    expect(await row(days).textContent()).toContain(`已超期 ${lateDays} 个工作日`);
    const closedCell = await row(closed).textContent();
    expect(closedCell).toContain(`已办结（${beijing(done.closedAt)}）`);
    expect(closedCell).not.toContain('未设期限');
    expect(closedCell).not.toContain('未计时');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-overdue-closed.png'), fullPage: true });

    await page.locator(`tr[data-case-code="${hours.code}"]`).getByRole('link', { name: hours.code }).click();
    const status = page.getByTestId('deadline-status');
    await status.waitFor();
    expect(await status.textContent()).toBe('已超期 2 小时');
    const deadline = await page.locator('.deadline').textContent();
    expect(deadline).not.toContain('剩余时间');
    expect(deadline).not.toContain('今日到期');
    expect(deadline).toContain('超期');
  });

  it('gives a case to a 承办人 picked by name from the unit’s people, and names them on the case page', async () => {
    const item = await c.driver.openRectification({ title: '承办人选择测试' });
    const people = (await c.t.http().get(`/api/units/${units.zjj}/users`).set(await auth('inspector')).expect(200)).body.items;
    const officerId = (await c.sessions.as('officer.zjj')).user.id;
    const officer = people.find((p: { id: string }) => p.id === officerId);

    const page = await c.openBrowser();
    await c.signIn(page, 'inspector', `/#/cases/${item.id}`);
    await page.getByRole('button', { name: '交办', exact: true }).click();
    const form = page.locator('form[data-event="ASSIGN"]');
    const picker = form.getByLabel('承办人');
    await picker.locator(`option[value="${officer.id}"]`).waitFor({ state: 'attached' });
    expect(await picker.locator('option').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('住建局联络员')]));
    expect(await form.textContent()).not.toContain('用户 ID');
    await picker.selectOption({ value: officer.id });
    await expectAccessible(page, { include: 'form[data-event="ASSIGN"]' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'assignee-picker.png'), fullPage: true });
    await page.getByRole('button', { name: '确认交办' }).click();
    await page.locator('.alert-success').filter({ hasText: '已完成“交办”' }).waitFor();
    expect(await page.getByTestId('case-assignee').textContent()).toBe('住建局联络员');
    expect((await getCase(item.id)).assigneeId).toBe(officer.id);
    const assign = (await trailOf(page)).find((e) => e.type === 'ASSIGN')!;
    expect(assign.details).toContain('承办人：住建局联络员');

    // A 400 naming a field puts the cursor in that field.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '新建热线工单' }).click();
    await page.getByLabel('标题').fill('错误定位测试');
    await page.getByLabel('诉求类型').selectOption('投诉');
    await page.getByLabel('来电人').fill('王五');
    await page.getByLabel('联系电话').fill('不是电话');
    await page.getByLabel('诉求内容').fill('测试内容');
    expect(await page.locator('form').textContent()).not.toContain('仅办理人员可见完整号码');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/cases') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交登记' }).click();
    expect((await refused).status()).toBe(400);
    await page.waitForFunction(() => document.activeElement?.id === 'new-callerPhone');
    expect(await page.locator('#new-callerPhone').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the caller’s full number to the handling unit’s officer only, records each view, and keeps it nowhere', async () => {
    const order = await c.driver.openHotline({ title: '来电号码查看测试', callerName: '欧阳明', callerPhone: '13912348765' });
    await c.driver.must('agent', order.id, { type: 'ASSIGN', unitId: units['zjj-cj'] });

    const officer = await c.openBrowser();
    await c.signIn(officer, 'officer.zjj', `/#/cases/${order.id}`);
    await officer.getByText('139****8765').waitFor();
    await officer.getByRole('button', { name: '查看完整号码' }).click();
    const shown = officer.getByTestId('caller-reveal');
    await shown.getByText('此次查看已记录').waitFor();
    expect(await shown.textContent()).toContain('欧阳明');
    expect(await shown.getByRole('link', { name: '13912348765' }).getAttribute('href')).toBe('tel:13912348765');
    await expectAccessible(officer, { include: '[data-testid="caller-reveal"]' });
    await officer.screenshot({ path: path.join(ARTIFACTS, 'caller-revealed.png'), fullPage: true });
    // Not kept: a reload shows the masked number and the button again, and nothing was stored.
    await officer.reload();
    await officer.getByRole('button', { name: '查看完整号码' }).waitFor();
    expect(await officer.locator('body').textContent()).not.toContain('13912348765');
    const stored = await officer.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain('13912348765');

    // The hotline agent and the inspector see the number on the page already: no button for them.
    const agent = await c.openBrowser();
    await c.signIn(agent, 'agent', `/#/cases/${order.id}`);
    await agent.getByText('13912348765').waitFor();
    expect(await agent.getByRole('button', { name: '查看完整号码' }).count()).toBe(0);

    // Once answered it is the hotline's call back, not the unit's.
    await c.driver.must('officer.zjj', order.id, { type: 'ACCEPT' });
    await c.driver.must('officer.zjj', order.id, { type: 'REPLY', answer: '已修复' });
    await officer.reload();
    await officer.getByTestId('case-state').filter({ hasText: '待回访' }).waitFor();
    expect(await officer.getByRole('button', { name: '查看完整号码' }).count()).toBe(0);

    const views = await c.t.http().get('/api/audit?scope=admin&type=PERSONAL_DATA_VIEWED').set(await auth('auditor')).expect(200);
    const mine = views.body.items.filter((e: { subjectId: string }) => e.subjectId === order.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ actorName: '住建局联络员', after: { caseCode: order.code } });
  });

  it('puts 被退回 and its reason at the top of a returned order, lists it under 被退回, and shows the date an extension asks for', async () => {
    const order = await c.driver.openHotline({ title: '退回测试：非本单位职责' });
    await c.driver.must('agent', order.id, { type: 'ASSIGN', unitId: units.zjj });
    await c.driver.must('officer.zjj', order.id, { type: 'RETURN', reason: '属供电公司职责，请改派' });

    const agent = await c.openBrowser();
    const asked: string[] = [];
    agent.on('request', (r) => r.url().includes('/api/cases') && asked.push(r.url()));
    await c.signIn(agent, 'agent');
    const tab = agent.getByRole('navigation', { name: '待办分类' }).getByRole('link', { name: /^被退回/ });
    await tab.click();
    const row = agent.locator(`tr[data-case-code="${order.code}"]`);
    await row.waitFor();
    await agent.waitForFunction(() => document.querySelector('.tabs a[aria-current="page"] .tab-count')?.getAttribute('data-count') !== null);
    const listed = await agent.locator('tbody tr[data-case-code]').count();
    expect(await agent.locator('.tabs a[aria-current="page"] .tab-count').getAttribute('data-count')).toBe(String(listed));
    const others = await agent.locator('tbody tr[data-case-code]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-code')));
    expect(others).toContain(order.code);
    // The queue is the API's filter (returned=true), counted by the API with the same filter.
    expect(decodeURIComponent(agent.url())).toContain('#/inbox?tab=returned-hotline');
    expect(asked.some((u) => u.includes('/api/cases?') && u.includes('returned=true') && u.includes('kind=hotline'))).toBe(true);
    expect(asked.some((u) => u.includes('/api/cases/count?') && u.includes('returned=true'))).toBe(true);
    await expectAccessible(agent, { include: '#main' });
    await expectAccessible(agent, { include: '.topbar' });
    await agent.screenshot({ path: path.join(ARTIFACTS, 'inbox-returned-agent.png'), fullPage: true });

    await row.getByRole('link', { name: order.code }).click();
    const notice = agent.getByTestId('returned-notice');
    await notice.getByText('属供电公司职责，请改派').waitFor();
    expect(await notice.textContent()).toContain('被退回');
    expect(await notice.textContent()).toContain('待重新派单');
    // At the top: before the actions and the fields, not only at the end of the trail.
    const order_ = await agent.evaluate(() => {
      const notice = document.querySelector('[data-testid="returned-notice"]')!;
      return ['.actions', '.case-grid'].map((s) => Boolean(notice.compareDocumentPosition(document.querySelector(s)!) & Node.DOCUMENT_POSITION_FOLLOWING));
    });
    expect(order_).toEqual([true, true]);
    await expectAccessible(agent, { include: '[data-testid="returned-notice"]' });
    await agent.screenshot({ path: path.join(ARTIFACTS, 'case-returned.png'), fullPage: true });

    const inspector = await c.openBrowser();
    await c.signIn(inspector, 'inspector', '/#/inbox?tab=returned');
    await inspector.locator(`tr[data-case-code="${order.code}"]`).waitFor();

    // 批准延期 shows the date asked for.
    const item = await c.driver.openRectification({ title: '延期审批测试', dueAt: '2031-06-30' });
    await c.driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj });
    await c.driver.must('officer.zjj', item.id, { type: 'ACCEPT' });
    await c.driver.must('officer.zjj', item.id, { type: 'REQUEST_EXTENSION', dueAt: '2031-09-30', reason: '需等待汛期结束' });
    const supervisor = await c.openBrowser();
    await c.signIn(supervisor, 'supervisor', `/#/cases/${item.id}`);
    await supervisor.getByRole('button', { name: '批准延期', exact: true }).click();
    const request = supervisor.locator('form[data-event="APPROVE_EXTENSION"]').getByTestId('extension-request');
    await request.waitFor();
    expect(await request.textContent()).toContain('申请延期至 2031-09-30 24:00');
    expect(await request.textContent()).toContain('当前期限 2031-06-30 24:00');
    expect(await request.textContent()).toContain('需等待汛期结束');
  });

  it('keeps the inbox tab, filter and loaded pages in the URL: Back and ← 返回待办 restore them', async () => {
    const marker = `上下文${Date.now()}`;
    for (let i = 0; i < 35; i += 7) {
      await Promise.all(Array.from({ length: Math.min(7, 35 - i) }, (_, j) => c.driver.openRectification({ title: `${marker} 第${i + j + 1}项` })));
    }
    const page = await c.openBrowser();
    await c.signIn(page, 'inspector');
    await page.getByRole('navigation', { name: '待办分类' }).getByRole('link', { name: /^待交办/ }).click();
    await page.getByLabel('关键字').fill(marker);
    await page.getByRole('button', { name: '查询' }).click();
    const rows = () => page.locator('tbody tr[data-case-code]').count();
    await page.waitForFunction((m) => [...document.querySelectorAll('tbody tr[data-case-code]')].length === 30 && document.body.textContent!.includes(m), marker);
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.getByText('已显示 35 件，共 35 件').waitFor();
    expect(decodeURIComponent(page.url())).toContain(`#/inbox?tab=to-assign&text=${marker}&pages=2`);

    const last = page.locator('tbody tr[data-case-code]').last();
    const code = (await last.getAttribute('data-case-code'))!;
    await last.getByRole('link', { name: code }).click();
    await page.getByTestId('case-state').waitFor();
    await page.goBack();
    await page.getByText('已显示 35 件，共 35 件').waitFor();
    expect(await page.locator('.tabs a[aria-current="page"]').getAttribute('data-tab')).toBe('to-assign');
    expect(await page.getByLabel('关键字').inputValue()).toBe(marker);
    expect(await rows()).toBe(35);

    await page.locator(`tr[data-case-code="${code}"]`).getByRole('link', { name: code }).click();
    await page.getByRole('link', { name: '← 返回待办' }).click();
    await page.getByText('已显示 35 件，共 35 件').waitFor();
    expect(await page.locator('.tabs a[aria-current="page"]').getAttribute('data-tab')).toBe('to-assign');
    expect(await page.getByLabel('关键字').inputValue()).toBe(marker);

    // A reload of the inbox URL comes back to the same place too.
    await page.reload();
    await page.getByText('已显示 35 件，共 35 件').waitFor();
  });

  it('keeps the session in a new tab and after a reload until it expires, and signing out clears it in every tab', async () => {
    const page = await c.openBrowser();
    await c.signIn(page, 'inspector', '/#/inbox?tab=overdue');
    const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('rectify.session'))) ?? '{}');
    expect(stored.user.username).toBe('inspector');
    expect(stored.expiresAt).toBeGreaterThan(Date.now());
    expect(await page.evaluate(() => sessionStorage.getItem('rectify.session'))).toBeNull();

    const second = await page.context().newPage();
    await second.goto(`${c.baseUrl}/#/inbox`);
    await second.getByRole('button', { name: '退出登录' }).waitFor();
    await second.reload();
    await second.getByRole('heading', { name: '我的待办' }).waitFor();
    expect(await second.getByLabel('用户名').count()).toBe(0);

    await second.getByRole('button', { name: '退出登录' }).click();
    await second.getByText('您已退出登录。').waitFor();
    // The first tab follows: signed out, nothing of the session left.
    await page.getByLabel('用户名').waitFor();
    await page.getByText('您已在本浏览器的其他窗口退出登录。').waitFor();
    const left = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
    expect(left.local['rectify.session']).toBeUndefined();
    expect(left.session['rectify.inbox']).toBeUndefined();

    // The next person at the PC starts from nothing: ← 返回待办 does not lead to the last person's tab.
    await c.signIn(page, 'officer.zjj', '/#/inbox');
    expect(await page.evaluate(() => sessionStorage.getItem('rectify.inbox'))).toBe('/inbox');

    // An expired session is not used: the login page, and the stale entry removed.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('rectify.session')!);
      localStorage.setItem('rectify.session', JSON.stringify({ ...s, expiresAt: Date.now() - 1000 }));
    });
    await page.reload();
    await page.getByLabel('用户名').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('rectify.session'))).toBeNull();
  });

  it('prints the case as an A4 案件办理单: no navigation or buttons, the trail as a table, signatures and the last hash', async () => {
    const item = await c.driver.openRectification({ title: '打印办理单测试', dueAt: '2031-06-30' });
    await c.driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj, comment: '请按期整改' });
    await c.driver.must('officer.zjj', item.id, { type: 'ACCEPT' });
    await c.driver.must('officer.zjj', item.id, { type: 'SUBMIT_REPORT', summary: '已完成整改' });
    const trail = await c.driver.timeline('auditor', item.id);

    const page = await c.openBrowser();
    await c.signIn(page, 'auditor', `/#/cases/${item.id}`);
    await page.getByText('当前环节您没有可执行的操作。').waitFor();
    await page.getByRole('button', { name: '打印办理单' }).waitFor();
    await page.locator('.timeline-item').nth(trail.length - 1).waitFor();
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.topbar', '.breadcrumb', '.actions', '.chain-check', '.timeline-panel', '.case-diagram']) {
      expect(await page.locator(hidden).first().isVisible()).toBe(false);
    }
    for (const text of ['退出登录', '验证链', '打印办理单']) expect(await page.getByRole('button', { name: text }).first().isVisible()).toBe(false);
    expect(await page.getByText('当前环节您没有可执行的操作。').isVisible()).toBe(false);
    await page.getByTestId('print-heading').getByText('案件办理单').waitFor({ state: 'visible' });
    expect(await page.getByTestId('print-heading').textContent()).toContain(item.code);
    const table = page.locator('.print-table');
    expect(await table.isVisible()).toBe(true);
    expect(await table.locator('tbody tr').count()).toBe(trail.length);
    expect(await table.locator('tbody tr').nth(1).textContent()).toContain('交办');
    for (const label of ['经办人', '审核人', '日期']) expect(await page.locator('.print-signatures').getByText(label).isVisible()).toBe(true);
    const footer = await page.getByTestId('print-footer').textContent();
    expect(footer).toContain(trail[trail.length - 1].hash);
    expect(footer).toMatch(/打印时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'case-print.png'), fullPage: true });
    await page.pdf({ path: path.join(ARTIFACTS, 'case-print.pdf'), format: 'A4', printBackground: false });
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.topbar').isVisible()).toBe(true);
    expect(await table.isVisible()).toBe(false);
  });

  it('tells each person of their own notices only, counts the unread in the header and marks them read', async () => {
    const officer = await c.openBrowser();
    const item = await c.driver.openRectification({ title: '通知测试：交办到住建局' });
    await c.driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj });

    await c.signIn(officer, 'officer.zjj');
    const bell = officer.getByTestId('notice-bell');
    await officer.waitForFunction(() => Number(document.querySelector('[data-testid="notice-bell"]')?.getAttribute('data-unread') ?? 0) > 0);
    const before = Number(await bell.getAttribute('data-unread'));
    await bell.click();
    const entry = officer.locator(`.notice-item[data-case-code="${item.code}"]`);
    await entry.waitFor();
    expect(await entry.getAttribute('data-notice-kind')).toBe('assigned');
    expect(await entry.textContent()).toContain('交办到本单位');
    expect(await entry.getAttribute('data-read')).toBe('false');
    await expectAccessible(officer, { include: '#main' });
    await officer.screenshot({ path: path.join(ARTIFACTS, 'notices-officer.png'), fullPage: true });
    await entry.getByRole('button', { name: /标为已读/ }).click();
    await officer.waitForFunction((n) => Number(document.querySelector('[data-testid="notice-bell"]')?.getAttribute('data-unread')) === n, before - 1);
    expect(await entry.getAttribute('data-read')).toBe('true');

    // Another unit's officer hears nothing of it.
    const other = await c.openBrowser();
    await c.signIn(other, 'officer.scj', '/#/notices');
    await other.getByRole('heading', { name: '通知' }).waitFor();
    await other.waitForFunction(() => !document.querySelector('.list-foot')?.textContent?.includes('正在加载'));
    expect(await other.locator(`.notice-item[data-case-code="${item.code}"]`).count()).toBe(0);

    // The count follows new work when the tab is shown again, without a reload.
    const next = await c.driver.openRectification({ title: '通知测试：再次交办' });
    const now = Number(await bell.getAttribute('data-unread'));
    await c.driver.must('inspector', next.id, { type: 'ASSIGN', unitId: units.zjj });
    await sleep(2_100);
    await officer.evaluate(() => window.dispatchEvent(new Event('focus')));
    await officer.waitForFunction((n) => Number(document.querySelector('[data-testid="notice-bell"]')?.getAttribute('data-unread')) === n, now + 1);
  });

  it('exports the whole audit result as CSV, more rows than the page has loaded', async () => {
    const marker = `导出全部${Date.now()}`;
    const opened = [];
    for (let i = 0; i < 60; i += 10) opened.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => c.driver.openRectification({ title: `${marker} ${i + j}` })))));
    const supervisorId = (await c.sessions.as('supervisor')).user.id;
    for (const x of opened) await c.driver.must('supervisor', x.id, { type: 'ASSIGN', unitId: units.scj });
    const expected = (await c.t.http().get(`/api/audit?actorId=${supervisorId}&type=ASSIGN&limit=100`).set(await auth('auditor'))).body.items.length;
    expect(expected).toBeGreaterThanOrEqual(60);

    const page = await c.openBrowser();
    await c.signIn(page, 'auditor');
    await page.getByLabel('操作人', { exact: true }).fill('纪委分管领导');
    await page.getByLabel('事件').selectOption('ASSIGN');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.audit-table tbody tr').length === 50);
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(1);
    // The table names the person as the search found them (display name, and login name where the API gives it).
    expect(await page.locator('.audit-table tbody tr').first().locator('td[data-label="操作人"]').textContent()).toContain('纪委分管领导');

    const asked = page.waitForRequest((r) => r.url().includes('/api/audit/export.csv'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()]);
    const request = await asked;
    expect(request.headers().authorization).toMatch(/^Bearer /);
    expect(decodeURIComponent(request.url())).toContain('actor=纪委分管领导');
    expect(request.url()).toContain('type=ASSIGN');
    const file = path.join(ARTIFACTS, 'audit-export-all.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(expected);
    for (const x of opened) expect(lines.some((l) => l.includes(x.code))).toBe(true);
    expect(await page.getByTestId('export-result').textContent()).toMatch(/^已导出全部查询结果（[\d.]+ (B|KB|MB)）$/);
  });
});
