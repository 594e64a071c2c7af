import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The worker's environment (parsed once in main.ts). */
export const workerConfigSchema = z.object({
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key (tests use a unique one). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default('sabak'),
  /** The default bot (links without a bot account). Without it, those messages wait. */
  BOT_TOKEN: z.string().min(10).optional(),
  /** 32-byte key (64 hex characters) that decrypts the tokens of `bot_account` rows. */
  BOT_TOKEN_KEY: z.string().min(32).optional(),
  /** Another Bot API server (a local one, or the fake in tests). */
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  /**
   * Messages per second per bot (Telegram allows about 30 across chats; paid broadcast up to
   * 1,000). Higher values are for a local Bot API server without limits (benchmarks).
   */
  NOTIFY_RATE_PER_BOT: z.coerce.number().int().min(1).max(100_000).default(25),
  /** Messages sent at once per bot (covers the round trip to Telegram). */
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(32),
  /** Events for one chat within this many seconds become one message. */
  NOTIFY_WINDOW_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  /** Messages per chat per hour; later events fold into the daily digest. */
  NOTIFY_HOURLY_CAP: z.coerce.number().int().min(1).max(1000).default(12),
  /** The evening homework reminder, cron in Asia/Bishkek (empty: off). */
  NOTIFY_REMINDER_CRON: z.string().default('0 18 * * *'),
  /** The daily digest (held deliveries: digest mode, over the hourly cap), cron in Asia/Bishkek. */
  NOTIFY_DIGEST_CRON: z.string().default('0 19 * * *'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DB_PREPARED_STATEMENTS: flag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

/** Parses the environment once; on failure names every problem (never a value) and exits. */
export const parseWorkerConfig = (env: NodeJS.ProcessEnv): WorkerConfig => {
  const result = workerConfigSchema.safeParse(env);
  if (result.success) return result.data;
  console.error('worker: invalid configuration');
  for (const issue of result.error.issues)
    console.error(`  ${issue.path.join('.')}: ${issue.message}`);
  process.exit(1);
};
