import type { RequestHandler } from 'express';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import type { Domain } from '../../domain/index.ts';

export const LANG_COOKIE = 'sabak_lang';

/** The limiters of the JSON API's sign-in routes, shared so both doors count failures together. */
export interface WebLimiters {
  login: RequestHandler[];
  setupCode: RequestHandler[];
  password: RequestHandler[];
}

export interface WebDeps {
  domain: Domain;
  i18n: i18n;
  logger: Logger;
  limiters: WebLimiters;
  /** Other origins allowed to post forms with the session cookie (as for the JSON API). */
  allowedOrigins?: readonly string[];
  /** Signs CSRF tokens; random per process when not set (`WEB_SECRET`). */
  csrfSecret?: string;
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Register = (path: string, ...handlers: RequestHandler[]) => void;

/**
 * What a page module gets. Routes are registered through `get`/`post`/… (never a bare router), so
 * every page route has the session, the language and a CSRF token, and every write is checked
 * (Origin/Sec-Fetch-Site and the CSRF token) before its handler runs.
 */
export interface Pages extends Record<Method, Register> {
  deps: WebDeps;
  /** Requires a signed-in staff member (else to /login); sets `res.locals.user`. */
  staff: RequestHandler;
}

/** A page module: registers its routes. Add new ones to `PAGE_MODULES`. */
export type PageModule = (pages: Pages) => void;
