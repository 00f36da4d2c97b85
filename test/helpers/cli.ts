/**
 * Running the built command line as a user would (`npm test` builds dist/ first): a real process,
 * real files in a fresh temporary folder, exit code, stdout and stderr.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from './scratch.js';

export const root = join(import.meta.dirname, '..', '..');
export const bin = join(root, 'bin', 'hubsim.js');

/** A shipped scenario's path. */
export const scenario = (name: string) => join(root, 'scenarios', `${name}.json`);

/** Result of one finished hubsim process. */
export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `hubsim ARGS` to the end. */
export function hubsim(...args: string[]): Ran {
  return hubsimWithin(undefined, ...args);
}

/** Runs `hubsim ARGS`, killing it after `ms` if given (status null then): for a command that must not hang. */
export function hubsimWithin(ms: number | undefined, ...args: string[]): Ran {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, timeout: ms, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `hubsim ARGS` without waiting for it. */
export function start(...args: string[]): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for a started process to end; resolves with its exit code (or signal name). */
export function ended(child: ChildProcess): Promise<number | string | null> {
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
}

/**
 * Resolves once commands have made at least `n` attempts at the lock of the output folder `out`.
 * Each attempt makes a `.hubsim-lock-new-…` folder there and, while another run holds the lock,
 * removes it again (two changes to `out`, so 2n − 1 of them take n attempts): a command seen trying
 * has done all it does before it needs the lock, and one seen trying again is waiting for it, with
 * no guess at how long that takes on a loaded machine. Call it before the command starts.
 */
export function lockAttempts(out: string, n: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const watcher = watch(out, (_event, name) => {
      if (name?.startsWith('.hubsim-lock-new-') && ++seen >= 2 * n - 1) {
        watcher.close();
        resolve();
      }
    });
  });
}

/** A fresh temporary folder. */
export const tmp = () => scratch('hubsim-test-');

/** Reads OUT/<name>/<file>. */
export const read = (out: string, name: string, file: string) => readFileSync(join(out, name, file), 'utf8');

/** Every entry below `dir`, as sorted relative paths (folders end with /). */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) {
        out.push(`${prefix}${e.name}/`);
        walk(join(d, e.name), `${prefix}${e.name}/`);
      } else out.push(`${prefix}${e.name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/**
 * Writes a small fast scenario (named `name`, `days` days of a two-bay hub) into `dir` and returns
 * its path; `patch` replaces top-level sections.
 */
export function smallScenario(dir: string, name = 'small', days = 2, patch: Record<string, unknown> = {}): string {
  const raw = {
    name,
    seed: 3,
    horizon: { days, warmupDays: 0 },
    hub: { gridKw: 600, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] },
    arrivals: { trucksPerDay: 30 },
    fleet: [{ name: 'eactros', batteryKwh: 600, maxKw: { CCS: 400 }, curve: [[0, 1], [0.8, 1], [1, 0.3]] }],
    demand: { arrivalSoc: { dist: 'uniform', min: 0.1, max: 0.4 }, targetSoc: 0.8 },
    behaviour: { breakMin: 45, patienceMin: 30 },
    ...patch,
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(raw));
  return file;
}

/**
 * Runs `hubsim ARGS` to the end and returns it with its peak resident memory in MB, as the system
 * counts it (`process.resourceUsage().maxRSS`, read as the process exits): for commands whose memory
 * must not grow with what they only pass through.
 */
export function hubsimPeakMb(...args: string[]): Ran & { readonly peakMb: number } {
  const dir = tmp();
  const preload = join(dir, 'peak.cjs');
  const file = join(dir, 'peak');
  writeFileSync(preload, `const { isMainThread } = require('node:worker_threads');\nif (isMainThread) process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(file)}, String(process.resourceUsage().maxRSS)));\n`);
  const r = spawnSync(process.execPath, ['--require', preload, bin, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, peakMb: Number(readFileSync(file, 'utf8')) / 1024 };
}

/**
 * Each slice's shard.json made to record its files as they now are, as a slice rewritten by hand
 * with its record, or written so by a faulty build, would: the checks of the files' contents are
 * then what stands between them and the result. (A record left as it was refuses any edit: see
 * "a slice file with rows taken out" in merge.test.ts.)
 */
export function rerecord(dirs: string[]): void {
  for (const dir of dirs) {
    for (const name of existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir) : []) {
      const f = join(dir, name, 'shard.json');
      let m: any;
      try {
        m = JSON.parse(readFileSync(f, 'utf8'));
      } catch {
        continue;
      }
      if (m === null || typeof m.files !== 'object' || m.files === null || Array.isArray(m.files)) continue;
      for (const file of Object.keys(m.files)) {
        const path = join(dir, name, file);
        if (!existsSync(path) || !statSync(path).isFile()) continue;
        const bytes = readFileSync(path);
        m.files[file] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      }
      writeFileSync(f, `${JSON.stringify(m, null, 2)}\n`);
    }
  }
}
