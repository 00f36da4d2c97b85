// The report of a design sweep: each metric against the first swept parameter, one line per
// combination of the others, the chosen design ringed; then every design's numbers.
import { SimulationError } from '../errors.js';
import { frontierSpec, onTick, PALETTE, percentDecimals, valueDecimals, SHAPES, type Axis, type FrontierPoint } from './charts.js';
import type { SweepData, SweepRow } from './data.js';
import { exceeds, formatEstimate, formatExact, formatNumber, formatFixed, formatPercent, MAX_DECIMALS, MISSING, sideDecimals } from './format.js';
import { isTotal, metricInfo, unitLabel, unitScale, type Unit } from './metrics.js';
import { paramTitle, withUnit } from './inputs.js';
import type { Block, Cell, Inline, ReportDoc } from './page.js';
import { MAX_WAITING } from '../model/simulate.js';
import { OUTPUT_DEFAULTS, type Horizon } from '../scenario/types.js';
import { counted, listed as inWords, totalsOver, windowKey, windowLength, windowTexts } from '../words.js';

/**
 * The series' colours in the order series take them: those at 3:1 or more on white (WCAG's contrast
 * for marks) first, so that a sweep of up to six series draws none lighter; orange and sky blue, at
 * 2.3:1, only from the seventh, where the point shapes tell series apart too.
 */
const SERIES_COLORS = [PALETTE.blue, PALETTE.vermillion, PALETTE.green, PALETTE.purple, PALETTE.black, PALETTE.brown, PALETTE.orange, PALETTE.sky];

/**
 * The colour and point shape of the i-th series. Both go round in turn, so that each of the first
 * eight series has a colour and a shape of its own (orange and sky blue, the seventh and eighth,
 * are told from the others by shape too); after that the shapes move on by one each round, so the
 * 64 pairs there are all come once before any comes again.
 */
export function seriesStyle(i: number): { color: string; shape: string } {
  const round = SERIES_COLORS.length * SHAPES.length / gcd(SERIES_COLORS.length, SHAPES.length);
  return { color: SERIES_COLORS[i % SERIES_COLORS.length], shape: SHAPES[(i + Math.floor(i / round)) % SHAPES.length] };
}

/** How many series seriesStyle tells apart: every pair of a colour and a shape, before any comes again. */
const DISTINCT_STYLES = SERIES_COLORS.length * SHAPES.length;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** What a sweep report says about the sweep beyond its rows. */
export interface SweepMeta {
  readonly title: string;
  readonly lede?: readonly string[];
  /** Header facts, e.g. seed and replications per design. */
  readonly facts: readonly (readonly [string, string])[];
  /** hubsim's version. */
  readonly generator: string;
  /** Whether run.json names no version (see ReportDoc.unversioned). */
  readonly unversioned?: boolean;
  /** Minutes of the service threshold, for labels (15 when absent). */
  readonly thresholdMin?: number;
  /** Replications per design (a sizing's: at least), to say why no design has an interval. */
  readonly replications?: number;
  /** What the whiskers are (default: 95 % confidence intervals). */
  readonly whiskers?: string;
  /** Horizontal rules per metric, e.g. a sizing's targets. */
  readonly rules?: Readonly<Record<string, readonly { readonly value: number; readonly label: string }[]>>;
  /** For a parameter whose values are not numbers, its values in order: value k in the rows stands for the k-th (from 1). */
  readonly labels?: Readonly<Record<string, readonly string[]>>;
  /** Only some designs were run (a sizing's search): points are not joined across the values skipped. */
  readonly searched?: boolean;
  /** A first section that answers the question the designs were run for (a sizing's answers). */
  readonly answer?: readonly Block[];
  /** A sizing's: the most replications a design may run, so that the table can say a design was stopped there. */
  readonly maxReplications?: number;
  /**
   * The designs a sizing's answers rest on, answer by answer along the second parameter: past
   * MAX_LISTED designs the table lists these (as many as it can), where a sweep lists its frontier.
   */
  readonly evidence?: readonly AnswerEvidence[];
  /** The file beside the report that holds every design's numbers (`sweep.csv`), named where the table lists only some. */
  readonly csv?: string;
  /** Each design's horizon, by its number (absent for a folder written before run.json recorded them). */
  readonly windows?: ReadonlyMap<string, Horizon>;
  /** Each design's grid connection, kW, by its number: none for a design without a limit (absent for a folder written before run.json recorded them: then only a swept `hub.gridKw` is known). */
  readonly connections?: ReadonlyMap<string, number>;
}

/**
 * One answer of a sizing as its table of designs takes it: the designs it rests on (the answer's
 * design and the next value down, or the top of a range in which nothing meets), and whether it is
 * a step of the frontier (see sizing.ts's answerEvidence).
 */
export interface AnswerEvidence {
  readonly designs: readonly string[];
  readonly step: boolean;
}

/**
 * Past this many designs the table lists only the designs that matter, and only they get whiskers.
 * A table of 1,000 designs printed on 61 pages and took chromium 2.5 s to lay out, and 1,000
 * whiskers from 2 replications greyed the chart; 200 rows still print on about 12 pages.
 */
export const MAX_LISTED = 200;

/**
 * Past this many designs a sweep's charts draw a point only for the designs the table lists; the
 * lines still pass through every design's mean. A point is about 150 bytes of SVG: at 10,000
 * designs, 1.5 MB per chart, 11 MB for the seven.
 */
export const MAX_MARKED = 1000;

/**
 * The parameters a sweep's charts draw: along the horizontal axis the first that takes more than
 * one value (the first parameter, where none does), a series per combination of the others that
 * do. A parameter with the same value in every design is `fixed`, said in each chart's caption:
 * `--set horizon.days=7`, the way to shorten a sweep, given first stacked every design on one tick,
 * and given later added ", horizon.days 7" to every series' name.
 */
