import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { SimulationError } from '../src/errors.js';
import { SlotHeap } from '../src/model/allocation/heap.js';
import { deadline } from '../src/model/allocation/deadline.js';
import { equal } from '../src/model/allocation/equal.js';
import { fifo } from '../src/model/allocation/fifo.js';
import { POLICIES, PowerPlanner } from '../src/model/allocation/index.js';
import { PriorityOrder } from '../src/model/allocation/order.js';
import { SumTree } from '../src/model/allocation/sum-tree.js';
import { ALLOCATIONS, type AllocationName } from '../src/scenario/types.js';

/** A charging truck as these tests describe it. */
interface Claim {
  cap: number;
  cabinet?: number;
  plugTime?: number;
  breakEnd?: number;
  id?: number;
}

type Policy = AllocationName | 'none';

/** What a planner grants a slot: its own power, or the level. */
const powerOf = (p: PowerPlanner, s: number) => (p.atLevel[s] ? p.level : p.power[s]);

/**
 * Plans `claims` from scratch: one slot per claim, in their order (claim i's cabinet is
 * `cabinet`, default i), and returns each one's power.
 */
function allocate(policy: Policy, claims: readonly Claim[], cabinetKw: readonly number[], gridKw = Infinity): number[] {
  const p = new PowerPlanner(cabinetKw, claims.map((c, i) => c.cabinet ?? i), gridKw, policy === 'none' ? null : POLICIES[policy]);
  claims.forEach((c, i) => p.start(i, c.cap, c.plugTime ?? 0, c.breakEnd ?? 45, c.id ?? i + 1));
  p.plan();
  return claims.map((_, i) => powerOf(p, i));
}

function expectPowers(got: readonly number[], expected: readonly number[]): void {
  expect(got.length).toBe(expected.length);
  got.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 9));
}

// ------------------------------------------------------------------------------------------------
// The policies' rules, computed from scratch the plain way: the oracle for the incremental planner.

/** Max-min fair: water-filling per cabinet, then over the grid, each in increasing order of demand. */
function referenceEqual(claims: readonly Required<Claim>[], cabinetKw: readonly number[], gridKw: number): number[] {
  const kw = claims.map((c) => (c.cap > 0 ? c.cap : 0));
  const level = cabinetKw.map(() => Infinity);
  cabinetKw.forEach((limit, k) => {
    const mine = claims.map((c, i) => i).filter((i) => claims[i].cabinet === k && kw[i] > 0).sort((a, b) => kw[a] - kw[b]);
    let left = limit;
    for (let j = 0; j < mine.length; j++) {
      const share = left / (mine.length - j);
      if (kw[mine[j]] <= share) left -= kw[mine[j]];
      else {
        level[k] = Math.max(0, share);
        break;
      }
    }
  });
  const d = kw.map((x, i) => Math.min(x, level[claims[i].cabinet]));
  const order = d.map((_, i) => i).sort((a, b) => d[a] - d[b]);
  let left = gridKw;
  for (let j = 0; j < order.length; j++) {
    const share = left / (order.length - j);
    if (d[order[j]] <= share) left -= d[order[j]];
    else {
      for (let r = j; r < order.length; r++) d[order[r]] = Math.max(0, share);
      break;
    }
  }
  return d;
}

/** In priority order, each takes all its cap, its cabinet and the grid allow. */
function referenceGreedy(policy: 'fifo' | 'deadline', claims: readonly Required<Claim>[], cabinetKw: readonly number[], gridKw: number): number[] {
  const order = claims
    .map((c, i) => i)
    .sort((a, b) => {
      const x = claims[a];
      const y = claims[b];
      return (policy === 'deadline' ? x.breakEnd - y.breakEnd : 0) || x.plugTime - y.plugTime || x.id - y.id;
    });
  const used = cabinetKw.map(() => 0);
  let left = gridKw;
  const out = claims.map(() => 0);
  for (const i of order) {
    const c = claims[i];
    const p = Math.max(0, Math.min(c.cap, cabinetKw[c.cabinet] - used[c.cabinet], left));
    out[i] = p;
    used[c.cabinet] += p;
    left -= p;
  }
  return out;
}

function reference(policy: Policy, claims: readonly Required<Claim>[], cabinetKw: readonly number[], gridKw: number): number[] {
  if (policy === 'none') return claims.map((c) => Math.max(0, c.cap));
  return policy === 'equal' ? referenceEqual(claims, cabinetKw, gridKw) : referenceGreedy(policy, claims, cabinetKw, gridKw);
}

