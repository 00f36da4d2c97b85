#!/usr/bin/env node
// Makes the bundle's code cache (src/cli/bundled.cts): compiles dist/bundle/hubsim.cjs from its
// source, runs `hubsim run` on one day of two shipped scenarios into a temporary folder, and
// writes the bytecode of every function that compiled to dist/bundle/hubsim.cache. scripts/bundle.js
// runs it in a process of its own, as a user's command runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_FILE, loadBundle } from '../dist/cli/bundled.cjs';

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
  if (code === 0) writeFileSync(CACHE_FILE, bundle.script.createCachedData());
});
await bundle.start('main');
