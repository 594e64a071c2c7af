import type { DomainDeps } from '../deps.ts';
import { finishMessages } from './claim-message.ts';

/**
 * Records that Telegram accepted these messages (R18 delivery log): one statement for a batch,
 * so the worker can record the sends of a few milliseconds together.
 */
export const recordMessagesSent = (deps: DomainDeps, messageIds: number[]) =>
  finishMessages(deps, messageIds, 'SENT', null);

/** Records that Telegram accepted one message. */
export const recordMessageSent = (deps: DomainDeps, messageId: number) =>
  recordMessagesSent(deps, [messageId]);

/**
 * Records that the chat cannot be reached (403 blocked / deactivated, 400 chat not found): the
 * message ends BLOCKED and every link of that chat to that bot turns inactive, so no later event
 * is fanned out to it until the user links again.
 */
export const recordMessageBlocked = async (deps: DomainDeps, messageId: number, reason: string) => {
  const message = await deps.db.notificationMessage.findUnique({
    where: { id: messageId },
    select: { chatId: true, botAccountId: true },
  });
  if (!message) return;
  await deps.db.telegramLink.updateMany({
    where: { chatId: message.chatId, botAccountId: message.botAccountId, isActive: true },
    data: { isActive: false },
  });
  // This message and those already waiting for that chat end the same way.
  const waiting = await deps.db.notificationMessage.findMany({
    where: { chatId: message.chatId, botAccountId: message.botAccountId, status: 'PENDING' },
    select: { id: true },
  });
  await finishMessages(
    deps,
    [messageId, ...waiting.map((w) => w.id)],
    'BLOCKED',
    reason.slice(0, 500),
  );
};

/**
 * Records a failed attempt (5xx, network). `isFinal`: the queue gives up, the message ends FAILED;
 * otherwise it stays PENDING and the queue retries it with backoff.
 */
export const recordMessageFailure = async (
  deps: DomainDeps,
  messageId: number,
  error: string,
  isFinal: boolean,
) => {
  await deps.db.notificationMessage.updateMany({
    where: { id: messageId, status: 'PENDING' },
    data: { attempts: { increment: 1 }, error: error.slice(0, 500) },
  });
  if (isFinal) await finishMessages(deps, [messageId], 'FAILED', error.slice(0, 500));
};
