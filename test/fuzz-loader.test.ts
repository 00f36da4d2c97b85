/**
 * Fuzzing the input pipeline: whatever JSON (or text) comes in, the loader either returns a
 * scenario or throws an InputError — never a TypeError, RangeError or anything else.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../src/errors.js';
import { parseScenario, validateScenario } from '../src/scenario/validate.js';
import { baseRaw, type RawScenario } from './helpers/scenarios.js';

/** Runs `f`; returns 'ok' or 'input-error', and rethrows anything else with the input attached. */
function outcome(f: () => unknown, input: unknown): 'ok' | 'input-error' {
  try {
    const s = f();
    if (!Object.isFrozen(s)) throw new Error('returned scenario is not frozen');
    return 'ok';
  } catch (err) {
    if (err instanceof InputError) {
      if (!(err.issues.length > 0 && err.issues.every((i) => typeof i.path === 'string' && typeof i.expected === 'string'))) {
        throw new Error(`InputError without proper issues for ${JSON.stringify(input)?.slice(0, 500)}`);
      }
      return 'input-error';
    }
    const e = err as Error;
    throw new Error(`${e?.name}: ${e?.message} for input ${JSON.stringify(input)?.slice(0, 800)}\n${e?.stack}`);
  }
}

/** A trace reader fed by fast-check: any text, or a failure like a missing file. */
const readerArb = fc.oneof(
  fc.string().map((text) => () => text),
  fc
    .array(fc.tuple(fc.constantFrom('0', '12.5', '-1', 'x', '', '1e999', 't', 'a,b', '"q"', '0.5'), fc.constantFrom(',', '\n')), { maxLength: 30 })
    .map((cells) => () => 'arrival_min,fleet,soc_in,target_soc,energy_kwh,break_min,patience_min\n' + cells.map(([c, sep]) => c + sep).join('')),
  fc.constant(() => {
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  }),
  fc.constant(() => {
    throw 'a string, not an Error';
  }),
);

/** Every path (list of keys) inside a JSON value, the root included, in document order; no recursion, so any depth is safe. */
function paths(value: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, prefix] = stack.pop()!;
    out.push(prefix);
    const children: [unknown, string | number][] = Array.isArray(v)
      ? v.map((x, i) => [x, i])
      : v !== null && typeof v === 'object'
        ? Object.entries(v).map(([k, x]) => [x, k])
        : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i][0], [...prefix, children[i][1]]]);
  }
  return out;
}

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'add'; at: number; key: string; value: unknown };

const KEYS = ['name', 'trace', 'dist', 'min', 'max', 'mean', 'sd', 'curve', 'maxKw', 'MCS', 'CCS', 'cabinetkW', '__proto__', 'constructor', 'toString', 'hourly', 'weekly', 'share', 'values', 'weights'];

const DEEP = '__deep_marker__';

/** A value nested `depth` levels deep, built without recursion. */
function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

/** Interesting values: the edge cases a person or a broken tool would write, plus any JSON. */
const valueArb = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  // Only a marker here (fast-check itself would recurse into a deep value): mutate() builds it.
  { weight: 1, arbitrary: fc.constantFrom(50, 70, 300).map((depth) => ({ [DEEP]: depth })) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, -1, 1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53, 1.5, '', 'CCS', 'MCS', 'normal', 'empirical', null, true, [], {}, [[0, 1], [1, 1]], [0, 1], { dist: 'normal' }, { dist: 'empirical', values: [] }, { dist: 'gamma', shape: 1e-300, scale: 1e300 }, { dist: 'lognormal', mean: 1e-300, sd: 1e300 }, { dist: 'uniform', min: 0, max: 0 }, { dist: 'triangular', min: 1, mode: 1, max: 1 }, { dist: 'weibull', shape: 1e-6, scale: 1 }) },
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: valueArb }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.string()), value: valueArb }),
);

