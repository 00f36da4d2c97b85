import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EnvironmentError, formatIssue, fsErrorText, fsReason, InputError, isFsError, notJsonWords, show, shownPath, usual, type InputIssue } from '../../errors.js';
import { BAY_COLUMNS, POWER_COLUMNS, REPLICATION_COLUMNS, SESSION_COLUMNS } from '../../output/columns.js';
import { TRACE_HEADERS } from '../../scenario/trace.js';
import { CONNECTORS, LABEL, SCENARIO_DEFAULTS, SCENARIO_NAME as NAME, WEEKDAYS, type TraceColumns } from '../../scenario/types.js';
import { breakdownLayout } from '../../model/breakdown.js';
import { OUTCOMES } from '../../model/records.js';
import { possibleState, VectorSummary, type SlotState } from '../../stats/vector-summary.js';
import { MAX_REPLICATIONS } from '../args.js';
import {
  BREAKDOWN_STATE_COLUMNS, BREAKDOWN_STATE_FILE, MANIFEST_MAX_BYTES, powerCutNote, RUN_RECORD_MAX_BYTES, scenarioHash, SHARD_FILE, shardRange, SLICE_FILES, writeBreakdowns, writeTables,
  type ReplicationRow, type RunRecord, type ShardManifest,
} from '../batch.js';
import { identity, lexical, OutputRoot } from '../outdir.js';
import { samePlace } from '../places.js';
import { STAGING, writeFailure, writingInto } from '../staging.js';
import { readBoundedBytes, readBoundedText } from '../../bounded-read.js';
import { changedSliceFile, checkFileRecord, copyCheckedCsv, digestOfBytes, type FieldKind, type FileDigest, irregularSliceFile, missingSliceFile, readCsvTable, readShareRows, recordedDigest, type CopyCheck } from '../read.js';
import { checkBuild, coverageIssues, differences, differenceText, otherBuild, SweepMerge, valueAt, withValueAt } from '../sweepfiles.js';
import { buildFingerprint, VERSION } from '../version.js';
import { counted, firstFew, homeSignHint } from '../../words.js';
import { CSV_NUMBER, MAX_MAGNITUDE } from '../../output/csv.js';

// `merge` trusts nothing it reads: every name that becomes a path must be a scenario name, every
// manifest field is checked, and every file it joins is checked row by row against its manifest.

const MODES = ['first', 'all', 'none'];

interface Slice {
  readonly dir: string;
  readonly manifest: ShardManifest;
}

// What each column of the files merge copies holds (see FieldKind), in the order of their columns.
const BAY_KINDS: readonly FieldKind[] = ['whole', 'label', 'whole', CONNECTORS, 'number', 'number', 'number', 'whole'];
const POWER_KINDS: readonly FieldKind[] = ['number', 'whole', WEEKDAYS, 'whole', 'number', 'number', 'number', 'number', 'number', 'number'];
/** sessions.csv's, for a fleet of these types: a truck never plugged in has no bay and no connector. */
function sessionKinds(fleet: readonly string[]): readonly FieldKind[] {
  return ['whole', 'whole', fleet, 'number', 'number', 'number', 'number', 'number', 'whole?', ['', ...CONNECTORS], 'number', 'number', 'number', OUTCOMES];
}

/** A file of the merged result that is the slices' files one after the other, each checked as it is copied. */
interface Copy {
  readonly file: string;
  readonly parts: readonly { readonly file: string; readonly check: CopyCheck }[];
}

/**
 * `hubsim merge`: joins the slices written by `run --shard K/N` into the files an unsharded run
 * writes, byte for byte. Refuses slices of different scenarios, seeds or counts, gaps and overlaps,
 * and any manifest, table or run.json that is malformed or disagrees with its manifest.
 * @throws InputError listing every problem found, each with its file (and line).
 */
