import { RankHistogram } from './histogram.js';

/** One finished interval of the signals. */
export interface IntervalRow {
  readonly start: number;
  readonly aMean: number;
  readonly aMax: number;
  readonly bMean: number;
  readonly cMean: number;
  readonly dMean: number;
  readonly fMean: number;
}

/**
 * A limit that varies over time, as a signal's statistics over a span need it: its time-average
 * over [from, to) (which the signal's mean there cannot exceed) and its largest value there (which
 * the signal's maximum cannot).
 */
export interface SpanLimit {
  mean(from: number, to: number): number;
  largest(from: number, to: number): number;
}

/**
 * Rounding can leave a sum of powers that meets a limit a few ulps above it (2500.000000000003 kW
 * for a 2,500 kW connection). A value above `limit` by no more than this relative margin is the
 * limit; one further above is left as it is, for the tests of "no limit exceeded" to catch.
 */
export const SNAP_MARGIN = 1e-9;

/**
 * `x`, or `limit` when x exceeds it by rounding only (see SNAP_MARGIN): relative to the limit, or to
 * 1 below 1, so that a limit of 0 (an hour in which the grid gives nothing) takes the ulps a sum of
 * powers leaves over it (7e-15 kW) as a larger limit does.
 */
export function atMost(x: number, limit: number): number {
  return x > limit && x <= (limit > 1 ? limit * (1 + SNAP_MARGIN) : limit + SNAP_MARGIN) ? limit : x;
}

/**
 * `x`, a sum of terms whose sizes add up to `scale`, or 0 where it is no more than rounding can
 * leave of terms that cancel (see SNAP_MARGIN): the trucks' demand as grid power less a battery's
 * charging, with no truck charging, summed to -1e-16 kW.
 */
export function cancelled(x: number, scale: number): number {
  return Math.abs(x) <= scale * SNAP_MARGIN ? 0 : x;
}

/** a + e, the demand d as signal a and its excess e; 0 where the two cancel but for rounding. */
function withExcess(a: number, e: number): number {
  return cancelled(a + e, Math.abs(a) + Math.abs(e));
}

/** A periodic profile: `cells` consecutive cells of `cellMin` minutes, repeating from time 0. */
export interface ProfileSpec {
  readonly cellMin: number;
  readonly cells: number;
}

/**
 * Records piecewise-constant signals: a, b and c (a hub's grid power, occupied bays and queue
 * length), handed over as spans of constant value in time order, one call per span; d = a + e
 * (its unconstrained power demand), of which only the excess e over a is handed over, each time it
 * changes; and f (a battery's power), likewise handed over only when it changes. The excess is
 * zero while no limit binds and f while there is no battery, so a run that has neither pays nothing
 * for them. Kept, in one pass per span:
 * - inside the statistics window [windowStart, windowEnd): each signal's integral, and c's maximum;
 * - in consecutive fixed-width intervals from time 0: each signal's mean and a's maximum, handed
 *   out as each interval completes (so memory does not grow with the horizon); and, among the
 *   intervals wholly inside the window, the largest mean of a and of d and the distribution of the
 *   means of a and of d (histograms: bounded memory, ranked values within 0.1 %, extremes exact);
 * - inside the window, each signal's integral per cell of a periodic profile (e.g. the 168 hours of
 *   a week), in fixed arrays. When the intervals tile the cells and the window (the interval width
 *   divides the cell length and the window's ends), whole intervals are credited to their cell as
 *   they complete, which costs nothing per span; otherwise each span is split at cell boundaries;
 * - optionally, the largest interval mean of a in each billing period: consecutive periods of a
 *   given length from the window's start, an interval belonging to the period its start falls in.
 */
