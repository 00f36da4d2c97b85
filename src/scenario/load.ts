import { isUtf8 } from 'node:buffer';
import { closeSync, constants, lstatSync, openSync, realpathSync } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsReason, goneLinkWords, InputError, isFsError, show, type InputIssue } from '../errors.js';
import { lineColumn, parseJson } from './json.js';
import { schemaRangeOf } from './schema.js';
import { likelyFile } from './suggest.js';
import { EMPTY_TRACE, readTrace, showBytes, TRACE_LIMITS } from './trace.js';
import { homeSignHint, UTF16_TEXT } from '../words.js';
import { linkTarget } from '../links.js';
import type { Scenario, TraceColumns } from './types.js';
import { checkScenario, checkTraceReachesHorizon, finishScenario, traceOfFailed, traceUnreadableIssue, type CheckedScenario } from './validate.js';

/** Largest scenario file read: real ones are a few KB; 16 MiB leaves room for large empirical distributions. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/** Why a file cannot be read, in the words an issue's `found` uses. */
class Unreadable extends Error {
  constructor(
    readonly why: string,
    /** For a file over the limit: its size as `found` puts it. */
    readonly size?: string,
  ) {
    super(why);
  }
}

/**
 * Hears how far the trace at `trace` (its path as the scenario writes it) has been read, after each
 * part of it: `bytes` of `totalBytes`, or of an unknown length (undefined) for a pipe. A trace of
 * millions of rows takes seconds to read, and a command can show how far it has got.
 */
export type TraceReading = (trace: string, bytes: number, totalBytes: number | undefined) => void;

/** A scenario file as written (its parsed JSON, for tools that vary it or record it) and as validated. */
export interface LoadedScenario {
  readonly raw: unknown;
  readonly scenario: Scenario;
}

/**
 * A URL, as `loadScenario` takes one: Node's (WHATWG) `URL`, named by what is read of it, so that
 * the declarations of a project that uses the library need neither Node's types nor the DOM's.
 */
export interface FileUrl {
  readonly href: string;
  readonly protocol: string;
}

/**
 * Reads and validates a scenario file, and its trace (relative to the scenario's folder). Both are
 * read with bounded memory: a scenario file of at most MAX_SCENARIO_BYTES, a trace streamed into
 * columns (see readTrace). Only regular files and pipes are read: a device such as /dev/zero is
 * refused before it is opened. `file` is a path or a `file:` URL (`new URL('x.json', import.meta.url)`).
 * @throws InputError for a `file` that is neither, for a missing, unreadable or oversized file and
 * for every problem in its content.
 */
export async function loadScenario(file: string | FileUrl): Promise<Scenario> {
  return (await readScenarioFile(filePath(file))).scenario;
}

/**
 * The path a library caller's `file` names. The file system would also take a URL or bytes, but
 * the trace is found relative to the scenario's folder and messages name the file, both of which
 * need the path as text: such a `file` is refused before anything is read.
 * @throws InputError for anything but a string or a `file:` URL
 */
function filePath(file: unknown): string {
  if (typeof file === 'string') return file;
  let url: { href: string; protocol: string } | undefined;
  try {
    // Read once each, and where a Proxy or a getter can throw: a Proxy of a URL passes
    // `instanceof`, and then its fields throw a TypeError.
    if (isUrl(file)) url = { href: file.href, protocol: file.protocol };
  } catch (err) {
    throw new InputError([{ path: 'file', expected: 'must be a path or a file: URL', found: `a URL whose fields cannot be read (${(err as Error).message})` }]);
  }
  if (url !== undefined && typeof url.href === 'string' && url.protocol === 'file:') {
    try {
      return fileURLToPath(new URL(url.href));
    } catch (err) {
      throw new InputError([{ path: 'file', expected: 'must be a path or a file: URL of this system', found: `${show(url.href)}: ${(err as Error).message}` }]);
    }
  }
  const found = url !== undefined ? `${show(url.href)}, not a file: URL` : show(file);
  throw new InputError([{ path: 'file', expected: 'must be a path or a file: URL', found }]);
}

/** Whether `x` is a URL: Node's, or one like it (a URL of another realm, a worker's, say), read by its `href`. */
function isUrl(x: unknown): x is FileUrl {
  return x instanceof URL || (typeof x === 'object' && x !== null && typeof (x as FileUrl).href === 'string' && typeof (x as FileUrl).protocol === 'string');
}

/**
 * A scenario read before from `file`: a trace it read serves another scenario naming the same file
 * for the same fleet (see `completeScenario`).
 */
export interface ReadBefore {
  readonly file: string;
  readonly scenario: Scenario;
}

