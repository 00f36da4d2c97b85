import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { fileKind, readBoundedBytes } from '../bounded-read.js';
import { quoteIssue } from '../csv-quotes.js';
import { CSV_NUMBER, MAX_MAGNITUDE, writeAll } from '../output/csv.js';
import { InputError, show, type InputIssue } from '../errors.js';
import { METRIC_NAMES, type Metrics } from '../model/metrics.js';
import { replicationSeed } from '../random/streams.js';
import { LABEL } from '../scenario/types.js';
import { buildFingerprint } from './version.js';
import { counted } from '../words.js';

/** Largest table a merge reads from a slice (replications, breakdown states). */
const TABLE_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Reads a CSV table that hubsim wrote into a slice (replications.csv, breakdowns.csv), checking what
 * every such table must be before its rows are: readable and bounded, LF line ends, valid CSV, and
 * exactly the header `columns`. Returns its records, the header first, or undefined after recording
 * the problem in `issues`; and, when the bytes are not those the slice recorded (`digest`), that
 * problem, for the caller to record once its rows' checks have found nothing: a value edited in is
 * then named by its line, as in a slice of a build that records no digests.
 * @throws only an error of the read that is not an InputError (a failed close, say): every problem
 * of the file itself goes into `issues`.
 */
export function readCsvTable(file: string, what: string, columns: readonly string[], issues: InputIssue[], digest?: FileDigest): { records: string[][]; changed?: InputIssue } | undefined {
  // Bytes, as csv-parse takes them: a slice's replications.csv is not held as text besides.
  let bytes: Buffer;
  try {
    bytes = readBoundedBytes(file, what, TABLE_MAX_BYTES);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    issues.push(...err.issues);
    return undefined;
  }
  // The very bytes parsed: a file swapped for another between a check and a read would pass.
  const changed = digest && changedSliceFile(file, digest, digestOfBytes(bytes));
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
    // A quote out of place is on the line csv-parse stopped at; one left open, anywhere before the file's end.
    const { code, lines } = err as { code?: unknown; lines?: unknown };
    const quote = quoteIssue(err, code === 'CSV_QUOTE_NOT_CLOSED' || typeof lines !== 'number' ? file : `${file} line ${lines}`, (i) => columns[i]);
    issues.push(quote ?? { path: file, expected: 'must be valid CSV', found: (err as Error).message });
    return undefined;
  }
  const header = (records[0] ?? []).join(',');
  if (header !== columns.join(',')) {
    issues.push({ path: `${file} line 1`, expected: `must be the header ${columns.join(',')}`, found: shownHeader(header) });
    return undefined;
  }
  return { records, changed: changed || undefined };
}

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

/** Where a row of a slice's replications.csv belongs: its task, the replication whose seed it must have, and how a message names it. */
export interface RowPlace {
  readonly task: number;
  readonly replication: number;
  readonly label: string;
}

/** What a slice's replications.csv holds rows of: its tasks `first`–`last`, each once, a task being `unit`. */
export interface SliceShare {
  readonly first: number;
  readonly last: number;
  readonly seed: number;
  /** A task, in the singular and the plural: 'replication', or 'design × replication' (alike in both). */
  readonly unit: readonly [string, string];
}

/**
 * Reads a slice's replications.csv (header `columns`, then the key columns `place` reads, a seed
 * and the metrics), checking it row by row against the slice's `share`: each row of a task in it,
 * once, with its replication's seed and metrics a table holds; and, when no row was wrong, a row of
 * every task. `place` records a row it cannot place (returning undefined) or one outside the share.
 * Returns `build(place, seed, metrics)` of each row placed, in task order.
 */
export function readShareRows<R>(
  file: string,
  columns: readonly string[],
  digest: FileDigest | undefined,
  share: SliceShare,
  issues: InputIssue[],
  place: (keys: readonly string[], bad: (expected: string, found: unknown) => void) => RowPlace | undefined,
  build: (at: RowPlace, seed: number, metrics: Metrics) => R,
): R[] {
  const table = readCsvTable(file, 'replications table', columns, issues, digest);
  if (!table) return [];
  const records = table.records;
  const before = issues.length;
  const keys = columns.length - METRIC_NAMES.length - 1; // the columns before the seed
  const rows: { task: number; row: R }[] = [];
  const seen = new Set<number>();
  for (let i = 1; i < records.length; i++) {
    const rec = records[i];
    const bad = (expected: string, found: unknown) => issues.push({ path: `${file} line ${i + 1}`, expected, found: show(found) });
    if (rec.length !== columns.length) {
      bad(`must have ${columns.length} columns`, `${rec.length}`);
      continue;
    }
    const at = place(rec.slice(0, keys), bad);
    if (at === undefined) continue;
    if (seen.has(at.task)) bad(`must not repeat a ${share.unit[0]}`, at.label);
    seen.add(at.task);
    const seed = rec[keys];
    const own = replicationSeed(share.seed, at.replication);
    if (seed !== String(own)) bad(`must have replication ${at.replication}'s seed, ${own}`, seed);
    rows.push({ task: at.task, row: build(at, Number(seed), metricsOf(rec.slice(keys + 1), bad)) });
  }
  // A row missing is said only when no row was wrong: a row that was is often the one missing.
  const want = Math.max(0, share.last - share.first + 1);
  if (seen.size !== want && issues.length === before) {
    issues.push({ path: `${file} line ${records.length}`, expected: `must hold ${share.unit[1]} ${share.first}–${share.last} (${counted(want, 'row')}), as shard.json says`, found: counted(seen.size, 'row') });
  }
  if (table.changed && issues.length === before) issues.push(table.changed);
  return rows.sort((x, y) => x.task - y.task).map((r) => r.row);
}

