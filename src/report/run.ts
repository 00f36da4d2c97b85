// The report of one scenario's output folder: headline metrics, site power, the week's busy
// hours, waiting, fleet types and the inputs. A pure function of the folder's typed contents.
import { barTable, curveTable, heatTable, HOUR_ROWS, percentLabel, type CurveColumn } from './chart-data.js';
import { barPanelsSpec, heatMapSpec, HOUR_AXIS, lineChartSpec, PALETTE, TEXT, type Axis, type BarPanel, type BarPanels, type HeatCell, type HeatMap, type Point, type Rule, type Series } from './charts.js';
import { chargersBind, chargersKw, description, fleetNames, growthCaution, gridLimit, gridLimitByHourOfDay, gridLimitDuration, gridLimitText, gridLimitVaries, hasOutages, noPowerInterval, powerInterval, serviceThreshold, siteBattery, totalsSentence, windowDays, windowWords, type RunData, type Stat, type WaitStat } from './data.js';
import { pricesGiven } from '../model/economics.js';
import { onPowerIntervals } from '../model/metrics.js';
import { WEEKDAYS } from '../scenario/types.js';
import { estimateDecimals, exceeds, formatEstimate, formatExact, formatFixed, formatPercent, formatSignificant, isWhole } from './format.js';
import { isRoundingNoise } from '../stats/noise.js';
import { inputBlocks, type TraceUse } from './inputs.js';
import { headlineFor, metricInfo, unitLabel, unitScale, type Unit } from './metrics.js';
import type { Block, Cell, Inline, ReportDoc, Section } from './page.js';
import { listed, shellWord } from '../words.js';
import { FEW_REPLICATIONS } from '../stats/summary.js';
import { alikeNeeded, tooAlike, type PrecisionRecord } from '../stats/onesided.js';

const KW: Axis = { title: 'Site power (kW)', format: ',.0f' };

/**
 * Whether the curves of `series` have points and every one is 0 (no truck charged in the window,
 * and no battery; no truck queued): the axis would have one tick, 0, in the middle of the chart,
 * and the caption would explain curves that are not there. Such a chart gets an axis of round
 * ticks above 0 (a power chart draws no connection) and says why it is flat. A folder without the
 * curves' rows has no points, and is not said to be idle.
 */
export function nothingDrawn(series: readonly Series[]): boolean {
  const points = series.flatMap((s) => s.points);
  return points.length > 0 && points.every((p) => [p.y, p.lo ?? 0, p.hi ?? 0].every((v) => !Number.isFinite(v) || isRoundingNoise(v)));
}

/** The power axis of such a chart: 0 at the bottom, where the curves lie, and round ticks above. */
export const FLAT_KW: Axis = { ...KW, domain: [0, 100] };

/** A flat power chart's words for the connection it leaves undrawn (README: one not drawn is named). */
function undrawnConnection(data: RunData): string {
  return gridLimit(data.run) === undefined ? '' : ` The grid connection, ${gridLimitText(data.run)}, is not drawn.`;
}

/** What a chart of power says when nothing was drawn (see nothingDrawn). */
const NO_POWER = ' No truck charged in the statistics window: the site drew no power at any time.';
const WAIT_CDF_METRIC = 'plugged_in_within';

/** The document of a run report for one scenario's output folder. */
export function runReport(data: RunData): ReportDoc {
  const threshold = serviceThreshold(data.run);
  const sections: Section[] = [
    { id: 'results', title: 'Headline results', blocks: [...growthBlocks(data), headlineTable(data, threshold), ...precisionBlocks(data, threshold)] },
    { id: 'power', title: 'Site power', blocks: [dailyLoadChart(data), ...batteryChart(data), loadDurationChart(data)] },
    { id: 'week', title: 'Through the week', blocks: weekHeatMaps(data, threshold) },
    { id: 'waiting', title: 'Waiting for a bay', blocks: [waitCdfChart(data, threshold), queueChart(data)] },
    { id: 'fleet', title: 'By fleet type', blocks: [fleetChart(data, threshold)] },
    { id: 'inputs', title: 'Inputs', blocks: [...reproduce(data), ...inputBlocks(data.run.scenario, data.run.scenarioFile, traceUse(data.run))] },
  ];
  return { title: data.name, lede: leadLines(data), facts: runFacts(data), sections, generator: data.run.hubsim };
}

/** The trace a run read, as its inputs say what it replaced: unknown (undefined) for a run.json without its counts. */
function traceUse(run: RunData['run']): TraceUse | undefined {
  return run.trace !== undefined && run.traceColumns !== undefined ? { rows: run.trace.rows, columns: run.traceColumns } : undefined;
}

/** The header's facts of a run: seed, replications, version, statistics window. */
function runFacts(data: RunData): [string, string][] {
  const facts: [string, string][] = [
    ['Seed', formatExact(data.run.seed)],
    ['Replications', replicationsFact(data.run)],
    ['hubsim', data.run.hubsim],
  ];
  const window = windowWords(data.run);
  if (window !== undefined) facts.push(['Statistics window', window]);
  facts.push(['Grid connection', gridLimitText(data.run)]);
  return facts;
}

/** The replications run, and with `--precision` whether they reached it (the run stops either way). */
function replicationsFact(run: RunData['run']): string {
  const n = formatExact(run.replications);
  if (run.precision === undefined) return n;
  return run.precision.metrics.every((m) => m.reached) ? `${n}, by precision` : `${n}, the most allowed: precision not reached`;
}

/**
 * Under the headline table of a `run --precision` folder, what was asked of which metric and
 * whether the replications reached it: the terminal said `NOT reached` once, and a page of 32
 * replications read as any other run.
 */
function precisionBlocks(data: RunData, threshold: number): Block[] {
  const p = data.run.precision;
  if (p === undefined) return [];
  const missed = p.metrics.filter((m) => !m.reached);
  const asked = (m: PrecisionRecord['metrics'][number]): Inline[] => [
    `${metricInfo(m.metric, threshold).label} (`,
    { code: m.metric },
    m.relative
      ? `): a relative error of at most ${formatExact(m.value, 2)} % (a 95 % half-width at most ${formatSignificant((m.value / (1 + m.value)) * 100, 4)} % of the mean), `
      : `): a 95 % half-width of at most ${formatExact(m.value)}, `,
    m.reached ? 'reached' : { strong: 'not reached' },
  ];
  return [
    {
      kind: 'paragraph',
      text: [
        `Replications by precision: the run doubled its replications until each metric asked was this precise, at most ${formatExact(p.maxReplications)}: `,
        ...p.metrics.flatMap((m, i) => [...(i > 0 ? ['; '] : []), ...asked(m)]),
        '. ',
        missed.length === 0 ? `Every one was reached at ${formatExact(data.run.replications)} replications.` : stoppedText(missed.map((m) => m.metric), data.summary),
      ],
    },
  ];
}

