import { join } from 'node:path';
import { shownPath } from '../../errors.js';
import type { Scenario } from '../../scenario/types.js';
import { scenarioNotes } from '../../scenario/notes.js';
import type { Summary } from '../../stats/summary.js';
import { alikeNeeded, halfWidth, precise, tooAlike, type Precision, type PrecisionRecord } from '../../stats/onesided.js';
import { constantMetrics, type MetricName } from '../../model/metrics.js';
import { headedBy, portablePath, powerCutNote, refuseOtherSlice, runBatch, scenarioHash, shardRange, summariseRows, type PowerMode, type ReplicationRow, type SessionsMode } from '../batch.js';
import { MAX_REPLICATIONS } from '../args.js';
import { OutputRoot } from '../outdir.js';
import { writingInto } from '../staging.js';
import { ReplicationPool, type Workers } from '../pool.js';
import { fewerLine, headlineFor, human, humanBeside, peakPastLimitLine, planTotalsLine, table, withCi } from '../table.js';
import { checkModelled, inputsOf, loadAll, withProgress, type Source } from './common.js';
import { counted, shellWord } from '../../words.js';

export interface RunArgs {
  readonly scenarios: readonly string[];
  readonly seed?: number;
  readonly replications: number;
  readonly workers: Workers;
  readonly shard?: { k: number; n: number };
  readonly out: string;
  readonly sessions: SessionsMode;
  readonly power: PowerMode;
  /** `--precision`: add replications until each metric's 95 % interval is this narrow (not with shard). */
  readonly precision?: readonly Precision[];
  /** `--max-replications`: the most replications `--precision` may reach. */
  readonly maxReplications?: number;
  /** `--report`: also write each scenario's report.html (about half a second each). */
  readonly report: boolean;
}

/** `hubsim run`: each scenario's replications (or a slice), written under OUT/<name>/, on one pool of workers. */
export async function runCommand(a: RunArgs, print: (s: string) => void): Promise<void> {
  const scenarios = await loadAll(a.scenarios);
  if (a.precision) for (const s of scenarios) checkModelled(a.precision.map((p) => p.metric), [s.scenario], '--precision', s.file);
  const out = await OutputRoot.open(a.out);
  const pool = new ReplicationPool(a.workers);
  try {
    out.checkTargets(scenarios.map((s) => [s.scenario.name, 'run'] as const), [], scenarios.flatMap((s) => inputsOf(s.file, [s.scenario])));
    // Before the work, and again under the lock as the results move: another slice may have been moved in meanwhile.
    const otherSlices = () => {
      if (a.shard) for (const s of scenarios) refuseOtherSlice(a.out, s.scenario.name, a.shard, sameRun(s.scenario, a.seed ?? s.scenario.seed, a.replications));
    };
    otherSlices();
    const lines: string[] = [];
    for (const s of scenarios) lines.push(await runOne(s, a, pool, out.stage));
    if (a.report && !a.shard) {
      const { buildRunReport } = await import('../reports.js');
      for (const s of scenarios) await writingInto(join(out.stage, s.scenario.name), (dir) => buildRunReport(dir));
    }
    await out.commit([], otherSlices);
    for (const s of scenarios) for (const note of scenarioNotes(s.scenario, s.raw)) print(`note: ${shownPath(s.file)}: ${note}`);
    // Each scenario's block ends with a blank line that sets it off from the next, or from the report's line.
    lines.forEach((l, i) => print(a.shard && i === lines.length - 1 ? l.replace(/\n$/, '') : l));
    if (a.report && !a.shard) for (const s of scenarios) print(`report: ${shownPath(join(a.out, s.scenario.name, 'report.html'))}`);
    else if (!a.shard && scenarios.length > 0) {
      print(`report: hubsim report ${shellWord(portablePath(join(a.out, scenarios[0].scenario.name)))}${scenarios.length > 1 ? ' (one per scenario folder)' : ''}, or run with --report`);
    }
  } catch (err) {
    throw out.explained(err);
  } finally {
    await pool.close();
    out.discard();
  }
}