export class SignalRecorder {
  /** Integral of a (grid power) over the window, kW × minutes. */
  totalA = 0;
  /** Integral of b (occupied bays) over the window, bay-minutes. */
  totalB = 0;
  /** Integral of c (queue length) over the window, truck-minutes. */
  totalC = 0;
  /** Integral of d's excess over a inside the window. */
  totalE = 0;
  /** Largest value c held for a positive time inside the window; 0 if none. */
  maxC = 0;
  /** Largest interval mean of a (grid power) inside the window; 0 if no interval fits inside it. */
  peakMean = 0;
  /** Largest interval mean of d (unconstrained demand) inside the window; 0 if no interval fits inside it. */
  peakMeanD = 0;
  /** Means of a over the intervals wholly inside the window. */
  readonly intervalsA = new RankHistogram();
  // Means of d, the same as intervalsA until the excess is first nonzero (then a copy of it).
  private dIntervals: RankHistogram | null = null;
  /** Per profile cell: the integral of a (grid power) over the part of the window in that cell; complete after `finish`. */
  readonly cellA: Float64Array;
  /** As `cellA`, of b (occupied bays). */
  readonly cellB: Float64Array;
  /** As `cellA`, of c (queue length). */
  readonly cellC: Float64Array;
  /** As `cellA`, of e (d's excess over a); `cellD` adds the two. */
  readonly cellE: Float64Array;
  private cur = 0; // the current interval is [cur × width, (cur + 1) × width)
  private sumA = 0;
  private maxA = 0;
  private sumB = 0;
  private sumC = 0;
  private sumE = 0;
  private e = 0; // d's excess over a since `eSince`, integrated only up to `eSince`
  private eSince = 0;
  // Intervals wholly inside the window wait here, five numbers each (start and the integrals of a,
  // b, c and e), to be recorded a batch at a time: that keeps the code inlined into the per-span
  // path small, which the compiler rewards.
  private readonly queue = new Float64Array(5 * 64);
  private queued = 0;
  // Whether whole intervals are credited to the profile's cells (see above). If not: the cell that
  // the window's last span ended in, when its current occurrence ends (-Infinity before the first
  // span and after `finish`; Infinity when credited by interval, so that spans never split), and
  // the window integrals at its start.
  private readonly byInterval: boolean;
  private cell = 0;
  private cellEnd = -Infinity;
  private markA = 0;
  private markB = 0;
  private markC = 0;
  private readonly cellMin: number;
  // What only some runs use comes last, so that the fields every run uses keep their places.
  private readonly aLimit: number; // a's limit when it is one number
  private readonly aSpan: SpanLimit | null; // a's limit when it varies
  private readonly levelKw: number; // the level a is held at, when it is one number (NaN: none)
  private readonly levelSpan: SpanLimit | null; // the level when it varies
  private readonly periodMin: number; // length of a billing period (minutes); 0: none
  /** With billing periods: the largest interval mean of a in each period (0 where no interval fits). */
  readonly periodPeaks: Float64Array | null;
  /**
   * Per profile cell: the largest mean of a over the intervals wholly inside the window that start
   * in that cell (an interval that straddles two cells counts in the first); -Infinity where none
   * does. Complete after `finish`.
   */
  readonly cellPeak: Float64Array;
  /** Per profile cell: f's integral over the part of the window in that cell (0 throughout where f is). Complete after `finish`. */
  readonly cellF: Float64Array;
  private sumF = 0;
  private f = 0; // f since `fSince`, integrated only up to `fSince`
  private fSince = 0;
  private readonly emitBefore: number;
  // The intervals wholly inside the window, by number: firstInside .. endInside − 1. By number, not
  // by their ends' times, which rounding puts a hair outside a window edge that they meet exactly:
  // 24 × 2.3 is 55.199999999999996, not the 55.2 of a warm-up of 0.0383… days.
  private readonly firstInside: number;
  private readonly endInside: number;

