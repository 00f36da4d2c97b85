import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { InputError, show, type InputIssue } from '../src/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import { traceRows } from '../src/scenario/trace.js';
import { parseScenario, traceUnreadableIssue, validateScenario } from '../src/scenario/validate.js';
import { issuesIn, issuesOf } from './helpers/issues.js';
import { baseRaw, ccsGroup, edited, type RawScenario } from './helpers/scenarios.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Awaits `p`, which must reject with an InputError, and returns its issues. */
async function issuesOfAsync(p: Promise<unknown>): Promise<readonly InputIssue[]> {
  try {
    await p;
  } catch (err) {
    return issuesIn(err);
  }
  throw new Error('expected an InputError, but the input was accepted');
}

const validate = (raw: unknown) => () => validateScenario(raw, 'test.json');
const parse = (text: string) => () => parseScenario(text, 'test.json');

/** Expects an issue at `path` whose `expected` matches and whose `found` equals `found` (if given). */
function expectIssue(issues: readonly InputIssue[], path: string, expected: RegExp | string, found?: string): void {
  const at = issues.filter((i) => i.path === path);
  expect(at.map((i) => i.path)).toContain(path);
  const match = at.find((i) => (typeof expected === 'string' ? i.expected.includes(expected) : expected.test(i.expected)));
  const pattern = typeof expected === 'string' ? new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : expected;
  expect({ path, expected: match?.expected ?? at.map((i) => i.expected) }).toEqual({ path, expected: expect.stringMatching(pattern) });
  if (found !== undefined) expect(match!.found).toBe(found);
}

describe('a valid scenario', () => {
  test("shares no list with the input: the caller's empirical values stay its own to edit for the next design", () => {
    const raw = baseRaw();
    raw.behaviour = { ...raw.behaviour, breakMin: { dist: 'empirical', values: [30, 45, 60], weights: [1, 2, 1] } };
    const s = validateScenario(raw, 'test.json');
    expect(Object.isFrozen(raw.behaviour.breakMin.values)).toBe(false);
    expect(Object.isFrozen(raw.behaviour.breakMin.weights)).toBe(false);
    raw.behaviour.breakMin.values[0] = 120;
    raw.behaviour.breakMin.weights.push(1);
    raw.behaviour.breakMin.values.push(90);
    expect(s.behaviour.breakMin).toMatchObject({ dist: 'empirical', values: [30, 45, 60], weights: [1, 2, 1] });
    expect(validateScenario(raw, 'test.json').behaviour.breakMin).toMatchObject({ values: [120, 45, 60, 90], weights: [1, 2, 1, 1] });
  });

  test('passes and comes back frozen, with defaults filled in', () => {
    const raw = baseRaw();
    delete raw.hub.allocation;
    delete raw.behaviour;
    delete raw.output;
    delete raw.seed;
    raw.hub.chargers = [{ id: 'a', connector: 'CCS', cabinets: 2, cabinetKw: 400 }];
    const before = JSON.stringify(raw);
    const s = validateScenario(raw, 'test.json');
    expect(JSON.stringify(raw)).toBe(before); // the input is never modified
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(raw)).toBe(false);
    expect(Object.isFrozen(s.hub.chargers[0])).toBe(true);
    expect(Object.isFrozen(s.fleet[0].curve)).toBe(true);
    expect(s.hub.gridKw).toBe(Infinity);
    expect(s.hub.waitingSpaces).toBe(Infinity);
    expect(s.hub.allocation).toBe('equal');
    expect(s.hub.chargers[0]).toEqual({ id: 'a', connector: 'CCS', cabinets: 2, baysPerCabinet: 1, cabinetKw: 400, bayKw: 400, reservedFor: ['break', 'overnight'], maintenance: [] });
    expect(s.hub.chargers[0].failures).toBeUndefined();
    expect(s.fleet[0].curve).toEqual([[0, 1], [1, 1]]);
    expect(s.behaviour.leave).toBe('charged');
    expect(s.behaviour.breakMin).toEqual({ dist: 'constant', value: 45 });
    expect(s.behaviour.patienceMin).toBeUndefined();
    expect(s.output.powerIntervalMin).toBe(15);
    expect(s.output.serviceThresholdMin).toBe(15);
    expect(s.seed).toBe(1);
    expect(s.horizon.warmupDays).toBe(0);
  });

  test('shares and profiles are normalised', () => {
    const s = validateScenario(
      edited((r) => {
        r.fleet = [
          { name: 'a', share: 3, batteryKwh: 500, maxKw: { CCS: 400 } },
          { name: 'b', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } },
        ];
        r.arrivals.weekly = [2, 2, 2, 2, 2, 2, 2];
        r.arrivals.hourly = Array.from({ length: 24 }, (_, h) => (h < 12 ? 1 : 3));
      }),
      'test.json',
    );
    expect(s.fleet.map((f) => f.share)).toEqual([0.75, 0.25]);
    if (s.arrivals.kind !== 'rate') throw new Error('rate expected');
    expect(s.arrivals.weekly).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(s.arrivals.hourly[0]).toBe(0.5);
    expect(s.arrivals.hourly[23]).toBe(1.5);
  });

  test('profiles of weights too small for their mean to be a normal number are normalised to mean 1', () => {
    // 5e-324 / 24 is 0 in doubles: divided by it, the hour's weight was Infinity and the others NaN,
    // and a run of such a scenario never ended.
    const s = validateScenario(
      edited((r) => {
        r.arrivals.hourly = Array.from({ length: 24 }, (_, h) => (h === 8 ? 5e-324 : 0));
        r.arrivals.weekly = [3e-320, 1e-320, 1e-320, 1e-320, 1e-320, 1e-320, 1e-320];
      }),
      'test.json',
    );
    if (s.arrivals.kind !== 'rate') throw new Error('rate expected');
    expect(s.arrivals.hourly[8]).toBe(24);
    expect(s.arrivals.hourly.filter((w) => w !== 0)).toEqual([24]);
    expect(s.arrivals.weekly[0]).toBeCloseTo(7 * (3 / 9), 12);
    expect(s.arrivals.weekly[1]).toBeCloseTo(7 * (1 / 9), 12);
    const week = validateScenario(edited((r) => (r.arrivals = { trucksPerDay: 10, hourOfWeek: Array.from({ length: 168 }, (_, h) => (h === 0 ? 5e-324 : 0)) })), 'test.json');
    if (week.arrivals.kind !== 'rate') throw new Error('rate expected');
    expect(week.arrivals.hourOfWeek![0]).toBe(168);
    expect(week.arrivals.hourOfWeek!.every(Number.isFinite)).toBe(true);
  });

  test('a distribution that can leave its field range is truncated to it; one that cannot is not', () => {
    const s = validateScenario(
      edited((r) => {
        r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd: 0.07, min: 0.05, max: 0.6 };
        r.demand.targetSoc = { dist: 'uniform', min: 0.75, max: 0.85 };
      }),
      'test.json',
    );
    expect(s.demand.arrivalSoc).toEqual({ dist: 'normal', mean: 0.2, sd: 0.07, trunc: { min: 0.05, max: 0.6 } });
    expect(s.demand.targetSoc).toEqual({ dist: 'uniform', min: 0.75, max: 0.85 });
  });

  test('the example of SPEC.md, comments stripped, is valid', () => {
    const raw = baseRaw();
    raw.hub = {
      gridKw: 2400,
      allocation: 'equal',
      waitingSpaces: 12,
      chargers: [
        { id: 'ccs', connector: 'CCS', cabinets: 6, baysPerCabinet: 1, cabinetKw: 400, bayKw: 400 },
        { id: 'mcs', connector: 'MCS', cabinets: 1, baysPerCabinet: 1, cabinetKw: 1000, bayKw: 1000 },
      ],
    };
    raw.demand = { arrivalSoc: { dist: 'normal', mean: 0.2, sd: 0.07, min: 0.05, max: 0.6 }, energyKwh: { dist: 'exponential', mean: 300 } };
    raw.behaviour = { breakMin: 45, leave: 'charged', patienceMin: 60 };
    expect(() => validateScenario(raw, 'x')).not.toThrow();
  });

  test("README's smallest scenario is valid, and gives only the fields the README says are required", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const at = readme.indexOf('The smallest scenario, a start to build on');
    expect(at).toBeGreaterThan(0);
    const block = /```json\n([\s\S]*?)\n```/.exec(readme.slice(at))![1];
    const scenario = parseScenario(block, 'my-hub.json');
    expect(scenario.name).toBe('my-hub');
    // Leaving any field out is an error: it is the smallest.
    const raw = JSON.parse(block) as RawScenario;
    for (const key of Object.keys(raw).filter((k) => k !== '$schema')) {
      const { [key]: _, ...rest } = raw;
      expect(() => validateScenario(rest, 'x')).toThrow(InputError);
    }
  });
});

describe('syntax', () => {
  test('malformed JSON: line and column in the path, the offending text as found', () => {
    const issues = issuesOf(parse('{\n  "name": "x",\n  "seed": ,\n}'));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('line 3, column 11');
    expect(issues[0].expected).toMatch(/invalid JSON/);
    expect(issues[0].found).toBe('","');
    // Lines end as an editor ends them: at \r\n, and at a \r alone.
    expect(issuesOf(parse('{\r\n  "name": "x",\r\n  "seed": ,\r\n}'))[0].path).toBe('line 3, column 11');
    expect(issuesOf(parse('{\r  "name": "x",\r  "seed": ,\r}'))[0].path).toBe('line 3, column 11');
  });

  test('JSON cut short: found is the end of the file', () => {
    const issues = issuesOf(parse('{\n  "name": "x"'));
    expect(issues[0].path).toMatch(/^line 2, column \d+$/);
    expect(issues[0].expected).toMatch(/invalid JSON/);
    expect(issues[0].found).toBeDefined();
  });

  test('comments and trailing commas are not JSON', () => {
    expect(issuesOf(parse('{ // c\n "name": "x" }'))[0].path).toBe('line 1, column 3');
    expect(issuesOf(parse('{ "name": "x", }'))[0].path).toMatch(/^line 1, column/);
  });

  test.each([
    ['{ "name": "x", }', 'line 1, column 16', 'invalid JSON: property name expected; JSON allows no comma before } or ]: remove the one before it', '"}"'],
    ['{ "a": [1, 2,\n] }', 'line 2, column 1', 'invalid JSON: value expected; JSON allows no comma before } or ]: remove the one before it', '"]"'],
    ['{ // notes\n "name": "x" }', 'line 1, column 3', 'invalid JSON: invalid comment token; JSON allows no comments (notes can go in "description")', '"// notes"'],
    ["{ 'name': 'x' }", 'line 1, column 3', 'invalid JSON: invalid symbol; names and strings take double quotes', '"\'name\'"'],
    ['{ name: "x" }', 'line 1, column 3', 'invalid JSON: invalid symbol; names and strings take double quotes', '"name"'],
    ['{ "a": 80% }', 'line 1, column 10', 'invalid JSON: invalid symbol; a number is written alone, without a unit or %', '"%"'],
    ['{ "a": 400kW }', 'line 1, column 11', 'invalid JSON: invalid symbol; a number is written alone, without a unit or %', '"kW"'],
    ['{ "a": 400 kW }', 'line 1, column 12', 'invalid JSON: invalid symbol; a number is written alone, without a unit or %', '"kW"'],
    ['{ "a": 400\tkW }', 'line 1, column 12', 'invalid JSON: invalid symbol; a number is written alone, without a unit or %', '"kW"'],
    // A name on the line after a number is not its unit: a comma was left out before it.
    ['{ "a": 400\n  kW: 1 }', 'line 2, column 3', 'invalid JSON: invalid symbol; names and strings take double quotes', '"kW"'],
    // A name after no number is a name; a bracket after no comma is another error, with no hint.
    ['{"a":x}', 'line 1, column 6', 'invalid JSON: invalid symbol; names and strings take double quotes', '"x"'],
    ['{ "a": [1 }', 'line 1, column 11', 'invalid JSON: comma expected', '"}"'],
    ['{ $schema: "x" }', 'line 1, column 3', 'invalid JSON: invalid symbol; names and strings take double quotes', '"$schema"'],
    ['{ "a": NULL }', 'line 1, column 8', 'invalid JSON: invalid symbol; JSON writes true, false and null in lower case', '"NULL"'],
    // Quotes an editor made curly, and a leading zero.
    ['{ \u201cname\u201d: "x" }', 'line 1, column 3', 'invalid JSON: invalid symbol; JSON takes straight double quotes ("), not curly ones: an editor made these as the text was typed or pasted', '"\u201cname\u201d"'],
    ['{ "seed": 01 }', 'line 1, column 12', 'invalid JSON: comma expected; JSON writes no leading 0 before a number: 1, not 01', '"1"'],
    ['{ "a": [0, 07.5] }', 'line 1, column 13', 'invalid JSON: comma expected; JSON writes no leading 0 before a number: 7.5, not 07.5', '"7.5"'],
    // A CSV saved with a byte order mark is no JSON either.
    ['\uFEFFarrival_min,fleet\n10,a\n', 'line 1, column 1', 'invalid JSON: invalid symbol; a scenario file is one JSON object, starting with {', '"arrival_min"'],
    ['{ "a": True }', 'line 1, column 8', 'invalid JSON: invalid symbol; JSON writes true, false and null in lower case', '"True"'],
    ['{ "a": Infinity }', 'line 1, column 8', 'invalid JSON: invalid symbol; JSON has no NaN or Infinity (an unlimited gridKw or waitingSpaces is left out)', '"Infinity"'],
    ['arrival_min,fleet\n10,a\n', 'line 1, column 1', 'invalid JSON: invalid symbol; a scenario file is one JSON object, starting with {', '"arrival_min"'],
    // YAML, which some take for a scenario's format; a # comment, as shells and YAML write one.
    ['name: hub\nhorizon:\n  days: 7\n', 'line 1, column 1', 'invalid JSON: invalid symbol; a scenario file is one JSON object, starting with {: this reads as YAML, which hubsim does not read (convert it to JSON)', '"name"'],
    ['---\nname: hub\n', 'line 1, column 1', 'invalid JSON: invalid symbol; a scenario file is one JSON object, starting with {: this reads as YAML, which hubsim does not read (convert it to JSON)', '"-"'],
    ['# my hub\n{ "name": "hub" }\n', 'line 1, column 1', 'invalid JSON: invalid symbol; JSON allows no comments (notes can go in "description")', '"#"'],
    // YAML under a comment, and a name whose value starts on the next line.
    ['# my hub\nname: hub\n', 'line 1, column 1', 'invalid JSON: invalid symbol; a scenario file is one JSON object, starting with {: this reads as YAML, which hubsim does not read (convert it to JSON)', '"#"'],
    ['hub:\n  gridKw: 1\n', 'line 1, column 1', 'invalid JSON: invalid symbol; a scenario file is one JSON object, starting with {: this reads as YAML, which hubsim does not read (convert it to JSON)', '"hub"'],
    ['{ "a": .5 }', 'line 1, column 8', 'invalid JSON: invalid symbol; a number starts with a digit: 0.5, not .5', '".5"'],
    // A decimal comma, or a thousands comma, in an object: JSON then wants a name. A number's
    // points between groups of three: JSON reads the first group's point as the decimal one.
    ['{ "efficiency": 0,9 }', 'line 1, column 19', 'invalid JSON: property name expected; a comma separates values in JSON: a decimal is written with a point: 0.9, not 0,9', '"9"'],
    ['{ "gridKw": 3,000 }', 'line 1, column 15', 'invalid JSON: property name expected; a comma separates values in JSON: a number is written without thousands separators (3000, not 3,000), and a decimal is written with a point: 3.000, not 3,000', '"0"'],
    // In a list, a decimal comma before a 0: JSON reads the 0 as a value it cannot follow with a digit.
    ['{ "a": [1,05, 2] }', 'line 1, column 12', 'invalid JSON: comma expected; a comma separates values in JSON: a decimal is written with a point: 1.05, not 1,05', '"5"'],
    ['{ "a": [-0,05, 2] }', 'line 1, column 13', 'invalid JSON: comma expected; a comma separates values in JSON: a decimal is written with a point: -0.05, not -0,05', '"5"'],
    ['{ "gridKw": 3.000.000 }', 'line 1, column 18', 'invalid JSON: invalid symbol; JSON writes a number without thousands separators: 3000000, not 3.000.000', '".000"'],
    // Grouped by underscores, as code writes numbers, or by spaces, as print does.
    ['{ "gridKw": 3_000 }', 'line 1, column 14', 'invalid JSON: invalid symbol; JSON writes a number without thousands separators: 3000, not 3_000', '"_000"'],
    ['{ "gridKw": 1 500.5 }', 'line 1, column 15', 'invalid JSON: comma expected; JSON writes a number without thousands separators: 1500.5, not 1 500.5', '"500.5"'],
    // In a list, values a comma left out run together: no number is made of them; a sign is kept.
    ['{ "a": [100 110 120] }', 'line 1, column 13', 'invalid JSON: comma expected', '"110"'],
    ['{ "gridKw": -1_000 }', 'line 1, column 15', 'invalid JSON: invalid symbol; JSON writes a number without thousands separators: -1000, not -1_000', '"_000"'],
    // A sign before them is where JSON stops reading: the token after it still says what was meant.
    ['{ "a": -Infinity }', 'line 1, column 8', 'invalid JSON: invalid symbol; JSON has no NaN or Infinity (an unlimited gridKw or waitingSpaces is left out)', '"-"'],
    ['{ "a": -.5 }', 'line 1, column 8', 'invalid JSON: invalid symbol; a number starts with a digit: -0.5, not -.5', '"-"'],
    // JSON takes no + before a number: what to write has none.
    ['{ "a": +.5 }', 'line 1, column 8', 'invalid JSON: invalid symbol; a number starts with a digit: 0.5, not +.5', '"+.5"'],
    ['{ "a": +0.05 }', 'line 1, column 8', 'invalid JSON: invalid symbol; JSON writes no + before a number: 0.05, not +0.05', '"+0.05"'],
    // A comment heading the file is a comment still, not a sign the file is no JSON at all.
    ['// phase one\n{ "name": "x" }', 'line 1, column 1', 'invalid JSON: invalid comment token; JSON allows no comments (notes can go in "description")', '"// phase one"'],
    ['/* hub */ { "name": "x" }', 'line 1, column 1', 'invalid JSON: invalid comment token; JSON allows no comments (notes can go in "description")', '"/* hub */"'],
  ])('a JSON slip says what JSON wants: %s', (text, path, expected, found) => {
    expect(issuesOf(parse(text))).toEqual([{ path, expected, found }]);
  });

  test('a fleet of types that are no objects is told so once, not also that its shares sum to 0', () => {
    const issues = issuesOf(validate(edited((r) => ((r as { fleet: unknown }).fleet = [[r.fleet[0]]]))));
    expect(issues.map((i) => i.path)).toEqual(['fleet[0]']);
  });

  test('a description with half a character (a lone surrogate escape) is refused: UTF-8 cannot write it', () => {
    expect(issuesOf(parse(JSON.stringify({ ...baseRaw(), description: 'a' }).replace('"a"', '"a\\ud800b"')))).toEqual([
      { path: 'description', expected: 'must be text of whole characters: a \\ud800–\\udfff escape stands for half of one, and only with its other half', found: '"a\\ud800b"' },
    ]);
    // Both halves, escaped or not, are one character.
    expect(() => parseScenario(JSON.stringify({ ...baseRaw(), description: 'a' }).replace('"a"', '"a\\ud83d\\ude9a \u{1F69A}"'), 't.json')).not.toThrow();
  });

  test('a key or a number of thousands of characters is shown cut short, not repeated whole', () => {
    const key = 'x'.repeat(100_000);
    const issues = issuesOf(validate({ ...baseRaw(), [key]: 1 }));
    expect(issues.map((i) => i.path)).toEqual([`${'x'.repeat(48)}…(100000 characters)`]);
    // A key of digits alone too, and a number that reads as 0.
    expect(issuesOf(validate({ ...baseRaw(), hub: { ...baseRaw().hub, ['7'.repeat(5000)]: 1 } })).map((i) => i.path)).toEqual([`hub[${'7'.repeat(48)}…(5000 characters)]`]);
    const tiny = parse(JSON.stringify({ ...baseRaw(), hub: { ...baseRaw().hub, gridKw: 12345 } }).replace('12345', `0.${'0'.repeat(5000)}1`));
    expect(issuesOf(tiny)).toEqual([{ path: 'hub.gridKw', expected: expect.any(String), found: expect.stringMatching(/^.{1,80}$/) }]);
    const digits = '9'.repeat(60_000);
    expect(issuesOf(parse(`{ "hub": { "gridKw": ${digits} } }`))).toEqual([
      { path: 'hub.gridKw', expected: 'must be a number <= 1000000', found: `${'9'.repeat(24)}…${'9'.repeat(8)} (60000 characters)` },
    ]);
  });

  test('a key with a dot, a space or nothing in it is named quoted, not as another path', () => {
    const unknown = (key: string) => issuesOf(validate({ ...baseRaw(), hub: { ...baseRaw().hub, [key]: 1 } })).map((i) => i.path);
    expect(unknown('gridKw.byHour')).toEqual(['hub["gridKw.byHour"]']);
    expect(unknown('gridKw ')).toEqual(['hub["gridKw "]']);
    expect(unknown('')).toEqual(['hub[""]']);
    expect(issuesOf(validate({ ...baseRaw(), 'a b': 1 })).map((i) => i.path)).toEqual(['["a b"]']);
    // A path written as a key at the top is no field inside another.
    expect(issuesOf(validate({ ...baseRaw(), 'hub.gridKw': 2000 })).map((i) => i.path)).toEqual(['["hub.gridKw"]']);
  });

  test('an error after a long run of digits or grouped digits is told as soon as any other (the hints read only the text just before it)', () => {
    // 400,000 digits in a description, then a stray bracket: the hints' patterns, tried over the
    // whole text before the error, took minutes here (and time growing with the run's square).
    for (const run of ['1'.repeat(400_000), '1.000'.repeat(100_000)]) {
      const text = `{ "description": "${run}" ]`;
      expect(issuesOf(parse(text))).toEqual([{ path: `line 1, column ${text.length}`, expected: 'invalid JSON: comma expected', found: '"]"' }]);
    }
    // A slip's number just before the error still names it whole.
    expect(issuesOf(parse(`{ "description": "${'1'.repeat(1000)}", "gridKw": 3.000.000 }`))[0].expected).toContain('3000000, not 3.000.000');
    // One longer than the text the hints read is named by none, rather than cut to a number never written.
    expect(issuesOf(parse(`{ "gridKw": ${'1'.repeat(300)},000 }`))[0].expected).toBe('invalid JSON: property name expected');
  }, 60_000);

  test('a list written with decimal commas, which JSON reads as more values, is told how to write them', () => {
    const text = (edit: (r: RawScenario) => void, list: string) => JSON.stringify(edited(edit)).replace('"LIST"', list);
    const weekly = (list: string) => issuesOf(parse(text((r) => (r.arrivals.weekly = 'LIST' as never), list)));
    expectIssue(weekly('[1,1, 1,1, 1,1, 1,1, 1,1, 0,6, 0,2]'), 'arrivals.weekly', /^must have exactly 7 items; a comma separates values in JSON: a decimal is written with a point: 1\.1, not 1,1$/, '14 items');
    expectIssue(weekly('[1, 1, 1, 1, 1, 0,6, 0,2]'), 'arrivals.weekly', /^must have exactly 7 items; .*: 0\.6, not 0,6$/, '9 items');
    // A negative price keeps its sign.
    const prices = issuesOf(parse(text((r) => (r.economics = { energyPrice: { byHour: 'LIST' as never } }), `[${Array(24).fill('-0,5').join(', ')}]`)));
    expectIssue(prices, 'economics.energyPrice.byHour', /: -0\.5, not -0,5$/, '48 items');
    // Values written without spaces, or commas that read as no week either: the count alone.
    expectIssue(weekly('[1,1,1,1,1,1,1,1]'), 'arrivals.weekly', /^must have exactly 7 items$/, '8 items');
    expectIssue(weekly('[1,1, 1,1, 1,1, 1,1, 1,1, 0,6]'), 'arrivals.weekly', /^must have exactly 7 items$/, '12 items');
    // A curve's points, pairs written without spaces, are not read as decimals where that is no curve.
    const curve = issuesOf(parse(text((r) => (r.fleet[0].curve = 'LIST' as never), '[[0,1],[1,0,2]]')));
    expectIssue(curve, 'fleet[0].curve[1]', /^must have exactly 2 items$/, '3 items');
  });

  test.each([['', 'an empty file'], ['   \n\t ', 'only spaces and line breaks']])('an empty file (%j)', (text, found) => {
    const issues = issuesOf(parse(text));
    expect(issues).toEqual([{ path: '(file)', expected: expect.stringMatching(/JSON object/), found }]);
  });

  test.each([['[]'], ['42'], ['null'], ['"scenario"'], ['true']])('a document that is not an object (%s)', (text) => {
    const issues = issuesOf(parse(text));
    expectIssue(issues, '(scenario)', /an object/);
  });

  test('the message names the source and one line per issue', () => {
    try {
      validateScenario(edited((r) => (r.hub.chargers[0].cabinetKw = -400)), 'hub.json');
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain('hub.json: 1 problem');
      expect((err as Error).message).toContain('hub.chargers[0].cabinetKw: must be a number >= 1 (got -400)');
    }
  });
});

