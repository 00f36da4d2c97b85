/**
 * Exact event traces of the site's power: a stationary battery topping up a binding grid, emptying
 * and filling at the computed times with power re-planned then, and a grid limit that changes at
 * an hour boundary. Every expected number was worked out by hand from the model rules (README,
 * "The model"); powers, energies and the efficiency (0.64: √0.64 = 0.8 exactly) are chosen so the
 * arithmetic is exact in binary floating point, so `toEqual` is fair.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { SimulationError } from '../src/errors.js';
import { Site } from '../src/model/site.js';
import { BY_HOUR_METRICS, breakdownLayout, breakdownVector } from '../src/model/breakdown.js';
import { HOURS_OF_WEEK } from '../src/scenario/types.js';
import { startSimulation, type SiteEntry, type TraceEntry } from '../src/model/simulate.js';
import type { Scenario } from '../src/scenario/types.js';
import { arrive, baseRaw, csv, observe as observeOnce, observeBothWays, plug, traceScenario, unplug, type Observed, type RawScenario } from './helpers/scenarios.js';

/** Runs both ways of keeping milestones (see MILESTONES) and checks they agree to the last entry. */
function observe(s: Scenario): Observed {
  const { scanned, heaped } = observeBothWays(s);
  expect(heaped).toEqual(scanned);
  return scanned;
}

const power = (t: number, truck: number, bay: number, kw: number, cap = 400): TraceEntry => ({ t, event: 'power', truck, bay, cabinet: bay - 1, kw, cap });
const site = (t: number, limitKw: number, trucksKw: number, batteryKw: number, storedKwh: number, gridKw: number): SiteEntry => ({
  t,
  event: 'site',
  limitKw,
  trucksKw,
  batteryKw,
  storedKwh,
  gridKw,
});

/** Two 400 kW CCS bays, one cabinet each; one truck type `t` (500 kWh, 400 kW, flat curve); `hub` merged in. */
function hub(patch: RawScenario): RawScenario {
  const raw = baseRaw();
  raw.hub = { allocation: 'equal', chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, baysPerCabinet: 1, cabinetKw: 400, bayKw: 400 }], ...patch };
  return raw;
}

const HEAD = ['arrival_min', 'fleet', 'soc_in', 'energy_kwh'];
const BATTERY = { capacityKwh: 100, powerKw: 200, efficiency: 0.64, initialSoc: 0.5 };

