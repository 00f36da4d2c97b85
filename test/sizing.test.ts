import { describe, expect, test } from '@jest/globals';
import seedrandom from 'seedrandom';
import type { Target } from '../src/stats/onesided.js';
import { judgeDesign, sizeSearch, worseWithMore, type Evaluator, type MetricValues, type SizingSpec } from '../src/stats/sizing.js';

// The search against fake evaluators whose expected metric is known, so every decision can be
// checked by hand: which designs are evaluated, in which order, with how many replications.

/** A fake evaluator: metric `x` of replication r is `mean(values) + noise(values, r)`; records every call. */
function fake(mean: (values: readonly unknown[]) => number, noise: (values: readonly unknown[], r: number) => number) {
  const calls: { values: readonly unknown[]; from: number; to: number }[] = [];
  const evaluate: Evaluator = async (values, from, to) => {
    calls.push({ values, from, to });
    const out: MetricValues[] = [];
    for (let r = from; r <= to; r++) out.push({ x: mean(values) + noise(values, r) });
    return out;
  };
  return { evaluate, calls };
}

/** Small Gaussian noise, a fixed function of the design and the replication. */
const gaussian = (sd: number) => (values: readonly unknown[], r: number) => {
  const u = seedrandom.alea(`${JSON.stringify(values)}/${r}`);
  return sd * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
};

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const le = (value: number): Target => ({ metric: 'x', op: '<=', value });
const spec = (over: Partial<SizingSpec>): SizingSpec => ({ sized: range(1, 16), targets: [le(0.22)], confidence: 0.95, replications: 10, maxReplications: 80, ...over });
/** Two targets: a (>= 0.2), which more of the sized parameter helps, and b (<= 0.25), which it hurts. */
const HELPED_AND_HURT: Target[] = [
  { metric: 'a', op: '>=', value: 0.2 },
  { metric: 'b', op: '<=', value: 0.25 },
];

describe('judgeDesign', () => {
  test('meets when every target is met, fails when one fails, else undecided', () => {
    const rows = [0.9, 1, 1.1, 1, 0.9, 1.1].map((x) => ({ x, y: 10 * x }));
    const t = (metric: string, op: '<=' | '>=', value: number): Target => ({ metric, op, value });
    expect(judgeDesign(rows, [t('x', '<=', 2), t('y', '>=', 5)], 0.95).verdict).toBe('meets');
    expect(judgeDesign(rows, [t('x', '<=', 2), t('y', '>=', 50)], 0.95).verdict).toBe('fails');
    expect(judgeDesign(rows, [t('x', '<=', 1), t('y', '>=', 5)], 0.95).verdict).toBe('undecided');
    expect(judgeDesign(rows, [t('x', '<=', 1), t('y', '>=', 50)], 0.95).verdict).toBe('fails');
  });

  test('a metric that agrees in every replication decides only once 59 agree, unless it is constant by definition or nothing in the design is drawn at random', () => {
    const t = (metric: string, op: '<=' | '>=', value: number): Target => ({ metric, op, value });
    // No balk in 10 replications whose waits differ: a rare event may not have happened yet.
    const noBalks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((w) => ({ balks: 0, wait: w, cost: 7 }));
    expect(judgeDesign(noBalks, [t('balks', '<=', 0.1)], 0.95).verdict).toBe('undecided');
    expect(judgeDesign(noBalks, [t('cost', '<=', 8)], 0.95).verdict).toBe('undecided');
    // A cost fixed by the scenario is known at once.
    expect(judgeDesign(noBalks, [t('cost', '<=', 8)], 0.95, new Set(['cost'])).verdict).toBe('meets');
    // Replications the same in every metric (NaN alike) decide at once only in a design that draws
    // nothing at random (every metric constant): ten of a quiet hub can all hold no truck.
    const same = Array.from({ length: 2 }, () => ({ balks: 0, wait: 3, share: 0.2016, empty: NaN }));
    expect(judgeDesign(same, [t('balks', '<=', 0.1), t('share', '<=', 0.5)], 0.95).verdict).toBe('undecided');
    const all = new Set(['balks', 'wait', 'share', 'empty']);
    expect(judgeDesign(same, [t('balks', '<=', 0.1), t('share', '<=', 0.5)], 0.95, all).verdict).toBe('meets');
    expect(judgeDesign(same, [t('share', '>=', 0.5)], 0.95, all).verdict).toBe('fails');
  });

  test('a higher confidence asks for more evidence', () => {
    // Mean 1, sd √0.008 over 6 replications: the upper bound is 1 + t(C, 5) · 0.0365, so 1.0736
    // at 95 % (t = 2.015) and 1.1229 at 99 % (t = 3.365), either side of 1.1.
    const rows = [0.9, 1, 1.1, 1, 0.9, 1.1].map((x) => ({ x }));
    const judged = (confidence: number) => judgeDesign(rows, [le(1.1)], confidence);
    expect(judged(0.95).verdict).toBe('meets');
    expect(judged(0.95).targets[0].bounds.high).toBeCloseTo(1.0736, 4);
    expect(judged(0.99).verdict).toBe('undecided');
    expect(judged(0.99).targets[0].bounds.high).toBeCloseTo(1.1229, 4);
  });
});