/** Whether a slice's manifest is of the sharded run of `scenario` with `seed` and `replications`. */
function sameRun(scenario: Scenario, seed: number, replications: number): (m: Readonly<Record<string, unknown>>) => boolean {
  const hash = scenarioHash(scenario);
  return (m) => m.scenarioHash === hash && m.seed === seed && m.replications === replications;
}

async function runOne(source: Source, a: RunArgs, pool: ReplicationPool, stage: string): Promise<string> {
  const s = source.scenario;
  const seed = a.seed ?? s.seed;
  const slice = a.shard ? shardRange(a.replications, a.shard.k, a.shard.n) : { first: 1, last: a.replications };
  const count = Math.max(0, slice.last - slice.first + 1);
  const max = a.maxReplications ?? a.replications;
  // Asked only for --precision: with a trace it reads every row's columns.
  const constant: ReadonlySet<string> = a.precision ? constantMetrics(s) : new Set();
  const sequential = a.precision ? precisionRule(a.precision, max, constant) : undefined;
  const judged = a.precision ? (rows: readonly ReplicationRow[]) => precisionRecord(a.precision!, max, summariseRows(rows), constant) : undefined;
  const { opts, stop } = await withProgress(
    { seed, replications: a.replications, shard: a.shard, pool, sessions: a.sessions, power: a.power, extend: sequential, judged, source },
    a.precision ? (a.maxReplications ?? count) : count,
    s.name,
  );
  const rows = await runBatch(s, opts, stage).catch(headedBy(source.file)).finally(stop);
  const sum = summariseRows(rows);
  const cut = powerCutNote(s, a.power, slice.first === 1 && count > 0);
  if (a.precision) return precisionReport(s, a, seed, join(a.out, s.name), rows, sum, constant, cut);
  const what = a.shard
    ? count > 0
      ? `${slice.first === slice.last ? `replication ${slice.first}` : `replications ${slice.first}–${slice.last}`} of ${a.replications} (shard ${a.shard.k}/${a.shard.n})`
      : `no replications of ${a.replications} (shard ${a.shard.k}/${a.shard.n} is empty)`
    : counted(count, 'replication');
  const head = `${s.name}: ${what}, seed ${seed} → ${shownPath(`${join(a.out, s.name)}/`)}`;
  if (count === 0) return `${head}\n`;
  const shown = headlineFor([s]);
  return `${head}\n${table(['metric', count > 1 ? 'mean ± 95% CI' : 'value'], shown.map((m) => [m, count > 1 ? withCi(sum[m]) : human(sum[m].mean)]))}\n${linesBelow(s, shown, sum, count, cut)}`;
}

/**
 * What follows the table of `shown` means over `replications` replications, each line ended: a note
 * of those over fewer (see fewerLine), what the battery's and money totals are over, and `cut`, a
 * power.csv cut short (see powerCutNote).
 */
function linesBelow(s: Scenario, shown: readonly MetricName[], sum: Record<string, Summary>, replications: number, cut: string | undefined): string {
  const peak = shown.includes('grid_peak_kw') ? peakPastLimitLine([{ tag: '', scenario: s, peak: sum.grid_peak_kw }]) : undefined;
  const lines = [fewerLine([{ label: '', sums: shown.map((m) => [m, sum[m]]) }], replications, 'summary.csv'), peak, planTotalsLine(shown.filter((m) => sum[m].n > 0), [s.horizon]), cut];
  return lines.filter((l) => l !== undefined).map((l) => `${l}\n`).join('');
}

/**
 * The sequential rule of `--precision`: after each batch, stop when every named metric's 95 %
 * interval is narrow enough (`precise`), or at `max` replications; otherwise double the
 * replications (capped at `max`). Doubling keeps the number of checks, and so of pool start-ups
 * and of chances to stop early on a lucky narrow interval, logarithmic in the replications run.
 * `constant`: the scenario's metrics that are the same in every replication by their definition.
 */
