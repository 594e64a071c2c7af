import { type Actor, type UserActor } from '../actor.ts';
import type { DbOrTx, Tx } from '../db.ts';
import { notFound } from '../errors.ts';
import { lockLesson } from '../locks.ts';
import { assertCanWriteJournal, canWriteJournal } from '../policies/index.ts';
import { assertCanReadJournalPage } from './policy.ts';

/** A lesson with what access checks and mark validation need. */
export const loadLesson = async (db: DbOrTx, lessonId: number) => {
  const lesson = await db.lesson.findUnique({ where: { id: lessonId } });
  if (!lesson) throw notFound('lesson');
  // The class with its grade in one raw round trip (Prisma's include costs one query per
  // relation; every journal write starts here).
  const [cls] = await db.$queryRaw<
    { id: number; schoolId: number; yearId: number; gradeLevelId: number; grade: number }[]
  >`
    SELECT cg.id, cg.school_id AS "schoolId", cg.year_id AS "yearId",
           cg.grade_level_id AS "gradeLevelId", gl.grade
    FROM class_group cg JOIN grade_level gl ON gl.id = cg.grade_level_id
    WHERE cg.id = ${lesson.classGroupId}`;
  if (!cls) throw notFound('class');
  const { grade, ...classGroup } = cls;
  return { ...lesson, classGroup: { ...classGroup, gradeLevel: { grade } } };
};
export type LoadedLesson = Awaited<ReturnType<typeof loadLesson>>;

/** Was `actor` assigned as substitute for this class, date, lesson number (and subject, if given)? */
export const isSubstituteFor = async (
  db: DbOrTx,
  actor: Actor,
  lesson: { classGroupId: number; date: Date; lessonNumber: number; subjectId?: number },
) => {
  if (actor.kind !== 'user') return false;
  const found = await db.substitution.findFirst({
    where: {
      classGroupId: lesson.classGroupId,
      date: lesson.date,
      lessonNumber: lesson.lessonNumber,
      ...(lesson.subjectId === undefined ? {} : { subjectId: lesson.subjectId }),
      substituteTeacherId: actor.userId,
    },
    select: { id: true },
  });
  return found !== null;
};

/**
 * Locks a lesson's journal page for the rest of the transaction, loads the lesson and checks the
 * actor may write it. Every write of the page goes through here, so concurrent writes of one
 * mark, attendance row or homework run one after the other and read the true previous value.
 * @throws DomainError NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getLessonForWrite = async (
  db: Tx,
  actor: Actor,
  lessonId: number,
): Promise<{ lesson: LoadedLesson; user: UserActor }> => {
  await lockLesson(db, lessonId);
  const lesson = await loadLesson(db, lessonId);
  const scope = {
    schoolId: lesson.classGroup.schoolId,
    classGroupId: lesson.classGroupId,
    subjectId: lesson.subjectId,
  };
  // A substitution only adds a right: asked about only when the actor's own roles do not suffice
  // (the subject's teacher saving a mark spares the query).
  const isSubstitute = !canWriteJournal(actor, scope) && (await isSubstituteFor(db, actor, lesson));
  return { lesson, user: assertCanWriteJournal(actor, { ...scope, isSubstitute }) };
};

/**
 * Loads a lesson and checks the actor may read its subject's journal page (staff only: a teacher of
 * another subject in the class does not; parents and pupils read lessons through the diary).
 * @throws DomainError NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getLessonForRead = async (
  db: DbOrTx,
  actor: Actor,
  lessonId: number,
): Promise<{ lesson: LoadedLesson; user: UserActor }> => {
  const lesson = await loadLesson(db, lessonId);
  const user = assertCanReadJournalPage(actor, {
    schoolId: lesson.classGroup.schoolId,
    classGroupId: lesson.classGroupId,
    subjectId: lesson.subjectId,
  });
  return { lesson, user };
};
