import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { id, parseInput } from '../validation.ts';
import { presentLesson } from './lesson-content.ts';
import { getLessonForRead } from './lesson-access.ts';
import { byKyrgyzName, className } from './people.ts';

export const getLessonInput = z.object({ lessonId: id }).strict();
export type GetLessonInput = z.input<typeof getLessonInput>;

/**
 * One lesson as the journal shows it: topic, material, homework (general and individual),
 * attachments, class, subject and teacher. For staff who can read the class; parents and pupils
 * read lessons through the diary.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getLesson = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getLessonInput, raw);
  const { lesson } = await getLessonForRead(deps.db, actor, input.lessonId);
  const details = await deps.db.lesson.findUniqueOrThrow({
    where: { id: lesson.id },
    select: {
      classGroup: { select: { letter: true, gradeLevel: { select: { grade: true } } } },
      subject: { select: { id: true, code: true, nameKy: true, nameRu: true } },
      teacher: { select: { id: true, lastName: true, firstName: true, patronymic: true } },
      planItem: { select: { id: true, position: true, topic: true } },
      attachments: { orderBy: { id: 'asc' } },
      individualHomework: {
        select: {
          pupilId: true,
          text: true,
          pupil: { select: { id: true, lastName: true, firstName: true, patronymic: true } },
        },
      },
    },
  });
  return {
    ...presentLesson(lesson),
    className: className(details.classGroup),
    subject: details.subject,
    teacher: details.teacher,
    planItem: details.planItem,
    attachments: details.attachments,
    individualHomework: details.individualHomework
      .sort((a, b) => byKyrgyzName(a.pupil, b.pupil))
      .map((row) => ({
        pupilId: row.pupilId,
        lastName: row.pupil.lastName,
        firstName: row.pupil.firstName,
        text: row.text,
      })),
  };
};