export function precisionRule(precision: readonly Precision[], max: number, constant: ReadonlySet<string> = new Set()): (rows: readonly ReplicationRow[]) => number | undefined {
  return (rows) => {
    const sum = summariseRows(rows);
    if (precision.every((p) => precise(sum[p.metric], p, constant.has(p.metric))) || rows.length >= max) return undefined;
    return Math.min(2 * rows.length, max);
  };
}

/** What run.json records of `--precision`: each metric asked, and whether the replications' `sum` reached it. */
export function precisionRecord(precision: readonly Precision[], maxReplications: number, sum: Record<string, Summary>, constant: ReadonlySet<string>): PrecisionRecord {
  return { maxReplications, metrics: precision.map((p) => ({ metric: p.metric, relative: p.relative, value: p.value, reached: precise(sum[p.metric], p, constant.has(p.metric)) })) };
}

/**
 * One line per --precision metric: its half-width now, what was asked, and whether it was reached;
 * `known` tells the metrics that the replications cannot but give alike (see `constantMetrics`);
 * `ran`, how many replications ran, of which `sum` may count fewer for a metric some leave undefined.
 */
export function precisionLines(precision: readonly Precision[], sum: Record<string, Summary>, known: (metric: string) => boolean = () => false, ran?: number): { lines: string[]; missed: string[]; alikeAt: number; scarce: string[]; alike: string[] } {
  const lines: string[] = [];
  const missed: string[] = [];
  const alikeMissed: string[] = []; // metrics missed because their values merely agree
  const scarce: string[] = []; // metrics too few replications define for an interval
  // Where some metric missed only because its values merely agree: the replications it takes for
  // enough of them to agree, at the share of replications that defined it here (0: none such).
  let alikeAt = 0;
  for (const p of precision) {
    const s = sum[p.metric];
    const h = halfWidth(s);
    const ok = precise(s, p, known(p.metric));
    // A metric no replication, or one alone, defines (a wait where no truck was served) has no
    // interval: "half-width – = – % of the mean" said nothing of why.
    if (!ok && s.n < 2) {
      lines.push(`  ${p.metric}: defined by ${s.n === 0 ? 'no replication' : '1 replication only'} (summary.csv's n), too few for an interval: NOT reached`);
      missed.push(p.metric);
      scarce.push(p.metric);
      continue;
    }
    // A relative half-width of a mean of 0 is no number: the interval is said as it is.
    // Each number with the digits it takes to stand on its side of the other: a half-width just
    // over the limit is not printed as the limit beside "NOT reached".
    const relative = (h / Math.abs(s.mean)) * 100;
    const limit = (p.value / (1 + p.value)) * 100;
    const now = p.relative ? (s.mean === 0 ? 'around a mean of 0' : `${humanBeside(relative, limit)} % of the mean`) : humanBeside(h, p.value);
    const asked = p.relative ? `${human(p.value * 100)} % relative error: half-width <= ${s.mean === 0 ? human(limit) : humanBeside(limit, relative)} % of the mean` : `<= ${humanBeside(p.value, h)}`;
    // An interval of no width that is not enough: the values agree, but too few of them to say so.
    const alike = !ok && !known(p.metric) && tooAlike(s, 0.95);
    // Of the replications run, those that define the metric (a wait where a truck was served).
    const some = ran !== undefined && s.n < ran;
    if (alike) alikeAt = Math.max(alikeAt, some ? Math.ceil((alikeNeeded(0.95) * ran) / s.n) : alikeNeeded(0.95));
    if (alike) alikeMissed.push(p.metric);
    const which = some ? ` that define it (of ${ran})` : '';
    const why = alike ? `: all ${s.n} replications${which} gave ${human(s.mean)}, which stands for the mean once ${alikeNeeded(0.95)} agree` : '';
    lines.push(`  ${p.metric}: 95% half-width ${p.relative ? human(h) : humanBeside(h, p.value)} = ${now} (asked ${asked}) ${ok ? 'reached' : 'NOT reached'}${why}`);
    if (!ok) missed.push(p.metric);
  }
  return { lines, missed, alikeAt, scarce, alike: alikeMissed };
}

