/**
 * The site battery on its own: its rules, its milestones, its window tallies and its energy
 * balance; and the Site that combines it with a grid limit by hour.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Battery } from '../src/model/battery.js';
import { Site } from '../src/model/site.js';
import { startSimulation } from '../src/model/simulate.js';
import type { BatterySpec } from '../src/scenario/types.js';
import { baseRaw, scenarioOf } from './helpers/scenarios.js';

// √0.64 = 0.8 exactly, so the numbers below are exact.
const spec = (patch: Partial<BatterySpec> = {}): BatterySpec => ({ capacityKwh: 100, powerKw: 200, efficiency: 0.64, initialSoc: 0.5, strategy: 'greedy', ...patch });

describe('Battery rules', () => {
  test('greedy: discharges what the trucks draw beyond the grid limit, up to its power; the grid takes the rest', () => {
    const b = new Battery(spec(), 0, 1440);
    expect(b.truckLimit(500)).toBe(700);
    expect(b.decide(0, 650, 500)).toBe(500);
    expect([b.dischargeKw, b.chargeKw]).toEqual([150, 0]);
    // 50 kWh at 150 / 0.8 = 187.5 kW out of store: 16 minutes.
    expect(b.milestone).toBe(16);
  });

  test('greedy: charges from spare capacity under the grid limit, up to its power', () => {
    const b = new Battery(spec(), 0, 1440);
    expect(b.decide(0, 420, 500)).toBe(500);
    expect([b.dischargeKw, b.chargeKw]).toEqual([0, 80]);
    expect(b.decide(0, 100, 500)).toBe(300);
    expect(b.chargeKw).toBe(200);
    // 50 kWh to fill at 200 × 0.8 = 160 kW into store: 18.75 minutes.
    expect(b.milestone).toBe(18.75);
  });

  test('peakShaving: discharges above its target, charges only below it; the grid limit rules when lower', () => {
    const b = new Battery(spec({ strategy: 'peakShaving', targetKw: 300 }), 0, 1440);
    expect(b.decide(0, 450, 500)).toBe(300);
    expect(b.dischargeKw).toBe(150);
    expect(b.decide(0, 600, 500)).toBe(400); // 300 above target: the battery's 200 is all it gives
    expect(b.decide(0, 250, 500)).toBe(300);
    expect(b.chargeKw).toBe(50);
    expect(b.decide(0, 300, 500)).toBe(300);
    expect(b.milestone).toBe(Infinity);
    // A limit in force below the target: the limit is the target then.
    expect(b.decide(0, 260, 250)).toBe(250);
    expect(b.dischargeKw).toBe(10);
  });

  test('empty: gives nothing and adds nothing to the trucks limit; full: takes nothing', () => {
    const empty = new Battery(spec({ initialSoc: 0 }), 0, 1440);
    expect(empty.truckLimit(500)).toBe(500);
    expect(empty.decide(0, 500, 500)).toBe(500);
    expect(empty.dischargeKw).toBe(0);
    const full = new Battery(spec({ initialSoc: 1 }), 0, 1440);
    expect(full.decide(0, 0, 500)).toBe(0);
    expect(full.chargeKw).toBe(0);
    expect(full.milestone).toBe(Infinity);
  });

  test('spare capacity within rounding of the limit is none: a sum of powers at the limit does not charge it', () => {
    const b = new Battery(spec(), 0, 1440);
    const atLimit = 0.1 + 0.2 + 499.7; // 500.00000000000006 or a hair below, as sums of powers go
    b.decide(0, 500 - 1e-10, 500);
    expect(b.chargeKw).toBe(0);
    b.decide(0, Math.min(atLimit, 500), 500);
    expect(b.chargeKw).toBe(0);
  });

  test('advance: piecewise linear, snapped to empty or full at its milestone', () => {
    const b = new Battery(spec(), 0, 1440);
    b.decide(0, 700, 500); // 200 out, 250 kW out of store: empty at 12
    b.advance(6);
    expect(b.energy).toBe(25);
    b.decide(6, 700, 500);
    expect(b.milestone).toBe(12);
    b.advance(12);
    expect(b.energy).toBe(0);
    expect(b.dischargedKwh).toBe(40);
  });

  test('at its milestone it is exactly empty, whatever the rounding of the time it takes', () => {
    // √0.95 is irrational: 70 kWh at 173 kW to the site lasts 23.66… minutes, and the store's level
    // worked out at that time lands a few ulps off 0. Empty, it adds nothing to the trucks' limit.
    const b = new Battery(spec({ efficiency: 0.95, initialSoc: 0.7 }), 0, 1440);
    b.decide(0, 673, 500);
    expect(b.dischargeKw).toBe(173);
    b.advance(b.milestone);
    expect(b.energy).toBe(0);
    expect(b.truckLimit(500)).toBe(500);
  });
});

describe('a battery left with less than the clock can resolve', () => {
  test('is empty at once: a milestone on the instant it was set is reached, not set again for ever', () => {
    // At t = 675 a step of time is about 1e-13 minutes; 1e-15 kWh at 400 kW lasts 1.5e-16.
    const b = new Battery(spec({ initialSoc: 0 }), 0, 1440);
    b.energy = 1e-15;
    b.since = 675;
    expect(b.truckLimit(500)).toBe(700);
    b.decide(675, 650, 500);
    expect(b.milestone).toBe(675);
    b.advance(675);
    expect(b.energy).toBe(0);
    expect(b.truckLimit(500)).toBe(500);
  });

  test('a run whose peak-shaving target is a hair above 0 ends', () => {
    // The battery drains to nearly nothing keeping the draw at 1e-12 kW: the run used to spin there.
    const raw = baseRaw();
    raw.hub = { gridKw: 1200, waitingSpaces: 10, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 3, cabinetKw: 400 }], battery: { capacityKwh: 1000, powerKw: 500, strategy: 'peakShaving', targetKw: 1e-12 } };
    raw.arrivals = { trucksPerDay: 40 };
    raw.behaviour = { breakMin: 45, patienceMin: 60 };
    const sim = startSimulation(scenarioOf(raw), 1);
    let done = false;
    // A budget of events, not a timer: a loop that never ends would block any timer.
    for (let i = 0; i < 100 && !done; i++) done = sim.step(10_000);
    expect(done).toBe(true);
  });
});

describe('Battery tallies', () => {
  test('count only inside the window, and record the stored energy at its ends', () => {
    const b = new Battery(spec(), 10, 30);
    b.decide(0, 100, 500); // charging 200 kW, 160 into store: 50 kWh fill it in 18.75 min
    b.advance(15);
    expect(b.atWindowStart).toBeCloseTo(50 + (160 * 10) / 60, 12);
    b.decide(15, 700, 500); // now discharging 200: 250 out of store
    b.advance(30);
    expect(b.atWindowEnd).toBeCloseTo(50 + (160 * 15) / 60 - (250 * 15) / 60, 12);
    expect(b.chargedKwh).toBeCloseTo((200 * 5) / 60, 12);
    expect(b.dischargedKwh).toBeCloseTo((200 * 15) / 60, 12);
    expect(b.lossesKwh).toBeCloseTo(b.chargedKwh * 0.2 + b.dischargedKwh * 0.25, 12);
  });

  test('the stored energy is integrated over the window only, hour cell by hour cell', () => {
    // Charging from t = 0 at 200 kW, 160 kW into store: 50 + 160 t / 60 kWh, 66 at t = 6 and 90 at 15.
    // The window starts at 6, so Monday 00:00's cell holds the trapezoid over [6, 15) only.
    const b = new Battery(spec(), 6, 1440);
    b.decide(0, 300, 500);
    expect(b.chargeKw).toBe(200);
    b.advance(15);
    expect(b.cellEnergy[0]).toBe(((66 + 90) / 2) * 9);
    expect(b.atWindowStart).toBe(66);
  });

  test('energy balance over any sequence of loads and limits: stored change = charged × √η − discharged / √η; never outside [0, capacity]', () => {
    const step = fc.record({ dt: fc.integer({ min: 0, max: 60 }), want: fc.integer({ min: 0, max: 2000 }), grid: fc.integer({ min: 1, max: 1500 }) });
    const battery = fc.record({
      capacityKwh: fc.integer({ min: 1, max: 1000 }),
      powerKw: fc.integer({ min: 1, max: 800 }),
      efficiency: fc.integer({ min: 50, max: 100 }).map((v) => v / 100),
      initialSoc: fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
      peak: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(battery, fc.array(step, { minLength: 1, maxLength: 60 }), (p, steps) => {
        const b = new Battery(spec({ ...p, strategy: p.peak === undefined ? 'greedy' : 'peakShaving', targetKw: p.peak }), 0, Infinity);
        const start = b.energy;
        let t = 0;
        for (const s of steps) {
          // Each step: the battery's milestone if it comes first (as a run re-plans then), else the load changes.
          const next = Math.min(t + s.dt, b.milestone);
          b.advance(next);
          t = next;
          expect(b.energy).toBeGreaterThanOrEqual(0);
          expect(b.energy).toBeLessThanOrEqual(b.capacityKwh);
          const trucks = Math.min(s.want, b.truckLimit(s.grid));
          const grid = b.decide(t, trucks, s.grid);
          expect(grid).toBeLessThanOrEqual(s.grid * (1 + 1e-12));
          expect(b.chargeKw === 0 || b.dischargeKw === 0).toBe(true);
          expect(grid).toBeCloseTo(trucks + b.chargeKw - b.dischargeKw, 9);
        }
        b.advance(t + 30);
        const change = b.energy - start;
        const tol = 1e-9 * Math.max(1, b.chargedKwh + b.dischargedKwh);
        expect(Math.abs(change - (b.chargedKwh * b.etaIn - b.dischargedKwh / b.etaOut))).toBeLessThanOrEqual(tol);
        expect(Math.abs(b.chargedKwh - b.dischargedKwh - b.lossesKwh - change)).toBeLessThanOrEqual(tol);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Site', () => {
  test('is null when the limit is a constant and there is no battery', () => {
    expect(Site.of(scenarioOf(baseRaw()))).toBeNull();
  });

  test('combines the limit in force with the battery; its next event is the earlier of a limit change and the battery filling', () => {
    const raw = baseRaw();
    raw.hub.gridKw = { byHour: [300, ...new Array(23).fill(600)] };
    raw.hub.battery = { capacityKwh: 100, powerKw: 200, efficiency: 0.64, initialSoc: 0.5 };
    const site = Site.of(scenarioOf(raw))!;
    expect(site.leastLimitKw).toBe(300);
    expect(site.truckLimit(0)).toBe(500);
    expect(site.plan(0, 250)).toBe(300); // 50 spare: charging 50 kW, 40 into store: full in 75 min
    expect([site.trucksKw, site.batteryKw, site.gridKw]).toEqual([250, -50, 300]);
    expect(site.nextAt).toBe(60); // the limit changes first
    expect(site.truckLimit(60)).toBe(800);
    expect(site.plan(60, 250)).toBe(450);
    expect(site.nextAt).toBe(60 + (100 - 50 - 40) * 60 / 160);
  });
});
