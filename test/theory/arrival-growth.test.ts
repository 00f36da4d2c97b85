/**
 * Arrivals with growth against the integrated rate they are drawn from. With `growthPerYear` g the
 * rate of hour n (from t = 0) is
 *   lambda_n = trucksPerDay / 24 × hourly[n mod 24] / mean(hourly) × (1 + g)^((n + 1/2) / 8760)
 * per hour, so a year's count is Poisson with mean Λ_y = Σ of lambda_n over its 8760 hours. The
 * expected values are summed here from that formula, never taken from a run.
 *
 * Sample size. Over R replications the mean yearly count has standard error sqrt(Λ_y / R); with
 * R = 40 and Λ_y of 18,000 to 41,000 that is 21 to 32 trucks, and the tolerance of 5 standard
 * errors per year (three years) errs by chance with probability below 3 × 6e-7.
 */
import { expect, test } from '@jest/globals';
import { TruckSource } from '../../src/model/arrivals.js';
import { validateScenario } from '../../src/scenario/validate.js';

const TRUCKS_PER_DAY = 50;
const G = 0.5;
const YEARS = 3;
const REPS = 40;
const HOURLY = [0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 0.9, 1.2, 1.4, 1.5, 1.5, 1.5, 1.6, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.8, 0.6, 0.5, 0.4];
const meanHourly = HOURLY.reduce((a, b) => a + b, 0) / 24;

const expected = Array.from({ length: YEARS }, (_, y) => {
  let sum = 0;
  for (let n = y * 8760; n < (y + 1) * 8760; n++) sum += (TRUCKS_PER_DAY / 24) * (HOURLY[n % 24] / meanHourly) * Math.pow(1 + G, (n + 0.5) / 8760);
  return sum;
});

test(`yearly arrivals with ${G * 100} % growth a year match the integrated rate within 5 Poisson standard errors (${REPS} replications of ${YEARS} years)`, () => {
  const scenario = validateScenario(
    {
      name: 'growth',
      horizon: { days: 365 * YEARS },
      hub: { chargers: [{ id: 'b', connector: 'CCS', cabinets: 1, cabinetKw: 400 }] },
      arrivals: { trucksPerDay: TRUCKS_PER_DAY, hourly: HOURLY, growthPerYear: G },
      fleet: [{ name: 't', batteryKwh: 600, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0.5, targetSoc: 0.6 },
    },
    'growth',
  );
  const counts = new Float64Array(YEARS);
  const t = { id: 0, arrival: 0, type: 0, socIn: 0, wantKwh: 0, breakMin: 0, patienceMin: 0 };
  for (let r = 1; r <= REPS; r++) {
    const src = new TruckSource(scenario, 7000 + r);
    while (src.next(t)) counts[Math.floor(t.arrival / 525600)]++;
  }
  const off: unknown[] = [];
  for (let y = 0; y < YEARS; y++) {
    const got = counts[y] / REPS;
    const tol = 5 * Math.sqrt(expected[y] / REPS);
    if (!(Math.abs(got - expected[y]) <= tol)) off.push({ year: y + 1, got, expected: expected[y], tol });
  }
  expect(off).toEqual([]);
  // The growth is there: the third year carries (1 + g)^2 times the first, to within the same noise.
  expect(expected[2] / expected[0]).toBeCloseTo((1 + G) ** 2, 6);
});
