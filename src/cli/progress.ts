import { stopWaitingForWriters, type TraceReading } from '../scenario/load.js';
import { onInterrupt } from './interrupt.js';
import { inCiJob } from './terminal.js';

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

/** The bar's width where the terminal has room for it, as cli-progress draws it by default. */
const BAR_WIDTH = 40;

/** The narrowest bar drawn: on a narrower terminal the label gives way first. */
const MIN_BAR_WIDTH = 10;

/** cli-progress's formatter, as `format` is handed it. */
type Formatter = (options: object, params: { readonly maxWidth: number }, payload: object) => string;

/**
 * One line of a bar, `label` then `rest` (cli-progress's format, with `{bar}`), fitted to a terminal
 * of `maxWidth` columns: the bar narrows to MIN_BAR_WIDTH, then the label loses its start, then the
 * bar narrows on to nothing, so that the percentage, the counts and the ETA stay in sight (down to
 * some 45 columns for `[] 100% | 3000/3000 replications | ETA 0s`). Drawn whole, at 40 columns, the
 * line of a sizing design (`recklinghausen-phase2 hub.chargers[0].cabinets=62 hub.gridKw=1000 [`…)
 * ran past an 80-column terminal, which cut it before its percentage.
 * Exported for tests.
 */
export function fitLine(formatter: Formatter, label: string, rest: string, options: object, params: { readonly maxWidth: number }, payload: object): string {
  // The last column left free: some terminals wrap a line that fills it.
  const width = params.maxWidth - 1;
  const at = (barsize: number) => formatter({ ...options, format: rest, barsize }, params, payload);
  const fixed = at(0).length;
  const room = width - fixed;
  const bar = rest.includes('{bar}') ? Math.max(Math.min(MIN_BAR_WIDTH, Math.max(0, room)), Math.min(BAR_WIDTH, room - label.length)) : 0;
  return `${cutStart(label, width - fixed - bar)}${at(bar)}`;
}

/**
 * `text` in at most `room` characters: a `…` and its end, where a label says what moves (a sizing
 * design's values, a trace's file name), or nothing where there is no room.
 */
function cutStart(text: string, room: number): string {
  if (text.length <= room) return text;
  if (room < 3) return '';
  return `\u2026${text.slice(text.length - (room - 1))}`;
}

/** Where the bar goes (stderr), and when it may appear. */
export interface BarOptions {
  readonly stream?: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly showAfterMs?: number;
  /** When the command started, on `performance.now()`'s clock (default 0: the process's start). */
  readonly since?: number;
  /** The terminal's type (default: `TERM`): `dumb` cannot move the cursor, so it gets no bar. */
  readonly term?: string;
  /** `CI` (default: the environment's): set, as CI services set it, no bar is drawn (see `lateBar`). */
  readonly ci?: string;
  /**
   * Replications of the same work done before this batch, counted in `total` (a sizing design's
   * earlier batches, when its replications are doubled): the bar says 20/40, not 0/20 that look like all there are.
   */
  readonly done?: number;
}

/** A cli-progress bar that draws itself once the command has run SHOW_AFTER_MS. */
interface LateBar {
  /** The bar stands at `value` of its total, with these values for the format's fields. */
  update(value: number, payload: object): void;
  /** Clears the bar, if shown; no bar is drawn after. */
  stop(): void;
}

/**
 * A bar of `format` over `total`, drawn once the command has run SHOW_AFTER_MS and moved again at
 * each update; undefined when stderr is not a terminal, or is a dumb one (`TERM=dumb`: Emacs's
 * shell, some CI runners' terminals), which would show the bar's cursor codes as text and every
 * redraw as a new line; and undefined in a CI job (`CI` set, and not to `false`, `0` or ''), whose
 * runner may give it a terminal only for its log to keep every redraw.
 */
