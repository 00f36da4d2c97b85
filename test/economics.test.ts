/**
 * Energy economics, against costs worked out by hand: a constant and a time-of-use price, a demand
 * charge over two billing periods (the second cut short by the horizon), the connection's cost,
 * revenue and margin; and what is left undefined when nothing is priced.
 */
import { describe, expect, test } from '@jest/globals';
import { economicsMetrics, pricesGiven } from '../src/model/economics.js';
import { baseRaw, csv, observe, traceScenario, type RawScenario } from './helpers/scenarios.js';

const HEAD = ['arrival_min', 'fleet', 'soc_in', 'energy_kwh'];
// Day 0, 08:00: one truck takes 400 kWh at 400 kW, 08:00-09:00. Day 1, 06:00: two trucks take
// 100 kWh each at 400 kW, 06:00-06:15, the site drawing 800 kW. 600 kWh in all.
const TRACE = csv(HEAD, [[480, 't', 0, 400], [1440 + 360, 't', 0, 100], [1440 + 360, 't', 0, 100]]);

function run(economics: RawScenario, days = 2) {
  const raw = baseRaw();
  raw.hub.gridKw = 1000;
  raw.horizon = { days, warmupDays: 0 };
  raw.economics = economics;
  return observe(traceScenario(raw, TRACE)).result.metrics;
}

describe('economics of a run, by hand', () => {
  test('a constant price: price × grid energy', () => {
    expect(run({ energyPrice: 0.25 }).energy_cost).toBeCloseTo(600 * 0.25, 9);
  });

  test("a time-of-use price: each hour's energy at its price", () => {
    // 08:00-09:00 at 0.30, 06:00-07:00 at 0.20, 0.10 otherwise: 400 × 0.30 + 200 × 0.20.
    const byHour = Array.from({ length: 24 }, (_, h) => (h === 8 ? 0.3 : h === 6 ? 0.2 : 0.1));
    expect(run({ energyPrice: { byHour } }).energy_cost).toBeCloseTo(120 + 40, 9);
    // By hour of the week: Tuesday 06:00 is hour 30.
    const byHourOfWeek = Array.from({ length: 168 }, (_, h) => (h === 8 ? 0.3 : h === 30 ? 0.5 : 0));
    expect(run({ energyPrice: { byHourOfWeek } }).energy_cost).toBeCloseTo(120 + 100, 9);
  });

  test("a demand charge over two billing periods: each period's highest 15-minute average", () => {
    // Day 0's peak is 400 kW, day 1's 800 kW.
    expect(run({ demandCharge: { perKw: 10, periodDays: 1 } }).demand_charge).toBeCloseTo(10 * (400 + 800), 9);
    // A day and a half: the second period is half in the window, and charged half.
    expect(run({ demandCharge: { perKw: 10, periodDays: 1 } }, 1.5).demand_charge).toBeCloseTo(10 * (400 + 800 / 2), 9);
    // One 30-day period (the default), cut to the 2 days the window holds.
    expect(run({ demandCharge: { perKw: 10 } }).demand_charge).toBeCloseTo((10 * 800 * 2) / 30, 9);
  });

  test('a window that holds no whole interval has no peak to charge: the demand charge and the margin are undefined, not 0', () => {
    // The window is the last 14.4 minutes of the day; the intervals are an hour long.
    const raw = baseRaw();
    raw.hub.gridKw = 400;
    raw.horizon = { days: 1, warmupDays: 0.99 };
    raw.output = { powerIntervalMin: 60 };
    raw.economics = { energyPrice: 1, demandCharge: { perKw: 10, periodDays: 1 }, sellingPrice: 2 };
    const m = observe(traceScenario(raw, csv(HEAD, [[1430, 't', 0, 400]]))).result.metrics;
    expect(m.grid_peak_kw).toBeNaN();
    expect(m.demand_charge).toBeNaN();
    expect(m.margin_per_kwh).toBeNaN();
    // What it drew is still priced: 400 kW for the window's last 10 minutes.
    expect(m.energy_cost).toBeCloseTo((400 * 10) / 60, 9);
    expect(m.revenue).toBeCloseTo((2 * 400 * 10) / 60, 9);
  });

  test('connection, revenue and margin', () => {
    const m = run({ energyPrice: 0.25, demandCharge: { perKw: 1, periodDays: 1 }, connectionCostPerKwYear: 36.5, sellingPrice: 0.5 });
    expect(m.connection_cost).toBeCloseTo(36.5 * 1000 * (2 / 365), 9); // 200
    expect(m.revenue).toBeCloseTo(300, 9);
    expect(m.margin_per_kwh).toBeCloseTo((300 - 150 - 1200 - 200) / 600, 9);
  });

  test('nothing priced: every economics metric is undefined (NaN); a margin needs a selling price', () => {
    const m = run({});
    expect([m.energy_cost, m.demand_charge, m.connection_cost, m.revenue, m.margin_per_kwh]).toEqual([NaN, NaN, NaN, NaN, NaN]);
    const sold = run({ sellingPrice: 0.5 });
    expect(sold.margin_per_kwh).toBeCloseTo(0.5, 12); // costs not priced count as 0
    expect(run({ energyPrice: 0.2 }).margin_per_kwh).toBeNaN();
  });
});

