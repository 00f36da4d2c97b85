// Writing the reports the commands make along with their results: an output folder in, its
// report.html (or a comparison's .html) out, written whole or not at all.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { atPath, type FsError } from '../errors.js';
import { compareReport, planReport, readCompare, readPlanFolder, readRunFolder, renderReport, runReport } from '../report/index.js';

/**
 * Writes `dir/report.html`: the report of one scenario's output folder. Returns the file's path.
 * @throws InputError if the folder's files are missing or malformed (nothing is written then).
 */
export async function buildRunReport(dir: string): Promise<string> {
  const html = await renderReport(runReport(readRunFolder(dir)));
  return writeAtomically(join(dir, 'report.html'), html);
}

/**
 * Writes `outDir/compare-<A>-vs-<B>.html`: scenarios A and B side by side with their paired
 * differences, from `compare-<A>-vs-<B>.csv` and the folders `outDir/<A>/` and `outDir/<B>/`.
 * Returns the file's path.
 * @throws InputError if any of those is missing or malformed (nothing is written then).
 */
export async function buildCompareReport(outDir: string, aName: string, bName: string): Promise<string> {
  const html = await renderReport(compareReport(readCompare(outDir, aName, bName)));
  return writeAtomically(join(outDir, `compare-${aName}-vs-${bName}.html`), html);
}

/**
 * Writes `dir/report.html` for the folder of `hubsim sweep` or `hubsim size`: the design frontier
 * (each charted metric against the first parameter, a line per value of the second; a sizing's
 * answers ringed and its targets drawn in) and every design's numbers. Returns the file's path.
 * @throws InputError if the folder's files are missing or malformed (nothing is written then).
 */
export async function buildPlanReport(dir: string, version: string): Promise<string> {
  const html = await renderReport(planReport(readPlanFolder(dir), version));
  return writeAtomically(join(dir, 'report.html'), html);
}

// A reader opening the report while it is rewritten sees the old one or the new one, never half.
// The temporary file is made anew (a link left in its place is removed, not written through: it
// put the page wherever it pointed).
function writeAtomically(path: string, text: string): string {
  const tmp = `${path}.partial`;
  try {
    rmSync(tmp, { force: true });
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    // Named by the report's own name: the temporary file is gone by the time the message is read.
    throw (e as FsError | null)?.path === tmp ? atPath(e as FsError, path) : e;
  }
  return path;
}
