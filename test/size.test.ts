import { beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { confidenceText, describeSetting, settingWords } from '../src/cli/commands/size.js';
import { METRIC_NAMES } from '../src/model/metrics.js';
import { replicationSeed } from '../src/random/streams.js';
import { hubsim, read, smallScenario, tmp, tree } from './helpers/cli.js';

// `hubsim size` as a user runs it: real processes, real files. The search itself is tested with
// fake evaluators in sizing.test.ts, and against Erlang C in theory/size-erlang-c.test.ts.

const FOLDER = 'size-small';
const FILES = ['designs.csv', 'replications.csv', 'report.html', 'run.json', 'size.csv'];
const ARGS = ['--vary', 'hub.chargers[0].cabinets=1..6', '--vary', 'hub.gridKw=400,800,1600', '--target', 'served_share>=0.9', '--target', 'p_wait_over_15min<=0.2', '--replications', '4', '--max-replications', '32'];

let work: string;
let scenario: string;
let first: string;
let stdout: string;

beforeAll(() => {
  work = tmp();
  scenario = smallScenario(work, 'small', 2);
  first = join(work, 'w1');
  const r = hubsim('size', scenario, ...ARGS, '--workers', '1', '--out', first);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  stdout = r.stdout;
});

const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('size writes its decision and evidence', () => {
  test('the last line names the report', () => {
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(`report: ${join(first, FOLDER, 'report.html')}`);
  });

  test('the files, with their columns', () => {
    expect(tree(join(first, FOLDER))).toEqual(FILES);
    const size = rowsOf(read(first, FOLDER, 'size.csv'));
    expect(Object.keys(size[0])).toEqual(['design', 'hub.chargers[0].cabinets', 'hub.gridKw', 'replications', 'metric', 'mean', 'ci_low', 'ci_high', 'target', 'verdict']);
    const designs = rowsOf(read(first, FOLDER, 'designs.csv'));
    expect(size).toHaveLength(2 * designs.length);
    expect(size.map((r) => r.target)).toEqual(designs.flatMap(() => ['>=0.9', '<=0.2']));
    const reps = rowsOf(read(first, FOLDER, 'replications.csv'));
    expect(Object.keys(reps[0])).toEqual(['design', 'replication', 'seed', ...METRIC_NAMES]);
    for (const r of reps) expect(Number(r.seed)).toBe(replicationSeed(3, Number(r.replication)));
    // Each design's replications are those size.csv counts.
    for (const d of designs) expect(reps.filter((r) => r.design === d.design)).toHaveLength(Number(size.find((s) => s.design === d.design)!.replications));
  });

  test('each verdict follows from the bound on its side', () => {
    for (const r of rowsOf(read(first, FOLDER, 'size.csv'))) {
      const [lo, hi, x] = [Number(r.ci_low), Number(r.ci_high), Number(r.target.slice(2))];
      const want = r.target.startsWith('>=') ? (lo >= x ? 'meets' : hi < x ? 'fails' : 'undecided') : hi <= x ? 'meets' : lo > x ? 'fails' : 'undecided';
      expect(r.verdict).toBe(want);
    }
  });

  test('run.json records the search and the decision, which agrees with size.csv', () => {
    const run = JSON.parse(read(first, FOLDER, 'run.json'));
    expect(run).toMatchObject({ command: 'size', scenario: 'small', seed: 3, confidence: 0.95, replications: 4, maxReplications: 32, targets: ['served_share>=0.9', 'p_wait_over_15min<=0.2'] });
    expect(run.decision.map((d: Record<string, unknown>) => d['hub.gridKw'])).toEqual([400, 800, 1600]);
    // Every design evaluated keeps the scenario's horizon: one window for all of them.
    expect(run.horizons).toEqual([{ days: 2, warmupDays: 0, designs: Array.from({ length: run.designsEvaluated }, (_, i) => i + 1) }]);
    // And the connection of each, as designs.csv gives it.
    const byKw = new Map<number, number[]>();
    for (const d of rowsOf(read(first, FOLDER, 'designs.csv'))) byKw.set(Number(d['hub.gridKw']), [...(byKw.get(Number(d['hub.gridKw'])) ?? []), Number(d.design)]);
    expect(run.connections).toEqual([...byKw].map(([kw, designs]) => ({ kw, designs })));
    // No target is a total, so the terminal says nothing of one.
    expect(stdout).not.toContain('total');
    const size = rowsOf(read(first, FOLDER, 'size.csv'));
    const designs = rowsOf(read(first, FOLDER, 'designs.csv'));
    for (const d of run.decision) {
      if (d.smallest === null) continue;
      const design = designs.find((x) => x.design === String(d.design))!;
      expect(Number(design['hub.chargers[0].cabinets'])).toBe(d.smallest);
      expect(size.filter((r) => r.design === String(d.design)).every((r) => r.verdict === 'meets')).toBe(true);
      // The design one smaller was evaluated and is not shown to meet.
      const below = size.filter((r) => r.design === String(d.below));
      expect(Number(below[0]['hub.chargers[0].cabinets'])).toBe(d.smallest - 1);
      expect(below.every((r) => r.verdict === 'meets')).toBe(false);
    }
  });

  test('the terminal says the decision in words, with its evidence', () => {
    expect(stdout).toMatch(/^small, with an 800 kW grid connection \(hub\.gridKw = 800\): \d+ CCS bays? \(hub\.chargers\[0\]\.cabinets = \d+\) is the smallest that meets served_share >= 0\.9 and p_wait_over_15min <= 0\.2 with 95 % confidence \(evidence: design \d+, \d+ replications: served_share /m);
    expect(stdout).toMatch(/^frontier: the smallest hub\.chargers\[0\]\.cabinets that meets every target, for each hub\.gridKw$/m);
    expect(stdout).toMatch(/^designs evaluated/m);
  });

  test('each verdict quotes the bound that decided it, beside the threshold it was read against: a failed target the bound beyond its threshold', () => {
    expect(stdout).toMatch(/^ {2}the next value down, 1 CCS bay \(hub\.chargers\[0\]\.cabinets = 1\): design \d+/m);
    const clauses = [...stdout.matchAll(/(served_share|p_wait_over_15min) [\d.e-]+, 95 % (upper|lower) bound ([\d.e-]+) ([<>]=?) ([\d.]+): (meets|fails|undecided)/g)];
    expect(clauses.some((c) => c[6] === 'fails')).toBe(true);
    for (const [, metric, side, bound, cmp, named, verdict] of clauses) {
      const atMost = metric === 'p_wait_over_15min'; // <= 0.2; served_share >= 0.9
      const threshold = atMost ? 0.2 : 0.9;
      expect(Number(named)).toBe(threshold);
      expect(cmp).toBe(atMost ? (verdict === 'meets' ? '<=' : '>') : verdict === 'meets' ? '>=' : '<');
      expect(side).toBe((atMost !== (verdict === 'fails')) ? 'upper' : 'lower');
      if (verdict === 'meets') expect(atMost ? Number(bound) <= threshold : Number(bound) >= threshold).toBe(true);
      if (verdict === 'fails') expect(atMost ? Number(bound) > threshold : Number(bound) < threshold).toBe(true);
    }
    // The next value down is said to be undecided at the most replications allowed when it is, and only then.
    const belows = [...stdout.matchAll(/^ {2}the next value down, [^:]*: design \d+, \d+ replications( \(the most allowed: undecided, so not shown to meet, though it may\))?: (.*)$/gm)];
    expect(belows.length).toBeGreaterThan(0);
    for (const [, note, evidence] of belows) {
      const verdicts = [...evidence.matchAll(/: (meets|fails|undecided)(?=;|$)/g)].map((v) => v[1]);
      expect(note !== undefined).toBe(!verdicts.includes('fails') && verdicts.includes('undecided'));
    }
  });
});

describe('a grid limit by hour', () => {
  test('the connection line reads the demand against its lowest hour, not its largest value alone', () => {
    const dir = tmp();
    const file = smallScenario(dir, 'hourly', 2, { hub: { gridKw: { byHour: [...Array(23).fill(800), 100] }, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } });
    const out = tmp();
    const r = hubsim('size', file, '--vary', 'hub.chargers[0].cabinets=1..3', '--target', 'served_share>=0.2', '--replications', '2', '--no-report', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("past the connection's lowest limit by hour, 100 kW of up to 800 kW (hub.gridKw), which may hold them back in the hours it is in force: the answer is for that connection");
    const [answer] = JSON.parse(read(out, 'size-hourly', 'run.json')).decision;
    expect(answer.connection).toMatchObject({ connectionKw: 800, lowestKw: 100, binds: true });
    // Past its largest value too, it holds them back at their busiest, as a constant limit does.
    const low = smallScenario(dir, 'low', 2, { hub: { gridKw: { byHour: [...Array(23).fill(300), 100] }, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } });
    const out2 = tmp();
    const r2 = hubsim('size', low, '--vary', 'hub.chargers[0].cabinets=1..3', '--target', 'served_share>=0.2', '--replications', '2', '--no-report', '--out', out2);
    expect(r2.stdout).toContain('past the 300 kW connection (hub.gridKw), which holds them back at their busiest');
    expect(JSON.parse(read(out2, 'size-low', 'run.json')).decision[0].connection).not.toHaveProperty('lowestKw');
  });
});

describe('a top every replication meets alike', () => {
  test('undecided for want of replications allowed, the line says how many would decide it', () => {
    // 20 bays for 30 trucks a day: every truck plugs in at once, service_level 1 in each replication,
    // which stands for the mean once 59 agree; 16 × 2 replications allow 32.
    const args = ['size', scenario, '--vary', 'hub.chargers[0].cabinets=1..20', '--target', 'service_level>=0.5', '--replications', '2', '--no-report'];
    const short = hubsim(...args, '--out', tmp());
    expect(short.status).toBe(0);
    expect(short.stdout).toContain('the top of the range is undecided after 32 replications (--max-replications, short of the 59 that values all alike need: give --max-replications 59 or more), so not shown to meet');
    // Following it gives an answer.
    const enough = hubsim(...args, '--max-replications', '59', '--out', tmp());
    expect(enough.stdout).toMatch(/^small: \d+ CCS bays? \(hub.chargers\[0\].cabinets = \d+\) is the smallest that meets/);
  });

  test('where more would agree than the search may hold, it says so, not a --max-replications it would refuse', () => {
    // At 99.99 %, 92,099 must agree; 1..20 holds up to 7 designs, so at most 14,285 each.
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..20', '--target', 'service_level>=0.5', '--confidence', '0.9999', '--replications', '2', '--max-replications', '8', '--no-report', '--out', tmp());
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(--max-replications, short of the 92099 that values all alike need, more than this search may hold (--max-replications at most 14285 here): a lower --confidence needs fewer)');
    // Where a narrower search could hold them, it says so too.
    const n = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..20', '--target', 'service_level>=0.5', '--confidence', '0.9996', '--replications', '2', '--max-replications', '8', '--no-report', '--out', tmp());
    expect(n.stdout).toMatch(/more than this search may hold \(--max-replications at most 14285 here\): a lower --confidence needs fewer, and a narrower range allows more\)/);
    expect(r.stdout).not.toContain('give --max-replications 92099');
  });
});

describe('the ends of the range', () => {
  // A hub without outages has every bay available all the time: bay_availability is 1 in every
  // replication, so a target on it is met, or failed, by every design, with no spread to leave it
  // undecided.
  const ends = ['--vary', 'hub.chargers[0].cabinets=1..3', '--replications', '2', '--no-report'];
  const evaluated = (out: string, second: string) => rowsOf(read(out, FOLDER, 'designs.csv')).map((d) => [d.design, d['hub.chargers[0].cabinets'], d[second]]);

  test('sizing the connection, nothing meets and the top is never reached by demand: the line says the connection is not what holds the trucks back', () => {
    // Two 400 kW cabinets draw at most 800 kW: a 1,000 kW connection never binds.
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.gridKw=600..1000:200', '--target', 'bay_availability<=0.5', '--replications', '2', '--no-report', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /\n {2}at the top, the trucks' unconstrained demand peaks at [\d,]+ kW \(demand_peak_kw, its highest in any replication\) under the 1,000 kW connection, which is no less than the 800 kW its cabinets give in all: the connection never holds them back; the bays, cabinets or waiting spaces are \(a sweep over them shows which\)\n/,
    );
    const peak = Number(/peaks at ([\d,]+) kW/.exec(r.stdout)![1].replace(',', ''));
    expect(peak).toBeLessThanOrEqual(800);
    // run.json records it for the report, with the top's connection.
    const [answer] = JSON.parse(read(out, FOLDER, 'run.json')).decision;
    expect(answer.connection).toEqual({ demandPeakKw: expect.any(Number), connectionKw: 1000, cabinetsKw: 800, binds: false });
    expect(Math.round(answer.connection.demandPeakKw)).toBe(peak);
    // The report says it too; of a run.json that records no cabinets' total (an earlier version's), it says seldom.
    expect(hubsim('report', join(out, FOLDER)).status).toBe(0);
    expect(read(out, FOLDER, 'report.html')).toContain('which is no less than the 800 kW its cabinets give in all: the connection never holds them back;');
    const json = JSON.parse(read(out, FOLDER, 'run.json'));
    delete json.decision[0].connection.cabinetsKw;
    writeFileSync(join(out, FOLDER, 'run.json'), JSON.stringify(json));
    expect(hubsim('report', join(out, FOLDER)).status).toBe(0);
    expect(read(out, FOLDER, 'report.html')).toContain('under the 1,000 kW connection: the connection is seldom what holds them back;');
    // Sizing something else says nothing of the connection.
    const bays = hubsim('size', scenario, ...ends, '--target', 'bay_availability<=0.5', '--out', tmp());
    expect(bays.stdout).toContain('nothing up to');
    expect(bays.stdout).not.toContain('at the top, the trucks');
  });

  test('nothing in the range meets: the top and the bottom fail, and no value is named, at each value of the second parameter', () => {
    const out = tmp();
    const r = hubsim('size', scenario, ...ends, '--vary', 'hub.gridKw=400,800', '--target', 'bay_availability<=0.5', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const [article, kw] of [['a', 400], ['an', 800]]) {
      expect(r.stdout).toContain(`small, with ${article} ${kw} kW grid connection (hub.gridKw = ${kw}): nothing up to 3 CCS bays (hub.chargers[0].cabinets = 3) is shown to meet bay_availability <= 0.5 with 95 % confidence: the top of the range fails (bay_availability 1, 95 % lower bound 1 > 0.5: fails), and size assumes that more of hub.chargers[0].cabinets never hurts\n`);
    }
    expect(r.stdout).toMatch(/^400 +none in range\n800 +none in range$/m);
    // With no answer at 400 kW, the search at 800 kW starts from the top of the range again.
    expect(evaluated(out, 'hub.gridKw')).toEqual([['1', '3', '400'], ['2', '1', '400'], ['3', '3', '800'], ['4', '1', '800']]);
    expect(JSON.parse(read(out, FOLDER, 'run.json')).decision).toEqual([
      { 'hub.gridKw': 400, smallest: null, design: null, below: null, top: 1, words: { '1': '3 CCS bays' } },
      { 'hub.gridKw': 800, smallest: null, design: null, below: null, top: 3, words: { '3': '3 CCS bays' } },
    ]);
  });

  test('a range in steps leaves values between the answer and the next value down unsearched, and the answer says so', () => {
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..7:3', '--target', 'served_share>=0.9', '--replications', '4', '--no-report', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^small: 4 CCS bays \(hub\.chargers\[0\]\.cabinets = 4\) is the smallest of the values searched that meets served_share >= 0\.9 /);
    expect(r.stdout).toContain('\n  values between 1 and 4 were not searched: --vary "hub.chargers[0].cabinets=1..4" finds whether a smaller one meets\n');
    // The report says the same.
    expect(hubsim('report', join(out, FOLDER)).status).toBe(0);
    const page = read(out, FOLDER, 'report.html');
    expect(page).toContain(') is the smallest of the values searched that meets');
    expect(page).toContain('Values between 1 and 4 were not searched: a range between them finds whether a smaller one meets.');
    // With a second parameter, the range is searched at the answer's value of it; between values that
    // are not whole numbers, no range of size's would run, and none is given.
    const frontierOut = tmp();
    const frontier = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..7:3', '--vary', 'hub.gridKw=400,800', '--target', 'served_share>=0.9', '--replications', '4', '--no-report', '--out', frontierOut);
    expect(frontier.stdout).toContain('\n  values between 1 and 4 were not searched: --vary "hub.chargers[0].cabinets=1..4" --vary hub.gridKw=800 finds whether a smaller one meets\n');
    expect(frontier.stdout).toContain('\nfrontier: the smallest hub.chargers[0].cabinets of the values searched that meets every target, for each hub.gridKw\n');
    // And its report, of the frontier's table.
    expect(hubsim('report', join(frontierOut, FOLDER)).status).toBe(0);
    const frontierPage = read(frontierOut, FOLDER, 'report.html');
    expect(frontierPage).toContain('The smallest <code>hub.chargers[0].cabinets</code> of the values searched that meets');
    expect(frontierPage).toContain('; the values between were not searched');
    // A text value of the second parameter as --vary reads it back: "7" quoted, not the number 7.
    const texts = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..7:3', '--vary', 'hub.chargers[0].id="7"', '--target', 'served_share>=0.9', '--replications', '4', '--no-report', '--out', tmp());
    expect(texts.stdout).toContain(`--vary "hub.chargers[0].cabinets=1..4" --vary 'hub.chargers[0].id="7"' finds`);
    const fractional = hubsim('size', scenario, '--vary', 'hub.gridKw=200.5,900.5', '--target', 'served_share>=0.8', '--replications', '4', '--no-report', '--out', tmp());
    expect(fractional.stdout).toContain('\n  values between 200.5 and 900.5 were not searched: a range or list between them finds whether a smaller one meets\n');
    // Values one apart leave nothing between them.
    const dense = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..7', '--target', 'served_share>=0.9', '--replications', '4', '--no-report', '--out', tmp());
    expect(dense.stdout).toMatch(/^small: \d CCS bays \(hub\.chargers\[0\]\.cabinets = \d\) is the smallest that meets/);
    expect(dense.stdout).not.toContain('were not searched');
  });

  test('the bottom of the range meets: it is the answer, and the search at the next grid connection starts from it', () => {
    const out = tmp();
    const r = hubsim('size', scenario, ...ends, '--vary', 'hub.gridKw=400,800', '--target', 'bay_availability>=0.5', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('small, with a 400 kW grid connection (hub.gridKw = 400): 1 CCS bay (hub.chargers[0].cabinets = 1) is the smallest in the range that meets bay_availability >= 0.5 with 95 % confidence (evidence: design 2, 2 replications: bay_availability 1, 95 % lower bound 1 >= 0.5: meets)\n  it is the bottom of the range: smaller values were not searched\n');
    expect(r.stdout).toContain('small, with an 800 kW grid connection (hub.gridKw = 800): 1 CCS bay (hub.chargers[0].cabinets = 1) is the smallest in the range that meets bay_availability >= 0.5 with 95 % confidence (evidence: design 3, 2 replications: bay_availability 1, 95 % lower bound 1 >= 0.5: meets)\n  it is the bottom of the range: smaller values were not searched\n');
    // More grid power never hurts: 1 bay, the answer at 400 kW, is the top of the search at 800 kW, and meets.
    expect(evaluated(out, 'hub.gridKw')).toEqual([['1', '3', '400'], ['2', '1', '400'], ['3', '1', '800']]);
    expect(JSON.parse(read(out, FOLDER, 'run.json')).decision).toEqual([
      { 'hub.gridKw': 400, smallest: 1, design: 2, below: null, words: { '2': '1 CCS bay' } },
      { 'hub.gridKw': 800, smallest: 1, design: 3, below: null, words: { '3': '1 CCS bay' } },
    ]);
  });

  test('over a second parameter that is not numbers, each search starts from the top of the range', () => {
    const out = tmp();
    const r = hubsim('size', scenario, ...ends, '--vary', 'hub.allocation=equal,fifo', '--target', 'bay_availability>=0.5', '--out', out);
    expect(r.status).toBe(0);
    expect(evaluated(out, 'hub.allocation')).toEqual([['1', '3', 'equal'], ['2', '1', 'equal'], ['3', '3', 'fifo'], ['4', '1', 'fifo']]);
  });
});

describe('a design left undecided at --max-replications', () => {
  test('is not shown to meet, and is said to be undecided at the maximum', () => {
    // A target at the very mean of the design's replications (the same trucks as a run with the
    // scenario's seed): its one-sided bounds lie either side of it, so the design neither meets
    // nor fails, and --max-replications 2 allows no more replications.
    const ran = tmp();
    expect(hubsim('run', scenario, '--replications', '2', '--out', ran).status).toBe(0);
    const waits = rowsOf(read(ran, 'small', 'replications.csv')).map((row) => Number(row.wait_mean_min));
    expect(waits[0]).not.toBe(waits[1]);
    const target = (waits[0] + waits[1]) / 2;
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=2', '--target', `wait_mean_min<=${target}`, '--replications', '2', '--max-replications', '2', '--no-report', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(`small: nothing up to 2 CCS bays (hub.chargers[0].cabinets = 2) is shown to meet wait_mean_min <= ${target} with 95 % confidence: the top of the range is undecided after 2 replications (--max-replications), so not shown to meet (wait_mean_min `)).toBe(true);
    // The bound quoted is the upper one, beyond the target: else the design would meet it.
    const quoted = /\(wait_mean_min \S+, 95 % upper bound (\S+) > \S+: undecided\), and size assumes that more of hub\.chargers\[0\]\.cabinets never hurts$/m.exec(r.stdout);
    expect(quoted).not.toBeNull();
    expect(Number(quoted![1])).toBeGreaterThan(target);
    expect(r.stdout).toMatch(/^1 +2 +2 +\S+ \[\S+, \S+\] +undecided \(max\)$/m);
    expect(rowsOf(read(out, FOLDER, 'size.csv')).map((row) => [row.design, row.replications, row.verdict])).toEqual([['1', '2', 'undecided']]);
    // (Each design it names by its value in words, as the terminal says it, for the report to say alike.)
    expect(JSON.parse(read(out, FOLDER, 'run.json')).decision).toEqual([{ smallest: null, design: null, below: null, top: 1, words: { '1': '2 CCS bays' } }]);
  });
});

describe('--seed', () => {
  test('replication r of a design is that design run on its own with the same seed: the same trucks', () => {
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..3', '--target', 'bay_availability>=0.5', '--replications', '2', '--seed', '7', '--no-report', '--out', out);
    expect(r.status).toBe(0);
    expect(JSON.parse(read(out, FOLDER, 'run.json')).seed).toBe(7);
    // Design 1 is the top of the range, 3 bays.
    const sized = rowsOf(read(out, FOLDER, 'replications.csv')).filter((row) => row.design === '1');
    expect(sized.map((row) => Number(row.seed))).toEqual([1, 2].map((i) => replicationSeed(7, i)));
    const file = join(tmp(), 'small.json');
    const design = JSON.parse(readFileSync(scenario, 'utf8'));
    design.hub.chargers[0].cabinets = 3;
    writeFileSync(file, JSON.stringify(design));
    const ran = tmp();
    expect(hubsim('run', file, '--replications', '2', '--seed', '7', '--out', ran).status).toBe(0);
    const alone = rowsOf(read(ran, 'small', 'replications.csv'));
    expect(sized.map((row) => [row.seed, ...METRIC_NAMES.map((m) => row[m])])).toEqual(alone.map((row) => [row.seed, ...METRIC_NAMES.map((m) => row[m])]));
  });
});

test('a search that may hold exactly as many replications as a run may is allowed', () => {
  // No second parameter: up to ⌈log₂ 3⌉ + 2 = 4 designs × 25000 replications = 100000, the limit itself.
  const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..3', '--target', 'bay_availability>=0.5', '--replications', '2', '--max-replications', '25000', '--no-report', '--out', tmp());
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

describe('a sizing across horizons says each design\'s window', () => {
  test('in run.json, on the terminal where a target is a total, and in the report', () => {
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..4', '--vary', 'horizon={"days":2},{"days":3,"warmupDays":1}', '--target', 'trucks_reneged<=5', '--replications', '2', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const run = JSON.parse(read(out, FOLDER, 'run.json'));
    const designs = rowsOf(read(out, FOLDER, 'designs.csv'));
    const numbers = (horizon: string) => designs.filter((d) => d.horizon === horizon).map((d) => Number(d.design));
    expect(run.horizons).toEqual([
      { days: 2, warmupDays: 0, designs: numbers('{"days":2}') },
      { days: 3, warmupDays: 1, designs: numbers('{"days":3,"warmupDays":1}') },
    ]);
    expect(r.stdout).toMatch(/^trucks_reneged is a total over each design's statistics window, not a monthly or yearly figure: 2 days for designs [\d–, ]+; 2 days after a 1-day warm-up for designs [\d–, ]+$/m);
    const page = read(out, FOLDER, 'report.html');
    expect(page).toContain('<th>Statistics window</th>');
    expect(page).toContain('Trucks reneged is a total over each design\u2019s statistics window, which differs between designs');
  });
});

describe('the paired difference below the answer', () => {
  test('of a metric the same in every replication by its definition is its interval of no width; of one that merely agrees so far, no interval', () => {
    const dir = tmp();
    // The connection's cost: 100 a kW and year × gridKw × 2 days / 365, whatever the trucks do.
    const priced = smallScenario(dir, 'small', 2, { economics: { connectionCostPerKwYear: 100 } });
    const r = hubsim('size', priced, '--vary', 'hub.gridKw=400..1200:200', '--target', 'connection_cost>=300', '--replications', '4', '--no-report', '--out', join(dir, 'out'));
    expect(r.status).toBe(0);
    // 600 kW is the smallest: 600 × 100 × 2 / 365 = 328.77 meets, 400 kW's 219.18 does not.
    const d = (200 * 100 * 2) / 365;
    const line = /^ {2}difference, 600 − 400, paired over 4 replications with the same trucks: connection_cost (\S+), 95 % CI \[(\S+), (\S+)\]$/m.exec(r.stdout);
    expect(line).not.toBeNull();
    for (const x of line!.slice(1).map(Number)) expect(x).toBeCloseTo(d, 1);
    // The trucks that arrive, the same in both designs of each pair: a difference of 0 claims none,
    // and keeps its interval, as compare's does.
    const w = hubsim('size', priced, '--vary', 'hub.gridKw=400..1200:200', '--target', 'connection_cost>=300', '--target', 'trucks_arrived>=10', '--replications', '4', '--no-report', '--out', join(dir, 'out2'));
    expect(w.stdout).toMatch(/^ {2}difference, 600 − 400, paired over 4 replications with the same trucks: connection_cost \S+, 95 % CI \[\S+, \S+\]; trucks_arrived 0, 95 % CI \[0, 0\]$/m);
  });

  test('is in run.json and the report as on the terminal', () => {
    const dir = tmp();
    const priced = smallScenario(dir, 'small', 2, { economics: { connectionCostPerKwYear: 100 } });
    const out = join(dir, 'out');
    const r = hubsim('size', priced, '--vary', 'hub.gridKw=400..1200:200', '--target', 'connection_cost>=300', '--target', 'trucks_arrived>=10', '--replications', '4', '--out', out);
    expect(r.status).toBe(0);
    const d = (200 * 100 * 2) / 365;
    const [answer] = JSON.parse(read(out, FOLDER, 'run.json')).decision;
    expect(answer.difference).toEqual({
      replications: 4,
      metrics: [
        { metric: 'connection_cost', mean: expect.any(Number), low: expect.any(Number), high: expect.any(Number), pairs: 4, alike: false },
        { metric: 'trucks_arrived', mean: 0, low: 0, high: 0, pairs: 4, alike: false },
      ],
    });
    for (const x of [answer.difference.metrics[0].mean, answer.difference.metrics[0].low, answer.difference.metrics[0].high]) expect(x).toBeCloseTo(d, 6);
    const text = read(out, FOLDER, 'report.html').replace(/<[^>]+>/g, '');
    expect(text).toMatch(/Paired over 4 replications with the same trucks, 600 kW \u2212 400 kW differs by connection_cost 110 \[110, 110\]; trucks_arrived 0 \[0, 0\] \(95\u00a0% intervals\)\./);
  });

  test('is given at the run\'s confidence, two-sided, from the replications both designs ran', () => {
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..6', '--target', 'served_share>=0.9', '--target', 'wait_mean_min<=10', '--replications', '4', '--confidence', '0.9', '--no-report', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('report:'); // --no-report
    const line = /^ {2}difference, (\d+) − (\d+), paired over (\d+) replications with the same trucks: (.*)$/m.exec(r.stdout);
    expect(line).not.toBeNull();
    const [, answer, below, n] = line!.map(Number);
    const designs = rowsOf(read(out, FOLDER, 'designs.csv'));
    const designOf = (cabinets: number) => designs.find((d) => Number(d['hub.chargers[0].cabinets']) === cabinets)!.design;
    const reps = rowsOf(read(out, FOLDER, 'replications.csv'));
    const valuesOf = (design: string, metric: string) => reps.filter((x) => x.design === design).slice(0, n).map((x) => Number(x[metric]));
    for (const metric of ['served_share', 'wait_mean_min']) {
      const a = valuesOf(designOf(answer), metric);
      const b = valuesOf(designOf(below), metric);
      const d = a.map((x, i) => x - b[i]);
      const mean = d.reduce((s, x) => s + x, 0) / n;
      const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
      // Two-sided at 90 %: Student's t at 0.95 with n − 1 degrees of freedom (n is 4 doubled 0 to 3 times).
      const t95: Record<number, number> = { 4: 2.353363, 8: 1.894579, 16: 1.75305, 32: 1.695519 };
      expect(Object.keys(t95)).toContain(String(n));
      const half = t95[n] * (sd / Math.sqrt(n));
      const shown = new RegExp(`${metric} (\\S+), 90 % CI \\[(\\S+), (\\S+)\\]`).exec(line![4]);
      expect(shown).not.toBeNull();
      const [, m, lo, hi] = shown!.map(Number);
      for (const [got, want] of [[m, mean], [lo, mean - half], [hi, mean + half]]) expect(Math.abs(got - want)).toBeLessThanOrEqual(5e-4 * Math.abs(want) + 1e-12);
    }
  });
});

describe('a target that gets worse with more of the sized parameter', () => {
  test('is said to leave no answer where the bottom meets and the top fails, not that nothing meets: on the terminal, in run.json and in the report', () => {
    // A cap on the peak grid power: 1 bay of 400 kW stays under 450 kW, 6 bays reach the 600 kW connection.
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..6', '--target', 'grid_peak_kw<=450', '--replications', '4', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^small: no answer: the bottom of the range, 1 CCS bay \(hub\.chargers\[0\]\.cabinets = 1\), meets grid_peak_kw <= 450 with 95 % confidence, and the top, 6 CCS bays \(hub\.chargers\[0\]\.cabinets = 6\), fails: a target gets worse with more of hub\.chargers\[0\]\.cabinets/);
    expect(r.stdout).not.toContain('nothing up to');
    expect(JSON.parse(read(out, FOLDER, 'run.json')).decision).toEqual([{ smallest: null, design: null, below: null, top: 1, bottom: 2, words: { '1': '6 CCS bays', '2': '1 CCS bay' } }]);
    expect(read(out, FOLDER, 'report.html').replace(/<[^>]+>/g, '')).toContain('No answer: the bottom of the range, 1 CCS bay, meets grid_peak_kw &lt;= 450 with 95\u00a0% confidence (design 2), and the top, 6 CCS bays, fails (design 1).');
  });
});

describe("a target's metric undefined in some replications", () => {
  test('has bounds over the replications that define it, and the evidence says over how many', () => {
    // Under one truck in two days: in some replications none comes, and no wait is defined.
    const dir = tmp();
    const rare = smallScenario(dir, 'rare', 2, { arrivals: { trucksPerDay: 0.6 } });
    const ran = tmp();
    expect(hubsim('run', rare, '--replications', '10', '--out', ran).status).toBe(0);
    const defined = rowsOf(read(ran, 'rare', 'replications.csv')).filter((row) => row.charge_mean_min !== '').length;
    expect(defined).toBeGreaterThan(1);
    expect(defined).toBeLessThan(10);
    // (The time plugged in, not the wait: nobody waits at two bays, and waits of 0 in every replication bound nothing.)
    const r = hubsim('size', rare, '--vary', 'hub.chargers[0].cabinets=2', '--target', 'charge_mean_min<=6000', '--replications', '10', '--max-replications', '10', '--no-report', '--out', tmp());
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`design 1, 10 replications: charge_mean_min `);
    expect(r.stdout).toMatch(new RegExp(`charge_mean_min \\S+ \\(over the ${defined} replications that define it\\), 95 % upper bound`));
  });
});

describe('targets that more of the sized parameter helps and hurts', () => {
  test('a bottom meeting the target that the top fails is no answer, though it fails another: the designs between may meet both', () => {
    const out = tmp();
    // Each design's peak is all its bays at full power, in every replication: at 80 % confidence, 8
    // replications that agree are enough to take it as known.
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..6', '--target', 'grid_peak_kw<=450', '--target', 'served_share>=0.8', '--confidence', '0.8', '--replications', '8', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^small: no answer: the bottom of the range, 1 CCS bay \(hub\.chargers\[0\]\.cabinets = 1\), meets grid_peak_kw <= 450 with 80 % confidence, which the top, 6 CCS bays \(hub\.chargers\[0\]\.cabinets = 6\), does not: a target gets worse with more of hub\.chargers\[0\]\.cabinets/);
    expect(r.stdout).not.toContain('nothing up to');
    expect(JSON.parse(read(out, FOLDER, 'run.json')).decision).toEqual([{ smallest: null, design: null, below: null, top: 1, bottom: 2, words: { '1': '6 CCS bays', '2': '1 CCS bay' } }]);
    expect(read(out, FOLDER, 'report.html').replace(/<[^>]+>/g, '')).toContain('No answer: the bottom of the range, 1 CCS bay, meets a target with 80\u00a0% confidence (design 2) that the top, 6 CCS bays, does not (design 1).');
  });

  test('along a frontier, such a point is no answer in the table too, and the report does not say its bottom meets every target', () => {
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..6', '--vary', 'hub.gridKw=600', '--target', 'grid_peak_kw<=450', '--target', 'served_share>=0.8', '--confidence', '0.8', '--replications', '8', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nhub\.gridKw  hub\.chargers\[0\]\.cabinets\n-+  -+\n600 +no answer\n/);
    const page = read(out, FOLDER, 'report.html').replace(/<[^>]+>/g, '');
    expect(page).toContain('the bottom of the range, 1 CCS bay, meets a target that the top does not (design 2), the top, 6 CCS bays, fails (design 1)');
    expect(page).not.toContain('1 CCS bay, meets (design 2)');
  });

  test('a top only not shown to meet the target the bottom meets (at --max-replications) is said so: that target may get worse with more', () => {
    // At 4 replications the top's mean grid power is 390.8 kW, its bounds either side of the cap;
    // the bottom's 264.6 kW clears it, and the bottom fails served_share.
    const out = tmp();
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..6', '--target', 'grid_mean_kw<=390.8', '--target', 'served_share>=0.8', '--replications', '4', '--max-replications', '4', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^small: no answer: the bottom of the range, 1 CCS bay \(hub\.chargers\[0\]\.cabinets = 1\), meets grid_mean_kw <= 390\.8 with 95 % confidence, which the top, 6 CCS bays \(hub\.chargers\[0\]\.cabinets = 6\), is not shown to meet: a target may get worse with more of hub\.chargers\[0\]\.cabinets/);
    expect(r.stdout).toContain('  the top: design 1, 4 replications: grid_mean_kw 390.8, 95 % upper bound 397.7 > 390.8: undecided;');
    expect(read(out, FOLDER, 'report.html').replace(/<[^>]+>/g, '')).toContain('that the top, 6 CCS bays, is not shown to meet (design 1). A target may get worse with more of hub.chargers[0].cabinets');
  });

  test('a top that fails one target is taken on while a target the bottom meets is undecided there: a cap at the connection, met at both ends, leaves nothing meeting, not no answer', () => {
    // The top's peak is the 600 kW connection in every replication, which takes 59 agreeing to be
    // met; it fails served_share at once. Met there too, the cap does not get worse with more.
    const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=1..6', '--target', 'grid_peak_kw<=600', '--target', 'served_share>=0.9999', '--replications', '4', '--no-report', '--out', tmp());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^small: nothing up to 6 CCS bays \(hub\.chargers\[0\]\.cabinets = 6\) is shown to meet grid_peak_kw <= 600 and served_share >= 0\.9999 with 95 % confidence: the top of the range fails \(grid_peak_kw 600, 95 % upper bound 600 <= 600: meets; served_share /);
    expect(r.stdout).toMatch(/\n1 +6 +64 +600 \[600, 600\]/);
  });
});

describe('size is deterministic', () => {
  test('byte-identical files and output with two workers', () => {
    const out = join(work, 'w2');
    const r = hubsim('size', scenario, ...ARGS, '--workers', '2', '--out', out);
    expect(r.status).toBe(0);
    for (const f of FILES) expect(read(out, FOLDER, f)).toBe(read(first, FOLDER, f));
    expect(r.stdout.replaceAll(out, first)).toBe(stdout);
  });
});

describe('bad input: exit 2 naming it, nothing written', () => {
  function bad(args: string[], message: RegExp): void {
    const out = tmp();
    const r = hubsim('size', scenario, ...args, '--out', out);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(out)).toEqual([]);
  }
  const target = ['--target', 'served_share>=0.9'];

  test('more than 10000 designs, though the search runs only some', () =>
    bad(['--vary', 'hub.chargers[0].cabinets=1..200', '--vary', 'hub.gridKw=1..100', ...target], /^hubsim: --vary: must define at most 10000 designs, each value of the first parameter with each of the second: the search runs only some, but every one is built and checked before it starts; a step thins a range: LO..HI:STEP \(got 200 × 100 = 20000\)\n$/));
  test('a bad path', () => bad(['--vary', 'hub.chargers[1].cabinets=1..3', ...target], /--vary hub\.chargers\[1\]\.cabinets: must be a path into .*: no such index/));
  test('a value that makes a design invalid', () => bad(['--vary', 'hub.chargers[0].cabinets=0..3', ...target], /design 1 \(hub\.chargers\[0\]\.cabinets = 0\): hub\.chargers\[0\]\.cabinets: must be a whole number >= 1 \(got 0\)/));
  test('a design that can never clear its trucks fails, overloaded, and the search goes on above it', () => {
    // 1 kW cabinets: the trucks are still at the hub a year after the horizon (a run refuses it).
    const slow = smallScenario(tmp(), 'slow', 2, { behaviour: { breakMin: 45, leave: 'charged' } });
    const out = tmp();
    const r = hubsim('size', slow, '--vary', 'hub.chargers[0].cabinetKw=1,400', '--target', 'wait_mean_min<=1000', '--replications', '2', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/the next value down, hub\.chargers\[0\]\.cabinetKw = 1: design 2: overloaded, its hub never clears its trucks \(\d+ trucks still at the hub 365 days after the horizon\): fails/);
    expect(r.stdout).toMatch(/^2 +1 +0 +– \[–, –\] +fails \(overloaded\)$/m);
    const size = rowsOf(read(out, 'size-slow', 'size.csv'));
    expect(size.map((row) => [row.design, row.replications, row.mean, row.verdict])).toEqual([['1', '2', size[0].mean, 'meets'], ['2', '0', '', 'fails']]);
    expect(rowsOf(read(out, 'size-slow', 'replications.csv')).map((row) => row.design)).toEqual(['1', '1']);
    // Its two 400 kW bays would draw 800 kW on the 600 kW connection: the decision says so, as the terminal does.
    expect(JSON.parse(read(out, 'size-slow', 'run.json')).decision).toEqual([{ smallest: 400, design: 1, below: 2, connection: { demandPeakKw: 800, connectionKw: 600, binds: true } }]);
    const html = read(out, 'size-slow', 'report.html');
    expect(html).toContain('fails (overloaded)');
    expect(html).toContain('The next value down, 1 kW, fails, overloaded: its hub could not serve its trucks (design 2).');
    // Where nothing meets, the overloaded bottom's reason is told under the table (the report says size printed it).
    const none = hubsim('size', slow, '--vary', 'hub.chargers[0].cabinetKw=1,400', '--target', 'charge_mean_min<=1', '--replications', '2', '--out', tmp());
    expect(none.status).toBe(0);
    expect(none.stdout).toMatch(/nothing up to hub\.chargers\[0\]\.cabinetKw = 400 is shown to meet/);
    expect(none.stdout).toMatch(/\ndesign 2, hub\.chargers\[0\]\.cabinetKw = 1: overloaded, its hub never clears its trucks \(\d+ trucks still at the hub 365 days after the horizon\): fails\n/);
    // Named with its reason beside the answer above, it is not told again.
    expect(r.stdout.match(/overloaded, its hub never clears/g)).toHaveLength(1);
    // run refuses the same scenario, naming the limit.
    const design = JSON.parse(readFileSync(slow, 'utf8'));
    design.hub.chargers[0].cabinetKw = 1;
    writeFileSync(slow, JSON.stringify(design));
    const refused = hubsim('run', slow, '--replications', '1', '--out', tmp());
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/hub: must let the trucks present at the horizon leave within 365 days/);
  });
  test('a target on a price the scenario does not set', () => {
    // Prices of energy drawn, but no selling price: the margin is empty in every replication.
    const priced = smallScenario(tmp(), 'priced', 2, { economics: { energyPrice: 0.2 } });
    const out = tmp();
    const r = hubsim('size', priced, '--vary', 'hub.chargers[0].cabinets=1..3', '--target', 'margin_per_kwh>=0.05', '--target', 'energy_cost<=1000', '--out', out);
    expect(r.stderr).toBe('hubsim: --target margin_per_kwh: must be a metric the scenario defines: it needs prices (economics.sellingPrice)\n');
    expect(r.status).toBe(2);
    expect(tree(out)).toEqual([]);
  });
  test('a target on a price only some designs set', () => {
    // The second parameter's first economics has no energy price: its designs never define energy_cost.
    const priced = smallScenario(tmp(), 'priced', 2, { economics: { energyPrice: 0.2 } });
    const out = tmp();
    const r = hubsim('size', priced, '--vary', 'hub.chargers[0].cabinets=1..2', '--vary', 'economics={"sellingPrice":0.45},{"energyPrice":0.2}', '--target', 'energy_cost<=1000', '--replications', '2', '--out', out);
    expect(r.stderr).toBe(
      'hubsim: --target energy_cost: must be a metric every design defines: it needs prices (economics.energyPrice), which design 1 (hub.chargers[0].cabinets = 1, economics = {"sellingPrice":0.45}), design 3 (hub.chargers[0].cabinets = 2, economics = {"sellingPrice":0.45}) lack\n',
    );
    expect(r.status).toBe(2);
    expect(tree(out)).toEqual([]);
  });
  test('a target on a price one design lacks', () => {
    const priced = smallScenario(tmp(), 'priced', 2, { economics: { energyPrice: 0.2 } });
    const r = hubsim('size', priced, '--vary', 'hub.chargers[0].cabinets=1', '--vary', 'economics={"sellingPrice":0.45},{"energyPrice":0.2}', '--target', 'energy_cost<=1000', '--replications', '2', '--out', tmp());
    expect(r.stderr).toBe('hubsim: --target energy_cost: must be a metric every design defines: it needs prices (economics.energyPrice), which design 1 (hub.chargers[0].cabinets = 1, economics = {"sellingPrice":0.45}) lacks\n');
    expect(r.status).toBe(2);
  });
  test('a target on a price three designs lack names the three and no more', () => {
    const priced = smallScenario(tmp(), 'priced', 2, { economics: { energyPrice: 0.2 } });
    const r = hubsim('size', priced, '--vary', 'hub.chargers[0].cabinets=1..3', '--vary', 'economics={"sellingPrice":0.45},{"energyPrice":0.2}', '--target', 'energy_cost<=1000', '--replications', '2', '--out', tmp());
    expect(r.stderr).toMatch(/which design 1 \(.*\), design 3 \(.*\), design 5 \(hub\.chargers\[0\]\.cabinets = 3, economics = \{"sellingPrice":0\.45\}\) lack\n$/);
    expect(r.status).toBe(2);
  });
  test('a second parameter with a bad value', () => bad(['--vary', 'hub.chargers[0].cabinets=1..3', '--vary', 'hub.allocation=equal,fair', ...target], /hub\.allocation = fair\): hub\.allocation: must be one of/));
  test('a metric that does not exist', () => bad(['--vary', 'hub.chargers[0].cabinets=1..3', '--target', 'service_levl>=0.9'], /--target: must name a metric .* \(got "service_levl"\)/));
  test('a sized parameter that is not numbers', () => bad(['--vary', 'hub.allocation=equal,fifo', ...target], /--vary hub\.allocation: must be numbers/));
  test('one replication', () => bad(['--vary', 'hub.chargers[0].cabinets=1..3', ...target, '--replications', '1'], /--replications: must be a whole number from 2 to 100000 for size: a confidence bound needs a spread \(got "1"\)/));
  // Nor a fraction, told the same range (not "from 1").
  test('a fraction of a replication', () => bad(['--vary', 'hub.chargers[0].cabinets=1..3', ...target, '--replications', '1.5'], /--replications: must be a whole number from 2 to 100000 for size: a confidence bound needs a spread \(got "1.5"\)/));
  test('a maximum below the start', () => bad(['--vary', 'hub.chargers[0].cabinets=1..3', ...target, '--max-replications', '5'], /--max-replications: must be a whole number from --replications \(10\)/));
  test('a search that could hold more replications than a run may', () =>
    bad(
      ['--vary', 'hub.chargers[0].cabinets=1..3', '--vary', 'description=a,b,c,d', ...target, '--max-replications', '100000'],
      /--max-replications: must keep the replications the search may hold in memory at most 100000 \(lower it, or narrow the ranges; without it, it is 16 × --replications, at most 100000\) \(got 4 values of the second parameter × up to 4 designs each × 100000 replications = 1600000\)/,
    ));
  test("a search too large with --max-replications at its default blames --replications, which the user typed, and says what the default is", () =>
    bad(
      ['--vary', 'hub.chargers[0].cabinets=1..1000', ...target, '--replications', '10000'],
      /--replications: must keep the replications the search may hold in memory at most 100000, with --max-replications at its default of 16 × --replications \(at most 100000\): lower it, give a lower --max-replications, or narrow the ranges \(got up to 12 designs × 100000 replications = 1200000\)/,
    ));
  test('a confidence that is not a probability above one half', () => bad(['--vary', 'hub.chargers[0].cabinets=1..3', ...target, '--confidence', '95'], /--confidence: must be a number above 0\.5 and at most 0\.999999/));
});

test('a confidence is said with every digit given, never rounded up to 100 %', () => {
  expect([0.95, 0.999, 0.6, 0.57, 0.99999999999, 0.9999999999999999, 0.5000001].map(confidenceText)).toEqual(['95 %', '99.9 %', '60 %', '57 %', '99.999999999 %', '99.99999999999999 %', '50.00001 %']);
});

test('size names the bays of the design that ran, when a second parameter changes bays per cabinet', () => {
  const scenario = smallScenario(tmp(), 'small', 1);
  const r = hubsim('size', scenario, '--vary', 'hub.chargers[0].cabinets=2..3', '--vary', 'hub.chargers[0].baysPerCabinet=1,2', '--target', 'trucks_arrived>=1', '--replications', '2', '--out', tmp(), '--no-report');
  expect(r.status).toBe(0);
  const decisions = r.stdout.split('\n').filter((l) => l.startsWith('small, with'));
  expect(decisions[0]).toMatch(/^small, with hub\.chargers\[0\]\.baysPerCabinet = 1: 2 CCS bays \(hub\.chargers\[0\]\.cabinets = 2\) is the smallest/);
  expect(decisions[1]).toMatch(/^small, with hub\.chargers\[0\]\.baysPerCabinet = 2: 2 CCS cabinets \(4 bays\) \(hub\.chargers\[0\]\.cabinets = 2\) is the smallest/);
  // Either answer's trucks would draw 800 kW on the 600 kW connection, and each says so in its own bays.
  expect(r.stdout).toContain('  at 2 CCS bays (hub.chargers[0].cabinets = 2), the trucks\' unconstrained demand peaks at 800 kW (demand_peak_kw, its highest in any replication), past the 600 kW connection (hub.gridKw)');
  expect(r.stdout).toContain('  at 2 CCS cabinets (4 bays) (hub.chargers[0].cabinets = 2), the trucks\' unconstrained demand peaks at 800 kW');
});

test("sizing the bays, an answer whose connection holds its trucks back says so; one whose trucks' demand stays under the connection does not", () => {
  const dir = tmp();
  const roomy = smallScenario(dir, 'roomy', 1, { hub: { gridKw: 1200, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } });
  const r = hubsim('size', roomy, '--vary', 'hub.chargers[0].cabinets=2..3', '--target', 'trucks_arrived>=1', '--replications', '2', '--out', join(dir, 'out'), '--no-report');
  expect(r.status).toBe(0);
  expect(r.stdout).not.toContain('unconstrained demand');
  // A site battery gives the trucks its power beyond the connection: 800 kW of demand is not held
  // back by 400 kW and a battery of 2,000 kW; it is by 400 kW and one of 100.
  const battery = (powerKw: number) => ({ hub: { gridKw: 400, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }], battery: { capacityKwh: 20000, powerKw, initialSoc: 1 } } });
  const big = hubsim('size', smallScenario(dir, 'big', 1, battery(2000)), '--vary', 'hub.chargers[0].cabinets=2..3', '--target', 'trucks_arrived>=1', '--replications', '2', '--out', join(dir, 'out2'), '--no-report');
  expect(big.status).toBe(0);
  expect(big.stdout).not.toContain('unconstrained demand');
  const small = hubsim('size', smallScenario(dir, 'small-battery', 1, battery(100)), '--vary', 'hub.chargers[0].cabinets=2..3', '--target', 'trucks_arrived>=1', '--replications', '2', '--out', join(dir, 'out3'), '--no-report');
  expect(small.stdout).toContain("past the 400 kW connection (hub.gridKw) and the battery's 100 kW, which hold them back at their busiest");
});

