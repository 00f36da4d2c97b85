import { describe, expect, test } from '@jest/globals';
import { formatPath, MAX_DEPTH, MAX_VALUES, parseJson, snapshot } from '../src/scenario/json.js';
import { parseScenario, validateScenario } from '../src/scenario/validate.js';
import { issuesOf } from './helpers/issues.js';
import { baseRaw } from './helpers/scenarios.js';


/** `inner` wrapped in `depth` arrays: `[[[...inner...]]]`. */
const nested = (depth: number, inner = '0') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('duplicate keys', () => {
  test('two gridKw in hub: named once, with the count', () => {
    const text = JSON.stringify(baseRaw()).replace('"hub":{', '"hub":{"gridKw":1000,"gridKw":2000,');
    expect(issuesOf(() => parseScenario(text, 'dup.json'))).toEqual([{ path: 'hub.gridKw', expected: 'must appear once', found: '2 times' }]);
    expect(() => parseScenario(text, 'dup.json')).toThrow('dup.json: 1 problem\n  hub.gridKw: must appear once (got 2 times)');
  });

  test('every duplicated key is reported, at any depth, in arrays too, with its count', () => {
    const text = '{"name":"a","name":"b","name":"c","fleet":[{"x":1},{"share":1,"share":2}],"hub":{"chargers":[{"id":"a","id":"a"}]}}';
    expect(issuesOf(() => parseJson(text, 'x'))).toEqual([
      { path: 'name', expected: 'must appear once', found: '3 times' },
      { path: 'fleet[1].share', expected: 'must appear once', found: '2 times' },
      { path: 'hub.chargers[0].id', expected: 'must appear once', found: '2 times' },
    ]);
  });

  test('the same key in different objects is fine; keys differing in case are different keys', () => {
    expect(parseJson('{"a":{"k":1},"b":{"k":2},"c":[{"k":3},{"k":4}],"K":1,"k":2}', 'x')).toEqual({ a: { k: 1 }, b: { k: 2 }, c: [{ k: 3 }, { k: 4 }], K: 1, k: 2 });
  });

  test('a key that is a prototype name is an ordinary key, duplicates included', () => {
    expect(issuesOf(() => parseJson('{"__proto__":1,"__proto__":2}', 'x'))).toEqual([{ path: '__proto__', expected: 'must appear once', found: '2 times' }]);
    const value = parseJson('{"__proto__":{"polluted":true}}', 'x') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a syntax error is reported before duplicates', () => {
    expect(issuesOf(() => parseJson('{"a":1,"a":2,}', 'x'))[0].expected).toMatch(/invalid JSON/);
  });
});

describe('byte-order mark', () => {
  test('a leading one, which some editors write, is ignored; anywhere else it is a syntax error', () => {
    expect(parseJson('\uFEFF{"a": 1}', 's.json')).toEqual({ a: 1 });
    expect(() => parseJson('{"a": \uFEFF1}', 's.json')).toThrow(/invalid JSON/);
  });
});

describe('nesting depth', () => {
  test(`${MAX_DEPTH} levels parse; one more is an input error with line and column`, () => {
    expect(() => parseJson(nested(MAX_DEPTH), 'x')).not.toThrow();
    expect(issuesOf(() => parseJson(nested(MAX_DEPTH + 1), 'x'))).toEqual([
      { path: `line 1, column ${MAX_DEPTH + 1}`, expected: `must nest objects and arrays at most ${MAX_DEPTH} levels deep`, found: `level ${MAX_DEPTH + 1}` },
    ]);
  });

  test('5000 levels inside a scenario: an InputError, not a stack overflow', () => {
    const text = JSON.stringify(baseRaw()).replace('"description":"test scenario"', `"description":${nested(5000)}`);
    const issues = issuesOf(() => parseScenario(text, 'deep.json'));
    expect(issues).toHaveLength(1);
    expect(issues[0].expected).toMatch(/at most 64 levels deep/);
  });

  test('a million levels, in objects, and the same badly formed: still an InputError', () => {
    expect(issuesOf(() => parseJson('{"a":'.repeat(1_000_000) + '1' + '}'.repeat(1_000_000), 'x'))[0].expected).toMatch(/levels deep/);
    expect(issuesOf(() => parseJson('['.repeat(1_000_000), 'x'))[0].expected).toMatch(/levels deep/);
  });

  test('brackets inside strings (escaped quotes included) do not count', () => {
    const deepText = JSON.stringify({ s: '['.repeat(1000) + '"\\"{{{{' });
    expect(parseJson(deepText, 'x')).toEqual({ s: '['.repeat(1000) + '"\\"{{{{' });
  });

  test('lines and columns count from 1', () => {
    const text = '{\n  "a":\n' + nested(MAX_DEPTH + 1);
    expect(issuesOf(() => parseJson(text, 'x'))[0].path).toBe(`line 3, column ${MAX_DEPTH}`);
  });
});

