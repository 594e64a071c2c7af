import type { DbOrTx } from './db.ts';
import { DomainError } from './errors.ts';
import type { Language, StaffRoleKind } from './generated/prisma/enums.ts';

/** What a class teacher, subject teacher or parent is entitled to, resolved once per request. */
export interface UserActor {
  kind: 'user';
  userId: number;
  schoolId: number | null;
  language: Language;
  roles: StaffRoleKind[];
  /** Pupils this user is a parent or legal representative of. */
  childIds: number[];
  /** The pupil record of this user, if the user is a pupil. */
  pupilId: number | null;
  /** Classes this user leads as class teacher (класс жетекчи). */
  classTeacherOf: number[];
  /** The teaching load of this user: which subject in which class. */
  teaches: { classGroupId: number; subjectId: number }[];
}

export interface AnonymousActor {
  kind: 'anonymous';
}

export type Actor = UserActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

/** Narrows to a signed-in user. @throws DomainError UNAUTHENTICATED */
export const requireUser = (actor: Actor): UserActor => {
  if (actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'sign-in required');
  return actor;
};

/**
 * Loads everything the policies need about a user, in one round trip.
 * @throws DomainError UNAUTHENTICATED when the user does not exist
 */
export const loadActor = async (db: DbOrTx, userId: number): Promise<UserActor> => {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      schoolId: true,
      language: true,
      roles: { select: { role: true } },
      children: { select: { pupilId: true } },
      pupil: { select: { id: true } },
      classesLed: { select: { id: true } },
      assignments: {
        select: { classGroupId: true, subjectId: true, year: { select: { isCurrent: true } } },
      },
    },
  });
  if (!user) throw new DomainError('UNAUTHENTICATED', 'unknown user');
  return {
    kind: 'user',
    userId: user.id,
    schoolId: user.schoolId,
    language: user.language,
    roles: user.roles.map((r) => r.role),
    childIds: user.children.map((c) => c.pupilId),
    pupilId: user.pupil?.id ?? null,
    classTeacherOf: user.classesLed.map((c) => c.id),
    teaches: user.assignments.map(({ classGroupId, subjectId }) => ({ classGroupId, subjectId })),
  };
};