export async function mergeCommand(a: { dirs: readonly string[]; out: string; report?: boolean }, print: (s: string) => void): Promise<void> {
  const byScenario = new Map<string, Slice[]>();
  // The scenarios of slices whose shard.json was refused (named by their folders).
  const refused = new Set<string>();
  // The folder names that hold a slice (shard.json) in some folder given, and the results without one
  // beside slices (see below).
  const slicedNames = new Set<string>();
  const unslicedBeside: { dir: string; name: string; root: string }[] = [];
  const issues: InputIssue[] = [];
  const sweeps = new SweepMerge();
  // Each slice folder as first found: a run into a slice's --out meanwhile swaps in a new folder,
  // and the merge would join one run's tables with another's sessions (see `replaced`).
  const identities = new Map<string, string>();
  // A slice replaced while it was read shows as files missing or disagreeing: say what happened.
  const failure = () => {
    const moved = replaced(identities);
    return new InputError(moved.length > 0 ? moved : [...issues, ...otherBuildNote(byScenario, issues)]);
  };
  // A folder given twice (a shell pattern that matched it along with its own name, say) is said as
  // such: read twice, its replications would show only as repeated, with no folder named.
  const given = new Map<string, string>();
  for (const root of a.dirs) {
    // Read as an output path is (see `lexical`), its listing and its files alike, and told apart
    // from the others and from --out so: `join` would read the files of `link/../s1` from `s1`,
    // where the system would list the folder beside the link's target.
    const at = lexical(root);
    const place = samePlace(at);
    const first = given.get(place);
    if (first !== undefined) {
      issues.push({ path: root, expected: 'must be given once', found: first === root ? 'given twice' : `the same folder as ${first}` });
      continue;
    }
    given.set(place, root);
    const notSlices = (found: string) => issues.push({ path: root, expected: 'must be a folder written by `hubsim run --shard` or `sweep --shard`', found });
    let entries: string[];
    try {
      if (!statSync(at).isDirectory()) {
        notSlices('a file');
        continue;
      }
      entries = readdirSync(at).sort();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      notSlices(code === 'ENOENT' ? `no such folder${homeSignHint(root)}` : code === 'ENOTDIR' ? 'a file' : isFsError(err) ? fsReason(err) : String(err));
      continue;
    }
    let count = 0;
    const unsliced: { dir: string; name: string }[] = []; // results without shard.json (see below)
    for (const name of entries) {
      // hubsim's own working folders (a staging folder, a result set aside while another run of the
      // slice swaps its own in) are no slices: no scenario name starts with a dot.
      if (name.startsWith('.')) continue;
      const dir = join(at, name);
      let file: string;
      try {
        if (!statSync(dir).isDirectory()) continue;
        file = join(dir, SHARD_FILE);
        statSync(file);
        identities.set(dir, identity(dir));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A scenario's result without shard.json (a run that was not given --shard, or whose record
        // was deleted) was given: it is named, and its scenario's other slices are not said to lack it.
        if (code === 'ENOENT' && existsSync(join(dir, 'run.json'))) {
          refused.add(name);
          unsliced.push({ dir, name });
        }
        // A folder named as a scenario's or a sweep's (sweep-<name>) that cannot be looked into may
        // hold a slice: passed over, its scenario was left out of the result without a word (exit
        // 0). Another (lost+found, at the top of a mounted disk) holds none, and is passed over.
        if (code === 'ENOENT' || code === 'ENOTDIR' || !NAME.test(name.replace(/^sweep-/, ''))) continue;
        count++;
        // Given, if unread: its scenario's (or sweep's) other slices are not said to lack it.
        if (name.startsWith('sweep-')) sweeps.unread(name.slice('sweep-'.length));
        else refused.add(name);
        issues.push({ path: dir, expected: `must be readable: it may hold a slice (${SHARD_FILE}); move it out of ${root} if it holds none`, found: isFsError(err) ? fsReason(err) : String(err) });
        continue;
      }
      count++;
      slicedNames.add(name);
      if (sweeps.claim(dir, name, file, issues)) continue;
      const manifest = readManifest(file, name, issues);
      if (!manifest) {
        refused.add(name);
        continue;
      }
      const list = byScenario.get(manifest.scenario) ?? [];
      list.push({ dir, manifest });
      byScenario.set(manifest.scenario, list);
    }
    // (A folder that holds no slice at all is told so once, below.)
    if (count > 0) unslicedBeside.push(...unsliced.map((u) => ({ ...u, root })));
    if (count === 0) {
      // The folder a slice printed (`→ OUT/<scenario>/`) is one level too deep: merge takes OUT.
      const inside = existsSync(join(at, SHARD_FILE));
      // Its scenario's other slices are then not said to lack this one, which was given.
      if (inside) refused.add(basename(resolve(at)));
      issues.push({
        path: root,
        expected: `must hold <scenario>/${SHARD_FILE} from \`hubsim run --shard\` or sweep-<name>/${SHARD_FILE} from \`hubsim sweep --shard\` (a slice's --out folder)${inside ? `: this is a result's folder inside one; give its parent, ${dirname(resolve(at))}` : ''}`,
        found: inside ? `${SHARD_FILE} in the folder itself` : `no ${SHARD_FILE} one level down${entries.some((e) => e.startsWith(STAGING)) ? `, only the working folder (${STAGING}…) of a run that has not finished: wait for it, or run that slice again if it was stopped` : ''}`,
      });
    }
  }
  // A result without shard.json under the name of slices given elsewhere: a slice whose record was
  // deleted, or a run of that scenario without --shard into a slice's folder; passed over, its
  // replications were left out, or counted twice. Under a name no slice has, it is another result
  // that shares the folder (an earlier run into the same --out), and is left alone.
  for (const { dir, name, root } of unslicedBeside) {
    if (!slicedNames.has(name)) continue;
    issues.push({
      path: dir,
      expected: `must hold ${SHARD_FILE}, as the other slices of ${name} do; move it out of ${root} if it is no slice`,
      found: `run.json without ${SHARD_FILE}: a result written without --shard, or a slice whose ${SHARD_FILE} was deleted`,
    });
  }
  // Only run slices need the validator (see checkRunRecords); a sweep's run.json is checked whole.
  const validator = byScenario.size > 0 ? await import('../../scenario/validate.js') : undefined;
  for (const [name, slices] of byScenario) issues.push(...checkSlices(name, slices, validator!, !refused.has(name)));
  // The result replaces what --out holds under each scenario's name: in a slice's folder, that is
  // the slice itself, which would be lost if anything later went wrong, and cannot be merged again.
  const target = samePlace(lexical(a.out));
  let outIsSlice = false;
  for (const root of a.dirs) {
    if (samePlace(lexical(root)) !== target) continue;
    outIsSlice = true;
    issues.push({ path: '--out', expected: 'must not be one of the slice folders being merged: the result would replace that slice', found: show(a.out) });
  }
  if (issues.length > 0) throw failure();

  // Read and check every table before anything is written. The files that are copied (sessions,
  // power, bays: possibly hundreds of MB) are only looked for now, and checked as they are copied.
  const merged = [...byScenario].map(([name, slices]) => {
    slices.sort((x, y) => x.manifest.first - y.manifest.first || x.manifest.last - y.manifest.last);
    const rows = slices.flatMap((s) => readRows(s, issues));
    const head = slices.find((s) => s.manifest.first <= 1 && 1 <= s.manifest.last)!;
    const mode = head.manifest.sessions;
    const copies: Copy[] = [{ file: 'bays.csv', parts: [{ file: join(head.dir, 'bays.csv'), check: { columns: BAY_COLUMNS, kinds: BAY_KINDS, digest: digestOf(head, 'bays.csv', issues) } }] }];
    if (head.manifest.power !== 'none') copies.push({ file: 'power.csv', parts: [{ file: join(head.dir, 'power.csv'), check: { columns: POWER_COLUMNS, kinds: POWER_KINDS, digest: digestOf(head, 'power.csv', issues) } }] });
    if (mode !== 'none') {
      // Every slice's sessions, or the first replication's alone.
      const parts = (mode === 'all' ? slices : [head]).map((s) => ({
        file: join(s.dir, 'sessions.csv'),
        check: {
          columns: SESSION_COLUMNS,
          kinds: sessionKinds(head.manifest.fleet),
          replications: mode === 'all' ? s.manifest : { first: 1, last: 1 },
          digest: digestOf(s, 'sessions.csv', issues),
        },
      }));
      copies.push({ file: 'sessions.csv', parts });
    }
    for (const c of copies) for (const part of c.parts) present(part.file, issues);
    const run = checkRunRecords(head, slices, validator!, issues);
    const layout = breakdownLayout({ fleet: head.manifest.fleet.map((n) => ({ name: n })) as never });
    const breakdowns = new VectorSummary(layout.size);
    for (const s of slices) {
      const states = readBreakdownState(s, layout.size, issues);
      if (states) breakdowns.merge(states, Math.max(0, s.manifest.last - s.manifest.first + 1));
    }
    return { name, slices, rows, head, run, copies, layout, breakdowns };
  });
  sweeps.prepare(issues);
  // The same for a result folder that is a slice's by another way to it (a link to the slice's
  // scenario folder, a bind mount, one network share mounted at two paths): the folder is compared
  // with each slice's by device and inode.
  if (!outIsSlice) {
    const slices = new Map([...identities].map(([dir, id]) => [id, dir]));
    for (const name of [...byScenario.keys(), ...sweeps.folders()]) {
      const dir = slices.get(identity(join(a.out, name)));
      if (dir !== undefined) issues.push({ path: '--out', expected: 'must not hold a slice being merged: the result would replace that slice', found: `${join(a.out, name)}, which is the slice ${dir}` });
    }
  }
  // A scenario named like a sweep's folder (sweep-koblenz, beside a sweep of koblenz) writes its run
  // into the same folder: the two would mix their files there, and one's tables replace the other's.
  for (const folder of sweeps.folders()) {
    const run = byScenario.get(folder);
    if (run !== undefined) {
      issues.push({ path: run[0].dir, expected: `must not be merged with slices of a sweep whose result goes to the same folder, ${folder}/: merge them into separate --out folders`, found: `run slices of scenario "${folder}"` });
    }
  }
  if (issues.length > 0) throw failure();

  const out = await OutputRoot.open(a.out);
  try {
    // Before the slices are joined (their sessions may be gigabytes), as the commands that simulate
    // look before they run: a result folder in --out that is not hubsim's to replace stops the merge.
    out.checkTargets([...merged.map((m) => [m.name, 'run'] as const), ...sweeps.folders().map((f) => [f, 'sweep'] as const)]);
    for (const m of merged) {
      const dir = join(out.stage, m.name);
      try {
        mkdirSync(dir);
        writeTables(dir, m.name, m.rows);
        writeBreakdowns(dir, m.layout, m.breakdowns);
        // The head slice's run.json as it was checked, not read again (it may have been replaced since).
        writeFileSync(join(dir, 'run.json'), m.run!.text);
        for (const c of m.copies) joinChecked(join(dir, c.file), c.parts, issues);
      } catch (err) {
        // A failed read of a slice's file (rare: its checks come first) is named as a read.
        if (isFsError(err) && err.syscall === 'read') throw new EnvironmentError(fsErrorText(err, `cannot read the slices of ${m.name}`));
        throw writeFailure(err, dir);
      }
    }
    // A problem found while copying leaves only the staging folder, which `discard` removes.
    if (issues.length > 0) throw failure();
    await writingInto(out.stage, (stage) => sweeps.write(stage));
    // A merged sweep is what the unsharded sweep would have written, its report included unless
    // --no-report (as `sweep`); a merged run has one only with --report (as `run`).
    if (a.report !== false && sweeps.folders().length > 0) {
      const { buildPlanReport } = await import('../reports.js');
      for (const folder of sweeps.folders()) await writingInto(join(out.stage, folder), (dir) => buildPlanReport(dir, VERSION));
    }
    if (a.report === true && merged.length > 0) {
      const { buildRunReport } = await import('../reports.js');
      for (const m of merged) await writingInto(join(out.stage, m.name), (dir) => buildRunReport(dir));
    }
    // Every slice file has been read by now: the slices must be the ones first found.
    if (replaced(identities).length > 0) throw failure();
    await out.commit();
  } catch (err) {
    throw out.explained(err);
  } finally {
    out.discard();
  }
  for (const m of merged) {
    print(`${m.name}: merged ${counted(m.slices.length, 'slice')}, ${counted(m.rows.length, 'replication')} → ${shownPath(`${join(a.out, m.name)}/`)}`);
    // The note the slice of replication 1 printed, which its user may never have seen (another machine, a CI job).
    // A run.json from before it recorded the horizon has none to go by.
    const { horizon } = m.run!.run;
    const cut = horizon && powerCutNote({ horizon }, m.head.manifest.power, true, '', 'slices run with --power all write every interval');
    if (cut) print(cut);
  }
  for (const line of sweeps.lines(a.out)) print(line);
  // Every report written, last, as the commands that write one say it.
  const reported = [...(a.report === true ? merged.map((m) => m.name) : []), ...(a.report !== false ? sweeps.folders() : [])];
  for (const name of reported) print(`report: ${shownPath(join(a.out, name, 'report.html'))}`);
}

