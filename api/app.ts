import cookieParser from 'cookie-parser';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import { DomainError, type Domain } from '../domain/index.ts';
import {
  QUEUE_DASHBOARD_PATH,
  queueDashboardRouter,
  type QueueDashboardOptions,
} from './admin/queue-dashboard.ts';
import { authMiddleware } from './middleware/auth.ts';
import { assertCleanText, parsePathIds, parseQuery } from './middleware/boundary.ts';
import { diaryFastPath } from './fast-path.ts';
import { csrfMiddleware } from './middleware/csrf.ts';
import { errorMiddleware, notFoundMiddleware, sendProblem } from './middleware/errors.ts';
import { i18nMiddleware, storedLanguageMiddleware } from './middleware/i18n.ts';
import { buildOpenApi } from './openapi.ts';
import { rereadsActorMatcher, type RouteSpec } from './routes/define.ts';
import { allRoutes } from './routes/index.ts';
import { webRouter } from './web/router.ts';

export interface AppDeps {
  domain: Domain;
  logger: Logger;
  i18n: i18n;
  /** Shared secret the bot presents as `Authorization: Bearer …`. */
  serviceToken: string;
  /**
   * Failed sign-ins per address per 15 minutes (default 100). Only failures count, and it is set
   * high: a school's teachers share one address.
   */
  loginLimit?: number;
  /** Failed sign-ins of one account from one address per 15 minutes (default 10). */
  loginAccountAddressLimit?: number;
  /** Failed sign-ins of one account from all addresses per hour (default 50): the slow backstop. */
  loginAccountLimit?: number;
  /** Failed password changes per user per 15 minutes (default 10). */
  passwordChangeLimit?: number;
  /** Failed password setups with a one-time code per address per 15 minutes (default 20). */
  setupCodeLimit?: number;
  /** Link-code redemptions per Telegram user or IP per 15 minutes (default 10). */
  linkCodeLimit?: number;
  /** Largest accepted JSON body (default 1 MB; imports have their own limit). */
  jsonLimit?: string;
  /** Other origins (e.g. `https://journal.school.kg`) whose pages may write with a session cookie. */
  allowedOrigins?: readonly string[];
  /**
   * Express `trust proxy` (default `loopback`): which proxies' `X-Forwarded-*` headers to believe,
   * so that behind an HTTPS proxy `req.secure` is true and cookies get `Secure`.
   */
  trustProxy?: string | boolean | number;
  /** Signs the web pages' CSRF tokens (random per process when not set). */
  webSecret?: string;
  /** Redis of the notification queues: mounts the administrators' queue dashboard. */
  queueDashboard?: QueueDashboardOptions;
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

const MINUTE = 60 * 1000;

const limiter = (
  limit: number,
  keyOf: (req: Request) => string,
  options: { windowMs?: number; failuresOnly?: boolean } = {},
) =>
  rateLimit({
    windowMs: options.windowMs ?? 15 * MINUTE,
    limit,
    // Counting only failed attempts lets a school's good sign-ins through a shared address.
    skipSuccessfulRequests: options.failuresOnly ?? false,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: keyOf,
    // Through the error handlers, so the JSON API answers a problem and a page its form again.
    handler: (_req, _res, next) => next(new DomainError('RATE_LIMITED', 'rate limited')),
  });

/** The API's request handler (a Node `request` listener, as supertest takes) and its `listen`. */
export type ApiApp = ((req: IncomingMessage, res: ServerResponse) => void) & {
  /** As Express 5's: the callback also hears a listen error (a busy port). */
  listen: (port: number, host: string, callback?: (error?: Error) => void) => Server;
};

/** The diary's fast path in front of the Express app (see api/fast-path.ts). */
const withFastPath = (app: Express, take: ReturnType<typeof diaryFastPath>): ApiApp => {
  const toExpress = (req: IncomingMessage, res: ServerResponse) => {
    app(req, res);
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const fallback = (unavailable?: DomainError) => {
      if (unavailable) (req as Request).handedError = unavailable;
      toExpress(req, res);
    };
    if (!take(req, res, fallback)) toExpress(req, res);
  };
  return Object.assign(handler, {
    listen: (port: number, host: string, callback?: (error?: Error) => void) => {
      const server = createServer(handler);
      if (!callback) return server.listen(port, host);
      let called = false;
      const once = (error?: Error) => {
        if (called) return;
        called = true;
        callback(error);
      };
      server.once('error', once);
      return server.listen(port, host, () => once());
    },
  });
};

/**
 * Builds the app: JSON API under /api/v1, OpenAPI, health probes and the web journal (Express),
 * with the bot's diary reads answered in front of it (api/fast-path.ts).
 */
export const createApp = (deps: AppDeps): ApiApp => {
  const { domain, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', bigintSafe);
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
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
  const failures = { failuresOnly: true };
  const limiters: Record<NonNullable<RouteSpec['rateLimit']>, RequestHandler[]> = {
    login: [
      limiter(deps.loginLimit ?? 100, ipKey, failures),
      limiter(
        deps.loginAccountAddressLimit ?? 10,
        (req) => `${accountKey(req)}@${ipKey(req)}`,
        failures,
      ),
      limiter(deps.loginAccountLimit ?? 50, accountKey, { ...failures, windowMs: 60 * MINUTE }),
    ],
    // Setting a password with a one-time code: failures per address (a wrong or used code). The
    // code is the secret here, not an account, so there is no account key to count by.
    setupCode: [limiter(deps.setupCodeLimit ?? 20, ipKey, failures)],
    password: [
      limiter(
        deps.passwordChangeLimit ?? 10,
        (req) => (req.actor.kind === 'user' ? `user-${req.actor.userId}` : ipKey(req)),
        failures,
      ),
    ],
    // Keyed by the Telegram user only when the bot vouched for it (service token checked):
    // a raw header would let anyone pick a fresh key per request.
    linkCode: [
      limiter(deps.linkCodeLimit ?? 10, (req) =>
        req.telegramUserId !== undefined ? `tg-${req.telegramUserId}` : ipKey(req),
      ),
    ],
  };

  const api = express.Router();
  // An error the fast path met is answered from here, as if the auth middleware had met it.
  api.use((req, _res, next) => next(req.handedError));
  api.use(csrfMiddleware(deps.allowedOrigins));
  api.use(express.json({ limit: deps.jsonLimit ?? '1mb' }));
  api.use(authMiddleware(domain, deps.serviceToken, rereadsActorMatcher(allRoutes)));
  api.use(storedLanguageMiddleware(deps.i18n));
  for (const route of allRoutes)
    mountRoute(api, route, domain, route.rateLimit ? limiters[route.rateLimit] : []);
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

  if (deps.queueDashboard) {
    const dashboard = queueDashboardRouter(domain, deps.queueDashboard);
    app.use(QUEUE_DASHBOARD_PATH, csrfMiddleware(deps.allowedOrigins), dashboard.router);
  }

  app.use(
    webRouter({
      domain,
      i18n: deps.i18n,
      logger,
      limiters: {
        login: limiters.login,
        setupCode: limiters.setupCode,
        password: limiters.password,
      },
      allowedOrigins: deps.allowedOrigins,
      csrfSecret: deps.webSecret,
    }),
  );
  app.use(notFoundMiddleware);
  app.use(errorMiddleware(logger));
  return withFastPath(
    app,
    diaryFastPath({ domain, serviceToken: deps.serviceToken, routes: allRoutes, toJson }),
  );
};

/**
 * The account a sign-in names, as a short fixed-size key (a hash), so keys of arbitrary logins
 * cost the limiter's memory no more than any other key.
 */
const accountKey = (req: Request) => {
  const login = (req.body as { login?: unknown } | undefined)?.login;
  const name = typeof login === 'string' ? login.trim() : '';
  return `acct-${createHash('sha256').update(name).digest('base64url').slice(0, 22)}`;
};

const mountRoute = (
  router: express.Router,
  route: RouteSpec,
  domain: Domain,
  limits: RequestHandler[],
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
  router[route.method](route.path, ...limits, handler);
};
