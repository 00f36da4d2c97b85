/**
 * Quantiles of a non-negative quantity in bounded memory: a log-bucketed histogram whose buckets
 * are 0.1 % wide (relative), with an exact bucket for zero. `quantile` and `cdf` take every value
 * as its bucket's geometric midpoint, so they are off by less than 0.05 % of the value however
 * many values are added. Memory is one counter per bucket between the smallest and the largest
 * positive value, not one entry per observation.
 *
 * Up to RAW_MAX positive values, their buckets are kept in a list instead, sorted when asked: the
 * answers are the same (they depend only on how many values each bucket holds), and a short run,
 * whose few waits may still span ten thousand buckets, does not allocate and grow an array that long.
 */
export class LogHistogram {
  private static readonly GROWTH = Math.log1p(0.001);
  private static readonly RAW_MAX = 4096;
  private raw: Int32Array | null = new Int32Array(0); // each positive value's bucket, while there are few; then null
  private rawCount = 0;
  private rawSorted = true;
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
    const raw = this.raw;
    if (raw !== null) {
      if (this.rawCount === raw.length) {
        if (raw.length < LogHistogram.RAW_MAX) {
          const more = new Int32Array(Math.max(64, raw.length * 2));
          more.set(raw);
          this.raw = more;
        } else this.toBuckets();
      }
      if (this.raw !== null) {
        this.raw[this.rawCount++] = k;
        this.rawSorted = false;
        return;
      }
    }
    this.addToBucket(k);
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /**
   * The p-quantile (0 <= p <= 1) by the "lower" rule: the smallest value v such that at least
   * ceil(p * n) values are <= v, as its bucket's geometric midpoint. NaN when empty.
   */
  quantile(p: number): number {
    if (this.total === 0) return NaN;
    return this.midpointAt(Math.max(1, Math.ceil(p * this.total)));
  }

  /**
   * How many values are <= x, each value taken as its bucket's geometric midpoint (zeros exactly).
   * So the answer lies between the exact counts at x / 1.0005 and at x · 1.0005.
   */
  countAtMost(x: number): number {
    return this.countsAtMost([x])[0];
  }

  /**
   * `countAtMost` of several thresholds at once, in one pass over the buckets (a wait CDF asks for
   * a hundred): `xs` must be in ascending order.
   * @throws RangeError when they are not.
   */
  countsAtMost(xs: readonly number[]): number[] {
    const out: number[] = [];
    const G = LogHistogram.GROWTH;
    const raw = this.sortedRaw();
    let n = this.zeros;
    let i = 0; // buckets (or, while they are kept in a list, its entries) before i are counted in n
    let prev = -Infinity;
    for (const x of xs) {
      if (!(x >= prev)) throw new RangeError(`thresholds must ascend (got ${x} after ${prev})`);
      prev = x;
      if (!(x >= 0)) {
        out.push(0);
        continue;
      }
      if (x === 0 || this.total === this.zeros || x === Infinity) {
        out.push(x === Infinity ? this.total : x === 0 ? this.zeros : n);
        continue;
      }
      let k = Math.floor(Math.log(x) / G);
      if (Math.exp((k + 0.5) * G) > x) k--; // bucket k counts only if its midpoint is <= x
      if (raw !== null) {
        for (; i < this.rawCount && raw[i] <= k; i++) n++;
      } else {
        const last = Math.min(k - this.offset, this.counts.length - 1);
        for (; i <= last; i++) n += this.counts[i];
      }
      out.push(n);
    }
    return out;
  }

  /** The share of values <= x (see `countAtMost` for the error bound); NaN when empty. */
  cdf(x: number): number {
    return this.total === 0 ? NaN : this.countAtMost(x) / this.total;
  }

  /** Midpoint of the bucket holding the value of ascending rank `rank` (>= 1), 0 for the zeros. */
  private midpointAt(rank: number): number {
    if (rank <= this.zeros) return 0;
    const raw = this.sortedRaw();
    let k: number;
    if (raw !== null) {
      const j = rank - this.zeros - 1;
      k = raw[j < this.rawCount ? j : this.rawCount - 1];
    } else {
      let seen = this.zeros;
      let last = 0;
      for (let i = 0; i < this.counts.length; i++) {
        if (this.counts[i] === 0) continue;
        last = i;
        seen += this.counts[i];
        if (seen >= rank) break;
      }
      k = last + this.offset;
    }
    return Math.exp((k + 0.5) * LogHistogram.GROWTH);
  }

