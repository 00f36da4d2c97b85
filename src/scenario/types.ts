import type { DistSpec } from '../random/distributions/index.js';

/**
 * What a scenario name may be (the schema's `name.pattern`): names become folder names, so nothing
 * else read from a file may name a folder either; nor a name Windows keeps for a device.
 */
export const SCENARIO_NAME = /^(?!(?:con|prn|aux|nul|com[1-9]|lpt[1-9])$)[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * What a fleet type's name or a charger group's id may be (the schema's pattern for both): it lands
 * in CSV cells, so it may not start as a spreadsheet formula would (`=`, `+`, `-`, `@`).
 */
export const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9 _.()/-]{0,98}[A-Za-z0-9_.()/-])?$/;

/** Connector standards a bay can have and a truck type can use. */
export const CONNECTORS = ['CCS', 'MCS'] as const;
/** A charger group's connector (`hub.chargers[i].connector`); a truck type uses the bays of those its `maxKw` names. */
export type Connector = (typeof CONNECTORS)[number];

/** Power allocation policies, selected by `hub.allocation`. */
export const ALLOCATIONS = ['equal', 'fifo', 'deadline'] as const;
/**
 * How power is shared when a limit binds: `equal` is max-min fair; `fifo` serves the earliest
 * plugged-in truck first; `deadline` the truck whose break ends first, then as `fifo`.
 */
export type AllocationName = (typeof ALLOCATIONS)[number];

/** How a stationary battery decides when to charge (`hub.battery.strategy`). */
export const BATTERY_STRATEGIES = ['greedy', 'peakShaving'] as const;
/**
 * `greedy` tops up what the grid cannot give and refills from any spare capacity; `peakShaving`
 * holds the grid draw at or under `targetKw` while its power and energy last, charging only below it.
 */
export type BatteryStrategy = (typeof BATTERY_STRATEGIES)[number];

/** Hours in the week of a schedule by hour of the week (Monday 00:00 first). */
export const HOURS_OF_WEEK = 168;

/**
 * Profile weights (`hourly`, `weekly`, `hourOfWeek`) as the model reads them: divided by their mean,
 * so that only their shape counts; all 1 when absent (`w` undefined, `n` of them). Weights so small
 * that their mean is subnormal would be divided by a number that has lost its precision, or by 0
 * (5e-324 / 24), giving Infinity and NaN rates: scaled by their sum first, they keep it.
 */
export function normaliseWeights(w: readonly number[] | undefined, n: number): number[] {
  if (!w) return new Array<number>(n).fill(1);
  const sum = w.reduce((s, v) => s + v, 0);
  const mean = sum / n;
  if (mean < MIN_NORMAL) return w.map((v) => (v / sum) * n);
  return w.map((v) => v / mean);
}

/** The least positive double with full precision (2^-1022). */
const MIN_NORMAL = 2 ** -1022;

/**
 * What a field a scenario leaves out is, by its path (`[]` standing for any index), where that is
 * one number or name: read by validation, by `compare`'s notes and by the reports. The schema's
 * `default`s are these (a test checks it).
 */
export const SCENARIO_DEFAULTS = {
  seed: 1,
  'horizon.warmupDays': 0,
  'hub.allocation': 'equal',
  'hub.battery.efficiency': 0.9,
  'hub.battery.initialSoc': 0.5,
  'hub.battery.strategy': 'greedy',
  'hub.chargers[].baysPerCabinet': 1,
  'arrivals.growthPerYear': 0,
  'fleet[].share': 1,
  'fleet[].stop': 'break',
  'demand.arrivalSoc': 0,
  'behaviour.breakMin': 45,
  'behaviour.leave': 'charged',
} as const;

/** What `output` holds when the scenario leaves a field out: read by validation, by `compare`'s notes and by the reports. */
export const OUTPUT_DEFAULTS = { powerIntervalMin: 15, serviceThresholdMin: 15 } as const;

/** The economics' defaults: a demand charge's billing period, days. */
export const ECONOMICS_DEFAULTS = { periodDays: 30 } as const;

/** A stationary battery at the site (`hub.battery`), defaults filled in. */
export interface BatterySpec {
  /** Energy it can store, kWh. */
  readonly capacityKwh: number;
  /** Most power it can take from, or give to, the site, kW (on the site's side of its converter). */
  readonly powerKw: number;
  /** Round-trip efficiency: √efficiency of what goes in is stored, and √efficiency of what is taken out reaches the site. */
  readonly efficiency: number;
  /** Stored energy at time 0, as a share of `capacityKwh`. */
  readonly initialSoc: number;
  readonly strategy: BatteryStrategy;
  /** peakShaving only: the grid draw it keeps the site at or under; undefined: the grid limit in force. */
  readonly targetKw?: number;
}

