import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, Parser, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { quoteIssue } from '../csv-quotes.js';
import { InputError, show, type InputIssue } from '../errors.js';
import { COMMAS, counted, firstFew, otherSeparator, separatedCells, UTF16_TEXT } from '../words.js';
import { heldTo, mayGroupThousands, READS_AS_ZERO, readsAsZero, ungrouped, valueHint, type FieldUnit } from './hints.js';
import { likelyMeant } from './suggest.js';
import type { TraceColumns, TraceRow } from './types.js';

/** Limits on reading one trace; beyond any of them the trace is an input error. */
export interface TraceLimits {
  /** Most rows: 20 M rows of every column take about 1 GB as columns. */
  readonly rows: number;
  /** Longest record, the characters of its cells together; a real row is under 100. */
  readonly recordChars: number;
  /** Largest file, in bytes: 2 GiB, far above 20 M rows of every column (~1 GB). */
  readonly bytes: number;
  /** Problems listed before reading stops: the first ones are enough to fix the file. */
  readonly issues: number;
}

/** How much of a trace's first line is kept to tell why csv-parse gave up on it: more than a header's longest record. */
const HEAD_CHARS = 64 * 1024;

/** Most bytes of a trace held back from csv-parse until its header's line is whole: HEAD_CHARS characters of 4 bytes. */
const HOLD_BYTES = 4 * HEAD_CHARS;

/**
 * The limits every trace a scenario names is read with (`parseTrace`'s and `readTrace`'s default);
 * TraceLimits says why each is where it is.
 */
export const TRACE_LIMITS: TraceLimits = { rows: 20_000_000, recordChars: 4096, bytes: 2 * 1024 ** 3, issues: 100 };

/** `2147483648` → `2147483648 bytes (2 GiB)`. */
export function showBytes(n: number): string {
  const unit = n % 1024 ** 3 === 0 ? ` (${n / 1024 ** 3} GiB)` : n % 1024 ** 2 === 0 ? ` (${n / 1024 ** 2} MiB)` : '';
  return `${n} bytes${unit}`;
}

type NumericKey = Exclude<keyof TraceColumns, 'length' | 'fleet' | 'fleetNames'>;
type ColumnSpec = { readonly name: string } & ({ readonly key: NumericKey; readonly min: number; readonly max: number } | { readonly key: 'fleet' });

/**
 * Trace columns by header name, and the range each value must lie in (the scenario field's range).
 * A Map, not an object: a header such as `constructor` or `__proto__` must not find anything.
 */
const COLUMNS: ReadonlyMap<string, ColumnSpec> = new Map(
  (
    [
      { name: 'arrival_min', key: 'arrivalMin', min: 0, max: Infinity },
      { name: 'fleet', key: 'fleet' },
      { name: 'soc_in', key: 'socIn', min: 0, max: 1 },
      { name: 'target_soc', key: 'targetSoc', min: 0, max: 1 },
      { name: 'energy_kwh', key: 'energyKwh', min: 0, max: Infinity },
      { name: 'break_min', key: 'breakMin', min: 0, max: 10080 },
      { name: 'patience_min', key: 'patienceMin', min: 0, max: 10080 },
    ] as const
  ).map((spec): [string, ColumnSpec] => [spec.name, spec]),
);

/** The header names a trace's columns may have. */
export const TRACE_HEADERS: readonly string[] = [...COLUMNS.keys()];

/**
 * The scenario fields that a trace column overrides for the trucks of the rows that give it, by
 * column: the scenario's own and each type's (a wanted amount comes from `target_soc` or
 * `energy_kwh`). The `fleet` column overrides the types' shares.
 */
export const TRACE_OVERRIDES: Readonly<Record<string, { readonly demand?: readonly string[]; readonly behaviour?: readonly string[] }>> = {
  soc_in: { demand: ['arrivalSoc'] },
  target_soc: { demand: ['targetSoc', 'energyKwh'] },
  energy_kwh: { demand: ['targetSoc', 'energyKwh'] },
  break_min: { behaviour: ['breakMin'] },
  patience_min: { behaviour: ['patienceMin'] },
};

/**
 * Names a trace's author may take from the scenario for a column (case, `_` and `-` aside): its
 * fields for the same quantities, and a truck type for `fleet`. `arrival_soc` is a slip away from
 * `arrival_min`, so a guess by spelling alone would name the wrong column.
 */
const SCENARIO_NAMES: ReadonlyMap<string, string> = new Map([
  ['arrivalsoc', 'soc_in'],
  ['soc', 'soc_in'],
  ['targetsoc', 'target_soc'],
  ['energykwh', 'energy_kwh'],
  ['breakmin', 'break_min'],
  ['patiencemin', 'patience_min'],
  ['type', 'fleet'],
  ['trucktype', 'fleet'],
  // What a fleet's own records call the truck's type.
  ['vehicle', 'fleet'],
  ['vehicletype', 'fleet'],
]);

/** The column an unknown header name likely means, by the scenario's names, else by spelling. */
function columnMeant(name: string, known: readonly string[]): string | undefined {
  return SCENARIO_NAMES.get(name.toLowerCase().replace(/[\s_-]/g, '')) ?? likelyMeant(name, known);
}

/** The unit each numeric column is in, for the hint of a cell written in another. */
const COLUMN_UNITS: Readonly<Record<NumericKey, FieldUnit>> = {
  arrivalMin: 'minutes',
  socIn: 'fraction',
  targetSoc: 'fraction',
  energyKwh: 'kWh',
  breakMin: 'minutes',
  patienceMin: 'minutes',
};

/** A date (2025-05-05, 05.05.2025, 5/5/2025) or a clock time (00:04): what a logger's time column holds. */
const DATE_OR_TIME = /\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d:\d\d/;

