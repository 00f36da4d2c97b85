import { pricesGiven } from '../model/economics.js';
import { BATTERY_METRICS, isModelled, MONEY_METRICS, type MetricName } from '../model/metrics.js';
import type { Scenario } from '../scenario/types.js';
import { isRoundingNoise } from '../report/format.js';
import type { Summary } from '../stats/summary.js';

/**
 * The metrics shown on the terminal by `run` and `compare` alike (every metric is in the CSVs):
 * service over all arriving trucks first, then waits of those served, bays, power and energy.
 */
export const HEADLINE: readonly MetricName[] = [
  'trucks_arrived', 'service_level', 'served_share', 'trucks_balked', 'trucks_reneged', 'wait_mean_min', 'wait_p95_min',
  'p_wait_over_15min', 'within_break_share', 'bay_occupancy', 'power_utilization', 'grid_peak_kw', 'demand_peak_kw',
  'grid_mean_kw', 'energy_unmet_kwh', 'queue_mean',
];

/** Whether any of the scenarios models a metric (see `isModelled`). */
export function modelled(scenarios: readonly Scenario[]): (m: MetricName) => boolean {
  const prices = scenarios.flatMap((s) => pricesGiven(s.economics));
  const has = { battery: scenarios.some((s) => s.hub.battery !== undefined), prices };
  return (m) => isModelled(m, has);
}

/** HEADLINE, then the battery's and money metrics where the scenarios model them. */
export function headlineFor(scenarios: readonly Scenario[]): MetricName[] {
  return [...HEADLINE, ...[...BATTERY_METRICS, ...MONEY_METRICS].filter(modelled(scenarios))];
}

/**
 * Renders a number for people in plain fixed notation: 4 significant digits, whole numbers from
 * 1000 up (1260000, not 1.26e+6), as many decimals as needed for small values (0.000986, not
 * 9.86e-4), and 0 for rounding noise; `scale` (the size of the quantities a difference was taken
 * between) makes noise relative: |x| <= 1e-12 × scale is 0 too.
 */
export function human(x: number, scale = 0): string {
  if (Number.isNaN(x)) return '–';
  if (isRoundingNoise(x, scale)) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  // Below 1000, at least one decimal: the text always has a point for trailing zeros to stop at.
  return x.toFixed(3 - Math.floor(Math.log10(a))).replace(/\.?0+$/, '');
}

/** `mean ± half-width`, or the mean alone when no interval exists. */
export function withCi(s: Summary): string {
  if (Number.isNaN(s.ci95Low)) return human(s.mean);
  return `${human(s.mean)} ± ${human((s.ci95High - s.ci95Low) / 2, s.mean)}`;
}

/** Lays out rows as aligned columns (first column left, others right). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
