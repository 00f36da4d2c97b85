// The report of a comparison: scenarios A and B side by side, their paired differences, and
// overlays of the charts that matter most. A pure function of both folders' typed contents.
import { dirname, join, normalize } from 'node:path';
import { barTable, curveTable, HOUR_ROWS } from './chart-data.js';
import { barPanelsSpec, forestSpec, HOUR_AXIS, lineChartSpec, PALETTE, type Axis, type BarPanels, type ForestRow, type Marker, type Rule, type Series } from './charts.js';
import { chargersBind, description, fleetNames, gridLimit, growthCaution, gridLimitByHourOfDay, gridLimitText, hasOutages, powerInterval, serviceThreshold, siteBattery, totalsSentence, windowWords, type CompareData, type DiffRow, type RunData } from './data.js';
import { denoisedDiff, diffScale, formatEstimate, formatExact, formatFixed, formatPercent, isWhole, significantDecimals } from './format.js';
import { describe, omittedValue, sourceBlock } from './inputs.js';
import { alikeNotes, comparison, pairingNotes, type PartialMetric } from './comparable.js';
import { HEADLINE_METRICS, metricInfo, modelledBy, unitLabel, unitScale, type Unit } from './metrics.js';
import { withAvailability } from '../model/metrics.js';
import type { Block, Cell, Inline, ReportDoc } from './page.js';
import { listed } from '../words.js';
import { BATTERY_KW, FLAT_KW, SOC_AXIS, WAIT_ROWS, cdfUpTo, columns, fleetOver, fleetPanels, gridRule, gridSteps, hourOfDayPoints, nearBottom, nearTop, nothingDrawn, pastLastMinute, sameValues, scenarioFileWord, shareFloor, STEP_DASHES, type StepDashes, targetRule, waitAxis, waitCdfPoints, withinReach } from './run.js';

/**
 * Blue and vermillion: both at least 3:1 on white, as WCAG asks of marks (Okabe and Ito's orange,
 * B's colour before, is 2.3:1), and told apart with each common colour-vision deficiency.
 */
const A_COLOR = PALETTE.blue;
const B_COLOR = PALETTE.vermillion;
/**
 * B's lines are dashed, A's solid: colour alone told them apart, which a grey print or a reader who
 * cannot rely on colour loses. Longer than the grid rules' 6-4 dash, which are labelled.
 */
const B_DASH = [10, 4] as const;
/**
 * The peak lines over the mean load curves: A's dotted, B's a dash and two dots, unlike any of
 * B's other lines (its dashed mean, a connection's 6-4 step line or its 8-3-2-3 lowest one).
 */
const PEAK_DASH = { A: [2, 3], B: [10, 3, 2, 3, 2, 3] } as const;
/** B's connection by hour: short dashes, where the run report's [6, 4] in B's colour read as B's own line ([10, 4]) in the legend. */
const B_STEP_DASHES: StepDashes = { high: [3, 3], low: [3, 3, 8, 3] };

/** The document of a comparison report of scenarios A and B. */
export function compareReport(read: CompareData): ReportDoc {
  const data = { ...read, diffs: read.diffs.map(denoised) };
  const { a, b } = data;
  const threshold = serviceThreshold(a.run);
  // What `compare` printed as notes: read before the numbers, as they qualify every one of them.
  const compared = comparison(a.run.scenario, b.run.scenario, { sameTrace: sameTrace(a, b), traceColumns: [a.run.traceColumns, b.run.traceColumns] });
  const notes = [...compared.notes, ...growthNotesOf(data), ...pairingNotes(partialMetrics(data), a.run.replications, a.run.scenario, b.run.scenario), ...alikeNotes(alikeMetrics(data))];
  // A note is a sentence, capitalised, unless it begins with a metric's name (battery_cycles), which is written as the files write it.
  const sentence = (n: string) => (/^[a-z0-9]+_/.test(n) ? n : `${n[0].toUpperCase()}${n.slice(1)}`);
  const cautions: Block[] = notes.map((n) => ({ kind: 'paragraph', text: [{ strong: 'Note: ' }, ...noteText(`${sentence(n)}.`, `compare-${a.name}-vs-${b.name}.csv`)] }));
  return {
    title: `${a.name} vs ${b.name}`,
    lede: [`A: ${description(a.run) || a.name}`, `B: ${description(b.run) || b.name}`],
    facts: compareFacts(data),
    sections: [
      { id: 'differences', title: 'Paired differences', blocks: [...cautions, diffTable(data, threshold, notes.length > 0, compared.sameTrucks), forestChart(data, threshold)] },
      { id: 'power', title: 'Site power', blocks: [loadOverlay(data), ...batteryOverlay(data)] },
      { id: 'waiting', title: 'Waiting for a bay', blocks: [waitOverlay(data, threshold), serviceByHourOverlay(data, threshold)] },
      { id: 'fleet', title: 'By fleet type', blocks: [fleetOverlay(data, threshold)] },
      { id: 'inputs', title: 'What differs', blocks: [...inputDiff(a, b), ...reproduceComparison(a, b)] },
    ],
    generator: a.run.hubsim,
  };
}

/** How the terminal's note names the comparison CSV's column of pairs. */
const N_COLUMN = "the n column of the comparison's CSV";

