import type { Request, Response } from 'express';
import { schemas, SESSION_LIFETIME_MS } from '../../domain/index.ts';
import { defineRoutes } from './define.ts';

export const SESSION_COOKIE = 'sabak_session';

/** Sets the httpOnly session cookie of a session just opened and answers who signed in. */
export const startSession = (
  req: Request,
  res: Response,
  session: { token: string; userId: number; language: string; expiresAt: Date },
) => {
  res.cookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    // Max-Age (relative) rather than an absolute Expires: the browser's clock need not agree with
    // the server's; the server checks the session's own expiry on every request.
    maxAge: SESSION_LIFETIME_MS,
    path: '/',
  });
  return { userId: session.userId, language: session.language, expiresAt: session.expiresAt };
};

export const accountsRoutes = defineRoutes([
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Staff sign-in with login and password; sets an httpOnly session cookie',
    tag: 'accounts',
    body: schemas.loginInput,
    rateLimit: 'login',
    handle: async ({ domain, actor, body, res, req }) => {
      const session = await domain.accounts.login(actor, body);
      return startSession(req, res, session);
    },
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'Ends the current session',
    tag: 'accounts',
    status: 204,
    handle: async ({ domain, actor, req, res }) => {
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      if (token) await domain.accounts.logout(actor, token);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/me',
    summary: "The signed-in user's profile, roles and children",
    tag: 'accounts',
    handle: ({ domain, actor }) => domain.accounts.getMe(actor),
  },
]);
