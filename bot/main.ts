/** Composition root of the bot: the only file that reads the environment and opens connections. */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createI18n } from '../locales/i18n.ts';
import { createApiClient } from './api-client.ts';
import { createBot, setCommands } from './bot.ts';
import { parseBotConfig } from './config.ts';
import { ALLOWED_UPDATES, createWebhookServer, startPolling } from './runtime.ts';

const config = parseBotConfig(process.env);
const logger = pino({ level: config.LOG_LEVEL, name: 'bot' });
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
redis.on('error', (err) => logger.warn({ err }, 'redis'));

try {
  await redis.connect();
} catch (err) {
  logger.fatal(
    { err },
    `bot: Redis is not reachable at ${config.REDIS_URL} (install redis-server)`,
  );
  process.exit(1);
}

const i18n = createI18n();
const bot = createBot({
  token: config.BOT_TOKEN,
  apiRoot: config.TELEGRAM_API_ROOT,
  api: createApiClient({ baseUrl: config.API_URL, serviceToken: config.SERVICE_TOKEN }),
  redis,
  i18n,
  logger,
  redisPrefix: config.BOT_REDIS_PREFIX,
  flood: { limit: config.BOT_FLOOD_LIMIT, windowMs: config.BOT_FLOOD_WINDOW_MS },
  dedupeUpdates: config.BOT_MODE === 'webhook',
});

await bot.init();
await setCommands(bot.api, i18n);

let stop: () => Promise<void>;
if (config.BOT_MODE === 'webhook') {
  const server = createWebhookServer(bot, {
    secretToken: config.WEBHOOK_SECRET,
    path: new URL(config.WEBHOOK_URL).pathname,
  });
  await new Promise<void>((resolve) =>
    server.listen(config.WEBHOOK_PORT, config.WEBHOOK_HOST, resolve),
  );
  await bot.api.setWebhook(config.WEBHOOK_URL, {
    secret_token: config.WEBHOOK_SECRET,
    allowed_updates: [...ALLOWED_UPDATES],
  });
  logger.info({ port: config.WEBHOOK_PORT }, `@${bot.botInfo.username} takes webhooks`);
  stop = () => new Promise((resolve) => server.close(() => resolve()));
} else {
  // A webhook left from webhook mode would make getUpdates fail.
  await bot.api.deleteWebhook();
  const runner = startPolling(bot);
  logger.info(`@${bot.botInfo.username} is polling ${config.TELEGRAM_API_ROOT}`);
  stop = () => runner.stop();
}

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  logger.info('bot: stopping (finishing updates in flight)');
  setTimeout(() => process.exit(0), 10_000).unref();
  await stop();
  await redis.quit();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
