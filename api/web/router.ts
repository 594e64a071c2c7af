import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import helmet from 'helmet';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import { DomainError } from '../../domain/index.ts';
import { LANGUAGES, type Lang } from '../../locales/i18n.ts';
import { assertCleanText } from '../middleware/boundary.ts';
import { csrfMiddleware } from '../middleware/csrf.ts';
import { errorMessages, HTTP_STATUS, sendProblem } from '../middleware/errors.ts';
import { staticRouter } from './assets.ts';
import { isCsrfError, webCsrf } from './csrf.ts';
import { authPages } from './pages/auth.ts';
import { dayPages } from './pages/day.ts';
import { classPages } from './pages/class.ts';
import { inboxPages } from './pages/inbox.ts';
import { journalPages } from './pages/journal.ts';
import { lessonPages } from './pages/lesson.ts';
import { render } from './render.ts';
import { isScriptRequest, loadWebActor, requireStaff } from './session.ts';
import {
  LANG_COOKIE,
  type Method,
  type PageModule,
  type Pages,
  type Register,
  type WebDeps,
} from './types.ts';

/** Every page module, in order. */
const PAGE_MODULES: PageModule[] = [
  authPages,
  dayPages,
  // Before the journal: /journal/lessons/… must not be read as /journal/:classGroupId/:subjectId.
  lessonPages,
  journalPages,
  classPages,
  inboxPages,
];

const isLang = (value: unknown): value is Lang =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** `?lang=` wins; else the `sabak_lang` cookie set by the switch; else Accept-Language. */
const languageCookie =
  (i18n: i18n): RequestHandler =>
  (req, _res, next) => {
    const cookie = (req.cookies as Record<string, string> | undefined)?.[LANG_COOKIE];
    if (typeof req.query.lang !== 'string' && isLang(cookie)) {
      req.lang = cookie;
      req.t = i18n.getFixedT(cookie);
    }
    next();
  };

const ERROR_TITLES: Partial<Record<string, string>> = {
  FORBIDDEN: 'web:error.forbiddenTitle',
  NOT_FOUND: 'web:error.notFoundTitle',
};

/** Errors of page routes: a page in the reader's language (a problem body for page scripts). */
const webErrors =
  (logger: Logger) => (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const t = req.t;
    if (isCsrfError(error)) {
      if (isScriptRequest(req))
        return sendProblem(
          req,
          res,
          new DomainError('FORBIDDEN', 'bad CSRF token', { details: { reason: 'badCsrfToken' } }),
        );
      return render(
        req,
        res,
        'error',
        { heading: t('web:csrf.title'), message: t('web:csrf.text') },
        403,
      );
    }
    if (error instanceof DomainError) {
      if (isScriptRequest(req)) return sendProblem(req, res, error);
      const form = res.locals.formView;
      if (form)
        return render(
          req,
          res,
          form.view,
          { ...form.data, error: errorMessages(t, error).join(' ') },
          HTTP_STATUS[error.code],
        );
      return render(
        req,
        res,
        'error',
        {
          heading: t(ERROR_TITLES[error.code] ?? 'web:error.title'),
          message: errorMessages(t, error).join(' '),
        },
        HTTP_STATUS[error.code],
      );
    }
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) return next(error);
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'web page failed');
    if (isScriptRequest(req)) return next(error);
    render(
      req,
      res,
      'error',
      { heading: t('web:error.title'), message: t('web:error.internal') },
      500,
    );
  };

/**
 * The teachers' web journal: server-rendered pages (Eta views in `views/`, CSS and JS in
 * `static/`, htmx from its npm package), behind helmet's strict CSP. See `api/web/README.md`.
 */
export const webRouter = (deps: WebDeps) => {
  const router = express.Router();
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
        },
      },
      // Only meaningful over HTTPS; browsers ignore it on plain HTTP.
      strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
    }),
  );
  router.use(staticRouter());

  const csrf = webCsrf(deps.csrfSecret);
  // The JSON API's rule for text, on page queries and posted forms too: no NUL, no lone surrogate.
  const cleanInput: RequestHandler = (req, _res, next) => {
    assertCleanText(req.query, 'query');
    assertCleanText(req.body, 'body');
    next();
  };
  const session: RequestHandler[] = [
    languageCookie(deps.i18n),
    loadWebActor(deps.domain),
    csrf,
    cleanInput,
  ];
  const forms = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 2000 });
  const writeGuards: RequestHandler[] = [
    csrfMiddleware(deps.allowedOrigins),
    forms,
    languageCookie(deps.i18n),
    loadWebActor(deps.domain),
    // The CSRF token is checked here, before any page handler runs.
    csrf,
    cleanInput,
  ];
  const pageRoutes = express.Router();
  const register =
    (method: Method): Register =>
    (path, ...handlers) => {
      pageRoutes[method](path, ...(method === 'get' ? session : writeGuards), ...handlers);
    };
  const pages: Pages = {
    deps,
    staff: requireStaff(deps.domain),
    get: register('get'),
    post: register('post'),
    put: register('put'),
    patch: register('patch'),
    delete: register('delete'),
  };
  for (const module of PAGE_MODULES) module(pages);
  router.use(pageRoutes);
  router.use(webErrors(deps.logger));
  return router;
};
