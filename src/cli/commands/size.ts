import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, OverloadedError, shownPath } from '../../errors.js';
import { constantMetrics, type Metrics } from '../../model/metrics.js';
import { cabinetsTotalKw, type Scenario } from '../../scenario/types.js';
import { csvText, exact } from '../../output/csv.js';
import { replicationSeed } from '../../random/streams.js';
import { getAt, parsePath, setAt } from '../../scenario/paths.js';
import { alikeNeeded, pairsAgree, type Target } from '../../stats/onesided.js';
import { gapBelow, sizeSearch, topFailsWorse, worseWithMore, type Evaluation, type FrontierPoint, type SizingResult } from '../../stats/sizing.js';
import { MAX_DESIGNS, MAX_REPLICATIONS, MAX_REPLICATIONS_FACTOR, type Parameter } from '../args.js';
import { scenarioHash } from '../batch.js';
import { buildDesigns, checkDesignCount, checkPaths, designLabel, designNotes, loadBase, totalsLine, type Base, type Design } from '../designs.js';
import { checkModelled, inputsOf, lacks } from './common.js';
import { OutputRoot } from '../outdir.js';
import { writingInto } from '../staging.js';
import { VERSION } from '../version.js';
import { ReplicationPool, type Workers } from '../pool.js';
import { metricsTask } from '../replicate.js';
import { progress } from '../progress.js';
import { crossProduct, designConnections, designHorizons, designsCsv, runJsonText, showValue, valueText, writeDesignReplications, type DesignConnection, type DesignHorizon, type DesignRow } from '../sweepfiles.js';
import { fitTable, human, humanBeside, noWidth } from '../table.js';
import { diffScale, exceeds, formatExact, percentExact } from '../../report/format.js';
import { connectionWords, holdsBack, underConnection } from '../../report/sizing.js';
import { summarise, tHalfWidth } from '../../stats/summary.js';
import { counted, firstFew, shellWord } from '../../words.js';

export interface SizeArgs {
  readonly scenario: string;
  /** The parameter to size (numbers, increasing), then optionally the frontier's second. */
  readonly vary: readonly Parameter[];
  readonly targets: readonly Target[];
  readonly confidence: number;
  readonly replications: number;
  readonly maxReplications: number;
  /** Whether --max-replications was given (else it is its default, from --replications): what a message blames. */
  readonly maxReplicationsGiven?: boolean;
  readonly seed?: number;
  readonly workers: Workers;
  readonly out: string;
  /** Write report.html with the frontier of the designs evaluated. */
  readonly report: boolean;
}

/**
 * size.csv's header, for one row per evaluated design × target: the varied parameters' paths after
 * `design`; `ci_low` and `ci_high` are the two one-sided bounds at --confidence.
 */
const sizeColumns = (vary: readonly Parameter[]) => ['design', ...vary.map((p) => p.path), 'replications', 'metric', 'mean', 'ci_low', 'ci_high', 'target', 'verdict'];

/** How many designs the search may hold at once: across the second parameter's values, a bisection's each. */
function designsHeldAtOnce(a: SizeArgs): { readonly across: number; readonly designs: number } {
  return { across: a.vary[1]?.values.length ?? 1, designs: Math.ceil(Math.log2(a.vary[0].values.length)) + 2 };
}

/**
 * Every replication the search runs stays in memory until size.csv and replications.csv are
 * written, as a sweep's do: their number is held to MAX_REPLICATIONS, as a sweep's designs ×
 * replications are, at the most the search may run. For each value of the second parameter it
 * evaluates a top (the range's, or the answer for the value before), perhaps the range's top as
 * well, and one design per halving of the range, each with up to --max-replications. (An answer
 * that fails once held to its neighbour's replications sends the search on above it, another
 * bisection of what lies there, at most once per doubling of the replications: rare, and not
 * counted, as it would refuse searches that hold their bound in all but such cases; README says so.)
 * @throws InputError naming the numbers when the search could hold more
 */
function checkHeldReplications(a: SizeArgs): void {
  const { across, designs } = designsHeldAtOnce(a);
  const most = across * designs * a.maxReplications;
  if (most > MAX_REPLICATIONS) {
    // The option given is blamed: --replications where the maximum is its default.
    const given = a.maxReplicationsGiven !== false;
    const designsHeld = a.vary[1] === undefined ? `up to ${designs} designs` : `${counted(across, 'value')} of the second parameter × up to ${designs} designs each`;
    throw new InputError([
      {
        path: given ? '--max-replications' : '--replications',
        expected: given
          ? `must keep the replications the search may hold in memory at most ${MAX_REPLICATIONS} (lower it, or narrow the ranges; without it, it is ${MAX_REPLICATIONS_FACTOR} × --replications, at most ${MAX_REPLICATIONS})`
          : `must keep the replications the search may hold in memory at most ${MAX_REPLICATIONS}, with --max-replications at its default of ${MAX_REPLICATIONS_FACTOR} × --replications (at most ${MAX_REPLICATIONS}): lower it, give a lower --max-replications, or narrow the ranges`,
        found: `${designsHeld} × ${a.maxReplications} replications = ${most}`,
      },
    ]);
  }
}

