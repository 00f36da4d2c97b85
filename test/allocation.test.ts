import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { allocate, POLICIES, powerLimits, type PowerClaim, type PowerLimits } from '../src/model/allocation/index.js';
import { deadline } from '../src/model/allocation/deadline.js';
import { equal } from '../src/model/allocation/equal.js';
import { fifo } from '../src/model/allocation/fifo.js';

interface ClaimInput {
  cap: number;
  cabinet?: number;
  plugTime?: number;
  breakEnd?: number;
  id?: number;
}

function claims(inputs: readonly ClaimInput[]): PowerClaim[] {
  return inputs.map((c, i) => ({
    cap: c.cap,
    cabinet: c.cabinet ?? i,
    plugTime: c.plugTime ?? 0,
    breakEnd: c.breakEnd ?? 45,
    id: c.id ?? i + 1,
    power: NaN,
  }));
}

function limits(cabinetKw: readonly number[], gridKw = Infinity): PowerLimits {
  return powerLimits(cabinetKw, gridKw, 64);
}

const powers = (cs: readonly PowerClaim[]) => cs.map((c) => c.power);

function expectPowers(cs: readonly PowerClaim[], expected: readonly number[]): void {
  expect(cs.length).toBe(expected.length);
  cs.forEach((c, i) => expect(c.power).toBeCloseTo(expected[i], 9));
}

describe('policies on three 400 kW trucks and a 1000 kW grid', () => {
  const three = () => claims([
    { cap: 400, plugTime: 5, breakEnd: 90 },
    { cap: 400, plugTime: 0, breakEnd: 60 },
    { cap: 400, plugTime: 10, breakEnd: 30 },
  ]);
  const lim = () => limits([400, 400, 400], 1000);

  test('equal: 1000/3 each', () => {
    const cs = three();
    equal(cs, lim());
    expectPowers(cs, [1000 / 3, 1000 / 3, 1000 / 3]);
  });

  test('fifo: earliest plugged in first → 400, 400, 200', () => {
    const cs = three();
    fifo(cs, lim());
    // plugTimes 5, 0, 10: the second truck first, then the first, then the third gets the rest.
    expect(powers(cs)).toEqual([400, 400, 200]);
  });

  test('fifo orders by plugTime, not by position', () => {
    const cs = claims([{ cap: 400, plugTime: 10 }, { cap: 400, plugTime: 5 }, { cap: 400, plugTime: 0 }]);
    fifo(cs, limits([400, 400, 400], 1000));
    expect(powers(cs)).toEqual([200, 400, 400]);
  });

  test('fifo breaks plugTime ties by arrival order (id)', () => {
    const cs = claims([{ cap: 400, id: 3 }, { cap: 400, id: 1 }, { cap: 400, id: 2 }]);
    fifo(cs, limits([400, 400, 400], 1000));
    expect(powers(cs)).toEqual([200, 400, 400]);
  });

  test('deadline: earliest break end first → 200, 400, 400', () => {
    const cs = three();
    deadline(cs, lim());
    // breakEnds 90, 60, 30: the third truck first, then the second, then the first.
    expect(powers(cs)).toEqual([200, 400, 400]);
  });

  test('deadline falls back to fifo on equal break ends', () => {
    const cs = claims([
      { cap: 400, plugTime: 7, breakEnd: 45 },
      { cap: 400, plugTime: 3, breakEnd: 45 },
      { cap: 400, plugTime: 0, breakEnd: 50 },
    ]);
    deadline(cs, limits([400, 400, 400], 1000));
    expect(powers(cs)).toEqual([400, 400, 200]);
  });

  test('the policy table maps each scenario name to its function', () => {
    expect(POLICIES.equal).toBe(equal);
    expect(POLICIES.fifo).toBe(fifo);
    expect(POLICIES.deadline).toBe(deadline);
  });

  test('policies do not reorder the claims array', () => {
    for (const policy of [equal, fifo, deadline]) {
      const cs = three();
      const ids = cs.map((c) => c.id);
      policy(cs, lim());
      expect(cs.map((c) => c.id)).toEqual(ids);
    }
  });
});

