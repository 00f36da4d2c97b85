import { normalize } from 'node:path';
import { InputError, show, type InputIssue } from '../errors.js';
import { METRIC_NAMES } from '../model/metrics.js';
import { metricInfo } from '../report/metrics.js';
import { likelyPercentage, percentAsFraction, readsAsZero } from '../scenario/hints.js';
import { likelyMeant } from '../scenario/suggest.js';
import { formatPath, parsePath, type PathStep } from '../scenario/paths.js';
import type { Precision, Target, TargetOp } from '../stats/onesided.js';
import type { PowerMode, SessionsMode } from './batch.js';
import type { Workers } from './pool.js';
import { HOME_SIGN, HOME_SIGN_WORDS } from '../words.js';

// Declarative option tables (yargs reads them) and pure checks of their values: the only place
// that knows what a valid command line is. The checks throw InputError naming the option.
//
// Every option that takes a value requires one (`requiresArg`): yargs would otherwise give an
// option written without a value its default, or "". Numeric options are strings to yargs and are
// read here (see `numberOf`): yargs would take "0x10" as 16, "" as 0, "abc" as NaN, and a repeated
// flag whose last value is 1 as one more than the value before it (`--seed 41 --seed 1` as 42: its
// way of counting repeated flags).

/** Every command's options by name, as yargs reads them; each command in main.ts takes those it accepts from here. */
export const OPTIONS = {
  seed: { requiresArg: true, type: 'string', describe: 'Base seed; replication r uses a seed derived from it and r (default: the scenario\'s seed)' },
  replications: { requiresArg: true, type: 'string', default: 10, describe: 'Replications per scenario' },
  workers: { requiresArg: true, type: 'string', describe: 'Workers, the main thread included: a number (at most 4 per core), or "auto" = up to one per core, threads started when a batch gains from them', default: 'auto' },
  shard: { requiresArg: true, type: 'string', describe: 'Run only slice K of N of the replications, e.g. 2/4 (join slices with `merge`)' },
  out: { requiresArg: true, type: 'string', default: 'output', describe: 'Output folder' },
  sessions: { requiresArg: true, choices: ['first', 'all', 'none'], default: 'first', describe: 'Which replications write sessions.csv' },
  power: { requiresArg: true, choices: ['first', 'all', 'none'], default: 'first', describe: "power.csv of replication 1: its first 366 days ('first'), the whole run, or none" },
  tolerance: { type: 'string', array: true, describe: "Allowed change either way: 5% or 0.5 for every metric, or metric=5% / metric=0.5 for one (repeatable, or comma-separated); without one, a metric's mean must stay inside the baseline's 95 % interval" },
  baseline: { requiresArg: true, type: 'string', describe: 'Baseline CSV written by `hubsim baseline`' },
  report: { type: 'boolean', default: true, describe: 'Write the HTML reports; --no-report skips them' },
  'run-report': { type: 'boolean', default: false, describe: "Also write each scenario's report.html (about half a second each; `hubsim report OUT/<name>` writes it later)" },
  'allow-missing': { type: 'boolean', default: false, describe: 'Check only the metrics the baseline holds (by default a baseline must hold every metric)' },
  set: { requiresArg: true, type: 'string', describe: 'PATH=VALUES: a path into the scenario as written and its values, a comma list (2000,2500 or equal,fifo; null leaves the field out) or a range (4..10, 4..10:2); repeatable, the first varies slowest' },
  sweep: { requiresArg: true, type: 'string', describe: 'JSON file {"PATH": [values…]}: more parameters, after those of --set' },
  vary: { requiresArg: true, type: 'string', describe: 'PATH=LO..HI (or V1,V2,…): the parameter to size, numbers; a second --vary gives a frontier over its values (null: the field left out)' },
  target: { requiresArg: true, type: 'string', describe: 'METRIC>=X or METRIC<=X that the expected value must meet (repeatable)' },
  confidence: { requiresArg: true, type: 'string', default: 0.95, describe: 'Confidence of each one-sided bound that decides a target' },
  'max-replications': { requiresArg: true, type: 'string', describe: 'Most replications per design; default 16 × --replications, at most 100,000' },
  precision: { requiresArg: true, type: 'string', describe: 'METRIC=X% or METRIC=X: add replications until the mean\'s relative error is at most X% (its 95% half-width at most X/(1+X) of the mean), or the half-width at most X; repeatable' },
} as const;

/** `--max-replications` when not given: four doublings of the starting replications. */
export const MAX_REPLICATIONS_FACTOR = 16;

/** Most replications per scenario: their metrics are held in memory for the summaries (a few hundred bytes each). */
export const MAX_REPLICATIONS = 100_000;

/** Most worker threads per core: more only adds threads competing for the same cores. */
const WORKERS_PER_CORE = 4;

// What was typed, cut short as a scenario's values are: a 100,000-digit --replications was echoed whole.
const fail = (option: string, expected: string, found: unknown): never => {
  throw new InputError([{ path: option, expected, found: show(found) }]);
};

/**
 * Runs every check of a command's options and returns their values by name; refusals are collected,
 * so that `--seed -1 --replications 0` names both problems rather than the first (each once: two
 * checks may look at one option).
 * @throws InputError holding every check's refusal
 */
export function checkEach<T extends Record<string, () => unknown>>(checks: T): { [K in keyof T]: ReturnType<T[K]> } {
  const values: Record<string, unknown> = {};
  const refused: InputError[] = [];
  for (const [name, check] of Object.entries(checks)) {
    try {
      values[name] = check();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      if (!refused.some((e) => e.message === err.message)) refused.push(err);
    }
  }
  if (refused.length > 0) throw InputError.combine(refused);
  return values as { [K in keyof T]: ReturnType<T[K]> };
}

/** An option that takes one value, given once: `--out a --out b` is a mistake, not a choice. */
export function checkOnce<T>(option: string, v: T): T {
  if (Array.isArray(v)) fail(option, 'must be given once', v);
  return v;
}

