/**
 * Little's law, L = lambda W: the time-average number of trucks in a part of the hub equals the
 * arrival rate times the mean time a truck spends there. It needs no distributional assumption,
 * so it is checked on a textbook M/M/8 hub and on a busy realistic hub (shared cabinets, a grid
 * limit, tapering curves, two connector types, daily and weekly profiles, a finite queue, impatient
 * drivers). Over a finite window [W, H) the law holds up to edge terms: time spent inside the
 * window by trucks that arrived before W, and time spent after H by trucks that arrived before H.
 * Both are about (trucks present at an edge) x (their remaining stay), so their share of the total
 * shrinks like L / N with N trucks in the window.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { simulate, validateScenario, type Metrics } from '../../src/index.js';
import { DAY, hubScenario, windowMinutes } from './hub.js';

describe("Little's law on an M/M/8 hub at rho 0.9 (100,000 trucks)", () => {
  // lambda = 0.12 / min, mean plug-in 60 min. Expected edge terms: L ~ 13.5 trucks present, each
  // with ~W ~ 113 min to go, twice, against N W = 100,000 x 113 truck-minutes: 2 L / N ~ 3e-4
  // (queue alone: 2 Lq / N ~ 1.3e-4). The queue's sd at rho .9 is about its mean again, so even an
  // edge with 10x the mean content stays under 0.3 %; 0.5 % is the tolerance.
  const scenario = hubScenario({ c: 8, lambda: 0.12, energyKwh: { dist: 'exponential', mean: 400 }, trucks: 100_000, warmupDays: 10 });
  let m: Metrics;
  let lambdaHat: number;
  beforeAll(() => {
    m = simulate(scenario, 4242).metrics;
    lambdaHat = m.trucks_arrived / windowMinutes(scenario, 1);
  }, 60_000);

  test('queue: queue_mean = lambda x wait_mean_min', () => {
    expect(m.trucks_served).toBe(m.trucks_arrived);
    expect(Math.abs(m.queue_mean / (lambdaHat * m.wait_mean_min) - 1)).toBeLessThan(0.005);
  });

  test('bays: 8 x bay_occupancy = lambda x charge_mean_min', () => {
    expect(Math.abs((8 * m.bay_occupancy) / (lambdaHat * m.charge_mean_min) - 1)).toBeLessThan(0.005);
  });

  test('system: 8 x bay_occupancy + queue_mean = lambda x (wait + charge)', () => {
    const l = 8 * m.bay_occupancy + m.queue_mean;
    expect(Math.abs(l / (lambdaHat * (m.wait_mean_min + m.charge_mean_min)) - 1)).toBeLessThan(0.005);
  });
});

describe("Little's law on a realistic hub with sharing, a grid limit, balking and reneging (~30,000 trucks)", () => {
  // The window runs from a Wednesday noon to a Wednesday noon, so trucks straddle both edges.
  const DAYS = 7 * 43 + 2.5;
  const WARMUP = 9.5;
  const scenario = validateScenario(
    {
      name: 'little-realistic',
      horizon: { days: DAYS, warmupDays: WARMUP },
      hub: {
        gridKw: 2400,
        allocation: 'equal',
        waitingSpaces: 6,
        chargers: [
          { id: 'ccs', connector: 'CCS', cabinets: 3, baysPerCabinet: 2, cabinetKw: 400, bayKw: 400 },
          { id: 'mcs', connector: 'MCS', cabinets: 1, baysPerCabinet: 1, cabinetKw: 1000, bayKw: 1000 },
        ],
      },
      arrivals: {
        trucksPerDay: 100,
        hourly: [0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 0.9, 1.2, 1.4, 1.5, 1.5, 1.5, 1.6, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.8, 0.6, 0.5, 0.4],
        weekly: [1.05, 1.1, 1.1, 1.1, 1.05, 0.6, 0.2],
      },
      fleet: [
        { name: 'eactros600', share: 0.6, batteryKwh: 621, maxKw: { CCS: 400, MCS: 1000 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] },
        { name: 'etgx', share: 0.4, batteryKwh: 480, maxKw: { CCS: 375 }, curve: [[0, 1], [0.8, 1], [1, 0.3]] },
      ],
      demand: { arrivalSoc: { dist: 'normal', mean: 0.2, sd: 0.07, min: 0.05, max: 0.6 }, targetSoc: 0.8 },
      behaviour: { breakMin: { dist: 'triangular', min: 45, mode: 45, max: 75 }, leave: 'chargedAndBreakEnd', patienceMin: { dist: 'exponential', mean: 45 } },
    },
    'little-realistic',
  );
  const W = WARMUP * DAY;
  const H = DAYS * DAY;
  const T = H - W;
  const nBays = 7;
  let m: Metrics;
  let queueLaw = 0; // queue minutes of the trucks arriving in the window: the "lambda W" of the law
  let bayLaw = 0;
  let queueExact = 0; // queue minutes that fall inside the window, over all trucks
  let bayExact = 0;
  let queueEdge = 0; // queue minutes of trucks whose stay crosses W or H: bounds the edge terms
  let bayEdge = 0;
  beforeAll(() => {
    const overlap = (a: number, b: number) => Math.max(0, Math.min(b, H) - Math.max(a, W));
    const crosses = (a: number, b: number) => (a < W && b > W) || (a < H && b > H);
    m = simulate(scenario, 7, {
      onSession: (s) => {
        // Minutes in the queue: a balking truck never joins it, a reneging one leaves it unserved.
        const queued = s.outcome === 'balked' ? 0 : s.outcome === 'reneged' ? s.departMin - s.arrivalMin : s.waitMin;
        const plugged = !Number.isNaN(s.plugMin);
        queueExact += overlap(s.arrivalMin, s.arrivalMin + queued);
        if (plugged) bayExact += overlap(s.plugMin, s.unplugMin);
        if (s.arrivalMin >= W && s.arrivalMin < H) {
          queueLaw += queued;
          if (plugged) bayLaw += s.unplugMin - s.plugMin;
        }
        if (crosses(s.arrivalMin, s.arrivalMin + queued)) queueEdge += queued;
        if (plugged && crosses(s.plugMin, s.unplugMin)) bayEdge += s.unplugMin - s.plugMin;
      },
    }).metrics;
  }, 60_000);

  test('the hub is busy enough for the law to bite: trucks wait, balk and renege', () => {
    expect(m.trucks_arrived).toBeGreaterThan(28_000);
    expect(m.queue_mean).toBeGreaterThan(0.3);
    expect(m.trucks_balked).toBeGreaterThan(100);
    expect(m.trucks_reneged).toBeGreaterThan(100);
  });

  // The sample-path identity behind the law: the integral of the queue (bay) count over the window
  // is the sum over trucks of their queue (bay) minutes inside the window. Exact up to rounding of
  // ~1e5 additions (relative 1e-9 is ~1e6 ulps of headroom).
  test('queue_mean x T and bay_occupancy x bays x T are the in-window minutes of every truck', () => {
    expect(Math.abs(m.queue_mean * T - queueExact)).toBeLessThanOrEqual(1e-9 * queueExact);
    expect(Math.abs(m.bay_occupancy * nBays * T - bayExact)).toBeLessThanOrEqual(1e-9 * bayExact);
  });

  // Little's law for the trucks arriving in the window differs from the integral only by the edge
  // terms, which the minutes of trucks straddling W or H bound; with ~30,000 trucks and a handful
  // present at each edge they are well under 1 % of the total.
  test('queue: L_q = lambda W_q (reneging and balking trucks included), and bays: L_b = lambda W_b', () => {
    expect(Math.abs(m.queue_mean * T - queueLaw)).toBeLessThanOrEqual(queueEdge + 1e-9 * queueLaw);
    expect(Math.abs(m.bay_occupancy * nBays * T - bayLaw)).toBeLessThanOrEqual(bayEdge + 1e-9 * bayLaw);
    expect(Math.abs(queueLaw / (m.queue_mean * T) - 1)).toBeLessThan(0.01);
    expect(Math.abs(bayLaw / (m.bay_occupancy * nBays * T) - 1)).toBeLessThan(0.01);
  });
});
