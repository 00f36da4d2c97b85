import { lstatSync, readlinkSync } from 'node:fs';
import { goneLinkWords } from './errors.js';

/** Where a symbolic link at `file` points, when it is one; undefined for anything else. */
export function linkTarget(file: string): string | undefined {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** What a file that could not be opened for want of it (ENOENT) is said to be: a link whose file is gone is said to be one (see `goneLinkWords`). */
export function missingWords(file: string): string {
  const target = linkTarget(file);
  return target === undefined ? 'no such file' : goneLinkWords(target);
}
