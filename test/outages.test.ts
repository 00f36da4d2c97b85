/**
 * Bays failing and under maintenance: the outage clocks on their own, then exact event traces of
 * trucks meeting them. Times and energies are chosen so that the arithmetic is exact in binary
 * floating point (400 kW for 15 min = 100 kWh), so `toEqual` is fair; every expected time is worked
 * out by hand from the rules in README "The model".
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { outageClocks } from '../src/model/outages.js';
import { groupsNeverInService } from '../src/scenario/maintenance.js';
import { simulate, type TraceEntry } from '../src/model/simulate.js';
import { InputError } from '../src/errors.js';
import type { ChargerGroup } from '../src/scenario/types.js';
import { arrive, baseRaw, csv, down, moves, observe, plug, requeue, scenarioOf, thrown, traceScenario, unplug, up, type RawScenario } from './helpers/scenarios.js';

/** `bays` 400 kW CCS bays, one cabinet each, with `extra` fields on the group; truck type `t` (500 kWh, 400 kW, flat). */
function hub(bays: number, extra: RawScenario = {}, patch: RawScenario = {}): RawScenario {
  const raw = baseRaw();
  raw.hub = { allocation: 'equal', chargers: [{ id: 'ccs', connector: 'CCS', cabinets: bays, cabinetKw: 400, ...extra }] };
  raw.horizon = patch.horizon ?? { days: 1 };
  if (patch.behaviour) raw.behaviour = { ...raw.behaviour, ...patch.behaviour };
  return raw;
}

const HEAD = ['arrival_min', 'fleet', 'soc_in', 'energy_kwh'];
const log = (o: { log: TraceEntry[] }) => o.log;

/** Gives `raw` a 400 kW CCS bay (group a) and a 400 kW MCS bay (group b) under `maintenance`, and truck types `t` (CCS only) and `m` (MCS only). */
function ccsAndMcs(raw: RawScenario, maintenance: unknown[]): void {
  raw.hub = {
    chargers: [
      { id: 'a', connector: 'CCS', cabinets: 1, cabinetKw: 400 },
      { id: 'b', connector: 'MCS', cabinets: 1, cabinetKw: 400, maintenance },
    ],
  };
  raw.fleet = [
    { name: 't', batteryKwh: 500, maxKw: { CCS: 400 } },
    { name: 'm', batteryKwh: 500, maxKw: { MCS: 400 } },
  ];
}

/** The first `n` (down, up) times of each clock, as a run would step them. */
function timeline(groups: ChargerGroup[], seed: number, n: number): number[][][] {
  return outageClocks(groups, seed).map((c) => {
    const out: number[][] = [];
    let t = 0;
    for (let i = 0; i < n; i++) {
      const d = c.nextDown(t);
      if (d === Infinity) break;
      t = c.upAfter(d);
      out.push([d, t]);
      if (t === Infinity) break;
    }
    return out;
  });
}

const group = (over: Partial<ChargerGroup>): ChargerGroup => ({
  id: 'g',
  connector: 'CCS',
  cabinets: 1,
  baysPerCabinet: 1,
  cabinetKw: 400,
  bayKw: 400,
  reservedFor: ['break', 'overnight'],
  maintenance: [],
  ...over,
});

