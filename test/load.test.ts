/**
 * Loading scenario and trace files from disk: sizes, devices and pipes, read with bounded memory,
 * every failure an InputError; and `hubsim validate` reporting every file's problems at once.
 */
import { describe, expect, test } from '@jest/globals';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError, type InputIssue } from '../src/errors.js';
import { completeScenario, loadScenario, MAX_SCENARIO_BYTES, readScenarioFile } from '../src/scenario/load.js';
import { TRACE_LIMITS, traceRows } from '../src/scenario/trace.js';
import { UTF16_TEXT } from '../src/words.js';
import { baseRaw } from './helpers/scenarios.js';
import { scratch } from './helpers/scratch.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = scratch('hubsim-load-');

async function issuesOf(p: Promise<unknown>): Promise<readonly InputIssue[]> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues;
  }
  throw new Error('expected an InputError, but the input was accepted');
}

/** Writes a scenario whose arrivals come from `trace` (a path relative to the scenario) and returns its path. */
function scenarioWithTrace(name: string, trace: string): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...baseRaw(), name, arrivals: { trace } }));
  return path;
}

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('scenario files', () => {
  test('bytes that are not UTF-8 (a file saved as Latin-1) are refused at their line and column; UTF-8 beyond ASCII is read as written', async () => {
    const text = JSON.stringify({ ...baseRaw(), description: 'Café Mönchengladbach' }, null, 1);
    const latin = join(dir, 'latin1.json');
    writeFileSync(latin, Buffer.from(text, 'latin1'));
    const line = text.split('\n').findIndex((l) => l.includes('Caf')) + 1;
    expect(await issuesOf(loadScenario(latin))).toEqual([
      { path: `line ${line}, column ${text.split('\n')[line - 1].indexOf('é') + 1}`, expected: 'must be UTF-8 text', found: 'bytes that are not UTF-8 (a file saved in another encoding, such as Latin-1?)' },
    ]);
    const utf8 = join(dir, 'utf8.json');
    writeFileSync(utf8, text);
    expect((await loadScenario(utf8)).description).toBe('Café Mönchengladbach');
    // A U+FFFD the file holds itself, written in UTF-8 before them, is not where they are.
    const mixed = join(dir, 'mixed.json');
    writeFileSync(mixed, Buffer.concat([Buffer.from('{"name": "a",\n "description": "\uFFFD",\n "x": 1,\n "y": "', 'utf8'), Buffer.from([0xff]), Buffer.from('"}', 'utf8')]));
    expect((await issuesOf(loadScenario(mixed)))[0].path).toBe('line 4, column 8');
  });

  // Windows's "Unicode" text was called "another encoding, such as Latin-1?", as the trace's reader does not.
  test('UTF-16, with either byte-order mark or none, is said to be UTF-16', async () => {
    const text = JSON.stringify(baseRaw());
    const le = Buffer.from(text, 'utf16le');
    for (const [name, bytes] of [['le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), le])], ['be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()])], ['bare.json', le]] as const) {
      writeFileSync(join(dir, name), bytes);
      expect(await issuesOf(loadScenario(join(dir, name)))).toEqual([{ path: 'line 1, column 1', expected: 'must be UTF-8 text', found: UTF16_TEXT }]);
    }
    // Other NULs are no sign of it: a gzip of a scenario is bytes that are not UTF-8, and a NUL
    // inside a name is a character JSON does not allow raw.
    writeFileSync(join(dir, 'gz.json'), gzipSync(text));
    expect((await issuesOf(loadScenario(join(dir, 'gz.json'))))[0].found).not.toBe(UTF16_TEXT);
    writeFileSync(join(dir, 'nul.json'), '{"name": "x\0"}');
    expect((await issuesOf(loadScenario(join(dir, 'nul.json'))))[0].found).not.toBe(UTF16_TEXT);
  });

  test('a file: URL is read as its path, trace included; anything but a path or a file: URL is an InputError', async () => {
    const csv = join(dir, 'url-trace.csv');
    writeFileSync(csv, 'arrival_min\n5\n');
    const file = join(dir, 'url-scenario.json');
    writeFileSync(file, JSON.stringify({ ...baseRaw(), arrivals: { trace: 'url-trace.csv' } }));
    const byUrl = await loadScenario(pathToFileURL(file));
    expect(byUrl.arrivals.kind === 'trace' && byUrl.arrivals.columns.length).toBe(1);
    // A URL like Node's, as the declarations describe one (another realm's, say), by its href.
    const { href, protocol } = pathToFileURL(file);
    expect(await loadScenario({ href, protocol })).toEqual(byUrl);
    expect(await issuesOf(loadScenario({ href: 'file://host:99999/x', protocol: 'file:' }))).toHaveLength(1);
    // A Proxy of a URL passes instanceof, and its fields then throw: an InputError, not a TypeError.
    expect(await issuesOf(loadScenario(new Proxy(pathToFileURL(file), {})))).toEqual([
      { path: 'file', expected: 'must be a path or a file: URL', found: expect.stringMatching(/^a URL whose fields cannot be read \(/) },
    ]);
    expect(await issuesOf(loadScenario(undefined as unknown as string))).toEqual([{ path: 'file', expected: 'must be a path or a file: URL', found: 'nothing' }]);
    expect(await issuesOf(loadScenario(Buffer.from(file) as unknown as string))).toHaveLength(1);
    expect(await issuesOf(loadScenario(new URL('https://example.org/s.json')))).toEqual([
      { path: 'file', expected: 'must be a path or a file: URL', found: '"https://example.org/s.json", not a file: URL' },
    ]);
  });

  test('a character device (/dev/zero) is refused before it is read', async () => {
    expect(await issuesOf(loadScenario('/dev/zero'))).toEqual([{ path: '/dev/zero', expected: 'must be a readable scenario file', found: 'a character device, not a file' }]);
  });

  test(`a file over ${MAX_SCENARIO_BYTES} bytes is refused without being read`, async () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, '');
    truncateSync(path, MAX_SCENARIO_BYTES + 1); // sparse: takes no disk space
    expect(await issuesOf(loadScenario(path))).toEqual([{ path, expected: 'must be at most 16777216 bytes (16 MiB)', found: '16777217 bytes' }]);
  });

  test(`a file of exactly ${MAX_SCENARIO_BYTES} bytes is read: only one over it is too large`, async () => {
    const path = join(dir, 'at-limit.json');
    writeFileSync(path, '');
    truncateSync(path, MAX_SCENARIO_BYTES); // sparse zeros: read, and refused as no JSON
    const issues = await issuesOf(loadScenario(path));
    expect(issues).toHaveLength(1);
    expect(issues[0].expected).toMatch(/^invalid JSON/);
  });

  test('a pipe is read to its end, and refused as soon as it gives too much', async () => {
    const good = fifo('scenario-pipe.json');
    const writer = createWriteStream(good);
    writer.end(JSON.stringify(baseRaw()));
    expect((await loadScenario(good)).name).toBe('tiny');

    const endless = fifo('endless.json');
    const w = createWriteStream(endless);
    w.on('error', () => {}); // the reader hangs up on it
    const chunk = Buffer.alloc(1 << 20, 0x20);
    const pump = () => {
      while (!w.destroyed && w.write(chunk));
      if (!w.destroyed) w.once('drain', pump);
    };
    pump();
    const issues = await issuesOf(loadScenario(endless));
    w.destroy();
    expect(issues).toEqual([{ path: endless, expected: 'must be at most 16777216 bytes (16 MiB)', found: 'more than 16777216 bytes' }]);
  });
});

