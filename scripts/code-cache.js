#!/usr/bin/env node
// Makes the bundles' code caches (src/cli/bundled.cts). `node scripts/code-cache.js` compiles
// dist/bundle/hubsim.cjs from its source, runs `hubsim run` on one day of two shipped scenarios into
// a temporary folder, and writes the bytecode of every function that compiled to
// dist/bundle/hubsim.cache. `node scripts/code-cache.js vega` then runs the same with `--report`,
// and writes the bytecode of every function of vega's bundle (dist/bundle/vega.cjs) that drawing
// the reports compiled to dist/bundle/vega.cache. Two processes, so that the command line's cache,
// which every command reads, holds no code that only a report runs. scripts/bundle.js runs both,
// each in a process of its own, as a user's command runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUDGET_FILE, CACHE_FILE, loadBundle, nodeIdentity, VEGA_CACHE_FILE, vegaScript } from '../dist/cli/bundled.cjs';

const vega = process.argv[2] === 'vega';

// V8's interrupt budget under the flags this process runs with, the flags the cache holds under:
// the command line raises it for short commands and comes back to it (src/cli/v8-budget.ts). A
// Node that does not list it gets no budget in the record, and the command line leaves V8's flags
// alone. The record also names this Node, the only one the caches are used under.
const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout ?? '';
const budget = /^\s*--interrupt-budget \(.*\)\s+type: int\s+default: --interrupt-budget=(\d+)/m.exec(options);

const dir = mkdtempSync(join(tmpdir(), 'hubsim-code-cache-'));
const files = ['koblenz', 'recklinghausen-phase1-shared'].map((name) => {
  const scenario = JSON.parse(readFileSync(new URL(`../scenarios/${name}.json`, import.meta.url), 'utf8'));
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...scenario, $schema: undefined, horizon: { days: 1, warmupDays: 0 } }));
  return file;
});

// vega's cache is made with the command line's in use, as a user's report runs.
const bundle = loadBundle(vega ? 'use cache' : 'no cache');
process.argv = [process.argv[0], 'hubsim', 'run', ...files, '--replications', '2', '--sessions', 'all', '--workers', '1', ...(vega ? ['--report'] : []), '--out', join(dir, 'out')];
process.on('exit', (code) => {
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) return;
  if (vega) {
    const script = vegaScript();
    if (script === undefined) throw new Error('the reports drew no chart: no code cache for vega');
    writeFileSync(VEGA_CACHE_FILE, script.createCachedData());
    return;
  }
  writeFileSync(CACHE_FILE, bundle.script.createCachedData());
  writeFileSync(BUDGET_FILE, `${JSON.stringify({ node: nodeIdentity(), ...(budget ? { interruptBudget: Number(budget[1]) } : {}) })}\n`);
});
await bundle.start('main');
