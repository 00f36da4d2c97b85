import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Parser } from 'csv-parse';
import { boundedChunks, readBoundedText } from '../bounded-read.js';
import { quoteIssue } from '../csv-quotes.js';
import { InputError, show, type InputIssue } from '../errors.js';
import { BY_FLEET_METRICS, BY_HOUR_METRICS, LOAD_METRICS, LOAD_PERCENTS, WAIT_GRID, WAIT_METRICS } from '../model/breakdown.js';
import { METRIC_NAMES, PLAN_METRICS_IF_DEFINED } from '../model/metrics.js';
import { CSV_NUMBER, MAX_MAGNITUDE } from '../output/csv.js';
import { jsonShape, MAX_DEPTH, MAX_VALUES } from '../scenario/json.js';
import { likelyMeant } from '../scenario/suggest.js';
import { SCENARIO_DEFAULTS, WEEKDAYS, type Horizon, type Weekday } from '../scenario/types.js';
import type { CompareData, DiffRow, RunData, RunInfo, Stat, SweepData, SweepRow } from './data.js';
import type { PrecisionRecord } from '../stats/onesided.js';
import { firstFew } from '../words.js';

const STAT_COLUMNS = ['mean', 'sd', 'ci95_low', 'ci95_high', 'n', 'min', 'max'] as const;
/** A version number as package.json gives hubsim's (semantic versioning, perhaps with a pre-release). */
const VERSION = /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,64})?$/;

/** run.json's `hubsim` where it is given and no version as hubsim writes its own (the page names it as the one that wrote the results). */
function versionIssues(v: unknown, path: string): InputIssue[] {
  return v === undefined || (typeof v === 'string' && VERSION.test(v)) ? [] : [{ path: `${path}: hubsim`, expected: 'must be the version of hubsim that wrote the folder (such as 0.1.0)', found: show(v) }];
}
/** The breakdowns' metrics that are shares, from 0 to 1 (see `CsvRow.shareStat`). */
const SHARES: ReadonlySet<string> = new Set(['service_level', 'bay_occupancy', 'served_share', 'target_reached_share', 'plugged_in_within']);
/**
 * Largest file a report reads. The largest hubsim writes for one is a sweep's sweep.csv (10,000
 * designs, every metric: some 60 MB) or a run.json holding a 16 MiB scenario; the bound is there so
 * that a file replaced by /dev/zero or a huge one fails at once instead of filling memory.
 */
const INPUT_MAX_BYTES = 256 * 1024 * 1024;
/**
 * Problems a report lists of one CSV file before it stops reading that file, as a trace's reading
 * stops: a file edited or planted wrong on every row (a weekday column rewritten, a 138 MB file of
 * bad rows) listed each row, millions of lines and gigabytes held, where the first hundred say it.
 */
const FILE_PROBLEMS_MAX = 100;

/**
 * Reads one scenario's output folder (summary.csv, by-hour.csv, by-fleet.csv, load-duration.csv,
 * wait-cdf.csv and run.json) into typed data. Throws InputError listing every missing file, missing
 * column and malformed value, each with its file, row and column.
 */
