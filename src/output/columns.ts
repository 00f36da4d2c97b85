import {
  BY_FLEET_METRICS, BY_HOUR_METRICS, BY_HOUR_ROWS, LOAD_METRICS, LOAD_PERCENTS, WAIT_GRID, WAIT_METRICS,
  type BreakdownLayout,
} from '../model/breakdown.js';
import { METRIC_NAMES, type Metrics } from '../model/metrics.js';
import { HOURS_OF_WEEK, WEEKDAYS } from '../scenario/types.js';
import type { BayRecord, PowerRecord, SessionRecord } from '../model/records.js';
import { wholeOr } from '../stats/signals.js';
import type { Distribution } from '../stats/summary.js';
import type { VectorSummary } from '../stats/vector-summary.js';
import { csvField, csvText, exact, rounded, type CsvFileWriter } from './csv.js';

// Each output file's fixed column order, next to the function that renders a record in it.

/** sessions.csv, in the order `writeSessionRow` writes them: the replication, then one truck's visit. */
export const SESSION_COLUMNS = [
  'replication', 'truck', 'fleet', 'arrival_min', 'plug_min', 'unplug_min', 'depart_min', 'wait_min',
  'bay', 'connector', 'soc_in', 'soc_out', 'energy_kwh', 'outcome',
] as const;

/** Writes one sessions.csv row (the hottest output: one row per truck). */
export function writeSessionRow(w: CsvFileWriter, replication: number, s: SessionRecord): void {
  w.int(replication);
  w.int(s.truck);
  w.text(s.fleet);
  w.num(s.arrivalMin);
  w.num(s.plugMin);
  w.num(s.unplugMin);
  w.num(s.departMin);
  w.num(s.waitMin);
  if (s.bay === 0) w.empty();
  else w.int(s.bay);
  w.text(s.connector);
  w.num(s.socIn);
  w.num(s.socOut);
  w.num(s.energyKwh);
  w.text(s.outcome);
  w.end();
}

/** bays.csv (replication 1), in the order `bayRow` gives them: one bay over the statistics window. */
export const BAY_COLUMNS = ['bay', 'charger', 'cabinet', 'connector', 'occupied_share', 'charging_share', 'energy_kwh', 'sessions'] as const;

/** A bays.csv row: shares and energy rounded to 1e-6 like the other detail files' numbers (`rounded`). */
export function bayRow(b: BayRecord): string[] {
  return [String(b.bay), b.charger, String(b.cabinet), b.connector, rounded(b.occupiedShare), rounded(b.chargingShare), rounded(b.energyKwh), String(b.sessions)];
}

/** power.csv (replication 1), in the order `writePowerRow` writes them: an interval's start and its calendar place, then its power means. */
export const POWER_COLUMNS = [
  'start_min', 'day', 'weekday', 'hour', 'grid_kw_mean', 'grid_kw_max', 'demand_kw_mean', 'occupied_bays_mean', 'queue_mean', 'battery_kw_mean',
] as const;

/**
 * Writes one power.csv row; `day` (from 0), `weekday` and `hour` are those of the interval's start
 * (t = 0 is Monday 00:00), as by-hour.csv places it: a start that is a whole hour but for rounding
 * (5400 × 1.4 is 3779.9999999999995) is in that hour, not the one before.
 */
export function writePowerRow(w: CsvFileWriter, p: PowerRecord): void {
  const hours = Math.floor(wholeOr(p.startMin / 60));
  const day = Math.floor(hours / 24);
  w.num(p.startMin);
  w.int(day);
  w.text(WEEKDAYS[day % 7]);
  w.int(hours - day * 24);
  w.num(p.gridKwMean);
  w.num(p.gridKwMax);
  w.num(p.demandKwMean);
  w.num(p.occupiedBaysMean);
  w.num(p.queueMean);
  w.num(p.batteryKwMean);
  w.end();
}

/** replications.csv: which run a row is, then every metric in METRIC_NAMES order. */
export const REPLICATION_COLUMNS = ['scenario', 'replication', 'seed', ...METRIC_NAMES] as const;

/** One replications.csv row; metrics keep full precision so that summaries recomputed from the file match. */
export function replicationRow(scenario: string, replication: number, seed: number, m: Metrics): string[] {
  return [scenario, String(replication), String(seed), ...METRIC_NAMES.map((k) => exact(m[k]))];
}

