/**
 * Machinery kept for speed checked against its meaning: the level's accumulators restarting
 * (`Run.rebase`) changes results only by rounding; and an unserved truck has no bay in
 * sessions.csv, and a peak-shaving target between the hourly limits is reported as the target,
 * not a rounding above it.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PowerRecord, SessionRecord } from '../src/model/records.js';
import { simulate } from '../src/model/simulate.js';
import { writeSessionRow } from '../src/output/columns.js';
import { CsvFileWriter } from '../src/output/csv.js';
import type { Scenario } from '../src/scenario/types.js';
import { scenarioOf, withMilestones, type RawScenario } from './helpers/scenarios.js';
import { scratch } from './helpers/scratch.js';

interface Run {
  readonly sessions: SessionRecord[];
  readonly intervals: PowerRecord[];
}

function run(s: Scenario, seed = 1): Run {
  const sessions: SessionRecord[] = [];
  const intervals: PowerRecord[] = [];
  simulate(s, seed, { onSession: (x) => sessions.push(x), onInterval: (x) => intervals.push(x) });
  return { sessions, intervals };
}

/**
 * A hub of 2 × `cabinets` bays, two per 600 kW cabinet, under a grid far below what the trucks
 * could draw, with equal sharing: most of the time many trucks share the grid's level.
 */
function busyEqualHub(cabinets: number, gridKw: number, trucksPerDay: number, days: number): RawScenario {
  return {
    name: 'busy',
    horizon: { days, warmupDays: 0 },
    hub: { gridKw, allocation: 'equal', chargers: [{ id: 'ccs', connector: 'CCS', cabinets, baysPerCabinet: 2, cabinetKw: 600, bayKw: 400 }] },
    arrivals: { trucksPerDay },
    fleet: [
      { name: 'a', share: 0.6, batteryKwh: 621, maxKw: { CCS: 400 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] },
      { name: 'b', share: 0.4, batteryKwh: 480, maxKw: { CCS: 250 }, curve: [[0, 0.7], [0.2, 1], [0.7, 1], [1, 0.3]] },
    ],
    demand: { arrivalSoc: { dist: 'uniform', min: 0.05, max: 0.5 }, targetSoc: { dist: 'uniform', min: 0.7, max: 0.95 } },
    behaviour: { breakMin: { dist: 'triangular', min: 30, mode: 45, max: 90 }, leave: 'charged', patienceMin: 60 },
    output: { powerIntervalMin: 15 },
  };
}

/** Two runs the same but for rounding: every truck the same outcome and bay, its unplug time and energy within 1e-6. */
function sameButRounding(got: Run, want: Run): void {
  expect(got.sessions.map((x) => [x.truck, x.outcome, x.bay])).toEqual(want.sessions.map((x) => [x.truck, x.outcome, x.bay]));
  got.sessions.forEach((x, i) => {
    const y = want.sessions[i];
    if (!(Object.is(x.unplugMin, y.unplugMin) || Math.abs(x.unplugMin - y.unplugMin) <= 1e-6)) throw new Error(`truck ${x.truck} unplugs at ${x.unplugMin}, not ${y.unplugMin}`);
    if (!(Math.abs(x.energyKwh - y.energyKwh) <= 1e-6)) throw new Error(`truck ${x.truck} gets ${x.energyKwh} kWh, not ${y.energyKwh}`);
  });
}

/**
 * Energy is conserved: with no warm-up and no battery, what the trucks took (their sessions'
 * energy) is what the site drew from time 0 to the run's end (power.csv's rows cover it all).
 */
function energyBalances(s: Scenario, r: Run): void {
  const delivered = r.sessions.reduce((sum, x) => sum + x.energyKwh, 0);
  const drawn = r.intervals.reduce((sum, p) => sum + (p.gridKwMean * s.output.powerIntervalMin) / 60, 0);
  expect(delivered).toBeGreaterThan(0);
  expect(Math.abs(delivered - drawn)).toBeLessThanOrEqual(1e-9 * drawn);
}

