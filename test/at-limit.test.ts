import { describe, expect, test } from '@jest/globals';
import { BY_HOUR_METRICS, breakdownLayout, breakdownVector, LOAD_METRICS, LOAD_PERCENTS } from '../src/model/breakdown.js';
import type { PowerRecord } from '../src/model/records.js';
import { simulate } from '../src/model/simulate.js';
import { atMost, SNAP_MARGIN } from '../src/stats/signals.js';
import { readFileSync } from 'node:fs';
import { csv, rawWith, scenarioOf, traceScenario, type RawScenario } from './helpers/scenarios.js';

// Sums of powers that meet a limit can land a few ulps above it (2500.000000000003 kW for a
// 2,500 kW connection): no output may show a value above the limit it is held to.

describe('values at a limit', () => {
  test('atMost snaps rounding above a limit, and only rounding', () => {
    expect(atMost(2500.000000000003, 2500)).toBe(2500);
    expect(atMost(2500 * (1 + SNAP_MARGIN), 2500)).toBe(2500);
    expect(atMost(2500.01, 2500)).toBe(2500.01);
    // A watt over 2.5 MW is a real excess: rounding leaves a few ulps, some 1e-12 kW at this size.
    expect(atMost(2500.001, 2500)).toBe(2500.001);
    expect(atMost(2499.9, 2500)).toBe(2499.9);
    expect(atMost(5, Infinity)).toBe(5);
    // A limit of 0 (an hour without grid power): a sum of powers an ulp over it is 0, a watt is not.
    expect(atMost(7.105427357601002e-15, 0)).toBe(0);
    expect(atMost(0.001, 0)).toBe(0.001);
  });

  test.each(['equal', 'fifo', 'deadline'])('a binding connection under %s: metrics, power.csv rows, hour means and the load-duration curve never exceed it', (allocation) => {
    for (const gridKw of [1000, 1300, 2500]) {
      const scenario = scenarioOf(
        rawWith({
          horizon: { days: 6, warmupDays: 1 },
          arrivals: { trucksPerDay: 150 },
          hub: { gridKw, allocation, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 4, baysPerCabinet: 2, cabinetKw: 400 }, { id: 'mcs', connector: 'MCS', cabinets: 1, cabinetKw: 1000 }] },
          fleet: [
            { name: 'a', batteryKwh: 621, maxKw: { CCS: 400, MCS: 1000 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] },
            { name: 'b', batteryKwh: 480, maxKw: { CCS: 375 }, curve: [[0, 1], [0.7, 0.9], [1, 0.3]] },
          ],
        }),
      );
      for (const seed of [1, 2, 3]) {
        const rows: PowerRecord[] = [];
        const r = simulate(scenario, seed, { onInterval: (p) => rows.push(p) });
        expect(r.metrics.grid_peak_kw).toBeGreaterThan(gridKw * 0.99); // the limit is reached
        const values = [r.metrics.grid_peak_kw, r.metrics.grid_mean_kw, ...rows.flatMap((p) => [p.gridKwMean, p.gridKwMax])];
        const v = breakdownVector(scenario, r);
        const layout = breakdownLayout(scenario);
        for (let i = 0; i < LOAD_PERCENTS.length; i++) values.push(v[layout.loadDuration + i * LOAD_METRICS.length]);
        const M = BY_HOUR_METRICS.length;
        for (let row = 0; row < 168 + 24; row++) {
          values.push(v[layout.byHour + row * M + BY_HOUR_METRICS.indexOf('grid_mean_kw')], v[layout.byHour + row * M + BY_HOUR_METRICS.indexOf('grid_peak_kw')]);
        }
        expect(values.filter((x) => x > gridKw)).toEqual([]);
        const cabinets = 4 * 400 + 1000;
        expect([r.metrics.demand_peak_kw, r.metrics.demand_mean_kw, ...rows.map((p) => p.demandKwMean)].filter((x) => x > cabinets)).toEqual([]);
      }
    }
  });

  test("without a connection, the cabinets' total bounds the hour means of grid power and demand as it bounds the run's", () => {
    // Five 400 kW cabinets kept busy for hours: the sums of the trucks' powers land ulps above 2,000 kW.
    const raw = JSON.parse(
      '{"name":"profw","seed":3,"horizon":{"days":16.55,"warmupDays":2.3},"hub":{"chargers":[{"id":"ccs","connector":"CCS","cabinets":5,"cabinetKw":400}]},"arrivals":{"trucksPerDay":100,"hourly":[0.3,0.3,0.3,0.3,0.4,0.6,0.9,1.2,1.4,1.5,1.5,1.5,1.6,1.6,1.5,1.4,1.3,1.2,1.1,1.0,0.8,0.6,0.5,0],"weekly":[1.05,1.1,1.1,1.1,1.05,0.5,0.1]},"fleet":[{"name":"a","share":3,"batteryKwh":600,"maxKw":{"CCS":400}},{"name":"b","share":1,"batteryKwh":500,"maxKw":{"CCS":400}},{"name":"c","share":0.5,"batteryKwh":400,"maxKw":{"CCS":400}}],"demand":{"arrivalSoc":{"dist":"normal","mean":0.2,"sd":0.1,"min":0.05,"max":0.5},"targetSoc":{"dist":"triangular","min":0.6,"mode":0.8,"max":0.9}},"behaviour":{"breakMin":{"dist":"lognormal","mean":45,"sd":20,"max":90}}}',
    ) as RawScenario;
    const scenario = scenarioOf(raw);
    const M = BY_HOUR_METRICS.length;
    let atTotal = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const v = breakdownVector(scenario, simulate(scenario, seed));
      const means = Array.from({ length: 168 + 24 }, (_, row) => (['grid_mean_kw', 'demand_mean_kw'] as const).map((m) => v[breakdownLayout(scenario).byHour + row * M + BY_HOUR_METRICS.indexOf(m)])).flat();
      expect(means.filter((x) => x > 2000)).toEqual([]);
      atTotal += means.filter((x) => x === 2000).length;
    }
    expect(atTotal).toBeGreaterThan(0);
  });

  describe("a peak-shaving battery's target", () => {
    // The shipped phase-two hub with its battery (2 MWh, 1 MW, target 2,500 kW on a 3,000 kW
    // connection), six days: the battery never runs out, so the grid draw is held at or under the
    // target throughout, and the busiest intervals sit exactly at it.
    const shipped = JSON.parse(readFileSync('scenarios/recklinghausen-phase2-battery.json', 'utf8')) as RawScenario;
    const week = (raw: RawScenario) => scenarioOf({ ...raw, horizon: { days: 6, warmupDays: 1 } });

    test('no mean or peak exceeds it, and the peak is the target itself', () => {
      const scenario = week(shipped);
      for (const seed of [1, 2, 3]) {
        const rows: PowerRecord[] = [];
        const r = simulate(scenario, seed, { onInterval: (p) => rows.push(p) });
        expect(r.metrics.grid_peak_kw).toBe(2500);
        expect(rows.flatMap((p) => [p.gridKwMean, p.gridKwMax]).filter((x) => x > 2500)).toEqual([]);
        const v = breakdownVector(scenario, r);
        const M = BY_HOUR_METRICS.length;
        const peaks = Array.from({ length: 168 + 24 }, (_, row) => v[breakdownLayout(scenario).byHour + row * M + BY_HOUR_METRICS.indexOf('grid_peak_kw')]);
        expect(peaks.filter((x) => x > 2500)).toEqual([]);
      }
    });

    test("an hour's mean grid power held at the target all hour is the target", () => {
      // A battery far larger than any need, at an awkward target: the grid sits at 1,234.567 kW for
      // whole hours, and an hour's mean of those spans is the target, not a rounding above it.
      const big = { ...(shipped.hub as Record<string, unknown>), battery: { capacityKwh: 1e6, powerKw: 1e5, initialSoc: 0.5, strategy: 'peakShaving', targetKw: 1234.567 } };
      const scenario = week({ ...shipped, hub: big });
      const M = BY_HOUR_METRICS.length;
      let atTarget = 0;
      for (const seed of [1, 2, 3]) {
        const v = breakdownVector(scenario, simulate(scenario, seed));
        const means = Array.from({ length: 168 + 24 }, (_, row) => v[breakdownLayout(scenario).byHour + row * M + BY_HOUR_METRICS.indexOf('grid_mean_kw')]);
        expect(means.filter((x) => x > 1234.567)).toEqual([]);
        atTarget += means.filter((x) => x === 1234.567).length;
      }
      expect(atTarget).toBeGreaterThan(10);
    });

    test('under a connection that varies by hour, the lower of the two is held, hour by hour', () => {
      // 2,000 kW from 07:00 to 19:00 (below the target), 3,000 kW otherwise.
      const byHour = Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 2000 : 3000));
      const scenario = week({ ...shipped, hub: { ...(shipped.hub as object), gridKw: { byHour } } });
      const rows: PowerRecord[] = [];
      simulate(scenario, 1, { onInterval: (p) => rows.push(p) });
      const level = (p: PowerRecord) => Math.min(2500, byHour[Math.floor(p.startMin / 60) % 24]);
      expect(rows.filter((p) => p.gridKwMax > level(p) || p.gridKwMean > level(p))).toEqual([]);
      expect(rows.some((p) => p.gridKwMax === 2000)).toBe(true);
    });
  });

  test("bays rated below their cabinet: one truck drawing a 149 kW bay's whole rating all window has mean and peak of 149 kW", () => {
    // Nothing but the bay holds the truck back (no connection, a 2 MW cabinet, a 1 MW truck that
    // never tapers below 500 kW), so grid power is 149 kW throughout; summed over the spans the
    // mean read 149.00000000000028, above the peak of 149.00000000000003.
    const raw = rawWith({
      horizon: { days: 0.25, warmupDays: 0 },
      hub: { chargers: [{ id: 'big', connector: 'CCS', cabinets: 1, baysPerCabinet: 1, cabinetKw: 2000, bayKw: 149 }] },
      fleet: [{ name: 't', share: 1, batteryKwh: 1000, maxKw: { CCS: 1000 }, curve: [[0, 1], [1, 0.5]] }],
      demand: { arrivalSoc: 0, targetSoc: 1 },
    });
    const rows: PowerRecord[] = [];
    const r = simulate(traceScenario(raw, csv(['arrival_min'], [[0]])), 1, { onInterval: (p) => rows.push(p) });
    // (The truck charges on past the horizon, 6 hours, into a last interval it leaves part way.)
    const inside = rows.filter((p) => p.startMin < 360);
    expect(inside).toHaveLength(24);
    for (const kw of [r.metrics.grid_mean_kw, r.metrics.grid_peak_kw, r.metrics.demand_mean_kw, r.metrics.demand_peak_kw, ...inside.flatMap((p) => [p.gridKwMean, p.gridKwMax, p.demandKwMean])]) {
      expect(kw).toBe(149);
    }
  });
});

