import { Worker } from 'node:worker_threads';
import { EnvironmentError, InputError, OverloadedError, SimulationError, type InputIssue } from '../errors.js';
import { expectedArrivals } from '../model/arrivals.js';
import type { Scenario } from '../scenario/types.js';
import { runTaskSliced, type ReplicationOutcome, type ReplicationTask } from './replicate.js';
import { v8Budget } from './v8-budget.js';

/** What a batch's caller hears of it as it runs. */
export interface BatchEvents {
  /** A task finished (tasks finish in any order). */
  readonly onDone?: (o: ReplicationOutcome) => void;
  /** Between slices of the main thread's task: the share (0–1) of its horizon it has covered. */
  readonly onShare?: (share: number) => void;
  /**
   * Names task i (`design 2 (hub.gridKw = 1)`) where its scenario's name does not tell it from the
   * others: an input problem the task meets has its path prefixed with it.
   */
  readonly name?: (task: number) => string;
}

/** What the main thread sends a worker thread. */
export type ToWorker =
  | { readonly type: 'scenario'; readonly id: number; readonly scenario: Scenario }
  | { readonly type: 'task'; readonly task: Omit<ReplicationTask, 'scenario'> & { readonly scenario: number } };

/**
 * What a worker thread says: that it is ready (once, when its code has loaded), then for each task
 * the task's outcome, or its error in a form that survives the trip.
 */
export type FromWorker =
  | { readonly ready: true }
  | { readonly ok: true; readonly outcome: ReplicationOutcome }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly issues?: readonly InputIssue[]; readonly stack?: string };

/**
 * How long the main thread works alone on a batch, with `auto` workers, before worker threads join
 * it: a batch it finishes sooner gains nothing from sending tasks across to them.
 */
const SPAWN_AFTER_MS = 40;

/**
 * How many events must be left in a batch for starting worker threads to pay. On two cores a
 * thread takes some 0.2 s to start and load its code, then runs its first replications several
 * times slower than it will once V8 has optimised the code (a month of the benchmark's
 * full-featured hub, 22,000 events: 0.3 s at first, 0.03 s warm), so a batch gains from it only
 * if it holds more than about half a second of the main thread's work: some 1 M events at the
 * warm pace of 1.5-2.5 M events a second that `npm run bench` measures. (On a two-core machine,
 * 40 replications of that month, 0.86 M events left after the first, ran no faster with a thread;
 * 20 of a quarter, 1.25 M, about as fast; 60 of a quarter, 3.9 M, 1.3 times as fast.) Counting
 * events rather than timing the first tasks keeps the decision from being misled by how slowly
 * those run, and makes it the same on every run.
 */
const WORKERS_PAY_EVENTS = 1_000_000;

/**
 * How many workers a command runs on (the main thread counts as one), and whether it starts its
 * worker threads only when a batch gains from them (`auto`) or from the start.
 */
export interface Workers {
  readonly count: number;
  readonly auto: boolean;
}

/** `error` with each problem's path prefixed by `name`. */
function named(error: InputError, name: string): InputError {
  const Kind = error instanceof OverloadedError ? OverloadedError : InputError;
  return new Kind(error.issues.map((issue) => ({ ...issue, path: `${name}: ${issue.path}` })));
}

/** Rebuilds an error that crossed from a worker thread, keeping its class (and so its exit code). */
function revive(msg: Extract<FromWorker, { ok: false }>): Error {
  if (msg.name === 'InputError') return new InputError(msg.issues ?? [], undefined, msg.message);
  if (msg.name === 'OverloadedError') return new OverloadedError(msg.issues ?? [], undefined, msg.message);
  if (msg.name === 'EnvironmentError') return new EnvironmentError(msg.message);
  const Kind = msg.name === 'SimulationError' ? SimulationError : Error;
  return Object.assign(new Kind(msg.message), { stack: msg.stack });
}

/**
 * What a worker thread that could not start is told as. Node reports a thread the system would not
 * give what it needs (open files under `ulimit -n`, memory, threads) as ERR_WORKER_INIT_FAILED, with
 * the system's code in its message (`Worker initialization failure: EMFILE`): the machine's limit,
 * not a bug, so exit 2 with what to do, not an internal error. Any other error is passed on as it is.
 */
