import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { readBoundedText } from '../bounded-read.js';
import { InputError, OverloadedError } from '../errors.js';
import { breakdownLayout, type BreakdownLayout } from '../model/breakdown.js';
import { METRIC_NAMES, type Metrics } from '../model/metrics.js';
import { breakdownFiles, REPLICATION_COLUMNS, replicationRow, SESSION_COLUMNS, SUMMARY_COLUMNS, summaryRow } from '../output/columns.js';
import { csvText, exact } from '../output/csv.js';
import { replicationSeed } from '../random/streams.js';
import { MAX_DEPTH, MAX_VALUES } from '../scenario/json.js';
import { MAX_SCENARIO_BYTES } from '../scenario/load.js';
import { traceColumnCounts, traceFingerprint } from '../scenario/trace.js';
import { minutesOfDays, type Horizon, type Scenario } from '../scenario/types.js';
import { formatExact } from '../report/format.js';
import type { PrecisionRecord } from '../stats/onesided.js';
import { summarise, type Distribution } from '../stats/summary.js';
import { VectorSummary } from '../stats/vector-summary.js';
import { fileDigest, type FileDigest } from './read.js';
import { writeFailure } from './staging.js';
import type { ReplicationPool } from './pool.js';
import { buildFingerprint, VERSION } from './version.js';
import { sessionsPart, type ReplicationOutcome, type ReplicationTask } from './replicate.js';

/** Which replications write sessions.csv (`--sessions`). */
export type SessionsMode = 'first' | 'all' | 'none';
/** How much of replication 1's power.csv to write (`--power`). */
export type PowerMode = 'first' | 'all' | 'none';

/** `--power first` covers this much of the run: a year of intervals, enough to see every season and weekday. */
const POWER_FIRST_DAYS = 366;
const POWER_FIRST_MIN = POWER_FIRST_DAYS * 1440;

/** Whether a horizon runs past `--power first`'s days, by its minutes as the run takes them (366.0000000000001 days is 527,040 minutes: not past). */
function pastFirstDays(scenario: Pick<Scenario, 'horizon'>): boolean {
  return minutesOfDays(scenario.horizon.days) > POWER_FIRST_MIN;
}

/**
 * The note under a run whose power.csv `--power first` cut short (a horizon past its 366 days, in a
 * batch that holds replication 1): the rest of a multi-year run is not in the file, and nothing else
 * would say so. Undefined where the file holds the whole horizon, or is not written. `whose`: the
 * scenario's side (`A's `) where there are two; `more`: how to get the rest.
 */
export function powerCutNote(scenario: Pick<Scenario, 'horizon'>, power: PowerMode, holdsFirst: boolean, whose = '', more = '--power all writes every interval'): string | undefined {
  if (power !== 'first' || !holdsFirst || !pastFirstDays(scenario)) return undefined;
  return `note: ${whose}power.csv holds the first ${POWER_FIRST_DAYS} days of replication 1's ${formatExact(scenario.horizon.days)} days: ${more}`;
}

/** How to run one scenario's replications. */
export interface BatchOptions {
  readonly seed: number;
  readonly replications: number;
  /** Run only the k-th (1-based) of n slices of the replications. */
  readonly shard?: { readonly k: number; readonly n: number };
  readonly pool: ReplicationPool;
  readonly sessions: SessionsMode;
  readonly power: PowerMode;
  readonly onDone?: (o: ReplicationOutcome) => void;
  /** The share of its horizon the main thread's replication has covered (see `BatchEvents`). */
  readonly onShare?: (share: number) => void;
  /** The scenario file and its JSON as written, recorded in run.json. */
  readonly source: { readonly file: string; readonly raw: unknown };
  /**
   * Asked after each batch with every row so far: the total number of replications wanted, or
   * undefined when there are enough (`run --precision`). Not for slices.
   */
  readonly extend?: (rows: readonly ReplicationRow[]) => number | undefined;
  /** What run.json records of the rows beside how they were made: the precision asked and reached (`run --precision`). */
  readonly judged?: (rows: readonly ReplicationRow[]) => PrecisionRecord;
}

/** One replication's row of replications.csv. */
export interface ReplicationRow {
  readonly replication: number;
  readonly seed: number;
  readonly metrics: Metrics;
}

