import { SimulationError } from '../../errors.js';
import { SumTree } from './sum-tree.js';
import type { Policy, PolicyFactory } from './types.js';

/**
 * The power allocation of a hub, kept up to date as trucks start charging, stop and change their
 * caps, with work in proportion to what changed rather than to the number of trucks charging.
 *
 * Trucks are known by their slot: the index of the bay they charge at, so each slot holds at most
 * one truck and belongs to one cabinet for good. `start`, `stop` and `setCap` record a change;
 * `plan` brings the allocation up to date. After it, each charging truck either draws its own
 * `power[slot]`, or (`atLevel[slot]` = 1) the shared `level`: equal sharing gives every truck the
 * grid holds back the same power, and one number for all of them means that a change of the
 * level touches none of them. `changed` lists the slots that started, changed their cap, or whose
 * power (or whether they are at the level) changed, since the plan before.
 *
 * Sums are kept as trees of partial sums (see SumTree), so they neither drift nor depend on the
 * order of the changes: the trucks' own powers for the site's power, and per cabinet, as of the
 * last plan, the sum of its charging trucks' caps (`capSumOf`) and what the site would draw with
 * no grid limit (`demandKw`).
 */
export class PowerPlanner {
  /** Each cabinet's limit, kW. */
  readonly cabinetKw: Float64Array;
  /** The site's limit, kW (Infinity: none); `setGridKw` changes it. */
  gridKw: number;
  /** Each slot's cabinet. */
  readonly cabinetOf: Int32Array;
  /** 1 for a slot whose truck is charging. */
  readonly active: Uint8Array;
  /** Each charging truck's cap, kW. */
  readonly cap: Float64Array;
  /** Each charging truck's keys, for the policies that rank trucks (kept only with a policy): when it plugged in, when its break ends, its arrival order. */
  readonly plugTime: Float64Array;
  readonly breakEnd: Float64Array;
  readonly id: Float64Array;
  /** Each charging truck's own power, kW (0 for a truck at the level, and where none charges). */
  readonly power: Float64Array;
  /** 1 for a slot drawing the shared `level`. */
  readonly atLevel: Uint8Array;
  /** The power of every truck at the level, kW (Infinity when none is). */
  level = Infinity;
  /** How many trucks are at the level. */
  levelCount = 0;
  /**
   * Each cabinet's charging trucks, in the policy's order (`Policy.before`): cabinet k's are
   * `members[memberStart[k] .. memberStart[k] + memberCount[k])`. Kept when there is a policy.
   */
  readonly members: Int32Array;
  readonly memberStart: Int32Array;
  readonly memberCount: Int32Array;
  /** Slots that changed up to the last `plan`: `changed[0 .. changedCount)`. */
  readonly changed: Int32Array;
  changedCount = 0;

  /**
   * The tree of the own powers' partial sums (`ownSums[1]` their total): a policy reads the total
   * there while it plans, when the planner keeps the tree up to date at every grant (a field read
   * that the compiler keeps in line, where the getter `ownTotal` became a call in the policies'
   * compiled code).
   */
  readonly ownSums: Float64Array;

  private readonly policy: Policy | null; // null: no limit can bind, every truck draws its cap
  private readonly own: SumTree; // each slot's own power, brought up to date when its total is read
  private readonly ownStale: Int32Array; // slots whose entry in `own` is out of date (each once)
  private readonly isOwnStale: Uint8Array;
  private ownStaleCount = 0;
  private readonly slots: Int32Array; // every cabinet's slots, cabinet by cabinet, in slot order
  private readonly touched: Int32Array; // slots changed since the last plan (each once)
  private readonly isTouched: Uint8Array;
  private touchedCount = 0;
  private readonly dirty: Int32Array; // cabinets the policy must work out again at this plan
  private readonly isDirty: Uint8Array;
  private dirtyCount = 0;
  private readonly capSum: Float64Array; // see capSumOf
  private readonly demand: SumTree; // per cabinet: min(cabinetKw, capSum)
  private readonly stale: Int32Array; // cabinets whose `capSum` and `demand` entries are out of date
  private readonly isStale: Uint8Array;
  private staleCount = 0;