/**
 * What a field of a CSV file that merge copies must hold, as hubsim writes it there: a whole number
 * (`whole`; `whole?`: or nothing), a number or nothing (`number`: as CSV_NUMBER, at most
 * MAX_MAGNITUDE in size; nothing for an undefined value), one of a list of texts, or a label
 * (LABEL: a name from the scenario that merge does not list). Anything else, `NaN`, `Infinity` or a
 * spreadsheet formula edited in, is refused rather than copied into the result.
 */
export type FieldKind = 'whole' | 'whole?' | 'number' | 'label' | readonly string[];

/** What a CSV file that merge copies from a slice must hold. */
export interface CopyCheck {
  /** Its header, and so the number of fields of every row. */
  readonly columns: readonly string[];
  /** What each column holds (the first one's replication, with `replications`, is checked apart). */
  readonly kinds: readonly FieldKind[];
  /** For a file whose first column is the replication: the replications the slice ran. */
  readonly replications?: { readonly first: number; readonly last: number };
  /** What the slice recorded of the file (shard.json's `files`): its size and SHA-256, which it must still have. */
  readonly digest?: FileDigest;
}

/** A file's size and SHA-256, as a slice's shard.json records them. */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Records the problems of a slice manifest's `files` (at `path`): a size and SHA-256 for each of
 * at most the `allowed` files. Absent is a slice of an earlier build's; a slice of the build that
 * runs now (`build`, the manifest's, against this one's) always has it, and one without has had it
 * taken out.
 */
export function checkFileRecord(files: unknown, build: unknown, allowed: readonly string[], path: string, issues: InputIssue[]): void {
  if (files === undefined) {
    if (build !== undefined && build === buildFingerprint()) {
      issues.push({ path, expected: 'must record the size and SHA-256 of each file the slice wrote, as this build of hubsim does (only slices of earlier builds have none)', found: 'nothing' });
    }
    return;
  }
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    issues.push({ path, expected: 'must give each file the slice wrote its size and SHA-256 (as hubsim writes it with --shard)', found: show(files) });
    return;
  }
  const names = Object.keys(files);
  if (names.length > allowed.length) {
    issues.push({ path, expected: `must have an entry for each of at most ${allowed.length} files (${allowed.join(', ')})`, found: `${names.length} entries` });
    return;
  }
  for (const [name, d] of Object.entries(files)) {
    const at = `${path}.${name}`;
    if (!allowed.includes(name)) {
      issues.push({ path: at, expected: `must be one of ${allowed.join(', ')}`, found: 'another file' });
      continue;
    }
    const digest = d as Partial<FileDigest> | null;
    if (typeof digest?.bytes !== 'number' || !Number.isSafeInteger(digest.bytes) || digest.bytes < 0) issues.push({ path: `${at}.bytes`, expected: 'must be a whole number of bytes', found: show(digest?.bytes) });
    if (typeof digest?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(digest.sha256)) issues.push({ path: `${at}.sha256`, expected: 'must be a SHA-256 (64 hex digits)', found: show(digest?.sha256) });
  }
}

/**
 * What a slice's manifest (`manifestFile`) records of its `file`, for checking the file against it:
 * undefined for a slice of a build that recorded nothing (`files` absent), and for one whose record
 * leaves the file out, which is recorded as a problem.
 */
export function recordedDigest(files: Readonly<Record<string, FileDigest>> | undefined, file: string, manifestFile: string, issues: InputIssue[]): FileDigest | undefined {
  if (files === undefined) return undefined;
  const d = Object.hasOwn(files, file) ? files[file] : undefined;
  if (d === undefined) issues.push({ path: `${manifestFile}: files`, expected: `must record ${file}, which the slice wrote and merge joins`, found: 'no entry' });
  return d;
}

