import { describe, expect, test } from '@jest/globals';
import { InputError } from '../src/errors.js';
import { BY_FLEET_METRICS, breakdownLayout, breakdownVector } from '../src/model/breakdown.js';
import { ALWAYS_DEFINED } from '../src/model/metrics.js';
import { simulate, startSimulation } from '../src/model/simulate.js';
import type { PowerRecord, SessionRecord } from '../src/model/records.js';
import { baseRaw, ccsGroup, csv, observe, observeBothWays, rawWith, scenarioOf, traceScenario } from './helpers/scenarios.js';

// Edge cases of the model: extreme horizons, energies and traffic.

function run(patch: Record<string, any>) {
  const sessions: SessionRecord[] = [];
  const power: PowerRecord[] = [];
  const raw = rawWith(patch);
  if (raw.demand.energyKwh !== undefined) delete raw.demand.targetSoc; // the two are exclusive
  const r = simulate(scenarioOf(raw), 1, { onSession: (s) => sessions.push(s), onInterval: (p) => power.push(p) });
  return { ...r, sessions, power };
}

describe('edge cases', () => {
  test('zero arrivals: nothing happens, every count is 0, undefined shares are NaN, power.csv still covers the horizon', () => {
    const r = run({ arrivals: { trucksPerDay: 0 }, horizon: { days: 2, warmupDays: 0 } });
    expect(r.trucks).toBe(0);
    expect(r.sessions).toHaveLength(0);
    expect(r.metrics.trucks_arrived).toBe(0);
    expect(r.metrics.served_share).toBeNaN();
    expect(r.metrics.wait_mean_min).toBeNaN();
    expect(r.metrics.bay_occupancy).toBe(0);
    expect(r.metrics.grid_peak_kw).toBe(0);
    // What a baseline's check holds to n = replications: defined even here.
    expect(ALWAYS_DEFINED.filter((m) => !Number.isFinite(r.metrics[m]))).toEqual([]);
    expect(r.power).toHaveLength((2 * 1440) / 15);
    expect(r.power.every((p) => p.gridKwMean === 0)).toBe(true);
  });

  test('no power interval wholly inside the window: no peak (NaN), not a peak of 0 under a positive mean', () => {
    // A window of one day and hour-long intervals from t = 0 tile it, so peaks are measured...
    const aligned = run({ arrivals: { trucksPerDay: 60 }, horizon: { days: 2, warmupDays: 1 }, output: { powerIntervalMin: 60 } });
    expect(aligned.metrics.grid_peak_kw).toBeGreaterThan(0);
    // ...but a week-long interval never lies inside a day's window, nor a 15-minute one inside 7 minutes.
    for (const patch of [
      { horizon: { days: 2, warmupDays: 1 }, output: { powerIntervalMin: 10080 } },
      { horizon: { days: 1, warmupDays: 1 - 7 / 1440 }, output: { powerIntervalMin: 15 } },
    ]) {
      const r = run({ arrivals: { trucksPerDay: 2000 }, ...patch });
      expect(r.metrics.grid_mean_kw).toBeGreaterThan(0);
      expect(r.metrics.grid_peak_kw).toBeNaN();
      expect(r.metrics.demand_peak_kw).toBeNaN();
    }
  });

  test('a horizon of ten years runs, with the clock far from 0 and energy still exact', () => {
    const r = run({ arrivals: { trucksPerDay: 3 }, horizon: { days: 3650, warmupDays: 10 } });
    expect(r.trucks).toBeGreaterThan(10_000);
    expect(r.endMin).toBeGreaterThan(3650 * 1440 - 1440);
    // 0.2 → 0.8 of 500 kWh at 400 kW: every served truck gets exactly 300 kWh in exactly 45 minutes.
    for (const s of r.sessions) {
      expect(s.energyKwh).toBeCloseTo(300, 6);
      expect(s.unplugMin - s.plugMin).toBeCloseTo(45, 6);
    }
  });

  test('tiny energies: a truck wanting 1e-9 kWh plugs in and leaves charged at once', () => {
    const r = run({ demand: { arrivalSoc: 0.5, energyKwh: 1e-9 } });
    expect(r.sessions.length).toBeGreaterThan(0);
    for (const s of r.sessions) {
      expect(s.outcome).toBe('charged');
      expect(s.energyKwh).toBeCloseTo(1e-9, 12);
      expect(s.unplugMin - s.plugMin).toBeLessThan(1e-6);
    }
  });

  test('a truck wanting nothing (target below its SoC) is served with no energy', () => {
    const r = run({ demand: { arrivalSoc: 0.9, targetSoc: 0.5 } });
    for (const s of r.sessions) {
      expect(s.outcome).toBe('charged');
      expect(s.energyKwh).toBe(0);
      expect(s.unplugMin).toBe(s.plugMin);
    }
  });

  test('huge energies are capped by what the battery can take', () => {
    const r = run({ demand: { arrivalSoc: 0.25, energyKwh: 1e12 } });
    for (const s of r.sessions) {
      expect(s.socOut).toBe(1);
      expect(s.energyKwh).toBeCloseTo(375, 6);
    }
  });

  test('trucks that all reach their target leave exactly 0 kWh unmet, not an ulp of an energy sum', () => {
    // Shared cabinets under a binding connection and a tapering curve: every truck reaches 0.8
    // (no patience, an unlimited queue), but its energy is summed over many power steps.
    const scenario = scenarioOf(
      rawWith({
        horizon: { days: 3, warmupDays: 1 },
        hub: { gridKw: 1000, allocation: 'equal', chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, baysPerCabinet: 2, cabinetKw: 400 }] },
        arrivals: { trucksPerDay: 40 },
        fleet: [{ name: 't', batteryKwh: 600, maxKw: { CCS: 400 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] }],
        demand: { arrivalSoc: { dist: 'uniform', min: 0.1, max: 0.3 }, targetSoc: 0.8 },
      }),
    );
    const unmet = BY_FLEET_METRICS.indexOf('energy_unmet_kwh');
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = simulate(scenario, seed);
      expect(r.metrics.target_reached_share).toBe(1);
      expect(r.metrics.energy_unmet_kwh).toBe(0);
      expect(breakdownVector(scenario, r)[breakdownLayout(scenario).byFleet + unmet]).toBe(0);
    }
  });

  test('days that are a whole number of minutes, but not in binary, bound the window there: the intervals at its edges count', () => {
    // 0.7 × 1440 is 1007.9999999999999, 1.1 × 1440 is 1584.0000000000002: the interval ending at
    // the horizon, or starting at the warm-up's end, was not wholly inside the window.
    const raw = baseRaw();
    raw.fleet = [{ name: 't', batteryKwh: 1000, maxKw: { CCS: 400 } }];
    raw.demand = { energyKwh: 100 };
    raw.output = { powerIntervalMin: 12 };
    const peak = (days: number, warmupDays: number, rows: number[][]) => {
      raw.horizon = { days, warmupDays };
      return simulate(traceScenario(raw, csv(['arrival_min', 'energy_kwh'], rows)), 1).metrics;
    };
    // 400 kW over [996, 1008) alone; over [1584, 1596) alone.
    expect([peak(0.7, 0, [[996, 400]]).grid_peak_kw, peak(0.7, 0, [[996, 400]]).demand_peak_kw]).toEqual([400, 400]);
    expect(peak(1.3, 1.1, [[1584, 80]]).grid_peak_kw).toBe(400);
    // One interval the whole window long, [0, 1008): its mean, not none.
    raw.output = { powerIntervalMin: 1008 };
    expect(peak(0.7, 0, [[996, 400]]).grid_peak_kw).toBeCloseTo((400 * 12) / 1008, 9);
  });

  test('a hub full all window has bay_occupancy and bay shares of at most 1, not a few ulps above', () => {
    // Six bays and 400 trucks a day: from the first hour on, every bay is taken all the time. The
    // occupied bays' time-weighted mean, summed over hundreds of spans, rounded to 1.0000000000000024
    // in half of these seeds.
    const raw = rawWith({
      horizon: { days: 3, warmupDays: 1 },
      hub: { allocation: 'equal', chargers: [ccsGroup('ccs', 6)] },
      arrivals: { trucksPerDay: 400 },
      demand: { arrivalSoc: { dist: 'uniform', min: 0.1, max: 0.3 }, targetSoc: 0.8 },
    });
    for (let seed = 1; seed <= 12; seed++) {
      const r = simulate(scenarioOf(raw), seed);
      expect(r.metrics.bay_occupancy).toBeCloseTo(1, 12);
      expect(r.metrics.bay_occupancy).toBeLessThanOrEqual(1);
      for (const b of r.bays) expect(Math.max(b.occupiedShare, b.chargingShare)).toBeLessThanOrEqual(1);
    }
  });

  test('the largest batteries and powers allowed keep times exact', () => {
    const r = run({
      hub: { chargers: [{ id: 'big', connector: 'CCS', cabinets: 2, cabinetKw: 1e6 }] },
      fleet: [{ name: 't', batteryKwh: 1e5, maxKw: { CCS: 1e6 } }],
      demand: { arrivalSoc: 0, energyKwh: 5e4 },
    });
    for (const s of r.sessions) expect(s.unplugMin - s.plugMin).toBeCloseTo(3, 6);
  });
});