/**
 * A numeric option's value: a string as typed, read as a whole number (decimal digits only) or,
 * with `decimal`, as a decimal number (digits, an optional point and exponent: no sign, no hex);
 * NaN when it is neither, so that the caller's range check fails with what was typed. A number is
 * the option's default, which yargs passes on as it is, or a caller's own. Spaces around the
 * digits are not trimmed: `--seed " 1"` (a quoted variable with a stray space, or a half-edited
 * script) is as malformed as `--seed 0x1`, and the message shows it.
 */
function numberOf(v: unknown, decimal = false): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  return (decimal ? /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i : /^\d+$/).test(v) ? Number(v) : NaN;
}

/** The options that take no value (yargs's booleans): `--report` / `--no-report`, `--allow-missing`. */
export const FLAGS = ['report', 'allow-missing'] as const;

/** Every option's name, whichever command takes it (`run-report` is run's `--report`). */
const LONG_OPTIONS: readonly string[] = [...Object.keys(OPTIONS).filter((o) => o !== 'run-report'), 'help', 'version'];

/** The options that take a value: none has a `--no-` form. */
const VALUE_OPTIONS: readonly string[] = LONG_OPTIONS.filter((o) => !(FLAGS as readonly string[]).includes(o) && o !== 'help' && o !== 'version');

/** The options that take a path, which may start with a dash. */
const PATH_OPTIONS: readonly string[] = ['out', 'baseline', 'sweep'];

/**
 * Refuses `--out -x` (and --baseline's, --sweep's) where `option` is the option before `next` and
 * takes a path that starts with one dash: read as short options, it left the option without a value.
 * @throws InputError saying how to give such a path.
 */
export function pathReadAsOptions(option: string, next: string): void {
  if (!PATH_OPTIONS.includes(option) || !/^-[^-\d]/.test(next)) return;
  throw new InputError([{ path: `--${option}`, expected: `must be given a value: ${next} after it is read as an option (write --${option}=${next}, or ./${next} for a path)`, found: 'nothing' }]);
}

/**
 * Refuses a flag given a value, or given more than once. yargs reads any value but `true` and
 * `false` as false, without a word: `--report=1` or `--report=yes` wrote no report, and
 * `--allow-missing=1` checked every metric; and of `--report --no-report` the last won unseen.
 * (`--report=true` and `--report=false` are read as written, and pass; `--report false` does not.) `argv` is the command line
 * as typed, before yargs; yargs also takes a flag in camel case (`--allowMissing`), so that is
 * counted too.
 * @throws InputError naming the flag and what was typed.
 */
export function checkFlags(argv: readonly string[]): void {
  for (const [i, a] of argv.entries()) {
    // yargs reads `--help=1` and `--version=1` as not asked for, and the command (the whole default
    // job, without one) ran instead of the help.
    // (yargs takes --h, the long form of the alias -h, for --help too.)
    const asked = /^(?:--(help|version|h)|-(h))=/.exec(a);
    if (asked) fail(asked[1] ? `--${asked[1]}` : '-h', `takes no value: give ${asked[1] ? `--${asked[1]}` : '-h'} alone`, a);
    // Nor is there a --no-help: yargs read it as help not asked for, and ran the command even after --help.
    const unasked = /^--no-(help|version|h)(?:=.*)?$/.exec(a);
    if (unasked) fail(a.split('=')[0], `is not an option: leave out --${unasked[1] === 'h' ? 'help' : unasked[1]} to run the command`, a);
    // yargs keeps the command's words under `_` and the program under `$0`: given as options, it
    // took `--_ x.json` for a scenario file and ignored `--$0 x`, without a word.
    const internal = /^--(?:no-)?(_|\$0)(?:=.*)?$/.exec(a);
    if (internal) fail(a.split('=')[0], 'is not an option (see hubsim --help)', a);
    // One dash: yargs reads each letter as an option, and the h of `-shard 2/4` as -h: the help
    // was printed and the slice of a CI job array exited 0, having run nothing.
    const one = /^-([a-zA-Z][a-zA-Z-]+)(?:=.*)?$/.exec(a);
    // `--out -dir`: a path that starts with one dash, said as `--out -x` is (pathReadAsOptions).
    if (one && i > 0) pathReadAsOptions(argv[i - 1].slice(2), a);
    if (one) {
      const meant = meantOption(one[1], LONG_OPTIONS);
      fail(a.split('=')[0], `is not an option: an option's name takes two dashes${meant === undefined ? ', and -h (help) is the only one-letter option' : ` (did you mean --${meant}?)`}`, a);
    }
    // A dash that is no hyphen: a word processor, chat or slide that turns -- into an em or en dash
    // made `—seed 3` two scenario files that do not exist. Only a name that is (or is near) an
    // option's is taken for one; anything else may be a file's name.
    const typographic = /^([\u2010-\u2015\u2212])[\u2010-\u2015\u2212-]*([a-zA-Z][a-zA-Z-]*)(?:=.*)?$/.exec(a);
    const typed = typographic && meantOption(typographic[2], LONG_OPTIONS);
    if (typographic && typed !== undefined) {
      const dash = typographic[1] === '\u2014' ? 'an em dash (\u2014)' : typographic[1] === '\u2013' ? 'an en dash (\u2013)' : `a dash that is no hyphen (${typographic[1]})`;
      fail(a.split('=')[0], `is not an option: it starts with ${dash} where an option's name starts with two hyphens, as an editor may have changed them (did you mean --${typed}?)`, a);
    }
    // yargs reads `--no-out` as --out false, and said "(got false)" of a value no one typed.
    const negated = /^--no-([^=]+)/.exec(a);
    if (negated && VALUE_OPTIONS.includes(negated[1])) {
      const choices = (OPTIONS[negated[1] as keyof typeof OPTIONS] as { choices?: readonly string[] }).choices;
      fail(`--no-${negated[1]}`, `is not an option: --${negated[1]} takes a value${choices === undefined ? '' : `, one of ${choices.map((c) => JSON.stringify(c)).join(', ')}${choices.includes('none') ? ` (--${negated[1]} none for none)` : ''}`}`, a);
    }
  }
  for (const flag of FLAGS) {
    const camel = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const given = argv.filter((a) => {
      const m = /^--(?:no-)?([^=]+)/.exec(a);
      return m !== null && (m[1] === flag || m[1] === camel);
    });
    for (const a of given) {
      const at = a.indexOf('=');
      if (at >= 0 && (a.startsWith('--no-') || !['true', 'false'].includes(a.slice(at + 1)))) {
        fail(`--${flag}`, `takes no value but =true or =false: give --${flag}, or --no-${flag} (which takes none) for the opposite`, a);
      }
      // yargs also takes the word after a flag as its value when it is true or false: `--report
      // false` wrote no report, the quiet opposite of what the flag alone says.
      const next = argv[argv.indexOf(a) + 1];
      if (at < 0 && !a.startsWith('--no-') && (next === 'true' || next === 'false')) {
        fail(`--${flag}`, `takes a value only after =: write --${flag}=${next}${next === 'false' ? `, or --no-${flag}` : ''}`, `${a} ${next}`);
      }
    }
    if (given.length > 1) fail(`--${flag}`, 'must be given once', given);
  }
}

