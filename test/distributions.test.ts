import { describe, expect, test } from '@jest/globals';
import { randomExponential, randomGamma, randomWeibull } from 'd3-random';
import fc from 'fast-check';
import { InputError } from '../src/errors.js';
import { FAMILIES, makeSampler, meanOf, windowMass, type DistSpec } from '../src/random/distributions/index.js';
import { stream } from '../src/random/streams.js';
import type { Scenario } from '../src/scenario/types.js';
import { validateScenario } from '../src/scenario/validate.js';
import { baseRaw } from './helpers/scenarios.js';

/** Gamma function by the Lanczos approximation (g = 7), enough for Weibull's mean in a test. */
function gammaFn(z: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gammaFn(1 - z));
  z -= 1;
  let x = c[0];
  for (let i = 1; i < g + 2; i++) x += c[i] / (z + i);
  const t = z + g + 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
}

function draws(spec: DistSpec, n: number, seed = 11): number[] {
  const sample = makeSampler(spec, stream(seed, 'soc'));
  return Array.from({ length: n }, sample);
}

function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  let mean = 0;
  let m2 = 0;
  xs.forEach((x, i) => {
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  });
  return { mean, variance: m2 / (xs.length - 1) };
}

const N = 40_000;
/** Sample mean within 5 standard errors of the true mean (the sd is the true one, not estimated). */
function expectMean(xs: readonly number[], mean: number, sd: number): void {
  const tol = (5 * sd) / Math.sqrt(xs.length) + 1e-12;
  expect(Math.abs(meanVar(xs).mean - mean)).toBeLessThanOrEqual(tol);
}

// Each family with its true mean and sd, computed from the formulas, not from a run.
const CASES: { spec: DistSpec; mean: number; sd: number }[] = [
  { spec: { dist: 'constant', value: 3.5 }, mean: 3.5, sd: 0 },
  { spec: { dist: 'uniform', min: 2, max: 10 }, mean: 6, sd: 8 / Math.sqrt(12) },
  { spec: { dist: 'normal', mean: 45, sd: 7 }, mean: 45, sd: 7 },
  { spec: { dist: 'lognormal', mean: 300, sd: 120 }, mean: 300, sd: 120 },
  { spec: { dist: 'exponential', mean: 45 }, mean: 45, sd: 45 },
  { spec: { dist: 'gamma', shape: 2.5, scale: 4 }, mean: 10, sd: Math.sqrt(2.5) * 4 },
  // Shape 1 (the exponential) and shape below 1 take their own paths through the sampler.
  { spec: { dist: 'gamma', shape: 1, scale: 4 }, mean: 4, sd: 4 },
  { spec: { dist: 'gamma', shape: 0.5, scale: 4 }, mean: 2, sd: Math.sqrt(0.5) * 4 },
  {
    spec: { dist: 'weibull', shape: 1.5, scale: 60 },
    mean: 60 * gammaFn(1 + 1 / 1.5),
    sd: 60 * Math.sqrt(gammaFn(1 + 2 / 1.5) - gammaFn(1 + 1 / 1.5) ** 2),
  },
  {
    spec: { dist: 'triangular', min: 45, mode: 50, max: 90 },
    mean: (45 + 50 + 90) / 3,
    sd: Math.sqrt((45 * 45 + 50 * 50 + 90 * 90 - 45 * 50 - 45 * 90 - 50 * 90) / 18),
  },
  { spec: { dist: 'empirical', values: [1, 2, 3, 10] }, mean: 4, sd: Math.sqrt((9 + 4 + 1 + 36) / 4) },
  { spec: { dist: 'empirical', values: [1, 2, 3], weights: [1, 0, 3] }, mean: 2.5, sd: Math.sqrt((0.25 * 2.25 + 0.75 * 0.25)) },
];

