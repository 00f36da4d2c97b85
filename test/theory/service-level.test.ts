/**
 * Service level and the wait CDF over all arriving trucks, against Erlang C: a hub with Poisson
 * arrivals, c identical bays, exponential plug-in times and an unlimited FIFO queue (nobody
 * balks or reneges) is an M/M/c queue, so the share of trucks plugged in within t minutes is
 *   P(wait <= t) = 1 − C(c, a) · exp(−(c mu − lambda) t).
 * Every expected number comes from ./queueing.ts, never from a run.
 *
 * Sample size. M/M/4 at rho 0.7 (relaxation time 1 / (c mu (1 − sqrt rho)^2) = 9.4 hours; two days
 * of warm-up are five of them). In a pilot of 40 independent replications of 25,000 trucks, the
 * sd over replications of the CDF was at most 0.0131 (at 36 minutes; 0.0126 at 15), and
 * service_level is the CDF at its threshold. With 16 replications the standard error is at most
 * 0.0033, so the tolerance 0.015 is 4.5 standard errors at every point.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { breakdownLayout, breakdownVector, WAIT_GRID } from '../../src/model/breakdown.js';
import { simulate } from '../../src/model/simulate.js';
import { VectorSummary } from '../../src/stats/vector-summary.js';
import { hubScenario } from './hub.js';
import { mmc } from './queueing.js';

const C = 4;
const RHO = 0.7;
const MU = 1 / 60;
const REPS = 16;
const TRUCKS = 25_000;
const THRESHOLD = 30;
const TOL = 0.015;

describe(`service level and wait CDF: M/M/${C} at rho ${RHO}, ${REPS} replications of ${TRUCKS.toLocaleString('en')} trucks`, () => {
  const theory = mmc(C, RHO * C * MU, MU);
  const scenario = hubScenario({
    c: C,
    lambda: RHO * C * MU,
    energyKwh: { dist: 'exponential', mean: 400 },
    trucks: TRUCKS,
    warmupDays: 2,
    serviceThresholdMin: THRESHOLD,
  });
  const layout = breakdownLayout(scenario);
  const acc = new VectorSummary(layout.size);
  let serviceLevel = 0;
  let servedShare = 0;

  beforeAll(() => {
    for (let r = 1; r <= REPS; r++) {
      const result = simulate(scenario, 7000 + r);
      serviceLevel += result.metrics.service_level / REPS;
      servedShare += result.metrics.served_share / REPS;
      acc.add(breakdownVector(scenario, result));
    }
  }, 120_000);

  test(`service_level with output.serviceThresholdMin ${THRESHOLD} is 1 − C e^(−(c mu − lambda) ${THRESHOLD}) = ${(1 - theory.pWaitOver(THRESHOLD)).toFixed(4)}`, () => {
    expect(servedShare).toBe(1);
    expect(Math.abs(serviceLevel - (1 - theory.pWaitOver(THRESHOLD)))).toBeLessThan(TOL);
  });

  test('the wait CDF matches 1 − C e^(−(c mu − lambda) t) at every grid point, 0 to 480 minutes', () => {
    const off = WAIT_GRID.map((t, j) => ({ t, estimate: acc.summary(layout.waitCdf + j).mean, theory: 1 - theory.pWaitOver(t) })).filter(
      (x) => !(Math.abs(x.estimate - x.theory) < TOL),
    );
    expect(off).toEqual([]);
    // At 0 it is the share that did not wait: 1 − C(c, a).
    expect(Math.abs(acc.summary(layout.waitCdf).mean - (1 - theory.pWait))).toBeLessThan(TOL);
  });

  test('the CDF at the threshold is service_level, up to the histogram (0.05 % of the wait)', () => {
    const j = WAIT_GRID.indexOf(THRESHOLD);
    expect(Math.abs(acc.summary(layout.waitCdf + j).mean - serviceLevel)).toBeLessThan(1e-3);
  });
});
