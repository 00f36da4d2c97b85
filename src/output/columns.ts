import { METRIC_NAMES, type Metrics } from '../model/metrics.js';
import type { BayRecord, PowerRecord, SessionRecord } from '../model/records.js';
import type { Summary } from '../stats/summary.js';
import { exact, rounded, type CsvFileWriter } from './csv.js';

// Each output file's fixed column order, next to the function that renders a record in it.

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

export const BAY_COLUMNS = ['bay', 'charger', 'cabinet', 'connector', 'occupied_share', 'charging_share', 'energy_kwh', 'sessions'] as const;

/** One bays.csv row. */
export function bayRow(b: BayRecord): string[] {
  return [String(b.bay), b.charger, String(b.cabinet), b.connector, rounded(b.occupiedShare), rounded(b.chargingShare), rounded(b.energyKwh), String(b.sessions)];
}

export const POWER_COLUMNS = ['start_min', 'grid_kw_mean', 'grid_kw_max', 'occupied_bays_mean', 'queue_mean'] as const;

/** Writes one power.csv row. */
export function writePowerRow(w: CsvFileWriter, p: PowerRecord): void {
  w.num(p.startMin);
  w.num(p.gridKwMean);
  w.num(p.gridKwMax);
  w.num(p.occupiedBaysMean);
  w.num(p.queueMean);
  w.end();
}

export const REPLICATION_COLUMNS = ['scenario', 'replication', 'seed', ...METRIC_NAMES] as const;

/** One replications.csv row; metrics keep full precision so that summaries recomputed from the file match. */
export function replicationRow(scenario: string, replication: number, seed: number, m: Metrics): string[] {
  return [scenario, String(replication), String(seed), ...METRIC_NAMES.map((k) => exact(m[k]))];
}

export const SUMMARY_COLUMNS = ['metric', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n'] as const;

/** One summary.csv row. */
export function summaryRow(metric: string, s: Summary): string[] {
  return [metric, exact(s.mean), exact(s.sd), exact(s.ci95Low), exact(s.ci95High), String(s.n)];
}

export const BASELINE_COLUMNS = ['scenario', 'seed', 'replications', 'metric', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n'] as const;

export const COMPARE_COLUMNS = ['metric', 'a_mean', 'b_mean', 'diff_mean', 'diff_ci95_low', 'diff_ci95_high'] as const;
