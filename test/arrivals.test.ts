/**
 * The truck source: per-type demand and behaviour drawn from the shared named streams, profiles by
 * hour of the week, and growth. The statistical checks of the arrival process are in test/theory/.
 */
import { describe, expect, test } from '@jest/globals';
import { sampleCorrelation, sampleVariance } from 'simple-statistics';
import { arrivalShare, expectedArrivals, HOURS_PER_YEAR, TruckSource, type TruckSpec } from '../src/model/arrivals.js';
import type { Scenario } from '../src/scenario/types.js';
import { baseRaw, csv, rawWith, scenarioOf, traceScenario, type RawScenario } from './helpers/scenarios.js';

/** Every truck a scenario's source draws with `seed`. */
function trucks(s: Scenario, seed = 3): TruckSpec[] {
  const src = new TruckSource(s, seed);
  const out: TruckSpec[] = [];
  for (;;) {
    const t = { id: 0, arrival: 0, type: 0, socIn: 0, wantKwh: 0, breakMin: 0, patienceMin: 0 };
    if (!src.next(t)) return out;
    out.push(t);
  }
}

const twoTypes = (over: RawScenario = {}): RawScenario =>
  rawWith({
    horizon: { days: 7 },
    arrivals: { trucksPerDay: 80 },
    fleet: [
      { name: 'day', batteryKwh: 500, maxKw: { CCS: 400 } },
      { name: 'night', batteryKwh: 600, maxKw: { CCS: 400 }, ...over },
    ],
    demand: { arrivalSoc: { dist: 'uniform', min: 0.1, max: 0.4 }, targetSoc: 0.8 },
    behaviour: { breakMin: 45, leave: 'charged', patienceMin: { dist: 'exponential', mean: 30 } },
  });

describe('per-type demand and behaviour', () => {
  test('a type overriding its demand and behaviour gets its own values; the others keep the scenario\'s', () => {
    const plain = trucks(scenarioOf(twoTypes()));
    const mixed = trucks(scenarioOf(twoTypes({ stop: 'overnight', demand: { arrivalSoc: 0.3, targetSoc: 1 }, behaviour: { breakMin: { dist: 'uniform', min: 540, max: 660 } } })));
    // The same arrivals and the same types: type and time have streams of their own.
    expect(mixed.map((t) => [t.arrival, t.type])).toEqual(plain.map((t) => [t.arrival, t.type]));
    expect(mixed.some((t) => t.type === 1) && mixed.some((t) => t.type === 0)).toBe(true);
    for (const t of mixed) {
      if (t.type === 1) {
        expect(t.socIn).toBe(0.3);
        expect(t.wantKwh).toBeCloseTo(0.7 * 600, 9);
        expect(t.breakMin).toBeGreaterThanOrEqual(540);
        expect(t.breakMin).toBeLessThanOrEqual(660);
      } else {
        expect(t.socIn).toBeGreaterThanOrEqual(0.1);
        expect(t.socIn).toBeLessThanOrEqual(0.4);
        expect(t.wantKwh).toBeCloseTo((0.8 - t.socIn) * 500, 9);
        expect(t.breakMin).toBe(45);
      }
    }
    // Patience is not overridden: every truck draws it from the one patience stream, as before.
    expect(mixed.map((t) => t.patienceMin)).toEqual(plain.map((t) => t.patienceMin));
  });

  test('a type overriding with a distribution draws from the same stream: the same uniform numbers', () => {
    // Both types draw their arrival SoC by inversion of a uniform (the uniform family), one on
    // [0.1, 0.4], the other on [0.5, 0.8]: the k-th truck's uniform is the same either way.
    const plain = trucks(scenarioOf(twoTypes()));
    const mixed = trucks(scenarioOf(twoTypes({ demand: { arrivalSoc: { dist: 'uniform', min: 0.5, max: 0.8 } } })));
    mixed.forEach((t, k) => {
      const u = (plain[k].socIn - 0.1) / 0.3;
      expect(t.socIn).toBeCloseTo(t.type === 1 ? 0.5 + 0.3 * u : plain[k].socIn, 12);
    });
  });

  test("a type that writes out the scenario's own distribution, in any field order, draws the same trucks as one that does not", () => {
    // Normal and gamma samplers draw values in pairs or by rejection: a second sampler of the same
    // distribution on the same stream would take other numbers, and every type's trucks would change.
    const drawn = (over: RawScenario) => {
      const raw = twoTypes(over);
      raw.demand.arrivalSoc = { dist: 'normal', mean: 0.25, sd: 0.08, min: 0.05, max: 0.6 };
      raw.behaviour.breakMin = { dist: 'gamma', shape: 9, scale: 6 };
      return trucks(scenarioOf(raw));
    };
    const plain = drawn({});
    const written = drawn({ demand: { arrivalSoc: { max: 0.6, min: 0.05, sd: 0.08, mean: 0.25, dist: 'normal' } }, behaviour: { breakMin: { scale: 6, shape: 9, dist: 'gamma' } } });
    expect(plain.some((t) => t.type === 1) && plain.some((t) => t.type === 0)).toBe(true);
    expect(written).toEqual(plain);
    // Another distribution on one type still draws otherwise for it (and shifts the later draws).
    const other = drawn({ demand: { arrivalSoc: { dist: 'normal', mean: 0.25, sd: 0.09, min: 0.05, max: 0.6 } } });
    expect(other.map((t) => t.socIn)).not.toEqual(plain.map((t) => t.socIn));
    expect(other.map((t) => t.breakMin)).toEqual(plain.map((t) => t.breakMin));
  });

  test('a type may want energy while the scenario wants a target SoC, and the other way round', () => {
    const mixed = trucks(scenarioOf(twoTypes({ demand: { energyKwh: 123 } })));
    for (const t of mixed) expect(t.wantKwh).toBeCloseTo(t.type === 1 ? 123 : (0.8 - t.socIn) * 500, 9);
  });

  test('without overrides, every type draws exactly as the scenario-level samplers did', () => {
    const raw = twoTypes();
    const s = scenarioOf(raw);
    // The normalised types share the scenario's very distribution objects.
    expect(s.fleet[0].demand).toBe(s.demand);
    expect(s.fleet[1].behaviour).toBe(s.behaviour);
  });
});