describe('a battery on a binding grid', () => {
  // 500 kW grid; a 100 kWh, 200 kW battery half full; two trucks at t = 0 wanting 195 kWh each.
  const s = traceScenario(hub({ gridKw: 500, battery: { ...BATTERY, strategy: 'greedy' } }), csv(HEAD, [[0, 't', 0, 195], [0, 't', 0, 195]]));
  const o = observe(s);

  test('tops the grid up until it is empty, then the trucks share the grid alone; refills from spare capacity', () => {
    // t = 0, before anybody: spare 500 kW, the battery charges at its 200 kW.
    // Truck 1 alone draws 400 kW (the limit is 500 + 200): 100 kW spare to charge.
    // Both: 700 kW shared, 350 each; the battery gives 200 kW, the grid 500. Out of store 200/0.8 =
    // 250 kW: its 50 kWh last 12 min. By then each truck has 70 kWh.
    // t = 12: empty; the trucks share 500 kW, 250 each: 125 kWh more takes 30 min, both done at 42.
    // t = 42: spare 500 kW, it charges at 200 kW, storing 160: 100 kWh take 37.5 min, full at 79.5.
    expect(o.log).toEqual([
      site(0, 500, 0, -200, 50, 200),
      arrive(0, 1),
      plug(0, 1, 1),
      power(0, 1, 1, 400),
      site(0, 500, 400, -100, 50, 500),
      arrive(0, 2),
      plug(0, 2, 2),
      power(0, 1, 1, 350),
      power(0, 2, 2, 350),
      site(0, 500, 700, 200, 50, 500),
      power(12, 1, 1, 250),
      power(12, 2, 2, 250),
      site(12, 500, 500, 0, 0, 500),
      unplug(42, 2, 2),
      unplug(42, 1, 1),
      site(42, 500, 0, -200, 0, 200),
      site(79.5, 500, 0, 0, 100, 0),
    ]);
    expect(o.sessions.map((x) => [x.truck, x.unplugMin, x.energyKwh])).toEqual([
      [2, 42, 195],
      [1, 42, 195],
    ]);
  });

  test('its energy, losses and cycles, and the energy balance, exactly', () => {
    const m = o.result.metrics;
    // Discharged 200 kW for 12 min; charged 200 kW for 37.5 min.
    expect(m.battery_discharged_kwh).toBe(40);
    expect(m.battery_charged_kwh).toBe(125);
    // 125 × (1 − 0.8) lost charging, 40 × (1/0.8 − 1) discharging.
    expect(m.battery_losses_kwh).toBeCloseTo(35, 12);
    expect(m.battery_cycles).toBe(0.4);
    expect(o.result.battery).toEqual({ startKwh: 50, endKwh: 100 });
    // Stored change = charged × 0.8 − discharged / 0.8 = 100 − 50; grid = delivered + charged − discharged.
    const grid = (m.grid_mean_kw * 1440) / 60;
    expect(grid).toBeCloseTo(390 + 125 - 40, 9);
    expect(m.energy_delivered_kwh).toBe(390);
    // The trucks' energy over what the cabinets could give in the day.
    expect(m.power_utilization).toBeCloseTo(390 / (800 * 24), 12);
  });

  test('power.csv: grid draw and the battery (positive discharging) per interval', () => {
    const rows = o.intervals.slice(0, 6).map((p) => [p.startMin, p.gridKwMean, p.gridKwMax, p.batteryKwMean]);
    expect(rows).toEqual([
      [0, 500, 500, 160], // 200 kW out for 12 of 15 min
      [15, 500, 500, 0],
      [30, 440, 500, -40], // 500 kW for 12 min, then 200 for 3; charging 200 for 3
      [45, 200, 200, -200],
      [60, 200, 200, -200],
      [75, 60, 200, -60], // charging until 79.5
    ]);
    expect(o.intervals.slice(6).every((p) => p.gridKwMean === 0 && p.batteryKwMean === 0)).toBe(true);
    // The unconstrained demand is the trucks' (800 kW while both charge), not the grid draw.
    expect(o.intervals[0].demandKwMean).toBe(800);
    expect(o.intervals[3].demandKwMean).toBe(0);
  });
});