describe('an overloaded design', () => {
  test('fails whatever its targets, with no replications, and the search goes on above it', async () => {
    // E[x] = 1/c, replications alternating ±0.001 about it; x <= 0.2505 needs c = 5 (c = 4 is
    // undecided on 10 replications: bounds 0.2494 and 0.2506). From replication 11 on, c = 4 never
    // clears its trucks; nor does any c below 4.
    const inner = fake((v) => 1 / (v[0] as number), (_, r) => (r % 2 === 0 ? 0.001 : -0.001));
    const evaluate: Evaluator = async (values, from, to) => {
      const c = values[0] as number;
      return c < 4 || (c === 4 && to > 10) ? { overloaded: 'trucks still at the hub' } : inner.evaluate(values, from, to);
    };
    const res = await sizeSearch(spec({ targets: [le(0.2505)] }), evaluate);
    // 16 meets; bisection: 8 meets, 4 undecided then overloaded, 6 meets, 5 meets.
    expect(res.evaluations.map((e) => [e.values[0], e.verdict, e.replications])).toEqual([[16, 'meets', 10], [8, 'meets', 10], [4, 'fails', 0], [6, 'meets', 10], [5, 'meets', 10]]);
    const four = res.evaluations[2];
    expect(four).toMatchObject({ metrics: [], overloaded: 'trucks still at the hub' });
    expect(four.targets.map((t) => [t.verdict, t.bounds.n])).toEqual([['fails', 0]]);
    expect(inner.calls.filter((c) => c.values[0] === 4)).toEqual([{ values: [4], from: 1, to: 10 }]);
    expect(res.frontier).toEqual([{ answer: 5, answerEvaluation: 5, belowEvaluation: 3 }]);
    // Searched from the bottom up (a range that starts overloaded), it is the same.
    const low = await sizeSearch(spec({ sized: range(1, 5), targets: [le(0.2505)] }), evaluate);
    expect(low.frontier[0].answer).toBe(5);
  });
});

