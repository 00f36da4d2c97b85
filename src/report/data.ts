// The typed contents of hubsim's output files, as the report builders take them. Only read.ts
// makes these from files; everything else in src/report is a pure function of them.
import { pricesGiven } from '../model/economics.js';
import { noPowerIntervalInside } from '../model/metrics.js';
import { formatExact } from './format.js';
import { groupHasOutages } from '../scenario/maintenance.js';
import { growthSpan } from '../scenario/notes.js';
import { minutesOfDays, OUTPUT_DEFAULTS, type Horizon, type Weekday } from '../scenario/types.js';
import { intervalsInside } from '../stats/signals.js';
import type { PrecisionRecord } from '../stats/onesided.js';
import type { RangeSummary } from '../stats/summary.js';
import { windowKey, windowLength, windowText, windowTexts } from '../words.js';

/** A value summarised over replications, as every aggregate file of an output folder has it. */
export type Stat = RangeSummary;

/** A row of by-hour.csv. */
export interface HourStat extends Stat {
  readonly weekday: Weekday | 'all';
  readonly hour: number;
  readonly metric: string;
}

/** A row of by-fleet.csv. */
export interface FleetStat extends Stat {
  readonly fleet: string;
  readonly metric: string;
}

/** A row of load-duration.csv. */
export interface DurationStat extends Stat {
  readonly shareOfTime: number;
  readonly metric: string;
}

/** A row of wait-cdf.csv. */
export interface WaitStat extends Stat {
  readonly waitMin: number;
  readonly metric: string;
}

/** run.json: how an output folder was made. */
export interface RunInfo {
  readonly hubsim: string;
  readonly scenarioFile: string;
  /** The scenario file's JSON as written (defaults not filled in). */
  readonly scenario: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly replications: number;
  readonly sessions: string;
  /** `--power`'s mode (absent in a folder written before run.json held it). */
  readonly power?: string;
  /** The arrival trace the scenario read, by its rows (absent without one, and in a folder written before run.json held it). */
  readonly trace?: { readonly rows: number; readonly sha256: string };
  /** How many of the trace's rows give a value in each of its columns (absent as `trace` is, and in a folder written before run.json held it). */
  readonly traceColumns?: Readonly<Record<string, number>>;
  /**
   * The scenario's horizon, whose [warmupDays, days) the statistics cover: run.json's, or in a
   * folder written before run.json held it, the scenario's as written (absent if it gives none).
   */
  readonly horizon?: Horizon;
  /** What `run --precision` asked and reached (absent in other runs, and in folders written before run.json held it). */
  readonly precision?: PrecisionRecord;
}

/** Everything a run report shows, read from one scenario's output folder. */
export interface RunData {
  readonly name: string;
  readonly run: RunInfo;
  /** summary.csv by metric, in file order. */
  readonly summary: ReadonlyMap<string, Stat>;
  readonly byHour: readonly HourStat[];
  readonly byFleet: readonly FleetStat[];
  readonly loadDuration: readonly DurationStat[];
  readonly waitCdf: readonly WaitStat[];
}

/** A row of compare-<A>-vs-<B>.csv: the paired difference B − A of one metric. */
export interface DiffRow {
  readonly metric: string;
  readonly aMean: number;
  readonly bMean: number;
  readonly diffMean: number;
  readonly diffLow: number;
  readonly diffHigh: number;
  /** Replications in which both A and B define the metric: those B − A is over (NaN in a file written before the column). */
  readonly n: number;
}

/** Everything a comparison report shows: both scenarios' folders and the paired differences. */
export interface CompareData {
  readonly a: RunData;
  readonly b: RunData;
  readonly diffs: readonly DiffRow[];
}

/** A sweep's results for a design frontier: one row per design and metric. */
export interface SweepData {
  /** Names of the swept parameters, e.g. `["bays", "grid_kw"]`; the first is the horizontal axis. */
  readonly params: readonly string[];
  readonly rows: readonly SweepRow[];
  /** The designs chosen (a sizing's answer, one per value of its second parameter), marked on the frontier. */
  readonly chosen?: readonly string[];
}

/** One design's value of one metric in a sweep. */
export interface SweepRow {
  readonly design: string;
  /** The design's value of each parameter in `SweepData.params`. */
  readonly values: Readonly<Record<string, number>>;
  readonly metric: string;
  readonly mean: number;
  readonly ci95Low: number;
  readonly ci95High: number;
  /** A sizing's: the replications the design ran, and whether it meets this row's target. */
  readonly replications?: number;
  readonly verdict?: string;
}