describe('distribution families', () => {
  test('every family of the scenario format is registered', () => {
    expect(Object.keys(FAMILIES).sort()).toEqual(
      ['constant', 'empirical', 'exponential', 'gamma', 'lognormal', 'normal', 'triangular', 'uniform', 'weibull'].sort(),
    );
  });

  test.each(CASES.map((c) => [c.spec.dist + JSON.stringify(c.spec), c] as const))('%s: meanOf is the formula mean', (_, c) => {
    // Relative 1e-7: jStat.gammafn (behind Weibull's mean) is accurate to ~2e-8, not to the last bit.
    expect(Math.abs(meanOf(c.spec) - c.mean)).toBeLessThanOrEqual(1e-7 * Math.abs(c.mean));
  });

  test.each(CASES.map((c) => [c.spec.dist + JSON.stringify(c.spec), c] as const))('%s: sample mean within 5 standard errors', (_, c) => {
    expectMean(draws(c.spec, N), c.mean, c.sd);
  });

  test.each(CASES.filter((c) => c.sd > 0).map((c) => [c.spec.dist, c] as const))('%s: sample sd within 5 %% of the true sd', (_, c) => {
    const { variance } = meanVar(draws(c.spec, N, 3));
    expect(Math.abs(Math.sqrt(variance) / c.sd - 1)).toBeLessThan(0.05);
  });

  test('empirical never draws a value with weight 0', () => {
    expect(draws({ dist: 'empirical', values: [1, 2, 3], weights: [1, 0, 3] }, 5000)).not.toContain(2);
  });

  test('a triangle too wide for the product under its root still draws finite values inside it', () => {
    // (b - a)(c - a) overflows to Infinity here; every draw was Infinity, redrawn until the run gave up.
    const spec: DistSpec = { dist: 'triangular', min: 0, mode: 1e308, max: 1.7e308 };
    const xs = draws(spec, 2000);
    for (const x of xs) expect(Number.isFinite(x) && x >= 0 && x <= 1.7e308).toBe(true);
    // About 1e308 / 1.7e308 of the mass lies below the mode.
    expect(xs.filter((x) => x < 1e308).length / xs.length).toBeCloseTo(1 / 1.7, 1);
  });

  test("weibull draws exactly d3's numbers from the same stream, at ordinary parameters", () => {
    for (const shape of [0.5, 1.5, 4]) {
      const d3 = randomWeibull.source(stream(8, 'soc'))(shape, 0, 60);
      expect(draws({ dist: 'weibull', shape, scale: 60 }, 200, 8)).toEqual(Array.from({ length: 200 }, d3));
    }
  });

  test("gamma and exponential draw exactly d3's numbers from the same stream", () => {
    for (const shape of [0.3, 1, 2.5]) {
      const ours = draws({ dist: 'gamma', shape, scale: 4 }, 200, 8);
      const d3 = randomGamma.source(stream(8, 'soc'))(shape, 4);
      expect(ours).toEqual(Array.from({ length: 200 }, d3));
    }
    const d3 = randomExponential.source(stream(8, 'soc'))(1 / 45);
    expect(draws({ dist: 'exponential', mean: 45 }, 200, 8)).toEqual(Array.from({ length: 200 }, d3));
  });

  test('empirical: a draw of u picks the value whose cumulative share first exceeds u, so u = 0 skips a leading weight 0', () => {
    // Cumulative shares 0, 0.5, 1: u in [0, 0.5) is the second value, [0.5, 1) the third.
    const spec: DistSpec = { dist: 'empirical', values: [1, 2, 3], weights: [0, 1, 1] };
    expect(makeSampler(spec, () => 0)()).toBe(2);
    expect(makeSampler(spec, () => 0.5)()).toBe(3);
    expect(makeSampler(spec, () => 0.4999)()).toBe(2);
  });

  test('uniform and triangular draws stay within their support', () => {
    for (const x of draws({ dist: 'uniform', min: 2, max: 10 }, 5000)) expect(x >= 2 && x < 10).toBe(true);
    for (const x of draws({ dist: 'triangular', min: 45, mode: 45, max: 75 }, 5000)) expect(x >= 45 && x <= 75).toBe(true);
  });

  test('a sampler uses only its rng: same stream, same draws', () => {
    const spec: DistSpec = { dist: 'gamma', shape: 0.7, scale: 3 };
    expect(draws(spec, 100, 5)).toEqual(draws(spec, 100, 5));
    expect(draws(spec, 100, 5)).not.toEqual(draws(spec, 100, 6));
  });
});

describe('truncation by redraw', () => {
  test('a truncated normal stays inside its window', () => {
    const xs = draws({ dist: 'normal', mean: 0.2, sd: 0.07, trunc: { min: 0.05, max: 0.6 } }, 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0.05);
    expect(Math.max(...xs)).toBeLessThanOrEqual(0.6);
  });

  test('a window far in the tail is honoured too (normal 0 sd 1 in [2, 2.5])', () => {
    const xs = draws({ dist: 'normal', mean: 0, sd: 1, trunc: { min: 2, max: 2.5 } }, 2000);
    for (const x of xs) expect(x >= 2 && x <= 2.5).toBe(true);
  });

  test('redrawing (not clamping): uniform [0,10] cut to [2,5] is uniform on [2,5]', () => {
    const xs = draws({ dist: 'uniform', min: 0, max: 10, trunc: { min: 2, max: 5 } }, N);
    expectMean(xs, 3.5, 3 / Math.sqrt(12));
    // Clamping would pile mass on the ends; redrawing leaves each end with ~nothing.
    expect(xs.filter((x) => x === 2 || x === 5).length).toBeLessThan(5);
  });

  test('exponential mean 1 cut to [0, 1] has the truncated mean 1 - 1/(e - 1)', () => {
    const mean = 1 - 1 / (Math.E - 1);
    // sd of the truncated exponential on [0,1]: E[X^2] = (2 - 5/e) / (1 - 1/e) = (2e - 5)/(e - 1).
    const sd = Math.sqrt((2 * Math.E - 5) / (Math.E - 1) - mean * mean);
    const xs = draws({ dist: 'exponential', mean: 1, trunc: { max: 1 } }, N);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1);
    expectMean(xs, mean, sd);
  });

  test('an open-ended window (only min) is honoured', () => {
    for (const x of draws({ dist: 'lognormal', mean: 45, sd: 30, trunc: { min: 40 } }, 5000)) expect(x).toBeGreaterThanOrEqual(40);
  });
});

