import { readdirSync } from 'node:fs';

/**
 * `args` (file or folder paths from the command line) with each one whose last part holds `*` or
 * `?` replaced, on Windows, by the names in its folder that match, sorted. POSIX shells expand such
 * a pattern before hubsim sees it; cmd.exe and PowerShell pass it on as it is, and `hubsim run
 * scenarios\*.json` was refused as a file that does not exist (Windows allows neither character in
 * a name, so the pattern cannot be a name there). A pattern that matches nothing, or names a folder
 * that cannot be listed, stays as it is, for the command to report. Elsewhere `args` is returned
 * unchanged: a shell that left a pattern alone found nothing to match it either.
 */
export function expandWildcards(args: readonly string[], platform: NodeJS.Platform = process.platform): string[] {
  if (platform !== 'win32') return [...args];
  return args.flatMap((arg) => {
    const at = Math.max(arg.lastIndexOf('/'), arg.lastIndexOf('\\'));
    const name = arg.slice(at + 1);
    if (!/[*?]/.test(name) || /[*?]/.test(arg.slice(0, at + 1))) return [arg];
    const folder = at < 0 ? '.' : arg.slice(0, at + 1);
    // Windows compares names without regard to case.
    const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return [arg];
    }
    const found = names.filter((n) => re.test(n) && !n.startsWith('.')).sort();
    return found.length === 0 ? [arg] : found.map((n) => (at < 0 ? n : `${arg.slice(0, at + 1)}${n}`));
  });
}
