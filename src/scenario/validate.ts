import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { InputError, show, type InputIssue } from '../errors.js';
import { windowMass, type DistSpec } from '../random/distributions/index.js';
import { schemaIssues } from './schema.js';
import { parseTrace } from './trace.js';
import type { Arrivals, ChargerGroup, Connector, Scenario, TraceRow, TruckType } from './types.js';

/** Windows holding less probability than this are rejected: redrawing into them would take ~forever. */
const MIN_WINDOW_MASS = 1e-6;

/** How a scenario gets at its trace: given the path as written, return the file's text or throw. */
export type TraceReader = (path: string) => string;

/**
 * The input pipeline: JSON text → syntax check → schema → cross-field checks → trace → a frozen
 * `Scenario` with defaults filled in. The input is never modified.
 * @throws InputError listing every problem found, each with its path, expectation and the value found.
 */
export function parseScenario(text: string, source: string, readTrace?: TraceReader): Scenario {
  const raw = parseJson(text, source);
  return validateScenario(raw, source, readTrace);
}

/** Like `parseScenario` for an already parsed value. @throws InputError */
export function validateScenario(raw: unknown, source: string, readTrace?: TraceReader): Scenario {
  const issues = [...schemaIssues(raw), ...crossFieldIssues(raw)];
  if (issues.length > 0) throw new InputError(issues, source);
  const r = raw as RawScenario;
  let rows: TraceRow[] | undefined;
  if (r.arrivals.trace !== undefined) {
    let text: string;
    try {
      if (!readTrace) throw new Error('no trace reader');
      text = readTrace(r.arrivals.trace);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      throw new InputError([{ path: 'arrivals.trace', expected: 'must name a readable CSV file', found: `${show(r.arrivals.trace)}: ${reason}` }], source);
    }
    const trace = parseTrace(text, `trace ${r.arrivals.trace}`, r.fleet.map((f) => f.name));
    if (trace.issues.length > 0) throw new InputError(trace.issues, source);
    rows = trace.rows;
  }
  return deepFreeze(normalise(r, rows));
}

/** Parses JSON strictly, reporting a syntax error with its line and column. @throws InputError */
function parseJson(text: string, source: string): unknown {
  if (text.trim() === '') throw new InputError([{ path: '(file)', expected: 'must hold a JSON object', found: 'an empty file' }], source);
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const e = errors[0];
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const column = e.offset - before.lastIndexOf('\n');
    const near = text.slice(e.offset, e.offset + Math.max(1, e.length)).slice(0, 20);
    throw new InputError(
      [{ path: `line ${line}, column ${column}`, expected: `invalid JSON: ${describeJsonError(printParseErrorCode(e.error))}`, found: near ? show(near) : 'end of file' }],
      source,
    );
  }
  return JSON.parse(text);
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
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
    gridKw?: number;
    allocation?: Scenario['hub']['allocation'];
    waitingSpaces?: number;
    chargers: { id: string; connector: Connector; cabinets: number; baysPerCabinet?: number; cabinetKw: number; bayKw?: number }[];
  };
  arrivals: { trucksPerDay?: number; hourly?: number[]; weekly?: number[]; trace?: string };
  fleet: { name: string; share?: number; batteryKwh: number; maxKw: Partial<Record<Connector, number>>; curve?: [number, number][] }[];
  demand: { arrivalSoc?: RawDist; targetSoc?: RawDist; energyKwh?: RawDist };
  behaviour?: { breakMin?: RawDist; leave?: Scenario['behaviour']['leave']; patienceMin?: RawDist };
  output?: { powerIntervalMin?: number; serviceThresholdMin?: number };
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const arr = (x: unknown): any[] => (Array.isArray(x) ? x : []);

