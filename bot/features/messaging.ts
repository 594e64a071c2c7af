/**
 * Messages and announcements written in the bot (R19): pick whom to write (or which thread to
 * answer, or which class to announce to) → type the text → preview → Send. The step waits in the
 * Redis session; every id is checked by the API again when the text is sent.
 */
import { Composer } from 'grammy';
import type { BotContext, Compose } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';
import { shortName } from '../format.ts';
import { callbackData, callbackPattern, LAST_PAGE } from '../keyboards/callback-data.ts';
import { present } from '../present.ts';
import { InlineKeyboard } from 'grammy';
import {
  askForText,
  showContacts,
  showInbox,
  showPreview,
  showThread,
} from '../screens-messages.ts';
import { showAnnounceClasses } from '../screens-teacher.ts';

/** Longest text the API takes (messages and announcements). */
const MAX_TEXT = 2000;
/** An announcement's title: its first line, cut to fit. */
const TITLE_LENGTH = 100;

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('messaging')).chatType('private');

feature.command('inbox', (ctx) => showInbox(ctx));
feature.callbackQuery(callbackPattern.inbox, (ctx) => showInbox(ctx, Number(ctx.match[1])));
feature.callbackQuery(callbackPattern.thread, (ctx) =>
  showThread(ctx, Number(ctx.match[1]), Number(ctx.match[2] ?? LAST_PAGE)),
);
feature.callbackQuery(callbackPattern.contacts, (ctx) => showContacts(ctx, Number(ctx.match[1])));

feature.callbackQuery(callbackPattern.writeTo, async (ctx) => {
  const pupilId = Number(ctx.match[1]);
  const recipientUserId = Number(ctx.match[2]);
  // Only someone the API lists for this child: a forged id gets the list again, nothing else.
  const contact = (await ctx.sabak.contacts(pupilId)).find((c) => c.id === recipientUserId);
  if (!contact || contact.role === 'PARENT' || contact.role === 'PUPIL')
    return showContacts(ctx, pupilId);
  return askForText(
    ctx,
    { kind: 'thread', pupilId, recipientUserId },
    ctx.t('write.ask', { name: contact.name }),
  );
});

feature.callbackQuery(callbackPattern.reply, async (ctx) => {
  const threadId = Number(ctx.match[1]);
  const thread = await ctx.sabak.thread(threadId); // a stranger's thread is refused here
  return askForText(
    ctx,
    { kind: 'reply', threadId },
    ctx.t('thread.ask', { subject: thread.subject }),
  );
});

feature.callbackQuery(callbackPattern.announceClasses, (ctx) => showAnnounceClasses(ctx));
feature.callbackQuery(callbackPattern.announceTo, async (ctx) => {
  const classGroupId = Number(ctx.match[1]);
  const me = await ctx.sabak.me();
  const cls = me.classes.find((c) => c.id === classGroupId);
  if (!cls) return showAnnounceClasses(ctx);
  return askForText(
    ctx,
    { kind: 'announcement', classGroupId },
    ctx.t('announce.ask', { className: cls.name }),
  );
});

const homeKeyboard = (ctx: BotContext) =>
  new InlineKeyboard().text(ctx.t('menu.back'), callbackData.home());

feature.callbackQuery(callbackPattern.cancel, (ctx) => {
  ctx.session.compose = undefined;
  ctx.session.draft = undefined;
  return present(ctx, ctx.t('compose.cancelled'), homeKeyboard(ctx));
});

const send = async (ctx: BotContext, compose: Compose, text: string) => {
  switch (compose.kind) {
    case 'thread': {
      const child = (await ctx.sabak.children()).find((c) => c.pupilId === compose.pupilId);
      await ctx.sabak.startThread({
        pupilId: compose.pupilId,
        recipientUserId: compose.recipientUserId,
        subject: child ? `${shortName(child)}, ${child.className}` : ctx.t('write.subject'),
        body: text,
      });
      return ctx.t('compose.sent');
    }
    case 'reply':
      await ctx.sabak.postMessage(compose.threadId, text);
      return ctx.t('compose.sent');
    case 'announcement': {
      const firstLine = text.split('\n')[0]?.trim() ?? '';
      const title =
        firstLine.length > TITLE_LENGTH ? `${firstLine.slice(0, TITLE_LENGTH - 1)}…` : firstLine;
      await ctx.sabak.createAnnouncement(compose.classGroupId, title, text);
      return ctx.t('announce.sent');
    }
  }
};

feature.callbackQuery(callbackPattern.send, async (ctx) => {
  const { compose, draft } = ctx.session;
  if (!compose || !draft) return present(ctx, ctx.t('compose.nothing'), homeKeyboard(ctx));
  // Cleared first: a second press of Send (or a retry) never sends twice.
  ctx.session.compose = undefined;
  ctx.session.draft = undefined;
  const done = await send(ctx, compose, draft);
  return present(ctx, done, homeKeyboard(ctx));
});

// The text of a waiting step (commands still work and leave the step waiting).
feature.on('message:text').filter(
  (ctx) => ctx.session.compose !== undefined && !ctx.message.text.startsWith('/'),
  (ctx) => {
    const text = ctx.message.text.trim();
    if (text.length > MAX_TEXT) return ctx.reply(ctx.t('compose.tooLong', { max: MAX_TEXT }));
    return showPreview(ctx, text);
  },
);

export { composer as messagingFeature };