export function readRunFolder(dir: string): RunData {
  const issues: InputIssue[] = [];
  const file = (name: string) => new CsvFile(join(dir, name), issues);
  const run = readRunJson(join(dir, 'run.json'), issues);
  const summaryFile = file('summary.csv');
  const summary = new Map<string, Stat>();
  for (const row of summaryFile.each(['metric', ...STAT_COLUMNS])) {
    const metric = row.text('metric');
    const stat = row.stat();
    if (!(METRIC_NAMES as readonly string[]).includes(metric)) {
      const meant = likelyMeant(metric, METRIC_NAMES, { wordsAdded: false });
      row.issue('metric', `must be a metric hubsim writes${meant === undefined ? '' : ` (did you mean ${meant}?)`}`, show(metric));
    } else if (summary.has(metric)) {
      row.issue('metric', 'must not repeat a metric: one row each', show(metric));
    } else {
      summary.set(metric, stat);
      if (run !== undefined) row.checkSummary(stat, run.replications);
    }
  }
  // hubsim writes every metric, undefined ones with empty cells: one missing was cut out by hand,
  // and its figures would leave the page without a word.
  const absent = summaryFile.readWhole ? METRIC_NAMES.filter((m) => !summary.has(m)) : [];
  if (absent.length > 0) issues.push({ path: join(dir, 'summary.csv'), expected: 'must have a row for every metric, as hubsim writes it', found: `no row for ${firstFew(absent, 5)}` });
  const hourKeys = [...WEEKDAYS, 'all'].flatMap((day) => Array.from({ length: 24 }, (_, h) => BY_HOUR_METRICS.map((m) => key(day, String(h), m))).flat());
  const byHourFile = file('by-hour.csv');
  const byHourRows = new RowKeys(hourKeys, 'weekday, hour and metric', issues);
  const byHour = byHourFile.rows(['weekday', 'hour', 'metric', ...STAT_COLUMNS], (row) => {
    const r = { weekday: row.weekday('weekday'), hour: row.number('hour'), metric: row.text('metric'), ...row.shareStat() };
    byHourRows.see(row, key(row.text('weekday'), row.text('hour'), row.text('metric')));
    return r;
  });
  byHourRows.check(byHourFile);
  // The fleet's types as run.json's scenario names them: by-fleet.csv of another scenario, copied
  // in beside this run.json, drew types the run never had under its name.
  const fleet = Array.isArray(run?.scenario.fleet) ? run.scenario.fleet.map((t: unknown) => (t as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === 'string') : [];
  const byFleetFile = file('by-fleet.csv');
  // (Without run.json's fleet, which types the file should hold is not known.)
  const byFleetRows = new RowKeys(fleet.flatMap((t) => BY_FLEET_METRICS.map((m) => key(t, m))), 'truck type and metric', issues);
  const byFleet = byFleetFile.rows(['fleet', 'metric', ...STAT_COLUMNS], (row) => {
    const type = row.text('fleet');
    if (fleet.length > 0 && !fleet.includes(type)) row.issue('fleet', `must be a truck type of run.json's scenario: ${shownList(fleet)}`, show(type));
    const r = { fleet: type, metric: row.text('metric'), ...row.shareStat() };
    if (fleet.length > 0) byFleetRows.see(row, key(type, row.text('metric')));
    return r;
  });
  if (fleet.length > 0) byFleetRows.check(byFleetFile);
  const loadFile = file('load-duration.csv');
  const loadRows = new RowKeys(LOAD_PERCENTS.flatMap((p) => LOAD_METRICS.map((m) => key(String(p / 100), m))), 'share of time and metric', issues);
  const loadDuration = loadFile.rows(['share_of_time', 'metric', ...STAT_COLUMNS], (row) => {
    const shareOfTime = row.number('share_of_time');
    loadRows.see(row, key(String(shareOfTime), row.text('metric')));
    return { shareOfTime, metric: row.text('metric'), ...row.stat() };
  });
  loadRows.check(loadFile);
  const waitFile = file('wait-cdf.csv');
  const waitRows = new RowKeys(WAIT_GRID.flatMap((w) => WAIT_METRICS.map((m) => key(String(w), m))), 'wait and metric', issues);
  const waitCdf = waitFile.rows(['wait_min', 'metric', ...STAT_COLUMNS], (row) => {
    const waitMin = row.number('wait_min');
    waitRows.see(row, key(String(waitMin), row.text('metric')));
    return { waitMin, metric: row.text('metric'), ...row.shareStat() };
  });
  waitRows.check(waitFile);
  if (issues.length > 0 || run === undefined) throw new InputError(issues, dir);
  const name = typeof run.scenario.name === 'string' ? run.scenario.name : basename(dir);
  return { name, run, summary, byHour, byFleet, loadDuration, waitCdf };
}

/**
 * Reads `compare-<A>-vs-<B>.csv` in `outDir` and both scenario folders beside it. Throws
 * InputError for anything missing or malformed, as `readRunFolder` does.
 */
export function readCompare(outDir: string, aName: string, bName: string): CompareData {
  const issues: InputIssue[] = [];
  const csvPath = join(outDir, `compare-${aName}-vs-${bName}.csv`);
  const csv = new CsvFile(csvPath, issues);
  // Each row's pairs counted (n, when the file has it) up to the runs' replications, checked below.
  const counted: { row: CsvRow; n: number }[] = [];
  const metricRows = new RowKeys(METRIC_NAMES, 'metric', issues);
  const diffs: DiffRow[] = csv.rows(['metric', 'a_mean', 'b_mean', 'diff_mean', 'diff_ci95_low', 'diff_ci95_high'], (row) => {
    const d = {
      metric: row.text('metric'),
      aMean: row.number('a_mean'),
      bMean: row.number('b_mean'),
      diffMean: row.number('diff_mean'),
      diffLow: row.number('diff_ci95_low'),
      diffHigh: row.number('diff_ci95_high'),
      n: row.text('n') === undefined ? NaN : row.number('n'),
    };
    if (!around(d.diffLow, d.diffMean, d.diffHigh)) {
      row.issue('diff_ci95_low', 'must be at most diff_mean, and diff_ci95_high at least it', `${show(row.text('diff_ci95_low'))}, diff_mean ${show(row.text('diff_mean'))}, diff_ci95_high ${show(row.text('diff_ci95_high'))}`);
    }
    if (row.text('n') !== undefined) counted.push({ row, n: d.n });
    metricRows.see(row, d.metric);
    return d;
  });
  metricRows.check(csv);
  const folders: RunData[] = [];
  for (const name of [aName, bName]) {
    try {
      folders.push(readRunFolder(join(outDir, name)));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length === 0) {
    // The comparison is of the folders as compare wrote them: a run into either since (more
    // replications, another seed) leaves a page that would set the new folder beside old differences.
    const [a, b] = folders;
    const same = (x: number, y: number | undefined) => x === y || (Number.isNaN(x) && Number.isNaN(y));
    // A mean no replication defines is an empty cell in the files, and said so.
    const cell = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 'empty' : show(x));
    const moved = diffs.find((d) => !same(d.aMean, a.summary.get(d.metric)?.mean) || !same(d.bMean, b.summary.get(d.metric)?.mean));
    // compare runs both with one count of replications, and a metric defined in every replication
    // (the trucks that arrived) is paired in each: a folder run again with another count, whose
    // means a scenario that draws nothing at random leaves as they were, shows in the counts.
    const pairs = Math.min(a.run.replications, b.run.replications);
    const most = counted.reduce((m, { n }) => (n > m ? n : m), -Infinity);
    // (Pairs beyond the runs' replications, with both runs of one count, are the file's own fault:
    // told row by row below.)
    const valid = counted.every(({ n }) => Number.isInteger(n) && n >= 0 && n <= pairs);
    const recounted = a.run.replications !== b.run.replications || (counted.length > 0 && valid && most < pairs);
    // Pairs are checked against the folders only where they are those compared: a folder run again
    // made every row's n wrong, which said nothing the line below does not.
    if (!moved && !recounted) {
      for (const { row, n } of counted) {
        if (!(Number.isInteger(n) && n >= 0 && n <= pairs)) row.issue('n', `must be a whole number of paired replications from 0 to ${pairs} (the runs' replications)`, show(row.text('n')));
      }
    }
    // What shows the folders written after the comparison: a mean, else the counts.
    const found = moved
      ? `${moved.metric} ${cell(moved.aMean)} and ${cell(moved.bMean)} here, ${cell(a.summary.get(moved.metric)?.mean)} and ${cell(b.summary.get(moved.metric)?.mean)} in the folders`
      : recounted
        ? `${counted.length > 0 ? `${most} pairs here, ` : ''}${a.run.replications} and ${b.run.replications} replications in the folders`
        : undefined;
    if (found !== undefined) issues.push({ path: csvPath, expected: `must match the folders it compares: ${aName}/ or ${bName}/ was written after it (run compare again)`, found });
  }
  if (issues.length > 0) throw new InputError(issues, outDir);
  return { a: folders[0], b: folders[1], diffs };
}

/** The metrics a sweep's report charts (every metric is in its sweep.csv). */
const SWEEP_CHARTED = ['service_level', 'served_share', 'wait_mean_min', 'p_wait_over_15min', 'bay_occupancy', 'grid_peak_kw', 'demand_peak_kw'] as const;

/** A sweep's or a sizing's folder, read for its report. */
export interface PlanFolder {
  readonly kind: 'sweep' | 'size';
  /** The hubsim that ran the designs (absent in a folder written before run.json held it). */
  readonly hubsim?: string;
  readonly scenario: string;
  readonly seed: number;
  /** Replications per design (a sizing's starting number). */
  readonly replications: number;
  /** A sizing's targets as written, e.g. `service_level>=0.95`. */
  readonly targets: readonly string[];
  /** A sizing's confidence, the most replications a design may run, and its answers. */
  readonly sizing?: SizingFacts;
  /** For each parameter, its values in order (a text value's position stands for it on a chart). */
  readonly labels: Readonly<Record<string, readonly string[]>>;
  /** The same values as run.json holds them: a number, a text that reads as one and null told apart. */
  readonly values?: Readonly<Record<string, readonly unknown[]>>;
  readonly data: SweepData;
  /** Each design's horizon, by its number, as run.json records them (absent in a folder written before it did). */
  readonly windows?: ReadonlyMap<string, Horizon>;
  /** Each design's grid connection (kW), by its number, as run.json records them: none for a design without a limit; absent in a folder written before it did. */
  readonly connections?: ReadonlyMap<string, number>;
}

/** What a sizing's run.json says beyond its parameters. */
export interface SizingFacts {
  readonly confidence: number;
  readonly maxReplications: number;
  readonly answers: readonly SizingAnswer[];
}

/**
 * One answer of a sizing (one per value of its second parameter): the smallest value of the first
 * that meets every target, with the designs it rests on. Values are as run.json holds them.
 */
export interface SizingAnswer {
  /** The second parameter's value, when there is one. */
  readonly across?: unknown;
  /** The smallest value that meets every target; undefined when none in the range is shown to. */
  readonly smallest?: unknown;
  /** The design that shows it meets. */
  readonly design?: string;
  /** The design of the next value down, shown not to meet (or undecided at the most replications). */
  readonly below?: string;
  /** When none meets: the design at the top of the range. */
  readonly top?: string;
  /** When the top does not meet but the bottom of the range does (a target worse with more of the parameter): the bottom's design. */
  readonly bottom?: string;
  /** What the answer (or the top, with none) shows of the grid connection, as `hubsim size` says it beside the answer. */
  readonly connection?: SizingConnection;
  /** The answer against the next value down, paired over the replications both ran, as `hubsim size` gives it. */
  readonly difference?: SizingDifference;
  /** The sized value of each design it names, by design, in a planner's words where `hubsim size` has them ("6 CCS bays"). */
  readonly words?: Readonly<Record<string, string>>;
}

/** run.json's `difference` of an answer (see size.ts `PairedDifference`). */
export interface SizingDifference {
  readonly replications: number;
  readonly metrics: readonly { readonly metric: string; readonly mean: number; readonly low?: number; readonly high?: number; readonly pairs: number; readonly alike: boolean }[];
}

/** An answer's `difference` as run.json holds it, if it reads as one (a mean no pair defines is null there); else nothing. */
function differenceOf(v: unknown): SizingDifference | undefined {
  const d = v as { replications?: unknown; metrics?: unknown } | null;
  if (typeof d !== 'object' || d === null || typeof d.replications !== 'number' || !Array.isArray(d.metrics)) return undefined;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  const metrics = d.metrics.map((m: Record<string, unknown> | null) => {
    if (typeof m !== 'object' || m === null || typeof m.metric !== 'string' || typeof m.pairs !== 'number' || typeof m.alike !== 'boolean') return undefined;
    const [low, high] = [num(m.low), num(m.high)];
    return { metric: m.metric, mean: num(m.mean) ?? NaN, ...(low !== undefined && high !== undefined ? { low, high } : {}), pairs: m.pairs, alike: m.alike };
  });
  return metrics.every((m) => m !== undefined) ? { replications: d.replications, metrics: metrics as SizingDifference['metrics'] } : undefined;
}

/** An answer's `words` as run.json holds them, its texts by design; nothing where there are none (a folder of an earlier version). */
function wordsOf(v: unknown): Readonly<Record<string, string>> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const entries = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** run.json's `connection` of an answer (see size.ts `ConnectionFacts`). */
export interface SizingConnection {
  readonly demandPeakKw: number;
  readonly connectionKw: number;
  readonly lowestKw?: number;
  readonly batteryKw?: number;
  readonly cabinetsKw?: number;
  readonly binds: boolean;
}

/** An answer's `connection` as run.json holds it, if it reads as one; else (absent, or from a hand-edited file) nothing. */
function connectionOf(v: unknown): SizingConnection | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Record<string, unknown>;
  const kw = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  const optional = (x: unknown) => x === undefined || kw(x);
  if (!kw(c.demandPeakKw) || !kw(c.connectionKw) || typeof c.binds !== 'boolean' || !optional(c.batteryKw) || !optional(c.cabinetsKw) || !optional(c.lowestKw)) return undefined;
  return {
    demandPeakKw: c.demandPeakKw as number,
    connectionKw: c.connectionKw as number,
    ...(c.lowestKw !== undefined ? { lowestKw: c.lowestKw as number } : {}),
    ...(c.batteryKw !== undefined ? { batteryKw: c.batteryKw as number } : {}),
    ...(c.cabinetsKw !== undefined ? { cabinetsKw: c.cabinetsKw as number } : {}),
    binds: c.binds,
  };
}

