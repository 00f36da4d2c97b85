import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, notJsonWords, show, shownPath, usual, type InputIssue } from '../errors.js';
import { METRIC_NAMES, type Metrics } from '../model/metrics.js';
import { CsvFileWriter, csvText, exact, FORMULA_START, FORMULA_TEXT } from '../output/csv.js';
import { formatPath, parsePath } from '../scenario/paths.js';
import { SCENARIO_NAME, type Horizon } from '../scenario/types.js';
import { summarise } from '../stats/summary.js';
import { MAX_DESIGNS, MAX_REPLICATIONS } from './args.js';
import { MANIFEST_MAX_BYTES, SHARD_FILE, shardRange } from './batch.js';
import { readBoundedText } from '../bounded-read.js';
import { checkFileRecord, fileDigest, readShareRows, recordedDigest, type FileDigest } from './read.js';
import { buildFingerprint, VERSION } from './version.js';
import { counted, listed, spans } from '../words.js';

// The files of `sweep` and `size` (designs.csv, replications.csv, sweep.csv, run.json), and the
// merging of sweep slices. Kept apart from the commands so that `merge` loads no simulator (nor,
// for sweep slices alone, the validator), and so that a merged sweep is written by the same
// functions as an unsharded one.

/** A swept parameter as the files record it: its path and values. */
export interface Swept {
  readonly path: string;
  readonly values: readonly unknown[];
}

/** One replication of one design. */
export interface DesignRow {
  readonly design: number;
  readonly replication: number;
  readonly seed: number;
  readonly metrics: Metrics;
}

/** What a sweep is: everything its results depend on, recorded in run.json. */
export interface SweepDefinition {
  /** The hubsim that ran the designs (absent in a slice of an earlier version, whose run.json did not record it). */
  readonly hubsim?: string;
  readonly scenario: string;
  /** Fingerprint of the validated base scenario (batch.ts `scenarioHash`), and of the other traces its designs read. */
  readonly scenarioHash: string;
  readonly seed: number;
  readonly replications: number;
  readonly parameters: readonly Swept[];
  readonly designs: number;
  /**
   * Each design's statistics window (see `designHorizons`): a design may set its own horizon.
   * Absent in a slice of an earlier version, whose run.json did not record them.
   */
  readonly horizons?: readonly DesignHorizon[];
  /**
   * Each design's grid connection (see `designConnections`), so that a report can tell a peak's
   * interval that passes it whether or not the connection is swept. Absent in a slice of an earlier
   * version, whose run.json did not record them.
   */
  readonly connections?: readonly DesignConnection[];
}

/**
 * A statistics window and the designs (by number, ascending) whose horizon gives it: the scenario's
 * `horizon.days` and `horizon.warmupDays`, defaults filled in, as a run's run.json records them.
 */
export interface DesignHorizon extends Horizon {
  readonly designs: readonly number[];
}

/**
 * The designs' windows as run.json records them: design i + 1's horizon is `horizons[i]`; one entry
 * per window, in the order of its first design, so that a sweep whose designs agree has one.
 */
export function designHorizons(horizons: readonly Horizon[]): DesignHorizon[] {
  return groupDesigns(horizons, (h) => `${h.days}/${h.warmupDays}`).map(({ value: h, designs }) => ({ days: h.days, warmupDays: h.warmupDays, designs }));
}

/**
 * Designs grouped by a value: design i + 1's is `values[i]`, and those whose `keyOf` is the same are
 * one group, with the first one's value; groups in the order of their first design, a design whose
 * `keyOf` is undefined in none.
 */
function groupDesigns<T>(values: readonly T[], keyOf: (v: T) => string | undefined): { value: T; designs: number[] }[] {
  const groups = new Map<string, { value: T; designs: number[] }>();
  values.forEach((value, i) => {
    const key = keyOf(value);
    if (key === undefined) return;
    const group = groups.get(key);
    if (group) group.designs.push(i + 1);
    else groups.set(key, { value, designs: [i + 1] });
  });
  return [...groups.values()];
}

/**
 * A grid connection, kW (`hub.gridKw`; its largest value where the limit varies by hour), and the
 * designs (by number, ascending) that have it.
 */
export interface DesignConnection {
  readonly kw: number;
  readonly designs: readonly number[];
}

/**
 * The designs' grid connections as run.json records them: design i + 1's is `kws[i]`; one entry per
 * connection, in the order of its first design. A design with no limit (Infinity) is in none.
 */
export function designConnections(kws: readonly number[]): DesignConnection[] {
  return groupDesigns(kws, (kw) => (Number.isFinite(kw) ? String(kw) : undefined)).map(({ value: kw, designs }) => ({ kw, designs }));
}

