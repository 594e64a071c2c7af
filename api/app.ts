import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import { DomainError, type Domain } from '../domain/index.ts';
import { authMiddleware } from './middleware/auth.ts';
import { assertCleanText, parsePathIds, parseQuery } from './middleware/boundary.ts';
import { csrfMiddleware } from './middleware/csrf.ts';
import { errorMiddleware, notFoundMiddleware, sendProblem } from './middleware/errors.ts';
import { i18nMiddleware, storedLanguageMiddleware } from './middleware/i18n.ts';
import { buildOpenApi } from './openapi.ts';
import type { RouteSpec } from './routes/define.ts';
import { allRoutes } from './routes/index.ts';
import { webRouter } from './web/router.ts';

export interface AppDeps {
  domain: Domain;
  logger: Logger;
  i18n: i18n;
  /** Shared secret the bot presents as `Authorization: Bearer …`. */
  serviceToken: string;
  /** Sign-in attempts per IP per 15 minutes (default 20). */
  loginLimit?: number;
  /** Link-code redemptions per Telegram user or IP per 15 minutes (default 10). */
  linkCodeLimit?: number;
  /** Largest accepted JSON body (default 1 MB; imports have their own limit). */
  jsonLimit?: string;
  /** Other origins (e.g. `https://journal.school.kg`) whose pages may write with a session cookie. */
  allowedOrigins?: readonly string[];
}

const bigintSafe = (_key: string, value: unknown) =>
  typeof value === 'bigint' ? value.toString() : value;

/**
 * JSON without a replacer (a replacer runs JS for every value of a large diary week); only a body
 * that holds a BigInt (Telegram ids) takes the slow path.
 */
const toJson = (value: unknown): string => {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof TypeError) return JSON.stringify(value, bigintSafe);
    throw error;
  }
};

const limiter = (limit: number, keyOf: (req: Request) => string) =>
  rateLimit({
    windowMs: 15 * 60 * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: keyOf,
    handler: (req, res) => sendProblem(req, res, new DomainError('RATE_LIMITED', 'rate limited')),
  });

/** Builds the Express app: JSON API under /api/v1, OpenAPI, health probes and the web journal. */
export const createApp = (deps: AppDeps) => {
  const { domain, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', bigintSafe);
  app.set('trust proxy', 'loopback');
  app.use(i18nMiddleware(deps.i18n));
  app.use(cookieParser());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await domain.ping();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  const openApi = buildOpenApi(allRoutes);
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  const ipKey = (req: Request) => ipKeyGenerator(req.ip ?? '0.0.0.0');
  const limiters = {
    login: limiter(deps.loginLimit ?? 20, ipKey),
    linkCode: limiter(deps.linkCodeLimit ?? 10, (req) =>
      req.get('x-telegram-user-id') ? `tg-${req.get('x-telegram-user-id')}` : ipKey(req),
    ),
  };

  const api = express.Router();
  api.use(csrfMiddleware(deps.allowedOrigins));
  api.use(express.json({ limit: deps.jsonLimit ?? '1mb' }));
  api.use(authMiddleware(domain, deps.serviceToken));
  api.use(storedLanguageMiddleware(deps.i18n));
  for (const route of allRoutes)
    mountRoute(api, route, domain, route.rateLimit ? limiters[route.rateLimit] : null);
  api.use((req, res) =>
    sendProblem(
      req,
      res,
      new DomainError('NOT_FOUND', 'no such route', {
        details: { issues: [{ path: [], key: 'notFoundRoute' }] },
      }),
    ),
  );
  app.use('/api/v1', api);

  app.use(webRouter({ domain }));
  app.use(notFoundMiddleware);
  app.use(errorMiddleware(logger));
  return app;
};

const mountRoute = (
  router: express.Router,
  route: RouteSpec,
  domain: Domain,
  limit: ReturnType<typeof limiter> | null,
) => {
  const handler = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const params = parsePathIds(req.params as Record<string, string>);
      assertCleanText(req.query, 'query');
      const query = parseQuery(route.query, req.query);
      assertCleanText(req.body, 'body');
      const result = await route.handle({
        domain,
        actor: req.actor,
        params,
        query,
        body: req.body as unknown,
        t: req.t,
        req,
        res,
      });
      if (res.headersSent) return;
      const status = route.status ?? 200;
      if (status === 204 || result === undefined) res.status(status === 200 ? 204 : status).end();
      else res.status(status).type('json').send(toJson(result));
    } catch (error) {
      next(error);
    }
  };
  if (limit) router[route.method](route.path, limit, handler);
  else router[route.method](route.path, handler);
};
