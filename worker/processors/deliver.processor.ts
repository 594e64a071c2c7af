import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { ClaimedMessage } from '../../domain/index.ts';
import type { BotSender } from '../telegram/bots.ts';
import type { Pacer } from '../telegram/pacer.ts';
import { classifySendError } from '../telegram/send-errors.ts';
import { deliverJob } from '../queues.ts';
import type { ProcessorDeps } from './deps.ts';

export interface DeliverTools {
  /** Waits for this bot's next send slot; `pause` after a 429. */
  pacer: Pacer;
  /** Pauses this bot's queue (BullMQ) after a 429. */
  pauseQueue: (ms: number) => Promise<void>;
  /** Records a message SENT (batched with others of the same moment). */
  recordSent: (messageId: number) => Promise<void>;
  /** Claims a message (batched with the claims of the same moment). */
  claim: (messageId: number) => Promise<ClaimedMessage>;
}

/**
 * Sends one message through its bot. Order matters for "never twice": the message is claimed
 * (closed to new events) before sending and recorded SENT right after Telegram's answer; a crash
 * between those two is the one window in which a retry can send it again.
 */
export const createDeliverProcessor =
  ({ domain, logger }: ProcessorDeps, bot: BotSender, tools: DeliverTools) =>
  async (job: Job, token?: string) => {
    const { messageId } = deliverJob.parse(job.data);
    const claimed = await tools.claim(messageId);
    if (claimed.kind === 'done') return 'done';
    if (claimed.kind === 'later') {
      await job.moveToDelayed(claimed.dueAt.getTime(), token);
      throw new DelayedError();
    }
    const { chatId, message } = claimed;
    const finished = await tools.pacer.next();
    try {
      await bot.api.sendMessage(Number(chatId), message.text, {
        ...(message.button
          ? {
              reply_markup: {
                inline_keyboard: [
                  [{ text: message.button.text, callback_data: message.button.callbackData }],
                ],
              },
            }
          : {}),
        link_preview_options: { is_disabled: true },
        ...(bot.allowPaidBroadcast ? { allow_paid_broadcast: true } : {}),
      });
    } catch (error) {
      await finished();
      const failure = classifySendError(error);
      switch (failure.kind) {
        case 'rate-limited':
          // Only this bot pauses; the job goes back to waiting without using an attempt.
          logger.warn(
            { bot: bot.botAccountId, retryAfterMs: failure.retryAfterMs },
            'telegram 429',
          );
          await tools.pacer.pause(failure.retryAfterMs);
          await tools.pauseQueue(failure.retryAfterMs);
          throw Worker.RateLimitError();
        case 'unreachable':
          await domain.notifications.recordMessageBlocked(messageId, failure.reason);
          return 'blocked';
        case 'rejected':
          await domain.notifications.recordMessageFailure(messageId, failure.reason, true);
          throw new UnrecoverableError(failure.reason);
        case 'transient': {
          const isFinal = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          await domain.notifications.recordMessageFailure(messageId, failure.reason, isFinal);
          throw error instanceof Error ? error : new Error(failure.reason);
        }
      }
    }
    await finished();
    await tools.recordSent(messageId);
    return 'sent';
  };
