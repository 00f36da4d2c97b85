import { parentPort } from 'node:worker_threads';
import { runTask, type ReplicationTask } from './replicate.js';

// A worker thread runs one replication per message and answers with its outcome or its error.
parentPort!.on('message', (task: ReplicationTask) => {
  try {
    parentPort!.postMessage({ ok: true, outcome: runTask(task) });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ ok: false, error: e.message, stack: e.stack });
  }
});
