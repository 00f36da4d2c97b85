import { InputError } from '../errors.js';
import { counted } from '../words.js';

// Paths into a scenario as written (before defaults), the way validation messages name fields:
// `hub.chargers[0].cabinets`, `hub.gridKw`, `fleet[1].maxKw.CCS`. Sweeps and sizing set one value at
// such a path in the raw JSON and validate the result as a whole scenario.

/** One step of a path: a field name or a list index. */
export type PathStep = string | number;

const FIELD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const INDEX = /\[(\d+)\]/y;
/** Names that would reach an object's prototype rather than a field of the scenario. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses `hub.chargers[0].cabinets` into `['hub', 'chargers', 0, 'cabinets']`: field names joined
 * by dots, each optionally followed by list indices.
 * @throws InputError (path: the text) for anything else.
 */
export function parsePath(text: string): PathStep[] {
  const bad = (why: string): never => {
    throw new InputError([{ path: text === '' ? '(empty path)' : text, expected: `must be a path into the scenario like hub.chargers[0].cabinets: ${why}` }]);
  };
  const steps: PathStep[] = [];
  const field = (at: number): number => {
    FIELD.lastIndex = at;
    const m = FIELD.exec(text);
    if (!m) bad(at >= text.length ? 'it ends without a field name' : `a field name must start at character ${at + 1}, not ${JSON.stringify(text[at])}`);
    if (FORBIDDEN.has(m![0])) bad(`${m![0]} is not a scenario field`);
    steps.push(m![0]);
    return FIELD.lastIndex;
  };
  if (text === '') bad('it is empty');
  let at = field(0);
  while (at < text.length) {
    if (text[at] === '.') {
      at = field(at + 1);
      continue;
    }
    INDEX.lastIndex = at;
    const m = INDEX.exec(text);
    if (!m) {
      // `[-1]`, `[x]`, `[1.5]`: the index is what is wrong, not its bracket.
      const index = text[at] === '[' ? /^\[([^\]]*)\]/.exec(text.slice(at)) : null;
      bad(index ? `an index is a whole number from 0, as in [0], not [${index[1]}] (character ${at + 1})` : `unexpected ${JSON.stringify(text[at])} at character ${at + 1}`);
    }
    steps.push(Number(m![1]));
    at = INDEX.lastIndex;
  }
  return steps;
}

/** Writes steps back as text: the canonical form of a path. */
export function formatPath(steps: readonly PathStep[]): string {
  let out = '';
  for (const s of steps) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Why `steps` cannot be set in `raw`, or undefined when it can: every step but the last must exist,
 * each index must be inside its list, and nothing may lead into a number, string or null. The last
 * field may be absent (an optional field the scenario leaves out, such as `hub.gridKw`).
 */
export function pathProblem(raw: unknown, steps: readonly PathStep[]): string | undefined {
  let at: unknown = raw;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const here = i === 0 ? 'the scenario' : formatPath(steps.slice(0, i));
    const last = i === steps.length - 1;
    if (typeof step === 'number') {
      if (!Array.isArray(at)) return `${here} is ${kind(at)}, not a list: no index [${step}] in it`;
      if (step >= at.length) return `no such index: ${here} has ${counted(at.length, 'item')}${at.length > 0 ? ` ([0] to [${at.length - 1}])` : ''}`;
      at = at[step];
      continue;
    }
    if (Array.isArray(at)) return `${here} is ${kind(at)}: name an item by its index, as in ${here}[0]`;
    if (at === null || typeof at !== 'object') return `${here} is ${kind(at)}, not an object: nothing is inside it`;
    if (!Object.hasOwn(at, step)) {
      if (last) return undefined;
      return `no such field: ${here} has no ${step}`;
    }
    at = (at as Record<string, unknown>)[step];
  }
  return undefined;
}

/** The value at `steps` in `raw`, or undefined when there is none. */
export function getAt(raw: unknown, steps: readonly PathStep[]): unknown {
  let at: unknown = raw;
  for (const step of steps) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, step)) return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at;
}

/**
 * A copy of `raw` with `value` at `steps`; `null` for a field leaves it out (`hub.gridKw` null: no
 * grid limit, as in a scenario that does not give one), as no field of the format takes null. Only
 * the objects and lists along the path are copied; the rest is shared, and `raw` itself is never
 * modified.
 * @throws InputError (path: the path) for a path `pathProblem` rejects.
 */
export function setAt(raw: unknown, steps: readonly PathStep[], value: unknown): unknown {
  const problem = pathProblem(raw, steps);
  if (problem !== undefined) throw new InputError([{ path: formatPath(steps), expected: problem }]);
  const put = (at: unknown, i: number): unknown => {
    if (i === steps.length) return value;
    const step = steps[i];
    if (Array.isArray(at)) {
      const copy = at.slice();
      copy[step as number] = put(at[step as number], i + 1);
      return copy;
    }
    const obj = at as Record<string, unknown>;
    const copy: Record<string, unknown> = { ...obj };
    if (value === null && i === steps.length - 1) {
      delete copy[step as string];
      return copy;
    }
    // defineProperty, not assignment: a field named like a setter must stay a plain field.
    Object.defineProperty(copy, step as string, { value: put(Object.hasOwn(obj, step) ? obj[step as string] : undefined, i + 1), enumerable: true, writable: true, configurable: true });
    return copy;
  };
  return put(raw, 0);
}
