import { normalize } from 'node:path';
import { fsReason, goneLinkWords, InputError, isFsError, show, type InputIssue } from '../errors.js';
import { meanOf, windowMass, type DistSpec } from '../random/distributions/index.js';
import { likelyPercentage, PERCENT_HINT, percentAsFraction, withUnitHints } from './hints.js';
import { asWritten, commaListAt, parseJson, snapshot, underflowIssues } from './json.js';
import { parsePath, setAt } from './paths.js';
import { schemaIssues, schemaRangeOf } from './schema.js';
import { parseTrace } from './trace.js';
import { BATTERY_STRATEGIES, CONNECTORS, ECONOMICS_DEFAULTS, HOURS_OF_WEEK, minutesOfDays, normaliseWeights, OUTPUT_DEFAULTS, SCENARIO_DEFAULTS, STOP_CLASSES, type Arrivals, type BatterySpec, type Behaviour, type ChargerGroup, type Connector, type CurvePoints, type Demand, type Economics, type MaintenanceWindow, type Scenario, type StopClass, type TraceColumns, type TruckType } from './types.js';
import { counted, HOME_SIGN, listed } from '../words.js';
import { deepFreeze } from './freeze.js';

/** Windows holding less probability than this are rejected: redrawing into them would take ~forever. */
const MIN_WINDOW_MASS = 1e-6;

/** Most bays a hub may have, over all charger groups. */
const MAX_BAYS = 10_000;

/** Problems listed for one scenario; past it a last line says how many more there are. */
const MAX_SCENARIO_ISSUES = 200;

/** The range of every field whose value may be a distribution; draws are kept inside it. */
const FIELD_RANGES = {
  arrivalSoc: { lo: 0, hi: 1 },
  targetSoc: { lo: 0, hi: 1 },
  // Any finite amount: more than a battery can take just fills it.
  energyKwh: { lo: 0, hi: Infinity },
  breakMin: { lo: 0, hi: 10080 },
  patienceMin: { lo: 0, hi: 10080 },
  // At least a minute up, so that a bay cannot fail again at the instant it is repaired.
  betweenMin: { lo: 1, hi: 52_560_000 },
  repairMin: { lo: 0, hi: 52_560_000 },
} as const;

/** Most trucks a day the arrival rate may reach, grown (`arrivals.growthPerYear`) or not. */
const MAX_TRUCKS_PER_DAY = 100_000;

/**
 * How a scenario gets at its trace: given the path as written, return the file's text, or its bytes
 * (`readFileSync(path)`: read as a trace file is, UTF-8 or, with its byte-order mark, UTF-16), at
 * once, not a Promise (loadScenario reads files asynchronously); or throw.
 */
export type TraceReader = (path: string) => string | Uint8Array;

/**
 * The input pipeline: JSON text → syntax, nesting and duplicate-key check → schema → cross-field
 * checks → trace → a frozen `Scenario` with defaults filled in. The input is never modified.
 * @throws InputError listing every problem found, each with its path, expectation and the value found
 * (and for `text` that is not a string).
 */
export function parseScenario(text: string, named?: string, readTrace?: TraceReader): Scenario {
  checkSource(named);
  // Left out, the messages have no heading.
  const source = named ?? '';
  // A JavaScript caller may hand over readFileSync's Buffer, which the parser would fail on with a TypeError.
  if (typeof text !== 'string') {
    const found = ArrayBuffer.isView(text) ? 'bytes, not text (decode them first, or use loadScenario)' : show(text);
    throw new InputError([{ path: '(file)', expected: "must be the scenario's JSON text, a string", found }], source);
  }
  const raw = parseJson(text, source, schemaRangeOf);
  return validateScenario(raw, source, readTrace);
}

/**
 * A JavaScript caller's `source` that is not text headed every message with it as String() renders
 * it (`[object Object]: 6 problems`). Left out, the messages have no heading, as before.
 */
function checkSource(source: unknown): void {
  if (source !== undefined && typeof source !== 'string') {
    throw new InputError([{ path: 'source', expected: 'must be a string naming where the scenario came from (a file name, say), or be left out', found: show(source) }]);
  }
}

/** Like `parseScenario` for an already parsed value. @throws InputError */
export function validateScenario(raw: unknown, named?: string, readTrace?: TraceReader): Scenario {
  checkSource(named);
  // Left out, the messages have no heading.
  const source = named ?? '';
  // Else its TypeError was reported as the trace file being unreadable, or, without a trace, passed unseen.
  if (readTrace !== undefined && typeof readTrace !== 'function') {
    throw new InputError([{ path: 'readTrace', expected: 'must be a function that returns the text of the trace at a path, or be left out', found: show(readTrace) }], source);
  }
  let r: CheckedScenario;
  try {
    r = checkScenario(raw, source);
  } catch (err) {
    // The trace's problems too, so that one pass lists every problem (without a reader, only the file's).
    const t = readTrace ? traceOfFailed(err, raw) : undefined;
    if (!t) throw err;
    let text: string;
    try {
      text = callReader(readTrace!, t.path);
    } catch (e) {
      throw new InputError([...t.issues, traceUnreadableIssue(t.path, e)], source);
    }
    throw new InputError([...t.issues, ...parseTrace(text, `trace ${t.path}`, t.names).issues], source);
  }
  if (r.arrivals.trace === undefined) return finishScenario(r, undefined);
  if (!readTrace) {
    // The caller's omission, not the file's: said so, not as a trace that could not be read.
    throw new InputError([{ path: 'arrivals.trace', expected: 'needs a readTrace function, given to parseScenario or validateScenario, to read the trace (loadScenario reads it from beside the scenario file)', found: show(r.arrivals.trace) }], source);
  }
  let text: string;
  try {
    text = callReader(readTrace, r.arrivals.trace);
  } catch (err) {
    throw traceUnreadable(r, source, err);
  }
  const { trace, issues } = parseTrace(text, `trace ${r.arrivals.trace}`, r.fleet.map((f) => f.name));
  if (!trace) throw new InputError(issues, source);
  checkTraceReachesHorizon(r, trace, source);
  return finishScenario(r, trace);
}

/**
 * Refuses a trace of rows that all lie at or after the horizon: none would be simulated, and the
 * run would report no trucks at all. Minutes counted from another start (a month's, a year's) do
 * that. An empty trace is not refused: it says what it means.
 * @throws InputError at arrivals.trace
 */
export function checkTraceReachesHorizon(r: CheckedScenario, trace: TraceColumns, source: string): void {
  const horizon = minutesOfDays(r.horizon.days);
  // The columns are sorted by arrival: the first row is the earliest.
  if (trace.length === 0 || trace.arrivalMin[0] < horizon) return;
  const expected = `must have an arrival before the horizon (horizon.days = ${r.horizon.days}: minute ${horizon}), as arrival_min counts minutes from t = 0, a Monday 00:00`;
  throw new InputError([{ path: 'arrivals.trace', expected, found: `${counted(trace.length, 'row')}, the first at minute ${trace.arrivalMin[0]}` }], source);
}

/**
 * The trace's text from `readTrace`. A reader written in JavaScript may return anything: an async
 * one (fs/promises' readFile) returns a Promise, which the CSV parser would refuse with a TypeError
 * about Buffers, so anything but text is named here, for the caller to report as unreadable. A
 * Buffer passes, as the parser reads one. A promise is never awaited: its failure is caught here,
 * or a missing file would also end the process as an unhandled rejection.
 * @throws Error naming what the reader returned instead, and whatever the reader throws
 */