describe("each quantity drawn from its own stream", () => {
  // Two quantities drawn from one stream are perfectly dependent: a target SoC drawn from the arrival
  // SoC's stream makes every truck want the same energy, wait tails and unmet energy then wrong.
  const n = 100 * 80;
  const drawn = trucks(
    scenarioOf(
      rawWith({
        horizon: { days: 100 },
        arrivals: { trucksPerDay: 80 },
        fleet: [{ name: 't', share: 1, batteryKwh: 1000, maxKw: { CCS: 400 } }],
        demand: { arrivalSoc: { dist: 'uniform', min: 0, max: 0.5 }, targetSoc: { dist: 'uniform', min: 0.5, max: 1 } },
        behaviour: { breakMin: { dist: 'uniform', min: 30, max: 90 }, leave: 'charged', patienceMin: { dist: 'exponential', mean: 30 } },
      }),
    ),
  );

  test('the energy wanted has the spread of two independent SoCs: var(target − arrival) = 1/48 + 1/48', () => {
    expect(Math.abs(drawn.length - n)).toBeLessThan(5 * Math.sqrt(n)); // Poisson count
    const share = drawn.map((t) => t.wantKwh / 1000);
    // Each uniform over a width of 0.5 has variance 0.25 / 12; the difference's sample variance has a
    // relative sd of about sqrt((kurtosis - 1) / n) = sqrt(1.4 / 8000) = 1.3 %: 6 % is over 4 sd.
    expect(Math.abs(sampleVariance(share) / (0.25 / 12 + 0.25 / 12) - 1)).toBeLessThan(0.06);
  });

  test('arrival SoC, energy wanted, break and patience are uncorrelated, but for the energy that the arrival SoC takes from', () => {
    // The sample correlation of independent quantities has an sd of about 1/sqrt(n): 5/sqrt(n) is 5 sd.
    const columns = { soc: drawn.map((t) => t.socIn), want: drawn.map((t) => t.wantKwh), brk: drawn.map((t) => t.breakMin), patience: drawn.map((t) => t.patienceMin) };
    const pairs = [['soc', 'brk'], ['soc', 'patience'], ['want', 'brk'], ['want', 'patience'], ['brk', 'patience']] as const;
    for (const [x, y] of pairs) expect({ x, y, independent: Math.abs(sampleCorrelation(columns[x], columns[y])) < 5 / Math.sqrt(drawn.length) }).toEqual({ x, y, independent: true });
    // The energy is the target less the arrival SoC: correlation -sqrt(1/2) with it.
    expect(sampleCorrelation(columns.soc, columns.want)).toBeCloseTo(-Math.SQRT1_2, 1);
  });
});

