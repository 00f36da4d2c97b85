import { parentPort } from 'node:worker_threads';
import { InputError, SimulationError } from '../errors.js';
import { deepFreeze } from '../scenario/freeze.js';
import type { Scenario } from '../scenario/types.js';
import type { FromWorker, ToWorker } from './pool.js';
import { runTask } from './replicate.js';

// A worker thread keeps the latest scenario it has been sent (messages come in order, so a task's
// scenario is sent before it, and again whenever the thread's tasks change scenario) and runs one
// replication per task message, answering with its outcome or its error (class name, message and,
// for input errors, the issues).
let held: { readonly id: number; readonly scenario: Scenario } | undefined;

parentPort!.on('message', (msg: ToWorker) => {
  if (msg.type === 'scenario') {
    // Frozen, as the scenario the main thread validated is: what is made once from its parts (a
    // distribution's key, arrivals.ts) is then made once per thread, not once per replication.
    held = { id: msg.id, scenario: deepFreeze(msg.scenario) };
    return;
  }
  let answer: FromWorker;
  try {
    if (held?.id !== msg.task.scenario) throw new SimulationError(`task of scenario ${msg.task.scenario} sent to a worker holding ${held?.id ?? 'none'}`);
    answer = { ok: true, outcome: runTask({ ...msg.task, scenario: held.scenario }) };
  } catch (err) {
    const e = err as Error;
    answer = { ok: false, name: e?.name ?? 'Error', message: e?.message ?? String(err), issues: err instanceof InputError ? err.issues : undefined, stack: e?.stack };
  }
  parentPort!.postMessage(answer);
});

parentPort!.postMessage({ ready: true } satisfies FromWorker);
