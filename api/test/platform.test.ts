import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { allRoutes } from '../routes/index.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

describe('health probes', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await request(h.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(h.app).get('/readyz')).body).toEqual({ status: 'ready' });
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('documents every route with its request schema', async () => {
    const res = await request(h.app).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const route of allRoutes) {
      const path = `/api/v1${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
      expect(res.body.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const mark =
      res.body.paths['/api/v1/marks'].post.requestBody.content['application/json'].schema;
    expect(mark.properties.value).toBeDefined();
  });
});

describe('errors', () => {
  it('an unknown route is a localized 404 problem', async () => {
    const res = await request(h.app).get('/api/v1/no-such-thing').set('accept-language', 'ru');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.text).errors[0].message).toBe('Такого адреса нет.');
  });

  it('a malformed JSON body is a localized 400 and changes nothing', async () => {
    const before = await h.db.prisma.mark.count();
    const res = await request(h.app)
      .post('/api/v1/marks')
      .set(await h.headersFor('teacherOfClass'))
      .set('content-type', 'application/json')
      .set('accept-language', 'ky')
      .send('{"lessonId": 1, "value": ');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].code).toBe('malformedBody');
    expect(await h.db.prisma.mark.count()).toBe(before);
  });

  it('wrong types are named field by field', async () => {
    const res = await request(h.app)
      .post('/api/v1/marks')
      .set(await h.headersFor('teacherOfClass'))
      .set('accept-language', 'en')
      .send({ lessonId: 'abc', pupilId: h.world.pupilA.id, value: '5', extra: 1 });
    expect(res.status).toBe(400);
    const paths = JSON.parse(res.text).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['lessonId', 'value']));
  });

  it('an oversized body is refused with 400', async () => {
    const res = await request(h.app)
      .post('/api/v1/marks')
      .set(await h.headersFor('teacherOfClass'))
      .send({
        lessonId: h.world.lessonA.id,
        pupilId: h.world.pupilA.id,
        value: 5,
        comment: 'x'.repeat(2_000_000),
      });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].code).toBe('tooLarge');
  });
});

describe('authentication', () => {
  it('a wrong service token is 401', async () => {
    const res = await request(h.app)
      .get('/api/v1/me')
      .set('authorization', 'Bearer nope')
      .set('x-telegram-user-id', '1001');
    expect(res.status).toBe(401);
  });

  it('the bot acting for an unlinked Telegram user is anonymous', async () => {
    const res = await request(h.app)
      .get('/api/v1/me')
      .set('authorization', `Bearer ${SERVICE_TOKEN}`)
      .set('x-telegram-user-id', '777');
    expect(res.status).toBe(401);
  });

  it('a wrong password is refused with a localized message', async () => {
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .set('accept-language', 'ky')
      .send({ login: h.world.users.admin.login, password: 'wrong' });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text).detail).toBe('Логин же сырсөз туура эмес.');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('the session cookie is httpOnly', async () => {
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ login: h.world.users.admin.login, password: 'correct-horse-42' });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/i);
  });
});
