/** One finished interval of the three signals. */
export interface IntervalRow {
  readonly start: number;
  readonly aMean: number;
  readonly aMax: number;
  readonly bMean: number;
  readonly cMean: number;
}

/**
 * Records three piecewise-constant signals a, b and c (a hub's grid power, occupied bays and
 * queue length), handed over as spans of constant value in time order, in one pass per span:
 * - inside the statistics window [windowStart, windowEnd): each signal's integral, and c's maximum;
 * - in consecutive fixed-width intervals from time 0: each signal's mean and a's maximum, handed
 *   out as each interval completes (so memory does not grow with the horizon), and the largest
 *   interval mean of a among the intervals wholly inside the window.
 */
export class SignalRecorder {
  /** Integrals over the window (value × minutes). */
  totalA = 0;
  totalB = 0;
  totalC = 0;
  /** Largest value c held for a positive time inside the window; 0 if none. */
  maxC = 0;
  /** Largest interval mean of a inside the window; 0 if no interval fits inside it. */
  peakMean = 0;
  private cur = 0; // the current interval is [cur × width, (cur + 1) × width)
  private sumA = 0;
  private maxA = 0;
  private sumB = 0;
  private sumC = 0;

  constructor(
    private readonly width: number,
    private readonly windowStart: number,
    private readonly windowEnd: number,
    private readonly emit?: (row: IntervalRow) => void,
  ) {}

  /** Records that the signals held (a, b, c) over [from, to). */
  hold(a: number, b: number, c: number, from: number, to: number): void {
    const inside = windowOverlap(from, to, this.windowStart, this.windowEnd);
    if (inside > 0) {
      this.totalA += a * inside;
      this.totalB += b * inside;
      this.totalC += c * inside;
      if (c > this.maxC) this.maxC = c;
    }
    while (from < to) {
      const end = (this.cur + 1) * this.width;
      if (from >= end) {
        this.flush();
        continue;
      }
      const stop = to < end ? to : end;
      const seg = stop - from;
      this.sumA += a * seg;
      this.sumB += b * seg;
      this.sumC += c * seg;
      if (a > this.maxA) this.maxA = a;
      from = stop;
      if (from >= end) this.flush();
    }
  }

  /** Time-average of each signal over the window. */
  get meanA(): number {
    return this.totalA / (this.windowEnd - this.windowStart);
  }
  get meanB(): number {
    return this.totalB / (this.windowEnd - this.windowStart);
  }
  get meanC(): number {
    return this.totalC / (this.windowEnd - this.windowStart);
  }

  /** Flushes every interval that starts before `end`. */
  finish(end: number): void {
    while (this.cur * this.width < end) this.flush();
  }

  private flush(): void {
    const start = this.cur * this.width;
    const mean = this.sumA / this.width;
    if (start >= this.windowStart && start + this.width <= this.windowEnd && mean > this.peakMean) this.peakMean = mean;
    this.emit?.({ start, aMean: mean, aMax: this.maxA, bMean: this.sumB / this.width, cMean: this.sumC / this.width });
    this.cur++;
    this.sumA = this.sumB = this.sumC = this.maxA = 0;
  }
}

/** Length of the part of [from, to) that lies inside [start, end); 0 when they do not meet. */
export function windowOverlap(from: number, to: number, start: number, end: number): number {
  const a = from > start ? from : start;
  const b = to < end ? to : end;
  return b > a ? b - a : 0;
}
