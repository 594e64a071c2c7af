import type { Tx } from './db.ts';

/**
 * Serializes writers of one journal object until the transaction ends (a PostgreSQL advisory
 * transaction lock on a hash of `parts`). Ten concurrent saves of one mark then run one after the
 * other: each reads the true previous row, so each real change writes exactly one audit row and
 * one event, and an identical re-write finds nothing to do. A hash collision only serializes two
 * unrelated writers; it never lets two writers of one object through at once.
 */
export const lockFor = async (tx: Tx, ...parts: (string | number)[]) => {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${parts.join(':')}, 0))`;
};

/** The lock every write of one lesson's journal page takes (marks, attendance, topic, homework). */
export const lockLesson = (tx: Tx, lessonId: number) => lockFor(tx, 'lesson', lessonId);
