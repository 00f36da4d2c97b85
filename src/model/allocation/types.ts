/** A plugged-in truck as allocation policies see it: its own limit, its cabinet, and its keys. */
export interface PowerClaim {
  /** The most it may draw now: min(bayKw, maxKw on the connector × curve step), kW. */
  readonly cap: number;
  /** Index of its cabinet in `PowerLimits.cabinetKw`. */
  readonly cabinet: number;
  /** When it plugged in (minutes). */
  readonly plugTime: number;
  /** When its driver's break ends (minutes). */
  readonly breakEnd: number;
  /** Arrival order: the final tie-break. */
  readonly id: number;
  /** Written by the policy: power granted, kW. */
  power: number;
}

/** The shared limits, plus scratch space the policies may use (reused to avoid allocating per event). */
export interface PowerLimits {
  readonly cabinetKw: Float64Array;
  readonly gridKw: number;
  /** Scratch: power used per cabinet. */
  readonly used: Float64Array;
  /** Scratch: a count per cabinet. */
  readonly active: Int32Array;
  /** Scratch: a level per cabinet. */
  readonly level: Float64Array;
  /** Scratch: claim indices; at least as long as the longest claims list (one per bay). */
  readonly order: Int32Array;
}

/**
 * A power allocation policy: sets `power` on every claim so that no claim exceeds its cap, no
 * cabinet its `cabinetKw` and the total not `gridKw`. Called only when some limit binds.
 */
export type AllocationPolicy = (claims: PowerClaim[], limits: PowerLimits) => void;
