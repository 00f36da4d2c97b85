import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HOST, isMountPoint, machineName, OutputRoot, replaceFolder, writeFileAtomic, writeIntoOutput } from '../src/cli/outdir.js';
import { bin, ended, hubsim, hubsimWithin, lockAttempts, read, root, smallScenario, start, tmp, tree } from './helpers/cli.js';

// The output folder's promises, tried with real processes and files: a result folder is replaced as
// one unit, never mixes two runs, never swallows a user's files, and survives kills and concurrency.

const FILES = ['bays.csv', 'by-fleet.csv', 'by-hour.csv', 'load-duration.csv', 'power.csv', 'replications.csv', 'run.json', 'sessions.csv', 'summary.csv', 'wait-cdf.csv'];

/** A pid that is certainly dead: a process that has already exited. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

function snapshot(out: string, name: string): Record<string, string> {
  return Object.fromEntries(readdirSync(join(out, name)).sort().map((f) => [f, read(out, name, f)]));
}

describe('a file written atomically', () => {
  test('may have a name as long as the file system allows: its temporary file is named to fit too', () => {
    const out = tmp();
    // compare-<A>-vs-<B>.html for two names of 100 characters is 217; a long host name (a pod's)
    // took the temporary file's name past 255.
    for (const name of [`compare-${'a'.repeat(100)}-vs-${'b'.repeat(100)}.html`, `${'c'.repeat(250)}.csv`, `${'é'.repeat(120)}.csv`]) {
      writeFileAtomic(join(out, name), 'text\n');
      expect(readFileSync(join(out, name), 'utf8')).toBe('text\n');
    }
    expect(readdirSync(out)).toHaveLength(3);
  });

  test('is refused when its path ends as a folder\'s does: no file is made under the folder\'s name', () => {
    const out = tmp();
    expect(() => writeFileAtomic(`${join(out, 'results')}/`, 'text\n', '--baseline-out')).toThrow(/--baseline-out: must name a file, not a folder/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('the lock of an output folder', () => {
  test('is released without error while another run takes it the moment it is free', async () => {
    const out = tmp();
    const stop = new Int32Array(new SharedArrayBuffer(4));
    // Another run taking the lock as fast as it can, the way outdir.ts takes it: a folder holding its
    // owner file, renamed to .hubsim-lock (which fails while the lock is held), then released.
    const rival = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const { mkdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
       const stop = new Int32Array(workerData.stop);
       const lock = workerData.out + '/.hubsim-lock';
       for (let i = 0; Atomics.load(stop, 0) === 0; i++) {
         const tmp = workerData.out + '/.hubsim-lock-new-rival~' + i;
         mkdirSync(tmp);
         writeFileSync(tmp + '/owner', JSON.stringify({ host: 'rival', pid: process.pid }));
         try {
           renameSync(tmp, lock);
           renameSync(lock, tmp);
         } catch {}
         rmSync(tmp, { recursive: true, force: true });
         if (i === 50) parentPort.postMessage('started');
       }`,
      { eval: true, workerData: { out, stop: stop.buffer } },
    );
    await new Promise((r) => rival.once('message', r));
    const errors: unknown[] = [];
    const until = Date.now() + 1500;
    for (let i = 0; Date.now() < until; i++) {
      try {
        await writeIntoOutput(out, 'compare-x-vs-y.html', `<!DOCTYPE html>\n<html><head><meta name="generator" content="hubsim 0.1.0" /></head><body>${i}</body></html>\n`);
      } catch (err) {
        errors.push(err);
      }
    }
    // Stopped between two attempts, so that it leaves nothing of its own behind.
    const ended = new Promise((r) => rival.once('exit', r));
    Atomics.store(stop, 0, 1);
    await ended;
    expect(errors).toEqual([]);
    expect(readdirSync(out)).toEqual(['compare-x-vs-y.html']);
  });
});

describe('a result folder is replaced as one unit', () => {
  test('when the new folder cannot be moved in, the old one is put back and the error thrown', () => {
    const d = tmp();
    for (const [folder, text] of [['old', 'old results'], ['new', 'new results']]) {
      mkdirSync(join(d, folder));
      writeFileSync(join(d, folder, 'summary.csv'), text);
    }
    let moves = 0;
    const failing = (a: string, b: string) => {
      if (++moves === 2) throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
      renameSync(a, b);
    };
    expect(() => replaceFolder(join(d, 'new'), join(d, 'old'), join(d, '.aside'), failing)).toThrow(/EXDEV/);
    expect(readFileSync(join(d, 'old', 'summary.csv'), 'utf8')).toBe('old results');
    expect(readdirSync(d).sort()).toEqual(['new', 'old']);
    replaceFolder(join(d, 'new'), join(d, 'old'), join(d, '.aside'));
    expect(readdirSync(d)).toEqual(['old']);
    expect(readFileSync(join(d, 'old', 'summary.csv'), 'utf8')).toBe('new results');
  });


  test('a rerun with --sessions none leaves no sessions.csv of the earlier run', () => {
    const out = tmp();
    const s = smallScenario(out);
    expect(hubsim('run', s, '--replications', '2', '--out', out).status).toBe(0);
    expect(readdirSync(join(out, 'small')).sort()).toEqual(FILES);
    expect(hubsim('run', s, '--replications', '2', '--seed', '9', '--sessions', 'none', '--out', out).status).toBe(0);
    expect(readdirSync(join(out, 'small')).sort()).toEqual(FILES.filter((f) => f !== 'sessions.csv'));
  });

  test('an unsharded run leaves no shard.json of an earlier sharded run', () => {
    const out = tmp();
    const s = smallScenario(out);
    expect(hubsim('run', s, '--replications', '2', '--shard', '1/2', '--out', out).status).toBe(0);
    expect(existsSync(join(out, 'small', 'shard.json'))).toBe(true);
    expect(hubsim('run', s, '--replications', '2', '--out', out).status).toBe(0);
    expect(existsSync(join(out, 'small', 'shard.json'))).toBe(false);
  });

  // A trace kept as OUT/<name>/sessions.csv made the folder look like an earlier run's: the run read
  // it, replaced the folder with its results, and exited 0, the trace gone.
  test("an input of the command (a trace, a scenario file) in the folder its results replace is refused: exit 2, and it stays", () => {
    const out = tmp();
    mkdirSync(join(out, 'small'));
    const trace = join(out, 'small', 'sessions.csv');
    writeFileSync(trace, 'arrival_min,soc_in\n100,0.2\n200,0.3\n');
    const s = smallScenario(out, 'small', 2, { arrivals: { trace: 'small/sessions.csv' } });
    const told = `must not lie in ${join(out, 'small')}, which this command replaces with its results: it would be deleted; keep it outside --out's result folders`;
    for (const args of [['run', s, '--replications', '1'], ['compare', s, smallScenario(tmp(), 'other', 2), '--replications', '1', '--no-report']]) {
      const r = hubsim(...args, '--out', out);
      expect([r.status, r.stderr]).toEqual([2, `hubsim: ${trace}: ${told}\n`]);
      expect(readdirSync(join(out, 'small'))).toEqual(['sessions.csv']);
    }
    // Through a link to the folder, and a scenario file itself saved under a result's file name.
    symlinkSync(join(out, 'small'), join(out, 'linked'));
    const linked = join(out, 'linked', 'sessions.csv');
    const r = hubsim('run', smallScenario(tmp(), 'small', 2, { arrivals: { trace: linked } }), '--replications', '1', '--out', out);
    expect([r.status, r.stderr]).toEqual([2, `hubsim: ${linked}: ${told}\n`]);
    const named = join(out, 'small', 'power.csv');
    writeFileSync(named, readFileSync(smallScenario(tmp()), 'utf8'));
    expect(hubsim('run', named, '--replications', '1', '--out', out).stderr).toBe(`hubsim: ${named}: ${told}\n`);
    // A sweep's folder likewise, for a trace a design sets (named as a sweep's own file, else the
    // folder is refused as holding the user's files).
    mkdirSync(join(out, 'sweep-small'));
    writeFileSync(join(out, 'sweep-small', 'sweep.csv'), 'arrival_min,soc_in\n100,0.2\n');
    const elsewhere = tmp();
    writeFileSync(join(elsewhere, 'base.csv'), 'arrival_min,soc_in\n100,0.2\n');
    const sweep = hubsim('sweep', smallScenario(elsewhere, 'small', 2, { arrivals: { trace: 'base.csv' } }), '--set', `arrivals.trace=${join(out, 'sweep-small', 'sweep.csv')}`, '--replications', '1', '--no-report', '--out', out);
    expect([sweep.status, sweep.stderr]).toEqual([2, `hubsim: ${join(out, 'sweep-small', 'sweep.csv')}: ${told.replace(join(out, 'small'), join(out, 'sweep-small'))}\n`]);
  });

  test('a result folder that holds the working folder (--out .. typed inside it) is not replaced: exit 2, and the shell keeps its folder', () => {
    const out = tmp();
    const s = smallScenario(tmp());
    expect(hubsim('run', s, '--replications', '1', '--out', out).status).toBe(0);
    const before = snapshot(out, 'small');
    const within = (cwd: string, given: string) => spawnSync(process.execPath, [bin, 'run', s, '--replications', '1', '--seed', '5', '--out', given], { encoding: 'utf8', cwd });
    const r = within(join(out, 'small'), '..');
    expect([r.status, r.stderr]).toEqual([
      2,
      'hubsim: --out: must not replace the folder you are working in: ../small, which this command replaces with its results, holds it, and the shell would be left in a deleted folder; run from another folder (got "..")\n',
    ]);
    expect(snapshot(out, 'small')).toEqual(before);
    // From --out itself, the working folder lies in no result folder: the run replaces that one.
    expect(within(out, '.').status).toBe(0);
  });

  test("a user's folder named like a result folder, or holding their files, is never replaced: exit 2 and nothing moves", () => {
    const out = tmp();
    const s = smallScenario(out);
    expect(hubsim('run', s, '--replications', '2', '--out', out).status).toBe(0);
    const before = snapshot(out, 'small');
    writeFileSync(join(out, 'small', 'notes.txt'), 'my notes');
    const r = hubsim('run', s, '--replications', '2', '--seed', '5', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/small: must be hubsim's own output to be replaced: it holds entries hubsim did not write \(notes.txt\)/);
    expect(snapshot(out, 'small')).toEqual({ ...before, 'notes.txt': 'my notes' });

    // A page of the user's saved as report.html, which `report` would not write over either; a page
    // hubsim generated there goes with the folder.
    const out1 = tmp();
    const s1 = smallScenario(out1);
    expect(hubsim('run', s1, '--replications', '2', '--out', out1).status).toBe(0);
    writeFileSync(join(out1, 'small', 'report.html'), '<html>my annotated notes</html>');
    const before1 = snapshot(out1, 'small');
    const refused = hubsim('run', s1, '--replications', '2', '--seed', '5', '--out', out1);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/small: must be hubsim's own output to be replaced: it holds entries hubsim did not write \(report.html\)/);
    expect(snapshot(out1, 'small')).toEqual(before1);
    const report = hubsim('report', join(out1, 'small'));
    expect(report.status).toBe(2);
    expect(report.stderr).toMatch(/a file hubsim did not write/);
    expect(snapshot(out1, 'small')).toEqual(before1);
    writeFileSync(join(out1, 'small', 'report.html'), `<!DOCTYPE html>\n<html><head><meta name="generator" content="hubsim 0.1.0" /></head><body>an earlier report</body></html>\n`);
    expect(hubsim('run', s1, '--replications', '2', '--seed', '5', '--out', out1).status).toBe(0);
    expect(existsSync(join(out1, 'small', 'report.html'))).toBe(false);

    // A folder (not a file) with an output file's name.
    const out2 = tmp();
    const s2 = smallScenario(out2);
    mkdirSync(join(out2, 'small', 'sessions.csv'), { recursive: true });
    writeFileSync(join(out2, 'small', 'sessions.csv', 'keep'), 'x');
    const r2 = hubsim('run', s2, '--replications', '2', '--out', out2);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/holds entries hubsim did not write \(sessions.csv\)/);
    expect(readFileSync(join(out2, 'small', 'sessions.csv', 'keep'), 'utf8')).toBe('x');
    expect(tree(out2)).toEqual(['small.json', 'small/', 'small/sessions.csv/', 'small/sessions.csv/keep'].sort());

    // A file where the result folder would go.
    const out3 = tmp();
    const s3 = smallScenario(out3);
    writeFileSync(join(out3, 'small'), 'a file');
    const r3 = hubsim('run', s3, '--replications', '2', '--out', out3);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/it is a file, not a folder hubsim wrote/);
    expect(readFileSync(join(out3, 'small'), 'utf8')).toBe('a file');
  });

  test('a target hubsim may not replace is refused before any replication runs', () => {
    // This scenario's trucks cannot all be charged: a run that simulated it would fail on that
    // instead (exit 2 too), after all its work.
    const out = tmp();
    const s = smallScenario(out, 'small', 2, { hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 1 }] }, behaviour: { breakMin: 45 } });
    const control = hubsim('run', s, '--replications', '1', '--out', tmp());
    expect(control.stderr).toMatch(/too few bays or far too little power/);
    mkdirSync(join(out, 'small'));
    writeFileSync(join(out, 'small', 'notes.txt'), 'my notes');
    mkdirSync(join(out, 'sweep-small'));
    writeFileSync(join(out, 'sweep-small', 'notes.txt'), 'my notes');
    for (const args of [
      ['run', s, '--replications', '1'],
      ['sweep', s, '--set', 'hub.chargers[0].cabinets=1..2', '--replications', '2'],
    ]) {
      const r = hubsim(...args, '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/must be hubsim's own output to be replaced: it holds entries hubsim did not write \(notes.txt\)/);
      expect(r.stderr).not.toMatch(/too few bays or far too little power/);
    }
  });

  test("a user's file named like a comparison's CSV or report is never replaced; hubsim's own are", () => {
    const out = tmp();
    const a = smallScenario(out, 'pa');
    const b = smallScenario(out, 'pb', 3);
    for (const name of ['compare-pa-vs-pb.csv', 'compare-pa-vs-pb.html']) {
      writeFileSync(join(out, name), 'my notes\n');
      const r = hubsim('compare', a, b, '--replications', '2', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${name}: must be hubsim's own output to be replaced: it is not a file hubsim wrote`);
      expect(readFileSync(join(out, name), 'utf8')).toBe('my notes\n');
      rmSync(join(out, name));
    }
    expect(hubsim('compare', a, b, '--replications', '2', '--out', out).status).toBe(0);
    const first = ['csv', 'html'].map((x) => readFileSync(join(out, `compare-pa-vs-pb.${x}`), 'utf8'));
    expect(hubsim('compare', a, b, '--replications', '2', '--seed', '9', '--out', out).status).toBe(0);
    const second = ['csv', 'html'].map((x) => readFileSync(join(out, `compare-pa-vs-pb.${x}`), 'utf8'));
    expect(second[0]).not.toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    // Nor does hubsim report replace a page of the user's under the comparison's name.
    writeFileSync(join(out, 'compare-pa-vs-pb.html'), 'my notes\n');
    const r = hubsim('report', join(out, 'compare-pa-vs-pb.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('report: must name a new file, or a report hubsim wrote to replace');
    expect(readFileSync(join(out, 'compare-pa-vs-pb.html'), 'utf8')).toBe('my notes\n');
  });

  test('a report is not written where the files it was made from have been replaced meanwhile', async () => {
    const out = tmp();
    mkdirSync(join(out, 'small'));
    const page = (what: string) => `<!DOCTYPE html>\n<html><head><meta name="generator" content="hubsim 0.1.0" /></head><body>${what}</body></html>\n`;
    writeFileSync(join(out, 'small', 'report.html'), page('the report of these files'));
    await expect(writeIntoOutput(out, join('small', 'report.html'), page('a report of other files'), () => false)).rejects.toThrow(
      /small\/report.html: must be written beside the files it was made from: another run replaced them while it was being made \(make it again\)/,
    );
    expect(readFileSync(join(out, 'small', 'report.html'), 'utf8')).toBe(page('the report of these files'));
    await writeIntoOutput(out, join('small', 'report.html'), page('a new report of these files'), () => true);
    expect(readFileSync(join(out, 'small', 'report.html'), 'utf8')).toBe(page('a new report of these files'));
  });

  describe('a result folder is replaced only by the same kind of result', () => {
    const SWEEP = ['--set', 'hub.chargers[0].cabinets=1..2', '--replications', '2'];
    const SIZE = ['--vary', 'hub.chargers[0].cabinets=1..2', '--target', 'served_share>=0.1', '--replications', '2', '--max-replications', '2'];

    test("a scenario named sweep-<x> does not replace a sweep's folder, nor a sweep a run's of that name", () => {
      const out = tmp();
      const src = tmp();
      expect(hubsim('sweep', smallScenario(src), ...SWEEP, '--out', out).status).toBe(0);
      const sweep = snapshot(out, 'sweep-small');
      const r = hubsim('run', smallScenario(src, 'sweep-small'), '--replications', '2', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(
        `${join(out, 'sweep-small')}: must be hubsim's own output to be replaced: it holds a sweep's results (designs.csv, replications.csv, report.html, run.json, sweep.csv), which a run's results will not replace`,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(snapshot(out, 'sweep-small')).toEqual(sweep);
      expect(readdirSync(out)).toEqual(['sweep-small']);

      const out2 = tmp();
      expect(hubsim('run', smallScenario(src, 'sweep-small'), '--replications', '2', '--out', out2).status).toBe(0);
      const run = snapshot(out2, 'sweep-small');
      const r2 = hubsim('sweep', smallScenario(src), ...SWEEP, '--out', out2);
      expect(r2.status).toBe(2);
      expect(r2.stderr).toMatch(/sweep-small: must be hubsim's own output to be replaced: it holds a run's results \(.*\), which a sweep's results will not replace/);
      expect(snapshot(out2, 'sweep-small')).toEqual(run);
      expect(readdirSync(out2)).toEqual(['sweep-small']);
    }, 60_000);

    test("a scenario named size-<x> does not replace a sizing's folder, and a sweep slice is replaced by the whole sweep", () => {
      const out = tmp();
      const src = tmp();
      expect(hubsim('size', smallScenario(src), ...SIZE, '--out', out).status).toBe(0);
      const size = snapshot(out, 'size-small');
      const r = hubsim('run', smallScenario(src, 'size-small'), '--replications', '2', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/size-small: must be hubsim's own output to be replaced: it holds a sizing's results \(.*size\.csv\), which a run's results will not replace/);
      expect(snapshot(out, 'size-small')).toEqual(size);
      expect(hubsim('size', smallScenario(src), ...SIZE, '--seed', '8', '--out', out).status).toBe(0);

      // A slice holds no sweep.csv; designs.csv beside shard.json still says it is a sweep's.
      expect(hubsim('sweep', smallScenario(src), ...SWEEP, '--shard', '1/2', '--out', out).status).toBe(0);
      expect(existsSync(join(out, 'sweep-small', 'shard.json'))).toBe(true);
      expect(hubsim('sweep', smallScenario(src), ...SWEEP, '--out', out).status).toBe(0);
      expect(readdirSync(join(out, 'sweep-small')).sort()).toEqual(['designs.csv', 'replications.csv', 'report.html', 'run.json', 'sweep.csv']);
    }, 60_000);

    test('a folder whose files do not tell one kind is not replaced; an empty one is', () => {
      const out = tmp();
      const s = smallScenario(out);
      mkdirSync(join(out, 'small'));
      writeFileSync(join(out, 'small', 'run.json'), '{}');
      writeFileSync(join(out, 'small', 'replications.csv'), 'x');
      const r = hubsim('run', s, '--replications', '1', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("small: must be hubsim's own output to be replaced: it holds files that are not one kind of result (replications.csv, run.json)");
      expect(tree(join(out, 'small'))).toEqual(['replications.csv', 'run.json']);

      writeFileSync(join(out, 'small', 'sweep.csv'), 'x');
      writeFileSync(join(out, 'small', 'summary.csv'), 'x');
      expect(hubsim('run', s, '--replications', '1', '--out', out).stderr).toContain('it holds files that are not one kind of result');

      const out2 = tmp();
      mkdirSync(join(out2, 'small'));
      expect(hubsim('run', smallScenario(tmp()), '--replications', '1', '--out', out2).status).toBe(0);
      expect(readdirSync(join(out2, 'small')).sort()).toEqual(FILES);
    });
  });

  test('runs into one --out at the same time each leave whole folders: never a mix of two runs', async () => {
    const out = tmp();
    const refs = tmp();
    const s = smallScenario(refs, 'small', 20);
    const t = smallScenario(refs, 'other', 20);
    const expected: Record<string, Record<string, string>> = {};
    for (const seed of ['1', '2']) {
      const ref = join(refs, `seed${seed}`);
      expect(hubsim('run', s, t, '--replications', '4', '--seed', seed, '--sessions', 'all', '--out', ref).status).toBe(0);
      expected[`small${seed}`] = snapshot(ref, 'small');
      expected[`other${seed}`] = snapshot(ref, 'other');
    }
    const runs = ['1', '2', '1', '2'].map((seed) => start('run', s, t, '--replications', '4', '--seed', seed, '--sessions', 'all', '--out', out));
    expect(await Promise.all(runs.map(ended))).toEqual([0, 0, 0, 0]);
    for (const name of ['small', 'other']) {
      const got = snapshot(out, name);
      expect([expected[`${name}1`], expected[`${name}2`]]).toContainEqual(got);
    }
    expect(tree(out)).toEqual(['other/', ...FILES.map((f) => `other/${f}`), 'small/', ...FILES.map((f) => `small/${f}`)]);
  }, 60_000);
});

test('--out at or inside a folder of results is refused before anything is written, and the folder stays replaceable', () => {
  const out = tmp();
  const s = smallScenario(tmp());
  expect(hubsim('run', s, '--replications', '1', '--out', out).status).toBe(0);
  const before = tree(out);
  for (const inner of [join(out, 'small'), join(out, 'small', 'x', 'y')]) {
    const r = hubsim('run', s, '--replications', '1', '--out', inner);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--out: must not be, or lie inside, a folder of results`);
    expect(r.stderr).toContain(JSON.stringify(join(out, 'small')));
    expect(tree(out)).toEqual(before);
  }
  expect(hubsim('run', s, '--replications', '1', '--out', out).status).toBe(0);
  // Only run.json beside replications.csv makes a folder of results: either alone (a task runner's
  // run.json in a project folder, a table of the user's) does not, and an --out inside it is taken.
  for (const lone of ['run.json', 'replications.csv']) {
    const project = tmp();
    writeFileSync(join(project, lone), '{}\n');
    const r = hubsim('run', s, '--replications', '1', '--out', join(project, 'out'));
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(existsSync(join(project, 'out', 'small', 'run.json'))).toBe(true);
  }
});

describe('after a kill', () => {
  test('staging left by a SIGKILL is recognised and removed by the next run into the same --out', async () => {
    const out = tmp();
    const long = smallScenario(tmp(), 'long', 3000);
    const child = start('run', long, '--replications', '4', '--workers', '1', '--sessions', 'all', '--out', out);
    const staged = () => readdirSync(out).filter((n) => n.startsWith('.hubsim-staging-'));
    for (let i = 0; i < 200 && !(staged().length > 0 && existsSync(join(out, staged()[0], 'long'))); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await ended(child);
    expect(staged()).toHaveLength(1);
    expect(hubsim('run', smallScenario(tmp()), '--replications', '1', '--out', out).status).toBe(0);
    expect(tree(out)).toEqual(['small/', ...FILES.map((f) => `small/${f}`)]);
  });

  test('a machine is named by its host name and the start of its machine id, where it has one', () => {
    expect(machineName('ws-1', '3d1219c7c4c5404aaa1f6d2a48adfda4')).toBe('ws_1.3d1219c7c4c5');
    expect(machineName('ws 1~x', undefined)).toBe('ws_1_x');
    expect(machineName('', undefined)).toBe('host');
    expect(machineName('ws-1', '3d1219c7c4c5404aaa1f6d2a48adfda4', '4026532301')).toBe('ws_1.3d1219c7c4c5.pid4026532301');
    expect(machineName('ws-1', undefined, '4026532301')).toBe('ws_1.pid4026532301');
    expect(HOST.startsWith(machineName(hostname(), undefined))).toBe(true);
  });

  // A container on this host, sharing its name (and its machine id, or having none), sees none of
  // this one's pids, nor this one its: there, a pid live here is dead. Tried with a real pid
  // namespace where this process may make one (as root, as CI runs).
  const inNamespace = (...args: string[]) => spawnSync('unshare', ['--pid', '--fork', '--mount-proc', ...args], { encoding: 'utf8' });
  const namespaces = inNamespace('true').status === 0;
  (namespaces ? test : test.skip)("a run in another pid namespace (a container on this host) leaves this one's live run's folders alone", () => {
    const out = tmp();
    // This test's own process stands for a live run here.
    const ours = [`.hubsim-staging-${HOST}~${process.pid}~0a0b0c0d`, `.hubsim-lock-new-${HOST}~${process.pid}~0e0f1011`];
    for (const name of ours) mkdirSync(join(out, name));
    const r = inNamespace(process.execPath, bin, 'run', smallScenario(tmp()), '--replications', '1', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(tree(out)).toEqual([...ours.map((n) => `${n}/`), 'small/', ...FILES.map((f) => `small/${f}`)].sort());
  });

  test("what a dead pid left under this host name but another machine's id is another machine's live run's, and stays", () => {
    const out = tmp();
    // Other machines of the same name sharing this --out, one with another machine id and (where
    // this one has an id, so that the two can be told apart) one with none: their pids mean nothing here.
    const bare = machineName(hostname(), undefined);
    const twins = [`${bare}.${HOST.endsWith('.ffffffffffff') ? 'eeeeeeeeeeee' : 'ffffffffffff'}`, ...(HOST !== bare ? [bare] : [])];
    const theirs = twins.flatMap((twin) => [`.hubsim-staging-${twin}~${deadPid()}~0a0b0c0d`, `.hubsim-lock-new-${twin}~${deadPid()}~0e0f1011`]);
    const ours = [`.hubsim-staging-${HOST}~${deadPid()}~12131415`, `.hubsim-lock-new-${HOST}~${deadPid()}~16171819`];
    for (const name of [...theirs, ...ours]) mkdirSync(join(out, name));
    expect(hubsim('run', smallScenario(tmp()), '--replications', '1', '--out', out).status).toBe(0);
    expect(tree(out)).toEqual([...theirs.map((n) => `${n}/`), 'small/', ...FILES.map((f) => `small/${f}`)].sort());
  });

  test('a folder set aside by a run killed in the middle of a swap is restored', () => {
    const out = tmp();
    const s = smallScenario(out);
    expect(hubsim('run', s, '--replications', '1', '--out', join(out, 'r')).status).toBe(0);
    const before = snapshot(join(out, 'r'), 'small');
    renameSync(join(out, 'r', 'small'), join(out, 'r', `.hubsim-aside-${HOST}~${deadPid()}~0a0b0c0d~small`));
    expect(hubsim('run', smallScenario(tmp(), 'other'), '--replications', '1', '--out', join(out, 'r')).status).toBe(0);
    expect(snapshot(join(out, 'r'), 'small')).toEqual(before);
    expect(readdirSync(join(out, 'r')).sort()).toEqual(['other', 'small']);
  });

  test("the folders of a lock step cut short by a SIGKILL are removed by the next run; a live run's are not", () => {
    const out = tmp();
    const dead = [`.hubsim-lock-new-${HOST}~${deadPid()}~0a0b0c0d`, `.hubsim-lock-stale-${HOST}~${deadPid()}~0e0f1011`];
    const live = [`.hubsim-lock-new-${HOST}~${process.pid}~12131415`, `.hubsim-lock-stale-${HOST}~${process.pid}~16171819`];
    for (const name of [...dead, ...live]) mkdirSync(join(out, name));
    // Killed after writing its owner file, or after renaming a dead owner's lock aside.
    writeFileSync(join(out, dead[0], 'owner'), JSON.stringify({ host: HOST, pid: deadPid() }));
    writeFileSync(join(out, dead[1], 'owner'), JSON.stringify({ host: HOST, pid: deadPid() }));
    expect(hubsim('run', smallScenario(tmp()), '--replications', '1', '--out', out).status).toBe(0);
    expect(tree(out)).toEqual([...live.map((n) => `${n}/`), 'small/', ...FILES.map((f) => `small/${f}`)].sort());
  });

  // A process killed whose parent has not reaped it yet still answers a signal 0: `timeout -s KILL`
  // leaves one so for a moment, and the run started next took its staging folder for a live run's.
  (existsSync('/proc/self/stat') ? test : test.skip)('the staging folder of a killed run not yet reaped (a zombie) is removed by the next run', async () => {
    const out = tmp();
    // The shell starts a short sleep and becomes a long one, which never reaps the short one: once
    // that ends, it stays a zombie. (Started so, the shell has no time to reap it before it becomes
    // the long sleep, as it could a child that ended at once.)
    const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d) => resolve(String(d).trim()))));
      const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];
      for (let i = 0; i < 500 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(state()).toBe('Z');
      const staging = `.hubsim-lock-new-${HOST}~${pid}~0a0b0c0d`;
      mkdirSync(join(out, staging));
      writeFileSync(join(out, staging, 'owner'), JSON.stringify({ host: HOST, pid }));
      expect(hubsim('run', smallScenario(tmp()), '--replications', '1', '--out', out).status).toBe(0);
      expect(tree(out)).toEqual(['small/', ...FILES.map((f) => `small/${f}`)].sort());
    } finally {
      parent.kill('SIGKILL');
    }
  }, 30_000);

  test("a report page's temporary file left by a killed write does not stop the folder being replaced; a live writer's does", () => {
    const out = tmp();
    const s = smallScenario(tmp());
    expect(hubsim('run', s, '--replications', '1', '--out', out).status).toBe(0);
    const live = join(out, 'small', `.report.html.hubsim-tmp-${HOST}~${process.pid}~0a0b0c0d`);
    writeFileSync(live, '<html');
    const r = hubsim('run', s, '--replications', '1', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('holds entries hubsim did not write (.report.html.hubsim-tmp-');
    renameSync(live, join(out, 'small', `.report.html.hubsim-tmp-${HOST}~${deadPid()}~0a0b0c0d`));
    expect(hubsim('run', s, '--replications', '1', '--out', out).status).toBe(0);
    expect(tree(out)).toEqual(['small/', ...FILES.map((f) => `small/${f}`)]);
  });

  test("a lock whose owner record is a link to /dev/zero or a FIFO is waited for as any other, not read for ever: a signal still ends the run", async () => {
    for (const plant of ['zero', 'fifo']) {
      const out = tmp();
      const s = smallScenario(out);
      const lock = join(out, '.hubsim-lock');
      mkdirSync(lock);
      if (plant === 'zero') symlinkSync('/dev/zero', join(lock, 'owner'));
      else expect(spawnSync('mkfifo', [join(lock, 'owner')]).status).toBe(0);
      // Tried twice: the owner read at the first attempt came to an end.
      const waiting = lockAttempts(out, 2);
      const child = start('run', s, '--replications', '1', '--out', out);
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      await waiting;
      child.kill('SIGTERM');
      expect([plant, await ended(child), stderr]).toEqual([plant, 143, 'hubsim: interrupted by SIGTERM\n']);
    }
  }, 20_000);

  test("a dead run's lock is taken over; a live run's lock is waited for", async () => {
    const out = tmp();
    const s = smallScenario(out);
    const lock = join(out, '.hubsim-lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), JSON.stringify({ host: HOST, pid: deadPid() }));
    expect(hubsim('run', s, '--replications', '1', '--out', out).status).toBe(0);
    expect(existsSync(lock)).toBe(false);

    // A live owner: the run waits until the lock goes away, then finishes.
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), JSON.stringify({ host: HOST, pid: process.pid }));
    const waiting = lockAttempts(out, 3);
    const child = start('run', s, '--replications', '1', '--seed', '4', '--out', out);
    let code: unknown = 'running';
    void ended(child).then((c) => (code = c));
    await waiting;
    expect(code).toBe('running');
    renameSync(lock, join(tmp(), 'released'));
    expect(await ended(child)).toBe(0);
    expect(read(out, 'small', 'replications.csv')).toMatch(/\n/);
  });

  test("a dead run's lock that cannot be moved (another user's, in a sticky folder such as /tmp) is said so at once, not tried for ever", () => {
    // An immutable lock folder refuses the rename as another user's does in a sticky folder.
    const out = tmp();
    const s = smallScenario(out);
    const lock = join(out, '.hubsim-lock');
    const dead = deadPid();
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), JSON.stringify({ host: HOST, pid: dead }));
    expect(spawnSync('chattr', ['+i', lock]).status).toBe(0);
    try {
      const r = hubsimWithin(20_000, 'run', s, '--replications', '1', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `hubsim: --out: ${lock} is the lock of hubsim process ${dead}, which is no longer running, and it cannot be taken over: operation not permitted (EPERM) (in a folder such as /tmp, only the user who made it may remove it); delete it as that user or root, or use another --out\n`,
      );
      expect(readdirSync(out).sort()).toEqual(['.hubsim-lock', 'small.json']);
    } finally {
      spawnSync('chattr', ['-i', lock]);
    }
  });
});

/**
 * Waits until a run has written its results for scenario `name` into its staging folder in `out`
 * (run.json comes last), and then a moment more: the run is then waiting for the lock to move
 * them in, however loaded the machine.
 */