/** `--replications`: a whole number in [least, MAX_REPLICATIONS]; `why`, what needs a least above 1. */
export function checkReplications(v: unknown, least = 1, why = ''): number {
  checkOnce('--replications', v);
  const n = numberOf(v);
  if (!Number.isInteger(n) || n < least || n > MAX_REPLICATIONS) fail('--replications', `must be a whole number from ${least} to ${MAX_REPLICATIONS}${why}`, v);
  return n;
}

/** `--seed`: a whole number >= 0, or undefined for the scenario's own. */
export function checkSeed(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  checkOnce('--seed', v);
  const n = numberOf(v);
  if (!Number.isSafeInteger(n) || n < 0) fail('--seed', `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`, v);
  return n;
}

/**
 * `--workers`: "auto" (up to `cores` workers, started when a batch gains from them) or a whole
 * number from 1 to WORKERS_PER_CORE × `cores` (that many, from the start).
 */
export function checkWorkers(v: unknown, cores: number): Workers {
  checkOnce('--workers', v);
  if (v === undefined || v === 'auto') return { count: cores, auto: true };
  const n = numberOf(v);
  const most = WORKERS_PER_CORE * cores;
  if (!Number.isInteger(n) || n < 1 || n > most) fail('--workers', `must be "auto" or a whole number from 1 to ${most} (${WORKERS_PER_CORE} per core)`, v);
  return { count: n, auto: false };
}

/** `--out`: a non-empty path, given once, not starting with an unexpanded ~. */
export function checkOut(v: unknown): string {
  checkOnce('--out', v);
  if (typeof v !== 'string' || v.trim() === '') fail('--out', 'must name a folder', v);
  refuseHomeSign(v as string, 'folder');
  return v as string;
}

/** `--out` of a command that writes one file (baseline, check): given once, not empty, not starting with an unexpanded ~. */
export function checkOutFile(v: unknown): string {
  checkFile('--out', v, 'a file');
  if (typeof v === 'string') refuseHomeSign(v, 'file');
  return v as string;
}

/**
 * An option that names a file (`--baseline`, `--sweep`): given once, and not empty (`--baseline=`,
 * a script's unset variable), which would be named as the file "" with no word of the option.
 */
export function checkFile(option: string, v: unknown, what: string): string {
  checkOnce(option, v);
  if (typeof v === 'string' && v.trim() === '') fail(option, `must name ${what}`, v);
  return v as string;
}

/**
 * Refuses an --out that starts with ~ the shell left as it is (quoted, or after =): a folder named ~
 * in the working folder, which reads as the home folder in every message and invites an rm -rf ~ to
 * clear it. Written ./~/x, it is the same folder, which every message shows as ~/x.
 */
function refuseHomeSign(out: string, what: 'folder' | 'file'): void {
  if (HOME_SIGN.test(out) || HOME_SIGN.test(normalize(out))) fail('--out', `must name a ${what}: ${HOME_SIGN_WORDS}`, out);
}

/** `--shard K/N` with 1 <= K <= N. */
export function checkShard(v: unknown): { k: number; n: number } | undefined {
  if (v === undefined) return undefined;
  checkOnce('--shard', v);
  const m = /^(\d+)\/(\d+)$/.exec(String(v));
  if (!m) return fail('--shard', 'must be K/N, e.g. 2/4', v);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || k < 1 || k > n || n > MAX_REPLICATIONS) fail('--shard', `must have 1 <= K <= N <= ${MAX_REPLICATIONS}`, v);
  return { k, n };
}

/** `--sessions`. */
export function checkSessions(v: unknown): SessionsMode {
  checkOnce('--sessions', v);
  if (v !== 'first' && v !== 'all' && v !== 'none') fail('--sessions', 'must be first, all or none', v);
  return v as SessionsMode;
}

/** `--power`. */
export function checkPower(v: unknown): PowerMode {
  checkOnce('--power', v);
  if (v !== 'first' && v !== 'all' && v !== 'none') fail('--power', 'must be first, all or none', v);
  return v as PowerMode;
}

/** A change allowed for a metric: relative (a fraction of the old value) or absolute. */
export interface Tolerance {
  readonly relative: boolean;
  readonly value: number;
}

/** Parsed `--tolerance` values: an optional default for every metric plus per-metric ones. */
export interface Tolerances {
  readonly all?: Tolerance;
  readonly perMetric: Readonly<Record<string, Tolerance>>;
}