test("the connection's line is in run.json's decision and the report as on the terminal, and only where the terminal has it", () => {
  const dir = tmp();
  const battery = { hub: { gridKw: 400, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }], battery: { capacityKwh: 20000, powerKw: 100, initialSoc: 1 } } };
  const out = join(dir, 'out');
  const r = hubsim('size', smallScenario(dir, 'small', 1, battery), '--vary', 'hub.chargers[0].cabinets=2..3', '--target', 'trucks_arrived>=1', '--replications', '2', '--out', out);
  expect(r.status).toBe(0);
  const peak = Number(/peaks at ([\d,]+) kW/.exec(r.stdout)![1].replace(/,/g, ''));
  const [answer] = JSON.parse(read(out, FOLDER, 'run.json')).decision;
  expect(answer.connection).toEqual({ demandPeakKw: expect.any(Number), connectionKw: 400, batteryKw: 100, binds: true });
  expect(Math.round(answer.connection.demandPeakKw)).toBe(peak);
  const text = read(out, FOLDER, 'report.html').replace(/<[^>]+>/g, '');
  expect(text).toContain(`Its trucks\u2019 unconstrained demand peaks at ${peak.toLocaleString('en-US')} kW (demand_peak_kw, its highest in any replication), past the 400 kW connection (hub.gridKw) and the battery\u2019s 100 kW, which hold them back at their busiest`);
  // A connection with room to spare: nothing said, in either.
  const roomy = join(dir, 'roomy-out');
  const quiet = hubsim('size', smallScenario(dir, 'small', 1, { hub: { gridKw: 1200, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } }), '--vary', 'hub.chargers[0].cabinets=2..3', '--target', 'trucks_arrived>=1', '--replications', '2', '--out', roomy);
  expect(quiet.status).toBe(0);
  expect(JSON.parse(read(roomy, FOLDER, 'run.json')).decision[0].connection).toBeUndefined();
  expect(read(roomy, FOLDER, 'report.html')).not.toContain('unconstrained demand peaks');
  // Along a frontier, a column of the table, with a dash where there is nothing to say.
  const frontier = join(dir, 'frontier-out');
  const both = hubsim('size', smallScenario(dir, 'small', 1, { hub: { gridKw: 400, chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } }), '--vary', 'hub.chargers[0].cabinets=2..3', '--vary', 'hub.gridKw=400,2000', '--target', 'trucks_arrived>=1', '--replications', '2', '--out', frontier);
  expect(both.status).toBe(0);
  const decision = JSON.parse(read(frontier, FOLDER, 'run.json')).decision;
  expect(decision.map((d: { connection?: { binds: boolean } }) => d.connection?.binds)).toEqual([true, undefined]);
  const table = read(frontier, FOLDER, 'report.html').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(table).toContain('Peak unconstrained demand ( demand_peak_kw )');
  expect(table).toMatch(/ 400 2 design \d+, 2 replications none: the bottom of the range [\d,]+ kW, past the 400 kW connection /);
  expect(table).toMatch(/ 2,000 2 design \d+, 2 replications none: the bottom of the range – /);
});

