/**
 * Property tests of features together: random small trace-driven scenarios that combine the
 * allocation policies under cabinet and grid limits (constant or by hour), a site battery,
 * outages (failures and maintenance), reserved bays, both connectors with curves per connector,
 * the leave modes, patience, waiting spaces and a warm-up. Every arrival's quantities come from
 * the trace, so a replay of the run's trace can check each rule of the model against the README:
 * trucks are counted once, no limit is exceeded, each policy keeps its promise, no truck waits
 * while a bay it may use is free, no truck charges on a bay out of service, energy is what the
 * trace's powers integrate to, and the same seed gives the same run.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { staircase, stepAt, type Staircase } from '../src/model/curve.js';
import type { SessionRecord } from '../src/model/records.js';
import type { TraceEntry } from '../src/model/simulate.js';
import type { Scenario } from '../src/scenario/types.js';
import { csv, observe, traceScenario, withMilestones, type Observed, type RawScenario } from './helpers/scenarios.js';

type Connector = 'CCS' | 'MCS';

const kw = (lo: number, hi: number) => fc.integer({ min: lo / 10, max: hi / 10 }).map((v) => v * 10);
const frac = (lo: number, hi: number) => fc.integer({ min: Math.round(lo * 100), max: Math.round(hi * 100) }).map((v) => v / 100);

const curveArb = fc.constantFrom<number[][]>(
  [[0, 1], [0.8, 1], [1, 0.25]],
  [[0, 0.5], [0.3, 1], [0.6, 1], [1, 0.1]],
  [[0, 1], [0.5, 0.4], [1, 0.4]],
);

const groupArb = fc.record(
  {
    connector: fc.constantFrom<Connector>('CCS', 'MCS'),
    cabinets: fc.integer({ min: 1, max: 2 }),
    baysPerCabinet: fc.integer({ min: 1, max: 3 }),
    cabinetKw: kw(100, 1000),
    bayKw: kw(50, 1000),
    reservedFor: fc.constantFrom(['break'], ['overnight'], ['break', 'overnight']),
    failures: fc.record({ betweenMin: fc.integer({ min: 30, max: 600 }).map((mean) => ({ dist: 'exponential', mean })), repairMin: fc.constantFrom(0, 5, 30, 120) }),
    maintenance: fc.array(
      fc.oneof(
        fc.record({ startMin: fc.integer({ min: 0, max: 1500 }), length: fc.integer({ min: 1, max: 300 }) }).map((w) => ({ startMin: w.startMin, endMin: w.startMin + w.length })),
        fc.record({ weekday: fc.constantFrom('Mon', 'Sun'), startHour: fc.integer({ min: 0, max: 23 }), hours: fc.constantFrom(0.5, 1, 3) }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['connector', 'cabinets', 'baysPerCabinet', 'cabinetKw'] },
);

const typeArb = fc.record(
  {
    stop: fc.constantFrom('break', 'overnight'),
    batteryKwh: kw(200, 700),
    ccs: kw(100, 800),
    mcs: kw(300, 1200),
    has: fc.constantFrom('CCS', 'MCS', 'both'),
    curve: fc.oneof(curveArb, fc.record({ CCS: curveArb, MCS: curveArb }, { requiredKeys: [] })),
    leave: fc.constantFrom('charged', 'breakEnd', 'chargedAndBreakEnd'),
  },
  { requiredKeys: ['stop', 'batteryKwh', 'ccs', 'mcs', 'has'] },
);

const gridArb = fc.oneof(
  kw(100, 1500),
  fc.array(fc.constantFrom(0, 100, 250, 600, 1500), { minLength: 24, maxLength: 24 }).filter((a) => a.some((v) => v >= 1)).map((byHour) => ({ byHour })),
);

const batteryArb = fc.record(
  {
    capacityKwh: kw(10, 800),
    powerKw: kw(10, 500),
    efficiency: frac(0.5, 1),
    initialSoc: frac(0, 1),
    strategy: fc.constantFrom('greedy', 'peakShaving'),
    targetKw: kw(0, 1000),
  },
  { requiredKeys: ['capacityKwh', 'powerKw'] },
);

/** A trace row: minutes and fractions kept on round numbers, so that ties happen. */
const rowArb = fc.record({
  at: fc.oneof(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 160 }).map((v) => v * 5)),
  type: fc.nat(),
  soc: frac(0, 0.9),
  target: frac(0.3, 1),
  energy: kw(0, 600),
  breakMin: fc.constantFrom(0, 10, 30, 45, 45, 90, 200),
  patience: fc.constantFrom(0, 5, 20, 45, 120),
});

