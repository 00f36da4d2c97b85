import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path, { join } from 'node:path';
import { scratch } from './helpers/scratch.js';

// The repository's own regression setup: scripts/check-baselines.js (`npm run check:baselines`) and
// package.json's `npm run baselines`, which refreshes them.
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
  for (const f of ['check-baselines.js', 'baselines.js']) cpSync(join(root, 'scripts', f), join(dir, 'scripts', f));
  cpSync(join(root, 'scenarios', 'trace-example.json'), join(dir, 'scenarios', 'trace-example.json'));
  cpSync(join(root, 'scenarios', 'traces'), join(dir, 'scenarios', 'traces'), { recursive: true });
  cpSync(join(root, 'baselines', 'trace-example.csv'), join(dir, 'baselines', 'trace-example.csv'));
}

describe('check-baselines', () => {
  test('checks a checkout whose path has a space or a percent sign in it', () => {
    const dir = join(scratch('hubsim-ci-'), 'my hubsim 100%');
    checkout(dir);
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'check-baselines.js')], { encoding: 'utf8', cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok   trace-example\nbaselines: 1 passed, 0 failed\n');
    expect(r.status).toBe(0);
  });

  test('fails on a baseline whose scenario is gone, whose check would otherwise stop without a word', () => {
    const dir = scratch('hubsim-ci-');
    checkout(dir);
    cpSync(join(root, 'baselines', 'trace-example.csv'), join(dir, 'baselines', 'old-name.csv'));
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'check-baselines.js')], { encoding: 'utf8', cwd: dir });
    expect(r.stdout).toBe(
      'ok   trace-example\nFAIL old-name: baselines/old-name.csv has no scenario (scenarios/old-name.json); delete the baseline, or restore the scenario\nbaselines: 1 passed, 1 failed\n',
    );
    expect(r.status).toBe(1);
  });
});

describe('build-validator', () => {
  test('checks and writes the validator in a checkout whose path has a percent sign, a hash or a question mark in it', () => {
    const dir = join(scratch('hubsim-ci-'), 'my hubsim 100% #2?');
    for (const f of ['schema', 'src/scenario']) mkdirSync(join(dir, f), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    cpSync(join(root, 'scripts', 'build-validator.js'), join(dir, 'scripts', 'build-validator.js'));
    cpSync(join(root, 'schema', 'scenario.schema.json'), join(dir, 'schema', 'scenario.schema.json'));
    const script = join(dir, 'scripts', 'build-validator.js');
    // No validator yet: --check says it is out of step, and the build writes it.
    const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', cwd: dir });
    expect(check.status).toBe(1);
    expect(spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, 'src', 'scenario', 'schema-validator.generated.ts'), 'utf8')).toBe(readFileSync(join(root, 'src', 'scenario', 'schema-validator.generated.ts'), 'utf8'));
  });
});

