import { EventCalendar } from '../engine/calendar.js';
import { SimulationError } from '../errors.js';
import type { Connector, LeaveMode, Scenario } from '../scenario/types.js';
import { IntervalRecorder } from '../stats/intervals.js';
import { WindowedSignal, windowOverlap } from '../stats/window.js';
import { allocate, POLICIES, type PowerClaim, type PowerLimits } from './allocation/index.js';
import { TruckSource, type TruckSpec } from './arrivals.js';
import { staircase, stepAt, type Staircase } from './curve.js';
import { TruckTally, type Metrics } from './metrics.js';
import type { BayRecord, Outcome, PowerRecord, SessionRecord } from './records.js';

// Event kinds; the number is also the priority among events at the same instant: a charging
// milestone frees its bay before a break ends, and both before a waiting truck reneges or a new
// one arrives, so a bay freed at t is available to every truck present at t.
const POWER = 0;
const BREAK_END = 1;
const PATIENCE = 2;
const ARRIVAL = 3;

const WAITING = 0;
const PLUGGED = 1;
const GONE = 2;

/** One step of a run, for exact event-trace tests and invariant checks. */
export type TraceEntry =
  | { readonly t: number; readonly event: 'arrive' | 'balk' | 'renege'; readonly truck: number }
  | { readonly t: number; readonly event: 'plug' | 'unplug'; readonly truck: number; readonly bay: number }
  | { readonly t: number; readonly event: 'power'; readonly truck: number; readonly bay: number; readonly cabinet: number; readonly kw: number; readonly cap: number };

/** Optional observers of a run; all default to nothing, and none changes what is simulated. */
export interface SimulateOptions {
  /** Receives each truck's record as it leaves (in departure order). */
  readonly onSession?: (s: SessionRecord) => void;
  /** Receives each `output.powerIntervalMin` interval of site power, from time 0 to the end of the run. */
  readonly onInterval?: (p: PowerRecord) => void;
  /** Receives every arrival, plug-in, unplug, balk, renege and power grant. Slow; for tests. */
  readonly onTrace?: (e: TraceEntry) => void;
}

/** What one replication produced. */
export interface SimulationResult {
  readonly metrics: Metrics;
  readonly bays: readonly BayRecord[];
  /** Trucks generated in the whole run (including warm-up). */
  readonly trucks: number;
  /** Events scheduled in the whole run. */
  readonly events: number;
  /** When the last truck left (minutes). */
  readonly endMin: number;
}

interface TypeInfo {
  readonly name: string;
  readonly batteryKwh: number;
  readonly maxKw: Readonly<Partial<Record<Connector, number>>>;
  readonly connectors: readonly Connector[];
  readonly curve: Staircase;
}

class Bay {
  truck: Truck | null = null;
  occupied = 0;
  charging = 0;
  energy = 0;
  sessions = 0;
  constructor(
    readonly index: number,
    readonly charger: string,
    readonly cabinet: number,
    readonly connector: Connector,
    readonly bayKw: number,
  ) {}
}

class Truck implements PowerClaim {
  cap = 0;
  power = 0;
  cabinet = -1;
  plugTime = NaN;
  state = WAITING;
  bay: Bay | null = null;
  energy: number; // kWh in the battery at time `since`
  since = NaN; // when `energy` was last brought up to date; power has been constant since
  next = NaN; // when the truck reaches `min(targetEnergy, stepEnd)` at its power; NaN: to compute
  readonly targetEnergy: number;
  readonly breakEnd: number;
  readonly id: number;
  step = 0;
  stepEnd = Infinity; // battery kWh where the current curve step ends
  reached = false;
  reachedTime = NaN;
  constructor(
    readonly spec: TruckSpec,
    readonly type: TypeInfo,
  ) {
    this.id = spec.id;
    this.energy = spec.socIn * type.batteryKwh;
    // Capped at the battery: SoC-in × battery + (1 − SoC-in) × battery can round above it.
    this.targetEnergy = Math.min(this.energy + spec.wantKwh, type.batteryKwh);
    this.breakEnd = spec.arrival + spec.breakMin;
  }
}

/**
 * Runs one replication of `scenario` with `seed`. Pure: no files, clock or console; output leaves
 * only through the optional observers and the returned result.
 * @throws SimulationError if an internal invariant breaks (a bug, not bad input).
 */
export function simulate(scenario: Scenario, seed: number, options: SimulateOptions = {}): SimulationResult {
  return new Run(scenario, seed, options).run();
}