/** summary.csv, in the order `summaryRow` gives them: a metric, its mean, sd and 95 % interval over `n` replications, then its range and percentiles. */
export const SUMMARY_COLUMNS = ['metric', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n', 'min', 'p05', 'p50', 'p95', 'max'] as const;

/**
 * A summary.csv row: a metric's `summarise` over the replications that define it, in full precision
 * (`exact`); a value left undefined (no such replication, or an interval from one) is empty.
 */
export function summaryRow(metric: string, s: Distribution): string[] {
  return [metric, exact(s.mean), exact(s.sd), exact(s.ci95Low), exact(s.ci95High), String(s.n), exact(s.min), exact(s.p05), exact(s.p50), exact(s.p95), exact(s.max)];
}

/** The columns every breakdown file ends with: a value summarised over replications. */
const SUMMARY_TAIL = ['metric', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n', 'min', 'max'] as const;

/** The fields of SUMMARY_TAIL for slot `slot` of `acc`, as CSV text ending the row. */
function tailText(metric: string, acc: VectorSummary, slot: number): string {
  const s = acc.summary(slot);
  return `${metric},${exact(s.mean)},${exact(s.sd)},${exact(s.ci95Low)},${exact(s.ci95High)},${s.n},${exact(s.min)},${exact(s.max)}\n`;
}

/** One breakdown file: its name and its text. */
export interface BreakdownFile {
  readonly file: string;
  readonly text: string;
}

/**
 * The text of by-hour.csv, by-fleet.csv, load-duration.csv and wait-cdf.csv from the replications'
 * breakdown vectors summarised slot by slot (in replication order, so the files depend only on the
 * sequence of vectors). Some 2,300 rows, written straight as text, exactly as `csvText` writes
 * them: a list of fields per row, each tested for quoting, cost every run some 10 ms. No field but
 * a fleet's name can need quotes (metric names and weekdays are fixed, numbers are digits).
 */
export function breakdownFiles(layout: BreakdownLayout, acc: VectorSummary): BreakdownFile[] {
  const m = BY_HOUR_METRICS.length;
  let byHour = csvText(['weekday', 'hour', ...SUMMARY_TAIL], []);
  for (let r = 0; r < BY_HOUR_ROWS; r++) {
    const lead = `${r < HOURS_OF_WEEK ? WEEKDAYS[Math.floor(r / 24)] : 'all'},${r % 24},`;
    for (let i = 0; i < m; i++) byHour += lead + tailText(BY_HOUR_METRICS[i], acc, layout.byHour + r * m + i);
  }
  let byFleet = csvText(['fleet', ...SUMMARY_TAIL], []);
  layout.fleets.forEach((name, f) => {
    const lead = `${csvField(name)},`;
    BY_FLEET_METRICS.forEach((metric, i) => (byFleet += lead + tailText(metric, acc, layout.byFleet + f * BY_FLEET_METRICS.length + i)));
  });
  let loadDuration = csvText(['share_of_time', ...SUMMARY_TAIL], []);
  LOAD_PERCENTS.forEach((pct, i) => {
    const lead = `${exact(pct / 100)},`;
    LOAD_METRICS.forEach((metric, j) => (loadDuration += lead + tailText(metric, acc, layout.loadDuration + i * LOAD_METRICS.length + j)));
  });
  let waitCdf = csvText(['wait_min', ...SUMMARY_TAIL], []);
  WAIT_GRID.forEach((x, i) => {
    const lead = `${exact(x)},`;
    WAIT_METRICS.forEach((metric, j) => (waitCdf += lead + tailText(metric, acc, layout.waitCdf + i * WAIT_METRICS.length + j)));
  });
  return [
    { file: 'by-hour.csv', text: byHour },
    { file: 'by-fleet.csv', text: byFleet },
    { file: 'load-duration.csv', text: loadDuration },
    { file: 'wait-cdf.csv', text: waitCdf },
  ];
}

/** A baseline CSV (`hubsim baseline --out`): the run it was taken from, then one metric's mean, interval and count. */
export const BASELINE_COLUMNS = ['scenario', 'seed', 'replications', 'metric', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n'] as const;

/** `check --out`: each metric's baseline and new mean and count, the range its new mean had to fall in, and `held` or `moved`. */
export const CHECK_COLUMNS = ['metric', 'baseline_mean', 'baseline_n', 'mean', 'n', 'allowed_low', 'allowed_high', 'verdict'] as const;

/** compare-<A>-vs-<B>.csv, in the order `compareRows` gives them: a metric's means in A and B, then B − A with its 95 % interval over `n` pairs. */
export const COMPARE_COLUMNS = ['metric', 'a_mean', 'b_mean', 'diff_mean', 'diff_ci95_low', 'diff_ci95_high', 'n'] as const;
