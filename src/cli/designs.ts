import { readBoundedBytes } from '../bounded-read.js';
import { withDefaultSignals } from './interrupt.js';
import { InputError, show, shownPath, type InputIssue } from '../errors.js';
import { formatPath, getAt, parsePath, pathProblem, setAt, type PathStep } from '../scenario/paths.js';
import { parseJson, underflowIssues } from '../scenario/json.js';
import { completeScenario, readScenarioFile, utf8Text, type ReadBefore } from '../scenario/load.js';
import { scenarioNotes } from '../scenario/notes.js';
import { schemaIssues } from '../scenario/schema.js';
import type { Scenario } from '../scenario/types.js';
import { allFinite, checkNotNested, dashedRangeHint, MAX_DESIGNS, sortedJson, TOO_SMALL, type Parameter } from './args.js';
import { readingTraces } from './progress.js';
import { showValue, type DesignHorizon } from './sweepfiles.js';
import { isTotal } from '../report/metrics.js';
import { counted, firstFew, spans, totalsOver, windowLength, windowsTold, windowText } from '../words.js';
import { FORMULA_START, FORMULA_TEXT } from '../output/csv.js';

// Designs of a sweep or a sizing: a scenario file with values set at paths into its JSON, each
// validated as a whole scenario before anything runs.

/** A scenario file as written (its parsed JSON) and as validated. */
export interface Base {
  readonly file: string;
  readonly raw: unknown;
  readonly scenario: Scenario;
}

/** One design: the values of the parameters (in their order) and the scenario they make. */
export interface Design {
  /** 1-based, in the order the designs are listed (or, for sizing, evaluated). */
  readonly index: number;
  readonly values: readonly unknown[];
  readonly scenario: Scenario;
}

/**
 * Loads and validates a scenario file, keeping its JSON as written for designs to modify.
 * @throws InputError for every problem of the file itself.
 */
export async function loadBase(file: string): Promise<Base> {
  return { file, ...(await readingTraces((onTrace) => readScenarioFile(file, onTrace))) };
}

/** `design 3 (hub.chargers[0].cabinets = 7, hub.gridKw = 2000)`: how problems name a design. */
export function designLabel(d: { readonly index: number; readonly values: readonly unknown[] }, params: readonly Parameter[]): string {
  return `design ${d.index} (${describeValues(params, d.values)})`;
}

/** Designs a note names one by one; it counts the rest. */
const NAMED_IN_NOTE = 3;

/**
 * The `note:` lines of the designs' scenarios (see scenarioNotes), each once: a note the base
 * scenario has too (`base`) that every design has is named by its file, as `run` names it; one every
 * design has that the file has not comes of the swept values (a battery every design sets), and is
 * said of every design; any other names the designs it holds for (a sweep of a truck type's share
 * down to 0 leaves its bays unused in those designs).
 */
export function designNotes(file: string, base: Scenario, designs: readonly Design[], params: readonly Parameter[]): string[] {
  const own = new Set(scenarioNotes(base));
  const holders = new Map<string, Design[]>();
  for (const d of designs) {
    for (const note of scenarioNotes(d.scenario)) {
      const list = holders.get(note);
      if (list) list.push(d);
      else holders.set(note, [d]);
    }
  }
  return [...holders].map(([note, ds]) => {
    if (ds.length === designs.length) return own.has(note) ? `note: ${shownPath(file)}: ${note}` : `note: every design: ${note}`;
    return `note: ${firstFew(ds, NAMED_IN_NOTE, (d) => designLabel(d, params))}: ${note}`;
  });
}

/**
 * The line a sweep or sizing prints under its table when it shows totals (`metrics` that add up
 * over the statistics window: battery cycles, money), saying what they are totals over: the one
 * window of every design, or each window with its designs; undefined when it shows none.
 */
export function totalsLine(metrics: readonly string[], horizons: readonly DesignHorizon[]): string | undefined {
  const totals = metrics.filter(isTotal);
  if (totals.length === 0) return undefined;
  if (horizons.length === 1) return totalsOver(totals, `over each design's ${windowText(horizons[0])}`, windowLength(horizons[0]));
  const { texts, lengths } = windowsTold(horizons);
  const each = horizons.map((h, i) => `${texts[i]} for ${h.designs.length === 1 ? 'design' : 'designs'} ${spans(h.designs, Infinity)}`);
  return `${totalsOver(totals, "over each design's statistics window", lengths)}: ${each.join('; ')}`;
}