/**
 * Whether `dir` is the output folder of a sweep or a sizing by its run.json, which names the command
 * that wrote it (a run's names none): so that one missing its sweep.csv or size.csv is told so,
 * rather than asked for the files of a run. False when run.json cannot be read as such a record.
 */
export function isPlanFolder(dir: string): boolean {
  const runPath = join(dir, 'run.json');
  if (!existsSync(runPath)) return false;
  try {
    const command = (readRecord(runPath, 'run.json written by hubsim', MAX_VALUES * 4) as { command?: unknown } | null)?.command;
    return command === 'sweep' || command === 'size';
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}

/**
 * Reads the folder of `hubsim sweep` (run.json and sweep.csv) or `hubsim size` (run.json and
 * size.csv) into the typed data of a frontier report. Throws InputError for anything missing or
 * malformed, naming the file, row and column.
 */
export function readPlanFolder(dir: string): PlanFolder {
  const issues: InputIssue[] = [];
  const runPath = join(dir, 'run.json');
  let run: Record<string, any> = {};
  try {
    run = readRecord(runPath, 'run.json written by hubsim sweep or size', MAX_VALUES * 4) as Record<string, any>;
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.issues, dir);
    throw e;
  }
  const kind = run?.command;
  const params: { path: string; values: unknown[] }[] = Array.isArray(run?.parameters) ? run.parameters : [];
  if ((kind !== 'sweep' && kind !== 'size') || params.length === 0 || !params.every((p) => typeof p?.path === 'string' && Array.isArray(p.values))) {
    throw new InputError([{ path: runPath, expected: 'must be the run.json of hubsim sweep or size (command and parameters)', found: show(kind) }], dir);
  }
  const paths = params.map((p) => p.path);
  const labels = Object.fromEntries(params.map((p) => [p.path, p.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))]));
  // A parameter of numbers is its own axis; one of other values is placed by its position.
  const position = (path: string, cell: string): number => {
    const values = params.find((p) => p.path === path)!.values;
    if (values.every((v) => typeof v === 'number')) return Number(cell);
    return labels[path].indexOf(cell) + 1;
  };
  // A design's values are among those run.json gives its parameters, and the same on each of its
  // rows: a row edited or added by hand otherwise drew a design the run never had.
  const designs = new Map<string, string>();
  const designOf = (row: CsvRow): string => {
    const design = row.text('design');
    if (!/^[1-9]\d*$/.test(design)) row.issue('design', 'must be a design number (1, 2, ...)', show(design));
    for (const p of params) {
      const cell = row.text(p.path);
      const known = p.values.every((v) => typeof v === 'number') ? cell !== '' && p.values.includes(Number(cell)) : labels[p.path].includes(cell);
      if (!known) row.issue(p.path, `must be one of the values run.json gives ${p.path}: ${shownList(labels[p.path])}`, show(cell));
    }
    const values = paths.map((p) => row.text(p)).join('\u0000');
    const before = designs.get(design);
    if (before === undefined) designs.set(design, values);
    else if (before !== values) row.issue('design', `must have the same values on each of its rows (design ${design}'s first row has ${shownList(before.split('\u0000'))})`, shownList(paths.map((p) => row.text(p))));
    return design;
  };
  const rows: SweepRow[] = [];
  if (kind === 'sweep') {
    const optional = new Map<string, SweepRow[]>(PLAN_METRICS_IF_DEFINED.map((m) => [m, []]));
    const table = new CsvFile(join(dir, 'sweep.csv'), issues, 'an output folder of hubsim sweep');
    // Every design run.json counts, each with a row for every metric the table has (a sweep of an
    // earlier version has fewer; one written before run.json counted its designs is read as it is).
    const grid = typeof run.designs === 'number' ? new DesignGrid(run.designs, METRIC_NAMES, 'metric', issues, false) : undefined;
    for (const row of table.each(['design', ...paths, 'metric', 'mean', 'ci95_low', 'ci95_high'])) {
      const metric = row.text('metric');
      grid?.see(row, row.text('design'), metric);
      const list = optional.get(metric) ?? ((SWEEP_CHARTED as readonly string[]).includes(metric) ? rows : undefined);
      list?.push({ design: designOf(row), values: Object.fromEntries(paths.map((p) => [p, position(p, row.text(p))])), metric, mean: row.number('mean'), ci95Low: row.number('ci95_low'), ci95High: row.number('ci95_high') });
    }
    // In SWEEP_CHARTED's order, service level first as on the terminal, not sweep.csv's (served_share
    // comes before it there, and the report led with it); then the optional ones, in sweep.csv's
    // order; a metric that no design defines is not charted. Within a metric, by design number, as
    // hubsim writes them: a file whose rows were sorted otherwise made another page.
    const rank = (m: string) => (SWEEP_CHARTED as readonly string[]).indexOf(m);
    const byDesignNumber = (a: SweepRow, b: SweepRow) => Number(a.design) - Number(b.design);
    rows.sort((a, b) => rank(a.metric) - rank(b.metric) || byDesignNumber(a, b));
    for (const list of optional.values()) if (list.some((r) => Number.isFinite(r.mean))) rows.push(...list.sort(byDesignNumber));
    grid?.check(table);
  } else {
    const table = new CsvFile(join(dir, 'size.csv'), issues, 'an output folder of hubsim size');
    // Every design the search evaluated, each with a row for every target.
    const targets: unknown[] = Array.isArray(run.targets) ? run.targets : [];
    const grid = typeof run.designsEvaluated === 'number' && targets.every((t) => typeof t === 'string') ? new DesignGrid(run.designsEvaluated, targets as string[], 'target', issues, true) : undefined;
    for (const row of table.each(['design', ...paths, 'replications', 'metric', 'mean', 'ci_low', 'ci_high', 'verdict'])) {
      grid?.see(row, row.text('design'), `${row.text('metric')}${row.text('target') ?? ''}`);
      const verdict = row.text('verdict');
      if (!['meets', 'fails', 'undecided'].includes(verdict)) row.issue('verdict', 'must be meets, fails or undecided', show(verdict));
      rows.push({
        design: designOf(row),
        values: Object.fromEntries(paths.map((p) => [p, position(p, row.text(p))])),
        metric: row.text('metric'),
        mean: row.number('mean'),
        ci95Low: row.number('ci_low'),
        ci95High: row.number('ci_high'),
        replications: row.number('replications'),
        verdict: row.text('verdict'),
      });
    }
    grid?.check(table);
  }
  wholeNumber(run, 'seed', runPath, issues);
  wholeNumber(run, 'replications', runPath, issues);
  // Absent in a folder of an earlier version; given, one as hubsim writes its own, as a run's.
  issues.push(...versionIssues(run.hubsim, runPath));
  const windows = designWindows(run.horizons, runPath, issues);
  const connections = designConnectionsOf(run.connections, runPath, issues);
  if (issues.length > 0) throw new InputError(issues, dir);
  const decision: unknown[] = Array.isArray(run.decision) ? run.decision : run.decision ? [run.decision] : [];
  const chosen = decision.map((d) => (d as { design?: unknown })?.design).filter((d) => d !== undefined && d !== null).map(String);
  const design = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  const answers: SizingAnswer[] = decision
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
    .map((d) => {
      const connection = connectionOf(d.connection);
      const difference = differenceOf(d.difference);
      const words = wordsOf(d.words);
      return {
        across: paths.length > 1 ? d[paths[1]] : undefined,
        smallest: d.smallest ?? undefined,
        design: design(d.design),
        below: design(d.below),
        top: design(d.top),
        bottom: design(d.bottom),
        ...(connection ? { connection } : {}),
        ...(difference ? { difference } : {}),
        ...(words ? { words } : {}),
      };
    });
  return {
    kind,
    ...(typeof run.hubsim === 'string' ? { hubsim: run.hubsim } : {}),
    scenario: String(run.scenario ?? basename(dir)),
    seed: Number(run.seed),
    replications: Number(run.replications),
    targets: Array.isArray(run.targets) ? run.targets.map(String) : [],
    ...(kind === 'size' ? { sizing: { confidence: Number(run.confidence), maxReplications: Number(run.maxReplications), answers } } : {}),
    labels,
    values: Object.fromEntries(params.map((p) => [p.path, p.values])),
    data: { params: paths, rows, chosen },
    ...(windows ? { windows } : {}),
    ...(connections ? { connections } : {}),
  };
}

