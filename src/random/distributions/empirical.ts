import type { DistributionFamily } from './types.js';

/** A discrete distribution over observed values, equally likely unless weights are given. */
export const empirical: DistributionFamily<{ values: readonly number[]; weights?: readonly number[] }> = {
  sampler: (p, rng) => {
    const cum = cumulative(p);
    const values = p.values;
    return () => {
      const u = rng();
      // Binary search for the first cumulative weight above u.
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      return values[lo];
    };
  },
  cdf: (p, x) => massWhere(p, (v) => v <= x),
  cdfBelow: (p, x) => massWhere(p, (v) => v < x),
  mean: (p) => {
    const w = weightsOf(p);
    const total = w.reduce((s, v) => s + v, 0);
    return p.values.reduce((s, v, i) => s + (v * w[i]) / total, 0);
  },
};

function weightsOf(p: { values: readonly number[]; weights?: readonly number[] }): readonly number[] {
  return p.weights ?? p.values.map(() => 1);
}

function cumulative(p: { values: readonly number[]; weights?: readonly number[] }): Float64Array {
  const w = weightsOf(p);
  const total = w.reduce((s, v) => s + v, 0);
  const cum = new Float64Array(w.length);
  let acc = 0;
  for (let i = 0; i < w.length; i++) {
    acc += w[i] / total;
    cum[i] = acc;
  }
  cum[w.length - 1] = 1; // guard against rounding leaving the last bucket short of 1
  return cum;
}

function massWhere(p: { values: readonly number[]; weights?: readonly number[] }, keep: (v: number) => boolean): number {
  const w = weightsOf(p);
  const total = w.reduce((s, v) => s + v, 0);
  return p.values.reduce((s, v, i) => s + (keep(v) ? w[i] / total : 0), 0);
}
