import type { PowerClaim, PowerLimits } from './types.js';

/**
 * Max-min fair sharing: the allocation progressive filling reaches (Bertsekas & Gallager, Data
 * Networks, 6.5.2), where every truck's power rises at the same rate until its own cap, its
 * cabinet or the grid is full, so that what a capped truck cannot take is passed on to the others.
 *
 * With limits nested as they are here (trucks within cabinets within the grid) that allocation has
 * a closed form, computed directly rather than by simulating the filling: each cabinet has a water
 * level λ at which its trucks' min(cap, λ) fill it (∞ if they never do), and the grid a level μ
 * at which everybody's min(cap, λ of their cabinet, μ) fills it; each truck gets that minimum.
 * A level is found by water-filling: taking the trucks in increasing order of demand, each one
 * asking no more than an equal share of what is left is satisfied, and the first that asks more
 * sets the level at that share.
 */
export function equal(claims: PowerClaim[], limits: PowerLimits): void {
  const { cabinetKw, gridKw, used: left, active: count, level, order, kw, cabinetOf } = limits;
  if (order.length < claims.length) throw new RangeError(`${claims.length} claims but scratch for ${order.length}`);
  for (let k = 0; k < cabinetKw.length; k++) {
    left[k] = cabinetKw[k];
    count[k] = 0;
    level[k] = Infinity;
  }
  // The claims' demands (their caps) in scratch arrays, and those with a positive cap in
  // increasing order of cap.
  let m = 0;
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i];
    const cap = c.cap > 0 ? c.cap : 0;
    kw[i] = cap;
    cabinetOf[i] = c.cabinet;
    if (cap > 0) {
      order[m++] = i;
      count[c.cabinet]++;
    }
  }
  sortBy(kw, order, m);
  // Each cabinet's level.
  for (let j = 0; j < m; j++) {
    const i = order[j];
    const k = cabinetOf[i];
    if (level[k] !== Infinity) continue;
    const share = left[k] / count[k];
    if (kw[i] <= share) {
      left[k] -= kw[i];
      count[k]--;
    } else {
      level[k] = share > 0 ? share : 0;
    }
  }
  // What each cabinet allows, then the grid's level over that.
  for (let j = 0; j < m; j++) {
    const i = order[j];
    const l = level[cabinetOf[i]];
    if (l < kw[i]) kw[i] = l;
  }
  sortBy(kw, order, m);
  let gridLeft = gridKw;
  for (let j = 0; j < m; j++) {
    const share = gridLeft / (m - j);
    const p = kw[order[j]];
    if (p <= share) {
      gridLeft -= p;
      continue;
    }
    const mu = share > 0 ? share : 0;
    for (let r = j; r < m; r++) kw[order[r]] = mu;
    break;
  }
  for (let i = 0; i < claims.length; i++) claims[i].power = kw[i];
}

/** Sorts order[0..n) by `key`, stably (insertion sort: n is at most a hub's bays). */
function sortBy(key: Float64Array, order: Int32Array, n: number): void {
  for (let j = 1; j < n; j++) {
    const i = order[j];
    const v = key[i];
    let h = j - 1;
    while (h >= 0 && key[order[h]] > v) {
      order[h + 1] = order[h];
      h--;
    }
    order[h + 1] = i;
  }
}
