import { mean, sampleStandardDeviation } from 'simple-statistics';
import { jStat } from '../jstat.js';

/** Mean, spread and t-based 95 % confidence interval of one metric over replications. */
export interface Summary {
  readonly mean: number;
  readonly sd: number;
  readonly ci95Low: number;
  readonly ci95High: number;
  /** Number of replications in which the metric was defined (NaN values are skipped). */
  readonly n: number;
}

/**
 * Summarises values over replications: mean ± t(0.975, n-1) · sd/√n. With one value the
 * interval is undefined (NaN); with none, everything is NaN and n is 0.
 */
export function summarise(values: readonly number[]): Summary {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 0 };
  const m = mean(xs);
  const sd = n > 1 ? sampleStandardDeviation(xs) : NaN;
  const half = n > 1 ? tQuantile975(n - 1) * (sd / Math.sqrt(n)) : NaN;
  return { mean: m, sd, ci95Low: m - half, ci95High: m + half, n };
}

/** The 97.5 % quantile of Student's t with `dof` degrees of freedom. */
export function tQuantile975(dof: number): number {
  return jStat.studentt.inv(0.975, dof);
}
