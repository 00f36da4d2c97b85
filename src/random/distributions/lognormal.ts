import { randomLogNormal } from 'd3-random';
import { standardNormalCdf } from './normal.js';
import type { DistributionFamily } from './types.js';

/**
 * Log-normal given the mean and sd of the variable itself (not of its log), which is how planners
 * know their data. Converted with sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
 */
export const lognormal: DistributionFamily<{ mean: number; sd: number }> = {
  sampler: (p, rng) => {
    const { mu, sigma } = logParams(p);
    // No spread: the mean itself, which exp(ln(mean)) can miss by a rounding step.
    if (sigma === 0) return () => p.mean;
    return randomLogNormal.source(rng)(mu, sigma);
  },
  cdf: (p, x) => {
    if (x <= 0) return 0;
    const { mu, sigma } = logParams(p);
    return sigma === 0 ? (x >= p.mean ? 1 : 0) : standardNormalCdf((Math.log(x) - mu) / sigma);
  },
  // With no spread, all the mass is at the mean, as in `normal`.
  cdfBelow: (p, x) => (logParams(p).sigma === 0 ? (x > p.mean ? 1 : 0) : lognormal.cdf(p, x)),
  mean: (p) => p.mean,
};

function logParams(p: { mean: number; sd: number }): { mu: number; sigma: number } {
  let s2 = Math.log(1 + (p.sd * p.sd) / (p.mean * p.mean));
  if (!Number.isFinite(s2)) {
    // The squares overflowed or underflowed (extreme parameters): work from the ratio, and past
    // 1e150 from logs (ln(1 + r^2) ≈ 2 ln r), so that mu and sigma stay finite and the sampler
    // never meets -Infinity + Infinity.
    const ratio = p.sd / p.mean;
    s2 = ratio < 1e150 ? Math.log1p(ratio * ratio) : 2 * (Math.log(p.sd) - Math.log(p.mean));
  }
  return { mu: Math.log(p.mean) - s2 / 2, sigma: Math.sqrt(s2) };
}
