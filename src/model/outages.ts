/**
 * What makes bays unavailable: each bay's random failures, and each charger group's planned
 * maintenance windows. Each source is a clock that alternates between down and up; the run turns
 * its transitions into calendar events and counts, per bay, how many sources hold it down.
 */
import { makeSampler } from '../random/distributions/index.js';
import { bayStream } from '../random/streams.js';
import { MIN_PER_WEEK, weekMinute, type WeeklyWindow } from '../scenario/maintenance.js';
import { minutesOfHours, type ChargerGroup, type MaintenanceWindow } from '../scenario/types.js';

/** One source of unavailability for a fixed set of bays. */
export interface OutageClock {
  /** Bay positions (0-based, in the hub's numbering) it takes down. */
  readonly bays: Int32Array;
  /** When it next goes down, given that it came up (or started) at `t`; Infinity for never. */
  nextDown(t: number): number;
  /** When the outage that began at `t` ends; Infinity for never. */
  upAfter(t: number): number;
}

/** A bay's failures: up for a draw of `betweenMin`, down for a draw of `repairMin`, from t = 0. */
class FailureClock implements OutageClock {
  readonly bays: Int32Array;
  private readonly between: () => number;
  private readonly repair: () => number;
  constructor(group: ChargerGroup, bayInGroup: number, position: number, seed: number) {
    this.bays = Int32Array.of(position);
    this.between = makeSampler(group.failures!.betweenMin, bayStream(seed, 'failures', group.id, bayInGroup));
    this.repair = makeSampler(group.failures!.repairMin, bayStream(seed, 'repairs', group.id, bayInGroup));
  }
  nextDown(t: number): number {
    return t + this.between();
  }
  upAfter(t: number): number {
    return t + this.repair();
  }
}

/** A window that recurs every week; the occurrence of the week before t = 0 counts if it runs past 0. */
class WeeklyClock implements OutageClock {
  private k = -1; // the occurrence last or next used
  private readonly offset: number; // minutes from Monday 00:00 to the window's start
  private readonly length: number;
  constructor(readonly bays: Int32Array, w: WeeklyWindow) {
    this.offset = weekMinute(w);
    this.length = minutesOfHours(w.hours);
  }
  private start(k: number): number {
    return k * MIN_PER_WEEK + this.offset;
  }
  nextDown(t: number): number {
    while (this.start(this.k) + this.length <= t) this.k++;
    const s = this.start(this.k);
    return s > t ? s : t;
  }
  upAfter(): number {
    // A window of a whole week never ends: the next one starts as it ends.
    if (this.length >= MIN_PER_WEEK) return Infinity;
    return this.start(this.k++) + this.length;
  }
}

/** A window that happens once, over [startMin, endMin). */
class OnceClock implements OutageClock {
  private used = false;
  constructor(readonly bays: Int32Array, private readonly w: { startMin: number; endMin: number }) {}
  nextDown(t: number): number {
    if (this.used || this.w.endMin <= t) return Infinity;
    this.used = true;
    return this.w.startMin > t ? this.w.startMin : t;
  }
  upAfter(): number {
    return this.w.endMin;
  }
}

/**
 * The outage clocks of a hub whose groups are `chargers` (bays numbered in their order, cabinet
 * by cabinet), for one replication's `seed`. Empty when no group has failures or maintenance.
 */
export function outageClocks(chargers: readonly ChargerGroup[], seed: number): OutageClock[] {
  const clocks: OutageClock[] = [];
  let first = 0;
  for (const g of chargers) {
    const n = g.cabinets * g.baysPerCabinet;
    if (g.failures) for (let k = 0; k < n; k++) clocks.push(new FailureClock(g, k + 1, first + k, seed));
    if (g.maintenance.length > 0) {
      const bays = Int32Array.from({ length: n }, (_, k) => first + k);
      for (const w of g.maintenance) clocks.push(windowClock(bays, w));
    }
    first += n;
  }
  return clocks;
}

function windowClock(bays: Int32Array, w: MaintenanceWindow): OutageClock {
  return 'weekday' in w ? new WeeklyClock(bays, w) : new OnceClock(bays, w);
}
