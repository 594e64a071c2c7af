import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ANONYMOUS, claimedActor, loadActor, loadActorByTelegram, type Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { classLabel } from '../timetable/calendar.ts';
import { parseInput, MAX_SHORT_TEXT } from '../validation.ts';
import { checkPassword } from './passwords.ts';

export const SESSION_DAYS = 14;
/** How long a staff session lasts, in milliseconds (the session cookie's Max-Age). */
export const SESSION_LIFETIME_MS = SESSION_DAYS * 86_400_000;
/** The stored id of a session: the SHA-256 of its opaque token (the token itself is never stored). */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export const loginInput = z
  .object({
    login: z.string().trim().min(1).max(MAX_SHORT_TEXT),
    password: z.string().min(1).max(MAX_SHORT_TEXT),
  })
  .strict();
export type LoginInput = z.input<typeof loginInput>;

/**
 * Checks a staff login and password and opens a session. Returns the opaque session token (only
 * its hash is stored). Wrong login, wrong password and a deactivated account fail alike and take
 * the same time (one password hash either way). An old (bcrypt) hash is replaced by argon2id on a
 * good sign-in.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED
 */
export const login = async ({ db, now }: DomainDeps, _actor: Actor, raw: unknown) => {
  const input = parseInput(loginInput, raw);
  const user = await db.user.findUnique({
    where: { login: input.login },
    select: { id: true, passwordHash: true, language: true, deactivatedAt: true },
  });
  // Always one hash, also for an unknown login: the answer's timing must not reveal accounts.
  const { ok, rehash } = await checkPassword(input.password, user?.passwordHash);
  if (!user || !ok || user.deactivatedAt)
    throw new DomainError('UNAUTHENTICATED', 'wrong login or password', {
      details: { reason: 'badCredentials' },
    });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now().getTime() + SESSION_DAYS * 86_400_000);
  await db.session.create({ data: { id: sessionIdOf(token), userId: user.id, expiresAt } });
  if (rehash) {
    // Only if the hash is still the one just verified (a concurrent password change wins).
    await db.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash: rehash },
    });
  }
  return { token, expiresAt, userId: user.id, language: user.language };
};

/** Closes a session (no error when it is already gone). */
export const logout = async ({ db }: DomainDeps, _actor: Actor, token: string) => {
  await db.session.deleteMany({ where: { id: sessionIdOf(token) } });
};

/**
 * How the API may resolve an actor: `reuse` lets it take a remembered one (see actor-cache.ts),
 * only for routes whose use case re-reads the actor in its own statement.
 */
export interface ActorLookup {
  reuse?: boolean;
  /**
   * With `reuse`, when nothing is remembered: hand back the credential itself as an unchecked claim
   * (`claimedActor`) instead of reading it here. Its use case reads and checks it in its own
   * statement anyway; the claim grants nothing. For the diary's fast path (api/fast-path.ts),
   * whose refusals all go through the full path again.
   */
  claim?: boolean;
}

/** The actor behind a session token, or anonymous when it is unknown or expired. */
export const actorForSession = async (
  { db, now, actors }: DomainDeps,
  token: string | undefined,
  { reuse = false }: ActorLookup = {},
): Promise<Actor> => {
  if (!token) return ANONYMOUS;
  const credential = { kind: 'session', sessionId: sessionIdOf(token) } as const;
  const remembered = reuse ? actors?.get(credential) : undefined;
  if (remembered) return remembered;
  const session = await db.session.findUnique({ where: { id: credential.sessionId } });
  if (!session || session.expiresAt < now()) return ANONYMOUS;
  const actor = await loadActor(db, session.userId, credential);
  if (reuse) actors?.set(actor, session.expiresAt.getTime() - now().getTime());
  return actor;
};

/**
 * The actor a Telegram user acts as, through the bot's service token: the user a redeemed code
 * bound it to — a guardian (with the children granted to them), a pupil, or a staff member (with
 * their roles, classes and teaching load, after a staff code). A Telegram account linked to
 * several users acts as the most recently linked one unless `userId` picks another of its links.
 * Unlinked accounts are anonymous.
 */
export const actorForTelegram = async (
  { reader, actors }: DomainDeps,
  telegramUserId: bigint,
  userId?: number,
  { reuse = false, claim = false }: ActorLookup = {},
): Promise<Actor> => {
  const credential = { kind: 'telegram', telegramUserId, ...(userId ? { userId } : {}) } as const;
  const remembered = reuse ? actors?.get(credential) : undefined;
  if (remembered) return remembered;
  if (reuse && claim) return claimedActor(credential);
  const actor = await loadActorByTelegram(reader, telegramUserId, userId);
  if (actor && reuse) actors?.set(actor);
  return actor ?? ANONYMOUS;
};

/**
 * The signed-in user's name and school name, as a page header shows them: one round trip (getMe
 * also names the user's classes, which every web page load would pay for without using).
 */
export const getMyHeader = async ({ db }: DomainDeps, actor: Actor) => {
  if (actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'sign-in required');
  const [row] = await db.$queryRaw<
    { id: number; lastName: string; firstName: string; schoolName: string | null }[]
  >`
    SELECT u.id, u.last_name AS "lastName", u.first_name AS "firstName", s.name AS "schoolName"
    FROM app_user u LEFT JOIN school s ON s.id = u.school_id
    WHERE u.id = ${actor.userId}`;
  if (!row) throw new DomainError('UNAUTHENTICATED', 'sign-in required');
  return row;
};

/** The signed-in user's own profile (name, school name, language, roles). */
export const getMe = async ({ db }: DomainDeps, actor: Actor) => {
  if (actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'sign-in required');
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: {
      id: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      language: true,
      login: true,
      schoolId: true,
      school: { select: { name: true } },
    },
  });
  // The classes the user leads or teaches, named, for pickers (the bot's announcement screen).
  const classIds = [
    ...new Set([...actor.classTeacherOf, ...actor.teaches.map((t) => t.classGroupId)]),
  ];
  const classes =
    classIds.length === 0
      ? []
      : await db.classGroup.findMany({
          where: { id: { in: classIds } },
          select: { id: true, letter: true, gradeLevel: { select: { grade: true } } },
          orderBy: [{ gradeLevel: { grade: 'asc' } }, { letter: 'asc' }, { id: 'asc' }],
        });
  const { school, ...profile } = user;
  return {
    ...profile,
    schoolName: school?.name ?? null,
    roles: actor.roles,
    childIds: actor.childIds,
    pupilId: actor.pupilId,
    classTeacherOf: actor.classTeacherOf,
    teaches: actor.teaches,
    classes: classes.map((c) => ({
      id: c.id,
      name: classLabel(c.gradeLevel.grade, c.letter),
      isLed: actor.classTeacherOf.includes(c.id),
    })),
  };
};
