import { lstatSync, readlinkSync } from 'node:fs';
import { show } from './errors.js';

/** Where a symbolic link at `file` points, when it is one; undefined for anything else. */
export function linkTarget(file: string): string | undefined {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a file that could not be opened for want of it (ENOENT) is said to be: a link whose file is
 * gone is there to see (`ls` lists it), and "no such file" would deny it.
 */
export function missingWords(file: string): string {
  const target = linkTarget(file);
  return target === undefined ? 'no such file' : `a link to ${show(target)}, which does not exist`;
}