/**
 * A note as the terminal prints it, as the page shows it: the CSV's column `n` and the file that
 * holds it set as code, as the table's note sets the file, so that a bare "n" reads as a name.
 */
function noteText(note: string, csv: string): Inline[] {
  const at = note.indexOf(N_COLUMN);
  if (at < 0) return [note];
  return [note.slice(0, at), 'the ', { code: 'n' }, ' column of ', { code: csv }, note.slice(at + N_COLUMN.length)];
}

function compareFacts({ a, b }: CompareData): [string, string][] {
  // Where the sides differ, each is named: "2,400 kW / 3,000 kW" left the reader to guess which was A.
  const both = (f: (d: RunData) => string) => (f(a) === f(b) ? f(a) : `A's ${f(a)}, B's ${f(b)}`);
  const facts: [string, string][] = [
    ['Seed', both((d) => formatExact(d.run.seed))],
    ['Paired replications', both((d) => formatExact(d.run.replications))],
    ['hubsim', both((d) => d.run.hubsim)],
  ];
  const window = (d: RunData) => windowWords(d.run) ?? '';
  if (window(a) !== '' || window(b) !== '') facts.push(['Statistics window', both(window)]);
  facts.push(['Grid connection', both((d) => gridLimitText(d.run))]);
  return facts;
}

/**
 * Headline metrics first, in their order (with the bays' availability after their occupancy where
 * `outages`, as the terminal shows it), then every other metric of the comparison file.
 */
function orderedDiffs(diffs: readonly DiffRow[], outages = false): DiffRow[] {
  const order: readonly string[] = outages ? withAvailability(HEADLINE_METRICS) : HEADLINE_METRICS;
  const head = order.map((m) => diffs.find((d) => d.metric === m)).filter((d): d is DiffRow => d !== undefined);
  return [...head, ...diffs.filter((d) => !order.includes(d.metric))];
}

/**
 * A difference that is rounding noise as what it is (see denoisedDiff): the comparison's CSV is
 * written so, but one written before it was may still hold noise.
 */
function denoised(d: DiffRow): DiffRow {
  const { mean, low, high } = denoisedDiff(d.diffMean, d.diffLow, d.diffHigh, diffScale(d.aMean, d.bMean));
  return { ...d, diffMean: mean, diffLow: low, diffHigh: high };
}

/**
 * Whether B − A is one value other than 0 in every one of two or more pairs, too few to stand for
 * the mean: `compare` then writes no interval (see `pairedDiffs`), where a metric one side lacks
 * has no pairs and one replication one pair.
 */
function alike(d: DiffRow): boolean {
  return d.n >= 2 && d.diffMean !== 0 && Number.isFinite(d.diffMean) && Number.isNaN(d.diffLow) && Number.isNaN(d.diffHigh);
}

/** The metrics the table shows whose differences are `alike`. */
function alikeMetrics({ a, b, diffs }: CompareData): string[] {
  const shown = modelledBy([a.run, b.run]);
  return diffs.filter((d) => shown(d.metric) && alike(d)).map((d) => d.metric);
}

/** Each side's growing arrivals (see growthCaution), said once where both grow alike. */
function growthNotesOf({ a, b }: CompareData): string[] {
  const [ga, gb] = [growthCaution(a.run), growthCaution(b.run)];
  if (ga !== undefined && ga === gb) return [`in A and B ${ga}`];
  return [...(ga === undefined ? [] : [`in A ${ga}`]), ...(gb === undefined ? [] : [`in B ${gb}`])];
}

function excludesZero(d: DiffRow): boolean {
  return d.diffLow > 0 || d.diffHigh < 0;
}

/**
 * Whether A and B read the same trace, row for row (undefined unless both read one), as run.json
 * records it; a folder written before run.json recorded the rows says which file it read, each path
 * taken from its scenario file's folder.
 */
function sameTrace(a: RunData, b: RunData): boolean | undefined {
  const trace = (d: RunData) => (d.run.scenario.arrivals as Record<string, unknown> | undefined)?.trace;
  const [x, y] = [trace(a), trace(b)];
  if (typeof x !== 'string' || typeof y !== 'string') return undefined;
  const [fa, fb] = [a.run.trace, b.run.trace];
  if (fa && fb) return fa.rows === fb.rows && fa.sha256 === fb.sha256;
  return normalize(join(dirname(a.run.scenarioFile), x)) === normalize(join(dirname(b.run.scenarioFile), y));
}

/** The metrics some replications leave undefined, with the pairs B − A is over (from the comparison file). */
function partialMetrics({ a, b, diffs }: CompareData): PartialMetric[] {
  const shown = modelledBy([a.run, b.run]);
  return diffs.filter((d) => d.n < a.run.replications && shown(d.metric) && (Number.isFinite(d.aMean) || Number.isFinite(d.bMean))).map((d) => ({ metric: d.metric, n: d.n, inA: Number.isFinite(d.aMean), inB: Number.isFinite(d.bMean) }));
}

