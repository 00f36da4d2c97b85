// The report builders: an output folder in, one self-contained report.html out. This is the only
// part of src/report that writes files; vega loads on the first chart, not when this module does.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareReport } from './compare.js';
import { renderReport } from './page.js';
import { readCompare, readRunFolder } from './read.js';
import { runReport } from './run.js';

export { runReport } from './run.js';
export { compareReport } from './compare.js';
export { sweepReport } from './sweep.js';
export { readRunFolder, readCompare } from './read.js';
export { renderReport, pageHtml, type ReportDoc } from './page.js';
export type { CompareData, RunData, SweepData, SweepRow } from './data.js';

/**
 * Writes `dir/report.html`: the report of one scenario's output folder. Returns the file's path.
 * Throws InputError if the folder's files are missing or malformed (nothing is written then).
 */
export async function buildRunReport(dir: string): Promise<string> {
  const html = await renderReport(runReport(readRunFolder(dir)));
  return writeAtomically(join(dir, 'report.html'), html);
}

/**
 * Writes `outDir/compare-<A>-vs-<B>.html`: scenarios A and B side by side with their paired
 * differences, from `compare-<A>-vs-<B>.csv` and the folders `outDir/<A>/` and `outDir/<B>/`.
 * Returns the file's path. Throws InputError if any of those is missing or malformed.
 */
export async function buildCompareReport(outDir: string, aName: string, bName: string): Promise<string> {
  const html = await renderReport(compareReport(readCompare(outDir, aName, bName)));
  return writeAtomically(join(outDir, `compare-${aName}-vs-${bName}.html`), html);
}

// A reader opening the report while it is rewritten sees the old one or the new one, never half.
function writeAtomically(path: string, text: string): string {
  const tmp = `${path}.partial`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return path;
}
