import { counted } from './words.js';

/** One problem found in user input: where it is, what was expected, and what was found. */
export interface InputIssue {
  /** JSON path (`hub.chargers[1].cabinetKw`), trace location (`trace traces/week.csv line 4, column soc_in`) or CLI option. */
  readonly path: string;
  /** What the value must be, phrased to follow the path: "must be a number > 0". */
  readonly expected: string;
  /** The offending value as the user wrote it, already rendered for display; undefined when absent. */
  readonly found?: string;
  /**
   * How many problems this line stands for when they are counted: N for a line such as `has 100
   * more problems not listed`, 0 for one that only says the list stops. Absent: 1.
   */
  readonly stands?: number;
  /** True on a line saying that reading stopped with the list full: there may be more problems than are counted. */
  readonly orMore?: boolean;
}

/** Base of every error hubsim throws on purpose; anything else is a bug. */
export class HubsimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input (scenario, trace, baseline, command line): the user can fix it. Exit code 2. */
export class InputError extends HubsimError {
  /** Every problem found, for a caller that handles them one by one rather than reading the message. */
  readonly issues: readonly InputIssue[];

  /**
   * @param source the file or folder the issues were found in: the message then opens with
   * `source: N problems` and indents the issues under it; without it, one issue a line.
   * @param message the message to carry instead of the one rendered from `issues` (`combine` keeps
   * each file's heading that way).
   */
  constructor(issues: readonly InputIssue[], source?: string, message?: string) {
    super(message ?? InputError.render(issues, source));
    this.issues = issues;
  }

  /** One error holding the issues of several (each file's heading kept in the message). */
  static combine(errors: readonly InputError[]): InputError {
    return new InputError(errors.flatMap((e) => e.issues), undefined, errors.map((e) => e.message).join('\n'));
  }

  /** Formats issues one per line as `path: expected (got found)`. */
  static render(issues: readonly InputIssue[], source?: string): string {
    const lines = issues.map(formatIssue);
    const head = source ? `${shownPath(source)}: ${problemCount(issues)}\n` : '';
    return head + lines.map((l) => (source ? `  ${l}` : l)).join('\n');
  }
}

/**
 * How many problems `issues` hold, in words: `300 problems` where 200 are listed and a line stands
 * for the other 100, `at least 100 problems` where reading stopped with the list full.
 */
function problemCount(issues: readonly InputIssue[]): string {
  const n = issues.reduce((sum, i) => sum + (i.stands ?? 1), 0);
  return `${issues.some((i) => i.orMore) ? 'at least ' : ''}${counted(n, 'problem')}`;
}

/** Formats one issue as `path: expected (got found)`, the path as `shownPath` shows it. */
export function formatIssue(issue: InputIssue): string {
  const got = issue.found === undefined ? '' : ` (got ${issue.found})`;
  return `${shownPath(issue.path)}: ${issue.expected}${got}`;
}

/**
 * A path (a file's, or where in one) as a message shows it: quoted as JSON when it is empty or only
 * spaces (a file argument given as ""), bare the line would start with a colon and name nothing; and
 * when it holds a control character (a file name with a line break in it), shown raw the message
 * would break in two, each part read as a problem of its own, or a character that changes how the
 * rest of the line reads (as `show` writes strings).
 */
export function shownPath(path: string): string {
  const shown = quoted(path);
  return path.trim() === '' || shown !== JSON.stringify(path) || /[\u0000-\u001f]/.test(path) ? shown : path;
}

/** What a path is said to be where it is a symbolic link to `target`, which does not exist: `ls` lists it, and "no such file" would deny it. */
export function goneLinkWords(target: string): string {
  return `a link to ${show(target)}, which does not exist`;
}

/**
 * A hub that can never serve its trucks: a queue past 100,000 trucks, power so small that trucks
 * are still there a year after the horizon, or bays they wait for never in service. Bad input for
 * a run; for `size`, a design that fails whatever its targets.
 */
export class OverloadedError extends InputError {}

/**
 * The machine refused something hubsim needs: a folder it cannot create or write, a full disk, an
 * output folder another run holds. Not a bug, and not the input's fault, but the user's to fix.
 * Exit code 2, like bad input.
 */
export class EnvironmentError extends HubsimError {}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ELOOP: 'too many symbolic links',
  EXDEV: 'crosses file systems',
  EBUSY: 'busy',
  ENOTEMPTY: 'folder not empty',
  ERR_ACCESS_DENIED: "refused by Node's permission model (--permission)",
};

/**
 * What messages read of a file-system error: Node's `NodeJS.ErrnoException`, spelt out so that the
 * library's types ask no one who imports them for Node's type definitions.
 */
export interface FsError extends Error {
  code?: string;
  path?: string;
  syscall?: string;
  /** What Node's permission model refused (ERR_ACCESS_DENIED names no path), and which permission it lacked (`FileSystemRead`, `FileSystemWrite`, `WorkerThreads`). */
  resource?: string;
  permission?: string;
}

