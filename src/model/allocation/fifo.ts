import { greedy } from './greedy.js';
import type { PowerClaim, PowerLimits } from './types.js';

/** Earliest plugged-in truck first (then earliest arrival), each taking all it can. */
export function fifo(claims: PowerClaim[], limits: PowerLimits): void {
  greedy([...claims].sort((a, b) => a.plugTime - b.plugTime || a.id - b.id), limits);
}
