import { randomGamma } from 'd3-random';
import { jStat } from '../../jstat.js';
import type { DistributionFamily } from './types.js';

/** Gamma with shape k and scale theta (mean k * theta). */
export const gamma: DistributionFamily<{ shape: number; scale: number }> = {
  sampler: (p, rng) => randomGamma.source(rng)(p.shape, p.scale),
  // x / scale overflows to Infinity for a tiny scale, where jStat gives NaN: all the mass is below x.
  cdf: (p, x) => (x <= 0 ? 0 : x / p.scale === Infinity ? 1 : jStat.gamma.cdf(x, p.shape, p.scale)),
  mean: (p) => p.shape * p.scale,
};
