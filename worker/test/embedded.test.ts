/**
 * The API and the notification worker side by side on the embedded database (PGlite behind its
 * socket, as `npm start` runs them): many sign-ins, link redemptions and mark writes while the
 * relay polls every 20 ms. Every answered write must be there for the next request — two full CI
 * runs once saw a just-committed sign-in or link answered 401 here (scripts/pglite-session-queue.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { openDb, type Db } from '../../domain/db.ts';
import { createDomain, type Domain } from '../../domain/index.ts';
import { createI18n } from '../../locales/i18n.ts';
import { applyMigrations } from '../../prisma/scripts/schema-engine.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/embedded-db.ts';
import { buildWorld, TEST_NOW, TEST_PASSWORD, type World } from '../../test/world.ts';
import { startNotifyWorker, type NotifyWorker } from '../app.ts';
import { createBotSender } from '../telegram/bots.ts';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api.ts';
import { REDIS_URL, TOKEN_A, waitFor } from './harness.ts';

const SERVICE_TOKEN = 'embedded-test-service-token-0123456789';
const GUARDIANS = 24;

let dir: string;
let embedded: EmbeddedPostgres;
let prisma: Db;
let world: World;
let apiDomain: Domain;
let workerDomain: Domain;
let server: Server;
let base: string;
let fake: FakeBotApi;
let worker: NotifyWorker;
const prefix = `t-embedded-${randomBytes(4).toString('hex')}`;

/** Like `npm start` on PGlite: small pools, no named statements. */
const domainOn = (url: string) =>
  createDomain({
    databaseUrl: url,
    maxConnections: 3,
    preparedStatements: false,
    now: () => TEST_NOW,
    settings: { notifyWindowMs: 0 },
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sabak-embedded-'));
  embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pglite'), port: 0 });
  await applyMigrations(embedded.url);
  prisma = openDb({ connectionString: embedded.url, maxConnections: 2, preparedStatements: false });
  world = await buildWorld(prisma);
  apiDomain = domainOn(embedded.url);
  workerDomain = domainOn(embedded.url);
  const app = createApp({
    domain: apiDomain,
    logger: pino({ level: 'silent' }),
    i18n: createI18n(),
    serviceToken: SERVICE_TOKEN,
    loginLimit: 10_000,
    linkCodeLimit: 10_000,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  fake = await startFakeBotApi();
  worker = await startNotifyWorker({
    domain: workerDomain,
    logger: pino({ level: 'silent' }),
    redisUrl: REDIS_URL,
    prefix,
    bots: [createBotSender(null, TOKEN_A, fake.apiRoot)],
    reminderCron: '',
    relayIdleMs: 20,
    sweepIdleMs: 200,
  });
}, 180_000);

afterAll(async () => {
  await worker?.close();
  for (const name of ['notify-events', 'notify-schedule', 'notify-deliver-default']) {
    const q = new Queue(name, { connection: { url: REDIS_URL }, prefix });
    await q.obliterate({ force: true });
    await q.close();
  }
  await new Promise((r) => server?.close(r));
  await fake?.close();
  await apiDomain?.close();
  await workerDomain?.close();
  await prisma?.$disconnect();
  await embedded?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

const call = async (
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
) => {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json: unknown = await res.json().catch(() => null);
  return { status: res.status, body: json };
};

const signIn = async (login: string) => {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
};

/** Runs `task(i)` for i < n with `parallel` at a time. */
const inParallel = async (n: number, parallel: number, task: (i: number) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) await task(next++);
    }),
  );
};

describe('API and worker together on the embedded database', () => {
  it('every sign-in, link and mark answered is there for the very next request', async () => {
    // Guardians of one pupil, each to link with a fresh code.
    const users = await prisma.user.createManyAndReturn({
      data: Array.from({ length: GUARDIANS }, (_, i) => ({
        schoolId: world.school.id,
        lastName: 'Ата-эне',
        firstName: `№${i}`,
      })),
      select: { id: true },
    });
    await prisma.guardian.createMany({
      data: users.map((u) => ({ userId: u.id, pupilId: world.pupilA2.id })),
    });
    const classTeacher = await signIn(world.users.classTeacher.login ?? '');
    const created = await call('POST', `/classes/${world.classA.id}/link-codes`, classTeacher, {
      role: 'PARENT',
      pupilIds: [world.pupilA2.id],
    });
    expect(created.status).toBe(201);
    const codes = (created.body as { codes: { code: string }[] }).codes.map((c) => c.code);
    expect(codes.length).toBeGreaterThanOrEqual(GUARDIANS);

    const failures: string[] = [];
    const teacherLogin = world.users.teacherOfClass.login ?? '';
    const values: number[] = [];
    await Promise.all([
      // Sign-ins, each followed at once by a request with the new session.
      inParallel(30, 3, async (i) => {
        const session = await signIn(i % 2 ? teacherLogin : (world.users.admin.login ?? ''));
        const me = await call('GET', '/me', session);
        if (me.status !== 200) failures.push(`sign-in ${i}: /me ${me.status}`);
      }),
      // Link redemptions, each followed at once by the parent's children.
      inParallel(codes.length, 3, async (i) => {
        const bot = {
          authorization: `Bearer ${SERVICE_TOKEN}`,
          'x-telegram-user-id': String(8_000_000 + i),
        };
        const redeemed = await call('POST', '/link-codes/redeem', bot, { code: codes[i] });
        const children = await call('GET', '/me/children', bot);
        if (redeemed.status !== 200 || children.status !== 200)
          failures.push(`link ${i}: redeem ${redeemed.status}, children ${children.status}`);
      }),
      // Marks: each write reads back through the API at once; the relay publishes each event.
      (async () => {
        const teacher = await signIn(teacherLogin);
        for (let i = 0; i < 30; i++) {
          const value = 2 + (i % 4);
          const res = await call('POST', '/marks', teacher, {
            lessonId: world.lessonA.id,
            pupilId: world.pupilA2.id,
            value,
            kind: 'ORAL',
            reason: `stress ${i}`,
          });
          if (res.status !== 201) failures.push(`mark ${i}: ${res.status}`);
          values.push(value);
        }
      })(),
    ]);
    expect(failures).toEqual([]);
    expect(await prisma.telegramLink.count({ where: { chatId: { gte: 8_000_000n } } })).toBe(
      codes.length,
    );
    const mark = await prisma.mark.findFirstOrThrow({
      where: { lessonId: world.lessonA.id, pupilId: world.pupilA2.id, kind: 'ORAL' },
    });
    expect(mark.value).toBe(values.at(-1));
    // The relay ran throughout and published every event the writes committed.
    await waitFor(
      async () => (await prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0,
    );
    expect(
      await prisma.outboxEvent.count({ where: { type: { startsWith: 'mark.' } } }),
    ).toBeGreaterThan(0);
  }, 180_000);
});