/** The range each distribution-valued field's draws must lie in. */
const DIST_FIELDS: readonly { path: [string, string]; lo: number; hi: number; unit: string }[] = [
  { path: ['demand', 'arrivalSoc'], lo: 0, hi: 1, unit: 'SoC' },
  { path: ['demand', 'targetSoc'], lo: 0, hi: 1, unit: 'SoC' },
  { path: ['demand', 'energyKwh'], lo: 0, hi: Infinity, unit: 'kWh' },
  { path: ['behaviour', 'breakMin'], lo: 0, hi: Infinity, unit: 'minutes' },
  { path: ['behaviour', 'patienceMin'], lo: 0, hi: Infinity, unit: 'minutes' },
];

function crossFieldIssues(raw: unknown): InputIssue[] {
  if (!isObj(raw)) return [];
  const issues: InputIssue[] = [];
  const add = (path: string, expected: string, found?: unknown) =>
    issues.push({ path, expected, found: found === undefined ? undefined : show(found) });

  const h = raw.horizon;
  if (isObj(h) && isNum(h.days) && isNum(h.warmupDays) && h.warmupDays >= h.days) {
    add('horizon.warmupDays', `must be less than horizon.days (${h.days})`, h.warmupDays);
  }

  const chargers = isObj(raw.hub) ? arr(raw.hub.chargers) : [];
  const connectors = new Set<string>();
  const ids = new Set<string>();
  chargers.forEach((c, i) => {
    if (!isObj(c)) return;
    if (typeof c.connector === 'string') connectors.add(c.connector);
    if (typeof c.id === 'string') {
      if (ids.has(c.id)) add(`hub.chargers[${i}].id`, 'must be unique among chargers', c.id);
      ids.add(c.id);
    }
  });

  const a = raw.arrivals;
  if (isObj(a)) {
    const hasRate = a.trucksPerDay !== undefined;
    if (a.trace !== undefined && (hasRate || a.hourly !== undefined || a.weekly !== undefined)) {
      add('arrivals', 'must give either trace or trucksPerDay (with optional hourly/weekly), not both');
    } else if (a.trace === undefined && !hasRate) {
      add('arrivals.trucksPerDay', 'is required (or give a trace)');
    }
    for (const key of ['hourly', 'weekly']) {
      const w = a[key];
      if (Array.isArray(w) && w.every(isNum) && w.length > 0 && w.reduce((s, v) => s + v, 0) <= 0) {
        add(`arrivals.${key}`, 'must have a positive sum', w);
      }
    }
  }

  const fleet = arr(raw.fleet);
  const names = new Set<string>();
  let shareSum = 0;
  let sharesKnown = true;
  fleet.forEach((f, i) => {
    if (!isObj(f)) return;
    const at = `fleet[${i}]`;
    if (typeof f.name === 'string') {
      if (names.has(f.name)) add(`${at}.name`, 'must be unique in the fleet', f.name);
      names.add(f.name);
    }
    if (f.share === undefined) shareSum += 1;
    else if (isNum(f.share)) shareSum += f.share;
    else sharesKnown = false;
    if (isObj(f.maxKw) && chargers.length > 0) {
      const usable = Object.keys(f.maxKw).filter((k) => connectors.has(k));
      if (usable.length === 0 && Object.keys(f.maxKw).length > 0) {
        add(`${at}.maxKw`, `must include a connector the hub has (${[...connectors].join(', ') || 'none'}): no bay can serve this type`, f.maxKw);
      }
    }
    if (Array.isArray(f.curve)) curveIssues(f.curve, `${at}.curve`, add);
  });
  if (fleet.length > 0 && sharesKnown && shareSum <= 0) add('fleet[*].share', 'must sum to more than 0', shareSum);

  const d = raw.demand;
  if (isObj(d)) {
    const t = d.targetSoc !== undefined;
    const e = d.energyKwh !== undefined;
    if (t === e) add('demand', t ? 'must give targetSoc or energyKwh, not both' : 'must give targetSoc or energyKwh');
  }

  for (const field of DIST_FIELDS) {
    const parent = raw[field.path[0]];
    if (!isObj(parent) || parent[field.path[1]] === undefined) continue;
    distIssues(parent[field.path[1]], field.path.join('.'), field.lo, field.hi, add);
  }
  return issues;
}