function diffTable({ a, b, diffs }: CompareData, threshold: number, noted: boolean, sameTrucks: boolean): Block {
  const shown = modelledBy([a.run, b.run]);
  const rows: Cell[][] = orderedDiffs(diffs, hasOutages(a.run) || hasOutages(b.run)).filter((d) => shown(d.metric)).map((d) => {
    const info = metricInfo(d.metric, threshold);
    const scale = unitScale(info.unit);
    // A, B and B − A share decimals so the columns line up and the difference reads off directly.
    // A difference with no spread (the same in every pair, or undefined: a metric only B models)
    // says nothing of the precision of A and B themselves: they keep three significant digits,
    // so a longest queue of 4.7 in both is not shown as 5.
    const spread = d.diffHigh - d.diffLow;
    // (A value that is rounding noise, 6·10⁻¹¹ kWh not delivered, is 0 and needs none; nor does a
    // whole number, 58 trucks reneged in the one replication, which as 58.0 read as an average.)
    const own = (x: number) => (isWhole(x) ? 0 : significantDecimals(x, 3));
    // Means of trucks that are not whole keep a decimal however wide the interval, so that the
    // counts add up: 1,532.8 arrived beside 1,469 served and 64 reneged did not.
    const counts = info.unit === 'trucks' && !(isWhole(d.aMean) && isWhole(d.bMean)) ? 1 : 0;
    const estimate = formatEstimate(d.diffMean, d.diffLow, d.diffHigh, scale);
    const diff = spread > 0 && estimate.decimals < counts ? formatEstimate(d.diffMean, d.diffLow, d.diffHigh, scale, counts) : estimate;
    // With no interval (one replication), a difference of a few ten-thousandths gave A and B six
    // decimals (27.757407): they keep their own three significant digits, the difference its own.
    const shared = Math.max(counts, spread > 0 ? diff.decimals : Math.max(own(d.aMean * scale), own(d.bMean * scale)));
    // A mean those decimals would show as 0 (a mean wait of 0.46 min beside a difference of
    // −0.4 [−2.1, 1.3]) keeps two significant digits: as 0 it read as no wait at all.
    const hidden = (x: number) => (!isWhole(x) && formatFixed(x, shared) === formatFixed(0, shared) ? significantDecimals(x, 2) : 0);
    const dec = Math.max(shared, hidden(d.aMean * scale), hidden(d.bMean * scale));
    // B − A first, after the metric's name: on a phone the table's first columns are what shows,
    // and with A and B before it the difference the table is for was off the screen.
    return [
      { text: `${info.label} (${unitLabel(info.unit)})`, sub: d.metric },
      { text: signed(diff.value), num: true },
      { text: alike(d) ? `the same in all ${formatExact(d.n)} pairs` : diff.interval, num: true },
      // Read aloud as the eye reads it: marked, not marked, or no interval to mark (one replication,
      // or a metric one side lacks), which an empty cell also is.
      excludesZero(d) ? { text: '●', mark: true, said: 'yes' } : { text: '', mark: true, said: Number.isFinite(d.diffLow) && Number.isFinite(d.diffHigh) ? 'no' : 'no interval' },
      { text: formatFixed(d.aMean * scale, dec), num: true },
      { text: formatFixed(d.bMean * scale, dec), num: true },
    ];
  });
  // The notes may qualify the numbers without touching the trucks (prices, thresholds, a metric one side lacks).
  const pairing = `replication r of both runs has the same seed${sameTrucks ? ', and sees the same trucks' : ''}${noted ? ', with the notes above' : ''}`;
  const note: Inline[] = [
    ...(one(a)
      ? [`A is ${a.name}, B is ${b.name}. B − A is the difference in their one replication (${pairing}); one replication gives no interval, so nothing is marked as unlikely to be chance.`]
      : [`A is ${a.name}, B is ${b.name}. B − A is the mean over replications of the paired difference (${pairing}), with its 95 % confidence interval; `, { strong: '●', mark: true }, ' marks an interval that excludes zero.']),
    ` ${totalsSentence([a.run, b.run])}; differences of shares are in percentage points. From `,
    { code: `compare-${a.name}-vs-${b.name}.csv` },
    '.',
  ];
  return {
    kind: 'table',
    // The ● column is headed too: an empty header left a screen reader reading "black circle" alone.
    head: ['Metric', { text: 'B − A', num: true }, { text: '95 % interval of B − A', num: true }, 'Excludes 0', { text: 'A', num: true }, { text: 'B', num: true }],
    rows,
    note,
  };
}

/** Whether a run is of one replication: its curves have no band, its estimates no interval. */
function one(d: RunData): boolean {
  return d.run.replications === 1;
}

/**
 * How the overlays' lines and bands read: the range over replications, or none for one. `counts`: for curves
 * some replications do not define (no truck arrived in their windows), how many define A's and
 * B's, so that "mean over replications" is not read as over all of them; `hour`: the counts are the
 * fewest that define an hour of an hour-of-day curve (see hourSpread).
 */
