/** A user blocking or unblocking the bot (`my_chat_member` in a private chat). */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { featureErrorHandler } from '../errors.ts';

const composer = new Composer<BotContext>();
const feature = composer.errorBoundary(featureErrorHandler('membership'));

feature.on('my_chat_member', (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  const isBlocked = status === 'kicked' || status === 'left';
  // Nothing to say to the chat: a blocked bot cannot write, an unblocked one waits for /start.
  ctx.log.info(
    { chatId: ctx.myChatMember.chat.id, chatType: ctx.myChatMember.chat.type, isBlocked },
    isBlocked ? 'bot blocked' : 'bot unblocked',
  );
});

export { composer as membershipFeature };
