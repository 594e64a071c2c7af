import type { DbOrTx } from '../db.ts';
import type { TypedOutboxEvent } from '../events.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { DEFAULT_PREFERENCES } from '../accounts/notification-preferences.ts';
import { CATEGORY_OF } from './kinds.ts';

/** One chat that should hear about an event, with what shapes its message. */
export interface Recipient {
  userId: number;
  chatId: bigint;
  botAccountId: number | null;
  language: 'ky' | 'ru' | 'en';
  linkedAt: Date;
  /** The pupil the message is about (the diary page its button opens), when there is one. */
  pupilId: number | null;
  /** The user's switch for this event's category (R18). */
  isWanted: boolean;
  isDigestOnly: boolean;
  quietFrom: string | null;
  quietTo: string | null;
}

type Event = TypedOutboxEvent;

const familyOfPupils = (pupils: Prisma.Sql) => Prisma.sql`
  SELECT p.user_id, p.id AS pupil_id FROM pupil p WHERE p.id IN (${pupils}) AND p.user_id IS NOT NULL
  UNION ALL
  SELECT g.user_id, g.pupil_id FROM guardian g
  WHERE g.pupil_id IN (${pupils}) AND g.granted_at IS NOT NULL`;

const pupilsOfClass = (classGroupId: number) =>
  Prisma.sql`SELECT id FROM pupil WHERE class_group_id = ${classGroupId}`;

/** Pupils a homework of a lesson is for: its subgroup when it has one, else the class. */
const pupilsOfLesson = (lessonId: number) => Prisma.sql`
  SELECT p.id FROM lesson l JOIN pupil p ON p.class_group_id = l.class_group_id
  WHERE l.id = ${lessonId}
    AND (l.subgroup_id IS NULL OR EXISTS (
      SELECT 1 FROM subgroup_member m WHERE m.subgroup_id = l.subgroup_id AND m.pupil_id = p.id))`;

/** CTEs `a` (the announcement) and `pupils` (the families it addresses, by pupil). */
export const announcementPupils = (announcementId: number) => Prisma.sql`
  a AS (SELECT * FROM announcement WHERE id = ${announcementId}),
  pupils AS (
    SELECT p.id, p.user_id FROM pupil p, a
    WHERE p.school_id = a.school_id AND (
      a.audience = 'SCHOOL'
      OR (a.audience = 'CLASS' AND p.class_group_id = a.class_group_id)
      OR (a.audience = 'PARALLEL' AND p.class_group_id IN (
            SELECT c.id FROM class_group c JOIN grade_level gl ON gl.id = c.grade_level_id
            WHERE gl.school_id = a.school_id AND gl.grade = a.grade))
      OR (a.audience = 'ROLE' AND a.role IN ('PARENT', 'PUPIL')))
  )`;

/** (user, pupil) pairs an announcement reaches; staff audiences have no pupil. */
const announcementTargets = (announcementId: number) => Prisma.sql`
  WITH ${announcementPupils(announcementId)}
  SELECT p.user_id, p.id AS pupil_id FROM pupils p, a
  WHERE p.user_id IS NOT NULL AND (a.audience <> 'ROLE' OR a.role = 'PUPIL')
  UNION ALL
  SELECT g.user_id, g.pupil_id FROM guardian g JOIN pupils p ON p.id = g.pupil_id, a
  WHERE g.granted_at IS NOT NULL AND (a.audience <> 'ROLE' OR a.role = 'PARENT')
  UNION ALL
  SELECT r.user_id, NULL::int FROM staff_role r, a
  WHERE r.school_id = a.school_id
    AND (a.audience = 'SCHOOL' OR (a.audience = 'ROLE' AND r.role::text = a.role))
  EXCEPT
  SELECT a.author_id, NULL::int FROM a`;

/** Who an event concerns, as (user_id, pupil_id) rows. */
const targetsOf = (event: Event): Prisma.Sql => {
  switch (event.type) {
    case 'mark.posted':
    case 'mark.changed':
    case 'mark.deleted':
    case 'attendance.recorded':
    case 'individual-homework.posted':
    case 'final-mark.posted':
    case 'final-mark.changed':
    case 'final-mark.withdrawn':
      return familyOfPupils(Prisma.sql`${event.payload.pupilId}`);
    case 'homework.posted':
      return familyOfPupils(pupilsOfLesson(event.payload.lessonId));
    case 'homework.reminder':
    case 'substitution.recorded':
    case 'timetable.changed':
      return familyOfPupils(pupilsOfClass(event.payload.classGroupId));
    case 'announcement.posted':
      return announcementTargets(event.payload.announcementId);
    case 'message.posted':
      return Prisma.sql`
        SELECT tp.user_id, t.pupil_id FROM message m
        JOIN message_thread t ON t.id = m.thread_id
        JOIN thread_participant tp ON tp.thread_id = t.id
        WHERE m.id = ${event.payload.messageId} AND tp.user_id <> m.author_id`;
  }
};

interface Row {
  user_id: number;
  chat_id: bigint;
  bot_account_id: number | null;
  language: 'ky' | 'ru' | 'en';
  linked_at: Date;
  pupil_id: number | null;
  has_prefs: boolean;
  wanted: boolean | null;
  digest_only: boolean | null;
  quiet_from: string | null;
  quiet_to: string | null;
}

/**
 * The active linked chats an event reaches (R18): the pupil and each guardian, a class's families,
 * an announcement's audience, a conversation's other participants. One chat appears once even when
 * two of its users (or two children in one class) are concerned.
 */
export const resolveRecipients = async (db: DbOrTx, event: Event): Promise<Recipient[]> => {
  const column = Prisma.raw(`np."${CATEGORY_OF[event.type]}"`);
  const rows = await db.$queryRaw<Row[]>`
    WITH targets AS (${targetsOf(event)})
    SELECT DISTINCT ON (tl.bot_account_id, tl.chat_id)
      tl.user_id, tl.chat_id, tl.bot_account_id, tl.linked_at, u.language::text AS language,
      t.pupil_id, np.user_id IS NOT NULL AS has_prefs, ${column} AS wanted,
      np.digest_only, np.quiet_from, np.quiet_to
    FROM targets t
    JOIN telegram_link tl ON tl.user_id = t.user_id AND tl.is_active AND tl.blocked_at IS NULL
    JOIN app_user u ON u.id = t.user_id
    LEFT JOIN notification_preference np ON np.user_id = t.user_id
    ORDER BY tl.bot_account_id, tl.chat_id, t.pupil_id NULLS LAST, tl.user_id`;
  return rows.map((r) => ({
    userId: r.user_id,
    chatId: BigInt(r.chat_id),
    botAccountId: r.bot_account_id,
    language: r.language,
    linkedAt: r.linked_at,
    pupilId: r.pupil_id,
    isWanted: r.has_prefs ? r.wanted !== false : true,
    isDigestOnly: r.has_prefs ? r.digest_only === true : false,
    quietFrom: r.has_prefs ? r.quiet_from : DEFAULT_PREFERENCES.quietFrom,
    quietTo: r.has_prefs ? r.quiet_to : DEFAULT_PREFERENCES.quietTo,
  }));
};

export type { Event as NotifiableEvent };
