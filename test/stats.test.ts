import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { quantileSorted, sampleVariance } from 'simple-statistics';
import { SimulationError } from '../src/errors.js';
import { LogHistogram, RankHistogram } from '../src/stats/histogram.js';
import { SignalRecorder, windowOverlap, type IntervalRow, type SpanLimit } from '../src/stats/signals.js';
import { summarise, tQuantile975 } from '../src/stats/summary.js';
import { possibleState, VectorSummary, type SlotState } from '../src/stats/vector-summary.js';
import { Welford } from '../src/stats/welford.js';

/** Test values: a fifth exactly zero, the rest spread over six decades. */
function spread(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : Math.exp(((i * 7919) % 1000) / 100) * 1e-3));
}
const countAtMost = (xs: readonly number[], x: number) => xs.filter((v) => v <= x).length;

describe('Welford', () => {
  test('matches the two-pass mean and variance, also far from zero', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => 1e9 + Math.sin(i) * 3);
    const w = new Welford();
    xs.forEach((x) => w.add(x));
    expect(w.mean).toBeCloseTo(xs.reduce((s, x) => s + x, 0) / xs.length, 4);
    expect(w.variance / sampleVariance(xs)).toBeCloseTo(1, 6);
  });

  test('variance is undefined below two observations', () => {
    const w = new Welford();
    w.add(3);
    expect(w.variance).toBeNaN();
  });
});

/** From a few values to more than a histogram keeps listed (4,096): both ways of reading. */
const manyOf = (value: fc.Arbitrary<number>) => fc.integer({ min: 1, max: 9000 }).chain((n) => fc.array(value, { minLength: n, maxLength: n }));

/** Adds the values, compacting every so many, as a run does between slices (above 4,096 listed, into buckets). */
function addCompactingEvery(h: { add(x: number): void; compact(): void }, xs: readonly number[], every: number): void {
  xs.forEach((x, i) => {
    h.add(x);
    if ((i + 1) % every === 0) h.compact();
  });
}

describe('LogHistogram', () => {
  test('quantiles within 0.05 % of the exact lower quantile; zeros exact', () => {
    const xs: number[] = [];
    for (let i = 0; i < 20000; i++) xs.push(i % 5 === 0 ? 0 : Math.exp(((i * 7919) % 1000) / 100) * 1e-3);
    const h = new LogHistogram();
    xs.forEach((x) => h.add(x));
    const sorted = [...xs].sort((a, b) => a - b);
    for (const p of [0.1, 0.2, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
      const got = h.quantile(p);
      if (exact === 0) expect(got).toBe(0);
      else expect(Math.abs(got / exact - 1)).toBeLessThan(5e-4);
    }
    expect(h.quantile(0.5)).toBeCloseTo(quantileSorted(sorted, 0.5), 1);
  });

  test('a quantile never lies beyond the values: waits of 0 and exactly 15 minutes give a p50 and p95 of 15, not 15.0014', () => {
    for (const n of [2, 5000]) {
      // 5000 values pass LIST_MAX, so compact moves them into the counters
      const h = new LogHistogram();
      h.add(0);
      for (let i = 0; i < n; i++) h.add(15);
      h.compact();
      expect(h.quantile(0.5)).toBe(15);
      expect(h.quantile(0.95)).toBe(15);
      expect(h.quantile(1)).toBe(15);
      expect(h.quantile(0)).toBe(0);
    }
    const low = new LogHistogram();
    [2.0001, 100].forEach((x) => low.add(x)); // its bucket's midpoint, 2.0000126, lies below 2.0001
    expect(low.quantile(0.5)).toBe(2.0001);
  });

  test('empty gives NaN', () => {
    expect(new LogHistogram().quantile(0.5)).toBeNaN();
    expect(new LogHistogram().cdf(1)).toBeNaN();
  });

  test('countAtMost(x) lies between the exact counts at x and x · 1.001; zeros exact', () => {
    const xs = spread(20000);
    const h = new LogHistogram();
    xs.forEach((x) => h.add(x));
    for (const x of [1e-3, 0.0123, 0.5, 1, 2.5, 10, 15, 100, 1000, 22026]) {
      const got = h.countAtMost(x);
      expect(got).toBeGreaterThanOrEqual(countAtMost(xs, x));
      expect(got).toBeLessThanOrEqual(countAtMost(xs, x * 1.001));
    }
    expect(h.countAtMost(0)).toBe(countAtMost(xs, 0));
    expect(h.countAtMost(-1)).toBe(0);
    expect(h.countAtMost(Infinity)).toBe(xs.length);
    expect(h.cdf(1e9)).toBe(1);
  });

  test('values equal to a threshold all count as at most it: whole-minute waits give an exact CDF', () => {
    const waits = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 481); // whole minutes 0..480
    for (const listed of [true, false]) {
      const h = new LogHistogram();
      waits.forEach((w) => h.add(w));
      if (!listed) h.compact(); // the same answers once the values are in the counters
      const grid = Array.from({ length: 481 }, (_, x) => x);
      expect(h.countsAtMost(grid)).toEqual(grid.map((x) => countAtMost(waits, x)));
    }
  });

  test('the CDF agrees with the quantiles: cdf(quantile(p)) >= p', () => {
    const h = new LogHistogram();
    spread(5000).forEach((x) => h.add(x));
    for (const p of [0.05, 0.2, 0.5, 0.9, 0.95, 1]) expect(h.cdf(h.quantile(p))).toBeGreaterThanOrEqual(p);
  });

  test('quantiles and counts read from how many values each bucket holds, whether few values were added or many', () => {
    // Worked out directly: bucket k holds the positive values x with floor(ln x / ln 1.001) = k.
    const G = Math.log1p(0.001);
    const bucket = (x: number) => Math.floor(Math.log(x) / G);
    const value = fc.oneof(fc.constant(0), fc.constant(15), fc.double({ min: 14.9, max: 15.1, noNaN: true }), fc.double({ min: 1e-6, max: 1e4, noNaN: true }));
    fc.assert(
      fc.property(
        manyOf(value),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 9000 }),
        (xs, ps, every) => {
          const h = new LogHistogram();
          addCompactingEvery(h, xs, every);
          const zeros = xs.filter((x) => !(x > 0)).length;
          const ks = xs.filter((x) => x > 0).map(bucket).sort((a, b) => a - b);
          const quantile = (p: number) => {
            const rank = Math.max(1, Math.ceil(p * xs.length));
            const positive = xs.filter((x) => x > 0);
            const mid = rank <= zeros ? 0 : Math.exp((ks[rank - zeros - 1] + 0.5) * G);
            return mid === 0 ? 0 : Math.min(Math.max(mid, Math.min(...positive)), Math.max(...positive));
          };
          const atMost = (x: number) => zeros + ks.filter((b) => b <= bucket(x)).length; // x's bucket counts whole
          expect(ps.map((p) => h.quantile(p))).toEqual(ps.map(quantile));
          // Thresholds anywhere, and at values added (each then counted with its whole bucket).
          const thresholds = [...ps.map((p) => p * 20), ...xs.slice(0, 5), 15].filter((x) => x > 0).sort((a, b) => a - b);
          expect(h.countsAtMost(thresholds)).toEqual(thresholds.map(atMost));
          expect(thresholds.map((x) => h.countAtMost(x))).toEqual(thresholds.map(atMost));
        },
      ),
      { numRuns: 40 },
    );
  });

  test('countsAtMost gives countAtMost of every threshold, in one pass', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e4, noNaN: true })), { maxLength: 200 }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2e4, noNaN: true })), { maxLength: 50 }),
        (xs, thresholds) => {
          const h = new LogHistogram();
          xs.forEach((x) => h.add(x));
          const t = [...thresholds].sort((a, b) => a - b);
          expect(h.countsAtMost(t)).toEqual(t.map((x) => h.countAtMost(x)));
        },
      ),
    );
  });

  test('countsAtMost of thresholds out of order throws', () => {
    const h = new LogHistogram();
    h.add(1);
    expect(() => h.countsAtMost([2, 1])).toThrow(SimulationError);
  });
});

