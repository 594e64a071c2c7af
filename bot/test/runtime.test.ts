import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_TOKEN } from '../../test/api-harness.ts';
import { TG } from '../../test/world.ts';
import { createApiClient } from '../api-client.ts';
import { createWebhookServer } from '../runtime.ts';
import { callbackData } from '../keyboards/callback-data.ts';
import { createBotHarness, listen, type BotHarness } from './bot-harness.ts';
import type { FakeUser } from './fake-bot-api.ts';

const parentA: FakeUser = { id: Number(TG.parentA), firstName: 'Гүлзат', languageCode: 'ky' };
const SECRET = 'webhook-secret-0123456789';

describe('bot runtime', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness({ poll: false });
  });
  afterAll(() => h.close());

  describe('in webhook mode', () => {
    it('refuses a wrong secret and handles a repeated update_id once', async () => {
      const bot = h.makeBot({ dedupeUpdates: true });
      const server = createWebhookServer(bot, { secretToken: SECRET, path: '/telegram' });
      const url = `${await listen(server)}/telegram`;
      try {
        const { update } = h.fake.sendText(parentA, '/today');
        const post = (secret: string | null) =>
          fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
            },
            body: JSON.stringify(update),
          });
        const before = h.fake.calls.length;
        expect((await post('wrong-secret-000000000')).status).toBe(401);
        expect((await post(null)).status).toBe(401);
        expect(h.fake.since(before)).toEqual([]);

        expect((await post(SECRET)).status).toBe(200);
        const replies = h.fake.since(before).filter((c) => c.method === 'sendMessage');
        expect(replies).toHaveLength(1);
        expect(String(replies[0]?.params.text)).toContain('Асанов Нурлан');

        const again = h.fake.calls.length;
        expect((await post(SECRET)).status).toBe(200);
        expect(h.fake.since(again)).toEqual([]);
        expect(await h.redis.exists(`${h.prefix}seen:${bot.botInfo.id}:${update.update_id}`)).toBe(
          1,
        );
      } finally {
        server.close();
      }
    });
  });

  describe('when the API is down', () => {
    it('tells the user in their language to try again shortly and keeps running', async () => {
      const dead = createServer();
      const deadUrl = await listen(dead);
      await new Promise((r) => dead.close(r));
      const bot = h.makeBot({
        api: createApiClient({ baseUrl: deadUrl, serviceToken: SERVICE_TOKEN, timeoutMs: 2000 }),
      });
      const retry = 'Азыр күндөлүккө туташа албай жатабыз. Бир аздан кийин кайра аракет кылыңыз.';

      let before = h.fake.calls.length;
      await bot.handleUpdate(h.fake.sendText(parentA, '/today').update);
      expect(h.fake.since(before).map((c) => c.params.text)).toEqual([retry]);

      before = h.fake.calls.length;
      await bot.handleUpdate(h.fake.pressButton(parentA, callbackData.marks(1), 1).update);
      const answers = h.fake.since(before);
      expect(answers.map((c) => c.method)).toEqual(['answerCallbackQuery']);
      expect(answers[0]?.params.text).toBe(retry);

      // Russian for a user whose Telegram speaks Russian.
      before = h.fake.calls.length;
      const ru: FakeUser = { id: 8101, firstName: 'Ольга', languageCode: 'ru' };
      await bot.handleUpdate(h.fake.sendText(ru, 'привет').update);
      expect(h.fake.since(before).map((c) => c.params.text)).toEqual([
        'Сейчас не удаётся связаться с дневником. Попробуйте ещё раз чуть позже.',
      ]);
    });
  });

  describe('per-user flood limit', () => {
    it('handles the first messages of a burst, warns once, and ignores the rest', async () => {
      const bot = h.makeBot({ flood: { limit: 2, windowMs: 60_000 } });
      const flooder: FakeUser = { id: 8102, firstName: 'Flood', languageCode: 'ky' };
      const before = h.fake.calls.length;
      for (let i = 0; i < 5; i++)
        await bot.handleUpdate(h.fake.sendText(flooder, `салам ${i}`).update);
      const texts = h.fake.since(before).map((c) => c.params.text);
      expect(texts.filter((t) => String(t).startsWith('Күндөлүктү көрүү үчүн'))).toHaveLength(2);
      expect(texts.filter((t) => String(t).startsWith('Сураныч, бир аз шашпаңыз'))).toHaveLength(1);
      expect(texts).toHaveLength(3);
    });
  });

  describe('Telegram answering 429', () => {
    it('retries after retry_after (bounded) and delivers the reply', async () => {
      const bot = h.makeBot();
      h.fake.failNext('sendMessage', {
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      });
      const before = h.fake.calls.length;
      await bot.handleUpdate(h.fake.sendText(parentA, '/today').update);
      const sends = h.fake.since(before).filter((c) => c.method === 'sendMessage');
      expect(sends).toHaveLength(2);
      expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(900);
    });
  });
});
