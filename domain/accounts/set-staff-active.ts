import { z } from 'zod';
import type { DomainDeps } from '../deps.ts';
import { invalid } from '../errors.ts';
import type { ImportActor } from '../imports/policy.ts';
import { id, parseInput } from '../validation.ts';
import { assertStaffAccessManager, auditAccess, loadStaffOfSchool } from './setup-codes.ts';

export const setStaffActiveInput = z
  .object({
    schoolId: id,
    userId: id,
    /** false deactivates the account, true reactivates it. */
    active: z.boolean(),
  })
  .strict();
export type SetStaffActiveInput = z.input<typeof setStaffActiveInput>;

/**
 * Deactivates (or reactivates) a staff account, e.g. when a teacher leaves the school. A
 * deactivated account cannot sign in, its sessions end at once, its unused setup codes stop
 * working and its Telegram links no longer act for it; its marks and history stay as they are.
 * Reactivating lets it sign in again with its old password. The director cannot deactivate
 * their own account (nobody would be left to undo it). Audited.
 * For the director (ADMIN) and the console operator.
 * @throws DomainError VALIDATION_FAILED (`cannotDeactivateSelf`) | NOT_FOUND | UNAUTHENTICATED |
 *   FORBIDDEN
 */
export const setStaffActive = async (deps: DomainDeps, actor: ImportActor, raw: unknown) => {
  const input = parseInput(setStaffActiveInput, raw);
  const manager = assertStaffAccessManager(actor, input.schoolId);
  if (!input.active && manager?.userId === input.userId)
    throw invalid(['userId'], 'cannotDeactivateSelf');
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const staff = await loadStaffOfSchool(tx, input.schoolId, input.userId);
    const wasActive = staff.deactivatedAt === null;
    if (wasActive !== input.active) {
      await tx.user.update({
        where: { id: staff.id },
        data: { deactivatedAt: input.active ? null : now },
      });
      if (!input.active) {
        await tx.session.deleteMany({ where: { userId: staff.id } });
        await tx.setupCode.updateMany({
          where: { userId: staff.id, usedAt: null },
          data: { expiresAt: now },
        });
      }
      await auditAccess(tx, manager, {
        schoolId: input.schoolId,
        action: input.active ? 'user.reactivate' : 'user.deactivate',
        userId: staff.id,
      });
    }
    return { userId: staff.id, active: input.active };
  });
};
