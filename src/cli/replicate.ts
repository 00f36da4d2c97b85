import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { breakdownVector } from '../model/breakdown.js';
import { simulate } from '../model/simulate.js';
import type { Metrics } from '../model/metrics.js';
import { BAY_COLUMNS, bayRow, POWER_COLUMNS, powerRow, sessionRow } from '../output/columns.js';
import { csvText, CsvFileWriter } from '../output/csv.js';
import type { Scenario } from '../scenario/types.js';

/** One replication to run, and which of its detail files to write into `dir`. */
export interface ReplicationTask {
  readonly scenario: Scenario;
  readonly replication: number;
  readonly seed: number;
  readonly dir: string;
  /** Write `sessions.<replication>.part` (rows without header). */
  readonly sessions: boolean;
  /** Write bays.csv and power.csv. */
  readonly details: boolean;
}

/** What a replication sends back to the batch. */
export interface ReplicationOutcome {
  readonly replication: number;
  readonly seed: number;
  readonly metrics: Metrics;
  /** The breakdown values (`breakdownVector`): summarised over replications, in replication order. */
  readonly breakdown: Float64Array;
  readonly trucks: number;
  readonly events: number;
}

/** Name of a replication's sessions part file inside the staging folder. */
export const sessionsPart = (replication: number) => `sessions.${replication}.part`;

/** Runs one replication, streaming its detail files into the task's folder. */
export function runTask(task: ReplicationTask): ReplicationOutcome {
  const sessions = task.sessions ? new CsvFileWriter(join(task.dir, sessionsPart(task.replication)), null) : undefined;
  const power = task.details ? new CsvFileWriter(join(task.dir, 'power.csv'), POWER_COLUMNS) : undefined;
  try {
    const r = task.replication;
    const result = simulate(task.scenario, task.seed, {
      onSession: sessions && ((s) => sessions.row(sessionRow(r, s))),
      onInterval: power && ((p) => power.row(powerRow(p))),
    });
    if (task.details) writeFileSync(join(task.dir, 'bays.csv'), csvText(BAY_COLUMNS, result.bays.map(bayRow)));
    return { replication: r, seed: task.seed, metrics: result.metrics, breakdown: breakdownVector(task.scenario, result), trucks: result.trucks, events: result.events };
  } finally {
    sessions?.close();
    power?.close();
  }
}

/** The default number of workers: one per core the process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Runs tasks on `workers` worker threads (in this thread when 1), returning outcomes in task
 * order. Each replication depends only on its own seed, so the results are the same whatever the
 * number of workers or the order in which they finish.
 */
export async function runTasks(
  tasks: readonly ReplicationTask[],
  workers: number,
  onDone?: (o: ReplicationOutcome) => void,
): Promise<ReplicationOutcome[]> {
  const out: ReplicationOutcome[] = new Array(tasks.length);
  const n = Math.min(workers, tasks.length);
  if (n <= 1) {
    tasks.forEach((t, i) => {
      out[i] = runTask(t);
      onDone?.(out[i]);
    });
    return out;
  }
  let next = 0;
  // A run makes many short-lived heap numbers; a larger young generation than V8's
  // default means fewer scavenges, whose helper threads would otherwise compete with the other
  // worker for the cores (about 8 % faster on two cores).
  const options = { resourceLimits: { maxYoungGenerationSizeMb: 64 } };
  const pool = Array.from({ length: n }, () => new Worker(new URL('./worker.js', import.meta.url), options));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next >= tasks.length) return resolve();
              const i = next++;
              w.once('message', (msg: { ok: true; outcome: ReplicationOutcome } | { ok: false; error: string; stack?: string }) => {
                if (!msg.ok) return reject(Object.assign(new Error(msg.error), { stack: msg.stack }));
                out[i] = msg.outcome;
                onDone?.(msg.outcome);
                feed();
              });
              w.postMessage(tasks[i]);
            };
            w.once('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