// ------------------------------------------------------------------------------------------------

describe('policies on three 400 kW trucks and a 1000 kW grid', () => {
  const three: Claim[] = [
    { cap: 400, plugTime: 5, breakEnd: 90 },
    { cap: 400, plugTime: 0, breakEnd: 60 },
    { cap: 400, plugTime: 10, breakEnd: 30 },
  ];
  const cabinets = [400, 400, 400];

  test('equal: 1000/3 each', () => {
    expectPowers(allocate('equal', three, cabinets, 1000), [1000 / 3, 1000 / 3, 1000 / 3]);
  });

  test('fifo: earliest plugged in first → 400, 400, 200', () => {
    // plugTimes 5, 0, 10: the second truck first, then the first, then the third gets the rest.
    expect(allocate('fifo', three, cabinets, 1000)).toEqual([400, 400, 200]);
  });

  test('fifo orders by plugTime, not by slot', () => {
    expect(allocate('fifo', [{ cap: 400, plugTime: 10 }, { cap: 400, plugTime: 5 }, { cap: 400, plugTime: 0 }], cabinets, 1000)).toEqual([200, 400, 400]);
  });

  test('fifo breaks plugTime ties by arrival order (id)', () => {
    expect(allocate('fifo', [{ cap: 400, id: 3 }, { cap: 400, id: 1 }, { cap: 400, id: 2 }], cabinets, 1000)).toEqual([200, 400, 400]);
  });

  test('deadline: earliest break end first → 200, 400, 400', () => {
    // breakEnds 90, 60, 30: the third truck first, then the second, then the first.
    expect(allocate('deadline', three, cabinets, 1000)).toEqual([200, 400, 400]);
  });

  test('deadline falls back to fifo on equal break ends', () => {
    const cs = [
      { cap: 400, plugTime: 7, breakEnd: 45 },
      { cap: 400, plugTime: 3, breakEnd: 45 },
      { cap: 400, plugTime: 0, breakEnd: 50 },
    ];
    expect(allocate('deadline', cs, cabinets, 1000)).toEqual([400, 400, 200]);
  });

  test('the policy table has a policy for each name a scenario may give, and no other', () => {
    expect(Object.keys(POLICIES)).toEqual([...ALLOCATIONS]);
    expect([POLICIES.equal, POLICIES.fifo, POLICIES.deadline]).toEqual([equal, fifo, deadline]);
  });

  test('with no policy every truck draws its cap', () => {
    expect(allocate('none', [{ cap: 400 }, { cap: 250 }, { cap: 0 }], cabinets)).toEqual([400, 250, 0]);
  });
});

describe('cabinet sharing', () => {
  test('two trucks on one 400 kW cabinet get 200 kW each (equal)', () => {
    expect(allocate('equal', [{ cap: 400, cabinet: 0 }, { cap: 400, cabinet: 0 }], [400])).toEqual([200, 200]);
  });

  test('fifo on one cabinet: the first takes it all', () => {
    expect(allocate('fifo', [{ cap: 400, cabinet: 0, plugTime: 1 }, { cap: 400, cabinet: 0, plugTime: 0 }], [400])).toEqual([0, 400]);
  });

  test('a truck capped below its share leaves the rest to its cabinet neighbour', () => {
    expectPowers(allocate('equal', [{ cap: 100, cabinet: 0 }, { cap: 400, cabinet: 0 }], [400]), [100, 300]);
  });
});