/**
 * Why `run --precision` stopped short of the precision asked for the `missed` metrics, each told
 * as the terminal tells it, by the same judgement (`tooAlike`): too few replications define it to
 * give an interval; every replication gave one value, which stands for the mean only once
 * `alikeNeeded` agree (no looser precision meets that); or its interval is wider than asked.
 */
function stoppedText(missed: readonly string[], summary: RunData['summary']): string {
  const n = (m: string) => summary.get(m)?.n ?? 0;
  const scarce = missed.filter((m) => n(m) < 2);
  const alike = missed.filter((m) => n(m) >= 2 && tooAlike(summary.get(m)!, 0.95));
  const wide = missed.filter((m) => !scarce.includes(m) && !alike.includes(m));
  const them = (ms: readonly string[]) => (ms.length === 1 ? 'it' : 'them');
  const parts = [
    ...(wide.length === 0 ? [] : [`${listed(wide)} with ${wide.length === 1 ? 'an interval' : 'intervals'} wider than asked: more replications (a larger --max-replications) or a looser precision would meet ${them(wide)}`]),
    ...(alike.length === 0 ? [] : [`${listed(alike)} with one value in every replication, which stands for the mean only once ${formatExact(alikeNeeded(0.95))} replications that define ${them(alike)} agree: a larger --max-replications would meet ${them(alike)}, a looser precision not`]),
    ...(scarce.length === 0 ? [] : [`${listed(scarce)} defined by fewer than 2 replications (a replication whose statistics window has nothing to measure defines none): a longer horizon or more traffic would give ${them(scarce)} an interval sooner than more replications`]),
  ];
  return `It stopped at the most replications allowed, short of the precision asked: ${parts.join('; ')}.`;
}

/** Before the numbers, what growing arrivals make of every one of them (see growthCaution). */
function growthBlocks(data: RunData): Block[] {
  const caution = growthCaution(data.run);
  return caution === undefined ? [] : [{ kind: 'paragraph', text: [{ strong: 'Note: ' }, `${caution[0].toUpperCase()}${caution.slice(1)}.`] }];
}

function leadLines(data: RunData): string[] {
  const d = description(data.run);
  return d ? [d] : [];
}

function reproduce(data: RunData): Block[] {
  return [
    { kind: 'paragraph', text: ['To reproduce these results, run this with hubsim ', data.run.hubsim, ' and the scenario file below:'] },
    // With the detail files' modes where they are not the defaults, so that the folder is the same, not only its metrics.
    {
      kind: 'command',
      text: `hubsim run ${scenarioFileWord(data)} --seed ${data.run.seed} --replications ${data.run.replications}${precisionWords(data.run.precision)}${['all', 'none'].includes(data.run.sessions) ? ` --sessions ${data.run.sessions}` : ''}${data.run.power === 'all' || data.run.power === 'none' ? ` --power ${data.run.power}` : ''}`,
    },
  ];
}

/**
 * A `--precision` run's options as given, so that the command records what it asked too: from the
 * replications it reached, it stops there again (those it ran before are the same seeds).
 */
function precisionWords(p: PrecisionRecord | undefined): string {
  if (p === undefined) return '';
  const asked = p.metrics.map((m) => ` --precision ${m.metric}=${m.relative ? `${Number((m.value * 100).toPrecision(12))}%` : m.value}`).join('');
  return `${asked} --max-replications ${p.maxReplications}`;
}

/** The scenario file a run was made from, as a command line takes it (its name, where run.json does not say). */
export function scenarioFileWord(data: RunData): string {
  return shellWord(data.run.scenarioFile || `${data.name}.json`);
}

/** The headline metrics (with the battery's and money where modelled), mean and 95 % interval from summary.csv. */
function headlineTable(data: RunData, threshold: number): Block {
  const rows: Cell[][] = [];
  let pastBound = false;
  const fewer = new Map<number, string[]>(); // the rows over fewer replications than ran, by how many, and those over none
  const none: string[] = [];
  const unpeaked: string[] = []; // those no replication defines as no power interval fits in the window
  let unpeakedCharged = false; // among them a charge billed on a peak, or the margin it comes off
  const noInterval = noPowerInterval(data.run);
  const demandCharged = pricesGiven(data.run.scenario.economics).includes('demandCharge');
  for (const metric of headlineFor([data.run])) {
    const s = data.summary.get(metric);
    if (s === undefined) continue;
    const info = metricInfo(metric, threshold);
    if (s.n === 0 && noInterval && onPowerIntervals(metric, demandCharged) && !metric.endsWith('_peak_kw')) unpeakedCharged = true;
    if (s.n === 0) (noInterval && onPowerIntervals(metric, demandCharged) ? unpeaked : none).push(info.label);
    else if (s.n < data.run.replications) fewer.set(s.n, [...(fewer.get(s.n) ?? []), info.label]);
    if (passesBound(info.unit, s.ci95Low, s.ci95High)) pastBound = true;
    const scale = unitScale(info.unit);
    const fit = formatEstimate(s.mean, s.ci95Low, s.ci95High, scale);
    // A mean of trucks that is not whole keeps a decimal however wide its interval, as in a
    // comparison: 159.7 trucks balked (of 169, 152 and 158), not 160.
    const fractional = info.unit === 'trucks' && !isWhole(s.mean);
    const est = fractional && fit.decimals < 1 ? formatEstimate(s.mean, s.ci95Low, s.ci95High, scale, 1) : fit;
    // The numbers beside the metric's name, the CSV column last: it is for the reader who goes on to
    // the files, and between the name and the numbers it put a grey word in the way of every row.
    rows.push([{ text: `${info.label} (${unitLabel(info.unit)})`, sub: info.help }, { text: est.value, num: true }, { text: est.interval, num: true }, { text: { code: metric } }]);
  }
  const one = data.run.replications === 1;
  const note: Inline[] = [
    one ? 'One replication: its value, with no interval (from ' : `Mean over ${formatExact(data.run.replications)} replications and its 95 % confidence interval (from `,
    { code: 'summary.csv' },
    `). ${totalsSentence([data.run])}; shares are in per cent.`,
    // A t interval over a handful of replications is wide, and does not know a share stops at 100 %;
    // nor, over many, does the interval of something rare (0.5 trucks balked: [−0.27, 1.27]).
    data.run.replications > 1 && data.run.replications < FEW_REPLICATIONS
      ? ` With only ${formatExact(data.run.replications)} replications the intervals are wide, and may reach values no run could take (below 0, above 100 %): run more for a closer estimate.`
      : pastBound
        ? ' An interval that reaches below 0 or above 100 % is the t interval of summary.csv, which knows nothing of the bound: it marks a value that varies much between replications, such as a rare event.'
        : '',
    peakBeyondLimit(data),
    // As the terminal says under run's table: a row over fewer replications read as over them all,
    // and a row of dashes gave no reason.
    fewer.size === 0
      ? ''
      : ` A metric that some replications leave undefined (nothing it measures happened in their window: no truck arrived, or none plugged in) is a mean over those that define it (summary.csv's n), ${[...fewer].map(([n, labels]) => `over ${formatExact(n)} of the ${formatExact(data.run.replications)}: ${listed(labels)}`).join('; ')}.`,
    none.length === 0 ? '' : ` – marks a metric no replication defines${fewer.size > 0 ? '' : ', as nothing it measures happened in the window (no truck arrived, or none plugged in)'}: ${listed(none)}.`,
    unpeaked.length === 0 ? '' : ` – marks ${peaksWords(unpeaked.length, unpeakedCharged)} no replication defines, as no ${formatExact(powerInterval(data.run))}-minute power interval lies wholly inside the statistics window: ${listed(unpeaked)}.`,
  ];
  return { kind: 'table', head: ['Metric', { text: 'Mean', num: true }, { text: '95 % interval', num: true }, 'Column'], rows, note };
}

