import { greedy } from './greedy.js';
import type { PowerClaim, PowerLimits } from './types.js';

/**
 * The truck whose driver's break ends first is served first (earliest deadline first), then as
 * `fifo`: the operator's way to get drivers away on time.
 */
export function deadline(claims: PowerClaim[], limits: PowerLimits): void {
  greedy([...claims].sort((a, b) => a.breakEnd - b.breakEnd || a.plugTime - b.plugTime || a.id - b.id), limits);
}
