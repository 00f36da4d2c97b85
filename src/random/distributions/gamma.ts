import { randomGamma } from 'd3-random';
import { jStat } from '../../jstat.js';
import type { DistributionFamily } from './types.js';

/** Gamma with shape k and scale theta (mean k * theta). */
export const gamma: DistributionFamily<{ shape: number; scale: number }> = {
  sampler: (p, rng) => randomGamma.source(rng)(p.shape, p.scale),
  cdf: (p, x) => (x <= 0 ? 0 : jStat.gamma.cdf(x, p.shape, p.scale)),
  mean: (p) => p.shape * p.scale,
};
