import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { id, MAX_SHORT_TEXT, optionalText, parseInput } from '../validation.ts';
import { assertLateEntryReason } from './late-entry.ts';
import { getLessonForWrite } from './lesson-access.ts';
import { assertMarkInScheme, findScheme } from './scheme.ts';

export const changeMarkInput = z
  .object({
    markId: id,
    value: z.number().int().optional(),
    /** A new comment; null or "" removes it; left out keeps it. */
    comment: z.string().trim().max(MAX_SHORT_TEXT).nullable().optional(),
    /** Required when the lesson is older than the school's late-entry window. */
    reason: optionalText(MAX_SHORT_TEXT),
  })
  .strict();
export type ChangeMarkInput = z.input<typeof changeMarkInput>;

/**
 * Changes the value and/or comment of a current mark. Writes the mark, an audit entry (old and new
 * value, and the late-entry reason if any) and — when the value changed — a `mark.changed` event
 * with the previous value, all in one transaction (R12).
 * @throws DomainError VALIDATION_FAILED (emptyChange, markOutOfScale, unmarkedGrade) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN | JOURNAL_LOCKED
 */
export const changeMark = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(changeMarkInput, raw);
  if (input.value === undefined && input.comment === undefined) throw invalid([], 'emptyChange');
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
    if (input.value !== undefined) {
      const scheme = await findScheme(
        tx,
        schoolId,
        lesson.classGroup.yearId,
        lesson.classGroup.gradeLevel.grade,
      );
      assertMarkInScheme(scheme, input.value);
    }
    const mark = await tx.mark.update({
      where: { id: before.id },
      data: {
        ...(input.value === undefined ? {} : { value: input.value }),
        ...(input.comment === undefined ? {} : { comment: input.comment || null }),
        teacherId: user.userId,
      },
    });
    await writeAudit(tx, user, {
      schoolId,
      action: 'mark.change',
      entity: 'mark',
      entityId: mark.id,
      before,
      after: mark,
      reason: input.reason || null,
    });
    if (mark.value !== before.value) {
      await emitEvent(
        tx,
        'mark.changed',
        {
          markId: mark.id,
          pupilId: mark.pupilId,
          lessonId: mark.lessonId,
          previousValue: before.value,
        },
        schoolId,
      );
    }
    return mark;
  });
};