function curveIssues(curve: unknown[], at: string, add: (p: string, e: string, f?: unknown) => void): void {
  const points = curve.filter((p): p is [number, number] => Array.isArray(p) && p.length === 2 && isNum(p[0]) && isNum(p[1]));
  if (points.length !== curve.length || points.length < 2) return; // the schema reports malformed points
  if (points[0][0] !== 0) add(`${at}[0][0]`, 'must be 0: the curve starts at SoC 0', points[0][0]);
  if (points[points.length - 1][0] !== 1) add(`${at}[${points.length - 1}][0]`, 'must be 1: the curve ends at SoC 1', points[points.length - 1][0]);
  for (let i = 1; i < points.length; i++) {
    if (!(points[i][0] > points[i - 1][0])) add(`${at}[${i}][0]`, `must be greater than the previous point's SoC (${points[i - 1][0]})`, points[i][0]);
  }
  points.forEach((p, i) => {
    if (p[0] < 1 && p[1] <= 0) add(`${at}[${i}][1]`, 'must be > 0 below SoC 1, or a truck could never charge past it', p[1]);
  });
}

function distIssues(d: unknown, at: string, lo: number, hi: number, add: (p: string, e: string, f?: unknown) => void): void {
  const range = hi === Infinity ? `>= ${lo}` : `in [${lo}, ${hi}]`;
  if (isNum(d)) {
    if (d < lo || d > hi) add(at, `must be a number ${range}`, d);
    return;
  }
  if (!isObj(d) || typeof d.dist !== 'string') return;
  const spec = toSpecUnchecked(d);
  if (!spec) return;
  switch (spec.dist) {
    case 'uniform':
      if (spec.min >= spec.max) add(`${at}.max`, `must be greater than min (${spec.min})`, spec.max);
      break;
    case 'triangular':
      if (!(spec.min <= spec.mode && spec.mode <= spec.max && spec.min < spec.max)) add(`${at}.mode`, `must lie in [min, max] with min < max`, spec.mode);
      break;
    case 'empirical':
      if (spec.weights && spec.weights.length !== spec.values.length) add(`${at}.weights`, `must have one weight per value (${spec.values.length})`, spec.weights.length);
      else if (spec.weights && spec.weights.reduce((s, v) => s + v, 0) <= 0) add(`${at}.weights`, 'must have a positive sum', spec.weights);
      break;
    default:
  }
  const inside = (x: number) => x >= lo && x <= hi;
  if (spec.dist === 'uniform' || spec.dist === 'triangular') {
    for (const k of ['min', 'max'] as const) if (!inside(spec[k])) add(`${at}.${k}`, `must be a number ${range}`, spec[k]);
  }
  if (spec.dist === 'constant' && !inside(spec.value)) add(`${at}.value`, `must be a number ${range}`, spec.value);
  if (spec.dist === 'empirical') {
    spec.values.forEach((v, i) => {
      if (!inside(v)) add(`${at}.values[${i}]`, `must be a number ${range}`, v);
    });
  }
  const tmin = isNum(d.min) && spec.dist !== 'uniform' && spec.dist !== 'triangular' ? d.min : undefined;
  const tmax = isNum(d.max) && spec.dist !== 'uniform' && spec.dist !== 'triangular' ? d.max : undefined;
  if (tmin !== undefined && tmin < lo) add(`${at}.min`, `must be a number ${range}`, tmin);
  if (tmax !== undefined && tmax > hi) add(`${at}.max`, `must be a number ${range}`, tmax);
  if (tmin !== undefined && tmax !== undefined && tmin > tmax) {
    add(`${at}`, 'must have min <= max', { min: tmin, max: tmax });
    return;
  }
  const wlo = Math.max(lo, tmin ?? -Infinity);
  const whi = Math.min(hi, tmax ?? Infinity);
  const mass = safeMass(spec, wlo, whi);
  if (mass !== undefined && mass < MIN_WINDOW_MASS) {
    const window = `[${wlo}, ${whi === Infinity ? '∞' : whi}]`;
    add(at, `must give values in ${window} with some probability: this ${spec.dist} distribution almost never does (impossible window)`, d);
  }
}

