import { parentPort } from 'node:worker_threads';
import { InputError } from '../errors.js';
import type { Scenario } from '../scenario/types.js';
import type { FromWorker, ToWorker } from './pool.js';
import { runTask } from './replicate.js';

// A worker thread keeps the scenarios it has been sent and runs one replication per task message,
// answering with its outcome or its error (class name, message and, for input errors, the issues).
const scenarios = new Map<number, Scenario>();

parentPort!.on('message', (msg: ToWorker) => {
  if (msg.type === 'scenario') {
    scenarios.set(msg.id, msg.scenario);
    return;
  }
  let answer: FromWorker;
  try {
    answer = { ok: true, outcome: runTask({ ...msg.task, scenario: scenarios.get(msg.task.scenario)! }) };
  } catch (err) {
    const e = err as Error;
    answer = { ok: false, name: e?.name ?? 'Error', message: e?.message ?? String(err), issues: err instanceof InputError ? err.issues : undefined, stack: e?.stack };
  }
  parentPort!.postMessage(answer);
});

parentPort!.postMessage({ ready: true } satisfies FromWorker);
