import { beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { METRIC_NAMES } from '../src/model/metrics.js';
import { replicationSeed } from '../src/random/streams.js';
import { summarise } from '../src/stats/summary.js';
import { readPlanFolder } from '../src/report/read.js';
import { human, withCi } from '../src/cli/table.js';
import { hubsim, hubsimPeakMb, read, rerecord, smallScenario, tmp, tree } from './helpers/cli.js';

// `hubsim sweep` as a user runs it: real processes, real files.

const FILES = ['designs.csv', 'replications.csv', 'report.html', 'run.json', 'sweep.csv'];
const SETS = ['--set', 'hub.chargers[0].cabinets=1..3', '--set', 'hub.gridKw=400,800'];
const FOLDER = 'sweep-small';

let work: string;
let scenario: string;
let whole: string;
let stdout: string;

beforeAll(() => {
  work = tmp();
  scenario = smallScenario(work, 'small', 2);
  whole = join(work, 'whole');
  const r = hubsim('sweep', scenario, ...SETS, '--replications', '3', '--workers', '1', '--out', whole);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  stdout = r.stdout;
});

const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('sweep writes the cross product of the values', () => {
  test('the last line names the report', () => {
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(`report: ${join(whole, FOLDER, 'report.html')}`);
  });

  // replications.csv read once, by the first test that needs it (the sweep runs in beforeAll).
  let replications: Record<string, string>[] | undefined;
  const valuesOf = (design: string, metric: string) =>
    (replications ??= rowsOf(read(whole, FOLDER, 'replications.csv')))
      .filter((r) => r.design === design)
      .map((r) => (r[metric] === '' ? NaN : Number(r[metric])));

  test("sweep.csv: n is the number of replications that define the metric, as summary.csv's n", () => {
    const rows = rowsOf(read(whole, FOLDER, 'sweep.csv'));
    expect(rows).toHaveLength(6 * METRIC_NAMES.length);
    for (const row of rows) {
      const defined = valuesOf(row.design, row.metric).filter((v) => !Number.isNaN(v)).length;
      expect([row.design, row.metric, Number(row.n)]).toEqual([row.design, row.metric, defined]);
    }
    // The scenario prices nothing: its money metrics are defined in no replication.
    expect(new Set(rows.filter((r) => r.metric === 'revenue').map((r) => r.n))).toEqual(new Set(['0']));
  });

  test('the terminal gives each design the mean ± 95% half-width of all its replications', () => {
    const lines = stdout.split('\n');
    const metrics = lines[1].trim().split(/\s{2,}/).slice(3);
    expect(metrics).toContain('wait_mean_min');
    const table = lines.slice(3).filter((l) => /^\d+\s/.test(l));
    expect(table).toHaveLength(6);
    for (const line of table) {
      const cells = line.trim().split(/\s{2,}/);
      metrics.forEach((m, j) => {
        const sum = summarise(valuesOf(cells[0], m));
        expect(sum.n).toBe(3);
        const half = (sum.ci95High - sum.ci95Low) / 2;
        const want = half < 1e-9 * Math.abs(sum.mean) ? `${human(sum.mean)} ± 0` : withCi(sum);
        expect([cells[0], m, cells[3 + j]]).toEqual([cells[0], m, want]);
      });
    }
  });

  test('designs.csv: one row per combination, the first --set varying slowest', () => {
    expect(read(whole, FOLDER, 'designs.csv')).toBe('design,hub.chargers[0].cabinets,hub.gridKw\n1,1,400\n2,1,800\n3,2,400\n4,2,800\n5,3,400\n6,3,800\n');
    expect(tree(join(whole, FOLDER))).toEqual(FILES);
  });

  test('replications.csv: every design × replication; replication r has the same seed, so the same trucks, in every design', () => {
    const rows = rowsOf(read(whole, FOLDER, 'replications.csv'));
    expect(Object.keys(rows[0])).toEqual(['design', 'replication', 'seed', ...METRIC_NAMES]);
    expect(rows.map((r) => `${r.design}/${r.replication}`)).toEqual([1, 2, 3, 4, 5, 6].flatMap((d) => [1, 2, 3].map((r) => `${d}/${r}`)));
    for (const r of rows) {
      expect(Number(r.seed)).toBe(replicationSeed(3, Number(r.replication)));
      // Arrivals do not depend on the hub: common random numbers.
      expect(r.trucks_arrived).toBe(rows[Number(r.replication) - 1].trucks_arrived);
    }
    // The designs differ: more bays serve more of the same trucks.
    const served = (d: number) => rows.filter((r) => Number(r.design) === d).reduce((s, r) => s + Number(r.served_share), 0);
    expect(served(5)).toBeGreaterThan(served(1));
  });

  test('sweep.csv: each design × metric summarised from its replications', () => {
    const reps = rowsOf(read(whole, FOLDER, 'replications.csv'));
    const rows = rowsOf(read(whole, FOLDER, 'sweep.csv'));
    expect(Object.keys(rows[0])).toEqual(['design', 'hub.chargers[0].cabinets', 'hub.gridKw', 'metric', 'mean', 'sd', 'ci95_low', 'ci95_high', 'n']);
    expect(rows).toHaveLength(6 * METRIC_NAMES.length);
    const row = rows.find((r) => r.design === '4' && r.metric === 'wait_mean_min')!;
    expect([row['hub.chargers[0].cabinets'], row['hub.gridKw']]).toEqual(['2', '800']);
    const s = summarise(reps.filter((r) => r.design === '4').map((r) => (r.wait_mean_min === '' ? NaN : Number(r.wait_mean_min))));
    expect([Number(row.mean), Number(row.ci95_low), Number(row.ci95_high), Number(row.n)]).toEqual([s.mean, s.ci95Low, s.ci95High, s.n]);
  });

  test('run.json records the definition', () => {
    const run = JSON.parse(read(whole, FOLDER, 'run.json'));
    expect(run).toMatchObject({
      command: 'sweep',
      // The hubsim that ran it, which the report's header names whichever hubsim draws the page.
      hubsim: JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version,
      scenario: 'small',
      seed: 3,
      replications: 3,
      designs: 6,
      parameters: [
        { path: 'hub.chargers[0].cabinets', values: [1, 2, 3] },
        { path: 'hub.gridKw', values: [400, 800] },
      ],
      // Every design keeps the base scenario's horizon: one window, for designs 1–6.
      horizons: [{ days: 2, warmupDays: 0, designs: [1, 2, 3, 4, 5, 6] }],
      // And each design's grid connection, swept here: the second --set varies fastest.
      connections: [
        { kw: 400, designs: [1, 3, 5] },
        { kw: 800, designs: [2, 4, 6] },
      ],
    });
  });

  test('the terminal shows one row per design with the swept values and intervals', () => {
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^small: sweep of 6 designs × 3 replications, seed 3 → .*sweep-small\/; mean ± 95% CI$/);
    expect(lines[1]).toMatch(/^design\s+hub\.chargers\[0\]\.cabinets\s+hub\.gridKw\s+service_level\s+served_share/);
    expect(lines.slice(3, -1)).toHaveLength(6);
    expect(lines[3]).toMatch(/^1\s+1\s+400\s+\S+ ± \S+/);
  });

  test('with one replication, the heading promises no intervals, as the table shows none', () => {
    const r = hubsim('sweep', scenario, '--set', 'hub.gridKw=400,800', '--replications', '1', '--no-report', '--out', tmp());
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^small: sweep of 2 designs × 1 replication, seed 3 → .*sweep-small\/; one replication each, so no intervals$/);
    expect(lines[3]).not.toContain('±');
  });
});

