import { describe, expect, test } from '@jest/globals';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyCheckedCsv, type CopyCheck } from '../src/cli/read.js';
import type { InputIssue } from '../src/errors.js';
import { tmp } from './helpers/cli.js';

// The check merge makes of a file it copies from a slice, as it streams through 1 MiB at a time:
// a field may lie across two reads, and is checked whole all the same.

const CHECK: CopyCheck = {
  columns: ['replication', 'truck', 'fleet', 'arrival_min', 'bay', 'outcome'],
  kinds: ['whole', 'whole', ['eactros', 'volvo-fh-aero'], 'number', 'whole?', ['charged', 'balked']],
  replications: { first: 2, last: 4 },
};
const HEADER = `${CHECK.columns.join(',')}\n`;

/** Rows of varied widths, so that the reads' ends fall at every place in a row over a few MiB. */
function rows(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const rep = 2 + Math.floor((3 * i) / count);
    const served = i % 7 !== 3;
    out.push(`${rep},${i + 1},${i % 3 === 0 ? 'volvo-fh-aero' : 'eactros'},${((i * 7919) % 100_003) / 997},${served ? (i % 12) + 1 : ''},${served ? 'charged' : 'balked'}\n`);
  }
  return out;
}

function copy(text: string): { ok: boolean; issues: InputIssue[]; copied: string } {
  const dir = tmp();
  writeFileSync(join(dir, 'in.csv'), text);
  const fd = openSync(join(dir, 'out.csv'), 'w');
  const issues: InputIssue[] = [];
  let ok: boolean;
  try {
    ok = copyCheckedCsv(join(dir, 'in.csv'), fd, true, CHECK, issues);
  } finally {
    closeSync(fd);
  }
  return { ok, issues, copied: readFileSync(join(dir, 'out.csv'), 'utf8') };
}

describe('a file copied from a slice', () => {
  const body = rows(120_000); // some 4 MiB
  const text = HEADER + body.join('');

  test('is copied byte for byte when every field is as hubsim writes it, fields across reads included', () => {
    expect(text.length).toBeGreaterThan(3 << 20);
    const r = copy(text);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.copied).toBe(text);
  });

  // Each spoiled value is put where a read ends (at 1 MiB), and in the middle of the file.
  test.each([
    ['arrival_min', 'NaN', 3],
    ['arrival_min', 'Infinity', 3],
    ['arrival_min', '1e999', 3],
    ['arrival_min', '-', 3],
    ['arrival_min', '1.2.3', 3],
    ['arrival_min', '1..2', 3],
    ['fleet', 'Infinity', 2],
    ['fleet', 'eactros2', 2],
    ['outcome', '=cmd|calc!A1', 5],
    ['truck', '-5', 1],
    ['truck', '007', 1],
    ['bay', '1.5', 4],
  ])('is refused, naming the line and column, for %s holding %p', (column, bad, at) => {
    for (const offset of [1 << 20, 2_500_000]) {
      // The row that holds byte `offset` of the file, with the value in its column.
      let pos = HEADER.length;
      let line = 0;
      while (pos + body[line].length <= offset) pos += body[line++].length;
      const cells = body[line].slice(0, -1).split(',');
      cells[at] = bad;
      const spoiled = [...body];
      spoiled[line] = `${cells.join(',')}\n`;
      const r = copy(HEADER + spoiled.join(''));
      expect(r.ok).toBe(false);
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0].path).toMatch(new RegExp(`in.csv line ${line + 2}$`));
      expect(r.issues[0].expected).toMatch(new RegExp(`^must have in column ${column} `));
      expect(r.issues[0].found).toBe(JSON.stringify(bad));
    }
  });

  test('an empty value is one where the column may have nothing, and a number may have an exponent', () => {
    const r = copy(`${HEADER}2,1,eactros,1e+21,,balked\n2,2,eactros,,3,charged\n`);
    expect(r.issues).toEqual([]);
    expect(r.copied).toBe(`${HEADER}2,1,eactros,1e+21,,balked\n2,2,eactros,,3,charged\n`);
    expect(copy(`${HEADER}2,,eactros,1,,balked\n`).issues[0].expected).toMatch(/^must have in column truck a whole number,/);
  });

  test('a field longer than any hubsim writes, across reads, is refused', () => {
    const r = copy(`${HEADER}2,1,${'x'.repeat(3 << 20)}\n`);
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toEqual({ path: expect.stringMatching(/line 2$/), expected: 'must have fields of at most 1024 bytes, as hubsim writes them', found: 'a longer one' });
  });
});
