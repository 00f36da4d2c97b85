// How much of one run is the compiler's warm-up: runs case (a) and/or (b) of the benchmark once, in
// this thread, a slice of events at a time, and compares the first slices with the run's steady
// pace (the median slice of its second half):
//
//   npm run build && node bench/warmup.js a,b            (--scale F for shorter runs, --slice N)
//
// A fresh process runs the simulation unoptimised until V8 has seen enough of it, then compiles it
// on a helper thread, and again when a path first taken (the statistics window opening after the
// warm-up days, the first truck to renege) invalidates what it compiled. Every run in a fresh
// process or worker thread pays this once; a second run in the same thread does not.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startSimulation } from '../dist/model/simulate.js';
import { FULL, scenarioA, scenarioB } from './scenarios.js';

// Options are `--name value`; the one other argument is the list of cases.
const args = process.argv.slice(2);
const options = {};
let list = 'a,b';
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith('--')) options[args[i]] = args[++i];
  else list = args[i];
}
const cases = list.split(',');
const scale = Number(options['--scale'] ?? 1);
if (!(scale > 0 && Number.isFinite(scale))) {
  console.error('warmup: --scale must be a finite number > 0');
  process.exit(2);
}
const slice = Number(options['--slice'] ?? 10_000);

for (const c of cases) if (c !== 'a' && c !== 'b') throw new Error(`unknown case ${c} (a or b)`);
// Each case in a process of its own: a second case in the same one would find code compiled already.
if (cases.length > 1) {
  const rest = Object.entries(options).flat();
  for (const c of cases) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), c, ...rest], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}

// One case, in this process.
const [c] = cases;
// As run.js does: at least 20 days, so that the warm-up days leave a window.
const days = (full) => Math.max(20, Math.round(full * scale));
const scenario = c === 'a' ? scenarioA(days(FULL.mmcDays)) : scenarioB(days(FULL.fullDays));
const sim = startSimulation(scenario, 1);
const times = [];
const t0 = performance.now();
let last = t0;
for (let done = false; !done; ) {
  done = sim.step(slice);
  const t = performance.now();
  if (!done) times.push(t - last); // the last slice is partial
  last = t;
}
const total = last - t0;
if (times.length < 2) {
  // No steady pace to measure against: the run is one or two slices.
  console.error(`warmup: ${c} holds too few slices of ${slice} events to find a steady pace; give a larger --scale or a smaller --slice`);
  process.exit(2);
}
const second = times.slice(Math.floor(times.length / 2)).sort((x, y) => x - y);
const steady = second[Math.floor(second.length / 2)];
// Warm from the first of five slices in a row under 1.5 x the steady pace; what the slices before
// it took over that pace is the warm-up. (Later slices vary with the machine's load, not with
// the code: they are left out.)
const found = times.findIndex((t, i) => times.slice(i, i + 5).every((u) => u < 1.5 * steady));
const warm = found < 0 ? times.length : found;
const excess = times.slice(0, warm).reduce((sum, t) => sum + Math.max(0, t - steady), 0);
const r = sim.result();
console.log(
  `${c}: ${r.trucks} trucks, ${r.events} events in ${(total / 1000).toFixed(2)} s; steady ${steady.toFixed(1)} ms per ${slice} events; ` +
    `first slices ${times.slice(0, 5).map((t) => t.toFixed(0)).join(', ')} ms; ` +
    `warm from slice ${warm + 1}; the slices before it took ${excess.toFixed(0)} ms over the steady pace (${((100 * excess) / total).toFixed(0)} % of the run)`,
);
