/**
 * Password-setup codes of staff: a one-time code on a printed slip that lets a staff member choose
 * their password (first sign-in after import, or after the administration reset their access).
 * Same format as Telegram link codes (8 letters and digits nobody misreads), stored only as a hash.
 */
import type { UserActor } from '../actor.ts';
import type { Tx } from '../db.ts';
import { DomainError } from '../errors.ts';
import { isConsoleOperator, type ImportActor } from '../imports/policy.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { generateLinkCode, hashLinkCode } from './link-code-format.ts';

/** A printed slip stays valid for two weeks: long enough to reach a teacher on leave. */
export const SETUP_CODE_TTL_DAYS = 14;

/** "ABCDEFGH" → "ABCD-EFGH": easier to read aloud and to copy from paper; the dash is ignored. */
export const formatSetupCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * Issues a fresh code for one user. Earlier unused codes of the user stop working, so only the
 * latest printed slip counts.
 */
export const issueSetupCode = async (
  tx: Tx,
  userId: number,
  createdById: number | null,
  now: Date,
) => {
  await tx.setupCode.updateMany({ where: { userId, usedAt: null }, data: { expiresAt: now } });
  const code = generateLinkCode();
  const expiresAt = new Date(now.getTime() + SETUP_CODE_TTL_DAYS * 86_400_000);
  await tx.setupCode.create({
    data: { userId, codeHash: hashLinkCode(code), createdById, expiresAt },
  });
  return { code: formatSetupCode(code), expiresAt };
};

/**
 * Who manages staff access of a school: its director (ADMIN) or the operator at the server
 * console. Not the deputy: a code for an account is that account, and a deputy must not be able
 * to take over the director's. Returns the user to audit (null for the operator).
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 */
export const assertStaffAccessManager = (
  actor: ImportActor,
  schoolId: number,
): UserActor | null => {
  if (isConsoleOperator(actor)) return null;
  const user = assertSchoolManager(actor, schoolId);
  if (!user.roles.includes('ADMIN'))
    throw new DomainError('FORBIDDEN', 'only the director manages staff access');
  return user;
};

/** Audit entry of an access change; the console operator is recorded as no user, `via: console`. */
export const auditAccess = async (
  tx: Tx,
  user: UserActor | null,
  entry: { schoolId: number; action: string; userId: number; after?: Record<string, unknown> },
) => {
  await tx.auditEntry.create({
    data: {
      schoolId: entry.schoolId,
      actorId: user?.userId ?? null,
      action: entry.action,
      entity: 'user',
      entityId: String(entry.userId),
      after: { ...(entry.after ?? {}), ...(user ? {} : { via: 'console' }) },
    },
  });
};

/**
 * A staff member (any staff role) of the school, for access changes.
 * @throws DomainError NOT_FOUND when the user is not staff of this school
 */
export const loadStaffOfSchool = async (tx: Tx, schoolId: number, userId: number) => {
  const user = await tx.user.findFirst({
    where: { id: userId, schoolId, roles: { some: { schoolId } } },
    select: {
      id: true,
      login: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      deactivatedAt: true,
    },
  });
  if (!user) throw new DomainError('NOT_FOUND', 'staff member not found');
  return user;
};
