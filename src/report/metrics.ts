// How the report names and scales each metric. Labels carry the unit so table cells can hold
// bare numbers; shares are shown as percentages.
import { pricesGiven } from '../model/economics.js';
import { BATTERY_METRICS, isModelled, MONEY_METRICS, withAvailability } from '../model/metrics.js';
import { hasOutages, type RunInfo } from './data.js';
import { OUTPUT_DEFAULTS } from '../scenario/types.js';

/** The kind of quantity a metric is; decides its scale, unit and chart axis format. */
export type Unit = 'share' | 'min' | 'kW' | 'kWh' | 'trucks' | 'cycles' | 'currency' | 'currency/kWh';

/** How a metric is presented. */
export interface MetricInfo {
  readonly label: string;
  readonly unit: Unit;
  /** One line saying what it measures; `{T}` stands for the service threshold in minutes. */
  readonly help: string;
}

const CATALOGUE: Readonly<Record<string, MetricInfo>> = {
  service_level: { label: 'Service level', unit: 'share', help: 'arriving trucks plugged in within {T} min' },
  served_share: { label: 'Served', unit: 'share', help: 'arriving trucks that plugged in at all' },
  wait_mean_min: { label: 'Mean wait', unit: 'min', help: 'arrival to plug-in, over trucks that plugged in' },
  wait_p50_min: { label: 'Median wait', unit: 'min', help: 'over trucks that plugged in' },
  wait_p95_min: { label: '95th-percentile wait', unit: 'min', help: 'over trucks that plugged in' },
  wait_max_min: { label: 'Longest wait', unit: 'min', help: 'over trucks that plugged in' },
  no_wait_share: { label: 'No wait', unit: 'share', help: 'trucks that plugged in on arrival, of those served' },
  p_wait_over_15min: { label: 'Waited over 15 min', unit: 'share', help: 'of trucks that plugged in' },
  charge_mean_min: { label: 'Mean time plugged in', unit: 'min', help: 'plug-in to unplug' },
  target_reached_share: { label: 'Target reached', unit: 'share', help: 'of trucks that plugged in' },
  within_break_share: { label: 'Charged within the break', unit: 'share', help: 'reached the target by the end of the break, of trucks that plugged in' },
  trucks_arrived: { label: 'Trucks arrived', unit: 'trucks', help: 'in the statistics window' },
  trucks_served: { label: 'Trucks served', unit: 'trucks', help: 'plugged in, in the statistics window' },
  trucks_balked: { label: 'Trucks balked', unit: 'trucks', help: 'found the queue full and drove on' },
  trucks_reneged: { label: 'Trucks reneged', unit: 'trucks', help: 'gave up waiting for a bay' },
  energy_delivered_kwh: { label: 'Energy delivered', unit: 'kWh', help: 'to the trucks counted' },
  energy_unmet_kwh: { label: 'Energy not delivered', unit: 'kWh', help: 'wanted but not charged, including trucks that left unserved' },
  bay_occupancy: { label: 'Bay occupancy', unit: 'share', help: 'time-average share of bays with a truck plugged in' },
  bay_availability: { label: 'Bay availability', unit: 'share', help: 'time-average share of bays not failed or under maintenance' },
  power_utilization: { label: 'Power utilization', unit: 'share', help: 'energy delivered over what the cabinets could deliver' },
  grid_peak_kw: { label: 'Peak grid power', unit: 'kW', help: 'highest interval average of site power' },
  grid_mean_kw: { label: 'Mean grid power', unit: 'kW', help: 'time-average site power' },
  demand_peak_kw: { label: 'Peak demand (unconstrained)', unit: 'kW', help: 'highest interval average of what the trucks plugged in at each moment would draw without the grid limit' },
  demand_mean_kw: { label: 'Mean demand (unconstrained)', unit: 'kW', help: 'time-average of what the trucks plugged in at each moment would draw without the grid limit' },
  queue_mean: { label: 'Mean queue', unit: 'trucks', help: 'time-average number of trucks waiting' },
  queue_max: { label: 'Longest queue', unit: 'trucks', help: 'most trucks waiting at once' },
  battery_discharged_kwh: { label: 'Battery discharged', unit: 'kWh', help: 'the site battery gave the site' },
  battery_charged_kwh: { label: 'Battery charged', unit: 'kWh', help: 'the site battery took from the site' },
  battery_losses_kwh: { label: 'Battery losses', unit: 'kWh', help: 'lost in the site battery\u2019s conversion' },
  battery_cycles: { label: 'Battery use', unit: 'cycles', help: 'energy discharged over the site battery\u2019s capacity' },
  energy_cost: { label: 'Energy cost', unit: 'currency', help: 'grid energy at the price in force' },
  demand_charge: { label: 'Demand charge', unit: 'currency', help: 'on each billing period\u2019s peak' },
  connection_cost: { label: 'Connection cost', unit: 'currency', help: 'the connection\u2019s kW, for the window' },
  revenue: { label: 'Revenue', unit: 'currency', help: 'energy delivered at the selling price' },
  margin_per_kwh: { label: 'Margin', unit: 'currency/kWh', help: 'revenue less the costs, per kWh delivered' },
};

