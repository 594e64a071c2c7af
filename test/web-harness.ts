/**
 * Browser tests of the web journal: the real app (createApp, real PostgreSQL) listening on port 0,
 * driven by Debian's Chromium through `playwright-core`. One browser per test file; each test
 * opens its own context (cookies are not shared). Screenshots go to `test-output/screenshots/`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { TEST_PASSWORD, type Role } from './world.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-output/screenshots');

export interface WebHarness extends ApiHarness {
  /** `http://127.0.0.1:<port>` of the running app. */
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies) with a page, in `lang` (Accept-Language). */
  newPage: (options?: { lang?: 'ky' | 'ru' | 'en'; width?: number }) => Promise<Page>;
  /** Signs a staff role in through the sign-in page (with `TEST_PASSWORD` unless told). */
  signIn: (page: Page, role: Role, password?: string) => Promise<void>;
  close: () => Promise<void>;
}

export const createWebHarness = async (options: { now?: Date } = {}): Promise<WebHarness> => {
  const api = await createApiHarness(options);
  const server = api.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const contexts: BrowserContext[] = [];
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    ...api,
    baseUrl,
    browser,
    newPage: async ({ lang = 'ky', width = 1280 } = {}) => {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: lang,
        extraHTTPHeaders: { 'accept-language': lang },
        viewport: { width, height: 900 },
      });
      contexts.push(context);
      return context.newPage();
    },
    signIn: async (page, role, password = TEST_PASSWORD) => {
      const login = api.world.users[role as keyof typeof api.world.users]?.login;
      if (!login) throw new Error(`${role} has no login`);
      await page.goto('/login');
      await page.fill('#login', login);
      await page.fill('#password', password);
      await Promise.all([
        page.waitForURL((url) => url.pathname !== '/login'),
        page.click('button.primary'),
      ]);
    },
    close: async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await api.close();
    },
  };
};

/**
 * Types `text` key by key as a keyboard with that layout would (real keydown events carrying the
 * character, e.g. Kyrgyz «кж»): Playwright's own `keyboard.type` inserts non-US characters as
 * text without key events.
 */
export const typeKeys = async (page: Page, text: string) => {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const char of text) {
      await cdp.send('Input.dispatchKeyEvent', {
        type: 'keyDown',
        key: char,
        text: char,
        unmodifiedText: char,
      });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: char });
    }
  } finally {
    await cdp.detach();
  }
};

/** Saves a full-page screenshot as `test-output/screenshots/<name>.png`. */
export const screenshot = async (page: Page, name: string) => {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
};

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page (injected through the DevTools protocol, so the page's CSP stays as
 * strict as in production) and fails on any serious or critical violation.
 */
export const expectAccessible = async (page: Page, label = page.url()) => {
  // Strings, not functions: these run in the page, where `window` and `axe` exist.
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'")))
    await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    })))`);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
};
