import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { SimulationError } from '../errors.js';

/** A number as hubsim writes one into a CSV (no `Infinity`, `NaN`, hex or spaces). */
export const CSV_NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * The largest magnitude a number read back from hubsim's CSVs may have. No quantity hubsim writes
 * comes near it (a century of the largest hub's energy cost is below 1e20); a larger one, finite
 * but edited in by hand, would overflow the summaries' squares and sums to Infinity.
 */
export const MAX_MAGNITUDE = 1e100;

/** How a cell starts that a spreadsheet takes for a formula (OWASP's list for CSV injection). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Why a text that starts as a formula does is refused where hubsim would write it into a CSV. */
export const FORMULA_TEXT = 'must not be a text starting with =, +, -, @, a tab or a carriage return: the CSVs hold it as it is, and a spreadsheet would run it as a formula';

/**
 * Writes all of `bytes` to `fd`. One `writeSync` may take only part of them (a disk that fills up
 * midway writes what fits and returns its count); the next call then meets the full disk's ENOSPC.
 */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Renders a number for CSV: empty for NaN (an undefined metric), otherwise JavaScript's shortest
 * round-trip form, so that reading a file back gives exactly the same double. No locale, `.` decimals.
 * @throws SimulationError for ±Infinity, which no output may hold.
 */
export function exact(x: number): string {
  if (Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) throw new SimulationError(`a non-finite value (${x}) reached an output file`);
  return String(x);
}

/**
 * Renders a number rounded to 1e-6 (enough for minutes, kWh and kW in the detail files).
 * @throws SimulationError for ±Infinity.
 */
export function rounded(x: number): string {
  if (Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) throw new SimulationError(`a non-finite value (${x}) reached an output file`);
  const r = Math.round(x * 1e6) / 1e6;
  return String(r); // String(-0) is "0": a value rounded to 0 from below is written 0
}

/**
 * RFC 4180 text of a header and rows (CRLF-free: `\n` line ends, as most tools expect), exactly as
 * csv-stringify writes it; rows that need no quoting are joined directly, which is much faster.
 */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines: string[] = [];
  for (const row of [header, ...rows]) {
    let plain = true;
    for (const cell of row) if (NEEDS_QUOTES.test(cell)) plain = false;
    if (!plain) lines.push(stringify([row as string[]]));
    else if (row.length === 1 && row[0] === '') lines.push(stringify([['']])); // csv-stringify's own form of a lone empty field
    else lines.push(`${row.join(',')}\n`);
  }
  return lines.join('');
}

/** One field of a row of several, quoted exactly as csv-stringify (and so `csvText`) quotes it there. */
export function csvField(s: string): string {
  return NEEDS_QUOTES.test(s) ? stringify([[s, 'x']]).slice(0, -3) : s;
}

