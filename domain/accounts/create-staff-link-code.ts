import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import { withConflict } from '../conflict.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { isSchoolManager, refuse } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import type { BotCaller } from './bot-caller.ts';
import { generateLinkCode, hashLinkCode } from './link-code-format.ts';

export const createStaffLinkCodeInput = z.object({ userId: id }).strict();
export type CreateStaffLinkCodeInput = z.input<typeof createStaffLinkCodeInput>;

/**
 * Issues a one-time code that binds a Telegram account to a staff member (so the bot can act as
 * that teacher: inbox, announcements). The school administration issues it for any staff member of
 * their school; a staff member for themselves. Only from a signed-in web/API session: a code asked
 * for through the bot could hand the account to a second Telegram account unseen. A new code
 * replaces the staff member's older unused ones. Only the hash is stored.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | FORBIDDEN | NOT_FOUND | CONFLICT
 */
export const createStaffLinkCode = async (
  deps: DomainDeps,
  actor: Actor,
  raw: unknown,
  caller: BotCaller = {},
) => {
  const user = requireUser(actor);
  const input = parseInput(createStaffLinkCodeInput, raw);
  if (caller.telegramUserId !== undefined || caller.viaBot)
    throw new DomainError('FORBIDDEN', 'staff link codes are issued on the web', {
      details: { reason: 'staffLinkCodeWebOnly' },
    });
  const target = await deps.db.user.findUnique({
    where: { id: input.userId },
    select: {
      id: true,
      schoolId: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      roles: { select: { role: true, schoolId: true } },
    },
  });
  if (!target) throw notFound('user');
  const isSelf = target.id === user.userId;
  // A user of another school is answered like a missing one (existence is not revealed).
  if (!isSelf && (target.schoolId === null || !isSchoolManager(user, target.schoolId)))
    throw target.schoolId === null
      ? notFound('user')
      : refuse(
          user,
          target.schoolId,
          'user',
          'staff link codes: administration or the staff member only',
        );
  const roles = target.roles.filter((r) => r.schoolId === target.schoolId).map((r) => r.role);
  if (target.schoolId === null || roles.length === 0)
    throw new DomainError('FORBIDDEN', 'not a staff member', {
      details: { reason: 'notStaff' },
    });
  const schoolId = target.schoolId;

  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.settings.linkCodeTtlHours * 3_600_000);
  const code = generateLinkCode();
  await withConflict('link code', () =>
    deps.db.$transaction(async (tx) => {
      await tx.linkCode.updateMany({
        where: {
          forUserId: target.id,
          role: 'STAFF',
          usedAt: null,
          expiresAt: { gt: now },
        },
        data: { expiresAt: now },
      });
      await tx.linkCode.create({
        data: {
          schoolId,
          codeHash: hashLinkCode(code),
          forUserId: target.id,
          role: 'STAFF',
          createdById: user.userId,
          expiresAt,
        },
      });
      await writeAudit(tx, user, {
        schoolId,
        action: 'linkCodes.createStaff',
        entity: 'user',
        entityId: target.id,
        after: { expiresAt },
      });
    }),
  );
  return {
    code,
    role: 'STAFF' as const,
    expiresAt,
    user: {
      id: target.id,
      lastName: target.lastName,
      firstName: target.firstName,
      patronymic: target.patronymic,
      roles,
    },
  };
};
