import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, throwIfIssues } from '../errors.ts';
import { MAX_SHORT_TEXT, parseInput } from '../validation.ts';
import { hashLinkCode, isWellFormedLinkCode, normalizeLinkCode } from './link-code-format.ts';
import { passwordIssues } from './password-rules.ts';
import { hashPassword } from './passwords.ts';
import { SESSION_DAYS, sessionIdOf } from './sessions.ts';

export const setupPasswordInput = z
  .object({
    /** The code from the printed slip ("ABCD-EFGH"; case, spaces and dashes do not matter). */
    code: z.string().trim().min(1).max(64),
    newPassword: z.string().min(1).max(MAX_SHORT_TEXT),
  })
  .strict();
export type SetupPasswordInput = z.input<typeof setupPasswordInput>;

const badCode = () => invalid(['code'], 'setupCodeInvalid');

/**
 * Sets a staff member's password with a one-time setup code and signs them in: the code is
 * consumed (a conditional update, so two simultaneous uses cannot both succeed), the password
 * follows the password rules, every other session of the user ends, and a new session opens.
 * A wrong, used or expired code and a deactivated account fail alike. Audited.
 * Returns the session like `login`.
 * @throws DomainError VALIDATION_FAILED (`setupCodeInvalid`, `tooShort`, `passwordContainsLogin`,
 *   `passwordTooCommon`)
 */
export const setupPassword = async (deps: DomainDeps, _actor: Actor, raw: unknown) => {
  const input = parseInput(setupPasswordInput, raw);
  const code = normalizeLinkCode(input.code);
  if (!isWellFormedLinkCode(code)) throw badCode();
  const now = deps.now();
  const row = await deps.db.setupCode.findUnique({
    where: { codeHash: hashLinkCode(code) },
    select: {
      id: true,
      usedAt: true,
      expiresAt: true,
      user: {
        select: { id: true, login: true, schoolId: true, language: true, deactivatedAt: true },
      },
    },
  });
  if (!row || row.usedAt || row.expiresAt <= now || row.user.deactivatedAt || !row.user.login)
    throw badCode();
  const user = row.user;
  // Checked only for a valid code: the rules must not tell a stranger which login a code is for.
  throwIfIssues(passwordIssues(input.newPassword, user.login));
  const passwordHash = await hashPassword(input.newPassword);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await deps.db.$transaction(async (tx) => {
    const consumed = await tx.setupCode.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (consumed.count !== 1) throw badCode();
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.session.create({ data: { id: sessionIdOf(token), userId: user.id, expiresAt } });
    await tx.auditEntry.create({
      data: {
        schoolId: user.schoolId,
        actorId: user.id,
        action: 'user.passwordSetup',
        entity: 'user',
        entityId: String(user.id),
      },
    });
  });
  return { token, expiresAt, userId: user.id, language: user.language };
};
