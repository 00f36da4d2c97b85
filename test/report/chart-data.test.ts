import { describe, expect, test } from '@jest/globals';
import { barTable, curveTable, heatTable, HOUR_ROWS, hourLabel } from '../../src/report/chart-data.js';
import { barPanelsSpec, heatMapSpec, HOUR_AXIS, lineChartSpec, type BarPanels, type HeatMap, type Series } from '../../src/report/charts.js';
import type { Block, ChartData } from '../../src/report/page.js';
import { cellText, dataMismatches } from './chart-data-check.js';

const rows = (d: ChartData) => (d.kind === 'table' ? d.rows.map((r) => r.map(cellText)) : []);
const head = (d: ChartData) => (d.kind === 'table' ? d.head.map(cellText) : []);

const SERIES: Series[] = [
  { label: 'Grid power', color: '#000000', points: [0, 1, 2].map((h) => ({ x: h + 0.5, y: 1000 * h + 0.4, lo: 1000 * h - 10.6, hi: 1000 * h + 20 })) },
  // A curve with no band, undefined in its last hour (a gap), and one hour short.
  { label: 'Demand', color: '#000000', points: [0, 1].map((h) => ({ x: h + 0.5, y: h === 1 ? NaN : -2.5 })) },
];

describe('curveTable', () => {
  const table = curveTable(HOUR_ROWS, [
    { name: 'Grid power', unit: 'kW', points: SERIES[0].points, decimals: 0, band: true },
    { name: 'Demand', unit: 'kW', points: SERIES[1].points, decimals: 1, band: true },
  ]);

  test('a row per value of x any curve has, in order; a column per curve, and one per band where the curve has one', () => {
    expect(head(table)).toEqual(['Hour of day', 'Grid power (kW)', 'Grid power, lowest to highest replication (kW)', 'Demand (kW)']);
    expect(rows(table)).toEqual([
      ['0:00\u20131:00', '0', '[\u221211, 20]', '\u22122.5'],
      ['1:00\u20132:00', '1,000', '[989, 1,020]', '\u2013'],
      ['2:00\u20133:00', '2,000', '[1,989, 2,020]', '\u2013'],
    ]);
  });

  test('a share is shown times its scale, and a curve without `band` gets no band column', () => {
    const shares = curveTable({ title: 'Wait (min)', label: String }, [{ name: 'Plugged in', unit: '%', points: [{ x: 0, y: 0.91234, lo: 0.9, hi: 0.95 }], decimals: 1, scale: 100 }]);
    expect(head(shares)).toEqual(['Wait (min)', 'Plugged in (%)']);
    expect(rows(shares)).toEqual([['0', '91.2']]);
  });

  test('rows come in the order of x however the curves list their points, and a band with an end missing reads as a dash', () => {
    const table = curveTable(HOUR_ROWS, [
      { name: 'Grid power', unit: 'kW', points: [{ x: 2.5, y: 3, lo: 2, hi: 4 }, { x: 0.5, y: 1, lo: NaN, hi: 2 }, { x: 1.5, y: 2, lo: 1, hi: NaN }], decimals: 0, band: true },
      { name: 'Demand', unit: 'kW', points: [{ x: 1.5, y: 2 }], decimals: 0 },
    ]);
    expect(rows(table)).toEqual([
      ['0:00\u20131:00', '1', '\u2013', '\u2013'],
      ['1:00\u20132:00', '2', '\u2013', '2'],
      ['2:00\u20133:00', '3', '[2, 4]', '\u2013'],
    ]);
  });

  test('a table has rows while any curve has a value, and none when no curve has one', () => {
    const none = { name: 'B', unit: 'min', points: [0.5, 1.5].map((x) => ({ x, y: NaN })), decimals: 0 };
    expect(rows(curveTable(HOUR_ROWS, [none]))).toEqual([]);
    expect(rows(curveTable(HOUR_ROWS, [{ ...none, name: 'A', points: [{ x: 0.5, y: 4 }] }, none]))).toEqual([
      ['0:00\u20131:00', '4', '\u2013'],
      ['1:00\u20132:00', '\u2013', '\u2013'],
    ]);
  });

  test('hours read as the span they stand for', () => {
    expect([0.5, 9.5, 23.5].map(hourLabel)).toEqual(['0:00\u20131:00', '9:00\u201310:00', '23:00\u201324:00']);
  });
});

describe('heatTable', () => {
  const map: HeatMap = {
    description: 'occupancy',
    cells: ['Mon', 'Tue'].flatMap((row, i) => [0, 1].map((hour) => ({ row, hour, value: i === 1 && hour === 1 ? NaN : 0.1 * (hour + 1) + i / 100 }))),
    rows: ['Mon', 'Tue'],
    legend: 'Occupied',
    format: '.0%',
    scheme: 'blues',
  };

  test('a row per hour, a column per row of the map, a grey cell a dash', () => {
    const table = heatTable(map, '% of bays', 100, 1);
    expect(head(table)).toEqual(['Hour of day', 'Mon (% of bays)', 'Tue (% of bays)']);
    expect(rows(table)).toEqual([
      ['0:00\u20131:00', '10.0', '11.0'],
      ['1:00\u20132:00', '20.0', '\u2013'],
    ]);
  });

  test('its rows come in the order of the hours, whatever the order of the cells', () => {
    const table = heatTable({ ...map, cells: [...map.cells].reverse() }, '% of bays', 100, 1);
    expect(rows(table).map((r) => r[0])).toEqual(['0:00\u20131:00', '1:00\u20132:00']);
  });
});

