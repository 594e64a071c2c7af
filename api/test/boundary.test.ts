/// <reference types="vite/client" />
/**
 * The input boundary, swept over every route of the authorization matrix (which holds a working
 * request per route): ids and flags are never coerced, text PostgreSQL cannot store is refused,
 * malformed identity headers are a 400 — each as a localized problem that changes no row.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { TG } from '../../test/world.ts';
import { allRoutes } from '../routes/index.ts';
import type { MatrixEntry, MatrixRequest } from './authz/types.ts';

const modules = import.meta.glob<Record<string, MatrixEntry[]>>('./authz/*.matrix.ts', {
  eager: true,
});
const matrix: MatrixEntry[] = Object.values(modules)
  .flatMap((m) => Object.values(m).flat())
  .filter((e) => e.route !== 'POST /auth/logout');
const i18n = createI18n();
const ru = i18n.getFixedT('ru');

let h: ApiHarness;
/** One SQL statement returning a digest of every row of every table. */
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
      (t) => `coalesce((SELECT string_agg(x::text, ',' ORDER BY x::text) FROM "${t.name}" x), '')`,
    )
    .join(' || ')}) AS digest`;
});
afterAll(() => h.close());

const digest = async () =>
  (await h.db.prisma.$queryRawUnsafe<{ digest: string }[]>(digestSql))[0]?.digest;

const urlOf = (route: string, params: Record<string, string | number> = {}, raw = false) => {
  const path = route.split(' ')[1] ?? '';
  return `/api/v1${path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: no value for :${name}`);
    return raw ? String(value) : encodeURIComponent(String(value));
  })}`;
};

/** Sends a matrix request (possibly altered) as the first role allowed to make it. */
const send = async (
  entry: MatrixEntry,
  spec: MatrixRequest,
  options: { rawPath?: boolean; headers?: Record<string, string> } = {},
) => {
  const role = entry.allowed[0] ?? 'admin';
  const method = (entry.route.split(' ')[0] ?? '').toLowerCase() as
    'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = request(h.app)
    [method](urlOf(entry.route, spec.params, options.rawPath))
    .set(await h.headersFor(role))
    .set('accept-language', 'ru');
  if (options.headers) req = req.set(options.headers);
  if (spec.query) req = req.query(spec.query);
  if (spec.raw) return req.set('content-type', spec.raw.contentType).send(spec.raw.data);
  if (spec.body !== undefined) return req.send(spec.body as object);
  return req;
};