function spread({ a }: CompareData, counts?: readonly [number, number], hour = false): string {
  const all = a.run.replications;
  // A side no replication defines draws nothing: said, not counted as all of them.
  const sides = (['A', 'B'] as const).map((tag, k) => ({ tag, n: counts?.[k] ?? all }));
  const none = sides.filter((s) => s.n < 1).map((s) => s.tag);
  const windows = one(a) ? 'window' : 'windows';
  const nothing = none.length === 0 ? '' : `${none.join(' and ')} ${none.length === 2 ? 'draw' : 'draws'} nothing, as no truck arrived in ${none.length === 2 ? 'their' : 'its'} statistics ${windows}`;
  // Neither side drew: no mean, no band to speak of.
  if (none.length === 2) return nothing;
  if (one(a)) return `one replication, so no bands${nothing && `; ${nothing}`}`;
  const some = sides.filter((s) => s.n >= 1);
  if (some.every((s) => s.n >= all)) return `mean over replications; bands: lowest to highest replication${nothing && `; ${nothing}`}`;
  const each = hour ? 'each hour, as few as' : 'each curve,';
  return `mean over the replications that define ${each} ${some.map((s) => `${s.tag}'s ${formatExact(s.n)}`).join(' and ')} of the ${formatExact(all)}, as no truck arrived in ${hour ? 'that hour in ' : ''}the others\u2019 windows; bands: lowest to highest of them${nothing && `; ${nothing}`}`;
}

/** `spread` of an hour-of-day curve whose hours some replications leave undefined (no truck arrived in that hour of their window). */
function hourSpread(data: CompareData, metric: string): string {
  const all = data.a.run.replications;
  // No hour defined at all: none of the replications, not all of them.
  const fewest = pair(data, (d) => {
    const n = d.byHour.filter((r) => r.weekday === 'all' && r.metric === metric && Number.isFinite(r.mean) && r.n >= 1).map((r) => r.n);
    return n.length === 0 ? 0 : Math.min(all, ...n);
  });
  return spread(data, fewest, true);
}

function signed(text: string): string {
  return /^[0.,]+$/.test(text) || text.startsWith('\u2212') || text === '–' ? text : `+${text}`;
}

const GROUPS: readonly { readonly key: string; readonly title: string; readonly format: string }[] = [
  { key: 'share', title: 'Difference in percentage points', format: ',.1~f' },
  { key: 'min', title: 'Difference in minutes', format: ',.1~f' },
  { key: 'trucks', title: 'Difference in trucks over the window', format: ',~f' },
  { key: 'queue', title: 'Difference in trucks waiting (time-average)', format: ',.2~f' },
  { key: 'kW', title: 'Difference in kW', format: ',~f' },
  { key: 'kWh', title: 'Difference in MWh over the window', format: ',.1~f' },
];

function groupOf(metric: string, unit: Unit): string {
  return metric.startsWith('queue_') ? 'queue' : unit;
}

function forestChart({ a, diffs }: CompareData, threshold: number): Block {
  const headline = orderedDiffs(diffs).filter((d) => (HEADLINE_METRICS as readonly string[]).includes(d.metric));
  // A difference defined in no pair (no truck plugged in, in A or in B: no wait to compare) has no
  // dot: drawn, it made a panel with no row and a legend entry for a dot that is not there.
  const head = headline.filter((d) => Number.isFinite(d.diffMean));
  const undefinedIn = headline.filter((d) => !Number.isFinite(d.diffMean)).map((d) => metricInfo(d.metric, threshold).label);
  const leftOut = undefinedIn.length === 0 ? '' : ` Not drawn, as undefined in every pair of replications: ${undefinedIn.join(', ')}.`;
  const groups = GROUPS.map((g) => {
    const rows: ForestRow[] = head
      .filter((d) => groupOf(d.metric, metricInfo(d.metric).unit) === g.key)
      .map((d) => {
        const info = metricInfo(d.metric, threshold);
        const scale = info.unit === 'share' ? 100 : info.unit === 'kWh' ? 1 / 1000 : 1;
        return { label: info.label, mean: d.diffMean * scale, lo: d.diffLow * scale, hi: d.diffHigh * scale };
      });
    return { title: g.title, format: g.format, rows };
  }).filter((g) => g.rows.length > 0);
  if (groups.length === 0) return { kind: 'paragraph', text: [`No headline difference is defined in any pair of replications, so there is no forest plot.${leftOut}`] };
  // One replication: no difference has an interval, in the chart or in the table.
  const noInterval = one(a);
  // Why a difference has none: a metric defined in one pair alone, or pairs that all agree, too few
  // to stand for the mean (see `alike`).
  const single = head.some((d) => !Number.isFinite(d.diffLow) && !alike(d));
  const agreed = head.filter(alike).map((d) => metricInfo(d.metric, threshold).label);
  return {
    kind: 'chart',
    id: 'forest',
    caption: noInterval
      ? ['The headline metrics\u2019 paired differences B − A (dots), one panel per unit, each with its own scale; the dashed line is no difference. One replication gives no intervals: each dot is that replication\u2019s difference, which may be chance.', leftOut]
      : [
          'The headline metrics\u2019 paired differences B − A (dot) with their 95 % confidence intervals (line), one panel per unit, each with its own scale; the dashed line is no difference. Blue: the interval excludes zero, so the difference is unlikely to be chance.',
          single ? ' Black: no interval, as the metric is defined in only one pair of replications; the dot is that pair\u2019s difference.' : '',
          agreed.length > 0 ? ` Black, too: no interval where every pair gives the same difference, too few pairs to stand for the mean (${listed(agreed)}; see the note above).` : '',
          leftOut,
        ],
    spec: forestSpec({ description: 'Paired differences B − A of the headline metrics with 95 % intervals', groups, legend: ['Interval excludes zero', 'Interval includes zero', 'No interval'] }),
    // The table above holds these very differences: a second table would repeat it.
    data: {
      kind: 'see',
      target: 'differences',
      link: 'the table of paired differences above',
      rest: [`, whose B − A${noInterval ? '' : ' and 95 % interval'} these are${head.some((d) => metricInfo(d.metric).unit === 'kWh') ? ' (energy there in kWh, here in MWh)' : ''}.`],
    },
  };
}