describe('text that is not a string', () => {
  test("readFileSync's Buffer or any other non-string is an InputError, not a TypeError from the parser", () => {
    const text = JSON.stringify(baseRaw());
    const [bytes] = issuesOf(() => parseScenario(Buffer.from(text) as any, 'b.json'));
    expect(bytes).toEqual({ path: '(file)', expected: "must be the scenario's JSON text, a string", found: 'bytes, not text (decode them first, or use loadScenario)' });
    expect(issuesOf(() => parseScenario(undefined as any, 'u.json'))[0].found).toBe('nothing');
    expect(issuesOf(() => parseScenario(baseRaw() as any, 'o.json'))[0].path).toBe('(file)');
  });
});

describe('types and ranges', () => {
  test('a number given as a string ("400")', () => {
    const issues = issuesOf(validate(edited((r) => (r.hub.chargers[0].cabinetKw = '400'))));
    expectIssue(issues, 'hub.chargers[0].cabinetKw', /must be a number/, '"400"');
  });

  test.each([
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '400kW'), 'must be a number: write 400, the number of kW alone'],
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = '2.5MW'), 'must be a number or values by hour: write 2500, the number of kW alone'],
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = '2,5 MW'), 'must be a number or values by hour: write 2500, the number of kW alone'],
    ['fleet[0].maxKw.CCS', (r: RawScenario) => (r.fleet[0].maxKw.CCS = '350 kW'), 'must be a number: write 350, the number of kW alone'],
    ['fleet[0].batteryKwh', (r: RawScenario) => (r.fleet[0].batteryKwh = '0.62 MWh'), 'must be a number: write 620, the number of kWh alone'],
    ['behaviour.breakMin', (r: RawScenario) => (r.behaviour.breakMin = '45 min'), 'must be a number or a distribution: write 45, the number of minutes alone'],
    ['behaviour.breakMin', (r: RawScenario) => (r.behaviour.breakMin = '0.75h'), 'must be a number or a distribution: write 45, the number of minutes alone'],
    ['behaviour.patienceMin', (r: RawScenario) => (r.behaviour.patienceMin = '2 days'), 'must be a number or a distribution: write 2880, the number of minutes alone'],
    ['demand.targetSoc', (r: RawScenario) => (r.demand.targetSoc = '80%'), 'must be a number or a distribution: write 0.8, a fraction'],
    ['hub.chargers[0].cabinets', (r: RawScenario) => (r.hub.chargers[0].cabinets = '3'), 'must be a whole number: write 3 without quotes'],
    // A whole number's field is not told to take a fraction.
    ['hub.chargers[0].cabinets', (r: RawScenario) => (r.hub.chargers[0].cabinets = '3.5'), 'must be a whole number'],
    // Every digit as written: a seed rounded to 12 digits would be another seed; one past 2^53 none at all.
    ['seed', (r: RawScenario) => ((r as { seed?: unknown }).seed = '1733580000123'), 'must be a whole number: write 1733580000123 without quotes'],
    ['seed', (r: RawScenario) => ((r as { seed?: unknown }).seed = '12345678901234567890'), 'must be a whole number'],
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '400.000000000001'), 'must be a number: write 400.000000000001 without quotes'],
    // A comma before three digits may as well group thousands (1,500 kW): no number is guessed.
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = '1,500kW'), 'must be a number or values by hour'],
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '1,000'), 'must be a number'],
    // Nor a number the field refuses again: no power, energy or time is below 0.
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = '-5kW'), 'must be a number or values by hour'],
    ['behaviour.breakMin', (r: RawScenario) => (r.behaviour.breakMin = '-45'), 'must be a number or a distribution'],
    // So may a point (1.500 kW, as German writes 1500); after 0 it marks decimals.
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '1.500 kW'), 'must be a number'],
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = '0.500 MW'), 'must be a number or values by hour: write 500, the number of kW alone'],
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = '1.25 MW'), 'must be a number or values by hour: write 1250, the number of kW alone'],
    // A unit that is not the field's is not converted: the field's dimension is said instead.
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '400 kWh'), 'must be a number: a power, the number of kW alone (kWh is an energy)'],
    // A price per kW is not a number of kW.
    ['economics.demandCharge.perKw', (r: RawScenario) => (r.economics = { demandCharge: { perKw: '5 kW' } }), 'must be a number'],
    // A sign, a leading decimal point and spaces around are read as written.
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '+400kW'), 'must be a number: write 400, the number of kW alone'],
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = ' .5 MW '), 'must be a number or values by hour: write 500, the number of kW alone'],
    ['arrivals.growthPerYear', (r: RawScenario) => (r.arrivals.growthPerYear = '-5%'), 'must be a number: write -0.05, a fraction'],
    // No binary-floating-point noise in the number to write (1.1 / 100 is 0.011000000000000001).
    ['arrivals.growthPerYear', (r: RawScenario) => (r.arrivals.growthPerYear = '1.1%'), 'must be a number: write 0.011, a fraction'],
    // Each spelling of a unit, and the unit of the field a distribution's or a profile's value is of.
    ['horizon.days', (r: RawScenario) => (r.horizon.days = '1 day'), 'must be a number: write 1, the number of days alone'],
    ['horizon.warmupDays', (r: RawScenario) => (r.horizon.warmupDays = '2 days'), 'must be a number: write 2, the number of days alone'],
    ['horizon.warmupDays', (r: RawScenario) => (r.horizon.warmupDays = '48 h'), 'must be a number: write 2, the number of days alone'],
    ['horizon.days', (r: RawScenario) => (r.horizon.days = '36 hours'), 'must be a number: write 1.5, the number of days alone'],
    ['horizon.days', (r: RawScenario) => (r.horizon.days = '2 weeks'), 'must be a number: write 14, the number of days alone'],
    // Hours that make no short number of days get none.
    ['horizon.days', (r: RawScenario) => (r.horizon.days = '5 h'), 'must be a number'],
    ['behaviour.patienceMin', (r: RawScenario) => (r.behaviour.patienceMin = '1 hour'), 'must be a number or a distribution: write 60, the number of minutes alone'],
    ['hub.chargers[0].failures.betweenMin', (r: RawScenario) => (r.hub.chargers[0].failures = { betweenMin: '2 weeks', repairMin: 480 }), 'must be a number or a distribution: write 20160, the number of minutes alone'],
    // Not a number the field would refuse again: a patience is at most a week.
    ['behaviour.patienceMin', (r: RawScenario) => (r.behaviour.patienceMin = '2 weeks'), 'must be a number or a distribution'],
    ['behaviour.breakMin', (r: RawScenario) => (r.behaviour.breakMin = '8 days'), 'must be a number or a distribution'],
    ['output.powerIntervalMin', (r: RawScenario) => (r.output = { powerIntervalMin: '0 min' }), 'must be a number'],
    ['output.serviceThresholdMin', (r: RawScenario) => (r.output = { serviceThresholdMin: '0 min' }), 'must be a number'],
    ['hub.chargers[0].maintenance[0].hours', (r: RawScenario) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: '0 h' }]), 'must be a number'],
    ['hub.chargers[0].maintenance[0].hours', (r: RawScenario) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: '1 week' }]), 'must be a number: write 168, the number of hours alone'],
    ['behaviour.patienceMin', (r: RawScenario) => (r.behaviour.patienceMin = '1.5 hrs'), 'must be a number or a distribution: write 90, the number of minutes alone'],
    ['behaviour.breakMin.value', (r: RawScenario) => (r.behaviour.breakMin = { dist: 'constant', value: '45 mins' }), 'must be a number: write 45, the number of minutes alone'],
    ['behaviour.breakMin.scale', (r: RawScenario) => (r.behaviour.breakMin = { dist: 'weibull', shape: 2, scale: '1 hr' }), 'must be a number: write 60, the number of minutes alone'],
    ['behaviour.breakMin.mode', (r: RawScenario) => (r.behaviour.breakMin = { dist: 'triangular', min: 30, mode: '45 minutes', max: 60 }), 'must be a number: write 45, the number of minutes alone'],
    ['behaviour.breakMin.values[1]', (r: RawScenario) => (r.behaviour.breakMin = { dist: 'empirical', values: [30, '1 h'] }), 'must be a number: write 60, the number of minutes alone'],
    ['hub.gridKw.byHour[3]', (r: RawScenario) => (r.hub.gridKw = { byHour: Array.from({ length: 24 }, (_, h) => (h === 3 ? '1 MW' : 1000)) }), 'must be a number: write 1000, the number of kW alone'],
    // A maintenance window's hours, on a clock or with a unit; a type's share as a percentage.
    ['hub.chargers[0].maintenance[0].startHour', (r: RawScenario) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: '02:30', hours: 3 }]), 'must be a number: write 2.5, the number of hours alone (02:30 as hours and minutes)'],
    ['hub.chargers[0].maintenance[0].hours', (r: RawScenario) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: '3 h' }]), 'must be a number: write 3, the number of hours alone'],
    ['behaviour.breakMin', (r: RawScenario) => (r.behaviour.breakMin = '0:45:00'), 'must be a number or a distribution: write 45, the number of minutes alone (0:45:00 as hours, minutes and seconds)'],
    // An energy in MWh, a power in W.
    ['fleet[0].batteryKwh', (r: RawScenario) => (r.fleet[0].batteryKwh = 0.621), 'must be a number >= 1: an energy in MWh is written in kWh (621 for 0.621 MWh)'],
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = 1500000), 'must be a number <= 1000000: a power in W is written in kW (1500 for 1500000 W)'],
    ['hub.chargers[0].maintenance[0].hours', (r: RawScenario) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: '180 min' }]), 'must be a number: write 3, the number of hours alone'],
    ['fleet[0].share', (r: RawScenario) => (r.fleet[0].share = '60%'), 'must be a number: write 60, the number alone (or 0.6 where the other shares are fractions)'],
    // No number the field would refuse again, nor one of an hour cut in thirds.
    ['hub.chargers[0].maintenance[0].startHour', (r: RawScenario) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: '24:00', hours: 3 }]), 'must be a number'],
    ['hub.chargers[0].maintenance[0].hours', (r: RawScenario) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: '8 days' }]), 'must be a number'],
    ['hub.chargers[0].maintenance[0].hours', (r: RawScenario) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: '100 min' }]), 'must be a number'],
    // Hours and minutes on a clock, in a field of minutes only.
    ['behaviour.breakMin', (r: RawScenario) => (r.behaviour.breakMin = '2:30'), 'must be a number or a distribution: write 150, the number of minutes alone (2:30 as hours and minutes)'],
    ['behaviour.patienceMin', (r: RawScenario) => (r.behaviour.patienceMin = '0:45 h'), 'must be a number or a distribution: write 45, the number of minutes alone (0:45 as hours and minutes)'],
    ['horizon.days', (r: RawScenario) => (r.horizon.days = '2:30'), 'must be a number'],
    // Thousands grouped one way and decimals marked the other: the last mark is the decimal one.
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '1.234,5'), 'must be a number: write 1234.5 without quotes'],
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '1,234.5 kW'), 'must be a number: write 1234.5, the number of kW alone'],
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = '1.250,5 kW'), 'must be a number or values by hour: write 1250.5, the number of kW alone'],
    // An exponent as JSON writes one.
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = '1e3'), 'must be a number: write 1000 without quotes'],
    // A field's own meaning after the number (trucks a day, a price in some currency): the number alone.
    ['arrivals.trucksPerDay', (r: RawScenario) => (r.arrivals.trucksPerDay = '100/day'), 'must be a number: write 100, the number alone'],
    ['arrivals.trucksPerDay', (r: RawScenario) => (r.arrivals.trucksPerDay = '100 trucks per day'), 'must be a number: write 100, the number alone'],
    ['economics.energyPrice', (r: RawScenario) => (r.economics = { energyPrice: '0.25 EUR/kWh' }), 'must be a number or values by hour: write 0.25, the number alone'],
    // Cents are a hundredth of the currency the prices are written in.
    ['economics.energyPrice', (r: RawScenario) => (r.economics = { energyPrice: '25 ct/kWh' }), 'must be a number or values by hour: write 0.25, the price in whole units of the currency (25 ct is 0.25)'],
    ['economics.sellingPrice', (r: RawScenario) => (r.economics = { sellingPrice: '45 cents per kWh' }), 'must be a number: write 0.45, the price in whole units of the currency (45 ct is 0.45)'],
    ['economics.energyPrice.byHour[2]', (r: RawScenario) => (r.economics = { energyPrice: { byHour: Array.from({ length: 24 }, (_, h) => (h === 2 ? '0,18 €/kWh' : 0.2)) } }), 'must be a number: write 0.18, the number alone'],
    ['economics.sellingPrice', (r: RawScenario) => (r.economics = { sellingPrice: '£0.5' }), 'must be a number'],
    ['economics.demandCharge.perKw', (r: RawScenario) => (r.economics = { demandCharge: { perKw: '12 EUR/kW' } }), 'must be a number: write 12, the number alone'],
    ['economics.connectionCostPerKwYear', (r: RawScenario) => ((r.hub.gridKw = 500), (r.economics = { connectionCostPerKwYear: '80 EUR/kW/year' })), 'must be a number: write 80, the number alone'],
    // Not a unit that is another field's, nor a magnitude.
    ['arrivals.trucksPerDay', (r: RawScenario) => (r.arrivals.trucksPerDay = '100 kW'), 'must be a number'],
    ['arrivals.trucksPerDay', (r: RawScenario) => (r.arrivals.trucksPerDay = '10k'), 'must be a number'],
    // Only where a number was wanted: a choice's value is not told to lose its quotes.
    ['hub.allocation', (r: RawScenario) => (r.hub.allocation = '2'), 'must be one of "equal", "fifo", "deadline"'],
    // Nor a number the field would refuse again: past its most, below its least, or at a least it must be above.
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = '2000 MW'), 'must be a number or values by hour'],
    ['demand.targetSoc', (r: RawScenario) => (r.demand.targetSoc = '150%'), 'must be a number or a distribution'],
    ['hub.chargers[0].cabinets', (r: RawScenario) => (r.hub.chargers[0].cabinets = '0'), 'must be a whole number'],
    ['horizon.days', (r: RawScenario) => (r.horizon.days = '0'), 'must be a number'],
    ['horizon.days', (r: RawScenario) => (r.horizon.days = '7'), 'must be a number: write 7 without quotes'],
  ])('a number written with its unit, as a string, at %s says how to write it', (path, edit, expected) => {
    const issues = issuesOf(validate(edited(edit)));
    expect(issues.filter((i) => i.path === path).map((i) => i.expected)).toEqual([expected]);
  });

  test.each([
    ['demand.targetSoc', (r: RawScenario) => (r.demand.targetSoc = 80), 'must be a number in [0, 1]: a fraction, 80 % is 0.8'],
    // A triangle's mode too, told as its min and max are, once (not also as outside [min, max]).
    ['demand.arrivalSoc.mode', (r: RawScenario) => (r.demand.arrivalSoc = { dist: 'triangular', min: 10, mode: 20, max: 40 }), 'must be a number in [0, 1]: a fraction, 20 % is 0.2'],
    ['demand.arrivalSoc.mode', (r: RawScenario) => (r.demand.arrivalSoc = { dist: 'triangular', min: 0.1, mode: 20, max: 0.4 }), 'must be a number in [0, 1]: a fraction, 20 % is 0.2'],
    // Not a fraction, but a power below 1 kW: megawatts, most likely.
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = 0.4), 'must be a number >= 1: a power in MW is written in kW (400 for 0.4 MW)'],
    ['fleet[0].maxKw.CCS', (r: RawScenario) => (r.fleet[0].maxKw.CCS = 0.35), 'must be a number >= 1: a power in MW is written in kW (350 for 0.35 MW)'],
    ['hub.chargers[0].cabinetKw', (r: RawScenario) => (r.hub.chargers[0].cabinetKw = 0.0005), 'must be a number >= 1'],
    ['hub.battery.efficiency', (r: RawScenario) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 100, powerKw: 50, efficiency: 90 })), 'must be a number <= 1: a fraction, 90 % is 0.9'],
    // A percentage whose fraction the field refuses too (an efficiency is at least 0.5): none named.
    ['hub.battery.efficiency', (r: RawScenario) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 100, powerKw: 50, efficiency: 30 })), 'must be a number <= 1'],
    ['fleet[0].curve[1][0]', (r: RawScenario) => (r.fleet[0].curve = [[0, 1], [80, 1], [1, 0.25]]), 'must be a number <= 1: a fraction, 80 % is 0.8'],
    ['demand.arrivalSoc.max', (r: RawScenario) => (r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd: 0.07, max: 60 }), 'must be a number in [0, 1]: a fraction, 60 % is 0.6'],
    ['fleet[0].curve[2][1]', (r: RawScenario) => (r.fleet[0].curve = [[0, 1], [0.8, 1], [1, 25]]), 'must be a number <= 1: a fraction, 25 % is 0.25'],
    ['fleet[0].curve.CCS[1][0]', (r: RawScenario) => (r.fleet[0].curve = { CCS: [[0, 1], [80, 1], [1, 0.25]] }), 'must be a number <= 1: a fraction, 80 % is 0.8'],
    ['arrivals.growthPerYear', (r: RawScenario) => (r.arrivals.growthPerYear = 5), 'must be a number <= 1: a fraction, 5 % is 0.05'],
    // Above 100 it is no percentage either: the range alone.
    ['demand.targetSoc', (r: RawScenario) => (r.demand.targetSoc = 800), 'must be a number in [0, 1]'],
  ])('a fraction written as a percentage, or a power in MW, at %s names the number to write', (path, edit, expected) => {
    const issues = issuesOf(validate(edited(edit)));
    expect(issues.filter((i) => i.path === path).map((i) => i.expected)).toEqual([expected]);
  });

  test('a curve given in kW is told so once, with the fractions of its maxKw to write; percentages keep their hint', () => {
    const said = (curve: unknown, maxKw: Record<string, number>) =>
      issuesOf(validate(edited((r) => ((r.fleet[0].maxKw = maxKw), (r.fleet[0].curve = curve))))).filter((i) => i.path.startsWith('fleet[0].curve')).map((i) => `${i.path}: ${i.expected}`);
    expect(said([[0, 250], [0.8, 250], [1, 75]], { CCS: 250 })).toEqual([
      'fleet[0].curve[0][1]: must be a number <= 1: a curve gives fractions of maxKw, not kW (if these points are kW of its 250 kW, write 1, 1, 0.3)',
      'fleet[0].curve[1][1]: must be a number <= 1',
      'fleet[0].curve[2][1]: must be a number <= 1',
    ]);
    expect(said({ CCS: [[0, 380], [0.6, 200], [1, 40]] }, { CCS: 400 })[0]).toBe('fleet[0].curve.CCS[0][1]: must be a number <= 1: a curve gives fractions of maxKw, not kW (if these points are kW of its 400 kW, write 0.95, 0.5, 0.1)');
    // Percentages: a top of 100 below the maxKw, or a 75 among fractions.
    expect(said([[0, 100], [0.8, 100], [1, 30]], { CCS: 400 })[2]).toBe('fleet[0].curve[2][1]: must be a number <= 1: a fraction, 30 % is 0.3');
    expect(said([[0, 1], [0.8, 1], [1, 75]], { CCS: 250 })).toEqual(['fleet[0].curve[2][1]: must be a number <= 1: a fraction, 75 % is 0.75']);
    // One curve for two connectors of other powers: kW of which is not known, but kW all the same,
    // and its 50 among 400 and 300 no 50 %.
    const both = `a curve gives fractions of maxKw, not kW (one curve for both connectors is a fraction of each one's maxKw; a curve by connector, {"CCS": [...], "MCS": [...]}, gives each its own)`;
    expect(said([[0, 250], [1, 75]], { CCS: 250, MCS: 750 })).toEqual([`fleet[0].curve[0][1]: must be a number <= 1: ${both}`, 'fleet[0].curve[1][1]: must be a number <= 1']);
    expect(said([[0, 400], [0.8, 300], [1, 50]], { CCS: 400, MCS: 1000 })).toEqual([
      `fleet[0].curve[0][1]: must be a number <= 1: ${both}`,
      'fleet[0].curve[1][1]: must be a number <= 1',
      'fleet[0].curve[2][1]: must be a number <= 1',
    ]);
    // Percentages of two connectors keep their hint.
    expect(said([[0, 100], [0.8, 100], [1, 30]], { CCS: 400, MCS: 1000 })[2]).toBe('fleet[0].curve[2][1]: must be a number <= 1: a fraction, 30 % is 0.3');
  });

  test("a curve's last SoC above 1 is out of range, one message: not also that the curve must end at 1", () => {
    const issues = issuesOf(validate(edited((r) => (r.fleet[0].curve = [[0, 1], [0.8, 1], [100, 0.25]]))));
    expect(issues.filter((i) => i.path === 'fleet[0].curve[2][0]').map((i) => i.expected)).toEqual(['must be a number <= 1: a fraction, 100 % is 1']);
    // Ending below 1 is still the curve rule's.
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].curve = [[0, 1], [0.9, 0.5]])))), 'fleet[0].curve[1][0]', 'must be 1: the curve ends at SoC 1', '0.9');
  });

  test("a SoC distribution's mean above 1 is refused: written in percent, its draws would pile up at 1 without a word", () => {
    // normal(20, 7) keeps 0.3 % of its mass in [0, 1], above the impossible-window floor: every
    // truck would arrive nearly full. Its spread is in percent too, and named as well.
    expect(issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 20, sd: 7 }))))).toEqual([
      { path: 'demand.arrivalSoc.mean', expected: 'must be a number in [0, 1]: a fraction, 20 % is 0.2', found: '20' },
      { path: 'demand.arrivalSoc.sd', expected: 'must be a number in [0, 1]: a fraction, 7 % is 0.07', found: '7' },
    ]);
    // A spread alone in percent: kept to [0, 1], normal(0.2, 7) draws nearly uniformly; so does any wider than the range.
    expect(issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd: 7 }))))).toEqual([
      { path: 'demand.arrivalSoc.sd', expected: 'must be a number in [0, 1]: a fraction, 7 % is 0.07', found: '7' },
    ]);
    for (const sd of [1.5, 150]) {
      expect(issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd }))))).toEqual([{ path: 'demand.arrivalSoc.sd', expected: 'must be a number in [0, 1]', found: String(sd) }]);
    }
    expect(() => validateScenario(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd: 1 })), 'x')).not.toThrow();
    // A gamma's or a Weibull's mean, set by its scale: gamma(4, 5) has mean 20.
    expect(issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'gamma', shape: 4, scale: 5 }))))).toEqual([
      { path: 'demand.arrivalSoc.scale', expected: 'must give a mean (shape × scale, here 20) in [0, 1]: a fraction, 20 % is 0.2, with a scale of 0.05', found: '5' },
    ]);
    expectIssue(issuesOf(validate(edited((r) => (r.demand.targetSoc = { dist: 'weibull', shape: 3, scale: 80 })))), 'demand.targetSoc.scale', /^must give a mean \(scale × Γ\(1 \+ 1\/shape\), here 71\.4384\) in \[0, 1\]: a fraction, 71\.4384 % is 0\.714384, with a scale of 0\.8$/, '80');
    // Their fractions pass, as does one kept to [0, 1] by a max with its mean just above 1.
    expect(() => validateScenario(edited((r) => (r.demand.arrivalSoc = { dist: 'gamma', shape: 4, scale: 0.05 })), 'x')).not.toThrow();
    // (Weibull(3, 1.2) has mean 1.2 × Γ(4/3), about 1.07.)
    expect(() => validateScenario(edited((r) => (r.demand.targetSoc = { dist: 'weibull', shape: 3, scale: 1.2, min: 0.5, max: 1 })), 'x')).not.toThrow();
    expectIssue(issuesOf(validate(edited((r) => (r.demand.targetSoc = { dist: 'weibull', shape: 3, scale: 1.2 })))), 'demand.targetSoc.scale', /^must give a mean \(scale × Γ\(1 \+ 1\/shape\), here 1\.07\d*\) in \[0, 1\], or under 2 with a max in \[0, 1\] to truncate it$/, '1.2');
    expectIssue(issuesOf(validate(edited((r) => (r.demand.targetSoc = { dist: 'lognormal', mean: 1.2, sd: 0.1 })))), 'demand.targetSoc.mean', 'must be a number in [0, 1]', '1.2');
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].demand = { arrivalSoc: { dist: 'exponential', mean: 30 } })))), 'fleet[0].demand.arrivalSoc.mean', 'must be a number in [0, 1]');
    // Minutes and kWh have no such bound on a mean, and a mean below 0 is still a shape a SoC may take.
    expect(() => validateScenario(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 45, sd: 10 })), 'x')).not.toThrow();
    expect(() => validateScenario(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: -0.05, sd: 0.2 })), 'x')).not.toThrow();
  });

  test('a SoC distribution truncated by a max in [0, 1] may have its mean above 1: a shape written in fractions', () => {
    // Most trucks charged to full: normal(1.05, 0.2) kept in [0.5, 1]; an exponential of mean 1.5 on
    // [0, 1] falls gently. Both hold most of their mass in the window and draw no SoC near 1 alone.
    expect(() => validateScenario(edited((r) => (r.demand.targetSoc = { dist: 'normal', mean: 1.05, sd: 0.2, min: 0.5, max: 1 })), 'x')).not.toThrow();
    expect(() => validateScenario(edited((r) => (r.demand.arrivalSoc = { dist: 'exponential', mean: 1.5, max: 1 })), 'x')).not.toThrow();
    // A max outside [0, 1] truncates nothing: the mean is judged as if there were none.
    expect(issuesOf(validate(edited((r) => (r.demand.targetSoc = { dist: 'normal', mean: 1.05, sd: 0.2, max: 1.2 }))))).toEqual([
      { path: 'demand.targetSoc.mean', expected: 'must be a number in [0, 1], or under 2 with a max in [0, 1] to truncate it', found: '1.05' },
      { path: 'demand.targetSoc.max', expected: 'must be a number in [0, 1]', found: '1.2' },
    ]);
    // A mean of 1 itself is in range: half the draws above 1 are redrawn, a window the check accepts.
    expect(() => validateScenario(edited((r) => (r.demand.targetSoc = { dist: 'normal', mean: 1, sd: 0.1 })), 'x')).not.toThrow();
    // From 2 up it is a percentage still, a max of 1 or not.
    expectIssue(issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 20, sd: 7, max: 1 })))), 'demand.arrivalSoc.mean', 'must be a number in [0, 1]: a fraction, 20 % is 0.2', '20');
  });

  test('a truncation bound on the far side of the range is out of range, and no window is checked on it', () => {
    // A SoC distribution written in percent: its mean and both bounds are named, and no "impossible window [5, 1]".
    const issues = issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 20, sd: 7, min: 5, max: 60 }))));
    expect(issues).toEqual([
      { path: 'demand.arrivalSoc.mean', expected: 'must be a number in [0, 1]: a fraction, 20 % is 0.2', found: '20' },
      { path: 'demand.arrivalSoc.sd', expected: 'must be a number in [0, 1]: a fraction, 7 % is 0.07', found: '7' },
      { path: 'demand.arrivalSoc.min', expected: 'must be a number in [0, 1]: a fraction, 5 % is 0.05', found: '5' },
      { path: 'demand.arrivalSoc.max', expected: 'must be a number in [0, 1]: a fraction, 60 % is 0.6', found: '60' },
    ]);
    // A min above the range alone: no window either.
    expect(issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd: 0.07, min: 5 }))))).toEqual([
      { path: 'demand.arrivalSoc.min', expected: 'must be a number in [0, 1]: a fraction, 5 % is 0.05', found: '5' },
    ]);
    expect(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 45, sd: 5, max: -1 }))))).toEqual([
      { path: 'behaviour.breakMin.max', expected: 'must be a number in [0, 10080]', found: '-1' },
    ]);
  });

  test.each([
    // By the field's own bound on that side where it has one.
    ['arrivals.trucksPerDay', '"trucksPerDay":10', '"trucksPerDay":1e999', '1e999', 'must be a number <= 100000'],
    ['hub.chargers[0].cabinetKw', '"cabinetKw":400', '"cabinetKw":1e999', '1e999', 'must be a number <= 1000000'],
    ['hub.chargers[0].bayKw', '"bayKw":400', '"bayKw":-1e999', '-1e999', 'must be a number >= 1'],
    ['fleet[0].batteryKwh', '"batteryKwh":500', '"batteryKwh":1e999', '1e999', 'must be a number <= 100000'],
    ['fleet[0].maxKw.CCS', '"CCS":400', '"CCS":1e999', '1e999', 'must be a number <= 1000000'],
    ['horizon.days', '"days":1', '"days":1e999', '1e999', 'must be a number <= 36500'],
    ['behaviour.breakMin', '"breakMin":45', '"breakMin":1e999', '1e999', 'must be a number <= 10080'],
    ['demand.arrivalSoc', '"arrivalSoc":0.2', '"arrivalSoc":-1e999', '-1e999', 'must be a number >= 0'],
    ['output.powerIntervalMin', '"powerIntervalMin":15', '"powerIntervalMin":1e999', '1e999', 'must be a number <= 10080'],
    ['seed', '"seed":7', '"seed":1e999', '1e999', 'must be a number <= 9007199254740991'],
    // A value a distribution gives keeps its field's range; a parameter with none, a double's size.
    ['demand.arrivalSoc.max', '"arrivalSoc":0.2', '"arrivalSoc":{"dist":"uniform","min":0,"max":1e999}', '1e999', 'must be a number <= 1'],
    ['behaviour.breakMin.mean', '"breakMin":45', '"breakMin":{"dist":"normal","mean":1e999,"sd":1}', '1e999', "must be a number of at most about 1.8e308 in size, the largest a computer's numbers hold"],
    ['horizon.warmupDays', '"warmupDays":0', '"warmupDays":1e999', '1e999', "must be a number of at most about 1.8e308 in size, the largest a computer's numbers hold"],
    // Below a double's least size JSON reads 0; past 2^53 the nearest whole number a double holds.
    ['hub.chargers[0].cabinetKw', '"cabinetKw":400', '"cabinetKw":1e-400', '1e-400', 'must be a number >= 1'],
    ['fleet[0].batteryKwh', '"batteryKwh":500', '"batteryKwh":-0.5E-999', '-0.5E-999', 'must be a number >= 1'],
    ['seed', '"seed":7', '"seed":9007199254740993', '9007199254740993', 'must be a whole number <= 9007199254740991'],
    // A field that takes 0 would run a number too small to hold as 0, without a word.
    ['seed', '"seed":7', '"seed":1e-400', '1e-400', "must be a number a computer's numbers hold: one this small is read as 0 (write 0 where 0 is meant)"],
    ['horizon.warmupDays', '"warmupDays":0', '"warmupDays":0.1e-330', '0.1e-330', "must be a number a computer's numbers hold: one this small is read as 0 (write 0 where 0 is meant)"],
    // One that refuses 0 says so, as ever.
    ['horizon.days', '"days":1', '"days":1e-400', '1e-400', 'must be a number > 0'],
    // Past a double's size below a least it must be above: > 0, not >= 0, which would let 0 pass.
    ['horizon.days', '"days":1', '"days":-1e999', '-1e999', 'must be a number > 0'],
    ['seed', '"seed":7', '"seed":-12345678901234567', '-12345678901234567', 'must be a whole number >= 0'],
  ])('a number JSON cannot hold, or reads as another, at %s is named as written (%s as %s)', (path, from, to, found, expected) => {
    const text = JSON.stringify(baseRaw()).replace(from, to);
    expect(text).toContain(to);
    const issues = issuesOf(parse(text));
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)).toEqual({ path, expected, found });
  });

  test('a number too small to hold, inside a field told unknown, is not told again', () => {
    const text = JSON.stringify({ ...baseRaw(), hub: { ...baseRaw().hub, foo: { a: 12345 } } }).replace('12345', '1e-400');
    expect(issuesOf(parse(text)).map((i) => i.path)).toEqual(['hub.foo']);
  });

  test('a number JSON reads as the same number is named as read: 0 written 0.0e5, 2^53 written in full', () => {
    const zero = issuesOf(parse(JSON.stringify(baseRaw()).replace('"cabinetKw":400', '"cabinetKw":0.0e5')));
    expect(zero.find((i) => i.path === 'hub.chargers[0].cabinetKw')).toEqual({ path: 'hub.chargers[0].cabinetKw', expected: 'must be a number >= 1', found: '0' });
    const big = issuesOf(parse(JSON.stringify(baseRaw()).replace('"seed":7', '"seed":9007199254740992')));
    expect(big.find((i) => i.path === 'seed')).toEqual({ path: 'seed', expected: 'must be a whole number <= 9007199254740991', found: '9007199254740992' });
  });

  test.each([
    ['behaviour.breakMin.mean', '{"dist":"exponential","mean":1e999}'],
    ['behaviour.breakMin.sd', '{"dist":"normal","mean":45,"sd":1e999}'],
    ['behaviour.breakMin.max', '{"dist":"uniform","min":0,"max":1e999}'],
    ['behaviour.breakMin.values[1]', '{"dist":"empirical","values":[1,1e999]}'],
  ])('a non-finite distribution parameter at %s is an InputError (not a crash)', (path, dist) => {
    const text = JSON.stringify(baseRaw()).replace('"breakMin":45', `"breakMin":${dist}`);
    expect(text).toContain(dist);
    const issues = issuesOf(parse(text));
    expect(issues.map((i) => i.path)).toContain(path);
  });

  test.each([
    ['fleet[0].maxKw', (r: RawScenario) => (r.fleet[0].maxKw = 400), 'must be an object: connectors the type can use, with its maximum power on each (kW), such as {"CCS": 400}'],
    ['horizon', (r: RawScenario) => (r.horizon = 28), 'must be an object: how long to simulate: days, and warmupDays left out of the statistics, such as {"days": 28}'],
    ['hub.chargers', (r: RawScenario) => (r.hub.chargers = r.hub.chargers[0]), 'must be an array: a list, even of one: put it in [ ]'],
    ['fleet', (r: RawScenario) => (r.fleet = r.fleet[0]), 'must be an array: a list, even of one: put it in [ ]'],
    // A list of numbers or names written as an object is no item of it: [ ] around it stays wrong.
    ['arrivals.hourly', (r: RawScenario) => (r.arrivals.hourly = { 0: 1, 1: 2 }), 'must be an array'],
    ['hub.chargers[0].reservedFor', (r: RawScenario) => (r.hub.chargers[0].reservedFor = { break: true }), 'must be an array'],
    // One of the words a list of words takes, given alone: [ ] around it is right; another word is not.
    ['hub.chargers[0].reservedFor', (r: RawScenario) => (r.hub.chargers[0].reservedFor = 'break'), 'must be an array: a list, even of one: put it in [ ]'],
    ['hub.chargers[0].reservedFor', (r: RawScenario) => (r.hub.chargers[0].reservedFor = 'lunch'), 'must be an array'],
    ['demand.arrivalSoc.values', (r: RawScenario) => (r.demand.arrivalSoc = { dist: 'empirical', values: { a: 0.2 } }), 'must be an array'],
    // A count of chargers is no charger group: no [ ] around it.
    ['hub.chargers', (r: RawScenario) => (r.hub.chargers = 6), 'must be an array'],
    // The number is shown under a field that takes a number among others (gridKw, energyPrice), and a required one first.
    ['hub', (r: RawScenario) => (r.hub = 2400), 'must be an object: the site, such as {"gridKw": 2400}'],
    ['economics', (r: RawScenario) => (r.economics = 0.25), "must be an object: what the site's energy costs and earns, in one currency of your choice, such as {\"energyPrice\": 0.25}"],
    ['fleet[0]', (r: RawScenario) => (r.fleet = [621]), 'must be an object, such as {"batteryKwh": 621}'],
    // A number its field would refuse is not shown under it: the hint would lead to another error.
    ['fleet[0].maxKw', (r: RawScenario) => (r.fleet[0].maxKw = -400), 'must be an object: connectors the type can use, with its maximum power on each (kW)'],
    ['hub', (r: RawScenario) => (r.hub = -1), 'must be an object: the site'],
    ['output', (r: RawScenario) => (r.output = 0), 'must be an object: what the run writes'],
    ['horizon', (r: RawScenario) => (r.horizon = 0), 'must be an object: how long to simulate: days, and warmupDays left out of the statistics'],
  ])('a value where an object or a list of them belongs, at %s, says what to write', (path, edit, expected) => {
    const issues = issuesOf(validate(edited(edit)));
    expect(issues.filter((i) => i.path === path).map((i) => i.expected)).toEqual([expected]);
  });

  test.each([
    [{ mean: 0.8, sd: 0.05 }, 'is required: distribution family ("normal" or "lognormal" take mean and sd)'],
    [{ min: 0.7, max: 0.9 }, 'is required: distribution family ("uniform" takes min and max)'],
    [{ mean: 0.3 }, 'is required: distribution family ("exponential" takes mean)'],
    [{ values: [0.7, 0.8] }, 'is required: distribution family ("empirical" takes values)'],
    [{ value: 0.8 }, 'is required: distribution family ("constant" takes value)'],
    [{ min: 0.7, mode: 0.8, max: 0.9 }, 'is required: distribution family ("triangular" takes min, mode and max)'],
    [{ shape: 20, scale: 0.04 }, 'is required: distribution family ("gamma" or "weibull" take shape and scale)'],
    // Parameters that fit no family alone (a truncation bound, half of a pair) name none.
    [{ min: 0.7 }, 'is required: distribution family'],
    [{ shape: 20 }, 'is required: distribution family'],
  ])('a distribution without its family (%j) names the one its parameters fit', (dist, expected) => {
    const issues = issuesOf(validate(edited((r) => (r.demand.targetSoc = dist))));
    expect(issues.filter((i) => i.path === 'demand.targetSoc.dist').map((i) => i.expected)).toEqual([expected]);
  });

  test('negative cabinetKw', () => {
    const issues = issuesOf(validate(edited((r) => (r.hub.chargers[0].cabinetKw = -400))));
    expect(issues).toEqual([{ path: 'hub.chargers[0].cabinetKw', expected: 'must be a number >= 1', found: '-400' }]);
  });

  test.each([
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = 0), '0'],
    ['hub.chargers[0].cabinets', (r: RawScenario) => (r.hub.chargers[0].cabinets = 0), '0'],
    ['hub.chargers[0].cabinets', (r: RawScenario) => (r.hub.chargers[0].cabinets = 1.5), '1.5'],
    ['hub.waitingSpaces', (r: RawScenario) => (r.hub.waitingSpaces = -1), '-1'],
    ['fleet[0].batteryKwh', (r: RawScenario) => (r.fleet[0].batteryKwh = 0), '0'],
    ['arrivals.trucksPerDay', (r: RawScenario) => (r.arrivals.trucksPerDay = -5), '-5'],
    ['horizon.days', (r: RawScenario) => (r.horizon.days = 0), '0'],
    ['output.powerIntervalMin', (r: RawScenario) => (r.output.powerIntervalMin = 0), '0'],
    ['output.serviceThresholdMin', (r: RawScenario) => (r.output.serviceThresholdMin = 0), '0'],
    ['output.serviceThresholdMin', (r: RawScenario) => (r.output.serviceThresholdMin = 10081), '10081'],
    ['seed', (r: RawScenario) => (r.seed = -1), '-1'],
    // As the clock keeps time, to a millionth of a minute: no horizon at all, or no window after the warm-up.
    ['horizon.days', (r: RawScenario) => (r.horizon.days = 1e-10), '1e-10'],
    ['horizon.warmupDays', (r: RawScenario) => (r.horizon = { days: 1, warmupDays: 0.9999999999 }), '0.9999999999'],
  ])('out of range: %s', (path, edit, found) => {
    expectIssue(issuesOf(validate(edited(edit))), path, /must be/, found);
  });

  test('SoC above 1', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.demand.targetSoc = 1.2)))), 'demand.targetSoc', /\[0, 1\]/, '1.2');
    expectIssue(issuesOf(validate(edited((r) => (r.demand.arrivalSoc = 1.01)))), 'demand.arrivalSoc', /\[0, 1\]/, '1.01');
    expectIssue(
      issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd: 0.1, max: 1.5 })))),
      'demand.arrivalSoc.max',
      /\[0, 1\]/,
      '1.5',
    );
  });

  // A bound or value the user wrote above 1 is a typo to report, not a tail to cut off silently
  // (unlike a normal's unbounded tail, which is truncated to [0, 1] by design).
  test('SoC above 1 written as a uniform bound or an empirical value', () => {
    const uniform = issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'uniform', min: 0.5, max: 1.5 }))));
    expect(uniform.some((i) => i.path.startsWith('demand.arrivalSoc'))).toBe(true);
    const empirical = issuesOf(validate(edited((r) => (r.demand.targetSoc = { dist: 'empirical', values: [0.8, 1.5] }))));
    expect(empirical.some((i) => i.path.startsWith('demand.targetSoc'))).toBe(true);
  });

  test('a negative break or energy', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = -45)))), 'behaviour.breakMin', /in \[0, 10080\]/, '-45');
    expectIssue(
      issuesOf(validate(edited((r) => ((r.demand = { arrivalSoc: 0.2, energyKwh: -1 }))))),
      'demand.energyKwh',
      />= 0/,
      '-1',
    );
  });

  test('warmupDays >= days', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.horizon = { days: 2, warmupDays: 2 })))), 'horizon.warmupDays', /less than horizon.days/, '2');
    expectIssue(issuesOf(validate(edited((r) => (r.horizon = { days: 2, warmupDays: 5 })))), 'horizon.warmupDays', /less than/, '5');
  });

  test('a days value already refused brings no second message about the warm-up', () => {
    expect(issuesOf(validate(edited((r) => (r.horizon = { days: -5, warmupDays: 2 }))))).toEqual([{ path: 'horizon.days', expected: 'must be a number > 0', found: '-5' }]);
  });

  test('hourly and weekly profiles need the right length and a positive sum', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals.hourly = new Array(23).fill(1))))), 'arrivals.hourly', /exactly 24/, '23 items');
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals.weekly = new Array(7).fill(0))))), 'arrivals.weekly', /positive sum/);
  });

  test('a missing field says what it holds, from the schema, so that a newcomer can write it', () => {
    const issues = issuesOf(validate(edited((r) => {
      delete r.fleet[0].maxKw;
      delete r.fleet[0].batteryKwh;
      delete r.hub.chargers[0].cabinetKw;
    })));
    expect(issues).toEqual([
      { path: 'hub.chargers[0].cabinetKw', expected: 'is required: power of one cabinet, shared by its bays (kW), in [1, 1000000]' },
      { path: 'fleet[0].batteryKwh', expected: 'is required: usable battery capacity (kWh), in [1, 100000]' },
      { path: 'fleet[0].maxKw', expected: 'is required: connectors the type can use, with its maximum power on each (kW)' },
    ]);
    expect(issuesOf(validate(edited((r) => delete r.horizon)))).toEqual([
      { path: 'horizon', expected: 'is required: how long to simulate: days, and warmupDays left out of the statistics' },
    ]);
    // A part of a sentence ends at a ';'.
    expect(issuesOf(validate(edited((r) => (r.horizon = { warmupDays: 0 }))))).toEqual([
      { path: 'horizon.days', expected: 'is required: simulated days, at most 36500 (100 years)' },
    ]);
    // The ')' of an interval open at its end ("[0, 24)") closes no '('.
    expect(issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ weekday: 'Mon', hours: 2 }]))))).toEqual([
      { path: 'hub.chargers[0].maintenance[0].startHour', expected: 'is required: hour of that day it starts, in [0, 24) (2.5 is 02:30)' },
    ]);
    // A sentence ends outside its parentheses: a ';' inside one leaves no '(' unclosed.
    expect(issuesOf(validate(edited((r) => (r.hub.chargers[0].failures = { repairMin: 60 }))))).toEqual([
      { path: 'hub.chargers[0].failures.betweenMin', expected: 'is required: minutes from the start, or from a repair, to the next failure (the up-time; its mean is the MTBF), in [1, 52560000] (100 years)' },
    ]);
    expect(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'gamma', scale: 3 }))))).toEqual([
      { path: 'behaviour.breakMin.shape', expected: expect.stringMatching(/^is required: shape k, at most 1000000 \(beyond that [^()]*\)$/) },
    ]);
    // Only a missing dist names a family: a normal's missing sd is not told that exponential takes a mean.
    expect(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 45 }))))).toEqual([
      { path: 'behaviour.breakMin.sd', expected: 'is required: standard deviation' },
    ]);
    // A description that only repeats the name is left out.
    expect(issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'exponential' }))))).toEqual([{ path: 'demand.arrivalSoc.mean', expected: 'is required' }]);
  });

  test('missing required fields', () => {
    const issues = issuesOf(validate(edited((r) => {
      delete r.name;
      delete r.hub.chargers[0].connector;
      delete r.fleet[0].maxKw;
    })));
    expectIssue(issues, 'name', 'is required');
    expectIssue(issues, 'hub.chargers[0].connector', 'is required');
    expectIssue(issues, 'fleet[0].maxKw', 'is required');
  });
});

