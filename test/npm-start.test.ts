import { afterAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start -- ARGS` is `hubsim ARGS`, typed in the same folder, though npm runs the script in the
// package's own folder.

const root = process.cwd();
mkdirSync(join(root, 'test-output'), { recursive: true });
const sub = mkdtempSync(join(root, 'test-output', 'npm-start-'));

afterAll(() => rmSync(sub, { recursive: true, force: true }));

const npm = (...args: string[]) => spawnSync('npm', ['start', '--silent', '--', ...args], { cwd: sub, encoding: 'utf8', shell: process.platform === 'win32' });

describe('npm start from a folder inside the package', () => {
  test('reads the files and writes --out where it was typed, as hubsim typed there does', () => {
    copyFileSync(join(root, 'scenarios', 'recklinghausen-phase1.json'), join(sub, 'mine.json'));
    const v = npm('validate', 'mine.json');
    expect(v.stderr).toBe('');
    expect(v.stdout).toBe('ok: mine.json (recklinghausen-phase1)\n');
    expect(v.status).toBe(0);
    const r = npm('run', 'mine.json', '--replications', '1', '--workers', '1', '--sessions', 'none', '--power', 'none', '--out', 'res');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('report: hubsim report res/recklinghausen-phase1, or run with --report');
    expect(existsSync(join(sub, 'res', 'recklinghausen-phase1', 'summary.csv'))).toBe(true);
    expect(existsSync(join(root, 'res'))).toBe(false);
  }, 60_000);

  /** hubsim as npm start runs it: in the package's folder, told where npm was typed. */
  const asNpmStart = (typedIn: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin', 'hubsim.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_lifecycle_event: 'start', npm_package_json: join(root, 'package.json'), INIT_CWD: typedIn } });

  test('typed outside the checkout (npm --prefix), paths are read from the package folder, as npm runs scripts', () => {
    const r = asNpmStart(tmpdir(), 'validate', 'scenarios/recklinghausen-phase1.json');
    expect(r.stdout).toBe('ok: scenarios/recklinghausen-phase1.json (recklinghausen-phase1)\n');
    expect(r.status).toBe(0);
  });

  test('a folder it was typed in that is gone is named, exit 2', () => {
    const gone = join(sub, 'gone');
    const r = asNpmStart(gone, 'validate', 'mine.json');
    expect(r.stderr).toBe(`hubsim: cannot enter the folder npm start was typed in, ${gone}: no such file or folder (ENOENT); it was deleted after the shell entered it: change to a folder that exists\n`);
    expect(r.status).toBe(2);
  });
});