/**
 * For a row with more cells than its header's `columns`: a comma at the end of the line where the
 * cells past the header's are empty (10,45, under arrival_min,break_min), else `decimalCommaHint`'s.
 */
function extraCellsHint(cells: readonly string[], columns: number): string {
  const extra = cells.length - columns;
  if (cells.slice(columns).every((c) => c.trim() === '')) return `, with no comma at the end of the line (${extra === 1 ? 'an empty cell' : `${extra} empty cells`} past the header's last column)`;
  return decimalCommaHint(cells);
}

/**
 * For a row with more cells than its header: a decimal comma likely split a number into two cells
 * (`0,21` read as 0 and 21) when two neighbouring cells are whole numbers; which two, only the
 * header's meaning could tell. '' otherwise.
 */
function decimalCommaHint(cells: readonly string[]): string {
  for (let i = 1; i < cells.length; i++) {
    if (/^[+-]?\d+$/.test(cells[i - 1]) && /^\d+$/.test(cells[i])) {
      return ', with decimals written with a point: a decimal comma splits a number into two cells (0,21 for 0.21)';
    }
  }
  return '';
}

/** A plain decimal number: optional sign, digits with an optional fraction, optional exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number written with a decimal comma, which CSV quotes ("0,2"), or with a thousands comma (see mayGroupThousands). */
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

/**
 * csv-parse's options for traces. csv-parse skips blank lines (and lines of spaces) itself: only it
 * can tell one from a line holding `""`, a row of one empty cell, which reaches the builder as the
 * same record and is refused like any row without its arrival_min. The row length is checked here
 * rather than by csv-parse, and each record's line is counted here (its cells' line breaks, and the
 * blank lines csv-parse counts as it skips them) without csv-parse's per-record `info` (which took
 * half the time of reading a large trace).
 */
function csvOptions(limits: TraceLimits): Options {
  // csv-parse refuses a record only once it holds one character past max_record_size (its
  // separators and the spaces that trim drops before a value not counted): one less gives the limit
  // (but never 0, which csv-parse reads as no limit at all).
  // Every line end ends a line, whichever the file's first line has: a trace saved on Windows and
  // appended to by a tool that writes LF (or the other way round) has both, and read by its first
  // line's end alone, its other lines ran together into rows of too many cells.
  return { trim: true, bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'], max_record_size: Math.max(1, limits.recordChars - 1) };
}

/**
 * csv-parse's stream parser, each record pushed with the count of blank lines it has skipped so far
 * (`[cells, blankLines]`): the parser runs ahead of the reader, so its count is read as it pushes.
 */
class CountingParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : [record, this.info.empty_lines], encoding);
  }
}

/** The line breaks in a (quoted) cell, counted as csv-parse ends lines (see csvOptions): each CR LF, LF and CR alone. */
function lineBreaks(cell: string): number {
  if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) return 0;
  return cell.match(/\r\n?|\n/g)!.length;
}

