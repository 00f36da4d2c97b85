/**
 * The closed forms in ./queueing.ts checked against values worked by hand or printed in tables,
 * so that the theory tests' expected numbers rest on something other than the code itself.
 */
import { describe, expect, test } from '@jest/globals';
import { erlangA, erlangB, erlangC, fastServerWaits, kieferWolfowitzWaits, lcg, mmc, mmck } from './queueing.js';

describe('closed forms', () => {
  test('Erlang B: B(1, a) = a / (1 + a), B(2, 1) = 1/5, and the table value B(10, 5) = 0.01838', () => {
    expect(erlangB(1, 3)).toBeCloseTo(3 / 4, 15);
    expect(erlangB(2, 1)).toBeCloseTo(1 / 5, 15);
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 6);
  });

  test('Erlang C: C(1, a) = rho, C(2, 1) = 1/3 (from p0 = 1/3), and it refuses a >= c', () => {
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 15);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
    expect(() => erlangC(2, 2)).toThrow();
  });

  test('M/M/1: Wq = rho / (mu - lambda), L = rho / (1 - rho), P(wait > t) = rho e^-(mu - lambda) t', () => {
    const q = mmc(1, 0.8, 1);
    expect(q.wq).toBeCloseTo(4, 12);
    expect(q.l).toBeCloseTo(4, 12);
    expect(q.pWaitOver(2)).toBeCloseTo(0.8 * Math.exp(-0.4), 15);
  });

  test('Erlang A: with patience for ever it is Erlang C; with theta = mu the count is Poisson(a) (M/M/inf), so P(abandon) = E[(N - c)+] / a', () => {
    const lambda = 7.2;
    const c = 8;
    const q = mmc(c, lambda, 1);
    const a = erlangA(c, lambda, 1, 1e-12);
    expect(a.lq).toBeCloseTo(q.lq, 6);
    expect(a.wqServed).toBeCloseTo(q.wq, 6);
    expect(a.pWaitServed).toBeCloseTo(q.pWait, 6);
    let pn = Math.exp(-lambda);
    let excess = 0;
    for (let n = 1; n < 200; n++) {
      pn *= lambda / n;
      if (n > c) excess += (n - c) * pn;
    }
    expect(erlangA(c, lambda, 1, 1).pAbandon).toBeCloseTo(excess / lambda, 12);
  });

  test('M/M/c/K: with no waiting room it is Erlang B; M/M/1/K blocks (1 - rho) rho^K / (1 - rho^(K+1))', () => {
    expect(mmck(10, 10, 5, 1).pBlock).toBeCloseTo(erlangB(10, 5), 15);
    expect(mmck(10, 10, 5, 1).lq).toBe(0);
    const rho = 0.9;
    expect(mmck(1, 5, rho, 1).pBlock).toBeCloseTo(((1 - rho) * rho ** 5) / (1 - rho ** 6), 15);
    // M/M/1/2: pi = (1, rho, rho^2) / (1 + rho + rho^2); one place to wait, Lq = pi_2.
    const pi2 = rho ** 2 / (1 + rho + rho ** 2);
    expect(mmck(1, 2, rho, 1).lq).toBeCloseTo(pi2, 15);
    expect(mmck(1, 2, rho, 1).pWait).toBeCloseTo(rho / (1 + rho), 15);
  });
});

describe('waiting-time recursions', () => {
  const u = lcg(5);
  const n = 200;
  const arrivals: number[] = [];
  const services: number[] = [];
  for (let i = 0, t = 0; i < n; i++) {
    t += u() < 0.2 ? 0 : -Math.log(1 - u()) * 10;
    arrivals.push(t);
    services.push(-Math.log(1 - u()) * 25);
  }

  test('with one server, Kiefer–Wolfowitz is Lindley (the fast-server twin with c = 1)', () => {
    expect(Array.from(kieferWolfowitzWaits(arrivals, services, 1))).toEqual(Array.from(fastServerWaits(arrivals, services, 1)));
  });

  test('with as many servers as customers nobody waits', () => {
    expect(kieferWolfowitzWaits(arrivals, services, n).every((w) => w === 0)).toBe(true);
  });

  test('a hand-worked two-server example', () => {
    // Arrivals 0, 0, 0, 1, 10; services 5, 3, 4, 1, 1. Customer 3 waits for the earlier finish (3),
    // customer 4 for the next (5, after arriving at 1: 4), customer 5 finds a bay free.
    expect(Array.from(kieferWolfowitzWaits([0, 0, 0, 1, 10], [5, 3, 4, 1, 1], 2))).toEqual([0, 0, 3, 4, 0]);
  });
});
