import { describe, expect, test } from '@jest/globals';
import { InputError } from '../src/errors.js';
import { MAX_DRAIN_DAYS, MAX_WAITING, simulate, startSimulation } from '../src/model/simulate.js';
import { rawWith, scenarioOf, thrown } from './helpers/scenarios.js';

// A replication advanced a slice at a time is the same run, and a run that would never end or
// grow without bound stops with an input error instead.

describe('startSimulation', () => {
  test('stepping in slices of any size gives exactly the result of one call', () => {
    const scenario = scenarioOf(rawWith({ arrivals: { trucksPerDay: 40 }, horizon: { days: 5, warmupDays: 1 }, hub: { gridKw: 500 } }));
    const whole = simulate(scenario, 3);
    for (const slice of [1, 7, 1000]) {
      const run = startSimulation(scenario, 3);
      let steps = 0;
      while (!run.step(slice)) steps++;
      expect(run.result()).toEqual(whole);
      expect(steps).toBeGreaterThanOrEqual(Math.floor(whole.events / slice) - 1);
    }
  });

  test('result() before the end is an error, and step() after it does nothing', () => {
    const run = startSimulation(scenarioOf(rawWith({})), 1);
    expect(() => run.result()).toThrow(/before the run finished/);
    while (!run.step(10));
    const r = run.result();
    expect(run.step(10)).toBe(true);
    expect(run.result()).toBe(r);
  });
});

describe('runaway guards', () => {
  test('trucks that cannot leave within the drain limit after the horizon stop the run with an input error', () => {
    // Trucks wanting 9,000 kWh at 1 kW: 375 days each, more than the limit.
    expect(MAX_DRAIN_DAYS * 24).toBeLessThan(9000);
    const raw = rawWith({
      horizon: { days: 1 },
      arrivals: { trucksPerDay: 50 },
      hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 1 }] },
      fleet: [{ name: 't', batteryKwh: 10000, maxKw: { CCS: 1 } }],
    });
    raw.demand = { arrivalSoc: 0, energyKwh: 9000 };
    const err = thrown(() => simulate(scenarioOf(raw), 1));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/within 365 days/);
    expect((err as InputError).issues[0].found).toMatch(/^\d+ trucks still at the hub 365 days after the horizon$/);
  });

  test('a queue growing without bound stops the run with an input error naming the limit, the queue counted as the one past it, 100001', () => {
    // One run for both: each fills a queue of 100,000 trucks.
    const raw = rawWith({
      horizon: { days: 12 },
      arrivals: { trucksPerDay: 100000 },
      hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 1 }] },
      fleet: [{ name: 't', batteryKwh: 1000, maxKw: { CCS: 1 } }],
    });
    const err = thrown(() => simulate(scenarioOf(raw), 1));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(new RegExp(`more than ${MAX_WAITING} trucks waiting`));
    expect(MAX_WAITING).toBe(100_000);
    expect((err as InputError).issues[0].found).toMatch(/^100001 waiting on day \d+$/);
  });

  test('waiting spaces above the limit do not lift it, and the message names the most that helps', () => {
    const raw = rawWith({
      horizon: { days: 12 },
      arrivals: { trucksPerDay: 100000 },
      hub: { waitingSpaces: 1_000_000, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 1 }] },
      fleet: [{ name: 't', batteryKwh: 1000, maxKw: { CCS: 1 } }],
    });
    expect(() => simulate(scenarioOf(raw), 1)).toThrow(`bound the queue with hub.waitingSpaces of at most ${MAX_WAITING} or behaviour.patienceMin`);
  });
});