/** What a sweep slice records beside its results so that `merge` can check and join the slices. */
export interface SweepManifest {
  readonly kind: 'sweep';
  readonly scenario: string;
  /** Fingerprint of the slice's run.json: slices of one sweep have identical run.json files. */
  readonly sweepHash: string;
  readonly seed: number;
  readonly replications: number;
  readonly designs: number;
  /** designs × replications: the flat list the slices cut, design-major. */
  readonly tasks: number;
  readonly shard: string;
  readonly first: number;
  readonly last: number;
  /**
   * The hubsim version that ran the slice: slices of different versions may simulate differently,
   * and merge joins only slices of one. (Absent in slices of versions before it was recorded.)
   */
  readonly hubsim?: string;
  /** The size and SHA-256 of its replications.csv, as in `ShardManifest` (absent in slices of earlier builds). */
  readonly files?: Readonly<Record<string, FileDigest>>;
  /** The build that ran the slice (version.ts `buildFingerprint`), absent as in `ShardManifest`. */
  readonly build?: string;
}

/** The folder of a sweep's results under --out. */
export const sweepFolder = (scenario: string) => `sweep-${scenario}`;

/** A value as people (and CSV cells) read it: strings bare, everything else as JSON. */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * A value as `--set` and `--vary` read it back (args.ts `parseValues`): JSON, but a word that is no
 * JSON alone (`equal`) bare. A text that reads as JSON (`"7"`, `"null"`) or holds a comma is quoted.
 */
export function valueText(v: unknown): string {
  return typeof v === 'string' && /^[A-Za-z_][\w-]*$/.test(v) && !['true', 'false', 'null'].includes(v) ? v : JSON.stringify(v);
}

/** Every combination of the parameters' values; the first parameter varies slowest. */
export function crossProduct(params: readonly Swept[]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const p of params) out = out.flatMap((prefix) => p.values.map((v) => [...prefix, v]));
  return out;
}

/** The first field under `keys` (a JSON path) where `a` and `b` differ, or undefined. */
function firstDifference(a: unknown, b: unknown, keys?: readonly string[]): string | undefined {
  for (const at of differences(a, b, keys)) return at;
  return undefined;
}

