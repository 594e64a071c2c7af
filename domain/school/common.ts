/** Small helpers shared by the school-setup use cases. */
import type { DbOrTx, Tx } from '../db.ts';
import { toIsoDate } from '../dates.ts';
import { notFound } from '../errors.ts';
import type { AcademicYear, Term } from '../generated/prisma/client.ts';
import { id } from '../validation.ts';

/** Grades of a Kyrgyz school: 1 to 11. */
export const MIN_GRADE = 1;
export const MAX_GRADE = 11;

/** The school in the path; the domain parses it like every id. */
export const schoolIdField = { schoolId: id };

/**
 * Serialises changes of one school's setup (years, bells): the second writer waits for the first
 * instead of both reading the same "before".
 */
export const lockSchool = async (tx: Tx, schoolId: number) => {
  await tx.$queryRaw`SELECT id FROM school WHERE id = ${schoolId} FOR UPDATE`;
};

/** Serialises changes of one academic year's terms and assessment schemes. */
export const lockYear = async (tx: Tx, yearId: number) => {
  await tx.$queryRaw`SELECT id FROM academic_year WHERE id = ${yearId} FOR UPDATE`;
};

/**
 * An academic year of the school.
 * @throws DomainError NOT_FOUND when it does not exist or belongs to another school
 */
export const loadYearOfSchool = async (db: DbOrTx, schoolId: number, yearId: number) => {
  const year = await db.academicYear.findFirst({ where: { id: yearId, schoolId } });
  if (!year) throw notFound('academic year');
  return year;
};

/** Does the subject belong to the school? */
export const isSubjectOf = async (db: DbOrTx, schoolId: number, subjectId: number) =>
  (await db.subject.findFirst({ where: { id: subjectId, schoolId }, select: { id: true } })) !==
  null;

export const termView = (t: Term) => ({
  id: t.id,
  kind: t.kind,
  number: t.number,
  startsOn: toIsoDate(t.startsOn),
  endsOn: toIsoDate(t.endsOn),
});

/** A year as the API returns it: calendar days as "YYYY-MM-DD", terms quarter → half → year. */
export const yearView = (y: AcademicYear, terms?: Term[]) => ({
  id: y.id,
  name: y.name,
  startsOn: toIsoDate(y.startsOn),
  endsOn: toIsoDate(y.endsOn),
  isCurrent: y.isCurrent,
  ...(terms ? { terms: terms.map(termView) } : {}),
});

/** Prisma order of terms: quarters, then half-years, then the year (enum order), by number. */
export const TERM_ORDER = [{ kind: 'asc' as const }, { number: 'asc' as const }];