function callReader(readTrace: TraceReader, path: string): string {
  const text: unknown = readTrace(path);
  if (typeof text === 'string' || text instanceof Uint8Array) return text as string;
  const promise = typeof (text as PromiseLike<unknown> | null)?.then === 'function';
  if (promise) Promise.resolve(text).catch(() => {});
  throw new Error(`the trace reader returned ${promise ? 'a Promise' : show(text)}, not the text (it must return a string, or the file's bytes)`);
}

/**
 * For a scenario that failed its checks (`err`, from checkScenario), what its trace can still be
 * checked against, so that its problems are listed with the file's: the trace's path and the fleet's
 * names, when the file names a trace and every truck type a name; and the file's problems. Undefined
 * when the trace cannot be checked (none named, a path the file's checks refused, or a fleet without
 * names to match its rows to).
 * @throws err itself when it is not an InputError
 */
export function traceOfFailed(err: unknown, raw: unknown): { path: string; names: string[]; issues: readonly InputIssue[] } | undefined {
  if (!(err instanceof InputError)) throw err;
  if (!isObj(raw) || !isObj(raw.arrivals)) return undefined;
  const path = raw.arrivals.trace;
  // A path the file's own checks refused (empty, or too long to be a path) is not read.
  if (typeof path !== 'string' || err.issues.some((i) => i.path === 'arrivals.trace')) return undefined;
  const fleet = raw.fleet;
  if (!Array.isArray(fleet) || fleet.length === 0 || !fleet.every((f) => isObj(f) && typeof f.name === 'string')) return undefined;
  // Rows are matched to the fleet's names: against a name refused, they would be told to use it.
  if (err.issues.some((i) => /^fleet\[\d+\]\.name$/.test(i.path))) return undefined;
  return { path, names: fleet.map((f) => f.name as string), issues: err.issues };
}

/** A scenario that passed every check but the trace's. */
export type CheckedScenario = RawScenario;

/** The first MAX_SCENARIO_ISSUES of `issues`, then a line counting the rest, if any. */
function capped(issues: readonly InputIssue[]): InputIssue[] {
  if (issues.length <= MAX_SCENARIO_ISSUES) return [...issues];
  const rest = issues.length - MAX_SCENARIO_ISSUES;
  return [...issues.slice(0, MAX_SCENARIO_ISSUES), { path: '(scenario)', expected: `has ${counted(rest, 'more problem')} not listed`, stands: rest }];
}

/**
 * Checks everything but the trace: shape and size (without recursion), schema, cross-field rules.
 * @throws InputError listing the problems (at most MAX_SCENARIO_ISSUES, then a count of the rest)
 */
export function checkScenario(given: unknown, source: string): CheckedScenario {
  const shot = snapshot(given);
  if (shot.issues) throw new InputError(capped(shot.issues), source);
  const raw = shot.copy;
  const found = decimalCommas(asWritten(curvesInKw(withUnitHints([...schemaIssues(raw), ...crossFieldIssues(raw)], schemaRangeOf), raw), given), raw, given);
  const issues = [...found, ...underflowIssues(found, given)];
  if (issues.length > 0) throw new InputError(capped(issues), source);
  return raw as RawScenario;
}

/**
 * `issues`, where a truck type's curve gives its points in kW rather than as fractions of its maxKw
 * (each at most the maxKw of a connector the curve is for, one above 1 at least): the first issue
 * on each such curve says so and gives the fractions to write, in place of a percentage's hint (a
 * 75 kW point read as 75 % would be 0.75, where 75 of 250 kW is 0.3). One note a curve: each of
 * its points above 1 is an issue of its own.
 */
function curvesInKw(issues: readonly InputIssue[], raw: unknown): InputIssue[] {
  const said = new Set<string>();
  return issues.map((i) => {
    const m = /^fleet\[(\d+)\]\.curve(?:\.(CCS|MCS))?\[\d+\]\[1\]$/.exec(i.path);
    if (m === null || !i.expected.startsWith('must be a number <= 1')) return i;
    const type = (raw as { fleet?: unknown[] }).fleet?.[Number(m[1])] as { maxKw?: Record<string, unknown>; curve?: unknown } | undefined;
    const points = m[2] === undefined ? type?.curve : (type?.curve as Record<string, unknown> | undefined)?.[m[2]];
    if (!Array.isArray(points) || !isObj(type?.maxKw)) return i;
    const ys = points.map((p) => (Array.isArray(p) ? p[1] : undefined));
    if (!ys.every((y): y is number => typeof y === 'number' && Number.isFinite(y) && y >= 0)) return i;
    const top = Math.max(...ys);
    const limits = (m[2] === undefined ? Object.values(type.maxKw) : [type.maxKw[m[2]]]).filter((k): k is number => typeof k === 'number' && k > 0);
    // One maxKw to be of (a curve for two connectors of other powers gives no one reading); every
    // point past 1 or at 0, as kW are (a 75 among fractions, 1, 1, 75, is a percentage); and a top
    // no percentage reaches, or the maxKw itself (100, 100, 30 of a 400 kW truck are percentages).
    const kwLike = ys.every((y) => y === 0 || y > 1);
    const kw = limits.length === 1 && top <= limits[0] && (top > 100 || top === limits[0]) && kwLike ? limits[0] : undefined;
    // For two connectors, points past any percentage and within the larger maxKw are kW all the
    // same, though of which connector's no one can say: its 50 among 400 and 300 is no 50 %.
    const kwOfTwo = kw === undefined && limits.length > 1 && top > 100 && top <= Math.max(...limits) && kwLike;
    if (kw === undefined && !kwOfTwo) return i;
    const cut = i.expected.indexOf(PERCENT_HINT);
    const rule = cut >= 0 ? i.expected.slice(0, cut) : i.expected;
    const curve = i.path.slice(0, i.path.lastIndexOf('[', i.path.length - 4));
    if (said.has(curve)) return { ...i, expected: rule };
    said.add(curve);
    if (kw === undefined) {
      return { ...i, expected: `${rule}: a curve gives fractions of maxKw, not kW (one curve for both connectors is a fraction of each one's maxKw; a curve by connector, {"CCS": [...], "MCS": [...]}, gives each its own)` };
    }
    const fractions = ys.map((y) => Number((y / kw).toPrecision(6))).join(', ');
    return { ...i, expected: `${rule}: a curve gives fractions of maxKw, not kW (if these points are kW of its ${kw} kW, write ${fractions})` };
  });
}

/**
 * `issues`, where a list has the wrong number of values and reads with the right number as decimal
 * commas (`"weekly": [1,1, 1,1, 1,1, 1,1, 1,1, 0,6, 0,2]`, 14 values of JSON for 7): the count's
 * issue says how to write them. Only where that reading passes the format's checks of the list,
 * so that `[0,1]` written for a pair is never taken for 0.1.
 */
