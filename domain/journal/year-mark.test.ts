import { describe, expect, it } from 'vitest';
import type { Scheme } from './scheme.ts';
import { averageOfTermFinals } from './year-mark.ts';

const fivePoint: Scheme = { scale: 'FIVE_POINT', allowOne: false, maxPoints: null, weights: {} };
const quarters = (...values: (number | null)[]) =>
  values.map((value) => ({ kind: 'TERM' as const, value }));

describe('journal.averageOfTermFinals', () => {
  it('averages the quarter finals and rounds half up', () => {
    expect(averageOfTermFinals(fivePoint, quarters(4, 4, 5, 5))).toEqual({
      average: 4.5,
      count: 4,
      basis: 'TERM',
      suggested: 5,
    });
    expect(averageOfTermFinals(fivePoint, quarters(3, 4, 4, 3)).suggested).toBe(4); // 3.5
    expect(averageOfTermFinals(fivePoint, quarters(3, 3, 4, 5)).suggested).toBe(4); // 3.75
    expect(averageOfTermFinals(fivePoint, quarters(3, 3, 3, 4)).suggested).toBe(3); // 3.25
    expect(averageOfTermFinals(fivePoint, quarters(2, 3, 3)).average).toBe(2.67); // 8 / 3
  });

  it('leaves н/а and бош out, and suggests nothing when no final is numeric', () => {
    expect(averageOfTermFinals(fivePoint, quarters(5, null, 4))).toMatchObject({
      average: 4.5,
      count: 2,
      suggested: 5,
    });
    expect(averageOfTermFinals(fivePoint, quarters(null, null))).toMatchObject({
      average: null,
      suggested: null,
    });
  });

  it('uses half-year finals only where there are no quarter finals, never mixing them', () => {
    const halves = [
      { kind: 'HALF_YEAR' as const, value: 3 },
      { kind: 'HALF_YEAR' as const, value: 4 },
    ];
    expect(averageOfTermFinals(fivePoint, halves)).toMatchObject({
      basis: 'HALF_YEAR',
      average: 3.5,
      suggested: 4,
    });
    expect(averageOfTermFinals(fivePoint, [...quarters(5, 5), ...halves])).toMatchObject({
      basis: 'TERM',
      average: 5,
    });
  });

  it('suggests nothing on an unmarked grade', () => {
    expect(averageOfTermFinals({ ...fivePoint, scale: 'UNMARKED' }, quarters(5)).suggested).toBe(
      null,
    );
  });
});