/**
 * One of a sweep's or sizing's lists of values with the designs that have them, design by design:
 * `horizons` (sweepfiles.ts `DesignHorizon`) or `connections` (`DesignConnection`), `valueOf`
 * taking an entry's value (undefined for one that is not such an entry). Undefined when run.json
 * has none, as before it recorded them, or (with the problem, `expected`, recorded) holds no such list.
 */
function byDesign<T>(v: unknown, field: string, valueOf: (entry: unknown) => T | undefined, expected: string, path: string, issues: InputIssue[]): Map<string, T> | undefined {
  if (v === undefined) return undefined;
  const values = new Map<string, T>();
  const ok =
    Array.isArray(v) &&
    v.every((entry: unknown) => {
      const value = valueOf(entry);
      const designs = (entry as { designs?: unknown } | null)?.designs;
      if (value === undefined || !Array.isArray(designs)) return false;
      for (const d of designs) values.set(String(d), value);
      return true;
    });
  if (ok) return values;
  issues.push({ path: `${path}: ${field}`, expected, found: show(v) });
  return undefined;
}

/** Each design's statistics window, from run.json's `horizons` (see `byDesign`). */
function designWindows(v: unknown, path: string, issues: InputIssue[]): Map<string, Horizon> | undefined {
  const window = (h: unknown) => (isHorizon(h) ? { days: h.days, warmupDays: h.warmupDays } : undefined);
  return byDesign(v, 'horizons', window, "must list each design's statistics window, as {days, warmupDays, designs}", path, issues);
}