describe('names and enums', () => {
  test('an unknown field with a "did you mean" (cabinetkW → cabinetKw)', () => {
    const issues = issuesOf(validate(edited((r) => {
      r.hub.chargers[0].cabinetkW = r.hub.chargers[0].cabinetKw;
      delete r.hub.chargers[0].cabinetKw;
    })));
    expectIssue(issues, 'hub.chargers[0].cabinetkW', 'is not a known field (did you mean "cabinetKw"?)');
  });

  test.each([
    ['hub.gridkw', (r: RawScenario) => (r.hub.gridkw = 1000), 'gridKw'],
    ['horizon.warmupdays', (r: RawScenario) => (r.horizon.warmupdays = 1), 'warmupDays'],
    ['behavior', (r: RawScenario) => ((r.behavior = r.behaviour), delete r.behaviour), 'behaviour'],
    ['fleet[0].batteryKWh', (r: RawScenario) => ((r.fleet[0].batteryKWh = 500), delete r.fleet[0].batteryKwh), 'batteryKwh'],
  ])('unknown field %s suggests the right name', (path, edit, guess) => {
    expectIssue(issuesOf(validate(edited(edit))), path, `did you mean "${guess}"`);
  });

  test.each([
    ['arrivals.hourlyProfile', (r: RawScenario) => ((r.arrivals.hourlyProfile = new Array(24).fill(1)), r), 'hourly'],
    ['arrivals.weeklyWeights', (r: RawScenario) => ((r.arrivals.weeklyWeights = new Array(7).fill(1)), r), 'weekly'],
    ['behaviour.breakMinutes', (r: RawScenario) => ((r.behaviour.breakMinutes = 45), r), 'breakMin'],
    ['hub.gridKwMax', (r: RawScenario) => ((r.hub.gridKwMax = 2500), r), 'gridKw'],
  ])('an unknown field that is a known one with words added (%s) gets the known one', (path, edit, meant) => {
    expectIssue(issuesOf(validate(edited(edit))), path, `is not a known field (did you mean "${meant}"?)`);
  });

  test.each([
    ['behaviour.patienceMin.mu', { dist: 'exponential', mu: 45 }, 'mean'],
    ['behaviour.patienceMin.sigma', { dist: 'normal', mean: 30, sigma: 10 }, 'sd'],
    ['behaviour.patienceMin.k', { dist: 'weibull', k: 2, scale: 30 }, 'shape'],
    ['behaviour.patienceMin.lambda', { dist: 'weibull', shape: 2, lambda: 30 }, 'scale'],
    ['behaviour.patienceMin.high', { dist: 'uniform', min: 10, high: 30 }, 'max'],
    // A constant's one number is its value, whatever it is called (mean was told "min").
    ['behaviour.patienceMin.mean', { dist: 'constant', mean: 30 }, 'value'],
  ])("a distribution's parameter by its textbook name (%s) gets this format's", (path, patience, meant) => {
    // `mu` is two edits from `min`: the nearest name was not the one meant.
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.patienceMin = patience)))), path, `is not a known field (did you mean "${meant}"?)`);
  });

  test("a distribution's parameter of another family is not offered as one it has already; a family named under another key is said where to go", () => {
    const said = (patience: object, path: string) => issuesOf(validate(edited((r) => (r.behaviour.patienceMin = patience)))).find((i) => i.path === path)?.expected;
    // `mean` is two edits from `min`, which this uniform has: the fields are listed instead.
    expect(said({ dist: 'uniform', min: 45, max: 75, mean: 60 }, 'behaviour.patienceMin.mean')).toBe('is not a known field (the fields here are dist, min, max)');
    expect(said({ type: 'uniform', min: 45, max: 75 }, 'behaviour.patienceMin.dist')).toBe('is required: distribution family (write "dist": "uniform" in place of "type": "uniform")');
  });

  test('a value by hour given under the arrivals\' name (hourly) is told its own: byHour', () => {
    const said = (edit: (r: RawScenario) => void, path: string) => issuesOf(validate(edited(edit))).find((i) => i.path === path)?.expected;
    const byHour = 'is not a known field (a value by hour is given as byHour (24 values, every day alike) or byHourOfWeek (168): did you mean "byHour"?)';
    expect(said((r) => (r.hub.gridKw = { hourly: new Array(24).fill(3000) }), 'hub.gridKw.hourly')).toBe(byHour);
    expect(said((r) => (r.economics = { energyPrice: { hourly: new Array(24).fill(0.2) } }), 'economics.energyPrice.hourly')).toBe(byHour);
    expect(said((r) => (r.hub.gridKw = { hourOfWeek: new Array(168).fill(3000) }), 'hub.gridKw.hourOfWeek')).toContain('did you mean "byHourOfWeek"?');
  });

  test("a value of the format's lists written under another name (gaussian, fair, FCFS, night) gets the format's", () => {
    const said = (edit: (r: RawScenario) => void, path: string) => issuesOf(validate(edited(edit))).find((i) => i.path === path)?.expected;
    expect(said((r) => (r.behaviour.patienceMin = { dist: 'gaussian', mean: 30, sd: 5 }), 'behaviour.patienceMin.dist')).toMatch(/; did you mean "normal"\?$/);
    expect(said((r) => (r.hub.allocation = 'fair'), 'hub.allocation')).toBe('must be one of "equal", "fifo", "deadline"; did you mean "equal"?');
    expect(said((r) => (r.hub.allocation = 'FCFS'), 'hub.allocation')).toBe('must be one of "equal", "fifo", "deadline"; did you mean "fifo"?');
    expect(said((r) => (r.hub.allocation = 'EDF'), 'hub.allocation')).toBe('must be one of "equal", "fifo", "deadline"; did you mean "deadline"?');
    expect(said((r) => (r.fleet[0].stop = 'night'), 'fleet[0].stop')).toBe('must be one of "break", "overnight"; did you mean "overnight"?');
    // A synonym of another list's value is no guess here: "fair" is no distribution.
    expect(said((r) => (r.behaviour.patienceMin = { dist: 'fair', mean: 30 }), 'behaviour.patienceMin.dist')).not.toContain('did you mean "equal"');
  });

  test('a power written where an energy is wanted, or the reverse, is told which it is', () => {
    const said = (edit: (r: RawScenario) => void, path: string) => issuesOf(validate(edited(edit))).find((i) => i.path === path)?.expected;
    expect(said((r) => (r.fleet[0].batteryKwh = '600 kW'), 'fleet[0].batteryKwh')).toBe('must be a number: an energy, the number of kWh alone (kW is a power)');
    expect(said((r) => (r.fleet[0].maxKw.CCS = '400 kWh'), 'fleet[0].maxKw.CCS')).toBe('must be a number: a power, the number of kW alone (kWh is an energy)');
    // The right dimension still gets the number to write.
    expect(said((r) => (r.fleet[0].batteryKwh = '0.6 MWh'), 'fleet[0].batteryKwh')).toBe('must be a number: write 600, the number of kWh alone');
  });

  test('a maintenance day is guessed by its names (German, French, English, whole or cut short), never by spelling alone', () => {
    const said = (weekday: string) =>
      issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ weekday, startHour: 2, hours: 3 }])))).find((i) => i.path === 'hub.chargers[0].maintenance[0].weekday')?.expected;
    const days = 'must be one of "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"';
    // "Di" (Dienstag) is two edits from "Fri": spelling sent a German planner's Tuesday to Friday.
    for (const [written, day] of [['Di', 'Tue'], ['Do', 'Thu'], ['So', 'Sun'], ['Mi', 'Wed'], ['Tuesday', 'Tue'], ['Monday', 'Mon'], ['thurs', 'Thu'], ['mer', 'Wed'], ['Samstag', 'Sat'], ['dim', 'Sun']]) {
      expect({ written, said: said(written) }).toEqual({ written, said: `${days}; did you mean "${day}"?` });
    }
    // Names two days share (Son: Sonntag or Sonnabend) and names of no day get no guess.
    for (const written of ['Son', 'Xyz', 'D']) expect({ written, said: said(written) }).toEqual({ written, said: days });
  });

  test("a lognormal's mu and sigma, its log's, are not offered as its mean and sd, nor a field already given", () => {
    const said = (patience: object, path: string) => issuesOf(validate(edited((r) => (r.behaviour.patienceMin = patience)))).find((i) => i.path === path)?.expected;
    const log = 'is not a known field (a lognormal here takes the mean and sd of the variable itself, not of its log: mean = e^(mu + sigma²/2)';
    // Both given: the variable's own, e^(3.7 + 0.045) = 42.31 and 42.31 × sqrt(e^0.09 - 1) = 12.98.
    expect(said({ dist: 'lognormal', mu: 3.7, sigma: 0.3 }, 'behaviour.patienceMin.mu')).toBe(`${log}; here "mean": 42.31, "sd": 12.98)`);
    expect(said({ dist: 'lognormal', mu: 3.7, sigma: 0.3 }, 'behaviour.patienceMin.sigma')).toBe(`${log}; here "mean": 42.31, "sd": 12.98)`);
    expect(said({ dist: 'lognormal', meanlog: 3, sdlog: 0.5 }, 'behaviour.patienceMin.sdlog')).toBe(`${log}; here "mean": 22.76, "sd": 12.13)`);
    expect(said({ dist: 'lognormal', mu: 3.7 }, 'behaviour.patienceMin.mu')).toBe(`${log})`);
    expect(said({ dist: 'normal', mean: 45, mu: 40, sd: 5 }, 'behaviour.patienceMin.mu')).not.toContain('"mean"');
  });

  test("an exponential's or a gamma's rate is told the mean or scale it stands for, 1 / rate", () => {
    const said = (patience: object, path: string) => issuesOf(validate(edited((r) => (r.behaviour.patienceMin = patience)))).find((i) => i.path === path)?.expected;
    expect(said({ dist: 'exponential', rate: 0.04 }, 'behaviour.patienceMin.rate')).toBe('is not a known field (an exponential here takes its mean, 1 / rate: "mean": 25)');
    expect(said({ dist: 'exponential', lambda: 0.04 }, 'behaviour.patienceMin.lambda')).toBe('is not a known field (an exponential here takes its mean: did you mean "mean"? if lambda is a rate, the mean is 1 / lambda: "mean": 25)');
    expect(said({ dist: 'gamma', shape: 2, rate: 0.05 }, 'behaviour.patienceMin.rate')).toBe('is not a known field (a gamma here takes its scale, 1 / rate: "scale": 20)');
    expect(said({ dist: 'gamma', shape: 2, beta: 0.05 }, 'behaviour.patienceMin.beta')).toBe('is not a known field (a gamma here takes its scale: did you mean "scale"? if beta is a rate, the scale is 1 / beta: "scale": 20)');
    // No number to name for a rate of 0 or text; nor a hint where the mean is given beside it.
    expect(said({ dist: 'exponential', rate: 0 }, 'behaviour.patienceMin.rate')).toBe('is not a known field (an exponential here takes its mean, 1 / rate)');
    expect(said({ dist: 'exponential', mean: 30, rate: 0.04 }, 'behaviour.patienceMin.rate')).toBe('is not a known field (the fields here are dist, mean, min, max)');
  });

  test('a name of no section gets the one field of its section in the same unit that the section leaves out', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour = { breakMin: 45, waitMin: 30 })))), 'behaviour.waitMin', 'is not a known field (did you mean "patienceMin"?)');
    // Both left out: no guess.
    expect(issuesOf(validate(edited((r) => (r.behaviour = { waitMin: 30 })))).find((i) => i.path === 'behaviour.waitMin')!.expected).toBe('is not a known field (the fields here are breakMin, leave, patienceMin)');
  });

  test('a rate an hour is told the rate is a day\'s', () => {
    const issues = issuesOf(validate(edited((r) => (r.arrivals = { trucksPerHour: 4 } as never))));
    expectIssue(issues, 'arrivals.trucksPerHour', 'is not a known field (the rate is given as trucksPerDay, trucks a day (24 × a steady rate an hour; hourly weights shape it over the day): did you mean "trucksPerDay"?)');
  });

  test.each([['constructor'], ['toString'], ['__proto__']])('a field named like a JavaScript built-in, %s, is an unknown field like any other', (name) => {
    // In sections whose names are looked up for what they may mean (a truck type's), and in others.
    const text = JSON.stringify(edited((r) => (r.behaviour = { breakMin: 45, leave: 'charged' })))
      .replace('"breakMin":45', `"breakMin":45,"${name}":{}`)
      .replace('"batteryKwh":', `"${name}":{},"batteryKwh":`);
    const issues = issuesOf(parse(text));
    expect(issues.find((i) => i.path === `behaviour.${name}`)!.expected).toBe('is not a known field (the fields here are breakMin, leave, patienceMin)');
    expect(issues.find((i) => i.path === `fleet[0].${name}`)!.expected).toMatch(/^is not a known field \(the fields here are name, share, batteryKwh, /);
  });

  test.each([
    ['gridKw', (r: RawScenario) => (r.gridKw = 2500), 'is not a known field here (it belongs in hub)'],
    ['hub.trucksPerDay', (r: RawScenario) => (r.hub.trucksPerDay = 90), 'is not a known field here (it belongs in arrivals)'],
    ['patienceMin', (r: RawScenario) => (r.patienceMin = 60), 'is not a known field here (it belongs in behaviour or fleet[i].behaviour)'],
    ['fleet[0].cabinetKw', (r: RawScenario) => (r.fleet[0].cabinetKw = 400), 'is not a known field here (it belongs in hub.chargers[i])'],
    ['hub.seed', (r: RawScenario) => (r.hub.seed = 3), 'is not a known field here (it belongs in the top level)'],
    // In a list item, a place inside that item is named by its index.
    ['fleet[0].breakMin', (r: RawScenario) => (r.fleet[0].breakMin = 30), 'is not a known field here (it belongs in behaviour or fleet[0].behaviour)'],
    // From a section of the item too: the item itself, or another of its sections.
    ['fleet[0].demand.breakMin', (r: RawScenario) => (r.fleet[0].demand = { targetSoc: 0.8, breakMin: 30 }), 'is not a known field here (it belongs in behaviour or fleet[0].behaviour)'],
    ['fleet[0].behaviour.batteryKwh', (r: RawScenario) => (r.fleet[0].behaviour = { batteryKwh: 500 }), 'is not a known field here (it belongs in fleet[0])'],
    // A field of this section a slip away is the likelier meaning: hub.battery is no truck's battery.
    ['fleet[0].battery', (r: RawScenario) => ((r.fleet[0].battery = 540), delete r.fleet[0].batteryKwh), 'is not a known field (did you mean "batteryKwh"?)'],
    // A field of this section it merely starts comes second: a demand charge is no SoC demand, but
    // a hub's batteryKwh is likelier its battery's than a truck's.
    ['demandCharge', (r: RawScenario) => (r.demandCharge = { perKw: 10 }), 'is not a known field here (it belongs in economics, or did you mean "demand"?)'],
    ['hub.batteryKwh', (r: RawScenario) => (r.hub.batteryKwh = 500), 'is not a known field here (it belongs in fleet[i], or did you mean "battery"?)'],
    // The one field of this section in the same unit that the section lacks is offered too: a truck
    // type's capacityKwh is likelier its missing batteryKwh than a site battery's capacity.
    ['fleet[0].capacityKwh', (r: RawScenario) => ((r.fleet[0].capacityKwh = 540), delete r.fleet[0].batteryKwh), 'is not a known field here (it belongs in hub.battery, or did you mean "batteryKwh"?)'],
    // (of two lacking, the one required)
    ['hub.battery.maxKw', (r: RawScenario) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 100, maxKw: 50 })), 'is not a known field here (it belongs in fleet[i], or did you mean "powerKw"?)'],
    // A field the section has already is not offered: this truck type has its maxKw.
    ['fleet[0].powerKw', (r: RawScenario) => (r.fleet[0].powerKw = 400), 'is not a known field here (it belongs in hub.battery)'],
  ])('a known field in the wrong section (%s) is told the section it belongs in', (path, edit, expected) => {
    const issues = issuesOf(validate(edited(edit)));
    expect(issues.filter((i) => i.path === path).map((i) => i.expected)).toEqual([expected]);
  });

  test.each([
    // A slip away from bayKw, which given 4 would pass and make every bay 4 kW.
    ['hub.chargers[0].bays', (r: RawScenario) => (r.hub.chargers[0].bays = 4), 'is not a known field (a group has cabinets × baysPerCabinet bays: give cabinets, and baysPerCabinet where a cabinet has more than one)'],
    ['hub.chargers[0].kW', (r: RawScenario) => (r.hub.chargers[0].kW = 400), "is not a known field (a bay's power is bayKw, its cabinet's cabinetKw)"],
    // Not the scenario's name nor a truck type's: the group's id.
    ['hub.chargers[0].name', (r: RawScenario) => (r.hub.chargers[0].name = 'ccs'), 'is not a known field (a charger group is named by its id: did you mean "id"?)'],
    ['fleet[0].id', (r: RawScenario) => (r.fleet[0].id = 'eactros'), 'is not a known field (a truck type is named by its name: did you mean "name"?)'],
  ])('a name the format says otherwise (%s) is told what to write, not a field it is spelt like', (path, edit, expected) => {
    const issues = issuesOf(validate(edited(edit)));
    expect(issues.filter((i) => i.path === path).map((i) => i.expected)).toEqual([expected]);
  });

  test('a charger group that is no object is said once, not again as every truck type lacking a connector', () => {
    const issues = issuesOf(validate(edited((r) => (r.hub.chargers = ['ccs']))));
    expect(issues.map((i) => i.path)).toEqual(['hub.chargers[0]']);
  });

  test('a limit written as "unlimited", "none" or null is told to be left out, which is how the format lifts it', () => {
    const issues = issuesOf(validate(edited((r) => ((r.hub.gridKw = 'unlimited'), (r.hub.waitingSpaces = null), (r.behaviour.patienceMin = 'none')))));
    expectIssue(issues, 'hub.gridKw', 'must be a number or values by hour: for a grid connection without limit, leave gridKw out', '"unlimited"');
    expectIssue(issues, 'hub.waitingSpaces', 'must be a whole number: for room for every truck to wait, leave waitingSpaces out', 'null');
    expectIssue(issues, 'behaviour.patienceMin', 'must be a number or a distribution: for drivers who wait for ever, leave patienceMin out', '"none"');
    // Another word is no such slip.
    expect(issuesOf(validate(edited((r) => (r.hub.gridKw = 'big')))).find((i) => i.path === 'hub.gridKw')!.expected).not.toMatch(/leave gridKw out/);
  });

  test("reservedFor naming a truck type is told how bays are kept for a type: by its stop class", () => {
    expectIssue(
      issuesOf(validate(edited((r) => (r.hub.chargers[0].reservedFor = ['t'])))),
      'hub.chargers[0].reservedFor[0]',
      'must be one of "break", "overnight": stop classes, not truck types; to keep these bays for t, give fleet[0] "stop": "overnight" and reserve them for "overnight"',
      '"t"',
    );
  });

  test('a known name cut short gets the one it starts, when only one does', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.leave = 'break')))), 'behaviour.leave', 'did you mean "breakEnd"?');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.alloc = 'fifo')))), 'hub.alloc', 'is not a known field (did you mean "allocation"?)');
  });

  test('an unrelated unknown field gets no wild guess', () => {
    const issues = issuesOf(validate(edited((r) => (r.hub.colour = 'red'))));
    expectIssue(issues, 'hub.colour', 'is not a known field');
    expect(issues.find((i) => i.path === 'hub.colour')!.expected).not.toMatch(/did you mean/);
  });

  test('an unknown distribution', () => {
    expectIssue(
      issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normall', mean: 45, sd: 5 })))),
      'behaviour.breakMin.dist',
      /must be one of .*did you mean "normal"/,
      '"normall"',
    );
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'poisson', mean: 45 })))), 'behaviour.breakMin.dist', /must be one of/, '"poisson"');
  });

  test('a distribution missing a parameter or with a wrong one', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 45 })))), 'behaviour.breakMin.sd', 'is required');
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'exponential', mean: 45, sd: 3 })))), 'behaviour.breakMin.sd', /not a known field/);
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'exponential', mean: -45 })))), 'behaviour.breakMin.mean', /> 0/, '-45');
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { mean: 45 })))), 'behaviour.breakMin.dist', 'is required');
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = '45')))), 'behaviour.breakMin', /a number or a distribution: write 45 without quotes$/, '"45"');
    // A range written as a list is shown the form a distribution takes; so is a limit by hour.
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = [30, 60])))), 'behaviour.breakMin', 'must be a number or a distribution ({"dist": "uniform", "min": …, "max": …} and the like)', '[30,60]');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = [1000, 2000])))), 'hub.gridKw', 'must be a number or values by hour ({"byHour": [24 values]} or {"byHourOfWeek": [168 values]})', '[1000,2000]');
  });

  test('distribution parameters that make no sense together', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'uniform', min: 60, max: 45 })))), 'behaviour.breakMin.max', /greater than min/, '45');
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'triangular', min: 45, mode: 90, max: 60 })))), 'behaviour.breakMin.mode', /\[min, max\]/, '90');
    expectIssue(
      issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'empirical', values: [1, 2], weights: [1] })))),
      'behaviour.breakMin.weights',
      /one weight per value/,
    );
    expectIssue(
      issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'empirical', values: [1, 2], weights: [0, 0] })))),
      'behaviour.breakMin.weights',
      /positive sum/,
    );
  });

  test.each<[string, unknown, string, string, string]>([
    ['weights that sum to 0', { values: [30, 60], weights: [0, 0] }, 'behaviour.breakMin.weights', 'must have a positive sum', '[0,0]'],
    ['too few weights', { values: [30, 60], weights: [1] }, 'behaviour.breakMin.weights', 'must have one weight per value (2)', '1'],
    ['too many weights, all 0', { values: [30, 60], weights: [0, 0, 0] }, 'behaviour.breakMin.weights', 'must have one weight per value (2)', '3'],
    ['no weights', { values: [30, 60], weights: [] }, 'behaviour.breakMin.weights', 'must have at least 1 item', '0 items'],
    ['weights that are no list', { values: [30, 60], weights: null }, 'behaviour.breakMin.weights', 'must be an array', 'null'],
    ['a negative weight', { values: [30, 60], weights: [-1, 2] }, 'behaviour.breakMin.weights[0]', 'must be a number >= 0', '-1'],
    ['a value outside the field range', { values: [-5] }, 'behaviour.breakMin.values[0]', 'must be a number in [0, 10080]', '-5'],
  ])('an empirical distribution with %s gets one message, not a second about its window', (_, d, path, expected, found) => {
    const issues = issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'empirical', ...(d as object) }))));
    expect(issues).toEqual([{ path, expected, found }]);
  });

  test('empirical weights whose sum overflows get their own messages, not one of an impossible window', () => {
    const issues = issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'empirical', values: [30, 60], weights: [1e308, 1e308] }))));
    expect(issues.map((i) => [i.path, i.expected])).toEqual([
      ['behaviour.breakMin.weights[0]', 'must be a number <= 1000000'],
      ['behaviour.breakMin.weights[1]', 'must be a number <= 1000000'],
    ]);
  });

  test('a constant or uniform outside the field range gets its own messages only; a truncation bound outside it does not hide an impossible window', () => {
    expect(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'constant', value: -3 }))))).toEqual([{ path: 'behaviour.breakMin.value', expected: 'must be a number in [0, 10080]', found: '-3' }]);
    expect(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'uniform', min: -10, max: -5 })))).map((i) => i.path)).toEqual(['behaviour.breakMin.min', 'behaviour.breakMin.max']);
    const issues = issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: -100, sd: 1, min: -5 }))));
    expect(issues.map((i) => i.path)).toEqual(['behaviour.breakMin.min', 'behaviour.breakMin']);
    expectIssue(issues, 'behaviour.breakMin', /impossible window/);
  });

  test('an unknown allocation policy', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.hub.allocation = 'round-robin')))), 'hub.allocation', /must be one of "equal", "fifo", "deadline"/, '"round-robin"');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.allocation = 'FIFO')))), 'hub.allocation', /did you mean "fifo"/, '"FIFO"');
  });

  test('an unknown leave mode or connector', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.leave = 'breakend')))), 'behaviour.leave', /did you mean "breakEnd"/);
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].connector = 'CHAdeMO')))), 'hub.chargers[0].connector', /must be one of "CCS", "MCS"/);
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].maxKw = { CSS: 400 })))), 'fleet[0].maxKw.CSS', /did you mean "CCS"/);
  });

  test.each([
    ['A7 Hub phase1', 'a7-hub-phase1'],
    ['Recklinghausen_Phase_2', 'recklinghausen-phase-2'],
    ['-x', 'x'],
    ['München Süd', 'munchen-sud'],
    ['Søborg Østergade', 'soborg-ostergade'],
    ['Koblenz (phase 2)', 'koblenz-phase-2'],
  ])('a scenario name %j that is not [a-z0-9-] gets the one that is (%s)', (name, meant) => {
    const issues = issuesOf(validate(edited((r) => (r.name = name))));
    expect(issues.find((i) => i.path === 'name')!.expected).toMatch(new RegExp(`; did you mean "${meant}"\\?$`));
  });

  test('the name guessed is cut to 100 characters, and a hyphen the cut leaves at its end goes too', () => {
    const issues = issuesOf(validate(edited((r) => (r.name = `${'a'.repeat(99)} Hub`))));
    expect(issues.find((i) => i.path === 'name')!.expected).toMatch(new RegExp(`; did you mean "${'a'.repeat(99)}"\\?$`));
  });

  test("a fleet name's rule, which allows capitals, gets a guessed fleet name, not a scenario name", () => {
    expect(issuesOf(validate(edited((r) => (r.fleet[0].name = '-eActros')))).find((i) => i.path === 'fleet[0].name')!.expected).toMatch(/did you mean "eActros"\?$/);
  });

  test("a guessed fleet name or charger id is one no other type or charger has, valid or guessed", () => {
    const guessed = (r: RawScenario, path: string) => /did you mean "([^"]*)"\?$/.exec(issuesOf(validate(r)).find((i) => i.path === path)!.expected)?.[1];
    const fleet = edited((r) => {
      r.fleet = [0, 1, 2, 3].map((i) => ({ ...r.fleet[0], name: ['Muller', 'Müller', 'Müller!', 'Muller 2'][i] }));
    });
    // "Muller" and "Muller 2" are taken; the two guessed in turn take the next free ones.
    expect([guessed(fleet, 'fleet[1].name'), guessed(fleet, 'fleet[2].name')]).toEqual(['Muller 3', 'Muller 4']);
    const chargers = edited((r) => {
      r.hub.chargers = [{ ...r.hub.chargers[0], id: 'süd' }, { ...r.hub.chargers[0], id: 'sud' }];
    });
    expect(guessed(chargers, 'hub.chargers[0].id')).toBe('sud 2');
  });

  test('a name with nothing of [a-z0-9] in it gets no guess', () => {
    expect(issuesOf(validate(edited((r) => (r.name = '../')))).find((i) => i.path === 'name')!.expected).not.toMatch(/did you mean/);
  });

  test.each([['../x'], ['A B'], [''], ['x/y'], ['-x'], ['Recklinghausen'], ['a'.repeat(101)], ['x\u0000']])('an unsafe scenario name %j', (name) => {
    expectIssue(issuesOf(validate(edited((r) => (r.name = name)))), 'name', /lowercase letters, digits and hyphens/, JSON.stringify(name).length > 60 ? undefined : JSON.stringify(name));
  });

  test.each([['con'], ['nul'], ['aux'], ['prn'], ['com1'], ['lpt9']])('a scenario name %j, which Windows keeps for a device and no folder can have there', (name) => {
    expectIssue(issuesOf(validate(edited((r) => (r.name = name)))), 'name', /not a name Windows keeps for a device/, JSON.stringify(name));
  });

  test('names that only begin like a device name are scenario names, and a device name in capitals gets no guess', () => {
    for (const name of ['con-1', 'console', 'com10', 'com0', 'nul2', 'lpt']) expect(validate(edited((r) => (r.name = name)))()).toMatchObject({ name });
    expect(issuesOf(validate(edited((r) => (r.name = 'CON')))).find((i) => i.path === 'name')!.expected).not.toMatch(/did you mean/);
  });

  test('duplicate charger ids and fleet names', () => {
    const issues = issuesOf(validate(edited((r) => {
      r.hub.chargers.push({ ...r.hub.chargers[0] });
      r.fleet.push({ ...r.fleet[0] });
    })));
    expectIssue(issues, 'hub.chargers[1].id', /unique/, '"ccs"');
    expectIssue(issues, 'fleet[1].name', /unique/, '"t"');
  });
});