function safeMass(spec: DistSpec, lo: number, hi: number): number | undefined {
  try {
    const m = windowMass(spec, lo, hi);
    return Number.isFinite(m) ? m : undefined;
  } catch {
    return undefined;
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
      const weights = d.weights === undefined ? undefined : arr(d.weights);
      if (values.length === 0 || !values.every(isNum) || (weights && (!weights.every(isNum) || weights.some((w) => w < 0)))) return undefined;
      return { dist: 'empirical', values, weights };
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Normalisation of an input that passed every check.

function normaliseDist(d: RawDist, lo: number, hi: number): DistSpec {
  if (typeof d === 'number') return { dist: 'constant', value: d };
  const spec = toSpecUnchecked(d)!;
  const own = spec.dist !== 'uniform' && spec.dist !== 'triangular';
  const wlo = Math.max(lo, own && isNum(d.min) ? d.min : -Infinity);
  const whi = Math.min(hi, own && isNum(d.max) ? d.max : Infinity);
  // Draws are always kept inside the field's own range; truncate only when the family can leave it.
  if (windowMass(spec, wlo, whi) >= 1) return spec;
  return { ...spec, trunc: { min: wlo, max: whi } };
}

function normaliseWeights(w: readonly number[] | undefined, n: number): number[] {
  if (!w) return new Array(n).fill(1);
  const mean = w.reduce((s, v) => s + v, 0) / n;
  return w.map((v) => v / mean);
}

function normalise(r: RawScenario, rows: TraceRow[] | undefined): Scenario {
  const chargers: ChargerGroup[] = r.hub.chargers.map((c) => ({
    id: c.id,
    connector: c.connector,
    cabinets: c.cabinets,
    baysPerCabinet: c.baysPerCabinet ?? 1,
    cabinetKw: c.cabinetKw,
    bayKw: c.bayKw ?? c.cabinetKw,
  }));
  const shareSum = r.fleet.reduce((s, f) => s + (f.share ?? 1), 0);
  const fleet: TruckType[] = r.fleet.map((f) => ({
    name: f.name,
    share: (f.share ?? 1) / shareSum,
    batteryKwh: f.batteryKwh,
    maxKw: { ...f.maxKw },
    curve: f.curve ? f.curve.map(([s, p]) => [s, p] as const) : [[0, 1], [1, 1]],
  }));
  const arrivals: Arrivals = rows
    ? { kind: 'trace', path: r.arrivals.trace!, rows }
    : {
        kind: 'rate',
        trucksPerDay: r.arrivals.trucksPerDay!,
        hourly: normaliseWeights(r.arrivals.hourly, 24),
        weekly: normaliseWeights(r.arrivals.weekly, 7),
      };
  const b = r.behaviour ?? {};
  return {
    name: r.name,
    description: r.description ?? '',
    seed: r.seed ?? 1,
    horizon: { days: r.horizon.days, warmupDays: r.horizon.warmupDays ?? 0 },
    hub: {
      gridKw: r.hub.gridKw ?? Infinity,
      allocation: r.hub.allocation ?? 'equal',
      waitingSpaces: r.hub.waitingSpaces ?? Infinity,
      chargers,
    },
    arrivals,
    fleet,
    demand: {
      arrivalSoc: normaliseDist(r.demand.arrivalSoc ?? 0, 0, 1),
      targetSoc: r.demand.targetSoc === undefined ? undefined : normaliseDist(r.demand.targetSoc, 0, 1),
      energyKwh: r.demand.energyKwh === undefined ? undefined : normaliseDist(r.demand.energyKwh, 0, Infinity),
    },
    behaviour: {
      breakMin: normaliseDist(b.breakMin ?? 45, 0, Infinity),
      leave: b.leave ?? 'charged',
      patienceMin: b.patienceMin === undefined ? undefined : normaliseDist(b.patienceMin, 0, Infinity),
    },
    output: { powerIntervalMin: r.output?.powerIntervalMin ?? 15, serviceThresholdMin: r.output?.serviceThresholdMin ?? 15 },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