async function untilStaged(out: string, name: string): Promise<void> {
  const done = () => readdirSync(out).some((n) => n.startsWith('.hubsim-staging-') && existsSync(join(out, n, name, 'run.json')));
  for (let i = 0; i < 1200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(done()).toBe(true);
  await new Promise((r) => setTimeout(r, 300));
}

/**
 * Takes `out`'s lock as a live run's (this process's, never released) as soon as a run has made its
 * staging folder there and released its own lock: the run finishes its replications, then waits
 * for the lock to move them in (see `untilStaged`). The run's replications must last long enough
 * for this to win the race, some tenths of a second: a test then checks that the run is still going.
 */
async function lockOnceStaged(out: string): Promise<void> {
  const staged = () => readdirSync(out).some((n) => n.startsWith('.hubsim-staging-'));
  for (let i = 0; i < 400 && !staged(); i++) await new Promise((r) => setTimeout(r, 25));
  const lock = join(out, '.hubsim-lock');
  for (let i = 0; i < 400; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  writeFileSync(join(lock, 'owner'), JSON.stringify({ host: HOST, pid: process.pid }));
}

test("Ctrl-C while waiting for a live run's lock to move results in stops the run promptly, leaving only that lock", async () => {
  const out = tmp();
  // Replications long enough (some 0.2 s each) that the lock is taken while they run, also on a
  // loaded machine: a run of two days could finish and move its results in first.
  const s = smallScenario(tmp(), 'small', 3000);
  const child = start('run', s, '--replications', '2', '--workers', '1', '--out', out);
  const done = ended(child);
  await lockOnceStaged(out);
  await untilStaged(out, 'small');
  expect(child.exitCode).toBeNull();
  const sent = performance.now();
  child.kill('SIGINT');
  const code = await done;
  const ms = performance.now() - sent;
  expect(code).toBe(130);
  // The lock is this process's and is never released, so a run that ignored the signal would wait
  // for it for ever: any bound well inside the test's timeout tells the two apart, and 10 s leaves a
  // loaded machine (where exiting can take over a second) ample room.
  expect(ms).toBeLessThan(10_000);
  expect(tree(out)).toEqual(['.hubsim-lock/', '.hubsim-lock/owner']);
}, 45_000);

/**
 * Runs hubsim with `args` while `out` holds a live run's lock (this process's, never released),
 * sends it SIGINT once it has tried for the lock, and returns how it ended and what it said on stderr.
 */
async function interruptedAtLiveLock(out: string, ...args: string[]): Promise<{ code: number | string | null; stderr: string }> {
  mkdirSync(join(out, '.hubsim-lock'));
  writeFileSync(join(out, '.hubsim-lock', 'owner'), JSON.stringify({ host: HOST, pid: process.pid }));
  const waiting = lockAttempts(out, 1);
  const child = start(...args);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await waiting;
  child.kill('SIGINT');
  return { code: await ended(child), stderr };
}

test("a file or a link where the lock goes is named as the cause, not as a part of the path that is not a folder: exit 2, nothing written", () => {
  const out = tmp();
  const s = smallScenario(tmp());
  writeFileSync(join(out, '.hubsim-lock'), 'not a lock');
  // Then a link to a folder, which the rename would not follow either.
  for (const make of [() => undefined, () => (rmSync(join(out, '.hubsim-lock')), symlinkSync(tmp(), join(out, '.hubsim-lock')))]) {
    make();
    const before = tree(out);
    const r = hubsim('run', s, '--replications', '1', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`hubsim: --out: ${join(out, '.hubsim-lock')} is not hubsim's lock, which is a folder; if no hubsim is running, delete it\n`);
    expect(tree(out)).toEqual(before);
  }
});

test("Ctrl-C while waiting for a live run's lock to make the staging folder is heard: exit 130, its line, nothing left", async () => {
  const out = tmp();
  const s = smallScenario(tmp());
  // The lock is there before the run starts: the run waits for it before it can make its staging folder.
  const { code, stderr } = await interruptedAtLiveLock(out, 'run', s, '--replications', '1', '--out', out);
  // Not killed by the signal's default, without a word: hubsim's own ending.
  expect(code).toBe(130);
  expect(stderr).toBe('hubsim: interrupted by SIGINT\n');
  expect(tree(out)).toEqual(['.hubsim-lock/', '.hubsim-lock/owner']);
}, 45_000);

test("Ctrl-C while report waits for a live run's lock is heard: exit 130, its line, the folder as it was", async () => {
  const out = tmp();
  const s = smallScenario(tmp());
  expect(hubsim('run', s, '--replications', '2', '--out', out).status).toBe(0);
  const before = tree(out);
  const { code, stderr } = await interruptedAtLiveLock(out, 'report', join(out, 'small'));
  expect(code).toBe(130);
  expect(stderr).toBe('hubsim: interrupted by SIGINT\n');
  expect(tree(out)).toEqual([...before, '.hubsim-lock/', '.hubsim-lock/owner'].sort());
}, 45_000);

test("report of \".\" from inside a result folder takes the lock of the --out above it, as report of its path does, not one inside it", async () => {
  const out = tmp();
  const s = smallScenario(tmp());
  expect(hubsim('run', s, '--replications', '2', '--out', out).status).toBe(0);
  mkdirSync(join(out, '.hubsim-lock'));
  writeFileSync(join(out, '.hubsim-lock', 'owner'), JSON.stringify({ host: HOST, pid: process.pid }));
  const child = spawn(process.execPath, [bin, 'report', '.'], { cwd: join(out, 'small'), stdio: ['ignore', 'pipe', 'pipe'] });
  const done = ended(child);
  // Taken inside the folder, the lock was free at once: the report was written (exit 0) while a run held --out.
  await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  expect(child.exitCode).toBeNull();
  child.kill('SIGINT');
  expect(await done).toBe(130);
  expect(existsSync(join(out, 'small', 'report.html'))).toBe(false);
}, 45_000);

/**
 * Runs a command into an --out it makes, and once its results are staged there, moves that folder
 * away (and makes an empty one in its place, with `replace`): the command's exit code and stderr.
 */
async function movedWhileRunning(out: string, replace: boolean): Promise<{ code: number | string | null; stderr: string }> {
  // Replications long enough that the lock is taken while they run (see above).
  const s = smallScenario(tmp(), 'small', 3000);
  const child = start('run', s, '--replications', '2', '--workers', '1', '--out', out);
  const done = ended(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 400 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 25));
  await lockOnceStaged(out);
  await untilStaged(out, 'small');
  expect(child.exitCode).toBeNull();
  renameSync(out, join(dirname(out), 'away'));
  if (replace) mkdirSync(out);
  return { code: await done, stderr };
}

/**
 * Starts hubsim with `args` (a command, its inputs and options) writing into a new --out, and once
 * `ready` says its staging folder there (the path given) holds what it should, moves
 * that folder away: where --out was and where it went, and the command's exit code and stderr.
 */
async function movedMidRun(args: string[], ready: (stage: string) => boolean): Promise<{ out: string; away: string; code: number | string | null; stderr: string }> {
  const out = join(tmp(), 'made');
  const away = join(dirname(out), 'away');
  const child = start(...args, '--workers', '1', '--out', out);
  const done = ended(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const staged = () => existsSync(out) && readdirSync(out).some((n) => n.startsWith('.hubsim-staging-') && ready(join(out, n)));
  for (let i = 0; i < 1200 && !staged(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(child.exitCode).toBeNull();
  renameSync(out, away);
  return { out, away, code: await done, stderr };
}

// A run writing its sessions when the folder moves; a sweep, whose folder was made again, staging
// folder and all, where --out had been.
test.each([
  ['run', ['--replications', '2'], (stage: string) => existsSync(join(stage, 'small', 'sessions.1.part'))],
  ['sweep', ['--set', 'hub.gridKw=600,700', '--replications', '1', '--no-report'], () => true],
] as const)('--out moved away while %s is still at work: exit 2 saying it was moved, and its staging folder removed, from where --out was and where it went', async (command, options, ready) => {
  const s = smallScenario(tmp(), 'small', 36_500); // replications of some seconds
  const { out, away, code, stderr } = await movedMidRun([command, s, ...options], ready);
  expect(code).toBe(2);
  expect(stderr).toBe(`hubsim: --out: ${out} no longer names the folder this command began to write into (moved, or a symbolic link on the way re-pointed?): nothing was moved; run the command again\n`);
  expect(lockLeftovers(tree(away))).toEqual([]);
  expect(existsSync(out)).toBe(false);
}, 60_000);

/**
 * `entries` less a lock being taken or released (`.hubsim-lock-new-…`, `.hubsim-lock-stale-…`) when
 * the folder moved: that goes with the folder, where the next run into it deletes it, its owner dead
 * by then (README: What hubsim guarantees about its output).
 */
function lockLeftovers(entries: readonly string[]): string[] {
  return entries.filter((e) => !/^\.hubsim-lock-(new|stale)-/.test(e));
}

test('--out the command made, moved away while it runs and an empty folder made in its place: exit 2, and that folder stays', async () => {
  const out = join(tmp(), 'made');
  const { code, stderr } = await movedWhileRunning(out, true);
  expect(code).toBe(2);
  expect(stderr).toMatch(/no longer names the folder this command began to write into/);
  // The command made a folder of that name, but not this one: a user's, however empty.
  expect(existsSync(out)).toBe(true);
  expect(tree(out)).toEqual([]);
}, 45_000);

test('--out the command made, moved away while it runs and nothing in its place: exit 2 saying it was moved, not that its file system takes no new files', async () => {
  const out = join(tmp(), 'made');
  const { code, stderr } = await movedWhileRunning(out, false);
  expect(code).toBe(2);
  expect(stderr).toMatch(/no longer names the folder this command began to write into \(moved, or a symbolic link on the way re-pointed\?\)/);
  expect(existsSync(out)).toBe(false);
  // Its staging folder went with it, and is removed there: only the lock this test holds is left.
  expect(lockLeftovers(tree(join(dirname(out), 'away')))).toEqual(['.hubsim-lock/', '.hubsim-lock/owner']);
}, 45_000);

test('--out through a symbolic link re-pointed while the command runs: exit 2 saying so, nothing moved, no staging folder left', async () => {
  const dir = tmp();
  const [first, second, latest] = ['first', 'second', 'latest'].map((n) => join(dir, n));
  mkdirSync(first);
  mkdirSync(second);
  symlinkSync(first, latest);
  // Replications long enough that the lock is taken while they run (see the test above).
  const s = smallScenario(tmp(), 'small', 3000);
  const child = start('run', s, '--replications', '2', '--workers', '1', '--out', latest);
  const done = ended(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // The run waits for the lock to move its results into the first folder, and meanwhile the link
  // moves on to the second folder.
  await lockOnceStaged(first);
  await untilStaged(first, 'small');
  expect(child.exitCode).toBeNull();
  rmSync(latest);
  symlinkSync(second, latest);
  expect(await done).toBe(2);
  expect(stderr).toBe(`hubsim: --out: ${latest} no longer names the folder this command began to write into (moved, or a symbolic link on the way re-pointed?): nothing was moved; run the command again\n`);
  expect(tree(first)).toEqual(['.hubsim-lock/', '.hubsim-lock/owner']);
  expect(tree(second)).toEqual([]);
}, 45_000);

/**
 * Runs, in a process of its own, a command that stages one result folder in `out` and moves it in
 * with `commit` (an expression on `out`, the OutputRoot), then does `after`.
 */
function committed(out: string, commit: string, after: string) {
  const script = `
    const { OutputRoot } = await import(${JSON.stringify(join(root, 'dist', 'cli', 'outdir.js'))});
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const out = await OutputRoot.open(${JSON.stringify(out)});
    mkdirSync(out.stage + '/small');
    writeFileSync(out.stage + '/small/summary.csv', 'metric\\n');
    await ${commit};
    ${after}`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
}

test('an interrupt that comes once the results are in place says so: the earlier results are gone', async () => {
  const out = tmp();
  // A command's last moments (printing its table, closing its threads), after its commit.
  const r = committed(out, 'out.commit()', "process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 10_000);");
  expect(r.stderr).toBe(`hubsim: interrupted by SIGTERM, after its results were moved into place in ${out}\n`);
  expect(r.status).toBe(143);
  expect(tree(out)).toEqual(['small/', 'small/summary.csv']);
});

test('an interrupt that comes while the results are being moved into place is heard once they are, and says so', async () => {
  const out = tmp();
  // The signal comes under the lock, just before the moves: nothing gives its handler a turn until
  // they are done, and the command would end there with exit 0.
  const r = committed(out, "out.commit([], () => process.kill(process.pid, 'SIGTERM'))", "console.log('ended as if no signal had come');");
  expect(r.stderr).toBe(`hubsim: interrupted by SIGTERM, after its results were moved into place in ${out}\n`);
  expect(r.stdout).toBe('');
  expect(r.status).toBe(143);
  expect(tree(out)).toEqual(['small/', 'small/summary.csv']);
});

test('an interrupt that discards the staging folder while a thread still writes into it leaves no staging folder behind', async () => {
  // As worker threads and sessions writers do on Ctrl-C: they keep creating files in the staging
  // folder (a part file per replication) while the signal's clean-up removes it.
  for (let round = 0; round < 5; round++) {
    const out = tmp();
    const root = await OutputRoot.open(out);
    const dir = join(root.stage, 'small');
    mkdirSync(dir);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const writer = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const { writeFileSync } = require('node:fs');
       const stop = new Int32Array(workerData.stop);
       let told = false;
       for (let i = 0; Atomics.load(stop, 0) === 0; i++) {
         try { writeFileSync(workerData.dir + '/sessions.' + i + '.part', 'x'); } catch {}
         if (i === 50 && !told) { told = true; parentPort.postMessage('writing'); }
       }`,
      { eval: true, workerData: { dir, stop: stop.buffer } },
    );
    await new Promise((r) => writer.once('message', r));
    let error: unknown;
    try {
      root.discard();
    } catch (err) {
      error = err;
    }
    Atomics.store(stop, 0, 1);
    await writer.terminate();
    expect(error).toBeUndefined();
    expect(readdirSync(out)).toEqual([]);
  }
});

describe("an --out path with '..' in it", () => {
  // The system reads `x/..` through x: with x missing it names nothing, and with x a symbolic link
  // it lies beside the link's target. hubsim reads it as written, as the paths it prints do.
  test('run: .. after a folder that does not exist takes the name away; nothing is made for it', () => {
    const d = tmp();
    const s = smallScenario(d);
    const r = hubsim('run', s, '--replications', '2', '--no-report', '--out', `${d}/missing/../out`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(tree(d)).toEqual(['out/', 'out/small/', ...FILES.map((f) => `out/small/${f}`), 'small.json'].sort());
  });

  test('run: .. after a symbolic link goes back to the link\'s folder, not to its target\'s', () => {
    const d = tmp();
    const s = smallScenario(d);
    mkdirSync(join(d, 'far', 'away'), { recursive: true });
    symlinkSync(join(d, 'far', 'away'), join(d, 'link'));
    const r = hubsim('run', s, '--replications', '2', '--no-report', '--out', `${d}/link/../out`);
    expect(r.status).toBe(0);
    expect(readdirSync(join(d, 'out'))).toEqual(['small']);
    expect(readdirSync(join(d, 'far'))).toEqual(['away']);
  });

  test('baseline: the file is written where the path reads, with no folder made for the .. it passes', () => {
    const d = tmp();
    const s = smallScenario(d);
    const r = hubsim('baseline', s, '--replications', '2', '--out', `${d}/missing/../base.csv`);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${d}/base.csv:`);
    expect(tree(d)).toEqual(['base.csv', 'small.json']);
  });
});

describe("a file written at a path with '..' in it", () => {
  test('goes where the path reads, not beside the target of a symbolic link before the ..', () => {
    const d = tmp();
    mkdirSync(join(d, 'far', 'away'), { recursive: true });
    symlinkSync(join(d, 'far', 'away'), join(d, 'link'));
    writeFileAtomic(`${d}/link/../new.csv`, 'text');
    expect(readFileSync(join(d, 'new.csv'), 'utf8')).toBe('text');
    expect(readdirSync(join(d, 'far'))).toEqual(['away']);
  });

  test('a file of the user\'s where the path reads is kept, whatever lies beside the link\'s target', () => {
    const d = tmp();
    mkdirSync(join(d, 'far', 'away'), { recursive: true });
    symlinkSync(join(d, 'far', 'away'), join(d, 'link'));
    writeFileSync(join(d, 'user.csv'), 'mine');
    writeFileSync(join(d, 'far', 'user.csv'), 'ours');
    const ours = { what: 'a file of ours', test: (p: string) => readFileSync(p, 'utf8') === 'ours' };
    expect(() => writeFileAtomic(`${d}/link/../user.csv`, 'text', '--out', ours)).toThrow('--out: must name a new file, or a file of ours to replace');
    expect(readFileSync(join(d, 'user.csv'), 'utf8')).toBe('mine');
  });

  test('a write that fails is named by the path as given', () => {
    const d = tmp();
    const given = `${d}/gone/../${'x'.repeat(300)}.csv`;
    expect(() => writeFileAtomic(given, 'text')).toThrow(`--out: cannot write ${given}`);
  });
});

describe('--out and baseline --out that cannot be used: exit 2, one line, nothing stray', () => {
  test.each([
    ['a file', (d: string) => (writeFileSync(join(d, 'f'), 'x'), join(d, 'f')), /is not a folder/],
    ['empty', () => '', /--out: must name a folder/],
    // /proc exists but takes no new entries: ENOENT, which is not "no such file or folder" there.
    ['inside /proc', () => '/proc/hubsim-x', /--out: cannot create the folder \/proc\/hubsim-x: its file system takes no new files or folders there \(ENOENT\)/],
    ['a folder of /proc', () => '/proc/self', /--out: cannot write to \/proc\/self: its file system takes no new files or folders there \(ENOENT\)/],
    // The file named, not "a part of the path is not a folder".
    ['below a file', (d: string) => (writeFileSync(join(d, 'f'), 'x'), join(d, 'f', 'sub')), /^hubsim: --out: \/.*\/f is not a folder$/m],
    ['two below a file', (d: string) => (writeFileSync(join(d, 'f'), 'x'), join(d, 'f', 'sub', 'deeper')), /^hubsim: --out: \/.*\/f is not a folder$/m],
    ['below a link to nothing', (d: string) => (symlinkSync('nowhere', join(d, 'gone')), join(d, 'gone', 'sub')), /^hubsim: --out: .*gone is a symbolic link to nothing \(nowhere\)$/m],
  ])('--out %s', (_what, make, message) => {
    const d = tmp();
    const s = smallScenario(d);
    const target = make(d);
    const before = tree(d);
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'hubsim.js'), 'run', s, '--out', target], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(tree(d)).toEqual(before);
  });

  test('--out given twice', () => {
    const d = tmp();
    const r = hubsim('run', smallScenario(d), '--out', join(d, 'a'), '--out', join(d, 'b'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out: must be given once/);
    expect(tree(d)).toEqual(['small.json']);
  });

  test.each([
    ['a folder', (d: string) => (mkdirSync(join(d, 'dir')), join(d, 'dir')), /must name a regular file, or one that does not exist yet \(got .*, a folder\)/],
    ['empty', () => '', /--out: must name a file/],
    ['below a file', (d: string) => (writeFileSync(join(d, 'f'), 'x'), join(d, 'f', 'base.csv')), /is not a folder/],
    // Looked at before the replications: a link to nothing was taken for a folder to make, and the write failed at the end.
    ['below a link to nothing', (d: string) => (symlinkSync('nowhere', join(d, 'gone')), join(d, 'gone', 'base.csv')), /^hubsim: --out: .*gone is a symbolic link to nothing \(nowhere\)$/m],
    ['inside /proc', () => '/proc/hubsim-x/base.csv', /cannot create the folder \/proc\/hubsim-x: its file system takes no new files/],
    // Refused only by the write, after the folders above it were made for it: they go too.
    ['with a name too long, in new folders', (d: string) => join(d, 'new', 'deeper', `${'x'.repeat(300)}.csv`), /--out: cannot write .*: name too long \(ENAMETOOLONG\)/],
  ])('baseline --out %s', (_what, make, message) => {
    const d = tmp();
    const s = smallScenario(d);
    const target = make(d);
    const before = tree(d);
    const r = hubsim('baseline', s, '--replications', '2', '--out', target);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(tree(d)).toEqual(before);
    expect(readdirSync('/proc').filter((n) => n.includes('hubsim'))).toEqual([]);
  });
});

describe('the wrong kind of file hubsim writes, given where another is expected, is named as such', () => {
  test('a baseline as check --out or run --out, a check result as baseline --out, an output folder as baseline --out, a file inside one', () => {
    const d = tmp();
    const s = smallScenario(d);
    const base = join(d, 'base.csv');
    expect(hubsim('baseline', s, '--replications', '2', '--out', base).status).toBe(0);
    const verdicts = join(d, 'check.csv');
    expect(hubsim('check', s, '--baseline', base, '--out', verdicts).status).toBe(0);
    expect(hubsim('run', s, '--replications', '2', '--no-report', '--out', join(d, 'out')).status).toBe(0);
    const before = snapshot(join(d, 'out'), 'small');
    const files = [readFileSync(base, 'utf8'), readFileSync(verdicts, 'utf8')];
    const cases: [string[], string][] = [
      [['check', s, '--baseline', base, '--out', base], `hubsim: --out: must name a new file, or a check result hubsim wrote to replace (got "${base}", a baseline that hubsim baseline wrote)\n`],
      [['baseline', s, '--out', verdicts], `hubsim: --out: must name a new file, or a baseline hubsim wrote to replace (got "${verdicts}", a check result that hubsim check --out wrote)\n`],
      [['baseline', s, '--out', join(d, 'out')], `hubsim: --out: must name a regular file, or one that does not exist yet (got "${join(d, 'out')}", a folder: an output folder of run, sweep or size holding a run's results)\n`],
      [['baseline', s, '--out', join(d, 'out', 'small')], `hubsim: --out: must name a regular file, or one that does not exist yet (got "${join(d, 'out', 'small')}", a folder: a folder of a run's results that hubsim wrote)\n`],
      // A file inside a folder of results, new or one of its own, would make the next run refuse to replace that folder.
      [['baseline', s, '--out', join(d, 'out', 'small', 'base.csv')], `hubsim: --out: must not lie inside a folder of results: a run would find a file there that it did not write, and refuse to replace that folder from then on (got "${join(d, 'out', 'small', 'base.csv')}", inside "${join(d, 'out', 'small')}")\n`],
      [['baseline', s, '--out', join(d, 'out', 'small', 'summary.csv')], `inside "${join(d, 'out', 'small')}")\n`],
      [['check', s, '--baseline', base, '--out', join(d, 'out', 'small', 'check.csv')], `inside "${join(d, 'out', 'small')}")\n`],
      [['run', s, '--out', base], `hubsim: --out: ${base} is not a folder: it is a baseline that hubsim baseline wrote\n`],
      [['check', s, '--baseline', verdicts], `hubsim: ${verdicts}: must be a baseline CSV, as hubsim baseline writes (got a check result that hubsim check --out wrote)\n`],
      [['check', s, '--baseline', join(d, 'out')], `hubsim: ${join(d, 'out')}: must be a baseline CSV, as hubsim baseline writes (got an output folder of run, sweep or size holding a run's results)\n`],
      // The two files swapped: the scenario as the baseline was read as CSV, and told of a closing quote.
      [['check', s, '--baseline', s], `hubsim: ${s}: must be a baseline CSV, as hubsim baseline writes (the scenario comes first: hubsim check SCENARIO --baseline FILE) (got JSON, as in a scenario file)\n`],
      [['check', s, '--baseline', join(d, 'out', 'small', 'run.json')], `hubsim: ${join(d, 'out', 'small', 'run.json')}: must be a baseline CSV, as hubsim baseline writes (got JSON)\n`],
    ];
    for (const [args, message] of cases) {
      const r = hubsim(...args);
      expect(r.status).toBe(2);
      if (message.startsWith('hubsim: ')) expect(r.stderr).toBe(message);
      else expect(r.stderr).toMatch(new RegExp(`^hubsim: --out: must not lie inside a folder of results: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    }
    expect([readFileSync(base, 'utf8'), readFileSync(verdicts, 'utf8')]).toEqual(files);
    expect(snapshot(join(d, 'out'), 'small')).toEqual(before);
  });
});

// A full disk, for real: a 64 KiB tmpfs (needs root, as on this project's machines and CI).
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = tmp();
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  return ok;
})();
if (!canMount) console.warn('outdir.test: cannot mount a tmpfs here (not root?): the full-disk test is skipped');

/** Runs `body` on a tmpfs mounted with `options` (`size=64k`, …) at a new folder, unmounted after. */
function onTmpfs(options: string, body: (disk: string) => void): void {
  const disk = tmp();
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', disk]).status).toBe(0);
  try {
    body(disk);
  } finally {
    spawnSync('umount', [disk]);
  }
}

(canMount ? test : test.skip)('a full disk (ENOSPC) is exit 2 naming the cause, and leaves nothing in --out', () => {
  onTmpfs('size=64k', (disk) => {
    const s = smallScenario(tmp(), 'small', 20);
    const r = hubsim('run', s, '--replications', '6', '--sessions', 'all', '--out', join(disk, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no space left on the device \(ENOSPC\)/);
    expect(r.stderr).toContain(join(disk, 'out')); // where: an error writing to an open file names no path of its own
    expect(r.stderr).not.toContain('.hubsim-staging-'); // gone by the time the message is read
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(disk)).toEqual([]); // not even the folder it made for --out
  });
});

(canMount ? test : test.skip)('a read-only --out, baseline --out or report folder is exit 2 naming it, not a temporary name', () => {
  onTmpfs('size=1m', (disk) => {
    const s = smallScenario(tmp(), 'small', 3);
    expect(hubsim('run', s, '--replications', '2', '--out', disk, '--no-report').status).toBe(0);
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    for (const [args, message] of [
      [['run', s, '--replications', '1', '--out', disk], `--out: cannot write to ${disk}: read-only file system (EROFS)`],
      [['baseline', s, '--replications', '1', '--out', join(disk, 'b.csv')], `--out: cannot write ${join(disk, 'b.csv')}: read-only file system (EROFS)`],
      // report has no --out: the folder it writes into is named under its own name.
      [['report', join(disk, 'small')], `report: cannot write to ${disk}: read-only file system (EROFS)`],
    ] as const) {
      const r = hubsim(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`hubsim: ${message}\n`);
    }
  });
});

(canMount ? test : test.skip)('a full disk met by merge as it copies the slices\' sessions is exit 2 naming --out, and leaves nothing', () => {
  const s = smallScenario(tmp(), 'small', 20);
  const slices = ['1/2', '2/2'].map((k) => {
    const out = tmp();
    expect(hubsim('run', s, '--replications', '4', '--sessions', 'all', '--shard', k, '--out', out).status).toBe(0);
    return out;
  });
  onTmpfs('size=64k', (disk) => {
    const r = hubsim('merge', ...slices, '--out', join(disk, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no space left on the device \(ENOSPC\)/);
    expect(r.stderr).toContain(join(disk, 'out', 'small')); // where, though a write to an open file names no path
    expect(r.stderr).not.toContain('.hubsim-staging-'); // gone by the time the message is read
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(disk)).toEqual([]); // not even the folder it made for --out
  });
});

(canMount ? test : test.skip)('a full disk met by a replication on a worker thread is exit 2 naming --out, as on the main thread', () => {
  onTmpfs('size=64k', (disk) => {
    // With a number of workers given, the thread takes the batch's first tasks as it starts: here
    // the only one, whose sessions (some 90 kB) do not fit.
    const s = smallScenario(tmp(), 'small', 20);
    const r = hubsim('run', s, '--replications', '1', '--workers', '2', '--sessions', 'all', '--out', join(disk, 'out'));
    expect(r.stderr).toMatch(/no space left on the device \(ENOSPC\)/);
    expect(r.stderr).toContain(join(disk, 'out'));
    expect(r.stderr).not.toContain('.hubsim-staging-');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(2);
    expect(tree(disk)).toEqual([]);
  });
});

(canMount ? test : test.skip)('a full disk met by the thread that writes the sessions of a long run is exit 2 too, leaving nothing', () => {
  onTmpfs('size=3m', (disk) => {
    // One replication of about 90,000 trucks on the main thread: past 20,000 rows (about 1.5 MB) a
    // writer thread takes the sessions over, and fills the disk.
    const s = smallScenario(tmp(), 'long', 60, { arrivals: { trucksPerDay: 1500 }, hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 40, cabinetKw: 400 }] } });
    const r = hubsim('run', s, '--replications', '1', '--workers', '1', '--sessions', 'all', '--power', 'none', '--out', join(disk, 'out'));
    expect(r.stderr).toMatch(/cannot write the sessions of replication 1: no space left on the device \(ENOSPC\)/);
    expect(r.status).toBe(2);
    expect(tree(disk)).toEqual([]); // not even the folder it made for --out
  });
}, 60_000);

(canMount ? test : test.skip)('a file written atomically onto a disk that fills up midway is not put in place: the full disk is the error', () => {
  onTmpfs('size=64k', (disk) => {
    // Larger than the disk: the system writes the part that fits and returns its count.
    const file = join(disk, 'report.html');
    expect(() => writeFileAtomic(file, 'x'.repeat(256 * 1024), 'report')).toThrow(`report: cannot write ${file}: no space left on the device (ENOSPC)`);
    expect(tree(disk)).toEqual([]);
  });
});

(canMount ? test : test.skip)('a full disk met by a report or a sweep\'s tables is exit 2 naming the folder, and leaves nothing', () => {
  const s = smallScenario(tmp(), 'small', 2);
  // The run's tables (about 140 KB) fit in 256 KiB, its report (about 230 KB) no longer does; a
  // sweep of 21 designs writes about 65 KB, past 64 KiB. Node's writeFileSync names no path when
  // the disk is full.
  for (const [size, args, folder] of [
    ['256k', ['run', s, '--replications', '2', '--report'], 'small'],
    ['64k', ['sweep', s, '--set', `hub.gridKw=${Array.from({ length: 21 }, (_, i) => 600 + 10 * i).join(',')}`, '--replications', '2'], 'sweep-small'],
  ] as const) {
    onTmpfs(`size=${size}`, (disk) => {
      const r = hubsim(...args, '--out', join(disk, 'out'));
      expect(r.stderr).toBe(`hubsim: cannot write into ${join(disk, 'out', folder)}: no space left on the device (ENOSPC)\n`);
      expect(r.status).toBe(2);
      expect(tree(disk)).toEqual([]);
    });
  }
});

(canMount ? test : test.skip)('a full disk under --out . names the folder as the user knows it, not the staging folder', () => {
  const s = smallScenario(tmp(), 'small', 2);
  // The run's tables fit in 256 KiB, its report no longer does (see above).
  onTmpfs('size=256k', (disk) => {
    const r = spawnSync(process.execPath, [bin, 'run', s, '--replications', '2', '--report', '--out', '.'], { cwd: disk, encoding: 'utf8' });
    expect(r.stderr).toBe('hubsim: cannot write into small: no space left on the device (ENOSPC)\n');
    expect(r.status).toBe(2);
    expect(tree(disk)).toEqual([]);
  });
});

(canMount ? test : test.skip)('a staging folder that cannot be made is told of as --out, not by its own name', () => {
  const s = smallScenario(tmp(), 'small', 2);
  // Room for the folder itself and the lock (a folder and its owner file), none for the staging folder.
  onTmpfs('size=1m,nr_inodes=3', (disk) => {
    for (const [out, shown] of [[disk, disk], ['.', '.']]) {
      const r = spawnSync(process.execPath, [bin, 'run', s, '--replications', '1', '--out', out], { cwd: disk, encoding: 'utf8' });
      expect(r.stderr).toBe(`hubsim: --out: cannot write to ${shown}: no space left on the device (ENOSPC)\n`);
      expect(r.status).toBe(2);
      expect(tree(disk)).toEqual([]);
    }
  });
});

(canMount ? test : test.skip)("a report that cannot be written is told of by its own name, not its temporary file's", () => {
  const s = smallScenario(tmp(), 'small', 2);
  const roomy = tmp();
  expect(hubsim('run', s, '--replications', '1', '--report', '--out', roomy).status).toBe(0);
  const files = readdirSync(join(roomy, 'small')).length;
  // Room for --out, the staging folder, the result's folder and its files but the report: none for
  // the report's temporary file.
  onTmpfs(`size=8m,nr_inodes=${files + 2}`, (disk) => {
    const r = hubsim('run', s, '--replications', '1', '--report', '--out', disk);
    expect(r.stderr).toBe(`hubsim: cannot write ${join(disk, 'small', 'report.html')}: no space left on the device (ENOSPC)\n`);
    expect(r.status).toBe(2);
    expect(tree(disk)).toEqual([]);
  });
});

test('the temporary file of a write killed before its rename goes with the next write beside it, or the next run into --out', async () => {
  const out = tmp();
  const dead = `.b.csv.hubsim-tmp-${HOST}~${deadPid()}~0badf00d`;
  const live = `.c.csv.hubsim-tmp-${HOST}~${process.pid}~0badf00d`;
  const user = '.notes.hubsim-tmp-mine'; // no owner's tag: not hubsim's
  for (const f of [dead, live, user]) writeFileSync(join(out, f), 'half a file');
  writeFileAtomic(join(out, 'b.csv'), 'text\n');
  expect(readdirSync(out).sort()).toEqual([live, user, 'b.csv'].sort());
  // A comparison's report killed at the root of --out, removed by the next command into it.
  const report = `.compare-x-vs-y.html.hubsim-tmp-${HOST}~${deadPid()}~0badf00d`;
  writeFileSync(join(out, report), 'half a page');
  (await OutputRoot.open(out)).discard();
  expect(readdirSync(out).sort()).toEqual([live, user, 'b.csv'].sort());
});

// A user without root's rights, for folders that refuse them (root may delete anything).
const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
if (!asNobody) console.warn('outdir.test: cannot run as another user here (not root, or no setpriv): the permission test is skipped');

/** `hubsim ARGS` run as that user. */
const nobody = (...args: string[]) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args], { encoding: 'utf8' });

test('an --out, or a folder above it, that every user may write to and is not sticky is refused before anything is written; a sticky one is not', () => {
  const dir = tmp();
  const shared = join(dir, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o777);
  const s = smallScenario(dir, 'small', 2);
  for (const out of [shared, join(shared, 'mine', 'out')]) {
    const r = hubsim('run', s, '--replications', '1', '--out', out);
    expect(r.stderr).toBe(`hubsim: --out: ${shared} may be written by every user and is not sticky: another user could put links in place of hubsim's folders and files there, and have the results written over files of yours; use a folder only you can write to, or make this one sticky (chmod +t ${shared}), as /tmp is\n`);
    expect(r.status).toBe(2);
  }
  // So are the folders of baseline's and check's files: the folders made for them could be swapped too.
  const base = join(dir, 'base.csv');
  expect(hubsim('baseline', s, '--replications', '2', '--out', base).status).toBe(0);
  for (const [command, option] of [['baseline', '--replications'], ['check', '--baseline']]) {
    for (const file of [join(shared, 'b.csv'), join(shared, 'mine', 'b.csv')]) {
      const r = hubsim(command, s, option, command === 'check' ? base : '2', '--out', file);
      expect([command, r.stderr, r.status]).toEqual([command, `hubsim: --out: ${shared} may be written by every user and is not sticky: another user could put links in place of hubsim's folders and files there, and have the results written over files of yours; use a folder only you can write to, or make this one sticky (chmod +t ${shared}), as /tmp is\n`, 2]);
    }
  }
  expect(readdirSync(shared)).toEqual([]);
  // And a report into the results held there, made open to every user since they were written.
  chmodSync(shared, 0o755);
  expect(hubsim('run', s, '--replications', '1', '--out', shared).status).toBe(0);
  chmodSync(shared, 0o777);
  const report = hubsim('report', join(shared, 'small'));
  expect([report.status, report.stderr]).toEqual([2, `hubsim: report: ${shared} may be written by every user and is not sticky: another user could put links in place of hubsim's folders and files there, and have the results written over files of yours; use a folder only you can write to, or make this one sticky (chmod +t ${shared}), as /tmp is\n`]);
  expect(readdirSync(join(shared, 'small'))).not.toContain('report.html');
  // So is the result folder itself, where the page goes.
  chmodSync(shared, 0o755);
  chmodSync(join(shared, 'small'), 0o777);
  const inside = hubsim('report', join(shared, 'small'));
  expect([inside.status, inside.stderr]).toEqual([2, `hubsim: report: ${join(shared, 'small')} may be written by every user and is not sticky: another user could put links in place of hubsim's folders and files there, and have the results written over files of yours; use a folder only you can write to, or make this one sticky (chmod +t ${join(shared, 'small')}), as /tmp is\n`]);
  expect(readdirSync(join(shared, 'small'))).not.toContain('report.html');
  rmSync(join(shared, 'small'), { recursive: true });
  chmodSync(shared, 0o777);
  // A file or device that every user may write to is no folder, and is said to be none: not told to be made sticky.
  const open = join(dir, 'open.txt');
  writeFileSync(open, 'mine\n');
  chmodSync(open, 0o666);
  const file = hubsim('run', s, '--replications', '1', '--out', open);
  expect([file.status, file.stderr]).toEqual([2, expect.stringMatching(new RegExp(`^hubsim: --out: [^\n]*${open}[^\n]* not a folder`))]);
  expect(hubsim('run', s, '--replications', '1', '--out', '/dev/null').stderr).not.toMatch(/sticky/);
  expect(readFileSync(open, 'utf8')).toBe('mine\n');
  chmodSync(shared, 0o1777);
  expect(hubsim('run', s, '--replications', '1', '--out', shared).status).toBe(0);
  // Sticky but another user's: its owner may still move entries (root can make it so).
  if (process.getuid?.() === 0) {
    chownSync(shared, 4242, 4242);
    const r = hubsim('run', s, '--replications', '1', '--seed', '2', '--out', join(shared, 'inner'));
    expect([r.status, r.stderr]).toEqual([2, `hubsim: --out: ${shared} may be written by every user and is another user's (uid 4242): sticky, it still lets its owner move hubsim's folders and put links in their place; use a folder of your own, or one of root's such as /tmp\n`]);
    // Not yet sticky (an NFS volume's 0777, owned by nobody): made sticky, it would still be refused, so that is not advised.
    chmodSync(shared, 0o777);
    const open = hubsim('run', s, '--replications', '1', '--seed', '2', '--out', join(shared, 'inner'));
    expect([open.status, open.stderr]).toEqual([
      2,
      `hubsim: --out: ${shared} may be written by every user and is not sticky: another user could put links in place of hubsim's folders and files there, and have the results written over files of yours; use a folder only you can write to (it is another user's, uid 4242: made sticky, its owner could still move hubsim's folders), or have its owner take write permission from other users (chmod o-w ${shared})\n`,
    ]);
  }
  // Nor is anything hubsim makes open to all, whatever the umask: the folders made for --out, the
  // result folder (made in the staging folder) and its files.
  const made = join(dir, 'made', 'out');
  expect(spawnSync('sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, bin, 'run', s, '--replications', '1', '--out', made]).status).toBe(0);
  for (const d of [join(dir, 'made'), made, join(made, 'small')]) expect([d, (statSync(d).mode & 0o777).toString(8)]).toEqual([d, '775']);
  expect((statSync(join(made, 'small', 'summary.csv')).mode & 0o777).toString(8)).toBe('664');
});

(asNobody ? test : test.skip)('a result folder whose files may not be deleted is refused before anything moves, and stays as it was', () => {
  const dir = tmp();
  const out = join(dir, 'out');
  mkdirSync(out);
  // --out the other user's own: a folder every user may write to is refused.
  chmodSync(dir, 0o755);
  chownSync(out, 65534, 65534);
  const s = smallScenario(dir, 'small', 2);
  expect(nobody('run', s, '--replications', '1', '--out', out).status).toBe(0);
  chmodSync(join(out, 'small'), 0o555);
  const before = snapshot(out, 'small');
  // The old folder was renamed aside and the new one in; deleting the old one then failed: exit 2
  // after the new result was in place, and a set-aside folder no later run could clean up.
  const r = nobody('run', s, '--replications', '1', '--seed', '4', '--out', out);
  expect(r.stderr).toBe(`hubsim: --out: cannot replace ${join(out, 'small')}: permission denied (EACCES)\n`);
  expect(r.status).toBe(2);
  expect(readdirSync(out)).toEqual(['small']);
  expect(snapshot(out, 'small')).toEqual(before);
});

(asNobody ? test : test.skip)('an empty read-only result folder is replaced, as removing it needs permission on --out only; one holding a file is not', () => {
  const dir = tmp();
  const out = join(dir, 'out');
  mkdirSync(join(out, 'small'), { recursive: true });
  // --out the other user's own: a folder every user may write to is refused.
  chmodSync(dir, 0o755);
  chownSync(out, 65534, 65534);
  chmodSync(join(out, 'small'), 0o555);
  const s = smallScenario(dir, 'small', 2);
  const r = nobody('run', s, '--replications', '1', '--out', out);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(readdirSync(out)).toEqual(['small']);
  expect(readdirSync(join(out, 'small'))).toContain('summary.csv');

  // Empty to `foreign`, which passes over a dead write's temporary file, but that file would have to be deleted.
  rmSync(join(out, 'small'), { recursive: true });
  mkdirSync(join(out, 'small'));
  const leftover = `.report.html.hubsim-tmp-${HOST}~${deadPid()}~0a0b0c0d`;
  writeFileSync(join(out, 'small', leftover), '');
  chmodSync(join(out, 'small'), 0o555);
  const again = nobody('run', s, '--replications', '1', '--out', out);
  expect(again.stderr).toBe(`hubsim: --out: cannot replace ${join(out, 'small')}: permission denied (EACCES)\n`);
  expect(again.status).toBe(2);
  expect(readdirSync(join(out, 'small'))).toEqual([leftover]);

  // Nor, in a sticky --out, another user's empty one, which only its owner may move.
  chmodSync(join(out, 'small'), 0o755);
  rmSync(join(out, 'small', leftover));
  chmodSync(join(out, 'small'), 0o555);
  chownSync(out, 0, 0);
  chmodSync(out, 0o1777);
  const sticky = nobody('run', s, '--replications', '1', '--out', out);
  expect(sticky.stderr).toMatch(/^hubsim: --out: cannot replace .*: it is another user's/);
  expect(sticky.status).toBe(2);
  expect(readdirSync(join(out, 'small'))).toEqual([]);
});

(asNobody ? test : test.skip)("another user's result folder in a sticky --out (a shared folder, as /tmp is) is refused before anything runs, and stays as it was", () => {
  const dir = tmp();
  const out = join(dir, 'out');
  mkdirSync(out);
  chmodSync(dir, 0o755);
  const s = smallScenario(dir, 'small', 2);
  expect(spawnSync(process.execPath, [bin, 'run', s, '--replications', '1', '--out', out], { encoding: 'utf8' }).status).toBe(0);
  chmodSync(out, 0o1777);
  chmodSync(join(out, 'small'), 0o777);
  const before = snapshot(out, 'small');
  // Open to all, but root's in a sticky folder: the move into place failed (EPERM) after the run.
  const r = nobody('run', s, '--replications', '1', '--seed', '4', '--out', out);
  expect(r.stderr).toBe(`hubsim: --out: cannot replace ${join(out, 'small')}: it is another user's, in a folder where only an entry's owner may move it (sticky, as /tmp is)\n`);
  expect(r.status).toBe(2);
  expect(readdirSync(out)).toEqual(['small']);
  expect(snapshot(out, 'small')).toEqual(before);
});

/**
 * A sticky --out (a shared folder, as /tmp is) holding a comparison of x and y that the other user
 * ran, without its page; `again` runs it once more, as that user, with another seed.
 */
function stickyComparison(): { out: string; again: () => ReturnType<typeof nobody> } {
  const dir = tmp();
  const out = join(dir, 'out');
  mkdirSync(out);
  chmodSync(dir, 0o755);
  chmodSync(out, 0o1777);
  const [x, y] = [smallScenario(dir, 'x', 2), smallScenario(dir, 'y', 2)];
  expect(nobody('compare', x, y, '--replications', '1', '--no-report', '--out', out).status).toBe(0);
  return { out, again: () => nobody('compare', x, y, '--replications', '1', '--seed', '4', '--no-report', '--out', out) };
}

const STICKY = "it is another user's, in a folder where only an entry's owner may move it (sticky, as /tmp is)";

(asNobody ? test : test.skip)("another user's comparison CSV in a sticky --out is refused before anything runs, and stays as it was", () => {
  const { out, again } = stickyComparison();
  // The CSV is root's, the folders beside it the user's: renaming over it failed (EPERM) once the
  // comparison had run.
  const csvFile = join(out, 'compare-x-vs-y.csv');
  chownSync(csvFile, 0, 0);
  const before = [readFileSync(csvFile, 'utf8'), snapshot(out, 'x'), snapshot(out, 'y')];
  const r = again();
  expect(r.stderr).toBe(`hubsim: --out: cannot replace ${csvFile}: ${STICKY}\n`);
  expect(r.status).toBe(2);
  expect([readFileSync(csvFile, 'utf8'), snapshot(out, 'x'), snapshot(out, 'y')]).toEqual(before);
});

(asNobody ? test : test.skip)("another user's comparison page in a sticky --out, which compare --no-report would delete, is refused before anything moves", () => {
  const { out, again } = stickyComparison();
  // Root's page of that comparison, beside the CSV and folders of the user who runs it again.
  const page = join(out, 'compare-x-vs-y.html');
  expect(spawnSync(process.execPath, [bin, 'report', join(out, 'compare-x-vs-y.csv')], { encoding: 'utf8' }).status).toBe(0);
  const before = [readFileSync(join(out, 'compare-x-vs-y.csv'), 'utf8'), snapshot(out, 'x'), readFileSync(page, 'utf8')];
  // Only its owner may delete it: the deletion failed once the new results were in place (and was
  // told of as ENOTDIR, a part of the path not a folder).
  const r = again();
  expect(r.stderr).toBe(`hubsim: --out: cannot delete ${page}: ${STICKY}\n`);
  expect(r.status).toBe(2);
  expect([readFileSync(join(out, 'compare-x-vs-y.csv'), 'utf8'), snapshot(out, 'x'), readFileSync(page, 'utf8')]).toEqual(before);
});

(asNobody ? test : test.skip)('baseline and check refuse an --out they cannot write before any replication runs', () => {
  const dir = tmp();
  chmodSync(dir, 0o755);
  const shut = join(dir, 'shut'); // root's, which the user may read but not write
  mkdirSync(shut);
  const ok = smallScenario(dir, 'small', 1);
  const base = join(dir, 'base.csv');
  expect(hubsim('baseline', ok, '--replications', '2', '--out', base).status).toBe(0);
  // The same scenario with trucks that would never finish charging: its replications stop with an
  // error of their own, so a refusal that came only after them would name that instead.
  const stuck = join(dir, 'stuck');
  mkdirSync(stuck);
  const s = smallScenario(stuck, 'small', 1, { hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 1 }] }, fleet: [{ name: 't', batteryKwh: 10000, maxKw: { CCS: 1 } }], demand: { arrivalSoc: 0, targetSoc: 0.9 } });
  chownSync(stuck, 65534, 65534); // where the user may write
  expect(nobody('baseline', s, '--out', join(stuck, 'b.csv')).stderr).toMatch(/must let the trucks present at the horizon leave within/);
  for (const [args, shown] of [
    [['baseline', s, '--out', join(shut, 'b.csv')], `cannot write ${join(shut, 'b.csv')}`],
    [['check', s, '--baseline', base, '--out', join(shut, 'r.csv')], `cannot write ${join(shut, 'r.csv')}`],
    [['check', s, '--baseline', base, '--out', join(shut, 'new', 'r.csv')], `cannot create a folder in ${shut}`],
  ] as const) {
    const r = nobody(...args);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `hubsim: --out: ${shown}: permission denied (EACCES)\n`]);
  }
  expect(readdirSync(shut)).toEqual([]);
});

(asNobody ? test : test.skip)("another user's file in a sticky folder (as /tmp is), which baseline, check or compare --no-report would replace or delete, is refused before any replication runs", () => {
  const dir = tmp();
  chmodSync(dir, 0o755);
  const shared = join(dir, 'shared'); // root's and sticky, where every user may write
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  const ok = smallScenario(dir, 'small', 1);
  const [base, verdicts] = [join(shared, 'b.csv'), join(shared, 'r.csv')];
  expect(hubsim('baseline', ok, '--replications', '2', '--out', base).status).toBe(0);
  expect(hubsim('check', ok, '--baseline', base, '--out', verdicts).status).toBe(0);
  // Scenarios whose trucks never finish charging: their replications stop with an error of their
  // own, so a refusal that came only after them would name that instead.
  const stuck = join(dir, 'stuck');
  mkdirSync(stuck);
  const never = { hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 1 }] }, fleet: [{ name: 't', batteryKwh: 10000, maxKw: { CCS: 1 } }], demand: { arrivalSoc: 0, targetSoc: 0.9 } };
  const s = smallScenario(stuck, 'small', 1, never);
  for (const [args, file] of [
    [['baseline', s, '--out', base], base],
    [['check', s, '--baseline', base, '--out', verdicts], verdicts],
  ] as const) {
    const r = nobody(...args);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `hubsim: --out: cannot replace ${file}: ${STICKY}\n`]);
  }
  // A comparison's page of root's, beside the user's own comparison: --no-report deletes it.
  const out = join(dir, 'out');
  mkdirSync(out);
  chmodSync(out, 0o1777);
  const [x, y] = [smallScenario(dir, 'x', 1), smallScenario(dir, 'y', 1)];
  expect(nobody('compare', x, y, '--replications', '1', '--no-report', '--out', out).status).toBe(0);
  const page = join(out, 'compare-x-vs-y.html');
  expect(spawnSync(process.execPath, [bin, 'report', join(out, 'compare-x-vs-y.csv')], { encoding: 'utf8' }).status).toBe(0);
  smallScenario(dir, 'x', 1, never);
  const r = nobody('compare', x, y, '--replications', '1', '--no-report', '--out', out);
  expect([r.status, r.stderr]).toEqual([2, `hubsim: --out: cannot delete ${page}: ${STICKY}\n`]);
});