/** `"name"` → `name`: a raw line's cell as a spreadsheet that quotes its text cells writes it. */
function unquoted(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/**
 * How many of `parts` name a column, each as a spreadsheet that quotes its text cells may write it,
 * and with a comma at either end left aside: a part split off by another separator may end in one.
 * Naming `arrival_min`, the column every trace must have, counts half a column more, so that a
 * header naming as many either way (`arrival_min;fleet,soc_in`) is taken the way it names it.
 */
function naming(parts: readonly string[]): number {
  let n = 0;
  for (const part of parts) {
    const name = unquoted(part.replace(/^[\s,]+|[\s,]+$/g, ''));
    if (COLUMNS.has(name)) n += name === 'arrival_min' ? 1.5 : 1;
  }
  return n;
}

/**
 * `otherSeparator` for a trace's header `line` (as the file has it), even with a comma beside or
 * inside a name too (`arrival_min\tfleet,\tsoc_in`). A header that names as many columns between
 * its commas (with `arrival_min` among them where it is among the others) is a comma-separated
 * one, whose cells are told about one by one.
 */
function headerSeparator(line: string): ';' | '\t' | undefined {
  return otherSeparator(line, naming);
}

/** Most of a header's commas that a message quotes: the first few tell what to fix. */
const COMMAS_SHOWN = 3;

/**
 * What a header separated by `separator` is told: `expected` and `found`. `line` is its text as the
 * file has it; the cells of it that hold a comma are quoted, since no column's name holds one and
 * saving the file comma-separated would not take the comma away.
 */
function separatedBy(separator: ';' | '\t', line: string): { expected: string; found: string } {
  const found = separatedCells(separator);
  const withComma = line
    .split(separator)
    .map((cell) => cell.trim())
    .filter((cell) => cell.includes(','));
  if (withComma.length === 0) return { expected: COMMAS, found };
  return {
    expected: `${COMMAS}, in a header naming its columns among ${TRACE_HEADERS.join(', ')}`,
    found: `${found}, and ${withComma.length === 1 ? 'a comma in' : 'commas in'} ${firstFew(withComma, COMMAS_SHOWN, (cell) => show(cell))}`,
  };
}

/** Rows by which the columns grow while reading. */
const GROW_ROWS = 1 << 16;

/**
 * A column that grows in place: a growable SharedArrayBuffer reserves room for the most rows a
 * trace may have but takes memory only as it grows, so reading never copies a column; and being shared, a
 * column reaches worker threads without a copy.
 */
class Column {
  private readonly buffer: SharedArrayBuffer;
  values: Float64Array | Int32Array;

  constructor(
    readonly fleet: boolean,
    maxRows: number,
  ) {
    const bytes = fleet ? 4 : 8;
    this.buffer = new (SharedArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => SharedArrayBuffer)(0, {
      maxByteLength: bytes * maxRows,
    });
    this.values = this.view(0);
  }

  /** Makes room for `rows` values. */
  grow(rows: number): void {
    (this.buffer as unknown as { grow(length: number): void }).grow(rows * this.values.BYTES_PER_ELEMENT);
    this.values = this.view(rows);
  }

  view(rows: number): Float64Array | Int32Array {
    return this.fleet ? new Int32Array(this.buffer, 0, rows) : new Float64Array(this.buffer, 0, rows);
  }
}

/** Thrown inside the CSV callbacks to stop reading once there is nothing more worth reading. */
class Stop extends Error {}

/**
 * Turns CSV records into trace columns, one record at a time: the first record is the header.
 * Values are checked as they come; problems are collected up to the limit.
 */
class TraceBuilder {
  readonly issues: InputIssue[] = [];
  private header: (ColumnSpec | undefined)[] | undefined;
  private rows = 0;
  /** Line of the file on which the next record starts, blank lines skipped by csv-parse aside. */
  private line = 1;
  /** Blank lines csv-parse has skipped so far (counted in `line`). */
  private blankLines = 0;
  private capacity = 0;
  /** Per column of the header, its values in file order. */
  private columnsRead: Column[] = [];
  private readonly fleetIndex: ReadonlyMap<string, number>;
  /**
   * The file's first line that is not blank, as far as read (at most HEAD_CHARS): csv-parse gives
   * up on some headers before a record reaches `takeHeader`, and only their text tells why.
   */
  private head = '';
  private whole = false;
  /** Decodes the file's bytes for `head` as csv-parse does: UTF-16LE after that byte-order mark, else UTF-8. */
  private decoder: StringDecoder | undefined;
  /** The file's first bytes while fewer than the two that choose the decoder. */
  private firstBytes: Buffer | undefined;
  /**
   * Whether the file's bytes so far are UTF-8 (see `watchBytes`): undefined where that cannot be
   * told, of text given decoded (`parseTrace`). A U+FFFD is then taken for bytes
   * that were not UTF-8, as it almost always is; in a file that is UTF-8, it is a character the file
   * holds (text saved after another program had lost a character), which saving as UTF-8 cannot mend.
   */
  private utf8: boolean | undefined;
  /** The bytes of a character the last chunk ended inside of. */
  private partial: Buffer | undefined;

  constructor(
    private readonly where: string,
    private readonly fleetNames: readonly string[],
    private readonly limits: TraceLimits,
  ) {
    this.fleetIndex = new Map(fleetNames.map((name, i) => [name, i]));
  }

  /** True once `head` holds the whole line (or HEAD_CHARS of it): no more text is taken. */
  get headWhole(): boolean {
    return this.whole;
  }

  /** True once a problem came past the most the list holds: the caller stops reading, and more are said to remain. */
  get full(): boolean {
    return this.overflowed;
  }

  private overflowed = false;

  /** Records a problem, or notes that the list is full (exactly as many problems as it holds are not "more"). */
  issue(issue: InputIssue): void {
    if (this.issues.length < this.limits.issues) this.issues.push(issue);
    else this.overflowed = true;
  }

  /** Takes the next text of the file (as csv-parse is given it), while the header's line is not whole. */
  text(chunk: Buffer | string): void {
    if (typeof chunk !== 'string') this.watchBytes(chunk);
    // A slice at a time, until the line is whole: the blank lines before it, which are dropped,
    // may fill any number of slices, and the line is read on from where they end.
    const step = typeof chunk === 'string' ? HEAD_CHARS : HOLD_BYTES;
    for (let at = 0; at < chunk.length && !this.whole; at += step) this.slice(typeof chunk === 'string' ? chunk.slice(at, at + step) : chunk.subarray(at, at + step));
  }

  /**
   * Follows whether the file's bytes are UTF-8, a chunk at a time: a character split between two
   * chunks is judged once the second has come, and one the file ends inside of (`bytesEnd`) is not.
   */
  private watchBytes(chunk: Buffer): void {
    if (this.utf8 === false) return;
    // The first chunk: a UTF-16 file is decoded as such (see `slice`), and told to be UTF-8 instead.
    if (this.utf8 === undefined && this.partial === undefined && chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe) {
      this.utf8 = false;
      return;
    }
    const bytes = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    const whole = bytes.length - openCharacter(bytes);
    this.utf8 = isUtf8(bytes.subarray(0, whole));
    this.partial = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : undefined;
  }

  /** The file's bytes have all come: a character they end inside of is no UTF-8. */
  bytesEnd(): void {
    if (this.partial !== undefined) this.utf8 = false;
  }

  /** Whether a U+FFFD in `text` stands for bytes that were not UTF-8 (see `utf8`). */
  private undecoded(text: string): boolean {
    return this.utf8 !== true && text.includes('\uFFFD');
  }

  /** Takes at most HEAD_CHARS characters of the file's text, or the bytes of as many (4 a character). */
  private slice(chunk: Buffer | string): void {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      let bytes = chunk;
      if (this.decoder === undefined) {
        if (this.firstBytes) bytes = Buffer.concat([this.firstBytes, bytes]);
        if (bytes.length < 2) {
          this.firstBytes = bytes;
          return;
        }
        this.decoder = new StringDecoder(bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf16le' : 'utf8');
      }
      text = this.decoder.write(bytes);
    }
    // Blank lines and a byte-order mark (\s holds U+FEFF) are dropped: csv-parse skips them too.
    const head = (this.head + text).trimStart();
    const end = head.search(/[\r\n]/);
    this.whole = end !== -1 || head.length >= HEAD_CHARS;
    this.head = end === -1 ? head.slice(0, HEAD_CHARS) : head.slice(0, end);
  }

  /**
   * Records csv-parse's error, at the line its record starts on: csv-parse names the line where it
   * gave up, which for a quote left open is far past it (or the file's end).
   */
  csvError(err: CsvError): void {
    // The error carries csv-parse's counts: those blank lines that came before the broken record.
    const blank = (err as { empty_lines?: unknown }).empty_lines;
    if (typeof blank === 'number') this.skipBlank(blank);
    const at = `${this.where} line ${this.line}`;
    // A header of quoted names separated by semicolons or tabs (a spreadsheet that quotes its text
    // cells) breaks the parse at its first separator or second quote, before `takeHeader` could
    // tell what it is.
    const separator = this.header === undefined ? headerSeparator(this.head) : undefined;
    // A quote left open is that, whatever the header; other quotes out of place, in a header of other separators, are its separators' doing.
    const quote = separator === undefined || err.code === 'CSV_QUOTE_NOT_CLOSED' ? quoteIssue(err, at, (i) => this.header?.[i]?.name) : undefined;
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      this.issue({ path: at, expected: `must have rows of at most ${this.limits.recordChars} characters (or perhaps a quote was left open and runs on over the lines after it)`, found: 'a longer one' });
    } else if (quote !== undefined) {
      this.issue(quote);
    } else if (separator !== undefined) {
      this.issue({ path: `${at} (the header)`, ...separatedBy(separator, this.head) });
    } else {
      this.issue({ path: at, expected: 'must be valid CSV', found: err.message });
    }
  }

  /** Counts the blank lines csv-parse has skipped, `blankLines` in all so far, into the line number. */
  private skipBlank(blankLines: number): void {
    this.line += blankLines - this.blankLines;
    this.blankLines = blankLines;
  }

  /**
   * Takes the file's next CSV record, after `blankLines` blank lines in all that csv-parse skipped.
   * @throws Stop when reading should stop
   */
  record(cells: readonly string[], blankLines: number): void {
    this.skipBlank(blankLines);
    const line = this.line;
    this.line++;
    for (const cell of cells) this.line += lineBreaks(cell); // a quoted cell's
    if (!this.header) {
      // Names are trimmed as the cells are: an export that pads its cells pads its header too.
      this.takeHeader(cells.map((c) => c.trim()), line);
      if (this.issues.length > 0) throw new Stop();
      return;
    }
    // A row of empty cells (`,,,`) is how a spreadsheet saves a row whose contents were cleared:
    // skipped as a blank line is (and as a baseline's is).
    if (cells.length > 1 && cells.every((c) => c === '')) return;
    if (cells.length !== this.header.length) {
      this.issue({ path: `${this.where} line ${line}`, expected: `must be valid CSV${cells.length > this.header.length ? extraCellsHint(cells, this.header.length) : ''}`, found: `${counted(cells.length, 'cell')} in a row, where the header has ${this.header.length}` });
      if (this.full) throw new Stop();
      return;
    }
    if (this.rows >= this.limits.rows) {
      this.issue({ path: `${this.where} line ${line}`, expected: `must end within ${this.limits.rows} rows`, found: 'more rows' });
      throw new Stop();
    }
    const r = this.rows++;
    if (r === this.capacity) {
      this.capacity = Math.min(this.capacity + GROW_ROWS, this.limits.rows);
      for (const column of this.columnsRead) column.grow(this.capacity);
    }
    for (let c = 0; c < cells.length; c++) this.columnsRead[c].values[r] = this.cell(this.header[c]!, cells[c], line);
    if (this.full) throw new Stop();
  }

  /** A cell's value: a number, a fleet index, or NaN / -1 for an empty (or bad) cell. */
  private cell(spec: ColumnSpec, cell: string, line: number): number {
    const name = spec.name;
    // csv-parse trims around quotes, not inside them: a padded export's `"etgx   "` or `" 0.3"` is
    // read as its text. A quoted blank stays as it is, an error (an empty cell is written empty).
    const trimmed = cell.trim();
    const text = trimmed === '' ? cell : trimmed;
    if (text === '') {
      if (spec.key === 'arrivalMin') this.issue({ path: `${this.where} line ${line}, column ${name}`, expected: 'is required', found: 'an empty cell' });
      return spec.key === 'fleet' ? -1 : NaN;
    }
    if (spec.key === 'fleet') {
      const index = this.fleetIndex.get(text);
      if (index === undefined) {
        // A name a slip away from one (`Scania` for `scania`, as exported by another tool) is named.
        const hint = nameHint(text, likelyMeant(text, this.fleetNames), this.undecoded(text));
        // The names listed up to a few (a fleet of a thousand types named them all on every such row).
        this.issue({ path: `${this.where} line ${line}, column fleet`, expected: `must be one of the fleet's names: ${firstFew(this.fleetNames, NAMES_SHOWN)}${hint}`, found: show(text) });
        return -1;
      }
      return index;
    }
    // `+ 0` turns -0 into 0, which the sort by bit pattern needs.
    const value = DECIMAL.test(text) ? Number(text) + 0 : NaN;
    // A number too small for a double (1e-400, -1e-400) reads as 0, in range or not as written: told
    // as the scenario's JSON and the command line tell it.
    if (value === 0 && readsAsZero(text)) {
      this.issue({ path: `${this.where} line ${line}, column ${name}`, expected: READS_AS_ZERO, found: show(text) });
      return NaN;
    }
    if (!(Number.isFinite(value) && value >= spec.min && value <= spec.max)) {
      const range = spec.max === Infinity ? `>= ${spec.min}` : `in [${spec.min}, ${spec.max}]`;
      const expected = `must be a number ${range}`;
      // A decimal comma made a point, and what else such a number needs where it is still out of range (80,5 for a SoC).
      const pointed = text.replace(',', '.');
      const pointedHint = (x: number) => (x >= spec.min && x <= spec.max ? '' : valueHint(COLUMN_UNITS[spec.key], expected, x));
      // A number grouped in thousands (1,234.5): in a CSV cell, the separator is what is wrong, and
      // the number is told only where the column takes it.
      const plain = ungrouped(text);
      const bare = plain !== undefined && DECIMAL.test(plain); // (1,234.5 kWh: the unit's hint says what to write)
      // Bytes that are not UTF-8 (U+FFFD, as decoding made them) leave no number to suggest, but the file's encoding.
      const hint = this.undecoded(text)
        ? NOT_UTF8
        : bare
          ? Number(plain) >= spec.min && Number(plain) <= spec.max ? `: write ${plain} without the thousands separator` : ''
          : spec.key === 'arrivalMin' && DATE_OR_TIME.test(text)
            ? ': minutes since t = 0 (a Monday, 00:00), not a date or clock time'
            : DECIMAL_COMMA.test(text)
              ? mayGroupThousands(text)
                ? `: write decimals with a point and no thousands separator (${pointed} or ${text.replace(',', '')}, as meant)`
                : `: write decimals with a point (${pointed})${pointedHint(Number(pointed))}`
              : heldTo(valueHint(COLUMN_UNITS[spec.key], expected, Number.isFinite(value) ? value : text), [spec.min, spec.max]);
      // A number past the largest a double holds (1e400) reads as Infinity, which `>= 0` alone does not rule out.
      const tooLarge = value === Infinity && spec.max === Infinity ? ", of at most about 1.8e308, the largest a computer's numbers hold" : '';
      this.issue({ path: `${this.where} line ${line}, column ${name}`, expected: expected + (tooLarge || hint), found: show(text) });
      return NaN;
    }
    return value;
  }

  private takeHeader(names: readonly string[], line: number): void {
    const known = TRACE_HEADERS;
    const first = new Map<string, number>();
    // A spreadsheet set to a language with decimal commas saves "CSV" with semicolons (other tools
    // with tabs); the cells' names one by one would not say so, least of all when a comma beside a
    // name split the line too. Only the line's text tells: csv-parse trimmed the tabs beside commas.
    const separator = headerSeparator(this.head);
    if (separator !== undefined) {
      this.issue({ path: `${this.where} line ${line} (the header)`, ...separatedBy(separator, this.head) });
      this.header = names.map(() => undefined);
      this.columnsRead = names.map(() => new Column(false, this.limits.rows));
      return;
    }
    // A first line that names no column, nor anything like one, is no trace's header: the file may
    // be anything readable (a scenario from elsewhere can name any path), so its text is not repeated.
    // Nor is a line holding a NUL, which no text file has (/proc/self/environ's do, where one
    // variable set to a name like a column's would have had every other printed).
    if (names.some((name) => name.includes('\0')) || !names.some((name) => COLUMNS.has(name) || columnMeant(name, known) !== undefined)) {
      const at = `${this.where} line ${line} (the header)`;
      const firstLine = this.head.split(/\r?\n|\r/)[0];
      // A way a real trace gets here, which the general message would call no trace at all: UTF-16
      // without its little-endian byte-order mark has a NUL byte beside every letter (csv-parse
      // reads UTF-16 that starts with that mark, as Windows saves "Unicode text").
      if (names.some((name) => COLUMNS.has(name.replace(/[\0\uFFFD]/g, '').trim()))) {
        this.issue({ path: at, expected: 'must be UTF-8 text', found: UTF16_TEXT });
      } else if (/^"?sep=.?"?\s*$/i.test(firstLine)) {
        // Excel writes and reads a first line "sep=," that names the separator.
        this.issue({ path: at, expected: `must be a trace's header, naming its columns among ${known.join(', ')}: delete the line "sep=…" a spreadsheet wrote before it`, found: show(firstLine) });
      } else if (names.length > 0 && DECIMAL.test(names[0].trim())) {
        // Rows of numbers from the first line on: the header was left out.
        this.issue({ path: at, expected: `must be a trace's header, naming its columns among ${known.join(', ')} (arrival_min among them): add one before the rows`, found: 'a row of values, not column names' });
      } else if (this.head.startsWith('PK\u0003\u0004')) {
        // A workbook named where its CSV export was meant: say what to save it as.
        this.issue({ path: at, expected: 'must be CSV text: save the sheet as "CSV UTF-8" (comma-separated) and name that file', found: 'a zip file, as an Excel workbook (.xlsx) or an OpenDocument sheet (.ods) is' });
      } else {
        this.issue({ path: at, expected: `must be a trace's header, naming its columns among ${known.join(', ')} (arrival_min among them)`, found: 'a line naming none of them, nor anything like one (not shown: the file may not be a trace)' });
      }
      this.header = names.map(() => undefined);
      this.columnsRead = names.map(() => new Column(false, this.limits.rows));
      return;
    }
    let arrivalsGuessed = false;
    names.forEach((name, i) => {
      const spec = COLUMNS.get(name);
      if (!spec && name === '') {
        // Spreadsheets export a trailing comma on every line when a column past the data was ever
        // touched: the list of known names would not say what is wrong.
        const trailing = i === names.length - 1 && i > 0 ? ': this header ends in a comma, which starts an empty last column (remove the comma at the end of every line)' : '';
        this.issue({ path: `${this.where} line ${line}, column ${i + 1}`, expected: `must name its column, one of ${known.join(', ')}${trailing}`, found: 'an empty name' });
      } else if (!spec) {
        const guess = columnMeant(name, known);
        if (guess === 'arrival_min') arrivalsGuessed = true;
        const hint = nameHint(name, guess, this.undecoded(name));
        this.issue({ path: `${this.where} line ${line}, column ${i + 1}`, expected: `must be one of ${known.join(', ')}${hint}`, found: show(name) });
      } else if (first.has(name)) {
        this.issue({ path: `${this.where} line ${line}, column ${i + 1}`, expected: `must not repeat column ${first.get(name)! + 1}`, found: show(name) });
      } else {
        first.set(name, i);
      }
    });
    // A column told it likely is arrival_min (Arrival_Min, time_min) says what a missing one would again.
    if (!first.has('arrival_min') && !arrivalsGuessed) this.issue({ path: `${this.where} line ${line} (the header)`, expected: 'must include arrival_min', found: show(names.join(',')) });
    this.header = names.map((name) => COLUMNS.get(name));
    this.columnsRead = names.map((name) => new Column(name === 'fleet', this.limits.rows));
  }

  /** The issues, with a closing one when the list filled up and reading stopped. */
  allIssues(): InputIssue[] {
    if (this.header === undefined && this.issues.length === 0) {
      return [{ path: this.where, expected: 'must have a header row with arrival_min', found: EMPTY_TRACE }];
    }
    if (!this.full) return this.issues;
    return [...this.issues, { path: this.where, expected: `may have more problems: reading stopped after the first ${this.limits.issues}`, stands: 0, orMore: true }];
  }

  /** The columns, sorted by arrival time (stable: file order among equal times). */
  columns(): TraceColumns {
    const n = this.rows;
    const header = this.header ?? [];
    const columns = this.columnsRead.map((c) => c.view(n));
    const arrival = columns[header.findIndex((s) => s?.key === 'arrivalMin')] as Float64Array;
    const order = sortOrder(arrival);
    if (order) permute(columns, order);
    const out: { -readonly [K in keyof TraceColumns]?: TraceColumns[K] } = { length: n };
    header.forEach((spec, c) => {
      if (spec) out[spec.key] = columns[c] as Float64Array & Int32Array;
    });
    // The fleet column holds positions in this scenario's fleet: the names they stand for are kept,
    // so that one file read by scenarios listing their types in other orders has one fingerprint.
    // A copy, frozen: not enumerable, it is out of the scenario's deep freeze's reach, and names
    // changed in place would label every row otherwise.
    if (out.fleet) Object.defineProperty(out, 'fleetNames', { value: Object.freeze([...this.fleetNames]), enumerable: false });
    // JSON.stringify would write a typed array as an object with a key per row (past the longest
    // string V8 allows for a large trace); a scenario's JSON, used to fingerprint it, holds the
    // row count and a digest of the columns instead. Not enumerable: copies to workers leave it out.
    Object.defineProperty(out, 'toJSON', { value: () => traceFingerprint(out as TraceColumns), enumerable: false });
    return out as TraceColumns;
  }
}