/** What the site's energy costs and earns (`economics`); a field left out is not priced. */
export interface Economics {
  /** Currency per kWh drawn from the grid in each hour of the week (168 values, Monday 00:00 first). */
  readonly energyPrice?: readonly number[];
  /** Currency per kW of each billing period's highest interval-average grid draw; periods of `periodDays` from the window's start. */
  readonly demandCharge?: { readonly perKw: number; readonly periodDays: number };
  /** Currency per kW of grid connection per 365 days. */
  readonly connectionCostPerKwYear?: number;
  /** Currency per kWh delivered to trucks. */
  readonly sellingPrice?: number;
}

/** When a plugged-in truck unplugs (`behaviour.leave`). */
export const LEAVE_MODES = ['charged', 'breakEnd', 'chargedAndBreakEnd'] as const;
export type LeaveMode = (typeof LEAVE_MODES)[number];

/** Kinds of stop a truck type makes (`fleet[i].stop`), which bays may be reserved for (`hub.chargers[j].reservedFor`). */
export const STOP_CLASSES = ['break', 'overnight'] as const;
export type StopClass = (typeof STOP_CLASSES)[number];

/** Days of the week, Monday first, as maintenance windows, power.csv and by-hour.csv name them: t = 0 is a Monday, 00:00. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A planned maintenance window of a charger group: every week on `weekday` from `startHour` for
 * `hours`, or once over [startMin, endMin) of the run.
 */
export type MaintenanceWindow =
  | { readonly weekday: Weekday; readonly startHour: number; readonly hours: number }
  | { readonly startMin: number; readonly endMin: number };

/** Random failures of each bay of a group: up-times and repair times, in minutes. */
export interface Failures {
  /** Time from a bay's start (or its last repair) to its next failure. */
  readonly betweenMin: DistSpec;
  /** Time a failed bay takes to be repaired. */
  readonly repairMin: DistSpec;
}

/** One group of identical power cabinets. */
export interface ChargerGroup {
  readonly id: string;
  readonly connector: Connector;
  readonly cabinets: number;
  readonly baysPerCabinet: number;
  readonly cabinetKw: number;
  readonly bayKw: number;
  /** Stop classes whose trucks may use these bays (all of them unless reserved). */
  readonly reservedFor: readonly StopClass[];
  /** Random failures of each bay; undefined when bays never fail. */
  readonly failures?: Failures;
  /** Planned maintenance windows; during one, every bay of the group is unavailable. */
  readonly maintenance: readonly MaintenanceWindow[];
}

/** The most all of `chargers`' cabinets and bays can draw together: each cabinet its cabinetKw, or its bays' if less. */
export function cabinetsTotalKw(chargers: readonly ChargerGroup[]): number {
  return chargers.reduce((sum, g) => sum + g.cabinets * Math.min(g.cabinetKw, g.baysPerCabinet * g.bayKw), 0);
}

/** [SoC, fraction of maxKw] points, SoC strictly increasing from 0 to 1. */
export type CurvePoints = readonly (readonly [number, number])[];

/** What a truck wants: its arrival SoC, and a target SoC or an amount of energy (exactly one of the two). */
export interface Demand {
  readonly arrivalSoc: DistSpec;
  readonly targetSoc?: DistSpec;
  readonly energyKwh?: DistSpec;
}

/** How a driver behaves at the hub. */
export interface Behaviour {
  readonly breakMin: DistSpec;
  readonly leave: LeaveMode;
  /** Undefined when trucks wait forever. */
  readonly patienceMin?: DistSpec;
}

/** One truck type. `curve` always runs from SoC 0 to SoC 1. */
export interface TruckType {
  readonly name: string;
  /** Probability of this type for a drawn arrival (shares normalised to sum 1). */
  readonly share: number;
  readonly batteryKwh: number;
  readonly maxKw: Readonly<Partial<Record<Connector, number>>>;
  /** The curve as the file gives it: one for every connector, or one per connector (flat if omitted). */
  readonly curve: CurvePoints | Readonly<Partial<Record<Connector, CurvePoints>>>;
  /** The curve on each connector the type can use (those of `maxKw`), flat where none is given. */
  readonly curves: Readonly<Partial<Record<Connector, CurvePoints>>>;
  /** The kind of stop it makes, which decides the bays open to it. */
  readonly stop: StopClass;
  /**
   * When its trucks arrive over the day, 24 weights normalised to mean 1, in place of
   * `arrivals.hourly` for this type (its trucks a day stay its share); absent: the scenario's.
   */
  readonly hourly?: readonly number[];
  /** The scenario's `demand` with this type's overrides. */
  readonly demand: Demand;
  /** The scenario's `behaviour` with this type's overrides. */
  readonly behaviour: Behaviour;
}