/** What the headline note calls the metrics a missing power interval leaves empty: peaks, or with a demand charge among them, metrics of the peaks. */
function peaksWords(n: number, charged: boolean): string {
  if (!charged) return n === 1 ? 'a peak' : 'peaks';
  return n === 1 ? 'a metric of the peaks (a peak, or a charge billed on one)' : 'metrics of the peaks (a peak, or a charge billed on one)';
}

/**
 * What the headline table says where the interval of the grid's peak reaches past the connection:
 * grid power never passes it, at any instant, but a t interval knows nothing of the limit, and a
 * peak held at the connection in most replications puts its upper end above it. '' otherwise.
 */
function peakBeyondLimit(data: RunData): string {
  const limit = gridLimit(data.run);
  const peak = data.summary.get('grid_peak_kw');
  if (limit === undefined || peak === undefined || !exceeds(peak.ci95High, limit)) return '';
  const upTo = gridLimitVaries(data.run) ? 'its highest, ' : '';
  return ` Grid power never passes the grid connection (${upTo}${formatExact(limit)} kW), yet the interval of its peak reaches ${formatFixed(peak.ci95High, estimateDecimals(peak.mean, peak.ci95Low, peak.ci95High))} kW: the interval knows nothing of the limit.`;
}

/** Whether an interval of a metric in `unit` reaches a value no run could take: below 0 (all but money), above 100 % (a share). */
function passesBound(unit: Unit, low: number, high: number): boolean {
  const signed = unit === 'currency' || unit === 'currency/kWh';
  return (!signed && low < 0 && !isRoundingNoise(low)) || (unit === 'share' && exceeds(high, 1));
}

/** By-hour rows over the whole week (`weekday` = all) of one metric, as points at mid-hour. */
export function hourOfDayPoints(data: RunData, metric: string, scale = 1): Point[] {
  return data.byHour
    .filter((r) => r.weekday === 'all' && r.metric === metric)
    .sort((a, b) => a.hour - b.hour)
    .map((r) => ({ x: r.hour + 0.5, y: r.mean * scale, lo: r.min * scale, hi: r.max * scale }));
}

/** The grid limit as a labelled rule, or none when the connection is unlimited. */
export function gridRule(data: RunData, label = 'Grid connection', color?: string): Rule[] {
  const limit = gridLimit(data.run);
  const upTo = gridLimitVaries(data.run) ? 'up to ' : '';
  return limit === undefined ? [] : [{ axis: 'y', value: limit, label: `${label} ${upTo}${formatExact(limit)} kW`, color }];
}

/**
 * A grid limit given by hour as a step line on an hour-of-day chart, the limit in force held
 * through each hour (a point at its middle, as the curves' are). One given by hour of the week
 * whose days differ is two: its highest and its lowest in each hour over the week's days, between
 * which the limit of any day lies. None for a single limit (drawn as a rule).
 */
export function gridSteps(data: RunData, label = 'Grid connection, by hour', color = TEXT, dashes: StepDashes = STEP_DASHES): Series[] {
  const byHour = gridLimitByHourOfDay(data.run);
  if (byHour === undefined) return [];
  const line = (values: readonly number[], name: string, dash: readonly number[]): Series => ({ label: name, color, dash, step: true, points: values.map((kw, h) => ({ x: h + 0.5, y: kw })) });
  const { low, high } = byHour;
  return sameValues(low, high) ? [line(high, label, dashes.high)] : [line(high, `${label}: highest`, dashes.high), line(low, `${label}: lowest`, dashes.low)];
}

/** The dashes of a connection's step lines: its highest limit in each hour, and its lowest where they differ. */
export interface StepDashes {
  readonly high: readonly number[];
  readonly low: readonly number[];
}

export const STEP_DASHES: StepDashes = { high: [6, 4], low: [8, 3, 2, 3] };

/** Whether two lists of limits hold the same values, hour by hour. */
export function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A rule higher than this many times the highest curve is left off its chart. */
const RULE_REACH = 6;

/**
 * The rules a chart of these curves draws, and words for those it leaves off: a rule far above
 * every curve (a 100,000 kW connection over a site drawing 2,400 kW at most) would stretch the
 * axis to it and flatten the curves against the bottom of the chart.
 */
export function withinReach(rules: readonly Rule[], series: readonly Series[]): { drawn: Rule[]; words: string } {
  const top = Math.max(0, ...series.flatMap((s) => s.points.flatMap((p) => [p.y, p.hi ?? NaN])).filter(Number.isFinite));
  const far = (r: Rule) => r.axis === 'y' && r.value > RULE_REACH * top;
  const left = rules.filter(far);
  const words = left.length === 0 ? '' : ` Not drawn, as more than ${RULE_REACH} times as high as the curves reach (the axis would flatten them): ${left.map((r) => r.label).join('; ')}.`;
  return { drawn: rules.filter((r) => !far(r)), words };
}

/**
 * How a curve's band reads: the range over replications, or none for one; over the `n` of them
 * that define the curve where the others do not (no truck arrived in their windows), which a mean
 * "over replications" read as over all of them.
 */
function spread(data: RunData, n = data.run.replications): string {
  const all = data.run.replications;
  if (all === 1) return 'one replication, so no band';
  if (n >= all || n < 1) return 'mean over replications; band: lowest to highest replication';
  const others = 'no truck arrived in the others\u2019 windows';
  return n === 1 ? `from the one of the ${formatExact(all)} replications that defines it, as ${others}, so no band` : `mean over the ${formatExact(n)} of the ${formatExact(all)} replications that define it, as ${others}; band: lowest to highest of them`;
}

/** The daily load curve's peak line: none where no power interval lies wholly inside the window (grid_peak_kw is then empty). */
function peakLine(data: RunData): Point[] {
  const points = hourOfDayPoints(data, 'grid_peak_kw');
  return points.some((p) => Number.isFinite(p.y)) ? points : [];
}