describe('what a library caller passes to simulate', () => {
  /** The InputError `f` throws, as path: expected (got found). */
  const refusal = (f: () => unknown): string => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as InputError).issues.map((i) => `${i.path}: ${i.expected}${i.found === undefined ? '' : ` (got ${i.found})`}`).join('\n');
    }
    throw new Error('expected an InputError, but simulate ran');
  };

  test('a scenario as written, not validated, is refused by name rather than failing deep inside the run', () => {
    // JSON.parse returns any, so the type checker lets this through.
    const raw: any = baseRaw();
    expect(refusal(() => simulate(raw, 1))).toMatch(/^scenario: must be a scenario returned by loadScenario, parseScenario or validateScenario \(got an object that is not a validated scenario/);
    expect(refusal(() => startSimulation(raw, 1))).toMatch(/^scenario: /);
    expect(refusal(() => simulate(null as any, 1))).toBe('scenario: must be a scenario returned by loadScenario, parseScenario or validateScenario (got null)');
  });

  test('a structured clone of a validated scenario, as a worker thread is sent, runs the same', () => {
    // A clone is not frozen, so simulate cannot ask for a frozen scenario without refusing it.
    const rate = scenarioOf(baseRaw());
    const trace = traceScenario(baseRaw(), csv(['arrival_min', 'fleet', 'soc_in'], [[0, 't', 0.2], [30, 't', 0.4], [45, 't', 0.3]]));
    for (const s of [rate, trace]) {
      const clone = structuredClone(s);
      expect(Object.isFrozen(clone)).toBe(false);
      expect(simulate(clone, 7)).toEqual(simulate(s, 7));
    }
  });

  test('a validated scenario saved as JSON and read back is refused where JSON changed it, not run as something else', () => {
    // Unlimited grid and queue (Infinity) came back as null, and every truck balked; a trace's
    // columns came back as plain objects, and the run failed with a TypeError.
    const said = "scenario: must be a scenario returned by loadScenario, parseScenario or validateScenario, or a structured clone of one: one saved as JSON and read back is not (JSON writes an unlimited gridKw or waitingSpaces as null, and a trace's columns as plain objects); keep the scenario as written, and validate it again (got an object that is not a validated scenario)";
    const unlimited = baseRaw();
    delete unlimited.hub.gridKw;
    delete unlimited.hub.waitingSpaces;
    const trace = traceScenario(rawWith({ hub: { gridKw: 800, waitingSpaces: 4 } }), csv(['arrival_min', 'fleet', 'soc_in'], [[0, 't', 0.2], [30, 't', 0.4]]));
    for (const s of [scenarioOf(unlimited), trace]) expect(refusal(() => simulate(JSON.parse(JSON.stringify(s)), 1))).toBe(said);
    // Where JSON keeps everything (limits given, no trace), the copy runs the same.
    const limited = scenarioOf(rawWith({ hub: { gridKw: 800, waitingSpaces: 4 } }));
    expect(simulate(JSON.parse(JSON.stringify(limited)), 3)).toEqual(simulate(limited, 3));
  });

  test('a seed that is not a whole number in [0, 2^53 - 1] is refused, not run as a stream name', () => {
    const s = scenarioOf(baseRaw());
    for (const [seed, found] of [[NaN, 'NaN'], [-1, '-1'], [1.5, '1.5'], [2 ** 53, '9007199254740992'], ['1', '"1"'], [undefined, 'nothing']] as const) {
      expect(refusal(() => simulate(s, seed as any))).toBe(`seed: must be a whole number in [0, 9007199254740991] (got ${found})`);
    }
    expect(simulate(s, 0).metrics).toEqual(simulate(s, -0).metrics);
    expect(simulate(s, 2 ** 53 - 1).trucks).toBeGreaterThanOrEqual(0);
  });

  test('options that are not an object of observers are refused by name, not a TypeError mid-run', () => {
    const s = scenarioOf(baseRaw());
    expect(refusal(() => simulate(s, 1, null as any))).toBe('options: must be an object of observers, or left out (got null)');
    expect(refusal(() => startSimulation(s, 1, 5 as any))).toBe('options: must be an object of observers, or left out (got 5)');
    expect(refusal(() => simulate(s, 1, { onSession: 5, onTrace: 'log', intervalsBeforeMin: NaN } as any))).toBe(
      [
        'options.onSession: must be a function, or left out (got 5)',
        'options.onTrace: must be a function, or left out (got "log")',
        'options.intervalsBeforeMin: must be a number of minutes, or left out (got NaN)',
      ].join('\n'),
    );
    expect(simulate(s, 1, {}).metrics).toEqual(simulate(s, 1).metrics);
    // A misspelt observer would be heard by nobody.
    expect(refusal(() => simulate(s, 1, { onSesion: () => undefined } as any))).toBe('options.onSesion: is not an observer: onSession, onInterval, onTrace (did you mean "onSession"?)');
    expect(refusal(() => simulate(s, 1, { onPower: () => undefined } as any))).toBe('options.onPower: is not an observer: onSession, onInterval, onTrace');
    // So would a misspelt intervalsBeforeMin send every interval; a field of an observer's own class is its own.
    expect(refusal(() => simulate(s, 1, { onInterval: () => undefined, intervalBeforeMin: 60 } as any))).toBe('options.intervalBeforeMin: is not an option (did you mean "intervalsBeforeMin"?)');
    expect(() => simulate(s, 1, { onInterval: () => undefined, seen: 0, interval: 15 } as any)).not.toThrow();
    expect(refusal(() => simulate(s, 1, { intervalsBeforeMin: 15n } as any))).toBe('options.intervalsBeforeMin: must be a number of minutes, or left out (got 15n)');
    // An observer is taken when the run starts, not read again at each session: a getter that
    // hands out something else later changes nothing.
    let reads = 0;
    let heard = 0;
    const counted = {
      get onSession() {
        reads++;
        return () => void heard++;
      },
    };
    const r = simulate(s, 1, counted as any);
    expect(heard).toBe(r.trucks);
    expect(heard).toBeGreaterThan(5);
    expect(reads).toBeLessThanOrEqual(4);
    // Fields of an observer's own, not named as observers, are its business.
    expect(simulate(s, 1, { sessions: 0, onSession() {} } as any).metrics).toEqual(simulate(s, 1).metrics);
  });

  test('every observer is called as a method of the options: an observer written as a class reads its fields through `this`', () => {
    // A varying grid limit and weekly maintenance, so that site, down and up events come too.
    const s = scenarioOf(
      rawWith({
        horizon: { days: 8, warmupDays: 0 },
        hub: { allocation: 'equal', gridKw: { byHour: Array.from({ length: 24 }, (_, h) => (h < 6 ? 300 : 600)) }, chargers: [{ ...ccsGroup(), maintenance: [{ weekday: 'Tue', startHour: 2, hours: 3 }] }] },
      }),
    );
    class Counter {
      sessions = 0;
      intervals = 0;
      traced = new Map<string, number>();
      onSession(): void {
        this.sessions++;
      }
      onInterval(): void {
        this.intervals++;
      }
      onTrace(e: { event: string }): void {
        this.traced.set(e.event, (this.traced.get(e.event) ?? 0) + 1);
      }
    }
    const c = new Counter();
    const r = simulate(s, 1, c);
    expect(c.sessions).toBe(r.trucks);
    expect(c.intervals).toBe((8 * 1440) / 15);
    expect([...c.traced.keys()].sort()).toEqual(expect.arrayContaining(['arrive', 'down', 'plug', 'power', 'site', 'unplug', 'up']));
  });
});