describe('outage clocks', () => {
  test('weekly windows recur every week; one running past Sunday midnight holds the first Monday too', () => {
    const [tue, sun] = timeline([group({ maintenance: [{ weekday: 'Tue', startHour: 2, hours: 3 }, { weekday: 'Sun', startHour: 23, hours: 2 }] })], 1, 3);
    expect(tue).toEqual([
      [1440 + 120, 1440 + 300],
      [10080 + 1440 + 120, 10080 + 1440 + 300],
      [20160 + 1440 + 120, 20160 + 1440 + 300],
    ]);
    expect(sun).toEqual([
      [0, 60],
      [6 * 1440 + 1380, 10080 + 60],
      [10080 + 6 * 1440 + 1380, 20160 + 60],
    ]);
  });

  test('a weekly window ending exactly at Monday 00:00 does not hold the first Monday, not even for an instant', () => {
    const [sun] = timeline([group({ maintenance: [{ weekday: 'Sun', startHour: 23, hours: 1 }] })], 1, 2);
    expect(sun).toEqual([
      [6 * 1440 + 1380, 10080],
      [10080 + 6 * 1440 + 1380, 20160],
    ]);
  });

  test('a window at a decimal hour starts and ends on the minute it names, as startMin and endMin would (8.3 × 60 is 498.00000000000006)', () => {
    const [w] = timeline([group({ maintenance: [{ weekday: 'Mon', startHour: 8.3, hours: 16.9 }] })], 1, 1);
    expect(w).toEqual([[498, 1512]]);
    // Two windows that meet at a decimal hour leave no instant in service between them.
    const [first, second] = timeline([group({ maintenance: [{ weekday: 'Mon', startHour: 0.1, hours: 16.9 }, { weekday: 'Mon', startHour: 17, hours: 151.1 }] })], 1, 2);
    expect(first).toEqual([[6, 1020], [10086, 11100]]);
    expect(second).toEqual([[0, 6], [1020, 10086]]); // the first: the week before's, running past t = 0
  });

  test('a window of a whole week never ends; a once window happens once', () => {
    const [week, once] = timeline([group({ maintenance: [{ weekday: 'Wed', startHour: 0, hours: 168 }, { startMin: 100, endMin: 250 }] })], 1, 3);
    expect(week).toEqual([[0, Infinity]]);
    expect(once).toEqual([[100, 250]]);
  });

  test('failures: constant up and repair times alternate from t = 0', () => {
    const [bay] = timeline([group({ failures: { betweenMin: { dist: 'constant', value: 30 }, repairMin: { dist: 'constant', value: 20 } } })], 1, 3);
    expect(bay).toEqual([
      [30, 50],
      [80, 100],
      [130, 150],
    ]);
  });

  test('each bay fails on its own, the same whatever other groups the hub has (streams of seed, group id and bay)', () => {
    const failures = { betweenMin: { dist: 'exponential' as const, mean: 500 }, repairMin: { dist: 'exponential' as const, mean: 50 } };
    const alone = timeline([group({ id: 'ccs', cabinets: 3, failures })], 9, 5);
    const withOthers = timeline([group({ id: 'mcs', connector: 'MCS', failures }), group({ id: 'ccs', cabinets: 4, failures })], 9, 5);
    expect(withOthers.slice(1, 4)).toEqual(alone);
    expect(new Set(alone.map((b) => b[0][0])).size).toBe(3); // three bays, three different first failures
    expect(timeline([group({ id: 'ccs', cabinets: 3, failures })], 10, 5)).not.toEqual(alone); // another seed, other times
  });
});

