import { SimulationError } from '../errors.js';

/** A histogram's list of values, twice as long, the values kept at its start. */
function doubled<A extends Int32Array | Float64Array>(list: A): A {
  const more = new (list.constructor as new (length: number) => A)(list.length * 2);
  more.set(list);
  return more;
}

/**
 * Quantiles of a non-negative quantity in bounded memory: a log-bucketed histogram whose buckets
 * are 0.1 % wide (relative), with an exact bucket for zero. `quantile` takes every value as its
 * bucket's geometric midpoint, so it is off by less than 0.05 % of the value however many values
 * are added; `cdf` counts the bucket of its threshold whole (see `countAtMost`). Memory is one counter per bucket between the smallest and the largest
 * positive value, not one entry per observation.
 *
 * A positive value's bucket is first put in a list; `compact` moves the list into the counters once
 * it holds more than LIST_MAX (and from then on, whatever it holds). A short run, whose few waits
 * may still span ten thousand buckets, then never allocates and grows an array that long, and the
 * answers are the same either way: they depend only on how many values each bucket holds. (Adding
 * always takes the same path, so that code V8 has optimised is not thrown away when the first
 * values move: the owner calls `compact` between slices of its run.)
 */
export class LogHistogram {
  private static readonly GROWTH = Math.log1p(0.001);
  private static readonly LIST_MAX = 4096;
  private list = new Int32Array(64); // the buckets of the positive values not yet counted in `counts`
  private listed = 0;
  private sorted = true;
  // Bucket k (which may be negative) is counts[k - offset]; the array grows to cover new buckets.
  private counts = new Float64Array(0);
  private offset = 0;
  private zeros = 0;
  private total = 0;
  private smallest = Infinity; // the smallest and largest positive values added
  private largest = 0;

  /** Adds one value; negative values count as zero. */
  add(x: number): void {
    this.total++;
    if (!(x > 0)) {
      this.zeros++;
      return;
    }
    if (x < this.smallest) this.smallest = x;
    if (x > this.largest) this.largest = x;
    if (this.listed === this.list.length) this.list = doubled(this.list);
    this.list[this.listed++] = Math.floor(Math.log(x) / LogHistogram.GROWTH);
    this.sorted = false;
  }