  /**
   * A planner for slots whose cabinets are `cabinetOf` (indices into `cabinetKw`), under a site
   * limit `gridKw`, allocating by `policy`; with none, every truck draws its cap, which is what
   * every policy gives on a hub whose limits can never bind.
   * @throws SimulationError if a slot names a cabinet that does not exist.
   */
  constructor(cabinetKw: readonly number[], cabinetOf: readonly number[], gridKw: number, policy: PolicyFactory | null) {
    const k = cabinetKw.length;
    const n = cabinetOf.length;
    this.cabinetKw = Float64Array.from(cabinetKw);
    this.gridKw = gridKw;
    this.cabinetOf = Int32Array.from(cabinetOf);
    this.active = new Uint8Array(n);
    this.cap = new Float64Array(n);
    this.plugTime = new Float64Array(n);
    this.breakEnd = new Float64Array(n);
    this.id = new Float64Array(n);
    this.power = new Float64Array(n);
    this.atLevel = new Uint8Array(n);
    this.members = new Int32Array(n);
    this.memberStart = new Int32Array(k + 1);
    this.memberCount = new Int32Array(k);
    this.changed = new Int32Array(n);
    this.own = new SumTree(n);
    this.ownSums = this.own.node;
    this.ownStale = new Int32Array(n);
    this.isOwnStale = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.isTouched = new Uint8Array(n);
    this.dirty = new Int32Array(k);
    this.isDirty = new Uint8Array(k);
    this.capSum = new Float64Array(k);
    this.demand = new SumTree(k);
    this.stale = new Int32Array(k);
    this.isStale = new Uint8Array(k);
    for (const c of cabinetOf) {
      if (!(c >= 0 && c < k)) throw new SimulationError(`a slot's cabinet ${c} is not one of the ${k} cabinets`);
      this.memberStart[c + 1]++;
    }
    for (let c = 0; c < k; c++) this.memberStart[c + 1] += this.memberStart[c];
    this.slots = new Int32Array(n);
    const fill = this.memberStart.slice(0, k);
    for (let s = 0; s < n; s++) this.slots[fill[this.cabinetOf[s]]++] = s;
    this.policy = policy && policy(this);
  }

  /** The power the site draws, kW, as of the last plan: every own power, plus the level for each truck at it. */
  get sitePower(): number {
    const own = this.ownTotal;
    return this.levelCount > 0 ? own + this.levelCount * this.level : own;
  }

  /**
   * The sum of every own power (trucks not at the level), kW, as of the last plan. O(log slots) per
   * slot changed since it was last read. (A policy, while it plans, reads `ownSums[1]`.)
   */
  private get ownTotal(): number {
    if (this.ownStaleCount > 0) this.flushOwn();
    return this.own.total;
  }

  /**
   * What the trucks charging at the last plan would draw if the site had no limit (their cabinets'
   * and their own still holding): Σ over cabinets of min(cabinetKw, capSumOf), kW. O(log cabinets)
   * per cabinet changed since it was last read.
   */
  get demandKw(): number {
    this.refresh();
    return this.demand.total;
  }

  /** Cabinet k's charging trucks' caps added up, kW, as of the last plan. */
  capSumOf(k: number): number {
    if (this.isStale[k]) this.refresh();
    return this.capSum[k];
  }

  /** A truck starts charging at slot s. @throws SimulationError if one already is. */
  start(s: number, cap: number, plugTime: number, breakEnd: number, id: number): void {
    if (this.active[s]) slotError(s, true);
    this.active[s] = 1;
    this.cap[s] = cap;
    const policy = this.policy;
    if (policy !== null) {
      this.plugTime[s] = plugTime;
      this.breakEnd[s] = breakEnd;
      this.id[s] = id;
      this.join(this.cabinetOf[s], s);
      policy.added(s);
    }
    this.touch(s);
  }

  /** The truck at slot s stops charging. @throws SimulationError if none is. */
  stop(s: number): void {
    if (!this.active[s]) slotError(s, false);
    this.active[s] = 0;
    const policy = this.policy;
    if (policy !== null) {
      this.leave(this.cabinetOf[s], s);
      policy.removed(s);
    }
    if (this.atLevel[s]) {
      this.atLevel[s] = 0;
      this.levelCount--;
    }
    this.power[s] = 0;
    this.touch(s);
  }

  /** The truck at slot s may now draw at most `cap`. @throws SimulationError if none is charging there. */
  setCap(s: number, cap: number): void {
    if (!this.active[s]) slotError(s, false);
    this.cap[s] = cap;
    if (this.policy !== null) this.reorder(this.cabinetOf[s], s);
    this.touch(s);
  }

  /**
   * From the next `plan` on, the trucks share at most `kw` (a limit that varies over time). The
   * policies share the grid afresh at every plan, from whatever they kept, so a new limit needs
   * nothing more than this.
   */
  setGridKw(kw: number): void {
    this.gridKw = kw;
  }

  /** Brings every power up to date, listing in `changed` the slots that changed. */
  plan(): void {
    const policy = this.policy;
    if (policy === null) {
      this.planCaps();
      return;
    }
    const { touched, cabinetOf, active } = this;
    // The changes recorded since the last plan: their cabinets' sums are out of date, and their
    // cabinets are to work out again.
    for (let j = 0; j < this.touchedCount; j++) {
      const s = touched[j];
      const k = cabinetOf[s];
      this.staleCabinet(k);
      if (!this.isDirty[k]) {
        this.isDirty[k] = 1;
        this.dirty[this.dirtyCount++] = k;
      }
      this.ownChanged(s);
    }
    if (this.ownStaleCount > 0) this.flushOwn();
    this.runPolicy(policy);
    // Slots that started and stopped since the last plan have nothing to report.
    let n = 0;
    const changed = this.changed;
    for (let j = 0; j < this.touchedCount; j++) {
      const s = touched[j];
      this.isTouched[s] = 0;
      if (active[s]) changed[n++] = s;
    }
    this.touchedCount = 0;
    this.changedCount = n;
  }

