import { roundToScale, type WeightedAverage } from './averages.ts';
import type { Scheme } from './scheme.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A term final as the year-mark rule sees it. */
export interface TermFinal {
  /** TERM (a quarter) or HALF_YEAR (a half-year). */
  kind: 'TERM' | 'HALF_YEAR';
  /** The number; null for н/а (not assessed) and бош (exempt), which do not count. */
  value: number | null;
}

/**
 * The year mark from the term finals (the default rule of Kyrgyz schools): the plain mean of the
 * pupil's numeric quarter finals, or of the half-year finals where the subject has no quarter
 * finals (grades kept by half-years), rounded half up to the scale like any suggestion
 * (4, 4, 5, 5 → 4.5 → 5; 3, 4, 4, 3 → 3.5 → 4; 3, 3, 4, 5 → 3.75 → 4). н/а and бош are left out;
 * with no numeric final there is no suggestion. Quarters and half-years are never mixed, since a
 * half-year final already summarises its quarters.
 */
export const averageOfTermFinals = (
  scheme: Scheme,
  finals: readonly TermFinal[],
): WeightedAverage & { basis: 'TERM' | 'HALF_YEAR' | null; suggested: number | null } => {
  const numeric = (kind: TermFinal['kind']) =>
    finals.filter((f) => f.kind === kind && f.value !== null).map((f) => f.value as number);
  const quarters = numeric('TERM');
  const [basis, values] =
    quarters.length > 0
      ? (['TERM', quarters] as const)
      : (['HALF_YEAR', numeric('HALF_YEAR')] as const);
  if (scheme.scale === 'UNMARKED' || values.length === 0)
    return { average: null, count: values.length, basis: null, suggested: null };
  const average = round2(values.reduce((a, b) => a + b, 0) / values.length);
  return { average, count: values.length, basis, suggested: roundToScale(scheme, average) };
};