describe('a value of null leaves the field out of a design', () => {
  test('an unlimited grid beside limited ones: the design is the scenario without gridKw, listed as null', () => {
    const dir = tmp();
    const file = smallScenario(dir, 'grid', 2, { hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } });
    const r = hubsim('sweep', file, '--set', 'hub.gridKw=400,null', '--replications', '2', '--workers', '1', '--out', dir);
    expect(r.status).toBe(0);
    expect(read(dir, 'sweep-grid', 'designs.csv')).toBe('design,hub.gridKw\n1,400\n2,null\n');
    // Design 2 is the scenario as written, which gives no gridKw: its replications are the run's.
    const run = hubsim('run', file, '--replications', '2', '--workers', '1', '--out', join(dir, 'run'));
    expect(run.status).toBe(0);
    const metrics = (text: string) => text.trim().split('\n').slice(1).map((l) => l.split(',').slice(3).join(','));
    const sweepRows = read(dir, 'sweep-grid', 'replications.csv').trim().split('\n').filter((l) => l.startsWith('2,'));
    expect(sweepRows.map((l) => l.split(',').slice(3).join(','))).toEqual(metrics(read(join(dir, 'run'), 'grid', 'replications.csv')));
  });
});

describe("a sweep of a site battery with prices shows what each design costs and its battery's wear", () => {
  let dir: string;
  let out: string;
  beforeAll(() => {
    dir = tmp();
    const economics = { energyPrice: { byHour: Array.from({ length: 24 }, (_, h) => (h < 6 ? 0.18 : 0.3)) }, demandCharge: { perKw: 10 }, sellingPrice: 0.45 };
    const file = smallScenario(dir, 'priced', 2, { economics });
    const r = hubsim('sweep', file, '--set', 'hub.battery={"capacityKwh":200,"powerKw":200},{"capacityKwh":800,"powerKw":400}', '--replications', '2', '--workers', '1', '--out', dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    out = r.stdout;
  });

  test('the terminal adds battery_cycles and the priced costs and margin; a sweep without them does not', () => {
    // Too wide for one table (the battery's values are long): service first, then the battery and money below it.
    const tables = out.trimEnd().split('\n\n');
    expect(tables).toHaveLength(2);
    const headerOf = (t: string, skip: number) => t.split('\n')[skip].trim().split(/\s+/);
    expect(headerOf(tables[0], 1).slice(2)).toEqual(['service_level', 'served_share', 'wait_mean_min', 'p_wait_over_15min', 'grid_peak_kw']);
    expect(headerOf(tables[1], 0).slice(2)).toEqual(['battery_cycles', 'energy_cost', 'demand_charge', 'margin_per_kwh']);
    // Each table lists every design, and fits a wide terminal.
    for (const t of tables) {
      expect(t.split('\n').filter((l) => /^\d+ /.test(l)).map((l) => l.split(' ')[0])).toEqual(['1', '2']);
      expect(Math.max(...t.split('\n').map((l) => l.length))).toBeLessThanOrEqual(160);
    }
    // The base sweep (no battery, no prices) keeps its five.
    expect(stdout.split('\n')[1]).not.toMatch(/battery_cycles|energy_cost|margin_per_kwh/);
  });

  test('the terminal says what the battery cycles and money are totals over', () => {
    expect(out.trimEnd().split('\n').at(-2)).toBe("battery_cycles, energy_cost and demand_charge are totals over each design's 2 days, not monthly or yearly figures");
    // The base sweep shows no total, and says nothing of one.
    expect(stdout).not.toContain('total');
  });

  test('the report charts them too, where some design defines them; the base sweep charts none of them', () => {
    const charted = (folder: string) => [...new Set(readPlanFolder(folder).data.rows.map((r) => r.metric))];
    expect(charted(join(dir, 'sweep-priced'))).toEqual(expect.arrayContaining(['battery_cycles', 'energy_cost', 'demand_charge', 'margin_per_kwh']));
    expect(charted(join(dir, 'sweep-priced'))).not.toContain('connection_cost');
    expect(charted(join(whole, FOLDER)).filter((m) => /battery|cost|charge|margin/.test(m))).toEqual([]);
  });
});

test('a sweep whose swept values alone make its table too wide, with no battery or money columns, prints one table: a second would hold only the designs', () => {
  const dir = tmp();
  const file = smallScenario(dir, 'wide', 1);
  const patience = '{"dist":"triangular","min":45.25,"mode":45.5,"max":75.75},{"dist":"uniform","min":30.25,"max":90.75}';
  const r = hubsim('sweep', file, '--set', `behaviour.patienceMin=${patience}`, '--set', 'hub.allocation=equal,fifo', '--replications', '2', '--workers', '1', '--no-report', '--out', dir);
  expect(r.status).toBe(0);
  const table = r.stdout.trimEnd().split('\n\n')[0];
  // (Its first line says what ran; the table's header follows.)
  expect(table.split('\n')[1].length).toBeGreaterThan(160);
  expect(r.stdout.trimEnd().split('\n\n')).toHaveLength(1);
  expect(table.split('\n')[1].trim().split(/\s+/).slice(-5)).toEqual(['service_level', 'served_share', 'wait_mean_min', 'p_wait_over_15min', 'grid_peak_kw']);
});

test("the note on what totals are over names only the designs that have one: a design without prices shows none", () => {
  const dir = tmp();
  const file = smallScenario(dir, 'priced', 1);
  const r = hubsim('sweep', file, '--set', 'economics={"energyPrice":0.2,"sellingPrice":0.4},null', '--set', 'horizon.days=1,2', '--replications', '2', '--workers', '1', '--no-report', '--out', dir);
  expect(r.status).toBe(0);
  expect(r.stdout.trimEnd().split('\n').at(-1)).toBe("energy_cost is a total over each design's statistics window, not a monthly or yearly figure: 1 day for design 1; 2 days for design 2");
});

// A connection sweep: peaks held at the connection in some replications and not in others put the interval above it.
test("the table's note names the designs whose interval of the grid's peak reaches past their connection, which grid power never passes, three at the most", () => {
  const dir = tmp();
  const file = smallScenario(dir, 'peaks', 1, { seed: 3, arrivals: { trucksPerDay: 6 } });
  const r = hubsim('sweep', file, '--set', 'hub.gridKw=300,450,500,550,600,700', '--replications', '3', '--workers', '1', '--no-report', '--out', dir);
  expect(r.status).toBe(0);
  const rows = rowsOf(readFileSync(join(dir, 'sweep-peaks', 'sweep.csv'), 'utf8')).filter((row) => row.metric === 'grid_peak_kw');
  const past = rows.filter((row) => Number(row.ci95_high) > [300, 450, 500, 550, 600, 700][Number(row.design) - 1]).map((row) => Number(row.design));
  // Design 1's peaks are all held at its 300 kW; the others' vary below their connections.
  expect(past).toEqual([2, 3, 4, 5, 6]);
  const note = r.stdout.split('\n').find((l) => l.includes('never passes'));
  expect(note).toMatch(/^note: grid_peak_kw's interval reaches past the connection, which grid power never passes, in design 2 \(\d+(\.\d+)? kW against 450 kW\), design 3 \(\d+(\.\d+)? kW against 500 kW\), design 4 \(\d+(\.\d+)? kW against 550 kW\) and 2 more designs: a t-interval knows nothing of the limit$/);
});

describe('a sweep that sets the horizon per design says each design\'s window', () => {
  let dir: string;
  let out: string;
  let file: string;
  const HORIZONS = ['--set', 'horizon={"days":2,"warmupDays":1},{"days":3}', '--set', 'hub.battery={"capacityKwh":200,"powerKw":200},{"capacityKwh":800,"powerKw":400}'];
  beforeAll(() => {
    dir = tmp();
    file = smallScenario(dir, 'windows', 2, { economics: { demandCharge: { perKw: 10 } } });
    const r = hubsim('sweep', file, ...HORIZONS, '--replications', '2', '--workers', '1', '--out', dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    out = r.stdout;
  });

  test('run.json records each window with its designs', () => {
    expect(JSON.parse(read(dir, 'sweep-windows', 'run.json')).horizons).toEqual([
      { days: 2, warmupDays: 1, designs: [1, 2] },
      { days: 3, warmupDays: 0, designs: [3, 4] },
    ]);
  });

  test('the terminal names each window with its designs', () => {
    expect(out.trimEnd().split('\n').at(-2)).toBe(
      "battery_cycles and demand_charge are totals over each design's statistics window, not monthly or yearly figures: 1 day after a 1-day warm-up for designs 1–2; 3 days for designs 3–4",
    );
  });

  test("the report gives each design's window in its table, and the captions point there", () => {
    const page = read(dir, 'sweep-windows', 'report.html');
    expect(page).toContain('<th>Statistics window</th>');
    expect(page.match(/<td>1 day after a 1-day warm-up<\/td>/g)).toHaveLength(2);
    expect(page.match(/<td>3 days<\/td>/g)).toHaveLength(2);
    expect(page).toContain('Demand charge is a total over each design\u2019s statistics window, which differs between designs (the table\u2019s \u201cStatistics window\u201d column), not a monthly or yearly figure.');
  });

  test('merge names the windows of slices run with other horizons', () => {
    const slice = (k: number, sets: string[]) => {
      const d = join(tmp(), `slice${k}`);
      expect(hubsim('sweep', file, ...sets, '--replications', '2', '--shard', `${k}/2`, '--out', d).status).toBe(0);
      return d;
    };
    const other = ['--set', 'horizon={"days":2,"warmupDays":1},{"days":4}', ...HORIZONS.slice(2)];
    const out = tmp();
    const r = hubsim('merge', slice(1, HORIZONS), slice(2, other), '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'a different definition, with other horizons: [designs 1–2: horizon.days 2, horizon.warmupDays 1; designs 3–4: horizon.days 4, horizon.warmupDays 0] here, [designs 1–2: horizon.days 2, horizon.warmupDays 1; designs 3–4: horizon.days 3, horizon.warmupDays 0] there, so that their statistics cover other windows',
    );
    expect(tree(out)).toEqual([]);
  });

  test('slices from before run.json recorded the horizons and the hubsim that ran them still merge, copied as they are', () => {
    const slices = [1, 2].map((k) => {
      const d = join(tmp(), `old${k}`);
      expect(hubsim('sweep', file, ...HORIZONS, '--replications', '2', '--shard', `${k}/2`, '--out', d).status).toBe(0);
      // As an earlier hubsim wrote it: no hubsim, no horizons, and the fingerprint of that text in shard.json.
      const runFile = join(d, 'sweep-windows', 'run.json');
      const text = readFileSync(runFile, 'utf8').replace(/,\n {2}"horizons": \[[^]*\]\n\}\n$/, '\n}\n').replace(/\n {2}"hubsim": "[^"]*",/, '');
      expect(text).not.toContain('horizons');
      expect(text).not.toContain('"hubsim"');
      writeFileSync(runFile, text);
      const manifestFile = join(d, 'sweep-windows', 'shard.json');
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
      manifest.sweepHash = createHash('sha256').update(text).digest('hex').slice(0, 16);
      writeFileSync(manifestFile, JSON.stringify(manifest));
      return d;
    });
    const out = tmp();
    const r = hubsim('merge', ...slices, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(read(out, 'sweep-windows', 'run.json')).toBe(read(slices[0], 'sweep-windows', 'run.json'));
    expect(read(out, 'sweep-windows', 'sweep.csv')).toBe(read(dir, 'sweep-windows', 'sweep.csv'));
  });
});

describe("a slice's connections are checked before it is merged", () => {
  test('a connection that is no number above 0, or a design given two, is refused, naming the field', () => {
    const file = smallScenario(tmp(), 'links', 2);
    const slices = [1, 2].map((k) => {
      const d = join(tmp(), `c${k}`);
      expect(hubsim('sweep', file, '--set', 'hub.chargers[0].cabinets=1,2', '--replications', '2', '--shard', `${k}/2`, '--out', d).status).toBe(0);
      return d;
    });
    const runFile = join(slices[1], 'sweep-links', 'run.json');
    const good = readFileSync(runFile, 'utf8');
    // The base scenario's connection, not swept, is every design's.
    expect(JSON.parse(good).connections).toEqual([{ kw: 600, designs: [1, 2] }]);
    for (const [bad, why] of [
      ['[{"kw":-600,"designs":[1,2]}]', '[{"kw":-600,"designs":[1,2]}]'],
      ['[{"kw":600,"designs":[1,2]},{"kw":700,"designs":[2]}]', '[{"kw":600,"designs":[1,2]},{"kw":700,"designs":[2]}]'],
    ]) {
      const text = good.replace(/"connections": \[[^]*\]\n\}\n$/, `"connections": ${bad}\n}\n`);
      expect(text).not.toBe(good);
      writeFileSync(runFile, text);
      const manifestFile = join(slices[1], 'sweep-links', 'shard.json');
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
      manifest.sweepHash = createHash('sha256').update(text).digest('hex').slice(0, 16);
      writeFileSync(manifestFile, JSON.stringify(manifest));
      const out = tmp();
      const r = hubsim('merge', ...slices, '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`run.json: connections: must list the designs' grid connections, each design once at most, as {kw, designs} (designs 1–2) (got ${why})`);
      expect(tree(out)).toEqual([]);
    }
  });
});

describe('sweep is deterministic', () => {
  test('byte-identical with two workers', () => {
    const out = tmp();
    expect(hubsim('sweep', scenario, ...SETS, '--replications', '3', '--workers', '2', '--out', out).status).toBe(0);
    for (const f of FILES) expect(read(out, FOLDER, f)).toBe(read(whole, FOLDER, f));
  });

  test('--sweep FILE gives the same sweep as --set', () => {
    const file = join(work, 'sweep.json');
    // With a byte-order mark, as some editors write, which is not part of the JSON.
    writeFileSync(file, `\uFEFF${JSON.stringify({ 'hub.gridKw': [400, 800] })}`);
    const out = tmp();
    const r = hubsim('sweep', scenario, '--set', 'hub.chargers[0].cabinets=1,2,3', '--sweep', file, '--replications', '3', '--out', out);
    expect(r.status).toBe(0);
    for (const f of FILES) expect(read(out, FOLDER, f)).toBe(read(whole, FOLDER, f));
  });

  test('slices merged, in any order, are byte-identical to the unsharded sweep', () => {
    const slices = [1, 2, 3, 4].map((k) => {
      const d = join(work, `slice${k}`);
      const r = hubsim('sweep', scenario, ...SETS, '--replications', '3', '--shard', `${k}/4`, '--out', d);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`shard ${k}/4`));
      return d;
    });
    expect(tree(join(slices[0], FOLDER))).toEqual(['designs.csv', 'replications.csv', 'run.json', 'shard.json']);
    for (const order of [[0, 1, 2, 3], [3, 1, 0, 2]]) {
      const out = tmp();
      const r = hubsim('merge', ...order.map((i) => slices[i]), '--out', out);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/sweep-small: merged 4 slices, 6 designs × 3 replications/);
      // The report it writes is named on the last line, as the sweep names its own.
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`report: ${join(out, FOLDER, 'report.html')}`);
      for (const f of FILES) expect(read(out, FOLDER, f)).toBe(read(whole, FOLDER, f));
      expect(existsSync(join(out, FOLDER, 'shard.json'))).toBe(false);
    }
    // As the unsharded sweep with --no-report: every file but the report.
    const out = tmp();
    const r = hubsim('merge', ...slices, '--out', out, '--no-report');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/report: /);
    expect(tree(join(out, FOLDER))).toEqual(FILES.filter((f) => f !== 'report.html'));
    // A slice's --report is refused, saying that merge writes it.
    const refused = hubsim('sweep', scenario, ...SETS, '--replications', '3', '--shard', '1/4', '--report', '--out', tmp());
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--report: cannot be combined with --shard: a slice holds only some of the replications; join the slices with hubsim merge, which writes the report/);
  });
});

describe('sweep memory', () => {
  test('grows with designs × replications only by their metrics, not by the per-replication tables a run keeps (some 18 kB each)', () => {
    const one = smallScenario(tmp(), 'mem', 1);
    const peak = (last: number) => {
      const r = hubsimPeakMb('sweep', one, '--set', `hub.gridKw=401..${last}`, '--replications', '20', '--workers', '1', '--no-report', '--out', tmp());
      expect(r.status).toBe(0);
      return r.peakMb;
    };
    // 19,800 replications more: the tables would take 356 MB; their metrics, and the garbage the
    // collector has not yet reclaimed, take some 80 MB.
    expect(peak(1400) - peak(410)).toBeLessThan(200);
  }, 120_000);
});

describe('sweep.csv of many designs', () => {
  test('is written row by row: 5,000 designs more cost their scenarios and metrics, not their 215,000 rows held as text at once', () => {
    const one = smallScenario(tmp(), 'many', 1);
    const peak = (last: number) => {
      const r = hubsimPeakMb('sweep', one, '--set', `hub.gridKw=401..${last}`, '--replications', '1', '--workers', '1', '--no-report', '--out', tmp());
      expect(r.status).toBe(0);
      return r.peakMb;
    };
    // Held as text, sweep.csv's rows took some 80 MB more (157 in all); the designs' scenarios and
    // metrics, and garbage not yet collected, take about 77.
    expect(peak(5400) - peak(410)).toBeLessThan(120);
  }, 120_000);
});

describe('merge refuses sweep slices that do not belong together, exit 2, writing nothing', () => {
  let slices: string[];
  beforeAll(() => {
    slices = [1, 2].map((k) => {
      const d = join(work, `half${k}`);
      expect(hubsim('sweep', scenario, ...SETS, '--replications', '3', '--shard', `${k}/2`, '--out', d).status).toBe(0);
      return d;
    });
  });

  function refused(dirs: string[], message: RegExp): void {
    const out = tmp();
    const r = hubsim('merge', ...dirs, '--out', out);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(out)).toEqual([]);
  }

  const copy = (dir: string) => {
    const c = join(tmp(), 'c');
    cpSync(dir, c, { recursive: true });
    return c;
  };

  test('a missing slice', () => refused([slices[0]], /must have every design × replication 1–18 \(got missing 10–18: slice 2\/2 not given\)/));

  test("a slice's shard.json cut short (a copy broken off) is not told to be a run's alone", () => {
    const c = copy(slices[1]);
    const m = join(c, FOLDER, 'shard.json');
    writeFileSync(m, readFileSync(m, 'utf8').slice(0, 200));
    refused([slices[0], c], /shard.json: must be JSON written by `hubsim run --shard` or `sweep --shard`/);
  });

  test('a slice of another sweep', () => {
    const other = join(work, 'other');
    expect(hubsim('sweep', scenario, '--set', 'hub.chargers[0].cabinets=1..3', '--set', 'hub.gridKw=400,900', '--replications', '3', '--shard', '2/2', '--out', other).status).toBe(0);
    refused([slices[0], other], /run\.json: must define the same sweep/);
  });

  test('an edited run.json', () => {
    const c = copy(slices[1]);
    const f = join(c, FOLDER, 'run.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"seed": 3', '"seed": 4'));
    // The two files disagree, which one changed is not known: neither is told to take the other's value.
    refused([slices[0], c], new RegExp(`^hubsim: ${join(c, FOLDER, 'shard.json')}: sweepHash: must be the fingerprint of run.json beside it, as the slice wrote both: one of the two was changed since \\(merge joins only a sweep's slices as they were written; run that slice again\\) \\(got "[0-9a-f]{16}", where run.json's is "[0-9a-f]{16}"\\)\\n$`));
  });

  test("a sweep's slice moved to a folder named as a run's is told the folder it belongs in", () => {
    const c = copy(slices[1]);
    const moved = join(tmp(), 'rn');
    mkdirSync(moved);
    renameSync(join(c, FOLDER), join(moved, 'small'));
    refused([slices[0], moved], new RegExp(`${join(moved, 'small', 'run.json')}: scenario: must be the one its folder is named for: a sweep of "small" is in sweep-small, not small \\(got "small"\\)`));
  });

  test('slices between which a trace that only a design reads changed', () => {
    const dir = tmp();
    const s = smallScenario(dir, 'traced', 1, { arrivals: { trace: 'a.csv' } });
    writeFileSync(join(dir, 'a.csv'), 'arrival_min\n10\n');
    writeFileSync(join(dir, 'b.csv'), 'arrival_min\n20\n');
    const slice = (k: number) => {
      const d = join(tmp(), `slice${k}`);
      expect(hubsim('sweep', s, '--set', 'arrivals.trace=a.csv,b.csv', '--replications', '1', '--shard', `${k}/2`, '--out', d).status).toBe(0);
      return d;
    };
    const first = slice(1);
    writeFileSync(join(dir, 'b.csv'), 'arrival_min\n30\n');
    refused([first, slice(2)], /run\.json: must define the same sweep as .*with the same rows in each trace it reads/);
  });

  test('slices of sweeps of other values, naming the first that differs', () => {
    const d = join(tmp(), 'other');
    const sets = SETS.map((x) => x.replace(/^hub\.gridKw=.*$/, 'hub.gridKw=500,700'));
    expect(sets).not.toEqual(SETS);
    expect(hubsim('sweep', scenario, ...sets, '--replications', '3', '--shard', '2/2', '--out', d).status).toBe(0);
    refused([slices[0], d], /run\.json: must define the same sweep as .* \(got a different definition, first at parameters\[1\]\.values\[0\] \(400 there, 500 here\)\)/);
  });

  test('slices of sweeps of other values: the odd one out is named, even holding the first designs', () => {
    const d = tmp();
    const sets = SETS.map((x) => x.replace(/^hub\.gridKw=.*$/, 'hub.gridKw=500,700'));
    const slice = (k: number, values: readonly string[]) => {
      const out = join(d, `slice${k}`);
      expect(hubsim('sweep', scenario, ...values, '--replications', '3', '--shard', `${k}/3`, '--out', out).status).toBe(0);
      return out;
    };
    refused([slice(1, sets), slice(2, SETS), slice(3, SETS)], /^hubsim: [^\n]*slice1\/[^\n]*run\.json: must define the same sweep as [^\n]*slice2\/[^\n]*run\.json .* \(got a different definition, first at parameters\[1\]\.values\[0\] \(400 there, 500 here\)\)\n$/);
  });

  test('slices run by different hubsim versions', () => {
    const c = copy(slices[1]);
    const f = join(c, FOLDER, 'shard.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/"hubsim": "[^"]*"/, '"hubsim": "0.0.9"'));
    refused([slices[0], c], /shard\.json: hubsim: must be the same hubsim version as .*shard\.json \("\d+\.\d+\.\d+"\): run every slice with one version \(got "0\.0\.9"\)/);
  });

  test('slices run by different builds of hubsim', () => {
    const c = copy(slices[1]);
    const f = join(c, FOLDER, 'shard.json');
    const m = JSON.parse(readFileSync(f, 'utf8'));
    expect(m.build).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(f, `${JSON.stringify({ ...m, build: 'e'.repeat(64) }, null, 2)}\n`);
    refused([slices[0], c], new RegExp(`shard\\.json: build: must be the same build of hubsim as .*shard\\.json \\(${m.build}\\): run every slice from one installation or image \\(one digest, not a tag\\) \\(got ${'e'.repeat(64)}\\)`));
  });

  test('a row outside the slice, or with the wrong seed', () => {
    const c = copy(slices[1]);
    const f = join(c, FOLDER, 'replications.csv');
    const lines = readFileSync(f, 'utf8').split('\n');
    lines[1] = lines[1].replace(/^(\d+),(\d+),(\d+),/, '$1,$2,12345,');
    writeFileSync(f, lines.join('\n'));
    // Named by its line, before the slice's record of the file, which any edit fails ...
    refused([slices[0], c], /replications\.csv line 2: must have replication \d's seed/);
    // ... and so, where the record was made again to fit (by hand, or by a faulty build).
    rerecord([c]);
    refused([slices[0], c], /replications\.csv line 2: must have replication \d's seed/);
  });

  // Each row checked alone passes: only a repeat or the count tells, and merged, the design's
  // statistics would hold a replication twice, or lack one, unlike the unsharded sweep's.
  test('a row repeated, or one taken out, where the record was made again to fit', () => {
    const spoiled = (edit: (rows: string[]) => string[]) => {
      const c = copy(slices[1]);
      const f = join(c, FOLDER, 'replications.csv');
      const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
      writeFileSync(f, `${[lines[0], ...edit(lines.slice(1))].join('\n')}\n`);
      rerecord([c]);
      return c;
    };
    refused([slices[0], spoiled((rows) => [...rows, rows[0]])], /replications\.csv line 11: must not repeat a design × replication/);
    refused([slices[0], spoiled((rows) => rows.slice(0, -1))], /replications\.csv line 9: must hold design × replication 10–18 \(9 rows\), as shard.json says \(got 8 rows\)/);
  });

  test("a value changed for one as plausible, which only the slice's record of its replications.csv tells", () => {
    const c = copy(slices[0]);
    const f = join(c, FOLDER, 'replications.csv');
    const text = readFileSync(f, 'utf8');
    const changed = text.replace(/\n(\d+,\d+,\d+,\d+,)(\d)/, (_, head: string, d: string) => `\n${head}${d === '9' ? '8' : '9'}`);
    expect(changed).not.toBe(text);
    writeFileSync(f, changed);
    refused([c, slices[1]], /replications\.csv: must be as its slice wrote it, with the SHA-256 shard.json records/);
    expect(Object.keys(JSON.parse(readFileSync(join(slices[0], FOLDER, 'shard.json'), 'utf8')).files)).toEqual(['replications.csv']);
  });

  // sweep refuses such a value, but a slice of an earlier version, or one made by hand, may hold one,
  // and merge would write it into designs.csv and sweep.csv as it is.
  test('slices whose run.json sweeps a text a spreadsheet would run as a formula, though each is consistent', () => {
    const halves = [1, 2].map((k) => {
      const d = join(tmp(), `text${k}`);
      expect(hubsim('sweep', scenario, '--set', 'description=calm,busy', '--replications', '1', '--shard', `${k}/2`, '--out', d).status).toBe(0);
      const runFile = join(d, FOLDER, 'run.json');
      const runJson = readFileSync(runFile, 'utf8').replace('"busy"', '"=HYPERLINK(\\"x\\")"');
      writeFileSync(runFile, runJson);
      const m = join(d, FOLDER, 'shard.json');
      const manifest = JSON.parse(readFileSync(m, 'utf8'));
      manifest.sweepHash = createHash('sha256').update(runJson).digest('hex').slice(0, 16);
      writeFileSync(m, `${JSON.stringify(manifest, null, 2)}\n`);
      return d;
    });
    refused(halves, /run\.json: parameters\[0\]\.values\[1\]: must not be a text starting with =, \+, -, @, a tab or a carriage return: the CSVs hold it as it is, and a spreadsheet would run it as a formula \(got "=HYPERLINK\(\\"x\\"\)"\)/);
  });

  test('a manifest claiming a range that is not its shard', () => {
    const c = copy(slices[1]);
    const f = join(c, FOLDER, 'shard.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"first": 10', '"first": 9'));
    refused([slices[0], c], /shard\.json: first: must be 10/);
  });
});

describe('bad paths and values: exit 2 naming them, nothing written', () => {
  function bad(args: string[], message: RegExp): void {
    const out = tmp();
    const r = hubsim('sweep', scenario, ...args, ...(args.includes('--replications') ? [] : ['--replications', '2']), '--out', out);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(out)).toEqual([]);
  }

  test('no such index', () => bad(['--set', 'hub.chargers[2].cabinets=1,2'], /--set hub\.chargers\[2\]\.cabinets: must be a path into .*small\.json: no such index: hub\.chargers has 1 item/));
  test('no such field, with a suggestion', () => bad(['--set', 'hub.gridKW=500'], /--set hub\.gridKW: .*no such field in the scenario format \(did you mean "gridKw"\?\)/));
  test('a range written with a dash for a number is told how ranges are written', () => {
    bad(['--set', 'hub.gridKw=2000-3000'], /--set hub\.gridKw: must be numbers, a range written LO..HI \(2000..3000\) or a comma list \(got "2000-3000"\)/);
    bad(['--set', 'hub.gridKw=2000,-5 – 3'], /--set hub\.gridKw: must be numbers, a range written LO..HI \(-5..3\) or a comma list \(got "-5 – 3"\)/);
    // A whole number's field (a count of cabinets) as well; low end first; ends that are not whole
    // numbers make no range, and are told to make a comma list rather than given one to be refused.
    bad(['--set', 'hub.chargers[0].cabinets=6-2'], /--set hub\.chargers\[0\]\.cabinets: must be numbers, a range written LO..HI \(2..6\) or a comma list \(got "6-2"\)/);
    bad(['--set', 'demand.targetSoc=0.7-0.9'], /--set demand\.targetSoc: must be numbers, a comma list \(0\.7,0\.9 and the values between that are meant\): a range LO..HI is of whole numbers only \(got "0\.7-0\.9"\)/);
  });
  test('a text a spreadsheet would run as a formula, from --set or a --sweep file', () => {
    bad(['--set', 'description==1+1,ok'], /--set description: must not be a text starting with =, \+, -, @, a tab or a carriage return: the CSVs hold it as it is, and a spreadsheet would run it as a formula \(got "=1\+1"\)/);
    const file = join(tmp(), 'sweep.json');
    writeFileSync(file, JSON.stringify({ description: ['plain', '@SUM(A1)'] }));
    // Named by the file, as the file names its own problems: no --set was given.
    bad(['--sweep', file], new RegExp(`--sweep ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: description: must not be a text starting with .* \\(got "@SUM\\(A1\\)"\\)`));
  });
  test('a sweep file: its parameters named by the file; a range written with a dash told to list the values; a missing object told in the file\'s form', () => {
    const file = join(tmp(), 'sweep.json');
    const named = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    writeFileSync(file, JSON.stringify({ 'hub.gridKw': ['2000-3000'] }));
    bad(['--sweep', file], new RegExp(`--sweep ${named}: hub\\.gridKw: must be numbers, each value of the list a number: \\[2000, 3000\\] and the values between that are meant \\(got "2000-3000"\\)`));
    writeFileSync(file, JSON.stringify({ 'hub.chargers[5].cabinets': [1] }));
    bad(['--sweep', file], new RegExp(`^hubsim: --sweep ${named}: hub\\.chargers\\[5\\]\\.cabinets: must be a path into`));
    writeFileSync(file, JSON.stringify({ 'hub.battery.capacityKwh': [1000, 2000] }));
    bad(['--sweep', file], new RegExp(`no such field: hub has no battery \\(to give it one, list values of the whole of hub\\.battery in ${named}: "hub\\.battery": \\[\\{"capacityKwh":…\\}\\]\\)\n`));
  });
  test('no such field on the way', () => bad(['--set', 'hub.site.kw=5'], /--set hub\.site\.kw: .*no such field: hub has no site\n/));
  test('a field of a list the scenario leaves out says to set the whole list', () =>
    bad(['--set', 'hub.chargers[0].maintenance[0].startMin=60,120'], /no such field: hub\.chargers\[0\] has no maintenance \(to give it one, set the whole of hub\.chargers\[0\]\.maintenance as JSON: --set 'hub\.chargers\[0\]\.maintenance=\[…\]'\)\n/));
  test('a field of an object the scenario leaves out says to set the whole object', () =>
    bad(['--set', 'hub.battery.capacityKwh=1000,2000'], /--set hub\.battery\.capacityKwh: .*no such field: hub has no battery \(to give it one, set the whole of hub\.battery as JSON: --set 'hub\.battery=\{"capacityKwh":…\}'\)\n/));
  test('a path into a number', () => bad(['--set', 'hub.gridKw.max=5'], /hub\.gridKw is a number, not an object/));
  test('a value that makes a design invalid names the design and the problem', () =>
    bad(['--set', 'hub.gridKw=500,-1', '--set', 'hub.allocation=equal,fastest'], /design 2 \(hub\.gridKw = 500, hub\.allocation = fastest\): hub\.allocation: must be one of "equal", "fifo", "deadline" \(got "fastest"\)\n.*design 3 \(hub\.gridKw = -1, hub\.allocation = equal\): hub\.gridKw: must be a number >= 1 \(got -1\)/s));
  test('a design that cannot serve its trucks is named, on one worker or two', () => {
    // At 1 kW a cabinet would take some 450 days to charge the two days' trucks: a runaway, found
    // only while the design runs, where every design has the scenario's name.
    const slow = smallScenario(work, 'slow', 2, { behaviour: { breakMin: 45, leave: 'charged' } });
    // Design 1 first: with two workers the thread takes the first tasks, so its failure crosses back.
    for (const workers of ['1', '2']) {
      const out = tmp();
      const r = hubsim('sweep', slow, '--set', 'hub.chargers[0].cabinetKw=1,400', '--replications', '2', '--workers', workers, '--out', out);
      expect(r.stderr).toMatch(/^hubsim: design 1 \(hub\.chargers\[0\]\.cabinetKw = 1\): hub: must let the trucks present at the horizon leave within 365 days/m);
      expect(r.status).toBe(2);
      expect(tree(out)).toEqual([]);
    }
  });
  test('a malformed list', () => bad(['--set', 'hub.gridKw=5..1'], /--set hub\.gridKw: must be a range LO\.\.HI with LO <= HI/));
  test('no parameter at all', () => bad([], /--set: must be given at least once/));
  test('too many designs, or designs × replications', () => {
    bad(['--set', 'hub.chargers[0].cabinets=1..200', '--set', 'hub.gridKw=1..200'], /--set: must define at most 10000 designs; a step thins a range: LO..HI:STEP \(got 200 × 200 = 40000\)/);
    bad(['--set', 'hub.chargers[0].cabinets=1..2000', '--replications', '100'], /--replications: must keep designs × replications at most 100000/);
  });
  test('a sweep file that is not an object of lists', () => {
    const f = join(work, 'bad-sweep.json');
    writeFileSync(f, JSON.stringify({ 'hub.gridKw': 500 }));
    bad(['--sweep', f], /--sweep .*bad-sweep\.json: hub\.gridKw: must be a list of 1 to 10000 values \(got 500\)/);
  });
  test('a sweep file with a number too large to be finite is refused, naming the file and the number as written, as --set refuses it', () => {
    const f = join(work, 'inf-sweep.json');
    writeFileSync(f, '{"hub.gridKw": [500, 1e999], "arrivals.hourly": [[1, 1e999]]}');
    bad(['--sweep', f], /--sweep .*inf-sweep\.json: 2 problems\n {2}hub\.gridKw\[1\]: must be a number of at most about 1\.8e308 in size, .* \(got 1e999\)\n {2}arrivals\.hourly\[0\]\[1\]: must be a number/);
    bad(['--set', 'hub.gridKw=1e999'], /must have finite numbers/);
  });
  test('a value too small for a double, which JSON reads as 0, is refused in a sweep file and in --set, not run as 0', () => {
    const f = join(work, 'tiny-sweep.json');
    writeFileSync(f, '{"horizon.warmupDays": [1e-400, 1]}');
    bad(['--sweep', f], /--sweep .*tiny-sweep\.json: horizon\.warmupDays: must have numbers a computer's numbers hold: one this small is read as 0 \(got 1e-400\)/);
    bad(['--set', 'horizon.warmupDays=1e-400,1'], /--set horizon\.warmupDays: must have numbers a computer's numbers hold: one this small is read as 0 \(got "1e-400"\)/);
  });
  test('a sweep file listing one value twice is refused, also when the two are written with their fields in another order', () => {
    const f = join(work, 'twice-sweep.json');
    writeFileSync(f, '{"behaviour.breakMin": [{"dist": "uniform", "min": 30, "max": 60}, {"dist": "uniform", "max": 60, "min": 30}]}');
    bad(['--sweep', f], /behaviour\.breakMin: must list each value once \(got \{"dist":"uniform","max":60,"min":30\}\)/);
  });
  test('a sweep file is read as a scenario is: a path given twice is refused (JSON.parse would keep the later list), with line and column for a syntax error', () => {
    const f = join(work, 'dup-sweep.json');
    writeFileSync(f, '{"hub.gridKw": [500], "hub.gridKw": [600]}');
    bad(['--sweep', f], /hub\.gridKw: must appear once \(got 2 times\)/);
    writeFileSync(f, '{"hub.gridKw": [500,]}');
    bad(['--sweep', f], /line 1, column 21: invalid JSON/);
  });
  test('a path inside another parameter\'s, which every design would overwrite', () => {
    bad(['--set', 'hub.chargers[0].cabinets=1,2', '--set', 'hub.chargers[0]={"id":"x","connector":"CCS","cabinets":3,"cabinetKw":400}'], /--set hub\.chargers\[0\]\.cabinets: must not lie inside another parameter's path \(hub\.chargers\[0\]\)/);
  });
  test('a path in both --set and --sweep', () => {
    const f = join(work, 'twice.json');
    writeFileSync(f, JSON.stringify({ 'hub.gridKw': [500] }));
    bad(['--set', 'hub.gridKw=600', '--sweep', f], /hub\.gridKw: must be swept once, by --set or by --sweep \(got --set and --sweep\)/);
  });
  test('a path spelt twice in one --sweep file', () => {
    const f = join(work, 'spelt-twice.json');
    writeFileSync(f, JSON.stringify({ 'hub.chargers[0].cabinets': [1, 2], 'hub.chargers[00].cabinets': [3] }));
    bad(['--sweep', f], /hub\.chargers\[0\]\.cabinets: must be swept once, by --set or by --sweep \(got --sweep twice\)/);
  });
});

test('sweep --help names its options', () => {
  const r = hubsim('sweep', '--help');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/hubsim sweep <scenario>/);
  expect(r.stdout).toContain('--set');
});
