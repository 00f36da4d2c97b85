import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from './helpers/scratch.js';

// hubsim under Node's permission model (`node --permission`, `--experimental-permission` in Node
// 20): what it refuses is the environment refusing (exit 2, saying what), never an internal error.

const flag = ['--permission', '--experimental-permission'].find((f) => process.allowedNodeEnvironmentFlags.has(f));
const bin = join(process.cwd(), 'bin', 'hubsim.js');
const dir = scratch('hubsim-perm-');

/** `hubsim ARGS` with reads allowed everywhere and writes only under the scratch folder; worker threads refused. */
const hubsim = (...args: string[]) => spawnSync(process.execPath, [flag!, '--allow-fs-read=*', `--allow-fs-write=${dir}/*`, '--no-warnings', bin, ...args], { encoding: 'utf8' });

(flag ? describe : describe.skip)("Node's permission model, worker threads refused", () => {
  test('more than one worker is told so, exit 2, not an internal error', () => {
    const r = hubsim('run', join(process.cwd(), 'scenarios', 'recklinghausen-phase1.json'), '--replications', '4', '--workers', '2', '--out', join(dir, 'two'));
    expect(r.stderr).toBe("hubsim: --workers: worker threads are refused by Node's permission model: give --workers 1, or allow them (--allow-worker)\n");
    expect(r.status).toBe(2);
  }, 60_000);

  test('with --workers 1, a replication of more sessions than are written on its own thread writes them all there', () => {
    // 60 trucks a day for 400 days: past the 20,000 rows after which sessions go to a writer thread.
    const scenario = JSON.parse(readFileSync(join(process.cwd(), 'scenarios', 'recklinghausen-phase1.json'), 'utf8'));
    scenario.horizon = { days: 400, warmupDays: 2 };
    const file = join(dir, 'long.json');
    writeFileSync(file, JSON.stringify(scenario));
    const r = hubsim('run', file, '--replications', '1', '--workers', '1', '--sessions', 'all', '--power', 'none', '--out', join(dir, 'one'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const sessions = readFileSync(join(dir, 'one', 'recklinghausen-phase1', 'sessions.csv'), 'utf8');
    expect(sessions.trimEnd().split('\n').length - 1).toBeGreaterThan(20_000);
    // The same bytes as a run that hands them to a writer thread.
    const free = spawnSync(process.execPath, [bin, 'run', file, '--replications', '1', '--workers', '1', '--sessions', 'all', '--power', 'none', '--out', join(dir, 'free')], { encoding: 'utf8' });
    expect(free.status).toBe(0);
    expect(sessions === readFileSync(join(dir, 'free', 'recklinghausen-phase1', 'sessions.csv'), 'utf8')).toBe(true);
  }, 60_000);
});