/** Applies `m` to a deep copy of `raw`; `at` picks a path modulo the number of paths. */
function mutate(raw: unknown, original: Mutation): unknown {
  const marker = (original as { value?: Record<string, number> }).value;
  const m = marker !== null && typeof marker === 'object' && DEEP in marker ? { ...original, value: deep(marker[DEEP]) } : original;
  const copy = structuredClone(raw);
  const all = paths(copy);
  const path = all[m.at % all.length];
  if (path.length === 0) return m.kind === 'replace' ? m.value : copy;
  const parent = path.slice(0, -1).reduce((o: any, k) => o[k], copy) as any;
  const key = path[path.length - 1];
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.kind === 'replace') {
    parent[key] = m.value;
  } else {
    const target = parent[key];
    if (Array.isArray(target)) target.push(m.value);
    else if (target !== null && typeof target === 'object') Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    else parent[key] = { [m.key]: m.value };
  }
  return copy;
}

/** A richer valid scenario to mutate: distributions, curves, MCS, trace-free. */
function richRaw(): RawScenario {
  const raw = baseRaw();
  raw.hub = {
    gridKw: 2400,
    allocation: 'deadline',
    waitingSpaces: 4,
    chargers: [
      { id: 'ccs', connector: 'CCS', cabinets: 2, baysPerCabinet: 2, cabinetKw: 400, bayKw: 400 },
      { id: 'mcs', connector: 'MCS', cabinets: 1, cabinetKw: 1000 },
    ],
  };
  raw.arrivals = { trucksPerDay: 40, hourly: Array.from({ length: 24 }, (_, h) => 1 + (h % 3)), weekly: [1, 1, 1, 1, 1, 0.5, 0.1] };
  raw.fleet = [
    { name: 'a', share: 0.6, batteryKwh: 621, maxKw: { CCS: 400, MCS: 1000 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] },
    { name: 'b', share: 0.4, batteryKwh: 480, maxKw: { CCS: 375 } },
  ];
  raw.demand = { arrivalSoc: { dist: 'normal', mean: 0.2, sd: 0.07, min: 0.05, max: 0.6 }, targetSoc: { dist: 'uniform', min: 0.75, max: 0.85 } };
  raw.behaviour = { breakMin: { dist: 'triangular', min: 45, mode: 45, max: 75 }, leave: 'chargedAndBreakEnd', patienceMin: { dist: 'empirical', values: [10, 30, 60], weights: [1, 2, 1] } };
  return raw;
}

const RUNS = 1000;

