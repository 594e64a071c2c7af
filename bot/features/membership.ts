/** A user blocking or unblocking the bot (`my_chat_member` in a private chat). */
import { Composer } from 'grammy';
import { ApiError } from '../api-client.ts';
import type { BotContext } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('membership'));

feature.on('my_chat_member', async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  const isBlocked = status === 'kicked' || status === 'left';
  // Nothing to say to the chat: a blocked bot cannot write, an unblocked one waits for /start.
  ctx.log.info(
    { chatId: ctx.myChatMember.chat.id, chatType: ctx.myChatMember.chat.type, isBlocked },
    isBlocked ? 'bot blocked' : 'bot unblocked',
  );
  // Only a private chat is the user's own; the API marks their links so the worker skips them.
  if (ctx.myChatMember.chat.type !== 'private') return;
  try {
    await ctx.sabak.setChatStatus(isBlocked);
  } catch (error) {
    // A stranger (not linked) has no links to mark; anything else goes to the boundary's log.
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return;
    throw error;
  }
});

export { composer as membershipFeature };
