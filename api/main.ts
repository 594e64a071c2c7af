/** Composition root of the API: the only file that reads the environment and opens connections. */
import { randomBytes } from 'node:crypto';
import cluster from 'node:cluster';
import { pino } from 'pino';
import { superviseWorkers } from './cluster.ts';
import { createDomain } from '../domain/index.ts';
import { createI18n } from '../locales/i18n.ts';
import { createApp } from './app.ts';
import { apiConfigSchema, parseConfig } from './config.ts';
import { drainOnSignal } from './shutdown.ts';

const config = parseConfig(apiConfigSchema, process.env, 'api');
const logger = pino({ level: config.LOG_LEVEL, name: 'api' });

if (config.API_WORKERS > 1 && cluster.isPrimary) {
  // The web journal's CSRF tokens must verify in whichever process takes the next request.
  process.env.WEB_SECRET ??= randomBytes(32).toString('base64url');
  superviseWorkers(config.API_WORKERS, logger);
} else {
  serve();
}

function serve() {
  const domain = createDomain({
    databaseUrl: config.DATABASE_URL,
    maxConnections: config.DB_POOL_SIZE,
    preparedStatements: config.DB_PREPARED_STATEMENTS,
    settings: {
      linkCodeTtlHours: config.LINK_CODE_TTL_HOURS,
      botTokenKey: config.BOT_TOKEN_KEY ?? null,
    },
    onConnectionError: (error) =>
      logger.warn({ err: error }, 'database connection lost; the pool opens a new one'),
  });
  const app = createApp({
    domain,
    logger,
    i18n: createI18n(),
    serviceToken: config.SERVICE_TOKEN,
    allowedOrigins: config.ALLOWED_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    webSecret: config.WEB_SECRET,
    ...(config.REDIS_URL
      ? { queueDashboard: { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX } }
      : {}),
  });
  // Express 5 hands a listen error to this callback: without the check a busy port was logged as
  // "listening" and the process lived on without serving anything.
  const server = app.listen(config.PORT, config.HOST, (error?: Error) => {
    if (error) {
      const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      logger.fatal(
        { port: config.PORT, code: (error as NodeJS.ErrnoException).code },
        busy
          ? `port ${config.PORT} is already in use (address in use); set PORT to a free port`
          : `cannot listen on port ${config.PORT}: ${error.message}`,
      );
      void domain.close().finally(() => process.exit(1));
      return;
    }
    logger.info({ port: config.PORT }, `API and web journal on http://localhost:${config.PORT}`);
  });

  drainOnSignal(server, {
    graceMs: config.SHUTDOWN_GRACE_MS,
    logger,
    close: () => domain.close(),
  });
}
