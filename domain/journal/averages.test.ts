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
  it('weights each mark by its kind and rounds to two decimals', () => {
    const marks = [
      { value: 5, kind: 'CONTROL' },
      { value: 4, kind: 'ORAL' },
      { value: 4, kind: 'ORAL' },
    ];
    expect(weightedAverage(fivePoint({ CONTROL: 2 }), marks)).toEqual({ average: 4.5, count: 3 });
    expect(weightedAverage(fivePoint(), marks)).toEqual({ average: 4.33, count: 3 });
  });

  it('gives no average without marks, for unmarked grades, or when every weight is zero', () => {
    expect(weightedAverage(fivePoint(), []).average).toBeNull();
    expect(
      weightedAverage({ ...fivePoint(), scale: 'UNMARKED' }, [{ value: 5, kind: 'ORAL' }]).average,
    ).toBeNull();
    expect(
      weightedAverage(fivePoint({ OTHER: 0 }), [{ value: 5, kind: 'OTHER' }]).average,
    ).toBeNull();
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