describe('cross-field rules', () => {
  test('an impossible truncation window (normal 0.2 sd 0.01 in [0.9, 1])', () => {
    const issues = issuesOf(validate(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd: 0.01, min: 0.9, max: 1 }))));
    expectIssue(issues, 'demand.arrivalSoc', /impossible window/);
    expect(issues.find((i) => i.path === 'demand.arrivalSoc')!.found).toContain('"min":0.9');
  });

  test('an impossible window from the field range alone (exponential break below 0 only)', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: -100, sd: 1 })))), 'behaviour.breakMin', /impossible window/);
  });

  test('truncation with min > max', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 45, sd: 5, min: 60, max: 50 })))), 'behaviour.breakMin', /min <= max/);
  });

  test('a window that holds a discrete value exactly is possible', () => {
    expect(() => validateScenario(edited((r) => (r.demand.arrivalSoc = { dist: 'empirical', values: [0.1, 0.3], min: 0.3, max: 0.3 })), 'x')).not.toThrow();
  });

  test('a distribution of no spread on either end of its window, or of the field range, is possible', () => {
    expect(() => validateScenario(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 0, sd: 0 })), 'x')).not.toThrow();
    expect(() => validateScenario(edited((r) => (r.demand.arrivalSoc = { dist: 'normal', mean: 1, sd: 0 })), 'x')).not.toThrow();
    expect(() => validateScenario(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 45, sd: 0, min: 45 })), 'x')).not.toThrow();
    expect(() => validateScenario(edited((r) => (r.behaviour.breakMin = { dist: 'lognormal', mean: 45, sd: 0, min: 45, max: 45 })), 'x')).not.toThrow();
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 45, sd: 0, min: 45.5 })))), 'behaviour.breakMin', /impossible window/);
  });

  test('fleet shares summing to zero', () => {
    const issues = issuesOf(validate(edited((r) => {
      r.fleet = [
        { name: 'a', share: 0, batteryKwh: 500, maxKw: { CCS: 400 } },
        { name: 'b', share: 0, batteryKwh: 500, maxKw: { CCS: 400 } },
      ];
    })));
    expectIssue(issues, 'fleet[*].share', /sum to more than 0/, '0');
  });

  test('a negative share is said once, as itself, not again as a sum of shares below 0', () => {
    const issues = issuesOf(validate(edited((r) => {
      r.fleet = [
        { name: 'a', share: -1, batteryKwh: 500, maxKw: { CCS: 400 } },
        { name: 'b', share: 0.7, batteryKwh: 500, maxKw: { CCS: 400 } },
      ];
    })));
    expectIssue(issues, 'fleet[0].share', />= 0/, '-1');
    expect(issues.map((i) => i.path)).not.toContain('fleet[*].share');
  });

  test('a truck type no bay can serve (MCS-only truck on a CCS-only hub)', () => {
    const issues = issuesOf(validate(edited((r) => (r.fleet.push({ name: 'mcs', batteryKwh: 600, maxKw: { MCS: 1000 } })))));
    expect(issues).toHaveLength(1);
    expectIssue(issues, 'fleet[1].maxKw', /connector the hub has \(CCS\)/, '{"MCS":1000}');
  });

  test("a connector misspelt in a type's maxKw is one mistake, named with the one meant, not also a type no bay can serve", () => {
    const issues = issuesOf(validate(edited((r) => (r.fleet[0].maxKw = { ccs: 400 }))));
    expect(issues.map((i) => i.path)).toEqual(['fleet[0].maxKw.ccs']);
    expect(issues[0].expected).toMatch(/did you mean "CCS"/);
  });

  test('targetSoc and energyKwh: exactly one', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.demand = { arrivalSoc: 0.2 })))), 'demand', /targetSoc or energyKwh/);
    expectIssue(issuesOf(validate(edited((r) => (r.demand = { arrivalSoc: 0.2, targetSoc: 0.8, energyKwh: 300 })))), 'demand', /not both/);
  });

  test('a rule broken by fields given together names what was found: the fields', () => {
    const both = { arrivalSoc: 0.2, targetSoc: 0.8, energyKwh: 300 };
    expectIssue(issuesOf(validate(edited((r) => (r.demand = both)))), 'demand', /not both/, 'targetSoc and energyKwh');
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].demand = { targetSoc: 0.8, energyKwh: 100 })))), 'fleet[0].demand', /not both/, 'targetSoc and energyKwh');
    const hourOfWeek = new Array(168).fill(1);
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals = { trucksPerDay: 10, weekly: new Array(7).fill(1), hourOfWeek })))), 'arrivals.hourOfWeek', /replaces both/, 'hourOfWeek and weekly');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = { byHour: new Array(24).fill(1), byHourOfWeek: hourOfWeek })))), 'hub.gridKw', /not both/, 'byHour and byHourOfWeek');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.battery = { capacityKwh: 1000, powerKw: 400 })))), 'hub.battery', /needs a grid limit/, 'no hub.gridKw and strategy "greedy" (the default)');
    expectIssue(
      issuesOf(validate(edited((r) => (r.hub.battery = { capacityKwh: 1000, powerKw: 400, strategy: 'peakShaving' })))),
      'hub.battery',
      /needs a grid limit/,
      'no hub.gridKw and strategy "peakShaving" without a targetKw',
    );
  });

  test('a misspelt connector or battery strategy is one message, not also a rule it seems to break', () => {
    // "ccs" is refused as a connector; the truck types' CCS is then no reason to say no bay serves them.
    expect(issuesOf(validate(edited((r) => (r.hub.chargers[0].connector = 'ccs'))))).toEqual([
      { path: 'hub.chargers[0].connector', expected: 'must be one of "CCS", "MCS"; did you mean "CCS"?', found: '"ccs"' },
    ]);
    // "peakshaving" is refused as a strategy; its targetKw is no sign that greedy was meant.
    expect(
      issuesOf(validate(edited((r) => (r.hub.battery = { capacityKwh: 1000, powerKw: 400, strategy: 'peakshaving', targetKw: 300 })))),
    ).toEqual([{ path: 'hub.battery.strategy', expected: 'must be one of "greedy", "peakShaving"; did you mean "peakShaving"?', found: '"peakshaving"' }]);
    // A group that is no object is the schema's; the others' connectors still count.
    expect(issuesOf(validate(edited((r) => ((r.hub.chargers[0].connector = 'MCS'), r.hub.chargers.push(null)))))).toEqual([
      { path: 'hub.chargers[1]', expected: 'must be an object', found: 'null' },
      { path: 'fleet[0].maxKw', expected: 'must include a connector the hub has (MCS): no bay can serve this type', found: '{"CCS":400}' },
    ]);
    // A valid but different connector still leaves the type without a bay.
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].connector = 'MCS')))), 'fleet[0].maxKw', /connector the hub has \(MCS\)/);
  });

  test('arrivals: a trace or a rate, not both, not neither', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals = { trucksPerDay: 10, trace: 'a.csv' })))), 'arrivals', /not both/);
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals = {})))), 'arrivals.trucksPerDay', /is required/);
  });

  describe('curves', () => {
    const withCurve = (curve: unknown) => validate(edited((r) => (r.fleet[0].curve = curve)));
    test('a fraction outside [0, 1]', () => {
      expectIssue(issuesOf(withCurve([[0, 1], [0.8, 1.5], [1, 0.5]])), 'fleet[0].curve[1][1]', /<= 1/, '1.5');
      expectIssue(issuesOf(withCurve([[0, 1], [1, -0.1]])), 'fleet[0].curve[1][1]', />= 0/, '-0.1');
    });
    test('a SoC outside [0, 1]', () => {
      expectIssue(issuesOf(withCurve([[0, 1], [1.2, 0.5]])), 'fleet[0].curve[1][0]', /<= 1/, '1.2');
    });
    test('not starting at SoC 0', () => {
      expectIssue(issuesOf(withCurve([[0.1, 1], [1, 0.5]])), 'fleet[0].curve[0][0]', /must be 0/, '0.1');
    });
    test('not ending at SoC 1', () => {
      expectIssue(issuesOf(withCurve([[0, 1], [0.9, 0.5]])), 'fleet[0].curve[1][0]', /must be 1/, '0.9');
    });
    test("an end outside [0, 1] is the range's one message; an end at the far side of [0, 1] is the ends' rule", () => {
      const at = (curve: unknown, i: number) => issuesOf(withCurve(curve)).filter((x) => x.path === `fleet[0].curve[${i}][0]`).map((x) => x.expected);
      expect(at([[5, 1], [80, 1], [100, 0.25]], 0)).toEqual(['must be a number <= 1: a fraction, 5 % is 0.05']);
      expect(at([[-0.1, 1], [1, 0.25]], 0)).toEqual(['must be a number >= 0']);
      expect(at([[0, 1], [-0.5, 1]], 1)).toEqual(['must be a number >= 0']);
      // Nor is a point beside one out of range compared with it: 80 in per cent, then 1, is one mistake.
      expect(at([[0, 1], [80, 1], [1, 0.2]], 1)).toEqual(['must be a number <= 1: a fraction, 80 % is 0.8']);
      expect(at([[0, 1], [80, 1], [1, 0.2]], 2)).toEqual([]);
      // A negative fraction is the range's to name, not also the least fraction's.
      const fraction = issuesOf(withCurve([[0, 1], [0.5, -0.5], [1, 0.2]])).filter((x) => x.path === 'fleet[0].curve[1][1]').map((x) => x.expected);
      expect(fraction).toEqual(['must be a number >= 0']);
      expect(at([[1, 1], [1, 0.5]], 0)).toEqual(['must be 0: the curve starts at SoC 0']);
      expect(at([[0, 1], [0, 0.5]], 1)).toEqual(['must be 1: the curve ends at SoC 1', "must be greater than the previous point's SoC (0)"]);
    });
    test('SoC not increasing', () => {
      expectIssue(issuesOf(withCurve([[0, 1], [0.6, 1], [0.6, 0.5], [1, 0.5]])), 'fleet[0].curve[2][0]', /greater than the previous/, '0.6');
    });
    test('power 0 below SoC 1 (a truck could never charge past it)', () => {
      expectIssue(issuesOf(withCurve([[0, 1], [0.5, 0], [1, 0]])), 'fleet[0].curve[1][1]', /must be >= 0.01/, '0');
    });
    test('malformed points', () => {
      expectIssue(issuesOf(withCurve([[0, 1]])), 'fleet[0].curve', /at least 2/);
      expectIssue(issuesOf(withCurve([[0, 1, 2], [1, 1]])), 'fleet[0].curve[0]', /exactly 2|at most 2/);
      expectIssue(issuesOf(withCurve([[0, '1'], [1, 1]])), 'fleet[0].curve[0][1]', /a number/, '"1"');
    });
    test('a zero fraction at SoC 1 is fine (full battery)', () => {
      expect(() => withCurve([[0, 1], [0.8, 1], [1, 0]])()).not.toThrow();
    });
  });
});

