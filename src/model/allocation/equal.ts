import { SlotHeap } from './heap.js';
import type { PowerPlanner } from './planner.js';
import type { Policy } from './types.js';

/**
 * Max-min fair sharing: the allocation progressive filling reaches (Bertsekas & Gallager, Data
 * Networks, 6.5.2), where every truck's power rises at the same rate until its own cap, its
 * cabinet or the grid is full, so that what a capped truck cannot take is passed on to the others.
 *
 * With limits nested as they are here (trucks within cabinets within the grid) that allocation has
 * a closed form: each cabinet has a water level λ at which its trucks' min(cap, λ) fill it (∞ if
 * they never do), and the grid a level μ at which everybody's d = min(cap, λ of their cabinet, μ)
 * fills it; each truck gets that minimum. A cabinet's level is found by water-filling: taking its
 * trucks in increasing order of cap, each one asking no more than an equal share of what is left
 * is satisfied, and the first that asks more sets the level at that share.
 *
 * The grid's level is kept up to date rather than recomputed: the trucks are split into those
 * below it, which draw their d, and those at it (the planner's level), which share what the
 * others leave; a heap on each side yields the truck that crosses next when the level moves. So a
 * truck coming, going or changing its cap costs O(log n) plus one truck moved per crossing, and
 * the trucks at the level are never visited one by one.
 */
export function equal(planner: PowerPlanner): Policy {
  return new EqualSharing(planner);
}

class EqualSharing implements Policy {
  private readonly d: Float64Array; // min(cap, λ of its cabinet)
  private readonly atLevel: SlotHeap; // keyed by d: the smallest is the first to drop below the level
  private readonly below: SlotHeap; // keyed by -d: the largest is the first to rise to the level

  constructor(private readonly p: PowerPlanner) {
    const n = p.cabinetOf.length;
    this.d = new Float64Array(n);
    this.atLevel = new SlotHeap(n);
    this.below = new SlotHeap(n);
  }

  before(a: number, b: number): boolean {
    const cap = this.p.cap;
    return cap[a] < cap[b] || (cap[a] === cap[b] && a < b);
  }

  added(s: number): void {
    this.d[s] = NaN; // placed below the level by `cabinet`, which runs before the grid is shared
  }

  removed(s: number): void {
    this.atLevel.remove(s);
    this.below.remove(s);
  }

  cabinet(k: number): void {
    const p = this.p;
    const { cap, members } = p;
    const from = p.memberStart[k];
    const to = from + p.memberCount[k];
    // The cabinet's level, over its trucks with a positive cap in increasing order of cap.
    let i = from;
    while (i < to && !(cap[members[i]] > 0)) i++;
    let left = p.cabinetKw[k];
    let count = to - i;
    let level = Infinity;
    for (; i < to; i++) {
      const c = cap[members[i]];
      const share = left / count;
      if (c <= share) {
        left -= c;
        count--;
      } else {
        level = share > 0 ? share : 0;
        break;
      }
    }
    const d = this.d;
    const atLevel = p.atLevel;
    for (let j = from; j < to; j++) {
      const s = members[j];
      const c = cap[s] > 0 ? cap[s] : 0;
      const v = level < c ? level : c;
      if (atLevel[s]) {
        // At the grid's level, it draws the level whatever its d; `grid` checks it still belongs there.
        if (v !== d[s]) {
          d[s] = v;
          this.atLevel.set(s, v);
        }
      } else if (v !== d[s]) {
        d[s] = v;
        this.below.set(s, -v);
        p.grant(s, v);
      }
    }
  }

  grid(): void {
    const p = this.p;
    const g = p.gridKw;
    const d = this.d;
    const atLevel = this.atLevel;
    const below = this.below;
    // The trucks below draw their d, so the level is what they leave of the grid, g − own,
    // shared by those at it. A truck below whose d exceeds the level rises to it, and one at the
    // level whose d fits under it drops below; either move raises the level. So first the trucks
    // below that exceed it rise, largest first, until none does; then those at the level that
    // fit under it drop, smallest first (the level only rises, so none rises again).
    // `own` is read again only after a move changes it: most plans move nobody. (While a policy
    // plans, the planner keeps the own powers' sums up to date, so their total is `ownSums[1]`.)
    const sums = p.ownSums;
    let own = sums[1];
    while (below.size > 0) {
      const s = below.top();
      const n = atLevel.size;
      if (!(n === 0 ? own > g : d[s] > (g - own) / n)) break;
      this.rise(s);
      own = sums[1];
    }
    while (atLevel.size > 0) {
      const s = atLevel.top();
      if (!(d[s] <= (g - own) / atLevel.size)) break;
      this.drop(s);
      own = sums[1];
    }
    const n = atLevel.size;
    const mu = n > 0 ? (g - own) / n : Infinity;
    p.level = mu > 0 ? mu : 0;
  }

  // A truck's moves across the level, kept out of `grid`: most plans move nobody, and the code the
  // compiler inlines for every plan stays small.

  /** Slot s, below the level, rises to it. */
  private rise(s: number): void {
    this.below.remove(s);
    this.atLevel.set(s, this.d[s]);
    this.p.joinLevel(s);
  }

  /** Slot s, at the level, drops below it and draws its d. */
  private drop(s: number): void {
    const v = this.d[s];
    this.atLevel.remove(s);
    this.below.set(s, -v);
    this.p.grant(s, v);
  }
}
