import { SimulationError } from '../../errors.js';
import { constant } from './constant.js';
import { empirical } from './empirical.js';
import { exponential } from './exponential.js';
import { gamma } from './gamma.js';
import { lognormal } from './lognormal.js';
import { normal } from './normal.js';
import { triangular } from './triangular.js';
import type { DistributionFamily, Rng } from './types.js';
import { uniform } from './uniform.js';
import { weibull } from './weibull.js';

export type { Rng } from './types.js';

/** A distribution as a validated scenario holds it: the family's name, its parameters, and optional truncation. */
export type DistSpec = (
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; sd: number }
  | { dist: 'lognormal'; mean: number; sd: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'gamma'; shape: number; scale: number }
  | { dist: 'weibull'; shape: number; scale: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  | { dist: 'empirical'; values: readonly number[]; weights?: readonly number[] }
) & { readonly trunc?: { readonly min?: number; readonly max?: number } };

/** Every family by its scenario name; adding one is a file plus a line here and in the schema. */
export const FAMILIES: Readonly<Record<DistSpec['dist'], DistributionFamily<any>>> = {
  constant,
  uniform,
  normal,
  lognormal,
  exponential,
  gamma,
  weibull,
  triangular,
  empirical,
};

/**
 * Redraws allowed before a sampler gives up. Windows holding < 1e-6 are rejected at load, so a
 * validated window fails this many draws in a row with probability below e^-100.
 */
const MAX_REDRAWS = 100_000_000;

/**
 * Returns a sampler for `spec` drawing only from `rng`. A truncation window is honoured by redrawing
 * until the value falls inside, as the scenario format specifies; a non-finite draw (a family's
 * arithmetic overflowing at extreme parameters) is redrawn the same way, so every value returned
 * is a finite number.
 * @throws SimulationError if a window that passed validation still yields nothing after many draws.
 */
export function makeSampler(spec: DistSpec, rng: Rng): () => number {
  const draw: () => number = FAMILIES[spec.dist].sampler(spec, rng);
  // ±MAX_VALUE rather than ±Infinity: the comparisons below then also reject ±Infinity and NaN.
  const lo = Math.max(spec.trunc?.min ?? -Number.MAX_VALUE, -Number.MAX_VALUE);
  const hi = Math.min(spec.trunc?.max ?? Number.MAX_VALUE, Number.MAX_VALUE);
  // A constant inside the window (as validation makes every one) is returned as it is: no redraws to watch for.
  if (spec.dist === 'constant' && spec.value >= lo && spec.value <= hi) return draw;
  return () => {
    for (let i = 0; i < MAX_REDRAWS; i++) {
      const x = draw();
      if (x >= lo && x <= hi) return x;
    }
    throw new SimulationError(`no draw of ${spec.dist} fell inside [${lo}, ${hi}] after ${MAX_REDRAWS} tries`);
  };
}

/** Probability that a draw of `spec` (ignoring its truncation) lies in [min, max]. */
export function windowMass(spec: DistSpec, min = -Infinity, max = Infinity): number {
  const family = FAMILIES[spec.dist];
  const below = family.cdfBelow ?? family.cdf;
  const upper = max === Infinity ? 1 : family.cdf(spec, max);
  const lower = min === -Infinity ? 0 : below(spec, min);
  return Math.max(0, upper - lower);
}

/**
 * Whether every draw of `spec` gives one value, however the draws fall: a constant, and the forms
 * of a family that spread nothing (a normal or lognormal of sd 0, an empirical list whose values
 * that can be drawn are all one). Such a draw is no source of chance, though it takes its numbers.
 */
export function isFixed(spec: DistSpec): boolean {
  switch (spec.dist) {
    case 'constant':
      return true;
    case 'normal':
    case 'lognormal':
      return spec.sd === 0;
    case 'uniform':
    case 'triangular':
      return spec.min === spec.max;
    case 'empirical': {
      const lo = spec.trunc?.min ?? -Infinity;
      const hi = spec.trunc?.max ?? Infinity;
      const drawn = spec.values.filter((v, i) => (spec.weights === undefined || spec.weights[i] > 0) && v >= lo && v <= hi);
      return drawn.every((v) => v === drawn[0]);
    }
    default:
      return false;
  }
}

/** Mean of the untruncated distribution. */
export function meanOf(spec: DistSpec): number {
  return FAMILIES[spec.dist].mean(spec);
}
