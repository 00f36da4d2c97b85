import { jStat } from '../../jstat.js';
import type { DistributionFamily } from './types.js';

/** Weibull with shape k and scale lambda: P(X <= x) = 1 - exp(-(x/lambda)^k). */
export const weibull: DistributionFamily<{ shape: number; scale: number }> = {
  sampler: (p, rng) => {
    const inverse = 1 / p.shape;
    const logScale = Math.log(p.scale);
    return () => {
      // d3's randomWeibull(k, 0, lambda): lambda * E^(1/k) for a unit exponential E.
      const e = -Math.log1p(-rng());
      const x = p.scale * Math.pow(e, inverse);
      // At extreme parameters E^(1/k) alone over- or underflows though the product need not:
      // then compute it through logs.
      return x > 0 && x < Infinity ? x : Math.exp(logScale + Math.log(e) * inverse);
    };
  },
  // (x/lambda)^k through logs: x/lambda alone can underflow to 0 or overflow at extreme parameters.
  cdf: (p, x) => (x <= 0 ? 0 : -Math.expm1(-Math.exp(p.shape * (Math.log(x) - Math.log(p.scale))))),
  mean: (p) => p.scale * jStat.gammafn(1 + 1 / p.shape),
};