/**
 * What to do when the replications ran out before the precision asked for `missed` was reached;
 * `alikeAt`: some of them merely agreed, too few to say anything, which only more replications mend:
 * this many, for enough of them to agree where only a share of the replications define the metric
 * (see `precisionLines`; 0: none such).
 */
export function stoppedNote(maxReplications: number, missed: readonly string[], alikeAt = 0, scarce: readonly string[] = [], alike: readonly string[] = missed): string {
  const at = `note: stopped at --max-replications ${maxReplications} before the precision asked for ${missed.join(', ')} was reached`;
  const more = maxReplications < MAX_REPLICATIONS ? 'raise --max-replications' : `ask for a looser --precision (${MAX_REPLICATIONS} replications is the most hubsim runs)`;
  // No wider interval to accept: the replications' windows hold too little for the metric to be measured.
  if (scarce.length === missed.length) {
    return `${at}; fewer than 2 replications define ${scarce.length === 1 ? 'it' : 'them'}: a replication whose statistics window has nothing to measure (no truck arrived, or none plugged in) defines none: a longer horizon or more traffic gives ${scarce.length === 1 ? 'it' : 'them'} an interval sooner than more replications`;
  }
  if (alikeAt > maxReplications) {
    const enough = alikeNeeded(0.95);
    // Where only some replications define a metric (a wait where a truck was served), more than
    // `enough` replications are needed for `enough` of its values: as many more as that share says.
    const share = alikeAt === enough ? '' : ` (for ${enough} that define the metric, at the share of replications that did here)`;
    // The metrics whose interval is merely wider than asked need more than that count says, and
    // those too few replications define something else: each told apart.
    const wide = missed.filter((m) => !alike.includes(m) && !scarce.includes(m));
    const which = wide.length + scarce.length === 0 ? '' : ` for ${alike.join(', ')}`;
    const rest =
      (scarce.length === 0 ? '' : `; for ${scarce.join(', ')}, which fewer than 2 replications define, a longer horizon or more traffic`) +
      (wide.length === 0 ? '' : `; for ${wide.join(', ')}, whose interval is wider than asked, ${more}, or accept the wider interval`);
    if (alikeAt <= MAX_REPLICATIONS) return `${at};${which} raise --max-replications to at least ${alikeAt}${share}, for values that agree to stand for the mean${rest}`;
    return `${at};${which} values that agree stand for the mean once ${enough} replications define the metric, some ${alikeAt} at the share of replications that did here, more than hubsim runs (${MAX_REPLICATIONS}): a longer horizon or more traffic defines it in more replications${rest}`;
  }
  return `${at}; ${more}, or accept the wider interval`;
}

function precisionReport(s: Scenario, a: RunArgs, seed: number, where: string, rows: readonly ReplicationRow[], sum: Record<string, Summary>, constant: ReadonlySet<string>, cut: string | undefined): string {
  const n = rows.length;
  const { lines, missed, alikeAt, scarce, alike } = precisionLines(a.precision!, sum, (m) => constant.has(m), n);
  const head = `${s.name}: ${n} replications (from ${a.replications}, doubling until precise, at most ${a.maxReplications}), seed ${seed} → ${shownPath(`${where}/`)}`;
  const note =
    missed.length === 0
      ? 'precision reached for every metric asked'
      : stoppedNote(a.maxReplications ?? a.replications, missed, alikeAt, scarce, alike);
  const shown = headlineFor([s]);
  const body = table(['metric', 'mean ± 95% CI'], shown.map((m) => [m, withCi(sum[m])]));
  return `${head}\n${lines.join('\n')}\n${note}\n${body}\n${linesBelow(s, shown, sum, n, cut)}`;
}