describe('a truck whose bay fails', () => {
  const failing = { failures: { betweenMin: 30, repairMin: 20 } }; // down 30..50, 80..100, 130..150, ...

  test('is unplugged with the energy it got, queues again ahead of later trucks, and finishes on the bay when it is back', () => {
    // T1 wants 300 kWh: 0..30 gives 200 kWh; the bay is down 30..50; T1 (arrived first) plugs in
    // again at 50 before T2 (arrived at 5) and takes the remaining 100 kWh in 15 min (50..65).
    // T2 wants 150 kWh: 65..80 gives 100, the bay fails at 80, and T2 takes the last 50 kWh 100..107.5.
    const s = traceScenario(hub(1, failing), csv(HEAD, [[0, 't', 0, 300], [5, 't', 0, 150]]));
    const { log, sessions, result } = observe(s);
    expect(moves(log).filter((e) => e.t <= 110)).toEqual([
      arrive(0, 1),
      plug(0, 1, 1),
      arrive(5, 2),
      down(30, 1),
      requeue(30, 1, 1),
      up(50, 1),
      plug(50, 1, 1),
      unplug(65, 1, 1),
      plug(65, 2, 1),
      down(80, 1),
      requeue(80, 2, 1),
      up(100, 1),
      plug(100, 2, 1),
      unplug(107.5, 2, 1),
    ]);
    const [t1, t2] = sessions;
    expect([t1.plugMin, t1.unplugMin, t1.waitMin, t1.outcome, t1.bay]).toEqual([0, 65, 0, 'charged', 1]);
    expect(t1.energyKwh).toBeCloseTo(300, 9);
    expect([t2.plugMin, t2.unplugMin, t2.waitMin, t2.outcome]).toEqual([65, 107.5, 60, 'charged']);
    expect(t2.energyKwh).toBeCloseTo(150, 9);
    // Plugged in 30 + 15 and 15 + 7.5 minutes: charge_mean_min counts the sessions, not the waits between.
    expect(result.metrics.charge_mean_min).toBeCloseTo((45 + 22.5) / 2, 9);
    expect(result.metrics.energy_delivered_kwh).toBeCloseTo(450, 9);
    expect(result.bays[0].sessions).toBe(4);
  });

  test('in breakEnd mode it leaves at the end of its break if no bay is back by then; it never reneges', () => {
    // T1: 45-minute break, patience 15; plugged 0..10 (66.67 kWh), then the only bay is down 10..60.
    // Its patience (15) runs out while it waits again, but it was served: it stays, and leaves at
    // its break's end (45), left_at_break_end, with the energy it got.
    const raw = hub(1, { failures: { betweenMin: 10, repairMin: 50 } }, { behaviour: { leave: 'breakEnd', patienceMin: 15 } });
    const s = traceScenario(raw, csv(HEAD, [[0, 't', 0, 200]]));
    const { log, sessions, result } = observe(s);
    expect(moves(log).filter((e) => e.t < 61)).toEqual([arrive(0, 1), plug(0, 1, 1), down(10, 1), requeue(10, 1, 1), { t: 45, event: 'leave', truck: 1 }, up(60, 1)]);
    const [t1] = sessions;
    expect([t1.plugMin, t1.unplugMin, t1.departMin, t1.outcome]).toEqual([0, 10, 45, 'left_at_break_end']);
    expect(t1.energyKwh).toBeCloseTo(200 / 3, 9);
    expect(result.metrics.trucks_reneged).toBe(0);
    expect(result.metrics.trucks_served).toBe(1);
    expect(result.metrics.charge_mean_min).toBe(10);
  });

  test('a repair of no time, or a window that rounds to no time, takes nothing down: the truck charges on, one session', () => {
    // 300 kWh from 0 at 400 kW: 45 minutes on the bay, whatever fails at 30 for no time.
    for (const extra of [{ failures: { betweenMin: 30, repairMin: 0 } }, { maintenance: [{ weekday: 'Mon', startHour: 0.5, hours: 1e-9 }] }]) {
      const { log, sessions, result } = observe(traceScenario(hub(1, extra), csv(HEAD, [[0, 't', 0, 300]])));
      expect(moves(log).map((e) => e.event)).toEqual(['arrive', 'plug', 'unplug']);
      expect([sessions[0].plugMin, sessions[0].unplugMin, sessions[0].outcome]).toEqual([0, 45, 'charged']);
      expect(result.bays[0].sessions).toBe(1);
      expect(result.metrics.bay_availability).toBe(1);
    }
  });

  test('a truck that has reached its target and waits for its break (chargedAndBreakEnd) drives on, charged', () => {
    // 100 kWh in 15 min; the bay fails at 20, before the 45-minute break ends.
    const raw = hub(1, { failures: { betweenMin: 20, repairMin: 10 } }, { behaviour: { leave: 'chargedAndBreakEnd' } });
    const { log, sessions } = observe(traceScenario(raw, csv(HEAD, [[0, 't', 0, 100]])));
    expect(moves(log).slice(0, 5)).toEqual([arrive(0, 1), plug(0, 1, 1), { t: 15, event: 'charged', truck: 1, bay: 1 }, down(20, 1), unplug(20, 1, 1)]);
    expect([sessions[0].unplugMin, sessions[0].departMin, sessions[0].outcome]).toEqual([20, 45, 'charged']);
  });
});

