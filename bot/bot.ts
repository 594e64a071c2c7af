/** Builds the bot from its dependencies: middleware, features and error handling — no I/O here. */
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { Bot, session, type Api, type MiddlewareFn } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { i18n } from 'i18next';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { LANGUAGES, type Lang } from '../locales/i18n.ts';
import type { ApiClient } from './api-client.ts';
import type { BotContext, SessionData } from './context.ts';
import { lastResortHandler } from './errors.ts';
import { diaryFeature } from './features/diary.ts';
import { fallbackFeature } from './features/fallback.ts';
import { languageFeature } from './features/language.ts';
import { linkingFeature } from './features/linking.ts';
import { membershipFeature } from './features/membership.ts';
import { messagingFeature } from './features/messaging.ts';
import { teacherFeature } from './features/teacher.ts';

export interface BotDeps {
  token: string;
  /** Bot API server (default Telegram's); the emulator in tests, a local server in trials. */
  apiRoot?: string;
  api: ApiClient;
  redis: Redis;
  i18n: i18n;
  logger: Logger;
  /** Prefix of every Redis key of this bot (default `sabak:bot:`). */
  redisPrefix?: string;
  /** Per-user flood limit: at most `limit` updates per `windowMs` (default 8 per 3 s). */
  flood?: { limit: number; windowMs: number };
  /** Skip an update_id seen before (webhook mode, where Telegram redelivers; default false). */
  dedupeUpdates?: boolean;
  /** Retries of Telegram calls on 429/5xx/network (default 3 attempts, waits of ≤ 30 s). */
  retry?: { maxRetryAttempts: number; maxDelaySeconds: number };
  /** The bot account this bot is (null or absent: the default bot of BOT_TOKEN). */
  botAccountId?: number | null;
  /** The clock (default the system's); tests pass the API's fixed one. */
  now?: () => Date;
  /** Skips getMe at start (tests, or a cached identity). */
  botInfo?: UserFromGetMe;
}

/** Sessions last half a year of silence; a returning parent is remembered, a gone one expires. */
const SESSION_TTL_S = 180 * 24 * 3600;
/** Telegram redelivers a webhook update for at most a day. */
const SEEN_UPDATE_TTL_S = 24 * 3600;

export const presetLanguage = (languageCode: string | undefined): Lang => {
  const code = languageCode?.slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(code ?? '') ? (code as Lang) : 'ky';
};

/** Webhook mode: an update_id already handled (a redelivery) is dropped before any feature runs. */
const dedupeUpdates =
  (redis: Redis, prefix: string): MiddlewareFn<BotContext> =>
  async (ctx, next) => {
    const key = `${prefix}seen:${ctx.me.id}:${ctx.update.update_id}`;
    const isFirst = await redis.set(key, '1', 'EX', SEEN_UPDATE_TTL_S, 'NX');
    if (isFirst === null) return;
    await next();
  };

/** Every callback query is answered exactly once, even when a feature forgot or failed. */
const answerEveryCallback: MiddlewareFn<BotContext> = async (ctx, next) => {
  ctx.callbackAnswered = false;
  if (!ctx.callbackQuery) return next();
  ctx.api.config.use((prev, method, payload, signal) => {
    if (method === 'answerCallbackQuery') ctx.callbackAnswered = true;
    return prev(method, payload, signal);
  });
  try {
    await next();
  } finally {
    if (!ctx.callbackAnswered) await ctx.answerCallbackQuery().catch(() => undefined);
  }
};

/**
 * Creates the bot: sessions in Redis, the user's language, per-user flood limit, then the features
 * (linking, language, diary, membership, fallback), each inside its own error boundary.
 */
export const createBot = (deps: BotDeps) => {
  const prefix = deps.redisPrefix ?? 'sabak:bot:';
  const bot = new Bot<BotContext>(deps.token, {
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    client: { ...(deps.apiRoot ? { apiRoot: deps.apiRoot } : {}) },
  });
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: deps.retry?.maxRetryAttempts ?? 3,
      maxDelaySeconds: deps.retry?.maxDelaySeconds ?? 30,
    }),
  );

  // Updates without a user (channel posts) are none of this bot's business.
  bot.use((ctx, next) => (ctx.from ? next() : undefined));
  // The runner handles updates concurrently; one user's run in order, so their session is not raced.
  bot.use(sequentialize((ctx) => ctx.from?.id.toString()));
  if (deps.dedupeUpdates) bot.use(dedupeUpdates(deps.redis, prefix));
  bot.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: new RedisAdapter<SessionData>({ instance: deps.redis, ttl: SESSION_TTL_S }),
      getSessionKey: (ctx) => (ctx.from ? `${prefix}session:${ctx.from.id}` : undefined),
    }),
  );
  bot.use((ctx, next) => {
    const fromId = ctx.from?.id ?? 0;
    ctx.log = deps.logger;
    ctx.now = deps.now ?? (() => new Date());
    ctx.botAccountId = deps.botAccountId ?? null;
    ctx.useLanguage = (lang) => {
      ctx.lang = lang;
      ctx.t = deps.i18n.getFixedT(lang, 'bot');
      ctx.sabak = deps.api.forUser(fromId, lang);
    };
    ctx.useLanguage(ctx.session.language ?? presetLanguage(ctx.from?.language_code));
    return next();
  });
  // Before the flood limit, so that even an ignored button press is answered.
  bot.use(answerEveryCallback);
  bot.use(
    limit<BotContext, Redis>({
      timeFrame: deps.flood?.windowMs ?? 3000,
      limit: deps.flood?.limit ?? 8,
      storageClient: deps.redis,
      keyPrefix: `${prefix}flood:`,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: (ctx) => {
        const text = ctx.t('flood');
        const sent = ctx.callbackQuery
          ? ctx.answerCallbackQuery({ text })
          : ctx.chat?.type === 'private'
            ? ctx.reply(text)
            : undefined;
        void sent?.catch(() => undefined);
      },
    }),
  );

  // Messaging first: while it waits for a text, the text is the message (even one that looks like
  // a link code).
  bot.use(
    messagingFeature,
    linkingFeature,
    languageFeature,
    diaryFeature,
    teacherFeature,
    membershipFeature,
    fallbackFeature,
  );
  bot.catch(lastResortHandler(deps.logger));
  return bot;
};

const COMMANDS = [
  'today',
  'marks',
  'homework',
  'timetable',
  'inbox',
  'children',
  'lessons',
  'teacher',
  'language',
  'help',
  'logout',
] as const;

/** The command list in each language (Telegram shows the one matching the user's app language). */
export const setCommands = async (api: Api, i18n: i18n) => {
  for (const lang of [...LANGUAGES, null]) {
    const t = i18n.getFixedT(lang ?? 'ky', 'bot');
    const commands = COMMANDS.map((command) => ({
      command,
      description: t(`commands.${command}`),
    }));
    await api.setMyCommands(commands, lang ? { language_code: lang } : {});
  }
};
