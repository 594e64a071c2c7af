/**
 * The worker's composition root: reads the environment, opens the database and Redis, starts the
 * notification pipeline, and on SIGTERM/SIGINT finishes the jobs in flight before exiting.
 */
import { pino } from 'pino';
import { createDomain } from '../domain/index.ts';
import { startNotifyWorker } from './app.ts';
import { parseWorkerConfig } from './config.ts';
import { createBotSender } from './telegram/bots.ts';

const main = async () => {
  const config = parseWorkerConfig(process.env);
  const logger = pino({ level: config.LOG_LEVEL, base: { app: 'worker' } });
  const domain = createDomain({
    databaseUrl: config.DATABASE_URL,
    maxConnections: config.DB_POOL_SIZE,
    preparedStatements: config.DB_PREPARED_STATEMENTS,
    settings: {
      notifyWindowMs: config.NOTIFY_WINDOW_SECONDS * 1_000,
      notifyHourlyCap: config.NOTIFY_HOURLY_CAP,
    },
  });
  const accounts = await domain.notifications.listBotAccounts(config.BOT_TOKEN_KEY ?? null);
  const bots = [
    ...(config.BOT_TOKEN
      ? [createBotSender(null, config.BOT_TOKEN, config.TELEGRAM_API_ROOT)]
      : []),
    ...accounts.map((a) =>
      createBotSender(a.id, a.token, config.TELEGRAM_API_ROOT, {
        ratePerSecond: a.ratePerSecond,
        allowPaidBroadcast: a.allowPaidBroadcast,
      }),
    ),
  ];
  if (bots.length === 0) {
    logger.warn(
      'no bot token: notifications are prepared and wait in the queue. Create a bot with @BotFather and set BOT_TOKEN.',
    );
  }
  const worker = await startNotifyWorker({
    domain,
    logger,
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    bots,
    ratePerBot: config.NOTIFY_RATE_PER_BOT,
    concurrency: config.NOTIFY_CONCURRENCY,
    reminderCron: config.NOTIFY_REMINDER_CRON,
    digestCron: config.NOTIFY_DIGEST_CRON,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing jobs in flight');
    await worker.close();
    await domain.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
};

void main();
