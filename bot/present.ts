/** How a screen reaches the chat: in place of the pressed button's message, or as a new one. */
import { GrammyError, type InlineKeyboard } from 'grammy';
import type { BotContext } from './context.ts';
import { paginate } from './format.ts';

/** Shows `text` in place of the pressed button's message, or as a new message. */
export const present = async (ctx: BotContext, text: string, keyboard?: InlineKeyboard) => {
  const extra = keyboard ? { reply_markup: keyboard } : {};
  if (ctx.callbackQuery?.message) {
    // The answer (the button stops spinning) and the edit go out together: one round trip.
    const answered = ctx.callbackAnswered ? undefined : ctx.answerCallbackQuery();
    try {
      await Promise.all([answered, ctx.editMessageText(text, extra)]);
    } catch (error) {
      // Pressing the same button twice asks for the same text: Telegram says so, nothing is wrong.
      if (error instanceof GrammyError && error.description.includes('message is not modified'))
        return;
      throw error;
    }
    return;
  }
  await ctx.reply(text, extra);
};

/** A page of a long text plus its pager; the page index is clamped to what exists. */
export const page = (text: string, requested: number) => {
  const pages = paginate(text);
  const index = Math.min(Math.max(requested, 0), pages.length - 1);
  return { text: pages[index] ?? '', index, count: pages.length };
};
