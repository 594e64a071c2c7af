import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { asset } from '../web/assets.ts';
import { DomainError, type DomainErrorCode, type ValidationIssue } from '../../domain/index.ts';

/** HTTP status per domain error code: a new code breaks the build until it is mapped here. */
export const HTTP_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  JOURNAL_LOCKED: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const satisfies Record<DomainErrorCode, number>;

const PROBLEM = 'application/problem+json';

/** One validation issue in the reader's language. */
export const issueMessage = (t: Request['t'], issue: ValidationIssue) =>
  t(`errors:validation.${issue.key}`, {
    ...issue.params,
    defaultValue: t('errors:validation.invalid'),
  });

/**
 * What a person should read about a failure, in their language: the reason's text, else each
 * validation issue's text, else the code's title.
 */
export const errorMessages = (t: Request['t'], error: DomainError): string[] => {
  const vars = Object.fromEntries(
    Object.entries(error.details).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
  );
  const reason = typeof error.details.reason === 'string' ? error.details.reason : null;
  if (reason) return [t(`errors:${reason}`, vars)];
  if (error.details.issues?.length) return error.details.issues.map((i) => issueMessage(t, i));
  return [t(`errors:${error.code}`, vars)];
};

/** Sends an RFC 9457 problem body in the request's language. */
export const sendProblem = (req: Request, res: Response, error: DomainError) => {
  const t = req.t;
  const status = HTTP_STATUS[error.code];
  const reason = typeof error.details.reason === 'string' ? error.details.reason : null;
  const vars = Object.fromEntries(
    Object.entries(error.details).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
  );
  const body = {
    type: `https://sabak.kg/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: t(`errors:${error.code}`, vars),
    status,
    code: error.code,
    ...(reason ? { detail: t(`errors:${reason}`, vars) } : {}),
    ...(error.details.issues
      ? {
          errors: error.details.issues.map((issue) => ({
            path: issue.path.join('.'),
            code: issue.key,
            message: issueMessage(t, issue),
            ...(issue.params ? { params: issue.params } : {}),
          })),
        }
      : {}),
  };
  const retryAfter = error.details.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
  res.status(status).type(PROBLEM).send(JSON.stringify(body));
};

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * Any address nothing answers: a small page in the reader's language for browsers, a localized
 * problem for API clients — never Express's English "Cannot GET".
 */
export const notFoundMiddleware = (req: Request, res: Response) => {
  if (req.accepts(['json', 'html']) === 'html' && !req.path.startsWith('/api/')) {
    const t = req.t;
    res
      .status(404)
      .type('html')
      .send(
        `<!doctype html>
<html lang="${req.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(t('errors:NOT_FOUND'))} · ${escapeHtml(t('common:appName'))}</title>
<link rel="stylesheet" href="${asset('app.css')}"></head>
<body><main>
<h1>${escapeHtml(t('errors:validation.notFoundRoute'))}</h1>
<p><a href="/">${escapeHtml(t('common:appName'))}</a></p>
</main></body></html>`,
      );
    return;
  }
  sendProblem(
    req,
    res,
    new DomainError('NOT_FOUND', 'no such route', {
      details: { issues: [{ path: [], key: 'notFoundRoute' }] },
    }),
  );
};

/** Body-parser failures, unknown routes and crashes become localized problems; a 500 never echoes internals. */
export const errorMiddleware =
  (logger: Logger) => (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof DomainError) return sendProblem(req, res, error);
    const httpError = error as { status?: number; type?: string; expose?: boolean };
    if (httpError.status && httpError.status >= 400 && httpError.status < 500) {
      const code: DomainErrorCode =
        httpError.status === 413 ? 'VALIDATION_FAILED' : 'VALIDATION_FAILED';
      const key = httpError.status === 413 ? 'tooLarge' : 'malformedBody';
      return sendProblem(
        req,
        res,
        new DomainError(code, httpError.type ?? 'bad request', {
          details: { issues: [{ path: [], key }] },
        }),
      );
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    res
      .status(500)
      .type(PROBLEM)
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: req.t('errors:INTERNAL'),
          status: 500,
          code: 'INTERNAL',
        }),
      );
  };
