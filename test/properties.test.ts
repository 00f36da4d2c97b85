/**
 * Property tests: random small valid scenarios, and the invariants every run must keep
 * (no limit exceeded, energy balance, SoC in [0, 1], trucks in = trucks out, determinism,
 * common random numbers).
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  BY_FLEET_METRICS, BY_HOUR_METRICS, breakdownLayout, breakdownVector, LOAD_METRICS, LOAD_PERCENTS, WAIT_GRID,
} from '../src/model/breakdown.js';
import type { PowerRecord, SessionRecord } from '../src/model/records.js';
import { simulate, type TraceEntry } from '../src/model/simulate.js';
import { HOURS_OF_WEEK, type Scenario } from '../src/scenario/types.js';
import { observe, scenarioOf, withMilestones, type Observed, type RawScenario } from './helpers/scenarios.js';

type Connector = 'CCS' | 'MCS';
const CONNECTORS: Connector[] = ['CCS', 'MCS'];

/** Integers scaled, so that shrunk values stay readable (0.35, not 0.35000000000000003). */
const frac = (lo: number, hi: number, step = 100) => fc.integer({ min: Math.round(lo * step), max: Math.round(hi * step) }).map((v) => v / step);
const kw = (lo: number, hi: number) => fc.integer({ min: lo / 10, max: hi / 10 }).map((v) => v * 10);

const chargerArb = fc.record({
  connector: fc.constantFrom<Connector>('CCS', 'MCS'),
  cabinets: fc.integer({ min: 1, max: 3 }),
  baysPerCabinet: fc.integer({ min: 1, max: 2 }),
  cabinetKw: kw(100, 1200),
  bayKw: fc.option(kw(50, 1200), { nil: undefined }),
});

/** A curve from SoC 0 to 1 with 0-3 interior points, fraction > 0 below SoC 1. */
const curveArb = fc
  .record({
    socs: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }),
    fracs: fc.array(frac(0.05, 1), { minLength: 5, maxLength: 5 }),
    last: frac(0, 1),
  })
  .map(({ socs, fracs, last }) => {
    const inner = [...socs].sort((a, b) => a - b).map((s, i) => [s / 100, fracs[i + 1]]);
    return [[0, fracs[0]], ...inner, [1, last]];
  });

const truckTypeArb = fc.record({
  share: frac(0.1, 1),
  batteryKwh: kw(200, 800),
  ccs: fc.option(kw(100, 1200), { nil: undefined }),
  mcs: fc.option(kw(300, 1200), { nil: undefined }),
  curve: fc.option(curveArb, { nil: undefined }),
});

const socArb = fc.oneof(
  frac(0, 0.6),
  fc.record({ dist: fc.constant('uniform'), min: frac(0, 0.3) }).chain((d) => frac(0.05, 0.4).map((w) => ({ ...d, max: Math.round((d.min + w) * 100) / 100 }))),
  fc.record({ dist: fc.constant('normal'), mean: frac(0.1, 0.5), sd: frac(0.01, 0.2), min: fc.constant(0), max: fc.constant(0.7) }),
);

const demandArb = fc.oneof(
  fc.record({ arrivalSoc: socArb, targetSoc: fc.oneof(frac(0.5, 1), fc.constant({ dist: 'uniform', min: 0.6, max: 0.9 })) }),
  fc.record({ arrivalSoc: fc.option(socArb, { nil: undefined }), energyKwh: fc.oneof(kw(50, 600), fc.record({ dist: fc.constant('exponential'), mean: kw(100, 400) })) }),
);

const behaviourArb = fc.record({
  breakMin: fc.oneof(fc.integer({ min: 20, max: 90 }), fc.constant({ dist: 'triangular', min: 45, mode: 45, max: 75 }), fc.constant({ dist: 'exponential', mean: 45 })),
  leave: fc.constantFrom('charged', 'breakEnd', 'chargedAndBreakEnd'),
  patienceMin: fc.option(fc.oneof(fc.integer({ min: 5, max: 120 }), fc.constant({ dist: 'exponential', mean: 30 })), { nil: undefined }),
});

const hubArb = fc.record({
  gridKw: fc.option(kw(200, 3000), { nil: undefined, freq: 2 }), // nil with probability 1/freq: half the hubs have no grid limit
  allocation: fc.constantFrom('equal', 'fifo', 'deadline'),
  waitingSpaces: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  chargers: fc.array(chargerArb, { minLength: 1, maxLength: 3 }),
});

type HubDraw = typeof hubArb extends fc.Arbitrary<infer T> ? T : never;