/** Every field under `keys` (a JSON path) where `a` and `b` differ, in the order of their fields. */
export function* differences(a: unknown, b: unknown, keys?: readonly string[], path = ''): Generator<string> {
  if (Object.is(a, b)) return;
  const obj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object';
  if (!obj(a) || !obj(b) || Array.isArray(a) !== Array.isArray(b)) {
    yield path || '(the whole)';
    return;
  }
  const names = keys ?? [...new Set([...Object.keys(a), ...Object.keys(b)])];
  // Arrays of different lengths differ at the first index only one of them has, among the keys.
  for (const k of names) yield* differences(a[k], b[k], undefined, Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
}

/** The steps of `path` (as `differences` names it: `a.b[2].c`). */
function stepsOf(path: string): string[] {
  return path.match(/[^.[\]]+/g) ?? [];
}

/** A copy of `x` with the value at `path` (as `differences` names it) set to `value`, or taken away where undefined. */
export function withValueAt(x: unknown, path: string, value: unknown): unknown {
  const out = structuredClone(x);
  const steps = stepsOf(path);
  let at = out as Record<string, unknown>;
  for (const step of steps.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return out;
    at = at[step] as Record<string, unknown>;
  }
  if (at === null || typeof at !== 'object') return out;
  const last = steps[steps.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = structuredClone(value);
  return out;
}

/** The value at `path` (as firstDifference names it: `a.b[2].c`) in `x`, or undefined. */
export function valueAt(x: unknown, path: string): unknown {
  let at = x;
  for (const step of stepsOf(path)) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[step] : undefined;
  return at;
}

/** `path` with its values in `there` and `here`: `hub.gridKw (2500 there, 1234 here)`. */
export function differenceText(there: unknown, here: unknown, path: string): string {
  const value = (x: unknown) => (valueAt(x, path) === undefined ? 'nothing' : show(valueAt(x, path)));
  return `${path} (${value(there)} there, ${value(here)} here)`;
}

/** run.json's text for a sweep: the definition, in a fixed field order. */
function sweepRunJson(d: SweepDefinition): string {
  return runJsonText({
    command: 'sweep',
    hubsim: d.hubsim,
    scenario: d.scenario,
    scenarioHash: d.scenarioHash,
    seed: d.seed,
    replications: d.replications,
    parameters: d.parameters.map((p) => ({ path: p.path, values: p.values })),
    designs: d.designs,
    ...(d.horizons ? { horizons: d.horizons.map((h) => ({ days: h.days, warmupDays: h.warmupDays, designs: h.designs })) } : {}),
    ...(d.connections ? { connections: d.connections.map((c) => ({ kw: c.kw, designs: c.designs })) } : {}),
  });
}

/**
 * JSON text for a run.json: indented like JSON.stringify(v, null, 2), except that a list or object
 * holding only plain values stays on one line, so that a long range of values reads as one line.
 */
export function runJsonText(v: unknown): string {
  const flat = (x: unknown) => x === null || typeof x !== 'object';
  const render = (x: unknown, indent: string): string => {
    if (flat(x)) return JSON.stringify(x);
    const inner = `${indent}  `;
    if (Array.isArray(x)) {
      if (x.every(flat)) return JSON.stringify(x);
      return `[\n${x.map((e) => inner + render(e, inner)).join(',\n')}\n${indent}]`;
    }
    const entries = Object.entries(x as Record<string, unknown>).filter(([, e]) => e !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, e]) => `${inner}${JSON.stringify(k)}: ${render(e, inner)}`).join(',\n')}\n${indent}}`;
  };
  return `${render(v, '')}\n`;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The fingerprint a slice of the sweep `def` records in its manifest (`sweepHash`). */
export const sweepHashOf = (def: SweepDefinition): string => hash(sweepRunJson(def));

/** designs.csv: `design`, then one column per parameter. */
export function designsCsv(params: readonly Swept[], designs: readonly { readonly index: number; readonly values: readonly unknown[] }[]): string {
  return csvText(['design', ...params.map((p) => p.path)], designs.map((d) => [String(d.index), ...d.values.map(showValue)]));
}

/** The columns of a sweep's or sizing's replications.csv. */
const DESIGN_REPLICATION_COLUMNS = ['design', 'replication', 'seed', ...METRIC_NAMES] as const;

/**
 * Writes replications.csv: one row per design × replication, in the order given; metrics in full
 * precision. Row by row to the file, as sweep.csv is: not held as one text with every cell, which
 * for 10,000 designs was tens of MB at once.
 */
export function writeDesignReplications(path: string, rows: Iterable<DesignRow>): void {
  const out = new CsvFileWriter(path, DESIGN_REPLICATION_COLUMNS);
  try {
    for (const r of rows) out.row([String(r.design), String(r.replication), String(r.seed), ...METRIC_NAMES.map((m) => exact(r.metrics[m]))]);
  } finally {
    out.close();
  }
}

/**
 * Writes sweep.csv: one row per design × metric with the metric's mean, sd and t-based 95 % interval
 * over the design's replications. Row by row to the file: held as text, the 430,000 rows of 10,000
 * designs took some 300 MB at once.
 */
function writeSweepCsv(path: string, params: readonly Swept[], combos: readonly (readonly unknown[])[], rows: readonly DesignRow[]): void {
  const byDesign = new Map<number, DesignRow[]>();
  for (const r of rows) {
    const list = byDesign.get(r.design) ?? [];
    list.push(r);
    byDesign.set(r.design, list);
  }
  const out = new CsvFileWriter(path, ['design', ...params.map((p) => p.path), 'metric', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n']);
  try {
    combos.forEach((values, i) => {
      const mine = byDesign.get(i + 1) ?? [];
      const shown = values.map(showValue);
      for (const m of METRIC_NAMES) {
        const s = summarise(mine.map((r) => r.metrics[m]));
        out.row([String(i + 1), ...shown, m, exact(s.mean), exact(s.sd), exact(s.ci95Low), exact(s.ci95High), String(s.n)]);
      }
    });
  } finally {
    out.close();
  }
}

/**
 * Writes a sweep's folder `dir`: designs.csv, replications.csv and run.json; then sweep.csv for a
 * whole sweep, or shard.json for a slice (whose partial summaries would mislead).
 */
export function writeSweep(dir: string, def: SweepDefinition, rows: readonly DesignRow[], shard?: { k: number; n: number }): void {
  // Not recursively: a staging folder moved away with --out mid-run is not made again where it was.
  mkdirSync(dir);
  const combos = crossProduct(def.parameters);
  const runJson = sweepRunJson(def);
  writeFileSync(join(dir, 'designs.csv'), designsCsv(def.parameters, combos.map((values, i) => ({ index: i + 1, values }))));
  writeDesignReplications(join(dir, 'replications.csv'), rows);
  writeFileSync(join(dir, 'run.json'), runJson);
  if (!shard) {
    writeSweepCsv(join(dir, 'sweep.csv'), def.parameters, combos, rows);
    return;
  }
  const tasks = def.designs * def.replications;
  const manifest: SweepManifest = {
    kind: 'sweep',
    scenario: def.scenario,
    sweepHash: hash(runJson),
    seed: def.seed,
    replications: def.replications,
    designs: def.designs,
    tasks,
    shard: `${shard.k}/${shard.n}`,
    ...shardRange(tasks, shard.k, shard.n),
    hubsim: VERSION,
    build: buildFingerprint(),
    // Its run.json is fingerprinted already (sweepHash); designs.csv merge writes anew.
    files: { 'replications.csv': fileDigest(join(dir, 'replications.csv')) },
  };
  writeFileSync(join(dir, SHARD_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The files of a sweep's slice whose size and SHA-256 its shard.json records. */
const SWEEP_SLICE_FILES = ['replications.csv'] as const;

/** Records a problem unless a manifest's `build` is absent or a fingerprint (version.ts `buildFingerprint`). */
export function checkBuild(build: unknown, path: string, issues: InputIssue[]): void {
  if (build !== undefined && (typeof build !== 'string' || !/^[0-9a-f]{64}$/.test(build))) {
    issues.push({ path, expected: 'must be the SHA-256 (64 hex digits) of the hubsim bundle that ran the slice', found: show(build) });
  }
}

/**
 * The problem of a slice (manifest `file`) run by another build than the slice `ref`. Two builds of
 * one version (a moving image tag, a checkout at two commits, other dependencies installed) may
 * simulate differently, and joined they would make a result that no one run gives.
 */
export function otherBuild(file: string, build: string | undefined, ref: string, refBuild: string | undefined): InputIssue {
  const named = (b: string | undefined) => b ?? 'none: run from the modules, not the bundle, or by an earlier version';
  return {
    path: `${file}: build`,
    expected: `must be the same build of hubsim as ${ref} (${named(refBuild)}): run every slice from one installation or image (one digest, not a tag)`,
    found: named(build),
  };
}

/**
 * The problems of slices that should cover 1–`total` (their `first`–`last` ranges) once each: the
 * numbers no slice covers and those more than one does, as ranges, for `path`; `what` names the
 * numbers (a replication, a design × replication). A gap names the slices (`shard`, K/N) not given
 * when every slice given is one of the same N, and a number covered twice the folders that cover it:
 * of ten slices, which one was left out, or which folder was given twice, is what the user must find.
 */
export function coverageIssues(slices: readonly { readonly dir: string; readonly manifest: { readonly first: number; readonly last: number; readonly shard: string } }[], total: number, path: string, what: string): InputIssue[] {
  const covered = new Uint32Array(total + 1);
  for (const { manifest: r } of slices) for (let t = r.first; t <= r.last; t++) covered[t]++;
  const gaps: number[] = [];
  const twice: number[] = [];
  for (let t = 1; t <= total; t++) {
    if (covered[t] === 0) gaps.push(t);
    if (covered[t] > 1) twice.push(t);
  }
  const issues: InputIssue[] = [];
  // A slice cut with another N (a 2/3 among quarters) covers other numbers: the gaps and repeats
  // it makes say less than which slice it is.
  const cut = (shard: string) => shard.split('/')[1];
  const n = cut(usual(slices, (x) => cut(x.manifest.shard)).manifest.shard);
  const odd = slices.filter((x) => cut(x.manifest.shard) !== n);
  if (odd.length > 0) issues.push({ path, expected: `must be slices of one cut, each --shard K/${n} as most are`, found: listed(odd.map((x) => `${x.dir} (${x.manifest.shard})`)) });
  if (gaps.length > 0) issues.push({ path, expected: `must have every ${what} 1–${total}`, found: `missing ${spans(gaps)}${notGiven(slices, total, gaps)}` });
  if (twice.length > 0) {
    const first = twice[0];
    const folders = slices.filter(({ manifest: r }) => r.first <= first && first <= r.last).map((s) => s.dir);
    issues.push({ path, expected: `must have each ${what} once`, found: `repeated ${spans(twice)} (${first} in ${listed(folders)})` });
  }
  return issues;
}

/** The slices K/N that would hold the numbers `gaps`, as words after them, when every slice given is one of the same N; else ''. */
function notGiven(slices: readonly { readonly manifest: { readonly shard: string } }[], total: number, gaps: readonly number[]): string {
  const ns = new Set(slices.map((s) => s.manifest.shard.split('/')[1]));
  if (ns.size !== 1) return '';
  const n = Number([...ns][0]);
  if (!Number.isInteger(n) || n < 1) return '';
  const given = new Set(slices.map((s) => s.manifest.shard));
  const absent: number[] = [];
  for (let k = 1; k <= n; k++) {
    const { first, last } = shardRange(total, k, n);
    if (!given.has(`${k}/${n}`) && gaps.some((t) => first <= t && t <= last)) absent.push(k);
  }
  if (absent.length === 0) return '';
  // Runs of slices next to each other as ranges, and at most a few of those (999 slices named one
  // by one filled a screen).
  return absent.length === 1 ? `: slice ${absent[0]}/${n} not given` : `: slices ${spans(absent)} of ${n} not given`;
}

// ---------------------------------------------------------------------------------------------
// Merging sweep slices. Like the rest of `merge`, it trusts nothing it reads.

const RUN_JSON_MAX_BYTES = 16 << 20;
const whole = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= lo && v <= hi;

interface SweepSlice {
  readonly dir: string;
  readonly manifest: SweepManifest;
  readonly def: SweepDefinition;
  readonly runJson: string;
}

/** Whether the manifest `file` is a sweep slice's (so `merge` hands the folder to SweepMerge). */
function isSweepManifest(file: string): boolean {
  try {
    const m = JSON.parse(readBoundedText(file, 'shard manifest', MANIFEST_MAX_BYTES));
    return m !== null && typeof m === 'object' && m.kind === 'sweep';
  } catch {
    return false;
  }
}

/**
 * Words for a sweep definition (run.json's text) `here` that is not `there`: the first field that
 * differs, with both values; a scenarioHash alone differing is another scenario, or other rows of a
 * trace it reads, which run.json does not hold.
 */
function definitionDifference(there: string, here: string): string {
  let at: string | undefined;
  let x: unknown, y: unknown;
  try {
    [x, y] = [JSON.parse(there), JSON.parse(here)];
    at = firstDifference(x, y);
  } catch {
    at = undefined;
  }
  if (at === undefined) return 'a different definition';
  const why = at === 'scenarioHash' ? ': another scenario, or other rows in a trace it reads' : '';
  return `a different definition, first at ${differenceText(x, y, at)}${why}`;
}

/**
 * The sweep slices among `merge`'s inputs: `claim` each folder whose shard.json is a sweep's,
 * `prepare` checks them all and reads their tables (recording every problem), and `write` puts the
 * merged folders into the staging folder, byte-identical to an unsharded sweep.
 */
export class SweepMerge {
  private readonly slices = new Map<string, SweepSlice[]>();
  private merged: { name: string; def: SweepDefinition; runJson: string; rows: DesignRow[]; count: number }[] = [];
  // Sweeps (by scenario name) with a slice folder that could not be read: what it holds is not missing.
  private readonly unreadable = new Set<string>();

  /** Records that a slice folder of the sweep of scenario `name` was given but could not be read. */
  unread(name: string): void {
    this.unreadable.add(name);
  }

  /** Takes the folder `dir` (named `folder`) if its manifest is a sweep's; records its problems. */
  claim(dir: string, folder: string, manifestFile: string, issues: InputIssue[]): boolean {
    if (!isSweepManifest(manifestFile)) return false;
    const slice = readSlice(dir, folder, manifestFile, issues);
    if (slice) {
      const list = this.slices.get(slice.def.scenario) ?? [];
      list.push(slice);
      this.slices.set(slice.def.scenario, list);
    }
    return true;
  }

  /** Checks that each sweep's slices belong together and cover it once, and reads their rows. */
  prepare(issues: InputIssue[]): void {
    for (const [name, slices] of this.slices) {
      const before = issues.length;
      // Told against the slice whose definition most share, so that one slice run otherwise is the one named.
      const ref = usual(slices, ({ manifest: m }) => JSON.stringify([m.hubsim, m.build, m.sweepHash]));
      for (const s of slices) {
        // The version and build first: another build may fingerprint the same sweep otherwise.
        if (s.manifest.hubsim !== ref.manifest.hubsim) {
          issues.push({
            path: `${join(s.dir, SHARD_FILE)}: hubsim`,
            expected: `must be the same hubsim version as ${join(ref.dir, SHARD_FILE)} (${show(ref.manifest.hubsim)}): run every slice with one version`,
            found: show(s.manifest.hubsim),
          });
        } else if (s.manifest.build !== ref.manifest.build) {
          issues.push(otherBuild(join(s.dir, SHARD_FILE), s.manifest.build, join(ref.dir, SHARD_FILE), ref.manifest.build));
        } else if (s.manifest.sweepHash !== ref.manifest.sweepHash) {
          // Other windows come with another scenario fingerprint too, but say more plainly what differs.
          const windows = s.def.horizons && ref.def.horizons && JSON.stringify(s.def.horizons) !== JSON.stringify(ref.def.horizons);
          issues.push({
            path: join(s.dir, 'run.json'),
            expected: `must define the same sweep as ${join(ref.dir, 'run.json')} (the same scenario, with the same rows in each trace it reads, seed, replications and values)`,
            found: windows ? `a different definition, with other horizons: [${horizonsText(s.def.horizons!)}] here, [${horizonsText(ref.def.horizons!)}] there, so that their statistics cover other windows` : definitionDifference(ref.runJson, s.runJson),
          });
        }
      }
      if (issues.length > before || this.unreadable.has(name)) continue;
      issues.push(...coverageIssues(slices, ref.manifest.tasks, sweepFolder(name), 'design × replication'));
      if (issues.length > before) continue;
      slices.sort((x, y) => x.manifest.first - y.manifest.first);
      const rows = slices.flatMap((s) => readSliceRows(s, issues));
      this.merged.push({ name, def: ref.def, runJson: ref.runJson, rows, count: slices.length });
    }
  }

  /** Writes each merged sweep into `stage`. */
  write(stage: string): void {
    for (const m of this.merged) writeSweep(join(stage, sweepFolder(m.name)), m.def, m.rows);
  }

  /** The folder of each merged sweep, relative to the output root. */
  folders(): string[] {
    return this.merged.map((m) => sweepFolder(m.name));
  }

  /** One line per merged sweep, for the terminal. */
  lines(out: string): string[] {
    return this.merged.map((m) => `${sweepFolder(m.name)}: merged ${counted(m.count, 'slice')}, ${counted(m.def.designs, 'design')} × ${counted(m.def.replications, 'replication')} → ${shownPath(`${join(out, sweepFolder(m.name))}/`)}`);
  }
}

/** A sweep's windows in a message: `designs 1–3: horizon.days 14, horizon.warmupDays 0; …`. */
function horizonsText(horizons: readonly DesignHorizon[]): string {
  return horizons.map((h) => `${h.designs.length === 1 ? 'design' : 'designs'} ${spans(h.designs as number[], 3)}: horizon.days ${h.days}, horizon.warmupDays ${h.warmupDays}`).join('; ');
}

/** Reads and checks a sweep slice's shard.json and run.json; undefined (problems recorded) when unusable. */
function readSlice(dir: string, folder: string, manifestFile: string, issues: InputIssue[]): SweepSlice | undefined {
  const before = issues.length;
  const m = readJsonObject(manifestFile, 'shard manifest', MANIFEST_MAX_BYTES, issues);
  const runFile = join(dir, 'run.json');
  let runJson: string | undefined;
  try {
    runJson = readBoundedText(runFile, 'sweep definition (run.json)', RUN_JSON_MAX_BYTES);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    issues.push(...err.issues);
  }
  if (!m || runJson === undefined) return undefined;
  // A fingerprint that is one, but not run.json's: one of the two files changed since the slice
  // wrote them, and which is not known, so neither is to be mended to the other.
  const fingerprint = m.sweepHash;
  if (typeof fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(fingerprint)) issues.push({ path: `${manifestFile}: sweepHash`, expected: "must be 16 hex digits, run.json's fingerprint", found: show(fingerprint) });
  else if (fingerprint !== hash(runJson)) {
    issues.push({
      path: `${manifestFile}: sweepHash`,
      expected: `must be the fingerprint of run.json beside it, as the slice wrote both: one of the two was changed since (merge joins only a sweep's slices as they were written; run that slice again)`,
      found: `${show(fingerprint)}, where run.json's is ${show(hash(runJson))}`,
    });
    return undefined;
  }
  const def = checkDefinition(runFile, runJson, folder, issues);
  if (!def) return undefined;
  const at = (field: string) => `${manifestFile}: ${field}`;
  const tasks = def.designs * def.replications;
  const expect = (field: string, want: unknown) => {
    if (m[field] !== want) issues.push({ path: at(field), expected: `must be ${JSON.stringify(want)}, as run.json says`, found: show(m[field]) });
  };
  expect('scenario', def.scenario);
  expect('seed', def.seed);
  expect('replications', def.replications);
  expect('designs', def.designs);
  expect('tasks', tasks);
  const k = /^(\d+)\/(\d+)$/.exec(typeof m.shard === 'string' ? m.shard : '');
  if (!k || Number(k[1]) < 1 || Number(k[1]) > Number(k[2]) || Number(k[2]) > MAX_REPLICATIONS) {
    issues.push({ path: at('shard'), expected: `must be K/N with 1 <= K <= N <= ${MAX_REPLICATIONS}`, found: show(m.shard) });
  } else {
    const range = shardRange(tasks, Number(k[1]), Number(k[2]));
    expect('first', range.first);
    expect('last', range.last);
  }
  if (m.hubsim !== undefined && typeof m.hubsim !== 'string') issues.push({ path: at('hubsim'), expected: 'must be the version of hubsim that ran the slice', found: show(m.hubsim) });
  checkBuild(m.build, at('build'), issues);
  checkFileRecord(m.files, m.build, SWEEP_SLICE_FILES, at('files'), issues);
  if (issues.length > before) return undefined;
  return { dir, manifest: m as unknown as SweepManifest, def, runJson };
}

