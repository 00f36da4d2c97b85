import { makeSampler, type DistSpec } from '../random/distributions/index.js';
import { stream } from '../random/streams.js';
import { HOURS_OF_WEEK, minutesOfDays, type Scenario, type TraceColumns } from '../scenario/types.js';

/**
 * What a truck brings to the hub: drawn independently of the hub, so every design sees the same
 * trucks. The source writes these fields onto an object the caller owns (the model's own truck),
 * so drawing a truck allocates nothing.
 */
export interface TruckSpec {
  /** Arrival order, from 1. */
  id: number;
  arrival: number;
  /** Index into `scenario.fleet`. */
  type: number;
  socIn: number;
  /** Energy wanted, kWh (already capped by what the battery can take). */
  wantKwh: number;
  breakMin: number;
  /** Minutes it waits for a bay before reneging; Infinity for ever. */
  patienceMin: number;
}

const MIN_PER_HOUR = 60;
/** A year of `arrivals.growthPerYear`: 365 days. */
export const HOURS_PER_YEAR = 8760;

/**
 * Arrivals per minute in each hour of the week (Monday 00:00 first), before growth. Where some truck
 * types come at hours of their own (`fleet[].hourly`: `mix`, typeMix's), each hour's rate is the
 * types' parts added up: a type's share of trucksPerDay, by its own hours (or the scenario's) and
 * the week's days.
 */
function ratesByHourOfWeek(a: Extract<Scenario['arrivals'], { kind: 'rate' }>, mix: TypeMix | undefined): Float64Array {
  const rate = new Float64Array(HOURS_OF_WEEK);
  const week = a.hourOfWeek;
  const perMin = a.trucksPerDay / 24 / MIN_PER_HOUR;
  for (let h = 0; h < HOURS_OF_WEEK; h++) {
    rate[h] = week ? perMin * week[h] : perMin * (mix ? mix.byHour[h % 24] : a.hourly[h % 24]) * a.weekly[Math.floor(h / 24)];
  }
  return rate;
}

/** The fleet's weight in each hour of the day, and its types' cumulative shares then (see typeMix). */
interface TypeMix {
  readonly byHour: Float64Array;
  readonly cum: readonly Float64Array[];
}

/**
 * With types that have hours of their own (`fleet[].hourly`; validation allows them with hourly
 * and weekly only), for each hour of the day: the fleet's weight then (Σ share × hours, the rate's
 * hourly factor) and the types' cumulative shares of that hour's trucks. Undefined when every type
 * arrives by the scenario's hours, whose trucks are drawn by share alone, as always.
 */
function typeMix(a: Extract<Scenario['arrivals'], { kind: 'rate' }>, fleet: Scenario['fleet']): TypeMix | undefined {
  // Hours that are the scenario's written out (scaled, perhaps), or of a type that never comes
  // (share 0), are none: they change no truck.
  const own = fleet.map((f) => (f.hourly !== undefined && f.share > 0 && f.hourly.some((w, h) => !(Math.abs(w - a.hourly[h]) <= 1e-12 * Math.max(w, a.hourly[h]))) ? f.hourly : undefined));
  if (a.hourOfWeek || own.every((w) => w === undefined)) return undefined;
  const byHour = new Float64Array(24);
  const cum: Float64Array[] = [];
  for (let h = 0; h < 24; h++) {
    const parts = fleet.map((f, i) => f.share * (own[i] ?? a.hourly)[h]);
    let acc = 0;
    for (const p of parts) acc += p;
    byHour[h] = acc;
    let run = 0;
    const c = Float64Array.from(parts, (p) => (run += p / acc));
    c[c.length - 1] = Infinity; // rounding must never leave a draw past the last type
    cum.push(c);
  }
  // An hour without trucks of any type has none but one that rounding puts at its very start, the
  // end of the hour before: it takes the mix of the last hour with trucks.
  const last = (h: number): number => (byHour[h] > 0 ? h : last((h + 23) % 24));
  if (byHour.some((w) => w > 0)) for (let h = 0; h < 24; h++) cum[h] = cum[last(h)];
  return { byHour, cum };
}

