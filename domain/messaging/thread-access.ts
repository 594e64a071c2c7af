import type { UserActor } from '../actor.ts';
import type { DbOrTx } from '../db.ts';
import { notFound } from '../errors.ts';

/**
 * A thread the user takes part in. Others get NOT_FOUND, not FORBIDDEN: a conversation's
 * existence is itself private.
 * @throws DomainError NOT_FOUND
 */
export const getOwnThread = async (db: DbOrTx, user: UserActor, threadId: number) => {
  const thread = await db.messageThread.findFirst({
    where: { id: threadId, participants: { some: { userId: user.userId } } },
    select: { id: true, schoolId: true, subject: true, pupilId: true },
  });
  if (!thread) throw notFound('thread');
  return thread;
};