/** Asserts a localized 400 naming `key`, and that no row of any table changed. */
const expectRefused = async (
  label: string,
  entry: MatrixEntry,
  spec: MatrixRequest,
  key: string,
  options: { rawPath?: boolean; headers?: Record<string, string> } = {},
) => {
  await h.headersFor(entry.allowed[0] ?? 'admin'); // sign in before the digest
  const before = await digest();
  const res = await send(entry, spec, options);
  const what = `${entry.route} ${label}: ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, what).toBe(400);
  expect(res.headers['content-type'], what).toContain('application/problem+json');
  const body = res.body as {
    code: string;
    title: string;
    errors?: { code: string; message: string; params?: Record<string, string> }[];
  };
  expect(body.code, what).toBe('VALIDATION_FAILED');
  expect(body.title, what).toBe(ru('errors:VALIDATION_FAILED'));
  expect(
    body.errors?.map((e) => e.code),
    what,
  ).toContain(key);
  const issue = body.errors?.find((e) => e.code === key);
  expect(issue?.message, what).toBe(ru(`errors:validation.${key}`, issue?.params ?? {}));
  expect(issue?.message, what).not.toMatch(/^validation\./);
  expect(await digest(), what).toBe(before);
};

/** Non-canonical spellings of an integer id, as text (paths, query strings). */
const badIdTexts = (id: number) => [
  'true',
  `[${id}]`,
  `0x${id.toString(16)}`,
  ` ${id}`,
  `${id} `,
  `+${id}`,
  `0${id}`,
  `${id}.0`,
  `${id}e0`,
  '1e1',
  '-0',
  '0',
  `-${id}`,
  '2147483648',
  '99999999999999999999',
  `${id}%00`,
];

/** JSON values that are not a JSON integer id. */
const badIdJson = (id: number): unknown[] => [
  true,
  [id],
  String(id),
  `0x${id.toString(16)}`,
  ` ${id}`,
  `${id}.0`,
  id + 0.5,
  { id },
  null,
];

/** Every (path, value) of a JSON value, depth first. */
const leaves = (
  value: unknown,
  path: (string | number)[] = [],
): [(string | number)[], unknown][] => {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
};

const replaceAt = (value: unknown, path: (string | number)[], next: unknown): unknown => {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, next) : v));
  const obj = value as Record<string, unknown>;
  return { ...obj, [String(head)]: replaceAt(obj[String(head)], rest, next) };
};

const specOf = (entry: MatrixEntry) =>
  entry.request({
    world: h.world,
    prisma: h.db.prisma,
    filesDir: h.filesDir,
    role: entry.allowed[0] ?? 'admin',
  });

describe('input boundary', () => {
  it('the sweep covers every route with a path parameter, a query string or a body', () => {
    const rows = new Set(matrix.map((e) => e.route));
    for (const r of allRoutes) {
      const key = `${r.method.toUpperCase()} ${r.path}`;
      if (key === 'POST /auth/logout') continue;
      expect(rows.has(key), key).toBe(true);
    }
  });

  describe('path ids: only canonical decimal integers', () => {
    for (const entry of matrix.filter((e) => e.route.includes(':'))) {
      it(`${entry.route} refuses every other spelling of an id`, async () => {
        const spec = await specOf(entry);
        for (const [name, value] of Object.entries(spec.params ?? {})) {
          for (const bad of badIdTexts(Number(value))) {
            await expectRefused(
              `:${name}=${JSON.stringify(bad)}`,
              entry,
              { ...spec, params: { ...spec.params, [name]: bad } },
              'invalidId',
              { rawPath: bad.includes('%') },
            );
          }
        }
      });
    }
  });

  describe('query strings: validated by the schema OpenAPI shows', () => {
    for (const entry of matrix.filter(
      (e) => e.route.startsWith('GET ') || e.route.includes('imports'),
    )) {
      it(`${entry.route} refuses non-canonical numbers, repeated keys and unknown keys`, async () => {
        const spec = await specOf(entry);
        const query = spec.query ?? {};
        for (const [name, value] of Object.entries(query)) {
          if (!/^[1-9][0-9]*$/.test(value)) continue;
          for (const bad of [
            '0x10',
            ` ${value}`,
            `${value}.0`,
            '1e1',
            `+${value}`,
            'true',
            `0${value}`,
          ]) {
            await expectRefused(
              `?${name}=${bad}`,
              entry,
              { ...spec, query: { ...query, [name]: bad } },
              'invalidInteger',
            );
          }
        }
        await expectRefused(
          '?bogus=1',
          entry,
          { ...spec, query: { ...query, bogus: '1' } },
          'unknownField',
        );
      });
    }
  });

  describe('JSON bodies: ids and numbers only as JSON numbers', () => {
    for (const entry of matrix) {
      it(`${entry.route} refuses coerced numbers in its body`, async () => {
        const spec = await specOf(entry);
        if (spec.body === undefined || spec.raw) return;
        const numbers = leaves(spec.body).filter(([, v]) => typeof v === 'number');
        for (const [path, value] of numbers) {
          for (const bad of badIdJson(value as number)) {
            // null clears optional fields of some updates; it is not a coercion.
            if (bad === null) continue;
            const before = await digest();
            const res = await send(entry, { ...spec, body: replaceAt(spec.body, path, bad) });
            const what = `${entry.route} ${path.join('.')}=${JSON.stringify(bad)}: ${res.status} ${res.text.slice(0, 300)}`;
            expect(res.status, what).toBe(400);
            expect((res.body as { code: string }).code, what).toBe('VALIDATION_FAILED');
            expect(await digest(), what).toBe(before);
          }
        }
      });
    }
  });

  describe('text: NUL bytes and lone surrogates are refused before the database', () => {
    for (const entry of matrix) {
      it(`${entry.route} refuses them in every text field of its body and query`, async () => {
        const spec = await specOf(entry);
        if (spec.body !== undefined && !spec.raw) {
          for (const [path, value] of leaves(spec.body).filter(([, v]) => typeof v === 'string')) {
            for (const bad of [`${String(value)}\u0000`, `\ud800${String(value)}`, '\udc00']) {
              await expectRefused(
                `${path.join('.')}=${JSON.stringify(bad)}`,
                entry,
                { ...spec, body: replaceAt(spec.body, path, bad) },
                'invalidText',
              );
            }
          }
          // a key is text too
          await expectRefused(
            'key with NUL',
            entry,
            { ...spec, body: { ...(spec.body as object), 'a\u0000': 1 } },
            'invalidText',
          );
        }
        for (const [name, value] of Object.entries(spec.query ?? {})) {
          await expectRefused(
            `?${name} with NUL`,
            entry,
            { ...spec, query: { ...spec.query, [name]: `${value}\u0000` } },
            'invalidText',
          );
        }
      });
    }
  });

  describe('identity headers', () => {
    const me = matrix.find((e) => e.route === 'GET /me');
    const bot = (tg: string, extra: Record<string, string> = {}) => ({
      authorization: `Bearer ${SERVICE_TOKEN}`,
      'x-telegram-user-id': tg,
      ...extra,
    });
    it.each([
      '9223372036854775808',
      '99999999999999999999',
      '0x3e9',
      '1001.0',
      '1e3',
      '-1001',
      '0',
      '01001',
      '',
    ])('X-Telegram-User-Id %j is a localized 400', async (value) => {
      const res = await request(h.app)
        .get('/api/v1/me')
        .set(bot(value))
        .set('accept-language', 'ru');
      expect(res.status, res.text).toBe(400);
      expect(res.body.errors[0].code).toBe('invalidHeader');
      expect(res.body.errors[0].message).toBe(
        ru('errors:validation.invalidHeader', { header: 'X-Telegram-User-Id' }),
      );
      expect(me).toBeDefined();
    });
    it.each(['1.5', 'abc', '0x1', '+1', '-1', '1e0', '2147483648'])(
      'X-Sabak-User-Id %j is a localized 400',
      async (value) => {
        const res = await request(h.app)
          .get('/api/v1/me')
          .set(bot(TG.parentA.toString(), { 'x-sabak-user-id': value }))
          .set('accept-language', 'ky');
        expect(res.status, res.text).toBe(400);
        expect(res.body.errors[0].message).toBe(
          i18n.getFixedT('ky')('errors:validation.invalidHeader', { header: 'X-Sabak-User-Id' }),
        );
      },
    );
    it('the largest int64 Telegram id is a valid (unlinked) user, not a crash', async () => {
      const res = await request(h.app).get('/api/v1/me').set(bot('9223372036854775807'));
      expect(res.status).toBe(401);
    });
  });

  describe('flags in the query string', () => {
    it.each(['TRUE', '1', 'yes', 'True', ' true', 'on', ''])(
      '?dryRun=%j is a 400 and imports nothing',
      async (value) => {
        const entry = matrix.find((e) => e.route === 'POST /schools/:schoolId/imports');
        if (!entry) throw new Error('no import row');
        const spec = await specOf(entry);
        const subjects = await h.db.prisma.subject.count();
        const csv = 'Код;Название (кырг.);Название (рус.)\nDRY;Кургак;Сухой\n';
        await expectRefused(
          `?dryRun=${value}`,
          entry,
          {
            ...spec,
            query: { ...spec.query, dryRun: value },
            raw: { contentType: 'text/csv', data: csv },
          },
          'invalidBoolean',
        );
        expect(await h.db.prisma.subject.count()).toBe(subjects);
      },
    );
    it('?dryRun=true checks the file and imports nothing; the OpenAPI document says boolean', async () => {
      const csv = 'Код;Название (кырг.);Название (рус.)\nDRY;Кургак;Сухой\n';
      const res = await request(h.app)
        .post(`/api/v1/schools/${h.world.school.id}/imports?dryRun=true&fileName=s.csv`)
        .set(await h.headersFor('admin'))
        .set('content-type', 'text/csv')
        .send(csv);
      expect(res.status, res.text).toBe(200);
      expect(await h.db.prisma.subject.count({ where: { code: 'DRY' } })).toBe(0);
      const doc = await request(h.app).get('/api/v1/openapi.json');
      const op = doc.body.paths['/api/v1/schools/{schoolId}/imports'].post;
      const dryRun = op.parameters.find((p: { name: string }) => p.name === 'dryRun');
      expect(dryRun.schema.type).toBe('boolean');
      const schoolId = op.parameters.find((p: { name: string }) => p.name === 'schoolId');
      expect(schoolId.schema.type).toBe('integer');
    });
  });
});
