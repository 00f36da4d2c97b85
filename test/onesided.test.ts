import { describe, expect, test } from '@jest/globals';
import { halfWidth, oneSidedBounds, precise, tQuantile, verdictOf } from '../src/stats/onesided.js';
import { summarise } from '../src/stats/summary.js';

describe('one-sided t bounds', () => {
  test('t quantiles match the printed table', () => {
    // Student's t table: t(0.95, 4) = 2.132, t(0.95, 9) = 1.833, t(0.99, 9) = 2.821.
    expect(tQuantile(0.95, 4)).toBeCloseTo(2.1318, 4);
    expect(tQuantile(0.95, 9)).toBeCloseTo(1.8331, 4);
    expect(tQuantile(0.99, 9)).toBeCloseTo(2.8214, 4);
  });

  test('mean ± t(confidence, n−1)·sd/√n, skipping undefined values', () => {
    // 1..5: mean 3, sd √2.5, so the half-width is 2.1318 · 1.5811 / √5 = 1.5074.
    const b = oneSidedBounds([1, 2, NaN, 3, 4, 5], 0.95);
    expect(b.n).toBe(5);
    expect(b.mean).toBe(3);
    expect(b.low).toBeCloseTo(3 - 1.5074, 3);
    expect(b.high).toBeCloseTo(3 + 1.5074, 3);
  });

  test('a metric at the threshold in every replication meets it either way', () => {
    // 25 replications of a connection cost of 10684.931506849314: the mean is that, not 2e-12 below.
    const b = oneSidedBounds(Array<number>(25).fill(10684.931506849314), 0.95);
    expect(b).toEqual({ mean: 10684.931506849314, n: 25, low: 10684.931506849314, high: 10684.931506849314 });
    expect(verdictOf(b, '>=', 10684.931506849314)).toBe('meets');
    expect(verdictOf(b, '<=', 10684.931506849314)).toBe('meets');
  });

  test('no bounds below two values', () => {
    expect(oneSidedBounds([4], 0.95)).toEqual({ mean: 4, n: 1, low: NaN, high: NaN });
    expect(oneSidedBounds([], 0.95).n).toBe(0);
  });
});

describe('verdicts', () => {
  const b = { mean: 0.1, n: 10, low: 0.08, high: 0.12 };
  test('<=: meets when the upper bound is at or below, fails when the lower bound is above', () => {
    expect(verdictOf(b, '<=', 0.12)).toBe('meets');
    expect(verdictOf(b, '<=', 0.13)).toBe('meets');
    expect(verdictOf(b, '<=', 0.1)).toBe('undecided');
    // The lower bound at the threshold does not rule out a mean equal to it, which meets the target.
    expect(verdictOf(b, '<=', 0.08)).toBe('undecided');
    expect(verdictOf(b, '<=', 0.07)).toBe('fails');
  });
  test('>=: meets when the lower bound is at or above, fails when the upper bound is below', () => {
    expect(verdictOf(b, '>=', 0.08)).toBe('meets');
    expect(verdictOf(b, '>=', 0.1)).toBe('undecided');
    expect(verdictOf(b, '>=', 0.12)).toBe('undecided');
    expect(verdictOf(b, '>=', 0.13)).toBe('fails');
  });
  test('no bounds: undecided', () => {
    expect(verdictOf({ mean: 0.1, n: 1, low: NaN, high: NaN }, '<=', 1)).toBe('undecided');
  });
});

describe('precision', () => {
  test('relative: half-width over |mean| within γ / (1 + γ) (Law & Kelton)', () => {
    // Values with mean 10 and half-width h: 5 % relative error needs h <= 10 · 0.05 / 1.05 = 0.476.
    const s = (h: number) => ({ mean: 10, sd: NaN, ci95Low: 10 - h, ci95High: 10 + h, n: 10 });
    expect(halfWidth(s(0.47))).toBeCloseTo(0.47, 12);
    expect(precise(s(0.47), { metric: 'x', relative: true, value: 0.05 })).toBe(true);
    expect(precise(s(0.48), { metric: 'x', relative: true, value: 0.05 })).toBe(false);
    expect(precise({ ...s(0.47), mean: -10, ci95Low: -10.47, ci95High: -9.53 }, { metric: 'x', relative: true, value: 0.05 })).toBe(true);
  });

  test('absolute: half-width within the value', () => {
    const s = summarise([1, 2, 3, 4, 5]);
    expect(precise(s, { metric: 'x', relative: false, value: halfWidth(s) })).toBe(true);
    expect(precise(s, { metric: 'x', relative: false, value: halfWidth(s) * 0.99 })).toBe(false);
  });

  test('no interval is never precise; a zero mean only with a zero half-width', () => {
    expect(precise(summarise([3]), { metric: 'x', relative: false, value: 100 })).toBe(false);
    expect(precise(summarise([0, 0, 0]), { metric: 'x', relative: true, value: 0.01 })).toBe(true);
    expect(precise(summarise([-1, 0, 1]), { metric: 'x', relative: true, value: 0.5 })).toBe(false);
  });
});
