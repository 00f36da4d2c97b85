import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFailure } from './staging.js';
import { arrivalShare } from '../model/arrivals.js';
import { breakdownVector } from '../model/breakdown.js';
import type { Metrics } from '../model/metrics.js';
import { SLICE_EVENTS, startSimulation, type Simulation, type SimulationResult } from '../model/simulate.js';
import { BAY_COLUMNS, bayRow, POWER_COLUMNS, writePowerRow } from '../output/columns.js';
import { csvText, CsvFileWriter } from '../output/csv.js';
import { replicationSeed } from '../random/streams.js';
import { SessionSink } from './sessions.js';
import type { Scenario } from '../scenario/types.js';

/** One replication to run, and which of its detail files to write into `dir`. */
export interface ReplicationTask {
  readonly scenario: Scenario;
  readonly replication: number;
  readonly seed: number;
  readonly dir: string;
  /** Write `sessions.<replication>.part`. */
  readonly sessions: boolean;
  /** Begin that part with the header row (the batch's first part, which becomes sessions.csv by a rename). */
  readonly sessionsHeader?: boolean;
  /** Write bays.csv. */
  readonly bays: boolean;
  /** Write power.csv with the intervals that start before this many minutes (0: no power.csv). */
  readonly powerUntilMin: number;
  /**
   * Return the breakdown vector (some 2,300 numbers, 18 kB): only a run's batch, which adds it to
   * its breakdown tables, wants it. A sweep, a sizing or a baseline holds every outcome until its
   * end, and would otherwise hold 1.8 GB of vectors it never reads at 100,000 replications.
   */
  readonly breakdown: boolean;
}

/**
 * Replication `replication` of `scenario` under the base seed `seed`, for its metrics alone: no
 * file, no breakdown. What a sweep, a sizing, a baseline and a check keep of a replication.
 */
export function metricsTask(scenario: Scenario, seed: number, replication: number): ReplicationTask {
  return { scenario, replication, seed: replicationSeed(seed, replication), dir: '', sessions: false, bays: false, powerUntilMin: 0, breakdown: false };
}

/** What a replication sends back to the batch. */
export interface ReplicationOutcome {
  readonly replication: number;
  readonly seed: number;
  readonly metrics: Metrics;
  /**
   * The breakdown values (`breakdownVector`), or null when the task did not ask for them. The batch
   * adds them to its summary as each replication finishes and then drops them (sets this to null),
   * so a long batch holds no vectors.
   */
  breakdown: Float64Array | null;
  readonly trucks: number;
  readonly events: number;
}

/** Name of a replication's sessions part file inside the staging folder. */
export const sessionsPart = (replication: number) => `sessions.${replication}.part`;

/** Events a replication on the main thread handles before it lets the event loop run (signals, workers' messages). */
const SLICE = 50_000;

/**
 * Events of the first slice: fewer, so that the pool soon knows how many events the replication
 * is likely to hold, and can start worker threads early in a long batch (see `ReplicationPool`).
 */
const FIRST_SLICE = 5_000;

/** A replication set up with its detail files open. */
interface Prepared {
  readonly sim: Simulation;
  readonly sessions: SessionSink | undefined;
  finish(): ReplicationOutcome;
  /** Closes the files (waiting for a sessions writer thread, if one took over). */
  close(): Promise<void> | void;
}

/** Sets up a replication; `offload` lets a writer thread take its sessions over (see sessions.ts). */
function prepare(task: ReplicationTask, offload: boolean): Prepared {
  const sessions = task.sessions ? new SessionSink(join(task.dir, sessionsPart(task.replication)), task.sessionsHeader === true, offload) : undefined;
  const until = task.powerUntilMin;
  let power: CsvFileWriter | undefined;
  try {
    power = until > 0 ? new CsvFileWriter(join(task.dir, 'power.csv'), POWER_COLUMNS) : undefined;
  } catch (err) {
    void sessions?.close();
    throw err;
  }
  const r = task.replication;
  let closed = false;
  const sim = startSimulation(task.scenario, task.seed, {
    onSession: sessions && ((s) => sessions.add(r, s)),
    onInterval: power && ((p) => writePowerRow(power!, p)),
    intervalsBeforeMin: until,
  });
  return {
    sim,
    sessions,
    finish() {
      const result: SimulationResult = sim.result();
      if (task.bays) writeFileSync(join(task.dir, 'bays.csv'), csvText(BAY_COLUMNS, result.bays.map(bayRow)));
      return { replication: r, seed: task.seed, metrics: result.metrics, breakdown: task.breakdown ? breakdownVector(task.scenario, result) : null, trucks: result.trucks, events: result.events };
    },
    close() {
      let failure: unknown;
      if (!closed) {
        closed = true;
        try {
          power?.close();
        } catch (err) {
          failure = err;
        }
      }
      if (failure === undefined) return sessions?.close();
      // The power file's failure (a full disk) is what is told; the sessions are ended all the same:
      // a writer thread never told to end kept the process waiting for it, the disk still full.
      if (sessions?.threaded) return sessions.close().then(() => Promise.reject(failure), () => Promise.reject(failure));
      try {
        void sessions?.close();
      } catch {
        // (The same disk, most likely: the power file's failure says it.)
      }
      throw failure;
    },
  };
}

/**
 * Runs one replication to the end, streaming its detail files into the task's folder.
 * @throws InputError when the scenario runs away; EnvironmentError when a file cannot be written.
 */
export function runTask(task: ReplicationTask): ReplicationOutcome {
  try {
    const p = prepare(task, false);
    try {
      while (!p.sim.step(SLICE_EVENTS)); // in slices for the compiler's sake (see SLICE_EVENTS)
      void p.close(); // without offloading, closing is synchronous
      return p.finish();
    } finally {
      void p.close();
    }
  } catch (err) {
    throw writeFailure(err, task.dir); // a full disk is the machine's, not hubsim's
  }
}

/**
 * Like `runTask`, but a slice of events at a time, letting the event loop run in between: on the
 * main thread, this is what keeps Ctrl-C and the worker threads' messages answered within
 * milliseconds while a replication runs. `between` is called between two slices, with how many
 * events the whole replication is likely to hold (those so far, over the share of its expected
 * arrivals they covered: see arrivalShare) and that share; the replication is abandoned (undefined
 * returned) as soon as it returns true.
 * @throws InputError when the scenario runs away; EnvironmentError when a file cannot be written,
 * or the sessions writer thread has failed.
 */
export async function runTaskSliced(task: ReplicationTask, between: (events: number, share: number) => boolean): Promise<ReplicationOutcome | undefined> {
  try {
    const p = prepare(task, true);
    try {
      let events = 0;
      for (let slice = FIRST_SLICE; !p.sim.step(slice); slice = SLICE) {
        events += slice;
        await new Promise<void>((resolve) => setImmediate(resolve));
        // Of the work, not of the time: under growth the later years hold more of the trucks.
        const progress = arrivalShare(task.scenario, p.sim.progress);
        if (between(progress > 0 ? events / progress : events, progress)) return undefined;
        await p.sessions?.settle();
      }
      // The sessions first: a writer thread's failure is what went wrong, not a later file's.
      await p.close();
      return p.finish();
    } finally {
      await p.close();
    }
  } catch (err) {
    throw writeFailure(err, task.dir); // a full disk is the machine's, not hubsim's
  }
}