describe('cabinet sharing', () => {
  test('two trucks on one 400 kW cabinet get 200 kW each (equal)', () => {
    const cs = claims([{ cap: 400, cabinet: 0 }, { cap: 400, cabinet: 0 }]);
    allocate(equal, cs, limits([400]));
    expect(powers(cs)).toEqual([200, 200]);
  });

  test('fifo on one cabinet: the first takes it all', () => {
    const cs = claims([{ cap: 400, cabinet: 0, plugTime: 1 }, { cap: 400, cabinet: 0, plugTime: 0 }]);
    allocate(fifo, cs, limits([400]));
    expect(powers(cs)).toEqual([0, 400]);
  });

  test('a truck capped below its share leaves the rest to its cabinet neighbour', () => {
    const cs = claims([{ cap: 100, cabinet: 0 }, { cap: 400, cabinet: 0 }]);
    allocate(equal, cs, limits([400]));
    expectPowers(cs, [100, 300]);
  });
});

describe('equal is max-min fair', () => {
  test('a truck capped at 100 passes its surplus on: 100, 300, 300, 300 on a 1000 kW grid', () => {
    const cs = claims([{ cap: 100 }, { cap: 400 }, { cap: 400 }, { cap: 400 }]);
    allocate(equal, cs, limits([400, 400, 400, 400], 1000));
    expectPowers(cs, [100, 300, 300, 300]);
  });

  test('several caps binding in turn', () => {
    // Grid 1000 over caps 50, 150, 400, 400: 50 + 150 + 400 + 400 = 1000 exactly fits.
    const cs = claims([{ cap: 50 }, { cap: 150 }, { cap: 400 }, { cap: 400 }]);
    allocate(equal, cs, limits([400, 400, 400, 400], 900));
    // Fill: 50 each (first frozen), 150 each (second frozen), then 350 left for two → 350 each.
    expectPowers(cs, [50, 150, 350, 350]);
  });

  test('cabinet and grid limits combined', () => {
    // Cabinet A (400 kW): a1, a2 capped 400. Cabinet B (1000 kW): b1 capped 400, b2 capped 150. Grid 900.
    // Progressive filling by hand:
    //  +150 each (b2 reaches its cap): 150,150,150,150; grid 600, A 300, B 300.
    //  +50 each of a1, a2, b1 (cabinet A full): 200, 200, 200; grid 750.
    //  +150 for b1 (grid full): b1 350; grid 900.
    const cs = claims([
      { cap: 400, cabinet: 0 },
      { cap: 400, cabinet: 0 },
      { cap: 400, cabinet: 1 },
      { cap: 150, cabinet: 1 },
    ]);
    allocate(equal, cs, limits([400, 1000], 900));
    expectPowers(cs, [200, 200, 350, 150]);
  });

  test('a truck on a cabinet of its own is not held back by a full shared cabinet', () => {
    const cs = claims([{ cap: 400, cabinet: 0 }, { cap: 400, cabinet: 0 }, { cap: 400, cabinet: 0 }, { cap: 400, cabinet: 1 }]);
    allocate(equal, cs, limits([600, 400], 2000));
    expectPowers(cs, [200, 200, 200, 400]);
  });

  test('claims with cap 0 get 0 and do not shrink the others', () => {
    const cs = claims([{ cap: 0 }, { cap: 400 }, { cap: 400 }]);
    allocate(equal, cs, limits([400, 400, 400], 600));
    expectPowers(cs, [0, 300, 300]);
  });
});

describe('fifo and deadline with cabinets and grid', () => {
  test('greedy respects the cabinet before the grid', () => {
    // Cabinet 0 (500 kW) holds the two earliest; cabinet 1 (400 kW) the last. Grid 800.
    const cs = claims([
      { cap: 400, cabinet: 0, plugTime: 0 },
      { cap: 400, cabinet: 0, plugTime: 1 },
      { cap: 400, cabinet: 1, plugTime: 2 },
    ]);
    fifo(cs, limits([500, 400], 800));
    expect(powers(cs)).toEqual([400, 100, 300]);
  });
  test('deadline with a grid limit', () => {
    const cs = claims([
      { cap: 350, breakEnd: 100 },
      { cap: 300, breakEnd: 20 },
      { cap: 400, breakEnd: 50 },
    ]);
    deadline(cs, limits([400, 400, 400], 800));
    expect(powers(cs)).toEqual([100, 300, 400]);
  });
});