/** A scenario's line in an overlay: its colour and, for B, its dash. */
function lineOf(d: RunData, color: string, tag: 'A' | 'B'): Pick<Series, 'label' | 'color' | 'dash'> {
  return { label: `${tag}: ${d.name}`, color, ...(tag === 'B' ? { dash: B_DASH } : {}) };
}

function pair<T>({ a, b }: CompareData, f: (d: RunData, color: string, tag: 'A' | 'B') => T): [T, T] {
  return [f(a, A_COLOR, 'A'), f(b, B_COLOR, 'B')];
}

function loadOverlay(data: CompareData): Block {
  const means: Series[] = pair(data, (d, color, tag) => ({ ...lineOf(d, color, tag), points: hourOfDayPoints(d, 'grid_mean_kw') }));
  // A mean over the days hides the busy ones, and with them what a battery or a larger connection
  // changes: two hubs whose means lie on one another can peak 500 kW apart. Without bands, which
  // four would bury. None for a scenario with no interval wholly inside its window (no peak).
  const peaks: Series[] = pair(data, (d, color, tag) => ({
    label: `${tag}: peak ${formatExact(powerInterval(d.run))}-min grid power`,
    color,
    dash: PEAK_DASH[tag],
    points: hourOfDayPoints(d, 'grid_peak_kw').map(({ x, y }) => ({ x, y })),
  })).filter((p) => p.points.some((q) => Number.isFinite(q.y)));
  const series = [...means, ...peaks];
  const [a, b] = [data.a.run, data.b.run];
  // A connection given by hour is a step line, or two (see gridSteps); one set for both when they
  // give the same hours.
  const [byHourA, byHourB] = [gridLimitByHourOfDay(a), gridLimitByHourOfDay(b)];
  const sameSteps = byHourA !== undefined && byHourB !== undefined && sameValues(byHourA.low, byHourB.low) && sameValues(byHourA.high, byHourB.high);
  const steps: Series[] = sameSteps
    ? gridSteps(data.a, 'Grid connection, by hour (both)')
    : pair(data, (d, color, tag) => gridSteps(d, `${tag}: grid connection, by hour`, color, tag === 'B' ? B_STEP_DASHES : STEP_DASHES)).flat();
  // Any other connection is a rule: one for both when they have the same, else one for each in its colour.
  const same = byHourA === undefined && byHourB === undefined && gridLimit(a) !== undefined && gridLimit(a) === gridLimit(b);
  const rules: Rule[] =
    same
      ? gridRule(data.a).map((r) => ({ ...r, label: `${r.label} (both)` }))
      : pair(data, (d, color, tag) => (gridLimitByHourOfDay(d.run) === undefined ? gridRule(d, `${tag}: grid connection`, color) : [])).flat();
  const [ta, tb] = [siteBattery(a)?.targetKw, siteBattery(b)?.targetKw];
  const targets: Rule[] =
    ta !== undefined && ta === tb
      ? targetRule(data.a).map((r) => ({ ...r, label: `${r.label} (both)` }))
      : pair(data, (d, color, tag) => targetRule(d, `${tag}: peak-shaving target`, color)).flat();
  const { drawn, words } = withinReach([...rules, ...targets], [...series, ...steps]);
  // Flat at 0 on both sides, an axis of one tick and rules far above would say nothing: as the run
  // report draws it, with round ticks above 0, and the connections named, not drawn.
  if (nothingDrawn(series)) {
    // Only connections that exist are named: none is drawn where there is none.
    const limits = pair(data, (d, _color, tag) => (gridLimit(d.run) === undefined ? undefined : `${tag}'s ${gridLimitText(d.run)}`)).filter((l): l is string => l !== undefined);
    return {
      kind: 'chart',
      id: 'daily-load',
      caption: [
        `Mean power each scenario draws from the grid in each hour of the day, averaged over the days of the statistics window (lines; ${spread(data)}).`,
        ` No truck charged in either scenario's statistics window: neither site drew power at any time.${limits.length === 0 ? '' : ` The grid ${limits.length === 1 ? 'connection' : 'connections'} (${limits.join(', ')}) ${limits.length === 1 ? 'is' : 'are'} not drawn.`}`,
      ],
      spec: lineChartSpec({ description: 'Daily load curves of A and B', x: HOUR_AXIS, y: FLAT_KW, series, rules: [] }),
      data: curveTable(HOUR_ROWS, columns(data.a, series, 'kW', 0)),
    };
  }
  return {
    kind: 'chart',
    id: 'daily-load',
    caption: [
      `Mean power each scenario draws from the grid in each hour of the day, averaged over the days of the statistics window (lines; ${spread(data)})`,
      connectionWords(data, targets.length > 0, steps.length > 0, same || sameSteps),
      chargersWords(data),
      peakWords(data, peaks),
      words,
    ],
    spec: lineChartSpec({ description: 'Daily load curves of A and B', x: HOUR_AXIS, y: { title: 'Site power (kW)', format: ',.0f' }, series: [...series, ...steps], rules: drawn }),
    data: curveTable(HOUR_ROWS, columns(data.a, [...series, ...steps], 'kW', 0)),
  };
}

