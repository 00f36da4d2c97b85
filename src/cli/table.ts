import stringWidth from 'fast-string-width';
import { pricesGiven } from '../model/economics.js';
import { BATTERY_METRICS, isModelled, MONEY_METRICS, withAvailability, type MetricName } from '../model/metrics.js';
import { groupHasOutages } from '../scenario/maintenance.js';
import type { Horizon, Scenario } from '../scenario/types.js';
import { exceeds, sideDecimals } from '../report/format.js';
import { isRoundingNoise } from '../stats/noise.js';
import { isTotal } from '../report/metrics.js';
import type { Summary } from '../stats/summary.js';
import { counted, listed, totalsOver, windowKey, windowLength, windowsTold, windowText } from '../words.js';

/**
 * The metrics shown on the terminal by `run` and `compare` alike (every metric is in the CSVs):
 * service over all arriving trucks first, then waits of those served, bays, power and energy.
 */
export const HEADLINE: readonly MetricName[] = [
  'trucks_arrived', 'service_level', 'served_share', 'trucks_balked', 'trucks_reneged', 'wait_mean_min', 'wait_p95_min',
  'p_wait_over_15min', 'within_break_share', 'bay_occupancy', 'power_utilization', 'grid_peak_kw', 'demand_peak_kw',
  'grid_mean_kw', 'energy_unmet_kwh', 'queue_mean',
];

/** Whether any of the scenarios models a metric (see `isModelled`). */
export function modelled(scenarios: readonly Scenario[]): (m: MetricName) => boolean {
  const prices = scenarios.flatMap((s) => pricesGiven(s.economics));
  const has = { battery: scenarios.some((s) => s.hub.battery !== undefined), prices };
  return (m) => isModelled(m, has);
}

/**
 * HEADLINE, with bay availability after the occupancy where a scenario's bays fail or are
 * maintained (an empty bay is then not always a free one), then the battery's and money metrics
 * where the scenarios model them.
 */
export function headlineFor(scenarios: readonly Scenario[]): MetricName[] {
  const outages = scenarios.some((s) => s.hub.chargers.some(groupHasOutages));
  const head = outages ? withAvailability(HEADLINE) : HEADLINE;
  return [...head, ...[...BATTERY_METRICS, ...MONEY_METRICS].filter(modelled(scenarios))];
}

/**
 * The line under `run`'s or `compare`'s table when it shows the battery's or money totals, saying
 * what they are totals over: a connection cost over 9.75 days is not to be read as a yearly one.
 * `shown`: those of the table that some replication defines (a total left empty is over nothing);
 * `horizons`: the scenarios' (A's and B's for a comparison). Undefined when it shows none.
 */
export function planTotalsLine(shown: readonly MetricName[], horizons: readonly Horizon[]): string | undefined {
  const plan: readonly string[] = [...BATTERY_METRICS, ...MONEY_METRICS];
  const totals = shown.filter((m) => plan.includes(m) && isTotal(m));
  if (totals.length === 0) return undefined;
  if (new Set(horizons.map(windowKey)).size === 1) return totalsOver(totals, `over ${windowText(horizons[0])}`, windowLength(horizons[0]));
  const { texts: [a, b], lengths } = windowsTold(horizons);
  return totalsOver(totals, `over each scenario's statistics window (A: ${a}; B: ${b})`, lengths);
}

/**
 * The note under `run`'s or `compare`'s table where the interval of a scenario's grid peak reaches
 * past its connection (its largest value, where it varies by hour), as the report's headline table
 * says: grid power never passes the connection, but a t-interval knows nothing of the limit, and
 * peaks held at it in most replications put its upper end above. `sides`: each scenario with its
 * grid_peak_kw summary and its tag (A, B, design 3) or '' for a run; `more`: how many of them to
 * name, the rest counted as so many more of `noun` (a sweep's designs). Undefined where none does.
 */
export function peakPastLimitLine(
  sides: readonly { readonly tag: string; readonly scenario: Scenario; readonly peak: Summary | undefined }[],
  more?: { readonly named: number; readonly noun: string },
): string | undefined {
  const found = sides.filter(({ scenario, peak }) => peak !== undefined && Number.isFinite(scenario.hub.gridKw) && exceeds(peak.ci95High, scenario.hub.gridKw));
  if (found.length === 0) return undefined;
  const past = more === undefined ? found : found.slice(0, more.named);
  const rest = found.length - past.length;
  const limit = (s: Scenario) => `${human(s.hub.gridKw)} kW${s.hub.gridKwByHour ? ', its largest by hour' : ''}`;
  if (past.length === 1 && past[0].tag === '') {
    const [{ scenario, peak }] = past;
    const connection = scenario.hub.gridKwByHour ? `the connection's largest hourly value, ${human(scenario.hub.gridKw)} kW` : `the ${human(scenario.hub.gridKw)} kW connection`;
    return `note: grid_peak_kw's interval reaches ${human(peak!.ci95High)} kW, past ${connection}, which grid power never passes: a t-interval knows nothing of the limit`;
  }
  const each = past.map(({ tag, scenario, peak }) => `${tag} (${human(peak!.ci95High)} kW against ${limit(scenario)})`);
  if (rest > 0) each.push(counted(rest, `more ${more!.noun}`));
  return `note: grid_peak_kw's interval reaches past the connection, which grid power never passes, in ${listed(each)}: a t-interval knows nothing of the limit`;
}