function readJsonObject(file: string, what: string, limit: number, issues: InputIssue[]): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(readBoundedText(file, what, limit));
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    issues.push({ path: file, expected: `must be a JSON object (a ${what} written by hubsim sweep)`, found: show(v) });
  } catch (err) {
    if (err instanceof InputError) issues.push(...err.issues);
    else issues.push({ path: file, expected: `must be JSON (a ${what} written by hubsim sweep)`, found: notJsonWords(err) });
  }
  return undefined;
}

/** Checks a slice's run.json field by field, and that it is exactly as `sweep` writes it. */
function checkDefinition(file: string, text: string, folder: string, issues: InputIssue[]): SweepDefinition | undefined {
  const expected = 'must be a JSON object written by hubsim sweep';
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    issues.push({ path: file, expected, found: notJsonWords(err) });
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    issues.push({ path: file, expected, found: show(v) });
    return undefined;
  }
  const d = v as Record<string, unknown>;
  const before = issues.length;
  const at = (field: string) => `${file}: ${field}`;
  if (d.command !== 'sweep') issues.push({ path: at('command'), expected: 'must be "sweep"', found: show(d.command) });
  if (typeof d.scenario !== 'string' || !SCENARIO_NAME.test(d.scenario)) issues.push({ path: at('scenario'), expected: 'must be a scenario name (lowercase letters, digits and hyphens)', found: show(d.scenario) });
  else if (sweepFolder(d.scenario) !== folder) issues.push({ path: at('scenario'), expected: `must be the one its folder is named for: a sweep of ${JSON.stringify(d.scenario)} is in ${sweepFolder(d.scenario)}, not ${folder}`, found: show(d.scenario) });
  if (typeof d.scenarioHash !== 'string' || !/^[0-9a-f]{16}$/.test(d.scenarioHash)) issues.push({ path: at('scenarioHash'), expected: 'must be 16 hex digits', found: show(d.scenarioHash) });
  if (!whole(d.seed, 0, Number.MAX_SAFE_INTEGER)) issues.push({ path: at('seed'), expected: 'must be a whole number >= 0', found: show(d.seed) });
  if (!whole(d.replications, 1, MAX_REPLICATIONS)) issues.push({ path: at('replications'), expected: `must be a whole number from 1 to ${MAX_REPLICATIONS}`, found: show(d.replications) });
  const params = Array.isArray(d.parameters) ? d.parameters : [];
  if (params.length === 0) issues.push({ path: at('parameters'), expected: 'must be a non-empty list of {path, values}', found: show(d.parameters) });
  let designs = 1;
  params.forEach((p: unknown, i) => {
    const where = at(`parameters[${i}]`);
    const q = p as Record<string, unknown> | null;
    let ok = typeof q?.path === 'string';
    if (ok) {
      try {
        ok = formatPath(parsePath(q!.path as string)) === q!.path;
      } catch {
        ok = false;
      }
    }
    if (!ok) issues.push({ path: `${where}.path`, expected: 'must be a path into the scenario in canonical form', found: show(q?.path) });
    if (!Array.isArray(q?.values) || q!.values.length === 0) issues.push({ path: `${where}.values`, expected: 'must be a non-empty list', found: show(q?.values) });
    else {
      designs *= q!.values.length;
      // As `sweep` refuses them (designs.ts checkPaths): merge writes the values into its CSVs too,
      // and a slice of an earlier version, or one written by hand, may hold one.
      const j = q!.values.findIndex((v) => typeof v === 'string' && FORMULA_START.test(v));
      if (j >= 0) issues.push({ path: `${where}.values[${j}]`, expected: FORMULA_TEXT, found: show(q!.values[j]) });
    }
  });
  if (issues.length > before) return undefined;
  if (d.designs !== designs || designs > MAX_DESIGNS) issues.push({ path: at('designs'), expected: `must be the number of combinations of the values (${designs}), at most ${MAX_DESIGNS}`, found: show(d.designs) });
  if (issues.length > before) return undefined;
  // (None in a slice of an earlier version: merged as it is, as a run's slice without its horizon.)
  const horizons = d.horizons === undefined ? undefined : checkHorizons(d.horizons, designs, at('horizons'), issues);
  if (d.horizons !== undefined && !horizons) return undefined;
  const connections = d.connections === undefined ? undefined : checkConnections(d.connections, designs, at('connections'), issues);
  if (d.connections !== undefined && !connections) return undefined;
  if (d.hubsim !== undefined && typeof d.hubsim !== 'string') issues.push({ path: at('hubsim'), expected: 'must be a version, as text', found: show(d.hubsim) });
  if (issues.length > before) return undefined;
  const def: SweepDefinition = {
    ...(typeof d.hubsim === 'string' ? { hubsim: d.hubsim } : {}),
    scenario: d.scenario as string,
    scenarioHash: d.scenarioHash as string,
    seed: d.seed as number,
    replications: d.replications as number,
    parameters: (params as { path: string; values: unknown[] }[]).map((p) => ({ path: p.path, values: p.values })),
    designs,
    ...(horizons ? { horizons } : {}),
    ...(connections ? { connections } : {}),
  };
  if (sweepRunJson(def) !== text) {
    issues.push({ path: file, expected: 'must be exactly as hubsim sweep writes it (no other fields, same layout)', found: 'a modified file' });
    return undefined;
  }
  return def;
}

