import { join } from 'node:path';
import { InputError, shownPath } from '../../errors.js';
import { PLAN_METRICS_IF_DEFINED, type MetricName } from '../../model/metrics.js';
import { isTotal } from '../../report/metrics.js';
import { summarise, type Summary } from '../../stats/summary.js';
import { MAX_REPLICATIONS, type Parameter } from '../args.js';
import { refuseOtherSlice, scenarioHash, shardRange } from '../batch.js';
import { buildDesigns, checkDesignCount, checkPaths, designLabel, designNotes, loadBase, readSweepFile, sweepOption, sweepParameters, totalsLine, type Design } from '../designs.js';
import { OutputRoot } from '../outdir.js';
import { writingInto } from '../staging.js';
import { VERSION } from '../version.js';
import { ReplicationPool, type Workers } from '../pool.js';
import { progress } from '../progress.js';
import { metricsTask, type ReplicationTask } from '../replicate.js';
import { crossProduct, designConnections, designHorizons, showValue, sweepFolder, sweepHashOf, writeSweep, type DesignRow, type SweepDefinition } from '../sweepfiles.js';
import { fewerLine, fitTable, modelled, noWidth, peakPastLimitLine, table, withCi } from '../table.js';
import { inputsOf } from './common.js';
import { counted } from '../../words.js';
import { traceFingerprint } from '../../scenario/trace.js';
import type { Scenario, TraceColumns } from '../../scenario/types.js';

export interface SweepArgs {
  readonly scenario: string;
  readonly sets: readonly Parameter[];
  readonly sweepFile?: string;
  readonly seed?: number;
  readonly replications: number;
  readonly workers: Workers;
  readonly shard?: { k: number; n: number };
  readonly out: string;
  /** Write report.html with the design frontier (not for a slice). */
  readonly report: boolean;
}

/** What the sweep's terminal table always shows: service, waits and the grid peak. */
const ALWAYS: readonly MetricName[] = ['service_level', 'served_share', 'wait_mean_min', 'p_wait_over_15min', 'grid_peak_kw'];

/** Designs the note on grid peaks past their connection names one by one; the rest it counts. */
const NAMED_PAST = 3;

/**
 * Metrics the sweep's terminal table shows for each design (every metric is in sweep.csv): service,
 * waits and the grid peak, then those of PLAN_METRICS_IF_DEFINED some design defines.
 */
export function sweepHeadline(scenarios: readonly Scenario[]): MetricName[] {
  return [...ALWAYS, ...PLAN_METRICS_IF_DEFINED.filter(modelled(scenarios))];
}

/**
 * `hubsim sweep`: every combination of the parameters' values is a design, validated as a whole
 * scenario before anything runs; all designs × replications run on one pool, replication r of
 * every design with the same seed (the same trucks). Writes OUT/sweep-<name>/. Its table fits a
 * terminal as wide as `width()` says when it prints (see `sweepTable`).
 * @throws InputError for a bad path or value (naming it and the design), or a sweep too large.
 */