/** Designs a message names one by one; it counts the rest. */
const NAMED_LACKING = 3;

/**
 * Refuses a target whose metric some designs of the range do not define (a second parameter's
 * `economics` without the price, or a `hub` without the battery): it is empty in every replication
 * of those, so no number of replications could settle them, and the search would spend every
 * replication it may on each before calling it undecided.
 * @throws InputError naming the target, what the metric needs and the designs that lack it.
 */
function checkEveryDesignModels(a: SizeArgs, designs: readonly { readonly index: number; readonly values: readonly unknown[]; readonly scenario: Scenario }[]): void {
  const issues = [...new Set(a.targets.map((t) => t.metric))].flatMap((m) => {
    const lacking = designs.filter((d) => lacks(m, d.scenario) !== undefined);
    if (lacking.length === 0) return [];
    const named = firstFew(lacking, NAMED_LACKING, (d) => designLabel(d, a.vary));
    return [{ path: `--target ${m}`, expected: `must be a metric every design defines: it needs ${lacks(m, lacking[0].scenario)}, which ${named} ${lacking.length === 1 ? 'lacks' : 'lack'}` }];
  });
  if (issues.length > 0) throw new InputError(issues);
}

/** `p_wait_over_15min <= 0.05`. */
const targetText = (t: Target) => `${t.metric} ${t.op} ${t.value}`;

/**
 * `hubsim size`: the smallest value of the first --vary parameter that meets every target with
 * confidence (for each value of a second --vary parameter, if given). Every design of the range is
 * validated before anything runs; the designs the search evaluates run on one pool, replication r
 * of each with the same seed (the same trucks). Writes OUT/size-<name>/ and prints the decision
 * with its evidence; its tables fit a terminal as wide as `width()` says when it prints, each part
 * repeating the design and its values (see `fitTable`).
 * @throws InputError for a bad path or value (naming it and the design) or replications below 2.
 */