/**
 * A slice's `horizons`, checked: a window (days in (0, 36500], a warm-up in [0, days)) for each of
 * the `designs` designs, each design once. Whether they are grouped as `designHorizons` groups them
 * is left to the comparison of the whole text. Undefined, with the problem recorded, otherwise.
 */
function checkHorizons(v: unknown, designs: number, path: string, issues: InputIssue[]): DesignHorizon[] | undefined {
  const expected = `must list each design's window once, as {days, warmupDays, designs} (designs 1–${designs})`;
  const seen = new Set<number>();
  const ok =
    Array.isArray(v) &&
    v.every((h: Record<string, unknown> | null) => {
      if (h === null || typeof h !== 'object' || Array.isArray(h) || Object.keys(h).join() !== 'days,warmupDays,designs') return false;
      const { days, warmupDays, designs: mine } = h;
      if (typeof days !== 'number' || !(days > 0 && days <= 36500) || typeof warmupDays !== 'number' || !(warmupDays >= 0 && warmupDays < days)) return false;
      if (!Array.isArray(mine) || mine.length === 0) return false;
      return mine.every((x) => whole(x, 1, designs) && !seen.has(x) && seen.add(x));
    }) &&
    seen.size === designs;
  if (!ok) {
    issues.push({ path, expected, found: show(v) });
    return undefined;
  }
  return v as DesignHorizon[];
}