function hubRaw(h: HubDraw): RawScenario {
  const hub: RawScenario = {
    allocation: h.allocation,
    chargers: h.chargers.map((c, i) => {
      const g: RawScenario = { id: `g${i}`, connector: c.connector, cabinets: c.cabinets, baysPerCabinet: c.baysPerCabinet, cabinetKw: c.cabinetKw };
      if (c.bayKw !== undefined) g.bayKw = c.bayKw;
      return g;
    }),
  };
  if (h.gridKw !== undefined) hub.gridKw = h.gridKw;
  if (h.waitingSpaces !== undefined) hub.waitingSpaces = h.waitingSpaces;
  return hub;
}

/** A random small valid scenario, as raw JSON. */
const scenarioArb = fc
  .record({
    hub: hubArb,
    fleet: fc.array(truckTypeArb, { minLength: 1, maxLength: 3 }),
    demand: demandArb,
    behaviour: behaviourArb,
    days: fc.integer({ min: 1, max: 3 }),
    warmup: fc.constantFrom(0, 0, 0.5),
    trucksPerDay: fc.integer({ min: 1, max: 80 }),
    hourly: fc.option(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 24, maxLength: 24 }).filter((a) => a.some((v) => v > 0)), { nil: undefined }),
    powerIntervalMin: fc.constantFrom(5, 15, 60),
  })
  .map((r) => {
    const hub = hubRaw(r.hub);
    const hubConnectors: Connector[] = [...new Set<Connector>(hub.chargers.map((c: RawScenario) => c.connector as Connector))];
    const fleet = r.fleet.map((t, i) => {
      const maxKw: Partial<Record<Connector, number>> = {};
      if (t.ccs !== undefined) maxKw.CCS = t.ccs;
      if (t.mcs !== undefined) maxKw.MCS = t.mcs;
      // Every type must be able to use some bay of this hub.
      if (!CONNECTORS.some((c) => maxKw[c] !== undefined && hubConnectors.includes(c))) maxKw[hubConnectors[0]] = t.ccs ?? t.mcs ?? 400;
      const type: RawScenario = { name: `type-${i}`, share: t.share, batteryKwh: t.batteryKwh, maxKw };
      if (t.curve) type.curve = t.curve;
      return type;
    });
    const demand: RawScenario = Object.fromEntries(Object.entries(r.demand).filter(([, v]) => v !== undefined));
    const behaviour: RawScenario = Object.fromEntries(Object.entries(r.behaviour).filter(([, v]) => v !== undefined));
    const arrivals: RawScenario = { trucksPerDay: r.trucksPerDay };
    if (r.hourly) arrivals.hourly = r.hourly;
    return {
      name: 'prop',
      horizon: { days: r.days, warmupDays: r.warmup },
      hub,
      arrivals,
      fleet,
      demand,
      behaviour,
      output: { powerIntervalMin: r.powerIntervalMin },
    } as RawScenario;
  });

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Bay layout as the spec numbers it: chargers in order, cabinet by cabinet. */
function layout(s: Scenario): { bays: { cabinet: number; bayKw: number; connector: string }[]; cabinetKw: number[] } {
  const bays: { cabinet: number; bayKw: number; connector: string }[] = [];
  const cabinetKw: number[] = [];
  for (const g of s.hub.chargers) {
    for (let c = 0; c < g.cabinets; c++) {
      cabinetKw.push(g.cabinetKw);
      for (let b = 0; b < g.baysPerCabinet; b++) bays.push({ cabinet: cabinetKw.length - 1, bayKw: g.bayKw, connector: g.connector });
    }
  }
  return { bays, cabinetKw };
}

type PowerEntry = Extract<TraceEntry, { event: 'power' }>;

/** One re-plan's grants: consecutive power entries at one instant, each truck at most once. */
function powerGroups(log: readonly TraceEntry[]): PowerEntry[][] {
  const groups: PowerEntry[][] = [];
  let cur: PowerEntry[] | null = null;
  for (const e of log) {
    if (e.event !== 'power') {
      cur = null;
      continue;
    }
    if (cur === null || cur[0].t !== e.t || cur.some((x) => x.truck === e.truck)) {
      cur = [];
      groups.push(cur);
    }
    cur.push(e);
  }
  return groups;
}

const REL = 1e-9;
const within = (x: number, limit: number) => x <= limit * (1 + REL) + 1e-9;

