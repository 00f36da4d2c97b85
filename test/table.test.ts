import { beforeAll, describe, expect, test } from '@jest/globals';
import { BATTERY_METRICS, MONEY_METRICS } from '../src/model/metrics.js';
import { sweepHeadline } from '../src/cli/commands/sweep.js';
import { HEADLINE, headlineFor, human, modelled, table, withCi } from '../src/cli/table.js';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';
import { summarise } from '../src/stats/summary.js';

describe('numbers for people', () => {
  test('plain fixed notation with 4 significant digits, whole numbers from 1000', () => {
    expect(human(1_260_000)).toBe('1260000');
    expect(human(29957.4)).toBe('29957');
    expect(human(-1533.5)).toBe('-1534');
    expect(human(821.63)).toBe('821.6');
    expect(human(2.025)).toBe('2.025');
    expect(human(0.3874)).toBe('0.3874');
    expect(human(0.000986)).toBe('0.000986');
    expect(human(9.86e-7)).toBe('0.000000986');
    expect(human(0.5)).toBe('0.5');
    expect(human(999.96)).toBe('1000');
    expect(human(0)).toBe('0');
    expect(human(NaN)).toBe('–');
  });

  test('rounding noise is 0: absolutely, and relative to the quantities a difference was taken between', () => {
    expect(human(4.55e-13)).toBe('0');
    expect(human(-3e-10)).toBe('0');
    expect(human(2e-9, 1e6)).toBe('0');
    expect(human(2e-9)).toBe('0.000000002');
    expect(withCi(summarise([3000, 3000 + 9e-13, 3000 - 9e-13]))).toBe('3000 ± 0');
    // Relative to the mean: a half-width of some 5e-9 on 3 million is noise.
    const ulp = 2 ** -31;
    expect(withCi(summarise([3e6, 3e6 + 4 * ulp, 3e6 - 4 * ulp]))).toBe('3000000 ± 0');
  });

  test('one replication: the mean alone, with no interval', () => {
    expect(withCi(summarise([5]))).toBe('5');
  });

  test('never an exponent', () => {
    for (const x of [1e-9 * 1.5, 1e-8, 1e-5, 0.012345, 123.456, 1e5, 1e12, -1e15]) expect(human(x)).not.toMatch(/e/);
  });

  test('table: first column left, others right, a rule under the header', () => {
    expect(table(['m', 'v'], [['a', '1'], ['bb', '22']])).toBe('m    v\n--  --\na    1\nbb  22');
    // A header wider than its cells sets the width; an empty last cell leaves no trailing spaces.
    expect(table(['metric', 'v'], [['a', ''], ['b', '1']])).toBe('metric  v\n------  -\na\nb       1');
  });
});

describe('which metrics a table shows', () => {
  let plain: Scenario;
  let battery: Scenario;
  beforeAll(async () => {
    plain = await loadScenario('scenarios/recklinghausen-phase2.json');
    battery = await loadScenario('scenarios/recklinghausen-phase2-battery.json');
  });

  test('without a site battery or prices: the headline set alone', () => {
    expect(headlineFor([plain])).toEqual([...HEADLINE]);
    expect(modelled([plain])('battery_cycles')).toBe(false);
    expect(modelled([plain])('energy_cost')).toBe(false);
    expect(modelled([plain])('bay_availability')).toBe(true);
  });

  test('with them: the battery metrics and money after the headline set, for either side of a comparison', () => {
    expect(headlineFor([battery])).toEqual([...HEADLINE, ...BATTERY_METRICS, ...MONEY_METRICS]);
    expect(headlineFor([plain, battery])).toEqual(headlineFor([battery]));
    const priced = { ...plain, economics: battery.economics };
    expect(headlineFor([priced])).toEqual([...HEADLINE, ...MONEY_METRICS]);
  });

  test('money metrics whose price no scenario gives are left out, not shown as rows of dashes', () => {
    const energyOnly = { ...plain, economics: { energyPrice: battery.economics!.energyPrice } };
    expect(headlineFor([energyOnly])).toEqual([...HEADLINE, 'energy_cost']);
    // The margin needs a selling price; a comparison shows what either side prices.
    const selling = { ...plain, economics: { sellingPrice: 0.45 } };
    expect(headlineFor([energyOnly, selling])).toEqual([...HEADLINE, 'energy_cost', 'revenue', 'margin_per_kwh']);
    expect(modelled([energyOnly])('demand_charge')).toBe(false);
  });

  test("a sweep's table adds the battery's wear, each cost some design prices and the margin, but not revenue", () => {
    const always = ['service_level', 'served_share', 'wait_mean_min', 'p_wait_over_15min', 'grid_peak_kw'];
    expect(sweepHeadline([plain])).toEqual(always);
    const connected = { ...plain, economics: { connectionCostPerKwYear: 60, sellingPrice: 0.45 } };
    expect(sweepHeadline([plain, connected])).toEqual([...always, 'connection_cost', 'margin_per_kwh']);
    expect(sweepHeadline([battery])).toEqual([...always, 'battery_cycles', 'energy_cost', 'demand_charge', 'connection_cost', 'margin_per_kwh']);
  });
});
