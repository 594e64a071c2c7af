import { markRange, type Scheme } from './scheme.ts';

/** A mark as averages see it: its value and the weight stored with it when it was given. */
export interface WeightedMark {
  value: number;
  weight: number;
}

export interface WeightedAverage {
  /** Weighted mean rounded to two decimals, or null without marks or on an unmarked grade. */
  average: number | null;
  count: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The weighted mean of marks (R22): each mark counts with the weight stored on it when it was
 * given (`Mark.weight`, taken from the scheme then), so a school changing its weights mid-year
 * never re-weights past marks. The scheme only decides whether the grade is marked at all.
 * Callers pass current, non-deleted marks only.
 */
export const weightedAverage = (
  scheme: Scheme,
  marks: readonly WeightedMark[],
): WeightedAverage => {
  if (scheme.scale === 'UNMARKED' || marks.length === 0)
    return { average: null, count: marks.length };
  let sum = 0;
  let weights = 0;
  for (const mark of marks) {
    sum += mark.value * mark.weight;
    weights += mark.weight;
  }
  return { average: weights > 0 ? round2(sum / weights) : null, count: marks.length };
};

/**
 * The mark an average rounds to on the scheme's scale, half up (3.5 → 4), kept inside the scale.
 * It starts from the two-decimal average the teacher sees, so the suggestion never contradicts
 * the number shown next to it (3.499… shows as 3.50 and suggests 4).
 */
export const roundToScale = (scheme: Scheme, average: number | null): number | null => {
  const range = markRange(scheme);
  if (!range || average === null) return null;
  const rounded = Math.floor(round2(average) + 0.5);
  return Math.min(range.max, Math.max(range.min, rounded));
};
