import { SimulationError } from '../errors.js';
import { atMost } from '../stats/signals.js';
import { peakShavingTarget } from './battery.js';
import { HOURS_OF_WEEK, WEEKDAYS, type Scenario } from '../scenario/types.js';
import { LogHistogram, type RankHistogram } from '../stats/histogram.js';
import type { TruckTally } from './metrics.js';

// The planning breakdowns of one replication (by hour of the week, by fleet type, the load-duration
// curve, the wait distribution) as one fixed-layout vector of numbers: what a replication hands
// back to the batch, and what a batch summarises slot by slot over replications.

/** Cells of the hour-of-week profile: cell k covers [60k, 60(k + 1)) minutes modulo one week. */

/** Per-replication values of each by-hour row, in the order of by-hour.csv. README.md defines each. */
export const BY_HOUR_METRICS = ['arrivals', 'service_level', 'wait_mean_min', 'grid_mean_kw', 'demand_mean_kw', 'bay_occupancy', 'queue_mean', 'grid_peak_kw', 'battery_kw_mean', 'battery_soc_mean'] as const;

/** Per-replication values of each fleet type, in the order of by-fleet.csv. */
export const BY_FLEET_METRICS = [
  'trucks_arrived', 'served_share', 'service_level', 'wait_mean_min', 'wait_p95_min', 'charge_mean_min',
  'target_reached_share', 'energy_delivered_kwh', 'energy_unmet_kwh',
] as const;

/** Shares of time of the load-duration curve, in hundredths: 0, 1, ..., 100. */
export const LOAD_PERCENTS: readonly number[] = Array.from({ length: 101 }, (_, i) => i);

/** Metrics of the load-duration curve, per share of time. */
export const LOAD_METRICS = ['grid_kw', 'demand_kw'] as const;

/** Wait thresholds of the wait CDF (minutes): 0–60 by 1, to 180 by 5, to 480 by 15. */
export const WAIT_GRID: readonly number[] = [
  ...Array.from({ length: 61 }, (_, i) => i),
  ...Array.from({ length: 24 }, (_, i) => 65 + 5 * i),
  ...Array.from({ length: 20 }, (_, i) => 195 + 15 * i),
];

/** Metrics of the wait CDF, per threshold. */
export const WAIT_METRICS = ['plugged_in_within'] as const;

/** Rows of by-hour.csv: the 168 hour-of-week cells (Monday 0:00 first), then the 24 hours of the day over the whole week. */
export const BY_HOUR_ROWS = HOURS_OF_WEEK + 24;

/** Where each breakdown sits in a replication's vector. Depends only on the scenario's fleet. */
export interface BreakdownLayout {
  /** Fleet type names, scenario order. */
  readonly fleets: readonly string[];
  /** Slot of by-hour row r (0–191), metric m: byHour + r · BY_HOUR_METRICS.length + m. */
  readonly byHour: number;
  /** Slot of fleet f, metric m: byFleet + f · BY_FLEET_METRICS.length + m. */
  readonly byFleet: number;
  /** Slot of share LOAD_PERCENTS[i], metric m: loadDuration + i · LOAD_METRICS.length + m. */
  readonly loadDuration: number;
  /** Slot of threshold WAIT_GRID[j]: waitCdf + j. */
  readonly waitCdf: number;
  /** Length of the vector. */
  readonly size: number;
}

/** The vector layout for a scenario. */
export function breakdownLayout(scenario: Pick<Scenario, 'fleet'>): BreakdownLayout {
  const fleets = scenario.fleet.map((f) => f.name);
  const byHour = 0;
  const byFleet = byHour + BY_HOUR_ROWS * BY_HOUR_METRICS.length;
  const loadDuration = byFleet + fleets.length * BY_FLEET_METRICS.length;
  const waitCdf = loadDuration + LOAD_PERCENTS.length * LOAD_METRICS.length;
  return { fleets, byHour, byFleet, loadDuration, waitCdf, size: waitCdf + WAIT_GRID.length * WAIT_METRICS.length };
}

/** Per hour-of-week cell, the trucks that arrived in the statistics window during it. */
export class HourTally {
  // Typed as plain Float64Array: inferred, the declarations would say Float64Array<ArrayBuffer>,
  // which TypeScript before 5.7 cannot read in a project that imports hubsim.
  readonly arrived: Float64Array = new Float64Array(HOURS_OF_WEEK);
  readonly served: Float64Array = new Float64Array(HOURS_OF_WEEK);
  /** Served within the service threshold. */
  readonly withinThreshold: Float64Array = new Float64Array(HOURS_OF_WEEK);
  /** Sum of the waits of the served, minutes. */
  readonly waitSum: Float64Array = new Float64Array(HOURS_OF_WEEK);

  constructor(readonly thresholdMin: number) {}