describe('RankHistogram', () => {
  test('each rank within 0.1 % of the exact order statistic; extremes and zeros exact', () => {
    const xs = spread(20000);
    const h = new RankHistogram();
    xs.forEach((x) => h.add(x));
    const sorted = [...xs].sort((a, b) => a - b);
    for (const r of [1, 2, 100, 4000, 4001, 9999, 10000, 15000, 19999, 20000]) {
      const exact = sorted[r - 1];
      const got = h.atRank(r);
      if (exact === 0) expect(got).toBe(0);
      else expect(Math.abs(got / exact - 1)).toBeLessThan(1e-3);
    }
    expect(h.atRank(20000)).toBe(sorted[19999]);
    expect(h.atRank(4001)).toBe(sorted[4000]); // the smallest positive value
  });

  test('a value repeated throughout its bucket reads exactly (power held at a limit)', () => {
    const h = new RankHistogram();
    for (let i = 0; i < 50; i++) h.add(2000);
    h.add(1999.5); // same bucket, below
    h.add(100);
    expect([h.atRank(52), h.atRank(3), h.atRank(2), h.atRank(1)]).toEqual([2000, 2000, 1999.5, 100]);
  });

  test('ranks are monotone; bad ranks throw; a clone is independent', () => {
    const h = new RankHistogram();
    spread(3000).forEach((x) => h.add(x));
    const ranked = Array.from({ length: 3000 }, (_, i) => h.atRank(i + 1));
    expect(ranked.every((v, i) => i === 0 || v >= ranked[i - 1])).toBe(true);
    expect(() => h.atRank(0)).toThrow(SimulationError);
    expect(() => h.atRank(3001)).toThrow(SimulationError);
    const c = h.clone();
    c.add(1e6);
    expect([h.count, c.count, h.atRank(3000) < 1e6, c.atRank(3001)]).toEqual([3000, 3001, true, 1e6]);
  });

  test("every rank reads from its bucket's count, smallest and largest value, whether few values were added or many", () => {
    // The reading worked out directly: the positive values sorted, a bucket being the values with
    // the same exponent and top 10 bits of mantissa (the high 32 bits of the double, less 10).
    const bucket = (x: number) => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x);
      return view.getUint32(0) >>> 10;
    };
    // Every rank's reading, from the values sorted once.
    const expected = (xs: readonly number[]): number[] => {
      const zeros = xs.filter((x) => !(x > 0)).length;
      const pos = xs.filter((x) => x > 0).sort((a, b) => a - b);
      const out: number[] = new Array(zeros).fill(0);
      for (let start = 0; start < pos.length; ) {
        let end = start + 1;
        while (end < pos.length && bucket(pos[end]) === bucket(pos[start])) end++;
        const c = end - start;
        for (let j = start; j < end; j++) out.push(c === 1 ? pos[start] : pos[start] + ((pos[end - 1] - pos[start]) * (j - start)) / (c - 1));
        start = end;
      }
      return out;
    };
    const value = fc.oneof(fc.constant(0), fc.constant(2000), fc.double({ min: 1999, max: 2001, noNaN: true }), fc.double({ min: 1e-6, max: 1e5, noNaN: true }));
    fc.assert(
      fc.property(
        manyOf(value),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 9000 }),
        (xs, picks, every) => {
          const h = new RankHistogram();
          addCompactingEvery(h, xs, every);
          const want = expected(xs);
          const all = Array.from({ length: xs.length }, (_, i) => i + 1);
          expect(h.atRanks(all)).toEqual(want);
          const ranks = [...new Set(picks.map((p) => (p % xs.length) + 1).concat([1, xs.length]))];
          expect(ranks.map((r) => h.atRank(r))).toEqual(ranks.map((r) => want[r - 1]));
          // Values added after ranks were read (the sorted values stay right), compacted or not.
          h.add(xs[0]);
          if (every % 2 === 0) h.compact();
          expect(h.atRanks([...all, xs.length + 1])).toEqual(expected([...xs, xs[0]]));
        },
      ),
      { numRuns: 40 },
    );
  });

  test('atRanks gives atRank of every rank, in one pass', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 300 }), (xs) => {
        const h = new RankHistogram();
        xs.forEach((x) => h.add(x));
        const ranks = Array.from({ length: h.count }, (_, i) => i + 1);
        expect(h.atRanks(ranks)).toEqual(ranks.map((r) => h.atRank(r)));
        expect(h.atRanks([h.count, h.count])).toEqual([h.atRank(h.count), h.atRank(h.count)]);
      }),
    );
    const h = new RankHistogram();
    h.add(1);
    h.add(2);
    expect(() => h.atRanks([2, 1])).toThrow(SimulationError);
  });
});

