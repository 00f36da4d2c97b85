import { minutesOfDays, type Economics } from '../scenario/types.js';
import type { MONEY_METRICS } from './metrics.js';

/** The economics metrics' values (see MONEY_METRICS). */
export type EconomicsMetrics = Record<(typeof MONEY_METRICS)[number], number>;

/**
 * The prices `economics` gives (`energyPrice`, `demandCharge`, …): its fields that hold a value,
 * as validated or as a scenario file writes it. An `economics` of none prices nothing.
 */
export function pricesGiven(economics: unknown): string[] {
  if (typeof economics !== 'object' || economics === null) return [];
  return Object.entries(economics).flatMap(([k, v]) => (v === undefined ? [] : [k]));
}

/** The price each economics metric is made of: a scenario without it leaves the metric empty in every replication. */
export const PRICE_OF: Readonly<Record<(typeof MONEY_METRICS)[number], keyof Economics>> = {
  energy_cost: 'energyPrice',
  demand_charge: 'demandCharge',
  connection_cost: 'connectionCostPerKwYear',
  revenue: 'sellingPrice',
  margin_per_kwh: 'sellingPrice',
};

const YEAR_MIN = 365 * 1440;

/** What a run measured of its energy inside the statistics window, for pricing. */
export interface EnergyAccount {
  /** Grid draw integrated over each hour of the week (168 cells, Monday 00:00 first), kW·min. */
  readonly gridKwMinByHour: ArrayLike<number>;
  /**
   * Each billing period's highest interval-average grid draw, kW, periods from the window's start (0
   * for a period that holds no whole interval); null when not kept, or when no interval fits the window.
   */
  readonly periodPeaks: ArrayLike<number> | null;
  /** Length of the window, minutes. */
  readonly windowMin: number;
  /** Energy delivered to trucks inside the window, kWh. */
  readonly deliveredKwh: number;
  /** The grid connection's size, kW: the largest limit in force (Infinity when unlimited). */
  readonly connectionKw: number;
}

/**
 * Prices a run's energy (README, "Metrics"): NaN for what the scenario does not price, and a
 * margin only where there is revenue and energy was delivered.
 * - energy_cost: Σ over hours of the week of price × grid energy drawn in that hour: the exact
 *   integral of price × power, both being constant within each hour.
 * - demand_charge: perKw × each period's peak, the last period in proportion to the part of it the
 *   window holds; NaN when no interval fits the window (no peak to charge, not one of 0).
 * - connection_cost: per kW-year × connection kW × window length / 365 days.
 * - revenue: selling price × energy delivered to trucks.
 * - margin_per_kwh: (revenue − the three costs, each 0 when not priced) / energy delivered.
 */
export function economicsMetrics(e: Economics | undefined, a: EnergyAccount): EconomicsMetrics {
  let energyCost = NaN;
  if (e?.energyPrice) {
    energyCost = 0;
    const cells = a.gridKwMinByHour;
    for (let k = 0; k < cells.length; k++) energyCost += (e.energyPrice[k] * cells[k]) / 60;
  }
  let demandCharge = NaN;
  if (e?.demandCharge && a.periodPeaks) {
    const peaks = a.periodPeaks;
    const period = minutesOfDays(e.demandCharge.periodDays);
    const n = peaks.length;
    const last = (a.windowMin - (n - 1) * period) / period; // the last period's share that the window holds, in (0, 1]
    let sum = 0;
    for (let i = 0; i < n; i++) sum += i < n - 1 ? peaks[i] : peaks[i] * last;
    demandCharge = e.demandCharge.perKw * sum;
  }
  const connectionCost =
    e?.connectionCostPerKwYear !== undefined && a.connectionKw < Infinity ? (e.connectionCostPerKwYear * a.connectionKw * a.windowMin) / YEAR_MIN : NaN;
  const revenue = e?.sellingPrice !== undefined ? e.sellingPrice * a.deliveredKwh : NaN;
  const cost = (x: number) => (Number.isNaN(x) ? 0 : x);
  // A demand charge priced but not measured leaves the margin unknown too.
  const unknown = e?.demandCharge !== undefined && Number.isNaN(demandCharge);
  const margin =
    !Number.isNaN(revenue) && a.deliveredKwh > 0 && !unknown ? (revenue - cost(energyCost) - cost(demandCharge) - cost(connectionCost)) / a.deliveredKwh : NaN;
  return { energy_cost: energyCost, demand_charge: demandCharge, connection_cost: connectionCost, revenue, margin_per_kwh: margin };
}