/**
 * When the slices of `byScenario` cannot be merged and another build ran them, a last line saying
 * so: another build may write its files otherwise (a breakdown of another length, a record with
 * fields of its own), which read here as faults in files that are intact. Unless a line says so
 * already.
 */
function otherBuildNote(byScenario: ReadonlyMap<string, readonly Slice[]>, issues: readonly InputIssue[]): InputIssue[] {
  const build = buildFingerprint();
  const other = [...byScenario.values()].flat().find((s) => s.manifest.build !== build);
  if (other === undefined || issues.some((i) => /another build of hubsim|same build of hubsim/.test(`${i.expected} ${i.found ?? ''}`))) return [];
  return [
    {
      path: `${join(other.dir, SHARD_FILE)}: build`,
      expected: `is another build of hubsim than this merge's (${build ?? 'none: run from the modules, not the bundle'}), which may write its files otherwise: merge the slices with the build that ran them`,
      found: other.manifest.build ?? 'none: run from the modules, not the bundle, or by an earlier version',
    },
  ];
}

/**
 * The slice folders of `found` (path to identity as first found) that are no longer the folders
 * first found: a run swaps a new folder in by renames, so a replaced folder has another identity
 * though it holds the same names.
 */
function replaced(found: ReadonlyMap<string, string>): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [dir, was] of found) {
    // 'none': gone, or set aside for the moment by the run replacing it.
    const now = identity(dir);
    if (now !== was) issues.push({ path: dir, expected: 'must stay as it is while it is merged: another run replaced it meanwhile, and its files would be joined with those of the slice it replaced (merge again)', found: now === 'none' ? 'no folder' : 'a new folder' });
  }
  return issues;
}

