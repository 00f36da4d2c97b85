import { join } from 'node:path';
import type { Scenario } from '../../scenario/types.js';
import { runBatch, shardRange, summariseRows, type PowerMode, type SessionsMode } from '../batch.js';
import { OutputRoot } from '../outdir.js';
import { ReplicationPool } from '../pool.js';
import { HEADLINE, human, table, withCi } from '../table.js';
import { loadAll, withProgress } from './common.js';

export interface RunArgs {
  readonly scenarios: readonly string[];
  readonly seed?: number;
  readonly replications: number;
  readonly workers: number;
  readonly shard?: { k: number; n: number };
  readonly out: string;
  readonly sessions: SessionsMode;
  readonly power: PowerMode;
}

/** `hubsim run`: each scenario's replications (or a slice), written under OUT/<name>/, on one pool of workers. */
export async function runCommand(a: RunArgs, print: (s: string) => void): Promise<void> {
  const scenarios = loadAll(a.scenarios);
  const out = new OutputRoot(a.out);
  const pool = new ReplicationPool(a.workers);
  try {
    const lines: string[] = [];
    for (const s of scenarios) lines.push(await runOne(s, a, pool, out.stage));
    out.commit();
    for (const l of lines) print(l);
  } finally {
    await pool.close();
    out.discard();
  }
}

async function runOne(s: Scenario, a: RunArgs, pool: ReplicationPool, stage: string): Promise<string> {
  const seed = a.seed ?? s.seed;
  const slice = a.shard ? shardRange(a.replications, a.shard.k, a.shard.n) : { first: 1, last: a.replications };
  const count = Math.max(0, slice.last - slice.first + 1);
  const { opts, stop } = withProgress({ seed, replications: a.replications, shard: a.shard, pool, sessions: a.sessions, power: a.power }, count, s.name);
  const rows = await runBatch(s, opts, stage).finally(stop);
  const sum = summariseRows(rows);
  const what = a.shard
    ? count > 0
      ? `replications ${slice.first}–${slice.last} of ${a.replications} (shard ${a.shard.k}/${a.shard.n})`
      : `no replications of ${a.replications} (shard ${a.shard.k}/${a.shard.n} is empty)`
    : `${count} replication${count === 1 ? '' : 's'}`;
  const head = `${s.name}: ${what}, seed ${seed} → ${join(a.out, s.name)}/`;
  if (count === 0) return `${head}\n`;
  return `${head}\n${table(['metric', count > 1 ? 'mean ± 95% CI' : 'value'], HEADLINE.map((m) => [m, count > 1 ? withCi(sum[m]) : human(sum[m].mean)]))}\n`;
}
