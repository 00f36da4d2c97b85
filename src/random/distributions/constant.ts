import type { DistributionFamily } from './types.js';

/** A fixed value: what a plain number means wherever a distribution is allowed. */
export const constant: DistributionFamily<{ value: number }> = {
  sampler: (p) => () => p.value,
  cdf: (p, x) => (x >= p.value ? 1 : 0),
  cdfBelow: (p, x) => (x > p.value ? 1 : 0),
  mean: (p) => p.value,
};
