/**
 * Rules of the input side at their edges: limits counted with the defaults filled in, distribution
 * parameters and truncation, samplers against their distributions, and the independence of the
 * streams that common random numbers rest on. Each asserts the README/SPEC or the mathematics.
 */
import { describe, expect, test } from '@jest/globals';
import { issuesOf as inputIssues } from './helpers/issues.js';
import { validateScenario } from '../src/scenario/validate.js';
import { edited } from './helpers/scenarios.js';
import { TruckSource, type TruckSpec } from '../src/model/arrivals.js';
import type { Scenario } from '../src/scenario/types.js';
import { makeSampler, type DistSpec } from '../src/random/distributions/index.js';
import { stream } from '../src/random/streams.js';

function draws(spec: DistSpec, n: number, seed = 5): number[] {
  const sample = makeSampler(spec, stream(seed, 'break'));
  return Array.from({ length: n }, sample);
}

/** The first `n` trucks `scenario` draws with `seed` (fewer if arrivals stop). */
function trucks(scenario: Scenario, n: number, seed = 1): TruckSpec[] {
  const source = new TruckSource(scenario, seed);
  const out: TruckSpec[] = [];
  for (let i = 0; i < n; i++) {
    const t = { id: 0, arrival: 0, type: 0, socIn: 0, wantKwh: 0, breakMin: 0, patienceMin: 0 };
    if (!source.next(t)) break;
    out.push(t);
  }
  return out;
}

/** The issues with which validation refuses `raw`. */
const issuesOf = (raw: unknown) => inputIssues(() => validateScenario(raw, 'test.json'));

describe('validation rules whose defaults or bounds the suite did not pin', () => {
  test('README: at most 10,000 bays in all, counting a group without baysPerCabinet as 1 bay a cabinet', () => {
    const group = (id: string, cabinets: number) => ({ id, connector: 'CCS', cabinets, cabinetKw: 400 });
    const ok = edited((r) => (r.hub.chargers = [group('a', 5000), group('b', 5000)]));
    expect(() => validateScenario(ok, 'x')).not.toThrow();
    const tooMany = edited((r) => (r.hub.chargers = [group('a', 5000), group('b', 5001)]));
    expect(issuesOf(tooMany)).toEqual([{ path: 'hub.chargers', expected: expect.stringMatching(/at most 10000 bays/), found: '10001 bays' }]);
  });

  test('README: trucksPerDay grown by growthPerYear must stay at most 1e5 at the horizon (compounded per 365 days)', () => {
    // 60,000 a day doubling each year: 120,000 a day after 365 days (too many), 84,853 after half a year (fine).
    const year = edited((r) => ((r.arrivals = { trucksPerDay: 60000, growthPerYear: 1 }), (r.horizon = { days: 365 })));
    const issues = issuesOf(year);
    expect(issues.map((i) => i.path)).toContain('arrivals.growthPerYear');
    const half = edited((r) => ((r.arrivals = { trucksPerDay: 60000, growthPerYear: 1 }), (r.horizon = { days: 182 })));
    expect(() => validateScenario(half, 'x')).not.toThrow();
  });

  test('README: a year of growth is 365 days, so a rate doubling yearly reaches exactly twice itself at day 365', () => {
    // 50,000 doubled is the bound itself (allowed); 50,001 doubled is 100,002 (refused). A year of
    // any other length would move the rate at day 365 off twice its start, and one of these with it.
    const atBound = edited((r) => ((r.arrivals = { trucksPerDay: 50000, growthPerYear: 1 }), (r.horizon = { days: 365 })));
    expect(() => validateScenario(atBound, 'x')).not.toThrow();
    const past = edited((r) => ((r.arrivals = { trucksPerDay: 50001, growthPerYear: 1 }), (r.horizon = { days: 365 })));
    expect(issuesOf(past)).toEqual([{ path: 'arrivals.growthPerYear', expected: expect.stringMatching(/at most 100000 up to the horizon \(365 days\)/), found: '1: 100002 trucks a day at the horizon' }]);
  });

  test("README: a type without `stop` makes a break stop, so bays reserved for overnight stops alone cannot serve it", () => {
    const onlyOvernight = edited((r) => {
      r.hub.chargers[0].reservedFor = ['overnight'];
      delete r.fleet[0].stop;
    });
    expect(issuesOf(onlyOvernight).map((i) => i.path)).toContain('fleet[0].stop');
    const onlyBreak = edited((r) => {
      r.hub.chargers[0].reservedFor = ['break'];
      delete r.fleet[0].stop;
    });
    expect(() => validateScenario(onlyBreak, 'x')).not.toThrow();
  });
});

