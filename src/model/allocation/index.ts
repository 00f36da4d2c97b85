import type { AllocationName } from '../../scenario/types.js';
import { deadline } from './deadline.js';
import { equal } from './equal.js';
import { fifo } from './fifo.js';
import type { PolicyFactory } from './types.js';

export { PowerPlanner } from './planner.js';
export type { Policy, PolicyFactory } from './types.js';

/** Every policy by its scenario name; a new policy is one file and one line here (and the schema's enum). */
export const POLICIES: Readonly<Record<AllocationName, PolicyFactory>> = { equal, fifo, deadline };
