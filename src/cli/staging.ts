import { dirname, join } from 'node:path';
import { within } from './places.js';
import { atPath, EnvironmentError, fsErrorText, isFsError, type FsError } from '../errors.js';

// The staging folder's name, and the message for a write into it that fails. Kept apart from
// outdir.ts, which makes and moves staging folders, so that worker threads, which only write into
// them, load none of it (nor Node's crypto, which it uses to name them).

/** The start of a command's staging folder's name inside --out; its owner's tag follows. */
export const STAGING = '.hubsim-staging-';

/**
 * What to throw for `err`, met while writing into `dir` (a folder inside a staging folder): a
 * file-system error becomes an EnvironmentError (exit 2) naming where the result would have gone.
 * Node's writeFileSync and a write to an open file name no path on a full disk, and the staging
 * folder is gone by the time the user reads the message. Any other error is returned as it is.
 */
export function writeFailure(err: unknown, dir: string): unknown {
  if (!isFsError(err)) return err;
  // Node's permission model names what it refused as `resource`, and says whether it was a read.
  const path = err.path ?? err.resource;
  if (path === undefined) return new EnvironmentError(fsErrorText(err, `cannot write into ${unstaged(dir)}`));
  // What is written goes into `dir`: a file elsewhere was being read (a part of vega loaded as a
  // report is drawn, with no file handles left or no right to read it, or a slice being merged).
  const read = !within(path, dir) || err.permission === 'FileSystemRead';
  return new EnvironmentError(fsErrorText(atPath(err, unstaged(path)), read ? 'cannot read' : 'cannot write'));
}

/** `err` with the path it names, if inside a staging folder (a folder that could not be made, say), as `unstaged` puts it. */
export function unstagedError(err: FsError): FsError {
  return err.path === undefined ? err : atPath(err, unstaged(err.path));
}

/**
 * `path` (inside a staging folder) as it will be once moved into place: without the staging folder.
 * The staging folder may begin the path: under `--out .` it is `.hubsim-staging-…/<name>`.
 */
function unstaged(path: string): string {
  const m = new RegExp(`(?:^|[\\\\/])\\${STAGING}[^\\\\/]+(?=[\\\\/]|$)`).exec(path);
  if (m === null) return path;
  const stage = path.slice(0, m.index + m[0].length);
  const rest = path.slice(stage.length);
  return rest === '' ? dirname(stage) : join(dirname(stage), rest);
}

/**
 * Runs `write`, which writes into `dir` (a folder inside a staging folder), and turns a file-system
 * error it meets into `writeFailure`'s: Node's writeFileSync names no path on a full disk, so a
 * report or a table that did not fit said only "cannot use: no space left on the device".
 * @throws EnvironmentError naming where the result would have gone, for a file-system error; any
 * other error `write` throws, as it is.
 */
export async function writingInto<T>(dir: string, write: (dir: string) => T | Promise<T>): Promise<T> {
  try {
    return await write(dir);
  } catch (err) {
    throw writeFailure(err, dir);
  }
}
