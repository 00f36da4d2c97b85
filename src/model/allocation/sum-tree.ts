import { SimulationError } from '../../errors.js';

/**
 * A sum over a fixed number of slots, kept in a complete binary tree whose every inner node holds
 * the sum of its two children. Changing one slot re-adds the O(log n) sums above it, so the total
 * is always the same function of the slots' current values: it does not drift, as a running
 * total that adds and subtracts would, and it does not depend on the order of the changes.
 */
export class SumTree {
  /** The tree: node[1] is the sum of all slots (what `total` reads), slot i is node[base + i]. Read only. */
  readonly node: Float64Array;
  private readonly base: number;

  /** A tree of `size` slots, all 0. @throws SimulationError for a negative or non-integer size. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 0) throw new SimulationError(`a sum tree needs a size >= 0 (got ${size})`);
    let base = 1;
    while (base < size) base *= 2;
    this.base = base;
    this.node = new Float64Array(2 * base);
  }

  /** The sum of all slots. */
  get total(): number {
    return this.node[1];
  }

  /** Slot i's value. */
  get(i: number): number {
    return this.node[this.base + i];
  }

  /** Sets slot i to v and brings the sums above it up to date. */
  set(i: number, v: number): void {
    const node = this.node;
    let j = this.base + i;
    if (node[j] === v) return;
    node[j] = v;
    for (j >>= 1; j >= 1; j >>= 1) {
      const s = node[2 * j] + node[2 * j + 1];
      if (s === node[j]) break; // the sums above are unchanged too
      node[j] = s;
    }
  }
}