describe('a scenario file that is not there', () => {
  test('a link whose file is gone is said to be one, and is not offered itself as the file meant', async () => {
    const folder = mkdtempSync(join(dir, 'dangling-'));
    symlinkSync(join(folder, 'gone.json'), join(folder, 'hub.json'));
    expect(await issuesOf(loadScenario(join(folder, 'hub.json')))).toEqual([
      { path: join(folder, 'hub.json'), expected: 'must be a readable scenario file', found: `a link to ${JSON.stringify(join(folder, 'gone.json'))}, which does not exist` },
    ]);
  });

  test('names the file of that folder it likely was: the name without .json, or a slip of it', async () => {
    const folder = mkdtempSync(join(dir, 'named-'));
    writeFileSync(join(folder, 'hub-phase1.json'), JSON.stringify(baseRaw()));
    writeFileSync(join(folder, 'notes.txt'), 'x');
    const missing = (name: string) => issuesOf(loadScenario(join(folder, name)));
    expect(await missing('hub-phase1')).toEqual([{ path: join(folder, 'hub-phase1'), expected: 'must be a readable scenario file', found: 'no such file; did you mean hub-phase1.json?' }]);
    expect((await missing('hub-phase1.jsn'))[0].found).toBe('no such file; did you mean hub-phase1.json?');
    expect((await missing('hub-phase2.json'))[0].found).toBe('no such file; did you mean hub-phase1.json?');
    // Nothing close, or a folder that is not there either: no guess.
    expect((await missing('other.json'))[0].found).toBe('no such file');
    // Two edits in a name of four letters are no slip, however long .json makes it; two letters swapped are.
    writeFileSync(join(folder, 'copy.json'), JSON.stringify(baseRaw()));
    expect((await missing('nope.json'))[0].found).toBe('no such file');
    expect((await missing('cpoy.json'))[0].found).toBe('no such file; did you mean copy.json?');
    expect((await missing('ocyp.json'))[0].found).toBe('no such file');
    // A name cut short: the one file it begins.
    expect((await missing('hub-ph'))[0].found).toBe('no such file; did you mean hub-phase1.json?');
    expect((await missing('copu.json'))[0].found).toBe('no such file; did you mean copy.json?');
    expect((await issuesOf(loadScenario(join(folder, 'nope', 'x.json'))))[0].found).toBe('no such file');
    // A file that is no scenario (not .json) is no guess either.
    expect((await missing('notes.tx'))[0].found).toBe('no such file');
  });

  test('the name with .json added is named even when another name starts the same', async () => {
    const folder = mkdtempSync(join(dir, 'added-'));
    writeFileSync(join(folder, 'koblenz.json'), JSON.stringify(baseRaw()));
    writeFileSync(join(folder, 'koblenz-phase2.json'), JSON.stringify(baseRaw()));
    expect((await issuesOf(loadScenario(join(folder, 'koblenz'))))[0].found).toBe('no such file; did you mean koblenz.json?');
  });

  test("a file that cannot be read is told why in words, not in Node's message with its call and path", async () => {
    const folder = mkdtempSync(join(dir, 'loop-'));
    symlinkSync(join(folder, 'b.json'), join(folder, 'a.json'));
    symlinkSync(join(folder, 'a.json'), join(folder, 'b.json'));
    expect(await issuesOf(loadScenario(join(folder, 'a.json')))).toEqual([{ path: join(folder, 'a.json'), expected: 'must be a readable scenario file', found: 'too many symbolic links (ELOOP)' }]);
  });

  test('a path that is there but is no file gets no guess', async () => {
    const folder = mkdtempSync(join(dir, 'folder-'));
    writeFileSync(join(folder, 'hub.json'), JSON.stringify(baseRaw()));
    mkdirSync(join(folder, 'hub'));
    expect(await issuesOf(loadScenario(join(folder, 'hub')))).toEqual([{ path: join(folder, 'hub'), expected: 'must be a readable scenario file', found: 'a folder' }]);
  });
});

