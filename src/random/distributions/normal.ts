import { randomNormal } from 'd3-random';
import { jStat } from '../../jstat.js';
import type { DistributionFamily } from './types.js';

/** Normal with the given mean and standard deviation (sd 0 is the constant `mean`). */
export const normal: DistributionFamily<{ mean: number; sd: number }> = {
  sampler: (p, rng) => randomNormal.source(rng)(p.mean, p.sd),
  // Standardised first: jStat squares the sd, which underflows to 0 for a tiny sd and gives NaN.
  cdf: (p, x) => (p.sd === 0 ? (x >= p.mean ? 1 : 0) : standardNormalCdf((x - p.mean) / p.sd)),
  // With no spread, all the mass is at the mean: a window starting there holds it (P(X < mean) is 0).
  cdfBelow: (p, x) => (p.sd === 0 ? (x > p.mean ? 1 : 0) : normal.cdf(p, x)),
  mean: (p) => p.mean,
};

/** P(Z <= z) for a standard normal Z; exact 0 and 1 at the infinities. */
export function standardNormalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return jStat.normal.cdf(z, 0, 1);
}
