/** One finished interval of three piecewise-constant signals. */
export interface IntervalRow {
  readonly start: number;
  readonly aMean: number;
  readonly aMax: number;
  readonly bMean: number;
  readonly cMean: number;
}

/**
 * Buckets three piecewise-constant signals (a, b, c) into consecutive fixed-width intervals from
 * time 0, giving each interval's time-average (and a's maximum), and the largest interval mean of
 * `a` among intervals lying wholly inside [windowStart, windowEnd). Rows are handed out as each
 * interval completes, so memory does not grow with the horizon.
 */
export class IntervalRecorder {
  /** Largest interval mean of `a` inside the window; 0 if no interval fits inside it. */
  peakMean = 0;
  private cur = 0;
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

  /** Records that the signals held (a, b, c) over [from, to); spans must come in time order. */
  hold(a: number, b: number, c: number, from: number, to: number): void {
    while (from < to) {
      const end = (this.cur + 1) * this.width;
      if (from >= end) {
        this.flush();
        continue;
      }
      const seg = (to < end ? to : end) - from;
      this.sumA += a * seg;
      this.sumB += b * seg;
      this.sumC += c * seg;
      if (a > this.maxA) this.maxA = a;
      from = to < end ? to : end;
      if (from >= end) this.flush();
    }
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
