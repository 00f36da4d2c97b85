import { EventCalendar } from '../engine/calendar.js';
import { InputError, OverloadedError, show, SimulationError, type InputIssue } from '../errors.js';
import { groupsNeverInService } from '../scenario/maintenance.js';
import { likelyMeant } from '../scenario/suggest.js';
import { CONNECTORS, HOURS_OF_WEEK, minutesOfDays, type Connector, type LeaveMode, type Scenario } from '../scenario/types.js';
import { SignalRecorder, windowOverlap } from '../stats/signals.js';
import { counted } from '../words.js';
import { SlotHeap } from './allocation/heap.js';
import { POLICIES, PowerPlanner } from './allocation/index.js';
import { TruckSource, type TruckSpec } from './arrivals.js';
import { FleetTally, HourTally, type Breakdown } from './breakdown.js';
import { staircase, stepAt, type Staircase } from './curve.js';
import { TruckTally, type Metrics } from './metrics.js';
import { outageClocks, type OutageClock } from './outages.js';
import { bayRecords, runBreakdown, runMetrics, type Measured } from './results.js';
import type { BayRecord, Outcome, PowerRecord, SessionRecord } from './records.js';
import { Site } from './site.js';

/** Staircases of frozen curves, shared by every run (a staircase is only read). */
const compiledCurves = new WeakMap<readonly (readonly [number, number])[], Staircase>();

/** The staircase of a type with no curve: its full power at every SoC. */
const FLAT = staircase([[0, 1], [1, 1]]);

// Events at the same instant are handled in this order: a charging milestone (which may free a
// bay), then a break's end (likewise), then a waiting truck's patience running out, then a new
// arrival; so a bay freed at t is available to every truck present at t.
//
// Two kinds never need the calendar, and are the most frequent: there is only ever one next
// arrival and one next milestone, so each is held as a single time and compared with the
// calendar's earliest event. The calendar holds the per-truck events and the bays' outages, ranked
// by these priorities. A bay going down at t comes after a truck's break ending at t (which then
// leaves as it would have), and before a bay coming back up at t (so that a bay taken down by one
// outage as another ends is never free in between); a bay back up at t serves a truck reneging at t.
// The site's own events (its grid limit changing at an hour boundary, its battery becoming empty
// or full) are one more such stream, merged into the milestones' time (see `planSite`).
const MILESTONE = 0;
const BREAK_END = 1;
const BAY_DOWN = 2;
const BAY_UP = 3;
const PATIENCE = 4;
const ARRIVAL = 5;

const WAITING = 0;
const PLUGGED = 1;
const GONE = 2;

/**
 * One step of a run, for exact event-trace tests and invariant checks. `requeue`: a truck unplugged
 * because its bay went down, back in the queue; `leave`: such a truck leaving the queue at its
 * break's end; `down` / `up`: a bay becoming unavailable / available again; `power`: a truck's
 * power as a re-plan grants it (every charging truck's, at each re-plan); `charged`: a truck
 * reaching its target and staying plugged in till its break ends (`chargedAndBreakEnd`), which
 * draws nothing from then on. `bay` counts from 1, as bays.csv does; `cabinet` from 0.
 */
export type TraceEntry =
  | { readonly t: number; readonly event: 'arrive' | 'balk' | 'renege' | 'leave'; readonly truck: number }
  | { readonly t: number; readonly event: 'plug' | 'unplug' | 'requeue' | 'charged'; readonly truck: number; readonly bay: number }
  | { readonly t: number; readonly event: 'down' | 'up'; readonly bay: number }
  | { readonly t: number; readonly event: 'power'; readonly truck: number; readonly bay: number; readonly cabinet: number; readonly kw: number; readonly cap: number }
  | SiteEntry;

/**
 * The site's power as planned at a re-plan, after the trucks' ('power' entries): the grid limit in
 * force, what the trucks draw, the battery's power (positive discharging) and stored energy, and
 * the grid draw (kW, kWh). Only for a scenario whose grid limit varies or that has a battery.
 */
export interface SiteEntry {
  readonly t: number;
  readonly event: 'site';
  readonly limitKw: number;
  readonly trucksKw: number;
  readonly batteryKw: number;
  readonly storedKwh: number;
  readonly gridKw: number;
}

/** Optional observers of a run; all default to nothing, and none changes what is simulated. */
export interface SimulateOptions {
  /**
   * Receives each truck's record as it leaves its bay (or the queue, for one that never plugs in):
   * not always in order of `departMin`, as a truck unplugged before its break ends drives on only then.
   */
  readonly onSession?: (s: SessionRecord) => void;
  /** Receives each `output.powerIntervalMin` interval of site power, from time 0 to the end of the run. */
  readonly onInterval?: (p: PowerRecord) => void;
  /** `onInterval` receives only the intervals that start before this (minutes; default all): later ones cost nothing to build. */
  readonly intervalsBeforeMin?: number;
  /** Receives every arrival, plug-in, unplug, requeue, balk, renege, requeued truck leaving the queue at its break's end ('leave'), bay going down or up and power grant, and with a site its power at each re-plan. Slow; for tests. */
  readonly onTrace?: (e: TraceEntry) => void;
}

/** What one replication produced. */
export interface SimulationResult {
  readonly metrics: Metrics;
  readonly bays: readonly BayRecord[];
  /** Trucks generated in the whole run (including warm-up). */
  readonly trucks: number;
  /** Events handled in the whole run: arrivals, charging milestones, breaks ending, patience running out, bays going down or up, the site's grid limit changing and its battery emptying or filling, and those found to change nothing (a truck's event after it left). */
  readonly events: number;
  /**
   * When the run's last event happened (minutes): the horizon, or the last truck leaving the hub, or
   * a site's event (a battery filling, a limit changing) inside the power interval that holds it; a
   * driver who unplugged and finishes a break later is no event at the hub.
   */
  readonly endMin: number;
  /** Tallies of the replication, for the command line's per-hour, per-fleet, load-duration and wait-CDF files (not a public format: it may change between versions). */
  readonly breakdown: Breakdown;
  /** The site battery's stored energy at the statistics window's start and end (kWh); null without a battery. */
  readonly battery: { readonly startKwh: number; readonly endKwh: number } | null;
}

/** A fleet type as the hub sees it, with what it can draw at each bay worked out once. */
interface TypeInfo {
  readonly name: string;
  readonly batteryKwh: number;
  readonly leave: LeaveMode;
  /** Per connector (index into CONNECTORS): its curve there; unused where it has no maxKw. */
  readonly curves: readonly Staircase[];
  /** The pools of bays (see `Run.freePool`) it can use. */
  readonly pools: Int32Array;
  /**
   * Per bay position: the most it can draw there, min(bayKw, its maxKw on the bay's connector); −1
   * where it cannot plug in (no such connector, or the bay is not open to its stop class).
   */
  readonly kwAt: Float64Array;
  /** Per bay position: its maxKw on the bay's connector, which the curve scales; 0 where it cannot plug in. */
  readonly maxAt: Float64Array;
}

class Bay {
  truck: Truck | null = null;
  occupied = 0;
  charging = 0;
  energy = 0;
  sessions = 0;
  pool = 0; // its pool: the bays of its connector open to the same stop classes
  down = 0; // outages holding it unavailable now (failure, maintenance windows)
  downSince = NaN; // when it last became unavailable
  downMin = 0; // minutes unavailable inside the statistics window, up to `downSince`
  constructor(
    readonly index: number, // 1-based, as in bays.csv
    readonly charger: string,
    readonly cabinet: number,
    readonly connector: Connector,
    readonly conn: number, // index of `connector` in CONNECTORS
    readonly bayKw: number,
    readonly open: readonly string[], // the stop classes it serves
  ) {}
}

/**
 * One truck: what it brings (written by the TruckSource) and its state at the hub. Every field is
 * set in the constructor so that all trucks share one shape. A truck that has left goes back to
 * the run's pool and is reused for a later arrival: events still pending for it carry its `id`,
 * so a handler can tell the truck it was scheduled for from its successor.
 */
class Truck implements TruckSpec {
  id = 0;
  arrival = 0;
  type = 0;
  socIn = 0;
  wantKwh = 0;
  breakMin = 0;
  patienceMin = 0;

  hour = 0; // hour-of-week cell of the arrival

  info: TypeInfo | null = null;
  leave: LeaveMode = 'charged'; // its type's
  curve: Staircase | null = null; // its curve on its bay's connector
  state = WAITING;
  bay: Bay | null = null;
  cabinet = -1;
  plugTime = NaN;
  breakEnd = NaN;
  targetEnergy = 0;
  maxKw = 0; // its maxKw on its bay's connector
  cap = 0;
  rate = 0; // kW drawn since `since`, unless `atLevel`
  energy = 0; // kWh in the battery at time `since`
  since = NaN; // when `energy` was last brought up to date
  next = NaN; // when the truck reaches `min(targetEnergy, stepEnd)` at its rate; NaN: to compute
  ci = -1; // its place in the run's list of charging trucks; -1 when not charging
  // Drawing the shared level of equal sharing: then its energy is `energy` plus what the level
  // delivered since `vOff` (the run's level accumulators when it was last brought up to date),
  // and it reaches its goal when the accumulator reaches `thr`.
  atLevel = false;
  vOff = NaN;
  vwOff = NaN;
  twOff = NaN;
  thr = NaN;
  step = 0;
  stepEnd = Infinity; // battery kWh where the current curve step ends
  reached = false;
  reachedTime = NaN;
  // A truck whose bay became unavailable while it charged goes back to the queue (see `Run.interrupt`):
  requeued = false;
  firstPlug = NaN; // when it first plugged in (its wait ends there)
  pluggedMin = 0; // minutes plugged in over its sessions before the latest
  lastUnplug = NaN; // when it was last unplugged by an outage

  /** Sets up the hub-side state once the truck has arrived (resetting whatever a previous use left). */
  begin(info: TypeInfo): void {
    this.info = info;
    this.leave = info.leave;
    this.state = WAITING;
    this.bay = null;
    this.cabinet = -1;
    this.plugTime = NaN;
    this.maxKw = 0;
    this.cap = 0;
    this.rate = 0;
    this.since = NaN;
    this.next = NaN;
    this.ci = -1;
    this.atLevel = false;
    this.step = 0;
    this.stepEnd = Infinity;
    this.reached = false;
    this.reachedTime = NaN;
    this.requeued = false;
    this.pluggedMin = 0;
    this.energy = this.socIn * info.batteryKwh;
    // Capped at the battery: SoC-in × battery + (1 − SoC-in) × battery can round above it.
    this.targetEnergy = Math.min(this.energy + this.wantKwh, info.batteryKwh);
    this.breakEnd = this.arrival + this.breakMin;
  }
}

