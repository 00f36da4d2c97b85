import { describe, expect, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { boundedChunks, readBoundedBytes, readBoundedText, type Readable } from '../src/bounded-read.js';
import { InputError, type InputIssue } from '../src/errors.js';
import { scratch } from './helpers/scratch.js';

// The one reader for files that must be small: whatever the path turns out to be, it answers at
// once, with the file named, rather than filling memory or waiting for a writer.

const dir = scratch('hubsim-bounded-');

function issuesOf(file: string, limit = 100, accept: Readable = 'file'): readonly InputIssue[] {
  try {
    readBoundedText(file, 'test file', limit, accept);
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  throw new Error('no InputError thrown');
}

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('readBoundedText', () => {
  test('reads a regular file up to the bound', () => {
    const f = join(dir, 'ok.txt');
    writeFileSync(f, 'x'.repeat(100));
    expect(readBoundedText(f, 'test file', 100)).toBe('x'.repeat(100));
  });

  test('a file over the bound is refused by its size, before it is read', () => {
    const f = join(dir, 'big.txt');
    writeFileSync(f, 'x'.repeat(101));
    expect(issuesOf(f)).toEqual([{ path: f, expected: 'must be a test file of at most 100 bytes', found: '101 bytes' }]);
  });

  test.each([
    ['/dev/zero', '/dev/zero', 'a character device, not a file'],
    ['a folder', dir, 'a folder'],
  ])('%s is refused before it is opened', (_what, path, found) => {
    expect(issuesOf(path)).toEqual([{ path, expected: 'must be a test file', found }]);
  });

  test('a missing file', () => {
    const f = join(dir, 'none.txt');
    expect(issuesOf(f)).toEqual([{ path: f, expected: 'must be a readable test file', found: 'no such file' }]);
  });

  test('a link whose file is gone is said to be one: `ls` lists it, and "no such file" would deny it', () => {
    const f = join(dir, 'dangling.txt');
    symlinkSync('gone.txt', f);
    expect(issuesOf(f)).toEqual([{ path: f, expected: 'must be a readable test file', found: 'a link to "gone.txt", which does not exist' }]);
  });

  test('a FIFO no one writes to is refused at once when a file is wanted', () => {
    // Returning at all is the test: a read that waited for a writer would never come back.
    const f = fifo('nobody');
    expect(issuesOf(f)).toEqual([{ path: f, expected: 'must be a test file', found: 'a pipe (FIFO), not a file' }]);
  });

  test('a pipe, where one is accepted, is read as it comes, and bounded', async () => {
    const f = fifo('writer');
    const writer = spawn('sh', ['-c', `printf 'a,b\\n1,2\\n' > '${f}'`]);
    expect(readBoundedText(f, 'test file', 100, 'file or pipe')).toBe('a,b\n1,2\n');
    await new Promise((resolve) => writer.on('close', resolve));
    const g = fifo('endless');
    const endless = spawn('sh', ['-c', `cat /dev/zero > '${g}'`]);
    expect(issuesOf(g, 1000, 'file or pipe')).toEqual([{ path: g, expected: 'must be a test file of at most 1000 bytes', found: 'more' }]);
    endless.kill();
  });
});

describe('readBoundedBytes and boundedChunks', () => {
  test("a file's bytes, whole in one buffer or a chunk at a time: multi-byte characters across a chunk's end too", () => {
    const f = join(dir, 'bytes.txt');
    const text = `x${'é'.repeat(700_000)}\n`; // 1.4 MB: two chunks, the first ending inside an é (2 bytes each, after the x)
    writeFileSync(f, text);
    const whole = readBoundedBytes(f, 'test file', 2 << 20);
    expect(whole.toString('utf8')).toBe(text);
    const chunks = [...boundedChunks(f, 'test file', 2 << 20)];
    expect(chunks.map((c) => c.length)).toEqual([1 << 20, Buffer.byteLength(text) - (1 << 20)]);
    expect(Buffer.concat(chunks).equals(whole)).toBe(true);
  });

  test('a pipe larger than the first buffer is read whole, and bounded', async () => {
    const f = fifo('long');
    const writer = spawn('sh', ['-c', `head -c 300000 /dev/zero > '${f}'`]);
    const bytes = readBoundedBytes(f, 'test file', 1 << 20, 'file or pipe');
    await new Promise((resolve) => writer.on('close', resolve));
    expect(bytes.length).toBe(300_000);
    expect(bytes.every((b) => b === 0)).toBe(true);
    const g = fifo('over');
    const over = spawn('sh', ['-c', `head -c 300000 /dev/zero > '${g}'`]);
    expect(() => readBoundedBytes(g, 'test file', 200_000, 'file or pipe')).toThrow(InputError);
    over.kill();
  });

  test('a pipe read a chunk at a time is refused from the first byte past the bound, and read whole up to it', async () => {
    const read = async (name: string, bytes: number) => {
      const f = fifo(name);
      const writer = spawn('sh', ['-c', `head -c ${bytes} /dev/zero > '${f}'`]);
      try {
        return [...boundedChunks(f, 'test file', 1000, 'file or pipe')].reduce((n, c) => n + c.length, 0);
      } finally {
        await new Promise((resolve) => writer.on('close', resolve));
      }
    };
    expect(await read('at-bound', 1000)).toBe(1000);
    await expect(read('past-bound', 1001)).rejects.toThrow(InputError);
  });
});

// Every file opened is closed again, read or refused: a long command (a sweep reading a baseline
// per design, a merge of many slices) ran out of file handles otherwise.
(existsSync('/proc/self/fd') ? test : test.skip)('no file is left open, whether it was read or refused for its size', () => {
  const ok = join(dir, 'closed-ok.txt');
  const big = join(dir, 'closed-big.txt');
  writeFileSync(ok, 'x'.repeat(100));
  writeFileSync(big, 'x'.repeat(101));
  const open = () => readdirSync('/proc/self/fd').length;
  const before = open();
  for (let i = 0; i < 20; i++) {
    readBoundedText(ok, 'test file', 100);
    readBoundedBytes(ok, 'test file', 100);
    expect(issuesOf(big)).toHaveLength(1);
  }
  expect(open()).toBe(before);
});
