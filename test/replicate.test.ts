import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers/cli.js';
import { baseRaw, ccsGroup } from './helpers/scenarios.js';
import { scratch } from './helpers/scratch.js';

// One replication's detail files on a disk that fills, as a file size limit (ulimit -f, its signal
// ignored) makes one: every write past it fails (EFBIG). Run in a process of its own, which must end
// by itself: a sessions writer thread left running kept it waiting, with the files it had open.

describe('a replication whose power.csv fills the disk after a writer thread took its sessions over', () => {
  test('fails with the disk named, its sessions writer thread ended, and the process exits', () => {
    const dir = scratch('hubsim-replicate-');
    // 300 trucks a day: past the 20,000 rows after which a thread writes the sessions by day 67;
    // power every minute, some 100 kB a day, past the 8 MiB limit by day 130 (the sessions then some 3.5 MB).
    const raw = { ...baseRaw(), horizon: { days: 150 }, hub: { allocation: 'equal', chargers: [ccsGroup('ccs', 40)] }, arrivals: { trucksPerDay: 300 }, output: { powerIntervalMin: 1 } };
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify(raw));
    const out = join(dir, 'out');
    const script = `
      import { mkdirSync, readFileSync } from 'node:fs';
      import { parseScenario } from ${JSON.stringify(join(root, 'dist', 'index.js'))};
      import { runTaskSliced } from ${JSON.stringify(join(root, 'dist', 'cli', 'replicate.js'))};
      const [file, out] = process.argv.slice(2);
      mkdirSync(out);
      const scenario = parseScenario(readFileSync(file, 'utf8'));
      const task = { scenario, replication: 1, seed: 1, dir: out, sessions: true, sessionsHeader: true, bays: false, powerUntilMin: 150 * 1440, breakdown: false };
      runTaskSliced(task, () => false).then(() => console.log('written'), (err) => console.log(err.constructor.name + ': ' + err.message));
    `;
    // A file, not --eval: a worker thread is started with the process's own options.
    writeFileSync(join(dir, 'run.mjs'), script);
    const r = spawnSync('bash', ['-c', 'trap "" XFSZ; ulimit -f 8192; exec "$@"', 'bash', process.execPath, join(dir, 'run.mjs'), join(dir, 'scenario.json'), out], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBeNull();
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^EnvironmentError: cannot write into .*out: file too large \(EFBIG\)\n$/);
    expect(readdirSync(out).sort()).toEqual(['power.csv', 'sessions.1.part']);
  }, 60_000);
});