describe('sizeSearch on one parameter', () => {
  test('the top first, then bisection: E[x] = 1/c, x <= 0.22 needs c = 5', async () => {
    const f = fake((v) => 1 / (v[0] as number), gaussian(0.001));
    const res = await sizeSearch(spec({}), f.evaluate);
    // 16 meets; bisect indices (-1, 15]: 8 meets, 4 fails, 6 meets, 5 meets.
    expect(res.evaluations.map((e) => e.values[0])).toEqual([16, 8, 4, 6, 5]);
    expect(res.evaluations.map((e) => e.verdict)).toEqual(['meets', 'meets', 'fails', 'meets', 'meets']);
    expect(f.calls.every((c) => c.from === 1 && c.to === 10)).toBe(true);
    expect(res.frontier).toEqual([{ answer: 5, answerEvaluation: 5, belowEvaluation: 3 }]);
  });

  test('the bottom of the range can be the answer', async () => {
    const f = fake(() => 0.1, gaussian(0.001));
    const res = await sizeSearch(spec({ sized: [3, 4, 5, 6] }), f.evaluate);
    expect(res.frontier[0].answer).toBe(3);
    expect(res.frontier[0].belowEvaluation).toBeUndefined();
  });

  test('when the top does not meet, nothing between it and the bottom is evaluated; the bottom, not meeting either, is nothing to say', async () => {
    const f = fake((v) => 1 / (v[0] as number), gaussian(0.001));
    const res = await sizeSearch(spec({ sized: [1, 2, 3, 4] }), f.evaluate);
    expect(res.evaluations.map((e) => [e.values[0], e.verdict])).toEqual([[4, 'fails'], [1, 'fails']]);
    expect(res.frontier).toEqual([{ topEvaluation: 1 }]);
  });

  test('a bottom that meets where the top does not is no answer: a target gets worse with more of the parameter', async () => {
    // E[x] = c / 10 (a cap on what grows with the parameter, such as the peak grid power with more bays).
    const f = fake((v) => (v[0] as number) / 10, gaussian(0.001));
    const res = await sizeSearch(spec({ sized: [1, 2, 3, 4] }), f.evaluate);
    expect(res.evaluations.map((e) => [e.values[0], e.verdict])).toEqual([[4, 'fails'], [1, 'meets']]);
    expect(res.frontier).toEqual([{ topEvaluation: 1, bottomEvaluation: 2 }]);
    // A range of one value has no bottom apart from its top.
    const one = await sizeSearch(spec({ sized: [4] }), fake((v) => (v[0] as number) / 10, gaussian(0.001)).evaluate);
    expect(one.frontier).toEqual([{ topEvaluation: 1 }]);
    // A range of two values has one.
    const two = await sizeSearch(spec({ sized: [1, 4] }), fake((v) => (v[0] as number) / 10, gaussian(0.001)).evaluate);
    expect(two.frontier).toEqual([{ topEvaluation: 1, bottomEvaluation: 2 }]);
  });

  test('with two targets, one that more helps and one that more hurts, a bottom meeting the one the top fails is no answer either', async () => {
    // Target a (>= 0.2) holds from 2 up; target b (<= 0.25, E = c / 10) holds up to 2: only 2 meets both.
    const targets = HELPED_AND_HURT;
    const evaluate: Evaluator = async (values, from, to) =>
      Array.from({ length: to - from + 1 }, (_, k) => {
        const c = values[0] as number;
        const noise = ((from + k) % 2 === 0 ? 1 : -1) * 0.001;
        return { a: (c >= 2 ? 0.5 : 0.1) + noise, b: c / 10 + noise } as MetricValues;
      });
    const res = await sizeSearch(spec({ sized: [1, 2, 3, 4], targets }), evaluate);
    // The top fails b, the bottom fails a but meets b: b gets worse with more, so no answer is trusted.
    expect(res.evaluations.map((e) => [e.values[0], e.targets.map((t) => t.verdict)])).toEqual([
      [4, ['meets', 'fails']],
      [1, ['fails', 'meets']],
    ]);
    expect(res.frontier).toEqual([{ topEvaluation: 1, bottomEvaluation: 2 }]);
    expect(worseWithMore(res.evaluations[0], res.evaluations[1]).map((t) => t.metric)).toEqual(['b']);
  });

  test('a bottom that fails one target is taken on while a target the top fails is undecided there: a cap met in every replication is no answer', async () => {
    // Target a (>= 0.2, helped by more) fails at the bottom at once; target b (<= 250, a peak cap
    // of c · 100 the same in every replication, hurt by more) needs 59 agreeing replications to be
    // met at the bottom, and the top fails it: b gets worse with more, so no answer is trusted.
    const targets = [
      { metric: 'a', op: '>=' as const, value: 0.2 },
      { metric: 'b', op: '<=' as const, value: 250 },
    ];
    const calls: [number, number, number][] = [];
    const evaluate: Evaluator = async (values, from, to) => {
      const c = values[0] as number;
      calls.push([c, from, to]);
      return Array.from({ length: to - from + 1 }, (_, k) => ({ a: (c >= 2 ? 0.5 : 0.1) + ((from + k) % 2 === 0 ? 1 : -1) * 0.001, b: c * 100 + (c === 4 ? ((from + k) % 2 === 0 ? 1 : -1) : 0) }) as MetricValues);
    };
    const res = await sizeSearch(spec({ sized: [1, 2, 3, 4], targets, maxReplications: 160 }), evaluate);
    expect(res.evaluations.map((e) => [e.values[0], e.replications, e.targets.map((t) => t.verdict)])).toEqual([
      [4, 10, ['meets', 'fails']],
      [1, 80, ['fails', 'meets']],
    ]);
    expect(calls.filter((c) => c[0] === 1).map((c) => [c[1], c[2]])).toEqual([[1, 10], [11, 20], [21, 40], [41, 80]]);
    expect(res.frontier).toEqual([{ topEvaluation: 1, bottomEvaluation: 2 }]);
    expect(worseWithMore(res.evaluations[0], res.evaluations[1]).map((t) => t.metric)).toEqual(['b']);
  });

  test('a bottom left undecided where the top fails is not shown to meet either: nothing meets', async () => {
    // The bottom alternates exactly around the target and never decides; the top fails.
    const f = fake(
      (v) => ((v[0] as number) === 1 ? 0.22 : 1),
      (v, r) => ((v[0] as number) === 1 ? (r % 2 === 0 ? 0.05 : -0.05) : gaussian(0.001)(v, r)),
    );
    const res = await sizeSearch(spec({ sized: [1, 2, 3, 4], maxReplications: 20 }), f.evaluate);
    expect(res.evaluations.map((e) => [e.values[0], e.verdict])).toEqual([[4, 'fails'], [1, 'undecided']]);
    expect(res.frontier).toEqual([{ topEvaluation: 1 }]);
  });

  test('an undecided design doubles its replications up to the maximum, then counts as not shown to meet', async () => {
    // Design 4 alternates exactly around the target: its mean is the target and its bounds straddle
    // it at every even count, so it never decides. 5 and above meet at once.
    const f = fake(
      (v) => ((v[0] as number) < 4 ? 1 : (v[0] as number) === 4 ? 0.22 : 0.1),
      (v, r) => ((v[0] as number) === 4 ? (r % 2 === 0 ? 0.05 : -0.05) : gaussian(0.001)(v, r)),
    );
    const res = await sizeSearch(spec({ sized: range(1, 8), maxReplications: 50 }), f.evaluate);
    const four = f.calls.filter((c) => c.values[0] === 4).map((c) => [c.from, c.to]);
    expect(four).toEqual([[1, 10], [11, 20], [21, 40], [41, 50]]);
    const e4 = res.evaluations.find((e) => e.values[0] === 4)!;
    expect(e4.verdict).toBe('undecided');
    expect(e4.replications).toBe(50);
    expect(e4.metrics).toHaveLength(50);
    expect(res.frontier[0].answer).toBe(5);
    expect(res.frontier[0].belowEvaluation).toBe(e4.index);
  });

  test('noise decides later: a design starting undecided is settled by more replications', async () => {
    // E[x] = 0.2 against 0.22 with sd 0.05: ten replications leave the upper bound near
    // 0.2 + 1.83 · 0.05 / √10 = 0.229 (undecided); forty put it near 0.213.
    const f = fake(() => 0.2, gaussian(0.05));
    const res = await sizeSearch(spec({ sized: [1] }), f.evaluate);
    expect(res.evaluations[0].replications).toBeGreaterThan(10);
    expect(res.evaluations[0].verdict).toBe('meets');
    expect(f.calls.map((c) => c.from)).toEqual(f.calls.map((_, i) => (i === 0 ? 1 : 10 * 2 ** (i - 1) + 1)));
  });

  test('an answer that met on fewer replications than the value below it took is held to as many: met on a favourable few, the search goes on above it', async () => {
    // Every design shares its first ten replications, which are favourable (0.05 below the mean):
    // c = 4 (E[x] = 0.25) meets on them alone, while c = 3 (0.27) is undecided on them and fails on
    // 20, whose ten more are not. Held to 20 and more, c = 4 fails too; c = 5 (0.2) meets on 40.
    const mean = (v: readonly unknown[]) => ({ 3: 0.27, 4: 0.25 })[v[0] as number] ?? 1 / (v[0] as number);
    const noise = gaussian(0.01);
    const f = fake(mean, (v, r) => (r <= 10 ? -0.05 : 0) + noise(v, r));
    const res = await sizeSearch(spec({}), f.evaluate);
    const at = (c: number) => res.evaluations.find((e) => e.values[0] === c)!;
    expect(at(3).verdict).toBe('fails');
    expect(at(4).verdict).toBe('fails');
    expect(at(4).replications).toBeGreaterThanOrEqual(at(3).replications);
    expect(res.frontier[0].answer).toBe(5);
    expect(at(5).verdict).toBe('meets');
    expect(at(5).replications).toBeGreaterThanOrEqual(at(4).replications);
    expect(res.frontier[0]).toEqual({ answer: 5, answerEvaluation: at(5).index, belowEvaluation: at(4).index });
    // Each design's replications are one run of 1..n, grown in order: none is run twice.
    for (const e of res.evaluations) {
      const calls = f.calls.filter((c) => c.values[0] === e.values[0]);
      expect(calls.map((c) => c.from)).toEqual(calls.map((_, i) => (i === 0 ? 1 : calls[i - 1].to + 1)));
      expect(calls[calls.length - 1].to).toBe(e.replications);
    }
  });

  test('a top left undecided at the maximum is not shown to meet, so nothing below it is searched for an answer', async () => {
    // The top alternates exactly around the target and never decides; every value below it fails.
    const f = fake(
      (v) => ((v[0] as number) === 8 ? 0.22 : 1),
      (v, r) => ((v[0] as number) === 8 ? (r % 2 === 0 ? 0.05 : -0.05) : gaussian(0.001)(v, r)),
    );
    const res = await sizeSearch(spec({ sized: range(1, 8), maxReplications: 20 }), f.evaluate);
    expect(res.evaluations.map((e) => [e.values[0], e.verdict, e.replications])).toEqual([[8, 'undecided', 20], [1, 'fails', 10]]);
    expect(res.frontier).toEqual([{ topEvaluation: 1 }]);
  });

  test('a top that fails one target at once is taken on while a target the bottom meets is undecided there: a cap met in every replication at both ends does not get worse with more', async () => {
    // Target a (>= 0.5) fails at the top at once; target b (<= 400, a peak capped at 400 in every
    // replication at the top, c · 100 at the others) needs 59 agreeing replications to be met at the
    // top. Met there too, b does not get worse with more: nothing in the range meets, the top failing a.
    const targets = [
      { metric: 'a', op: '>=' as const, value: 0.5 },
      { metric: 'b', op: '<=' as const, value: 400 },
    ];
    const evaluate: Evaluator = async (values, from, to) => {
      const c = values[0] as number;
      return Array.from({ length: to - from + 1 }, (_, k) => ({ a: 0.1 + ((from + k) % 2 === 0 ? 1 : -1) * 0.001, b: c === 4 ? 400 : c * 100 + ((from + k) % 2 === 0 ? 1 : -1) }) as MetricValues);
    };
    const res = await sizeSearch(spec({ sized: [1, 2, 3, 4], targets, maxReplications: 160 }), evaluate);
    expect(res.evaluations.map((e) => [e.values[0], e.replications, e.targets.map((t) => t.verdict)])).toEqual([
      [4, 80, ['fails', 'meets']],
      [1, 10, ['fails', 'meets']],
    ]);
    expect(res.frontier).toEqual([{ topEvaluation: 1 }]);
  });

  test('a bottom that meets a target the top leaves undecided at the maximum is no answer either: that target gets worse with more', async () => {
    // E[x] = c / 10 below the top; the top alternates exactly around the target and never decides.
    const f = fake(
      (v) => ((v[0] as number) === 4 ? 0.22 : (v[0] as number) / 10),
      (v, r) => ((v[0] as number) === 4 ? (r % 2 === 0 ? 0.05 : -0.05) : gaussian(0.001)(v, r)),
    );
    const res = await sizeSearch(spec({ sized: [1, 2, 3, 4], maxReplications: 20 }), f.evaluate);
    expect(res.evaluations.map((e) => [e.values[0], e.verdict, e.replications])).toEqual([[4, 'undecided', 20], [1, 'meets', 10]]);
    expect(res.frontier).toEqual([{ topEvaluation: 1, bottomEvaluation: 2 }]);
    expect(worseWithMore(res.evaluations[0], res.evaluations[1]).map((t) => t.metric)).toEqual(['x']);
  });
});