/** The state of one replication. Private to this module: `simulate` is the only way in. */
class Run {
  private readonly cal = new EventCalendar(256);
  private readonly source: TruckSource;
  private readonly types: TypeInfo[];
  private readonly bays: Bay[] = [];
  private readonly freeBays: Record<Connector, number> = { CCS: 0, MCS: 0 };
  private readonly cabinetPlugged: Int32Array;
  private readonly limits: PowerLimits;
  private readonly policy;
  private readonly leave: LeaveMode;
  private readonly spaces: number;
  private readonly queues: Truck[][];
  private readonly heads: number[];
  private waiting = 0;
  private readonly plugged: Truck[] = [];
  private readonly charging: Truck[] = [];
  private readonly before: number[] = []; // scratch: each charging truck's power before a re-plan
  private gridKw = 0;
  private lastT = 0;
  private gen = 0;
  private pendingPower = NaN;
  private dirty = false;
  // Some truck's milestone may be due now. Milestones fall due only at the POWER event scheduled
  // for the earliest of them, or at once for a truck that plugs in wanting nothing.
  private due = false;
  private nextSpec: TruckSpec | undefined;
  private trucks = 0;

  private readonly W: number; // statistics window start, minutes
  private readonly H: number; // horizon, minutes
  private readonly tally = new TruckTally();
  private readonly gridSig: WindowedSignal;
  private readonly occSig: WindowedSignal;
  private readonly queueSig: WindowedSignal;
  private readonly intervals: IntervalRecorder;

  constructor(
    scenario: Scenario,
    seed: number,
    private readonly opts: SimulateOptions,
  ) {
    this.source = new TruckSource(scenario, seed);
    this.types = scenario.fleet.map((f) => ({
      name: f.name,
      batteryKwh: f.batteryKwh,
      maxKw: f.maxKw,
      connectors: (Object.keys(f.maxKw) as Connector[]).filter((c) => f.maxKw[c] !== undefined),
      curve: staircase(f.curve),
    }));
    const cabinetKw: number[] = [];
    for (const g of scenario.hub.chargers) {
      for (let c = 0; c < g.cabinets; c++) {
        const cab = cabinetKw.length;
        cabinetKw.push(g.cabinetKw);
        for (let b = 0; b < g.baysPerCabinet; b++) {
          this.bays.push(new Bay(this.bays.length + 1, g.id, cab, g.connector, g.bayKw));
          this.freeBays[g.connector]++;
        }
      }
    }
    this.cabinetPlugged = new Int32Array(cabinetKw.length);
    this.limits = {
      cabinetKw: Float64Array.from(cabinetKw),
      gridKw: scenario.hub.gridKw,
      used: new Float64Array(cabinetKw.length),
      active: new Int32Array(cabinetKw.length),
    };
    this.policy = POLICIES[scenario.hub.allocation];
    this.leave = scenario.behaviour.leave;
    this.spaces = scenario.hub.waitingSpaces;
    this.queues = this.types.map(() => []);
    this.heads = this.types.map(() => 0);
    this.W = scenario.horizon.warmupDays * 1440;
    this.H = scenario.horizon.days * 1440;
    this.gridSig = new WindowedSignal(this.W, this.H);
    this.occSig = new WindowedSignal(this.W, this.H);
    this.queueSig = new WindowedSignal(this.W, this.H);
    const onInterval = opts.onInterval;
    this.intervals = new IntervalRecorder(
      scenario.output.powerIntervalMin,
      this.W,
      this.H,
      onInterval &&
        ((r) => onInterval({ startMin: r.start, gridKwMean: r.aMean, gridKwMax: r.aMax, occupiedBaysMean: r.bMean, queueMean: r.cMean })),
    );
  }

  run(): SimulationResult {
    const cal = this.cal;
    this.nextSpec = this.source.next();
    if (this.nextSpec) cal.schedule(this.nextSpec.arrival, ARRIVAL, 0, ARRIVAL);
    while (cal.pop()) {
      const now = cal.now;
      switch (cal.kind) {
        case POWER:
          if (cal.data !== this.gen) continue; // superseded by a later re-plan
          this.pendingPower = NaN;
          this.due = true;
          this.advance(now);
          break;
        case ARRIVAL:
          this.advance(now);
          this.arrive(now);
          break;
        case BREAK_END:
          this.advance(now);
          this.breakEnds(cal.ref as Truck, now);
          break;
        case PATIENCE: {
          const t = cal.ref as Truck;
          if (t.state !== WAITING) continue;
          this.advance(now);
          this.renege(t, now);
          break;
        }
        default:
          throw new SimulationError(`unknown event kind ${cal.kind}`);
      }
      this.settle(now);
    }
    const end = Math.max(this.lastT, this.H);
    this.advance(end);
    this.intervals.finish(end);
    return { metrics: this.metrics(), bays: this.bayRecords(), trucks: this.trucks, events: cal.scheduled, endMin: this.lastT };
  }

