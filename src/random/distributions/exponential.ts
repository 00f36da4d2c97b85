import { randomExponential } from 'd3-random';
import type { DistributionFamily } from './types.js';

/** Exponential with the given mean. */
export const exponential: DistributionFamily<{ mean: number }> = {
  sampler: (p, rng) => randomExponential.source(rng)(1 / p.mean),
  cdf: (p, x) => (x <= 0 ? 0 : -Math.expm1(-x / p.mean)),
  mean: (p) => p.mean,
};
