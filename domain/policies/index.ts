/**
 * Access rules (R1, R2, R5): the one place that says who may read or change what. Every use case
 * calls one of these before it reads or writes; none trusts a client's claim.
 *
 * Refusals and existence (403 vs 404). Another school's objects are invisible: an actor who
 * is not a member of the object's school gets exactly the answer for an object that does not
 * exist (NOT_FOUND, the same body), so no lesson, mark, class or pupil id of another school can
 * be probed. Inside the actor's own school FORBIDDEN stays: the school's classes, lessons and
 * pupils are no secret from its own members (timetables, class lists and the journal show them),
 * and "you may not do this" is the more useful answer there. `refuse` below is the one place
 * that picks between the two; the existence sweep (api/test/existence.test.ts) holds every
 * route to it.
 */
import { requireUser, type Actor, type UserActor } from '../actor.ts';
import { forbidden, notFound } from '../errors.ts';
import type { StaffRoleKind } from '../generated/prisma/enums.ts';

export interface PupilScope {
  id: number;
  schoolId: number;
  classGroupId: number;
}

export interface ClassScope {
  id: number;
  schoolId: number;
}

/**
 * The refusal for an object the actor may not see: indistinguishable from "no such object"
 * (same code, same details) — see the rule at the top of this file.
 */
export const hidden = (what: string) => notFound(what);

/**
 * The refusal for an object of `schoolId`: FORBIDDEN for a member of that school, otherwise
 * the same NOT_FOUND a missing object gets.
 */
export const refuse = (actor: UserActor, schoolId: number, what: string, message: string) =>
  actor.schoolId === schoolId ? forbidden(message) : hidden(what);

const has = (actor: UserActor, ...roles: StaffRoleKind[]) =>
  roles.some((r) => actor.roles.includes(r));

const inSchool = (actor: UserActor, schoolId: number) => actor.schoolId === schoolId;

/** Administration of the school: admin and deputy director. */
export const isSchoolManager = (actor: UserActor, schoolId: number) =>
  inSchool(actor, schoolId) && has(actor, 'ADMIN', 'DEPUTY');

/** Staff who may read every pupil of the school for their job (R1). */
const readsWholeSchool = (actor: UserActor, schoolId: number) =>
  inSchool(actor, schoolId) && has(actor, 'ADMIN', 'DEPUTY', 'PSYCHOLOGIST', 'DOCTOR');

export const teachesClass = (actor: UserActor, classGroupId: number) =>
  actor.teaches.some((t) => t.classGroupId === classGroupId);

export const teachesSubjectInClass = (actor: UserActor, classGroupId: number, subjectId: number) =>
  actor.teaches.some((t) => t.classGroupId === classGroupId && t.subjectId === subjectId);

export const leadsClass = (actor: UserActor, classGroupId: number) =>
  actor.classTeacherOf.includes(classGroupId);

/** Is this user staff (any role) of the school? */
export const isStaffOf = (actor: UserActor, schoolId: number) =>
  inSchool(actor, schoolId) && actor.roles.length > 0;

/** Parent of the pupil, the pupil themself, or staff whose job includes the pupil. */
export const canReadPupil = (actor: Actor, pupil: PupilScope): boolean => {
  if (actor.kind !== 'user') return false;
  if (actor.childIds.includes(pupil.id) || actor.pupilId === pupil.id) return true;
  if (!inSchool(actor, pupil.schoolId)) return false;
  return (
    readsWholeSchool(actor, pupil.schoolId) ||
    leadsClass(actor, pupil.classGroupId) ||
    teachesClass(actor, pupil.classGroupId)
  );
};

/** @throws DomainError UNAUTHENTICATED | FORBIDDEN */
export const assertCanReadPupil = (actor: Actor, pupil: PupilScope): UserActor => {
  const user = requireUser(actor);
  if (!canReadPupil(user, pupil))
    throw refuse(user, pupil.schoolId, 'pupil', 'cannot read this pupil');
  return user;
};

/**
 * A pupil's whole diary (every subject's marks, attendance, homework): the parent, the pupil, the
 * class teacher and school-wide staff. A subject teacher reads their own subject through the
 * class journal, not the pupil's other subjects (R2, R5).
 */
