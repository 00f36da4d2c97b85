import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsReason, InputError, isFsError, show, shownPath } from '../../errors.js';
import { compareReport, planReport, readCompare, isPlanFolder, readPlanFolder, readRunFolder, renderReport, runReport } from '../../report/index.js';
import { identity, lexical, writeIntoOutput, writtenKind } from '../outdir.js';
import { VERSION } from '../version.js';
import { homeSignHint } from '../../words.js';

const COMPARE_FILE = /^compare-(.+)\.csv$/;

/**
 * `hubsim report PATH`: the HTML report of a scenario's output folder (written into it as
 * report.html) or of a comparison (`compare-<A>-vs-<B>.csv`, written beside it as `.html`). PATH is
 * read as `--out` is: `..` takes away the name before it, whatever that name is.
 * @throws InputError when PATH is neither, or its files are missing or malformed.
 */
export async function reportCommand(given: string, print: (s: string) => void): Promise<void> {
  // An empty path (a script's unset variable) is no folder: read as ".", it wrote into wherever the script stood.
  if (given.trim() === '') throw new InputError([{ path: 'usage', expected: 'report takes one output folder or comparison CSV', found: `an empty path, ${show(given)}` }]);
  // Read as an output path is (see `lexical`): the report is written where the path printed says.
  const path = lexical(given);
  const isDir = existsSync(path) && statSync(path).isDirectory();
  if (isDir) {
    // A slice holds only its share of the replications, while its run.json records them all: a page
    // of it would present a part as the whole.
    if (existsSync(join(path, 'shard.json'))) {
      throw new InputError([{ path, expected: 'must be a whole result, not one slice of a sharded run: join the slices with hubsim merge, then report the merged folder', found: 'a slice (shard.json)' }]);
    }
    // An --out folder holds results rather than being one: name them instead of every file it lacks.
    if (!existsSync(join(path, 'run.json'))) {
      const slice = (f: string) => existsSync(join(path, f, 'shard.json'));
      const found = readdirSync(path).filter((f) => existsSync(join(path, f, 'run.json')) || COMPARE_FILE.test(f));
      const results = found.filter((f) => !slice(f)).sort();
      if (results.length === 0 && found.length > 0) {
        throw new InputError([{ path, expected: 'must be one whole result: this is the --out folder of a slice of a sharded run; join the slices with hubsim merge, then report a folder of the merged result', found: 'an --out folder of a slice' }]);
      }
      if (results.length > 0) {
        const shown = results.slice(0, 5).map((f) => join(path, f)).join(', ');
        throw new InputError([{ path, expected: `must be one result: this --out folder holds ${results.length}, give one of them (${shown}${results.length > 5 ? ', …' : ''})`, found: 'an --out folder' }]);
      }
    }
    // A folder without its table is told by its run.json, read only then: a run's folder, which has
    // a summary.csv, is not read twice.
    const plan = existsSync(join(path, 'sweep.csv')) || existsSync(join(path, 'size.csv')) || (!existsSync(join(path, 'summary.csv')) && isPlanFolder(path));
    const before = identity(path);
    const html = await renderReport(plan ? planReport(readPlanFolder(path), VERSION) : runReport(readRunFolder(path)));
    // The lock goes in the --out its results were moved into, the folder above it as the system
    // knows it: not beside a link to it (a `latest` link, where a run into that --out would not wait
    // for the report, nor a read-only folder of links hold it up), nor inside a folder named "." or "..".
    const named = realpathSync.native(path);
    await writeIntoOutput(dirname(named), join(basename(named), 'report.html'), html, () => identity(path) === before);
    print(`report: ${join(path, 'report.html')}`);
    return;
  }
  const m = COMPARE_FILE.exec(basename(path));
  if (m && existsSync(path)) {
    const out = dirname(path);
    const [a, b] = splitNames(out, m[1], path);
    const inputs = [path, join(out, a), join(out, b)];
    const before = identities(inputs);
    const html = await renderReport(compareReport(readCompare(out, a, b)));
    const file = `compare-${a}-vs-${b}.html`;
    await writeIntoOutput(out, file, html, () => identities(inputs) === before);
    print(`report: ${shownPath(join(out, file))}`);
    return;
  }
  throw new InputError([{ path, expected: 'must be an output folder of run, sweep or size (OUT/<name>/, OUT/sweep-<name>/ or OUT/size-<name>/) or a comparison file (OUT/compare-<A>-vs-<B>.csv)', found: existsSync(path) ? (writtenKind(path) ?? 'neither') : unreachable(path) }]);
}

/**
 * Why a path that does not exist as far as `existsSync` can tell cannot be reached: not always
 * because nothing is there (a link that loops, a file where the path needs a folder).
 */
function unreachable(path: string): string {
  try {
    statSync(path);
  } catch (e) {
    if (isFsError(e) && e.code !== 'ENOENT') return fsReason(e);
  }
  return `no such file or folder${homeSignHint(path)}`;
}

/**
 * Which files and folders `paths` are: a run moves its results into place by renaming new ones over
 * the old, so a result replaced since has another identity, though it may hold the same names.
 */
function identities(paths: readonly string[]): string {
  return paths.map(identity).join(' ');
}

/** Splits `A-vs-B` where both names have an output folder beside the file (a name may itself hold `-vs-`). */
function splitNames(out: string, both: string, file: string): [string, string] {
  const parts = both.split('-vs-');
  // Where a way of splitting the name finds one of the two folders, the other is named as missing.
  const missing: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const a = parts.slice(0, i).join('-vs-');
    const b = parts.slice(i).join('-vs-');
    const [hasA, hasB] = [existsSync(join(out, a, 'run.json')), existsSync(join(out, b, 'run.json'))];
    if (hasA && hasB) return [a, b];
    if (hasA !== hasB) missing.push(`${hasA ? b : a}/`);
  }
  const found = missing.length > 0 ? `no output folder ${missing.join(' or ')} beside it` : `no output folder of either scenario of ${both} beside it`;
  throw new InputError([{ path: file, expected: 'must sit beside the output folders of both scenarios it compares', found }]);
}