(asNobody ? test : test.skip)('a file may be written into a folder its user may write but not list (a drop box)', () => {
  const dir = tmp();
  const drop = join(dir, 'drop');
  mkdirSync(drop);
  chmodSync(dir, 0o755);
  // Its user's own (one open to every user is refused as any --out's folder is).
  chownSync(drop, 65534, 65534);
  chmodSync(drop, 0o300);
  const s = smallScenario(dir, 'small', 2);
  // Looking for a killed write's temporary file to delete listed the folder first: EACCES, exit 2.
  const r = nobody('baseline', s, '--replications', '1', '--out', join(drop, 'b.csv'));
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  chmodSync(drop, 0o755);
  expect(readdirSync(drop)).toEqual(['b.csv']);
});

test("commit's recheck runs under the folder's lock, before anything moves, and a refusal there moves nothing", async () => {
  const out = tmp();
  writeFileSync(join(out, 'keep.txt'), 'old');
  const root = await OutputRoot.open(out);
  mkdirSync(join(root.stage, 'small'));
  writeFileSync(join(root.stage, 'small', 'summary.csv'), 'new');
  let locked = false;
  await expect(
    root.commit([], () => {
      // Another slice's results moved in between a check outside the lock and the move replaced it.
      locked = existsSync(join(out, '.hubsim-lock'));
      throw new Error('another slice moved in');
    }),
  ).rejects.toThrow('another slice moved in');
  root.discard();
  expect(locked).toBe(true);
  expect(readdirSync(out)).toEqual(['keep.txt']);
});

