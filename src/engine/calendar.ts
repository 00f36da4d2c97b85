/**
 * A discrete-event calendar: a binary min-heap of events ordered by (time, priority, sequence).
 *
 * It knows nothing of what events mean: an event is a `kind` and a numeric `data` chosen by the
 * model. The sequence number (insertion order) makes ties deterministic, so a run never depends on
 * how the heap happens to arrange equal keys. Events live in parallel typed arrays inside the heap
 * so that scheduling allocates nothing per event (the hot path of every run).
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

  private times: Float64Array;
  private seqs: Float64Array;
  private prios: Int32Array;
  private kinds: Int32Array;
  private datas: Float64Array;
  private refs: unknown[] = [];
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 64) {
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.prios = new Int32Array(initialCapacity);
    this.kinds = new Int32Array(initialCapacity);
    this.datas = new Float64Array(initialCapacity);
  }

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event, or Infinity when none is pending. */
  peekTime(): number {
    return this.count > 0 ? this.times[0] : Infinity;
  }

  /**
   * Adds an event. Among events at the same time, lower `priority` comes first, then insertion order.
   * @throws RangeError if `time` is NaN or earlier than `now` (an event in the past is a model bug).
   */
  schedule(time: number, kind: number, data = 0, priority = 0, ref?: unknown): void {
    if (!(time >= this.now)) throw new RangeError(`event at ${time} scheduled before now (${this.now})`);
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    // Sift up: move parents down until the new key's place is found, then write it once.
    let i = this.count++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(time, priority, seq, p)) break;
      this.move(p, i);
      i = p;
    }
    this.times[i] = time;
    this.prios[i] = priority;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.datas[i] = data;
    this.refs[i] = ref;
  }

  /**
   * Removes the earliest event if it is due at or before `until`, setting `now`, `kind` and `data`.
   * Returns false (leaving `now` unchanged) when nothing is due.
   */
  pop(until = Infinity): boolean {
    if (this.count === 0 || this.times[0] > until) return false;
    this.now = this.times[0];
    this.kind = this.kinds[0];
    this.data = this.datas[0];
    this.ref = this.refs[0];
    const last = --this.count;
    if (last > 0) this.siftDownLast(last);
    this.refs[last] = undefined; // drop the reference so finished objects can be collected
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

  /** Total number of events ever scheduled (for events/s figures). */
  get scheduled(): number {
    return this.nextSeq;
  }

  private less(time: number, prio: number, seq: number, j: number): boolean {
    const t = this.times[j];
    if (time !== t) return time < t;
    const p = this.prios[j];
    if (prio !== p) return prio < p;
    return seq < this.seqs[j];
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.prios[to] = this.prios[from];
    this.seqs[to] = this.seqs[from];
    this.kinds[to] = this.kinds[from];
    this.datas[to] = this.datas[from];
    this.refs[to] = this.refs[from];
  }

  /** Places the element at index `last` (now outside the heap) from the root downwards. */
  private siftDownLast(last: number): void {
    const time = this.times[last];
    const prio = this.prios[last];
    const seq = this.seqs[last];
    const kind = this.kinds[last];
    const data = this.datas[last];
    const ref = this.refs[last];
    const n = last;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.lessIdx(c + 1, c)) c++;
      if (!this.lessKeyThanIdx(c, time, prio, seq)) break;
      this.move(c, i);
      i = c;
    }
    this.times[i] = time;
    this.prios[i] = prio;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.datas[i] = data;
    this.refs[i] = ref;
  }

  private lessIdx(a: number, b: number): boolean {
    return this.less(this.times[a], this.prios[a], this.seqs[a], b);
  }

  /** True when the element at `j` sorts before the key (time, prio, seq). */
  private lessKeyThanIdx(j: number, time: number, prio: number, seq: number): boolean {
    const t = this.times[j];
    if (t !== time) return t < time;
    const p = this.prios[j];
    if (p !== prio) return p < prio;
    return this.seqs[j] < seq;
  }

  private grow(): void {
    const cap = this.times.length * 2;
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
    this.times = grow64(this.times);
    this.seqs = grow64(this.seqs);
    this.datas = grow64(this.datas);
    this.prios = grow32(this.prios);
    this.kinds = grow32(this.kinds);
  }
}
