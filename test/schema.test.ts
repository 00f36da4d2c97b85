/**
 * The schema check: the validator generated at build time is in step with the schema, behaves as
 * Ajv compiling the schema at run time did (same issues, same messages), and the CLI's path never
 * loads Ajv's compiler.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { PATTERN_RULES, schemaErrorIssues, schemaIssues } from '../src/scenario/schema.js';
import { InputError } from '../src/errors.js';
import { validateScenario } from '../src/scenario/validate.js';
import { baseRaw } from './helpers/scenarios.js';
import { ALLOCATIONS, BATTERY_STRATEGIES, CONNECTORS, ECONOMICS_DEFAULTS, LEAVE_MODES, OUTPUT_DEFAULTS, SCENARIO_DEFAULTS, STOP_CLASSES } from '../src/scenario/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schema/scenario.schema.json'), 'utf8'));

test('the generated validator is in step with the schema (else: npm run build)', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-validator.js'), '--check'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('no node of the schema puts constraints beside a $ref, which draft-07 tools ignore (Python jsonschema passed a SoC of 80 so)', () => {
  const beside: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    const n = node as Record<string, unknown>;
    // Annotations beside a $ref constrain nothing: those alone may stand there.
    const others = Object.keys(n).filter((k) => !['$ref', 'description', 'title', 'default', '$comment'].includes(k));
    if (typeof n.$ref === 'string' && others.length > 0) beside.push(`${path}: ${others.join(', ')}`);
    for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
  };
  walk(schema, '');
  expect(beside).toEqual([]);
});

test("the schema's defaults are the ones validation fills in, every one of them", () => {
  const found = new Map<string, unknown>();
  // Its properties' paths, `[]` for any item of a list, through $ref and allOf/anyOf/oneOf.
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 8 || typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (typeof n.$ref === 'string') walk(schema.definitions[n.$ref.split('/').pop()!], path, depth + 1);
    walk(n.items, `${path}[]`, depth + 1);
    for (const key of ['allOf', 'anyOf', 'oneOf']) for (const c of (n[key] as unknown[] | undefined) ?? []) walk(c, path, depth + 1);
    for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      const at = path ? `${path}.${key}` : key;
      // A truck type's own demand or behaviour left out is the scenario's.
      if (typeof child === 'object' && 'default' in child) found.set(at.replace(/^fleet\[\]\.(demand|behaviour)\./, '$1.'), child.default);
      walk(child, at, depth + 1);
    }
  };
  walk(schema, '', 0);
  const filled: Record<string, unknown> = {
    ...SCENARIO_DEFAULTS,
    'output.powerIntervalMin': OUTPUT_DEFAULTS.powerIntervalMin,
    'output.serviceThresholdMin': OUTPUT_DEFAULTS.serviceThresholdMin,
    'economics.demandCharge.periodDays': ECONOMICS_DEFAULTS.periodDays,
  };
  expect(Object.fromEntries([...found].sort())).toEqual(Object.fromEntries(Object.entries(filled).sort()));
});

test("the schema's lists of names are the ones the model knows", () => {
  const lists: Record<string, readonly string[]> = { allocation: ALLOCATIONS, leave: LEAVE_MODES, strategy: BATTERY_STRATEGIES, stop: STOP_CLASSES, connector: CONNECTORS };
  const seen = new Set<string>();
  // Every property so named, wherever it is (a truck type's own behaviour too).
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const list = lists[key];
      if (list && typeof child === 'object' && child !== null && 'enum' in child) {
        seen.add(key);
        expect([key, (child as { enum: unknown }).enum]).toEqual([key, [...list]]);
      }
      walk(child);
    }
  };
  walk(schema);
  expect([...seen].sort()).toEqual(Object.keys(lists).sort());
});

test('every pattern in the schema has its rule in words', () => {
  const patterns = [...JSON.stringify(schema).matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string);
  expect(patterns.length).toBeGreaterThanOrEqual(3);
  for (const p of patterns) expect(Object.keys(PATTERN_RULES)).toContain(p);
});

test('every field the schema names has a description, which an editor shows beside it', () => {
  const missing: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    const props = (node as Record<string, unknown>).properties as Record<string, Record<string, unknown>> | undefined;
    for (const [name, field] of Object.entries(props ?? {})) {
      // A field whose schema is a reference takes its description from the definition, or its own.
      const def = typeof field.$ref === 'string' ? schema.definitions[field.$ref.split('/').pop()!] : undefined;
      if (field.description === undefined && def?.description === undefined) missing.push(`${path}.${name}`);
    }
    // Conditions (if, then, else, not) constrain fields declared beside them, and declare none; nor
    // do the rules kept for editors (a `$comment` says so), which name fields only to require them.
    for (const [k, v] of Object.entries(node)) {
      if (['if', 'then', 'else', 'not'].includes(k)) continue;
      if (k.startsWith('rule-') && typeof (v as { $comment?: unknown }).$comment === 'string') continue;
      walk(v, `${path}/${k}`);
    }
  };
  walk(schema, '');
  expect(missing).toEqual([]);
});

describe('the same issues as Ajv compiling the schema at run time', () => {
  // The options hubsim compiled the schema with before the validator was generated at build time.
  const compiled = new Ajv({ allErrors: true, verbose: true, strict: false, strictNumbers: true }).compile(schema);
  const runtimeIssues = (data: unknown) => (compiled(data) ? [] : schemaErrorIssues(compiled.errors ?? []));

  const leaf = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(0, -1, 0.5, 1e6, 1e7, 1e-9, 10081, '', '=x', 'CCS', 'MCS', 'normal', 'gamma', 'empirical', { dist: 'weibull', shape: 1 }, [[0, 1], [1, 1]], [0, 1]),
  );

  test('on random edits of a valid scenario', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), leaf), { minLength: 1, maxLength: 4 }), (edits) => {
        const raw = baseRaw();
        raw.behaviour.patienceMin = { dist: 'normal', mean: 30, sd: 10 };
        for (const [at, value] of edits) {
          const paths = leafPaths(raw);
          const path = paths[at % paths.length];
          const parent = path.slice(0, -1).reduce((o: any, k) => o[k], raw);
          // A copy: constantFrom hands out the same object each time, which an edit could otherwise put inside itself.
          parent[path[path.length - 1]] = structuredClone(value);
        }
        expect(schemaIssues(raw)).toEqual(runtimeIssues(raw));
      }),
      { numRuns: 500 },
    );
  });

  test('on arbitrary values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(schemaIssues(value)).toEqual(runtimeIssues(value));
      }),
      { numRuns: 300 },
    );
  });
});

/** Paths to every value inside `value` (not the root), found without recursion. */
function leafPaths(value: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (path.length > 0) out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...path, i]]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push([x, [...path, k]]);
  }
  return out;
}