const scenarioArb = fc
  .record({
    grid: fc.option(gridArb, { nil: undefined }),
    battery: fc.option(batteryArb, { nil: undefined, freq: 3 }),
    allocation: fc.constantFrom('equal', 'fifo', 'deadline'),
    waitingSpaces: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    groups: fc.array(groupArb, { minLength: 1, maxLength: 3 }),
    types: fc.array(typeArb, { minLength: 1, maxLength: 3 }),
    leave: fc.constantFrom('charged', 'breakEnd', 'chargedAndBreakEnd'),
    patience: fc.boolean(),
    byEnergy: fc.boolean(),
    days: fc.constantFrom(0.5, 1),
    warmup: fc.constantFrom(0, 0, 0.25),
    powerIntervalMin: fc.constantFrom(5, 15, 60),
    rows: fc.array(rowArb, { minLength: 1, maxLength: 40 }),
  })
  // A trace with no arrival before the horizon is refused by the loader (an input error, tested there).
  .filter((r) => r.rows.some((row) => row.at < r.days * 1440))
  .map((r) => {
    const hub: RawScenario = {
      allocation: r.allocation,
      chargers: r.groups.map((g, i) => ({ id: `g${i}`, ...g })),
    };
    if (r.grid !== undefined) hub.gridKw = r.grid;
    if (r.waitingSpaces !== undefined) hub.waitingSpaces = r.waitingSpaces;
    if (r.battery && (r.grid !== undefined || (r.battery.strategy === 'peakShaving' && r.battery.targetKw !== undefined))) {
      const battery = { ...r.battery };
      if (battery.strategy !== 'peakShaving') delete battery.targetKw;
      hub.battery = battery;
    }
    // Every type gets a connector and a stop class some bay serves.
    const bays = r.groups.map((g) => ({ connector: g.connector, open: (g.reservedFor ?? ['break', 'overnight']) as readonly string[] }));
    const fleet = r.types.map((t, i) => {
      const stop = bays.some((b) => b.open.includes(t.stop)) ? t.stop : bays[0].open[0];
      const wanted: Connector[] = t.has === 'both' ? ['CCS', 'MCS'] : [t.has as Connector];
      const usable = wanted.filter((c) => bays.some((b) => b.connector === c && b.open.includes(stop)));
      const conns = usable.length > 0 ? usable : [bays.find((b) => b.open.includes(stop))!.connector];
      const maxKw = Object.fromEntries(conns.map((c) => [c, c === 'CCS' ? t.ccs : t.mcs]));
      const type: RawScenario = { name: `t${i}`, stop, batteryKwh: t.batteryKwh, maxKw };
      if (t.curve) type.curve = Array.isArray(t.curve) ? t.curve : Object.fromEntries(Object.entries(t.curve).filter(([c]) => conns.includes(c as Connector)));
      if (type.curve && !Array.isArray(type.curve) && Object.keys(type.curve).length === 0) delete type.curve;
      if (t.leave) type.behaviour = { leave: t.leave };
      return type;
    });
    const raw: RawScenario = {
      name: 'mix',
      horizon: { days: r.days, warmupDays: r.warmup },
      hub,
      arrivals: { trucksPerDay: 1 },
      fleet,
      demand: r.byEnergy ? { energyKwh: 100 } : { targetSoc: 0.8 },
      behaviour: { breakMin: 45, leave: r.leave, ...(r.patience && { patienceMin: 60 }) },
      output: { powerIntervalMin: r.powerIntervalMin },
    };
    const header = ['arrival_min', 'fleet', 'soc_in', r.byEnergy ? 'energy_kwh' : 'target_soc', 'break_min', ...(r.patience ? ['patience_min'] : [])];
    const rows = r.rows.map((x) => [x.at, `t${x.type % fleet.length}`, x.soc, r.byEnergy ? x.energy : x.target, x.breakMin, ...(r.patience ? [x.patience] : [])]);
    return { raw, trace: csv(header, rows) };
  });

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Throws with `what` unless `ok`: cheaper than expect() in loops. */
function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