/** Reads and checks one shard.json; records its problems and returns undefined when it is not usable. */
function readManifest(file: string, folder: string, issues: InputIssue[]): ShardManifest | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readBoundedText(file, 'shard manifest', MANIFEST_MAX_BYTES));
  } catch (err) {
    if (err instanceof InputError) issues.push(...err.issues);
    // Unreadable, it tells not whose it is: a sweep-<name> folder may be a sweep's slice cut short.
    else issues.push({ path: file, expected: `must be JSON written by \`hubsim run --shard\`${folder.startsWith('sweep-') ? ' or `sweep --shard`' : ''}`, found: notJsonWords(err) });
    return undefined;
  }
  const at = (field: string) => `${file}: ${field}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path: file, expected: 'must be a JSON object written by `hubsim run --shard`', found: show(raw) });
    return undefined;
  }
  const m = raw as Record<string, unknown>;
  const before = issues.length;
  const whole = (v: unknown, lo: number, hi: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= lo && v <= hi;
  if (typeof m.scenario !== 'string' || !NAME.test(m.scenario)) {
    issues.push({ path: at('scenario'), expected: 'must be a scenario name (lowercase letters, digits and hyphens)', found: show(m.scenario) });
  } else if (m.scenario !== folder) {
    issues.push({ path: at('scenario'), expected: `must match its folder's name (${folder})`, found: show(m.scenario) });
  }
  if (typeof m.scenarioHash !== 'string' || !/^[0-9a-f]{16}$/.test(m.scenarioHash)) issues.push({ path: at('scenarioHash'), expected: 'must be 16 hex digits', found: show(m.scenarioHash) });
  if (!whole(m.seed, 0, Number.MAX_SAFE_INTEGER)) issues.push({ path: at('seed'), expected: 'must be a whole number >= 0', found: show(m.seed) });
  if (!whole(m.replications, 1, MAX_REPLICATIONS)) issues.push({ path: at('replications'), expected: `must be a whole number from 1 to ${MAX_REPLICATIONS}`, found: show(m.replications) });
  if (!MODES.includes(m.sessions as string)) issues.push({ path: at('sessions'), expected: 'must be first, all or none', found: show(m.sessions) });
  const power = m.power ?? 'first';
  if (!MODES.includes(power as string)) issues.push({ path: at('power'), expected: 'must be first, all or none', found: show(m.power) });
  const k = /^(\d+)\/(\d+)$/.exec(typeof m.shard === 'string' ? m.shard : '');
  if (!k || Number(k[1]) < 1 || Number(k[1]) > Number(k[2]) || Number(k[2]) > MAX_REPLICATIONS) {
    issues.push({ path: at('shard'), expected: 'must be K/N with 1 <= K <= N', found: show(m.shard) });
  } else if (whole(m.replications, 1, MAX_REPLICATIONS)) {
    const range = shardRange(m.replications as number, Number(k[1]), Number(k[2]));
    for (const key of ['first', 'last'] as const) {
      if (m[key] !== range[key]) issues.push({ path: at(key), expected: `must be ${range[key]} for shard ${m.shard} of ${m.replications} replications`, found: show(m[key]) });
    }
  }
  if (!Array.isArray(m.fleet) || m.fleet.length === 0 || m.fleet.length > 1000 || !m.fleet.every((f) => typeof f === 'string' && LABEL.test(f))) {
    issues.push({ path: at('fleet'), expected: "must list the fleet's type names (written by this version of hubsim run --shard)", found: show(m.fleet) });
  }
  checkBuild(m.build, at('build'), issues);
  checkFileRecord(m.files, m.build, SLICE_FILES, at('files'), issues);
  if (issues.length > before) return undefined;
  return { ...(m as unknown as ShardManifest), power: power as ShardManifest['power'] };
}

