import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InputError, type InputIssue } from '../src/errors.js';
import { parseTrace, readTrace, TRACE_LIMITS, traceColumnCounts, traceFingerprint, traceRows } from '../src/scenario/trace.js';
import { validateScenario } from '../src/scenario/validate.js';
import { baseRaw, csv, traceScenario } from './helpers/scenarios.js';
import { issuesOf as inputIssues } from './helpers/issues.js';
import { scratch } from './helpers/scratch.js';

const FLEET = ['eactros', 'etgx'];
const W = 'trace t.csv';

/** parseTrace's rows as plain objects, and its issues. */
function rowsOf(text: string): { rows: ReturnType<typeof traceRows>; issues: readonly InputIssue[] } {
  const { trace, issues } = parseTrace(text, W, FLEET);
  return { rows: trace ? traceRows(trace, FLEET) : [], issues };
}

/** The issues with which a scenario of FLEET reading `text` as its trace is refused. */
const issuesOf = (text: string): readonly InputIssue[] => inputIssues(() => traceScenario({ ...baseRaw(), fleet: FLEET.map((name) => ({ name, batteryKwh: 600, maxKw: { CCS: 400 } })) }, text));

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

  test("counts each column's values, the rows that leave it to be drawn aside; a column not in the file is not counted", () => {
    const text = csv(
      ['arrival_min', 'fleet', 'soc_in', 'break_min'],
      [
        [10, 'etgx', 0.2, ''],
        [5, '', 0.3, ''],
        [7, 'eactros', 0, ''],
      ],
    );
    const { trace } = parseTrace(text, W, FLEET);
    expect(traceColumnCounts(trace!)).toEqual({ arrival_min: 3, fleet: 2, soc_in: 3, break_min: 0 });
    // Counted once per read trace, and not to be changed by whoever asks.
    expect(traceColumnCounts(trace!)).toBe(traceColumnCounts(trace!));
    expect(Object.isFrozen(traceColumnCounts(trace!))).toBe(true);
  });

  test('one file read by fleets listing their types in other orders is the same rows: the fleet column counts by name', () => {
    const text = csv(['arrival_min', 'fleet'], [[1, 'etgx'], [2, ''], [3, 'eactros']]);
    const print = (fleet: readonly string[], t = text) => traceFingerprint(parseTrace(t, W, fleet).trace!);
    expect(print(['etgx', 'eactros'])).toEqual(print(FLEET));
    expect(print(['eactros', 'etgx', 'spare'])).toEqual(print(FLEET));
    // Another type in a row, or a row that names none, is another trace.
    expect(print(FLEET, csv(['arrival_min', 'fleet'], [[1, 'eactros'], [2, ''], [3, 'eactros']]))).not.toEqual(print(FLEET));
    expect(print(FLEET, csv(['arrival_min', 'fleet'], [[1, 'etgx'], [2, 'etgx'], [3, 'eactros']]))).not.toEqual(print(FLEET));
    // The scenario's JSON, which run.json and the fingerprint of a run hold, says the same.
    expect(JSON.parse(JSON.stringify(parseTrace(text, W, ['etgx', 'eactros']).trace))).toEqual(print(FLEET));
  });

  test('a column empty in every row is the same rows as no such column: both leave every value to the scenario', () => {
    const print = (t: string) => traceFingerprint(parseTrace(t, W, FLEET).trace!);
    const bare = csv(['arrival_min', 'soc_in'], [[1, 0.2], [2, 0.3]]);
    expect(print(csv(['arrival_min', 'soc_in', 'break_min', 'fleet'], [[1, 0.2, '', ''], [2, 0.3, '', '']]))).toEqual(print(bare));
    // One value in the column is another trace.
    expect(print(csv(['arrival_min', 'soc_in', 'break_min'], [[1, 0.2, ''], [2, 0.3, 50]]))).not.toEqual(print(bare));
    expect(print(csv(['arrival_min', 'soc_in', 'fleet'], [[1, 0.2, ''], [2, 0.3, 'etgx']]))).not.toEqual(print(bare));
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

  test('quoted cells are trimmed too, as a padded export writes them; a quoted blank is not taken for an empty cell', () => {
    const { rows, issues } = rowsOf('arrival_min,fleet,soc_in\n"10","etgx      "," 0.3"\n');
    expect(issues).toEqual([]);
    expect(rows).toEqual([{ arrivalMin: 10, fleet: 'etgx', socIn: 0.3 }]);
    expect(issuesOf('arrival_min,soc_in\n10," "\n')).toEqual([expect.objectContaining({ path: 'trace trace.csv line 2, column soc_in', found: '" "' })]);
    // The header of such an export is padded too.
    expect(rowsOf('"arrival_min   ","fleet   "\n"10   ","etgx   "\n')).toEqual({ rows: [{ arrivalMin: 10, fleet: 'etgx' }], issues: [] });
  });

  test("each column's range includes its ends: a full battery, a target of 1, a week's break or patience, a truck at t = 0", () => {
    // The same ranges as the scenario's fields, which are closed: a value at an end is no mistake.
    const text = csv(['arrival_min', 'soc_in', 'target_soc', 'energy_kwh', 'break_min', 'patience_min'], [[0, 1, 1, 0, 10080, 10080], [1, 0, 0, 0, 0, 0]]);
    const { rows, issues } = rowsOf(text);
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { arrivalMin: 0, socIn: 1, targetSoc: 1, energyKwh: 0, breakMin: 10080, patienceMin: 10080 },
      { arrivalMin: 1, socIn: 0, targetSoc: 0, energyKwh: 0, breakMin: 0, patienceMin: 0 },
    ]);
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
    ['arrival_min', '1e999', ">= 0, of at most about 1.8e308, the largest a computer's numbers hold"],
    ['arrival_min', 'NaN', '>= 0'],
    ['soc_in', '1.5', 'in [0, 1]'],
    ['target_soc', '-0.1', 'in [0, 1]'],
    ['energy_kwh', '-1', '>= 0'],
    ['break_min', '12 parsecs', 'in [0, 10080]'],
    ['patience_min', '0x', 'in [0, 10080]'],
  ])('column %s with %j', (column, cell, range) => {
    const rowCells = column === 'arrival_min' ? [cell] : ['0', cell];
    const header = column === 'arrival_min' ? ['arrival_min'] : ['arrival_min', column];
    const issues = issuesOf(csv(header, [rowCells]));
    expect(issues).toEqual([{ path: `trace trace.csv line 2, column ${column}`, expected: `must be a number ${range}`, found: JSON.stringify(cell) }]);
  });

  test.each([
    // A date-time column renamed arrival_min: what the column holds instead.
    ['arrival_min', '2025-05-05 00:04', '>= 0: minutes since t = 0 (a Monday, 00:00), not a date or clock time'],
    ['arrival_min', '05.05.2025 00:04', '>= 0: minutes since t = 0 (a Monday, 00:00), not a date or clock time'],
    ['arrival_min', '2025-05-05T00:04:00Z', '>= 0: minutes since t = 0 (a Monday, 00:00), not a date or clock time'],
    ['arrival_min', '00:04', '>= 0: minutes since t = 0 (a Monday, 00:00), not a date or clock time'],
    ['arrival_min', '2025-05-05', '>= 0: minutes since t = 0 (a Monday, 00:00), not a date or clock time'],
    ['arrival_min', '05.05.2025', '>= 0: minutes since t = 0 (a Monday, 00:00), not a date or clock time'],
    ['arrival_min', '5/5/2025', '>= 0: minutes since t = 0 (a Monday, 00:00), not a date or clock time'],
    ['arrival_min', '2 h', '>= 0: write 120, the number of minutes alone'],
    ['patience_min', '1 h', 'in [0, 10080]: write 60, the number of minutes alone'],
    // A SoC in percent, a quantity with its unit.
    ['soc_in', '21', 'in [0, 1]: a fraction, 21 % is 0.21'],
    ['target_soc', '80%', 'in [0, 1]: write 0.8, a fraction'],
    ['break_min', '12min', 'in [0, 10080]: write 12, the number of minutes alone'],
    // A clock time is no arrival time here: a break's length in hours and minutes, not a moment.
    ['break_min', '0:45', 'in [0, 10080]: write 45, the number of minutes alone (0:45 as hours and minutes)'],
    // A spreadsheet's duration, with its seconds.
    ['break_min', '0:45:00', 'in [0, 10080]: write 45, the number of minutes alone (0:45:00 as hours, minutes and seconds)'],
    ['patience_min', '1:00:30', 'in [0, 10080]: write 60.5, the number of minutes alone (1:00:30 as hours, minutes and seconds)'],
    ['energy_kwh', '0.3 MWh', '>= 0: write 300, the number of kWh alone'],
    // No number the column would refuse again.
    ['soc_in', '150%', 'in [0, 1]'],
    ['patience_min', '8 days', 'in [0, 10080]'],
  ])('column %s with %j says what to write', (column, cell, expected) => {
    const rowCells = column === 'arrival_min' ? [cell] : ['0', cell];
    const header = column === 'arrival_min' ? ['arrival_min'] : ['arrival_min', column];
    const issues = issuesOf(csv(header, [rowCells]));
    expect(issues).toEqual([{ path: `trace trace.csv line 2, column ${column}`, expected: `must be a number ${expected}`, found: JSON.stringify(cell) }]);
  });

  test('a trace whose every row lies at or after the horizon is an error, not a run of no trucks', () => {
    // baseRaw's horizon is 1 day: 1440 minutes. Minutes counted from another start (a month's, a
    // year's) put every row past it, and the run reported 0 trucks arrived without a word.
    expect(issuesOf(csv(['arrival_min'], [[50000], [1440]]))).toEqual([
      {
        path: 'arrivals.trace',
        expected: 'must have an arrival before the horizon (horizon.days = 1: minute 1440), as arrival_min counts minutes from t = 0, a Monday 00:00',
        found: '2 rows, the first at minute 1440',
      },
    ]);
    // One row inside is enough; no rows at all is an empty trace, as before.
    expect(() => traceScenario({ ...baseRaw(), fleet: FLEET.map((name) => ({ name, batteryKwh: 600, maxKw: { CCS: 400 } })) }, csv(['arrival_min'], [[50000], [1439]]))).not.toThrow();
    expect(() => traceScenario(baseRaw(), 'arrival_min\n')).not.toThrow();
  });

  test('an unknown column, with a "did you mean"', () => {
    const issues = issuesOf(csv(['arrival_min', 'soc_inn'], [[0, 0.1]]));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('trace trace.csv line 1, column 2');
    expect(issues[0].expected).toContain('did you mean "soc_in"');
    expect(issues[0].found).toBe('"soc_inn"');
  });

  test.each([
    ['arrival_soc', 'soc_in'],
    ['arrivalSoc', 'soc_in'],
    ['SOC', 'soc_in'],
    ['targetSoc', 'target_soc'],
    ['energyKwh', 'energy_kwh'],
    ['type', 'fleet'],
    ['truck-type', 'fleet'],
    ['vehicle', 'fleet'],
    ['Vehicle_Type', 'fleet'],
  ])('a column named as the scenario or a fleet\'s records name its quantity (%s) is told the trace\'s name, %s', (name, column) => {
    const issues = issuesOf(csv(['arrival_min', name], [[0, 0.1]]));
    expect(issues.map((i) => i.expected)).toEqual([expect.stringContaining(`(did you mean "${column}"?)`)]);
  });

  test('a header ending in a comma is told so: its last column has no name', () => {
    const issues = issuesOf('arrival_min,fleet,\n10,etgx,\n');
    expect(issues).toEqual([
      {
        path: 'trace trace.csv line 1, column 3',
        expected: expect.stringMatching(/^must name its column, one of arrival_min, .*: this header ends in a comma, which starts an empty last column \(remove the comma at the end of every line\)$/),
        found: 'an empty name',
      },
    ]);
    // An empty name between others is no trailing comma.
    expect(issuesOf('arrival_min,,fleet\n10,,etgx\n')).toEqual([{ path: 'trace trace.csv line 1, column 2', expected: expect.stringMatching(/^must name its column, one of arrival_min, [a-z_, ]+$/), found: 'an empty name' }]);
  });

  test('an unknown column like no known one gets no guess', () => {
    const issues = issuesOf(csv(['arrival_min', 'constructor'], [[0, 0.1]]));
    expect(issues).toHaveLength(1);
    expect(issues[0].expected).toMatch(/^must be one of arrival_min, .*[a-z]$/);
    expect(issues[0].expected).not.toContain('did you mean');
  });

  test('an unknown fleet name; one a slip away from a known one names it', () => {
    const issues = issuesOf(csv(['arrival_min', 'fleet'], [[0, 'etgx'], [1, 'volvo'], [2, 'ETGX'], [3, 'actros']]));
    expect(issues).toEqual([
      { path: 'trace trace.csv line 3, column fleet', expected: "must be one of the fleet's names: eactros, etgx", found: '"volvo"' },
      { path: 'trace trace.csv line 4, column fleet', expected: `must be one of the fleet's names: eactros, etgx (did you mean "etgx"?)`, found: '"ETGX"' },
      { path: 'trace trace.csv line 5, column fleet', expected: `must be one of the fleet's names: eactros, etgx (did you mean "eactros"?)`, found: '"actros"' },
    ]);
  });

  test('an unknown fleet name in a fleet of many names lists ten of them, not every one on every row', () => {
    const fleet = Array.from({ length: 1000 }, (_, i) => `type-${i}`);
    const { issues } = parseTrace(csv(['arrival_min', 'fleet'], [[0, 'zz'], [1, 'type-999x']]), W, fleet);
    expect(issues.map((i) => i.expected)).toEqual([
      "must be one of the fleet's names: type-0, type-1, type-2, type-3, type-4, type-5, type-6, type-7, type-8, type-9 and 990 more",
      `must be one of the fleet's names: type-0, type-1, type-2, type-3, type-4, type-5, type-6, type-7, type-8, type-9 and 990 more (did you mean "type-999"?)`,
    ]);
  });

  test("a first line naming no column is not repeated: the file may be anything readable (/etc/shadow, run as root)", () => {
    const issues = issuesOf('root:*:20228:0:99999:7:::\n');
    expect(issues).toEqual([
      { path: 'trace trace.csv line 1 (the header)', expected: expect.stringMatching(/^must be a trace's header, naming its columns among arrival_min, .*\(arrival_min among them\)$/), found: 'a line naming none of them, nor anything like one (not shown: the file may not be a trace)' },
    ]);
  });

  test('nor is a first line holding a NUL, as /proc/self/environ does, even with a name in it like a column\'s', () => {
    const issues = issuesOf('\0TOKEN=secret123\0BRANCH=feature,arival_min,\0HOME=/root\n');
    expect(issues).toEqual([expect.objectContaining({ path: 'trace trace.csv line 1 (the header)', found: 'a line naming none of them, nor anything like one (not shown: the file may not be a trace)' })]);
    expect(JSON.stringify(issues)).not.toContain('secret123');
  });

  test('a header separated by semicolons or tabs, as spreadsheets in some languages save CSV, says so', () => {
    const header = { path: 'trace trace.csv line 1 (the header)', expected: 'must separate its cells with commas (and write decimals with a point)' };
    expect(issuesOf('arrival_min;fleet;soc_in\n1;etgx;0,2\n')).toEqual([{ ...header, found: 'cells separated by semicolons' }]);
    expect(issuesOf('arrival_min\tfleet\n1\tetgx\n')).toEqual([{ ...header, found: 'cells separated by tabs' }]);
    // Quoted, as a spreadsheet that quotes its text cells writes them: the parse stops at the first semicolon.
    expect(issuesOf('"arrival_min";"fleet";"soc_in"\n1;"etgx";0,2\n')).toEqual([{ ...header, found: 'cells separated by semicolons' }]);
    // Quoted and separated by tabs: the parse stops at the second name's quote, the tab trimmed away.
    expect(issuesOf('"arrival_min"\t"fleet"\t"soc_in"\n1\t"etgx"\t0,2\n')).toEqual([{ ...header, found: 'cells separated by tabs' }]);
    expect(issuesOf('\ufeff\n"arrival_min"\tfleet\n1\tetgx\n')).toEqual([{ ...header, path: 'trace trace.csv line 2 (the header)', found: 'cells separated by tabs' }]);
    // A comma-separated header with a broken quote is told so, even with a semicolon or tab in it.
    expect(issuesOf('"arrival_min","fleet;"x"\n')).toEqual([{ path: 'trace trace.csv line 1, column 2', expected: "must follow a cell's closing quote with a comma or the line's end", found: '"x" after it' }]);
  });

  test('a header separated by semicolons or tabs with a comma beside or inside a name says so, and quotes the cells with commas', () => {
    const header = {
      path: 'trace trace.csv line 1 (the header)',
      expected: 'must separate its cells with commas (and write decimals with a point), in a header naming its columns among arrival_min, fleet, soc_in, target_soc, energy_kwh, break_min, patience_min',
    };
    expect(issuesOf('arrival_min\ttype,x\tenergy_kwh\n1\tetgx,x\t3\n')).toEqual([{ ...header, found: 'cells separated by tabs, and a comma in "type,x"' }]);
    expect(issuesOf('arrival_min\tfleet,\tsoc_in\n1\tetgx\t0.2\n')).toEqual([{ ...header, found: 'cells separated by tabs, and a comma in "fleet,"' }]);
    expect(issuesOf('arrival_min,\tfleet\tsoc_in\n1\tetgx\t0.2\n')).toEqual([{ ...header, found: 'cells separated by tabs, and a comma in "arrival_min,"' }]);
    expect(issuesOf('arrival_min\tfleet\tsoc_in,\n1\tetgx\t0.2\n')).toEqual([{ ...header, found: 'cells separated by tabs, and a comma in "soc_in,"' }]);
    expect(issuesOf('arrival_min;type,x;energy_kwh\n1;etgx;3\n')).toEqual([{ ...header, found: 'cells separated by semicolons, and a comma in "type,x"' }]);
    expect(issuesOf('arrival_min;fleet,;soc_in,;a,b;c,d\n1;etgx;0,2\n')).toEqual([{ ...header, found: 'cells separated by semicolons, and commas in "fleet,", "soc_in,", "a,b" and 1 more' }]);
    // As many names either way: the way that names arrival_min, which every trace has, is taken.
    expect(issuesOf('arrival_min;fleet,soc_in\n1;etgx,0.2\n')).toEqual([{ ...header, found: 'cells separated by semicolons, and a comma in "fleet,soc_in"' }]);
    // A comma after every name: split at the commas the line names only arrival_min, at the semicolons all three.
    expect(issuesOf('arrival_min,;fleet,;soc_in,\n1;etgx;0.2\n')).toEqual([{ ...header, found: 'cells separated by semicolons, and commas in "arrival_min,", "fleet,", "soc_in,"' }]);
    expect(issuesOf('arrival_min\tfleet,soc_in\n1\tetgx,0.2\n')).toEqual([{ ...header, found: 'cells separated by tabs, and a comma in "fleet,soc_in"' }]);
    // Quoted, which csv-parse gives up on before the header is read.
    expect(issuesOf('"arrival_min"\t"fleet",\t"soc_in"\n1\t"etgx"\t0.2\n')).toEqual([{ ...header, found: 'cells separated by tabs, and a comma in "\\"fleet\\","' }]);
    expect(issuesOf('"arrival_min";"fleet",;"soc_in"\n1;"etgx";0,2\n')).toEqual([{ ...header, found: 'cells separated by semicolons, and a comma in "\\"fleet\\","' }]);
    // A comma-separated header with a tab or semicolon inside a cell names its cells one by one.
    expect(issuesOf('arrival_min,fleet\tx\n1,etgx\n')).toEqual([{ path: 'trace trace.csv line 1, column 2', expected: expect.stringMatching(/^must be one of arrival_min, /), found: '"fleet\\tx"' }]);
    expect(issuesOf('arrival_min,fleet;soc_in\n1,etgx\n')).toEqual([{ path: 'trace trace.csv line 1, column 2', expected: expect.stringMatching(/^must be one of arrival_min, /), found: '"fleet;soc_in"' }]);
  });

  test('a trace in UTF-16 without a byte-order mark says so', () => {
    const text = Buffer.from('arrival_min,fleet\r\n1,etgx\r\n', 'utf16le').toString('latin1');
    expect(issuesOf(text)).toEqual([{ path: 'trace trace.csv line 1 (the header)', expected: 'must be UTF-8 text', found: 'UTF-16 text (a NUL byte beside every letter): save it as UTF-8' }]);
  });

  test('a workbook named in place of its CSV export is told to be saved as CSV', () => {
    const zip = 'PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000\u0000\u0000!\u0000b\u00ee\u009dh[Content_Types].xml \u00a2\u0004\u0002(\u00a0\u0000\n';
    expect(issuesOf(zip)).toEqual([
      { path: 'trace trace.csv line 1 (the header)', expected: 'must be CSV text: save the sheet as "CSV UTF-8" (comma-separated) and name that file', found: 'a zip file, as an Excel workbook (.xlsx) or an OpenDocument sheet (.ods) is' },
    ]);
  });

  test('no arrival_min column', () => {
    const issues = issuesOf(csv(['fleet', 'soc_in'], [['etgx', 0.2]]));
    expect(issues).toEqual([{ path: 'trace trace.csv line 1 (the header)', expected: 'must include arrival_min', found: '"fleet,soc_in"' }]);
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
    expect(issues[0].path).toBe('trace trace.csv line 2');
    expect(issues[0].expected).toBe('must close every quote it opens');
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
      'trace trace.csv line 1, column 1',
      'trace trace.csv line 1, column 2',
      'trace trace.csv line 1, column 3',
    ]);
    // The missing arrival_min is said once: by the column that likely is it, else of the header.
    expect(issues[0].expected).toMatch(/\(did you mean "arrival_min"\?\)$/);
    expect(issuesOf(csv(['when', 'fleet'], [[0, 'etgx']])).map((i) => [i.path, i.expected])).toEqual([
      ['trace trace.csv line 1, column 1', expect.stringMatching(/^must be one of arrival_min, /)],
      ['trace trace.csv line 1 (the header)', 'must include arrival_min'],
    ]);
  });

  test('a trace without its header, or with a spreadsheet\'s sep= line before it, is told so', () => {
    expect(issuesOf('0,etgx\n5,etgx\n')).toEqual([
      { path: 'trace trace.csv line 1 (the header)', expected: expect.stringMatching(/^must be a trace's header, .*: add one before the rows$/), found: 'a row of values, not column names' },
    ]);
    expect(issuesOf('sep=,\narrival_min\n5\n')).toEqual([
      { path: 'trace trace.csv line 1 (the header)', expected: expect.stringMatching(/: delete the line "sep=…" a spreadsheet wrote before it$/), found: '"sep=,"' },
    ]);
  });

  test('a header name written with spaces is guessed as with underscores', () => {
    expect(issuesOf(csv(['arrival_min', 'Truck Type'], [[0, 'etgx']]))[0].expected).toMatch(/\(did you mean "fleet"\?\)$/);
  });

  test('line numbers are the file\'s lines even when blank lines are skipped', () => {
    // The bad cell sits on line 4 of the file (line 2 is blank).
    const issues = issuesOf('arrival_min\n\n5\nabc\n');
    expect(issues.map((i) => i.path)).toEqual(['trace trace.csv line 4, column arrival_min']);
  });
});

