import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EnvironmentError, InputError, type InputIssue } from '../errors.js';
import type { Scenario } from '../scenario/types.js';
import { runTaskSliced, type ReplicationOutcome, type ReplicationTask } from './replicate.js';

/** What the main thread sends a worker thread. */
export type ToWorker =
  | { readonly type: 'scenario'; readonly id: number; readonly scenario: Scenario }
  | { readonly type: 'task'; readonly task: Omit<ReplicationTask, 'scenario'> & { readonly scenario: number } };

/** What a worker thread answers: the task's outcome, or its error in a form that survives the trip. */
export type FromWorker =
  | { readonly ok: true; readonly outcome: ReplicationOutcome }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly issues?: readonly InputIssue[]; readonly stack?: string };

/** How long the main thread works alone on a batch before worker threads join it (they take about as long to start). */
const SPAWN_AFTER_MS = 40;

/** The default number of workers: one per core the process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Rebuilds an error that crossed from a worker thread, keeping its class (and so its exit code). */
function revive(msg: Extract<FromWorker, { ok: false }>): Error {
  if (msg.name === 'InputError') return new InputError(msg.issues ?? [], undefined, msg.message);
  if (msg.name === 'EnvironmentError') return new EnvironmentError(msg.message);
  return Object.assign(new Error(msg.message), { stack: msg.stack });
}

/**
 * Runs replications on `size` workers: the main thread, which takes part itself (a slice of events at
 * a time, so it stays responsive), plus `size − 1` worker threads started on the first batch that
 * has work for them and kept for every later batch of the command. Each scenario crosses to a
 * worker once, however many of its replications it runs. Outcomes come back in task order, and each
 * replication depends only on its own seed, so results are the same whatever `size` is and
 * whichever worker finishes first.
 */
export class ReplicationPool {
  private readonly threads: Worker[] = [];
  private readonly known = new Map<Scenario, number>();
  private readonly sent: Set<number>[] = [];

  constructor(readonly size: number) {}

  /**
   * Runs `tasks`, calling `onDone` as each finishes, and returns their outcomes in task order.
   * @throws the first task's error (InputError for a runaway scenario, EnvironmentError for a full disk, …).
   */
  async run(tasks: readonly ReplicationTask[], onDone?: (o: ReplicationOutcome) => void): Promise<ReplicationOutcome[]> {
    const out: ReplicationOutcome[] = new Array(tasks.length);
    let next = 0;
    let failed: { error: unknown } | undefined;
    // The first failure ends the batch at once: the workers, which may be in the middle of tasks
    // that can no longer matter, are stopped, and the main thread stops at its next slice.
    const fail = (error: unknown) => {
      if (failed) return;
      failed = { error };
      void this.close();
    };
    const take = () => (!failed && next < tasks.length ? next++ : -1);
    const lanes: Promise<void>[] = [];
    // Worker threads join a batch only once the main thread has worked on it for a while with
    // tasks still waiting: a batch the main thread finishes sooner than a thread could start (or
    // than its tasks could cross to one) is never slower for having workers.
    const started = performance.now();
    const join = () => {
      const want = Math.max(0, Math.min(this.size - 1, tasks.length - next));
      if (lanes.length > 0 || want === 0 || failed || performance.now() - started < SPAWN_AFTER_MS) return;
      while (this.threads.length < want) this.spawn();
      for (let lane = 0; lane < want; lane++) lanes.push(this.lane(this.threads[lane], lane, tasks, out, take, fail, onDone));
    };
    const main = (async () => {
      for (let i = take(); i >= 0; i = take()) {
        let o: ReplicationOutcome | undefined;
        try {
          o = await runTaskSliced(tasks[i], () => {
            join();
            return failed !== undefined;
          });
        } catch (err) {
          return fail(err);
        }
        if (o === undefined) return;
        out[i] = o;
        onDone?.(o);
        join();
        // With threads at work, let their answers in between two tasks, so they are fed without waiting.
        if (lanes.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    await main;
    await Promise.all(lanes);
    if (failed) throw failed.error;
    return out;
  }

  /**
   * Feeds one worker thread tasks until none is left (or the batch fails); resolves when it is done.
   * It keeps two tasks in the worker's hands: the worker starts the second as soon as it answers
   * the first, instead of waiting for the main thread, busy with a slice of a replication of its
   * own, to send it the next (on average half a slice, some 10 ms per task).
   */
  private lane(
    w: Worker,
    lane: number,
    tasks: readonly ReplicationTask[],
    out: ReplicationOutcome[],
    take: () => number,
    fail: (error: unknown) => void,
    onDone?: (o: ReplicationOutcome) => void,
  ): Promise<void> {
    return new Promise<void>((resolve) => {
      const inFlight: number[] = []; // the tasks sent, in the order the worker answers them
      const send = () => {
        const i = take();
        if (i < 0) return;
        inFlight.push(i);
        this.post(w, lane, tasks[i]);
      };
      const onMessage = (msg: FromWorker) => {
        const i = inFlight.shift()!;
        if (!msg.ok) {
          fail(revive(msg));
          return done();
        }
        out[i] = msg.outcome;
        onDone?.(msg.outcome);
        send();
        if (inFlight.length === 0) done();
      };
      const onError = (err: Error) => {
        fail(err);
        done();
      };
      const done = () => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', done);
        resolve();
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', done);
      send();
      send();
      if (inFlight.length === 0) done();
    });
  }

  /** Stops every worker thread. The pool can be used again afterwards (it starts new ones). */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    this.sent.splice(0);
    await Promise.all(threads.map((w) => w.terminate()));
  }

  private spawn(): void {
    // A run makes many short-lived heap numbers; a larger young generation than V8's default means
    // fewer scavenges, whose helper threads would otherwise compete with the other workers for
    // the cores (about 8 % faster on two cores).
    const w = new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    // An idle worker must not keep the process alive if a command forgets to close the pool.
    w.unref();
    this.threads.push(w);
    this.sent.push(new Set());
  }

  private post(w: Worker, lane: number, task: ReplicationTask): void {
    let id = this.known.get(task.scenario);
    if (id === undefined) {
      id = this.known.size;
      this.known.set(task.scenario, id);
    }
    if (!this.sent[lane].has(id)) {
      w.postMessage({ type: 'scenario', id, scenario: task.scenario } satisfies ToWorker);
      this.sent[lane].add(id);
    }
    w.postMessage({ type: 'task', task: { ...task, scenario: id } } satisfies ToWorker);
  }
}