describe('peak shaving', () => {
  test('discharges above the target, charges only below it; the trucks may draw the grid limit plus the battery', () => {
    // Target 300 kW on a 500 kW grid; the battery as above. Truck 1 wants 117.5 kWh, truck 2 (at 6 min) 112.5.
    const s = traceScenario(
      hub({ gridKw: 500, battery: { ...BATTERY, strategy: 'peakShaving', targetKw: 300 } }),
      csv(HEAD, [[0, 't', 0, 117.5], [6, 't', 0, 112.5]]),
    );
    const o = observe(s);
    // Truck 1: 400 kW to 6 (40 kWh), 350 to 15 (92.5), 250 to 21 (117.5): done at 21.
    // Truck 2: 350 kW to 15 (52.5 kWh), 250 to 21 (77.5), alone at its 400 kW: 35 more in 5.25 min.
    expect(o.sessions.map((x) => [x.truck, x.unplugMin])).toEqual([
      [1, 21],
      [2, 26.25],
    ]);
    expect(o.log.filter((e) => e.event === 'site')).toEqual([
      // Nobody: 300 kW spare under the target; it charges at its 200.
      site(0, 500, 0, -200, 50, 200),
      // Truck 1: 100 kW above the target, discharged (125 kW out of store).
      site(0, 500, 400, 100, 50, 300),
      // Truck 2 at 6: the trucks share 500 + 200, 350 each; 400 above the target, the battery gives
      // its 200 (250 out of store), the grid 500. 50 − 12.5 = 37.5 kWh left: empty 9 min later.
      site(6, 500, 700, 200, 37.5, 500),
      // Empty at 15: the trucks share the grid alone, up to its limit, above the target.
      site(15, 500, 500, 0, 0, 500),
      // Truck 1 done: truck 2 draws 400, above the target, and there is nothing to give.
      site(21, 500, 400, 0, 0, 400),
      // Nobody: charging at 200 kW (160 into store): 100 kWh in 37.5 min.
      site(26.25, 500, 0, -200, 0, 200),
      site(63.75, 500, 0, 0, 100, 0),
    ]);
    const m = o.result.metrics;
    expect(m.battery_discharged_kwh).toBeCloseTo((100 * 6 + 200 * 9) / 60, 12);
    expect(m.battery_charged_kwh).toBeCloseTo(125, 12);
    // The 15-minute peak: [0, 15) holds 300 kW for 6 min and 500 for 9.
    expect(m.grid_peak_kw).toBeCloseTo((300 * 6 + 500 * 9) / 15, 9);
    // By hour (by-hour.csv's battery_kw_mean): hour 0 gives 100 kW for 6 min and 200 for 9, nothing
    // until 26.25, then takes 200 (charging); hour 1 takes 200 until 63.75; then nothing.
    const v = breakdownVector(s, o.result);
    const l = breakdownLayout(s);
    const battery = (row: number) => v[l.byHour + row * BY_HOUR_METRICS.length + BY_HOUR_METRICS.indexOf('battery_kw_mean')];
    expect(battery(0)).toBe((100 * 6 + 200 * 9 - 200 * (60 - 26.25)) / 60);
    expect(battery(1)).toBe((-200 * (63.75 - 60)) / 60);
    expect(battery(2)).toBe(0);
    // The window is Monday alone, so each hour of the day over the week is Monday's.
    expect([battery(HOURS_OF_WEEK), battery(HOURS_OF_WEEK + 1)]).toEqual([battery(0), battery(1)]);
    // Its state of charge (battery_soc_mean), the stored energy's time-average over capacity: 50 kWh
    // at 0, 37.5 at 6, empty at 15 until 26.25, then filling at 160 kW into store (90 kWh at 60, full
    // at 63.75). Hour 0: 43.75·6 + 18.75·9 + 0 + 45·33.75 = 1,950 kWh·min; hour 1: 95·3.75 + 100·56.25.
    const soc = (row: number) => v[l.byHour + row * BY_HOUR_METRICS.length + BY_HOUR_METRICS.indexOf('battery_soc_mean')];
    expect(soc(0)).toBeCloseTo(1950 / 60 / 100, 12);
    expect(soc(1)).toBeCloseTo((95 * 3.75 + 100 * 56.25) / 60 / 100, 12);
    expect(soc(2)).toBe(1);
    expect(soc(HOURS_OF_WEEK)).toBe(soc(0));
  });
});

