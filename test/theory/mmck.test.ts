/**
 * M/M/c/K: a hub with Poisson arrivals, c identical bays, exponential plug-in times and K - c
 * waiting spaces (`hub.waitingSpaces`) turns away ("balks") every truck that finds all K places
 * taken, so it is the M/M/c/K queue: its blocking probability is pi_K, the mean queue Lq and the
 * mean wait of the admitted trucks Lq / (lambda (1 - pi_K)) (see `mmck` in ./queueing.ts, where
 * every expected number comes from, never from a run). Erlang B (./erlang-b.test.ts) is the case
 * K = c; here trucks also queue, so a model that counted the waiting spaces wrongly (one too many
 * or too few, or the bays among them) would miss pi_K by far more than the tolerance.
 *
 * Precision. A finite waiting room keeps the queue short, so the replications' averages are close
 * to independent. Pilot runs (40 replications of 100,000 trucks per case, other seeds; for P(balk)
 * also an M/M/c/K loop of its own, 200 replications, that shares no code with hubsim) put the sd per
 * replication at: c=4, K=8, rho 0.9: P(balk) 0.0022, mean wait 1.5 %, queue_mean 1.5 %,
 * P(wait > 0) 0.0045; c=8, K=12, rho 1: 0.0026, 1.6 %, 1.5 %, 0.0060. The tests run 3 such
 * replications (300,000 trucks, a few seconds) per case, dividing those by sqrt(3), and every
 * tolerance below is >= 4.5 of those standard errors. (One place more or less in the waiting room
 * moves pi_K by 0.013 or more in both cases, nearly twice the tolerance or more.)
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { hubScenario, meanOver, relErr, replicate } from './hub.js';
import { mmck } from './queueing.js';
import type { Metrics } from '../../src/index.js';

const MU = 1 / 60; // exponential demand of mean 400 kWh at 400 kW: a 60-minute mean plug-in
const REPS = 3;
const TRUCKS = 100_000;

interface Case {
  readonly c: number;
  readonly spaces: number;
  readonly a: number;
  /** Absolute tolerance on P(balk), relative on the mean wait and queue, absolute on P(wait > 0). */
  readonly tolBlock: number;
  readonly tolWq: number;
  readonly tolLq: number;
  readonly tolWait: number;
}

const CASES: readonly Case[] = [
  // SE: 0.0013, 0.87 %, 0.87 %, 0.0026.
  { c: 4, spaces: 4, a: 3.6, tolBlock: 0.006, tolWq: 0.04, tolLq: 0.04, tolWait: 0.0125 },
  // SE: 0.0015, 0.92 %, 0.87 %, 0.0035.
  { c: 8, spaces: 4, a: 8, tolBlock: 0.007, tolWq: 0.042, tolLq: 0.04, tolWait: 0.016 },
];

for (const k of CASES) {
  const K = k.c + k.spaces;
  const theory = mmck(k.c, K, k.a * MU, MU);
  describe(`M/M/${k.c}/${K} at rho ${k.a / k.c} (${k.spaces} waiting spaces), ${REPS} x ${TRUCKS.toLocaleString('en')} trucks`, () => {
    let ms: Metrics[] = [];
    beforeAll(() => {
      const scenario = hubScenario({ c: k.c, lambda: k.a * MU, energyKwh: { dist: 'exponential', mean: 400 }, trucks: TRUCKS, warmupDays: 1, waitingSpaces: k.spaces });
      ms = replicate(scenario, REPS, 60 + CASES.indexOf(k) * REPS);
    });

    test(`P(balk) = pi_K = ${theory.pBlock.toFixed(4)}; never more than ${k.spaces} waiting`, () => {
      for (const m of ms) {
        expect(m.trucks_served + m.trucks_balked).toBe(m.trucks_arrived);
        expect(m.queue_max).toBe(k.spaces);
      }
      expect(Math.abs(meanOver(ms, (m) => m.trucks_balked / m.trucks_arrived) - theory.pBlock)).toBeLessThan(k.tolBlock);
    });

    test(`mean wait of admitted trucks = Lq / (lambda (1 - pi_K)) = ${theory.wq.toFixed(3)} min, and queue_mean = Lq = ${theory.lq.toFixed(4)}`, () => {
      expect(Math.abs(relErr(meanOver(ms, (m) => m.wait_mean_min), theory.wq))).toBeLessThan(k.tolWq);
      expect(Math.abs(relErr(meanOver(ms, (m) => m.queue_mean), theory.lq))).toBeLessThan(k.tolLq);
    });

    test(`P(wait > 0 | admitted) = ${theory.pWait.toFixed(4)}`, () => {
      expect(Math.abs(meanOver(ms, (m) => 1 - m.no_wait_share) - theory.pWait)).toBeLessThan(k.tolWait);
    });
  });
}
