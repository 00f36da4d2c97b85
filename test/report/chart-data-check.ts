/**
 * Checks that a chart's data table holds what the chart draws, read from the chart's Vega-Lite
 * spec itself (not from the table's builder): every mean, band and interval of a line chart, heat
 * map or bar panel, rounded as its cell shows it, in the cell of its row and column.
 */
import type { Block, Cell } from '../../src/report/page.js';

type Chart = Extract<Block, { kind: 'chart' }>;
type Row = Record<string, unknown>;

/** A cell's text, with its muted second line (an interval) after a space. */
export function cellText(c: Cell): string {
  const flat = (x: unknown): string => (typeof x === 'string' ? x : Array.isArray(x) ? x.map(flat).join('') : typeof x === 'object' && x !== null ? flat(Object.values(x)[0]) : '');
  return typeof c === 'string' ? c : [flat(c.text), c.sub === undefined ? '' : flat(c.sub)].filter(Boolean).join(' ');
}

/** The number a cell's text shows, or NaN for `–` and words. */
function parse(text: string): number {
  return /^\u2212?[\d,]+(\.\d+)?$/.test(text) ? Number(text.replace(/,/g, '').replace('\u2212', '-')) : NaN;
}

/** Whether `shown` is `value` (times `scale`) rounded to the decimals `shown` has; `–` for no value. */
function same(shown: string, value: unknown, scale: number): boolean {
  if (typeof value !== 'number') return shown === '\u2013' || !/\d/.test(shown);
  const decimals = /\.(\d+)$/.exec(shown)?.[1].length ?? 0;
  return Math.abs(parse(shown) - value * scale) <= 0.5 * 10 ** -decimals + 1e-9;
}

/** `[lo, hi]` as a cell shows a band or an interval, split into its two ends. */
function ends(text: string): [string, string] {
  const m = /^\[(.+), (.+)\]$/.exec(text);
  return m ? [m[1], m[2]] : [text, text];
}

/**
 * What in a chart's data table does not match its spec, empty when it all does; throws where the
 * chart's data is not a table. A column whose heading has a unit in per cent holds shares × 100.
 */
export function dataMismatches(chart: Chart): string[] {
  if (chart.data.kind !== 'table') throw new Error(`${chart.id}: its data is not a table`);
  const { head, rows } = chart.data;
  const heads = head.map(cellText);
  const scaleOf = (col: number) => (/\(%/.test(heads[col]) ? 100 : 1);
  const cell = (r: number, c: number) => (rows[r]?.[c] === undefined ? undefined : cellText(rows[r][c]));
  const out: string[] = [];
  const spec = chart.spec as unknown as { data?: { values: Row[] }; layer?: { encoding?: { color?: { scale?: { domain?: string[] } } } }[]; concat?: { data: { values: Row[] } }[] };
  const check = (what: string, r: number, c: number, value: unknown) => {
    const shown = cell(r, c);
    if (shown === undefined || !same(shown, value, scaleOf(c))) out.push(`${chart.id} ${what}: table has ${shown} at row ${r}, column ${c} (${heads[c]}), chart has ${String(value)}`);
  };
  // A step line's held ends repeat its first and last values past their points (charts.ts heldEnds): the table gives those once.
  const values = (spec.data?.values ?? []).filter((v) => v.held !== true);
  if (values.length > 0 && 'series' in values[0]) {
    // A line chart: a row per x, for each series in legend order a column of means and, where it
    // has a band, one of [lowest, highest].
    const xs = [...new Set(values.map((v) => v.x as number))].sort((a, b) => a - b);
    if (rows.length !== xs.length) out.push(`${chart.id}: ${rows.length} rows for ${xs.length} values of x`);
    const series = spec.layer?.map((l) => l.encoding?.color?.scale?.domain).find((d) => d !== undefined) ?? [];
    let col = 1;
    for (const s of series) {
      const mine = values.filter((v) => v.series === s);
      const banded = heads[col + 1]?.startsWith(`${heads[col].replace(/ \(.*$/, '')}, lowest to highest`) ?? false;
      for (const v of mine) {
        const r = xs.indexOf(v.x as number);
        check(`${s} at ${String(v.x)}`, r, col, v.y);
        if (banded) {
          const [lo, hi] = ends(cell(r, col + 1) ?? '');
          if (!same(lo, v.lo, scaleOf(col)) || !same(hi, v.hi, scaleOf(col))) out.push(`${chart.id} ${s} band at ${String(v.x)}: table has ${cell(r, col + 1)}, chart has [${String(v.lo)}, ${String(v.hi)}]`);
        }
      }
      col += banded ? 2 : 1;
    }
    if (col !== heads.length) out.push(`${chart.id}: ${heads.length} columns, ${col} accounted for`);
  } else if (values.length > 0 && 'hour' in values[0]) {
    // A heat map: a row per hour, a column per row of the map, in the order of the table's headings.
    for (const v of values) {
      const c = heads.findIndex((h) => h.startsWith(`${String(v.row)} (`));
      check(`${String(v.row)} ${String(v.hour)}:00`, v.hour as number, c, v.value);
    }
  } else if (spec.concat) {
    // Bar panels: a row per category, named in its first cell, a column per panel and series.
    const series = [...new Set(spec.concat.flatMap((p) => p.data.values.map((v) => v.series as string)))];
    spec.concat.forEach((p, i) => {
      for (const v of p.data.values) {
        const r = rows.findIndex((row) => cellText(row[0]) === v.category);
        const c = 1 + i * series.length + series.indexOf(v.series as string);
        const text = cell(r, c) ?? '';
        if (typeof v.mean !== 'number') {
          // No bar: the table says why, as the chart does, with no number.
          if (r < 0 || /\d/.test(text)) out.push(`${chart.id} ${String(v.category)}: no bar, but the table has ${text}`);
          continue;
        }
        const [, mean, interval] = /^(\S+)(?: (\[.*\]))?$/.exec(text) ?? [];
        if (mean === undefined || !same(mean, v.mean, scaleOf(c))) out.push(`${chart.id} ${String(v.category)}: table has ${text} at row ${r}, column ${c} (${heads[c]}), chart has ${String(v.mean)}`);
        if (typeof v.lo === 'number' && typeof v.hi === 'number') {
          const [lo, hi] = ends(interval ?? '');
          if (!same(lo, v.lo, scaleOf(c)) || !same(hi, v.hi, scaleOf(c))) out.push(`${chart.id} ${String(v.category)} interval: table has ${interval}, chart has [${v.lo}, ${v.hi}]`);
        }
      }
    });
  } else {
    out.push(`${chart.id}: a chart this check does not know`);
  }
  return out;
}
