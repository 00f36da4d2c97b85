import { isRoundingNoise } from './noise.js';
import { summarise, tHalfWidth, type Summary } from './summary.js';

// One-sided t bounds over replications, the verdict of a target against them, and the stopping
// rule of a run that adds replications until an interval is narrow enough.

/** Which side of its threshold a metric must be on. */
export type TargetOp = '>=' | '<=';

/** A requirement on a metric's expected value, as `--target "p_wait_over_15min<=0.05"` gives it. */
export interface Target {
  readonly metric: string;
  readonly op: TargetOp;
  readonly value: number;
}

/** Whether a design's replications show that it meets a target, show that it does not, or neither yet. */
export type Verdict = 'meets' | 'fails' | 'undecided';

/** A metric's mean over replications and its one-sided confidence bounds. */
export interface Bounds {
  readonly mean: number;
  /** Replications in which the metric is defined (NaN values are skipped). */
  readonly n: number;
  /** Lower one-sided bound at the confidence: mean − t(confidence, n−1)·sd/√n (NaN below n = 2). */
  readonly low: number;
  /** Upper one-sided bound at the confidence: mean + t(confidence, n−1)·sd/√n (NaN below n = 2). */
  readonly high: number;
  /**
   * Every value the same, and fewer of them than `alikeNeeded(confidence)`: the bounds, equal to
   * the mean, then say nothing of it (see `alikeNeeded`).
   */
  readonly spreadless: boolean;
}

/**
 * The mean of `values` and its one-sided bounds at `confidence` (in (0.5, 1)): the expected value
 * is above `low` with that confidence, and below `high` with that confidence. Together they are a
 * two-sided interval at 2·confidence − 1.
 */
export function oneSidedBounds(values: readonly number[], confidence: number, constant = false): Bounds {
  const s = summarise(values);
  if (s.n < 2) return { mean: s.mean, n: s.n, low: NaN, high: NaN, spreadless: false };
  const half = tHalfWidth(s.sd, s.n, confidence);
  return { mean: s.mean, n: s.n, low: s.mean - half, high: s.mean + half, spreadless: !constant && tooAlike(s, confidence) };
}

/**
 * Whether a summary's values all agree and are too few (below `alikeNeeded(confidence)`) for an
 * interval of them to say anything of the mean. Values that differ by rounding alone agree: a
 * connection held at its limit peaks at 3000 in fifteen replications and at 2999.999999999999 in
 * one, and the bounds of that spread are no wider than those of none. It knows nothing of what the values measure: a
 * caller exempts a metric known to be constant (the same in every replication by its definition,
 * or in a scenario that draws nothing at random), as `oneSidedBounds` does with `constant`.
 */
export function tooAlike(s: Summary, confidence: number): boolean {
  return isRoundingNoise(s.sd, s.mean) && s.n < alikeNeeded(confidence);
}

/**
 * Whether paired differences B − A agree on one value other than 0, too few of them to stand for
 * the mean at `confidence` (see `alikeNeeded`): their interval, of no width, would claim a
 * difference that two pairs of a whole number can show by chance. A difference of 0, or of
 * rounding noise at `scale` (the size of A and B), claims none. `compare` and `size` both go by it.
 */
export function pairsAgree(diff: Summary, scale: number, confidence: number): boolean {
  return !isRoundingNoise(diff.mean, scale) && tooAlike(diff, confidence);
}

/**
 * How many replications must all give one value before it stands for the metric's mean: the least
 * n with confidence^n <= 1 − confidence (59 at 95 %, 22 at 90 %, 459 at 99 %).
 *
 * Values with no spread have a t-interval of no width, yet an event that happens in only some
 * replications (a balk, a wait past the threshold) may simply not have happened in these: in none
 * of n with probability (1 − p)^n, 13 % for an event in 18 % of replications and n = 10. With no
 * such event in n replications, the share of replications that would have one is below
 * 1 − (1 − confidence)^(1/n) with the confidence (the exact binomial bound for no event in n
 * trials); from this n on, below 1 − confidence. Before it, nothing is known of the mean but that
 * the values agree so far.
 */
export function alikeNeeded(confidence: number): number {
  return Math.ceil(Math.log(1 - confidence) / Math.log(confidence));
}

/**
 * A target's verdict from a metric's bounds: `meets` when the bound on the target's side clears it
 * (for `>=`, low >= value; for `<=`, high <= value), `fails` when the opposite bound is on the
 * wrong side (high < value; low > value), `undecided` otherwise, while there are no bounds, and
 * while the values agree but are too few to stand for the mean (`spreadless`).
 */
export function verdictOf(b: Bounds, op: TargetOp, value: number): Verdict {
  if (Number.isNaN(b.low) || Number.isNaN(b.high) || b.spreadless) return 'undecided';
  if (op === '>=') return b.low >= value ? 'meets' : b.high < value ? 'fails' : 'undecided';
  return b.high <= value ? 'meets' : b.low > value ? 'fails' : 'undecided';
}

/** How narrow a metric's 95 % interval must be: a fraction of its mean, or an absolute half-width. */
export interface Precision {
  readonly metric: string;
  readonly relative: boolean;
  /** The fraction (0.05 for 5 %) or the absolute half-width. */
  readonly value: number;
}

/**
 * What `run --precision` asked and reached, as run.json records it for the folder's report: the
 * replications stop as soon as every metric is precise, so a folder of 32 replications says
 * nothing of whether that was the precision asked or the most allowed.
 */
export interface PrecisionRecord {
  /** `--max-replications`: the most the run could reach. */
  readonly maxReplications: number;
  /** Each `--precision` in the order given: the width asked (a fraction when relative), and whether the rows reached it. */
  readonly metrics: readonly { readonly metric: string; readonly relative: boolean; readonly value: number; readonly reached: boolean }[];
}

/** Half the width of a summary's 95 % interval (NaN when it has none). */
export function halfWidth(s: Summary): number {
  return (s.ci95High - s.ci95Low) / 2;
}

/**
 * Whether a metric's 95 % interval is as narrow as asked. Absolute: half-width <= value. Relative
 * (Law & Kelton, "Simulation Modeling and Analysis", 9.4.1): half-width / |mean| <= γ / (1 + γ) for
 * a relative error γ; the adjustment makes |mean − true value| / |true value| <= γ hold with about
 * 95 % confidence, which half-width / |mean| <= γ alone does not. A metric with no interval (fewer
 * than two defined values) is never precise enough; a zero mean only with a zero half-width. Nor is
 * one whose values all agree while there are too few of them (`tooAlike` at 95 %), unless it is
 * `constant`.
 */
export function precise(s: Summary, p: Precision, constant = false): boolean {
  const h = halfWidth(s);
  if (Number.isNaN(h) || (!constant && tooAlike(s, 0.95))) return false;
  if (!p.relative) return h <= p.value;
  if (h === 0) return true;
  return h / Math.abs(s.mean) <= p.value / (1 + p.value);
}
