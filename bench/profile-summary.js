// Summarises a V8 .cpuprofile: self time and inclusive ("total") time per function, top N.
//   node bench/profile-summary.js FILE.cpuprofile [N]
import { readFileSync } from 'node:fs';

const [file, nArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.js FILE.cpuprofile [N]');
  process.exit(2);
}
const top = Number(nArg ?? 30);
if (!Number.isInteger(top) || top < 1) {
  // A second profile where N belongs (a glob matching several files) would print empty tables.
  console.error(`usage: node bench/profile-summary.js FILE.cpuprofile [N]: one profile, and N a whole number (got ${JSON.stringify(nArg)})`);
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Samples per node, weighted by their time deltas.
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const key = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\/.*?\/(dist|node_modules|bench)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
};
const self = new Map();
const incl = new Map();
for (const [id, us] of selfUs) {
  const k = key(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + us);
  // Inclusive: charge every distinct function on the stack once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const kk = key(byId.get(cur));
    if (seen.has(kk)) continue;
    seen.add(kk);
    incl.set(kk, (incl.get(kk) ?? 0) + us);
  }
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n\nself time:`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${k}`);
console.log('\ninclusive time:');
for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${k}`);