const TOL = 1e-9;
const within = (x: number, limit: number) => x <= limit * (1 + TOL) + TOL;
const near = (a: number, b: number, scale = 1) => Math.abs(a - b) <= 1e-6 * Math.max(1, scale, Math.abs(a), Math.abs(b));

interface BayInfo {
  readonly index: number;
  readonly cabinet: number;
  readonly connector: Connector;
  readonly bayKw: number;
  readonly open: readonly string[];
}

/** What a truck is, from its trace row, and what the replay knows of it. */
interface TruckState {
  readonly id: number;
  readonly arrival: number;
  readonly type: number;
  readonly socIn: number;
  readonly want: number;
  readonly breakEnd: number;
  readonly patience: number;
  readonly leave: string;
  state: 'new' | 'waiting' | 'plugged' | 'gone';
  everPlugged: boolean;
  bay: number;
  plugAt: number;
  energy: number;
  rate: number;
  since: number;
  reachedAt: number;
  /** Minutes plugged in over all its sessions. */
  pluggedMin: number;
  firstPlug: number;
}

function layout(s: Scenario): { bays: BayInfo[]; cabinetKw: number[] } {
  const bays: BayInfo[] = [];
  const cabinetKw: number[] = [];
  for (const g of s.hub.chargers) {
    for (let c = 0; c < g.cabinets; c++) {
      cabinetKw.push(g.cabinetKw);
      for (let b = 0; b < g.baysPerCabinet; b++) bays.push({ index: bays.length + 1, cabinet: cabinetKw.length - 1, connector: g.connector, bayKw: g.bayKw, open: g.reservedFor });
    }
  }
  return { bays, cabinetKw };
}

/** The trucks as the trace gives them, in arrival order (stable), before the horizon. */
function trucksOf(s: Scenario): TruckState[] {
  const tr = (s.arrivals as { columns: any }).columns;
  const H = s.horizon.days * 1440;
  const out: TruckState[] = [];
  for (let i = 0; i < tr.length; i++) {
    const arrival = tr.arrivalMin[i];
    if (arrival >= H) continue;
    const type = tr.fleet[i];
    const f = s.fleet[type];
    const socIn = tr.socIn[i];
    const room = (1 - socIn) * f.batteryKwh;
    const want = tr.targetSoc ? Math.max(0, (tr.targetSoc[i] - socIn) * f.batteryKwh) : Math.min(tr.energyKwh[i], room);
    out.push({
      id: out.length + 1, arrival, type, socIn, want, breakEnd: arrival + tr.breakMin[i], patience: tr.patienceMin ? tr.patienceMin[i] : Infinity,
      leave: f.behaviour.leave, state: 'new', everPlugged: false, bay: 0, plugAt: NaN, energy: 0, rate: 0, since: arrival, reachedAt: NaN, pluggedMin: 0, firstPlug: NaN,
    });
  }
  return out;
}

type PowerEntry = Extract<TraceEntry, { event: 'power' }>;
type SiteEntry = Extract<TraceEntry, { event: 'site' }>;