/**
 * The note under a table of means when some of them are over fewer replications than ran (one
 * with no truck in its window defines no service level), saying which and over how many: `1 ± 0`
 * over 7 of 10 is not to be read as over all 10. `groups`: the shown metrics' summaries of each
 * design (one group, labelled '', for `run`); `file`: where the counts are (its n column). At most
 * NAMED_FEWER groups are named; undefined when every mean is over all `replications` (or none).
 */
export function fewerLine(groups: readonly { readonly label: string; readonly sums: readonly (readonly [MetricName, Summary])[] }[], replications: number, file: string): string | undefined {
  const parts: string[] = [];
  const all: MetricName[] = [];
  let n = -1; // the one count all fewer means share, or NaN if they differ
  let named = 0;
  let more = 0;
  for (const g of groups) {
    const fewer = g.sums.filter(([, s]) => s.n > 0 && s.n < replications);
    if (fewer.length === 0) continue;
    for (const [m, s] of fewer) {
      all.push(m);
      n = n === -1 || n === s.n ? s.n : NaN;
    }
    if (named === NAMED_FEWER) more++;
    else {
      named++;
      const byN = new Map<number, MetricName[]>();
      for (const [m, s] of fewer) byN.set(s.n, [...(byN.get(s.n) ?? []), m]);
      parts.push(`${g.label === '' ? '' : `${g.label}: `}${[...byN].map(([k, ms]) => `${k} for ${listed(ms)}`).join(', ')}`);
    }
  }
  if (all.length === 0) return undefined;
  if (groups.length === 1 && !Number.isNaN(n)) {
    const one = all.length === 1;
    return `note: ${listed(all)} ${one ? 'is' : 'are'} over the ${n} of ${replications} replications that define ${one ? 'it' : 'them'} (${file}'s n column)`;
  }
  const rest = more > 0 ? `; and ${counted(more, 'more design')}` : '';
  return `note: some means are over only the replications that define them, of ${replications} (${file}'s n column): ${parts.join('; ')}${rest}`;
}

/** Designs `fewerLine` names one by one. */
const NAMED_FEWER = 3;

/**
 * Renders a number for people in plain fixed notation: 4 significant digits, whole numbers from
 * 1000 up (1260000, not 1.26e+6), as many decimals as needed for small values (0.000986, not
 * 9.86e-4), and 0 for rounding noise; `scale` (the size of the quantities a difference was taken
 * between) makes noise relative: |x| <= 1e-12 × scale is 0 too.
 */
export function human(x: number, scale = 0): string {
  if (Number.isNaN(x)) return '–';
  if (isRoundingNoise(x, scale)) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  // Below 1000, at least one decimal: the text always has a point for trailing zeros to stop at.
  return x.toFixed(3 - Math.floor(Math.log10(a))).replace(/\.?0+$/, '');
}

/**
 * A bound beside the threshold it is judged against, as `human` writes it, or with more
 * significant digits where `human`'s four would round it onto the threshold or across it: an upper
 * bound of 0.998985 against `service_level>=0.999` read "upper bound 0.999: fails", and 3000.4
 * against `grid_peak_kw<=3000` read "3000: fails". A bound equal to the threshold stays as it is.
 */
export function humanBeside(bound: number, threshold: number): string {
  const text = human(bound);
  if (!Number.isFinite(bound) || !Number.isFinite(threshold) || Math.sign(Number(text) - threshold) === Math.sign(bound - threshold)) return text;
  // From five significant digits to seventeen, as decimals of this bound.
  const decimalsOf = (digits: number) => Math.min(100, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(bound)))));
  return bound
    .toFixed(sideDecimals(bound, threshold, decimalsOf(5), decimalsOf(17)))
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** `mean ± half-width`, or the mean alone when no interval exists. */
export function withCi(s: Summary): string {
  if (Number.isNaN(s.ci95Low)) return human(s.mean);
  return `${human(s.mean)} ± ${human((s.ci95High - s.ci95Low) / 2, s.mean)}`;
}

