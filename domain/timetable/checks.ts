import type { DbOrTx } from '../db.ts';

/** Which of `userIds` hold any staff role in the school. */
export const staffOf = async (
  db: DbOrTx,
  schoolId: number,
  userIds: number[],
): Promise<Set<number>> => {
  const rows = await db.staffRole.findMany({
    where: { schoolId, userId: { in: userIds } },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
};

/** Does the subject belong to the school? */
export const isSubjectOf = async (db: DbOrTx, schoolId: number, subjectId: number) =>
  (await db.subject.findFirst({ where: { id: subjectId, schoolId }, select: { id: true } })) !==
  null;
