import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, normalize, resolve, sep } from 'node:path';
import { fileKind, readBoundedText } from '../bounded-read.js';
import { BASELINE_COLUMNS, CHECK_COLUMNS } from '../output/columns.js';
import { writeAll } from '../output/csv.js';
import { atPath, EnvironmentError, fsErrorText, fsReason, InputError, isFsError, type InputIssue } from '../errors.js';
import { hearInterrupts, heedInterrupts, onInterrupt, resultsInPlace } from './interrupt.js';
import { STAGING } from './staging.js';
import { listed } from '../words.js';

// The output folder's promises (README "Output is atomic"):
// - A command builds everything it writes in a staging folder inside --out, then moves each
//   scenario folder into place as one unit: the old folder is renamed aside, the new one renamed
//   in, the old one deleted. No reader ever sees files of two runs side by side in one folder.
// - The moves happen under a lock, so concurrent runs into one --out take turns; the last to
//   finish a folder wins it whole.
// - hubsim replaces only what it wrote: a folder in --out is replaced only if every entry in it is
//   a file with the name of a hubsim output, and only by the same kind of result (a run's by a
//   run's, a sweep's by a sweep's, a sizing's by a sizing's). Anything else stops the command
//   before anything moves.
// - Staging, set-aside and lock-step folders carry the host and process id of their owner; a later
//   run recognises those of dead processes (SIGKILL, power loss) and cleans them up, restoring a
//   set-aside folder whose replacement never arrived.

/** The kinds of result folder: a run's (also written by compare and merge), a sweep's, a sizing's. */
export type Kind = 'run' | 'sweep' | 'size';

/** How a kind is named in messages. */
const KIND_TEXT: Readonly<Record<Kind, string>> = { run: "a run's results", sweep: "a sweep's results", size: "a sizing's results" };

/**
 * The files hubsim writes into a result folder, each with the kinds of folder that hold it; a
 * folder holding anything else is not hubsim's. The names alone tell a folder's kind, without
 * reading (or trusting) any content: the per-scenario tables only a run writes, sweep.csv only a
 * sweep, size.csv only a sizing; a sweep slice is the one folder with both designs.csv and shard.json.
 */
const OUTPUT_FILES: ReadonlyMap<string, readonly Kind[]> = new Map<string, readonly Kind[]>([
  ['summary.csv', ['run']],
  ['sessions.csv', ['run']],
  ['bays.csv', ['run']],
  ['power.csv', ['run']],
  ['by-hour.csv', ['run']],
  ['by-fleet.csv', ['run']],
  ['load-duration.csv', ['run']],
  ['wait-cdf.csv', ['run']],
  ['breakdowns.csv', ['run']],
  ['sweep.csv', ['sweep']],
  ['size.csv', ['size']],
  ['designs.csv', ['sweep', 'size']],
  ['shard.json', ['run', 'sweep']],
  ['replications.csv', ['run', 'sweep', 'size']],
  ['run.json', ['run', 'sweep', 'size']],
  ['report.html', ['run', 'sweep', 'size']],
]);

/**
 * The kind of result a folder holding `files` (all named in OUTPUT_FILES) is: the one kind all of
 * them belong to. Undefined when they fit none (files of two kinds mixed) or more than one (only
 * files every kind writes, so nothing tells which command wrote them).
 */
function kindOf(files: readonly string[]): Kind | undefined {
  let kinds: readonly Kind[] = ['run', 'sweep', 'size'];
  for (const f of files) kinds = kinds.filter((k) => OUTPUT_FILES.get(f)!.includes(k));
  return kinds.length === 1 ? kinds[0] : undefined;
}

/** What `writtenKind` calls a baseline. */
export const BASELINE_KIND = 'a baseline that hubsim baseline wrote';

/** The single files hubsim writes where an option names a file, by their CSV header. */
const SINGLE_FILES: readonly { readonly header: string; readonly what: string }[] = [
  { header: BASELINE_COLUMNS.join(','), what: BASELINE_KIND },
  { header: CHECK_COLUMNS.join(','), what: 'a check result that hubsim check --out wrote' },
];

/**
 * What `path` is of the things hubsim writes, in words, or undefined when it is none: a baseline or
 * a check result (by its header, also as an editor saves it again), a folder of one kind of
 * result, or an output folder (--out) holding such folders. Said when an option is given the wrong
 * kind: a baseline where an output folder is expected, or the other way round.
 */
export function writtenKind(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (st.isFile()) {
      const first = headOf(path).split(/\r?\n/)[0].replace(/\s+/g, '');
      return SINGLE_FILES.find((f) => f.header === first)?.what;
    }
    if (!st.isDirectory()) return undefined;
    const resultKind = (dir: string) => {
      const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
      return files.length > 0 && files.every((f) => OUTPUT_FILES.has(f)) ? kindOf(files) : undefined;
    };
    const own = resultKind(path);
    if (own !== undefined) return `a folder of ${KIND_TEXT[own]} that hubsim wrote`;
    for (const e of readdirSync(path, { withFileTypes: true })) {
      const inner = e.isDirectory() ? resultKind(join(path, e.name)) : undefined;
      if (inner !== undefined) return `an output folder of run, sweep or size holding ${KIND_TEXT[inner]}`;
    }
  } catch {
    // Unreadable: nothing to say of it.
  }
  return undefined;
}

const ASIDE = '.hubsim-aside-';
const LOCK = '.hubsim-lock';
/** A lock being made: created, given its owner file, then renamed to LOCK. */
const LOCK_NEW = `${LOCK}-new-`;
/** A dead owner's lock, renamed out of the way before it is deleted. */
const LOCK_STALE = `${LOCK}-stale-`;
/** A file being written atomically: `.<its name>` + this + its owner's tag, beside where it goes. */
const TEMPORARY = '.hubsim-tmp-';
/** How long to wait for another run's lock: locks are held only while folders move, for milliseconds. */
const LOCK_WAIT_MS = 30_000;

/**
 * Codes with which Windows refuses a rename for as long as another program has a file in the folder
 * (or the file) open without sharing it: a virus scanner or the search indexer for a moment, another
 * run reading a lock's owner file, or Excel for as long as the file is open in it.
 */
const HELD_OPEN = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** Whether `code` is one with which `platform` refuses a rename while a file is held open (see HELD_OPEN). */
function heldOpen(code: string | undefined, platform: string): boolean {
  return platform === 'win32' && code !== undefined && HELD_OPEN.has(code);
}

/**
 * renameSync, tried again for a second or so on Windows while the source is held open (see
 * HELD_OPEN): a scan of a fresh results folder made a whole run fail at its last step. A rename onto
 * an existing folder, which Windows refuses with EPERM for good (a lock held by another run), is not
 * tried again.
 * @throws the last error.
 */
export function renamePatiently(from: string, to: string, platform: string = process.platform, rename: (a: string, b: string) => void = renameSync): void {
  for (let wait = 10; ; wait *= 2) {
    try {
      rename(from, to);
      return;
    } catch (err) {
      if (!heldOpen((err as NodeJS.ErrnoException).code, platform) || wait > 640 || isFolder(to)) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    }
  }
}