describe('equal is max-min fair', () => {
  test('a truck capped at 100 passes its surplus on: 100, 300, 300, 300 on a 1000 kW grid', () => {
    expectPowers(allocate('equal', [{ cap: 100 }, { cap: 400 }, { cap: 400 }, { cap: 400 }], [400, 400, 400, 400], 1000), [100, 300, 300, 300]);
  });

  test('several caps binding in turn', () => {
    // Fill: 50 each (first frozen), 150 each (second frozen), then 350 left for two → 350 each.
    expectPowers(allocate('equal', [{ cap: 50 }, { cap: 150 }, { cap: 400 }, { cap: 400 }], [400, 400, 400, 400], 900), [50, 150, 350, 350]);
  });

  test('cabinet and grid limits combined', () => {
    // Cabinet A (400 kW): a1, a2 capped 400. Cabinet B (1000 kW): b1 capped 400, b2 capped 150. Grid 900.
    // Progressive filling by hand:
    //  +150 each (b2 reaches its cap): 150,150,150,150; grid 600, A 300, B 300.
    //  +50 each of a1, a2, b1 (cabinet A full): 200, 200, 200; grid 750.
    //  +150 for b1 (grid full): b1 350; grid 900.
    const cs = [
      { cap: 400, cabinet: 0 },
      { cap: 400, cabinet: 0 },
      { cap: 400, cabinet: 1 },
      { cap: 150, cabinet: 1 },
    ];
    expectPowers(allocate('equal', cs, [400, 1000], 900), [200, 200, 350, 150]);
  });

  test('a truck on a cabinet of its own is not held back by a full shared cabinet', () => {
    const cs = [{ cap: 400, cabinet: 0 }, { cap: 400, cabinet: 0 }, { cap: 400, cabinet: 0 }, { cap: 400, cabinet: 1 }];
    expectPowers(allocate('equal', cs, [600, 400], 2000), [200, 200, 200, 400]);
  });

  test("a truck whose cap falls below its cabinet neighbour's passes the rest on to it", () => {
    // Two trucks capped at 400 on one 400 kW cabinet share it, 200 each. The second one's cap
    // falls to 50: it takes 50 and the first the 350 left. The cabinet's trucks are kept in
    // order of cap, so the second one has to move ahead of the first.
    const p = new PowerPlanner([400], [0, 0], Infinity, POLICIES.equal);
    p.start(0, 400, 0, 45, 1);
    p.start(1, 400, 0, 45, 2);
    p.plan();
    expectPowers([powerOf(p, 0), powerOf(p, 1)], [200, 200]);
    p.setCap(1, 50);
    p.plan();
    expectPowers([powerOf(p, 0), powerOf(p, 1)], [350, 50]);
  });

  test('claims with cap 0 get 0 and do not shrink the others', () => {
    expectPowers(allocate('equal', [{ cap: 0 }, { cap: 400 }, { cap: 400 }], [400, 400, 400], 600), [0, 300, 300]);
  });

  test('the trucks the grid holds back share one level, and the others are not at it', () => {
    const p = new PowerPlanner([400, 400, 400], [0, 1, 2], 700, POLICIES.equal);
    p.start(0, 100, 0, 45, 1);
    p.start(1, 400, 0, 45, 2);
    p.start(2, 400, 0, 45, 3);
    p.plan();
    expect([...p.atLevel]).toEqual([0, 1, 1]);
    expect(p.level).toBe(300);
    expect(p.power[0]).toBe(100);
    expect(p.sitePower).toBe(700);
  });
});

describe('fifo and deadline with cabinets and grid', () => {
  test('greedy respects the cabinet before the grid', () => {
    // Cabinet 0 (500 kW) holds the two earliest; cabinet 1 (400 kW) the last. Grid 800.
    const cs = [
      { cap: 400, cabinet: 0, plugTime: 0 },
      { cap: 400, cabinet: 0, plugTime: 1 },
      { cap: 400, cabinet: 1, plugTime: 2 },
    ];
    expect(allocate('fifo', cs, [500, 400], 800)).toEqual([400, 100, 300]);
  });

  test('deadline with a grid limit', () => {
    const cs = [
      { cap: 350, breakEnd: 100 },
      { cap: 300, breakEnd: 20 },
      { cap: 400, breakEnd: 50 },
    ];
    expect(allocate('deadline', cs, [400, 400, 400], 800)).toEqual([100, 300, 400]);
  });

  test('a truck leaving passes its power to the marginal truck only', () => {
    const p = new PowerPlanner([400, 400, 400, 400], [0, 1, 2, 3], 1000, POLICIES.fifo);
    [0, 1, 2, 3].forEach((s) => p.start(s, 400, s, 45, s + 1));
    p.plan();
    expect([0, 1, 2, 3].map((s) => p.power[s])).toEqual([400, 400, 200, 0]);
    p.stop(0);
    p.plan();
    expect([1, 2, 3].map((s) => p.power[s])).toEqual([400, 400, 200]);
    // Reported: the slot that stopped is not charging; the two whose power changed are.
    expect([...p.changed.slice(0, p.changedCount)].sort()).toEqual([2, 3]);
  });

  test('the marginal truck stopping and starting again at its slot between two plans goes to the back', () => {
    // A bay down and up at one instant: its truck plugs in again, the same truck with a new plug-in
    // time. Grid 100: the truck now first in line takes it all.
    for (const policy of ['fifo', 'deadline'] as const) {
      const p = new PowerPlanner([400, 400], [0, 1], 100, POLICIES[policy]);
      p.start(1, 110, 0, 45, 2);
      p.plan();
      p.start(0, 110, 20, 45, 1);
      p.plan();
      expect([policy, p.power[1], p.power[0]]).toEqual([policy, 100, 0]);
      p.stop(1);
      p.start(1, 110, 40, 45, 2);
      p.plan();
      expect([policy, p.power[0], p.power[1]]).toEqual([policy, 100, 0]);
    }
  });
});

