#!/usr/bin/env node
// Re-runs every shipped scenario against its committed baseline (baselines/<name>.csv) with
// `hubsim check`, and prints one line per scenario (and per baseline without a scenario) and a
// closing `N passed, N failed` line.
// Exit code: 0 when all held, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A path, not a URL's: a URL escapes a space in the checkout's path as %20, which no folder is named.
const root = fileURLToPath(new URL('..', import.meta.url));
const scenarios = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.json')).sort();
let passed = 0;
let failed = 0;
for (const file of scenarios) {
  const name = basename(file, '.json');
  const baseline = join(root, 'baselines', `${name}.csv`);
  if (!existsSync(baseline)) {
    console.log(`FAIL ${name}: no baseline (write one with: hubsim baseline scenarios/${file} --out baselines/${name}.csv)`);
    failed++;
    continue;
  }
  const r = spawnSync(process.execPath, [join(root, 'bin/hubsim.js'), 'check', join(root, 'scenarios', file), '--baseline', baseline], { encoding: 'utf8' });
  if (r.status === 0) {
    console.log(`ok   ${name}`);
    passed++;
  } else {
    console.log(`FAIL ${name} (${r.status === null ? `killed by ${r.signal}` : `exit ${r.status}`})\n${r.stdout}${r.stderr}`);
    failed++;
  }
}
// A baseline left behind by a scenario deleted or renamed: the check it stood for is no longer run.
for (const file of readdirSync(join(root, 'baselines')).filter((f) => f.endsWith('.csv')).sort()) {
  const name = basename(file, '.csv');
  if (scenarios.includes(`${name}.json`)) continue;
  console.log(`FAIL ${name}: baselines/${file} has no scenario (scenarios/${name}.json); delete the baseline, or restore the scenario`);
  failed++;
}
console.log(`baselines: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