export async function sizeCommand(a: SizeArgs, print: (s: string) => void, width: () => number | undefined = noWidth): Promise<SizingResult> {
  const base = await loadBase(a.scenario);
  checkPaths(base, a.vary, '--vary');
  checkDesignCount(a.vary, '--vary', ", each value of the first parameter with each of the second: the search runs only some, but every one is built and checked before it starts");
  checkHeldReplications(a);
  const combos = crossProduct(a.vary);
  const designs = new Map((await buildDesigns(base, a.vary, combos)).map((d) => [JSON.stringify(d.values), d]));
  checkModelled(
    a.targets.map((t) => t.metric),
    [...designs.values()].map((d) => d.scenario),
    '--target',
  );
  checkEveryDesignModels(a, [...designs.values()]);
  const seed = a.seed ?? base.scenario.seed;
  const name = base.scenario.name;
  const folder = `size-${name}`;
  const scenarioOf = (values: readonly unknown[]): Scenario => designs.get(JSON.stringify(values))!.scenario;
  const constantOf = (values: readonly unknown[]): ReadonlySet<string> => constantMetrics(scenarioOf(values));
  const out = await OutputRoot.open(a.out);
  const pool = new ReplicationPool(a.workers);
  let result: SizingResult;
  let facts: PointFacts[];
  try {
    out.checkTargets([[folder, 'size']], [], inputsOf(base.file, [...designs.values()].map((d) => d.scenario)));
    result = await sizeSearch(
      {
        sized: a.vary[0].values as number[],
        across: a.vary[1]?.values,
        acrossMonotone: a.vary[1] !== undefined && a.vary[1].values.every((v) => typeof v === 'number'),
        targets: a.targets,
        confidence: a.confidence,
        replications: a.replications,
        maxReplications: a.maxReplications,
        constant: constantOf,
      },
      async (values, from, to) => {
        const design = designs.get(JSON.stringify(values))!;
        const tasks = [];
        for (let r = from; r <= to; r++) tasks.push(metricsTask(design.scenario, seed, r));
        // The bar counts the design's replications so far too: a doubling from 20 to 40 shows 20/40.
        const bar = await progress(to, `${name} ${a.vary.map((p, i) => `${p.path}=${showValue(values[i])}`).join(' ')}`, { done: from - 1 });
        // Every design has the base scenario's name: a problem met while running is named with its design.
        try {
          const outcomes = await pool
            .run(tasks, { onDone: () => bar.tick(), onShare: (s) => bar.share(s), name: () => designLabel(design, a.vary) })
            .finally(() => bar.stop());
          return outcomes.map((o) => o.metrics);
        } catch (err) {
          // A design too small to clear its trucks (often a range's bottom, which the bisection may
          // visit) fails, and the search goes on above it.
          if (err instanceof OverloadedError) return { overloaded: err.issues.map((i) => i.found ?? i.expected).join('; ') };
          throw err;
        }
      },
    );
    // The threads' heaps are not held while the files and the report are written.
    await pool.close();
    facts = frontierFacts(a, result, scenarioOf, constantOf);
    const dir = join(out.stage, folder);
    await writingInto(dir, () => {
      mkdirSync(dir);
      writeSizeFiles(dir, a, base, seed, result, horizonsOf(result), connectionsOf(result), facts);
    });
    if (a.report) {
      const { buildPlanReport } = await import('../reports.js');
      await writingInto(dir, () => buildPlanReport(dir, VERSION));
    }
    await out.commit();
  } catch (err) {
    throw out.explained(err);
  } finally {
    await pool.close();
    out.discard();
  }
  for (const note of designNotes(base.file, base.scenario, evaluated(result), a.vary)) print(note);
  for (const line of report(a, base, result, width(), facts)) print(line);
  const totals = totalsLine(a.targets.map((t) => t.metric), horizonsOf(result));
  if (totals !== undefined) print(totals);
  print(`\nwrote ${shownPath(`${join(a.out, folder)}/`)}`);
  if (a.report) print(`report: ${shownPath(join(a.out, folder, 'report.html'))}`);
  return result;

  /** The designs the search evaluated, in its order, numbered as its table numbers them. */
  function evaluated(r: SizingResult): Design[] {
    return r.evaluations.map((e) => ({ ...designs.get(JSON.stringify(e.values))!, index: e.index }));
  }

  /** The statistics windows of the designs the search evaluated: a swept horizon gives them several. */
  function horizonsOf(r: SizingResult): DesignHorizon[] {
    return designHorizons(evaluated(r).map((d) => d.scenario.horizon));
  }

  /** The grid connections of the designs the search evaluated, which a swept hub.gridKw sets. */
  function connectionsOf(r: SizingResult): DesignConnection[] {
    return designConnections(evaluated(r).map((d) => d.scenario.hub.gridKw));
  }
}

/** How a planner names a value: "7 CCS bays" for a charger group's cabinets, "a 2,500 kW grid connection", or the path and value. */
export function describeSetting(raw: unknown, path: string, value: unknown): string {
  const words = settingWords(raw, path, value);
  if (words !== undefined) return `${words} (${path} ${value === null ? 'left out' : `= ${showValue(value)}`})`;
  return value === null ? `${path} left out` : `${path} = ${showValue(value)}`;
}

/**
 * A value in a planner's words where the sized field has them (`raw` the design's scenario, for a
 * charger group's connector and bays per cabinet): "7 CCS bays", "a 2,500 kW grid connection", "no
 * grid limit"; undefined for any other field.
 */
export function settingWords(raw: unknown, path: string, value: unknown): string | undefined {
  const group = /^hub\.chargers\[(\d+)\]\.cabinets$/.exec(path);
  if (group && typeof value === 'number') {
    const steps = parsePath(`hub.chargers[${group[1]}]`);
    const charger = getAt(raw, steps) as { connector?: unknown; baysPerCabinet?: unknown } | undefined;
    const connector = typeof charger?.connector === 'string' ? `${charger.connector} ` : '';
    const per = typeof charger?.baysPerCabinet === 'number' ? charger.baysPerCabinet : 1;
    return per === 1 ? counted(value, `${connector}bay`) : `${value} ${connector}cabinets (${value * per} bays)`;
  }
  if (path === 'hub.gridKw' && typeof value === 'number') {
    const kw = formatExact(value);
    // "an 8,000 kW", "an 11,000 kW" (eight…, eleven…, eighteen…), "a 1,100 kW".
    const lead = /^\d+/.exec(kw)?.[0] ?? '';
    return `${lead.startsWith('8') || lead === '11' || lead === '18' ? 'an' : 'a'} ${kw} kW grid connection`;
  }
  if (path === 'hub.gridKw' && value === null) return 'no grid limit';
  return undefined;
}

