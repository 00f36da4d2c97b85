import { greedy } from './greedy.js';

/** Earliest plugged-in truck first (then earliest arrival), each taking all it can. */
export const fifo = greedy((p) => p.plugTime);
