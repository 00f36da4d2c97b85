import type { MetricName } from '../model/metrics.js';
import type { Summary } from '../stats/summary.js';

/** Metrics shown on the terminal after a run (every metric is in the CSVs). */
export const HEADLINE: readonly MetricName[] = [
  'trucks_arrived', 'served_share', 'wait_mean_min', 'wait_p95_min', 'p_wait_over_15min', 'within_break_share',
  'bay_occupancy', 'power_utilization', 'grid_peak_kw', 'energy_unmet_kwh',
];

/** Metrics shown by the default job's comparison. */
export const COMPARE_HEADLINE: readonly MetricName[] = [...HEADLINE, 'trucks_reneged', 'trucks_balked', 'grid_mean_kw', 'queue_mean'];

/** Renders a number for people: 4 significant digits, no exponent for everyday magnitudes. */
export function human(x: number): string {
  if (Number.isNaN(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2);
  if (a >= 1000) return x.toFixed(0);
  return Number(x.toPrecision(4)).toString();
}

/** `mean ± half-width`, or the mean alone when no interval exists. */
export function withCi(s: Summary): string {
  if (Number.isNaN(s.ci95Low)) return human(s.mean);
  return `${human(s.mean)} ± ${human((s.ci95High - s.ci95Low) / 2)}`;
}

/** Lays out rows as aligned columns (first column left, others right). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