/**
 * An evaluated design's scenario as written, from which its sized value is named: a second
 * parameter may change how many bays a cabinet has, or the connector.
 */
function designRaw(base: Base, a: SizeArgs, e: Evaluation): unknown {
  return a.vary.reduce<unknown>((raw, p, i) => setAt(raw, p.steps, e.values[i]), base.raw);
}

/** A confidence as a percentage with every digit given: 0.999 is "99.9 %", and 0.999999 is not "100 %". */
export const confidenceText = (c: number): string => percentExact(c, ' ');

/**
 * A target's evidence for a design, `p_wait_over_15min 0.031, 95 % upper bound 0.04 <= 0.05: meets`: the
 * bound that decided its verdict, the one on the target's side unless the target fails (then the
 * opposite one, beyond the threshold).
 */
function evidence(e: Evaluation, confidence: number): string {
  if (e.overloaded !== undefined) return `overloaded, its hub never clears its trucks (${e.overloaded}): fails`;
  return e.targets
    .map((t) => {
      const upper = (t.target.op === '<=') !== (t.verdict === 'fails');
      const side = upper ? 'upper' : 'lower';
      const bound = upper ? t.bounds.high : t.bounds.low;
      // A replication in which the metric is undefined (no truck plugged in) has no part in its bounds.
      const over = t.bounds.n < e.replications ? ` (over the ${t.bounds.n} replications that define it)` : '';
      if (t.bounds.spreadless) {
        const all = t.bounds.n === e.replications ? `in all ${t.bounds.n} replications` : `in all ${t.bounds.n} replications that define it`;
        return `${t.target.metric} ${human(t.bounds.mean)} ${all}, no spread to bound it by until ${alikeNeeded(confidence)} agree (${confidenceText(confidence)} confidence): ${t.verdict}`;
      }
      // The bound beside the threshold it was read against: with two targets (or a metric bounded
      // both ways), "upper bound 0.9499: fails" left the reader to find which threshold failed it.
      const cmp = t.target.op === '>=' ? (t.verdict === 'meets' ? '>=' : '<') : t.verdict === 'meets' ? '<=' : '>';
      return `${t.target.metric} ${human(t.bounds.mean)}${over}, ${confidenceText(confidence)} ${side} bound ${humanBeside(bound, t.target.value)}${Number.isNaN(bound) ? '' : ` ${cmp} ${t.target.value}`}: ${t.verdict}`;
    })
    .join('; ');
}

/**
 * The paired difference answer − below of one target's metric, over the replications both ran (the
 * same trucks); run.json's decision records them as `difference`.
 */
export interface PairedDifference {
  readonly metric: string;
  readonly mean: number;
  /** Its two-sided interval at the run's confidence; absent where it has none (fewer than 2 pairs, or `alike`). */
  readonly low?: number;
  readonly high?: number;
  /** The pairs that both designs define. */
  readonly pairs: number;
  /** Every pair gives one difference, too few of them to stand for the mean without an interval. */
  readonly alike: boolean;
}

/** The paired differences of an answer's target metrics, over the replications both designs ran. */
export interface PairedDifferences {
  readonly replications: number;
  readonly metrics: readonly PairedDifference[];
}

/**
 * The paired differences answer − below per target metric, with their two-sided intervals at the
 * run's confidence: the level the verdicts are given at. `constant`: a design's metrics that are the
 * same in every replication by their definition.
 */
function pairedDifferences(answer: Evaluation, below: Evaluation, targets: readonly Target[], confidence: number, constant: (values: readonly unknown[]) => ReadonlySet<string>): PairedDifferences {
  const n = Math.min(answer.replications, below.replications);
  // A metric the same in every replication of both designs (by its definition, or as neither draws
  // anything at random) differs by the same in every pair, and that is its difference.
  const knownAnswer = constant(answer.values);
  const knownBelow = constant(below.values);
  const metrics = targets.map((t) => {
    const d = summarise(answer.metrics.slice(0, n).map((m, i) => m[t.metric] - below.metrics[i][t.metric]));
    // Two-sided at the confidence: one-sided bounds at (1 + confidence) / 2 each side.
    const half = tHalfWidth(d.sd, d.n, (1 + confidence) / 2);
    // An interval of no width over pairs that merely agree so far says nothing, read as `compare`
    // reads its own at 95 %.
    const meanOf = (e: Evaluation) => summarise(e.metrics.slice(0, n).map((m) => m[t.metric])).mean;
    const alike = !Number.isNaN(half) && !(knownAnswer.has(t.metric) && knownBelow.has(t.metric)) && pairsAgree(d, diffScale(meanOf(answer), meanOf(below)), confidence);
    return { metric: t.metric, mean: d.mean, ...(Number.isNaN(half) || alike ? {} : { low: d.mean - half, high: d.mean + half }), pairs: d.n, alike };
  });
  return { replications: n, metrics };
}

