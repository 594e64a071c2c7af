import { markRange, weightOf, type Scheme } from './scheme.ts';

export interface WeightedAverage {
  /** Weighted mean rounded to two decimals, or null without marks or on an unmarked grade. */
  average: number | null;
  count: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The weighted mean of marks (R22): each mark counts with the weight the school's scheme gives
 * its kind (1 where none is set). Callers pass current, non-deleted marks only.
 */
export const weightedAverage = (
  scheme: Scheme,
  marks: readonly { value: number; kind: string }[],
): WeightedAverage => {
  if (scheme.scale === 'UNMARKED' || marks.length === 0)
    return { average: null, count: marks.length };
  let sum = 0;
  let weights = 0;
  for (const mark of marks) {
    const weight = weightOf(scheme, mark.kind);
    sum += mark.value * weight;
    weights += weight;
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
