/**
 * The closed forms in ./queueing.ts checked against values worked by hand or printed in tables,
 * so that the theory tests' expected numbers rest on something other than the code itself.
 */
import { describe, expect, test } from '@jest/globals';
import { erlangB, erlangC, fastServerWaits, kieferWolfowitzWaits, lcg, mmc } from './queueing.js';

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