function chartParams(data: SweepData): { x: string; series: string[]; fixed: string[] } {
  const varies = data.params.filter((p) => {
    const first = data.rows[0]?.values[p];
    return data.rows.some((r) => r.values[p] !== first);
  });
  const x = varies[0] ?? data.params[0];
  const fixed = data.rows.length === 0 ? [] : data.params.filter((p) => p !== x && !varies.includes(p));
  return { x, series: varies.filter((p) => p !== x), fixed };
}

/** The metric a sweep's frontier is taken on: the planner's question is a service level. */
const FRONTIER_METRIC = 'service_level';

/**
 * The document of a sweep report: a frontier chart per metric (the metric against `params[0]`,
 * a line per combination of the other parameters, whiskers for 95 % intervals, the chosen design
 * ringed) and a table of every design. Throws SimulationError when `params` is empty.
 */
export function sweepReport(data: SweepData, meta: SweepMeta): ReportDoc {
  if (data.params.length === 0) throw new SimulationError('a sweep needs at least one parameter');
  const threshold = meta.thresholdMin ?? OUTPUT_DEFAULTS.serviceThresholdMin;
  // Why a design has no interval: one replication, or (over more) a metric defined in fewer than two.
  const single = meta.replications === 1;
  const metrics = [...new Set(data.rows.map((r) => r.metric))];
  const { x: xParam, series: others, fixed } = chartParams(data);
  // A parameter of text values is placed on a chart by its position; the legend and the table name the value.
  const shown = (p: string, v: number) => shownValue(meta.labels, p, v);
  // In words, a number carries its unit: a legend's `hub.battery.capacityKwh 1,000` left kW or kWh to a guess.
  const said = (p: string, v: number) => withUnit(p, shown(p, v));
  const fixedText = fixed.map((p) => ` ${p} is ${said(p, data.rows[0].values[p])} in every design.`).join('');
  const seriesOf = (r: SweepRow) => (others.length === 0 ? 'designs' : others.map((p) => `${p} ${said(p, r.values[p])}`).join(', '));
  const seriesLabels = [...new Set(data.rows.map(seriesOf))];
  const series = seriesLabels.map((label, i) => ({ label, ...seriesStyle(i) }));

  // Each design's rows, in the order of their first row, gathered in one pass: searching all rows
  // for each design and metric took minutes for a sweep of 10,000 designs.
  const byDesign = new Map<string, SweepRow[]>();
  for (const r of data.rows) {
    const list = byDesign.get(r.design);
    if (list) list.push(r);
    else byDesign.set(r.design, [r]);
  }
  const listing = listed(byDesign, data.params, meta);
  // Whiskers and points for the listed designs alone, where there are more than that.
  const whiskered = (design: string) => listing === undefined || listing.designs.has(design);
  const marking = listing !== undefined && !meta.searched && byDesign.size > MAX_MARKED;
  const legendless = series.length > DISTINCT_STYLES;
  // Several series at one value are drawn side by side, their whiskers apart.
  const dodged = series.length > 1;
  const windows = statisticsWindows(meta.windows);
  // A parameter of text values along the horizontal axis: its ticks are named by its values, and
  // its points are not joined, as nothing lies between two policies nor orders them.
  const named = meta.labels?.[xParam];
  const joined = !meta.searched && named === undefined;

  const charts: Block[] = metrics.map((metric) => {
    const info = metricInfo(metric, threshold);
    const rows = data.rows.filter((r) => r.metric === metric).sort((a, b) => a.values[xParam] - b.values[xParam]);
    const points: FrontierPoint[] = rows.map((r) => {
      const shown = whiskered(r.design);
      return { series: seriesOf(r), design: r.design, x: r.values[xParam], mean: r.mean, lo: shown ? r.ci95Low : NaN, hi: shown ? r.ci95High : NaN, ...(marking ? { marked: shown } : {}) };
    });
    const chosenRows = rows.filter((r) => data.chosen?.includes(r.design));
    // Rings of answers at one value, in several series (a sizing's smallest bay count, the same for
    // three policies), are drawn a ring's width apart: 6 px apart, three rings read as one smudge.
    const ringsMeet = dodged && new Set(chosenRows.map((r) => r.values[xParam])).size < chosenRows.length;
    const reached = metric === 'grid_peak_kw' ? reachedConnections(rows, meta) : [];
    // Past MAX_CONNECTION_RULES they would stripe the chart: the caption says what they do instead.
    // A target at a connection's value (a sizing's peak target) is drawn once, as the target.
    const targets = meta.rules?.[metric] ?? [];
    const limits = reached.length > MAX_CONNECTION_RULES ? [] : reached.filter((r) => !targets.some((t) => t.value === r.value));
    const rules = [...targets, ...limits];
    const ruleValues = rules.map((r) => r.value);
    // Fitted to the points, the whiskers drawn and the targets: the differences between designs are the point.
    const domain = fitted([...points.flatMap((p) => [p.mean, p.lo, p.hi]), ...ruleValues], info.unit);
    const y: Axis = {
      ...(info.unit === 'share' ? { title: `${info.label} (%)`, format: `.${percentDecimals(domain)}%` } : { title: `${info.label} (${unitLabel(info.unit)})`, format: `,.${valueDecimals(domain)}f` }),
      domain,
    };
    const whole = rows.every((r) => Number.isInteger(r.values[xParam]));
    const xs = [...new Set(rows.map((r) => r.values[xParam]))].sort((a, b) => a - b);
    // Half a step of room at either end, so that the first and last designs stand clear of the
    // axes: half a unit was none for a connection swept in steps of 1,000 kW.
    const half = xs.length > 1 ? Math.min(...xs.slice(1).map((x, i) => x - xs[i])) / 2 : 0.5;
    // One replication gives no design an interval: no whisker, and none in the table.
    const intervals = rows.some((r) => Number.isFinite(r.ci95Low) && Number.isFinite(r.ci95High));
    // The axis ends where values no design can take begin (0, a share's 100 %): a whisker reaching past is cut there.
    const [least, most] = possible(info.unit);
    const cut = points.some((p) => p.lo < least || p.hi > most);
    const cutWords = cut ? `; cut at ${info.unit === 'share' ? '0 and 100 %' : '0'}, which no design can pass: the table gives them in full` : '';
    return {
      kind: 'chart',
      id: `frontier-${metric.replace(/[^a-z0-9-]/gi, '-')}`,
      caption: [
        `${info.label} of each design against ${xParam}${others.length ? `, ${joined ? 'one line' : 'one colour and shape'} per value of ${others.join(' and ')}` : ''} (points: means over replications${
          marking ? `, drawn for the ${formatExact(listing.designs.size)} designs the table lists, the lines passing through every design\u2019s mean` : ''
        }; ${
          intervals
            ? `whiskers: ${meta.whiskers ?? '95 % confidence intervals'}${listing ? `, drawn for the ${formatExact(listing.designs.size)} designs the table lists: for all ${formatExact(byDesign.size)} they would grey the chart` : ''}${cutWords}`
            : `no whiskers: no design here has an interval, as ${single ? 'one replication gives none' : 'none defines it in two replications or more'}`
        }).`,
        dodged
          ? ringsMeet
            ? ` The series are drawn apart sideways, so that ${intervals ? 'their whiskers and ' : ''}the rings of answers at one value do not hide one another: each point belongs to the ${xParam} of the tick nearest it.`
            : ` The series are drawn a few pixels apart sideways${intervals ? ', so that their whiskers do not hide one another' : ''}: each point belongs to the ${xParam} of the tick nearest it.`
          : '',
        // Past MAX_LISTED designs, a sizing over 200 connections named its 200 answers here, a
        // paragraph of numbers: the answer and the table name them already.
        listing !== undefined && chosenRows.length > 1
          ? ringedMany(chosenRows.filter((r) => listing.designs.has(r.design)).length, chosenRows.length)
          : ringed(chosenRows.map((r) => ({ design: r.design, at: `${chosenRows.length === 1 ? xParam : leafName(xParam)} ${said(xParam, r.values[xParam])}` }))),
        // Vega named the first 29 of 300 series and then `…271 entries`; and past DISTINCT_STYLES a
        // series' entry would stand for others that look the same.
        legendless ? ` There is no legend: the ${formatExact(series.length)} series, one per value of ${others.join(' and ')}, are more than the ${DISTINCT_STYLES} pairs of a colour and a shape that tell series apart, and ${listing === undefined ? 'the table gives' : `the table and ${meta.csv ?? 'the output folder\u2019s CSV files'} give`} each design\u2019s values.` : '',
        meta.searched ? ' Points are not joined: the search ran only some values, and nothing is known between them.' : '',
        !meta.searched && named !== undefined ? notJoined(xParam, named) : '',
        fixedText,
        reached.length === 0
          ? ''
          : limits.length === 0
            ? ` Grid power never passes its design\u2019s connection, so a peak that levels off at one is held by it${reached.length > MAX_CONNECTION_RULES ? ` (the ${formatExact(reached.length)} connections the peaks reach are too many to draw)` : ''}.`
            : ` Dashed ${limits.length === 1 ? 'rule marks the grid connection' : 'rules mark the grid connections'} the peaks reach: grid power never passes its design\u2019s connection, so a peak that levels off there is held by it.`,
        joined ? coincidingText(points, xParam) : '',
        // The axis is fitted to the designs: say so where it does not start at 0.
        y.domain !== undefined && y.domain[0] > 0 ? ` The vertical axis starts at ${info.unit === 'share' ? formatPercent(y.domain[0], percentDecimals(y.domain)) : `${formatFixed(y.domain[0], valueDecimals(y.domain))} ${unitLabel(info.unit)}`}.` : '',
        isTotal(metric) ? ` ${totalsOver([info.label], windows.over, windows.days ?? windows.lengths).replace(/'/g, '\u2019')}.` : '',
        valuelessText(valueless(byDesign.keys(), rows)),
      ],
      spec: frontierSpec({
        description: `${info.label} against ${xParam} for every design`,
        // Ticks at the designs' values, whole or not: an axis from 0 put 55.5, 60.5 and 65.5 trucks a day in its last fifth.
        // Past what fits across the chart, Vega-Lite picks them: a tick and grid line at each of 1,000
        // designs washed the plot grey and drew a solid bar under it.
        // Each value with its own decimals (~: no zeros padded on), 60 beside 0.001 not 60.000.
        // Values spread unevenly (a sizing's bisection of 1 to 200 bays visits 6 to 12 and 25, 50,
        // 100, 200) crowd some ticks: those labels are thinned one by one, not every other one.
        x:
          named !== undefined
            ? { title: paramTitle(xParam), values: xs, labelExpr: `${JSON.stringify(named)}[datum.value - 1]`, labelOverlap: 'greedy' as const, domain: [xs[0] - half, xs[xs.length - 1] + half] as const }
            : { title: paramTitle(xParam), format: whole ? ',d' : `,.${Math.max(...xs.map(decimalsOf))}~f`, ...(xs.length <= MAX_X_TICKS ? { values: xs, labelOverlap: 'greedy' as const } : {}), domain: [xs[0] - half, xs[xs.length - 1] + half] as const },
        y,
        points,
        series: series.length > 1 ? series : [{ label: series[0]?.label ?? 'designs', ...seriesStyle(0) }],
        ...(legendless ? { legend: false } : {}),
        // One ring is labelled; several are named in the caption instead, where their labels would
        // collide. The label says "design": a bare "chosen: 6" beside the point at 2 bays read as 6 bays.
        // The value it stands at beside its number, by the parameter's last name: "chosen: design 4"
        // at 7 cabinets read as 4 cabinets.
        chosen: chosenRows.map((r) => ({ x: r.values[xParam], y: r.mean, label: chosenRows.length === 1 ? `chosen: design ${r.design} (${leafName(xParam)} ${said(xParam, r.values[xParam])})` : '', series: seriesOf(r) })),
        ...(dodged ? { dodge: ringsMeet ? RING_PX : DODGE_PX } : {}),
        rules: rules.map((r) => ({ axis: 'y' as const, value: r.value, label: r.label })),
        lines: joined,
      }),
      // The table of designs holds the numbers plotted; past MAX_LISTED designs, the CSV beside the
      // report holds those it leaves out, as a table under each chart would list them all again.
      data: {
        kind: 'see',
        target: 'designs',
        link: 'the table of designs below',
        rest: [
          `, whose column \u201c${info.label} (${unitLabel(info.unit)})\u201d gives each design\u2019s mean${intervals ? `, with ${meta.whiskers ?? 'its 95 % confidence interval'} below it` : single ? ' (one replication gives no interval)' : ' (no design defines it in two replications or more, so none has an interval)'}`,
          ...(listing === undefined
            ? ['.']
            : [`; it lists ${formatExact(listing.designs.size)} of the ${formatExact(byDesign.size)} designs, and `, ...(meta.csv ? [{ code: meta.csv }, ' beside this report holds'] : ['the output folder\u2019s CSV files hold']), ' every design\u2019s numbers.']),
        ],
      },
    };
  });

  // A sizing's rows carry each design's replications and verdicts: the table shows them.
  const judged = data.rows.some((r) => r.verdict !== undefined);
  const tabled = [...byDesign].filter(([design]) => listing === undefined || listing.designs.has(design));
  const tabledRows = tabled.flatMap(([, mine]) => mine);
  const rows: Cell[][] = tabled.map(([design, mine]) => {
    const any = mine[0];
    const cells: Cell[] = [{ text: data.chosen?.includes(design) ? [{ strong: design }, ' (chosen)'] : design }, ...data.params.map((p) => ({ text: shown(p, any.values[p]), num: true }))];
    if (windows.each) cells.push(windows.each.get(design) ?? MISSING);
    if (judged) cells.push({ text: any.replications === undefined ? '–' : formatExact(any.replications), num: true });
    for (const metric of metrics) {
      const r = mine.find((x) => x.metric === metric);
      const info = metricInfo(metric, threshold);
      const scale = unitScale(info.unit);
      const targets = (meta.rules?.[metric] ?? []).map((t) => t.value);
      const est = r ? formatEstimate(r.mean, r.ci95Low, r.ci95High, scale, besideTargets(r, scale, targets)) : undefined;
      cells.push({ text: est ? est.value : '–', sub: est?.interval, num: true });
    }
    if (judged) cells.push(verdictText(designVerdict(mine, design), any.replications, meta.maxReplications));
    return cells;
  });
  const head: Cell[] = [
    'Design',
    ...data.params.map((p) => ({ text: { code: p }, num: true })),
    ...(windows.each ? [WINDOW_COLUMN] : []),
    ...(judged ? [{ text: 'Replications', num: true }] : []),
    ...metrics.map((m) => ({ text: `${metricInfo(m, threshold).label} (${unitLabel(metricInfo(m, threshold).unit)})`, num: true })),
    ...(judged ? ['Verdict'] : []),
  ];
  const overloaded = tabledRows.some((r) => isOverloaded(r.verdict, r.replications));
  // A t bound over few replications can pass what a design could take.
  const beyond = tabledRows.some((r) => {
    const [least, most] = possible(metricInfo(r.metric).unit);
    return r.ci95Low < least || r.ci95High > most;
  });
  // Grid power never passes a design's connection, but a t interval of its peak knows no limit.
  const pastLimit = peaksPastConnection(tabledRows, meta);
  // Counts, energy, cycles and money add up over the statistics window.
  const totals = metrics.filter(isTotal);
  // One replication gives no design an interval, and the table none to show below its means.
  const anyInterval = data.rows.some((r) => Number.isFinite(r.ci95Low) && Number.isFinite(r.ci95High));
  const verdictNote = judged
    ? ` A design meets the targets when, for each, the bound on its side clears the target; it fails when the bound on the other side is beyond it; otherwise it is undecided, and the search doubled its replications, up to the most allowed (--max-replications).${
        overloaded
          ? ` An overloaded design fails whatever its targets, with no results: in some replication its hub could not serve its trucks (a queue past ${formatExact(MAX_WAITING)} trucks, trucks still at the hub a year after the horizon, or waiting for bays never in service; size printed which).`
          : ''
      }`
    : '';
  return {
    title: meta.title,
    lede: meta.lede ?? [],
    facts: windows.fact ? [...meta.facts, ['Statistics window', windows.fact]] : meta.facts,
    sections: [
      ...(meta.answer ? [{ id: 'answer', title: 'Answer', blocks: meta.answer }] : []),
      { id: 'frontier', title: 'Design frontier', blocks: charts },
      {
        id: 'designs',
        title: listing === undefined ? 'Every design' : listing.title,
        blocks: [
          ...(listing === undefined ? [] : [{ kind: 'paragraph' as const, text: listing.says }]),
          {
            kind: 'table',
            head,
            rows,
            note: [
              `${anyInterval ? `Means over replications, with ${meta.whiskers ?? '95 % confidence intervals'} below them` : single ? 'Each design\u2019s values from its one replication, which gives no interval' : 'Means over replications, with no interval: no design defines a metric in two replications or more'}; shares in per cent.${totalsNote(totals, windows.over, windows.days ?? windows.lengths)}${beyond ? BEYOND : ''}${pastLimit}${verdictNote}`,
            ],
          },
        ],
      },
    ],
    generator: meta.generator,
    ...(meta.unversioned ? { unversioned: true } : {}),
  };
}

