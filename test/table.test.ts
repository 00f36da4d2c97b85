import { beforeAll, describe, expect, test } from '@jest/globals';
import { BATTERY_METRICS, MONEY_METRICS } from '../src/model/metrics.js';
import { sweepHeadline } from '../src/cli/commands/sweep.js';
import { fewerLine, fitTable, HEADLINE, headlineFor, human, humanBeside, modelled, peakPastLimitLine, planTotalsLine, table, withCi } from '../src/cli/table.js';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';
import { summarise, type Summary } from '../src/stats/summary.js';

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

  test('a bound beside its threshold takes the digits that keep it on its side', () => {
    // Four digits would print 0.999 and 3000, the thresholds themselves, beside "fails".
    expect(humanBeside(0.9989854565907216, 0.999)).toBe('0.99899');
    expect(humanBeside(3000.4, 3000)).toBe('3000.4');
    expect(humanBeside(0.99900004, 0.999)).toBe('0.99900004');
    expect(humanBeside(-0.0500001, -0.05)).toBe('-0.0500001');
    // Where four digits already tell it apart, or it is the threshold, as human writes it.
    expect(humanBeside(0.9499, 0.95)).toBe('0.9499');
    expect(humanBeside(0.95, 0.95)).toBe('0.95');
    expect(humanBeside(0.9736, 0.95)).toBe(human(0.9736));
    // Above a threshold it would print as: 0.999 would not say which side.
    expect(humanBeside(0.99903, 0.999)).toBe('0.99903');
    expect(humanBeside(NaN, 0.999)).toBe('–');
  });

  test('table: first column left, others right, a rule under the header', () => {
    expect(table(['m', 'v'], [['a', '1'], ['bb', '22']])).toBe('m    v\n--  --\na    1\nbb  22');
    // A header wider than its cells sets the width; an empty last cell leaves no trailing spaces.
    expect(table(['metric', 'v'], [['a', ''], ['b', '1']])).toBe('metric  v\n------  -\na\nb       1');
    // Columns as a terminal shows them: a wide character takes two (a sweep over descriptions in Japanese).
    expect(table(['d', 'v'], [['日本', '1'], ['ab', '22']])).toBe('d      v\n----  --\n日本   1\nab    22');
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

  test('with outages: bay availability after the occupancy, for either side of a comparison', () => {
    const maintained = { ...plain, hub: { ...plain.hub, chargers: [{ ...plain.hub.chargers[0], maintenance: [{ weekday: 0, startMin: 540, endMin: 720 }] }, ...plain.hub.chargers.slice(1)] } } as unknown as typeof plain;
    const shown = headlineFor([plain, maintained]);
    expect(shown.slice(shown.indexOf('bay_occupancy'), shown.indexOf('bay_occupancy') + 2)).toEqual(['bay_occupancy', 'bay_availability']);
    expect(shown).toHaveLength(HEADLINE.length + 1);
    const failing = { ...plain, hub: { ...plain.hub, chargers: [{ ...plain.hub.chargers[0], failures: {} }] } } as unknown as typeof plain;
    expect(headlineFor([failing])).toContain('bay_availability');
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

describe('tables fitted to a terminal', () => {
  // A sweep of a battery's size and the connection with every price: 11 metric columns.
  const params = ['hub.battery.capacityKwh', 'hub.gridKw'];
  const metrics = ['service_level', 'served_share', 'wait_mean_min', 'p_wait_over_15min', 'grid_peak_kw', 'battery_cycles', 'energy_cost', 'demand_charge', 'connection_cost', 'margin_per_kwh', 'queue_mean'];
  const header = ['design', ...params, ...metrics];
  const rows = [1, 2, 3, 4].map((d) => [String(d), d <= 2 ? '1000' : '2000', d % 2 ? '2500' : '3000', ...metrics.map((_, j) => `${d}.${j}${'7'.repeat(j % 4)} ± 0.00${j}`)]);
  const whole = table(header, rows);

  /** The parts of a fitted table, each as its header and rows of cells (no cell here holds two spaces). */
  const parts = (text: string) =>
    text.split('\n\n').map((part) => {
      const [head, rule, ...body] = part.split('\n');
      expect(rule).toMatch(/^-+(  -+)*$/);
      return { header: head.trim().split(/ {2,}/), rows: body.map((l) => l.trim().split(/ {2,}/)), lines: part.split('\n') };
    });

  /** Every cell of the table stands in some part under its own header, beside its row's key. */
  function expectWhole(text: string, key: readonly number[]) {
    const seen = new Set<number>();
    for (const p of parts(text)) {
      expect(p.header.slice(0, key.length)).toEqual(key.map((i) => header[i]));
      for (const [c, name] of p.header.entries()) {
        const i = header.indexOf(name);
        if (c >= key.length) {
          expect(seen.has(i)).toBe(false);
          seen.add(i);
        }
        expect(p.rows.map((r) => r[c])).toEqual(rows.map((r) => r[i]));
      }
    }
    expect([...seen].sort((x, y) => x - y)).toEqual(header.map((_, i) => i).slice(key.length));
  }

  test('without a width (a pipe or a file), or wide enough, the one table as ever', () => {
    expect(whole.indexOf('\n')).toBeGreaterThan(200);
    expect(fitTable(header, rows, undefined, 3)).toBe(whole);
    expect(fitTable(header, rows, whole.indexOf('\n'), 3)).toBe(whole);
    expect(fitTable(['m', 'v'], [['a', '1']], 1)).toBe(table(['m', 'v'], [['a', '1']]));
  });

  test.each([80, 120, 200])('at %i columns: stacked tables that fit, each repeating the design and its values, nothing lost', (width) => {
    const text = fitTable(header, rows, width, 3);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
    expectWhole(text, [0, 1, 2]);
    // As few parts as fit, as even as they can be: not a full one and a last of one column.
    const n = parts(text).length;
    expect(n).toBe(width === 80 ? 6 : width === 120 ? 3 : 2);
    const counts = parts(text).map((p) => p.header.length - 3);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  test('where the design and its values leave no room for a metric, the design alone keys the parts, its values first', () => {
    const text = fitTable(header, rows, 50, 3);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    const [legend, ...rest] = parts(text);
    expect(legend.header).toEqual(['design', ...params]);
    for (const p of rest) expect(p.header[0]).toBe('design');
    expectWhole(text, [0]);
  });

  test('a column wider than the width alone does not unbalance the parts beside it', () => {
    // b c d in one part (7 wide) and e alone would be as few parts, but less even than b c and d e.
    const text = fitTable(['m', 'W', 'b', 'c', 'd', 'e'], [['x', 'w'.repeat(30), '1', '2', '3', '444']], 10);
    expect(text.split('\n\n').map((p) => p.split('\n')[0].split(/ +/))).toEqual([['m', 'W'], ['m', 'b', 'c'], ['m', 'd', 'e']]);
  });

  test('a column wider than the width alone is not cut: its part is as wide as it must be', () => {
    const wide = fitTable(['metric', 'A', 'B'], [['x', 'a'.repeat(30), 'b']], 20);
    expect(wide).toBe('metric                               A\n------  ------------------------------\nx       aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\nmetric  B\n------  -\nx       b');
  });

  test("a comparison at 80 columns: A and B, then B − A and its interval, each beside the metric", () => {
    const cmp = ['metric', 'A', 'B', 'B − A', 'B − A 95% CI'];
    const text = fitTable(cmp, [['battery_discharged_kwh', '0.9894 ± 0.007235', '0.9894 ± 0.007235', '-0.0005203', '[-0.001298, 0.0007779] *']], 80);
    expect(text.split('\n\n').map((p) => p.split('\n')[0].trim().split(/ {2,}/))).toEqual([['metric', 'A', 'B'], ['metric', 'B − A', 'B − A 95% CI']]);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  test('a table exactly as wide as the terminal, or with nothing beside its row names, is printed whole', () => {
    const [h, r] = [['m', 'a', 'b', 'c'], [['x', '1', '2', '3']]];
    expect(fitTable(h, r, 10)).toBe(table(h, r));
    expect(fitTable(h, r, 3, 4)).toBe(table(h, r));
  });

  test('parts fill the width exactly where they can (two spaces before each column counted), the earlier the fuller', () => {
    const [h, r] = [['m', 'a', 'b', 'c'], [['x', '1', '2', '3']]];
    // "m  a  b" is 7 characters: at 7 and at 9 columns two parts, the first holding two of the three.
    const two = 'm  a  b\n-  -  -\nx  1  2\n\nm  c\n-  -\nx  3';
    expect(fitTable(h, r, 7)).toBe(two);
    expect(fitTable(h, r, 9)).toBe(two);
  });

  test('the row-naming columns stay together where a metric fits beside them exactly, else the first alone keys the parts', () => {
    const [h, r] = [['d', 'v', 'a', 'b'], [['1', '2', '3', '4']]];
    // "d  v  a" is 7 characters.
    expect(fitTable(h, r, 7, 2)).toBe('d  v  a\n-  -  -\n1  2  3\n\nd  v  b\n-  -  -\n1  2  4');
    const narrow = fitTable(h, r, 6, 2);
    expect(narrow).toBe('d  v\n-  -\n1  2\n\nd  a\n-  -\n1  3\n\nd  b\n-  -\n1  4');
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(6);
  });
});

describe('lines under a table of means', () => {
  const over = (values: number[]) => summarise(values);
  const defined7 = over([1, 1, 1, 1, 1, 1, 1, NaN, NaN, NaN]);
  const all10 = over([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  test('a mean over fewer replications than ran is said to be, with how many', () => {
    expect(fewerLine([{ label: '', sums: [['trucks_arrived', all10], ['service_level', defined7], ['wait_mean_min', defined7]] }], 10, 'summary.csv')).toBe(
      "note: service_level and wait_mean_min are over the 7 of 10 replications that define them (summary.csv's n column)",
    );
    expect(fewerLine([{ label: '', sums: [['service_level', defined7]] }], 10, 'summary.csv')).toBe(
      "note: service_level is over the 7 of 10 replications that define it (summary.csv's n column)",
    );
    // Different counts: each metric with its own.
    const defined6 = over([0, 0, 0, 0, 0, 0, NaN, NaN, NaN, NaN]);
    expect(fewerLine([{ label: '', sums: [['service_level', defined7], ['wait_mean_min', defined6]] }], 10, 'summary.csv')).toBe(
      "note: some means are over only the replications that define them, of 10 (summary.csv's n column): 7 for service_level, 6 for wait_mean_min",
    );
  });

  test('nothing when every mean is over all replications, or over none (shown as –)', () => {
    expect(fewerLine([{ label: '', sums: [['trucks_arrived', all10], ['revenue', over([NaN, NaN])]] }], 10, 'summary.csv')).toBeUndefined();
  });

  test("a sweep names the designs, three at the most", () => {
    const design = (i: number, s = defined7) => ({ label: `design ${i}`, sums: [['service_level', s], ['served_share', s]] as const });
    expect(fewerLine([design(1), design(2, all10), design(3)], 10, 'sweep.csv')).toBe(
      "note: some means are over only the replications that define them, of 10 (sweep.csv's n column): design 1: 7 for service_level and served_share; design 3: 7 for service_level and served_share",
    );
    expect(fewerLine([1, 2, 3, 4, 5].map((i) => design(i)), 10, 'sweep.csv')).toMatch(/; design 3: 7 for service_level and served_share; and 2 more designs$/);
  });

  test("a peak's interval past the connection is said to know nothing of the limit, for each side it holds of", () => {
    const hub = (gridKw: number) => ({ hub: { gridKw } }) as unknown as Scenario;
    const peak = (mean: number, half: number): Summary => ({ mean, sd: 1, ci95Low: mean - half, ci95High: mean + half, n: 3 });
    expect(peakPastLimitLine([{ tag: '', scenario: hub(3000), peak: peak(2993, 31.65) }])).toBe(
      "note: grid_peak_kw's interval reaches 3025 kW, past the 3000 kW connection, which grid power never passes: a t-interval knows nothing of the limit",
    );
    expect(peakPastLimitLine([{ tag: '', scenario: hub(3000), peak: peak(2900, 31.65) }])).toBeUndefined();
    // A limit by hour: its largest value, said as such.
    const hourly = { hub: { gridKw: 2900, gridKwByHour: [2900, 1500] } } as unknown as Scenario;
    expect(peakPastLimitLine([{ tag: '', scenario: hourly, peak: peak(2890, 31.65) }])).toBe(
      "note: grid_peak_kw's interval reaches 2922 kW, past the connection's largest hourly value, 2900 kW, which grid power never passes: a t-interval knows nothing of the limit",
    );
    expect(peakPastLimitLine([{ tag: '', scenario: hub(Infinity), peak: peak(2900, 31.65) }])).toBeUndefined();
    // Rounding past the limit is no reach past it.
    expect(peakPastLimitLine([{ tag: '', scenario: hub(3000), peak: peak(3000, 1e-12) }])).toBeUndefined();
    expect(peakPastLimitLine([{ tag: 'A', scenario: hub(2400), peak: peak(2390, 20) }, { tag: 'B', scenario: hub(3000), peak: peak(2993, 31.65) }])).toBe(
      "note: grid_peak_kw's interval reaches past the connection, which grid power never passes, in A (2410 kW against 2400 kW) and B (3025 kW against 3000 kW): a t-interval knows nothing of the limit",
    );
    // A sweep's designs: the first so many named, the rest counted; a design under its own connection is none of them.
    const designs = [2000, 1000, 3000, 1500, 2400, 1900].map((gridKw, i) => ({ tag: `design ${i + 1}`, scenario: hub(gridKw), peak: peak(2000, 50) }));
    expect(peakPastLimitLine(designs, { named: 2, noun: 'design' })).toBe(
      "note: grid_peak_kw's interval reaches past the connection, which grid power never passes, in design 1 (2050 kW against 2000 kW), design 2 (2050 kW against 1000 kW) and 2 more designs: a t-interval knows nothing of the limit",
    );
    expect(peakPastLimitLine(designs.slice(2, 4), { named: 2, noun: 'design' })).toBe(
      "note: grid_peak_kw's interval reaches past the connection, which grid power never passes, in design 4 (2050 kW against 1500 kW): a t-interval knows nothing of the limit",
    );
  });

  test("the battery's and money totals are said to be over the statistics window, not a year", () => {
    const h = { days: 11.25, warmupDays: 1.5 };
    expect(planTotalsLine([...HEADLINE, 'battery_cycles', 'connection_cost', 'margin_per_kwh'], [h])).toBe(
      'battery_cycles and connection_cost are totals over 9.75 days after a 1.5-day warm-up, not monthly or yearly figures',
    );
    expect(planTotalsLine([...HEADLINE, 'energy_cost'], [h, { days: 11.25, warmupDays: 1.5 }])).toBe('energy_cost is a total over 9.75 days after a 1.5-day warm-up, not a monthly or yearly figure');
    expect(planTotalsLine(['energy_cost', 'revenue'], [h, { days: 30, warmupDays: 0 }])).toBe(
      "energy_cost and revenue are totals over each scenario's statistics window (A: 9.75 days after a 1.5-day warm-up; B: 30 days (a month)), a figure of their window's length",
    );
    // Windows of other lengths, none a month or a year: neither is; both a year: a year's.
    expect(planTotalsLine(['energy_cost'], [h, { days: 28, warmupDays: 0 }])).toBe("energy_cost is a total over each scenario's statistics window (A: 9.75 days after a 1.5-day warm-up; B: 28 days), not a monthly or yearly figure");
    expect(planTotalsLine(['energy_cost'], [{ days: 367, warmupDays: 2 }, { days: 368, warmupDays: 2 }])).toBe("energy_cost is a total over each scenario's statistics window (A: 365 days after a 2-day warm-up; B: 366 days after a 2-day warm-up), a year's figure");
    // A window of a year, or of a 30-day month (a demand charge's period), is said to be one; four weeks are not a month.
    expect(planTotalsLine(['energy_cost'], [{ days: 367, warmupDays: 2 }])).toBe("energy_cost is a total over 365 days after a 2-day warm-up, a year's figure");
    expect(planTotalsLine(['energy_cost', 'demand_charge'], [{ days: 30, warmupDays: 0 }, { days: 30, warmupDays: 0 }])).toBe("energy_cost and demand_charge are totals over 30 days, a month's figures, not yearly ones");
    expect(planTotalsLine(['demand_charge'], [{ days: 30, warmupDays: 2 }])).toBe('demand_charge is a total over 28 days after a 2-day warm-up, not a monthly or yearly figure');
    // The headline's own counts and energy are not the plan's: no line.
    expect(planTotalsLine([...HEADLINE, 'margin_per_kwh'], [h])).toBeUndefined();
  });
});
