import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { fileKind, readBoundedBytes } from '../bounded-read.js';
import { writeAll } from '../output/csv.js';
import { InputError, show, type InputIssue } from '../errors.js';
import { METRIC_NAMES, type Metrics } from '../model/metrics.js';

/** Largest table a merge reads from a slice (replications, breakdown states). */
const TABLE_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Reads a CSV table that hubsim wrote into a slice (replications.csv, breakdowns.csv), checking what
 * every such table must be before its rows are: readable and bounded, LF line ends, valid CSV, and
 * exactly the header `columns`. Returns its records, the header first, or undefined after recording
 * the problem in `issues`.
 */
export function readCsvTable(file: string, what: string, columns: readonly string[], issues: InputIssue[]): string[][] | undefined {
  // Bytes, as csv-parse takes them: a slice's replications.csv is not held as text besides.
  let bytes: Buffer;
  try {
    bytes = readBoundedBytes(file, what, TABLE_MAX_BYTES);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    issues.push(...err.issues);
    return undefined;
  }
  const cr = bytes.indexOf(CR);
  if (cr >= 0) {
    let line = 1;
    for (let at = bytes.indexOf(LF); at >= 0 && at < cr; at = bytes.indexOf(LF, at + 1)) line++;
    issues.push({ path: `${file} line ${line}`, expected: 'must end lines with LF, as hubsim writes them', found: 'CRLF' });
    return undefined;
  }
  let records: string[][];
  try {
    records = parse(bytes, { relax_column_count: true });
  } catch (err) {
    issues.push({ path: file, expected: 'must be valid CSV', found: (err as Error).message });
    return undefined;
  }
  const header = (records[0] ?? []).join(',');
  if (header !== columns.join(',')) {
    issues.push({ path: `${file} line 1`, expected: `must be the header ${columns.join(',')}`, found: show(header) });
    return undefined;
  }
  return records;
}

