import type { DistributionFamily } from './types.js';

/** Triangular on [min, max] with the given mode; drawn by inverting its CDF (d3 has none). */
export const triangular: DistributionFamily<{ min: number; mode: number; max: number }> = {
  sampler: (p, rng) => {
    const { min: a, mode: c, max: b } = p;
    const fc = b > a ? (c - a) / (b - a) : 0;
    return () => {
      const u = rng();
      return u < fc ? a + root(u * (b - a), c - a) : b - root((1 - u) * (b - a), b - c);
    };
  },
  cdf: (p, x) => {
    const { min: a, mode: c, max: b } = p;
    if (x <= a) return a === b && x === a ? 1 : 0;
    if (x >= b) return 1;
    return x <= c ? ((x - a) * (x - a)) / ((b - a) * (c - a)) : 1 - ((b - x) * (b - x)) / ((b - a) * (b - c));
  },
  mean: (p) => (p.min + p.mode + p.max) / 3,
};

/**
 * sqrt(x * y). The product overflows to Infinity for a triangle wider than about 1e154 (an energy
 * triangle up to 1e308 kWh passes validation), though its root does not; only then is the root
 * taken factor by factor, so that every other draw stays what it was.
 */
function root(x: number, y: number): number {
  const p = x * y;
  return p < Infinity ? Math.sqrt(p) : Math.sqrt(x) * Math.sqrt(y);
}
