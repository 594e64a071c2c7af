import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { id, parseInput } from '../validation.ts';
import {
  assertContentFits,
  isHomeworkPosted,
  lessonContent,
  lessonContentShape,
  presentLesson,
  withPlanTopic,
} from './lesson-content.ts';
import { getLessonForWrite } from './lesson-access.ts';

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

export const updateLessonInput = z.object({ lessonId: id, ...lessonContentShape }).strict();
export type UpdateLessonInput = z.input<typeof updateLessonInput>;

/**
 * Changes a lesson's topic, material, homework, due date or plan item (R9). Fields left out stay
 * as they are; null or "" clears one. A lesson linked to a plan item whose topic ends up empty takes
 * the item's topic. Writes an audit entry and, when the homework text is newly
 * set or changed, a `homework.posted` event in the same transaction.
 * @throws DomainError VALIDATION_FAILED (emptyChange, planItemMismatch, homeworkDueBeforeLesson)
 *   | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const updateLesson = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(updateLessonInput, raw);
  const typed = lessonContent(input);
  if (Object.keys(typed).length === 0) throw invalid([], 'emptyChange');
  const lesson = await deps.db.$transaction(async (tx) => {
    const { lesson: before, user } = await getLessonForWrite(tx, actor, input.lessonId);
    const { classGroup } = before;
    await assertContentFits(tx, typed, {
      date: before.date,
      subjectId: before.subjectId,
      schoolId: classGroup.schoolId,
      yearId: classGroup.yearId,
      gradeLevelId: classGroup.gradeLevelId,
    });
    const content = await withPlanTopic(tx, typed, before);
    const changed = (Object.keys(content) as (keyof typeof content)[]).some(
      (field) => !sameValue(before[field], content[field]),
    );
    if (!changed) return before;
    const after = await tx.lesson.update({ where: { id: before.id }, data: content });
    const { classGroup: _cls, ...beforeRow } = before;
    await writeAudit(tx, user, {
      schoolId: classGroup.schoolId,
      action: 'lesson.update',
      entity: 'lesson',
      entityId: after.id,
      before: beforeRow,
      after,
    });
    if (isHomeworkPosted(before, after)) {
      await emitEvent(
        tx,
        'homework.posted',
        { lessonId: after.id, classGroupId: after.classGroupId },
        classGroup.schoolId,
      );
    }
    return after;
  });
  return presentLesson(lesson);
};
