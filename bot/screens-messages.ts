/**
 * Messages (R19) in the bot: a family picks a teacher of the child and writes; anyone linked reads
 * their conversations and answers. Names and roles only — the API never gives phone numbers or
 * Telegram usernames, and the bot shows none.
 */
import { InlineKeyboard } from 'grammy';
import type { BotContext, Compose } from './context.ts';
import { formatDateTime, subjectName } from './format.ts';
import { callbackData } from './keyboards/callback-data.ts';
import { confirmKeyboard, pagerRow } from './keyboards/menus.ts';
import { page, present } from './present.ts';

/** Texts longer than this are cut in a button label. */
const LABEL_LENGTH = 40;
const label = (text: string) =>
  text.length > LABEL_LENGTH ? `${text.slice(0, LABEL_LENGTH - 1)}…` : text;

/** Whom a family may write to about the child: teachers with their subjects, the class teacher. */
export const showContacts = async (ctx: BotContext, pupilId: number) => {
  const { t, lang } = ctx;
  const contacts = await ctx.sabak.contacts(pupilId);
  ctx.session.pupilId = pupilId;
  // Families write to the school's staff; other parents are not listed here.
  const staff = contacts.filter((c) => c.role !== 'PARENT' && c.role !== 'PUPIL');
  const keyboard = new InlineKeyboard();
  for (const contact of staff) {
    const subjects = contact.subjects.map((s) => subjectName(lang, s)).join(', ');
    const role = subjects || t(`roles.${contact.role}`, { defaultValue: '' });
    keyboard
      .text(
        label(role ? `${contact.name} (${role})` : contact.name),
        callbackData.writeTo(pupilId, contact.id),
      )
      .row();
  }
  keyboard.text(t('menu.back'), callbackData.menu(pupilId));
  return present(ctx, staff.length > 0 ? t('write.pick') : t('write.nobody'), keyboard);
};

/** Waits for the text of a message (to a teacher, a reply, an announcement). */
export const askForText = async (ctx: BotContext, compose: Compose, prompt: string) => {
  ctx.session.compose = compose;
  ctx.session.draft = undefined;
  return present(
    ctx,
    prompt,
    new InlineKeyboard().text(ctx.t('compose.cancel'), callbackData.cancel()),
  );
};

/** The written text as it will be sent, with Send and Cancel. */
export const showPreview = (ctx: BotContext, text: string) => {
  ctx.session.draft = text;
  return present(ctx, ctx.t('compose.preview', { text }), confirmKeyboard(ctx.t));
};

/** The user's conversations, most recent first, unread ones marked. */
export const showInbox = async (ctx: BotContext, requestedPage = 0) => {
  const { t, lang } = ctx;
  const threads = await ctx.sabak.threads();
  const perPage = 8;
  const pages = Math.max(1, Math.ceil(threads.length / perPage));
  const index = Math.min(Math.max(requestedPage, 0), pages - 1);
  const keyboard = new InlineKeyboard();
  for (const thread of threads.slice(index * perPage, (index + 1) * perPage)) {
    const mark = thread.unread > 0 ? `🔵 ${thread.unread} · ` : '';
    keyboard.text(label(`${mark}${thread.subject}`), callbackData.thread(thread.id)).row();
  }
  pagerRow(keyboard, t, index, pages, (p) => callbackData.inbox(p));
  keyboard.text(t('menu.back'), callbackData.home());
  const lines = [t('inbox.title')];
  if (threads.length === 0) lines.push('', t('inbox.empty'));
  else
    for (const thread of threads.slice(index * perPage, (index + 1) * perPage))
      if (thread.lastMessage)
        lines.push(
          '',
          `${thread.unread > 0 ? '🔵 ' : ''}${thread.subject}`,
          t('inbox.last', {
            with: thread.participants.map((p) => p.name).join(', '),
            date: formatDateTime(lang, thread.lastMessage.createdAt),
          }),
        );
  return present(ctx, page(lines.join('\n'), 0).text, keyboard);
};

/** One conversation, oldest message first, with Reply. Opening it marks it read (the API does). */
export const showThread = async (ctx: BotContext, threadId: number, requestedPage = 0) => {
  const { t, lang } = ctx;
  const me = await ctx.sabak.me();
  const thread = await ctx.sabak.thread(threadId);
  const names = new Map(thread.participants.map((p) => [p.id, p.name]));
  const lines = [t('thread.title', { subject: thread.subject })];
  if (thread.pupil)
    lines.push(t('thread.about', { name: `${thread.pupil.lastName} ${thread.pupil.firstName}` }));
  for (const message of thread.messages)
    lines.push(
      '',
      t('thread.from', {
        who: message.authorId === me.id ? t('thread.me') : (names.get(message.authorId) ?? '—'),
        date: formatDateTime(lang, message.createdAt),
      }),
      message.body,
    );
  const shown = page(lines.join('\n'), requestedPage);
  const keyboard = pagerRow(new InlineKeyboard(), t, shown.index, shown.count, (p) =>
    callbackData.thread(threadId, p),
  )
    .text(t('thread.reply'), callbackData.reply(threadId))
    .text(t('inbox.back'), callbackData.inbox())
    .row();
  return present(ctx, shown.text, keyboard);
};
