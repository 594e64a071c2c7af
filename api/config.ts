import { availableParallelism } from 'node:os';
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

export const apiConfigSchema = z.object({
  DATABASE_URL: z.string().url(),
  /** Shared secret the bot presents; at least 24 characters. */
  SERVICE_TOKEN: z.string().min(24),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * API processes serving the port together (node:cluster), each with its own DB_POOL_SIZE
   * connections; `auto` = one per CPU core. Default 1 (see README, "Sizing a server").
   */
  API_WORKERS: z
    .union([z.literal('auto').transform(() => availableParallelism()), z.coerce.number()])
    .pipe(z.number().int().min(1).max(64))
    .default(1),
  /** Cache prepared statements per connection; `false` for PGlite or PgBouncer in transaction mode. */
  DB_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LINK_CODE_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  /** Milliseconds in-flight requests may take to finish after SIGTERM (default 10 000). */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** 64 hex chars: key of the bot tokens stored in bot_account (the same as the worker's). */
  BOT_TOKEN_KEY: z.string().min(32).optional(),
  /**
   * Express `trust proxy`: `loopback` (default), `false`, `true`, a hop count (`1`) or
   * comma-separated addresses/subnets of the reverse proxies. Behind an HTTPS proxy that sends
   * `X-Forwarded-Proto`, trusting it makes cookies `Secure`.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((v): string | boolean | number =>
      v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v,
    ),
  /** Signs the web journal's CSRF tokens; set the same value on every API process of one site. */
  WEB_SECRET: z.string().min(24).optional(),
  /** Redis of the notification queues: enables the queue dashboard at /admin/queues (admins). */
  REDIS_URL: z.string().url().optional(),
  /** The worker's queue prefix (the dashboard shows those queues). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default('sabak'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Comma-separated origins besides the API's own host whose pages may write with a session
   * cookie (e.g. `https://journal.school.kg`); other cross-site writes get 403.
   */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /** The data directory (default ./data); attached files live in <SABAK_DATA_DIR>/files. */
  SABAK_DATA_DIR: z.string().min(1).default('./data'),
  /** Another folder for attached files on disk (default <SABAK_DATA_DIR>/files). */
  FILES_DIR: optionalText,
  /** S3-compatible storage for attached files instead of disk: the bucket turns it on. */
  FILES_S3_BUCKET: optionalText,
  /** e.g. https://s3.example.kg or http://127.0.0.1:9000 (MinIO); unset: AWS S3 by region. */
  FILES_S3_ENDPOINT: optionalText.pipe(z.url().optional()),
  FILES_S3_REGION: z.string().min(1).default('us-east-1'),
  /** Required with FILES_S3_BUCKET (checked in main.ts with the others). */
  FILES_S3_ACCESS_KEY_ID: optionalText,
  FILES_S3_SECRET_ACCESS_KEY: optionalText,
  /** Path-style URLs (endpoint/bucket/key), which MinIO needs (default true). */
  FILES_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Prefix of every object key (e.g. `sabak/`). */
  FILES_S3_PREFIX: optionalText,
  /**
   * Username of the Telegram bot (without @) for the deep links and QR codes on link-code slips,
   * e.g. `SabakMektepBot`; a school's own bot (bot_account) takes precedence.
   */
  BOT_USERNAME: optionalText.pipe(
    z
      .string()
      .transform((v) => v.replace(/^@/, ''))
      .pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'a Telegram bot username'))
      .optional(),
  ),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** Parses the environment once; on failure names every problem (never a value) and exits. */
export const parseConfig = <S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  app: string,
): z.infer<S> => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  console.error(`${app}: invalid configuration`);
  for (const issue of result.error.issues)
    console.error(`  ${issue.path.join('.')}: ${issue.message}`);
  process.exit(1);
};
