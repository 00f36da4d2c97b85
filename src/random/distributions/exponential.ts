import { randomExponential } from 'd3-random';
import type { DistributionFamily } from './types.js';

/** Exponential with the given mean. */
export const exponential: DistributionFamily<{ mean: number }> = {
  // d3 divides by the rate 1 / mean, which is Infinity for a subnormal mean: multiply by the mean then.
  sampler: (p, rng) => (Number.isFinite(1 / p.mean) ? randomExponential.source(rng)(1 / p.mean) : () => -Math.log1p(-rng()) * p.mean),
  cdf: (p, x) => (x <= 0 ? 0 : -Math.expm1(-x / p.mean)),
  mean: (p) => p.mean,
};
