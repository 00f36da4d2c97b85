import { constants } from 'node:os';

// What happens on Ctrl-C (SIGINT), a batch system's SIGTERM, a closed terminal or SSH session
// (SIGHUP) and Ctrl-\ (SIGQUIT), on Windows Ctrl-C, Ctrl-Break (SIGBREAK) and a closed console
// window (SIGHUP): every registered clean-up runs (staging folders and temporary files are
// removed), "hubsim: interrupted by SIGINT" (or the like) goes to stderr, then the process exits as
// the signal would have it (128 + its number: 130, 143, 129, 131; SIGBREAK 149). Worker threads end
// with the process. The handlers run on the main thread's event loop, which
// is why replications on the main thread are run a slice at a time.
//
// SIGQUIT's default, a core dump, is of little use for a JavaScript process, and leaving a staging
// folder of many megabytes behind is worse; so it is handled like the others. The exception: when
// something listens for it before hubsim's first clean-up is registered (`node --report-on-signal
// --report-signal=SIGQUIT`, or a preloaded diagnostics module), it is that setup's way of asking a
// live process for a diagnostic report, and ending the run on it would defeat its purpose.

/**
 * The signals that end a run after its clean-ups on `platform`. Windows has no SIGTERM or SIGQUIT to
 * send (a handler for SIGTERM never runs; `taskkill /F` and the Task Manager end a process with no
 * signal at all): there Ctrl-C is SIGINT, Ctrl-Break SIGBREAK, and closing the console window
 * SIGHUP. Ctrl-Break went unheard, and ended a run by the system's default, leaving its staging
 * folder and the folders made for --out.
 */
export function handledSignals(platform: NodeJS.Platform = process.platform): readonly NodeJS.Signals[] {
  return platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGHUP'] : ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
}

/** Windows's number for SIGBREAK, which os.constants lists only there (an exit code of 128 + 21). */
const SIGBREAK = 21;

const cleanups = new Set<() => void>();
let installed = false;
/** Where the command's results have been moved into place, if they have: an interrupt can no longer undo that. */
let landed: string | undefined;

function onSignal(signal: NodeJS.Signals): void {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch {
      // Best effort: the next run cleans up whatever is left (see outdir.ts).
    }
  }
  // One line after the clean-ups (the progress bar is one): without it the bar vanished and the
  // command ended without a word, in a terminal as in a CI job's log.
  // After the results are in place (the command printing its table, or closing its threads), the
  // earlier results are gone: "interrupted" alone said they were as they had been.
  const after = landed === undefined ? '' : `, after its results were moved into place in ${landed}`;
  process.stderr.write(`hubsim: interrupted by ${signal}${after}\n`);
  process.exit(128 + (constants.signals[signal] ?? (signal === 'SIGBREAK' ? SIGBREAK : 0)));
}

/**
 * Tells an interrupt from now on that the command's results are in place in `where` (see onSignal),
 * and hears one that came while they were being moved there: the moves are synchronous, and a
 * command that ended after them gave its handler no turn (exit 0 after a SIGTERM, the earlier
 * results replaced without a word).
 */
export async function resultsInPlace(where: string): Promise<void> {
  landed = where;
  await heedInterrupts();
}

/**
 * Lets a signal that came while the main thread was busy (drawing a report, joining slices) be
 * handled now: the handlers run only between turns of the event loop, and a command that went on
 * from its busy part to move its results into place and end gave them none, so Ctrl-C there was
 * never heard (exit 0, the earlier results replaced). A signal is read in the loop's poll phase;
 * two turns of setImmediate pass through one whatever phase this is called from. If one came, its
 * handler ends the process and this never returns.
 */
export async function heedInterrupts(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Installs the signal handlers with nothing to clean up, for a command that has nothing to undo
 * (yet): a signal then still ends it with the interrupted line and 128 + the signal's number, as it
 * ends every other, rather than by the system's default without a word. Registers no clean-up (so
 * `withDefaultSignals` may lend the signals to the system's default): what it returns, for a caller
 * done with its part, undoes nothing, and the handlers stay for the rest of the command.
 */
export function hearInterrupts(): () => void {
  install();
  return () => {};
}

/**
 * Runs `read`, a synchronous read of an input that may wait as long as a pipe's writer takes (a
 * named FIFO given as `--baseline` or `--sweep` that no one writes to yet), with the system's default
 * for every handled signal but SIGQUIT (whose default is a core dump) when no clean-up is
 * registered: the handlers above run only between turns of the event loop, which a
 * main thread waiting in the read never takes, so Ctrl-C and SIGTERM went unheard until SIGKILL.
 * Nothing is written by then, so ending by the default (the shell's 130 or 143, without the
 * interrupted line) loses nothing. With something to clean up, `read` runs with the handlers as they are.
 */
export function withDefaultSignals<T>(read: () => T): T {
  const released = cleanups.size === 0 ? handledSignals().filter((s) => s !== 'SIGQUIT' && process.listeners(s).includes(onSignal)) : [];
  for (const signal of released) process.removeListener(signal, onSignal);
  try {
    return read();
  } finally {
    for (const signal of released) process.on(signal, onSignal);
  }
}

/**
 * Registers `fn` to run on SIGINT, SIGTERM, SIGHUP, SIGQUIT (unless used for diagnostics, see
 * above), on Windows SIGINT, SIGBREAK, SIGHUP (see handledSignals), or a normal exit
 * (synchronously, once). Returns a function that unregisters it.
 */
export function onInterrupt(fn: () => void): () => void {
  install();
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

/** Installs the signal handlers and the exit hook, once. */
function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of handledSignals()) {
    if (signal === 'SIGQUIT' && process.listenerCount(signal) > 0) continue;
    process.on(signal, onSignal);
  }
  process.on('exit', () => {
    for (const f of [...cleanups].reverse()) f();
  });
}
