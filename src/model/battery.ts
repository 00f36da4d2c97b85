import { HOURS_OF_WEEK, type BatterySpec } from '../scenario/types.js';
import { SNAP_MARGIN, windowOverlap } from '../stats/signals.js';

/** A battery's own target for the grid draw: `targetKw` when it shaves peaks to one; undefined when the grid limit in force is its target. */
export function peakShavingTarget(spec: BatterySpec | undefined): number | undefined {
  return spec?.strategy === 'peakShaving' ? spec.targetKw : undefined;
}

/**
 * A stationary battery at the site. Its power is constant between re-plans, so its stored energy
 * is piecewise linear, and the instant it becomes empty or full is computed exactly: a milestone
 * at which the site re-plans (`milestone`).
 *
 * Efficiency: the round-trip efficiency η is split evenly, √η each way. Charging at p kW from the
 * site stores p·√η; discharging at p kW to the site takes p/√η out of store. Powers here are on
 * the site's side of the converter, which is where `powerKw` limits them and where the grid sees them.
 *
 * Rules (see README, "The model"): with the trucks drawing S kW and the grid limit G in force, and
 * a target T (greedy: G; peakShaving: the lower of targetKw and G), the battery discharges
 * min(powerKw, S − T) while S > T and it holds energy, and charges min(powerKw, T − S) while S < T
 * and it is not full; otherwise it idles. Since the trucks together may draw at most G + powerKw
 * while it holds energy and G while it is empty, the grid draw never exceeds G.
 */
export class Battery {
  readonly capacityKwh: number;
  readonly powerKw: number;
  /** √efficiency: the share of charged energy stored, and of stored energy delivered. */
  readonly etaIn: number;
  readonly etaOut: number;
  /** Stored energy at `since`, kWh. */
  energy: number;
  /** When `energy` was last brought up to date, minutes. */
  since = 0;
  /** Power taken from the site to charge, kW (>= 0), since the last `decide`. */
  chargeKw = 0;
  /** Power given to the site, kW (>= 0), since the last `decide`. */
  dischargeKw = 0;
  /** When, at these powers, it becomes empty (while discharging) or full (while charging); Infinity when idle. */
  milestone = Infinity;
  /**
   * Per hour-of-week cell (Monday 00:00 first): the integral of the stored energy over the part of
   * the statistics window in that cell, kWh × minutes. Complete once advanced to the run's end.
   */
  readonly cellEnergy: Float64Array = new Float64Array(HOURS_OF_WEEK); // typed as HourTally's are (breakdown.ts)
  /** Energy taken from the site to charge, and given to it, inside the statistics window, kWh. */
  chargedKwh = 0;
  dischargedKwh = 0;
  /** Stored energy at the window's start and end, kWh (NaN until reached). */
  atWindowStart = NaN;
  atWindowEnd = NaN;
  private readonly target: number; // peakShaving's targetKw; Infinity for greedy (the grid limit then rules)

  /** A battery as the scenario describes it, for a statistics window [W, H) (minutes). */
  constructor(
    spec: BatterySpec,
    private readonly W: number,
    private readonly H: number,
  ) {
    this.capacityKwh = spec.capacityKwh;
    this.powerKw = spec.powerKw;
    this.etaIn = Math.sqrt(spec.efficiency);
    this.etaOut = this.etaIn;
    this.energy = spec.initialSoc * spec.capacityKwh;
    this.target = peakShavingTarget(spec) ?? Infinity;
    if (W === 0) this.atWindowStart = this.energy;
  }

  /** Energy lost in conversion inside the window, kWh: what went in but was not stored, and what left store but did not reach the site. */
  get lossesKwh(): number {
    return this.chargedKwh * (1 - this.etaIn) + this.dischargedKwh * (1 / this.etaOut - 1);
  }

  /** The most the trucks may draw together with the grid limit `gridKw` in force: the battery adds its power while it holds energy. */
  truckLimit(gridKw: number): number {
    return this.energy > 0 ? gridKw + this.powerKw : gridKw;
  }

