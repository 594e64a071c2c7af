import { z } from 'zod';

const common = {
  /** The token @BotFather gave the default bot; optional when bot accounts are stored. */
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'looks like 123456:ABC… from @BotFather')
    .optional(),
  /**
   * `api` (default): also serve every active bot account the API lists (`bot_account`, tokens
   * decrypted by the API with BOT_TOKEN_KEY); `none`: only BOT_TOKEN.
   */
  BOT_ACCOUNTS: z.enum(['api', 'none']).default('api'),
  /** Where the API listens (the bot is its HTTP client). */
  API_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** Shared secret of the bot and the API; at least 24 characters. */
  SERVICE_TOKEN: z.string().min(24),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key the bot writes (sessions, flood limits, seen updates). */
  BOT_REDIS_PREFIX: z.string().min(1).default('sabak:bot:'),
  /** Another Bot API server (a local one, or the emulator in tests); default Telegram's. */
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  /** Messages one user may send per `BOT_FLOOD_WINDOW_MS` before the bot ignores them. */
  BOT_FLOOD_LIMIT: z.coerce.number().int().min(1).max(1000).default(8),
  BOT_FLOOD_WINDOW_MS: z.coerce.number().int().min(100).max(600_000).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

const polling = z.object({ ...common, BOT_MODE: z.literal('polling') });

const webhook = z.object({
  ...common,
  BOT_MODE: z.literal('webhook'),
  /** Public HTTPS address Telegram posts updates to, e.g. https://bot.school.kg/telegram. */
  WEBHOOK_URL: z.string().url(),
  /** Sent by Telegram as X-Telegram-Bot-Api-Secret-Token; 16–256 of A-Z a-z 0-9 _ -. */
  WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/),
  WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8443),
  WEBHOOK_HOST: z.string().default('0.0.0.0'),
});

/** The bot's environment: long polling by default, webhook fields required only in webhook mode. */
export const botConfigSchema = z.preprocess(
  (env) => ({ BOT_MODE: 'polling', ...(env as object) }),
  z.discriminatedUnion('BOT_MODE', [polling, webhook]),
);
export type BotConfig = z.infer<typeof botConfigSchema>;

export const BOTFATHER_HINT =
  'No BOT_TOKEN: the Telegram bot is off. To get a token, open @BotFather in Telegram, send ' +
  '/newbot, pick a name and a username ending in "bot", and put the token it gives you in ' +
  'BOT_TOKEN (e.g. in .env).';

/** Parses the environment once; on failure names every problem (never a value) and exits. */
export const parseBotConfig = (env: NodeJS.ProcessEnv): BotConfig => {
  if (!env.BOT_TOKEN && env.BOT_ACCOUNTS === 'none') {
    console.error(`bot: ${BOTFATHER_HINT}`);
    process.exit(1);
  }
  const result = botConfigSchema.safeParse(env);
  if (result.success) return result.data;
  console.error('bot: invalid configuration');
  for (const issue of result.error.issues)
    console.error(`  ${issue.path.join('.') || 'BOT_MODE'}: ${issue.message}`);
  process.exit(1);
};