describe('every policy, on any hub', () => {
  test('no policy exceeds a cap, a cabinet or the grid on a crowded hub, and the grid is used in full', () => {
    const claims: Claim[] = [];
    for (let i = 0; i < 12; i++) claims.push({ cap: 50 + ((i * 97) % 380), cabinet: i % 4, plugTime: (i * 37) % 11, breakEnd: (i * 53) % 17, id: i + 1 });
    const cab = [400, 800, 300, 1000];
    for (const policy of ['equal', 'fifo', 'deadline'] as const) {
      const got = allocate(policy, claims, cab, 1700);
      const used = [0, 0, 0, 0];
      got.forEach((x, i) => {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(claims[i].cap * (1 + 1e-9));
        used[claims[i].cabinet!] += x;
      });
      used.forEach((u, k) => expect(u).toBeLessThanOrEqual(cab[k] * (1 + 1e-9)));
      // Work-conserving: the grid binds here (Σ min(cap, cabinet) > 1700), so all of it is used.
      expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(1700, 6);
    }
  });

  test('handles no trucks', () => {
    const p = new PowerPlanner([400], [0], 100, POLICIES.equal);
    p.plan();
    expect(p.changedCount).toBe(0);
    expect(p.sitePower).toBe(0);
    expect(p.demandKw).toBe(0);
  });

  test('the sums are right when read long after the plans that changed them', () => {
    // The sums are brought up to date when read, so plans in between that nobody reads must
    // not lose a change: slot 0 starts at 100 and rises to 250, then slot 1 starts at 300.
    const planned = (p: PowerPlanner) => {
      p.start(0, 100, 0, 45, 1);
      p.plan();
      p.setCap(0, 200);
      p.plan();
      p.setCap(0, 250);
      p.plan();
      p.start(1, 300, 1, 45, 2);
      p.plan();
      return p;
    };
    // Cabinet 0 (400 kW) holds slots 0 and 1, cabinet 1 (300 kW) slot 2, which starts at 350.
    for (const policy of [null, POLICIES.equal, POLICIES.fifo]) {
      const p = planned(new PowerPlanner([400, 300], [0, 0, 1], Infinity, policy));
      p.start(2, 350, 2, 45, 3);
      p.plan();
      // Cabinet 0: caps 250 + 300, held to 400; cabinet 1: 350, held to 300.
      expect(p.demandKw).toBe(700);
      expect(p.capSumOf(0)).toBe(550);
      expect(p.capSumOf(1)).toBe(350);
    }
    // Two cabinets that hold nothing back: the site draws 250 + 300.
    expect(planned(new PowerPlanner([1000, 1000], [0, 1], Infinity, null)).sitePower).toBe(550);
  });

  test('start on a busy slot, and stop or setCap on an idle one, throw', () => {
    const p = new PowerPlanner([400], [0], 100, POLICIES.fifo);
    expect(() => p.stop(0)).toThrow(SimulationError);
    expect(() => p.setCap(0, 100)).toThrow(SimulationError);
    p.start(0, 100, 0, 45, 1);
    expect(() => p.start(0, 100, 0, 45, 2)).toThrow(SimulationError);
    expect(() => p.start(0, 100, 0, 45, 2)).toThrow('slot 0 already has a charging truck');
    expect(() => new PowerPlanner([400], [1], 100, null)).toThrow(SimulationError);
  });

  // A cap falling to no less than the power drawn changes nobody's power: the old allocation is
  // still feasible, and every policy picks the best one by its own order from a feasible set
  // that has only shrunk.
  const inputArb = fc.record({
    caps: fc.array(fc.integer({ min: 0, max: 100 }).map((v) => v * 10), { minLength: 1, maxLength: 10 }),
    cabinets: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 10 }),
    cabinetKw: fc.array(fc.integer({ min: 1, max: 120 }).map((v) => v * 10), { minLength: 4, maxLength: 4 }),
    gridKw: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 300 }).map((v) => v * 10)),
    pick: fc.nat(),
    where: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  for (const policy of ['equal', 'fifo', 'deadline'] as const) {
    test(`${policy}: a cap that falls to no less than the power drawn changes nobody's power`, () => {
      fc.assert(
        fc.property(inputArb, ({ caps, cabinets, cabinetKw, gridKw, pick, where }) => {
          const claims = caps.map((cap, i) => ({ cap, cabinet: cabinets[i], plugTime: (i * 7) % 5, breakEnd: (i * 11) % 13, id: i + 1 }));
          const before = allocate(policy, claims, cabinetKw, gridKw);
          const i = pick % claims.length;
          claims[i].cap = before[i] + where * (claims[i].cap - before[i]);
          const after = allocate(policy, claims, cabinetKw, gridKw);
          after.forEach((x, j) => expect(x).toBeCloseTo(before[j], 6));
        }),
        { numRuns: 300 },
      );
    });
  }
});

