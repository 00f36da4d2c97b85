import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MAX_WAITING } from '../src/model/simulate.js';
import { bin, ended, hubsim, root, smallScenario, start, tmp } from './helpers/cli.js';

// Signals and runaways: an interrupted run stops promptly and leaves nothing; requests beyond the
// machine's or the model's limits are refused with the limit named, never a crash.

/**
 * A bound on how long an interrupted run may take to end: far more than it takes (a fraction of a
 * second: the run looks for signals between slices of 10,000 events), so that a busy machine cannot
 * fail the test, and far less than a replication of `long` takes (some 20 s on an idle machine, 11
 * million trucks), so that a run that went on to the end of its replication would.
 */
const PROMPT_MS = 10_000;

/** A scenario of which one replication takes many seconds (see PROMPT_MS). */
const longScenario = () => smallScenario(tmp(), 'long', 36500, { arrivals: { trucksPerDay: 300 } });

/** Starts a long run, waits until it is simulating, sends `signal`, and measures how long the process takes to end. */
async function interrupt(signal: NodeJS.Signals, workers: string, replications: string, out = tmp()) {
  const long = longScenario();
  const child = start('run', long, '--replications', replications, '--workers', workers, '--out', out);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const staging = () => (existsSync(out) ? readdirSync(out) : []).find((n) => n.startsWith('.hubsim-staging-'));
  for (let i = 0; i < 400 && !(staging() && existsSync(join(out, staging()!, 'long'))); i++) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 300)); // well inside the first replication (each takes many seconds)
  const sent = performance.now();
  child.kill(signal);
  const code = await ended(child);
  const ms = performance.now() - sent;
  return { code, ms, left: existsSync(out) ? readdirSync(out) : null, stderr };
}

describe('Ctrl-C and SIGTERM', () => {
  test('stop a replication running on the main thread long before it ends, leaving nothing in --out', async () => {
    const { code, ms, left, stderr } = await interrupt('SIGINT', '1', '1');
    expect(code).toBe(130);
    expect(left).toEqual([]);
    expect(stderr).toBe('hubsim: interrupted by SIGINT\n');
    console.log(`SIGINT with the replication on the main thread: exited ${Math.round(ms)} ms after the signal`);
    expect(ms).toBeLessThan(PROMPT_MS);
  }, 30_000);

  test('stop worker threads too, long before their replications end (SIGTERM, exit 143)', async () => {
    const { code, ms, left, stderr } = await interrupt('SIGTERM', '2', '4');
    expect(code).toBe(143);
    expect(left).toEqual([]);
    expect(stderr).toBe('hubsim: interrupted by SIGTERM\n');
    console.log(`SIGTERM with two workers: exited ${Math.round(ms)} ms after the signal`);
    expect(ms).toBeLessThan(PROMPT_MS);
  }, 30_000);
});

// Opening a pipe waits for a writer in a thread of libuv's pool, and a process does not exit while
// such a thread waits: Ctrl-C printed its line and the process hung until SIGKILL.
const waitsForWriter = (pid: number) => {
  try {
    return readdirSync(`/proc/${pid}/task`).some((t) => readFileSync(`/proc/${pid}/task/${t}/wchan`, 'utf8') === 'wait_for_partner');
  } catch {
    return false;
  }
};
const seesWaits = process.platform === 'linux' && existsSync(`/proc/${process.pid}/task/${process.pid}/wchan`);

/**
 * Makes `pipe` a new FIFO, starts `hubsim ARGS`, waits until it waits for the pipe's writer, sends
 * `signal`, and resolves with how it ended (exit code, or the signal that ended it) and its stderr.
 */
async function signalWaiting(pipe: string, args: readonly string[], signal: NodeJS.Signals) {
  rmSync(pipe, { force: true });
  expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
  const child = start(...args);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 400 && !waitsForWriter(child.pid!); i++) await new Promise((r) => setTimeout(r, 25));
  expect(waitsForWriter(child.pid!)).toBe(true);
  child.kill(signal);
  // Without the fix the process never ends: SIGKILL it after a while, so the test fails rather than hangs.
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const ending = await ended(child);
  clearTimeout(killer);
  return { ending, stderr };
}

(seesWaits ? test : test.skip)('a scenario or trace given as a pipe no one writes to does not keep an interrupted command from exiting', async () => {
  const dir = tmp();
  const pipe = join(dir, 'pipe');
  const scenario = smallScenario(dir, 'piped', 2, { arrivals: { trace: 'pipe' } });
  for (const [signal, args, code] of [
    ['SIGINT', ['validate', pipe], 130],
    ['SIGTERM', ['run', scenario, '--out', join(dir, 'out')], 143],
  ] as const) {
    const { ending, stderr } = await signalWaiting(pipe, args, signal);
    expect(ending).toBe(code);
    expect(stderr).toBe(`hubsim: interrupted by ${signal}\n`);
  }
  expect(existsSync(join(dir, 'out'))).toBe(false);
}, 60_000);

