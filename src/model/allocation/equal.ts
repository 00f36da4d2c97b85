import { KW_EPS, type PowerClaim, type PowerLimits } from './types.js';

/**
 * Max-min fair sharing by progressive filling (Bertsekas & Gallager, Data Networks, 6.5.2):
 * every unfrozen truck's power rises at the same rate; a truck freezes when it reaches its own cap
 * or when a cabinet or the grid it draws from is full. What a capped truck cannot take is thereby
 * passed on to the others.
 */
export function equal(claims: PowerClaim[], limits: PowerLimits): void {
  const { cabinetKw, gridKw, used, active, frozen } = limits;
  if (frozen.length < claims.length) throw new RangeError(`${claims.length} claims but scratch for ${frozen.length}`);
  used.fill(0);
  active.fill(0);
  let nActive = 0;
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i];
    c.power = 0;
    frozen[i] = c.cap > 0 ? 0 : 1;
    if (!frozen[i]) {
      nActive++;
      active[c.cabinet]++;
    }
  }
  let gridUsed = 0;
  while (nActive > 0) {
    let delta = (gridKw - gridUsed) / nActive;
    for (let i = 0; i < claims.length; i++) {
      if (frozen[i]) continue;
      const c = claims[i];
      const own = c.cap - c.power;
      if (own < delta) delta = own;
      const cab = (cabinetKw[c.cabinet] - used[c.cabinet]) / active[c.cabinet];
      if (cab < delta) delta = cab;
    }
    if (delta < 0) delta = 0;
    for (let i = 0; i < claims.length; i++) {
      if (frozen[i]) continue;
      const c = claims[i];
      c.power += delta;
      used[c.cabinet] += delta;
      gridUsed += delta;
    }
    const gridFull = gridKw !== Infinity && gridKw - gridUsed <= KW_EPS * Math.max(1, gridKw);
    for (let i = 0; i < claims.length; i++) {
      if (frozen[i]) continue;
      const c = claims[i];
      const k = c.cabinet;
      if (gridFull || c.cap - c.power <= KW_EPS * Math.max(1, c.cap) || cabinetKw[k] - used[k] <= KW_EPS * Math.max(1, cabinetKw[k])) {
        frozen[i] = 1;
        nActive--;
        active[k]--;
      }
    }
  }
}