/** The width (minutes) of the intervals a run averages power over: `output.powerIntervalMin`, or its default. */
export function powerInterval(run: RunInfo): number {
  const v = field(run.scenario, 'output', 'powerIntervalMin');
  return typeof v === 'number' && v > 0 ? v : OUTPUT_DEFAULTS.powerIntervalMin;
}

/** The service threshold (minutes) of a run: `output.serviceThresholdMin`, or its default. */
export function serviceThreshold(run: RunInfo): number {
  const v = field(run.scenario, 'output', 'serviceThresholdMin');
  return typeof v === 'number' && v > 0 ? v : OUTPUT_DEFAULTS.serviceThresholdMin;
}

/** The site's grid connection in kW (`hub.gridKw`; its largest value when it varies by hour), or undefined when unlimited. */
export function gridLimit(run: RunInfo): number | undefined {
  const limits = gridLimits(run);
  return limits ? Math.max(...limits) : undefined;
}

/** The grid limits in force over time, kW (one, or one per hour), or undefined when unlimited. */
function gridLimits(run: RunInfo): readonly number[] | undefined {
  const v = field(run.scenario, 'hub', 'gridKw');
  if (typeof v === 'number') return Number.isFinite(v) ? [v] : undefined;
  return hourlyLimits(v);
}

/**
 * The most the chargers can draw together, kW: over the groups, cabinets × the lesser of a cabinet's
 * power and its bays' (a bay's power defaults to its cabinet's); undefined where run.json's scenario
 * does not give them as numbers.
 */
export function chargersKw(run: RunInfo): number | undefined {
  const groups = field(run.scenario, 'hub', 'chargers');
  if (!Array.isArray(groups) || groups.length === 0) return undefined;
  let total = 0;
  for (const g of groups) {
    const { cabinets, baysPerCabinet = 1, cabinetKw, bayKw = cabinetKw } = (g ?? {}) as Record<string, unknown>;
    if (![cabinets, baysPerCabinet, cabinetKw, bayKw].every((v) => typeof v === 'number' && v > 0)) return undefined;
    total += (cabinets as number) * Math.min(cabinetKw as number, (baysPerCabinet as number) * (bayKw as number));
  }
  return total;
}

/**
 * The chargers' total power where the grid connection, at its lowest, is no less than it: the
 * connection then never holds charging back, and a flat top of grid power is the chargers' limit.
 * Undefined otherwise (no limit, or one that can bind).
 */
export function chargersBind(run: RunInfo): number | undefined {
  const limits = gridLimits(run);
  const total = chargersKw(run);
  return limits !== undefined && total !== undefined && Math.min(...limits) >= total ? total : undefined;
}

/** Whether the grid limit varies by hour (`{"byHour": …}` or `{"byHourOfWeek": …}`). */
export function gridLimitVaries(run: RunInfo): boolean {
  return hourlyLimits(field(run.scenario, 'hub', 'gridKw')) !== undefined;
}

/**
 * The limit in force through each hour of the day (0:00–1:00 first), kW, when it is given by hour:
 * its lowest and its highest over the week's days, which are one where it is given `byHour` (or
 * `byHourOfWeek` with every day alike); else undefined.
 */
export function gridLimitByHourOfDay(run: RunInfo): { readonly low: readonly number[]; readonly high: readonly number[] } | undefined {
  const values = hourlyLimits(field(run.scenario, 'hub', 'gridKw'));
  if (values === undefined || values.length % 24 !== 0) return undefined;
  const days = Array.from({ length: values.length / 24 }, (_, d) => values.slice(24 * d, 24 * d + 24));
  const low = days[0].map((_, h) => Math.min(...days.map((day) => day[h])));
  const high = days[0].map((_, h) => Math.max(...days.map((day) => day[h])));
  return { low, high };
}

/** Whether a run's bays fail or have maintenance windows (its scenario as written). */
export function hasOutages(run: RunInfo): boolean {
  const chargers = (run.scenario.hub as Record<string, unknown> | undefined)?.chargers;
  if (!Array.isArray(chargers)) return false;
  return chargers.some((g) => groupHasOutages((g ?? {}) as Record<string, unknown>));
}

/** Whether no power interval lies wholly inside the run's statistics window (one longer than it), so that no peak is defined; false when the folder does not record its window. */
export function noPowerInterval(run: RunInfo): boolean {
  return run.horizon !== undefined && noPowerIntervalInside(powerInterval(run), run.horizon);
}

