import { Worker } from 'node:worker_threads';
import { EnvironmentError } from '../errors.js';
import type { SessionRecord } from '../model/records.js';
import { SESSION_COLUMNS, writeSessionRow } from '../output/columns.js';
import { CsvFileWriter } from '../output/csv.js';
import { v8Budget } from './v8-budget.js';

// A replication's sessions part file. Writing a row costs about as much as simulating the truck,
// so a replication on the main thread (one replication, or --workers 1) hands its rows, packed as
// numbers, to a writer thread once it has written enough of them to be worth the thread's start:
// the other core formats while this one simulates. Replications on worker threads write their own
// rows (every core is busy anyway). The bytes are the same either way: both format with
// writeSessionRow.

/** Numbers per packed row: replication, truck, fleet, the five times, bay, connector, soc_in, soc_out, energy, outcome. */
export const PACKED_FIELDS = 14;
/** Rows per batch handed to the writer thread. */
const BATCH_ROWS = 4096;
/** Rows written here before a writer thread takes over: below this, starting one costs more than it saves. */
const OFFLOAD_AFTER_ROWS = 20_000;
/** Batches in flight before the simulating thread waits for the writer: memory stays bounded however fast it simulates. */
const MAX_IN_FLIGHT = 8;

/** What the main thread sends the writer thread. */
export type ToWriter =
  | { readonly type: 'open'; readonly path: string; readonly what: string }
  | { readonly type: 'rows'; readonly rows: Float64Array; readonly count: number; readonly strings: readonly string[] }
  | { readonly type: 'end' };

/** What the writer thread answers: a batch written, the file closed, or the error that stopped it. */
export type FromWriter = { readonly type: 'written' } | { readonly type: 'closed' } | { readonly type: 'error'; readonly message: string };

/** A packed row back as the record writeSessionRow takes; `strings` holds the row's labels by index. */
export function unpack(rows: Float64Array, i: number, strings: readonly string[]): { replication: number; record: SessionRecord } {
  const o = i * PACKED_FIELDS;
  return {
    replication: rows[o],
    record: {
      truck: rows[o + 1],
      fleet: strings[rows[o + 2]],
      arrivalMin: rows[o + 3],
      plugMin: rows[o + 4],
      unplugMin: rows[o + 5],
      departMin: rows[o + 6],
      waitMin: rows[o + 7],
      bay: rows[o + 8],
      connector: strings[rows[o + 9]],
      socIn: rows[o + 10],
      socOut: rows[o + 11],
      energyKwh: rows[o + 12],
      outcome: strings[rows[o + 13]] as SessionRecord['outcome'],
    },
  };
}

/**
 * The sessions part file of one replication: rows are written here, or (with `offload`, past
 * OFFLOAD_AFTER_ROWS rows) by a writer thread appending to the same file.
 */
export class SessionSink {
  private writer: CsvFileWriter | null;
  private rows = 0;
  private replication = 0;
  private thread: Worker | null = null;
  private batch = new Float64Array(0);
  private inBatch = 0;
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  private sentStrings = 0;
  private inFlight = 0;
  private failure: string | null = null;
  private waiting: (() => void) | null = null;
  private closed: Promise<void> | null = null;

  /** Opens (truncating) `path`, with the header row when `header`. */
  constructor(
    private readonly path: string,
    header: boolean,
    private readonly offload: boolean,
  ) {
    this.writer = new CsvFileWriter(path, header ? SESSION_COLUMNS : null);
  }