export async function sweepCommand(a: SweepArgs, print: (s: string) => void, width: () => number | undefined = noWidth): Promise<void> {
  const base = await loadBase(a.scenario);
  const fileParams = a.sweepFile === undefined ? [] : readSweepFile(a.sweepFile);
  const params = sweepParameters(a.sets, fileParams);
  const option = sweepOption(a.sets, fileParams);
  checkPaths(base, params, option);
  const count = checkDesignCount(params, option);
  if (count * a.replications > MAX_REPLICATIONS) {
    throw new InputError([{ path: '--replications', expected: `must keep designs × replications at most ${MAX_REPLICATIONS}`, found: `${count} designs × ${a.replications}` }]);
  }
  const combos = crossProduct(params);
  const designs = await buildDesigns(base, params, combos);
  const seed = a.seed ?? base.scenario.seed;
  const R = a.replications;
  const total = designs.length * R;
  const { first, last } = a.shard ? shardRange(total, a.shard.k, a.shard.n) : { first: 1, last: total };
  const tasks: ReplicationTask[] = [];
  for (let t = first; t <= last; t++) {
    const d = designs[Math.floor((t - 1) / R)];
    const r = ((t - 1) % R) + 1;
    tasks.push(metricsTask(d.scenario, seed, r));
  }
  const horizons = designHorizons(designs.map((d) => d.scenario.horizon));
  const connections = designConnections(designs.map((d) => d.scenario.hub.gridKw));
  const def: SweepDefinition = {
    hubsim: VERSION,
    scenario: base.scenario.name,
    scenarioHash: sweepScenarioHash(base.scenario, designs),
    seed,
    replications: R,
    parameters: params.map((p) => ({ path: p.path, values: p.values })),
    designs: designs.length,
    horizons,
    connections,
  };
  const folder = sweepFolder(base.scenario.name);
  const out = await OutputRoot.open(a.out);
  const pool = new ReplicationPool(a.workers);
  const bar = await progress(tasks.length, folder);
  let rows: DesignRow[];
  try {
    out.checkTargets([[folder, 'sweep']], [], [...inputsOf(base.file, designs.map((d) => d.scenario)), ...(a.sweepFile === undefined ? [] : [a.sweepFile])]);
    // Before the work, and again under the lock as the results move: another slice may have been moved in meanwhile.
    const sweepHash = sweepHashOf(def);
    const otherSlices = () => {
      if (a.shard) refuseOtherSlice(a.out, folder, a.shard, (m) => m.sweepHash === sweepHash);
    };
    otherSlices();
    // Every design has the base scenario's name: a problem met while running (a design that cannot
    // serve its trucks) is named with its design, as a problem found in validating one is.
    const design = (i: number) => designs[Math.floor((first + i - 1) / R)];
    const outcomes = await pool
      .run(tasks, { onDone: () => bar.tick(), onShare: (s) => bar.share(s), name: (i) => designLabel(design(i), params) })
      .finally(() => bar.stop());
    // The threads' heaps (each some 40 MB, more after thousands of designs) are not held while the
    // files and the report are written.
    await pool.close();
    rows = outcomes.map((o, i) => ({ design: Math.floor((first + i - 1) / R) + 1, replication: o.replication, seed: o.seed, metrics: o.metrics }));
    await writingInto(join(out.stage, folder), (dir) => writeSweep(dir, def, rows, a.shard));
    if (a.report && !a.shard) {
      const { buildPlanReport } = await import('../reports.js');
      await writingInto(join(out.stage, folder), (dir) => buildPlanReport(dir, VERSION));
    }
    await out.commit([], otherSlices);
  } catch (err) {
    throw out.explained(err);
  } finally {
    await pool.close();
    out.discard();
  }
  for (const note of designNotes(base.file, base.scenario, designs, params)) print(note);
  const where = shownPath(`${join(a.out, folder)}/`);
  const what = `${counted(designs.length, 'design')} × ${counted(R, 'replication')}, seed ${seed}`;
  if (a.shard) {
    const share = tasks.length > 1 ? `designs × replications ${first}–${last} of ${total}` : tasks.length === 1 ? `design × replication ${first} of ${total}` : `nothing of ${total}`;
    print(`${base.scenario.name}: sweep of ${what}: ${share} (shard ${a.shard.k}/${a.shard.n}) → ${where}`);
    print('merge the slices with `hubsim merge` for sweep.csv');
    return;
  }
  print(`${base.scenario.name}: sweep of ${what} → ${where}; ${R > 1 ? 'mean ± 95% CI' : 'one replication each, so no intervals'}`);
  const metrics = sweepHeadline(designs.map((d) => d.scenario));
  // Each design's summary of each metric shown, taken once for the table and the note below it.
  const sums = designs.map((d) => {
    const mine = rows.slice((d.index - 1) * R, d.index * R);
    return new Map(metrics.map((m) => [m, summarise(mine.map((r) => r.metrics[m]))]));
  });
  print(sweepTable(params, designs, metrics, sums, width()));
  const fewer = fewerLine(designs.map((d, i) => ({ label: `design ${d.index}`, sums: [...sums[i]] })), R, 'sweep.csv');
  if (fewer !== undefined) print(fewer);
  // As under `run`'s table: each design's peak against its own connection, swept or not.
  const peaks = designs.map((d, i) => ({ tag: `design ${d.index}`, scenario: d.scenario, peak: sums[i].get('grid_peak_kw') }));
  const past = peakPastLimitLine(peaks, { named: NAMED_PAST, noun: 'design' });
  if (past !== undefined) print(past);
  // The windows of the designs that have a total to show: one without prices or a battery shows none.
  const totalled = new Set(designs.filter((_, i) => metrics.some((m) => isTotal(m) && sums[i].get(m)!.n > 0)).map((d) => d.index));
  const windows = horizons.map((h) => ({ ...h, designs: h.designs.filter((k) => totalled.has(k)) })).filter((h) => h.designs.length > 0);
  const totals = windows.length === 0 ? undefined : totalsLine(metrics, windows);
  if (totals !== undefined) print(totals);
  if (a.report) print(`report: ${shownPath(join(a.out, folder, 'report.html'))}`);
}