describe('profiles by hour of the week, and growth', () => {
  const HOURLY = [1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1];
  const WEEKLY = [1.2, 1.2, 1.2, 1.2, 1.1, 0.6, 0.1];

  test('hourOfWeek equal to hourly × weekly gives the same trucks, to rounding', () => {
    const byDay = scenarioOf(rawWith({ horizon: { days: 14 }, arrivals: { trucksPerDay: 50, hourly: HOURLY, weekly: WEEKLY } }));
    const week = Array.from({ length: 168 }, (_, h) => HOURLY[h % 24] * WEEKLY[Math.floor(h / 24)]);
    const byWeek = scenarioOf(rawWith({ horizon: { days: 14 }, arrivals: { trucksPerDay: 50, hourOfWeek: week } }));
    const a = trucks(byDay);
    const b = trucks(byWeek);
    expect(b.length).toBe(a.length);
    b.forEach((t, k) => expect(Math.abs(t.arrival - a[k].arrival)).toBeLessThan(1e-9 * Math.max(1, a[k].arrival)));
  });

  test('no truck arrives in an hour of zero weight', () => {
    const week = Array.from({ length: 168 }, (_, h) => (h >= 144 && h < 166 ? 0 : 1)); // Sunday 00:00-22:00
    const ts = trucks(scenarioOf(rawWith({ horizon: { days: 28 }, arrivals: { trucksPerDay: 100, hourOfWeek: week } })));
    expect(ts.length).toBeGreaterThan(2000);
    expect(ts.filter((t) => week[Math.floor(t.arrival / 60) % 168] === 0)).toEqual([]);
  });

  test('growth of 0 is today\'s process; growth moves arrivals earlier, and the same seed stays the same', () => {
    const raw = rawWith({ horizon: { days: 60 }, arrivals: { trucksPerDay: 40, hourly: HOURLY } });
    const base = trucks(scenarioOf(raw));
    raw.arrivals.growthPerYear = 0;
    expect(trucks(scenarioOf(raw))).toEqual(base);
    raw.arrivals.growthPerYear = 0.5;
    const grown = trucks(scenarioOf(raw));
    expect(trucks(scenarioOf(raw))).toEqual(grown);
    // The same unit exponentials against a rate never lower than the base one: each arrival no later.
    grown.slice(0, base.length).forEach((t, k) => expect(t.arrival).toBeLessThanOrEqual(base[k].arrival + 1e-9));
    expect(grown.length).toBeGreaterThan(base.length);
  });

  test('growth applies without a profile too: in the first hour the rate is (1 + growth)^(30 min / 525,600 min) times the base', () => {
    // A flat rate: the same unit exponentials against a rate f times higher throughout the first hour
    // (grown to its midpoint, a year being 365 days) put each arrival in it at 1 / f of its time.
    const raw = rawWith({ horizon: { days: 1 }, arrivals: { trucksPerDay: 2400 } });
    const base = trucks(scenarioOf(raw));
    raw.arrivals.growthPerYear = 1;
    const grown = trucks(scenarioOf(raw));
    const f = Math.pow(2, 30 / 525600);
    const early = grown.filter((t) => t.arrival < 60);
    expect(early.length).toBeGreaterThan(50); // about 100 expected
    early.forEach((t, k) => expect(Math.abs((t.arrival * f) / base[k].arrival - 1)).toBeLessThan(1e-12));
  });
});

test('baseRaw draws as before: one type, the scenario\'s own demand', () => {
  const s = scenarioOf(baseRaw());
  expect(s.fleet[0].stop).toBe('break');
  expect(trucks(s).every((t) => Math.abs(t.wantKwh - 300) < 1e-9)).toBe(true);
});

