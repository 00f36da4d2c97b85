import { LogHistogram } from '../stats/histogram.js';
import { PRICE_OF } from './economics.js';
import { Welford } from '../stats/welford.js';
import { minutesOfDays, type ChargerGroup, type Horizon, type Scenario } from '../scenario/types.js';
import { intervalsInside } from '../stats/signals.js';
import { isFixed, type DistSpec } from '../random/distributions/index.js';

/** The metrics only `economics` defines (undefined without it), in the order they close METRIC_NAMES. README.md defines each. */
export const MONEY_METRICS = ['energy_cost', 'demand_charge', 'connection_cost', 'revenue', 'margin_per_kwh'] as const;

/**
 * The metrics a scenario fixes alone, whatever its random draws, and so the same in every
 * replication of it: its connection's cost; bay availability where no bay fails at random (maintenance
 * windows hold bays at fixed times: with none, it is 1); balks (0) where the waiting spaces are unlimited; trucks leaving the queue
 * unserved (0) where no driver has patience to run out nor a break that ends a wait; and, with
 * neither, the served share (1). Every metric
 * of a scenario that draws nothing at random (see `drawsAtRandom`).
 */
export function constantMetrics(scenario: Scenario): ReadonlySet<MetricName> {
  if (!drawsAtRandom(scenario)) return new Set(METRIC_NAMES);
  const constant: MetricName[] = ['connection_cost'];
  if (!scenario.hub.chargers.some(failsAtRandom)) constant.push('bay_availability');
  if (scenario.hub.waitingSpaces === Infinity) constant.push('trucks_balked');
  const tracePatience = scenario.arrivals.kind === 'trace' && scenario.arrivals.columns.patienceMin !== undefined;
  if (!tracePatience && scenario.fleet.every((f) => f.behaviour.patienceMin === undefined && f.behaviour.leave !== 'breakEnd')) constant.push('trucks_reneged');
  // Nobody balks or gives up: every truck that comes is served (1 wherever a truck comes).
  if (constant.includes('trucks_balked') && constant.includes('trucks_reneged')) constant.push('served_share');
  return new Set(constant);
}

/** Whether a group's bays fail at random: up-times or repair times drawn otherwise than fixed (see `isFixed`). */
function failsAtRandom(g: ChargerGroup): boolean {
  return g.failures !== undefined && !(isFixed(g.failures.betweenMin) && isFixed(g.failures.repairMin));
}

/**
 * Whether a replication of `scenario` draws anything at random: arrivals at a rate (a Poisson
 * process), bays that fail at random times, or a truck's type (drawn by share where its trace row names none, so
 * at random where more than one type has a share above 0), arrival SoC, target, break or patience
 * that its trace row leaves to its type's distribution, unless that gives one value (see `isFixed`). Replications of one
 * that draws nothing are all alike. Told from the scenario, not from replications that happen to agree: ten of a quiet
 * hub can all hold no truck, every metric 0 or undefined in each, and yet the next one has trucks.
 */
export function drawsAtRandom(scenario: Scenario): boolean {
  if (scenario.arrivals.kind === 'rate' || scenario.hub.chargers.some(failsAtRandom)) return true;
  const c = scenario.arrivals.columns;
  const drawn = (d: DistSpec | undefined) => d !== undefined && !isFixed(d);
  const given = (col: Float64Array | undefined, i: number) => col !== undefined && !Number.isNaN(col[i]);
  // A row that names no type gets one drawn by share: always the same where one type alone has a share above 0.
  const drawnTypes = scenario.fleet.flatMap((t, k) => (t.share > 0 ? [k] : []));
  const leftOut = drawnTypes.length === 1 ? drawnTypes[0] : -1;
  for (let i = 0; i < c.length; i++) {
    const k = c.fleet !== undefined && c.fleet[i] >= 0 ? c.fleet[i] : leftOut;
    if (k < 0) return true;
    const { demand, behaviour } = scenario.fleet[k];
    if (!given(c.socIn, i) && drawn(demand.arrivalSoc)) return true;
    if (!given(c.targetSoc, i) && !given(c.energyKwh, i) && (drawn(demand.targetSoc) || drawn(demand.energyKwh))) return true;
    if (!given(c.breakMin, i) && drawn(behaviour.breakMin)) return true;
    if (!given(c.patienceMin, i) && drawn(behaviour.patienceMin)) return true;
  }
  return false;
}

/**
 * `metrics` with the bays' availability after their occupancy, for a hub whose bays fail or are
 * maintained: an empty bay is then not always a free one, and a maintenance window at the busy
 * hour reads as its emptiest.
 */
export function withAvailability<T extends string>(metrics: readonly T[]): (T | 'bay_availability')[] {
  return metrics.flatMap((m): (T | 'bay_availability')[] => (m === 'bay_occupancy' ? [m, 'bay_availability'] : [m]));
}

/**
 * Whether `metric` is taken over the power intervals wholly inside the statistics window: the peaks,
 * the demand charge billed on them, and the margin where a demand charge (`demandCharged`) is taken
 * from it. With no such interval (see `noPowerIntervalInside`), none of them is defined.
 */
export function onPowerIntervals(metric: string, demandCharged: boolean): boolean {
  return metric === 'grid_peak_kw' || metric === 'demand_peak_kw' || metric === 'demand_charge' || (metric === 'margin_per_kwh' && demandCharged);
}

/** Whether no power interval of `width` minutes lies wholly inside the statistics window of `horizon` (one longer than it). */
export function noPowerIntervalInside(width: number, horizon: Horizon): boolean {
  const { first, end } = intervalsInside(width, minutesOfDays(horizon.warmupDays), minutesOfDays(horizon.days));
  return end <= first;
}

