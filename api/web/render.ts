import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, RequestHandler, Response } from 'express';
import { Eta } from 'eta';
import { LANGUAGES } from '../../locales/i18n.ts';
import { asset } from './assets.ts';
import { CSRF_FIELD, CSRF_HEADER } from './csrf.ts';
import { navFor } from './nav.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Eta over `views/`: `<%= … %>` escapes (autoEscape), `<%~ … %>` writes raw HTML — use it only for
 * `include(...)` and `it.body`. Templates are compiled once and cached.
 */
const eta = new Eta({
  views: path.join(here, 'views'),
  cache: true,
  autoEscape: true,
  autoTrim: [false, 'nl'],
});

/** The signed-in staff member as the header shows them (set by `requireStaff`). */
export interface WebUser {
  id: number;
  name: string;
  schoolName: string | null;
}

declare module 'express-serve-static-core' {
  interface Locals {
    user?: WebUser;
    /** The form to show again, with the localized message, when the handler fails. */
    formView?: { view: string; data: object; status?: number };
  }
}

/**
 * Put before a form's handler (and its rate limiters): when anything after it throws a
 * `DomainError`, the form `view` is rendered again with `data(req)` and `error` (the localized
 * message) instead of an error page. `data` must not echo secrets (passwords).
 */
export const formView =
  (view: string, data: (req: Request) => object = () => ({})): RequestHandler =>
  (req, res, next) => {
    res.locals.formView = { view, data: data(req) };
    next();
  };

/** What every view gets besides its own data. */
export interface BaseView {
  t: Request['t'];
  lang: Request['lang'];
  languages: readonly string[];
  path: string;
  /** The current URL (path and query), where the language switch returns to. */
  here: string;
  user: WebUser | null;
  nav: ReturnType<typeof navFor>;
  csrfToken: string;
  csrfField: string;
  /** `hx-headers` value for `<body>`: every htmx request carries the CSRF token. */
  hxHeaders: string;
  asset: typeof asset;
  /** Formats an ISO date (`2026-10-15`) as the reader's language writes it. */
  date: (iso: string, style?: 'short' | 'long') => string;
}

const LOCALES = { ky: 'ky-KG', ru: 'ru-RU', en: 'en-GB' } as const;

const dateFormatter = (lang: Request['lang']) => {
  const short = new Intl.DateTimeFormat(LOCALES[lang], {
    day: '2-digit',
    month: '2-digit',
    timeZone: 'UTC',
  });
  const long = new Intl.DateTimeFormat(LOCALES[lang], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return (iso: string, style: 'short' | 'long' = 'short') =>
    (style === 'long' ? long : short).format(new Date(`${iso}T00:00:00Z`));
};

export const baseView = (req: Request, res: Response): BaseView => {
  const csrfToken = res.locals.csrfToken ?? '';
  return {
    t: req.t,
    lang: req.lang,
    languages: LANGUAGES,
    path: req.path,
    here: req.originalUrl,
    user: res.locals.user ?? null,
    nav: req.actor.kind === 'user' && res.locals.user ? navFor(req.actor, req.path) : [],
    csrfToken,
    csrfField: CSRF_FIELD,
    hxHeaders: JSON.stringify({ [CSRF_HEADER]: csrfToken }),
    asset,
    date: dateFormatter(req.lang),
  };
};

/** Renders `views/<view>.eta` to a string with the base data (for fragments inside JSON). */
export const renderToString = (
  req: Request,
  res: Response,
  view: string,
  data: object = {},
): string => eta.render(`./${view}`, { ...baseView(req, res), ...data });

/**
 * Renders a page (`views/<view>.eta`, which usually starts with `<% layout('./layout') %>`) with
 * the base data every view gets (t, lang, user, nav, csrfToken, asset, …) plus `data`.
 */
export const render = (
  req: Request,
  res: Response,
  view: string,
  data: object = {},
  status = 200,
) => {
  res
    .status(status)
    .type('html')
    .send(renderToString(req, res, view, data));
};
