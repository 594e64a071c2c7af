import type { NextFunction, Request, Response } from 'express';
import type { i18n } from 'i18next';
import { LANGUAGES, pickLanguage, type Lang, type TFunction } from '../../locales/i18n.ts';

declare module 'express-serve-static-core' {
  interface Request {
    lang: Lang;
    t: TFunction;
    /** Did the request itself choose the language (`?lang=` or Accept-Language)? */
    langChosen: boolean;
  }
}

/** Sets `req.lang` (`?lang=`, else Accept-Language, else Kyrgyz) and `req.t` bound to it. */
export const i18nMiddleware = (i18n: i18n) => {
  const fixed = fixedTs(i18n);
  return (req: Request, _res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query.lang === 'string' ? req.query.lang : null;
    const header = req.get('accept-language');
    req.langChosen = Boolean(fromQuery ?? header);
    req.lang = pickLanguage(fromQuery ?? header);
    req.t = fixed[req.lang];
    next();
  };
};

/** One bound `t` per language, made once (not one per request). */
const fixedTs = (i18n: i18n) =>
  Object.fromEntries(LANGUAGES.map((l) => [l, i18n.getFixedT(l)])) as Record<Lang, TFunction>;

/**
 * After the actor is known: a request that did not choose a language (the bot, scripts) is
 * answered in the user's stored language (`PUT /me/language`), the one notifications use.
 */
export const storedLanguageMiddleware = (i18n: i18n) => {
  const fixed = fixedTs(i18n);
  return (req: Request, _res: Response, next: NextFunction) => {
    const stored = req.actor.kind === 'user' ? req.actor.language : null;
    if (!req.langChosen && stored && (LANGUAGES as readonly string[]).includes(stored)) {
      req.lang = stored;
      req.t = fixed[req.lang];
    }
    next();
  };
};