/**
 * Like `loadScenario`, also returning the file's JSON as written; `onTrace` hears how far its trace
 * has been read, and a trace one of `reuse` read serves as it is. @throws InputError
 */
export async function readScenarioFile(file: string, onTrace?: TraceReading, reuse: readonly ReadBefore[] = []): Promise<LoadedScenario> {
  let bytes: Buffer;
  try {
    bytes = await readBounded(file, MAX_SCENARIO_BYTES);
  } catch (err) {
    if (err instanceof Unreadable && err.size !== undefined) {
      throw new InputError([{ path: file, expected: `must be at most ${showBytes(MAX_SCENARIO_BYTES)}`, found: err.size }]);
    }
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    // A link whose file is gone is there to see (`ls` lists it): it is said to be one.
    const target = missing ? linkTarget(file) : undefined;
    const hint = missing && target === undefined ? await meantFile(file) : undefined;
    const home = missing ? homeSignHint(file) : '';
    const found = target !== undefined ? goneLinkWords(target) : reason(err);
    throw new InputError([{ path: file, expected: 'must be a readable scenario file', found: `${found}${hint ? `; did you mean ${hint}?` : ''}${home}` }]);
  }
  const raw = parseJson(utf8Text(bytes, file), file, schemaRangeOf);
  return { raw, scenario: await completeScenario(raw, file, reuse, onTrace) };
}

/**
 * The text of a JSON file's bytes (a scenario file, a --sweep file), which must be UTF-8.
 * @throws InputError naming `source` and where the text stops being UTF-8
 */
export function utf8Text(bytes: Uint8Array, source: string): string {
  // (Uint8Array, not Buffer: the library's types need no Node type definitions.)
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // UTF-16 (what Windows calls "Unicode"), with its byte-order mark or without. It was called
  // "another encoding, such as Latin-1?", or broken JSON.
  if (looksUtf16(bytes)) {
    throw new InputError([{ path: lineColumn(text, 0), expected: 'must be UTF-8 text', found: UTF16_TEXT }], source);
  }
  // Decoding turns bytes that are not UTF-8 (a file saved as Latin-1, say) into U+FFFD without a
  // word, and a description would carry them into the outputs.
  if (!isUtf8(bytes)) {
    // Counted as a syntax error's place is, after a byte-order mark (which the parser skips).
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    throw new InputError([{ path: lineColumn(text.slice(bom), firstNotUtf8(text, bytes) - bom), expected: 'must be UTF-8 text', found: 'bytes that are not UTF-8 (a file saved in another encoding, such as Latin-1?)' }], source);
  }
  return text;
}

/**
 * Where in `text`, decoded from `bytes`, the first bytes that are not UTF-8 stand: the first U+FFFD
 * that decoding put in their place, not one the file holds itself (its bytes EF BF BD).
 */
function firstNotUtf8(text: string, bytes: Uint8Array): number {
  let at = 0; // the byte the character at i was decoded from
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    if (cp === 0xfffd && !(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)) return i;
    at += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return text.indexOf('\uFFFD');
}

/**
 * Validates `raw` as the content of scenario file `file` (a trace path is relative to its folder)
 * and reads its trace, unless one of `reuse` read the same file (where the paths lead, as written
 * in each scenario's file) for the same fleet names, whose trace columns then serve as they are: a
 * sweep's designs share the traces they name, and the scenarios of one command a trace they all
 * name, read once (a pipe could not be read again, and a large file need not be).
 * `onTrace` hears how far a trace being read has got.
 * @throws InputError for every problem in `raw` and its trace.
 */
export async function completeScenario(raw: unknown, file: string, reuse: readonly ReadBefore[] = [], onTrace?: TraceReading): Promise<Scenario> {
  let r: CheckedScenario;
  try {
    r = checkScenario(raw, file);
  } catch (err) {
    // The trace's problems too, so that one pass lists every problem; a trace `reuse` holds was read already.
    const t = traceOfFailed(err, raw);
    if (!t) throw err;
    const { trace, shared, issues } = await traceFor(reuse, file, t.path, t.names, onTrace);
    if (trace !== undefined && shared) throw err;
    throw new InputError([...t.issues, ...issues], file);
  }
  if (r.arrivals.trace === undefined) return finishScenario(r, undefined);
  const { trace, issues } = await traceFor(reuse, file, r.arrivals.trace, r.fleet.map((f) => f.name), onTrace);
  if (!trace) throw new InputError(issues, file);
  checkTraceReachesHorizon(r, trace, file);
  return finishScenario(r, trace);
}

