/** Unknown input gets the menu and a hint, never silence (a stranger: how to link). */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';
import { showMenu } from '../screens.ts';

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('fallback'));

feature.chatType('private').on('message', async (ctx) => {
  const children = await ctx.sabak.children(); // a stranger stops here and is told how to link
  await ctx.reply(ctx.t('unknown'));
  return showMenu(ctx, undefined, children);
});

// A button of an old version of the bot: answered (by the bot's callback guard), nothing else.
feature.on('callback_query', () => undefined);

export { composer as fallbackFeature };
