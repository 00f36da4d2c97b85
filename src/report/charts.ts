// Vega-Lite specifications of the report's chart kinds, built from plain typed inputs. Pure: no
// vega import here (the type import below is erased), so building specs costs nothing.
import { nice as niceDomain, tickIncrement, ticks as tickValues, tickStep } from 'd3-array';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Okabe & Ito's palette, distinguishable with every common colour-vision deficiency, with a brown
 * in place of its yellow: yellow lines and points stood at 1.3:1 on the charts' white, where WCAG
 * asks 3:1 of marks. The brown keeps every pair of the eight series colours as far apart (CIEDE2000,
 * also as seen with each of the three deficiencies) as Okabe and Ito's own nearest pair, orange and
 * vermillion seen without blue cones.
 */
export const PALETTE = {
  blue: '#0072B2',
  orange: '#E69F00',
  vermillion: '#D55E00',
  green: '#009E73',
  sky: '#56B4E9',
  purple: '#CC79A7',
  brown: '#7C3E32',
  black: '#000000',
  grey: '#6b6b6b',
} as const;

/** The system font stack the page uses, so chart text matches the page's text. */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The page's text colour (`--fg` in page.ts), for chart text and for marks of no series colour (the grid connection, rules). */
export const TEXT = '#1f2328';
const MUTED = '#57606a';

