import type { Request } from 'express';
import { LANGUAGES } from '../../../locales/i18n.ts';
import { SESSION_COOKIE, startSession } from '../../routes/accounts.routes.ts';
import { DomainError } from '../../../domain/index.ts';
import { formView, render } from '../render.ts';
import { LANG_COOKIE, type PageModule } from '../types.ts';
import { safeNext } from '../session.ts';

const field = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

const sessionToken = (req: Request) =>
  (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];

const isStaff = (req: Request) => req.actor.kind === 'user' && req.actor.roles.length > 0;

/** Sign-in, sign-out, first password with a one-time code, password change, language switch. */
export const authPages: PageModule = ({ get, post, staff, deps }) => {
  const { domain, limiters } = deps;

  get('/', (req, res) => {
    res.redirect(303, isStaff(req) ? '/day' : '/login');
  });

  const loginData = (req: Request) => ({
    next: safeNext(req.query.next ?? (req.body as Record<string, unknown> | undefined)?.next) ?? '',
    login: field(req, 'login'),
  });

  get('/login', (req, res) => {
    if (isStaff(req)) return res.redirect(303, safeNext(req.query.next) ?? '/day');
    const t = req.t;
    const notice =
      req.query.out === '1'
        ? t('web:login.signedOut')
        : req.query.changed === '1'
          ? t('web:login.passwordChanged')
          : null;
    render(req, res, 'login', {
      ...loginData(req),
      notice,
      error: req.query.expired === '1' ? t('web:login.expired') : null,
    });
  });

  post('/login', formView('login', loginData), ...limiters.login, async (req, res) => {
    const session = await domain.accounts.login(req.actor, {
      login: field(req, 'login'),
      password: field(req, 'password'),
    });
    startSession(req, res, session);
    res.redirect(303, safeNext(field(req, 'next')) ?? '/day');
  });

  post('/logout', async (req, res) => {
    const token = sessionToken(req);
    if (token) await domain.accounts.logout(req.actor, token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login?out=1');
  });

  const setupData = (req: Request) => ({ code: field(req, 'code') });
  get('/setup-password', (req, res) => {
    render(req, res, 'setup-password', setupData(req));
  });
  post(
    '/setup-password',
    formView('setup-password', setupData),
    ...limiters.setupCode,
    async (req, res) => {
      if (field(req, 'newPassword') !== field(req, 'confirm'))
        throw new DomainError('VALIDATION_FAILED', 'passwords differ', {
          details: { reason: 'passwordsDiffer' },
        });
      const session = await domain.accounts.setupPassword(req.actor, {
        code: field(req, 'code'),
        newPassword: field(req, 'newPassword'),
      });
      startSession(req, res, session);
      res.redirect(303, '/day');
    },
  );

  get('/password', staff, (req, res) => {
    render(req, res, 'password', {
      notice: req.query.done === '1' ? req.t('web:password.done') : null,
    });
  });
  post('/password', staff, formView('password'), ...limiters.password, async (req, res) => {
    if (field(req, 'newPassword') !== field(req, 'confirm'))
      throw new DomainError('VALIDATION_FAILED', 'passwords differ', {
        details: { reason: 'passwordsDiffer' },
      });
    await domain.accounts.changePassword(
      req.actor,
      { currentPassword: field(req, 'currentPassword'), newPassword: field(req, 'newPassword') },
      sessionToken(req),
    );
    res.redirect(303, '/password?done=1');
  });

  post('/lang', (req, res) => {
    const lang = field(req, 'lang');
    if ((LANGUAGES as readonly string[]).includes(lang))
      res.cookie(LANG_COOKIE, lang, {
        maxAge: 365 * 24 * 3600 * 1000,
        sameSite: 'lax',
        secure: req.secure,
        httpOnly: true,
        path: '/',
      });
    // The page's own address without `?lang=`, which would override the new choice.
    const back = safeNext(field(req, 'back')) ?? '/';
    const url = new URL(back, 'http://x');
    url.searchParams.delete('lang');
    res.redirect(303, `${url.pathname}${url.search}`);
  });
};
