import { z } from 'zod';
import type { DomainDeps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { ImportActor } from '../imports/policy.ts';
import { id, parseInput } from '../validation.ts';
import {
  assertStaffAccessManager,
  auditAccess,
  issueSetupCode,
  loadStaffOfSchool,
} from './setup-codes.ts';

export const resetStaffAccessInput = z.object({ schoolId: id, userId: id }).strict();
export type ResetStaffAccessInput = z.input<typeof resetStaffAccessInput>;

/**
 * Resets a staff member's access (a forgotten password, a shared one, a lost phone): the password
 * is removed, every session of the user ends, earlier setup codes stop working and a new one is
 * returned once, in clear, for the director to hand over. Audited.
 * For the director (ADMIN) and the console operator.
 * @throws DomainError VALIDATION_FAILED (`accountDeactivated`, `noLogin`) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN
 */
export const resetStaffAccess = async (deps: DomainDeps, actor: ImportActor, raw: unknown) => {
  const input = parseInput(resetStaffAccessInput, raw);
  const manager = assertStaffAccessManager(actor, input.schoolId);
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const staff = await loadStaffOfSchool(tx, input.schoolId, input.userId);
    if (staff.deactivatedAt)
      throw new DomainError('VALIDATION_FAILED', 'account deactivated', {
        details: { issues: [{ path: ['userId'], key: 'accountDeactivated' }] },
      });
    if (!staff.login)
      throw new DomainError('VALIDATION_FAILED', 'no login', {
        details: { issues: [{ path: ['userId'], key: 'noLogin' }] },
      });
    await tx.user.update({ where: { id: staff.id }, data: { passwordHash: null } });
    const ended = await tx.session.deleteMany({ where: { userId: staff.id } });
    const issued = await issueSetupCode(tx, staff.id, manager?.userId ?? null, now);
    await auditAccess(tx, manager, {
      schoolId: input.schoolId,
      action: 'user.accessReset',
      userId: staff.id,
      after: { sessionsEnded: ended.count },
    });
    return {
      userId: staff.id,
      login: staff.login,
      lastName: staff.lastName,
      firstName: staff.firstName,
      patronymic: staff.patronymic,
      ...issued,
    };
  });
};
