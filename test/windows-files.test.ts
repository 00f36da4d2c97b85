import { describe, expect, test } from '@jest/globals';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, win32 } from 'node:path';
import { readBaseline } from '../src/cli/commands/baseline.js';
import { portablePath } from '../src/cli/batch.js';
import { readSweepFile } from '../src/cli/designs.js';
import { expandWildcards } from '../src/cli/wildcards.js';
import { shellWord } from '../src/words.js';
import type { InputError } from '../src/errors.js';
import { loadScenario, tracePathHere } from '../src/scenario/load.js';
import { hubsim, root, tmp } from './helpers/cli.js';

// Files as Windows tools save them: CRLF line ends (an editor, or git with core.autocrlf), a UTF-8
// byte-order mark (Excel's "CSV UTF-8", Notepad before 2019), and a trace path written with
// backslashes. Each is read as the LF, mark-free file with slashes is, to the same results. The
// command-line tests use dist/: run `npm run build` first.

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const bom = (text: string) => `\ufeff${text}`;
const shipped = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');

/**
 * A folder holding the shipped trace example as `<name>/hub.json` and `<name>/traces/week.csv`, the
 * scenario's text and the trace's passed through `scenario` and `trace`, its trace path as `path`.
 */
function traceExample(name: string, scenario: (t: string) => string, trace: (t: string) => string, path = 'traces/week.csv'): string {
  const dir = join(tmp(), name);
  mkdirSync(join(dir, 'traces'), { recursive: true });
  const json = shipped('scenarios', 'trace-example.json').replace('"traces/example-week.csv"', JSON.stringify(path));
  writeFileSync(join(dir, 'hub.json'), scenario(json));
  writeFileSync(join(dir, 'traces', 'week.csv'), trace(shipped('scenarios', 'traces', 'example-week.csv')));
  return join(dir, 'hub.json');
}

const same = (t: string) => t;