/**
 * The fingerprint of what the sweep's designs are made of: the base scenario's (batch.ts
 * `scenarioHash`), and with it the rows of every other trace a design reads (a swept
 * `arrivals.trace`, say). run.json names those traces only by their paths: without their rows in
 * the fingerprint, slices run before and after such a trace changed would be merged as one sweep.
 */
function sweepScenarioHash(base: Scenario, designs: readonly Design[]): string {
  const traces = new Set<TraceColumns>();
  for (const d of designs) if (d.scenario.arrivals.kind === 'trace') traces.add(d.scenario.arrivals.columns);
  // The base's JSON holds its own trace's fingerprint already.
  if (base.arrivals.kind === 'trace') traces.delete(base.arrivals.columns);
  return scenarioHash(base, [...traces].map((t) => traceFingerprint(t)));
}

/**
 * One row per design: its number, the swept values, and the headline metrics as mean ± 95 %
 * half-width (from `sums`, each design's summaries in the designs' order). On a terminal `width`
 * characters wide, in as many stacked tables as fit it, each repeating the design and its values
 * (see `fitTable`).
 */
function sweepTable(params: readonly Parameter[], designs: readonly Design[], metrics: readonly MetricName[], sums: readonly ReadonlyMap<MetricName, Summary>[], width?: number): string {
  const header = (shown: readonly MetricName[]) => ['design', ...params.map((p) => p.path), ...shown];
  const body = (shown: readonly MetricName[]) => designs.map((d, i) => [String(d.index), ...d.values.map(showValue), ...shown.map((m) => withCi(sums[i].get(m)!))]);
  if (width !== undefined) return fitTable(header(metrics), body(metrics), width, 1 + params.length);
  const of = (shown: readonly MetricName[]) => table(header(shown), body(shown));
  const whole = of(metrics);
  // Output that is no terminal, whose width is unknown, is one table, for the scripts and logs that
  // read it. A battery and every price make a table some 260 characters wide, which a
  // terminal wraps line by line: the battery's and the money's columns (those after ALWAYS) then go
  // in a second table, below the first. The header line is as wide as the table. Wide for its swept
  // values alone (a distribution written out), with no such column, it stays one table: a second
  // would hold the designs and their values and nothing else.
  if (whole.indexOf('\n') <= TABLE_WIDTH || metrics.length <= ALWAYS.length) return whole;
  return `${of(ALWAYS)}\n\n${of(metrics.slice(ALWAYS.length))}`;
}

/** The widest table a sweep prints whole to output that is no terminal, in characters. */
const TABLE_WIDTH = 160;