/**
 * What an unavailable bay holds in place of a truck, so that bay choice, which skips occupied
 * bays, skips it at no extra cost. It never charges, queues or leaves.
 */
const OUT_OF_SERVICE = new Truck();

/**
 * An empty list of trucks that V8 stores as a list of objects from the start. A literal `[]` starts
 * as a list of small integers and changes kind at its first truck; code optimised in one run then
 * meets lists of both kinds in the next, and stops inlining `push` and indexed access on them.
 */
function truckList(): Truck[] {
  const list = [OUT_OF_SERVICE];
  list.pop();
  return list;
}

/**
 * Most trucks that may wait at once. A queue this long means the hub cannot serve its arrivals and
 * nothing bounds the queue below it (no waiting spaces or more than this many, no patience or one
 * too long for the traffic): the run would only grow until memory ran out. Each waiting truck
 * holds some 800 bytes, so the bound keeps such a run under about 80 MB in each worker thread: a
 * `size` search on many cores may meet several overloaded designs at once.
 */
export const MAX_WAITING = 100_000;

/**
 * How far below its target (a share of it) a truck's energy may be and still count as there, where
 * a time computed from energies meets another exactly: some thousands of rounding steps of the
 * energy, and 0.6 µWh of a 600 kWh battery.
 */
const REACHED_ROUNDING = 1e-12;

/**
 * Instants this close (a share of the latest a run may reach: 2^-40, some 4,000 steps of a double
 * there) are one: a charge that exact arithmetic ends at minute 18 is worked out from energies and
 * powers in doubles, and can come to 18.000000000000004. Taken as later than a trace's arrival or a
 * patience's end at 18, it turned the truck away from a bay that frees then; taken as a wait of
 * more than 15 min, it counted as late. Within TIE, a charge's end comes first, as the rules order
 * ties at one instant, and a wait counts as its threshold (see `tie`).
 */
const TIE = 2 ** -40;

/**
 * How long after the horizon the trucks still present may take to leave. Arrivals stop at the
 * horizon, so only bays or power far too few for the trucks' demand keep the hub busy this long.
 */
export const MAX_DRAIN_DAYS = 365;

/**
 * Settings of how a run finds its milestones, none of which changes what is simulated; tests
 * change them to take every path.
 *
 * `heapsFrom`, `scanBelow`: how many charging trucks make keeping milestones in heaps pay. With
 * fewer, finding the due ones and the next one by looking at every charging truck is cheaper than
 * keeping heaps ordered; from `heapsFrom` trucks on a run keeps them in heaps, and scans again
 * below `scanBelow`. What is simulated is the same either way; the site's power is summed in
 * another order (the list's, or the planner's tree), so the power means may differ in their last
 * digit.
 *
 * `rebaseKwh`: past this many kWh (or minutes) the level's accumulators start again from 0 (see
 * `Run.rebase`). Results differ only by rounding.
 */
export const MILESTONES = { heapsFrom: 32, scanBelow: 16, rebaseKwh: 2 ** 16 };

/**
 * Events to hand `step` at a time when running a replication to its end. In slices rather than in
 * one call that runs to the end: V8 then compiles the event loop as a function it is called into,
 * not only by on-stack replacement of its one loop, and makes faster code of it (4-6 % on the
 * benchmark's hubs). The slice's size changes nothing else (between slices the histograms move
 * values from their lists into buckets, which changes none of their answers).
 */
export const SLICE_EVENTS = 10_000;

/**
 * Runs one replication of `scenario` with `seed`. Pure: no files, clock or console; output leaves
 * only through the optional observers and the returned result.
 *
 * `scenario` must be one that loadScenario, parseScenario or validateScenario returned, or a
 * structured clone of one (what a worker thread is sent), which runs the same: its values are not
 * checked again. A copy made by spreading one is not told from it and runs whatever it holds:
 * `{ ...scenario, hub: { ...scenario.hub, gridKw: -1 } }` gives results that mean nothing, and
 * another copy might fail as if hubsim had a bug. To change a scenario, change its JSON and
 * validate that. No cheap check tells such a copy from a clone: a scenario is frozen but a clone is
 * not, a registry of validated objects does not hold their clones, and a mark that a clone keeps,
 * a spread copies too.
 * @throws InputError when `scenario` is a scenario as written (it lacks the validated form's
 * `arrivals.kind`), when `seed` is not a whole number in [0, 2^53 - 1], when `options` is not an
 * object whose observers are functions, or when the scenario runs away (see MAX_WAITING,
 * MAX_DRAIN_DAYS).
 * @throws SimulationError if an internal invariant breaks (a bug, not bad input).
 */
export function simulate(scenario: Scenario, seed: number, options: SimulateOptions = {}): SimulationResult {
  const run = new Run(scenario, seed, options);
  while (!run.step(SLICE_EVENTS));
  return run.result();
}

/** A replication run a slice at a time, so that its caller can attend to other things in between. */
export interface Simulation {
  /**
   * Handles up to `events` more events; returns true once the run has finished.
   * @throws InputError / SimulationError as `simulate` does.
   */
  step(events: number): boolean;
  /** How much of the horizon has been simulated, from 0 to 1 (it stays 1 while the trucks still there leave). */
  readonly progress: number;
  /** The finished run's result. @throws SimulationError before `step` has returned true. */
  result(): SimulationResult;
}

/** Starts a replication that `step` advances: the same run, event for event, as `simulate`. */
export function startSimulation(scenario: Scenario, seed: number, options: SimulateOptions = {}): Simulation {
  return new Run(scenario, seed, options);
}

/**
 * Refuses what a library caller could pass that no validated scenario and seed can be: a scenario
 * as written (JSON.parse's `any` gets past the type checker) would otherwise fail deep inside the run
 * with a TypeError, and a seed such as NaN, -1 or 1.5 would run, as a stream name, trucks no
 * command-line seed gives. Only a validated scenario (or a copy of one: see simulate) has
 * `arrivals.kind`: the schema refuses the field.
 * @throws InputError naming what was passed
 */
function checkRunInput(scenario: unknown, seed: unknown, options: unknown): void {
  const s = scenario as { arrivals?: { kind?: unknown } } | null | undefined;
  const kind = typeof s === 'object' && s !== null && typeof s.arrivals === 'object' && s.arrivals !== null ? s.arrivals.kind : undefined;
  if (kind !== 'rate' && kind !== 'trace') {
    const found = typeof s === 'object' && s !== null && !Array.isArray(s) ? 'an object that is not a validated scenario (a scenario as written?)' : show(s);
    throw new InputError([{ path: 'scenario', expected: 'must be a scenario returned by loadScenario, parseScenario or validateScenario', found }]);
  }
  // One saved as JSON and read back ran as something it was not, without a word: JSON writes an
  // unlimited grid or queue (Infinity) as null, so every truck balked, and a trace's columns (typed
  // arrays) as plain objects. A structured clone keeps both.
  const { hub, arrivals } = scenario as Scenario;
  const plainColumns = arrivals.kind === 'trace' && !ArrayBuffer.isView((arrivals.columns as unknown as Record<string, unknown> | undefined)?.arrivalMin);
  if (typeof hub?.gridKw !== 'number' || typeof hub.waitingSpaces !== 'number' || plainColumns) {
    throw new InputError([
      {
        path: 'scenario',
        expected: 'must be a scenario returned by loadScenario, parseScenario or validateScenario, or a structured clone of one: one saved as JSON and read back is not (JSON writes an unlimited gridKw or waitingSpaces as null, and a trace\'s columns as plain objects); keep the scenario as written, and validate it again',
        found: 'an object that is not a validated scenario',
      },
    ]);
  }
  if (!(typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0)) {
    throw new InputError([{ path: 'seed', expected: `must be a whole number in [0, ${Number.MAX_SAFE_INTEGER}]`, found: show(seed) }]);
  }
  checkOptions(options);
}

/** The observers a run calls. */
const OBSERVERS = ['onSession', 'onInterval', 'onTrace'] as const;

/**
 * Refuses options the run could only fail on later, with a TypeError at the first session or
 * interval (an observer that is not a function), or at once (null, which a default parameter does
 * not replace); and an `intervalsBeforeMin` that is not a number, which would quietly send none.
 * @throws InputError naming each bad option
 */
function checkOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InputError([{ path: 'options', expected: 'must be an object of observers, or left out', found: show(options) }]);
  }
  const o = options as Record<string, unknown>;
  const issues: InputIssue[] = [];
  for (const key of OBSERVERS) {
    if (o[key] !== undefined && typeof o[key] !== 'function') issues.push({ path: `options.${key}`, expected: 'must be a function, or left out', found: show(o[key]) });
  }
  // A misspelt observer (`onSesion`) would be heard by nobody, and the run would seem to have no
  // sessions. Only fields named as observers are looked at: an observer written as a class keeps
  // fields of its own.
  // So would a misspelt `intervalsBeforeMin` send every interval: a field that reads as it is told.
  for (const key of Object.keys(o)) {
    if ((OBSERVERS as readonly string[]).includes(key) || key === 'intervalsBeforeMin') continue;
    if (/^on[A-Z]/.test(key)) {
      const meant = likelyMeant(key, OBSERVERS);
      issues.push({ path: `options.${key}`, expected: `is not an observer: ${OBSERVERS.join(', ')}${meant ? ` (did you mean "${meant}"?)` : ''}`, found: undefined });
    } else if (likelyMeant(key, ['intervalsBeforeMin'], { slipsOnly: true }) !== undefined) {
      issues.push({ path: `options.${key}`, expected: 'is not an option (did you mean "intervalsBeforeMin"?)', found: undefined });
    }
  }
  const before = o.intervalsBeforeMin;
  if (before !== undefined && !(typeof before === 'number' && !Number.isNaN(before))) {
    issues.push({ path: 'options.intervalsBeforeMin', expected: 'must be a number of minutes, or left out', found: show(before) });
  }
  if (issues.length > 0) throw new InputError(issues);
}