/** Replays a run's trace against the model's rules; throws on the first broken one. */
function replay(s: Scenario, o: Observed): void {
  const { bays, cabinetKw } = layout(s);
  const trucks = trucksOf(s);
  const curves: Record<string, Staircase>[] = s.fleet.map((f) => Object.fromEntries(Object.entries(f.curves).map(([c, p]) => [c, staircase(p!)])));
  const down = new Set<number>();
  const holder = new Map<number, TruckState>();
  const spaces = s.hub.waitingSpaces ?? Infinity;
  const policy = s.hub.allocation;
  const constGrid = s.hub.gridKwByHour ? NaN : s.hub.gridKw;
  const battery = s.hub.battery;
  const log = o.log;
  const where = (i: number) => `at entry ${i} ${JSON.stringify(log[i])}`;
  const canUse = (t: TruckState, b: BayInfo) => s.fleet[t.type].maxKw[b.connector] !== undefined && b.open.includes(s.fleet[t.type].stop);
  const free = (b: BayInfo) => !down.has(b.index) && !holder.has(b.index);
  const nominal = (t: TruckState, b: BayInfo) => Math.min(b.bayKw, s.fleet[t.type].maxKw[b.connector]!);
  const waiting = () => trucks.filter((t) => t.state === 'waiting');
  const W = s.horizon.warmupDays * 1440;
  const H = s.horizon.days * 1440;
  const overlap = (a: number, b: number) => Math.max(0, Math.min(b, H) - Math.max(a, W));
  // What the window saw, bay by bay, and of the queue.
  const win = { occupied: bays.map(() => 0), charging: bays.map(() => 0), energy: bays.map(() => 0), sessions: bays.map(() => 0), down: bays.map(() => 0), queue: 0, queueMax: 0 };
  const integrate = (t: TruckState, now: number) => {
    if (t.rate > 0 && now > t.since) {
      // A truck that reaches its target stops drawing then, re-planned or not.
      const end = Math.min(now, t.since + ((t.want - t.energy) * 60) / t.rate);
      if (end > t.since) {
        t.energy += (t.rate * (end - t.since)) / 60;
        win.energy[t.bay - 1] += (t.rate * overlap(t.since, end)) / 60;
        win.charging[t.bay - 1] += overlap(t.since, end);
      }
      if (end < now || t.energy >= t.want) t.energy = t.want;
    }
    if (t.energy >= t.want && Number.isNaN(t.reachedAt)) t.reachedAt = Math.min(now, t.rate > 0 ? t.since + ((t.want - t.energy) * 60) / t.rate : now);
    t.since = now;
  };

  const endOfInstant = (now: number, i: number) => {
    for (const t of waiting()) {
      const b = bays.find((x) => free(x) && canUse(t, x));
      check(b === undefined, () => `truck ${t.id} waits at t=${now} while bay ${b!.index} it may use is free (${where(i)})`);
    }
  };

  let group: PowerEntry[] = [];
  const checkGroup = (site: SiteEntry | null) => {
    if (group.length === 0) return;
    const now = group[0].t;
    const used = new Array(cabinetKw.length).fill(0);
    let total = 0;
    let most = 0;
    const mostIn = new Array(cabinetKw.length).fill(0);
    for (const e of group) {
      const t = trucks[e.truck - 1];
      const b = bays[e.bay - 1];
      const desc = () => `${JSON.stringify(e)} truck ${JSON.stringify(t)}`;
      check(t.state === 'plugged' && t.bay === e.bay && holder.get(e.bay) === t, () => `power to a truck not plugged into that bay: ${desc()}`);
      check(!down.has(e.bay), () => `power on a bay out of service: ${desc()}`);
      check(e.cabinet === b.cabinet, () => `wrong cabinet: ${desc()}`);
      check(e.kw >= 0 && within(e.kw, e.cap), () => `above its cap: ${desc()}`);
      // The cap: min(bayKw, maxKw on the bay's connector × the connector's curve at the SoC).
      const type = s.fleet[t.type];
      const c = curves[t.type][b.connector];
      const soc = (t.socIn * type.batteryKwh + t.energy) / type.batteryKwh;
      const caps = [soc - 1e-7, soc, soc + 1e-7].map((x) => Math.min(b.bayKw, type.maxKw[b.connector]! * c.frac[stepAt(c, Math.min(1, Math.max(0, x)))]));
      check(caps.some((x) => near(x, e.cap)), () => `cap ${e.cap} is not the curve's ${caps} at SoC ${soc}: ${desc()}`);
      used[e.cabinet] += e.kw;
      total += e.kw;
      most = Math.max(most, e.kw);
      mostIn[e.cabinet] = Math.max(mostIn[e.cabinet], e.kw);
    }
    used.forEach((u, k) => check(within(u, cabinetKw[k]), () => `cabinet ${k} at ${u} > ${cabinetKw[k]} at t=${now}`));
    // The trucks' limit: the grid limit in force, plus the battery's power while it holds energy.
    const grid = site ? site.limitKw : constGrid;
    const limit = Number.isNaN(grid) ? Infinity : grid + (battery && site && site.storedKwh > 0 ? battery.powerKw : 0);
    check(within(total, limit), () => `trucks draw ${total} > ${limit} at t=${now}`);
    const full = (k: number) => used[k] >= cabinetKw[k] * (1 - 1e-6);
    const gridFull = total >= limit * (1 - 1e-6);
    const grants = () => JSON.stringify(group.map((x) => [x.truck, x.cabinet, x.kw, x.cap]));
    for (const a of group) {
      if (a.kw >= a.cap * (1 - 1e-6)) continue;
      check(full(a.cabinet) || gridFull, () => `truck ${a.truck} held below its cap with power to spare at t=${now} (${policy}, limit ${limit}): ${grants()}`);
      if (policy === 'equal') {
        const ok = (full(a.cabinet) && a.kw >= mostIn[a.cabinet] * (1 - 1e-6)) || a.kw >= most * (1 - 1e-6);
        check(ok, () => `not max-min fair: truck ${a.truck} at t=${now}: ${grants()}`);
        continue;
      }
      // fifo/deadline: a truck ranked after one held below its cap gets nothing from what held it.
      const ta = trucks[a.truck - 1];
      for (const b of group) {
        const tb = trucks[b.truck - 1];
        const after = policy === 'fifo' ? ta.plugAt < tb.plugAt : ta.breakEnd < tb.breakEnd || (ta.breakEnd === tb.breakEnd && ta.plugAt < tb.plugAt);
        if (!after || b.kw <= 1e-9) continue;
        check(b.cabinet !== a.cabinet && full(a.cabinet), () => `${policy}: truck ${b.truck} gets ${b.kw} while truck ${a.truck} ranked before it is held below its cap at t=${now}: ${grants()}`);
      }
    }
    group = [];
  };

  let entryT = 0;
  for (let i = 0; i < log.length; i++) {
    const e = log[i];
    if (e.t !== entryT) {
      checkGroup(null);
      endOfInstant(entryT, i);
      const span = overlap(entryT, e.t);
      for (const [k] of holder) win.occupied[k - 1] += span;
      for (const k of down) win.down[k - 1] += span;
      const q = waiting().length;
      win.queue += q * span;
      if (entryT >= W && entryT < H) win.queueMax = Math.max(win.queueMax, q);
      entryT = e.t;
    }
    if (e.event !== 'power' && e.event !== 'site') checkGroup(null);
    switch (e.event) {
      case 'power': {
        if (group.some((x) => x.truck === e.truck)) checkGroup(null);
        if (group.length === 0) {
          // A new plan: every plugged-in truck's energy brought up to now; those not in it draw nothing.
          for (const t of trucks) if (t.state === 'plugged') {
            integrate(t, e.t);
            t.rate = 0;
          }
        }
        group.push(e);
        trucks[e.truck - 1].rate = e.kw;
        break;
      }
      case 'site':
        check(Number.isNaN(constGrid) || e.limitKw === constGrid, () => `site limit ${where(i)}`);
        if (group.length === 0) for (const t of trucks) if (t.state === 'plugged') {
          integrate(t, e.t);
          t.rate = 0;
        }
        checkGroup(e);
        break;
      case 'arrive': {
        const t = trucks[e.truck - 1];
        check(t !== undefined && t.arrival === e.t && t.state === 'new', () => `unexpected arrival ${where(i)}`);
        // What follows at once: a plug-in, a balk, a renege (break of 0 in breakEnd mode), or the queue.
        const next = log.slice(i + 1).find((x) => x.event !== 'power' && x.event !== 'site');
        const mine = next && 'truck' in next && next.truck === t.id && next.t === e.t ? next.event : 'queue';
        const queued = waiting().length;
        const bay = bays.find((b) => free(b) && canUse(t, b));
        if (mine === 'plug') check(bay !== undefined, () => `plugged on arrival with no free bay ${where(i)}`);
        else if (mine === 'balk') check(queued >= spaces && bay === undefined, () => `balked with ${queued} waiting of ${spaces}, free bay ${bay?.index} ${where(i)}`);
        else if (mine === 'renege' && t.leave === 'breakEnd' && t.breakEnd === t.arrival && t.want > 0) {
          // A break of 0 in breakEnd mode: it drives on at once, even past a free bay.
        } else if (mine === 'renege') {
          // Queued, and its patience (or, in breakEnd mode, its break) ran out at once.
          check(t.patience === 0 || (t.leave === 'breakEnd' && t.breakEnd === t.arrival), () => `reneged on arrival ${where(i)}`);
          check(queued < spaces && bay === undefined, () => `queued with ${queued} waiting of ${spaces}, free bay ${bay?.index} ${where(i)}`);
        }
        else check(queued < spaces && bay === undefined, () => `queued with ${queued} waiting of ${spaces}, free bay ${bay?.index} ${where(i)}`);
        t.state = 'waiting';
        break;
      }
      case 'balk':
      case 'renege': {
        const t = trucks[e.truck - 1];
        check(t.state === 'waiting' && !t.everPlugged, () => `${e.event} of a truck not waiting or plugged before ${where(i)}`);
        if (e.event === 'renege') {
          const by = t.arrival + (t.leave === 'breakEnd' ? Math.min(t.patience, t.breakEnd - t.arrival) : t.patience);
          check(e.t === by || (t.leave === 'breakEnd' && e.t >= t.breakEnd), () => `reneged at ${e.t}, not ${by} ${where(i)}`);
        }
        t.state = 'gone';
        break;
      }
      case 'leave': {
        const t = trucks[e.truck - 1];
        check(t.state === 'waiting' && t.everPlugged && t.leave === 'breakEnd' && e.t === t.breakEnd, () => `bad leave ${where(i)}`);
        t.state = 'gone';
        break;
      }
      case 'plug': {
        const t = trucks[e.truck - 1];
        const b = bays[e.bay - 1];
        check(t.state === 'waiting', () => `plug of a truck not waiting ${where(i)}`);
        check(free(b) && canUse(t, b), () => `plugged into a bay down, held or not its own ${where(i)}`);
        check(!(t.leave === 'breakEnd' && e.t >= t.breakEnd && t.want > t.energy), () => `plugged after its break ended (breakEnd) ${where(i)}`);
        check(!Number.isFinite(t.patience) || t.everPlugged || e.t - t.arrival <= t.patience, () => `plugged after its patience ran out ${where(i)}`);
        // First come, first served among those that can use the bay.
        const before = waiting().find((y) => y.id < t.id && canUse(y, b));
        check(before === undefined, () => `truck ${t.id} took bay ${b.index} ahead of truck ${before!.id} ${where(i)}`);
        // Bay choice: highest nominal power, then fewest plugged in its cabinet, then lowest number.
        const load = (x: BayInfo) => [...holder.keys()].filter((k) => bays[k - 1].cabinet === x.cabinet).length;
        const better = bays.find((x) => x !== b && free(x) && canUse(t, x) && (nominal(t, x) > nominal(t, b) || (nominal(t, x) === nominal(t, b) && (load(x) < load(b) || (load(x) === load(b) && x.index < b.index)))));
        check(better === undefined, () => `truck ${t.id} took bay ${b.index}, not the better bay ${better!.index} ${where(i)}`);
        if (e.t >= W && e.t < H) win.sessions[b.index - 1]++;
        if (!t.everPlugged) t.firstPlug = e.t;
        t.state = 'plugged';
        t.everPlugged = true;
        t.bay = b.index;
        t.plugAt = e.t;
        t.since = e.t;
        t.rate = 0;
        holder.set(b.index, t);
        break;
      }
      case 'unplug':
      case 'requeue': {
        const t = trucks[e.truck - 1];
        check(t.state === 'plugged' && holder.get(e.bay) === t, () => `${e.event} of a truck not on that bay ${where(i)}`);
        integrate(t, e.t);
        if (t.energy >= t.want && Number.isNaN(t.reachedAt)) t.reachedAt = e.t;
        t.rate = 0;
        t.pluggedMin += e.t - t.plugAt;
        holder.delete(e.bay);
        t.state = e.event === 'unplug' ? 'gone' : 'waiting';
        if (e.event === 'requeue') check(down.has(e.bay) || log[i - 1]?.event === 'down', () => `requeued from a bay in service ${where(i)}`);
        break;
      }
      case 'down':
        check(!down.has(e.bay), () => `down twice ${where(i)}`);
        down.add(e.bay);
        break;
      case 'up':
        check(down.has(e.bay), () => `up while up ${where(i)}`);
        down.delete(e.bay);
        break;
    }
  }
  checkGroup(null);
  endOfInstant(entryT, log.length);
  // Bays still down at the end stay down through the window.
  for (const k of down) win.down[k - 1] += overlap(entryT, H);
  check(trucks.every((t) => t.state === 'gone'), () => `trucks left at the hub: ${trucks.filter((t) => t.state !== 'gone').map((t) => t.id)}`);
  checkSessions(s, o, trucks);
  checkWindow(s, o, trucks, win);
}

