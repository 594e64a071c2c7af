import type { NextFunction, Request, Response } from 'express';
import type { i18n } from 'i18next';
import { pickLanguage, type Lang, type TFunction } from '../../locales/i18n.ts';

declare module 'express-serve-static-core' {
  interface Request {
    lang: Lang;
    t: TFunction;
  }
}

/** Sets `req.lang` (Accept-Language, or `?lang=`) and `req.t` bound to it. */
export const i18nMiddleware =
  (i18n: i18n) => (req: Request, _res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query.lang === 'string' ? req.query.lang : null;
    req.lang = pickLanguage(fromQuery ?? req.get('accept-language'));
    req.t = i18n.getFixedT(req.lang);
    next();
  };
