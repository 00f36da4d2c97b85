import { InputError } from '../../errors.js';
import { loadScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import type { BatchOptions } from '../batch.js';
import { progress } from '../progress.js';

/** Loads every scenario before anything runs, reporting the problems of all files at once. @throws InputError */
export async function loadAll(files: readonly string[]): Promise<Scenario[]> {
  const errors: InputError[] = [];
  const scenarios: Scenario[] = [];
  for (const f of files) {
    try {
      scenarios.push(await loadScenario(f));
    } catch (err) {
      if (err instanceof InputError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) throw InputError.combine(errors);
  const names = new Map<string, string>();
  for (let i = 0; i < scenarios.length; i++) {
    const prior = names.get(scenarios[i].name);
    if (prior !== undefined) {
      throw new InputError([{ path: files[i], expected: `must have a name of its own: it writes to the same folder as ${prior}`, found: JSON.stringify(scenarios[i].name) }]);
    }
    names.set(scenarios[i].name, files[i]);
  }
  return scenarios;
}

/** Batch options with a progress bar over `total` replications. */
export function withProgress(opts: Omit<BatchOptions, 'onDone'>, total: number, label: string): { opts: BatchOptions; stop: () => void } {
  const bar = progress(total, label);
  return { opts: { ...opts, onDone: () => bar.tick() }, stop: () => bar.stop() };
}