/** The state of one replication. Private to this module: `simulate` and `startSimulation` are the ways in. */
class Run implements Simulation {
  private readonly cal = new EventCalendar(256);
  private readonly source: TruckSource;
  private readonly types: TypeInfo[];
  private readonly bays: Bay[] = [];
  // Free bays (no truck, available) per pool: the bays of one connector open to the same stop
  // classes, so that whether a type can plug in somewhere is a look at its few pools.
  private readonly freePool: Int32Array;
  private freeTotal = 0;
  private readonly outages: readonly OutageClock[];
  // Whether the waiting trucks were left unserved at `now`, by `settle`, for bays that an event still
  // to be taken at `now` may free or take down (see `baysChangeAhead`).
  private held = false;
  private readonly cabinetPlugged: Int32Array;
  private readonly planner: PowerPlanner;
  private readonly tracing: boolean;
  // The observers as the options held them when the run was checked, each called as a method of
  // the options (`.call(opts, …)`): a getter that hands out another value later changes nothing.
  private readonly sessionObserver: SimulateOptions['onSession'];
  private readonly traceObserver: SimulateOptions['onTrace'];
  private readonly spaces: number;
  private readonly queues: Truck[][];
  private readonly heads: number[];
  private waiting = 0;
  private occupied = 0; // bays with a truck plugged in
  private readonly charging = truckList(); // in the order trucks started charging, each swapped out for the last when it stops
  // While `heaps`, by bay index: when each truck drawing its own power reaches its goal, and the
  // `thr` of each truck at the level (see MILESTONES).
  private heaps = false;
  private readonly milestones: SlotHeap;
  private readonly thresholds: SlotHeap;
  private readonly dueNow = truckList(); // scratch for collectDue, grown once to the most due at once
  // What the last re-plan's look at every charging truck found, while no truck has started or
  // stopped charging or changed its `next` since (`earliestKnown`): the truck drawing its own power
  // whose `next` is the earliest, so that at a milestone `collectDue` need not look at every truck
  // again (null, or a truck whose `next` is Infinity, when nobody has a milestone to come). Not
  // known when two trucks share the earliest `next`.
  private earliest: Truck | null = null;
  private earliestKnown = false;
  private gridKw = 0;
  // The unconstrained demand's excess over the grid power, as last handed to the signals; and
  // whether a re-plan may have changed it since (only where a limit can bind or a site stands
  // between the trucks and the grid: elsewhere demand is the grid power itself).
  private excessKw = 0;
  private demandStale = false;
  private readonly canBind: boolean;
  // The level every truck at it draws (as planned at the last re-plan), and how many draw it.
  // Three accumulators integrate it over time, so that those trucks are brought up to date only
  // when something happens to them: `vKwh` the energy the level delivered (kWh), `vwKwh` the same
  // inside the statistics window, `twMin` the window's minutes during which the level was positive.
  private mu = Infinity;
  private levelCount = 0;
  private vKwh = -0; // -0, not 0: a double from the start, so that the run's shape never changes
  private vwKwh = -0;
  private twMin = -0;
  private levelAt = Infinity; // when the first truck at the level reaches its goal
  private levelThr = Infinity; // that truck's `thr` and a tie's energy of the level: every truck at the level with no greater `thr` is then due
  private lastT = 0;
  // The clock: the time of the event being handled (minutes). A field, not a parameter, because the
  // handlers read it at every step and a number passed between functions may cost an allocation.
  private now = 0;
  private powerAt = NaN; // when the earliest charging milestone falls due; NaN: none pending
  private readonly tie: number; // minutes within which two instants are one (see TIE)
  /**
   * The instant of the last milestone taken, while nothing else has been (NaN once an arrival or a
   * calendar event comes between), and how many were taken there one after another since.
   */
  private milestoneAt = NaN;
  private repeats = 0;
  /**
   * More milestones than that one after another at one instant: far more than every bay's truck
   * crossing its curve's steps and ending there, one milestone each, and the site's events, need.
   */
  private readonly repeatLimit: number;
  private events = 0;
  private dirty = false; // something changed that needs a re-plan
  // Some truck's milestone may be due now. Milestones fall due only at `powerAt` (the earliest of
  // them), or at once for a truck that plugs in wanting nothing.
  private due = false;
  private incoming: Truck | null = null; // the next truck to arrive, already drawn
  private readonly pool = truckList(); // trucks that have left, for reuse: no allocation per truck
  private trucks = 0;
  private started = false;
  private finished: SimulationResult | null = null;

  private readonly name: string;
  private readonly drainLimit: number; // minutes; past it the run is a runaway
  private readonly W: number; // statistics window start, minutes
  private readonly H: number; // horizon, minutes
  private readonly tally: TruckTally;
  private readonly fleetTallies: readonly FleetTally[] | null; // per type; null when there is one (the overall tally is its)
  private readonly hours: HourTally;
  private hour = 0; // hour-of-week cell of the latest arrival, which ends at `hourEnd`
  private hourEnd = -Infinity;
  private readonly signals: SignalRecorder; // grid power, occupied bays, queue, demand, battery power
  // The site's own, last, so that the fields every run uses keep their places: a grid limit that
  // varies or a battery (null when the limit is a constant and there is none), when it next needs
  // a re-plan of its own (Infinity without one), its prices and the connection's size.
  private readonly site: Site | null;
  private siteAt = Infinity;
  private readonly economics: Scenario['economics'];
  private readonly connectionKw: number; // the largest grid limit in force (hub.gridKw)
  private readonly chargers: Scenario['hub']['chargers']; // only to name a group that never comes back

  constructor(
    scenario: Scenario,
    seed: number,
    private readonly opts: SimulateOptions,
  ) {
    checkRunInput(scenario, seed, opts);
    this.source = new TruckSource(scenario, seed);
    const cabinetKw: number[] = [];
    const poolKeys: string[] = [];
    for (const g of scenario.hub.chargers) {
      const conn = CONNECTORS.indexOf(g.connector);
      const key = `${conn}:${g.reservedFor.join(',')}`;
      if (!poolKeys.includes(key)) poolKeys.push(key);
      for (let c = 0; c < g.cabinets; c++) {
        const cab = cabinetKw.length;
        cabinetKw.push(g.cabinetKw);
        for (let b = 0; b < g.baysPerCabinet; b++) {
          const bay = new Bay(this.bays.length + 1, g.id, cab, g.connector, conn, g.bayKw, g.reservedFor);
          bay.pool = poolKeys.indexOf(key);
          this.bays.push(bay);
          this.freeTotal++;
        }
      }
    }
    this.freePool = new Int32Array(poolKeys.length);
    for (const b of this.bays) this.freePool[b.pool]++;
    this.outages = outageClocks(scenario.hub.chargers, seed);
    const compiled = new Map<readonly (readonly [number, number])[], Staircase>();
    const compile = (points: readonly (readonly [number, number])[] | undefined) => {
      if (!points) return FLAT;
      // A frozen curve (a validated scenario's) is compiled once for every run: a fleet of many
      // types otherwise spent a good part of each short replication compiling them again.
      const known = Object.isFrozen(points) ? compiledCurves : compiled;
      let c = known.get(points);
      if (!c) known.set(points, (c = staircase(points)));
      return c;
    };
    this.types = scenario.fleet.map((f) => {
      const kwAt = Float64Array.from(this.bays, (b) => {
        const max = f.maxKw[b.connector];
        if (max === undefined || !b.open.includes(f.stop)) return -1;
        return b.bayKw < max ? b.bayKw : max;
      });
      return {
        name: f.name,
        batteryKwh: f.batteryKwh,
        leave: f.behaviour.leave,
        curves: CONNECTORS.map((c) => compile(f.curves[c])),
        pools: Int32Array.from(new Set(this.bays.filter((_, i) => kwAt[i] >= 0).map((b) => b.pool))),
        kwAt,
        maxAt: Float64Array.from(this.bays, (b) => f.maxKw[b.connector] ?? 0),
      };
    });
    this.cabinetPlugged = new Int32Array(cabinetKw.length);
    const gridKw = scenario.hub.gridKw;
    const site = Site.of(scenario);
    this.site = site;
    const most = mostDrawn(this.bays, this.types, cabinetKw.length);
    const canBind = limitsCanBind(most, this.bays.length, cabinetKw, site === null ? gridKw : site.leastLimitKw);
    const cabinetOf = this.bays.map((b) => b.cabinet);
    this.planner = new PowerPlanner(cabinetKw, cabinetOf, gridKw, canBind ? POLICIES[scenario.hub.allocation] : null);
    this.canBind = canBind;
    this.milestones = new SlotHeap(this.bays.length);
    this.thresholds = new SlotHeap(this.bays.length);
    const { onSession, onTrace } = opts; // each read once
    this.sessionObserver = typeof onSession === 'function' ? onSession : undefined;
    this.traceObserver = typeof onTrace === 'function' ? onTrace : undefined;
    this.tracing = this.traceObserver !== undefined;
    this.spaces = scenario.hub.waitingSpaces;
    this.queues = this.types.map(() => truckList());
    this.heads = this.types.map(() => 0);
    this.W = minutesOfDays(scenario.horizon.warmupDays);
    this.H = minutesOfDays(scenario.horizon.days);
    this.name = scenario.name;
    this.drainLimit = this.H + MAX_DRAIN_DAYS * 1440;
    this.tie = this.drainLimit * TIE;
    this.repeatLimit = 1024 * (this.bays.length + 1);
    // A wait within a tie of the threshold (a bay freed a rounding after it) is in time.
    const threshold = scenario.output.serviceThresholdMin + this.tie;
    this.tally = new TruckTally(threshold, this.tie);
    this.fleetTallies = this.types.length === 1 ? null : this.types.map(() => new FleetTally(threshold));
    this.hours = new HourTally(threshold);
    // Observers are called as methods of the options, as `onSession` and `onTrace` are: an
    // observer written as a class reads its own fields through `this`.
    const observed = opts.onInterval;
    const onInterval = typeof observed === 'function' ? observed : undefined;
    this.signals = new SignalRecorder(
      scenario.output.powerIntervalMin,
      this.W,
      this.H,
      onInterval &&
        ((r) =>
          onInterval.call(opts, {
            startMin: r.start, gridKwMean: r.aMean, gridKwMax: r.aMax, demandKwMean: r.dMean, occupiedBaysMean: r.bMean, queueMean: r.cMean, batteryKwMean: r.fMean,
          })),
      { cellMin: 60, cells: HOURS_OF_WEEK },
      // Grid power never exceeds the connection in force, and demand never exceeds what the cabinets
      // and their bays can draw together, nor does grid power without a battery to charge; a
      // peak-shaving battery holds grid power at its target while it can.
      { a: site?.limit ?? gridKw, d: demandCeiling(most.perCabinet, cabinetKw), aLevel: site?.shavingLevel, aWithinD: !site?.battery },
      scenario.economics?.demandCharge ? minutesOfDays(scenario.economics.demandCharge.periodDays) : 0,
      opts.intervalsBeforeMin,
    );
    this.economics = scenario.economics;
    this.connectionKw = gridKw;
    this.chargers = scenario.hub.chargers;
  }

  step(budget: number): boolean {
    if (this.handle(budget)) return true;
    // Off the event loop's path, so that the loop's optimised code never meets the histograms'
    // first move from lists to buckets (see LogHistogram).
    this.tally.waitHist.compact();
    if (this.fleetTallies !== null) for (const f of this.fleetTallies) f.waits.compact();
    this.signals.compact();
    return false;
  }

