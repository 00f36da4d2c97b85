import { describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDesigns, checkDesignCount, checkPaths, designLabel, designNotes, loadBase, readSweepFile, sharedWith, sweepParameters, totalsLine } from '../src/cli/designs.js';
import { crossProduct } from '../src/cli/sweepfiles.js';
import { parsePath } from '../src/scenario/paths.js';
import { validateScenario } from '../src/index.js';
import { scenarioNotes } from '../src/scenario/notes.js';
import type { Scenario } from '../src/scenario/types.js';
import { tmp } from './helpers/cli.js';
import { baseRaw, csv } from './helpers/scenarios.js';

// Designs of a sweep or a sizing, built from a scenario file and parameters.

const param = (path: string, values: unknown[]) => ({ path, steps: parsePath(path), values });
const columnsOf = (s: Scenario) => (s.arrivals.kind === 'trace' ? s.arrivals.columns : undefined);
/** An input error's problems, as `path: expected`. */
const issuesOf = (err: unknown): string[] => (err as { issues: { path: string; expected: string }[] }).issues.map((i) => `${i.path}: ${i.expected}`);
/** The problems `run` throws, or [] when it throws none. */
const problems = (run: () => unknown): string[] => {
  try {
    run();
  } catch (err) {
    return issuesOf(err);
  }
  return [];
};

describe('designs and their traces', () => {
  test('designs naming one trace share its columns, read once, whether or not it is the base scenario’s', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.csv'), csv(['arrival_min'], [[10], [20]]));
    writeFileSync(join(dir, 'b.csv'), csv(['arrival_min'], [[30]]));
    writeFileSync(join(dir, 's.json'), JSON.stringify({ ...baseRaw(), arrivals: { trace: 'a.csv' } }));
    const base = await loadBase(join(dir, 's.json'));
    const params = [param('arrivals.trace', ['a.csv', 'b.csv']), param('hub.waitingSpaces', [1, 2, 3])];
    const designs = await buildDesigns(base, params, crossProduct(params));
    const columns = designs.map((d) => columnsOf(d.scenario)!);
    expect(columns.map((c) => c.length)).toEqual([2, 2, 2, 1, 1, 1]);
    for (const c of columns.slice(0, 3)) expect(c).toBe(columnsOf(base.scenario));
    // One read of b.csv for its three designs: each read would hold its own copy of the file's rows.
    for (const c of columns.slice(4)) expect(c).toBe(columns[3]);
  });

  test('the same trace for another fleet is read again: its fleet column indexes other names', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.csv'), csv(['arrival_min', 'fleet'], [[10, 't']]));
    writeFileSync(join(dir, 's.json'), JSON.stringify({ ...baseRaw(), arrivals: { trace: 'a.csv' } }));
    const base = await loadBase(join(dir, 's.json'));
    const fleet = (first: string) => [
      { name: first, share: 1, batteryKwh: 500, maxKw: { CCS: 400 } },
      { name: 't', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } },
    ];
    const params = [param('fleet', [fleet('u'), fleet('v')])];
    const designs = await buildDesigns(base, params, crossProduct(params));
    expect(designs.map((d) => columnsOf(d.scenario)!.fleet![0])).toEqual([1, 1]);
  });
});

