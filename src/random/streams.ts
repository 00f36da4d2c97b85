import alea from 'seedrandom/lib/alea.js';
import type { Rng } from './distributions/index.js';
import { InputError, show, type InputIssue } from '../errors.js';

/**
 * The named random streams of one replication. Each quantity a truck carries has its own stream,
 * so drawing one never shifts another: with the same seed every hub design sees the same trucks
 * (common random numbers).
 */
export const STREAM_NAMES = ['arrivals', 'fleet', 'soc', 'target', 'energy', 'break', 'patience'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/**
 * Returns an independent uniform stream for (`seed`, `name`). Alea: fast (~7 ns a number) and
 * seeded from a string, so streams with different names are unrelated.
 */
export function stream(seed: number, name: StreamName): Rng {
  return alea(`hubsim/${seed}/${name}`);
}

/** The last replication with a seed of its own: seeds have 32 bits, and `r` enters the hash as its low 32. */
const MAX_REPLICATION = 2 ** 32 - 1;

/**
 * The seed of replication `r` (1-based) in a batch whose base seed is `base`: a 32-bit integer hash
 * of both. For one base it is a bijection of `r`, so the replications of a batch all have distinct
 * seeds; batches with different base seeds can share a seed by chance, as any two sets of 32-bit
 * numbers can (two batches of R replications share about R²/2³² of them).
 * @throws InputError if `base` is not a whole number in [0, 2^53 - 1] or `r` not one in [1,
 * MAX_REPLICATION]: the hash would silently make 1.5 the seed 1, NaN the seed 0, and 2^32 + 1 the
 * seed of replication 1.
 */
export function replicationSeed(base: number, r: number): number {
  const issues: InputIssue[] = [];
  if (!(Number.isSafeInteger(base) && base >= 0)) issues.push({ path: 'base', expected: `must be a whole number in [0, ${Number.MAX_SAFE_INTEGER}]`, found: show(base) });
  if (!(Number.isSafeInteger(r) && r >= 1 && r <= MAX_REPLICATION)) issues.push({ path: 'replication', expected: `must be a whole number from 1 to ${MAX_REPLICATION}`, found: show(r) });
  if (issues.length > 0) throw new InputError(issues);
  const lo = base >>> 0;
  const hi = Math.floor(base / 0x100000000) >>> 0;
  let h = fmix32(lo ^ fmix32(hi + 0x9e3779b9));
  // h has 32 bits, so every base past 2^32 has a twin below it with the same h: the high half also
  // turns `r` (a bijection of it, so a batch's seeds stay distinct), or the twin's whole batch was
  // this one's. None below 2^32, whose seeds are as they always were.
  const turn = hi === 0 ? 0 : fmix32(hi ^ 0x68e31da4);
  h = fmix32(h ^ Math.imul((r ^ turn) >>> 0, 0x85ebca6b) ^ 0x27d4eb2f);
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser (Appleby 2008): full avalanche of the input bits. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** What a bay's own random streams draw (see `bayStream`). */
export type BayStreamName = 'failures' | 'repairs';

/**
 * Returns an independent uniform stream for one bay's failures or repairs: derived from the seed,
 * the charger group's id and the bay's number within the group (from 1), so a bay fails at the same
 * times in every design that has it, whatever other groups the hub has.
 */
export function bayStream(seed: number, name: BayStreamName, group: string, bay: number): Rng {
  return alea(`hubsim/${seed}/${name}/${JSON.stringify(group)}/${bay}`);
}
