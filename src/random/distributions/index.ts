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

/** Redraws allowed before a truncated sampler gives up; windows holding < 1e-6 are rejected at load. */
const MAX_REDRAWS = 10_000_000;

/**
 * Returns a sampler for `spec` drawing only from `rng`. A truncation window is honoured by redrawing
 * until the value falls inside, as the scenario format specifies.
 * @throws SimulationError if a window that passed validation still yields nothing after many draws.
 */
export function makeSampler(spec: DistSpec, rng: Rng): () => number {
  const draw: () => number = FAMILIES[spec.dist].sampler(spec, rng);
  const lo = spec.trunc?.min ?? -Infinity;
  const hi = spec.trunc?.max ?? Infinity;
  if (lo === -Infinity && hi === Infinity) return draw;
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

/** Mean of the untruncated distribution. */
export function meanOf(spec: DistSpec): number {
  return FAMILIES[spec.dist].mean(spec);
}