describe('a grid limit that changes by the hour', () => {
  // 400 kW from 00:00 to 01:00, 800 kW after, every day.
  const byHour = [400, ...new Array(23).fill(800)];

  test('the power is re-planned at the boundary, and the limit in force is never exceeded', () => {
    // Two trucks at 0 wanting 300 kWh: 200 kW each until 60 (200 kWh each), then 400 kW each: 100
    // kWh more take 15 min, both done at 75.
    const s = traceScenario(hub({ gridKw: { byHour } }), csv(HEAD, [[0, 't', 0, 300], [0, 't', 0, 300]]));
    const o = observe(s);
    expect(o.log).toEqual([
      site(0, 400, 0, 0, 0, 0),
      arrive(0, 1),
      plug(0, 1, 1),
      power(0, 1, 1, 400),
      site(0, 400, 400, 0, 0, 400),
      arrive(0, 2),
      plug(0, 2, 2),
      power(0, 1, 1, 200),
      power(0, 2, 2, 200),
      site(0, 400, 400, 0, 0, 400),
      power(60, 1, 1, 400),
      power(60, 2, 2, 400),
      site(60, 800, 800, 0, 0, 800),
      unplug(75, 2, 2),
      unplug(75, 1, 1),
      site(75, 800, 0, 0, 0, 0),
    ]);
    // Two arrivals, the change at 60 and the trucks done at 75. The next change, at 24:00, lies at
    // the horizon with nobody at the hub: the run ends without it.
    expect(o.result.events).toBe(4);
    expect(o.intervals.slice(0, 6).map((p) => [p.startMin, p.gridKwMean, p.gridKwMax])).toEqual([
      [0, 400, 400],
      [15, 400, 400],
      [30, 400, 400],
      [45, 400, 400],
      [60, 800, 800],
      [75, 0, 0],
    ]);
    const m = o.result.metrics;
    expect(m.grid_peak_kw).toBe(800);
    expect(m.grid_mean_kw).toBeCloseTo(600 / 24, 12);
    // The unconstrained demand: 800 kW throughout the 75 minutes.
    expect(m.demand_peak_kw).toBe(800);
  });

  test('an interval spanning a change keeps to the mean and the largest limit in force over it', () => {
    // 60-minute intervals offset by the 30-minute... powerIntervalMin 90: [0, 90) holds 60 min at 400
    // and 30 at 800 kW: a mean limit of 533.33, a largest of 800.
    const raw = hub({ gridKw: { byHour } });
    raw.output = { powerIntervalMin: 90 };
    const s = traceScenario(raw, csv(HEAD, [[0, 't', 0, 500], [0, 't', 0, 500]]));
    const o = observe(s);
    // 200 kW each until 60 (200 kWh), then 400 each: 300 kWh more, done at 105.
    expect(o.sessions.map((x) => x.unplugMin)).toEqual([105, 105]);
    expect(o.intervals[0].gridKwMean).toBeCloseTo((400 * 60 + 800 * 30) / 90, 9);
    expect(o.intervals[0].gridKwMax).toBe(800);
    expect(o.intervals[1].gridKwMean).toBeCloseTo((800 * 15) / 90, 9);
  });

  test('a limit that never changes runs exactly as the same number given once (bit for bit)', () => {
    const trace = csv(HEAD, [[0, 't', 0.1, 300], [3, 't', 0, 250], [4, 't', 0.3, 100], [20, 't', 0, 400]]);
    const plain = observeOnce(traceScenario(hub({ gridKw: 650 }), trace));
    const weekly = observeOnce(traceScenario(hub({ gridKw: { byHourOfWeek: new Array(168).fill(650) } }), trace));
    expect(weekly.result).toEqual(plain.result);
    expect(weekly.sessions).toEqual(plain.sessions);
    expect(weekly.intervals).toEqual(plain.intervals);
    expect(weekly.log.filter((e) => e.event !== 'site')).toEqual(plain.log);
  });
});