describe('invalid designs', () => {
  test('past the first 20, each problem of the others is named once, with how many of them have it', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), JSON.stringify(baseRaw()));
    const base = await loadBase(join(dir, 's.json'));
    // 30 bay counts, of which 0 is invalid, by 2 grid limits, of which -1 is invalid: 31 designs invalid.
    const params = [param('hub.chargers[0].cabinets', Array.from({ length: 30 }, (_, i) => i)), param('hub.gridKw', [-1, 1000])];
    const messages = await buildDesigns(base, params, crossProduct(params)).then(() => [], issuesOf);
    expect(messages.filter((m) => m.startsWith('design '))).toHaveLength(21); // design 1 has both problems
    expect(messages.filter((m) => !m.startsWith('design '))).toEqual(['11 more designs: hub.gridKw: must be a number >= 1, in all of them']);
  });

  test('one invalid design past the first 20 is one more design, its problem in it', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), JSON.stringify(baseRaw()));
    const base = await loadBase(join(dir, 's.json'));
    const params = [param('hub.gridKw', Array.from({ length: 21 }, (_, i) => -1 - i))];
    const messages = await buildDesigns(base, params, crossProduct(params)).then(() => [], issuesOf);
    expect(messages.filter((m) => !m.startsWith('design '))).toEqual(['1 more design: hub.gridKw: must be a number >= 1, in it']);
  });

  test('past the five problems named, the rest are counted: one is one other problem', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), JSON.stringify(baseRaw()));
    const base = await loadBase(join(dir, 's.json'));
    const params = [param('hub.gridKw', []), param('hub.allocation', []), param('hub.waitingSpaces', [])];
    const listed = Array.from({ length: 20 }, () => [-1, 'equal', 4]);
    const others = [[1000, 'zz', 4], [1000, 'equal', -1], [1000, 'equal', 'x'], ['x', 'equal', 4], [{}, 'equal', 4], [-1, 'equal', 4]];
    const messages = await buildDesigns(base, params, [...listed, ...others]).then(() => [], issuesOf);
    expect(messages.filter((m) => !m.startsWith('design '))).toHaveLength(6);
    expect(messages[messages.length - 1]).toBe('6 more designs: and 1 other problem');
  });
});

describe('designs share what they leave unchanged', () => {
  test("a design is its own scenario, every part it does not change the base's own object", async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), JSON.stringify(baseRaw()));
    const base = await loadBase(join(dir, 's.json'));
    const params = [param('hub.chargers[0].cabinets', [2, 3]), param('hub.waitingSpaces', [1, 2])];
    const designs = await buildDesigns(base, params, crossProduct(params));
    for (const [i, d] of designs.entries()) {
      // The same as a design validated on its own.
      const alone = validateScenario({ ...baseRaw(), hub: { ...baseRaw().hub, chargers: [{ ...baseRaw().hub.chargers[0], cabinets: [2, 2, 3, 3][i] }], waitingSpaces: [1, 2, 1, 2][i] } }, 'alone');
      expect({ ...d.scenario, name: 'x' }).toEqual({ ...alone, name: 'x' });
      expect(d.scenario.fleet).toBe(base.scenario.fleet);
      expect(d.scenario.arrivals).toBe(base.scenario.arrivals);
      expect(d.scenario.hub).not.toBe(base.scenario.hub);
      expect(Object.isFrozen(d.scenario) && Object.isFrozen(d.scenario.hub) && Object.isFrozen(d.scenario.hub.chargers)).toBe(true);
    }
  });

  test('equal is the same value at every path, numbers as Object.is tells them; other objects only when the same', () => {
    type T = { readonly a: readonly unknown[]; readonly n: number; readonly t: { readonly c: Float64Array }; readonly u: { readonly x: number } };
    const typed = new Float64Array([1]);
    const base: T = Object.freeze({ a: Object.freeze([1, Object.freeze({ b: 0 })]), n: NaN, t: Object.freeze({ c: typed }), u: Object.freeze({ x: 1 }) });
    const same = sharedWith(base, { a: [1, { b: 0 }], n: NaN, t: { c: typed }, u: { x: 1 } });
    expect(same).toBe(base);
    const design: T = { a: [1, { b: -0 }], n: NaN, t: { c: new Float64Array([1]) }, u: { x: 1 } };
    const shared = sharedWith(base, design);
    expect(Object.is((shared.a[1] as { b: number }).b, -0)).toBe(true);
    // An object holding another typed array (trace columns) is the design's own, not a copy of it.
    expect(shared.t).toBe(design.t);
    expect(shared.u).toBe(base.u);
    // A field left out, or added, makes its object anew, in the design's order of fields.
    expect(Object.keys(sharedWith(base, { u: { x: 1 }, a: base.a } as unknown as T))).toEqual(['u', 'a']);
    // So does the same fields in another order.
    expect(Object.keys(sharedWith(base.u as object, { y: 1, x: 1 }))).toEqual(['y', 'x']);
    expect(Object.keys(sharedWith({ x: 1, y: 1 }, { y: 1, x: 1 }))).toEqual(['y', 'x']);
    expect(design.a[1]).toEqual({ b: -0 }); // the design itself is left as it was
    // A list equal item for item is the base's; one with an item changed, or fewer, is new and frozen, sharing the others.
    const curve = Object.freeze([Object.freeze([0, 1]), Object.freeze([0.8, 1]), Object.freeze([1, 0.3])]);
    expect(sharedWith(curve, [[0, 1], [0.8, 1], [1, 0.3]])).toBe(curve);
    const tapered = sharedWith(curve, [[0, 1], [0.8, 1], [1, 0.25]]);
    expect(tapered).toEqual([[0, 1], [0.8, 1], [1, 0.25]]);
    expect(tapered[0]).toBe(curve[0]);
    expect(tapered[1]).toBe(curve[1]);
    expect(Object.isFrozen(tapered) && Object.isFrozen(tapered[2])).toBe(true);
    const shorter = sharedWith(curve, [[0, 1], [0.8, 1]]);
    expect(shorter).toHaveLength(2);
    expect(shorter[1]).toBe(curve[1]);
    expect(Object.isFrozen(shorter)).toBe(true);
    // A list holding another typed array is the design's own, as an object holding one is.
    const columns = [typed];
    expect(sharedWith(Object.freeze([new Float64Array([1])]), columns)).toBe(columns);
  });
});

