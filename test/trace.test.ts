import { describe, expect, test } from '@jest/globals';
import { InputError, type InputIssue } from '../src/errors.js';
import { parseTrace, traceRows } from '../src/scenario/trace.js';
import { validateScenario } from '../src/scenario/validate.js';
import { baseRaw, csv, traceScenario } from './helpers/scenarios.js';

const FLEET = ['eactros', 'etgx'];
const W = 'trace t.csv';

/** parseTrace's rows as plain objects, and its issues. */
function rowsOf(text: string): { rows: ReturnType<typeof traceRows>; issues: readonly InputIssue[] } {
  const { trace, issues } = parseTrace(text, W, FLEET);
  return { rows: trace ? traceRows(trace, FLEET) : [], issues };
}

function issuesOf(text: string): readonly InputIssue[] {
  try {
    traceScenario({ ...baseRaw(), fleet: FLEET.map((name) => ({ name, batteryKwh: 600, maxKw: { CCS: 400 } })) }, text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues;
  }
  throw new Error('expected an InputError, but the trace was accepted');
}

describe('parseTrace on good input', () => {
  test('maps columns to fields and leaves empty cells to be drawn', () => {
    const text = csv(
      ['arrival_min', 'fleet', 'soc_in', 'target_soc', 'energy_kwh', 'break_min', 'patience_min'],
      [
        [10, 'etgx', 0.2, 0.8, '', 45, 30],
        [5, '', '', '', 250, '', ''],
      ],
    );
    const { rows, issues } = rowsOf(text);
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { arrivalMin: 5, energyKwh: 250 },
      { arrivalMin: 10, fleet: 'etgx', socIn: 0.2, targetSoc: 0.8, breakMin: 45, patienceMin: 30 },
    ]);
  });

  test('sorts by arrival, stable among equal times', () => {
    const { rows } = rowsOf(csv(['arrival_min', 'break_min'], [[7, 1], [3, 2], [7, 3], [3, 4], [0, 5]]));
    expect(rows.map((r) => r.breakMin)).toEqual([5, 2, 4, 1, 3]);
  });

  test('columns may come in any order; BOM, spaces and blank lines are tolerated', () => {
    const { rows, issues } = rowsOf('\ufeffbreak_min , arrival_min\n\n 45 , 12.5 \n\n');
    expect(issues).toEqual([]);
    expect(rows).toEqual([{ arrivalMin: 12.5, breakMin: 45 }]);
  });

  test('quoted cells and CRLF line ends', () => {
    const { rows, issues } = rowsOf('arrival_min,fleet\r\n"1","etgx"\r\n');
    expect(issues).toEqual([]);
    expect(rows).toEqual([{ arrivalMin: 1, fleet: 'etgx' }]);
  });

  test('a header with no rows is an empty trace, not an error', () => {
    expect(rowsOf('arrival_min\n')).toEqual({ rows: [], issues: [] });
    expect(parseTrace('arrival_min\n', W, FLEET).trace?.length).toBe(0);
  });
});

