import path from 'node:path';
import type { Page } from 'playwright-core';
import { connect, type Sql } from '../support/trail';
import { ARTIFACTS, expectAccessible, startConsole, type Console } from './console-harness';

type UnitNode = { id: string; code: string; name: string; parentId: string | null; active?: boolean; children: UnitNode[] };
type Account = { id: string; username: string; displayName: string; unitId: string; roles: string[]; active: boolean };

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

/** A deadline as people read it in Beijing time: the end of a day is that day's 24:00. */
function beijingDeadline(iso: string): string {
  const p = parts(Date.parse(iso));
  if (p.hour === '00' && p.minute === '00') {
    const d = parts(Date.parse(iso) - 60_000);
    return `${d.year}-${d.month}-${d.day} 24:00`;
  }
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The Beijing day a deadline falls on (24:00 belongs to the day it ends). */
const beijingDay = (iso: string) => beijingDeadline(iso).slice(0, 10);

describe('admin screens: 单位, 用户, 节假日, 计时器 (real API, real PostgreSQL, chromium)', () => {
  let c: Console;
  let su: { sql: Sql; close: () => Promise<void> };
  let units: Record<string, string>;

  beforeAll(async () => {
    c = await startConsole();
    su = await connect(c.t.database.url);
    units = await c.driver.units();
  });

  afterEach(async () => {
    await c.closeBrowsers();
  });

  afterAll(async () => {
    await su?.close();
    await c?.close();
  });

  const admin = async () => (await c.sessions.as('admin')).auth;

  async function tree(): Promise<UnitNode[]> {
    const flat = (nodes: UnitNode[]): UnitNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
    return flat((await c.t.http().get('/api/units').set(await admin()).expect(200)).body);
  }

  async function accounts(): Promise<Account[]> {
    return (await c.t.http().get('/api/users').set(await admin()).expect(200)).body.items;
  }

  async function login(username: string, password: string): Promise<{ status: number; token?: string }> {
    const res = await c.t.http().post('/api/auth/login').send({ username, password });
    return { status: res.status, token: res.body.accessToken };
  }

  const statusWith = async (token: string) => (await c.t.http().get('/api/cases?limit=1').set({ Authorization: `Bearer ${token}` })).status;

  async function openAdmin(link: string, heading: string): Promise<Page> {
    const page = await c.openBrowser();
    await c.signIn(page, 'admin');
    const group = page.getByRole('navigation', { name: '主导航' }).getByRole('group', { name: '系统管理' });
    await group.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    return page;
  }

  const editorOf = (page: Page, code: string) => page.getByTestId('unit-editor').locator('h2 .unit-code', { hasText: new RegExp(`^${code}$`) });
  const treeItem = (page: Page, code: string) => page.locator(`li[data-unit-code="${code}"]`).first();
  const pick = async (page: Page, code: string) => {
    await treeItem(page, code).locator('> .unit-pick').click();
    await editorOf(page, code).waitFor();
  };

  it('单位管理: creates, renames, moves, deactivates, reactivates and deletes a unit, and says in Chinese why the server refuses', async () => {
    const page = await openAdmin('单位', '单位管理');
    await treeItem(page, 'zjj-cj').waitFor();
    // The tree nests: 县住建局城建股 under 县住建局 under 某县.
    expect(await page.locator('li[data-unit-code="county"] li[data-unit-code="zjj"] li[data-unit-code="zjj-cj"]').count()).toBe(1);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-units-1366.png'), fullPage: true });

    // Create under 县住建局.
    await page.locator('#unit-new-parent').selectOption(units.zjj);
    await page.locator('#unit-new-name').fill('临时整改专班');
    await page.locator('#unit-new-code').fill('zjj-zb');
    await page.getByRole('button', { name: '新建单位' }).click();
    const notice = page.getByTestId('units-notice');
    await notice.filter({ hasText: '已新建单位“临时整改专班”（zjj-zb），上级单位：县住建局。' }).waitFor();
    expect(await notice.textContent()).toContain('管理操作');
    let created = (await tree()).find((u) => u.code === 'zjj-zb')!;
    expect(created).toMatchObject({ name: '临时整改专班', parentId: units.zjj });
    await treeItem(page, 'zjj').locator('li[data-unit-code="zjj-zb"]').waitFor();
    // The new unit is the one being edited.
    await editorOf(page, 'zjj-zb').waitFor();

    // A code another unit has is refused on its field, in Chinese.
    await page.locator('#unit-code').fill('scj');
    await page.getByRole('button', { name: '保存名称和代码' }).click();
    await page.locator('#unit-code-error').filter({ hasText: '单位代码已被其他单位使用，请换一个。' }).waitFor();
    expect(await page.locator('#unit-code').getAttribute('aria-invalid')).toBe('true');

    // Rename: name and code.
    await page.locator('#unit-name').fill('城建整改专班');
    await page.locator('#unit-code').fill('zjj-cjzb');
    await page.getByRole('button', { name: '保存名称和代码' }).click();
    await notice.filter({ hasText: '已修改单位：名称“临时整改专班”→“城建整改专班”；代码 zjj-zb → zjj-cjzb。' }).waitFor();
    created = (await tree()).find((u) => u.id === created.id)!;
    expect(created).toMatchObject({ code: 'zjj-cjzb', name: '城建整改专班' });

    // Move under 县市场监管局; the unit itself cannot be picked as its own parent.
    expect(await page.locator(`#unit-parent option[value="${created.id}"]`).isDisabled()).toBe(true);
    await page.locator('#unit-parent').selectOption(units.scj);
    await page.getByRole('button', { name: '移动', exact: true }).click();
    await notice.filter({ hasText: '已将“城建整改专班”从“县住建局”移到“县市场监管局”之下。' }).waitFor();
    expect((await tree()).find((u) => u.id === created.id)!.parentId).toBe(units.scj);
    await treeItem(page, 'scj').locator('li[data-unit-code="zjj-cjzb"]').waitFor();

    // Deactivate (asked first), shown greyed with 已停用; then reactivate.
    await page.getByRole('button', { name: '停用单位' }).click();
    const dialog = page.getByRole('dialog', { name: '停用单位“城建整改专班”？' });
    await dialog.waitFor();
    await expectAccessible(page, { include: 'dialog[open]' });
    await dialog.getByRole('button', { name: '确认停用' }).click();
    await notice.filter({ hasText: '已停用单位“城建整改专班”' }).waitFor();
    await treeItem(page, 'zjj-cjzb').locator('.badge-inactive').filter({ hasText: '已停用' }).waitFor();
    expect(await treeItem(page, 'zjj-cjzb').getAttribute('class')).toContain('unit-inactive');
    expect((await tree()).find((u) => u.id === created.id)!.active).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-units-inactive-1366.png'), fullPage: true });
    await page.getByRole('button', { name: '重新启用' }).click();
    await notice.filter({ hasText: '已重新启用单位“城建整改专班”。' }).waitFor();
    expect((await tree()).find((u) => u.id === created.id)!.active).toBe(true);

    // 县住建局 still has an active sub-unit and an active user: refused, with the server's reason in Chinese.
    await pick(page, 'zjj');
    expect(await page.locator(`#unit-parent option[value="${units['zjj-cj']}"]`).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '停用单位' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认停用' }).click();
    const refusal = page.getByTestId('unit-editor').getByRole('alert');
    await refusal.filter({ hasText: '不能停用' }).waitFor();
    expect(await refusal.textContent()).toMatch(/该单位还有 1 个启用中的下级单位、1 个启用中的用户，不能停用。/);
    expect((await tree()).find((u) => u.code === 'zjj')!.active).not.toBe(false);

    // A unit with users cannot be deleted; an empty one can.
    await pick(page, 'scj');
    await page.getByRole('button', { name: '删除单位' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认删除' }).click();
    await page.getByTestId('unit-editor').getByRole('alert').filter({ hasText: '不能删除' }).waitFor();
    expect(await page.getByTestId('unit-editor').getByRole('alert').textContent()).toContain('1 个下级单位、1 个用户');

    await pick(page, 'zjj-cjzb');
    await page.getByRole('button', { name: '删除单位' }).click();
    await page.getByRole('dialog', { name: '删除单位“城建整改专班”？' }).getByRole('button', { name: '确认删除' }).click();
    await notice.filter({ hasText: '已删除单位“城建整改专班”（zjj-cjzb）。' }).waitFor();
    expect((await tree()).some((u) => u.id === created.id)).toBe(false);
    expect(await treeItem(page, 'zjj-cjzb').count()).toBe(0);
  });

  it('用户管理: creates a user, filters, changes roles, resets the password and deactivates — each ending the old sessions', async () => {
    const page = await openAdmin('用户', '用户管理');
    const row = (username: string) => page.locator(`tr[data-username="${username}"]`);
    await row('officer.zjj').waitFor();
    expect(await row('officer.zjj').locator('td[data-column="roles"]').textContent()).toBe('责任单位联络员');
    await expectAccessible(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-users-1366.png'), fullPage: true });

    // Filters: by role, by unit (with its sub-units), by text.
    await page.getByLabel('角色', { exact: true }).selectOption('unit_officer');
    await page.getByTestId('users-count').filter({ hasText: '显示 2 个' }).waitFor();
    await page.getByLabel('账号或姓名').fill('zjj');
    await page.getByTestId('users-count').filter({ hasText: '显示 1 个' }).waitFor();
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.locator('#users-filter-unit').selectOption(units.jw);
    expect((await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-username')))).sort()).toEqual(['auditor', 'inspector', 'supervisor']);
    await page.getByRole('button', { name: '清除筛选' }).click();

    // Create: the password's minimum is said before the API is asked.
    await page.getByRole('button', { name: '新建用户' }).click();
    const form = page.getByTestId('user-create');
    await form.getByLabel('账号').fill('li.si');
    await form.getByLabel('姓名').fill('李四');
    await form.getByLabel('所在单位').selectOption(units.zjj);
    await form.getByRole('checkbox', { name: /^责任单位联络员/ }).check();
    await form.getByLabel('初始密码').fill('short');
    await form.getByRole('button', { name: '新建用户' }).click();
    await page.locator('#user-new-password-error').filter({ hasText: '密码至少 8 个字符' }).waitFor();
    await form.getByLabel('初始密码').fill('li-si-password-1');
    await form.getByRole('button', { name: '新建用户' }).click();
    const notice = page.getByTestId('users-notice');
    await notice.filter({ hasText: '已新建用户 li.si（李四），县住建局，角色：责任单位联络员。' }).waitFor();
    expect(await notice.textContent()).toContain('管理操作');
    const created = (await accounts()).find((u) => u.username === 'li.si')!;
    expect(created).toMatchObject({ displayName: '李四', unitId: units.zjj, roles: ['unit_officer'], active: true });

    // 李四 signs in at their own desk.
    const desk = await c.openBrowser();
    await desk.goto(c.baseUrl + '/');
    await desk.getByLabel('用户名').fill('li.si');
    await desk.getByLabel('密码').fill('li-si-password-1');
    await desk.getByRole('button', { name: '登录' }).click();
    await desk.getByRole('button', { name: '退出登录' }).waitFor();
    const first = await login('li.si', 'li-si-password-1');
    expect(await statusWith(first.token!)).toBe(200);

    // Roles: the form says before saving that the sessions end, and after that they did.
    const editor = page.getByTestId('user-editor');
    await editor.locator('h2:has-text("li.si")').waitFor();
    await editor.getByRole('checkbox', { name: /^纪检监察干部/ }).check();
    await editor.locator('#user-roles-note').filter({ hasText: '保存后角色变更立即生效，该用户在所有设备上的现有登录会立即失效，需要重新登录。' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-users-edit-1366.png'), fullPage: true });
    await editor.getByRole('button', { name: '保存修改' }).click();
    await notice.filter({ hasText: '已保存 李四（li.si）：角色由 责任单位联络员 改为 纪检监察干部、责任单位联络员。角色已变更，该用户在所有设备上的现有登录已全部失效，需要重新登录。' }).waitFor();
    expect((await accounts()).find((u) => u.id === created.id)!.roles.sort()).toEqual(['inspector', 'unit_officer']);
    expect(await statusWith(first.token!)).toBe(401);
    expect(await row('li.si').locator('td[data-column="roles"]').textContent()).toBe('纪检监察干部、责任单位联络员');

    // Password reset: the session from before it ends, on 李四's own desk too.
    const second = await login('li.si', 'li-si-password-1');
    expect(await statusWith(second.token!)).toBe(200);
    await editor.getByLabel('新密码').fill('li-si-new-password-2');
    await editor.getByRole('button', { name: '重置密码' }).click();
    await notice.filter({ hasText: '已重置 李四（li.si） 的密码，该用户在所有设备上的现有登录已全部失效，需要重新登录。' }).waitFor();
    expect(await statusWith(second.token!)).toBe(401);
    await desk.reload();
    await desk.getByRole('button', { name: '登录' }).waitFor();
    expect((await login('li.si', 'li-si-password-1')).status).toBe(401);
    const third = await login('li.si', 'li-si-new-password-2');
    expect(third.status).toBe(200);

    // Deactivate (asked first): signing in is refused and the last session ends.
    await editor.getByRole('button', { name: '停用账号' }).click();
    await page.getByRole('dialog', { name: '停用 李四（li.si）？' }).getByRole('button', { name: '确认停用' }).click();
    await notice.filter({ hasText: '已停用 李四（li.si）：不能再登录，现有登录已在所有设备上失效' }).waitFor();
    expect((await accounts()).find((u) => u.id === created.id)!.active).toBe(false);
    expect(await statusWith(third.token!)).toBe(401);
    expect((await login('li.si', 'li-si-new-password-2')).status).toBe(401);
    await row('li.si').locator('.badge-inactive').filter({ hasText: '已停用' }).waitFor();
    await page.locator('#users-filter-status').selectOption('inactive');
    await page.getByTestId('users-count').filter({ hasText: '显示 1 个' }).waitFor();
  });

  it('节假日: loads a year from the pasted notice, previews it on the grid and the deadlines it moves, then loads it', async () => {
    // A sign-for deadline of 30 working days from now, so that it lands after a holiday the year adds.
    const { auth } = await c.sessions.as('admin');
    const policy = (await c.t.http().get('/api/sla-policies').set(auth).expect(200)).body;
    const rules = policy.rules.map((r: { kind: string; priority: string; state: string }) =>
      r.kind === 'rectification' && r.priority === 'any' && r.state === 'assigned' ? { ...r, deadline: '30wd' } : r,
    );
    await c.t.http().put('/api/sla-policies').set(auth).send({ rules }).expect(200);
    const item = await c.driver.openRectification({ title: '节假日重算测试' });
    const assigned = await c.driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj });
    const due = beijingDay(assigned.dueAt);
    const year = Number(due.slice(0, 4));
    const before = (await c.t.http().get(`/api/calendar/${year}`).set(auth).expect(200)).body;

    const page = await openAdmin('节假日', '节假日（工作日历）');
    await page.locator('#calendar-year').fill(String(year));
    await page.getByRole('button', { name: '查看', exact: true }).click();
    await page.getByRole('heading', { name: `载入 ${year} 年放假安排` }).waitFor();
    await page.getByTestId('calendar-source').waitFor();
    await page.getByTestId('year-grid').locator(`td[data-date="${year}-01-01"]`).waitFor();
    expect(await page.locator('.cal-month').count()).toBe(12);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-calendar-1366.png'), fullPage: true });

    // A .csv goes into the text box, read the same way.
    await page.locator('#calendar-file').setInputFiles({ name: '劳动节.csv', mimeType: 'text/csv', buffer: Buffer.from(`日期,名称\n${year}-05-01~${year}-05-05,劳动节\n上班,${year}-04-25\n`, 'utf8') });
    const understood = page.getByTestId('calendar-understood');
    await understood.filter({ hasText: `劳动节，${year}-05-01 至 ${year}-05-05 放假，共 5 天` }).waitFor();
    expect(await understood.locator('[data-kind="workday"]').textContent()).toBe(`调休上班：${year}-04-25`);

    // The notice's wording, plus the deadline's own day, and a line that contradicts the notice.
    const notice = [
      `二、春节：2月6日（周六）至12日（周五）放假调休，共7天。2月14日（周日）、2月20日（周六）上班。`,
      `一、元旦：1月1日（周五）放假1天，不调休。`,
      `${due} 放假`,
      `${year}-02-14 放假`,
    ].join('\n');
    await page.locator('#calendar-text').fill(notice);
    await page.getByTestId('calendar-issues').filter({ hasText: `${year}-02-14 同时列为放假（第 4 行）和调休上班` }).waitFor();
    // The API refuses the contradiction; the console names the line, in Chinese, under the text box.
    await page.getByRole('button', { name: '预览期限重算' }).click();
    await page.locator('#calendar-text-error').filter({ hasText: `第 1 行（${year}-02-14）：同一天不能既放假又调休上班（另见第 4 行）。` }).waitFor();
    expect(await page.locator('#calendar-text').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: `确认载入 ${year} 年日历` }).isDisabled()).toBe(true);

    await page.locator('#calendar-text').fill(notice.split('\n').slice(0, 3).join('\n'));
    await understood.filter({ hasText: `第 1 行：春节，${year}-02-06 至 ${year}-02-12 放假，共 7 天` }).waitFor();
    expect(await understood.textContent()).toContain(`第 2 行：元旦，${year}-01-01 放假，共 1 天`);
    expect(await understood.locator('[data-kind="workday"]').textContent()).toBe(`调休上班：${year}-02-14、${year}-02-20`);
    // The grid previews what was understood, before anything is saved.
    await page.getByRole('heading', { name: `${year} 年日历预览（尚未保存）` }).waitFor();
    const day = (date: string) => page.getByTestId('year-grid').locator(`td[data-date="${date}"]`);
    expect(await day(`${year}-02-06`).getAttribute('data-kind')).toBe('holiday');
    expect(await day(`${year}-02-06`).locator('.cal-name').textContent()).toBe('春节');
    expect(await day(`${year}-02-12`).getAttribute('data-kind')).toBe('holiday');
    expect(await day(`${year}-02-14`).getAttribute('data-kind')).toBe('workday');
    expect(await day(`${year}-02-14`).locator('.visually-hidden').textContent()).toContain('调休上班');
    expect(await day(due).getAttribute('data-kind')).toBe('holiday');

    const dryRun = page.waitForResponse((r) => r.url().includes(`/api/calendar/${year}?dryRun=true`) && r.request().method() === 'PUT');
    await page.getByRole('button', { name: '预览期限重算' }).click();
    const answer = await (await dryRun).json();
    expect(answer.cases).toBeGreaterThanOrEqual(1);
    const move = answer.moves.find((m: { caseId: string }) => m.caseId === item.id);
    expect(move).toMatchObject({ code: item.code, previousDueAt: assigned.dueAt });
    const preview = page.getByTestId('replan-preview');
    await preview.getByTestId('replan-summary').filter({ hasText: `将重算 ${answer.cases} 件案件的期限（共 ${answer.timers} 个计时器）` }).waitFor();
    const moved = preview.locator(`tr[data-case-code="${item.code}"]`);
    expect(await moved.getByRole('link', { name: item.code }).getAttribute('href')).toBe(`#/cases/${item.id}`);
    expect(await moved.locator('td').nth(1).textContent()).toBe(beijingDeadline(move.previousDueAt));
    expect(await moved.locator('td').nth(2).textContent()).toBe(`→ ${beijingDeadline(move.dueAt)}`);
    // A dry run loads nothing.
    expect((await c.t.http().get(`/api/calendar/${year}`).set(auth).expect(200)).body).toEqual(before);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-calendar-preview-1366.png'), fullPage: true });

    await page.getByRole('button', { name: `确认载入 ${year} 年日历` }).click();
    const done = page.getByTestId('calendar-notice');
    await done.filter({ hasText: `已载入 ${year} 年工作日历` }).waitFor();
    expect(await done.textContent()).toContain(`已重算 ${answer.cases} 件案件的期限（${answer.timers} 个计时器）`);
    expect(await done.textContent()).toContain('管理操作');
    await page.getByTestId('calendar-source').filter({ hasText: '已载入' }).waitFor();
    await page.getByRole('heading', { name: `${year} 年日历`, exact: true }).waitFor();

    const loaded = (await c.t.http().get(`/api/calendar/${year}`).set(auth).expect(200)).body;
    expect(loaded.source).toBe('loaded');
    expect(loaded.holidays).toEqual(expect.arrayContaining([`${year}-01-01`, `${year}-02-06`, `${year}-02-12`, due]));
    expect(loaded.workdays).toEqual([`${year}-02-14`, `${year}-02-20`]);
    expect(loaded.holidayNames).toEqual(expect.arrayContaining([{ date: `${year}-02-08`, name: '春节' }, { date: `${year}-01-01`, name: '元旦' }]));
    const replanned = (await c.t.http().get(`/api/cases/${item.id}`).set(auth).expect(200)).body;
    expect(replanned.dueAt).toBe(move.dueAt);
    expect(Date.parse(replanned.dueAt)).toBeGreaterThan(Date.parse(assigned.dueAt));
  });

  it('计时器: lists a parked timer with its case, purpose, attempts and error; 重试 puts it back in the queue', async () => {
    const item = await c.driver.openRectification({ title: '计时器重试测试' });
    await c.driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj });
    const [{ id: timerId, purpose }] = await su.sql(
      `UPDATE case_timers SET status = 'parked', attempts = 5, last_error = 'webhook down: connect ECONNREFUSED'
       WHERE id = (SELECT id FROM case_timers WHERE case_id = $1 AND status = 'pending' ORDER BY due_at LIMIT 1)
       RETURNING id::text, purpose`,
      [item.id],
    );
    const page = await openAdmin('计时器', '计时器');
    const row = page.locator(`tr[data-timer-id="${timerId}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(item.code);
    expect(cells[1]).toBe(purpose === 'warning' ? '预警' : '超期');
    expect(cells[2]).toBe('待签收');
    expect(cells[4]).toBe('5 次');
    expect(cells[5]).toBe('webhook down: connect ECONNREFUSED');
    expect(await row.getByRole('link', { name: item.code }).getAttribute('href')).toBe(`#/cases/${item.id}`);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-timers-1366.png'), fullPage: true });

    await row.getByRole('button', { name: /^重试/ }).click();
    const notice = page.getByTestId('timers-notice');
    await notice.filter({ hasText: `已重试案件 ${item.code} 的“${cells[1]}”计时器：已放回队列、尝试次数清零` }).waitFor();
    expect(await notice.textContent()).toContain('管理操作');
    await row.waitFor({ state: 'detached' });
    const [timer] = await su.sql(`SELECT status, attempts FROM case_timers WHERE id = $1`, [timerId]);
    expect(timer).toEqual({ status: 'pending', attempts: 0 });
    const parked = (await c.t.http().get('/api/admin/timers?status=parked').set(await admin()).expect(200)).body.items;
    expect(parked.some((t: { id: string }) => t.id === timerId)).toBe(false);
  });

  it('shows the admin screens to administrators only; 时限规则 passes the same accessibility check', async () => {
    const page = await c.openBrowser();
    await c.signIn(page, 'supervisor');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '统计' }).waitFor();
    expect(await nav.getByRole('group', { name: '系统管理' }).count()).toBe(0);
    for (const [route, refusal] of [
      ['units', '单位由系统管理员维护。'],
      ['users', '用户由系统管理员维护。'],
      ['calendar', '节假日由系统管理员维护。'],
      ['timers', '计时器由系统管理员维护。'],
    ]) {
      await page.goto(`${c.baseUrl}/#/admin/${route}`);
      await page.getByRole('alert').filter({ hasText: refusal }).waitFor();
    }

    const adminPage = await openAdmin('时限规则', '时限规则');
    await adminPage.locator('tr[data-rule="rectification/any/assigned"]').waitFor();
    await expectAccessible(adminPage);
  });
});