describe("a type's own hours of arrival (fleet[].hourly)", () => {
  const HOURLY = [1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1];
  const NIGHT = Array.from({ length: 24 }, (_, h) => (h >= 20 || h < 6 ? 1 : 0));
  const DAYS = 140;
  const PER_DAY = 100;
  const nightly = () =>
    scenarioOf({
      ...twoTypes({ share: 0.15, stop: 'overnight', hourly: NIGHT }),
      horizon: { days: DAYS },
      arrivals: { trucksPerDay: PER_DAY, hourly: HOURLY, weekly: [1.2, 1.2, 1.2, 1.2, 1.1, 0.6, 0.5] },
      fleet: [
        { name: 'day', share: 0.85, batteryKwh: 500, maxKw: { CCS: 400 } },
        { name: 'night', share: 0.15, batteryKwh: 600, maxKw: { CCS: 400 }, stop: 'overnight', hourly: NIGHT },
      ],
    });

  test('its trucks come only in its hours, in its share of all trucks, and the others by the scenario\'s hours', () => {
    const ts = trucks(nightly());
    const n = ts.length;
    // Poisson: the count within 4 sd of trucksPerDay a day over 20 whole weeks.
    expect(Math.abs(n - PER_DAY * DAYS)).toBeLessThan(4 * Math.sqrt(PER_DAY * DAYS));
    const hour = (t: TruckSpec) => Math.floor(t.arrival / 60) % 24;
    const night = ts.filter((t) => t.type === 1);
    expect(night.filter((t) => NIGHT[hour(t)] === 0)).toEqual([]);
    // Each truck is of the night type with probability 0.15 over the whole run (binomial, 4 sd).
    expect(Math.abs(night.length / n - 0.15)).toBeLessThan(4 * Math.sqrt((0.15 * 0.85) / n));
    // The day type's trucks by hour of the day follow HOURLY: each hour within 4 sd of its expected count.
    const day = ts.filter((t) => t.type === 0);
    const sum = HOURLY.reduce((x, y) => x + y);
    const counts = new Array<number>(24).fill(0);
    for (const t of day) counts[hour(t)]++;
    counts.forEach((c, h) => {
      const expected = (0.85 * PER_DAY * DAYS * HOURLY[h]) / sum;
      expect(Math.abs(c - expected)).toBeLessThan(4 * Math.sqrt(expected));
    });
  });

  test("hours that write out the scenario's, scaled, draw the same trucks as none", () => {
    const raw: RawScenario = { ...twoTypes(), arrivals: { trucksPerDay: 80, hourly: HOURLY } };
    const written = { ...raw, fleet: (raw.fleet as Record<string, unknown>[]).map((t) => ({ ...t, hourly: HOURLY.map((w) => w * 3) })) };
    expect(trucks(scenarioOf(written))).toEqual(trucks(scenarioOf(raw)));
    // Nor do the hours of a type that never comes (share 0): its rates summed in would move the last digits.
    const uneven = (raw.fleet as Record<string, unknown>[]).map((t, i) => ({ ...t, share: [0.7, 0.3][i] }));
    const never = { ...raw, fleet: [...uneven, { name: 'never', share: 0, batteryKwh: 500, maxKw: { CCS: 400 }, hourly: NIGHT }] };
    const withNone = { ...raw, fleet: [...uneven, { name: 'never', share: 0, batteryKwh: 500, maxKw: { CCS: 400 } }] };
    expect(trucks(scenarioOf(never))).toEqual(trucks(scenarioOf(withNone)));
  });

  test('expectedArrivals is still trucksPerDay a day over whole weeks: each type keeps its share', () => {
    expect(expectedArrivals(nightly())).toBeCloseTo(PER_DAY * DAYS, 6);
  });

  test('only with hourly and weekly: a trace or hourOfWeek is refused, naming the type', () => {
    const raw = twoTypes({ hourly: NIGHT });
    expect(() => scenarioOf({ ...raw, arrivals: { trucksPerDay: 80, hourOfWeek: new Array(168).fill(1) } })).toThrow(/fleet\[1\]\.hourly: must not be given with arrivals\.hourOfWeek/);
    expect(() => traceScenario(raw, 'arrival_min\n10\n')).toThrow(/fleet\[1\]\.hourly: must not be given with arrivals\.trace/);
    expect(() => scenarioOf(twoTypes({ hourly: new Array(24).fill(0) }))).toThrow(/fleet\[1\]\.hourly/);
    expect(() => scenarioOf(twoTypes({ hourly: [1, 2] }))).toThrow(/fleet\[1\]\.hourly/);
  });
});