/** What a sharded run records beside its results so that `merge` can check and join the slices. */
export interface ShardManifest {
  readonly scenario: string;
  readonly scenarioHash: string;
  readonly seed: number;
  readonly replications: number;
  readonly shard: string;
  readonly first: number;
  readonly last: number;
  readonly sessions: SessionsMode;
  readonly power: PowerMode;
  /** The fleet's type names, which label by-fleet.csv (merge checks them against the scenario run.json records). */
  readonly fleet: readonly string[];
  /**
   * The build that ran the slice (version.ts `buildFingerprint`): merge joins only slices of one.
   * Absent when it ran from the modules rather than the bundle, and in slices of earlier versions.
   */
  readonly build?: string;
  /**
   * What the slice wrote of the files merge joins, each file's size and SHA-256 (`SLICE_FILES`, those
   * the slice has), so that a file cut short at a row's end or with rows taken out is refused rather
   * than joined. Absent in slices of earlier builds.
   */
  readonly files?: Readonly<Record<string, FileDigest>>;
}

/** run.json: how a result folder was made, enough to make it again (and for its report's inputs). */
export interface RunRecord {
  readonly hubsim: string;
  /** The scenario file as the command line gave it. */
  readonly scenarioFile: string;
  /** Its JSON as written (defaults not filled in). */
  readonly scenario: unknown;
  readonly seed: number;
  /** Replications in the whole run (a slice records the total it is part of). */
  readonly replications: number;
  /**
   * The window the statistics cover: [warmupDays, days) of the scenario's horizon, defaults filled
   * in, so that a report can say what its totals are over without validating the scenario again.
   */
  readonly horizon: Horizon;
  readonly sessions: SessionsMode;
  readonly power: PowerMode;
  /** The arrival trace the scenario read, by its rows (a path alone may name other rows another day, or other files from other folders). */
  readonly trace?: { readonly rows: number; readonly sha256: string };
  /** How many of the trace's rows give a value in each of its columns (see `traceColumnCounts`). */
  readonly traceColumns?: Readonly<Record<string, number>>;
  /** `run --precision`'s request and outcome; absent in other runs. */
  readonly precision?: PrecisionRecord;
}

/**
 * The most bytes a run.json can take, for reading one back with a bound (merge). It holds the
 * scenario as written, indented: a scenario file within its own bound grows by, for each of its
 * values, a line break and up to two spaces a level of nesting (one level more inside run.json;
 * twice for an object or array, whose closing bracket takes a line too), a space after a key, and
 * up to 17 characters for a number written with an exponent (1e20 is written out in 21 digits). A
 * file of 16 MiB with 200,000 short numbers in arrays made a run.json of 19.8 MB.
 */
export const RUN_RECORD_MAX_BYTES = MAX_SCENARIO_BYTES + MAX_VALUES * (2 * (1 + 2 * (MAX_DEPTH + 2)) + 1 + 17) + (1 << 20);

export const SHARD_FILE = 'shard.json';
/** Largest shard.json any reader takes: hubsim writes some hundreds of bytes. */
export const MANIFEST_MAX_BYTES = 64 * 1024;
/** A slice's breakdown summary state (`VectorSummary.state`), which merge adds up exactly. */
export const BREAKDOWN_STATE_FILE = 'breakdowns.csv';
export const BREAKDOWN_STATE_COLUMNS = ['slot', 'n', 'sum', 'sum_sq', 'min', 'max'] as const;

/** The files of a run's slice that merge reads, and shard.json records the digests of. */
export const SLICE_FILES = ['run.json', 'replications.csv', BREAKDOWN_STATE_FILE, 'bays.csv', 'power.csv', 'sessions.csv'] as const;

/** The replications [first, last] (1-based, inclusive) of slice k of n; contiguous and disjoint; empty (last < first) when n > replications. */
export function shardRange(replications: number, k: number, n: number): { first: number; last: number } {
  return { first: Math.floor(((k - 1) * replications) / n) + 1, last: Math.floor((k * replications) / n) };
}

/**
 * A fingerprint of the validated scenario, so slices of different scenarios are never merged; and
 * of anything else the slices' results depend on (`also`: a sweep's other traces), each in turn.
 * A trace is in it by its rows.
 */