describe('parameters of a sweep', () => {
  const sweepFile = (text: string) => {
    const file = join(tmp(), 'sweep.json');
    writeFileSync(file, text);
    return file;
  };

  test('a sweep file must be an object of at least one path', () => {
    for (const text of ['{}', '[]', '[["hub.gridKw", [500]]]', '3']) {
      expect(problems(() => readSweepFile(sweepFile(text)))).toEqual([expect.stringMatching(/^--sweep .*sweep\.json: must be a non-empty JSON object \{"PATH": \[values…\]\}$/)]);
    }
  });

  // A Latin-1 value reached designs.csv and run.json as U+FFFD; UTF-16 read as broken JSON.
  test('a sweep file must be UTF-8 text, as a scenario file must', () => {
    const file = sweepFile('');
    writeFileSync(file, Buffer.from('{"description": ["caf\xe9"]}', 'latin1'));
    expect(problems(() => readSweepFile(file))).toEqual(['line 1, column 22: must be UTF-8 text']);
    // After a byte-order mark, the same column, as a syntax error's is counted.
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"description": ["caf\xe9"]}', 'latin1')]));
    expect(problems(() => readSweepFile(file))).toEqual(['line 1, column 22: must be UTF-8 text']);
    writeFileSync(file, Buffer.from('\ufeff{"hub.gridKw": [500]}', 'utf16le'));
    expect(problems(() => readSweepFile(file))).toEqual(['line 1, column 1: must be UTF-8 text']);
  });

  // It was called "a scenario file" there.
  test('a sweep file that is no JSON at all (a CSV) is told what it must be', () => {
    expect(problems(() => readSweepFile(sweepFile('hub.gridKw\n500\n')))).toEqual(['line 1, column 1: invalid JSON: invalid symbol; a --sweep file is one JSON object, starting with {']);
  });

  test('a list in a sweep file holds 1 to 10,000 values, as --set does', () => {
    expect(readSweepFile(sweepFile(JSON.stringify({ 'hub.gridKw': Array.from({ length: 10_000 }, (_, i) => i + 1) })))[0].values).toHaveLength(10_000);
    for (const values of [[], Array.from({ length: 10_001 }, (_, i) => i + 1)]) {
      expect(problems(() => readSweepFile(sweepFile(JSON.stringify({ 'hub.gridKw': values }))))).toEqual([expect.stringMatching(/: hub\.gridKw: must be a list of 1 to 10000 values$/)]);
    }
  });

  test('a value listed twice is refused wherever the two stand in the list', () => {
    expect(problems(() => readSweepFile(sweepFile(JSON.stringify({ 'hub.gridKw': [500, 600, 500] }))))).toEqual([expect.stringMatching(/: hub\.gridKw: must list each value once$/)]);
  });

  test('the name and the seed are not swept: the name names the output folder, and every design runs with the same seeds', () => {
    const file = sweepFile(JSON.stringify({ name: ['a', 'b'], seed: [1, 2], 'hub.gridKw': [500] }));
    expect(problems(() => readSweepFile(file))).toEqual([
      expect.stringMatching(/: name: cannot be varied \(the name names the output folder; every design runs with the same seeds: use --seed\)$/),
      expect.stringMatching(/: seed: cannot be varied /),
    ]);
  });

  test("--set's parameters come first, then the sweep file's: the first varies slowest", () => {
    const [set, fromFile] = [param('hub.gridKw', [500, 800]), param('hub.allocation', ['equal', 'fifo'])];
    expect(sweepParameters([set], [fromFile]).map((p) => p.path)).toEqual(['hub.gridKw', 'hub.allocation']);
  });

  test('a path inside another is named with the option that gave the two', () => {
    const [outer, inner] = [param('hub.chargers[0]', [{ id: 'x', connector: 'CCS', cabinets: 3, cabinetKw: 400 }]), param('hub.chargers[0].cabinets', [1, 2])];
    const inside = "hub.chargers[0].cabinets: must not lie inside another parameter's path (hub.chargers[0]): one would overwrite the other in every design";
    expect(problems(() => sweepParameters([outer, inner], []))).toEqual([`--set ${inside}`]);
    expect(problems(() => sweepParameters([], [outer, inner]))).toEqual([`--sweep ${inside}`]);
    expect(problems(() => sweepParameters([outer], [inner]))).toEqual([`--set/--sweep ${inside}`]);
    // Read from a --sweep file, it is named with its file, as the file's other problems are.
    expect(problems(() => sweepParameters([], [outer, { ...inner, file: 'd3.json' }]))).toEqual([`--sweep d3.json: ${inside}`]);
  });

  test('at most 10,000 designs: 100 × 100 is allowed, one more value is not', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(checkDesignCount([param('hub.gridKw', values(100)), param('hub.waitingSpaces', values(100))], '--set')).toBe(10_000);
    expect(problems(() => checkDesignCount([param('hub.gridKw', values(100)), param('hub.waitingSpaces', values(101))], '--set'))).toEqual(['--set: must define at most 10000 designs; a step thins a range: LO..HI:STEP']);
    // A product past what a double holds whole, to three figures.
    const many = Array.from({ length: 8 }, (_, i) => param(`hub.chargers[${i}].cabinets`, values(10_000)));
    let found: string | undefined;
    try {
      checkDesignCount(many, '--sweep');
    } catch (err) {
      found = (err as { issues: { found?: string }[] }).issues[0].found;
    }
    expect(found).toBe(`${Array(8).fill(10000).join(' × ')} = 1.00e+32`);
  });

  test('a path the format does not know is told so, also when its first value is null', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), JSON.stringify(baseRaw()));
    const base = await loadBase(join(dir, 's.json'));
    for (const values of [[500], [null, 500]]) {
      expect(problems(() => checkPaths(base, [param('hub.gridKW', values)], '--set'))).toEqual([expect.stringMatching(/^--set hub\.gridKW: must be a path into .*s\.json: no such field in the scenario format/)]);
    }
  });

  test("a list's item set to null is refused before any design runs: null leaves out a field, and an item is none", async () => {
    const dir = tmp();
    const raw = baseRaw();
    raw.hub.chargers = [raw.hub.chargers[0], { ...raw.hub.chargers[0], id: 'second' }];
    writeFileSync(join(dir, 's.json'), JSON.stringify(raw));
    const base = await loadBase(join(dir, 's.json'));
    expect(problems(() => checkPaths(base, [param('hub.chargers[1]', [null])], '--set'))).toEqual([
      '--set hub.chargers[1]: must not be null: null leaves a field out, and an item of a list is none (the items after it would take its number); to compare the hub with and without it, give a scenario file without it to hubsim compare',
    ]);
    // A field of an item is a field.
    expect(() => checkPaths(base, [param('hub.chargers[1].bayKw', [null, 300])], '--set')).not.toThrow();
  });

  test('a design is named by its values as designs.csv shows them: a text as it is, anything else as JSON; a text that reads as another value quoted', () => {
    const params = [param('behaviour.breakMin', []), param('hub.allocation', [])];
    expect(designLabel({ index: 3, values: [{ dist: 'uniform', min: 30, max: 60 }, 'fifo'] }, params)).toBe('design 3 (behaviour.breakMin = {"dist":"uniform","min":30,"max":60}, hub.allocation = fifo)');
    // The text "45" beside the number 45, and "true", "null" or "[1]" beside their values.
    expect(designLabel({ index: 2, values: ['45', 'true'] }, params)).toBe('design 2 (behaviour.breakMin = "45", hub.allocation = "true")');
    expect(designLabel({ index: 1, values: [45, true] }, params)).toBe('design 1 (behaviour.breakMin = 45, hub.allocation = true)');
  });
});

