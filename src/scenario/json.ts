import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import { InputError, show, type InputIssue } from '../errors.js';
import { READS_AS_ZERO, readsAsZero } from './hints.js';

/**
 * Deepest nesting of objects and arrays a scenario may have. The format itself needs 5 (a curve
 * point inside a curve inside a truck type inside the fleet); the bound keeps every recursive step
 * downstream (JSON parser, schema check, messages) far from the stack's limit.
 */
export const MAX_DEPTH = 64;

/**
 * Most values (objects, arrays, numbers, strings, ...) a scenario may hold, counted over the whole
 * document: room for two empirical distributions of 50,000 weighted values and the rest of a large
 * scenario. It bounds the schema check's work: a file of wrong values everywhere costs it about
 * 2 s and 250 MB at this size.
 */
export const MAX_VALUES = 250_000;

/** A location inside a JSON document: keys and array indices from the root. */
export type JsonPath = readonly (string | number)[];

/**
 * `['hub', 'chargers', 1, 'cabinetKw']` → `hub.chargers[1].cabinetKw`; the root is `(scenario)`. A
 * key longer than KEY_SHOWN is cut short (no field of the format is: such a key is an unknown field,
 * and a message repeated 100,000 characters of it). A key that is no field name (a dot, a space or
 * nothing in it) is quoted in brackets, `hub["gridKw.byHour"]`: bare, it read as another path
 * (`byHour` inside `gridKw`), or its space was lost at the line's end. `pathKeys`: the first key is
 * itself a path, shown as written (a sweep file's keys, `"hub.chargers[0].cabinets": [...]`).
 */
export function formatPath(parts: JsonPath, pathKeys = false): string {
  let out = '';
  for (const p of parts) {
    const key = typeof p === 'string' && p.length > KEY_SHOWN ? `${p.slice(0, KEY_SHOWN - 16)}…(${p.length} characters)` : p;
    if (out === '' && pathKeys && p !== '') {
      out = String(key);
      continue;
    }
    const name = typeof p === 'string' && /^[A-Za-z_$][\w$-]*$/.test(p);
    out += typeof p === 'number' || /^\d+$/.test(p) ? `[${key}]` : !name ? `[${JSON.stringify(key)}]` : out === '' ? key : `.${key}`;
  }
  return out === '' ? '(scenario)' : out;
}

/** The longest key a path shows whole. */
const KEY_SHOWN = 64;