describe('demand where grid power and a battery cancel', () => {
  test('a battery charging while no truck ever plugs in: no demand, no power used, not a rounding of either', () => {
    // The one truck wants nothing (it arrives at its target): the grid draws the battery's 300 kW
    // throughout, and the trucks' demand, grid power less the battery's, summed to -1e-16 kW.
    const raw = rawWith({
      horizon: { days: 0.25, warmupDays: 0 },
      hub: { gridKw: 1000, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, baysPerCabinet: 1, cabinetKw: 400, bayKw: 400 }], battery: { capacityKwh: 1000, powerKw: 300, initialSoc: 0 } },
      fleet: [{ name: 't', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0.8, targetSoc: 0.8 },
      behaviour: { breakMin: 0, leave: 'breakEnd' },
    });
    const rows: PowerRecord[] = [];
    const scenario = traceScenario(raw, csv(['arrival_min'], [[7.3]]));
    const r = simulate(scenario, 1, { onInterval: (p) => rows.push(p) });
    expect(r.metrics.battery_charged_kwh).toBeGreaterThan(0);
    expect(r.metrics.grid_mean_kw).toBeGreaterThan(0);
    expect(r.metrics.energy_delivered_kwh).toBe(0);
    expect([r.metrics.power_utilization, r.metrics.demand_mean_kw, r.metrics.demand_peak_kw]).toEqual([0, 0, 0]);
    expect(rows.map((p) => p.demandKwMean).filter((kw) => kw !== 0)).toEqual([]);
    const v = breakdownVector(scenario, r);
    const layout = breakdownLayout(scenario);
    const M = BY_HOUR_METRICS.length;
    const demand = BY_HOUR_METRICS.indexOf('demand_mean_kw');
    expect(demand).toBeGreaterThanOrEqual(0);
    const hours: number[] = [];
    for (let row = 0; row < 168 + 24; row++) hours.push(v[layout.byHour + row * M + demand]);
    expect(hours.filter((kw) => kw !== 0 && !Number.isNaN(kw))).toEqual([]);
    for (let i = 0; i < LOAD_PERCENTS.length; i++) expect(v[layout.loadDuration + i * LOAD_METRICS.length + LOAD_METRICS.indexOf('demand_kw')]).toBe(0);
  });
});