/** The paired differences as the terminal gives them, after `difference, 7 − 6, `. */
function paired(diff: PairedDifferences, confidence: number): string {
  const parts = diff.metrics.map((d) => {
    const ci = d.alike ? `, the same in all ${d.pairs} pairs` : d.low === undefined ? '' : `, ${confidenceText(confidence)} CI [${human(d.low)}, ${human(d.high!)}]`;
    const over = d.pairs < diff.replications ? ` (over the ${d.pairs} pairs that both define)` : '';
    return `${d.metric} ${human(d.mean)}${over}${ci}`;
  });
  return `paired over ${diff.replications} replications with the same trucks: ${parts.join('; ')}`;
}

/**
 * What an answer shows of the grid connection (run.json's decision records it as `connection`): the
 * highest demand_peak_kw over the design's replications, with the connection (and a site battery's
 * power) it is read against.
 */
export interface ConnectionFacts {
  readonly demandPeakKw: number;
  readonly connectionKw: number;
  /** A limit given by hour: its lowest value (connectionKw is its largest), which the demand peak is read against. */
  readonly lowestKw?: number;
  readonly batteryKw?: number;
  /**
   * Sizing the connection with nothing shown to meet: the most the hub's cabinets give all together
   * (each cabinet its cabinetKw, or its bays' if less). At or under the connection, the connection
   * can never hold the trucks back, where a demand peak of interval means under it only says seldom.
   */
  readonly cabinetsKw?: number;
  /**
   * true: sizing anything but the connection, the answer's trucks' unconstrained demand goes past
   * the connection (and battery), which holds them back at their busiest, so a larger one may meet
   * the targets with less (phase one's 7 bays would draw up to 2,775 kW on its 2,400 kW). false:
   * sizing the connection with nothing in range shown to meet, the demand never came up to the top
   * of the range: more connection is not what the targets need.
   */
  readonly binds: boolean;
}

/** The connection facts of a frontier point's answer, or of its top when it has none; undefined when there is nothing to say. */
function connectionFacts(sizedPath: string, p: FrontierPoint, e: Evaluation, scenarioOf: (values: readonly unknown[]) => Scenario): ConnectionFacts | undefined {
  if (e.metrics.length === 0) return undefined;
  const peak = Math.max(...e.metrics.map((m) => m.demand_peak_kw));
  if (sizedPath === 'hub.gridKw') {
    const kw = e.values[0];
    if (!(p.answer === undefined && p.bottomEvaluation === undefined && typeof kw === 'number' && peak < kw)) return undefined;
    const cabinetsKw = cabinetsTotalKw(scenarioOf(e.values).hub.chargers);
    return { demandPeakKw: peak, connectionKw: kw, cabinetsKw, binds: false };
  }
  const hub = scenarioOf(e.values).hub;
  if (p.answer === undefined || !Number.isFinite(hub.gridKw)) return undefined;
  // A site battery gives the trucks up to its power beyond the connection while it holds energy:
  // only demand past both is surely held back. A limit by hour is read at its lowest (gridKw is its
  // largest), where it may hold them back in those hours.
  const batteryKw = hub.battery?.powerKw;
  // Past its largest value too, it holds them back at their busiest, as a constant one does.
  const lowestKw = hub.gridKwByHour === undefined || exceeds(peak, hub.gridKw + (batteryKw ?? 0)) ? undefined : Math.min(...hub.gridKwByHour);
  if (!exceeds(peak, (lowestKw ?? hub.gridKw) + (batteryKw ?? 0))) return undefined;
  return { demandPeakKw: peak, connectionKw: hub.gridKw, ...(lowestKw !== undefined ? { lowestKw } : {}), ...(batteryKw !== undefined ? { batteryKw } : {}), binds: true };
}

/** What the terminal says, and run.json records, beside a frontier point's decision (see connectionFacts and pairedDifferences). */
interface PointFacts {
  readonly connection?: ConnectionFacts;
  /** The answer against the next value down (not where that one was overloaded: it has no metrics). */
  readonly difference?: PairedDifferences;
}

