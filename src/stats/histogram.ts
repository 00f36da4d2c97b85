/**
 * Quantiles of a non-negative quantity in bounded memory: a log-bucketed histogram whose buckets
 * are 0.1 % wide (relative), with an exact bucket for zero. Quantiles are returned as the bucket's
 * geometric midpoint, so their relative error is below 0.05 % however many values are added.
 * Memory is one counter per occupied bucket, not one entry per observation.
 */
export class LogHistogram {
  private static readonly GROWTH = Math.log1p(0.001);
  private readonly counts = new Map<number, number>();
  private zeros = 0;
  private total = 0;

  /** Adds one value; negative values count as zero. */
  add(x: number): void {
    this.total++;
    if (!(x > 0)) {
      this.zeros++;
      return;
    }
    const k = Math.floor(Math.log(x) / LogHistogram.GROWTH);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /**
   * The p-quantile (0 <= p <= 1) by the "lower" rule: the smallest value v such that at least
   * ceil(p * n) values are <= v. NaN when empty.
   */
  quantile(p: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(p * this.total));
    if (rank <= this.zeros) return 0;
    let seen = this.zeros;
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      seen += this.counts.get(k)!;
      if (seen >= rank) return Math.exp((k + 0.5) * LogHistogram.GROWTH);
    }
    return Math.exp((keys[keys.length - 1] + 0.5) * LogHistogram.GROWTH);
  }
}