describe('summarise', () => {
  test('t-based 95 % interval: n = 3 uses t(0.975, 2) = 4.3027', () => {
    expect(tQuantile975(2)).toBeCloseTo(4.302653, 5);
    const s = summarise([9, 10, 11]);
    expect(s.mean).toBe(10);
    expect(s.sd).toBe(1);
    expect(s.ci95High - s.mean).toBeCloseTo(4.302653 / Math.sqrt(3), 5);
    expect(s.n).toBe(3);
  });

  test('undefined values are skipped; one value has no interval; none has nothing', () => {
    expect(summarise([NaN, 4, NaN, 6]).n).toBe(2);
    expect(summarise([5]).ci95Low).toBeNaN();
    expect(summarise([NaN]).mean).toBeNaN();
    expect(summarise([NaN]).p50).toBeNaN();
  });

  test('equal values average to themselves, with an sd of exactly 0; a mean never lies past the values', () => {
    // A plain sum / n gives 10684.931506849312 for the first (below every value, sd 2e-12).
    for (const [x, n] of [[10684.931506849314, 25], [21666.666666666664, 27], [771246.0372612921, 3], [771246.0372612921, 11]]) {
      const s = summarise(Array<number>(n).fill(x));
      expect([s.mean, s.sd, s.ci95Low, s.ci95High]).toEqual([x, 0, x, x]);
    }
  });

  test('range and percentiles by linear interpolation (type 7): position (n − 1)·p', () => {
    // 1..5: p05 at position 0.2 → 1.2; p50 at 2 → 3; p95 at 3.8 → 4.8.
    const s = summarise([5, NaN, 1, 4, 2, 3]);
    expect([s.min, s.p05, s.p50, s.p95, s.max]).toEqual([1, 1.2, 3, 4.8, 5]);
    expect(s.p05).toBeCloseTo(quantileSorted([1, 2, 3, 4, 5], 0.05), 12);
    const one = summarise([7]);
    expect([one.min, one.p05, one.p50, one.p95, one.max]).toEqual([7, 7, 7, 7, 7]);
  });
});