describe('windowMass', () => {
  test('normal: the central 95 % window', () => {
    expect(windowMass({ dist: 'normal', mean: 0, sd: 1 }, -1.959963984540054, 1.959963984540054)).toBeCloseTo(0.95, 6);
  });
  test('uniform: a window is its length over the support', () => {
    expect(windowMass({ dist: 'uniform', min: 0, max: 10 }, 2, 5)).toBeCloseTo(0.3, 12);
    expect(windowMass({ dist: 'uniform', min: 0, max: 10 }, -5, 20)).toBe(1);
  });
  test('exponential: e^-a - e^-b', () => {
    expect(windowMass({ dist: 'exponential', mean: 2 }, 1, 3)).toBeCloseTo(Math.exp(-0.5) - Math.exp(-1.5), 12);
    expect(windowMass({ dist: 'exponential', mean: 2 })).toBe(1);
  });
  test('weibull and gamma: shape 1 is the exponential', () => {
    const expo = Math.exp(-1 / 3) - Math.exp(-4 / 3);
    expect(windowMass({ dist: 'weibull', shape: 1, scale: 3 }, 1, 4)).toBeCloseTo(expo, 8);
    expect(windowMass({ dist: 'gamma', shape: 1, scale: 3 }, 1, 4)).toBeCloseTo(expo, 8);
  });
  test('lognormal: the median exp(mu) splits the mass in half', () => {
    const mean = 300;
    const sd = 120;
    const s2 = Math.log(1 + (sd * sd) / (mean * mean));
    const median = Math.exp(Math.log(mean) - s2 / 2);
    expect(windowMass({ dist: 'lognormal', mean, sd }, 0, median)).toBeCloseTo(0.5, 8);
  });
  test('triangular: the mode splits the mass (c - a)/(b - a)', () => {
    expect(windowMass({ dist: 'triangular', min: 0, mode: 3, max: 10 }, 0, 3)).toBeCloseTo(0.3, 12);
  });
  test('discrete families count point masses on the window edges', () => {
    expect(windowMass({ dist: 'empirical', values: [1, 2, 3] }, 2, 3)).toBeCloseTo(2 / 3, 12);
    expect(windowMass({ dist: 'empirical', values: [1, 2, 3], weights: [1, 1, 2] }, 3, 3)).toBeCloseTo(0.5, 12);
    expect(windowMass({ dist: 'constant', value: 5 }, 5, 5)).toBe(1);
    expect(windowMass({ dist: 'constant', value: 5 }, 5.0001, 6)).toBe(0);
  });
  test('a distribution of no spread is a point mass: a window ending on it holds everything', () => {
    expect(windowMass({ dist: 'normal', mean: 5, sd: 0 }, 0, 5)).toBe(1);
    expect(windowMass({ dist: 'normal', mean: 5, sd: 0 }, 0, 4.999)).toBe(0);
    expect(windowMass({ dist: 'triangular', min: 5, mode: 5, max: 5 }, 0, 5)).toBe(1);
  });
  test('a distribution of no spread: a window starting on it holds everything too, as one ending on it does', () => {
    for (const spec of [{ dist: 'normal', mean: 5, sd: 0 }, { dist: 'lognormal', mean: 5, sd: 0 }] as DistSpec[]) {
      expect([spec.dist, windowMass(spec, 5, 10), windowMass(spec, 5, 5), windowMass(spec, 5.000001, 10)]).toEqual([spec.dist, 1, 1, 0]);
      // And the sampler truncated there returns it, with no redraw.
      expect(makeSampler({ ...spec, trunc: { min: 5 } }, () => 0.3)()).toBe(5);
    }
  });
  test('a window whose ends are reversed holds nothing, never a negative mass', () => {
    expect(windowMass({ dist: 'uniform', min: 0, max: 10 }, 5, 2)).toBe(0);
  });
  test('lognormal with sd far above the mean (sd/mean past 1e150): the median exp(mu) still splits the mass in half', () => {
    // mean 1, sd 1e200: sigma^2 = ln(1 + 1e400) = 400 ln 10 to within 1e-400, so mu = -200 ln 10 and the median is 1e-200.
    expect(windowMass({ dist: 'lognormal', mean: 1, sd: 1e200 }, 0, 1e-200)).toBeCloseTo(0.5, 6);
  });
  test('a window far in the tail holds (almost) nothing', () => {
    expect(windowMass({ dist: 'normal', mean: 0.2, sd: 0.01 }, 0.9, 1)).toBeLessThan(1e-6);
  });
});