/** The window's metrics and bays.csv against what the replay saw. */
function checkWindow(s: Scenario, o: Observed, trucks: TruckState[], win: { occupied: number[]; charging: number[]; energy: number[]; sessions: number[]; down: number[]; queue: number; queueMax: number }): void {
  const W = s.horizon.warmupDays * 1440;
  const H = s.horizon.days * 1440;
  const span = H - W;
  const m = o.result.metrics;
  const say = (what: string, got: number, want: number) => () => `${what}: ${got}, the replay says ${want}`;
  o.result.bays.forEach((b, k) => {
    check(near(b.occupiedShare, win.occupied[k] / span), say(`bay ${k + 1} occupied_share`, b.occupiedShare, win.occupied[k] / span));
    check(near(b.chargingShare, win.charging[k] / span), say(`bay ${k + 1} charging_share`, b.chargingShare, win.charging[k] / span));
    check(near(b.energyKwh, win.energy[k], 100), say(`bay ${k + 1} energy_kwh`, b.energyKwh, win.energy[k]));
    check(b.sessions === win.sessions[k], say(`bay ${k + 1} sessions`, b.sessions, win.sessions[k]));
  });
  const nb = win.occupied.length;
  const occ = win.occupied.reduce((a, b) => a + b, 0) / span / nb;
  check(near(m.bay_occupancy, occ), say('bay_occupancy', m.bay_occupancy, occ));
  const avail = 1 - win.down.reduce((a, b) => a + b, 0) / span / nb;
  check(near(m.bay_availability, avail), say('bay_availability', m.bay_availability, avail));
  check(near(m.queue_mean, win.queue / span), say('queue_mean', m.queue_mean, win.queue / span));
  check(m.queue_max >= win.queueMax, say('queue_max', m.queue_max, win.queueMax));
  const served = o.sessions.filter((x) => x.arrivalMin >= W && x.arrivalMin < H && (x.outcome === 'charged' || x.outcome === 'left_at_break_end'));
  if (served.length === 0) return;
  const mean = (f: (x: SessionRecord) => number) => served.reduce((a, x) => a + f(x), 0) / served.length;
  const tr = (x: SessionRecord) => trucks[x.truck - 1];
  const waitMean = mean((x) => tr(x).firstPlug - x.arrivalMin);
  check(near(m.wait_mean_min, waitMean), say('wait_mean_min', m.wait_mean_min, waitMean));
  const waitMax = Math.max(...served.map((x) => tr(x).firstPlug - x.arrivalMin));
  check(near(m.wait_max_min, waitMax), say('wait_max_min', m.wait_max_min, waitMax));
  const noWait = mean((x) => (tr(x).firstPlug === x.arrivalMin ? 1 : 0));
  check(near(m.no_wait_share, noWait), say('no_wait_share', m.no_wait_share, noWait));
  const charge = mean((x) => tr(x).pluggedMin);
  check(near(m.charge_mean_min, charge), say('charge_mean_min', m.charge_mean_min, charge));
  const reached = mean((x) => (near(x.energyKwh, tr(x).want, s.fleet[tr(x).type].batteryKwh) ? 1 : 0));
  check(near(m.target_reached_share, reached), say('target_reached_share', m.target_reached_share, reached));
}

