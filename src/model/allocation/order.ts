import { SimulationError } from '../../errors.js';

/**
 * Slots in a fixed priority order, each with a non-negative amount, and the running sums of those
 * amounts along the order: a treap (Aragon & Seidel, "Randomized search trees", 1989) whose every
 * node also holds the sum over its subtree. Inserting, removing, changing an amount and finding
 * where the running sum first exceeds a limit all take O(log n) expected time.
 *
 * A slot's place is fixed by three keys set before it is inserted and kept while it is in the
 * order (smaller first, compared in turn). Subtree sums are recomputed from their parts, never
 * adjusted by differences, so they do not drift. The tree's shape comes from a fixed-seed
 * generator, so the same operations always build the same tree and the same sums.
 */
export class PriorityOrder {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly parent: Int32Array; // -1 for the root
  private readonly prio: Int32Array;
  private readonly sum: Float64Array;
  private root = -1;
  private count = 0;
  private seed = 0x2545f491;
  /** Set by `firstExceeding`: the running sum before the slot it returned. */
  before = 0;

  /**
   * An empty order over slots 0 .. slots-1, placed by (k1, k2, k3) and weighed by `amount`; the
   * arrays are the caller's and are read, never written.
   */
  constructor(
    slots: number,
    private readonly k1: Float64Array,
    private readonly k2: Float64Array,
    private readonly k3: Float64Array,
    private readonly amount: Float64Array,
  ) {
    this.left = new Int32Array(slots).fill(-1);
    this.right = new Int32Array(slots).fill(-1);
    this.parent = new Int32Array(slots).fill(-1);
    this.prio = new Int32Array(slots);
    this.sum = new Float64Array(slots);
  }

  /** How many slots are in the order. */
  get size(): number {
    return this.count;
  }

  /** The sum of every slot's amount. */
  get total(): number {
    return this.root < 0 ? 0 : this.sum[this.root];
  }

  /** Whether slot a comes before slot b. */
  less(a: number, b: number): boolean {
    const k1 = this.k1;
    const k2 = this.k2;
    return k1[a] < k1[b] || (k1[a] === k1[b] && (k2[a] < k2[b] || (k2[a] === k2[b] && this.k3[a] < this.k3[b])));
  }

  /** Whether slot a comes before the keys (x1, x2, x3). */
  lessThan(a: number, x1: number, x2: number, x3: number): boolean {
    const a1 = this.k1[a];
    const a2 = this.k2[a];
    return a1 < x1 || (a1 === x1 && (a2 < x2 || (a2 === x2 && this.k3[a] < x3)));
  }

  /** Adds slot s (its keys and amount set), which must not be in the order. */
  insert(s: number): void {
    this.left[s] = -1;
    this.right[s] = -1;
    this.prio[s] = this.nextPriority();
    this.sum[s] = this.amount[s];
    this.root = this.insertAt(this.root, s);
    this.parent[this.root] = -1;
    this.count++;
  }

  /**
   * Removes slot s, which must be in the order with the keys it was inserted with.
   * @throws SimulationError when the search for it ends at an empty subtree: it is not there.
   */
  remove(s: number): void {
    this.root = this.removeAt(this.root, s);
    if (this.root >= 0) this.parent[this.root] = -1;
    this.count--;
  }

  /** Brings the sums up to date after slot s's amount changed (s must be in the order). */
  refresh(s: number): void {
    const { left, right, sum, amount, parent } = this;
    for (let n = s; n >= 0; n = parent[n]) {
      const l = left[n];
      const r = right[n];
      let v = amount[n];
      if (l >= 0) v = sum[l] + v;
      if (r >= 0) v = v + sum[r];
      sum[n] = v;
    }
  }