/** Lays out rows as aligned columns (first column left, others right). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(header, rows);
  const pad = (c: string, i: number) => ' '.repeat(widths[i] - stringWidth(c));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c + pad(c, i) : pad(c, i) + c)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The width of output that is no terminal: none, so that tables are printed whole (see `fitTable`).
 * The commands take a function for the width, which the CLI asks when it prints, so that a terminal
 * resized during a long run is fitted as it is then.
 */
export const noWidth = (): number | undefined => undefined;

function columnWidths(header: readonly string[], rows: readonly (readonly string[])[]): number[] {
  // As the terminal shows them: a wide character (日本) takes two columns, a combining mark none.
  return header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i]))));
}

/**
 * `table`, fitted to a terminal `width` characters wide. Where the one table would be wider, the
 * columns after the first `keep` (those that name a row: a metric, or a design's number and values)
 * are dealt, in order, into as few tables as fit the width, stacked with a blank line between them,
 * each repeating the `keep` columns; the parts are made as even in width as their number allows.
 * Where the `keep` columns leave no room for some other column, only the first is repeated: the
 * others of the `keep` then make the first parts on their own, as a legend of what each row is.
 * Nothing is cut: a column wider than the width by itself makes its part as wide as it has to be.
 * Without a width (output to a pipe or a file), the one table, as `table` lays it out.
 */
export function fitTable(header: readonly string[], rows: readonly (readonly string[])[], width: number | undefined, keep = 1): string {
  const widths = columnWidths(header, rows);
  // A table's width: its columns and two spaces between each.
  const span = (cols: readonly number[]) => cols.reduce((sum, i) => sum + widths[i], 0) + 2 * Math.max(0, cols.length - 1);
  const all = widths.map((_, i) => i);
  if (width === undefined || span(all) <= width || keep >= header.length) return table(header, rows);
  const deal = (key: readonly number[], cols: readonly number[]) =>
    split(cols.map((i) => widths[i]), width - span(key) - 2).map((p) => [...key, ...p.map((j) => cols[j])]);
  const others = all.slice(keep);
  // The first column alone then keys the parts: the others of the `keep` come first, on their own,
  // as a legend of what each row is.
  const parts =
    keep > 1 && span(all.slice(0, keep)) + 2 + Math.max(...others.map((i) => widths[i])) > width
      ? [...deal([0], all.slice(1, keep)), ...deal([0], others)]
      : deal(all.slice(0, keep), others);
  const pick = (r: readonly string[], cols: readonly number[]) => cols.map((i) => r[i]);
  return parts.map((cols) => table(pick(header, cols), rows.map((r) => pick(r, cols)))).join('\n\n');
}

/**
 * Splits columns of the given widths, in order, into the fewest runs whose width (two spaces
 * between columns) is at most `room`, a column wider than `room` alone in its run; of the ways to
 * do that, the one whose widest run (of those within `room`) is narrowest, the earlier runs the
 * fuller on a tie. Returns the runs as lists of indices.
 */
function split(widths: readonly number[], room: number): number[][] {
  const m = widths.length;
  const runWidth = (from: number, to: number) => widths.slice(from, to).reduce((s, w) => s + w, 0) + 2 * (to - from - 1);
  // What a run from..to costs the balance, or Infinity when it may not be a run.
  const cost = (from: number, to: number) => {
    const w = runWidth(from, to);
    if (w <= room) return w;
    return to - from === 1 ? 0 : Infinity;
  };
  // The fewest runs, greedily.
  let k = 0;
  for (let i = 0; i < m; ) {
    let j = i + 1;
    while (j < m && runWidth(i, j + 1) <= room) j++;
    k++;
    i = j;
  }
  // best[j][i]: the narrowest widest run of columns 0..i in j runs; from[j][i]: where the last starts.
  const best = Array.from({ length: k + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  const from = Array.from({ length: k + 1 }, () => new Array<number>(m + 1).fill(0));
  best[0][0] = 0;
  for (let j = 1; j <= k; j++) {
    for (let i = j; i <= m; i++) {
      // The last run as short as it can be first, so that on a tie the earlier runs are the fuller.
      for (let s = i - 1; s >= j - 1; s--) {
        const c = Math.max(best[j - 1][s], cost(s, i));
        if (c < best[j][i]) {
          best[j][i] = c;
          from[j][i] = s;
        }
      }
    }
  }
  const runs: number[][] = [];
  for (let j = k, i = m; j > 0; i = from[j][i], j--) runs.unshift(Array.from({ length: i - from[j][i] }, (_, d) => from[j][i] + d));
  return runs;
}
