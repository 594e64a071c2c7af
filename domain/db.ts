import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from './generated/prisma/client.ts';

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
   * costs more than running it; PgBouncer in transaction mode and PGlite need this off.
   */
  preparedStatements?: boolean;
  /** How long a request waits for a free or new connection before failing (default 10 s). */
  connectTimeoutMs?: number;
  /** Told about errors of idle connections (the pool drops them and opens new ones). */
  onConnectionError?: (error: Error) => void;
}

/** Prepared statements are named by a hash of their SQL, so equal text shares one plan per connection. */
const names = new Map<string, string>();
const statementName = ({ sql }: { sql: string }) => {
  let name = names.get(sql);
  if (name === undefined) {
    name = `s${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
    // The set of distinct statements is small and fixed; the cap only guards against a leak.
    if (names.size < 10_000) names.set(sql, name);
  }
  return name;
};

/**
 * Runs a raw SQL read written as a tagged template. The Prisma client and a transaction satisfy
 * it, and so does the direct reader below, so read helpers work inside and outside transactions.
 */
export interface SqlReader {
  $queryRaw<T = unknown>(
    query: TemplateStringsArray | Prisma.Sql,
    ...values: unknown[]
  ): PromiseLike<T>;
}

/** A statement ready to run: its SQL text with $n placeholders and their values. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** The direct reader: raw reads as `SqlReader`, and statements from `statementTemplate`. */
export interface DirectReader extends SqlReader {
  run<T = unknown>(statement: Statement): Promise<T[]>;
}

/** Values the way Prisma returns them: DATE at UTC midnight, TIMESTAMP as UTC, INT8 as BigInt. */
const PARSERS: Record<number, (value: string) => unknown> = {
  1082: (v) => new Date(`${v}T00:00:00Z`),
  1114: (v) => new Date(`${v.replace(' ', 'T')}Z`),
  20: (v) => BigInt(v),
};
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    PARSERS[oid] ??
    pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Raw reads straight through node-postgres on the client's pool, for the hot read paths (the
 * diary, the actor of every request): Prisma's query layer costs about twice the CPU of `pg` per
 * query (measured with the diary benchmark). Same pool, same SQL, same value types.
 */
const directReader = (pool: pg.Pool, prepared: boolean): DirectReader => {
  const run = async <T>({ text, values }: Statement) => {
    const result = await pool.query({
      text,
      values,
      types,
      ...(prepared ? { name: statementName({ sql: text }) } : {}),
    });
    return result.rows as T[];
  };
  return {
    run,
    $queryRaw: async <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
      return (await run({ text: sql.text, values: sql.values })) as T;
    },
  };
};

/** Opens the database: a Prisma client and a direct reader sharing one pool. Only domain/ calls this. */
export const openDatabase = ({
  connectionString,
  maxConnections = 10,
  preparedStatements = true,
  connectTimeoutMs = 10_000,
  onConnectionError = () => undefined,
}: DbOptions): { db: Db; reader: DirectReader } => {
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  // An idle connection killed by the server (restart, pg_terminate_backend, failover) is emitted
  // on the pool; without a listener Node turns that into an uncaught error and the process dies.
  // The pool has already discarded that client; the next query opens a new one.
  pool.on('error', onConnectionError);
  const db = new PrismaClient({
    adapter: new PrismaPg(pool, {
      disposeExternalPool: true,
      ...(preparedStatements ? { statementNameGenerator: statementName } : {}),
    }),
  });
  return { db, reader: directReader(pool, preparedStatements) };
};

/** Opens a Prisma client over node-postgres (seeds, tests). */
export const openDb = (options: DbOptions): Db => openDatabase(options).db;

/**
 * A query whose single column `r` is already a JSON array per row (`json_build_array(…) AS r`):
 * its rows travel positionally, without repeating every key on every row, and its caller decodes
 * them. The diary's rows are half keys otherwise (measured with `npm run bench:api`).
 */
export interface Positional {
  positional: Prisma.Sql;
}

export const positional = (sql: Prisma.Sql): Positional => ({ positional: sql });

type Column<Q> = Q extends Positional
  ? unknown[][]
  : Q extends Prisma.Sql
    ? Record<string, unknown>[]
    : undefined;

/**
 * Several row queries as ONE statement, one round trip instead of one each: every query becomes
 * a JSON array column. The rows come back as JSON gives them (dates as "YYYY-MM-DD"): keyed rows
 * as objects, positional rows as arrays, for the caller to decode. A query given as undefined is
 * not run (its column is absent).
 */
export const togetherSql = (queries: Record<string, Prisma.Sql | Positional | undefined>) => {
  const columns = Object.entries(queries).flatMap(([key, query]) => {
    if (!/^[A-Za-z]\w*$/.test(key)) throw new Error(`bad column name ${key}`);
    if (query === undefined) return [];
    const rows =
      query instanceof Prisma.Sql
        ? Prisma.sql`SELECT COALESCE(json_agg(q), '[]'::json) FROM (${query}) q`
        : Prisma.sql`SELECT COALESCE(json_agg(q.r), '[]'::json) FROM (${query.positional}) q`;
    return [Prisma.sql`(${rows}) AS ${Prisma.raw(`"${key}"`)}`];
  });
  return Prisma.sql`SELECT ${Prisma.join(columns, ', ')}`;
};

/** The columns of a `togetherSql` statement's single row, by the shape of its queries. */
export type Together<Q> = { [K in keyof Q]: Column<Q[K]> };

/** A value a statement template leaves open, by name (see `statementTemplate`). */
class Hole {
  constructor(readonly name: string) {}
}

/**
 * A statement whose SQL is built ONCE and only its values per run. `build` writes the statement
 * with `hole(name)` wherever a run's value goes (it must only place holes as values, never
 * compute with them: a hole is typed `never` so it fits any parameter); each call then fills the
 * holes from `args`. For the hottest read (the diary): building its SQL from template fragments,
 * flattening the text and hashing it to find the prepared statement took about a tenth of the
 * API's CPU per request (`npm run bench:api`), and the same text object now finds its prepared
 * statement at once.
 */
export const statementTemplate = <K extends string>(
  build: (hole: (name: K) => never) => Prisma.Sql,
): ((args: Record<K, unknown>) => Statement) => {
  const sql = build((name) => new Hole(name) as never);
  const text = sql.text;
  const values = sql.values;
  const slots = values.map((v) => (v instanceof Hole ? (v.name as K) : null));
  return (args) => ({
    text,
    values: slots.map((name, i) => (name === null ? values[i] : args[name])),
  });
};
