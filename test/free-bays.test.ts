/**
 * The free bays of each charger group, by trucks plugged in at their cabinet: the bay choice's
 * index. Checked against the rule it stands for, a look at every bay (SPEC: queue): within a group,
 * the free bay of the cabinet with the fewest trucks plugged in, then the lowest bay number.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { FreeBays, type CabinetGroup } from '../src/model/free-bays.js';

/** A hub's groups as bays: each bay's group and cabinet. */
function layout(groups: readonly CabinetGroup[]): { group: number; cabinet: number }[] {
  return groups.flatMap((g, k) => Array.from({ length: g.cabinets * g.baysPerCabinet }, (_, i) => ({ group: k, cabinet: g.firstCabinet + Math.floor(i / g.baysPerCabinet) })));
}

describe('FreeBays', () => {
  test('a hub just opened: every group offers its first bay, at an empty cabinet', () => {
    const groups = [
      { firstCabinet: 0, cabinets: 3, baysPerCabinet: 2 },
      { firstCabinet: 3, cabinets: 1, baysPerCabinet: 1 },
    ];
    const free = new FreeBays(groups);
    [0, 2, 4, 6].forEach((first, c) => free.update(c, 0, first));
    expect([free.best(0, Infinity), free.plugged]).toEqual([0, 0]);
    expect([free.best(1, Infinity), free.plugged]).toEqual([6, 0]);
    // A truck at bay 0: its cabinet has one plugged in, so bay 2, at an empty cabinet, comes first.
    free.update(0, 1, 1);
    expect([free.best(0, Infinity), free.plugged]).toEqual([2, 0]);
    // None at most 0 plugged in in group 1 once its bay is taken; none at all either.
    free.update(3, 1, -1);
    expect(free.best(1, 0)).toBe(-1);
    expect(free.best(1, Infinity)).toBe(-1);
  });

  test('after any plugging in, leaving and outages, each group offers what a look at every bay finds', () => {
    const hub = fc
      .array(fc.record({ cabinets: fc.integer({ min: 1, max: 6 }), baysPerCabinet: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 4 })
      .map((gs) => {
        let first = 0;
        return gs.map((g) => {
          const out = { firstCabinet: first, ...g };
          first += g.cabinets;
          return out;
        });
      });
    fc.assert(
      fc.property(hub, fc.array(fc.tuple(fc.nat(), fc.constantFrom('plug', 'leave', 'down', 'up')), { maxLength: 60 }), (groups, steps) => {
        const bays = layout(groups);
        const cabinets = groups.reduce((n, g) => n + g.cabinets, 0);
        const state = bays.map(() => 'free' as 'free' | 'truck' | 'down');
        const plugged = new Array<number>(cabinets).fill(0);
        const free = new FreeBays(groups);
        const touch = (c: number) => free.update(c, plugged[c], bays.findIndex((b, i) => b.cabinet === c && state[i] === 'free'));
        for (let c = 0; c < cabinets; c++) touch(c);
        for (const [n, what] of steps) {
          const i = n % bays.length;
          const c = bays[i].cabinet;
          if (what === 'plug' && state[i] === 'free') [state[i], plugged[c]] = ['truck', plugged[c] + 1];
          else if (what === 'leave' && state[i] === 'truck') [state[i], plugged[c]] = ['free', plugged[c] - 1];
          else if (what === 'down' && state[i] === 'free') state[i] = 'down';
          else if (what === 'up' && state[i] === 'down') state[i] = 'free';
          else continue;
          touch(c);
          for (let g = 0; g < groups.length; g++) {
            // The rule itself: of the group's free bays, the fewest plugged in at the cabinet, then the lowest.
            let want = -1;
            for (let b = 0; b < bays.length; b++) {
              if (bays[b].group !== g || state[b] !== 'free') continue;
              if (want < 0 || plugged[bays[b].cabinet] < plugged[bays[want].cabinet]) want = b;
            }
            const got = free.best(g, Infinity);
            if (got !== want) return false;
            if (got >= 0 && free.plugged !== plugged[bays[got].cabinet]) return false;
            // Capped below the best's count, there is none.
            if (got >= 0 && plugged[bays[got].cabinet] > 0 && free.best(g, plugged[bays[got].cabinet] - 1) !== -1) return false;
          }
        }
        return true;
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });
});
