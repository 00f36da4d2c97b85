import { oneSidedBounds, verdictOf, type Bounds, type Target, type Verdict } from './onesided.js';

// The search behind `hubsim size`: the smallest value of a parameter whose design meets every
// target with statistical confidence, and, over the values of a second parameter, the frontier of
// such minimal designs. Pure: designs are run by an evaluator passed in, so the search can be
// tested with a fake one, and its decisions depend only on the evaluator's answers.

/** One replication's metrics, by name. */
export type MetricValues = Readonly<Record<string, number>>;

/** A design whose hub can never clear its trucks: why, in words. No replication of it gives metrics. */
export interface Overloaded {
  readonly overloaded: string;
}

/**
 * Runs replications `from`..`to` (1-based, inclusive) of the design with these parameter values,
 * returning their metrics in order, or `Overloaded` when one of them can never end.
 */
export type Evaluator = (values: readonly unknown[], from: number, to: number) => Promise<readonly MetricValues[] | Overloaded>;

/** What to search. */
export interface SizingSpec {
  /** Values of the parameter to size, in increasing order (more never hurts, in expectation). */
  readonly sized: readonly number[];
  /** Values of the frontier's second parameter, if any, in the order to search them. */
  readonly across?: readonly unknown[];
  /** Whether more of the second parameter never hurts either (its values are increasing numbers). */
  readonly acrossMonotone?: boolean;
  readonly targets: readonly Target[];
  /** Confidence of each one-sided bound, in (0.5, 1). */
  readonly confidence: number;
  /** Replications a design starts with (at least 2: a bound needs a spread). */
  readonly replications: number;
  /** Most replications a design gets; undecided designs double up to it. */
  readonly maxReplications: number;
  /** A design's metrics that are the same in every replication by their definition: their values stand for the mean however few agree (see `alikeNeeded`). */
  readonly constant?: (values: readonly unknown[]) => ReadonlySet<string>;
}

/** One target's standing for a design. */
export interface TargetResult {
  readonly target: Target;
  readonly bounds: Bounds;
  readonly verdict: Verdict;
}

/** A design as evaluated: its values, replications, each target's bounds and verdict, and the overall verdict. */
export interface Evaluation {
  /** 1-based, in the order designs were first evaluated. */
  readonly index: number;
  /** [sized value] or [sized value, second value]. */
  readonly values: readonly unknown[];
  readonly replications: number;
  readonly metrics: readonly MetricValues[];
  readonly targets: readonly TargetResult[];
  /** `meets` when every target is met, `fails` when one fails, else `undecided` (at maxReplications: not shown to meet). */
  readonly verdict: Verdict;
  /** Why the design fails without bounds: its hub can never clear its trucks (in some replication: it then has none, and no metrics). */
  readonly overloaded?: string;
}

/** The answer for one value of the second parameter (or the only answer, without one). */
export interface FrontierPoint {
  /** The second parameter's value; undefined without a second parameter. */
  readonly across?: unknown;
  /** The smallest sized value shown to meet every target; undefined when none in the range is. */
  readonly answer?: number;
  /** Index of the evaluation of the answer's design. */
  readonly answerEvaluation?: number;
  /** Index of the evaluation of the next smaller sized value (evidence that it is not shown to meet); undefined at the bottom of the range. */
  readonly belowEvaluation?: number;
  /** Without an answer: index of the evaluation of the largest sized value, which was not shown to meet. */
  readonly topEvaluation?: number;
  /**
   * Without an answer: index of the evaluation of the smallest sized value when a target that the
   * top does not meet is met there (`worseWithMore`). That target gets worse with more of the sized
   * parameter (a cap on the peak grid power as bays are added, a share of trucks charged within
   * their break as more of them plug in), which the search assumes none does: there is no answer
   * to trust, though designs between may meet every target.
   */
  readonly bottomEvaluation?: number;
}