/** Each session row against the replay: energy, outcome, leave mode and times. */
function checkSessions(s: Scenario, o: Observed, trucks: TruckState[]): void {
  expect(o.sessions.length).toBe(trucks.length);
  expect(o.result.trucks).toBe(trucks.length);
  const W = s.horizon.warmupDays * 1440;
  const H = s.horizon.days * 1440;
  let arrived = 0;
  let served = 0;
  let balked = 0;
  let reneged = 0;
  let delivered = 0;
  let unmet = 0;
  for (const x of o.sessions) {
    const t = trucks[x.truck - 1];
    const bat = s.fleet[t.type].batteryKwh;
    const row = () => `${JSON.stringify(x)} truck ${JSON.stringify(t)}`;
    check(x.arrivalMin === t.arrival && near(x.socIn, t.socIn), () => `session of another truck: ${row()}`);
    check(near(x.energyKwh, t.energy, bat), () => `energy ${x.energyKwh}, the trace's powers integrate to ${t.energy}: ${row()}`);
    check(x.energyKwh <= t.want * (1 + 1e-9) + 1e-9, () => `more than it wanted: ${row()}`);
    const isServed = x.outcome === 'charged' || x.outcome === 'left_at_break_end';
    check(isServed === t.everPlugged, () => `served iff plugged in: ${row()}`);
    if (x.outcome === 'charged') check(near(x.energyKwh, t.want, bat), () => `charged without reaching its target: ${row()}`);
    if (x.outcome === 'left_at_break_end') check(t.leave === 'breakEnd' && x.unplugMin <= t.breakEnd && x.energyKwh < t.want, () => `left at break end wrongly: ${row()}`);
    if (isServed) {
      check(near(x.departMin, Math.max(x.unplugMin, t.breakEnd)), () => `depart is not max(unplug, break end): ${row()}`);
      if (t.leave === 'breakEnd') check(x.unplugMin <= t.breakEnd || x.outcome === 'charged', () => `breakEnd: plugged in past its break: ${row()}`);
    } else {
      check(x.bay === 0 && x.energyKwh === 0, () => `unserved with a bay or energy: ${row()}`);
      check(x.outcome !== 'balked' || x.departMin === x.arrivalMin, () => `balked later than arrival: ${row()}`);
    }
    if (x.arrivalMin >= W && x.arrivalMin < H) {
      arrived++;
      if (isServed) served++;
      if (x.outcome === 'balked') balked++;
      if (x.outcome === 'reneged') reneged++;
      delivered += x.energyKwh;
      unmet += t.want - x.energyKwh;
    }
  }
  const m = o.result.metrics;
  expect({ arrived: m.trucks_arrived, served: m.trucks_served, balked: m.trucks_balked, reneged: m.trucks_reneged }).toEqual({ arrived, served, balked, reneged });
  check(near(m.energy_delivered_kwh, delivered), () => `energy_delivered_kwh ${m.energy_delivered_kwh}, sessions ${delivered}`);
  check(near(m.energy_unmet_kwh, unmet), () => `energy_unmet_kwh ${m.energy_unmet_kwh}, sessions ${unmet}`);
  // power.csv: the trucks' mean power less the battery's, interval by interval, integrates to the sessions' energy.
  const w = s.output.powerIntervalMin;
  const trucksKwh = o.intervals.reduce((acc, p) => acc + ((p.gridKwMean + p.batteryKwMean) * w) / 60, 0);
  const all = o.sessions.reduce((acc, x) => acc + x.energyKwh, 0);
  check(near(trucksKwh, all, all), () => `power.csv integrates to ${trucksKwh} kWh, sessions ${all}`);
}