describe('every problem at once', () => {
  test('three mistakes give at least three issues, one at each path', () => {
    const issues = issuesOf(validate(edited((r) => {
      r.name = 'A B';
      r.hub.chargers[0].cabinetKw = -400;
      r.horizon = { days: 1, warmupDays: 3 };
    })));
    expect(issues.length).toBeGreaterThanOrEqual(3);
    expectIssue(issues, 'name', /lowercase/, '"A B"');
    expectIssue(issues, 'hub.chargers[0].cabinetKw', />= 1/, '-400');
    expectIssue(issues, 'horizon.warmupDays', /less than/, '3');
  });

  test('schema and cross-field problems anywhere in the file are reported together', () => {
    const issues = issuesOf(validate(edited((r) => {
      r.hub.allocation = 'greedy';
      r.hub.chargers[0].cabinetkW = 1;
      r.fleet.push({ name: 'm', batteryKwh: -1, maxKw: { MCS: 1000 }, curve: [[0.2, 1], [1, 1]] });
      r.demand.arrivalSoc = { dist: 'normal', mean: 0.2, sd: 0.01, min: 0.9, max: 1 };
      r.behaviour.leave = 'never';
      r.output.powerIntervalMin = -15;
    })));
    for (const path of [
      'hub.allocation',
      'hub.chargers[0].cabinetkW',
      'fleet[1].batteryKwh',
      'fleet[1].maxKw',
      'fleet[1].curve[0][0]',
      'demand.arrivalSoc',
      'behaviour.leave',
      'output.powerIntervalMin',
    ]) {
      expect(issues.map((i) => i.path)).toContain(path);
    }
    expect(issues.length).toBeGreaterThanOrEqual(8);
  });
});

