import type { PowerPlanner } from './planner.js';

/**
 * An allocation policy: decides, as the planner's trucks come, go and change their caps, how much
 * each may draw, so that no truck exceeds its cap, no cabinet its `cabinetKw` and the site not
 * `gridKw`. It keeps whatever it needs to do that with work in proportion to what changed (not to
 * the number of trucks), and tells the planner each truck's power through `grant` and
 * `joinLevel`. The planner calls `added` and `removed` as trucks come and go (and notes changes
 * of cap itself), then at each `plan` `cabinet` for every cabinet that changed, then `grid` once.
 */
export interface Policy {
  /** Whether slot a comes before slot b in the order its cabinet's trucks are kept in (`PowerPlanner.members`). */
  before(a: number, b: number): boolean;
  /** A truck started charging at slot s (its cap and keys are set, and it is among its cabinet's members). */
  added(s: number): void;
  /** The truck at slot s stopped charging (its keys are still set; it is no longer a member). */
  removed(s: number): void;
  /** Cabinet k's members or their caps changed: work out what the cabinet lets each of them draw. */
  cabinet(k: number): void;
  /** Then share the grid. */
  grid(): void;
}

/** Makes a policy's state for a planner. */
export type PolicyFactory = (planner: PowerPlanner) => Policy;
