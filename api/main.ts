/** Composition root of the API: the only file that reads the environment and opens connections. */
import { randomBytes } from 'node:crypto';
import cluster from 'node:cluster';
import path from 'node:path';
import { pino } from 'pino';
import { superviseWorkers } from './cluster.ts';
import { createDiskStore, createDomain, createS3Store, type FileStore } from '../domain/index.ts';
import { createI18n } from '../locales/i18n.ts';
import { createApp } from './app.ts';
import { apiConfigSchema, parseConfig } from './config.ts';
import { drainOnSignal } from './shutdown.ts';

const config = parseConfig(apiConfigSchema, process.env, 'api');
const logger = pino({ level: config.LOG_LEVEL, name: 'api' });

if (
  config.FILES_S3_BUCKET &&
  (!config.FILES_S3_ACCESS_KEY_ID || !config.FILES_S3_SECRET_ACCESS_KEY)
) {
  console.error('api: invalid configuration');
  console.error('  FILES_S3_BUCKET needs FILES_S3_ACCESS_KEY_ID and FILES_S3_SECRET_ACCESS_KEY');
  process.exit(1);
}

/** Where attached files live: the S3-compatible bucket when configured, else <data>/files on disk. */
const openFileStore = async (): Promise<FileStore> => {
  if (config.FILES_S3_BUCKET)
    return createS3Store({
      bucket: config.FILES_S3_BUCKET,
      endpoint: config.FILES_S3_ENDPOINT,
      region: config.FILES_S3_REGION,
      accessKeyId: config.FILES_S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: config.FILES_S3_SECRET_ACCESS_KEY ?? '',
      forcePathStyle: config.FILES_S3_FORCE_PATH_STYLE,
      prefix: config.FILES_S3_PREFIX,
    });
  return createDiskStore(
    path.resolve(config.FILES_DIR ?? path.join(config.SABAK_DATA_DIR, 'files')),
  );
};

if (config.API_WORKERS > 1 && cluster.isPrimary) {
  // The web journal's CSRF tokens must verify in whichever process takes the next request.
  process.env.WEB_SECRET ??= randomBytes(32).toString('base64url');
  superviseWorkers(config.API_WORKERS, logger);
} else {
  void openFileStore().then(serve);
}

function serve(files: FileStore) {
  if (cluster.isPrimary || cluster.worker?.id === 1)
    logger.info(
      files.kind === 's3'
        ? `attached files in S3-compatible bucket ${config.FILES_S3_BUCKET}`
        : `attached files under ${path.resolve(config.FILES_DIR ?? path.join(config.SABAK_DATA_DIR, 'files'))}`,
    );
  const domain = createDomain({
    files,
    databaseUrl: config.DATABASE_URL,
    maxConnections: config.DB_POOL_SIZE,
    preparedStatements: config.DB_PREPARED_STATEMENTS,
    settings: {
      linkCodeTtlHours: config.LINK_CODE_TTL_HOURS,
      botTokenKey: config.BOT_TOKEN_KEY ?? null,
      botUsername: config.BOT_USERNAME ?? null,
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
