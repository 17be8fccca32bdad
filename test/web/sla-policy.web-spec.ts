import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, startConsole, type Console } from './console-harness';

type Rule = { kind: string; priority: string; state: string; deadline: string; warnBefore?: string; escalation: { level: number; after: string; action?: string }[] };

describe('时限规则: the admin edits the SLA policy in the console (real API, real PostgreSQL, chromium)', () => {
  let c: Console;

  beforeAll(async () => {
    c = await startConsole();
  });

  afterEach(async () => {
    await c.closeBrowsers();
  });

  afterAll(async () => {
    await c?.close();
  });

  async function currentPolicy(): Promise<{ version: number; rules: Rule[] }> {
    const { auth } = await c.sessions.as('admin');
    return (await c.t.http().get('/api/sla-policies').set(auth).expect(200)).body;
  }

  const row = (page: Page, key: string) => page.locator(`tr[data-rule="${key}"]`);
  const cell = (page: Page, key: string, column: string) => row(page, key).locator(`td[data-column="${column}"]`);

  async function openEditor(): Promise<Page> {
    const page = await c.openBrowser();
    await c.signIn(page, 'admin');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '时限规则' }).click();
    await page.getByRole('heading', { name: '时限规则', level: 1 }).waitFor();
    await row(page, 'rectification/any/assigned').waitFor();
    return page;
  }

  it('lets the admin change a deadline, preview the clocks it reaches and publish it as the next version', async () => {
    const units = await c.driver.units();
    for (const title of ['时限预览测试一', '时限预览测试二']) {
      const item = await c.driver.openRectification({ title });
      await c.driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj });
    }
    const before = await currentPolicy();

    const page = await openEditor();
    await page.getByTestId('sla-current').filter({ hasText: `第 ${before.version} 版` }).waitFor();
    // Grouped by kind, in the console's words; a state the machine names, its priority and ladder.
    for (const kind of ['整改台账', '12345热线工单', '问责', '履责事项']) await page.getByRole('heading', { name: kind, level: 2 }).waitFor();
    const assigned = 'rectification/any/assigned';
    expect(await row(page, assigned).locator('th').textContent()).toBe('待签收');
    expect(await cell(page, assigned, 'priority').textContent()).toBe('不限');
    expect(await cell(page, assigned, 'deadline').locator('input').inputValue()).toBe('1');
    expect(await cell(page, assigned, 'deadline').locator('select').inputValue()).toBe('wd');
    expect(await cell(page, assigned, 'warnBefore').locator('select').inputValue()).toBe('h');
    expect(await cell(page, assigned, 'escalation-3').locator('select').nth(1).inputValue()).toBe('open-accountability');
    expect(await cell(page, 'rectification/any/rectifying.inProgress', 'deadline').locator('select').inputValue()).toBe('caseDueAt');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sla-policy-1366.png'), fullPage: true });

    await cell(page, assigned, 'deadline').getByLabel('整改台账 待签收（不限） 期限 数值').fill('2');
    await cell(page, assigned, 'escalation-2').locator('select').nth(1).selectOption('open-accountability');
    const dryRun = page.waitForResponse((r) => r.url().includes('/api/sla-policies?dryRun=true') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: '预览变更' }).click();
    const answer = await (await dryRun).json();
    const changed = answer.changes.find((x: Rule & { change: string }) => x.kind === 'rectification' && x.state === 'assigned');
    expect(changed).toMatchObject({ change: 'changed', cases: 2 });
    expect(changed.pendingTimers).toBeGreaterThanOrEqual(2);

    const preview = page.getByTestId('sla-preview');
    const item = preview.locator(`li[data-rule="${assigned}"]`);
    await item.waitFor();
    expect(await preview.getByTestId('sla-preview-summary').textContent()).toContain(`相对当前第 ${before.version} 版：新增 0 条，修改 1 条，删除 0 条`);
    expect(await item.locator('.change-badge').textContent()).toBe('修改');
    expect(await item.locator('strong').textContent()).toBe('整改台账 待签收（不限）');
    const values = await item.locator('.sla-change-values div').allTextContents();
    expect(values).toEqual(['期限1 个工作日 → 2 个工作日', '督办超期后 3 个工作日，发送通知 → 超期后 3 个工作日，立问责案件']);
    expect(await item.getByTestId('change-reach').textContent()).toBe(
      `${changed.pendingTimers} 个待触发计时器（2 件案件）保持原期限，此后进入该环节的案件按新规则。`,
    );
    await preview.screenshot({ path: path.join(ARTIFACTS, 'sla-policy-preview.png') });

    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByTestId('sla-notice').filter({ hasText: `已发布第 ${before.version + 1} 版` }).waitFor();
    expect(await page.getByTestId('removal-dialog').count()).toBe(0);
    await page.getByTestId('sla-current').filter({ hasText: `第 ${before.version + 1} 版` }).waitFor();

    const after = await currentPolicy();
    expect(after.version).toBe(before.version + 1);
    const rule = after.rules.find((r) => r.kind === 'rectification' && r.state === 'assigned')!;
    expect(rule.deadline).toBe('2wd');
    expect(rule.escalation[1]).toEqual({ level: 2, after: '3wd', action: 'open-accountability' });
    // Nothing else moved: the other rules went back as they came.
    const others = (p: { rules: Rule[] }) => p.rules.filter((r) => !(r.kind === 'rectification' && r.state === 'assigned'));
    expect(others(after)).toEqual(others(before));
  });

  it('asks before a publish that removes a rule, naming it, and publishes only once confirmed', async () => {
    const before = await currentPolicy();
    const removed = 'hotline/urgent/assigned';
    const page = await openEditor();

    await row(page, removed).getByRole('button', { name: '删除：12345热线工单 待签收（紧急）' }).click();
    expect(await row(page, removed).count()).toBe(0);
    // A new rule for 问责 调查中, its state picked from the machine's (closed ones cannot be picked).
    await page.getByLabel('类别', { exact: true }).selectOption('accountability');
    const options = await page.getByLabel('环节', { exact: true }).locator('option').evaluateAll((els) => els.map((o) => [o.textContent, (o as HTMLOptionElement).disabled]));
    expect(options).toContainEqual(['调查中', false]);
    expect(options.find(([text]) => String(text).startsWith('已执行'))?.[1]).toBe(true);
    await page.getByLabel('环节', { exact: true }).selectOption({ label: '调查中' });
    await page.getByRole('button', { name: '添加规则' }).click();
    const added = 'accountability/any/assigned';
    await row(page, added).waitFor();
    // The new row has the focus, ready for its deadline.
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-rule'))).toBe(added);
    await cell(page, added, 'deadline').locator('input').fill('10');

    await page.getByRole('button', { name: '预览变更' }).click();
    const preview = page.getByTestId('sla-preview');
    await preview.locator(`li[data-rule="${removed}"][data-change="removed"]`).waitFor();
    expect(await preview.locator(`li[data-rule="${added}"] .change-badge`).textContent()).toBe('新增');
    expect(await preview.locator(`li[data-rule="${added}"]`).textContent()).toContain('期限10 个工作日');
    expect(await preview.locator(`li[data-rule="${removed}"] .change-badge`).textContent()).toBe('删除');
    expect(await preview.locator(`li[data-rule="${removed}"]`).textContent()).toContain('此后进入该环节的案件不再计时');

    // 发布 first asks; 取消 publishes nothing.
    await page.getByRole('button', { name: '发布', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '确认删除 1 条时限规则' });
    await dialog.waitFor();
    expect(await dialog.locator('li').allTextContents()).toEqual(['12345热线工单 待签收（紧急）']);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('取消');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sla-policy-remove-confirm.png') });
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await currentPolicy()).version).toBe(before.version);

    await page.getByRole('button', { name: '发布', exact: true }).click();
    await dialog.getByRole('button', { name: '确认删除并发布' }).click();
    await page.getByTestId('sla-notice').filter({ hasText: `已发布第 ${before.version + 1} 版` }).waitFor();
    const after = await currentPolicy();
    expect(after.version).toBe(before.version + 1);
    expect(after.rules.some((r) => r.kind === 'hotline' && r.priority === 'urgent' && r.state === 'assigned')).toBe(false);
    expect(after.rules.find((r) => r.kind === 'accountability' && r.state === 'assigned')).toEqual({
      kind: 'accountability',
      priority: 'any',
      state: 'assigned',
      deadline: '10wd',
      warnBefore: '1wd',
      escalation: [{ level: 1, after: '0s' }],
    });
  });

  it('marks a ladder that does not go up, a warning as long as its deadline and a zero deadline on their cells, in Chinese', async () => {
    const before = await currentPolicy();
    const page = await openEditor();
    const ladder = 'rectification/any/rectifying.awaitingVerification';
    const warned = 'hotline/normal/assigned';
    const zero = 'hotline/any/rectifying.awaitingVerification';

    await cell(page, ladder, 'escalation-2').locator('input').fill('0');
    await cell(page, warned, 'warnBefore').locator('select').selectOption('wd');
    await cell(page, warned, 'warnBefore').locator('input').fill('1');
    await cell(page, zero, 'deadline').locator('input').fill('0');
    await page.getByRole('button', { name: '发布', exact: true }).click();

    const ladderCell = cell(page, ladder, 'escalation-2');
    await ladderCell.locator('.cell-error-text').waitFor();
    expect(await ladderCell.getAttribute('class')).toContain('cell-error');
    expect(await ladderCell.locator('.cell-error-text').textContent()).toBe('升级时间须逐级递增：须晚于催办（超期时）');
    expect(await cell(page, warned, 'warnBefore').locator('.cell-error-text').textContent()).toBe('预警提前量须短于期限');
    expect(await cell(page, zero, 'deadline').locator('.cell-error-text').textContent()).toBe('期限须大于 0');
    // Only those cells: the rest of those rows, and the ladder's first step, are fine.
    expect(await page.locator('.sla-table .cell-error').count()).toBe(3);
    expect(await cell(page, ladder, 'escalation-1').getAttribute('class')).toBeNull();
    await page.getByRole('alert').filter({ hasText: '有 3 处填写不符合要求' }).waitFor();

    // The first refused field (in table order) has the focus, and names its error to screen readers.
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return {
        rule: el.closest('tr')?.getAttribute('data-rule'),
        column: el.closest('td')?.getAttribute('data-column'),
        invalid: el.getAttribute('aria-invalid'),
        described: document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent,
      };
    });
    expect(focused).toEqual({ rule: ladder, column: 'escalation-2', invalid: 'true', described: '升级时间须逐级递增：须晚于催办（超期时）' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sla-policy-errors.png'), fullPage: true });
    expect((await currentPolicy()).version).toBe(before.version);

    // Mended, the cell loses its mark at once; the policy then goes through.
    await ladderCell.locator('input').fill('3');
    expect(await ladderCell.getAttribute('class')).toBeNull();
    await cell(page, warned, 'warnBefore').locator('select').selectOption('h');
    await cell(page, warned, 'warnBefore').locator('input').fill('4');
    await cell(page, zero, 'deadline').locator('input').fill('3');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByTestId('sla-notice').filter({ hasText: '没有变更' }).waitFor();
    expect((await currentPolicy()).version).toBe(before.version);
  });

  it('shows 时限规则 to administrators only', async () => {
    const page = await c.openBrowser();
    await c.signIn(page, 'supervisor');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '统计' }).waitFor();
    expect(await nav.getByRole('link', { name: '时限规则' }).count()).toBe(0);
    await page.goto(`${c.baseUrl}/#/admin/sla-policy`);
    await page.getByRole('alert').filter({ hasText: '时限规则由系统管理员维护。' }).waitFor();
    expect(await page.locator('.sla-table').count()).toBe(0);
  });
});