function dailyLoadChart(data: RunData): Block {
  const reps = formatExact(data.run.replications);
  const limit = gridLimit(data.run);
  // An average over the days hides the busy ones: the peak shows how high the hour goes. None when
  // no power interval lies wholly inside the window (one longer than it), as grid_peak_kw is then
  // empty: the legend and caption would name a line that is not drawn.
  const peak = peakLine(data);
  const idle = idleBattery(data);
  const one = data.run.replications === 1;
  const series: Series[] = [
    { label: 'Grid power', color: PALETTE.blue, points: hourOfDayPoints(data, 'grid_mean_kw') },
    { label: 'Unconstrained demand', color: PALETTE.vermillion, dash: [6, 4], points: hourOfDayPoints(data, 'demand_mean_kw').map(({ x, y }) => ({ x, y })) },
    ...(peak.length > 0 ? [{ label: `Peak ${formatExact(powerInterval(data.run))}-min grid power`, color: PALETTE.purple, dash: [2, 3], points: peak }] : []),
  ];
  // As on the load-duration curve, a limit by hour far above the curves (a hub nearly idle) is not
  // drawn, as a rule would not be: its steps took the axis to it and flattened the curves.
  const steps = withinReach(gridRule(data), series).drawn.length > 0 ? gridSteps(data) : [];
  const { drawn, words } = withinReach([...(steps.length > 0 ? [] : gridRule(data)), ...targetRule(data)], [...series, ...steps]);
  const ruled = limit !== undefined && drawn.some((r) => r.value === limit);
  // A limit by hour is named so, not as a 3,200 kW connection where it gives 2,500 kW by day.
  const connection =
    limit === undefined ? ''
    : steps.length > 1 ? `connection (${gridLimitText(data.run)}: the step lines, its highest and lowest in each hour over the week's days)`
    : steps.length > 0 ? `connection (${gridLimitText(data.run)}: the dashed step line)`
    : gridLimitVaries(data.run) ? `connection (${gridLimitText(data.run)})`
    : `${formatExact(limit)} kW connection${ruled ? ' (dashed rule)' : ''}`;
  const caption: Inline[] = [
    one
      ? 'Mean power the site draws from the grid in each hour of the day, averaged over the days of the statistics window (solid line; one replication, so no band).'
      : `Mean power the site draws from the grid in each hour of the day, averaged over the days of the statistics window (solid line), with the range from the lowest to the highest of the ${reps} replications (band).`,
    ' The dashed line is the unconstrained demand: what the trucks plugged in at each moment would draw if the grid connection did not limit them (more, where it binds, than a larger connection would see: held back, trucks stay plugged in longer)',
    hasBattery(data) && idle !== undefined
      ? `. The site battery never gives power here: ${idle}; grid power lies above the demand only while it charges.`
      : hasBattery(data)
      ? `. The site battery stands between the two: grid power is the trucks' power less what the battery gives, so it lies below the demand where the battery discharges and above it where it charges; a gap is the battery at work${limit === undefined ? '.' : chargersBind(data.run) !== undefined ? `. The ${connection} is no less than all the cabinets and bays can draw together, ${formatExact(chargersBind(data.run)!)} kW, so it never holds charging back.` : `, not only the ${connection} holding charging back.`}`
      : limit === undefined ? ' (here it has none, so the two coincide).'
      : chargersBind(data.run) !== undefined ? ` (here the two coincide: ${chargersLimit(data, `the ${connection}`)}).`
      : `; where it rises above the solid line, the ${connection} holds charging back.`,
    peak.length > 0
      ? ` The dotted line is the peak: the highest ${formatExact(powerInterval(data.run))}-minute mean of grid power in that hour on any day of the window (${one ? 'one replication' : `mean over replications of each one's highest; band: lowest to highest replication`}).`
      : '',
    words,
  ];
  // Flat at 0, the lines and rules the rest of the caption explains are not there to see.
  const flat = nothingDrawn(series);
  return {
    kind: 'chart',
    id: 'daily-load',
    caption: flat ? [caption[0], NO_POWER, undrawnConnection(data)] : caption,
    spec: lineChartSpec({
      description: 'Daily load curve: mean grid power and unconstrained demand by hour of day',
      x: HOUR_AXIS,
      y: flat ? FLAT_KW : KW,
      // (A connection's steps and rules would stand above the axis, named in the legend only.)
      series: flat ? series : [...series, ...steps],
      rules: flat ? [] : drawn,
    }),
    data: curveTable(HOUR_ROWS, columns(data, flat ? series : [...series, ...steps], 'kW', 0)),
  };
}

/** A line chart's curves as its data table's columns, with their bands where there are several replications. */
export function columns(data: RunData, series: readonly Series[], unit: string, decimals: number, scale = 1): CurveColumn[] {
  return series.map((s) => ({ name: s.label, unit, points: s.points, decimals, scale, band: data.run.replications > 1 }));
}

/**
 * Where the connection is no less than all the chargers can draw (a shared-cabinet hub whose
 * connection is its cabinets' total; see chargersBind): that it never holds charging back, so that
 * a flat top of grid power at it is not read as the connection's limit, which a larger one would
 * lift. `connection`: how the caption names it.
 */
function chargersLimit(data: RunData, connection: string): string {
  const total = chargersBind(data.run)!;
  const size = gridLimit(data.run) === total && !gridLimitVaries(data.run) ? 'as large as' : 'no less than';
  return `${connection} is ${size} all the cabinets and bays can draw together, ${formatExact(total)} kW, so it never holds charging back; where grid power runs flat at the top, the cabinets and bays are the limit, which a larger connection alone would not raise`;
}

/**
 * Why the site battery never gives power, where it does not: without a peak-shaving target, a
 * connection that never holds charging back leaves it nothing to top up; with one, a target no
 * lower than all the cabinets and bays draw together is never passed. Undefined where it may.
 */
function idleBattery(data: RunData): string | undefined {
  const target = siteBattery(data.run)?.targetKw;
  const total = chargersKw(data.run);
  if (target === undefined) return chargersBind(data.run) !== undefined ? `the connection never holds charging back (it is no less than the ${formatExact(chargersBind(data.run)!)} kW all the cabinets and bays can draw together), so it has nothing to top up` : undefined;
  // The target in force is the lower of it and the limit in force: an hour whose limit is below
  // what the cabinets draw gives the battery work (chargersBind: the limit at its lowest is not).
  const neverPassed = total !== undefined && target >= total && (gridLimit(data.run) === undefined || chargersBind(data.run) !== undefined);
  return neverPassed ? `its ${formatExact(target)} kW target is no lower than the ${formatExact(total)} kW all the cabinets and bays can draw together, so the site never draws more than it` : undefined;
}

/** Whether the scenario has a site battery, whose power lies between the trucks' demand and the grid draw. */
function hasBattery(data: RunData): boolean {
  return siteBattery(data.run) !== undefined;
}

/** A peak-shaving battery's target as a labelled rule, when it lies below the connection (else the connection is its target). */
export function targetRule(data: RunData, label = 'Peak-shaving target', color: string = PALETTE.green): Rule[] {
  const target = siteBattery(data.run)?.targetKw;
  return target === undefined ? [] : [{ axis: 'y', value: target, label: `${label} ${formatExact(target)} kW`, color }];
}