describe('a line holding only ""', () => {
  // Blank lines, and lines of spaces, are skipped; "" is a row of one empty cell, not a blank line.
  test('is a row whose arrival_min is empty, named by its line, blank lines before it counted', () => {
    expect(issuesOf('arrival_min\n10\n\n  \n""\n20\n')).toEqual([{ path: 'trace trace.csv line 5, column arrival_min', expected: 'is required', found: 'an empty cell' }]);
    expect(issuesOf('arrival_min\n10\n ""\t')).toEqual([{ path: 'trace trace.csv line 3, column arrival_min', expected: 'is required', found: 'an empty cell' }]);
  });

  test('is a row of one cell where the header has more', () => {
    expect(issuesOf('arrival_min,soc_in\n10,0.5\n""\n')).toEqual([{ path: 'trace trace.csv line 3', expected: 'must be valid CSV', found: '1 cell in a row, where the header has 2' }]);
  });

  test('unlike a row of empty cells, which a spreadsheet saves for a row it cleared: skipped, the lines after it counted', () => {
    const { rows, issues } = rowsOf('arrival_min,fleet\n10,etgx\n,\n"",""\n20,eactros\n');
    expect(issues).toEqual([]);
    expect(rows).toEqual([{ arrivalMin: 10, fleet: 'etgx' }, { arrivalMin: 20, fleet: 'eactros' }]);
    expect(issuesOf('arrival_min,fleet\n10,etgx\n,\n,volvo\n')).toEqual([{ path: 'trace trace.csv line 4, column arrival_min', expected: 'is required', found: 'an empty cell' }, expect.objectContaining({ path: 'trace trace.csv line 4, column fleet' })]);
  });

  test('a quote left open after blank lines is named at its own line', () => {
    expect(issuesOf('arrival_min\n10\n\n\n"20\n').map((i) => i.path)).toEqual(['trace trace.csv line 5']);
  });
});

