import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { jStat } from '../src/jstat.js';
import { tQuantile, tTwoSided } from '../src/stats/student.js';

/** |x − want| within `rel` of want. */
const near = (x: number, want: number, rel: number) => expect(Math.abs(x - want)).toBeLessThanOrEqual(rel * Math.abs(want));

describe("Student's t quantiles", () => {
  test('match the closed forms at 1, 2 and 4 degrees of freedom to rounding', () => {
    for (const p of [0.6, 0.9, 0.95, 0.975, 0.99, 0.999]) {
      // 1: Cauchy, tan(π(p − ½)); 2: (2p − 1) / √(2p(1 − p)); 4: 2√(q − 1), q = cos(acos(√α)/3)/√α, α = 4p(1 − p).
      near(tQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-14);
      near(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-14);
      const alpha = 4 * p * (1 - p);
      near(tQuantile(p, 4), 2 * Math.sqrt(Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha) - 1), 1e-13);
    }
  });

  test('match an independent reference (scipy 1.17, t.ppf) to 1e-13, where jStat is off by up to 3e-8', () => {
    const reference: [number, number, number][] = [
      [0.975, 9, 2.262157162798205],
      [0.975, 30, 2.0422724563012378],
      [0.975, 99, 1.9842169515864174],
      [0.975, 1000, 1.9623390808264083],
      [0.95, 9, 1.833112932656237],
      [0.99, 30, 2.457261542400591],
    ];
    for (const [p, dof, want] of reference) near(tQuantile(p, dof), want, 1e-13);
    expect(Math.abs(jStat.studentt.inv(0.975, 1000) / 1.9623390808264083 - 1)).toBeGreaterThan(1e-8);
  });

  test("near p = 1, where the series' tail loses its digits, jStat's quantile is kept", () => {
    for (const [p, dof] of [[0.9999999, 9999], [0.999999999, 99_999], [1 - 1e-14, 99_999], [0.9999999999999999, 9]]) {
      expect(tQuantile(p, dof)).toBe(jStat.studentt.inv(p, dof));
    }
    // Where it refines, at the edge: as good as the closed form.
    near(tQuantile(0.9999, 2), (2 * 0.9999 - 1) / Math.sqrt(2 * 0.9999 * (1 - 0.9999)), 1e-12);
  });

  test('approach the normal quantile, from above, as the degrees of freedom grow', () => {
    // z(0.975) = 1.959963984540054; t(0.975, ν) ≈ z + (z³ + z)/(4ν) for large ν.
    const z = 1.959963984540054;
    const t = tQuantile(0.975, 99_999);
    expect(t).toBeGreaterThan(z);
    near(t - z, (z ** 3 + z) / (4 * 99_999), 1e-4);
  });

  test('many degrees of freedom: within a few 1e-12 of a 45-digit reference up to 100,000 (3e-11 at p = 0.9999)', () => {
    // The reference: the same finite series, summed in 45-digit decimal arithmetic and solved by
    // Newton's method (it agrees with the Cornish–Fisher expansion to 1e-16 at 99,999). The
    // ν/2 terms' rounding costs digits: about 3e-14 at 1,000 degrees of freedom, 2e-12 at 99,999.
    const reference: [number, number, number, number][] = [
      [0.975, 999, 1.9623414611334495, 1e-13],
      [0.975, 9999, 1.9602012636213573, 1e-12],
      [0.975, 99_999, 1.9599877077718444, 5e-12],
      [0.95, 99_999, 1.6448688649373506, 5e-12],
      [0.99, 29_999, 2.3264721870151592, 5e-12],
      [0.9999, 99_999, 3.7191543840204035, 1e-10],
    ];
    for (const [p, dof, want, rel] of reference) near(tQuantile(p, dof), want, rel);
  });

  test("the series CDF agrees with jStat's to its accuracy, at any t and whole ν", () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.integer({ min: 1, max: 3000 }), (t, dof) => {
        const series = (1 + Math.sign(t) * tTwoSided(t, dof)) / 2;
        expect(Math.abs(series - jStat.studentt.cdf(t, dof))).toBeLessThan(1e-7);
      }),
      { numRuns: 500 },
    );
  });
});
