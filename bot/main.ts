/** Composition root of the bot: the only file that reads the environment and opens connections. */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createI18n } from '../locales/i18n.ts';
import { createApiClient } from './api-client.ts';
import { setCommands } from './bot.ts';
import { BOTFATHER_HINT, parseBotConfig } from './config.ts';
import { createFleet, loadFleet, pollFleet, webhookFleetServer, webhookPathOf } from './fleet.ts';
import { ALLOWED_UPDATES } from './runtime.ts';

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
const api = createApiClient({ baseUrl: config.API_URL, serviceToken: config.SERVICE_TOKEN });
const members =
  config.BOT_ACCOUNTS === 'api'
    ? await loadFleet(api, config.BOT_TOKEN, logger)
    : config.BOT_TOKEN
      ? [{ botAccountId: null, token: config.BOT_TOKEN }]
      : [];
if (members.length === 0) {
  logger.fatal(`bot: no BOT_TOKEN and no bot accounts. ${BOTFATHER_HINT}`);
  await redis.quit();
  process.exit(1);
}
const fleet = createFleet(members, {
  apiRoot: config.TELEGRAM_API_ROOT,
  api,
  redis,
  i18n,
  logger,
  redisPrefix: config.BOT_REDIS_PREFIX,
  flood: { limit: config.BOT_FLOOD_LIMIT, windowMs: config.BOT_FLOOD_WINDOW_MS },
  dedupeUpdates: config.BOT_MODE === 'webhook',
});

for (const { bot } of fleet) {
  await bot.init();
  await setCommands(bot.api, i18n);
}
const names = fleet.map(({ bot }) => `@${bot.botInfo.username}`).join(', ');

let stop: () => Promise<void>;
if (config.BOT_MODE === 'webhook') {
  const url = new URL(config.WEBHOOK_URL);
  const server = webhookFleetServer(fleet, {
    secretToken: config.WEBHOOK_SECRET,
    basePath: url.pathname,
  });
  await new Promise<void>((resolve) =>
    server.listen(config.WEBHOOK_PORT, config.WEBHOOK_HOST, resolve),
  );
  for (const { bot, botAccountId } of fleet) {
    const own = new URL(url);
    own.pathname = webhookPathOf(url.pathname, botAccountId);
    await bot.api.setWebhook(own.toString(), {
      secret_token: config.WEBHOOK_SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
    });
  }
  logger.info({ port: config.WEBHOOK_PORT }, `${names} take webhooks`);
  stop = () => new Promise((resolve) => server.close(() => resolve()));
} else {
  // A webhook left from webhook mode would make getUpdates fail.
  for (const { bot } of fleet) await bot.api.deleteWebhook();
  const runners = pollFleet(fleet);
  logger.info(`${names} polling ${config.TELEGRAM_API_ROOT}`);
  stop = runners.stop;
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
