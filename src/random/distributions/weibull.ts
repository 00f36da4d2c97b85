import { randomWeibull } from 'd3-random';
import { jStat } from '../../jstat.js';
import type { DistributionFamily } from './types.js';

/** Weibull with shape k and scale lambda: P(X <= x) = 1 - exp(-(x/lambda)^k). */
export const weibull: DistributionFamily<{ shape: number; scale: number }> = {
  // d3's randomWeibull(k, a, b) draws a + b * (-ln U)^(1/k): location 0, scale b.
  sampler: (p, rng) => randomWeibull.source(rng)(p.shape, 0, p.scale),
  cdf: (p, x) => (x <= 0 ? 0 : -Math.expm1(-Math.pow(x / p.scale, p.shape))),
  mean: (p) => p.scale * jStat.gammafn(1 + 1 / p.shape),
};
