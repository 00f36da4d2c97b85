import { mean, quantileSorted } from 'simple-statistics';
import { tQuantile } from './student.js';

/**
 * A mean computed by rounding arithmetic, kept within the values' extremes `min` and `max`, where an
 * exact mean lies. The sum rounds before its division does: 25 values all 10684.931506849314
 * averaged to 10684.931506849312, below every one of them, with an sd of 2e-12 and an interval that
 * left the value out (a target of >= that value then failed); values summed as multiples of 2⁻³²
 * that were all 1234.567 averaged to 1234.5670000000391.
 */
export function meanWithin(m: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, m));
}

/** Mean, spread and t-based 95 % confidence interval of one metric over replications. */
export interface Summary {
  readonly mean: number;
  readonly sd: number;
  readonly ci95Low: number;
  readonly ci95High: number;
  /** Number of replications in which the metric was defined (NaN values are skipped). */
  readonly n: number;
}

/** A summary with the range of the values: NaN when none is defined. */
export interface RangeSummary extends Summary {
  readonly min: number;
  readonly max: number;
}

/** A summary with the range and three percentiles of the values over replications. */
export interface Distribution extends RangeSummary {
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
}

/**
 * Summarises values over replications: mean ± t(0.975, n-1) · sd/√n, the range, and the 5th,
 * 50th and 95th percentiles by linear interpolation between order statistics (Hyndman and Fan's
 * type 7, the default of R and numpy: position (n − 1)·p from 0). With one value the interval is
 * undefined (NaN); with none, everything is NaN and n is 0.
 */
export function summarise(values: readonly number[]): Distribution {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 0, min: NaN, p05: NaN, p50: NaN, p95: NaN, max: NaN };
  const sorted = [...xs].sort((a, b) => a - b);
  // Kept within the values, the mean of equal values is that value, and their sd (about it) exactly 0.
  const m = meanWithin(mean(xs), sorted[0], sorted[n - 1]);
  let squares = 0;
  for (const x of xs) squares += (x - m) * (x - m);
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : NaN;
  const half = ci95HalfWidth(sd, n);
  return {
    mean: m,
    sd,
    ci95Low: m - half,
    ci95High: m + half,
    n,
    min: sorted[0],
    p05: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    max: sorted[n - 1],
  };
}

/** t(p, n − 1) · sd / √n: how far a mean of `n` values of sample sd `sd` is bounded from it at probability `p` on one side; NaN for fewer than 2. */
export function tHalfWidth(sd: number, n: number, p: number): number {
  return n > 1 ? tQuantile(p, n - 1) * (sd / Math.sqrt(n)) : NaN;
}

/** Half the width of the 95 % t-interval of a mean of `n` values of sample sd `sd`: NaN for fewer than 2. */
export function ci95HalfWidth(sd: number, n: number): number {
  return tHalfWidth(sd, n, 0.975);
}

/** The 97.5 % quantile of Student's t with `dof` degrees of freedom. */
export function tQuantile975(dof: number): number {
  return tQuantile(0.975, dof);
}

/**
 * Below this many replications a 95 % interval is wide: its t factor is 2.78 at 5 but 4.30 at 3 and
 * 12.7 at 2 (1.96 for many), so the reports and `baseline`/`check` say so.
 */
export const FEW_REPLICATIONS = 5;
