/**
 * Streaming mean and variance (Welford 1962), numerically stable without a sum of squares.
 */
export class Welford {
  n = 0;
  mean = 0;
  private m2 = 0;

  /** Adds one observation. */
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  /** Sample variance (n - 1 in the denominator); NaN below two observations. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }
}
