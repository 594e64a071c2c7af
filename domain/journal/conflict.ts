import { DomainError } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';

/**
 * Runs a write and turns a unique-constraint race (two teachers saving the same lesson at once)
 * into CONFLICT, so no Prisma error leaves domain/.
 * @throws DomainError CONFLICT
 */
export const withConflict = async <T>(write: () => Promise<T>, what: string): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', `${what} was written concurrently`, { cause: error });
    }
    throw error;
  }
};
