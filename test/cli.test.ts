import { beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { powerCutNote } from '../src/cli/batch.js';
import { METRIC_NAMES } from '../src/model/metrics.js';
import type { Scenario } from '../src/scenario/types.js';
import { scratch } from './helpers/scratch.js';

// End-to-end tests of the built command line (`npm test` builds dist/ first).
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'hubsim.js');
const scenario = (name: string) => join(root, 'scenarios', `${name}.json`);
const FILES = ['replications.csv', 'summary.csv', 'sessions.csv', 'bays.csv', 'power.csv'];
/** The planning breakdowns `run` writes (`merge` does not join them yet). */
const BREAKDOWNS = ['by-hour.csv', 'by-fleet.csv', 'load-duration.csv', 'wait-cdf.csv'];

function hubsim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => scratch('hubsim-cli-');
const read = (dir: string, name: string, file: string) => readFileSync(join(dir, name, file), 'utf8');

describe('hubsim run', () => {
  let a: string;
  beforeAll(() => {
    a = tmp();
    expect(hubsim('run', scenario('koblenz'), '--replications', '4', '--workers', '1', '--out', a).status).toBe(0);
  });

  test('writes the contract files with their columns', () => {
    const header = (f: string) => read(a, 'koblenz', f).split('\n')[0];
    expect(header('sessions.csv')).toBe('replication,truck,fleet,arrival_min,plug_min,unplug_min,depart_min,wait_min,bay,connector,soc_in,soc_out,energy_kwh,outcome');
    expect(header('bays.csv')).toBe('bay,charger,cabinet,connector,occupied_share,charging_share,energy_kwh,sessions');
    expect(header('power.csv')).toBe('start_min,day,weekday,hour,grid_kw_mean,grid_kw_max,demand_kw_mean,occupied_bays_mean,queue_mean,battery_kw_mean');
    expect(header('summary.csv')).toBe('metric,mean,sd,ci95_low,ci95_high,n,min,p05,p50,p95,max');
    expect(header('by-hour.csv')).toBe('weekday,hour,metric,mean,sd,ci95_low,ci95_high,n,min,max');
    expect(header('by-fleet.csv')).toBe('fleet,metric,mean,sd,ci95_low,ci95_high,n,min,max');
    expect(header('load-duration.csv')).toBe('share_of_time,metric,mean,sd,ci95_low,ci95_high,n,min,max');
    expect(header('wait-cdf.csv')).toBe('wait_min,metric,mean,sd,ci95_low,ci95_high,n,min,max');
    const lines = (f: string) => read(a, 'koblenz', f).trim().split('\n').length - 1;
    expect([lines('by-hour.csv'), lines('load-duration.csv'), lines('wait-cdf.csv')]).toEqual([192 * 10, 101 * 2, 105]);
    expect(header('replications.csv').startsWith('scenario,replication,seed,trucks_arrived,')).toBe(true);
    expect(read(a, 'koblenz', 'replications.csv').trim().split('\n')).toHaveLength(5);
  });

  test("--power first writes replication 1's first 366 days (a run within them whole), as run --help says", () => {
    const out = tmp();
    const raw = JSON.parse(readFileSync(scenario('koblenz'), 'utf8'));
    const file = join(out, 'long.json');
    writeFileSync(file, JSON.stringify({ ...raw, name: 'long', horizon: { days: 400 }, arrivals: { ...raw.arrivals, trucksPerDay: 5 } }));
    const r = hubsim('run', file, '--replications', '1', '--workers', '1', '--sessions', 'none', '--out', join(out, 'o'));
    expect(r.status).toBe(0);
    // The rest of the run is not in the file: the output says so, and how to have it.
    expect(r.stdout).toContain("note: power.csv holds the first 366 days of replication 1's 400 days: --power all writes every interval\n");
    const starts = read(join(out, 'o'), 'long', 'power.csv').trim().split('\n').slice(1).map((row) => Number(row.split(',')[0]));
    expect([starts[0], starts.at(-1)]).toEqual([0, 366 * 1440 - 15]);
    // A run of exactly 366 days is all in the file, with the hours its last trucks take to leave
    // after the horizon (a queue at the end makes some): nothing to say.
    writeFileSync(file, JSON.stringify({ ...raw, name: 'long', horizon: { days: 366 }, arrivals: { ...raw.arrivals, trucksPerDay: 250 } }));
    const year = hubsim('run', file, '--replications', '1', '--workers', '1', '--sessions', 'none', '--out', join(out, 'year'));
    expect(year.status).toBe(0);
    expect(year.stdout).not.toContain('note: power.csv');
    const yearPower = read(join(out, 'year'), 'long', 'power.csv');
    expect(Number(yearPower.trim().split('\n').at(-1)!.split(',')[0])).toBeGreaterThanOrEqual(366 * 1440);
    expect(hubsim('run', file, '--replications', '1', '--workers', '1', '--sessions', 'none', '--power', 'all', '--out', join(out, 'yearAll')).status).toBe(0);
    expect(yearPower).toBe(read(join(out, 'yearAll'), 'long', 'power.csv'));
    // Its days as a run takes them, in minutes: 366.0000000000001 days is minute 527,040, no later.
    expect(powerCutNote({ horizon: { days: 366.0000000000001, warmupDays: 0 } } as Scenario, 'first', true)).toBeUndefined();
    expect(powerCutNote({ horizon: { days: 366.001, warmupDays: 0 } } as Scenario, 'first', true)).toMatch(/^note: power\.csv holds the first 366 days/);
    expect(hubsim('run', '--help').stdout.replace(/\s+/g, ' ')).toContain("power.csv of replication 1: its first 366 days ('first'), the whole run, or none");
    // compare writes each side's alike, and says so of the side whose run is longer.
    writeFileSync(file, JSON.stringify({ ...raw, name: 'long', horizon: { days: 400 }, arrivals: { ...raw.arrivals, trucksPerDay: 5 } }));
    const b = join(out, 'year.json');
    writeFileSync(b, JSON.stringify({ ...raw, name: 'year', horizon: { days: 366 }, arrivals: { ...raw.arrivals, trucksPerDay: 5 } }));
    const both = hubsim('compare', file, b, '--replications', '2', '--no-report', '--out', join(out, 'c'));
    expect(both.status).toBe(0);
    expect(both.stdout.match(/^note: .*power\.csv.*$/gm)).toEqual(["note: A's power.csv holds the first 366 days of replication 1's 400 days: hubsim run of its scenario with --power all writes every interval"]);
  });

  test("--power all writes replication 1's power.csv to the end of the run, --power none writes none", () => {
    const out = tmp();
    const raw = JSON.parse(readFileSync(scenario('koblenz'), 'utf8'));
    const file = join(out, 'long.json');
    writeFileSync(file, JSON.stringify({ ...raw, name: 'long', horizon: { days: 400 }, arrivals: { ...raw.arrivals, trucksPerDay: 5 } }));
    const all = hubsim('run', file, '--replications', '1', '--workers', '1', '--sessions', 'none', '--power', 'all', '--out', join(out, 'all'));
    expect(all.status).toBe(0);
    expect(all.stdout).not.toContain('power.csv holds');
    const starts = read(join(out, 'all'), 'long', 'power.csv').trim().split('\n').slice(1).map((row) => Number(row.split(',')[0]));
    expect([starts[0], starts.at(-1), starts.length]).toEqual([0, 400 * 1440 - 15, 400 * 96]);
    expect(hubsim('run', file, '--replications', '2', '--workers', '1', '--sessions', 'none', '--power', 'none', '--out', join(out, 'none')).status).toBe(0);
    expect(readdirSync(join(out, 'none', 'long')).sort()).toEqual([...FILES, ...BREAKDOWNS, 'run.json'].filter((f) => f !== 'sessions.csv' && f !== 'power.csv').sort());
  });

  test('the same seed gives byte-identical files', () => {
    const b = tmp();
    expect(hubsim('run', scenario('koblenz'), '--replications', '4', '--workers', '1', '--out', b).status).toBe(0);
    for (const f of [...FILES, ...BREAKDOWNS]) expect(read(b, 'koblenz', f)).toBe(read(a, 'koblenz', f));
  });

  test('worker threads give byte-identical files', () => {
    const b = tmp();
    expect(hubsim('run', scenario('koblenz'), '--replications', '4', '--workers', '2', '--out', b).status).toBe(0);
    for (const f of [...FILES, ...BREAKDOWNS]) expect(read(b, 'koblenz', f)).toBe(read(a, 'koblenz', f));
  });

  test('compiled without its code cache, the command line gives byte-identical files', () => {
    // With another V8 flag (here --expose-gc) V8 rejects the build's code cache (src/cli/bundled.cts)
    // and hubsim compiles its script from the source, in the main thread and in worker threads.
    const b = tmp();
    const r = spawnSync(process.execPath, ['--expose-gc', bin, 'run', scenario('koblenz'), '--replications', '4', '--workers', '2', '--out', b], { encoding: 'utf8', cwd: root });
    expect(r.status).toBe(0);
    for (const f of [...FILES, ...BREAKDOWNS]) expect(read(b, 'koblenz', f)).toBe(read(a, 'koblenz', f));
  });

  test('run.json records how the folder was made: the scenario as written, the seed and replications run, --sessions, --power and the window the statistics cover', () => {
    const d = tmp();
    expect(hubsim('run', scenario('koblenz'), '--replications', '2', '--seed', '7', '--sessions', 'none', '--power', 'all', '--out', d).status).toBe(0);
    const run = JSON.parse(read(d, 'koblenz', 'run.json'));
    expect(run).toMatchObject({ scenarioFile: scenario('koblenz'), seed: 7, replications: 2, sessions: 'none', power: 'all', horizon: { days: 28, warmupDays: 2 } });
    expect(run.scenario).toEqual(JSON.parse(readFileSync(scenario('koblenz'), 'utf8')));
  });

  test('a result folder whose path holds a line break is printed quoted with escapes, as a message names it, so that its line stays one line', () => {
    const out = tmp();
    const raw = JSON.parse(readFileSync(scenario('koblenz'), 'utf8'));
    const file = join(out, 'day.json');
    writeFileSync(file, JSON.stringify({ ...raw, horizon: { days: 1 } }));
    const odd = join(out, 'a\nb');
    const r = hubsim('run', file, '--replications', '2', '--workers', '1', '--out', odd);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`koblenz: 2 replications, seed 1 → ${JSON.stringify(join(odd, 'koblenz') + '/')}`);
    expect(existsSync(join(odd, 'koblenz', 'summary.csv'))).toBe(true);
  });

  test('a different seed gives different results', () => {
    const b = tmp();
    expect(hubsim('run', scenario('koblenz'), '--replications', '4', '--seed', '2', '--out', b).status).toBe(0);
    expect(read(b, 'koblenz', 'replications.csv')).not.toBe(read(a, 'koblenz', 'replications.csv'));
  });

  test('shards merged are byte-identical to the unsharded run, sessions of all replications included', () => {
    const whole = tmp();
    expect(hubsim('run', scenario('trace-example'), '--replications', '5', '--sessions', 'all', '--out', whole).status).toBe(0);
    const slices = [1, 2, 3].map((k) => {
      const d = tmp();
      expect(hubsim('run', scenario('trace-example'), '--replications', '5', '--sessions', 'all', '--shard', `${k}/3`, '--out', d).status).toBe(0);
      return d;
    });
    const merged = tmp();
    const m = hubsim('merge', ...slices, '--out', merged);
    expect(m.status).toBe(0);
    for (const f of FILES) expect(read(merged, 'trace-example', f)).toBe(read(whole, 'trace-example', f));
    expect(existsSync(join(merged, 'trace-example', 'shard.json'))).toBe(false);
  });

  test("--sessions all writes every replication's sessions under one header, in replication order, and no other file", () => {
    // Each replication streams its sessions into a file of its own, on whichever worker runs it;
    // the folder holds only the joined sessions.csv, whose replication 1 is what --sessions first writes.
    const all = tmp();
    expect(hubsim('run', scenario('trace-example'), '--replications', '3', '--sessions', 'all', '--workers', '2', '--out', all).status).toBe(0);
    expect(readdirSync(join(all, 'trace-example')).sort()).toEqual([...FILES, ...BREAKDOWNS, 'run.json'].sort());
    const [header, ...rows] = read(all, 'trace-example', 'sessions.csv').trim().split('\n');
    expect(rows.filter((l) => l === header)).toEqual([]);
    const replications = rows.map((l) => Number(l.split(',')[0]));
    expect([...new Set(replications)]).toEqual([1, 2, 3]);
    expect(replications).toEqual([...replications].sort((x, y) => x - y));
    const first = tmp();
    expect(hubsim('run', scenario('trace-example'), '--replications', '3', '--workers', '2', '--out', first).status).toBe(0);
    expect(read(first, 'trace-example', 'sessions.csv')).toBe(`${[header, ...rows.filter((l) => l.startsWith('1,'))].join('\n')}\n`);
  });

  test('compare knows copies of one trace in two folders as the same trucks, and other rows as other trucks', () => {
    const d = tmp();
    const rows = readFileSync(join(root, 'scenarios', 'traces', 'example-week.csv'), 'utf8');
    const copy = (name: string, text: string) => {
      mkdirSync(join(d, name, 'traces'), { recursive: true });
      writeFileSync(join(d, name, 'traces', 'example-week.csv'), text);
      writeFileSync(join(d, name, `${name}.json`), readFileSync(scenario('trace-example'), 'utf8').replace('"name": "trace-example"', `"name": "${name}"`));
      return join(d, name, `${name}.json`);
    };
    const [a, b] = [copy('a', rows), copy('b', rows)];
    const note = /^note: A and B do not see the same trucks: they read different traces \(arrivals.trace\)/m;
    const same = hubsim('compare', a, b, '--replications', '2', '--no-report', '--out', join(d, 'o1'));
    expect(same.status).toBe(0);
    expect(same.stdout).not.toMatch(note);
    // One arrival a minute later in B's copy.
    const lines = rows.split('\n');
    lines[1] = lines[1].replace(/^(\d+(?:\.\d+)?)/, (m) => String(Number(m) + 1));
    const other = hubsim('compare', a, copy('b', lines.join('\n')), '--replications', '2', '--no-report', '--out', join(d, 'o2'));
    expect(other.status).toBe(0);
    expect(other.stdout).toMatch(note);
    // The trace gives every truck's type and arrival SoC: other shares and another arrival SoC there
    // change no truck.
    const c = copy('c', rows);
    const edited = JSON.parse(readFileSync(c, 'utf8'));
    edited.fleet[0].share *= 3;
    edited.demand.arrivalSoc = 0.3;
    writeFileSync(c, JSON.stringify(edited));
    const moot = hubsim('compare', a, c, '--replications', '2', '--no-report', '--out', join(d, 'o3'));
    expect(moot.status).toBe(0);
    expect(moot.stdout).not.toMatch(/^note:/m);
    // The fleet listed in another order: the rows name the same types, so the same trace and trucks.
    const r = copy('r', rows);
    const reordered = JSON.parse(readFileSync(r, 'utf8'));
    reordered.fleet.reverse();
    writeFileSync(r, JSON.stringify(reordered));
    const turned = hubsim('compare', a, r, '--replications', '2', '--no-report', '--out', join(d, 'o4'));
    expect(turned.status).toBe(0);
    expect(turned.stdout).not.toMatch(/^note:/m);
  });

  test("run.json records the trace's rows, so that copies of it in two folders are known as one trace and a file changed under one path is not", () => {
    const copy = tmp();
    mkdirSync(join(copy, 'traces'));
    const rows = readFileSync(join(root, 'scenarios', 'traces', 'example-week.csv'), 'utf8');
    writeFileSync(join(copy, 'traces', 'example-week.csv'), rows);
    writeFileSync(join(copy, 'trace-example.json'), readFileSync(scenario('trace-example'), 'utf8'));
    const recordOf = (file: string) => {
      const out = tmp();
      expect(hubsim('run', file, '--replications', '1', '--sessions', 'none', '--out', out).status).toBe(0);
      return JSON.parse(read(out, 'trace-example', 'run.json'));
    };
    const record = recordOf(scenario('trace-example'));
    const shipped = record.trace;
    expect(shipped).toEqual({ rows: rows.trim().split('\n').length - 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // And how many of those rows give a value in each column: here every row, in each of its three.
    expect(record.traceColumns).toEqual({ arrival_min: shipped.rows, fleet: shipped.rows, soc_in: shipped.rows });
    expect(recordOf(join(copy, 'trace-example.json')).trace).toEqual(shipped);
    // One arrival a minute later: another trace under the same path.
    const lines = rows.split('\n');
    lines[1] = lines[1].replace(/^(\d+(?:\.\d+)?)/, (m) => String(Number(m) + 1));
    writeFileSync(join(copy, 'traces', 'example-week.csv'), lines.join('\n'));
    expect(recordOf(join(copy, 'trace-example.json')).trace.sha256).not.toBe(shipped.sha256);
  });

  test("a slice without replication 1 writes none of replication 1's files: bays, power and sessions come from the slice that ran it", () => {
    const d = tmp();
    expect(hubsim('run', scenario('trace-example'), '--replications', '4', '--shard', '2/2', '--out', d).status).toBe(0);
    for (const f of ['bays.csv', 'power.csv', 'sessions.csv']) expect(existsSync(join(d, 'trace-example', f))).toBe(false);
    expect(existsSync(join(d, 'trace-example', 'replications.csv'))).toBe(true);
  });

  test('the line on what money totals are over names only those some replication defines: no demand charge over a run shorter than a power interval', () => {
    const d = tmp();
    const raw = JSON.parse(readFileSync(scenario('koblenz'), 'utf8'));
    const file = join(d, 'tiny.json');
    writeFileSync(file, JSON.stringify({ ...raw, $schema: undefined, name: 'tiny', horizon: { days: 0.01 }, economics: { energyPrice: 0.2, demandCharge: { perKw: 10 } } }));
    const r = hubsim('run', file, '--replications', '2', '--out', join(d, 'out'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^energy_cost is a total over 0\.01 days, not a monthly or yearly figure$/m);
    expect(readFileSync(join(d, 'out', 'tiny', 'summary.csv'), 'utf8')).toMatch(/^demand_charge,,/m);
  });

  test('merge refuses an incomplete set of slices', () => {
    const d = tmp();
    expect(hubsim('run', scenario('trace-example'), '--replications', '4', '--shard', '1/2', '--out', d).status).toBe(0);
    const r = hubsim('merge', d, '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing 3–4/);
  });
});

describe('bad input', () => {
  test('exit 2, every problem named, no stack trace, the output folder untouched', () => {
    const out = tmp();
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const bad = join(out, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', horizon: { days: 1 }, hub: { chargers: [{ id: 'a', connector: 'CCS', cabinets: 1, cabinetKw: -400 }] }, arrivals: { trucksPerDay: 10 }, fleet: [{ name: 'x', batteryKwh: 500, maxKw: { CCS: 400 } }], demand: { targetSoc: 1.5 } }));
    const r = hubsim('run', bad, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('hub.chargers[0].cabinetKw: must be a number >= 1 (got -400)');
    expect(r.stderr).toContain('demand.targetSoc: must be a number in [0, 1] (got 1.5)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out).sort()).toEqual(['bad.json', 'keep.txt']);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });

  test('a scenario a run refuses as it runs is headed by its file, as a scenario validate refuses is, in run and in compare', () => {
    const out = tmp();
    const stranded = join(out, 'stranded.json');
    const raw = { name: 'st', horizon: { days: 1 }, hub: { chargers: [{ id: 'c', connector: 'CCS', cabinets: 1, cabinetKw: 300, maintenance: [{ weekday: 'Mon', startHour: 0, hours: 168 }] }] }, arrivals: { trucksPerDay: 10 }, fleet: [{ name: 't', batteryKwh: 500, maxKw: { CCS: 400 } }], demand: { arrivalSoc: 0.2, targetSoc: 0.8 } };
    writeFileSync(stranded, JSON.stringify(raw));
    const other = join(out, 'other.json');
    writeFileSync(other, JSON.stringify({ ...raw, name: 'other', hub: { chargers: [{ id: 'c', connector: 'CCS', cabinets: 1, cabinetKw: 300 }] } }));
    for (const args of [['run', stranded, '--replications', '2'], ['compare', other, stranded, '--replications', '2']]) {
      const r = hubsim(...args, '--out', join(out, 'results'));
      expect(r.status).toBe(2);
      expect(r.stderr.startsWith(`hubsim: ${stranded}: 1 problem\n  hub.chargers[0].maintenance: must leave its bays some time in service`)).toBe(true);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(out, 'results'))).toBe(false);
    }
  });

  test("a trace separated by tabs, with a comma beside a column's name, is told so: exit 2, no stack trace", () => {
    const d = tmp();
    mkdirSync(join(d, 'traces'));
    writeFileSync(join(d, 'traces', 'example-week.csv'), 'arrival_min\tfleet,\tsoc_in\n38.0\tscania\t0.13\n');
    writeFileSync(join(d, 'trace-example.json'), readFileSync(scenario('trace-example'), 'utf8'));
    const r = hubsim('run', join(d, 'trace-example.json'), '--out', d);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'trace traces/example-week.csv line 1 (the header): must separate its cells with commas (and write decimals with a point), in a header naming its columns among arrival_min, fleet, soc_in, target_soc, energy_kwh, break_min, patience_min (got cells separated by tabs, and a comma in "fleet,")',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    [['run', scenario('koblenz'), '--replications', '0'], '--replications'],
    [['run', scenario('koblenz'), '--shard', '4/3'], '--shard'],
    [['run', scenario('koblenz'), '--workers', 'many'], '--workers'],
    [['run', 'no-such-file.json'], 'no-such-file.json'],
    // A word yargs does not know is said to be no command, or no option of the command, with what was likely meant.
    [['frobnicate'], 'usage: "frobnicate" is not a command (the commands are run, compare, baseline, check, sweep, size, validate, report, merge); see hubsim --help\n'],
    [['runn', scenario('koblenz')], 'usage: "runn" is not a command (did you mean hubsim run?); see hubsim --help\n'],
    [['scenarios/koblenz.json'], 'usage: "scenarios/koblenz.json" is not a command: to run a scenario, hubsim run scenarios/koblenz.json; see hubsim --help\n'],
    [['run', scenario('koblenz'), '--replication', '3'], 'hubsim: --replication: is not an option of hubsim run (did you mean --replications?); see hubsim run --help\n'],
    [['check', scenario('koblenz'), '--baseline', 'x.csv', '--seed', '3'], 'hubsim: --seed: is not an option of hubsim check; see hubsim check --help\n'],
    // An option cut short is offered as each option it begins, not as the nearest spelling (--help).
    [['run', scenario('koblenz'), '--rep', '2'], 'hubsim: --rep: is not an option of hubsim run (did you mean --replications or --report?); see hubsim run --help\n'],
    // One dash: one problem, not one per letter.
    [['run', scenario('koblenz'), '-replications', '2'], 'hubsim: -replications: is not an option: an option\'s name takes two dashes (did you mean --replications?) (got "-replications")\n'],
    // yargs read the h of -shard as -h: the help printed, and a CI slice exited 0 having run nothing.
    [['run', scenario('koblenz'), '-shard', '1/2'], 'hubsim: -shard: is not an option: an option\'s name takes two dashes (did you mean --shard?) (got "-shard")\n'],
    [['run', scenario('koblenz'), '-xyz'], 'hubsim: -xyz: is not an option: an option\'s name takes two dashes, and -h (help) is the only one-letter option (got "-xyz")\n'],
    // An option in camel case is one yargs takes: not called unknown where the scenario is missing.
    [['check', '--baseline', 'x.csv', '--allowMissing'], 'hubsim: usage: check takes one scenario file (see hubsim check --help) (got none)\n'],
    // A misspelt option is named though the scenario is missing too.
    [['run', '--hepl'], 'hubsim: --hepl: is not an option of hubsim run (did you mean --help?); see hubsim run --help\nhubsim: usage: run takes one or more scenario files (see hubsim run --help) (got none)\n'],
    // ~ the shell left as it is (quoted, or after =): a folder named ~ would read as the home folder.
    [['run', scenario('koblenz'), '--out', '~/results'], 'hubsim: --out: must name a folder: ~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…) (got "~/results")\n'],
    [['run', scenario('koblenz'), '--out', './~/results'], 'hubsim: --out: must name a folder: ~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…) (got "./~/results")\n'],
    [['validate', '~/hub.json'], 'hubsim: ~/hub.json: must be a readable scenario file (got no such file; ~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…))\n'],
    [['run', scenario('koblenz'), '--out', '~planner/results'], 'hubsim: --out: must name a folder: ~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…) (got "~planner/results")\n'],
    [['run', scenario('koblenz'), '--out', '~+/results'], 'hubsim: --out: must name a folder: ~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…) (got "~+/results")\n'],
    // A baseline's or a check's file too: a folder named ~ is made for it as for a run's folder.
    [['baseline', scenario('koblenz'), '--out', '~/b.csv'], 'hubsim: --out: must name a file: ~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…) (got "~/b.csv")\n'],
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--out', '~bob/c.csv'], 'hubsim: --out: must name a file: ~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…) (got "~bob/c.csv")\n'],
    [['validate', '~planner/hub.json'], 'hubsim: ~planner/hub.json: must be a readable scenario file (got no such file; ~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…))\n'],
    // Any file or folder a command reads: a baseline, a sweep file, a report's folder, a slice.
    [['check', scenario('koblenz'), '--baseline', '~/b.csv'], "hubsim: ~/b.csv: must be a readable baseline CSV (got no such file; ~ stands for the home folder (~name for another user's, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…))\n"],
    [['sweep', scenario('koblenz'), '--sweep', '~/designs.csv'], "hubsim: ~/designs.csv: must be a readable sweep file (got no such file; ~ stands for the home folder (~name for another user's, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…))\n"],
    [['merge', '~/s1', '--out', 'merged'], "hubsim: ~/s1: must be a folder written by `hubsim run --shard` or `sweep --shard` (got no such folder; ~ stands for the home folder (~name for another user's, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…))\n"],
    [['report', '~/out/koblenz'], "hubsim: ~/out/koblenz: must be an output folder of run, sweep or size (OUT/<name>/, OUT/sweep-<name>/ or OUT/size-<name>/) or a comparison file (OUT/compare-<A>-vs-<B>.csv) (got no such file or folder; ~ stands for the home folder (~name for another user's, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…))\n"],
    // An editor's em or en dash for the two hyphens: the option, not two files that do not exist.
    [['run', scenario('koblenz'), '\u2014seed', '3'], 'hubsim: \u2014seed: is not an option: it starts with an em dash (\u2014) where an option\'s name starts with two hyphens, as an editor may have changed them (did you mean --seed?) (got "\u2014seed")\n'],
    [['run', scenario('koblenz'), '\u2013replications=3'], 'hubsim: \u2013replications: is not an option: it starts with an en dash (\u2013) where an option\'s name starts with two hyphens, as an editor may have changed them (did you mean --replications?) (got "\u2013replications=3")\n'],
    [['run', scenario('koblenz'), '\u2014-out', 'x'], 'did you mean --out?'],
    // A dash too many before or after a name is one option misspelt, not also a command yargs's camel case made of it.
    [['run', scenario('koblenz'), '--replications-', '2'], 'hubsim: --replications-: is not an option of hubsim run (did you mean --replications?); see hubsim run --help\n'],
    [['run', scenario('koblenz'), '---x'], 'hubsim: ---x: is not an option of hubsim run; see hubsim run --help\n'],
    // A short option too, which a user may expect from other tools (-q, -v).
    [['run', '-q'], 'hubsim: -q: is not an option of hubsim run; see hubsim run --help\nhubsim: usage: run takes one or more scenario files (see hubsim run --help) (got none)\n'],
    [['check', '-v', '--baseline', 'b.csv'], 'hubsim: -v: is not an option of hubsim check; see hubsim check --help\nhubsim: usage: check takes one scenario file (see hubsim check --help) (got none)\n'],
    // Help or the version asked for with a value ran the command (the whole default job) instead.
    [['run', scenario('koblenz'), '--help=1'], 'hubsim: --help: takes no value: give --help alone (got "--help=1")\n'],
    [['--version=1'], 'hubsim: --version: takes no value: give --version alone (got "--version=1")\n'],
    [['-h=1'], 'hubsim: -h: takes no value: give -h alone (got "-h=1")\n'],
    // Said as typed, not as "--sessions false" nor "--out false".
    [['run', scenario('koblenz'), '--no-sessions'], 'hubsim: --no-sessions: is not an option: --sessions takes a value, one of "first", "all", "none" (--sessions none for none) (got "--no-sessions")\n'],
    [['run', '--no-out'], 'hubsim: --no-out: is not an option: --out takes a value (got "--no-out")\n'],
    // yargs lists it as ___proto___, which was said to be no command.
    [['validate', scenario('koblenz'), '--__proto__', '1'], 'hubsim: --__proto__: is not an option of hubsim validate; see hubsim validate --help\n'],
    // sweep's --set and size's --vary, each given to the other.
    [['sweep', scenario('koblenz'), '--vary', 'hub.gridKw=1000,2000'], "hubsim: --vary: is not an option of hubsim sweep (did you mean --set? --vary is hubsim size's); see hubsim sweep --help\n"],
    [['size', scenario('koblenz'), '--set', 'hub.gridKw=1000..2000', '--target', 'service_level>=0.9'], "hubsim: --set: is not an option of hubsim size (did you mean --vary? --set is hubsim sweep's); see hubsim size --help\n"],
    [['baseline', scenario('koblenz')], 'hubsim: --out: must be given: hubsim baseline needs it (see its --help) (got nothing)\n'],
    [['check', scenario('koblenz')], 'hubsim: --baseline: must be given: hubsim check needs it (see its --help) (got nothing)\n'],
    // A misspelt option is named with the one it left missing: told only of the missing one, the user could not see why.
    [
      ['check', scenario('koblenz'), '--basline', 'b.csv'],
      'hubsim: --basline: is not an option of hubsim check (did you mean --baseline?); see hubsim check --help\nhubsim: --baseline: must be given: hubsim check needs it (see its --help) (got nothing)\n',
    ],
    [['merge', 'slices', '--outt', 'm'], 'hubsim: --outt: is not an option of hubsim merge (did you mean --out?); see hubsim merge --help\nhubsim: --out: must be given'],
    // A repeated flag whose last value is 1 is not one more than the value before it (yargs counts repeated flags so).
    [['run', scenario('koblenz'), '--replications', '3', '--replications', '1'], '--replications: must be given once (got ["3","1"])'],
    [['run', scenario('koblenz'), '--seed', '41', '--seed', '1'], '--seed: must be given once (got ["41","1"])'],
    // What was typed, not what yargs made of it (0, 16, NaN).
    [['run', scenario('koblenz'), '--seed', ''], '--seed: must be a whole number from 0 to 9007199254740991 (got "")'],
    [['run', scenario('koblenz'), '--seed=0x1f'], '--seed: must be a whole number from 0 to 9007199254740991 (got "0x1f")'],
    [['run', scenario('koblenz'), '--replications', 'abc'], '--replications: must be a whole number from 1 to 100000 (got "abc")'],
    [['size', scenario('koblenz'), '--vary', 'hub.gridKw=1000,2000', '--target', 'served_share>=0.5', '--confidence', '0x1'], '--confidence: must be a number above 0.5 and at most 0.999999'],
    // An option without its value is not given its default.
    [['run', scenario('koblenz'), '--replications', '--seed', '3'], 'hubsim: --replications: must be given a value: an option that takes one is not given its default when it stands alone (got nothing)\n'],
    [['run', scenario('koblenz'), '--out'], 'hubsim: --out: must be given a value'],
    // A value that starts with a dash is read as short options: the message says how to give it.
    // A word that is no command, with --help: not the top-level help and exit 0, as a script checking that a command exists would read it.
    [['comapre', '--help'], 'hubsim: usage: "comapre" is not a command (did you mean hubsim compare?); see hubsim --help\n'],
    [['replciate', 'help'], 'hubsim: usage: "replciate" is not a command (the commands are run, compare, baseline, check, sweep, size, validate, report, merge); see hubsim --help\n'],
    [['replciate', '--version'], 'hubsim: usage: "replciate" is not a command (the commands are run, compare, baseline, check, sweep, size, validate, report, merge); see hubsim --help\n'],
    [['-h', 'replciate'], 'hubsim: usage: "replciate" is not a command (the commands are run, compare, baseline, check, sweep, size, validate, report, merge); see hubsim --help\n'],
    // The word after help is the one that is no command.
    [['help', 'runn'], 'hubsim: usage: "runn" is not a command (did you mean hubsim run?); see hubsim --help\n'],
    [['replciate', '--h'], 'hubsim: usage: "replciate" is not a command (the commands are run, compare, baseline, check, sweep, size, validate, report, merge); see hubsim --help\n'],
    [['validate', scenario('koblenz'), '--help', '--no-help'], 'hubsim: --no-help: is not an option: leave out --help to run the command (got "--no-help")\n'],
    [['validate', scenario('koblenz'), '--no-version'], 'hubsim: --no-version: is not an option: leave out --version to run the command (got "--no-version")\n'],
    [['validate', scenario('koblenz'), '--no-h'], 'hubsim: --no-h: is not an option: leave out --help to run the command (got "--no-h")\n'],
    // An empty file name is named by its option, as typed, not as the file "" nor as no value.
    [['check', scenario('koblenz'), '--baseline='], 'hubsim: --baseline: must name a baseline CSV (got "")\n'],
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--out', ' '], 'hubsim: --out: must name a file (got " ")\n'],
    [['sweep', scenario('koblenz'), '--set', 'hub.gridKw=1,2', '--sweep='], 'hubsim: --sweep: must name a sweep file (JSON) (got "")\n'],
    [['run', scenario('koblenz'), '--out', '-x'], 'hubsim: --out: must be given a value: -x after it is read as an option (write --out=-x, or ./-x for a path) (got nothing)\n'],
    // A longer name that begins with an option's, and an abbreviation, get a suggestion too.
    [['run', scenario('koblenz'), '--output', 'o'], 'hubsim: --output: is not an option of hubsim run (did you mean --out?); see hubsim run --help\n'],
    [['run', scenario('koblenz'), '--reps', '3'], 'hubsim: --reps: is not an option of hubsim run (did you mean --replications?); see hubsim run --help\n'],
    // yargs's own keys: --_ took a scenario file, and --$0 was ignored.
    [['validate', scenario('koblenz'), '--_', scenario('kirchberg')], 'hubsim: --_: is not an option (see hubsim --help) (got "--_")\n'],
    [['run', scenario('koblenz'), '--$0', 'x'], 'hubsim: --$0: is not an option (see hubsim --help) (got "--$0")\n'],
    // Several letters too, which were said to be no option of two dashes.
    [['run', scenario('koblenz'), '--out', '-dir'], 'hubsim: --out: must be given a value: -dir after it is read as an option (write --out=-dir, or ./-dir for a path) (got nothing)\n'],
    // --sweep takes a file's path too.
    [['sweep', scenario('koblenz'), '--sweep', '-grid.json'], 'hubsim: --sweep: must be given a value: -grid.json after it is read as an option (write --sweep=-grid.json, or ./-grid.json for a path) (got nothing)\n'],
    // A number has no such spelling: no path hint for it.
    [['run', scenario('koblenz'), '--replications', '-x'], 'hubsim: --replications: must be given a value: an option that takes one is not given its default when it stands alone (got nothing)\n'],
    // An option with no default is not said to lose one.
    [['baseline', scenario('koblenz'), '--out'], 'hubsim: --out: must be given a value (got nothing)\n'],
    [['run', scenario('koblenz'), '--sessions'], 'hubsim: --sessions: must be given a value'],
    // A flag given a value is not read as false without a word (yargs's way), nor is the last of two contrary flags taken.
    [['run', scenario('koblenz'), '--report=1'], '--report: takes no value but =true or =false: give --report, or --no-report (which takes none) for the opposite (got "--report=1")'],
    [['compare', scenario('koblenz'), scenario('dunkirk'), '--report=yes'], '--report: takes no value'],
    // A report asked for of a slice, which writes none, is refused rather than ignored.
    [['run', scenario('koblenz'), '--shard', '1/2', '--report'], '--report: cannot be combined with --shard: a slice holds only some of the replications; join the slices with hubsim merge --report, which writes the report (got --shard 1/2)'],
    [['sweep', scenario('koblenz'), '--set', 'hub.gridKw=2000,2500', '--shard', '1/2', '--report'], '--report: cannot be combined with --shard'],
    [['run', scenario('koblenz'), '--report', '--no-report'], '--report: must be given once (got ["--report","--no-report"])'],
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--allow-missing=1'], '--allow-missing: takes no value'],
    // A dot in an option's name is part of it: yargs read `--x.y` as a field y of --x, which crashed
    // a check on text (exit 3) and turned a flag given `=false` on.
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance.wait_mean_min=10%'], 'hubsim: --tolerance.wait_mean_min: is not an option of hubsim check (did you mean --tolerance?); see hubsim check --help\n'],
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--allow-missing.x=false'], 'hubsim: --allow-missing.x: is not an option of hubsim check (did you mean --allow-missing?); see hubsim check --help\n'],
    [['run', scenario('koblenz'), '--hub.gridKw', '3000'], "hubsim: --hub.gridKw: is not an option of hubsim run: a scenario's fields are set in its file (hubsim sweep FILE --set hub.gridKw=VALUES runs it over values); see hubsim run --help\n"],
    [['sweep', scenario('koblenz'), '--hub.gridKw', '3000'], "hubsim: --hub.gridKw: is not an option of hubsim sweep: a scenario's field is swept with --set hub.gridKw=VALUES; see hubsim sweep --help\n"],
    // --h is yargs's long form of -h: a value is no more taken.
    [['run', scenario('koblenz'), '--h=1'], 'hubsim: --h: takes no value: give --h alone (got "--h=1")\n'],
    [['run', scenario('koblenz'), '--sessions', 'some'], '--sessions: must be one of "first", "all", "none" (got "some")'],
    [['run', scenario('koblenz'), '--sessions', 'x', '--power', 'y'], '--sessions: must be one of "first", "all", "none" (got "x")\nhubsim: --power: must be one of "first", "all", "none" (got "y")\n'],
    // Every option's problem at once, not the first alone.
    [['run', scenario('koblenz'), '--seed', '-1', '--replications', '0'], 'hubsim: --seed: must be a whole number from 0 to 9007199254740991 (got "-1")\nhubsim: --replications: must be a whole number from 1 to 100000 (got "0")\n'],
    [['size', scenario('koblenz'), '--vary', 'hub.gridKw=1000', '--target', 'served_share>=0.5', '--seed', 'x'], '--seed: must be a whole number'],
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance'], '--tolerance: must be given a value'],
    // A value that starts with "-" and is not a number is the tolerance's, not short flags ("Unknown arguments: 5, %").
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance', '-5%'], '--tolerance: must be a number (absolute) or a percentage like 5%, not negative (it allows a change either way), optionally after metric= (got "-5%")'],
    // The scenario file after --tolerance is taken as a tolerance: said so, not only that the scenario is missing.
    [['check', '--tolerance', '5%', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv')], `--tolerance: takes every word after it up to the next option, so the scenario file must come before it (or after another option) (got "5%" ${JSON.stringify(scenario('koblenz'))})`],
    // With =, yargs takes the words after it as well.
    [['check', '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance=5%', scenario('koblenz')], `--tolerance: takes every word after it up to the next option, so the scenario file must come before it (or after another option) (got "5%" ${JSON.stringify(scenario('koblenz'))})`],
    // A --tolerance left empty beside another (--tolerance 2% --tolerance $SHARES, SHARES unset) was
    // dropped unheard, loosening the gate; so was an empty item of a list ("2%,$SHARES").
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance', '5%', '--tolerance'], '--tolerance: must be given a value, e.g. 5% or wait_mean_min=0.5 (got "")'],
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance', '--tolerance', '5%'], '--tolerance: must be given a value, e.g. 5% or wait_mean_min=0.5 (got "")'],
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance=5%', '--tolerance='], '--tolerance: must be given a value, e.g. 5% or wait_mean_min=0.5 (got "")'],
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance', '60%,'], '--tolerance: must have a value between every two commas, and none at either end (a variable left unset?) (got "60%,")'],
    // No scenario at all, and --tolerance took only its value: the scenario is missing, nothing more.
    [['check', '--tolerance', '5%', '--baseline', join(root, 'baselines', 'koblenz.csv')], 'hubsim: usage: check takes one scenario file (see hubsim check --help) (got none)\n'],
    [['compare', 'a.json'], 'hubsim: usage: compare takes exactly two scenario files, A and B (see hubsim compare --help) (got only 1)\n'],
    // The file taken as an option's value: said so, not only that no file was given.
    [['run', '--seed', scenario('koblenz')], `hubsim: usage: run takes one or more scenario files (see hubsim run --help) (got none: --seed took ${JSON.stringify(scenario('koblenz'))} as its value)\n`],
    [['compare', scenario('koblenz'), '--replications', scenario('dunkirk')], `(got only 1: --replications took ${JSON.stringify(scenario('dunkirk'))} as its value)\n`],
    // An unknown short option takes the file after it too; a file named with one dash is read as options.
    [['run', '-q', scenario('koblenz')], `(got none: -q, which is not an option of hubsim run, took ${JSON.stringify(scenario('koblenz'))} as its value)\n`],
    [['validate', '-site.json'], '(got none: "-site.json" was read as options (write ./-site.json for a file whose name starts with -))\n'],
    // A name with bytes that are not UTF-8 reaches hubsim with U+FFFD in their place: refused, not written elsewhere.
    [['run', scenario('koblenz'), '--out', 'r\uFFFDsultats'], 'hubsim: usage: every argument must be UTF-8 text: a name with other bytes (shown as \uFFFD) cannot be passed on as typed; rename it in UTF-8 (got "r\uFFFDsultats")\n'],
    // A tolerance whose range overflows leaves nothing to judge by or to write (it was an internal error).
    [['check', scenario('koblenz'), '--baseline', join(root, 'baselines', 'koblenz.csv'), '--tolerance', '1e308%', '--out', join(tmp(), 'r.csv')], '--tolerance: must allow trucks_arrived a range of finite numbers around its baseline mean (2552.8) (got 1e+308%)'],
    // A metric the scenario leaves empty (no battery, no prices) cannot be sized for or made precise.
    [['size', scenario('koblenz'), '--vary', 'hub.chargers[0].cabinets=1..8', '--target', 'battery_cycles<=1'], '--target battery_cycles: must be a metric the scenario defines: it needs a site battery (hub.battery)'],
    [['run', scenario('koblenz'), '--replications', '2', '--precision', 'energy_cost=5%'], '--precision energy_cost: must be a metric the scenario defines: it needs prices (economics.energyPrice)'],
    // Two scenario seeds and no --seed: A's would win, so the order of the files would change the numbers.
    [['compare', scenario('koblenz'), join(root, 'test', 'fixtures', 'koblenz-seed7.json')], '--seed: must be given when A and B have different seeds: both run with one, so that they see the same trucks (got none, and seed 1 in A, 7 in B)\n'],
    // A name holding "-vs-" would make compare-<A>-vs-<B> name two pairs at once.
    [['compare', scenario('koblenz'), join(root, 'test', 'fixtures', 'x-vs-y.json')], 'must have a name without "-vs-", not starting with "vs-" nor ending in "-vs", to be compared'],
    // Nor one at the join: x against vs-y would write compare-x-vs-vs-y, as x-vs against y would.
    [['compare', scenario('koblenz'), join(root, 'test', 'fixtures', 'vs-y.json')], 'vs-y.json: must have a name without "-vs-", not starting with "vs-" nor ending in "-vs"'],
    // One file twice: one complaint, not "a name of its own" nor every problem twice.
    [['compare', scenario('koblenz'), scenario('koblenz')], 'koblenz.json: must be named once: each scenario file writes its own folder (got the same file again)'],
    [['run', scenario('koblenz'), `./${relative(root, scenario('koblenz'))}`], 'must be named once'],
    // One file too many is named with the others, not taken for a misspelt option ("Unknown argument: c.json").
    [['compare', 'a.json', 'b.json', 'c.json'], 'usage: compare takes exactly two scenario files, A and B (see hubsim compare --help) (got 3: "a.json", "b.json", "c.json")\n'],
    [['compare', '--seed', '1', 'a.json', 'b.json', 'c.json', 'd.json'], 'usage: compare takes exactly two scenario files, A and B (see hubsim compare --help) (got 4: "a.json", "b.json", "c.json", "d.json")\n'],
    [['baseline', 'a.json', 'b.json', '--out', 'x.csv'], 'usage: baseline takes one scenario file (see hubsim baseline --help) (got 2: "a.json", "b.json")\n'],
    [['check', 'a.json', 'b.json', '--baseline', 'x.csv'], 'usage: check takes one scenario file (see hubsim check --help) (got 2: "a.json", "b.json")\n'],
    [['sweep', 'a.json', '--set', 'hub.gridKw=1000,', '2000'], 'usage: sweep takes one scenario file (see hubsim sweep --help) (got 2: "a.json", "2000")\n'],
    [['size', 'a.json', 'b.json', '--vary', 'hub.gridKw=1..2', '--target', 'served_share>=0.5'], 'usage: size takes one scenario file (see hubsim size --help) (got 2: "a.json", "b.json")\n'],
    [['report', 'a', 'b'], 'usage: report takes one output folder or comparison CSV (see hubsim report --help) (got 2: "a", "b")\n'],
    // A script's unset variable: not the working folder.
    [['report', ''], 'hubsim: usage: report takes one output folder or comparison CSV (got an empty path, "")\n'],
    // yargs took the word help for --help wherever it came last: the help shown, exit 0, nothing validated or run.
    [['validate', 'bad.json', 'help'], 'hubsim: usage: the word help asks for help only alone or as the one word after a command (hubsim validate help, or --help); a file named help is written ./help (got help after "bad.json")\n'],
    [['compare', 'a.json', 'b.json', 'help'], 'hubsim: usage: the word help asks for help only alone or as the one word after a command (hubsim compare help, or --help); a file named help is written ./help (got help after "a.json" "b.json")\n'],
    // A lone "-" is not silently dropped.
    [['validate', '-'], 'does not read standard input'],
    // Nor what follows "--": the file after it would never be checked.
    [['validate', scenario('koblenz'), '--', 'nosuch.json'], 'usage: every argument must come before any "--", which hubsim does not take: for a file whose name starts with -, write ./-name (got "--" nosuch.json)'],
    [['run', '-', scenario('koblenz')], 'does not read standard input'],
  ])('CLI misuse %j names %s', (args, what) => {
    const r = hubsim(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(what);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help works on every command, laid out as yargs lays it out unbundled', () => {
    // The bundle measures text with fast-string-width instead of yargs' own string-width
    // (scripts/bundle.js); dist/cli/main.js, unbundled, still uses string-width.
    const unbundled = join(root, 'dist', 'cli', 'main.js');
    for (const c of [[], ['run'], ['compare'], ['baseline'], ['check'], ['sweep'], ['size'], ['validate'], ['report'], ['merge']]) {
      const r = hubsim(...c, '--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/hubsim/);
      // In English whatever the locale, bundled or not.
      const german = { ...process.env, LC_ALL: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8' };
      expect(r.stdout).toBe(spawnSync(process.execPath, [unbundled, ...c, '--help'], { encoding: 'utf8', cwd: root, env: german }).stdout);
    }
    // A usage error is told in hubsim's words, not yargs' German.
    const bare = spawnSync(process.execPath, [unbundled, 'run'], { encoding: 'utf8', cwd: root, env: { ...process.env, LC_ALL: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8' } });
    expect(bare.stderr).toBe(hubsim('run').stderr);
    expect(bare.stderr).toContain('run takes one or more scenario files');
  });

  test('help as a word shows the help laid out as --help does', () => {
    for (const c of [[], ['run']]) expect(hubsim(...c, 'help').stdout).toBe(hubsim(...c, '--help').stdout);
  });

  test('the examples of --help run as pasted into a shell', () => {
    const out = tmp();
    // Pasted as shown, each with fewer replications so that it ends soon, and no report.
    const shell = [
      'set -e',
      'hubsim() { local more=(); [ "$1" = size ] && more=(--max-replications 2); "$NODE" "$BIN" "$@" --replications 2 --workers 1 --no-report --out "$OUT" "${more[@]}"; }',
    ];
    for (const c of ['sweep', 'size']) {
      const help = hubsim(c, '--help').stdout;
      const block = help.slice(help.indexOf('Examples:\n') + 'Examples:\n'.length);
      expect(block).toMatch(/^  # /);
      shell.push(block);
    }
    const r = spawnSync('bash', ['-c', shell.join('\n')], { encoding: 'utf8', cwd: root, env: { ...process.env, NODE: process.execPath, BIN: bin, OUT: out } });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readdirSync(out).sort()).toEqual(['size-recklinghausen-phase2', 'sweep-recklinghausen-phase2']);
  });

  test('--help and --version that cannot be written (a full disk) are exit 2 with one line, as every command\'s output', () => {
    const full = (...args: string[]) => spawnSync('bash', ['-c', '"$@" > /dev/full', 'bash', process.execPath, bin, ...args], { encoding: 'utf8', cwd: root });
    for (const args of [['--help'], ['--version'], ['run', '--help'], ['compare', '-h']]) {
      const r = full(...args);
      expect([args, r.status]).toEqual([args, 2]);
      expect(r.stderr).toBe('hubsim: cannot write the standard output: no space left on the device (ENOSPC)\n');
    }
    const r = hubsim('--version');
    expect([r.status, r.stdout]).toEqual([0, `${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`]);
  });

  test('a working folder deleted under the shell is named as the cause: exit 2, one line, whatever the paths', () => {
    const dir = scratch('hubsim-test-');
    const r = spawnSync('sh', ['-c', 'cd "$1" && rmdir "$1" && exec "$2" "$3" validate "$4"', 'sh', dir, process.execPath, bin, scenario('koblenz')], { encoding: 'utf8' });
    expect(r.stderr).toBe('hubsim: cannot use the working folder: no such file or folder (ENOENT); it was deleted after the shell entered it: change to a folder that exists\n');
    expect(r.status).toBe(2);
  });

  test('a working folder whose path is not UTF-8 is refused, exit 2, with nothing written beside it under the name Node made of it', () => {
    const dir = scratch('hubsim-test-');
    mkdirSync(Buffer.from(`${dir}/caf\xe9`, 'latin1'));
    const r = spawnSync('sh', ['-c', 'cd "$1/$(printf \'caf\\351\')" && exec "$2" "$3" baseline "$4" --replications 2 --out b.csv', 'sh', dir, process.execPath, bin, scenario('koblenz')], { encoding: 'utf8' });
    expect(r.stderr).toBe(`hubsim: cannot use the working folder: its path must be UTF-8 text, and a name with other bytes (shown as \uFFFD) cannot be resolved against (got "${dir}/caf\uFFFD"): change to a folder whose path is UTF-8\n`);
    expect(r.status).toBe(2);
    expect(readdirSync(dir, { encoding: 'buffer' }).map((b) => b.toString('latin1'))).toEqual(['caf\xe9']);
    // Help and the version resolve nothing there, and are given.
    for (const args of ['--help', '--version', 'run --help']) {
      const h = spawnSync('sh', ['-c', `cd "$1/$(printf 'caf\\351')" && exec "$2" "$3" ${args}`, 'sh', dir, process.execPath, bin], { encoding: 'utf8' });
      expect([args, h.status, h.stderr]).toEqual([args, 0, '']);
    }
  });

  test('starting reads no folder but hubsim\'s own, whatever the working folder', () => {
    // yargs looks for a package.json upward from a folder; bundled, that must be hubsim's folder,
    // not the working folder and every one above it (scripts/bundle.js). A preloaded module logs
    // every folder read.
    const dir = tmp();
    const logger = join(dir, 'log-readdir.mjs');
    writeFileSync(
      logger,
      [
        "import fs from 'node:fs';",
        "import { syncBuiltinESMExports } from 'node:module';",
        'const readdirSync = fs.readdirSync;',
        'fs.readdirSync = (path, ...rest) => { process.stderr.write(`readdir ${path}\\n`); return readdirSync(path, ...rest); };',
        'syncBuiltinESMExports();',
      ].join('\n'),
    );
    const work = join(dir, 'work');
    mkdirSync(work);
    const r = spawnSync(process.execPath, ['--import', logger, bin, '--help'], { encoding: 'utf8', cwd: work });
    expect(r.status).toBe(0);
    const read = r.stderr.split('\n').filter((l) => l.startsWith('readdir ')).map((l) => l.slice('readdir '.length));
    expect(read.map((f) => resolve(f))).toEqual([resolve(root)]);
  });

  test('the bundle starts from the code cache the build made', () => {
    // V8 rejects, silently, a cache made with other V8 flags (and hubsim offers it none made by
    // another Node); the build makes it in a plain `node` (scripts/code-cache.js), as a user starts hubsim.
    const bundled = new URL('../dist/cli/bundled.cjs', import.meta.url).href;
    const probe = `import { loadBundle } from '${bundled}'; process.stdout.write(String(loadBundle().script.cachedDataRejected));`;
    const { NODE_OPTIONS: _, ...env } = process.env;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('false');
  });

  test("a report draws with vega's bundle, from its code cache, and looks for no package at run time", () => {
    // vega and vega-lite as ES modules took some 0.26 s to load at every report, and the hooks
    // that kept the optional package canvas from being looked for another 0.15 s (scripts/bundle.js).
    const dir = tmp();
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `const fs = require('node:fs'); const vm = require('node:vm'); const Script = vm.Script;\n` +
        `vm.Script = class extends Script { constructor(s, o) { super(s, o); if (o.filename.endsWith('vega.cjs')) fs.appendFileSync(${JSON.stringify(join(dir, 'log'))}, 'rejected ' + this.cachedDataRejected + '\\n'); } };\n` +
        `process.on('exit', () => fs.appendFileSync(${JSON.stringify(join(dir, 'log'))}, JSON.stringify(process.moduleLoadList.filter((m) => /esm\\/(module_job|translators|hooks)/.test(m))) + '\\n'));\n`,
    );
    const { NODE_OPTIONS: _, ...env } = process.env;
    const r = spawnSync(process.execPath, ['-r', probe, bin, 'run', scenario('koblenz'), '--replications', '1', '--report', '--out', join(dir, 'out')], { encoding: 'utf8', cwd: root, env });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readFileSync(join(dir, 'out', 'koblenz', 'report.html'), 'utf8')).toContain('<svg');
    // Taken from the cache, once; and neither Node's ES module loader nor its module hooks started.
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('rejected false\n[]\n');
    // The bundle requires Node's own modules only: nothing is looked for in node_modules folders.
    const required = [...readFileSync(join(root, 'dist', 'bundle', 'vega.cjs'), 'utf8').matchAll(/\brequire\(([^)]*)\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['"fs"']));
  });

  test('a run, in its main thread and its worker threads, loads no ES module', () => {
    // The first ES module would start Node's ES module loader (src/cli/bundled.cts). A script
    // preloaded into every thread writes the list of modules Node keeps: the main thread's as it
    // exits, a worker thread's every few milliseconds (the pool ends its threads without an exit).
    const dir = tmp();
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `const { isMainThread, threadId } = require('node:worker_threads');\n` +
        `const write = () => require('node:fs').writeFileSync(${JSON.stringify(dir)} + '/modules-' + threadId + '.json', JSON.stringify(process.moduleLoadList));\n` +
        `if (isMainThread) process.on('exit', write); else setInterval(write, 5).unref();\n`,
    );
    const { NODE_OPTIONS: _, ...env } = process.env;
    const r = spawnSync(process.execPath, ['-r', probe, bin, 'run', scenario('koblenz'), '--replications', '8', '--workers', '2', '--out', join(dir, 'out')], { encoding: 'utf8', cwd: root, env });
    expect(r.status).toBe(0);
    const lists = readdirSync(dir).filter((f) => f.startsWith('modules-'));
    expect(lists).toContain('modules-0.json');
    expect(lists.length).toBeGreaterThan(1); // and at least one worker thread's
    for (const f of lists) {
      const modules = JSON.parse(readFileSync(join(dir, f), 'utf8')) as string[];
      expect(modules).toContain('NativeModule fs'); // the list is the one meant
      expect(modules.filter((m) => m.includes('esm/module_job') || m.includes('esm/translators'))).toEqual([]);
    }
  });

  test('the build records V8\'s interrupt budget under the flags its code cache holds under', () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    const budget = /--interrupt-budget=(\d+)/.exec(options.slice(options.indexOf('  --interrupt-budget (')));
    expect(budget).not.toBeNull();
    const node = `${process.version} V8 ${process.versions.v8} ${process.platform}-${process.arch}`;
    expect(JSON.parse(readFileSync(new URL('../dist/bundle/hubsim.v8.json', import.meta.url), 'utf8'))).toEqual({ node, interruptBudget: Number(budget![1]) });
  });

  test('a code cache made by another Node is not used', () => {
    // V8 takes a cache from another Node 20 release (it checks its own version, not Node's patches
    // to it) and then crashes: hubsim packed under Node 20.20 and run under 20.18 died of a
    // segmentation fault at every command. An installed copy whose record names another Node
    // compiles its script from the source, in the main thread and in a worker thread.
    const dir = tmp();
    cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(dir, 'package.json'));
    const record = join(dir, 'dist', 'bundle', 'hubsim.v8.json');
    writeFileSync(record, JSON.stringify({ ...JSON.parse(readFileSync(record, 'utf8')), node: 'v20.0.0 V8 11.3.244.8-node.0 linux-x64' }));
    const bundled = pathToFileURL(join(dir, 'dist', 'cli', 'bundled.cjs')).href;
    const probe = `import { loadBundle } from '${bundled}'; const b = loadBundle(); process.stdout.write(String(b.script.cachedDataRejected) + ' ' + b.v8Budget);`;
    const { NODE_OPTIONS: _, ...env } = process.env;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('undefined undefined'); // no cache offered to V8, and V8's flags left alone
    const out = join(dir, 'out');
    const run = spawnSync(process.execPath, [join(dir, 'bin', 'hubsim.js'), 'run', scenario('koblenz'), '--replications', '2', '--workers', '2', '--out', out], { encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(join(out, 'koblenz'))).toContain('replications.csv');
  });

  test('a short run raises V8\'s interrupt budget for its batch, and its threads still start from the code cache', () => {
    // src/cli/v8-budget.ts. A script preloaded into every thread records the flags the main thread
    // sets and, in each thread, whether V8 took the bundle's code cache.
    const dir = tmp();
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `const { isMainThread, threadId } = require('node:worker_threads');\n` +
        `const fs = require('node:fs');\n` +
        `const log = (line) => fs.appendFileSync(process.env.PROBE_LOG, line + '\\n');\n` +
        `const v8 = require('node:v8'); const set = v8.setFlagsFromString;\n` +
        `v8.setFlagsFromString = (f) => { log('flags ' + f); set(f); };\n` +
        `const vm = require('node:vm'); const Script = vm.Script;\n` +
        `vm.Script = class extends Script { constructor(s, o) { super(s, o); if (o.filename.endsWith('hubsim.cjs')) log((isMainThread ? 'main' : 'thread ' + threadId) + ' rejected ' + this.cachedDataRejected); } };\n` +
        `if (isMainThread) process.on('exit', () => log('exit'));\n`,
    );
    const small = join(dir, 'small.json');
    writeFileSync(
      small,
      JSON.stringify({
        name: 'small',
        horizon: { days: 2 },
        hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] },
        arrivals: { trucksPerDay: 30 },
        fleet: [{ name: 't', batteryKwh: 600, maxKw: { CCS: 400 } }],
        demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
        behaviour: { breakMin: 45 },
      }),
    );
    const { NODE_OPTIONS: _, ...env } = process.env;
    const budget = JSON.parse(readFileSync(new URL('../dist/bundle/hubsim.v8.json', import.meta.url), 'utf8')).interruptBudget as number;
    const probed = (name: string, workers: string): string[] => {
      const log = join(dir, `${name}.log`);
      const r = spawnSync(process.execPath, ['-r', probe, bin, 'run', small, '--replications', '4', '--workers', workers, '--out', join(dir, name)], { encoding: 'utf8', cwd: root, env: { ...env, PROBE_LOG: log } });
      expect(r.status).toBe(0);
      return readFileSync(log, 'utf8').trim().split('\n');
    };
    // On one worker the whole batch runs raised: V8's own budget comes back only after it.
    expect(probed('one', '1')).toEqual(['main rejected false', `flags --interrupt-budget=${15 * budget}`, `flags --interrupt-budget=${budget}`, 'exit']);
    // With two, V8's own comes back before the worker thread starts, which then takes the cache.
    const two = probed('two', '2');
    expect(two.slice(0, 3)).toEqual(['main rejected false', `flags --interrupt-budget=${15 * budget}`, `flags --interrupt-budget=${budget}`]);
    const threads = two.filter((l) => l.startsWith('thread '));
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatch(/^thread \d+ rejected false$/);
    // Only when V8 compiles changes: with --expose-gc V8 rejects the cache, and the budget stays V8's.
    const plain = join(dir, 'plain');
    const p = spawnSync(process.execPath, ['--expose-gc', bin, 'run', small, '--replications', '4', '--workers', '1', '--out', plain], { encoding: 'utf8', cwd: root, env });
    expect(p.status).toBe(0);
    for (const f of [...FILES, ...BREAKDOWNS]) expect(read(join(dir, 'one'), 'small', f)).toBe(read(plain, 'small', f));
  });

  test('the bundle is ASCII, so that V8 reads it one byte a character', () => {
    const text = readFileSync(new URL('../dist/bundle/hubsim.cjs', import.meta.url), 'latin1');
    expect(text.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
  });

  test("the bundle holds no list of a builtin's exports as the building Node has them: its digest, the build's fingerprint, is the same from every Node release", () => {
    const text = readFileSync(new URL('../dist/bundle/hubsim.cjs', import.meta.url), 'latin1');
    // Exports that Node 20's later releases added to the lazily loaded builtins (v8, worker_threads).
    // (Booleans: a failure printing the bundle would print megabytes.)
    expect(['queryObjects', 'postMessageToThread', 'isMarkedAsUntransferable', 'getHeapSnapshot'].filter((added) => text.includes(added))).toEqual([]);
    expect(text.includes('setFlagsFromString')).toBe(true);
  });

  test('validate accepts every shipped scenario', () => {
    const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.json')).map((f) => join(root, 'scenarios', f));
    const r = hubsim('validate', ...files);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(files.length);
  });

  test('validate says "ok" of no file whose scenario has the name of one before it, and names the clash', () => {
    const d = tmp();
    const copy = join(d, 'copy.json');
    writeFileSync(copy, readFileSync(scenario('koblenz'), 'utf8'));
    const r = hubsim('validate', scenario('koblenz'), copy);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(`ok: ${scenario('koblenz')} (koblenz)\n`);
    expect(r.stderr).toBe(`hubsim: ${copy}: must have a name of its own: it writes to the same folder as ${scenario('koblenz')} (got "koblenz")\n`);
  });

  test('validate, run and compare note bays no truck type can use: a phase two whose MCS no type has', () => {
    const d = tmp();
    const phase2 = JSON.parse(readFileSync(scenario('recklinghausen-phase2'), 'utf8'));
    for (const f of phase2.fleet) {
      delete f.maxKw.MCS;
      if (f.curve && !Array.isArray(f.curve)) delete f.curve.MCS;
    }
    const file = join(d, 'no-mcs.json');
    writeFileSync(file, JSON.stringify({ ...phase2, name: 'no-mcs' }));
    const note = 'hub.chargers[1] (mcs): no truck type can use its 1 MCS bay (none has maxKw.MCS), so it stands empty';
    const v = hubsim('validate', file);
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(`ok: ${file} (no-mcs)\nnote: ${file}: ${note}\n`);
    const r = hubsim('run', file, '--replications', '2', '--out', join(d, 'out'));
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`note: ${file}: ${note}`);
    const c = hubsim('compare', scenario('recklinghausen-phase1'), file, '--replications', '2', '--out', join(d, 'out'), '--no-report');
    expect(c.status).toBe(0);
    expect(c.stdout).toContain(`\nnote: B: ${note}\n`);
    // Said of both sides, it is said once.
    const c2 = hubsim('compare', file, scenario('recklinghausen-phase2'), '--replications', '2', '--out', join(d, 'out2'), '--no-report');
    const twin = join(d, 'no-mcs-2.json');
    writeFileSync(twin, JSON.stringify({ ...phase2, name: 'no-mcs-2', hub: { ...phase2.hub, gridKw: 2800 } }));
    const both = hubsim('compare', file, twin, '--replications', '2', '--out', join(d, 'out3'), '--no-report');
    expect(both.status).toBe(0);
    expect(both.stdout.match(/^note: .*no truck type can use.*$/gm)).toEqual([`note: A and B: ${note}`]);
    expect(c2.stdout).toContain(`\nnote: A: ${note}\n`);
  });

  test('validate, run and compare note fleet shares that mix percentages with a fraction', () => {
    const d = tmp();
    const phase1 = JSON.parse(readFileSync(scenario('recklinghausen-phase1'), 'utf8'));
    const shares = phase1.fleet.map((_: unknown, i: number) => (i === 0 ? 0.1 : 90 / (phase1.fleet.length - 1)));
    phase1.fleet.forEach((f: { share: number }, i: number) => (f.share = shares[i]));
    const file = join(d, 'mixed.json');
    writeFileSync(file, JSON.stringify({ ...phase1, name: 'mixed' }));
    const note = new RegExp(`^note: (B: |${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: )fleet\\[0\\].share 0.1 reads as a weight beside the other types' shares of 1 and more \\(90 in all\\)`, 'm');
    expect(hubsim('validate', file).stdout).toMatch(note);
    expect(hubsim('run', file, '--replications', '1', '--out', join(d, 'out')).stdout).toMatch(note);
    expect(hubsim('compare', scenario('recklinghausen-phase1'), file, '--replications', '2', '--out', join(d, 'out'), '--no-report').stdout).toMatch(note);
  });

  test('sweep and size note what holds for some designs, naming them, and what holds for all once, as run does', () => {
    const d = tmp();
    const phase2 = JSON.parse(readFileSync(scenario('recklinghausen-phase2'), 'utf8'));
    // Only the first type can use the MCS bay: at a share of 0 it stands empty.
    for (const f of phase2.fleet.slice(1)) {
      delete f.maxKw.MCS;
      if (f.curve && !Array.isArray(f.curve)) delete f.curve.MCS;
    }
    const file = join(d, 'one-mcs.json');
    writeFileSync(file, JSON.stringify({ ...phase2, name: 'one-mcs', horizon: { days: 2, warmupDays: 0 } }));
    const note = 'hub.chargers[1] (mcs): no truck type can use its 1 MCS bay (none with a share above 0 has maxKw.MCS; fleet[0] (eactros600) could, but its share is 0), so it stands empty';
    const sweep = hubsim('sweep', file, '--set', 'fleet[0].share=0,0.3', '--set', 'hub.gridKw=2500,3000', '--replications', '2', '--no-report', '--out', join(d, 'sweep'));
    expect(sweep.status).toBe(0);
    expect(sweep.stdout.split('\n')[0]).toBe(`note: design 1 (fleet[0].share = 0, hub.gridKw = 2500), design 2 (fleet[0].share = 0, hub.gridKw = 3000): ${note}`);
    expect(sweep.stdout.match(/^note:.*stands empty$/gm)).toHaveLength(1);
    const all = hubsim('sweep', file, '--set', 'fleet[0].share=0', '--set', 'hub.gridKw=2500,3000', '--replications', '2', '--no-report', '--out', join(d, 'all'));
    // Every design's, but of the swept share, not of the file: said of every design.
    expect(all.stdout.split('\n')[0]).toBe(`note: every design: ${note}`);
    const own = join(d, 'own.json');
    writeFileSync(own, JSON.stringify({ ...phase2, name: 'own', horizon: { days: 2, warmupDays: 0 }, fleet: phase2.fleet.map((f: object, i: number) => (i === 0 ? { ...f, share: 0 } : f)) }));
    expect(hubsim('sweep', own, '--set', 'hub.gridKw=2500,3000', '--replications', '2', '--no-report', '--out', join(d, 'own')).stdout.split('\n')[0]).toBe(`note: ${own}: ${note}`);
    // size: of the designs its search evaluated, numbered as its table numbers them.
    const size = hubsim('size', file, '--vary', 'hub.chargers[0].cabinets=2..8', '--vary', 'fleet[0].share=0,0.3', '--target', 'served_share>=0.5', '--replications', '2', '--no-report', '--out', join(d, 'size'));
    expect(size.status).toBe(0);
    const line = size.stdout.split('\n')[0];
    expect(line).toMatch(new RegExp(`^note: design \\d+ \\(hub\\.chargers\\[0\\]\\.cabinets = \\d+, fleet\\[0\\]\\.share = 0\\).*: ${note.replace(/[()[\].]/g, '\\$&')}$`));
    const table = size.stdout.slice(size.stdout.indexOf('designs evaluated'));
    for (const [, design, cabinets] of line.matchAll(/design (\d+) \(hub\.chargers\[0\]\.cabinets = (\d+), fleet\[0\]\.share = 0\)/g)) {
      expect(table).toMatch(new RegExp(`^${design} +${cabinets} +0 `, 'm'));
    }
  });

  test('validate and run note a trace that ends days before the horizon: the shipped week under four weeks', () => {
    const d = tmp();
    const week = JSON.parse(readFileSync(scenario('trace-example'), 'utf8'));
    const file = join(d, 'month.json');
    writeFileSync(file, JSON.stringify({ ...week, name: 'month', horizon: { days: 28 }, arrivals: { trace: join(root, 'scenarios', week.arrivals.trace) } }));
    const v = hubsim('validate', file);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(new RegExp(`^ok: .*month.json \\(month\\)\nnote: .*month.json: arrivals.trace: its last arrival is at day 6.8, 21.2 days before the horizon \\(horizon.days = 28\\): every rate and time average`));
    const r = hubsim('run', file, '--replications', '1', '--out', join(d, 'out'), '--no-report');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^note: .*month.json: arrivals.trace: its last arrival is at day 6.8/);
  });

  test('validate says ok of each good file also when another is bad, and exits 2 naming the bad one', () => {
    const bad = join(tmp(), 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(scenario('koblenz'), 'utf8')), name: 'bad', seed: -1 }));
    const r = hubsim('validate', scenario('koblenz'), bad, scenario('dunkirk'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(`ok: ${scenario('koblenz')} (koblenz)\nok: ${scenario('dunkirk')} (dunkirk)\n`);
    expect(r.stderr).toBe(`hubsim: ${bad}: 1 problem\n  seed: must be a whole number >= 0 (got -1)\n`);
    // A file named twice is refused as such, and the others are judged all the same.
    const twice = hubsim('validate', bad, scenario('koblenz'), scenario('koblenz'));
    expect(twice.status).toBe(2);
    expect(twice.stdout).toBe(`ok: ${scenario('koblenz')} (koblenz)\n`);
    expect(twice.stderr).toBe(`hubsim: ${bad}: 1 problem\n  seed: must be a whole number >= 0 (got -1)\nhubsim: ${scenario('koblenz')}: must be named once: each scenario file writes its own folder (got the same file again)\n`);
  });
});

describe('baseline and check', () => {
  const dir = tmp();
  const file = join(dir, 'base.csv');
  beforeAll(() => {
    expect(hubsim('baseline', scenario('trace-example'), '--replications', '3', '--out', file).status).toBe(0);
  });

  // With 2 replications t is 12.7: a check by the baseline's intervals let a 52 % longer mean wait pass.
  test('a baseline of fewer than 5 replications, and a check by its intervals, say that those are wide', () => {
    const few = 'with 3 replications, the baseline\'s 95 % intervals (check\'s default tolerance) reach 4.30 standard errors each way, against 2.26 with 10: a regression can pass within them';
    const made = hubsim('baseline', scenario('trace-example'), '--replications', '3', '--out', join(tmp(), 'b.csv'));
    expect(made.stdout).toContain(`\nnote: ${few}; make it with 5 or more, or check with --tolerance\n`);
    const r = hubsim('check', scenario('trace-example'), '--baseline', file);
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining(`\nnote: ${file}: ${few}; give --tolerance, or make the baseline with 5 or more\n`)]);
    // A tolerance for every metric leaves the intervals unused: nothing to say.
    expect(hubsim('check', scenario('trace-example'), '--baseline', file, '--tolerance', '1%').stdout).not.toContain('note:');
    const five = join(tmp(), 'five.csv');
    expect(hubsim('baseline', scenario('trace-example'), '--replications', '5', '--out', five).stdout).not.toContain('note:');
    expect(hubsim('check', scenario('trace-example'), '--baseline', five).stdout).not.toContain('note:');
  });

  test('the baseline has the contract columns', () => {
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('scenario,seed,replications,metric,mean,sd,ci95_low,ci95_high,n');
  });

  test('--out replaces a baseline, and nothing else: a FIFO, a symbolic link, a folder or a file of the user\'s stays as it was', () => {
    const d = tmp();
    const again = join(d, 'again.csv');
    writeFileSync(again, readFileSync(file, 'utf8').replace(/\n.*$/s, '\nstale,1,1,x,0,0,0,0,1\n'));
    expect(hubsim('baseline', scenario('trace-example'), '--replications', '3', '--out', again).status).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));
    const notes = join(d, 'notes.csv');
    writeFileSync(notes, 'mine\n');
    const link = join(d, 'link.csv');
    symlinkSync(notes, link);
    const fifo = join(d, 'fifo.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const folder = join(d, 'folder.csv');
    mkdirSync(folder);
    for (const [out, found] of [
      [notes, 'a file hubsim did not write'],
      [link, 'a symbolic link'],
      [fifo, 'a pipe (FIFO)'],
      [folder, 'a folder'],
      [join(d, 'new') + '/', 'new/"'],
    ]) {
      const r = hubsim('baseline', scenario('trace-example'), '--replications', '3', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--out: must name a `);
      expect(r.stderr).toContain(found);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(notes, 'utf8')).toBe('mine\n');
    // An empty file (mktemp's) holds nothing to lose, and a baseline edited by hand (a byte-order
    // mark, spaces) is still one, as check reads it.
    for (const [name, text] of [['empty.csv', ''], ['edited.csv', `\uFEFF${readFileSync(file, 'utf8').replace(/,/g, ', ')}`]]) {
      writeFileSync(join(d, name), text);
      expect(hubsim('check', scenario('trace-example'), '--baseline', join(d, name)).status).toBe(name === 'empty.csv' ? 2 : 0);
      expect(hubsim('baseline', scenario('trace-example'), '--replications', '3', '--out', join(d, name)).status).toBe(0);
      expect(readFileSync(join(d, name), 'utf8')).toBe(readFileSync(file, 'utf8'));
    }
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['again.csv', 'edited.csv', 'empty.csv', 'fifo.csv', 'folder.csv', 'link.csv', 'notes.csv']);
    expect(readdirSync(folder)).toEqual([]);
  });

  test('exit 0 when nothing moved', () => {
    expect(hubsim('check', scenario('trace-example'), '--baseline', file).status).toBe(0);
  });

  test('exit 1 naming the metric, old and new values and the tolerance when one moved', () => {
    const edited = join(dir, 'edited.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes(',wait_mean_min,'));
    const cells = lines[i].split(',');
    cells[4] = String(Number(cells[4]) + 10); // the recorded mean moves 10 minutes
    cells[6] = String(Number(cells[4]) - 0.1);
    cells[7] = String(Number(cells[4]) + 0.1);
    lines[i] = cells.join(',');
    writeFileSync(edited, lines.join('\n'));
    const r = hubsim('check', scenario('trace-example'), '--baseline', edited);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/wait_mean_min/);
    // A user tolerance wide enough lets it pass; a narrow one does not.
    expect(hubsim('check', scenario('trace-example'), '--baseline', edited, '--tolerance', 'wait_mean_min=20').status).toBe(0);
    expect(hubsim('check', scenario('trace-example'), '--baseline', edited, '--tolerance', '1%').status).toBe(1);
  });

  test('a regression exits 1 even when the reader of its output has gone (`| head`); a run still exits 0', () => {
    const edited = join(dir, 'moved.csv');
    writeFileSync(edited, readFileSync(file, 'utf8').replace(/^(trace-example,\d+,\d+,wait_mean_min,)([^,]+),[^,]+,([^,]+),([^,]+),/m, '$1100,0,100,100,'));
    // The reader, `true`, is gone long before hubsim prints: every write meets a closed pipe.
    const piped = (...args: string[]) => spawnSync('bash', ['-c', '"$@" | true; exit "${PIPESTATUS[0]}"', 'bash', process.execPath, bin, ...args], { encoding: 'utf8', cwd: root });
    expect(hubsim('check', scenario('trace-example'), '--baseline', edited).status).toBe(1);
    const r = piped('check', scenario('trace-example'), '--baseline', edited);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(piped('check', scenario('trace-example'), '--baseline', file).status).toBe(0);
    expect(piped('run', scenario('trace-example'), '--replications', '2', '--out', tmp()).status).toBe(0);
  });

  test('output that cannot be written (a full disk) is exit 2 with one line, not exit 1 with a stack trace', () => {
    const full = (...args: string[]) => spawnSync('bash', ['-c', '"$@" > /dev/full', 'bash', process.execPath, bin, ...args], { encoding: 'utf8', cwd: root });
    for (const r of [full('check', scenario('trace-example'), '--baseline', file), full('validate', scenario('trace-example'))]) {
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('hubsim: cannot write the standard output: no space left on the device (ENOSPC)\n');
    }
    // A stderr that cannot be written keeps the exit code: 2 for bad input, never 1.
    const quiet = (...args: string[]) => spawnSync('bash', ['-c', '"$@" 2> /dev/full', 'bash', process.execPath, bin, ...args], { encoding: 'utf8', cwd: root });
    expect(quiet('validate', join(root, 'no-such-scenario.json')).status).toBe(2);
  });

  test('exit 2 for a baseline that lacks metrics the run produces (unless --allow-missing), repeats one, or claims too many replications', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const variant = (name: string, edit: (ls: string[]) => string[]) => {
      const f = join(dir, name);
      writeFileSync(f, edit([...lines]).join('\n') + '\n');
      return f;
    };
    const missing = variant('missing.csv', (ls) => ls.filter((l) => !l.includes(',queue_max,')));
    const r = hubsim('check', scenario('trace-example'), '--baseline', missing);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/must hold every metric the run produces .* \(got no row for queue_max\)/);
    const allowed = hubsim('check', scenario('trace-example'), '--baseline', missing, '--allow-missing');
    expect(allowed.status).toBe(0);
    // What went unchecked is said: the ok line alone would pass for a check of every metric.
    expect(allowed.stdout).toContain(`note: ${missing} has no row for queue_max: it is not checked (--allow-missing); refresh the baseline with hubsim baseline to check it too\n`);
    expect(allowed.stdout).toContain(`ok: all ${METRIC_NAMES.length - 1} metrics within tolerance`);

    // A column added by hand is said to be ignored: a tolerance per metric there was taken as applied.
    const extra = variant('extra.csv', (ls) => ls.map((l, i) => `${l},${i === 0 ? 'tolerance' : '50%'}`));
    const noted = hubsim('check', scenario('trace-example'), '--baseline', extra);
    expect(noted.status).toBe(0);
    expect(noted.stdout).toContain(`note: ${extra}: column "tolerance" is not a baseline's, and it is ignored (a tolerance is given with --tolerance)\n`);
    expect(hubsim('check', scenario('trace-example'), '--baseline', file).stdout).not.toContain('is not a baseline\'s');

    const twice = variant('twice.csv', (ls) => [...ls, ls[3]]);
    const r2 = hubsim('check', scenario('trace-example'), '--baseline', twice);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/twice.csv line \d+, column metric: must name each metric once/);

    const many = variant('many.csv', (ls) => ls.map((l, i) => (i === 0 ? l : l.replace(/^([^,]+),([^,]+),3,/, '$1,$2,100000000,'))));
    const r3 = hubsim('check', scenario('trace-example'), '--baseline', many);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/column replications: must be a whole number in \[1, 100000\]/);
    // 0 in every row is said once, as the replications, not as every row's n beyond it.
    const none = variant('none.csv', (ls) => ls.map((l, i) => (i === 0 ? l : l.replace(/^([^,]+),([^,]+),3,/, '$1,$2,0,'))));
    expect(hubsim('check', scenario('trace-example'), '--baseline', none).stderr).toBe(`hubsim: ${none}: 1 problem\n  ${none} line 2, column replications: must be a whole number in [1, 100000] (got 0)\n`);

    // A column named twice (a mean kept beside an edited one): csv-parse would let the later win.
    const column = variant('column.csv', (ls) => ls.map((l, i) => (i === 0 ? `mean,${l}` : `0,${l}`)));
    const r4 = hubsim('check', scenario('trace-example'), '--baseline', column);
    expect(r4.status).toBe(2);
    expect(r4.stderr).toContain('column.csv line 1, column 6: must not repeat column 1 (got "mean")');
  });

  test('exit 2 for a row hubsim could not have written: a reversed interval, a negative sd, a count that disagrees', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const at = lines.findIndex((l) => l.includes(',wait_mean_min,'));
    const cells = lines[at].split(',');
    const edited = (name: string, edit: (c: string[]) => void) => {
      const c = [...cells];
      edit(c);
      const f = join(dir, name);
      writeFileSync(f, [...lines.slice(0, at), c.join(','), ...lines.slice(at + 1)].join('\n') + '\n');
      const r = hubsim('check', scenario('trace-example'), '--baseline', f);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      return r.stderr;
    };
    // Columns: scenario, seed, replications, metric, mean, sd, ci95_low, ci95_high, n.
    // Swapped ends would make check call the unchanged metric moved (exit 1).
    expect(edited('swapped.csv', (c) => ([c[6], c[7]] = [c[7], c[6]]))).toMatch(new RegExp(`swapped.csv line ${at + 1}, columns ci95_low and ci95_high: must be an interval around the mean`));
    // A mean edited alone: the message says that its interval goes with it.
    expect(edited('mean.csv', (c) => (c[4] = String(Number(c[7]) + 1)))).toMatch(/mean.csv line \d+, columns ci95_low and ci95_high: must be an interval around the mean, ci95_low <= mean <= ci95_high \(a mean edited by hand needs its interval edited too, or a --tolerance for the metric: without one, check judges the new mean by the interval\)/);
    // Under a --tolerance for it, check holds the metric to that, not to the interval: the edit stands.
    const moved = [...cells];
    moved[4] = String(Number(cells[7]) + 1);
    const tolerated = join(dir, 'tolerated.csv');
    writeFileSync(tolerated, [...lines.slice(0, at), moved.join(','), ...lines.slice(at + 1)].join('\n') + '\n');
    const held = hubsim('check', scenario('trace-example'), '--baseline', tolerated, '--tolerance', 'wait_mean_min=1000%');
    expect(held.stderr).toBe('');
    expect(held.status).toBe(0);
    // A reversed interval is still no row hubsim writes.
    expect(hubsim('check', scenario('trace-example'), '--baseline', join(dir, 'swapped.csv'), '--tolerance', 'wait_mean_min=1000%').stderr).toMatch(/swapped.csv line \d+, columns ci95_low and ci95_high: must be an interval around the mean/);
    expect(edited('half.csv', (c) => (c[7] = ''))).toMatch(/half.csv line \d+, columns ci95_low and ci95_high: must both be given or both be empty \(got only ci95_low\)/);
    expect(edited('sd.csv', (c) => (c[5] = '-1'))).toMatch(/sd.csv line \d+, column sd: must not be negative \(got -1\)/);
    expect(edited('n.csv', (c) => (c[8] = '4'))).toMatch(/n.csv line \d+, column n: must be a whole number of replications from 0 to 3 \(got 4\)/);
    expect(edited('n0.csv', (c) => (c[8] = '0'))).toMatch(/n0.csv line \d+, column n: must be above 0 when the mean is given/);
    // An empty mean is not "NaN" to the user who emptied it.
    expect(edited('mean.csv', (c) => (c[4] = ''))).toMatch(/mean.csv line \d+, columns ci95_low and ci95_high: must be empty when the mean is \(undefined in every replication\) \(got \[[^\]]+\]\)/);
    // So must the sd be: hubsim writes none for a metric no replication defines.
    expect(edited('undefined-sd.csv', (c) => ([c[4], c[6], c[7], c[8]] = ['', '', '', '0']))).toMatch(/undefined-sd.csv line \d+, column sd: must be empty when the mean is \(undefined in every replication\) \(got [\d.e-]+\)/);
    // One row edited: that row is named, against what the others say, not every other row.
    const one = edited('one.csv', (c) => (c[2] = '5'));
    expect(one).toMatch(new RegExp(`one.csv line ${at + 1}, column replications: must equal the other rows' \\(3\\) \\(got "5"\\)`));
    expect(one.match(/column replications/g)).toHaveLength(1);
    expect(edited('fields.csv', (c) => c.push('9'))).toMatch(new RegExp(`fields.csv line ${at + 1}: must have as many fields as the header \\(got 10 fields\\)`));
  });

  test('exit 2 for a tolerance of nothing, or for a metric the baseline lacks', () => {
    for (const t of ['', ',']) {
      const r = hubsim('check', scenario('trace-example'), '--baseline', file, '--tolerance', t);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--tolerance: must be given a value/);
    }
    const lacking = join(dir, 'lacking.csv');
    writeFileSync(lacking, readFileSync(file, 'utf8').split('\n').filter((l) => !l.includes(',wait_mean_min,')).join('\n'));
    const r = hubsim('check', scenario('trace-example'), '--baseline', lacking, '--allow-missing', '--tolerance', 'wait_mean_min=1%');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--tolerance: must name a metric the baseline holds: .*lacking.csv has no row for it \(got wait_mean_min\)/);
  });

  test('a pass says what the default gate held the metrics to where the baseline holds no intervals, or only some', () => {
    const rows = readFileSync(file, 'utf8').split('\n');
    // Intervals cleared by hand (as a baseline of one replication has none): every row, or one.
    const cleared = (row: string) => row.split(',').map((c, i) => (i === 6 || i === 7 ? '' : c)).join(',');
    const none = join(dir, 'no-intervals.csv');
    writeFileSync(none, [rows[0], ...rows.slice(1).map((l) => (l === '' ? l : cleared(l)))].join('\n'));
    const r = hubsim('check', scenario('trace-example'), '--baseline', none);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok: all \d+ metrics within tolerance \(the baseline's means, unchanged: it holds no intervals\)$/m);
    // Nor is it warned of how wide its (3 replications') intervals are.
    expect(r.stdout).not.toMatch(/standard errors each way/);
    expect(hubsim('check', scenario('trace-example'), '--baseline', none, '--tolerance', 'wait_mean_min=1%').stdout).toMatch(
      /^ok: all \d+ metrics within tolerance \(wait_mean_min ± 1%; every other metric unchanged: the baseline holds no intervals\)$/m,
    );
    const some = join(dir, 'some-intervals.csv');
    writeFileSync(some, rows.map((l) => (l.includes(',wait_mean_min,') ? cleared(l) : l)).join('\n'));
    const mixed = hubsim('check', scenario('trace-example'), '--baseline', some).stdout;
    expect(mixed).toMatch(/^ok: all \d+ metrics within tolerance \(the baseline's 95 % intervals, or its means unchanged where it holds none\)$/m);
    expect(mixed).toMatch(/^note: .*with 3 replications, the baseline's 95 % intervals .* standard errors each way/m);
  });

  test('a tolerance for a metric the baseline leaves empty is noted, not refused; one metric held is said so', () => {
    const one = join(dir, 'one.csv');
    const rows = readFileSync(file, 'utf8').split('\n');
    writeFileSync(one, [rows[0], ...rows.filter((l) => /,(trucks_arrived|energy_cost),/.test(l)), ''].join('\n'));
    const r = hubsim('check', scenario('trace-example'), '--baseline', one, '--allow-missing', '--tolerance', 'energy_cost=1%', '--tolerance', 'trucks_arrived=0');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('note: --tolerance energy_cost: the baseline leaves it empty (undefined in every replication), so it is checked only for staying so');
    // The tolerances it passed are said, each metric's own first; the unused one, noted above, is not.
    // (No other metric was judged: energy_cost, empty, only had to stay so.)
    expect(r.stdout).toMatch(/^ok: both metrics within tolerance \(trucks_arrived ± 0\)$/m);
    // Nor is a gate named that held no metric: one the baseline leaves empty only stays so.
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, [rows[0], ...rows.filter((l) => /,(energy_cost|revenue),/.test(l)), ''].join('\n'));
    for (const tolerance of [[], ['--tolerance', '5%']]) {
      expect(hubsim('check', scenario('trace-example'), '--baseline', empty, '--allow-missing', ...tolerance).stdout).toMatch(/^ok: both metrics empty, as in the baseline$/m);
    }
    const single = join(dir, 'single.csv');
    writeFileSync(single, [rows[0], ...rows.filter((l) => l.includes(',trucks_arrived,')), ''].join('\n'));
    const alone = hubsim('check', scenario('trace-example'), '--baseline', single, '--allow-missing').stdout;
    expect(alone).toMatch(/^ok: the one metric within tolerance \(the baseline's 95 % intervals\)$/m);
    expect(alone).toContain(`has no row for trucks_served, trucks_balked, trucks_reneged, served_share and ${METRIC_NAMES.length - 5} more: they are not checked`);
  });

  // `--tolerance 5` meant as 5 %: ± 5 in a share's unit lets every share pass, and the ok line alone did not show it.
  test('an absolute tolerance of 1 or more for every metric is noted where the baseline has shares, which cannot move that far', () => {
    const r = hubsim('check', scenario('trace-example'), '--baseline', file, '--tolerance', '5');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^note: --tolerance 5 allows ± 5 in ([a-z_0-9]+) and \d+ other shares, which run from 0 to 1 and cannot move that far; for 5 per cent, write 5%, or give each share its own \(\1=0.01, …\)$/m);
    const one = hubsim('check', scenario('trace-example'), '--baseline', file, '--tolerance', 'service_level=5');
    expect(one.stdout).toContain('note: --tolerance service_level=5 allows ± 5 in service_level, which runs from 0 to 1 and cannot move that far; for 5 per cent, write 5%\n');
    for (const t of ['5%', '0.05', 'service_level=5%,trucks_arrived=5']) expect(hubsim('check', scenario('trace-example'), '--baseline', file, '--tolerance', t).stdout).not.toContain('note: --tolerance');
  });

  // `--tolerance 0.5`, meant for minutes or trucks, let a service level fall from 0.85 to 0.77 unseen.
  test("an absolute tolerance of a tenth or more of a share's range is noted as such", () => {
    const r = hubsim('check', scenario('trace-example'), '--baseline', file, '--tolerance', '0.5');
    expect(r.stdout).toMatch(/^note: --tolerance 0.5 allows ± 0.5 in ([a-z_0-9]+) and \d+ other shares, which run from 0 to 1: that is 50 % of their range; for 0.5 per cent, write 0.5%, or give each share its own \(\1=0.01, …\)$/m);
    const one = hubsim('check', scenario('trace-example'), '--baseline', file, '--tolerance', 'service_level=0.1');
    expect(one.stdout).toContain('note: --tolerance service_level=0.1 allows ± 0.1 in service_level, which runs from 0 to 1: that is 10 % of its range; for 0.1 per cent, write 0.1%\n');
  });

  test("a baseline of another scenario is named at its first row's line, blank lines before it counted", () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, readFileSync(file, 'utf8').replace('\n', '\n\n\n').replaceAll('trace-example,', 'koblenz,'));
    const r = hubsim('check', scenario('trace-example'), '--baseline', other);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/other.csv line 4, column scenario: must be trace-example, the scenario checked: this is the baseline of another \(got koblenz\)/);
  });

  test('exit 2 for a tolerance that is not a finite number', () => {
    for (const t of ['1e400', 'wait_mean_min=1e999%']) {
      const r = hubsim('check', scenario('trace-example'), '--baseline', file, '--tolerance', t);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--tolerance: must be a finite number/);
    }
  });

  test('exit 2 for a missing or malformed baseline', () => {
    expect(hubsim('check', scenario('trace-example'), '--baseline', join(dir, 'none.csv')).status).toBe(2);
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'scenario,seed\nx,1\n');
    const r = hubsim('check', scenario('trace-example'), '--baseline', broken);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing replications, metric/);
  });

  test('--out writes every metric\'s verdict as CSV, for a later step to read, whether it held or moved', () => {
    const d = tmp();
    const out = join(d, 'result.csv');
    const r = hubsim('check', scenario('trace-example'), '--baseline', file, '--out', out);
    expect(r.status).toBe(0);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    // Said last, as baseline says what it wrote.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`wrote ${out}: ${rows.length - 1} metrics, 0 moved`);
    expect(rows[0]).toEqual(['metric', 'baseline_mean', 'baseline_n', 'mean', 'n', 'allowed_low', 'allowed_high', 'verdict']);
    expect(rows.slice(1).map((c) => c[0])).toEqual(readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')[3]));
    expect(new Set(rows.slice(1).map((c) => c[7]))).toEqual(new Set(['held']));
    const base = readFileSync(file, 'utf8').split('\n').find((l) => l.includes(',wait_mean_min,'))!.split(',');
    const wait = rows.find((c) => c[0] === 'wait_mean_min')!;
    // The baseline's mean and n, the new ones, and by default its interval as the range allowed.
    expect(wait).toEqual([base[3], base[4], base[8], base[4], base[8], base[6], base[7], 'held']);
    // A metric moved: exit 1, and the file says which, with the range a tolerance allows.
    const moved = join(d, 'moved.csv');
    writeFileSync(moved, readFileSync(file, 'utf8').replace(/^(trace-example,\d+,\d+,wait_mean_min,)([^,]+),[^,]+,([^,]+),([^,]+),/m, '$1100,0,100,100,'));
    const failed = hubsim('check', scenario('trace-example'), '--baseline', moved, '--tolerance', 'wait_mean_min=2', '--out', out);
    expect(failed.status).toBe(1);
    expect(failed.stdout.trimEnd().split('\n').at(-1)).toBe(`wrote ${out}: ${rows.length - 1} metrics, 1 moved`);
    const again = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    expect(again.find((c) => c[0] === 'wait_mean_min')).toEqual(['wait_mean_min', '100', base[8], base[4], base[8], '98', '102', 'moved']);
    expect(again.filter((c) => c[7] === 'moved')).toHaveLength(1);
    // Bad input writes nothing; a file hubsim did not write is not replaced.
    const notes = join(d, 'notes.csv');
    writeFileSync(notes, 'mine\n');
    const refused = hubsim('check', scenario('trace-example'), '--baseline', file, '--out', notes);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--out: must name a ');
    expect(readFileSync(notes, 'utf8')).toBe('mine\n');
    expect(hubsim('check', scenario('trace-example'), '--baseline', join(d, 'none.csv'), '--out', join(d, 'new.csv')).status).toBe(2);
    expect(readdirSync(d).sort()).toEqual(['moved.csv', 'notes.csv', 'result.csv']);
  });

  test('exit 2, not 1, for a baseline cut short: its last row\'s count is not read as a metric that moved', () => {
    // The battery scenario's last row is margin_per_kwh, defined in all 10 replications: cut by
    // two bytes, its n reads 1, which a check would call moved.
    const text = readFileSync(join(root, 'baselines', 'recklinghausen-phase2-battery.csv'), 'utf8');
    expect(text.endsWith(',10\n')).toBe(true);
    const cut = join(dir, 'cut.csv');
    writeFileSync(cut, text.slice(0, -2));
    const r = hubsim('check', scenario('recklinghausen-phase2-battery'), '--baseline', cut);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hubsim: .*cut.csv: must end with a line break, as hubsim writes it: a file cut short loses the end of its last row \(got .*,1" at the end\)\n$/);
    expect(r.status).toBe(2);
    // A file hubsim wrote, with CRLF line ends (a checkout with core.autocrlf), is whole.
    const crlf = join(dir, 'crlf.csv');
    writeFileSync(crlf, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(hubsim('check', scenario('trace-example'), '--baseline', crlf).status).toBe(0);
  });
});

describe('a grid peak whose interval reaches past the connection', () => {
  test('is told so under the tables of run and compare, as the report tells it', () => {
    // Phase two's peaks sit at its 3,000 kW connection in most of 3 replications: the t-interval reaches past it.
    const out = tmp();
    const run = hubsim('run', scenario('recklinghausen-phase2'), '--replications', '3', '--no-report', '--out', join(out, 'run'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^note: grid_peak_kw's interval reaches [\d.]+ kW, past the 3000 kW connection, which grid power never passes: a t-interval knows nothing of the limit$/m);
    const compare = hubsim('compare', scenario('recklinghausen-phase1'), scenario('recklinghausen-phase2'), '--replications', '3', '--no-report', '--out', join(out, 'compare'));
    expect(compare.status).toBe(0);
    expect(compare.stdout).toMatch(/^note: grid_peak_kw's interval reaches past the connection, which grid power never passes, in .*B \([\d.]+ kW against 3000 kW\): a t-interval knows nothing of the limit$/m);
  });
});

describe('hubsim compare', () => {
  /** Writes a small hub's scenario `name` into `dir`, with `fields` in place of its own. */
  const writeSmall = (dir: string, name: string, fields: Record<string, unknown> = {}) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name,
        horizon: { days: 3, warmupDays: 1 },
        hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] },
        arrivals: { trucksPerDay: 20 },
        fleet: [{ name: 't', batteryKwh: 600, maxKw: { CCS: 400 } }],
        demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
        behaviour: { breakMin: 45 },
        ...fields,
      }),
    );
    return file;
  };

  test('A and B of different seeds compare under --seed, both run with it', () => {
    const dir = tmp();
    const [a, b] = [writeSmall(dir, 'a', { seed: 1 }), writeSmall(dir, 'b', { seed: 7 })];
    const r = hubsim('compare', a, b, '--seed', '3', '--replications', '2', '--no-report', '--out', join(dir, 'out'));
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^a \(A\) vs b \(B\): 2 paired replications, seed 3;/m);
    const seeds = (name: string) => readFileSync(join(dir, 'out', name, 'replications.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[2]);
    expect(seeds('b')).toEqual(seeds('a'));
  });

  test('notes when A and B count different periods, and only then', () => {
    const dir = tmp();
    const write = (name: string, days: number) => writeSmall(dir, name, { horizon: { days, warmupDays: 1 } });
    const [a, b, c] = [write('a', 3), write('b', 3), write('c', 4)];
    const same = hubsim('compare', a, b, '--replications', '2', '--no-report', '--out', join(dir, 'same'));
    expect(same.status).toBe(0);
    expect(same.stdout).not.toMatch(/note/);
    const other = hubsim('compare', a, c, '--replications', '2', '--no-report', '--out', join(dir, 'other'));
    expect(other.status).toBe(0);
    expect(other.stdout).toMatch(/^note: A's statistics cover 2 days after a 1-day warm-up and B's 3 days after a 1-day warm-up: a difference then mixes the two designs with the two periods/m);
  });

  test('notes what makes B − A more than the hubs: thresholds, power intervals, other trucks, metrics some replications lack', () => {
    const dir = tmp();
    const base = {
      horizon: { days: 2, warmupDays: 0 },
      hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 400 }] },
      arrivals: { trucksPerDay: 1 },
      fleet: [{ name: 't', batteryKwh: 500, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
      behaviour: { breakMin: 45, patienceMin: 30 },
    };
    const write = (name: string, patch: Record<string, unknown>) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify({ ...base, name, ...patch }));
      return file;
    };
    // A's only bay is in maintenance for the first 2000 minutes: few trucks plug in, and some
    // replications have no wait to average.
    const a = write('a', { hub: { chargers: [{ ...base.hub.chargers[0], maintenance: [{ startMin: 0, endMin: 2000 }] }] } });
    const b = write('b', { output: { serviceThresholdMin: 30, powerIntervalMin: 60 }, arrivals: { trucksPerDay: 2 } });
    const r = hubsim('compare', a, b, '--replications', '12', '--no-report', '--out', join(dir, 'out'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^note: A counts a truck as served in time within 15 minutes of arriving and B within 30 \(output.serviceThresholdMin\)/m);
    expect(r.stdout).toMatch(/^note: A averages power over 15-minute intervals and B over 60 \(output.powerIntervalMin\)/m);
    expect(r.stdout).toMatch(/^note: A and B do not see the same trucks: they differ in arrivals.trucksPerDay,/m);
    const csv = readFileSync(join(dir, 'out', 'compare-a-vs-b.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const wait = csv.find((c) => c[0] === 'wait_mean_min')!;
    const n = Number(wait[6]);
    expect(n).toBeLessThan(12);
    expect(r.stdout).toMatch(new RegExp(`^note: some metrics are undefined in some replications of A or B; B − A is then over the replications where both have a value \\(the n column of the comparison's CSV\\), and need not be B's mean less A's: .*wait_mean_min ${n}.* of 12$`, 'm'));
    expect(r.stdout.match(/^note/gm)).toHaveLength(4);
    // Only the demand differs: the same arrivals, but trucks that want other things.
    const c = write('c', { fleet: [{ ...base.fleet[0], demand: { targetSoc: 0.9 } }] });
    const same = write('same', {});
    const r2 = hubsim('compare', same, c, '--replications', '2', '--no-report', '--out', join(dir, 'out2'));
    expect(r2.stdout).toMatch(/^note: A and B see the same arrivals, but their trucks differ in fleet\[0\].demand.targetSoc: B − A includes what that changes/m);
    // Each truck charges 45 minutes in A and 52.5 in B, in both pairs: two agreeing pairs claim no difference.
    expect(r2.stdout).toMatch(/^note: B − A is the same in every pair for charge_mean_min and within_break_share; .* so they have no interval/m);
    expect(r2.stdout).toMatch(/^charge_mean_min .* 7\.5 +same in all 2 pairs$/m);
    expect(r2.stdout.match(/^note/gm)).toHaveLength(2);
  });

  test("the CSV's differences are the terminal's: one of rounding noise is none, not one that excludes zero", () => {
    const dir = tmp();
    const battery = scenario('recklinghausen-phase2-battery');
    const raw = JSON.parse(readFileSync(battery, 'utf8'));
    delete raw.hub.battery;
    raw.name = 'priced';
    const priced = join(dir, 'priced.json');
    writeFileSync(priced, JSON.stringify(raw));
    // The battery changes what the grid gives, not what the trucks get: revenue is the same energy
    // on both sides, added up in another order, and over these five replications B − A is some
    // 10⁻¹⁰ of one sign in each (so is power_utilization's, some 10⁻¹⁵).
    const r = hubsim('compare', priced, battery, '--replications', '5', '--no-report', '--out', join(dir, 'out'));
    expect(r.status).toBe(0);
    const rows = readFileSync(join(dir, 'out', 'compare-priced-vs-recklinghausen-phase2-battery.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const starred = new Set(r.stdout.split('\n').filter((l) => l.endsWith(' *')).map((l) => l.split(' ')[0]));
    expect(starred.size).toBeGreaterThan(0);
    for (const [metric, , , , low, high] of rows) {
      if (low === '') continue;
      expect([metric, Number(low) > 0 || Number(high) < 0]).toEqual([metric, starred.has(metric)]);
    }
    for (const metric of ['revenue', 'power_utilization']) expect(rows.find((c) => c[0] === metric)!.slice(3, 6)).toEqual(['0', '0', '0']);
  });

  test('pairing narrows the interval compared with independent runs', () => {
    const out = tmp();
    const r = hubsim('compare', scenario('recklinghausen-phase2'), scenario('recklinghausen-phase2-grid'), '--replications', '8', '--out', out);
    expect(r.status).toBe(0);
    const rows = readFileSync(join(out, 'compare-recklinghausen-phase2-vs-recklinghausen-phase2-grid.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('metric,a_mean,b_mean,diff_mean,diff_ci95_low,diff_ci95_high,n');
    const sd = (name: string, metric: string) => Number(read(out, name, 'summary.csv').split('\n').find((l) => l.startsWith(`${metric},`))!.split(',')[2]);
    for (const metric of ['wait_mean_min', 'grid_mean_kw', 'trucks_reneged']) {
      const [, , , , lo, hi] = rows.find((l) => l.startsWith(`${metric},`))!.split(',').map(Number);
      const paired = (hi - lo) / 2;
      // Independent batches: half-width t(0.975, ~2n-2) * sqrt(sa²/n + sb²/n) with t >= 2.1 for n = 8.
      const independent = 2.1 * Math.sqrt((sd('recklinghausen-phase2', metric) ** 2 + sd('recklinghausen-phase2-grid', metric) ** 2) / 8);
      expect(paired).toBeLessThan(independent);
    }
  });
});

describe('tables on a terminal', () => {
  // A real terminal of 50 columns (script(1) gives the command one): a CI job's runner may give it
  // one only for its log to keep, which must read as a pipe's output does, tables whole.
  const header = (ci: string | undefined) => {
    const out = scratch('hubsim-tty-');
    const env = { ...process.env, CI: ci };
    if (ci === undefined) delete env.CI;
    const command = `stty cols 50; ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} compare ${JSON.stringify(scenario('koblenz'))} ${JSON.stringify(scenario('kirchberg'))} --replications 2 --out ${JSON.stringify(out)} --no-report`;
    const r = spawnSync('script', ['-q', '-e', '-c', command, '/dev/null'], { encoding: 'utf8', cwd: root, env });
    expect(r.status).toBe(0);
    return r.stdout.split(/\r?\n/).find((l) => l.startsWith('metric'));
  };

  test("--help on a narrow terminal keeps each example's lines whole, as pasted into a shell", () => {
    const examples = (text: string) => text.slice(text.indexOf('Examples:')).split(/\r?\n/).filter((l) => l !== '');
    for (const c of ['sweep', 'size']) {
      const r = spawnSync('script', ['-q', '-e', '-c', `stty cols 40; ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} ${c} --help`, '/dev/null'], { encoding: 'utf8', cwd: root });
      expect(r.status).toBe(0);
      // As a pipe gets them (laid out 100 wide): yargs laid them out 40 wide, and broke a line where the shell would run its two halves apart.
      expect(examples(r.stdout)).toEqual(examples(hubsim(c, '--help').stdout));
    }
  });

  test('are split to the width of a terminal, and printed whole in a CI job', () => {
    expect(header(undefined)).toMatch(/^metric +A$/);
    expect(header('true')).toMatch(/^metric +A +B +B − A +B − A 95% CI$/);
    expect(header('false')).toMatch(/^metric +A$/);
  });
});

// Printed raw, the name broke its line in two, the second part read as a problem of its own.
test('a scenario file whose name holds a line break is named quoted, in "ok" and in a message alike', () => {
  const d = tmp();
  const odd = join(d, 'new\nline.json');
  const plain = join(d, 'koblenz.json');
  cpSync(scenario('koblenz'), plain);
  cpSync(plain, odd);
  const r = hubsim('validate', odd, plain);
  expect(r.status).toBe(2);
  expect(r.stdout.split('\n')[0]).toBe(`ok: ${JSON.stringify(odd)} (koblenz)`);
  expect(r.stderr).toBe(`hubsim: ${plain}: must have a name of its own: it writes to the same folder as ${JSON.stringify(odd)} (got "koblenz")\n`);
});