describe('a trace in a scenario', () => {
  test('replaces the rate and keeps its rows', () => {
    const s = traceScenario(baseRaw(), csv(['arrival_min'], [[30], [10]]));
    if (s.arrivals.kind !== 'trace') throw new Error('trace expected');
    expect(s.arrivals.path).toBe('trace.csv');
    expect(traceRows(s.arrivals.columns, ['t'])).toEqual([{ arrivalMin: 10 }, { arrivalMin: 30 }]);
  });

  test("traceRows refuses, as an InputError, what is not a trace's columns or names too few fleet types", () => {
    const s = traceScenario(baseRaw(), csv(['arrival_min', 'fleet'], [[10, 't']]));
    if (s.arrivals.kind !== 'trace') throw new Error('trace expected');
    const { columns } = s.arrivals;
    const issuesOf = (f: () => unknown): readonly InputIssue[] => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).issues;
      }
      throw new Error('expected an InputError');
    };
    const rows = traceRows as (trace: unknown, fleetNames: unknown) => unknown;
    // The trace arrivals themselves rather than their columns: no rows at all, before, not an error.
    expect(issuesOf(() => rows(s.arrivals, ['t']))).toEqual([{ path: 'trace', expected: "must be a trace's columns (a scenario's arrivals.columns)", found: 'an object without them' }]);
    expect(issuesOf(() => rows(undefined, ['t']))).toEqual([{ path: 'trace', expected: "must be a trace's columns (a scenario's arrivals.columns)", found: 'nothing' }]);
    const expected = "must be the names of the scenario's fleet types, in order (t: those the trace was read with)";
    expect(issuesOf(() => rows(columns, undefined))).toEqual([{ path: 'fleetNames', expected, found: 'nothing' }]);
    expect(issuesOf(() => rows(columns, []))).toEqual([{ path: 'fleetNames', expected, found: '[] (the trace names fleet type 1)' }]);
    // Other names, or not names at all, would label every row's type wrongly, and quietly.
    expect(issuesOf(() => rows(columns, ['u']))).toEqual([{ path: 'fleetNames', expected, found: '["u"]' }]);
    expect(issuesOf(() => rows(columns, ['t', 'u']))).toEqual([{ path: 'fleetNames', expected, found: '["t","u"]' }]);
    expect(issuesOf(() => rows(columns, [0]))).toEqual([{ path: 'fleetNames', expected, found: '[0]' }]);
    expect(traceRows(columns, ['t'])).toEqual([{ arrivalMin: 10, fleet: 't' }]);
    // Columns of other kinds, or names changed in place (they are frozen): an InputError, not a TypeError.
    const spoilt = "must be a trace's columns (a scenario's arrivals.columns)";
    for (const bad of [{ fleetNames: null }, { fleetNames: 'abcdef' }, { fleetNames: 6 }, { fleetNames: { length: 6 } }, { fleet: 5 }, { socIn: [0.2] }, { fleet: Int32Array.of(0, 0) }]) {
      expect(issuesOf(() => rows({ ...columns, ...bad }, ['t']))).toEqual([{ path: 'trace', expected: spoilt, found: 'columns of other lengths or kinds, or fleet names that are not names' }]);
    }
    expect(Object.isFrozen((columns as { fleetNames?: string[] }).fleetNames)).toBe(true);
    // Columns put together by hand, with no names of their own: any names will do.
    const bare = { length: 1, arrivalMin: Float64Array.of(10), fleet: Int32Array.of(0) };
    expect(traceRows(bare as never, ['v'])).toEqual([{ arrivalMin: 10, fleet: 'v' }]);
    // But as many as the rows point at: a row of the second type with one name would have no type.
    const second = { length: 1, arrivalMin: Float64Array.of(10), fleet: Int32Array.of(1) };
    expect(issuesOf(() => rows(second, ['v']))).toEqual([{ path: 'fleetNames', expected: "must be the names of the scenario's fleet types, in order", found: '["v"] (the trace names fleet type 2)' }]);
    expect(issuesOf(() => rows(bare, [{}]))).toEqual([{ path: 'fleetNames', expected: "must be the names of the scenario's fleet types, in order", found: '[{}]' }]);
  });

  test("is read when the scenario itself has problems too, its problems listed after the scenario's", () => {
    const raw = { ...baseRaw(), name: 'Bad Name', arrivals: { trace: 'trace.csv' } };
    let reads = 0;
    let text = 'arrival_min\n0\n';
    const reader = () => {
      reads++;
      return text;
    };
    expect(() => validateScenario(raw, 'x.json', reader)).toThrow(InputError);
    expect(reads).toBe(1);
    text = 'arrival_min\n-5\n';
    let err: unknown;
    try {
      validateScenario(raw, 'x.json', reader);
    } catch (e) {
      err = e;
    }
    expect((err as InputError).issues.map((i) => i.path)).toEqual(['name', 'trace trace.csv line 2, column arrival_min']);
    text = 'arrival_min\n0\n';
    expect(() => validateScenario({ ...raw, name: 'good-name' }, 'x.json', reader)).not.toThrow();
    expect(reads).toBe(3);
  });

  test("is not read while a truck type's name is refused: its rows would be told to use that name", () => {
    const raw = { ...baseRaw(), arrivals: { trace: 'trace.csv' }, fleet: [{ name: 'Scania!', batteryKwh: 600, maxKw: { CCS: 400 } }] };
    let reads = 0;
    const reader = () => {
      reads++;
      return 'arrival_min,fleet\n10,scania\n';
    };
    let err: unknown;
    try {
      validateScenario(raw, 'x.json', reader);
    } catch (e) {
      err = e;
    }
    expect((err as InputError).issues.map((i) => i.path)).toEqual(['fleet[0].name']);
    expect(reads).toBe(0);
  });
});

