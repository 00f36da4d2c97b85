// The report of a design sweep: each metric against the first swept parameter, one line per
// combination of the others, the chosen design ringed; then every design's numbers.
import { frontierSpec, PALETTE, type Axis, type FrontierPoint } from './charts.js';
import type { SweepData, SweepRow } from './data.js';
import { formatEstimate, formatExact } from './format.js';
import { metricInfo, unitLabel, unitScale } from './metrics.js';
import type { Block, Cell, ReportDoc } from './page.js';

const SERIES_COLORS = [PALETTE.blue, PALETTE.orange, PALETTE.green, PALETTE.vermillion, PALETTE.purple, PALETTE.sky, PALETTE.yellow, PALETTE.black];

/** What a sweep report says about the sweep beyond its rows. */
export interface SweepMeta {
  readonly title: string;
  readonly lede?: readonly string[];
  /** Header facts, e.g. seed and replications per design. */
  readonly facts: readonly (readonly [string, string])[];
  /** hubsim's version. */
  readonly generator: string;
  /** Minutes of the service threshold, for labels (15 when absent). */
  readonly thresholdMin?: number;
}

/**
 * The document of a sweep report: a frontier chart per metric (the metric against `params[0]`,
 * a line per combination of the other parameters, whiskers for 95 % intervals, the chosen design
 * ringed) and a table of every design. Throws RangeError when `params` is empty.
 */
export function sweepReport(data: SweepData, meta: SweepMeta): ReportDoc {
  if (data.params.length === 0) throw new RangeError('a sweep needs at least one parameter');
  const threshold = meta.thresholdMin ?? 15;
  const metrics = [...new Set(data.rows.map((r) => r.metric))];
  const [xParam, ...others] = data.params;
  const seriesOf = (r: SweepRow) => (others.length === 0 ? 'designs' : others.map((p) => `${p} ${formatExact(r.values[p])}`).join(', '));
  const seriesLabels = [...new Set(data.rows.map(seriesOf))];
  const series = seriesLabels.map((label, i) => ({ label, color: SERIES_COLORS[i % SERIES_COLORS.length] }));

  const charts: Block[] = metrics.map((metric) => {
    const info = metricInfo(metric, threshold);
    const rows = data.rows.filter((r) => r.metric === metric).sort((a, b) => a.values[xParam] - b.values[xParam]);
    const points: FrontierPoint[] = rows.map((r) => ({ series: seriesOf(r), design: r.design, x: r.values[xParam], mean: r.mean, lo: r.ci95Low, hi: r.ci95High }));
    const chosenRow = rows.find((r) => r.design === data.chosen);
    const y: Axis = info.unit === 'share' ? { title: `${info.label} (%)`, format: '.0%' } : { title: `${info.label} (${unitLabel(info.unit)})`, format: ',.3~r' };
    return {
      kind: 'chart',
      id: `frontier-${metric.replace(/[^a-z0-9-]/gi, '-')}`,
      caption: [
        `${info.label} of each design against ${xParam}${others.length ? `, one line per value of ${others.join(' and ')}` : ''} (points: means over replications; whiskers: 95 % confidence intervals).`,
        chosenRow ? ` The ringed point is the chosen design, ${chosenRow.design}.` : '',
      ],
      spec: frontierSpec({
        description: `${info.label} against ${xParam} for every design`,
        x: { title: xParam },
        y,
        points,
        series: series.length > 1 ? series : [{ label: series[0]?.label ?? 'designs', color: PALETTE.blue }],
        chosen: chosenRow ? { x: chosenRow.values[xParam], y: chosenRow.mean, label: `chosen: ${chosenRow.design}` } : undefined,
      }),
    };
  });

  const designs = [...new Set(data.rows.map((r) => r.design))];
  const rows: Cell[][] = designs.map((design) => {
    const any = data.rows.find((r) => r.design === design) as SweepRow;
    const cells: Cell[] = [{ text: design === data.chosen ? [{ strong: design }, ' (chosen)'] : design }, ...data.params.map((p) => ({ text: formatExact(any.values[p]), num: true }))];
    for (const metric of metrics) {
      const r = data.rows.find((x) => x.design === design && x.metric === metric);
      const info = metricInfo(metric, threshold);
      const est = r ? formatEstimate(r.mean, r.ci95Low, r.ci95High, unitScale(info.unit)) : undefined;
      cells.push({ text: est ? est.value : '–', sub: est?.interval, num: true });
    }
    return cells;
  });
  const head: Cell[] = ['Design', ...data.params.map((p) => ({ text: { code: p }, num: true })), ...metrics.map((m) => ({ text: `${metricInfo(m, threshold).label} (${unitLabel(metricInfo(m, threshold).unit)})`, num: true }))];
  return {
    title: meta.title,
    lede: meta.lede ?? [],
    facts: meta.facts,
    sections: [
      { id: 'frontier', title: 'Design frontier', blocks: charts },
      { id: 'designs', title: 'Every design', blocks: [{ kind: 'table', head, rows, note: ['Means over replications, with 95 % confidence intervals below them; shares in per cent.'] }] },
    ],
    generator: meta.generator,
  };
}