function checkLimits(s: Scenario, o: Observed): void {
  const { bays, cabinetKw } = layout(s);
  for (const g of powerGroups(o.log)) {
    const used = new Array(cabinetKw.length).fill(0);
    let total = 0;
    for (const e of g) {
      const bay = bays[e.bay - 1];
      if (!(e.kw >= 0 && within(e.kw, e.cap) && within(e.cap, bay.bayKw) && e.cabinet === bay.cabinet)) {
        throw new Error(`bay limit broken at t=${e.t}: ${JSON.stringify(e)} on ${JSON.stringify(bay)}`);
      }
      used[e.cabinet] += e.kw;
      total += e.kw;
    }
    used.forEach((u, k) => {
      if (!within(u, cabinetKw[k])) throw new Error(`cabinet ${k} draws ${u} > ${cabinetKw[k]} kW at t=${g[0].t}`);
    });
    if (!within(total, s.hub.gridKw)) throw new Error(`site draws ${total} > ${s.hub.gridKw} kW at t=${g[0].t}`);
  }
}

function checkEnergyBalance(s: Scenario, o: Observed): void {
  const sessions = o.sessions.reduce((acc, x) => acc + x.energyKwh, 0);
  const width = s.output.powerIntervalMin;
  const integral = o.intervals.reduce((acc, p) => acc + (p.gridKwMean * width) / 60, 0);
  expect(Math.abs(sessions - integral)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(sessions)));
  // The intervals tile [0, end) without gaps.
  o.intervals.forEach((p, i) => check(p.startMin === i * width, () => `interval ${i} starts at ${p.startMin}`));
  expect(o.intervals.length * width).toBeGreaterThanOrEqual(o.result.endMin);
}

/** Throws with `what` unless `ok`: cheaper than expect() in loops that fast-check runs thousands of times. */
function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

function checkSoc(o: Observed): void {
  for (const x of o.sessions) {
    check(x.socIn >= 0 && x.socIn <= 1 && x.socOut >= 0 && x.socOut <= 1, () => `SoC out of [0, 1]: ${JSON.stringify(x)}`);
    check(x.socOut >= x.socIn - 1e-12, () => `SoC fell while plugged in: ${JSON.stringify(x)}`);
  }
}

function checkTrucks(s: Scenario, o: Observed): void {
  const { bays } = layout(s);
  const ids = o.sessions.map((x) => x.truck).sort((a, b) => a - b);
  expect(ids).toEqual(Array.from({ length: o.result.trucks }, (_, i) => i + 1));
  const H = s.horizon.days * 1440;
  const W = s.horizon.warmupDays * 1440;
  const counted = o.sessions.filter((x) => x.arrivalMin >= W && x.arrivalMin < H);
  const count = (outcomes: string[]) => counted.filter((x) => outcomes.includes(x.outcome)).length;
  const m = o.result.metrics;
  expect({ arrived: m.trucks_arrived, served: m.trucks_served, balked: m.trucks_balked, reneged: m.trucks_reneged }).toEqual({
    arrived: counted.length,
    served: count(['charged', 'left_at_break_end']),
    balked: count(['balked']),
    reneged: count(['reneged']),
  });
  expect(m.trucks_arrived).toBe(m.trucks_served + m.trucks_balked + m.trucks_reneged);
  for (const x of o.sessions) {
    const type = s.fleet.find((f) => f.name === x.fleet);
    const row = () => JSON.stringify(x);
    check(type !== undefined, () => `unknown fleet in ${row()}`);
    check(x.arrivalMin >= 0 && x.arrivalMin < H, () => `arrival outside [0, horizon): ${row()}`);
    check(x.energyKwh >= -1e-9, () => `negative energy: ${row()}`);
    check(Math.abs(x.energyKwh - (x.socOut - x.socIn) * type!.batteryKwh) <= 1e-6 * type!.batteryKwh, () => `energy and SoC disagree: ${row()}`);
    if (x.outcome === 'balked' || x.outcome === 'reneged') {
      check(x.bay === 0 && x.energyKwh === 0 && x.departMin >= x.arrivalMin, () => `unserved truck with a bay or energy: ${row()}`);
      check(x.outcome === 'reneged' || x.departMin === x.arrivalMin, () => `a balking truck leaves on arrival: ${row()}`);
    } else {
      check(x.waitMin >= 0 && x.waitMin === x.plugMin - x.arrivalMin, () => `bad wait: ${row()}`);
      check(x.unplugMin >= x.plugMin && x.departMin >= x.unplugMin, () => `times out of order: ${row()}`);
      const bay = bays[x.bay - 1];
      check(bay !== undefined && x.connector === bay.connector, () => `bad bay or connector: ${row()}`);
      check(type!.maxKw[bay.connector as Connector] !== undefined, () => `truck on a connector its type lacks: ${row()}`);
    }
  }
}

