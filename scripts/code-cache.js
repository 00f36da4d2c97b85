#!/usr/bin/env node
// Makes the bundle's code cache (src/cli/bundled.cts): compiles dist/bundle/hubsim.cjs from its
// source, runs `hubsim run` on one day of two shipped scenarios into a temporary folder, and
// writes the bytecode of every function that compiled to dist/bundle/hubsim.cache. scripts/bundle.js
// runs it in a process of its own, as a user's command runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUDGET_FILE, CACHE_FILE, loadBundle, nodeIdentity } from '../dist/cli/bundled.cjs';

// V8's interrupt budget under the flags this process runs with, the flags the cache holds under:
// the command line raises it for short commands and comes back to it (src/cli/v8-budget.ts). A
// Node that does not list it gets no budget in the record, and the command line leaves V8's flags
// alone. The record also names this Node, the only one the cache is used under.
const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout ?? '';
const budget = /^\s*--interrupt-budget \(.*\)\s+type: int\s+default: --interrupt-budget=(\d+)/m.exec(options);

const dir = mkdtempSync(join(tmpdir(), 'hubsim-code-cache-'));
const files = ['koblenz', 'recklinghausen-phase1-shared'].map((name) => {
  const scenario = JSON.parse(readFileSync(new URL(`../scenarios/${name}.json`, import.meta.url), 'utf8'));
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...scenario, $schema: undefined, horizon: { days: 1, warmupDays: 0 } }));
  return file;
});

const bundle = loadBundle('no cache');
process.argv = [process.argv[0], 'hubsim', 'run', ...files, '--replications', '2', '--sessions', 'all', '--workers', '1', '--out', join(dir, 'out')];
process.on('exit', (code) => {
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) return;
  writeFileSync(CACHE_FILE, bundle.script.createCachedData());
  writeFileSync(BUDGET_FILE, `${JSON.stringify({ node: nodeIdentity(), ...(budget ? { interruptBudget: Number(budget[1]) } : {}) })}\n`);
});
await bundle.start('main');
