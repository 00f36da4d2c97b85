// A chart's data as a table, for a reader who cannot see the chart or wants its numbers: built from
// the same typed inputs as the chart's spec (charts.ts), so that the table holds what is drawn.
// Numbers are formatted as the report's other tables format them (format.ts).
import type { BarPanels, HeatMap, Point } from './charts.js';
import { formatEstimate, formatExact, formatFixed, MISSING } from './format.js';
import type { Cell, ChartData, Inline } from './page.js';

/** One curve of a line chart as columns of its data table: its means, and its band where it has one. */
export interface CurveColumn {
  /** What the curve is, as its legend names it: `Grid power`, `A: recklinghausen-phase1`. */
  readonly name: string;
  /** The unit of its values as shown, after `scale`: `kW`, `%`. */
  readonly unit: string;
  readonly points: readonly Point[];
  /** Factor from a point's value to the shown one: 100 for a share shown in per cent. */
  readonly scale?: number;
  /** Decimals of the shown values. */
  readonly decimals: number;
  /** Give the band (lowest to highest replication) a column of its own; only where the curve has one. */
  readonly band?: boolean;
}

/** The horizontal axis of a line chart's table: its heading, with unit, and how a value of it reads. */
export interface CurveRows {
  readonly title: string;
  readonly label: (x: number) => string;
}

/** An hour of the day as the charts place it, at mid-hour (3.5), as the hour it stands for: `3:00–4:00`. */
export function hourLabel(x: number): string {
  const h = Math.floor(x);
  return `${h}:00\u2013${h + 1}:00`;
}

/** The rows of a chart over the hours of the day. */
export const HOUR_ROWS: CurveRows = { title: 'Hour of day', label: hourLabel };

/**
 * A line chart's data: a row per value of the horizontal axis that any curve has, in order, and
 * for each curve a column of its means and, with `band`, one of the range over replications, as
 * `[lowest, highest]` like the report's intervals. A value a curve lacks, or leaves undefined
 * (drawn as a gap), reads `–`; with no value at all, there are no rows.
 */
export function curveTable(x: CurveRows, columns: readonly CurveColumn[], note?: readonly Inline[]): ChartData {
  const xs = [...new Set(columns.flatMap((c) => c.points.map((p) => p.x)))].sort((a, b) => a - b);
  const at = columns.map((c) => new Map(c.points.map((p) => [p.x, p])));
  const banded = columns.map((c) => c.band === true && c.points.some((p) => p.lo !== undefined && p.hi !== undefined));
  const head: Cell[] = [x.title];
  columns.forEach((c, i) => {
    head.push(`${c.name} (${c.unit})`);
    if (banded[i]) head.push(`${c.name}, lowest to highest replication (${c.unit})`);
  });
  const rows = xs.map((v) => {
    const row: Cell[] = [x.label(v)];
    columns.forEach((c, i) => {
      const p = at[i].get(v);
      const shown = (y: number | undefined) => formatFixed((y ?? NaN) * (c.scale ?? 1), c.decimals);
      row.push(shown(p?.y));
      if (banded[i]) row.push(range(shown(p?.lo), shown(p?.hi)));
    });
    return row;
  });
  // No value anywhere (a wait curve where no truck arrived) is no data: a row per minute of dashes
  // would say nothing, at length.
  const drawn = columns.some((c) => c.points.some((p) => Number.isFinite(p.y)));
  return { kind: 'table', head, rows: drawn ? rows : [], ...(note ? { note } : {}) };
}

function range(lo: string, hi: string): string {
  return lo === MISSING || hi === MISSING ? MISSING : `[${lo}, ${hi}]`;
}

/**
 * A heat map's data: a row per hour of the day, a column per row of the map (the weekdays), each
 * value times `scale` with `decimals`; a cell drawn grey (undefined) reads `–`.
 */
export function heatTable(h: HeatMap, unit: string, scale: number, decimals: number): ChartData {
  const hours = [...new Set(h.cells.map((c) => c.hour))].sort((a, b) => a - b);
  const value = new Map(h.cells.map((c) => [`${c.row} ${c.hour}`, c.value]));
  return {
    kind: 'table',
    head: ['Hour of day', ...h.rows.map((r) => `${r} (${unit})`)],
    rows: hours.map((hour) => [hourLabel(hour), ...h.rows.map((r) => formatFixed((value.get(`${r} ${hour}`) ?? NaN) * scale, decimals))]),
  };
}

/**
 * Bar panels' data: a row per category (its column headed `categoryTitle`), a column per panel (and series, where there are several),
 * each bar's value over its interval as the report's other tables show an estimate, with its
 * decimals; a share (a panel whose axis is in per cent) is shown in per cent, as its title says. Where there is no bar, the
 * words the chart writes in its place.
 */
export function barTable(b: BarPanels, categoryTitle: string): ChartData {
  // A panel whose axis is formatted in per cent (d3's `%`) plots shares.
  const shares = (p: BarPanels['panels'][number]) => p.axis.format?.endsWith('%') === true;
  const several = b.series.length > 1;
  const columns = b.panels.flatMap((p) => b.series.map((s) => ({ panel: p, series: s.label })));
  const head: Cell[] = [categoryTitle, ...columns.map((c) => (several ? `${c.series}: ${c.panel.title}` : c.panel.title))];
  const rows = b.categories.map((category) => [
    category,
    ...columns.map((c): Cell => {
      const v = c.panel.values.find((x) => x.category === category && x.series === c.series);
      if (v === undefined) return MISSING;
      if (!Number.isFinite(v.mean)) return v.missing ?? 'no value';
      const est = formatEstimate(v.mean, v.lo, v.hi, shares(c.panel) ? 100 : 1);
      return est.interval === MISSING ? est.value : { text: est.value, sub: est.interval };
    }),
  ]);
  const intervals = b.panels.some((p) => p.values.some((v) => Number.isFinite(v.lo) && Number.isFinite(v.hi)));
  return { kind: 'table', head, rows, ...(intervals ? { note: ['Below each value, the interval its whisker spans.'] } : {}) };
}

/** A share of time (0–1) as the load-duration table's row reads it: per cent of the window. */
export function percentLabel(x: number): string {
  return formatExact(x, 2);
}
