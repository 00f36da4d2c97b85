import { randomUniform } from 'd3-random';
import type { DistributionFamily } from './types.js';

/** Uniform on [min, max). */
export const uniform: DistributionFamily<{ min: number; max: number }> = {
  sampler: (p, rng) => randomUniform.source(rng)(p.min, p.max),
  cdf: (p, x) => (x <= p.min ? 0 : x >= p.max ? 1 : (x - p.min) / (p.max - p.min)),
  mean: (p) => (p.min + p.max) / 2,
};
