import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HOST } from '../src/cli/outdir.js';
import { buildFingerprint } from '../src/cli/version.js';
import { bin, ended, hubsim, hubsimWithin, lockAttempts, read, rerecord, root, smallScenario, start, tmp, tree } from './helpers/cli.js';

// merge trusts nothing it reads: names, manifests and tables are all checked, and every refusal is
// exit 2 naming the file (and line), with nothing written.

const FILES = ['bays.csv', 'by-fleet.csv', 'by-hour.csv', 'load-duration.csv', 'power.csv', 'replications.csv', 'run.json', 'sessions.csv', 'summary.csv', 'wait-cdf.csv'];

let work: string;
let scenario: string;
let whole: string;
/** Slices 1..3 of 5 replications with every replication's sessions, made once and copied per test. */
let slices: string[];

/** Runs the scenario whole, into `work/NAME`, and in `n` slices, into `work/NAME-slicek`, with `args`. */
function sliced(name: string, n: number, ...args: string[]): { whole: string; parts: string[] } {
  const all = join(work, name);
  expect(hubsim('run', scenario, ...args, '--out', all).status).toBe(0);
  const parts = Array.from({ length: n }, (_, i) => {
    const d = join(work, `${name}-slice${i + 1}`);
    expect(hubsim('run', scenario, ...args, '--shard', `${i + 1}/${n}`, '--out', d).status).toBe(0);
    return d;
  });
  return { whole: all, parts };
}

beforeAll(() => {
  work = tmp();
  scenario = smallScenario(work, 'small', 3);
  ({ whole, parts: slices } = sliced('whole', 3, '--replications', '5', '--sessions', 'all'));
});

/** Fresh copies of the slices, for a test to spoil. */
function copies(): string[] {
  const d = tmp();
  return slices.map((s, i) => {
    const c = join(d, `s${i + 1}`);
    cpSync(s, c, { recursive: true });
    return c;
  });
}

/** Merges `dirs` into a new folder, which must hold the files of the unsharded run `ref` byte for byte; returns it. */
function mergedAs(dirs: string[], ref: string): string {
  const out = tmp();
  const r = hubsim('merge', ...dirs, '--out', out);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  for (const f of FILES) expect(read(out, 'small', f)).toBe(read(ref, 'small', f));
  return out;
}

/** Writes `value` into a CSV file's cell on `line` (1: the header) in `column` (0: the first). */
function setCell(file: string, line: number, column: number, value: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const cells = lines[line - 1].split(',');
  cells[column] = value;
  lines[line - 1] = cells.join(',');
  writeFileSync(file, lines.join('\n'));
}

function refused(dirs: string[], message: RegExp, asIs = false): void {
  if (!asIs) rerecord(dirs);
  const out = tmp();
  const r = hubsim('merge', ...dirs, '--out', out);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(tree(out)).toEqual([]);
}

describe('merge joins what belongs together', () => {
  test('slices in any order give the unsharded files byte for byte', () => {
    for (const order of [[0, 1, 2], [2, 0, 1]]) {
      const out = mergedAs(order.map((i) => slices[i]), whole);
      expect(existsSync(join(out, 'small', 'shard.json'))).toBe(false);
    }
    // The window the statistics cover, as the scenario gives it, defaults filled in.
    expect(JSON.parse(read(whole, 'small', 'run.json')).horizon).toEqual({ days: 3, warmupDays: 0 });
  });

  // As every output path: listed from the folder beside the link's target, they were read from the one the name leads to, and another run's slices merged as these.
  test("slices named through a link and `..` are read as an output path is, the `..` taking the link's name away, their listing and their files alike", () => {
    const d = tmp();
    const real = join(d, 'real', 'exp');
    mkdirSync(join(real, 'sub'), { recursive: true });
    symlinkSync(join(real, 'sub'), join(d, 'cur'));
    slices.forEach((s, i) => cpSync(s, join(d, `s${i + 1}`), { recursive: true }));
    // Beside the link's target, the system's `cur/..`: slices 1 and 3 only.
    for (const i of [0, 2]) cpSync(slices[i], join(real, `s${i + 1}`), { recursive: true });
    // (Not `join`, which takes the `..` away itself.)
    const named = [1, 2, 3].map((k) => `${d}/cur/../s${k}`);
    mergedAs(named, whole);
    rmSync(join(d, 's2'), { recursive: true });
    const r = hubsim('merge', ...named, '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`hubsim: ${named[1]}: must be a folder written by \`hubsim run --shard\` or \`sweep --shard\` (got no such folder)\n`);
  });

  test('a slice of one replication says so, as one', () => {
    const r = hubsim('run', scenario, '--replications', '3', '--shard', '2/3', '--sessions', 'none', '--out', tmp());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^small: replication 2 of 3 \(shard 2\/3\), seed /m);
    // Nothing follows a slice's table (its report comes with merge), so no blank line either.
    expect(r.stdout).toMatch(/[^\n]\n$/);
  });

  test('--report writes the merged run\'s report.html, as run --report does, and says where', () => {
    const out = tmp();
    const r = hubsim('merge', ...slices, '--out', out, '--report');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`report: ${join(out, 'small', 'report.html')}`);
    expect(read(out, 'small', 'report.html')).toMatch(/^<!DOCTYPE html>/i);
    for (const f of readdirSync(join(whole, 'small'))) expect(read(out, 'small', f)).toBe(read(whole, 'small', f));
  });

  test("a folder set aside inside a slice's --out, by a rerun of that slice swapping its result in, is no slice", () => {
    const c = copies();
    cpSync(join(c[0], 'small'), join(c[0], '.hubsim-aside-node7~4242~0badf00d~small'), { recursive: true });
    mergedAs(c, whole);
  });

  test("the slices of a scenario of the largest size allowed merge, though run.json indents it past that size", () => {
    // 200,000 values of 2 digits, each on a line of its own in run.json, and a description that
    // takes the file to just under its 16 MiB.
    const d = tmp();
    const empirical = { dist: 'empirical', values: Array(50_000).fill(45) };
    const fleet = ['a', 'b', 'c', 'd'].map((name) => ({ name, batteryKwh: 600, maxKw: { CCS: 400 }, behaviour: { breakMin: empirical } }));
    const small = JSON.parse(readFileSync(smallScenario(d, 'large', 1), 'utf8'));
    const raw = { ...small, fleet: fleet.map((f) => ({ ...f, share: 0.25 })) };
    const body = JSON.stringify({ ...raw, description: '' });
    writeFileSync(join(d, 'large.json'), JSON.stringify({ ...raw, description: 'x'.repeat(16 * 1024 * 1024 - body.length - 1024) }));
    const parts = [1, 2].map((k) => {
      const out = join(d, `s${k}`);
      expect(hubsim('run', join(d, 'large.json'), '--replications', '2', '--sessions', 'none', '--shard', `${k}/2`, '--out', out).status).toBe(0);
      return out;
    });
    expect(readFileSync(join(parts[0], 'large', 'run.json')).length).toBeGreaterThan(17 * 1024 * 1024);
    const r = hubsim('merge', ...parts, '--out', join(d, 'm'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(read(join(d, 'm'), 'large', 'run.json')).toBe(read(parts[0], 'large', 'run.json'));
  }, 60_000);

  test("a run past --power first's 366 days says under the merge, as its first slice did, that power.csv holds only those", () => {
    const long = smallScenario(tmp(), 'long', 366.5, { arrivals: { trucksPerDay: 5 } });
    const parts = [1, 2].map((k) => {
      const d = tmp();
      const r = hubsim('run', long, '--replications', '2', '--shard', `${k}/2`, '--sessions', 'none', '--out', d);
      expect(r.stdout.includes("note: power.csv holds the first 366 days of replication 1's 366.5 days")).toBe(k === 1);
      return d;
    });
    const r = hubsim('merge', ...parts, '--out', tmp());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^long: merged 2 slices, 2 replications → .*\nnote: power\.csv holds the first 366 days of replication 1's 366\.5 days: slices run with --power all write every interval\n$/);
  });

  test('more shards than replications: the empty slices are legal and merge in any order', () => {
    const { whole: ref, parts } = sliced('two', 4, '--replications', '2');
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 3, 2]]) mergedAs(order.map((i) => parts[i]), ref);
  });

  test("more shards than replications with --sessions all: an empty slice's sessions.csv is the header alone, and the merge is the unsharded run's", () => {
    const { whole: ref, parts } = sliced('two-all', 3, '--replications', '2', '--sessions', 'all');
    // Slice 1/3 of 2 replications runs none: every slice of --sessions all has its sessions.csv to join.
    expect(read(parts[0], 'small', 'sessions.csv')).toBe(`${read(ref, 'small', 'sessions.csv').split('\n')[0]}\n`);
    mergedAs(parts, ref);
  });
});