/** Each design's grid connection, kW, from run.json's `connections` (see `byDesign`); a design without a limit has none. */
function designConnectionsOf(v: unknown, path: string, issues: InputIssue[]): Map<string, number> | undefined {
  const kwOf = (c: unknown) => {
    const kw = (c as { kw?: unknown } | null)?.kw;
    return typeof kw === 'number' && kw > 0 ? kw : undefined;
  };
  return byDesign(v, 'connections', kwOf, "must list the designs' grid connections, as {kw, designs}", path, issues);
}

/**
 * run.json's seed (a whole number from 0) or replications (from 1), as hubsim writes them: a hand-edited
 * -1 would head the report as its replications.
 */
function wholeNumber(o: Record<string, unknown>, key: 'seed' | 'replications', path: string, issues: InputIssue[]): void {
  const v = o[key];
  const min = key === 'seed' ? 0 : 1;
  if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= min)) issues.push({ path: `${path}: ${key}`, expected: `must be a whole number from ${min}`, found: show(v) });
}

function readRunJson(path: string, issues: InputIssue[]): RunInfo | undefined {
  if (!existsSync(path)) {
    issues.push({ path, expected: 'must exist (an output folder of hubsim run)' });
    return undefined;
  }
  let json: unknown;
  try {
    json = readRecord(path, 'run.json written by hubsim run', MAX_VALUES * 2);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    issues.push(...e.issues);
    return undefined;
  }
  const before = issues.length;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    issues.push({ path, expected: 'must be a JSON object', found: show(json) });
    return undefined;
  }
  const o = json as Record<string, unknown>;
  const want = (key: string, type: 'string' | 'number' | 'object') => {
    const v = o[key];
    const ok = type === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : typeof v === type;
    if (!ok) issues.push({ path: `${path}: ${key}`, expected: `must be ${type === 'object' ? 'an object' : `a ${type}`}`, found: show(v) });
  };
  want('hubsim', 'string');
  // (Not a string at all is `want`'s to say.)
  if (typeof o.hubsim === 'string') issues.push(...versionIssues(o.hubsim, path));
  want('scenario', 'object');
  wholeNumber(o, 'seed', path, issues);
  wholeNumber(o, 'replications', path, issues);
  if (issues.length > before) return undefined;
  return {
    hubsim: o.hubsim as string,
    scenarioFile: typeof o.scenarioFile === 'string' ? o.scenarioFile : '',
    scenario: o.scenario as Record<string, unknown>,
    seed: o.seed as number,
    replications: o.replications as number,
    sessions: typeof o.sessions === 'string' ? o.sessions : '',
    ...(typeof o.power === 'string' ? { power: o.power } : {}),
    ...(isTraceFingerprint(o.trace) ? { trace: { rows: o.trace.rows, sha256: o.trace.sha256 } } : {}),
    ...(isColumnCounts(o.traceColumns) ? { traceColumns: { ...o.traceColumns } } : {}),
    ...horizonOf(o, path, issues),
    ...precisionOf(o, path, issues),
  };
}

/**
 * What `run --precision` asked and reached, as run.json records it (see `PrecisionRecord`): nothing
 * in other runs; a record that is not one hubsim writes is a problem, as a page saying a precision
 * was reached on a hand-edited word would mislead.
 */