describe('trace files', () => {
  test('a missing trace at an absolute path is named as written: no folder is looked in', async () => {
    const absent = join(dir, 'elsewhere', 'absent.csv');
    expect(await issuesOf(loadScenario(scenarioWithTrace('absolute-trace', absent)))).toEqual([
      { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: `${JSON.stringify(absent)}: no such file` },
    ]);
  });

  test('a trace whose every row lies after the horizon is refused, read from its file or served by a scenario that read it', async () => {
    writeFileSync(join(dir, 'late.csv'), 'arrival_min\n100\n2000\n');
    const expected = 'must have an arrival before the horizon (horizon.days = 0.05: minute 72), as arrival_min counts minutes from t = 0, a Monday 00:00';
    const late = join(dir, 'late.json');
    writeFileSync(late, JSON.stringify({ ...baseRaw(), name: 'late', arrivals: { trace: 'late.csv' }, horizon: { days: 0.05 } }));
    expect(await issuesOf(loadScenario(late))).toEqual([
      { path: 'arrivals.trace', expected, found: '2 rows, the first at minute 100' },
    ]);
    // A design of a shorter horizon served the trace its sibling read.
    const file = scenarioWithTrace('early', 'late.csv');
    const { scenario } = await readScenarioFile(file);
    const shorter = { ...baseRaw(), name: 'early', arrivals: { trace: 'late.csv' }, horizon: { days: 0.05 } };
    expect(await issuesOf(completeScenario(shorter, file, [{ file, scenario }]))).toEqual([
      { path: 'arrivals.trace', expected, found: '2 rows, the first at minute 100' },
    ]);
  });

  test('a trace in a pipe is streamed in', async () => {
    const pipe = fifo('trace-pipe.csv');
    const w = createWriteStream(pipe);
    w.end('arrival_min,soc_in\n30,0.5\n10,0.25\n');
    const s = await loadScenario(scenarioWithTrace('piped', 'trace-pipe.csv'));
    if (s.arrivals.kind !== 'trace') throw new Error('trace expected');
    expect(traceRows(s.arrivals.columns, ['t'])).toEqual([
      { arrivalMin: 10, socIn: 0.25 },
      { arrivalMin: 30, socIn: 0.5 },
    ]);
  });

  test('/dev/zero as a trace fails at once', async () => {
    const issues = await issuesOf(loadScenario(scenarioWithTrace('zero', '/dev/zero')));
    expect(issues).toEqual([{ path: 'arrivals.trace', expected: 'must name a readable CSV file', found: '"/dev/zero": a character device, not a file' }]);
  });

  test('an endless stream of zeros through a pipe stops at the record limit', async () => {
    const pipe = fifo('zeros.csv');
    const w = createWriteStream(pipe);
    w.on('error', () => {});
    const chunk = Buffer.alloc(1 << 16, 0);
    const pump = () => {
      while (!w.destroyed && w.write(chunk));
      if (!w.destroyed) w.once('drain', pump);
    };
    pump();
    const issues = await issuesOf(loadScenario(scenarioWithTrace('zeros', 'zeros.csv')));
    w.destroy();
    expect(issues).toEqual([{ path: 'trace zeros.csv line 1', expected: `must have rows of at most ${TRACE_LIMITS.recordChars} characters (or perhaps a quote was left open and runs on over the lines after it)`, found: 'a longer one' }]);
  });

  test('a trace over 2 GiB is refused without being read', async () => {
    const path = join(dir, 'huge.csv');
    writeFileSync(path, '');
    truncateSync(path, TRACE_LIMITS.bytes + 1);
    expect(await issuesOf(loadScenario(scenarioWithTrace('huge', 'huge.csv')))).toEqual([
      { path: 'trace huge.csv', expected: 'must be at most 2147483648 bytes (2 GiB)', found: '2147483649 bytes' },
    ]);
  });

  test('a folder as a trace', async () => {
    const issues = await issuesOf(loadScenario(scenarioWithTrace('folder', '.')));
    expect(issues).toEqual([{ path: 'arrivals.trace', expected: 'must name a readable CSV file', found: '".": a folder' }]);
  });

  test("a trace path through a loop of links, or holding a NUL character, is said in hubsim's words, not Node's", async () => {
    symlinkSync('loop-b.csv', join(dir, 'loop-a.csv'));
    symlinkSync('loop-a.csv', join(dir, 'loop-b.csv'));
    expect(await issuesOf(loadScenario(scenarioWithTrace('loop', 'loop-a.csv')))).toEqual([
      { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: '"loop-a.csv": too many symbolic links (ELOOP)' },
    ]);
    expect(await issuesOf(loadScenario(scenarioWithTrace('nul-char', 'a\u0000b.csv')))).toEqual([
      { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: '"a\\u0000b.csv": a NUL character in the path, which no file name can hold' },
    ]);
  });

  test("a scenario with problems of its own still has its trace checked: every problem is listed at once", async () => {
    writeFileSync(join(dir, 'bad-rows.csv'), 'arrival_min,fleet\n-1,t\n5,nosuch\n');
    const both = join(dir, 'both-bad.json');
    writeFileSync(both, JSON.stringify({ ...baseRaw(), name: 'both-bad', horizon: { days: -1 }, arrivals: { trace: 'bad-rows.csv' } }));
    expect(await issuesOf(loadScenario(both))).toEqual([
      { path: 'horizon.days', expected: 'must be a number > 0', found: '-1' },
      { path: 'trace bad-rows.csv line 2, column arrival_min', expected: 'must be a number >= 0', found: '"-1"' },
      { path: 'trace bad-rows.csv line 3, column fleet', expected: "must be one of the fleet's names: t", found: '"nosuch"' },
    ]);
    const missing = join(dir, 'missing-trace.json');
    writeFileSync(missing, JSON.stringify({ ...baseRaw(), name: 'missing-trace', horizon: { days: -1 }, arrivals: { trace: 'no-such.csv' } }));
    expect(await issuesOf(loadScenario(missing))).toEqual([
      { path: 'horizon.days', expected: 'must be a number > 0', found: '-1' },
      { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: `"no-such.csv": no such file at ${join(dir, 'no-such.csv')}, as a trace's path is relative to the scenario file's folder` },
    ]);
    // A ~ that no shell expands in a scenario file: said why, as on the command line.
    const home = join(dir, 'home-trace.json');
    writeFileSync(home, JSON.stringify({ ...baseRaw(), name: 'home-trace', arrivals: { trace: '~/week.csv' } }));
    expect(await issuesOf(loadScenario(home))).toEqual([
      {
        path: 'arrivals.trace',
        expected: 'must name a readable CSV file',
        found: `"~/week.csv": no such file at ${join(dir, '~', 'week.csv')}, as a trace's path is relative to the scenario file's folder; ~ stands for the home folder only where a shell expands it, which it does not in a scenario file: write the whole path, or one relative to the scenario file's folder`,
      },
    ]);
    // A link whose trace is gone is said to be one, as a scenario file's is.
    symlinkSync('gone.csv', join(dir, 'linked.csv'));
    const linked = join(dir, 'linked-trace.json');
    writeFileSync(linked, JSON.stringify({ ...baseRaw(), name: 'linked-trace', arrivals: { trace: 'linked.csv' } }));
    expect(await issuesOf(loadScenario(linked))).toEqual([
      { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: `"linked.csv": a link to "gone.csv", which does not exist at ${join(dir, 'linked.csv')}, as a trace's path is relative to the scenario file's folder` },
    ]);
    // A fleet without names gives the trace's fleet column nothing to match: the file's problems alone.
    const nameless = join(dir, 'nameless.json');
    writeFileSync(nameless, JSON.stringify({ ...baseRaw(), name: 'nameless', fleet: [{ share: 1, batteryKwh: 500, maxKw: { CCS: 400 } }], arrivals: { trace: 'bad-rows.csv' } }));
    expect(await issuesOf(loadScenario(nameless))).toEqual([{ path: 'fleet[0].name', expected: "is required: truck type's name" }]);
  });

  test('a trace read before serves only a scenario naming the same file for the same fleet: another file, or another fleet, is read anew', async () => {
    writeFileSync(join(dir, 'first.csv'), 'arrival_min,fleet\n5,t\n');
    writeFileSync(join(dir, 'second.csv'), 'arrival_min\n7\n9\n');
    const file = scenarioWithTrace('first', 'first.csv');
    const { scenario } = await readScenarioFile(file);
    // A design naming another trace runs that trace's trucks, not those of the one read before.
    const other = await completeScenario({ ...baseRaw(), name: 'first', arrivals: { trace: 'second.csv' } }, file, [{ file, scenario }]);
    if (other.arrivals.kind !== 'trace') throw new Error('trace expected');
    expect(traceRows(other.arrivals.columns, ['t'])).toEqual([{ arrivalMin: 7 }, { arrivalMin: 9 }]);
    // A design with a type more: its rows' types are read against its own list of names.
    const names = ['t', 'u'];
    const more = await completeScenario(
      { ...baseRaw(), name: 'first', arrivals: { trace: 'first.csv' }, fleet: names.map((name) => ({ name, batteryKwh: 500, maxKw: { CCS: 400 } })) },
      file,
      [{ file, scenario }],
    );
    if (more.arrivals.kind !== 'trace') throw new Error('trace expected');
    expect(traceRows(more.arrivals.columns, names)).toEqual([{ arrivalMin: 5, fleet: 't' }]);
  });
});