describe('a target met exactly as the break ends', () => {
  // 0.68 × 580 kWh + 180 kWh is 574.4000000000001 in doubles: the time the target is reached,
  // worked out from energies, comes to 90.00000000000003, a hair after the 90-minute break, which
  // 180 kWh at 120 kW meets exactly. Ties put the target first: the truck is charged at 90.
  const session = (leave: string) => {
    const raw = rawWith({
      hub: { allocation: 'equal', chargers: [ccsGroup('ccs', 1, 120)] },
      fleet: [{ name: 't0', share: 1, batteryKwh: 580, maxKw: { CCS: 120 } }],
      behaviour: { breakMin: 45, leave },
    });
    const { sessions, result } = observe(traceScenario(raw, csv(['arrival_min', 'fleet', 'soc_in', 'energy_kwh', 'break_min'], [[0, 't0', 0.68, 180, 90]])));
    expect(sessions).toHaveLength(1);
    return { s: sessions[0], m: result.metrics };
  };

  test.each([['breakEnd'], ['chargedAndBreakEnd']])('in %s mode the truck is charged, at its target within its break, and leaves at 90', (leave) => {
    const { s, m } = session(leave);
    expect([s.outcome, s.unplugMin, s.departMin]).toEqual(['charged', 90, 90]);
    expect(s.energyKwh).toBeCloseTo(180, 9);
    expect([m.target_reached_share, m.within_break_share, m.energy_unmet_kwh]).toEqual([1, 1, 0]);
  });
});