describe('distribution parameters and truncation', () => {
  test('uniform needs max > min and triangular min < max: a density of 1/(max − min) needs a proper interval', () => {
    const u = edited((r) => (r.demand.arrivalSoc = { dist: 'uniform', min: 0.3, max: 0.3 }));
    expect(issuesOf(u).map((i) => i.path)).toContain('demand.arrivalSoc.max');
    // min = max is the fault whatever the mode: said of max, as uniform's, with the value it fixes.
    const t = edited((r) => (r.demand.arrivalSoc = { dist: 'triangular', min: 0.3, mode: 0.3, max: 0.3 }));
    expect(issuesOf(t).filter((i) => i.path.startsWith('demand.arrivalSoc'))).toEqual([{ path: 'demand.arrivalSoc.max', expected: 'must be greater than min (0.3): for the one value 0.3, write 0.3', found: '0.3' }]);
    const m = edited((r) => (r.demand.arrivalSoc = { dist: 'triangular', min: 0.1, mode: 0.5, max: 0.3 }));
    expect(issuesOf(m).filter((i) => i.path.startsWith('demand.arrivalSoc')).map((i) => i.path)).toEqual(['demand.arrivalSoc.mode']);
  });

  test('README: min/max truncate an empirical distribution too (by redrawing): no draw outside them', () => {
    const raw = edited((r) => {
      r.arrivals.trucksPerDay = 10000;
      r.demand.arrivalSoc = { dist: 'empirical', values: [0.1, 0.5, 0.9], min: 0.2, max: 0.6 };
    });
    const drawn = trucks(validateScenario(raw, 'x'), 500);
    expect(drawn.length).toBe(500);
    expect(new Set(drawn.map((t) => t.socIn))).toEqual(new Set([0.5]));
  });
});

describe('README defaults filled in by validation', () => {
  test('bayKw defaults to cabinetKw (not a share of it) when a cabinet has several bays', () => {
    const raw = edited((r) => (r.hub.chargers = [{ id: 'g', connector: 'CCS', cabinets: 1, baysPerCabinet: 2, cabinetKw: 400 }]));
    const g = validateScenario(raw, 'x').hub.chargers[0];
    expect(g.baysPerCabinet).toBe(2);
    expect(g.bayKw).toBe(400);
  });
});

describe('samplers against their distributions (n = 20000: 5 standard errors)', () => {
  const n = 20000;
  const share = (xs: readonly number[], keep: (x: number) => boolean) => xs.filter(keep).length / xs.length;
  const within = (p: number, observed: number) => expect(Math.abs(observed - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));

  test('triangular with its mode near max: tail and mean as the triangle gives them', () => {
    // min 0, mode 8, max 10: P(X > 9) = (10 - 9)^2 / ((10 - 0)(10 - 8)) = 0.05; P(X <= 8) = 0.8; mean 6.
    const xs = draws({ dist: 'triangular', min: 0, mode: 8, max: 10 }, n);
    within(0.05, share(xs, (x) => x > 9));
    within(0.8, share(xs, (x) => x <= 8));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt((0 + 64 + 100 - 0 - 0 - 80) / 18);
    expect(Math.abs(mean - 6)).toBeLessThan((5 * sd) / Math.sqrt(n));
  });
});

describe('common random numbers: each quantity has its own stream', () => {
  test("SPEC: target and energy are drawn from independent streams: type a's k-th target is uncorrelated with type b's k-th energy", () => {
    const raw = edited((r) => {
      r.arrivals.trucksPerDay = 1000;
      r.demand.arrivalSoc = 0.2;
      r.fleet = [
        { name: 'a', batteryKwh: 500, maxKw: { CCS: 400 }, demand: { targetSoc: { dist: 'uniform', min: 0.6, max: 0.9 } } },
        { name: 'b', batteryKwh: 500, maxKw: { CCS: 400 }, demand: { energyKwh: { dist: 'uniform', min: 100, max: 200 } } },
      ];
    });
    const ts = trucks(validateScenario(raw, 'x'), 800);
    // Each as the uniform in [0, 1) it was drawn from.
    const ua = ts.filter((t) => t.type === 0).map((t) => (t.wantKwh / 500 + 0.2 - 0.6) / 0.3);
    const ub = ts.filter((t) => t.type === 1).map((t) => (t.wantKwh - 100) / 100);
    const k = Math.min(ua.length, ub.length);
    expect(k).toBeGreaterThan(300);
    const [x, y] = [ua.slice(0, k), ub.slice(0, k)];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const [mx, my] = [mean(x), mean(y)];
    const cov = mean(x.map((v, i) => (v - mx) * (y[i] - my)));
    const r = cov / Math.sqrt(mean(x.map((v) => (v - mx) ** 2)) * mean(y.map((v) => (v - my) ** 2)));
    // Independent: r ~ N(0, 1/k); 5 standard errors.
    expect(Math.abs(r)).toBeLessThan(5 / Math.sqrt(k));
  });
});