function decimalCommas(issues: readonly InputIssue[], raw: unknown, given: unknown): InputIssue[] {
  return issues.map((i) => {
    const list = / items?$/.test(i.found ?? '') ? commaListAt(given, i.path) : undefined;
    if (list === undefined) return i;
    let read: unknown;
    try {
      read = setAt(raw, parsePath(i.path), list.values);
    } catch {
      // A path through a name the path syntax does not write: no hint, the count's issue stands.
      return i;
    }
    if (schemaIssues(read).some((j) => j.path === i.path || j.path.startsWith(`${i.path}[`))) return i;
    const [whole, part] = list.written.split(',');
    return { ...i, expected: `${i.expected}; a comma separates values in JSON: a decimal is written with a point: ${whole}.${part}, not ${list.written}` };
  });
}

/** The InputError for a trace that could not be read (`err` from the reader). */
function traceUnreadable(r: CheckedScenario, source: string, err: unknown): InputError {
  return new InputError([traceUnreadableIssue(r.arrivals.trace!, err)], source);
}

/**
 * The issue of a trace at `path` that could not be read (`err` from the reader). `looked`, the path
 * opened, is named with a missing file when it is not `path` as written: a scenario run from
 * another folder finds its trace beside itself, which the path alone does not say. `link`: where
 * the path opened points, when it is a symbolic link (a missing file is then a link whose file is gone).
 */