/** The battery axis: its power, signed as in power.csv. */
export const BATTERY_KW: Axis = { title: 'Battery power (kW)', format: ',.0f' };

/** The site battery's power over the day, where the run has a battery (and by-hour.csv has its power). */
function batteryChart(data: RunData): Block[] {
  const battery = siteBattery(data.run);
  const points = hourOfDayPoints(data, 'battery_kw_mean');
  if (battery === undefined || points.length === 0) return [];
  const rated = battery.powerKw;
  const idle = idleBattery(data);
  const line: Series = { label: 'Battery power', color: PALETTE.green, points };
  return [
    {
      kind: 'chart',
      id: 'battery-day',
      caption: [
        `Mean power of the site battery in each hour of the day, averaged over the days of the statistics window (line; ${spread(data)}). Above zero it gives the site power, so that the grid supplies less than the trucks draw; below zero it charges, and the grid supplies more. `,
        idle !== undefined
          ? `It gives no power: ${idle}; it only charges from what the trucks leave.`
          : battery.targetKw !== undefined
          ? `It shaves peaks: it gives power only while the site would draw more than ${formatExact(battery.targetKw)} kW (the green rule on the daily load ${loadDurationDrawn(data) ? 'and load-duration curves' : 'curve'})${battery.connectionLowerAtTimes ? ', or than the grid connection in the hours it is lower' : ''}, and charges only below that.${peakLine(data).length > 0 ? ' Whether it holds that target on the busiest days, the peak line there shows.' : ''}`
          : 'It tops up a connection that binds, and charges from whatever the trucks leave of it.',
        rated === undefined ? '' : ` It is rated at ${formatExact(rated)} kW either way.`,
        ' An hour averaged over many days hides the days it ran empty or full: the headline table gives what it gave and took over the window.',
      ],
      spec: lineChartSpec({
        description: 'Site battery power by hour of day',
        x: HOUR_AXIS,
        y: BATTERY_KW,
        series: [line],
        rules: [{ axis: 'y', value: 0, label: 'Idle', color: PALETTE.grey }],
        height: 220,
      }),
      data: curveTable(HOUR_ROWS, columns(data, [line], 'kW', 0)),
    },
    ...socChart(data),
  ];
}

/** The battery's state-of-charge axis: a share of its capacity. */
export const SOC_AXIS: Axis = { title: 'Stored energy (of capacity)', format: '.0%', domain: [0, 1] };

/** The site battery's state of charge over the day, where by-hour.csv has it. */
function socChart(data: RunData): Block[] {
  const points = hourOfDayPoints(data, 'battery_soc_mean');
  if (points.length === 0 || points.every((p) => !Number.isFinite(p.y))) return [];
  const line: Series = { label: 'Stored energy', color: PALETTE.green, points };
  // A greedy battery (or one whose target is never below the connection) shaves no peak: it tops up a connection that binds.
  const shaves = siteBattery(data.run)?.targetKw !== undefined;
  return [
    {
      kind: 'chart',
      id: 'battery-soc',
      caption: [
        `The site battery's stored energy in each hour of the day, as a share of its capacity, averaged over the days of the statistics window (line; ${spread(data)}). `,
        idleBattery(data) !== undefined
          ? 'Giving no power, it only charges, and stays full once it is.'
          : shaves
          ? 'Where it sits near zero at the busy hours, it has run out before the peak it was meant to shave: a larger battery, or an earlier refill, would shave more.'
          : 'Where it sits near zero at the busy hours, it has run out while the connection still held charging back: a larger battery would top the connection up for longer.',
      ],
      spec: lineChartSpec({ description: 'Site battery state of charge by hour of day', x: HOUR_AXIS, y: SOC_AXIS, series: [line], height: 220 }),
      data: curveTable(HOUR_ROWS, columns(data, [line], '% of capacity', 1, 100)),
    },
  ];
}

/**
 * Whether the run has a load-duration curve to draw. It is built from the interval means wholly
 * inside the window: with an interval longer than the window there are none, and an empty chart
 * would show an axis "from NaN to NaN".
 */
function loadDurationDrawn(data: RunData): boolean {
  return data.loadDuration.some((r) => r.metric === 'grid_kw' && Number.isFinite(r.mean));
}

function loadDurationChart(data: RunData): Block {
  const points = (metric: string, band: boolean): Point[] =>
    data.loadDuration
      .filter((r) => r.metric === metric)
      .sort((a, b) => a.shareOfTime - b.shareOfTime)
      .map((r) => (band ? { x: r.shareOfTime, y: r.mean, lo: r.min, hi: r.max } : { x: r.shareOfTime, y: r.mean }));
  const interval = powerInterval(data.run);
  const idle = idleBattery(data);
  if (!loadDurationDrawn(data)) {
    return {
      kind: 'paragraph',
      text: [
        `No load-duration curve: no ${formatExact(interval)}-minute interval (`,
        { code: 'output.powerIntervalMin' },
        ') lies wholly inside the statistics window, so there is no interval mean to rank, and no peak (',
        { code: 'grid_peak_kw' },
        ' is empty too). A shorter interval gives both.',
      ],
    };
  }
  const series: Series[] = [
    { label: 'Grid power', color: PALETTE.blue, points: points('grid_kw', true) },
    { label: 'Unconstrained demand', color: PALETTE.vermillion, dash: [6, 4], points: points('demand_kw', false) },
  ];
  const limit = limitDuration(data, series);
  // A peak-shaving battery's target, as on the daily load curve: where grid power runs flat along
  // it, the battery held the peak there.
  const target = targetRule(data);
  const { drawn, words } = withinReach([...limit.rules, ...target], [...series, ...limit.series]);
  const flat = nothingDrawn(series);
  const caption: Inline[] = [
    `Load-duration curve: the share of the statistics window during which the site draws at least a given power, from ${formatExact(interval)}-minute averages (${spread(data)}). At the left end is the peak, at the right end the quietest interval.`,
    ' ',
    hasBattery(data) && idle !== undefined
      ? `Grid power is net of the site battery, which gives no power here (${idle}): it lies above the demand only where the battery charges.`
      : hasBattery(data)
      ? siteBattery(data.run)?.targetKw !== undefined
        ? `Grid power is net of the site battery: where it lies below the demand curve the battery is shaving the peaks${gridLimit(data.run) === undefined || chargersBind(data.run) !== undefined ? '' : ' (or the connection binds)'}, and it can lie above the demand where the battery charges.${drawn.some((r) => target.includes(r)) ? ' Where it runs flat along the green rule, the battery held the peak at its target.' : ''}`
        : // A battery without a target below the connection shaves nothing: it tops up a connection that binds.
          'Grid power is net of the site battery: where it lies below the demand curve the connection binds, and the battery gives the trucks some of what it holds back; it can lie above the demand where the battery charges.'
      : chargersBind(data.run) === undefined
        ? 'Where the demand curve lies above grid power, the connection is the constraint.'
        : `Grid power and the demand coincide: ${chargersLimit(data, 'the connection')}.`,
    limit.words,
    words,
  ];
  return {
    kind: 'chart',
    id: 'load-duration',
    caption: flat ? [caption[0], NO_POWER, undrawnConnection(data)] : caption,
    spec: lineChartSpec({
      description: limit.series.length > 0 ? 'Load-duration curve of grid power, unconstrained demand and the grid connection given by hour' : 'Load-duration curve of grid power and unconstrained demand',
      x: { title: 'Share of time at or above this power', format: '.0%', domain: [0, 1], values: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] },
      y: flat ? FLAT_KW : KW,
      series: flat ? series : [...series, ...limit.series],
      rules: flat ? [] : drawn,
    }),
    data: curveTable({ title: 'Share of time at or above this power (%)', label: percentLabel }, columns(data, flat ? series : [...series, ...limit.series], 'kW', 0)),
  };
}