/** `hub.chargers[0].cabinets = 7, hub.gridKw = 2000`. */
function describeValues(params: readonly Parameter[], values: readonly unknown[]): string {
  return params.map((p, i) => `${p.path} = ${labelValue(values[i])}`).join(', ');
}

/**
 * A design's value as its label shows it: a text bare (`hub.allocation = equal`), unless it reads as
 * another JSON value, then quoted: the text "45" beside the number 45 was labelled 45 too, in the
 * message that refused it for being text.
 */
function labelValue(v: unknown): string {
  if (typeof v !== 'string') return showValue(v);
  try {
    JSON.parse(v);
    return JSON.stringify(v);
  } catch {
    return v;
  }
}

/**
 * For a path through an object the scenario leaves out but the format knows (a battery's capacity
 * on a hub without one), how to set it: the whole object, as one JSON value. Empty otherwise.
 */
function wholeObjectHint(raw: unknown, steps: readonly PathStep[], option: string, file?: string): string {
  let i = 0;
  while (i < steps.length - 1 && getAt(raw, steps.slice(0, i + 1)) !== undefined) i++;
  const prefix = steps.slice(0, i + 1);
  if (i === steps.length - 1 || typeof prefix[i] !== 'string') return '';
  const whole = formatPath(prefix);
  const unknown = schemaIssues(setAt(raw, prefix, {})).some((issue) => issue.path === whole && issue.expected.startsWith('is not a known field'));
  const next = steps[i + 1];
  const shape = typeof next === 'number' ? '[…]' : `{"${next}":…}`;
  if (unknown) return '';
  return file === undefined ? ` (to give it one, set the whole of ${whole} as JSON: ${option} '${whole}=${shape}')` : ` (to give it one, list values of the whole of ${whole} in ${file}: "${whole}": [${shape}])`;
}

/**
 * Checks that every parameter's path can be set in the scenario: it leads through existing fields
 * and list items to a field that exists or that the format knows.
 * @throws InputError naming `option` and each bad path with the reason.
 */
export function checkPaths(base: Base, params: readonly Parameter[], option: string): void {
  const issues: InputIssue[] = [];
  for (const p of params) {
    // A sweep file's parameter is named as the file names its own problems.
    const where = p.file === undefined ? `${option} ${p.path}` : `--sweep ${p.file}: ${p.path}`;
    const problem = pathProblem(base.raw, p.steps);
    if (problem !== undefined) {
      issues.push({ path: where, expected: `must be a path into ${base.file}: ${problem}${wholeObjectHint(base.raw, p.steps, option, p.file)}` });
      continue;
    }
    // null leaves a field out; a list's item is none, and written as null it failed each design as
    // an item of null. Leaving it out would renumber the items after it, which other paths name.
    if (typeof p.steps[p.steps.length - 1] === 'number' && p.values.includes(null)) {
      issues.push({ path: where, expected: `must not be null: null leaves a field out, and an item of a list is none (the items after it would take its number); to compare the hub with and without it, give a scenario file without it to hubsim compare`, found: 'null' });
      continue;
    }
    // `2000-3000` for a number (`2-6` for a whole number: cabinets) is a range written as one: the
    // design would only be told it is no number.
    const dashed = p.values.find((v) => dashedRangeHint(v) !== undefined) as string | undefined;
    if (dashed !== undefined && schemaIssues(setAt(base.raw, p.steps, dashed)).some((i) => i.path === p.path && /^must be a (whole )?number/.test(i.expected))) {
      issues.push({ path: where, expected: dashedRangeHint(dashed, p.file !== undefined)!, found: show(dashed) });
      continue;
    }
    // A text value is written as it is into designs.csv (and sweep.csv or size.csv), where a
    // spreadsheet would run one that starts as a formula does (`=HYPERLINK(…)`).
    const formula = p.values.find((v) => typeof v === 'string' && FORMULA_START.test(v));
    if (formula !== undefined) {
      issues.push({ path: where, expected: FORMULA_TEXT, found: show(formula) });
      continue;
    }
    if (getAt(base.raw, p.steps) !== undefined) continue;
    // A field the scenario leaves out: fine if the format knows it (hub.gridKw), a mistake if not.
    // (Set to a value, not left out by a null: a path the format does not know is told so either way.)
    const unknown = schemaIssues(setAt(base.raw, p.steps, p.values.find((v) => v !== null) ?? 0)).find((i) => i.path === p.path && i.expected.startsWith('is not a known field'));
    if (unknown) issues.push({ path: where, expected: `must be a path into ${base.file}: no such field in the scenario format${unknown.expected.slice('is not a known field'.length)}` });
  }
  if (issues.length > 0) throw new InputError(issues);
}