describe('strict reading', () => {
  test.each([['constructor'], ['__proto__'], ['toString'], ['hasOwnProperty'], ['valueOf']])('a header named %s is an unknown column', (name) => {
    const issues = issuesOf(csv(['arrival_min', name], [[0, 1]]));
    expect(issues).toEqual([{ path: 'trace trace.csv line 1, column 2', expected: expect.stringMatching(/^must be one of arrival_min, /), found: JSON.stringify(name) }]);
  });

  test.each([['constructor'], ['__proto__'], ['toString'], ['hasOwnProperty']])('a fleet cell %s is not a fleet name', (name) => {
    expect(issuesOf(csv(['arrival_min', 'fleet'], [[0, name]]))).toEqual([
      { path: 'trace trace.csv line 2, column fleet', expected: "must be one of the fleet's names: eactros, etgx", found: JSON.stringify(name) },
    ]);
  });

  test.each([['0x10'], ['0b1'], ['0o7'], ['1_000'], ['" "'], ['"\t"'], ['Infinity'], ['-Infinity'], ['1e999'], ['1,5'], ['5.5.5'], ['.'], ['e5'], ['1e'], ['١٢']])(
    'the number %s is rejected: only plain decimals are numbers',
    (cell) => {
      const text = `arrival_min,soc_in,break_min\n0,0.5,${cell}\n`;
      const issues = issuesOf(text);
      expect(issues[0].path).toMatch(/^trace trace\.csv line 2/);
      expect(issues[0].expected).toMatch(/must be a number|valid CSV/);
    },
  );

  test.each([['7', 7], ['+7', 7], ['7.', 7], ['.5', 0.5], ['0.25', 0.25], ['1e1', 10], ['2.5E+1', 25], ['25e-1', 2.5], ['-0', 0], ['007', 7]])('the plain decimal %s reads as %d', (cell, value) => {
    const { rows, issues } = rowsOf(`arrival_min,break_min\n0,${cell}\n`);
    expect(issues).toEqual([]);
    expect(Object.is(rows[0].breakMin, value)).toBe(true);
  });

  test('a column named twice', () => {
    expect(issuesOf(csv(['arrival_min', 'soc_in', 'soc_in'], [[0, 0.1, 0.2]]))).toEqual([
      { path: 'trace trace.csv line 1, column 3', expected: 'must not repeat column 2', found: '"soc_in"' },
    ]);
  });

  test('rows of the wrong length are each reported, and reading goes on', () => {
    const issues = issuesOf('arrival_min,fleet\n1,etgx,3\n2\n3,etgx\nx,etgx\n');
    expect(issues.map((i) => [i.path, i.expected, i.found])).toEqual([
      ['trace trace.csv line 2', 'must be valid CSV', '3 cells in a row, where the header has 2'],
      ['trace trace.csv line 3', 'must be valid CSV', '1 cell in a row, where the header has 2'],
      ['trace trace.csv line 5, column arrival_min', 'must be a number >= 0', '"x"'],
    ]);
  });

  test('a row longer than the header by a decimal comma says so, with the number it split', () => {
    expect(issuesOf('arrival_min,soc_in\n12,0,21\n15,0.3\n')).toEqual([
      { path: 'trace trace.csv line 2', expected: 'must be valid CSV, with decimals written with a point: a decimal comma splits a number into two cells (0,21 for 0.21)', found: '3 cells in a row, where the header has 2' },
    ]);
    // The first two cells, and a number below 0, split alike.
    expect(issuesOf('soc_in,arrival_min\n0,21,30.5\n')[0].expected).toMatch(/^must be valid CSV, with decimals written with a point/);
    expect(issuesOf('arrival_min,soc_in\n12,-0,5\n')[0].expected).toMatch(/^must be valid CSV, with decimals written with a point/);
    // Cells that are no split number get no such guess, nor does a row too short.
    expect(issuesOf('arrival_min,fleet\n1,etgx,3\n')[0].expected).toBe('must be valid CSV');
    // A number past the largest a double holds, under a column without an upper bound.
    expect(issuesOf('arrival_min\n1e400\n')[0].expected).toBe("must be a number >= 0, of at most about 1.8e308, the largest a computer's numbers hold");
    // Whole numbers before a comma at the end of the line, under a header without one: the empty cell is what is wrong.
    expect(issuesOf('arrival_min,break_min\n10,45,\n20,45, ,\n')).toEqual([
      { path: 'trace trace.csv line 2', expected: "must be valid CSV, with no comma at the end of the line (an empty cell past the header's last column)", found: '3 cells in a row, where the header has 2' },
      { path: 'trace trace.csv line 3', expected: "must be valid CSV, with no comma at the end of the line (2 empty cells past the header's last column)", found: '4 cells in a row, where the header has 2' },
    ]);
    expect(issuesOf('arrival_min,soc_in,fleet\n12,3\n')[0].expected).toBe('must be valid CSV');
  });

  test('a cell with a decimal comma, quoted as CSV quotes it, is told to write a point', () => {
    expect(issuesOf('arrival_min,soc_in\n12,"0,21"\n15,"1,5"\n')).toEqual([
      { path: 'trace trace.csv line 2, column soc_in', expected: 'must be a number in [0, 1]: write decimals with a point (0.21)', found: '"0,21"' },
      { path: 'trace trace.csv line 3, column soc_in', expected: 'must be a number in [0, 1]: write decimals with a point (1.5)', found: '"1,5"' },
    ]);
    // A comma before three digits may as well group thousands: both readings are named, not one guessed.
    expect(issuesOf('arrival_min,energy_kwh\n12,"1,500"\n')[0].expected).toBe('must be a number >= 0: write decimals with a point and no thousands separator (1.500 or 1500, as meant)');
    // Thousands grouped one way and decimals marked the other: the separator is what a CSV cell must
    // lose (quotes are no fault in one), and the number is told only where the column takes it.
    const expected = issuesOf('arrival_min,soc_in,break_min\n"1,234.5",,\n0,"1.234,5",\n0,,"1.234,5"\n').map((i) => i.expected);
    expect(expected).toEqual(['must be a number >= 0: write 1234.5 without the thousands separator', 'must be a number in [0, 1]', 'must be a number in [0, 10080]: write 1234.5 without the thousands separator']);
    // With its unit, the unit's hint says what to write.
    expect(issuesOf('arrival_min,energy_kwh\n12,"1,234.5 kWh"\n')[0].expected).toBe('must be a number >= 0: write 1234.5, the number of kWh alone');
    // After a 0, it can only mark decimals; a percentage with a decimal comma is told both what to write.
    expect(issuesOf('arrival_min,soc_in\n12,"0,125"\n')[0].expected).toBe('must be a number in [0, 1]: write decimals with a point (0.125)');
    expect(issuesOf('arrival_min,soc_in\n12,"80,5"\n')[0].expected).toBe('must be a number in [0, 1]: write decimals with a point (80.5): a fraction, 80.5 % is 0.805');
  });

  test('a quoted cell spanning lines counts its lines, whatever the line ends', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const issues = issuesOf(['arrival_min,fleet', `1,"et${eol}gx"`, 'bad,etgx', ''].join(eol));
      expect([eol, issues.map((i) => i.path)]).toEqual([eol, ['trace trace.csv line 2, column fleet', 'trace trace.csv line 4, column arrival_min']]);
    }
    // A CR alone ends a line in a file of LF line ends too, in a quoted cell as between rows.
    expect(issuesOf('arrival_min,fleet\n10,"scania\r"\nxx,etgx\n').map((i) => i.path)).toEqual(['trace trace.csv line 2, column fleet', 'trace trace.csv line 4, column arrival_min']);
  });

  test('a file whose lines end in more ways than one is read line by line (a Windows file appended to by a tool writing LF)', () => {
    for (const text of ['arrival_min,fleet\r\n10,etgx\n20,etgx\r\n', 'arrival_min,fleet\n10,etgx\r20,etgx\r', 'arrival_min,fleet\r\n10,etgx\r\n' + '20,etgx\n'.repeat(1000)]) {
      const { rows, issues } = rowsOf(text);
      expect(issues).toEqual([]);
      expect(rows.length).toBe(text.split(/\r\n?|\n/).length - 2);
    }
    // Lines are counted as they end: the bad row is on line 4 whichever line ends come before it.
    expect(issuesOf('arrival_min,fleet\r\n10,etgx\n\r\nxx,etgx\r').map((i) => i.path)).toEqual(['trace trace.csv line 4, column arrival_min']);
  });

  test('the first 100 problems are listed, then a count of the rest; reading stops there', () => {
    const rows = Array.from({ length: 150 }, (_, i) => [i, 'volvo']);
    const issues = issuesOf(csv(['arrival_min', 'fleet'], rows));
    expect(issues).toHaveLength(101);
    expect(issues[99].path).toBe('trace trace.csv line 101, column fleet');
    expect(issues[100]).toEqual({ path: 'trace trace.csv', expected: 'may have more problems: reading stopped after the first 100', stands: 0, orMore: true });
    // Exactly 100: read to the end, and no more said to remain.
    const hundred = issuesOf(csv(['arrival_min', 'fleet'], rows.slice(0, 100)));
    expect(hundred).toHaveLength(100);
    expect(hundred.every((i) => !i.orMore)).toBe(true);
  });

  test('a number too small for a double, which reads as 0, is refused as the JSON reader refuses it, whatever its sign', () => {
    // A zero as written is 0.
    expect(() => traceScenario({ ...baseRaw(), fleet: FLEET.map((name) => ({ name, batteryKwh: 600, maxKw: { CCS: 400 } })) }, 'arrival_min,soc_in\n0.0000e-5000,-0\n')).not.toThrow();
    for (const text of ['1e-400', '-1e-400']) {
      const issues = issuesOf(`arrival_min,soc_in\n${text},${text}\n`);
      expect(issues.map((i) => [i.path, i.expected, i.found])).toEqual(
        ['arrival_min', 'soc_in'].map((c) => [`trace trace.csv line 2, column ${c}`, "must be a number a computer's numbers hold: one this small is read as 0 (write 0 where 0 is meant)", JSON.stringify(text)]),
      );
    }
  });

  test('the row limit', () => {
    const limits = { ...TRACE_LIMITS, rows: 3 };
    expect(parseTrace(csv(['arrival_min'], [[1], [2], [3]]), W, FLEET, limits).issues).toEqual([]);
    expect(parseTrace(csv(['arrival_min'], [[1], [2], [3], [4]]), W, FLEET, limits).issues).toEqual([
      { path: 'trace t.csv line 5', expected: 'must end within 3 rows', found: 'more rows' },
    ]);
  });

  test(`a record longer than ${TRACE_LIMITS.recordChars} characters (a NUL-filled file, say)`, () => {
    const issues = issuesOf('\0'.repeat(2 * TRACE_LIMITS.recordChars));
    expect(issues).toEqual([{ path: 'trace trace.csv line 1', expected: `must have rows of at most ${TRACE_LIMITS.recordChars} characters (or perhaps a quote was left open and runs on over the lines after it)`, found: 'a longer one' }]);
    const long = `arrival_min,fleet\n1,"${'x'.repeat(2 * TRACE_LIMITS.recordChars)}"\n`;
    expect(issuesOf(long)[0]).toMatchObject({ path: 'trace trace.csv line 2', expected: expect.stringMatching(/at most 4096 characters/) });
    // Exactly at the limit, its separators and the spaces before a value not counted.
    const tooLong = (chars: number) => issuesOf(`arrival_min,fleet\n  1,${'x'.repeat(chars - 1)}\n`).some((i) => i.expected.includes('at most 4096 characters'));
    expect([tooLong(TRACE_LIMITS.recordChars), tooLong(TRACE_LIMITS.recordChars + 1)]).toEqual([false, true]);
  });

  test('a quote left open is named at the line it opens on, not where reading gave up', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${20 + i},0.5`).join('\n');
    // Its record swallows the rows after it until it is too long to be a row.
    expect(issuesOf(`arrival_min,soc_in\n10,"0.5\n${rows}\n`)).toEqual([
      { path: 'trace trace.csv line 2', expected: `must have rows of at most ${TRACE_LIMITS.recordChars} characters (or perhaps a quote was left open and runs on over the lines after it)`, found: 'a longer one' },
    ]);
    // Or it runs to the end of the file.
    expect(issuesOf('arrival_min,soc_in\n10,"0.5\n20,0.5\n30,0.5\n')).toEqual([{ path: 'trace trace.csv line 2', expected: 'must close every quote it opens', found: 'a quote still open at the end of the file' }]);
  });

  // csv-parse's words counted fields from 0 ("a quote is found on field 1") and named no column.
  test('a quote inside an unquoted cell, or text after a closing quote, is named by its line and column', () => {
    expect(issuesOf('arrival_min,soc_in\n10,0.5\n20,0"5\n')).toEqual([
      { path: 'trace trace.csv line 3, column soc_in', expected: 'must quote a cell from its first character or not at all (a quote within a quoted cell is written twice: "a""b")', found: 'a quote after "0"' },
    ]);
    expect(issuesOf('arrival_min,soc_in\n"10"0,0.5\n')).toEqual([
      { path: 'trace trace.csv line 2, column arrival_min', expected: "must follow a cell's closing quote with a comma or the line's end", found: '"0" after it' },
    ]);
  });
});

