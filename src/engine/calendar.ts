/**
 * A discrete-event calendar: a binary min-heap of events ordered by (time, priority, sequence).
 *
 * It knows nothing of what events mean: an event is a `kind`, a numeric `data` and an optional
 * opaque `ref`, chosen by the model. The sequence number (insertion order) makes ties
 * deterministic, so a run never depends on how the heap happens to arrange equal keys.
 *
 * Layout, for speed on the hot path of every run: an event's fields live in numbered slots
 * (typed arrays, recycled through a free list, so scheduling allocates nothing per event), and
 * the heap itself holds only each entry's time and slot number, so sifting moves two numbers
 * per level rather than every field.
 */
export class EventCalendar {
  /** Simulated time of the event last popped (minutes, by the model's convention). */
  now = 0;
  /** Kind of the event last popped. */
  kind = -1;
  /** Numeric payload of the event last popped. */
  data = 0;
  /** Object payload of the event last popped (opaque to the calendar), or undefined. */
  ref: unknown = undefined;

  // The heap: position i holds the time and slot of one pending event.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private count = 0;
  // The slots: one pending event's fields each.
  private prios: Int32Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private datas: Float64Array;
  private refs: unknown[] = [];
  private free: Int32Array; // stack of unused slots
  private freeCount: number;
  private nextSeq = 0;

  constructor(initialCapacity = 64) {
    const n = Math.max(1, initialCapacity);
    this.heapTime = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
    this.prios = new Int32Array(n);
    this.seqs = new Float64Array(n);
    this.kinds = new Int32Array(n);
    this.datas = new Float64Array(n);
    this.free = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    this.freeCount = n;
  }

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event, or Infinity when none is pending. */
  peekTime(): number {
    return this.count > 0 ? this.heapTime[0] : Infinity;
  }

  /** Kind of the earliest pending event (the one `peekTime` gives), or -1 when none is pending. */
  peekKind(): number {
    return this.count > 0 ? this.kinds[this.heapSlot[0]] : -1;
  }

  /**
   * Adds an event. Among events at the same time, lower `priority` comes first, then insertion order.
   * @throws RangeError if `time` is NaN or earlier than `now` (an event in the past is a model bug;
   * a RangeError, not hubsim's SimulationError, as the engine imports nothing else of ours).
   */
  schedule(time: number, kind: number, data = 0, priority = 0, ref?: unknown): void {
    if (!(time >= this.now)) throw new RangeError(`event at ${time} scheduled before now (${this.now})`);
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount];
    const seq = this.nextSeq++;
    this.prios[slot] = priority;
    this.seqs[slot] = seq;
    this.kinds[slot] = kind;
    this.datas[slot] = data;
    this.refs[slot] = ref;
    // Sift up: move parents down until the new entry's place is found, then write it once.
    let i = this.count++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(time, slot, this.heapTime[p], this.heapSlot[p])) break;
      this.heapTime[i] = this.heapTime[p];
      this.heapSlot[i] = this.heapSlot[p];
      i = p;
    }
    this.heapTime[i] = time;
    this.heapSlot[i] = slot;
  }

  /**
   * Removes the earliest event if it is due at or before `until`, setting `now`, `kind`, `data`
   * and `ref`. Returns false (leaving `now` unchanged) when nothing is due.
   */
  pop(until = Infinity): boolean {
    if (this.count === 0 || this.heapTime[0] > until) return false;
    const slot = this.heapSlot[0];
    this.now = this.heapTime[0];
    this.kind = this.kinds[slot];
    this.data = this.datas[slot];
    this.ref = this.refs[slot];
    this.refs[slot] = undefined; // drop the reference so finished objects can be collected
    this.free[this.freeCount++] = slot;
    const last = --this.count;
    if (last > 0) this.siftDown(this.heapTime[last], this.heapSlot[last], last);
    return true;
  }

  /** Pops and hands every event due up to `until` to `handler`; returns the number handled. */
  run(handler: (kind: number, data: number, now: number) => void, until = Infinity): number {
    let n = 0;
    while (this.pop(until)) {
      handler(this.kind, this.data, this.now);
      n++;
    }
    return n;
  }

  /** Whether the event (time a, slot sa) sorts before the event (time b, slot sb). */
  private before(a: number, sa: number, b: number, sb: number): boolean {
    if (a !== b) return a < b;
    const pa = this.prios[sa];
    const pb = this.prios[sb];
    if (pa !== pb) return pa < pb;
    return this.seqs[sa] < this.seqs[sb];
  }

  /** Places the entry (time, slot) from the root down, within the first `n` positions. */
  private siftDown(time: number, slot: number, n: number): void {
    const heapTime = this.heapTime;
    const heapSlot = this.heapSlot;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(heapTime[c + 1], heapSlot[c + 1], heapTime[c], heapSlot[c])) c++;
      if (!this.before(heapTime[c], heapSlot[c], time, slot)) break;
      heapTime[i] = heapTime[c];
      heapSlot[i] = heapSlot[c];
      i = c;
    }
    heapTime[i] = time;
    heapSlot[i] = slot;
  }

  /** Doubles every array; the new slots join the free list. */
  private grow(): void {
    const old = this.heapTime.length;
    const cap = old * 2;
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.heapTime = grow64(this.heapTime);
    this.heapSlot = grow32(this.heapSlot);
    this.prios = grow32(this.prios);
    this.seqs = grow64(this.seqs);
    this.kinds = grow32(this.kinds);
    this.datas = grow64(this.datas);
    this.free = grow32(this.free);
    for (let s = cap - 1; s >= old; s--) this.free[this.freeCount++] = s;
  }
}