describe('a page or a file at the root of --out is replaced only when hubsim wrote it', () => {
  const page = (what: string) => `<!DOCTYPE html>\n<html><head><meta name="generator" content="hubsim 0.1.0" /></head><body>${what}</body></html>\n`;

  test("a page of the user's is kept, though it begins as every HTML page does; an empty file (made by mktemp) is taken", async () => {
    const out = tmp();
    const mine = '<!DOCTYPE html>\n<html><head><title>my notes</title></head><body>mine</body></html>\n';
    writeFileSync(join(out, 'compare-a-vs-b.html'), mine);
    await expect(writeIntoOutput(out, 'compare-a-vs-b.html', page('a comparison'))).rejects.toThrow(/must name a new file, or a report hubsim wrote to replace/);
    expect(readFileSync(join(out, 'compare-a-vs-b.html'), 'utf8')).toBe(mine);
    writeFileSync(join(out, 'compare-c-vs-d.html'), '');
    await writeIntoOutput(out, 'compare-c-vs-d.html', page('a comparison'));
    expect(readFileSync(join(out, 'compare-c-vs-d.html'), 'utf8')).toBe(page('a comparison'));
  });

  test("a symbolic link to a comparison hubsim wrote is not replaced: the rename would put a file in the link's place", async () => {
    const out = tmp();
    const elsewhere = tmp();
    writeFileSync(join(elsewhere, 'compare-a-vs-b.csv'), 'metric,a_mean,b_mean,diff_mean,diff_lo,diff_hi\n');
    symlinkSync(join(elsewhere, 'compare-a-vs-b.csv'), join(out, 'compare-a-vs-b.csv'));
    const root = await OutputRoot.open(out);
    try {
      expect(() => root.checkTargets([], ['compare-a-vs-b.csv'])).toThrow(/compare-a-vs-b\.csv: must be hubsim's own output to be replaced: it is not a file hubsim wrote/);
    } finally {
      root.discard();
    }
  });
});

describe('a page left without a match by new results', () => {
  const page = `<!DOCTYPE html>\n<html><head><meta name="generator" content="hubsim 0.1.0" /></head><body>an earlier comparison</body></html>\n`;

  // A comparison run without its report deletes the page of an earlier one, which would otherwise
  // describe other numbers than the CSV beside it; a page of the user's under that name is theirs.
  test.each([
    ['is deleted when hubsim wrote it', page, false],
    ["is kept when it is the user's", '<!DOCTYPE html>\n<html><body>my notes</body></html>\n', true],
  ])('%s', async (_what, text, kept) => {
    const out = tmp();
    writeFileSync(join(out, 'compare-a-vs-b.html'), text);
    const root = await OutputRoot.open(out);
    writeFileSync(join(root.stage, 'compare-a-vs-b.csv'), 'metric,a_mean,b_mean,diff_mean,diff_lo,diff_hi\n');
    await root.commit(['compare-a-vs-b.html']);
    expect(readdirSync(out).sort()).toEqual(kept ? ['compare-a-vs-b.csv', 'compare-a-vs-b.html'] : ['compare-a-vs-b.csv']);
    if (kept) expect(readFileSync(join(out, 'compare-a-vs-b.html'), 'utf8')).toBe(text);
  });
});

describe('a folder every user may write to, on the way to --out', () => {
  const refused = (dir: string) => `--out: ${dir} may be written by every user and is not sticky`;

  test('is told by the write permission of others, not of the group', async () => {
    const dir = tmp();
    const others = join(dir, 'others');
    const group = join(dir, 'group');
    mkdirSync(others);
    mkdirSync(group);
    chmodSync(others, 0o757);
    chmodSync(group, 0o775); // a team's folder: its members are trusted with it
    await expect(OutputRoot.open(join(others, 'out'))).rejects.toThrow(refused(others));
    (await OutputRoot.open(join(group, 'out'))).discard();
    expect(readdirSync(others)).toEqual([]);
  });

  test('is found above the folder a symbolic link leads to, not only above the link', async () => {
    const dir = tmp();
    const shared = join(dir, 'shared');
    mkdirSync(join(shared, 'mine'), { recursive: true });
    chmodSync(shared, 0o777);
    chmodSync(join(shared, 'mine'), 0o755);
    // Another user may rename `mine` away and put a link of their own in its place.
    symlinkSync(join(shared, 'mine'), join(dir, 'link'));
    await expect(OutputRoot.open(join(dir, 'link', 'out'))).rejects.toThrow(refused(shared));
    expect(readdirSync(join(shared, 'mine'))).toEqual([]);
  });
});

describe('the lock and the leftovers of runs that are gone', () => {
  test('a lock of a live process that is not the one that took it (its pid reused) is taken over at once', async () => {
    if (!existsSync('/proc/self/stat')) return; // (the start time is read there)
    const out = tmp();
    const lock = join(out, '.hubsim-lock');
    mkdirSync(lock);
    // This test's own pid, alive, but with a start time that is not its own: a dead run's pid now
    // used by another process.
    writeFileSync(join(lock, 'owner'), JSON.stringify({ host: HOST, pid: process.pid, started: '1' }));
    const opening = OutputRoot.open(out);
    // The first attempt at the lock is made before open returns: a lock taken over is gone by now.
    const taken = !existsSync(join(lock, 'owner'));
    if (!taken) rmSync(lock, { recursive: true });
    (await opening).discard();
    expect(taken).toBe(true);
    expect(readdirSync(out)).toEqual([]);
  });

  test("a lock taken by a pid on another machine is never taken over, whether or not that pid runs here", async () => {
    const out = tmp();
    const lock = join(out, '.hubsim-lock');
    mkdirSync(lock);
    const record = JSON.stringify({ host: `elsewhere.${HOST}`, pid: deadPid() });
    writeFileSync(join(lock, 'owner'), record);
    const opening = OutputRoot.open(out);
    // The first attempt at the lock is made before open returns: the lock is still the other machine's.
    const kept = existsSync(join(lock, 'owner')) && readFileSync(join(lock, 'owner'), 'utf8') === record;
    const staged = readdirSync(out).some((n) => n.startsWith('.hubsim-staging-'));
    rmSync(lock, { recursive: true, force: true }); // that run ends: this one goes on
    (await opening).discard();
    expect([kept, staged]).toEqual([true, false]);
    expect(readdirSync(out)).toEqual([]);
  });

  test('a lock whose record names no pid a run could have is waited for, not taken for a dead run\'s', async () => {
    const out = tmp();
    const lock = join(out, '.hubsim-lock');
    mkdirSync(lock);
    const record = JSON.stringify({ host: HOST, pid: 'a newer hubsim' });
    writeFileSync(join(lock, 'owner'), record);
    const opening = OutputRoot.open(out);
    // The first attempt at the lock is made before open returns.
    const kept = existsSync(join(lock, 'owner')) && readFileSync(join(lock, 'owner'), 'utf8') === record;
    rmSync(lock, { recursive: true, force: true });
    (await opening).discard();
    expect(kept).toBe(true);
  });

  test('a lock deleted by hand while a command holds it (as the message for a stuck lock says to) does not fail the command once its results are in', async () => {
    const out = tmp();
    const root = await OutputRoot.open(out);
    mkdirSync(join(root.stage, 'small'));
    writeFileSync(join(root.stage, 'small', 'summary.csv'), 'new');
    await root.commit([], () => rmSync(join(out, '.hubsim-lock'), { recursive: true }));
    expect(tree(out)).toEqual(['small/', 'small/summary.csv']);
  });

  test("a dead run's lock taken over leaves nothing of it behind", async () => {
    const out = tmp();
    mkdirSync(join(out, '.hubsim-lock'));
    writeFileSync(join(out, '.hubsim-lock', 'owner'), JSON.stringify({ host: HOST, pid: deadPid() }));
    const root = await OutputRoot.open(out);
    root.discard();
    expect(readdirSync(out)).toEqual([]);
  });

  test('a folder set aside by a killed run whose place a later run has filled again is removed, not left for ever', async () => {
    const out = tmp();
    mkdirSync(join(out, 'small'));
    writeFileSync(join(out, 'small', 'summary.csv'), 'newer results');
    const aside = `.hubsim-aside-${HOST}~${deadPid()}~0a0b0c0d~small`;
    mkdirSync(join(out, aside));
    writeFileSync(join(out, aside, 'summary.csv'), 'older results');
    const root = await OutputRoot.open(out);
    root.discard();
    expect(readdirSync(out)).toEqual(['small']);
    expect(readFileSync(join(out, 'small', 'summary.csv'), 'utf8')).toBe('newer results');
  });
});

describe('a result folder where a file system is mounted', () => {
  test('is told by its device, or by the mount table where a bind mount keeps the device', () => {
    const dir = tmp();
    const folder = join(dir, 'with space');
    mkdirSync(folder);
    expect(isMountPoint(folder, '')).toBe(false);
    expect(isMountPoint(folder, undefined)).toBe(false);
    // /proc/self/mountinfo: the fifth field is the mount point, its space written \040.
    const line = (at: string) => `36 35 98:0 / ${at.replace(/ /g, '\\040')} rw,noatime master:1 - ext3 /dev/root rw\n`;
    expect(isMountPoint(folder, line(folder))).toBe(true);
    expect(isMountPoint(folder, line(dir))).toBe(false);
    expect(isMountPoint(join(dir, 'missing'), line(join(dir, 'missing')))).toBe(false);
    expect(isMountPoint('/proc', '')).toBe(true);
  });

  // Moving a mount point aside fails (EBUSY): the run simulated, then failed at its last step.
  (canMount ? test : test.skip)('is refused before anything runs, and stays as it was', () => {
    const dir = tmp();
    const out = join(dir, 'out');
    mkdirSync(join(out, 'small'), { recursive: true });
    const s = smallScenario(dir, 'small', 2);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', join(out, 'small')]).status).toBe(0);
    try {
      // Empty, as a volume mounted for the results is before the first run.
      const r = hubsim('run', s, '--replications', '1', '--out', out);
      expect([r.status, r.stderr]).toEqual([
        2,
        `hubsim: --out: cannot replace ${join(out, 'small')}: a file system is mounted there, and hubsim replaces a result folder by moving it aside, which a mount point cannot be; unmount it, or give --out a folder inside it\n`,
      ]);
      expect(readdirSync(out)).toEqual(['small']);
      expect(readdirSync(join(out, 'small'))).toEqual([]);
      expect(isMountPoint(join(out, 'small'))).toBe(true);
    } finally {
      spawnSync('umount', [join(out, 'small')]);
    }
  });
});
