#!/usr/bin/env node
// Writes every shipped scenario's baseline (baselines/<name>.csv) with `hubsim baseline`, going on
// past a scenario whose baseline cannot be written, so that one broken scenario does not keep the
// others' from being refreshed. `npm run baselines` builds first. A node script rather than a shell
// loop in package.json, which npm runs with cmd.exe on Windows.
// Exit code: 0 when every baseline was written, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A path, not a URL's: a URL escapes a space in the checkout's path as %20, which no folder is named.
const root = fileURLToPath(new URL('..', import.meta.url));
let failed = false;
for (const file of readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.json')).sort()) {
  const out = join('baselines', `${basename(file, '.json')}.csv`);
  // Paths relative to the checkout, as the command prints them back.
  const r = spawnSync(process.execPath, [join(root, 'bin', 'hubsim.js'), 'baseline', join('scenarios', file), '--out', out], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
