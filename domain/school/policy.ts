/**
 * Access rules of school setup that the shared policies do not cover, built from their helpers.
 * A school id that is not the actor's school is refused by every one of them.
 */
import { requireUser, type Actor, type UserActor } from '../actor.ts';
import type { DbOrTx } from '../db.ts';
import {
  isSchoolManager,
  refuse,
  isStaffOf,
  leadsClass,
  teachesClass,
  teachesSubjectInClass,
  type ClassScope,
} from '../policies/index.ts';

/**
 * School settings that change how the whole journal behaves (the late-entry window): the
 * administrator only, not the deputy.
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 */
export const assertSchoolAdmin = (actor: Actor, schoolId: number): UserActor => {
  const user = requireUser(actor);
  if (!isStaffOf(user, schoolId) || !user.roles.includes('ADMIN'))
    throw refuse(user, schoolId, 'school', 'school administrator only');
  return user;
};

/**
 * The bell schedule: staff of the school, and the parents and pupils of its pupils (the diary
 * shows lesson times).
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 */
export const assertCanReadBells = async (
  db: DbOrTx,
  actor: Actor,
  schoolId: number,
): Promise<UserActor> => {
  const user = requireUser(actor);
  if (isStaffOf(user, schoolId)) return user;
  const own = user.pupilId ? [...user.childIds, user.pupilId] : user.childIds;
  if (own.length > 0) {
    const ofSchool = await db.pupil.findFirst({
      where: { id: { in: own }, schoolId },
      select: { id: true },
    });
    if (ofSchool) return user;
  }
  throw refuse(user, schoolId, 'school', 'cannot read this school bell schedule');
};

/**
 * The calendar-thematic plan of a subject in a parallel (R10) is shared by its teachers: the
 * administration, or a teacher who teaches the subject in one of the parallel's classes.
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 */
export const assertCanEditPlan = (
  actor: Actor,
  scope: { schoolId: number; subjectId: number; classGroupIds: number[] },
): UserActor => {
  const user = requireUser(actor);
  const allowed =
    isSchoolManager(user, scope.schoolId) ||
    (isStaffOf(user, scope.schoolId) &&
      scope.classGroupIds.some((c) => teachesSubjectInClass(user, c, scope.subjectId)));
  if (!allowed) throw refuse(user, scope.schoolId, 'school', 'cannot edit this plan');
  return user;
};

/**
 * How far a class is through its program: its teachers, its class teacher and the
 * administration (who plan and control the teaching, not support staff).
 * @throws DomainError UNAUTHENTICATED | FORBIDDEN
 */
export const assertCanFollowClassProgram = (actor: Actor, cls: ClassScope): UserActor => {
  const user = requireUser(actor);
  const allowed =
    isSchoolManager(user, cls.schoolId) ||
    (isStaffOf(user, cls.schoolId) && (teachesClass(user, cls.id) || leadsClass(user, cls.id)));
  if (!allowed)
    throw refuse(user, cls.schoolId, 'class', 'cannot follow the program of this class');
  return user;
};