/**
 * A connection no less than all its side's cabinets and bays draw together never holds charging
 * back (see chargersBind): a peak line along it is the chargers' limit, which a larger connection
 * alone would not raise. The run report says so; beside the other side's, the rule reads as a
 * connection that binds.
 */
function chargersWords(data: CompareData): string {
  const [ka, kb] = pair(data, (d) => chargersBind(d.run));
  if (ka === undefined && kb === undefined) return '';
  if (ka !== undefined && kb !== undefined) {
    return ` Neither connection ever holds charging back: each is no less than all its cabinets and bays can draw together (A's ${formatExact(ka)} kW, B's ${formatExact(kb)} kW), so where a line runs flat along it, the chargers are the limit.`;
  }
  const [tag, kw] = ka !== undefined ? ['A', ka] : ['B', kb!];
  return ` ${tag}'s connection never holds charging back: it is no less than the ${formatExact(kw)} kW all ${tag}'s cabinets and bays can draw together, so where ${tag}'s lines run flat along it, the chargers are the limit, which a larger connection alone would not raise.`;
}

/** What the daily load overlay's peak lines are, when it has any. */
function peakWords(data: CompareData, peaks: readonly Series[]): string {
  if (peaks.length === 0) return '';
  const whose = peaks.length === 2 ? "A's dotted line and B's dash-dot-dotted one are their peaks" : peaks[0].label.startsWith('A') ? "A's dotted line is its peak" : "B's dash-dot-dotted line is its peak";
  const one = data.a.run.replications === 1 && data.b.run.replications === 1;
  return ` ${whose}: the highest interval mean of grid power in that hour on any day of the window (${one ? 'one replication' : "mean over replications of each one's highest"}).`;
}

/**
 * What the daily load overlay's dashed rules are: the connections (but an unlimited one, which has
 * none; one for both where they are the same, `shared`) and a battery's targets.
 */
function connectionWords(data: CompareData, targets: boolean, stepped: boolean, shared: boolean): string {
  const unlimited = pair(data, (d, _, tag) => (gridLimit(d.run) === undefined ? tag : '')).filter((t) => t !== '');
  const battery = ' the grid draw a peak-shaving battery aims to keep the site under';
  if (unlimited.length === 2) return `; neither grid connection has a limit, so none is drawn${targets ? `; dashed rules mark${battery}` : ''}.`;
  const connections = unlimited.length === 1 ? `the grid connection (${unlimited[0]}'s has no limit, so none is drawn for it)` : shared ? 'the grid connection both have' : 'the grid connections';
  // A connection given by hour is a dashed step line through the hours, or two (see gridSteps).
  const weekly = pair(data, (d) => gridSteps(d).length > 1).some(Boolean);
  const steps = `a step line for a connection given by hour${weekly ? "; two, its highest and lowest in each hour over the week's days, for one whose days differ" : ' of the day'}`;
  // One rule for a connection both share, with no target beside it, is one mark, not several.
  if (shared && !stepped && !targets) return `; a dashed rule marks ${connections}.`;
  return `; dashed ${stepped ? `lines (${steps})` : 'rules'} mark ${connections}${targets ? ` and${battery}` : ''}.`;
}

/** The site batteries' power and stored energy over the day, where either scenario has one (and its by-hour.csv has them). */
function batteryOverlay(data: CompareData): Block[] {
  const without = pair(data, (d, _, tag) => (siteBattery(d.run) ? '' : tag)).filter((t) => t !== '');
  // With one battery the chart has one line, and so no legend: the caption says whose it is.
  const whose = without.length > 0 ? ` ${without[0]} has no battery: the line is ${without[0] === 'A' ? 'B' : 'A'}'s.` : '';
  const chart = (metric: string, id: string, description: string, caption: string, y: Axis, unit: [string, number, number], rules?: Rule[]): Block[] => {
    // Every hour, undefined ones too: an hour outside the statistics window is a gap in the line.
    const series: Series[] = pair(data, (d, color, tag) => ({ ...lineOf(d, color, tag), points: siteBattery(d.run) ? hourOfDayPoints(d, metric) : [] })).filter((s) => s.points.some((p) => Number.isFinite(p.y)));
    const [label, decimals, scale] = unit;
    return series.length === 0
      ? []
      : [{ kind: 'chart', id, caption: [caption, whose], spec: lineChartSpec({ description, x: HOUR_AXIS, y, series, rules, height: 220 }), data: curveTable(HOUR_ROWS, columns(data.a, series, label, decimals, scale)) }];
  };
  return [
    ...chart(
      'battery_kw_mean',
      'battery-day',
      'Site battery power by hour of day, A and B',
      `Mean power of the site battery in each hour of the day, averaged over the days of the statistics window (lines; ${spread(data)}): above zero it gives the site power, below zero it charges.`,
      BATTERY_KW,
      ['kW', 0, 1],
      [{ axis: 'y', value: 0, label: 'Idle', color: PALETTE.grey }],
    ),
    ...chart(
      'battery_soc_mean',
      'battery-soc',
      'Site battery state of charge by hour of day, A and B',
      `Each site battery's stored energy in each hour of the day, as a share of its capacity, averaged over the days of the statistics window (lines; ${spread(data)}).`,
      SOC_AXIS,
      ['% of capacity', 1, 100],
    ),
  ];
}