  /**
   * The first slot in order whose running sum, itself included, exceeds `limit`, with the running
   * sum before it in `before`; -1 when the total does not exceed the limit. The walk adds running
   * sums in another order than the subtree sums are added, so the two may differ in their last
   * bits: where a subtree's sum exceeds the limit but no running sum in it does, its root is taken;
   * where only the whole total does, every running sum being at most the limit, the answer is -1,
   * as by the walk's sums every slot's amount fits. The total then stands above the limit by
   * rounding alone, a few ulps, which the power signals read as the limit (see `atMost`).
   */
  firstExceeding(limit: number): number {
    const left = this.left;
    const sum = this.sum;
    const amount = this.amount;
    let node = this.root;
    if (node < 0 || !(sum[node] > limit)) return -1;
    let acc = 0;
    let candidate = -1; // the last node whose left part already exceeded the limit
    while (node >= 0) {
      const l = left[node];
      const upTo = l < 0 ? acc : acc + sum[l];
      if (upTo > limit) {
        candidate = node;
        node = l;
        continue;
      }
      const through = upTo + amount[node];
      if (through > limit) {
        this.before = upTo;
        return node;
      }
      acc = through;
      node = this.right[node];
    }
    // Rounding made the parts of an exceeding subtree add up to no more than the limit: its root
    // is where the limit is reached.
    this.before = acc;
    return candidate;
  }

  /** The first slot in order; -1 when empty. */
  first(): number {
    let node = this.root;
    if (node < 0) return -1;
    while (this.left[node] >= 0) node = this.left[node];
    return node;
  }

  /** The first slot whose keys are not before (x1, x2, x3); -1 if none. */
  lowerBound(x1: number, x2: number, x3: number): number {
    let node = this.root;
    let found = -1;
    while (node >= 0) {
      if (this.lessThan(node, x1, x2, x3)) node = this.right[node];
      else {
        found = node;
        node = this.left[node];
      }
    }
    return found;
  }

  /** The slot after slot s (which must be in the order) in order; -1 if s is the last. */
  next(s: number): number {
    const { left, right, parent } = this;
    let n = right[s];
    if (n >= 0) {
      while (left[n] >= 0) n = left[n];
      return n;
    }
    // Up to the first ancestor of which s is in the left subtree.
    n = s;
    let p = parent[n];
    while (p >= 0 && right[p] === n) {
      n = p;
      p = parent[n];
    }
    return p;
  }

  private nextPriority(): number {
    // xorshift32: any fixed sequence of well-mixed numbers keeps the tree balanced in expectation.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x;
    return x;
  }

  /** Recomputes n's sum from its children, and makes n their parent. */
  private pull(n: number): void {
    const l = this.left[n];
    const r = this.right[n];
    let s = this.amount[n];
    if (l >= 0) {
      s = this.sum[l] + s;
      this.parent[l] = n;
    }
    if (r >= 0) {
      s = s + this.sum[r];
      this.parent[r] = n;
    }
    this.sum[n] = s;
  }

  private insertAt(node: number, s: number): number {
    if (node < 0) return s;
    if (this.less(s, node)) {
      const l = this.insertAt(this.left[node], s);
      this.left[node] = l;
      if (this.prio[l] > this.prio[node]) {
        // rotate right: l becomes the subtree's root
        this.left[node] = this.right[l];
        this.right[l] = node;
        this.pull(node);
        this.pull(l);
        return l;
      }
    } else {
      const r = this.insertAt(this.right[node], s);
      this.right[node] = r;
      if (this.prio[r] > this.prio[node]) {
        this.right[node] = this.left[r];
        this.left[r] = node;
        this.pull(node);
        this.pull(r);
        return r;
      }
    }
    this.pull(node);
    return node;
  }

  private removeAt(node: number, s: number): number {
    if (node < 0) throw new SimulationError(`slot ${s} is not in the order`);
    if (node === s) return this.merge(this.left[s], this.right[s]);
    if (this.less(s, node)) this.left[node] = this.removeAt(this.left[node], s);
    else this.right[node] = this.removeAt(this.right[node], s);
    this.pull(node);
    return node;
  }

  private merge(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    if (this.prio[a] > this.prio[b]) {
      this.right[a] = this.merge(this.right[a], b);
      this.pull(a);
      return a;
    }
    this.left[b] = this.merge(a, this.left[b]);
    this.pull(b);
    return b;
  }

}
