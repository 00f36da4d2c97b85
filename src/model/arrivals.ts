import { makeSampler } from '../random/distributions/index.js';
import { stream } from '../random/streams.js';
import type { Scenario, TraceColumns } from '../scenario/types.js';

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
const HOURS_PER_WEEK = 168;

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
  private readonly cumShare: Float64Array;
  private readonly unitExp: () => number;
  private readonly fleetU: () => number;
  private readonly soc: () => number;
  private readonly target: (() => number) | undefined;
  private readonly energy: (() => number) | undefined;
  private readonly brk: () => number;
  private readonly patience: (() => number) | undefined;
  private t = 0;
  private produced = 0;

  constructor(private readonly scenario: Scenario, seed: number) {
    this.horizonMin = scenario.horizon.days * 1440;
    const a = scenario.arrivals;
    if (a.kind === 'rate') {
      const rate = new Float64Array(HOURS_PER_WEEK);
      for (let h = 0; h < HOURS_PER_WEEK; h++) {
        rate[h] = (a.trucksPerDay / 24 / MIN_PER_HOUR) * a.hourly[h % 24] * a.weekly[Math.floor(h / 24)];
      }
      this.rate = rate.some((r) => r > 0) ? rate : undefined;
      this.flatRate = rate.every((r) => r === rate[0]) ? rate[0] : NaN;
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
    const d = scenario.demand;
    this.soc = makeSampler(d.arrivalSoc, stream(seed, 'soc'));
    this.target = d.targetSoc && makeSampler(d.targetSoc, stream(seed, 'target'));
    this.energy = d.energyKwh && makeSampler(d.energyKwh, stream(seed, 'energy'));
    this.brk = makeSampler(scenario.behaviour.breakMin, stream(seed, 'break'));
    const p = scenario.behaviour.patienceMin;
    this.patience = p && makeSampler(p, stream(seed, 'patience'));
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
    const rate = this.rate!;
    let t = this.t;
    let left = e;
    for (;;) {
      const hour = Math.floor(t / MIN_PER_HOUR);
      const slotEnd = (hour + 1) * MIN_PER_HOUR;
      const r = rate[hour % HOURS_PER_WEEK];
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
    // presence never shifts another column's draws.
    const u = this.fleetU();
    let type = 0;
    while (u >= this.cumShare[type]) type++;
    const traceType = tr?.fleet ? tr.fleet[row] : -1;
    if (traceType >= 0) type = traceType;
    const battery = fleet[type].batteryKwh;
    const socIn = pick(tr?.socIn, row, this.soc());
    const target = this.target?.();
    const energy = this.energy?.();
    const breakMin = pick(tr?.breakMin, row, this.brk());
    const patienceMin = pick(tr?.patienceMin, row, this.patience?.() ?? Infinity);
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
