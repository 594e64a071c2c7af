import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError, invalid, throwIfIssues } from '../errors.ts';
import { MAX_SHORT_TEXT, parseInput } from '../validation.ts';
import { MIN_PASSWORD_LENGTH, passwordIssues } from './password-rules.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { sessionIdOf } from './sessions.ts';

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1).max(MAX_SHORT_TEXT),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_SHORT_TEXT),
  })
  .strict();
export type ChangePasswordInput = z.input<typeof changePasswordInput>;

/**
 * Changes the acting user's own password (R3), after checking the current one. Other sessions of
 * the user end (a stolen session dies with the old password); the session `currentSessionToken`
 * stays open. Users without a password (parents and pupils in the bot) cannot use it. The new
 * password follows the password rules (length, not the login, not a common password).
 * @throws DomainError VALIDATION_FAILED (`wrongPassword`, `tooShort`, `passwordContainsLogin`,
 *   `passwordTooCommon`) | UNAUTHENTICATED | FORBIDDEN
 */
export const changePassword = async (
  { db }: DomainDeps,
  actor: Actor,
  raw: unknown,
  currentSessionToken?: string,
) => {
  const user = requireUser(actor);
  const input = parseInput(changePasswordInput, raw);
  const row = await db.user.findUniqueOrThrow({
    where: { id: user.userId },
    select: { passwordHash: true, login: true },
  });
  if (!row.passwordHash) {
    throw new DomainError('FORBIDDEN', 'this account signs in through Telegram', {
      details: { reason: 'noPassword' },
    });
  }
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw invalid(['currentPassword'], 'wrongPassword');
  }
  throwIfIssues(passwordIssues(input.newPassword, row.login));
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.userId }, data: { passwordHash } });
    await tx.session.deleteMany({
      where: {
        userId: user.userId,
        ...(currentSessionToken ? { id: { not: sessionIdOf(currentSessionToken) } } : {}),
      },
    });
    await writeAudit(tx, user, {
      schoolId: user.schoolId,
      action: 'user.passwordChange',
      entity: 'user',
      entityId: user.userId,
    });
  });
};