function precisionOf(o: Record<string, unknown>, path: string, issues: InputIssue[]): { precision?: PrecisionRecord } {
  const p = o.precision as { maxReplications?: unknown; metrics?: unknown } | null | undefined;
  if (p === undefined) return {};
  const replications = o.replications as number;
  const metricOk = (m: unknown): boolean => {
    const x = m as Record<string, unknown> | null;
    return typeof x === 'object' && x !== null && (METRIC_NAMES as readonly string[]).includes(x.metric as string) && typeof x.relative === 'boolean' && typeof x.value === 'number' && Number.isFinite(x.value) && x.value > 0 && typeof x.reached === 'boolean';
  };
  const ok =
    typeof p === 'object' && p !== null &&
    typeof p.maxReplications === 'number' && Number.isSafeInteger(p.maxReplications) && p.maxReplications >= replications &&
    Array.isArray(p.metrics) && p.metrics.length > 0 && p.metrics.every(metricOk) &&
    // The run stops once every metric is reached, and only then before its most replications.
    (replications === p.maxReplications || (p.metrics as { reached: boolean }[]).every((m) => m.reached));
  if (!ok) {
    issues.push({ path: `${path}: precision`, expected: `must be what run --precision records: {maxReplications (at least the ${replications} replications run), metrics [{metric, relative, value > 0, reached}]}, every metric reached unless the run reached its most replications`, found: show(p) });
    return {};
  }
  return { precision: { maxReplications: p.maxReplications as number, metrics: (p.metrics as PrecisionRecord['metrics']).map((m) => ({ metric: m.metric, relative: m.relative, value: m.value, reached: m.reached })) } };
}

/**
 * The run's horizon (see `RunInfo.horizon`): run.json's, or in a folder written before run.json
 * recorded it, the scenario's as written, its warm-up 0 if left out. Nothing when neither says;
 * a recorded one that is no horizon is a problem.
 */
function horizonOf(o: Record<string, unknown>, path: string, issues: InputIssue[]): { horizon?: Horizon } {
  if (o.horizon !== undefined) {
    if (isHorizon(o.horizon)) return { horizon: { days: o.horizon.days, warmupDays: o.horizon.warmupDays } };
    issues.push({ path: `${path}: horizon`, expected: 'must be the statistics window, {days, warmupDays} with 0 <= warmupDays < days', found: show(o.horizon) });
    return {};
  }
  const written = (o.scenario as Record<string, unknown>).horizon as Record<string, unknown> | undefined;
  const old = { days: written?.days, warmupDays: written?.warmupDays ?? SCENARIO_DEFAULTS['horizon.warmupDays'] };
  return isHorizon(old) ? { horizon: old } : {};
}

function isHorizon(v: unknown): v is Horizon {
  const o = v as Record<string, unknown> | null | undefined;
  return typeof o === 'object' && o !== null && typeof o.days === 'number' && typeof o.warmupDays === 'number' && o.warmupDays >= 0 && o.warmupDays < o.days;
}

function isTraceFingerprint(v: unknown): v is { rows: number; sha256: string } {
  const o = v as Record<string, unknown> | null | undefined;
  return typeof o === 'object' && o !== null && typeof o.rows === 'number' && typeof o.sha256 === 'string';
}

/** A run.json's `traceColumns`: rows counted by column name (anything else is left unread: notes then say less). */
function isColumnCounts(v: unknown): v is Record<string, number> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
}

/** Whether an interval [low, high] holds `mid` as hubsim writes one (an empty cell, NaN, compares as holding it). */
function around(low: number, mid: number, high: number): boolean {
  return !(low > high || low > mid || mid > high);
}

/** Values in a message, each as `show` writes it (a text holding a comma stays one), the first six and a count of the rest. */
function shownList(values: readonly string[]): string {
  return firstFew(values, 6, (v) => show(v));
}

/** One CSV file of an output folder; problems go to the shared issue list instead of throwing. */
class CsvFile {
  /** `within`: what holds the file, as a missing file's problem says (`an output folder of hubsim run`). */
  constructor(
    readonly path: string,
    private readonly issues: InputIssue[],
    private readonly within = 'an output folder of hubsim run',
  ) {}

  /** Whether the file was read to its end: found, with a header naming every column asked for, and not stopped at FILE_PROBLEMS_MAX. */
  readWhole = false;

  /** The file's rows, each as `read` makes it, or none (with an issue recorded) if it is missing or lacks a column. */
  rows<T>(columns: readonly string[], read: (row: CsvRow) => T): T[] {
    const out: T[] = [];
    // Each row read before the next is parsed: its problems count towards FILE_PROBLEMS_MAX.
    for (const row of this.each(columns)) out.push(read(row));
    return out;
  }

