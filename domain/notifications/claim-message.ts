import type { DomainDeps } from '../deps.ts';
import { SCHOOL_TIME_ZONE } from '../dates.ts';
import { chatLockKey } from './kinds.ts';
import { renderMessage, type RenderedMessage } from './render-message.ts';

export type ClaimedMessage =
  | { kind: 'send'; chatId: bigint; botAccountId: number | null; message: RenderedMessage }
  /** Sent, blocked, skipped or failed already: nothing to do (a duplicate or late job). */
  | { kind: 'done' }
  /** Not due yet (a job that ran early, e.g. re-enqueued by the sweeper): try at `dueAt`. */
  | { kind: 'later'; dueAt: Date };

/**
 * Starts sending one message: closes it to further events (they open the chat's next message)
 * and renders its events in the recipient's language. Nothing left to say (a mark posted and
 * deleted within the window) ends it as SKIPPED. Safe to call again after a crash or a retry:
 * the same message renders the same events.
 */
export const claimMessage = async (
  deps: DomainDeps,
  messageId: number,
): Promise<ClaimedMessage> => {
  const { db } = deps;
  const head = await db.notificationMessage.findUnique({
    where: { id: messageId },
    select: { status: true, chatId: true, botAccountId: true, dueAt: true, claimedAt: true },
  });
  if (!head || head.status !== 'PENDING') return { kind: 'done' };
  // A little slack: timers fire a few milliseconds early or late.
  if (head.claimedAt === null && head.dueAt.getTime() > deps.now().getTime() + 1_000) {
    return { kind: 'later', dueAt: head.dueAt };
  }
  if (head.claimedAt === null) {
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${chatLockKey(head.botAccountId, head.chatId)}, 0))`;
      await tx.notificationMessage.updateMany({
        where: { id: messageId, claimedAt: null },
        data: { claimedAt: deps.now() },
      });
    });
  }
  const message = await db.notificationMessage.findUniqueOrThrow({
    where: { id: messageId },
    select: {
      userId: true,
      user: { select: { language: true, school: { select: { timeZone: true } } } },
      deliveries: {
        orderBy: { eventId: 'asc' },
        select: { event: { select: { type: true, payload: true, createdAt: true } } },
      },
    },
  });
  const rendered = await renderMessage(
    db,
    {
      userId: message.userId,
      language: message.user.language,
      timeZone: message.user.school?.timeZone ?? SCHOOL_TIME_ZONE,
    },
    message.deliveries.map((d) => d.event),
  );
  if (!rendered) {
    await finishMessage(deps, messageId, 'SKIPPED', null);
    return { kind: 'done' };
  }
  return { kind: 'send', chatId: head.chatId, botAccountId: head.botAccountId, message: rendered };
};

/** Ends a message and its deliveries in one status (one transaction). */
export const finishMessage = async (
  { db, now }: DomainDeps,
  messageId: number,
  status: 'SENT' | 'SKIPPED' | 'BLOCKED' | 'FAILED',
  error: string | null,
) => {
  const at = status === 'SENT' ? now() : null;
  await db.$transaction([
    db.notificationMessage.updateMany({
      where: { id: messageId, status: 'PENDING' },
      data: { status, sentAt: at, error },
    }),
    db.delivery.updateMany({
      where: { messageId, status: 'PENDING' },
      data: { status, sentAt: at, error },
    }),
  ]);
};
