/** `npm run bot:add / bot:list / bot:disable`: a school's bot without SQL, its token encrypted. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptToken } from '../../domain/notifications/token-crypto.ts';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildWorld, type World } from '../../test/world.ts';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'ab'.repeat(32);
const TOKEN = '7000000001:AAE_fake-token-of-the-school-bot-0123';

let db: TestDb;
let world: World;
let fake: FakeBotApi;
beforeAll(async () => {
  db = await createTestDb();
  world = await buildWorld(db.prisma);
  fake = await startFakeBotApi();
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'domain/notifications/bot-account-cli.ts', ...args, '--lang', 'ky'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url, BOT_TOKEN_KEY: KEY, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          out: `${stdout}${stderr}`,
        }),
    );
  });

describe('bot account CLI', () => {
  it('adds a school bot with its token encrypted, lists it, turns it off', async () => {
    const added = await cli([
      'add',
      '--school',
      world.school.code,
      '--token',
      TOKEN,
      '--username',
      'talas_school_bot',
    ]);
    expect(added.code, added.out).toBe(0);
    expect(added.out).toContain('@talas_school_bot боту');
    const row = await db.prisma.botAccount.findUniqueOrThrow({
      where: { username: 'talas_school_bot' },
    });
    expect(row.schoolId).toBe(world.school.id);
    expect(row.tokenEncrypted).not.toContain('AAE_fake');
    expect(decryptToken(row.tokenEncrypted, KEY)).toBe(TOKEN);

    const listed = await cli(['list']);
    expect(listed.code, listed.out).toBe(0);
    expect(listed.out).toMatch(/@talas_school_bot {2}мектеп: \S+ {2}иштеп жатат/);
    expect(listed.out).not.toContain('AAE_fake');

    const off = await cli(['disable', '--username', '@talas_school_bot']);
    expect(off.code, off.out).toBe(0);
    expect((await db.prisma.botAccount.findUniqueOrThrow({ where: { id: row.id } })).isActive).toBe(
      false,
    );
  }, 120_000);

  it('asks Telegram for the name when --username is left out', async () => {
    const added = await cli(
      [
        'add',
        '--school',
        world.school.code,
        '--token',
        TOKEN.replace('0001', '0002'),
        '--paid-rate',
        '200',
      ],
      { TELEGRAM_API_ROOT: fake.apiRoot },
    );
    expect(added.code, added.out).toBe(0);
    const bot = await db.prisma.botAccount.findUniqueOrThrow({
      where: { username: 'sabak_test_bot' },
    });
    expect(bot).toMatchObject({ allowPaidBroadcast: true, paidRatePerSecond: 200 });
  }, 60_000);

  it('refuses without the key, a malformed token, an unknown school — and writes nothing', async () => {
    const before = await db.prisma.botAccount.count();
    const noKey = await cli(
      ['add', '--school', world.school.code, '--token', TOKEN, '--username', 'other_bot'],
      { BOT_TOKEN_KEY: '' },
    );
    expect(noKey.code).toBe(2);
    expect(noKey.out).toContain('BOT_TOKEN_KEY коюлган эмес');
    const badToken = await cli([
      'add',
      '--school',
      world.school.code,
      '--token',
      'not-a-token',
      '--username',
      'other_bot',
    ]);
    expect(badToken.code).toBe(2);
    expect(badToken.out).toContain('Бул боттун токени эмес');
    const noSchool = await cli([
      'add',
      '--school',
      'no-such',
      '--token',
      TOKEN,
      '--username',
      'other_bot',
    ]);
    expect(noSchool.code).toBe(2);
    expect(noSchool.out).toContain('«no-such» коду менен мектеп жок');
    expect(await db.prisma.botAccount.count()).toBe(before);
  }, 120_000);
});