/**
 * How many trucks a replication can expect before the horizon: the integral of the rate the model
 * draws from (each hour's, grown to the hour's midpoint), or the trace's rows before the horizon.
 * It sizes the work a batch holds; the model never uses it.
 */
export function expectedArrivals(scenario: Scenario): number {
  const a = scenario.arrivals;
  const horizonMin = minutesOfDays(scenario.horizon.days);
  if (a.kind === 'trace') {
    const times = a.columns.arrivalMin; // sorted
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid] < horizonMin) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  const rate = ratesByHourOfWeek(a, typeMix(a, scenario.fleet));
  const g = Math.log1p(a.growthPerYear) / HOURS_PER_YEAR; // per hour
  const hours = horizonMin / MIN_PER_HOUR;
  const whole = Math.floor(hours);
  // Hour k of the week recurs m times among the whole hours, at k, k + 168, …: a geometric series.
  let sum = 0;
  for (let k = 0; k < HOURS_OF_WEEK && k < whole; k++) {
    const m = Math.floor((whole - 1 - k) / HOURS_OF_WEEK) + 1;
    const grown = g === 0 ? m : (Math.exp(g * (k + 0.5)) * Math.expm1(g * HOURS_OF_WEEK * m)) / Math.expm1(g * HOURS_OF_WEEK);
    sum += rate[k] * MIN_PER_HOUR * grown;
  }
  // The horizon's last hour, when it ends inside one.
  sum += rate[whole % HOURS_OF_WEEK] * Math.exp(g * (whole + 0.5)) * (horizonMin - whole * MIN_PER_HOUR);
  return sum;
}

/**
 * The share of a replication's expected arrivals that come in its first `timeShare` of the horizon:
 * under growth the later years hold more of the trucks, and so of the work, than of the time. The
 * rate's growth alone is weighed (its daily and weekly profile averages out over the weeks of a run
 * long enough for growth to matter), and a trace's rows as if evenly spread. For a progress bar's
 * estimate; the model never uses it.
 */
export function arrivalShare(scenario: Scenario, timeShare: number): number {
  const a = scenario.arrivals;
  if (a.kind === 'trace' || a.growthPerYear === 0 || !(timeShare > 0 && timeShare < 1)) return timeShare;
  const gH = (Math.log1p(a.growthPerYear) / HOURS_PER_YEAR) * (minutesOfDays(scenario.horizon.days) / MIN_PER_HOUR);
  return Math.expm1(gH * timeShare) / Math.expm1(gH);
}

/** One type's samplers: each draws from the stream of its quantity, whatever the type. */
interface TypeSamplers {
  readonly soc: () => number;
  readonly target: (() => number) | undefined;
  readonly energy: (() => number) | undefined;
  readonly brk: () => number;
  readonly patience: (() => number) | undefined;
}

/**
 * Generates a replication's trucks in arrival order, from a non-homogeneous Poisson process or a
 * trace. Each attribute has its own random stream (common random numbers): whatever the hub does
 * with a truck, the next truck is the same.
 */
export class TruckSource {
  private readonly horizonMin: number;
  private readonly rate: Float64Array | undefined; // arrivals per minute, per hour of the week
  private readonly flatRate: number; // the rate when it is the same every hour, else NaN
  private readonly trace: TraceColumns | undefined;
  private readonly lnGrowth: number; // log(1 + growthPerYear); 0 without growth
  private readonly cumShare: Float64Array;
  private readonly cumByHour: readonly Float64Array[] | undefined; // per hour of the day, with types of their own hours
  private readonly unitExp: () => number;
  private readonly fleetU: () => number;
  private readonly samplers: readonly TypeSamplers[]; // per type
  private t = 0;
  private produced = 0;

