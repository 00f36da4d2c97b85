import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, shownPath } from '../../errors.js';
import { constantMetrics, METRIC_NAMES, type MetricName } from '../../model/metrics.js';
import { COMPARE_COLUMNS } from '../../output/columns.js';
import { csvText, exact } from '../../output/csv.js';
import { pairsAgree } from '../../stats/onesided.js';
import { summarise, type Summary } from '../../stats/summary.js';
import { traceColumnCounts, traceFingerprint } from '../../scenario/trace.js';
import type { Scenario } from '../../scenario/types.js';
import { headedBy, powerCutNote, runBatch, summariseRows, type ReplicationRow } from '../batch.js';
import { OutputRoot } from '../outdir.js';
import { writingInto } from '../staging.js';
import { ReplicationPool, type Workers } from '../pool.js';
import { fitTable, headlineFor, human, modelled, noWidth, peakPastLimitLine, planTotalsLine, withCi } from '../table.js';
import { denoisedDiff, diffScale } from '../../report/format.js';
import { inputsOf, loadAll, withProgress, type Source } from './common.js';
import { alikeNotes, comparisonNotes, pairingNotes } from '../../report/comparable.js';
import { scenarioNotes } from '../../scenario/notes.js';
import { counted } from '../../words.js';

export interface CompareArgs {
  readonly a: string;
  readonly b: string;
  readonly seed?: number;
  readonly replications: number;
  readonly workers: Workers;
  readonly out: string;
  /** Print the headline metrics only (see `headlineFor`) rather than every metric the scenarios model; the CSV always has every metric. */
  readonly headline?: boolean;
  /** Write the reports: each scenario's report.html and compare-<A>-vs-<B>.html. */
  readonly report: boolean;
}

/** A metric's paired comparison: B − A per replication, summarised. */
export interface PairedDiff {
  readonly metric: MetricName;
  readonly a: Summary;
  readonly b: Summary;
  /** B − A; with no interval when `alike`. */
  readonly diff: Summary;
  /**
   * B − A is one value other than 0 in every pair, and the pairs are too few for it to stand for the
   * mean (see `alikeNeeded`): the t-interval, of no width, would claim a difference that two pairs
   * of a whole-number metric (the longest queue) can show by chance, so there is none.
   */
  readonly alike: boolean;
}

/**
 * Pairs replication r of A with replication r of B (same seed, so the same trucks) and summarises
 * the differences B − A. Pairing removes the trucks' variability that both designs share, which is
 * why its interval is narrower than that of two independent batches. `constant`: A's and B's
 * metrics that are the same in every replication by their definition (see `constantMetrics`); a
 * difference of two such is known to agree however few the pairs.
 */
export function pairedDiffs(a: readonly ReplicationRow[], b: readonly ReplicationRow[], constant: readonly [ReadonlySet<string>, ReadonlySet<string>] = [new Set(), new Set()]): PairedDiff[] {
  const sa = summariseRows(a);
  const sb = summariseRows(b);
  return METRIC_NAMES.map((m) => {
    const diff = summarise(a.map((r, i) => b[i].metrics[m] - r.metrics[m]));
    // A difference of 0 in every pair (or of rounding noise) claims none, and keeps its interval [0, 0].
    const alike = pairsAgree(diff, diffScale(sa[m].mean, sb[m].mean), 0.95) && !(constant[0].has(m) && constant[1].has(m));
    return { metric: m, a: sa[m], b: sb[m], diff: alike ? { ...diff, ci95Low: NaN, ci95High: NaN } : diff, alike };
  });
}

/**
 * The rows of compare-<A>-vs-<B>.csv (COMPARE_COLUMNS): A's and B's means, and B − A with its
 * rounding noise taken out as the terminal and the report take it (see denoisedDiff), so that a
 * script reading the file finds the same differences excluding zero as a person reading them.
 */
export function compareRows(diffs: readonly PairedDiff[]): string[][] {
  return diffs.map((d) => {
    const diff = denoisedDiff(d.diff.mean, d.diff.ci95Low, d.diff.ci95High, diffScale(d.a.mean, d.b.mean));
    return [d.metric, exact(d.a.mean), exact(d.b.mean), exact(diff.mean), exact(diff.low), exact(diff.high), String(d.diff.n)];
  });
}

