import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { DomainDeps } from '../deps.ts';
import { canWriteJournal } from '../policies/index.ts';
import { id, parseInput } from '../validation.ts';
import { getLesson } from './get-lesson.ts';
import { isSubstituteFor, loadLesson } from './lesson-access.ts';
import { membersOf } from './membership.ts';
import { byKyrgyzName } from './people.ts';

export const getLessonPageInput = z.object({ lessonId: id }).strict();
export type GetLessonPageInput = z.input<typeof getLessonPageInput>;

/**
 * Everything the lesson page of the web journal shows (R9, R10): the lesson as `getLesson` gives
 * it (with attachments and individual homework), the calendar-thematic plan of its subject and
 * parallel to take the topic from, the pupils of the class on that day (for individual homework),
 * and whether the actor may change it. Read access as `getLesson`.
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getLessonPage = async (deps: DomainDeps, actor: Actor, raw: unknown) => {
  const input = parseInput(getLessonPageInput, raw);
  const lesson = await getLesson(deps, actor, input);
  const loaded = await loadLesson(deps.db, lesson.id);
  const [planItems, pupils, isSubstitute] = await Promise.all([
    deps.db.planItem.findMany({
      where: {
        schoolId: loaded.classGroup.schoolId,
        yearId: loaded.classGroup.yearId,
        subjectId: loaded.subjectId,
        gradeLevelId: loaded.classGroup.gradeLevelId,
      },
      orderBy: { position: 'asc' },
      select: { id: true, position: true, topic: true, hours: true },
    }),
    deps.db.pupil.findMany({
      where: membersOf(loaded.classGroupId, loaded.date, loaded.date),
      select: { id: true, lastName: true, firstName: true, patronymic: true },
    }),
    isSubstituteFor(deps.db, actor, loaded),
  ]);
  return {
    lesson,
    planItems,
    pupils: pupils.sort(byKyrgyzName),
    canWrite: canWriteJournal(actor, {
      schoolId: loaded.classGroup.schoolId,
      classGroupId: loaded.classGroupId,
      subjectId: loaded.subjectId,
      isSubstitute,
    }),
  };
};
