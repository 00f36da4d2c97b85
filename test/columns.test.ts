/** Output rows: power.csv's calendar columns and the breakdown files' layout. */
import { describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { breakdownLayout, WAIT_GRID } from '../src/model/breakdown.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { breakdownFiles, POWER_COLUMNS, SUMMARY_COLUMNS, summaryRow, writePowerRow } from '../src/output/columns.js';
import { CsvFileWriter } from '../src/output/csv.js';
import { summarise } from '../src/stats/summary.js';
import { VectorSummary } from '../src/stats/vector-summary.js';
import { scratch } from './helpers/scratch.js';

const power = (startMin: number) => ({ startMin, gridKwMean: 1.25, gridKwMax: 2, demandKwMean: 3.5, occupiedBaysMean: 0.5, queueMean: 0, batteryKwMean: -250 });

/** power.csv's row for one record, as its fields. */
function powerRow(p: ReturnType<typeof power>): string[] {
  const file = join(scratch('hubsim-columns-'), 'power.csv');
  const w = new CsvFileWriter(file, null);
  writePowerRow(w, p);
  w.close();
  return readFileSync(file, 'utf8').trimEnd().split(',');
}

describe('power.csv', () => {
  test('day, weekday and hour of the interval start; t = 0 is Monday 00:00', () => {
    expect(POWER_COLUMNS).toEqual([
      'start_min', 'day', 'weekday', 'hour', 'grid_kw_mean', 'grid_kw_max', 'demand_kw_mean', 'occupied_bays_mean', 'queue_mean', 'battery_kw_mean',
    ]);
    expect(powerRow(power(0))).toEqual(['0', '0', 'Mon', '0', '1.25', '2', '3.5', '0.5', '0', '-250']);
    expect(powerRow(power(59.5)).slice(0, 4)).toEqual(['59.5', '0', 'Mon', '0']);
    expect(powerRow(power(1440 + 13 * 60 + 45)).slice(0, 4)).toEqual(['2265', '1', 'Tue', '13']);
    expect(powerRow(power(6 * 1440 + 23 * 60)).slice(0, 4)).toEqual(['10020', '6', 'Sun', '23']);
    expect(powerRow(power(7 * 1440)).slice(0, 4)).toEqual(['10080', '7', 'Mon', '0']);
    // A start that is a whole hour but for rounding is in that hour, as by-hour.csv places it:
    // 2700 × 1.4 is 3779.9999999999995, Wednesday 15:00.
    expect(2700 * 1.4).toBeLessThan(3780);
    expect(powerRow(power(2700 * 1.4)).slice(1, 4)).toEqual(['2', 'Wed', '15']);
  });
});

describe('summary.csv', () => {
  test('range and percentiles follow the interval columns; undefined values are empty', () => {
    expect(SUMMARY_COLUMNS.slice(6)).toEqual(['min', 'p05', 'p50', 'p95', 'max']);
    expect(summaryRow('x', summarise([1, 2, 3, 4, 5])).slice(5)).toEqual(['5', '1', '1.2', '3', '4.8', '5']);
    expect(summaryRow('x', summarise([NaN])).slice(1)).toEqual(['', '', '', '', '0', '', '', '', '', '']);
  });
});

describe('breakdown files', () => {
  const layout = breakdownLayout({ fleet: [{ name: 'eactros' }, { name: 'etgx' }] as never });
  const acc = new VectorSummary(layout.size);
  // Two replications whose slot i holds i and i + 2: every mean is i + 1, every sd √2.
  acc.add(Float64Array.from({ length: layout.size }, (_, i) => i));
  acc.add(Float64Array.from({ length: layout.size }, (_, i) => i + 2));
  // Each file's header and rows, as fields (no field here holds a comma or a quote).
  const tables = Object.fromEntries(
    breakdownFiles(layout, acc).map((t) => {
      const [columns, ...rows] = t.text.trimEnd().split('\n').map((line) => line.split(','));
      return [t.file, { columns, rows }];
    }),
  );

  test('by-hour: Mon..Sun × 0..23 then all × 0..23, metrics in order within each hour', () => {
    const t = tables['by-hour.csv'];
    expect(t.columns).toEqual(['weekday', 'hour', 'metric', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n', 'min', 'max']);
    expect(t.rows).toHaveLength(192 * 10);
    expect(t.rows.slice(0, 11).map((r) => r.slice(0, 3).join(' '))).toEqual([
      'Mon 0 arrivals', 'Mon 0 service_level', 'Mon 0 wait_mean_min', 'Mon 0 grid_mean_kw', 'Mon 0 demand_mean_kw', 'Mon 0 bay_occupancy',
      'Mon 0 queue_mean', 'Mon 0 grid_peak_kw', 'Mon 0 battery_kw_mean', 'Mon 0 battery_soc_mean', 'Mon 1 arrivals',
    ]);
    expect(t.rows[24 * 10].slice(0, 2)).toEqual(['Tue', '0']);
    expect(t.rows[168 * 10].slice(0, 3)).toEqual(['all', '0', 'arrivals']);
    expect(t.rows[191 * 10 + 9].slice(0, 3)).toEqual(['all', '23', 'battery_soc_mean']);
    // Row r, metric m is slot r·10 + m: mean slot + 1, n 2, min slot, max slot + 2.
    expect(t.rows[13]).toEqual(['Mon', '1', 'grid_mean_kw', '14', String(Math.SQRT2), t.rows[13][5], t.rows[13][6], '2', '13', '15']);
  });

  test('by-fleet: fleet names in scenario order, nine metrics each', () => {
    const t = tables['by-fleet.csv'];
    expect(t.rows.map((r) => r[0])).toEqual([...Array(9).fill('eactros'), ...Array(9).fill('etgx')]);
    expect(t.rows.slice(0, 9).map((r) => r[1])).toEqual([
      'trucks_arrived', 'served_share', 'service_level', 'wait_mean_min', 'wait_p95_min', 'charge_mean_min', 'target_reached_share',
      'energy_delivered_kwh', 'energy_unmet_kwh',
    ]);
    expect(t.rows[9][2]).toBe(String(layout.byFleet + 9 + 1));
  });

  test('by-fleet: a name with a comma or a quote is quoted, so that the row keeps its columns', () => {
    const named = breakdownLayout({ fleet: [{ name: 'MAN, 40 t' }, { name: 'the "big" one' }] as never });
    const two = new VectorSummary(named.size);
    two.add(new Float64Array(named.size));
    const text = breakdownFiles(named, two).find((f) => f.file === 'by-fleet.csv')!.text;
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.fleet)).toEqual([...Array(9).fill('MAN, 40 t'), ...Array(9).fill('the "big" one')]);
    expect(rows.every((r) => r.metric !== undefined && r.max === '0')).toBe(true);
  });

  test('every value is written in full, not rounded as the detail files are: min and max too', () => {
    const thirds = new VectorSummary(layout.size);
    thirds.add(new Float64Array(layout.size).fill(1 / 3));
    thirds.add(new Float64Array(layout.size).fill(2 / 3));
    const [, first] = breakdownFiles(layout, thirds)[0].text.split('\n');
    const [mean, , , , n, min, max] = first.split(',').slice(3);
    expect([mean, n, min, max]).toEqual([String(0.5), '2', String(1 / 3), String(2 / 3)]);
  });

  test('load-duration: shares 0, 0.01, ..., 1, grid then demand; wait-cdf: the fixed grid', () => {
    const ld = tables['load-duration.csv'];
    expect(ld.rows).toHaveLength(202);
    expect(ld.rows.slice(0, 4).map((r) => r.slice(0, 2))).toEqual([['0', 'grid_kw'], ['0', 'demand_kw'], ['0.01', 'grid_kw'], ['0.01', 'demand_kw']]);
    expect(ld.rows[14][0]).toBe('0.07');
    expect(ld.rows[201].slice(0, 2)).toEqual(['1', 'demand_kw']);
    const cdf = tables['wait-cdf.csv'];
    expect(cdf.rows.map((r) => Number(r[0]))).toEqual(WAIT_GRID);
    expect(cdf.rows[0].slice(0, 2)).toEqual(['0', 'plugged_in_within']);
  });
});
