/** How a truck's visit ends. */
export const OUTCOMES = ['charged', 'left_at_break_end', 'reneged', 'balked'] as const;
/**
 * `charged`: served and at its target; `left_at_break_end`: served, but its break ended (in
 * `breakEnd` mode) before it reached its target; `reneged`: left the queue without plugging in
 * (patience, or break end in `breakEnd` mode); `balked`: found the queue full and left at once.
 */
export type Outcome = (typeof OUTCOMES)[number];

/** One truck's visit: a row of sessions.csv. Times are minutes from Monday 00:00 of week one. */
export interface SessionRecord {
  readonly truck: number;
  readonly fleet: string;
  readonly arrivalMin: number;
  /** NaN when the truck never plugged in. */
  readonly plugMin: number;
  /** NaN when the truck never plugged in; a truck that plugged in again after its bay failed: its last unplug. */
  readonly unplugMin: number;
  /** When the truck left the hub: max(unplug, break end) if served; reneging or arrival time if not. */
  readonly departMin: number;
  /** NaN when the truck never plugged in. */
  readonly waitMin: number;
  /** Bay number from 1; 0 when none. */
  readonly bay: number;
  /** The bay's connector; '' when none. */
  readonly connector: string;
  readonly socIn: number;
  readonly socOut: number;
  readonly energyKwh: number;
  readonly outcome: Outcome;
}

/** One bay's record over the statistics window: a row of bays.csv. */
export interface BayRecord {
  readonly bay: number;
  readonly charger: string;
  /** Cabinet number from 1, across the whole hub. */
  readonly cabinet: number;
  readonly connector: string;
  /** Share of the window with a truck plugged in. */
  readonly occupiedShare: number;
  /** Share of the window with power flowing. */
  readonly chargingShare: number;
  /** Energy delivered inside the window, kWh. */
  readonly energyKwh: number;
  /** Plug-ins inside the window. */
  readonly sessions: number;
}

/** One interval of site power: a row of power.csv. */
export interface PowerRecord {
  readonly startMin: number;
  readonly gridKwMean: number;
  readonly gridKwMax: number;
  /** Mean unconstrained demand: what the plugged-in trucks would have drawn with no grid limit. */
  readonly demandKwMean: number;
  readonly occupiedBaysMean: number;
  readonly queueMean: number;
  /** Mean power of the site's battery: positive discharging, negative charging; 0 without one. */
  readonly batteryKwMean: number;
}
