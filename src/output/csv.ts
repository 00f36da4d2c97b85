import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/**
 * Renders a number for CSV: empty for NaN (an undefined metric), otherwise JavaScript's shortest
 * round-trip form, so that reading a file back gives exactly the same double. No locale, `.` decimals.
 */
export function exact(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

/** Renders a number rounded to 1e-6 (enough for minutes, kWh and kW in the detail files). */
export function rounded(x: number): string {
  if (Number.isNaN(x)) return '';
  const r = Math.round(x * 1e6) / 1e6;
  return String(r === 0 ? 0 : r); // no "-0"
}

/** RFC 4180 text of a header and rows (CRLF-free: `\n` line ends, as most tools expect). */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header as string[], ...(rows as string[][])]);
}

/**
 * Streams rows to a CSV file in batches with synchronous writes, so a long run's sessions go to
 * disk as they happen and memory stays flat (a synchronous simulation cannot wait on a stream).
 */
export class CsvFileWriter {
  private readonly fd: number;
  private batch: string[][] = [];

  // Batches of a few hundred rows die young: larger ones survive into V8's old generation and
  // triple the garbage collector's share of a sessions-writing run.
  constructor(path: string, header: readonly string[] | null, private readonly batchSize = 256) {
    this.fd = openSync(path, 'w');
    if (header) this.batch.push([...header]);
  }

  /** Queues one row (already rendered as strings). */
  row(values: string[]): void {
    this.batch.push(values);
    if (this.batch.length >= this.batchSize) this.flush();
  }

  /** Writes what is queued and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    writeSync(this.fd, stringify(this.batch));
    this.batch = [];
  }
}
