/**
 * Erlang B: a hub with no waiting spaces (`waitingSpaces: 0`) turns away every truck that finds all
 * c bays busy, so it is an M/G/c/c loss system. Its blocking probability is Erlang's loss formula
 * B(c, a) with a = lambda E[S], whatever the distribution of the plug-in time S (Sevastyanov's
 * insensitivity theorem), and the mean number of busy bays is the carried load a (1 - B).
 * The cases keep a = 6 Erlangs on 8 bays and vary only the shape of the energy demand (all with
 * mean 400 kWh, i.e. E[S] = 60 min at 400 kW): exponential, constant, uniform, and a log-normal
 * with sd twice the mean. A model that let the shape matter (or that queued anyone) would miss.
 * Expected numbers come from ./queueing.ts.
 */
import { describe, expect, test } from '@jest/globals';
import { hubScenario, relErr, replicate, windowMinutes, type EnergyDist } from './hub.js';
import { erlangB } from './queueing.js';

const MU = 1 / 60;

interface Case {
  readonly c: number;
  /** Offered load, Erlangs. */
  readonly a: number;
  readonly label: string;
  readonly energyKwh: EnergyDist;
  readonly trucks: number;
  /** Absolute tolerance on the blocking share. */
  readonly tolB: number;
}

// Loss systems forget their past within a few plug-in times, so their averages are nearly
// independent per truck. Pilot runs (40 replications per case, and for the exponential cases an
// M/M/c/c loop of its own, 200 replications, that shares no code with hubsim) put the sd of the
// blocking share per million trucks at 0.00062 (exponential), 0.00042 (constant), 0.00053 (uniform)
// and 0.00086 (log-normal, CV 2) for c=8, a=6, and 0.00058 for c=3, a=2. With 120,000 trucks the SE
// is that x 2.9: <= 0.0018, or 0.0025 for the log-normal, so 0.0085 and 0.012 are >= 4.7 SE; with
// 60,000 trucks (x 4.1) it is <= 0.0024, so 0.012 is 5 SE. The carried load's sd per million trucks
// is <= 0.0014 relative (SE <= 0.0057 at 60,000 trucks), so 3 % is > 5 SE everywhere.
const CASES: readonly Case[] = [
  { c: 8, a: 6, label: 'exponential', energyKwh: { dist: 'exponential', mean: 400 }, trucks: 120_000, tolB: 0.0085 },
  { c: 8, a: 6, label: 'constant (M/D/c/c)', energyKwh: 400, trucks: 120_000, tolB: 0.0085 },
  { c: 8, a: 6, label: 'uniform on [0, 800] kWh', energyKwh: { dist: 'uniform', min: 0, max: 800 }, trucks: 120_000, tolB: 0.0085 },
  { c: 8, a: 6, label: 'log-normal, sd 800 kWh', energyKwh: { dist: 'lognormal', mean: 400, sd: 800 }, trucks: 120_000, tolB: 0.012 },
  { c: 3, a: 2, label: 'exponential', energyKwh: { dist: 'exponential', mean: 400 }, trucks: 60_000, tolB: 0.012 },
  { c: 3, a: 2, label: 'constant (M/D/c/c)', energyKwh: 400, trucks: 60_000, tolB: 0.012 },
];

describe('Erlang B: a hub without waiting spaces is an M/G/c/c loss system', () => {
  for (const k of CASES) {
    const b = erlangB(k.c, k.a);
    test(`c=${k.c}, a=${k.a}, ${k.label} demand, ${k.trucks.toLocaleString('en')} trucks: blocking = B(c, a) = ${b.toFixed(4)}, carried load a(1 - B)`, () => {
      const scenario = hubScenario({ c: k.c, lambda: k.a * MU, energyKwh: k.energyKwh, trucks: k.trucks, warmupDays: 1, waitingSpaces: 0 });
      const [m] = replicate(scenario, 1, 20 + CASES.indexOf(k));
      expect(m.trucks_served + m.trucks_balked).toBe(m.trucks_arrived);
      // Nobody queues in a loss system.
      expect(m.wait_max_min).toBe(0);
      expect(m.queue_max).toBe(0);
      // Arrivals are Poisson: the count's SE is 1/sqrt(n) <= 0.41 %, so 2 % is > 4.5 SE.
      expect(Math.abs(relErr(m.trucks_arrived / windowMinutes(scenario, 1), k.a * MU))).toBeLessThan(0.02);
      expect(Math.abs(m.trucks_balked / m.trucks_arrived - b)).toBeLessThan(k.tolB);
      expect(Math.abs(relErr(m.bay_occupancy * k.c, k.a * (1 - b)))).toBeLessThan(0.03);
    });
  }
});
