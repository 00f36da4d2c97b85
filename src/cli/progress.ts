import { onInterrupt } from './interrupt.js';

/** A progress bar with an ETA on stderr, shown only when stderr is a terminal. */
export interface Progress {
  /** A replication finished. */
  tick(): void;
  /** The replication the main thread is running has covered `share` (0–1) of its horizon. */
  share(share: number): void;
  /** The batch is over (or failed): the bar, if shown, is cleared. */
  stop(): void;
}

/**
 * How long a command runs before its bar appears: a shorter one is over before a bar could tell
 * anything, and does not load the bar's library (and the terminal modules it needs) at all.
 */
const SHOW_AFTER_MS = 1000;

/**
 * The bar's ETA, from cli-progress's estimate in seconds: `42s`, `3m05s`, `20h55m`, `4d07h`; `?`
 * for the library's 'NULL' (no estimate) and 'INF'. 'INF' comes at the first draws, before the
 * bar has moved (no rate yet), far more often than past 10^7 s (115 days), its other meaning. The
 * library's own formatter keeps the last two digits of a count (105 hours showed as `05h45m`, 'INF'
 * as `NFs`) and rounds the minutes without carrying (`20h60m`), which a run valid by the scenario
 * format but of days or months meets.
 */
export function formatEta(eta: number | string): string {
  if (typeof eta !== 'number' || !Number.isFinite(eta)) return '?';
  const t = Math.max(0, eta);
  // Rounded to the display's last unit first, so that a carry shows as 1h00m, not 0h60m.
  const step = t < 60 ? 1 : t < 3600 ? 5 : t < 86400 ? 60 : 3600;
  const r = step * Math.round(t / step);
  const two = (n: number) => String(n).padStart(2, '0');
  if (r < 60) return `${r}s`;
  if (r < 3600) return `${Math.floor(r / 60)}m${two(r % 60)}s`;
  if (r < 86400) return `${Math.floor(r / 3600)}h${two(Math.floor((r % 3600) / 60))}m`;
  return `${Math.floor(r / 86400)}d${two(Math.floor((r % 86400) / 3600))}h`;
}

/** Where the bar goes (stderr), and when it may appear. */
export interface BarOptions {
  readonly stream?: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly showAfterMs?: number;
  /** When the command started, on `performance.now()`'s clock (default 0: the process's start). */
  readonly since?: number;
  /** The terminal's type (default: `TERM`): `dumb` cannot move the cursor, so it gets no bar. */
  readonly term?: string;
  /**
   * Replications of the same work done before this batch, counted in `total` (a sizing design's
   * earlier batches, when its replications are doubled): the bar says 20/40, not 0/20 that look like all there are.
   */
  readonly done?: number;
}

/**
 * A bar for `total` replications (`done` of them already run) labelled `label`, shown once the command has run SHOW_AFTER_MS;
 * a no-op when stderr is not a terminal, or is a dumb one (`TERM=dumb`: Emacs's shell, some CI
 * runners' terminals), which would show the bar's cursor codes as text and every redraw as a new
 * line. Between replications it moves with the share the main
 * thread's replication has covered, so that a single long replication shows its progress too.
 */
export async function progress(total: number, label: string, { stream = process.stderr, showAfterMs = SHOW_AFTER_MS, since = 0, term = process.env.TERM, done: before = 0 }: BarOptions = {}): Promise<Progress> {
  if (!stream.isTTY || term === 'dumb') return { tick() {}, share() {}, stop() {} };
  let done = before;
  let current = 0; // share of the main thread's replication
  let stopped = false;
  let bar: { update(value: number, payload: object): void; stop(): void } | null = null;
  let loading = false;
  let forget = () => {};
  const show = () => {
    if (bar !== null) bar.update(done + current, { done });
    // From the command's start, not the bar's: a command of many short batches (size) shows its bars.
    else if (!loading && !stopped && performance.now() - since >= showAfterMs) {
      loading = true;
      // A dynamic import, not a static one: see SHOW_AFTER_MS.
      void import('cli-progress').then(({ default: cliProgress }) => {
        if (stopped) return;
        const b = new cliProgress.SingleBar(
          { stream, format: `${label} [{bar}] {percentage}% | {done}/{total} replications | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true, formatTime: formatEta },
          cliProgress.Presets.shades_classic,
        );
        b.start(total, done + current, { done });
        bar = b;
        // Ctrl-C and the like end the process at once: the bar gives the terminal back its cursor
        // and its line first.
        forget = onInterrupt(() => b.stop());
      });
    }
  };
  return {
    tick() {
      done++;
      current = 0;
      show();
    },
    share(s: number) {
      current = Math.min(Math.max(s, 0), 1);
      show();
    },
    stop() {
      stopped = true;
      forget();
      bar?.stop();
    },
  };
}
