/** A real notification pipeline for one test file: test database, real Redis, fake Bot API. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { createDomain, encryptToken, type Domain } from '../../domain/index.ts';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildWorld, type World } from '../../test/world.ts';
import { startNotifyWorker, type NotifyWorker, type NotifyWorkerOptions } from '../app.ts';
import { createBotSender } from '../telegram/bots.ts';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TOKEN_A = '111111:default-bot-token';
export const TOKEN_B = '222222:second-bot-token';
/** The key the harness encrypts bot B's token with (BOT_TOKEN_KEY of a worker process). */
export const TOKEN_KEY = 'ab'.repeat(32);

export const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export interface PipelineHarness {
  db: TestDb;
  world: World;
  domain: Domain;
  fake: FakeBotApi;
  prefix: string;
  botB: number;
  start: (overrides?: Partial<NotifyWorkerOptions>) => Promise<NotifyWorker>;
  close: () => Promise<void>;
}

export const createPipelineHarness = async (
  options: { windowMs?: number; fakeRate?: number; pool?: number } = {},
): Promise<PipelineHarness> => {
  const db = await createTestDb();
  const world = await buildWorld(db.prisma);
  // History is not replayed: the links must predate the events of the tests.
  await db.prisma.telegramLink.updateMany({ data: { linkedAt: new Date('2026-01-01') } });
  const botB = await db.prisma.botAccount.create({
    data: {
      username: `sabak_b_${randomBytes(3).toString('hex')}_bot`,
      tokenEncrypted: encryptToken(TOKEN_B, TOKEN_KEY),
    },
  });
  const domain = createDomain({
    databaseUrl: db.url,
    maxConnections: options.pool ?? 8,
    settings: { notifyWindowMs: options.windowMs ?? 300 },
  });
  const fake = await startFakeBotApi({ ratePerSecond: options.fakeRate });
  const prefix = `t-notify-${randomBytes(4).toString('hex')}`;
  const running: NotifyWorker[] = [];
  const start = async (overrides: Partial<NotifyWorkerOptions> = {}) => {
    const worker = await startNotifyWorker({
      domain,
      logger: pino({ level: 'silent' }),
      redisUrl: REDIS_URL,
      prefix,
      bots: [
        createBotSender(null, TOKEN_A, fake.apiRoot),
        createBotSender(botB.id, TOKEN_B, fake.apiRoot),
      ],
      ratePerBot: 30,
      reminderCron: '',
      relayIdleMs: 50,
      sweepIdleMs: 1_000,
      ...overrides,
    });
    running.push(worker);
    return worker;
  };
  return {
    db,
    world,
    domain,
    fake,
    prefix,
    botB: botB.id,
    start,
    close: async () => {
      for (const w of running) await w.close();
      const names = [
        'notify-events',
        'notify-schedule',
        'notify-deliver-default',
        `notify-deliver-bot${botB.id}`,
      ];
      for (const name of names) {
        const q = new Queue(name, { connection: { url: REDIS_URL }, prefix });
        await q.obliterate({ force: true });
        await q.close();
      }
      await fake.close();
      await domain.close();
      await db.drop();
    },
  };
};

/** Adds `count` linked guardians of `pupilId` (chat ids from `firstChat`), quiet hours off. */
export const addLinkedGuardians = async (
  h: PipelineHarness,
  pupilId: number,
  count: number,
  firstChat: number,
  botAccountId: number | null,
) => {
  const users = await h.db.prisma.user.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({
      schoolId: h.world.school.id,
      lastName: 'Ата-эне',
      firstName: `№${i}`,
      language: i % 2 ? ('ru' as const) : ('ky' as const),
    })),
    select: { id: true },
  });
  await h.db.prisma.guardian.createMany({ data: users.map((u) => ({ userId: u.id, pupilId })) });
  await h.db.prisma.notificationPreference.createMany({
    data: users.map((u) => ({ userId: u.id, quietFrom: null, quietTo: null })),
  });
  await h.db.prisma.telegramLink.createMany({
    data: users.map((u, i) => ({
      userId: u.id,
      telegramUserId: BigInt(firstChat + i),
      chatId: BigInt(firstChat + i),
      botAccountId,
      linkedAt: new Date('2026-01-01'),
    })),
  });
  return users.map((_, i) => firstChat + i);
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * worker/main.ts as a process of its own, configured through its environment as in production
 * but on the harness's database, Redis prefix and bots; `env` adds or overrides (rate,
 * concurrency, log level). No evening schedules: they would only add jobs to the counts.
 */
export const spawnWorkerProcess = (
  h: PipelineHarness,
  options: { apiRoot?: string; env?: Record<string, string>; stdout?: 'ignore' | 'pipe' } = {},
) =>
  spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', options.stdout ?? 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: h.db.url,
      REDIS_URL,
      QUEUE_PREFIX: h.prefix,
      BOT_TOKEN: TOKEN_A,
      BOT_TOKEN_KEY: TOKEN_KEY,
      TELEGRAM_API_ROOT: options.apiRoot ?? h.fake.apiRoot,
      NOTIFY_WINDOW_SECONDS: '0',
      NOTIFY_REMINDER_CRON: '',
      NOTIFY_DIGEST_CRON: '',
      ...options.env,
    },
  });
