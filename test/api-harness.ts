/** Builds a real app on a fresh database for one API test file, with a client per role. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../api/app.ts';
import { createDiskStore, createDomain, type Domain } from '../domain/index.ts';
import { createI18n } from '../locales/i18n.ts';
import { createTestDb, type TestDb } from './db.ts';
import { buildWorld, TEST_NOW, TEST_PASSWORD, TG, type Role, type World } from './world.ts';

export const SERVICE_TOKEN = 'test-service-token-0123456789abcdef';

export interface ApiHarness {
  db: TestDb;
  world: World;
  domain: Domain;
  /** The folder of the disk file store this app's attachments go to (removed on close). */
  filesDir: string;
  app: ReturnType<typeof createApp>;
  /** Headers that make a request act as `role` (session cookie for staff, bot token for parents and pupils). */
  headersFor: (role: Role) => Promise<Record<string, string>>;
  close: () => Promise<void>;
}

/** The app as tests build it over `domain`: silent, the test service token, loose rate limits. */
export const createTestApp = (domain: Domain) =>
  createApp({
    domain,
    logger: pino({ level: 'silent' }),
    i18n: createI18n(),
    serviceToken: SERVICE_TOKEN,
    loginLimit: 1000,
    linkCodeLimit: 1000,
  });

/**
 * A second API process on the harness's database (its own pool and memory), as another instance
 * behind a load balancer would be.
 */
export const createSecondInstance = (h: ApiHarness, now: () => Date) => {
  const domain = createDomain({
    databaseUrl: h.db.url,
    maxConnections: 2,
    now,
    files: createDiskStore(h.filesDir),
  });
  return { domain, app: createTestApp(domain) };
};

export const createApiHarness = async (
  options: { now?: Date; botUsername?: string } = {},
): Promise<ApiHarness> => {
  const db = await createTestDb();
  const world = await buildWorld(db.prisma);
  const filesDir = await mkdtemp(path.join(tmpdir(), 'sabak-files-'));
  const domain = createDomain({
    databaseUrl: db.url,
    maxConnections: 4,
    now: () => options.now ?? TEST_NOW,
    files: createDiskStore(filesDir),
    settings: { botUsername: options.botUsername ?? 'sabak_test_bot' },
  });
  const app = createTestApp(domain);
  const cookies = new Map<Role, string>();
  const staffLogin = async (role: Role, login: string) => {
    const cached = cookies.get(role);
    if (cached) return cached;
    const res = await request(app)
      .post('/api/v1/auth/login')
      .send({ login, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`login of ${role} failed: ${res.status} ${res.text}`);
    const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    cookies.set(role, cookie);
    return cookie;
  };
  const bot = (tg: bigint) => ({
    authorization: `Bearer ${SERVICE_TOKEN}`,
    'x-telegram-user-id': tg.toString(),
  });
  const headersFor = async (role: Role): Promise<Record<string, string>> => {
    switch (role) {
      case 'anonymous':
        return {};
      case 'parentA':
        return bot(TG.parentA);
      case 'parentB':
        return bot(TG.parentB);
      case 'pupilA':
        return bot(TG.pupilA);
      default: {
        const login = world.users[role].login;
        if (!login) throw new Error(`${role} has no login`);
        return { cookie: await staffLogin(role, login) };
      }
    }
  };
  return {
    db,
    world,
    domain,
    filesDir,
    app,
    headersFor,
    close: async () => {
      await domain.close();
      await db.drop();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
};
