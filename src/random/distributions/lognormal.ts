import { randomLogNormal } from 'd3-random';
import { jStat } from '../../jstat.js';
import type { DistributionFamily } from './types.js';

/**
 * Log-normal given the mean and sd of the variable itself (not of its log), which is how planners
 * know their data. Converted with sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
 */
export const lognormal: DistributionFamily<{ mean: number; sd: number }> = {
  sampler: (p, rng) => {
    const { mu, sigma } = logParams(p);
    return randomLogNormal.source(rng)(mu, sigma);
  },
  cdf: (p, x) => {
    if (x <= 0) return 0;
    const { mu, sigma } = logParams(p);
    return sigma === 0 ? (x >= p.mean ? 1 : 0) : jStat.lognormal.cdf(x, mu, sigma);
  },
  mean: (p) => p.mean,
};

function logParams(p: { mean: number; sd: number }): { mu: number; sigma: number } {
  const s2 = Math.log(1 + (p.sd * p.sd) / (p.mean * p.mean));
  return { mu: Math.log(p.mean) - s2 / 2, sigma: Math.sqrt(s2) };
}