  /** `plan` with no policy: every truck draws its cap. */
  private planCaps(): void {
    const { touched, cabinetOf, power, active, cap, changed } = this;
    let n = 0;
    for (let j = 0; j < this.touchedCount; j++) {
      const s = touched[j];
      this.isTouched[s] = 0;
      this.staleCabinet(cabinetOf[s]);
      const on = active[s] === 1;
      power[s] = on && cap[s] > 0 ? cap[s] : 0;
      this.ownChanged(s);
      if (on) changed[n++] = s;
    }
    this.touchedCount = 0;
    this.changedCount = n;
  }

  private runPolicy(policy: Policy): void {
    for (let j = 0; j < this.dirtyCount; j++) {
      const k = this.dirty[j];
      this.isDirty[k] = 0;
      policy.cabinet(k);
    }
    this.dirtyCount = 0;
    policy.grid();
  }

  // Called by policies while they plan, when `own` is up to date: so it is kept so at once.

  /** Called by policies while they plan: slot s draws `p` of its own. */
  grant(s: number, p: number): void {
    if (this.atLevel[s]) {
      this.atLevel[s] = 0;
      this.levelCount--;
    } else if (this.power[s] === p) return;
    this.power[s] = p;
    this.own.set(s, p);
    this.touch(s);
  }

  /** Called by policies while they plan: slot s draws the shared level. */
  joinLevel(s: number): void {
    if (this.atLevel[s]) return;
    this.atLevel[s] = 1;
    this.levelCount++;
    this.power[s] = 0;
    this.own.set(s, 0);
    this.touch(s);
  }

  private flushOwn(): void {
    const { ownStale, isOwnStale, own, power } = this;
    for (let j = 0; j < this.ownStaleCount; j++) {
      const s = ownStale[j];
      isOwnStale[s] = 0;
      own.set(s, power[s]); // 0 for a slot at the level or with no truck charging
    }
    this.ownStaleCount = 0;
  }

  private ownChanged(s: number): void {
    if (this.isOwnStale[s]) return;
    this.isOwnStale[s] = 1;
    this.ownStale[this.ownStaleCount++] = s;
  }

  private staleCabinet(k: number): void {
    if (this.isStale[k]) return;
    this.isStale[k] = 1;
    this.stale[this.staleCount++] = k;
  }

  private touch(s: number): void {
    if (this.isTouched[s]) return;
    this.isTouched[s] = 1;
    this.touched[this.touchedCount++] = s;
  }

  /** Adds slot s to cabinet k's members, in its place. */
  private join(k: number, s: number): void {
    const members = this.members;
    const policy = this.policy!;
    const from = this.memberStart[k];
    let i = from + this.memberCount[k]++;
    while (i > from && policy.before(s, members[i - 1])) {
      members[i] = members[i - 1];
      i--;
    }
    members[i] = s;
  }

  /** Takes slot s out of cabinet k's members. */
  private leave(k: number, s: number): void {
    const members = this.members;
    const from = this.memberStart[k];
    const to = from + --this.memberCount[k];
    let i = from;
    while (members[i] !== s) i++;
    for (; i < to; i++) members[i] = members[i + 1];
  }

  /** Moves slot s to its place among cabinet k's members after its cap changed. */
  private reorder(k: number, s: number): void {
    const members = this.members;
    const policy = this.policy!;
    const from = this.memberStart[k];
    const to = from + this.memberCount[k];
    let i = from;
    while (members[i] !== s) i++;
    while (i > from && policy.before(s, members[i - 1])) {
      members[i] = members[i - 1];
      i--;
    }
    while (i + 1 < to && policy.before(members[i + 1], s)) {
      members[i] = members[i + 1];
      i++;
    }
    members[i] = s;
  }

  /** Brings `capSum` and `demand` up to date for the cabinets changed since they last were. */
  private refresh(): void {
    const { stale, isStale, demand, capSum, cabinetKw, slots, active, cap } = this;
    for (let j = 0; j < this.staleCount; j++) {
      const k = stale[j];
      isStale[k] = 0;
      // Added up afresh, in slot order.
      let sum = 0;
      for (let i = this.memberStart[k], to = this.memberStart[k + 1]; i < to; i++) {
        const s = slots[i];
        if (active[s]) sum += cap[s];
      }
      capSum[k] = sum;
      demand.set(k, sum < cabinetKw[k] ? sum : cabinetKw[k]);
    }
    this.staleCount = 0;
  }
}

/**
 * Throws for a slot that already has a charging truck (`charging`) or has none: a bug in the
 * caller. Out of line, so that the message's code is not part of the hot methods that the
 * compiler inlines.
 */
function slotError(s: number, charging: boolean): never {
  throw new SimulationError(charging ? `slot ${s} already has a charging truck` : `slot ${s} has no charging truck`);
}