function waitOverlay(data: CompareData, threshold: number): Block {
  // Both curves run to where the later of the two stops rising.
  const until = Math.max(...pair(data, (d) => waitCdfPoints(d.waitCdf, serviceThreshold(d.run)).until));
  const series: Series[] = pair(data, (d, color, tag) => ({ ...lineOf(d, color, tag), points: cdfUpTo(d.waitCdf, until) }));
  // Each service level is marked at its own scenario's threshold (output.serviceThresholdMin).
  const levels = pair(data, (d, color, tag) => ({ y: d.summary.get('service_level')?.mean ?? NaN, color, tag, at: serviceThreshold(d.run) }));
  const higher = levels[0].y > levels[1].y ? levels[0] : levels[1];
  const floor = shareFloor(series.flatMap((s) => s.points));
  // The higher point's label goes above it, the lower one's below, so they never collide; and left
  // of the threshold rule, whose label is at the top on its right, where the lower one is near the top.
  // Near the bottom, where a label below would run into the axis's tick labels, the lower one's goes
  // above it to the right, the other side from the higher one's.
  const markers: Marker[] = levels
    .filter((l) => Number.isFinite(l.y))
    .map((l) => ({ x: l.at, y: l.y, label: formatPercent(l.y), color: l.color, place: l === higher ? 'above-left' : nearTop(l.y, floor) ? 'below-left' : nearBottom(l.y, floor) ? 'above-right' : 'below-right' }));
  const same = levels[0].at === levels[1].at;
  // A curve that stops short of its share served: trucks that plugged in after the file's last minute.
  const past = pair(data, (d, _color, tag) => ({ tag, ...pastLastMinute(d.waitCdf, d.summary.get('served_share')?.mean ?? NaN) })).filter((p) => p.share > 0);
  const rules: Rule[] = same
    ? [{ axis: 'x', value: threshold, label: `${formatExact(threshold)} min`, color: PALETTE.grey }]
    : levels.map((l) => ({ axis: 'x', value: l.at, label: `${l.tag}: ${formatExact(l.at)} min`, color: l.color }));
  return {
    kind: 'chart',
    id: 'wait-cdf',
    caption: [
      `Share of all arriving trucks that had plugged in within a given wait, for each scenario (${spread(data, [data.a, data.b].map((d) => Math.max(0, ...d.waitCdf.map((s) => s.n))) as [number, number])}). Each curve levels off at the share served; the rest balked or reneged. `,
      ...past.map((p) => `${p.tag}'s curve ends ${formatPercent(p.share)} below its share served: that many of its arrivals plugged in after waiting more than ${formatExact(p.last)} min, the file's last minute. `),
      same
        ? `The points mark the service levels at the ${formatExact(threshold)}-minute threshold.`
        : `The points mark the service levels, each at its own scenario's threshold: A's ${formatExact(levels[0].at)} minutes, B's ${formatExact(levels[1].at)}.`,
      floor > 0 ? ` The vertical axis starts at ${formatPercent(floor, 0)}.` : '',
    ],
    data: curveTable(WAIT_ROWS, columns(data.a, series, '% of arrivals plugged in within that wait', 1, 100)),
    spec: lineChartSpec({
      description: 'Wait-time distributions of A and B over all arriving trucks',
      x: waitAxis(until),
      y: { title: 'Plugged in within that wait (of arrivals)', format: '.0%', domain: [floor, 1] },
      series,
      rules,
      markers,
    }),
  };
}

function sameThreshold({ a, b }: CompareData): boolean {
  return serviceThreshold(a.run) === serviceThreshold(b.run);
}

/** Each scenario's service threshold: `A: 15 minutes, B: 30`. */
function thresholds(data: CompareData): string {
  const [ta, tb] = pair(data, (d) => formatExact(serviceThreshold(d.run)));
  return `A: ${ta} minutes, B: ${tb}`;
}

/** The service threshold in words: one, or each scenario's when they differ. */
function thresholdWords(data: CompareData): string {
  return sameThreshold(data) ? `${formatExact(serviceThreshold(data.a.run))} minutes` : `its own scenario's threshold (${thresholds(data)})`;
}

