import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The repository's own regression setup: scripts/check-baselines.js (`npm run check:baselines`).
const root = join(import.meta.dirname, '..');

/**
 * A checkout of hubsim at `dir` holding only what check-baselines needs, with the shipped
 * trace-driven scenario and its baseline (the quickest to check).
 */
function checkout(dir: string): void {
  mkdirSync(join(dir, 'scenarios'), { recursive: true });
  mkdirSync(join(dir, 'baselines'));
  mkdirSync(join(dir, 'scripts'));
  for (const f of ['package.json', 'bin', 'dist']) cpSync(join(root, f), join(dir, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  cpSync(join(root, 'scripts', 'check-baselines.js'), join(dir, 'scripts', 'check-baselines.js'));
  cpSync(join(root, 'scenarios', 'trace-example.json'), join(dir, 'scenarios', 'trace-example.json'));
  cpSync(join(root, 'scenarios', 'traces'), join(dir, 'scenarios', 'traces'), { recursive: true });
  cpSync(join(root, 'baselines', 'trace-example.csv'), join(dir, 'baselines', 'trace-example.csv'));
}

describe('check-baselines', () => {
  test('checks a checkout whose path has a space or a percent sign in it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hubsim-ci-')), 'my hubsim 100%');
    checkout(dir);
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'check-baselines.js')], { encoding: 'utf8', cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok   trace-example\nbaselines: 1 passed, 0 failed\n');
    expect(r.status).toBe(0);
  });
});