/** Each trace's fingerprint, once taken (see traceFingerprint). */
const FINGERPRINTS = new WeakMap<TraceColumns, { readonly rows: number; readonly sha256: string }>();

/**
 * A trace's row count and a SHA-256 of its columns' bytes, column by column: its JSON, and what
 * tells two traces apart. The fleet column counts by the names its rows give (when the trace holds
 * them: `fleetNames`), not by their positions in a fleet: scenarios that list their types in other
 * orders read one file as the same rows, as they give each named row the type of that name.
 */
export function traceFingerprint(trace: TraceColumns): { readonly rows: number; readonly sha256: string } {
  // One command takes it several times of the same rows (run.json, the scenario's hash, compare's
  // test of one trace): the columns are never written to, so it is worked out once for them.
  const known = FINGERPRINTS.get(trace);
  if (known !== undefined) return known;
  const hash = createHash('sha256');
  for (const key of ['arrivalMin', 'fleet', 'socIn', 'targetSoc', 'energyKwh', 'breakMin', 'patienceMin'] as const) {
    const column = trace[key];
    hash.update(key);
    // A column empty in every row leaves every value to the scenario, as a column not there does.
    if (!column || isEmpty(column)) continue;
    if (key === 'fleet' && trace.fleet && trace.fleetNames) hashNames(hash, trace.fleet, trace.fleetNames);
    else hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }
  const fingerprint = Object.freeze({ rows: trace.length, sha256: hash.digest('hex') });
  FINGERPRINTS.set(trace, fingerprint);
  return fingerprint;
}