/** The problems of a scenario's slices; `whole`: every slice given is among them, so that a gap is one no slice given fills. */
function checkSlices(name: string, slices: Slice[], validator: Validator, whole: boolean): InputIssue[] {
  const issues: InputIssue[] = [];
  // Told against the slice whose settings most share, so that one slice run otherwise is the one named.
  const head = usual(slices, ({ manifest: m }) => JSON.stringify([m.build, m.files === undefined, m.scenarioHash, m.seed, m.replications, m.sessions, m.power]));
  const ref = head.manifest;
  // The build first: another build may fingerprint the same scenario otherwise, and the slices
  // would be told they ran different scenarios.
  for (const s of slices) {
    if (s.manifest.build !== ref.build) issues.push(otherBuild(join(s.dir, SHARD_FILE), s.manifest.build, join(head.dir, SHARD_FILE), ref.build));
  }
  if (issues.length > 0) return issues;
  // One build records its slices' files in each or in none.
  for (const s of slices) {
    if ((s.manifest.files === undefined) !== (ref.files === undefined)) {
      issues.push({ path: `${join(s.dir, SHARD_FILE)}: files`, expected: `must be ${ref.files === undefined ? 'absent' : 'given'}, as in ${join(head.dir, SHARD_FILE)}: one build records its slices' files in each or in none`, found: s.manifest.files === undefined ? 'nothing' : 'a record' });
    }
  }
  if (issues.length > 0) return issues;
  for (const s of slices) {
    for (const key of ['scenarioHash', 'seed', 'replications', 'sessions', 'power'] as const) {
      if (s.manifest[key] !== ref[key]) {
        const why = key === 'scenarioHash' ? scenarioDifference(head.dir, s.dir, validator) : '';
        issues.push({ path: join(s.dir, SHARD_FILE), expected: `must have the same ${key} as ${join(head.dir, SHARD_FILE)} (${ref[key]})${why}`, found: String(s.manifest[key]) });
      }
    }
  }
  if (issues.length > 0) return issues;
  // A slice whose shard.json was refused was given: the replications it holds are not missing.
  return whole ? coverageIssues(slices, ref.replications, name, 'replication') : [];
}

/**
 * Words saying how the scenarios that the slices in `a` and `b` ran differ, as their run.json files
 * record them, or '' when they do not say: a fingerprint alone leaves the user to find which of
 * hundreds of fields another slice ran with. Another horizon is said first, as the reason their
 * statistics cover different windows.
 */
function scenarioDifference(a: string, b: string, validator: Validator): string {
  const record = (dir: string) => {
    try {
      return JSON.parse(readBoundedText(join(dir, 'run.json'), 'run record', RUN_RECORD_MAX_BYTES)) as unknown;
    } catch {
      return undefined; // Its run.json is checked, and its problems named, later.
    }
  };
  const [x, y] = [record(a), record(b)];
  if (x === undefined || y === undefined) return '';
  return otherWindow(x, y) || otherScenario(x, y, validator);
}

/** Words saying that run.json records `x` and `y` hold different horizons, or ''. */
function otherWindow(x: unknown, y: unknown): string {
  const horizon = (r: unknown) => {
    const h = (r as { horizon?: { days?: unknown; warmupDays?: unknown } } | null)?.horizon;
    return typeof h?.days === 'number' && typeof h?.warmupDays === 'number' ? `horizon.days ${h.days}, horizon.warmupDays ${h.warmupDays}` : undefined;
  };
  const [hx, hy] = [horizon(x), horizon(y)];
  return hx !== undefined && hy !== undefined && hx !== hy ? `: the slices ran different horizons (${hx} there, ${hy} here), so their statistics cover different windows` : '';
}

/** Words naming the first field, of those their fingerprint sees, where the scenarios (or traces) that run.json records `x` and `y` hold differ, or ''. */
function otherScenario(x: unknown, y: unknown, validator: Validator): string {
  const at = seenDifference(x, y, validator);
  return at === undefined ? '' : `: the slices ran scenarios that first differ at ${differenceText(x, y, at)}`;
}

/**
 * The first field in which the scenarios (or traces) that two run.json records `x` and `y` hold
 * differ, of those their fingerprint sees, or undefined. A field it does not see is passed over:
 * the $schema of a copy in another folder, a default written out in one file and left out in the
 * other. Named, it hid the field that does differ.
 */
function seenDifference(x: unknown, y: unknown, validator: Validator): string | undefined {
  const trace = (x as Record<string, unknown>).trace;
  const own = fingerprintOf((x as Record<string, unknown>).scenario, trace, validator);
  let checked = 0;
  for (const at of differences(x, y, ['scenario', 'trace'])) {
    const unseen = own !== undefined && at.startsWith('scenario.') && checked++ < MAX_DIFFERENCES_CHECKED && fingerprintOf(valueAt(withValueAt(x, at, valueAt(y, at)), 'scenario'), trace, validator) === own;
    if (!unseen) return at;
  }
  return undefined;
}

/** At most this many fields that differ are each checked for whether the fingerprint sees them. */
const MAX_DIFFERENCES_CHECKED = 1000;

/** The fingerprint of a scenario as run.json records it (with its trace's rows and sha256), or undefined where it is not valid. */
function fingerprintOf(scenario: unknown, trace: unknown, validator: Validator): string | undefined {
  try {
    const checked = validator.checkScenario(scenario, 'run.json');
    return scenarioHash(validator.finishScenario(checked, checked.arrivals.trace === undefined ? undefined : traceStandIn(trace)));
  } catch {
    // Not valid (a list with a hole where one slice's is longer, say): a field that matters.
    return undefined;
  }
}

