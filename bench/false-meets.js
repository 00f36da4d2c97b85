// How often `hubsim size` declares a design met whose metric sits exactly on its target: one design,
// a normal metric of mean 0 and a target x >= 0, at 95 %, searched 20,000 times with one look (10
// replications, no doubling) and with the default doubling from 10 up to 160. Each search's
// evaluator draws its own values from one seeded stream, so the figures repeat exactly.
//
//   npm run build && node bench/false-meets.js
import seedrandom from 'seedrandom';
import { randomNormal } from 'd3-random';
import { sizeSearch } from '../dist/stats/sizing.js';

const TRIALS = 20_000;
const normal = randomNormal.source(seedrandom('false-meets'))(0, 1);
const evaluate = async (_values, from, to) => Array.from({ length: to - from + 1 }, () => ({ x: normal() }));

for (const [replications, maxReplications] of [[10, 10], [10, 160]]) {
  let meets = 0;
  for (let k = 0; k < TRIALS; k++) {
    const r = await sizeSearch({ sized: [1], targets: [{ metric: 'x', op: '>=', value: 0 }], confidence: 0.95, replications, maxReplications }, evaluate);
    if (r.evaluations[0].verdict === 'meets') meets++;
  }
  console.log(`replications ${replications} up to ${maxReplications}: declared met in ${((100 * meets) / TRIALS).toFixed(1)} % of ${TRIALS} searches (nominal 5 % for one look)`);
}