describe('maintenance windows', () => {
  test('a truck whose target falls as its bay goes down, but for rounding, drives on charged', () => {
    // 180 kWh at 350 kW takes 180/350 h, the instant the window begins; the truck's milestone,
    // worked out from energies, falls a hair after it. By the order of ties the target comes
    // first: the truck is charged, not sent back to the queue for a sliver of energy.
    const at = (180 / 350) * 60;
    const raw = hub(1, { cabinetKw: 350, maintenance: [{ startMin: at, endMin: at + 60 }] });
    const { log, sessions } = observe(traceScenario(raw, csv(HEAD, [[0, 't', 0, 180]])));
    expect(moves(log).map((e) => e.event)).not.toContain('requeue');
    expect(sessions).toHaveLength(1);
    expect([sessions[0].plugMin, sessions[0].unplugMin, sessions[0].outcome]).toEqual([0, at, 'charged']);
    expect(sessions[0].energyKwh).toBeCloseTo(180, 9);
  });


  test('no truck plugs into a bay under maintenance; it takes another, or waits for the window to end', () => {
    // Bay 1 of group `a` is maintained Monday 01:00-03:00 (60..180); group `b`'s bay is free.
    // T1 arrives at 70: bay 1 is down, so it takes bay 2 (100 kWh: 70..85). T2 at 75 waits: bay 2 is busy.
    // T2 plugs into bay 2 at 85. T3 at 170 waits for bay 1 until 180.
    const raw = baseRaw();
    raw.horizon = { days: 1 };
    raw.hub = {
      chargers: [
        { id: 'a', connector: 'CCS', cabinets: 1, cabinetKw: 400, maintenance: [{ weekday: 'Mon', startHour: 1, hours: 2 }] },
        { id: 'b', connector: 'CCS', cabinets: 1, cabinetKw: 400, maintenance: [{ startMin: 150, endMin: 200 }] },
      ],
    };
    const s = traceScenario(raw, csv(HEAD, [[70, 't', 0, 100], [75, 't', 0, 100], [170, 't', 0, 100]]));
    const { log, result } = observe(s);
    expect(moves(log)).toEqual([
      down(60, 1),
      arrive(70, 1),
      plug(70, 1, 2),
      arrive(75, 2),
      unplug(85, 1, 2),
      plug(85, 2, 2),
      unplug(100, 2, 2),
      down(150, 2),
      arrive(170, 3),
      up(180, 1),
      plug(180, 3, 1),
      unplug(195, 3, 1),
      up(200, 2),
    ]);
    // Over the day's 2 × 1440 bay-minutes, 120 + 50 are down.
    expect(result.metrics.bay_availability).toBeCloseTo(1 - 170 / 2880, 12);
  });

  test('an outage ending as another begins never frees the bay in between; availability counts the union', () => {
    // Failure every 60 min for 30 (60..90, 150..180, ...) and a window 90..150: down 60..180 without a break.
    const raw = hub(1, { failures: { betweenMin: 60, repairMin: 30 }, maintenance: [{ startMin: 90, endMin: 150 }] });
    const s = traceScenario(raw, csv(HEAD, [[100, 't', 0, 100]]));
    const { log } = observe(s);
    const first = moves(log).filter((e) => e.t <= 200);
    expect(first).toEqual([down(60, 1), arrive(100, 1), up(180, 1), plug(180, 1, 1), unplug(195, 1, 1)]);
  });

  test('a bay freed as its outage begins is not free at that instant: no truck plugs in for no time', () => {
    // The window holds the bay over [60, 120). T1 takes 400 kWh at 400 kW, 0..60, and unplugs as the
    // window begins; T2 (arrived at 10) must wait for the window's end, 120, and takes its 100 kWh
    // in 120..135: waited 110 minutes, one plug-in, not a plug-in at 60 cut off at once.
    const s = traceScenario(hub(1, { maintenance: [{ startMin: 60, endMin: 120 }] }), csv(HEAD, [[0, 't', 0, 400], [10, 't', 0, 100]]));
    const { log, sessions, result } = observe(s);
    expect(moves(log)).toEqual([arrive(0, 1), plug(0, 1, 1), arrive(10, 2), unplug(60, 1, 1), down(60, 1), up(120, 1), plug(120, 2, 1), unplug(135, 2, 1)]);
    expect([sessions[1].plugMin, sessions[1].waitMin, sessions[1].outcome]).toEqual([120, 110, 'charged']);
    expect(result.bays[0].sessions).toBe(2);
    // With a patience of 80, T2 gives up at 90, while the bay is down: it was never served.
    const impatient = traceScenario(hub(1, { maintenance: [{ startMin: 60, endMin: 120 }] }, { behaviour: { patienceMin: 80 } }), csv(HEAD, [[0, 't', 0, 400], [10, 't', 0, 100]]));
    const second = observe(impatient);
    expect(second.sessions.map((x) => x.outcome)).toEqual(['charged', 'reneged']);
    expect([second.result.metrics.trucks_served, second.result.metrics.trucks_reneged]).toEqual([1, 1]);
  });

  test('a bay freed as its outage begins is not free at that instant either when a break ends then too', () => {
    // Bay 1 (group a) is held over [60, 120); bay 2 (group b) never. In chargedAndBreakEnd mode, T1
    // (400 kWh, no break) unplugs from bay 1 at 60 as the window begins; T2 (100 kWh in 0..15)
    // leaves bay 2 as its 60-minute break ends, at 60, an event that comes before the bay's going
    // down. T3 (arrived at 10) must take bay 2 at 60, not bay 1 for no time.
    const raw = baseRaw();
    raw.hub = {
      allocation: 'equal',
      chargers: [
        { id: 'a', connector: 'CCS', cabinets: 1, cabinetKw: 400, maintenance: [{ startMin: 60, endMin: 120 }] },
        { id: 'b', connector: 'CCS', cabinets: 1, cabinetKw: 400 },
      ],
    };
    raw.behaviour = { ...raw.behaviour, leave: 'chargedAndBreakEnd' };
    const rows = [[0, 't', 0, 400, 0], [0, 't', 0, 100, 60], [10, 't', 0, 100, 30]];
    const { log, result } = observe(traceScenario(raw, csv([...HEAD, 'break_min'], rows)));
    expect(moves(log).filter((e) => e.t === 60)).toEqual([unplug(60, 1, 1), unplug(60, 2, 2), down(60, 1), plug(60, 3, 2)]);
    expect(result.bays.map((b) => b.sessions)).toEqual([1, 2]);
    // T2 reaching its target as its break ends leaves at the milestone, and the break's own event,
    // still pending at 60, must not hide the window's start either.
    const sameTime = observe(traceScenario(raw, csv([...HEAD, 'break_min'], [[0, 't', 0, 400, 0], [0, 't', 0, 400, 60], [10, 't', 0, 100, 30]])));
    expect(moves(sameTime.log).filter((e) => e.t === 60)).toEqual([unplug(60, 2, 2), unplug(60, 1, 1), down(60, 1), plug(60, 3, 2)]);
  });

  test('at the end of every instant no truck waits while a bay is free, and none is plugged in for no time (random outages on a 15-minute grid)', () => {
    // One truck type on 400 kW bays, so that any free bay would do; every time is a multiple of 15
    // minutes, so that milestones, break ends, arrivals and outages often fall at the same instant.
    const scenarios = fc.record({
      groups: fc.array(
        fc.record({
          cabinets: fc.integer({ min: 1, max: 3 }),
          windows: fc.array(fc.record({ start: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 1, max: 12 }) }), { maxLength: 3 }),
          failures: fc.option(fc.record({ between: fc.integer({ min: 1, max: 12 }), repair: fc.integer({ min: 1, max: 6 }) }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      leave: fc.constantFrom('charged', 'breakEnd', 'chargedAndBreakEnd'),
      patience: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
      trucks: fc.array(fc.record({ at: fc.integer({ min: 0, max: 40 }), energy: fc.integer({ min: 0, max: 5 }), rest: fc.integer({ min: 0, max: 8 }) }), { minLength: 1, maxLength: 25 }),
    });
    fc.assert(
      fc.property(scenarios, (p) => {
        const raw = baseRaw();
        raw.hub = {
          allocation: 'equal',
          chargers: p.groups.map((g, i) => ({
            id: `g${i}`,
            connector: 'CCS',
            cabinets: g.cabinets,
            cabinetKw: 400,
            maintenance: g.windows.map((w) => ({ startMin: w.start * 15, endMin: (w.start + w.length) * 15 })),
            ...(g.failures ? { failures: { betweenMin: g.failures.between * 15, repairMin: g.failures.repair * 15 } } : {}),
          })),
        };
        raw.behaviour = { ...raw.behaviour, leave: p.leave, ...(p.patience === undefined ? {} : { patienceMin: p.patience * 15 }) };
        const rows = [...p.trucks].sort((a, b) => a.at - b.at).map((t) => [t.at * 15, 't', 0, t.energy * 100, t.rest * 15]);
        const { log } = observe(traceScenario(raw, csv([...HEAD, 'break_min'], rows)));
        const bays: ('free' | 'busy' | 'down')[] = Array(p.groups.reduce((n, g) => n + g.cabinets, 0)).fill('free');
        const waiting = new Set<number>();
        const pluggedAt = new Map<number, number>();
        let now = -1;
        const settled = () => waiting.size === 0 || !bays.includes('free');
        for (const e of log) {
          if (e.t !== now) {
            if (!settled()) return false;
            now = e.t;
          }
          if (e.event === 'arrive') waiting.add(e.truck);
          else if (e.event === 'balk' || e.event === 'renege' || e.event === 'leave') waiting.delete(e.truck);
          else if (e.event === 'plug') {
            waiting.delete(e.truck);
            bays[e.bay - 1] = 'busy';
            pluggedAt.set(e.truck, e.t);
          } else if (e.event === 'unplug' && bays[e.bay - 1] === 'busy') bays[e.bay - 1] = 'free';
          else if (e.event === 'requeue') {
            if (pluggedAt.get(e.truck) === e.t) return false;
            waiting.add(e.truck); // its bay is down already
          } else if (e.event === 'down') bays[e.bay - 1] = 'down';
          else if (e.event === 'up') bays[e.bay - 1] = 'free';
        }
        return settled();
      }),
      { numRuns: 300 },
    );
  });

  test('bay_availability is exact for deterministic outages, and 1 without any', () => {
    // One bay, a week: a weekly 3-hour window and a 1-hour once window inside the same week.
    const raw = hub(1, { maintenance: [{ weekday: 'Tue', startHour: 2, hours: 3 }, { startMin: 5000, endMin: 5060 }] }, { horizon: { days: 7 } });
    raw.arrivals = { trucksPerDay: 0 };
    expect(simulate(scenarioOf(raw), 1).metrics.bay_availability).toBeCloseTo(1 - 240 / 10080, 12);
    // The statistics window cuts outages at its edges: with two days of warm-up it is [2880, 10080),
    // which holds the once window but not Tuesday's.
    raw.horizon = { days: 7, warmupDays: 2 };
    expect(simulate(scenarioOf(raw), 1).metrics.bay_availability).toBeCloseTo(1 - 60 / 7200, 12);
    expect(simulate(scenarioOf(hub(2)), 1).metrics.bay_availability).toBe(1);
  });

  test('bay_availability is exactly 0 when every bay is down for the whole window', () => {
    // Summing the bays' down minutes rounds: 6 bays over a 14.4-minute window once gave -2.2e-16.
    for (const [bays, days] of [[6, 0.01], [100, 1.1], [37, 0.3]] as const) {
      const raw = hub(bays, { maintenance: [{ weekday: 'Mon', startHour: 0, hours: 168 }] }, { horizon: { days, warmupDays: days / 3 } });
      raw.arrivals = { trucksPerDay: 0 };
      expect(simulate(scenarioOf(raw), 1).metrics.bay_availability).toBe(0);
    }
  });

  test('a group held all week by a 168-hour window: trucks that wait for it with no patience stop the run, never vanish from it', () => {
    // Bay 1 is never in service. T1 takes bay 2 (100 kWh: 10..25); T2 and T3 can use only bay 1.
    // Nothing would ever happen again once T1 leaves: ending the run then dropped T2 and T3 from
    // trucks_arrived and sessions.csv alike, as if they had never come.
    const raw = baseRaw();
    raw.horizon = { days: 1 };
    ccsAndMcs(raw, [{ weekday: 'Wed', startHour: 5, hours: 168 }]);
    const error = thrown(() => simulate(traceScenario(raw, csv(HEAD, [[10, 't', 0, 100], [20, 'm', 0, 100], [30, 'm', 0, 100]])), 1));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([
      expect.objectContaining({ path: 'hub.chargers[1].maintenance', found: expect.stringMatching(/^2 trucks waiting/) }),
    ]);
    // Two windows that together cover the week come and go, so the run goes on until trucks have
    // waited far too long; it then names the windows, not power.
    const b = raw.hub.chargers[1] as Record<string, unknown>;
    b.maintenance = [{ weekday: 'Mon', startHour: 0, hours: 100 }, { weekday: 'Fri', startHour: 4, hours: 68 }];
    delete (raw.behaviour as Record<string, unknown>).patienceMin;
    expect(() => simulate(traceScenario(raw, csv(HEAD, [[10, 't', 0, 100], [20, 'm', 0, 100], [30, 'm', 0, 100]])), 1)).toThrow(
      /hub\.chargers\[1\]\.maintenance: must leave its bays some time in service: its weekly windows together cover the whole week/,
    );
    // Found a year after the horizon, they are said to wait from when they came, as with one window.
    const found = (e: unknown) => (e as InputError).issues.map((i) => i.found);
    expect(found(thrown(() => simulate(traceScenario(raw, csv(HEAD, [[10, 't', 0, 100], [700, 'm', 0, 100], [710, 'm', 0, 100]])), 1)))).toEqual([
      '2 trucks waiting, the first since day 0, for bays that never come back into service',
    ]);
    // With patience they give up instead, and every truck is counted.
    raw.behaviour = { ...raw.behaviour, patienceMin: 60 };
    const r = simulate(traceScenario(raw, csv(HEAD, [[10, 't', 0, 100], [20, 'm', 0, 100], [30, 'm', 0, 100]])), 1).metrics;
    expect([r.trucks_arrived, r.trucks_served, r.trucks_reneged]).toEqual([3, 1, 2]);
  });

  test('trucks waiting past the drain limit for bays an outage still holds: the message names the outage, not power', () => {
    // Group b's only bay is under maintenance from 30 to 52,560,000, long past the horizon + 365 days.
    // T1 is plugged in there when it starts (requeued, so it no longer reneges); T2 waits with no patience.
    const raw = baseRaw();
    raw.horizon = { days: 1 };
    delete (raw.behaviour as Record<string, unknown>).patienceMin;
    ccsAndMcs(raw, [{ startMin: 30, endMin: 52_560_000 }]);
    const error = thrown(() => simulate(traceScenario(raw, csv(HEAD, [[0, 'm', 0, 300], [10, 't', 0, 100], [20, 'm', 0, 100]])), 1));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([
      expect.objectContaining({ path: 'hub.chargers[1].maintenance', found: '2 trucks still waiting 365 days after the horizon for bays out of service' }),
    ]);
    // Either kind of truck is told what would let it go: patience, or a break's end.
    expect((error as InputError).issues[0].expected).toMatch(
      /\(end its windows or repairs sooner, or set behaviour\.patienceMin, or let trucks leave at their break's end \(behaviour\.leave "breakEnd"\): those plugged in before the outage no longer renege\)$/,
    );
    // With patience, only the truck plugged in before the outage is left: patience is not offered.
    raw.behaviour = { ...raw.behaviour, patienceMin: 30 };
    const patient = thrown(() => simulate(traceScenario(raw, csv(HEAD, [[0, 'm', 0, 300], [10, 't', 0, 100], [20, 'm', 0, 100]])), 1));
    expect((patient as InputError).issues).toEqual([
      expect.objectContaining({ path: 'hub.chargers[1].maintenance', found: '1 truck still waiting 365 days after the horizon for bays out of service', expected: expect.stringMatching(/sooner, or let trucks leave at their break's end/) }),
    ]);
    delete (raw.behaviour as Record<string, unknown>).patienceMin;
    // An outage that begins just after the horizon and holds the bay the year after it is named too.
    ccsAndMcs(raw, [{ startMin: 1450, endMin: 52_560_000 }]);
    const late = thrown(() => simulate(traceScenario(raw, csv(HEAD, [[1430, 'm', 0, 300]])), 1));
    expect((late as InputError).issues).toEqual([
      expect.objectContaining({ path: 'hub.chargers[1].maintenance', found: '1 truck still waiting 365 days after the horizon for bays out of service' }),
    ]);
    ccsAndMcs(raw, [{ startMin: 30, endMin: 52_560_000 }]);
    // Trucks that are merely slow still get the message about power: 40 × 300 kWh at 1 kW take 500 days.
    raw.hub.chargers[1].maintenance = [];
    raw.hub.chargers[1].cabinetKw = 1;
    raw.fleet[1].maxKw = { MCS: 1 };
    const slow = Array.from({ length: 40 }, () => [0, 'm', 0, 300]);
    expect(() => simulate(traceScenario(raw, csv(HEAD, slow)), 1)).toThrow(/^(?![\s\S]*out of service)[\s\S]*too few bays or far too little power/);
  });

  test("trucks too slow to leave, beside a group never in service that they cannot use: the message names power, not that group's windows", () => {
    // Group b (MCS) is under maintenance all week; T1 and T2 are CCS trucks, 40 × 300 kWh at 1 kW on bay a.
    const raw = baseRaw();
    raw.horizon = { days: 1 };
    delete (raw.behaviour as Record<string, unknown>).patienceMin;
    ccsAndMcs(raw, [{ weekday: 'Mon', startHour: 0, hours: 168 }]);
    raw.hub.chargers[0].cabinetKw = 1;
    raw.fleet[0].maxKw = { CCS: 1 };
    const slow = Array.from({ length: 40 }, () => [0, 't', 0, 300]);
    const error = thrown(() => simulate(traceScenario(raw, csv(HEAD, slow)), 1));
    expect((error as InputError).issues).toEqual([expect.objectContaining({ path: 'hub', expected: expect.stringMatching(/too few bays or far too little power/) })]);
  });

  test('trucks held past the drain limit by weekly windows that leave seconds a week in service: the message names the windows beside power', () => {
    // 3.6 s a week in service: 400 kW give a truck 0.4 kWh a week, and 300 kWh take 14 years.
    const raw = baseRaw();
    raw.horizon = { days: 1 };
    delete (raw.behaviour as Record<string, unknown>).patienceMin;
    raw.hub.chargers[0].maintenance = [{ weekday: 'Mon', startHour: 0, hours: 167.999 }];
    const error = thrown(() => simulate(traceScenario(raw, csv(HEAD, [[10, 't', 0, 300]])), 1));
    expect((error as InputError).issues).toEqual([
      expect.objectContaining({ path: 'hub', expected: expect.stringMatching(/too few bays or far too little power .*curves, and maintenance windows that may leave the bays little time in service\)$/) }),
    ]);
  });

  test('a run with outages is deterministic, and a run whose outages go on past the horizon still ends', () => {
    const raw = hub(3, { failures: { betweenMin: { dist: 'exponential', mean: 300 }, repairMin: { dist: 'exponential', mean: 60 } } }, { horizon: { days: 3 } });
    raw.arrivals = { trucksPerDay: 60 };
    const a = observe(scenarioOf(raw), 5);
    const b = observe(scenarioOf(raw), 5);
    expect(b).toEqual(a);
    expect(a.result.metrics.bay_availability).toBeGreaterThan(0);
    expect(a.result.metrics.bay_availability).toBeLessThan(1);
    // Trucks in = trucks out, and the energy of the sessions is what the metrics count, with interruptions.
    expect(a.sessions.length).toBe(a.result.trucks);
    expect(log(a).some((e) => e.event === 'requeue')).toBe(true);
    const delivered = a.sessions.reduce((sum, x) => sum + x.energyKwh, 0);
    expect(Math.abs(delivered - a.result.metrics.energy_delivered_kwh)).toBeLessThan(1e-9 * delivered);
    for (const x of a.sessions) expect(x.socOut).toBeLessThanOrEqual(1);
  });
});

test('groupsNeverInService: the groups whose weekly windows together cover the week, wrapping past Sunday', () => {
  const group = (maintenance: unknown[]) => ({ id: 'g', connector: 'CCS', cabinets: 1, baysPerCabinet: 1, cabinetKw: 400, bayKw: 400, reservedFor: [], maintenance }) as unknown as ChargerGroup;
  const week = [{ weekday: 'Mon', startHour: 0, hours: 168 }];
  const wrapped = [{ weekday: 'Sun', startHour: 12, hours: 100 }, { weekday: 'Thu', startHour: 4, hours: 80 }]; // Sun 12:00 to Thu 16:00, Thu 04:00 to Sun 12:00
  const gap = [{ weekday: 'Mon', startHour: 0, hours: 100 }, { weekday: 'Fri', startHour: 4.5, hours: 67.5 }]; // Fri 04:00 to 04:30 in service
  const once = [{ startMin: 0, endMin: 1e6 }];
  const decimal = [{ weekday: 'Mon', startHour: 0.1, hours: 16.9 }, { weekday: 'Mon', startHour: 17, hours: 151.1 }]; // Mon 00:06 to 17:00, then to the next Mon 00:06
  expect(groupsNeverInService([group([]), group(week), group(wrapped), group(gap), group(once), group(decimal)])).toEqual([1, 2, 5]);
});
