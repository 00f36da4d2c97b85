import { describe, expect, test } from '@jest/globals';
import { BATTERY_METRICS, METRIC_NAMES } from '../../src/model/metrics.js';
import type { RunInfo } from '../../src/report/data.js';
import { HEADLINE_METRICS, headlineFor, metricInfo, unitLabel, unitScale } from '../../src/report/metrics.js';

/** A run of a scenario written as `scenario`. */
const runOf = (scenario: Record<string, unknown>): RunInfo => ({ hubsim: '0.1.0', scenarioFile: 'x.json', scenario, seed: 1, replications: 2, sessions: 'first' });

describe('headlineFor', () => {
  test("the money metrics either side's prices give, and the battery's where either side has one", () => {
    const energy = runOf({ hub: {}, economics: { energyPrice: 0.2 } });
    const selling = runOf({ hub: { battery: { capacityKwh: 100, powerKw: 50 } }, economics: { sellingPrice: 0.45 } });
    expect(headlineFor([energy])).toEqual([...HEADLINE_METRICS, 'energy_cost']);
    expect(headlineFor([energy, selling])).toEqual([...HEADLINE_METRICS, ...BATTERY_METRICS, 'energy_cost', 'revenue', 'margin_per_kwh']);
    expect(headlineFor([selling, energy])).toEqual(headlineFor([energy, selling]));
    // An economics section that gives no price shows no money.
    expect(headlineFor([runOf({ hub: {}, economics: {} })])).toEqual([...HEADLINE_METRICS]);
  });
});

describe('metricInfo', () => {
  test('only shares are shown as percentages; a margin per kWh, say, in its own unit', () => {
    const shares = ['service_level', 'served_share', 'no_wait_share', 'p_wait_over_15min', 'target_reached_share', 'within_break_share', 'bay_occupancy', 'bay_availability', 'power_utilization'];
    for (const m of METRIC_NAMES) expect([m, unitScale(metricInfo(m).unit)]).toEqual([m, shares.includes(m) ? 100 : 1]);
  });

  test("a metric's help names the service threshold in force", () => {
    expect(metricInfo('service_level', 30).help).toBe('arriving trucks plugged in within 30 min');
    expect(metricInfo('service_level').help).toBe('arriving trucks plugged in within 15 min');
  });

  test('battery_cycles reads as the battery\u2019s use in equivalent full cycles, not "Battery cycles (cycles)"', () => {
    const info = metricInfo('battery_cycles');
    expect(`${info.label} (${unitLabel(info.unit)})`).toBe('Battery use (equivalent full cycles)');
    expect(info.help).toBe('energy discharged over the site battery\u2019s capacity');
  });

  test('a metric the catalogue lacks is named as it is, with the unit its suffix says', () => {
    expect(metricInfo('spill_kwh')).toEqual({ label: 'spill_kwh', unit: 'kWh', help: '' });
    expect(metricInfo('spill_kw').unit).toBe('kW');
    expect(metricInfo('detour_min').unit).toBe('min');
    expect(metricInfo('detour_share').unit).toBe('share');
    expect(metricInfo('detours').unit).toBe('trucks');
  });
});