/**
 * The grid limit's own load-duration curve, where the limit is given by hour: its mean over each
 * power interval wholly inside the statistics window (what that interval's mean grid power cannot
 * exceed), ranked from highest to lowest as load-duration.csv ranks grid power, at each share of
 * time in `shares` (0–1): the k-th highest of n intervals' values, k = ⌈share · n⌉ (at least 1).
 * Undefined for a constant limit or none, where the statistics window is not known, where no
 * interval lies wholly inside it, or where the intervals are more than MAX_RANKED and not a whole
 * number of minutes each.
 */
export function gridLimitDuration(run: RunInfo, shares: readonly number[]): number[] | undefined {
  const values = hourlyLimits(field(run.scenario, 'hub', 'gridKw'));
  if (values === undefined || run.horizon === undefined) return undefined;
  const width = powerInterval(run);
  const [from, to] = [minutesOfDays(run.horizon.warmupDays), minutesOfDays(run.horizon.days)];
  // The limit's mean over [a, b): hour h (from time 0, Monday 00:00, where its hours start) holds values[h mod their count].
  const mean = (a: number, b: number): number => {
    let sum = 0;
    for (let h = Math.floor(a / 60); 60 * h < b; h++) sum += (Math.min(b, 60 * h + 60) - Math.max(a, 60 * h)) * values[h % values.length];
    return sum / (b - a);
  };
  // Interval k is [k·width, (k + 1)·width): those wholly inside the window, k0 ≤ k < k1, as the model counts them.
  const { first: k0, end: k1 } = intervalsInside(width, from, to);
  const counted = Number.isInteger(width) ? byResidue(width, 60 * values.length, k0, k1, mean) : enumerated(width, k0, k1, mean);
  if (counted === undefined || counted.length === 0) return undefined;
  counted.sort((x, y) => y.value - x.value);
  const n = counted.reduce((sum, c) => sum + c.count, 0);
  return shares.map((share) => {
    // Per cent as a whole number, so that 7 % of 100 intervals is exactly 7 of them (as the model ranks).
    const k = Math.max(1, Math.ceil((Math.round(share * 100) * n) / 100));
    let seen = 0;
    for (const c of counted) if ((seen += c.count) >= k) return c.value;
    return counted[counted.length - 1].value;
  });
}

/** The most intervals of a width other than whole minutes that `gridLimitDuration` ranks one by one. */
const MAX_RANKED = 2_000_000;

/**
 * The means of intervals k0 ≤ k < k1 of a whole number of minutes, with how many intervals have
 * each: the limit repeats every `period` minutes, so interval k's mean is that of the interval
 * starting at k·width mod period, and the starts repeat every period / gcd(width, period)
 * intervals. A century of one-minute intervals is some ten thousand means to work out, not 52
 * million (every time an integer, so each mean is the one worked out where it falls).
 */
function byResidue(width: number, period: number, k0: number, k1: number, mean: (a: number, b: number) => number): { value: number; count: number }[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const m = period / gcd(width, period);
  // How many k in [0, x) are j modulo m.
  const upTo = (x: number, j: number) => (x > j ? Math.floor((x - j - 1) / m) + 1 : 0);
  const out: { value: number; count: number }[] = [];
  for (let j = 0; j < m; j++) {
    const count = upTo(k1, j) - upTo(k0, j);
    if (count <= 0) continue;
    const start = (j * width) % period;
    out.push({ value: mean(start, start + width), count });
  }
  return out;
}

/** The means of intervals k0 ≤ k < k1, one by one; undefined past MAX_RANKED of them. */
function enumerated(width: number, k0: number, k1: number, mean: (a: number, b: number) => number): { value: number; count: number }[] | undefined {
  if (k1 - k0 > MAX_RANKED) return undefined;
  const out: { value: number; count: number }[] = [];
  for (let k = k0; k < k1; k++) out.push({ value: mean(k * width, (k + 1) * width), count: 1 });
  return out;
}

/** The values of a limit given hour by hour, or undefined when it is not one. */
function hourlyLimits(v: unknown): number[] | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const p = v as Record<string, unknown>;
  const values = Array.isArray(p.byHour) ? p.byHour : Array.isArray(p.byHourOfWeek) ? p.byHourOfWeek : undefined;
  return values && values.length > 0 && values.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (values as number[]) : undefined;
}