/** Trace columns that stand, in a fingerprint, for their JSON, which is what run.json recorded of them. */
function traceStandIn(trace: unknown): TraceColumns {
  return Object.defineProperty({}, 'toJSON', { value: () => trace }) as TraceColumns;
}

/** Reads a slice's replications.csv, checking it line by line against the slice's manifest. */
function readRows(s: Slice, issues: InputIssue[]): ReplicationRow[] {
  const m = s.manifest;
  const share = { first: m.first, last: m.last, seed: m.seed, unit: ['replication', 'replications'] } as const;
  return readShareRows(
    join(s.dir, 'replications.csv'),
    REPLICATION_COLUMNS,
    digestOf(s, 'replications.csv', issues),
    share,
    issues,
    ([scenario, rep], bad) => {
      if (scenario !== m.scenario) bad(`must be a row of ${m.scenario}`, scenario);
      const r = /^\d+$/.test(rep) ? Number(rep) : NaN;
      if (r >= m.first && r <= m.last) return { task: r, replication: r, label: rep };
      bad(`must be a replication from ${m.first} to ${m.last}, as shard.json says`, rep);
      return undefined;
    },
    (at, seed, metrics) => ({ replication: at.replication, seed, metrics }),
  );
}

/** What merge needs of the validator: to read a run.json's scenario again (`recordedScenario`). */
type Validator = Pick<typeof import('../../scenario/validate.js'), 'checkScenario' | 'finishScenario'>;

/**
 * The fields of a run slice's run.json, in the order `hubsim run` writes them (batch.ts `RunRecord`):
 * `trace` and `traceColumns` only for a scenario that reads one, `horizon` and `traceColumns` in all
 * but slices of earlier versions.
 */
const RUN_RECORD_KEYS = ['hubsim', 'scenarioFile', 'scenario', 'seed', 'replications', 'horizon', 'sessions', 'power', 'trace', 'traceColumns'];
const OPTIONAL_KEYS = ['horizon', 'trace', 'traceColumns'];

/**
 * Each slice's run.json must describe the run its manifest does: the seed, count and modes, and the
 * scenario (with its trace) whose fingerprint the manifest holds. The head slice's is copied as the
 * merged result's, and a hand-edited or misplaced one would otherwise pass on a scenario that no
 * slice ran. Every slice's must be exactly as `hubsim run` writes it, so that the copy is
 * byte-identical to an unsharded run's, and name the head's hubsim version: slices run by
 * different versions (a matrix job or a node left on an older image) may simulate differently, and
 * joined they would make a result that no one run gives.
 */
function checkRunRecords(head: Slice, slices: readonly Slice[], validator: Validator, issues: InputIssue[]): { text: string; run: Partial<RunRecord> } | undefined {
  const records = new Map<Slice, Record<string, unknown>>();
  let headText: string | undefined;
  for (const s of slices) {
    const read = readRunRecord(s, issues);
    if (read === undefined) continue;
    records.set(s, read.run);
    if (s === head) headText = read.text;
  }
  const hashes = new Map<string, { hash: string; fleet: readonly string[] } | undefined>();
  // Another build than the slice's may validate or fingerprint a scenario otherwise (a default
  // added, say): a problem found by one is said to be possibly its own.
  const build = buildFingerprint();
  const otherMerger = (s: Slice, run: Record<string, unknown>) =>
    run.hubsim !== VERSION || s.manifest.build !== build ? `; this merge is another build of hubsim than the one that ran the slice (hubsim ${VERSION}, build ${build ?? 'none'}) and may read a scenario otherwise: merge with that build` : '';
  // A slice whose run.json agrees with its manifest, to name where another's scenario differs.
  let agreeing: { file: string; run: Record<string, unknown> } | undefined;
  const mismatched: { file: string; s: Slice; run: Record<string, unknown>; hash: string }[] = [];
  for (const [s, run] of records) {
    const file = join(s.dir, 'run.json');
    for (const key of ['seed', 'replications', 'sessions', 'power'] as const) {
      if (run[key] !== s.manifest[key]) issues.push({ path: `${file}: ${key}`, expected: `must be ${s.manifest[key]}, as shard.json says`, found: show(run[key]) });
    }
    // Slices of one run record the same scenario: it is validated once (with each horizon recorded).
    const key = JSON.stringify([run.scenario, run.trace, run.horizon]);
    if (!hashes.has(key)) hashes.set(key, recordedScenario(file, run, validator, otherMerger(s, run), issues));
    const checked = hashes.get(key);
    if (checked === undefined) continue;
    const { hash, fleet } = checked;
    if (hash === s.manifest.scenarioHash) agreeing ??= { file, run };
    else mismatched.push({ file, s, run, hash });
    // by-fleet.csv is labelled with shard.json's names, which no file digest covers: they must be the scenario's.
    if (JSON.stringify(s.manifest.fleet) !== JSON.stringify(fleet)) {
      const names = (list: readonly string[]) => firstFew(list, 10, (n) => JSON.stringify(n));
      issues.push({ path: `${join(s.dir, SHARD_FILE)}: fleet`, expected: `must list the fleet's type names in the order of the scenario ${file} records: ${names(fleet)}`, found: names(s.manifest.fleet) });
    }
  }
  for (const { file, s, run, hash } of mismatched) {
    const what = run.trace === undefined ? 'scenario' : 'scenario and trace';
    const differ = run.trace === undefined ? 'differs' : 'differ';
    const where = agreeing && seenDifference(agreeing.run, run, validator);
    issues.push({
      path: file,
      expected: `must record the ${what} the slice ran, whose fingerprint ${join(s.dir, SHARD_FILE)} holds (scenarioHash ${s.manifest.scenarioHash})`,
      found: `${hash}, the fingerprint of the ${what} recorded here${where ? `, which ${differ} from ${agreeing!.file} at ${where}` : ''}${otherMerger(s, run)}`,
    });
  }
  if (!records.has(head)) return undefined;
  const { traceColumns: columns } = records.get(head)!;
  // The version most slices were run by is the one the others are told against: the slice run
  // otherwise is named, not the slices that agree.
  const [typical, { hubsim: version }] = usual([...records], ([, run]) => show(run.hubsim));
  for (const [s, run] of records) {
    if (run.hubsim !== version) {
      issues.push({ path: `${join(s.dir, 'run.json')}: hubsim`, expected: `must be the same hubsim version as ${join(typical.dir, 'run.json')} (${show(version)}): run every slice with one version`, found: show(run.hubsim) });
    } else if (s === head && columns !== undefined && !countsTrace(columns, run.trace)) {
      issues.push({ path: `${join(s.dir, 'run.json')}: traceColumns`, expected: `must count, for each column of the trace (${TRACE_HEADERS.join(', ')}), the rows of the ${show((run.trace as { rows?: unknown } | undefined)?.rows)} that give a value, arrival_min every row`, found: show(columns) });
    } else if (s !== head && JSON.stringify(run.traceColumns) !== JSON.stringify(columns)) {
      // The fingerprint holds the trace's rows, not this count of them: slices of one trace agree.
      issues.push({ path: `${join(s.dir, 'run.json')}: traceColumns`, expected: `must count the trace's values as ${join(head.dir, 'run.json')} does (${show(columns)}): the slices read one trace`, found: show(run.traceColumns) });
    }
  }
  return { text: headText!, run: records.get(head)! as Partial<RunRecord> };
}

