import { greedy } from './greedy.js';

/**
 * The truck whose driver's break ends first is served first (earliest deadline first), then as
 * `fifo`: the operator's way to get drivers away on time.
 */
export const deadline = greedy((p) => p.breakEnd);