describe('snapshot (already parsed values, no recursion)', () => {
  const deepValue = (depth: number): unknown => {
    let v: unknown = 0;
    for (let i = 0; i < depth; i++) v = { d: v };
    return v;
  };

  test('depth: the limit passes, one more fails with the path to it', () => {
    expect(snapshot(deepValue(MAX_DEPTH)).issues).toBeUndefined();
    const [issue] = snapshot(deepValue(MAX_DEPTH + 1)).issues!;
    expect(issue.expected).toMatch(/at most 64 levels deep/);
    expect(issue.path).toBe(Array(MAX_DEPTH).fill('d').join('.'));
  });

  test('a copy as plain data, in order, each property read once, a __proto__ key kept as an own property', () => {
    const given = JSON.parse('{"b": [1, {"c": "x"}, null], "a": 2, "__proto__": {"polluted": true}}');
    const { copy } = snapshot(given);
    expect(copy).toEqual(given);
    expect(copy).not.toBe(given);
    expect(Object.keys(copy as object)).toEqual(['b', 'a', '__proto__']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    let reads = 0;
    const getter = Object.defineProperty({}, 'gridKw', { get: () => (reads++ === 0 ? 3200 : -5), enumerable: true });
    expect(snapshot({ hub: getter }).copy).toEqual({ hub: { gridKw: 3200 } });
    expect(reads).toBe(1);
  });

  test('validateScenario runs what it checked: a getter or a Proxy that answers otherwise later changes nothing', () => {
    // The value checked was read once, and a later read, for the scenario itself, got another.
    const raw = baseRaw();
    raw.hub.gridKw = 3200;
    let reads = 0;
    const hub = raw.hub;
    raw.hub = new Proxy(hub, { get: (t, k) => (k === 'gridKw' && reads++ > 0 ? -5 : Reflect.get(t, k)) });
    expect(validateScenario(raw, 'x').hub.gridKw).toBe(3200);
    let later = 0;
    Object.defineProperty(hub, 'gridKw', { get: () => (later++ >= 1 ? -5 : 3200), enumerable: true, configurable: true });
    raw.hub = hub;
    expect(validateScenario(raw, 'x').hub.gridKw).toBe(3200);
  });

  test('a field set to undefined is refused, not read as left out: a misspelt variable gave an unlimited grid', () => {
    const limits: Record<string, number> = { small: 800 };
    const raw = baseRaw();
    raw.hub.gridKw = limits.smal;
    expect(issuesOf(() => validateScenario(raw, 'x'))).toEqual([{ path: 'hub.gridKw', expected: 'must be a value: undefined is none (a field left out is deleted, not set to undefined)', found: 'undefined' }]);
    const share = baseRaw();
    share.fleet[0].share = undefined;
    expect(issuesOf(() => validateScenario(share, 'x'))[0].path).toBe('fleet[0].share');
    // Each is told, as many as any problems are, then counted.
    share.hub.waitingSpaces = undefined;
    expect(issuesOf(() => validateScenario(share, 'x')).map((i) => i.path)).toEqual(['hub.waitingSpaces', 'fleet[0].share']);
    const many = baseRaw() as unknown as Record<string, unknown>;
    for (let i = 0; i < 300; i++) many[`k${i}`] = undefined;
    const told = issuesOf(() => validateScenario(many as never, 'x'));
    expect(told).toHaveLength(201);
    expect(told[200]).toEqual(expect.objectContaining({ path: '(scenario)', stands: 100 }));
    // Left out, it is the default; given, the value.
    delete raw.hub.gridKw;
    expect(validateScenario(raw, 'x').hub.gridKw).toBe(Infinity);
    raw.hub.gridKw = limits.small;
    expect(validateScenario(raw, 'x').hub.gridKw).toBe(800);
  });

  test('validateScenario rejects a deep or cyclic value without overflowing the stack', () => {
    const raw = baseRaw();
    raw.description = deepValue(100_000);
    expect(issuesOf(() => validateScenario(raw, 'x'))[0].expected).toMatch(/levels deep/);
    const cyclic = baseRaw();
    cyclic.hub.self = cyclic.hub;
    expect(issuesOf(() => validateScenario(cyclic, 'x'))[0].expected).toMatch(/levels deep/);
  });

  test(`more than ${MAX_VALUES} values is an input error, checked before the schema`, () => {
    const raw = baseRaw();
    raw.demand.arrivalSoc = { dist: 'empirical', values: new Array(MAX_VALUES).fill(0.5) };
    expect(issuesOf(() => validateScenario(raw, 'x'))).toEqual([{ path: '(scenario)', expected: expect.stringMatching(/at most 250000 values/), found: 'more' }]);
  });
});

test('formatPath', () => {
  expect(formatPath([])).toBe('(scenario)');
  expect(formatPath(['hub', 'chargers', 1, 'cabinetKw'])).toBe('hub.chargers[1].cabinetKw');
  expect(formatPath(['fleet', '0'])).toBe('fleet[0]');
});
