/**
 * One process serving several bots (the default BOT_TOKEN bot and a stored bot account): each on
 * its own webhook path with the secret checked, each with its own sessions; a family linked
 * through the account's bot is linked to that bot, so notifications go out through it.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../locales/i18n.ts';
import { SERVICE_TOKEN } from '../../test/api-harness.ts';
import { createApiClient } from '../api-client.ts';
import { createFleet, prefixOf, webhookFleetServer } from '../fleet.ts';
import { createBotHarness, issueLinkCode, listen, type BotHarness } from './bot-harness.ts';
import { FAKE_BOT, type FakeUser } from './fake-bot-api.ts';

const SECRET = 'webhook-secret-0123456789';
const SECOND_TOKEN = '777001:SECOND-token-abcdefghijklmnopqrstuvwxyz';

describe('bot: several bot accounts in one process', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness({ poll: false });
    h.fake.extraTokens.add(SECOND_TOKEN);
  });
  afterAll(() => h.close());

  it('routes each bot its own updates, links through the account and keeps sessions apart', async () => {
    const account = await h.api.db.prisma.botAccount.create({
      data: { username: 'sabak_school12_bot', tokenEncrypted: 'v1.not.used.here' },
    });
    const fleet = createFleet(
      [
        { botAccountId: null, token: h.fake.token },
        { botAccountId: account.id, token: SECOND_TOKEN },
      ],
      {
        apiRoot: h.fake.apiRoot,
        api: createApiClient({ baseUrl: h.apiUrl, serviceToken: SERVICE_TOKEN }),
        redis: h.redis,
        i18n: createI18n(),
        logger: pino({ level: 'silent' }),
        redisPrefix: h.prefix,
        dedupeUpdates: true,
        botInfo: FAKE_BOT,
        now: () => new Date('2026-10-15T06:00:00Z'),
      },
    );
    const server = webhookFleetServer(fleet, { secretToken: SECRET, basePath: '/tg' });
    const base = await listen(server);
    const parent: FakeUser = { id: 7301, firstName: 'Мээрим', languageCode: 'ky' };
    const post = (path: string, update: object, secret = SECRET) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
    try {
      const code = await issueLinkCode(h, h.api.world.pupilA.id);
      const { update } = h.fake.sendText(parent, `/start ${code}`);
      const before = h.fake.calls.length;
      expect((await post(`/tg/a${account.id}`, update, 'wrong-secret-000000000')).status).toBe(401);
      expect((await post('/tg/a999999', update)).status).toBe(404);
      expect(h.fake.since(before)).toEqual([]);

      expect((await post(`/tg/a${account.id}`, update)).status).toBe(200);
      const replies = h.fake.since(before).filter((c) => c.method === 'sendMessage');
      expect(replies.length).toBeGreaterThan(0);
      // The account's bot answered, not the default one.
      expect(replies.every((c) => c.token === SECOND_TOKEN)).toBe(true);
      expect(replies.map((c) => String(c.params.text)).join('\n')).toContain('Асанов Нурлан');
      const link = await h.api.db.prisma.telegramLink.findFirstOrThrow({
        where: { telegramUserId: BigInt(parent.id), isActive: true },
      });
      expect(link.botAccountId).toBe(account.id);
      expect(await h.redis.exists(`${prefixOf(h.prefix, account.id)}session:${parent.id}`)).toBe(1);
      expect(await h.redis.exists(`${h.prefix}session:${parent.id}`)).toBe(0);

      // The default bot on its own path answers with its own token.
      const next = h.fake.sendText(parent, '/today');
      const mark = h.fake.calls.length;
      expect((await post('/tg', next.update)).status).toBe(200);
      const own = h.fake.since(mark).filter((c) => c.method === 'sendMessage');
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((c) => c.token === h.fake.token)).toBe(true);
    } finally {
      server.close();
    }
  });
});