/** Parses `--tolerance` values such as `5%`, `0.5`, `wait_mean_min=10%`, `a=1,b=2%`. */
export function checkTolerances(values: readonly unknown[] | undefined): Tolerances {
  // `tolerance` takes several values, so yargs cannot require one: `--tolerance` alone is [].
  if (values !== undefined && values.length === 0) fail('--tolerance', 'must be given a value, e.g. 5% or wait_mean_min=0.5', '');
  let all: Tolerance | undefined;
  let allFrom: unknown; // the --tolerance value that gave `all`
  let allItem = ''; // and its item
  // Whether a comma between `before` and `after` is likelier a decimal comma than a list's: whole
  // digits on both sides (0,5; 0,5%).
  const decimalComma = (before: string, after: string) => /^\s*\d+\s*$/.test(before) && /^\s*\d+\s*%?\s*$/.test(after);
  const perMetric: Record<string, Tolerance> = {};
  for (const raw of values ?? []) {
    const items = String(raw).split(',');
    // An empty value (`--tolerance "$TOL"` with TOL unset) would silently run the default check
    // instead; an empty item (`"2%,$SHARES"`) would drop the tolerances meant there as silently.
    if (items.every((s) => s.trim() === '')) fail('--tolerance', 'must be given a value, e.g. 5% or wait_mean_min=0.5', String(raw));
    if (items.some((s) => s.trim() === '')) fail('--tolerance', 'must have a value between every two commas, and none at either end (a variable left unset?)', String(raw));
    let named: string | undefined; // the last metric= item of this list
    for (const item of items) {
      const at = item.indexOf('=');
      const [lhs, rhs] = at >= 0 ? [item.slice(0, at), item.slice(at + 1)] : [undefined, item];
      // `wait_mean_min=0,5` is a decimal comma: read as 0 for the wait and 5 for every other metric,
      // it let every share pass whatever it did.
      if (lhs === undefined && named !== undefined) {
        // Only whole digits on both sides of the comma make it likely one: `wait_mean_min=0.5,5%` is
        // the order alone.
        const comma = decimalComma(named.slice(named.indexOf('=') + 1), item);
        const why = comma ? `"${item.trim()}" reads as a decimal comma: write a decimal point` : `give "${item.trim()}" first: ${item.trim()},${named}`;
        fail('--tolerance', `must give the tolerance for every metric before any metric's own, or apart from them (after "${named}", ${why})`, String(raw));
      }
      if (lhs !== undefined) named = item.trim();
      // A number as a baseline's cells and a trace's take it: `.5`, `5.` and `+5` too.
      const m = /^\s*\+?((?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*(%?)\s*$/i.exec(rhs);
      if (!m) fail('--tolerance', 'must be a number (absolute) or a percentage like 5%, not negative (it allows a change either way), optionally after metric=', item);
      const tol = { relative: m![2] === '%', value: m![2] === '%' ? Number(m![1]) / 100 : Number(m![1]) };
      if (!Number.isFinite(tol.value)) fail('--tolerance', 'must be a finite number', item);
      // Given twice, the later would win unseen: a stray repeat in a CI script could loosen the gate.
      if (lhs === undefined) {
        // Two in one comma list (0,5) are likelier a decimal comma than a tolerance given twice.
        const comma = allFrom === raw && decimalComma(allItem, item);
        if (all !== undefined) fail('--tolerance', `must give the tolerance for every metric once${comma ? ` (a decimal comma? write a decimal point: ${allItem.trim()}.${item.trim()})` : ''}`, item);
        all = tol;
        allFrom = raw;
        allItem = item;
      } else {
        const name = lhs.trim();
        checkMetricName('--tolerance', name);
        if (Object.hasOwn(perMetric, name)) fail('--tolerance', `must give ${name} once`, item);
        perMetric[name] = tol;
      }
    }
  }
  return { all, perMetric };
}

// ---------------------------------------------------------------------------------------------
/** Fails, naming `option`, unless `name` is a metric: with the metric it was likely meant to be, or else every one. */
function checkMetricName(option: string, name: string): void {
  if ((METRIC_NAMES as readonly string[]).includes(name)) return;
  // A metric with words added is another quantity: trucks_served_share is no trucks_served.
  const meant = likelyMeant(name, METRIC_NAMES, { wordsAdded: false });
  fail(option, meant === undefined ? `must name a metric (${METRIC_NAMES.join(', ')})` : `must name a metric (did you mean "${meant}"?)`, name);
}

// Planning: `sweep --set`, `size --vary/--target/--confidence`, `run --precision`.

/** Most designs one sweep or sizing may define: each is a whole scenario, validated before anything runs. */
export const MAX_DESIGNS = 10_000;

/** A swept parameter: a path into the scenario as written, and the values it takes, in order. */
export interface Parameter {
  /** The path as text, in canonical form (`hub.chargers[0].cabinets`). */
  readonly path: string;
  readonly steps: readonly PathStep[];
  readonly values: readonly unknown[];
  /** The `--sweep` file that gives it; undefined for an option's (`--set`, `--vary`). */
  readonly file?: string;
}

/** Splits at commas outside brackets, braces and quotes, so that `[1,2],{"a":1}` is two values. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Two numbers joined by a dash (or an en dash): a range meant, written as one would in words. */
const DASHED_RANGE = /^(-?\d+(?:\.\d+)?)\s*[-–]\s*(-?\d+(?:\.\d+)?)$/;

/**
 * What to write instead of `value` when it is a range written with a dash (`2000-3000`), else
 * undefined: the range as LO..HI, low end first, where both ends are whole numbers, as only those
 * make a range; else a comma list, as `0.7..0.9` would be refused in turn.
 */
export function dashedRangeHint(value: unknown, inFile = false): string | undefined {
  const m = typeof value === 'string' ? DASHED_RANGE.exec(value) : null;
  if (m === null) return undefined;
  const [lo, hi] = [m[1], m[2]].sort((x, y) => Number(x) - Number(y));
  // A sweep file is JSON, which holds no range: its list names every value.
  if (inFile) return `must be numbers, each value of the list a number: [${lo}, ${hi}] and the values between that are meant`;
  if (Number.isSafeInteger(Number(lo)) && Number.isSafeInteger(Number(hi))) return `must be numbers, a range written LO..HI (${lo}..${hi}) or a comma list`;
  return `must be numbers, a comma list (${lo},${hi} and the values between that are meant): a range LO..HI is of whole numbers only`;
}

/**
 * Parses a list of values: an integer range `LO..HI` or `LO..HI:STEP`, or a comma list of JSON
 * values in which a word that is not JSON is a string (`2000,2500`, `equal,fifo`, `[1,2],[3,4]`).
 * @throws InputError naming `option` and `path` for an empty or repeated value, a bad range, or more than MAX_DESIGNS values.
 */
export function parseValues(text: string, option: string, path: string): unknown[] {
  const where = `${option} ${path}`;
  // (A step of any number, so that -5 or 0.5 is told what a step must be.)
  const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?::\s*(-?\d*\.?\d+)\s*)?$/.exec(text);
  if (range) {
    const [lo, hi, step] = [Number(range[1]), Number(range[2]), range[3] === undefined ? 1 : Number(range[3])];
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) fail(where, `must be a range of whole numbers from ${-Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`, text);
    if (lo > hi) fail(where, 'must be a range LO..HI with LO <= HI', text);
    if (!(step >= 1) || !Number.isSafeInteger(step)) fail(where, 'must have a step of a whole number, at least 1 (LO..HI:STEP)', text);
    if (Math.floor((hi - lo) / step) + 1 > MAX_DESIGNS) fail(where, `must have at most ${MAX_DESIGNS} values`, text);
    const out: number[] = [];
    for (let v = lo; v <= hi; v += step) out.push(v);
    return out;
  }
  // A range followed by more values (`2000..5000:1000,null`) lands here too.
  if (/^\s*-?[\d.]+\s*\.\./.test(text)) fail(where, 'must be a range of whole numbers LO..HI or LO..HI:STEP (to add other values, list every value: 2000,3000,null)', text);
  const items = splitTopLevel(text).map((s) => s.trim());
  if (items.length > MAX_DESIGNS) fail(where, `must have at most ${MAX_DESIGNS} values`, `${items.length} values`);
  const values = items.map((item) => {
    if (item === '') fail(where, 'must be a comma list of values with none empty', text);
    let v: unknown;
    try {
      v = JSON.parse(item);
    } catch {
      if (/^["[{]/.test(item)) fail(where, 'must have valid JSON for a quoted string, list or object', item);
      return item;
    }
    // JSON.parse reads 1e999 as Infinity, which no scenario value can be (and JSON writes as null),
    // and 1e-400 as 0, which a design would run as meant.
    if (!allFinite(v)) fail(where, 'must have finite numbers', item);
    if (holdsZeroed(item)) fail(where, TOO_SMALL, item);
    return v;
  });
  const seen = new Set<string>();
  for (const v of values) {
    const key = sortedJson(v);
    if (seen.has(key)) fail(where, 'must list each value once', key);
    seen.add(key);
  }
  return values;
}

/**
 * JSON text of `v` with every object's fields in sorted order, so that values equal as JSON read
 * alike: a list of values is checked for one given twice by it ({"min": 30, "max": 60} and
 * {"max": 60, "min": 30} are one value).
 */
export function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

/** What a value of `--set`, `--vary` or a `--sweep` file too small for a double, which JSON reads as 0, is told. */
export const TOO_SMALL = "must have numbers a computer's numbers hold: one this small is read as 0";

/** Whether JSON text holds a number too small for a double, which JSON reads as 0 (1e-400, or 0. and 400 zeros before a 1). */
function holdsZeroed(text: string): boolean {
  for (const [number] of text.matchAll(/(?<![\w."])-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g)) if (readsAsZero(number)) return true;
  return false;
}

/** Whether every number in a value (a number, or one inside an object or list) is finite: JSON reads 1e999 as Infinity. */
export function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v !== null && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

/** Splits `PATH=VALUES`. @throws InputError naming `option` when there is no `=` or the path is malformed. */
function pathAndValues(option: string, item: string): { path: string; steps: PathStep[]; text: string } {
  const eq = item.indexOf('=');
  if (eq <= 0) fail(option, 'must be PATH=VALUES, e.g. hub.gridKw=2000,2500 or hub.chargers[0].cabinets=4..10', item);
  let steps: PathStep[];
  try {
    steps = parsePath(item.slice(0, eq).trim());
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.issues.map((i) => ({ ...i, path: `${option} ${i.path}` })));
    throw err;
  }
  const path = formatPath(steps);
  if (path === 'name' || path === 'seed') fail(`${option} ${path}`, path === 'seed' ? 'cannot be varied: every design runs with the same seeds (common random numbers); use --seed' : 'cannot be varied: it names the output folder', item);
  return { path, steps, text: item.slice(eq + 1) };
}

/** The option's values as a list (yargs gives one value as a string, repeated ones as an array). */
function many(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/**
 * `--set PATH=VALUES` (repeatable), in the order given: the first varies slowest.
 * @throws InputError naming the option and path for a malformed item or a path given twice.
 */
export function checkSets(v: unknown): Parameter[] {
  const out: Parameter[] = [];
  for (const item of many(v)) {
    const { path, steps, text } = pathAndValues('--set', item);
    if (out.some((p) => p.path === path)) fail(`--set ${path}`, 'must be given once', item);
    out.push({ path, steps, values: parseValues(text, '--set', path) });
  }
  return out;
}

/**
 * `--vary PATH=VALUES`, once or twice. The first is the parameter sized: its values must be numbers
 * (more of it never hurts), searched in increasing order. The second, if any, gives the frontier's
 * other axis; when its values are all numbers they are taken in increasing order too.
 * @throws InputError naming the option for none, more than two, a path given twice, or a non-numeric first parameter.
 */
export function checkVary(v: unknown): Parameter[] {
  const items = many(v);
  if (items.length === 0) fail('--vary', 'must be given (PATH=LO..HI), e.g. --vary hub.chargers[0].cabinets=4..12', v);
  if (items.length > 2) fail('--vary', 'must be given once or twice (the parameter to size, and optionally a second for a frontier)', items);
  const out: Parameter[] = items.map((item) => {
    const { path, steps, text } = pathAndValues('--vary', item);
    return { path, steps, values: parseValues(text, '--vary', path) };
  });
  if (out.length === 2 && out[0].path === out[1].path) fail(`--vary ${out[1].path}`, 'must be given once', items[1]);
  checkNotNested(out, '--vary');
  const first = out[0];
  if (!first.values.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    // A dashed range (2000-3000) is told how ranges are written, as a second --vary or sweep's --set is.
    const dashed = first.values.find((v) => dashedRangeHint(v) !== undefined);
    if (dashed !== undefined) fail(`--vary ${first.path}`, dashedRangeHint(dashed)!, dashed);
    fail(`--vary ${first.path}`, 'must be numbers: sizing searches for the smallest value that meets the targets', first.values);
  }
  const ordered = out.map((p) => (p.values.every((x) => typeof x === 'number') ? { ...p, values: [...(p.values as number[])].sort((x, y) => x - y) } : p));
  return ordered;
}

/**
 * Refuses two parameters of which one lies inside the other (`hub.chargers[0]` and
 * `hub.chargers[0].cabinets`): each design would set the inner value and then overwrite it with
 * the outer one, or the reverse, so its label would not say what ran.
 * @throws InputError naming `option` and both paths.
 */
export function checkNotNested(params: readonly Parameter[], option: string): void {
  for (const outer of params) {
    for (const inner of params) {
      if (inner.steps.length > outer.steps.length && formatPath(inner.steps.slice(0, outer.steps.length)) === outer.path) {
        // A path from a --sweep file is named with its file, as the file's other problems are.
        const where = inner.file === undefined ? `${option} ${inner.path}` : `--sweep ${inner.file}: ${inner.path}`;
        fail(where, `must not lie inside another parameter's path (${outer.path}): one would overwrite the other in every design`, inner.path);
      }
    }
  }
}

/**
 * `--target "METRIC>=X"` or `"METRIC<=X"` (repeatable, or comma-separated), on a metric the run
 * produces.
 * @throws InputError naming --target for a malformed target, an unknown metric or a non-finite threshold.
 */
export function checkTargets(v: unknown): Target[] {
  const items = many(v).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) fail('--target', 'must be given, e.g. --target "service_level>=0.95"', v);
  const out: Target[] = [];
  for (const item of items) {
    // Any case: a wrong capital gets the metric it likely meant. A % apart from its number ("95 %")
    // is read with it, to be told what a share is written as.
    const m = /^([A-Za-z0-9_]+)\s*(>=|<=)\s*(\S+(?:\s+%)?)$/.exec(item);
    if (!m) {
      // A number alone after a comma: a thousands separator, taken for the comma between two targets.
      const apart = /^\d+(\.\d*)?$/.test(item) && items.indexOf(item) > 0 ? ' (a comma separates two targets: write a number without thousands separators, 1000 not 1,000)' : '';
      fail('--target', `must be METRIC>=X or METRIC<=X, e.g. served_share>=0.98${apart}`, item);
    }
    const [, metric, op, x] = m!;
    checkMetricName('--target', metric);
    const value = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(x) ? Number(x) : NaN;
    const share = metricInfo(metric).unit === 'share';
    if (!Number.isFinite(value)) {
      const percent = /^(\d+\.?\d*|\.\d+)\s*%$/.exec(x);
      const hint = share && percent ? `: a share is a fraction, ${percentAsFraction(Number(percent[1]))}` : '';
      fail('--target', `must compare with a finite number${hint}`, item);
    }
    // A share's threshold outside [0, 1] is a percentage, most likely: with ">=" no design could
    // meet it, with "<=" every one would, and either answer would look like a finding.
    if (share && !(value >= 0 && value <= 1)) {
      const hint = likelyPercentage(value) ? `: ${percentAsFraction(value)}` : '';
      fail('--target', `must compare ${metric}, a share, with a number in [0, 1]${hint}`, item);
    }
    // Likewise a negative threshold for a metric that is never negative (waits, counts, energy,
    // power, and the money that no price below 0 makes: the demand charge, connection cost, revenue).
    if (value < 0 && NEVER_NEGATIVE.has(metricInfo(metric).unit === 'currency' ? metric : metricInfo(metric).unit)) {
      fail('--target', `must compare ${metric}, which is never negative, with a number >= 0: with ">=" every design would meet it, with "<=" none`, item);
    }
    if (out.some((t) => t.metric === metric && t.op === op)) fail('--target', `must give ${metric}${op} once`, item);
    // A floor above a ceiling on one metric: no design can meet both.
    const other = out.find((t) => t.metric === metric);
    if (other !== undefined && (op === '>=' ? value > other.value : value < other.value)) {
      fail('--target', `must not ask ${metric} for more than it allows (${other.metric}${other.op}${other.value} and ${metric}${op}${value}): no design can meet both`, item);
    }
    out.push({ metric, op: op as TargetOp, value });
  }
  return out;
}

/** Units (and money metrics) whose values are never below 0, for `checkTargets`. */
const NEVER_NEGATIVE: ReadonlySet<string> = new Set(['min', 'kW', 'kWh', 'trucks', 'cycles', 'demand_charge', 'connection_cost', 'revenue']);

/**
 * The most `--confidence` may be: a bound chosen well short of where numbers fail. At 16 nines, a
 * two-sided interval's quantile, at (1 + c) / 2, is 1 in floating point and the interval infinite
 * ([-Infinity, Infinity]); 17 nines, read as 1, were refused as outside a range that held them as
 * typed; and well before either, an interval of a handful of replications is thousands of standard
 * errors wide, which no planning question asks for.
 */
export const MAX_CONFIDENCE = 0.999999;

/** `--confidence`: a number in (0.5, MAX_CONFIDENCE], e.g. 0.95. */
export function checkConfidence(v: unknown): number {
  checkOnce('--confidence', v);
  const x = numberOf(v, true);
  if (!(x > 0.5 && x <= MAX_CONFIDENCE)) fail('--confidence', `must be a number above 0.5 and at most ${MAX_CONFIDENCE}, e.g. 0.95`, v);
  return x;
}

/** `--max-replications`: a whole number from `least` (the starting replications) to MAX_REPLICATIONS. */
export function checkMaxReplications(v: unknown, least: number): number {
  checkOnce('--max-replications', v);
  const n = numberOf(v);
  if (!Number.isInteger(n) || n < least || n > MAX_REPLICATIONS) {
    fail('--max-replications', `must be a whole number from --replications (${least}) to ${MAX_REPLICATIONS}`, v);
  }
  return n;
}

/**
 * `--precision METRIC=X%` (relative to the metric's mean) or `METRIC=X` (absolute half-width),
 * repeatable or comma-separated; undefined when not given.
 * @throws InputError naming --precision for a malformed item, an unknown metric, or a width that is not > 0.
 */
export function checkPrecisions(v: unknown): Precision[] | undefined {
  const items = many(v).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return v === undefined ? undefined : fail('--precision', 'must be METRIC=X% or METRIC=X', v);
  const out: Precision[] = [];
  for (const item of items) {
    // A number as --tolerance takes it: `.5` and `5.` too.
    const m = /^([a-z0-9_]+)\s*=\s*((?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*(%?)$/i.exec(item);
    if (!m) fail('--precision', 'must be METRIC=X% (half-width within X % of the mean) or METRIC=X (absolute half-width)', item);
    const [, metric, x, pct] = m!;
    checkMetricName('--precision', metric);
    const value = pct === '%' ? Number(x) / 100 : Number(x);
    if (!(Number.isFinite(value) && value > 0)) fail('--precision', 'must ask for a finite width > 0', item);
    if (out.some((p) => p.metric === metric)) fail('--precision', `must give ${metric} once`, item);
    out.push({ metric, relative: pct === '%', value });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Words yargs does not know.

/**
 * Options of one command given to another that names the same thing otherwise: sweep sets values
 * where size varies one, and a name so far from the other's spelling gets no guess by spelling.
 */
const ANOTHER_COMMANDS: Readonly<Record<string, Readonly<Record<string, { readonly meant: string; readonly of: string }>>>> = {
  sweep: { vary: { meant: 'set', of: 'size' } },
  size: { set: { meant: 'vary', of: 'sweep' }, sweep: { meant: 'vary', of: 'sweep' } },
};

/**
 * The options in `argv` that are another command's name for one of `command`'s: yargs calls the
 * option they stand for missing before it calls them unknown, and that alone does not say why.
 */
export function anotherCommandsOptions(argv: readonly string[], command: string | undefined): string[] {
  const crossed = command === undefined ? undefined : ANOTHER_COMMANDS[command];
  return Object.keys(crossed ?? {}).filter((n) => argv.some((a) => a === `--${n}` || a.startsWith(`--${n}=`)));
}

/** hubsim's commands, as `hubsim --help` lists them. */
const COMMANDS = ['run', 'compare', 'baseline', 'check', 'sweep', 'size', 'validate', 'report', 'merge'] as const;

/**
 * What to say of the arguments yargs's strict check calls unknown (`names`, as it lists them: without
 * dashes). Its "Unknown arguments: runn, a.json" said neither that runn was no command nor which
 * options there are. A name typed as an option (`--name`, `--name=…`, `--no-name`, or a letter of
 * `-abc`) is an option that `command` (undefined: the default job) does not take, with the one of
 * `options` it was likely meant to be; any other is a word where the default job takes none, so the
 * first such is a command mistyped, or a scenario file given without one.
 */
export function unknownArguments(listed: readonly string[], argv: readonly string[], command: string | undefined, options: readonly string[], flags: readonly string[] = []): InputIssue[] {
  // yargs lists `--__proto__` as ___proto___, a name no one typed (and so no option, but a command).
  const names = listed.map((n) => (n === '___proto___' ? '__proto__' : n));
  const asOption = (n: string) =>
    argv.some((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `--no-${n}` || a.startsWith(`--no-${n}=`) || (n.length === 1 && /^-[^-]/.test(a) && a.includes(n)));
  // yargs lists `--report-dir` again as reportDir, and `--replications-` or `---x` again as
  // replications or x, its camel case: the same option, once named, and no command.
  const camel = (n: string) => n.replace(/^-+|-+$/g, '').replace(/-+(.)/g, (_, c: string) => c.toUpperCase());
  const alias = (n: string) => (/[A-Z]/.test(n) && names.includes(hyphenated(n)) && asOption(hyphenated(n))) || names.some((m) => m !== n && camel(m) === n && asOption(m));
  const where = command === undefined ? 'hubsim' : `hubsim ${command}`;
  const long = options.filter((o) => o.length > 1 && !/[A-Z]/.test(o));
  const issues: InputIssue[] = [];
  for (const n of names.filter((m) => asOption(m) && !alias(m))) {
    // `--no-foo` is named as typed: yargs lists it as foo, which no one typed.
    const negated = n.length > 1 && !argv.some((a) => a === `--${n}` || a.startsWith(`--${n}=`));
    const dashes = n.length === 1 ? '-' : negated ? '--no-' : '--';
    const other = command === undefined ? undefined : ANOTHER_COMMANDS[command]?.[n];
    const meant = other?.meant ?? meantOption(n, long);
    const whose = other === undefined ? '' : ` --${n} is hubsim ${other.of}'s`;
    // `--no-reprot` meant --no-report, the flag turned off: --report would do the opposite.
    const suggested = meant !== undefined && negated && flags.includes(meant) ? `no-${meant}` : meant;
    // A path into the scenario (`--hub.gridKw 3000`), as sweep's --set names one: set in the file, or swept.
    const field =
      suggested === undefined && n.includes('.')
        ? command === 'sweep'
          ? `: a scenario's field is swept with --set ${n}=VALUES`
          : command === 'size'
            ? `: a scenario's field is sized with --vary ${n}=VALUES`
            : `: a scenario's fields are set in its file (hubsim sweep FILE --set ${n}=VALUES runs it over values)`
        : '';
    issues.push({ path: `${dashes}${n}`, expected: `is not an option of ${where}${suggested === undefined ? '' : ` (did you mean --${suggested}?${whose})`}${field}; see ${where} --help` });
  }
  const words = names.filter((n) => !asOption(n) && !alias(n));
  // `hubsim help runn`: the word after help is the one that is no command (help itself is hubsim's).
  const word = words[0] === 'help' && words.length > 1 && !words.slice(1).some((w) => (COMMANDS as readonly string[]).includes(w)) ? words[1] : words[0];
  if (word !== undefined) {
    const meant = likelyMeant(word, COMMANDS);
    // `hubsim help run`: yargs shows help for a lone "help", and a command's after `hubsim run help`.
    const about = word === 'help' ? words.slice(1).find((w) => (COMMANDS as readonly string[]).includes(w)) : undefined;
    const instead = about !== undefined
      ? `: for the help of a command, hubsim ${about} --help`
      : /\.json$/i.test(word)
      ? `: to run a scenario, hubsim run ${word}`
      : meant !== undefined
        ? ` (did you mean hubsim ${meant}?)`
        : ` (the commands are ${COMMANDS.join(', ')})`;
    issues.push({ path: 'usage', expected: `${JSON.stringify(word)} is not a command${instead}; see hubsim --help` });
  }
  return issues;
}

/** An option's name as yargs also takes it, in camel case, written with hyphens: `allowMissing` → `allow-missing`. */
export function hyphenated(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The option (of `options`, long names) a mistyped `name` likely meant: the one it begins, as an
 * option cut short (`rep` is --replications or --report: both named, `replications or --report`),
 * else the closest spelling (`hepl`: help).
 */
function meantOption(name: string, options: readonly string[]): string | undefined {
  const typed = name.toLowerCase();
  const begun = typed.length >= 2 ? options.filter((o) => o.startsWith(typed)) : [];
  if (begun.length > 0) return begun.join(' or --');
  // --output, --out-dir, --outdir: a longer name that begins with an option's (the longest such).
  const longer = options.filter((o) => o.length >= 3 && typed.startsWith(o)).sort((x, y) => y.length - x.length);
  if (longer.length > 0) return longer[0];
  const likely = likelyMeant(name, options);
  if (likely !== undefined) return likely;
  // --reps: an abbreviation, its letters in order in one option alone (not in --report).
  const within = typed.length >= 3 ? options.filter((o) => o[0] === typed[0] && inOrder(typed, o)) : [];
  return within.length === 1 ? within[0] : undefined;
}

/** Whether the letters of `short` appear in `long` in the same order. */
function inOrder(short: string, long: string): boolean {
  let at = 0;
  for (const c of long) if (c === short[at]) at++;
  return at >= short.length;
}

/**
 * The scenario files (words ending in .json) that options taking one value took as theirs, with the
 * option: `run --seed a.json` has yargs read a.json as the seed, and say only that no file was given.
 * A short option (`-q a.json`) takes the word after it so too, known or not. `--sweep` takes a JSON
 * file of its own, and is passed over.
 */
export function filesTakenByOptions(argv: readonly string[], flags: readonly string[]): { option: string; word: string }[] {
  const taken: { option: string; word: string }[] = [];
  for (let i = 0; i < argv.length - 1; i++) {
    const m = /^--([^=]+)$/.exec(argv[i]) ?? /^-([^-=])$/.exec(argv[i]);
    if (m === null || flags.includes(m[1]) || m[1] === 'sweep' || m[1].startsWith('no-')) continue;
    const word = argv[i + 1];
    if (!word.startsWith('-') && /\.json$/i.test(word)) taken.push({ option: argv[i], word });
  }
  return taken;
}

/** Words that name a scenario file but start with one dash: yargs reads `-site.json` as the options -s, -i, …, not as a file. */
export function filesReadAsOptions(argv: readonly string[]): string[] {
  return argv.filter((w) => /^-[^-].*\.json$/i.test(w));
}

/**
 * The command a command line runs (undefined: the default job): its first word that is not an
 * option nor an option's value, if it names a command. `flags` are the options that take no value.
 */
export function commandOf(argv: readonly string[], flags: readonly string[]): string | undefined {
  const word = firstWord(argv, flags);
  return word !== undefined && isCommand(word) ? word : undefined;
}

/** Whether `word` names one of hubsim's commands. */
export function isCommand(word: string): boolean {
  return (COMMANDS as readonly string[]).includes(word);
}

/** The first word of `argv` that is no option nor the value of one (see `commandOf`): a command, or a word where one goes. */
export function firstWord(argv: readonly string[], flags: readonly string[]): string | undefined {
  return words(argv, flags)[0];
}

/** The words of `argv` that are no option nor the value of one: the command and its files. */
export function words(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) {
      out.push(a);
      continue;
    }
    const m = /^--(?:no-)?([^=]+)$/.exec(a);
    if (m !== null && !flags.includes(m[1]) && m[1] !== 'help' && m[1] !== 'version') i++;
  }
  return out;
}
