import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { id, parseInput } from '../validation.ts';
import { personSelect, toPerson } from './people.ts';
import { getOwnThread } from './thread-access.ts';

/** The latest messages of a thread that one screen shows. */
const MAX_MESSAGES = 200;

export const getThreadInput = z.object({ threadId: id }).strict();
export type GetThreadInput = z.input<typeof getThreadInput>;

/**
 * One conversation with its participants (name and role only) and latest messages, oldest first.
 * Only participants see it; opening it marks its messages read for the user.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND
 */
export const getThread = async ({ db }: DomainDeps, actor: Actor, raw: unknown) => {
  const user = requireUser(actor);
  const input = parseInput(getThreadInput, raw);
  return db.$transaction(async (tx) => {
    const thread = await getOwnThread(tx, user, input.threadId);
    const participants = await tx.threadParticipant.findMany({
      where: { threadId: thread.id },
      select: { user: { select: personSelect } },
    });
    const newestFirst = await tx.message.findMany({
      where: { threadId: thread.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: MAX_MESSAGES,
      select: { id: true, authorId: true, body: true, createdAt: true },
    });
    const pupil =
      thread.pupilId === null
        ? null
        : await tx.pupil.findUnique({
            where: { id: thread.pupilId },
            select: { id: true, lastName: true, firstName: true },
          });
    // Read up to the newest message actually shown (message times come from the database clock),
    // so a message committed while this page was loading still counts as unread.
    const newest = newestFirst[0];
    if (newest) {
      await tx.threadParticipant.updateMany({
        where: {
          threadId: thread.id,
          userId: user.userId,
          OR: [{ lastReadAt: null }, { lastReadAt: { lt: newest.createdAt } }],
        },
        data: { lastReadAt: newest.createdAt },
      });
    }
    return {
      id: thread.id,
      subject: thread.subject,
      pupil,
      participants: participants.map((p) => toPerson(p.user)),
      messages: newestFirst.reverse(),
    };
  });
};
