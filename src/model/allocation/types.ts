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
  /** Scratch per cabinet: power used or left. */
  readonly used: Float64Array;
  /** Scratch per cabinet: a count. */
  readonly active: Int32Array;
  /** Scratch per cabinet: a level. */
  readonly level: Float64Array;
  /** Scratch per claim: claim indices. */
  readonly order: Int32Array;
  /** Scratch per claim: an amount of power. */
  readonly kw: Float64Array;
  /** Scratch per claim: a cabinet index. */
  readonly cabinetOf: Int32Array;
}

/** Limits with scratch sized for `maxClaims` claims at most (one per bay). */
export function powerLimits(cabinetKw: readonly number[], gridKw: number, maxClaims: number): PowerLimits {
  const k = cabinetKw.length;
  return {
    cabinetKw: Float64Array.from(cabinetKw),
    gridKw,
    used: new Float64Array(k),
    active: new Int32Array(k),
    level: new Float64Array(k),
    order: new Int32Array(maxClaims),
    kw: new Float64Array(maxClaims),
    cabinetOf: new Int32Array(maxClaims),
  };
}

/**
 * A power allocation policy: sets `power` on every claim so that no claim exceeds its cap, no
 * cabinet its `cabinetKw` and the total not `gridKw`. Called only when some limit binds.
 */
export type AllocationPolicy = (claims: PowerClaim[], limits: PowerLimits) => void;
