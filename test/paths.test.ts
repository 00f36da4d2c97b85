import { describe, expect, test } from '@jest/globals';
import { InputError } from '../src/errors.js';
import { formatPath, getAt, parsePath, pathProblem, setAt } from '../src/scenario/paths.js';
import { baseRaw, scenarioOf } from './helpers/scenarios.js';

describe('parsePath and formatPath', () => {
  test('fields joined by dots, with list indices', () => {
    expect(parsePath('hub.chargers[0].cabinets')).toEqual(['hub', 'chargers', 0, 'cabinets']);
    expect(parsePath('hub.gridKw')).toEqual(['hub', 'gridKw']);
    expect(parsePath('fleet[1].curve[2][0]')).toEqual(['fleet', 1, 'curve', 2, 0]);
    expect(parsePath('fleet[0].maxKw.CCS')).toEqual(['fleet', 0, 'maxKw', 'CCS']);
    for (const p of ['hub.chargers[0].cabinets', 'fleet[1].curve[2][0]', 'name']) expect(formatPath(parsePath(p))).toBe(p);
  });

  test('anything else is an input error naming the path', () => {
    for (const bad of ['', '.hub', 'hub.', 'hub..gridKw', '[0].x', 'hub.[0]', 'hub.chargers[x]', 'hub.chargers[-1]', 'hub chargers', 'hub.chargers[0', 'hub.__proto__.x', 'constructor']) {
      expect(() => parsePath(bad)).toThrow(InputError);
    }
    expect(() => parsePath('hub..gridKw')).toThrow(/^hub\.\.gridKw: must be a path into the scenario/);
    // An index that is no whole number is named, not its bracket.
    for (const index of ['-1', 'x', '1.5', '']) {
      expect(() => parsePath(`hub.chargers[${index}].cabinets`)).toThrow(`: an index is a whole number from 0, as in [0], not [${index}] (character 13)`);
    }
    expect(() => parsePath('hub.chargers[0')).toThrow(': unexpected "[" at character 13');
  });
});

describe('pathProblem', () => {
  const raw = baseRaw();

  test('existing fields and items, and an absent last field, can be set', () => {
    expect(pathProblem(raw, parsePath('hub.chargers[0].cabinets'))).toBeUndefined();
    expect(pathProblem(raw, parsePath('hub.gridKw'))).toBeUndefined();
    expect(pathProblem(raw, parsePath('hub.chargers[0]'))).toBeUndefined();
  });

  test('says why a path cannot be set', () => {
    expect(pathProblem(raw, parsePath('hub.chargers[1].cabinets'))).toBe('no such index: hub.chargers has 1 item ([0] to [0])');
    expect(pathProblem(raw, parsePath('hub.nothing.x'))).toBe('no such field: hub has no nothing');
    expect(pathProblem(raw, parsePath('seed.x'))).toBe('seed is a number, not an object: nothing is inside it');
    expect(pathProblem(raw, parsePath('hub.chargers.cabinets'))).toBe('hub.chargers is a list of 1: name an item by its index, as in hub.chargers[0]');
    expect(pathProblem(raw, parsePath('hub[0]'))).toBe('hub is an object, not a list: no index [0] in it');
  });
});

describe('setAt and getAt', () => {
  test('setAt returns a copy with the value set and leaves the input untouched', () => {
    const raw = baseRaw();
    const before = JSON.stringify(raw);
    const next = setAt(raw, parsePath('hub.chargers[0].cabinets'), 5) as typeof raw;
    expect(JSON.stringify(raw)).toBe(before);
    expect(next.hub.chargers[0].cabinets).toBe(5);
    expect(getAt(next, parsePath('hub.chargers[0].cabinets'))).toBe(5);
    // Only the path is copied: the rest is shared.
    expect(next.fleet).toBe(raw.fleet);
    expect(next.hub).not.toBe(raw.hub);
    expect(scenarioOf(next).hub.chargers[0].cabinets).toBe(5);
  });

  test('an absent optional field is added', () => {
    const next = setAt(baseRaw(), parsePath('hub.gridKw'), 700);
    expect(scenarioOf(next as Record<string, unknown>).hub.gridKw).toBe(700);
  });

  test('null leaves a field out, as a scenario that does not give it; the input untouched', () => {
    const raw = { ...baseRaw(), hub: { ...baseRaw().hub, gridKw: 700 } };
    const next = setAt(raw, parsePath('hub.gridKw'), null) as typeof raw;
    expect('gridKw' in next.hub).toBe(false);
    expect(raw.hub.gridKw).toBe(700);
    expect(scenarioOf(next as Record<string, unknown>).hub.gridKw).toBe(scenarioOf(baseRaw()).hub.gridKw);
    // A list's item is not left out: the list would shift (validation then names the null).
    expect((setAt(baseRaw(), parsePath('hub.chargers[0]'), null) as typeof raw).hub.chargers[0]).toBeNull();
  });

  test('a path that cannot be set throws an input error naming it', () => {
    expect(() => setAt(baseRaw(), parsePath('hub.chargers[3].cabinets'), 1)).toThrow(/^hub\.chargers\[3\]\.cabinets: no such index/);
  });

  test('getAt gives undefined where nothing is', () => {
    expect(getAt(baseRaw(), parsePath('hub.gridKw'))).toBeUndefined();
    expect(getAt(baseRaw(), parsePath('hub.chargers[4].id'))).toBeUndefined();
  });

  test("getAt finds only the scenario's own fields, not what every object inherits", () => {
    // A sweep over hub.toString would otherwise find a value there and never be told it names no field.
    expect(getAt(baseRaw(), parsePath('hub.toString'))).toBeUndefined();
    expect(getAt(baseRaw(), parsePath('fleet[0].hasOwnProperty'))).toBeUndefined();
  });
});
