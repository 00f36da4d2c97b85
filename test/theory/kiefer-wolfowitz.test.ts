/**
 * Kiefer–Wolfowitz: in a FIFO queue with c identical servers, every customer's wait is a function
 * of the arrival times and service times alone, given by the workload-vector recursion
 * (Kiefer & Wolfowitz 1955; Lindley's recursion when c = 1):
 *   V_1 = 0;  wait_n = V_n[0];  V_{n+1} = sort((V_n[0] + S_n, V_n[1], …, V_n[c-1]) − A_n)⁺
 * with V sorted ascending and A_n the gap to the next arrival. A trace-driven hub with c identical
 * bays, one truck type charging at a constant power and a deterministic energy per truck is exactly
 * such a queue (S = energy / power), so each truck's simulated wait must match the recursion — not
 * statistically, but truck by truck, to rounding. Inputs come from the test's own seeded generator;
 * which free bay a truck takes does not matter, as the bays are identical.
 */
import { describe, expect, test } from '@jest/globals';
import { parseScenario, simulate } from '../../src/index.js';
import { kieferWolfowitzWaits, lcg } from './queueing.js';

/** Rounding allowance on a wait, minutes. */
const TOL = 1e-6;

interface Case {
  readonly label: string;
  readonly c: number;
  readonly trucks: number;
  readonly seed: number;
  /** Bay (and truck) power, kW. */
  readonly kw: number;
  /** Share of trucks that arrive at the same minute as the one before. */
  readonly tieShare: number;
  /** Integer arrival minutes and integer plug-in minutes, so departures coincide with arrivals. */
  readonly lattice: boolean;
  /** Write the trace rows in a shuffled order (the format allows unsorted rows). */
  readonly shuffle: boolean;
}

const CASES: readonly Case[] = [
  { label: 'one bay (Lindley)', c: 1, trucks: 300, seed: 11, kw: 400, tieShare: 0.15, lattice: false, shuffle: false },
  { label: 'two bays', c: 2, trucks: 400, seed: 12, kw: 400, tieShare: 0.2, lattice: false, shuffle: false },
  { label: 'three bays', c: 3, trucks: 400, seed: 13, kw: 400, tieShare: 0.2, lattice: false, shuffle: false },
  { label: 'eight bays', c: 8, trucks: 600, seed: 18, kw: 400, tieShare: 0.25, lattice: false, shuffle: false },
  { label: 'three bays, integer times: departures coincide with arrivals', c: 3, trucks: 400, seed: 23, kw: 600, tieShare: 0.2, lattice: true, shuffle: false },
  { label: 'four bays, trace rows shuffled', c: 4, trucks: 400, seed: 34, kw: 400, tieShare: 0.25, lattice: false, shuffle: true },
];

/** Mean plug-in time of the generated trucks, minutes. */
const MEAN_SERVICE = 60;
/** Offered load per bay: high, so queues build up and drain again over a few hundred trucks. */
const LOAD = 0.9;

interface Row {
  readonly arrival: number;
  readonly energy: number;
}

/** Random arrivals (exponential gaps, some zero) and energies (exponential, capped) for a case. */
function makeRows(k: Case): Row[] {
  const u = lcg(k.seed);
  const meanGap = MEAN_SERVICE / (LOAD * k.c) / (1 - k.tieShare);
  const rows: Row[] = [];
  let t = 5;
  for (let i = 0; i < k.trucks; i++) {
    if (i > 0 && u() >= k.tieShare) {
      const gap = -Math.log(1 - u()) * meanGap;
      t += k.lattice ? Math.max(1, Math.round(gap)) : gap;
    }
    // Plug-in minutes: exponential, at least 1 and at most 240; energy = minutes x kW / 60.
    let minutes = Math.min(240, Math.max(1, -Math.log(1 - u()) * MEAN_SERVICE));
    if (k.lattice) minutes = Math.round(minutes); // at 600 kW, 10 kWh per minute: exact in binary
    rows.push({ arrival: t, energy: k.lattice ? minutes * 10 : (minutes * k.kw) / 60 });
  }
  return rows;
}