test("a scenario named through a link and `..` reads the trace beside the file the system opened, not beside the link", async () => {
  const d = mkdtempSync(join(dir, 'up-'));
  mkdirSync(join(d, 'real', 'sub'), { recursive: true });
  symlinkSync(join(d, 'real', 'sub'), join(d, 'cur'));
  writeFileSync(join(d, 'real', 'hub.json'), JSON.stringify({ ...baseRaw(), name: 'hub', arrivals: { trace: 'week.csv' } }));
  writeFileSync(join(d, 'real', 'week.csv'), 'arrival_min\n5\n');
  // Where the path's `..` leads by name alone: a trace of another week.
  writeFileSync(join(d, 'week.csv'), 'arrival_min\n7\n9\n');
  const s = await loadScenario(`${d}/cur/../hub.json`);
  if (s.arrivals.kind !== 'trace') throw new Error('trace expected');
  expect(traceRows(s.arrivals.columns, ['t'])).toEqual([{ arrivalMin: 5 }]);
  // Missing there, it is said to be looked for there.
  rmSync(join(d, 'real', 'week.csv'));
  expect(await issuesOf(loadScenario(`${d}/cur/../hub.json`))).toEqual([
    { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: `"week.csv": no such file at ${join(d, 'real', 'week.csv')}, as a trace's path is relative to the scenario file's folder` },
  ]);
});

