import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit.ts';
import type { DomainDeps } from '../deps.ts';
import { emitEvent } from '../events.ts';
import { id, parseInput, text } from '../validation.ts';
import { withConflict } from '../conflict.ts';
import { getLessonForWrite } from './lesson-access.ts';
import { byKyrgyzName } from './people.ts';
import { assertPupilsInClass, noDuplicatePupils } from './pupils-of-class.ts';

/** Largest class the journal expects (city classes reach 60). */
const MAX_CLASS_SIZE = 100;

export const setIndividualHomeworkInput = z
  .object({
    lessonId: id,
    /** The complete list for the lesson: pupils left out lose their individual homework. */
    items: z
      .array(z.object({ pupilId: id, text: text() }).strict())
      .max(MAX_CLASS_SIZE)
      .superRefine(noDuplicatePupils),
  })
  .strict();
export type SetIndividualHomeworkInput = z.input<typeof setIndividualHomeworkInput>;

/**
 * Replaces the individual homework of a lesson (R9: homework may be general or individual): one
 * text per pupil of the class; an empty list removes all. Writes one audit entry with the lists
 * before and after, and an `individual-homework.posted` event per pupil whose text is new or
 * changed. Sending the same list again changes nothing.
 * @throws DomainError VALIDATION_FAILED (pupilNotInClass, duplicatePupil) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN
 */
export const setIndividualHomework = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(setIndividualHomeworkInput, raw);
  return withConflict('individual homework', () =>
    deps.db.$transaction(async (tx) => {
      const { lesson, user } = await getLessonForWrite(tx, actor, input.lessonId);
      await assertPupilsInClass(
        tx,
        lesson.classGroupId,
        { from: lesson.date, to: lesson.date },
        input.items.map((i) => i.pupilId),
        'items',
      );
      const before = await tx.individualHomework.findMany({
        where: { lessonId: lesson.id },
        orderBy: { pupilId: 'asc' },
      });
      const wanted = new Map(input.items.map((i) => [i.pupilId, i.text]));
      const removed = before.filter((row) => !wanted.has(row.pupilId)).map((row) => row.id);
      const changed = input.items.filter(
        (i) => before.find((row) => row.pupilId === i.pupilId)?.text !== i.text,
      );
      if (removed.length > 0)
        await tx.individualHomework.deleteMany({ where: { id: { in: removed } } });
      for (const item of changed) {
        await tx.individualHomework.upsert({
          where: { lessonId_pupilId: { lessonId: lesson.id, pupilId: item.pupilId } },
          create: { lessonId: lesson.id, pupilId: item.pupilId, text: item.text },
          update: { text: item.text },
        });
      }
      if (removed.length > 0 || changed.length > 0) {
        await writeAudit(tx, user, {
          schoolId: lesson.classGroup.schoolId,
          action: 'lesson.individualHomework',
          entity: 'lesson',
          entityId: lesson.id,
          before: before.map(({ pupilId, text: t }) => ({ pupilId, text: t })),
          after: [...wanted].map(([pupilId, t]) => ({ pupilId, text: t })),
        });
      }
      for (const item of changed) {
        await emitEvent(
          tx,
          'individual-homework.posted',
          { lessonId: lesson.id, pupilId: item.pupilId },
          lesson.classGroup.schoolId,
        );
      }
      const rows = await tx.individualHomework.findMany({
        where: { lessonId: lesson.id },
        include: {
          pupil: { select: { id: true, lastName: true, firstName: true, patronymic: true } },
        },
      });
      return rows
        .sort((a, b) => byKyrgyzName(a.pupil, b.pupil))
        .map((row) => ({
          pupilId: row.pupilId,
          lastName: row.pupil.lastName,
          firstName: row.pupil.firstName,
          text: row.text,
        }));
    }),
  );
};
