/**
 * Who may start a conversation with whom (R19). Families write to the school about their child;
 * the school writes to the families of the pupils it teaches; colleagues write to each other.
 */
import type { UserActor } from '../actor.ts';
import type { DbOrTx } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import {
  canReadPupil,
  isSchoolManager,
  isStaffOf,
  leadsClass,
  teachesClass,
} from '../policies/index.ts';
import { personSelect } from './people.ts';

export interface PupilInScope {
  id: number;
  schoolId: number;
  classGroupId: number;
}

/** What the rules need to know about the other side of a conversation. */
export const contactSelect = {
  ...personSelect,
  schoolId: true,
  roles: { select: { role: true, schoolId: true } },
  // A guardian is family of the pupils they were granted (a redeemed code or the school's
  // confirmation), not of every pupil an import attached them to.
  children: { where: { grantedAt: { not: null } }, select: { pupilId: true } },
  assignments: { select: { classGroupId: true } },
  classesLed: { select: { id: true } },
} as const satisfies Prisma.UserSelect;

export type ContactRow = Prisma.UserGetPayload<{ select: typeof contactSelect }>;

const isStaffIn = (row: ContactRow, schoolId: number) =>
  row.roles.some((r) => r.schoolId === schoolId);

const managesSchool = (row: ContactRow, schoolId: number) =>
  row.roles.some((r) => r.schoolId === schoolId && (r.role === 'ADMIN' || r.role === 'DEPUTY'));

/** Teaches a subject in the class or is its class teacher. */
const worksInClass = (row: ContactRow, classGroupId: number) =>
  row.assignments.some((a) => a.classGroupId === classGroupId) ||
  row.classesLed.some((c) => c.id === classGroupId);

const isFamilyOf = (row: ContactRow, pupilId: number) =>
  row.children.some((c) => c.pupilId === pupilId) || row.pupil?.id === pupilId;

/** May `actor` write to `recipient` about `pupil`? */
export const mayWriteAbout = (
  actor: UserActor,
  recipient: ContactRow,
  pupil: PupilInScope,
): boolean => {
  if (recipient.id === actor.userId) return false;
  if (actor.childIds.includes(pupil.id)) {
    if (worksInClass(recipient, pupil.classGroupId) || managesSchool(recipient, pupil.schoolId))
      return true;
  }
  if (actor.pupilId === pupil.id && worksInClass(recipient, pupil.classGroupId)) return true;
  const actorWorksInClass =
    actor.schoolId === pupil.schoolId &&
    (teachesClass(actor, pupil.classGroupId) || leadsClass(actor, pupil.classGroupId));
  if (
    (actorWorksInClass || isSchoolManager(actor, pupil.schoolId)) &&
    isFamilyOf(recipient, pupil.id)
  )
    return true;
  // Colleagues may discuss a pupil they both may see (a teacher with the class teacher, the psychologist…).
  return (
    isStaffOf(actor, pupil.schoolId) &&
    canReadPupil(actor, pupil) &&
    isStaffIn(recipient, pupil.schoolId)
  );
};

/** The school both work in, when `actor` and `recipient` are colleagues; otherwise null. */
export const sharedSchool = (actor: UserActor, recipient: ContactRow): number | null =>
  actor.schoolId !== null &&
  recipient.id !== actor.userId &&
  isStaffOf(actor, actor.schoolId) &&
  isStaffIn(recipient, actor.schoolId)
    ? actor.schoolId
    : null;

/** Pupils a conversation between the two could be about: the children of either side, or either side itself. */
export const pupilsBetween = async (
  db: DbOrTx,
  actor: UserActor,
  recipient: ContactRow,
): Promise<PupilInScope[]> => {
  const ids = new Set<number>([...actor.childIds, ...recipient.children.map((c) => c.pupilId)]);
  if (actor.pupilId !== null) ids.add(actor.pupilId);
  if (recipient.pupil) ids.add(recipient.pupil.id);
  if (ids.size === 0) return [];
  return db.pupil.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, schoolId: true, classGroupId: true },
    orderBy: { id: 'asc' },
  });
};