/** The size and SHA-256 of the file at `path`, read 1 MiB at a time (a slice's sessions.csv may hold gigabytes). */
export function fileDigest(path: string): FileDigest {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (let n = readSync(fd, buf, 0, buf.length, bytes); n > 0; n = readSync(fd, buf, 0, buf.length, bytes)) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** The size and SHA-256 of bytes read whole. */
export function digestOfBytes(bytes: Buffer): FileDigest {
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * The problem with a slice's file that is not as the slice wrote it (`want`, from its shard.json):
 * another size, or (with `got.sha256`) other contents; undefined when it is the same.
 */
export function changedSliceFile(file: string, want: FileDigest, got: { readonly bytes: number; readonly sha256?: string }): InputIssue | undefined {
  const why = 'merge joins only files as their slice wrote them: one with rows taken out, cut short or edited would make a result no run gives';
  if (got.bytes !== want.bytes) return { path: file, expected: `must be as its slice wrote it, ${want.bytes} bytes as shard.json records (${why})`, found: `${got.bytes} bytes` };
  if (got.sha256 !== undefined && got.sha256 !== want.sha256) return { path: file, expected: `must be as its slice wrote it, with the SHA-256 shard.json records (${why})`, found: 'other contents of as many bytes' };
  return undefined;
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
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Longest field a copied file may hold: a label of 100 characters, with room to spare. */
const FIELD_MAX_BYTES = 1024;

/** Whether bytes [a, b) of `buf` are a whole number as String() writes one: digits, no leading zero. */
function wholeAt(buf: Buffer, a: number, b: number): boolean {
  if (b === a || b - a > 15 || (buf[a] === ZERO && b - a > 1)) return false;
  for (let i = a; i < b; i++) if (buf[i] < ZERO || buf[i] > NINE) return false;
  return true;
}

/** Whether bytes [a, b) of `buf` are a number as hubsim writes one (see FieldKind), or nothing. */
function numberAt(buf: Buffer, a: number, b: number): boolean {
  // Most are digits with a point at most, and a sign: read as bytes. An exponent (a value of 1e21
  // or more, as String() writes it) goes through the grammar and the bound.
  let i = buf[a] === MINUS ? a + 1 : a;
  let digits = 0;
  let dots = 0;
  for (; i < b; i++) {
    const c = buf[i];
    if (c >= ZERO && c <= NINE) digits++;
    else if (c === DOT && dots === 0) dots++;
    else break;
  }
  if (i === b) return digits > 0 || b === a;
  const text = buf.toString('latin1', a, b);
  return CSV_NUMBER.test(text) && Math.abs(Number(text)) <= MAX_MAGNITUDE;
}

/** A test of a field's bytes for each kind (see FieldKind), and what it says a field must be. */
function fieldTest(kind: FieldKind): { readonly ok: (buf: Buffer, a: number, b: number) => boolean; readonly must: string } {
  if (kind === 'whole') return { ok: wholeAt, must: 'a whole number' };
  if (kind === 'whole?') return { ok: (buf, a, b) => a === b || wholeAt(buf, a, b), must: 'a whole number or nothing' };
  if (kind === 'number') return { ok: numberAt, must: `a finite number or nothing (at most ${MAX_MAGNITUDE} in size)` };
  if (kind === 'label') return { ok: (buf, a, b) => LABEL.test(buf.toString('utf8', a, b)), must: 'a label as a scenario names things' };
  const texts = kind.map((t) => Buffer.from(t, 'utf8'));
  // Byte by byte: Buffer's compare() calls into C++, several times the cost of a label's few bytes.
  const same = (t: Buffer, buf: Buffer, a: number): boolean => {
    for (let i = 0; i < t.length; i++) if (buf[a + i] !== t[i]) return false;
    return true;
  };
  return {
    ok: (buf, a, b) => {
      for (const t of texts) if (t.length === b - a && same(t, buf, a)) return true;
      return false;
    },
    must: `one of ${kind.map((t) => (t === '' ? 'nothing' : t)).join(', ')}`,
  };
}

/**
 * Appends a CSV file that hubsim wrote into a slice (sessions.csv, power.csv, bays.csv) to the open
 * file `out` (its header only with `withHeader`), checking it as it streams through, 1 MiB at a
 * time whatever its size: exactly the header `check.columns`, then rows of as many fields, each
 * ended by LF (a last row cut short is refused), each field of its column's kind (`check.kinds`),
 * and, with `check.replications`, a replication of the slice in the first column, never
 * decreasing. No field of these files is ever quoted (fleet names and charger ids are labels: no
 * comma, quote or line break), so a quote is refused too. With `check.digest`, the file must then
 * have the size and SHA-256 its slice recorded: rows taken out, or a value changed for another
 * that looks as right, show only so. On the first problem, records it (with its line) and returns
 * false; what was appended by then is for the caller to discard.
 *
 * Checked byte by byte rather than parsed with csv-parse: the merged file must be the slices' own
 * bytes, which a parser's fields, written out again, need not give back; and with no quoting in
 * these files, what is checked is only separators, line ends and each field's characters.
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
  const columns = check.columns.length;
  const range = check.replications;
  const where = range === undefined ? '' : range.first === range.last ? `replication ${range.first}` : `a replication from ${range.first} to ${range.last}`;
  const tests = check.kinds.map(fieldTest);
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
    // Its rows are checked first, so that a row gone wrong is named by its line; its record after.
    const digest = check.digest;
    const hash = digest ? createHash('sha256') : null;
    let n = readSync(fd, buf, 0, buf.length, 0);
    hash?.update(buf.subarray(0, n));
    let pos = n;
    if (n < header.length || !buf.subarray(0, header.length).equals(header)) {
      const first = buf.subarray(0, Math.min(n, 400)).toString('utf8').split('\n')[0];
      // The header with a CR before its LF looks the same when shown: say what differs.
      if (first === `${header.toString().trim()}\r`) return fail(1, 'must end lines with LF, as hubsim writes them', 'CRLF');
      return fail(1, `must be the header ${header.toString().trim()}`, shownHeader(first));
    }
    if (withHeader) writeAll(out, header);
    let start = header.length;
    let line = 2;
    let col = 0;
    let from = start; // where the field being read began in `buf`
    let carry: Buffer | null = null; // its bytes in the reads before, when it began in one
    let previous = range?.first ?? 0;
    let last = LF;
    for (;;) {
      for (let i = start; i < n; i++) {
        const c = buf[i];
        // Every byte hubsim writes in a field is above the comma, but for a space or a bracket in a
        // label: one comparison tells most bytes apart.
        if (c > COMMA) continue;
        if (c === COMMA || c === LF) {
          // A row of too few fields is named as such, not by the field that would come next; and a
          // comma after the last column's value is counted at the row's end, as one field too many.
          if (c === LF && col !== columns - 1) return fail(line, `must have ${columns} fields, as the header`, String(col + 1));
          if (col < columns - 1 || c === LF) {
            let b = buf;
            let a = from;
            let z = i;
            if (carry !== null) {
              b = Buffer.concat([carry, buf.subarray(0, i)]);
              a = 0;
              z = b.length;
            }
            if (col === 0 && range !== undefined) {
              if (!wholeAt(b, a, z)) return fail(line, `must begin with ${where}, as shard.json says`, 'no whole number');
              let rep = 0;
              for (let j = a; j < z; j++) rep = rep * 10 + (b[j] - ZERO);
              if (rep < range.first || rep > range.last) return fail(line, `must begin with ${where}, as shard.json says`, String(rep));
              if (rep < previous) return fail(line, 'must be in replication order', `replication ${rep} after ${previous}`);
              previous = rep;
            } else if (!tests[col].ok(b, a, z)) {
              return fail(line, `must have in column ${check.columns[col]} ${tests[col].must}, as hubsim writes it`, show(b.toString('utf8', a, z)));
            }
          }
          carry = null;
          from = i + 1;
          if (c === COMMA) col++;
          else {
            line++;
            col = 0;
          }
        } else if (c === CR) return fail(line, 'must end lines with LF, as hubsim writes them', 'CRLF');
        else if (c === QUOTE) return fail(line, 'must have no quoted field, as hubsim writes none here', 'a quote');
      }
      writeAll(out, buf.subarray(start, n));
      if (from < n) {
        const part = buf.subarray(from, n);
        carry = carry === null ? Buffer.from(part) : Buffer.concat([carry, part]);
        if (carry.length > FIELD_MAX_BYTES) return fail(line, `must have fields of at most ${FIELD_MAX_BYTES} bytes, as hubsim writes them`, 'a longer one');
      }
      last = buf[n - 1];
      n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      hash?.update(buf.subarray(0, n));
      pos += n;
      start = 0;
      from = 0;
    }
    if (last !== LF) return fail(line, 'must end with a line break, as every row hubsim writes does', 'a last row cut short');
    const changed = digest && changedSliceFile(file, digest, { bytes: pos, sha256: hash!.digest('hex') });
    if (changed) {
      issues.push(changed);
      return false;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

/**
 * A first line that is not the header expected, for a message: shown if it could be a header of
 * names; any other line is not repeated, as the file (a link planted in a slice, say) may be
 * anything readable.
 */
function shownHeader(line: string): string {
  return /^[\w,]*$/.test(line) ? show(line) : "a line that is no header of names (not shown: the file may not be a slice's)";
}