describe('describeSetting', () => {
  const raw = { hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 6 }, { id: 'mcs', connector: 'MCS', cabinets: 2, baysPerCabinet: 2 }] } };
  test('names bays, cabinets and grid connections as a planner would', () => {
    expect(describeSetting(raw, 'hub.chargers[0].cabinets', 7)).toBe('7 CCS bays (hub.chargers[0].cabinets = 7)');
    expect(describeSetting(raw, 'hub.chargers[0].cabinets', 1)).toBe('1 CCS bay (hub.chargers[0].cabinets = 1)');
    expect(describeSetting(raw, 'hub.chargers[1].cabinets', 3)).toBe('3 MCS cabinets (6 bays) (hub.chargers[1].cabinets = 3)');
    expect(describeSetting(raw, 'hub.gridKw', 2500)).toBe('a 2,500 kW grid connection (hub.gridKw = 2500)');
    // The article as the number is said: eight…, eleven…, eighteen… thousand.
    expect([8000, 800, 11000, 18500, 1100, 180, 80.5].map((kw) => settingWords(raw, 'hub.gridKw', kw))).toEqual(
      ['an 8,000 kW grid connection', 'an 800 kW grid connection', 'an 11,000 kW grid connection', 'an 18,500 kW grid connection', 'a 1,100 kW grid connection', 'a 180 kW grid connection', 'an 80.5 kW grid connection'],
    );
    expect(describeSetting(raw, 'hub.waitingSpaces', 4)).toBe('hub.waitingSpaces = 4');
    // null leaves the field out of the design.
    expect(describeSetting(raw, 'hub.gridKw', null)).toBe('no grid limit (hub.gridKw left out)');
    expect(describeSetting(raw, 'hub.waitingSpaces', null)).toBe('hub.waitingSpaces left out');
  });
});

test('size --help names its options', () => {
  const r = hubsim('size', '--help');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/hubsim size <scenario>/);
  expect(r.stdout).toContain('--vary');
});