/** A number's text as written, cut short past 40 characters (a list of 60,000 digits was repeated whole). */
function clippedNumber(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 24)}…${text.slice(-8)} (${text.length} characters)`;
}

/**
 * Parses JSON text strictly: no comments, no trailing commas, no key twice in one object, and no
 * nesting deeper than MAX_DEPTH (checked before anything recursive reads the text). A leading
 * byte-order mark is ignored. `kind` names what the file is (`a scenario file`) where it is no JSON at all.
 * @throws InputError for a syntax error (with its line and column), for every duplicated key (with
 * its path and count), or for nesting too deep (with the line and column where it goes too deep).
 */
export function parseJson(text: string, source: string, rangeOf?: (path: string) => FieldRange | undefined, kind = 'a scenario file'): unknown {
  // A byte-order mark, which some editors put at the start of a UTF-8 file, is not part of the JSON
  // (RFC 8259 lets a parser ignore it; traces, read by csv-parse, ignore theirs too).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A sweep file's keys are paths into the scenario, named as written.
  const pathKeys = kind === 'a --sweep file';
  if (text.trim() === '') throw new InputError([{ path: '(file)', expected: 'must hold a JSON object', found: text === '' ? 'an empty file' : 'only spaces and line breaks' }], source);
  const deep = jsonShape(text).tooDeepAt;
  if (deep !== undefined) {
    throw new InputError([{ path: lineColumn(text, deep), expected: `must nest objects and arrays at most ${MAX_DEPTH} levels deep`, found: `level ${MAX_DEPTH + 1}` }], source);
  }

  // The first error, and whether it lies in an object or a list (the innermost open then).
  let syntax: { error: ParseErrorCode; offset: number; length: number; within: '{' | '[' | '' } | undefined;
  // One map of key counts per open object; an array's entry is undefined.
  const open: (Map<string, number> | undefined)[] = [];
  const typed = new Map<string, string>();
  const duplicates = new Map<string, { path: string; count: number }>();
  const overflows: { path: string; found: string }[] = [];
  // The start and path of each open array, and where each array's text lies, by path (read only
  // for a list whose count is wrong, see commaListAt).
  const arrays: { start: number; path: string }[] = [];
  const spans = new Map<string, readonly [number, number]>();
  visit(
    text,
    {
      onObjectBegin: () => void open.push(new Map()),
      onObjectEnd: () => void open.pop(),
      onArrayBegin: (offset, _length, _line, _column, pathOf) => {
        open.push(undefined);
        arrays.push({ start: offset, path: formatPath(pathOf(), pathKeys) });
      },
      onArrayEnd: (offset) => {
        open.pop();
        const list = arrays.pop();
        if (list) spans.set(list.path, [list.start, offset + 1]);
      },
      onObjectProperty: (key, _offset, _length, _line, _column, pathOf) => {
        const keys = open[open.length - 1];
        if (!keys) return;
        const count = (keys.get(key) ?? 0) + 1;
        keys.set(key, count);
        if (count < 2) return;
        // The object's path identifies it: two objects at one path cannot both be open.
        const path = formatPath([...pathOf(), key], pathKeys);
        const seen = duplicates.get(path);
        if (seen) seen.count = Math.max(seen.count, count);
        else duplicates.set(path, { path, count });
      },
      // JSON.parse reads a number too large for a double as Infinity, which a message would then
      // show instead of what the file says.
      onLiteralValue: (value, offset, length, _line, _column, pathOf) => {
        if (typeof value !== 'number') return;
        if (!Number.isFinite(value)) overflows.push({ path: formatPath(pathOf(), pathKeys), found: clippedNumber(text.slice(offset, offset + length)) });
        else if (value === 0 || value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER) {
          const written = text.slice(offset, offset + length);
          if (readAsOther(written, value)) typed.set(formatPath(pathOf(), pathKeys), clippedNumber(written));
        }
      },
      onError: (error, offset, length) => {
        syntax ??= { error, offset, length, within: open.length === 0 ? '' : open[open.length - 1] === undefined ? '[' : '{' };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (syntax) {
    const near = text.slice(syntax.offset, syntax.offset + Math.max(1, syntax.length)).slice(0, 20);
    throw new InputError(
      [{ path: lineColumn(text, syntax.offset), expected: `invalid JSON: ${describeJsonError(printParseErrorCode(syntax.error))}${slipHint(text, syntax.offset, near, kind, syntax.within)}`, found: near ? show(near) : 'end of file' }],
      source,
    );
  }
  if (duplicates.size > 0 || overflows.length > 0) {
    const issues = [
      ...[...duplicates.values()].map((d) => ({ path: d.path, expected: 'must appear once', found: `${d.count} times` })),
      ...overflows.map((o) => ({ path: o.path, expected: overflowExpected(o.path, o.found, rangeOf), found: o.found })),
    ];
    throw new InputError(issues, source);
  }
  const parsed: unknown = JSON.parse(text);
  if (typed.size > 0 && typeof parsed === 'object' && parsed !== null) writtenNumbers.set(parsed, typed);
  if (spans.size > 0 && typeof parsed === 'object' && parsed !== null) arrayTexts.set(parsed, { text, spans });
  return parsed;
}

/** A list as it reads with each comma between two digits taken as a decimal point, and the first such number as written. */
export interface CommaList {
  readonly values: unknown[];
  readonly written: string;
}

/**
 * `list`'s JSON text read with a decimal comma (a spreadsheet's 0,5) between each two digits, as
 * `[0,5, 1,2]` is meant: JSON reads twice the values, and only the count tells. Undefined for a
 * list without such a comma, or one that is not JSON read that way (`[1,2,3]`).
 */
function decimalCommaReading(list: string): CommaList | undefined {
  const written = /-?\d+,\d+/.exec(list);
  if (!written) return undefined;
  try {
    const values: unknown = JSON.parse(list.replace(/(\d),(?=\d)/g, '$1.'));
    return Array.isArray(values) ? { values, written: written[0] } : undefined;
  } catch {
    return undefined;
  }
}

/** The text of each document `parseJson` returned that has lists, and where each list lies in it, by path. */
const arrayTexts = new WeakMap<object, { readonly text: string; readonly spans: ReadonlyMap<string, readonly [number, number]> }>();

/** The list at `path` of `document` (as `parseJson` returned it), as it reads with decimal commas (see decimalCommaReading). */
export function commaListAt(document: unknown, path: string): CommaList | undefined {
  const written = typeof document === 'object' && document !== null ? arrayTexts.get(document) : undefined;
  const span = written?.spans.get(path);
  return span === undefined ? undefined : decimalCommaReading(written!.text.slice(span[0], span[1]));
}

/**
 * Numbers a parsed document holds as other than written, by path, for each document `parseJson`
 * returned that has any: a double holds no number below about 5e-324 (JSON.parse reads 1e-400 as
 * 0) and no whole number past 2^53 exactly (9007199254740993 as 9007199254740992), and a message
 * naming the value read ("must be a number >= 1 (got 0)") names a value the file does not hold.
 */
const writtenNumbers = new WeakMap<object, ReadonlyMap<string, string>>();

/** `issues` about `document` (as `parseJson` returned it), each number shown as its file writes it where JSON read it as another. */
export function asWritten(issues: readonly InputIssue[], document: unknown): InputIssue[] {
  const typed = typeof document === 'object' && document !== null ? writtenNumbers.get(document) : undefined;
  if (typed === undefined) return [...issues];
  return issues.map((i) => {
    const written = typed.get(i.path);
    return written !== undefined && i.found !== undefined ? { ...i, found: written } : i;
  });
}

/**
 * A problem for each number of `document` too small for a double, which JSON read as 0, at a field
 * no issue of `issues` names: one that refuses 0 says so itself, with the number as written, and
 * one that takes it (a seed, a warm-up) would run 1e-400 as 0 without a word.
 */
export function underflowIssues(issues: readonly InputIssue[], document: unknown): InputIssue[] {
  const typed = typeof document === 'object' && document !== null ? writtenNumbers.get(document) : undefined;
  if (typed === undefined) return [];
  // Nor one inside a field already told (an unknown field, a curve under a key that is no connector).
  const named = issues.map((i) => i.path);
  const told = (path: string) => named.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  return [...typed].filter(([path, written]) => readsAsZero(written) && !told(path)).map(([path, written]) => ({ path, expected: READS_AS_ZERO, found: written }));
}

/** Whether JSON number text `written`, read as `value`, is another number: digits lost below a double's least size or past 2^53. */
function readAsOther(written: string, value: number): boolean {
  if (value === 0) return readsAsZero(written);
  const e = written.search(/[eE]/);
  const digits = e < 0 ? written : written.slice(0, e);
  // Past 2^53 a double holds only some whole numbers: compared as written, digit for digit.
  if (e >= 0 || digits.includes('.')) return false;
  return BigInt(digits) !== BigInt(value);
}

/** A number field's least and most value (null: no bound that way), and `true` where it must be above the least, not at it. */
export type FieldRange = readonly [number | null, number | null, true?];

/**
 * What a number too large for a double should have been: within its field's range where it has
 * one on that side (`hub.gridKw` of 1e400: at most 1000000), else a double's size.
 */
function overflowExpected(path: string, found: string, rangeOf: ((path: string) => FieldRange | undefined) | undefined): string {
  const range = rangeOf?.(path);
  const negative = found.trimStart().startsWith('-');
  const bound = range?.[negative ? 0 : 1];
  if (bound !== undefined && bound !== null) return `must be a number ${negative ? (range?.[2] ? '>' : '>=') : '<='} ${bound}`;
  return "must be a number of at most about 1.8e308 in size, the largest a computer's numbers hold";
}

/**
 * How deep a JSON text's objects and arrays nest, where the first bracket that opens level
 * MAX_DEPTH + 1 stands (undefined if none), and about how many values it holds (an opening bracket
 * or a comma, outside strings, for each): told without parsing it, so that a text can be refused
 * before a parser builds something too large, or too deep for what reads it recursively.
 */
export function jsonShape(text: string): { depth: number; tooDeepAt: number | undefined; values: number } {
  let depth = 0;
  let deepest = 0;
  let tooDeepAt: number | undefined;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      values++;
      if (++depth > deepest) deepest = depth;
      if (depth > MAX_DEPTH) tooDeepAt ??= i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c) {
      values++;
    }
  }
  return { depth: deepest, tooDeepAt, values };
}

/** `line L, column C` of `offset` in `text`, as messages name a place in a file. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  // A line ends at \n, \r\n, or a \r alone (an old Mac's), as an editor counts them.
  const ends = /\r\n?|\n/g;
  for (let m = ends.exec(text); m !== null && m.index < offset; m = ends.exec(text)) {
    line++;
    start = m.index + m[0].length;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/** Characters before a syntax error that `slipHint` looks at for a number's slip. */
const HINT_TAIL = 256;

/** How a YAML file starts: a document marker, a directive, or a name and a colon before a value or a line's end. */
const YAML_START = /^(?:---|%YAML|[A-Za-z_][\w-]*[ \t]*:(?=\s|$))/;

/**
 * What JSON wants instead of `near`, found at `offset`, for the slips of a hand-written file that
 * other formats allow: a trailing comma, a comment, single quotes or bare names, a capital True, NaN
 * or Infinity, a number with its unit, a number without its leading zero or with a + sign. '' for
 * any other error. `kind`: what the file is, for one that is not JSON at all; `within`: the bracket
 * the error lies in, the innermost open one.
 */
function slipHint(text: string, offset: number, shown: string, kind: string, within: '{' | '[' | ''): string {
  const before = text.slice(0, offset).trimEnd();
  // The end of it, for the patterns anchored at its end that repeat: tried at every start in the
  // whole text, they took time growing with the square of a run of digits before the error (a
  // description of 100,000 digits, 17 s). No number a hint names is longer.
  const end = before.slice(-HINT_TAIL);
  // A sign is all JSON reads of -Infinity or -.5: what follows it tells the slip.
  const near = /^[-+]$/.test(shown) ? (/^[-+](?:NaN|Infinity|\.\d+)/.exec(text.slice(offset, offset + 20))?.[0] ?? shown) : shown;
  // YAML (name: value lines, perhaps after a --- or # comments) reads as a scenario to some: it is not JSON.
  const yaml = `; ${kind} is one JSON object, starting with {: this reads as YAML, which hubsim does not read (convert it to JSON)`;
  if (before === '' && YAML_START.test(text.slice(offset).replace(/^\uFEFF/, '').replace(/^(?:[ \t]*#.*(?:\r?\n|$))+/, ''))) return yaml;
  // A comment first: one heading the file (a note on its hub) is as much a comment as any.
  if (near.startsWith('//') || near.startsWith('/*') || near.startsWith('#')) return '; JSON allows no comments (notes can go in "description")';
  // Not JSON at all (a trace or another CSV given as the scenario): what the file must be. A byte
  // order mark before it is white space to trimEnd.
  if (before === '') return `; ${kind} is one JSON object, starting with {`;
  if ((near.startsWith('}') || near.startsWith(']')) && before.endsWith(',')) return '; JSON allows no comma before } or ]: remove the one before it';
  // A unit right after its number, or a space or tab apart on the same line (400 kW); a name on the
  // next line is another slip (a comma left out before it).
  if (/^[%A-Za-z]/.test(near) && /\d$/.test(before) && /^[ \t]*$/.test(text.slice(before.length, offset))) return '; a number is written alone, without a unit or %';
  if (/^(true|false|null)$/i.test(near)) return '; JSON writes true, false and null in lower case';
  if (/^[-+]?(NaN|Infinity)$/.test(near)) return '; JSON has no NaN or Infinity (an unlimited gridKw or waitingSpaces is left out)';
  // Digits grouped by underscores (3_000), as code writes them, or by spaces (3 000), as print does:
  // spaces only where a value stands alone, not in a list, whose values a comma left out may have
  // run together ([100 110 120]).
  const digits = /(?:^|[^\d.])(-?\d{1,3})$/.exec(before);
  const group = /^(?:[_ \u00a0\u202f]\d{3})+(?:\.\d+)?(?![\d_])/.exec(text.slice(before.length, offset + 40));
  if (digits && group && /^[_\d]/.test(near) && (group[0].startsWith('_') || within === '{')) {
    return `; JSON writes a number without thousands separators: ${digits[1]}${group[0].replace(/[_ \u00a0\u202f]/g, '')}, not ${digits[1]}${group[0]}`;
  }
  if (near.startsWith("'") || /^[A-Za-z_$]/.test(near)) return '; names and strings take double quotes';
  // A word processor's or a chat's curly quotes, as "seed" pasted from a document comes.
  if (/^[\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb]/.test(near)) return '; JSON takes straight double quotes ("), not curly ones: an editor made these as the text was typed or pasted';
  // A decimal comma (0,9) or a thousands comma (2,000) in an object, where JSON then wants a name.
  const ahead = text.slice(offset, offset + 40);
  // A number that fills the whole tail may run on before it: none is named, rather than part of one.
  const unbroken = (m: RegExpExecArray | null): m is RegExpExecArray => m !== null && (m.index > 0 || end.length < HINT_TAIL);
  const comma = /(-?\d+),$/.exec(end);
  const after = /^\d+/.exec(ahead);
  if (unbroken(comma) && after) {
    const [whole, part] = [comma[1], after[0]];
    const decimal = `a decimal is written with a point: ${whole}.${part}, not ${whole},${part}`;
    return `; a comma separates values in JSON: ${part.length === 3 ? `a number is written without thousands separators (${whole}${part}, not ${whole},${part}), and ${decimal}` : decimal}`;
  }
  // Thousands separated by points (3.000.000): JSON reads 3.000, then stops at the second point.
  const grouped = /\d{1,3}(?:\.\d{3})+$/.exec(end);
  const more = /^(?:\.\d{3})+(?![\d.])/.exec(ahead);
  if (unbroken(grouped) && more) return `; JSON writes a number without thousands separators: ${(grouped[0] + more[0]).replace(/\./g, '')}, not ${grouped[0] + more[0]}`;
  // A decimal comma before a 0 (1,05): JSON reads 1, then a 0 it cannot follow with a digit.
  const zero = /(-?\d+),0$/.exec(end);
  const rest = /^\d+/.exec(ahead);
  if (unbroken(zero) && rest) return `; a comma separates values in JSON: a decimal is written with a point: ${zero[1]}.0${rest[0]}, not ${zero[1]},0${rest[0]}`;
  // A number with a leading zero, 01: JSON reads the 0 alone.
  const lead = /^\d[\d.]*/.exec(near);
  if (lead && /(?:^|[^\d.eE+-])0$/.test(before)) return `; JSON writes no leading 0 before a number: ${lead[0]}, not 0${lead[0]}`;
  // JSON takes a - before a number, never a +: what to write drops it.
  const bare = /^[-+]?\.\d+/.exec(near);
  if (bare) return `; a number starts with a digit: ${bare[0].replace(/^\+/, '').replace('.', '0.')}, not ${bare[0]}`;
  const plus = /^\+\d[\d.eE+-]*/.exec(near);
  if (plus) return `; JSON writes no + before a number: ${plus[0].slice(1)}, not ${plus[0]}`;
  return '';
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * A copy of an already parsed value as plain data, each property read once, made without recursion:
 * nesting at most MAX_DEPTH deep (which also stops at a cycle) and at most MAX_VALUES values; else
 * the first problem. Run before anything recursive (the schema check, normalisation) sees the
 * value, and everything after reads the copy: a getter or a Proxy of a library caller's object
 * could otherwise give the check one value and the scenario another (a grid limit checked as 3,200
 * kW and run as −5). Objects keep their own enumerable properties (a key `__proto__` as an own
 * property, as JSON.parse makes it), arrays their elements.
 */
export function snapshot(value: unknown): { readonly copy: unknown; readonly issues?: undefined } | { readonly copy?: undefined; readonly issues: InputIssue[] } {
  interface Node {
    readonly value: unknown;
    readonly depth: number;
    readonly parent: Node | undefined;
    readonly key: string | number | undefined;
    /** Where the copy of `value` goes: its parent's copy. */
    readonly into: Record<string | number, unknown> | undefined;
  }
  const pathOf = (n: Node): (string | number)[] => {
    const parts: (string | number)[] = [];
    for (let at: Node | undefined = n; at?.parent; at = at.parent) parts.push(at.key!);
    return parts.reverse();
  };
  let top: unknown; // the root's copy
  const stack: Node[] = [{ value, depth: 0, parent: undefined, key: undefined, into: undefined }];
  const tooMany = { path: '(scenario)', expected: `must hold at most ${MAX_VALUES} values (objects, arrays, numbers, strings)`, found: 'more' };
  // Values taken off the stack so far, plus those waiting on it, never exceed MAX_VALUES + 1.
  let count = 0;
  // Every field set to undefined, each told (they are left out of the copy, which is then not used).
  const unset: InputIssue[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    count++;
    const v = node.value;
    // A field set to undefined (a script's `limits.smal`, misspelt) would read as left out: an
    // unlimited grid, a share of 1. JSON has no such value; a caller's object is told so.
    if (v === undefined && node.into !== undefined && !Array.isArray(node.into)) {
      unset.push({ path: formatPath(pathOf(node)), expected: 'must be a value: undefined is none (a field left out is deleted, not set to undefined)', found: 'undefined' });
      continue;
    }
    let copy: unknown = v;
    if (typeof v === 'object' && v !== null) {
      // The root is level 1: level node.depth + 1 may be at most MAX_DEPTH.
      if (node.depth >= MAX_DEPTH) {
        return { issues: [{ path: formatPath(pathOf(node)), expected: `must nest objects and arrays at most ${MAX_DEPTH} levels deep`, found: `level ${MAX_DEPTH + 1}` }] };
      }
      const keys = Array.isArray(v) ? undefined : Object.keys(v);
      const n = keys ? keys.length : (v as unknown[]).length;
      if (count + stack.length + n > MAX_VALUES) return { issues: [tooMany] };
      copy = keys ? {} : new Array<unknown>(n);
      for (let i = n - 1; i >= 0; i--) {
        const key = keys ? keys[i] : i;
        stack.push({ value: (v as Record<string | number, unknown>)[key], depth: node.depth + 1, parent: node, key, into: copy as Record<string | number, unknown> });
      }
    }
    if (node.into === undefined) top = copy;
    else Object.defineProperty(node.into, node.key!, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return unset.length > 0 ? { issues: unset } : { copy: top };
}
