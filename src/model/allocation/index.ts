import type { AllocationName } from '../../scenario/types.js';
import { deadline } from './deadline.js';
import { equal } from './equal.js';
import { fifo } from './fifo.js';
import type { AllocationPolicy, PowerClaim, PowerLimits } from './types.js';

export { powerLimits, type AllocationPolicy, type PowerClaim, type PowerLimits } from './types.js';

/** Every policy by its scenario name; a new policy is one file and one line here (and the schema's enum). */
export const POLICIES: Readonly<Record<AllocationName, AllocationPolicy>> = { equal, fifo, deadline };

/**
 * Sets every claim's power, and returns whether a limit binds. When none does (each truck's cap
 * fits its cabinet and the grid) every policy gives each truck its cap, so the policy runs only
 * when a limit binds.
 */
export function allocate(policy: AllocationPolicy, claims: PowerClaim[], limits: PowerLimits): boolean {
  const { cabinetKw, gridKw, used } = limits;
  used.fill(0);
  let total = 0;
  for (const c of claims) {
    used[c.cabinet] += c.cap;
    total += c.cap;
  }
  let binds = total > gridKw;
  for (let k = 0; !binds && k < cabinetKw.length; k++) binds = used[k] > cabinetKw[k];
  if (!binds) {
    for (const c of claims) c.power = c.cap;
    return false;
  }
  policy(claims, limits);
  return true;
}
