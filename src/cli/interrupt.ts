// What happens on Ctrl-C (SIGINT) and on a batch system's SIGTERM: every registered clean-up runs
// (staging folders and temporary files are removed), then the process exits as the signal would
// have it (130 or 143). Worker threads end with the process. The handlers run on the main thread's
// event loop, which is why replications on the main thread are run a slice at a time.

const cleanups = new Set<() => void>();
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch {
      // Best effort: the next run cleans up whatever is left (see outdir.ts).
    }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/**
 * Registers `fn` to run on SIGINT, SIGTERM or a normal exit (synchronously, once). Returns a
 * function that unregisters it.
 */
export function onInterrupt(fn: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', () => {
      for (const f of [...cleanups].reverse()) f();
    });
  }
  let once = false;
  const wrapped = () => {
    if (once) return;
    once = true;
    cleanups.delete(wrapped);
    fn();
  };
  cleanups.add(wrapped);
  return () => {
    once = true;
    cleanups.delete(wrapped);
  };
}
