import { PriorityOrder } from './order.js';
import type { PowerPlanner } from './planner.js';
import type { Policy } from './types.js';

/**
 * Makes a policy that serves trucks in a priority order, each taking as much as its cap, its
 * cabinet's headroom and the grid's headroom allow: the shared core of the priority policies
 * (`fifo`, `deadline`), which differ only in the first key of the order, one of the planner's
 * per-slot arrays (`key1`: plug-in times for `fifo`, break ends for `deadline`). The order then
 * falls back on plug-in time and arrival order; a truck's place in it is fixed when it plugs in.
 *
 * Kept up to date rather than recomputed. Within a cabinet, the trucks in order take what its
 * headroom allows: q = min(cap, cabinetKw − what those before it took). Over the grid, the trucks
 * in order take their q until the running sum of q exceeds gridKw: the truck where it does (the
 * marginal one) gets what is left, and those after it nothing. A priority order with running sums
 * finds the marginal truck in O(log n); when one truck changes, only the trucks of its cabinet
 * and those between the old and the new marginal truck can change power.
 */
export function greedy(key1: (p: PowerPlanner) => Float64Array): (planner: PowerPlanner) => Policy {
  return (planner) => new Greedy(planner, key1(planner));
}

class Greedy implements Policy {
  private readonly q: Float64Array; // what its cabinet lets it take
  private readonly order: PriorityOrder;
  private readonly touched: Int32Array; // slots whose power may have changed since the last grid()
  private readonly isTouched: Uint8Array;
  private touchedCount = 0;
  // The marginal truck at the last grid(), and its keys: its slot may have been reused since.
  private marginal = false;
  private mSlot = -1;
  private m1 = 0;
  private m2 = 0;
  private m3 = 0;

  constructor(
    private readonly p: PowerPlanner,
    private readonly key1: Float64Array,
  ) {
    const n = p.cabinetOf.length;
    this.q = new Float64Array(n);
    this.order = new PriorityOrder(n, key1, p.plugTime, p.id, this.q);
    this.touched = new Int32Array(n);
    this.isTouched = new Uint8Array(n);
  }

  before(a: number, b: number): boolean {
    return this.order.less(a, b);
  }

  added(s: number): void {
    this.q[s] = 0;
    this.order.insert(s);
    this.touch(s);
  }

  removed(s: number): void {
    this.order.remove(s);
  }

  cabinet(k: number): void {
    const p = this.p;
    const { cap, members } = p;
    const q = this.q;
    const kw = p.cabinetKw[k];
    let used = 0;
    for (let j = p.memberStart[k], to = j + p.memberCount[k]; j < to; j++) {
      const s = members[j];
      const head = kw - used;
      const c = cap[s];
      let v = c < head ? c : head;
      if (!(v > 0)) v = 0;
      used += v;
      if (v !== q[s]) {
        q[s] = v;
        this.order.refresh(s);
        this.touch(s);
      }
    }
  }

  grid(): void {
    const p = this.p;
    const order = this.order;
    const g = p.gridKw;
    const m = order.firstExceeding(g);
    // Trucks between the old marginal truck and the new one (to the end when either is none) switch
    // between taking their q and taking nothing; both marginal trucks' shares change.
    if (this.marginal) {
      // The old marginal truck, or the first after it if it has gone. Its slot may hold it again
      // with new keys (bay down and up at one instant, and it plugged in again): that is gone too.
      const s = this.mSlot;
      const still = p.active[s] && p.id[s] === this.m3 && p.plugTime[s] === this.m2 && this.key1[s] === this.m1;
      const old = still ? s : order.lowerBound(this.m1, this.m2, this.m3);
      if (m < 0) this.touchRange(old, -1);
      else if (order.lessThan(m, this.m1, this.m2, this.m3)) this.touchRange(m, old);
      else this.touchRange(old, m);
    } else if (m >= 0) this.touchRange(m, -1);
    const q = this.q;
    let rest = 0;
    if (m >= 0) {
      rest = g - order.before;
      if (!(rest > 0)) rest = 0;
      if (rest > q[m]) rest = q[m];
      this.mSlot = m;
      this.m1 = this.key1[m];
      this.m2 = p.plugTime[m];
      this.m3 = p.id[m];
    }
    this.marginal = m >= 0;
    const touched = this.touched;
    for (let j = 0; j < this.touchedCount; j++) {
      const s = touched[j];
      this.isTouched[s] = 0;
      if (!p.active[s]) continue;
      p.grant(s, m < 0 || order.less(s, m) ? q[s] : s === m ? rest : 0);
    }
    this.touchedCount = 0;
  }

  /** Touches the slots from `from` to `to` in order, both included (`to` = -1: to the end). */
  private touchRange(from: number, to: number): void {
    for (let s = from; s >= 0; s = this.order.next(s)) {
      this.touch(s);
      if (s === to) break;
    }
  }

  private touch(s: number): void {
    if (this.isTouched[s]) return;
    this.isTouched[s] = 1;
    this.touched[this.touchedCount++] = s;
  }
}
