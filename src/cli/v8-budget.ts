// V8 optimises a function once it has run through its "interrupt budget" of bytecode a few times;
// its optimising compiler then works on a thread of its own. On a machine of two cores that thread
// slows the simulation it runs beside, and a command that simulates few trucks ends before the
// optimised code has paid for it: a one-day run (10 replications, some 1,900 trucks) spends half of
// its simulation time waiting on optimised code it barely uses. A command of many trucks needs that
// code as soon as V8 gives it. So a batch that keeps the command within SHORT_TRUCKS trucks runs
// with FACTOR times V8's budget, and everything else with V8's own.
//
// Only the installed command line does this, and only when V8 accepted its code cache
// (src/cli/bundled.cts): V8's flags are then the build's, whose budget the build recorded. A flag
// changes no result, only when V8 compiles. Threads start at V8's own budget: a thread's code cache
// holds only under the flags it was made with.
import { setFlagsFromString } from 'node:v8';

/** The most trucks a command simulates, its earlier batches included, for a batch to run at the larger budget. */
export const SHORT_TRUCKS = 4_000;

/** The larger budget, as a multiple of V8's. */
export const FACTOR = 15;

/** Sets V8's interrupt budget for the command's batches; does nothing until told V8's own budget. */
export class BudgetPlan {
  private v8Budget = 0; // V8's own budget; 0: leave V8's flags alone
  private raised = false;
  private trucks = 0; // trucks the command's batches so far are expected to hold

  constructor(private readonly setFlags: (flags: string) => void) {}

  /** V8's own budget, as the build recorded it for the flags V8 runs with. */
  knowV8Budget(budget: number): void {
    // V8 holds the flag in a 32-bit int: a record that would overflow it is not V8's budget.
    if (Number.isSafeInteger(budget) && budget > 0 && FACTOR * budget <= 2 ** 31 - 1) this.v8Budget = budget;
  }

  /** A batch is about to start, expected to hold `trucks` trucks in all. */
  beforeBatch(trucks: number): void {
    this.trucks += trucks;
    if (this.trucks <= SHORT_TRUCKS) this.set(true);
    else this.atV8Pace();
  }

  /** Back to V8's own budget: after a batch, and before a thread starts. */
  atV8Pace(): void {
    this.set(false);
  }

  private set(raise: boolean): void {
    if (this.v8Budget === 0 || raise === this.raised) return;
    this.raised = raise;
    this.setFlags(`--interrupt-budget=${raise ? FACTOR * this.v8Budget : this.v8Budget}`);
  }
}

/** The command line's plan (one per process). */
// node:v8 is read only when a flag changes: the bundle loads it then (scripts/bundle.js), and a
// long command never does.
export const v8Budget = new BudgetPlan((flags) => setFlagsFromString(flags));
