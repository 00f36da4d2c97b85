import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CsvFileWriter, csvText, exact, FORMULA_START, rounded } from '../src/output/csv.js';
import { SimulationError } from '../src/errors.js';
import { scratch } from './helpers/scratch.js';

// The streaming writer renders numbers digit by digit and text without csv-stringify where no
// quoting is needed: its bytes must be exactly those of `rounded`/String() and csv-stringify.

function written(fill: (w: CsvFileWriter) => void): string {
  const file = join(scratch('hubsim-csv-'), 'x.csv');
  const w = new CsvFileWriter(file, null);
  fill(w);
  w.close();
  return readFileSync(file, 'utf8');
}

/** Doubles over every magnitude a detail file can hold, and the awkward ones. */
const numbers = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -2e9, max: 2e9 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e-5, max: 1e-5 }),
  fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 1e6),
  fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 1e6 + 5e-7),
  fc.constantFrom(0, -0, 1e-6, 5e-7, -5e-7, 4.9999999e-7, 999999999.9999995, 1e9, -1e9, 1e21, 123456789.123456, 0.1 + 0.2),
);

describe('CsvFileWriter', () => {
  test('numbers: byte-identical to rounded()', () => {
    fc.assert(
      fc.property(fc.array(numbers, { minLength: 1, maxLength: 30 }), (xs) => {
        const got = written((w) => {
          for (const x of xs) w.num(x);
          w.end();
        });
        expect(got).toBe(xs.map(rounded).join(',') + '\n');
      }),
      { numRuns: 2000 },
    );
  });

  test('text, whole numbers and empty fields: byte-identical to csv-stringify', () => {
    const field = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', ' ', '"', ',', '\n', '\r\n', 'a,b', '=1', 'é'));
    fc.assert(
      fc.property(fc.array(fc.oneof(field, fc.nat({ max: 2e9 })), { minLength: 2, maxLength: 12 }), (cells) => {
        const got = written((w) => {
          for (const c of cells) {
            if (typeof c === 'number') w.int(c);
            else if (c === '') w.empty();
            else w.text(c);
          }
          w.end();
        });
        expect(got).toBe(stringify([cells.map(String)]));
      }),
      { numRuns: 2000 },
    );
  });

  test('csvText: byte-identical to csv-stringify for any table', () => {
    const field = fc.oneof(fc.string(), fc.constantFrom('', '"', ',', '\n', '\r', 'a b', '1.5'));
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 5 }), fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 10 }), (header, rows) => {
        expect(csvText(header, rows)).toBe(stringify([header, ...rows]));
      }),
      { numRuns: 2000 },
    );
  });

  test('rows longer than the buffer, and many rows, arrive whole and in order', () => {
    const long = 'x'.repeat(200_000);
    const rows = Array.from({ length: 5000 }, (_, i) => [String(i), i % 7 === 0 ? long.slice(0, i * 13) : `r${i}`]);
    const got = written((w) => rows.forEach((r) => w.row(r)));
    expect(got).toBe(stringify(rows));
  });

  test('NaN is an empty field; Infinity never reaches a file', () => {
    expect(written((w) => (w.num(NaN), w.num(1), w.end()))).toBe(',1\n');
    expect(() => written((w) => w.num(Infinity))).toThrow(SimulationError);
    expect(() => rounded(-Infinity)).toThrow(SimulationError);
    expect(() => exact(Infinity)).toThrow(SimulationError);
    expect(exact(NaN)).toBe('');
  });

  test('a value rounded to 0 from below, or -0 itself, is written 0, never -0', () => {
    for (const x of [-0, -1e-9, -4.9e-7]) expect(rounded(x)).toBe('0');
    expect(written((w) => (w.num(-0), w.num(-1e-9), w.end()))).toBe('0,0\n');
    expect([rounded(-5e-7), rounded(-5.1e-7)]).toEqual(['0', '-0.000001']); // Math.round takes a half up
  });

  test('whole numbers of 2^31 and above are written in full, not wrapped to 32-bit negatives', () => {
    expect(written((w) => (w.int(2 ** 31 - 1), w.int(2 ** 31), w.int(3e9), w.int(2 ** 53 - 1), w.end()))).toBe('2147483647,2147483648,3000000000,9007199254740991\n');
  });

  test('texts a spreadsheet runs as formulas are recognised: =, +, -, @, tab, carriage return', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(FORMULA_START.test(s)).toBe(true);
    for (const s of ['1', 'a-b', ' =1', 'x@y']) expect(FORMULA_START.test(s)).toBe(false);
  });
});