describe('npm run baselines', () => {
  test('fails when a scenario\'s baseline cannot be written, after writing the others', () => {
    const dir = scratch('hubsim-ci-');
    checkout(dir);
    // Sorted first, so that the last scenario's success cannot hide it.
    writeFileSync(join(dir, 'scenarios', 'broken.json'), '{ "name": "broken" }\n');
    rmSync(join(dir, 'baselines', 'trace-example.csv'));
    // The script builds first; the checkout is built already, so `npm` here does nothing.
    const stubs = join(dir, 'stubs');
    mkdirSync(stubs);
    writeFileSync(join(stubs, 'npm'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.baselines;
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', cwd: dir, env: { ...process.env, PATH: `${stubs}:${process.env.PATH}` } });
    expect(r.stderr).toMatch(/broken\.json/);
    expect(r.status).not.toBe(0);
    // The scenario after it was written all the same, as hubsim baseline writes it.
    const fresh = join(dir, 'fresh.csv');
    expect(spawnSync(process.execPath, [join(root, 'bin', 'hubsim.js'), 'baseline', join(dir, 'scenarios', 'trace-example.json'), '--out', fresh]).status).toBe(0);
    expect(readFileSync(join(dir, 'baselines', 'trace-example.csv'), 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    expect(existsSync(join(dir, 'baselines', 'broken.csv'))).toBe(false);
  });
});

/**
 * What of `script` (an npm script's command) needs a POSIX shell: npm runs scripts with cmd.exe on
 * Windows, which knows no `VAR=value command`, `||`, `;`, `$(…)`, `$VAR`, `for … in`, single quotes
 * as quotes, nor rm, cp and the like. Text inside double quotes (a `node -e` program) is left out.
 */
function posixOnly(script: string): string[] {
  const bare = script.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const rules: [RegExp, string][] = [
    [/(^|&&\s*)[A-Za-z_][A-Za-z0-9_]*=/, 'VAR=value before a command'],
    [/\|\|/, '||'],
    [/;/, ';'],
    [/\$/, '$'],
    [/\bfor\s+\w+\s+in\b/, 'for … in'],
    [/'/, 'single quotes'],
    [/`/, 'backquotes'],
    [/(^|&&\s*)(rm|cp|mv|mkdir|cat|grep|sed|test|export|exit)\b/, 'a POSIX command'],
  ];
  return rules.filter(([re]) => re.test(bare)).map(([, what]) => what);
}

describe('npm scripts', () => {
  test('the ones a user runs need no POSIX shell: npm runs them with cmd.exe on Windows', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const found = Object.entries(scripts).map(([name, script]) => [name, posixOnly(script)]).filter(([, what]) => what.length > 0);
    expect(found).toEqual([]);
  });

  test('the check itself finds the shell syntax cmd.exe lacks', () => {
    expect(posixOnly('NODE_OPTIONS=--experimental-vm-modules jest')).toEqual(['VAR=value before a command']);
    expect(posixOnly('npm run build || exit 1; for f in a/*.json; do x "$(basename "$f")"; done')).toEqual(expect.arrayContaining(['||', ';', '$', 'for … in']));
    expect(posixOnly(`node -e "require('node:fs').rmSync('dist', { recursive: true, force: true })" && tsc`)).toEqual([]);
  });
});

describe('a checkout on Windows', () => {
  test('gets LF line ends whatever core.autocrlf says: golden CSVs, scenarios and shell scripts as committed', () => {
    const files = ['test/fixtures/report/recklinghausen-phase1/by-hour.csv', 'scenarios/koblenz.json', 'baselines/koblenz.csv', 'deploy/slurm-array.sh', '.ci/run', 'src/index.ts'];
    const r = spawnSync('git', ['check-attr', 'eol', '--', ...files], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(files.map((f) => `${f}: eol: lf\n`).join(''));
  });
});

describe('the build scripts on Windows', () => {
  test('compare and write the paths of src/ and dist/ with / whatever the system writes', async () => {
    // @ts-expect-error: a plain JavaScript module of the build, without types.
    const { inside } = (await import('../scripts/paths.js')) as { inside: (p: typeof path, from: string, to: string) => string | undefined };
    expect(inside(path.win32, 'C:\\hubsim\\src', 'C:\\hubsim\\src\\cli\\main.ts')).toBe('cli/main.ts');
    expect(inside(path.win32, 'C:\\hubsim\\dist', 'C:\\hubsim\\dist\\bundle\\hubsim.cjs')).toBe('bundle/hubsim.cjs');
    expect(inside(path.win32, 'C:\\hubsim\\src', 'C:\\hubsim\\node_modules\\x\\index.d.ts')).toBeUndefined();
    expect(inside(path.win32, 'C:\\hubsim\\src', 'D:\\src\\index.ts')).toBeUndefined();
    expect(inside(path.posix, '/hubsim/src', '/hubsim/src/index.ts')).toBe('index.ts');
    expect(inside(path.posix, '/hubsim/src', '/hubsim/srcx/index.ts')).toBeUndefined();
  });
});

describe('prepare', () => {
  // `npx hubsim` in a checkout installs the checkout into npx's cache, and npm prepares it again,
  // in place (npm_command "exec"): a build then removed dist/ under every hubsim running from it.
  test('leaves a built checkout as it is when npx prepares it', () => {
    const dir = scratch('hubsim-ci-');
    mkdirSync(join(dir, 'scripts'));
    for (const f of ['package.json', 'dist']) cpSync(join(root, f), join(dir, f), { recursive: true });
    cpSync(join(root, 'scripts', 'prepare.js'), join(dir, 'scripts', 'prepare.js'));
    writeFileSync(join(dir, 'dist', 'left-as-it-was'), '');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.prepare).toBe('node scripts/prepare.js');
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'prepare.js')], { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_command: 'exec' } });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(existsSync(join(dir, 'dist', 'left-as-it-was'))).toBe(true);
  });
});
