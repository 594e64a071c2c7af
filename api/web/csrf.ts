import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { SESSION_COOKIE } from '../routes/accounts.routes.ts';

export const CSRF_COOKIE = 'sabak_csrf';
/** The form field every page form carries (`<input type="hidden" name="_csrf">`). */
export const CSRF_FIELD = '_csrf';
/** The header htmx and the page scripts send (set once through `hx-headers` on `<body>`). */
export const CSRF_HEADER = 'x-csrf-token';

declare module 'express-serve-static-core' {
  interface Locals {
    /** The CSRF token of this response, for forms and `hx-headers`. */
    csrfToken?: string;
  }
}

const sessionOf = (req: Request) => {
  const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  // Bound to the session (hashed: the token itself never enters another value), so a token from
  // before a sign-in or of another session is worthless.
  return token ? createHash('sha256').update(token).digest('base64url') : '';
};

/**
 * Double-submit CSRF tokens (`csrf-csrf`): an HMAC of a random value and the session, set in an
 * httpOnly cookie and repeated in each form (`_csrf`) or request header (`X-CSRF-Token`). A write
 * whose two copies are missing, differ or were made for another session is refused with 403.
 * `secret` signs the tokens: set `WEB_SECRET` when several API processes serve one site.
 */
export const webCsrf = (secret: string = randomBytes(32).toString('base64url')) => {
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: sessionOf,
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'lax', path: '/', httpOnly: true, secure: false },
    getCsrfTokenFromRequest: (req) => {
      const header = req.get(CSRF_HEADER);
      if (header) return header;
      const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof field === 'string' ? field : undefined;
    },
  });
  /** Checks unsafe methods, then gives the response a token (reused while valid). */
  return (req: Request, res: Response, next: NextFunction) => {
    doubleCsrfProtection(req, res, (error?: unknown) => {
      if (error) return next(error);
      res.locals.csrfToken = generateCsrfToken(req, res, {
        cookieOptions: { sameSite: 'lax', path: '/', httpOnly: true, secure: req.secure },
      });
      next();
    });
  };
};

/** Is this the error `csrf-csrf` raises for a missing or wrong token? */
export const isCsrfError = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === 'EBADCSRFTOKEN';