/**
 * The scenario of one design: the base with each parameter's value set, validated as a whole.
 * A trace that one of `read` has read already serves as it is. Returns the scenario, or the
 * problems found.
 */
async function designScenario(base: Base, params: readonly Parameter[], values: readonly unknown[], read: readonly ReadBefore[]): Promise<Scenario | InputIssue[]> {
  let raw = base.raw;
  params.forEach((p, i) => (raw = setAt(raw, p.steps, values[i])));
  // A design may name a trace of its own (a sweep of arrivals.trace), read as the base's is.
  try {
    return await readingTraces((onTrace) => completeScenario(raw, base.file, read, onTrace));
  } catch (err) {
    if (err instanceof InputError) return [...err.issues];
    throw err;
  }
}

/**
 * `design` with every part equal to the same part of `base` taken from `base`: a design differs
 * from the base scenario in the few values swept, and a full copy of the rest for each design
 * (some 8 kB: its fleet, curves and profiles) came to some 80 MB for 10,000 designs. Equal means
 * the same value at every path (numbers as Object.is tells them, so -0 stays -0 and NaN equals
 * NaN); anything but a plain object or list (trace columns, say) only when it is the same object.
 * The parts made anew are frozen, as the scenario's are; neither scenario is changed.
 */
export function sharedWith<T>(base: T, design: T): T {
  return share(base, design) as T;
}

function share(a: unknown, b: unknown): unknown {
  if (Object.is(a, b) || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return b;
  const arrays = Array.isArray(a);
  if (arrays !== Array.isArray(b) || (!arrays && (!plain(a) || !plain(b)))) return b;
  if (arrays) return shareList(a as unknown[], b as unknown[]);
  const keys = Object.keys(b);
  const aKeys = Object.keys(a);
  let same = keys.length === aKeys.length && keys.every((k, i) => k === aKeys[i]);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const from = (b as Record<string, unknown>)[k];
    const v = Object.hasOwn(a, k) ? share((a as Record<string, unknown>)[k], from) : from;
    if (!Object.is(v, (a as Record<string, unknown>)[k])) {
      // An object holding other data than the base's (trace columns) is kept as it is: its identity
      // is what designs reading one trace share, and what the trace's fingerprint is cached by.
      if (ArrayBuffer.isView(v)) return b;
      same = false;
    }
    out[k] = v;
  }
  return same ? a : Object.freeze(out);
}

/**
 * `share` for two lists, by index: a scenario's lists (an empirical distribution's 50,000 values)
 * walked by their keys as strings took a third of a second a design, longer than the design's run.
 * (Lists read from JSON have no holes and no other keys.)
 */
function shareList(a: readonly unknown[], b: readonly unknown[]): unknown {
  // Most of a design's lists are the base's, item for item: found so without building a copy.
  if (a.length === b.length) {
    let i = 0;
    for (; i < b.length; i++) {
      const x = a[i];
      const y = b[i];
      if (!Object.is(x, y) && (typeof x !== 'object' || typeof y !== 'object' || share(x, y) !== x)) break;
    }
    if (i === b.length) return a;
  }
  // Not the base's: a list of its own, each item shared where it can be. Filled in order from empty,
  // so that V8 keeps it packed (one of a given length has holes until filled, and stays marked so,
  // which slows every read of it in the simulation's loops).
  const out: unknown[] = [];
  for (let i = 0; i < b.length; i++) {
    const v = i < a.length ? share(a[i], b[i]) : b[i];
    if (ArrayBuffer.isView(v) && v !== a[i]) return b; // (as in `share`)
    out.push(v);
  }
  return Object.freeze(out);
}

