// Runs case (a) and/or (b) of the benchmark once, in this thread, for profiling:
//
//   node --cpu-prof --cpu-prof-dir=/tmp/hubsim-prof bench/profile.js a      (or b, or a,d)
//   node --cpu-prof --cpu-prof-dir=/tmp/hubsim-prof bench/profile.js b --scale 0.5
//   node --cpu-prof --cpu-prof-dir=/tmp/hubsim-prof bench/profile.js s512-equal   (bay scaling: s<bays>-<policy>)
//
// then open the .cpuprofile in Chrome DevTools (Performance tab) or summarise it with
// `node bench/profile-summary.js FILE`. Case d is (a) writing sessions through runTask.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { simulate } from '../dist/index.js';
import { runTask } from '../dist/cli/replicate.js';
import { FULL, SCALE_TRUCKS, scaleDays, scenarioA, scenarioB, scenarioScale } from './scenarios.js';

const args = process.argv.slice(2);
const si = args.indexOf('--scale');
const scale = si >= 0 ? Number(args[si + 1]) : 1;
// The cases: the word that is no option nor --scale's value, wherever it stands.
const cases = (args.find((a, i) => !a.startsWith('--') && (si < 0 || i !== si + 1)) ?? 'a,b').split(',');
if (!(scale > 0 && Number.isFinite(scale))) {
  console.error('profile: --scale must be a finite number > 0');
  process.exit(2);
}
// As run.js does: at least 20 days, which a warm-up of 10 leaves a window of.
const days = (full) => Math.max(20, Math.round(full * scale));

for (const c of cases) {
  const t0 = performance.now();
  let r;
  if (c === 'a') r = simulate(scenarioA(days(FULL.mmcDays)), 1);
  else if (c === 'b') r = simulate(scenarioB(days(FULL.fullDays)), 1);
  else if (/^s\d+-(equal|fifo|deadline)$/.test(c)) {
    const [bays, policy] = [Number(c.slice(1, c.indexOf('-'))), c.slice(c.indexOf('-') + 1)];
    r = simulate(scenarioScale(bays, scaleDays(bays, SCALE_TRUCKS * scale), policy), 1);
  } else if (c === 'd') {
    const dir = mkdtempSync(join(os.tmpdir(), 'hubsim-prof-d-'));
    try {
      r = runTask({ scenario: scenarioA(days(FULL.mmcDays)), replication: 1, seed: 1, dir, sessions: true, bays: false, powerUntilMin: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else throw new Error(`unknown case ${c}`);
  const s = (performance.now() - t0) / 1000;
  console.log(`${c}: ${r.trucks} trucks, ${r.events} events, ${s.toFixed(2)} s, ${Math.round(r.trucks / s)} trucks/s`);
}