/** From the trace alone: a bay holds one truck at a time, and every plug has its unplug. */
function checkBays(o: Observed): void {
  const holder = new Map<number, number>();
  for (const e of o.log) {
    if (e.event === 'plug') {
      if (holder.has(e.bay)) throw new Error(`truck ${e.truck} plugged into bay ${e.bay} held by ${holder.get(e.bay)} at t=${e.t}`);
      holder.set(e.bay, e.truck);
    } else if (e.event === 'unplug') {
      if (holder.get(e.bay) !== e.truck) throw new Error(`truck ${e.truck} unplugged from bay ${e.bay} it did not hold at t=${e.t}`);
      holder.delete(e.bay);
    }
  }
  expect(holder.size).toBe(0);
  for (let i = 1; i < o.log.length; i++) check(o.log[i].t >= o.log[i - 1].t, () => `trace goes back in time at entry ${i}`);
}

const NUM_RUNS = 100;

/**
 * At every re-plan, a truck drawing less than its cap must be held back by a full cabinet or a
 * full grid (work conservation, all policies). With `maxMin`, it must also draw the most of all
 * trucks on that full cabinet or grid (the bottleneck characterisation of max-min fairness).
 */
function checkSharing(s: Scenario, o: Observed, maxMin: boolean): void {
  const { cabinetKw } = layout(s);
  const tol = 1e-6;
  for (const g of powerGroups(o.log)) {
    const used = new Array(cabinetKw.length).fill(0);
    const most = new Array(cabinetKw.length).fill(0);
    let total = 0;
    let mostAll = 0;
    for (const e of g) {
      used[e.cabinet] += e.kw;
      most[e.cabinet] = Math.max(most[e.cabinet], e.kw);
      total += e.kw;
      mostAll = Math.max(mostAll, e.kw);
    }
    for (const e of g) {
      if (e.kw >= e.cap * (1 - tol)) continue;
      const cabinetFull = used[e.cabinet] >= cabinetKw[e.cabinet] * (1 - tol);
      const gridFull = total >= s.hub.gridKw * (1 - tol);
      const why =
        `truck ${e.truck} gets ${e.kw} of its ${e.cap} kW at t=${e.t} (${s.hub.allocation}); cabinet ${e.cabinet} uses ` +
        `${used[e.cabinet]}/${cabinetKw[e.cabinet]} kW, the site ${total}/${s.hub.gridKw} kW; grants ${JSON.stringify(g.map((x) => [x.truck, x.cabinet, x.kw, x.cap]))}`;
      check(cabinetFull || gridFull, () => `unused power: ${why}`);
      if (maxMin) {
        const bottleneck = (cabinetFull && e.kw >= most[e.cabinet] * (1 - tol)) || (gridFull && e.kw >= mostAll * (1 - tol));
        check(bottleneck, () => `not max-min fair: ${why}`);
      }
    }
  }
}

