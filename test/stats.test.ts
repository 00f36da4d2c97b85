import { describe, expect, test } from '@jest/globals';
import { quantileSorted, sampleVariance } from 'simple-statistics';
import { LogHistogram } from '../src/stats/histogram.js';
import { SignalRecorder, type IntervalRow } from '../src/stats/signals.js';
import { summarise, tQuantile975 } from '../src/stats/summary.js';
import { Welford } from '../src/stats/welford.js';

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

  test('empty gives NaN', () => {
    expect(new LogHistogram().quantile(0.5)).toBeNaN();
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
  });
});

describe('SignalRecorder', () => {
  test('window integrals count only the part of each span inside the window', () => {
    const w = new SignalRecorder(1000, 10, 20);
    w.hold(5, 50, 7, 0, 12); // 2 minutes inside
    w.hold(1, 10, 3, 12, 25); // 8 minutes inside
    w.hold(100, 1000, 100, 25, 30); // outside: must not count towards the maximum either
    expect(w.totalA).toBe(5 * 2 + 1 * 8);
    expect(w.totalB).toBe(50 * 2 + 10 * 8);
    expect(w.totalC).toBe(7 * 2 + 3 * 8);
    expect(w.meanA).toBeCloseTo(1.8, 12);
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
});