function threadFailure(err: Error): Error {
  const own = (err as NodeJS.ErrnoException).code;
  const tooManyFiles = (code: string | undefined) => code === 'EMFILE' || code === 'ENFILE';
  // A thread that started but could not open its own code (worker.js) says so with the system's
  // code, as does a thread that could not be made for want of open files.
  const code = tooManyFiles(own) ? own : own === 'ERR_WORKER_INIT_FAILED' ? /\b(E[A-Z]+)\b/.exec(err.message)?.[1] : undefined;
  if (own !== 'ERR_WORKER_INIT_FAILED' && code === undefined) return err;
  const reason = tooManyFiles(code) ? `too many open files (${code}): raise the limit (ulimit -n) or ` : code ? `${code}: ` : '';
  return new EnvironmentError(`--workers: the system refused to start a worker thread: ${reason}give fewer --workers (--workers 1 starts none)`);
}

/**
 * Runs replications on `size` workers: the main thread, which takes part itself (a slice of events at
 * a time, so it stays responsive), plus `size − 1` worker threads started on the first batch that
 * has work for them and kept for every later batch of the command. A scenario crosses to a worker
 * once for each run of its replications that the worker takes in a row, and the worker holds only
 * the latest. Outcomes come back in task order, and each replication depends only on its own seed,
 * so results are the same whatever `size` is and whichever worker finishes first.
 */
export class ReplicationPool {
  private readonly threads: Worker[] = [];
  private readonly ready: Promise<void>[] = []; // each thread's: resolved once its code has loaded
  private readonly known = new Map<Scenario, number>();
  private readonly sent: number[] = []; // each thread's: the id of the scenario it holds (-1: none)
  /** Threads that failed or ended while no batch was listening (one without tasks, or between batches), with why. */
  private readonly lost = new Map<Worker, Error>();
  /** Threads being stopped, by this close() or an earlier one. */
  private closing: Promise<void> = Promise.resolve();

  /** How many workers the pool runs on, the main thread included. */
  readonly size: number;
  private readonly auto: boolean;

  constructor(workers: Workers) {
    this.size = workers.count;
    this.auto = workers.auto;
  }

  /** How many worker threads the pool has running. */
  get threadCount(): number {
    return this.threads.length;
  }

