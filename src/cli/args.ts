import { InputError } from '../errors.js';
import { METRIC_NAMES } from '../model/metrics.js';
import type { PowerMode, SessionsMode } from './batch.js';

// Declarative option tables (yargs reads them) and pure checks of their values: the only place
// that knows what a valid command line is. The checks throw InputError naming the option.

export const OPTIONS = {
  seed: { type: 'number', describe: 'Base seed; replication r uses a seed derived from it and r (default: the scenario\'s seed)' },
  replications: { type: 'number', default: 10, describe: 'Replications per scenario' },
  workers: { type: 'string', describe: 'Worker threads (a number, or "auto" = one per core)', default: 'auto' },
  shard: { type: 'string', describe: 'Run only slice K of N of the replications, e.g. 2/4 (join slices with `merge`)' },
  out: { type: 'string', default: 'output', describe: 'Output folder' },
  sessions: { choices: ['first', 'all', 'none'], default: 'first', describe: 'Which replications write sessions.csv' },
  power: { choices: ['first', 'all', 'none'], default: 'first', describe: "power.csv of replication 1: its first year ('first'), the whole run, or none" },
  tolerance: { type: 'string', array: true, describe: 'Allowed change: 5% or 0.5 for every metric, or metric=5% / metric=0.5 for one (repeatable)' },
  baseline: { type: 'string', describe: 'Baseline CSV written by `hubsim baseline`' },
  'allow-missing': { type: 'boolean', default: false, describe: 'Check only the metrics the baseline holds (by default a baseline must hold every metric)' },
} as const;

/** Most replications per scenario: their metrics are held in memory for the summaries (a few hundred bytes each). */
export const MAX_REPLICATIONS = 100_000;

/** Most worker threads per core: more only adds threads competing for the same cores. */
export const WORKERS_PER_CORE = 4;

const fail = (option: string, expected: string, found: unknown): never => {
  throw new InputError([{ path: option, expected, found: JSON.stringify(found) }]);
};

/** An option that takes one value, given once: `--out a --out b` is a mistake, not a choice. */
export function checkOnce<T>(option: string, v: T): T {
  if (Array.isArray(v)) fail(option, 'must be given once', v);
  return v;
}

/** `--replications`: a whole number in [1, MAX_REPLICATIONS]. */
export function checkReplications(v: unknown): number {
  checkOnce('--replications', v);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_REPLICATIONS) fail('--replications', `must be a whole number from 1 to ${MAX_REPLICATIONS}`, v);
  return v as number;
}

/** `--seed`: a whole number >= 0, or undefined for the scenario's own. */
export function checkSeed(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  checkOnce('--seed', v);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail('--seed', 'must be a whole number >= 0', v);
  return v as number;
}

/** `--workers`: "auto" (`auto` workers) or a whole number from 1 to WORKERS_PER_CORE × `cores`. */
export function checkWorkers(v: unknown, auto: number, cores: number = auto): number {
  checkOnce('--workers', v);
  if (v === undefined || v === 'auto') return auto;
  const n = /^\d+$/.test(String(v)) ? Number(v) : NaN;
  const most = WORKERS_PER_CORE * cores;
  if (!Number.isInteger(n) || n < 1 || n > most) fail('--workers', `must be "auto" or a whole number from 1 to ${most} (${WORKERS_PER_CORE} per core)`, v);
  return n;
}

/** `--out`: a non-empty path, given once. */
export function checkOut(v: unknown): string {
  checkOnce('--out', v);
  if (typeof v !== 'string' || v.trim() === '') fail('--out', 'must name a folder', v);
  return v as string;
}

/** `--shard K/N` with 1 <= K <= N. */
export function checkShard(v: unknown): { k: number; n: number } | undefined {
  if (v === undefined) return undefined;
  checkOnce('--shard', v);
  const m = /^(\d+)\/(\d+)$/.exec(String(v));
  if (!m) return fail('--shard', 'must be K/N, e.g. 2/4', v);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || k < 1 || k > n || n > MAX_REPLICATIONS) fail('--shard', `must have 1 <= K <= N <= ${MAX_REPLICATIONS}`, v);
  return { k, n };
}

/** `--sessions`. */
export function checkSessions(v: unknown): SessionsMode {
  checkOnce('--sessions', v);
  if (v !== 'first' && v !== 'all' && v !== 'none') fail('--sessions', 'must be first, all or none', v);
  return v as SessionsMode;
}

/** `--power`. */
export function checkPower(v: unknown): PowerMode {
  checkOnce('--power', v);
  if (v !== 'first' && v !== 'all' && v !== 'none') fail('--power', 'must be first, all or none', v);
  return v as PowerMode;
}

/** A change allowed for a metric: relative (a fraction of the old value) or absolute. */
export interface Tolerance {
  readonly relative: boolean;
  readonly value: number;
}

/** Parsed `--tolerance` values: an optional default for every metric plus per-metric ones. */
export interface Tolerances {
  readonly all?: Tolerance;
  readonly perMetric: Readonly<Record<string, Tolerance>>;
}

/** Parses `--tolerance` values such as `5%`, `0.5`, `wait_mean_min=10%`, `a=1,b=2%`. */
export function checkTolerances(values: readonly unknown[] | undefined): Tolerances {
  let all: Tolerance | undefined;
  const perMetric: Record<string, Tolerance> = {};
  for (const raw of values ?? []) {
    for (const item of String(raw).split(',').filter((s) => s.trim() !== '')) {
      const [lhs, rhs] = item.includes('=') ? item.split('=', 2) : [undefined, item];
      const m = /^\s*(\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(%?)\s*$/i.exec(rhs);
      if (!m) fail('--tolerance', 'must be a number (absolute) or a percentage like 5%, optionally after metric=', item);
      const tol = { relative: m![2] === '%', value: m![2] === '%' ? Number(m![1]) / 100 : Number(m![1]) };
      if (!Number.isFinite(tol.value)) fail('--tolerance', 'must be a finite number', item);
      if (lhs === undefined) all = tol;
      else {
        const name = lhs.trim();
        if (!(METRIC_NAMES as readonly string[]).includes(name)) fail('--tolerance', `must name a metric (${METRIC_NAMES.join(', ')})`, name);
        perMetric[name] = tol;
      }
    }
  }
  return { all, perMetric };
}
