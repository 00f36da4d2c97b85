import { resolve } from 'node:path';
import { InputError, shownPath } from '../../errors.js';
import { PRICE_OF } from '../../model/economics.js';
import { BATTERY_METRICS, noPowerIntervalInside, onPowerIntervals, type MetricName } from '../../model/metrics.js';
import { readScenarioFile, traceLocation } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import { formatExact } from '../../report/format.js';
import type { BatchOptions } from '../batch.js';
import { progress, readingTraces } from '../progress.js';
import { modelled } from '../table.js';

/** A scenario as loaded for a command: its file, its JSON as written (for run.json) and the validated scenario. */
export interface Source {
  readonly file: string;
  readonly raw: unknown;
  readonly scenario: Scenario;
}

/**
 * The files a command reads for a scenario file `file` and the scenarios made of it (its designs, for
 * a sweep or a sizing): the file itself and each trace, where the loader found it (beside the file).
 * Its results must not replace them (see OutputRoot.checkTargets).
 */
export function inputsOf(file: string, scenarios: readonly Scenario[]): string[] {
  const traces = scenarios.flatMap((s) => (s.arrivals.kind === 'trace' ? [traceLocation(file, s.arrivals.path)] : []));
  return [file, ...new Set(traces)];
}

/**
 * Loads every scenario before anything runs, reporting the problems of all files at once; `onValid`
 * hears of each file that is valid on its own, in order, before any problem is thrown (`validate`
 * says "ok" of those, so that one bad file among many does not leave the others unjudged).
 * @throws InputError
 */
export async function loadAll(files: readonly string[], onValid?: (s: Source) => void): Promise<Source[]> {
  // One file named twice would write one folder twice (and report each of its problems twice): the
  // repeat is refused, and the files are judged once each all the same (the repeats said last, as
  // they come after the file they repeat).
  const repeats: InputError[] = [];
  const seen = new Set<string>();
  const once: string[] = [];
  for (const file of files) {
    const at = resolve(file);
    if (seen.has(at)) repeats.push(new InputError([{ path: file, expected: 'must be named once: each scenario file writes its own folder', found: 'the same file again' }]));
    else once.push(file);
    seen.add(at);
  }
  const errors: InputError[] = [];
  const sources: Source[] = [];
  for (const file of once) {
    try {
      // A trace that an earlier file read for the same fleet serves as it is: a pipe is read once.
      sources.push({ file, ...(await readingTraces((onTrace) => readScenarioFile(file, onTrace, sources))) });
    } catch (err) {
      if (err instanceof InputError) errors.push(err);
      else throw err;
    }
  }
  // A file whose scenario has the name of an earlier one's is not valid beside it: `validate` said
  // "ok" of it, then refused it.
  const names = new Map<string, string>();
  const own = sources.filter(({ file, scenario }) => {
    const prior = names.get(scenario.name);
    if (prior !== undefined) {
      errors.push(new InputError([{ path: file, expected: `must have a name of its own: it writes to the same folder as ${shownPath(prior)}`, found: JSON.stringify(scenario.name) }]));
      return false;
    }
    names.set(scenario.name, file);
    return true;
  });
  errors.push(...repeats);
  if (onValid) for (const s of own) onValid(s);
  if (errors.length > 0) throw InputError.combine(errors);
  return sources;
}

/** Batch options with a progress bar over `total` replications. */
export async function withProgress(opts: Omit<BatchOptions, 'onDone' | 'onShare'>, total: number, label: string): Promise<{ opts: BatchOptions; stop: () => void }> {
  const bar = await progress(total, label);
  return { opts: { ...opts, onDone: () => bar.tick(), onShare: (s) => bar.share(s) }, stop: () => bar.stop() };
}

/**
 * What `s` lacks to define `metric` (`a site battery (hub.battery)`, `prices
 * (economics.sellingPrice)`, a power interval inside its statistics window), or undefined when it
 * defines it: without them the metric is empty in every replication.
 */
export function lacks(metric: string, s: Scenario): string | undefined {
  if (!modelled([s])(metric as MetricName)) {
    return (BATTERY_METRICS as readonly string[]).includes(metric) ? 'a site battery (hub.battery)' : `prices (economics.${PRICE_OF[metric as keyof typeof PRICE_OF]})`;
  }
  const width = s.output.powerIntervalMin;
  if (onPowerIntervals(metric, s.economics?.demandCharge !== undefined) && noPowerIntervalInside(width, s.horizon)) {
    return `a power interval (output.powerIntervalMin, ${formatExact(width)} min) wholly inside its statistics window`;
  }
  return undefined;
}

/**
 * Refuses a metric to aim at (`--target`, `--precision`) that none of `scenarios` defines: without a
 * site battery, or without the price it is made of (`revenue` and `margin_per_kwh` need
 * `economics.sellingPrice`, say), it is empty in every replication, so no number of replications
 * could settle it, and the search would spend every replication it may before saying so.
 * @throws InputError naming `option`, the metric and what it needs.
 */
export function checkModelled(metrics: readonly string[], scenarios: readonly Scenario[], option: string, where?: string): void {
  const issues = [...new Set(metrics)].flatMap((m) => {
    const need = scenarios.length === 0 ? undefined : lacks(m, scenarios[0]);
    if (need === undefined || scenarios.some((s) => lacks(m, s) === undefined)) return [];
    return [{ path: `${option} ${m}`, expected: `must be a metric the scenario defines: it needs ${need}` }];
  });
  if (issues.length > 0) throw new InputError(issues, where);
}