  /**
   * The file's rows one at a time, read and parsed a chunk at a time: a sweep's sweep.csv (26 MB
   * for 10,000 designs of a scenario that prices nothing) is never held whole, nor as a record per row. None (with an issue
   * recorded) if it is missing or lacks a column; rows up to a malformed one, with an issue
   * recorded, if it is not CSV.
   */
  *each(columns: readonly string[]): Generator<CsvRow> {
    if (!existsSync(this.path)) {
      this.issues.push({ path: this.path, expected: `must exist (${this.within})` });
      return;
    }
    // The header is checked as it is read, a file of a header alone too (a link planted in place of
    // summary.csv to a file of one line was taken for a summary of nothing).
    let missing: string[] | undefined;
    let width = 0; // the header's names
    // A byte-order mark, as Excel adds when it saves the file again, is not part of the first column's name.
    const parser = new ChunkParser({ columns: (header: string[]) => ((missing = columns.filter((c) => !header.includes(c))), (width = header.length), header), skip_empty_lines: true, bom: true });
    let i = 0;
    const before = this.issues.length;
    try {
      for (const chunk of endMarked(boundedChunks(this.path, 'CSV file written by hubsim', INPUT_MAX_BYTES))) {
        const records = parser.feed(chunk);
        if (missing !== undefined && missing.length > 0) {
          this.issues.push({ path: this.path, expected: `must have the columns ${columns.join(', ')}`, found: `no ${missing.join(', ')}` });
          return;
        }
        for (const r of records) {
          // Row numbers count the header as row 1, as a spreadsheet shows them.
          yield new CsvRow(r, `${this.path} row ${i + 2}`, this.issues);
          i++;
          if (this.issues.length - before >= FILE_PROBLEMS_MAX) {
            this.issues.splice(before + FILE_PROBLEMS_MAX);
            this.issues.push({ path: this.path, expected: `may have more problems: reading stopped after the first ${FILE_PROBLEMS_MAX}, at row ${i + 1}`, stands: 0, orMore: true });
            return;
          }
        }
      }
      if (missing === undefined) this.issues.push({ path: this.path, expected: 'must be a CSV file with a header row', found: 'an empty file' });
      else this.readWhole = true;
    } catch (e) {
      if (e instanceof InputError) {
        this.issues.push(...e.issues);
        return;
      }
      // A row of more or fewer cells than the header, in the file's terms rather than csv-parse's
      // ("Invalid Record Length: columns length is 2, got 7 on line 2").
      // Its row numbered as the others' are: records from 2 (the header is row 1), blank lines not counted.
      const err = e as Error & { code?: string; records?: number; record?: unknown[] };
      if ((err.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' || err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') && typeof err.records === 'number') {
        this.issues.push({ path: `${this.path} row ${err.records + 2}`, expected: `must have as many cells as the header row has names (${width}; those hubsim writes include ${columns.join(', ')})`, found: `${err.record?.length ?? 'another number of'} cells` });
        return;
      }
      // Rows numbered as above (the header, row 1, until it is read); a quote left open, in the row after those csv-parse completed.
      const quote = typeof err.records === 'number' ? quoteIssue(err, `${this.path} row ${width === 0 ? 1 : err.records + 2}`) : undefined;
      if (quote !== undefined) {
        this.issues.push(quote);
        return;
      }
      this.issues.push({ path: this.path, expected: 'must be a CSV file with a header row', found: err.message });
    }
  }
}

/** A row's key of several cells, for `RowKeys`. */
function key(...cells: readonly string[]): string {
  return cells.join('\u0000');
}

/**
 * The rows a file of hubsim's holds, by key, against the keys it writes, each once: a file cut
 * short, or with rows taken out, drew a page with parts missing and no word of it (a fleet panel of
 * no types, a comparison of no metric); a row repeated or of a key hubsim never writes drew what no
 * run gave.
 */
class RowKeys {
  private readonly expected: ReadonlySet<string>;
  private readonly seen = new Set<string>();
  private readonly before: number;

  /**
   * Made just before the file is read. `what`: the cells a key is made of, as the problem names
   * them ("weekday, hour and metric"); `issues`, where the folder's problems go.
   */
  constructor(
    keys: readonly string[],
    private readonly what: string,
    private readonly issues: InputIssue[],
  ) {
    this.expected = new Set(keys);
    this.before = issues.length;
  }

  /** Notes a row's key (a row with a problem of its own already is left at that): one repeated, or of no row hubsim writes, is the row's problem. */
  see(row: CsvRow, k: string): void {
    if (row.problems > 0) return;
    const cells = k.split('\u0000').join(', ');
    if (!this.expected.has(k)) row.issue('', `must be a row hubsim writes (one for each ${this.what})`, cells);
    else if (this.seen.has(k)) row.issue('', `must not repeat a row: one for each ${this.what}`, cells);
    else this.seen.add(k);
  }

  /** Records the file's problem of rows missing, once it was read whole and its rows had no problem of their own. */
  check(file: CsvFile): void {
    if (!file.readWhole || this.issues.length > this.before || this.seen.size === this.expected.size) return;
    const missing = [...this.expected].filter((k) => !this.seen.has(k)).map((k) => k.split('\u0000').join(' '));
    this.issues.push({ path: file.path, expected: `must have a row for each ${this.what}, as hubsim writes it`, found: `no row for ${firstFew(missing, 3)}` });
  }
}

/** The most designs whose rows DesignGrid checks: far past what sweep and size run (10,000), short of an edited count that would fill memory. */
const GRID_DESIGNS_MAX = 1_000_000;

/**
 * The rows of a sweep's or a sizing's table against run.json's count of designs: a row for each
 * design and each of `items` (every target; or every metric the table has anywhere, unless `all`),
 * once. A table cut short, or with a design's rows taken out, drew a frontier without it and no word
 * of it, and a sizing's answer "design 1, ? replications".
 */
class DesignGrid {
  private readonly seen: Uint8Array;
  private readonly used: Uint8Array;
  private readonly before: number;

  constructor(
    private readonly designs: number,
    private readonly items: readonly string[],
    private readonly what: string,
    private readonly issues: InputIssue[],
    all: boolean,
  ) {
    this.seen = new Uint8Array(Number.isSafeInteger(designs) && designs > 0 && designs <= GRID_DESIGNS_MAX ? designs * items.length : 0);
    this.used = new Uint8Array(items.length).fill(all ? 1 : 0);
    this.before = issues.length;
  }

  /** Notes a row of `design` (its cell) for `item`. */
  see(row: CsvRow, design: string, item: string): void {
    if (row.problems > 0 || this.seen.length === 0) return;
    const d = Number(design);
    const i = this.items.indexOf(item);
    if (!(/^[1-9]\d*$/.test(design) && d <= this.designs)) {
      row.issue('design', `must be a design from 1 to ${this.designs} (run.json's count)`, show(design));
    } else if (i < 0) {
      row.issue(this.what, `must be a ${this.what} of run.json's: ${shownList(this.items.slice(0, 5))}${this.items.length > 5 ? ', …' : ''}`, show(item));
    } else if (this.seen[(d - 1) * this.items.length + i] === 1) {
      row.issue('design', `must not repeat a row: one for each design and ${this.what}`, `design ${d}, ${item}`);
    } else {
      this.seen[(d - 1) * this.items.length + i] = 1;
      this.used[i] = 1;
    }
  }