/**
 * Whether values of the sized parameter lie unsearched between an answer and the next value down:
 * a range in steps (`2..10:4`) or a list (`2,4,8`) leaves whole numbers between them, any of which
 * may meet too, so the answer is the smallest of the values searched, not of all.
 */
export function gapBelow(below: unknown, answer: unknown): boolean {
  return typeof below === 'number' && typeof answer === 'number' && answer - below > 1;
}

/** Whether a target the bottom of a range meets (its verdict `low` there) and the top does not (`high`) gets worse with more. */
const worsens = (low: string | undefined, high: string | undefined): boolean => low === 'meets' && high !== 'meets';

/** The targets the `bottom` of a range meets and its `top` does not: those that get worse with more of the sized parameter. */
export function worseWithMore(top: Evaluation, bottom: Evaluation): Target[] {
  if (bottom.overloaded !== undefined) return [];
  return bottom.targets.filter((t, i) => worsens(t.verdict, top.targets[i].verdict)).map((t) => t.target);
}

/**
 * Whether the top fails each target that gets worse with more (see `worseWithMore`), given the two
 * designs' verdicts target by target (`low` the bottom's, `high` the top's): else the top, at
 * --max-replications, is only not shown to meet one, and the target may get worse with more.
 */
export function topFailsWorse(low: readonly (string | undefined)[], high: readonly (string | undefined)[]): boolean {
  return low.every((v, i) => !worsens(v, high[i]) || high[i] === 'fails');
}

/**
 * What `sizeSearch` found: every design it evaluated, once each, in the order evaluated (an
 * evaluation's `index` is its place here, from 1); and one frontier point per value of the second
 * parameter, in the order searched (a single point without one).
 */
export interface SizingResult {
  readonly evaluations: readonly Evaluation[];
  readonly frontier: readonly FrontierPoint[];
}

/**
 * Each target's bounds and verdict over `metrics`, and the design's verdict: fails if any fails,
 * meets if all meet. A `constant` metric's values are known to agree: few of them still decide
 * (the same in every replication by its definition, or every metric of a design that draws nothing
 * at random: see `constantMetrics`). Replications that merely happen to agree in every metric are
 * not known to: ten of a quiet hub can all hold no truck.
 */
export function judgeDesign(metrics: readonly MetricValues[], targets: readonly Target[], confidence: number, constant: ReadonlySet<string> = new Set()): { targets: TargetResult[]; verdict: Verdict } {
  const results = targets.map((t) => {
    const bounds = oneSidedBounds(metrics.map((m) => m[t.metric]), confidence, constant.has(t.metric));
    return { target: t, bounds, verdict: verdictOf(bounds, t.op, t.value) };
  });
  const verdict: Verdict = results.some((r) => r.verdict === 'fails') ? 'fails' : results.every((r) => r.verdict === 'meets') ? 'meets' : 'undecided';
  return { targets: results, verdict };
}

/**
 * Finds, for each value of the second parameter (or once), the smallest sized value that meets
 * every target. A design starts with `replications` replications and, while undecided, doubles them
 * up to `maxReplications`. Assuming that more of the sized parameter never hurts in expectation,
 * the search evaluates the top of the range first (if it is not shown to meet, nothing below is)
 * and then bisects between the largest value known not to meet and the smallest known to meet.
 * Across a monotone second parameter, taken in increasing order, the previous answer is the top
 * of the next search; if it is not shown to meet there, the values above it are searched. Where the
 * top is not shown to meet, the bottom of the range is evaluated too: if it meets a target the top
 * does not, the assumption does not hold for that target, and the point says so rather than that
 * nothing meets.
 */
