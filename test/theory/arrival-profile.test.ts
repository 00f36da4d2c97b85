/**
 * Arrivals by hour of the week against the non-homogeneous Poisson rate they are drawn from:
 *   lambda(d, h) = trucksPerDay / 24 × hourly[h] / mean(hourly) × weekly[d] / mean(weekly) per hour.
 * by-hour.csv's `arrivals` of a cell is the trucks arriving in it per hour of it; its mean over
 * replications must be lambda(d, h). The expected values come from the formula, never from a run.
 *
 * Sample size. Counts of a Poisson process in disjoint cells are independent Poisson variables;
 * over R replications of a horizon holding k occurrences of a cell, the mean per hour has standard
 * error sqrt(lambda / (R k)). With 24 replications of 5 weeks (120 cell-hours) the tolerance is 5
 * standard errors per cell, so the chance that any of the 168 cells (and 24 hours of the day) errs
 * by chance is below 192 × 6e-7 ≈ 1e-4.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { BY_HOUR_METRICS, breakdownLayout, breakdownVector } from '../../src/model/breakdown.js';
import { HOURS_OF_WEEK } from '../../src/scenario/types.js';
import { simulate } from '../../src/model/simulate.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { VectorSummary } from '../../src/stats/vector-summary.js';

const TRUCKS_PER_DAY = 240;
const HOURLY = [1, 0.5, 0.25, 0, 0.25, 1, 2, 3, 3, 2.5, 2, 2, 2, 2, 2, 2.5, 3, 3, 2, 1.5, 1, 1, 1, 1];
const WEEKLY = [1.2, 1.2, 1.2, 1.2, 1.1, 0.7, 0.4];
const WEEKS = 5;
const REPS = 24;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** The rate in trucks per hour, from the scenario's numbers by the spec's formula. */
const rate = (d: number, h: number) => (TRUCKS_PER_DAY / 24) * (HOURLY[h] / mean(HOURLY)) * (WEEKLY[d] / mean(WEEKLY));

describe(`arrivals per hour-of-week cell follow the NHPP rate: ${REPS} replications of ${WEEKS} weeks`, () => {
  const scenario = validateScenario(
    {
      name: 'profile',
      horizon: { days: 7 * WEEKS },
      // Plenty of bays: the hub plays no part in when trucks arrive.
      hub: { chargers: [{ id: 'b', connector: 'CCS', cabinets: 30, cabinetKw: 400 }] },
      arrivals: { trucksPerDay: TRUCKS_PER_DAY, hourly: HOURLY, weekly: WEEKLY },
      fleet: [{ name: 't', batteryKwh: 600, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0.5, targetSoc: 0.6 },
    },
    'profile',
  );
  const layout = breakdownLayout(scenario);
  const acc = new VectorSummary(layout.size);
  const slot = (row: number) => layout.byHour + row * BY_HOUR_METRICS.length + BY_HOUR_METRICS.indexOf('arrivals');

  beforeAll(() => {
    for (let r = 1; r <= REPS; r++) acc.add(breakdownVector(scenario, simulate(scenario, 100 + r)));
  }, 120_000);

  test('every cell of the week: within 5 standard errors of lambda(d, h); none in a zero-weight hour', () => {
    const off: unknown[] = [];
    for (let k = 0; k < HOURS_OF_WEEK; k++) {
      const [d, h] = [Math.floor(k / 24), k % 24];
      const s = acc.summary(slot(k));
      const expected = rate(d, h);
      const tol = 5 * Math.sqrt(expected / (REPS * WEEKS));
      if (s.n !== REPS || !(Math.abs(s.mean - expected) <= tol)) off.push({ d, h, got: s.mean, expected, tol });
      if (expected === 0 && s.max !== 0) off.push({ d, h, max: s.max });
    }
    expect(off).toEqual([]);
  });

  test('every hour of the day, over the whole week: lambda(h) = trucksPerDay / 24 × hourly[h] / mean(hourly)', () => {
    const off: unknown[] = [];
    for (let h = 0; h < 24; h++) {
      const s = acc.summary(slot(HOURS_OF_WEEK + h));
      const expected = (TRUCKS_PER_DAY / 24) * (HOURLY[h] / mean(HOURLY));
      const tol = 5 * Math.sqrt(expected / (REPS * WEEKS * 7));
      if (!(Math.abs(s.mean - expected) <= tol)) off.push({ h, got: s.mean, expected, tol });
    }
    expect(off).toEqual([]);
  });
});

/**
 * The same check for a profile given by hour of the week: a German week in which the Sunday
 * driving ban holds trucks back until 22:00 and a surge follows, and Friday afternoons are busy.
 * lambda(k) = trucksPerDay / 24 × hourOfWeek[k] / mean(hourOfWeek); the same sample size argument.
 */
describe(`arrivals per hour-of-week cell follow an hourOfWeek profile: ${REPS} replications of ${WEEKS} weeks`, () => {
  const WEEK = Array.from({ length: HOURS_OF_WEEK }, (_, k) => {
    const [d, h] = [Math.floor(k / 24), k % 24];
    if (d === 6) return h < 22 ? 0.05 : h === 22 ? 4 : 3; // Sunday: ban until 22:00, then the surge
    if (d === 4 && h >= 12 && h < 18) return 2.2; // Friday afternoon
    return HOURLY[h] * WEEKLY[d];
  });
  const scenario = validateScenario(
    {
      name: 'profile-week',
      horizon: { days: 7 * WEEKS },
      hub: { chargers: [{ id: 'b', connector: 'CCS', cabinets: 30, cabinetKw: 400 }] },
      arrivals: { trucksPerDay: TRUCKS_PER_DAY, hourOfWeek: WEEK },
      fleet: [{ name: 't', batteryKwh: 600, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0.5, targetSoc: 0.6 },
    },
    'profile-week',
  );
  const layout = breakdownLayout(scenario);
  const acc = new VectorSummary(layout.size);
  const slot = (row: number) => layout.byHour + row * BY_HOUR_METRICS.length + BY_HOUR_METRICS.indexOf('arrivals');

  beforeAll(() => {
    for (let r = 1; r <= REPS; r++) acc.add(breakdownVector(scenario, simulate(scenario, 500 + r)));
  }, 120_000);

  test('every cell of the week: within 5 standard errors of lambda(k)', () => {
    const off: unknown[] = [];
    const m = mean(WEEK);
    for (let k = 0; k < HOURS_OF_WEEK; k++) {
      const s = acc.summary(slot(k));
      const expected = (TRUCKS_PER_DAY / 24) * (WEEK[k] / m);
      const tol = 5 * Math.sqrt(expected / (REPS * WEEKS));
      if (s.n !== REPS || !(Math.abs(s.mean - expected) <= tol)) off.push({ k, got: s.mean, expected, tol });
    }
    expect(off).toEqual([]);
  });
});
