import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { assertCanWriteJournal } from '../policies/index.ts';
import { id, MAX_SHORT_TEXT, parseInput, text } from '../validation.ts';
import { classOfPupilDuring } from './membership.ts';

export const withdrawFinalMarkInput = z
  .object({
    finalMarkId: id,
    /** Why the final goes: always required, kept on the row and in the audit (R12). */
    reason: text(MAX_SHORT_TEXT),
  })
  .strict();
export type WithdrawFinalMarkInput = z.input<typeof withdrawFinalMarkInput>;

/**
 * Withdraws a recorded final mark: the row stays with `withdrawnAt` and the reason (readers skip
 * it), an audit entry records who, when, the old value and why, and a `final-mark.withdrawn` event
 * tells the family — all in one transaction. The class is the one the pupil belonged to during
 * the term, so a pupil who moved since can still have an old final withdrawn by its teacher. For
 * the teacher of the subject in that class and the administration.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const withdrawFinalMark = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(withdrawFinalMarkInput, raw);
  return deps.db.$transaction(async (tx) => {
    const before = await tx.finalMark.findUnique({
      where: { id: input.finalMarkId },
      include: { term: { select: { startsOn: true, endsOn: true } } },
    });
    if (!before || before.withdrawnAt) throw notFound('finalMark');
    const cls = await classOfPupilDuring(tx, before.pupilId, before.term);
    const user = assertCanWriteJournal(actor, {
      schoolId: cls.schoolId,
      classGroupId: cls.id,
      subjectId: before.subjectId,
    });
    const { term: _term, ...previous } = before;
    const row = await tx.finalMark.update({
      where: { id: before.id },
      data: { withdrawnAt: deps.now(), withdrawReason: input.reason },
    });
    await writeAudit(tx, user, {
      schoolId: cls.schoolId,
      action: 'finalMark.withdraw',
      entity: 'finalMark',
      entityId: row.id,
      before: previous,
      after: row,
      reason: input.reason,
    });
    await emitEvent(
      tx,
      'final-mark.withdrawn',
      {
        finalMarkId: row.id,
        pupilId: row.pupilId,
        previousValue: before.value,
        previousResult: before.result,
      },
      cls.schoolId,
    );
    return row;
  });
};
