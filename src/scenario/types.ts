import type { DistSpec } from '../random/distributions/index.js';

/**
 * What a scenario name may be (the schema's `name.pattern`): names become folder names, so nothing
 * else read from a file may name a folder either.
 */
export const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * What a fleet type's name or a charger group's id may be (the schema's pattern for both): it lands
 * in CSV cells, so it may not start as a spreadsheet formula would (`=`, `+`, `-`, `@`).
 */
export const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9 _.()/-]{0,98}[A-Za-z0-9_.()/-])?$/;

/** Connector standards a bay can have and a truck type can use. */
export const CONNECTORS = ['CCS', 'MCS'] as const;
export type Connector = (typeof CONNECTORS)[number];

/** Power allocation policies, selected by `hub.allocation`. */
export const ALLOCATIONS = ['equal', 'fifo', 'deadline'] as const;
export type AllocationName = (typeof ALLOCATIONS)[number];

/** How a stationary battery decides when to charge (`hub.battery.strategy`). */
export const BATTERY_STRATEGIES = ['greedy', 'peakShaving'] as const;
export type BatteryStrategy = (typeof BATTERY_STRATEGIES)[number];

/** Hours in the week of a schedule by hour of the week (Monday 00:00 first). */
export const HOURS_OF_WEEK = 168;

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

/** One group of identical power cabinets. */
export interface ChargerGroup {
  readonly id: string;
  readonly connector: Connector;
  readonly cabinets: number;
  readonly baysPerCabinet: number;
  readonly cabinetKw: number;
  readonly bayKw: number;
}

/** One truck type. `curve` always runs from SoC 0 to SoC 1. */
export interface TruckType {
  readonly name: string;
  /** Probability of this type for a drawn arrival (shares normalised to sum 1). */
  readonly share: number;
  readonly batteryKwh: number;
  readonly maxKw: Readonly<Partial<Record<Connector, number>>>;
  /** [SoC, fraction of maxKw] points, SoC strictly increasing from 0 to 1. */
  readonly curve: readonly (readonly [number, number])[];
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

export type Arrivals =
  | {
      readonly kind: 'rate';
      readonly trucksPerDay: number;
      /** 24 weights normalised to mean 1. */
      readonly hourly: readonly number[];
      /** 7 weights normalised to mean 1, Monday first. */
      readonly weekly: readonly number[];
    }
  | {
      readonly kind: 'trace';
      /** The trace path as the scenario gives it. */
      readonly path: string;
      /** The rows, as columns sorted by arrival time. */
      readonly columns: TraceColumns;
    };

/** A validated scenario with every default filled in. Frozen: nothing downstream may change it. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly horizon: { readonly days: number; readonly warmupDays: number };
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
  readonly demand: {
    readonly arrivalSoc: DistSpec;
    /** Exactly one of targetSoc and energyKwh is set. */
    readonly targetSoc?: DistSpec;
    readonly energyKwh?: DistSpec;
  };
  readonly behaviour: {
    readonly breakMin: DistSpec;
    readonly leave: LeaveMode;
    /** Undefined when trucks wait forever. */
    readonly patienceMin?: DistSpec;
  };
  /** Absent when the scenario prices nothing. */
  readonly economics?: Economics;
  readonly output: {
    readonly powerIntervalMin: number;
    /** Longest wait (minutes) that counts as served in time for `service_level`. */
    readonly serviceThresholdMin: number;
  };
}
