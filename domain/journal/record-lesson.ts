import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import { dateOnly, toIsoDate } from '../dates.ts';
import type { Tx } from '../db.ts';
import type { DomainDeps } from '../deps.ts';
import { invalid, notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { assertCanWriteJournal, teachesSubjectInClass } from '../policies/index.ts';
import { id, isoDate, parseInput } from '../validation.ts';
import { withConflict } from '../conflict.ts';
import { lockFor, lockLesson } from '../locks.ts';
import {
  assertContentFits,
  isHomeworkPosted,
  lessonContent,
  lessonContentShape,
  presentLesson,
  withPlanTopic,
} from './lesson-content.ts';
import { isSubstituteFor } from './lesson-access.ts';
import { assertDateInQuarter } from './terms.ts';

export const recordLessonInput = z
  .object({
    classGroupId: id,
    subjectId: id,
    /** School-local calendar day; future days are fine (topics and homework posted in advance). */
    date: isoDate,
    /** Number of the lesson in the day (bell schedule). */
    lessonNumber: z.number().int().min(1).max(12),
    /** For lessons of one subgroup (e.g. a language group). */
    subgroupId: id.nullable().optional(),
    ...lessonContentShape,
  })
  .strict();
export type RecordLessonInput = z.input<typeof recordLessonInput>;

/**
 * Creates the lesson of a class and subject on a date and lesson number, or updates its topic,
 * material and homework if it exists (R9). Teachers may do this in advance; the date must lie in
 * a quarter of the current school year. A lesson linked to a plan item without a typed topic
 * takes the item's topic. Writes an audit entry and, when homework is new or
 * changed, a `homework.posted` event in the same transaction.
 * @throws DomainError VALIDATION_FAILED (dateOutsideTerm, unknownSubject, subgroupNotInClass,
 *   planItemMismatch, homeworkDueBeforeLesson) | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN | CONFLICT
 */
export const recordLesson = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(recordLessonInput, raw);
  const date = dateOnly(input.date);
  const slot = {
    classGroupId: input.classGroupId,
    date,
    lessonNumber: input.lessonNumber,
    subjectId: input.subjectId,
  };
  const lesson = await withConflict('lesson', () =>
    deps.db.$transaction(async (tx) => {
      const cls = await tx.classGroup.findUnique({
        where: { id: input.classGroupId },
        select: { id: true, schoolId: true, yearId: true, gradeLevelId: true },
      });
      if (!cls) throw notFound('class');
      const isSubstitute = await isSubstituteFor(tx, actor, slot);
      const user = assertCanWriteJournal(actor, {
        ...slot,
        schoolId: cls.schoolId,
        isSubstitute,
      });
      const subject = await tx.subject.findUnique({
        where: { id: input.subjectId },
        select: { schoolId: true },
      });
      if (!subject || subject.schoolId !== cls.schoolId)
        throw invalid(['subjectId'], 'unknownSubject');
      if (input.subgroupId) {
        const subgroup = await tx.subgroup.findUnique({
          where: { id: input.subgroupId },
          select: { classGroupId: true },
        });
        if (subgroup?.classGroupId !== cls.id) throw invalid(['subgroupId'], 'subgroupNotInClass');
      }
      await assertDateInQuarter(tx, cls.yearId, date);
      const typed = lessonContent(input);
      await assertContentFits(tx, typed, {
        ...slot,
        schoolId: cls.schoolId,
        yearId: cls.yearId,
        gradeLevelId: cls.gradeLevelId,
      });

      // Serialize saves of one slot, then of the lesson itself (as updateLesson does), so each
      // change is audited once against the true previous row.
      await lockFor(tx, 'lessonSlot', cls.id, toIsoDate(date), input.lessonNumber, input.subjectId);
      const existing = await tx.lesson.findUnique({
        where: { classGroupId_date_lessonNumber_subjectId: slot },
        select: { id: true },
      });
      if (existing) await lockLesson(tx, existing.id);
      const before = existing ? await tx.lesson.findUnique({ where: { id: existing.id } }) : null;
      const content = await withPlanTopic(tx, typed, before);
      const subgroup = input.subgroupId === undefined ? {} : { subgroupId: input.subgroupId };
      const fields = { ...content, ...subgroup } as Record<string, unknown>;
      if (
        before &&
        Object.entries(fields).every(([field, value]) =>
          sameValue((before as Record<string, unknown>)[field], value),
        )
      )
        return before; // an identical re-save (a retry, a double click) writes nothing
      const saved = before
        ? await tx.lesson.update({ where: { id: before.id }, data: { ...content, ...subgroup } })
        : await tx.lesson.create({
            data: {
              ...slot,
              ...content,
              ...subgroup,
              teacherId:
                teachesSubjectInClass(user, cls.id, input.subjectId) || isSubstitute
                  ? user.userId
                  : await assignedTeacher(tx, cls.id, input.subjectId, user.userId),
            },
          });
      await writeAudit(tx, user, {
        schoolId: cls.schoolId,
        action: before ? 'lesson.update' : 'lesson.create',
        entity: 'lesson',
        entityId: saved.id,
        before,
        after: saved,
      });
      if (isHomeworkPosted(before, saved)) {
        await emitEvent(
          tx,
          'homework.posted',
          { lessonId: saved.id, classGroupId: cls.id },
          cls.schoolId,
        );
      }
      return saved;
    }),
  );
  return presentLesson(lesson);
};

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** The teacher who carries this subject in this class (for lessons the administration enters). */
const assignedTeacher = async (
  tx: Tx,
  classGroupId: number,
  subjectId: number,
  fallback: number,
) => {
  const assignment = await tx.teachingAssignment.findFirst({
    where: { classGroupId, subjectId },
    orderBy: { id: 'asc' },
    select: { teacherId: true },
  });
  return assignment?.teacherId ?? fallback;
};