/**
 * `hubsim compare A B`: both scenarios with common random numbers, and their paired differences;
 * the table fits a terminal as wide as `width()` says when it prints, each part repeating the
 * metric (see `fitTable`).
 * @throws InputError for a scenario that does not load, A and B of one name, a name with "-vs-" (or
 * starting "vs-" or ending "-vs"), seeds that differ with no --seed, an empty --out or one holding
 * a target hubsim may not replace, or a scenario that runs away; EnvironmentError when --out cannot
 * be created or written.
 */
export async function compareCommand(args: CompareArgs, print: (s: string) => void, width: () => number | undefined = noWidth): Promise<PairedDiff[]> {
  const [sa, sb] = await loadAll([args.a, args.b]);
  const [a, b] = [sa.scenario, sb.scenario];
  if (a.name === b.name) {
    throw new InputError([{ path: args.b, expected: `must have a different name from ${args.a}`, found: JSON.stringify(b.name) }]);
  }
  // compare-<A>-vs-<B>.csv must name one pair: with "-vs-" inside a name, x-vs-y against z and x
  // against y-vs-z would write the same file, and its report would name either pair.
  for (const [file, s] of [[args.a, a], [args.b, b]] as const) {
    // x against vs-y and x-vs against y would both write compare-x-vs-vs-y: a name may not start
    // with "vs-" or end with "-vs" either.
    if (s.name.includes('-vs-') || s.name.startsWith('vs-') || s.name.endsWith('-vs')) {
      throw new InputError([{ path: file, expected: 'must have a name without "-vs-", not starting with "vs-" nor ending in "-vs", to be compared: the comparison\'s file name, compare-<A>-vs-<B>, would not tell A from B', found: JSON.stringify(s.name) }]);
    }
  }
  // Both run with one seed, so that they see the same trucks: with two scenario seeds and no --seed,
  // taking A's would make the numbers depend on which file came first.
  if (args.seed === undefined && a.seed !== b.seed) {
    throw new InputError([{ path: '--seed', expected: 'must be given when A and B have different seeds: both run with one, so that they see the same trucks', found: `none, and seed ${a.seed} in A, ${b.seed} in B` }]);
  }
  const seed = args.seed ?? a.seed;
  const out = await OutputRoot.open(args.out);
  const pool = new ReplicationPool(args.workers);
  try {
    const pair = `compare-${a.name}-vs-${b.name}`;
    // The page of an earlier comparison is deleted with --no-report (see commit): looked at too.
    const stale = args.report ? [] : [`${pair}.html`];
    out.checkTargets([[a.name, 'run'], [b.name, 'run']], [`${pair}.csv`, ...(args.report ? [`${pair}.html`] : [])], [...inputsOf(sa.file, [a]), ...inputsOf(sb.file, [b])], stale);
    const rowsOf = async (src: Source) => {
      const { opts, stop } = await withProgress({ seed, replications: args.replications, pool, sessions: 'first', power: 'first', source: src }, args.replications, src.scenario.name);
      return runBatch(src.scenario, opts, out.stage).catch(headedBy(src.file)).finally(stop);
    };
    const ra = await rowsOf(sa);
    const rb = await rowsOf(sb);
    const diffs = pairedDiffs(ra, rb, [constantMetrics(a), constantMetrics(b)]);
    const file = `${pair}.csv`;
    await writingInto(out.stage, (stage) => writeFileSync(join(stage, file), csvText(COMPARE_COLUMNS, compareRows(diffs))));
    let report = '';
    if (args.report) {
      const { buildCompareReport, buildRunReport } = await import('../reports.js');
      await writingInto(join(out.stage, a.name), (dir) => buildRunReport(dir));
      await writingInto(join(out.stage, b.name), (dir) => buildRunReport(dir));
      report = basename(await writingInto(out.stage, (stage) => buildCompareReport(stage, a.name, b.name)));
    }
    // Without reports, a comparison page of an earlier run would stand beside this run's CSV.
    await out.commit(stale);
    // In the order the list gives (the CSV has every metric in METRIC_NAMES order).
    const both = [sa.scenario, sb.scenario];
    const names = args.headline ? headlineFor(both) : diffs.map((d) => d.metric).filter(modelled(both));
    const shown = names.map((m) => diffs.find((d) => d.metric === m)!);
    // One replication has no interval: the header says so rather than promise one.
    const how = args.replications === 1 ? 'one replication each, so no intervals' : 'mean ± 95% CI; * where the interval of B − A excludes 0';
    print(`${a.name} (A) vs ${b.name} (B): ${counted(args.replications, 'paired replication')}, seed ${seed}; ${how}`);
    const partial = shown.filter((d) => d.diff.n < args.replications && (d.a.n > 0 || d.b.n > 0)).map((d) => ({ metric: d.metric, n: d.diff.n, inA: d.a.n > 0, inB: d.b.n > 0 }));
    // A note both scenarios give alike (a growth both share) is said once, of both.
    const [na, nb] = [scenarioNotes(a, sa.raw), scenarioNotes(b, sb.raw)];
    const own = [...na.map((n) => `${nb.includes(n) ? 'A and B' : 'A'}: ${n}`), ...nb.filter((n) => !na.includes(n)).map((n) => `B: ${n}`)];
    for (const note of [...comparisonNotes(sa.raw, sb.raw, { sameTrace: sameTrace(a, b), traceColumns: [columnCounts(a), columnCounts(b)] }), ...own, ...pairingNotes(partial, args.replications, sa.raw, sb.raw), ...alikeNotes(shown.filter((d) => d.alike).map((d) => d.metric))]) print(`note: ${note}`);
    // compare writes power.csv as run does by default, and has no --power: run gives the rest.
    for (const [side, s] of [['A', a], ['B', b]] as const) {
      const cut = powerCutNote(s, 'first', true, `${side}'s `, 'hubsim run of its scenario with --power all writes every interval');
      if (cut !== undefined) print(cut);
    }
    print(
      fitTable(
        ['metric', 'A', 'B', 'B − A', 'B − A 95% CI'],
        shown.map((d) => {
          const scale = diffScale(d.a.mean, d.b.mean);
          const diff = denoisedDiff(d.diff.mean, d.diff.ci95Low, d.diff.ci95High, scale);
          return [d.metric, withCi(d.a), withCi(d.b), human(diff.mean, scale), d.alike ? `same in all ${d.diff.n} pairs` : ci(diff, scale)];
        }),
        width(),
      ),
    );
    const peak = shown.find((d) => d.metric === 'grid_peak_kw');
    const past = peak === undefined ? undefined : peakPastLimitLine([{ tag: 'A', scenario: a, peak: peak.a }, { tag: 'B', scenario: b, peak: peak.b }]);
    if (past !== undefined) print(past);
    // A total empty on both sides (a demand charge over a run shorter than one power interval) is over nothing.
    const totals = planTotalsLine(shown.filter((d) => d.a.n > 0 || d.b.n > 0).map((d) => d.metric), [a.horizon, b.horizon]);
    if (totals !== undefined) print(totals);
    print(`\nwrote ${shownPath(`${join(args.out, a.name)}/`)}, ${shownPath(`${join(args.out, b.name)}/`)} and ${shownPath(join(args.out, file))}`);
    if (report) print(`report: ${shownPath(join(args.out, report))}`);
    return diffs;
  } catch (err) {
    throw out.explained(err);
  } finally {
    await pool.close();
    out.discard();
  }
}

