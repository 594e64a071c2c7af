import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { personSelect, toPerson } from './people.ts';

/** Threads shown at once; older ones are reached by scrolling in a later version. */
const MAX_THREADS = 100;
const PREVIEW_LENGTH = 120;

/**
 * The acting user's conversations, most recently active first, each with its last message and how
 * many messages of others arrived since the user last opened it.
 * @throws DomainError UNAUTHENTICATED
 */
export const listThreads = async ({ db }: DomainDeps, actor: Actor) => {
  const user = requireUser(actor);
  const activity = await db.$queryRaw<{ threadId: number; lastAt: Date; unread: number }[]>`
    SELECT tp.thread_id AS "threadId",
           max(m.created_at) AS "lastAt",
           (count(m.id) FILTER (
             WHERE m.author_id <> tp.user_id AND (tp.last_read_at IS NULL OR m.created_at > tp.last_read_at)
           ))::int AS unread
      FROM thread_participant tp
      JOIN message m ON m.thread_id = tp.thread_id
     WHERE tp.user_id = ${user.userId}
     GROUP BY tp.thread_id
     ORDER BY "lastAt" DESC, tp.thread_id DESC
     LIMIT ${MAX_THREADS}`;
  if (activity.length === 0) return [];
  const threads = await db.messageThread.findMany({
    where: { id: { in: activity.map((a) => a.threadId) } },
    select: {
      id: true,
      subject: true,
      pupil: { select: { id: true, lastName: true, firstName: true } },
      participants: { select: { user: { select: personSelect } } },
      messages: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 1,
        select: { id: true, authorId: true, body: true, createdAt: true },
      },
    },
  });
  const byId = new Map(threads.map((t) => [t.id, t]));
  return activity.flatMap(({ threadId, unread }) => {
    const thread = byId.get(threadId);
    if (!thread) return [];
    const last = thread.messages[0];
    return [
      {
        id: thread.id,
        subject: thread.subject,
        pupil: thread.pupil,
        participants: thread.participants.map((p) => toPerson(p.user)),
        lastMessage: last
          ? {
              id: last.id,
              authorId: last.authorId,
              preview: last.body.slice(0, PREVIEW_LENGTH),
              createdAt: last.createdAt,
            }
          : null,
        unread,
      },
    ];
  });
};