  /** Records the table's problem of rows missing, once it was read whole and its rows had no problem of their own. */
  check(file: CsvFile): void {
    if (!file.readWhole || this.seen.length === 0 || this.issues.length > this.before) return;
    const n = this.items.length;
    const none = this.used.every((u) => u === 0);
    const missing: string[] = [];
    let count = 0;
    for (let k = 0; k < this.seen.length; k++) {
      // A table of no row at all lacks every design.
      if (this.seen[k] === 1 || (none ? k % n !== 0 : this.used[k % n] === 0)) continue;
      if (count++ < 3) missing.push(none ? `design ${k / n + 1}` : `design ${Math.floor(k / n) + 1} ${this.items[k % n]}`);
    }
    if (count === 0) return;
    this.issues.push({
      path: file.path,
      expected: `must have a row for each design (${this.designs}, as run.json counts them) and each ${this.what}, as hubsim writes it`,
      found: `no row for ${missing.join(', ')}${count > 3 ? ` and ${count - 3} more` : ''}`,
    });
  }
}

/** The items of `items`, then undefined for their end. */
function* endMarked<T>(items: Iterable<T>): Generator<T | undefined> {
  yield* items;
  yield undefined;
}

/** csv-parse's stream parser fed by hand, a chunk at a time, handing back the records each chunk completes. */
class ChunkParser extends Parser {
  private records: Record<string, string>[] = [];

  override push(record: unknown): boolean {
    if (record !== null) this.records.push(record as Record<string, string>);
    return true;
  }

  /** The records `chunk` completes; without a chunk, those the end of the input completes. @throws CsvError */
  feed(chunk: Buffer | undefined): Record<string, string>[] {
    let error: Error | null | undefined;
    const done = (e?: Error | null) => {
      error = e;
    };
    if (chunk) this._transform(chunk, 'binary', done);
    else this._flush(done);
    if (error) throw error;
    const records = this.records;
    this.records = [];
    return records;
  }
}

class CsvRow {
  /** How many problems this row has had recorded. */
  problems = 0;

  constructor(
    private readonly record: Record<string, string>,
    private readonly where: string,
    private readonly issues: InputIssue[],
  ) {}

  text(column: string): string {
    return this.record[column];
  }

  /** A number; an empty cell is NaN (an undefined value); anything else non-numeric is an issue. */
  number(column: string): number {
    const text = this.record[column];
    if (text === '') return NaN;
    if (!(CSV_NUMBER.test(text) && Math.abs(Number(text)) <= MAX_MAGNITUDE)) {
      this.issue(column, `must be a number or empty (a number at most ${MAX_MAGNITUDE} in size)`, show(text));
      return NaN;
    }
    return Number(text);
  }

  weekday(column: string): Weekday | 'all' {
    const text = this.record[column];
    if (text === 'all' || (WEEKDAYS as readonly string[]).includes(text)) return text as Weekday | 'all';
    this.issue(column, `must be one of ${WEEKDAYS.join(', ')}, all`, show(text));
    return 'all';
  }

  /** Records a problem of this row's `column` (of the row as a whole: ''). */
  issue(column: string, expected: string, found: string): void {
    this.problems++;
    this.issues.push({ path: column === '' ? this.where : `${this.where}, column ${column}`, expected, found });
  }

  /**
   * Checks a summary.csv row's statistic as hubsim writes it: a count of replications from 0 to
   * `replications`, a spread that is not negative, and an interval around its mean. An edit that
   * breaks one printed "over −1 of the 3" or an interval of [500, −500] on the page.
   */
  checkSummary(s: Stat, replications: number): void {
    // (A cell that is no number at all is told so by `number` already.)
    if (!(Number.isInteger(s.n) && s.n >= 0 && s.n <= replications) && (this.record.n === '' || !Number.isNaN(s.n))) {
      this.issue('n', `must be a whole number of replications from 0 to ${replications} (run.json's replications)`, show(this.record.n));
    }
    if (s.sd < 0) this.issue('sd', 'must be at least 0', show(this.record.sd));
    if (!around(s.ci95Low, s.mean, s.ci95High)) {
      this.issue('ci95_low', 'must be at most the mean, and ci95_high at least it', `${show(this.record.ci95_low)}, mean ${show(this.record.mean)}, ci95_high ${show(this.record.ci95_high)}`);
    }
  }

  /**
   * `stat`, for a breakdown's row: a share's mean, smallest and largest in [0, 1], as every share
   * hubsim writes is (an edited 7 drew a blank cell of "700.0 %", a −3 a curve below the axis).
   */
  shareStat(): Stat {
    const s = this.stat();
    if (SHARES.has(this.record.metric)) {
      for (const [column, x] of [['mean', s.mean], ['min', s.min], ['max', s.max]] as const) {
        if (x < 0 || x > 1) this.issue(column, `must be a share from 0 to 1 (${this.record.metric})`, show(this.record[column]));
      }
    }
    return s;
  }

  stat(): Stat {
    return {
      mean: this.number('mean'),
      sd: this.number('sd'),
      ci95Low: this.number('ci95_low'),
      ci95High: this.number('ci95_high'),
      n: this.number('n'),
      min: this.number('min'),
      max: this.number('max'),
    };
  }
}

/**
 * A run.json, parsed: at most INPUT_MAX_BYTES, its scenario nested no deeper than a scenario may be
 * and holding at most about `values` values (see jsonShape). hubsim writes none larger; one edited
 * or planted so (a quarter of a gigabyte of empty objects, or brackets nested 200,000 deep) took
 * minutes and gigabytes, or the stack, to read and draw.
 * @throws InputError for a file too large or of another shape, or text that is not JSON (saying
 * where but not quoting it: the file may be anything readable, a link planted in a folder).
 */
function readRecord(path: string, what: string, values: number): unknown {
  const text = withoutBom(readBoundedText(path, what, INPUT_MAX_BYTES));
  const shape = jsonShape(text);
  // A record nests its scenario one or two levels below its own.
  if (shape.depth > MAX_DEPTH + 2 || shape.values > values) {
    throw new InputError([{ path, expected: `must be a ${what}, nested at most ${MAX_DEPTH + 2} levels deep and holding at most ${values} values`, found: `${shape.values} values, nested ${shape.depth} levels deep` }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /position \d+/.exec((e as Error).message)?.[0];
    throw new InputError([{ path, expected: `must be valid JSON (a ${what})`, found: `text that is not JSON${at ? ` (from ${at})` : ''}` }]);
  }
}

/** `text` without a leading byte-order mark, which Windows editors add when they save a file again and JSON.parse refuses. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
