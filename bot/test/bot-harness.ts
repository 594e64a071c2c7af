/**
 * End-to-end harness of the bot: the real API (createApp on a fresh test database, listening on a
 * loopback port), real Redis under a unique key prefix, and the fake Bot API the bot polls.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunnerHandle } from '@grammyjs/runner';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import request from 'supertest';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import { TEST_NOW } from '../../test/world.ts';
import { createApiClient } from '../api-client.ts';
import { createBot, type BotDeps } from '../bot.ts';
import { startPolling } from '../runtime.ts';
import { FAKE_BOT, FakeBotApi, type FakeUser, type RecordedCall } from './fake-bot-api.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Calls that show the user something in a chat. */
export const isOutput = (chatId: number) => (call: RecordedCall) =>
  ['sendMessage', 'editMessageText', 'sendDocument'].includes(call.method) &&
  Number(call.params.chat_id) === chatId;

export const listen = async (server: Server) => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Flattens an inline keyboard (sent as JSON) to its buttons. */
export const buttonsOf = (
  call: RecordedCall | undefined,
): { text: string; callback_data: string }[] => {
  const markup = call?.params.reply_markup;
  const parsed = typeof markup === 'string' ? JSON.parse(markup) : markup;
  return (parsed?.inline_keyboard ?? []).flat();
};

export interface BotHarness {
  api: ApiHarness;
  apiUrl: string;
  fake: FakeBotApi;
  redis: Redis;
  prefix: string;
  /** Builds another bot on the same fakes (e.g. one whose API is down). */
  makeBot: (overrides?: Partial<BotDeps>) => ReturnType<typeof createBot>;
  /**
   * Injects an update and returns every Bot API call the bot made for it (waits until the polling
   * bot has finished the update).
   */
  turn: (
    user: FakeUser,
    inject: () => { update: { update_id: number }; after: number },
  ) => Promise<RecordedCall[]>;
  say: (user: FakeUser, text: string) => Promise<RecordedCall[]>;
  press: (user: FakeUser, data: string, messageId: number) => Promise<RecordedCall[]>;
  close: () => Promise<void>;
}

export const createBotHarness = async (
  options: { now?: Date; poll?: boolean } = {},
): Promise<BotHarness> => {
  const api = await createApiHarness(options.now ? { now: options.now } : {});
  // The world's mother of pupil A is, as imported, also the guardian of pupil A2 — not yet granted
  // (the sibling rule): only A2's own code grants her that child.
  const motherA = await api.db.prisma.guardian.findFirstOrThrow({
    where: { pupilId: api.world.pupilA.id },
  });
  await api.db.prisma.guardian.create({
    data: {
      userId: motherA.userId,
      pupilId: api.world.pupilA2.id,
      relation: 'mother',
      grantedAt: null,
    },
  });
  const server = api.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake = await FakeBotApi.start();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const prefix = `sabak:test:bot:${randomBytes(6).toString('hex')}:`;
  const i18n = createI18n();

  const makeBot = (overrides: Partial<BotDeps> = {}) =>
    createBot({
      token: fake.token,
      apiRoot: fake.apiRoot,
      api: createApiClient({ baseUrl: apiUrl, serviceToken: SERVICE_TOKEN, timeoutMs: 5000 }),
      redis,
      i18n,
      logger: pino({ level: 'silent' }),
      redisPrefix: prefix,
      flood: { limit: 1000, windowMs: 1000 },
      retry: { maxRetryAttempts: 1, maxDelaySeconds: 2 },
      botInfo: FAKE_BOT,
      now: () => options.now ?? TEST_NOW,
      ...overrides,
    });

  // Which updates the polling bot has finished, so a test waits exactly as long as it must.
  const handled = new Set<number>();
  const handledWaiters = new Map<number, () => void>();
  let runner: RunnerHandle | null = null;
  if (options.poll !== false) {
    const bot = makeBot();
    const handleUpdate = bot.handleUpdate.bind(bot);
    bot.handleUpdate = async (update, envelope) => {
      try {
        await handleUpdate(update, envelope);
      } finally {
        handled.add(update.update_id);
        handledWaiters.get(update.update_id)?.();
      }
    };
    runner = startPolling(bot);
  }

  const turn = async (
    _user: FakeUser,
    inject: () => { update: { update_id: number }; after: number },
  ) => {
    const { update, after } = inject();
    if (!handled.has(update.update_id)) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`update ${update.update_id} not handled`)),
          15_000,
        );
        handledWaiters.set(update.update_id, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return fake.since(after);
  };

  return {
    api,
    apiUrl,
    fake,
    redis,
    prefix,
    makeBot,
    turn,
    say: (user, text) => turn(user, () => fake.sendText(user, text)),
    press: (user, data, messageId) => turn(user, () => fake.pressButton(user, data, messageId)),
    close: async () => {
      if (runner?.isRunning()) await runner.stop();
      await fake.close();
      server.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await api.close();
    },
  };
};

/** Issues a fresh link code for one pupil through the API, as the class teacher does. */
export const issueLinkCode = async (
  h: BotHarness,
  pupilId: number,
  role: 'PARENT' | 'PUPIL' = 'PARENT',
) => {
  const classGroupId = h.api.world.classA.id;
  const res = await request(h.api.app)
    .post(`/api/v1/classes/${classGroupId}/link-codes`)
    .set(await h.api.headersFor('classTeacher'))
    .send({ role, pupilIds: [pupilId] });
  if (res.status !== 201) throw new Error(`link code: ${res.status} ${res.text}`);
  return res.body.codes[0].code as string;
};

/** The texts the bot sent or showed in these calls. */
export const textsOf = (calls: RecordedCall[]) =>
  calls.filter((c) => c.params.text !== undefined).map((c) => String(c.params.text));

/** The last message sent or edited in a chat. */
export const lastOutput = (calls: RecordedCall[], chatId: number) =>
  calls.filter(isOutput(chatId)).at(-1);

/** The callback data of the button whose label contains `label` on a chat's last message. */
export const buttonWith = (calls: RecordedCall[], chatId: number, label: string) => {
  const button = buttonsOf(lastOutput(calls, chatId)).find((b) => b.text.includes(label));
  if (!button)
    throw new Error(
      `no button "${label}" in ${JSON.stringify(buttonsOf(lastOutput(calls, chatId)))}`,
    );
  return button.callback_data;
};

/** The text of the last message sent or edited in a chat. */
export const lastText = (calls: RecordedCall[], chatId: number) =>
  String(lastOutput(calls, chatId)?.params.text ?? '');

/** The message id a button press should be made on: the last message the bot showed. */
export const messageIdOf = (h: BotHarness, calls: RecordedCall[], chatId: number) => {
  const call = lastOutput(calls, chatId);
  if (!call) throw new Error('no output');
  if (call.method === 'editMessageText') return Number(call.params.message_id);
  const id = [...h.fake.messages.entries()].filter(([, m]) => m.chatId === chatId).at(-1)?.[0];
  if (id === undefined) throw new Error('no message');
  return id;
};

/** Links `user` to a pupil with a fresh code and answers the language question with `lang`. */
export const linkAs = async (
  h: BotHarness,
  user: FakeUser,
  pupilId: number,
  lang: 'ky' | 'ru' | 'en' = 'ky',
  role: 'PARENT' | 'PUPIL' = 'PARENT',
) => {
  const code = await issueLinkCode(h, pupilId, role);
  const calls = await h.say(user, `/start ${code}`);
  return h.press(user, `L:${lang}`, messageIdOf(h, calls, user.id));
};