describe('a target met exactly as the bay goes down', () => {
  // 0.59 × 220 kWh + 50 kWh at 60 kW from 370 min reaches the target at 420 min, as maintenance
  // begins; worked out from energies, the milestone comes a hair after it. Ties put the target
  // first: the truck is unplugged charged at 420, not requeued a rounding short of its target
  // (its driver leaves at the break's end, 570).
  const session = (leave: string) => {
    const raw = rawWith({
      horizon: { days: 0.5, warmupDays: 0 },
      hub: { allocation: 'equal', chargers: [{ ...ccsGroup('g0', 1, 100, 1, 60), maintenance: [{ weekday: 'Mon', startHour: 7, hours: 3 }] }] },
      fleet: [{ name: 't0', share: 1, batteryKwh: 220, maxKw: { CCS: 100 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] }],
      behaviour: { breakMin: 45, leave },
    });
    const { sessions, result } = observe(traceScenario(raw, csv(['arrival_min', 'fleet', 'soc_in', 'energy_kwh', 'break_min'], [[370, 't0', 0.59, 50, 200]])));
    expect(sessions).toHaveLength(1);
    return { s: sessions[0], m: result.metrics };
  };

  test.each([['charged'], ['breakEnd'], ['chargedAndBreakEnd']])('in %s mode the truck is unplugged charged at 420', (leave) => {
    const { s, m } = session(leave);
    expect([s.outcome, s.unplugMin, s.departMin]).toEqual(['charged', 420, 570]);
    expect(s.energyKwh).toBeCloseTo(50, 9);
    expect([m.target_reached_share, m.within_break_share, m.energy_unmet_kwh]).toEqual([1, 1, 0]);
  });
});

