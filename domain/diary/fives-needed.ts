import { roundToScale, weightedAverage, type WeightedMark } from '../journal/averages.ts';
import type { Scheme } from '../journal/scheme.ts';

/** Beyond this many 5s the goal counts as out of reach. */
const MAX_FIVES = 1000;

/**
 * "How many 5s do I need?": the fewest additional 5s (each weighing 1; the
 * existing marks weigh what is stored on them) after which the average
 * rounds to the next whole mark, rounded the way the teacher's suggested term mark is. Null when
 * there are no marks yet, the average already rounds to 5, or the scale is not the 5-point one.
 */
export const fivesToNextMark = (scheme: Scheme, marks: readonly WeightedMark[]): number | null => {
  if (scheme.scale !== 'FIVE_POINT') return null;
  const current = roundToScale(scheme, weightedAverage(scheme, marks).average);
  if (current === null || current >= 5) return null;
  let sum = 0;
  let weights = 0;
  for (const mark of marks) {
    sum += mark.value * mark.weight;
    weights += mark.weight;
  }
  for (let n = 1; n <= MAX_FIVES; n++) {
    const rounded = roundToScale(scheme, (sum + 5 * n) / (weights + n));
    if (rounded !== null && rounded > current) return n;
  }
  return null;
};