/** Whether `err` is an error of the file system that the user (not hubsim) can fix. */
export function isFsError(err: unknown): err is FsError {
  const code = (err as FsError | null)?.code;
  return typeof code === 'string' && code in FS_REASONS && Object.hasOwn(FS_REASONS, code);
}

/**
 * `err` as met at `path`: a failure on a temporary name (a staging folder's entry, a `.partial`
 * file), told of the name it stood for, which is still there when the message is read.
 */
export function atPath(err: FsError, path: string): FsError {
  return Object.assign(new Error(err.message), { code: err.code, syscall: err.syscall, path });
}

/** `doing path: reason (CODE)` for a file-system error, e.g. `cannot write out/x.csv: no space left on the device (ENOSPC)`. */
export function fsErrorText(err: FsError, doing: string): string {
  const where = err.path ? ` ${shownPath(err.path)}` : err.resource ? ` ${err.resource}` : '';
  return `${doing}${where}: ${fsReason(err)}`;
}

/** The reason of a file-system error in words, with its code: `permission denied (EACCES)`; Node's message for a code not known here. */
export function fsReason(err: FsError): string {
  const reason = (err.code && Object.hasOwn(FS_REASONS, err.code) ? FS_REASONS[err.code] : undefined) ?? err.message;
  return `${reason}${err.code ? ` (${err.code})` : ''}`;
}

/**
 * A broken invariant inside hubsim (the simulation, its statistics, outputs and reports): a bug, not
 * bad input. The command line reports it as an internal error, exit code 3. Only the engine, which
 * imports nothing else of ours, throws a RangeError instead.
 */
export class SimulationError extends HubsimError {}

/**
 * Of `items`, the first whose `key` most of them share (the first item on a tie): the one that the
 * others are told against, so that one odd item (an edited row, a slice run with other settings) is
 * named, not all the others against it.
 */
export function usual<T>(items: readonly T[], key: (item: T) => string): T {
  const counts = new Map<string, number>();
  for (const x of items) counts.set(key(x), (counts.get(key(x)) ?? 0) + 1);
  let best = items[0];
  for (const x of items) if (counts.get(key(x))! > counts.get(key(best))!) best = x;
  return best;
}

/**
 * What JSON.parse said of text that is not JSON, on one line: Node quotes the text around the fault
 * with its line breaks, which split a message in two, the second line without hubsim's name.
 */
export function notJsonWords(err: unknown): string {
  return String(err instanceof Error ? err.message : err).replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Longest rendering of a value in a message; longer ones are cut to end in "...", and a string's then in '..."', closing its quotes. */
const SHOW_MAX = 60;

/**
 * Renders any value the way a user wrote it in JSON, shortened for messages. It stops writing once
 * past the limit, so a huge, deeply nested or cyclic value costs no more than a small one.
 */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const out = { text: '' };
  render(value, out, true);
  if (out.text.length <= SHOW_MAX) return out.text;
  return typeof value === 'string' ? `${out.text.slice(0, SHOW_MAX - 4)}..."` : `${out.text.slice(0, SHOW_MAX - 3)}...`;
}

/** Characters that change how the rest of a line looks, or look like none (DEL and the C1 controls, line and paragraph separators among them): shown as escapes. */
const UNSEEN = /[\u007f-\u009f\u2028\u2029\u00a0\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0]/g;

/** `text` as a JSON string, with the UNSEEN characters written as escapes too. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(UNSEEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Appends `value` as JSON.stringify would write it, until the text is past the limit. */
function render(value: unknown, out: { text: string }, top: boolean): void {
  if (out.text.length > SHOW_MAX) return;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') {
    // -0 as written: JSON makes it 0, and "must be a number >= 1 (got 0)" named a value not given.
    out.text += Object.is(value, -0) ? '-0' : JSON.stringify(value);
  } else if (typeof value === 'string') {
    // Written as escapes, as JSON writes control characters: a right-to-left override would
    // otherwise reorder the rest of the terminal line, and a zero-width space, a byte-order mark or
    // a no-break space before a number would show a message refusing what looks like "100", and a
    // variation selector or a filler letter would make a name look like the one it is told to be.
    out.text += quoted(value.slice(0, SHOW_MAX + 1));
  } else if (Array.isArray(value)) {
    out.text += '[';
    for (let i = 0; i < value.length && out.text.length <= SHOW_MAX; i++) {
      if (i > 0) out.text += ',';
      const v = value[i];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') out.text += 'null';
      else render(v, out, false);
    }
    out.text += ']';
  } else if (typeof value === 'object') {
    out.text += '{';
    let first = true;
    for (const key in value) {
      if (out.text.length > SHOW_MAX) break;
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out.text += `${first ? '' : ','}${JSON.stringify(key.slice(0, SHOW_MAX + 1))}:`;
      first = false;
      render(v, out, false);
    }
    out.text += '}';
  } else if (typeof value === 'bigint') {
    // Not JSON; written as JavaScript writes one (1n), which "1" would hide: a value that looks right.
    out.text += `${value}n`;
  } else {
    // function, symbol: not JSON; a top-level one is shown as its own text
    out.text += top ? String(value) : 'null';
  }
}
