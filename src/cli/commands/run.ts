import { join } from 'node:path';
import type { Scenario } from '../../scenario/types.js';
import { runBatch, shardRange, summariseRows, type SessionsMode } from '../batch.js';
import { Staging } from '../outdir.js';
import { human, table, withCi } from '../table.js';
import { loadAll, withProgress } from './common.js';

export interface RunArgs {
  readonly scenarios: readonly string[];
  readonly seed?: number;
  readonly replications: number;
  readonly workers: number;
  readonly shard?: { k: number; n: number };
  readonly out: string;
  readonly sessions: SessionsMode;
}

/** Metrics shown on the terminal after a run (every metric is in the CSVs). */
export const HEADLINE = [
  'trucks_arrived', 'served_share', 'wait_mean_min', 'wait_p95_min', 'p_wait_over_15min', 'within_break_share',
  'bay_occupancy', 'power_utilization', 'grid_peak_kw', 'energy_unmet_kwh',
] as const;

/** `hubsim run`: each scenario's replications (or a slice), written under OUT/<name>/. */
export async function runCommand(a: RunArgs, print: (s: string) => void): Promise<void> {
  const scenarios = await loadAll(a.scenarios);
  const staging = new Staging(a.out);
  try {
    for (const s of scenarios) await runOne(s, a, staging.dir, print);
    staging.commit();
  } finally {
    staging.discard();
  }
}

async function runOne(s: Scenario, a: RunArgs, stage: string, print: (s: string) => void): Promise<void> {
  const seed = a.seed ?? s.seed;
  const slice = a.shard ? shardRange(a.replications, a.shard.k, a.shard.n) : { first: 1, last: a.replications };
  const count = slice.last - slice.first + 1;
  const { opts, stop } = withProgress({ seed, replications: a.replications, shard: a.shard, workers: a.workers, sessions: a.sessions }, count, s.name);
  const rows = await runBatch(s, opts, stage).finally(stop);
  const sum = summariseRows(rows);
  const what = a.shard ? `replications ${slice.first}–${slice.last} of ${a.replications} (shard ${a.shard.k}/${a.shard.n})` : `${count} replications`;
  print(`${s.name}: ${what}, seed ${seed} → ${join(a.out, s.name)}/`);
  print(table(['metric', 'mean ± 95% CI'], HEADLINE.map((m) => [m, count > 1 ? withCi(sum[m]) : human(sum[m].mean)])));
  print('');
}