describe('columns', () => {
  test('sorting by arrival is stable, whatever the times (ties, zeros, huge and tiny values)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(0, 1, 1.5, 1e-300, 5e-324, 1e300, 59.999999999), fc.double({ min: 0, max: 1e6, noNaN: true })), { maxLength: 300 }),
        (times) => {
          const text = csv(['arrival_min', 'break_min'], times.map((t, i) => [t.toPrecision(17), i]));
          const { rows, issues } = rowsOf(text);
          expect(issues).toEqual([]);
          const expected = times.map((t, i) => ({ t: Number(t.toPrecision(17)) + 0, i })).sort((a, b) => a.t - b.t);
          expect(rows.map((r) => [r.arrivalMin, r.breakMin])).toEqual(expected.map((e) => [e.t, e.i]));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a sorted trace and the same trace shuffled give the same columns', () => {
    const sorted = csv(['arrival_min', 'fleet', 'soc_in'], Array.from({ length: 200 }, (_, i) => [Math.floor(i / 3), FLEET[i % 2], (i % 10) / 10]));
    const lines = sorted.trim().split('\n');
    const shuffled = [lines[0], ...lines.slice(1).reverse()].join('\n');
    const a = rowsOf(sorted).rows;
    const b = rowsOf(shuffled).rows;
    expect(b.map((r) => r.arrivalMin)).toEqual(a.map((r) => r.arrivalMin));
    // Equal times keep file order, which the reversal turned round within each time.
    expect(b.slice(0, 3)).toEqual(a.slice(0, 3).reverse());
  });

  test('absent columns stay absent; empty cells are NaN, or -1 for the fleet', () => {
    const { trace } = parseTrace('arrival_min,fleet,soc_in\n0,,0.5\n1,etgx,\n', W, FLEET);
    expect(trace!.length).toBe(2);
    expect([...trace!.fleet!]).toEqual([-1, 1]);
    expect([...trace!.socIn!]).toEqual([0.5, NaN]);
    expect(trace!.energyKwh).toBeUndefined();
    expect(trace!.arrivalMin.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

test("a trace's JSON is its row count and a digest of its columns, not a key per row", () => {
  const json = (text: string) => JSON.stringify(parseTrace(text, W, FLEET).trace);
  const a = json('arrival_min,soc_in\n5,0.5\n1,0.25\n');
  expect(JSON.parse(a)).toEqual({ rows: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(json('arrival_min,soc_in\n1,0.25\n5,0.5\n')).toBe(a); // the same rows once sorted
  expect(json('arrival_min,soc_in\n5,0.5\n1,0.26\n')).not.toBe(a);
  expect(json('arrival_min,break_min\n5,0.5\n1,0.25\n')).not.toBe(a); // the same numbers in another column
  expect(Object.keys(structuredClone(parseTrace('arrival_min\n1\n', W, FLEET).trace!))).toEqual(['length', 'arrivalMin']);
});

describe('readTrace: a stream of the file', () => {
  const dir = scratch('hubsim-trace-');
  const fileWith = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test('gives what parseTrace gives, problems included, for any mix of good and bad rows', async () => {
    const cellArb = fc.constantFrom('0', '12.5', '-1', 'x', '', '1e999', 'etgx', 'eactros', '0.5', '"7"', '0x1');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cellArb, cellArb, cellArb), { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r', 'mixed'), async (rows, eol) => {
        // 'mixed': each line's end in turn, so that a chunk may end between a CR and its LF.
        const ends = eol === 'mixed' ? ['\r\n', '\n', '\r'] : [eol];
        const text = ['arrival_min,fleet,soc_in', ...rows.map((r) => r.join(','))].map((l, i) => l + ends[i % ends.length]).join('');
        const path = fileWith('t.csv', text);
        const streamed = await readTrace(createReadStream(path, { highWaterMark: 7 }), W, FLEET);
        const inMemory = parseTrace(text, W, FLEET);
        expect(streamed.issues).toEqual(inMemory.issues);
        if (inMemory.trace) expect(traceRows(streamed.trace!, FLEET)).toEqual(traceRows(inMemory.trace, FLEET));
      }),
      { numRuns: 100 },
    );
  });

  test('a line holding only "" is a row, and blank lines are counted, read in chunks as in memory', async () => {
    for (const text of ['arrival_min\n10\n\n \n""\n20\n\n\nx\n', 'arrival_min,fleet\r\n\r\n""\r\n\r\n1,"et\ngx"\r\n\r\n"2\r\n']) {
      const path = fileWith('blank.csv', text);
      const streamed = await readTrace(createReadStream(path, { highWaterMark: 3 }), W, FLEET);
      expect(streamed.issues).toEqual(parseTrace(text, W, FLEET).issues);
    }
    // A file that is its header alone, with no line end: the header is read, as in memory.
    for (const text of ['arrival_min,fleet', '"arrival_min";"fleet"']) {
      const streamed = await readTrace(Readable.from([Buffer.from(text)]), W, FLEET);
      expect(streamed.issues).toEqual(parseTrace(text, W, FLEET).issues);
    }
    expect((await readTrace(Readable.from([Buffer.from('arrival_min,fleet')]), W, FLEET)).issues).toEqual([]);
    const r = await readTrace(Readable.from(['arrival_min\n10\n\n""\n\n', '\nx\n']), W, FLEET);
    expect(r.issues.map((i) => i.path)).toEqual([`${W} line 4, column arrival_min`, `${W} line 7, column arrival_min`]);
  });

  test('UTF-16 that starts with its little-endian byte-order mark ("Unicode text") reads as its UTF-8 twin, in chunks that split its characters', async () => {
    const text = csv(['arrival_min', 'fleet', 'soc_in'], Array.from({ length: 50 }, (_, i) => [i * 7.5, FLEET[i % 2], 0.2]));
    const path = join(dir, 'utf16.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const streamed = await readTrace(createReadStream(path, { highWaterMark: 7 }), W, FLEET);
    expect(streamed.issues).toEqual([]);
    expect(traceRows(streamed.trace!, FLEET)).toEqual(traceRows(parseTrace(text, W, FLEET).trace!, FLEET));
  });

  test('a quoted header separated by semicolons or tabs says so, however the file comes in chunks', async () => {
    for (const [text, separated] of [['"arrival_min"\t"fleet"\n1\t"etgx"\n', 'tabs'], ['"arrival_min";"fleet"\n1;"etgx"\n', 'semicolons']]) {
      const path = fileWith('quoted.csv', `\n \n${text}`);
      for (const highWaterMark of [1, 3, 1 << 20]) {
        const streamed = await readTrace(createReadStream(path, { highWaterMark }), W, FLEET);
        expect(streamed.issues).toEqual([{ path: `${W} line 3 (the header)`, expected: expect.stringMatching(/^must separate its cells with commas/), found: `cells separated by ${separated}` }]);
        expect(streamed.issues).toEqual(parseTrace(`\n \n${text}`, W, FLEET).issues);
      }
    }
  });

  test('a header separated by tabs with a comma beside a name says so, in UTF-8 or UTF-16 after its byte-order mark, however the file comes in chunks', async () => {
    const text = '\n"arrival_min"\t"fleet",\tsoc_in\r\n1\t"etgx"\t0.2\r\n';
    const files = [fileWith('tabs.csv', text), join(dir, 'tabs16.csv')];
    writeFileSync(files[1], Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    for (const path of files) {
      for (const highWaterMark of [1, 3, 1 << 20]) {
        const streamed = await readTrace(createReadStream(path, { highWaterMark }), W, FLEET);
        expect(streamed.issues).toEqual([{ path: `${W} line 2 (the header)`, expected: expect.stringMatching(/^must separate its cells with commas/), found: 'cells separated by tabs, and a comma in "\\"fleet\\","' }]);
      }
    }
    // Unquoted, csv-parse reads the header as comma-separated cells, trimming the tab after the comma.
    const unquoted = join(dir, 'tabs16-unquoted.csv');
    writeFileSync(unquoted, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('arrival_min\tfleet,\tsoc_in\r\n', 'utf16le')]));
    const streamed = await readTrace(createReadStream(unquoted, { highWaterMark: 5 }), W, FLEET);
    expect(streamed.issues).toEqual([{ path: `${W} line 1 (the header)`, expected: expect.stringMatching(/^must separate its cells with commas/), found: 'cells separated by tabs, and a comma in "fleet,"' }]);
  });

  test('a header separated by semicolons or tabs after more blank lines than a chunk of its head holds says so, however the file comes in chunks', async () => {
    // 300,000 blank lines: more bytes than the head decodes of one chunk, fewer than hubsim's chunk of 1 MiB.
    for (const [header, found] of [
      ['arrival_min;fleet\n1;etgx\n', 'cells separated by semicolons'],
      ['"arrival_min";"fleet"\n1;"etgx"\n', 'cells separated by semicolons'],
      ['arrival_min\tfleet,\tsoc_in\n1\tetgx\t0.2\n', 'cells separated by tabs, and a comma in "fleet,"'],
    ]) {
      const text = '\n'.repeat(300_000) + header;
      const issue = { path: `${W} line 300001 (the header)`, expected: expect.stringMatching(/^must separate its cells with commas/), found };
      expect(parseTrace(text, W, FLEET).issues).toEqual([issue]);
      const path = fileWith('late-header.csv', text);
      for (const highWaterMark of [1 << 16, 1 << 20]) {
        const streamed = await readTrace(createReadStream(path, { highWaterMark }), W, FLEET);
        expect({ highWaterMark, issues: streamed.issues }).toEqual({ highWaterMark, issues: [issue] });
      }
    }
  });

  test('stops at the byte limit', async () => {
    const path = fileWith('big.csv', csv(['arrival_min'], Array.from({ length: 1000 }, (_, i) => [i])));
    const limits = { ...TRACE_LIMITS, bytes: 1024 };
    const r = await readTrace(createReadStream(path, { highWaterMark: 256 }), W, FLEET, limits);
    expect(r.issues).toEqual([{ path: W, expected: 'must be at most 1024 bytes', found: 'more' }]);
  });

  test('a fleet name that is not UTF-8 (a file saved as Latin-1) is said to be so', async () => {
    const latin1 = Buffer.from('arrival_min,fleet\n0,etgx\n1,\xe9tgx\n', 'latin1');
    const r = await readTrace(Readable.from([latin1]), W, FLEET);
    expect(r.issues).toEqual([
      {
        path: `${W} line 3, column fleet`,
        expected: "must be one of the fleet's names: eactros, etgx, in a UTF-8 file (this one holds bytes that are not UTF-8: save it as UTF-8)",
        found: '"\uFFFDtgx"',
      },
    ]);
  });

  test('so is a number or a column name that is not UTF-8, not guessed at', async () => {
    const latin1 = Buffer.from('arrival_min,fl\xe9et\n1\xe9,a\n', 'latin1');
    const r = await readTrace(Readable.from([latin1]), W, FLEET);
    expect(r.issues).toEqual([
      { path: `${W} line 1, column 2`, expected: expect.stringMatching(/^must be one of arrival_min, .*, in a UTF-8 file \(this one holds bytes that are not UTF-8: save it as UTF-8\)$/), found: '"fl\uFFFDet"' },
    ]);
    const cell = await readTrace(Readable.from([Buffer.from('arrival_min\n1\xe9\n', 'latin1')]), W, FLEET);
    expect(cell.issues).toEqual([{ path: `${W} line 2, column arrival_min`, expected: 'must be a number >= 0, in a UTF-8 file (this one holds bytes that are not UTF-8: save it as UTF-8)', found: '"1\uFFFD"' }]);
  });

  test('a U+FFFD a UTF-8 file holds itself is no sign of another encoding: its characters split between chunks are UTF-8 too', async () => {
    // Saved as UTF-8 after another program had lost a character: saving it as UTF-8 again mends nothing.
    const text = Buffer.from('arrival_min,fleet\n0,\u00e9tgx\n1,e\uFFFDtgx\n2\uFFFD,etgx\n', 'utf8');
    for (const size of [1, 2, 3, 5, text.length]) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.subarray(i * size, (i + 1) * size));
      const r = await readTrace(Readable.from(chunks), W, FLEET);
      expect(r.issues.map((i) => i.expected)).toEqual([
        "must be one of the fleet's names: eactros, etgx (did you mean \"etgx\"?)",
        "must be one of the fleet's names: eactros, etgx (did you mean \"etgx\"?)",
        'must be a number >= 0',
      ]);
    }
    // A character the file ends inside of is no UTF-8, nor is a byte no UTF-8 character begins with.
    for (const end of [Buffer.from([0xc3]), Buffer.from([0xe2, 0x82]), Buffer.from([0x80])]) {
      const r = await readTrace(Readable.from([Buffer.from('arrival_min,fleet\n1,e'), end]), W, FLEET);
      expect(r.issues.map((i) => i.expected)).toEqual(["must be one of the fleet's names: eactros, etgx, in a UTF-8 file (this one holds bytes that are not UTF-8: save it as UTF-8)"]);
    }
  });

  test('a read error is thrown for the caller to report, not taken for a CSV problem', async () => {
    await expect(readTrace(createReadStream(join(dir, 'missing.csv')), W, FLEET)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