  /**
   * Integrates the site-wide signals (power, occupied bays, queue) from the last event up to `now`.
   * Each truck's energy and its bay's statistics are brought up to date only when its power
   * changes (`sync`), so an event costs nothing for the trucks it does not touch.
   */
  private advance(now: number): void {
    const from = this.lastT;
    if (now <= from) return;
    const occ = this.plugged.length;
    this.gridSig.hold(this.gridKw, from, now);
    this.occSig.hold(occ, from, now);
    this.queueSig.hold(this.waiting, from, now);
    this.intervals.hold(this.gridKw, occ, this.waiting, from, now);
    this.lastT = now;
  }

  /**
   * Brings a plugged-in truck's energy and its bay's statistics up to `now`, at `power`: the power
   * it has drawn since it was last brought up to date (its current one unless a re-plan just set it).
   */
  private sync(t: Truck, now: number, power = t.power): void {
    const from = t.since;
    if (now > from && power > 0) {
      t.energy += (power * (now - from)) / 60;
      const inWindow = this.overlap(from, now);
      if (inWindow > 0) {
        const bay = t.bay!;
        bay.charging += inWindow;
        bay.energy += (power * inWindow) / 60;
      }
    }
    t.since = now;
  }

  /** Length of [from, to) inside the statistics window. */
  private overlap(from: number, to: number): number {
    return windowOverlap(from, to, this.W, this.H);
  }

  private arrive(now: number): void {
    const spec = this.nextSpec!;
    this.trucks++;
    this.nextSpec = this.source.next();
    if (this.nextSpec) this.cal.schedule(this.nextSpec.arrival, ARRIVAL, 0, ARRIVAL);
    const truck = new Truck(spec, this.types[spec.type]);
    this.opts.onTrace?.({ t: now, event: 'arrive', truck: truck.id });
    // After every event no waiting truck has a free compatible bay, so a newcomer that finds one
    // takes it without overtaking anybody.
    const bay = this.chooseBay(truck.type);
    if (bay) {
      this.plug(truck, bay, now);
      return;
    }
    if (this.waiting >= this.spaces) {
      truck.state = GONE;
      this.opts.onTrace?.({ t: now, event: 'balk', truck: truck.id });
      this.finish(truck, now, 'balked');
      return;
    }
    this.queues[spec.type].push(truck);
    this.waiting++;
    // In `breakEnd` mode a driver whose break is over has no reason to wait for a bay.
    const patience = this.leave === 'breakEnd' ? Math.min(spec.patienceMin, spec.breakMin) : spec.patienceMin;
    if (patience < Infinity) this.cal.schedule(now + patience, PATIENCE, 0, PATIENCE, truck);
  }

  private renege(t: Truck, now: number): void {
    t.state = GONE;
    this.waiting--;
    this.opts.onTrace?.({ t: now, event: 'renege', truck: t.id });
    this.finish(t, now, 'reneged');
  }

  private breakEnds(t: Truck, now: number): void {
    if (t.state !== PLUGGED) return;
    if (this.leave === 'breakEnd') this.unplug(t, now, t.reached ? 'charged' : 'left_at_break_end');
    else if (t.reached) this.unplug(t, now, 'charged'); // chargedAndBreakEnd: both now hold
  }

  /** Best free bay for a type: highest nominal power, then emptiest cabinet, then lowest number. */
  private chooseBay(type: TypeInfo): Bay | null {
    let best: Bay | null = null;
    let bestKw = -1;
    let bestLoad = 0;
    let usable = false;
    for (const c of type.connectors) if (this.freeBays[c] > 0) usable = true;
    if (!usable) return null;
    for (const bay of this.bays) {
      if (bay.truck !== null) continue;
      const max = type.maxKw[bay.connector];
      if (max === undefined) continue;
      const kw = bay.bayKw < max ? bay.bayKw : max;
      const load = this.cabinetPlugged[bay.cabinet];
      if (kw > bestKw || (kw === bestKw && load < bestLoad)) {
        best = bay;
        bestKw = kw;
        bestLoad = load;
      }
    }
    return best;
  }