/** Each frontier point's facts, worked out once for the terminal and run.json alike. */
function frontierFacts(a: SizeArgs, result: SizingResult, scenarioOf: (values: readonly unknown[]) => Scenario, constantOf: (values: readonly unknown[]) => ReadonlySet<string>): PointFacts[] {
  const byIndex = (i: number | undefined) => (i === undefined ? undefined : result.evaluations[i - 1]);
  return result.frontier.map((p) => {
    const shown = byIndex(p.answerEvaluation ?? p.topEvaluation);
    const connection = shown === undefined ? undefined : connectionFacts(a.vary[0].path, p, shown, scenarioOf);
    const [answer, below] = [byIndex(p.answerEvaluation), byIndex(p.belowEvaluation)];
    const difference = answer === undefined || below === undefined || below.overloaded !== undefined ? undefined : pairedDifferences(answer, below, a.targets, a.confidence, constantOf);
    return { ...(connection ? { connection } : {}), ...(difference ? { difference } : {}) };
  });
}

/** The decision as sentences, one per frontier point, then every evaluated design. */
function report(
  a: SizeArgs,
  base: Base,
  result: SizingResult,
  width: number | undefined,
  facts: readonly PointFacts[],
): string[] {
  const name = base.scenario.name;
  const sized = a.vary[0];
  const targets = a.targets.map(targetText).join(' and ');
  const conf = confidenceText(a.confidence);
  const byIndex = (i: number | undefined) => (i === undefined ? undefined : result.evaluations[i - 1]);
  const sizedText = (e: Evaluation) => describeSetting(designRaw(base, a, e), sized.path, e.values[0]);
  const lines: string[] = [];
  const explained = new Set<number>(); // the overloaded designs a decision names with their reason
  result.frontier.forEach((p, i) => {
    const prefix = a.vary[1] ? `${name}, with ${describeSetting(base.raw, a.vary[1].path, p.across)}` : name;
    lines.push(...decision(p, facts[i], prefix));
  });
  if (a.vary[1]) {
    // Of the values searched where any answer has values left out below it (see `gapBelow`).
    const gapped = result.frontier.some((p) => p.answer !== undefined && p.belowEvaluation !== undefined && gapBelow(byIndex(p.belowEvaluation)!.values[0], p.answer));
    lines.push('', `frontier: the smallest ${sized.path}${gapped ? ' of the values searched' : ''} that meets every target, for each ${a.vary[1].path}`);
    lines.push(fitTable([a.vary[1].path, sized.path], result.frontier.map((p) => [showValue(p.across), p.answer !== undefined ? showValue(p.answer) : p.bottomEvaluation !== undefined ? 'no answer' : 'none in range']), width));
  }
  lines.push('', `designs evaluated (mean, ${conf} one-sided bounds; a design meets a target when the bound on its side clears it):`);
  const rows = result.evaluations.map((e) => [
    String(e.index),
    ...e.values.map(showValue),
    String(e.replications),
    ...e.targets.map((t) => `${human(t.bounds.mean)} [${humanBeside(t.bounds.low, t.target.value)}, ${humanBeside(t.bounds.high, t.target.value)}]`),
    e.overloaded !== undefined ? 'fails (overloaded)' : e.verdict === 'undecided' && e.replications >= a.maxReplications ? 'undecided (max)' : e.verdict,
  ]);
  lines.push(fitTable(['design', ...a.vary.map((p) => p.path), 'replications', ...a.targets.map(targetText), 'verdict'], rows, width, 1 + a.vary.length));
  // Why each overloaded design failed, where no decision above said so (the report points here).
  for (const e of result.evaluations) if (e.overloaded !== undefined && !explained.has(e.index)) lines.push(`design ${e.index}, ${sizedText(e)}: ${evidence(e, a.confidence)}`);
  return lines;

  /** The line on the grid connection beside an answer `e`, or beside the top of a range with none (see `connectionFacts`). */
  function connectionLine(c: ConnectionFacts | undefined, e: Evaluation): string[] {
    if (c === undefined) return [];
    const peak = `the trucks' unconstrained demand peaks at ${formatExact(Math.round(c.demandPeakKw))} kW (demand_peak_kw, its highest in any replication)`;
    if (!c.binds) {
      return [`  at the top, ${peak} under the ${formatExact(c.connectionKw)} kW connection${underConnection(c)}; the bays, cabinets or waiting spaces are (a sweep over them shows which)`];
    }
    const what = `${connectionWords(c)} (hub.gridKw)${c.batteryKw !== undefined ? ` and the battery's ${formatExact(c.batteryKw)} kW` : ''}`;
    return [`  at ${sizedText(e)}, ${peak}, past ${what}, ${holdsBack(c)}: the answer is for that connection, and a larger one may meet the targets with less (a size or sweep over both shows how they trade)`];
  }

  /**
   * Where `e` is undecided on a target its replications all give alike, and --max-replications
   * allows fewer than agreeing values need (a generous top meets it in every replication, and 16 ×
   * a small --replications is short of 59): the least that could decide it.
   */
  function tooFewToAgree(e: Evaluation): string {
    const needed = Math.max(
      0,
      ...e.targets.filter((t) => t.verdict === 'undecided' && t.bounds.spreadless && t.bounds.n > 0).map((t) => Math.ceil((alikeNeeded(a.confidence) * e.replications) / t.bounds.n)),
    );
    if (needed <= a.maxReplications) return '';
    // More than the search may hold (see checkHeldReplications) is no advice to follow.
    const { across, designs } = designsHeldAtOnce(a);
    const allowed = Math.floor(MAX_REPLICATIONS / (across * designs)); // (at least two designs: within MAX_REPLICATIONS)
    if (needed <= allowed) return `, short of the ${needed} that values all alike need: give --max-replications ${needed} or more`;
    // The narrowest search (two values, no second parameter) holds three designs.
    const narrower = needed <= Math.floor(MAX_REPLICATIONS / 3) ? `, and a narrower range${a.vary[1] === undefined ? '' : ' or fewer values of the second --vary'} allows more` : '';
    return `, short of the ${needed} that values all alike need, more than this search may hold (--max-replications at most ${allowed} here): a lower --confidence needs fewer${narrower}`;
  }

  function decision(p: FrontierPoint, f: PointFacts, prefix: string): string[] {
    if (p.answer === undefined) {
      const top = byIndex(p.topEvaluation)!;
      const why = top.verdict === 'fails' ? 'fails' : `is undecided after ${top.replications} replications (--max-replications${tooFewToAgree(top)}), so not shown to meet`;
      const bottom = byIndex(p.bottomEvaluation);
      if (bottom) {
        // Every target met at the bottom, or only those the top does not meet (the others may hold
        // between the two, with designs there meeting every target).
        const worse = worseWithMore(top, bottom);
        // The top fails each such target, or (at --max-replications) is not shown to meet it.
        const fails = topFailsWorse(bottom.targets.map((t) => t.verdict), top.targets.map((t) => t.verdict));
        const met =
          bottom.verdict === 'meets'
            ? `meets ${targets} with ${conf} confidence, and the top, ${sizedText(top)}, ${why}`
            : `meets ${worse.map(targetText).join(' and ')} with ${conf} confidence, which the top, ${sizedText(top)}, ${fails ? 'does not' : 'is not shown to meet'}`;
        explained.add(bottom.index).add(top.index);
        return [
          `${prefix}: no answer: the bottom of the range, ${sizedText(bottom)}, ${met}: a target ${fails ? 'gets' : 'may get'} worse with more of ${sized.path}, and size assumes none does; a sweep over the range shows where each target holds`,
          `  the bottom: design ${bottom.index}, ${bottom.replications} replications: ${evidence(bottom, a.confidence)}`,
          `  the top: design ${top.index}, ${top.replications} replications: ${evidence(top, a.confidence)}`,
        ];
      }
      // Said with the assumption it rests on: a target that is best in the middle of the range (met
      // by neither end) is met there, unseen.
      explained.add(top.index);
      return [`${prefix}: nothing up to ${sizedText(top)} is shown to meet ${targets} with ${conf} confidence: the top of the range ${why} (${evidence(top, a.confidence)}), and size assumes that more of ${sized.path} never hurts`, ...connectionLine(f.connection, top)];
    }
    const e = byIndex(p.answerEvaluation)!;
    const below = byIndex(p.belowEvaluation);
    // At the range's bottom, nothing smaller was looked at: the smallest of the range, not of all.
    const gap = below !== undefined && gapBelow(below.values[0], p.answer);
    const out = [`${prefix}: ${sizedText(e)} is the smallest ${below ? (gap ? 'of the values searched ' : '') : 'in the range '}that meets ${targets} with ${conf} confidence (evidence: design ${e.index}, ${e.replications} replications: ${evidence(e, a.confidence)})`, ...connectionLine(f.connection, e)];
    if (below) {
      const undecided = below.verdict === 'undecided' ? ' (the most allowed: undecided, so not shown to meet, though it may)' : '';
      if (below.overloaded !== undefined) {
        out.push(`  the next value down, ${sizedText(below)}: design ${below.index}: ${evidence(below, a.confidence)}`);
        explained.add(below.index);
      } else {
        out.push(`  the next value down, ${sizedText(below)}: design ${below.index}, ${below.replications} replications${undecided}: ${evidence(below, a.confidence)}`);
        out.push(`  difference, ${showValue(p.answer)} − ${showValue(below.values[0])}, ${paired(f.difference!, a.confidence)}`);
      }
      if (gap) {
        const [low, high] = [below.values[0] as number, p.answer];
        // The range that searches them, where size takes one (whole numbers, at most MAX_DESIGNS
        // of them), at the second parameter's value of this answer.
        const runs = Number.isInteger(low) && Number.isInteger(high) && high - low + 1 <= MAX_DESIGNS;
        const across = a.vary[1] === undefined ? '' : ` --vary ${shellWord(`${a.vary[1].path}=${valueText(p.across)}`)}`;
        const how = runs ? `--vary ${shellWord(`${sized.path}=${low}..${high}`)}${across} finds whether a smaller one meets` : 'a range or list between them finds whether a smaller one meets';
        out.push(`  values between ${showValue(low)} and ${showValue(high)} were not searched: ${how}`);
      }
    } else {
      out.push(`  it is the bottom of the range: smaller values were not searched`);
    }
    return out;
  }
}