test('a scenario file that is a link reads the trace beside the file it points to, the file the system opened', async () => {
  const d = mkdtempSync(join(dir, 'linked-'));
  mkdirSync(join(d, 'real'), { recursive: true });
  writeFileSync(join(d, 'real', 'hub.json'), JSON.stringify({ ...baseRaw(), name: 'hub', arrivals: { trace: 'week.csv' } }));
  writeFileSync(join(d, 'real', 'week.csv'), 'arrival_min\n5\n');
  symlinkSync(join('real', 'hub.json'), join(d, 'hub.json'));
  const s = await loadScenario(join(d, 'hub.json'));
  if (s.arrivals.kind !== 'trace') throw new Error('trace expected');
  expect(traceRows(s.arrivals.columns, ['t'])).toEqual([{ arrivalMin: 5 }]);
  // Missing there, it is said to be looked for there.
  rmSync(join(d, 'real', 'week.csv'));
  expect(await issuesOf(loadScenario(join(d, 'hub.json')))).toEqual([
    { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: `"week.csv": no such file at ${join(d, 'real', 'week.csv')}, as a trace's path is relative to the scenario file's folder` },
  ]);
});

describe('a trace that several scenario files of one command name', () => {
  test('is read once for files that name it by other paths, for the same fleet', async () => {
    writeFileSync(join(dir, 'common.csv'), 'arrival_min,fleet\n5,t\n');
    mkdirSync(join(dir, 'phase2'), { recursive: true });
    const first = scenarioWithTrace('phase-one', 'common.csv');
    const second = join(dir, 'phase2', 'phase-two.json');
    writeFileSync(second, JSON.stringify({ ...baseRaw(), name: 'phase-two', arrivals: { trace: '../common.csv' } }));
    const one = await readScenarioFile(first);
    const heard: number[] = [];
    const two = await readScenarioFile(second, (_, bytes) => heard.push(bytes), [{ file: first, scenario: one.scenario }]);
    if (one.scenario.arrivals.kind !== 'trace' || two.scenario.arrivals.kind !== 'trace') throw new Error('traces expected');
    expect(two.scenario.arrivals.columns).toBe(one.scenario.arrivals.columns);
    expect(two.scenario.arrivals.path).toBe('../common.csv');
    expect(heard).toEqual([]);
    // The same path as written, from a file in another folder, is another file.
    writeFileSync(join(dir, 'phase2', 'common.csv'), 'arrival_min\n7\n');
    const elsewhere = join(dir, 'phase2', 'elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify({ ...baseRaw(), name: 'elsewhere', arrivals: { trace: 'common.csv' } }));
    const three = await readScenarioFile(elsewhere, undefined, [{ file: first, scenario: one.scenario }]);
    if (three.scenario.arrivals.kind !== 'trace') throw new Error('trace expected');
    expect(traceRows(three.scenario.arrivals.columns, ['t'])).toEqual([{ arrivalMin: 7 }]);
  });

  // Phase one against phase two on one recorded trace, piped in: the second file found the pipe read out, "an empty file".
  test('in a pipe, serves every file of the same fleet; one of other names is told that a pipe is read once', () => {
    const piped = (name: string, fleet = 't') => {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ ...baseRaw(), name, arrivals: { trace: '/dev/stdin' }, fleet: [{ name: fleet, batteryKwh: 500, maxKw: { CCS: 400 } }] }));
      return path;
    };
    const trace = join(dir, 'piped.csv');
    writeFileSync(trace, 'arrival_min\n5\n65\n125\n');
    // Through a shell's pipe, as a user's `zcat … | hubsim …` gives it (Node's `input` is a socket).
    const hubsim = (...args: string[]) => spawnSync('sh', ['-c', 'cat "$0" | "$@"', trace, process.execPath, join(ROOT, 'bin/hubsim.js'), ...args], { encoding: 'utf8' });
    const out = join(dir, 'piped-out');
    const [a, b] = [piped('piped-a'), piped('piped-b')];
    const r = hubsim('run', a, b, '--replications', '1', '--no-report', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const name of ['piped-a', 'piped-b']) expect(readFileSync(join(out, name, 'replications.csv'), 'utf8')).toMatch(/\n[^,]+,1,\d+,3,/);
    // Read out by a file before it that failed its checks: not "an empty file".
    const failing = join(dir, 'piped-failing.json');
    writeFileSync(failing, JSON.stringify({ ...baseRaw(), name: 'piped-failing', horizon: { days: -1 }, arrivals: { trace: '/dev/stdin' } }));
    const drained = hubsim('validate', failing, b);
    expect(drained.status).toBe(2);
    expect(drained.stderr).toContain(
      `hubsim: ${b}: 1 problem\n  trace /dev/stdin: must have a header row with arrival_min (got nothing: a pipe gives its text once, so a scenario file before this one that names it may have read it all)\n`,
    );
    const other = piped('piped-other', 'u');
    const refused = hubsim('compare', a, other, '--replications', '1', '--no-report', '--out', join(dir, 'piped-refused'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `hubsim: ${other}: 1 problem\n  arrivals.trace: must be a file where scenarios whose fleets list other names, or the same in another order, read it: a pipe is read once, and ${a} read this one for its fleet's names (write the trace to a file, or list the same names in the same order) (got "/dev/stdin")\n`,
    );
  });
});

