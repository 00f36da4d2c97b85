import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { InputError, METRIC_NAMES, OverloadedError, parseScenario, simulate, validateScenario } from '../src/index.js';

const text = readFileSync(new URL('../scenarios/koblenz.json', import.meta.url), 'utf8');

describe('the library API', () => {
  test('a hub that cannot serve its trucks throws OverloadedError, an InputError a caller can tell apart', () => {
    const raw = JSON.parse(text);
    raw.hub.gridKw = 1;
    raw.horizon = { days: 1 };
    delete raw.hub.waitingSpaces;
    raw.behaviour = { breakMin: 45, leave: 'charged' };
    let err: unknown;
    try {
      simulate(validateScenario(raw, 'k.json'), 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OverloadedError);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues).toEqual([expect.objectContaining({ path: 'hub', found: expect.stringMatching(/still at the hub 365 days after the horizon/) })]);
  });

  test('METRIC_NAMES cannot be changed by a caller', () => {
    expect(Object.isFrozen(METRIC_NAMES)).toBe(true);
    const before = [...METRIC_NAMES];
    expect(() => (METRIC_NAMES as unknown as string[]).sort()).toThrow(TypeError);
    expect(() => (METRIC_NAMES as unknown as string[]).push('x')).toThrow(TypeError);
    expect([...METRIC_NAMES]).toEqual(before);
  });

  test.each([5, {}, null, ['a.json']])('a source that is not a string (%p) is an InputError naming it', (source) => {
    for (const call of [() => parseScenario(text, source as never), () => validateScenario(JSON.parse(text), source as never)]) {
      let err: unknown;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).issues).toEqual([expect.objectContaining({ path: 'source', expected: expect.stringContaining('must be a string') })]);
      expect((err as InputError).message).not.toContain('[object Object]');
    }
  });

  test('a source left out (as the types allow), or a string, still works; left out, a message has no heading', () => {
    expect(parseScenario(text).name).toBe('koblenz');
    expect(validateScenario(JSON.parse(text)).name).toBe('koblenz');
    expect(validateScenario(JSON.parse(text), 'mem').name).toBe('koblenz');
    const bad = { ...JSON.parse(text), seed: -1 };
    expect(() => validateScenario(bad)).toThrow(/^seed: must be/);
    expect(() => validateScenario(bad, 'mem')).toThrow(/^mem: 1 problem\n {2}seed: must be/);
  });
});