  /** @throws SimulationError: milestones at one instant without end (see `repeatLimit`). */
  private stuck(): never {
    throw new SimulationError(`${this.name}: the run stopped moving at minute ${this.now}: ${this.repeats} milestones there, one after another`);
  }

  /** Handles up to `budget` events; true once the run has finished. */
  private handle(budget: number): boolean {
    if (this.finished) return true;
    const cal = this.cal;
    if (!this.started) {
      this.started = true;
      this.drawNext();
      if (this.outages.length > 0) this.startOutages();
      if (this.site !== null) this.replan(); // the battery may start charging at once
    }
    for (; budget > 0; budget--) {
      const power = this.powerAt; // NaN (none) fails every comparison
      const other = cal.peekTime();
      const arrival = this.incoming ? this.incoming.arrival : Infinity;
      let kind: number;
      let t: Truck | null = null;
      let ref: unknown = null;
      let clock = 0; // an outage's clock, by position
      // A milestone a tie after the next event is taken first, at that event's instant (see TIE);
      // not the site's own event (the limit changing, the battery full), which, taken there, would
      // find itself not yet due and be set again, for ever: it is taken at its instant, after them.
      const tie = power === this.siteAt ? 0 : this.tie;
      if (power <= other + tie && power <= arrival + tie) {
        if (power >= this.H && this.emptyForGood()) {
          // Past the horizon with the hub empty for good: a truck's time left over (one that left
          // at its break's end short of its target) changes nothing, and nor does the site's next
          // event once `siteIdle` says so. Taken, they would carry the run on, and a battery
          // charging with it, to when that truck would have been charged or the battery full:
          // months on, or past the run's drain limit.
          if (power !== this.siteAt) {
            this.powerAt = this.siteAt < Infinity ? this.siteAt : NaN;
            continue;
          }
          if (this.siteIdle(power)) {
            this.siteAt = Infinity;
            this.powerAt = NaN;
            continue;
          }
        }
        kind = MILESTONE;
        // Within a tie of the next event, either side, the milestone is taken at that event's
        // instant, exact as a trace or an outage gives it: a charge ending 10⁻¹⁴ min before a bay
        // goes down freed the bay for a waiting truck in between (which then counted as served),
        // and one ending so before another bay frees gave the truck waiting the worse of the two.
        const next = other < arrival ? other : arrival;
        this.now = next - power <= tie ? next : power;
        this.powerAt = NaN;
        // Milestones that bring the clock no further, over and over, are a re-plan setting its own
        // milestone again: a bug, said as one, not a run that never ends.
        if (this.now !== this.milestoneAt) {
          this.milestoneAt = this.now;
          this.repeats = 0;
        } else if (++this.repeats > this.repeatLimit) this.stuck();
      } else if (other <= arrival && other < Infinity) {
        cal.pop();
        kind = cal.kind;
        this.now = cal.now;
        this.milestoneAt = NaN; // an event between milestones: they are not one after another
        if (kind === BAY_DOWN || kind === BAY_UP) {
          ref = cal.ref;
          clock = cal.data;
          if (this.outagesIdle()) {
            this.events++;
            if (this.held) this.settle();
            continue;
          }
        } else {
          t = cal.ref as Truck;
          // An event for a truck that has since left (and may have been reused) changes nothing; nor
          // does patience running out for a truck already plugged in, nor, past the horizon, the
          // end of the break of a driver whose truck has left the hub: the run ends when the last
          // truck leaves, in every leave mode (inside the window such an event is still taken: it
          // splits the window's time integrals at its instant, and dropping it would move their
          // last digits).
          if (t.id !== cal.data || (kind === PATIENCE && t.state !== WAITING) || (kind === BREAK_END && t.state === GONE && this.now >= this.H)) {
            this.events++;
            // The last of the events at `now` that the waiting trucks were held back for.
            if (this.held) this.settle();
            continue;
          }
        }
      } else if (arrival < Infinity) {
        kind = ARRIVAL;
        this.now = arrival;
        this.milestoneAt = NaN;
      } else {
        if (this.waiting > 0) this.stranded(this.waitingForNever());
        this.end();
        return true;
      }
      if (this.now > this.drainLimit) this.runaway();
      this.events++;
      this.advance();
      if (kind === MILESTONE) this.due = true;
      else if (kind === ARRIVAL) this.arrive();
      else if (kind === BREAK_END) this.breakEnds(t!);
      else if (kind === PATIENCE) this.renege(t!);
      else if (kind === BAY_DOWN) this.outageStarts(ref as OutageClock, clock);
      else if (kind === BAY_UP) this.outageEnds(ref as OutageClock, clock);
      else throw new SimulationError(`unknown event kind ${kind}`);
      this.settle();
    }
    return false;
  }

  get progress(): number {
    return this.now < this.H ? this.now / this.H : 1;
  }

  result(): SimulationResult {
    if (!this.finished) throw new SimulationError('result() called before the run finished');
    return this.finished;
  }

  private end(): void {
    const end = Math.max(this.lastT, this.H);
    this.now = end;
    this.advance();
    const battery = this.site?.battery;
    // A battery still charging when the run ends charges on, as the model has it, to the end of the
    // power interval that holds the end (its events before then were kept: see `planSite`). The
    // interval's row in power.csv is a mean over the whole interval, as every row is: it would
    // otherwise count the battery as idle from the run's end on. Without a battery nothing is drawn
    // once the trucks have left, and the mean over the whole interval holds as it is.
    const last = battery ? this.signals.intervalEnd(end) : end;
    if (last > end) {
      this.now = last;
      this.advance();
    }
    this.site?.finish(last);
    this.signals.finish(last);
    for (const b of this.bays) if (b.down > 0) b.downMin += this.overlap(b.downSince, end);
    const measured: Measured = {
      tally: this.tally,
      fleetTallies: this.fleetTallies,
      hours: this.hours,
      signals: this.signals,
      bays: this.bays,
      cabinetKw: this.planner.cabinetKw,
      battery: battery ?? null,
      windowStartMin: this.W,
      horizonMin: this.H,
      outages: this.outages.length > 0,
      economics: this.economics,
      connectionKw: this.connectionKw,
    };
    this.finished = {
      metrics: runMetrics(measured),
      bays: bayRecords(measured),
      trucks: this.trucks,
      events: this.events,
      endMin: end,
      breakdown: runBreakdown(measured),
      battery: battery ? { startKwh: battery.atWindowStart, endKwh: battery.atWindowEnd } : null,
    };
  }

  /** The trucks present at the horizon have not left long after it: their bays or power are far too few. */
  private runaway(): never {
    // (Or bays they wait for are never in service, whose windows still come and go; or an outage
    // holds every bay some waiting truck can use, and lasts past this: power is not the cause then.)
    if (this.waiting > 0) {
      const never = this.waitingForNever();
      if (never >= 0) this.stranded(never);
      const held = this.heldOutOfService();
      if (held >= 0) this.outOfService(held);
    }
    // Weekly windows that leave the bays in service only moments a week hold the trucks as long.
    const windows = this.chargers.some((g) => g.maintenance.length > 0) ? ', and maintenance windows that may leave the bays little time in service' : '';
    throw new OverloadedError(
      [
        {
          path: 'hub',
          expected: `must let the trucks present at the horizon leave within ${MAX_DRAIN_DAYS} days of it: too few bays or far too little power for the trucks' demand (check cabinets, baysPerCabinet, gridKw, cabinetKw, bayKw, maxKw and curves${windows})`,
          found: `${counted(this.occupied + this.waiting, 'truck')} still at the hub ${MAX_DRAIN_DAYS} days after the horizon`,
        },
      ],
      this.name,
    );
  }

  /**
   * Trucks are waiting for bays that will never be in service (weekly maintenance windows that
   * together cover the week), with no patience to run out: the run cannot end. Ending it when
   * nothing more can happen would drop them from every count and from sessions.csv.
   */
  private stranded(group: number): never {
    throw new OverloadedError(
      [
        {
          path: group >= 0 ? `hub.chargers[${group}].maintenance` : 'hub.chargers',
          expected: `must leave its bays some time in service: its weekly windows together cover the whole week, and a truck that can use only those bays, with no patience to run out, waits for ever (shorten the windows, or set behaviour.patienceMin)`,
          found: `${counted(this.waiting, 'truck')} waiting, the first since day ${Math.floor(this.firstWaiting() / 1440)}, for bays that never come back into service`,
        },
      ],
      this.name,
    );
  }

  /**
   * The charger group (its index) of the bays that outages have held for half the days allowed
   * after the horizon or longer, when they are every bay that some waiting truck can use; -1 when
   * every waiting truck has a bay in service to wait for (or one that a recent outage holds, which a
   * slow hub may just meet).
   */
  private heldOutOfService(): number {
    const long = (MAX_DRAIN_DAYS * 1440) / 2;
    return this.holdingAWaitingTruck((bay) => bay.down !== 0 && this.now - bay.downSince >= long);
  }

  /**
   * The charger group (its index) whose weekly windows, covering the week, keep out of service every
   * bay some waiting truck can use; -1 when none does (a group never in service that the waiting
   * trucks can do without is not what holds them).
   */
  private waitingForNever(): number {
    const never = groupsNeverInService(this.chargers);
    return never.length === 0 ? -1 : this.holdingAWaitingTruck((bay) => never.includes(this.groupOf(bay)));
  }

  /** The charger group of the first bay `held` is true of, when it is true of every bay some waiting truck can use; else -1. */
  private holdingAWaitingTruck(held: (bay: Bay) => boolean): number {
    for (let k = 0; k < this.queues.length; k++) {
      const q = this.queues[k];
      let h = this.heads[k];
      while (h < q.length && q[h].state !== WAITING) h++;
      if (h === q.length) continue;
      const kwAt = this.types[k].kwAt;
      let first: Bay | undefined;
      for (let i = 0; i < this.bays.length; i++) {
        if (kwAt[i] < 0) continue;
        if (!held(this.bays[i])) {
          first = undefined;
          break;
        }
        first ??= this.bays[i];
      }
      if (first) return this.groupOf(first);
    }
    return -1;
  }

  private groupOf(bay: Bay): number {
    return this.chargers.findIndex((g) => g.id === bay.charger);
  }

  /** Trucks still wait, long after the horizon, for bays an outage keeps out of service: power is not the cause. */
  private outOfService(group: number): never {
    const g = this.chargers[group];
    // The outage that holds it: its windows or its failures, or the group when it has both.
    const path = `hub.chargers[${group}]` + (g.failures === undefined ? '.maintenance' : g.maintenance.length === 0 ? '.failures' : '');
    throw new OverloadedError(
      [
        {
          path,
          expected: `must bring its bays back into service within ${MAX_DRAIN_DAYS} days of the horizon: an outage holds every bay some waiting trucks can use, and trucks with no patience to run out (or plugged in before the outage) wait for them (end its windows or repairs sooner${this.leaveAdvice()})`,
          found: `${counted(this.waiting, 'truck')} still waiting ${MAX_DRAIN_DAYS} days after the horizon for bays out of service`,
        },
      ],
      this.name,
    );
  }