describe('a scenario and its trace saved on Windows', () => {
  test.each([
    ['the scenario with CRLF line ends', crlf, same],
    ['the scenario with a byte-order mark', bom, same],
    ['the trace with CRLF line ends', same, crlf],
    ['the trace with a byte-order mark (Excel)', same, bom],
    ['both with both', (t: string) => bom(crlf(t)), (t: string) => bom(crlf(t))],
  ])('%s load as the LF files do', async (_, scenario, trace) => {
    const plain = await loadScenario(traceExample('hub', same, same));
    expect(await loadScenario(traceExample('hub', scenario, trace))).toEqual(plain);
  });

  test('a trace path with backslashes finds the trace, here as on Windows', async () => {
    const plain = await loadScenario(traceExample('hub', same, same));
    const windows = await loadScenario(traceExample('hub', same, same, 'traces\\week.csv'));
    expect(windows.arrivals.kind === 'trace' && windows.arrivals.columns).toEqual(plain.arrivals.kind === 'trace' && plain.arrivals.columns);
    expect(windows.arrivals.kind === 'trace' && windows.arrivals.path).toBe('traces\\week.csv');
  });

  test('a missing trace written with backslashes is looked for with slashes here, and not told that a backslash is part of a name', async () => {
    const file = traceExample('hub', same, same, 'traces\\month.csv');
    const issues = await loadScenario(file).then(
      () => [],
      (err: InputError) => err.issues,
    );
    expect(issues).toEqual([
      { path: 'arrivals.trace', expected: 'must name a readable CSV file', found: `"traces\\\\month.csv": no such file at ${join(dirname(file), 'traces', 'month.csv')}, as a trace's path is relative to the scenario file's folder` },
    ]);
  });

  test('tracePathHere leaves a path to Windows, which reads both separators', () => {
    expect(tracePathHere('traces\\week.csv', 'win32')).toBe('traces\\week.csv');
    expect(tracePathHere('..\\data\\week.csv', 'linux')).toBe('../data/week.csv');
    expect(tracePathHere('traces/week.csv', 'darwin')).toBe('traces/week.csv');
  });

  test('hubsim run writes the same results from either, run.json aside (it records the trace path as written)', () => {
    const runs = [traceExample('hub', same, same), traceExample('hub', (t) => bom(crlf(t)), (t) => bom(crlf(t)), 'traces\\week.csv')].map((file) => {
      const out = tmp();
      const r = hubsim('run', file, '--replications', '2', '--out', out);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const folder = join(out, 'trace-example');
      return Object.fromEntries(readdirSync(folder).filter((f) => f !== 'run.json' && f !== 'report.html').map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
    });
    expect(Object.keys(runs[0])).toContain('summary.csv');
    expect(runs[1]).toEqual(runs[0]);
  });
});

describe('a baseline saved on Windows', () => {
  test.each([
    ['CRLF line ends', crlf],
    ['a byte-order mark', bom],
    ['both', (t: string) => bom(crlf(t))],
  ])('with %s is read as the LF file is, and hubsim check passes against it', (_, edit) => {
    const dir = tmp();
    const file = join(dir, 'baseline.csv');
    writeFileSync(file, edit(shipped('baselines', 'trace-example.csv')));
    expect(readBaseline(file)).toEqual(readBaseline(join(root, 'baselines', 'trace-example.csv')));
    const r = hubsim('check', join(root, 'scenarios', 'trace-example.json'), '--baseline', file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('a baseline saved as UTF-16 ("Unicode" in Notepad)', () => {
  test('is refused as UTF-16, not as a file cut short', () => {
    const file = join(tmp(), 'baseline.csv');
    writeFileSync(file, Buffer.from(bom(shipped('baselines', 'trace-example.csv')), 'utf16le'));
    expect(() => readBaseline(file)).toThrow(`${file}: must be UTF-8 text, as hubsim writes it (got UTF-16 text (a NUL byte beside every letter): save it as UTF-8)`);
  });
});

describe('a baseline saved by a spreadsheet that writes decimal commas', () => {
  test('is refused for its semicolons, not for a row\'s count of fields', () => {
    const file = join(tmp(), 'baseline.csv');
    writeFileSync(file, bom(crlf(shipped('baselines', 'trace-example.csv').replace(/,/g, ';').replace(/\./g, ','))));
    expect(() => readBaseline(file)).toThrow(`${file} line 1 (the header): must separate its cells with commas (and write decimals with a point), as hubsim writes it (got cells separated by semicolons)`);
  });

  test('is refused for its tabs or semicolons with a column dropped, or a comma in a name, as a trace is', () => {
    const text = shipped('baselines', 'trace-example.csv');
    const file = join(tmp(), 'baseline.csv');
    const dropN = (csv: string) => csv.split('\n').map((line) => line.split(',').slice(0, -1).join(',')).join('\n');
    for (const [edited, by] of [
      [dropN(text).replace(/,/g, '\t'), 'tabs'],
      [text.replace(/,/g, ';').replace('metric;', 'metric,;'), 'semicolons'],
    ]) {
      writeFileSync(file, edited);
      expect(() => readBaseline(file)).toThrow(`${file} line 1 (the header): must separate its cells with commas (and write decimals with a point), as hubsim writes it (got cells separated by ${by})`);
    }
  });
});

describe('a sweep file saved on Windows', () => {
  test('with CRLF line ends and a byte-order mark is read as the LF file is', () => {
    const dir = tmp();
    const text = '{\n  "hub.gridKw": [1600, 2400],\n  "behaviour.breakMin": [30, 45]\n}\n';
    writeFileSync(join(dir, 'lf.json'), text);
    writeFileSync(join(dir, 'crlf.json'), bom(crlf(text)));
    // (Each parameter names the file it came from, for its messages.)
    const read = (name: string) => readSweepFile(join(dir, name)).map(({ file, ...p }) => (expect(file).toBe(join(dir, name)), p));
    expect(read('crlf.json')).toEqual(read('lf.json'));
  });
});

describe('paths hubsim writes into its results', () => {
  test('run.json records a scenario path with / on Windows too, and a backslash elsewhere as part of a name', () => {
    expect(portablePath('scenarios\\koblenz.json', 'win32')).toBe('scenarios/koblenz.json');
    expect(portablePath('C:\\hubs\\koblenz.json', 'win32')).toBe('C:/hubs/koblenz.json');
    expect(portablePath('odd\\name.json', 'linux')).toBe('odd\\name.json');
  });

  test("the report's command quotes a path so that cmd.exe, PowerShell and POSIX shells read one word", () => {
    expect(shellWord('scenarios/koblenz.json')).toBe('scenarios/koblenz.json');
    expect(shellWord('C:/Users/Ana Lima/hubs/koblenz.json')).toBe('"C:/Users/Ana Lima/hubs/koblenz.json"');
    expect(shellWord("my hub's.json")).toBe('"my hub\'s.json"');
    expect(shellWord('$HOME/a b.json')).toBe("'$HOME/a b.json'");
    // A path starting with a dash would be read as an option.
    expect(shellWord('-results/site')).toBe('./-results/site');
    expect(shellWord('-my results/site')).toBe('"./-my results/site"');
    // A Windows path as a command prints it, with / (a backslash would need quotes cmd.exe does not have).
    expect(shellWord(portablePath(win32.join('output', 'small'), 'win32'))).toBe('output/small');
    expect(shellWord(portablePath(win32.join('C:\\Users\\Ana Lima\\out', 'small'), 'win32'))).toBe('"C:/Users/Ana Lima/out/small"');
  });
});

describe('commands to paste', () => {
  test.each([['sweep'], ['size']])("hubsim %s --help quotes its examples' values with double quotes, which cmd.exe reads too", (command) => {
    const r = hubsim(command, '--help');
    expect(r.status).toBe(0);
    // The example lines: a command, or its continuation, holding a value that needs quoting.
    const examples = r.stdout.split('\n').filter((l) => /--(set|vary|target) \S*[[>]/.test(l));
    expect(examples.length).toBeGreaterThan(0);
    for (const line of examples) expect(line).toMatch(/"[^"]*[[>][^"]*"/);
    for (const line of examples) expect(line).not.toMatch(/'/);
  });
});

describe('a result file that Excel or a Windows editor saved again', () => {
  test('a check result with CRLF line ends and a byte-order mark is still replaced by check --out', () => {
    const file = join(tmp(), 'check.csv');
    const check = () => hubsim('check', join(root, 'scenarios', 'trace-example.json'), '--baseline', join(root, 'baselines', 'trace-example.csv'), '--out', file);
    expect(check().status).toBe(0);
    const written = readFileSync(file, 'utf8');
    writeFileSync(file, bom(crlf(written)));
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  test("a comparison's CSV with a byte-order mark is still replaced by the next compare", () => {
    const dir = tmp();
    const a = traceExample('a', same, same);
    const b = join(dir, 'b.json');
    writeFileSync(b, readFileSync(a, 'utf8').replace('"name": "trace-example"', '"name": "trace-other"').replace('"traces/week.csv"', JSON.stringify(join(a, '..', 'traces', 'week.csv'))));
    const out = join(dir, 'out');
    const compare = () => hubsim('compare', a, b, '--replications', '2', '--out', out, '--no-report');
    expect(compare().status).toBe(0);
    const csv = join(out, 'compare-trace-example-vs-trace-other.csv');
    const written = readFileSync(csv, 'utf8');
    writeFileSync(csv, bom(crlf(written)));
    const r = compare();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(written);
  });
});

describe('results that Excel or a Windows editor saved again', () => {
  test('make the same report: a byte-order mark and CRLF line ends in its CSVs and run.json are read as hubsim wrote them', () => {
    const out = tmp();
    expect(hubsim('run', join(root, 'scenarios', 'trace-example.json'), '--replications', '2', '--out', out).status).toBe(0);
    const folders = ['as-written', 'saved-again'].map((name) => join(out, name));
    cpSync(join(out, 'trace-example'), folders[0], { recursive: true });
    cpSync(join(out, 'trace-example'), folders[1], { recursive: true });
    for (const f of readdirSync(folders[1]).filter((f) => /\.(csv|json)$/.test(f))) {
      writeFileSync(join(folders[1], f), bom(crlf(readFileSync(join(folders[1], f), 'utf8'))));
    }
    const [a, b] = folders.map((folder) => {
      const r = hubsim('report', folder);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return readFileSync(join(folder, 'report.html'), 'utf8');
    });
    expect(b).toBe(a);
  });
});

describe('a wildcard in a file argument', () => {
  test('is expanded on Windows, where cmd.exe and PowerShell pass it on as it is', () => {
    const dir = tmp();
    for (const f of ['b.json', 'a.json', 'c.csv', '.hidden.json', 'a1.json']) writeFileSync(join(dir, f), '');
    expect(expandWildcards([join(dir, '*.json'), 'x.json'], 'win32')).toEqual([join(dir, 'a.json'), join(dir, 'a1.json'), join(dir, 'b.json'), 'x.json']);
    expect(expandWildcards([join(dir, 'a?.JSON')], 'win32')).toEqual([join(dir, 'a1.json')]);
    // Nothing matches, or the folder cannot be listed: left for the command to report.
    expect(expandWildcards([join(dir, '*.txt'), join(dir, 'none', '*.json')], 'win32')).toEqual([join(dir, '*.txt'), join(dir, 'none', '*.json')]);
  });

  test('matches a dot, a bracket or a plus in the pattern only as itself, as Windows does', () => {
    const dir = tmp();
    for (const f of ['a.json', 'axjson', 'r(1).csv', 'r1.csv', 'c++.txt', 'c.txt']) writeFileSync(join(dir, f), '');
    expect(expandWildcards([join(dir, '*.json')], 'win32')).toEqual([join(dir, 'a.json')]);
    expect(expandWildcards([join(dir, 'r(?).csv')], 'win32')).toEqual([join(dir, 'r(1).csv')]);
    expect(expandWildcards([join(dir, 'c++.*')], 'win32')).toEqual([join(dir, 'c++.txt')]);
  });

  test('is left alone elsewhere, where the shell expands it', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.json'), '');
    expect(expandWildcards([join(dir, '*.json')], 'linux')).toEqual([join(dir, '*.json')]);
    expect(expandWildcards([join(dir, '*.json')], 'darwin')).toEqual([join(dir, '*.json')]);
  });
});