describe('VectorSummary', () => {
  const rows = [
    [1, NaN, 10, 0],
    [2, NaN, 12, 0],
    [4, 3, NaN, 0],
    [9, NaN, 11, 0],
  ];

  test('slot by slot as summarise gives it: NaN skipped, the same t interval, min and max', () => {
    const v = new VectorSummary(4);
    rows.forEach((r) => v.add(Float64Array.from(r)));
    expect(v.count).toBe(4);
    for (let i = 0; i < 4; i++) {
      const got = v.summary(i);
      const want = summarise(rows.map((r) => r[i]));
      for (const k of ['mean', 'sd', 'ci95Low', 'ci95High', 'min', 'max'] as const) {
        if (Number.isNaN(want[k])) expect(got[k]).toBeNaN();
        else expect(got[k]).toBeCloseTo(want[k], 12);
      }
      expect(got.n).toBe(want.n);
    }
    expect(v.summary(1)).toEqual({ mean: 3, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 1, min: 3, max: 3 });
    expect(v.summary(3).sd).toBe(0);
  });

  test('each value is taken to the nearest multiple of 2^-32: a mean is off by at most half of one', () => {
    // 2/3 lies two-thirds of the way between two multiples: cut short rather than rounded, each
    // would be two-thirds of a multiple low, and so would the mean of 999 of them and a 1.
    const v = new VectorSummary(1);
    for (let i = 0; i < 999; i++) v.add(Float64Array.of(2 / 3));
    v.add(Float64Array.of(1));
    expect(Math.abs(v.summary(0).mean - (999 * (2 / 3) + 1) / 1000)).toBeLessThanOrEqual(2 ** -33);
  });

  test('exact sums stay accurate far from zero', () => {
    const v = new VectorSummary(1);
    const xs = Array.from({ length: 1000 }, (_, i) => 1e9 + Math.sin(i) * 3);
    xs.forEach((x) => v.add([x]));
    expect(v.summary(0).sd ** 2 / sampleVariance(xs)).toBeCloseTo(1, 9);
    // The reference sums the small offsets from 1e9, which loses nothing.
    expect(v.summary(0).mean).toBeCloseTo(1e9 + xs.reduce((a, x) => a + (x - 1e9), 0) / xs.length, 6);
  });

  test('any order, and any split into parts merged later, gives the same bits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.constant(NaN)), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (vectors, cut) => {
          const whole = new VectorSummary(3);
          vectors.forEach((x) => whole.add(x));
          const reversed = new VectorSummary(3);
          [...vectors].reverse().forEach((x) => reversed.add(x));
          const k = cut % (vectors.length + 1);
          const a = new VectorSummary(3);
          const b = new VectorSummary(3);
          vectors.slice(0, k).forEach((x) => a.add(x));
          vectors.slice(k).forEach((x) => b.add(x));
          const merged = new VectorSummary(3);
          merged.merge([0, 1, 2].map((i) => b.state(i)), b.count);
          merged.merge([0, 1, 2].map((i) => a.state(i)), a.count);
          for (let i = 0; i < 3; i++) {
            expect(reversed.summary(i)).toEqual(whole.summary(i));
            expect(merged.summary(i)).toEqual(whole.summary(i));
          }
          expect(merged.count).toBe(whole.count);
        },
      ),
    );
  });

  test('a mean is never past its own extremes, which the 2^-32 rounding of the values could put it', () => {
    const v = new VectorSummary(2);
    for (let r = 0; r < 40; r++) v.add(Float64Array.of(1234.567, 0.1));
    for (const i of [0, 1]) {
      const s = v.summary(i);
      expect(s.mean).toBeLessThanOrEqual(s.max);
      expect(s.mean).toBeGreaterThanOrEqual(s.min);
    }
    expect(v.summary(0).mean).toBe(1234.567);
  });

  test('the same vectors in the same order give the same bits; a vector or states of the wrong length throw', () => {
    const a = new VectorSummary(4);
    const b = new VectorSummary(4);
    rows.forEach((r) => a.add(Float64Array.from(r)));
    rows.forEach((r) => b.add(r));
    for (let i = 0; i < 4; i++) expect(Object.is(a.summary(i).sd, b.summary(i).sd) && Object.is(a.summary(i).mean, b.summary(i).mean)).toBe(true);
    expect(() => a.add([1, 2])).toThrow(SimulationError);
    expect(() => a.summary(4)).toThrow(SimulationError);
    expect(() => a.merge([0, 1].map((i) => b.state(i)), b.count)).toThrow(SimulationError);
  });

  test('negative values count in full: slot by slot as summarise gives them', () => {
    // A battery discharging, a margin below zero: the sums must take the sign along.
    const rows = [
      [-1, -2.5, 3],
      [-4, 0, -6],
      [-7, 2.5, 3],
    ];
    const v = new VectorSummary(3);
    rows.forEach((r) => v.add(r));
    for (let i = 0; i < 3; i++) {
      const got = v.summary(i);
      const want = summarise(rows.map((r) => r[i]));
      for (const k of ['mean', 'sd', 'ci95Low', 'ci95High', 'min', 'max'] as const) expect(got[k]).toBeCloseTo(want[k], 12);
    }
    expect([v.summary(0).mean, v.summary(1).mean, v.summary(2).mean]).toEqual([-4, 0, 0]);
    expect(v.summary(0).sd).toBe(3);
  });

  test('a slot that never held a value reads as summarise reads none; an infinite value, and a slot that is no slot, throw', () => {
    const v = new VectorSummary(2);
    v.add([NaN, 1]);
    v.add([NaN, 2]);
    expect(v.summary(0)).toEqual({ mean: NaN, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 0, min: NaN, max: NaN });
    expect(() => v.add([1, Infinity])).toThrow(SimulationError);
    expect(() => v.add([-Infinity, 1])).toThrow(SimulationError);
    for (const i of [-1, 2, 0.5]) {
      expect(() => v.summary(i)).toThrow(SimulationError);
      expect(() => v.state(i)).toThrow(SimulationError);
    }
  });
});

