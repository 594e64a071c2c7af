import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { isSchoolManager, refuse } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { announcementPupils } from './recipients.ts';

export const getAnnouncementReachInput = z.object({ announcementId: id }).strict();
export type GetAnnouncementReachInput = z.input<typeof getAnnouncementReachInput>;

/**
 * How far an announcement got (R18, R19): of the M families (pupils) it addresses, how many N
 * received it in Telegram (the pupil or a guardian), and its messages by status. For its author
 * and the school's administration.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getAnnouncementReach = async ({ db }: DomainDeps, actor: Actor, raw: unknown) => {
  const user = requireUser(actor);
  const input = parseInput(getAnnouncementReachInput, raw);
  const announcement = await db.announcement.findUnique({
    where: { id: input.announcementId },
    select: { id: true, schoolId: true, authorId: true },
  });
  if (!announcement) throw notFound('announcement');
  if (announcement.authorId !== user.userId && !isSchoolManager(user, announcement.schoolId)) {
    throw refuse(
      user,
      announcement.schoolId,
      'announcement',
      'only the author and the administration see delivery',
    );
  }
  const [families] = await db.$queryRaw<{ total: number; reached: number; linked: number }[]>`
    WITH ${announcementPupils(announcement.id)},
    family AS (
      SELECT p.id AS pupil_id, p.user_id FROM pupils p WHERE p.user_id IS NOT NULL
      UNION SELECT g.pupil_id, g.user_id FROM guardian g JOIN pupils p ON p.id = g.pupil_id
    ),
    ev AS (SELECT id FROM outbox_event
           WHERE type = 'announcement.posted' AND (payload->>'announcementId')::int = ${announcement.id})
    SELECT (SELECT count(*)::int FROM pupils) AS total,
      (SELECT count(DISTINCT f.pupil_id)::int FROM family f
        JOIN delivery d ON d.user_id = f.user_id AND d.status = 'SENT' AND d.event_id IN (SELECT id FROM ev)) AS reached,
      (SELECT count(DISTINCT f.pupil_id)::int FROM family f
        JOIN telegram_link tl ON tl.user_id = f.user_id AND tl.is_active) AS linked`;
  const byStatus = await db.$queryRaw<{ status: string; count: number }[]>`
    SELECT d.status::text AS status, count(*)::int AS count FROM delivery d
    JOIN outbox_event e ON e.id = d.event_id
    WHERE e.type = 'announcement.posted' AND (e.payload->>'announcementId')::int = ${announcement.id}
    GROUP BY d.status`;
  const chats = { PENDING: 0, SENT: 0, FAILED: 0, SKIPPED: 0, BLOCKED: 0 } as Record<
    string,
    number
  >;
  for (const r of byStatus) chats[r.status] = r.count;
  return {
    announcementId: announcement.id,
    families: families?.total ?? 0,
    familiesLinked: families?.linked ?? 0,
    familiesReached: families?.reached ?? 0,
    chats: {
      queued: chats.PENDING ?? 0,
      sent: chats.SENT ?? 0,
      failed: chats.FAILED ?? 0,
      blocked: chats.BLOCKED ?? 0,
      skipped: chats.SKIPPED ?? 0,
    },
  };
};