  constructor(private readonly scenario: Scenario, seed: number) {
    this.horizonMin = minutesOfDays(scenario.horizon.days);
    const a = scenario.arrivals;
    this.lnGrowth = 0;
    if (a.kind === 'rate') {
      const mix = typeMix(a, scenario.fleet);
      const rate = ratesByHourOfWeek(a, mix);
      this.cumByHour = mix?.cum;
      this.rate = rate.some((r) => r > 0) ? rate : undefined;
      this.lnGrowth = Math.log1p(a.growthPerYear);
      this.flatRate = this.lnGrowth === 0 && rate.every((r) => r === rate[0]) ? rate[0] : NaN;
    } else {
      this.trace = a.columns;
      this.flatRate = NaN;
    }
    let acc = 0;
    this.cumShare = Float64Array.from(scenario.fleet, (f) => (acc += f.share));
    this.cumShare[this.cumShare.length - 1] = Infinity; // rounding must never leave a draw past the last type
    const arrivalsRng = stream(seed, 'arrivals');
    this.unitExp = () => -Math.log1p(-arrivalsRng());
    this.fleetU = stream(seed, 'fleet');
    // Every type draws each quantity from that quantity's one stream, with its own distribution
    // where it overrides the scenario's. Types that draw a quantity alike (not overriding it, or
    // overriding it with the scenario's own distribution, written out) share one sampler (a normal
    // sampler keeps the second value of each pair it draws), so that they draw as one sampler,
    // whatever the fleet's mix: a type that writes out the scenario's distribution changes nobody's
    // draws.
    const streams = { soc: stream(seed, 'soc'), target: stream(seed, 'target'), energy: stream(seed, 'energy'), brk: stream(seed, 'break'), patience: stream(seed, 'patience') };
    // By quantity, then by the spec's key itself: the key string is the one specKey keeps, whose hash
    // V8 keeps with it, where a key made anew (the quantity prefixed) was hashed anew for every type,
    // which for an empirical spec of 50,000 values took seconds a replication over 1,000 types.
    // (A spec of a scenario's clone, not frozen, has its key made once in this run all the same.)
    const made = new Map<keyof typeof streams, Map<string, () => number>>();
    const keys = new Map<DistSpec, string>();
    const sampler = (quantity: keyof typeof streams, spec: DistSpec) => {
      let byKey = made.get(quantity);
      if (!byKey) made.set(quantity, (byKey = new Map()));
      const key = specKey(spec, keys);
      let s = byKey.get(key);
      if (!s) byKey.set(key, (s = makeSampler(spec, streams[quantity])));
      return s;
    };
    this.samplers = scenario.fleet.map(({ demand: d, behaviour: b }) => ({
      soc: sampler('soc', d.arrivalSoc),
      target: d.targetSoc && sampler('target', d.targetSoc),
      energy: d.energyKwh && sampler('energy', d.energyKwh),
      brk: sampler('brk', b.breakMin),
      patience: b.patienceMin && sampler('patience', b.patienceMin),
    }));
  }

  /**
   * Draws the next truck into `into`; returns false (leaving `into` as it was) once arrivals have
   * stopped, at the horizon or the trace's end.
   */
  next(into: TruckSpec): boolean {
    let arrival: number;
    const row = this.produced; // the trace row, when there is a trace
    if (this.trace) {
      if (row >= this.trace.length || this.trace.arrivalMin[row] >= this.horizonMin) return false;
      arrival = this.trace.arrivalMin[row];
    } else {
      if (!this.rate) return false;
      arrival = this.advance(this.unitExp());
      if (arrival >= this.horizonMin) return false;
    }
    this.produced++;
    this.attributes(into, this.produced, arrival, row);
    return true;
  }

  /**
   * Inverts the integrated rate: moves from the last arrival through hour-long slots of constant
   * rate until `e` (a unit exponential) is used up. Exact for a piecewise-constant rate.
   */
  private advance(e: number): number {
    if (this.flatRate > 0) return (this.t += e / this.flatRate); // no profile: no slots to walk
    if (this.lnGrowth !== 0) return this.advanceGrowing(e);
    const rate = this.rate!;
    let t = this.t;
    let left = e;
    for (;;) {
      const hour = Math.floor(t / MIN_PER_HOUR);
      const slotEnd = (hour + 1) * MIN_PER_HOUR;
      const r = rate[hour % HOURS_OF_WEEK];
      const mass = r * (slotEnd - t);
      if (r > 0 && left <= mass) {
        t += left / r;
        break;
      }
      left -= mass;
      t = slotEnd;
      if (t >= this.horizonMin) break;
    }
    this.t = t;
    return t;
  }