/**
 * Whether A and B read the same trace, row for row (undefined unless both read one): paths may
 * differ, or agree and name different files. By the rows' fingerprint, as run.json records it and
 * the comparison report reads it, so that the command and its report say the same.
 */
function sameTrace(a: Scenario, b: Scenario): boolean | undefined {
  if (a.arrivals.kind !== 'trace' || b.arrivals.kind !== 'trace') return undefined;
  const [x, y] = [traceFingerprint(a.arrivals.columns), traceFingerprint(b.arrivals.columns)];
  return x.rows === y.rows && x.sha256 === y.sha256;
}

/** How many of a scenario's trace rows give a value in each column, as run.json records them (see `traceColumnCounts`). */
function columnCounts(s: Scenario): Record<string, number> | undefined {
  return s.arrivals.kind === 'trace' ? traceColumnCounts(s.arrivals.columns) : undefined;
}

/** A difference's interval, its rounding noise taken out (see denoisedDiff), starred when it excludes zero. */
function ci(d: { readonly low: number; readonly high: number }, scale: number): string {
  if (Number.isNaN(d.low)) return '–';
  const sig = d.low > 0 || d.high < 0 ? ' *' : '  ';
  return `[${human(d.low, scale)}, ${human(d.high, scale)}]${sig}`;
}