test('a slice that another run replaces while merge reads it is refused, exit 2 naming it: its files would be joined with the old ones', async () => {
  const c = copies();
  const rerun = tmp();
  expect(hubsim('run', scenario, '--replications', '5', '--sessions', 'all', '--shard', '2/3', '--seed', '9', '--out', rerun).status).toBe(0);
  const out = tmp();
  // A live run's lock (this process's) on --out: merge reads the slices' tables, then waits for the
  // lock before it copies their sessions.
  mkdirSync(join(out, '.hubsim-lock'));
  writeFileSync(join(out, '.hubsim-lock', 'owner'), JSON.stringify({ host: HOST, pid: process.pid }));
  const waiting = lockAttempts(out, 1);
  const child = start('merge', ...c, '--out', out);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await waiting;
  // The second slice run again with another seed, swapped in as a run swaps its result in.
  renameSync(join(c[1], 'small'), join(tmp(), 'small'));
  renameSync(join(rerun, 'small'), join(c[1], 'small'));
  rmSync(join(out, '.hubsim-lock'), { recursive: true });
  expect(await ended(child)).toBe(2);
  expect(stderr).toBe(`hubsim: ${join(c[1], 'small')}: must stay as it is while it is merged: another run replaced it meanwhile, and its files would be joined with those of the slice it replaced (merge again) (got a new folder)\n`);
  expect(tree(out)).toEqual([]);
}, 30_000);

test("a slice given the --out of another slice of the same run is refused, exit 2, and that slice stays; the same slice again, or another run's, replaces it", () => {
  const out = tmp();
  const slice = (...args: string[]) => hubsim('run', scenario, '--replications', '5', '--sessions', 'all', ...args, '--out', out);
  expect(slice('--shard', '1/3').status).toBe(0);
  const first = read(out, 'small', 'shard.json');
  const r = slice('--shard', '2/3');
  expect(r.stderr).toBe(`hubsim: ${join(out, 'small')}: must not hold another slice of this run: slices given one --out replace each other, and merge would find slice 1/3 missing; give each slice an --out of its own (got slice 1/3)\n`);
  expect(r.status).toBe(2);
  expect(read(out, 'small', 'shard.json')).toBe(first);
  expect(tree(out)).toEqual(tree(slices[0]));
  expect(slice('--shard', '1/3').status).toBe(0);
  expect(slice('--shard', '2/3', '--seed', '9').status).toBe(0);
  // A sweep's slices alike.
  const sweep = (k: string) => hubsim('sweep', scenario, '--set', 'hub.gridKw=500,600', '--replications', '2', '--shard', k, '--out', out);
  expect(sweep('1/2').status).toBe(0);
  expect(sweep('2/2').stderr).toMatch(/sweep-small: must not hold another slice of this run: .* \(got slice 1\/2\)\n$/);
});

test("a slice replaces a folder holding a slice of the same run cut into another number of slices, or a shard.json no slice has", () => {
  const out = tmp();
  const slice = (k: string) => hubsim('run', scenario, '--replications', '5', '--sessions', 'all', '--shard', k, '--out', out);
  expect(slice('1/2').status).toBe(0);
  // Slices of another N are another cut of the replications, not one merge would find missing.
  expect(slice('2/3').status).toBe(0);
  expect(JSON.parse(read(out, 'small', 'shard.json')).shard).toBe('2/3');
  for (const text of ['null', '[]', '{"shard": 3}', '{']) {
    writeFileSync(join(out, 'small', 'shard.json'), text);
    const r = slice('3/3');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }
});

