/**
 * The diary's fast path (api/fast-path.ts): it answers the bot's day and week reads exactly as the
 * Express path does, and hands everything else — every refusal included — to Express before it
 * has written anything.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { diaryFastPath } from '../fast-path.ts';
import { allRoutes } from '../routes/index.ts';
import { botHeaders } from './diary-factories.ts';

let h: ApiHarness;
/** The fast path alone: 599 when it handed the request on, 598 when it declined it. */
let alone: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  h = await createApiHarness();
  const take = diaryFastPath({
    domain: h.domain,
    serviceToken: SERVICE_TOKEN,
    routes: allRoutes,
    toJson: JSON.stringify,
  });
  alone = (req, res) => {
    const handedOn = () => {
      res.writeHead(599);
      res.end('handed on');
    };
    if (!take(req, res, handedOn)) {
      res.writeHead(598);
      res.end('declined');
    }
  };
});
afterAll(() => h.close());

const parent = () => h.headersFor('parentA');
const dayOf = (pupilId: number) => `/api/v1/pupils/${pupilId}/diary/day`;

describe('the diary fast path', () => {
  it.each(['day', 'week'])("answers the bot's %s read itself", async (view) => {
    const res = await request(alone)
      .get(`/api/v1/pupils/${h.world.pupilA.id}/diary/${view}?date=2026-10-15`)
      .set(await parent());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.etag).toMatch(/^W\/"/);
    expect(res.body.pupil.id).toBe(h.world.pupilA.id);
  });

  it('answers what the Express path answers for the same read', async () => {
    const headers = await parent();
    const url = `/api/v1/pupils/${h.world.pupilA.id}/diary/week`;
    const fast = await request(h.app).get(`${url}?date=2026-10-15`).set(headers);
    // A trailing slash is not the fast path's shape; Express matches it to the same route.
    const express = await request(h.app).get(`${url}/?date=2026-10-15`).set(headers);
    expect((await request(alone).get(`${url}/`).set(headers)).status).toBe(598);
    expect(fast.status).toBe(200);
    expect(express.status).toBe(200);
    expect(fast.text).toBe(express.text);
    expect(fast.headers.etag).toBe(express.headers.etag);
    expect(fast.headers['content-type']).toBe(express.headers['content-type']);
    expect(fast.headers['content-length']).toBe(express.headers['content-length']);
  });

  it('answers 304 without a body when the bot already holds that day', async () => {
    const headers = await parent();
    const first = await request(alone).get(dayOf(h.world.pupilA.id)).set(headers);
    const again = await request(alone)
      .get(dayOf(h.world.pupilA.id))
      .set({ ...headers, 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  const refusals: [string, () => Promise<[string, Record<string, string>]>, number][] = [
    ['another family’s pupil', async () => [dayOf(h.world.pupilB.id), await parent()], 403],
    ['a pupil that does not exist', async () => [dayOf(999_999), await parent()], 404],
    ['a pupil id of 0', async () => [dayOf(0), await parent()], 400],
    ['an int64 overflow of a pupil id', async () => [dayOf(9e18), await parent()], 400],
    [
      'an impossible date',
      async () => [`${dayOf(h.world.pupilA.id)}?date=2026-02-30`, await parent()],
      400,
    ],
    [
      'a repeated date',
      async () => [`${dayOf(h.world.pupilA.id)}?date=2026-10-15&date=2026-10-16`, await parent()],
      400,
    ],
    [
      'an unknown query parameter',
      async () => [`${dayOf(h.world.pupilA.id)}?pupilId=${h.world.pupilB.id}`, await parent()],
      400,
    ],
    [
      'a control character in the query',
      async () => [`${dayOf(h.world.pupilA.id)}?date=2026-10-15%00`, await parent()],
      400,
    ],
    [
      'a wrong service token',
      async () => [
        dayOf(h.world.pupilA.id),
        { ...(await parent()), authorization: 'Bearer not-the-token' },
      ],
      401,
    ],
    [
      'a Telegram user linked to no one',
      async () => [dayOf(h.world.pupilA.id), botHeaders(987_654_321n)],
      401,
    ],
    [
      'a malformed Telegram user id',
      async () => [
        dayOf(h.world.pupilA.id),
        { ...(await parent()), 'x-telegram-user-id': '12abc' },
      ],
      400,
    ],
    [
      'a service token without a Telegram user',
      async () => [dayOf(h.world.pupilA.id), { authorization: `Bearer ${SERVICE_TOKEN}` }],
      401,
    ],
  ];

  it.each(refusals)(
    'hands %s on to Express, which refuses it with its localized problem',
    async (_name, make, status) => {
      const [url, headers] = await make();
      expect((await request(alone).get(url).set(headers)).status).toBe(599);
      const res = await request(h.app)
        .get(url)
        .set({ ...headers, 'accept-language': 'ru' });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail ?? res.body.title).toMatch(/[А-Яа-я]/);
    },
  );

  it.each([
    ['a write', 'post', dayOf(1), {}],
    ['another route', 'get', '/api/v1/me/children', {}],
    ['a route it does not serve', 'get', '/api/v1/pupils/1/marks', {}],
    ['another spelling of the path', 'get', '/api/v1/Pupils/1/diary/day', {}],
    ['a request with a body', 'get', dayOf(1), { 'content-type': 'application/json' }],
    ['a session instead of the service token', 'get', dayOf(1), { cookie: 'sabak_session=x' }],
  ] as const)('declines %s', async (name, method, url, extra) => {
    const headers = name.startsWith('a session') ? {} : await parent();
    const req = request(alone)
      [method](url)
      .set({ ...headers, ...extra });
    const res = await (name === 'a request with a body' ? req.send('{}') : req);
    expect(res.status).toBe(598);
  });
});