export function scenarioHash(s: Scenario, also: readonly unknown[] = []): string {
  // A trace counts by its rows, not by how its path is written: slices whose scenario files name
  // one trace as `t.csv`, `./t.csv`, an absolute path or `alt\t.csv` ran the same trucks.
  const seen = s.arrivals.kind === 'trace' ? { ...s, arrivals: { ...s.arrivals, path: undefined } } : s;
  const hash = createHash('sha256').update(JSON.stringify(seen));
  for (const x of also) hash.update(JSON.stringify(x));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Refuses to put slice `shard` of a sharded run (or sweep) in `root` where another slice of the
 * very same run stands: `root/folder/shard.json` of a run that `same` recognises, cut into as many
 * slices, another of them. Slices given one --out replace each other, each with exit 0, and the
 * one replaced was found missing only by merge. Anything else there is replaced as usual.
 * @throws InputError naming the folder and the slice it holds.
 */
export function refuseOtherSlice(root: string, folder: string, shard: { k: number; n: number }, same: (m: Readonly<Record<string, unknown>>) => boolean): void {
  let m: unknown;
  try {
    m = JSON.parse(readBoundedText(join(root, folder, SHARD_FILE), 'shard manifest', MANIFEST_MAX_BYTES));
  } catch {
    return; // No slice there, or none hubsim could have written: the usual rules decide.
  }
  if (typeof m !== 'object' || m === null) return;
  const held = (m as Record<string, unknown>).shard;
  if (typeof held !== 'string' || held === `${shard.k}/${shard.n}` || !held.endsWith(`/${shard.n}`) || !same(m as Record<string, unknown>)) return;
  throw new InputError([
    {
      path: join(root, folder),
      expected: `must not hold another slice of this run: slices given one --out replace each other, and merge would find slice ${held} missing; give each slice an --out of its own`,
      found: `slice ${held}`,
    },
  ]);
}

/**
 * For `runBatch(...).catch`: a scenario the run refuses (it runs away) is headed by its file, as
 * `validate` heads a file's problems, where the engine, which reads no files, names the scenario.
 */
export function headedBy(file: string): (err: unknown) => never {
  return (err) => {
    throw err instanceof OverloadedError ? new OverloadedError(err.issues, file) : err;
  };
}

/**
 * Runs a scenario's replications (or one slice of them) on the pool and writes its result files
 * into `stage/<name>/`: run.json, replications.csv, summary.csv, the breakdowns (by-hour.csv,
 * by-fleet.csv, load-duration.csv, wait-cdf.csv), sessions.csv as --sessions asks, bays.csv and
 * power.csv (from replication 1, when it is in the slice; power.csv as --power asks), and for a
 * slice breakdowns.csv (the breakdowns' exact state, for merge) and shard.json.
 * @throws InputError (an OverloadedError) when the scenario runs away; EnvironmentError naming the
 * folder when a result file cannot be written; the file system's error when `stage/<name>/`
 * cannot be made.
 */
export async function runBatch(scenario: Scenario, opts: BatchOptions, stage: string): Promise<ReplicationRow[]> {
  const dir = join(stage, scenario.name);
  // Not recursively: a staging folder moved away with --out mid-run is not made again where it was.
  mkdirSync(dir);
  const { first, last } = opts.shard ? shardRange(opts.replications, opts.shard.k, opts.shard.n) : { first: 1, last: opts.replications };
  // A horizon within --power first's days is written whole, with the hours its last trucks take to
  // leave after it: a file cut there would end short of the run with nothing to say so.
  const whole = opts.power === 'all' || (opts.power === 'first' && !pastFirstDays(scenario));
  const powerUntil = opts.power === 'none' ? 0 : whole ? Infinity : POWER_FIRST_MIN;
  const tasks: ReplicationTask[] = [];
  const add = (from: number, to: number) => {
    for (let r = from; r <= to; r++) {
      tasks.push({
        scenario,
        replication: r,
        seed: replicationSeed(opts.seed, r),
        dir,
        sessions: opts.sessions === 'all' || (opts.sessions === 'first' && r === 1),
        sessionsHeader: r === first && (opts.sessions === 'all' || r === 1),
        bays: r === 1,
        powerUntilMin: r === 1 ? powerUntil : 0,
        breakdown: true,
      });
    }
    return tasks.slice(from - first);
  };
  const layout = breakdownLayout(scenario);
  const breakdowns = new VectorSummary(layout.size);
  const onDone = (o: ReplicationOutcome) => {
    breakdowns.add(o.breakdown!);
    o.breakdown = null;
    opts.onDone?.(o);
  };
  const heard = { onDone, onShare: opts.onShare };
  const outcomes = await opts.pool.run(add(first, last), heard);
  const rowsOf = () => outcomes.map((o) => ({ replication: o.replication, seed: o.seed, metrics: o.metrics }));
  for (let want = opts.extend?.(rowsOf()); want !== undefined && want > outcomes.length; want = opts.extend?.(rowsOf())) {
    outcomes.push(...(await opts.pool.run(add(outcomes.length + 1, want), heard)));
  }
  const rows = rowsOf();
  try {
    const parts = tasks.filter((t) => t.sessions).map((t) => join(dir, sessionsPart(t.replication)));
    if (opts.sessions === 'all' || parts.length > 0) await joinSessions(parts, join(dir, 'sessions.csv'));
    writeTables(dir, scenario.name, rows);
    writeBreakdowns(dir, layout, breakdowns);
    const run: RunRecord = {
      hubsim: VERSION,
      scenarioFile: portablePath(opts.source.file),
      scenario: opts.source.raw,
      seed: opts.seed,
      replications: opts.extend ? rows.length : opts.replications,
      horizon: { days: scenario.horizon.days, warmupDays: scenario.horizon.warmupDays },
      sessions: opts.sessions,
      power: opts.power,
      ...(scenario.arrivals.kind === 'trace' ? { trace: traceFingerprint(scenario.arrivals.columns), traceColumns: traceColumnCounts(scenario.arrivals.columns) } : {}),
      ...(opts.judged ? { precision: opts.judged(rows) } : {}),
    };
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
    if (opts.shard) {
      writeFileSync(join(dir, BREAKDOWN_STATE_FILE), csvText(BREAKDOWN_STATE_COLUMNS, breakdownState(breakdowns)));
      const files = Object.fromEntries(SLICE_FILES.filter((f) => existsSync(join(dir, f))).map((f) => [f, fileDigest(join(dir, f))]));
      const manifest: ShardManifest = {
        scenario: scenario.name,
        scenarioHash: scenarioHash(scenario),
        seed: opts.seed,
        replications: opts.replications,
        shard: `${opts.shard.k}/${opts.shard.n}`,
        first,
        last,
        sessions: opts.sessions,
        power: opts.power,
        fleet: layout.fleets,
        build: buildFingerprint(),
        files,
      };
      writeFileSync(join(dir, SHARD_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    }
  } catch (err) {
    throw writeFailure(err, dir);
  }
  return rows;
}

/**
 * Concatenates a batch's sessions part files into `target`, in the order given, and removes them:
 * the header once (the first part begins with it), then each part's rows.
 */
async function joinSessions(parts: readonly string[], target: string): Promise<void> {
  if (parts.length === 0) {
    writeFileSync(target, csvText(SESSION_COLUMNS, []));
    return;
  }
  // The first part becomes the file, and the others are appended to it.
  renameSync(parts[0], target);
  for (const part of parts.slice(1)) {
    await pipeline(createReadStream(part), createWriteStream(target, { flags: 'a' }));
    rmSync(part);
  }
}

/** Writes replications.csv and summary.csv for rows in replication order. */
export function writeTables(dir: string, name: string, rows: readonly ReplicationRow[]): void {
  writeFileSync(join(dir, 'replications.csv'), csvText(REPLICATION_COLUMNS, rows.map((r) => replicationRow(name, r.replication, r.seed, r.metrics))));
  const summaries = summariseRows(rows);
  writeFileSync(join(dir, 'summary.csv'), csvText(SUMMARY_COLUMNS, METRIC_NAMES.map((m) => summaryRow(m, summaries[m]))));
}

/** Writes by-hour.csv, by-fleet.csv, load-duration.csv and wait-cdf.csv from the breakdowns' summary. */
export function writeBreakdowns(dir: string, layout: BreakdownLayout, acc: VectorSummary): void {
  for (const t of breakdownFiles(layout, acc)) writeFileSync(join(dir, t.file), t.text);
}

/** The rows of breakdowns.csv: each slot's exact state (empty min and max for a slot with no values). */
function breakdownState(acc: VectorSummary): string[][] {
  return Array.from({ length: acc.size }, (_, i) => {
    const s = acc.state(i);
    return [String(i), String(s.n), String(s.sum), String(s.sumSq), s.n > 0 ? exact(s.min) : '', s.n > 0 ? exact(s.max) : ''];
  });
}

/** Each metric's summary over replications. */
export function summariseRows(rows: readonly ReplicationRow[]): Record<string, Distribution> {
  return Object.fromEntries(METRIC_NAMES.map((m) => [m, summarise(rows.map((r) => r.metrics[m]))]));
}

/**
 * A path as run.json records it: with `/` between folders on Windows too, which reads it as well, so
 * that a run's record is the same text whichever system made it, and the report's command to
 * reproduce it can be pasted into any shell (`scenarios\koblenz.json` was quoted as a POSIX word,
 * which cmd.exe does not read). Elsewhere a backslash is part of a name and stays.
 */
export function portablePath(path: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? path.replaceAll('\\', '/') : path;
}