describe('expectedArrivals: the trucks a replication can expect', () => {
  const HOURLY = [1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1];

  test('without growth, trucksPerDay a day over whole weeks, whatever the profile; the profile\'s own hours over part of one', () => {
    expect(expectedArrivals(scenarioOf(rawWith({ horizon: { days: 10 }, arrivals: { trucksPerDay: 80 } })))).toBeCloseTo(800, 9);
    const profiled = rawWith({ horizon: { days: 14 }, arrivals: { trucksPerDay: 50, hourly: HOURLY, weekly: [1.2, 1.2, 1.2, 1.2, 1.1, 0.6, 0.1] } });
    expect(expectedArrivals(scenarioOf(profiled))).toBeCloseTo(700, 9);
    // Mondays only: a week's 700 trucks all arrive on its first day, none on the half day after.
    for (const days of [1, 1.5]) expect(expectedArrivals(scenarioOf(rawWith({ horizon: { days }, arrivals: { trucksPerDay: 100, weekly: [7, 0, 0, 0, 0, 0, 0] } })))).toBeCloseTo(700, 9);
    // Half a day of the hourly profile, ending halfway through hour 11: its weights, normalised to mean 1.
    const mean = HOURLY.reduce((x, y) => x + y) / 24;
    const half = HOURLY.slice(0, 11).reduce((x, y) => x + y) + HOURLY[11] / 2;
    const s = scenarioOf(rawWith({ horizon: { days: 11.5 / 24 }, arrivals: { trucksPerDay: 48, hourly: HOURLY } }));
    expect(expectedArrivals(s)).toBeCloseTo((48 / 24) * (half / mean), 9);
  });

  test('with growth, the integral of the rate the model draws from, hour by hour', () => {
    // The model's rate in hour n: the profile's × (1 + growth)^((n + 1/2) / HOURS_PER_YEAR).
    const days = 3 * 365;
    const s = scenarioOf(rawWith({ horizon: { days }, arrivals: { trucksPerDay: 40, hourly: HOURLY, growthPerYear: 0.3 } }));
    const mean = HOURLY.reduce((a, b) => a + b) / 24;
    let sum = 0;
    for (let n = 0; n < days * 24; n++) sum += (40 / 24) * (HOURLY[n % 24] / mean) * Math.pow(1.3, (n + 0.5) / HOURS_PER_YEAR);
    expect(Math.abs(expectedArrivals(s) / sum - 1)).toBeLessThan(1e-9);
  });

  test("arrivalShare: the share of the expected trucks in the horizon's first part, growth weighed", () => {
    const grown = (days: number, growthPerYear: number) => scenarioOf(rawWith({ horizon: { days }, arrivals: { trucksPerDay: 40, growthPerYear } }));
    // Over 13 years at 30 % a year, the first half of the time holds under a sixth of the trucks.
    const whole = expectedArrivals(grown(13 * 365, 0.3));
    for (const share of [0.1, 0.5, 0.9]) {
      const part = expectedArrivals(grown(13 * 365 * share, 0.3)) / whole;
      expect(Math.abs(arrivalShare(grown(13 * 365, 0.3), share) / part - 1)).toBeLessThan(1e-6);
    }
    expect(arrivalShare(grown(13 * 365, 0.3), 0.5)).toBeCloseTo((1.3 ** 6.5 - 1) / (1.3 ** 13 - 1), 9);
    // Shrinking, the first years hold the more.
    expect(arrivalShare(grown(10 * 365, -0.5), 0.5)).toBeGreaterThan(0.9);
    // Without growth, and at either end, the share of the time.
    for (const share of [0, 0.25, 1]) expect(arrivalShare(grown(365, 0), share)).toBe(share);
    expect([arrivalShare(grown(365, 0.3), 0), arrivalShare(grown(365, 0.3), 1)]).toEqual([0, 1]);
  });

  test('a trace: its rows before the horizon', () => {
    const rows = [10, 20, 1439.5, 1440, 1500].map((t) => [t]);
    expect(expectedArrivals(traceScenario(baseRaw(), csv(['arrival_min'], rows)))).toBe(3); // the horizon is one day
    expect(expectedArrivals(traceScenario(baseRaw(), csv(['arrival_min'], [])))).toBe(0);
  });
});
