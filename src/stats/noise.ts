// What counts as rounding noise rather than a quantity, for every part that tells the two apart:
// the statistics that ask whether replications agree, and the tables that print a difference.

/**
 * Whether `x` is rounding noise rather than a quantity: below 1e-9 (a difference of 4.55e-13 kW),
 * or at most 1e-12 × `scale`, the size of the quantities it was taken between.
 */
export function isRoundingNoise(x: number, scale = 0): boolean {
  const a = Math.abs(x);
  return a < 1e-9 || a <= 1e-12 * Math.abs(scale);
}