/**
 * The decimals of a design's estimate, as many more than its precision asks as its bounds need to
 * show their side of each target (at most 8), as the terminal shows them: a lower bound of 0.138141
 * shown as 0.1381 beside "meets margin_per_kwh >= 0.13814" read as a bound below the target.
 */
function besideTargets(r: SweepRow, scale: number, targets: readonly number[]): number {
  // formatFixed rounds as toFixed does, and adds only commas and a minus sign.
  const own = formatEstimate(r.mean, r.ci95Low, r.ci95High, scale).decimals;
  const bounds = [r.ci95Low, r.ci95High].filter(Number.isFinite);
  return Math.max(own, ...bounds.flatMap((b) => targets.map((t) => sideDecimals(b, t, own, MAX_DECIMALS, scale))));
}

/** The designs a table of more than MAX_LISTED lists, its section's title, and what it says it left out. */
interface Listing {
  readonly designs: ReadonlySet<string>;
  readonly title: string;
  readonly says: readonly Inline[];
}

/**
 * Which designs the table lists, when there are more than MAX_LISTED; undefined when it lists them
 * all. A sizing lists the designs its answers rest on. A sweep lists its frontier: the designs that
 * no other design matches or beats in service level with no more of any numeric parameter (and the
 * same value of each other parameter), which are the cheapest designs for the service they give
 * when more bays or power cost more. A frontier of more than MAX_LISTED is cut to those of the
 * highest service level.
 */
