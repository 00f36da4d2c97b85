import { describe, expect, test } from '@jest/globals';
import { alikeNeeded, halfWidth, oneSidedBounds, pairsAgree, precise, verdictOf } from '../src/stats/onesided.js';
import { tQuantile } from '../src/stats/student.js';
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

  test('a metric at the threshold in every one of enough replications meets it either way', () => {
    // 59 replications of a connection cost of 10684.931506849314: the mean is that, not 2e-12 below.
    const b = oneSidedBounds(Array<number>(59).fill(10684.931506849314), 0.95);
    expect(b).toEqual({ mean: 10684.931506849314, n: 59, low: 10684.931506849314, high: 10684.931506849314, spreadless: false });
    expect(verdictOf(b, '>=', 10684.931506849314)).toBe('meets');
    expect(verdictOf(b, '<=', 10684.931506849314)).toBe('meets');
  });

  test('values that agree decide nothing until there are enough of them that a share 1 − confidence of replications would likely have differed', () => {
    // The least n with confidence^n <= 1 − confidence: 0.95^59 = 0.0485 <= 0.05 < 0.95^58 = 0.0510.
    expect(alikeNeeded(0.95)).toBe(59);
    expect(0.95 ** 59).toBeLessThanOrEqual(0.05);
    expect(0.95 ** 58).toBeGreaterThan(0.05);
    expect(alikeNeeded(0.9)).toBe(22);
    expect(alikeNeeded(0.99)).toBe(459);
    // No balk in 10 replications of a hub where 18 % of them have one (which happens 13 % of the
    // time: 0.82^10) shows nothing: the bounds have no width, and neither side is decided.
    for (const n of [2, 10, 40, 58]) {
      const b = oneSidedBounds(Array<number>(n).fill(0), 0.95);
      expect(b).toMatchObject({ mean: 0, low: 0, high: 0, spreadless: true });
      expect(verdictOf(b, '<=', 0.1)).toBe('undecided');
      expect(verdictOf(b, '>=', 0.1)).toBe('undecided');
    }
    const enough = oneSidedBounds(Array<number>(59).fill(0), 0.95);
    expect(verdictOf(enough, '<=', 0.1)).toBe('meets');
    expect(verdictOf(enough, '>=', 0.1)).toBe('fails');
    // One value apart is a spread: the t-bounds decide as ever.
    const spread = oneSidedBounds([...Array<number>(9).fill(0), 1], 0.95);
    expect(spread.spreadless).toBe(false);
    expect(verdictOf(spread, '<=', 1)).toBe('meets');
    // Values that differ by rounding alone agree: a connection held at its limit of 3000 kW peaks at
    // 2999.999999999999 in one replication of sixteen, and bounds of 3000 ± 10⁻¹³ say no more.
    const held = oneSidedBounds([...Array<number>(15).fill(3000), 2999.999999999999], 0.95);
    expect(held.spreadless).toBe(true);
    expect(verdictOf(held, '<=', 3000)).toBe('undecided');
    expect(oneSidedBounds([...Array<number>(58).fill(3000), 2999.999999999999], 0.95).spreadless).toBe(false);
    expect(oneSidedBounds([...Array<number>(15).fill(3000), 2999.9], 0.95).spreadless).toBe(false);
    // Whatever their sign: a margin of −12,345,678.9 in one replication and an ulp (1.9e-9) above
    // it in another agree as much as the same figures above 0 do.
    expect(oneSidedBounds([12345678.9, 12345678.899999999], 0.95).spreadless).toBe(true);
    expect(oneSidedBounds([-12345678.9, -12345678.899999999], 0.95).spreadless).toBe(true);
    // At 90 % confidence 22 agreeing values are enough.
    expect(oneSidedBounds(Array<number>(21).fill(1), 0.9).spreadless).toBe(true);
    expect(oneSidedBounds(Array<number>(22).fill(1), 0.9).spreadless).toBe(false);
  });

  test('no bounds below two values', () => {
    expect(oneSidedBounds([4], 0.95)).toEqual({ mean: 4, n: 1, low: NaN, high: NaN, spreadless: false });
    expect(oneSidedBounds([], 0.95).n).toBe(0);
  });
});

describe('verdicts', () => {
  const b = { mean: 0.1, n: 10, low: 0.08, high: 0.12, spreadless: false };
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
    expect(verdictOf({ mean: 0.1, n: 1, low: NaN, high: NaN, spreadless: false }, '<=', 1)).toBe('undecided');
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
    expect(precise(summarise(Array<number>(59).fill(0)), { metric: 'x', relative: true, value: 0.01 })).toBe(true);
    expect(precise(summarise([-1, 0, 1]), { metric: 'x', relative: true, value: 0.5 })).toBe(false);
  });

  test('values that agree are precise only from 59 of them, or for a metric the same in every replication by its definition', () => {
    const absolute = { metric: 'x', relative: false, value: 0.5 };
    expect(precise(summarise(Array<number>(58).fill(2)), absolute)).toBe(false);
    expect(precise(summarise(Array<number>(59).fill(2)), absolute)).toBe(true);
    expect(precise(summarise([2, 2, 2]), absolute, true)).toBe(true);
    expect(precise(summarise(Array<number>(10).fill(0)), { metric: 'x', relative: true, value: 0.1 })).toBe(false);
  });
});

describe('pairsAgree', () => {
  test('paired differences agreeing on a value other than 0, fewer than the confidence needs, say nothing', () => {
    expect(pairsAgree(summarise([-2, -2]), 5, 0.95)).toBe(true);
    expect(pairsAgree(summarise(Array<number>(58).fill(-2)), 5, 0.95)).toBe(true);
    expect(pairsAgree(summarise(Array<number>(59).fill(-2)), 5, 0.95)).toBe(false);
    expect(pairsAgree(summarise(Array<number>(21).fill(-2)), 5, 0.9)).toBe(true);
    expect(pairsAgree(summarise(Array<number>(22).fill(-2)), 5, 0.9)).toBe(false);
    // A spread decides as ever; a difference of 0, or of rounding noise beside the quantities, claims none.
    expect(pairsAgree(summarise([-2, -3]), 5, 0.95)).toBe(false);
    expect(pairsAgree(summarise([0, 0, 0]), 5, 0.95)).toBe(false);
    expect(pairsAgree(summarise([4e-10, 4e-10]), 481517, 0.95)).toBe(false);
    // Rounding noise in the spread is none: 109.6 in each pair, one of them an ulp off.
    expect(pairsAgree(summarise([109.58904109589041, 109.58904109589039]), 328, 0.95)).toBe(true);
  });
});