// ------------------------------------------------------------------------------------------------
// The incremental state against the same computed afresh

/**
 * One change to a hub's charging trucks: a truck starting at, stopping at, or changing its cap at
 * slot `slot % slots`; or the grid limit changing to `cap` × 5 kW (a limit that varies over time).
 */
const opArb = fc.record({
  kind: fc.constantFrom('start', 'start', 'stop', 'cap', 'cap', 'grid'),
  slot: fc.nat(19),
  cap: fc.oneof(fc.constantFrom(0, 90, 100, 150, 200, 250, 300, 375, 400), fc.integer({ min: 1, max: 800 })),
  breakEnd: fc.integer({ min: 0, max: 60 }),
  plan: fc.boolean(),
});

const hubArb = fc.record({
  cabinetKw: fc.array(fc.constantFrom(150, 300, 400, 600, 1000), { minLength: 1, maxLength: 5 }),
  baysPerCabinet: fc.integer({ min: 1, max: 4 }),
  gridKw: fc.oneof(fc.constant(Infinity), fc.constantFrom(500, 800, 1200, 2000), fc.integer({ min: 10, max: 300 }).map((v) => v * 10)),
  ops: fc.array(opArb, { minLength: 1, maxLength: 150 }),
});

describe('the planner kept up to date equals the allocation computed afresh', () => {
  for (const policy of ['equal', 'fifo', 'deadline', 'none'] as const) {
    test(`${policy}: after any sequence of trucks starting, stopping and changing caps, and of the grid limit changing`, () => {
      fc.assert(
        fc.property(hubArb, ({ cabinetKw, baysPerCabinet, gridKw: firstGridKw, ops }) => {
          let gridKw = firstGridKw;
          const cabinetOf = cabinetKw.flatMap((_, k) => Array.from({ length: baysPerCabinet }, () => k));
          const n = cabinetOf.length;
          const p = new PowerPlanner(cabinetKw, cabinetOf, gridKw, policy === 'none' ? null : POLICIES[policy]);
          const live: (Required<Claim> | null)[] = cabinetOf.map(() => null);
          let now = 0;
          let id = 0;
          let pending = new Set<number>(); // slots that started or changed cap since the last plan
          ops.forEach((op, step) => {
            const s = op.slot % n;
            const c = live[s];
            if (op.kind === 'start' && c === null) {
              live[s] = { cap: op.cap, cabinet: cabinetOf[s], plugTime: now, breakEnd: now + op.breakEnd, id: ++id };
              p.start(s, op.cap, now, now + op.breakEnd, id);
              pending.add(s);
            } else if (op.kind === 'stop' && c !== null) {
              live[s] = null;
              p.stop(s);
              pending.delete(s);
            } else if (op.kind === 'cap' && c !== null) {
              c.cap = op.cap;
              p.setCap(s, op.cap);
              pending.add(s);
            } else if (op.kind === 'grid' && policy !== 'none') {
              gridKw = op.cap * 5;
              p.setGridKw(gridKw);
            }
            if (!op.plan && step < ops.length - 1) return;
            const ownBefore = [...p.power];
            const wasAtLevel = [...p.atLevel];
            p.plan();
            now += 1;
            const slots = live.flatMap((x, t) => (x ? [t] : []));
            const want = reference(policy, slots.map((t) => live[t]!), cabinetKw, gridKw);
            const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
            slots.forEach((t, j) => {
              const got = powerOf(p, t);
              if (!(Math.abs(got - want[j]) <= tol(want[j]))) throw new Error(`slot ${t}: ${got} kW, not ${want[j]} (${policy}, step ${step})`);
            });
            // Every slot that started or changed cap is reported, and every slot whose own power
            // changed or that joined or left the level (not those whose level moved).
            const reported = new Set(p.changed.slice(0, p.changedCount));
            for (const t of slots) {
              const moved = wasAtLevel[t] !== p.atLevel[t] || (!p.atLevel[t] && p.power[t] !== ownBefore[t]);
              if ((moved || pending.has(t)) && !reported.has(t)) throw new Error(`slot ${t} changed but is not reported`);
            }
            for (const t of reported) if (live[t] === null) throw new Error(`slot ${t} reported but not charging`);
            pending = new Set();
            // The sums, against the same computed afresh.
            const capSum = cabinetKw.map((_, k) => slots.filter((t) => cabinetOf[t] === k).reduce((a, t) => a + live[t]!.cap, 0));
            capSum.forEach((x, k) => expect(p.capSumOf(k)).toBeCloseTo(x, 9));
            expect(p.demandKw).toBeCloseTo(capSum.reduce((a, x, k) => a + Math.min(x, cabinetKw[k]), 0), 9);
            expect(p.sitePower).toBeCloseTo(slots.reduce((a, t) => a + powerOf(p, t), 0), 9);
          });
        }),
        { numRuns: 200 },
      );
    });
  }

  test('a planner fed the same trucks in a different history plans the same powers', () => {
    fc.assert(
      fc.property(hubArb, fc.constantFrom('equal', 'fifo', 'deadline') as fc.Arbitrary<AllocationName>, ({ cabinetKw, baysPerCabinet, gridKw, ops }, policy) => {
        const cabinetOf = cabinetKw.flatMap((_, k) => Array.from({ length: baysPerCabinet }, () => k));
        const n = cabinetOf.length;
        const a = new PowerPlanner(cabinetKw, cabinetOf, gridKw, POLICIES[policy]);
        const live = new Map<number, { cap: number; breakEnd: number; id: number }>();
        let id = 0;
        for (const op of ops) {
          const s = op.slot % n;
          const c = live.get(s);
          if (op.kind === 'start' && !c) {
            live.set(s, { cap: op.cap, breakEnd: op.breakEnd, id: ++id });
            a.start(s, op.cap, 0, op.breakEnd, id);
          } else if (op.kind === 'stop' && c) {
            live.delete(s);
            a.stop(s);
          } else if (op.kind === 'cap' && c) {
            c.cap = op.cap;
            a.setCap(s, op.cap);
          }
          if (op.plan) a.plan();
        }
        a.plan();
        const b = new PowerPlanner(cabinetKw, cabinetOf, gridKw, POLICIES[policy]);
        for (const [s, c] of [...live].reverse()) b.start(s, c.cap, 0, c.breakEnd, c.id);
        b.plan();
        for (const s of live.keys()) expect(powerOf(a, s)).toBeCloseTo(powerOf(b, s), 9);
      }),
      { numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------------------------------------
// The data structures underneath

describe('SumTree', () => {
  test('its total is the sum of the slots, and the same whatever order they were set in', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(40), fc.double({ min: 0, max: 1e4, noNaN: true })), { maxLength: 200 }), (sets) => {
        const a = new SumTree(41);
        const value = new Array(41).fill(0);
        for (const [i, v] of sets) {
          a.set(i, v);
          value[i] = v;
        }
        const b = new SumTree(41);
        for (let i = 40; i >= 0; i--) b.set(i, value[i]);
        expect(a.total).toBe(b.total);
        expect(a.total).toBeCloseTo(value.reduce((x, y) => x + y, 0), 6);
        value.forEach((v, i) => expect(a.get(i)).toBe(v));
      }),
      { numRuns: 200 },
    );
  });

  test('a tree of one slot, and of none', () => {
    const t = new SumTree(1);
    t.set(0, 7);
    expect(t.total).toBe(7);
    expect(new SumTree(0).total).toBe(0);
    expect(() => new SumTree(-1)).toThrow(SimulationError);
  });
});

interface HeapOp {
  readonly kind: 'set' | 'remove' | 'pop';
  readonly slot: number;
  readonly key: number;
}

/** `ref`'s entries (slot → key) in the order a SlotHeap yields them: smallest key, then smallest slot. */
const heapOrder = (ref: ReadonlyMap<number, number>) => [...ref].sort((x, y) => x[1] - y[1] || x[0] - y[0]);

/** Applies `op` to `heap` and to `ref`, the entries it should hold, and checks the heap against them. */
function heapStep(heap: SlotHeap, ref: Map<number, number>, op: HeapOp): void {
  if (op.kind === 'set') {
    heap.set(op.slot, op.key);
    ref.set(op.slot, op.key);
  } else if (op.kind === 'remove') {
    heap.remove(op.slot);
    ref.delete(op.slot);
  } else if (ref.size > 0) {
    const [s] = heapOrder(ref)[0];
    expect(heap.pop()).toBe(s);
    ref.delete(s);
  }
  const best = heapOrder(ref)[0];
  expect(heap.size).toBe(ref.size);
  expect(heap.top()).toBe(best ? best[0] : -1);
  expect(heap.topKey()).toBe(best ? best[1] : Infinity);
  for (const [s, k] of ref) expect(heap.keyOf(s)).toBe(k);
}

describe('SlotHeap', () => {
  test('yields the smallest key (then the smallest slot), through any changes, at any size', () => {
    const opsArb = fc.array(fc.record({ kind: fc.constantFrom('set', 'set', 'remove', 'pop'), slot: fc.nat(79), key: fc.integer({ min: 0, max: 30 }) }), { maxLength: 400 });
    fc.assert(
      fc.property(opsArb, (ops) => {
        const heap = new SlotHeap(80);
        const ref = new Map<number, number>();
        for (const op of ops) heapStep(heap, ref, op as HeapOp);
      }),
      { numRuns: 200 },
    );
  });

  test('with few entries, raising the smallest key or moving the last entry keeps the right one on top', () => {
    // Below the heap size the entries are unordered and the smallest is tracked by its place:
    // a raised smallest key has to be looked for again, and so does one moved into a hole.
    const heap = new SlotHeap(4);
    heap.set(0, 1);
    heap.set(1, 5);
    heap.set(0, 9);
    expect(heap.top()).toBe(1);
    heap.remove(1);
    heap.set(2, 3);
    heap.set(3, 2); // the smallest, in the last place
    heap.remove(0); // slot 3 moves into the first place
    heap.set(0, 7);
    expect(heap.top()).toBe(3);
    expect(heap.topKey()).toBe(2);
  });

  test('the same as a heap of 100 entries, through removals from anywhere', () => {
    // Slots drawn uniformly: fast-check's bias towards small slots removes mostly near the root,
    // where a removal cannot break the heap's order.
    const slots = 100;
    for (let trial = 0; trial < 100; trial++) {
      let x = trial * 7919 + 1;
      const rnd = (n: number) => Math.floor(((x = (x * 48271) % 2147483647) / 2147483647) * n);
      const heap = new SlotHeap(slots);
      const ref = new Map<number, number>();
      for (let s = 0; s < slots; s++) heapStep(heap, ref, { kind: 'set', slot: s, key: rnd(1000) });
      for (let j = 0; j < 120; j++) {
        const kind = rnd(4);
        const slot = rnd(slots);
        heapStep(heap, ref, { kind: kind === 0 ? 'set' : kind < 3 ? 'remove' : 'pop', slot, key: kind === 0 ? rnd(1000) : 0 });
      }
      // Emptied, it yields what is left in order.
      const left = heapOrder(ref).map(([s]) => s);
      const popped: number[] = [];
      while (heap.size > 0) popped.push(heap.pop());
      expect(popped).toEqual(left);
    }
  });

  test('shifting every key keeps the order right, ties included', () => {
    const heap = new SlotHeap(40);
    for (let s = 0; s < 40; s++) heap.set(s, 1e16 + (39 - s)); // past 2^53, many keys tie once shifted
    heap.shiftKeys(1e16);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop());
    const keys = Array.from({ length: 40 }, (_, s) => 1e16 + (39 - s) - 1e16);
    expect(popped).toEqual([...popped].sort((a, b) => keys[a] - keys[b] || a - b));
    expect(() => heap.pop()).toThrow(SimulationError);
  });
});

