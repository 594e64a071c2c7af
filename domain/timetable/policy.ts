import { requireUser, type Actor, type UserActor } from '../actor.ts';
import type { DbOrTx } from '../db.ts';
import { canReadClass, isSchoolManager, refuse, type ClassScope } from '../policies/index.ts';

/**
 * A class's timetable: whoever can read the class (its teachers, its class teacher, the
 * administration and support staff), and the parents and the pupils of a pupil in it (R16).
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 */
export const assertCanReadClassTimetable = async (
  db: DbOrTx,
  actor: Actor,
  cls: ClassScope,
): Promise<UserActor> => {
  const user = requireUser(actor);
  if (canReadClass(user, cls)) return user;
  const own = user.pupilId ? [...user.childIds, user.pupilId] : user.childIds;
  if (own.length > 0) {
    const inClass = await db.pupil.findFirst({
      where: { id: { in: own }, classGroupId: cls.id },
      select: { id: true },
    });
    if (inClass) return user;
  }
  throw refuse(user, cls.schoolId, 'class', 'cannot read this class timetable');
};

/**
 * A teacher's own timetable: the teacher, and the administration of the teacher's school.
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 */
export const assertCanReadTeacherTimetable = (
  actor: Actor,
  teacher: { id: number; schoolId: number },
): UserActor => {
  const user = requireUser(actor);
  if (user.userId === teacher.id || isSchoolManager(user, teacher.schoolId)) return user;
  throw refuse(user, teacher.schoolId, 'teacher', 'cannot read this teacher timetable');
};

/** Teachers who are not administration see the substitutions they are part of, and those in classes they lead. */
export const isTeacher = (user: UserActor) =>
  user.roles.includes('TEACHER') || user.roles.includes('CLASS_TEACHER');