  /**
   * Runs `tasks` and returns their outcomes in task order, telling `heard` as they go.
   * @throws the error of the earliest task that fails (InputError for a runaway scenario,
   * EnvironmentError for a full disk, …), whatever the number of workers
   */
  async run(tasks: readonly ReplicationTask[], heard: BatchEvents = {}): Promise<ReplicationOutcome[]> {
    const { onDone, onShare, name } = heard;
    // A command of few trucks runs its batches at a larger V8 budget (v8-budget.ts).
    const perScenario = new Map<Scenario, number>(); // a batch's tasks share few scenarios
    for (const t of tasks) if (!perScenario.has(t.scenario)) perScenario.set(t.scenario, expectedArrivals(t.scenario));
    v8Budget.beforeBatch(tasks.reduce((n, t) => n + perScenario.get(t.scenario)!, 0));
    const out: ReplicationOutcome[] = new Array(tasks.length);
    let next = 0;
    let failed: { error: unknown; task: number } | undefined;
    const checks = new Set<() => void>(); // each lane's: ends it once none of its tasks can matter
    // A failure ends the batch, and the error told is the earliest failing task's, so that a
    // command says the same whatever the number of workers (which replication of an overloaded
    // hub failed first in time, and so the day its message names, depended on them). Tasks are
    // taken in order: when task i fails, every earlier task has started, and runs on to its end
    // (its own failure then is the one told); later ones stop, the main thread's at its next
    // slice, a worker's once it holds no earlier task (the pool is closed before the error is
    // thrown). A failure of no task (a worker thread dying) stops every task at once.
    const fail = (error: unknown, task = -1) => {
      if (failed && failed.task <= task) return;
      failed = { error: name && task >= 0 && error instanceof InputError ? named(error, name(task)) : error, task };
      for (const check of [...checks]) check();
    };
    const past = (i: number) => failed !== undefined && i > failed.task;
    const take = () => (!failed && next < tasks.length ? next++ : -1);
    const lanes: Promise<void>[] = [];
    const waiting: (() => void)[] = []; // lanes whose thread is still starting: how to end each
    // With `auto` workers, threads join a batch only once the main thread has worked on it for a
    // while with tasks still waiting: a batch the main thread finishes sooner than a thread could
    // start (or than its tasks could cross to one) is never slower for having workers. Threads not
    // started yet are started only if the tasks left hold enough events for them to pay (see
    // WORKERS_PAY_EVENTS), each task counted as the main thread's latest one, or as the one it is
    // running is likely to (from its progress so far) if that holds more. A number of workers
    // given is taken at its word: the threads join every batch from its start.
    // process.uptime(), not performance.now(): the first use of `performance` loads node:perf_hooks,
    // some 2 % of a one-day run's instructions, for a clock a batch reads once or twice.
    const started = process.uptime();
    let latest = 0; // events of the main thread's latest task
    let current = 0; // events the task it is running is likely to hold
    const join = () => {
      const want = Math.max(0, Math.min(this.size - 1, tasks.length - next));
      if (lanes.length > 0 || want === 0 || failed) return;
      if (this.auto) {
        if ((process.uptime() - started) * 1000 < SPAWN_AFTER_MS) return;
        if (this.threads.length < want && Math.max(latest, current) * (tasks.length - next) < WORKERS_PAY_EVENTS) return;
      }
      while (this.threads.length < want) this.spawn();
      for (let lane = 0; lane < want; lane++) lanes.push(this.lane(lane, tasks, out, { take, fail, past, checks }, waiting, onDone));
    };
    join();
    const main = (async () => {
      for (let i = take(); i >= 0; i = take()) {
        let o: ReplicationOutcome | undefined;
        current = 0;
        try {
          o = await runTaskSliced(tasks[i], (events, share) => {
            current = events;
            onShare?.(share);
            join();
            return past(i);
          });
        } catch (err) {
          return fail(err, i);
        }
        if (o === undefined) return;
        latest = o.events;
        current = 0;
        out[i] = o;
        onDone?.(o);
        join();
        // With threads at work, let their answers in between two tasks, so they are fed without waiting.
        if (lanes.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    await main;
    // Threads still starting when the main thread has taken the last task get none.
    for (const stop of waiting.splice(0)) stop();
    await Promise.all(lanes);
    v8Budget.atV8Pace();
    // A thread that failed to start while it had no task (more threads than tasks) fails the batch
    // too: its error, unheard, would otherwise have ended the process with a stack trace.
    if (!failed && this.lost.size > 0) failed = { error: [...this.lost.values()][0], task: -1 };
    if (failed) {
      void this.close(); // threads still on tasks after the failing one
      throw failed.error;
    }
    return out;
  }

  /**
   * Feeds one worker thread tasks until none is left (or the batch fails); resolves when it is done.
   * Once the thread has answered a first task, it keeps two in its hands: it starts the second as
   * soon as it answers the first, instead of waiting for the main thread, busy with a slice of a
   * replication of its own, to send it the next (on average half a slice, some 10 ms per task).
   * With `auto` workers, its first task it gets alone, and only once it is ready: tasks sent
   * earlier would wait for it to start, and a second one for it to run the first with code V8 has
   * not optimised yet, while the main thread could have run them. Until then the lane is in
   * `waiting`, to be ended if the main thread takes the last task first. With a number of workers
   * given, it gets two tasks at once, and starts on them as soon as it is up.
   */
  private lane(
    lane: number,
    tasks: readonly ReplicationTask[],
    out: ReplicationOutcome[],
    batch: { take: () => number; fail: (error: unknown, task?: number) => void; past: (task: number) => boolean; checks: Set<() => void> },
    waiting: (() => void)[],
    onDone?: (o: ReplicationOutcome) => void,
  ): Promise<void> {
    const w = this.threads[lane];
    const { take, fail, past, checks } = batch;
    return new Promise<void>((resolve) => {
      const lost = this.lost.get(w);
      if (lost) {
        fail(lost);
        return resolve();
      }
      const inFlight: number[] = []; // the tasks sent, in the order the worker answers them
      // Done once the batch has failed before every task the thread holds (or it holds none).
      const check = () => {
        if (inFlight.every(past)) done();
      };
      const send = () => {
        const i = take();
        if (i < 0) return;
        inFlight.push(i);
        this.post(w, lane, tasks[i]);
      };
      const onMessage = (msg: FromWorker) => {
        if ('ready' in msg) return;
        const i = inFlight.shift()!;
        if (!msg.ok) {
          fail(revive(msg), i);
          return done();
        }
        out[i] = msg.outcome;
        onDone?.(msg.outcome);
        send();
        if (inFlight.length === 1) send();
        check();
      };
      const onError = (err: Error) => {
        fail(threadFailure(err));
        done();
      };
      // A thread that ends holding tasks (without an error, which onError has told) would leave
      // their outcomes missing.
      const onExit = () => {
        if (inFlight.length > 0 && !inFlight.every(past)) fail(new Error(`worker thread ${lane + 1} ended with ${inFlight.length} task(s) unanswered`));
        done();
      };
      let ended = false;
      const done = () => {
        if (ended) return;
        ended = true;
        checks.delete(check);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        resolve();
      };
      checks.add(check);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      if (!this.auto) {
        send();
        send();
        if (inFlight.length === 0) done();
        return;
      }
      waiting.push(done);
      void this.ready[lane].then(() => {
        if (ended) return; // the batch was over first, or the thread failed
        waiting.splice(waiting.indexOf(done), 1);
        send();
        if (inFlight.length === 0) done();
      });
    });
  }

  /** Stops every worker thread. The pool can be used again afterwards (it starts new ones). */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    this.ready.splice(0);
    this.sent.splice(0);
    this.lost.clear();
    // Also waits for the threads a failed batch began to stop (run's `void this.close()`): until
    // they have, they hold their files, and the command's clean-up after it (its staging folder)
    // could find none left to open under a low `ulimit -n`.
    this.closing = Promise.all([this.closing, ...threads.map((w) => w.terminate())]).then(() => undefined);
    await this.closing;
  }

  private spawn(): void {
    v8Budget.atV8Pace(); // the thread's code cache holds only under V8's own flags
    // A run makes many short-lived heap numbers; a larger young generation than V8's default means
    // fewer scavenges, whose helper threads would otherwise compete with the other workers for
    // the cores (about 8 % faster on two cores).
    let w: Worker;
    try {
      w = new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    } catch (err) {
      // Node run with its permission model (--permission) and no --allow-worker: the machine's
      // setting, not a bug.
      if ((err as NodeJS.ErrnoException).code === 'ERR_ACCESS_DENIED') {
        throw new EnvironmentError("--workers: worker threads are refused by Node's permission model: give --workers 1, or allow them (--allow-worker)");
      }
      // The open files the threads already started hold may leave none to load the next one's code.
      throw threadFailure(err as Error);
    }
    // An idle worker must not keep the process alive if a command forgets to close the pool.
    w.unref();
    // Heard whether or not a batch's lane listens to the thread: an 'error' with no listener ends
    // the process with a stack trace (and exit code 1, check's "moved"), as a thread that fails to
    // start (EMFILE under a low ulimit -n) while it has no task does.
    w.on('error', (err) => {
      if (this.threads.includes(w) && !this.lost.has(w)) this.lost.set(w, threadFailure(err));
    });
    w.once('exit', () => {
      if (this.threads.includes(w) && !this.lost.has(w)) this.lost.set(w, new Error('a worker thread ended unexpectedly'));
    });
    this.threads.push(w);
    this.ready.push(new Promise<void>((resolve) => w.once('message', () => resolve())));
    this.sent.push(-1);
  }

  private post(w: Worker, lane: number, task: ReplicationTask): void {
    let id = this.known.get(task.scenario);
    if (id === undefined) {
      id = this.known.size;
      this.known.set(task.scenario, id);
    }
    // A thread holds one scenario, the latest sent: a sweep's tasks come design by design, and a
    // thread that kept every design's scenario held them all by the end (some 30 MB for 10,000).
    if (this.sent[lane] !== id) {
      w.postMessage({ type: 'scenario', id, scenario: task.scenario } satisfies ToWorker);
      this.sent[lane] = id;
    }
    w.postMessage({ type: 'task', task: { ...task, scenario: id } } satisfies ToWorker);
  }
}