const NUM_RUNS = Number(process.env.HUBSIM_PROPERTY_RUNS ?? 300);

describe('features together: a replay of the trace keeps every rule', () => {
  test('the generated scenarios are valid', () => {
    fc.assert(fc.property(scenarioArb, ({ raw, trace }) => void traceScenario(raw, trace)), { numRuns: 200 });
  });

  test('trucks, bays, limits, policies, outages, leave modes and energy agree with the README', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, ({ raw, trace }, seed) => {
        const s = traceScenario(raw, trace);
        replay(s, observe(s, seed));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('the same, with charging milestones kept in heaps from the first truck (as on a large hub)', () => {
    withMilestones({ heapsFrom: 0, scanBelow: 0 }, () =>
      fc.assert(
        fc.property(scenarioArb, seedArb, ({ raw, trace }, seed) => {
          const s = traceScenario(raw, trace);
          replay(s, observe(s, seed));
        }),
        { numRuns: NUM_RUNS },
      ),
    );
  });

  test('the same scenario and seed give the same run, trace included', () => {
    fc.assert(
      fc.property(scenarioArb, seedArb, ({ raw, trace }, seed) => {
        const a = observe(traceScenario(raw, trace), seed);
        const b = observe(traceScenario(raw, trace), seed);
        expect(b).toEqual(a);
      }),
      { numRuns: Math.ceil(NUM_RUNS / 5) },
    );
  });
});