/**
 * The trace at `path`, as scenario file `file` names it, for a fleet of these names: the columns
 * one of `reuse` read (`shared`), or those read now, or the problems that stop it.
 */
async function traceFor(
  reuse: readonly ReadBefore[],
  file: string,
  path: string,
  names: readonly string[],
  onTrace?: TraceReading,
): Promise<{ trace?: TraceColumns; shared?: boolean; issues: readonly InputIssue[] }> {
  const at = traceLocation(file, path);
  const before = reuse.filter(({ file: other, scenario: s }) => s.arrivals.kind === 'trace' && traceLocation(other, s.arrivals.path) === at);
  for (const { scenario: s } of before) if (s.arrivals.kind === 'trace' && sameNames(s.fleet.map((f) => f.name), names)) return { trace: s.arrivals.columns, shared: true, issues: [] };
  // A pipe read for another fleet is empty now: "an empty file" would blame the trace.
  if (before.length > 0 && !(await stat(at).then((st) => st.isFile(), () => true))) {
    const first = before[0].file;
    // The names as a list: the same names in another order number the trace's types otherwise.
    return { issues: [{ path: 'arrivals.trace', expected: `must be a file where scenarios whose fleets list other names, or the same in another order, read it: a pipe is read once, and ${first} read this one for its fleet's names (write the trace to a file, or list the same names in the same order)`, found: show(path) }] };
  }
  return traceFile(file, path, names, onTrace);
}

/**
 * Reads the trace at `path`, relative to scenario file `file`'s folder, for a fleet of these names:
 * its columns, or the problems that stop it (an unreadable or oversized file among them).
 */
async function traceFile(file: string, path: string, names: readonly string[], onTrace?: TraceReading): Promise<{ trace?: TraceColumns; issues: readonly InputIssue[] }> {
  const where = `trace ${path}`;
  const here = tracePathHere(path);
  let handle: FileHandle;
  try {
    handle = await openInput(traceLocation(file, path), TRACE_LIMITS.bytes);
  } catch (err) {
    if (err instanceof Unreadable && err.size !== undefined) {
      return { issues: [{ path: where, expected: `must be at most ${showBytes(TRACE_LIMITS.bytes)}`, found: err.size }] };
    }
    const looked = isAbsolute(here) ? here : join(folderOf(file), here);
    const link = (err as NodeJS.ErrnoException).code === 'ENOENT' ? linkTarget(traceLocation(file, path)) : undefined;
    return { issues: [traceUnreadableIssue(path, plain(err), looked, link)] };
  }
  try {
    const st = await handle.stat();
    const regular = st.isFile();
    let onBytes: ((bytes: number) => void) | undefined;
    if (onTrace) {
      const total = regular ? st.size : undefined;
      onBytes = (bytes) => onTrace(path, bytes, total);
    }
    const read = await readTrace(handle.createReadStream({ highWaterMark: 1 << 20 }), where, names, TRACE_LIMITS, onBytes);
    // A pipe gives its text once: one found empty may have been read out by a scenario file before
    // this one (one of other fleet names, or that failed its checks), which "an empty file" hides.
    if (regular || read.trace !== undefined || !(read.issues.length === 1 && read.issues[0].found === EMPTY_TRACE)) return read;
    return { issues: [{ ...read.issues[0], found: 'nothing: a pipe gives its text once, so a scenario file before this one that names it may have read it all' }] };
  } catch (err) {
    // The file failing as it is read (a system error, with its code) or too large for memory to
    // hold its columns (RangeError) is the trace's problem; anything else is hubsim's, and is not
    // to be passed off as an unreadable file.
    if (!(typeof (err as { code?: unknown } | null)?.code === 'string' || err instanceof RangeError)) throw err;
    return { issues: [traceUnreadableIssue(path, plain(err))] };
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Where the trace a scenario file `file` names as `written` is read from: beside the file, unless absolute. */
export function traceLocation(file: string, written: string): string {
  return resolve(folderOf(file), tracePathHere(written));
}

/**
 * The folder of the file the system opens at `file`: `resolve` takes a `..` by name (`link/../a.json`
 * to `a.json`), where the system takes it after following the link, to the parent of the link's
 * target, and reads the scenario there; its trace is beside it. Any other path's folder as written.
 */
function folderOf(file: string): string {
  // A scenario file that is a link to one elsewhere: the folder of the file the system opens, where
  // its traces are (a link made to run a scenario from another folder found none beside itself).
  try {
    if (lstatSync(file).isSymbolicLink()) return dirname(realpathSync.native(file));
  } catch {
    // Unreadable or gone: the folder as named, where the file's own error is told.
  }
  const folder = dirname(file);
  if (!folder.split(/[\\/]/).includes('..')) return folder;
  try {
    // (The system's: Node's own takes the `..` by name first.)
    return realpathSync.native(folder);
  } catch {
    return folder;
  }
}

/**
 * A trace's path as written in a scenario, as this system reads paths: a backslash separates folders
 * as a slash does, so that a scenario written on Windows (`traces\week.csv`) finds its trace on
 * Linux and macOS too, where it named a file with a backslash in its name, which no one has. Windows
 * reads both already.
 */
export function tracePathHere(written: string, platform: string = process.platform): string {
  return platform === 'win32' ? written : written.replaceAll('\\', '/');
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/**
 * The .json file beside the missing `file` that it likely named: the name with .json added
 * (`hubsim run hub-phase1`), or one a slip away (`hub-phase1.jsn`); undefined if none, or if the
 * folder cannot be listed.
 */
async function meantFile(file: string): Promise<string | undefined> {
  let names: string[];
  const name = basename(file);
  try {
    // (Never the name itself: a file that is missing is no file to mean.)
    names = (await readdir(dirname(file))).filter((n) => n.endsWith('.json') && n !== name);
  } catch {
    return undefined;
  }
  return names.includes(`${name}.json`) ? `${name}.json` : likelyFile(name, names, '.json');
}

function reason(err: unknown): string {
  if (err instanceof Unreadable) return err.why;
  if (!isFsError(err)) return (err as Error).message;
  // In words, as every other file's problem is said: Node's message repeats the path and the call.
  return err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'a folder' : fsReason(err);
}

function plain(err: unknown): Error {
  return err instanceof Unreadable ? new Error(err.why) : (err as Error);
}

/**
 * Whether `bytes` are UTF-16 text: a byte-order mark of either order, or a start of ASCII letters
 * each beside a NUL byte, all on the same side. Other NULs (a binary file, a gzip) are no sign of it.
 */
function looksUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 4) return false;
  let low = 0; // pairs whose first byte is the NUL (big-endian ASCII)
  let high = 0; // pairs whose second is (little-endian)
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0 && bytes[i + 1] !== 0 && bytes[i + 1] < 0x80) low++;
    else if (bytes[i + 1] === 0 && bytes[i] !== 0 && bytes[i] < 0x80) high++;
  }
  return low === n / 2 || high === n / 2;
}

