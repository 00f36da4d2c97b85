import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { formatIssue, fsErrorText, InputError, isFsError, show } from '../src/errors.js';

/** What show() gave when it rendered with JSON.stringify: the reference for ordinary values. */
function viaStringify(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  // (-0 as written, where JSON.stringify makes it 0.)
  const text = JSON.stringify(value, (_, v) => (Object.is(v, -0) ? '\u0000-0' : v))?.replaceAll('"\\u0000-0"', '-0') ?? String(value);
  if (text.length <= 60) return text;
  // A string cut short keeps its closing quote.
  return typeof value === 'string' ? `${text.slice(0, 56)}..."` : `${text.slice(0, 57)}...`;
}

describe('show', () => {
  test('renders any JSON value as JSON.stringify would, cut at 60 characters', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(show(v)).toBe(viaStringify(v));
      }),
      { numRuns: 2000 },
    );
    for (const v of [undefined, NaN, -Infinity, -0, 'x'.repeat(100), [1, undefined, 2], { a: undefined, b: 1 }, '\u{1F600}'.repeat(40)]) {
      expect(show(v)).toBe(viaStringify(v));
    }
  });

  test('a long string cut short still ends in its closing quote', () => {
    expect(show('x'.repeat(100))).toBe(`"${'x'.repeat(55)}..."`);
    expect(show('x'.repeat(58))).toBe(`"${'x'.repeat(58)}"`);
  });

  test('-0 is written as given, not as the 0 JSON makes of it', () => {
    expect(show(-0)).toBe('-0');
    expect(show([0, -0])).toBe('[0,-0]');
  });

  test('a bigint is written as JavaScript writes one, not as the number it would pass for', () => {
    expect(show(1n)).toBe('1n');
    expect(show([1n, 2])).toBe('[1n,2]');
    expect(show({ intervalsBeforeMin: 15n })).toBe('{"intervalsBeforeMin":15n}');
  });

  test('a value nested 100,000 deep, a cycle, or a huge array costs no more than a short one', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(show(deep)).toBe(`${'['.repeat(57)}...`);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('{"a":1,"self":{"a":1,"self":{"a":1,"self":{"a":1,"self":{...');
    expect(show(new Array(10_000_000).fill(7))).toBe(`[${'7,'.repeat(28)}...`);
  });

  test('characters that reorder a terminal line (bidirectional overrides and marks) are written as escapes', () => {
    expect(show('ab\u202ecd')).toBe('"ab\\u202ecd"');
    // Nor is what cannot be seen left unseen: "100" refused for a zero-width space before it.
    expect(show('\u200b100')).toBe('"\\u200b100"');
    expect(show('\ufeff1\u00a02')).toBe('"\\ufeff1\\u00a02"');
    expect(show('\u2066x\u2069\u200f')).toBe('"\\u2066x\\u2069\\u200f"');
  });
});

describe('formatIssue', () => {
  test('names a path that is empty or blank (a file argument given as "") in quotes, not as nothing', () => {
    expect(formatIssue({ path: '', expected: 'must be a readable scenario file', found: 'no such file' })).toBe('"": must be a readable scenario file (got no such file)');
    expect(formatIssue({ path: ' ', expected: 'must be x' })).toBe('" ": must be x');
    expect(formatIssue({ path: 'hub.gridKw', expected: 'must be a number', found: '"x"' })).toBe('hub.gridKw: must be a number (got "x")');
  });

  test('quotes a path holding a line break or a character that reorders the line: raw, it would read as two problems, or as another name', () => {
    expect(formatIssue({ path: 'a\nb.json', expected: 'must be a readable scenario file', found: 'no such file' })).toBe('"a\\nb.json": must be a readable scenario file (got no such file)');
    expect(formatIssue({ path: 'x\u202ejson.exe', expected: 'must be x' })).toBe('"x\\u202ejson.exe": must be x');
    expect(formatIssue({ path: 'scenarios/été.json', expected: 'must be x' })).toBe('scenarios/été.json: must be x');
    for (const c of ['\u007f', '\u0085', '\u2028', '\u2029']) expect(formatIssue({ path: `a${c}b`, expected: 'must be x' })).toBe(`"a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b": must be x`);
    expect(new InputError([{ path: 'seed', expected: 'must be x' }], '  ').message).toBe('"  ": 1 problem\n  seed: must be x');
    expect(fsErrorText(Object.assign(new Error('x'), { code: 'EACCES', path: 'o\nut' }), 'cannot write')).toBe('cannot write "o\\nut": permission denied (EACCES)');
  });
});

describe("Node's permission model", () => {
  test('a refusal of it is the environment refusing, naming what was refused', () => {
    const refused = Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED', permission: 'FileSystemWrite', resource: '/tmp/out' });
    expect(isFsError(refused)).toBe(true);
    expect(fsErrorText(refused, '--out: cannot create the folder')).toBe("--out: cannot create the folder /tmp/out: refused by Node's permission model (--permission) (ERR_ACCESS_DENIED)");
  });
});