function listed(byDesign: ReadonlyMap<string, readonly SweepRow[]>, params: readonly string[], meta: SweepMeta): Listing | undefined {
  const total = byDesign.size;
  if (total <= MAX_LISTED) return undefined;
  const rest = (kept: number): Inline[] => [
    ` The other ${formatExact(total - kept)} are left out here, as a table of them all would be too long to read or print; `,
    ...(meta.csv ? [{ code: meta.csv }, ', beside this report, holds every design\u2019s numbers.'] : ['the output folder\u2019s CSV files hold every design\u2019s numbers.']),
  ];
  if (meta.evidence !== undefined) return sizingListing(byDesign, params, meta.evidence, rest);
  const levels = new Map<string, number>();
  for (const [design, mine] of byDesign) levels.set(design, mine.find((r) => r.metric === FRONTIER_METRIC)?.mean ?? NaN);
  if (![...levels.values()].some(Number.isFinite)) {
    const designs = new Set([...byDesign.keys()].slice(0, MAX_LISTED));
    return {
      designs,
      title: `The first ${formatExact(MAX_LISTED)} designs`,
      says: [`The sweep ran ${formatExact(total)} designs; with no service level to find its frontier by, the table lists the first ${formatExact(MAX_LISTED)}.`, ...rest(MAX_LISTED)],
    };
  }
  const text = new Set(Object.keys(meta.labels ?? {}));
  const frontier = paretoFrontier(byDesign, params, text, levels);
  const designs = new Set(frontier.length <= MAX_LISTED ? frontier : [...frontier].sort((a, b) => rank(levels.get(b)!) - rank(levels.get(a)!)).slice(0, MAX_LISTED));
  const numeric = params.filter((p) => !text.has(p));
  return {
    designs,
    title: 'Designs on the frontier',
    says: [
      `The sweep ran ${formatExact(total)} designs; the table lists ${frontier.length <= MAX_LISTED ? `the ${formatExact(frontier.length)}` : `the ${formatExact(MAX_LISTED)} of the highest service level among the ${formatExact(frontier.length)}`} on its frontier: those whose service level no other design matches or beats with at most their `,
      ...numeric.flatMap((p, i) => [...(i === 0 ? [] : [i === numeric.length - 1 ? ' and ' : ', ']), { code: p }]),
      numeric.length < params.length ? ' and the same value of the other parameters.' : '.',
      ...rest(designs.size),
    ],
  };
}

