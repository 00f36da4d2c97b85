/**
 * Builders of small valid scenarios for tests: a raw JSON object (what a user writes) that each test
 * tweaks, and helpers that run a trace-driven scenario and collect everything it reports.
 */
import { parseScenario, validateScenario } from '../../src/scenario/validate.js';
import type { Scenario } from '../../src/scenario/types.js';
import { MILESTONES, simulate, type SimulationResult, type TraceEntry } from '../../src/model/simulate.js';
import type { PowerRecord, SessionRecord } from '../../src/model/records.js';

/** A scenario as a user writes it: plain JSON, free to mutate in a test. */
export type RawScenario = Record<string, any>;

/** One CCS charger group: `cabinets` cabinets of `baysPerCabinet` bays. */
export function ccsGroup(id = 'ccs', cabinets = 2, cabinetKw = 400, baysPerCabinet = 1, bayKw = cabinetKw): RawScenario {
  return { id, connector: 'CCS', cabinets, baysPerCabinet, cabinetKw, bayKw };
}

/**
 * A small valid rate-driven scenario: two 400 kW CCS bays, one truck type, 1 day, 10 trucks a day.
 * Returns a fresh object each call.
 */
export function baseRaw(): RawScenario {
  return {
    name: 'tiny',
    description: 'test scenario',
    seed: 7,
    horizon: { days: 1, warmupDays: 0 },
    hub: { allocation: 'equal', chargers: [ccsGroup()] },
    arrivals: { trucksPerDay: 10 },
    fleet: [{ name: 't', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } }],
    demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
    behaviour: { breakMin: 45, leave: 'charged' },
    output: { powerIntervalMin: 15 },
  };
}

/** `baseRaw()` with `patch` applied to its top-level sections (shallow per section). */
export function rawWith(patch: RawScenario): RawScenario {
  const raw = baseRaw();
  for (const [k, v] of Object.entries(patch)) {
    raw[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && typeof raw[k] === 'object' && !Array.isArray(raw[k]) ? { ...raw[k], ...v } : v;
  }
  return raw;
}

/** Validates `raw` (no trace). */
export function scenarioOf(raw: RawScenario): Scenario {
  return validateScenario(raw, 'test.json');
}

/** CSV text from a header and rows. */
export function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

/**
 * Parses `raw` with its arrivals replaced by the trace `traceCsv` (served by a readTrace callback),
 * going through the JSON text path like a real file.
 */
export function traceScenario(raw: RawScenario, traceCsv: string): Scenario {
  const withTrace = { ...raw, arrivals: { trace: 'trace.csv' } };
  return parseScenario(JSON.stringify(withTrace), 'test.json', (p) => {
    if (p !== 'trace.csv') throw new Error(`unexpected trace path ${p}`);
    return traceCsv;
  });
}

/** Everything a run reported. */
export interface Observed {
  readonly log: TraceEntry[];
  readonly sessions: SessionRecord[];
  readonly intervals: PowerRecord[];
  readonly result: SimulationResult;
}

/** Runs `scenario` with every observer attached. */
export function observe(scenario: Scenario, seed = 1): Observed {
  const log: TraceEntry[] = [];
  const sessions: SessionRecord[] = [];
  const intervals: PowerRecord[] = [];
  const result = simulate(scenario, seed, {
    onTrace: (e) => log.push(e),
    onSession: (s) => sessions.push(s),
    onInterval: (p) => intervals.push(p),
  });
  return { log, sessions, intervals, result };
}

/** The trace without its 'power' entries. */
export function moves(log: readonly TraceEntry[]): TraceEntry[] {
  return log.filter((e) => e.event !== 'power');
}

/**
 * Runs `scenario` twice, its milestones found by scanning the charging trucks and then kept in
 * heaps (see MILESTONES), and returns both runs, for tests that the two ways agree.
 */
export function observeBothWays(scenario: Scenario, seed = 1): { readonly scanned: Observed; readonly heaped: Observed } {
  const scanned = withMilestones({ heapsFrom: Infinity }, () => observe(scenario, seed));
  const heaped = withMilestones({ heapsFrom: 0, scanBelow: 0 }, () => observe(scenario, seed));
  return { scanned, heaped };
}

/** baseRaw() changed by `edit`. */
export function edited(edit: (raw: RawScenario) => void): RawScenario {
  const raw = baseRaw();
  edit(raw);
  return raw;
}

/** Runs `f` with the milestone settings (MILESTONES) changed by `patch`, and restores them. */
export function withMilestones<T>(patch: Partial<typeof MILESTONES>, f: () => T): T {
  const saved = { ...MILESTONES };
  Object.assign(MILESTONES, patch);
  try {
    return f();
  } finally {
    Object.assign(MILESTONES, saved);
  }
}

// Trace entries as exact-trace tests expect them.
export const arrive = (t: number, truck: number): TraceEntry => ({ t, event: 'arrive', truck });
export const balk = (t: number, truck: number): TraceEntry => ({ t, event: 'balk', truck });
export const renege = (t: number, truck: number): TraceEntry => ({ t, event: 'renege', truck });
export const plug = (t: number, truck: number, bay: number): TraceEntry => ({ t, event: 'plug', truck, bay });
export const unplug = (t: number, truck: number, bay: number): TraceEntry => ({ t, event: 'unplug', truck, bay });
export const requeue = (t: number, truck: number, bay: number): TraceEntry => ({ t, event: 'requeue', truck, bay });
export const down = (t: number, bay: number): TraceEntry => ({ t, event: 'down', bay });
export const up = (t: number, bay: number): TraceEntry => ({ t, event: 'up', bay });

/** What `fn` throws (undefined when it returns): for a test that reads the error's issues. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