/**
 * What a commit that failed says of the results it had moved in (`moved`): they are this command's,
 * and the rest (`kept`, the one that failed first) as they were, so the folder holds results of two
 * runs side by side, which a reader (`hubsim report`) then refuses.
 */
function movedAlready(moved: readonly string[], kept: readonly string[]): string {
  if (moved.length === 0) return '';
  return `; ${listed(moved)} ${moved.length === 1 ? 'was' : 'were'} replaced already and ${listed(kept)} ${kept.length === 1 ? 'is' : 'are'} as before, of another run: run the command again once it can move ${kept.length === 1 ? 'it' : 'them'}`;
}

/**
 * What to add to the message of a move or write that failed with `err` on `platform`: on Windows,
 * where a file open in another program cannot be replaced, nor the folder holding it (or a
 * terminal's working folder) moved, what may hold it.
 */
export function heldOpenHint(err: unknown, platform: string = process.platform): string {
  return heldOpen((err as NodeJS.ErrnoException | undefined)?.code, platform) ? '; is a file there open in another program (Excel, an editor, a viewer), or the folder a terminal\'s working folder? Close it or leave it, and run again' : '';
}

// Linux numbers the system's first pid namespace so (PROC_PID_INIT_INO), on every machine. (Set
// before HOST, which reads it.)
const INITIAL_PID_NAMESPACE = '4026531836';

/** This machine, as owner tags and lock files name it (see `machineName`). */
export const HOST = machineName(hostname(), readMachineId(), readPidNamespace());

/**
 * A machine's name in owner tags: its host name, the start of its machine id where the system
 * keeps one, and its pid namespace where that is not the system's own. A host name alone is not
 * enough on a shared disk: two machines of the same name (two workstations called `ws`, nodes
 * imaged alike) writing into one --out would each take the other's live lock, staging folder and
 * set-aside folder for a dead run's of its own, since no such pid runs there, and delete them
 * mid-run. Containers on one host are such machines too: sharing the host's name (its network)
 * and, often, no machine id, each sees none of the other's pids. The id is stable across reboots,
 * so a run that died with the machine is still recognised as this machine's after it restarts; a
 * container's pid namespace is new each time it starts, so what a run in a container left when
 * killed is another machine's to the next container, and stays (as the README says).
 */
export function machineName(host: string, machineId: string | undefined, pidNamespace?: string): string {
  const name = host.replace(/[^A-Za-z0-9.]/g, '_').slice(0, 64) || 'host';
  const machine = machineId === undefined ? name : `${name}.${machineId.slice(0, 12)}`;
  return pidNamespace === undefined ? machine : `${machine}.pid${pidNamespace}`;
}

/** The machine id of systemd (or of D-Bus, where systemd has none), 32 hex digits; undefined where there is none (macOS, Windows, many containers). */
function readMachineId(): string | undefined {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = readFileSync(file, 'utf8').trim();
      if (/^[0-9a-f]{32}$/.test(id)) return id;
    } catch {
      // Not on this system: try the next, or go by the host name alone.
    }
  }
  return undefined;
}

/** This process's pid namespace (Linux: its inode), when it is not the system's own; undefined there and elsewhere. */
function readPidNamespace(): string | undefined {
  try {
    const ns = /^pid:\[(\d+)\]$/.exec(readlinkSync('/proc/self/ns/pid'))?.[1];
    return ns === INITIAL_PID_NAMESPACE ? undefined : ns;
  } catch {
    return undefined; // not Linux, or no /proc
  }
}

/** A name unique to this process: host, pid and random bits, so that a later run can tell whose it was. */
function ownerTag(): string {
  return `${HOST}~${process.pid}~${randomBytes(4).toString('hex')}`;
}

/** The pid in a tag written by `ownerTag`, when it was written on this host; undefined otherwise. */
function tagPid(tag: string): number | undefined {
  const [host, pid] = tag.split('~');
  return host === HOST && /^\d+$/.test(pid ?? '') ? Number(pid) : undefined;
}

/** The fields of /proc/PID/stat after the command's name (Linux), from field 3 (the state) on; undefined elsewhere or for no such process. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Start time of a process (Linux: field 22 of /proc/PID/stat), to tell a live owner from a reused pid. */
function startTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/**
 * Whether process `pid` on this host is alive (and, where the system tells, is the same process
 * that started at `started`). A process killed whose parent has not yet reaped it (a zombie, as
 * `timeout -s KILL` leaves one for a moment when it ends too) still answers a signal 0, but is dead.
 */
function alive(pid: number, started?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (stat !== undefined && (stat[0] === 'Z' || stat[0] === 'X')) return false;
  if (started === undefined) return true;
  return stat === undefined || stat[19] === started;
}

/**
 * An output path as hubsim reads it: `..` takes away the name before it, as `path.join` does for
 * every file under the path. Left to the system instead, `x/../y` names nothing while x does not
 * exist (the folders were made, then every write failed with "no such file"), and goes beside
 * the target of a symbolic link x, where the folders made for it were not.
 */
export function lexical(path: string): string {
  return normalize(path);
}

/**
 * The innermost folder of `dir` and its parents that exists (`dir` itself if it does), and the
 * missing ones below it, innermost first.
 * @throws EnvironmentError when the innermost that exists is not a folder, or cannot be looked at.
 */
function existingFolder(dir: string, option: string): { at: string; missing: string[] } {
  const target = resolve(dir);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    let st;
    try {
      st = statSync(at);
    } catch (err) {
      // A part of the path that is a file (ENOTDIR) is walked up to, and named, as a missing part is.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new EnvironmentError(fsErrorText(err as NodeJS.ErrnoException, `${option}: cannot use`));
      // A symbolic link to nothing is no missing folder to make: mkdir fails on it, once the work is done.
      if (isLink(at)) throw new EnvironmentError(`${option}: ${at} is a symbolic link to nothing (${readlinkSync(at)})`);
      missing.push(at);
      const up = dirname(at);
      if (up === at) break;
      at = up;
      continue;
    }
    if (!st.isDirectory()) {
      const what = writtenKind(at);
      throw new EnvironmentError(`${option}: ${at === target ? dir : at} is not a folder${what === undefined ? '' : `: it is ${what}`}`);
    }
    break;
  }
  return { at, missing };
}

/**
 * Creates folder `dir` and any missing parents, one level at a time, and returns the folders it
 * created, outermost first. Node's recursive mkdir never returns on paths such as /proc/x; this
 * gives up with a clear error instead.
 * @throws EnvironmentError when a level cannot be created or is not a folder.
 */
function ensureDir(dir: string, option = '--out'): Made[] {
  const { missing } = existingFolder(dir, option);
  const created: Made[] = [];
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
      created.push({ path: d, identity: identity(d) });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EEXIST' && statSync(d).isDirectory()) continue;
      removeEmpty(created);
      throw new EnvironmentError(fsErrorText(noNewEntries(e, dirname(d)), `${option}: cannot create the folder`));
    }
  }
  return created;
}

