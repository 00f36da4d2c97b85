import { tQuantile975, type RangeSummary } from './summary.js';

/**
 * Summarises fixed-length vectors slot by slot over replications, streaming: each slot keeps
 * Welford's running mean and sum of squared deviations (Welford 1962) and its range, so memory is
 * five numbers a slot however many vectors are added. NaN values are skipped, as `summarise` skips
 * them. The result depends only on the sequence of vectors added: the same vectors in the same
 * order give the same bits, whichever process produced them.
 */
export class VectorSummary {
  private readonly n: Float64Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private added = 0;

  constructor(readonly size: number) {
    this.n = new Float64Array(size);
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
    this.lo = new Float64Array(size).fill(Infinity);
    this.hi = new Float64Array(size).fill(-Infinity);
  }

  /**
   * Adds one replication's vector.
   * @throws RangeError when its length is not `size`.
   */
  add(v: ArrayLike<number>): void {
    if (v.length !== this.size) throw new RangeError(`vector of length ${v.length} given to a summary of ${this.size} slots`);
    this.added++;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (Number.isNaN(x)) continue;
      const n = ++this.n[i];
      const d = x - this.mean[i];
      this.mean[i] += d / n;
      this.m2[i] += d * (x - this.mean[i]);
      if (x < this.lo[i]) this.lo[i] = x;
      if (x > this.hi[i]) this.hi[i] = x;
    }
  }

  /** Number of vectors added. */
  get count(): number {
    return this.added;
  }

  /**
   * Slot i over the vectors added: mean ± t(0.975, n−1)·sd/√n (sample sd), n, min and max; as
   * `summarise` gives them (NaN interval for one value, all NaN and n = 0 for none).
   * @throws RangeError for a slot outside [0, size).
   */
  summary(i: number): RangeSummary {
    if (!(i >= 0 && i < this.size && Number.isInteger(i))) throw new RangeError(`slot ${i} outside [0, ${this.size})`);
    const n = this.n[i];
    if (n === 0) return { mean: NaN, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 0, min: NaN, max: NaN };
    const m = this.mean[i];
    const sd = n > 1 ? Math.sqrt(this.m2[i] / (n - 1)) : NaN;
    const half = n > 1 ? tQuantile(n - 1) * (sd / Math.sqrt(n)) : NaN;
    return { mean: m, sd, ci95Low: m - half, ci95High: m + half, n, min: this.lo[i], max: this.hi[i] };
  }
}

// Inverting Student's t costs tens of microseconds, and every slot of a run shares one of a few
// degrees of freedom.
const tCache = new Map<number, number>();
function tQuantile(dof: number): number {
  let t = tCache.get(dof);
  if (t === undefined) {
    t = tQuantile975(dof);
    tCache.set(dof, t);
  }
  return t;
}
