import type { SqlReader } from './db.ts';
import { DomainError } from './errors.ts';
import { Prisma } from './generated/prisma/client.ts';
import type { Language, StaffRoleKind } from './generated/prisma/enums.ts';

/** What a class teacher, subject teacher or parent is entitled to, resolved once per request. */
export interface UserActor {
  kind: 'user';
  userId: number;
  schoolId: number | null;
  language: Language;
  roles: StaffRoleKind[];
  /**
   * Pupils this user is a parent or legal representative of AND was granted: a redeemed code of
   * the pupil's class teacher for this guardian, or the school's own confirmation. A guardian an
   * import attached to a sibling in another class does not reach that sibling until then.
   */
  childIds: number[];
  /** The pupil record of this user, if the user is a pupil. */
  pupilId: number | null;
  /** Classes this user leads as class teacher (класс жетекчи). */
  classTeacherOf: number[];
  /** The teaching load of this user: which subject in which class. */
  teaches: { classGroupId: number; subjectId: number }[];
  /**
   * What the request presented to act as this user, when it came through the API: a use case that
   * re-reads the actor inside its own statement (the diary) checks it is still valid there.
   */
  credential?: ActorCredential;
}

/** A Telegram user through the bot (optionally choosing one of its links), or a staff session. */
export type ActorCredential =
  | { kind: 'telegram'; telegramUserId: bigint; userId?: number }
  | { kind: 'session'; sessionId: string };

export interface AnonymousActor {
  kind: 'anonymous';
}

export type Actor = UserActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

/**
 * A credential not yet checked, standing in for its user where the use case reads the actor
 * afresh from that credential in its own statement and decides access on what it read (the
 * diary, `rereadsActor` routes). It grants nothing itself: no user, roles, children or classes.
 */
export const claimedActor = (credential: ActorCredential): UserActor => ({
  kind: 'user',
  userId: 0,
  schoolId: null,
  language: 'ky',
  roles: [],
  childIds: [],
  pupilId: null,
  classTeacherOf: [],
  teaches: [],
  credential,
});

/** Narrows to a signed-in user. @throws DomainError UNAUTHENTICATED */
export const requireUser = (actor: Actor): UserActor => {
  if (actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'sign-in required');
  return actor;
};

export interface ActorRow {
  id: number;
  school_id: number | null;
  language: Language;
  roles: StaffRoleKind[];
  child_ids: number[];
  pupil_id: number | null;
  led: number[];
  teaches: { classGroupId: number; subjectId: number }[];
}

const ACTOR_COLUMNS = Prisma.sql`
  u.id, u.school_id, u.language::text AS language,
  ARRAY(SELECT r.role::text FROM staff_role r
        WHERE r.user_id = u.id AND r.school_id = u.school_id ORDER BY r.role) AS roles,
  ARRAY(SELECT g.pupil_id FROM guardian g
        WHERE g.user_id = u.id AND g.granted_at IS NOT NULL ORDER BY g.pupil_id) AS child_ids,
  (SELECT p.id FROM pupil p WHERE p.user_id = u.id) AS pupil_id,
  ARRAY(SELECT c.id FROM class_group c WHERE c.class_teacher_id = u.id ORDER BY c.id) AS led,
  COALESCE((SELECT json_agg(json_build_object('classGroupId', t.class_group_id, 'subjectId', t.subject_id))
            FROM teaching_assignment t WHERE t.teacher_id = u.id), '[]'::json) AS teaches`;

/** An actor row as a query returns it, also as JSON (`row_to_json` of the columns above). */
export const toActor = (row: ActorRow, credential?: ActorCredential): UserActor => ({
  kind: 'user',
  userId: row.id,
  schoolId: row.school_id,
  language: row.language,
  roles: row.roles,
  childIds: row.child_ids,
  pupilId: row.pupil_id,
  classTeacherOf: row.led,
  teaches: row.teaches,
  ...(credential ? { credential } : {}),
});

const byUserSql = (userId: number) =>
  Prisma.sql`SELECT ${ACTOR_COLUMNS} FROM app_user u WHERE u.id = ${userId}`;

const bySessionSql = (sessionId: string, now: Date) => Prisma.sql`
  SELECT ${ACTOR_COLUMNS}
  FROM session s JOIN app_user u ON u.id = s.user_id
  WHERE s.id = ${sessionId} AND s.expires_at >= ${now}`;

const byTelegramSql = (telegramUserId: bigint, userId?: number) => Prisma.sql`
  SELECT ${ACTOR_COLUMNS}
  FROM (SELECT tl.user_id FROM telegram_link tl
        WHERE tl.telegram_user_id = ${telegramUserId} AND tl.is_active
          ${userId ? Prisma.sql`AND tl.user_id = ${userId}` : Prisma.empty}
        ORDER BY tl.linked_at DESC LIMIT 1) link
  JOIN app_user u ON u.id = link.user_id AND u.deactivated_at IS NULL`;

/**
 * The query that reads an actor afresh from what it presented (its credential, else its user id):
 * zero rows when the credential no longer holds (unlinked, session ended, account deactivated).
 */
export const actorSql = (credential: ActorCredential | undefined, userId: number, now: Date) => {
  if (!credential) return byUserSql(userId);
  return credential.kind === 'session'
    ? bySessionSql(credential.sessionId, now)
    : byTelegramSql(credential.telegramUserId, credential.userId);
};

/**
 * Loads everything the policies need about a user in ONE query: it runs before every request
 * (the diary's hot path), and Prisma's relation loading would make it seven round trips.
 * @throws DomainError UNAUTHENTICATED when the user does not exist
 */
export const loadActor = async (
  db: SqlReader,
  userId: number,
  credential?: ActorCredential,
): Promise<UserActor> => {
  const rows = await db.$queryRaw<ActorRow[]>(byUserSql(userId));
  const row = rows[0];
  if (!row) throw new DomainError('UNAUTHENTICATED', 'unknown user');
  return toActor(row, credential);
};

/**
 * The user a Telegram account acts as, in the same single query: its most recently linked active
 * link, or the link to `userId` when the bot picks one of several. Null when not linked.
 */
export const loadActorByTelegram = async (
  db: SqlReader,
  telegramUserId: bigint,
  userId?: number,
): Promise<UserActor | null> => {
  const rows = await db.$queryRaw<ActorRow[]>(byTelegramSql(telegramUserId, userId));
  const row = rows[0];
  return row
    ? toActor(row, { kind: 'telegram', telegramUserId, ...(userId ? { userId } : {}) })
    : null;
};