  /** Moves the listed buckets into the counters if there are many, or if the counters are in use already. */
  compact(): void {
    if (this.listed > LogHistogram.LIST_MAX || this.counts.length > 0) this.flush();
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /**
   * The p-quantile (0 <= p <= 1) by the "lower" rule: the smallest value v such that at least
   * ceil(p * n) values are <= v, as its bucket's geometric midpoint, kept within the smallest and
   * largest positive values added (the bucket of either holds no value beyond it, so a quantile
   * never lies outside the values). Within 0.05 % of the value, not exact: in the bucket of a
   * largest value of 45, its midpoint may read 44.997, even if every value there is 45. NaN when
   * empty.
   */
  quantile(p: number): number {
    if (this.total === 0) return NaN;
    const v = this.midpointAt(Math.max(1, Math.ceil(p * this.total)));
    return v === 0 ? 0 : Math.min(Math.max(v, this.smallest), this.largest);
  }

  /**
   * How many values are <= x, counting the whole bucket that holds x (zeros exactly). So the answer
   * is never below the exact count, and is above it only by values less than 0.1 % greater than x:
   * it lies between the exact counts at x and at x · 1.001. Values equal to x, common where they
   * come from whole minutes, all count, as `wait <= threshold` counts them.
   */
  countAtMost(x: number): number {
    return this.countsAtMost([x])[0];
  }

  /**
   * `countAtMost` of several thresholds at once, in one pass over the buckets (a wait CDF asks for
   * a hundred): `xs` must be in ascending order.
   * @throws SimulationError when they are not.
   */
  countsAtMost(xs: readonly number[]): number[] {
    const out: number[] = [];
    const G = LogHistogram.GROWTH;
    const list = this.readable();
    let n = this.zeros;
    let i = 0; // buckets (or, while they are listed, list entries) before i are counted in n
    let prev = -Infinity;
    for (const x of xs) {
      if (!(x >= prev)) throw new SimulationError(`thresholds must ascend (got ${x} after ${prev})`);
      prev = x;
      if (!(x >= 0)) {
        out.push(0);
        continue;
      }
      if (x === 0 || this.total === this.zeros || x === Infinity) {
        out.push(x === Infinity ? this.total : x === 0 ? this.zeros : n);
        continue;
      }
      const k = Math.floor(Math.log(x) / G); // x's bucket, computed as `add` computes a value's
      if (list !== null) {
        for (; i < this.listed && list[i] <= k; i++) n++;
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
    const list = this.readable();
    let k: number;
    if (list !== null) {
      const j = rank - this.zeros - 1;
      k = list[j < this.listed ? j : this.listed - 1];
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

  /**
   * Makes the values ready to read: the list of their buckets, sorted, if every positive value is
   * in it; otherwise null, after moving the list into the counters.
   */
  private readable(): Int32Array | null {
    if (this.counts.length > 0) {
      this.flush();
      return null;
    }
    if (!this.sorted) {
      this.list.subarray(0, this.listed).sort();
      this.sorted = true;
    }
    return this.list;
  }

  /** Moves every listed bucket number into the counters. */
  private flush(): void {
    const list = this.list;
    const n = this.listed;
    // Emptied before the loop rather than after: V8 compiles this loop while it runs (on the stack),
    // and stores after it, met first by that compiled code, had no type feedback there, so the code
    // was thrown away at the end of every call: at every slice of a run (see `SLICE_EVENTS`).
    this.listed = 0;
    this.sorted = true;
    for (let i = 0; i < n; i++) {
      const k = list[i];
      if (k < this.offset || k >= this.offset + this.counts.length) this.cover(k);
      this.counts[k - this.offset]++;
    }
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
 * Positive values are first put in a list, which `compact` moves into the buckets as LogHistogram's
 * does (see there): the answers are the same either way, as they depend only on each bucket's
 * count, smallest and largest value, and the list sorted gives those too.
 */
export class RankHistogram {
  private static readonly LIST_MAX = 4096;
  private list = new Float64Array(64); // the positive values not yet in the buckets
  private listed = 0;
  private sorted = true;
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
    if (this.listed === this.list.length) this.list = doubled(this.list);
    this.list[this.listed++] = x;
    this.sorted = false;
  }

  /** Moves the listed values into the buckets if there are many, or if the buckets are in use already. */
  compact(): void {
    if (this.listed > RankHistogram.LIST_MAX || this.counts.length > 0) this.flush();
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** An independent copy. */
  clone(): RankHistogram {
    const c = new RankHistogram();
    c.list = this.list.slice();
    c.listed = this.listed;
    c.sorted = this.sorted;
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
   * @throws SimulationError unless rank is a whole number in [1, count].
   */
  atRank(rank: number): number {
    if (!(rank >= 1 && rank <= this.total && Number.isInteger(rank))) throw new SimulationError(`rank must be a whole number in [1, ${this.total}] (got ${rank})`);
    return this.atRanks([rank])[0];
  }

  /**
   * `atRank` of several ranks at once, in one pass over the buckets (a load-duration curve asks for
   * a hundred): the values of `ranks`, which must be in ascending order.
   * @throws SimulationError unless every rank is a whole number in [1, count] and they ascend.
   */
  atRanks(ranks: readonly number[]): number[] {
    const valueAt = this.counts.length === 0 ? this.listedReader() : this.bucketReader();
    const out: number[] = [];
    let prev = 0;
    for (const rank of ranks) {
      if (!(rank >= 1 && rank <= this.total && Number.isInteger(rank) && rank >= prev)) throw new SimulationError(`ranks must be ascending whole numbers in [1, ${this.total}] (got ${rank})`);
      prev = rank;
      out.push(rank <= this.zeros ? 0 : valueAt(rank));
    }
    return out;
  }

  /**
   * The value of each positive rank, asked in ascending order, read from the buckets (once the
   * listed values are moved into them).
   */
  private bucketReader(): (rank: number) => number {
    this.flush();
    let seen = this.zeros; // the values in buckets before i
    let i = 0;
    return (rank) => {
      for (; i < this.counts.length; i++) {
        if (seen + this.counts[i] >= rank) break;
        seen += this.counts[i];
      }
      return reading(this.counts[i], this.lows[i], this.highs[i], rank - seen - 1);
    };
  }

  /** The same while every positive value is listed: sorted, a bucket is a run of values with the same `bucketOf`. */
  private listedReader(): (rank: number) => number {
    const list = this.list;
    const n = this.listed;
    if (!this.sorted) {
      list.subarray(0, n).sort();
      this.sorted = true;
    }
    let start = 0; // the current bucket's values are list[start .. end)
    let end = 0;
    return (rank) => {
      const j = rank - this.zeros - 1; // its place among the positive values
      while (end <= j) {
        start = end;
        const k = bucketOf(list[start]);
        end = start + 1;
        while (end < n && bucketOf(list[end]) === k) end++;
      }
      return reading(end - start, list[start], list[end - 1], j - start);
    };
  }

  /** Moves every listed value into the buckets. */
  private flush(): void {
    const list = this.list;
    const n = this.listed;
    this.listed = 0; // before the loop, as in LogHistogram.flush
    this.sorted = true;
    for (let j = 0; j < n; j++) {
      const x = list[j];
      const k = bucketOf(x);
      if (k < this.offset || k >= this.offset + this.counts.length) this.cover(k);
      const i = k - this.offset;
      this.counts[i]++;
      if (x < this.lows[i]) this.lows[i] = x;
      if (x > this.highs[i]) this.highs[i] = x;
    }
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
