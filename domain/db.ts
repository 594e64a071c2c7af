import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
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
  /**
   * Name (and so cache) prepared statements per connection (default true). Planning a diary query
   * costs more than running it; PgBouncer in transaction mode needs this off.
   */
  preparedStatements?: boolean;
}

/** Prepared statements are named by a hash of their SQL, so equal text shares one plan per connection. */
const statementName = ({ sql }: { sql: string }) =>
  `s${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;

/** Opens a Prisma client over node-postgres. Only domain/ calls this. */
export const openDb = ({
  connectionString,
  maxConnections = 10,
  preparedStatements = true,
}: DbOptions): Db => {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  return new PrismaClient({
    adapter: new PrismaPg(pool, {
      disposeExternalPool: true,
      ...(preparedStatements ? { statementNameGenerator: statementName } : {}),
    }),
  });
};