/**
 * The pipes (FIFOs) being opened. Opening one waits for a writer, in a thread of libuv's pool, and
 * a process cannot exit while such a thread waits: Ctrl-C printed "interrupted" and then hung, until
 * SIGKILL. See `stopWaitingForWriters`.
 */
const awaitingWriter = new Set<string>();

/**
 * Ends every wait for a writer of a pipe being opened, as if one came and went at once (the read
 * then finds the pipe's end), so that an interrupted command can exit.
 */
export function stopWaitingForWriters(): void {
  for (const path of awaitingWriter) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waits any more (ENXIO), or the path went: nothing to end.
    }
  }
}

/**
 * Opens `path` for reading if it is a regular file of at most `maxBytes` bytes or a pipe (whose
 * length only reading tells). Looks before opening: opening a device can itself do something.
 * @throws Unreadable (with the size for a file too large), or the file system's error
 */
async function openInput(path: string, maxBytes: number): Promise<FileHandle> {
  const kind = await stat(path);
  kindCheck(kind, maxBytes);
  if (kind.isFIFO()) awaitingWriter.add(path);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } finally {
    awaitingWriter.delete(path);
  }
  try {
    // Checked again on what was opened, in case the path changed in between.
    kindCheck(await handle.stat(), maxBytes);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

// The words of bounded-read.ts's `fileKind`, written here again: that module's types need Node's,
// and the library ships no module whose types do (test/package.test.ts).
function kindCheck(s: Awaited<ReturnType<typeof stat>>, maxBytes: number): void {
  if (s.isDirectory()) throw new Unreadable('a folder');
  if (s.isCharacterDevice()) throw new Unreadable('a character device, not a file');
  if (s.isBlockDevice()) throw new Unreadable('a block device, not a file');
  if (s.isSocket()) throw new Unreadable('a socket, not a file');
  if (s.isFile() && s.size > maxBytes) throw new Unreadable('too large', `${s.size} bytes`);
}

/** Reads a whole file of at most `maxBytes` bytes. @throws Unreadable, or the file system's error */
async function readBounded(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await openInput(path, maxBytes);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      // A pipe has no size to look at first: stop as soon as it gives more than allowed.
      if (total > maxBytes) throw new Unreadable('too large', `more than ${maxBytes} bytes`);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
