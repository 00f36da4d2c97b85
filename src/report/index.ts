// The report builders: an output folder in, one self-contained report.html out. This is the only
// part of src/report that writes files; vega loads on the first chart, not when this module does.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { atPath, type FsError } from '../errors.js';
import { compareReport } from './compare.js';
import { formatExact } from './format.js';
import { metricInfo } from './metrics.js';
import type { ReportDoc } from './page.js';
import { renderReport } from './page.js';
import { readCompare, readPlanFolder, readRunFolder, type PlanFolder } from './read.js';
import { runReport } from './run.js';
import { answerEvidence, sizingAnswer, textualParams } from './sizing.js';
import { sweepReport } from './sweep.js';

export { runReport } from './run.js';
export { compareReport } from './compare.js';
export { sweepReport } from './sweep.js';
export { readRunFolder, readCompare, readPlanFolder } from './read.js';
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

/**
 * Writes `dir/report.html` for the folder of `hubsim sweep` or `hubsim size`: the design frontier
 * (each charted metric against the first parameter, a line per value of the second; a sizing's
 * answers ringed and its targets drawn in) and every design's numbers. Returns the file's path.
 * Throws InputError if the folder's files are missing or malformed (nothing is written then).
 */
export async function buildPlanReport(dir: string, version: string): Promise<string> {
  const html = await renderReport(planReport(readPlanFolder(dir), version));
  return writeAtomically(join(dir, 'report.html'), html);
}

/** The document of a sweep's or a sizing's report. */
export function planReport(f: PlanFolder, version: string): ReportDoc {
  const sizing = f.kind === 'size';
  const rules: Record<string, { value: number; label: string }[]> = {};
  for (const t of f.targets) {
    const m = /^([a-z0-9_]+)\s*(>=|<=)\s*(.+)$/.exec(t);
    // A share's chart is in per cent, so its target is labelled in per cent too (0.95 is 95 %).
    const share = metricInfo(m?.[1] ?? '').unit === 'share' && Number.isFinite(Number(m?.[3]));
    // Any other number with the axis's thousands commas: 23000 beside ticks of 23,000 read as another number.
    const value = Number(m?.[3]);
    if (m) (rules[m[1]] ??= []).push({ value, label: `target ${m[2]} ${share ? formatPercentExact(value) : Number.isFinite(value) ? formatExact(value) : m[3]}` });
  }
  const textual = textualParams(f);
  return sweepReport(f.data, {
    title: `${f.scenario}: ${sizing ? 'sizing' : 'sweep'}`,
    lede: [
      sizing
        ? `The smallest ${f.data.params[0]} that meets ${f.targets.join(' and ')} with confidence${f.data.params.length > 1 ? `, for each ${f.data.params[1]}` : ''}: every design the search evaluated, the answers ringed.`
        : `Every combination of ${f.data.params.join(' and ')}, with the same trucks in each (common random numbers).`,
    ],
    facts: [
      ['Seed', String(f.seed)],
      [sizing ? 'Replications (at least)' : 'Replications per design', String(f.replications)],
      ['hubsim', version],
    ],
    generator: version,
    whiskers: sizing ? 'the one-sided confidence bounds each verdict rests on' : undefined,
    searched: sizing,
    ...(f.sizing ? { answer: sizingAnswer(f, f.sizing), maxReplications: f.sizing.maxReplications, evidence: answerEvidence(f, f.sizing) } : {}),
    csv: sizing ? 'size.csv' : 'sweep.csv',
    ...(f.windows ? { windows: f.windows } : {}),
    ...(f.connections ? { connections: f.connections } : {}),
    rules,
    labels: Object.fromEntries(textual),
  });
}

/** A share as the per cent it is, as exactly as written: 0.95 → `95 %`, 0.975 → `97.5 %`. */
function formatPercentExact(share: number): string {
  return `${formatExact(share, 2)}\u00a0%`;
}

// A reader opening the report while it is rewritten sees the old one or the new one, never half.
function writeAtomically(path: string, text: string): string {
  const tmp = `${path}.partial`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    // Named by the report's own name: the temporary file is gone by the time the message is read.
    throw (e as FsError | null)?.path === tmp ? atPath(e as FsError, path) : e;
  }
  return path;
}
