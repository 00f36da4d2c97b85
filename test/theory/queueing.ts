/**
 * Closed forms of queueing theory that the theory suite compares hubsim with. Written from the
 * textbook formulas, independently of anything in src/, so that a test's expected number never
 * comes from a simulation run.
 */

// Cached once: under Jest's VM-module sandbox every lookup of a global (Math, Infinity) costs
// ~200 ns, which dominates a per-truck loop over millions of trucks.
const { exp, max, min } = Math;

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
 * Stationary distribution of the number in an M/M/c system whose waiting customers abandon at rate
 * `theta` each, with room for `k` in all (Infinity: no limit): the birth-death chain with birth rate
 * lambda and death rate min(n, c) mu + (n - c)+ theta, normalised. Without a limit it is cut where
 * the terms no longer change the sum (they fall faster than geometrically once theta > 0).
 */
function birthDeath(c: number, lambda: number, mu: number, theta: number, k: number): Float64Array {
  if (k === Infinity && !(theta > 0) && !(lambda < c * mu)) throw new Error('birthDeath: no stationary distribution');
  const p = [1];
  let sum = 1;
  for (let n = 1; n <= k; n++) {
    const term = (p[n - 1] * lambda) / (min(n, c) * mu + max(n - c, 0) * theta);
    p.push(term);
    sum += term;
    if (k === Infinity && n > c && term < sum * 1e-18) break;
  }
  return Float64Array.from(p, (x) => x / sum);
}

/** Stationary quantities of the Erlang A queue (M/M/c+M), in the time unit of the rates. */
export interface ErlangA {
  /** P(abandon) = theta E[Q] / lambda: abandonment is the only way out of the queue. */
  readonly pAbandon: number;
  /** Mean number waiting E[Q]. */
  readonly lq: number;
  /** Mean wait of the customers who are served (abandoning ones excluded). */
  readonly wqServed: number;
  /** P(wait > 0 | served). */
  readonly pWaitServed: number;
}

/**
 * The M/M/c queue with exponential patience of rate `theta` (Erlang A; Palm 1946, and Garnett,
 * Mandelbaum and Reiman 2002). An arrival that finds n >= c in the system (PASTA) has j = n - c
 * ahead of it in the queue; while j are ahead the queue in front moves at rate c mu + j theta and
 * the customer abandons at rate theta, so it reaches a server with probability
 * prod_{i<=j} (c mu + i theta) / (c mu + (i + 1) theta), and its stages last Exp(c mu + (i + 1) theta)
 * whichever way each ends: E[W 1{served} | j] = P(served | j) sum_{i<=j} 1 / (c mu + (i + 1) theta).
 */
export function erlangA(c: number, lambda: number, mu: number, theta: number): ErlangA {
  const p = birthDeath(c, lambda, mu, theta, Infinity);
  let lq = 0;
  let pNoWait = 0;
  let servedWaiting = 0; // P(wait > 0 and served)
  let waitServed = 0; // E[W 1{served}]
  let reach = 1; // P(served | j ahead)
  let stages = 0; // sum of mean stage times for j ahead
  for (let n = 0; n < p.length; n++) {
    if (n < c) {
      pNoWait += p[n];
      continue;
    }
    const j = n - c;
    lq += j * p[n];
    const rate = c * mu + (j + 1) * theta;
    reach *= (c * mu + j * theta) / rate;
    stages += 1 / rate;
    servedWaiting += p[n] * reach;
    waitServed += p[n] * reach * stages;
  }
  const served = pNoWait + servedWaiting;
  return { pAbandon: (theta * lq) / lambda, lq, wqServed: waitServed / served, pWaitServed: servedWaiting / served };
}

/** Stationary quantities of the M/M/c/K queue, in the time unit of the rates. */
export interface MMcK {
  /** P(block): an arrival finds all K places taken (PASTA), pi_K. */
  readonly pBlock: number;
  /** Mean number waiting Lq. */
  readonly lq: number;
  /** Mean wait of the admitted customers, Lq / (lambda (1 - pi_K)) (Little). */
  readonly wq: number;
  /** P(wait > 0 | admitted) = sum_{c<=n<K} pi_n / (1 - pi_K). */
  readonly pWait: number;
}

/** The M/M/c queue with room for `k` >= c customers in all (k - c waiting places). */
export function mmck(c: number, k: number, lambda: number, mu: number): MMcK {
  if (!(k >= c)) throw new Error(`mmck needs k >= c (got k=${k}, c=${c})`);
  const p = birthDeath(c, lambda, mu, 0, k);
  let lq = 0;
  let waiting = 0;
  for (let n = c; n <= k; n++) {
    lq += (n - c) * p[n];
    if (n < k) waiting += p[n];
  }
  const admitted = 1 - p[k];
  return { pBlock: p[k], lq, wq: lq / (lambda * admitted), pWait: waiting / admitted };
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
