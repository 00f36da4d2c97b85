import { describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDesigns, loadBase, sharedWith } from '../src/cli/designs.js';
import { crossProduct } from '../src/cli/sweepfiles.js';
import { parsePath } from '../src/scenario/paths.js';
import { validateScenario } from '../src/index.js';
import type { Scenario } from '../src/scenario/types.js';
import { tmp } from './helpers/cli.js';
import { baseRaw, csv } from './helpers/scenarios.js';

// Designs of a sweep or a sizing, built from a scenario file and parameters.

const param = (path: string, values: unknown[]) => ({ path, steps: parsePath(path), values });
const columnsOf = (s: Scenario) => (s.arrivals.kind === 'trace' ? s.arrivals.columns : undefined);

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
    const messages = await buildDesigns(base, params, crossProduct(params)).then(
      () => [],
      (err: { issues: { path: string; expected: string }[] }) => err.issues.map((i) => `${i.path}: ${i.expected}`),
    );
    expect(messages.filter((m) => m.startsWith('design '))).toHaveLength(21); // design 1 has both problems
    expect(messages.filter((m) => !m.startsWith('design '))).toEqual(['11 more designs: hub.gridKw: must be a number >= 1, in all of them']);
  });

  test('past the five problems named, the rest are counted: one is one other problem', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), JSON.stringify(baseRaw()));
    const base = await loadBase(join(dir, 's.json'));
    const params = [param('hub.gridKw', []), param('hub.allocation', []), param('hub.waitingSpaces', [])];
    const listed = Array.from({ length: 20 }, () => [-1, 'equal', 4]);
    const others = [[1000, 'zz', 4], [1000, 'equal', -1], [1000, 'equal', 'x'], ['x', 'equal', 4], [{}, 'equal', 4], [-1, 'equal', 4]];
    const messages = await buildDesigns(base, params, [...listed, ...others]).then(
      () => [],
      (err: { issues: { path: string; expected: string }[] }) => err.issues.map((i) => `${i.path}: ${i.expected}`),
    );
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
    expect(design.a[1]).toEqual({ b: -0 }); // the design itself is left as it was
  });
});
