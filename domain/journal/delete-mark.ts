import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { id, MAX_SHORT_TEXT, parseInput, text } from '../validation.ts';
import { assertLateEntryReason } from './late-entry.ts';
import { getLessonForWrite } from './lesson-access.ts';

export const deleteMarkInput = z
  .object({
    markId: id,
    /** Why the mark goes: always required, so a bad mark is never deleted silently (R12). */
    reason: text(MAX_SHORT_TEXT),
  })
  .strict();
export type DeleteMarkInput = z.input<typeof deleteMarkInput>;

/**
 * Deletes a mark softly: the row stays with `deletedAt` and the reason, an audit entry records
 * who, when, the old value and why, and a `mark.deleted` event tells the parents — all in one
 * transaction (R12). The reason also serves as the late-entry reason.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN | JOURNAL_LOCKED
 */
export const deleteMark = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(deleteMarkInput, raw);
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const target = await tx.mark.findUnique({
      where: { id: input.markId },
      select: { lessonId: true },
    });
    if (!target) throw notFound('mark');
    const { lesson, user } = await getLessonForWrite(tx, actor, target.lessonId);
    // Read after the lesson's lock: a concurrent change has committed by now.
    const before = await tx.mark.findUnique({ where: { id: input.markId } });
    if (!before || before.deletedAt) throw notFound('mark');
    const schoolId = lesson.classGroup.schoolId;
    await assertLateEntryReason(tx, schoolId, lesson.date, now, input.reason);
    const mark = await tx.mark.update({
      where: { id: before.id },
      data: { deletedAt: now, deleteReason: input.reason },
    });
    await writeAudit(tx, user, {
      schoolId,
      action: 'mark.delete',
      entity: 'mark',
      entityId: mark.id,
      before,
      after: mark,
      reason: input.reason,
    });
    await emitEvent(
      tx,
      'mark.deleted',
      {
        markId: mark.id,
        pupilId: mark.pupilId,
        lessonId: mark.lessonId,
        previousValue: before.value,
      },
      schoolId,
    );
    return mark;
  });
};