  constructor(
    private readonly width: number,
    private readonly windowStart: number,
    private readonly windowEnd: number,
    private readonly emit?: (row: IntervalRow) => void,
    profile: ProfileSpec = { cellMin: windowEnd - windowStart, cells: 1 },
    /**
     * Limits on a and on d that their means and maxima must not exceed by rounding (see atMost); a's
     * may vary over time. `aLevel`, a level below a's limit that a is held at while it can be (a
     * battery's peak-shaving target), may be exceeded, but a mean or maximum above it by rounding
     * alone is snapped to it likewise. `aWithinD`: a never exceeds d (grid power with no battery to
     * charge is the trucks' demand), so that d's limit bounds a's too: a peak the cabinets alone
     * hold back read 300.00000000000006 kW beside a demand peak of 300.
     */
    private readonly limits: { readonly a: number | SpanLimit; readonly d: number; readonly aLevel?: number | SpanLimit; readonly aWithinD?: boolean } = { a: Infinity, d: Infinity },
    /** Length of a billing period (minutes); 0: none kept. */
    periodMin = 0,
    /** `emit` receives only the intervals that start before this (minutes): later ones are never built. */
    emitBeforeMin = Infinity,
  ) {
    this.cellMin = profile.cellMin;
    this.periodMin = periodMin;
    this.emitBefore = emitBeforeMin;
    const a = limits.a;
    this.aLimit = typeof a === 'number' ? a : NaN;
    this.aSpan = typeof a === 'number' ? null : a;
    const level = limits.aLevel ?? NaN;
    this.levelKw = typeof level === 'number' ? level : NaN;
    this.levelSpan = typeof level === 'number' ? null : level;
    this.periodPeaks = periodMin > 0 ? new Float64Array(Math.max(1, Math.ceil((windowEnd - windowStart) / periodMin))) : null;
    this.byInterval = profile.cellMin % width === 0 && windowStart % width === 0 && windowEnd % width === 0;
    ({ first: this.firstInside, end: this.endInside } = intervalsInside(width, windowStart, windowEnd));
    if (this.byInterval) this.cellEnd = Infinity;
    this.cellA = new Float64Array(profile.cells);
    this.cellB = new Float64Array(profile.cells);
    this.cellC = new Float64Array(profile.cells);
    this.cellE = new Float64Array(profile.cells);
    this.cellPeak = new Float64Array(profile.cells).fill(-Infinity);
    this.cellF = new Float64Array(profile.cells);
  }

  /** Records that a, b and c held these values over [from, to). */
  hold(a: number, b: number, c: number, from: number, to: number): void {
    const start = this.windowStart;
    const end = this.windowEnd;
    const lo = from > start ? from : start;
    const hi = to < end ? to : end;
    if (hi > lo) {
      // A cell's integrals are the window integrals at its end less those at its start, so a span
      // that stays inside the current cell costs nothing more here.
      if (hi > this.cellEnd) this.crossCells(a, b, c, lo, hi);
      const inside = hi - lo;
      this.totalA += a * inside;
      this.totalB += b * inside;
      this.totalC += c * inside;
      if (c > this.maxC) this.maxC = c;
    }
    while (from < to) {
      const end = (this.cur + 1) * this.width;
      if (from < end) {
        const stop = to < end ? to : end;
        const seg = stop - from;
        this.sumA += a * seg;
        this.sumB += b * seg;
        this.sumC += c * seg;
        if (a > this.maxA) this.maxA = a;
        from = stop;
      }
      if (from >= end) this.flush(); // one call site: flush is inlined where it is called
    }
  }

  /**
   * Records that from time `at` on, d exceeds a by `e` (>= 0), until the next call. `at` must not
   * precede the end of the last span handed to `hold`, nor lie past it by an interval boundary:
   * call it after `hold` has brought the signals up to `at`.
   */
  excess(e: number, at: number): void {
    if (this.e !== 0) this.holdExcess(this.e, this.eSince, at);
    else if (e !== 0 && this.dIntervals === null) {
      this.drain();
      this.dIntervals = this.intervalsA.clone();
    }
    this.e = e;
    this.eSince = at;
  }

  /**
   * Records that from time `at` on, f holds the value `f`, until the next call; `at` as for
   * `excess`. Of f, each interval's mean is kept, and its integral per profile cell.
   */
  extra(f: number, at: number): void {
    if (this.f !== 0) this.holdF(this.f, this.fSince, at);
    this.f = f;
    this.fSince = at;
  }