/** A number as hubsim writes one into a CSV (no `Infinity`, `NaN`, hex or spaces). */
export const CSV_NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * The largest magnitude a number read from a slice may have. No quantity hubsim writes comes near
 * it (a century of the largest hub's energy cost is below 1e20); a larger one, finite but edited in
 * by hand, would overflow the summaries' squares and sums to Infinity.
 */
export const MAX_MAGNITUDE = 1e100;

/**
 * One row's metric columns, in METRIC_NAMES order, as a table a slice holds writes them: a finite
 * number (at most MAX_MAGNITUDE in size), or nothing for an undefined metric (NaN). `bad` hears of
 * every other value.
 */
export function metricsOf(values: readonly string[], bad: (expected: string, found: string) => void): Metrics {
  const metrics = {} as Metrics;
  values.forEach((v, j) => {
    if (v !== '' && !(CSV_NUMBER.test(v) && Math.abs(Number(v)) <= MAX_MAGNITUDE)) bad(`must have a finite number or nothing in column ${METRIC_NAMES[j]} (a number at most ${MAX_MAGNITUDE} in size)`, v);
    metrics[METRIC_NAMES[j]] = v === '' ? NaN : Number(v);
  });
  return metrics;
}

/** What a CSV file that merge copies from a slice must hold. */
export interface CopyCheck {
  /** Its header, and so the number of fields of every row. */
  readonly columns: readonly string[];
  /** For a file whose first column is the replication: the replications the slice ran. */
  readonly replications?: { readonly first: number; readonly last: number };
}

/** The problem with a file a slice says it wrote that cannot be found or opened (`err`). */
export function missingSliceFile(file: string, err: unknown): InputIssue {
  const code = (err as NodeJS.ErrnoException).code;
  return { path: file, expected: 'must be there, as the slice says it wrote it', found: code === 'ENOENT' ? 'no such file' : String(code) };
}

/** The problem with a file of a slice that is not a regular file (a folder, a FIFO, a device). */
export function irregularSliceFile(file: string, stats: Stats): InputIssue {
  return { path: file, expected: 'must be a regular file, as hubsim writes it', found: fileKind(stats) };
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const ZERO = 48;
const NINE = 57;

/**
 * Appends a CSV file that hubsim wrote into a slice (sessions.csv, power.csv, bays.csv) to the open
 * file `out` (its header only with `withHeader`), checking it as it streams through, 1 MiB at a
 * time whatever its size: exactly the header `check.columns`, then rows of as many fields, each
 * ended by LF (a last row cut short is refused), and, with `check.replications`, a replication
 * of the slice in the first column, never decreasing. No field of these files is ever quoted (fleet
 * names and charger ids are labels without commas or quotes, the rest numbers and fixed words), so
 * a row's fields are told by its commas, without a CSV parser, and a quote is itself a fault.
 * @returns false after recording the first problem, with its file and line, in `issues`.
 */
export function copyCheckedCsv(file: string, out: number, withHeader: boolean, check: CopyCheck, issues: InputIssue[]): boolean {
  let fd: number;
  try {
    // Without blocking: a FIFO put in place of the file must be refused, not waited on.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    issues.push(missingSliceFile(file, err));
    return false;
  }
  const header = Buffer.from(`${check.columns.join(',')}\n`);
  const commasPerRow = check.columns.length - 1;
  const range = check.replications;
  const buf = Buffer.allocUnsafe(1 << 20);
  const fail = (line: number, expected: string, found: string) => {
    issues.push({ path: `${file} line ${line}`, expected, found });
    return false;
  };
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      issues.push(irregularSliceFile(file, stats));
      return false;
    }
    let n = readSync(fd, buf, 0, buf.length, 0);
    let pos = n;
    if (n < header.length || !buf.subarray(0, header.length).equals(header)) {
      const first = buf.subarray(0, Math.min(n, 400)).toString('utf8').split('\n')[0];
      // The header with a CR before its LF looks the same when shown: say what differs.
      if (first === `${header.toString().trim()}\r`) return fail(1, 'must end lines with LF, as hubsim writes them', 'CRLF');
      return fail(1, `must be the header ${header.toString().trim()}`, show(first));
    }
    if (withHeader) writeAll(out, header);
    let start = header.length;
    let line = 2;
    let commas = 0;
    // The first field of the row, while it is being read with `range`: the replication, as digits
    // (no leading zero), and the replication of the row before.
    let first = range !== undefined;
    let rep = 0;
    let digits = 0;
    let repText = true;
    let previous = range?.first ?? 0;
    let last = LF;
    for (;;) {
      let i = start;
      while (i < n) {
        if (first) {
          for (; i < n; i++) {
            const c = buf[i];
            if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
            if (c < ZERO || c > NINE || (digits === 0 && c === ZERO) || digits >= 15) repText = false;
            else rep = rep * 10 + (c - ZERO);
            digits++;
          }
          if (i === n) break;
          first = false;
          if (buf[i] === COMMA) {
            const r = range!;
            const where = r.first === r.last ? `replication ${r.first}` : `a replication from ${r.first} to ${r.last}`;
            if (!repText || digits === 0) return fail(line, `must begin with ${where}, as shard.json says`, 'no whole number');
            if (rep < r.first || rep > r.last) return fail(line, `must begin with ${where}, as shard.json says`, String(rep));
            if (rep < previous) return fail(line, 'must be in replication order', `replication ${rep} after ${previous}`);
            previous = rep;
          }
        }
        // The rest of the row. Every byte hubsim writes in a field is above the comma, but for a
        // space or a bracket in a label: one comparison tells most bytes apart.
        for (; i < n; i++) {
          const c = buf[i];
          if (c > COMMA) continue;
          if (c === COMMA) commas++;
          else if (c === LF) break;
          else if (c === CR) return fail(line, 'must end lines with LF, as hubsim writes them', 'CRLF');
          else if (c === QUOTE) return fail(line, 'must have no quoted field, as hubsim writes none here', 'a quote');
        }
        if (i === n) break;
        if (commas !== commasPerRow) return fail(line, `must have ${commasPerRow + 1} fields, as the header`, String(commas + 1));
        i++;
        line++;
        commas = 0;
        first = range !== undefined;
        rep = 0;
        digits = 0;
        repText = true;
      }
      writeAll(out, buf.subarray(start, n));
      last = buf[n - 1];
      n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      pos += n;
      start = 0;
    }
    if (last !== LF) return fail(line, 'must end with a line break, as every row hubsim writes does', 'a last row cut short');
    return true;
  } finally {
    closeSync(fd);
  }
}
