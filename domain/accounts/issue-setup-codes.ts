import { z } from 'zod';
import type { DomainDeps } from '../deps.ts';
import type { ImportActor } from '../imports/policy.ts';
import { id, parseInput } from '../validation.ts';
import { assertStaffAccessManager, issueSetupCode } from './setup-codes.ts';

export const issueSetupCodesInput = z
  .object({
    schoolId: id,
    /** Only these staff members (default: every active staff member without a password). */
    userIds: z.array(id).min(1).max(1000).optional(),
  })
  .strict();
export type IssueSetupCodesInput = z.input<typeof issueSetupCodesInput>;

/**
 * Issues one-time password-setup codes, in bulk, for staff of the school who have a login but no
 * password yet (imported, or created later) and are not deactivated; returned once, in clear, for
 * printing (only hashes are stored). A staff member who already has a password gets no code here:
 * that is `resetStaffAccess`. Issuing again replaces a staff member's earlier unused code.
 * For the director (ADMIN) and the console operator.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | FORBIDDEN
 */
export const issueSetupCodes = async (deps: DomainDeps, actor: ImportActor, raw: unknown) => {
  const input = parseInput(issueSetupCodesInput, raw);
  const manager = assertStaffAccessManager(actor, input.schoolId);
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const staff = await tx.user.findMany({
      where: {
        schoolId: input.schoolId,
        roles: { some: { schoolId: input.schoolId } },
        passwordHash: null,
        deactivatedAt: null,
        login: { not: null },
        ...(input.userIds ? { id: { in: input.userIds } } : {}),
      },
      select: { id: true, login: true, lastName: true, firstName: true, patronymic: true },
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    });
    const codes = [];
    for (const s of staff) {
      const issued = await issueSetupCode(tx, s.id, manager?.userId ?? null, now);
      codes.push({
        userId: s.id,
        login: s.login ?? '',
        lastName: s.lastName,
        firstName: s.firstName,
        patronymic: s.patronymic,
        ...issued,
      });
    }
    if (codes.length > 0) {
      await tx.auditEntry.create({
        data: {
          schoolId: input.schoolId,
          actorId: manager?.userId ?? null,
          action: 'user.setupCodes',
          entity: 'school',
          entityId: String(input.schoolId),
          after: { userIds: codes.map((c) => c.userId), ...(manager ? {} : { via: 'console' }) },
        },
      });
    }
    return { codes };
  });
};