/** Whether `v` is an object made by a literal (or JSON.parse): its prototype Object's, or none. */
function plain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A product of counts, whole as far as a double holds it exactly, else to three figures: `1.00e+32`, not `9.999999999999999e+31`. */
function shownCount(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : n.toPrecision(3);
}

/**
 * Checks that the parameters define at most MAX_DESIGNS designs (before any is built); `why` is
 * added to the message (size's search runs only some designs, but builds and checks them all).
 * @throws InputError naming `option` with the count.
 */
export function checkDesignCount(params: readonly Parameter[], option: string, why = ''): number {
  const count = params.reduce((n, p) => n * p.values.length, 1);
  // A range of every whole number (`1500..8000`) is the usual cause: a step thins it.
  const thin = params.some((p) => p.values.length > 100) ? '; a step thins a range: LO..HI:STEP' : '';
  if (count > MAX_DESIGNS) throw new InputError([{ path: option, expected: `must define at most ${MAX_DESIGNS} designs${why}${thin}`, found: `${params.map((p) => p.values.length).join(' × ')} = ${shownCount(count)}` }]);
  return count;
}

/** Invalid designs whose problems are listed in full; the rest are counted by problem. */
const LISTED = 20;

/** Problems of the designs not listed that are named (each with how many designs have it); the rest are counted. */
const PROBLEMS_NAMED = 5;

/**
 * Builds and validates the designs for `combos` (each a list of values in parameter order),
 * numbered from `first`.
 * @throws InputError naming each invalid design (its number and values) and its problems.
 */
export async function buildDesigns(base: Base, params: readonly Parameter[], combos: readonly (readonly unknown[])[], first = 1): Promise<Design[]> {
  const designs: Design[] = [];
  const issues: InputIssue[] = [];
  // One scenario per trace read so far: every design naming a trace another has read (a sweep of
  // a trace against other parameters) shares its columns, rather than reading and holding the
  // file once per design.
  const read: ReadBefore[] = [{ file: base.file, scenario: base.scenario }];
  let invalid = 0;
  // Of the designs past the LISTED: each problem (its path and what was expected) and how many
  // designs have it. "180 more designs: are invalid too" left a planner to guess which
  // combinations of a large sweep were wrong, and why.
  const unlisted = new Map<string, number>();
  for (const [i, values] of combos.entries()) {
    const s = await designScenario(base, params, values, read);
    if (!Array.isArray(s)) {
      const columns = s.arrivals.kind === 'trace' ? s.arrivals.columns : undefined;
      if (columns && !read.some(({ scenario: r }) => r.arrivals.kind === 'trace' && r.arrivals.columns === columns)) read.push({ file: base.file, scenario: s });
      designs.push({ index: first + i, values, scenario: sharedWith(base.scenario, s) });
      continue;
    }
    if (++invalid > LISTED) {
      for (const problem of new Set(s.map((issue) => `${issue.path}: ${issue.expected}`))) unlisted.set(problem, (unlisted.get(problem) ?? 0) + 1);
      continue;
    }
    const label = designLabel({ index: first + i, values }, params);
    for (const issue of s) issues.push({ ...issue, path: `${label}: ${issue.path}` });
  }
  if (invalid > LISTED) {
    const more = invalid - LISTED;
    const path = `${more} more ${more === 1 ? 'design' : 'designs'}`;
    const named = [...unlisted].slice(0, PROBLEMS_NAMED);
    for (const [problem, n] of named) issues.push({ path, expected: `${problem}, in ${n === more ? (more === 1 ? 'it' : 'all of them') : `${n} of them`}` });
    if (unlisted.size > named.length) issues.push({ path, expected: `and ${counted(unlisted.size - named.length, 'other problem')}` });
  }
  if (issues.length > 0) throw new InputError(issues);
  return designs;
}

/** A sweep file is a small JSON object; anything this large is not one. */
const SWEEP_FILE_MAX_BYTES = 1 << 20;

