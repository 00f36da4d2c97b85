import type { AllocationName } from '../../scenario/types.js';
import { deadline } from './deadline.js';
import { equal } from './equal.js';
import { fifo } from './fifo.js';
import type { PolicyFactory } from './types.js';

export { PowerPlanner } from './planner.js';
export type { Policy, PolicyFactory } from './types.js';

/**
 * Every policy by its scenario name. A new policy is one file, one line here and its name in
 * ALLOCATIONS (which the schema's enum lists too); one that ranks trucks by other keys than the
 * planner keeps (plug-in time, break end, arrival order) needs the planner to keep those as well.
 */
export const POLICIES: Readonly<Record<AllocationName, PolicyFactory>> = { equal, fifo, deadline };
