import { SlotHeap } from './allocation/heap.js';

/** A charger group's cabinets, as `FreeBays` needs them: the first of them, how many, and the bays each has. */
export interface CabinetGroup {
  readonly firstCabinet: number;
  readonly cabinets: number;
  readonly baysPerCabinet: number;
}

/**
 * The cabinets that have a free bay, for the bay choice (SPEC: queue): within a charger group,
 * the free bay of the cabinet with the fewest trucks plugged in, then the lowest bay number. Each
 * group keeps a queue per count of trucks plugged in (0 to its bays per cabinet) of its cabinets
 * with a free bay, keyed by their lowest free bay; a cabinet moves between them as trucks plug in
 * and leave and bays go down and come back. Finding the best free bay then looks at a few queues'
 * heads per group, where looking at every bay made a truck's cost grow with the hub past a
 * thousand bays.
 */
export class FreeBays {
  private readonly queues: SlotHeap[][]; // [group][trucks plugged in], over the group's cabinets
  private readonly groupOf: Int32Array; // each cabinet's group
  private readonly localOf: Int32Array; // each cabinet's place in its group
  private readonly loadOf: Int32Array; // the queue each cabinet is in, -1 when it has no free bay

  constructor(groups: readonly CabinetGroup[]) {
    const cabinets = groups.reduce((n, g) => n + g.cabinets, 0);
    this.groupOf = new Int32Array(cabinets);
    this.localOf = new Int32Array(cabinets);
    this.loadOf = new Int32Array(cabinets).fill(-1);
    this.queues = groups.map((g, k) => {
      for (let c = 0; c < g.cabinets; c++) {
        this.groupOf[g.firstCabinet + c] = k;
        this.localOf[g.firstCabinet + c] = c;
      }
      return Array.from({ length: g.baysPerCabinet + 1 }, () => new SlotHeap(g.cabinets));
    });
  }

  /** Cabinet `cabinet` now has `plugged` trucks plugged in and `lowestFree` its lowest free bay (0-based), -1 for none. */
  update(cabinet: number, plugged: number, lowestFree: number): void {
    const queues = this.queues[this.groupOf[cabinet]];
    const slot = this.localOf[cabinet];
    const was = this.loadOf[cabinet];
    if (was >= 0 && (lowestFree < 0 || was !== plugged)) queues[was].remove(slot);
    if (lowestFree < 0) {
      this.loadOf[cabinet] = -1;
      return;
    }
    queues[plugged].set(slot, lowestFree);
    this.loadOf[cabinet] = plugged;
  }

  /**
   * Group `group`'s best free bay (0-based) among cabinets with at most `mostPlugged` trucks
   * plugged in: of the cabinet with the fewest, its lowest free bay; -1 when there is none. Its
   * cabinet's count is left in `plugged`.
   */
  best(group: number, mostPlugged: number): number {
    const queues = this.queues[group];
    const last = mostPlugged < queues.length - 1 ? mostPlugged : queues.length - 1;
    for (let load = 0; load <= last; load++) {
      const q = queues[load];
      if (q.size > 0) {
        this.plugged = load;
        return q.topKey();
      }
    }
    return -1;
  }

  /** The count of trucks plugged in at the cabinet of the bay `best` last returned. */
  plugged = 0;
}
