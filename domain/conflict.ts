import { DomainError } from './errors.ts';
import { Prisma } from './generated/prisma/client.ts';

/**
 * Runs a write and turns a unique-constraint race (two teachers saving the same lesson, two
 * managers the same year, at once) into CONFLICT, so no Prisma error leaves domain/.
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