export const canReadPupilDiary = (actor: Actor, pupil: PupilScope): boolean => {
  if (actor.kind !== 'user') return false;
  if (actor.childIds.includes(pupil.id) || actor.pupilId === pupil.id) return true;
  if (!inSchool(actor, pupil.schoolId)) return false;
  return readsWholeSchool(actor, pupil.schoolId) || leadsClass(actor, pupil.classGroupId);
};

/** @throws DomainError UNAUTHENTICATED | FORBIDDEN */
export const assertCanReadPupilDiary = (actor: Actor, pupil: PupilScope): UserActor => {
  const user = requireUser(actor);
  if (!canReadPupilDiary(user, pupil))
    throw refuse(user, pupil.schoolId, 'pupil', "cannot read this pupil's diary");
  return user;
};

/** Class pages of the journal: its teachers, its class teacher, school administration and support staff. */
export const canReadClass = (actor: Actor, cls: ClassScope): boolean => {
  if (actor.kind !== 'user' || !inSchool(actor, cls.schoolId)) return false;
  return (
    readsWholeSchool(actor, cls.schoolId) ||
    leadsClass(actor, cls.id) ||
    teachesClass(actor, cls.id)
  );
};

/** @throws DomainError UNAUTHENTICATED | FORBIDDEN */
export const assertCanReadClass = (actor: Actor, cls: ClassScope): UserActor => {
  const user = requireUser(actor);
  if (!canReadClass(user, cls)) throw refuse(user, cls.schoolId, 'class', 'cannot read this class');
  return user;
};

/**
 * Writing the journal of one subject in one class (marks, attendance, topics, homework): the
 * teacher with that teaching load (R5), a substitute for that lesson, or the administration.
 */
export const canWriteJournal = (
  actor: Actor,
  scope: { schoolId: number; classGroupId: number; subjectId: number; isSubstitute?: boolean },
): boolean => {
  if (actor.kind !== 'user' || !inSchool(actor, scope.schoolId)) return false;
  return (
    isSchoolManager(actor, scope.schoolId) ||
    teachesSubjectInClass(actor, scope.classGroupId, scope.subjectId) ||
    scope.isSubstitute === true
  );
};

/** @throws DomainError UNAUTHENTICATED | FORBIDDEN */
export const assertCanWriteJournal = (
  actor: Actor,
  scope: { schoolId: number; classGroupId: number; subjectId: number; isSubstitute?: boolean },
): UserActor => {
  const user = requireUser(actor);
  if (!canWriteJournal(user, scope))
    throw refuse(user, scope.schoolId, 'class', 'cannot write this journal page');
  return user;
};

/** Handing out link codes, managing a class's pupils and parents: class teacher or administration (R3). */
export const canManageClass = (actor: Actor, cls: ClassScope): boolean =>
  actor.kind === 'user' &&
  (isSchoolManager(actor, cls.schoolId) ||
    (inSchool(actor, cls.schoolId) && leadsClass(actor, cls.id)));

/** @throws DomainError UNAUTHENTICATED | FORBIDDEN */
export const assertCanManageClass = (actor: Actor, cls: ClassScope): UserActor => {
  const user = requireUser(actor);
  if (!canManageClass(user, cls))
    throw refuse(user, cls.schoolId, 'class', 'cannot manage this class');
  return user;
};

/** School-wide administration (imports, exports, terms, substitutions). @throws UNAUTHENTICATED | FORBIDDEN */
export const assertSchoolManager = (actor: Actor, schoolId: number): UserActor => {
  const user = requireUser(actor);
  if (!isSchoolManager(user, schoolId))
    throw refuse(user, schoolId, 'school', 'school administration only');
  return user;
};

/** Any staff member of the school. @throws UNAUTHENTICATED | FORBIDDEN */
export const assertStaff = (actor: Actor, schoolId: number): UserActor => {
  const user = requireUser(actor);
  if (!isStaffOf(user, schoolId)) throw refuse(user, schoolId, 'school', 'school staff only');
  return user;
};
