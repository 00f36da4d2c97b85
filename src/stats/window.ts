/** Length of the part of [from, to) that lies inside [start, end); 0 when they do not meet. */
export function windowOverlap(from: number, to: number, start: number, end: number): number {
  const a = from > start ? from : start;
  const b = to < end ? to : end;
  return b > a ? b - a : 0;
}

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
    const inside = windowOverlap(from, to, this.start, this.end);
    if (inside === 0) return;
    this.integral += value * inside;
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