// A --sweep or --baseline pipe is read on the main thread, whose signal handlers cannot run while it
// waits: Ctrl-C and SIGTERM went unheard until SIGKILL.
(seesWaits ? test : test.skip)('a --sweep or --baseline given as a pipe no one writes to ends on Ctrl-C or SIGTERM, writing nothing', async () => {
  const dir = tmp();
  const pipe = join(dir, 'pipe');
  const scenario = smallScenario(dir, 'piped', 2);
  for (const [signal, args] of [
    ['SIGINT', ['sweep', scenario, '--sweep', pipe, '--out', join(dir, 'out')]],
    ['SIGTERM', ['check', scenario, '--baseline', pipe, '--out', join(dir, 'out', 'check.csv')]],
  ] as const) {
    expect((await signalWaiting(pipe, args, signal)).ending).toBe(signal);
  }
  expect(existsSync(join(dir, 'out'))).toBe(false);
}, 60_000);

test('an interrupted run into a new --out removes the folders it made for it', async () => {
  const parent = tmp();
  const out = join(parent, 'new', 'results');
  const { code } = await interrupt('SIGINT', '1', '1', out);
  expect(code).toBe(130);
  expect(readdirSync(parent)).toEqual([]);
}, 30_000);

test('baseline and check, which run replications too, end on Ctrl-C with the interrupted line and exit 130, writing nothing', async () => {
  const d = tmp();
  const long = longScenario();
  const base = join(d, 'base.csv');
  writeFileSync(base, `scenario,seed,replications,metric,mean,sd,ci95_low,ci95_high,n\nlong,3,1,trucks_arrived,22,,,,1\n`);
  for (const args of [['baseline', long, '--replications', '1', '--workers', '1', '--out', join(d, 'new.csv')], ['check', long, '--baseline', base, '--allow-missing', '--workers', '1', '--out', join(d, 'check.csv')]]) {
    const child = start(...args);
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise((r) => setTimeout(r, 1500)); // inside the replication, which takes many seconds
    child.kill('SIGINT');
    expect(await ended(child)).toBe(130);
    expect(stderr).toBe('hubsim: interrupted by SIGINT\n');
  }
  expect(readdirSync(d)).toEqual(['base.csv']);
}, 60_000);

describe('a closed terminal (SIGHUP) and Ctrl-\\ (SIGQUIT)', () => {
  test('SIGHUP stops a run like SIGTERM: exit 129, leaving nothing in --out', async () => {
    const { code, left } = await interrupt('SIGHUP', '1', '1');
    expect(code).toBe(129);
    expect(left).toEqual([]);
  }, 30_000);

  test('SIGQUIT stops a run too: exit 131, leaving nothing in --out', async () => {
    const { code, left } = await interrupt('SIGQUIT', '2', '4');
    expect(code).toBe(131);
    expect(left).toEqual([]);
  }, 30_000);

  test('SIGQUIT is left to Node when it is the signal for a diagnostic report: the run writes the report and goes on', async () => {
    const out = tmp();
    const reports = tmp();
    const long = longScenario();
    const child = spawn(process.execPath, ['--report-on-signal', '--report-signal=SIGQUIT', `--report-directory=${reports}`, bin, 'run', long, '--replications', '1', '--workers', '1', '--out', out], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let code: unknown = 'running';
    const done = ended(child).then((c) => (code = c));
    const staging = () => readdirSync(out).find((n) => n.startsWith('.hubsim-staging-'));
    for (let i = 0; i < 400 && !(staging() && existsSync(join(out, staging()!, 'long'))); i++) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGQUIT');
    for (let i = 0; i < 200 && readdirSync(reports).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(readdirSync(reports)).toHaveLength(1);
    // hubsim answers the first signal it handles: had it taken SIGQUIT, it would exit 131 whatever came after.
    child.kill('SIGINT');
    await done;
    expect(code).toBe(130);
    expect(readdirSync(out)).toEqual([]);
  }, 30_000);
});

describe('limits', () => {
  test('--workers above 4 per core is refused with the limit', () => {
    const r = hubsim('run', smallScenario(tmp()), '--workers', '1000', '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--workers: must be "auto" or a whole number from 1 to ${4 * availableParallelism()}`);
  });

  test('--replications beyond the limit is refused with the limit', () => {
    const r = hubsim('run', smallScenario(tmp()), '--replications', '1000000000', '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--replications: must be a whole number from 1 to 100000 (got "1000000000")');
  });

  test.each(['1', '2'])('a scenario whose queue grows without bound stops with exit 2, from the main thread or a worker (--workers %s)', (workers) => {
    const d = tmp();
    const s = smallScenario(d, 'overload', 12, {
      arrivals: { trucksPerDay: 100000 },
      hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 1 }] },
      fleet: [{ name: 't', batteryKwh: 1000, maxKw: { CCS: 1 } }],
      behaviour: { breakMin: 45 },
    });
    const out = join(d, 'out');
    const r = hubsim('run', s, '--replications', '2', '--workers', workers, '--sessions', 'none', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`overload\\.json: 1 problem\\n\\s+hub: must not leave more than ${MAX_WAITING} trucks waiting at once`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false); // the folder it made for --out is gone with the run
  }, 60_000);
});
