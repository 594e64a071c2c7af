import { describe, expect, it } from 'vitest';
import { roundToScale, weightedAverage } from './averages.ts';
import type { Scheme } from './scheme.ts';

const fivePoint = (weights: Record<string, number> = {}, allowOne = false): Scheme => ({
  scale: 'FIVE_POINT',
  allowOne,
  maxPoints: null,
  weights,
});

describe('journal.weightedAverage', () => {
  it('weights each mark by its stored weight and rounds to two decimals', () => {
    // (5·2 + 4 + 4) / 4 = 4.5; all weights 1: 13 / 3 = 4.33.
    const marks = [
      { value: 5, weight: 2 },
      { value: 4, weight: 1 },
      { value: 4, weight: 1 },
    ];
    expect(weightedAverage(fivePoint(), marks)).toEqual({ average: 4.5, count: 3 });
    expect(
      weightedAverage(
        fivePoint(),
        marks.map((m) => ({ ...m, weight: 1 })),
      ),
    ).toEqual({
      average: 4.33,
      count: 3,
    });
  });

  it("ignores the scheme's current weights: a mark keeps the weight it was given with", () => {
    const marks = [
      { value: 2, weight: 1 },
      { value: 5, weight: 1 },
    ];
    // The scheme now says CONTROL weighs 3; the stored weights still say 1 each: 7 / 2 = 3.5.
    expect(weightedAverage(fivePoint({ CONTROL: 3, ORAL: 3 }), marks).average).toBe(3.5);
  });

  it('gives no average without marks, for unmarked grades, or when every weight is zero', () => {
    expect(weightedAverage(fivePoint(), []).average).toBeNull();
    expect(
      weightedAverage({ ...fivePoint(), scale: 'UNMARKED' }, [{ value: 5, weight: 1 }]).average,
    ).toBeNull();
    expect(weightedAverage(fivePoint(), [{ value: 5, weight: 0 }]).average).toBeNull();
  });
});

describe('journal.roundToScale', () => {
  it('rounds half up from the two-decimal average', () => {
    expect(roundToScale(fivePoint(), 3.5)).toBe(4);
    expect(roundToScale(fivePoint(), 3.49)).toBe(3);
    expect(roundToScale(fivePoint(), 3.499)).toBe(4);
    expect(roundToScale(fivePoint(), 4.5)).toBe(5);
  });

  it('stays inside the scale', () => {
    expect(roundToScale(fivePoint(), 1.2)).toBe(2);
    expect(roundToScale(fivePoint({}, true), 1.2)).toBe(1);
    expect(roundToScale({ ...fivePoint(), scale: 'TEN_POINT' }, 7.5)).toBe(8);
    expect(roundToScale({ ...fivePoint(), scale: 'UNMARKED' }, 4)).toBeNull();
    expect(roundToScale(fivePoint(), null)).toBeNull();
  });
});
