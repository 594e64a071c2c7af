import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { emitEvent } from '../events.ts';
import { invalid } from '../errors.ts';
import { MarkKind } from '../generated/prisma/enums.ts';
import { id, optionalText, parseInput, MAX_SHORT_TEXT } from '../validation.ts';
import { withConflict } from '../conflict.ts';
import { assertLateEntryReason } from './late-entry.ts';
import { getLessonForWrite } from './lesson-access.ts';
import { membersOf } from './membership.ts';
import { assertMarkInScheme, findScheme, weightOf } from './scheme.ts';

export const recordMarkInput = z
  .object({
    lessonId: id,
    pupilId: id,
    value: z.number().int(),
    kind: z.enum(MarkKind).default('OTHER'),
    comment: optionalText(MAX_SHORT_TEXT),
    /** Required when the lesson is older than the school's late-entry window. */
    reason: optionalText(MAX_SHORT_TEXT),
  })
  .strict();
export type RecordMarkInput = z.input<typeof recordMarkInput>;

/**
 * Records or changes one mark of a pupil for a lesson (one mark per lesson, pupil and kind).
 * Writes the mark, an audit entry and a `mark.posted`/`mark.changed` outbox event in one
 * transaction, so a committed mark always gets its notification and a rolled-back one never.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN | JOURNAL_LOCKED |
 *   CONFLICT
 */
export const recordMark = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(recordMarkInput, raw);
  const now = deps.now();
  return withConflict('mark', () =>
    deps.db.$transaction(async (tx) => {
      const { lesson, user } = await getLessonForWrite(tx, actor, input.lessonId);
      const schoolId = lesson.classGroup.schoolId;
      const member = await tx.pupil.findFirst({
        where: { id: input.pupilId, ...membersOf(lesson.classGroupId, lesson.date, lesson.date) },
        select: { id: true },
      });
      if (!member) throw invalid(['pupilId'], 'pupilNotInClass');
      await assertLateEntryReason(tx, schoolId, lesson.date, now, input.reason, 'futureLesson');
      const scheme = await findScheme(
        tx,
        schoolId,
        lesson.classGroup.yearId,
        lesson.classGroup.gradeLevel.grade,
      );
      assertMarkInScheme(scheme, input.value);

      const key = { lessonId: lesson.id, pupilId: input.pupilId, kind: input.kind };
      const before = await tx.mark.findUnique({ where: { lessonId_pupilId_kind: key } });
      const data = {
        value: input.value,
        comment: input.comment ?? null,
        weight: weightOf(scheme, input.kind),
        teacherId: user.userId,
        deletedAt: null,
        deleteReason: null,
      };
      const isChange = before !== null && before.deletedAt === null;
      if (
        isChange &&
        before.value === data.value &&
        before.comment === data.comment &&
        before.weight === data.weight
      )
        return before; // an identical re-write (a retry, a double click) changes nothing
      const mark = await tx.mark.upsert({
        where: { lessonId_pupilId_kind: key },
        create: { ...key, ...data, subjectId: lesson.subjectId, date: lesson.date },
        update: data,
      });
      await writeAudit(tx, user, {
        schoolId,
        action: isChange ? 'mark.change' : 'mark.create',
        entity: 'mark',
        entityId: mark.id,
        before: isChange ? before : null,
        after: mark,
        reason: input.reason ?? null,
      });
      if (isChange && before.value === mark.value) return mark; // a comment-only change
      if (isChange) {
        await emitEvent(
          tx,
          'mark.changed',
          {
            markId: mark.id,
            pupilId: mark.pupilId,
            lessonId: lesson.id,
            previousValue: before.value,
          },
          schoolId,
        );
      } else {
        await emitEvent(
          tx,
          'mark.posted',
          { markId: mark.id, pupilId: mark.pupilId, lessonId: lesson.id },
          schoolId,
        );
      }
      return mark;
    }),
  );
};