/**
 * A sizing's listing: the designs its answers rest on. Past MAX_LISTED of them (two per answer, a
 * sizing over 300 connections rests on 600), those of whole answers, as many as fit: first the
 * frontier's steps, then the other answers, spread evenly along the second parameter.
 */
function sizingListing(byDesign: ReadonlyMap<string, readonly SweepRow[]>, params: readonly string[], evidence: readonly AnswerEvidence[], rest: (kept: number) => Inline[]): Listing {
  const total = byDesign.size;
  const title = 'The designs the answers rest on';
  const answers = evidence.map((a) => ({ designs: a.designs.filter((d) => byDesign.has(d)), step: a.step })).filter((a) => a.designs.length > 0);
  const all = new Set(answers.flatMap((a) => a.designs));
  const rests = `The search evaluated ${formatExact(total)} designs; `;
  const what = 'each answer, the next value down, and where nothing in the range meets, its top.';
  if (all.size <= MAX_LISTED) return { designs: all, title, says: [`${rests}the table lists the ${formatExact(all.size)} its answers rest on: ${what}`, ...rest(all.size)] };
  const steps = spread(answers.filter((a) => a.step).map((a) => a.designs), MAX_LISTED);
  const others = spread(answers.filter((a) => !a.step).map((a) => a.designs), MAX_LISTED - steps.picked.flat().length);
  const designs = new Set([...steps.picked, ...others.picked].flat());
  const [sized, across = 'the second parameter'] = params;
  const n = (x: number) => formatExact(x);
  const evenly: Inline[] = [', spread evenly along ', { code: across }];
  const where: Inline[] = ['at the first ', { code: across }, ' and wherever the smallest ', { code: sized }, ' changes from one ', { code: across }, ' to the next'];
  // Only the answers along a second parameter of numbers have steps: they come in its order.
  const which: Inline[] =
    steps.of === 0
      ? [`${n(others.picked.length)} of the ${n(others.of)}, spread evenly in the order of `, { code: across }, '\u2019s values']
      : [
          ...(steps.picked.length === steps.of ? [`the ${counted(steps.of, 'answer', n(steps.of))} `, ...where] : [`${n(steps.picked.length)} of the ${n(steps.of)} answers `, ...where, ...evenly]),
          ...(others.of === 0 ? [] : others.picked.length === others.of ? [`, and the other ${n(others.of)}`] : [`, and ${n(others.picked.length)} of the other ${n(others.of)}`, ...(others.picked.length > 0 ? evenly : [])]),
        ];
  return {
    designs,
    title,
    says: [`${rests}its ${n(evidence.length)} answers rest on ${n(all.size)} of them: ${what} The table lists the designs of ${n(steps.picked.length + others.picked.length)} answers: `, ...which, '.', ...rest(designs.size)],
  };
}