/** Each evaluated design's replications, in the order of the designs, as replications.csv has them. */
function* replicationRows(result: SizingResult, seed: number): Generator<DesignRow> {
  for (const e of result.evaluations) {
    for (let i = 0; i < e.metrics.length; i++) yield { design: e.index, replication: i + 1, seed: replicationSeed(seed, i + 1), metrics: e.metrics[i] as Metrics };
  }
}

/** size.csv, designs.csv, replications.csv and run.json (the search's definition and decision). */
function writeSizeFiles(
  dir: string,
  a: SizeArgs,
  base: Base,
  seed: number,
  result: SizingResult,
  horizons: readonly DesignHorizon[],
  connections: readonly DesignConnection[],
  facts: readonly PointFacts[],
): void {
  const rows: string[][] = [];
  for (const e of result.evaluations) {
    for (const t of e.targets) {
      rows.push([String(e.index), ...e.values.map(showValue), String(e.replications), t.target.metric, exact(t.bounds.mean), exact(t.bounds.low), exact(t.bounds.high), `${t.target.op}${t.target.value}`, t.verdict]);
    }
  }
  writeFileSync(join(dir, 'size.csv'), csvText(sizeColumns(a.vary), rows));
  writeFileSync(join(dir, 'designs.csv'), designsCsv(a.vary, result.evaluations));
  writeDesignReplications(join(dir, 'replications.csv'), replicationRows(result, seed));
  // The designs an answer names, each by its sized value in a planner's words where the field has
  // them ("6 CCS bays"), as the terminal says them: the report says them alike.
  const words = (designs: readonly (number | undefined)[]) => {
    const out: Record<string, string> = {};
    for (const d of designs) {
      const e = result.evaluations.find((x) => x.index === d);
      if (e === undefined) continue;
      const said = settingWords(designRaw(base, a, e), a.vary[0].path, e.values[0]);
      if (said !== undefined) out[String(d)] = said;
    }
    return Object.keys(out).length > 0 ? { words: out } : {};
  };
  const decision = result.frontier.map((p, i) => ({
    ...(a.vary[1] ? { [a.vary[1].path]: p.across } : {}),
    smallest: p.answer ?? null,
    design: p.answerEvaluation ?? null,
    below: p.belowEvaluation ?? null,
    ...(p.answer === undefined ? { top: p.topEvaluation, ...(p.bottomEvaluation === undefined ? {} : { bottom: p.bottomEvaluation }) } : {}),
    ...facts[i],
    ...words([p.answerEvaluation, p.belowEvaluation, p.topEvaluation, p.bottomEvaluation]),
  }));
  const run = {
    command: 'size',
    hubsim: VERSION,
    scenario: base.scenario.name,
    scenarioHash: scenarioHash(base.scenario),
    seed,
    confidence: a.confidence,
    replications: a.replications,
    maxReplications: a.maxReplications,
    parameters: a.vary.map((p) => ({ path: p.path, values: p.values })),
    targets: a.targets.map((t) => `${t.metric}${t.op}${t.value}`),
    decision,
    designsEvaluated: result.evaluations.length,
    horizons: horizons.map((h) => ({ days: h.days, warmupDays: h.warmupDays, designs: h.designs })),
    connections: connections.map((c) => ({ kw: c.kw, designs: c.designs })),
  };
  writeFileSync(join(dir, 'run.json'), runJsonText(run));
}
