/**
 * Access rules of the journal that the shared policies do not cover, built from their helpers.
 */
import { requireUser, type Actor, type UserActor } from '../actor.ts';
import {
  refuse,
  isSchoolManager,
  isStaffOf,
  leadsClass,
  teachesSubjectInClass,
} from '../policies/index.ts';

export interface JournalPageScope {
  schoolId: number;
  classGroupId: number;
  subjectId: number;
}

/**
 * One subject's page of a class journal (the grid of marks and attendance): the teacher of that
 * subject in the class, the class teacher, the administration, and — to read — the psychologist
 * and the doctor. A teacher of another subject in the same class does not see this page.
 */
export const canReadJournalPage = (actor: Actor, scope: JournalPageScope): boolean => {
  if (actor.kind !== 'user' || !isStaffOf(actor, scope.schoolId)) return false;
  return (
    isSchoolManager(actor, scope.schoolId) ||
    actor.roles.includes('PSYCHOLOGIST') ||
    actor.roles.includes('DOCTOR') ||
    leadsClass(actor, scope.classGroupId) ||
    teachesSubjectInClass(actor, scope.classGroupId, scope.subjectId)
  );
};

/** @throws DomainError UNAUTHENTICATED | FORBIDDEN */
export const assertCanReadJournalPage = (actor: Actor, scope: JournalPageScope): UserActor => {
  const user = requireUser(actor);
  if (!canReadJournalPage(user, scope))
    throw refuse(user, scope.schoolId, 'class', 'cannot read this journal page');
  return user;
};
