/**
 * The web journal's frame in real Chromium: the sign-in page in each language, the language switch
 * remembered in a cookie, the strict CSP (no inline script runs, htmx comes from this server),
 * static files with long cache headers, a 360-px phone layout, sign-in and sign-out.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../../locales/i18n.ts';
import {
  createWebHarness,
  expectAccessible,
  screenshot,
  type WebHarness,
} from '../../../test/web-harness.ts';

const i18n = createI18n();
const t = (lang: 'ky' | 'ru' | 'en') => i18n.getFixedT(lang);

let h: WebHarness;
beforeAll(async () => {
  h = await createWebHarness();
});
afterAll(() => h.close());

describe('the sign-in page', () => {
  for (const lang of ['ky', 'ru', 'en'] as const) {
    it(`speaks ${lang} and passes axe`, async () => {
      const page = await h.newPage({ lang });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto('/');
      expect(new URL(page.url()).pathname).toBe('/login');
      await expect.poll(() => page.locator('h1').textContent()).toBe(t(lang)('web:login.title'));
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectAccessible(page, `login ${lang}`);
      await screenshot(page, `login-${lang}`);
      // htmx (vendored) loaded from this server under the CSP; nothing was blocked.
      expect(await page.evaluate('typeof window.htmx')).toBe('object');
      expect(errors).toEqual([]);
    });
  }

  it('remembers the chosen language in a cookie', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await page.goto('/login');
    await page.click('form.lang button[value="ru"]');
    await expect.poll(() => page.locator('h1').textContent()).toBe(t('ru')('web:login.title'));
    await page.goto('/setup-password');
    expect(await page.locator('h1').textContent()).toBe(t('ru')('web:setup.title'));
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'sabak_lang')?.value).toBe('ru');
  });

  it('fits a 360-px phone without sideways scrolling', async () => {
    const page = await h.newPage({ lang: 'ky', width: 360 });
    await h.signIn(page, 'teacherOfClass');
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'day-phone-360');
  });
});

describe('headers', () => {
  it('sends a strict CSP and helmet headers on pages', async () => {
    const res = await request(h.app).get('/login');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
  it('serves static files and htmx with a year-long cache', async () => {
    const page = await request(h.app).get('/login');
    const htmx = /src="(\/static\/vendor\/htmx\.min\.js\?v=[^"]+)"/.exec(page.text)?.[1];
    const css = /href="(\/static\/app\.css\?v=[^"]+)"/.exec(page.text)?.[1];
    for (const url of [htmx, css]) {
      expect(url).toBeDefined();
      const res = await request(h.app).get(url ?? '');
      expect(res.status).toBe(200);
      expect(String(res.headers['cache-control'])).toContain('max-age=31536000');
    }
  });
  it('marks cookies Secure behind an HTTPS proxy it trusts', async () => {
    const res = await request(h.app).get('/login').set('x-forwarded-proto', 'https');
    // supertest connects from loopback, which `trust proxy` believes by default.
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookies.some((c) => c.startsWith('sabak_csrf=') && /;\s*Secure/i.test(c))).toBe(true);
  });
});

describe('sign-in and sign-out', () => {
  it('a teacher signs in, sees the menu with their name and signs out', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await page.goto('/day');
    expect(new URL(page.url()).pathname).toBe('/login');
    await h.signIn(page, 'teacherOfClass');
    expect(new URL(page.url()).pathname).toBe('/day');
    expect(await page.locator('.who-name').textContent()).toContain('Teacher Бакыт');
    expect(await page.locator('.who-school').textContent()).toBe(h.world.school.name);
    await expectAccessible(page, 'day');
    // The journals they keep, from the menu.
    await page.click(`nav >> text=${t('ky')('web:nav.journal')}`);
    expect(new URL(page.url()).pathname).toBe('/journal');
    expect(await page.locator('ul.journals a').allTextContents()).toEqual(['5-А · Математика']);
    await expectAccessible(page, 'journal index');
    await screenshot(page, 'journal-index');
    await page.click('text=' + t('ky')('web:layout.logout'));
    await page.waitForURL('**/login?out=1');
    expect(await page.locator('.notice').textContent()).toBe(t('ky')('web:login.signedOut'));
    await page.goto('/day');
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
