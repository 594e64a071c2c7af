/** The diary: today and any day back and forth, marks by subject, switching between children. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';
import { callbackPattern, TODAY } from '../keyboards/callback-data.ts';
import { present, showChildren, showDay, showMarks, showMenu } from '../screens.ts';

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('diary')).chatType('private');

/** The open child: the remembered one if still the user's, else the first; null without any. */
const currentPupilId = async (ctx: BotContext) => {
  const children = await ctx.sabak.children();
  const child = children.find((c) => c.pupilId === ctx.session.pupilId) ?? children[0];
  return child?.pupilId ?? null;
};

feature.command('today', async (ctx) => {
  const pupilId = await currentPupilId(ctx);
  return pupilId === null ? present(ctx, ctx.t('menu.noChildren')) : showDay(ctx, pupilId);
});
feature.command('marks', async (ctx) => {
  const pupilId = await currentPupilId(ctx);
  return pupilId === null ? present(ctx, ctx.t('menu.noChildren')) : showMarks(ctx, pupilId);
});
feature.command('children', (ctx) => showChildren(ctx));
feature.command(['menu', 'help'], async (ctx) => {
  await ctx.reply(ctx.t('help'));
  return showMenu(ctx);
});

// Ids in buttons are only hints: the API refuses a pupil who is not the user's own.
feature.callbackQuery(callbackPattern.day, (ctx) => {
  const [, pupilId = '', day = TODAY, page = '0'] = ctx.match;
  return showDay(ctx, Number(pupilId), day === TODAY ? undefined : day, Number(page));
});
feature.callbackQuery(callbackPattern.marks, (ctx) => {
  const [, pupilId = '', page = '0'] = ctx.match;
  return showMarks(ctx, Number(pupilId), Number(page));
});
feature.callbackQuery(callbackPattern.menu, (ctx) => showMenu(ctx, Number(ctx.match[1])));
feature.callbackQuery(callbackPattern.pickChild, (ctx) => showMenu(ctx, Number(ctx.match[1])));
feature.callbackQuery(callbackPattern.children, (ctx) => showChildren(ctx));

export { composer as diaryFeature };