describe('the loader never fails with anything but an InputError', () => {
  test('the valid scenarios to mutate are valid', () => {
    expect(outcome(() => validateScenario(baseRaw(), 'x'), null)).toBe('ok');
    expect(outcome(() => validateScenario(richRaw(), 'x'), null)).toBe('ok');
  });

  test('arbitrary JSON values through validateScenario', () => {
    fc.assert(
      fc.property(fc.jsonValue(), readerArb, (value, reader) => {
        outcome(() => validateScenario(value, 'fuzz.json', reader), value);
      }),
      { numRuns: RUNS },
    );
  });

  test('arbitrary objects with the right top-level keys', () => {
    const keys = ['name', 'horizon', 'hub', 'arrivals', 'fleet', 'demand', 'behaviour', 'output'];
    const arb = fc.record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue({ maxDepth: 3 })])), { requiredKeys: [] });
    fc.assert(
      fc.property(arb, readerArb, (value, reader) => {
        outcome(() => validateScenario(value, 'fuzz.json', reader), value);
      }),
      { numRuns: RUNS },
    );
  });

  test('arbitrary text through parseScenario', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (text) => {
        outcome(() => parseScenario(text, 'fuzz.json'), text);
      }),
      { numRuns: RUNS },
    );
  });

  test('mutations of a valid scenario (delete a field, replace a value, add a key)', () => {
    fc.assert(
      fc.property(fc.constantFrom(baseRaw, richRaw), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), readerArb, (make, mutations, reader) => {
        const raw = mutations.reduce<unknown>((acc, m) => mutate(acc, m), make());
        const before = JSON.stringify(raw);
        outcome(() => validateScenario(raw, 'fuzz.json', reader), raw);
        expect(JSON.stringify(raw)).toBe(before); // never modified in place
        outcome(() => parseScenario(JSON.stringify(raw) ?? '', 'fuzz.json', reader), raw);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test('type-preserving mutations (a number for a number, a string for a string) reach the normaliser', () => {
    const numberArb = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -5, max: 2000 }),
      fc.constantFrom(0, -0, 1, 0.999999, 1.000001, 1e-300, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER),
    );
    const stringArb = fc.oneof(fc.string(), fc.constantFrom('CCS', 'MCS', 'equal', 'fifo', 'deadline', 'charged', 'breakEnd', 'chargedAndBreakEnd', 'normal', 'uniform', 'gamma', 'a', 'b', 'x-1'));
    fc.assert(
      fc.property(fc.constantFrom(baseRaw, richRaw), fc.array(fc.tuple(fc.nat(), numberArb, stringArb), { minLength: 1, maxLength: 3 }), (make, edits) => {
        const raw = make();
        for (const [at, num, str] of edits) {
          const leaves = paths(raw).filter((p) => {
            const v = p.reduce((o: any, k) => o[k], raw);
            return typeof v === 'number' || typeof v === 'string';
          });
          const path = leaves[at % leaves.length];
          const parent = path.slice(0, -1).reduce((o: any, k) => o[k], raw) as any;
          const key = path[path.length - 1];
          parent[key] = typeof parent[key] === 'number' ? num : str;
        }
        outcome(() => validateScenario(raw, 'fuzz.json'), raw);
      }),
      { numRuns: RUNS },
    );
  });

  test('mutated scenarios with a trace: any CSV text', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { maxLength: 2 }), readerArb, (mutations, reader) => {
        const start: RawScenario = { ...baseRaw(), arrivals: { trace: 'trace.csv' } };
        const raw = mutations.reduce<unknown>((acc, m) => mutate(acc, m), start);
        outcome(() => validateScenario(raw, 'fuzz.json', reader), raw);
      }),
      { numRuns: RUNS },
    );
  });

  test('every number in the text replaced by 1e999 or -1e999 (JSON.parse gives ±Infinity)', () => {
    // A systematic sweep rather than a random one: each numeric literal, in turn.
    const text = JSON.stringify(richRaw());
    const numbers = [...text.matchAll(/(?<=[:\[,])-?\d+(\.\d+)?(e[+-]?\d+)?(?=[,\]}])/g)];
    expect(numbers.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const m of numbers) {
      for (const big of ['1e999', '-1e999']) {
        const t = text.slice(0, m.index) + big + text.slice(m.index! + m[0].length);
        try {
          outcome(() => parseScenario(t, 'fuzz.json'), t);
        } catch (err) {
          failures.push(`${text.slice(Math.max(0, m.index! - 40), m.index)}<${big}>: ${(err as Error).message.split('\n')[0].slice(0, 80)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test('textual mutations that repeat a key or nest a value deeply', () => {
    const text = JSON.stringify(richRaw());
    const keys = [...text.matchAll(/"(\w+)":/g)];
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('dup', 'deep'), fc.constantFrom(10, 65, 5000), (at, op, depth) => {
        const m = keys[at % keys.length];
        const i = m.index!;
        // 'dup' writes the key twice; 'deep' puts a nested value under a repeat of the key.
        const value = op === 'dup' ? '0' : '['.repeat(depth) + '1' + ']'.repeat(depth);
        const t = text.slice(0, i) + `${m[0]}${value},` + text.slice(i);
        const result = outcome(() => parseScenario(t, 'fuzz.json'), t);
        expect(result).toBe('input-error');
      }),
      { numRuns: RUNS },
    );
  });

  test('textual mutations of valid JSON (characters cut, doubled, swapped)', () => {
    const text = JSON.stringify(richRaw(), null, 2);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: text.length - 1 }), fc.constantFrom('cut', 'dup', 'ins'), fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '-', '1e999', 'e', '.', ' ', '\\', 'NaN')), {
          minLength: 1,
          maxLength: 3,
        }),
        (edits) => {
          let t = text;
          for (const [at, op, ch] of edits) {
            const i = at % Math.max(1, t.length);
            t = op === 'cut' ? t.slice(0, i) + t.slice(i + 1) : op === 'dup' ? t.slice(0, i) + t[i] + t.slice(i) : t.slice(0, i) + ch + t.slice(i);
          }
          outcome(() => parseScenario(t, 'fuzz.json'), t);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
