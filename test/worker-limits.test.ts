import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { bin, root, tmp, tree } from './helpers/cli.js';

// A machine that will not give a worker thread what it needs (open files under a low `ulimit -n`)
// refuses the command's environment, as a full disk does: exit 2 with what to do, never an
// unhandled 'error' event's stack trace with exit code 1 (check's "a metric moved"), and the
// command's staging folder removed.

/** A three-day hub: a batch of a few milliseconds a replication. */
function scenarioFile(dir: string): string {
  const file = join(dir, 'small.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'small',
      seed: 1,
      horizon: { days: 3, warmupDays: 1 },
      hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 4, cabinetKw: 400 }] },
      arrivals: { trucksPerDay: 60 },
      fleet: [{ name: 'eactros600', batteryKwh: 621, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
    }),
  );
  return file;
}

/** `hubsim ARGS` with at most `files` open files (a shell's `ulimit -n`). */
function withOpenFiles(files: number, ...args: string[]) {
  const quoted = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('/bin/sh', ['-c', `ulimit -n ${files} && exec ${quoted}`], { encoding: 'utf8', cwd: root, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const linux = process.platform === 'linux' ? describe : describe.skip;

// As many workers as hubsim takes here (4 a core), up to 8: with 2 replications, every thread but
// the first gets no task, and fails to start while no batch listens to it. 24 open files are enough
// for the main thread alone (--workers 1), not for two more threads.
const WORKERS = String(Math.min(8, 4 * availableParallelism()));
const FILES = 24;

linux('worker threads the system refuses to start', () => {
  test('more threads than open files allow: exit 2 naming --workers, no stack trace, nothing left in --out', () => {
    const dir = tmp();
    const out = join(dir, 'out');
    const r = withOpenFiles(FILES, 'run', scenarioFile(dir), '--replications', '2', '--workers', WORKERS, '--out', out);
    expect(r.stderr).not.toMatch(/Unhandled 'error' event|\n\s+at /);
    // Which file the limit stops first (a thread's, or one of the results') depends on timing; a thread's says what to do.
    expect(r.stderr).toMatch(/^hubsim: (--workers: the system refused to start a worker thread: )?.*too many open files \(EMFILE\)/);
    expect(r.status).toBe(2);
    expect(tree(dir)).toEqual(['small.json']); // no staging folder, no --out it created
  });

  test('check is not failed as a regression (exit 1) by a thread that cannot start', () => {
    const dir = tmp();
    const file = scenarioFile(dir);
    const baseline = join(dir, 'b.csv');
    expect(withOpenFiles(FILES, 'baseline', file, '--replications', '2', '--workers', '1', '--out', baseline).status).toBe(0);
    const r = withOpenFiles(FILES, 'check', file, '--baseline', baseline, '--workers', WORKERS);
    expect(r.stderr).not.toMatch(/Unhandled 'error' event/);
    expect(r.status).toBe(2);
  });
});
