/**
 * Charging curves as the model uses them: a staircase in SoC.
 *
 * A scenario's curve is piecewise linear in SoC. Flat pieces are kept as they are; a sloped piece is
 * cut into equal steps of about TAPER_STEP_SOC (a whole number of them, so that they end at the
 * piece's end), each holding the curve's value at the step's midpoint (the mean
 * of the linear piece over that step). A truck's power limit is therefore constant between step
 * boundaries, which makes every truck's power piecewise constant between events and the energy
 * delivered the exact integral of that power, with no time stepping.
 */
export const TAPER_STEP_SOC = 0.005;

/** Steps of a compiled curve: step i covers SoC [soc[i], soc[i+1]) (the last one up to 1). */
export interface Staircase {
  readonly soc: Float64Array;
  readonly frac: Float64Array;
}

/** Compiles [SoC, fraction] points (SoC from 0 to 1, strictly increasing) into a staircase. */
export function staircase(points: readonly (readonly [number, number])[]): Staircase {
  const soc: number[] = [];
  const frac: number[] = [];
  const push = (s: number, f: number) => {
    if (frac.length > 0 && frac[frac.length - 1] === f) return; // merge equal neighbours
    soc.push(s);
    frac.push(f);
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const [s0, f0] = points[i];
    const [s1, f1] = points[i + 1];
    if (f0 === f1) {
      push(s0, f0);
      continue;
    }
    const n = Math.max(1, Math.round((s1 - s0) / TAPER_STEP_SOC));
    for (let k = 0; k < n; k++) {
      const a = s0 + ((s1 - s0) * k) / n;
      const b = s0 + ((s1 - s0) * (k + 1)) / n;
      push(a, f0 + ((f1 - f0) * ((a + b) / 2 - s0)) / (s1 - s0));
    }
  }
  return { soc: Float64Array.from(soc), frac: Float64Array.from(frac) };
}

/**
 * How far below a step's start a SoC is still on that step: a few units in the last place of a SoC
 * (at most 1). A start computed as 0.8 + 0.2 × 10 / 40 is 0.8500000000000001, and a truck plugged
 * in at 0.85 was put on the step below, drawing its power for 10⁻¹³ minutes: no energy to speak of,
 * but an interval's highest power (`grid_kw_max`) that no step held.
 */
const STEP_SNAP = 4 * Number.EPSILON;

/** Index of the step holding `s` (the last step whose start is <= s, within STEP_SNAP). */
export function stepAt(c: Staircase, s: number): number {
  let lo = 0;
  let hi = c.soc.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (c.soc[mid] <= s + STEP_SNAP) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
