/** Composition root of the API: the only file that reads the environment and opens connections. */
import { pino } from 'pino';
import { createDomain } from '../domain/index.ts';
import { createI18n } from '../locales/i18n.ts';
import { createApp } from './app.ts';
import { apiConfigSchema, parseConfig } from './config.ts';

const config = parseConfig(apiConfigSchema, process.env, 'api');
const logger = pino({ level: config.LOG_LEVEL, name: 'api' });
const domain = createDomain({
  databaseUrl: config.DATABASE_URL,
  maxConnections: config.DB_POOL_SIZE,
  preparedStatements: config.DB_PREPARED_STATEMENTS,
  settings: { linkCodeTtlHours: config.LINK_CODE_TTL_HOURS },
});
const app = createApp({
  domain,
  logger,
  i18n: createI18n(),
  serviceToken: config.SERVICE_TOKEN,
  allowedOrigins: config.ALLOWED_ORIGINS,
});
const server = app.listen(config.PORT, config.HOST, () => {
  logger.info({ port: config.PORT }, `API and web journal on http://localhost:${config.PORT}`);
});

const shutdown = () => {
  server.close(() => {
    void domain.close().then(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
