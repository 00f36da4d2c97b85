import { minutesOfDays, type Scenario } from '../scenario/types.js';
import { Battery, peakShavingTarget } from './battery.js';
import { GridLimit } from './grid-limit.js';

/**
 * What stands between the trucks and the grid when the scenario has more than a constant limit: a
 * limit that varies by hour, a stationary battery, or both. A run asks it, at each re-plan, how
 * much the trucks may share (`truckLimit`), then tells it what they draw (`plan`) and gets the
 * grid draw back; `nextAt` is when the site needs a re-plan of its own (the limit changes, or the
 * battery empties or fills). Knows nothing about trucks beyond their total power.
 */
export class Site {
  /** The limit by hour; null when it is one constant (`constKw`). */
  readonly limit: GridLimit | null;
  readonly battery: Battery | null;
  private readonly constKw: number;
  /** As of the last `plan`: the grid limit in force, what the trucks drew, the battery's power (positive discharging), the grid draw; kW. */
  gridLimitKw = NaN;
  trucksKw = 0;
  batteryKw = 0;
  gridKw = 0;
  /** When the site next needs a re-plan of its own, minutes; Infinity: never, as things stand. */
  nextAt = Infinity;
  /**
   * With a peak-shaving battery whose target lies below the connection (at some hour): the grid
   * draw it holds the site at while it can, the lower of its target and the limit in force, kW;
   * else undefined.
   */
  readonly shavingLevel: number | GridLimit | undefined;

  private constructor(scenario: Scenario) {
    const hub = scenario.hub;
    this.limit = hub.gridKwByHour ? new GridLimit(hub.gridKwByHour) : null;
    this.constKw = hub.gridKw;
    const W = minutesOfDays(scenario.horizon.warmupDays);
    const H = minutesOfDays(scenario.horizon.days);
    this.battery = hub.battery ? new Battery(hub.battery, W, H) : null;
    const target = peakShavingTarget(hub.battery);
    const byHour = hub.gridKwByHour;
    if (target === undefined || !(target < (byHour ? Math.max(...byHour) : hub.gridKw))) this.shavingLevel = undefined;
    else this.shavingLevel = byHour ? new GridLimit(byHour.map((g) => Math.min(target, g))) : target;
  }

  /** The site of a scenario, or null when its grid limit is a constant and it has no battery (nothing to do). */
  static of(scenario: Scenario): Site | null {
    return scenario.hub.gridKwByHour || scenario.hub.battery ? new Site(scenario) : null;
  }

  /** The lowest limit the trucks can ever be held to: the grid's lowest (a battery only adds to it). */
  get leastLimitKw(): number {
    return this.limit ? this.limit.least : this.constKw;
  }

  /** The grid limit in force at t, kW. */
  gridLimitAt(t: number): number {
    return this.limit ? this.limit.at(t) : this.constKw;
  }

  /** How much the trucks may draw together from t on, kW: the grid limit in force plus what the battery can give now. */
  truckLimit(t: number): number {
    const grid = this.gridLimitAt(t);
    this.gridLimitKw = grid;
    const battery = this.battery;
    if (battery === null) return grid;
    battery.advance(t);
    return battery.truckLimit(grid);
  }

  /** The trucks draw `trucksKw` from t on (within `truckLimit(t)`): sets the battery's power and returns the grid draw. */
  plan(t: number, trucksKw: number): number {
    const battery = this.battery;
    const grid = battery === null ? trucksKw : battery.decide(t, trucksKw, this.gridLimitKw);
    this.trucksKw = trucksKw;
    this.batteryKw = battery === null ? 0 : battery.dischargeKw - battery.chargeKw;
    this.gridKw = grid;
    const change = this.limit ? this.limit.nextChange(t) : Infinity;
    const full = battery === null ? Infinity : battery.milestone;
    this.nextAt = change < full ? change : full;
    return grid;
  }

  /** Ends the run at `end`: brings the battery's tallies up to it. */
  finish(end: number): void {
    this.battery?.advance(end);
  }
}