/** Writes rows as a trace CSV, in the given order. Shortest round-trip decimals keep every bit. */
function toCsv(rows: readonly Row[], order: readonly number[]): string {
  return ['arrival_min,energy_kwh', ...order.map((i) => `${rows[i].arrival},${rows[i].energy}`)].join('\n') + '\n';
}

describe('Kiefer–Wolfowitz: each truck in a trace-driven FIFO hub waits exactly what the workload recursion says', () => {
  for (const k of CASES) {
    test(`${k.label}: ${k.trucks} trucks, c=${k.c}`, () => {
      const rows = makeRows(k); // in arrival order; ties in generation order
      const order = rows.map((_, i) => i);
      if (k.shuffle) {
        const u = lcg(k.seed + 1000);
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(u() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
      }
      // The simulator sorts the rows stably by arrival time: equal times keep their file order.
      const fileRank = new Array<number>(rows.length);
      order.forEach((row, pos) => (fileRank[row] = pos));
      const sorted = rows.map((_, i) => i).sort((a, b) => rows[a].arrival - rows[b].arrival || fileRank[a] - fileRank[b]);
      const arrivals = sorted.map((i) => rows[i].arrival);
      const services = sorted.map((i) => (rows[i].energy * 60) / k.kw);
      const expected = kieferWolfowitzWaits(arrivals, services, k.c);

      const last = arrivals[arrivals.length - 1];
      const scenario = parseScenario(
        JSON.stringify({
          name: 'kiefer-wolfowitz',
          horizon: { days: Math.ceil(last / 1440) + 1, warmupDays: 0 },
          hub: { chargers: [{ id: 'b', connector: 'CCS', cabinets: k.c, baysPerCabinet: 1, cabinetKw: k.kw, bayKw: k.kw }] },
          arrivals: { trace: 'kw.csv' },
          // The battery holds every demand (<= 240 min x 600 kW = 2400 kWh) without being much
          // larger: the simulator deems a target reached within 1e-9 of the battery (2.5e-6 kWh,
          // < 4e-7 min of charging). The flat default curve keeps the power constant.
          fleet: [{ name: 't', batteryKwh: 2500, maxKw: { CCS: k.kw } }],
          demand: { arrivalSoc: 0, energyKwh: 1 },
          behaviour: { breakMin: 45, leave: 'charged' },
        }),
        'kiefer-wolfowitz',
        (path) => {
          if (path !== 'kw.csv') throw new Error(`unexpected trace ${path}`);
          return toCsv(rows, order);
        },
      );

      const waits = new Float64Array(rows.length).fill(NaN);
      const plugged = new Float64Array(rows.length).fill(NaN);
      const outcomes = new Set<string>();
      const result = simulate(scenario, 1, {
        onSession: (s) => {
          waits[s.truck - 1] = s.waitMin;
          plugged[s.truck - 1] = s.unplugMin - s.plugMin;
          outcomes.add(s.outcome);
        },
      });
      expect(result.trucks).toBe(k.trucks);
      expect([...outcomes]).toEqual(['charged']);

      // Truck n (1-based, arrival order) is sorted[n - 1]: every plug-in lasts its own S exactly…
      const badService = services.map((s, n) => ({ truck: n + 1, expected: s, simulated: plugged[n] })).filter((x) => !(Math.abs(x.simulated - x.expected) <= TOL));
      expect(badService).toEqual([]);
      // …and every wait is the recursion's.
      const badWait = Array.from(expected, (w, n) => ({ truck: n + 1, expected: w, simulated: waits[n] })).filter((x) => !(Math.abs(x.simulated - x.expected) <= TOL));
      expect(badWait).toEqual([]);

      // The case is not trivial: many trucks queue, and some arrive together.
      const queued = expected.filter((w) => w > 0).length;
      expect(queued).toBeGreaterThan(0.25 * k.trucks);
      expect(queued).toBeLessThan(0.9 * k.trucks);
      const ties = arrivals.filter((a, i) => i > 0 && a === arrivals[i - 1]).length;
      expect(ties).toBeGreaterThan(0.1 * k.trucks);
      if (k.lattice) {
        const departures = new Set(arrivals.map((a, n) => a + expected[n] + services[n]));
        expect(arrivals.filter((a) => departures.has(a)).length).toBeGreaterThan(10);
      }
    });
  }
});
