import type { PowerClaim, PowerLimits } from './types.js';

/**
 * Serves claims in the given order, each taking as much as its cap, its cabinet's headroom and the
 * grid's headroom allow. The shared core of the priority policies (`fifo`, `deadline`).
 */
export function greedy(ordered: readonly PowerClaim[], limits: PowerLimits): void {
  const { cabinetKw, gridKw, used } = limits;
  used.fill(0);
  let gridLeft = gridKw;
  for (const c of ordered) {
    const p = Math.max(0, Math.min(c.cap, cabinetKw[c.cabinet] - used[c.cabinet], gridLeft));
    c.power = p;
    used[c.cabinet] += p;
    gridLeft -= p;
  }
}
