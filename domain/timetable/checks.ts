import type { DbOrTx } from '../db.ts';
import { DomainError, type ValidationIssue } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** @throws DomainError VALIDATION_FAILED with every collected issue, when there is any */
export const throwIfIssues = (issues: ValidationIssue[]) => {
  if (issues.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `invalid ${issues.map((i) => i.path.join('.')).join(', ')}`,
      {
        details: { issues },
      },
    );
  }
};

/**
 * Runs a write, turning a unique-constraint race (two managers saving the same lesson hour at
 * once) into CONFLICT, so no Prisma error leaves domain/.
 * @throws DomainError CONFLICT
 */
export const withConflict = async <T>(what: string, write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', `${what} was written concurrently`, { cause: error });
    }
    throw error;
  }
};

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