/**
 * Reads `--sweep FILE`: a JSON object `{ "PATH": [values…] }`, its keys in order.
 * @throws InputError naming the file and key for malformed JSON, a bad path, or a list that is empty, too long or repeats a value.
 */
export function readSweepFile(file: string): Parameter[] {
  // A pipe may wait for its writer: a signal meanwhile ends the command (see withDefaultSignals).
  const bytes = withDefaultSignals(() => readBoundedBytes(file, 'sweep file', SWEEP_FILE_MAX_BYTES, 'file or pipe'));
  // Read as scenarios are: UTF-8 only (a value from a Latin-1 file reached the outputs as U+FFFD),
  // line and column for a syntax error, a byte-order mark ignored, and a path given twice refused
  // rather than the later list silently winning.
  const data = parseJson(utf8Text(bytes, `--sweep ${file}`), `--sweep ${file}`, undefined, 'a --sweep file');
  if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) {
    throw new InputError([{ path: `--sweep ${file}`, expected: 'must be a non-empty JSON object {"PATH": [values…]}', found: show(data) }]);
  }
  const issues: InputIssue[] = [];
  const out: Parameter[] = [];
  // Its numbers too small for a double, which JSON read as 0, by path (a key's own, then its values').
  const tooSmall = underflowIssues([], data);
  for (const [key, values] of Object.entries(data)) {
    const where = `--sweep ${file}: ${key}`;
    let steps;
    try {
      steps = parsePath(key);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      issues.push(...err.issues.map((i) => ({ ...i, path: `--sweep ${file}: ${i.path}` })));
      continue;
    }
    if (!Array.isArray(values) || values.length === 0 || values.length > MAX_DESIGNS) {
      issues.push({ path: where, expected: `must be a list of 1 to ${MAX_DESIGNS} values`, found: show(values) });
      continue;
    }
    const path = formatPath(steps);
    if (path === 'name' || path === 'seed') {
      issues.push({ path: where, expected: 'cannot be varied (the name names the output folder; every design runs with the same seeds: use --seed)' });
      continue;
    }
    const infinite = values.find((v) => !allFinite(v));
    if (infinite !== undefined) {
      issues.push({ path: where, expected: 'must have finite numbers', found: show(infinite) });
      continue;
    }
    const tiny = tooSmall.find((i) => i.path === key || i.path.startsWith(`${key}[`));
    if (tiny !== undefined) {
      issues.push({ path: where, expected: TOO_SMALL, found: tiny.found });
      continue;
    }
    const keys = values.map(sortedJson);
    const twice = keys.find((k, i) => keys.indexOf(k) !== i);
    if (twice !== undefined) {
      issues.push({ path: where, expected: 'must list each value once', found: twice });
      continue;
    }
    out.push({ path, steps, values, file });
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

/** The options that gave a sweep's parameters, as its messages name them: `--set`, `--sweep` or `--set/--sweep`. */
export function sweepOption(sets: readonly Parameter[], file: readonly Parameter[]): string {
  return sets.length > 0 && file.length > 0 ? '--set/--sweep' : file.length > 0 ? '--sweep' : '--set';
}

/**
 * The parameters of `--set` followed by those of `--sweep FILE`, checked to name each path once,
 * none inside another.
 * @throws InputError when there are none, a path appears twice, or one lies inside another.
 */
export function sweepParameters(sets: readonly Parameter[], file: readonly Parameter[]): Parameter[] {
  const all = [...sets, ...file];
  if (all.length === 0) throw new InputError([{ path: '--set', expected: 'must be given at least once (PATH=VALUES), or --sweep FILE' }]);
  // Where each path came from, so that the message says which options gave it (a --sweep file may
  // also spell one path twice, as keys that differ in form only).
  const seen = new Map<string, string>();
  all.forEach((p, i) => {
    const from = i < sets.length ? '--set' : '--sweep';
    const before = seen.get(p.path);
    if (before !== undefined) throw new InputError([{ path: p.path, expected: 'must be swept once, by --set or by --sweep', found: before === from ? `${from} twice` : `${before} and ${from}` }]);
    seen.set(p.path, from);
  });
  checkNotNested(all, sweepOption(sets, file));
  return all;
}
