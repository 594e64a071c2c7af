/// <reference types="vite/client" />
/**
 * Browser-facing edges: cross-site writes with a session cookie are refused (every write route),
 * the import takes no type a cross-site form can send, answers use the user's stored language
 * when the request names none, and unknown addresses are localized (never "Cannot GET").
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { allRoutes } from '../routes/index.ts';
import type { MatrixEntry, MatrixRequest } from './authz/types.ts';

const modules = import.meta.glob<Record<string, MatrixEntry[]>>('./authz/*.matrix.ts', {
  eager: true,
});
const matrix: MatrixEntry[] = Object.values(modules).flatMap((m) => Object.values(m).flat());
const i18n = createI18n();
const t = (lang: 'ky' | 'ru' | 'en') => i18n.getFixedT(lang);

let h: ApiHarness;
let digestSql = '';
beforeAll(async () => {
  h = await createApiHarness();
  const tables = await h.db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
      ORDER BY table_name`,
  );
  digestSql = `SELECT md5(${tables
    .map(
      (x) => `coalesce((SELECT string_agg(x::text, ',' ORDER BY x::text) FROM "${x.name}" x), '')`,
    )
    .join(' || ')}) AS digest`;
});
afterAll(() => h.close());

const digest = async () =>
  (await h.db.prisma.$queryRawUnsafe<{ digest: string }[]>(digestSql))[0]?.digest;

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];
const staffRoles = ['admin', 'deputy', 'teacherOfClass', 'classTeacher', 'psychologist'] as const;

const sendRow = async (
  entry: MatrixEntry,
  role: (typeof staffRoles)[number] | 'anonymous',
  headers: Record<string, string>,
  spec: MatrixRequest,
) => {
  const [method = '', path = ''] = entry.route.split(' ');
  const url = `/api/v1${path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => String(spec.params?.[name]))}`;
  let req = request(h.app)
    [method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'](url)
    .set(role === 'anonymous' ? {} : await h.headersFor(role))
    .set(headers);
  if (spec.query) req = req.query(spec.query);
  if (spec.raw) return req.set('content-type', spec.raw.contentType).send(spec.raw.data);
  if (spec.body !== undefined) return req.send(spec.body as object);
  return req;
};

describe('CSRF: cookie-authenticated writes from another site', () => {
  const rows = matrix.filter(
    (e) => WRITES.includes(e.route.split(' ')[0] ?? '') && e.route !== 'POST /auth/logout',
  );
  it('covers every write route', () => {
    const writes = allRoutes.filter((r) => WRITES.includes(r.method.toUpperCase())).length;
    expect(rows.length).toBe(writes - 1);
  });

  const crossSite: [string, Record<string, string>][] = [
    [
      'Sec-Fetch-Site: cross-site',
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    ],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', origin: 'https://a.sabak.kg' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
  ];
  for (const entry of rows) {
    it(`${entry.route} is refused with a localized 403 and changes nothing`, async () => {
      const role = (entry.allowed.find((r) => (staffRoles as readonly string[]).includes(r)) ??
        (entry.allowed.includes('anonymous') ? 'anonymous' : 'admin')) as
        (typeof staffRoles)[number] | 'anonymous';
      if (role !== 'anonymous') await h.headersFor(role);
      for (const [label, headers] of crossSite) {
        const spec = await entry.request({
          world: h.world,
          prisma: h.db.prisma,
          filesDir: h.filesDir,
          role,
        });
        const before = await digest();
        const res = await sendRow(entry, role, { ...headers, 'accept-language': 'en' }, spec);
        const what = `${entry.route} with ${label}: ${res.status} ${res.text.slice(0, 200)}`;
        expect(res.status, what).toBe(403);
        expect(res.body.code, what).toBe('FORBIDDEN');
        expect(res.body.detail, what).toBe(t('en')('errors:crossSite'));
        expect(await digest(), what).toBe(before);
      }
    });
  }

  it('accepts same-origin writes and the bot, and reads from anywhere', async () => {
    const cookie = await h.headersFor('admin');
    const patch = (headers: Record<string, string>) =>
      request(h.app)
        .patch(`/api/v1/schools/${h.world.school.id}/settings`)
        .set(cookie)
        .set(headers)
        .send({ lateEntryDays: 5 });
    expect((await patch({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await patch({ 'sec-fetch-site': 'none' })).status).toBe(200);
    const host = '127.0.0.1:4567';
    expect((await patch({ host, origin: `http://${host}` })).status).toBe(200);
    // A script without browser headers carries no victim's cookie (Go's CrossOriginProtection rule).
    expect((await patch({})).status).toBe(200);
    const bot = await h.headersFor('parentA');
    const lang = await request(h.app)
      .put('/api/v1/me/language')
      .set(bot)
      .set({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })
      .send({ language: 'ky' });
    expect(lang.status).toBe(200);
    const read = await request(h.app)
      .get(`/api/v1/schools/${h.world.school.id}/settings`)
      .set(cookie)
      .set({ 'sec-fetch-site': 'cross-site' });
    expect(read.status).toBe(200);
  });

  it('accepts an origin from the configured list', async () => {
    const { createApp } = await import('../app.ts');
    const { pino } = await import('pino');
    const app = createApp({
      domain: h.domain,
      logger: pino({ level: 'silent' }),
      i18n,
      serviceToken: 'x'.repeat(32),
      allowedOrigins: ['https://journal.school.kg'],
    });
    const res = await request(app)
      .patch(`/api/v1/schools/${h.world.school.id}/settings`)
      .set(await h.headersFor('admin'))
      .set({ origin: 'https://journal.school.kg', 'sec-fetch-site': 'cross-site' })
      .send({ lateEntryDays: 5 });
    expect(res.status, res.text).toBe(200);
  });
});

describe('import: no content type a cross-site form can send', () => {
  const csv = 'Код;Название (кырг.);Название (рус.)\nFORM;Форма;Форма\n';
  for (const type of [
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
  ]) {
    it(`${type} is a localized 400 and imports nothing`, async () => {
      const res = await request(h.app)
        .post(`/api/v1/schools/${h.world.school.id}/imports?fileName=s.csv`)
        .set(await h.headersFor('admin'))
        .set('accept-language', 'ky')
        .set('content-type', type)
        .send(csv);
      expect(res.status, res.text).toBe(400);
      expect(res.body.errors[0].code).toBe('unsupportedMediaType');
      expect(res.body.errors[0].message).toBe(
        t('ky')('errors:validation.unsupportedMediaType', { allowed: 'text/csv, xlsx' }),
      );
      expect(await h.db.prisma.subject.count({ where: { code: 'FORM' } })).toBe(0);
    });
  }
  it('text/csv still imports', async () => {
    const res = await request(h.app)
      .post(`/api/v1/schools/${h.world.school.id}/imports?fileName=s.csv`)
      .set(await h.headersFor('admin'))
      .set('content-type', 'text/csv')
      .send(csv);
    expect(res.status, res.text).toBe(200);
    expect(await h.db.prisma.subject.count({ where: { code: 'FORM' } })).toBe(1);
  });
});

describe("the user's stored language", () => {
  it('answers the bot (no Accept-Language) in the language set with /me/language', async () => {
    const bot = await h.headersFor('parentA');
    for (const lang of ['ru', 'en', 'ky'] as const) {
      const set = await request(h.app).put('/api/v1/me/language').set(bot).send({ language: lang });
      expect(set.status).toBe(200);
      const res = await request(h.app).get('/api/v1/lessons/2147483646').set(bot);
      expect(res.status).toBe(404);
      expect(res.body.title).toBe(t(lang)('errors:NOT_FOUND'));
    }
  });
  it('Accept-Language and ?lang= still win over the stored language', async () => {
    const bot = await h.headersFor('parentA');
    await request(h.app).put('/api/v1/me/language').set(bot).send({ language: 'en' });
    const header = await request(h.app)
      .get('/api/v1/lessons/2147483646')
      .set(bot)
      .set('accept-language', 'ru');
    expect(header.body.title).toBe(t('ru')('errors:NOT_FOUND'));
    const query = await request(h.app).get('/api/v1/lessons/2147483646?lang=ky').set(bot);
    expect(query.body.title).toBe(t('ky')('errors:NOT_FOUND'));
    await request(h.app).put('/api/v1/me/language').set(bot).send({ language: 'ky' });
  });
  it('a staff session without Accept-Language uses the stored language too', async () => {
    await h.db.prisma.user.update({
      where: { id: h.world.users.deputy.id },
      data: { language: 'ru' },
    });
    const res = await request(h.app)
      .get('/api/v1/marks/2147483646/history')
      .set(await h.headersFor('deputy'));
    expect(res.status).toBe(404);
    expect(res.body.title).toBe(t('ru')('errors:NOT_FOUND'));
  });
});

describe('unknown addresses', () => {
  for (const lang of ['ky', 'ru', 'en'] as const) {
    it(`a browser gets a small ${lang} page, never "Cannot GET"`, async () => {
      const res = await request(h.app)
        .get('/no/such/page')
        .set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
        .set('accept-language', lang);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain(t(lang)('errors:validation.notFoundRoute'));
      expect(res.text).toContain(`lang="${lang}"`);
      expect(res.text).not.toContain('Cannot');
    });
    it(`a JSON client gets a ${lang} problem, for any method`, async () => {
      for (const method of ['get', 'post', 'put', 'delete'] as const) {
        for (const path of ['/no/such/page', '/api/v1/no/such/route', '/api/v2/me']) {
          const res = await request(h.app)
            [method](path)
            .set('accept', 'application/json')
            .set('accept-language', lang);
          expect(res.status, `${method} ${path}`).toBe(404);
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(res.body.errors[0].message).toBe(t(lang)('errors:validation.notFoundRoute'));
          expect(res.text).not.toContain('Cannot');
        }
      }
    });
  }
});
