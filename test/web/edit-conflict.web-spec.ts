import path from 'node:path';
import { ARTIFACTS, startConsole, type Console } from './console-harness';

const shanghai = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

describe('edit conflicts on the case page: what the user typed survives someone else’s change (chromium)', () => {
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

  it('keeps the typed report through a conflict, shows what changed since and re-sends it on the latest version', async () => {
    const units = await c.driver.units();
    const item = await c.driver.openRectification({ title: '编辑冲突测试', dueAt: '2031-06-30' });
    await c.driver.must('inspector', item.id, { type: 'ASSIGN', unitId: units.zjj });
    await c.driver.must('officer.zjj', item.id, { type: 'ACCEPT' });
    const asked = await c.driver.must('officer.zjj', item.id, { type: 'REQUEST_EXTENSION', dueAt: '2031-12-31', reason: '需协调市级部门联合执法' });
    const seen: number = asked.version;

    const page = await c.openBrowser();
    await c.signIn(page, 'officer.zjj', `/#/cases/${item.id}`);
    await page.getByTestId('case-state').filter({ hasText: '办理中' }).waitFor();
    await page.getByRole('button', { name: '报送整改情况', exact: true }).click();
    const form = page.locator('form[data-event="SUBMIT_REPORT"]');
    const summary = '已清退违规发放的津贴补贴12.6万元，建立津贴补贴发放审批制度';
    const evidence = '清退凭证.pdf\n津贴补贴发放审批制度.pdf';
    await form.getByRole('textbox', { name: '整改情况' }).fill(summary);
    await form.getByRole('textbox', { name: '佐证材料' }).fill(evidence);

    // Meanwhile the supervisor decides the extension: a real change of the case (its deadline).
    const approved = await c.driver.must('supervisor', item.id, { type: 'APPROVE_EXTENSION', reason: '同意延期至年底' });
    expect(approved.version).toBe(seen + 1);

    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/cases/${item.id}/events`) && r.request().method() === 'POST');
    await form.getByRole('button', { name: '确认报送整改情况' }).click();
    expect((await refused).status()).toBe(409);

    const conflict = form.getByTestId('edit-conflict');
    await conflict.filter({ hasText: `您填写时为第 ${seen} 版，现为第 ${seen + 1} 版` }).waitFor();
    expect(await conflict.getAttribute('role')).toBe('alert');
    expect(await conflict.textContent()).toContain('该案件刚刚已被其他人修改');
    expect(await conflict.textContent()).toContain('您填写的内容已保留');
    // What changed since the version the officer had: the supervisor's decision, named, by whom and when.
    const changes = conflict.locator('.conflict-changes li');
    expect(await changes.evaluateAll((els) => els.map((e) => e.getAttribute('data-event-type')))).toEqual(['APPROVE_EXTENSION']);
    const trail = await c.driver.timeline('supervisor', item.id);
    const decision = trail.find((e) => e.type === 'APPROVE_EXTENSION')!;
    const change = await changes.first().textContent();
    expect(change).toContain('批准延期');
    expect(change).toContain('纪委分管领导');
    expect(change).toContain('分管领导');
    expect(change).toContain(shanghai(decision.at));
    expect(change).toContain('同意延期至年底');
    // The typed values are all still there, and the page shows the case as it is now.
    expect(await form.getByRole('textbox', { name: '整改情况' }).inputValue()).toBe(summary);
    expect(await form.getByRole('textbox', { name: '佐证材料' }).inputValue()).toBe(evidence);
    expect(await page.locator('article.case-page').getAttribute('data-case-version')).toBe(String(seen + 1));
    await page.locator('.timeline-item[data-event-type="APPROVE_EXTENSION"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit-conflict');
    expect(await form.getByRole('button', { name: '确认报送整改情况' }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'edit-conflict-1366.png'), fullPage: true });

    // The officer adds a line in the light of the change, then sends it on the latest version.
    const edited = `${summary}；延期已获批准，年底前完成全部整改`;
    await form.getByRole('textbox', { name: '整改情况' }).fill(edited);
    const resent = page.waitForRequest((r) => r.url().endsWith(`/api/cases/${item.id}/events`) && r.method() === 'POST');
    await form.getByRole('button', { name: '按最新版本重新提交' }).click();
    const request = await resent;
    expect(request.headers()['if-match']).toBe(String(seen + 1));
    await page.locator('.alert-success').filter({ hasText: '已完成“报送整改情况”' }).waitFor();
    await page.getByTestId('case-state').filter({ hasText: '待验收' }).waitFor();

    const after = await c.driver.timeline('inspector', item.id);
    const reports = after.filter((e) => e.type === 'SUBMIT_REPORT');
    expect(reports).toHaveLength(1);
    expect(reports[0].payload).toMatchObject({ summary: edited, evidence: ['清退凭证.pdf', '津贴补贴发放审批制度.pdf'] });
    expect(reports[0].seq).toBe(seen + 2);
  });

  it('keeps the form and says so when the latest version no longer allows the action', async () => {
    const units = await c.driver.units();
    const item = await c.driver.openRectification({ title: '编辑冲突测试：已被交办' });
    const page = await c.openBrowser();
    await c.signIn(page, 'inspector', `/#/cases/${item.id}`);
    await page.getByTestId('case-state').filter({ hasText: '待交办' }).waitFor();
    await page.getByRole('button', { name: '交办', exact: true }).click();
    const form = page.locator('form[data-event="ASSIGN"]');
    await form.getByLabel('交办意见').fill('请于月底前完成整改');

    await c.driver.must('supervisor', item.id, { type: 'ASSIGN', unitId: units.scj });
    await form.getByRole('button', { name: '确认交办' }).click();

    const conflict = form.getByTestId('edit-conflict');
    await conflict.locator('li[data-event-type="ASSIGN"]').waitFor();
    await page.getByTestId('case-state').filter({ hasText: '待签收' }).waitFor();
    expect(await conflict.textContent()).toContain('案件现为“待签收”，已不能再执行“交办”');
    expect(await conflict.locator('li[data-event-type="ASSIGN"]').textContent()).toContain('县市场监管局');
    expect(await form.getByLabel('交办意见').inputValue()).toBe('请于月底前完成整改');
    expect(await form.getByRole('button', { name: '按最新版本重新提交' }).count()).toBe(0);

    await form.getByRole('button', { name: '放弃填写' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: '交办', exact: true }).count()).toBe(0);
    expect(await page.locator('.facts').first().textContent()).toContain('县市场监管局');
  });
});