describe('what the table of designs is told with', () => {
  test('a note every design has is the scenario file\'s where the file has it too; any other names the first three designs it holds for and counts the rest', () => {
    const plain = validateScenario(baseRaw(), 'plain');
    const mcs = validateScenario({ ...baseRaw(), hub: { ...baseRaw().hub, chargers: [...baseRaw().hub.chargers, { id: 'mcs', connector: 'MCS', cabinets: 1, cabinetKw: 1000 }] } }, 'mcs');
    const [note] = scenarioNotes(mcs);
    const params = [param('hub.waitingSpaces', [])];
    const designs = (...scenarios: Scenario[]) => scenarios.map((scenario, i) => ({ index: i + 1, values: [i], scenario }));
    expect(designNotes('s.json', mcs, designs(mcs, mcs), params)).toEqual([`note: s.json: ${note}`]);
    // Every design's, but not the file's: it comes of the swept values, and is said of every design.
    expect(designNotes('s.json', plain, designs(mcs, mcs), params)).toEqual([`note: every design: ${note}`]);
    expect(designNotes('s.json', plain, designs(plain, mcs, mcs, mcs), params)).toEqual([`note: design 2 (hub.waitingSpaces = 1), design 3 (hub.waitingSpaces = 2), design 4 (hub.waitingSpaces = 3): ${note}`]);
    expect(designNotes('s.json', mcs, designs(mcs, mcs, mcs, plain, mcs, mcs), params)).toEqual([`note: design 1 (hub.waitingSpaces = 0), design 2 (hub.waitingSpaces = 1), design 3 (hub.waitingSpaces = 2) and 2 more: ${note}`]);
  });

  test('totals are said to be over the one window of every design, or each window with its designs; no line without totals', () => {
    expect(totalsLine(['wait_mean_min'], [{ days: 28, warmupDays: 2, designs: [1, 2] }])).toBeUndefined();
    expect(totalsLine(['wait_mean_min', 'energy_cost'], [{ days: 28, warmupDays: 2, designs: [1, 2] }])).toBe("energy_cost is a total over each design's 26 days after a 2-day warm-up, not a monthly or yearly figure");
    const horizons = [{ days: 14, warmupDays: 0, designs: [2] }, { days: 28, warmupDays: 0, designs: [1, 3, 5, 7] }];
    expect(totalsLine(['energy_cost'], horizons)).toBe("energy_cost is a total over each design's statistics window, not a monthly or yearly figure: 14 days for design 2; 28 days for designs 1, 3, 5, 7");
    // A month's window beside a year's: each is told what it is.
    expect(totalsLine(['energy_cost'], [{ days: 32, warmupDays: 2, designs: [1] }, { days: 367, warmupDays: 2, designs: [2] }])).toBe(
      "energy_cost is a total over each design's statistics window, a figure of its window's length: 30 days after a 2-day warm-up (a month) for design 1; 365 days after a 2-day warm-up (a year) for design 2",
    );
  });
});
