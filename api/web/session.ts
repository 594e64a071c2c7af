import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError, type Domain } from '../../domain/index.ts';
import { SESSION_COOKIE } from '../routes/accounts.routes.ts';

const sessionToken = (req: Request) =>
  (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];

/** Is this request from page script (htmx or `fetch`) rather than a page load? */
export const isScriptRequest = (req: Request) =>
  req.get('hx-request') === 'true' || (req.get('accept') ?? '').startsWith('application/json');

/** Only local paths are followed after sign-in (`/day?x=1`, never `//evil.example`). */
export const safeNext = (value: unknown): string | null =>
  typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500
    ? value
    : null;

/** Resolves `req.actor` from the staff session cookie (anonymous without a valid session). */
export const loadWebActor =
  (domain: Domain): RequestHandler =>
  async (req, _res, next) => {
    req.actor = await domain.auth.actorForSession(sessionToken(req));
    next();
  };

/**
 * Pages behind sign-in: a signed-in staff member passes (with `res.locals.user` for the header);
 * otherwise a page load goes to `/login` (with `expired` when a session cookie was there but no
 * longer works, and `next` to come back), and a script request gets 401 with `HX-Redirect`.
 */
export const requireStaff =
  (domain: Domain): RequestHandler =>
  async (req: Request, res: Response, next: NextFunction) => {
    if (req.actor.kind === 'user' && req.actor.roles.length > 0) {
      // Script requests get JSON or a fragment without the page header: no profile needed.
      if (isScriptRequest(req)) return next();
      const me = await domain.accounts.getMe(req.actor);
      res.locals.user = {
        id: me.id,
        name: [me.lastName, me.firstName].filter(Boolean).join(' '),
        schoolName: me.schoolName,
      };
      return next();
    }
    const expired = req.actor.kind === 'anonymous' && Boolean(sessionToken(req));
    const params = new URLSearchParams();
    if (expired) params.set('expired', '1');
    if (req.method === 'GET' && !isScriptRequest(req)) params.set('next', req.originalUrl);
    const target = `/login${params.size > 0 ? `?${params.toString()}` : ''}`;
    if (req.actor.kind === 'user')
      // Signed in, but not staff (a parent or pupil): the journal is not for them.
      return next(new DomainError('FORBIDDEN', 'staff pages only'));
    if (isScriptRequest(req) || req.method !== 'GET') {
      res.status(401).set('HX-Redirect', target).json({ redirect: target });
      return;
    }
    res.redirect(303, target);
  };
