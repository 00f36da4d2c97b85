import { describe, expect, test } from '@jest/globals';
import { checkOut, checkPower, checkReplications, checkSeed, checkSessions, checkShard, checkTolerances, checkWorkers, MAX_REPLICATIONS } from '../src/cli/args.js';
import { InputError } from '../src/errors.js';

describe('command-line checks', () => {
  test('--replications is a whole number >= 1', () => {
    expect(checkReplications(3)).toBe(3);
    for (const bad of [0, -1, 2.5, NaN, '3']) expect(() => checkReplications(bad)).toThrow(InputError);
  });

  test('--seed is a whole number >= 0 or absent', () => {
    expect(checkSeed(undefined)).toBeUndefined();
    expect(checkSeed(0)).toBe(0);
    for (const bad of [-1, 1.5, NaN, 2 ** 60]) expect(() => checkSeed(bad)).toThrow(InputError);
  });

  test('--workers is "auto" or a whole number >= 1', () => {
    expect(checkWorkers('auto', 4)).toBe(4);
    expect(checkWorkers(undefined, 4)).toBe(4);
    expect(checkWorkers('2', 4)).toBe(2);
    for (const bad of ['many', '0', '1.5', '']) expect(() => checkWorkers(bad, 4)).toThrow(/--workers/);
  });

  test('--shard is K/N with 1 <= K <= N', () => {
    expect(checkShard(undefined)).toBeUndefined();
    expect(checkShard('2/4')).toEqual({ k: 2, n: 4 });
    for (const bad of ['4/3', '0/3', '1/0', '1-3', 'a/b', '1/3/4']) expect(() => checkShard(bad)).toThrow(/--shard/);
  });

  test('--sessions is first, all or none', () => {
    expect(checkSessions('all')).toBe('all');
    expect(() => checkSessions('some')).toThrow(/--sessions/);
  });

  test('--tolerance: relative, absolute, per metric, repeated or comma-separated', () => {
    expect(checkTolerances(undefined)).toEqual({ all: undefined, perMetric: {} });
    expect(checkTolerances(['5%'])).toEqual({ all: { relative: true, value: 0.05 }, perMetric: {} });
    expect(checkTolerances(['0.5', 'wait_mean_min=10%,grid_peak_kw=50'])).toEqual({
      all: { relative: false, value: 0.5 },
      perMetric: { wait_mean_min: { relative: true, value: 0.1 }, grid_peak_kw: { relative: false, value: 50 } },
    });
    expect(() => checkTolerances(['wait_mean=5%'])).toThrow(/must name a metric/);
    expect(() => checkTolerances(['-5%'])).toThrow(/--tolerance/);
    expect(() => checkTolerances(['lots'])).toThrow(/--tolerance/);
  });
});

describe('limits and single values', () => {
  test('--workers is capped at 4 per core', () => {
    expect(checkWorkers('8', 2, 2)).toBe(8);
    expect(() => checkWorkers('9', 2, 2)).toThrow(/from 1 to 8 \(4 per core\)/);
  });

  test('--replications is capped', () => {
    expect(checkReplications(MAX_REPLICATIONS)).toBe(MAX_REPLICATIONS);
    expect(() => checkReplications(MAX_REPLICATIONS + 1)).toThrow(/from 1 to 100000/);
  });

  test('an option given twice is a mistake', () => {
    expect(() => checkOut(['a', 'b'])).toThrow(/--out: must be given once/);
    expect(() => checkSeed([1, 2])).toThrow(/--seed: must be given once/);
    expect(() => checkOut('')).toThrow(/--out: must name a folder/);
  });

  test('--power is first, all or none', () => {
    expect(checkPower('none')).toBe('none');
    expect(() => checkPower('some')).toThrow(/--power/);
  });

  test('--tolerance must be finite', () => {
    expect(() => checkTolerances(['1e400'])).toThrow(/finite/);
  });
});