describe('possibleState', () => {
  // Sums written in whole values (and squares of them), held as a state holds them: in units of 2^-32 (and of 2^-64).
  const U = 2n ** 32n;
  const state = (n: number, sum: bigint, sumSq: bigint, min: number, max: number): SlotState => ({ n, sum: sum * U, sumSq: sumSq * U * U, min, max });

  test('every state that add makes is possible', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.constant(NaN), fc.constant(0)), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }), (vectors) => {
        const v = new VectorSummary(2);
        vectors.forEach((x) => v.add(x));
        for (const i of [0, 1]) if (v.state(i).n > 0) expect(possibleState(v.state(i))).toBe(true);
      }),
    );
  });

  test('sums at the very ends of what values in the range give are possible', () => {
    expect(possibleState(state(2, 4n, 10n, 1, 3))).toBe(true); // 1 and 3
    expect(possibleState(state(2, 4n, 8n, 2, 2))).toBe(true); // 2 twice: every bound holds with equality
    expect(possibleState(state(3, 3n, 3n, 1, 3))).toBe(true); // 1 three times: the mean at the range's foot
    expect(possibleState(state(3, 9n, 27n, 1, 3))).toBe(true); // 3 three times: at its top
    expect(possibleState(state(2, -6n, 18n, -3, 1))).toBe(true); // -3 twice: squares from the range's foot
  });

  test('sums that no values in the range give are not, each bound on its own', () => {
    // Two values in [1, 3]: a sum of 1 is a mean below the range; the square sum is no bar.
    expect(possibleState(state(2, 1n, 1n, 1, 3))).toBe(false);
    // Two values in [-3, 1]: a sum of 3 is a mean above the range, though squares of up to 9 allow it.
    expect(possibleState(state(2, 3n, 5n, -3, 1))).toBe(false);
    // Two values in [1, 3] summing to 4: a square sum of 7 is below 4²/2, a negative variance.
    expect(possibleState(state(2, 4n, 7n, 1, 3))).toBe(false);
    // ... and one of 19 is above 2 × 3², more than two values of at most 3 in size can have.
    expect(possibleState(state(2, 4n, 19n, 1, 3))).toBe(false);
  });

  test('no values, a range past any value, or a range upside down is no state add makes', () => {
    expect(possibleState(state(0, 0n, 0n, 1, 1))).toBe(false);
    expect(possibleState(state(1, 0n, 0n, -Infinity, 0))).toBe(false);
    expect(possibleState(state(1, 0n, 0n, 0, Infinity))).toBe(false);
    expect(possibleState(state(1, 0n, 0n, NaN, 0))).toBe(false);
    // Ends that meet in the same unit of 2^-32, the wrong way round.
    expect(possibleState(state(1, 1n, 1n, 1 + 2 ** -40, 1))).toBe(false);
  });
});

