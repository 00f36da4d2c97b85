import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

// Where paths lead, for the commands that must tell one folder under two names, or a path inside a
// folder from one outside it. Light on purpose: the CLI's start-up and worker threads load it.

/** A path with links followed where it exists, so that two names for one place compare equal; else the path made absolute. */
export function samePlace(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Whether `path` is `dir` or inside it, as the names read (links are not followed). */
export function within(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