  /** Records a truck that arrived in cell k and waited `waitMin` before plugging in (NaN: never plugged in). */
  add(k: number, waitMin: number): void {
    this.arrived[k]++;
    if (waitMin >= 0) {
      this.served[k]++;
      this.waitSum[k] += waitMin;
      if (waitMin <= this.thresholdMin) this.withinThreshold[k]++;
    }
  }
}

/** One fleet type's trucks that arrived in the statistics window (sums, not running means: it is on the hot path). */
export class FleetTally {
  arrived = 0;
  served = 0;
  withinThreshold = 0;
  waitSum = 0;
  chargeSum = 0;
  targetReached = 0;
  energyDelivered = 0;
  energyUnmet = 0;
  readonly waits = new LogHistogram();

  constructor(readonly thresholdMin: number) {}

  /** Records a truck: served or not, its wait and time plugged in (ignored if not served), whether it reached its target, energy delivered and wanted. */
  add(served: boolean, waitMin: number, chargeMin: number, reached: boolean, delivered: number, wanted: number): void {
    this.arrived++;
    if (!served) {
      this.energyUnmet += wanted;
      return;
    }
    this.served++;
    if (waitMin <= this.thresholdMin) this.withinThreshold++;
    this.waitSum += waitMin;
    this.waits.add(waitMin);
    this.chargeSum += chargeMin;
    if (reached) this.targetReached++;
    this.energyDelivered += delivered;
    // Reached means all it wanted, whatever an ulp of the energy sum says (as in TruckTally).
    if (!reached) this.energyUnmet += Math.max(0, wanted - delivered);
  }
}

/**
 * What a replication recorded for its breakdowns, a result's `breakdown`: tallies, not yet values.
 * The command line turns it (`breakdownVector`, not exported from the package) into the numbers the
 * breakdown files are made from.
 */