/**
 * A slice's `connections`, checked: a connection (kW, a number above 0) for designs among the
 * `designs`, each design once at most (a design with no limit has none). Whether they are grouped
 * as `designConnections` groups them is left to the comparison of the whole text. Undefined, with
 * the problem recorded, otherwise.
 */
function checkConnections(v: unknown, designs: number, path: string, issues: InputIssue[]): DesignConnection[] | undefined {
  const seen = new Set<number>();
  const ok =
    Array.isArray(v) &&
    v.every((c: Record<string, unknown> | null) => {
      if (c === null || typeof c !== 'object' || Array.isArray(c) || Object.keys(c).join() !== 'kw,designs') return false;
      const { kw, designs: mine } = c;
      if (typeof kw !== 'number' || !(kw > 0 && Number.isFinite(kw)) || !Array.isArray(mine) || mine.length === 0) return false;
      return mine.every((x) => whole(x, 1, designs) && !seen.has(x) && seen.add(x));
    });
  if (!ok) {
    issues.push({ path, expected: `must list the designs' grid connections, each design once at most, as {kw, designs} (designs 1–${designs})`, found: show(v) });
    return undefined;
  }
  return v as DesignConnection[];
}

/** Reads a slice's replications.csv, checking each row against the slice's manifest. */
function readSliceRows(s: SweepSlice, issues: InputIssue[]): DesignRow[] {
  const m = s.manifest;
  const share = { first: m.first, last: m.last, seed: m.seed, unit: ['design × replication', 'design × replication'] } as const;
  return readShareRows(
    join(s.dir, 'replications.csv'),
    DESIGN_REPLICATION_COLUMNS,
    recordedDigest(m.files, 'replications.csv', join(s.dir, SHARD_FILE), issues),
    share,
    issues,
    ([design, rep], bad) => {
      const d = /^\d+$/.test(design) ? Number(design) : NaN;
      const r = /^\d+$/.test(rep) ? Number(rep) : NaN;
      if (!(d >= 1 && d <= m.designs && r >= 1 && r <= m.replications)) {
        bad(`must be a design from 1 to ${m.designs} and a replication from 1 to ${m.replications}`, `${design},${rep}`);
        return undefined;
      }
      const task = (d - 1) * m.replications + r;
      if (task >= m.first && task <= m.last) return { task, replication: r, label: `design ${d}, replication ${r}` };
      bad(`must be in the slice's share of the sweep (design × replication ${m.first}–${m.last}, as shard.json says)`, `design ${d}, replication ${r}`);
      return undefined;
    },
    (at, seed, metrics) => ({ design: (at.task - at.replication) / m.replications + 1, replication: at.replication, seed, metrics }),
  );
}