describe('trace files through the loader', () => {
  test('a scenario with a trace next to it loads (path relative to the scenario file)', async () => {
    const s = await loadScenario(join(ROOT, 'test/fixtures/trace-ok.json'));
    if (s.arrivals.kind !== 'trace') throw new Error('trace expected');
    expect(traceRows(s.arrivals.columns, ['t'])).toEqual([
      { arrivalMin: 0, fleet: 't', energyKwh: 200 },
      { arrivalMin: 30, fleet: 't', energyKwh: 100 },
    ]);
  });

  test('a missing trace file', async () => {
    const issues = await issuesOfAsync(loadScenario(join(ROOT, 'test/fixtures/trace-missing.json')));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('arrivals.trace');
    expect(issues[0].expected).toMatch(/readable CSV/);
    expect(issues[0].found).toContain('no-such-trace.csv');
    expect(issues[0].found).toContain('no such file');
  });

  test('a missing trace written with backslashes is told to separate folders with /', () => {
    const raw = { ...baseRaw(), arrivals: { trace: 'traces\\week.csv' } };
    const reader = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(issuesOf(() => validateScenario(raw, 't.json', reader))).toEqual([
      { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: '"traces\\\\week.csv": no such file (separate folders with /, which every system reads; elsewhere than on Windows a backslash is part of a name)' },
    ]);
  });

  test('a missing trace of a scenario in another folder names the path looked at, and why there', async () => {
    // Run from elsewhere, "no-such-trace.csv" alone does not say the scenario's folder was searched.
    const file = join(ROOT, 'test/fixtures/trace-missing.json');
    const issues = await issuesOfAsync(loadScenario(file));
    expect(issues[0].found).toBe(
      `"no-such-trace.csv": no such file at ${join(ROOT, 'test/fixtures/no-such-trace.csv')}, as a trace's path is relative to the scenario file's folder`,
    );
  });

  test('a missing trace looked for where its path, as written, names is told no more than that', () => {
    // A scenario in the working folder whose trace is "./week.csv" is looked for at week.csv: the same file.
    const enoent = Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    expect(traceUnreadableIssue('./week.csv', enoent, 'week.csv').found).toBe('"./week.csv": no such file');
    expect(traceUnreadableIssue('traces/week.csv', enoent, 'traces/week.csv').found).toBe('"traces/week.csv": no such file');
    // Written with backslashes, and looked for with slashes (load.ts): the same file, not another folder.
    expect(traceUnreadableIssue('traces\\week.csv', enoent, 'traces/week.csv').found).toBe('"traces\\\\week.csv": no such file');
  });

  test('a trace reader that throws anything becomes an InputError', () => {
    const raw = { ...baseRaw(), arrivals: { trace: 'x.csv' } };
    const issues = issuesOf(() =>
      validateScenario(raw, 't.json', () => {
        throw new Error('permission denied');
      }),
    );
    expectIssue(issues, 'arrivals.trace', /readable CSV/, '"x.csv": permission denied');
    // No reader at all is the caller's omission, said as such, not a file that could not be read.
    expectIssue(issuesOf(() => validateScenario(raw, 't.json')), 'arrivals.trace', /^needs a readTrace function, given to parseScenario or validateScenario/, '"x.csv"');
  });

  test('a trace reader that is no function is named as such, not blamed on the trace, with a trace or without', () => {
    for (const raw of [{ ...baseRaw(), arrivals: { trace: 'x.csv' } }, baseRaw()]) {
      for (const reader of ['not a function', null, 42]) {
        expectIssue(issuesOf(() => validateScenario(raw, 't.json', reader as never)), 'readTrace', /^must be a function that returns the text of the trace/, show(reader));
      }
    }
  });

  test("a trace reader may return the file's bytes (readFileSync without an encoding), read as a trace file is", () => {
    const raw = { ...baseRaw(), arrivals: { trace: 'x.csv' } };
    const text = 'arrival_min\n10\n40\n';
    const columns = (s: ReturnType<typeof validateScenario>) => (s.arrivals.kind === 'trace' ? Array.from(s.arrivals.columns.arrivalMin) : []);
    const utf8 = validateScenario(raw, 't.json', () => Buffer.from(text));
    const utf16 = validateScenario(raw, 't.json', () => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    expect(columns(utf8)).toEqual([10, 40]);
    expect(columns(utf16)).toEqual([10, 40]);
  });

  test("a trace reader that returns a promise or anything but the file's text becomes an InputError", async () => {
    const raw = { ...baseRaw(), arrivals: { trace: 'x.csv' } };
    const failing = { ...raw, horizon: { days: -1 } };
    // An async reader (fs/promises' readFile, say) is the likely mistake: say so, not what csv-parse says of a Promise.
    const asyncReader = (() => Promise.resolve('arrival_min\n10\n')) as unknown as (path: string) => string;
    expectIssue(issuesOf(() => validateScenario(raw, 't.json', asyncReader)), 'arrivals.trace', /readable CSV/, '"x.csv": the trace reader returned a Promise, not the text (it must return a string, or the file\'s bytes)');
    expectIssue(issuesOf(() => validateScenario(failing, 't.json', asyncReader)), 'arrivals.trace', /readable CSV/, '"x.csv": the trace reader returned a Promise, not the text (it must return a string, or the file\'s bytes)');
    const numberReader = (() => 5) as unknown as (path: string) => string;
    expectIssue(issuesOf(() => validateScenario(raw, 't.json', numberReader)), 'arrivals.trace', /readable CSV/, '"x.csv": the trace reader returned 5, not the text (it must return a string, or the file\'s bytes)');
    // The promise is never awaited: its rejection (a missing file) must not also end the process as an unhandled rejection.
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const rejecting = (() => Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))) as unknown as (path: string) => string;
      expectIssue(issuesOf(() => validateScenario(raw, 't.json', rejecting)), 'arrivals.trace', /readable CSV/, '"x.csv": the trace reader returned a Promise, not the text (it must return a string, or the file\'s bytes)');
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });

  test("in memory too, a scenario's own problems come with its trace's; without a reader, the scenario's alone", () => {
    const raw = { ...baseRaw(), horizon: { days: -1 }, arrivals: { trace: 'x.csv' } };
    expect(issuesOf(() => validateScenario(raw, 't.json', () => 'arrival_min,soc_in\n10,2\n'))).toEqual([
      { path: 'horizon.days', expected: 'must be a number > 0', found: '-1' },
      { path: 'trace x.csv line 2, column soc_in', expected: 'must be a number in [0, 1]: a fraction, 2 % is 0.02', found: '"2"' },
    ]);
    const unreadable = () => {
      throw new Error('permission denied');
    };
    expect(issuesOf(() => validateScenario(raw, 't.json', unreadable))).toEqual([
      { path: 'horizon.days', expected: 'must be a number > 0', found: '-1' },
      { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: '"x.csv": permission denied' },
    ]);
    expect(issuesOf(() => validateScenario(raw, 't.json'))).toEqual([{ path: 'horizon.days', expected: 'must be a number > 0', found: '-1' }]);
  });

  test('a missing scenario file', async () => {
    const issues = await issuesOfAsync(loadScenario(join(ROOT, 'test/fixtures/nope.json')));
    expect(issues[0].found).toBe('no such file');
    expect(issues[0].path).toContain('nope.json');
    expect((await issuesOfAsync(loadScenario(join(ROOT, 'test/fixtures'))))[0].found).toBe('a folder');
  });
});