/**
 * The answers, by their index, whose designs a sizing's table of designs lists, where it lists only
 * some (see sizingListing); undefined where it lists every design. The answer table lists these:
 * a sizing over 991 connections made it 991 rows, some 50,000 pixels above the frontier's chart,
 * and every design it names can then be found in the table below it.
 */
export function listedAnswers(evidence: readonly AnswerEvidence[]): ReadonlySet<number> | undefined {
  if (new Set(evidence.flatMap((a) => a.designs)).size <= MAX_LISTED) return undefined;
  const index = new Map(evidence.map((a, i) => [a.designs, i]));
  const answers = evidence.filter((a) => a.designs.length > 0);
  const steps = spread(answers.filter((a) => a.step).map((a) => a.designs), MAX_LISTED);
  const others = spread(answers.filter((a) => !a.step).map((a) => a.designs), MAX_LISTED - steps.picked.flat().length);
  return new Set([...steps.picked, ...others.picked].map((designs) => index.get(designs)!));
}

/** Some of a list of answers (each its designs): those `picked`, of the `of` there are. */
interface Spread {
  readonly picked: readonly (readonly string[])[];
  readonly of: number;
}

/**
 * The most of `answers` (each its designs, at least one) whose designs fit in `room` rows, spread
 * evenly along the list from its first: answer ⌊j·n/k⌋ for the j-th of k.
 */
function spread(answers: readonly (readonly string[])[], room: number): Spread {
  const of = answers.length;
  for (let k = Math.min(of, room); k > 0; k--) {
    const picked = Array.from({ length: k }, (_, j) => answers[Math.floor((j * of) / k)]);
    if (picked.reduce((rows, a) => rows + a.length, 0) <= room) return { picked, of };
  }
  return { picked: [], of };
}

/** A service level to rank by: one not known ranks last. */
function rank(level: number): number {
  return Number.isFinite(level) ? level : -Infinity;
}

/**
 * The designs of `byDesign` (in its order) that no other design dominates: one with no more of
 * each numeric parameter, the same value of each `text` parameter, a service level at least as
 * high, and not the same in all of these. Designs are taken from the highest service level down,
 * the smaller first among equals, so that a design's dominators come before it: as domination is
 * transitive, comparing it with the frontier found so far is enough. A design without a service
 * level (NaN) is on it, as nothing is known to beat it.
 */
function paretoFrontier(byDesign: ReadonlyMap<string, readonly SweepRow[]>, params: readonly string[], text: ReadonlySet<string>, levels: ReadonlyMap<string, number>): string[] {
  const designs = [...byDesign].map(([design, mine], order) => ({ design, order, values: params.map((p) => mine[0].values[p]), level: levels.get(design)! }));
  const sum = (d: (typeof designs)[number]) => d.values.reduce((a, v, i) => a + (text.has(params[i]) ? 0 : v), 0);
  const ranked = designs.filter((d) => Number.isFinite(d.level)).sort((a, b) => b.level - a.level || sum(a) - sum(b) || a.order - b.order);
  const front: typeof designs = [];
  const numeric = params.flatMap((p, i) => (text.has(p) ? [] : [i]));
  // With one numeric parameter, a design is beaten when the frontier so far, with its text values,
  // reaches a value no larger: the least is enough, and 20,000 designs on a rising line took 4 s
  // compared one by one.
  const least = new Map<string, number>();
  const group = (d: (typeof designs)[number]) => JSON.stringify(d.values.filter((_, i) => text.has(params[i])));
  for (const d of ranked) {
    if (numeric.length === 1) {
      const key = group(d);
      const v = d.values[numeric[0]];
      if (!((least.get(key) ?? Infinity) <= v)) {
        front.push(d);
        least.set(key, v);
      }
      continue;
    }
    const beaten = front.some((f) => f.values.every((v, i) => (text.has(params[i]) ? v === d.values[i] : v <= d.values[i])));
    if (!beaten) front.push(d);
  }
  const on = new Set([...front, ...designs.filter((d) => !Number.isFinite(d.level))].map((d) => d.design));
  return designs.filter((d) => on.has(d.design)).map((d) => d.design);
}

/** Pixels between neighbouring series at one value of a frontier's horizontal axis (see Frontier's `dodge`). */
const DODGE_PX = 6;

/** Pixels across a chosen design's ring (a point of size 360, its stroke included): rings this far apart do not overlap. */
const RING_PX = 22;

/** At most this many designs' values are ticks of a frontier's horizontal axis (a label of about 40 px each across its 760). */
const MAX_X_TICKS = 19;

/** The heading of the table's column of each design's window, there when designs differ in it. */
const WINDOW_COLUMN = 'Statistics window';

/** What the page says of the designs' statistics windows (see statisticsWindows). */
interface WindowWords {
  /** What a total is over, after "is a total": so that a demand charge is not read as a month's or a year's. */
  readonly over: string;
  /** The header's fact: the one window, or where to find each design's. */
  readonly fact?: string;
  /** Each design's window, by its number, where designs differ in it: the table gives them a column. */
  readonly each?: ReadonlyMap<string, string>;
  /** The days of the one window of every design; undefined where they differ or are not known. */
  readonly days?: number;
  /** Where they differ: each window's days. */
  readonly lengths?: readonly number[];
}