describe('barTable', () => {
  const bars: BarPanels = {
    description: 'fleet',
    categories: ['x', 'y'],
    series: [{ label: 'A', color: '#000000' }, { label: 'B', color: '#000000' }],
    panels: [
      {
        title: 'Service level (%)',
        axis: { title: null, format: '.0%' },
        values: [
          { category: 'x', series: 'A', mean: 0.8123, lo: 0.7, hi: 0.9 },
          { category: 'x', series: 'B', mean: 0.85, lo: NaN, hi: NaN },
          { category: 'y', series: 'A', mean: NaN, lo: NaN, hi: NaN, missing: 'no trucks arrived' },
        ],
      },
      { title: 'Energy (MWh)', axis: { title: null, format: ',.3~r' }, values: [{ category: 'x', series: 'A', mean: 1234.5, lo: 1200, hi: 1270 }] },
    ],
  };

  test('a row per category, a column per panel and series; each value over its interval, shares in per cent; words where there is no bar', () => {
    const table = barTable(bars, 'Fleet type');
    expect(head(table)).toEqual(['Fleet type', 'A: Service level (%)', 'B: Service level (%)', 'A: Energy (MWh)', 'B: Energy (MWh)']);
    expect(rows(table)).toEqual([
      ['x', '81 [70, 90]', '85', '1,235 [1,200, 1,270]', '\u2013'],
      ['y', 'no trucks arrived', '\u2013', '\u2013', '\u2013'],
    ]);
    expect(table.kind === 'table' && table.note).toEqual(['Below each value, the interval its whisker spans.']);
  });

  test('without an interval anywhere, no note speaks of intervals', () => {
    const one = { ...bars, panels: bars.panels.map((p) => ({ ...p, values: p.values.map((v) => ({ ...v, lo: NaN, hi: NaN })) })) };
    const table = barTable(one, 'Fleet type');
    expect(table.kind === 'table' && table.note).toBeUndefined();
    expect(rows(table)[0]).toEqual(['x', '81.2', '85', '1,235', '\u2013']);
  });
});

describe('the check of a table against its chart', () => {
  const chart = (spec: Extract<Block, { kind: 'chart' }>['spec'], data: ChartData): Extract<Block, { kind: 'chart' }> => ({ kind: 'chart', id: 'c', caption: [], spec, data });
  const line = lineChartSpec({ description: 'load', x: HOUR_AXIS, y: { title: 'kW' }, series: SERIES });
  const good = curveTable(HOUR_ROWS, [
    { name: 'Grid power', unit: 'kW', points: SERIES[0].points, decimals: 0, band: true },
    { name: 'Demand', unit: 'kW', points: SERIES[1].points, decimals: 1 },
  ]);

  test('passes a table that holds what the chart draws', () => {
    expect(dataMismatches(chart(line, good))).toEqual([]);
  });

  test('finds a mean, a band end or a row that is not what the chart draws', () => {
    const off = (r: number, c: number, text: string): ChartData => (good.kind === 'table' ? { ...good, rows: good.rows.map((row, i) => row.map((cell, j) => (i === r && j === c ? text : cell))) } : good);
    expect(dataMismatches(chart(line, off(1, 1, '1,001')))).toEqual([expect.stringContaining('Grid power at 1.5: table has 1,001')]);
    expect(dataMismatches(chart(line, off(2, 2, '[1,989, 2,021]')))).toEqual([expect.stringContaining('Grid power band at 2.5')]);
    expect(dataMismatches(chart(line, off(0, 3, '\u22122.6')))).toEqual([expect.stringContaining('Demand at 0.5')]);
    expect(dataMismatches(chart(line, good.kind === 'table' ? { ...good, rows: good.rows.slice(1) } : good)).length).toBeGreaterThan(0);
  });

  test('checks heat maps and bar panels too', () => {
    const map: HeatMap = { description: 'm', cells: [{ row: 'Mon', hour: 0, value: 0.5 }], rows: ['Mon'], legend: 'l', format: '.0%', scheme: 'blues' };
    expect(dataMismatches(chart(heatMapSpec(map), heatTable(map, '%', 100, 1)))).toEqual([]);
    expect(dataMismatches(chart(heatMapSpec(map), heatTable(map, '%', 1, 1)))).toEqual([expect.stringContaining('Mon 0:00')]);
    const bars: BarPanels = { description: 'b', categories: ['x'], series: [{ label: 'A', color: '#000000' }], panels: [{ title: 'Wait (min)', axis: { title: null }, values: [{ category: 'x', series: 'A', mean: 2.5, lo: 2, hi: 3 }] }] };
    expect(dataMismatches(chart(barPanelsSpec(bars), barTable(bars, 'Fleet type')))).toEqual([]);
    const wrong = barTable({ ...bars, panels: [{ ...bars.panels[0], values: [{ category: 'x', series: 'A', mean: 2.5, lo: 1, hi: 3 }] }] }, 'Fleet type');
    expect(dataMismatches(chart(barPanelsSpec(bars), wrong))).toEqual([expect.stringContaining('x interval')]);
  });
});