describe('economicsMetrics', () => {
  const account = { gridKwMinByHour: new Float64Array(168).fill(60), periodPeaks: new Float64Array([100, 50]), windowMin: 1.25 * 1440, deliveredKwh: 0, connectionKw: Infinity };

  test('no scenario economics: all NaN', () => {
    expect(Object.values(economicsMetrics(undefined, account)).every(Number.isNaN)).toBe(true);
  });

  test('a last period that is a quarter in the window is charged a quarter; no energy: no margin', () => {
    const m = economicsMetrics({ demandCharge: { perKw: 2, periodDays: 1 }, sellingPrice: 1 }, account);
    expect(m.demand_charge).toBeCloseTo(2 * (100 + 50 / 4), 12);
    expect(m.revenue).toBe(0);
    expect(m.margin_per_kwh).toBeNaN();
    expect(m.connection_cost).toBeNaN();
  });

  test('every hour of the week is priced, Monday 00:00 and Sunday 23:00 among them', () => {
    // 10 kWh (600 kW·min) drawn in each of the week's first and last hours, at 0.1 and 0.3 a kWh.
    const cells = new Float64Array(168);
    cells[0] = 600;
    cells[167] = 600;
    const energyPrice = Array.from({ length: 168 }, (_, k) => (k === 167 ? 0.3 : 0.1));
    expect(economicsMetrics({ energyPrice }, { ...account, gridKwMinByHour: cells }).energy_cost).toBeCloseTo(10 * 0.1 + 10 * 0.3, 12);
  });

  test('a connection is priced by its size: an unlimited one has none, and leaves the cost undefined', () => {
    const e = { connectionCostPerKwYear: 36.5 };
    expect(economicsMetrics(e, account).connection_cost).toBeNaN(); // the account's connection is unlimited
    // 2000 kW for the window's 1.25 days at 36.5 a kW-year: 36.5 × 2000 × 1.25 / 365.
    expect(economicsMetrics(e, { ...account, connectionKw: 2000 }).connection_cost).toBeCloseTo(250, 9);
  });
});

describe('pricesGiven', () => {
  test('the fields that hold a value, a price of 0 among them', () => {
    expect(pricesGiven({ energyPrice: 0.2, demandCharge: { perKw: 10 }, sellingPrice: 0 })).toEqual(['energyPrice', 'demandCharge', 'sellingPrice']);
    // A field written out as undefined (an object built in code) gives no price.
    expect(pricesGiven({ energyPrice: 0.2, sellingPrice: undefined })).toEqual(['energyPrice']);
  });

  test('none of no economics, an empty one, or one that is no object', () => {
    for (const e of [undefined, null, {}, 5, 'x']) expect(pricesGiven(e)).toEqual([]);
  });
});