  /**
   * When the longest-waiting truck came (its arrival): where weekly windows come and go, the run
   * finds trucks stranded only at the drain limit, a year after the horizon, but they wait from then.
   */
  private firstWaiting(): number {
    let first = Infinity;
    this.eachWaiting((t) => (first = Math.min(first, t.arrival)));
    return first;
  }

  /** Calls `f` with every truck still waiting in the queues (messages of a run that cannot end; not a hot path). */
  private eachWaiting(f: (t: Truck) => void): void {
    for (let k = 0; k < this.queues.length; k++) {
      const q = this.queues[k];
      for (let h = this.heads[k]; h < q.length; h++) if (q[h].state === WAITING) f(q[h]);
    }
  }

  /**
   * What else would let the waiting trucks go, after ", or": patience, for those without it; a
   * break's end, for those plugged in before an outage (they no longer renege, but leave the queue
   * at their break's end under `breakEnd`).
   */
  private leaveAdvice(): string {
    let impatient = false;
    let requeued = false;
    this.eachWaiting((t) => {
      if (t.requeued) requeued = true;
      else impatient = true;
    });
    return (
      (impatient ? ', or set behaviour.patienceMin' : '') +
      (requeued ? ', or let trucks leave at their break\'s end (behaviour.leave "breakEnd"): those plugged in before the outage no longer renege' : '')
    );
  }

  /**
   * Integrates the site-wide signals (power, occupied bays, queue) from the last event up to `now`.
   * Each truck's energy and its bay's statistics are brought up to date only when its power
   * changes (`sync`), so an event costs nothing for the trucks it does not touch.
   */
  private advance(): void {
    const now = this.now;
    const from = this.lastT;
    if (now <= from) return;
    if (this.demandStale) this.recordDemand(from);
    this.signals.hold(this.gridKw, this.occupied, this.waiting, from, now);
    this.lastT = now;
    if (this.levelCount > 0) this.advanceLevel(from, now);
  }

  // The level's code is kept out of the paths every run takes (here and below), so that hubs with
  // no level do not pay for it in the compiler's inlining budget.

  /** Integrates the level over [from, now) into its accumulators. */
  private advanceLevel(from: number, now: number): void {
    const mu = this.mu;
    if (!(mu > 0)) return;
    this.vKwh += (mu * (now - from)) / 60;
    const inWindow = this.overlap(from, now);
    if (inWindow > 0) {
      this.vwKwh += (mu * inWindow) / 60;
      this.twMin += inWindow;
    }
    if (this.vKwh > MILESTONES.rebaseKwh || this.twMin > MILESTONES.rebaseKwh) this.rebase();
  }

  /**
   * Restarts the level's accumulators from 0, so that the differences taken of them stay exact to
   * a fixed number of digits however long the level lasts: every truck at it is brought up to date
   * first, and its `thr` moved by the same amount.
   */
  private rebase(): void {
    const v = this.vKwh;
    for (const t of this.charging) {
      if (!t.atLevel) continue;
      this.syncLevel(t);
      t.thr -= v;
      t.vOff = 0;
      t.vwOff = 0;
      t.twOff = 0;
    }
    if (this.heaps) this.thresholds.shiftKeys(v);
    this.levelThr -= v;
    this.vKwh = 0;
    this.vwKwh = 0;
    this.twMin = 0;
  }