  /**
   * `advance` with growth: the rate of hour n is its weekly profile's × (1 + growth)^((n + 1/2) /
   * HOURS_PER_YEAR), the growth at the hour's midpoint, so it is still constant within each hour
   * and the inversion still exact. (Kept apart so that runs without growth never pay for the power.)
   */
  private advanceGrowing(e: number): number {
    const rate = this.rate!;
    const g = this.lnGrowth / HOURS_PER_YEAR;
    let t = this.t;
    let left = e;
    for (;;) {
      const hour = Math.floor(t / MIN_PER_HOUR);
      const slotEnd = (hour + 1) * MIN_PER_HOUR;
      const r = rate[hour % HOURS_OF_WEEK] * Math.exp(g * (hour + 0.5));
      const mass = r * (slotEnd - t);
      if (r > 0 && left <= mass) {
        t += left / r;
        break;
      }
      left -= mass;
      t = slotEnd;
      if (t >= this.horizonMin) break;
    }
    this.t = t;
    return t;
  }

  private attributes(into: TruckSpec, id: number, arrival: number, row: number): void {
    const fleet = this.scenario.fleet;
    const tr = this.trace;
    // Draw every attribute from its stream even when a trace overrides it, so that one column's
    // presence never shifts another column's draws. (The type decides which samplers draw, and how
    // many numbers each takes, so a trace's fleet column can shift later trucks' draws: README.)
    let type = 0;
    // The fleet stream draws nothing but the type: with one type there is nothing to draw.
    if (this.cumShare.length > 1) {
      const u = this.fleetU();
      // The same draw, by the mix of the arrival's hour of the day where types keep hours of their own.
      const cum = this.cumByHour ? this.cumByHour[Math.floor(arrival / MIN_PER_HOUR) % 24] : this.cumShare;
      while (u >= cum[type]) type++;
    }
    const traceType = tr?.fleet ? tr.fleet[row] : -1;
    if (traceType >= 0) type = traceType;
    const battery = fleet[type].batteryKwh;
    const s = this.samplers[type];
    const socIn = pick(tr?.socIn, row, s.soc());
    const target = s.target?.();
    const energy = s.energy?.();
    const breakMin = pick(tr?.breakMin, row, s.brk());
    const patienceMin = pick(tr?.patienceMin, row, s.patience?.() ?? Infinity);
    const traceTarget = tr?.targetSoc ? tr.targetSoc[row] : NaN;
    const traceEnergy = tr?.energyKwh ? tr.energyKwh[row] : NaN;
    let wantKwh: number;
    if (!Number.isNaN(traceTarget)) wantKwh = Math.max(0, traceTarget - socIn) * battery;
    else if (!Number.isNaN(traceEnergy)) wantKwh = traceEnergy;
    else if (target !== undefined) wantKwh = Math.max(0, target - socIn) * battery;
    else wantKwh = energy!;
    wantKwh = Math.min(wantKwh, (1 - socIn) * battery);
    into.id = id;
    into.arrival = arrival;
    into.type = type;
    into.socIn = socIn;
    into.wantKwh = wantKwh;
    into.breakMin = breakMin;
    into.patienceMin = patienceMin;
  }
}

/** The trace's value for `row` when its column gives one (not NaN), else the drawn value. */
function pick(column: Float64Array | undefined, row: number, drawn: number): number {
  const given = column ? column[row] : NaN;
  return Number.isNaN(given) ? drawn : given;
}

/**
 * Each frozen spec's key, made once: an empirical spec may hold 50,000 values, otherwise written out
 * anew for every type and replication. (A spec that is not frozen, of a scenario's clone, may be
 * changed between runs: its key is kept for one run, in that run's `local`.)
 */
const specKeys = new WeakMap<DistSpec, string>();

/**
 * A distribution's values as text, its fields in one order: specs that draw alike have one key, and
 * any two values that differ (-0 and 0, the infinities, which JSON writes alike) differ in it.
 */
function specKey(spec: DistSpec, local: Map<DistSpec, string>): string {
  const known = Object.isFrozen(spec) ? specKeys : local;
  let key = known.get(spec);
  if (key === undefined) known.set(spec, (key = keyText(spec)));
  return key;
}

function keyText(spec: DistSpec): string {
  return JSON.stringify(spec, (_key, v: unknown) => {
    if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : `${Object.is(v, -0) ? '-0' : v}`;
    return v instanceof Object && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v;
  });
}