/** The whole-run metrics a report leads with, in the order it shows them. */
export const HEADLINE_METRICS = [
  'service_level',
  'served_share',
  'wait_mean_min',
  'wait_p95_min',
  'p_wait_over_15min',
  'within_break_share',
  'trucks_balked',
  'trucks_reneged',
  'bay_occupancy',
  'power_utilization',
  'grid_peak_kw',
  'demand_peak_kw',
  'grid_mean_kw',
  'energy_unmet_kwh',
  'queue_mean',
] as const;

/** Whether any of these runs' scenarios (as written) models a metric: see `isModelled`. */
export function modelledBy(runs: readonly RunInfo[]): (metric: string) => boolean {
  const hub = (r: RunInfo) => r.scenario.hub as Record<string, unknown> | undefined;
  const prices = runs.flatMap((r) => pricesGiven(r.scenario.economics));
  const has = { battery: runs.some((r) => hub(r)?.battery !== undefined), prices };
  return (metric) => isModelled(metric, has);
}

/**
 * HEADLINE_METRICS, with bay availability after the occupancy where a run's bays fail or are
 * maintained (an empty bay is then not always a free one: a maintenance window at the busy hour
 * shows as its emptiest cells), then the battery's and money metrics where the runs model them.
 */
export function headlineFor(runs: readonly RunInfo[]): string[] {
  const outages = runs.some(hasOutages);
  const head = outages ? withAvailability(HEADLINE_METRICS) : HEADLINE_METRICS;
  return [...head, ...[...BATTERY_METRICS, ...MONEY_METRICS].filter(modelledBy(runs))];
}

/** How to present `metric`; a metric the catalogue lacks gets its name and a unit from its suffix. */
export function metricInfo(metric: string, thresholdMin: number = OUTPUT_DEFAULTS.serviceThresholdMin): MetricInfo {
  const known = CATALOGUE[metric];
  if (known) return { ...known, help: known.help.replace('{T}', String(thresholdMin)) };
  const unit: Unit = metric.endsWith('_kwh') ? 'kWh' : metric.endsWith('_kw') ? 'kW' : metric.endsWith('_min') ? 'min' : metric.endsWith('_share') ? 'share' : 'trucks';
  return { label: metric, unit, help: '' };
}

/**
 * The unit as a label suffix: `%` for shares; a battery's use in the cycles it is worth, so that
 * its label reads "Battery use (equivalent full cycles)", not "Battery cycles (cycles)".
 */
export function unitLabel(unit: Unit): string {
  return unit === 'share' ? '%' : unit === 'cycles' ? 'equivalent full cycles' : unit;
}

/** Factor from the file's value to the shown one: 100 for shares, 1 otherwise. */
export function unitScale(unit: Unit): number {
  return unit === 'share' ? 100 : 1;
}

/** Whether a metric adds up over the statistics window: truck counts, energy, battery use (cycles) and money (not a margin per kWh, nor a queue). */
export function isTotal(metric: string): boolean {
  const unit = metricInfo(metric).unit;
  return metric.startsWith('trucks_') || unit === 'kWh' || unit === 'cycles' || unit === 'currency';
}
