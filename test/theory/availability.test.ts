/**
 * Bay availability against the alternating renewal process it is: a bay up for U, down for R, up
 * again, ... is available a long-run share E[U] / (E[U] + E[R]) of the time (renewal-reward
 * theorem), whatever the distributions, and whatever trucks do.
 *
 * Here U ~ exponential(mean 2000 min) kept inside its field's range [1, ...] by redrawing, so
 * E[U] = 1 + 2000 (memorylessness), and R ~ exponential(mean 200 min): A = 2001 / 2201 = 0.90913.
 * The theory value comes from those numbers, never from a run.
 *
 * Sample size. With exponential up and repair times a bay is a two-state Markov chain with rates
 * a = 1/E[U] and b = 1/E[R]; its state's autocovariance is A(1 − A)·exp(−t/τ), τ = 1/(a + b) = 182
 * min, so its time average over T minutes has variance 2·A(1 − A)·τ / T. Fifty independent bays over
 * a year (after a day of warm-up, which leaves a start-up bias below exp(−1440/τ) = 4e-4 of 1 − A)
 * and 4 replications make the standard error sqrt(2 × 0.0826 × 182 / (525600 × 50 × 4)) = 5.3e-4;
 * the tolerance is 5 of them (0.0027): a false failure has probability below 1e-6.
 */
import { expect, test } from '@jest/globals';
import { simulate } from '../../src/model/simulate.js';
import { validateScenario } from '../../src/scenario/validate.js';

const MTBF = 2000;
const MTTR = 200;
const BAYS = 50;
const DAYS = 366; // a day of warm-up, then a year
const REPS = 4;

const up = 1 + MTBF; // E[U | U >= 1] for the exponential
const A = up / (up + MTTR);
const tau = 1 / (1 / up + 1 / MTTR);
const se = Math.sqrt((2 * A * (1 - A) * tau) / ((DAYS - 1) * 1440 * BAYS * REPS));

function hub(trucksPerDay: number) {
  return validateScenario(
    {
      name: 'availability',
      horizon: { days: DAYS, warmupDays: 1 },
      hub: {
        chargers: [
          {
            id: 'ccs',
            connector: 'CCS',
            cabinets: BAYS,
            cabinetKw: 400,
            failures: { betweenMin: { dist: 'exponential', mean: MTBF }, repairMin: { dist: 'exponential', mean: MTTR } },
          },
        ],
      },
      arrivals: { trucksPerDay },
      fleet: [{ name: 't', batteryKwh: 600, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
    },
    'availability',
  );
}

test(`bay_availability = MTBF / (MTBF + MTTR) = ${A.toFixed(5)} within 5 standard errors (${(5 * se).toFixed(4)}), on a hub with no trucks`, () => {
  const s = hub(0);
  let sum = 0;
  for (let r = 1; r <= REPS; r++) sum += simulate(s, 1000 + r).metrics.bay_availability;
  expect(Math.abs(sum / REPS - A)).toBeLessThanOrEqual(5 * se);
});

test('trucks change nothing of when bays fail: the same seed gives the same availability with and without load', () => {
  const busy = simulate(hub(400), 1001).metrics;
  const idle = simulate(hub(0), 1001).metrics;
  // The same bays fail at the same times; only the end of the last outage inside the window is
  // the same too, so the values agree to rounding.
  expect(busy.trucks_served).toBeGreaterThan(0);
  expect(busy.bay_availability).toBeCloseTo(idle.bay_availability, 12);
}, 60_000);