/**
 * Every metric, in the column order of replications.csv. README.md defines each. Frozen: the library
 * exports it, and a caller's `METRIC_NAMES.sort()` or `.length = 3` would change it for everyone else.
 */
export const METRIC_NAMES = Object.freeze([
  'trucks_arrived',
  'trucks_served',
  'trucks_balked',
  'trucks_reneged',
  'served_share',
  'service_level',
  'wait_mean_min',
  'wait_p50_min',
  'wait_p95_min',
  'wait_max_min',
  'no_wait_share',
  'p_wait_over_15min',
  'charge_mean_min',
  'target_reached_share',
  'within_break_share',
  'energy_delivered_kwh',
  'energy_unmet_kwh',
  'bay_occupancy',
  'bay_availability',
  'power_utilization',
  'grid_peak_kw',
  'grid_mean_kw',
  'demand_peak_kw',
  'demand_mean_kw',
  'queue_mean',
  'queue_max',
  'battery_discharged_kwh',
  'battery_charged_kwh',
  'battery_losses_kwh',
  'battery_cycles',
  ...MONEY_METRICS,
] as const);
/** One metric's name: a column of replications.csv and a row of summary.csv. README.md defines each. */
export type MetricName = (typeof METRIC_NAMES)[number];

/**
 * The metrics every replication defines, whatever it draws (see `runMetrics`): counts, energies and
 * time means. The others are undefined where no truck was served, no power interval lies inside the
 * window, or the scenario has no battery or prices.
 */
export const ALWAYS_DEFINED: readonly MetricName[] = [
  'trucks_arrived',
  'trucks_served',
  'trucks_balked',
  'trucks_reneged',
  'energy_delivered_kwh',
  'energy_unmet_kwh',
  'bay_occupancy',
  'bay_availability',
  'power_utilization',
  'grid_mean_kw',
  'demand_mean_kw',
  'queue_mean',
  'queue_max',
  'battery_discharged_kwh',
  'battery_charged_kwh',
  'battery_losses_kwh',
];

/** The metrics only a site battery gives meaning to (zero or undefined without one). */
export const BATTERY_METRICS: readonly MetricName[] = ['battery_discharged_kwh', 'battery_charged_kwh', 'battery_losses_kwh', 'battery_cycles'];

/**
 * Whether a metric means something for scenarios of which some have a site battery (`battery`) and
 * some give prices (`prices`: the `economics` fields given, e.g. `energyPrice`): what a table
 * shows, so that scenarios without them do not carry rows of zeros and dashes. A money metric
 * needs the price it is made of (`PRICE_OF`). Every metric is in the CSVs regardless.
 */
export function isModelled(metric: string, has: { readonly battery: boolean; readonly prices: readonly string[] }): boolean {
  if ((BATTERY_METRICS as readonly string[]).includes(metric)) return has.battery;
  if ((MONEY_METRICS as readonly string[]).includes(metric)) return has.prices.includes(PRICE_OF[metric as keyof typeof PRICE_OF]);
  return true;
}
/**
 * The metrics a sweep's or sizing's table and report show beside their fixed ones where some design
 * defines them (`isModelled`): a site battery's wear, and each cost and the margin, so that a sweep
 * of battery sizes or connections says what each design costs. Revenue is left to the margin,
 * which carries it.
 */
export const PLAN_METRICS_IF_DEFINED: readonly MetricName[] = ['battery_cycles', 'energy_cost', 'demand_charge', 'connection_cost', 'margin_per_kwh'];

/** One replication's metrics; NaN where a metric is undefined (e.g. waits when nobody was served). */
export type Metrics = Record<MetricName, number>;

/** Minutes over which `p_wait_over_15min` counts a wait as long. */
const LONG_WAIT_MIN = 15;

/** Per-truck tallies for the trucks that arrived inside the statistics window. */
export class TruckTally {
  arrived = 0;
  /** Served trucks that plugged in within `thresholdMin` of arriving. */
  withinThreshold = 0;
  served = 0;
  balked = 0;
  reneged = 0;
  noWait = 0;
  longWait = 0;
  targetReached = 0;
  withinBreak = 0;
  energyDelivered = 0;
  energyUnmet = 0;
  waitMax = 0;
  readonly wait = new Welford();
  readonly waitHist = new LogHistogram();
  readonly charge = new Welford();

  /**
   * @param thresholdMin the longest wait that counts as served in time (`output.serviceThresholdMin`, and a tie)
   * @param tie minutes by which a wait may pass 0 (no wait) or 15 (a long wait), a rounding, and still count as not past it
   */
  constructor(
    readonly thresholdMin: number,
    private readonly tie = 0,
  ) {}

  /** Records a truck that plugged in. */
  addServed(waitMin: number, chargeMin: number, reached: boolean, inBreak: boolean, delivered: number, wanted: number): void {
    this.served++;
    if (waitMin <= this.thresholdMin) this.withinThreshold++;
    this.wait.add(waitMin);
    this.waitHist.add(waitMin);
    if (waitMin > this.waitMax) this.waitMax = waitMin;
    if (waitMin <= this.tie) this.noWait++;
    if (waitMin > LONG_WAIT_MIN + this.tie) this.longWait++;
    this.charge.add(chargeMin);
    if (reached) this.targetReached++;
    if (inBreak) this.withinBreak++;
    this.energyDelivered += delivered;
    // A truck that reached its target got all it wanted: its energy, summed along its charge, can
    // land an ulp short of SoC-in × battery + wanted, which must not show as 3e-13 kWh unmet.
    if (!reached) this.energyUnmet += Math.max(0, wanted - delivered);
  }
}
