/** The queue dashboard (bull-board) at /admin/queues: school administrators only. */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createDomain, type Domain } from '../../domain/index.ts';
import { createI18n } from '../../locales/i18n.ts';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildWorld, TEST_PASSWORD, TG, type World } from '../../test/world.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SERVICE_TOKEN = 'dashboard-test-service-token-0123456789';
const prefix = `t-board-${randomBytes(4).toString('hex')}`;

let db: TestDb;
let world: World;
let domain: Domain;
let app: ReturnType<typeof createApp>;
let events: Queue;

beforeAll(async () => {
  db = await createTestDb();
  world = await buildWorld(db.prisma);
  domain = createDomain({ databaseUrl: db.url, maxConnections: 3 });
  app = createApp({
    domain,
    logger: pino({ level: 'silent' }),
    i18n: createI18n(),
    serviceToken: SERVICE_TOKEN,
    loginLimit: 1000,
    queueDashboard: { redisUrl: REDIS_URL, prefix },
  });
  events = new Queue('notify-events', { connection: { url: REDIS_URL }, prefix });
  await events.add('event', { eventId: 1 }, { jobId: 'event-1', delay: 60_000 });
});

afterAll(async () => {
  await events.obliterate({ force: true });
  await events.close();
  await domain.close();
  await db.drop();
});

const sessionOf = async (login: string | null) => {
  const res = await request(app)
    .post('/api/v1/auth/login')
    .send({ login, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  return String(res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
};

describe('GET /admin/queues', () => {
  it('shows the director the queues, read-only', async () => {
    const cookie = await sessionOf(world.users.admin.login);
    const page = await request(app).get('/admin/queues').set('cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    const api = await request(app).get('/admin/queues/api/queues').set('cookie', cookie);
    expect(api.status).toBe(200);
    const body = api.body as { queues: { name: string; readOnlyMode: boolean }[] };
    const names = body.queues.map((q) => q.name);
    expect(names).toEqual(
      expect.arrayContaining(['notify-events', 'notify-schedule', 'notify-deliver-default']),
    );
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('refuses a teacher and a deputy (403), a parent through the bot and anonymous (401)', async () => {
    for (const role of ['teacherOfClass', 'deputy'] as const) {
      const cookie = await sessionOf(world.users[role].login);
      const res = await request(app).get('/admin/queues/api/queues').set('cookie', cookie);
      expect(res.status, role).toBe(403);
      expect(res.text).not.toContain('notify-events');
    }
    const parent = await request(app)
      .get('/admin/queues/api/queues')
      .set('authorization', `Bearer ${SERVICE_TOKEN}`)
      .set('x-telegram-user-id', TG.parentA.toString());
    expect(parent.status).toBe(401);
    const anonymous = await request(app).get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain('root');
  });

  it('is not there when the API runs without Redis', async () => {
    const bare = createApp({
      domain,
      logger: pino({ level: 'silent' }),
      i18n: createI18n(),
      serviceToken: SERVICE_TOKEN,
    });
    const cookie = await sessionOf(world.users.admin.login);
    expect((await request(bare).get('/admin/queues').set('cookie', cookie)).status).toBe(404);
  });
});