/**
 * The grid connection on the load-duration curve. A constant one is a rule. One given by hour is
 * lower than its highest at some hours, so a rule at its highest would claim room that is not
 * there: it is its own duration curve, its mean over each power interval ranked from highest to
 * lowest at the same shares of time (see gridLimitDuration); or, where it cannot be ranked (the
 * statistics window not known, or too many intervals of a fractional width), its highest and
 * lowest as two rules. A curve that would flatten the others (see withinReach) is left off, as its
 * rule would be.
 */
function limitDuration(data: RunData, power: readonly Series[]): { series: Series[]; rules: Rule[]; words: string } {
  const byHour = gridLimitByHourOfDay(data.run);
  if (byHour === undefined) return { series: [], rules: gridRule(data), words: '' };
  const [high, low] = [Math.max(...byHour.high), Math.min(...byHour.low)];
  const shares = power[0].points.map((p) => p.x);
  const ranked = gridLimitDuration(data.run, shares);
  if (ranked === undefined) {
    return {
      series: [],
      rules: [
        { axis: 'y', value: high, label: `Grid connection by hour: highest ${formatExact(high)} kW` },
        { axis: 'y', value: low, label: `Grid connection by hour: lowest ${formatExact(low)} kW` },
      ],
      words: ' The grid connection is given by hour: the dashed rules mark its highest and its lowest value, between which the limit in force lies.',
    };
  }
  const curve: Series = { label: 'Grid connection, by hour (ranked)', color: TEXT, dash: [6, 4], points: shares.map((x, i) => ({ x, y: ranked[i] })) };
  if (withinReach(gridRule(data), power).drawn.length === 0) return { series: [], rules: gridRule(data), words: '' };
  return {
    series: [curve],
    rules: [],
    words:
      ` The grid connection is given by hour (${formatExact(low)} to ${formatExact(high)} kW): the black dashed line is its own duration curve, its mean over each ${formatExact(powerInterval(data.run))}-minute interval ranked from highest to lowest,` +
      ' the share of the window during which it allows at least a given power. Each curve is ranked on its own, so the points of two curves at the same share need not be the same interval;' +
      ' grid power stays at or under this curve, as no interval draws more than its own limit.',
  };
}

/**
 * What values given per cell or per bar are over: one replication, every replication, or, where some
 * define only some values (no truck of that hour or type in them), the fewest that define one, which
 * "mean over replications" would read as all of them. `each`: what a value is (a cell); `what`: why
 * the other replications do not define it.
 */
function meansOver(data: RunData, rows: readonly Stat[], each: string, what: string): string {
  const all = data.run.replications;
  if (all === 1) return 'one replication';
  const counts = rows.filter((r) => Number.isFinite(r.mean) && r.n >= 1).map((r) => r.n);
  const fewest = counts.length > 0 ? Math.min(...counts) : all;
  return fewest >= all ? 'mean over replications' : `mean over the replications that define each ${each}, as few as ${formatExact(fewest)} of the ${formatExact(all)}, ${what}`;
}

function weekHeatMaps(data: RunData, threshold: number): Block[] {
  const cells = (metric: string): HeatCell[] =>
    data.byHour.filter((r) => r.weekday !== 'all' && r.metric === metric).map((r) => ({ row: r.weekday, hour: r.hour, value: r.mean }));
  const floor = serviceFloor(data);
  const over = (metric: string) => meansOver(data, data.byHour.filter((r) => r.weekday !== 'all' && r.metric === metric), 'cell', 'as no truck arrived in that hour in the others');
  const occupancy: HeatMap = {
    description: 'Bay occupancy by weekday and hour of day',
    cells: cells('bay_occupancy'),
    rows: WEEKDAYS,
    legend: 'Bays occupied',
    format: '.0%',
    domain: [0, 1],
    scheme: 'blues',
  };
  const service: HeatMap = {
    description: 'Service level by weekday and hour of arrival',
    cells: cells('service_level'),
    rows: WEEKDAYS,
    legend: `Within ${formatExact(threshold)} min`,
    format: '.0%',
    domain: [floor, 1],
    scheme: 'oranges',
    reverse: true,
  };
  return [
    {
      kind: 'chart',
      id: 'occupancy-week',
      caption: [
        `Bay occupancy: the time-average share of bays with a truck plugged in, by weekday and hour of day (${over('bay_occupancy')}; grey cells marked –: hours the statistics window does not reach).`,
        // A maintenance window at the busy hour shows as its emptiest cells.
        hasOutages(data.run) ? ' A bay out of service (failed, or in a maintenance window) has no truck plugged in, so it counts as unoccupied here: the headline table gives the bays\u2019 availability.' : '',
      ],
      spec: heatMapSpec(occupancy),
      data: heatTable(occupancy, '% of bays', 100, 1),
    },
    {
      kind: 'chart',
      id: 'service-week',
      caption: [
        `Service level by the hour trucks arrive: the share of trucks arriving in that hour that plugged in within ${formatExact(threshold)} minutes (${over('service_level')}). The darker the cell, the lower the service level: the more of its trucks waited longer than that or gave up; grey cells marked –: no truck arrived in that hour in any replication, or the statistics window does not reach it.`,
        // Fitted to this run's worst hour: the same colour means different levels in two reports.
        floor > 0 ? ` The colour scale starts at ${formatPercent(floor, 0)}, not 0: compare two reports by the legend's numbers, not by colour.` : '',
      ],
      spec: heatMapSpec(service),
      data: heatTable(service, `% within ${formatExact(threshold)} min`, 100, 1),
    },
  ];
}

/** The colour scale's low end for service level: 0, or a round 10 % step below the worst cell. */
function serviceFloor(data: RunData): number {
  const values = data.byHour.filter((r) => r.metric === 'service_level' && Number.isFinite(r.mean)).map((r) => r.mean);
  const worst = values.length ? Math.min(...values) : 0;
  return Math.max(0, Math.floor(worst * 10 - 1e-9) / 10);
}

/**
 * Where the wait CDF stops rising (it runs on to the file's last wait, 480 min, flat), but not
 * before the service threshold, and its points to there.
 */