/** Whether no row gives a value in `column` (a row that leaves it to be drawn holds NaN, or a fleet index of -1). */
function isEmpty(column: Float64Array | Int32Array): boolean {
  if (column instanceof Int32Array) return column.every((x) => x < 0);
  return column.every((x) => Number.isNaN(x));
}

/** Feeds `hash` each row's fleet name as JSON and a comma (`null` for a row that names none), a block of rows at a time. */
function hashNames(hash: ReturnType<typeof createHash>, fleet: Int32Array, names: readonly string[]): void {
  const text = names.map((name) => Buffer.from(`${JSON.stringify(name)},`));
  const none = Buffer.from('null,');
  const BLOCK = 4096;
  for (let start = 0; start < fleet.length; start += BLOCK) {
    const parts: Buffer[] = [];
    for (let i = start; i < Math.min(fleet.length, start + BLOCK); i++) parts.push(fleet[i] >= 0 ? text[fleet[i]] : none);
    hash.update(Buffer.concat(parts));
  }
}

/** Each trace's column counts, once taken (see traceColumnCounts). */
const COLUMN_COUNTS = new WeakMap<TraceColumns, Readonly<Record<string, number>>>();

/**
 * How many rows give a value in each column a trace has, by the column's header name (`arrival_min`:
 * every row). A column given in every row overrides the scenario's field for every truck, which is
 * what tells `compare` that two scenarios reading one trace differ there in nothing the trucks see.
 */
