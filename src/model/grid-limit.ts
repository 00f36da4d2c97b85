import { SimulationError } from '../errors.js';
import { HOURS_OF_WEEK } from '../scenario/types.js';

const WEEK_MIN = HOURS_OF_WEEK * 60;

/**
 * The site's grid limit over time: one value for each hour of the week, repeating every week
 * (t = 0 is Monday 00:00). It changes only at the hour boundaries where the value differs, so a run
 * needs one event per change, not one per hour. Also answers the limit's mean and largest value
 * over a span: what a signal held under it can reach there, for snapping rounding (see `atMost`).
 */
export class GridLimit {
  /** The smallest and the largest limit in force at any time, kW. */
  readonly least: number;
  readonly most: number;
  private readonly week: Float64Array;
  private readonly weekSum: number; // kW · hours over one week
  // From hour-of-week k: how many hours until the value first differs from hour k's (Infinity: never).
  private readonly toChange: Float64Array;

  /**
   * @param byHourOfWeek the limit in each hour of the week, kW, Monday 00:00 first.
   * @throws SimulationError unless it has 168 values.
   */
  constructor(byHourOfWeek: readonly number[]) {
    if (byHourOfWeek.length !== HOURS_OF_WEEK) throw new SimulationError(`a weekly limit needs ${HOURS_OF_WEEK} values (got ${byHourOfWeek.length})`);
    const week = Float64Array.from(byHourOfWeek);
    this.week = week;
    this.least = Math.min(...week);
    this.most = Math.max(...week);
    let sum = 0;
    for (const v of week) sum += v;
    this.weekSum = sum;
    this.toChange = new Float64Array(HOURS_OF_WEEK).fill(Infinity);
    for (let k = 0; k < HOURS_OF_WEEK; k++) {
      for (let d = 1; d <= HOURS_OF_WEEK; d++) {
        if (week[(k + d) % HOURS_OF_WEEK] !== week[k]) {
          this.toChange[k] = d;
          break;
        }
      }
    }
  }

  /** The limit in force at time t (minutes), kW. */
  at(t: number): number {
    return this.week[Math.floor(t / 60) % HOURS_OF_WEEK];
  }

  /** The first time after t (minutes) at which the limit changes: an hour boundary; Infinity if it never does. */
  nextChange(t: number): number {
    const n = Math.floor(t / 60);
    const d = this.toChange[n % HOURS_OF_WEEK];
    return d === Infinity ? Infinity : (n + d) * 60;
  }

  /**
   * The time-average limit over [from, to) (from < to), kW: exactly the value in force when it
   * holds throughout, so that a signal sitting at a constant limit snaps to that very number.
   */
  mean(from: number, to: number): number {
    const week = this.week;
    const first = Math.floor(from / 60);
    const last = Math.floor(to / 60); // the hour `to` falls in (its part before `to` counts)
    const v0 = week[first % HOURS_OF_WEEK];
    if (last === first || (last === first + 1 && to === last * 60)) return v0;
    let same = true;
    let sum = v0 * ((first + 1) * 60 - from);
    let n = first + 1;
    // Whole weeks at once: a long span costs at most two weeks of hours.
    const weeks = Math.floor((last - n) / HOURS_OF_WEEK);
    if (weeks > 0) {
      same = this.least === this.most;
      sum += weeks * this.weekSum * 60;
      n += weeks * HOURS_OF_WEEK;
    }
    for (; n < last; n++) {
      const v = week[n % HOURS_OF_WEEK];
      if (v !== v0) same = false;
      sum += v * 60;
    }
    if (to > last * 60) {
      const v = week[last % HOURS_OF_WEEK];
      if (v !== v0) same = false;
      sum += v * (to - last * 60);
    }
    return same ? v0 : sum / (to - from);
  }

  /** The largest limit in force during [from, to) (from < to), kW. */
  largest(from: number, to: number): number {
    if (to - from >= WEEK_MIN) return this.most;
    const week = this.week;
    let most = -Infinity;
    for (let n = Math.floor(from / 60); n * 60 < to; n++) {
      const v = week[n % HOURS_OF_WEEK];
      if (v > most) most = v;
    }
    return most;
  }
}