export async function sizeSearch(spec: SizingSpec, evaluate: Evaluator): Promise<SizingResult> {
  const evaluations: Evaluation[] = [];
  const byKey = new Map<string, Evaluation>();

  /**
   * Evaluates a design, doubling its replications while it is undecided, and, where `more` is
   * given, while `more` holds of its targets; with at least `atLeast` replications (a design already
   * evaluated goes on from its replications so far, keeping its index).
   */
  const assess = async (values: readonly unknown[], more?: (targets: readonly TargetResult[]) => boolean, atLeast = spec.replications): Promise<Evaluation> => {
    const key = JSON.stringify(values);
    const known = byKey.get(key);
    const least = Math.min(Math.max(atLeast, spec.replications), spec.maxReplications);
    const done = (e: Evaluation) => e.overloaded !== undefined || e.replications >= spec.maxReplications || (e.replications >= least && (more === undefined || !more(e.targets)));
    if (known && done(known)) return known;
    const metrics: MetricValues[] = known ? [...known.metrics] : [];
    let judged: ReturnType<typeof judgeDesign> | undefined = known ? { targets: [...known.targets], verdict: known.verdict } : undefined;
    let overloaded: string | undefined;
    const goOn = (j: ReturnType<typeof judgeDesign>) => j.verdict === 'undecided' || metrics.length < least || (more !== undefined && more(j.targets));
    // A design that cannot clear its trucks fails whatever its targets: more of the sized parameter
    // is then needed (a range's bottom is often such a design, and the bisection may visit it).
    while (judged === undefined || (goOn(judged) && metrics.length < spec.maxReplications)) {
      const to = judged === undefined ? least : Math.min(metrics.length < least ? least : 2 * metrics.length, spec.maxReplications);
      const batch = await evaluate(values, metrics.length + 1, to);
      if ('overloaded' in batch) {
        overloaded = batch.overloaded;
        metrics.length = 0; // the replications that did end are not the design's results
        judged = { targets: spec.targets.map((t) => ({ target: t, bounds: { mean: NaN, n: 0, low: NaN, high: NaN, spreadless: false }, verdict: 'fails' as const })), verdict: 'fails' };
        break;
      }
      metrics.push(...batch);
      judged = judgeDesign(metrics, spec.targets, spec.confidence, spec.constant?.(values));
    }
    const e: Evaluation = { index: known ? known.index : evaluations.length + 1, values, replications: metrics.length, metrics, targets: judged.targets, verdict: judged.verdict, ...(overloaded === undefined ? {} : { overloaded }) };
    if (known) evaluations[known.index - 1] = e;
    else evaluations.push(e);
    byKey.set(key, e);
    return e;
  };

  const v = spec.sized;
  const withAcross = (i: number, across: unknown) => (spec.across === undefined ? [v[i]] : [v[i], across]);

  /**
   * The smallest index in (lo, hi] that meets, given that hi meets and lo (−1: none) does not;
   * designs first evaluated here get at least `atLeast` replications.
   */
  const bisect = async (lo: number, hi: number, across: unknown, seen: Map<number, Evaluation>, atLeast: number): Promise<number> => {
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const e = await assess(withAcross(mid, across), undefined, atLeast);
      seen.set(mid, e);
      if (e.verdict === 'meets') hi = mid;
      else lo = mid;
    }
    return hi;
  };

  /**
   * The bisection's answer, held to the evidence against the value below it: every design shares
   * replications 1, 2, … (the same trucks), so an answer that met on its first few replications,
   * beside a value below that took more to be shown not to meet, may have met on a favourable few
   * that the value below outgrew (two designs whose paired difference is nil, one met on 10 and the
   * other failed on 80). The answer is taken to as many replications as the value below ran; no
   * longer met there, the search goes on above it, designs new to it starting at that many. -1:
   * nothing up to the range's top (then evaluated) is shown to meet.
   */
  const settle = async (lo: number, hi: number, across: unknown, seen: Map<number, Evaluation>): Promise<number> => {
    let atLeast = spec.replications;
    for (;;) {
      const answer = await bisect(lo, hi, across, seen, atLeast);
      const below = answer > 0 ? seen.get(answer - 1) : undefined;
      const held = seen.get(answer)!;
      if (below === undefined || below.overloaded !== undefined || held.replications >= below.replications) return answer;
      atLeast = below.replications;
      const e = await assess(held.values, undefined, atLeast);
      seen.set(answer, e);
      if (e.verdict === 'meets') return answer;
      // On from the smallest value above it that met; or, where none did, from the range's top.
      lo = answer;
      hi = [...seen.keys()].filter((i) => i > answer && seen.get(i)!.verdict === 'meets').reduce((a, b) => Math.min(a, b), Infinity);
      if (hi === Infinity) {
        const top = v.length - 1;
        if (answer === top) return -1;
        const t = await assess(withAcross(top, across), undefined, atLeast);
        seen.set(top, t);
        if (t.verdict !== 'meets') return -1;
        hi = top;
      }
    }
  };

  const searchOne = async (across: unknown, topIndex: number): Promise<FrontierPoint> => {
    const seen = new Map<number, Evaluation>();
    const point = (answer: number | undefined, top?: Evaluation, bottom?: Evaluation): FrontierPoint => ({
      ...(spec.across === undefined ? {} : { across }),
      ...(answer === undefined
        ? { topEvaluation: top!.index, ...(bottom !== undefined && worseWithMore(top!, bottom).length > 0 ? { bottomEvaluation: bottom.index } : {}) }
        : { answer: v[answer], answerEvaluation: seen.get(answer)!.index, belowEvaluation: answer > 0 ? seen.get(answer - 1)?.index : undefined }),
    });
    // The top of the range is not shown to meet: so should nothing below it be. A bottom that fails
    // one target is decided at once, but a target the top does not meet that is still undecided there
    // (a peak cap the bottom's bays can never reach, the same in every replication, needs 59 of them
    // to agree) is taken on until it is decided: met there, it gets worse with more of the parameter.
    // Likewise a top that fails one target at once is taken on while a target the bottom meets is
    // undecided there (a peak cap at the connection's own kW, the same in every replication): met
    // there too, it does not get worse with more.
    const noneMeets = async (top: Evaluation): Promise<FrontierPoint> => {
      if (v.length <= 1) return point(undefined, top);
      const open = (targets: readonly TargetResult[]) => targets.some((t, i) => t.verdict === 'undecided' && top.targets[i].verdict !== 'meets');
      const bottom = await assess(withAcross(0, across), open);
      const held = (targets: readonly TargetResult[]) => targets.some((t, i) => t.verdict === 'undecided' && bottom.targets[i].verdict === 'meets');
      return point(undefined, await assess(top.values, held), bottom);
    };
    let lo = -1;
    let hi = topIndex;
    const first = await assess(withAcross(hi, across));
    seen.set(hi, first);
    if (first.verdict !== 'meets') {
      // A narrowed top (the previous answer) that is not shown to meet here: look above it.
      const top = v.length - 1;
      if (hi === top) return noneMeets(first);
      lo = hi;
      hi = top;
      const e = await assess(withAcross(top, across));
      seen.set(top, e);
      if (e.verdict !== 'meets') return noneMeets(e);
    }
    const answer = await settle(lo, hi, across, seen);
    if (answer < 0) return noneMeets(seen.get(v.length - 1)!);
    // The design just below the answer was evaluated by the bisection unless the answer is the
    // bottom of the range, or the bisection started just above a known non-meeting design.
    return point(answer);
  };

  const frontier: FrontierPoint[] = [];
  if (spec.across === undefined) {
    frontier.push(await searchOne(undefined, v.length - 1));
  } else {
    let top = v.length - 1;
    for (const across of spec.across) {
      const p = await searchOne(across, spec.acrossMonotone ? top : v.length - 1);
      frontier.push(p);
      if (spec.acrossMonotone && p.answer !== undefined) top = v.indexOf(p.answer);
    }
  }
  return { evaluations, frontier };
}
