import { randomNormal } from 'd3-random';
import { jStat } from '../../jstat.js';
import type { DistributionFamily } from './types.js';

/** Gamma with shape k and scale theta (mean k * theta). */
export const gamma: DistributionFamily<{ shape: number; scale: number }> = {
  sampler: (p, rng) => {
    // d3's randomGamma (Marsaglia & Tsang 2000, boosted by U^(1/k) below shape 1), step for step,
    // so that it draws the same numbers; but where U^(1/k) underflows at a tiny shape although the
    // product need not, the product is taken through logs.
    const k = p.shape;
    const theta = p.scale;
    if (k === 1) return () => -Math.log1p(-rng()) * theta;
    const normal = randomNormal.source(rng)();
    const d = (k < 1 ? k + 1 : k) - 1 / 3;
    const c = 1 / (3 * Math.sqrt(d));
    return () => {
      let x: number;
      let v: number;
      let u: number;
      do {
        do {
          x = normal();
          v = 1 + c * x;
        } while (v <= 0);
        v *= v * v;
        u = 1 - rng();
      } while (u >= 1 - 0.0331 * x * x * x * x && Math.log(u) >= 0.5 * x * x + d * (1 - v + Math.log(v)));
      if (k > 1) return d * v * 1 * theta;
      const w = rng();
      const out = d * v * Math.pow(w, 1 / k) * theta;
      return out > 0 && out < Infinity ? out : Math.exp(Math.log(d * v) + Math.log(w) / k + Math.log(theta));
    };
  },
  cdf: (p, x) => {
    if (x <= 0) return 0;
    const y = x / p.scale;
    // Past the range of doubles jStat gives NaN or 0. Overflow: all the mass is below x. Underflow:
    // the series' first term, y^k / Gamma(k + 1), through logs, is the whole answer for so small a y.
    if (y === Infinity) return 1;
    if (y === 0) return Math.exp(p.shape * (Math.log(x) - Math.log(p.scale)) - jStat.gammaln(p.shape + 1));
    return jStat.gamma.cdf(x, p.shape, p.scale);
  },
  mean: (p) => p.shape * p.scale,
};