describe('allocate', () => {
  test('gives every truck its cap when no limit binds, whatever the policy', () => {
    for (const policy of [equal, fifo, deadline]) {
      const cs = claims([{ cap: 400, cabinet: 0 }, { cap: 250, cabinet: 1 }, { cap: 100, cabinet: 1 }]);
      allocate(policy, cs, limits([400, 400], 750));
      expect(powers(cs)).toEqual([400, 250, 100]);
    }
  });
  test('handles no claims', () => {
    const cs: PowerClaim[] = [];
    expect(() => allocate(equal, cs, limits([400], 100))).not.toThrow();
  });
  test('no policy exceeds a cap, a cabinet or the grid on a crowded hub', () => {
    const inputs: ClaimInput[] = [];
    for (let i = 0; i < 12; i++) inputs.push({ cap: 50 + ((i * 97) % 380), cabinet: i % 4, plugTime: (i * 37) % 11, breakEnd: (i * 53) % 17, id: i + 1 });
    const cab = [400, 800, 300, 1000];
    for (const policy of [equal, fifo, deadline]) {
      const cs = claims(inputs);
      const lim = limits(cab, 1700);
      allocate(policy, cs, lim);
      const used = [0, 0, 0, 0];
      let total = 0;
      for (const c of cs) {
        expect(c.power).toBeGreaterThanOrEqual(0);
        expect(c.power).toBeLessThanOrEqual(c.cap * (1 + 1e-9));
        used[c.cabinet] += c.power;
        total += c.power;
      }
      used.forEach((u, k) => expect(u).toBeLessThanOrEqual(cab[k] * (1 + 1e-9)));
      expect(total).toBeLessThanOrEqual(1700 * (1 + 1e-9));
      // Work-conserving: the grid binds here (Σ min(cap, cabinet) > 1700), so all of it is used.
      expect(total).toBeCloseTo(1700, 6);
    }
  });
});

describe('what the model relies on to skip re-allocating', () => {
  // While a limit binds, the model keeps the allocation when a truck's cap falls but stays at or
  // above the power it draws: the old allocation is still feasible, and every policy picks the
  // best one by its own order from a feasible set that has only shrunk.
  const inputArb = fc.record({
    caps: fc.array(fc.integer({ min: 0, max: 100 }).map((v) => v * 10), { minLength: 1, maxLength: 10 }),
    cabinets: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 10 }),
    cabinetKw: fc.array(fc.integer({ min: 1, max: 120 }).map((v) => v * 10), { minLength: 4, maxLength: 4 }),
    gridKw: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 300 }).map((v) => v * 10)),
    pick: fc.nat(),
    where: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  for (const [name, policy] of Object.entries(POLICIES)) {
    test(`${name}: a cap that falls to no less than the power drawn changes nobody's power`, () => {
      fc.assert(
        fc.property(inputArb, ({ caps, cabinets, cabinetKw, gridKw, pick, where }) => {
          const inputs = caps.map((cap, i) => ({ cap, cabinet: cabinets[i], plugTime: (i * 7) % 5, breakEnd: (i * 11) % 13, id: i + 1 }));
          const before = claims(inputs);
          allocate(policy, before, limits(cabinetKw, gridKw));
          const i = pick % inputs.length;
          const { power, cap } = before[i];
          inputs[i].cap = power + where * (cap - power);
          const after = claims(inputs);
          allocate(policy, after, limits(cabinetKw, gridKw));
          after.forEach((c, j) => expect(c.power).toBeCloseTo(before[j].power, 6));
        }),
        { numRuns: 500 },
      );
    });
  }
});
