/**
 * Access rules (R1, R2, R5): the one place that says who may read or change what. Every use case
 * calls one of these before it reads or writes; none trusts a client's claim.
 *
 * Refusals and existence (403 vs 404). An object the actor may not see is answered exactly like
 * an object that does not exist: NOT_FOUND, the same body, so no id of another school, another
 * class or another family can be probed. FORBIDDEN is kept only where it tells nothing new:
 * - the actor may see the object but not do this to it (a class's subject teacher may read the
 *   class journal but not the pupil's whole diary; a staff member of the school sees its
 *   settings but only the administration changes them), or
 * - the action names no object the actor cannot see (a parent posting an announcement).
 * "May see" is never wider than: staff of the same school for school-level objects, readers of
 * the class for class-level objects, readers of the pupil for a pupil.
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
  if (!canReadPupil(user, pupil)) throw hidden('pupil');
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
  if (!canReadPupilDiary(user, pupil)) {
    // A subject teacher of the class knows the pupil; anyone else must not learn the id exists.
    if (canReadPupil(user, pupil)) throw forbidden("cannot read this pupil's diary");
    throw hidden('pupil');
  }
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
  if (!canReadClass(user, cls)) throw hidden('class');
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
  if (!canWriteJournal(user, scope)) {
    if (canReadClass(user, { id: scope.classGroupId, schoolId: scope.schoolId }))
      throw forbidden('cannot write this journal page');
    throw hidden('class');
  }
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
  if (!canManageClass(user, cls)) {
    if (canReadClass(user, cls)) throw forbidden('cannot manage this class');
    throw hidden('class');
  }
  return user;
};

/** School-wide administration (imports, exports, terms, substitutions). @throws UNAUTHENTICATED | FORBIDDEN */
export const assertSchoolManager = (actor: Actor, schoolId: number): UserActor => {
  const user = requireUser(actor);
  if (!isSchoolManager(user, schoolId)) {
    if (isStaffOf(user, schoolId)) throw forbidden('school administration only');
    throw hidden('school');
  }
  return user;
};

/** Any staff member of the school. @throws UNAUTHENTICATED | FORBIDDEN */
export const assertStaff = (actor: Actor, schoolId: number): UserActor => {
  const user = requireUser(actor);
  if (!isStaffOf(user, schoolId)) {
    if (inSchool(user, schoolId)) throw forbidden('school staff only');
    throw hidden('school');
  }
  return user;
};
