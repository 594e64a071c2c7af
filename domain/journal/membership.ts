import type { DbOrTx } from '../db.ts';
import { notFound } from '../errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/**
 * Pupils who belonged to a class on at least one day of [from, to] (R13): a membership of the
 * class overlapping the range, so a transferred pupil stays on the old class's past pages and
 * appears on the new class's pages from the transfer date. A pupil with no membership rows at
 * all (written by code that predates memberships) counts as a member of their current class for
 * any range, so nobody silently drops out of a journal.
 */
export const membersOf = (classGroupId: number, from: Date, to: Date): Prisma.PupilWhereInput => ({
  OR: [
    {
      memberships: {
        some: {
          classGroupId,
          fromDate: { lte: to },
          OR: [{ toDate: null }, { toDate: { gte: from } }],
        },
      },
    },
    { classGroupId, memberships: { none: {} } },
  ],
});

/**
 * The class a pupil belonged to during a period: the latest membership overlapping it, else the
 * pupil's current class.
 * @throws DomainError NOT_FOUND pupil
 */
export const classOfPupilDuring = async (
  db: DbOrTx,
  pupilId: number,
  period: { startsOn: Date; endsOn: Date },
) => {
  const select = { id: true, schoolId: true, yearId: true } as const;
  const membership = await db.classMembership.findFirst({
    where: {
      pupilId,
      fromDate: { lte: period.endsOn },
      OR: [{ toDate: null }, { toDate: { gte: period.startsOn } }],
    },
    orderBy: [{ fromDate: 'desc' }, { id: 'desc' }],
    select: { classGroup: { select } },
  });
  if (membership) return membership.classGroup;
  const pupil = await db.pupil.findUnique({
    where: { id: pupilId },
    select: { classGroup: { select } },
  });
  if (!pupil) throw notFound('pupil');
  return pupil.classGroup;
};
