import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { CaseDriver, createTestApp, DEMO_PASSWORD, DemoSessions, type TestApp } from '../support';

export const WEB_DIR = path.resolve(__dirname, '../../apps/web/dist');
export const ARTIFACTS = path.resolve(__dirname, '../artifacts');
export const DESKTOP = { width: 1366, height: 768 };
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Console {
  t: TestApp;
  baseUrl: string;
  sessions: DemoSessions;
  driver: CaseDriver;
  /** A fresh browser profile per person, as if each sat at their own desk. */
  openBrowser(options?: { viewport?: typeof DESKTOP }): Promise<Page>;
  signIn(page: Page, username: string, at?: string): Promise<void>;
  /** Closes the profiles opened since the last call. */
  closeBrowsers(): Promise<void>;
  close(): Promise<void>;
}

/** The API on a throwaway database serving the built console, and Debian's chromium to drive it. */
export async function startConsole(): Promise<Console> {
  if (!existsSync(path.join(WEB_DIR, 'index.html'))) {
    throw new Error(`The console is not built: ${WEB_DIR}/index.html is missing. Run "npm run build:web" first.`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const t = await createTestApp({ env: { WEB_DIR } });
  await t.app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const sessions = new DemoSessions(t);
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];

  return {
    t,
    baseUrl,
    sessions,
    driver: new CaseDriver(t, sessions),
    async openBrowser(options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: 'zh-CN' });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async signIn(page, username, at = '/') {
      await page.goto(baseUrl + at);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('button', { name: '退出登录' }).waitFor();
    },
    async closeBrowsers() {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

let axeSource: string | undefined;

export interface AccessibilityCheck {
  /** Only this part of the page (a CSS selector), e.g. a dialog. */
  include?: string;
  /** Rules to leave out, each with the reason in the caller. */
  disable?: string[];
}

/**
 * Runs axe-core on the page as it is now (every rule axe runs by default: WCAG 2.x A and AA and
 * its best practices) and fails naming each violation, its impact and the first elements it found.
 */
export async function expectAccessible(page: Page, check: AccessibilityCheck = {}): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async ({ include, disable }) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: RunOptions): Promise<AxeResults> } }).axe;
    const options: RunOptions = { rules: Object.fromEntries(disable.map((id) => [id, { enabled: false }])) };
    const result = await axe.run(include ? { include: [include] } : document, options);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
  }, { include: check.include, disable: check.disable ?? [] });
  expect(violations).toEqual([]);
}
