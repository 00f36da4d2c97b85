/** A source of uniform numbers in [0, 1), e.g. one seeded stream. */
export type Rng = () => number;

/** One family of distributions: how to draw from it and how much probability lies below x. */
export interface DistributionFamily<P> {
  /** Returns a sampler that draws from the family with parameters `p`, using only `rng`. */
  sampler(p: P, rng: Rng): () => number;
  /** P(X <= x); used to reject truncation windows that hold (almost) no probability. */
  cdf(p: P, x: number): number;
  /** P(X < x); equals `cdf` for continuous families. */
  cdfBelow?(p: P, x: number): number;
  /** The mean, for documentation and tests. */
  mean(p: P): number;
}