/**
 * A trace's rows as columns, one typed array per CSV column, sorted by arrival time (stable: file
 * order among equal times). A column the file lacks is undefined; in a column it has, NaN (a fleet
 * index of -1) marks a row that leaves the value to be drawn. Typed arrays cannot be frozen:
 * nothing may write to them.
 */
export interface TraceColumns {
  readonly length: number;
  readonly arrivalMin: Float64Array;
  /** Index into `Scenario.fleet`. */
  readonly fleet?: Int32Array;
  /** The fleet's names that `fleet` indexes, as the trace was read (not enumerable: copies leave it out). */
  readonly fleetNames?: readonly string[];
  readonly socIn?: Float64Array;
  readonly targetSoc?: Float64Array;
  readonly energyKwh?: Float64Array;
  readonly breakMin?: Float64Array;
  readonly patienceMin?: Float64Array;
}

/** One recorded arrival as a plain object (see `traceRows`); absent fields are drawn. */
export interface TraceRow {
  readonly arrivalMin: number;
  readonly fleet?: string;
  readonly socIn?: number;
  readonly targetSoc?: number;
  readonly energyKwh?: number;
  readonly breakMin?: number;
  readonly patienceMin?: number;
}

/**
 * Where the trucks come from (`arrivals`), weights normalised: a non-homogeneous Poisson process at
 * `trucksPerDay` shaped by hour and weekday (`rate`), or the recorded arrivals of a CSV (`trace`).
 */
export type Arrivals =
  | {
      readonly kind: 'rate';
      readonly trucksPerDay: number;
      /** 24 weights normalised to mean 1. */
      readonly hourly: readonly number[];
      /** 7 weights normalised to mean 1, Monday first. */
      readonly weekly: readonly number[];
      /** 168 weights normalised to mean 1, Monday 00:00 first; replaces hourly × weekly when given. */
      readonly hourOfWeek?: readonly number[];
      /** Yearly growth of the rate (0.05: 5 % more trucks a year), compounded hour by hour. */
      readonly growthPerYear: number;
    }
  | {
      readonly kind: 'trace';
      /** The trace path as the scenario gives it. */
      readonly path: string;
      /** The rows, as columns sorted by arrival time. */
      readonly columns: TraceColumns;
    };

/** How long a scenario runs: arrivals stop at `days`; statistics cover [warmupDays, days). */
export interface Horizon {
  readonly days: number;
  readonly warmupDays: number;
}

/**
 * A number of days given in a scenario (a horizon, a warm-up, a billing period) as minutes of the
 * run's clock, rounded to a millionth of a minute: a decimal number of days that is a whole number
 * of minutes is that number. 0.7 × 1440 is 1007.9999999999999, and the power interval ending at
 * the horizon, 1008, was then not wholly inside the window: its peak went unseen.
 */
export function minutesOfDays(days: number): number {
  return Math.round(days * 1440 * 1e6) / 1e6;
}

/**
 * A number of hours given in a scenario (a maintenance window's start and length) as minutes of the
 * run's clock, rounded as `minutesOfDays`: 8.3 × 60 is 498.00000000000006, and a window written to
 * start at minute 498 began after a truck arriving then had plugged in, where `startMin` 498 did not.
 */
export function minutesOfHours(hours: number): number {
  return Math.round(hours * 60 * 1e6) / 1e6;
}

/** A validated scenario with every default filled in. Frozen: nothing downstream may change it. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly horizon: Horizon;
  readonly hub: {
    /**
     * Site limit in kW; Infinity when unlimited. When the limit varies by hour (`gridKwByHour`), its
     * largest value: the connection's capacity.
     */
    readonly gridKw: number;
    /** The limit in force in each hour of the week (168 values, Monday 00:00 first) when it varies; absent when `gridKw` holds at all times. */
    readonly gridKwByHour?: readonly number[];
    /** A stationary battery; absent when the site has none. */
    readonly battery?: BatterySpec;
    readonly allocation: AllocationName;
    /** Queue capacity; Infinity when unlimited. */
    readonly waitingSpaces: number;
    readonly chargers: readonly ChargerGroup[];
  };
  readonly arrivals: Arrivals;
  readonly fleet: readonly TruckType[];
  /** Exactly one of targetSoc and energyKwh is set. A type may override it (`fleet[i].demand`). */
  readonly demand: Demand;
  /** A type may override it (`fleet[i].behaviour`). */
  readonly behaviour: Behaviour;
  /** Absent when the scenario prices nothing. */
  readonly economics?: Economics;
  readonly output: {
    /** Width (minutes) of the intervals power is averaged over (peaks, power.csv, demand charges). */
    readonly powerIntervalMin: number;
    /** Longest wait (minutes) that counts as served in time for `service_level`. */
    readonly serviceThresholdMin: number;
  };
}
