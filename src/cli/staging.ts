import { EnvironmentError, fsErrorText, isFsError } from '../errors.js';

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
  const where = dir.replace(new RegExp(`([\\\\/])\\${STAGING}[^\\\\/]+(?=[\\\\/]|$)`), '');
  return new EnvironmentError(fsErrorText(err, err.path ? 'cannot write' : `cannot write into ${where}`));
}