export function waitCdfPoints(rows: readonly WaitStat[], threshold = 0): { points: Point[]; until: number; last: number } {
  const all = rows.filter((r) => r.metric === WAIT_CDF_METRIC).sort((a, b) => a.waitMin - b.waitMin);
  const last = all.length ? all[all.length - 1].waitMin : 0;
  // A curve undefined throughout (no truck arrived) never levels off, and has nothing to show: it
  // stretched a comparison's wait axis to the file's 480 min, the other curve squeezed into its start.
  const cdf = all.filter((r) => Number.isFinite(r.mean));
  const final = cdf.length ? cdf[cdf.length - 1] : undefined;
  let until = final ? last : 0;
  if (final) {
    const flat = cdf.find((r) => r.waitMin >= 60 && final.mean - r.mean < 0.001);
    if (flat) until = Math.min(last, Math.ceil(flat.waitMin / 30) * 30);
  }
  // A threshold past the curve's end (120 min where it levels off by 60) put its rule and the
  // service level's point outside the chart, beside it: the axis runs a step past it, for their labels.
  if (threshold > 0) until = Math.max(until, (Math.floor(threshold / 30) + 1) * 30);
  return { points: cdfUpTo(rows, until), until, last };
}

/**
 * The share of the arrivals that plugged in after waiting past wait-cdf.csv's last minute (480):
 * the curve ends that far below the share served (`servedShare`, served_share's mean). 0 where it
 * is under 0.05 %, which the means' rounding may leave.
 */
export function pastLastMinute(rows: readonly WaitStat[], servedShare: number): { last: number; share: number } {
  const cdf = rows.filter((r) => r.metric === WAIT_CDF_METRIC && Number.isFinite(r.mean)).sort((a, b) => a.waitMin - b.waitMin);
  if (cdf.length === 0 || !Number.isFinite(servedShare)) return { last: NaN, share: 0 };
  const end = cdf[cdf.length - 1];
  const share = servedShare - end.mean;
  return { last: end.waitMin, share: share >= 0.0005 ? share : 0 };
}

/** The rows of a wait CDF's data table: a wait in minutes. */
export const WAIT_ROWS = { title: 'Wait from arrival to plug-in (min)', label: (x: number) => formatExact(x) };

/** The wait axis to `until` minutes, ticks at round steps (5, 10, 15, 30 or 60 minutes). */
export function waitAxis(until: number): Axis {
  const step = [5, 10, 15, 30, 60].find((s) => until / s <= 12) ?? 120;
  const values: number[] = [];
  for (let v = 0; v <= until; v += step) values.push(v);
  return { title: 'Wait from arrival to plug-in (min)', domain: [0, until], values };
}

/** The wait CDF's points (mean, band min–max) up to `until` minutes. */
export function cdfUpTo(rows: readonly WaitStat[], until: number): Point[] {
  return rows
    .filter((r) => r.metric === WAIT_CDF_METRIC && r.waitMin <= until)
    .sort((a, b) => a.waitMin - b.waitMin)
    .map((r) => ({ x: r.waitMin, y: r.mean, lo: r.min, hi: r.max }));
}

/** The lower end of a share axis: 0, or a round 10 % step below everything plotted when that is high. */
export function shareFloor(points: readonly Point[]): number {
  const lows = points.flatMap((p) => [p.y, p.lo ?? p.y]).filter(Number.isFinite);
  const low = lows.length ? Math.min(...lows) : 0;
  const floor = Math.floor(low * 10 - 1e-9) / 10;
  return floor >= 0.5 ? floor : 0;
}

/**
 * Whether a share lies so near the top of an axis from `floor` to 100 % that a label below it would
 * run into the threshold rule's label there: such a point's label goes to the rule's left.
 */
export function nearTop(share: number, floor: number): boolean {
  return 1 - share < 0.06 * (1 - floor);
}

/**
 * Whether a share lies so near the bottom of an axis from `floor` to 100 % that a label below it
 * would run into the wait axis's tick labels (a service level of 0 where every truck balked): such
 * a point's label goes above it.
 */
export function nearBottom(share: number, floor: number): boolean {
  return share - floor < 0.06 * (1 - floor);
}

function waitCdfChart(data: RunData, threshold: number): Block {
  const { points, until, last } = waitCdfPoints(data.waitCdf, threshold);
  // The gap is the trucks that never plugged in, 1 − served_share (the curve's end, but for waits
  // past the last minute drawn), split between balking and reneging in the ratio of their mean
  // counts: the parts then add up to the whole, as each replication's do. Dividing the mean counts
  // by the mean arrivals instead (a ratio of means, not the mean of the shares) gave parts that did
  // not: "never plugged in: 4.1 % (balked 0.0 %, reneged 4.2 %)".
  const servedShare = data.summary.get('served_share')?.mean ?? NaN;
  const served = Number.isFinite(servedShare) ? servedShare : points.length ? points[points.length - 1].y : NaN;
  const count = (metric: string) => data.summary.get(metric)?.mean ?? NaN;
  const gaveUp = count('trucks_balked') + count('trucks_reneged');
  const part = (metric: string) => (gaveUp > 0 ? ((1 - served) * count(metric)) / gaveUp : gaveUp === 0 ? 0 : NaN);
  const balked = part('trucks_balked');
  const reneged = part('trucks_reneged');
  const floor = shareFloor(points);
  const level = data.summary.get('service_level');
  // No truck arrived in any replication: no curve, gap or point is drawn, and none is described.
  const drawn = points.some((p) => Number.isFinite(p.y)) || Number.isFinite(served);
  // Waits past the file's last minute: the curve stops short of the share served, by trucks that
  // did plug in, and the gap between is no one's that balked or reneged.
  const past = pastLastMinute(data.waitCdf, servedShare);
  const ends =
    past.share > 0
      ? `The curve ends ${formatPercent(past.share)} below the share served (${formatPercent(served)}): that many of the arrivals plugged in after waiting more than ${formatExact(past.last)} min, the file's last minute. The shaded gap above the share served is the trucks that never plugged in: `
      : 'The curve levels off at the share served; the shaded gap above it is the trucks that never plugged in: ';
  const caption: Inline[] = drawn
    ? [
        `Share of all trucks arriving in the statistics window that had plugged in within a given wait (${spread(data, Math.max(0, ...data.waitCdf.map((s) => s.n)))}). ${ends}`,
        `${formatPercent(balked)} balked (found the queue full) and ${formatPercent(reneged)} reneged (gave up waiting). The point marks the service level at the ${formatExact(threshold)}-minute threshold.`,
        until < last ? ` The curve is shown to ${formatExact(until)} min; it rises by less than 0.1 percentage points after that (the file runs to ${formatExact(last)} min).` : '',
        floor > 0 ? ` The vertical axis starts at ${formatPercent(floor, 0)}.` : '',
      ]
    : [`Share of all trucks arriving in the statistics window that had plugged in within a given wait: no truck arrived in the statistics window${data.run.replications === 1 ? '' : ' in any replication'}, so there is no wait to show. The dashed rule marks the ${formatExact(threshold)}-minute service threshold.`];
  const series: Series[] = [{ label: data.name, color: PALETTE.blue, points }];
  return {
    kind: 'chart',
    id: 'wait-cdf',
    caption,
    data: curveTable(WAIT_ROWS, columns(data, [{ ...series[0], label: 'Plugged in within that wait' }], '% of arrivals', 1, 100)),
    spec: lineChartSpec({
      description: 'Wait-time distribution over all arriving trucks',
      x: waitAxis(until),
      y: { title: 'Plugged in within that wait (of arrivals)', format: '.0%', domain: [floor, 1] },
      series,
      rules: [{ axis: 'x', value: threshold, label: `${formatExact(threshold)} min`, color: PALETTE.grey }],
      shades: Number.isFinite(served) ? [{ x: [0, until], y: [served, 1], label: `Never plugged in: ${formatPercent(1 - served)} (balked ${formatPercent(balked)}, reneged ${formatPercent(reneged)})`, color: PALETTE.vermillion }] : [],
      markers: level && Number.isFinite(level.mean) ? [{ x: threshold, y: level.mean, label: `Service level ${formatPercent(level.mean)}`, place: nearTop(level.mean, floor) ? 'above-left' : nearBottom(level.mean, floor) ? 'above-right' : undefined }] : [],
    }),
  };
}

