import { SimulationError } from '../../errors.js';

/**
 * A priority queue of slots (small integers) keyed by numbers, which can also change or remove any
 * slot's entry: it keeps each slot's place. Ties between equal keys go to the smaller slot, so the
 * order never depends on the history of the queue.
 *
 * While it holds few entries it keeps them unordered and finds the smallest by a scan (cheaper
 * than a heap's sifting at that size); past `HEAP_FROM` entries it turns them into a binary
 * min-heap (O(log n) per change), and back below `FLAT_BELOW`. Keys are stored beside the slots,
 * in place order, so that comparisons read one array.
 */
export class SlotHeap {
  private readonly items: Int32Array; // slots by place
  private readonly keys: Float64Array; // their keys, by place
  private readonly pos: Int32Array; // each slot's place, -1 when absent
  private count = 0;
  private heap = false; // whether items[0 .. count) are a heap (else unordered, with `min` the smallest's place)
  private min = -1;

  /** A queue for slots 0 .. slots-1. */
  constructor(slots: number) {
    this.items = new Int32Array(slots);
    this.keys = new Float64Array(slots);
    this.pos = new Int32Array(slots).fill(-1);
  }

  /** How many slots are in the queue. */
  get size(): number {
    return this.count;
  }

  /** Slot s's key (meaningful while s is in the queue). */
  keyOf(s: number): number {
    return this.keys[this.pos[s]];
  }

  /** The slot with the smallest key; -1 when empty. */
  top(): number {
    if (this.count === 0) return -1;
    return this.items[this.heap ? 0 : this.min];
  }

  /** The smallest key; Infinity when empty. */
  topKey(): number {
    if (this.count === 0) return Infinity;
    return this.keys[this.heap ? 0 : this.min];
  }

  /** Puts slot s in the queue with key k, or moves it there if it is in already. */
  set(s: number, k: number): void {
    const i = this.pos[s];
    if (!this.heap) {
      if (i < 0) {
        const j = this.count++;
        this.items[j] = s;
        this.keys[j] = k;
        this.pos[s] = j;
        if (j === 0 || this.less(k, s, j === 0 ? 0 : this.min)) this.min = j;
        if (this.count > HEAP_FROM) this.toHeap();
        return;
      }
      const was = this.keys[i];
      this.keys[i] = k;
      if (i === this.min) {
        if (k > was) this.rescan();
      } else if (this.less(k, s, this.min)) this.min = i;
      return;
    }
    this.setInHeap(i, s, k);
  }

  /** `set` while the entries are a heap (kept apart, so that the code inlined for small queues stays small). */
  private setInHeap(i: number, s: number, k: number): void {
    if (i < 0) {
      this.rise(this.count++, s, k);
      return;
    }
    if (k < this.keys[i]) this.rise(i, s, k);
    else this.sink(i, s, k);
  }

  /** Takes slot s out of the queue, if it is in. */
  remove(s: number): void {
    const i = this.pos[s];
    if (i < 0) return;
    this.pos[s] = -1;
    const n = --this.count;
    const { items, keys } = this;
    if (!this.heap) {
      if (i !== n) {
        items[i] = items[n];
        keys[i] = keys[n];
        this.pos[items[i]] = i;
      }
      if (i === this.min) this.rescan();
      else if (this.min === n) this.min = i;
      return;
    }
    this.removeFromHeap(i, n);
  }

  /** `remove` while the entries are a heap: the entry at place i goes, the last (at place n) fills it. */
  private removeFromHeap(i: number, n: number): void {
    if (i === n) return;
    const last = this.items[n];
    const k = this.keys[n];
    if (i > 0 && this.less(k, last, (i - 1) >> 1)) this.rise(i, last, k);
    else this.sink(i, last, k);
    if (n < FLAT_BELOW) this.toFlat();
  }

  /** Takes out and returns the slot with the smallest key. @throws SimulationError when empty. */
  pop(): number {
    if (this.count === 0) throw new SimulationError('pop from an empty queue');
    const s = this.items[this.heap ? 0 : this.min];
    this.remove(s);
    return s;
  }

  /** Subtracts `shift` from every key (and restores the order, which rounding may have tied). */
  shiftKeys(shift: number): void {
    const keys = this.keys;
    for (let i = 0; i < this.count; i++) keys[i] -= shift;
    if (this.heap) this.toHeap();
    else this.rescan();
  }

  /** Whether (k, s) comes before the entry at place i. */
  private less(k: number, s: number, i: number): boolean {
    const ki = this.keys[i];
    return k < ki || (k === ki && s < this.items[i]);
  }

  private rescan(): void {
    const { items, keys } = this;
    let m = 0;
    for (let i = 1; i < this.count; i++) {
      const k = keys[i];
      const km = keys[m];
      if (k < km || (k === km && items[i] < items[m])) m = i;
    }
    this.min = this.count > 0 ? m : -1;
  }

  private toHeap(): void {
    this.heap = true;
    for (let i = (this.count >> 1) - 1; i >= 0; i--) this.sink(i, this.items[i], this.keys[i]);
  }

  private toFlat(): void {
    this.heap = false;
    this.rescan();
  }

  /** Puts (s, k) at place i or above it. */
  private rise(i: number, s: number, k: number): void {
    const { items, keys, pos } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p];
      const ps = items[p];
      if (!(k < pk || (k === pk && s < ps))) break;
      items[i] = ps;
      keys[i] = pk;
      pos[ps] = i;
      i = p;
    }
    items[i] = s;
    keys[i] = k;
    pos[s] = i;
  }

  /** Puts (s, k) at place i or below it. */
  private sink(i: number, s: number, k: number): void {
    const { items, keys, pos } = this;
    const n = this.count;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ck = keys[c];
      let cs = items[c];
      if (c + 1 < n) {
        const rk = keys[c + 1];
        const rs = items[c + 1];
        if (rk < ck || (rk === ck && rs < cs)) {
          c++;
          ck = rk;
          cs = rs;
        }
      }
      if (!(ck < k || (ck === k && cs < s))) break;
      items[i] = cs;
      keys[i] = ck;
      pos[cs] = i;
      i = c;
    }
    items[i] = s;
    keys[i] = k;
    pos[s] = i;
  }
}

/** Entries past which the queue becomes a heap, and below which it goes back to scanning. */
const HEAP_FROM = 32;
const FLAT_BELOW = 16;
