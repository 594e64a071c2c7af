import { z } from 'zod';
import { requireUser, type Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { assertSchoolManager } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';

export const deleteSubstitutionInput = z.object({ substitutionId: id }).strict();
export type DeleteSubstitutionInput = z.input<typeof deleteSubstitutionInput>;

/**
 * Cancels a substitution (the teacher came back, or it was entered by mistake). For the school's
 * administration. The removed row stays in the audit; a `timetable.changed` outbox event tells
 * the class, in the same transaction.
 * @throws DomainError VALIDATION_FAILED | UNAUTHENTICATED | NOT_FOUND | FORBIDDEN
 */
export const deleteSubstitution = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(deleteSubstitutionInput, raw);
  requireUser(actor);
  const found = await deps.db.substitution.findUnique({
    where: { id: input.substitutionId },
    include: { classGroup: { select: { schoolId: true } } },
  });
  if (!found) throw notFound('substitution');
  const { classGroup, ...before } = found;
  const user = assertSchoolManager(actor, classGroup.schoolId);
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.substitution.deleteMany({ where: { id: before.id } });
    // Someone else removed it between our read and this write.
    if (count === 0) throw notFound('substitution');
    await writeAudit(tx, user, {
      schoolId: classGroup.schoolId,
      action: 'substitution.delete',
      entity: 'substitution',
      entityId: before.id,
      before,
      after: null,
    });
    await emitEvent(
      tx,
      'timetable.changed',
      { classGroupId: before.classGroupId },
      classGroup.schoolId,
    );
  });
};