/**
 * Removes `folders` (as ensureDir lists them, outermost first) from the innermost out, as long as
 * they are empty and the ones it made: a folder another run or a user has put something in stays,
 * and its parents too; so does an empty folder a user made where one of them was moved away.
 */
function removeEmpty(folders: readonly Made[]): void {
  for (const d of [...folders].reverse()) {
    if (identity(d.path) !== d.identity) return;
    try {
      rmdirSync(d.path);
    } catch {
      return;
    }
  }
}

/** A folder a command created, and its identity (see `identity`) as created. */
interface Made {
  readonly path: string;
  readonly identity: string;
}

/**
 * Holds the lock of an output folder while `fn` runs. The lock is a folder (created atomically by
 * rename) holding its owner's pid and start time; a lock whose owner has died is taken over. Waits
 * for a live owner between attempts on the event loop, where a signal's handler runs: a command
 * that has its clean-ups registered (and so handles Ctrl-C itself) and meets a lock held by a live
 * process still stops within a second, with its line, instead of when the wait gives up.
 * @throws EnvironmentError (named by `option`) when another live run holds it for longer than LOCK_WAIT_MS.
 */
async function withLock<T>(root: string, fn: () => T, option = '--out'): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let dir: string | undefined;
  while ((dir = tookLock(root, deadline, option)) === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
  return holding(dir, fn);
}

/**
 * Tries for the lock, at once again after taking a dead owner's: the folder it was taken in (`root`
 * with links followed) when taken, undefined when a live run holds it (the caller waits, then tries
 * again). Each attempt works in the folder `root` names as it starts: a link on the way re-pointed
 * during one (which the command then finds and refuses) left the lock's temporary folder in the
 * folder it had named, made there and removed from the other; and a lock taken is released where it
 * was taken.
 * @throws EnvironmentError when that is still so past `deadline`.
 */
function tookLock(root: string, deadline: number, option: string): string | undefined {
  for (;;) {
    const dir = realPath(root);
    const t = tryLock(dir, root, option);
    if (t === true) return dir;
    if (t === 'again') continue;
    if (Date.now() > deadline) throw lockedBy(root, t, option);
    return undefined;
  }
}

/**
 * One attempt at the lock in `dir` (the folder `root`, which messages name, names now): true when
 * taken; 'again' when a dead owner's lock was taken away (or another run took it first), to try
 * again at once; otherwise its live owner, as far as it tells.
 */
function tryLock(dir: string, root: string, option: string): true | 'again' | ReturnType<typeof readOwner> {
  const lock = join(dir, LOCK);
  const tmp = join(dir, `${LOCK_NEW}${ownerTag()}`);
  let made = false;
  try {
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'owner'), JSON.stringify({ host: HOST, pid: process.pid, started: startTime(process.pid) }));
    made = true;
    renamePatiently(tmp, lock);
    return true;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    // A held lock refuses the rename: POSIX says ENOTEMPTY or EEXIST; Windows, which renames no
    // folder onto another, EPERM (or EACCES, EBUSY), which then stopped every run that met a held
    // lock at once instead of waiting for it.
    const held = code === 'ENOTEMPTY' || code === 'EEXIST' || (made && code !== undefined && HELD_OPEN.has(code) && isFolder(lock));
    // A file or a link where the lock goes refuses the rename with ENOTDIR, which names no cause.
    if (code === 'ENOTDIR' && exists(lock) && !isFolder(lock)) {
      throw new EnvironmentError(`${option}: ${join(root, LOCK)} is not hubsim's lock, which is a folder; if no hubsim is running, delete it`);
    }
    // Named by the folder the user gave, not the lock's temporary name, which is gone by now.
    if (!held) throw new EnvironmentError(fsErrorText(atPath(noNewEntries(err as NodeJS.ErrnoException, dir), root), `${option}: cannot write to`));
  }
  const owner = readOwner(lock);
  if (owner && owner.host === HOST && !alive(owner.pid, owner.started)) {
    // Take the dead owner's lock: only one of several contenders wins the rename.
    const stale = join(dir, `${LOCK_STALE}${ownerTag()}`);
    try {
      renamePatiently(lock, stale);
    } catch (err) {
      // Gone from under the rename: another run took it first; try again. Still there, it cannot be
      // moved by this user (another's lock in a sticky folder such as /tmp): trying again at once
      // would spin for ever, deaf to Ctrl-C.
      if (exists(lock)) {
        throw new EnvironmentError(
          `${option}: ${join(root, LOCK)} is the lock of hubsim process ${owner.pid}, which is no longer running, and it cannot be taken over: ${fsReason(err as NodeJS.ErrnoException)} (in a folder such as /tmp, only the user who made it may remove it); delete it as that user or root${option === '--out' ? ', or use another --out' : ''}`,
        );
      }
      return 'again';
    }
    try {
      rmSync(stale, { recursive: true, force: true, maxRetries: 3, retryDelay: 10 });
    } catch {
      // Moved aside, the lock is taken over; what could not be removed of it is a later run's to clear.
    }
    return 'again';
  }
  return owner;
}

/** The error for a lock that a live run held for longer than LOCK_WAIT_MS. */
function lockedBy(root: string, owner: ReturnType<typeof readOwner>, option: string): EnvironmentError {
  const who = owner ? `hubsim process ${owner.pid} on ${owner.host}` : 'another hubsim run';
  const instead = option === '--out' ? ', or use another --out' : '';
  return new EnvironmentError(`${option}: ${root} is locked by ${who}; wait for it to finish${instead} (if no hubsim is running, delete ${join(root, LOCK)})`);
}

/** Runs `fn` with the lock taken in `dir`, and releases it there. */
function holding<T>(dir: string, fn: () => T): T {
  try {
    return fn();
  } finally {
    release(dir);
  }
}

/**
 * Releases the lock: renamed to a name of this process's first, then removed. Removed where it
 * stands, the lock is an empty folder for a moment once its owner file is gone, and another run's
 * rename then takes it over (a rename replaces an empty folder); the removal then fails with
 * ENOTEMPTY, and a command that had done all its work exited 2.
 */
function release(root: string): void {
  const stale = join(root, `${LOCK_STALE}${ownerTag()}`);
  try {
    renamePatiently(join(root, LOCK), stale);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  removeLeftover(stale);
}

/**
 * Removes a folder this process has renamed out of the way (a released lock, a replaced result set
 * aside), trying again for a moment. A removal that still fails (on Windows, a file in it held open
 * by a virus scanner or a viewer) does not fail the command, whose work is done: the folder carries
 * this process's tag, and the next run into --out removes it (see cleanStale).
 */
function removeLeftover(path: string, remove: (path: string) => void = (p) => rmSync(p, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 })): void {
  try {
    remove(path);
  } catch {
    // Left for the next run, as above.
  }
}

/**
 * The owner a lock's record names, or undefined while it is being written or when it is none of
 * hubsim's. Read with a bound, as a regular file only: a record planted as a link to /dev/zero or a
 * FIFO would otherwise take all memory, or block the process where no signal reaches it.
 */
