// The reports: an output folder's typed data in, a document out, which renderReport makes one
// self-contained page of (the command line writes it); vega loads on the first chart, not when
// this module does.
import { formatExact, percentExact } from './format.js';
import { metricInfo } from './metrics.js';
import type { ReportDoc } from './page.js';
import type { PlanFolder } from './read.js';
import { answerEvidence, sizingAnswer, textualParams } from './sizing.js';
import { sweepReport } from './sweep.js';
import { listed } from '../words.js';

export { runReport } from './run.js';
export { compareReport } from './compare.js';
export { sweepReport } from './sweep.js';
export { readRunFolder, readCompare, readPlanFolder, isPlanFolder } from './read.js';
export { renderReport, pageHtml, type ReportDoc } from './page.js';
export type { CompareData, RunData, SweepData, SweepRow } from './data.js';

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
    if (m) (rules[m[1]] ??= []).push({ value, label: `target ${m[2]} ${share ? percentExact(value) : Number.isFinite(value) ? formatExact(value) : m[3]}` });
  }
  const textual = textualParams(f);
  return sweepReport(f.data, {
    title: `${f.scenario}: ${sizing ? 'sizing' : 'sweep'}`,
    lede: [
      sizing
        ? `The smallest ${f.data.params[0]} that meets ${f.targets.join(' and ')} with confidence${f.data.params.length > 1 ? `, for each ${f.data.params[1]}` : ''}: every design the search evaluated, the answers ringed.`
        : `Every combination of ${listed(f.data.params)}, with common random numbers: the same trucks in each, where the parameters leave the arrivals and the fleet alone.`,
    ],
    facts: [
      ['Seed', String(f.seed)],
      [sizing ? 'Replications (at least)' : 'Replications per design', String(f.replications)],
      // The hubsim that ran the designs, as a run's report names it; the one drawing the page where run.json does not say.
      ['hubsim', f.hubsim ?? version],
    ],
    generator: f.hubsim ?? version,
    ...(f.hubsim === undefined ? { unversioned: true } : {}),
    replications: f.replications,
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
