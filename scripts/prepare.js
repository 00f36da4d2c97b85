#!/usr/bin/env node
// What npm runs to prepare this package (`prepare`): `npm run build`, after `npm ci` or
// `npm install` in a checkout, when installed from git, and before `npm pack`. Not when
// `npx hubsim` in a checkout that is built already installs the checkout into npx's cache (npm then
// prepares it again, in place): the build begins by removing dist/, and every hubsim running from
// that checkout meanwhile failed on the next module it loaded (the report's charts, a worker).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = ['dist/cli/bundled.cjs', 'dist/index.js'].every((f) => existsSync(new URL(`../${f}`, import.meta.url)));
if (process.env.npm_command === 'exec' && built) process.exit(0);
// npm's own script runner, as npm gives it to its scripts (npm_execpath), under this Node.
const npm = process.env.npm_execpath;
const r = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'inherit' }) : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
