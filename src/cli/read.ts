import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';

/**
 * Reads a small text file given on the command line (a baseline, a shard's manifest or result table)
 * with a bound on its size, so that a wrong path such as /dev/zero or a huge file fails at once with
 * a clear message instead of exhausting memory.
 * @throws InputError naming `what` when the file is missing, unreadable, a folder or larger than `limit` bytes.
 */
export function readBoundedText(file: string, what: string, limit: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([{ path: file, expected: `must be a readable ${what}`, found: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : String(code) }]);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new InputError([{ path: file, expected: `must be a ${what}`, found: 'a folder' }]);
    const buf = Buffer.alloc(Math.min(limit + 1, 1 << 20));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        throw new InputError([{ path: file, expected: `must be a readable ${what}`, found: String((err as NodeJS.ErrnoException).code ?? err) }]);
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw new InputError([{ path: file, expected: `must be a ${what} of at most ${limit} bytes`, found: 'a larger file' }]);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