describe('a bay freed at a whole minute by exact arithmetic, a hair later in doubles', () => {
  // (0.8 − 0.2) × 600 kWh is 360.00000000000006 in doubles: at 400 kW the target came at
  // 54.00000000000001 min, not 54, so a truck arriving at 54 found the bay still taken, and a wait of
  // exactly 15 min counted as more. A charge's end a tie after another event is taken first, at
  // that event's instant, and a wait a tie over its threshold is in time (TIE).
  const hub = (waitingSpaces: number | undefined, gridKw?: number, cabinets = 1) => ({
    ...(gridKw !== undefined ? { gridKw } : {}),
    ...(waitingSpaces !== undefined ? { waitingSpaces } : {}),
    allocation: 'equal',
    chargers: [ccsGroup('ccs', cabinets, 400)],
  });
  const sessionsOf = (h: Record<string, unknown>, rows: (string | number)[][], behaviour: Record<string, unknown> = {}, columns = ['arrival_min', 'soc_in', 'target_soc']) => {
    const raw = rawWith({ hub: h, fleet: [{ name: 't0', share: 1, batteryKwh: 600, maxKw: { CCS: 400 } }], behaviour: { breakMin: 45, leave: 'charged', ...behaviour } });
    const scenario = traceScenario(raw, csv(columns, rows));
    const { scanned, heaped } = observeBothWays(scenario);
    expect(heaped.sessions).toEqual(scanned.sessions);
    return { sessions: [...scanned.sessions].sort((a, b) => a.truck - b.truck), m: scanned.result.metrics };
  };

  test('a truck arriving as the bay frees plugs in, with no waiting space to balk from', () => {
    const { sessions, m } = sessionsOf(hub(0), [[0, 0.2, 0.8], [54, 0.2, 0.8]]);
    expect(sessions.map((s) => [s.outcome, s.plugMin, s.unplugMin])).toEqual([['charged', 0, 54], ['charged', 54, 108]]);
    expect([m.trucks_balked, m.no_wait_share, m.wait_max_min, m.queue_max]).toEqual([0, 1, 0, 0]);
  });

  test('so does one whose patience ends as the bay frees, ahead of a later one', () => {
    const rows = [[0, 0.2, 0.8, 5], [14, 0.2, 0.8, 40], [25, 0.2, 0.8, '']];
    const { sessions } = sessionsOf(hub(undefined), rows, { patienceMin: 1000 }, ['arrival_min', 'soc_in', 'target_soc', 'patience_min']);
    expect(sessions.map((s) => [s.outcome, s.plugMin])).toEqual([['charged', 0], ['charged', 54], ['charged', 108]]);
  });

  test('a wait of exactly the threshold is in time, and a target reached as the break ends is within it', () => {
    const waited = sessionsOf(hub(undefined), [[0, 0.2, 0.8], [39, 0.2, 0.8]]);
    expect(waited.sessions[1].waitMin).toBeCloseTo(15, 9); // 15.000000000000007 in doubles: a tie of 15
    expect([waited.m.service_level, waited.m.p_wait_over_15min]).toEqual([1, 0]);
    const inBreak = sessionsOf(hub(undefined), [[0, 0.2, 0.8, 54]], {}, ['arrival_min', 'soc_in', 'target_soc', 'break_min']);
    expect(inBreak.m.within_break_share).toBe(1);
  });

  test('for SoC pairs in steps of 0.01 whose charge takes whole minutes, at many powers: 0.31 × 480 − 0.06 × 480 is 120.00000000000001', () => {
    // 0.2 to 0.55 of 600 kWh is 210 kWh: at 280 kW, 45 minutes; the truck arriving at 30 waits 15.
    const { sessions, m } = sessionsOf({ ...hub(undefined), chargers: [ccsGroup('ccs', 1, 280)] }, [[0, 0.2, 0.55], [30, 0.2, 0.55]]);
    expect(sessions.map((s) => [s.plugMin, s.unplugMin])).toEqual([[0, 45], [45, 90]]);
    expect([m.service_level, m.wait_max_min]).toEqual([1, 15]);
    // Charges exact arithmetic ends on a whole minute, on batteries of 100 to 1,000 kWh at powers
    // of 60 to 900 kW (a deterministic sample of them): a truck arriving at that minute, with no
    // waiting space, is served at once, not turned away by a charge that ends a rounding later.
    const turnedAway: string[] = [];
    let tried = 0;
    for (let battery = 100, i = 0; battery <= 1000; battery += 7) {
      for (const kw of [60, 150, 280, 303, 400, 690, 900]) {
        for (let from = 1; from < 95; from += 3) {
          const to = from + 5 + ((i++ * 7919) % (99 - from - 5));
          const minutes = ((to - from) * battery * 60) / (100 * kw);
          if (!Number.isInteger(minutes) || to > 100) continue;
          tried++;
          const raw = rawWith({ hub: { ...hub(0), chargers: [ccsGroup('ccs', 1, kw)] }, fleet: [{ name: 't0', share: 1, batteryKwh: battery, maxKw: { CCS: kw } }], behaviour: { breakMin: 45, leave: 'charged' } });
          const soc = (k: number) => Number((k / 100).toFixed(2));
          const { sessions: s } = observe(traceScenario(raw, csv(['arrival_min', 'soc_in', 'target_soc'], [[7, soc(from), soc(to)], [7 + minutes, soc(from), soc(to)]])));
          const second = s.find((x) => x.truck === 2)!;
          if (second.outcome === 'balked' || second.waitMin !== 0) turnedAway.push(`${battery} kWh ${soc(from)} to ${soc(to)} at ${kw} kW: ${second.outcome}`);
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(turnedAway).toEqual([]);
  });

  test('two charges that end together, an ulp apart in doubles: a waiting truck finds both bays free and takes the better, whichever row came first', () => {
    // Bays 1 and 3 (cabinets 1 and 2 of 150 kW) each deliver 378 kWh at 150 kW: both end at 151.2,
    // one of them at 151.20000000000002. Taken as two instants, the truck waiting since 10 took the
    // first bay to free, bay 3, beside a long charge in cabinet 2 (unplugged at 302.4), or bay 1 with
    // the rows the other way round. Both free at once, it takes bay 1, the lowest-numbered of the
    // bays whose cabinets have one truck each (README, The model: the queue).
    for (const rows of [
      [[0, 0.1, 0.8], [0, 0.3, 1], [0, 0.5, 0.6], [0, 0.2, 0.8], [10, 0.5, 0.6]],
      [[0, 0.3, 1], [0, 0.1, 0.8], [0, 0.5, 0.6], [0, 0.2, 0.8], [10, 0.5, 0.6]],
    ]) {
      const raw = rawWith({ hub: { allocation: 'fifo', chargers: [ccsGroup('ccs', 2, 150, 2, 400)] }, fleet: [{ name: 't0', share: 1, batteryKwh: 540, maxKw: { CCS: 375 } }], behaviour: { breakMin: 45, leave: 'charged' } });
      const { scanned, heaped } = observeBothWays(traceScenario(raw, csv(['arrival_min', 'soc_in', 'target_soc'], rows)));
      for (const { sessions } of [scanned, heaped]) {
        const last = sessions.find((x) => x.truck === 5)!;
        expect([last.bay, last.plugMin]).toEqual([1, 151.2]);
        expect(last.unplugMin).toBeCloseTo(194.4, 9);
      }
    }
  });

  test('two charges at the shared level of a binding grid that end an ulp apart end together too: the waiting truck takes the better bay', () => {
    // 100 kW shared equally: 50 kW each for 220 kWh, written 0.55 × 400 kWh (220.00000000000003) and
    // 220 kWh: both end at 264. Taken as two instants, truck 3 took bay 1 (200 kW), the first to
    // free, rather than bay 2 (300 kW), the highest nominal power (README, The model: the queue).
    const raw = rawWith({
      hub: { gridKw: 100, chargers: [ccsGroup('a', 1, 200), ccsGroup('b', 1, 300)] },
      fleet: [{ name: 't0', share: 1, batteryKwh: 400, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0, targetSoc: 0.5 },
    });
    const rows = [[0, 0.55, ''], [0, '', 220], [1, 0.1, '']];
    const { scanned, heaped } = observeBothWays(traceScenario(raw, csv(['arrival_min', 'target_soc', 'energy_kwh'], rows)));
    for (const { sessions } of [scanned, heaped]) {
      const [first, second, third] = [1, 2, 3].map((n) => sessions.find((x) => x.truck === n)!);
      expect([first.unplugMin, second.unplugMin]).toEqual([264, 264]);
      expect([third.bay, third.plugMin]).toEqual([2, 264]);
    }
  });

  test('a hundred trucks arriving at one instant, each charged within a tie, are a run that ends, not one stopped as stuck', () => {
    // One milestone a truck, all at minute 480, with an arrival between each two.
    const raw = rawWith({ hub: { chargers: [ccsGroup('c', 1, 150)] }, demand: { arrivalSoc: 0.2, targetSoc: undefined, energyKwh: 0.000001 } });
    const { sessions, result } = observe(traceScenario(raw, csv(['arrival_min'], Array.from({ length: 100 }, () => [480]))));
    expect(sessions.filter((x) => x.outcome === 'charged')).toHaveLength(100);
    expect(result.metrics.trucks_served).toBe(100);
  });

  test("`deadline` takes break ends a rounding apart as one, and goes by plug-in time among them", () => {
    // Both breaks end at 45.3, truck 1's computed as 0.1 + 45.2 = 45.300000000000004: ranked after
    // truck 2's, it got what was left (300 − 200 kW) though it plugged in first.
    const raw = rawWith({
      hub: { allocation: 'deadline', gridKw: 300, chargers: [ccsGroup('c', 2, 200)] },
      fleet: [{ name: 't0', share: 1, batteryKwh: 400, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0, targetSoc: 0.25 },
    });
    const { sessions } = observe(traceScenario(raw, csv(['arrival_min', 'break_min'], [[0.1, 45.2], [0.3, 45]])));
    expect(sessions.map((x) => [x.truck, x.unplugMin])).toEqual([[1, 30.1], [2, 45.2]].map(([truck, at]) => [truck, expect.closeTo(at, 9)]));
  });

  test('a truck arriving as a bay frees waits behind one already waiting, though a break ends a rounding later', () => {
    // Truck 2 frees bay 1 at 3.3; truck 1's break (0.1 + 3.2) ends at 3.3000000000000003 and frees
    // nothing (it is still charging). Truck 3, waiting since 2, takes bay 1; truck 4, arriving at 3.3, waits.
    const raw = rawWith({
      hub: { waitingSpaces: 10, chargers: [ccsGroup('a', 1, 600), ccsGroup('b', 1, 900)] },
      fleet: [
        { name: 'c', share: 1, batteryKwh: 1000, maxKw: { CCS: 900 } },
        { name: 'cb', share: 1, batteryKwh: 1000, maxKw: { CCS: 900 }, behaviour: { leave: 'chargedAndBreakEnd' } },
      ],
      behaviour: { breakMin: 45, leave: 'charged' },
    });
    const rows = [[0.1, 'cb', 500, 3.2], [1, 'c', 23, ''], [2, 'c', 23, ''], [3.3, 'c', 23, '']];
    const { scanned, heaped } = observeBothWays(traceScenario(raw, csv(['arrival_min', 'fleet', 'energy_kwh', 'break_min'], rows)));
    for (const { sessions } of [scanned, heaped]) {
      const [third, fourth] = [3, 4].map((n) => sessions.find((x) => x.truck === n)!);
      expect([third.bay, third.plugMin]).toEqual([1, 3.3]);
      expect(fourth.waitMin).toBeGreaterThan(0);
    }
  });

  test("a charge whose energies round off the minute (120.00000000000001 kWh at 400 kW, 18 min): patience, the threshold and the break as at 18", () => {
    const run = (rows: (string | number)[][], columns: string[], leave = 'charged') => {
      const raw = rawWith({ hub: hub(undefined), fleet: [{ name: 't0', share: 1, batteryKwh: 480, maxKw: { CCS: 400 } }], behaviour: { breakMin: 45, leave } });
      const { sessions: s, result } = observe(traceScenario(raw, csv(columns, rows)));
      return { sessions: [...s].sort((a, b) => a.truck - b.truck), m: result.metrics };
    };
    // Truck 2's patience ends at 18, as truck 1's charge does: served, at 18, a wait of exactly 15 (in time).
    const patient = run([[0, 0.06, 0.31, ''], [3, 0.06, 0.31, 15]], ['arrival_min', 'soc_in', 'target_soc', 'patience_min']);
    expect(patient.sessions.map((x) => [x.outcome, x.plugMin])).toEqual([['charged', 0], ['charged', 18]]);
    expect([patient.m.trucks_reneged, patient.m.service_level, patient.m.p_wait_over_15min]).toEqual([0, 1, 0]);
    // A charge of exactly its break is within it.
    expect(run([[0, 0.06, 0.31, 18]], ['arrival_min', 'soc_in', 'target_soc', 'break_min']).m.within_break_share).toBe(1);
  });

  test('at the equal-share level too: two trucks sharing 400 kW free their bays at 108', () => {
    const { sessions, m } = sessionsOf(hub(0, 400, 2), [[0, 0.2, 0.8], [0, 0.2, 0.8], [108, 0.2, 0.8]]);
    expect(sessions.map((s) => [s.outcome, s.plugMin, s.unplugMin])).toEqual([['charged', 0, 108], ['charged', 0, 108], ['charged', 108, 162]]);
    expect(m.trucks_balked).toBe(0);
  });
});
