import { describe, expect, it } from 'vitest';
import type { Scheme } from '../journal/scheme.ts';
import { fivesToNextMark } from './fives-needed.ts';

const fivePoint: Scheme = {
  scale: 'FIVE_POINT',
  allowOne: false,
  maxPoints: null,
  weights: {},
};
const marks = (...values: number[]) => values.map((value) => ({ value, weight: 1 }));

describe('diary.fivesToNextMark', () => {
  it('counts the 5s that lift the rounded average to the next whole mark', () => {
    // 3, 3, 3, 3 → 3; with two 5s 22/6 = 3.67 → 4, with one 17/5 = 3.4 → 3.
    expect(fivesToNextMark(fivePoint, marks(3, 3, 3, 3))).toBe(2);
    // 5, 4, 4 → 4.33 → 4; one 5 makes 18/4 = 4.5 → 5.
    expect(fivesToNextMark(fivePoint, marks(5, 4, 4))).toBe(1);
    expect(fivesToNextMark(fivePoint, marks(2, 2))).toBe(1);
  });

  it('weighs marks by their stored weight, and the new 5s by 1', () => {
    // 4 + 3×2 = 10 / 3 = 3.33 → 3; (10 + 5n) / (3 + n) ≥ 3.5 from n = 1 (15/4 = 3.75).
    expect(
      fivesToNextMark(fivePoint, [
        { value: 4, weight: 1 },
        { value: 3, weight: 2 },
      ]),
    ).toBe(1);
    // 2×2 + 3 = 7 / 3 = 2.33 → 2; n = 1: 12/4 = 3 → 3.
    expect(
      fivesToNextMark(fivePoint, [
        { value: 2, weight: 2 },
        { value: 3, weight: 1 },
      ]),
    ).toBe(1);
    // 4 + 4 + three control 2s (weight 2) = 20 / 8 = 2.5 → 3; reaching 3.5 needs 1.5n ≥ 8, so n = 6.
    expect(
      fivesToNextMark(fivePoint, [
        ...marks(4, 4),
        { value: 2, weight: 2 },
        { value: 2, weight: 2 },
        { value: 2, weight: 2 },
      ]),
    ).toBe(6);
  });

  it('is null without marks, at 5 already, or off the 5-point scale', () => {
    expect(fivesToNextMark(fivePoint, [])).toBeNull();
    expect(fivesToNextMark(fivePoint, marks(5, 4))).toBeNull();
    expect(fivesToNextMark({ ...fivePoint, scale: 'TEN_POINT' }, marks(6, 7))).toBeNull();
    expect(fivesToNextMark({ ...fivePoint, scale: 'UNMARKED' }, [])).toBeNull();
  });
});