  /** Lets the interval histograms move their listed values into buckets (see RankHistogram). */
  compact(): void {
    this.intervalsA.compact();
    this.dIntervals?.compact();
  }

  /** Means of d over the intervals wholly inside the window. */
  get intervalsD(): RankHistogram {
    return this.dIntervals ?? this.intervalsA;
  }

  /**
   * Time-average of a (grid power) over the window, snapped to its limit and level where rounding
   * alone passes them (see the constructor).
   */
  get meanA(): number {
    return this.snapA(this.totalA / (this.windowEnd - this.windowStart), this.windowStart, this.windowEnd, false);
  }
  /** Time-average of b (occupied bays) over the window. */
  get meanB(): number {
    return this.totalB / (this.windowEnd - this.windowStart);
  }
  /** Time-average of c (queue length) over the window. */
  get meanC(): number {
    return this.totalC / (this.windowEnd - this.windowStart);
  }
  /** Time-average of d (unconstrained demand: a plus its excess) over the window, snapped to d's limit (see atMost). */
  get meanD(): number {
    return atMost(withExcess(this.totalA, this.totalE) / (this.windowEnd - this.windowStart), this.limits.d);
  }

  /**
   * The bound on d that its means are snapped to (see atMost), and whether it bounds a's too
   * (`aWithinD`): for means taken of the cells' integrals outside the recorder.
   */
  dBound(): { readonly kw: number; readonly boundsA: boolean } {
    return { kw: this.limits.d, boundsA: this.limits.aWithinD === true };
  }

  /** Per profile cell: d's integral over the part of the window in that cell (a's plus the excess's). */
  cellD(): Float64Array {
    return this.cellA.map((a, k) => withExcess(a, this.cellE[k]));
  }

  /** Minutes of the window that fall in each profile cell: exact, from the window's bounds alone. */
  cellExposure(): Float64Array {
    const cells = this.cellA.length;
    const out = new Float64Array(cells);
    const w = this.cellMin;
    const start = this.windowStart;
    const end = this.windowEnd;
    for (let n = Math.floor(start / w); n * w < end; n++) {
      const a = n * w > start ? n * w : start;
      const b = (n + 1) * w < end ? (n + 1) * w : end;
      if (b > a) out[n % cells] += b - a;
    }
    return out;
  }

  /** The end of the interval that holds t: t itself when an interval starts there, minutes. */
  intervalEnd(t: number): number {
    // As `flush` reckons its ends, a whole number of widths, so that the two agree to the bit. The
    // quotient alone can round across a whole number (63 × 1.1 / 1.1 is 63.00000000000001, which
    // named the interval after the one ending at t), so the product decides.
    const w = this.width;
    let k = Math.ceil(t / w);
    if ((k - 1) * w >= t) k--;
    else if (k * w < t) k++;
    return k * w;
  }

  /**
   * Ends the recording at `end` (the end of the last span): flushes every interval that starts
   * before it, and closes the profile's last cell. Call once.
   */
  finish(end: number): void {
    this.excess(0, end);
    this.extra(0, end);
    while (this.cur * this.width < end) this.flush();
    this.drain();
    if (!this.byInterval && this.cellEnd > -Infinity) this.closeCell(0, 0, 0);
    this.cellEnd = this.byInterval ? Infinity : -Infinity;
  }

  /**
   * A span [lo, hi) inside the window runs past the current cell's end (or is the first): closes
   * that cell, credits the whole cells the span covers, and opens the cell it ends in. The window
   * integrals (totalA, ...) do not include the span yet.
   */
  private crossCells(a: number, b: number, c: number, lo: number, hi: number): void {
    const w = this.cellMin;
    const cells = this.cellA.length;
    let at = lo;
    if (this.cellEnd > -Infinity) {
      at = this.cellEnd > lo ? this.cellEnd : lo;
      const part = at - lo;
      this.closeCell(a * part, b * part, c * part);
    }
    for (;;) {
      // Division is monotonic, so n·w <= at < (n + 1)·w up to rounding and (n + 1)·w > at: progress is certain.
      const n = Math.floor(at / w);
      const end = (n + 1) * w;
      const k = n % cells;
      if (end >= hi) {
        const part = at - lo;
        this.cell = k;
        this.cellEnd = end;
        this.markA = this.totalA + a * part;
        this.markB = this.totalB + b * part;
        this.markC = this.totalC + c * part;
        return;
      }
      const seg = end - at;
      this.cellA[k] += a * seg;
      this.cellB[k] += b * seg;
      this.cellC[k] += c * seg;
      at = end;
    }
  }

