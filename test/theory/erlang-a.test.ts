/**
 * Erlang A: a hub with Poisson arrivals, c identical bays, exponential plug-in times, an unlimited
 * FIFO queue and exponential patience (`behaviour.patienceMin`) is the M/M/c+M queue, so the share
 * of trucks that renege, the mean wait of those that plug in, the mean queue and the share of them
 * that waited must be the closed forms' (see `erlangA` in ./queueing.ts, which is where every
 * expected number comes from, never from a run). One case is overloaded (rho 1.1): only reneging
 * keeps its queue finite, so a model that let impatient trucks stay, or dropped patient ones,
 * would be far off.
 *
 * Precision. Abandonment makes the queue forget its past within a few patience times, so the
 * replications' averages are close to independent. Pilot runs (20 replications of 100,000 trucks
 * per case, other seeds) put the sd per replication at: c=4, rho 1.1: P(renege) 0.0020, mean wait
 * 1.2 %, queue_mean 1.2 %, P(wait > 0 | served) 0.0035; c=8, rho 0.9: 0.0016, 1.7 %, 1.9 %, 0.0028.
 * The tests run 3 such replications (300,000 trucks, a few seconds) per case, dividing those by
 * sqrt(3), and every tolerance below is >= 4.5 of those standard errors.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { hubScenario, meanOver, relErr, replicate } from './hub.js';
import { erlangA } from './queueing.js';
import type { Metrics } from '../../src/index.js';

const MU = 1 / 60; // exponential demand of mean 400 kWh at 400 kW: a 60-minute mean plug-in
const REPS = 3;
const TRUCKS = 100_000;

interface Case {
  readonly c: number;
  readonly a: number;
  /** Mean patience, minutes (1 / theta). */
  readonly patience: number;
  /** Absolute tolerance on P(renege), relative on the mean wait and queue, absolute on P(wait > 0 | served). */
  readonly tolAbandon: number;
  readonly tolWq: number;
  readonly tolLq: number;
  readonly tolWait: number;
}

const CASES: readonly Case[] = [
  // SE: 0.0012, 0.69 %, 0.69 %, 0.0020.
  { c: 4, a: 4.4, patience: 30, tolAbandon: 0.0055, tolWq: 0.035, tolLq: 0.035, tolWait: 0.009 },
  // SE: 0.0009, 0.98 %, 1.07 %, 0.0016.
  { c: 8, a: 7.2, patience: 20, tolAbandon: 0.0045, tolWq: 0.045, tolLq: 0.05, tolWait: 0.0075 },
];

for (const k of CASES) {
  const theory = erlangA(k.c, k.a * MU, MU, 1 / k.patience);
  describe(`Erlang A: M/M/${k.c}+M at rho ${k.a / k.c}, mean patience ${k.patience} min, ${REPS} x ${TRUCKS.toLocaleString('en')} trucks`, () => {
    let ms: Metrics[] = [];
    beforeAll(() => {
      const scenario = hubScenario({
        c: k.c, lambda: k.a * MU, energyKwh: { dist: 'exponential', mean: 400 }, trucks: TRUCKS, warmupDays: 1,
        patienceMin: { dist: 'exponential', mean: k.patience },
      });
      ms = replicate(scenario, REPS, 40 + CASES.indexOf(k) * REPS);
    });

    test(`P(renege) = theta E[Q] / lambda = ${theory.pAbandon.toFixed(4)}; nobody balks`, () => {
      for (const m of ms) expect(m.trucks_served + m.trucks_reneged).toBe(m.trucks_arrived);
      expect(Math.abs(meanOver(ms, (m) => m.trucks_reneged / m.trucks_arrived) - theory.pAbandon)).toBeLessThan(k.tolAbandon);
    });

    test(`mean wait of the trucks that plug in = ${theory.wqServed.toFixed(3)} min, and queue_mean = E[Q] = ${theory.lq.toFixed(4)}`, () => {
      expect(Math.abs(relErr(meanOver(ms, (m) => m.wait_mean_min), theory.wqServed))).toBeLessThan(k.tolWq);
      expect(Math.abs(relErr(meanOver(ms, (m) => m.queue_mean), theory.lq))).toBeLessThan(k.tolLq);
    });

    test(`P(wait > 0 | plugged in) = ${theory.pWaitServed.toFixed(4)}`, () => {
      expect(Math.abs(meanOver(ms, (m) => 1 - m.no_wait_share) - theory.pWaitServed)).toBeLessThan(k.tolWait);
    });
  });
}