describe('SignalRecorder', () => {
  test("intervalEnd is the end, as the rows reckon it, of the interval that holds t: t itself at a row's end", () => {
    for (const width of [1.1, 7.3, 15, 13.7]) {
      const r = new SignalRecorder(width, 0, 100);
      for (let k = 1; k <= 2000; k++) {
        const end = k * width; // as `flush` reckons a row's end
        expect([k, r.intervalEnd(end)]).toEqual([k, end]);
        const inside = end - width / 2;
        expect([k, r.intervalEnd(inside)]).toEqual([k, end]);
      }
    }
    // A quotient that rounds down onto a row's end: 63 / 0.7 is 90, but 90 × 0.7 falls short of 63,
    // so 63 lies in the row that ends at 91 × 0.7.
    expect(new SignalRecorder(0.7, 0, 100).intervalEnd(63)).toBe(91 * 0.7);
  });

  test('an interval that meets a window edge exactly is wholly inside, though rounding puts its end or start a hair past the edge', () => {
    // 7.2-minute intervals over a week: 1399 × 7.2 + 7.2 is 10080.000000000002, past the horizon.
    const week = new SignalRecorder(7.2, 0, 10080);
    week.hold(100, 0, 0, 0, 10072.8);
    week.hold(500, 0, 0, 10072.8, 10080);
    week.finish(10080);
    expect(week.peakMean).toBeCloseTo(500, 6);
    expect(week.intervalsA.count).toBe(1400);
    // 2.3-minute intervals from a warm-up of 55.2 minutes: 24 × 2.3 is 55.199999999999996, before it.
    const warm = 0.03833333333333334 * 1440;
    expect(warm).toBe(55.2);
    const late = new SignalRecorder(2.3, warm, 144, undefined, undefined, undefined, 1440);
    late.hold(100, 0, 0, 0, 55.2);
    late.hold(300, 0, 0, 55.2, 25 * 2.3);
    late.hold(100, 0, 0, 25 * 2.3, 144);
    late.finish(144);
    expect(late.peakMean).toBeCloseTo(300, 6);
    expect(late.periodPeaks![0]).toBeCloseTo(300, 6);
  });

  test('window integrals count only the part of each span inside the window', () => {
    const w = new SignalRecorder(1000, 10, 20);
    w.hold(5, 50, 7, 0, 12); // 2 minutes inside
    w.hold(1, 10, 3, 12, 25); // 8 minutes inside
    w.hold(100, 1000, 100, 25, 30); // outside: must not count towards the maximum either
    expect(w.totalA).toBe(5 * 2 + 1 * 8);
    expect(w.totalB).toBe(50 * 2 + 10 * 8);
    expect(w.totalC).toBe(7 * 2 + 3 * 8);
    expect(w.meanA).toBeCloseTo(1.8, 12);
    // Means over the window's 10 minutes, not over the time since 0.
    expect([w.meanB, w.meanC]).toEqual([18, 3.8]);
    expect(w.maxC).toBe(7);
  });

  test('interval means and maxima of a step signal; peak over intervals wholly inside the window', () => {
    const rows: IntervalRow[] = [];
    const r = new SignalRecorder(10, 10, 30, (row) => rows.push(row));
    r.hold(100, 1, 0, 0, 5);
    r.hold(300, 2, 1, 5, 25); // spans three intervals
    r.hold(0, 0, 0, 25, 40);
    r.finish(40);
    expect(rows.map((x) => x.start)).toEqual([0, 10, 20, 30]);
    expect(rows.map((x) => x.aMean)).toEqual([200, 300, 150, 0]);
    expect(rows.map((x) => x.aMax)).toEqual([300, 300, 300, 0]);
    expect(rows[0].bMean).toBe(1.5);
    expect(rows[2].cMean).toBe(0.5);
    expect(r.peakMean).toBe(300); // [0, 10) is outside the window [10, 30)
  });

  test("with no battery to charge, a's peak and means are bound by d's limit too: a peak the cabinets hold back is their total, not a hair above it", () => {
    // Held at 300 kW (a full 300 kW cabinet) over pieces whose sum rounds above 300 × 60.
    const run = (aWithinD: boolean) => {
      const rows: IntervalRow[] = [];
      const r = new SignalRecorder(60, 0, 60, (row) => rows.push(row), undefined, { a: Infinity, d: 300, aWithinD });
      let t = 0;
      for (const c of [1.26, 11.288, 54.003, 55.327, 60]) {
        r.hold(300, 0, 0, t, c);
        t = c;
      }
      r.finish(60);
      return { peak: r.peakMean, mean: r.meanA, row: rows[0].aMean, max: rows[0].aMax };
    };
    expect(run(true)).toEqual({ peak: 300, mean: 300, row: 300, max: 300 });
    // A battery charging from the grid may take a above d: then d's limit is not a's.
    expect(run(false).peak).toBe(300.00000000000006);
  });

  test('emitBeforeMin: only the intervals starting before it are handed out, as they would be without it', () => {
    const run = (emitBeforeMin?: number) => {
      const rows: IntervalRow[] = [];
      const r = new SignalRecorder(10, 10, 60, (row) => rows.push(row), undefined, undefined, 0, emitBeforeMin);
      r.extra(7, 0); // a battery's power, integrated only for the rows handed out
      r.hold(100, 1, 0, 0, 15);
      r.extra(-3, 15);
      r.hold(300, 2, 1, 15, 42);
      r.extra(5, 42);
      r.hold(50, 1, 2, 42, 70);
      r.finish(70);
      return { r, rows };
    };
    const all = run();
    const first = run(30);
    expect(all.rows.map((x) => x.start)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(first.rows).toEqual(all.rows.slice(0, 3));
    expect(all.rows.map((x) => x.fMean)).toEqual([7, 2, -3, -3, 3.4, 5, 5]);
    // What the window keeps does not depend on what is handed out.
    expect([first.r.totalA, first.r.peakMean, first.r.intervalsA.count]).toEqual([all.r.totalA, all.r.peakMean, all.r.intervalsA.count]);
  });

  test('a span that only touches the window holds no time inside it: its value is no maximum', () => {
    const w = new SignalRecorder(1000, 10, 20);
    w.hold(1, 1, 9, 0, 10); // ends where the window starts
    w.hold(1, 1, 3, 10, 20);
    w.hold(1, 1, 8, 20, 30); // starts where it ends
    expect([w.maxC, w.totalC]).toEqual([3, 30]);
  });

  test('f and the excess, like a, count nothing past the end of the recording: the interval the end cuts is averaged over its whole width', () => {
    const rows: IntervalRow[] = [];
    const r = new SignalRecorder(10, 0, 25, (row) => rows.push(row));
    r.extra(4, 0);
    r.hold(100, 0, 0, 0, 15);
    r.excess(10, 15); // still in force when the recording ends
    r.hold(100, 0, 0, 15, 25);
    r.finish(25);
    expect(rows.map((x) => [x.start, x.aMean, x.dMean, x.fMean])).toEqual([
      [0, 100, 100, 4],
      [10, 100, 105, 4],
      [20, 50, 55, 2],
    ]);
    expect(Array.from(r.cellF)).toEqual([4 * 25]);
    expect(r.meanD).toBe((100 * 25 + 10 * 10) / 25);
  });

  test("a's mean is held to its limit's mean over the interval and its maximum to the largest limit in force there; a varying level likewise", () => {
    // 100 kW over the first half hour, 200 kW over the second: over the hour a mean of at most 150
    // and a maximum of at most 200. The draw meets the limit throughout, in pieces whose sum rounds
    // above it, and one piece a sum of bays puts a hair above 200.
    const step: SpanLimit = {
      mean: (from, to) => (100 * windowOverlap(from, to, 0, 30) + 200 * windowOverlap(from, to, 30, 60)) / (to - from),
      largest: (from, to) => (to > 30 ? 200 : 100),
    };
    const run = (limits: ConstructorParameters<typeof SignalRecorder>[5]) => {
      const rows: IntervalRow[] = [];
      const r = new SignalRecorder(60, 0, 60, (row) => rows.push(row), undefined, limits);
      const spans: [number, number, number][] = [
        [100, 0, 30],
        [200, 30, 35.61],
        [200, 35.61, 57.256],
        [200.00000000000003, 57.256, 58.288],
        [200, 58.288, 60],
      ];
      for (const [a, from, to] of spans) r.hold(a, 0, 0, from, to);
      r.finish(60);
      return { mean: rows[0].aMean, max: rows[0].aMax, peak: r.peakMean, window: r.meanA };
    };
    // Unheld, rounding shows: the reason for what follows.
    expect(run(undefined).mean).toBeGreaterThan(150);
    expect(run(undefined).max).toBeGreaterThan(200);
    const held = { mean: 150, max: 200, peak: 150, window: 150 };
    expect(run({ a: step, d: Infinity })).toEqual(held);
    expect(run({ a: Infinity, d: Infinity, aLevel: step })).toEqual(held);
  });
});

describe('windowOverlap', () => {
  test('the part of a span inside a window; 0 for a span wholly before or after it, not a negative length', () => {
    expect([windowOverlap(5, 15, 10, 20), windowOverlap(12, 18, 10, 20), windowOverlap(0, 30, 10, 20)]).toEqual([5, 6, 10]);
    expect([windowOverlap(0, 5, 10, 20), windowOverlap(25, 30, 10, 20), windowOverlap(0, 10, 10, 20)]).toEqual([0, 0, 0]);
  });
});

describe('SignalRecorder: the excess signal and the periodic profile', () => {
  /** Spans of a (power), b, c over [0, 240) and an excess of 50 over [20, 100), then 10 over [130, 140). */
  function record(width: number, windowStart: number, windowEnd: number) {
    const rows: IntervalRow[] = [];
    const r = new SignalRecorder(width, windowStart, windowEnd, (row) => rows.push(row), { cellMin: 60, cells: 3 });
    const spans: [number, number, number, number, number][] = [
      [100, 1, 0, 0, 20],
      [300, 2, 1, 20, 100],
      [0, 0, 3, 100, 130],
      [200, 1, 0, 130, 140],
      [400, 2, 0, 140, 240],
    ];
    const excess: Record<number, number> = { 20: 50, 100: 0, 130: 10, 140: 0 };
    for (const [a, b, c, from, to] of spans) {
      // As a hub does: the signals are brought up to `from`, then what changed at `from` is recorded.
      if (excess[from] !== undefined) r.excess(excess[from], from);
      r.hold(a, b, c, from, to);
    }
    r.finish(240);
    return { r, rows };
  }

  test('d = a + excess: interval means, window mean, peak and distribution', () => {
    const { r, rows } = record(20, 0, 240);
    expect(rows.map((x) => x.dMean - x.aMean)).toEqual([0, 50, 50, 50, 50, 0, 5, 0, 0, 0, 0, 0]);
    expect(r.meanD - r.meanA).toBeCloseTo((50 * 80 + 10 * 10) / 240, 12);
    // d's interval means: 100, 350 × 4, 0, 105, 400 × 5.
    expect(r.peakMeanD).toBe(400);
    expect([1, 2, 3, 4, 8, 9, 12].map((k) => r.intervalsD.atRank(k))).toEqual([0, 100, 105, 350, 400, 400, 400]);
    expect([1, 2, 3, 4, 8].map((k) => r.intervalsA.atRank(k))).toEqual([0, 100, 100, 300, 400]);
  });

  test('no excess ever: d is a, and shares its distribution', () => {
    const r = new SignalRecorder(15, 0, 60);
    r.hold(100, 0, 0, 0, 60);
    r.finish(60);
    expect([r.meanD, r.peakMeanD, r.intervalsD]).toEqual([r.meanA, r.peakMean, r.intervalsA]);
  });

  test('cells by whole interval and by split span agree, sum to the window totals, and expose exact minutes', () => {
    // Width 20 tiles the 60-minute cells and the window [0, 240): cells are credited by interval.
    // Width 7 does not: spans are split at cell boundaries. Cells repeat every 180 minutes.
    const tiled = record(20, 0, 240).r;
    const split = record(7, 0, 240).r;
    // Cell 0 holds [0, 60) and [180, 240); cell 1 [60, 120); cell 2 [120, 180).
    const expectA = [100 * 20 + 300 * 40 + 400 * 60, 300 * 40 + 0 * 20, 0 * 10 + 200 * 10 + 400 * 40];
    for (const rec of [tiled, split]) {
      expect(Array.from(rec.cellA)).toEqual(expectA);
      expect(Array.from(rec.cellE)).toEqual([50 * 40, 50 * 40, 10 * 10]);
      expect(Array.from(rec.cellC)).toEqual([1 * 40, 1 * 40 + 3 * 20, 3 * 10]);
      expect(rec.cellA.reduce((s, x) => s + x, 0)).toBe(rec.totalA);
      expect(Array.from(rec.cellD())).toEqual(expectA.map((a, k) => a + [2000, 2000, 100][k]));
      expect(Array.from(rec.cellExposure())).toEqual([120, 60, 60]);
    }
  });

  test('a window cutting cells: only its part counts, and exposure says how much', () => {
    const r = record(7, 50, 200).r; // window [50, 200): cell 0 holds [50, 60) and [180, 200)
    expect(Array.from(r.cellExposure())).toEqual([30, 60, 60]);
    expect(r.cellA[0]).toBe(300 * 10 + 400 * 20);
    expect(r.cellA.reduce((s, x) => s + x, 0)).toBe(r.totalA);
  });

  test('a window that whole intervals do not tile, at its start or at its end: its part-intervals are credited to their cells too', () => {
    // Width 20 tiles the cells, but not [50, 240) nor [0, 230): spans are split at cell boundaries.
    const late = record(20, 50, 240).r; // cell 0 holds [50, 60) and [180, 240)
    expect(Array.from(late.cellA)).toEqual([300 * 10 + 400 * 60, 300 * 40, 200 * 10 + 400 * 40]);
    expect(Array.from(late.cellE)).toEqual([50 * 10, 50 * 40, 10 * 10]);
    const early = record(20, 0, 230).r; // cell 0 holds [0, 60) and [180, 230)
    expect(Array.from(early.cellA)).toEqual([100 * 20 + 300 * 40 + 400 * 50, 300 * 40, 200 * 10 + 400 * 40]);
    for (const r of [late, early]) expect(r.cellA.reduce((s, x) => s + x, 0)).toBe(r.totalA);
  });

  test('the excess and f are credited to the cells of every occurrence of the profile, by interval and by split span alike', () => {
    // Two 60-minute cells, repeating every 120 minutes: [130, 180) is cell 0's second occurrence
    // and [180, 200) cell 1's.
    for (const width of [20, 7]) {
      const r = new SignalRecorder(width, 0, 240, undefined, { cellMin: 60, cells: 2 });
      r.hold(100, 0, 0, 0, 130);
      r.excess(10, 130);
      r.extra(-5, 130);
      r.hold(100, 0, 0, 130, 200);
      r.excess(0, 200);
      r.extra(0, 200);
      r.hold(100, 0, 0, 200, 240);
      r.finish(240);
      expect([width, Array.from(r.cellE), Array.from(r.cellF)]).toEqual([width, [10 * 50, 10 * 20], [-5 * 50, -5 * 20]]);
      expect(r.totalE).toBe(10 * 70);
    }
  });

  test('the rows show d in the warm-up too: only the window statistics leave it out', () => {
    const rows = (windowStart: number) => {
      const out: IntervalRow[] = [];
      const r = new SignalRecorder(20, windowStart, 240, (row) => out.push(row));
      r.hold(100, 0, 0, 0, 20);
      r.excess(50, 20);
      r.hold(300, 0, 0, 20, 100);
      r.excess(0, 100);
      r.hold(100, 0, 0, 100, 240);
      r.finish(240);
      return { d: out.map((x) => x.dMean - x.aMean), meanD: r.meanD };
    };
    const warm = rows(60);
    expect(warm.d).toEqual([0, 50, 50, 50, 50, 0, 0, 0, 0, 0, 0, 0]);
    expect(warm.d).toEqual(rows(0).d);
    // Inside [60, 240): d is 350 over [60, 100) and 100 elsewhere.
    expect(warm.meanD).toBeCloseTo((350 * 40 + 100 * 140) / 180, 12);
  });
});

describe('LogHistogram once its values are in the counters', () => {
  test('1..10, each 500 times, compacted: the lower quantiles are the values themselves, to a bucket midpoint', () => {
    const h = new LogHistogram();
    for (let v = 1; v <= 10; v++) for (let j = 0; j < 500; j++) h.add(v);
    h.compact(); // the 5,000 listed values move into the counters, as a long run's do
    // The smallest v with at least ceil(p·n) values <= v: 2,500 values are <= 5, so the median is 5.
    const near = (p: number, want: number) => expect([p, Math.abs(h.quantile(p) / want - 1) < 5e-4]).toEqual([p, true]);
    near(0.5, 5);
    near(0.1, 1);
    near(0.2, 2);
    near(0.9, 9);
  });
});

describe('SignalRecorder billing periods', () => {
  test('run from the window start, not from time 0', () => {
    // Window [60, 180), 15-minute intervals, 60-minute periods: [60, 120) and [120, 180).
    const r = new SignalRecorder(15, 60, 180, undefined, undefined, undefined, 60);
    r.hold(0, 0, 0, 0, 60);
    r.hold(100, 0, 0, 60, 75); // the first period's only power: [60, 75) at 100 kW
    r.hold(0, 0, 0, 75, 120);
    r.hold(300, 0, 0, 120, 135); // the second period's: [120, 135) at 300 kW
    r.hold(0, 0, 0, 135, 180);
    r.finish(180);
    expect(Array.from(r.periodPeaks!)).toEqual([100, 300]);
    expect(r.peakMean).toBe(300);
  });
});
