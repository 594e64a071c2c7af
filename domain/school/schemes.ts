/** Assessment scheme bands (grading per grade band and year) as the API reads and writes them. */
import type { AssessmentScheme } from '../generated/prisma/client.ts';
import type { GradingScale } from '../generated/prisma/enums.ts';
import { MAX_GRADE } from './common.ts';

export interface SchemeBand {
  gradeFrom: number;
  gradeTo: number;
  scale: GradingScale;
  allowOne: boolean;
  maxPoints: number | null;
  weights: Record<string, number>;
}

export const bandView = (row: AssessmentScheme): SchemeBand => ({
  gradeFrom: row.gradeFrom,
  gradeTo: row.gradeTo,
  scale: row.scale,
  allowOne: row.allowOne,
  maxPoints: row.maxPoints,
  weights: (row.weights ?? {}) as Record<string, number>,
});

/**
 * What the journal applies where a school set nothing (domain/journal/scheme.ts): grades 1–3
 * unmarked, the rest on the 5-point scale without "1", every kind of work weighing 1.
 */
export const DEFAULT_BANDS: SchemeBand[] = [
  { gradeFrom: 1, gradeTo: 3, scale: 'UNMARKED', allowOne: false, maxPoints: null, weights: {} },
  {
    gradeFrom: 4,
    gradeTo: MAX_GRADE,
    scale: 'FIVE_POINT',
    allowOne: false,
    maxPoints: null,
    weights: {},
  },
];
