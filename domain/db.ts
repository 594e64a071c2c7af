import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** Either the root client or a transaction; read helpers accept both. */
export type DbOrTx = Db | Tx;

export interface DbOptions {
  connectionString: string;
  /** Pool size per process (default 10). */
  maxConnections?: number;
}

/** Opens a Prisma client over node-postgres. Only domain/ calls this. */
export const openDb = ({ connectionString, maxConnections = 10 }: DbOptions): Db =>
  new PrismaClient({ adapter: new PrismaPg({ connectionString, max: maxConnections }) });