export function traceColumnCounts(trace: TraceColumns): Readonly<Record<string, number>> {
  // Taken for run.json and again for compare's notes, of the same rows: counted once, as the fingerprint is.
  const known = COLUMN_COUNTS.get(trace);
  if (known !== undefined) return known;
  const counts: Record<string, number> = {};
  for (const [name, spec] of COLUMNS) {
    const column = trace[spec.key];
    if (!column) continue;
    let n = 0;
    // A row that leaves the value to be drawn holds NaN, or a fleet index of -1.
    if (spec.key === 'fleet') for (let i = 0; i < trace.length; i++) n += column[i] >= 0 ? 1 : 0;
    else for (let i = 0; i < trace.length; i++) n += Number.isNaN(column[i]) ? 0 : 1;
    counts[name] = n;
  }
  Object.freeze(counts);
  COLUMN_COUNTS.set(trace, counts);
  return counts;
}

/**
 * Puts every column in `order` (row i becomes the row that was order[i]) in place, one cycle of the
 * permutation at a time, so that no column is copied. `order` is used up.
 */
function permute(columns: readonly (Float64Array | Int32Array)[], order: Uint32Array): void {
  const DONE = 0xffffffff;
  const held = new Float64Array(columns.length);
  for (let start = 0; start < order.length; start++) {
    if (order[start] === DONE || order[start] === start) continue;
    for (let c = 0; c < columns.length; c++) held[c] = columns[c][start];
    let j = start;
    for (;;) {
      const k = order[j];
      order[j] = DONE;
      if (k === start) {
        for (let c = 0; c < columns.length; c++) columns[c][j] = held[c];
        break;
      }
      for (let c = 0; c < columns.length; c++) columns[c][j] = columns[c][k];
      j = k;
    }
  }
}