  /** Writes (or hands over) one truck's row. */
  add(replication: number, s: SessionRecord): void {
    if (this.writer !== null) {
      this.replication = replication;
      writeSessionRow(this.writer, replication, s);
      if (++this.rows === OFFLOAD_AFTER_ROWS && this.offload) this.handOver();
      return;
    }
    const b = this.batch;
    const o = this.inBatch * PACKED_FIELDS;
    b[o] = replication;
    b[o + 1] = s.truck;
    b[o + 2] = this.label(s.fleet);
    b[o + 3] = s.arrivalMin;
    b[o + 4] = s.plugMin;
    b[o + 5] = s.unplugMin;
    b[o + 6] = s.departMin;
    b[o + 7] = s.waitMin;
    b[o + 8] = s.bay;
    b[o + 9] = this.label(s.connector);
    b[o + 10] = s.socIn;
    b[o + 11] = s.socOut;
    b[o + 12] = s.energyKwh;
    b[o + 13] = this.label(s.outcome);
    if (++this.inBatch === BATCH_ROWS) this.send();
  }

  /**
   * Resolves once the writer thread has no more than its share of batches to write (at once when
   * there is none): the simulating thread waits here, between two slices, when it runs ahead.
   * @throws EnvironmentError as soon as the writer thread has failed, so the run stops.
   */
  async settle(): Promise<void> {
    if (this.thread !== null && this.inFlight > MAX_IN_FLIGHT && this.failure === null) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    if (this.failure !== null) throw new EnvironmentError(this.failure);
  }

  /** Whether a writer thread has taken the file over: its close is then to be waited for. */
  get threaded(): boolean {
    return this.thread !== null;
  }

  /**
   * Writes what is left and closes the file; with a writer thread, resolves when it has closed it.
   * @throws EnvironmentError when the writer thread could not write.
   */
  close(): Promise<void> {
    if (this.closed) return this.closed;
    if (this.writer !== null) {
      this.writer.close();
      this.writer = null;
      return (this.closed = Promise.resolve());
    }
    this.send();
    const thread = this.thread!;
    thread.postMessage({ type: 'end' } satisfies ToWriter);
    this.closed = new Promise<void>((resolve, reject) => {
      const finish = () => {
        void thread.terminate();
        if (this.failure !== null) reject(new EnvironmentError(this.failure));
        else resolve();
      };
      if (this.failure !== null) return finish();
      thread.on('message', (m: FromWriter) => {
        if (m.type === 'closed' || m.type === 'error') finish();
      });
        thread.once('error', () => finish());
    });
    return this.closed;
  }

  /** Closes the file here and lets a writer thread append the rest. */
  private handOver(): void {
    v8Budget.atV8Pace(); // the thread's code cache holds only under V8's own flags
    let thread: Worker;
    try {
      thread = new Worker(new URL('./session-writer.js', import.meta.url));
    } catch (err) {
      // Node's permission model refusing threads (no --allow-worker): the rows go on being written
      // here, as a short run's are, only slower.
      if ((err as NodeJS.ErrnoException).code === 'ERR_ACCESS_DENIED') return;
      throw err;
    }
    this.writer!.close();
    this.writer = null;
    thread.unref();
    thread.on('message', (m: FromWriter) => {
      if (m.type === 'written') {
        this.inFlight--;
        if (this.waiting !== null && this.inFlight <= MAX_IN_FLIGHT) {
          const w = this.waiting;
          this.waiting = null;
          w();
        }
      } else if (m.type === 'error') {
        this.failure ??= m.message;
        const w = this.waiting;
        this.waiting = null;
        w?.();
      }
    });
    thread.on('error', (e) => {
      this.failure ??= e.message;
      const w = this.waiting;
      this.waiting = null;
      w?.();
    });
    thread.postMessage({ type: 'open', path: this.path, what: `the sessions of replication ${this.replication}` } satisfies ToWriter);
    this.thread = thread;
    this.batch = new Float64Array(BATCH_ROWS * PACKED_FIELDS);
  }

  private label(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  private send(): void {
    if (this.inBatch === 0 || this.failure !== null) return;
    const rows = this.batch;
    const strings = this.strings.slice(this.sentStrings);
    this.sentStrings = this.strings.length;
    this.thread!.postMessage({ type: 'rows', rows, count: this.inBatch, strings } satisfies ToWriter, [rows.buffer]);
    this.inFlight++;
    this.batch = new Float64Array(BATCH_ROWS * PACKED_FIELDS);
    this.inBatch = 0;
  }
}
