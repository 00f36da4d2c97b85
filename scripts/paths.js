// Paths as the build scripts compare and write them: with `/` between folders on every system.
// On Windows, `path` functions give `\`, and a check written with `/` matched nothing there (the
// build, which `npm ci` runs, stopped with "src/index.ts is not in its own program").

/**
 * `to` relative to `from`, with `/` between folders, or undefined when `to` is not inside `from`.
 * `path` is node:path, or path.win32 / path.posix to ask as on another system.
 */
export function inside(path, from, to) {
  const rel = path.relative(from, to);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