describe('shipped scenarios', () => {
  // Read the folder at run time: scenarios may be added while this suite exists.
  const dir = join(ROOT, 'scenarios');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema/scenario.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  const rawSchemaCheck = ajv.compile(schema);

  test('the schema compiles in Ajv strict mode without a warning (union types allowed)', () => {
    const warnings: string[] = [];
    const logger = { log: () => {}, warn: (...a: unknown[]) => warnings.push(a.join(' ')), error: (...a: unknown[]) => warnings.push(a.join(' ')) };
    new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, logger }).compile(schema);
    expect(warnings).toEqual([]);
  });

  test('there is at least the default scenario', () => {
    expect(files).toContain('recklinghausen-phase1.json');
  });

  test.each(files)('%s passes the validator', async (file) => {
    const s = await loadScenario(join(dir, file));
    expect(s.name).toBe(file.replace(/\.json$/, ''));
  });

  test.each(files)('%s passes the raw JSON Schema (Ajv)', (file) => {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const ok = rawSchemaCheck(raw);
    expect(rawSchemaCheck.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('the raw schema does reject a broken scenario (the check above has teeth)', () => {
    expect(rawSchemaCheck(edited((r) => (r.hub.chargers[0].cabinetKw = -1)))).toBe(false);
    expect(rawSchemaCheck(edited((r) => (r.hub.chargers[0].cabinetkW = 1)))).toBe(false);
    expect(rawSchemaCheck(baseRaw())).toBe(true);
  });
});

describe('bounds that keep a run finite and its numbers sane', () => {
  // Each of these passed validation once and then never finished or blew up.
  test.each([
    ['hub.gridKw', (r: RawScenario) => (r.hub.gridKw = 1e-9), 'must be a number >= 1', '1e-9'],
    ['fleet[0].maxKw.CCS', (r: RawScenario) => (r.fleet[0].maxKw.CCS = 1e-9), 'must be a number >= 1', '1e-9'],
    ['fleet[0].curve[1][1]', (r: RawScenario) => (r.fleet[0].curve = [[0, 1], [0.5, 1e-12], [1, 1e-12]]), 'must be >= 0.01 below SoC 1', '1e-12'],
    ['output.powerIntervalMin', (r: RawScenario) => (r.output.powerIntervalMin = 1e-6), 'must be a number >= 1', '0.000001'],
    ['behaviour.breakMin', (r: RawScenario) => (r.behaviour.breakMin = 1e9), 'must be a number in [0, 10080]', '1000000000'],
    ['arrivals.trucksPerDay', (r: RawScenario) => (r.arrivals.trucksPerDay = 1e308), 'must be a number <= 100000', '1e+308'],
  ])('known case: %s', (path, edit, expected, found) => {
    expectIssue(issuesOf(validate(edited(edit))), path, expected, found);
  });

  test.each([
    ['hub.gridKw', (r: RawScenario, v: number) => (r.hub.gridKw = v), 1, 1e6],
    ['hub.chargers[0].cabinetKw', (r: RawScenario, v: number) => (r.hub.chargers[0].cabinetKw = r.hub.chargers[0].bayKw = v), 1, 1e6],
    ['hub.chargers[0].bayKw', (r: RawScenario, v: number) => (r.hub.chargers[0].bayKw = v), 1, 1e6],
    ['fleet[0].maxKw.CCS', (r: RawScenario, v: number) => (r.fleet[0].maxKw.CCS = v), 1, 1e6],
    ['fleet[0].batteryKwh', (r: RawScenario, v: number) => (r.fleet[0].batteryKwh = v), 1, 1e5],
    ['output.powerIntervalMin', (r: RawScenario, v: number) => (r.output.powerIntervalMin = v), 1, 10080],
    ['horizon.days', (r: RawScenario, v: number) => (r.horizon.days = v), 1, 36500],
    ['arrivals.trucksPerDay', (r: RawScenario, v: number) => (r.arrivals.trucksPerDay = v), 0, 1e5],
    ['hub.waitingSpaces', (r: RawScenario, v: number) => (r.hub.waitingSpaces = v), 0, 1e6],
    ['behaviour.breakMin', (r: RawScenario, v: number) => (r.behaviour.breakMin = v), 0, 10080],
    ['behaviour.patienceMin', (r: RawScenario, v: number) => (r.behaviour.patienceMin = v), 0, 10080],
    ['fleet[0].share', (r: RawScenario, v: number) => (r.fleet[0].share = v), 0.5, 1e6],
    ['arrivals.weekly[0]', (r: RawScenario, v: number) => (r.arrivals.weekly = [v, 1, 1, 1, 1, 1, 1]), 0, 1e6],
    ['hub.gridKw.byHour[3]', (r: RawScenario, v: number) => (r.hub.gridKw = { byHour: Array.from({ length: 24 }, (_, h) => (h === 3 ? v : 500)) }), 0, 1e6],
    ['hub.battery.capacityKwh', (r: RawScenario, v: number) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: v, powerKw: 100 })), 1, 1e6],
    ['hub.battery.powerKw', (r: RawScenario, v: number) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 100, powerKw: v })), 1, 1e6],
    ['hub.battery.efficiency', (r: RawScenario, v: number) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 100, powerKw: 100, efficiency: v })), 0.5, 1],
    ['hub.battery.initialSoc', (r: RawScenario, v: number) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 100, powerKw: 100, initialSoc: v })), 0, 1],
    ['hub.battery.targetKw', (r: RawScenario, v: number) => (r.hub.battery = { capacityKwh: 100, powerKw: 100, strategy: 'peakShaving', targetKw: v }), 0, 1e6],
    ['economics.energyPrice', (r: RawScenario, v: number) => (r.economics = { energyPrice: v }), -1000, 1000],
    ['economics.demandCharge.perKw', (r: RawScenario, v: number) => (r.economics = { demandCharge: { perKw: v } }), 0, 1e6],
    ['economics.demandCharge.periodDays', (r: RawScenario, v: number) => (r.economics = { demandCharge: { perKw: 1, periodDays: v } }), 1, 36500],
    ['economics.connectionCostPerKwYear', (r: RawScenario, v: number) => ((r.hub.gridKw = 500), (r.economics = { connectionCostPerKwYear: v })), 0, 1e6],
    ['economics.sellingPrice', (r: RawScenario, v: number) => (r.economics = { sellingPrice: v }), 0, 1000],
  ])('%s: its bounds pass, beyond them fails', (path, set, lo, hi) => {
    for (const ok of [lo, hi]) expect(() => validateScenario(edited((r) => set(r, ok)), 'x')).not.toThrow();
    const beyond = hi * 1.5;
    expect(issuesOf(validate(edited((r) => set(r, beyond)))).map((i) => i.path)).toContain(path);
  });

  test('at most 10000 bays in all, over every charger group', () => {
    const ok = edited((r) => (r.hub.chargers = [ccsGroup('a', 5000, 400, 1), ccsGroup('b', 2500, 400, 2)]));
    expect(() => validateScenario(ok, 'x')).not.toThrow();
    const tooMany = edited((r) => (r.hub.chargers = [ccsGroup('a', 5000, 400, 1), ccsGroup('b', 2500, 400, 2), ccsGroup('c', 1, 400, 1)]));
    expect(issuesOf(validate(tooMany))).toEqual([{ path: 'hub.chargers', expected: expect.stringMatching(/at most 10000 bays in all/), found: '10001 bays' }]);
  });

  test('at most 1000 charger groups and 1000 truck types', () => {
    const groups = edited((r) => (r.hub.chargers = Array.from({ length: 1001 }, (_, i) => ccsGroup(`g${i}`, 1))));
    expectIssue(issuesOf(validate(groups)), 'hub.chargers', 'must have at most 1000 items', '1001 items');
    const types = edited((r) => (r.fleet = Array.from({ length: 1001 }, (_, i) => ({ name: `t${i}`, batteryKwh: 500, maxKw: { CCS: 400 } }))));
    expectIssue(issuesOf(validate(types)), 'fleet', 'must have at most 1000 items', '1001 items');
  });

  test('a gamma shape above 1e6 (its CDF would take ~forever to check)', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'gamma', shape: 1e7, scale: 1e-5 })))), 'behaviour.breakMin.shape', '<= 1000000');
  });

  test('a distribution of break minutes is truncated to [0, 10080]; a constant outside it is an error', () => {
    const s = validateScenario(edited((r) => (r.behaviour.breakMin = { dist: 'exponential', mean: 3000 })), 'x');
    expect(s.behaviour.breakMin).toEqual({ dist: 'exponential', mean: 3000, trunc: { min: 0, max: 10080 } });
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.patienceMin = 20000)))), 'behaviour.patienceMin', 'in [0, 10080]', '20000');
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'uniform', min: 0, max: 20000 })))), 'behaviour.breakMin.max', 'in [0, 10080]', '20000');
  });

  test('the impossible-window check works with the new ranges', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 20000, sd: 100 })))), 'behaviour.breakMin', /\[0, 10080\].*impossible window/);
    expectIssue(issuesOf(validate(edited((r) => (r.behaviour.patienceMin = { dist: 'weibull', shape: 100, scale: 12000 })))), 'behaviour.patienceMin', /impossible window/);
    // Energy has no upper end: only finite draws count, so a mean past the largest double is empty.
    expectIssue(issuesOf(validate(edited((r) => (r.demand = { arrivalSoc: 0, energyKwh: { dist: 'gamma', shape: 1e6, scale: 1e303 } })))), 'demand.energyKwh', /\[0, ∞\].*impossible window/);
    expect(() => validateScenario(edited((r) => (r.behaviour.breakMin = { dist: 'normal', mean: 10000, sd: 100 })), 'x')).not.toThrow();
  });

  test('the list of problems stops at 200, with a count of the rest', () => {
    const raw = edited((r) => (r.demand.arrivalSoc = { dist: 'empirical', values: new Array(500).fill('x') }));
    const issues = issuesOf(validate(raw));
    expect(issues).toHaveLength(201);
    expect(issues[200]).toEqual({ path: '(scenario)', expected: 'has 300 more problems not listed', stands: 300 });
  });

  test('the heading counts every problem, those not listed too', () => {
    const raw = edited((r) => (r.demand.arrivalSoc = { dist: 'empirical', values: new Array(500).fill('x') }));
    let message = '';
    try {
      validate(raw)();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')[0]).toBe('test.json: 500 problems');
  });

  test("the heading says 'at least' where a trace's list was cut", () => {
    const raw = edited((r) => (r.arrivals = { trace: 't.csv' }));
    const rows = ['arrival_min', ...new Array(150).fill('x')].join('\n');
    let message = '';
    try {
      validateScenario(raw, 'test.json', () => rows);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')[0]).toBe('test.json: at least 100 problems');
  });
});