  /** The list of buckets, sorted, while there is one; null once the values are in the bucket array. */
  private sortedRaw(): Int32Array | null {
    const raw = this.raw;
    if (raw !== null && !this.rawSorted) {
      raw.subarray(0, this.rawCount).sort();
      this.rawSorted = true;
    }
    return raw;
  }

  /** From the list of buckets to the bucket array, once there are too many values to list. */
  private toBuckets(): void {
    const raw = this.raw!;
    this.raw = null;
    for (let i = 0; i < this.rawCount; i++) this.addToBucket(raw[i]);
    this.rawCount = 0;
  }

  private addToBucket(k: number): void {
    if (k < this.offset || k >= this.offset + this.counts.length) this.cover(k);
    this.counts[k - this.offset]++;
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

// A double's high 32 bits: sign, 11 exponent bits, then the top 20 bits of the mantissa.
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: the second word

/** The bucket of a positive double: its exponent and the top 10 bits of its mantissa, ascending with the value. */
function bucketOf(x: number): number {
  bits[0] = x;
  return words[HIGH] >>> 10;
}

/**
 * Order statistics of a non-negative quantity in bounded memory, for values that are added often
 * (a power signal's interval means): a log-linear histogram whose bucket is read off a double's
 * bits, the exponent and the top 10 bits of the mantissa (1,024 buckets per power of two, so each
 * under 0.1 % wide; no logarithm), with an exact bucket for zero, keeping each bucket's count and
 * its smallest and largest value. Memory is three numbers per bucket between the smallest and
 * the largest positive value, not one entry per observation.
 *
 * Up to RAW_MAX positive values are kept as they are instead, and their buckets worked out when
 * ranks are asked for: the answers are the same (they depend only on each bucket's count, smallest
 * and largest value), and a short run, whose few values may still span ten thousand buckets, does
 * not allocate and fill three arrays that long.
 */
export class RankHistogram {
  private static readonly RAW_MAX = 4096;
  private raw: Float64Array | null = new Float64Array(0); // the positive values, while there are few; then null
  private rawCount = 0;
  private rawSorted = true;
  private counts = new Float64Array(0);
  private lows = new Float64Array(0);
  private highs = new Float64Array(0);
  private offset = 0; // bucket k is at k - offset
  private zeros = 0;
  private total = 0;

  /** Adds one value; negative values (and NaN) count as zero. */
  add(x: number): void {
    this.total++;
    if (!(x > 0)) {
      this.zeros++;
      return;
    }
    const raw = this.raw;
    if (raw !== null) {
      if (this.rawCount < raw.length) {
        raw[this.rawCount++] = x;
        this.rawSorted = false;
        return;
      }
      if (raw.length < RankHistogram.RAW_MAX) {
        const more = new Float64Array(Math.max(256, raw.length * 2));
        more.set(raw);
        this.raw = more;
        more[this.rawCount++] = x;
        this.rawSorted = false;
        return;
      }
      this.toBuckets();
    }
    this.addToBucket(x);
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** An independent copy. */
  clone(): RankHistogram {
    const c = new RankHistogram();
    c.raw = this.raw === null ? null : this.raw.slice();
    c.rawCount = this.rawCount;
    c.rawSorted = this.rawSorted;
    c.counts = this.counts.slice();
    c.lows = this.lows.slice();
    c.highs = this.highs.slice();
    c.offset = this.offset;
    c.zeros = this.zeros;
    c.total = this.total;
    return c;
  }

  /**
   * The value of rank `rank` in ascending order (1 = the smallest, `count` = the largest). The
   * j-th of the c values in a bucket reads as the bucket's smallest value plus (j − 1)/(c − 1) of
   * the way to its largest: the value and the reading lie in one bucket, so the error is below
   * 0.1 % of the value, and the smallest and largest values of every bucket (hence the overall
   * extremes, and a value repeated across a whole bucket, like power held at a limit) are exact.
   * Zeros are exact.
   * @throws RangeError unless rank is a whole number in [1, count].
   */
  atRank(rank: number): number {
    if (!(rank >= 1 && rank <= this.total && Number.isInteger(rank))) throw new RangeError(`rank must be a whole number in [1, ${this.total}] (got ${rank})`);
    return this.atRanks([rank])[0];
  }

  /**
   * `atRank` of several ranks at once, in one pass over the buckets (a load-duration curve asks for
   * a hundred): the values of `ranks`, which must be in ascending order.
   * @throws RangeError unless every rank is a whole number in [1, count] and they ascend.
   */
  atRanks(ranks: readonly number[]): number[] {
    if (this.raw !== null) return this.rawAtRanks(ranks);
    const out: number[] = [];
    let seen = this.zeros;
    let i = 0;
    let prev = 0;
    for (const rank of ranks) {
      prev = this.checkRank(rank, prev);
      if (rank <= this.zeros) {
        out.push(0);
        continue;
      }
      for (; i < this.counts.length; i++) {
        if (seen + this.counts[i] >= rank) break;
        seen += this.counts[i];
      }
      out.push(reading(this.counts[i], this.lows[i], this.highs[i], rank - seen - 1));
    }
    return out;
  }

  /** `atRanks` while the values are kept as they are: sorted, a bucket is a run of values with the same `bucketOf`. */
  private rawAtRanks(ranks: readonly number[]): number[] {
    const raw = this.raw!;
    const n = this.rawCount;
    if (!this.rawSorted) {
      raw.subarray(0, n).sort();
      this.rawSorted = true;
    }
    const out: number[] = [];
    let start = 0; // the current bucket's values are raw[start .. end)
    let end = 0;
    let prev = 0;
    for (const rank of ranks) {
      prev = this.checkRank(rank, prev);
      if (rank <= this.zeros) {
        out.push(0);
        continue;
      }
      const j = rank - this.zeros - 1; // its place among the positive values
      while (end <= j) {
        start = end;
        const k = bucketOf(raw[start]);
        end = start + 1;
        while (end < n && bucketOf(raw[end]) === k) end++;
      }
      out.push(reading(end - start, raw[start], raw[end - 1], j - start));
    }
    return out;
  }

  private checkRank(rank: number, prev: number): number {
    if (!(rank >= 1 && rank <= this.total && Number.isInteger(rank) && rank >= prev)) throw new RangeError(`ranks must be ascending whole numbers in [1, ${this.total}] (got ${rank})`);
    return rank;
  }

  /** From values kept as they are to buckets, once there are too many to keep. */
  private toBuckets(): void {
    const raw = this.raw!;
    this.raw = null;
    for (let i = 0; i < this.rawCount; i++) this.addToBucket(raw[i]);
    this.rawCount = 0;
  }

  private addToBucket(x: number): void {
    const k = bucketOf(x);
    if (k < this.offset || k >= this.offset + this.counts.length) this.cover(k);
    const i = k - this.offset;
    this.counts[i]++;
    if (x < this.lows[i]) this.lows[i] = x;
    if (x > this.highs[i]) this.highs[i] = x;
  }

  /** Grows the arrays to include bucket k, at least doubling them (amortised O(1) per add). */
  private cover(k: number): void {
    const len = this.counts.length;
    const lo = len === 0 ? k - 32 : Math.min(this.offset, k - len);
    const hi = len === 0 ? k + 32 : Math.max(this.offset + len, k + len);
    const grow = (old: Float64Array, fill: number) => {
      const next = new Float64Array(hi - lo).fill(fill);
      if (len > 0) next.set(old, this.offset - lo);
      return next;
    };
    this.counts = grow(this.counts, 0);
    this.lows = grow(this.lows, Infinity);
    this.highs = grow(this.highs, -Infinity);
    this.offset = lo;
  }
}

/** The reading of the value `at` places above the smallest of a bucket's c values (see `atRank`). */
function reading(c: number, lo: number, hi: number, at: number): number {
  return c === 1 ? lo : lo + ((hi - lo) * at) / (c - 1);
}