/**
 * The row order that sorts `times` ascending, ties in file order; undefined when already sorted.
 * An LSD radix sort on the times' bits, 16 at a time: stable, and four passes over two index
 * arrays instead of a comparison sort's n log n calls and heap copy. The bit pattern of a double
 * >= 0 orders as an unsigned integer does (every time here is >= 0, and -0 was read as 0).
 */
function sortOrder(times: Float64Array): Uint32Array | undefined {
  const n = times.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = times[i - 1] <= times[i];
  if (sorted) return undefined;
  // Little-endian words of each time; 16-bit digit d of time i is in words[2i + (d >> 1)].
  const words = new Uint32Array(times.buffer, times.byteOffset, 2 * n);
  let order = new Uint32Array(n);
  let next = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Uint32Array(1 << 16);
  for (let digit = 0; digit < 4; digit++) {
    const word = digit >> 1;
    const shift = (digit & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(words[2 * i + word] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let b = 0; b < count.length; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      next[count[(words[2 * row + word] >>> shift) & 0xffff]++] = row;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** What reading a trace gives: its columns when it has no problem, otherwise the problems. */
export type TraceResult = { readonly trace: TraceColumns; readonly issues: readonly [] } | { readonly trace: undefined; readonly issues: readonly InputIssue[] };

function result(builder: TraceBuilder): TraceResult {
  const issues = builder.allIssues();
  return issues.length > 0 ? { trace: undefined, issues } : { trace: builder.columns(), issues: [] };
}

/**
 * Parses a trace CSV held in memory (header row; `arrival_min` required; other columns optional
 * overrides). Returns the columns sorted by arrival time, stable among equal times, or every problem
 * found (up to `limits.issues`), each located as `<where> line N, column C`. `fleetNames` are the
 * scenario's truck types.
 * @throws no InputError: the trace's problems are returned, not thrown. Only an error that is none
 * of the trace's escapes (a RangeError when memory for its columns runs out, a bug).
 */
export function parseTrace(text: string, where: string, fleetNames: readonly string[], limits: TraceLimits = TRACE_LIMITS): TraceResult {
  const builder = new TraceBuilder(where, fleetNames, limits);
  builder.text(text);
  try {
    // Each record as it is read, so that the builder knows the line an error's record starts on.
    parseSync(text, {
      ...csvOptions(limits),
      on_record: (record: string[], info) => {
        builder.record(record, info.empty_lines);
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) builder.csvError(err);
    else if (!(err instanceof Stop)) throw err;
  }
  return result(builder);
}

/**
 * Like parseTrace for a stream of the file's bytes, read with bounded memory: the text is never
 * held whole, rows go straight into columns, and reading stops past `limits.bytes` bytes or
 * `limits.rows` rows, at a record longer than `limits.recordChars`, or once `limits.issues`
 * problems are listed. The input stream is destroyed when reading stops early. `onBytes` hears
 * the bytes read so far after each chunk (a large trace takes seconds to read).
 * @throws whatever the input stream fails with (an unreadable file), for the caller to report
 */
export async function readTrace(
  input: AsyncIterable<Uint8Array | string>,
  where: string,
  fleetNames: readonly string[],
  limits: TraceLimits = TRACE_LIMITS,
  onBytes?: (bytes: number) => void,
): Promise<TraceResult> {
  const builder = new TraceBuilder(where, fleetNames, limits);
  let bytes = 0;
  // The parser is given nothing until the header's line is whole, so that a header it gives up on
  // is told about from its whole line (the cells holding a comma, say), however the file comes in
  // chunks; past HOLD_BYTES (blank lines, or no line end) the chunks go on as they come.
  const held: Buffer[] = [];
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      builder.text(chunk);
      onBytes?.(bytes);
      if (bytes > limits.bytes) {
        builder.issue({ path: where, expected: `must be at most ${showBytes(limits.bytes)}`, found: 'more' });
        return done(new Stop());
      }
      if (!builder.headWhole && bytes <= HOLD_BYTES) {
        held.push(chunk);
        return done();
      }
      if (held.length > 0) this.push(Buffer.concat(held.splice(0)));
      done(null, chunk);
    },
    flush(done) {
      builder.bytesEnd();
      done(null, held.length > 0 ? Buffer.concat(held.splice(0)) : undefined);
    },
  });
  const sink = new Writable({
    objectMode: true,
    write([record, blankLines]: [string[], number], _encoding, done) {
      try {
        builder.record(record, blankLines);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
  try {
    await pipeline(input, counter, new CountingParser(csvOptions(limits)), sink);
  } catch (err) {
    if (err instanceof CsvError) builder.csvError(err);
    else if (!(err instanceof Stop)) throw err;
  }
  return result(builder);
}

/** Whether every column of `c` beside its arrivals is absent or a typed array of its length, and its fleet names, if any, names. */
function wellFormed(c: TraceColumns): boolean {
  const column = (x: unknown) => x === undefined || (ArrayBuffer.isView(x) && (x as unknown as ArrayLike<number>).length === c.length);
  const names = c.fleetNames === undefined || (Array.isArray(c.fleetNames) && c.fleetNames.every((n) => typeof n === 'string'));
  return names && [c.fleet, c.socIn, c.targetSoc, c.energyKwh, c.breakMin, c.patienceMin].every(column);
}

/** What a trace with no text at all is found to be. */
export const EMPTY_TRACE = 'an empty file';

/** Most fleet names a message lists (a fleet may have 1,000 types). */
const NAMES_SHOWN = 10;

/** Said of a cell or a name holding U+FFFD, which decoding made of bytes that are not UTF-8 (a file saved as Latin-1, say). */
const NOT_UTF8 = ', in a UTF-8 file (this one holds bytes that are not UTF-8: save it as UTF-8)';

/** What to add of an unknown name (a fleet type's, a column's): that the file is not UTF-8, where that made its U+FFFD (`undecoded`), else the name `guess` it was likely meant to be. */
function nameHint(name: string, guess: string | undefined, undecoded: boolean): string {
  return undecoded ? NOT_UTF8 : guess ? ` (did you mean "${guess}"?)` : '';
}

/**
 * How many bytes at the end of `bytes` begin a character that goes on past them: its lead byte
 * and the continuation bytes after it, fewer than the lead byte announces; 0 where none does.
 */
function openCharacter(bytes: Buffer): number {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > k ? k : 0;
  }
  return 0;
}

/**
 * The trace as one object per row (absent cells left out): for messages, tests and tools, not for the model.
 * @throws InputError when `trace` is not a trace's columns (the trace arrivals themselves, say, which
 * would give no rows at all) or `fleetNames` lacks a name the trace's fleet column points at
 */
export function traceRows(trace: TraceColumns, fleetNames: readonly string[]): TraceRow[] {
  const issues: InputIssue[] = [];
  const columns = trace as Partial<TraceColumns> | null | undefined;
  if (!(columns instanceof Object && Number.isSafeInteger(columns.length) && columns.arrivalMin instanceof Float64Array && columns.arrivalMin.length === columns.length)) {
    const found = columns instanceof Object && !Array.isArray(columns) ? 'an object without them' : show(trace);
    issues.push({ path: 'trace', expected: "must be a trace's columns (a scenario's arrivals.columns)", found });
  } else if (!wellFormed(columns as TraceColumns)) {
    issues.push({ path: 'trace', expected: "must be a trace's columns (a scenario's arrivals.columns)", found: 'columns of other lengths or kinds, or fleet names that are not names' });
  } else {
    // A loop, not Math.max(...fleet): a spread of a million rows overflows the stack.
    let highest = -1;
    for (const f of columns.fleet ?? []) if (f > highest) highest = f;
    // The names the trace was read with, where it was read by hubsim: another list (the types in
    // another order, say) would name every row's type wrongly, and quietly.
    const read = columns.fleetNames;
    const names = Array.isArray(fleetNames) && fleetNames.every((n) => typeof n === 'string');
    const other = names && read !== undefined && (read.length !== fleetNames.length || read.some((n, i) => n !== fleetNames[i]));
    if (!names || highest >= fleetNames.length || other) {
      const found = names && highest >= fleetNames.length ? `${show(fleetNames)} (the trace names fleet type ${highest + 1})` : show(fleetNames);
      const named = read === undefined ? '' : firstFew(read, NAMES_SHOWN);
      const expected = `must be the names of the scenario's fleet types, in order${read === undefined ? '' : ` (${named}: those the trace was read with)`}`;
      issues.push({ path: 'fleetNames', expected, found });
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  const rows: TraceRow[] = [];
  for (let i = 0; i < trace.length; i++) {
    const row: { -readonly [K in keyof TraceRow]: TraceRow[K] } = { arrivalMin: trace.arrivalMin[i] };
    if (trace.fleet && trace.fleet[i] >= 0) row.fleet = fleetNames[trace.fleet[i]];
    for (const key of ['socIn', 'targetSoc', 'energyKwh', 'breakMin', 'patienceMin'] as const) {
      const column = trace[key];
      if (column && !Number.isNaN(column[i])) row[key] = column[i];
    }
    rows.push(row);
  }
  return rows;
}
