/** Linking a Telegram account to a parent or pupil (R3): deep link, typed code, /logout. */
import { Composer } from 'grammy';
import { ApiError } from '../api-client.ts';
import type { BotContext } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';
import { shortName } from '../format.ts';
import { present, showLanguages, showMenu } from '../screens.ts';

/**
 * Printed codes are 8 letters and digits, often typed with spaces or dashes, sometimes on a
 * Cyrillic keyboard (the API maps look-alike letters); anything else is not taken for a code.
 */
export const looksLikeLinkCode = (text: string) =>
  /^[A-Za-z0-9АВЕКМНРСТУХавекмнрстух]{8}$/.test(text.replace(/[\s\-‐-―]+/g, ''));

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('linking'));
const privateChat = feature.chatType('private');

const redeem = async (ctx: BotContext & { chat: { id: number } }, code: string) => {
  let linked;
  try {
    linked = await ctx.sabak.redeemLinkCode(code, ctx.chat.id, ctx.botAccountId);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'VALIDATION_FAILED')
      return { ok: false as const, reply: ctx.reply(ctx.t('link.invalid')) };
    throw error;
  }
  // The language this chat speaks becomes the account's, so notifications speak it too.
  if (linked.user.language !== ctx.lang) await ctx.sabak.setLanguage(ctx.lang);
  if (linked.pupil === null) {
    // A staff code: the account acts as that staff member (teachers' screens come later).
    await ctx.reply(ctx.t('link.linkedStaff', { name: shortName(linked.user) }));
    return { ok: true as const };
  }
  ctx.session.pupilId = linked.pupil.id;
  await ctx.reply(
    ctx.t(linked.role === 'PARENT' ? 'link.linkedParent' : 'link.linkedPupil', {
      name: shortName(linked.pupil),
      className: linked.pupil.className,
    }),
  );
  return { ok: true as const };
};

privateChat.command('start', async (ctx) => {
  const payload = ctx.match.trim();
  const isFirstStart = !ctx.session.hasChosenLanguage;
  if (!payload && isFirstStart) await ctx.reply(ctx.t('welcome'));
  if (payload) {
    const result = await redeem(ctx, payload);
    if (!result.ok) return result.reply;
  }
  if (isFirstStart) return showLanguages(ctx);
  return showMenu(ctx);
});

privateChat.on('message:text').filter(
  (ctx) => looksLikeLinkCode(ctx.message.text),
  async (ctx) => {
    const result = await redeem(ctx, ctx.message.text);
    if (!result.ok) return result.reply;
    return showMenu(ctx);
  },
);

privateChat.command('logout', async (ctx) => {
  try {
    await ctx.sabak.unlink();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED')
      return present(ctx, ctx.t('logout.notLinked'));
    throw error;
  }
  ctx.session.pupilId = undefined;
  return present(ctx, ctx.t('logout.done'));
});

// Codes are personal: typed in a group, the whole group would read them.
feature.chatType(['group', 'supergroup']).filter(
  (ctx) =>
    (ctx.message?.text?.startsWith('/start') ?? false) ||
    looksLikeLinkCode(ctx.message?.text ?? ''),
  (ctx) => ctx.reply(ctx.t('link.privateOnly')),
);

export { composer as linkingFeature };
