import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { HOST } from '../src/cli/outdir.js';
import { ended, hubsim, hubsimWithin, smallScenario, start, tmp } from './helpers/cli.js';

// Reports from the command line: written by compare (and the default job) and by run --report,
// rebuilt on demand by `hubsim report`, and refused for anything that is not an output.

describe('reports from the command line', () => {
  test('compare writes both run reports and the comparison report; hubsim report rebuilds each identically', () => {
    const d = tmp();
    const a = smallScenario(d, 'small');
    const b = smallScenario(d, 'small-grid', 2, { hub: { gridKw: 400, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } });
    const out = join(d, 'out');
    const r = hubsim('compare', a, b, '--replications', '3', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`report: ${join(out, 'compare-small-vs-small-grid.html')}`);
    const files = ['small/report.html', 'small-grid/report.html', 'compare-small-vs-small-grid.html'];
    const before = files.map((f) => readFileSync(join(out, f), 'utf8'));
    for (const f of files) rmSync(join(out, f));
    expect(hubsim('report', join(out, 'small')).status).toBe(0);
    expect(hubsim('report', join(out, 'small-grid')).status).toBe(0);
    const c = hubsim('report', join(out, 'compare-small-vs-small-grid.csv'));
    expect(c.status).toBe(0);
    expect(files.map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(before);
    expect(readdirSync(join(out, 'small')).filter((f) => f.includes('tmp') || f.includes('partial'))).toEqual([]);
  }, 60_000);

  test('run writes report.html only with --report, and says how to get one otherwise', () => {
    const d = tmp();
    const s = smallScenario(d);
    const plain = hubsim('run', s, '--replications', '2', '--out', join(d, 'a'));
    expect(plain.status).toBe(0);
    expect(existsSync(join(d, 'a', 'small', 'report.html'))).toBe(false);
    expect(plain.stdout).toContain(`report: hubsim report ${join(d, 'a', 'small')}`);
    const r = hubsim('run', s, '--replications', '2', '--report', '--out', join(d, 'b'));
    expect(r.status).toBe(0);
    expect(readFileSync(join(d, 'b', 'small', 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    // The last line names the report, as compare's does.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`report: ${join(d, 'b', 'small', 'report.html')}`);
    expect(r.stdout).not.toContain('or run with --report');
    // The command it suggests can be pasted as printed: a folder with a space is quoted.
    const spaced = hubsim('run', s, '--replications', '2', '--out', join(d, 'my results'));
    expect(spaced.stdout).toContain(`report: hubsim report "${join(d, 'my results', 'small')}", or run with --report`);
  }, 60_000);

  test("a path through a link's parent is read as --out is: the report lands where the printed path says", () => {
    const d = tmp();
    const s = smallScenario(d);
    expect(hubsim('run', s, '--replications', '2', '--out', join(d, 'out')).status).toBe(0);
    mkdirSync(join(d, 'deep', 'er'), { recursive: true });
    symlinkSync(join(d, 'deep', 'er'), join(d, 'latest'));
    // The system would read latest/.. as deep/, where there is no out.
    const r = hubsim('report', join(d, 'latest', '..', 'out', 'small'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`report: ${join(d, 'out', 'small', 'report.html')}\n`);
    expect(existsSync(join(d, 'out', 'small', 'report.html'))).toBe(true);
  }, 60_000);

  test('compare --no-report writes no report', () => {
    const d = tmp();
    const out = join(d, 'out');
    expect(hubsim('compare', smallScenario(d, 'x'), smallScenario(d, 'y'), '--replications', '2', '--no-report', '--out', out).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['compare-x-vs-y.csv', 'x', 'y']);
    expect(existsSync(join(out, 'x', 'report.html'))).toBe(false);
    // The --out folder itself is no one result: the refusal names those it holds.
    const r = hubsim('report', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${out}: must be one result: this --out folder holds 3, give one of them (${join(out, 'compare-x-vs-y.csv')}, ${join(out, 'x')}, ${join(out, 'y')}) (got an --out folder)`);
  }, 60_000);

  test("compare --no-report leaves no page of an earlier comparison beside its CSV, but a page of the user's stays", () => {
    const d = tmp();
    const out = join(d, 'out');
    const [x, y] = [smallScenario(d, 'x'), smallScenario(d, 'y')];
    expect(hubsim('compare', x, y, '--replications', '2', '--out', out).status).toBe(0);
    expect(existsSync(join(out, 'compare-x-vs-y.html'))).toBe(true);
    expect(hubsim('compare', x, y, '--replications', '3', '--no-report', '--out', out).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['compare-x-vs-y.csv', 'x', 'y']);
    writeFileSync(join(out, 'compare-x-vs-y.html'), '<p>my notes</p>\n');
    expect(hubsim('compare', x, y, '--replications', '2', '--no-report', '--out', out).status).toBe(0);
    expect(readFileSync(join(out, 'compare-x-vs-y.html'), 'utf8')).toBe('<p>my notes</p>\n');
  }, 60_000);

  test('sweep and size write a frontier report (not for a slice); hubsim report rebuilds it identically', () => {
    const d = tmp();
    const s = smallScenario(d);
    const out = join(d, 'out');
    expect(hubsim('sweep', s, '--set', 'hub.chargers[0].cabinets=1..3', '--replications', '2', '--out', out).status).toBe(0);
    expect(hubsim('size', s, '--vary', 'hub.chargers[0].cabinets=1..4', '--target', 'served_share>=0.5', '--replications', '2', '--max-replications', '4', '--out', out).status).toBe(0);
    for (const folder of ['sweep-small', 'size-small']) {
      const file = join(out, folder, 'report.html');
      const before = readFileSync(file, 'utf8');
      expect(before).toMatch(/Design frontier/);
      rmSync(file);
      expect(hubsim('report', join(out, folder)).status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(before);
    }
    // The sizing's report opens with the answer size printed, read back from its run.json and size.csv.
    const decision = JSON.parse(readFileSync(join(out, 'size-small', 'run.json'), 'utf8')).decision[0];
    const sizing = readFileSync(join(out, 'size-small', 'report.html'), 'utf8');
    expect(sizing).toContain('<h2>Answer</h2>');
    // In the words size printed them, which run.json records.
    expect(decision.words[String(decision.design)]).toBe(`${decision.smallest} CCS bay${decision.smallest === 1 ? '' : 's'}`);
    expect(sizing).toMatch(
      new RegExp(`<strong>${decision.words[String(decision.design)]}</strong> \\(<code>hub.chargers\\[0\\].cabinets</code> = ${decision.smallest}\\) is the smallest ${(decision.below ?? null) === null ? 'in the range ' : ''}that meets served_share &gt;= 0.5 with 95\u00a0% confidence \\(design ${decision.design}, \\d+ replications\\)`),
    );
    // A folder that lost its table is told so, by its run.json's command, not asked for a run's files.
    for (const [folder, file] of [['sweep-small', 'sweep.csv'], ['size-small', 'size.csv']]) {
      rmSync(join(out, folder, file));
      const r = hubsim('report', join(out, folder));
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`hubsim: ${join(out, folder)}: 1 problem\n  ${join(out, folder, file)}: must exist (an output folder of hubsim ${folder.split('-')[0]})\n`);
    }
    const slice = join(d, 'slice');
    expect(hubsim('sweep', s, '--set', 'hub.chargers[0].cabinets=1..3', '--replications', '2', '--shard', '1/2', '--out', slice).status).toBe(0);
    expect(existsSync(join(slice, 'sweep-small', 'report.html'))).toBe(false);
  }, 60_000);

  test("a sizing's answer names a value given as JSON as JSON, as size prints it", () => {
    const d = tmp();
    const out = join(d, 'out');
    const patience = '{"dist":"exponential","mean":30}';
    const r = hubsim('size', smallScenario(d), '--vary', 'hub.chargers[0].cabinets=1..3', '--vary', `behaviour.patienceMin=20,${patience}`, '--target', 'served_share>=0.5', '--replications', '2', '--max-replications', '2', '--out', out);
    expect(r.status).toBe(0);
    const html = readFileSync(join(out, 'size-small', 'report.html'), 'utf8');
    expect(html).not.toContain('object Object');
    expect(html).toContain(patience.replace(/"/g, '&quot;'));
  }, 60_000);

  test('hubsim report refuses what is not an output, exit 2', () => {
    const d = tmp();
    for (const path of [d, join(d, 'none'), smallScenario(d)]) {
      const r = hubsim('report', path);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(hubsim('report', d).stderr).toMatch(/run.json: must exist/);
    // What it may be is named whole: a sweep's and a sizing's folders too.
    expect(hubsim('report', join(d, 'none')).stderr).toContain(
      `${join(d, 'none')}: must be an output folder of run, sweep or size (OUT/<name>/, OUT/sweep-<name>/ or OUT/size-<name>/) or a comparison file (OUT/compare-<A>-vs-<B>.csv) (got no such file or folder)`,
    );
    // A path that leads nowhere for another reason than nothing being there says that reason.
    symlinkSync('loop-b', join(d, 'loop-a'));
    symlinkSync('loop-a', join(d, 'loop-b'));
    expect(hubsim('report', join(d, 'loop-a')).stderr).toMatch(/\(got too many symbolic links \(ELOOP\)\)\n$/);
    expect(hubsim('report', join(smallScenario(d), 'small')).stderr).toMatch(/\(got a part of the path is not a folder \(ENOTDIR\)\)\n$/);
    // Another kind of file hubsim writes is named as such: a baseline is not a report's input.
    const base = join(d, 'base.csv');
    expect(hubsim('baseline', smallScenario(d), '--replications', '2', '--out', base).status).toBe(0);
    expect(hubsim('report', base).stderr).toContain('(got a baseline that hubsim baseline wrote)');
  });

  test('hubsim report refuses one slice of a sharded run (its run.json counts every replication, its files hold a share)', () => {
    const d = tmp();
    const s = smallScenario(d);
    expect(hubsim('run', s, '--replications', '4', '--shard', '1/2', '--out', join(d, 'slice')).status).toBe(0);
    const r = hubsim('report', join(d, 'slice', 'small'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('must be a whole result, not one slice of a sharded run: join the slices with hubsim merge');
    expect(existsSync(join(d, 'slice', 'small', 'report.html'))).toBe(false);
    // The slice's --out folder: not a list of results to pick from, since every one is a slice.
    const out = hubsim('report', join(d, 'slice'));
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('this is the --out folder of a slice of a sharded run; join the slices with hubsim merge');
  });

  test('a comparison of scenarios that draw nothing at random, one folder run again with another count of replications: told by the counts, its means being as they were', () => {
    const d = tmp();
    writeFileSync(join(d, 'tr.csv'), 'arrival_min,fleet,soc_in\n10,eactros,0.2\n30,eactros,0.3\n');
    const fixed = { arrivals: { trace: 'tr.csv' }, demand: { arrivalSoc: 0.2, targetSoc: 0.8 }, behaviour: { breakMin: 45 } };
    const a = smallScenario(d, 'da', 1, fixed);
    const b = smallScenario(d, 'db', 1, { ...fixed, hub: { gridKw: 500, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } });
    const out = join(d, 'out');
    expect(hubsim('compare', a, b, '--replications', '3', '--no-report', '--out', out).status).toBe(0);
    for (const [count, found] of [['2', '3 pairs here, 2 and 3 replications'], ['5', '3 pairs here, 5 and 3 replications']]) {
      expect(hubsim('run', a, '--replications', count, '--out', out).status).toBe(0);
      const r = hubsim('report', join(out, 'compare-da-vs-db.csv'));
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`compare-da-vs-db.csv: must match the folders it compares: da/ or db/ was written after it (run compare again) (got ${found} in the folders)\n`);
      expect(r.stderr).toMatch(/: 1 problem\n/);
    }
  });

  test('hubsim report refuses a comparison whose folders were written after it, and keeps its page', () => {
    const d = tmp();
    const a = smallScenario(d, 'small');
    const b = smallScenario(d, 'other', 2);
    const out = join(d, 'out');
    expect(hubsim('compare', a, b, '--replications', '3', '--out', out).status).toBe(0);
    const page = readFileSync(join(out, 'compare-small-vs-other.html'), 'utf8');
    expect(hubsim('run', a, '--replications', '5', '--out', out).status).toBe(0);
    const r = hubsim('report', join(out, 'compare-small-vs-other.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('compare-small-vs-other.csv: must match the folders it compares: small/ or other/ was written after it (run compare again)');
    expect(readFileSync(join(out, 'compare-small-vs-other.html'), 'utf8')).toBe(page);
    // Run again with fewer replications, the folder says so in that one line, not in every row's pairs too.
    expect(hubsim('run', a, '--replications', '2', '--out', out).status).toBe(0);
    const fewer = hubsim('report', join(out, 'compare-small-vs-other.csv'));
    expect(fewer.stderr).toMatch(/^hubsim: [^\n]*: 1 problem\n {2}[^\n]*compare-small-vs-other\.csv: must match the folders it compares/);
    // A metric one side now defines and the comparison left empty is said empty, as its cell is, not NaN.
    const priced = smallScenario(d, 'other', 2, { economics: { sellingPrice: 0.45 } });
    expect(hubsim('run', a, '--replications', '3', '--out', out).status).toBe(0);
    expect(hubsim('run', priced, '--replications', '3', '--out', out).status).toBe(0);
    expect(hubsim('report', join(out, 'compare-small-vs-other.csv')).stderr).toMatch(/\(got revenue empty and empty here, empty and [\d.]+ in the folders\)/);
    // A folder gone is named.
    rmSync(join(out, 'other'), { recursive: true });
    expect(hubsim('report', join(out, 'compare-small-vs-other.csv')).stderr).toContain('compare-small-vs-other.csv: must sit beside the output folders of both scenarios it compares (got no output folder other/ beside it)');
  }, 60_000);
});

// A `latest` link beside the results: locked beside the link, the report neither kept a run into that --out waiting, nor got past a read-only folder of links.
test("a report of a result named through a link takes the lock of the --out the result is in, not of the link's folder", async () => {
  const d = tmp();
  const out = join(d, 'out');
  expect(hubsim('run', smallScenario(d), '--replications', '2', '--out', out).status).toBe(0);
  mkdirSync(join(d, 'links'));
  symlinkSync(join(out, 'small'), join(d, 'links', 'latest'));
  // A live run's lock (this process's) on --out: the report waits for it.
  mkdirSync(join(out, '.hubsim-lock'));
  writeFileSync(join(out, '.hubsim-lock', 'owner'), JSON.stringify({ host: HOST, pid: process.pid }));
  // The report's attempt at that lock, seen where it makes its bid (see lockAttempts), or its end without one.
  let watcher: FSWatcher | undefined;
  const attempt = new Promise<boolean>((resolve) => {
    watcher = watch(out, (_event, name) => name?.startsWith('.hubsim-lock-new-') && resolve(true));
  });
  const child = start('report', join(d, 'links', 'latest'));
  const waited = await Promise.race([attempt, ended(child).then(() => false)]).finally(() => watcher!.close());
  rmSync(join(out, '.hubsim-lock'), { recursive: true });
  expect(waited).toBe(true);
  expect(await ended(child)).toBe(0);
  expect(readFileSync(join(out, 'small', 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  expect(readdirSync(join(d, 'links'))).toEqual(['latest']);
}, 30_000);

describe('hubsim report reads every file with a size bound and only from regular files: exit 2 at once', () => {
  let folder: string;

  beforeAll(() => {
    const d = tmp();
    expect(hubsim('run', smallScenario(d), '--replications', '2', '--out', join(d, 'out')).status).toBe(0);
    folder = join(d, 'out', 'small');
  });

  /** A copy of the run's folder (as OUT/<name>) with `file` replaced: by /dev/zero, a FIFO no one writes to, or a sparse file one byte over the bound. */
  function spoiled(name: string, file: string, how: 'a link to /dev/zero' | 'a FIFO' | 'over the bound'): string {
    const out = tmp();
    const dir = join(out, name);
    cpSync(folder, dir, { recursive: true });
    const path = join(dir, file);
    rmSync(path, { force: true });
    if (how === 'a link to /dev/zero') symlinkSync('/dev/zero', path);
    else if (how === 'a FIFO') execFileSync('mkfifo', [path]);
    else {
      writeFileSync(path, '');
      truncateSync(path, 256 * 1024 * 1024 + 1);
    }
    return dir;
  }

  function refused(path: string, message: RegExp): void {
    const r = hubsimWithin(20_000, 'report', path);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }

  test.each([
    ['by-hour.csv', 'a link to /dev/zero', /small\/by-hour\.csv: must be a CSV file written by hubsim \(got a character device, not a file\)/],
    ['run.json', 'a link to /dev/zero', /small\/run\.json: must be a run\.json written by hubsim run \(got a character device, not a file\)/],
    ['run.json', 'a FIFO', /small\/run\.json: must be a run\.json written by hubsim run \(got a pipe \(FIFO\), not a file\)/],
    ['summary.csv', 'a FIFO', /small\/summary\.csv: must be a CSV file written by hubsim \(got a pipe \(FIFO\), not a file\)/],
    ['wait-cdf.csv', 'over the bound', /small\/wait-cdf\.csv: must be a CSV file written by hubsim of at most 268435456 bytes \(got 268435457 bytes\)/],
  ] as const)('a run folder whose %s is %s', (file, how, message) => {
    const dir = spoiled('small', file, how);
    refused(dir, message);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });

  test("a sweep folder's run.json that is /dev/zero", () => {
    const dir = spoiled('sweep-small', 'run.json', 'a link to /dev/zero');
    writeFileSync(join(dir, 'sweep.csv'), 'design\n');
    refused(dir, /sweep-small\/run\.json: must be a run\.json written by hubsim sweep or size \(got a character device, not a file\)/);
  });

  test('a comparison file that is a FIFO', () => {
    const out = tmp();
    for (const name of ['x', 'y']) cpSync(folder, join(out, name), { recursive: true });
    execFileSync('mkfifo', [join(out, 'compare-x-vs-y.csv')]);
    refused(join(out, 'compare-x-vs-y.csv'), /compare-x-vs-y\.csv: must be a CSV file written by hubsim \(got a pipe \(FIFO\), not a file\)/);
    expect(existsSync(join(out, 'compare-x-vs-y.html'))).toBe(false);
  });
});