/** A `#rrggbb` colour's red, green and blue, 0–255. */
function rgbOf(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** Red, green and blue (0–255, whole) as `#rrggbb`. */
function hexOf(rgb: readonly number[]): string {
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance (WCAG 2) of a colour's red, green and blue. */
function luminance(rgb: readonly number[]): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * How much of its colour an outlined bar's fill keeps, the rest white: little enough that in grey
 * the bar reads as an outline beside a filled one (drawn at the bars' 0.85, B's vermillion fill is
 * 1.2:1 on white, A's blue 4.0:1), enough that it still shows its series' hue, as its swatch does.
 */
const PALE = 0.18;

/** `#rrggbb` mixed with white: `share` of the colour, the rest white. */
export function tint(hex: string, share: number): string {
  return hexOf(rgbOf(hex).map((v) => Math.round(255 - (255 - v) * share)));
}

/**
 * The colour for text drawn in a line's colour on the charts' white: the colour itself when it
 * reads (a contrast of 4.5:1, WCAG AA for text), else the same hue darkened until it does. B's
 * vermillion labels ("B: grid connection", its service level) would stand at 3.9:1, orange at
 * 2.3:1, sky blue and green under 3.5:1: a line may be lighter than its words may.
 */
export function textColor(hex: string): string {
  const rgb = rgbOf(hex);
  for (let k = 1; k > 0; k -= 0.05) {
    const dark = rgb.map((v) => Math.round(v * k));
    if (1.05 / (luminance(dark) + 0.05) >= 4.5) return k === 1 ? hex : hexOf(dark);
  }
  return TEXT;
}

/** Shared look: system font, light grid, no frame, legends on top. */
const CONFIG = {
  // No ARIA of vega's own on marks and guides: each chart is one image named by its description
  // (render.ts), and the marks' generated labels were raw data ("hi: 353.290333169") a screen
  // reader would read one by one, thousands of them in a sweep's report.
  aria: false,
  font: FONT,
  background: '#ffffff',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    labelColor: MUTED,
    titleFontSize: 12,
    titleFontWeight: 600,
    titleColor: TEXT,
    titlePadding: 10,
    gridColor: '#e8eaed',
    domainColor: '#8c959f',
    tickColor: '#8c959f',
  },
  legend: { orient: 'top', labelFontSize: 12, labelColor: TEXT, labelLimit: 480, titleFontSize: 12, symbolStrokeWidth: 2.5, symbolOpacity: 1, columnPadding: 20, padding: 4 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13, fontWeight: 600, color: TEXT, anchor: 'start', offset: 8 },
  text: { fontSize: 11, color: TEXT },
  concat: { spacing: 28 },
} as const;

const WIDTH = 760;
const HEIGHT = 300;

/** One axis of a chart: its title (with unit), d3 number format and optional fixed domain and ticks. */
export interface Axis {
  /** null for none (when a panel title already names the quantity). */
  readonly title: string | null;
  readonly format?: string;
  readonly domain?: readonly [number, number];
  readonly values?: readonly number[];
  /** A Vega expression for tick labels, e.g. hours as `0:00`. */
  readonly labelExpr?: string;
  /**
   * How labels that would overlap are thinned: Vega's default drops every other label until none
   * overlap, which on ticks at 6, 9, 10, 11, 12, 25, 50, 100 and 200 bays left 6, 12 and 200;
   * `greedy` keeps each label that clears the one kept before it.
   */
  readonly labelOverlap?: 'greedy';
}

/** A horizontal axis over the hours of a day, 0:00 to 24:00. */
export const HOUR_AXIS: Axis = { title: 'Hour of day', domain: [0, 24], values: [0, 3, 6, 9, 12, 15, 18, 21, 24], labelExpr: "datum.value + ':00'" };

/** A point of a series: its mean and, optionally, a band (e.g. min–max over replications). */
export interface Point {
  readonly x: number;
  readonly y: number;
  readonly lo?: number;
  readonly hi?: number;
}

/** A line with an optional band, one legend entry. */
export interface Series {
  readonly label: string;
  readonly color: string;
  /** Stroke dash pattern; solid when omitted. */
  readonly dash?: readonly number[];
  readonly points: readonly Point[];
  /**
   * Drawn as steps, each value held from halfway after the point before it to halfway before the
   * next: a value per hour, at the hour's middle, holds through that hour (a limit by hour); the
   * first and the last as far out from their points, so that hour 0 and hour 23 are held whole.
   */
  readonly step?: boolean;
}

/** A reference line across the chart at a value of one axis, labelled at its end. */
export interface Rule {
  readonly axis: 'x' | 'y';
  readonly value: number;
  readonly label: string;
  readonly color?: string;
}

/** A labelled shaded rectangle (e.g. the trucks that never plugged in, above a CDF). */
export interface Shade {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly label: string;
  readonly color: string;
}

/** A labelled point picked out on the chart. */
export interface Marker {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  readonly color?: string;
  /** Where the label goes: below and to the right of the point (the default), above and to its left or right, or below and to its left. */
  readonly place?: 'below-right' | 'above-left' | 'above-right' | 'below-left';
}

/** Lines with bands, reference rules, shaded areas and markers on shared axes. */
export interface LineChart {
  /** What the chart shows, for screen readers (the figure caption is the usual choice). */
  readonly description: string;
  readonly x: Axis;
  readonly y: Axis;
  readonly series: readonly Series[];
  readonly rules?: readonly Rule[];
  readonly shades?: readonly Shade[];
  readonly markers?: readonly Marker[];
  /** Interpolation of the lines: `linear` (default) or `step-after` for step functions. */
  readonly interpolate?: 'linear' | 'step-after' | 'monotone';
  readonly height?: number;
}

/**
 * A step line's first and last values again, half a step beyond their points (`held` in the
 * chart's data, which its table need not give): drawn from point to point alone, a limit by hour
 * left 0:00-0:30 and 23:30-24:00 out.
 */
function heldEnds(s: Series): Point[] {
  const p = s.points;
  if (s.step !== true || p.length < 2) return [];
  const [first, last] = [p[0], p[p.length - 1]];
  return [
    { x: first.x - (p[1].x - first.x) / 2, y: first.y },
    { x: last.x + (last.x - p[p.length - 2].x) / 2, y: last.y },
  ];
}

/** A Vega-Lite spec of lines with min–max bands, reference rules, shades and markers. */
export function lineChartSpec(c: LineChart): TopLevelSpec {
  // `band` repeats `series` under another name: a legend merges every channel on one field, so the
  // bands' (hidden) legend must not share the lines' field or it hides theirs too.
  const stepped = c.series.some((s) => s.step === true);
  // An undefined value breaks its line and band (Vega-Lite's default for paths): filtered out, the
  // line ran straight across hours outside the statistics window, and a value between two gaps,
  // drawn as a line of one point, showed nothing: it is marked as a point (`lone`).
  const valid = (y: number | undefined) => y !== undefined && Number.isFinite(y);
  const lone = (p: readonly Point[], i: number) => valid(p[i].y) && !valid(p[i - 1]?.y) && !valid(p[i + 1]?.y);
  const rows = c.series.flatMap((s) => [
    ...s.points.map((p, i) => ({ series: s.label, band: s.label, x: num(p.x), y: num(p.y), lo: num(p.lo), hi: num(p.hi), ...(lone(s.points, i) ? { lone: true } : {}), ...(stepped ? { step: s.step === true } : {}) })),
    ...heldEnds(s).map((p) => ({ series: s.label, band: s.label, x: p.x, y: p.y, lo: null, hi: null, step: true, held: true })),
  ]);
  const labels = c.series.map((s) => s.label);
  const several = labels.length > 1;
  const color = { field: 'series', type: 'nominal', scale: { domain: labels, range: c.series.map((s) => s.color) }, sort: labels };
  const x = { field: 'x', type: 'quantitative', ...axisEncoding(c.x) };
  const layers: object[] = [];
  for (const s of c.shades ?? []) {
    layers.push({
      data: { values: [{ x: s.x[0], x2: s.x[1], y: s.y[0], y2: s.y[1] }] },
      mark: { type: 'rect', color: s.color, opacity: 0.1 },
      encoding: { x: { field: 'x', type: 'quantitative' }, x2: { field: 'x2' }, y: { field: 'y', type: 'quantitative' }, y2: { field: 'y2' } },
    });
    // Labelled above the plot's top right, where a thin shade still leaves room for the text.
    layers.push({
      data: { values: [{ x: s.x[1], y: s.y[1], label: s.label }] },
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -4, color: textColor(s.color), fontWeight: 600 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  // Layers whose data is empty are left out: vega warns about the empty extent of their fields.
  if (rows.some((r) => r.lo !== null && r.hi !== null)) layers.push({
    mark: { type: 'area', opacity: 0.16, interpolate: c.interpolate ?? 'linear', clip: true },
    encoding: { x, y: { field: 'lo', type: 'quantitative', ...axisEncoding(c.y) }, y2: { field: 'hi' }, fill: { ...color, field: 'band', legend: null } },
  });
  // Rules under the lines, their labels over them: a peak line that sits at the connection or at a
  // battery's target (the peak it holds) was hidden under that rule, where the caption sends the reader to it.
  const levels = new Set(c.series.filter((s) => s.step === true).flatMap((s) => s.points.map((p) => p.y).filter((y): y is number => valid(y))));
  const places = ruleLabelPlaces(c.rules ?? [], yExtent(c), c.height ?? HEIGHT, [...levels]);
  const ruled = (c.rules ?? []).map((r, i) => ruleLayers(r, places[i]));
  layers.push(...ruled.map(([rule]) => rule));
  // A legend wider than the chart wraps (in one row it would widen the figure, and the page shrink it).
  const wrap = legendOverflows(labels) ? { columns: legendColumns(labels) } : {};
  const lines = {
    x,
    y: { field: 'y', type: 'quantitative', ...axisEncoding(c.y) },
    color: { ...color, legend: several ? { title: null, symbolType: 'stroke', symbolSize: 400, ...wrap } : null },
    strokeDash: { field: 'series', type: 'nominal', scale: { domain: labels, range: c.series.map((s) => s.dash ?? [1, 0]) }, sort: labels, legend: several ? { title: null, ...wrap } : null },
  };
  // Step lines (a connection given by hour) under the other lines, as rules are: a peak held at the
  // connection runs along the step line, and drawn over it showed only between its dashes.
  if (stepped) layers.push({ transform: [{ filter: 'datum.step' }], mark: { type: 'line', strokeWidth: 2.25, interpolate: 'step', clip: true }, encoding: lines });
  layers.push({
    ...(stepped ? { transform: [{ filter: '!datum.step' }] } : {}),
    mark: { type: 'line', strokeWidth: 2.25, interpolate: c.interpolate ?? 'linear', clip: true },
    encoding: lines,
  });
  if (rows.some((r) => 'lone' in r)) layers.push({ transform: [{ filter: 'datum.lone' }], mark: { type: 'point', filled: true, size: 40, opacity: 1, clip: true }, encoding: { x, y: lines.y, color: { ...color, legend: null } } });
  layers.push(...ruled.flatMap(([, label]) => label));
  for (const m of c.markers ?? []) {
    const left = m.place === 'above-left' || m.place === 'below-left';
    const above = m.place === 'above-left' || m.place === 'above-right';
    layers.push({
      data: { values: [{ x: m.x, y: m.y, label: m.label }] },
      mark: { type: 'point', filled: true, size: 70, color: m.color ?? TEXT, stroke: '#ffffff', strokeWidth: 1.5, opacity: 1 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
    layers.push({
      data: { values: [{ x: m.x, y: m.y, label: m.label }] },
      mark: { type: 'text', align: left ? 'right' : 'left', baseline: above ? 'bottom' : 'top', dx: left ? -7 : 7, dy: above ? -5 : 5, color: textColor(m.color ?? TEXT), fontWeight: 600 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  return top(c.description, { width: WIDTH, height: c.height ?? HEIGHT, data: { values: rows }, layer: layers });
}

/** One cell of an hour × weekday heat map; `value` undefined (NaN) cells are drawn grey. */
export interface HeatCell {
  readonly row: string;
  readonly hour: number;
  readonly value: number;
}

/** A heat map of hour of day (columns) against weekday (rows). */
export interface HeatMap {
  readonly description: string;
  readonly cells: readonly HeatCell[];
  /** Row labels top to bottom (Mon..Sun). */
  readonly rows: readonly string[];
  /** The colour legend's title, with unit. */
  readonly legend: string;
  readonly format: string;
  readonly domain?: readonly [number, number];
  /** A colour-blind-safe sequential Vega scheme. */
  readonly scheme: 'viridis' | 'cividis' | 'blues' | 'greens' | 'purples' | 'oranges';
  /** Reverse the scheme, so that dark means low. */
  readonly reverse?: boolean;
}

/** A Vega-Lite spec of an hour × weekday heat map with a colour legend. */
export function heatMapSpec(h: HeatMap): TopLevelSpec {
  const rows = h.cells.map((c) => ({ row: c.row, hour: c.hour, value: num(c.value) }));
  const x = { field: 'hour', type: 'ordinal', sort: 'ascending', axis: { title: 'Hour of day', labelAngle: 0, labelExpr: "datum.value % 3 === 0 ? datum.value + ':00' : ''", ticks: false, domain: false } };
  const y = { field: 'row', type: 'ordinal', sort: h.rows, axis: { title: null, ticks: false, domain: false } };
  return top(h.description, {
    width: WIDTH,
    height: h.rows.length * 30,
    data: { values: rows },
    layer: [
      { mark: { type: 'rect', color: '#c9ced3', stroke: '#ffffff', strokeWidth: 1 }, encoding: { x, y } },
      // A dash in a cell with no value: printed in black and white its grey matched a share near 97 %.
      { transform: [{ filter: '!isValid(datum.value)' }], mark: { type: 'text', text: '–', color: TEXT, fontSize: 12 }, encoding: { x, y } },
      {
        transform: [{ filter: 'isValid(datum.value)' }],
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: {
            field: 'value',
            type: 'quantitative',
            scale: { scheme: h.scheme, reverse: h.reverse ?? false, ...(h.domain ? { domain: [...h.domain] } : {}) },
            legend: { title: h.legend, format: h.format, orient: 'right', gradientLength: h.rows.length * 30 - 20, titleOrient: 'top' },
          },
        },
      },
    ],
  });
}

/** A bar with its 95 % interval: one category (e.g. a fleet type) of one series (e.g. a scenario). */
export interface BarValue {
  readonly category: string;
  readonly series: string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** Written where the bar would be when there is no mean (a type no truck of which arrived); "no value" if not given. */
  readonly missing?: string;
}

/** One panel of horizontal bars with interval whiskers. */
export interface BarPanel {
  readonly title: string;
  readonly axis: Axis;
  readonly values: readonly BarValue[];
}

/** Panels of horizontal bars sharing categories and series (series side by side within a category). */
export interface BarPanels {
  readonly description: string;
  readonly panels: readonly BarPanel[];
  readonly categories: readonly string[];
  readonly series: readonly { readonly label: string; readonly color: string }[];
  readonly columns?: number;
}

/**
 * The width vega gives a category label: it measures text in Node by estimate, 0.8 × the font size
 * (11 px) per character, and cuts a label at its axis's `labelLimit` (by default 180 px, 20
 * characters: twelve truck types called `very-long-truck-type-name-…` all read the same).
 */
const CATEGORY_CHAR_PX = 0.8 * 11;
/** The widest category label shown whole; beyond it a label ends in an ellipsis. */
const CATEGORY_LABEL_PX = 480;
/** Labels wider than this leave two panels side by side too little room: the panels go one under another. */
const CATEGORY_LABEL_PX_TWO_COLUMNS = 240;

/** Characters of a long category label kept at its end, after the ellipsis. */
const CATEGORY_TAIL = 20;

/** Characters kept before the part where long names that read alike differ (see categoryLabels). */
const CATEGORY_LEAD = 8;

/**
 * Each category's label as the chart shows it: as it is where it fits, else cut in the middle,
 * keeping its start and its last characters. Vega cuts a label at its end, so two long names that
 * differ only there (`… long-haul A`, `… long-haul B`) read the same. Names whose cuts would still
 * read alike (twelve of `Heavy duty tractor unit for long haul operations in fleet A … with
 * standard sleeper cab`, differing in the middle) keep their start and the stretch where they
 * differ; a name that reads like another even so is left for vega to cut.
 */
function categoryLabels(categories: readonly string[]): Map<string, string> {
  const fits = Math.floor(CATEGORY_LABEL_PX / CATEGORY_CHAR_PX);
  const cut = (c: string) => {
    const chars = [...c];
    return chars.length <= fits ? c : `${chars.slice(0, fits - CATEGORY_TAIL - 1).join('').trimEnd()}\u2026${chars.slice(-CATEGORY_TAIL).join('')}`;
  };
  const groups = new Map<string, string[]>(); // the names by their middle cut
  for (const c of categories) {
    const k = cut(c);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [c]);
    else group.push(c);
  }
  const labels = new Map<string, string>();
  for (const [label, names] of groups) {
    if (names.length === 1) labels.set(names[0], label);
    else for (const [c, l] of whereTheyDiffer(names, fits)) labels.set(c, l);
  }
  const counts = new Map<string, number>();
  for (const l of labels.values()) counts.set(l, (counts.get(l) ?? 0) + 1);
  return new Map(categories.map((c) => [c, counts.get(labels.get(c)!) === 1 ? labels.get(c)! : c]));
}

/**
 * Labels of at most `fits` characters for long names that share a start: each keeps its first
 * characters, then, after an ellipsis, the stretch from a little before the first character where
 * the names differ, and an ellipsis where it stops short of the end.
 */
function whereTheyDiffer(names: readonly string[], fits: number): Map<string, string> {
  const split = names.map((n) => [...n]);
  let shared = 0;
  while (split.every((c) => shared < c.length && c[shared] === split[0][shared])) shared++;
  const head = CATEGORY_TAIL;
  const from = Math.max(head, shared - CATEGORY_LEAD);
  const room = fits - head - 2;
  return new Map(
    names.map((n, i) => {
      const chars = split[i];
      if (from <= head) return [n, n];
      const rest = chars.slice(from, from + room).join('');
      return [n, `${chars.slice(0, head).join('').trimEnd()}\u2026${rest.trim()}${from + room < chars.length ? '\u2026' : ''}`];
    }),
  );
}

/** A Vega-Lite spec of bar panels with 95 % interval whiskers; a legend when there are several series. */
export function barPanelsSpec(spec: BarPanels): TopLevelSpec {
  const shown = categoryLabels(spec.categories);
  const label = (c: string) => shown.get(c) ?? c;
  const b: BarPanels = { ...spec, categories: spec.categories.map(label), panels: spec.panels.map((p) => ({ ...p, values: p.values.map((v) => ({ ...v, category: label(v.category) })) })) };
  const labels = b.series.map((s) => s.label);
  const several = labels.length > 1;
  const labelPx = Math.min(CATEGORY_LABEL_PX, Math.max(0, ...b.categories.map((c) => c.length)) * CATEGORY_CHAR_PX);
  const columns = b.columns ?? (labelPx > CATEGORY_LABEL_PX_TWO_COLUMNS ? 1 : 2);
  // Labels past vega's usual 180 px take their room from the bars, so the chart stays as wide as the others.
  const width = columns === 1 ? WIDTH - Math.max(0, Math.ceil(labelPx) - 180) : Math.floor((WIDTH - 200) / columns);
  // A legend wider than the chart wraps, as a line chart's does (a comparison of two long names).
  const wrap = legendOverflows(labels) ? { columns: legendColumns(labels) } : {};
  const panels = b.panels.map((p) => {
    const rows = p.values.map((v) => ({ category: v.category, series: v.series, mean: num(v.mean), lo: num(v.lo), hi: num(v.hi), missing: v.missing ?? 'no value' }));
    // Every panel lists every category, in one order, so that a row reads across the panels. The
    // scale's domain alone fixes that order: a `sort` list as well would make Vega-Lite compute an
    // index by a chain of one test per category, which overflows the stack at a thousand fleet types.
    const y = { field: 'category', type: 'nominal', scale: { domain: b.categories, paddingInner: several ? 0.25 : 0.3 }, axis: { title: null, ticks: false, labelPadding: 6, labelLimit: CATEGORY_LABEL_PX } };
    const yOffset = several ? { yOffset: { field: 'series', type: 'nominal', sort: labels, scale: { domain: labels, paddingInner: 0.1 } } } : {};
    const color = { field: 'series', type: 'nominal', scale: { domain: labels, range: b.series.map((s) => s.color) }, legend: several ? { title: null, ...wrap } : null };
    // Several series differ by more than hue, which grey print and some eyes do not tell apart (A's
    // blue and B's vermillion are 1.35:1): the first series' bars are filled, the others' outlined
    // in their colour over a pale fill of it. The legend's swatches show the same.
    const paint = several
      ? { fill: { ...color, scale: { domain: labels, range: b.series.map((s, i) => (i === 0 ? s.color : tint(s.color, PALE))) } }, stroke: color }
      : { color };
    return {
      title: p.title,
      width,
      height: { step: several ? 16 : 22 },
      data: { values: rows },
      layer: [
        {
          transform: [{ filter: 'isValid(datum.mean)' }],
          mark: several ? { type: 'bar', fillOpacity: 0.85, strokeWidth: 1.5 } : { type: 'bar', opacity: 0.85 },
          encoding: { y, ...yOffset, x: { field: 'mean', type: 'quantitative', ...axisEncoding(allZero(rows) && !p.axis.domain ? { ...p.axis, domain: [0, 1] } : p.axis) }, ...paint },
        },
        ...(hasInterval(rows)
          ? [
              {
                transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
                mark: { type: 'rule', color: TEXT, strokeWidth: 1.5 },
                encoding: { y, ...yOffset, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
              },
            ]
          : []),
        ...(rows.some((r) => r.mean === 0)
          ? [
              {
                // A bar of zero has no length to see: it is labelled, so that it is not read as missing.
                transform: [{ filter: 'datum.mean === 0' }],
                mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, color: TEXT },
                encoding: { y, ...yOffset, x: { datum: 0, type: 'quantitative' }, text: { value: '0' } },
              },
            ]
          : []),
        ...(rows.some((r) => r.mean === null)
          ? [
              {
                // No bar is not a bar of zero: say why there is none.
                transform: [{ filter: '!isValid(datum.mean)' }],
                mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, fontStyle: 'italic', color: MUTED },
                encoding: { y, ...yOffset, x: { datum: 0, type: 'quantitative' }, text: { field: 'missing' } },
              },
            ]
          : []),
      ],
    };
  });
  return top(b.description, { columns, concat: panels, resolve: { scale: { x: 'independent' } } });
}

/** A row of a forest plot: a difference with its interval. */
export interface ForestRow {
  readonly label: string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** A forest plot in panels, one per unit, each with its own scale and a zero line. */
export interface Forest {
  readonly description: string;
  readonly groups: readonly { readonly title: string; readonly format?: string; readonly rows: readonly ForestRow[] }[];
  /** Legend labels for intervals that exclude zero, those that do not, and differences with no interval (one replication). */
  readonly legend: readonly [string, string, string];
}

/** A Vega-Lite spec of a forest plot of differences, intervals that exclude zero in colour. */
export function forestSpec(f: Forest): TopLevelSpec {
  const [sig, not, none] = f.legend;
  const kindOf = (r: ForestRow) => (!Number.isFinite(r.lo) || !Number.isFinite(r.hi) ? none : r.lo > 0 || r.hi < 0 ? sig : not);
  // Only the kinds of the dots drawn are in the legend: with one replication every dot has no
  // interval, and a row with no mean has no dot.
  const kinds = [sig, not, none].filter((k) => f.groups.some((g) => g.rows.some((r) => Number.isFinite(r.mean) && kindOf(r) === k)));
  // The grey of an interval that includes zero is muted, yet reads at 3.5:1 on white, above the 3:1
  // that WCAG asks of a mark needed to read the chart.
  const range = kinds.map((k) => (k === sig ? PALETTE.blue : k === not ? '#808a93' : TEXT));
  const color = { field: 'kind', type: 'nominal', scale: { domain: kinds, range }, legend: { title: null } };
  const width = WIDTH - 240;
  const panels = f.groups.map((g) => {
    const rows = g.rows.map((r) => ({ label: r.label, mean: num(r.mean), lo: num(r.lo), hi: num(r.hi), kind: kindOf(r) }));
    // Every tick is labelled, 0 among them: as many ticks as their labels fit, with the decimals their
    // steps need, so that a small difference does not read 0, 0, 0. Vega's own ticks were twice as
    // many as fit, and it hid every other label, 0 too where it fell between two kept.
    const values = g.rows.flatMap((r) => [r.mean, r.lo, r.hi]).filter(Number.isFinite);
    const axis = values.length > 0 ? forestAxis(Math.min(0, ...values), Math.max(0, ...values), width) : undefined;
    const format = axis ? `,.${axis.decimals}~f` : g.format;
    const y = { field: 'label', type: 'nominal', sort: g.rows.map((r) => r.label), axis: { title: null, ticks: false, labelLimit: 260, labelPadding: 8 } };
    const x = {
      field: 'mean',
      type: 'quantitative',
      // tickCount as many as the values: Vega thins given values down to its own count (one per 40 px) too.
      axis: { title: g.title, ...(format ? { format } : {}), ...(axis ? { values: axis.ticks, tickCount: axis.ticks.length, labelOverlap: false } : {}) },
      scale: axis ? { domain: axis.domain, zero: false, nice: false } : { zero: true, nice: true },
    };
    return {
      width,
      height: { step: 22 },
      data: { values: rows },
      layer: [
        { mark: { type: 'rule', color: '#8c959f', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        ...(hasInterval(rows) ? [{ transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }], mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, color } }] : []),
        { transform: [{ filter: 'isValid(datum.mean)' }], mark: { type: 'point', filled: true, size: 60, opacity: 1 }, encoding: { y, x, color } },
      ],
    };
  });
  return top(f.description, { vconcat: panels, resolve: { scale: { x: 'independent', y: 'independent' } } });
}

/** Pixels a forest plot's tick label takes per character (11 px text), and the least gap between two labels. */
const TICK_CHAR_PX = 7;
const TICK_GAP_PX = 20;

/**
 * A forest panel's axis over [lo, hi] (0 within it) on `width` pixels: the most ticks, at d3's nice
 * steps, whose labels fit side by side, and the domain they span, so that each is labelled and 0 is
 * one of them (0 is a multiple of every step).
 */
function forestAxis(lo: number, hi: number, width: number): { ticks: number[]; domain: [number, number]; decimals: number } {
  if (!(hi > lo)) return { ticks: [-1, 0, 1], domain: [-1, 1], decimals: 0 };
  for (let count = Math.ceil(width / 40); ; count--) {
    const [a, b] = niceDomain(lo, hi, count);
    const step = tickStep(a, b, count);
    const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    const ticks = tickValues(a, b, count);
    const chars = Math.max(...ticks.map((t) => labelChars(t, decimals)));
    if (count <= 2 || width / Math.max(1, ticks.length - 1) >= chars * TICK_CHAR_PX + TICK_GAP_PX) return { ticks, domain: [a, b], decimals };
  }
}

/** The characters of a tick label of `t` with `decimals` (and thousands commas, and a minus where below 0). */
function labelChars(t: number, decimals: number): number {
  const digits = Math.abs(t).toFixed(decimals);
  const whole = digits.split('.')[0].length;
  return digits.length + Math.floor((whole - 1) / 3) + (t < 0 ? 1 : 0);
}

/** One design on a frontier: parameter value (x), metric mean and interval, its series. */
export interface FrontierPoint {
  readonly series: string;
  readonly design: string;
  readonly x: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** false: no point is drawn for the design, only the line through it (where there are too many to draw). */
  readonly marked?: boolean;
}

/** A design frontier: a metric against one parameter, a line per value of the others, the chosen designs marked. */
export interface Frontier {
  readonly description: string;
  readonly x: Axis;
  readonly y: Axis;
  readonly points: readonly FrontierPoint[];
  /** Each series' colour, and the shape of its points where there are several. */
  readonly series: readonly { readonly label: string; readonly color: string; readonly shape: string }[];
  /** The chosen designs, each ringed where its series' point is drawn (`series`: see `dodge`). */
  readonly chosen?: readonly { readonly x: number; readonly y: number; readonly label: string; readonly series?: string }[];
  readonly rules?: readonly Rule[];
  /**
   * Pixels between neighbouring series' points at one value of the horizontal axis (needs `x.domain`):
   * each series is drawn that far to one side of the next, so that whiskers of one value do not lie
   * on one another; less where the values stand closer than the series' spread would allow.
   */
  readonly dodge?: number;
  /** Join each series' points with a line (false where the values between them were never run). */
  readonly lines?: boolean;
  /** false: no legend, where some series look alike and one entry would stand for several (the caption says so). */
  readonly legend?: boolean;
}

/**
 * A legend entry's width: this much per character of its label, plus its symbol and the gap to the
 * next. Vega lays the inlined SVG out without a canvas to measure text, at 0.8 of the font's size
 * (12 px) a character, whatever the character: narrower in a browser, but the layout is Vega's.
 */
const LEGEND_CHAR_PX = 9.6;
const LEGEND_ENTRY_PX = 44;

/**
 * How many entries of a legend fit a row of the chart's width, the widest setting the pace. Many
 * series wrap into rows of that many: in one row, 26 of them made the chart five times as wide as
 * the page, which then shrank it to a fifth.
 */
function legendColumns(labels: readonly string[]): number {
  return Math.max(1, Math.min(labels.length, Math.floor(WIDTH / (Math.max(...labels.map((l) => l.length)) * LEGEND_CHAR_PX + LEGEND_ENTRY_PX))));
}

/** Whether a legend's entries, side by side, are wider than the chart. */
function legendOverflows(labels: readonly string[]): boolean {
  return labels.reduce((px, l) => px + l.length * LEGEND_CHAR_PX + LEGEND_ENTRY_PX, 0) > WIDTH;
}

/** Vega's default most entries of a legend: past it, Vega names the first ones and then `…N entries`. */
const VEGA_SYMBOL_LIMIT = 30;

/** Point shapes for a frontier's series: as many as there are series colours, so that each of the first eight has a shape of its own. */
export const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'] as const;

/**
 * The decimals a per-cent value axis over `domain` needs for its tick labels to differ: the ticks'
 * step as Vega-Lite picks it (d3's 1, 2 or 5 times a power of ten, for one tick per 40 px of the
 * chart's height), so a narrow range of designs reads 94.2 %, 94.4 %, not 94 %, 94 %.
 */
export function percentDecimals(domain: readonly [number, number] | undefined): number {
  return domain === undefined ? 0 : Math.min(3, tickDecimals((domain[1] - domain[0]) * 100, Math.ceil(HEIGHT / 40)));
}

/**
 * The decimals tick labels over a range of `span` need to differ, with about `count` ticks at the
 * steps Vega-Lite takes (d3's: 1, 2 or 5 times a power of ten).
 */
function tickDecimals(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 0;
  return Math.max(0, -Math.floor(Math.log10(tickStep(0, span, count)) + 1e-9));
}

/**
 * `from`, moved down to a tick of a chart's value axis running up to `to` (Vega-Lite's own count,
 * one per 40 px): an axis fitted to the values then starts at a tick it labels, which its caption
 * can name (one starting at 59 % labelled 60 % first).
 */
export function onTick(from: number, to: number): number {
  if (!(to > from) || !Number.isFinite(to - from)) return from;
  const count = Math.ceil(HEIGHT / 40);
  // The step depends on the span, which moving the start widens, and may then change to one the
  // start is no multiple of (0.02 to 0.05 and back): each step from the range's own up (1, 2, 5 ×
  // 10^k) is tried until the ticks Vega-Lite draws from the start begin at it.
  let step = tickStep(from, to, count);
  for (let i = 0; i < 30 && step > 0 && Number.isFinite(step); i++) {
    const start = Number((Math.floor(from / step + 1e-9) * step).toPrecision(12));
    const first = tickValues(start, to, count)[0];
    if (first !== undefined && Math.abs(first - start) <= 1e-9 * Math.max(1, Math.abs(start))) return start;
    const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
    const mantissa = Math.round(step / power);
    step = (mantissa < 2 ? 2 : mantissa < 5 ? 5 : 10) * power;
  }
  return from;
}

/** The decimals a value axis over `domain` labels its ticks with, so that no two read alike (3,000, 3,000, 3,010 at 3 significant digits). */
export function valueDecimals(domain: readonly [number, number] | undefined): number {
  return domain === undefined ? 0 : Math.min(6, tickDecimals(domain[1] - domain[0], Math.ceil(HEIGHT / 40)));
}

/** Pixels a frontier's vertical axis keeps for its ticks and labels, wide enough for "1,000,000" at the charts' label size. */
const FRONTIER_LABELS_PX = 56;

/** A Vega-Lite spec of a design frontier with interval whiskers and the chosen design ringed. */
export function frontierSpec(f: Frontier): TopLevelSpec {
  const labels = f.series.map((s) => s.label);
  // A `marked` field only where some design goes unmarked: where all are, every point is drawn.
  const unmarked = f.points.some((p) => p.marked === false);
  const shift = dodging(f, labels);
  const rows = f.points.map((p) => ({ series: p.series, design: p.design, x: num(p.x + shift(p.series)), mean: num(p.mean), lo: num(p.lo), hi: num(p.hi), ...(unmarked ? { marked: p.marked !== false } : {}) }));
  const drawn = unmarked ? 'isValid(datum.mean) && datum.marked' : 'isValid(datum.mean)';
  const columns = legendColumns(labels);
  // A legend names every series: Vega's own names the first 29 of 40 and then `…11 entries`.
  const legend = f.legend === false ? null : { title: null, columns, ...(labels.length > VEGA_SYMBOL_LIMIT ? { symbolLimit: labels.length } : {}) };
  const color = { field: 'series', type: 'nominal', scale: { domain: labels, range: f.series.map((s) => s.color) }, legend: labels.length > 1 ? legend : null };
  const x = { field: 'x', type: 'quantitative', ...axisEncoding(f.x) };
  const yEncoding = axisEncoding(f.y) as { axis: Record<string, unknown>; scale: object };
  // One room for the vertical axis's labels in every frontier, so that a report's stacked charts
  // (one per metric, over the same designs) put each design at the same place across the page:
  // sized by their labels, "2.5" and "42%" shifted the plots by 8 px from one chart to the next.
  const y = { field: 'mean', type: 'quantitative', ...yEncoding, axis: { ...yEncoding.axis, minExtent: FRONTIER_LABELS_PX } };
  // A fitted axis's domain is known here; with none, the targets keep their places above their rules.
  const places = f.y.domain && ruleLabelPlaces(f.rules ?? [], f.y.domain, HEIGHT);
  const layers: object[] = [
    ...(f.rules ?? []).flatMap((r, i) => ruleLayers(r, places?.[i]).flat()),
    ...(f.lines === false ? [] : [{ transform: [{ filter: 'isValid(datum.mean)' }], mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } }]),
    // Clipped: a t-bound can pass a share's 100 %, where the axis ends.
    ...(hasInterval(rows) ? [{ transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }], mark: { type: 'rule', strokeWidth: 1.5, clip: true }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } }] : []),
    // Several series get a shape each, drawn hollow: two designs with the same result (a larger
    // connection that changes nothing) then show as two marks, not one hiding the other.
    labels.length > 1
      ? { transform: [{ filter: drawn }], mark: { type: 'point', filled: false, strokeWidth: 2, size: 70, opacity: 1 }, encoding: { x, y, color, shape: { field: 'series', type: 'nominal', scale: { domain: labels, range: f.series.map((s) => s.shape) }, legend } } }
      : { transform: [{ filter: drawn }], mark: { type: 'point', filled: true, size: 50, opacity: 1 }, encoding: { x, y, color } },
  ];
  if (f.chosen && f.chosen.length > 0) {
    const values = f.chosen.map(({ series, ...c }) => ({ ...c, x: c.x + shift(series) }));
    const at = { data: { values }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } };
    layers.push({ ...at, mark: { type: 'point', shape: 'circle', size: 360, filled: false, strokeWidth: 2.5, color: TEXT, opacity: 1 } });
    // Each label on its own, placed clear of the targets' rules and labels where it can be.
    // On a halo of the background, as a rule's label is: where no place is clear, a target's rule
    // passing behind it leaves it readable.
    for (const c of values) {
      if (c.label === '') continue;
      const { below, left } = chosenLabelPlace(c, f, places ?? [], shift);
      const text = { type: 'text', align: left ? 'right' : 'left', baseline: below ? 'top' : 'bottom', dx: left ? -12 : 12, dy: below ? 8 : -8, fontWeight: 600 };
      const label = { data: { values: [c] }, encoding: { ...at.encoding, text: { field: 'label' } } };
      layers.push({ ...label, mark: { ...text, color: CONFIG.background, stroke: CONFIG.background, strokeWidth: 4, strokeJoin: 'round' } });
      layers.push({ ...label, mark: { ...text, color: TEXT } });
    }
  }
  return top(f.description, { width: WIDTH, height: HEIGHT, data: { values: rows }, layer: layers });
}

/** Pixels a chosen design's label takes: its text's height (11 px) and a character's width, as Vega lays it out (see LEGEND_CHAR_PX). */
const CHOSEN_LABEL_PX = 13;
const CHOSEN_CHAR_PX = 0.8 * 11;

/**
 * Where a chosen design's label goes beside its ring: above it and to its right, unless something
 * would lie under it there and less would elsewhere: a target's rule or its label (a mean wait of
 * 0.35 min chosen against a target of 0.42 had the target's dashed line strike its label through),
 * or another design's mark or whisker (the label's halo hid a neighbouring design, undecided, all
 * but a sliver). Always on the plot where it fits: to the ring's left where it would run off the
 * plot's right edge. `shift` is the dodge each series is drawn with.
 */
function chosenLabelPlace(c: { x: number; y: number; label: string }, f: Frontier, places: readonly RuleLabel[], shift: (series: string | undefined) => number): { below: boolean; left: boolean } {
  const width = c.label.length * CHOSEN_CHAR_PX;
  const xd = f.x.domain;
  const toPx = (x: number) => (xd && xd[1] > xd[0] ? ((x - xd[0]) / (xd[1] - xd[0])) * WIDTH : 0);
  const px = toPx(c.x);
  const rightFits = px + 12 + width <= WIDTH;
  const leftFits = px - 12 - width >= 0;
  const preferLeft = !rightFits && leftFits;
  const yd = f.y.domain;
  if (!yd || !(yd[1] > yd[0])) return { below: false, left: preferLeft };
  const py = (v: number) => ((yd[1] - v) / (yd[1] - yd[0])) * HEIGHT;
  const y = py(c.y);
  // What lies on the label's box: a rule's line across the whole plot, or its label at the plot's right or left end.
  const rules = (f.rules ?? []).map((r, i) => ({ r, place: places[i] })).filter(({ r }) => r.axis === 'y');
  const ruleHits = (x0: number, x1: number, top: number, bottom: number) =>
    rules.filter(({ r, place }) => {
      const at = py(r.value);
      // (A rule within a pixel or two of the text's edge touches it: that counts too.)
      if (at > top - 2 && at < bottom + 2) return true;
      if (!place) return false;
      const textWidth = r.label.length * CHOSEN_CHAR_PX;
      const [l0, l1] = place.place.endsWith('right') ? [WIDTH - textWidth, WIDTH] : [4, 4 + textWidth];
      const [t0, t1] = place.place.startsWith('above') ? [at - 4 - place.offset - 12, at - 4 - place.offset] : [at + 4 + place.offset, at + 4 + place.offset + 12];
      return l0 < x1 && x0 < l1 && t0 < bottom && top < t1;
    }).length;
  // Other designs' marks (a few pixels each way) and whiskers, where they are drawn; not the chosen one's own.
  const marks = f.points
    .filter((p) => Number.isFinite(p.mean) && p.marked !== false && !(p.x + shift(p.series) === c.x && p.mean === c.y))
    .map((p) => {
      const x = toPx(p.x + shift(p.series));
      const ends = [p.mean, p.lo, p.hi].filter(Number.isFinite).map(py);
      return { x, top: Math.min(...ends) - 5, bottom: Math.max(...ends) + 5 };
    });
  const markHits = (x0: number, x1: number, top: number, bottom: number) => marks.filter((m) => m.x + 5 > x0 && m.x - 5 < x1 && m.top < bottom && top < m.bottom).length;
  // Off the plot is worse than anything behind the label (which its halo keeps readable): below the
  // plot it lies on the axis's tick labels; off its side, it is cut.
  const cost = (below: boolean, left: boolean) => {
    const [x0, x1] = left ? [px - 12 - width, px - 12] : [px + 12, px + 12 + width];
    const [top, bottom] = below ? [y + 8, y + 8 + CHOSEN_LABEL_PX] : [y - 8 - CHOSEN_LABEL_PX, y - 8];
    const off = (top < 0 || bottom > HEIGHT ? 2 : 0) + ((left ? leftFits : rightFits) ? 0 : 2);
    return ruleHits(x0, x1, top, bottom) + markHits(x0, x1, top, bottom) + off;
  };
  // In order of preference: the usual side first, above before below; the first of the least cost.
  const candidates = [
    { below: false, left: preferLeft },
    { below: true, left: preferLeft },
    { below: false, left: !preferLeft },
    { below: true, left: !preferLeft },
  ];
  let best = candidates[0];
  let least = cost(best.below, best.left);
  for (const k of candidates.slice(1)) {
    const c2 = cost(k.below, k.left);
    if (c2 < least) [best, least] = [k, c2];
  }
  return best;
}

/**
 * How far along the horizontal axis, in its own units, each series of a frontier is drawn from the
 * value it stands at: series i of n is `(i − (n − 1)/2) × step` pixels off, `step` the frontier's
 * `dodge`, or less, so that the series at one value take at most half the room to the next value.
 * None without a dodge, a fitted axis or more than one series.
 */
function dodging(f: Frontier, labels: readonly string[]): (series: string | undefined) => number {
  const none = () => 0;
  if (!f.dodge || !f.x.domain || labels.length < 2) return none;
  const perPx = (f.x.domain[1] - f.x.domain[0]) / WIDTH;
  if (!(perPx > 0)) return none;
  const xs = [...new Set(f.points.map((p) => p.x))].filter(Number.isFinite).sort((a, b) => a - b);
  const gapPx = xs.length > 1 ? Math.min(...xs.slice(1).map((x, i) => x - xs[i])) / perPx : WIDTH;
  const step = Math.min(f.dodge, gapPx / 2 / (labels.length - 1));
  const index = new Map(labels.map((l, i) => [l, i]));
  return (series) => {
    const i = series === undefined ? undefined : index.get(series);
    return i === undefined ? 0 : (i - (labels.length - 1) / 2) * step * perPx;
  };
}

/** Where a y rule's label goes: above or below the rule, at its right or its left end. */
export type RulePlace = 'above-right' | 'below-right' | 'above-left' | 'below-left';

/** Where a rule's label goes, and how many pixels further from its rule than beside it (in a stack of close rules' labels). */
export interface RuleLabel {
  readonly place: RulePlace;
  readonly offset: number;
}

/** Pixels a rule's label takes up beside its rule: its 4-pixel gap and the 11-pixel text, with a pixel to spare. */
const RULE_LABEL_PX = 16;

/**
 * Where each rule's label goes so that no label lies on another rule or on another label. Rules
 * closer than a label's height (100 kW apart on a 3,000 kW axis are 10 pixels) form a cluster,
 * whose labels are stacked in their rules' order outside it: some above its top rule, the others
 * below its bottom rule, so that no rule of the cluster runs through any of them; a label beside a
 * rule of the cluster, between two rules, was struck through by the next. A lone rule's label goes
 * above its right end where there is room, else below it, else at the left end. The stacks are
 * split as evenly as there is room for (a label beside its own rule where it can), with nothing
 * above the plot's top further than one label, nor below its bottom, where the axis's labels are.
 * `extent` is the y axis's domain as Vega draws it, `height` the plot's height in pixels. `levels`:
 * the values a step line holds (a connection by hour), each kept clear of the labels as a rule is,
 * since a label's halo covered the line where it ran past it. An x rule's label stays beside its
 * top (`above-right`).
 */
export function ruleLabelPlaces(rules: readonly Rule[], extent: readonly [number, number], height: number, levels: readonly number[] = []): RuleLabel[] {
  const span = extent[1] - extent[0];
  // Pixels down from the plot's top.
  const px = (v: number) => (span > 0 ? ((extent[1] - v) / span) * height : 0);
  const lines = [...rules.filter((r) => r.axis === 'y').map((r) => r.value), ...levels].map(px);
  const labels: RuleLabel[] = rules.map(() => ({ place: 'above-right', offset: 0 }));
  // The y rules from the top down, in clusters of rules closer than a label's height.
  const order = rules.map((_, i) => i).filter((i) => rules[i].axis === 'y').sort((i, j) => rules[j].value - rules[i].value || i - j);
  const clusters: number[][] = [];
  for (const i of order) {
    const last = clusters[clusters.length - 1];
    if (last && px(rules[i].value) - px(rules[last[last.length - 1]].value) < RULE_LABEL_PX) last.push(i);
    else clusters.push([i]);
  }
  type Box = { side: 'right' | 'left'; top: number; bottom: number };
  const placed: Box[] = [];
  for (const cluster of clusters) {
    const [top, bottom] = [px(rules[cluster[0]].value), px(rules[cluster[cluster.length - 1]].value)];
    // `above` labels stacked over the top rule on side `up`, the rest under the bottom rule on side `down`.
    const layout = (above: number, up: Box['side'], down: Box['side']) =>
      cluster.map((i, k) => {
        const at = px(rules[i].value);
        const box: Box =
          k < above
            ? { side: up, top: top - (above - k) * RULE_LABEL_PX, bottom: top - (above - k - 1) * RULE_LABEL_PX }
            : { side: down, top: bottom + (k - above) * RULE_LABEL_PX, bottom: bottom + (k - above + 1) * RULE_LABEL_PX };
        const side = k < above ? up : down;
        const label: RuleLabel = { place: `${k < above ? 'above' : 'below'}-${side}`, offset: k < above ? at - box.bottom : box.top - at };
        return { i, box, label };
      });
    // What a layout costs, in order: labels over other labels, labels out of the plot, rules
    // through labels (a label's own rule, or the stack's, lies on its edge), and the pixels the
    // labels are moved from beside their rules.
    const cost = (l: ReturnType<typeof layout>): number[] => [
      l.filter(({ box }) => placed.some((o) => o.side === box.side && o.top < box.bottom && box.top < o.bottom)).length,
      l.filter(({ box }) => box.top < -RULE_LABEL_PX - 0.5 || box.bottom > height + 0.5).length,
      l.reduce((n, { box }) => n + lines.filter((y) => y > box.top + 0.5 && y < box.bottom - 0.5).length, 0),
      l.reduce((n, { label }) => n + label.offset, 0),
    ];
    const better = (a: number[], b: number[]) => {
      const k = a.findIndex((x, j) => x !== b[j]);
      return k >= 0 && a[k] < b[k];
    };
    // Right before left, and more above than below, where they cost alike: a lone rule's label
    // tries above its right end, below it, above its left end, below it, in that order.
    const sides: [Box['side'], Box['side']][] = [['right', 'right'], ['left', 'left'], ['right', 'left'], ['left', 'right']];
    let best = layout(cluster.length, 'right', 'right');
    for (const [up, down] of sides) {
      for (let above = cluster.length; above >= 0; above--) {
        const l = layout(above, up, down);
        if (better(cost(l), cost(best))) best = l;
      }
    }
    for (const { i, box, label } of best) {
      labels[i] = label;
      placed.push(box);
    }
  }
  return labels;
}

/**
 * The y axis's domain as Vega draws a line chart's: from 0 (or the axis's own domain) to the
 * highest value of its curves, bands, rules, shades and markers, made nice as Vega makes it
 * (d3's `nice` with ten ticks).
 */
function yExtent(c: LineChart): [number, number] {
  if (c.y.domain) return [c.y.domain[0], c.y.domain[1]];
  const values = [
    ...c.series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lo ?? NaN, p.hi ?? NaN])),
    ...(c.rules ?? []).filter((r) => r.axis === 'y').map((r) => r.value),
    ...(c.shades ?? []).flatMap((s) => [...s.y]),
    ...(c.markers ?? []).map((m) => m.y),
  ].filter(Number.isFinite);
  return nice(Math.min(0, ...values), Math.max(0, ...values));
}

/** d3-scale's linear `nice()` with its default ten ticks, which Vega uses for `nice: true`, on d3-array's tick steps as d3-scale's is. */
function nice(start: number, stop: number): [number, number] {
  let previous: number | undefined;
  for (let k = 0; k < 10 && stop > start; k++) {
    const step = tickIncrement(start, stop, 10);
    if (step === previous) break;
    if (step > 0) [start, stop] = [Math.floor(start / step) * step, Math.ceil(stop / step) * step];
    else if (step < 0) [start, stop] = [Math.ceil(start * step) / step, Math.floor(stop * step) / step];
    else break;
    previous = step;
  }
  return [start, stop];
}

/**
 * A rule's layers: the line, then its label on a halo of the background's colour, so that a data
 * line running through the label (a peak that reaches a battery's target) leaves its text readable.
 */
function ruleLayers(r: Rule, { place, offset }: RuleLabel = { place: 'above-right', offset: 0 }): [object, object[]] {
  const color = r.color ?? TEXT;
  const ink = textColor(color);
  const data = { data: { values: [{ v: r.value, label: r.label }] } };
  const at = r.axis === 'y' ? { y: { field: 'v', type: 'quantitative' } } : { x: { field: 'v', type: 'quantitative' } };
  // A y rule is labelled above its right end (or where ruleLabelPlaces finds room); an x rule beside its top.
  const right = place.endsWith('right');
  const above = place.startsWith('above');
  const text =
    r.axis === 'y'
      ? { mark: { type: 'text', align: right ? 'right' : 'left', baseline: above ? 'bottom' : 'top', dy: above ? -4 - offset : 4 + offset, x: right ? 'width' : 4, color: ink, fontWeight: 600 }, encoding: { ...at, text: { field: 'label' } } }
      : { mark: { type: 'text', align: 'left', baseline: 'top', dx: 5, y: 4, color: ink, fontWeight: 600 }, encoding: { ...at, text: { field: 'label' } } };
  const halo = { ...text, mark: { ...text.mark, color: CONFIG.background, stroke: CONFIG.background, strokeWidth: 4, strokeJoin: 'round' } };
  return [{ ...data, mark: { type: 'rule', color, strokeWidth: 1.5, strokeDash: [6, 4] }, encoding: at }, [{ ...data, ...halo }, { ...data, ...text }]];
}

function axisEncoding(a: Axis): object {
  const axis: Record<string, unknown> = { title: a.title };
  if (a.format) axis.format = a.format;
  if (a.values) axis.values = [...a.values];
  if (a.labelExpr) axis.labelExpr = a.labelExpr;
  if (a.labelOverlap) axis.labelOverlap = a.labelOverlap;
  const scale = a.domain ? { domain: [...a.domain], nice: false, zero: false } : { zero: true, nice: true };
  return { axis, scale };
}

function top(description: string, body: object): TopLevelSpec {
  return { description, config: CONFIG, ...body } as unknown as TopLevelSpec;
}

/** Whether every value of a panel is 0 (or undefined): its axis then runs from 0 to 1, not around a 0 in the middle. */
function allZero(rows: readonly { mean: number | null; lo: number | null; hi: number | null }[]): boolean {
  return rows.every((r) => [r.mean, r.lo, r.hi].every((v) => v === null || v === 0));
}

function hasInterval(rows: readonly { lo: number | null; hi: number | null }[]): boolean {
  return rows.some((r) => r.lo !== null && r.hi !== null);
}

/** Vega data cannot hold NaN meaningfully: an undefined value becomes null (drawn as a gap). */
function num(x: number | undefined): number | null {
  return x === undefined || !Number.isFinite(x) ? null : x;
}
