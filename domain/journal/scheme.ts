import type { DbOrTx } from '../db.ts';
import { invalid } from '../errors.ts';
import type { GradingScale } from '../generated/prisma/enums.ts';

export interface Scheme {
  scale: GradingScale;
  allowOne: boolean;
  maxPoints: number | null;
  weights: Record<string, number>;
}

/** The default where a school set nothing: 5-point scale, grades 1–3 unmarked. */
const defaultScheme = (grade: number): Scheme => ({
  scale: grade <= 3 ? 'UNMARKED' : 'FIVE_POINT',
  allowOne: false,
  maxPoints: null,
  weights: {},
});

/** The assessment scheme in force for a grade in a school year. */
export const findScheme = async (
  db: DbOrTx,
  schoolId: number,
  yearId: number,
  grade: number,
): Promise<Scheme> => {
  // Raw: every journal read and mark write asks, and Prisma's model query costs several times the
  // CPU of this one row.
  const [row] = await db.$queryRaw<
    { scale: GradingScale; allowOne: boolean; maxPoints: number | null; weights: string | null }[]
  >`
    SELECT scale::text AS scale, allow_one AS "allowOne", max_points AS "maxPoints",
           weights::text AS weights
    FROM assessment_scheme
    WHERE school_id = ${schoolId} AND year_id = ${yearId}
      AND grade_from <= ${grade} AND grade_to >= ${grade}
    ORDER BY id DESC LIMIT 1`;
  if (!row) return defaultScheme(grade);
  return {
    scale: row.scale,
    allowOne: row.allowOne,
    maxPoints: row.maxPoints,
    weights: ((row.weights === null ? null : JSON.parse(row.weights)) ?? {}) as Record<
      string,
      number
    >,
  };
};

/** Lowest and highest mark the scheme allows, or null when the grade is unmarked. */
export const markRange = (scheme: Scheme): { min: number; max: number } | null => {
  switch (scheme.scale) {
    case 'FIVE_POINT':
      return { min: scheme.allowOne ? 1 : 2, max: 5 };
    case 'TEN_POINT':
      return { min: 1, max: 10 };
    case 'POINTS':
      return { min: 0, max: scheme.maxPoints ?? 100 };
    case 'UNMARKED':
      return null;
  }
};

/** @throws DomainError VALIDATION_FAILED (markOutOfScale | unmarkedGrade) */
export const assertMarkInScheme = (
  scheme: Scheme,
  value: number,
  path: (string | number)[] = ['value'],
) => {
  const range = markRange(scheme);
  if (!range) throw invalid(path, 'unmarkedGrade');
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalid(path, 'markOutOfScale', range);
  }
};

/** Weight of a mark kind under the scheme (1 where the school set none). */
export const weightOf = (scheme: Scheme, kind: string): number => scheme.weights[kind] ?? 1;