function lateBar(total: number, label: string, rest: string, { stream = process.stderr, showAfterMs = SHOW_AFTER_MS, since = 0, term = process.env.TERM, ci = process.env.CI }: BarOptions): LateBar | undefined {
  if (!stream.isTTY || term === 'dumb' || inCiJob(ci)) return undefined;
  let value = 0;
  let payload: object = {};
  let stopped = false;
  let bar: { update(value: number, payload: object): void; stop(): void } | null = null;
  let loading = false;
  let forget = () => {};
  return {
    update(v, p) {
      value = v;
      payload = p;
      if (bar !== null) bar.update(value, payload);
      // From the command's start, not the bar's: a command of many short batches (size) shows its bars.
      else if (!loading && !stopped && performance.now() - since >= showAfterMs) {
        loading = true;
        // A dynamic import, not a static one: see SHOW_AFTER_MS.
        void import('cli-progress').then(({ default: cliProgress }) => {
          if (stopped) return;
          const formatter = cliProgress.Format.Formatter as Formatter;
          const format = (options: object, params: { maxWidth: number }, payload: object) => fitLine(formatter, label, rest, options, params, payload);
          const b = new cliProgress.SingleBar({ stream, format, barsize: BAR_WIDTH, hideCursor: true, clearOnComplete: true, formatTime: formatEta }, cliProgress.Presets.shades_classic);
          b.start(total, value, payload);
          bar = b;
          // Ctrl-C and the like end the process at once: the bar gives the terminal back its cursor
          // and its line first.
          forget = onInterrupt(() => b.stop());
        });
      }
    },
    stop() {
      stopped = true;
      forget();
      bar?.stop();
    },
  };
}

/**
 * A bar for `total` replications (`done` of them already run) labelled `label`, shown once the
 * command has run SHOW_AFTER_MS; a no-op when stderr is not a terminal, or is a dumb one (see
 * lateBar). Between replications it moves with the share the main thread's replication has
 * covered, so that a single long replication shows its progress too.
 */
export async function progress(total: number, label: string, options: BarOptions = {}): Promise<Progress> {
  const bar = lateBar(total, label, ' [{bar}] {percentage}% | {done}/{total} replications | ETA {eta_formatted}', options);
  if (bar === undefined) return { tick() {}, share() {}, stop() {} };
  let done = options.done ?? 0;
  let current = 0; // share of the main thread's replication
  return {
    tick() {
      done++;
      current = 0;
      bar.update(done + current, { done });
    },
    share(s: number) {
      current = Math.min(Math.max(s, 0), 1);
      bar.update(done + current, { done });
    },
    stop() {
      bar.stop();
    },
  };
}

/** A bar for the traces a command reads, one at a time: `onTrace` moves it, `stop` clears it. */
export interface TraceProgress {
  readonly onTrace: TraceReading;
  stop(): void;
}

/**
 * `read`, given the `onTrace` of a trace bar (traceProgress) to move as it reads its traces, and the
 * bar cleared when it ends, however it ends.
 */
export async function readingTraces<T>(read: (onTrace: TraceReading) => Promise<T>): Promise<T> {
  const reading = traceProgress();
  // A scenario or trace given as a pipe no one writes to would keep an interrupted command from exiting.
  const forget = onInterrupt(stopWaitingForWriters);
  try {
    return await read(reading.onTrace);
  } finally {
    forget();
    reading.stop();
  }
}

/**
 * Bytes in MB (`123456789` → `123.5 MB`), or in kB when `scale` (the larger figure shown beside them)
 * reads under 1,000.0 kB, where 0.0 MB would look stalled.
 */
function sized(bytes: number, scale: number): string {
  return scale < 999_950 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * A bar of the bytes read of each trace a command loads (a trace of millions of rows takes seconds
 * to read and check, before any replication starts), in the replications' bar's style and on the
 * same terms: shown once the command has run SHOW_AFTER_MS, on a terminal only. A trace read from
 * a pipe, of no known length, shows the bytes read without a bar.
 */
export function traceProgress(options: BarOptions = {}): TraceProgress {
  let current: { trace: string; bytes: number; bar: LateBar | undefined } | undefined;
  const stop = () => {
    current?.bar?.stop();
    current = undefined;
  };
  return {
    onTrace(trace, bytes, totalBytes) {
      // Fewer bytes than before: the same path read again, for another scenario.
      if (current === undefined || current.trace !== trace || bytes < current.bytes) {
        stop();
        const rest = totalBytes === undefined ? ' | {read} read' : ' [{bar}] {percentage}% | {read} of {size} | ETA {eta_formatted}';
        current = { trace, bytes, bar: lateBar(totalBytes ?? 0, `trace ${trace}`, rest, options) };
      }
      current.bytes = bytes;
      const scale = Math.max(bytes, totalBytes ?? 0);
      current.bar?.update(totalBytes === undefined ? 0 : bytes, { read: sized(bytes, scale), size: sized(totalBytes ?? 0, scale) });
    },
    stop,
  };
}