describe('malformed traces', () => {
  test('a cell that is not a number', () => {
    const issues = issuesOf(csv(['arrival_min', 'soc_in'], [[0, 'abc']]));
    expect(issues).toEqual([{ path: 'trace trace.csv line 2, column soc_in', expected: 'must be a number in [0, 1]', found: '"abc"' }]);
  });

  test.each([
    ['arrival_min', '-5', '>= 0'],
    ['arrival_min', 'Infinity', '>= 0'],
    ['arrival_min', '1e999', '>= 0'],
    ['arrival_min', 'NaN', '>= 0'],
    ['soc_in', '1.5', 'in [0, 1]'],
    ['target_soc', '-0.1', 'in [0, 1]'],
    ['energy_kwh', '-1', '>= 0'],
    ['break_min', '12min', 'in [0, 10080]'],
    ['patience_min', '0x', 'in [0, 10080]'],
  ])('column %s with %j', (column, cell, range) => {
    const rowCells = column === 'arrival_min' ? [cell] : ['0', cell];
    const header = column === 'arrival_min' ? ['arrival_min'] : ['arrival_min', column];
    const issues = issuesOf(csv(header, [rowCells]));
    expect(issues).toEqual([{ path: `trace trace.csv line 2, column ${column}`, expected: `must be a number ${range}`, found: JSON.stringify(cell) }]);
  });

  test('an unknown column, with a "did you mean"', () => {
    const issues = issuesOf(csv(['arrival_min', 'soc_inn'], [[0, 0.1]]));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('trace trace.csv column 2');
    expect(issues[0].expected).toContain('did you mean "soc_in"');
    expect(issues[0].found).toBe('"soc_inn"');
  });

  test('an unknown fleet name', () => {
    const issues = issuesOf(csv(['arrival_min', 'fleet'], [[0, 'etgx'], [1, 'actros']]));
    expect(issues).toEqual([{ path: 'trace trace.csv line 3, column fleet', expected: "must be one of the fleet's names: eactros, etgx", found: '"actros"' }]);
  });

  test('no arrival_min column', () => {
    const issues = issuesOf(csv(['fleet', 'soc_in'], [['etgx', 0.2]]));
    expect(issues).toEqual([{ path: 'trace trace.csv header', expected: 'must include arrival_min', found: '"fleet,soc_in"' }]);
  });

  test('an empty arrival_min cell', () => {
    const issues = issuesOf(csv(['arrival_min', 'fleet'], [[0, 'etgx'], ['', 'etgx']]));
    expect(issues).toEqual([{ path: 'trace trace.csv line 3, column arrival_min', expected: 'is required', found: 'an empty cell' }]);
  });

  test('an empty file', () => {
    expect(issuesOf('')).toEqual([{ path: 'trace trace.csv', expected: expect.stringMatching(/header row/), found: 'an empty file' }]);
    expect(issuesOf('\n\n')[0].found).toBe('an empty file');
  });

  test('a row with too many cells', () => {
    const issues = issuesOf('arrival_min,fleet\n1,etgx,3\n');
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('trace trace.csv line 2');
    expect(issues[0].expected).toMatch(/valid CSV/);
  });

  test('an unclosed quote', () => {
    const issues = issuesOf('arrival_min,fleet\n1,"etgx\n');
    expect(issues[0].path).toMatch(/^trace trace\.csv/);
    expect(issues[0].expected).toMatch(/valid CSV/);
  });

  test('every bad cell is reported at once', () => {
    const issues = issuesOf(
      csv(
        ['arrival_min', 'fleet', 'soc_in', 'break_min'],
        [
          [0, 'etgx', 0.2, 45],
          ['x', 'etgx', 0.2, 45],
          [5, 'volvo', 2, 45],
          [6, 'etgx', 0.2, -45],
        ],
      ),
    );
    expect(issues.map((i) => i.path)).toEqual([
      'trace trace.csv line 3, column arrival_min',
      'trace trace.csv line 4, column fleet',
      'trace trace.csv line 4, column soc_in',
      'trace trace.csv line 5, column break_min',
    ]);
  });

  test('every unknown column is reported at once', () => {
    const issues = issuesOf(csv(['arrivalmin', 'fleeet', 'soc'], [[0, 'etgx', 0.1]]));
    expect(issues.map((i) => i.path)).toEqual([
      'trace trace.csv column 1',
      'trace trace.csv column 2',
      'trace trace.csv column 3',
      'trace trace.csv header',
    ]);
  });

  test('line numbers are the file\'s lines even when blank lines are skipped', () => {
    // The bad cell sits on line 4 of the file (line 2 is blank).
    const issues = issuesOf('arrival_min\n\n5\nabc\n');
    expect(issues.map((i) => i.path)).toEqual(['trace trace.csv line 4, column arrival_min']);
  });
});

describe('a trace in a scenario', () => {
  test('replaces the rate and keeps its rows', () => {
    const s = traceScenario(baseRaw(), csv(['arrival_min'], [[30], [10]]));
    if (s.arrivals.kind !== 'trace') throw new Error('trace expected');
    expect(s.arrivals.path).toBe('trace.csv');
    expect(traceRows(s.arrivals.columns, ['t'])).toEqual([{ arrivalMin: 10 }, { arrivalMin: 30 }]);
  });

  test('is not read when the scenario itself has problems (those are reported first)', () => {
    const raw = { ...baseRaw(), name: 'Bad Name', arrivals: { trace: 'trace.csv' } };
    let reads = 0;
    const reader = () => {
      reads++;
      return 'arrival_min\n0\n';
    };
    expect(() => validateScenario(raw, 'x.json', reader)).toThrow(InputError);
    expect(reads).toBe(0);
    expect(() => validateScenario({ ...raw, name: 'good-name' }, 'x.json', reader)).not.toThrow();
    expect(reads).toBe(1);
  });
});