/**
 * The words for the designs' windows: once where every design has the same, each design's (in the
 * table) where a sweep sets the horizon per design. A folder written before run.json recorded them
 * names the window by the fields that make it.
 */
function statisticsWindows(windows: ReadonlyMap<string, Horizon> | undefined): WindowWords {
  if (windows === undefined || windows.size === 0) return { over: 'over each design\u2019s statistics window (its horizon.days less horizon.warmupDays)' };
  const texts = windowTexts([...windows.values()], formatExact);
  const each = new Map([...windows.keys()].map((design, i) => [design, texts[i]]));
  if (new Set([...windows.values()].map(windowKey)).size === 1) {
    const [text] = each.values();
    return { over: `over each design\u2019s ${text}`, fact: text, days: windowLength([...windows.values()][0]) };
  }
  return { over: `over each design\u2019s statistics window, which differs between designs (the table\u2019s \u201c${WINDOW_COLUMN}\u201d column)`, fact: 'differs between designs (see the table of designs)', each, lengths: [...windows.values()].map(windowLength) };
}


/** What the table of designs says of the metrics that are totals (see isTotal) over the window `over`; '' for none. */
function totalsNote(totals: readonly string[], over: string, days?: number | readonly number[]): string {
  if (totals.length === 0) return '';
  return ` ${totalsOver(totals.map((m, i) => (i === 0 ? metricInfo(m).label : metricInfo(m).label.toLowerCase())), over, days).replace(/'/g, '\u2019')}.`;
}

/** The parameter that sets a design's grid connection, kW. */
const GRID_PARAM = 'hub.gridKw';

/** Most connections drawn as rules on the grid peak's chart: more would stripe it. */
const MAX_CONNECTION_RULES = 4;

/**
 * The designs' grid connections, as rules for the grid peak's chart, that some design's mean peak
 * comes within 2 % of: a connection far above every peak explains nothing, and would squeeze the
 * differences into a corner.
 */
function reachedConnections(rows: readonly SweepRow[], meta: SweepMeta): { value: number; label: string }[] {
  const reached = new Set<number>();
  for (const r of rows) {
    const kw = connectionOf(r, meta);
    if (kw !== undefined && r.mean >= 0.98 * kw) reached.add(kw);
  }
  return [...reached].sort((a, b) => a - b).map((kw) => ({ value: kw, label: `Grid connection ${formatNumber(kw)} kW` }));
}

/**
 * A design's grid connection, kW: run.json's; in a folder written before it recorded them, only a
 * swept `hub.gridKw` (a number above 0) is known. Undefined for a design without a limit.
 */
function connectionOf(r: SweepRow, meta: SweepMeta): number | undefined {
  if (meta.connections) return meta.connections.get(r.design);
  return meta.labels?.[GRID_PARAM] === undefined && GRID_PARAM in r.values && r.values[GRID_PARAM] > 0 ? r.values[GRID_PARAM] : undefined;
}

/**
 * What the table of designs says where the interval of a design's grid peak reaches past its
 * connection: grid power never passes it, but the interval knows nothing of the limit. The
 * connections are run.json's; in a folder written before it recorded them, only a swept
 * `hub.gridKw` (a number above 0) is known. '' where no interval passes one.
 */
function peaksPastConnection(rows: readonly SweepRow[], meta: SweepMeta): string {
  const past = rows.filter((r) => r.metric === 'grid_peak_kw' && exceeds(r.ci95High, connectionOf(r, meta) ?? Infinity)).map((r) => r.design);
  if (past.length === 0) return '';
  const designs = [...new Set(past)];
  return ` Grid power never passes a design’s connection (${GRID_PARAM}), yet the interval of the peak grid power reaches past it in ${designs.length === 1 ? 'design' : 'designs'} ${namedDesigns(designs)}: the interval knows nothing of the limit.`;
}

/** What the table of designs says where a bound passes what a design could take. */
const BEYOND = ' Some bounds reach values no design could take (below 0, above 100 %): over few replications they are wide, and know no limits; run more for closer ones.';

/** How a sweep's report shows null, a design that leaves the field out (a grid with no limit, say). */
export const LEFT_OUT = 'null (left out)';

/**
 * Why a chart does not join the points of a parameter placed by position: its values are names, or
 * numbers beside null, which has no place among them.
 */
function notJoined(param: string, labels: readonly string[]): string {
  if (labels.includes(LEFT_OUT) && labels.every((l) => l === LEFT_OUT || /^−?[\d,]*\.?\d+$/.test(l))) {
    return ` Points are not joined: the values of ${param} include null, the field left out of the design (its default), which has no place among the numbers.`;
  }
  return ` Points are not joined: the values of ${param} are names, with no order or values between them.`;
}

/**
 * A parameter's value as a design's row holds it, as the page shows it: a text value, which the
 * row holds by its position (from 1) among `labels[param]`, by name; a number as it is.
 */
export function shownValue(labels: SweepMeta['labels'], param: string, v: number): string {
  return labels?.[param]?.[v - 1] ?? formatExact(v);
}

/** Whether a sizing design failed as overloaded: size.csv gives such a design, whose hub never cleared its trucks, no replications. */
export function isOverloaded(verdict: string | undefined, replications: number | undefined): boolean {
  return verdict === 'fails' && replications === 0;
}

/** A sizing design's verdict over its targets: fails if any fails, meets if all meet, undecided otherwise. */
export function designVerdict(rows: readonly SweepRow[], design: string): string | undefined {
  const verdicts = rows.filter((r) => r.design === design && r.verdict !== undefined).map((r) => r.verdict);
  if (verdicts.length === 0) return undefined;
  if (verdicts.includes('fails')) return 'fails';
  return verdicts.every((v) => v === 'meets') ? 'meets' : 'undecided';
}