/** Whether `columns` can be a trace's `traceColumnCounts`, given the run's trace record `trace`. */
function countsTrace(columns: unknown, trace: unknown): boolean {
  const rows = (trace as { rows?: unknown } | undefined)?.rows;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns) || typeof rows !== 'number') return false;
  const counts = Object.entries(columns);
  const known = counts.every(([k, n]) => TRACE_HEADERS.includes(k) && Number.isSafeInteger(n) && n >= 0 && n <= rows);
  return known && (columns as Record<string, unknown>).arrival_min === rows;
}

/**
 * The fingerprint (batch.ts `scenarioHash`) of the scenario a run.json records, worked out again, with its fleet's type names:
 * its JSON as written, validated as the run validated it, with its trace as run.json records it.
 * The fingerprint takes a trace by its JSON, which is its row count and SHA-256 (trace.ts
 * `traceFingerprint`), the very fields run.json holds; so neither the scenario file nor its trace
 * need be on the merging machine. Undefined, with the problem recorded, when the scenario is not one
 * a run could have read (`hint` added to its words).
 */
function recordedScenario(file: string, run: Record<string, unknown>, validator: Validator, hint: string, issues: InputIssue[]): { hash: string; fleet: readonly string[] } | undefined {
  let checked: ReturnType<Validator['checkScenario']>;
  try {
    checked = validator.checkScenario(run.scenario, file);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    issues.push({ path: `${file}: scenario`, expected: 'must be the scenario the slice ran, as valid as when it ran', found: err.issues.slice(0, 3).map(formatIssue).join('; ') + hint });
    return undefined;
  }
  const fleet = checked.fleet.map((f) => f.name);
  // The window is the scenario's: a report reads it from here, and the merged run.json is a copy.
  const horizon = run.horizon as Record<string, unknown> | undefined;
  const want = { days: checked.horizon.days, warmupDays: checked.horizon.warmupDays ?? SCENARIO_DEFAULTS['horizon.warmupDays'] };
  if (horizon !== undefined && JSON.stringify(horizon) !== JSON.stringify(want)) {
    issues.push({ path: `${file}: horizon`, expected: `must be the scenario's horizon, ${JSON.stringify(want)}`, found: show(horizon) });
    return undefined;
  }
  const trace = run.trace as Record<string, unknown> | undefined;
  const reads = checked.arrivals.trace !== undefined;
  if (!reads) {
    if (trace === undefined) return { hash: scenarioHash(validator.finishScenario(checked, undefined)), fleet };
    issues.push({ path: `${file}: trace`, expected: 'must be absent: the scenario reads no trace', found: show(trace) });
    return undefined;
  }
  const keys = trace !== null && typeof trace === 'object' ? Object.keys(trace).join() : '';
  if (keys !== 'rows,sha256' || !Number.isSafeInteger(trace!.rows) || (trace!.rows as number) < 0 || typeof trace!.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(trace!.sha256)) {
    issues.push({ path: `${file}: trace`, expected: 'must be the rows (a whole number) and sha256 (64 hex digits) of the trace the scenario reads', found: show(trace) });
    return undefined;
  }
  // In the fingerprint, trace columns stand for their JSON, which is what run.json recorded.
  return { hash: scenarioHash(validator.finishScenario(checked, traceStandIn({ rows: trace!.rows, sha256: trace!.sha256 }))), fleet };
}

/**
 * A slice's run.json, read with a bound, as `hubsim run` writes it (its fields, in their order, and
 * its layout, LF line ends included); undefined (with the problem recorded) when it is not.
 */