describe('how far a trace has been read', () => {
  /** A trace of `rows` rows, about 8 bytes each. */
  const traceOf = (rows: number) => `arrival_min\n${Array.from({ length: rows }, (_, i) => (i * 0.25).toFixed(2)).join('\n')}\n`;

  test('is told as it is read, in bytes of the file, up to its size', async () => {
    const text = traceOf(200_000); // about 1.6 MB: more than one 1 MiB chunk
    writeFileSync(join(dir, 'long.csv'), text);
    const heard: [string, number, number | undefined][] = [];
    const { scenario } = await readScenarioFile(scenarioWithTrace('long', 'long.csv'), (trace, bytes, total) => heard.push([trace, bytes, total]));
    expect(scenario.arrivals.kind === 'trace' && scenario.arrivals.columns.length).toBe(200_000);
    const size = Buffer.byteLength(text);
    expect(heard.length).toBeGreaterThan(1);
    expect(heard.every(([trace, , total]) => trace === 'long.csv' && total === size)).toBe(true);
    const bytes = heard.map(([, b]) => b);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)).toBe(size);
  });

  test('of a pipe, whose length only reading tells, with no total', async () => {
    const pipe = fifo('told-pipe.csv');
    const text = 'arrival_min\n30\n10\n';
    createWriteStream(pipe).end(text);
    const heard: (number | undefined)[][] = [];
    await readScenarioFile(scenarioWithTrace('told-pipe', 'told-pipe.csv'), (_, bytes, total) => heard.push([bytes, total]));
    expect(heard.at(-1)).toEqual([text.length, undefined]);
  });

  test('also of a scenario with problems of its own, whose trace is read to list its problems too', async () => {
    const text = 'arrival_min\n-1\n';
    writeFileSync(join(dir, 'told-bad.csv'), text);
    const path = join(dir, 'told-bad.json');
    writeFileSync(path, JSON.stringify({ ...baseRaw(), name: 'told-bad', horizon: { days: -1 }, arrivals: { trace: 'told-bad.csv' } }));
    const heard: number[] = [];
    expect(await issuesOf(readScenarioFile(path, (_, bytes) => heard.push(bytes)))).toHaveLength(2);
    expect(heard).toEqual([text.length]);
  });

  test('not at all for a trace read before, which serves as it is', async () => {
    const text = 'arrival_min\n5\n';
    writeFileSync(join(dir, 'shared.csv'), text);
    const file = scenarioWithTrace('shared', 'shared.csv');
    const heard: number[] = [];
    const { raw, scenario } = await readScenarioFile(file, (_, bytes) => heard.push(bytes));
    await completeScenario(raw, file, [{ file, scenario }], (_, bytes) => heard.push(bytes));
    expect(heard).toEqual([text.length]);
  });

  /**
   * Runs `command` while feeding the trace in the pipe `pipe` in three parts, 1.5 s and 0.6 s apart:
   * reading it lasts past the second after which a command shows a bar, which the last part moves.
   */
  async function feedingSlowly(command: readonly string[], pipe: string, env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const rows = (from: number) => Array.from({ length: 1000 }, (_, i) => `${(from + i) / 4}\n`).join(''); // inside a day's horizon
    const w = createWriteStream(pipe);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    w.write(`arrival_min\n${rows(0)}`);
    await pause(1500);
    w.write(rows(1000));
    await pause(600);
    w.end(rows(2000));
    return { status: await closed, stdout, stderr };
  }

  test('is shown by no command whose standard error is not a terminal: hubsim validate prints its verdict only', async () => {
    const file = scenarioWithTrace('slow', 'slow.csv');
    const r = await feedingSlowly([process.execPath, join(ROOT, 'bin/hubsim.js'), 'validate', file], fifo('slow.csv'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`ok: ${file} (slow)\n`);
    expect(r.status).toBe(0);
  }, 15_000);

  const canScript = spawnSync('script', ['--version']).status === 0;
  (canScript ? test : test.skip)('is shown on a terminal, then cleared before the verdict', async () => {
    const file = scenarioWithTrace('shown', 'shown.csv');
    // `script` runs the command on a terminal of its own and copies what it shows to its output.
    const command = `${process.execPath} ${join(ROOT, 'bin/hubsim.js')} validate ${file}`;
    // A user's terminal, wherever the test runs: a CI job (CI set) is given no bar.
    const { CI: _ci, ...env } = process.env;
    const r = await feedingSlowly(['script', '-qfec', command, '/dev/null'], fifo('shown.csv'), { ...env, TERM: 'xterm' });
    expect(r.status).toBe(0);
    // A pipe has no length to measure a bar against: the bytes read so far.
    expect(r.stdout).toMatch(/trace shown\.csv \| \d+\.\d kB read/);
    const shown = r.stdout.lastIndexOf('trace shown.csv');
    expect(r.stdout.indexOf(`ok: ${file} (shown)`)).toBeGreaterThan(shown);
    expect(r.stdout.slice(shown)).toContain('\x1b[?25h'); // the cursor given back
  }, 15_000);
});

describe('hubsim validate', () => {
  test('a deeply nested file and one with a duplicate key: both reported, exit 2, no stack trace', () => {
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, JSON.stringify(baseRaw()).replace('"description":"test scenario"', `"description":${'['.repeat(5000)}${']'.repeat(5000)}`));
    const dup = join(dir, 'dup.json');
    writeFileSync(dup, JSON.stringify(baseRaw()).replace('"hub":{', '"hub":{"gridKw":1000,"gridKw":2000,'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/hubsim.js'), 'validate', deep, dup], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${deep}: 1 problem\n  line 1, column `);
    expect(r.stderr).toContain('must nest objects and arrays at most 64 levels deep (got level 65)');
    expect(r.stderr).toContain(`${dup}: 1 problem\n  hub.gridKw: must appear once (got 2 times)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