describe('a battery still charging when the run ends past the horizon', () => {
  // The horizon is 1440. A full battery tops a 300 kW grid up for one truck (400 kW) that plugs in at
  // 1430 and wants 200 kWh: 100 kW for 30 min, 62.5 kWh out of store. The truck unplugs at 1460,
  // inside the interval [1455, 1470), and the battery refills at 200 kW (160 into store) until
  // 1483.4375.
  const raw = (leave: string) => {
    const r = hub({ gridKw: 300, battery: { ...BATTERY, initialSoc: 1, strategy: 'greedy' } });
    r.behaviour = { breakMin: 45, leave };
    return r;
  };
  const trace = csv(HEAD, [[1430, 't', 0, 200]]);

  test("the last interval's row holds its charging to the interval's end, in every leave mode", () => {
    const o = observe(traceScenario(raw('charged'), trace));
    expect(o.sessions.map((x) => x.unplugMin)).toEqual([1460]);
    // Nothing is left to happen at the hub after 1460, but the row covers [1455, 1470): 300 kW for
    // 5 min, then the battery's 200 kW for 10; the battery gives 100 kW, then takes 200.
    const last = o.intervals[o.intervals.length - 1];
    expect(last.startMin).toBe(1455);
    expect(last.gridKwMean).toBeCloseTo((300 * 5 + 200 * 10) / 15, 9);
    expect(last.gridKwMax).toBe(300);
    expect(last.batteryKwMean).toBeCloseTo((100 * 5 - 200 * 10) / 15, 9);
    expect(o.result.endMin).toBe(1460);
    // In breakEnd mode the driver's break, ending at 1475, does not keep the run going: the truck
    // has left. The same trucks, the same site, the same row.
    const pending = observe(traceScenario(raw('breakEnd'), trace));
    expect(pending.intervals[o.intervals.length - 1]).toEqual(last);
    // The window's numbers are the same either way.
    expect(pending.result.metrics).toEqual(o.result.metrics);
  });

  test("a driver's break that outlives the truck's stay does not carry the run on: breakEnd ends where charged does", () => {
    // In breakEnd mode the break, 200 min from 1430, ends at 1630; the truck left its bay charged
    // at 1460. The run ends when the last truck leaves, in every mode: the battery charges on to
    // the end of the interval holding 1460 and no further (it would fill at 1483.4375).
    const r = raw('breakEnd');
    r.behaviour.breakMin = 200;
    const o = observe(traceScenario(r, trace));
    const charged = observe(traceScenario(raw('charged'), trace));
    expect(o.sessions.map((x) => x.departMin)).toEqual([1630]);
    expect(o.result.endMin).toBe(1460);
    expect(o.intervals).toEqual(charged.intervals);
    expect(o.intervals[o.intervals.length - 1].startMin).toBe(1455);
    expect(o.result.metrics).toEqual(charged.result.metrics);
  });

  test('the last truck gone, a battery that would take months to fill does not carry the run on', () => {
    // A battery of 1,000 MWh charging at 200 kW from half full kept the run going to its filling
    // (a year on, it was taken for trucks that never leave).
    const big = (leave: string) => {
      const r = raw(leave);
      r.hub.battery = { ...BATTERY, capacityKwh: 1e6, initialSoc: 0.5, strategy: 'greedy' };
      return observe(traceScenario(r, trace));
    };
    const o = big('breakEnd');
    expect(o.result.endMin).toBe(1460);
    const last = o.intervals[o.intervals.length - 1];
    // It charges on to the end of the interval that holds the run's end, as the model has it.
    expect(last.startMin).toBe(1455);
    expect(last.batteryKwMean).toBeCloseTo((100 * 5 - 200 * 10) / 15, 9);
    expect(o.intervals).toEqual(big('charged').intervals);
  });

  test("a truck that left at its break's end short of its target does not carry the run on to when it would have been charged", () => {
    // breakEnd: a truck of 10 kW, plugged in at 1430 wanting 200 kWh, leaves at 1475 with 7.5 kWh;
    // its time to the target (20 hours on) fired as a milestone that found nothing due, and the
    // run, and power.csv, went on to it; the battery charging all the while.
    const r = raw('breakEnd');
    r.fleet[0].maxKw = { CCS: 10 };
    const o = observe(traceScenario(r, trace));
    expect(o.sessions.map((x) => [x.outcome, x.departMin])).toEqual([['left_at_break_end', 1475]]);
    expect(o.result.endMin).toBe(1475);
    expect(o.intervals[o.intervals.length - 1].startMin).toBe(1470);
  });

  test('patience that can no longer run out (the truck plugged in) does not carry the battery on', () => {
    // Two trucks on one bay: the second waits from 1431 until 1460, its patience of a week still
    // in the calendar when it leaves at 1490; the battery filling hours later kept the run going.
    const r = raw('charged');
    r.hub.chargers[0].cabinets = 1;
    r.hub.battery = { ...BATTERY, capacityKwh: 1e4, initialSoc: 0, strategy: 'greedy' };
    const patient = (patienceMin?: number) => {
      if (patienceMin !== undefined) r.behaviour.patienceMin = patienceMin;
      return observe(traceScenario(r, csv(HEAD, [[1430, 't', 0, 200], [1431, 't', 0, 200]])));
    };
    const none = patient();
    const week = patient(10080);
    expect(week.sessions).toEqual(none.sessions);
    expect(week.result.endMin).toBe(none.result.endMin);
    expect(week.intervals).toEqual(none.intervals);
  });

  test("an outage past the horizon, with nobody left at the hub, does not carry the battery's events on to it", () => {
    // A limit that changes every evening gives the battery an event each day; maintenance on Friday
    // evening, days past the horizon, once kept them going, and power.csv ran on to Saturday.
    const r = (maintenance: boolean) => {
      const x = raw('charged');
      x.hub.gridKw = { byHour: [...Array(23).fill(300), 350] };
      if (maintenance) x.hub.chargers[0].maintenance = [{ weekday: 'Fri', startHour: 20, hours: 4 }];
      return observe(traceScenario(x, trace));
    };
    const plain = r(false);
    const maintained = r(true);
    expect(maintained.intervals[maintained.intervals.length - 1].startMin).toBe(1455);
    expect(maintained.intervals).toEqual(plain.intervals);
    expect(maintained.result.endMin).toBe(plain.result.endMin);
    expect(maintained.result.metrics).toEqual(plain.result.metrics);
    // Nor does one past the horizon after others within it, whose events the run has taken.
    const x = raw('charged');
    x.hub.gridKw = { byHour: [...Array(23).fill(300), 350] };
    x.hub.chargers[0].maintenance = [{ weekday: 'Mon', startHour: 3, hours: 1 }, { weekday: 'Mon', startHour: 5, hours: 1 }, { weekday: 'Fri', startHour: 20, hours: 4 }];
    const within = observe(traceScenario(x, trace));
    expect(within.intervals[within.intervals.length - 1].startMin).toBe(1455);
  });

  test('a battery that fills before the interval ends stops charging then, at its own event', () => {
    // A 350 kW grid: the battery gives 50 kW for 30 min to the truck plugged in at 1426 (25 kWh,
    // 31.25 out of store) and, after it unplugs at 1456, refills at 200 kW in 11.71875 min.
    const r = hub({ gridKw: 350, battery: { ...BATTERY, initialSoc: 1, strategy: 'greedy' } });
    const o = observe(traceScenario(r, csv(HEAD, [[1426, 't', 0, 200]])));
    expect(o.log.filter((e) => e.event === 'site' && e.t >= 1426)).toEqual([
      site(1426, 350, 400, 50, 100, 350),
      site(1456, 350, 0, -200, 68.75, 200),
      site(1467.71875, 350, 0, 0, 100, 0),
    ]);
    const last = o.intervals[o.intervals.length - 1];
    expect(last.startMin).toBe(1455);
    expect(last.gridKwMean).toBeCloseTo((350 * 1 + 200 * 11.71875) / 15, 9);
    expect(last.batteryKwMean).toBeCloseTo((50 * 1 - 200 * 11.71875) / 15, 9);
  });
});

