/**
 * Time-weighted mean and maximum of a piecewise-constant signal, counted only inside the
 * statistics window [start, end).
 */
export class WindowedSignal {
  private integral = 0;
  /** Largest value the signal held for a positive time inside the window; 0 if none. */
  max = 0;

  constructor(
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** Records that the signal held `value` over [from, to). */
  hold(value: number, from: number, to: number): void {
    const a = from > this.start ? from : this.start;
    const b = to < this.end ? to : this.end;
    if (b <= a) return;
    this.integral += value * (b - a);
    if (value > this.max) this.max = value;
  }

  /** Integral over the window (value × minutes). */
  get total(): number {
    return this.integral;
  }

  /** Time-average over the whole window. */
  get mean(): number {
    return this.integral / (this.end - this.start);
  }
}
