import { InputError } from '../../errors.js';
import { readScenarioFile } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import type { BatchOptions } from '../batch.js';
import { progress } from '../progress.js';

/** A scenario as loaded for a command: its file, its JSON as written (for run.json) and the validated scenario. */
export interface Source {
  readonly file: string;
  readonly raw: unknown;
  readonly scenario: Scenario;
}

/** Loads every scenario before anything runs, reporting the problems of all files at once. @throws InputError */
export async function loadAll(files: readonly string[]): Promise<Source[]> {
  const errors: InputError[] = [];
  const sources: Source[] = [];
  for (const file of files) {
    try {
      sources.push({ file, ...(await readScenarioFile(file)) });
    } catch (err) {
      if (err instanceof InputError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) throw InputError.combine(errors);
  const names = new Map<string, string>();
  for (const { file, scenario } of sources) {
    const prior = names.get(scenario.name);
    if (prior !== undefined) {
      throw new InputError([{ path: file, expected: `must have a name of its own: it writes to the same folder as ${prior}`, found: JSON.stringify(scenario.name) }]);
    }
    names.set(scenario.name, file);
  }
  return sources;
}

/** Batch options with a progress bar over `total` replications. */
export async function withProgress(opts: Omit<BatchOptions, 'onDone'>, total: number, label: string): Promise<{ opts: BatchOptions; stop: () => void }> {
  const bar = await progress(total, label);
  return { opts: { ...opts, onDone: () => bar.tick() }, stop: () => bar.stop() };
}