describe('names that appear in CSV output', () => {
  // A cell starting with = + - @ (or a tab or carriage return) is a formula to a spreadsheet.
  test.each([['=HYPERLINK("x")'], ['+1'], ['-x'], ['@SUM(A1)'], ['\tx'], ['\rx'], [' x'], ['x '], ['a,b'], ['a"b'], ['a\nb'], [''], ['x'.repeat(101)]])(
    'fleet name and charger id %j are rejected',
    (name) => {
      const rule = /must start with a letter A-Z or a-z \(no accents\) or a digit, then such letters, digits, spaces and _ \. - \( \) \//;
      expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].name = name)))), 'fleet[0].name', rule);
      expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].id = name)))), 'hub.chargers[0].id', rule);
    },
  );

  test.each([
    ['Müller, Spedition "Süd"', 'Muller Spedition Sud'],
    ['Straße Nord', 'Strasse Nord'],
    ['Søren Ærø', 'Soren AEro'],
    ['Łódź', 'Lodz'],
    ['=HYPERLINK("x")', 'HYPERLINK( x )'],
    [' x', 'x'],
    ['- Müller', 'Muller'],
    ['a'.repeat(99) + ' ' + 'b'.repeat(10), 'a'.repeat(99)],
  ])('%j is told the name without what the rule refuses: %j', (name, meant) => {
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].name = name)))), 'fleet[0].name', `did you mean "${meant}"?`);
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].id = name)))), 'hub.chargers[0].id', `did you mean "${meant}"?`);
  });

  test.each([['🚚'], ['中文'], ['']])('%j, with nothing left once the rule is kept, gets no guess', (name) => {
    const issues = issuesOf(validate(edited((r) => (r.fleet[0].name = name))));
    expectIssue(issues, 'fleet[0].name', /must start with a letter/);
    expect(issues.find((i) => i.path === 'fleet[0].name')!.expected).not.toContain('did you mean');
  });

  test.each([['eActros 600'], ['volvo-fh_aero.2 (780 kWh)/MCS'], ['7'], ['x'.repeat(100)]])('%j is a fine name', (name) => {
    expect(() => validateScenario(edited((r) => ((r.fleet[0].name = name), (r.hub.chargers[0].id = name))), 'x')).not.toThrow();
  });
});

test('a trace path longer than 4096 characters', () => {
  expectIssue(issuesOf(validate(edited((r) => (r.arrivals = { trace: 'x'.repeat(5000) })))), 'arrivals.trace', 'must be at most 4096 characters', '5000 characters');
});

describe('outages, stop classes, per-type overrides, curves per connector and arrival profiles', () => {
  test('valid new fields pass and come back normalised', () => {
    const s = validateScenario(
      edited((r) => {
        r.hub.chargers[0].failures = { betweenMin: { dist: 'exponential', mean: 20000 }, repairMin: 240 };
        r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: 3 }, { startMin: 100, endMin: 200 }];
        r.hub.chargers[0].reservedFor = ['overnight', 'break'];
        r.fleet[0].stop = 'break';
        r.fleet[0].curve = { CCS: [[0, 1], [0.8, 1], [1, 0.3]] };
        r.fleet[0].demand = { arrivalSoc: 0.3 };
        r.fleet[0].behaviour = { leave: 'breakEnd' };
        r.arrivals = { trucksPerDay: 10, hourOfWeek: new Array(168).fill(2), growthPerYear: 0.05 };
      }),
      'test.json',
    );
    const g = s.hub.chargers[0];
    expect(g.failures).toEqual({ betweenMin: { dist: 'exponential', mean: 20000, trunc: { min: 1, max: 52_560_000 } }, repairMin: { dist: 'constant', value: 240 } });
    expect(g.reservedFor).toEqual(['break', 'overnight']);
    expect(s.fleet[0].curves.CCS).toEqual([[0, 1], [0.8, 1], [1, 0.3]]);
    expect(s.fleet[0].demand.arrivalSoc).toEqual({ dist: 'constant', value: 0.3 });
    expect(s.fleet[0].demand.targetSoc).toBe(s.demand.targetSoc);
    expect(s.fleet[0].behaviour.leave).toBe('breakEnd');
    expect(s.fleet[0].behaviour.breakMin).toBe(s.behaviour.breakMin);
    expect(s.arrivals.kind === 'rate' && s.arrivals.hourOfWeek?.[0]).toBe(1);
    expect(s.arrivals.kind === 'rate' && s.arrivals.growthPerYear).toBe(0.05);
  });

  test('outages: ranges, window shapes and order', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].failures = { betweenMin: 0.5, repairMin: 10 })))), 'hub.chargers[0].failures.betweenMin', /\[1, 52560000\]/, '0.5');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].failures = { betweenMin: 100, repairMin: -1 })))), 'hub.chargers[0].failures.repairMin', /\[0, 52560000\]/, '-1');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].failures = { betweenMin: 100 })))), 'hub.chargers[0].failures.repairMin', /required/);
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ startMin: 50, endMin: 50 }])))), 'hub.chargers[0].maintenance[0].endMin', /greater than startMin/, '50');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tuesday', startHour: 2, hours: 3 }])))), 'hub.chargers[0].maintenance[0].weekday', /one of/);
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 24, hours: 3 }])))), 'hub.chargers[0].maintenance[0].startHour', /< 24/, '24');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: 200 }])))), 'hub.chargers[0].maintenance[0].hours', /<= 168/, '200');
    // A weekly window that leaves out its weekday is still told as weekly, not as a one-off window whose startMin and endMin are missing.
    const weekly = issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ startHour: 2, hours: 3 }]))));
    expect(weekly.filter((i) => i.path.startsWith('hub.chargers[0].maintenance'))).toEqual([{ path: 'hub.chargers[0].maintenance[0].weekday', expected: 'is required: day the window starts, every week', found: undefined }]);
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ hours: 3 }])))), 'hub.chargers[0].maintenance[0].startHour', /required/);
    // Fields of both forms: one issue naming the two forms, not the other form's fields as unknown.
    const mixed = issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ weekday: 'Tue', startHour: 2, hours: 3, endMin: 5 }]))));
    expect(mixed.filter((i) => i.path.startsWith('hub.chargers[0].maintenance'))).toEqual([
      { path: 'hub.chargers[0].maintenance[0]', expected: expect.stringMatching(/every week \{weekday, startHour, hours\}, or once \{startMin, endMin\}; not fields of both/), found: '{"weekday":"Tue","startHour":2,"hours":3,"endMin":5}' },
    ]);
    const started = issuesOf(validate(edited((r) => (r.hub.chargers[0].maintenance = [{ startMin: 0, endMin: 10, weekday: 'Mon' }]))));
    expect(started.filter((i) => i.path.startsWith('hub.chargers[0].maintenance')).map((i) => i.path)).toEqual(['hub.chargers[0].maintenance[0]']);
  });

  test('stop classes: a type no bay is open to is an error, naming the class', () => {
    const issues = issuesOf(validate(edited((r) => (r.hub.chargers[0].reservedFor = ['break'], (r.fleet[0].stop = 'overnight')))));
    expectIssue(issues, 'fleet[0].stop', 'must be a class some bay with its connectors (CCS) is open to: hub.chargers[0].reservedFor reserves its bays for other classes, so no bay can serve this type', '"overnight"');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].reservedFor = [])))), 'hub.chargers[0].reservedFor', /at least 1|fewer than 1/);
    expectIssue(issuesOf(validate(edited((r) => (r.hub.chargers[0].reservedFor = ['break', 'break'])))), 'hub.chargers[0].reservedFor', /must not name a value twice \(items 0 and 1 are both "break"\)/);
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].stop = 'lunch')))), 'fleet[0].stop', /one of/);
    // A misspelt class is one mistake, not also one per fleet type left without a bay.
    expect(issuesOf(validate(edited((r) => (r.hub.chargers[0].reservedFor = ['brake']))))).toEqual([
      { path: 'hub.chargers[0].reservedFor[0]', expected: 'must be one of "break", "overnight"; did you mean "break"?', found: '"brake"' },
    ]);
  });

  test('per-type overrides are checked as the scenario fields are', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].demand = { targetSoc: 0.8, energyKwh: 100 })))), 'fleet[0].demand', /not both/);
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].demand = { arrivalSoc: 1.5 })))), 'fleet[0].demand.arrivalSoc', /\[0, 1\]/, '1.5');
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].behaviour = { breakMin: 20000 })))), 'fleet[0].behaviour.breakMin', /\[0, 10080\]/, '20000');
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].behaviour = { leave: 'never' })))), 'fleet[0].behaviour.leave', /one of/);
  });

  test('curves per connector: each curve checked, and only for connectors of maxKw', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].curve = { CCS: [[0, 1], [0.9, 0.5]] })))), 'fleet[0].curve.CCS[1][0]', /must be 1/, '0.9');
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].curve = { MCS: [[0, 1], [1, 0.5]] })))), 'fleet[0].curve.MCS', /connector of maxKw/);
    // A misspelt connector in maxKw is named once, with the one meant: not again by the curve for it.
    const misspelt = issuesOf(validate(edited((r) => ((r.fleet[0].maxKw = { CSS: 400 }), (r.fleet[0].curve = { CCS: [[0, 1], [1, 0.5]] })))));
    expect(misspelt.filter((i) => i.path.startsWith('fleet[0]')).map((i) => `${i.path}: ${i.expected}`)).toEqual(['fleet[0].maxKw.CSS: is not a known field (did you mean "CCS"?)']);
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].curve = { XCS: [[0, 1], [1, 0.5]] })))), 'fleet[0].curve.XCS', /not a known field/);
    // A key that is no connector is told once, as unknown, and its points are not judged under another spelling of it.
    const spaced = issuesOf(validate(edited((r) => (r.fleet[0].curve = { 'CCS ': [[0, 1], [0.5, 2], [1, 0.3]] }))));
    expect(spaced.filter((i) => i.path.startsWith('fleet[0]')).map((i) => i.path)).toEqual(['fleet[0].curve["CCS "]']);
  });

  test('arrival profiles: hourOfWeek replaces hourly and weekly; growth is bounded; neither goes with a trace', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals = { trucksPerDay: 10, hourly: new Array(24).fill(1), hourOfWeek: new Array(168).fill(1) })))), 'arrivals.hourOfWeek', /replaces both/);
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals = { trucksPerDay: 10, hourOfWeek: new Array(167).fill(1) })))), 'arrivals.hourOfWeek', /exactly 168 items/);
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals = { trucksPerDay: 10, hourOfWeek: new Array(168).fill(0) })))), 'arrivals.hourOfWeek', /positive sum/);
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals = { trucksPerDay: 10, growthPerYear: 2 })))), 'arrivals.growthPerYear', /<= 1/, '2');
    const long = edited((r) => ((r.arrivals = { trucksPerDay: 50000, growthPerYear: 1 }), (r.horizon = { days: 3650 })));
    expectIssue(issuesOf(validate(long)), 'arrivals.growthPerYear', /at most 100000/);
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals = { trace: 'x.csv', growthPerYear: 0.1 })))), 'arrivals', /not both/, 'trace and growthPerYear');
  });
});

describe("the site's power and money", () => {
  const byHour = Array.from({ length: 24 }, (_, h) => (h < 6 ? 1500 : 800));

  test('a grid limit by hour of the day becomes 168 values by hour of the week; gridKw is its largest', () => {
    const s = validateScenario(edited((r) => (r.hub.gridKw = { byHour })), 'x');
    expect(s.hub.gridKw).toBe(1500);
    expect(s.hub.gridKwByHour).toHaveLength(168);
    expect(s.hub.gridKwByHour!.slice(24, 48)).toEqual(byHour);
    expect(Object.isFrozen(s.hub.gridKwByHour)).toBe(true);
    const week = Array.from({ length: 168 }, (_, h) => 100 + h);
    expect(validateScenario(edited((r) => (r.hub.gridKw = { byHourOfWeek: week })), 'x').hub.gridKwByHour).toEqual(week);
    // A constant limit has no schedule, and adds no field the schema does not know.
    expect('gridKwByHour' in validateScenario(edited((r) => (r.hub.gridKw = 700)), 'x').hub).toBe(false);
  });

  test('a malformed grid limit', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = '2000')))), 'hub.gridKw', 'must be a number or values by hour', '"2000"');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = { byHour: byHour.slice(1) })))), 'hub.gridKw.byHour', 'must have exactly 24 items', '23 items');
    // A week's 168 values where a day's 24 go, or the reverse: the field that takes them is named.
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = { byHour: Array(168).fill(500) })))), 'hub.gridKw.byHour', "must have exactly 24 items (168 values, one per hour of the week, are byHourOfWeek's)", '168 items');
    expectIssue(issuesOf(validate(edited((r) => (r.arrivals.hourly = Array(168).fill(1))))), 'arrivals.hourly', "must have exactly 24 items (168 values, one per hour of the week, are hourOfWeek's)", '168 items');
    // A truck type's hours have no week's form: nothing to point to.
    expectIssue(issuesOf(validate(edited((r) => (r.fleet[0].hourly = Array(168).fill(1))))), 'fleet[0].hourly', /^must have exactly 24 items$/, '168 items');
    expectIssue(issuesOf(validate(edited((r) => (r.economics = { energyPrice: { byHourOfWeek: Array(24).fill(0.2) } })))), 'economics.energyPrice.byHourOfWeek', "must have exactly 168 items (24 values, one per hour of the day, are byHour's)", '24 items');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = { byHourOfWeek: byHour })))), 'hub.gridKw.byHourOfWeek', 'must have exactly 168 items', '24 items');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = {})))), 'hub.gridKw', 'must have at least 1 field: byHour or byHourOfWeek', '{}');
    // An empty maxKw is told which fields it takes, and what each holds.
    expectIssue(
      issuesOf(validate(edited((r) => (r.fleet[0].maxKw = {})))),
      'fleet[0].maxKw',
      'must have at least 1 field: CCS or MCS, each connector the type can use with its most kW there ({"CCS": 400})',
      '{}',
    );
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = { byhour: byHour })))), 'hub.gridKw.byhour', 'is not a known field (did you mean "byHour"?)');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = { byHour, byHourOfWeek: new Array(168).fill(1) })))), 'hub.gridKw', 'must give byHour or byHourOfWeek, not both');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = { byHour: new Array(24).fill(0.5) })))), 'hub.gridKw', 'largest value of at least 1 kW', '0.5');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.gridKw = { byHour: [-1, ...byHour.slice(1)] })))), 'hub.gridKw.byHour[0]', 'must be a number >= 0', '-1');
  });

  test('a battery comes back with its defaults; a target only with peakShaving', () => {
    const s = validateScenario(edited((r) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 1000, powerKw: 400 }))), 'x');
    expect(s.hub.battery).toEqual({ capacityKwh: 1000, powerKw: 400, efficiency: 0.9, initialSoc: 0.5, strategy: 'greedy' });
    const peak = validateScenario(edited((r) => (r.hub.battery = { capacityKwh: 1000, powerKw: 400, strategy: 'peakShaving', targetKw: 300 })), 'x');
    expect(peak.hub.battery).toEqual({ capacityKwh: 1000, powerKw: 400, efficiency: 0.9, initialSoc: 0.5, strategy: 'peakShaving', targetKw: 300 });
    const greedyTarget = edited((r) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 1000, powerKw: 400, targetKw: 300 })));
    expectIssue(issuesOf(validate(greedyTarget)), 'hub.battery.targetKw', 'must be left out unless hub.battery.strategy is "peakShaving"', '300');
    expectIssue(issuesOf(validate(edited((r) => (r.hub.battery = { capacityKwh: 1000, powerKw: 400 })))), 'hub.battery', 'needs a grid limit (hub.gridKw)');
    expectIssue(issuesOf(validate(edited((r) => ((r.hub.gridKw = 500), (r.hub.battery = { capacityKwh: 1000, powerKw: 400, strategy: 'peakshaving' }))))), 'hub.battery.strategy', 'did you mean "peakShaving"');
    expectIssue(issuesOf(validate(edited((r) => ((r.hub.gridKw = 500), (r.hub.battery = { powerKw: 400 }))))), 'hub.battery.capacityKwh', 'is required');
  });

  test('economics: prices become 168 values by hour of the week; the demand charge period defaults to 30 days', () => {
    const s = validateScenario(edited((r) => (r.economics = { energyPrice: 0.25, demandCharge: { perKw: 12 }, sellingPrice: 0.5 })), 'x');
    expect(s.economics!.energyPrice).toEqual(new Array(168).fill(0.25));
    expect(s.economics!.demandCharge).toEqual({ perKw: 12, periodDays: 30 });
    expect(s.economics!.sellingPrice).toBe(0.5);
    expect('connectionCostPerKwYear' in s.economics!).toBe(false);
    const tou = validateScenario(edited((r) => (r.economics = { energyPrice: { byHour: byHour.map((v) => v / 1e4) } })), 'x');
    expect(tou.economics!.energyPrice![24 * 3 + 7]).toBe(0.08);
    expect(validateScenario(baseRaw(), 'x').economics).toBeUndefined();
  });

  test('economics that cannot be priced', () => {
    expectIssue(issuesOf(validate(edited((r) => (r.economics = { connectionCostPerKwYear: 50 })))), 'economics.connectionCostPerKwYear', 'needs hub.gridKw', '50');
    const short = edited((r) => ((r.output.powerIntervalMin = 10080), (r.economics = { demandCharge: { perKw: 1, periodDays: 1 } })));
    expectIssue(issuesOf(validate(short)), 'economics.demandCharge.periodDays', 'at least one power interval long', '1');
    // Exactly one interval long is long enough: a week's period over week-long intervals.
    const week = validateScenario(edited((r) => ((r.output.powerIntervalMin = 10080), (r.economics = { demandCharge: { perKw: 1, periodDays: 7 } }))), 'x');
    expect(week.economics!.demandCharge).toEqual({ perKw: 1, periodDays: 7 });
    // A period under its bound of a day is that one problem, not also one of being under an interval.
    const tiny = issuesOf(validate(edited((r) => (r.economics = { demandCharge: { perKw: 1, periodDays: 0.005 } }))));
    expect(tiny.filter((i) => i.path === 'economics.demandCharge.periodDays')).toEqual([{ path: 'economics.demandCharge.periodDays', expected: 'must be a number >= 1', found: '0.005' }]);
    expectIssue(issuesOf(validate(edited((r) => (r.economics = { demandCharge: {} })))), 'economics.demandCharge.perKw', 'is required');
    expectIssue(issuesOf(validate(edited((r) => (r.economics = { energyPrice: { byHour, byHourOfWeek: [] } })))), 'economics.energyPrice', 'not both');
    expectIssue(issuesOf(validate(edited((r) => (r.economics = { price: 1 })))), 'economics.price', 'is not a known field');
  });
});