const COMMA = 44;
const NEWLINE = 10;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
/** csv-stringify quotes a field (by default) exactly when it holds one of these. */
const NEEDS_QUOTES = /[",\r\n]/;
/** Below this magnitude `rounded`'s text is the decimal Math.round(x·1e6)/1e6 itself (doubles there are spaced far closer than 1e-6), which the writer renders digit by digit. */
const FAST_LIMIT = 1e9;
/** Bytes before a writer's first flush (see `limit`): a few rows of any file. */
const FIRST_FLUSH = 1 << 10;

/**
 * Streams CSV rows to a file, field by field, through a byte buffer flushed with synchronous writes:
 * a long run's sessions go to disk as they happen and memory stays flat (a synchronous simulation
 * cannot wait on a stream). Numbers are written digit by digit, byte-identical to `rounded` and
 * String() but several times faster; text fields are quoted exactly as csv-stringify quotes them.
 * Writing a detail file costs about as much as simulating the trucks in it; through csv-stringify it
 * cost three times as much.
 */
export class CsvFileWriter {
  private fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  // The first flush comes after FIRST_FLUSH bytes, then every full buffer: so the code that
  // flushes has run before V8 optimises the writer, which otherwise compiled the writing of a
  // row twice (once before the first flush, and again after it threw that code away).
  private limit = FIRST_FLUSH;
  private first = true;
  private readonly encoded = new Map<string, Buffer>();

  /** Opens `path` (truncating it, or appending to it with `append`) and writes `header`, unless null. */
  constructor(path: string, header: readonly string[] | null, append = false) {
    this.fd = openSync(path, append ? 'a' : 'w');
    if (header) {
      for (const h of header) this.text(h);
      this.end();
    }
  }

  /** A number rounded to 1e-6 (as `rounded`); empty for NaN. @throws SimulationError for ±Infinity. */
  num(x: number): void {
    this.sep();
    if (x !== x) return;
    if (!(x < FAST_LIMIT && x > -FAST_LIMIT)) return this.ascii(rounded(x));
    let n = Math.round(x * 1e6);
    if (n === 0) return this.byte(ZERO);
    if (n < 0) {
      this.byte(MINUS);
      n = -n;
    }
    // Both parts fit 32-bit integers (|x| < 1e9), so the digit loops use integer arithmetic.
    const whole = Math.floor(n / 1e6);
    let frac = (n - whole * 1e6) | 0;
    this.digits(whole);
    if (frac === 0) return;
    this.byte(DOT);
    let width = 6;
    while (frac % 10 === 0) {
      frac = (frac / 10) | 0;
      width--;
    }
    this.room(width);
    const buf = this.buf;
    for (let i = this.pos + width - 1; i >= this.pos; i--) {
      const q = (frac / 10) | 0;
      buf[i] = ZERO + frac - q * 10;
      frac = q;
    }
    this.pos += width;
  }

  /** A whole number >= 0, as String() writes it. */
  int(n: number): void {
    this.sep();
    this.digits(n);
  }

  /** A text field, quoted where csv-stringify would quote it (when it holds a comma, a quote or a line break). */
  text(s: string): void {
    this.sep();
    // The same few labels (fleet names, connectors, outcomes) recur on every row: encode each once.
    const known = this.encoded.get(s);
    if (known !== undefined) {
      // Byte by byte: Buffer's copy() checks its arguments and calls into C++, several times the
      // cost of copying a label of a few bytes.
      const n = known.length;
      this.room(n);
      const buf = this.buf;
      for (let i = 0, o = this.pos; i < n; i++) buf[o + i] = known[i];
      this.pos += n;
      return;
    }
    // The field as csv-stringify renders it beside another (a lone empty field renders differently).
    const field = csvField(s);
    if (field.length <= 64 && this.encoded.size < 256) this.encoded.set(s, Buffer.from(field, 'utf8'));
    this.utf8(field);
  }

  /** An empty field. */
  empty(): void {
    this.sep();
  }

  /** Ends the row. */
  end(): void {
    this.byte(NEWLINE);
    this.first = true;
  }

  /** A whole row of already rendered fields (quoted as csv-stringify would). */
  row(values: readonly string[]): void {
    for (const v of values) this.text(v);
    this.end();
  }

  /**
   * Writes what is buffered and closes the file, which is closed even when that write fails (a full
   * disk): a file left open keeps its space held, deleted or not, for as long as hubsim runs. A
   * second close does nothing.
   */
  close(): void {
    if (this.fd < 0) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  private sep(): void {
    if (this.first) this.first = false;
    else this.byte(COMMA);
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  private ascii(s: string): void {
    this.room(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  private utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    if (n > this.buf.length) {
      this.flush();
      writeAll(this.fd, Buffer.from(s, 'utf8'));
      return;
    }
    this.room(n);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  private digits(n: number): void {
    let len = 1;
    for (let p = 10; p <= n; p *= 10) len++;
    this.room(len);
    const buf = this.buf;
    if (n < 2147483648) {
      let m = n | 0;
      for (let i = this.pos + len - 1; i >= this.pos; i--) {
        const q = (m / 10) | 0;
        buf[i] = ZERO + m - q * 10;
        m = q;
      }
    } else {
      for (let i = this.pos + len - 1; i >= this.pos; i--) {
        buf[i] = ZERO + (n % 10);
        n = Math.floor(n / 10);
      }
    }
    this.pos += len;
  }

  /** Makes room for `n` (at most the buffer's size) more bytes. */
  private room(n: number): void {
    if (this.pos + n > this.limit) this.flush();
  }

  private flush(): void {
    writeAll(this.fd, this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.limit = this.buf.length;
  }
}