describe("restarting the level's accumulators (Run.rebase) changes results only by rounding", () => {
  // Scanning the charging trucks, heaps throughout, and switching between them every few trucks.
  const ways = [{ heapsFrom: Infinity }, { heapsFrom: 0, scanBelow: 0 }, { heapsFrom: 3, scanBelow: 2 }];

  test('restarted every kWh, on a 40-bay hub under a binding grid, whichever way milestones are kept', () => {
    const s = scenarioOf(busyEqualHub(20, 4000, 220, 3));
    for (const way of ways) {
      const plain = withMilestones(way, () => run(s));
      const often = withMilestones({ ...way, rebaseKwh: 1 }, () => run(s));
      energyBalances(s, plain);
      energyBalances(s, often);
      sameButRounding(often, plain);
    }
  });

  test('restarted as a long run restarts them by itself (a level that lasts for weeks), or never', () => {
    // Trucks always wait, so some always share the grid's level: its accumulators pass
    // MILESTONES.rebaseKwh minutes within the 60 days, and restart on their own.
    const s = scenarioOf(busyEqualHub(20, 2000, 300, 60));
    const asShipped = run(s);
    const never = withMilestones({ rebaseKwh: Infinity }, () => run(s));
    energyBalances(s, asShipped);
    sameButRounding(asShipped, never);
  });
});

describe('sessions.csv', () => {
  test('a truck that never plugged in has no bay (bays are numbered from 1), as it has no plug-in time', () => {
    const file = join(scratch('hubsim-gaps-'), 'sessions.csv');
    const w = new CsvFileWriter(file, null);
    const base = { fleet: 't', arrivalMin: 10, socIn: 0.2 };
    writeSessionRow(w, 1, { ...base, truck: 1, plugMin: NaN, unplugMin: NaN, departMin: 10, waitMin: NaN, bay: 0, connector: '', socOut: 0.2, energyKwh: 0, outcome: 'balked' });
    writeSessionRow(w, 1, { ...base, truck: 2, plugMin: 12, unplugMin: 60, departMin: 60, waitMin: 2, bay: 1, connector: 'CCS', socOut: 0.8, energyKwh: 300, outcome: 'charged' });
    w.close();
    const [balked, charged] = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => line.split(','));
    // replication, truck, fleet, arrival_min, plug_min, unplug_min, depart_min, wait_min, bay, connector, ...
    expect(balked.slice(4, 10)).toEqual(['', '', '10', '', '', '']);
    expect(charged.slice(4, 10)).toEqual(['12', '60', '60', '2', '1', 'CCS']);
  });

  test('on a real run, the bay column is empty exactly for the trucks that balked or reneged', () => {
    const s = scenarioOf({ ...busyEqualHub(2, 1000, 200, 1), hub: { gridKw: 1000, allocation: 'equal', waitingSpaces: 2, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, baysPerCabinet: 2, cabinetKw: 600, bayKw: 400 }] } });
    const file = join(scratch('hubsim-gaps-'), 'sessions.csv');
    const w = new CsvFileWriter(file, null);
    simulate(s, 1, { onSession: (x) => writeSessionRow(w, 1, x) });
    w.close();
    const rows = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => line.split(','));
    const unserved = rows.filter((r) => r[13] === 'balked' || r[13] === 'reneged');
    expect(unserved.length).toBeGreaterThan(0);
    for (const r of rows) {
      if (r[13] === 'balked' || r[13] === 'reneged') expect(r[8]).toBe('');
      else expect(Number(r[8])).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('a peak-shaving battery whose target lies between the lowest and the highest hourly grid limit', () => {
  test("power.csv's grid means and maxima above the target by rounding only are the target (README: Site battery)", () => {
    const byHour = [...Array(7).fill(3000), ...Array(12).fill(1500), ...Array(5).fill(3000)];
    const raw = busyEqualHub(20, 4000, 220, 3);
    raw.hub.gridKw = { byHour };
    raw.hub.battery = { capacityKwh: 20000, powerKw: 3000, efficiency: 0.9, initialSoc: 1, strategy: 'peakShaving', targetKw: 2000 };
    const s = scenarioOf(raw);
    const { intervals } = run(s);
    let atTarget = 0;
    for (const p of intervals) {
      // The grid draw the battery holds the site at in this interval: the lower of its target and the limit in force.
      const held = Math.min(2000, byHour[Math.floor(p.startMin / 60) % 24]);
      for (const x of [p.gridKwMean, p.gridKwMax]) {
        if (x > held && x <= held * (1 + 1e-9)) throw new Error(`interval at ${p.startMin}: ${x} kW, above ${held} kW by rounding only`);
        if (x === held) atTarget++;
      }
    }
    expect(atTarget).toBeGreaterThan(0);
  });
});
