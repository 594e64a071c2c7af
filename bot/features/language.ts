/** Choosing the language: asked at first start, switchable any time, stored through the API. */
import { Composer } from 'grammy';
import type { Lang } from '../../locales/i18n.ts';
import { ApiError } from '../api-client.ts';
import type { BotContext } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';
import { callbackPattern } from '../keyboards/callback-data.ts';
import { present, showLanguages, showMenu } from '../screens.ts';

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('language')).chatType('private');

feature.command('language', (ctx) => showLanguages(ctx));
feature.callbackQuery(callbackPattern.languages, (ctx) => showLanguages(ctx));

feature.callbackQuery(callbackPattern.language, async (ctx) => {
  const lang = ctx.match[1] as Lang;
  ctx.session.language = lang;
  ctx.session.hasChosenLanguage = true;
  ctx.useLanguage(lang);
  try {
    await ctx.sabak.setLanguage(lang);
  } catch (error) {
    // A stranger's choice lives in the session until they link.
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED')
      return present(ctx, `${ctx.t('language.changed')}\n\n${ctx.t('link.howTo')}`);
    throw error;
  }
  await ctx.answerCallbackQuery({ text: ctx.t('language.changed') });
  return showMenu(ctx);
});

export { composer as languageFeature };
