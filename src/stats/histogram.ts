/**
 * Quantiles of a non-negative quantity in bounded memory: a log-bucketed histogram whose buckets
 * are 0.1 % wide (relative), with an exact bucket for zero. Quantiles are returned as the bucket's
 * geometric midpoint, so their relative error is below 0.05 % however many values are added.
 * Memory is one counter per occupied bucket, not one entry per observation.
 */
export class LogHistogram {
  private static readonly GROWTH = Math.log1p(0.001);
  // Bucket k (which may be negative) is counts[k - offset]; the array grows to cover new buckets.
  private counts = new Float64Array(0);
  private offset = 0;
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
    if (k < this.offset || k >= this.offset + this.counts.length) this.cover(k);
    this.counts[k - this.offset]++;
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
    let last = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] === 0) continue;
      last = i;
      seen += this.counts[i];
      if (seen >= rank) break;
    }
    return Math.exp((last + this.offset + 0.5) * LogHistogram.GROWTH);
  }

  /** Grows the bucket array to include bucket k, at least doubling it (amortised O(1) per add). */
  private cover(k: number): void {
    if (this.counts.length === 0) {
      this.counts = new Float64Array(64);
      this.offset = k - 32;
      return;
    }
    const len = this.counts.length;
    const lo = Math.min(this.offset, k - len);
    const hi = Math.max(this.offset + len, k + len);
    const next = new Float64Array(hi - lo);
    next.set(this.counts, this.offset - lo);
    this.counts = next;
    this.offset = lo;
  }
}