  private plug(t: Truck, bay: Bay, now: number): void {
    t.state = PLUGGED;
    t.bay = bay;
    t.cabinet = bay.cabinet;
    t.plugTime = now;
    t.since = now;
    // A truck wanting nothing has reached its target on plugging in, whatever power it is given.
    t.next = t.targetEnergy <= t.energy ? now : NaN;
    if (t.next === now) this.due = true;
    bay.truck = t;
    this.freeBays[bay.connector]--;
    this.cabinetPlugged[bay.cabinet]++;
    this.plugged.push(t);
    if (now >= this.W && now < this.H) bay.sessions++;
    this.opts.onTrace?.({ t: now, event: 'plug', truck: t.id, bay: bay.index });
    this.dirty = true;
    const battery = t.type.batteryKwh;
    t.step = stepAt(t.type.curve, t.energy / battery);
    this.setStep(t);
    this.charging.push(t);
    if (this.leave !== 'charged' && t.breakEnd >= now) this.cal.schedule(t.breakEnd, BREAK_END, 0, BREAK_END, t);
  }

  private setStep(t: Truck): void {
    const c = t.type.curve;
    const battery = t.type.batteryKwh;
    t.stepEnd = t.step + 1 < c.soc.length ? c.soc[t.step + 1] * battery : Infinity;
    const max = t.type.maxKw[t.bay!.connector]! * c.frac[t.step];
    t.cap = t.bay!.bayKw < max ? t.bay!.bayKw : max;
  }

  private unplug(t: Truck, now: number, outcome: Outcome): void {
    const bay = t.bay!;
    this.sync(t, now);
    bay.occupied += this.overlap(t.plugTime, now);
    bay.truck = null;
    this.freeBays[bay.connector]++;
    this.cabinetPlugged[bay.cabinet]--;
    removeFrom(this.plugged, t);
    if (!t.reached) removeFrom(this.charging, t);
    t.power = 0;
    t.state = GONE;
    this.dirty = true;
    this.opts.onTrace?.({ t: now, event: 'unplug', truck: t.id, bay: bay.index });
    this.finish(t, now, outcome);
  }

  /**
   * Brings the hub to a consistent state at `now`: trucks that reached their target or a curve
   * step are updated, freed bays are filled from the queue, and power is re-planned if anything
   * changed; then the next charging milestone is scheduled.
   */
  private settle(now: number): void {
    let changed = true;
    while (changed) {
      changed = false;
      const charging = this.charging;
      for (let i = this.due ? charging.length - 1 : -1; i >= 0; i--) {
        const t = charging[i];
        if (!(t.next <= now)) continue;
        // The milestone computed at the last re-plan is due: the truck is exactly there.
        this.sync(t, now);
        if (t.targetEnergy <= t.stepEnd) {
          t.energy = t.targetEnergy;
          t.reached = true;
          t.reachedTime = now;
          t.power = 0;
          charging[i] = charging[charging.length - 1];
          charging.pop();
          this.dirty = true;
          if (this.leave !== 'chargedAndBreakEnd' || now >= t.breakEnd) {
            this.unplug(t, now, 'charged');
            changed = true;
          }
        } else {
          t.energy = t.stepEnd;
          t.step++;
          this.setStep(t);
          t.next = NaN;
          this.dirty = true;
        }
      }
      this.due = false;
      if (this.dispatch(now)) changed = true;
    }
    if (this.dirty) this.replan(now);
  }

  /** Plugs waiting trucks into free bays, first come first served among those that can use one. */
  private dispatch(now: number): boolean {
    let any = false;
    while (this.waiting > 0 && this.freeBays.CCS + this.freeBays.MCS > 0) {
      let best: Truck | null = null;
      for (let k = 0; k < this.queues.length; k++) {
        const q = this.queues[k];
        let h = this.heads[k];
        while (h < q.length && q[h].state !== WAITING) h++;
        this.heads[k] = h;
        if (h === q.length) continue;
        const head = q[h];
        if (best !== null && head.id > best.id) continue;
        let usable = false;
        for (const c of head.type.connectors) if (this.freeBays[c] > 0) usable = true;
        if (usable) best = head;
      }
      if (best === null) break;
      const k = best.spec.type;
      this.heads[k]++;
      if (this.heads[k] > 1024 && this.heads[k] * 2 > this.queues[k].length) {
        this.queues[k].splice(0, this.heads[k]); // compact occasionally: amortised O(1) per truck
        this.heads[k] = 0;
      }
      this.waiting--;
      this.plug(best, this.chooseBay(best.type)!, now);
      any = true;
    }
    return any;
  }