  /** Credits the current cell with the window integrals since its start, plus the given extra. */
  private closeCell(a: number, b: number, c: number): void {
    const k = this.cell;
    this.cellA[k] += this.totalA + a - this.markA;
    this.cellB[k] += this.totalB + b - this.markB;
    this.cellC[k] += this.totalC + c - this.markC;
  }

  /** Integrates an excess e over [from, to), which lies inside the current interval. */
  private holdExcess(e: number, from: number, to: number): void {
    this.sumE += e * (to - from);
    const lo = from > this.windowStart ? from : this.windowStart;
    const hi = to < this.windowEnd ? to : this.windowEnd;
    if (!(hi > lo)) return;
    this.totalE += e * (hi - lo);
    if (this.byInterval) return; // credited with the interval
    this.splitOverCells(this.cellE, e, lo, hi);
  }

  /** Credits a value held over [lo, hi) (inside the window) to the profile's cells, split at their boundaries. */
  private splitOverCells(cells: Float64Array, value: number, lo: number, hi: number): void {
    const w = this.cellMin;
    for (let at = lo; at < hi; ) {
      const n = Math.floor(at / w);
      const end = (n + 1) * w < hi ? (n + 1) * w : hi;
      cells[n % cells.length] += value * (end - at);
      at = end;
    }
  }

  private flush(): void {
    // Both ends as whole numbers of widths, as `hold` and `intervalEnd` reckon them: start + width
    // lies a hair past (1399 × 7.2 + 7.2 is 10080.000000000002, 1400 × 7.2 is 10080).
    const start = this.cur * this.width;
    const end = (this.cur + 1) * this.width;
    if (this.e !== 0 && this.eSince < end) {
      this.holdExcess(this.e, this.eSince, end);
      this.eSince = end;
    }
    if (this.f !== 0) this.holdExtra(end);
    if (this.cur >= this.firstInside && this.cur < this.endInside) {
      const q = this.queue;
      const j = 5 * this.queued;
      q[j] = start;
      q[j + 1] = this.sumA;
      q[j + 2] = this.sumB;
      q[j + 3] = this.sumC;
      q[j + 4] = this.sumE;
      if (++this.queued * 5 === q.length) this.drain();
    }
    if (this.emit && start < this.emitBefore) this.emitRow(start, end);
    this.cur++;
    this.sumA = this.sumB = this.sumC = this.sumE = this.sumF = this.maxA = 0;
  }

  /** Integrates f up to `end`, the end of the current interval. */
  private holdExtra(end: number): void {
    if (this.fSince < end) {
      this.holdF(this.f, this.fSince, end);
      this.fSince = end;
    }
  }

  /**
   * Integrates f over [from, to), which lies inside the current interval: into the interval's sum,
   * and the part inside the window into the profile's cells. f changes far less often than the
   * spans come (only where there is a battery, and only when its power does), so the span is simply
   * split at cell boundaries.
   */
  private holdF(f: number, from: number, to: number): void {
    this.sumF += f * (to - from);
    const lo = from > this.windowStart ? from : this.windowStart;
    const hi = to < this.windowEnd ? to : this.windowEnd;
    this.splitOverCells(this.cellF, f, lo, hi);
  }

  /** Hands out the interval [start, end) that just completed; f's integral is read only here. */
  private emitRow(start: number, end: number): void {
    const fMean = this.sumF / this.width;
    this.emit!({
      start,
      aMean: this.snapA(this.sumA / this.width, start, end, false),
      aMax: this.snapA(this.maxA, start, end, true),
      bMean: this.sumB / this.width,
      cMean: this.sumC / this.width,
      dMean: atMost(withExcess(this.sumA, this.sumE) / this.width, this.limits.d),
      fMean,
    });
  }