  /**
   * Brings the stored energy and the window's tallies up to t (minutes), at the powers of the last
   * `decide`, until its milestone: a run re-plans there, and a battery not told otherwise idles
   * after it.
   */
  advance(t: number): void {
    if (t > this.milestone) {
      this.advance(this.milestone);
      this.chargeKw = 0;
      this.dischargeKw = 0;
      this.milestone = Infinity;
    }
    const from = this.since;
    if (!(t > from)) {
      // A milestone on `since` itself: so little energy (or room) was left that at this power it
      // lasts less than the clock can resolve at t. It is reached now; without this, every re-plan
      // there would find it still a hair away and set it again at t, for ever.
      if (t >= this.milestone) this.energy = this.dischargeKw > 0 ? 0 : this.capacityKwh;
      return;
    }
    const net = this.chargeKw * this.etaIn - this.dischargeKw / this.etaOut; // kW into store
    const W = this.W;
    const H = this.H;
    if (from < W && t >= W) this.atWindowStart = this.stored(net, W - from);
    if (from < H && t >= H) this.atWindowEnd = this.stored(net, H - from);
    const inWindow = windowOverlap(from, t, W, H);
    if (inWindow > 0) {
      if (this.chargeKw > 0) this.chargedKwh += (this.chargeKw * inWindow) / 60;
      if (this.dischargeKw > 0) this.dischargedKwh += (this.dischargeKw * inWindow) / 60;
      this.integrate(net, from, from > W ? from : W, t < H ? t : H);
    }
    this.energy = t >= this.milestone ? (this.dischargeKw > 0 ? 0 : this.capacityKwh) : this.stored(net, t - from);
    this.since = t;
  }

  /**
   * Sets the battery's power from t on, the trucks drawing `trucksKw` under the grid limit
   * `gridKw` in force, and returns the grid draw: trucks + charging − discharging, at most `gridKw`
   * (given that the trucks keep to `truckLimit`). Call `advance(t)` first.
   */
  decide(t: number, trucksKw: number, gridKw: number): number {
    const target = this.target < gridKw ? this.target : gridKw;
    let charge = 0;
    let discharge = 0;
    let grid = trucksKw;
    if (trucksKw > target) {
      if (this.energy > 0) {
        const want = trucksKw - target;
        discharge = want < this.powerKw ? want : this.powerKw;
        grid = discharge === want ? target : trucksKw - discharge;
      }
    } else if (this.energy < this.capacityKwh) {
      const spare = trucksKw < target ? target - trucksKw : 0;
      // Spare capacity within rounding of the target is none: a sum of powers at the limit can sit
      // a few ulps below it, and charging on that would only make the battery flicker.
      if (spare > (target < Infinity ? target * SNAP_MARGIN : 0)) {
        charge = spare < this.powerKw ? spare : this.powerKw;
        grid = charge === spare ? target : trucksKw + charge;
      }
    }
    this.chargeKw = charge;
    this.dischargeKw = discharge;
    this.since = t;
    this.milestone =
      discharge > 0
        ? t + (this.energy * this.etaOut * 60) / discharge
        : charge > 0
          ? t + ((this.capacityKwh - this.energy) * 60) / (charge * this.etaIn)
          : Infinity;
    return grid;
  }

  /**
   * Adds the stored energy's integral over [lo, hi) (inside the window, and inside the span from
   * `since` = from at `net` kW into store, over which it is linear) to the hour cells it covers.
   */
  private integrate(net: number, from: number, lo: number, hi: number): void {
    for (let a = lo; a < hi; ) {
      const n = Math.floor(a / 60);
      const b = (n + 1) * 60 < hi ? (n + 1) * 60 : hi;
      this.cellEnergy[n % HOURS_OF_WEEK] += ((this.stored(net, a - from) + this.stored(net, b - from)) / 2) * (b - a);
      a = b;
    }
  }

  /** Stored energy `dt` minutes after `since` at `net` kW into store, kept inside [0, capacity] against rounding. */
  private stored(net: number, dt: number): number {
    const e = this.energy + (net * dt) / 60;
    return e < 0 ? 0 : e > this.capacityKwh ? this.capacityKwh : e;
  }
}
