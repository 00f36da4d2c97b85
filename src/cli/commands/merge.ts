import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError, type InputIssue } from '../../errors.js';
import { METRIC_NAMES, type Metrics } from '../../model/metrics.js';
import { joinSessions, SHARD_FILE, writeTables, type ReplicationRow, type ShardManifest } from '../batch.js';
import { Staging } from '../outdir.js';

interface Slice {
  readonly dir: string;
  readonly manifest: ShardManifest;
}

/**
 * `hubsim merge`: joins the slices written by `run --shard K/N` into the files an unsharded run
 * writes, byte for byte. Refuses slices of different scenarios, seeds or counts, and gaps or overlaps.
 */
export async function mergeCommand(a: { dirs: readonly string[]; out: string }, print: (s: string) => void): Promise<void> {
  const byScenario = new Map<string, Slice[]>();
  const issues: InputIssue[] = [];
  for (const root of a.dirs) {
    if (!existsSync(root)) {
      issues.push({ path: root, expected: 'must be a folder written by `hubsim run --shard`', found: 'no such folder' });
      continue;
    }
    let found = 0;
    for (const name of readdirSync(root).sort()) {
      const file = join(root, name, SHARD_FILE);
      if (!existsSync(file)) continue;
      found++;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as ShardManifest;
      const list = byScenario.get(manifest.scenario) ?? [];
      list.push({ dir: join(root, name), manifest });
      byScenario.set(manifest.scenario, list);
    }
    if (found === 0) issues.push({ path: root, expected: `must hold <scenario>/${SHARD_FILE} from \`hubsim run --shard\``, found: 'none' });
  }
  for (const [name, slices] of byScenario) issues.push(...checkSlices(name, slices));
  if (issues.length > 0) throw new InputError(issues);

  const staging = new Staging(a.out);
  try {
    for (const [name, slices] of byScenario) {
      slices.sort((x, y) => x.manifest.first - y.manifest.first);
      const dir = join(staging.dir, name);
      mkdirSync(dir, { recursive: true });
      const rows = slices.flatMap((s) => readRows(join(s.dir, 'replications.csv')));
      writeTables(dir, name, rows);
      const head = slices[0];
      for (const f of ['bays.csv', 'power.csv']) copyFileSync(join(head.dir, f), join(dir, f));
      const mode = head.manifest.sessions;
      if (mode === 'first') copyFileSync(join(head.dir, 'sessions.csv'), join(dir, 'sessions.csv'));
      if (mode === 'all') {
        const parts = slices.filter((s) => s.manifest.last >= s.manifest.first).map((s) => join(s.dir, 'sessions.csv'));
        await joinSessions(parts, join(dir, 'sessions.csv'), true);
      }
      print(`${name}: merged ${slices.length} slices, ${rows.length} replications → ${join(a.out, name)}/`);
    }
    staging.commit();
  } finally {
    staging.discard();
  }
}

function checkSlices(name: string, slices: Slice[]): InputIssue[] {
  const issues: InputIssue[] = [];
  const ref = slices[0].manifest;
  for (const s of slices) {
    for (const key of ['scenarioHash', 'seed', 'replications', 'sessions'] as const) {
      if (s.manifest[key] !== ref[key]) {
        issues.push({ path: join(s.dir, SHARD_FILE), expected: `must have the same ${key} as ${join(slices[0].dir, SHARD_FILE)} (${ref[key]})`, found: String(s.manifest[key]) });
      }
    }
  }
  const covered = new Array<number>(ref.replications + 1).fill(0);
  for (const s of slices) for (let r = s.manifest.first; r <= s.manifest.last; r++) covered[r]++;
  const gaps = covered.map((c, r) => (r > 0 && c === 0 ? r : 0)).filter((r) => r > 0);
  const twice = covered.map((c, r) => (c > 1 ? r : 0)).filter((r) => r > 0);
  if (gaps.length > 0) issues.push({ path: name, expected: `must have every replication 1–${ref.replications}`, found: `missing ${gaps.slice(0, 10).join(', ')}${gaps.length > 10 ? ', …' : ''}` });
  if (twice.length > 0) issues.push({ path: name, expected: 'must have each replication once', found: `repeated ${twice.slice(0, 10).join(', ')}` });
  return issues;
}

function readRows(file: string): ReplicationRow[] {
  const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((r) => ({
    replication: Number(r.replication),
    seed: Number(r.seed),
    metrics: Object.fromEntries(METRIC_NAMES.map((m) => [m, r[m] === '' ? NaN : Number(r[m])])) as Metrics,
  }));
}
