import type { DbOrTx } from '../db.ts';
import { dateOnly, daysBetween } from '../dates.ts';
import { invalid, notFound } from '../errors.ts';

/** Longest period one journal query may cover (a school year with some slack). */
export const MAX_RANGE_DAYS = 400;

/**
 * Checks that a lesson date lies inside one of the quarters of the class's academic year, and
 * that this year is the school's current one (the journal of a closed year is not extended).
 * @throws DomainError VALIDATION_FAILED dateOutsideTerm
 */
export const assertDateInQuarter = async (
  db: DbOrTx,
  yearId: number,
  date: Date,
  path: (string | number)[] = ['date'],
) => {
  const quarter = await db.term.findFirst({
    where: {
      yearId,
      year: { isCurrent: true },
      kind: 'QUARTER',
      startsOn: { lte: date },
      endsOn: { gte: date },
    },
    select: { id: true },
  });
  if (!quarter) throw invalid(path, 'dateOutsideTerm');
};

/**
 * A term (quarter, half-year or year) of the given academic year.
 * @throws DomainError NOT_FOUND | VALIDATION_FAILED termNotInYear
 */
export const loadTermOfYear = async (db: DbOrTx, termId: number, yearId: number) => {
  const term = await db.term.findUnique({ where: { id: termId } });
  if (!term) throw notFound('term');
  if (term.yearId !== yearId) throw invalid(['termId'], 'termNotInYear');
  return term;
};

/** The quarter of an academic year containing `date`, or null (holidays). */
export const findQuarterAt = (db: DbOrTx, yearId: number, date: Date) =>
  db.term.findFirst({
    where: { yearId, kind: 'QUARTER', startsOn: { lte: date }, endsOn: { gte: date } },
  });

/**
 * "YYYY-MM-DD" bounds as dates, in order and not longer than MAX_RANGE_DAYS.
 * @throws DomainError VALIDATION_FAILED rangeReversed | rangeTooLong
 */
export const dateRange = (from: string, to: string): { from: Date; to: Date } => {
  const range = { from: dateOnly(from), to: dateOnly(to) };
  const days = daysBetween(range.from, range.to);
  if (days < 0) throw invalid(['to'], 'rangeReversed');
  if (days > MAX_RANGE_DAYS) throw invalid(['to'], 'rangeTooLong', { maxDays: MAX_RANGE_DAYS });
  return range;
};
