import { jStat } from '../jstat.js';

// Student's t quantiles for the confidence intervals. jStat inverts its own CDF, a continued
// fraction that is off by up to some 1e-9, so its quantiles are off by up to some 3e-8 (relative)
// at 30 to 1,000 degrees of freedom. For the whole numbers of degrees of freedom hubsim uses (one
// fewer than the replications), the CDF has an exact finite series; three Newton steps from jStat's
// quantile on it give the quantile to a few units in the last place at tens of degrees of freedom
// and p up to 0.99 (to 6e-13, relative, at p = 0.9999). The series has dof/2 terms, whose rounding
// adds up: the error grows to some 3e-14 at 1,000 degrees of freedom and 2e-12 at 100,000 (3e-11 at
// p = 0.9999), far below anything a reader of the intervals could see, but not rounding.

/**
 * P(|T| <= t) for Student's t with a whole number `dof` of degrees of freedom: the finite series of
 * Abramowitz and Stegun 26.7.3 (odd) and 26.7.4 (even) in θ = atan(|t| / √dof).
 */
export function tTwoSided(t: number, dof: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(dof));
  const cos = Math.cos(theta);
  const c2 = cos * cos;
  if (dof % 2 === 0) {
    // sin θ · (1 + cos²θ/2 + 1·3/(2·4) cos⁴θ + … + 1·3…(dof−3)/(2·4…(dof−2)) cos^(dof−2)θ)
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= dof - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    return Math.sin(theta) * sum;
  }
  // 2/π · (θ + sin θ · (cos θ + 2/3 cos³θ + … + 2·4…(dof−3)/(3·5…(dof−2)) cos^(dof−2)θ))
  if (dof === 1) return (2 / Math.PI) * theta;
  let term = cos;
  let sum = cos;
  for (let k = 3; k <= dof - 2; k += 2) {
    term *= ((k - 1) / k) * c2;
    sum += term;
  }
  return (2 / Math.PI) * (theta + Math.sin(theta) * sum);
}

// Every summary of a run asks for one of a few quantiles (each slot of the breakdowns, each
// metric): each is computed once, by p and then by degrees of freedom.
const cache = new Map<number, Map<number, number>>();

/**
 * Above this p the series' 1 − P(|T| <= t) loses the digits the refinement needs (the upper tail
 * is a difference of numbers near 1), and jStat's own quantile is the better one.
 */
const REFINED_UP_TO = 0.9999;

/**
 * The `p` quantile of Student's t with `dof` degrees of freedom. For p in (0.5, 0.9999] and a
 * whole `dof`, refined on the exact series (to within some 1e-11, see above); otherwise
 * jStat's.
 */
export function tQuantile(p: number, dof: number): number {
  let byDof = cache.get(p);
  if (byDof === undefined) cache.set(p, (byDof = new Map()));
  let t = byDof.get(dof);
  if (t !== undefined) return t;
  t = jStat.studentt.inv(p, dof);
  if (Number.isInteger(dof) && dof >= 1 && p > 0.5 && p <= REFINED_UP_TO) {
    const target = 2 * p - 1;
    const logScale = jStat.gammaln((dof + 1) / 2) - jStat.gammaln(dof / 2) - 0.5 * Math.log(dof * Math.PI);
    for (let i = 0; i < 3; i++) {
      const density = Math.exp(logScale - ((dof + 1) / 2) * Math.log1p((t * t) / dof));
      t -= (tTwoSided(t, dof) - target) / (2 * density);
    }
  }
  byDof.set(dof, t);
  return t;
}