describe('power_utilization with a battery', () => {
  test('is at most 1 when a cabinet delivers its full power all window', () => {
    // One 1 kW cabinet busy the whole day while a battery both charges and discharges: the grid's
    // energy less the battery's in and out once added up to 1.0000000000000024 of the cabinet's.
    const raw = baseRaw();
    raw.horizon = { days: 1 };
    raw.hub = {
      chargers: [{ id: 'c', connector: 'CCS', cabinets: 1, cabinetKw: 1 }],
      gridKw: 850,
      battery: { capacityKwh: 700, powerKw: 1e6, efficiency: 0.5, initialSoc: 0.5 },
    };
    raw.fleet = [{ name: 't', batteryKwh: 24.5, maxKw: { CCS: 5e5 } }];
    raw.demand = { targetSoc: 1 };
    const m = observeOnce(traceScenario(raw, 'arrival_min\n0\n')).result.metrics;
    expect(m.power_utilization).toBe(1);
  });
});

// The site's own event a rounding after a truck's (the battery full an ulp after minute 30, the
// limit's change at 60 a hair after an arrival at 59.99999999999999), taken at the truck's instant,
// found itself not yet due and was set again at every re-plan there: the run never ended. It is
// taken at its own instant; and a limit that rises there is not drawn on before it does.
describe("the site's event a tie after a truck's", () => {
  const sessionsOf = (s: Scenario) => {
    const sessions: [number, number, number][] = [];
    const run = startSimulation(s, 1, { onSession: (r) => sessions.push([r.truck, r.plugMin, r.bay]) });
    // A bounded number of events, where the run needs a few dozen: a run that did not end would not hang the suite.
    expect(run.step(100_000)).toBe(true);
    return sessions;
  };
  const raw = (patch: RawScenario): RawScenario => ({
    ...baseRaw(),
    horizon: { days: 0.1, warmupDays: 0 },
    hub: { chargers: [{ id: 'c', connector: 'CCS', cabinets: 2, cabinetKw: 200 }], ...patch },
    fleet: [{ name: 't', batteryKwh: 400, maxKw: { CCS: 400 }, curve: [[0, 0.8], [0.5, 1], [1, 1]] }],
    demand: { arrivalSoc: 0, targetSoc: 0.6 },
  });

  test("a battery filling a rounding after an arrival fills at its own instant, after the arrival is taken", () => {
    // 100 kW into 50 kWh from 0: full at 30, which the curve steps' sums put some 1e-14 later.
    const s = traceScenario(raw({ gridKw: 300, battery: { capacityKwh: 50, powerKw: 100, efficiency: 1, initialSoc: 0 } }), 'arrival_min\n20\n30\n');
    expect(sessionsOf(s)).toEqual([[1, 20, 1], [2, 30, 2]]);
  });

  test('a change of the limit a rounding after an arrival comes after it, at its own instant, and the arrival is taken', () => {
    const s = traceScenario(raw({ gridKw: { byHour: [300, 100, ...new Array(22).fill(400)] } }), 'arrival_min\n20\n59.99999999999999\n');
    expect(sessionsOf(s)).toEqual([[1, 20, 1], [2, 59.99999999999999, 2]]);
  });

  test('a limit that rises a rounding after an arrival is not drawn on before it rises', () => {
    // 100 kW in hour 0, 300 kW after: the arrival at 59.9999999 is planned under 100 kW, not the 300 kW to come.
    const s = traceScenario(raw({ gridKw: { byHour: [100, ...new Array(23).fill(300)] }, chargers: [{ id: 'c', connector: 'CCS', cabinets: 3, cabinetKw: 150 }] }), 'arrival_min\n0\n0\n59.9999999\n');
    const o = observeOnce(s);
    const hour0 = o.intervals.filter((p) => p.startMin < 60);
    expect(hour0).toHaveLength(4);
    for (const p of hour0) expect([p.gridKwMean, p.gridKwMax]).toEqual([100, 100]);
  });
});

test('a site that sets its own event again at the same instant, for ever, stops the run with an error naming it, rather than a run that never ends', () => {
  const plan = Site.prototype.plan;
  // A bug of that kind: the site's next event always now.
  const spy = jest.spyOn(Site.prototype, 'plan').mockImplementation(function (this: Site, t: number, trucksKw: number) {
    const grid = plan.call(this, t, trucksKw);
    this.nextAt = t;
    return grid;
  });
  try {
    const s = traceScenario(hub({ gridKw: { byHour: [400, ...new Array(23).fill(800)] } }), csv(HEAD, [[10, 't', 0, 300]]));
    expect(() => startSimulation(s, 1).step(100_000)).toThrow(new SimulationError('tiny: the run stopped moving at minute 0: 3073 milestones there, one after another'));
  } finally {
    spy.mockRestore();
  }
});