describe('sizeSearch over a second parameter (a frontier)', () => {
  const mean = (v: readonly unknown[]) => 1 / ((v[0] as number) * (v[1] as number));

  test('monotone: each search starts from the previous answer', async () => {
    // 1/(c g) <= 0.13: g = 1 needs c = 8, g = 2 needs 4, g = 4 needs 2.
    const f = fake(mean, gaussian(0.001));
    const res = await sizeSearch(spec({ targets: [le(0.13)], across: [1, 2, 4], acrossMonotone: true }), f.evaluate);
    expect(res.frontier.map((p) => [p.across, p.answer])).toEqual([[1, 8], [2, 4], [4, 2]]);
    const firstOf = (g: number) => res.evaluations.find((e) => e.values[1] === g)!.values[0];
    expect(firstOf(1)).toBe(16);
    expect(firstOf(2)).toBe(8);
    expect(firstOf(4)).toBe(4);
    for (const p of res.frontier) {
      const below = res.evaluations[p.belowEvaluation! - 1];
      expect(below.values).toEqual([p.answer! - 1, p.across]);
      expect(below.verdict).not.toBe('meets');
    }
  });

  test('not monotone: every search starts from the top', async () => {
    const f = fake(mean, gaussian(0.001));
    const res = await sizeSearch(spec({ targets: [le(0.13)], across: [1, 2, 4], acrossMonotone: false }), f.evaluate);
    expect(res.frontier.map((p) => p.answer)).toEqual([8, 4, 2]);
    for (const g of [1, 2, 4]) expect(res.evaluations.find((e) => e.values[1] === g)!.values[0]).toBe(16);
  });

  test('a previous answer that does not meet at the next value sends the search above it', async () => {
    // Declared monotone, but g = 2 is worse than g = 1 here: 10 is needed instead of 8.
    const f = fake((v) => ((v[1] as number) === 1 ? mean(v) : 1.25 / (v[0] as number)), gaussian(0.001));
    const res = await sizeSearch(spec({ targets: [le(0.13)], across: [1, 2], acrossMonotone: true }), f.evaluate);
    expect(res.frontier.map((p) => p.answer)).toEqual([8, 10]);
    const second = res.evaluations.filter((e) => e.values[1] === 2).map((e) => e.values[0]);
    expect(second.slice(0, 2)).toEqual([8, 16]);
  });

  test('no value meets at one point of the frontier', async () => {
    const f = fake(mean, gaussian(0.001));
    const res = await sizeSearch(spec({ sized: [1, 2, 3], targets: [le(0.13)], across: [1, 4], acrossMonotone: true }), f.evaluate);
    expect(res.frontier[0]).toEqual({ across: 1, topEvaluation: 1 });
    expect(res.frontier[1].answer).toBe(2);
    // With no answer to start from, the next search starts from the top of the range.
    expect(res.evaluations.map((e) => e.values)).toEqual([[3, 1], [1, 1], [3, 4], [1, 4], [2, 4]]);
  });

  test('above a previous answer that does not meet, only the values above it are searched', async () => {
    // g = 1 needs c = 12, g = 2 needs 14: at g = 2, 12 fails, 16 meets, then (12, 16] is bisected.
    const need = (g: number) => (g === 1 ? 12 : 14);
    const f = fake((v) => ((v[0] as number) >= need(v[1] as number) ? 0.1 : 1), gaussian(0.001));
    const res = await sizeSearch(spec({ across: [1, 2], acrossMonotone: true }), f.evaluate);
    expect(res.frontier.map((p) => p.answer)).toEqual([12, 14]);
    expect(res.evaluations.filter((e) => e.values[1] === 2).map((e) => e.values[0])).toEqual([12, 16, 14, 13]);
    expect(res.evaluations[res.frontier[1].belowEvaluation! - 1].values).toEqual([13, 2]);
  });

  test('the top of the range can be the answer after a previous answer does not meet', async () => {
    // g = 1 needs c = 4; at g = 2 only the top, 8, meets: 4 fails, 8 meets, and 5, 6, 7 fail.
    const f = fake((v) => ((v[1] as number) === 1 ? ((v[0] as number) >= 4 ? 0.1 : 1) : (v[0] as number) === 8 ? 0.1 : 1), gaussian(0.001));
    const res = await sizeSearch(spec({ sized: range(1, 8), across: [1, 2], acrossMonotone: true }), f.evaluate);
    const at = (i: number | undefined) => res.evaluations[i! - 1].values;
    expect(res.frontier[1]).toMatchObject({ across: 2, answer: 8 });
    expect(at(res.frontier[1].answerEvaluation)).toEqual([8, 2]);
    expect(at(res.frontier[1].belowEvaluation)).toEqual([7, 2]);
  });

  test('a range top left undecided above a previous answer that fails is not shown to meet', async () => {
    // g = 1 needs c = 4; at g = 2, 4 fails and the top, 8, alternates exactly around the target.
    const f = fake(
      (v) => ((v[1] as number) === 1 ? ((v[0] as number) >= 4 ? 0.1 : 1) : (v[0] as number) === 8 ? 0.22 : 1),
      (v, r) => ((v[1] as number) === 2 && (v[0] as number) === 8 ? (r % 2 === 0 ? 0.05 : -0.05) : gaussian(0.001)(v, r)),
    );
    const res = await sizeSearch(spec({ sized: range(1, 8), across: [1, 2], acrossMonotone: true, maxReplications: 20 }), f.evaluate);
    const second = res.evaluations.filter((e) => e.values[1] === 2);
    expect(second.map((e) => [e.values[0], e.verdict])).toEqual([[4, 'fails'], [8, 'undecided'], [1, 'fails']]);
    expect(res.frontier[1]).toEqual({ across: 2, topEvaluation: second[1].index });
  });

  test('a later search starts from the previous answer and does not look at the top: a target that gets worse with more shows only in a search of that value alone', async () => {
    // Target a (>= 0.2) holds from c = 2 up at either g; target b (<= 0.25) holds everywhere at
    // g = 1 but, E = 0.12 c, only up to c = 2 at g = 1.25: there the top fails b and the bottom meets
    // it, as a search of g = 1.25 alone finds. The frontier's search there starts from the previous
    // answer, 2, which meets both, and finds it the smallest (1 fails a): the top is not looked at.
    const targets = HELPED_AND_HURT;
    const evaluate: Evaluator = async (values, from, to) =>
      Array.from({ length: to - from + 1 }, (_, k) => {
        const [c, g] = values as [number, number];
        const noise = ((from + k) % 2 === 0 ? 1 : -1) * 0.001;
        return { a: (c >= 2 ? 0.5 : 0.1) + noise, b: (g === 1 ? 0.1 : 0.12 * c) + noise } as MetricValues;
      });
    const both = await sizeSearch(spec({ sized: [1, 2, 3, 4], targets, across: [1, 1.25], acrossMonotone: true }), evaluate);
    const alone = await sizeSearch(spec({ sized: [1, 2, 3, 4], targets, across: [1.25] }), evaluate);
    expect(both.frontier.map((p) => p.answer)).toEqual([2, 2]);
    expect(both.evaluations.filter((e) => e.values[1] === 1.25).map((e) => e.values[0])).toEqual([2, 1]);
    const at = (r: typeof both, i: number | undefined) => r.evaluations[i! - 1].values;
    expect(at(alone, alone.frontier[0].topEvaluation)).toEqual([4, 1.25]);
    expect(at(alone, alone.frontier[0].bottomEvaluation)).toEqual([1, 1.25]);
  });

  test('each design is evaluated once, though the search comes back to it', async () => {
    // g = 1: every c meets, so the answer is the bottom, 1. g = 2: nothing meets; the search starts
    // at 1, looks at the top, and then at the bottom again, which it already knows.
    const f = fake((v) => ((v[1] as number) === 1 ? 0.1 : 1), gaussian(0.001));
    const res = await sizeSearch(spec({ sized: range(1, 4), across: [1, 2], acrossMonotone: true }), f.evaluate);
    expect(res.evaluations.map((e) => e.values)).toEqual([[4, 1], [2, 1], [1, 1], [1, 2], [4, 2]]);
    expect(f.calls.map((c) => c.values)).toEqual(res.evaluations.map((e) => e.values));
    expect(res.frontier[1]).toEqual({ across: 2, topEvaluation: 5 });
  });
});
