/**
 * Fast bulk writes for the seed: one `INSERT … SELECT FROM unnest($1::int[], …)` per chunk sends
 * tens of thousands of rows in one round trip (Prisma's createMany is ~20× slower on PGlite).
 */
import type { DbOrTx } from '../../domain/db.ts';

/** A column name and its PostgreSQL type, e.g. ['lesson_id', 'int'] or ['status', '"AttendanceStatus"']. */
export type Column = readonly [name: string, pgType: string];

const CHUNK = 20_000;

/** Inserts `rows` (tuples in the order of `columns`) into `table`. */
export const bulkInsert = async (
  db: DbOrTx,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
) => {
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const params = columns.map((_, i) => chunk.map((row) => row[i] ?? null));
    await db.$executeRawUnsafe(sql, ...params);
  }
};

/** Takes `count` ids from a table's serial sequence, so rows can reference each other before insert. */
export const allocateIds = async (db: DbOrTx, table: string, count: number): Promise<number[]> => {
  if (count === 0) return [];
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))::int AS id FROM generate_series(1, $1::int)`,
    count,
  );
  return rows.map((r) => r.id);
};

/** "YYYY-MM-DD" of a UTC-midnight date. */
export const day = (d: Date) => d.toISOString().slice(0, 10);