test("loading and checking a scenario never loads Ajv's compiler, only its runtime helpers", () => {
  /** Ajv's modules loaded by a process that loads two scenarios, then runs `more`. */
  const ajvModules = (more = '') => {
    const script = `
      import { createRequire } from 'node:module';
      const { loadScenario } = await import(${JSON.stringify(join(ROOT, 'dist/index.js'))});
      await loadScenario(${JSON.stringify(join(ROOT, 'scenarios/recklinghausen-phase1.json'))});
      await loadScenario(${JSON.stringify(join(ROOT, 'scenarios/trace-example.json'))});
      ${more}
      const cache = createRequire(import.meta.url).cache;
      console.log(JSON.stringify(Object.keys(cache).filter((k) => k.includes('/node_modules/ajv/'))));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: ROOT });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as string[];
  };
  const loaded = ajvModules();
  expect(loaded.length).toBeGreaterThan(0);
  for (const m of loaded) expect(m).toMatch(/\/node_modules\/ajv\/dist\/runtime\//);
  // The check has teeth: importing Ajv itself shows up.
  expect(ajvModules("await import('ajv');").some((m) => m.endsWith('/ajv/dist/compile/index.js'))).toBe(true);
});

describe("what an editor flags: the schema's rules kept for editors", () => {
  // An editor compiles the schema as it is, with Ajv's defaults.
  const editor = new Ajv({ allErrors: true }).compile(schema);
  const edited = (change: (raw: any) => void) => {
    const raw = baseRaw();
    change(raw);
    return raw;
  };
  const hours = (v: number) => Array.from({ length: 24 }, () => v);

  test.each([
    ['a SoC in per cent', (r: any) => (r.demand.targetSoc = 80)],
    ['a distribution of SoC in per cent', (r: any) => (r.demand.arrivalSoc = { dist: 'uniform', min: 10, max: 30 })],
    ['an empirical SoC in per cent', (r: any) => (r.demand.arrivalSoc = { dist: 'empirical', values: [20, 30] })],
    ['a negative break', (r: any) => (r.behaviour.breakMin = -5)],
    ['a truncation past a week', (r: any) => (r.behaviour.patienceMin = { dist: 'exponential', mean: 45, max: 100000 })],
    ['a negative energy', (r: any) => (r.demand = { arrivalSoc: 0.2, energyKwh: -3 })],
    ["a type's override in per cent", (r: any) => (r.fleet[0].demand = { targetSoc: 90 })],
    ['failures every 0 minutes', (r: any) => (r.hub.chargers[0].failures = { betweenMin: 0, repairMin: 30 })],
    ['neither a rate nor a trace', (r: any) => (r.arrivals = {})],
    ['a rate and a trace', (r: any) => (r.arrivals = { trucksPerDay: 10, trace: 't.csv' })],
    ['a trace with an hourly profile', (r: any) => (r.arrivals = { trace: 't.csv', hourly: hours(1) })],
    ['neither a target nor an energy', (r: any) => (r.demand = { arrivalSoc: 0.2 })],
    ['a target and an energy', (r: any) => (r.demand = { arrivalSoc: 0.2, targetSoc: 0.8, energyKwh: 300 })],
    ["a type's override with both", (r: any) => (r.fleet[0].demand = { targetSoc: 0.8, energyKwh: 300 })],
    ['an hourly profile of zeros', (r: any) => (r.arrivals.hourly = hours(0))],
    ['a grid limit of zeros every hour', (r: any) => (r.hub.gridKw = { byHour: hours(0) })],
    ['a grid limit by the hour of the day and of the week at once', (r: any) => (r.hub.gridKw = { byHour: hours(100), byHourOfWeek: Array.from({ length: 168 }, () => 100) })],
    ['a price by the hour of the day and of the week at once', (r: any) => (r.economics = { energyPrice: { byHour: hours(0.1), byHourOfWeek: Array.from({ length: 168 }, () => 0.1) } })],
    ['weights for each hour of the week beside hourly ones', (r: any) => (r.arrivals = { trucksPerDay: 10, hourly: hours(1), hourOfWeek: Array.from({ length: 168 }, () => 1) })],
    ['an empirical distribution whose weights are all 0', (r: any) => (r.demand.arrivalSoc = { dist: 'empirical', values: [0.1, 0.2], weights: [0, 0] })],
    ['a battery target without peakShaving', (r: any) => ((r.hub.gridKw = 1000), (r.hub.battery = { capacityKwh: 100, powerKw: 100, targetKw: 500 }))],
    ['a battery without a grid limit', (r: any) => (delete r.hub.gridKw, (r.hub.battery = { capacityKwh: 100, powerKw: 100 }))],
    ['a connection cost without a grid limit', (r: any) => (delete r.hub.gridKw, (r.economics = { connectionCostPerKwYear: 50 }))],
    ['every share 0', (r: any) => (r.fleet[0].share = 0)],
    ["a type's own hours beside hourOfWeek", (r: any) => ((r.fleet[0].hourly = hours(1)), (r.arrivals = { trucksPerDay: 10, hourOfWeek: Array.from({ length: 168 }, () => 1) }))],
    ["a type's own hours beside a trace", (r: any) => ((r.fleet[0].hourly = hours(1)), (r.arrivals = { trace: 't.csv' }))],
    ['a curve that starts past SoC 0', (r: any) => (r.fleet[0].curve = [[0.1, 1], [1, 0.3]])],
    ['a curve that stops short of SoC 1', (r: any) => (r.fleet[0].curve = [[0, 1], [0.9, 0.5]])],
    ['a curve below 0.01 before SoC 1', (r: any) => (r.fleet[0].curve = [[0, 1], [0.5, 0.005], [1, 0.3]])],
    ['a curve for a connector the type lacks', (r: any) => (r.fleet[0].curve = { MCS: [[0, 1], [1, 0.3]] })],
  ])('%s: refused by the schema, and said once by hubsim, by its own check', (_what, change) => {
    const raw = edited(change);
    expect(editor(raw)).toBe(false);
    // hubsim's message for it comes from its checks after the schema, not from these rules: once.
    expect(schemaIssues(raw)).toEqual([]);
    let issues: readonly { path: string }[] = [];
    try {
      validateScenario(raw, 'x.json', () => 'arrival_min\n0\n');
    } catch (err) {
      issues = (err as InputError).issues;
    }
    expect(issues.length).toBeGreaterThan(0);
    expect(new Set(issues.map((i) => i.path)).size).toBe(issues.length);
  });

  test("a truck type's overrides name no default of their own: a field left out is the scenario's", () => {
    const overrides = [schema.definitions.demandOverride, schema.definitions.behaviourOverride];
    for (const o of overrides) {
      for (const [field, p] of Object.entries(o.properties as Record<string, { default?: unknown; description: string }>)) {
        expect([field, p.default]).toEqual([field, undefined]);
        expect([field, p.description]).toEqual([field, expect.stringMatching(/the scenario's if omitted/i)]);
      }
    }
    // The scenario's own demand and behaviour keep theirs.
    expect(schema.definitions.behaviour.properties.breakMin.default).toBe(45);
  });

  test('a valid scenario, and every shipped one, passes them', () => {
    expect(editor(baseRaw())).toBe(true);
    // Nor are the rules above met by what hubsim takes: a curve of one connector's, a battery shaving
    // peaks below a target without a grid limit, a share 0 beside another's, a curve ending at 0.
    expect(editor(edited((r) => (r.fleet[0].curve = { CCS: [[0, 1], [0.8, 0.5], [1, 0]] })))).toBe(true);
    expect(editor(edited((r) => (delete r.hub.gridKw, (r.hub.battery = { capacityKwh: 100, powerKw: 100, strategy: 'peakShaving', targetKw: 300 }))))).toBe(true);
    expect(editor(edited((r) => r.fleet.push({ ...r.fleet[0], name: 'idle', share: 0 })))).toBe(true);
    const shipped = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json'));
    expect(shipped.length).toBeGreaterThanOrEqual(10);
    for (const f of shipped) expect([f, editor(JSON.parse(readFileSync(join(ROOT, 'scenarios', f), 'utf8')))]).toEqual([f, true]);
  });
});