function serviceByHourOverlay(data: CompareData, threshold: number): Block {
  const series: Series[] = pair(data, (d, color, tag) => ({ ...lineOf(d, color, tag), points: hourOfDayPoints(d, 'service_level') }));
  const floor = shareFloor(series.flatMap((s) => s.points));
  return {
    kind: 'chart',
    id: 'service-hour',
    caption: [
      `Service level by the hour of day trucks arrive: the share of trucks arriving in that hour (on every day of the statistics window) that plugged in within ${thresholdWords(data)} (${hourSpread(data, 'service_level')}).`,
      floor > 0 ? ` The vertical axis starts at ${formatPercent(floor, 0)}.` : '',
    ],
    data: curveTable(HOUR_ROWS, columns(data.a, series, sameThreshold(data) ? `% within ${formatExact(threshold)} min` : '% in time', 1, 100)),
    spec: lineChartSpec({
      description: 'Service level by hour of day, A and B',
      x: HOUR_AXIS,
      y: { title: sameThreshold(data) ? `Plugged in within ${formatExact(threshold)} min` : 'Plugged in in time', format: '.0%', domain: [floor, 1] },
      series,
    }),
  };
}

/** `fleetOver` of the service level for A and B, where either has bars over fewer replications than ran. */
function fleetOverBoth(data: CompareData): string {
  const [a, b] = [fleetOver(data.a, ['service_level']), fleetOver(data.b, ['service_level'])];
  const each = [a && `A's ${a}`, b && `B's ${b}`].filter((x) => x !== '');
  return each.length === 0 ? '' : ` (${each.join('; ')})`;
}

function fleetOverlay(data: CompareData, threshold: number): Block {
  const categories = [...new Set([...fleetNames(data.a), ...fleetNames(data.b)])];
  const bars: BarPanels = {
    description: 'Service level per fleet type, A and B',
    // With two thresholds the panel's unit names both.
    panels: fleetPanels([data.a, data.b], threshold, ['service_level'], pair(data, (d, _, tag) => `${tag}: ${d.name}`)).map((p) =>
      sameThreshold(data) ? p : { ...p, title: `Service level (% in time: ${thresholds(data)})` },
    ),
    categories,
    series: pair(data, (d, color, tag) => ({ label: `${tag}: ${d.name}`, color })),
    columns: 1,
  };
  return {
    kind: 'chart',
    id: 'fleet',
    caption: [`Service level per fleet type: the share of the type's arriving trucks that plugged in within ${thresholdWords(data)}, for each scenario (A's bars filled, B's outlined; ${one(data.a) ? "bars: the one replication's values, with no interval" : `bars: means over replications${fleetOverBoth(data)}; whiskers: 95 % confidence intervals, cut at 0 and at 100 %`}).`],
    spec: barPanelsSpec(bars),
    data: barTable(bars, 'Fleet type'),
  };
}

/**
 * The command that reproduces the comparison, as the run report gives its run's: both scenario files,
 * the seed and the replications, which `compare` gives both sides alike (none where the two folders
 * say otherwise: they were not written by one comparison).
 */
function reproduceComparison(a: RunData, b: RunData): Block[] {
  if (a.run.seed !== b.run.seed || a.run.replications !== b.run.replications) return [];
  return [
    { kind: 'paragraph', text: ['To reproduce this comparison, run this with hubsim ', a.run.hubsim, ' and the two scenario files:'] },
    { kind: 'command', text: `hubsim compare ${scenarioFileWord(a)} ${scenarioFileWord(b)} --seed ${a.run.seed} --replications ${a.run.replications}` },
  ];
}

/** The inputs in which the two scenarios differ, as JSON paths with both values. */
function inputDiff(a: RunData, b: RunData): Block[] {
  const fa = flatten(a.run.scenario);
  const fb = flatten(b.run.scenario);
  // A field written in two shapes (a curve as one list in A, one per connector in B; a grid limit
  // as a number and by hour) is one row, at the path where the shapes part, each side's value
  // whole: its parts, each "not set" on the other side, told nothing true.
  const parted = (p: string, other: Map<string, string>) => !other.has(p) && [...other.keys()].some((q) => q.startsWith(`${p}.`) || q.startsWith(`${p}[`));
  const roots = [...fa.keys()].filter((p) => parted(p, fb)).concat([...fb.keys()].filter((p) => parted(p, fa)));
  const under = (p: string) => roots.some((r) => p.startsWith(`${r}.`) || p.startsWith(`${r}[`));
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].filter((p) => p !== 'name' && p !== 'description' && p !== '$schema' && fa.get(p) !== fb.get(p) && !under(p));
  const rows: Cell[][] = paths.map((p) => [{ text: { code: p } }, fa.get(p) ?? omittedValue(a.run.scenario, p), fb.get(p) ?? omittedValue(b.run.scenario, p)]);
  const blocks: Block[] = [];
  if (rows.length === 0) blocks.push({ kind: 'paragraph', text: ['The two scenario files differ only in name and description.'] });
  else blocks.push({ kind: 'table', head: ['Input', `A: ${a.name}`, `B: ${b.name}`], rows, note: ['Every other input is the same in both scenario files.'] });
  blocks.push(sourceBlock(`Scenario A as run${a.run.scenarioFile ? ` (${a.run.scenarioFile})` : ''}`, a.run.scenario));
  blocks.push(sourceBlock(`Scenario B as run${b.run.scenarioFile ? ` (${b.run.scenarioFile})` : ''}`, b.run.scenario));
  return blocks;
}

/** Leaf paths of a scenario (objects opened, lists of objects opened by index, other lists kept whole). */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o.dist === 'string') out.set(prefix, describe(o));
    else for (const k of Object.keys(o)) flatten(o[k], prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, describe(value));
  }
  return out;
}