  /** Brings a plugged-in truck's energy and its bay's statistics up to `now`, at its `rate` or the level. */
  private sync(t: Truck): void {
    const now = this.now;
    if (t.atLevel) {
      this.syncLevel(t);
      return;
    }
    const from = t.since;
    const power = t.rate;
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

  /** `sync` for a truck at the level: what the level delivered since it was last brought up to date. */
  private syncLevel(t: Truck): void {
    const gained = this.vKwh - t.vOff;
    if (gained > 0) t.energy += gained;
    const inWindow = this.twMin - t.twOff;
    if (inWindow > 0) {
      const bay = t.bay!;
      bay.charging += inWindow;
      bay.energy += this.vwKwh - t.vwOff;
    }
    t.vOff = this.vKwh;
    t.vwOff = this.vwKwh;
    t.twOff = this.twMin;
    t.since = this.now;
  }

  /** Length of [from, to) inside the statistics window. */
  private overlap(from: number, to: number): number {
    return windowOverlap(from, to, this.W, this.H);
  }

  /** Draws the next truck and schedules its arrival, until the source runs dry. */
  private drawNext(): void {
    const t = this.pool.pop() ?? new Truck();
    this.incoming = this.source.next(t) ? t : null;
  }

  private arrive(): void {
    const now = this.now;
    const truck = this.incoming!;
    this.trucks++;
    this.drawNext();
    truck.begin(this.types[truck.type]);
    // Arrivals come in time order, so the hour-of-week cell is worked out once an hour.
    if (truck.arrival >= this.hourEnd) this.nextHour(truck.arrival);
    truck.hour = this.hour;
    if (this.tracing) this.note('arrive', truck);
    if (this.breakOver(truck)) {
      // A break of 0 in `breakEnd` mode: no time to charge, even at a free bay.
      truck.state = GONE;
      if (this.tracing) this.note('renege', truck);
      this.finish(truck, 'reneged');
      this.pool.push(truck);
      return;
    }
    // After every event no waiting truck has a free compatible bay, so a newcomer that finds one
    // takes it without overtaking anybody.
    const bay = this.chooseBay(truck.info!);
    if (bay) {
      this.plug(truck, bay);
      return;
    }
    if (this.waiting >= this.spaces) {
      truck.state = GONE;
      if (this.tracing) this.note('balk', truck);
      this.finish(truck, 'balked');
      this.pool.push(truck);
      return;
    }
    if (this.waiting >= MAX_WAITING) this.overflow();
    this.queues[truck.type].push(truck);
    this.waiting++;
    // In `breakEnd` mode a driver whose break is over has no reason to wait for a bay.
    const patience = truck.leave === 'breakEnd' ? Math.min(truck.patienceMin, truck.breakMin) : truck.patienceMin;
    if (patience < Infinity) this.cal.schedule(now + patience, PATIENCE, truck.id, PATIENCE, truck);
  }

  private nextHour(t: number): void {
    const n = Math.floor(t / 60);
    this.hour = n % HOURS_OF_WEEK;
    this.hourEnd = (n + 1) * 60;
  }

  /** The queue has grown without bound: the hub cannot serve its arrivals, and nothing turns them away. */
  private overflow(): never {
    throw new OverloadedError(
      [
        {
          path: 'hub',
          // The bound holds whatever the scenario says: waitingSpaces may be up to 10^6 by the
          // format, so the hint names the most that a run can hold.
          expected: `must not leave more than ${MAX_WAITING} trucks waiting at once: the hub cannot serve its arrivals (add bays or power, or bound the queue with hub.waitingSpaces of at most ${MAX_WAITING} or behaviour.patienceMin)`,
          // The truck arriving now would be one past the bound: the count at which the run stops.
          found: `${MAX_WAITING + 1} waiting on day ${Math.floor(this.now / 1440)}`,
        },
      ],
      this.name,
    );
  }

  /**
   * Whether a truck in `breakEnd` mode has no time left to charge: its break is over and it still
   * wants energy. Plugged in now it would unplug at once with nothing, and count as served; it
   * drives on instead, as a driver does whose break ends while waiting (a truck at its target
   * already still plugs in, and has reached it at once).
   */
  private breakOver(t: Truck): boolean {
    return t.leave === 'breakEnd' && t.breakEnd <= this.now && t.targetEnergy > t.energy;
  }

  private renege(t: Truck): void {
    if (t.requeued) return; // it was plugged in before its bay failed: it waits as its leave mode says
    t.state = GONE;
    this.waiting--;
    if (this.tracing) this.note('renege', t);
    this.finish(t, 'reneged');
  }

  private breakEnds(t: Truck): void {
    const leave = t.leave;
    if (t.state !== PLUGGED) {
      if (t.state === WAITING && t.requeued && leave === 'breakEnd') this.leaveQueue(t);
      return;
    }
    if (!t.reached) this.reachesNow(t);
    if (leave === 'breakEnd') this.unplug(t, t.reached ? 'charged' : 'left_at_break_end');
    else if (t.reached) this.unplug(t, 'charged'); // chargedAndBreakEnd: both now hold
  }

  /**
   * Marks a truck still charging as at its target when its energy, brought up to now, is its target
   * but for rounding. Its milestone is a time worked out from energies, and can fall a hair after an
   * instant it meets exactly: its break's end (180 kWh at 120 kW over a 90-minute break came out at
   * 90.00000000000003), or its bay going down (50 kWh at 60 kW from 06:10 against maintenance from
   * 07:00). By the order of ties the target comes first, so the truck is charged.
   */
  private reachesNow(t: Truck): void {
    this.sync(t);
    if (t.targetEnergy - t.energy <= REACHED_ROUNDING * t.targetEnergy) this.reachTarget(t);
  }

  /** A charging truck, brought up to now, is at its target: it stops charging, to leave when its mode says. */
  private reachTarget(t: Truck): void {
    t.energy = t.targetEnergy;
    t.reached = true;
    t.reachedTime = this.now;
    this.stopCharging(t);
    t.rate = 0;
    this.dirty = true;
  }

  /** Best free bay for a type: highest nominal power, then emptiest cabinet, then lowest number. */
  private chooseBay(info: TypeInfo): Bay | null {
    if (!this.canPlug(info)) return null;
    let best: Bay | null = null;
    let bestKw = -1;
    let bestLoad = 0;
    const bays = this.bays;
    const kwAt = info.kwAt;
    for (let i = 0; i < bays.length; i++) {
      const bay = bays[i];
      if (bay.truck !== null) continue; // (an unavailable bay holds OUT_OF_SERVICE)
      const kw = kwAt[i];
      if (kw < 0) continue;
      const load = this.cabinetPlugged[bay.cabinet];
      if (kw > bestKw || (kw === bestKw && load < bestLoad)) {
        best = bay;
        bestKw = kw;
        bestLoad = load;
      }
    }
    return best;
  }

  /** Whether some bay the type can use is free. */
  private canPlug(info: TypeInfo): boolean {
    const p = info.pools;
    for (let i = 0; i < p.length; i++) if (this.freePool[p[i]] > 0) return true;
    return false;
  }

  private plug(t: Truck, bay: Bay): void {
    const now = this.now;
    t.state = PLUGGED;
    t.bay = bay;
    t.cabinet = bay.cabinet;
    t.maxKw = t.info!.maxAt[bay.index - 1];
    t.plugTime = now;
    t.since = now;
    // A truck wanting nothing has reached its target on plugging in, whatever power it is given.
    t.next = t.targetEnergy <= t.energy ? now : NaN;
    if (t.next === now) this.due = true;
    bay.truck = t;
    this.freePool[bay.pool]--;
    this.freeTotal--;
    this.cabinetPlugged[bay.cabinet]++;
    this.occupied++;
    if (now >= this.W && now < this.H) bay.sessions++;
    if (this.tracing) this.note('plug', t);
    this.dirty = true;
    const curve = t.info!.curves[bay.conn];
    t.curve = curve;
    t.step = stepAt(curve, t.energy / t.info!.batteryKwh);
    this.setStep(t);
    t.ci = this.charging.length;
    this.charging.push(t);
    this.earliestKnown = false;
    // Break ends a rounding apart (0.1 + 45.2 and 0.3 + 45) are one to `deadline`, which then goes by plug-in time.
    this.planner.start(bay.index - 1, t.cap, now, Math.round(t.breakEnd / this.tie) * this.tie, t.id);
    if (t.next === now && this.heaps) this.milestones.set(bay.index - 1, now);
    // (A truck plugging in again after an outage has its break's end scheduled already.)
    if (t.leave !== 'charged' && t.breakEnd >= now && !t.requeued) this.cal.schedule(t.breakEnd, BREAK_END, t.id, BREAK_END, t);
  }

  private setStep(t: Truck): void {
    const info = t.info!;
    const c = t.curve!;
    t.stepEnd = t.step + 1 < c.soc.length ? c.soc[t.step + 1] * info.batteryKwh : Infinity;
    const max = t.maxKw * c.frac[t.step];
    const bayKw = t.bay!.bayKw;
    t.cap = bayKw < max ? bayKw : max;
  }

  private unplug(t: Truck, outcome: Outcome): void {
    this.leaveBay(t);
    t.state = GONE;
    if (this.tracing) this.note('unplug', t);
    this.finish(t, outcome);
    this.pool.push(t);
  }

  /** Frees a truck's bay at `now` (charged or not, leaving or requeued): its energy and the bay's occupied time brought up to date. */
  private leaveBay(t: Truck): void {
    const bay = t.bay!;
    this.sync(t);
    bay.occupied += this.overlap(t.plugTime, this.now);
    bay.truck = null;
    this.freePool[bay.pool]++;
    this.freeTotal++;
    this.cabinetPlugged[bay.cabinet]--;
    this.occupied--;
    if (!t.reached) this.stopCharging(t);
    t.rate = 0;
    this.dirty = true;
  }

  /**
   * Brings the hub to a consistent state at `now`: trucks that reached their target or a curve
   * step are updated, freed bays are filled from the queue, and power is re-planned if anything
   * changed; then the next charging milestone is scheduled.
   */
  private settle(): void {
    const now = this.now;
    let changed = true;
    while (changed) {
      changed = false;
      const n = this.due ? this.collectDue() : 0;
      const due = this.dueNow;
      for (let j = 0; j < n; j++) {
        const t = due[j];
        // The milestone computed at the last re-plan is due: the truck is exactly there.
        this.sync(t);
        if (t.targetEnergy <= t.stepEnd) {
          this.reachTarget(t);
          if (t.leave !== 'chargedAndBreakEnd' || now >= t.breakEnd) {
            this.unplug(t, 'charged');
            changed = true;
          } else if (this.tracing) {
            // Plugged in till its break ends, out of the charging trucks whose powers a re-plan traces.
            this.note('charged', t);
          }
        } else {
          t.energy = t.stepEnd;
          t.step++;
          this.setStep(t);
          t.next = NaN;
          this.earliestKnown = false;
          this.dirty = true;
          this.planner.setCap(t.bay!.index - 1, t.cap);
        }
      }
      this.due = false;
      this.held = this.baysChangeAhead(now);
      // (Tested here, so that the compiled `settle` calls `dispatch` only while trucks wait.)
      if (!this.held && this.waiting > 0 && this.dispatch()) changed = true;
    }
    // Held, the hub is between events of one instant: power is planned once they are all taken.
    if (this.dirty && !this.held) this.replan();
  }

  /**
   * Whether an event still to be taken at `now` may free a bay or take one down: a break's end (the
   * calendar orders it after every charging milestone at `now`) or an outage starting or ending.
   * The waiting trucks are served once those have been taken, so that every bay free at `now` is
   * open to them, and the first takes the best (README, The model: the queue), whichever event was
   * scheduled first; and a bay that an outage takes down at `now` is unavailable from then on, so
   * that no truck plugs into it for no time and counts as served. A break's end that frees nothing
   * (a truck gone or waiting) only puts serving off to the next event at `now`.
   */
  private baysChangeAhead(now: number): boolean {
    const cal = this.cal;
    if (cal.peekTime() !== now) return false;
    const kind = cal.peekKind();
    return kind === BREAK_END || kind === BAY_DOWN || kind === BAY_UP;
  }

  /** Plugs waiting trucks into free bays, first come first served among those that can use one. */
  private dispatch(): boolean {
    let any = false;
    while (this.waiting > 0 && this.freeTotal > 0) {
      let best: Truck | null = null;
      for (let k = 0; k < this.queues.length; k++) {
        const q = this.queues[k];
        let h = this.heads[k];
        // Trucks that reneged stay in the queue until its head passes them; then they can be reused.
        // A head whose break is over at a bay freeing as it ends (`breakEnd` mode) leaves now, before
        // its own event at this instant, rather than take the bay for no energy.
        for (; h < q.length; h++) {
          const t = q[h];
          if (t.state === WAITING) {
            if (!this.breakOver(t)) break;
            if (t.requeued) this.leaveQueue(t);
            else this.renege(t);
          }
          this.pool.push(t);
        }
        this.heads[k] = h;
        if (h === q.length) continue;
        const head = q[h];
        if (best !== null && head.id > best.id) continue;
        if (this.canPlug(head.info!)) best = head;
      }
      if (best === null) break;
      const k = best.type;
      this.heads[k]++;
      if (this.heads[k] > 1024 && this.heads[k] * 2 > this.queues[k].length) {
        this.queues[k].splice(0, this.heads[k]); // compact occasionally: amortised O(1) per truck
        this.heads[k] = 0;
      }
      this.waiting--;
      this.plug(best, this.chooseBay(best.info!)!);
      // A truck at its target on plugging in leaves at once, before the next waiting truck picks a
      // bay: else that truck took a worse bay while this one's, the best, was about to be free.
      if (best.next === this.now && (best.leave !== 'chargedAndBreakEnd' || this.now >= best.breakEnd)) {
        this.reachTarget(best);
        this.unplug(best, 'charged');
      }
      any = true;
    }
    return any;
  }

  /**
   * Puts in `dueNow`, and counts, the trucks whose milestone is due now: those drawing their own
   * power with `next` <= now, and, once `levelAt` has come, those at the level with `thr` <=
   * `levelThr`. They are taken out of the heaps (a re-plan puts back those still charging), and
   * ordered as the list of charging trucks is walked from its end, as a scan finds them, so that
   * heaps and scans handle simultaneous milestones in one order.
   */
  private collectDue(): number {
    // Every milestone within a tie of the instant, not only the earliest (which may lie a tie after
    // the clock: see `handle`): two charges that end together in exact arithmetic may end an ulp
    // apart (378 kWh at 150 kW each, the products taken in another order), and a waiting truck
    // must find both bays free.
    const by = this.now + this.tie;
    // A milestone is also when the site's next event falls due (see `planSite`): it needs a re-plan.
    if (by >= this.siteAt) this.dirty = true;
    if (this.heaps) return this.collectDueFromHeaps(by);
    if (this.levelAt <= by) return this.collectDueWithLevel(by);
    if (!this.earliestKnown) return this.collectDueByScan(by);
    // Every other truck's `next` is later than the earliest's, or NaN.
    const t = this.earliest;
    // (`by` is at most a tie after the earliest's `next`, and every other truck's is later than that.)
    if (t === null || by < t.next) return 0;
    this.dueNow[0] = t;
    return 1;
  }

  /** `collectDue` looking at every charging truck. */
  private collectDueByScan(now: number): number {
    const due = this.dueNow;
    const charging = this.charging;
    let n = 0;
    // (A truck at the level has no `next`: NaN fails the comparison.)
    for (let i = charging.length - 1; i >= 0; i--) if (charging[i].next <= now) due[n++] = charging[i];
    return n;
  }

  /** `collectDue` when the level's first milestone has come too. */
  private collectDueWithLevel(now: number): number {
    const due = this.dueNow;
    const charging = this.charging;
    let n = 0;
    for (let i = charging.length - 1; i >= 0; i--) {
      const t = charging[i];
      if (t.atLevel ? t.thr <= this.levelThr : t.next <= now) due[n++] = t;
    }
    return this.leaveLevel(n);
  }

  /** `collectDue` while the milestones are in heaps. */
  private collectDueFromHeaps(now: number): number {
    const due = this.dueNow;
    const bays = this.bays;
    const own = this.milestones;
    let n = 0;
    while (own.size > 0 && own.topKey() <= now) due[n++] = bays[own.pop()].truck!;
    if (this.levelAt <= now) {
      const level = this.thresholds;
      while (level.size > 0 && level.topKey() <= this.levelThr) due[n++] = bays[level.pop()].truck!;
      n = this.leaveLevel(n);
    }
    // Latest in the list first (insertion sort: rarely more than one or two).
    for (let j = 1; j < n; j++) {
      const t = due[j];
      let h = j - 1;
      while (h >= 0 && due[h].ci < t.ci) {
        due[h + 1] = due[h];
        h--;
      }
      due[h + 1] = t;
    }
    return n;
  }

  /**
   * Once the level's first milestone has come: the due trucks at the level (among the first n in
   * `dueNow`) are brought up to date and handled as trucks of their own until the re-plan.
   */
  private leaveLevel(n: number): number {
    const due = this.dueNow;
    for (let j = 0; j < n; j++) {
      const t = due[j];
      if (!t.atLevel) continue;
      this.syncLevel(t);
      t.atLevel = false;
      t.rate = 0;
    }
    this.levelAt = Infinity;
    return n;
  }

  /** Takes a truck out of the charging trucks: the list, the milestone heaps and the planner. */
  private stopCharging(t: Truck): void {
    const charging = this.charging;
    const i = t.ci;
    if (i < 0 || charging[i] !== t) throw new SimulationError(`truck ${t.id} missing from a list it should be in`);
    const last = charging.pop()!;
    if (last !== t) {
      charging[i] = last;
      last.ci = i;
    }
    t.ci = -1;
    this.earliestKnown = false;
    const slot = t.bay!.index - 1;
    if (t.atLevel) {
      this.syncLevel(t);
      t.atLevel = false;
    }
    if (this.heaps) this.dropMilestones(slot);
    this.planner.stop(slot);
  }

  /**
   * Re-plans power: the planner brings the allocation up to date, and each truck whose power
   * changed (or that plugged in or crossed a curve step) is brought up to date at its old power
   * and gets its next milestone at the new one. Trucks at the level are not visited when only the
   * level moves: its accumulators carry them, and the first of them to reach its goal is found in
   * `thresholds`.
   */
  private replan(): void {
    const now = this.now;
    this.dirty = false;
    const planner = this.planner;
    if (this.site !== null) planner.setGridKw(this.site.truckLimit(now));
    planner.plan();
    const bays = this.bays;
    const changed = planner.changed;
    const atLevel = planner.atLevel;
    for (let j = 0; j < planner.changedCount; j++) {
      const slot = changed[j];
      const t = bays[slot].truck!;
      if (atLevel[slot] || t.atLevel) {
        if (this.replanAtLevel(t, slot)) continue;
      }
      const goal = t.targetEnergy < t.stepEnd ? t.targetEnergy : t.stepEnd;
      const power = planner.power[slot];
      if (power !== t.rate) {
        this.sync(t);
        t.rate = power;
      }
      // From `since`, when `energy` held: now after a change of power, earlier for a truck that the
      // plan touched but left at its power (equal sharing can take one into the level and out
      // again on a rounding tie), whose energy is then not brought up to date.
      let next = power > 0 ? t.since + ((goal - t.energy) * 60) / power : Infinity;
      if (next < now) next = now; // rounding may put a truck a hair past its goal
      t.next = next;
      if (this.heaps) this.milestones.set(slot, next);
    }
    const charging = this.charging;
    const n = charging.length;
    if (this.heaps ? n < MILESTONES.scanBelow : n >= MILESTONES.heapsFrom) this.switchHeaps();
    if (planner.levelCount > 0 || this.levelCount > 0) this.takeLevel();
    // The earliest milestones, of the trucks drawing their own power and of those at the level,
    // and the power the site draws. Looking at every truck anyway, a run adds their powers up in
    // the order of the list; with heaps, the planner keeps the sum. (The two sums may differ in
    // their last digits.)
    let own = Infinity;
    let thr = Infinity;
    if (this.heaps) {
      own = this.milestones.topKey();
      thr = this.thresholds.topKey();
      this.gridKw = planner.sitePower;
    } else {
      const mu = this.mu;
      let grid = 0;
      let earliest: Truck | null = null;
      let second = Infinity; // the next milestone after the earliest's, or the same
      for (let i = 0; i < n; i++) {
        const t = charging[i];
        if (t.atLevel) {
          if (t.thr < thr) thr = t.thr;
          grid += mu;
        } else {
          const next = t.next;
          if (next <= own) {
            second = own;
            own = next;
            earliest = t;
          } else if (next < second) second = next;
          grid += t.rate;
        }
      }
      this.gridKw = grid;
      // The earliest alone when no other milestone lies within a tie of it (at Infinity, nobody is due).
      this.earliest = earliest;
      this.earliestKnown = own === Infinity || second > own + this.tie;
    }
    this.demandStale = this.canBind;
    const levelAt = this.levelCount > 0 ? this.levelMilestone(thr) : Infinity;
    if (this.tracing) this.tracePowers();
    const next = own < levelAt ? own : levelAt;
    if (this.site !== null) this.planSite(next);
    else if (next < Infinity) this.powerAt = next;
  }

  // The site's part of a re-plan, apart from the trucks'.

  /** Whether nobody is at the hub, at a bay or waiting, and nobody is still to come. */
  private emptyForGood(): boolean {
    return this.occupied === 0 && this.waiting === 0 && this.incoming === null;
  }

  /** Whether the site's next event, at `siteAt`, is past everything measured (see `planSite`). */
  private siteIdle(siteAt: number): boolean {
    return siteAt >= this.H && this.emptyForGood() && (this.site!.battery === null || siteAt >= this.signals.intervalEnd(this.lastT > this.H ? this.lastT : this.H));
  }

  /**
   * `replan` with a site: once the trucks' power is planned (`gridKw` holds their sum), the
   * battery's is, and `gridKw` becomes the grid draw. The site's next event joins the trucks' next
   * milestone `next` in `powerAt`: one stream of times for both.
   */
  private planSite(next: number): void {
    const site = this.site!;
    this.gridKw = site.plan(this.now, this.gridKw);
    // As without a site, the demand is handed over by the next `advance`: several re-plans at one
    // instant (a bay failing and repaired at once) then hand over only the last, so that a limit
    // given hour by hour that never changes integrates exactly as the same number given once.
    this.demandStale = true;
    let siteAt = site.nextAt;
    // Past the window, with nobody at the hub and nobody to come, the site's own events would go on
    // for ever and change nothing measured: the run ends without them. Without a battery they are
    // only changes of the limit, which nobody draws on: else the run, and power.csv, would run on
    // to the next change of the limit. A battery's are kept until the end of the power interval
    // that holds the run's end, which `end` follows the battery to (so that it stops charging there
    // when it fills first). Events of the calendar keep none of them: a driver's break ending after
    // the truck has left, patience that can no longer run out, an outage (which, the hub idle, is
    // dropped without bringing time forward: else a weekly maintenance would carry the run on to
    // its next week).
    if (this.siteIdle(siteAt)) siteAt = Infinity;
    const old = this.siteAt;
    this.siteAt = siteAt;
    const at = next < siteAt ? next : siteAt;
    // As in `replan`, a truck's time left over fires as a milestone that finds nothing due; a site
    // event no longer due is dropped.
    if (at < Infinity) this.powerAt = at;
    else if (this.powerAt === old) this.powerAt = NaN;
    if (this.tracing) {
      const b = site.battery;
      this.traceObserver!.call(this.opts, {
        t: this.now, event: 'site', limitKw: site.gridLimitKw, trucksKw: site.trucksKw, batteryKw: site.batteryKw, storedKwh: b ? b.energy : 0, gridKw: site.gridKw,
      });
    }
  }

  /**
   * `recordDemand` with a site, from `from` on: the trucks' demand is what they draw, or more where
   * a limit binds, whatever the battery adds to or takes from the grid draw; and the battery's power.
   */
  private recordSiteDemand(from: number): void {
    const site = this.site!;
    const trucks = site.trucksKw;
    const demand = this.planner.demandKw;
    const excess = (this.canBind && demand > trucks ? demand - trucks : 0) + (trucks - site.gridKw);
    if (excess !== this.excessKw) {
      this.excessKw = excess;
      this.signals.excess(excess, from);
    }
    this.signals.extra(site.batteryKw, from);
  }

  private tracePowers(): void {
    for (const t of this.charging) this.note('power', t);
  }

  private dropMilestones(slot: number): void {
    this.thresholds.remove(slot);
    this.milestones.remove(slot);
  }

  /** Moves the charging trucks' milestones into heaps, or out of them (see MILESTONES). */
  private switchHeaps(): void {
    this.heaps = !this.heaps;
    for (const t of this.charging) {
      const slot = t.bay!.index - 1;
      if (!this.heaps) {
        this.milestones.remove(slot);
        this.thresholds.remove(slot);
      } else if (t.atLevel) this.thresholds.set(slot, t.thr);
      else this.milestones.set(slot, t.next);
    }
  }

  /**
   * `replan` for a truck that is at the level or was: true when it is at the level now, after its
   * threshold is brought up to date; false when it draws power of its own now (and is ready for
   * `replan` to set it).
   */
  private replanAtLevel(t: Truck, slot: number): boolean {
    if (this.planner.atLevel[slot]) {
      if (t.atLevel) this.syncLevel(t);
      else {
        this.sync(t);
        t.atLevel = true;
        t.rate = 0;
        t.vOff = this.vKwh;
        t.vwOff = this.vwKwh;
        t.twOff = this.twMin;
        if (this.heaps) this.milestones.remove(slot);
      }
      const goal = t.targetEnergy < t.stepEnd ? t.targetEnergy : t.stepEnd;
      t.thr = this.vKwh + (goal - t.energy);
      t.next = NaN;
      if (this.heaps) this.thresholds.set(slot, t.thr);
      return true;
    }
    this.syncLevel(t);
    t.atLevel = false;
    if (this.heaps) this.thresholds.remove(slot);
    t.rate = NaN; // so that `replan` sets it
    return false;
  }

  /** `replan` for the level: takes the level the planner found, and how many trucks draw it. */
  private takeLevel(): void {
    const levelCount = this.planner.levelCount;
    this.mu = levelCount > 0 ? this.planner.level : Infinity;
    this.levelCount = levelCount;
    if (levelCount === 0) {
      // Nobody holds an offset into the accumulators: start them again.
      this.vKwh = 0;
      this.vwKwh = 0;
      this.twMin = 0;
      this.levelAt = Infinity;
    }
  }

  /**
   * When the first truck at the level, at `thr`, reaches its goal: it is then due, and so is every
   * truck at the level whose goal the level reaches within a tie of it (a target of 0.55 × 400 kWh
   * is 220.00000000000003), as trucks of their own power are (see `collectDue`).
   */
  private levelMilestone(thr: number): number {
    const now = this.now;
    const mu = this.mu;
    let levelAt = Infinity;
    if (mu > 0) {
      levelAt = now + ((thr - this.vKwh) * 60) / mu;
      if (levelAt < now) levelAt = now;
      this.levelThr = thr + (mu * this.tie) / 60;
    }
    this.levelAt = levelAt;
    return levelAt;
  }

  /**
   * Hands the unconstrained demand to the signals, as its excess over the grid power, for the span
   * that starts at `from` (the last re-plan). Called from `advance`, once per re-plan, rather than
   * from `replan` itself, which keeps the re-planning path lean; the planner keeps each cabinet's
   * cap sum, so this costs O(log cabinets) per cabinet changed.
   */
  private recordDemand(from: number): void {
    this.demandStale = false;
    if (this.site !== null) {
      this.recordSiteDemand(from);
      return;
    }
    const grid = this.gridKw;
    const demand = this.planner.demandKw;
    const excess = demand > grid ? demand - grid : 0;
    if (excess === this.excessKw) return;
    this.excessKw = excess;
    this.signals.excess(excess, from);
  }

  /** Counts a truck that leaves, with `outcome`. */
  private finish(t: Truck, outcome: Outcome): void {
    if (t.requeued) {
      this.finishRequeued(t, outcome, false);
      return;
    }
    const now = this.now;
    const served = outcome === 'charged' || outcome === 'left_at_break_end';
    const battery = t.info!.batteryKwh;
    const delivered = t.energy - t.socIn * battery;
    if (t.arrival >= this.W && t.arrival < this.H) {
      const tally = this.tally;
      tally.arrived++;
      if (served) {
        const inBreak = t.reached && t.reachedTime <= t.breakEnd + this.tie;
        tally.addServed(t.plugTime - t.arrival, now - t.plugTime, t.reached, inBreak, delivered, t.wantKwh);
      } else {
        if (outcome === 'balked') tally.balked++;
        else tally.reneged++;
        tally.energyUnmet += t.wantKwh;
      }
      this.hours.add(t.hour, served ? t.plugTime - t.arrival : NaN);
      if (this.fleetTallies !== null) this.fleetTallies[t.type].add(served, t.plugTime - t.arrival, now - t.plugTime, t.reached, delivered, t.wantKwh);
    }
    if (this.sessionObserver) this.report(t, outcome, served, delivered, t.plugTime - t.arrival, now);
  }

  /**
   * `finish` for a truck that was interrupted by an outage (kept apart so that the common path
   * carries none of it): it waited until its first plug-in and was plugged in for all its
   * sessions; `fromQueue` when it leaves from the queue, unplugged since `lastUnplug`. Always served.
   */
  private finishRequeued(t: Truck, outcome: Outcome, fromQueue: boolean): void {
    const now = this.now;
    const delivered = t.energy - t.socIn * t.info!.batteryKwh;
    const wait = t.firstPlug - t.arrival;
    const charge = fromQueue ? t.pluggedMin : t.pluggedMin + (now - t.plugTime);
    const unplugged = fromQueue ? t.lastUnplug : now;
    if (t.arrival >= this.W && t.arrival < this.H) {
      this.tally.arrived++;
      const inBreak = t.reached && t.reachedTime <= t.breakEnd + this.tie;
      this.tally.addServed(wait, charge, t.reached, inBreak, delivered, t.wantKwh);
      this.hours.add(t.hour, wait);
      if (this.fleetTallies !== null) this.fleetTallies[t.type].add(true, wait, charge, t.reached, delivered, t.wantKwh);
    }
    if (this.sessionObserver) this.report(t, outcome, true, delivered, wait, unplugged);
  }


  // The observers' records are built out of line, so that the hot paths' code stays small.

  private report(t: Truck, outcome: Outcome, served: boolean, delivered: number, wait: number, unplugged: number): void {
    const now = this.now;
    this.sessionObserver!.call(this.opts, {
      truck: t.id,
      fleet: t.info!.name,
      arrivalMin: t.arrival,
      plugMin: served ? (t.requeued ? t.firstPlug : t.plugTime) : NaN,
      unplugMin: served ? unplugged : NaN,
      departMin: served ? Math.max(unplugged, t.breakEnd) : now,
      waitMin: served ? wait : NaN,
      bay: served ? t.bay!.index : 0,
      connector: served ? t.bay!.connector : '',
      socIn: t.socIn,
      // Energy over battery may lie a rounding either side of SoC-in: with nothing delivered a truck
      // leaves at its SoC-in, and never below it.
      socOut: delivered > 0 ? Math.max(t.socIn, t.energy / t.info!.batteryKwh) : t.socIn,
      energyKwh: delivered,
      outcome,
    });
  }

  private note(event: Exclude<TraceEntry['event'], 'down' | 'up' | 'site'>, t: Truck): void {
    const now = this.now;
    const opts = this.opts;
    if (event === 'power') {
      this.traceObserver!.call(opts, { t: now, event, truck: t.id, bay: t.bay!.index, cabinet: t.cabinet, kw: t.atLevel ? this.mu : t.rate, cap: t.cap });
    } else if (event === 'plug' || event === 'unplug' || event === 'requeue' || event === 'charged') {
      this.traceObserver!.call(opts, { t: now, event, truck: t.id, bay: t.bay!.index });
    } else {
      this.traceObserver!.call(opts, { t: now, event, truck: t.id });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Outages: bays failing and under maintenance. A bay is unavailable while any outage holds it;
  // a truck never plugs into it then, and a truck on it when it goes down is interrupted.

  /** Schedules each outage clock's first outage. */
  private startOutages(): void {
    for (let i = 0; i < this.outages.length; i++) {
      const c = this.outages[i];
      const at = c.nextDown(0);
      if (at < Infinity) this.scheduleOutage(at, BAY_DOWN, i, c);
    }
  }

  /**
   * Whether outages no longer matter: past the horizon, with no truck at the hub and none to come.
   * Their events are then dropped (and not renewed), so that a run still ends.
   */
  private outagesIdle(): boolean {
    return this.now >= this.H && this.emptyForGood();
  }

  /**
   * Schedules outage clock `c`'s (the `clock`th's) next change, `kind` BAY_DOWN or BAY_UP, at `at`.
   */
  private scheduleOutage(at: number, kind: number, clock: number, c: OutageClock): void {
    this.cal.schedule(at, kind, clock, kind, c);
  }

  /** Outage clock `c` (the `clock`th) going down. */
  private outageStarts(c: OutageClock, clock: number): void {
    const now = this.now;
    const up = c.upAfter(now);
    // An outage of no length (a repair of 0 minutes, a window too short for the millionth of a
    // minute its hours are rounded to) takes nothing down: a truck on the bay would be unplugged and
    // plugged in again at one instant, one charge counted as two sessions, or moved to another bay
    // that had come free.
    if (up <= now + this.tie) {
      const next = c.nextDown(up);
      if (next < Infinity) this.scheduleOutage(next, BAY_DOWN, clock, c);
      return;
    }
    for (const i of c.bays) this.takeDown(this.bays[i]);
    if (up < Infinity) this.scheduleOutage(up, BAY_UP, clock, c);
  }

  /** Outage clock `c` (the `clock`th) coming back up. */
  private outageEnds(c: OutageClock, clock: number): void {
    const now = this.now;
    for (const i of c.bays) this.bringUp(this.bays[i]);
    const next = c.nextDown(now);
    if (next < Infinity) this.scheduleOutage(next, BAY_DOWN, clock, c);
  }

  private takeDown(bay: Bay): void {
    if (bay.down++ > 0) return;
    bay.downSince = this.now;
    if (this.tracing) this.traceObserver!.call(this.opts, { t: this.now, event: 'down', bay: bay.index });
    if (bay.truck !== null) this.interrupt(bay.truck); // frees the bay
    bay.truck = OUT_OF_SERVICE;
    this.freePool[bay.pool]--;
    this.freeTotal--;
  }

  private bringUp(bay: Bay): void {
    if (--bay.down > 0) return;
    bay.truck = null;
    bay.downMin += this.overlap(bay.downSince, this.now);
    if (this.tracing) this.traceObserver!.call(this.opts, { t: this.now, event: 'up', bay: bay.index });
    this.freePool[bay.pool]++;
    this.freeTotal++;
  }

  /**
   * A truck whose bay goes down. One that has reached its target (waiting for its break to end, or
   * there but for rounding: see `reachesNow`) drives on, charged. Any other is unplugged with the
   * energy it got and goes back to the queue in its place by arrival (whatever `waitingSpaces`
   * says: it is at the hub already); from then on it no longer reneges, and leaves as its leave
   * mode says: when charged, or in `breakEnd` mode at the end of its break if no bay is found by
   * then.
   */
  private interrupt(t: Truck): void {
    if (!t.reached) this.reachesNow(t);
    if (t.reached) {
      this.unplug(t, 'charged');
      return;
    }
    const now = this.now;
    this.leaveBay(t);
    if (this.tracing) this.note('requeue', t);
    if (!t.requeued) {
      t.requeued = true;
      t.firstPlug = t.plugTime;
    }
    t.pluggedMin += now - t.plugTime;
    t.lastUnplug = now;
    t.state = WAITING;
    // Back in its queue in arrival order: the queue holds its type's trucks sorted by id.
    const q = this.queues[t.type];
    let lo = this.heads[t.type];
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (q[mid].id < t.id) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, t);
    this.waiting++;
  }

  /** A truck back in the queue after an outage whose break ends (`breakEnd` mode): it drives on. */
  private leaveQueue(t: Truck): void {
    t.state = GONE;
    this.waiting--;
    if (this.tracing) this.note('leave', t);
    this.finishRequeued(t, 'left_at_break_end', true);
  }
}

/**
 * Whether a cabinet or the grid limit can ever bind: false when every cabinet can feed all its
 * bays at the most any truck can draw there, and the grid all of them. Then every truck simply
 * gets its cap, and allocation (which would find the same) need not run. Curve fractions are at
 * most 1, so a truck's cap at a bay never exceeds `kwAt`.
 */
function limitsCanBind(most: MostDrawn, bays: number, cabinetKw: readonly number[], gridKw: number): boolean {
  // The policies sum the caps of whichever trucks are plugged in, in their own orders. A sum of n
  // non-negative terms is within (n − 1)ε of the exact one in any order, and two terms sum alike
  // either way, so the sum here, grown by 2nε when n > 2, bounds every sum they can form.
  const margin = (n: number) => (n > 2 ? 1 + 2 * n * Number.EPSILON : 1);
  const { perCabinet, count, total } = most;
  if (total * margin(bays) > gridKw) return true;
  return perCabinet.some((kw, k) => kw * margin(count[k]) > cabinetKw[k]);
}

/** What `mostDrawn` finds. */
interface MostDrawn {
  readonly perCabinet: Float64Array;
  readonly count: Int32Array;
  readonly total: number;
}

/**
 * Per cabinet: the most its bays can draw together, each at the most any truck draws there
 * (`kwAt`), and how many bays it has; and that most over every bay, summed in bay order. Read once
 * a run, by `limitsCanBind` and `demandCeiling`.
 */
function mostDrawn(bays: readonly Bay[], types: readonly TypeInfo[], cabinets: number): MostDrawn {
  const perCabinet = new Float64Array(cabinets);
  const count = new Int32Array(cabinets);
  let total = 0;
  bays.forEach((bay, i) => {
    const most = Math.max(0, ...types.map((t) => t.kwAt[i]));
    perCabinet[bay.cabinet] += most;
    count[bay.cabinet]++;
    total += most;
  });
  return { perCabinet, count, total };
}

/**
 * The most the trucks can draw together: each cabinet gives at most its rating, and at most what
 * its bays can take, each at its rating or the most a truck of the fleet draws there. Demand (and
 * grid power without a battery) never exceeds it, so their means and peaks, summed over many spans,
 * are snapped to it where rounding alone puts them past (149.00000000000028 kW from one 149 kW bay).
 */
function demandCeiling(perCabinet: Float64Array, cabinetKw: readonly number[]): number {
  let total = 0;
  perCabinet.forEach((kw, k) => (total += kw < cabinetKw[k] ? kw : cabinetKw[k]));
  return total;
}