describe('invariants of random small scenarios', () => {
  test('every generated scenario is valid', () => {
    fc.assert(fc.property(scenarioArb, (raw) => void scenarioOf(raw)), { numRuns: 300 });
  });

  test('no bay, cabinet or grid limit is ever exceeded', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        checkLimits(s, observe(s, seed));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('energy balance: sessions deliver what the site power integrates to', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        checkEnergyBalance(s, observe(s, seed));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('SoC stays in [0, 1] (socIn and socOut of every session)', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        checkSoc(observe(scenarioOf(raw), seed));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('trucks are conserved: one session each; arrived = served + balked + reneged; one truck per bay', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        const o = observe(s, seed);
        checkTrucks(s, o);
        checkBays(o);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('no power is left unused while a charging truck could take more (work conservation)', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        checkSharing(s, observe(s, seed), false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('work conservation on hubs with a grid limit (narrows the failure above down)', () => {
    fc.assert(
      fc.property(scenarioArb.filter((r) => r.hub.gridKw !== undefined), seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        checkSharing(s, observe(s, seed), false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test("'equal' is max-min fair: a truck below its cap gets the most on a full cabinet or a full grid", () => {
    fc.assert(
      fc.property(scenarioArb.map((r) => ({ ...r, hub: { ...r.hub, allocation: 'equal' } })), seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        checkSharing(s, observe(s, seed), true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('the same seed gives identical metrics and sessions', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        const a = observe(s, seed);
        const b = observe(s, seed);
        expect(b.result.metrics).toEqual(a.result.metrics);
        expect(b.sessions).toEqual(a.sessions);
        expect(b.intervals).toEqual(a.intervals);
      }),
      { numRuns: 25 },
    );
  });

  test('common random numbers: the same seed gives the same trucks on two hub designs', () => {
    fc.assert(
      fc.property(scenarioArb, hubArb, seedArb, (raw, otherHub, seed) => {
        const a = scenarioOf(raw);
        // Design B: other sizes, limits and policy, but the same connectors group by group, so
        // every truck type stays servable.
        const hub = hubRaw(otherHub);
        hub.chargers = raw.hub.chargers.map((c: RawScenario, i: number) => ({ ...hub.chargers[i % hub.chargers.length], id: c.id, connector: c.connector }));
        const b = scenarioOf({ ...raw, hub });
        const key = (o: Observed) =>
          [...o.sessions].sort((x, y) => x.truck - y.truck).map((x) => [x.truck, x.arrivalMin, x.fleet, x.socIn]);
        expect(key(observe(b, seed))).toEqual(key(observe(a, seed)));
      }),
      { numRuns: 30 },
    );
  });

  test('different seeds give different trucks', () => {
    const s = scenarioOf({ ...scenarioRawForSeeds() });
    const arrivals = (seed: number) => observe(s, seed).sessions.map((x) => x.arrivalMin).sort((a, b) => a - b);
    expect(arrivals(1)).not.toEqual(arrivals(2));
  });
});

/** Throws at the first entry where two long lists differ (much faster than toEqual on them). */
function sameEntries<T>(got: readonly T[], want: readonly T[]): void {
  check(got.length === want.length, () => `${got.length} entries, not ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    const a = JSON.stringify(got[i]);
    const b = JSON.stringify(want[i]);
    check(a === b, () => `entry ${i}: ${a}, not ${b}`);
  }
}

/**
 * A hub of 36 to 60 bays, two per 600 kW cabinet, under a grid of 60 to 250 kW per bay (binding
 * most of the time at the busier rates), with tapering curves and trucks arriving at 3 to 8 per
 * bay a day for a day: large enough for the milestone heaps (MILESTONES) and the shared level.
 */
const bigHubArb = fc
  .record({
    cabinets: fc.integer({ min: 18, max: 30 }),
    gridPerBay: fc.integer({ min: 6, max: 25 }).map((v) => v * 10),
    perBayDay: fc.integer({ min: 3, max: 8 }),
    allocation: fc.constantFrom('equal', 'fifo', 'deadline'),
    leave: fc.constantFrom('charged', 'breakEnd', 'chargedAndBreakEnd'),
  })
  .map((h): RawScenario => ({
    name: 'big',
    horizon: { days: 1, warmupDays: 0 },
    hub: {
      gridKw: h.gridPerBay * 2 * h.cabinets,
      allocation: h.allocation,
      chargers: [{ id: 'ccs', connector: 'CCS', cabinets: h.cabinets, baysPerCabinet: 2, cabinetKw: 600, bayKw: 400 }],
    },
    arrivals: { trucksPerDay: h.perBayDay * 2 * h.cabinets },
    fleet: [
      { name: 'a', share: 0.6, batteryKwh: 621, maxKw: { CCS: 400 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] },
      { name: 'b', share: 0.4, batteryKwh: 480, maxKw: { CCS: 250 }, curve: [[0, 0.7], [0.2, 1], [0.7, 1], [1, 0.3]] },
    ],
    demand: { arrivalSoc: { dist: 'uniform', min: 0.05, max: 0.5 }, targetSoc: { dist: 'uniform', min: 0.7, max: 0.95 } },
    behaviour: { breakMin: { dist: 'triangular', min: 30, mode: 45, max: 90 }, leave: h.leave, patienceMin: 60 },
    output: { powerIntervalMin: 15 },
  }));

/**
 * Two runs that differ at most in how the site's power was added up (see `Run.replan`): the same
 * trace, sessions and bays, and the same site power to the last few digits.
 */
function sameRun(scenario: Scenario, got: Pick<Observed, 'sessions' | 'intervals' | 'result'>, want: Pick<Observed, 'sessions' | 'intervals' | 'result'>): void {
  sameEntries(got.sessions, want.sessions);
  expect(got.result.bays).toEqual(want.result.bays);
  expect({ ...got.result, metrics: null, bays: null, breakdown: null }).toEqual({ ...want.result, metrics: null, bays: null, breakdown: null });
  const close = (a: number, b: number) => Object.is(a, b) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  // The breakdowns integrate site power too: the same to the last few digits, but for the
  // load-duration curve, read from a histogram within its stated 0.1 % (a last-digit change can
  // move a value between the two ends of its bucket).
  const bg = breakdownVector(scenario, got.result);
  const bw = breakdownVector(scenario, want.result);
  const layout = breakdownLayout(scenario);
  bw.forEach((v, i) => {
    const ranked = i >= layout.loadDuration && i < layout.waitCdf;
    // (A load-duration slot is empty, NaN, in both where no power interval lies wholly in the window.)
    check(ranked ? Object.is(bg[i], v) || Math.abs(bg[i] - v) <= 1e-3 * Math.abs(v) : close(bg[i], v), () => `breakdown slot ${i}: ${bg[i]}, not ${v}`);
  });
  for (const [k, v] of Object.entries(want.result.metrics)) {
    const x = got.result.metrics[k as keyof typeof want.result.metrics];
    check(close(x, v), () => `${k}: ${x}, not ${v}`);
  }
  check(got.intervals.length === want.intervals.length, () => `${got.intervals.length} intervals, not ${want.intervals.length}`);
  got.intervals.forEach((p, i) => {
    const q = want.intervals[i];
    check(p.startMin === q.startMin && close(p.gridKwMean, q.gridKwMean) && close(p.gridKwMax, q.gridKwMax) && p.occupiedBaysMean === q.occupiedBaysMean && p.queueMean === q.queueMean, () => `interval ${i}: ${JSON.stringify(p)}, not ${JSON.stringify(q)}`);
  });
}

describe('how milestones are found does not change what is simulated', () => {
  // Scanning only; heaps only; and switching back and forth every few trucks.
  const ways = [{ heapsFrom: Infinity }, { heapsFrom: 0, scanBelow: 0 }, { heapsFrom: 3, scanBelow: 2 }];

  test('keeping milestones in heaps gives the same run, trace included, as scanning the charging trucks', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        const [scanned, ...others] = ways.map((w) => withMilestones(w, () => observe(s, seed)));
        for (const o of others) {
          sameEntries(o.log, scanned.log);
          sameRun(s, o, scanned);
        }
      }),
      { numRuns: 40 },
    );
  });

  test('... and on large hubs', () => {
    fc.assert(
      fc.property(bigHubArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        const run = () => {
          const sessions: SessionRecord[] = [];
          const intervals: PowerRecord[] = [];
          const result = simulate(s, seed, { onSession: (x) => sessions.push(x), onInterval: (x) => intervals.push(x) });
          return { sessions, intervals, result };
        };
        const [scanned, ...others] = ways.map((w) => withMilestones(w, run));
        for (const o of others) sameRun(s, o, scanned);
      }),
      { numRuns: 8 },
    );
  });

  test("restarting the level's accumulators often changes results only by rounding", () => {
    fc.assert(
      fc.property(fc.oneof(scenarioArb, bigHubArb), seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        const a = observe(s, seed);
        const b = withMilestones({ rebaseKwh: 1 }, () => observe(s, seed));
        expect(b.sessions.map((x) => [x.truck, x.outcome, x.bay])).toEqual(a.sessions.map((x) => [x.truck, x.outcome, x.bay]));
        b.sessions.forEach((x, i) => {
          const y = a.sessions[i];
          check(Object.is(x.unplugMin, y.unplugMin) || Math.abs(x.unplugMin - y.unplugMin) <= 1e-6, () => `truck ${x.truck} unplugs at ${x.unplugMin}, not ${y.unplugMin}`);
          check(Math.abs(x.energyKwh - y.energyKwh) <= 1e-6, () => `truck ${x.truck} gets ${x.energyKwh} kWh, not ${y.energyKwh}`);
        });
        checkEnergyBalance(s, b);
        checkSoc(b);
      }),
      { numRuns: 25 },
    );
  });
});

describe('invariants of large hubs under a binding grid', () => {
  test('limits, energy balance, SoC, trucks, and work conservation (max-min fairness for equal)', () => {
    fc.assert(
      fc.property(bigHubArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        const o = observe(s, seed);
        checkLimits(s, o);
        checkEnergyBalance(s, o);
        checkSoc(o);
        checkTrucks(s, o);
        checkSharing(s, o, s.hub.allocation === 'equal');
      }),
      { numRuns: 8 },
    );
  });
});

function scenarioRawForSeeds(): RawScenario {
  return fc.sample(scenarioArb, { seed: 42, numRuns: 1 })[0];
}

/**
 * The unconstrained demand against its definition at every instant. From the trace alone: each
 * re-plan lists every charging truck with its cabinet and cap, and a truck stops charging when it
 * unplugs (in `charged` and `breakEnd` modes; `chargedAndBreakEnd` trucks stay plugged after their
 * target, so those runs check only the interval bounds). Demand at an instant is
 * Σ over cabinets of min(cabinetKw, Σ caps); integrated over each interval it must match power.csv's
 * `demand_kw_mean`, be at least the grid power, at most Σ cabinetKw, and equal the grid power over
 * intervals in which no limit binds.
 */
function checkDemand(s: Scenario, o: Observed): void {
  const { cabinetKw } = layout(s);
  const allCabinets = cabinetKw.reduce((a, b) => a + b, 0);
  const width = s.output.powerIntervalMin;
  const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
  for (const p of o.intervals) {
    check(p.demandKwMean >= p.gridKwMean - tol(p.gridKwMean), () => `demand ${p.demandKwMean} below grid ${p.gridKwMean} at ${p.startMin}`);
    check(p.demandKwMean <= allCabinets + tol(allCabinets), () => `demand ${p.demandKwMean} above the cabinets' ${allCabinets} at ${p.startMin}`);
    if (s.hub.gridKw === Infinity) check(Math.abs(p.demandKwMean - p.gridKwMean) <= 1e-6 * Math.max(1, p.gridKwMean), () => `no grid limit, yet demand ${p.demandKwMean} != grid ${p.gridKwMean} at ${p.startMin}`);
  }
  if (s.behaviour.leave === 'chargedAndBreakEnd') return;
  const charging = new Map<number, { cabinet: number; cap: number; kw: number }>();
  const demandInt = new Float64Array(o.intervals.length);
  const bindsIn = new Uint8Array(o.intervals.length);
  let since = 0;
  const integrate = (to: number) => {
    const used = new Float64Array(cabinetKw.length);
    let grid = 0;
    for (const c of charging.values()) {
      used[c.cabinet] += c.cap;
      grid += c.kw;
    }
    let demand = 0;
    let binds = false;
    used.forEach((u, k) => {
      demand += Math.min(u, cabinetKw[k]);
      if (u > cabinetKw[k]) binds = true;
    });
    if (used.reduce((a, b) => a + b, 0) > s.hub.gridKw) binds = true;
    check(demand >= grid - tol(grid), () => `at t=${since} demand ${demand} < grid ${grid}`);
    for (let i = Math.floor(since / width); i * width < to && i < demandInt.length; i++) {
      const a = Math.max(since, i * width);
      const b = Math.min(to, (i + 1) * width);
      if (b > a) {
        demandInt[i] += demand * (b - a);
        if (binds) bindsIn[i] = 1;
      }
    }
  };
  for (const e of o.log) {
    if (e.t > since) {
      integrate(e.t);
      since = e.t;
    }
    if (e.event === 'power') charging.set(e.truck, { cabinet: e.cabinet, cap: e.cap, kw: e.kw });
    else if (e.event === 'unplug') charging.delete(e.truck);
  }
  o.intervals.forEach((p, i) => {
    const mean = demandInt[i] / width;
    check(Math.abs(mean - p.demandKwMean) <= 1e-6 * Math.max(1, mean), () => `interval ${p.startMin}: demand ${p.demandKwMean}, by definition ${mean}`);
    if (!bindsIn[i]) check(Math.abs(p.demandKwMean - p.gridKwMean) <= 1e-6 * Math.max(1, mean), () => `interval ${p.startMin} never binds, yet demand ${p.demandKwMean} != grid ${p.gridKwMean}`);
  });
}

/** Minutes of the window [W, H) in each hour-of-week cell, worked out here from the window alone. */
function exposure(s: Scenario): number[] {
  const W = s.horizon.warmupDays * 1440;
  const H = s.horizon.days * 1440;
  const out = new Array<number>(HOURS_OF_WEEK).fill(0);
  for (let n = Math.floor(W / 60); n * 60 < H; n++) out[n % HOURS_OF_WEEK] += Math.max(0, Math.min(H, n * 60 + 60) - Math.max(W, n * 60));
  return out;
}

/** The breakdowns against the whole-run metrics of the same replication. */
function checkBreakdowns(s: Scenario, o: Observed): void {
  const m = o.result.metrics;
  const l = breakdownLayout(s);
  const v = breakdownVector(s, o.result);
  const close = (a: number, b: number, what: string, rel = 1e-9) => check(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), () => `${what}: ${a} vs ${b}`);
  const hour = (row: number, metric: (typeof BY_HOUR_METRICS)[number]) => v[l.byHour + row * BY_HOUR_METRICS.length + BY_HOUR_METRICS.indexOf(metric)];
  const exp = exposure(s);
  const window = (s.horizon.days - s.horizon.warmupDays) * 1440;
  let arrivals = 0;
  let grid = 0;
  let demand = 0;
  exp.forEach((e, k) => {
    if (e === 0) return check(Number.isNaN(hour(k, 'arrivals')) && Number.isNaN(hour(k, 'grid_mean_kw')), () => `cell ${k} outside the window has values`);
    arrivals += hour(k, 'arrivals') * (e / 60);
    grid += hour(k, 'grid_mean_kw') * e;
    demand += hour(k, 'demand_mean_kw') * e;
  });
  close(arrivals, m.trucks_arrived, 'by-hour arrivals × hours vs trucks_arrived');
  close(grid / window, m.grid_mean_kw, 'exposure-weighted by-hour grid power vs grid_mean_kw');
  close(demand / window, m.demand_mean_kw, 'exposure-weighted by-hour demand vs demand_mean_kw');
  for (let h = 0; h < 24; h++) {
    const hours = [0, 1, 2, 3, 4, 5, 6].reduce((a, d) => a + exp[d * 24 + h] / 60, 0);
    const perCell = [0, 1, 2, 3, 4, 5, 6].reduce((a, d) => a + (exp[d * 24 + h] > 0 ? hour(d * 24 + h, 'arrivals') * (exp[d * 24 + h] / 60) : 0), 0);
    if (hours > 0) close(hour(HOURS_OF_WEEK + h, 'arrivals') * hours, perCell, `hour-of-day ${h} arrivals`);
  }
  const fleet = (f: number, metric: (typeof BY_FLEET_METRICS)[number]) => v[l.byFleet + f * BY_FLEET_METRICS.length + BY_FLEET_METRICS.indexOf(metric)];
  const types = s.fleet.map((_, f) => f);
  check(types.reduce((a, f) => a + fleet(f, 'trucks_arrived'), 0) === m.trucks_arrived, () => 'fleet arrivals do not sum to trucks_arrived');
  close(types.reduce((a, f) => a + fleet(f, 'energy_delivered_kwh'), 0), m.energy_delivered_kwh, 'fleet energy delivered', 1e-6);
  close(types.reduce((a, f) => a + fleet(f, 'energy_unmet_kwh'), 0), m.energy_unmet_kwh, 'fleet energy unmet', 1e-6);
  close(types.reduce((a, f) => a + (fleet(f, 'trucks_arrived') > 0 ? fleet(f, 'service_level') * fleet(f, 'trucks_arrived') : 0), 0), m.service_level * m.trucks_arrived || 0, 'fleet service levels');
  const cdf = WAIT_GRID.map((_, j) => v[l.waitCdf + j]);
  if (m.trucks_arrived === 0) check(cdf.every(Number.isNaN), () => 'a CDF without arrivals');
  else {
    check(cdf.every((x, j) => j === 0 || x >= cdf[j - 1]), () => `CDF not monotone: ${cdf}`);
    check(cdf[cdf.length - 1] <= m.served_share, () => `CDF at 480 min ${cdf[cdf.length - 1]} > served_share ${m.served_share}`);
    check(m.service_level <= m.served_share, () => 'service_level above served_share');
    if (m.trucks_served > 0) close(cdf[0], m.no_wait_share * m.served_share, 'CDF at 0 vs no_wait_share × served_share');
  }
  const ld = (pct: number, metric: (typeof LOAD_METRICS)[number]) => v[l.loadDuration + pct * LOAD_METRICS.length + LOAD_METRICS.indexOf(metric)];
  if (Number.isNaN(ld(0, 'grid_kw'))) return;
  // Ranked values are within 0.1 % (extremes exact); the k-th largest demand is at least the k-th largest grid power.
  close(ld(0, 'grid_kw'), m.grid_peak_kw, 'load-duration share 0 vs grid_peak_kw', 1e-3);
  close(ld(0, 'demand_kw'), m.demand_peak_kw, 'load-duration share 0 vs demand_peak_kw', 1e-3);
  for (const pct of LOAD_PERCENTS.slice(1)) {
    check(ld(pct, 'grid_kw') <= ld(pct - 1, 'grid_kw'), () => `load-duration not falling at ${pct} %`);
    check(ld(pct, 'demand_kw') >= ld(pct, 'grid_kw') * (1 - 2e-3) - 1e-9, () => `demand below grid at ${pct} % of time`);
  }
}

describe('planning breakdowns of random small scenarios', () => {
  test('unconstrained demand: its definition at every instant; never below grid power nor above the cabinets; equal while nothing binds', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        checkDemand(s, observe(s, seed));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('by-hour, by-fleet, wait CDF and load-duration agree with the whole-run metrics', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, (raw, seed) => {
        const s = scenarioOf(raw);
        checkBreakdowns(s, observe(s, seed));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