/** A site battery as the reports draw it (`hub.battery`, as written). */
export interface SiteBattery {
  /** Its rated power, kW (either way), when given. */
  readonly powerKw?: number;
  /**
   * A peak-shaving target below the connection (at some hour at least), kW: the model holds the grid
   * draw at or under the lower of it and the limit in force. Undefined for a greedy battery, and
   * for a target the connection never exceeds, which acts as greedy (README, "Site battery").
   */
  readonly targetKw?: number;
  /** Whether the connection is below `targetKw` at some hour (the target then rules only in the others). */
  readonly connectionLowerAtTimes: boolean;
}

/** The scenario's site battery, or undefined when it has none. */
export function siteBattery(run: RunInfo): SiteBattery | undefined {
  const b = field(run.scenario, 'hub', 'battery');
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return undefined;
  const finite = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  const { powerKw, targetKw, strategy } = b as Record<string, unknown>;
  const target = strategy === 'peakShaving' ? finite(targetKw) : undefined;
  const limits = gridLimits(run) ?? [Infinity];
  const [lowest, largest] = [Math.min(...limits), Math.max(...limits)];
  const shaves = target !== undefined && target < largest;
  return { powerKw: finite(powerKw), targetKw: shaves ? target : undefined, connectionLowerAtTimes: shaves && lowest < target };
}

/** The grid connection in words: "3,000 kW", "up to 3,000 kW, by hour" or "unlimited". */
export function gridLimitText(run: RunInfo): string {
  const limit = gridLimit(run);
  if (limit === undefined) return 'unlimited';
  return gridLimitVaries(run) ? `up to ${formatExact(limit)} kW, by hour` : `${formatExact(limit)} kW`;
}

/** Days in the statistics window (`horizon.days − horizon.warmupDays`), or undefined if not known. */
export function windowDays(run: RunInfo): number | undefined {
  return run.horizon === undefined ? undefined : windowLength(run.horizon);
}

/** The statistics window in words, `26 days after a 2-day warm-up`, or undefined if not known. */
export function windowWords(run: RunInfo): string | undefined {
  return run.horizon === undefined ? undefined : windowText(run.horizon, formatExact);
}

/**
 * What the counts, energy and, where a run is priced, money metrics are totals over: the statistics
 * window, with its length and warm-up, so that a demand charge is not read as a month's or a
 * year's. Of a comparison's two runs (A and B), each one's where they differ.
 */
export function totalsSentence(runs: readonly RunInfo[]): string {
  const what = runs.some((r) => pricesGiven(r.scenario.economics).length > 0) ? 'Truck counts, energy and money' : 'Truck counts and energy';
  if (new Set(runs.map((r) => (r.horizon === undefined ? '' : windowKey(r.horizon)))).size > 1) {
    // Each in words that tell them apart, where every run records its window.
    const horizons = runs.flatMap((r) => (r.horizon === undefined ? [] : [r.horizon]));
    const windows = horizons.length === runs.length ? windowTexts(horizons, formatExact) : runs.map(windowWords);
    const each = runs.length === 2 ? `: A's ${windows[0] ?? 'not recorded'}, B's ${windows[1] ?? 'not recorded'}` : '';
    return `${what} are totals over each scenario's statistics window${each}`;
  }
  const window = windowWords(runs[0]);
  return `${what} are totals over the statistics window${window === undefined ? '' : `, ${window}`}`;
}

/** The scenario's description, or '' when it has none. */
export function description(run: RunInfo): string {
  const v = run.scenario.description;
  return typeof v === 'string' ? v : '';
}

/**
 * What a run's growing arrivals make of its figures, as `run` notes it (see growthSpan): every
 * figure over all the window's years, none of them the last year's. Undefined without growth over
 * more than a year, or for a trace.
 */
export function growthCaution(run: RunInfo): string | undefined {
  const [rate, growth] = [field(run.scenario, 'arrivals', 'trucksPerDay'), field(run.scenario, 'arrivals', 'growthPerYear')];
  if (typeof rate !== 'number' || typeof growth !== 'number' || run.horizon === undefined) return undefined;
  const span = growthSpan(rate, growth, run.horizon);
  return span === undefined ? undefined : `the arrivals ${span}, and every figure is over all of them at once, none of them the last year's: for one year's figures, run that year alone at its rate with growthPerYear 0 (see Growth under The model in the README)`;
}

/** Fleet type names in scenario order (as by-fleet.csv lists them). */
export function fleetNames(data: RunData): string[] {
  return [...new Set(data.byFleet.map((r) => r.fleet))];
}

function field(obj: Readonly<Record<string, unknown>>, ...path: string[]): unknown {
  let v: unknown = obj;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
