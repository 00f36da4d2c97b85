/**
 * Closed forms of queueing theory that the theory suite compares hubsim with. Written from the
 * textbook formulas, independently of anything in src/, so that a test's expected number never
 * comes from a simulation run.
 */

// Cached once: under Jest's VM-module sandbox every lookup of a global (Math, Infinity) costs
// ~200 ns, which dominates a per-truck loop over millions of trucks.
const { exp, max } = Math;

/**
 * Erlang's loss formula B(c, a): the blocking probability of an M/G/c/c system offered `a` Erlangs.
 * Uses the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)) (no factorials, no overflow).
 */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang's delay formula C(c, a): the probability that an arrival to an M/M/c queue offered `a`
 * Erlangs (a < c) has to wait, from C = B / (1 - rho (1 - B)) with rho = a / c.
 */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) throw new Error(`erlangC needs a < c (got a=${a}, c=${c})`);
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** Stationary M/M/c quantities, in the time unit of `lambda` and `mu` (here: minutes). */
export interface MMc {
  readonly c: number;
  readonly lambda: number;
  readonly mu: number;
  /** Offered load a = lambda / mu, in Erlangs. */
  readonly a: number;
  /** Utilisation rho = a / c. */
  readonly rho: number;
  /** P(wait > 0) = C(c, a). */
  readonly pWait: number;
  /** Mean wait in queue Wq = C / (c mu - lambda). */
  readonly wq: number;
  /** Mean number waiting Lq = lambda Wq. */
  readonly lq: number;
  /** Mean time in system W = Wq + 1 / mu. */
  readonly w: number;
  /** Mean number in system L = lambda W. */
  readonly l: number;
  /** P(wait > t) = C exp(-(c mu - lambda) t), for t >= 0. */
  pWaitOver(t: number): number;
}

/** The M/M/c queue with arrival rate `lambda`, service rate `mu` per server and `c` servers. */
export function mmc(c: number, lambda: number, mu: number): MMc {
  const a = lambda / mu;
  const pWait = erlangC(c, a);
  const drain = c * mu - lambda;
  const wq = pWait / drain;
  const w = wq + 1 / mu;
  return {
    c,
    lambda,
    mu,
    a,
    rho: a / c,
    pWait,
    wq,
    lq: lambda * wq,
    w,
    l: lambda * w,
    pWaitOver: (t) => pWait * exp(-drain * t),
  };
}

/**
 * Waiting times of a FIFO queue with `c` identical servers, by the Kiefer–Wolfowitz recursion
 * (Kiefer & Wolfowitz 1955): the workload vector V (sorted, V[0] smallest) gives the n-th customer's
 * wait V[0]; then V ← sort((V[0] + S_n, V[1], …, V[c-1]) − A_n)⁺ with A_n the time to the next
 * arrival. Starts empty. `arrivals` must be non-decreasing. With c = 1 it is Lindley's recursion.
 */
export function kieferWolfowitzWaits(arrivals: ArrayLike<number>, services: ArrayLike<number>, c: number): Float64Array {
  const n = arrivals.length;
  const waits = new Float64Array(n);
  const v = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    waits[i] = v[0];
    if (i + 1 === n) break;
    const gap = arrivals[i + 1] - arrivals[i];
    if (gap < 0) throw new Error(`arrivals must be sorted (index ${i + 1})`);
    v[0] += services[i];
    for (let k = 0; k < c; k++) v[k] = max(0, v[k] - gap);
    v.sort();
  }
  return waits;
}

/**
 * The `c`-server queue's "fast single server" twin: the same customers served one at a time by a
 * server `c` times as fast (service S / c). Its waits, by Lindley's recursion (Lindley 1952).
 * For Poisson arrivals and exponential service it is an M/M/1 queue with the M/M/c queue's
 * utilisation, whose mean wait is known exactly; the test files use it as a control variate.
 */
export function fastServerWaits(arrivals: ArrayLike<number>, services: ArrayLike<number>, c: number): Float64Array {
  const n = arrivals.length;
  const waits = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) w = max(0, w + services[i - 1] / c - (arrivals[i] - arrivals[i - 1]));
    waits[i] = w;
  }
  return waits;
}

/**
 * A small seeded uniform generator for test inputs (Numerical Recipes' 32-bit LCG constants),
 * independent of the simulator's own streams. Returns numbers in [0, 1).
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}