describe('PriorityOrder', () => {
  test('removing a slot that is not in the order throws', () => {
    const keys = () => new Float64Array([1, 2, 3]);
    const order = new PriorityOrder(3, keys(), keys(), keys(), new Float64Array(3));
    expect(() => order.remove(0)).toThrow(SimulationError);
    order.insert(1);
    expect(() => order.remove(2)).toThrow('slot 2 is not in the order');
    expect(order.size).toBe(1);
    order.remove(1);
    expect(order.size).toBe(0);
  });

  test('a running sum that reaches the limit exactly does not exceed it', () => {
    // Slots 0 .. 5 in that order, amounts 0, 100, 0, 0, 0, 200: the running sum is 0, 100, 100,
    // 100, 100, 300. Slots with nothing are passed over, as a truck with no headroom is.
    const key = new Float64Array([0, 1, 2, 3, 4, 5]);
    const order = new PriorityOrder(6, key, new Float64Array(6), key, new Float64Array([0, 100, 0, 0, 0, 200]));
    for (let s = 0; s < 6; s++) order.insert(s);
    expect(order.firstExceeding(0)).toBe(1);
    expect(order.before).toBe(0);
    expect(order.firstExceeding(100)).toBe(5);
    expect(order.before).toBe(100);
    expect(order.firstExceeding(299)).toBe(5);
    expect(order.firstExceeding(300)).toBe(-1);
  });

  test("the first slot not before a slot's own keys is that slot", () => {
    // How the marginal truck's place is found again once its slot no longer holds it.
    const k1 = new Float64Array([5, 5, 5, 7]);
    const k2 = new Float64Array([1, 1, 2, 0]);
    const k3 = new Float64Array([1, 2, 3, 4]);
    const order = new PriorityOrder(4, k1, k2, k3, new Float64Array(4));
    for (const s of [3, 1, 0, 2]) order.insert(s);
    for (let s = 0; s < 4; s++) expect(order.lowerBound(k1[s], k2[s], k3[s])).toBe(s);
    expect(order.lowerBound(5, 1, 1.5)).toBe(1);
    expect(order.lowerBound(5, 2, 4)).toBe(3);
    expect(order.lowerBound(7, 0, 5)).toBe(-1);
  });

  test('walks its slots in key order, with running sums, through any changes', () => {
    const opsArb = fc.array(
      fc.record({ kind: fc.constantFrom('insert', 'remove', 'amount'), slot: fc.nat(49), k1: fc.integer({ min: 0, max: 9 }), amount: fc.integer({ min: 0, max: 400 }), limit: fc.integer({ min: 0, max: 5000 }) }),
      { maxLength: 300 },
    );
    fc.assert(
      fc.property(opsArb, (ops) => {
        const n = 50;
        const k1 = new Float64Array(n);
        const k2 = new Float64Array(n);
        const k3 = new Float64Array(n);
        const amount = new Float64Array(n);
        const order = new PriorityOrder(n, k1, k2, k3, amount);
        const inside = new Set<number>();
        let id = 0;
        for (const op of ops) {
          const s = op.slot;
          if (op.kind === 'insert' && !inside.has(s)) {
            k1[s] = op.k1;
            k2[s] = op.k1 % 3;
            k3[s] = ++id;
            amount[s] = op.amount;
            order.insert(s);
            inside.add(s);
          } else if (op.kind === 'remove' && inside.has(s)) {
            order.remove(s);
            inside.delete(s);
          } else if (op.kind === 'amount' && inside.has(s)) {
            amount[s] = op.amount;
            order.refresh(s);
          }
          // In order: the same as a fresh sort.
          const sorted = [...inside].sort((a, b) => k1[a] - k1[b] || k2[a] - k2[b] || k3[a] - k3[b]);
          const walked: number[] = [];
          for (let x = order.first(); x >= 0; x = order.next(x)) walked.push(x);
          expect(walked).toEqual(sorted);
          expect(order.size).toBe(inside.size);
          expect(order.total).toBeCloseTo(sorted.reduce((a, x) => a + amount[x], 0), 9);
          // Where the running sum first exceeds the limit.
          let run = 0;
          let want = -1;
          let before = 0;
          for (const x of sorted) {
            if (run + amount[x] > op.limit) {
              want = x;
              before = run;
              break;
            }
            run += amount[x];
          }
          expect(order.firstExceeding(op.limit)).toBe(want);
          if (want >= 0) expect(order.before).toBeCloseTo(before, 9);
          // The first slot at or after a key.
          const lb = sorted.find((x) => k1[x] >= op.k1) ?? -1;
          expect(order.lowerBound(op.k1, -Infinity, -Infinity)).toBe(lb);
        }
      }),
      { numRuns: 150 },
    );
  });
});
