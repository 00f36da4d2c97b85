import { describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { judge, movedRows, readBaseline } from '../src/cli/commands/baseline.js';
import { compareRows, pairedDiffs } from '../src/cli/commands/compare.js';
import { METRIC_NAMES, type Metrics } from '../src/model/metrics.js';
import { summarise } from '../src/stats/summary.js';
import type { InputError } from '../src/errors.js';
import { root, tmp } from './helpers/cli.js';

const base = summarise([9, 10, 11]); // mean 10, sd 1, 95 % CI 10 ± 4.303 · 1/√3 = [7.516, 12.484]

describe('judge: has a metric moved beyond tolerance?', () => {
  test('a metric defined in fewer replications than in the baseline has moved, whatever its mean', () => {
    const base = { ...summarise([3, 4, 5]), ci95Low: 1, ci95High: 7 };
    expect(judge('wait_mean_min', base, 4, undefined, 3).moved).toBe(false);
    const fewer = judge('wait_mean_min', base, 4, undefined, 2);
    expect(fewer).toMatchObject({ moved: true, allowed: 'defined in 3 replications (now 2)' });
    expect(judge('wait_mean_min', base, 4, { relative: true, value: 0.5 }, 2).moved).toBe(true);
    // Without the count, the mean alone is judged, as before.
    expect(judge('wait_mean_min', base, 4, undefined).moved).toBe(false);
  });

  test('a metric empty on one side has moved, and what was allowed is what the baseline holds', () => {
    const empty = summarise([NaN, NaN]);
    expect(judge('energy_cost', empty, 158981, undefined)).toMatchObject({ moved: true, allowed: 'empty, as in the baseline' });
    expect(judge('energy_cost', base, NaN, undefined)).toMatchObject({ moved: true, allowed: 'defined, as in the baseline' });
    expect(judge('energy_cost', empty, NaN, undefined).moved).toBe(false);
  });

  test('a move that four digits hide is printed in full, so the table shows why it failed', () => {
    const base = { ...summarise([1.167, 1.167]), ci95Low: 1.167, ci95High: 1.167 };
    const line = judge('wait_mean_min', base, 1.167000003, undefined);
    expect(line.moved).toBe(true);
    expect(movedRows([line])).toEqual([['wait_mean_min', '1.167', '1.167000003', '+0.000000003 (+0.0000002571%)', '[1.167, 1.167]']]);
    // A move four digits show keeps four digits.
    const far = judge('wait_mean_min', base, 1.5, undefined);
    expect(movedRows([far])).toEqual([['wait_mean_min', '1.167', '1.5', '+0.333 (+28.53%)', '[1.167, 1.167]']]);
    // Bounds that four digits round onto the new mean are shown in full too: "[5, 5]" beside 5
    // would not say which side it left by.
    const narrow = judge('wait_mean_min', { ...summarise([5.0001, 5.0002]), ci95Low: 5.0001, ci95High: 5.0002 }, 5.00001, undefined);
    expect(narrow.moved).toBe(true);
    expect(narrow.allowed).toBe('[5.0001, 5.0002]');
  });


  test('a tolerance too small for four digits is shown in full, not as 0', () => {
    expect(judge('wait_mean_min', base, 11, { relative: false, value: 1e-12 }).allowed).toBe('± 1e-12');
    expect(judge('wait_mean_min', base, 11, { relative: true, value: 1e-14 }).allowed).toBe('± 1e-12%');
    expect(judge('wait_mean_min', base, 11, { relative: false, value: 0 }).allowed).toBe('± 0');
    expect(judge('wait_mean_min', base, 11, { relative: false, value: 0.5 }).allowed).toBe('± 0.5');
  });

  test('by default, outside the baseline 95 % interval', () => {
    expect(judge('wait_mean_min', base, 12.4, undefined).moved).toBe(false);
    expect(judge('wait_mean_min', base, 12.6, undefined).moved).toBe(true);
    expect(judge('wait_mean_min', base, 7.4, undefined).moved).toBe(true);
  });

  test('an interval as narrow as rounding is missed only beyond rounding', () => {
    // A battery holding its 2,500 kW target: every replication's peak a few ulps above it.
    // (The shipped battery scenario's baseline row, as an earlier build wrote it.)
    const held = { ...summarise([1, 2, 3]), mean: 2500.000000000001, ci95Low: 2500.000000000001, ci95High: 2500.000000000001 };
    expect(judge('grid_peak_kw', held, 2500, undefined).moved).toBe(false);
    expect(judge('grid_peak_kw', held, 2500.001, undefined).moved).toBe(true);
    expect(judge('grid_peak_kw', held, 2499.999, undefined).moved).toBe(true);
  });

  test('without an interval (one replication), any change beyond rounding', () => {
    const one = summarise([10]);
    expect(judge('queue_max', one, 10, undefined).moved).toBe(false);
    expect(judge('queue_max', one, 10 + 1e-6, undefined).moved).toBe(true);
  });

  test('relative and absolute tolerances', () => {
    expect(judge('grid_peak_kw', base, 10.49, { relative: true, value: 0.05 }).moved).toBe(false);
    expect(judge('grid_peak_kw', base, 10.51, { relative: true, value: 0.05 }).moved).toBe(true);
    expect(judge('grid_peak_kw', base, 9.6, { relative: false, value: 0.5 }).moved).toBe(false);
    expect(judge('grid_peak_kw', base, 9.4, { relative: false, value: 0.5 }).moved).toBe(true);
  });

  test('a tolerance allows rounding as the default check does: a metric at 0 is not moved by 1e-14', () => {
    const zero = summarise([0, 0, 0]);
    expect(judge('energy_unmet_kwh', zero, 9.473903143468002e-15, undefined).moved).toBe(false);
    expect(judge('energy_unmet_kwh', zero, 9.473903143468002e-15, { relative: true, value: 0.05 }).moved).toBe(false);
    expect(judge('energy_unmet_kwh', zero, 9.473903143468002e-15, { relative: false, value: 0 }).moved).toBe(false);
    expect(judge('energy_unmet_kwh', zero, 1e-6, { relative: true, value: 0.05 }).moved).toBe(true);
    // The rounding allowed belongs to the range: a mean at its very end, either end, has not moved.
    expect(judge('energy_unmet_kwh', zero, 1e-9, { relative: false, value: 0 }).moved).toBe(false);
    expect(judge('energy_unmet_kwh', zero, -1e-9, { relative: false, value: 0 }).moved).toBe(false);
  });

  test('a metric that becomes undefined, or defined, has moved', () => {
    expect(judge('wait_mean_min', base, NaN, undefined).moved).toBe(true);
    expect(judge('wait_mean_min', summarise([]), 3, undefined).moved).toBe(true);
    expect(judge('wait_mean_min', summarise([]), NaN, undefined).moved).toBe(false);
  });
});

describe('readBaseline', () => {
  test('names the line a bad row is on in the file, blank lines before it counted', () => {
    const lines = readFileSync(join(root, 'baselines', 'trace-example.csv'), 'utf8').split('\n');
    // A blank line after the header and another before the last row; the misspelled row is line 9.
    lines.splice(1, 0, '');
    lines[8] = lines[8].replace(',wait_mean_min,', ',wait_mean_mn,');
    lines.splice(lines.length - 2, 0, '');
    const file = join(tmp(), 'baseline.csv');
    writeFileSync(file, lines.join('\n'));
    let error: InputError | undefined;
    try {
      readBaseline(file);
    } catch (e) {
      error = e as InputError;
    }
    expect(error?.message).toContain(`${file} line 9, column metric: must be a metric name (did you mean "wait_mean_min"?) (got "wait_mean_mn")`);
    // A name like none of this hubsim's: a baseline of another version, told what to do with it.
    writeFileSync(file, lines.join('\n').replace(',wait_mean_mn,', ',foo_metric,'));
    expect(() => readBaseline(file)).toThrow(
      `${file} line 9, column metric: must be a metric name: this hubsim has none of that name (a baseline of another version? delete the row, or write the baseline again) (got "foo_metric")`,
    );
  });

  test('reads a row of empty cells, as a spreadsheet saves a cleared row, as a blank line; a bad row after one is still named by its line', () => {
    const text = readFileSync(join(root, 'baselines', 'trace-example.csv'), 'utf8');
    const lines = text.split('\n');
    const empty = ',,,,,,,,';
    const cleared = [lines[0], empty, ...lines.slice(1, -1), ' , ,,,,,,, ', empty, ''].join('\r\n');
    const file = join(tmp(), 'baseline.csv');
    writeFileSync(file, cleared);
    // The same baseline, its first row one line further down.
    expect(readBaseline(file)).toEqual({ ...readBaseline(join(root, 'baselines', 'trace-example.csv')), firstLine: 3 });
    writeFileSync(file, cleared.replace(',wait_mean_min,', ',wait_mean_mn,'));
    const row = lines.findIndex((l) => l.includes(',wait_mean_min,')) + 2;
    expect(() => readBaseline(file)).toThrow(`${file} line ${row}, column metric: must be a metric name (did you mean "wait_mean_min"?) (got "wait_mean_mn")`);
    // Not in the header's place: line 1 is the header, and no row of empty cells is one.
    writeFileSync(file, [empty, ...lines].join('\n'));
    const headed = `${file}: must have a header with scenario, seed, replications, metric, mean, sd, ci95_low, ci95_high, n and one row per metric`;
    expect(() => readBaseline(file)).toThrow(`${headed} (got line 1 of empty cells only: the header must be the first line)`);
    // A file of nothing at all is said to be empty, not to lack rows alone.
    writeFileSync(file, '');
    expect(() => readBaseline(file)).toThrow(`${headed} (got an empty file)`);
  });

  test("a quote opened and never closed is blamed on its line, not on the file's end where csv-parse finds it open", () => {
    const lines = readFileSync(join(root, 'baselines', 'trace-example.csv'), 'utf8').split('\n');
    lines[4] = lines[4].replace(/,([\d.]+),/, ',"$1,');
    const file = join(tmp(), 'baseline.csv');
    writeFileSync(file, lines.join('\n'));
    // Worded as a trace's is.
    expect(() => readBaseline(file)).toThrow(`${file} line 5: must close every quote it opens (got a quote still open at the end of the file)`);
    // CRLF line ends alike.
    writeFileSync(file, lines.join('\r\n'));
    expect(() => readBaseline(file)).toThrow(`${file} line 5: must close every quote it opens`);
  });

  test("a quote out of place mid-line is named by its line and column, with the fix, not in csv-parse's words", () => {
    const lines = readFileSync(join(root, 'baselines', 'trace-example.csv'), 'utf8').split('\n');
    const file = join(tmp(), 'baseline.csv');
    writeFileSync(file, lines.map((l, i) => (i === 2 ? l.replace(/,([a-z_]+),/, ',x"$1,') : l)).join('\n'));
    expect(() => readBaseline(file)).toThrow(`${file} line 3, column metric: must quote a cell from its first character or not at all (a quote within a quoted cell is written twice: "a""b") (got a quote after "x")`);
    writeFileSync(file, lines.map((l, i) => (i === 3 ? l.replace(/,([a-z_]+),/, ',"$1"x,') : l)).join('\n'));
    expect(() => readBaseline(file)).toThrow(`${file} line 4, column metric: must follow a cell's closing quote with a comma or the line's end (got "x" after it)`);
  });

  test('a baseline saved with CRLF and appended to with LF (echo on Linux) reads as written in either', () => {
    const original = join(root, 'baselines', 'trace-example.csv');
    const lines = readFileSync(original, 'utf8').split('\n');
    const file = join(tmp(), 'baseline.csv');
    writeFileSync(file, `${lines.slice(0, 6).join('\r\n')}\r\n${lines.slice(6).join('\n')}`);
    expect(readBaseline(file)).toEqual(readBaseline(original));
  });

  test('a baseline saved with CR line ends alone is said to be so, not cut short', () => {
    const file = join(tmp(), 'baseline.csv');
    writeFileSync(file, readFileSync(join(root, 'baselines', 'trace-example.csv'), 'utf8').replaceAll('\n', '\r'));
    expect(() => readBaseline(file)).toThrow(`${file}: must end its lines with LF (or CRLF), as hubsim writes it (got lines ended by CR alone (as classic Mac OS saved text): save it with LF or CRLF line ends)`);
  });

  test('refuses a seed, replications or n that hubsim would not write so, a seed a spreadsheet saved in exponent form above all', () => {
    const text = readFileSync(join(root, 'baselines', 'trace-example.csv'), 'utf8');
    const file = join(tmp(), 'baseline.csv');
    const expected = 'must be a whole number as hubsim writes it, in digits alone (not 1.0, 1e3, +1 or 01; a spreadsheet may have saved a long seed as 1.23457E+13)';
    for (const seed of ['1.0', '1e0', '+1', '01', '1.23457E+13']) {
      writeFileSync(file, text.replaceAll('trace-example,1,10,', `trace-example,${seed},10,`));
      expect(() => readBaseline(file)).toThrow(`${file} line 2, column seed: ${expected} (got "${seed}")`);
    }
    // A count is not a seed: its message says nothing of one.
    const count = 'must be a whole number as hubsim writes it, in digits alone (not 1.0, 1e3, +1 or 01)';
    writeFileSync(file, text.replaceAll('trace-example,1,10,', 'trace-example,1,1e1,'));
    expect(() => readBaseline(file)).toThrow(`${file} line 2, column replications: ${count} (got "1e1")`);
    const lines = text.split('\n');
    lines[1] = lines[1].replace(/,10$/, ',10.0');
    writeFileSync(file, lines.join('\n'));
    expect(() => readBaseline(file)).toThrow(`${file} line 2, column n: ${count} (got "10.0")`);
    // Spaces around a cell, as a spreadsheet may pad it, are no part of it.
    writeFileSync(file, text.replaceAll('trace-example,1,10,', 'trace-example, 1 ,10,'));
    expect(readBaseline(file).seed).toBe(1);
  });

  test('refuses a baseline whose replications were edited without its rows (exit 2, not every metric moved)', () => {
    const text = readFileSync(join(root, 'baselines', 'trace-example.csv'), 'utf8');
    const file = join(tmp(), 'baseline.csv');
    // Said once, of the replications, whether more or fewer: not of every row's n, nor 29 times as n above 5.
    for (const edited of ['20', '5']) {
      writeFileSync(file, text.replaceAll('trace-example,1,10,', `trace-example,1,${edited},`));
      expect(() => readBaseline(file)).toThrow(
        `${file}: 1 problem\n  ${file} line 2, column replications: must be the replications the means are over: the metrics every replication defines all have n = 10 (got ${edited})`,
      );
    }
  });

  test("refuses one metric's n edited where every replication defines it (exit 2, not a metric moved by 0 %)", () => {
    const text = readFileSync(join(root, 'baselines', 'trace-example.csv'), 'utf8');
    const file = join(tmp(), 'baseline.csv');
    const lines = text.split('\n');
    for (const metric of ['trucks_served', 'grid_mean_kw']) {
      const i = lines.findIndex((l) => l.split(',')[3] === metric);
      lines[i] = lines[i].replace(/,10$/, ',9');
    }
    writeFileSync(file, lines.join('\n'));
    const served = lines.findIndex((l) => l.split(',')[3] === 'trucks_served') + 1;
    const grid = lines.findIndex((l) => l.split(',')[3] === 'grid_mean_kw') + 1;
    expect(() => readBaseline(file)).toThrow(
      `${file}: 2 problems\n  ${file} line ${served}, column n: must equal the replications (10): trucks_served is defined in every replication (got 9)\n` +
        `  ${file} line ${grid}, column n: must equal the replications (10): grid_mean_kw is defined in every replication (got 9)`,
    );
  });
});

describe('pairedDiffs', () => {
  const row = (r: number, v: number) => ({
    replication: r,
    seed: r,
    metrics: Object.fromEntries(METRIC_NAMES.map((m) => [m, v])) as Metrics,
  });

  test("the compare file's n counts the replications the metric is defined in on both sides", () => {
    // A wait is undefined in a replication where no truck plugged in: that pair has no difference.
    const a = [row(1, 10), row(2, 20), row(3, 30)];
    const b = [row(1, 11), row(2, 22), { ...row(3, 0), metrics: { ...row(3, 0).metrics, wait_mean_min: NaN } }];
    const wait = compareRows(pairedDiffs(a, b)).find((r) => r[0] === 'wait_mean_min')!;
    expect(wait[wait.length - 1]).toBe('2');
    expect(wait[3]).toBe('1.5'); // B − A over the two pairs: (1 + 2) / 2
    const arrived = compareRows(pairedDiffs(a, b)).find((r) => r[0] === 'trucks_arrived')!;
    expect(arrived[arrived.length - 1]).toBe('3');
  });

  test('summarises B − A replication by replication', () => {
    const a = [row(1, 10), row(2, 20), row(3, 30)];
    const b = [row(1, 11), row(2, 22), row(3, 30)];
    const d = pairedDiffs(a, b).find((x) => x.metric === 'wait_mean_min')!;
    expect(d.a.mean).toBe(20);
    expect(d.b.mean).toBe(21);
    expect(d.diff.mean).toBeCloseTo(1, 12);
    expect(d.diff.sd).toBeCloseTo(1, 12);
    // Pairing removes the spread the two share: the difference's sd (1) is far below each side's (10).
    expect(d.diff.sd).toBeLessThan(d.a.sd / 5);
    expect(d.alike).toBe(false);
  });

  test('a difference that a few pairs agree on has no interval: its t-interval of no width would claim one by chance', () => {
    // The longest queue, 5 and 3 in both pairs: B − A is −2 twice, and t gives [−2, −2].
    const queue = (r: number, v: number, w: number) => ({ ...row(r, w), metrics: { ...row(r, w).metrics, queue_max: v } });
    const a = [queue(1, 5, 10), queue(2, 5, 20)];
    const b = [queue(1, 3, 11), queue(2, 3, 23)];
    const d = pairedDiffs(a, b).find((x) => x.metric === 'queue_max')!;
    expect(d.alike).toBe(true);
    expect(d.diff.mean).toBe(-2);
    expect(d.diff.ci95Low).toBeNaN();
    expect(d.diff.ci95High).toBeNaN();
    expect(compareRows(pairedDiffs(a, b)).find((r) => r[0] === 'queue_max')).toEqual(['queue_max', '5', '3', '-2', '', '', '2']);
    // A difference of 0 in every pair claims none: it keeps [0, 0] (trucks_arrived: the same trucks).
    const same = pairedDiffs(a, b.map((r, i) => ({ ...r, metrics: { ...r.metrics, trucks_arrived: a[i].metrics.trucks_arrived } }))).find((x) => x.metric === 'trucks_arrived')!;
    expect([same.alike, same.diff.ci95Low, same.diff.ci95High]).toEqual([false, 0, 0]);
    // A metric the same in every replication of both by its definition keeps its interval, as does
    // every metric of two scenarios that draw nothing at random (every metric constant in both).
    const constant = pairedDiffs(a, b, [new Set(['queue_max']), new Set(['queue_max'])]).find((x) => x.metric === 'queue_max')!;
    expect([constant.alike, constant.diff.ci95Low, constant.diff.ci95High]).toEqual([false, -2, -2]);
    expect(pairedDiffs(a, b, [new Set(['queue_max']), new Set()]).find((x) => x.metric === 'queue_max')!.alike).toBe(true);
    const all = new Set<string>(METRIC_NAMES);
    const fixed = pairedDiffs([row(1, 5), row(2, 5)], [row(1, 3), row(2, 3)], [all, all]);
    expect(fixed.every((x) => !x.alike && x.diff.ci95Low === -2)).toBe(true);
    // Replications that merely agree in every metric are not known alike: a quiet hub's can.
    expect(pairedDiffs([row(1, 5), row(2, 5)], [row(1, 3), row(2, 3)]).every((x) => x.alike)).toBe(true);
    // From 59 agreeing pairs on (at 95 %), the agreement stands for the mean.
    const many = (n: number) => pairedDiffs(Array.from({ length: n }, (_, i) => queue(i + 1, 5, i)), Array.from({ length: n }, (_, i) => queue(i + 1, 3, 2 * i))).find((x) => x.metric === 'queue_max')!;
    expect(many(58).alike).toBe(true);
    expect(many(59).alike).toBe(false);
    expect(many(59).diff.ci95High).toBe(-2);
  });
});

describe('judge at the edges', () => {
  test('a relative tolerance is relative to |old mean|: a negative margin that did not move has not moved', () => {
    const old = summarise([-1.1, -1, -0.9]); // mean -1
    const tol = { relative: true, value: 0.05 };
    expect(judge('margin_per_kwh', old, -1, tol).moved).toBe(false);
    expect(judge('margin_per_kwh', old, -1.04, tol).moved).toBe(false);
    expect(judge('margin_per_kwh', old, -1.06, tol).moved).toBe(true);
    const line = judge('margin_per_kwh', old, -1, tol);
    expect(line.low).toBeLessThan(line.high);
  });

  test('a metric now defined in more replications than in the baseline has moved, whatever its mean', () => {
    const old = summarise([3, NaN, 5]); // defined in 2 of 3 replications, mean 4
    expect(old.n).toBe(2);
    expect(judge('wait_mean_min', old, 4, undefined, 2).moved).toBe(false);
    expect(judge('wait_mean_min', old, 4, undefined, 3).moved).toBe(true);
    expect(judge('wait_mean_min', old, 4, { relative: true, value: 0.5 }, 3).moved).toBe(true);
  });
});