function queueChart(data: RunData): Block {
  const points = hourOfDayPoints(data, 'queue_mean');
  const line: Series = { label: 'Trucks waiting', color: PALETTE.purple, points };
  // No queue at all: an axis of one tick, 0, in the middle of the chart, said nothing.
  const none = nothingDrawn([line]);
  return {
    kind: 'chart',
    id: 'queue-day',
    caption: [
      `Mean number of trucks waiting for a bay in each hour of the day, averaged over the days of the statistics window (line${data.run.replications === 1 ? '; one replication, so no band' : `; band: lowest to highest of the ${formatExact(data.run.replications)} replications`}).`,
      none ? ' No truck waited for a bay at any hour.' : '',
    ],
    spec: lineChartSpec({
      description: 'Queue length by hour of day',
      x: HOUR_AXIS,
      y: { title: 'Trucks waiting (mean)', format: ',.2~f', ...(none ? { domain: [0, 1] as const } : {}) },
      series: [line],
      height: 220,
    }),
    data: curveTable(HOUR_ROWS, columns(data, [{ ...line, label: 'Queue' }], 'trucks waiting', 2)),
  };
}

/** The per-fleet panels of one or more scenarios: service level, mean wait, energy delivered and unmet. */
export function fleetPanels(scenarios: readonly RunData[], threshold: number, metrics: readonly string[] = FLEET_METRICS, labels = scenarios.map((d) => d.name)): BarPanel[] {
  return metrics.map((metric) => {
    const info = metricInfo(metric, threshold);
    // Energy over a month runs to hundreds of thousands of kWh: MWh reads better.
    const mwh = info.unit === 'kWh';
    const scale = mwh ? 1 / 1000 : 1;
    const unit = mwh ? 'MWh' : info.unit === 'share' ? `% within ${formatExact(threshold)} min` : unitLabel(info.unit);
    const share = info.unit === 'share';
    // Every quantity here is at least 0, and a share at most 1: a t interval over few replications
    // can reach past them, and its whisker is cut there (the caption says so).
    // In a comparison, a type that only one side has: the other side's slot said nothing.
    const every = [...new Set(scenarios.flatMap((d) => d.byFleet.filter((r) => r.metric === metric).map((r) => r.fleet)))];
    const values = scenarios.flatMap((d, i) => {
      const noTrucks = new Set(d.byFleet.filter((r) => r.metric === 'trucks_arrived' && r.mean === 0).map((r) => r.fleet));
      const own = new Set(d.byFleet.map((r) => r.fleet));
      const absent = every.filter((f) => !own.has(f)).map((f) => ({ category: f, series: labels[i], mean: NaN, lo: NaN, hi: NaN, missing: 'not in its fleet' }));
      return d.byFleet
        .filter((r) => r.metric === metric)
        .map((r) =>
          // A type of which no truck arrived has no bar in any panel, not one of zero energy: it says so instead.
          noTrucks.has(r.fleet)
            ? { category: r.fleet, series: labels[i], mean: NaN, lo: NaN, hi: NaN, missing: 'no trucks arrived' }
            : {
                category: r.fleet,
                series: labels[i],
                mean: denoise(r.mean) * scale,
                lo: Math.max(0, denoise(r.ci95Low)) * scale,
                hi: (share ? Math.min(1, r.ci95High) : denoise(r.ci95High)) * scale,
                missing: metric === 'wait_mean_min' ? 'none plugged in' : undefined,
              },
        )
        .concat(absent);
    });
    return { title: `${info.label} (${unit})`, axis: share ? { title: null, format: '.0%', domain: [0, 1] } : { title: null, format: ',.3~r' }, values };
  });
}

/**
 * 0 for a value that is rounding noise: energy not delivered of 10⁻¹¹ kWh, where every truck was
 * charged, drew bars as long as any on an axis up to 0.0000000000000018 MWh.
 */
function denoise(x: number): number {
  return isRoundingNoise(x) ? 0 : x;
}

const FLEET_METRICS = ['service_level', 'wait_mean_min', 'energy_delivered_kwh', 'energy_unmet_kwh'];

/** Where some replications define only some of a fleet chart's bars (of `metrics`): over how many; else ''. */
export function fleetOver(data: RunData, metrics: readonly string[] = FLEET_METRICS): string {
  const rows = data.byFleet.filter((r) => metrics.includes(r.metric));
  const over = meansOver(data, rows, 'bar', 'as no truck of that type arrived, or plugged in, in the others');
  return over === 'mean over replications' ? '' : over;
}

function fleetChart(data: RunData, threshold: number): Block {
  const days = windowDays(data.run);
  const bars: BarPanels = {
    description: 'Results per fleet type',
    panels: fleetPanels([data], threshold),
    categories: fleetNames(data),
    series: [{ label: data.name, color: PALETTE.blue }],
  };
  return {
    kind: 'chart',
    id: 'fleet',
    caption: [
      `Per fleet type: service level (plugged in within ${formatExact(threshold)} min, of all trucks of that type arriving), mean wait of those that plugged in, and energy delivered and not delivered over the ${days === undefined ? '' : `${formatExact(days)}-day `}statistics window. ${data.run.replications === 1 ? 'Bars are the one replication\'s values (no interval).' : `Bars are means over replications, whiskers their 95 % confidence intervals, cut at 0 and, for the service level, at 100 %${fleetOver(data) && ` (${fleetOver(data)})`}.`}`,
    ],
    spec: barPanelsSpec(bars),
    data: barTable(bars, 'Fleet type'),
  };
}
