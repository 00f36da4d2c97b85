import { SimulationError } from '../errors.js';
import { ci95HalfWidth, meanWithin, type RangeSummary } from './summary.js';

/**
 * Values are summed as whole multiples of 2^-32 (2.3e-10): fine enough for every quantity hubsim
 * reports, which is rounded to it (5/6 is not a multiple), in exchange for sums that are exact.
 */
const SCALE = 2 ** 32;

/** One slot's state: how many values, their sum and sum of squares in units of 2^-32 and 2^-64, their range. */
export interface SlotState {
  readonly n: number;
  readonly sum: bigint;
  readonly sumSq: bigint;
  readonly min: number;
  readonly max: number;
}

/** A value's whole number of units of 2^-32, as `add` takes it. */
function units(x: number): bigint {
  const y = x * SCALE;
  return BigInt(Number.isInteger(y) ? y : Math.round(y));
}

/**
 * Whether `s` (n > 0, a finite range) is a state that `add` can make: n values in [min, max], each
 * a whole q between those of min and max, so that n·q(min) <= Σq <= n·q(max), (Σq)² <= n·Σq², and
 * Σq² <= n·max(q(min)², q(max)²). A state read back from a file is checked with it: sums that no
 * values give would make a mean outside its range, or a negative variance.
 */
export function possibleState(s: SlotState): boolean {
  if (!(s.n > 0 && Number.isFinite(s.min) && Number.isFinite(s.max) && s.min <= s.max)) return false;
  const [lo, hi, n] = [units(s.min), units(s.max), BigInt(s.n)];
  const top = lo * lo > hi * hi ? lo * lo : hi * hi;
  return n * lo <= s.sum && s.sum <= n * hi && s.sum * s.sum <= n * s.sumSq && s.sumSq <= n * top;
}

/**
 * Summarises fixed-length vectors slot by slot over replications, in constant memory. Each value is
 * taken as an exact multiple of 2^-32 (values of magnitude 2^21 and above already are; smaller ones
 * are rounded to it), and sums and sums of squares are kept as exact integers. So the result is the
 * same, to the bit, whatever order the vectors come in and however they are split into parts that
 * are summarised apart and merged: a sharded run gives exactly the files of an unsharded one.
 * NaN values are skipped, as `summarise` skips them.
 */
export class VectorSummary {
  private readonly n: Float64Array;
  private readonly sum: bigint[];
  private readonly sumSq: bigint[];
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private added = 0;

  constructor(readonly size: number) {
    this.n = new Float64Array(size);
    this.sum = new Array<bigint>(size).fill(0n);
    this.sumSq = new Array<bigint>(size).fill(0n);
    this.lo = new Float64Array(size).fill(Infinity);
    this.hi = new Float64Array(size).fill(-Infinity);
  }

  /**
   * Adds one replication's vector.
   * @throws SimulationError when its length is not `size`, or a value is infinite.
   */
  add(v: ArrayLike<number>): void {
    if (v.length !== this.size) throw new SimulationError(`vector of length ${v.length} given to a summary of ${this.size} slots`);
    this.added++;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== x) continue;
      if (!Number.isFinite(x)) throw new SimulationError(`slot ${i} holds ${x}`);
      this.n[i]++;
      // A zero adds nothing to the sums, and many slots hold one (a battery's power where there is
      // none, an empty queue): the integer arithmetic is most of the cost of a slot.
      if (x !== 0) {
        const q = units(x);
        this.sum[i] += q;
        this.sumSq[i] += q * q;
      }
      if (x < this.lo[i]) this.lo[i] = x;
      if (x > this.hi[i]) this.hi[i] = x;
    }
  }

  /** Number of vectors added (directly or through merged parts). */
  get count(): number {
    return this.added;
  }

  /**
   * Slot i over the vectors added: mean ± t(0.975, n−1)·sd/√n (sample sd), n, min and max; as
   * `summarise` gives them (NaN interval for one value, all NaN and n = 0 for none).
   * @throws SimulationError for a slot outside [0, size).
   */
  summary(i: number): RangeSummary {
    this.check(i);
    const n = this.n[i];
    if (n === 0) return { mean: NaN, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 0, min: NaN, max: NaN };
    // Each value was taken to the nearest multiple of 2⁻³² (SCALE): their mean can lie a hair past the exact extremes.
    const m = meanWithin(Number(this.sum[i]) / SCALE / n, this.lo[i], this.hi[i]);
    // n·Σq² − (Σq)² is exact and never negative, so the variance has no cancellation error.
    const sd = n > 1 ? Math.sqrt(Number(BigInt(n) * this.sumSq[i] - this.sum[i] * this.sum[i]) / SCALE / SCALE / (n * (n - 1))) : NaN;
    const half = ci95HalfWidth(sd, n);
    return { mean: m, sd, ci95Low: m - half, ci95High: m + half, n, min: this.lo[i], max: this.hi[i] };
  }

  /** Slot i's state, to be stored (a slice of a sharded run) and merged later. */
  state(i: number): SlotState {
    this.check(i);
    return { n: this.n[i], sum: this.sum[i], sumSq: this.sumSq[i], min: this.lo[i], max: this.hi[i] };
  }

  /**
   * Adds another part's slot states (as `state` gave them) and its count of vectors.
   * @throws SimulationError when the number of slots differs.
   */
  merge(states: readonly SlotState[], count: number): void {
    if (states.length !== this.size) throw new SimulationError(`${states.length} slot states merged into a summary of ${this.size} slots`);
    this.added += count;
    states.forEach((s, i) => {
      this.n[i] += s.n;
      this.sum[i] += s.sum;
      this.sumSq[i] += s.sumSq;
      if (s.min < this.lo[i]) this.lo[i] = s.min;
      if (s.max > this.hi[i]) this.hi[i] = s.max;
    });
  }

  private check(i: number): void {
    if (!(i >= 0 && i < this.size && Number.isInteger(i))) throw new SimulationError(`slot ${i} outside [0, ${this.size})`);
  }
}