function readOwner(lock: string): { host: string; pid: number; started?: string } | undefined {
  try {
    const o = JSON.parse(readBoundedText(join(lock, 'owner'), 'lock owner record', OWNER_MAX_BYTES));
    return typeof o?.host === 'string' && Number.isSafeInteger(o?.pid) ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Most bytes of a lock's owner record: its host name, pid and start time take a few hundred at most. */
const OWNER_MAX_BYTES = 4096;

/** What a run leaves in --out if it dies at the wrong moment, each name followed by its owner's tag. */
const LEFTOVERS = [STAGING, ASIDE, LOCK_NEW, LOCK_STALE];

/**
 * Puts folder `from` in the place of folder `target`, setting the old one aside at `aside` first and
 * removing it once the new one is in place. If the new one cannot be moved in, the old one is put
 * back before the error is thrown, so that a failed move leaves the results as they were.
 */
export function replaceFolder(
  from: string,
  target: string,
  aside: string,
  rename: (a: string, b: string) => void = renamePatiently,
  remove?: (path: string) => void,
): void {
  rename(target, aside);
  try {
    rename(from, target);
  } catch (err) {
    try {
      rename(aside, target);
    } catch {
      // Left aside: the next command into this folder puts it back (see cleanStale).
    }
    throw err;
  }
  removeLeftover(aside, remove);
}

/**
 * Removes the temporary files in `dir` of writes (writeFileAtomic) whose processes were killed before
 * they renamed them (SIGKILL, power loss): a comparison's report at the root of --out, a baseline or
 * check's CSV beside its file. Nothing else ever removes them, and each holds most of a file. Only a
 * regular file named by a dead process of this host goes.
 */
function removeDeadTemporaries(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    // A folder this process may write but not list (a drop box: -wx): nothing of its own to find.
    return;
  }
  for (const name of names) {
    const at = name.lastIndexOf(TEMPORARY);
    if (!name.startsWith('.') || at < 1) continue;
    const pid = tagPid(name.slice(at + TEMPORARY.length));
    if (pid === undefined || alive(pid)) continue;
    try {
      if (lstatSync(join(dir, name)).isFile()) unlinkSync(join(dir, name));
    } catch {
      // Gone already (another run removed it), or not ours to remove.
    }
  }
}

/**
 * Removes what dead runs on this host left behind: temporary files of single files, staging
 * folders, set-aside folders (restoring one whose replacement never arrived), and the folders of the
 * lock step (a lock being made, or a dead owner's lock being taken over). A live run's are never
 * touched; what cannot be removed or restored yet stays for a later run.
 */
function cleanStale(root: string): void {
  removeDeadTemporaries(root);
  for (const name of readdirSync(root)) {
    const prefix = LEFTOVERS.find((p) => name.startsWith(p));
    if (prefix === undefined) continue;
    const rest = name.slice(prefix.length);
    const pid = tagPid(rest);
    if (pid === undefined || alive(pid)) continue;
    const path = join(root, name);
    if (prefix === ASIDE) {
      // `.hubsim-aside-<tag>~<folder>`: the run died between setting the old folder aside and moving the new one in.
      const folder = rest.split('~').slice(3).join('~');
      const back = join(root, folder);
      if (folder !== '' && !exists(back)) {
        try {
          renamePatiently(path, back);
        } catch {
          // Held open (Windows): put back by a later run; never deleted while its place is empty.
        }
        continue;
      }
    }
    // What cannot be removed now (on Windows, a file in it held open) is left for a later run: it
    // stopped this one, which has nothing to do with it, with "cannot write to --out".
    removeLeftover(path);
  }
}

/** The folder at or above `dir` that holds a command's results (run.json beside replications.csv), if any. */
function enclosingResult(dir: string): string | undefined {
  const isFile = (path: string) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (isFile(join(at, 'run.json')) && isFile(join(at, 'replications.csv'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * Whether a file at the root (a comparison's CSV or report), or a result folder's report.html, is
 * one hubsim wrote, by how it starts:
 * a comparison's header (also after a byte-order mark), or a page that hubsim generated; or it is
 * empty (made by mktemp, say).
 * A user's own file of that name is not replaced.
 */
function ownFile(path: string): boolean {
  try {
    const head = headOf(path);
    return head === '' || head.startsWith('metric,a_mean,b_mean,diff_mean,') || (head.startsWith('<!DOCTYPE html>') && head.includes('<meta name="generator" content="hubsim '));
  } catch {
    return false;
  }
}

/**
 * The first 4 KiB of a file, as text, without a byte-order mark (which Excel adds when it saves a
 * CSV again): enough to tell a file hubsim writes by how it starts.
 * @throws the file system's error where it cannot be read.
 */
function headOf(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0)).replace(/^\ufeff/, '');
  } finally {
    closeSync(fd);
  }
}

/**
 * Throws unless each of `targets` in `root` may be replaced: nothing is there, or what is there is
 * hubsim's own of the replacement's kind (a folder of results of that kind, `foreign`; a file
 * hubsim wrote, `ownFile`). The kind of a folder whose files tell none is undefined.
 * @throws InputError naming each target that may not be.
 */
function refuseUnreplaceable(root: string, targets: readonly (readonly [string, Kind | undefined | 'file'])[]): void {
  const problems = [];
  for (const [name, kind] of targets) {
    const target = join(root, name);
    if (!exists(target)) continue;
    const why = kind !== 'file' ? foreign(target, kind) : lstatSync(target).isFile() && ownFile(target) ? undefined : 'is not a file hubsim wrote';
    if (why) problems.push({ path: target, expected: `must be hubsim's own output to be replaced: it ${why}` });
    else if (kind !== 'file') canEmpty(target);
    else refuseOthersInSticky(target, 'replace');
  }
  if (problems.length > 0) throw new InputError(problems);
}

/**
 * Throws if one of `inputs` is, or lies inside, one of `targets` in `root`: a trace kept as
 * OUT/<name>/sessions.csv makes that folder look like an earlier run's, and was deleted with it
 * as the run's results took its place (the run had read it, and exited 0). By real paths, so that
 * an input reached through a link counts too.
 * @throws InputError naming each such input.
 */
function refuseInputsReplaced(root: string, targets: readonly string[], inputs: readonly string[]): void {
  const problems: InputIssue[] = [];
  for (const input of new Set(inputs)) {
    for (const target of replacedHolding(root, targets, input)) {
      problems.push({ path: input, expected: `must not lie in ${target}, which this command replaces with its results: it would be deleted; keep it outside --out's result folders` });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** The existing targets (names in `root`) that are `path` or hold it, by real paths (a link to one counts), as `root`/name. */
function replacedHolding(root: string, targets: readonly string[], path: string): string[] {
  const at = realPath(path);
  return targets
    .map((name) => join(root, name))
    .filter((target) => {
      if (!exists(target)) return false;
      const folder = realPath(target);
      return at === folder || at.startsWith(folder + sep);
    });
}

/**
 * Throws when a result folder this command replaces holds the working folder (`--out ..` typed in
 * a result folder): the shell would be left in a folder that no longer exists, and every later
 * command there would fail (Windows does not move such a folder, and the run failed at its end).
 * @throws InputError naming the folder.
 */
function refuseWorkingFolderReplaced(root: string, targets: readonly string[]): void {
  const [target] = replacedHolding(root, targets, process.cwd());
  if (target === undefined) return;
  throw new InputError([
    { path: '--out', expected: `must not replace the folder you are working in: ${target}, which this command replaces with its results, holds it, and the shell would be left in a deleted folder; run from another folder`, found: JSON.stringify(root) },
  ]);
}

/** The sticky bit of a folder's mode (S_ISVTX; Node's fs.constants does not name it). */
const STICKY = 0o1000;

/**
 * Throws unless this process may delete the files of folder `path` (write and search permission on
 * it, on a writable file system) and move the folder itself. The swap renames the old folder aside
 * and the new one in, which the folder's own permissions do not stop, and only then deletes the old
 * one: a read-only result folder (chmod a-w) made the command fail after its new result was in
 * place, and left a set-aside folder that every later run into --out failed to clean up. An empty
 * folder has no files to delete: removing it, as renaming it within --out, takes permission on
 * --out only, so a read-only one is replaced. In a sticky --out (a shared folder, as /tmp is) only
 * an entry's owner, the folder's, or root may move it: another user's result folder was found only
 * once the simulation had run.
 * @throws EnvironmentError naming the folder.
 */
function canEmpty(path: string): void {
  try {
    try {
      accessSync(path, constants.W_OK | constants.X_OK);
    } catch (err) {
      // Empty as listed, not as `foreign` counts it: a dead write's temporary file would need deleting too.
      if ((err as NodeJS.ErrnoException).code !== 'EACCES' || !isEmptyFolder(path)) throw err;
      accessSync(dirname(path), constants.W_OK | constants.X_OK);
    }
    refuseOthersInSticky(path, 'replace');
    if (isMountPoint(path)) {
      throw new EnvironmentError(
        `--out: cannot replace ${path}: a file system is mounted there, and hubsim replaces a result folder by moving it aside, which a mount point cannot be; unmount it, or give --out a folder inside it`,
      );
    }
  } catch (err) {
    if (isFsError(err)) throw new EnvironmentError(fsErrorText(atPath(err, path), '--out: cannot replace'));
    throw err;
  }
}

/**
 * Throws when --out, or a folder above it (as given, or with links followed), may be written by
 * every user and is not sticky: any of them could rename hubsim's staging folder, or --out itself,
 * and put a link in its place, through which the results would be written over files of their
 * choosing (a run into such a folder as another user truncated that user's ~/.bashrc). In a sticky
 * folder, as /tmp is, only an entry's owner or the folder's may move it: such a folder is taken if
 * it is root's or this user's. Looked at before --out is created, from
 * the innermost folder that exists: what hubsim creates is never open to every user (main.ts sets
 * the umask so). Not on Windows, whose modes do not say so.
 * @throws EnvironmentError naming the folder.
 */
function refuseOpenToAll(root: string, option = '--out'): void {
  if (process.platform === 'win32') return;
  let existing = resolve(root);
  while (!exists(existing) && dirname(existing) !== existing) existing = dirname(existing);
  // (Once where no link leads elsewhere.)
  for (const start of new Set([existing, realPath(existing)])) {
    for (let dir = start, below = ''; dir !== below; below = dir, dir = dirname(dir)) {
      let st: Stats;
      try {
        st = statSync(dir);
      } catch {
        return; // (a dangling link, say: creating --out says what is wrong)
      }
      // A file or device open to all (/dev/null) holds no entries to swap: making --out there says it is no folder.
      if ((st.mode & 0o002) === 0 || !st.isDirectory()) continue;
      // A sticky folder's owner may move any entry in it, and anyone may make one (in /tmp): sticky
      // is enough only in a folder of root's or this user's, and advised only there.
      const ownersOk = st.uid === 0 || st.uid === process.getuid?.();
      if ((st.mode & STICKY) === 0) {
        const sticky = ownersOk ? `, or make this one sticky (chmod +t ${dir}), as /tmp is` : ` (it is another user's, uid ${st.uid}: made sticky, its owner could still move hubsim's folders), or have its owner take write permission from other users (chmod o-w ${dir})`;
        throw new EnvironmentError(
          `${option}: ${dir} may be written by every user and is not sticky: another user could put links in place of hubsim's folders and files there, and have the results written over files of yours; use a folder only you can write to${sticky}`,
        );
      }
      if (!ownersOk) {
        throw new EnvironmentError(
          `${option}: ${dir} may be written by every user and is another user's (uid ${st.uid}): sticky, it still lets its owner move hubsim's folders and put links in their place; use a folder of your own, or one of root's such as /tmp`,
        );
      }
    }
  }
}

/**
 * Throws when `path` is another user's in a sticky folder that is not this user's either (a shared
 * folder, as /tmp is), where only an entry's owner, the folder's, or root may move or delete it.
 * @throws EnvironmentError naming `path` and what could not be done to it (`doing`).
 */
function refuseOthersInSticky(path: string, doing: 'replace' | 'delete', option = '--out'): void {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return;
  const parent = statSync(dirname(path));
  if ((parent.mode & STICKY) !== 0 && parent.uid !== uid && lstatSync(path).uid !== uid) {
    throw new EnvironmentError(`${option}: cannot ${doing} ${path}: it is another user's, in a folder where only an entry's owner may move it (sticky, as /tmp is)`);
  }
}

/**
 * Which folder `path` names (device and inode, links followed), or `none` where there is none: a
 * folder replaced or re-pointed to is another.
 */
export function identity(path: string): string {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return 'none';
  }
}

/** `path` with links followed, or as it is where they cannot be. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Whether `path` is a symbolic link (whatever it leads to, if anything). */
function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether `path` is a folder that can be listed and holds nothing. */
function isEmptyFolder(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

/**
 * `err` from making an entry in the folder `parent`, told as it is when that folder exists and
 * still says ENOENT: a file system that takes no new entries (/proc, some FUSE mounts), which
 * "no such file or folder" would misname.
 */
function noNewEntries(err: NodeJS.ErrnoException, parent: string): NodeJS.ErrnoException {
  if (err.code !== 'ENOENT') return err;
  try {
    if (!statSync(parent).isDirectory()) return err;
  } catch {
    return err;
  }
  return Object.assign(new Error(`its file system takes no new files or folders there (${err.code})`), { syscall: err.syscall, path: err.path });
}

/**
 * Whether the folder `path` is where a file system is mounted: on another device than its parent,
 * or (on Linux, where a bind mount of the same file system keeps the device) listed as a mount point
 * in /proc/self/mountinfo, whose text `mountInfo` is (undefined where it cannot be read).
 */
export function isMountPoint(path: string, mountInfo: string | undefined = readMountInfo()): boolean {
  try {
    const st = lstatSync(path);
    if (!st.isDirectory()) return false;
    if (st.dev !== statSync(dirname(resolve(path))).dev) return true;
  } catch {
    return false;
  }
  if (mountInfo === undefined) return false;
  const real = realPath(path);
  // The fifth field of each line is the mount point, with space, tab, newline and backslash as octal escapes.
  return mountInfo.split('\n').some((line) => line.split(' ')[4]?.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))) === real);
}

function readMountInfo(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether `path` is a folder (links not followed). */
function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `name` is the temporary file of a write into a result folder (writeFileAtomic: the report
 * page) whose process was killed before it renamed it: it holds nothing, and goes with the folder
 * when the folder is replaced, so it does not make the folder foreign.
 */
function deadTemporary(name: string): boolean {
  const at = name.indexOf(TEMPORARY);
  if (!name.startsWith('.') || at < 0 || !OUTPUT_FILES.has(name.slice(1, at))) return false;
  const pid = tagPid(name.slice(at + TEMPORARY.length));
  return pid !== undefined && !alive(pid);
}

/**
 * Whether `name` in result folder `folder` is a file the desktop writes into folders a user browses:
 * Finder's `.DS_Store`, and its `._<name>` beside hubsim's files on a drive or share that keeps no
 * macOS metadata (macOS); Explorer's `Thumbs.db` and `desktop.ini` (Windows). They hold nothing of
 * the user's and go with the folder when it is replaced; counted as the user's, they made a result
 * folder once opened in Finder one that no later run would replace.
 */
function desktopFile(folder: string, name: string): boolean {
  const lower = name.toLowerCase();
  const known = name === '.DS_Store' || lower === 'thumbs.db' || lower === 'desktop.ini' || (name.startsWith('._') && OUTPUT_FILES.has(name.slice(2)));
  try {
    return known && lstatSync(join(folder, name)).isFile();
  } catch {
    return false;
  }
}

/**
 * Why `path` is not a folder hubsim may replace with a folder of `kind`, or undefined when it may: it
 * must hold only files hubsim writes, of one kind of result, the same as its replacement's (a
 * scenario named `sweep-x` never replaces a sweep's folder, nor a sweep a run's). An empty folder
 * holds nothing to lose.
 */
function foreign(path: string, kind: Kind | undefined): string | undefined {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return 'is a symbolic link, not a folder hubsim wrote';
  if (!st.isDirectory()) return 'is a file, not a folder hubsim wrote';
  const files = readdirSync(path)
    .filter((f) => !deadTemporary(f) && !desktopFile(path, f))
    .sort();
  const list = (names: string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');
  // A report.html of the user's (a page annotated by hand and saved over hubsim's) is theirs, as it
  // is to `report`, which will not write over it: only a page hubsim generated goes with the folder.
  const others = files.filter((f) => !OUTPUT_FILES.has(f) || !lstatSync(join(path, f)).isFile() || (f === 'report.html' && !ownFile(join(path, f))));
  if (others.length > 0) return `holds entries hubsim did not write (${list(others)}); move them away, or use another --out`;
  if (files.length === 0) return undefined;
  const held = kindOf(files);
  if (held !== undefined && held === kind) return undefined;
  const what = held === undefined ? 'files that are not one kind of result' : KIND_TEXT[held];
  const by = kind === undefined ? 'this command' : KIND_TEXT[kind];
  return `holds ${what} (${list(files)}), which ${by} will not replace; move it away, or use another --out`;
}

/**
 * An output folder (`--out`) and this command's staging folder inside it. Everything the command
 * writes goes into `stage` first; `commit` moves it into place, each top-level folder as one unit.
 */
export class OutputRoot {
  /** The staging folder: write results here, with the same layout they will have under the root. */
  readonly stage: string;
  private done = false;
  private committed = false;
  private readonly release: () => void;
  // The folders --out named that did not exist before this command made them, outermost first: a
  // command that fails or is interrupted removes those it left empty, so that it leaves nothing.
  private created: Made[] = [];
  // The folder --out named when the staging folder was made, and that staging folder where it
  // really is: --out through a symbolic link re-pointed meanwhile (a `latest` link moved on to a
  // newer folder) names another folder, where the staging folder is not (see commit and discard).
  private opened: { readonly folder: string; readonly stage: string } | undefined;
  // The staging folder held open, where the system can say where it is now (Linux's /proc/self/fd):
  // --out moved away mid-run (a `mv` of the folder) takes it along, where no path names it.
  private stageFd: number | undefined;

  /**
   * Opens (creating if needed) the output folder, cleans up after dead runs, and makes a staging
   * folder. Ctrl-C and the like are heard from the start: a signal that came before the clean-up
   * was registered ended the process by the system's default, without a word, leaving what it had
   * made so far (the folders made for --out, the staging folder, the lock); and one that came
   * while another run held the lock, once anything else had registered a clean-up (a trace's
   * progress bar), went unheard until the lock was free, for up to 30 s.
   * @throws InputError for an empty --out; EnvironmentError when it cannot be created or written.
   */
  static async open(root: string): Promise<OutputRoot> {
    const out = new OutputRoot(root);
    try {
      await out.enter();
    } catch (err) {
      out.discard();
      throw err;
    }
    return out;
  }

  /** --out, with each `..` taking away the name before it (see `lexical`). */
  readonly root: string;

  private constructor(given: string) {
    if (given.trim() === '') throw new InputError([{ path: '--out', expected: 'must name a folder', found: '""' }]);
    const root = lexical(given);
    this.root = root;
    const result = enclosingResult(root);
    if (result !== undefined) {
      throw new InputError([
        { path: '--out', expected: 'must not be, or lie inside, a folder of results: hubsim would mix its results into it, and refuse to replace that folder from then on', found: JSON.stringify(result) },
      ]);
    }
    this.stage = join(root, `${STAGING}${ownerTag()}`);
    this.release = onInterrupt(() => this.discard());
  }

  /** Creates --out as needed, cleans up after dead runs and makes the staging folder, under the lock. */
  private async enter(): Promise<void> {
    const root = this.root;
    for (let attempt = 1; ; attempt++) {
      try {
        this.created = []; // (ensureDir removes what it made when it fails)
        refuseOpenToAll(root);
        this.created = ensureDir(root);
        await withLock(root, () => {
          cleanStale(root);
          try {
            mkdirSync(this.stage);
          } catch (err) {
            // Named by --out: the staging folder was never made.
            throw isFsError(err) ? atPath(err, root) : err;
          }
          this.opened = { folder: identity(root), stage: realPath(this.stage) };
          try {
            this.stageFd = openSync(this.stage, 'r');
          } catch {
            // Not every system opens a folder (Windows does not): it is then found by its path alone.
          }
        });
        return;
      } catch (err) {
        removeEmpty(this.created);
        this.created = [];
        // Another command that had made this --out, or a folder above it, failed and removed it
        // while this one was getting in: the path is walked again.
        if (!exists(root) && attempt < 5) continue;
        if (isFsError(err)) throw new EnvironmentError(fsErrorText(err, '--out: cannot write to'));
        throw err;
      }
    }
  }

  /**
   * Refuses now, before any work, what `commit` would refuse at the end: a folder of results of
   * another kind, or holding files of the user's, where one of `folders` (name and kind) goes; a
   * file not hubsim's where one of `files` goes; and any of the command's `inputs` (its scenario
   * files and traces) that lies in what the results replace. `commit` checks again, as things may change.
   * @throws InputError naming each such target or input.
   */
  checkTargets(folders: readonly (readonly [string, Kind])[], files: readonly string[] = [], inputs: readonly string[] = [], stale: readonly string[] = []): void {
    // What may not be replaced at all is said first: an input in a folder that is a link, or that
    // holds files of the user's, would not be deleted.
    refuseUnreplaceable(this.root, [...folders, ...files.map((name) => [name, 'file'] as const)]);
    refuseInputsReplaced(this.root, [...folders.map(([name]) => name), ...files], inputs);
    refuseWorkingFolderReplaced(this.root, folders.map(([name]) => name));
    // And the files `commit` will delete (see there), that only their owner may: said before anything
    // is simulated, not after.
    for (const target of this.outdated(stale)) refuseOthersInSticky(target, 'delete');
  }

  /** The files of `stale` (names in the root) that `commit` deletes: files hubsim wrote. */
  private outdated(stale: readonly string[]): string[] {
    return stale.map((name) => join(this.root, name)).filter((target) => exists(target) && lstatSync(target).isFile() && ownFile(target));
  }

  /**
   * Moves every top-level entry of the staging folder into the root: a folder replaces the folder of
   * the same name as one unit, a file replaces the file. Checks every target first, so that nothing
   * moves when one of them is not hubsim's to replace. Then deletes each file of `stale` (names in
   * the root) that hubsim wrote: a file of an earlier run that the new results leave without a match
   * (a comparison's page, when this one writes none); a file of the user's under that name stays.
   * `recheck` runs first, under the folder's lock, and may refuse the move by throwing (another
   * slice of the run moved into this --out meanwhile).
   * @throws InputError naming each target hubsim may not replace; EnvironmentError, before anything
   * moves, for a file of `stale` only another user may delete, and if a move or deletion fails.
   */
  async commit(stale: readonly string[] = [], recheck: () => void = () => {}): Promise<void> {
    // A Ctrl-C during the work just done is heard before anything moves, not after.
    await heedInterrupts();
    // Moved away (or replaced) before the lock is taken, the lock's folder is gone or another: said
    // so, not as a file system that takes no new entries (ENOENT in a folder made meanwhile).
    await withLock(this.root, () => {
      // Under the lock, so that no other command moves its results in between the check and the move.
      recheck();
      if (identity(this.root) !== this.opened?.folder) throw this.moved();
      const names = readdirSync(this.stage).sort();
      refuseUnreplaceable(
        this.root,
        names.map((name) => {
          const from = join(this.stage, name);
          return [name, statSync(from).isDirectory() ? kindOf(readdirSync(from)) : 'file'] as const;
        }),
      );
      // The files of `stale` that will be deleted, checked with the rest before anything moves.
      const outdated = this.outdated(stale);
      for (const target of outdated) refuseOthersInSticky(target, 'delete');
      const moved: string[] = [];
      for (const name of names) {
        const from = join(this.stage, name);
        const target = join(this.root, name);
        try {
          if (statSync(from).isDirectory() && exists(target)) replaceFolder(from, target, join(this.root, `${ASIDE}${ownerTag()}~${name}`));
          else renamePatiently(from, target);
        } catch (err) {
          // Named by --out: the error may name the staging folder's entry, gone by the time it is read.
          if (isFsError(err)) throw new EnvironmentError(fsErrorText(atPath(err, this.root), `--out: cannot move ${name} into place in`) + heldOpenHint(err) + movedAlready(moved, names.slice(moved.length)));
          throw err;
        }
        moved.push(name);
      }
      for (const target of outdated) {
        try {
          rmSync(target);
        } catch (err) {
          if (isFsError(err)) throw new EnvironmentError(fsErrorText(err, '--out: cannot delete the out-of-date'));
          throw err;
        }
      }
    }).catch((err: unknown) => {
      throw this.explained(err);
    });
    this.committed = true;
    this.discard();
    await resultsInPlace(this.root);
  }

  private moved(): EnvironmentError {
    return new EnvironmentError(`--out: ${this.root} no longer names the folder this command began to write into (moved, or a symbolic link on the way re-pointed?): nothing was moved; run the command again`);
  }

  /**
   * `err`, or, where --out no longer names the folder this command began to write into (moved away
   * mid-run, a link on the way re-pointed) and `err` is the file system's, the error that says so:
   * the write that failed named only a file in the staging folder, no longer where it was.
   */
  explained(err: unknown): unknown {
    const fs = isFsError(err) || err instanceof EnvironmentError;
    return fs && this.opened !== undefined && identity(this.root) !== this.opened.folder ? this.moved() : err;
  }

  /** Where the staging folder is now, as the system tells of the one held open; undefined where it cannot, or the folder is gone. */
  private stageNow(): string | undefined {
    if (this.stageFd === undefined) return undefined;
    try {
      const path = readlinkSync(`/proc/self/fd/${this.stageFd}`);
      return path.startsWith('/') && !path.endsWith(' (deleted)') ? path : undefined;
    } catch {
      return undefined;
    } finally {
      closeSync(this.stageFd);
      this.stageFd = undefined;
    }
  }

  /**
   * Removes the staging folder and everything in it (idempotent); before a commit, also the folders
   * this command created for --out, where nothing else has been put in them meanwhile. On an
   * interrupt, threads that write into the staging folder by path (worker threads, a sessions
   * writer) are still at work while this runs, and a file one of them creates after the removal has
   * emptied a folder stops the removal with ENOTEMPTY, leaving the staging folder behind. So the
   * folder is first renamed to a staging name of this process's: from then on their writes fail
   * (the process is ending), and the removal has the folder to itself. Should the removal still
   * fail, the next run cleans the folder up.
   */
  discard(): void {
    if (this.done) return;
    this.done = true;
    this.release();
    const stage = this.stageNow() ?? this.opened?.stage ?? this.stage;
    let doomed = join(dirname(stage), `${STAGING}${ownerTag()}`);
    try {
      renameSync(stage, doomed);
    } catch {
      doomed = stage; // Already gone, or not to be moved: removed where it is.
    }
    try {
      rmSync(doomed, { recursive: true, force: true, maxRetries: 3, retryDelay: 10 });
    } catch {
      // Left for the next run into this --out, which removes a dead process's staging folders.
    }
    if (!this.committed) removeEmpty(this.created);
  }
}

/**
 * Replaces `relative` (a file inside output folder `root`) atomically, under the folder's lock, so
 * that no run swaps the folder around it meanwhile, provided `unchanged()` says, under the lock,
 * that the files the text was made from are still the ones there.
 * @throws InputError when they are not; EnvironmentError when it cannot be written.
 */
export async function writeIntoOutput(root: string, relative: string, text: string, unchanged: () => boolean = () => true): Promise<void> {
  // Nothing to undo while the lock is waited for, and Ctrl-C meanwhile is heard, as is one that
  // came while the text was being made.
  const release = hearInterrupts();
  try {
    // As every command that writes: the folder a report goes into, or one above it, open to every
    // user could be swapped for a link too.
    refuseOpenToAll(dirname(join(root, relative)), 'report');
    await heedInterrupts();
    await withLock(
      root,
      () => {
        // What the text was made from may have been replaced by another run since it was read: then
        // the text belongs to no folder that is there now.
        if (!unchanged()) {
          throw new InputError([{ path: join(root, relative), expected: 'must be written beside the files it was made from: another run replaced them while it was being made (make it again)', found: 'newer files' }]);
        }
        // A page of the user's under that name (a comparison's, beside the results) stays as it is.
        writeFileAtomic(join(root, relative), text, 'report', { what: 'a report hubsim wrote', test: ownFile });
      },
      'report',
    );
    await resultsInPlace(join(root, relative));
  } finally {
    release();
  }
}

/**
 * Throws unless a file hubsim writes may take the place of `file`: there is nothing there yet, or a
 * regular file that `ours` (when given) recognises as one hubsim wrote. The rename that puts the
 * new file in place would replace whatever stands there, so a folder, a symbolic link, a FIFO or a
 * device (even /dev/null, for a command run as root) stops the command instead.
 * @throws InputError naming `option`.
 */
export function checkReplaceable(file: string, option: string, ours?: { readonly what: string; readonly test: (file: string) => boolean }): void {
  if (file.trim() === '') throw new InputError([{ path: option, expected: 'must name a file', found: '""' }]);
  if (/[\\/]$/.test(file)) throw new InputError([{ path: option, expected: 'must name a file, not a folder', found: JSON.stringify(file) }]);
  const path = lexical(file);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return; // Nothing there (or nothing this process can see, which the write will report).
  }
  const kind = st.isFile() ? undefined : st.isSymbolicLink() ? 'a symbolic link' : fileKind(st);
  // The wrong kind of file hubsim writes (a baseline given as check's --out, a run's output folder
  // as baseline's) is named as such: most often two options were swapped.
  const other = st.isSymbolicLink() ? undefined : writtenKind(path);
  if (kind) throw new InputError([{ path: option, expected: 'must name a regular file, or one that does not exist yet', found: `${JSON.stringify(file)}, ${other === undefined ? kind : `${kind}: ${other}`}` }]);
  if (ours && !ours.test(path)) {
    throw new InputError([{ path: option, expected: `must name a new file, or ${ours.what} to replace`, found: `${JSON.stringify(file)}, ${other ?? 'a file hubsim did not write'}` }]);
  }
  // Another user's, in a shared folder: the rename would fail, but only once the work is done.
  refuseOthersInSticky(path, 'replace', option);
}

/**
 * Throws unless a file can be created where `file` is to be written: in its folder, or, where that
 * folder is still to be made, in the innermost folder above it that exists. Looked at before a
 * command simulates, as `run` looks at its --out, so that a long `check` is not refused only at its
 * end, its verdict unprinted (and looked at again as the file is written); nor in a folder open to
 * every user (see refuseOpenToAll).
 * @throws EnvironmentError naming the file, or the folder it cannot be written in.
 */
export function checkWritable(file: string, option: string): void {
  const parent = dirname(resolve(lexical(file)));
  // As for an output folder: the folders made for the file could be swapped for links there.
  refuseOpenToAll(parent, option);
  const dir = existingFolder(parent, option).at;
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    // As the write would say it: the file, or the first folder it could not make.
    const own = dir === parent;
    if (isFsError(err)) throw new EnvironmentError(fsErrorText(atPath(err, own ? file : dir), own ? `${option}: cannot write` : `${option}: cannot create a folder in`));
    throw err;
  }
}

/**
 * Throws if `file`, a file of hubsim's own that is no result's (a baseline, a check's verdicts), would
 * lie inside a folder of results: a run into that folder's --out would find a file it did not write
 * there, and refuse to replace the folder from then on.
 * @throws InputError naming `option`.
 */
export function checkOutsideResults(file: string, option: string): void {
  const result = enclosingResult(dirname(resolve(lexical(file))));
  if (result === undefined) return;
  throw new InputError([
    { path: option, expected: 'must not lie inside a folder of results: a run would find a file there that it did not write, and refuse to replace that folder from then on', found: `${JSON.stringify(file)}, inside ${JSON.stringify(result)}` },
  ]);
}

/** The most bytes a file name may have on the usual file systems (ext4, XFS, APFS, NTFS…). */
const NAME_MAX = 255;

/**
 * The name of the temporary file for a file named `name`: `.<name>` + TEMPORARY + its owner's tag.
 * A name within the limit can make one past it (a comparison of two long scenario names, on a host
 * with a long name such as a Kubernetes pod's: ENAMETOOLONG), so the name is cut short from its end
 * to fit; the file it becomes keeps its whole name. (A result folder's temporary file, which a later
 * run recognises by its name, is that of report.html: never cut.)
 */
function temporaryName(name: string): string {
  const tail = `${TEMPORARY}${ownerTag()}`;
  const room = NAME_MAX - Buffer.byteLength(`.${tail}`);
  let head = name;
  while (Buffer.byteLength(head) > room) head = head.slice(0, head.length - (/[\uDC00-\uDFFF]$/.test(head) ? 2 : 1));
  return `.${head}${tail}`;
}

/**
 * Writes a single file atomically: into a temporary file beside it, then renamed over it. A failure
 * or an interruption leaves the old file (if any), no temporary file, and none of the folders made
 * for it.
 * @throws InputError when `file` is empty or not a regular file (see checkReplaceable); EnvironmentError when it cannot be written.
 */
export function writeFileAtomic(given: string, text: string, option = '--out', ours?: Parameters<typeof checkReplaceable>[2]): void {
  checkReplaceable(given, option, ours);
  const file = lexical(given);
  // The folders made for it go again if the write fails, as a command's --out does.
  const created = ensureDir(dirname(resolve(file)), option);
  const tmp = join(dirname(resolve(file)), temporaryName(basename(file)));
  // What an earlier write killed midway left beside the file: this write would leave it there forever.
  removeDeadTemporaries(dirname(resolve(file)));
  const release = onInterrupt(() => {
    rmSync(tmp, { force: true });
    removeEmpty(created);
  });
  try {
    const fd = openSync(tmp, 'wx');
    try {
      // Whole: one writeSync on a filling disk put the first part of the file in place, exit 0.
      writeAll(fd, Buffer.from(text));
    } finally {
      closeSync(fd);
    }
    renamePatiently(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    removeEmpty(created);
    // Named by the file the user gave, not its temporary name, which is gone by now.
    if (isFsError(err)) throw new EnvironmentError(fsErrorText(atPath(err, given), `${option}: cannot write`) + heldOpenHint(err));
    throw err;
  } finally {
    release();
  }
}
