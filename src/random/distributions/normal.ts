import { randomNormal } from 'd3-random';
import { jStat } from '../../jstat.js';
import type { DistributionFamily } from './types.js';

/** Normal with the given mean and standard deviation (sd 0 is the constant `mean`). */
export const normal: DistributionFamily<{ mean: number; sd: number }> = {
  sampler: (p, rng) => randomNormal.source(rng)(p.mean, p.sd),
  cdf: (p, x) => (p.sd === 0 ? (x >= p.mean ? 1 : 0) : jStat.normal.cdf(x, p.mean, p.sd)),
  mean: (p) => p.mean,
};