  /**
   * A mean (`largest`: a maximum) of a over [from, to), snapped by `atMost` to a's limit there (its
   * time-average, or its largest value), and then to the level a is held at (see the constructor).
   */
  private snapA(x: number, from: number, to: number, largest: boolean): number {
    const span = this.aSpan;
    const limited = atMost(x, span === null ? this.aLimit : largest ? span.largest(from, to) : span.mean(from, to));
    const level = this.levelSpan;
    const held = atMost(limited, level === null ? this.levelKw : largest ? level.largest(from, to) : level.mean(from, to));
    return this.limits.aWithinD === true ? atMost(held, this.limits.d) : held;
  }

  /** Records the queued intervals: peaks, the distributions of the means, and (by interval) the profile's cells. */
  private drain(): void {
    const q = this.queue;
    const w = this.width;
    const n = 5 * this.queued;
    this.queued = 0;
    if (n === 0) return;
    const d = this.dIntervals;
    const peaks = this.periodPeaks;
    const cellPeak = this.cellPeak;
    for (let j = 0; j < n; j += 5) {
      // Its end as `flush` reckons it: the next whole number of widths, not start + width.
      const mean = this.snapA(q[j + 1] / w, q[j], (Math.round(q[j] / w) + 1) * w, false);
      if (peaks !== null) {
        const k = Math.floor(wholeOr((q[j] - this.windowStart) / this.periodMin));
        if (mean > peaks[k]) peaks[k] = mean;
      }
      const cell = Math.floor(wholeOr(q[j] / this.cellMin)) % cellPeak.length;
      if (mean > cellPeak[cell]) cellPeak[cell] = mean;
      const meanD = atMost(withExcess(q[j + 1], q[j + 4]) / w, this.limits.d);
      if (mean > this.peakMean) this.peakMean = mean;
      if (meanD > this.peakMeanD) this.peakMeanD = meanD;
      this.intervalsA.add(mean);
      if (d !== null) d.add(meanD);
    }
    if (!this.byInterval) return;
    // The queued intervals are consecutive: find the first one's cell, then step along.
    const perCell = this.cellMin / w;
    const cells = this.cellA.length;
    const first = Math.floor(q[0] / this.cellMin);
    let k = first % cells;
    let pos = Math.round((q[0] - first * this.cellMin) / w);
    for (let j = 0; j < n; j += 5) {
      this.cellA[k] += q[j + 1];
      this.cellB[k] += q[j + 2];
      this.cellC[k] += q[j + 3];
      this.cellE[k] += q[j + 4];
      if (++pos === perCell) {
        pos = 0;
        if (++k === cells) k = 0;
      }
    }
  }
}

/** Length of the part of [from, to) that lies inside [start, end); 0 when they do not meet. */
export function windowOverlap(from: number, to: number, start: number, end: number): number {
  const a = from > start ? from : start;
  const b = to < end ? to : end;
  return b > a ? b - a : 0;
}

/**
 * The intervals [k·width, (k + 1)·width) wholly inside the window [windowStart, windowEnd), by
 * number: `first` ≤ k < `end`. An interval that meets an edge exactly is inside, though the
 * product k·width may fall a hair outside it (24 × 2.3 is 55.199999999999996, before a warm-up of
 * 55.2 minutes).
 */
export function intervalsInside(width: number, windowStart: number, windowEnd: number): { first: number; end: number } {
  return { first: Math.ceil(wholeOr(windowStart / width)), end: Math.floor(wholeOr(windowEnd / width)) };
}

/**
 * `x` as the whole number it is but for rounding (within 10⁻¹² of it, relatively), else as it is:
 * for a ratio of two times that is whole in decimal (55.2 / 2.3 = 24), but not quite in binary.
 */
export function wholeOr(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-12 * Math.max(1, Math.abs(x)) ? r : x;
}