describe('merge refuses, exit 2, writing nothing', () => {
  test('slices missing on both sides of the one given, every gap named in full', () => {
    refused([slices[1]], /small: must have every replication 1–5 \(got missing 1, 4–5: slices 1, 3 of 3 not given\)/);
  });

  test('a slice cut with another N among the others is named as such, beside the gaps and repeats it makes', () => {
    const other = join(tmp(), 'half');
    expect(hubsim('run', scenario, '--replications', '5', '--sessions', 'all', '--shard', '2/2', '--out', other).status).toBe(0);
    const r = hubsim('merge', slices[0], other, slices[2], '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`small: must be slices of one cut, each --shard K/3 as most are (got ${join(other, 'small')} (2/2))\n`);
  });

  // A thousand slices of which a pattern matched a few named each one missing, some 12 kB on one line.
  test('slices missing in long runs, or in many, told as ranges, at most ten of them', () => {
    const d = tmp();
    const given = [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 40].map((k) => {
      const out = join(d, `s${k}`);
      expect(hubsim('run', scenario, '--replications', '40', '--shard', `${k}/40`, '--sessions', 'none', '--power', 'none', '--out', out).status).toBe(0);
      return out;
    });
    refused([given[0]], /small: must have every replication 1–40 \(got missing 2–40: slices 2–40 of 40 not given\)\n$/, true);
    refused(given, /small: must have every replication 1–40 \(got missing 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, …: slices 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, … of 40 not given\)\n$/, true);
  }, 60_000);

  test("a slice whose shard.json is refused is not also called a slice not given", () => {
    const c = copies();
    const m = join(c[0], 'small', 'shard.json');
    writeFileSync(m, readFileSync(m, 'utf8').replace(/"replications": \d+/, '"replications": 1000000000'));
    const r = hubsim('merge', ...c, '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`hubsim: ${m}: replications: must be a whole number from 1 to 100000 (got 1000000000)\n`);
    // Nor is a slice folder holding the scenario's result without shard.json (a job that was not given --shard).
    const d = copies();
    rmSync(join(d[1], 'small', 'shard.json'));
    const s = hubsim('merge', ...d, '--out', tmp());
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(new RegExp(`^hubsim: ${d[1]}: must hold <scenario>/shard.json .*\\(got no shard.json one level down\\)\\n$`));
  });

  test("a scenario's result without shard.json beside another scenario's slice is named, not passed over (its replications left out or counted twice)", () => {
    const tiny = smallScenario(tmp(), 'tiny', 2);
    for (const k of [0, 1]) {
      const c = copies();
      for (const [i, d] of c.entries()) expect(hubsim('run', tiny, '--replications', '3', '--shard', `${i + 1}/3`, '--out', d).status).toBe(0);
      rmSync(join(c[k], 'small', 'shard.json'));
      const out = tmp();
      const r = hubsim('merge', ...c, '--out', out);
      expect(r.stderr).toBe(`hubsim: ${join(c[k], 'small')}: must hold shard.json, as the other slices of small do; move it out of ${c[k]} if it is no slice (got run.json without shard.json: a result written without --shard, or a slice whose shard.json was deleted)\n`);
      expect(r.status).toBe(2);
      expect(tree(out)).toEqual([]);
    }
    // A result of a scenario that no slice is of, beside the slices (an earlier run into the same
    // --out): no slice of it, and left alone.
    const c = copies();
    expect(hubsim('run', tiny, '--replications', '1', '--out', c[0]).status).toBe(0);
    mergedAs(c, whole);
  });

  test("a run's slices and a sweep's whose results go to one folder: a scenario named sweep-small beside a sweep of small", () => {
    const d = tmp();
    const named = join(d, 'sweep-small.json');
    writeFileSync(named, JSON.stringify({ ...JSON.parse(readFileSync(scenario, 'utf8')), name: 'sweep-small' }));
    const run = join(d, 'run');
    const sweep = join(d, 'sweep');
    expect(hubsim('run', named, '--replications', '2', '--shard', '1/1', '--out', run).status).toBe(0);
    expect(hubsim('sweep', scenario, '--set', 'hub.gridKw=500,600', '--replications', '2', '--shard', '1/1', '--out', sweep).status).toBe(0);
    refused(
      [run, sweep],
      new RegExp(`^hubsim: ${join(run, 'sweep-small')}: must not be merged with slices of a sweep whose result goes to the same folder, sweep-small/: merge them into separate --out folders \\(got run slices of scenario "sweep-small"\\)\n$`),
      true,
    );
  });

  test('slices that overlap, every replication run twice named', () => {
    const half = join(tmp(), 'half');
    expect(hubsim('run', scenario, '--replications', '5', '--sessions', 'all', '--shard', '1/2', '--out', half).status).toBe(0);
    expect(JSON.parse(read(half, 'small', 'shard.json'))).toMatchObject({ first: 1, last: 2 });
    refused([half, slices[1], slices[2]], new RegExp(`small: must have each replication once \\(got repeated 2 \\(2 in ${join(half, 'small')} and ${join(slices[1], 'small')}\\)\\)`));
  });

  test('a slice folder given twice, as typed or by another name, named as such rather than as replications repeated', () => {
    const link = join(tmp(), 'again');
    symlinkSync(slices[0], link);
    refused([slices[0], slices[0], slices[1], slices[2]], new RegExp(`${slices[0]}: must be given once \\(got given twice\\)`), true);
    const r = hubsim('merge', slices[0], slices[1], link, slices[2], '--out', tmp());
    expect(r.stderr).toBe(`hubsim: ${link}: must be given once (got the same folder as ${slices[0]})\n`);
    expect(r.stderr).not.toMatch(/repeated/);
  });

  test('a manifest whose scenario name would lead outside --out', () => {
    const c = copies();
    const m = join(c[0], 'small', 'shard.json');
    writeFileSync(m, readFileSync(m, 'utf8').replace('"scenario": "small"', '"scenario": "../../../../tmp/hubsim-escape"'));
    refused(c, /shard.json: scenario: must be a scenario name/);
    expect(existsSync('/tmp/hubsim-escape')).toBe(false);
  });

  // The folder is the name the slice was written under: a manifest naming another scenario was
  // moved or edited, and its slice is not the one the folder says.
  test("a manifest whose scenario is not its folder's name", () => {
    const c = copies();
    renameSync(join(c[1], 'small'), join(c[1], 'large'));
    refused(c, /s2\/large\/shard.json: scenario: must match its folder's name \(large\) \(got "small"\)/);
  });

  // by-fleet.csv is labelled with these names, which no digest covers: renamed, the merge relabelled every type's figures.
  test("a manifest whose fleet names are not the scenario's, in the head slice or another", () => {
    for (const k of [0, 2]) {
      const c = copies();
      const m = join(c[k], 'small', 'shard.json');
      writeFileSync(m, readFileSync(m, 'utf8').replace('"eactros"', '"volvo"'));
      refused(c, new RegExp(`s${k + 1}/small/shard.json: fleet: must list the fleet's type names in the order of the scenario .*s${k + 1}/small/run.json records: "eactros" \\(got "volvo"\\)`));
    }
  });

  test.each([
    ['malformed', '{"scenario": ', /shard.json: must be JSON written by `hubsim run --shard`/],
    // JSON.parse quotes the text around the fault with its line breaks: the message stays one line.
    ['non-JSON', '{\n  "last": Infinity,\n  "first": 1\n}\n', /shard.json: must be JSON written by `hubsim run --shard` \(got [^\n]*"last": Infinity, [^\n]*\)\n/],
    ['null', 'null', /shard.json: must be a JSON object/],
    ['{}', '{}', /shard.json: scenario: must be a scenario name.*\n.*scenarioHash/],
    ['wrong range', null, /shard.json: last: must be 1 for shard 1\/3 of 5 replications/],
  ])('a %s manifest', (_what, text, message) => {
    const c = copies();
    const m = join(c[0], 'small', 'shard.json');
    writeFileSync(m, text ?? readFileSync(m, 'utf8').replace('"last": 1', '"last": 2'));
    refused(c, message);
  });

  test('duplicated replication rows, naming the file and line', () => {
    const c = copies();
    const f = join(c[1], 'small', 'replications.csv');
    const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
    writeFileSync(f, [...lines, lines[1]].join('\n') + '\n');
    refused(c, /s2\/small\/replications.csv line 4: must not repeat a replication/);
  });

  test("a slice's rows in another order, their record in shard.json made to match, are joined in replication order", () => {
    const c = copies();
    const f = join(c[1], 'small', 'replications.csv');
    const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
    writeFileSync(f, [lines[0], ...lines.slice(1).reverse()].join('\n') + '\n');
    rerecord(c);
    mergedAs(c, whole);
  });

  test('a row the manifest does not cover', () => {
    const c = copies();
    const f = join(c[1], 'small', 'replications.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace('\nsmall,2,', '\nsmall,5,'));
    refused(c, /s2\/small\/replications.csv line 2: must be a replication from 2 to 3, as shard.json says/);
  });

  // A row of another scenario's table, its record made to match: its values would be joined
  // into this scenario's statistics.
  test("a row labelled with another scenario's name", () => {
    const c = copies();
    const f = join(c[1], 'small', 'replications.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace('\nsmall,2,', '\nother,2,'));
    refused(c, /s2\/small\/replications.csv line 2: must be a row of small \(got "other"\)/);
  });

  // Each row checked alone passes: only the count tells that the slice's table lacks one, and the
  // result would silently hold fewer replications than the unsharded run.
  test('a replications table with a row taken out, though its record was made to match', () => {
    const c = copies();
    const f = join(c[1], 'small', 'replications.csv');
    const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
    writeFileSync(f, [lines[0], lines[1]].join('\n') + '\n');
    refused(c, /s2\/small\/replications.csv line 2: must hold replications 2–3 \(2 rows\), as shard.json says \(got 1 row\)/);
  });

  // One slice's problem does not hide another's: a merge refused for the one is not then refused
  // for the other once the first is mended.
  test("a row taken out of one slice is said beside another slice's wrong seed", () => {
    const c = copies();
    const first = join(c[0], 'small', 'replications.csv');
    const lines = readFileSync(first, 'utf8').split('\n');
    lines[1] = lines[1].replace(/^small,1,\d+,/, 'small,1,12345,');
    writeFileSync(first, lines.join('\n'));
    const second = join(c[1], 'small', 'replications.csv');
    writeFileSync(second, readFileSync(second, 'utf8').trimEnd().split('\n').slice(0, 2).join('\n') + '\n');
    refused(c, /s1\/small\/replications.csv line 2: must have replication 1's seed[^]*s2\/small\/replications.csv line 2: must hold replications 2–3 \(2 rows\)/);
  });

  test("a quote out of place in a slice's table is named by its line and column, with the fix", () => {
    const c = copies();
    const f = join(c[1], 'small', 'replications.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace('\nsmall,2,', '\nsmall,x"2,'));
    refused(c, /s2\/small\/replications.csv line 2, column replication: must quote a cell from its first character or not at all \(a quote within a quoted cell is written twice: "a""b"\) \(got a quote after "x"\)/);
  });

  test('wrong columns', () => {
    const c = copies();
    const f = join(c[0], 'small', 'replications.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace('trucks_arrived', 'trucks'));
    refused(c, /s1\/small\/replications.csv line 1: must be the header scenario,replication,seed,trucks_arrived/);
    // A first line that is no header of names is not repeated: the file may be anything readable.
    const d = copies();
    writeFileSync(join(d[0], 'small', 'replications.csv'), 'TOKEN=secret123\0HOME=/root\n');
    refused(d, /s1\/small\/replications.csv line 1: must be the header scenario,.* \(got a line that is no header of names \(not shown: the file may not be a slice's\)\)/);
  });

  // 1e200 is finite, but its square in the summary is not: merge ended in an internal error (exit 3).
  test.each(['Infinity', 'NaN', '1e999', '0x10', '1e200'])('a non-finite, malformed or impossibly large number (%s)', (bad) => {
    const c = copies();
    setCell(join(c[2], 'small', 'replications.csv'), 2, 3, bad);
    refused(c, /s3\/small\/replications.csv line 2: must have a finite number or nothing in column trucks_arrived/);
  });

  // These were copied into the result as they were: a NaN where no number is empty, a fleet type
  // the run has not, a formula a spreadsheet would run, a count below 0.
  test.each([
    ['sessions.csv', 2, 3, 'NaN', 'arrival_min'],
    ['sessions.csv', 3, 2, 'Infinity', 'fleet'],
    ['sessions.csv', 4, 13, '=cmd|calc!A1', 'outcome'],
    ['bays.csv', 2, 7, '-5', 'sessions'],
    ['power.csv', 3, 2, 'Sun ', 'weekday'],
  ])("a value in %s that hubsim does not write there (line %d, field %d: %p) is refused, naming the line and column", (file, line, field, bad, column) => {
    const c = copies();
    setCell(join(c[0], 'small', file), line, field, bad);
    refused(c, new RegExp(`s1/small/${file} line ${line}: must have in column ${column} .* \\(got ${JSON.stringify(bad).replace(/[|()=]/g, '\\$&')}\\)`));
  });

  test('CRLF line ends, in a table or in the sessions to join', () => {
    const c = copies();
    const f = join(c[1], 'small', 'replications.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/\n/g, '\r\n'));
    refused(c, /s2\/small\/replications.csv line 1: must end lines with LF/);
    const d = copies();
    const g = join(d[2], 'small', 'sessions.csv');
    const text = readFileSync(g, 'utf8').split('\n');
    text[3] += '\r';
    writeFileSync(g, text.join('\n'));
    refused(d, /s3\/small\/sessions.csv line 4: must end lines with LF/);
    // A whole file with CRLF: its header, which looks right when shown, is where it fails.
    const e = copies();
    const h = join(e[0], 'small', 'sessions.csv');
    writeFileSync(h, readFileSync(h, 'utf8').replace(/\n/g, '\r\n'));
    refused(e, /s1\/small\/sessions.csv line 1: must end lines with LF, as hubsim writes them \(got CRLF\)/);
    // run.json saved again with CRLF: its line ends told, not only its size against shard.json's record.
    const r = copies();
    const j = join(r[1], 'small', 'run.json');
    writeFileSync(j, readFileSync(j, 'utf8').replace(/\n/g, '\r\n'));
    refused(r, /^hubsim: .*s2\/small\/run.json line 1: must end lines with LF, as hubsim writes them \(got CRLF\)\n$/, true);
  });

  test('a seed that is not the replication seed the manifest implies', () => {
    const c = copies();
    setCell(join(c[0], 'small', 'replications.csv'), 2, 2, '12345');
    refused(c, /s1\/small\/replications.csv line 2: must have replication 1's seed/);
  });

  test('slices run by different hubsim versions, naming the odd one out', () => {
    const c = copies();
    const f = join(c[2], 'small', 'run.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/"hubsim": "[^"]*"/, '"hubsim": "0.0.9"'));
    refused(c, /s3\/small\/run.json: hubsim: must be the same hubsim version as .*s1\/small\/run.json \("\d+\.\d+\.\d+"\): run every slice with one version \(got "0.0.9"\)/);
    // The odd one holding replication 1: it is named, not the two that agree.
    const d = copies();
    const g = join(d[0], 'small', 'run.json');
    writeFileSync(g, readFileSync(g, 'utf8').replace(/"hubsim": "[^"]*"/, '"hubsim": "0.0.9"'));
    rerecord(d);
    const r = hubsim('merge', ...d, '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hubsim: .*s1\/small\/run.json: hubsim: must be the same hubsim version as .*s2\/small\/run.json \("\d+\.\d+\.\d+"\): run every slice with one version \(got "0.0.9"\)\n$/);
  });

  /** Rewrites a slice's run.json as hubsim lays it out, after `change`. */
  /** Slice `dir`'s shard.json for scenario `name` as an earlier build wrote it, which recorded no files. */
  function unrecorded(dir: string, name: string): void {
    const f = join(dir, name, 'shard.json');
    const m = JSON.parse(readFileSync(f, 'utf8'));
    delete m.files;
    m.build = 'e'.repeat(64);
    writeFileSync(f, `${JSON.stringify(m, null, 2)}\n`);
  }

  test('a slice file with rows taken out, cut at the end of a row, or a value changed for one that looks as right, by the size and SHA-256 its shard.json records', () => {
    const cases: [number, string, (text: string) => string, RegExp][] = [
      [1, 'bays.csv', (t) => t.split('\n').filter((_, i) => i !== 2).join('\n'), /s1\/small\/bays.csv: must be as its slice wrote it, \d+ bytes as shard.json records \(merge joins only files as their slice wrote them: one with rows taken out, cut short or edited would make a result no run gives\) \(got \d+ bytes\)/],
      [1, 'power.csv', (t) => `${t.split('\n').slice(0, 40).join('\n')}\n`, /s1\/small\/power.csv: must be as its slice wrote it, \d+ bytes as shard.json records/],
      [2, 'sessions.csv', (t) => t.split('\n').filter((_, i) => i !== 3).join('\n'), /s2\/small\/sessions.csv: must be as its slice wrote it, \d+ bytes/],
      // Only the header left: every session of the slice gone.
      [3, 'sessions.csv', (t) => `${t.split('\n')[0]}\n`, /s3\/small\/sessions.csv: must be as its slice wrote it, \d+ bytes/],
      [2, 'sessions.csv', (t) => t.replace(/\n(2,\d+,[^,]+,)(\d)/, (_, head: string, d: string) => `\n${head}${d === '9' ? '8' : '9'}`), /s2\/small\/sessions.csv: must be as its slice wrote it, with the SHA-256 shard.json records \(.*\) \(got other contents of as many bytes\)/],
      [2, 'replications.csv', (t) => t.replace(/\n(small,2,\d+,)(\d)/, (_, head: string, d: string) => `\n${head}${d === '9' ? '8' : '9'}`), /s2\/small\/replications.csv: must be as its slice wrote it, with the SHA-256 shard.json records/],
      [3, 'breakdowns.csv', (t) => t.replace(/\n(\d+,\d+,\d+,\d+,[^,\n]+,\d+\.\d+)(\d)\n/, (_, head: string, d: string) => `\n${head}${d === '9' ? '8' : '9'}\n`), /s3\/small\/breakdowns.csv: must be as its slice wrote it, with the SHA-256 shard.json records/],
      [1, 'run.json', (t) => t.replace('"scenarioFile": "', '"scenarioFile": "./'), /s1\/small\/run.json: must be as its slice wrote it, \d+ bytes as shard.json records/],
    ];
    for (const [k, file, change, message] of cases) {
      const c = copies();
      const f = join(c[k - 1], 'small', file);
      const before = readFileSync(f, 'utf8');
      writeFileSync(f, change(before));
      expect(readFileSync(f, 'utf8')).not.toBe(before);
      refused(c, message, true);
    }
  });

  test('a value no run writes, in a table merge reads, is named by its line before the record of the file, which it fails too', () => {
    const c = copies();
    setCell(join(c[1], 'small', 'replications.csv'), 2, 3, 'NaN');
    refused(c, /s2\/small\/replications.csv line 2: must have a finite number or nothing in column \w+ .*\(got "NaN"\)/, true);
    const b = join(c[2], 'small', 'breakdowns.csv');
    writeFileSync(b, readFileSync(b, 'utf8').replace(/\n0,(\d+),/, '\n0,99,'));
    refused([c[0], copies()[1], c[2]], /s3\/small\/breakdowns.csv line 2: must count at most the slice's \d+ replications \(got "99"\)/, true);
  });

  test("a shard.json's record of the slice's files that is malformed, or leaves out a file merge joins", () => {
    const record = (dir: string, change: (files: Record<string, any>) => void) => {
      const f = join(dir, 'small', 'shard.json');
      const m = JSON.parse(readFileSync(f, 'utf8'));
      change(m.files);
      writeFileSync(f, `${JSON.stringify(m, null, 2)}\n`);
    };
    expect(Object.keys(JSON.parse(read(slices[0], 'small', 'shard.json')).files)).toEqual(['run.json', 'replications.csv', 'breakdowns.csv', 'bays.csv', 'power.csv', 'sessions.csv']);
    // Replication 1 is not in slice 2: no bays or power.
    expect(Object.keys(JSON.parse(read(slices[1], 'small', 'shard.json')).files)).toEqual(['run.json', 'replications.csv', 'breakdowns.csv', 'sessions.csv']);
    const c = copies();
    record(c[0], (f) => ((f['sessions.csv'].bytes = -1), (f['power.csv'].sha256 = 'abc'), (f['other.csv'] = f['bays.csv']), delete f['bays.csv']));
    refused(c, /s1\/small\/shard.json: files.sessions.csv.bytes: must be a whole number of bytes \(got -1\)/, true);
    refused(c, /files.power.csv.sha256: must be a SHA-256 \(64 hex digits\) \(got "abc"\)/, true);
    refused(c, /files.other.csv: must be one of run.json, replications.csv, breakdowns.csv, bays.csv, power.csv, sessions.csv \(got another file\)/, true);
    const d = copies();
    record(d[1], (f) => delete f['sessions.csv']);
    refused(d, /s2\/small\/shard.json: files: must record sessions.csv, which the slice wrote and merge joins \(got no entry\)/, true);
    const e = copies();
    const m = JSON.parse(read(e[2], 'small', 'shard.json'));
    m.files = [1];
    writeFileSync(join(e[2], 'small', 'shard.json'), JSON.stringify(m));
    refused(e, /s3\/small\/shard.json: files: must give each file the slice wrote its size and SHA-256/, true);
    // Hundreds of entries: one problem, not one a line each.
    const g = copies();
    record(g[0], (f) => {
      for (let i = 0; i < 500; i++) f[`x${i}.csv`] = 0;
    });
    const out = tmp();
    const r = hubsim('merge', ...g, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/s1\/small\/shard.json: files: must have an entry for each of at most 6 files \(.*\) \(got 506 entries\)/);
    expect(r.stderr.split('\n').length).toBeLessThan(10);
  });

  test("a slice of this build whose shard.json has had its record of files taken out, or slices of one build that disagree on it", () => {
    const c = copies();
    const drop = (dir: string) => {
      const f = join(dir, 'small', 'shard.json');
      const m = JSON.parse(readFileSync(f, 'utf8'));
      delete m.files;
      writeFileSync(f, `${JSON.stringify(m, null, 2)}\n`);
    };
    drop(c[1]);
    refused(c, /s2\/small\/shard.json: files: must record the size and SHA-256 of each file the slice wrote, as this build of hubsim does \(only slices of earlier builds have none\) \(got nothing\)/, true);
    // Slices of another build than merge's: one without, beside others with.
    const d = copies();
    for (const dir of d) {
      const f = join(dir, 'small', 'shard.json');
      const m = JSON.parse(readFileSync(f, 'utf8'));
      m.build = 'e'.repeat(64);
      writeFileSync(f, `${JSON.stringify(m, null, 2)}\n`);
    }
    drop(d[2]);
    refused(d, /s3\/small\/shard.json: files: must be given, as in .*s1\/small\/shard.json: one build records its slices' files in each or in none \(got nothing\)/, true);
  });

  test('slices of a build that recorded no files merge as before, identical to the unsharded run', () => {
    const c = copies();
    for (const dir of c) unrecorded(dir, 'small');
    mergedAs(c, whole);
  });

  test("slices of another build that this one cannot read are said to be that build's, to merge with it", () => {
    const c = copies();
    for (const dir of c) unrecorded(dir, 'small');
    // As an earlier build laid out its breakdowns: fewer rows than this build's.
    const f = join(c[1], 'small', 'breakdowns.csv');
    writeFileSync(f, `${readFileSync(f, 'utf8').split('\n').slice(0, -3).join('\n')}\n`);
    refused(c, new RegExp(`s2/small/breakdowns.csv: must have \\d+ rows.*\n.*s1/small/shard.json: build: is another build of hubsim than this merge's \\([0-9a-f]{64}\\), which may write its files otherwise: merge the slices with the build that ran them \\(got e{64}\\)\n$`), true);
  });

  function editRun(dir: string, name: string, change: (run: Record<string, any>) => void): void {
    const f = join(dir, name, 'run.json');
    const run = JSON.parse(readFileSync(f, 'utf8'));
    change(run);
    writeFileSync(f, `${JSON.stringify(run, null, 2)}\n`);
  }

  // Two builds of one version (a checkout at two commits, an image tag that moved) may simulate
  // differently: each slice records the SHA-256 of the bundle that ran it.
  test('slices run by different builds of hubsim, naming both', () => {
    const build = createHash('sha256').update(readFileSync(join(root, 'dist', 'bundle', 'hubsim.cjs'))).digest('hex');
    expect(readFileSync(join(root, 'dist', 'bundle', 'hubsim.sha256'), 'utf8')).toBe(`${build}  hubsim.cjs\n`);
    for (const s of slices) expect(JSON.parse(read(s, 'small', 'shard.json')).build).toBe(build);
    // The modules (here the sources) find no fingerprint, and a slice they run records none.
    expect(buildFingerprint()).toBeUndefined();
    const other = build.replace(/^./, (x) => (x === '0' ? '1' : '0'));
    const edit = (dir: string, change: (m: Record<string, unknown>) => void) => {
      const f = join(dir, 'small', 'shard.json');
      const m = JSON.parse(readFileSync(f, 'utf8'));
      change(m);
      writeFileSync(f, `${JSON.stringify(m, null, 2)}\n`);
    };
    const c = copies();
    edit(c[1], (m) => (m.build = other));
    refused(c, new RegExp(`s2/small/shard.json: build: must be the same build of hubsim as .*s1/small/shard.json \\(${build}\\): run every slice from one installation or image \\(one digest, not a tag\\) \\(got ${other}\\)`));
    // Another build may fingerprint the same scenario otherwise: the build is named, not the scenario.
    const g = copies();
    edit(g[1], (m) => {
      m.build = other;
      m.scenarioHash = '0123456789abcdef';
    });
    refused(g, new RegExp(`s2/small/shard.json: build: must be the same build of hubsim as .*\\(got ${other}\\)\n$`));
    const d = copies();
    edit(d[2], (m) => delete m.build);
    refused(d, /s3\/small\/shard.json: build: must be the same build .*\(got none: run from the modules, not the bundle, or by an earlier version\)/);
    const e = copies();
    edit(e[0], (m) => (m.build = 'latest'));
    refused(e, /s1\/small\/shard.json: build: must be the SHA-256 \(64 hex digits\) of the hubsim bundle that ran the slice \(got "latest"\)/);
    // Slices all of one other build merge; but as that build may validate or fingerprint a scenario
    // otherwise, a run.json that does not match its manifest is said to be possibly the merge's doing.
    const f = copies();
    for (const dir of f) edit(dir, (m) => (m.build = other));
    expect(hubsim('merge', ...f, '--out', tmp()).status).toBe(0);
    editRun(f[0], 'small', (run) => (run.scenario.hub.gridKw = 700));
    refused(f, new RegExp(`s1/small/run.json: must record the scenario .*at scenario.hub.gridKw; this merge is another build of hubsim than the one that ran the slice \\(hubsim \\d+\\.\\d+\\.\\d+, build ${build}\\) and may read a scenario otherwise: merge with that build\\)`));
  });

  // run.json is copied from the head slice as the merged result's "scenario as read": one that is
  // not the scenario its manifest fingerprints would pass on a scenario no slice ran.
  test("a run.json whose scenario is not the one its manifest fingerprints, in the head slice or another, naming where it differs", () => {
    const c = copies();
    editRun(c[0], 'small', (run) => (run.scenario.hub.gridKw = 700));
    refused(c, /s1\/small\/run.json: must record the scenario the slice ran, whose fingerprint .*s1\/small\/shard.json holds \(scenarioHash [0-9a-f]{16}\) \(got [0-9a-f]{16}, the fingerprint of the scenario recorded here, which differs from .*s2\/small\/run.json at scenario.hub.gridKw\)/);
    const d = copies();
    editRun(d[2], 'small', (run) => (run.scenario.behaviour = { breakMin: 45 }));
    refused(d, /s3\/small\/run.json: must record the scenario .*which differs from .*s1\/small\/run.json at scenario.behaviour.patienceMin\)/);
    // A list longer in one than in the other differs at its first extra entry.
    const f = copies();
    editRun(f[1], 'small', (run) => run.scenario.hub.chargers.push({ ...run.scenario.hub.chargers[0], id: 'extra' }));
    refused(f, /s2\/small\/run.json: must record the scenario .*which differs from .*s1\/small\/run.json at scenario.hub.chargers\[1\]\)/);
    // A default left out, which the fingerprint does not see, is passed over.
    const g = copies();
    editRun(g[0], 'small', (run) => {
      delete run.scenario.horizon.warmupDays; // 0, the default
      run.scenario.hub.gridKw = 700;
    });
    refused(g, /s1\/small\/run.json: must record the scenario .*which differs from .*s2\/small\/run.json at scenario.hub.gridKw\)/);
    // Every slice's edited alike: nothing to compare with, but the fingerprint still tells.
    const e = copies();
    for (const dir of e) editRun(dir, 'small', (run) => (run.scenario.seed = 4));
    refused(e, /s1\/small\/run.json: must record the scenario the slice ran, .*\(got [0-9a-f]{16}, the fingerprint of the scenario recorded here\)/);
  });

  // The seed is no part of the scenario's fingerprint: only the manifest tells a head slice's
  // run.json, copied as the result's, from one that names another seed than the slices ran.
  test("a run.json whose seed is not the one its manifest says the slice ran", () => {
    const c = copies();
    editRun(c[0], 'small', (run) => (run.seed += 1));
    refused(c, /s1\/small\/run.json: seed: must be \d+, as shard.json says \(got \d+\)/);
  });

  test("a run.json whose horizon is not its scenario's", () => {
    const c = copies();
    editRun(c[1], 'small', (run) => (run.horizon.days = 4));
    refused(c, /s2\/small\/run.json: horizon: must be the scenario's horizon, \{"days":3,"warmupDays":0\} \(got \{"days":4,"warmupDays":0\}\)/);
  });

  test('slices run with different horizons, saying so', () => {
    const c = copies();
    const dir = tmp();
    const longer = join(dir, 'longer');
    expect(hubsim('run', smallScenario(dir, 'small', 4), '--replications', '5', '--sessions', 'all', '--shard', '3/3', '--out', longer).status).toBe(0);
    refused([c[0], c[1], longer], /longer\/small\/shard.json: must have the same scenarioHash as .*s1\/small\/shard.json \([0-9a-f]{16}\): the slices ran different horizons \(horizon.days 3, horizon.warmupDays 0 there, horizon.days 4, horizon.warmupDays 0 here\), so their statistics cover different windows/);
  });

  test('slices of different scenarios, naming the first field that differs', () => {
    const c = copies();
    const dir = tmp();
    const other = join(dir, 'other');
    const s = smallScenario(dir, 'small', 3, { hub: { gridKw: 650, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } });
    expect(hubsim('run', s, '--replications', '5', '--sessions', 'all', '--shard', '3/3', '--out', other).status).toBe(0);
    refused([c[0], c[1], other], /other\/small\/shard.json: must have the same scenarioHash as .*s1\/small\/shard.json \([0-9a-f]{16}\): the slices ran scenarios that first differ at scenario.hub.gridKw \(600 there, 650 here\) \(got [0-9a-f]{16}\)/);
  });

  test("slices of different scenarios, naming the first field that differs, not one the fingerprint does not see: $schema, a default written out", () => {
    const c = copies();
    const dir = tmp();
    const other = join(dir, 'other');
    const s = smallScenario(dir, 'small', 3, { hub: { allocation: 'equal', gridKw: 650, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } });
    // $schema first, as a scenario file has it.
    writeFileSync(s, JSON.stringify({ $schema: '../../schema/scenario.schema.json', ...JSON.parse(readFileSync(s, 'utf8')) }));
    // The odd slice holds replication 1 and comes first: it is still the one named, not the two that agree.
    expect(hubsim('run', s, '--replications', '5', '--sessions', 'all', '--shard', '1/3', '--out', other).status).toBe(0);
    const out = tmp();
    const r = hubsim('merge', other, c[1], c[2], '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hubsim: [^\n]*other\/small\/shard.json: must have the same scenarioHash as [^\n]*s2\/small\/shard.json \([0-9a-f]{16}\): the slices ran scenarios that first differ at scenario.hub.gridKw \(600 there, 650 here\) \(got [0-9a-f]{16}\)\n$/);
  });

  test('slices of scenarios whose lists differ in length, naming the first entry only one has', () => {
    const c = copies();
    const dir = tmp();
    const other = join(dir, 'other');
    const fleet = [
      { name: 'eactros', batteryKwh: 600, maxKw: { CCS: 400 }, curve: [[0, 1], [0.8, 1], [1, 0.3]] },
      { name: 'etgx', batteryKwh: 480, maxKw: { CCS: 375 } },
    ];
    const s = smallScenario(dir, 'small', 3, { fleet });
    expect(hubsim('run', s, '--replications', '5', '--sessions', 'all', '--shard', '3/3', '--out', other).status).toBe(0);
    refused([other, c[0], c[1]], /other\/small\/shard.json: must have the same scenarioHash as .*s1\/small\/shard.json .*: the slices ran scenarios that first differ at scenario.fleet\[1\] \(nothing there, \{.*\} here\) \(got [0-9a-f]{16}\)/);
  });

  test('a run.json from before it recorded the horizon still merges, copied as it is', () => {
    const c = copies();
    for (const dir of c) editRun(dir, 'small', (run) => delete run.horizon);
    for (const dir of c) unrecorded(dir, 'small');
    const out = tmp();
    expect(hubsim('merge', ...c, '--out', out).status).toBe(0);
    expect(read(out, 'small', 'run.json')).toBe(read(c[0], 'small', 'run.json'));
  });

  test('a run.json whose scenario is no longer valid, or that is not as hubsim run writes it', () => {
    const c = copies();
    editRun(c[1], 'small', (run) => (run.scenario.horizon.days = -1));
    refused(c, /s2\/small\/run.json: scenario: must be the scenario the slice ran, as valid as when it ran \(got .*horizon.days: must be/);
    const d = copies();
    editRun(d[0], 'small', (run) => (run.note = 'rerun on node 7'));
    refused(d, /s1\/small\/run.json: must be a run record written by hubsim run: hubsim, scenarioFile, scenario, seed, replications, horizon, sessions, power \(hubsim and scenarioFile strings\) \(got .*power, note\)/);
    const e = copies();
    const f = join(e[0], 'small', 'run.json');
    writeFileSync(f, JSON.stringify(JSON.parse(readFileSync(f, 'utf8'))));
    refused(e, /s1\/small\/run.json: must be laid out as hubsim run writes it/);
    const g = copies();
    editRun(g[2], 'small', (run) => (run.trace = { rows: 3, sha256: '0'.repeat(64) }));
    refused(g, /s3\/small\/run.json: trace: must be absent: the scenario reads no trace/);
  });

  /** Two slices of the shipped trace scenario, each in a folder of its own (t1, t2). */
  const traceSlices = () => {
    const d = tmp();
    return [1, 2].map((k) => {
      const p = join(d, `t${k}`);
      expect(hubsim('run', join(root, 'scenarios', 'trace-example.json'), '--replications', '2', '--shard', `${k}/2`, '--power', 'none', '--sessions', 'none', '--out', p).status).toBe(0);
      return p;
    });
  };

  test('slices whose scenario files name one trace by paths written differently merge, as the trace is the same', () => {
    // A fan-out whose nodes hold the scenario in folders of their own (an absolute scratch path on
    // each, a file written on Windows) was refused: the fingerprint held the path as written.
    const d = tmp();
    const shipped = JSON.parse(readFileSync(join(root, 'scenarios', 'trace-example.json'), 'utf8'));
    const trace = join(d, 'traces', 'week.csv');
    mkdirSync(dirname(trace));
    cpSync(join(root, 'scenarios', 'traces', 'example-week.csv'), trace);
    const files = ['traces/week.csv', './traces/week.csv', trace, 'traces\\week.csv'].map((path, i) => {
      const f = join(d, `s${i}.json`);
      writeFileSync(f, JSON.stringify({ ...shipped, $schema: undefined, arrivals: { trace: path } }));
      return f;
    });
    const args = ['--replications', '4', '--power', 'none', '--sessions', 'none'];
    const all = join(d, 'all');
    expect(hubsim('run', files[0], ...args, '--out', all).status).toBe(0);
    const parts = files.map((f, i) => {
      const p = join(d, `p${i}`);
      expect(hubsim('run', f, ...args, '--shard', `${i + 1}/4`, '--out', p).status).toBe(0);
      return p;
    });
    const out = join(d, 'merged');
    const r = hubsim('merge', ...parts, '--out', out);
    expect([r.status, r.stderr]).toEqual([0, '']);
    for (const f of ['summary.csv', 'replications.csv', 'by-hour.csv', 'bays.csv']) expect(read(out, 'trace-example', f)).toBe(read(all, 'trace-example', f));
    // Another trace is still another scenario.
    const other = join(d, 'other.csv');
    writeFileSync(other, readFileSync(trace, 'utf8').replace(/\n[^\n]*\n$/, '\n'));
    writeFileSync(files[3], JSON.stringify({ ...shipped, $schema: undefined, arrivals: { trace: other } }));
    expect(hubsim('run', files[3], ...args, '--shard', '4/4', '--out', parts[3]).status).toBe(0);
    refused(parts, /must have the same scenarioHash as .*the slices ran scenarios that first differ at trace.rows/, true);
  });

  test("a run.json of a trace scenario whose trace is not the one the manifest fingerprints, naming the field", () => {
    const parts = traceSlices();
    const out = tmp();
    expect(hubsim('merge', ...parts, '--out', out).status).toBe(0);
    editRun(parts[1], 'trace-example', (run) => (run.trace.sha256 = run.trace.sha256.replace(/^./, (x: string) => (x === '0' ? '1' : '0'))));
    refused(parts, /t2\/trace-example\/run.json: must record the scenario and trace the slice ran, .*which differ from .*t1\/trace-example\/run.json at trace.sha256\)/);
    editRun(parts[1], 'trace-example', (run) => (run.trace.rows = -1));
    refused(parts, /t2\/trace-example\/run.json: trace: must be the rows \(a whole number\) and sha256 \(64 hex digits\) of the trace the scenario reads \(got \{"rows":-1,/);
    editRun(parts[1], 'trace-example', (run) => delete run.trace);
    refused(parts, /t2\/trace-example\/run.json: trace: must be the rows \(a whole number\) and sha256 \(64 hex digits\) of the trace the scenario reads \(got nothing\)/);
  });

  test("a trace scenario's count of the trace's values: the same in every slice, and one a trace can have", () => {
    const parts = traceSlices();
    const counts = JSON.parse(read(parts[0], 'trace-example', 'run.json')).traceColumns;
    expect(Object.keys(counts)).toEqual(['arrival_min', 'fleet', 'soc_in']);
    editRun(parts[1], 'trace-example', (run) => (run.traceColumns.soc_in -= 1));
    refused(parts, /t2\/trace-example\/run.json: traceColumns: must count the trace's values as .*t1\/trace-example\/run.json does \(\{"arrival_min":\d+,"fleet":\d+,"soc_in":\d+\}\): the slices read one trace \(got/);
    for (const p of parts) editRun(p, 'trace-example', (run) => (run.traceColumns = { ...counts, arrival_min: counts.arrival_min + 1 }));
    refused(parts, /t1\/trace-example\/run.json: traceColumns: must count, for each column of the trace \(arrival_min, fleet, soc_in, target_soc, energy_kwh, break_min, patience_min\), the rows of the \d+ that give a value, arrival_min every row/);
    // Slices of a build from before run.json counted them (nor did shard.json record its files then).
    for (const p of parts) editRun(p, 'trace-example', (run) => delete run.traceColumns);
    for (const p of parts) unrecorded(p, 'trace-example');
    const out = tmp();
    expect(hubsim('merge', ...parts, '--out', out).status).toBe(0);
    expect(read(out, 'trace-example', 'run.json')).toBe(read(parts[0], 'trace-example', 'run.json'));
  });

  test('a breakdown state that is malformed or does not fit the fleet', () => {
    // A slot counting more replications than the slice ran: one more is as impossible as many more.
    for (const count of [99, 3]) {
      const c = copies();
      const f = join(c[1], 'small', 'breakdowns.csv');
      const lines = readFileSync(f, 'utf8').split('\n');
      lines[5] = lines[5].replace(/^(\d+),(\d+),/, `$1,${count},`);
      writeFileSync(f, lines.join('\n'));
      refused(c, new RegExp(`s2/small/breakdowns.csv line 6: must count at most the slice's 2 replications \\(got "${count}"\\)`));
    }
    const d = copies();
    const g = join(d[0], 'small', 'breakdowns.csv');
    writeFileSync(g, readFileSync(g, 'utf8').split('\n').slice(0, -5).join('\n') + '\n');
    refused(d, /s1\/small\/breakdowns.csv: must have \d+ rows, one per slot/);
  });

  // Numbers that are well formed but that no replications give: merge ended in an internal error
  // (exit 3) on the overflow, or wrote a mean outside its own range.
  test.each([
    ['a range past any value', (c: string[]) => ([c[4], c[5]] = ['-1e400', '1e400']), /must have a finite range \(empty with no values; its ends at most 1e\+100 in size\) \(got "-1e400, 1e400"\)/],
    ['a sum beyond n times the range', (c: string[]) => (c[2] = '9'.repeat(400)), /must hold sums that \d+ values? in \[.*\] can have/],
    ['a sum of squares below what the sum needs', (c: string[]) => (c[3] = '0'), /must hold sums that \d+ values? in \[.*\] can have/],
  ])('a breakdown state with %s', (_, edit, message) => {
    const c = copies();
    const f = join(c[1], 'small', 'breakdowns.csv');
    const lines = readFileSync(f, 'utf8').split('\n');
    // A slot with values, not all zero.
    const at = lines.findIndex((l, i) => i > 0 && /^\d+,[1-9]\d*,[1-9]/.test(l));
    const cells = lines[at].split(',');
    edit(cells);
    lines[at] = cells.join(',');
    writeFileSync(f, lines.join('\n'));
    refused(c, new RegExp(`s2/small/breakdowns.csv line ${at + 1}: ${message.source}`));
  });

  test.each(['sessions.csv', 'bays.csv', 'power.csv', 'replications.csv', 'breakdowns.csv'])('a slice missing %s', (file) => {
    const c = copies();
    rmSync(join(c[0], 'small', file));
    refused(c, new RegExp(`s1/small/${file.replace('.', '\\.')}: must be`));
  });

  test('a file, or a folder with no slices, instead of slice folders', () => {
    refused([join(slices[0], 'small', 'shard.json')], /shard.json: must be a folder written by `hubsim run --shard` or `sweep --shard` \(got a file\)/);
    refused([tmp()], /must hold <scenario>\/shard.json .*\(got no shard.json one level down\)/);
    // A slice killed mid-run leaves its working folder only.
    const killed = tmp();
    mkdirSync(join(killed, `.hubsim-staging-${HOST}~${process.pid}~0a0b0c0d`, 'small'), { recursive: true });
    refused([killed], /\(got no shard.json one level down, only the working folder \(.hubsim-staging-…\) of a run that has not finished: wait for it, or run that slice again if it was stopped\)/);
    // The folder a slice prints is its scenario's, one level below what merge takes.
    const inner = join(slices[0], 'small');
    refused([inner], new RegExp(`small: must hold <scenario>/shard.json .*: this is a result's folder inside one; give its parent, ${slices[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(got shard.json in the folder itself\\)`));
    // Named from inside it, as ".": the parent is named as a path, not as "." again.
    const r = spawnSync(process.execPath, [bin, 'merge', '.', '--out', tmp()], { cwd: inner, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`give its parent, ${slices[0]} (got shard.json in the folder itself)`);
    // Given beside the other slices, it is that problem alone: not also a slice said not given.
    const beside = hubsim('merge', inner, slices[1], slices[2], '--out', tmp());
    expect(beside.stderr).toMatch(/^hubsim: \S*\/small: must hold <scenario>\/shard.json [^\n]*give its parent[^\n]*\n$/);
  });

  describe('a copied file (sessions.csv, power.csv, bays.csv) that is not as hubsim writes it, checked as it is copied', () => {
    /** Rewrites the lines of OUT/small/`file` in slice `k` (1-based). */
    function edit(c: string[], k: number, file: string, change: (lines: string[]) => string[]): void {
      const f = join(c[k - 1], 'small', file);
      writeFileSync(f, change(readFileSync(f, 'utf8').split('\n')).join('\n'));
    }

    test("a result folder in --out that is not hubsim's to replace is named before the slices are joined, not once they are", () => {
      const c = copies();
      const f = join(c[1], 'small', 'sessions.csv');
      truncateSync(f, readFileSync(f).length - 17); // found only as it is copied
      rerecord(c);
      const out = tmp();
      mkdirSync(join(out, 'small'));
      writeFileSync(join(out, 'small', 'notes.txt'), 'mine');
      const r = hubsim('merge', ...c, '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/holds entries hubsim did not write \(notes.txt\)/);
      expect(r.stderr).not.toMatch(/sessions\.csv/);
      expect(tree(out)).toEqual(['small/', 'small/notes.txt']);
    });

    test('a sessions.csv cut short in its last row, naming that line', () => {
      const c = copies();
      const f = join(c[1], 'small', 'sessions.csv');
      const lines = readFileSync(f, 'utf8').trimEnd().split('\n').length;
      truncateSync(f, readFileSync(f).length - 17);
      refused(c, new RegExp(`s2/small/sessions.csv line ${lines}: must end with a line break, as every row hubsim writes does \\(got a last row cut short\\)`));
    });

    test('a sessions row with more or fewer fields than the header', () => {
      const c = copies();
      edit(c, 3, 'sessions.csv', (l) => [...l.slice(0, 4), l[4] + l[5], ...l.slice(6)]);
      refused(c, /s3\/small\/sessions.csv line 5: must have 14 fields, as the header \(got 27\)/);
      const d = copies();
      edit(d, 1, 'sessions.csv', (l) => [...l.slice(0, 2), l[2].replace(/,[^,]*$/, ''), ...l.slice(3)]);
      refused(d, /s1\/small\/sessions.csv line 3: must have 14 fields, as the header \(got 13\)/);
    });

    test("sessions rows relabelled to a replication outside the slice's", () => {
      const c = copies();
      edit(c, 2, 'sessions.csv', (l) => l.map((x, i) => (i > 0 ? x.replace(/^2,/, '1,') : x)));
      refused(c, /s2\/small\/sessions.csv line 2: must begin with a replication from 2 to 3, as shard.json says \(got 1\)/);
      const d = copies();
      edit(d, 2, 'sessions.csv', (l) => l.map((x, i) => (i === 1 ? x.replace(/^2,/, '02,') : x)));
      refused(d, /s2\/small\/sessions.csv line 2: must begin with a replication from 2 to 3, as shard.json says \(got no whole number\)/);
    });

    test('sessions rows out of replication order', () => {
      const c = copies();
      edit(c, 2, 'sessions.csv', (l) => {
        const three = l.findIndex((x) => x.startsWith('3,'));
        return [l[0], l[three], ...l.slice(1, three), ...l.slice(three + 1)];
      });
      refused(c, /s2\/small\/sessions.csv line 3: must be in replication order \(got replication 2 after 3\)/);
    });

    test('a sessions.csv with another header, or a quoted field', () => {
      const c = copies();
      edit(c, 2, 'sessions.csv', (l) => [l[0].replace('soc_in', 'soc'), ...l.slice(1)]);
      refused(c, /s2\/small\/sessions.csv line 1: must be the header replication,truck,fleet,.*,outcome \(got "replication,truck,fleet,arrival_min,/);
      const d = copies();
      edit(d, 3, 'sessions.csv', (l) => [...l.slice(0, 2), l[2].replace(',eactros,', ',"eactros",'), ...l.slice(3)]);
      refused(d, /s3\/small\/sessions.csv line 3: must have no quoted field, as hubsim writes none here/);
    });

    test.each([
      ['power.csv', 10],
      ['bays.csv', 8],
    ])("the head slice's %s cut short or with a field too many", (file, fields) => {
      const c = copies();
      const f = join(c[0], 'small', file);
      const lines = readFileSync(f, 'utf8').trimEnd().split('\n').length;
      truncateSync(f, readFileSync(f).length - 2);
      refused(c, new RegExp(`s1/small/${file} line ${lines}: must end with a line break`));
      const d = copies();
      edit(d, 1, file, (l) => [l[0], `${l[1]},1`, ...l.slice(2)]);
      refused(d, new RegExp(`s1/small/${file} line 2: must have ${fields} fields, as the header \\(got ${fields + 1}\\)`));
    });

    test('with --sessions first, a session of another replication than the first', () => {
      const parts = [1, 2].map((k) => {
        const d = join(tmp(), `first${k}`);
        expect(hubsim('run', scenario, '--replications', '3', '--shard', `${k}/2`, '--out', d).status).toBe(0);
        return d;
      });
      const f = join(parts[0], 'small', 'sessions.csv');
      writeFileSync(f, readFileSync(f, 'utf8').replace(/\n1,/, '\n2,'));
      refused(parts, /first1\/small\/sessions.csv line 2: must begin with replication 1, as shard.json says \(got 2\)/);
    });

    test('a FIFO in place of sessions.csv is refused at once, not waited on', () => {
      const c = copies();
      const f = join(c[1], 'small', 'sessions.csv');
      rmSync(f);
      execFileSync('mkfifo', [f]);
      const out = tmp();
      const r = hubsimWithin(20_000, 'merge', ...c, '--out', out);
      expect(r.stderr).toMatch(/s2\/small\/sessions.csv: must be a regular file, as hubsim writes it \(got a pipe \(FIFO\), not a file\)/);
      expect(r.status).toBe(2);
      expect(tree(out)).toEqual([]);
    });

    test('a merge refused while it copies leaves no trace of a new --out, nor of the folders made for it', () => {
      const c = copies();
      edit(c, 3, 'sessions.csv', (l) => [...l.slice(0, -2), l[l.length - 2].replace(/,[^,]*$/, ''), '']);
      const parent = tmp();
      const r = hubsim('merge', ...c, '--out', join(parent, 'new', 'merged'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/s3\/small\/sessions.csv line \d+: must have 14 fields/);
      expect(tree(parent)).toEqual([]);
    });

    test('--out that is one of the slices is refused, under any of its names: the result would replace that slice', () => {
      const c = copies();
      const before = tree(c[0]).map((f) => [f, f.endsWith('/') ? '' : readFileSync(join(c[0], f), 'utf8')]);
      for (const out of [c[0], `${c[0]}/`, join(c[0], '..', 's1')]) {
        const r = hubsim('merge', ...c, '--out', out);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/--out: must not be one of the slice folders being merged: the result would replace that slice/);
      }
      expect(tree(c[0]).map((f) => [f, f.endsWith('/') ? '' : readFileSync(join(c[0], f), 'utf8')])).toEqual(before);
    });

    test('--out whose result folder is a slice by another way to it (a link to the slice) is refused too', () => {
      const c = copies();
      const aside = tmp();
      const link = join(aside, 'small');
      symlinkSync(join(c[0], 'small'), link);
      const before = tree(c[0]).map((f) => [f, f.endsWith('/') ? '' : readFileSync(join(c[0], f), 'utf8')]);
      // The link's folder given as a slice, the slice's own folder as --out; and the other way round.
      for (const [inputs, out, slice] of [
        [[aside, c[1], c[2]], c[0], link],
        [c, aside, join(c[0], 'small')],
      ] as const) {
        const r = hubsim('merge', ...inputs, '--out', out);
        expect(r.status).toBe(2);
        expect(r.stderr).toBe(`hubsim: --out: must not hold a slice being merged: the result would replace that slice (got ${join(out, 'small')}, which is the slice ${slice})\n`);
      }
      expect(tree(c[0]).map((f) => [f, f.endsWith('/') ? '' : readFileSync(join(c[0], f), 'utf8')])).toEqual(before);
    });

    (process.getuid?.() === 0 ? test : test.skip)('a scenario folder in a slice that cannot be read is named, not passed over (its scenario was left out of the result)', () => {
      const c = copies();
      const dir = tmp();
      const scenario2 = smallScenario(dir, 'other', 2);
      for (const [k, s] of c.entries()) expect(hubsim('run', scenario2, '--replications', '4', '--shard', `${k + 1}/3`, '--out', s).status).toBe(0);
      execFileSync('chown', ['-R', '65534', ...c]);
      for (const s of c) execFileSync('chown', ['0', join(s, 'other')]);
      for (const s of c) execFileSync('chmod', ['700', join(s, 'other')]);
      execFileSync('chown', ['65534', dir, dirname(c[0])]);
      const out = join(dir, 'out');
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'merge', ...c, '--out', out], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      for (const s of c) expect(r.stderr).toContain(`${join(s, 'other')}: must be readable: it may hold a slice (shard.json); move it out of ${s} if it holds none (got permission denied (EACCES))\n`);
      expect(existsSync(out)).toBe(false);
      // One slice's folder unread beside the others': it was given, and is not said to be missing.
      for (const s of [c[0], c[2]]) execFileSync('chmod', ['755', join(s, 'other')]);
      const one = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'merge', ...c, '--out', out], { encoding: 'utf8' });
      expect([one.status, one.stderr]).toEqual([2, `hubsim: ${join(c[1], 'other')}: must be readable: it may hold a slice (shard.json); move it out of ${c[1]} if it holds none (got permission denied (EACCES))\n`]);
      // A folder no scenario could be named as (lost+found, at the top of a mounted disk) holds no
      // slice, and is passed over: refused, the slices could not be merged at all.
      for (const s of c) {
        rmSync(join(s, 'other'), { recursive: true });
        mkdirSync(join(s, 'lost+found'), { mode: 0o700 });
      }
      const merged = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'merge', ...c, '--out', out], { encoding: 'utf8' });
      expect([merged.status, merged.stderr]).toEqual([0, '']);
      // A sweep's folder of a scenario name of 97 characters is past the 100 a name may have, but may hold a slice.
      const sweep = join(c[0], `sweep-${'a'.repeat(97)}`);
      mkdirSync(sweep, { mode: 0o700 });
      const long = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'merge', ...c, '--out', out], { encoding: 'utf8' });
      expect(long.status).toBe(2);
      expect(long.stderr).toContain(`${sweep}: must be readable`);
    });

    test('a refused merge leaves the result already in --out as it was', () => {
      const out = tmp();
      expect(hubsim('merge', ...slices, '--out', out).status).toBe(0);
      const before = tree(out).map((f) => [f, f.endsWith('/') ? '' : readFileSync(join(out, f), 'utf8')]);
      const c = copies();
      edit(c, 3, 'sessions.csv', (l) => [...l.slice(0, -2), l[l.length - 2].replace(/,[^,]*$/, ''), '']);
      const r = hubsim('merge', ...c, '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/s3\/small\/sessions.csv line \d+: must have 14 fields/);
      expect(tree(out).map((f) => [f, f.endsWith('/') ? '' : readFileSync(join(out, f), 'utf8')])).toEqual(before);
    });
  });

  test('slices of different runs', () => {
    const other = join(work, 'other-seed');
    expect(hubsim('run', scenario, '--replications', '5', '--sessions', 'all', '--seed', '9', '--shard', '2/3', '--out', other).status).toBe(0);
    refused([slices[0], other, slices[2]], /must have the same seed/);
  });

  // Another mode is another run, whose slices write other files: the mode that differs is named,
  // not a file found missing or one the head's mode leaves out of the result.
  test.each([
    ['sessions', 'first', /s2\/small\/shard.json: must have the same sessions as .*slice1\/small\/shard.json \(all\) \(got first\)/],
    ['power', 'none', /s2\/small\/shard.json: must have the same power as .*slice1\/small\/shard.json \(first\) \(got none\)/],
  ])('slices of one scenario and seed run with another --%s', (option, mode, message) => {
    const d = join(tmp(), 's2');
    const args = option === 'sessions' ? ['--sessions', mode] : ['--sessions', 'all', '--power', mode];
    expect(hubsim('run', scenario, '--replications', '5', ...args, '--shard', '2/3', '--out', d).status).toBe(0);
    refused([slices[0], d, slices[2]], message);
  });
});
