import { requireUser, type Actor, type UserActor } from '../actor.ts';
import type { DbOrTx } from '../db.ts';
import { notFound } from '../errors.ts';
import { canWriteJournal, refuse } from '../policies/index.ts';
import { isSubstituteFor, loadLesson, type LoadedLesson } from './lesson-access.ts';
import { canReadJournalPage } from './policy.ts';

/**
 * May a parent or pupil read this lesson (its topic, homework and files)? Exactly the families
 * the diary shows it to: the pupil themself or a parent granted the pupil (R2), the pupil in the
 * lesson's class now and, for a subgroup's lesson, in that subgroup.
 */
const familyReadsLesson = async (db: DbOrTx, user: UserActor, lesson: LoadedLesson) => {
  const pupilIds = [...user.childIds, ...(user.pupilId === null ? [] : [user.pupilId])];
  if (pupilIds.length === 0) return false;
  const pupil = await db.pupil.findFirst({
    where: {
      id: { in: pupilIds },
      classGroupId: lesson.classGroupId,
      ...(lesson.subgroupId === null
        ? {}
        : { subgroups: { some: { subgroupId: lesson.subgroupId } } }),
    },
    select: { id: true },
  });
  return pupil !== null;
};

/**
 * Loads a lesson and checks the actor may read it with its files: staff who read its journal page
 * (the subject's teacher, the class teacher, the administration, psychologist, doctor), a
 * substitute of that lesson, and the families of its class (as the diary). Another school's
 * user gets NOT_FOUND, a user of the same school without the right FORBIDDEN.
 * @throws DomainError NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const getLessonForFileRead = async (
  db: DbOrTx,
  actor: Actor,
  lessonId: number,
): Promise<{ lesson: LoadedLesson; user: UserActor }> => {
  const user = requireUser(actor);
  const lesson = await loadLesson(db, lessonId);
  const scope = {
    schoolId: lesson.classGroup.schoolId,
    classGroupId: lesson.classGroupId,
    subjectId: lesson.subjectId,
  };
  if (canReadJournalPage(user, scope)) return { lesson, user };
  if (canWriteJournal(user, { ...scope, isSubstitute: await isSubstituteFor(db, user, lesson) }))
    return { lesson, user };
  if (await familyReadsLesson(db, user, lesson)) return { lesson, user };
  throw refuse(user, scope.schoolId, 'lesson', 'cannot read this lesson');
};

/** An attachment with its lesson id, or NOT_FOUND. */
export const loadAttachment = async (db: DbOrTx, attachmentId: number) => {
  const attachment = await db.attachment.findUnique({ where: { id: attachmentId } });
  if (!attachment) throw notFound('attachment');
  return attachment;
};

/** What clients see of an attachment (never the storage key). */
export const presentAttachment = (a: {
  id: number;
  lessonId: number;
  target: string;
  fileName: string;
  mimeType: string;
  size: number;
  createdAt: Date;
}) => ({
  id: a.id,
  lessonId: a.lessonId,
  target: a.target,
  fileName: a.fileName,
  mimeType: a.mimeType,
  size: a.size,
  createdAt: a.createdAt,
});