function readRunRecord(s: Slice, issues: InputIssue[]): { run: Record<string, unknown>; text: string } | undefined {
  const file = join(s.dir, 'run.json');
  try {
    const bytes = readBoundedBytes(file, 'run record', RUN_RECORD_MAX_BYTES);
    const text = bytes.toString('utf8');
    // Before its record's size and digest, which line ends of another system fail too: said by its line, as a table's are.
    const cr = text.indexOf('\r');
    if (cr >= 0) {
      issues.push({ path: `${file} line ${text.slice(0, cr).split('\n').length}`, expected: 'must end lines with LF, as hubsim writes them', found: 'CRLF' });
      return undefined;
    }
    const recorded = digestOf(s, 'run.json', issues);
    const changed = recorded && changedSliceFile(file, recorded, digestOfBytes(bytes));
    if (changed) {
      issues.push(changed);
      return undefined;
    }
    const run: unknown = JSON.parse(text);
    if (run === null || typeof run !== 'object' || Array.isArray(run)) {
      issues.push({ path: file, expected: 'must be a JSON object written by hubsim run', found: show(run) });
      return undefined;
    }
    const keys = Object.keys(run);
    const want = RUN_RECORD_KEYS.filter((k) => !OPTIONAL_KEYS.includes(k) || k in run);
    if (keys.join() !== want.join() || typeof (run as Record<string, unknown>).hubsim !== 'string' || typeof (run as Record<string, unknown>).scenarioFile !== 'string') {
      issues.push({ path: file, expected: `must be a run record written by hubsim run: ${want.join(', ')} (hubsim and scenarioFile strings)`, found: keys.join(', ') });
      return undefined;
    }
    if (`${JSON.stringify(run, null, 2)}\n` !== text) {
      issues.push({ path: file, expected: 'must be laid out as hubsim run writes it (the merged run.json is a copy, byte-identical to an unsharded run\'s)', found: 'a file laid out otherwise' });
      return undefined;
    }
    return { run: run as Record<string, unknown>, text };
  } catch (err) {
    if (err instanceof InputError) issues.push(...err.issues);
    else issues.push({ path: file, expected: 'must be JSON written by hubsim run', found: notJsonWords(err) });
    return undefined;
  }
}

const WHOLE = /^-?\d+$/;

/** Reads a slice's breakdowns.csv: one exact state per slot, checked line by line; undefined when unusable. */
function readBreakdownState(s: Slice, slots: number, issues: InputIssue[]): SlotState[] | undefined {
  const file = join(s.dir, BREAKDOWN_STATE_FILE);
  const before = issues.length;
  const table = readCsvTable(file, 'breakdown state table', BREAKDOWN_STATE_COLUMNS, issues, digestOf(s, BREAKDOWN_STATE_FILE, issues));
  if (!table) return undefined;
  const records = table.records;
  if (records.length - 1 !== slots) {
    issues.push({ path: file, expected: `must have ${slots} rows, one per slot of this fleet's breakdowns`, found: `${records.length - 1}` });
    return undefined;
  }
  const count = Math.max(0, s.manifest.last - s.manifest.first + 1);
  const states: SlotState[] = [];
  for (let i = 1; i < records.length; i++) {
    const [slot, n, sum, sumSq, min, max] = records[i];
    const bad = (expected: string, found: unknown) => issues.push({ path: `${file} line ${i + 1}`, expected, found: show(found) });
    if (records[i].length !== BREAKDOWN_STATE_COLUMNS.length) bad(`must have ${BREAKDOWN_STATE_COLUMNS.length} columns`, records[i].length);
    else if (slot !== String(i - 1)) bad(`must be slot ${i - 1}`, slot);
    else if (!WHOLE.test(n) || Number(n) < 0 || Number(n) > count) bad(`must count at most the slice's ${count} replications`, n);
    else if (!WHOLE.test(sum) || !WHOLE.test(sumSq) || sumSq.startsWith('-')) bad('must hold whole-number sums (the square sum not negative)', `${sum}, ${sumSq}`);
    else if (Number(n) === 0 ? min !== '' || max !== '' || sum !== '0' || sumSq !== '0' : !([min, max].every((x) => CSV_NUMBER.test(x) && Math.abs(Number(x)) <= MAX_MAGNITUDE) && Number(min) <= Number(max))) {
      bad(`must have a finite range (empty with no values; its ends at most ${MAX_MAGNITUDE} in size)`, `${min}, ${max}`);
    } else {
      const none = Number(n) === 0;
      const state = { n: Number(n), sum: BigInt(sum), sumSq: BigInt(sumSq), min: none ? Infinity : Number(min), max: none ? -Infinity : Number(max) };
      if (none || possibleState(state)) states.push(state);
      else bad(`must hold sums that ${counted(Number(n), 'value')} in [${min}, ${max}] can have`, `${sum}, ${sumSq}`);
    }
    if (issues.length - before >= 10) break;
  }
  if (table.changed && issues.length === before) issues.push(table.changed);
  return issues.length > before ? undefined : states;
}

/**
 * What slice `s` recorded of its `file` (its size and SHA-256), for checking the file against it;
 * undefined for a slice of a build that recorded nothing (a problem recorded if it recorded other
 * files but not this one).
 */
function digestOf(s: Slice, file: string, issues: InputIssue[]): FileDigest | undefined {
  return recordedDigest(s.manifest.files, file, join(s.dir, SHARD_FILE), issues);
}

/** Records a problem unless `file`, to be copied, is there as a regular file. */
function present(file: string, issues: InputIssue[]): void {
  try {
    const stats = statSync(file);
    if (!stats.isFile()) issues.push(irregularSliceFile(file, stats));
  } catch (err) {
    issues.push(missingSliceFile(file, err));
  }
}

/** Writes `target` from `parts`, each checked as it is copied (see copyCheckedCsv), the header once. */
function joinChecked(target: string, parts: Copy['parts'], issues: InputIssue[]): void {
  const fd = openSync(target, 'w');
  try {
    parts.forEach((p, i) => copyCheckedCsv(p.file, fd, i === 0, p.check, issues));
  } finally {
    closeSync(fd);
  }
}