export interface Breakdown {
  /** Bays of the hub (for bay occupancy). */
  readonly bays: number;
  /** All trucks arriving in the window (its `waitHist` holds the waits of the served). */
  readonly all: TruckTally;
  /** One tally per fleet type, scenario order; null when there is one type, whose tally is `all`. */
  readonly fleets: readonly FleetTally[] | null;
  readonly hours: HourTally;
  /** Per hour-of-week cell: integrals over the window of grid power, occupied bays, queue and demand (value × minutes), and the window's minutes in it. */
  readonly cellGrid: Float64Array;
  readonly cellOccupied: Float64Array;
  readonly cellQueue: Float64Array;
  readonly cellDemand: Float64Array;
  /** Per hour-of-week cell: the integral over the window of the site battery's power (positive discharging; 0 without a battery). */
  readonly cellBattery: Float64Array;
  /** The site battery, if any: its capacity (kWh), and per hour-of-week cell the integral over the window of its stored energy (kWh × minutes). */
  readonly battery: { readonly capacityKwh: number; readonly cellEnergy: Float64Array } | null;
  readonly cellExposure: Float64Array;
  /** Per hour-of-week cell: the highest interval mean of grid power among the intervals wholly inside the window that start in it; -Infinity where none does. */
  readonly cellPeak: Float64Array;
  /**
   * What the trucks can draw at most together (the cabinets and bays they can use), which demand's
   * means never exceed but by rounding; and whether grid power is bounded by it too (no battery).
   */
  readonly demandBound: { readonly kw: number; readonly boundsA: boolean };
  /** Means of grid power and of demand over the `powerIntervalMin` intervals wholly inside the window. */
  readonly intervalsGrid: RankHistogram;
  readonly intervalsDemand: RankHistogram;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

/**
 * One replication's breakdown values in the fixed layout of `breakdownLayout(scenario)` (NaN where
 * a value is undefined, e.g. the waits of a cell in which no truck arrived). Pure: the same
 * replication gives the same bits.
 * @throws SimulationError when the result is not of a run of a scenario with the same fleet.
 */
export function breakdownVector(scenario: Pick<Scenario, 'fleet'> & Partial<Pick<Scenario, 'hub'>>, result: { readonly breakdown: Breakdown }): Float64Array {
  const b = result.breakdown;
  const gridKw = scenario.hub?.gridKw ?? Infinity;
  const byHour = scenario.hub?.gridKwByHour;
  const target = peakShavingTarget(scenario.hub?.battery);
  // A level per hour-of-week cell, as a row's mean grid power sees it: with levels that differ
  // between the row's cells, their mean over the window's time in each (exactly the level when
  // they all have the same).
  const meanOver = (cells: readonly number[], level: (k: number) => number): number => {
    const first = level(cells[0]);
    if (cells.every((k) => level(k) === first)) return first;
    let sum = 0;
    let exposure = 0;
    for (const k of cells) {
      sum += level(k) * b.cellExposure[k];
      exposure += b.cellExposure[k];
    }
    return exposure > 0 ? sum / exposure : first;
  };
  // The grid limit in force in cell k, which a row's mean grid power cannot exceed; and the level a
  // peak-shaving battery holds the grid draw at while it can, the lower of its target and the limit
  // (undefined without a target of its own), which the mean may exceed, but not by rounding alone (see SignalRecorder).
  const limitAt = (k: number): number => (byHour ? byHour[k] : gridKw);
  const levelAt = target === undefined ? undefined : (k: number): number => Math.min(target, limitAt(k));
  const layout = breakdownLayout(scenario);
  const types = b.fleets === null ? 1 : b.fleets.length;
  if (types !== layout.fleets.length) throw new SimulationError(`a run with ${types} fleet types given for a scenario with ${layout.fleets.length}`);
  const v = new Float64Array(layout.size);
  const h = b.hours;
  const M = BY_HOUR_METRICS.length;
  const hourRow = (row: number, cells: readonly number[]) => {
    let arrived = 0, served = 0, within = 0, wait = 0, grid = 0, demand = 0, occupied = 0, queue = 0, battery = 0, stored = 0, exposure = 0, peak = -Infinity;
    for (const k of cells) {
      if (b.cellPeak[k] > peak) peak = b.cellPeak[k];
      arrived += h.arrived[k];
      served += h.served[k];
      within += h.withinThreshold[k];
      wait += h.waitSum[k];
      grid += b.cellGrid[k];
      demand += b.cellDemand[k];
      occupied += b.cellOccupied[k];
      queue += b.cellQueue[k];
      battery += b.cellBattery[k];
      if (b.battery !== null) stored += b.battery.cellEnergy[k];
      exposure += b.cellExposure[k];
    }
    const at = layout.byHour + row * M;
    v[at] = exposure > 0 ? arrived / (exposure / 60) : NaN;
    v[at + 1] = ratio(within, arrived);
    v[at + 2] = ratio(wait, served);
    const limited = atMost(ratio(grid, exposure), meanOver(cells, limitAt));
    const held = levelAt === undefined ? limited : atMost(limited, meanOver(cells, levelAt));
    // And where what the cabinets give holds them back, as the run's own means are (see SignalRecorder).
    v[at + 3] = b.demandBound.boundsA ? atMost(held, b.demandBound.kw) : held;
    v[at + 4] = atMost(ratio(demand, exposure), b.demandBound.kw);
    v[at + 5] = atMost(ratio(occupied, exposure * b.bays), 1); // shares: at most 1 but for rounding (see bay_occupancy)
    v[at + 6] = ratio(queue, exposure);
    v[at + 7] = peak > -Infinity ? peak : NaN;
    v[at + 8] = ratio(battery, exposure);
    v[at + 9] = b.battery === null ? NaN : atMost(ratio(stored, exposure * b.battery.capacityKwh), 1);
  };
  for (let k = 0; k < HOURS_OF_WEEK; k++) hourRow(k, [k]);
  for (let hour = 0; hour < 24; hour++) hourRow(HOURS_OF_WEEK + hour, WEEKDAYS.map((_, d) => d * 24 + hour));

  const fleetValues = (t: TruckTally | FleetTally) => {
    const served = t.served > 0;
    const [wait, waits, charge] = 'waitSum' in t ? [t.waitSum / t.served, t.waits, t.chargeSum / t.served] : [t.wait.mean, t.waitHist, t.charge.mean];
    return [
      t.arrived, ratio(t.served, t.arrived), ratio(t.withinThreshold, t.arrived), served ? wait : NaN, waits.quantile(0.95),
      served ? charge : NaN, ratio(t.targetReached, t.served), t.energyDelivered, t.energyUnmet,
    ];
  };
  (b.fleets ?? [b.all]).forEach((t, f) => v.set(fleetValues(t), layout.byFleet + f * BY_FLEET_METRICS.length));

  [b.intervalsGrid, b.intervalsDemand].forEach((hist, m) => {
    const n = hist.count;
    // The value held for at least pct % of the intervals is the k-th largest mean, k = ceil(pct·n/100);
    // integer arithmetic, so that 7 % of 100 intervals is exactly 7 of them. Ranks ascend as pct falls.
    const ranks = LOAD_PERCENTS.map((pct) => n - Math.max(1, Math.ceil((pct * n) / 100)) + 1).reverse();
    const values = n > 0 ? hist.atRanks(ranks).reverse() : LOAD_PERCENTS.map(() => NaN);
    values.forEach((x, i) => (v[layout.loadDuration + i * LOAD_METRICS.length + m] = x));
  });

  const all = b.all;
  all.waitHist.countsAtMost(WAIT_GRID).forEach((count, j) => (v[layout.waitCdf + j] = ratio(count, all.arrived)));
  return v;
}
