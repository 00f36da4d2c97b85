import { describe, expect, test } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { precisionLines, precisionRule, stoppedNote } from '../src/cli/commands/run.js';
import { runBatch, summariseRows } from '../src/cli/batch.js';
import { ReplicationPool } from '../src/cli/pool.js';
import { validateScenario } from '../src/index.js';
import type { ReplicationRow } from '../src/cli/batch.js';
import { constantMetrics, drawsAtRandom, METRIC_NAMES, type Metrics } from '../src/model/metrics.js';
import { lacks } from '../src/cli/commands/common.js';
import { hubsim, read, smallScenario, tmp, tree } from './helpers/cli.js';
import { baseRaw, ccsGroup, csv, rawWith, scenarioOf, traceScenario } from './helpers/scenarios.js';

// `run --precision`: the stopping rule as a function, and the command as a user runs it.

/** Rows whose metric `wait_mean_min` takes `values` in turn (other metrics are irrelevant here). */
const rows = (values: readonly number[]): ReplicationRow[] => values.map((v, i) => ({ replication: i + 1, seed: i, metrics: { wait_mean_min: v } as Metrics }));

describe('the sequential rule', () => {
  const rule = precisionRule([{ metric: 'wait_mean_min', relative: true, value: 0.05 }], 50);

  test('doubles while the interval is too wide, capped at the maximum', () => {
    const wide = (n: number) => rows(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 5 : 15)));
    expect(rule(wide(10))).toBe(20);
    expect(rule(wide(20))).toBe(40);
    expect(rule(wide(40))).toBe(50);
    expect(rule(wide(50))).toBeUndefined();
  });

  test('what to do when the replications ran out: more of them, unless at the most hubsim runs', () => {
    expect(stoppedNote(160, ['wait_mean_min'])).toMatch(/; raise --max-replications, or accept the wider interval$/);
    expect(stoppedNote(100_000, ['wait_mean_min'])).toMatch(/; ask for a looser --precision \(100000 replications is the most hubsim runs\), or accept the wider interval$/);
    // Values that merely agree are mended by more replications alone, and by how many is known.
    expect(stoppedNote(32, ['trucks_balked'], 59)).toBe('note: stopped at --max-replications 32 before the precision asked for trucks_balked was reached; raise --max-replications to at least 59, for values that agree to stand for the mean');
    expect(stoppedNote(80, ['trucks_balked'], 59)).toMatch(/; raise --max-replications, or accept the wider interval$/);
    // Beside a metric whose interval is only too wide, which the count that mends agreeing values would not: each told its own.
    const sum = { trucks_balked: { mean: 0, sd: 0, ci95Low: 0, ci95High: 0, n: 40 }, wait_mean_min: { mean: 2, sd: 0.3, ci95Low: 1.9, ci95High: 2.1, n: 40 } };
    const both = precisionLines([{ metric: 'trucks_balked', relative: true, value: 0.5 }, { metric: 'wait_mean_min', relative: false, value: 0.001 }], sum, () => false, 40);
    expect([both.missed, both.alike]).toEqual([['trucks_balked', 'wait_mean_min'], ['trucks_balked']]);
    expect(stoppedNote(40, both.missed, both.alikeAt, both.scarce, both.alike)).toBe(
      'note: stopped at --max-replications 40 before the precision asked for trucks_balked, wait_mean_min was reached; for trucks_balked raise --max-replications to at least 59, for values that agree to stand for the mean; for wait_mean_min, whose interval is wider than asked, raise --max-replications, or accept the wider interval',
    );
    // And beside one that too few replications define, which more traffic mends sooner.
    expect(stoppedNote(40, ['trucks_balked', 'wait_mean_min'], 59, ['wait_mean_min'], ['trucks_balked'])).toBe(
      'note: stopped at --max-replications 40 before the precision asked for trucks_balked, wait_mean_min was reached; for trucks_balked raise --max-replications to at least 59, for values that agree to stand for the mean; for wait_mean_min, which fewer than 2 replications define, a longer horizon or more traffic',
    );
  });

  test('values that agree in only the replications that define them: as many more replications as that share says', () => {
    // 12 of 16 replications had a truck plugged in, and all 12 waited 0: 59 such take some 79.
    const sum = { wait_mean_min: { mean: 0, sd: 0, ci95Low: 0, ci95High: 0, n: 12 } };
    const asked = [{ metric: 'wait_mean_min', relative: false, value: 0.5 }];
    const { lines, missed, alikeAt } = precisionLines(asked, sum, () => false, 16);
    expect(lines[0]).toMatch(/: all 12 replications that define it \(of 16\) gave 0, which stands for the mean once 59 agree$/);
    expect(alikeAt).toBe(79);
    expect(stoppedNote(16, missed, alikeAt)).toBe(
      'note: stopped at --max-replications 16 before the precision asked for wait_mean_min was reached; raise --max-replications to at least 79 (for 59 that define the metric, at the share of replications that did here), for values that agree to stand for the mean',
    );
    // Past the 59 the plain rule asks for, the projection still applies: 41 of 59 define it.
    const more = precisionLines(asked, { wait_mean_min: { ...sum.wait_mean_min, n: 41 } }, () => false, 59);
    expect(more.alikeAt).toBe(85);
    expect(stoppedNote(59, more.missed, more.alikeAt)).toMatch(/; raise --max-replications to at least 85 \(for 59 that define the metric/);
    // Every replication defining it: the plain 59.
    expect(precisionLines(asked, { wait_mean_min: { ...sum.wait_mean_min, n: 16 } }, () => false, 16).alikeAt).toBe(59);
    // More than hubsim runs: what gives the metric values sooner.
    expect(stoppedNote(100_000, ['wait_mean_min'], 590_000)).toMatch(/; values that agree stand for the mean once 59 replications define the metric, some 590000 at the share of replications that did here, more than hubsim runs \(100000\): a longer horizon or more traffic defines it in more replications$/);
  });

  test('a metric too few replications define is said so, and no wider interval offered to accept', () => {
    const none = { wait_mean_min: { mean: NaN, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 0 } };
    const one = { wait_mean_min: { mean: 3, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 1 } };
    const asked = [{ metric: 'wait_mean_min', relative: true, value: 0.05 }];
    expect(precisionLines(asked, none)).toEqual({ lines: ["  wait_mean_min: defined by no replication (summary.csv's n), too few for an interval: NOT reached"], missed: ['wait_mean_min'], alikeAt: 0, scarce: ['wait_mean_min'], alike: [] });
    expect(precisionLines(asked, one).lines).toEqual(["  wait_mean_min: defined by 1 replication only (summary.csv's n), too few for an interval: NOT reached"]);
    expect(stoppedNote(8, ['wait_mean_min'], 0, ['wait_mean_min'])).toBe(
      'note: stopped at --max-replications 8 before the precision asked for wait_mean_min was reached; fewer than 2 replications define it: a replication whose statistics window has nothing to measure (no truck arrived, or none plugged in) defines none: a longer horizon or more traffic gives it an interval sooner than more replications',
    );
    // With another metric missed for want of replications, more of them is still the advice.
    expect(stoppedNote(8, ['wait_mean_min', 'grid_peak_kw'], 0, ['wait_mean_min'])).toMatch(/; raise --max-replications, or accept the wider interval$/);
  });

  test('a relative half-width around a mean of 0 is said in words, not as a number', () => {
    // (A margin, say, can be negative in some replications and average to 0.)
    const sum = summariseRows(rows([-1, 1, -1, 1]));
    const { lines, missed } = precisionLines([{ metric: 'wait_mean_min', relative: true, value: 0.05 }], sum);
    expect(lines[0]).toMatch(/: 95% half-width 1\.\d+ = around a mean of 0 \(asked .*\) NOT reached$/);
    expect(missed).toEqual(['wait_mean_min']);
  });

  test('a half-width just past what was asked is not printed as what was asked', () => {
    const at = (half: number) => ({ wait_mean_min: { mean: 1, sd: half * 1.398, ci95Low: 1 - half, ci95High: 1 + half, n: 10 } });
    const absolute = precisionLines([{ metric: 'wait_mean_min', relative: false, value: 0.005 }], at(0.0050004));
    expect(absolute.lines[0]).toBe('  wait_mean_min: 95% half-width 0.0050004 = 0.0050004 (asked <= 0.005) NOT reached');
    // 5 % asks for at most 4.7619… % of the mean, which four digits make 4.762.
    const relative = precisionLines([{ metric: 'wait_mean_min', relative: true, value: 0.05 }], at(0.04762));
    expect(relative.lines[0]).toBe('  wait_mean_min: 95% half-width 0.04762 = 4.762 % of the mean (asked 5 % relative error: half-width <= 4.7619 % of the mean) NOT reached');
    const reached = precisionLines([{ metric: 'wait_mean_min', relative: true, value: 0.05 }], at(0.0452));
    expect(reached.lines[0]).toBe('  wait_mean_min: 95% half-width 0.0452 = 4.52 % of the mean (asked 5 % relative error: half-width <= 4.762 % of the mean) reached');
  });

  test('goes on while any metric asked for is not yet precise', () => {
    const two = precisionRule(
      [
        { metric: 'wait_mean_min', relative: false, value: 10 },
        { metric: 'grid_peak_kw', relative: false, value: 0.001 },
      ],
      100,
    );
    const of = (peaks: readonly number[]): ReplicationRow[] => peaks.map((p, i) => ({ replication: i + 1, seed: i, metrics: { wait_mean_min: 5 + (i % 2), grid_peak_kw: p } as Metrics }));
    expect(two(of([100, 200, 300, 400]))).toBe(8); // the wait is precise, the peak far from it
    expect(two(of([100, 100.0001, 100, 100.0001]))).toBeUndefined();
  });

  test('values that agree are not precise until 59 agree: a rare event may not have happened yet', () => {
    const balks = precisionRule([{ metric: 'trucks_balked', relative: false, value: 0.5 }], 1000);
    // (Replications that differ elsewhere: the trucks are drawn at random.)
    const none = (n: number): ReplicationRow[] => Array.from({ length: n }, (_, i) => ({ replication: i + 1, seed: i, metrics: { trucks_balked: 0, wait_mean_min: i } as Metrics }));
    expect(balks(none(10))).toBe(20);
    expect(balks(none(40))).toBe(80);
    expect(balks(none(59))).toBeUndefined();
    const { lines, missed } = precisionLines([{ metric: 'trucks_balked', relative: true, value: 0.1 }], summariseRows(none(10)));
    expect(lines[0]).toBe('  trucks_balked: 95% half-width 0 = around a mean of 0 (asked 10 % relative error: half-width <= 9.091 % of the mean) NOT reached: all 10 replications gave 0, which stands for the mean once 59 agree');
    expect(missed).toEqual(['trucks_balked']);
    // A metric that only some of the replications define: those are counted as such.
    const some = precisionLines([{ metric: 'trucks_balked', relative: true, value: 0.1 }], summariseRows(none(10)), () => false, 16);
    expect(some.lines[0]).toContain('NOT reached: all 10 replications that define it (of 16) gave 0, which stands for the mean once 59 agree');
    // Replications the same in every metric are not known alike for it (ten of a quiet hub can all
    // hold no truck); in a scenario that draws nothing at random (every metric constant), two are enough.
    const still = (n: number): ReplicationRow[] => Array.from({ length: n }, (_, i) => ({ replication: i + 1, seed: i, metrics: { trucks_balked: 0, wait_mean_min: 3 } as Metrics }));
    expect(balks(still(2))).toBe(4);
    expect(precisionRule([{ metric: 'trucks_balked', relative: false, value: 0.5 }], 1000, new Set(METRIC_NAMES))(still(2))).toBeUndefined();
    // A connection cost is the same in every replication by its definition: two that agree are enough.
    const cost = precisionRule([{ metric: 'connection_cost', relative: true, value: 0.01 }], 1000, new Set(['connection_cost']));
    expect(cost(Array.from({ length: 2 }, (_, i) => ({ replication: i + 1, seed: i, metrics: { connection_cost: 1234.5 } as Metrics })))).toBeUndefined();
  });

  test('stops once every metric is precise enough', () => {
    // Mean 10, sd ~0.1: half-width ~0.07, well inside 10 · 0.05 / 1.05.
    expect(rule(rows(Array.from({ length: 10 }, (_, i) => 10 + (i % 2 === 0 ? 0.1 : -0.1))))).toBeUndefined();
  });
});