export function traceUnreadableIssue(path: string, err: unknown, looked = path, link?: string): InputIssue {
  // `./x.csv` beside a scenario in the working folder is looked for at x.csv: the same file; and so
  // is `traces\x.csv` looked for at traces/x.csv, its backslashes read as slashes (load.ts).
  const same = normalize(looked) === normalize(path) || normalize(looked) === normalize(path.replaceAll('\\', '/'));
  const where = same ? '' : ` at ${looked}, as a trace's path is relative to the scenario file's folder`;
  // A path written on Windows, opened as written (by a library's reader): elsewhere its backslashes
  // are characters of one name, and / works everywhere. The command line opens it with / there
  // (load.ts, tracePathHere), which the hint would deny.
  const slashes = path.includes('\\') && looked.includes('\\') ? ' (separate folders with /, which every system reads; elsewhere than on Windows a backslash is part of a name)' : '';
  const reason = link !== undefined && (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? `${goneLinkWords(link)}${where}` : unreadableReason(path, err, where, slashes);
  return { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: `${show(path)}: ${reason}` };
}

/**
 * Why a trace at `path` could not be read, in our words where we have them: Node's message repeats
 * the path, resolved, and for a NUL in it (refused before the system is asked) speaks of its
 * argument's type. `where` and `slashes` say more of a file not found.
 */
function unreadableReason(path: string, err: unknown, where: string, slashes: string): string {
  const e = err as NodeJS.ErrnoException | undefined;
  // A ~ no shell expands in a file: the scenario's ~/x.csv is a folder named ~ beside it.
  const home = HOME_SIGN.test(path) ? "; ~ stands for the home folder only where a shell expands it, which it does not in a scenario file: write the whole path, or one relative to the scenario file's folder" : '';
  if (e?.code === 'ENOENT') return `no such file${where}${slashes}${home}`;
  if (e?.code === 'EISDIR') return 'a folder';
  if (path.includes('\0')) return 'a NUL character in the path, which no file name can hold';
  if (isFsError(e)) return fsReason(e);
  return e instanceof Error ? e.message : String(err);
}

/** Fills in defaults and freezes: the last step, once the trace (if any) is read. */
export function finishScenario(r: CheckedScenario, trace: TraceColumns | undefined): Scenario {
  return deepFreeze(normalise(r, trace));
}

// ---------------------------------------------------------------------------------------------
// Checks the schema cannot express. They run on whatever the schema thought of the input, so they
// guard every access: one pass reports every problem at once.

type RawDist = number | ({ dist: DistSpec['dist']; min?: number; max?: number } & Record<string, unknown>);
interface RawScenario {
  name: string;
  description?: string;
  seed?: number;
  horizon: { days: number; warmupDays?: number };
  hub: {
    gridKw?: number | RawProfile;
    allocation?: Scenario['hub']['allocation'];
    waitingSpaces?: number;
    battery?: { capacityKwh: number; powerKw: number; efficiency?: number; initialSoc?: number; strategy?: BatterySpec['strategy']; targetKw?: number };
    chargers: {
      id: string;
      connector: Connector;
      cabinets: number;
      baysPerCabinet?: number;
      cabinetKw: number;
      bayKw?: number;
      reservedFor?: StopClass[];
      failures?: { betweenMin: RawDist; repairMin: RawDist };
      maintenance?: MaintenanceWindow[];
    }[];
  };
  arrivals: { trucksPerDay?: number; hourly?: number[]; weekly?: number[]; hourOfWeek?: number[]; growthPerYear?: number; trace?: string };
  fleet: {
    name: string;
    share?: number;
    batteryKwh: number;
    maxKw: Partial<Record<Connector, number>>;
    curve?: [number, number][] | Partial<Record<Connector, [number, number][]>>;
    stop?: StopClass;
    hourly?: number[];
    demand?: RawDemand;
    behaviour?: RawBehaviour;
  }[];
  demand: RawDemand;
  behaviour?: RawBehaviour;
  economics?: {
    energyPrice?: number | RawProfile;
    demandCharge?: { perKw: number; periodDays?: number };
    connectionCostPerKwYear?: number;
    sellingPrice?: number;
  };
  output?: { powerIntervalMin?: number; serviceThresholdMin?: number };
}

type RawDemand = { arrivalSoc?: RawDist; targetSoc?: RawDist; energyKwh?: RawDist };
type RawBehaviour = { breakMin?: RawDist; leave?: Scenario['behaviour']['leave']; patienceMin?: RawDist };

/** A value given hour by hour: exactly one of the two fields (the cross-field checks see to it). */
type RawProfile = { byHour?: number[]; byHourOfWeek?: number[] };

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const arr = (x: unknown): any[] => (Array.isArray(x) ? x : []);

/** Where each distribution-valued field sits, and the range its draws must lie in. */
const DIST_FIELDS: readonly { path: [string, keyof typeof FIELD_RANGES]; lo: number; hi: number }[] = [
  // (paths relative to the scenario, or to a fleet type for its overrides)
  { path: ['demand', 'arrivalSoc'], ...FIELD_RANGES.arrivalSoc },
  { path: ['demand', 'targetSoc'], ...FIELD_RANGES.targetSoc },
  { path: ['demand', 'energyKwh'], ...FIELD_RANGES.energyKwh },
  { path: ['behaviour', 'breakMin'], ...FIELD_RANGES.breakMin },
  { path: ['behaviour', 'patienceMin'], ...FIELD_RANGES.patienceMin },
];

/** Half of a character: a high surrogate without a low one after it, or a low one without a high one before. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function crossFieldIssues(raw: unknown): InputIssue[] {
  if (!isObj(raw)) return [];
  const issues: InputIssue[] = [];
  const add = (path: string, expected: string, found?: unknown) =>
    issues.push({ path, expected, found: found === undefined ? undefined : show(found) });
  // For a rule broken by fields given together: the found names them, as written, rather than a value.
  const addGiven = (path: string, expected: string, given: readonly string[]) => issues.push({ path, expected, found: given.join(' and ') });

  // The description, which run.json and report.html carry, must be whole characters: JSON's "\ud800"
  // escape alone is half of one, which UTF-8 cannot write, and the files would hold U+FFFD in its
  // place. (Names and ids are held to ASCII by their patterns.)
  if (typeof raw.description === 'string' && LONE_SURROGATE.test(raw.description)) {
    add('description', 'must be text of whole characters: a \\ud800–\\udfff escape stands for half of one, and only with its other half', raw.description);
  }

  const h = raw.horizon;
  // Only against a valid horizon: a days value the schema already refuses would make a second message about the same mistake.
  // Compared as the clock keeps them, in millionths of a minute: a warm-up a hair short of the
  // horizon (0.9999999999 of 1 day) left no statistics window once rounded, and every metric empty.
  if (isObj(h) && isNum(h.days) && h.days > 0) {
    if (!(minutesOfDays(h.days) > 0)) add('horizon.days', 'must be long enough for the clock, which keeps minutes to six decimals, to count it: at least about 3.5e-10 days', h.days);
    else if (isNum(h.warmupDays) && minutesOfDays(h.warmupDays) >= minutesOfDays(h.days)) {
      add('horizon.warmupDays', `must be less than horizon.days (${h.days})${h.warmupDays < h.days ? ', kept to six decimals of a minute as the clock keeps them: this leaves no statistics window' : ''}`, h.warmupDays);
    }
  }

  const chargers = isObj(raw.hub) ? arr(raw.hub.chargers) : [];
  const connectors = new Set<string>();
  const ids = new Set<string>();
  let bays = 0;
  chargers.forEach((c, i) => {
    if (!isObj(c)) return;
    if (typeof c.connector === 'string') connectors.add(c.connector);
    if (typeof c.id === 'string') {
      if (ids.has(c.id)) add(`hub.chargers[${i}].id`, 'must be unique among chargers', c.id);
      ids.add(c.id);
    }
    const perCabinet = c.baysPerCabinet === undefined ? 1 : c.baysPerCabinet;
    if (isNum(c.cabinets) && isNum(perCabinet) && c.cabinets > 0 && perCabinet > 0) bays += c.cabinets * perCabinet;
    const at = `hub.chargers[${i}]`;
    if (isObj(c.failures)) {
      for (const key of ['betweenMin', 'repairMin'] as const) {
        if (c.failures[key] !== undefined) distIssues(c.failures[key], `${at}.failures.${key}`, FIELD_RANGES[key].lo, FIELD_RANGES[key].hi, add);
      }
    }
    arr(c.maintenance).forEach((w, k) => {
      if (isObj(w) && isNum(w.startMin) && isNum(w.endMin) && !(w.endMin > w.startMin)) {
        add(`${at}.maintenance[${k}].endMin`, `must be greater than startMin (${w.startMin})`, w.endMin);
      }
    });
  });
  // Which connectors serve each stop class: a group open to a class (all of them unless reserved).
  const servesClass = (connector: string, stop: string) =>
    chargers.some((c) => isObj(c) && c.connector === connector && (!Array.isArray(c.reservedFor) || c.reservedFor.includes(stop)));
  // Whether every group's connector is one the schema accepts: a misspelt one ("ccs") is reported
  // there, and would otherwise also leave every truck type that names the right one without a bay.
  // A group that is no object is the schema's too, the others' connectors still counting; but with
  // no group an object (["ccs"]) the hub has no connector to tell a type of.
  const connectorsValid = chargers.some(isObj) && chargers.every((c) => !isObj(c) || (CONNECTORS as readonly unknown[]).includes(c.connector));
  // Whether each group's reservation is one the schema accepts: a misspelt class would otherwise
  // also leave every fleet type of the classes meant without a bay, a message per type.
  const reservationsValid = chargers.every(
    (c) => !isObj(c) || c.reservedFor === undefined || (Array.isArray(c.reservedFor) && c.reservedFor.length > 0 && c.reservedFor.every((k: unknown) => (STOP_CLASSES as readonly unknown[]).includes(k))),
  );
  if (bays > MAX_BAYS) issues.push({ path: 'hub.chargers', expected: `must have at most ${MAX_BAYS} bays in all (cabinets x baysPerCabinet, over every group)`, found: `${bays} bays` });

  const a = raw.arrivals;
  if (isObj(a)) {
    const hasRate = a.trucksPerDay !== undefined;
    const rateFields = ['hourly', 'weekly', 'hourOfWeek', 'growthPerYear'].filter((k) => a[k] !== undefined);
    if (a.trace !== undefined && (hasRate || rateFields.length > 0)) {
      issues.push({
        path: 'arrivals',
        expected: 'must give either trace or trucksPerDay (with optional hourly/weekly or hourOfWeek, and growthPerYear), not both',
        found: `trace and ${[...(hasRate ? ['trucksPerDay'] : []), ...rateFields].join(', ')}`,
      });
    } else if (a.trace === undefined && !hasRate) {
      add('arrivals.trucksPerDay', 'is required (or give a trace)');
    }
    if (a.hourOfWeek !== undefined && (a.hourly !== undefined || a.weekly !== undefined)) {
      addGiven('arrivals.hourOfWeek', 'must not be given with hourly or weekly: it replaces both', ['hourOfWeek', ...['hourly', 'weekly'].filter((k) => a[k] !== undefined)]);
    }
    const grown = isNum(a.trucksPerDay) && isNum(a.growthPerYear) && isObj(h) && isNum(h.days) ? a.trucksPerDay * Math.pow(1 + a.growthPerYear, h.days / 365) : NaN;
    if (grown > MAX_TRUCKS_PER_DAY) {
      // A finding worked out, not a value as written: unquoted, as the count of bays above.
      issues.push({ path: 'arrivals.growthPerYear', expected: `must keep trucksPerDay at most ${MAX_TRUCKS_PER_DAY} up to the horizon (${h!.days} days)`, found: `${a.growthPerYear}: ${Math.round(grown)} trucks a day at the horizon` });
    }
    for (const key of ['hourly', 'weekly', 'hourOfWeek']) weightsIssue(a[key], `arrivals.${key}`, add);
  }

  const fleet = arr(raw.fleet);
  const names = new Set<string>();
  let shareSum = 0;
  let sharesKnown = true;
  fleet.forEach((f, i) => {
    // A type that is no object (refused as such) has no share to add up: the sum is not known.
    if (!isObj(f)) {
      sharesKnown = false;
      return;
    }
    const at = `fleet[${i}]`;
    if (typeof f.name === 'string') {
      if (names.has(f.name)) add(`${at}.name`, 'must be unique in the fleet', f.name);
      names.add(f.name);
    }
    if (f.share === undefined) shareSum += 1;
    // A share the schema already refused (negative) is said once, as itself: the sum it would make
    // is no second problem (a "sum" of -0.29999999999999993 only repeats it, with float noise).
    else if (isNum(f.share) && f.share >= 0) shareSum += f.share;
    else sharesKnown = false;
    // Keys of maxKw that are no connector at all (`ccs`, `CSS`) are the schema's to name, with the
    // one meant: the type's want of a connector the hub has, or a curve for the connector meant, is
    // that same mistake, said once.
    const given = isObj(f.maxKw) ? Object.keys(f.maxKw) : [];
    const known = given.every((k) => (CONNECTORS as readonly string[]).includes(k));
    if (isObj(f.maxKw) && chargers.length > 0 && connectorsValid) {
      const usable = given.filter((k) => connectors.has(k));
      const stop = typeof f.stop === 'string' ? f.stop : 'break';
      if (usable.length === 0 && given.length > 0 && known) {
        add(`${at}.maxKw`, `must include a connector the hub has (${[...connectors].join(', ') || 'none'}): no bay can serve this type`, f.maxKw);
      } else if (reservationsValid && usable.length > 0 && !usable.some((k) => servesClass(k, stop))) {
        // The groups that hold the bays back, by their paths: a placeholder would leave them to be found.
        const groups = chargers.flatMap((c, j) => (isObj(c) && usable.includes(c.connector as string) ? [`hub.chargers[${j}].reservedFor`] : []));
        add(`${at}.stop`, `must be a class some bay with its connectors (${usable.join(', ')}) is open to: ${listed(groups)} ${groups.length > 1 ? 'reserve their bays' : 'reserves its bays'} for other classes, so no bay can serve this type`, stop);
      }
    }
    if (Array.isArray(f.curve)) curveIssues(f.curve, `${at}.curve`, add);
    else if (isObj(f.curve)) {
      for (const [k, points] of Object.entries(f.curve)) {
        // A key that is no connector is refused as an unknown field: its points are not also judged, under a second spelling of its path.
        if (Array.isArray(points) && (CONNECTORS as readonly string[]).includes(k)) curveIssues(points, `${at}.curve.${k}`, add);
        if (isObj(f.maxKw) && known && (CONNECTORS as readonly string[]).includes(k) && f.maxKw[k] === undefined) {
          add(`${at}.curve.${k}`, `must be for a connector of maxKw (${given.join(', ')})`, k);
        }
      }
    }
    if (isObj(f.demand)) {
      if (f.demand.targetSoc !== undefined && f.demand.energyKwh !== undefined) addGiven(`${at}.demand`, 'must give targetSoc or energyKwh, not both', ['targetSoc', 'energyKwh']);
      overrideIssues(f.demand, `${at}.demand`, ['arrivalSoc', 'targetSoc', 'energyKwh'], add);
    }
    if (isObj(f.behaviour)) overrideIssues(f.behaviour, `${at}.behaviour`, ['breakMin', 'patienceMin'], add);
    // A type's hours of arrival shape its part of the rate: a trace gives every time itself, and
    // hourOfWeek has no hours of the day apart from its days for the type's to replace.
    weightsIssue(f.hourly, `${at}.hourly`, add);
    if (f.hourly !== undefined && isObj(a)) {
      if (a.trace !== undefined) add(`${at}.hourly`, "must not be given with arrivals.trace: the trace gives every arrival's time (name each truck's type in its fleet column)", f.hourly);
      else if (a.hourOfWeek !== undefined) add(`${at}.hourly`, "must not be given with arrivals.hourOfWeek: give arrivals.hourly and weekly instead (weekly then shapes every type's days)", f.hourly);
    }
  });
  if (fleet.length > 0 && sharesKnown && shareSum <= 0) add('fleet[*].share', 'must sum to more than 0', shareSum);

  const d = raw.demand;
  if (isObj(d)) {
    const t = d.targetSoc !== undefined;
    const e = d.energyKwh !== undefined;
    if (t && e) addGiven('demand', 'must give targetSoc or energyKwh, not both', ['targetSoc', 'energyKwh']);
    else if (!t && !e) add('demand', 'must give targetSoc or energyKwh');
  }

  for (const field of DIST_FIELDS) {
    const parent = raw[field.path[0]];
    if (!isObj(parent) || parent[field.path[1]] === undefined) continue;
    distIssues(parent[field.path[1]], field.path.join('.'), field.lo, field.hi, add);
  }
  siteIssues(raw, add, addGiven);
  return issues;
}

/** A profile of weights (numbers; their count is the schema's to check) that adds up to nothing, and so would bring no trucks at all. */
function weightsIssue(w: unknown, at: string, add: (p: string, e: string, f?: unknown) => void): void {
  if (Array.isArray(w) && w.every(isNum) && w.length > 0 && w.reduce((s: number, v: number) => s + v, 0) <= 0) add(at, 'must have a positive sum', w);
}

/** The distribution-valued fields of a type's demand or behaviour override. */
function overrideIssues(o: Record<string, any>, at: string, keys: readonly (keyof typeof FIELD_RANGES)[], add: (p: string, e: string, f?: unknown) => void): void {
  for (const key of keys) if (o[key] !== undefined) distIssues(o[key], `${at}.${key}`, FIELD_RANGES[key].lo, FIELD_RANGES[key].hi, add);
}

/** The grid limit's schedule, the battery and the economics: what they need of each other. */
function siteIssues(raw: Record<string, any>, add: (p: string, e: string, f?: unknown) => void, addGiven: (p: string, e: string, given: readonly string[]) => void): void {
  const hub = isObj(raw.hub) ? raw.hub : {};
  const grid = hub.gridKw;
  if (isObj(grid)) {
    profileIssues(grid, 'hub.gridKw', addGiven);
    const values = profileValues(grid);
    if (values && values.every(isNum) && !values.some((v) => v >= 1)) {
      add('hub.gridKw', 'must have a largest value of at least 1 kW: the site could never draw power', Math.max(...values));
    }
  }
  const battery = hub.battery;
  // A misspelt strategy is the schema's to report: what it needs of the others is unknown.
  if (isObj(battery) && (battery.strategy === undefined || (BATTERY_STRATEGIES as readonly unknown[]).includes(battery.strategy))) {
    const peak = battery.strategy === 'peakShaving';
    if (battery.targetKw !== undefined && !peak) {
      add('hub.battery.targetKw', 'must be left out unless hub.battery.strategy is "peakShaving": greedy follows the grid limit', battery.targetKw);
    }
    if (grid === undefined && !(peak && battery.targetKw !== undefined)) {
      const strategy = battery.strategy === undefined ? 'strategy "greedy" (the default)' : `strategy ${show(battery.strategy)}${peak ? ' without a targetKw' : ''}`;
      addGiven('hub.battery', 'needs a grid limit (hub.gridKw) or strategy "peakShaving" with a targetKw: otherwise it has nothing to top up and never discharges', ['no hub.gridKw', strategy]);
    }
  }
  const e = raw.economics;
  if (!isObj(e)) return;
  if (isObj(e.energyPrice)) profileIssues(e.energyPrice, 'economics.energyPrice', addGiven);
  if (e.connectionCostPerKwYear !== undefined && grid === undefined) {
    add('economics.connectionCostPerKwYear', 'needs hub.gridKw: an unlimited connection has no size to price', e.connectionCostPerKwYear);
  }
  const interval = isObj(raw.output) && raw.output.powerIntervalMin !== undefined ? raw.output.powerIntervalMin : OUTPUT_DEFAULTS.powerIntervalMin;
  const days = isObj(e.demandCharge) ? (e.demandCharge.periodDays ?? ECONOMICS_DEFAULTS.periodDays) : undefined;
  // A period under its own bound of a day has that problem already; this one is for long intervals.
  if (isNum(days) && days >= 1 && isNum(interval) && days * 1440 < interval) {
    add('economics.demandCharge.periodDays', `must be at least one power interval long (output.powerIntervalMin = ${interval} minutes)`, days);
  }
}

/** An hour-by-hour value names exactly one of its two forms. */
function profileIssues(p: Record<string, any>, at: string, addGiven: (p: string, e: string, given: readonly string[]) => void): void {
  if (p.byHour !== undefined && p.byHourOfWeek !== undefined) addGiven(at, 'must give byHour or byHourOfWeek, not both', ['byHour', 'byHourOfWeek']);
}

/** The values of an hour-by-hour profile as written (byHour or byHourOfWeek), if it is one. */
function profileValues(p: Record<string, any>): unknown[] | undefined {
  return Array.isArray(p.byHour) ? p.byHour : Array.isArray(p.byHourOfWeek) ? p.byHourOfWeek : undefined;
}

/**
 * Least fraction of maxKw a curve's points may give below SoC 1: up to its last point before SoC 1, a
 * charge never takes more than 100 times its flat-out time. (The point at SoC 1 may be 0, a battery
 * that takes nothing when full: the steps of the last piece, each its mean over about 0.5 % of SoC,
 * fall towards it.)
 */
const MIN_CURVE_FRACTION = 0.01;

function curveIssues(curve: unknown[], at: string, add: (p: string, e: string, f?: unknown) => void): void {
  const points = curve.filter((p): p is [number, number] => Array.isArray(p) && p.length === 2 && isNum(p[0]) && isNum(p[1]));
  if (points.length !== curve.length || points.length < 2) return; // the schema reports malformed points
  // An end outside [0, 1] is the schema's to report (with the percentage it likely was), once.
  if (points[0][0] > 0 && points[0][0] <= 1) add(`${at}[0][0]`, 'must be 0: the curve starts at SoC 0', points[0][0]);
  if (points[points.length - 1][0] < 1 && points[points.length - 1][0] >= 0) add(`${at}[${points.length - 1}][0]`, 'must be 1: the curve ends at SoC 1', points[points.length - 1][0]);
  // A SoC or a fraction outside its range is the schema's to report (a SoC of 80 in per cent, say):
  // it is not compared with its neighbours too, so that one mistake makes one message.
  const inRange = (soc: number) => soc >= 0 && soc <= 1;
  let previous: number | undefined;
  for (let i = 0; i < points.length; i++) {
    if (!inRange(points[i][0])) continue;
    if (previous !== undefined && !(points[i][0] > previous)) add(`${at}[${i}][0]`, `must be greater than the previous point's SoC (${previous})`, points[i][0]);
    previous = points[i][0];
  }
  points.forEach((p, i) => {
    if (p[0] < 1 && p[1] >= 0 && p[1] < MIN_CURVE_FRACTION) {
      add(`${at}[${i}][1]`, `must be >= ${MIN_CURVE_FRACTION} below SoC 1, or a truck would (almost) never charge past it`, p[1]);
    }
  });
}

function distIssues(d: unknown, at: string, lo: number, hi: number, add: (p: string, e: string, f?: unknown) => void): void {
  let refused = false;
  const refuse = (p: string, e: string, f?: unknown) => {
    refused = true;
    add(p, e, f);
  };
  const range = hi === Infinity ? `>= ${lo}` : `in [${lo}, ${hi}]`;
  if (isNum(d)) {
    if (d < lo || d > hi) refuse(at, `must be a number ${range}`, d);
    return;
  }
  if (!isObj(d) || typeof d.dist !== 'string') return;
  const spec = toSpecUnchecked(d);
  if (!spec) return;
  const inside = (x: number) => x >= lo && x <= hi;
  switch (spec.dist) {
    case 'uniform':
      if (spec.min >= spec.max) refuse(`${at}.max`, `must be greater than min (${spec.min})`, spec.max);
      break;
    case 'triangular':
      // min = max is no triangle whatever the mode: said of max, as uniform's is, with the value it fixes.
      if (!(spec.min < spec.max)) refuse(`${at}.max`, `must be greater than min (${spec.min})${spec.min === spec.max ? `: for the one value ${spec.min}, write ${spec.min}` : ''}`, spec.max);
      // A mode outside the field's own range (a SoC's 20 for 0.2) is told so below, with the fraction.
      else if (!(spec.min <= spec.mode && spec.mode <= spec.max) && inside(spec.mode)) refuse(`${at}.mode`, `must lie in [min, max] with min < max`, spec.mode);
      break;
    case 'empirical':
      if (spec.weights && spec.weights.length !== spec.values.length) refuse(`${at}.weights`, `must have one weight per value (${spec.values.length})`, spec.weights.length);
      else if (spec.weights && spec.weights.reduce((s, v) => s + v, 0) <= 0) refuse(`${at}.weights`, 'must have a positive sum', spec.weights);
      break;
    default:
  }
  // A SoC's mean above 1 is a percentage (20 for 0.2), not a shape: normal(20, 7) keeps enough of
  // its mass in [0, 1] to pass the window check, and every truck would draw a SoC near 1. With a
  // max in [0, 1], a mean just above 1 is a shape truncated on purpose (normal(1.05, 0.2) kept in
  // [0.5, 1]: most trucks charged to full), which the window check judges; from 2 up, a percentage.
  const truncated = isNum(d.max) && inside(d.max);
  // The same of a gamma's or a Weibull's mean, set by its scale (a percentage's scale is 100 times
  // the fraction's). Under 2, a max in [0, 1] would make it a shape truncated on purpose: said, as
  // the way out (a percentage's hint is the unit hints' for a mean, the scale's here).
  const shaped = ['normal', 'lognormal', 'exponential', 'gamma', 'weibull'].includes(spec.dist);
  const mean = hi === 1 && shaped ? meanOf(spec) : NaN;
  if (mean > hi && (!truncated || likelyPercentage(mean))) {
    const wayOut = likelyPercentage(mean) ? '' : ', or under 2 with a max in [0, 1] to truncate it';
    if (spec.dist === 'normal' || spec.dist === 'lognormal' || spec.dist === 'exponential') refuse(`${at}.mean`, `must be a number ${range}${wayOut}`, spec.mean);
    else if (spec.dist === 'gamma' || spec.dist === 'weibull') {
      const shown = (v: number) => Number(v.toPrecision(6));
      const percent = wayOut || `${PERCENT_HINT}${percentAsFraction(shown(mean))}, with a scale of ${shown(spec.scale / 100)}`;
      refuse(`${at}.scale`, `must give a mean (${spec.dist === 'gamma' ? 'shape × scale' : 'scale × Γ(1 + 1/shape)'}, here ${shown(mean)}) ${range}${percent}`, spec.scale);
    }
  }
  // And a spread written as a percentage, normal(0.2, 7), which kept to [0, 1] draws nearly
  // uniformly, as any spread wider than the range does, whatever it is meant to be.
  if (hi === 1 && (spec.dist === 'normal' || spec.dist === 'lognormal') && spec.sd > hi) refuse(`${at}.sd`, `must be a number ${range}`, spec.sd);
  // Each bound (and a triangle's mode) a value of the field itself.
  const values = spec.dist === 'uniform' ? { min: spec.min, max: spec.max } : spec.dist === 'triangular' ? { min: spec.min, mode: spec.mode, max: spec.max } : {};
  for (const [k, v] of Object.entries(values)) if (!inside(v)) refuse(`${at}.${k}`, `must be a number ${range}`, v);
  if (spec.dist === 'constant' && !inside(spec.value)) refuse(`${at}.value`, `must be a number ${range}`, spec.value);
  if (spec.dist === 'empirical') {
    spec.values.forEach((v, i) => {
      if (!inside(v)) refuse(`${at}.values[${i}]`, `must be a number ${range}`, v);
    });
  }
  const tmin = isNum(d.min) && spec.dist !== 'uniform' && spec.dist !== 'triangular' ? d.min : undefined;
  const tmax = isNum(d.max) && spec.dist !== 'uniform' && spec.dist !== 'triangular' ? d.max : undefined;
  if (tmin !== undefined && !inside(tmin)) add(`${at}.min`, `must be a number ${range}`, tmin);
  if (tmax !== undefined && !inside(tmax)) add(`${at}.max`, `must be a number ${range}`, tmax);
  // A bound on the far side of the range leaves no window at all: that is the bound's mistake,
  // already reported, not the distribution's (a SoC written in percent, min 5 and max 60).
  if ((tmin !== undefined && tmin > hi) || (tmax !== undefined && tmax < lo)) return;
  if (tmin !== undefined && tmax !== undefined && tmin > tmax) {
    add(`${at}`, 'must have min <= max', { min: tmin, max: tmax });
    return;
  }
  // One mistake, one message: a distribution whose own parameters were refused would fail the window
  // check for the same reason (its values lie outside the field's range) or be checked on nonsense
  // (weights of the wrong length, or none that count). A truncation bound outside the range is
  // another matter: the window is clamped to the range, so a distribution that misses it is a
  // second mistake, still reported.
  if (refused) return;
  const wlo = Math.max(lo, tmin ?? -Infinity);
  const whi = Math.min(hi, tmax ?? Infinity);
  // Only finite draws count (a sampler redraws the others), hence MAX_VALUE for an open end. A mass
  // that cannot be computed (NaN) counts as none: a sampler could not be trusted to hit it.
  const mass = windowMass(spec, wlo, Math.min(whi, Number.MAX_VALUE));
  if (!(mass >= MIN_WINDOW_MASS)) {
    const window = `[${wlo}, ${whi === Infinity ? '∞' : whi}]`;
    add(at, `must give values in ${window} with some probability: this ${spec.dist} distribution almost never does (impossible window)`, d);
  }
}

/** Builds a DistSpec from a raw object whose parameters are numbers; undefined if any is missing. */
function toSpecUnchecked(d: Record<string, any>): DistSpec | undefined {
  const need = (...keys: string[]) => keys.every((k) => isNum(d[k]));
  switch (d.dist) {
    case 'constant':
      return need('value') ? { dist: 'constant', value: d.value } : undefined;
    case 'uniform':
      return need('min', 'max') ? { dist: 'uniform', min: d.min, max: d.max } : undefined;
    case 'normal':
      return need('mean', 'sd') && d.sd >= 0 ? { dist: 'normal', mean: d.mean, sd: d.sd } : undefined;
    case 'lognormal':
      return need('mean', 'sd') && d.mean > 0 && d.sd >= 0 ? { dist: 'lognormal', mean: d.mean, sd: d.sd } : undefined;
    case 'exponential':
      return need('mean') && d.mean > 0 ? { dist: 'exponential', mean: d.mean } : undefined;
    case 'gamma':
    case 'weibull':
      return need('shape', 'scale') && d.shape > 0 && d.scale > 0 ? { dist: d.dist, shape: d.shape, scale: d.scale } : undefined;
    case 'triangular':
      return need('min', 'mode', 'max') ? { dist: 'triangular', min: d.min, mode: d.mode, max: d.max } : undefined;
    case 'empirical': {
      const values = arr(d.values);
      const weights = d.weights;
      if (values.length === 0 || !values.every(isNum)) return undefined;
      // Weights that are no list, an empty one, or not all numbers >= 0 are the schema's to report.
      if (weights !== undefined && !(Array.isArray(weights) && weights.length > 0 && weights.every((w) => isNum(w) && w >= 0))) return undefined;
      // Weights past the schema's bound whose sum overflows: the schema names them; the window
      // checked on them would be told impossible, however its values lie.
      if (weights !== undefined && !Number.isFinite((weights as number[]).reduce((sum, w) => sum + w, 0))) return undefined;
      // Copies: the scenario is frozen, and the caller's own lists would be frozen with it, so that
      // editing one for the next design (README: a scenario in code) failed, or in sloppy mode was
      // ignored while every design ran with the first one's values.
      return { dist: 'empirical', values: [...values], weights: weights === undefined ? undefined : [...weights] };
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Normalisation of an input that passed every check.

/** Families whose draws the checks above keep inside the field's range: they need no redraw for it. */
const BOUNDED = new Set<DistSpec['dist']>(['constant', 'uniform', 'triangular', 'empirical']);

function normaliseDist(d: RawDist, lo: number, hi: number): DistSpec {
  if (typeof d === 'number') return { dist: 'constant', value: d };
  const spec = toSpecUnchecked(d)!;
  const own = spec.dist !== 'uniform' && spec.dist !== 'triangular';
  const wlo = Math.max(lo, own && isNum(d.min) ? d.min : -Infinity);
  const whi = Math.min(hi, own && isNum(d.max) ? d.max : Infinity);
  // Draws are always kept inside the field's own range; an unbounded family is always truncated
  // to it, however little probability lies outside, so that no draw ever leaves it.
  if (BOUNDED.has(spec.dist) && windowMass(spec, wlo, whi) >= 1) return spec;
  return { ...spec, trunc: { min: wlo, max: Math.min(whi, Number.MAX_VALUE) } };
}


const FLAT: CurvePoints = [
  [0, 1],
  [1, 1],
];

const copyCurve = (c: readonly (readonly [number, number])[]): CurvePoints => c.map(([s, p]) => [s, p] as const);

/** A type's `demand` or `behaviour`: the scenario's, with the type's overrides (the same objects where not overridden). */
function overrideDemand(base: Demand, o: RawDemand | undefined): Demand {
  if (!o) return base;
  const dist = (d: RawDist | undefined, key: keyof typeof FIELD_RANGES) => (d === undefined ? undefined : normaliseDist(d, FIELD_RANGES[key].lo, FIELD_RANGES[key].hi));
  const ownGoal = o.targetSoc !== undefined || o.energyKwh !== undefined;
  return {
    arrivalSoc: dist(o.arrivalSoc, 'arrivalSoc') ?? base.arrivalSoc,
    targetSoc: ownGoal ? dist(o.targetSoc, 'targetSoc') : base.targetSoc,
    energyKwh: ownGoal ? dist(o.energyKwh, 'energyKwh') : base.energyKwh,
  };
}

function overrideBehaviour(base: Behaviour, o: RawBehaviour | undefined): Behaviour {
  if (!o) return base;
  return {
    breakMin: o.breakMin === undefined ? base.breakMin : normaliseDist(o.breakMin, FIELD_RANGES.breakMin.lo, FIELD_RANGES.breakMin.hi),
    leave: o.leave ?? base.leave,
    patienceMin: o.patienceMin === undefined ? base.patienceMin : normaliseDist(o.patienceMin, FIELD_RANGES.patienceMin.lo, FIELD_RANGES.patienceMin.hi),
  };
}

function normalise(r: RawScenario, trace: TraceColumns | undefined): Scenario {
  const chargers: ChargerGroup[] = r.hub.chargers.map((c) => ({
    id: c.id,
    connector: c.connector,
    cabinets: c.cabinets,
    baysPerCabinet: c.baysPerCabinet ?? SCENARIO_DEFAULTS['hub.chargers[].baysPerCabinet'],
    cabinetKw: c.cabinetKw,
    bayKw: c.bayKw ?? c.cabinetKw,
    reservedFor: c.reservedFor ? STOP_CLASSES.filter((k) => c.reservedFor!.includes(k)) : [...STOP_CLASSES],
    failures: c.failures && {
      betweenMin: normaliseDist(c.failures.betweenMin, FIELD_RANGES.betweenMin.lo, FIELD_RANGES.betweenMin.hi),
      repairMin: normaliseDist(c.failures.repairMin, FIELD_RANGES.repairMin.lo, FIELD_RANGES.repairMin.hi),
    },
    maintenance: (c.maintenance ?? []).map((w) => ({ ...w })),
  }));
  const b = r.behaviour ?? {};
  const demand: Demand = {
    arrivalSoc: normaliseDist(r.demand.arrivalSoc ?? SCENARIO_DEFAULTS['demand.arrivalSoc'], FIELD_RANGES.arrivalSoc.lo, FIELD_RANGES.arrivalSoc.hi),
    targetSoc: r.demand.targetSoc === undefined ? undefined : normaliseDist(r.demand.targetSoc, FIELD_RANGES.targetSoc.lo, FIELD_RANGES.targetSoc.hi),
    energyKwh: r.demand.energyKwh === undefined ? undefined : normaliseDist(r.demand.energyKwh, FIELD_RANGES.energyKwh.lo, FIELD_RANGES.energyKwh.hi),
  };
  const behaviour: Behaviour = {
    breakMin: normaliseDist(b.breakMin ?? SCENARIO_DEFAULTS['behaviour.breakMin'], FIELD_RANGES.breakMin.lo, FIELD_RANGES.breakMin.hi),
    leave: b.leave ?? SCENARIO_DEFAULTS['behaviour.leave'],
    patienceMin: b.patienceMin === undefined ? undefined : normaliseDist(b.patienceMin, FIELD_RANGES.patienceMin.lo, FIELD_RANGES.patienceMin.hi),
  };
  const shareSum = r.fleet.reduce((s, f) => s + (f.share ?? SCENARIO_DEFAULTS['fleet[].share']), 0);
  const fleet: TruckType[] = r.fleet.map((f) => {
    const given = f.curve;
    const curve = given === undefined ? FLAT : Array.isArray(given) ? copyCurve(given) : Object.fromEntries(Object.entries(given).map(([k, c]) => [k, copyCurve(c!)]));
    const curves: Partial<Record<Connector, CurvePoints>> = {};
    for (const k of CONNECTORS) {
      if (f.maxKw[k] === undefined) continue;
      curves[k] = Array.isArray(curve) ? (curve as CurvePoints) : ((curve as Partial<Record<Connector, CurvePoints>>)[k] ?? FLAT);
    }
    return {
      name: f.name,
      share: (f.share ?? SCENARIO_DEFAULTS['fleet[].share']) / shareSum,
      batteryKwh: f.batteryKwh,
      maxKw: { ...f.maxKw },
      curve,
      curves,
      stop: f.stop ?? SCENARIO_DEFAULTS['fleet[].stop'],
      ...(f.hourly !== undefined ? { hourly: normaliseWeights(f.hourly, 24) } : {}),
      demand: overrideDemand(demand, f.demand),
      behaviour: overrideBehaviour(behaviour, f.behaviour),
    };
  });
  const arrivals: Arrivals = trace
    ? { kind: 'trace', path: r.arrivals.trace!, columns: trace }
    : {
        kind: 'rate',
        trucksPerDay: r.arrivals.trucksPerDay!,
        hourly: normaliseWeights(r.arrivals.hourly, 24),
        weekly: normaliseWeights(r.arrivals.weekly, 7),
        hourOfWeek: r.arrivals.hourOfWeek && normaliseWeights(r.arrivals.hourOfWeek, HOURS_OF_WEEK),
        growthPerYear: r.arrivals.growthPerYear ?? SCENARIO_DEFAULTS['arrivals.growthPerYear'],
      };
  const grid = r.hub.gridKw;
  const byHour = typeof grid === 'object' ? weekOf(grid) : undefined;
  return {
    name: r.name,
    description: r.description ?? '',
    seed: r.seed ?? SCENARIO_DEFAULTS.seed,
    horizon: { days: r.horizon.days, warmupDays: r.horizon.warmupDays ?? SCENARIO_DEFAULTS['horizon.warmupDays'] },
    hub: {
      gridKw: typeof grid === 'number' ? grid : byHour ? Math.max(...byHour) : Infinity,
      // Fields the scenario does not set are left out rather than set to undefined, so that a hub
      // spread into a new raw scenario still passes the schema.
      ...(byHour && { gridKwByHour: byHour }),
      allocation: r.hub.allocation ?? SCENARIO_DEFAULTS['hub.allocation'],
      waitingSpaces: r.hub.waitingSpaces ?? Infinity,
      ...(r.hub.battery && { battery: normaliseBattery(r.hub.battery) }),
      chargers,
    },
    arrivals,
    fleet,
    demand,
    behaviour,
    ...(r.economics && { economics: normaliseEconomics(r.economics) }),
    output: { powerIntervalMin: r.output?.powerIntervalMin ?? OUTPUT_DEFAULTS.powerIntervalMin, serviceThresholdMin: r.output?.serviceThresholdMin ?? OUTPUT_DEFAULTS.serviceThresholdMin },
  };
}

/** An hour-by-hour profile as 168 values, Monday 00:00 first (a day's 24 repeated for each weekday). */
function weekOf(p: RawProfile): number[] {
  if (p.byHourOfWeek) return [...p.byHourOfWeek];
  const day = p.byHour!;
  return Array.from({ length: HOURS_OF_WEEK }, (_, h) => day[h % 24]);
}

function normaliseBattery(b: NonNullable<RawScenario['hub']['battery']>): BatterySpec {
  return {
    capacityKwh: b.capacityKwh,
    powerKw: b.powerKw,
    efficiency: b.efficiency ?? SCENARIO_DEFAULTS['hub.battery.efficiency'],
    initialSoc: b.initialSoc ?? SCENARIO_DEFAULTS['hub.battery.initialSoc'],
    strategy: b.strategy ?? SCENARIO_DEFAULTS['hub.battery.strategy'],
    ...(b.targetKw !== undefined && { targetKw: b.targetKw }),
  };
}

function normaliseEconomics(e: NonNullable<RawScenario['economics']>): Economics {
  const price = e.energyPrice;
  return {
    ...(price !== undefined && { energyPrice: typeof price === 'number' ? new Array<number>(HOURS_OF_WEEK).fill(price) : weekOf(price) }),
    ...(e.demandCharge && { demandCharge: { perKw: e.demandCharge.perKw, periodDays: e.demandCharge.periodDays ?? ECONOMICS_DEFAULTS.periodDays } }),
    ...(e.connectionCostPerKwYear !== undefined && { connectionCostPerKwYear: e.connectionCostPerKwYear }),
    ...(e.sellingPrice !== undefined && { sellingPrice: e.sellingPrice }),
  };
}