describe('extreme parameters: a validated distribution only ever draws finite values inside its field', () => {
  // Magnitudes from the smallest double to the largest, and the values most likely to break arithmetic.
  const magnitude = fc.oneof(
    fc.double({ min: 5e-324, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(5e-324, 1e-300, 1e-12, 1e-3, 0.5, 1, 7, 45, 1e3, 1e6, 1e12, 1e150, 1e300, Number.MAX_VALUE),
    fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
  );
  const signed = fc.oneof(magnitude, magnitude.map((m) => -m), fc.constant(0));
  const bound = fc.option(fc.double({ min: -20, max: 20000, noNaN: true }), { nil: undefined });
  const familyArb = fc.oneof(
    fc.record({ dist: fc.constant('normal'), mean: signed, sd: fc.oneof(magnitude, fc.constant(0)) }),
    fc.record({ dist: fc.constant('lognormal'), mean: magnitude, sd: fc.oneof(magnitude, fc.constant(0)) }),
    fc.record({ dist: fc.constant('exponential'), mean: magnitude }),
    fc.record({ dist: fc.constant('gamma'), shape: fc.oneof(magnitude.filter((k) => k <= 1e6), fc.constantFrom(1e6, 0.5)), scale: magnitude }),
    fc.record({ dist: fc.constant('weibull'), shape: magnitude, scale: magnitude }),
  );
  const FIELDS = [
    { set: (r: Record<string, any>, d: unknown) => (r.behaviour.breakMin = d), get: (s: Scenario) => s.behaviour.breakMin, lo: 0, hi: 10080 },
    { set: (r: Record<string, any>, d: unknown) => (r.demand.arrivalSoc = d), get: (s: Scenario) => s.demand.arrivalSoc, lo: 0, hi: 1 },
    { set: (r: Record<string, any>, d: unknown) => (r.demand = { arrivalSoc: 0, energyKwh: d }), get: (s: Scenario) => s.demand.energyKwh!, lo: 0, hi: Infinity },
  ];

  test('every unbounded family, parameters from 5e-324 to 1.8e308, optional truncation', () => {
    let accepted = 0;
    fc.assert(
      fc.property(familyArb, fc.nat({ max: FIELDS.length - 1 }), bound, bound, fc.nat(), (family, f, min, max, seed) => {
        const field = FIELDS[f];
        const dist: Record<string, unknown> = { ...family };
        if (min !== undefined) dist.min = min;
        if (max !== undefined) dist.max = max;
        const raw = baseRaw();
        field.set(raw, dist);
        let spec: DistSpec;
        try {
          spec = field.get(validateScenario(raw, 'x'));
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          return;
        }
        accepted++;
        const lo = Math.max(field.lo, min ?? -Infinity);
        const hi = Math.min(field.hi, max ?? Infinity);
        const draw = makeSampler(spec, stream(seed, 'break'));
        for (let i = 0; i < 5; i++) {
          const x = draw();
          expect(Number.isFinite(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(hi);
        }
      }),
      // A fixed seed: a window near the 1e-6 floor takes ~1e6 redraws a draw, so some seeds run for
      // seconds; fixed, the run time is the same every time (random seeds were swept while writing this).
      { numRuns: 4000, seed: 99 },
    );
    expect(accepted).toBeGreaterThan(150); // the property was not vacuous
  });

  test('a Weibull break of shape 1e-3 (it drew Infinity once) stays within a week', () => {
    const raw = baseRaw();
    raw.behaviour.breakMin = { dist: 'weibull', shape: 1e-3, scale: 45 };
    const draw = makeSampler(validateScenario(raw, 'x').behaviour.breakMin, stream(1, 'break'));
    const xs = Array.from({ length: 10_000 }, draw);
    expect(xs.every((x) => Number.isFinite(x) && x >= 0 && x <= 10080)).toBe(true);
  });

  test('makeSampler itself redraws an overflowed draw, truncation or not', () => {
    // normal sd 1e308: mean + sd * z overflows whenever |z| > 1.8, about 7 % of draws.
    const xs = draws({ dist: 'normal', mean: 0, sd: 1e308 }, 5000);
    expect(xs.every(Number.isFinite)).toBe(true);
    const ys = draws({ dist: 'exponential', mean: 1.5e308 }, 5000);
    expect(ys.every(Number.isFinite)).toBe(true);
  });
});
