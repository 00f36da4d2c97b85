/**
 * The command line's V8 interrupt budget (src/cli/v8-budget.ts): raised for a command of few
 * trucks, V8's own otherwise and before a thread starts. Whether the command line's threads still
 * start from the code cache is in test/cli.test.ts.
 */
import { describe, expect, test } from '@jest/globals';
import { BudgetPlan, FACTOR, SHORT_TRUCKS } from '../src/cli/v8-budget.js';

/** A plan whose flags are recorded instead of set. */
function recorded(): { plan: BudgetPlan; flags: string[] } {
  const flags: string[] = [];
  return { plan: new BudgetPlan((f) => flags.push(f)), flags };
}

describe('BudgetPlan', () => {
  test('leaves V8 alone until told its budget', () => {
    const { plan, flags } = recorded();
    plan.beforeBatch(10);
    plan.atV8Pace();
    plan.knowV8Budget(0);
    plan.knowV8Budget(Number.NaN);
    plan.knowV8Budget(2e8); // 15 times it would overflow V8's int
    plan.beforeBatch(10);
    expect(flags).toEqual([]);
  });

  test('a short batch runs at the larger budget, and V8 gets its own back after it', () => {
    const { plan, flags } = recorded();
    plan.knowV8Budget(1000);
    plan.beforeBatch(SHORT_TRUCKS);
    expect(flags).toEqual([`--interrupt-budget=${FACTOR * 1000}`]);
    plan.atV8Pace();
    plan.atV8Pace();
    expect(flags).toEqual([`--interrupt-budget=${FACTOR * 1000}`, '--interrupt-budget=1000']);
  });

  test('the command\'s trucks add up: once past SHORT_TRUCKS, every batch runs at V8\'s budget', () => {
    const { plan, flags } = recorded();
    plan.knowV8Budget(1000);
    plan.beforeBatch(SHORT_TRUCKS / 2);
    plan.beforeBatch(SHORT_TRUCKS / 2); // still raised: no flag set again
    expect(flags).toEqual([`--interrupt-budget=${FACTOR * 1000}`]);
    plan.beforeBatch(1); // past it
    plan.beforeBatch(1);
    expect(flags).toEqual([`--interrupt-budget=${FACTOR * 1000}`, '--interrupt-budget=1000']);
  });

  test('a long first batch never raises it', () => {
    const { plan, flags } = recorded();
    plan.knowV8Budget(1000);
    plan.beforeBatch(SHORT_TRUCKS + 1);
    plan.atV8Pace();
    expect(flags).toEqual([]);
  });
});