describe('hubsim run --precision', () => {
  test('the files are those of a plain run with the replications it reached, sessions of every replication included', () => {
    const work = tmp();
    const scenario = smallScenario(work, 'small', 2);
    const out = join(work, 'p');
    const r = hubsim('run', scenario, '--replications', '4', '--precision', 'served_share=2%', '--max-replications', '64', '--sessions', 'all', '--out', out);
    expect(r.status).toBe(0);
    const m = /^small: (\d+) replications \(from 4, doubling until precise, at most 64\)/.exec(r.stdout);
    expect(m).not.toBeNull();
    const n = Number(m![1]);
    // It had to add replications (the interval of 4 is too wide), in doublings.
    expect([8, 16, 32, 64]).toContain(n);
    expect(r.stdout).toMatch(/served_share: 95% half-width \S+ = \S+ % of the mean \(asked 2 % relative error: half-width <= 1\.961 % of the mean\) reached/);
    expect(r.stdout).toMatch(/^precision reached for every metric asked$/m);
    const plain = join(work, 'plain');
    expect(hubsim('run', scenario, '--replications', String(n), '--sessions', 'all', '--out', plain).status).toBe(0);
    for (const f of readdirSync(join(plain, 'small')).filter((f) => f !== 'run.json')) expect(read(out, 'small', f)).toBe(read(plain, 'small', f));
    // run.json as well, but for what was asked and reached, which its report states.
    const { precision, ...run } = JSON.parse(read(out, 'small', 'run.json'));
    expect(run).toEqual(JSON.parse(read(plain, 'small', 'run.json')));
    expect(precision).toEqual({ maxReplications: 64, metrics: [{ metric: 'served_share', relative: true, value: 0.02, reached: true }] });
    expect(hubsim('report', join(out, 'small')).status).toBe(0);
    const page = read(out, 'small', 'report.html').replace(/<[^>]+>/g, '');
    expect(page).toContain(`Replications${n}, by precision`);
    expect(page).toContain(`Replications by precision: the run doubled its replications until each metric asked was this precise, at most 64: Served (served_share): a relative error of at most 2 % (a 95 % half-width at most 1.961 % of the mean), reached. Every one was reached at ${n} replications.`);
  });

  test('at the maximum it stops, says so, and exits 0', () => {
    const work = tmp();
    const scenario = smallScenario(work, 'small', 2);
    const r = hubsim('run', scenario, '--replications', '3', '--precision', 'wait_mean_min=0.001%', '--max-replications', '7', '--out', join(work, 'o'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^small: 7 replications \(from 3/);
    expect(r.stdout).toMatch(/NOT reached/);
    expect(r.stdout).toMatch(/^note: stopped at --max-replications 7 before the precision asked for wait_mean_min was reached/m);
    expect(read(join(work, 'o'), 'small', 'replications.csv').trim().split('\n')).toHaveLength(8);
    // The page says so too: a folder of 7 replications read as any other run.
    expect(JSON.parse(read(join(work, 'o'), 'small', 'run.json')).precision).toEqual({ maxReplications: 7, metrics: [{ metric: 'wait_mean_min', relative: true, value: 0.00001, reached: false }] });
    expect(hubsim('report', join(work, 'o', 'small')).status).toBe(0);
    const page = read(join(work, 'o'), 'small', 'report.html').replace(/<[^>]+>/g, '');
    expect(page).toContain('Replications7, the most allowed: precision not reached');
    expect(page).toContain('Mean wait (wait_mean_min): a relative error of at most 0.001 % (a 95 % half-width at most 0.001 % of the mean), not reached. It stopped at the most replications allowed, short of the precision asked: wait_mean_min with an interval wider than asked');
  });

  test('refused with --shard, with one replication, or --max-replications alone: exit 2, nothing written', () => {
    const work = tmp();
    const scenario = smallScenario(work, 'small', 2);
    const cases: [string[], RegExp][] = [
      [['--precision', 'served_share=1%', '--shard', '1/2'], /--precision: cannot be combined with --shard/],
      [['--precision', 'served_share=1%', '--replications', '1'], /--replications: must be at least 2 with --precision/],
      [['--max-replications', '20'], /--max-replications: goes with --precision/],
      [['--precision', 'served_share=1%', '--replications', '10', '--max-replications', '5'], /--max-replications: must be a whole number from --replications \(10\)/],
    ];
    for (const [args, message] of cases) {
      const out = tmp();
      const r = hubsim('run', scenario, ...args, '--out', out);
      expect(r.stderr).toMatch(message);
      expect(r.status).toBe(2);
      expect(tree(out)).toEqual([]);
    }
  });

  test('refused for a price the scenario does not set: its metric is empty in every replication', () => {
    const work = tmp();
    const scenario = smallScenario(work, 'priced', 2, { economics: { energyPrice: 0.2 } });
    const out = tmp();
    const r = hubsim('run', scenario, '--precision', 'revenue=5%', '--out', out);
    expect(r.stderr).toBe(`hubsim: ${scenario}: 1 problem\n  --precision revenue: must be a metric the scenario defines: it needs prices (economics.sellingPrice)\n`);
    expect(r.status).toBe(2);
    expect(tree(out)).toEqual([]);
  });
});

describe('runBatch', () => {
  test('tells of every replication as it finishes, those it adds too, so that the progress bar counts them all', async () => {
    const work = tmp();
    const file = smallScenario(work, 'small', 1);
    const scenario = validateScenario(JSON.parse(readFileSync(file, 'utf8')), file);
    const pool = new ReplicationPool({ count: 1, auto: false });
    const done: number[] = [];
    mkdirSync(join(work, 'stage')); // the staging folder, which OutputRoot makes
    const rows = await runBatch(
      scenario,
      { seed: 1, replications: 2, pool, sessions: 'none', power: 'none', source: { file, raw: {} }, extend: (r) => (r.length < 8 ? 2 * r.length : undefined), onDone: (o) => done.push(o.replication) },
      join(work, 'stage'),
    );
    await pool.close();
    expect(rows.map((r) => r.replication)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(done).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('constantMetrics', () => {
  const constants = (raw: unknown) => [...constantMetrics(validateScenario(raw, 'small'))].sort();

  test('the connection cost always, and bay availability only where no bay fails at random: maintenance windows, and failures of fixed times, are at fixed times', () => {
    const work = tmp();
    const raw = JSON.parse(readFileSync(smallScenario(work, 'small', 1), 'utf8'));
    // (Unlimited waiting spaces: nobody balks either.)
    expect(constants(raw)).toEqual(['bay_availability', 'connection_cost', 'trucks_balked']);
    const failingAt = (failures: unknown) => ({ ...raw, hub: { ...raw.hub, chargers: [{ ...raw.hub.chargers[0], failures }] } });
    const failing = failingAt({ betweenMin: { dist: 'exponential', mean: 10000 }, repairMin: 60 });
    expect(constants(failing)).toEqual(['connection_cost', 'trucks_balked']);
    expect(constants(failingAt({ betweenMin: 10000, repairMin: { dist: 'uniform', min: 30, max: 90 } }))).toEqual(['connection_cost', 'trucks_balked']);
    // Up-times and repairs that are fixed (a number, a normal of sd 0, a list of one value) fail every replication alike.
    for (const between of [10000, { dist: 'normal', mean: 10000, sd: 0 }, { dist: 'empirical', values: [10000, 10000] }]) {
      expect(constants(failingAt({ betweenMin: between, repairMin: 60 }))).toEqual(['bay_availability', 'connection_cost', 'trucks_balked']);
    }
    const window = { weekday: 'Mon', startHour: 2, hours: 2 };
    const maintained = { ...raw, hub: { ...raw.hub, chargers: [{ ...raw.hub.chargers[0], maintenance: [window] }] } };
    expect(constants(maintained)).toEqual(['bay_availability', 'connection_cost', 'trucks_balked']);
    expect(constants({ ...maintained, hub: { ...maintained.hub, chargers: [{ ...maintained.hub.chargers[0], failures: failing.hub.chargers[0].failures }] } })).toEqual(['connection_cost', 'trucks_balked']);
  });

  test('balks only where the waiting spaces are unlimited; reneging only where no driver has patience or a break that ends a wait; the served share where neither', () => {
    const work = tmp();
    const raw = JSON.parse(readFileSync(smallScenario(work, 'small', 1), 'utf8'));
    expect(constants({ ...raw, hub: { ...raw.hub, waitingSpaces: 4 } })).toEqual(['bay_availability', 'connection_cost']);
    const patient = { ...raw, behaviour: { breakMin: 45 } };
    // Neither: every truck that comes is served, so the served share is 1 in every replication.
    expect(constants(patient)).toEqual(['bay_availability', 'connection_cost', 'served_share', 'trucks_balked', 'trucks_reneged']);
    expect(constants({ ...patient, hub: { ...raw.hub, waitingSpaces: 4 } })).toEqual(['bay_availability', 'connection_cost', 'trucks_reneged']);
    expect(constants({ ...patient, behaviour: { breakMin: 45, leave: 'breakEnd' } })).toEqual(['bay_availability', 'connection_cost', 'trucks_balked']);
    // One type's own patience is enough for some truck to renege.
    expect(constants({ ...patient, fleet: [{ ...raw.fleet[0], behaviour: { patienceMin: 20 } }] })).toEqual(['bay_availability', 'connection_cost', 'trucks_balked']);
  });
});

describe('drawsAtRandom', () => {
  const two = { fleet: [{ name: 't', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } }, { name: 'u', share: 1, batteryKwh: 600, maxKw: { CCS: 400 } }] };
  test('arrivals at a rate, or failing bays, draw; a trace whose rows leave nothing to a distribution does not', () => {
    expect(drawsAtRandom(scenarioOf(baseRaw()))).toBe(true);
    // The base scenario's attributes are constants: a trace of arrival times alone draws nothing.
    expect(drawsAtRandom(traceScenario(baseRaw(), csv(['arrival_min'], [[10], [300]])))).toBe(false);
    expect(constantMetrics(traceScenario(baseRaw(), csv(['arrival_min'], [[10], [300]]))).size).toBe(METRIC_NAMES.length);
    const failing = (betweenMin: unknown) => rawWith({ hub: { allocation: 'equal', chargers: [{ ...ccsGroup(), failures: { betweenMin, repairMin: 60 } }] } });
    expect(drawsAtRandom(traceScenario(failing({ dist: 'exponential', mean: 10000 }), csv(['arrival_min'], [[10]])))).toBe(true);
    // Failures at fixed times: every replication alike.
    expect(drawsAtRandom(traceScenario(failing(10000), csv(['arrival_min'], [[10]])))).toBe(false);
  });

  test("a truck's type, SoC, target, break or patience left to a distribution draws, unless every row gives it", () => {
    // Two types: the type is drawn unless every row names one.
    expect(drawsAtRandom(traceScenario(rawWith(two), csv(['arrival_min'], [[10]])))).toBe(true);
    expect(drawsAtRandom(traceScenario(rawWith(two), csv(['arrival_min', 'fleet'], [[10, 't'], [20, '']])))).toBe(true);
    expect(drawsAtRandom(traceScenario(rawWith(two), csv(['arrival_min', 'fleet'], [[10, 't'], [20, 'u']])))).toBe(false);
    // A type of share 0 is never drawn: with one type above 0, a row that names none always gets it.
    const oneDrawn = { fleet: [two.fleet[0], { ...two.fleet[1], share: 0 }] };
    expect(drawsAtRandom(traceScenario(rawWith(oneDrawn), csv(['arrival_min'], [[10]])))).toBe(false);
    expect(drawsAtRandom(traceScenario(rawWith(oneDrawn), csv(['arrival_min', 'fleet'], [[10, 'u'], [20, '']])))).toBe(false);
    // What each row's type leaves to a distribution: a type no row gets draws nothing.
    const uDraws = { fleet: [two.fleet[0], { ...two.fleet[1], share: 0, demand: { arrivalSoc: { dist: 'uniform', min: 0.1, max: 0.3 } } }] };
    expect(drawsAtRandom(traceScenario(rawWith(uDraws), csv(['arrival_min'], [[10]])))).toBe(false);
    expect(drawsAtRandom(traceScenario(rawWith(uDraws), csv(['arrival_min', 'fleet'], [[10, ''], [20, 'u']])))).toBe(true);
    expect(drawsAtRandom(traceScenario(rawWith(uDraws), csv(['arrival_min', 'fleet', 'soc_in'], [[10, '', ''], [20, 'u', 0.2]])))).toBe(false);
    const uniform = { dist: 'uniform', min: 0.1, max: 0.3 };
    const soc = rawWith({ demand: { arrivalSoc: uniform, targetSoc: 0.8 } });
    expect(drawsAtRandom(traceScenario(soc, csv(['arrival_min'], [[10]])))).toBe(true);
    expect(drawsAtRandom(traceScenario(soc, csv(['arrival_min', 'soc_in'], [[10, 0.2], [20, '']])))).toBe(true);
    expect(drawsAtRandom(traceScenario(soc, csv(['arrival_min', 'soc_in'], [[10, 0.2], [20, 0.3]])))).toBe(false);
    // A target given by one column or the other, row by row.
    const target = rawWith({ demand: { arrivalSoc: 0.2, targetSoc: { dist: 'uniform', min: 0.7, max: 0.9 } } });
    expect(drawsAtRandom(traceScenario(target, csv(['arrival_min', 'target_soc', 'energy_kwh'], [[10, 0.8, ''], [20, '', 100]])))).toBe(false);
    expect(drawsAtRandom(traceScenario(target, csv(['arrival_min', 'target_soc', 'energy_kwh'], [[10, 0.8, ''], [20, '', '']])))).toBe(true);
    const breaks = rawWith({ behaviour: { breakMin: { dist: 'triangular', min: 45, mode: 45, max: 90 }, leave: 'charged' } });
    expect(drawsAtRandom(traceScenario(breaks, csv(['arrival_min'], [[10]])))).toBe(true);
    // A distribution that can give one value only draws nothing, though it is no constant.
    for (const breakMin of [{ dist: 'normal', mean: 45, sd: 0 }, { dist: 'lognormal', mean: 45, sd: 0 }, { dist: 'empirical', values: [45, 60], weights: [1, 0] }, { dist: 'empirical', values: [45, 90], max: 60 }]) {
      expect(drawsAtRandom(traceScenario(rawWith({ behaviour: { breakMin, leave: 'charged' } }), csv(['arrival_min'], [[10]])))).toBe(false);
    }
    expect(drawsAtRandom(traceScenario(rawWith({ behaviour: { breakMin: { dist: 'empirical', values: [45, 60] }, leave: 'charged' } }), csv(['arrival_min'], [[10]])))).toBe(true);
    expect(drawsAtRandom(traceScenario(breaks, csv(['arrival_min', 'break_min'], [[10, 45]])))).toBe(false);
    const patient = rawWith({ behaviour: { breakMin: 45, leave: 'charged', patienceMin: { dist: 'exponential', mean: 30 } } });
    expect(drawsAtRandom(traceScenario(patient, csv(['arrival_min'], [[10]])))).toBe(true);
    expect(drawsAtRandom(traceScenario(patient, csv(['arrival_min', 'patience_min'], [[10, 30]])))).toBe(false);
  });
});

describe('lacks', () => {
  test('a peak, and what is billed on it, needs a power interval wholly inside the window: without one no replication defines it', () => {
    const raw = JSON.parse(readFileSync(smallScenario(tmp(), 'small', 2), 'utf8'));
    const priced = { ...raw, economics: { sellingPrice: 0.5, demandCharge: { perKw: 10 } } };
    // A window of 7.2 minutes (from minute 2872.8) holds none of 15 minutes.
    const short = { ...priced, horizon: { days: 2, warmupDays: 1.995 } };
    const need = 'a power interval (output.powerIntervalMin, 15 min) wholly inside its statistics window';
    for (const m of ['grid_peak_kw', 'demand_peak_kw', 'demand_charge', 'margin_per_kwh']) {
      expect(lacks(m, validateScenario(short, 'short'))).toBe(need);
      expect(lacks(m, validateScenario(priced, 'priced'))).toBeUndefined();
    }
    // Means need no interval; nor does a margin with no demand charge to take from it.
    expect(lacks('grid_mean_kw', validateScenario(short, 'short'))).toBeUndefined();
    expect(lacks('margin_per_kwh', validateScenario({ ...short, economics: { sellingPrice: 0.5 } }, 'short'))).toBeUndefined();
    // An interval of 6 minutes fits: minutes 2874 to 2880.
    expect(lacks('grid_peak_kw', validateScenario({ ...short, output: { powerIntervalMin: 6 } }, 'short'))).toBeUndefined();
    // Prices come first: a demand charge not given is what a margin lacks.
    expect(lacks('demand_charge', validateScenario({ ...short, economics: { sellingPrice: 0.5 } }, 'short'))).toBe('prices (economics.demandCharge)');
  });
});

