import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InputError } from './errors.js';
import { missingWords } from './links.js';
import { homeSignHint } from './words.js';

/** How a file may be given: `file` only a regular file; `file or pipe` also a pipe (`--baseline <(…)`). */
export type Readable = 'file' | 'file or pipe';

/**
 * Reads a whole text file with a bound on its size, so that a wrong path such as /dev/zero, a FIFO
 * no one writes to or a huge file fails at once with a clear message instead of exhausting memory
 * or waiting for ever. Devices, sockets and folders are refused before they are opened (opening a
 * device can itself do something), pipes unless `accept` is `file or pipe`.
 * @throws InputError naming `file` and `what` when it is missing, unreadable, not a regular file
 * (or pipe), or larger than `limit` bytes.
 */
export function readBoundedText(file: string, what: string, limit: number, accept: Readable = 'file'): string {
  return readBoundedBytes(file, what, limit, accept).toString('utf8');
}

/**
 * The bytes of a file, read as `readBoundedText` reads it, into one buffer: the file's size (and a
 * byte more, to tell that it has not grown meanwhile), or, for a pipe, one that grows as it comes.
 * Bytes a parser takes as they are (csv-parse does) are then held once, not as chunks, their
 * concatenation and the text decoded from it besides.
 * @throws InputError as `readBoundedText`.
 */
export function readBoundedBytes(file: string, what: string, limit: number, accept: Readable = 'file'): Buffer {
  const { fd, size } = openBounded(file, what, limit, accept);
  try {
    let buf = Buffer.allocUnsafe(Math.min(limit + 1, size !== undefined ? size + 1 : 1 << 16));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(limit + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = readBounded(fd, buf, total, file, what);
      if (n === 0) break;
      total += n;
      // A pipe, or a file still growing, has no size to look at first.
      if (total > limit) throw tooLarge(file, what, limit, 'more');
    }
    return buf.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of a file, as `readBoundedText` reads it, a chunk (of at most 1 MiB) at a time: a
 * caller that takes each as it comes (csv-parse, say) never holds the whole file. Each chunk is a
 * Buffer of its own, which the caller may keep.
 * @throws InputError as `readBoundedText`, a file that grows past `limit` once its chunks so far are handed out.
 */
export function* boundedChunks(file: string, what: string, limit: number, accept: Readable = 'file'): Generator<Buffer> {
  const { fd } = openBounded(file, what, limit, accept);
  try {
    const buf = Buffer.alloc(Math.min(limit + 1, 1 << 20));
    let total = 0;
    for (;;) {
      const n = readBounded(fd, buf, 0, file, what);
      if (n === 0) break;
      total += n;
      // A pipe, or a file still growing, has no size to look at first.
      if (total > limit) throw tooLarge(file, what, limit, 'more');
      yield Buffer.from(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a file to read with a bound on its size: its descriptor, and its size if it is a regular file.
 * @throws InputError as `readBoundedText`, the file closed again.
 */
function openBounded(file: string, what: string, limit: number, accept: Readable): { fd: number; size?: number } {
  let fd: number;
  try {
    checkKind(statSync(file), what, file, accept);
    // A pipe refused must not block the open waiting for a writer; one accepted is read as it comes.
    fd = openSync(file, accept === 'file' ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw unreadable(file, what, code === 'ENOENT' ? `${missingWords(file)}${homeSignHint(file)}` : String(code));
  }
  try {
    // Looked at again on what was opened, in case the path changed in between.
    const stats = fstatSync(fd);
    checkKind(stats, what, file, accept);
    if (stats.isFile() && stats.size > limit) throw tooLarge(file, what, limit, `${stats.size} bytes`);
    return { fd, ...(stats.isFile() && { size: stats.size }) };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Reads from `fd` into `buf` from `offset` on: the bytes read, 0 at the end. @throws InputError for a failed read. */
function readBounded(fd: number, buf: Buffer, offset: number, file: string, what: string): number {
  try {
    return readSync(fd, buf, offset, buf.length - offset, null);
  } catch (err) {
    throw unreadable(file, what, String((err as NodeJS.ErrnoException).code ?? err));
  }
}

function unreadable(file: string, what: string, found: string): InputError {
  return new InputError([{ path: file, expected: `must be a readable ${what}`, found }]);
}

function tooLarge(file: string, what: string, limit: number, found: string): InputError {
  return new InputError([{ path: file, expected: `must be a ${what} of at most ${limit} bytes`, found }]);
}

/** @throws InputError unless `s` is a regular file (or, accepted, a pipe). */
function checkKind(s: Stats, what: string, file: string, accept: Readable): void {
  if (s.isFile() || (s.isFIFO() && accept === 'file or pipe')) return;
  throw new InputError([{ path: file, expected: `must be a ${what}`, found: fileKind(s) }]);
}

/** What `s` is, for a message: `a folder`, `a pipe (FIFO), not a file`, …; `a file` for a regular one. */
export function fileKind(s: Stats): string {
  if (s.isFile()) return 'a file';
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a pipe (FIFO), not a file';
  if (s.isCharacterDevice()) return 'a character device, not a file';
  if (s.isBlockDevice()) return 'a block device, not a file';
  if (s.isSocket()) return 'a socket, not a file';
  return 'not a file';
}