  private replan(now: number): void {
    this.dirty = false;
    const charging = this.charging;
    const before = this.before;
    for (let i = 0; i < charging.length; i++) before[i] = charging[i].power;
    allocate(this.policy, charging, this.limits);
    let grid = 0;
    let next = Infinity;
    for (let i = 0; i < charging.length; i++) {
      const t = charging[i];
      const power = t.power;
      grid += power;
      // Only a truck whose power changed (or whose goal moved) needs its milestone recomputed.
      if (power !== before[i] || Number.isNaN(t.next)) {
        if (power !== before[i]) this.sync(t, now, before[i]);
        const goal = t.targetEnergy < t.stepEnd ? t.targetEnergy : t.stepEnd;
        t.next = power > 0 ? now + ((goal - t.energy) * 60) / power : Infinity;
      }
      if (t.next < next) next = t.next;
      if (this.opts.onTrace) {
        this.opts.onTrace({ t: now, event: 'power', truck: t.id, bay: t.bay!.index, cabinet: t.cabinet, kw: t.power, cap: t.cap });
      }
    }
    this.gridKw = grid;
    if (next < Infinity && next !== this.pendingPower) {
      this.pendingPower = next;
      this.cal.schedule(next, POWER, ++this.gen, POWER);
    }
  }

  private finish(t: Truck, now: number, outcome: Outcome): void {
    const spec = t.spec;
    const served = outcome === 'charged' || outcome === 'left_at_break_end';
    const battery = t.type.batteryKwh;
    const delivered = t.energy - spec.socIn * battery;
    if (spec.arrival >= this.W && spec.arrival < this.H) {
      const tally = this.tally;
      tally.arrived++;
      if (served) {
        const inBreak = t.reached && t.reachedTime <= t.breakEnd;
        tally.addServed(t.plugTime - spec.arrival, now - t.plugTime, t.reached, inBreak, delivered, spec.wantKwh);
      } else {
        if (outcome === 'balked') tally.balked++;
        else tally.reneged++;
        tally.energyUnmet += spec.wantKwh;
      }
    }
    this.opts.onSession?.({
      truck: t.id,
      fleet: t.type.name,
      arrivalMin: spec.arrival,
      plugMin: served ? t.plugTime : NaN,
      unplugMin: served ? now : NaN,
      departMin: served ? Math.max(now, t.breakEnd) : now,
      waitMin: served ? t.plugTime - spec.arrival : NaN,
      bay: served ? t.bay!.index : 0,
      connector: served ? t.bay!.connector : '',
      socIn: spec.socIn,
      socOut: t.energy / battery,
      energyKwh: delivered,
      outcome,
    });
  }

  private metrics(): Metrics {
    const t = this.tally;
    const hours = (this.H - this.W) / 60;
    const cabinetKw = this.limits.cabinetKw.reduce((s, v) => s + v, 0);
    const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
    const served = t.served > 0;
    const energyInWindow = this.gridSig.total / 60;
    return {
      trucks_arrived: t.arrived,
      trucks_served: t.served,
      trucks_balked: t.balked,
      trucks_reneged: t.reneged,
      served_share: ratio(t.served, t.arrived),
      wait_mean_min: served ? t.wait.mean : NaN,
      wait_p50_min: t.waitHist.quantile(0.5),
      wait_p95_min: t.waitHist.quantile(0.95),
      wait_max_min: served ? t.waitMax : NaN,
      no_wait_share: ratio(t.noWait, t.served),
      p_wait_over_15min: ratio(t.longWait, t.served),
      charge_mean_min: served ? t.charge.mean : NaN,
      target_reached_share: ratio(t.targetReached, t.served),
      within_break_share: ratio(t.withinBreak, t.served),
      energy_delivered_kwh: t.energyDelivered,
      energy_unmet_kwh: t.energyUnmet,
      bay_occupancy: this.occSig.mean / this.bays.length,
      power_utilization: energyInWindow / (cabinetKw * hours),
      grid_peak_kw: this.intervals.peakMean,
      grid_mean_kw: this.gridSig.mean,
      queue_mean: this.queueSig.mean,
      queue_max: this.queueSig.max,
    };
  }

  private bayRecords(): BayRecord[] {
    const span = this.H - this.W;
    return this.bays.map((b) => ({
      bay: b.index,
      charger: b.charger,
      cabinet: b.cabinet + 1,
      connector: b.connector,
      occupiedShare: b.occupied / span,
      chargingShare: b.charging / span,
      energyKwh: b.energy,
      sessions: b.sessions,
    }));
  }
}

function removeFrom(list: Truck[], t: Truck): void {
  const i = list.indexOf(t);
  if (i < 0) throw new SimulationError(`truck ${t.id} missing from a list it should be in`);
  list[i] = list[list.length - 1];
  list.pop();
}