/** A design's verdict as the table shows it: undecided at the most replications says so. */
function verdictText(verdict: string | undefined, replications: number | undefined, max: number | undefined): string {
  if (verdict === undefined) return '–';
  if (verdict === 'undecided' && replications !== undefined && max !== undefined && replications >= max) return 'undecided (at the most replications)';
  if (isOverloaded(verdict, replications)) return 'fails (overloaded)';
  return verdict;
}

/** The decimals a parameter's value is written with: 55.5 has one (at most six). */
function decimalsOf(x: number): number {
  return Math.min(6, /\.(\d+)$/.exec(formatExact(x))?.[1].length ?? 0);
}

/**
 * A value axis's range around `values` (NaN skipped), with a little room, within what a metric of
 * `unit` can take: a t-bound over few replications can pass 0 or 100 % (its whisker is then cut at
 * the axis), but no mean can, and an axis reaching below 0 trucks pushed the designs up its side.
 * An axis of values all at least 0 starts at 0 at the lowest, money's too.
 */
function fitted(values: readonly number[], unit: Unit): readonly [number, number] | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return undefined;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 1;
  const [least, most] = possible(unit);
  const top = Math.min(most, hi + pad);
  // The start is moved down to a tick the axis labels, so that it starts where the caption says,
  // in the digits it shows (70 %, not 72.55 % drawn and 73 % said, nor 59 % said and 60 % labelled first).
  const start = onTick(lo - pad, top);
  return [Math.max(least, lo >= 0 ? 0 : -Infinity, start), top];
}

/** The values a metric of `unit` can take: at least 0 (but money: a margin may be less), a share at most 100 %. */
function possible(unit: Unit): readonly [number, number] {
  return [unit.startsWith('currency') ? -Infinity : 0, unit === 'share' ? 1 : Infinity];
}

/** Groups of coinciding lines a caption names one by one; it counts the rest. */
const COINCIDING_NAMED = 3;

/**
 * The caption's words for series whose lines coincide, the same mean at every value of `xParam`
 * (grid connections that never bind, say): drawn only the few pixels apart that set series apart,
 * they read as one thick line, and the legend would name lines the chart seems to lack. '' when no two coincide.
 */
function coincidingText(points: readonly FrontierPoint[], xParam: string): string {
  const lines = new Map<string, [number, number][]>();
  for (const p of points) {
    const line = lines.get(p.series);
    if (line) line.push([p.x, p.mean]);
    else lines.set(p.series, [[p.x, p.mean]]);
  }
  const byShape = new Map<string, string[]>();
  for (const [series, line] of lines) {
    // A series with no mean anywhere draws no line to hide behind another.
    if (!line.some(([, mean]) => Number.isFinite(mean))) continue;
    const key = JSON.stringify([...line].sort((a, b) => a[0] - b[0]));
    const same = byShape.get(key);
    if (same) same.push(series);
    else byShape.set(key, [series]);
  }
  const groups = [...byShape.values()].filter((g) => g.length > 1);
  if (groups.length === 0) return '';
  const named = groups.slice(0, COINCIDING_NAMED).map((g) => inWords(g));
  const more = groups.length > COINCIDING_NAMED ? `; and ${counted(groups.length - COINCIDING_NAMED, 'more such group')}` : '';
  return ` Lines that coincide, with the same mean at every value of ${xParam}, so that they run side by side only the few pixels that set the series apart: ${named.join('; ')}${more}.`;
}

/** The designs of `designs` that no row of `rows` gives a value (in one pass: a sweep may have 10,000 designs). */
function valueless(designs: Iterable<string>, rows: readonly SweepRow[]): string[] {
  const valued = new Set(rows.filter((r) => Number.isFinite(r.mean)).map((r) => r.design));
  return [...designs].filter((d) => !valued.has(d));
}

/** Designs a caption or note names one by one; it counts the rest. */
const DESIGNS_NAMED = 10;

/** Design numbers in their order, not as text's (2 before 10). */
function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** `designs` (each once) in order of their numbers, the first DESIGNS_NAMED named and the rest counted: `2, 5, 9 and 12 more`. */
function namedDesigns(designs: readonly string[]): string {
  const sorted = [...designs].sort(byNumber);
  return sorted.slice(0, DESIGNS_NAMED).join(', ') + (sorted.length > DESIGNS_NAMED ? ` and ${formatExact(sorted.length - DESIGNS_NAMED)} more` : '');
}

/**
 * The caption's words for the designs with no value of the chart's metric (a mean wait where no
 * truck plugged in, a battery's cycles in a design without one), which have no point: '' for none.
 */
function valuelessText(designs: readonly string[]): string {
  if (designs.length === 0) return '';
  return ` ${designs.length === 1 ? 'Design' : 'Designs'} ${namedDesigns(designs)} ${designs.length === 1 ? 'has' : 'have'} no value here, and no point.`;
}

/** The caption's words for `ringed` chosen designs past MAX_LISTED designs, of which the table lists `listed`. */
function ringedMany(listed: number, ringed: number): string {
  const all = ` The ringed points are the ${formatExact(ringed)} chosen designs, each named in the answer`;
  return listed === ringed ? `${all} and marked in the table.` : `${all}; the table, which lists only some designs, marks ${formatExact(listed)} of them.`;
}

/**
 * The caption's words for the ringed designs, named in order of their numbers, each with the values
 * it stands at (`at`): "the chosen designs (4, 7)" on an axis of cabinets read as 4 and 7 cabinets.
 */
function ringed(designs: readonly { readonly design: string; readonly at: string }[]): string {
  if (designs.length === 0) return '';
  if (designs.length === 1) return ` The ringed point is the chosen design, ${designs[0].design} (${designs[0].at}).`;
  const named = [...designs].sort((a, b) => byNumber(a.design, b.design)).map((d) => `${d.design} (${d.at})`);
  return ` The ringed points are the chosen designs ${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}.`;
}

/** A parameter's path by its last name, `hub.chargers[0].cabinets` as `cabinets`: short enough to label a point. */
function leafName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
