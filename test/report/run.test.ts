import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { readRunFolder } from '../../src/report/read.js';
import { readFileSync } from 'node:fs';
import { describe as describeValue, inputBlocks, omittedValue } from '../../src/report/inputs.js';
import { charts, type Block, type Cell, type ReportDoc } from '../../src/report/page.js';
import { renderSvg } from '../../src/report/render.js';
import { fleetPanels, nearBottom, nearTop, runReport, shareFloor, waitAxis, waitCdfPoints, withinReach } from '../../src/report/run.js';
import { compareReport } from '../../src/report/compare.js';
import { gridLimitDuration, type RunData } from '../../src/report/data.js';
import { cellText, dataMismatches } from './chart-data-check.js';

const data = readRunFolder(join(process.cwd(), 'test/fixtures/report/recklinghausen-phase1'));
const doc = runReport(data);

function table(d: ReportDoc, section: string): Extract<Block, { kind: 'table' }> {
  const block = d.sections.find((s) => s.id === section)?.blocks.find((b) => b.kind === 'table');
  if (block?.kind !== 'table') throw new Error(`no table in ${section}`);
  return block;
}

const text = (c: Cell): string => (typeof c === 'string' ? c : typeof c.text === 'string' ? c.text : JSON.stringify(c.text));

describe('runReport', () => {
  test('header: scenario name and description, seed, replications, version, no date', () => {
    expect(doc.title).toBe('recklinghausen-phase1');
    expect(doc.lede).toEqual(['Recklinghausen phase one: six 400 kW CCS chargepoints, one cabinet each, no MCS']);
    expect(doc.facts).toEqual([
      ['Seed', '1'],
      ['Replications', '10'],
      ['hubsim', '0.1.0'],
      ['Statistics window', '26 days after a 2-day warm-up'],
      ['Grid connection', '2,400 kW'],
    ]);
  });

  test("run --precision's record is told in per cent as asked, every digit and no rounding error: 7 %, not 7.000000000000001 %", () => {
    const precision = { maxReplications: 10, metrics: [{ metric: 'wait_mean_min', relative: true, value: 0.07, reached: false }, { metric: 'service_level', relative: false, value: 0.01, reached: true }] };
    const d = runReport({ ...data, run: { ...data.run, precision } });
    expect(d.facts).toContainEqual(['Replications', '10, the most allowed: precision not reached']);
    const text = d.sections[0].blocks.map((b) => (b.kind === 'paragraph' ? b.text.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : p.strong)).join('') : '')).join('');
    expect(text).toContain(
      'Mean wait (wait_mean_min): a relative error of at most 7 % (a 95 % half-width at most 6.542 % of the mean), not reached; Service level (service_level): a 95 % half-width of at most 0.01, reached. It stopped at the most replications allowed, short of the precision asked: wait_mean_min with an interval wider than asked: more replications (a larger --max-replications) or a looser precision would meet it.',
    );
  });

  // The page said "wider than asked" of an interval of no width, which no looser precision meets, as the terminal did not.
  test("a metric the precision missed is told why, as the terminal tells it: values all alike, or too few replications defining it", () => {
    const missed = (metric: string) => ({ metric, relative: false, value: 0.1, reached: false });
    const precision = { maxReplications: 10, metrics: [missed('trucks_balked'), missed('wait_mean_min'), missed('queue_mean')] };
    const summary = new Map(data.summary);
    summary.set('trucks_balked', { ...summary.get('trucks_balked')!, sd: 0, ci95Low: 0, ci95High: 0, mean: 0, n: 10 });
    summary.set('wait_mean_min', { ...summary.get('wait_mean_min')!, n: 1, sd: NaN });
    const d = runReport({ ...data, summary, run: { ...data.run, precision } });
    const text = d.sections[0].blocks.map((b) => (b.kind === 'paragraph' ? b.text.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : p.strong)).join('') : '')).join('');
    expect(text).toContain(
      'It stopped at the most replications allowed, short of the precision asked: queue_mean with an interval wider than asked: more replications (a larger --max-replications) or a looser precision would meet it; ' +
        'trucks_balked with one value in every replication, which stands for the mean only once 59 replications that define it agree: a larger --max-replications would meet it, a looser precision not; ' +
        'wait_mean_min defined by fewer than 2 replications (a replication whose statistics window has nothing to measure defines none): a longer horizon or more traffic would give it an interval sooner than more replications.',
    );
  });

  test('growing arrivals over a window of years are noted before the headline numbers, as run notes them', () => {
    const paragraphs = (d: ReturnType<typeof runReport>) => d.sections[0].blocks.map((b) => (b.kind === 'paragraph' ? b.text.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : p.strong)).join('') : ''));
    const grown = (growthPerYear: number, days: number): RunData => ({
      ...data,
      run: { ...data.run, horizon: { days, warmupDays: 0 }, scenario: { ...data.run.scenario, arrivals: { trucksPerDay: 10, growthPerYear } } },
    });
    expect(paragraphs(runReport(grown(0.08, 4745)))[0]).toBe(
      "Note: The arrivals grow 8 % a year, from about 10 to 27.2 trucks a day over the statistics window's 13 years, and every figure is over all of them at once, none of them the last year's: for one year's figures, run that year alone at its rate with growthPerYear 0 (see Growth under The model in the README).",
    );
    // A year or less, or no growth: nothing to say.
    expect(paragraphs(runReport(grown(0.08, 365))).join('')).not.toContain('grow');
    expect(paragraphs(runReport(grown(0, 4745))).join('')).not.toContain('grow');
  });

  test('a window of fractional days is named by its length, not by the rounding error of days less warmupDays', () => {
    const fractional: RunData = { ...data, run: { ...data.run, horizon: { days: 3.3, warmupDays: 1.1 } } };
    const d = runReport(fractional);
    expect(d.facts).toContainEqual(['Statistics window', '2.2 days after a 1.1-day warm-up']);
    expect(charts(d).find((c) => c.id === 'fleet')!.caption.join('')).toContain('over the 2.2-day statistics window');
  });

  test('a grid limit by hour of the day is drawn as it varies, a step an hour, and named by its range', () => {
    const limits = Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 2000 : 3000));
    const hub = { ...(data.run.scenario.hub as object), gridKw: { byHour: limits } };
    const varying: RunData = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, hub } } };
    const d = runReport(varying);
    expect(d.facts).toContainEqual(['Grid connection', 'up to 3,000 kW, by hour']);
    const load = charts(d).find((c) => c.id === 'daily-load')!;
    // One line of steps, each hour's limit held through that hour, and no rule at the highest.
    const values = (load.spec as { data: { values: { series: string; x: number; y: number; step: boolean }[] } }).data.values;
    const steps = values.filter((v) => v.series === 'Grid connection, by hour');
    // Held from 0:00 and to 24:00: the first and last values again at the chart's ends.
    expect(steps.map((v) => [v.x, v.y, v.step])).toEqual([...limits.map((kw, h) => [h + 0.5, kw, true]), [0, limits[0], true], [24, limits[23], true]]);
    expect(JSON.stringify(load.spec)).toContain('"interpolate":"step"');
    expect(dataMismatches(load)).toEqual([]);
    expect(JSON.stringify(load.spec)).not.toContain('Grid connection up to');
    // The caption does not call it a 3,000 kW connection that holds charging back, which by day gives 2,000 kW.
    expect(load.caption.join('')).toContain('the connection (up to 3,000 kW, by hour: the dashed step line) holds charging back.');
    expect(load.caption.join('')).not.toContain('3,000 kW connection');
    // The data table gives the limit through each hour beside the hour's means.
    const table = load.data as unknown as { head: string[]; rows: string[][] };
    const column = table.head.indexOf('Grid connection, by hour (kW)');
    expect(table.rows.map((r) => r[column])).toEqual(limits.map((kw) => (kw === 2000 ? '2,000' : '3,000')));
  });

  test('a grid limit by hour of the week, whose hours differ by weekday, is drawn as its highest and lowest in each hour, and said so', () => {
    // Weekdays give 2,000 kW from 7:00 to 19:00, the weekend 3,000 kW throughout.
    const week = Array.from({ length: 168 }, (_, h) => (h % 24 >= 7 && h % 24 < 19 && h < 120 ? 2000 : 3000));
    const hub = { ...(data.run.scenario.hub as object), gridKw: { byHourOfWeek: week } };
    const varying: RunData = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, hub } } };
    const load = charts(runReport(varying)).find((c) => c.id === 'daily-load')!;
    const values = (load.spec as { data: { values: { series: string; x: number; y: number; held?: true }[] } }).data.values;
    const line = (series: string) => values.filter((v) => v.series === series && !v.held).map((v) => v.y); // (held: its ends again)
    const day = Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 2000 : 3000));
    expect(line('Grid connection, by hour: highest')).toEqual(Array(24).fill(3000));
    expect(line('Grid connection, by hour: lowest')).toEqual(day);
    expect(JSON.stringify(load.spec)).not.toContain('Grid connection up to');
    expect(load.caption.join('')).toContain("the connection (up to 3,000 kW, by hour: the step lines, its highest and lowest in each hour over the week's days) holds charging back.");
    expect(dataMismatches(load)).toEqual([]);
    // A week whose days are alike is one line, as a limit by hour of the day.
    const alike = { ...hub, gridKw: { byHourOfWeek: Array.from({ length: 168 }, (_, h) => day[h % 24]) } };
    const daily = charts(runReport({ ...data, run: { ...data.run, scenario: { ...data.run.scenario, hub: alike } } })).find((c) => c.id === 'daily-load')!;
    const dailyValues = (daily.spec as { data: { values: { series: string; y: number }[] } }).data.values;
    expect([...new Set(dailyValues.map((v) => v.series))].filter((s) => s.startsWith('Grid connection'))).toEqual(['Grid connection, by hour']);
    expect(daily.caption.join('')).toContain('the connection (up to 3,000 kW, by hour: the dashed step line) holds charging back.');
  });

  test('where the site drew no power at all, the power charts say so, on an axis of round ticks, and explain no curve that is not there', () => {
    // (No truck charged: every hour's grid power and demand, and every load-duration point, is 0.)
    const idle: RunData = {
      ...data,
      byHour: data.byHour.map((r) => (/^(grid|demand)_/.test(r.metric) ? { ...r, mean: 0, min: 0, max: 0 } : r)),
      loadDuration: data.loadDuration.map((r) => ({ ...r, mean: 0, min: 0, max: 0 })),
    };
    for (const id of ['daily-load', 'load-duration']) {
      const chart = charts(runReport(idle)).find((c) => c.id === id)!;
      const caption = chart.caption.join('');
      // The connection, not drawn, is named (README: a connection not drawn is named instead).
      expect(caption).toMatch(/ No truck charged in the statistics window: the site drew no power at any time\. The grid connection, 2,400 kW, is not drawn\.$/);
      expect(caption).not.toMatch(/holds charging back|connection is the constraint|Not drawn/);
      expect(JSON.stringify(chart.spec)).toContain('"domain":[0,100]');
      // A busy hub's charts say nothing of it.
      expect(charts(runReport(data)).find((c) => c.id === id)!.caption.join('')).not.toContain('No truck charged');
    }
    // A folder without the curves' rows has nothing to draw, but is not said to be idle.
    const rowless: RunData = { ...data, byHour: data.byHour.filter((r) => !/^(grid|demand)_/.test(r.metric)) };
    expect(charts(runReport(rowless)).find((c) => c.id === 'daily-load')!.caption.join('')).not.toContain('No truck charged');
    // A connection given by hour, far above the axis, is neither drawn nor named in the legend.
    const byHour = Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 2000 : 3000));
    const hourly: RunData = { ...idle, run: { ...idle.run, scenario: { ...idle.run.scenario, hub: { ...(idle.run.scenario.hub as object), gridKw: { byHour } } } } };
    for (const id of ['daily-load', 'load-duration']) {
      const chart = charts(runReport(hourly)).find((c) => c.id === id)!;
      expect(JSON.stringify(chart.spec)).not.toContain('Grid connection');
      expect(chart.caption.join('')).not.toContain('  ');
      expect(dataMismatches(chart)).toEqual([]);
    }
  });

  test('a hub nearly idle under a limit given by hour: the daily load curve names the limit rather than draw its steps, as the load-duration curve does', () => {
    // Grid power a few kW against a limit of 2,000-3,000 kW: the steps took the axis to 3,000 and flattened the curves.
    const quiet: RunData = {
      ...data,
      byHour: data.byHour.map((r) => (/^(grid|demand)_/.test(r.metric) ? { ...r, mean: r.mean / 400, min: r.min / 400, max: r.max / 400 } : r)),
      run: { ...data.run, scenario: { ...data.run.scenario, hub: { ...(data.run.scenario.hub as object), gridKw: { byHour: Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 2000 : 3000)) } } } },
    };
    const daily = charts(runReport(quiet)).find((c) => c.id === 'daily-load')!;
    expect(JSON.stringify(daily.spec)).not.toContain('Grid connection, by hour');
    expect(daily.caption.join('')).toContain('Not drawn, as more than 6 times as high as the curves reach (the axis would flatten them): Grid connection up to 3,000 kW.');
    expect(daily.caption.join('')).not.toContain('3,000 kW connection');
    expect(dataMismatches(daily)).toEqual([]);
    // Within reach, the steps are drawn as before.
    expect(JSON.stringify(charts(runReport({ ...quiet, byHour: data.byHour })).find((c) => c.id === 'daily-load')!.spec)).toContain('Grid connection, by hour');
  });

  test('on the load-duration curve, a grid limit by hour is its own duration curve (the limit of each interval, ranked), not a rule at its highest', () => {
    // Weekdays give 2,000 kW from 7:00 to 19:00, the rest of the week 3,000 kW. The window, days 2 to
    // 28 (Wednesday of the first week to the end of the fourth), holds 26 × 96 = 2,496 quarter-hours,
    // 18 weekdays × 48 of them at 2,000 kW: 1,632 at 3,000 kW, 65.4 % of them.
    const week = Array.from({ length: 168 }, (_, h) => (h % 24 >= 7 && h % 24 < 19 && h < 120 ? 2000 : 3000));
    const run = (gridKw: unknown, more: object = {}): RunData => ({ ...data, run: { ...data.run, ...more, scenario: { ...data.run.scenario, hub: { ...(data.run.scenario.hub as object), gridKw } } } });
    const chart = (d: RunData) => charts(runReport(d)).find((c) => c.id === 'load-duration')!;
    const duration = chart(run({ byHourOfWeek: week }));
    const values = (duration.spec as { data: { values: { series: string; x: number; y: number }[] } }).data.values;
    const ranked = values.filter((v) => v.series === 'Grid connection, by hour (ranked)');
    expect(ranked.map((v) => v.y)).toEqual(Array.from({ length: 101 }, (_, pct) => (pct <= 65 ? 3000 : 2000)));
    expect(JSON.stringify(duration.spec)).not.toContain('Grid connection up to');
    expect(duration.caption.join('')).toContain('The grid connection is given by hour (2,000 to 3,000 kW): the black dashed line is its own duration curve, its mean over each 15-minute interval ranked from highest to lowest');
    expect(dataMismatches(duration)).toEqual([]);
    // An interval that spans hours has the limit's mean over it: 2-hour intervals of a limit that
    // alternates 1,000 and 3,000 kW by the hour all have 2,000 kW.
    const alternating = run({ byHour: Array.from({ length: 24 }, (_, h) => (h % 2 === 0 ? 1000 : 3000)) });
    const hours2 = chart({ ...alternating, run: { ...alternating.run, scenario: { ...alternating.run.scenario, output: { powerIntervalMin: 120 } } } });
    const flat = (hours2.spec as { data: { values: { series: string; y: number }[] } }).data.values.filter((v) => v.series === 'Grid connection, by hour (ranked)');
    expect(new Set(flat.map((v) => v.y))).toEqual(new Set([2000]));
    // Without the statistics window to rank it over, its highest and its lowest, as two rules.
    const unknown = chart(run({ byHourOfWeek: week }, { horizon: undefined }));
    expect(JSON.stringify(unknown.spec)).toContain('Grid connection by hour: highest 3,000 kW');
    expect(JSON.stringify(unknown.spec)).toContain('Grid connection by hour: lowest 2,000 kW');
    expect(unknown.caption.join('')).toContain('the dashed rules mark its highest and its lowest value');
    // A constant limit stays a rule.
    const constant = JSON.stringify(chart(data).spec);
    expect(constant).toContain('Grid connection 2,400 kW');
    expect(constant).not.toContain('(ranked)');
    expect(constant).toContain('"Load-duration curve of grid power and unconstrained demand"');
    // A limit by hour far above what the curves reach is left off, as its rule would be, not drawn to flatten them.
    const far = chart(run({ byHour: Array.from({ length: 24 }, (_, h) => (h < 12 ? 1e7 : 2e7)) }));
    expect(JSON.stringify(far.spec)).not.toContain('(ranked)');
  });

  test("a limit by hour's duration curve is the naive ranking of every interval's mean, also where intervals straddle hours, and costs little over a century", () => {
    // The naive ranking: every interval wholly inside the window, its limit's mean minute by minute.
    const naive = (limit: readonly number[], width: number, days: number, warmupDays: number): number[] => {
      const means: number[] = [];
      for (let k = Math.ceil((warmupDays * 1440) / width); k * width + width <= days * 1440; k++) {
        let sum = 0;
        for (let t = k * width; t < k * width + width; t++) sum += limit[Math.floor(t / 60) % limit.length];
        means.push(sum / width);
      }
      means.sort((a, b) => b - a);
      return Array.from({ length: 101 }, (_, pct) => means[Math.max(1, Math.ceil((pct * means.length) / 100)) - 1]);
    };
    const shares = Array.from({ length: 101 }, (_, pct) => pct / 100);
    const week = Array.from({ length: 168 }, (_, h) => 1000 + ((h * 37) % 23) * 100);
    const info = (width: number, days: number, warmupDays: number, limit: readonly number[]) =>
      ({ ...data.run, horizon: { days, warmupDays }, scenario: { ...data.run.scenario, hub: { gridKw: limit.length === 24 ? { byHour: limit } : { byHourOfWeek: limit } }, output: { powerIntervalMin: width } } }) as RunData['run'];
    for (const [width, days, warmupDays] of [[15, 28, 2], [45, 30, 1.3], [7, 20, 0], [1440, 60, 3], [10080, 100, 0], [97, 50, 2]]) {
      for (const limit of [week, week.slice(0, 24)]) {
        const got = gridLimitDuration(info(width, days, warmupDays, limit), shares)!;
        naive(limit, width, days, warmupDays).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 9));
      }
    }
    // Intervals of a fractional width are ranked one by one: 7.5 minutes straddle hours unevenly.
    const half = gridLimitDuration(info(7.5, 14, 0, week), shares)!;
    expect(half[0]).toBe(Math.max(...week));
    expect(half[100]).toBe(Math.min(...week));
    // A century of one-minute intervals is ranked by the week's distinct starts, not one by one.
    const century = gridLimitDuration(info(1, 36500, 0, week), shares)!;
    expect(century[0]).toBe(Math.max(...week));
    expect(century[100]).toBe(Math.min(...week));
    // Past two million intervals of a fractional width, the chart falls back to its two rules.
    expect(gridLimitDuration(info(1.5, 36500, 0, week), shares)).toBeUndefined();
  });

  test("a limit by hour's duration curve counts the intervals the model counts, also where a fractional width's quotient rounds past the warm-up's end", () => {
    // 1.4-minute intervals after a 7-day warm-up: the model's first is interval 7200, as 7200 × 1.4 is
    // 10080, though 10080 / 1.4 is 7200.000000000001. The two hours after it hold 85 intervals: 42 at
    // 3,000 kW, one across 1:00 (1.2 minutes at 3,000 kW, 0.2 at 1,000 kW), then 42 at 1,000 kW.
    const byHour = Array.from({ length: 24 }, (_, h) => (h === 0 ? 3000 : 1000));
    const run = { ...data.run, horizon: { days: 7 + 2 / 24, warmupDays: 7 }, scenario: { ...data.run.scenario, hub: { gridKw: { byHour } }, output: { powerIntervalMin: 1.4 } } } as RunData['run'];
    const got = gridLimitDuration(run, Array.from({ length: 101 }, (_, pct) => pct / 100))!;
    // The 42nd highest of 85 is 49 %: ⌈0.49 × 85⌉ = 42.
    const want = Array.from({ length: 101 }, (_, pct) => (pct <= 49 ? 3000 : pct === 50 ? (1.2 * 3000 + 0.2 * 1000) / 1.4 : 1000));
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
  });

  test("a limit by hour's duration curve counts the intervals that meet the window's edges exactly, as the model does, though the products fall a hair outside", () => {
    const info = (width: number, days: number, warmupDays: number, byHour: readonly number[]) =>
      ({ ...data.run, horizon: { days, warmupDays }, scenario: { ...data.run.scenario, hub: { gridKw: { byHour } }, output: { powerIntervalMin: width } } }) as RunData['run'];
    // 67.2-minute intervals over a week: 150, the last ending at 10,080 (149 × 67.2 + 67.2 is
    // 10080.000000000002). Hour 167 at 5,000 kW lies in the last alone, whose mean is the highest.
    const byHourOfWeek = Array.from({ length: 168 }, (_, h) => (h === 167 ? 5000 : 1000));
    const week = { ...info(67.2, 7, 0, []), scenario: { ...data.run.scenario, hub: { gridKw: { byHourOfWeek } }, output: { powerIntervalMin: 67.2 } } } as RunData['run'];
    const [top, bottom] = gridLimitDuration(week, [0, 1])!;
    expect(top).toBeCloseTo((60 * 5000 + 7.2 * 1000) / 67.2, 9);
    expect(bottom).toBeCloseTo(1000, 9);
    // From a warm-up of 55.2 minutes in 2.3-minute intervals: the first is interval 24 (24 × 2.3 is
    // 55.199999999999996), at 3,000 kW in hour 0; the window to 60 minutes holds two whole intervals.
    const early = gridLimitDuration(info(2.3, 60 / 1440, 0.03833333333333334, Array.from({ length: 24 }, (_, h) => (h === 0 ? 3000 : 1000))), [0, 1])!;
    expect(early).toEqual([3000, 3000]);
  });

  test("a limit by hour's duration curve ranks the last interval of a fractional width where it ends exactly at the window's end", () => {
    // 22.5-minute intervals over one day: 64, the last two wholly in hour 23 at 5,000 kW, the one
    // before them two-thirds in it: (7.5 × 1,000 + 15 × 5,000) / 22.5 kW.
    const byHour = Array.from({ length: 24 }, (_, h) => (h === 23 ? 5000 : 1000));
    const run = { ...data.run, horizon: { days: 1, warmupDays: 0 }, scenario: { ...data.run.scenario, hub: { gridKw: { byHour } }, output: { powerIntervalMin: 22.5 } } } as RunData['run'];
    // 3 % of 64 intervals is ⌈1.92⌉ = 2 of them, both at 5,000 kW; 4 % is the third, the straddling one.
    const got = gridLimitDuration(run, [0, 0.03, 0.04, 1])!;
    expect(got.map((v) => Math.round(v * 100) / 100)).toEqual([5000, 5000, 3666.67, 1000]);
  });

  test("a limit by hour's duration curve takes the k-th highest of n intervals at k = ⌈share · n⌉ exactly, and is undefined where no interval fits the window", () => {
    const info = (width: number, days: number, warmupDays: number, byHour: readonly number[]) =>
      ({ ...data.run, horizon: { days, warmupDays }, scenario: { ...data.run.scenario, hub: { gridKw: { byHour } }, output: { powerIntervalMin: width } } }) as RunData['run'];
    // 25 hourly intervals, 7 at 3,000 kW (hours 0-5 and hour 0 of the next day): at 28 % of the
    // time, 0.28 · 25 = 7 intervals, the 7th highest, though 0.28 × 25 is 7.000000000000001 in binary.
    const byHour = Array.from({ length: 24 }, (_, h) => (h < 6 ? 3000 : 1000));
    expect(gridLimitDuration(info(60, 25 / 24, 0, byHour), [0, 0.28, 0.29, 1])).toEqual([3000, 3000, 1000, 1000]);
    // A window of 12 hours holds no whole day-long interval: nothing to rank, whole widths or not.
    expect(gridLimitDuration(info(1440, 1.5, 1, byHour), [0, 0.5, 1])).toBeUndefined();
    expect(gridLimitDuration(info(1000.5, 1.5, 1, byHour), [0, 0.5, 1])).toBeUndefined();
  });

  test('the headline table has every headline metric with mean and 95 % interval from summary.csv, in columns Metric, Mean, 95 % interval, Column', () => {
    const t = table(doc, 'results');
    expect(t.head.map(text)).toEqual(['Metric', 'Mean', '95 % interval', 'Column']);
    const rows = t.rows;
    expect(rows).toHaveLength(15);
    const row = (metric: string) => rows.find((r) => text(r[3]).includes(`"${metric}"`)) as Cell[];
    // service_level 0.920299 with interval [0.910756, 0.929841]: per cent, two decimals (half-width 0.95 pp).
    expect(data.summary.get('service_level')?.mean).toBe(0.9202988235118467);
    expect(text(row('service_level')[0])).toBe('Service level (%)');
    expect(text(row('service_level')[1])).toBe('92.03');
    expect(text(row('service_level')[2])).toBe('[91.08, 92.98]');
    // grid_peak_kw 2365.6 with half-width 14.6 kW: whole kW with a thousands separator.
    expect(text(row('grid_peak_kw')[1])).toBe('2,366');
    expect(text(row('trucks_balked')[1])).toBe('0');
    // A mean of trucks that is not whole keeps a decimal however wide its interval (a half-width of
    // 21.3 would give whole trucks), so that counts add up as in a comparison.
    const balked = { ...data.summary.get('trucks_balked')!, mean: 159.66666666666666, ci95Low: 138.36, ci95High: 180.98 };
    const wide = table(runReport({ ...data, summary: new Map([...data.summary, ['trucks_balked', balked]]) }), 'results').rows.find((r) => text(r[3]).includes('"trucks_balked"'))!;
    expect([text(wide[1]), text(wide[2])]).toEqual(['159.7', '[138.4, 181.0]']);
    for (const r of rows) for (const c of r.slice(1, 3)) expect(text(c)).not.toMatch(/e[+-]?\d|NaN|Infinity/);
  });

  test("the headline table's note names the rows over fewer replications than ran, and says why a row is –", () => {
    const note = (d: ReportDoc) => table(d, 'results').note?.map((i) => (typeof i === 'string' ? i : '')).join('') ?? '';
    expect(note(doc)).not.toContain('undefined');
    const R = data.run.replications;
    const over = (metric: string, n: number) => [metric, { ...data.summary.get(metric)!, n, ...(n === 0 ? { mean: NaN, ci95Low: NaN, ci95High: NaN } : {}) }] as const;
    const fewer = { ...data, summary: new Map([...data.summary, over('service_level', R - 1), over('served_share', R - 1), over('wait_mean_min', R - 2), over('wait_p95_min', 0)]) };
    const said = note(runReport(fewer));
    expect(said).toContain(
      ` A metric that some replications leave undefined (nothing it measures happened in their window: no truck arrived, or none plugged in) is a mean over those that define it (summary.csv's n), over ${R - 1} of the ${R}: Service level and Served; over ${R - 2} of the ${R}: Mean wait.`,
    );
    // (Why, said once.)
    expect(said).toContain(' – marks a metric no replication defines: 95th-percentile wait.');
    const none = { ...data, summary: new Map([...data.summary, over('wait_p95_min', 0)]) };
    expect(note(runReport(none))).toContain(' – marks a metric no replication defines, as nothing it measures happened in the window (no truck arrived, or none plugged in): 95th-percentile wait.');
    // Peaks in a window shorter than a power interval are empty for that reason, trucks or not.
    const day = { ...data.run, horizon: { days: 1, warmupDays: 0.5 }, scenario: { ...data.run.scenario, output: { powerIntervalMin: 1440 } } };
    const unpeaked = { ...data, run: day, summary: new Map([...data.summary, over('grid_peak_kw', 0), over('demand_peak_kw', 0)]) };
    const why = note(runReport(unpeaked));
    expect(why).toContain(' – marks peaks no replication defines, as no 1,440-minute power interval lies wholly inside the statistics window: Peak grid power and Peak demand (unconstrained).');
    expect(why).not.toContain('no truck arrived');
    // A margin is empty for want of a power interval only where a demand charge is taken from it.
    const margin = (economics: Record<string, unknown>) => note(runReport({ ...unpeaked, run: { ...day, scenario: { ...day.scenario, economics } }, summary: new Map([...unpeaked.summary, over('margin_per_kwh', 0)]) }));
    const sentences = (s: string) => s.split(' – marks ');
    expect(sentences(margin({ sellingPrice: 0.5 })).find((s) => s.startsWith('a metric'))).toMatch(/Margin\.$/);
    expect(sentences(margin({ sellingPrice: 0.5 })).find((s) => s.startsWith('peaks'))).not.toContain('Margin');
    expect(margin({ sellingPrice: 0.5, demandCharge: { perKw: 10 } })).toMatch(/ – marks metrics of the peaks \(a peak, or a charge billed on one\) no replication defines, .* lies wholly inside the statistics window: Peak grid power, Peak demand \(unconstrained\), Demand charge and Margin/);
  });

  test('the headline table shows bay availability where bays fail or are maintained, beside the occupancy', () => {
    const metrics = (d: ReportDoc) => table(d, 'results').rows.map((r) => text(r[3]));
    expect(metrics(doc).join()).not.toContain('bay_availability');
    const hub = data.run.scenario.hub as { chargers: Record<string, unknown>[] };
    const maintained = { ...data.run, scenario: { ...data.run.scenario, hub: { ...hub, chargers: [{ ...hub.chargers[0], maintenance: [{ weekday: 'Tue', startHour: 9, hours: 3 }] }, ...hub.chargers.slice(1)] } } };
    const shown = metrics(runReport({ ...data, run: maintained }));
    const at = shown.findIndex((m) => m.includes('"bay_occupancy"'));
    expect(shown[at + 1]).toContain('"bay_availability"');
    // The occupancy heat map says an empty cell may be bays out of service, not trucks staying away.
    const caption = (d: ReportDoc) => charts(d).find((c) => c.id === 'occupancy-week')!.caption.join('');
    expect(caption(runReport({ ...data, run: maintained }))).toContain('A bay out of service (failed, or in a maintenance window) has no truck plugged in, so it counts as unoccupied here');
    expect(caption(doc)).not.toContain('out of service');
  });

  test("the headline table's note says money, like counts and energy, is a total over the window, not a month's or a year's", () => {
    const note = (d: ReportDoc) => table(d, 'results').note?.map((i) => (typeof i === 'string' ? i : '')).join('') ?? '';
    expect(note(doc)).toContain('Truck counts and energy are totals over the statistics window, 26 days after a 2-day warm-up');
    const economics = { energyPrice: 0.2, demandCharge: { perKw: 10, periodDays: 30 } };
    const priced: RunData = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, economics } } };
    expect(note(runReport(priced))).toContain('Truck counts, energy and money are totals over the statistics window, 26 days after a 2-day warm-up');
    // An economics object that prices nothing shows no money, so the note does not speak of it.
    const empty: RunData = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, economics: {} } } };
    expect(note(runReport(empty))).toContain('Truck counts and energy are totals over');
  });

  test('the headline table shows the money metrics the scenario prices, not empty rows for those it does not', () => {
    const economics = { energyPrice: 0.2, demandCharge: { perKw: 10, periodDays: 30 } };
    const priced: RunData = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, economics } } };
    const metrics = table(runReport(priced), 'results').rows.map((r) => text(r[3]));
    expect(metrics.filter((m) => /cost|charge|revenue|margin/.test(m))).toEqual(['{"code":"energy_cost"}', '{"code":"demand_charge"}']);
  });

  test('charts: daily load, load duration, two heat maps, wait CDF, queue, fleet; each with a caption', () => {
    expect(charts(doc).map((c) => c.id)).toEqual(['daily-load', 'load-duration', 'occupancy-week', 'service-week', 'wait-cdf', 'queue-day', 'fleet']);
    for (const c of charts(doc)) expect(c.caption.join('').length).toBeGreaterThan(60);
  });

  test.each(['daily-load', 'load-duration', 'occupancy-week', 'service-week', 'wait-cdf', 'queue-day', 'fleet'])('chart %s renders without warnings', async (id) => {
    const chart = charts(doc).find((c) => c.id === id);
    const { warnings, svg } = await renderSvg(chart?.spec as never, id);
    expect(warnings).toEqual([]);
    expect(svg).toContain('role="graphics-symbol"');
  });

  test('every chart has a table of the numbers it draws, each column headed with its unit', () => {
    for (const c of charts(doc)) {
      expect(dataMismatches(c)).toEqual([]);
      if (c.data.kind !== 'table') throw new Error(`${c.id}: no table`);
      for (const h of c.data.head.slice(1)) expect(cellText(h)).toMatch(/ \([^)]+\)$/);
    }
  });

  test("the data tables read as the report's other tables: hours as spans, whole kW, shares in per cent, bands and intervals in brackets", () => {
    const table = (id: string) => {
      const d = charts(doc).find((c) => c.id === id)!.data;
      if (d.kind !== 'table') throw new Error(`${id}: no table`);
      return { head: d.head.map(cellText), rows: d.rows.map((r) => r.map(cellText)) };
    };
    const daily = table('daily-load');
    expect(daily.head).toEqual(['Hour of day', 'Grid power (kW)', 'Grid power, lowest to highest replication (kW)', 'Unconstrained demand (kW)', 'Peak 15-min grid power (kW)', 'Peak 15-min grid power, lowest to highest replication (kW)']);
    expect(daily.rows).toHaveLength(24);
    expect(daily.rows[0]).toEqual(['0:00\u20131:00', '310', '[216, 383]', '310', '1,249', '[743, 1,639]']);
    expect(daily.rows[23][0]).toBe('23:00\u201324:00');
    // A row per percentile of time, the peak at 0 %.
    const duration = table('load-duration');
    expect(duration.rows.map((r) => r[0])).toEqual(Array.from({ length: 101 }, (_, i) => String(i)));
    expect(duration.rows[0]).toEqual(['0', '2,366', '[2,321, 2,393]', '2,366']);
    const occupancy = table('occupancy-week');
    expect(occupancy.head).toEqual(['Hour of day', ...['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => `${d} (% of bays)`)]);
    expect(occupancy.rows[0]).toEqual(['0:00\u20131:00', '8.0', '22.1', '16.0', '22.0', '17.9', '10.9', '4.8']);
    // An hour no truck arrived in is a grey cell, and a dash.
    expect(table('service-week').rows[0][7]).toBe('\u2013');
    expect(table('wait-cdf').rows[0]).toEqual(['0', '82.0', '[77.3, 85.3]']);
    // The queue's mean in hundredths of a truck: a whole number would read a short queue as none.
    expect(table('queue-day').head).toEqual(['Hour of day', 'Queue (trucks waiting)', 'Queue, lowest to highest replication (trucks waiting)']);
    expect(table('queue-day').rows.map((r) => r[1])).toContainEqual(expect.stringMatching(/^0\.[0-9][1-9]$|^0\.[1-9][0-9]$/));
    // The fleet panels' numbers as the headline table shows an estimate: its interval's decimals.
    const fleet = table('fleet');
    expect(fleet.head).toEqual(['Fleet type', 'Service level (% within 15 min)', 'Mean wait (min)', 'Energy delivered (MWh)', 'Energy not delivered (MWh)']);
    expect(fleet.rows[0]).toEqual(['eactros600', '92.2 [90.9, 93.5]', '1.66 [1.37, 1.95]', '158.4 [152.4, 164.3]', '5.9 [4.6, 7.3]']);
    for (const c of charts(doc)) for (const row of table(c.id).rows) for (const cell of row) expect(cell).not.toMatch(/e[+-]?\d|NaN|Infinity|undefined|-\d/);
  });

  test('with one replication the data tables have no band and no interval, as the charts have none', () => {
    const strip = <T extends { ci95Low: number; ci95High: number; min: number; max: number; mean: number }>(r: T): T => ({ ...r, ci95Low: NaN, ci95High: NaN, min: r.mean, max: r.mean });
    const single: RunData = { ...data, run: { ...data.run, replications: 1 }, byHour: data.byHour.map(strip), byFleet: data.byFleet.map(strip), waitCdf: data.waitCdf.map(strip), loadDuration: data.loadDuration.map(strip) };
    for (const c of charts(runReport(single))) {
      expect(dataMismatches(c)).toEqual([]);
      const cells = c.data.kind === 'table' ? [...c.data.head, ...c.data.rows.flat()].map(cellText) : [];
      expect(cells.filter((t) => /lowest to highest|\[/.test(t))).toEqual([]);
    }
  });

  test('the wait chart says how many replications its curve is over, where the others had no truck arrive', () => {
    const caption = (d: RunData) => charts(runReport(d)).find((c) => c.id === 'wait-cdf')!.caption.join('');
    expect(caption(data)).toContain('(mean over replications; band: lowest to highest replication)');
    const over = (n: number): RunData => ({ ...data, waitCdf: data.waitCdf.map((r) => ({ ...r, n })) });
    expect(caption(over(3))).toContain('(mean over the 3 of the 10 replications that define it, as no truck arrived in the others\u2019 windows; band: lowest to highest of them)');
    expect(caption(over(1))).toContain('(from the one of the 10 replications that defines it, as no truck arrived in the others\u2019 windows, so no band)');
  });

  test('the heat maps and the fleet chart say how many replications their values are over, where some define only some', () => {
    const caption = (d: RunData, id: string) => charts(runReport(d)).find((c) => c.id === id)!.caption.join('');
    // Hours of the week in which no truck arrived in some replications: their service level is over the others.
    const fewest = Math.min(...data.byHour.filter((r) => r.metric === 'service_level' && r.weekday !== 'all' && r.n >= 1).map((r) => r.n));
    expect(fewest).toBeLessThan(10);
    expect(caption(data, 'service-week')).toContain(`(mean over the replications that define each cell, as few as ${fewest} of the 10, as no truck arrived in that hour in the others)`);
    expect(caption(data, 'occupancy-week')).toContain('(mean over replications;');
    expect(caption(data, 'fleet')).toContain('cut at 0 and, for the service level, at 100 %.');
    const first = data.byFleet[0].fleet;
    const byFleet = data.byFleet.map((r) => (r.fleet === first && r.metric === 'wait_mean_min' ? { ...r, n: 4 } : r));
    expect(caption({ ...data, byFleet }, 'fleet')).toContain(
      'cut at 0 and, for the service level, at 100 % (mean over the replications that define each bar, as few as 4 of the 10, as no truck of that type arrived, or plugged in, in the others).',
    );
  });

  test("a fleet type with no bar has the chart's words in its table, not a number", () => {
    const [first] = [...new Set(data.byFleet.map((r) => r.fleet))];
    const byFleet = data.byFleet.map((r) => (r.fleet !== first ? r : r.metric === 'trucks_arrived' ? { ...r, mean: 0 } : { ...r, mean: NaN }));
    const chart = charts(runReport({ ...data, byFleet })).find((c) => c.id === 'fleet')!;
    expect(dataMismatches(chart)).toEqual([]);
    const rows = chart.data.kind === 'table' ? chart.data.rows.map((r) => r.map(cellText)) : [];
    expect(rows.find((r) => r[0] === first)).toEqual([first, 'no trucks arrived', 'no trucks arrived', 'no trucks arrived', 'no trucks arrived']);
  });

  test('the service heat map says where its colour scale starts', () => {
    // Every hour at 74 % or better: the scale starts at 70 %.
    const worst: RunData = { ...data, byHour: data.byHour.map((r) => (r.metric === 'service_level' ? { ...r, mean: Math.max(0.74, Number.isFinite(r.mean) ? r.mean : 1) } : r)) };
    const chart = charts(runReport(worst)).find((c) => c.id === 'service-week')!;
    expect(JSON.stringify(chart.spec)).toContain('"domain":[0.7,1]');
    expect(chart.caption.join('')).toContain('The colour scale starts at 70\u00a0%, not 0');
    // A worst hour of exactly 70 % is a step below it: the scale starts at 60 %, so that hour is not drawn as the scale's end.
    const first = data.byHour.find((r) => r.metric === 'service_level');
    const exact: RunData = { ...data, byHour: data.byHour.map((r) => (r === first ? { ...r, mean: 0.7 } : r.metric === 'service_level' ? { ...r, mean: Math.max(0.74, Number.isFinite(r.mean) ? r.mean : 1) } : r)) };
    const at70 = charts(runReport(exact)).find((c) => c.id === 'service-week')!;
    expect(JSON.stringify(at70.spec)).toContain('"domain":[0.6,1]');
    expect(at70.caption.join('')).toContain('The colour scale starts at 60\u00a0%, not 0');
  });

  test('fleet whiskers stop at what is possible: 0, and 100 % for a share', () => {
    const wild: RunData = { ...data, byFleet: data.byFleet.map((r) => ({ ...r, ci95Low: r.mean - 1e6, ci95High: r.mean + 1e6 })) };
    const spec = JSON.stringify(charts(runReport(wild)).find((c) => c.id === 'fleet')!.spec);
    const whiskers = [...spec.matchAll(/"lo":(-?[\d.e+-]+),"hi":(-?[\d.e+-]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(whiskers.length).toBeGreaterThan(0);
    expect(whiskers.every(([lo]) => lo === 0)).toBe(true);
    expect(spec).toContain('"domain":[0,1]');
  });

  test('a fleet value that is rounding noise is drawn as the 0 it is, on an axis from 0', async () => {
    // Every truck charged: by-fleet.csv has energy not delivered of 10⁻¹¹ kWh, which drew bars as
    // long as any, on an axis up to 0.0000000000000018 MWh.
    const charged: RunData = { ...data, byFleet: data.byFleet.map((r, i) => (r.metric === 'energy_unmet_kwh' ? { ...r, mean: (i + 1) * 1e-12, ci95Low: i * 1e-12, ci95High: (i + 2) * 1e-12 } : r)) };
    const panel = fleetPanels([charged], 15).find((p) => p.title.startsWith('Energy not delivered'))!;
    expect(panel.values.map((v) => [v.mean, v.lo, v.hi])).toEqual(panel.values.map(() => [0, 0, 0]));
    const { svg } = await renderSvg(charts(runReport(charged)).find((c) => c.id === 'fleet')!.spec, 'f');
    expect(svg).not.toMatch(/>0\.0000/);
  });

  test('a connection far above every curve is named in the captions, not drawn flattening the curves', () => {
    const hub = { ...(data.run.scenario.hub as object), gridKw: 100000 };
    const huge: RunData = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, hub } } };
    for (const id of ['daily-load', 'load-duration']) {
      const chart = charts(runReport(huge)).find((c) => c.id === id)!;
      expect(JSON.stringify(chart.spec)).not.toContain('Grid connection 100,000 kW');
      expect(chart.caption.join('')).toContain('Not drawn, as more than 6 times as high as the curves reach (the axis would flatten them): Grid connection 100,000 kW.');
      expect(chart.caption.join('')).not.toContain('(dashed rule)');
    }
    const both = { ...data, b: huge, a: { ...huge, name: 'a' }, diffs: [] };
    expect(JSON.stringify(charts(compareReport(both)).find((c) => c.id === 'daily-load')!.spec)).not.toContain('100,000 kW');
  });

  test('the daily load curve draws the grid limit, and no rule when the connection is unlimited', () => {
    expect(JSON.stringify(charts(doc)[0].spec)).toContain('Grid connection 2,400 kW');
    const scenario = { ...data.run.scenario, hub: { ...(data.run.scenario.hub as object), gridKw: undefined } };
    const unlimited: RunData = { ...data, run: { ...data.run, scenario } };
    const spec = JSON.stringify(charts(runReport(unlimited))[0].spec);
    expect(spec).not.toContain('Grid connection');
    expect(runReport(unlimited).facts).toContainEqual(['Grid connection', 'unlimited']);
  });

  test('with a site battery, the power captions do not put the gap between grid power and demand down to the connection', () => {
    // Seven cabinets of 400 kW on phase one's 2,400 kW connection: it can hold charging back.
    const chargers = [{ ...(data.run.scenario.hub as { chargers: object[] }).chargers[0], cabinets: 7 }];
    const tight = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, hub: { ...(data.run.scenario.hub as object), chargers } } } };
    const plain = charts(runReport(tight));
    expect(plain[0].caption.join('')).toContain('where it rises above the solid line, the 2,400 kW connection (dashed rule) holds charging back.');
    expect(plain[1].caption.join('')).toContain('Where the demand curve lies above grid power, the connection is the constraint.');
    // A peak-shaving battery holds the grid draw at 2,500 kW while the demand peaks at 3,000 kW and more.
    const battery = { capacityKwh: 2000, powerKw: 1000, strategy: 'peakShaving', targetKw: 2500 };
    const scenario = { ...tight.run.scenario, hub: { ...(tight.run.scenario.hub as object), battery } };
    const caption = (id: string) => charts(runReport({ ...data, run: { ...data.run, scenario } })).find((c) => c.id === id)?.caption.join('');
    const [daily, duration] = [caption('daily-load'), caption('load-duration')];
    expect(daily).not.toContain('where it rises above the solid line, the 2,400 kW connection (dashed rule) holds charging back');
    expect(daily).toContain('below the demand where the battery discharges and above it where it charges');
    expect(duration).not.toContain('Where the demand curve lies above grid power, the connection is the constraint.');
    // A target above the 2,400 kW connection shaves nothing: the battery tops up the connection.
    expect(duration).toContain('where it lies below the demand curve the connection binds, and the battery gives the trucks some of what it holds back');
    // A target under the connection is drawn on the load-duration curve too, where grid power runs flat along it.
    expect(duration).not.toContain('the green rule');
    const under = { ...data.run.scenario, hub: { ...(data.run.scenario.hub as object), battery: { ...battery, targetKw: 2000 } } };
    const chart = charts(runReport({ ...data, run: { ...data.run, scenario: under } })).find((c) => c.id === 'load-duration')!;
    expect(chart.caption.join('')).toContain('the battery is shaving the peaks');
    expect(chart.caption.join('')).toContain('Where it runs flat along the green rule, the battery held the peak at its target.');
    expect(JSON.stringify(chart.spec)).toContain('Peak-shaving target 2,000 kW');
  });

  test("a connection as large as all the chargers can draw is said never to hold charging back: a flat top of grid power is the chargers' limit", () => {
    // Phase one: six cabinets of 400 kW on a 2,400 kW connection.
    const [daily, duration] = ['daily-load', 'load-duration'].map((id) => charts(doc).find((c) => c.id === id)!.caption.join(''));
    const why = 'is as large as all the cabinets and bays can draw together, 2,400 kW, so it never holds charging back; where grid power runs flat at the top, the cabinets and bays are the limit, which a larger connection alone would not raise';
    expect(daily).toContain(`(here the two coincide: the 2,400 kW connection (dashed rule) ${why}).`);
    expect(daily).not.toContain('holds charging back.');
    expect(duration).toContain(`Grid power and the demand coincide: the connection ${why}.`);
    expect(duration).not.toContain('the connection is the constraint');
    // Two bays of 250 kW on each of six 600 kW cabinets draw at most 3,000 kW: a 3,200 kW connection is more than that.
    const chargers = [{ ...(data.run.scenario.hub as { chargers: object[] }).chargers[0], baysPerCabinet: 2, cabinetKw: 600, bayKw: 250 }];
    const roomy = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, hub: { ...(data.run.scenario.hub as object), gridKw: 3200, chargers } } } };
    expect(charts(runReport(roomy)).find((c) => c.id === 'load-duration')!.caption.join('')).toContain('the connection is no less than all the cabinets and bays can draw together, 3,000 kW');
  });

  describe("the site battery's power over the day", () => {
    // Phase one (a 2,400 kW connection) with a peak-shaving battery, and by-hour.csv's battery rows
    // given known values: hour h gives 10·(h − 12) kW on average, the lowest replication 5 kW less,
    // the highest 5 more.
    const battery = { capacityKwh: 2000, powerKw: 1000, strategy: 'peakShaving', targetKw: 2000 };
    // Seven cabinets of 400 kW, which the connection can hold back: a battery has something to top up.
    const chargers = [{ ...(data.run.scenario.hub as { chargers: object[] }).chargers[0], cabinets: 7 }];
    const scenario = { ...data.run.scenario, hub: { ...(data.run.scenario.hub as object), chargers, battery } };
    // Its stored energy: h/24 of its capacity in hour h.
    const byHour = data.byHour.map((r) =>
      r.metric === 'battery_kw_mean' ? { ...r, mean: 10 * (r.hour - 12), min: 10 * (r.hour - 12) - 5, max: 10 * (r.hour - 12) + 5 }
      : r.metric === 'battery_soc_mean' ? { ...r, mean: r.hour / 24, min: r.hour / 24, max: r.hour / 24, n: 10 }
      : r,
    );
    const withBattery: RunData = { ...data, run: { ...data.run, scenario }, byHour };

    test('is drawn after the daily load curve, by hour of day, signed, with its band; the target is a rule on the load curve', async () => {
      const drawn = charts(runReport(withBattery));
      expect(drawn.map((c) => c.id).slice(0, 4)).toEqual(['daily-load', 'battery-day', 'battery-soc', 'load-duration']);
      const soc = drawn[2];
      expect((soc.spec as unknown as { data: { values: { y: number }[] } }).data.values.map((v) => v.y)).toEqual(Array.from({ length: 24 }, (_, h) => h / 24));
      expect((await renderSvg(soc.spec, soc.id)).warnings).toEqual([]);
      const chart = drawn[1];
      const values = (chart.spec as unknown as { data: { values: { x: number; y: number; lo: number; hi: number }[] } }).data.values;
      expect(values.map((v) => [v.x, v.y, v.lo, v.hi])).toEqual(Array.from({ length: 24 }, (_, h) => [h + 0.5, 10 * (h - 12), 10 * (h - 12) - 5, 10 * (h - 12) + 5]));
      expect(chart.caption.join('')).toContain('it gives power only while the site would draw more than 2,000 kW');
      expect(chart.caption.join('')).toContain('rated at 1,000 kW either way');
      expect(JSON.stringify(drawn[0].spec)).toContain('Peak-shaving target 2,000 kW');
      const { warnings } = await renderSvg(chart.spec, chart.id);
      expect(warnings).toEqual([]);
      // Their tables: signed kW, with their bands, and the stored energy in per cent of capacity.
      for (const c of drawn) expect(dataMismatches(c)).toEqual([]);
      const rows = (c: (typeof drawn)[number]) => (c.data.kind === 'table' ? c.data.rows.map((r) => r.map(cellText)) : []);
      expect(rows(chart)[0]).toEqual(['0:00\u20131:00', '\u2212120', '[\u2212125, \u2212115]']);
      expect(rows(soc)[1]).toEqual(['1:00\u20132:00', '4.2', '[4.2, 4.2]']);
    });

    test('the target the model holds is the lower of targetKw and the connection in force', () => {
      // Phase one's connection is 2,400 kW: a target of 3,500 kW is never below it, and acts as greedy.
      const above = { ...scenario, hub: { ...(scenario.hub as object), battery: { ...battery, targetKw: 3500 } } };
      const drawn = charts(runReport({ ...withBattery, run: { ...data.run, scenario: above } }));
      expect(drawn.find((c) => c.id === 'battery-day')?.caption.join('')).toContain('It tops up a connection that binds');
      expect(JSON.stringify(drawn[0].spec)).not.toContain('Peak-shaving target');
      // 2,000 kW by day and 3,000 kW by night: the 2,500 kW target rules by night only.
      const gridKw = { byHour: Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 2000 : 3000)) };
      const varying = { ...scenario, hub: { ...(scenario.hub as object), gridKw, battery: { ...battery, targetKw: 2500 } } };
      const [daily, day] = ['daily-load', 'battery-day'].map((id) => charts(runReport({ ...withBattery, run: { ...data.run, scenario: varying } })).find((c) => c.id === id));
      expect(day?.caption.join('')).toContain('more than 2,500 kW (the green rule on the daily load and load-duration curves), or than the grid connection in the hours it is lower');
      expect(JSON.stringify(daily?.spec)).toContain('Peak-shaving target 2,500 kW');
      // With no power interval inside the window there is no load-duration curve to point to.
      const short = {
        ...withBattery,
        run: { ...data.run, scenario: { ...varying, output: { powerIntervalMin: 1440 } }, horizon: { days: 2.5, warmupDays: 1.5 } },
        loadDuration: data.loadDuration.map((r) => ({ ...r, mean: NaN, min: NaN, max: NaN })),
      };
      const shortDrawn = charts(runReport(short));
      expect(shortDrawn.map((c) => c.id)).not.toContain('load-duration');
      expect(shortDrawn.find((c) => c.id === 'battery-day')?.caption.join('')).toContain('more than 2,500 kW (the green rule on the daily load curve), or than');
    });

    test('kW inputs under 1,000 are shown as written, as in the header, not padded to four digits', () => {
      // A small hub: an 800 kW connection, a 500 kW battery holding the site under 600 kW.
      const small = { ...scenario, hub: { ...(scenario.hub as object), gridKw: 800, battery: { ...battery, powerKw: 500, targetKw: 600 } } };
      const d = runReport({ ...withBattery, run: { ...data.run, scenario: small } });
      expect(d.facts).toContainEqual(['Grid connection', '800 kW']);
      const [daily, day] = ['daily-load', 'battery-day'].map((id) => charts(d).find((c) => c.id === id)!);
      expect(JSON.stringify(daily.spec)).toContain('"Grid connection 800 kW"');
      expect(JSON.stringify(daily.spec)).toContain('"Peak-shaving target 600 kW"');
      expect(day.caption.join('')).toContain('more than 600 kW (the green rule');
      expect(day.caption.join('')).toContain('rated at 500 kW either way');
      expect([daily, day].map((c) => `${c.caption.join('')} ${JSON.stringify(c.spec)}`).join(' ')).not.toMatch(/\d\.0 kW/);
    });

    test('a greedy battery beside a connection no less than the cabinets draw is said to give no power, in every caption', () => {
      // Seven 400 kW cabinets draw 2,800 kW at most: a 3,500 kW connection never binds.
      const idle = { ...scenario, hub: { ...(scenario.hub as object), gridKw: 3500, battery: { capacityKwh: 2000, powerKw: 1000 } } };
      const drawn = charts(runReport({ ...withBattery, run: { ...data.run, scenario: idle } }));
      const caption = (id: string) => drawn.find((c) => c.id === id)?.caption.join('') ?? '';
      const why = 'the connection never holds charging back (it is no less than the 2,800 kW all the cabinets and bays can draw together), so it has nothing to top up';
      expect(caption('daily-load')).toContain(`The site battery never gives power here: ${why}; grid power lies above the demand only while it charges.`);
      expect(caption('battery-day')).toContain(`It gives no power: ${why}; it only charges from what the trucks leave.`);
      expect(caption('battery-soc')).toContain('Giving no power, it only charges, and stays full once it is.');
      expect(caption('load-duration')).toContain(`Grid power is net of the site battery, which gives no power here (${why})`);
      for (const id of ['daily-load', 'battery-day', 'battery-soc', 'load-duration']) expect([id, caption(id)]).not.toEqual([id, expect.stringMatching(/tops up a connection that binds|connection binds|held charging back:|a gap is the battery|shav/)]);
      // A peak-shaving target no lower than the cabinets draw together is never passed: the same, for that reason.
      const high = { ...scenario, hub: { ...(scenario.hub as object), gridKw: 3500, battery: { capacityKwh: 2000, powerKw: 1000, strategy: 'peakShaving', targetKw: 2800 } } };
      const shaving = charts(runReport({ ...withBattery, run: { ...data.run, scenario: high } }));
      const said = (id: string) => shaving.find((c) => c.id === id)?.caption.join('') ?? '';
      expect(said('battery-day')).toContain('It gives no power: its 2,800 kW target is no lower than the 2,800 kW all the cabinets and bays can draw together, so the site never draws more than it; it only charges from what the trucks leave.');
      for (const id of ['daily-load', 'battery-day', 'battery-soc', 'load-duration']) expect([id, said(id)]).not.toEqual([id, expect.stringMatching(/It shaves peaks|battery is shaving|a gap is the battery/)]);
      // A limit by hour below the cabinets in some hours is the target in force then: the battery gives power.
      const flexible = { ...high, hub: { ...high.hub, gridKw: { byHour: Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 2000 : 3600)) } } };
      const working = charts(runReport({ ...withBattery, run: { ...data.run, scenario: flexible } }));
      for (const c of working) expect([c.id, c.caption.join('')]).not.toEqual([c.id, expect.stringMatching(/gives no power|never gives power|Giving no power/)]);
    });

    test('a greedy battery has no target of its own; no battery, or a folder whose by-hour.csv lacks its power, no chart', () => {
      const greedy = { ...scenario, hub: { ...(scenario.hub as object), battery: { capacityKwh: 2000, powerKw: 1000 } } };
      const drawn = charts(runReport({ ...withBattery, run: { ...data.run, scenario: greedy } }));
      expect(drawn.find((c) => c.id === 'battery-day')?.caption.join('')).toContain('It tops up a connection that binds');
      expect(JSON.stringify(drawn[0].spec)).not.toContain('Peak-shaving target');
      // Nor its load-duration curve; and its stored energy no peak it was meant to shave.
      const duration = drawn.find((c) => c.id === 'load-duration')?.caption.join('');
      expect(duration).toContain('where it lies below the demand curve the connection binds, and the battery gives the trucks some of what it holds back');
      expect(duration).not.toMatch(/shav/);
      const soc = drawn.find((c) => c.id === 'battery-soc')?.caption.join('');
      expect(soc).toContain('it has run out while the connection still held charging back');
      expect(soc).not.toMatch(/shave/);
      expect(charts(runReport(withBattery)).find((c) => c.id === 'battery-soc')?.caption.join('')).toContain('before the peak it was meant to shave');
      expect(charts(doc).map((c) => c.id)).not.toContain('battery-day');
      expect(charts(doc).map((c) => c.id)).not.toContain('battery-soc'); // by-hour.csv's battery_soc_mean is empty without a battery
      const older: RunData = { ...withBattery, byHour: data.byHour.filter((r) => r.metric !== 'battery_kw_mean') };
      expect(charts(runReport(older)).map((c) => c.id)).not.toContain('battery-day');
    });
  });

  test('the wait CDF stops where it levels off, marks the threshold and labels the trucks never served', () => {
    const { points, until, last } = waitCdfPoints(data.waitCdf);
    expect(last).toBe(480);
    const final = data.waitCdf[data.waitCdf.length - 1].mean;
    const at = (w: number) => data.waitCdf.find((r) => r.waitMin === w)?.mean as number;
    expect(final - at(until)).toBeLessThan(0.001);
    expect(until % 30).toBe(0);
    expect(points[points.length - 1].x).toBe(until);
    const spec = JSON.stringify(charts(doc).find((c) => c.id === 'wait-cdf')?.spec);
    expect(spec).toContain('"label":"15 min"');
    // No truck balked, so every truck that never plugged in reneged: the parts add up to the whole
    // (4.1 %, 1 − served_share), not 4.2 % reneged of 4.1 % (mean reneged over mean arrived).
    const never = (1 - (data.summary.get('served_share')?.mean as number)) * 100;
    expect(data.summary.get('trucks_balked')?.mean).toBe(0);
    expect(((1 - final) * 100).toFixed(1)).toBe(never.toFixed(1));
    expect(spec).toContain(`Never plugged in: ${never.toFixed(1)}\u00a0% (balked 0.0\u00a0%, reneged ${never.toFixed(1)}\u00a0%)`);
    const caption = JSON.stringify(charts(doc).find((c) => c.id === 'wait-cdf')?.caption);
    expect(caption).toContain(`0.0\u00a0% balked (found the queue full) and ${never.toFixed(1)}\u00a0% reneged`);
  });

  test('a curve that ends below the share served says that many trucks waited past its last minute, not that they never plugged in', () => {
    // 5 points more served than plugged in within 480 min: trucks that waited longer.
    const served = data.summary.get('served_share')!;
    const end = data.waitCdf.filter((r) => r.metric === 'plugged_in_within' && r.waitMin === 480)[0].mean;
    const summary = new Map([...data.summary, ['served_share', { ...served, mean: end + 0.05 }]]);
    const caption = charts(runReport({ ...data, summary })).find((c) => c.id === 'wait-cdf')!.caption.join('');
    expect(caption).toContain('The curve ends 5.0\u00a0% below the share served');
    expect(caption).toContain('plugged in after waiting more than 480 min, the file\'s last minute');
    expect(caption).not.toContain('levels off');
    // Where the curve reaches the share served, it levels off there, as before.
    expect(charts(doc).find((c) => c.id === 'wait-cdf')!.caption.join('')).toContain('The curve levels off at the share served');
  });

  test('where no truck arrived, the wait CDF describes no curve, gap or point that it does not draw', () => {
    const undefinedIn = new Set(['served_share', 'service_level', 'wait_mean_min', 'wait_p95_min', 'p_wait_over_15min', 'within_break_share']);
    const summary = new Map([...data.summary].map(([k, v]) => [k, undefinedIn.has(k) ? { ...v, mean: NaN, ci95Low: NaN, ci95High: NaN } : k.startsWith('trucks_') ? { ...v, mean: 0, ci95Low: 0, ci95High: 0 } : v]));
    const waitCdf = data.waitCdf.map((r) => ({ ...r, mean: NaN, min: NaN, max: NaN }));
    const chart = charts(runReport({ ...data, summary, waitCdf })).find((c) => c.id === 'wait-cdf')!;
    const caption = chart.caption.join('');
    expect(caption).toContain('no truck arrived in the statistics window in any replication, so there is no wait to show');
    expect(caption).not.toMatch(/levels off|shaded gap|balked|The point marks/);
    const spec = JSON.stringify(chart.spec);
    expect(spec).not.toContain('Never plugged in');
    expect(spec).not.toContain('Service level');
    // Nor does its data: a table of a wait per row, every share a dash, would say nothing either.
    expect(chart.data).toMatchObject({ kind: 'table', rows: [] });
  });

  test('with no power interval inside the statistics window, no peak line and no load-duration chart: words say why, not an axis from NaN to NaN', async () => {
    // An interval longer than the window (a week's, over two days): every interval mean and peak is empty.
    const gone = { mean: NaN, sd: NaN, ci95Low: NaN, ci95High: NaN, n: 0, min: NaN, max: NaN };
    const d = runReport({
      ...data,
      byHour: data.byHour.map((r) => (r.metric === 'grid_peak_kw' ? { ...r, ...gone } : r)),
      loadDuration: data.loadDuration.map((r) => ({ ...r, ...gone })),
    });
    expect(charts(d).map((c) => c.id)).toEqual(['daily-load', 'occupancy-week', 'service-week', 'wait-cdf', 'queue-day', 'fleet']);
    const power = d.sections.find((s) => s.id === 'power')!.blocks;
    expect(JSON.stringify(power.find((b) => b.kind === 'paragraph'))).toContain('No load-duration curve: no 15-minute interval');
    const daily = charts(d).find((c) => c.id === 'daily-load')!;
    expect(daily.caption.join('')).not.toContain('dotted line');
    expect(JSON.stringify(daily.spec)).not.toContain('Peak 15-min');
    const { warnings, svg } = await renderSvg(daily.spec, 'daily-load');
    expect(warnings).toEqual([]);
    expect(svg).not.toContain('NaN');
  });

  test("a service level near the top of the wait CDF is labelled left of the threshold rule, clear of the rule's label", () => {
    const high = <T extends { mean: number; min: number; max: number }>(r: T): T => ({ ...r, mean: 0.995 + r.mean / 200, min: 0.995 + r.min / 200, max: 0.995 + r.max / 200 });
    const summary = new Map([...data.summary].map(([k, v]) => [k, k === 'service_level' ? { ...v, mean: 0.9985 } : v]));
    const labelMark = (d: RunData) => {
      const spec = charts(runReport(d)).find((c) => c.id === 'wait-cdf')?.spec as unknown as { layer: { mark: { type: string; align?: string; baseline?: string }; data?: { values: { label?: string }[] } }[] };
      return spec.layer.find((l) => l.mark.type === 'text' && l.data?.values[0].label?.startsWith('Service level'))?.mark;
    };
    // The rule's label sits at the top, right of the rule: a label below and right of a point there ran into it.
    expect(labelMark({ ...data, summary, waitCdf: data.waitCdf.map(high) })).toMatchObject({ align: 'right', baseline: 'bottom' });
    expect(labelMark(data)).toMatchObject({ align: 'left', baseline: 'top' });
  });

  test('a service level at the bottom of the wait CDF is labelled above its point, clear of the wait axis labels', () => {
    // Every truck balked: the curve lies on 0 %, and a label below its point sat on the tick labels 15, 20 and 25.
    const summary = new Map([...data.summary].map(([k, v]) => [k, k === 'service_level' || k === 'served_share' ? { ...v, mean: 0, ci95Low: 0, ci95High: 0 } : v]));
    const waitCdf = data.waitCdf.map((r) => ({ ...r, mean: 0, min: 0, max: 0 }));
    const spec = charts(runReport({ ...data, summary, waitCdf })).find((c) => c.id === 'wait-cdf')?.spec as unknown as { layer: { mark: { type: string; align?: string; baseline?: string }; data?: { values: { label?: string }[] } }[] };
    const mark = spec.layer.find((l) => l.mark.type === 'text' && l.data?.values[0].label?.startsWith('Service level'))?.mark;
    expect(mark).toMatchObject({ align: 'left', baseline: 'bottom' });
  });

  test('the wait CDF runs at least an hour, and on to the next half hour past where it comes within 0.1 percentage point of its end', () => {
    /** A wait CDF with these means at these waits (min), 1 from the last given on to 480 minutes. */
    const cdf = (means: Record<number, number>) =>
      [...Object.keys(means).map(Number), 90, 120, 480].map((waitMin) => {
        const mean = means[waitMin] ?? 1;
        return { metric: 'plugged_in_within', waitMin, mean, sd: 0, ci95Low: mean, ci95High: mean, min: mean, max: mean, n: 10 };
      });
    // Every truck plugged in within 20 minutes: the axis still runs to an hour.
    expect(waitCdfPoints(cdf({ 0: 0.5, 10: 0.9, 20: 1, 30: 1, 60: 1 })).until).toBe(60);
    // At 60 minutes the curve is 0.5 points short of its end, which it reaches at 70: the axis runs to 90.
    expect(waitCdfPoints(cdf({ 0: 0.5, 30: 0.9, 60: 0.995, 70: 1 })).until).toBe(90);
  });

  test('wait axis ticks come at round steps, at most 12 of them past 0', () => {
    expect(waitAxis(60).values).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
    expect(waitAxis(90).values).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(waitAxis(90).domain).toEqual([0, 90]);
  });

  test('a rule is left off only where it is far above the curves, bands included', () => {
    const rule = { axis: 'y' as const, value: 2000, label: 'Grid connection 2,000 kW' };
    // Means up to 300 kW (6 × 300 is 1,800, under the rule), but a band up to 500 kW: the rule is within reach.
    const banded = [{ label: 'Grid power', color: '#000000', points: [{ x: 0.5, y: 300, lo: 200, hi: 500 }] }];
    expect(withinReach([rule], banded)).toEqual({ drawn: [rule], words: '' });
    const bare = [{ label: 'Grid power', color: '#000000', points: [{ x: 0.5, y: 300 }] }];
    expect(withinReach([rule], bare).drawn).toEqual([]);
    expect(withinReach([rule], bare).words).toContain('Grid connection 2,000 kW');
  });

  test("a service level's label moves off the bottom or the top by its distance from the ends of the axis, as a share of the axis", () => {
    // On an axis from 50 % to 100 %, 6 % of it is 3 points.
    expect(nearTop(0.98, 0.5)).toBe(true);
    expect(nearTop(0.96, 0.5)).toBe(false);
    expect(nearTop(0.96, 0)).toBe(true);
    expect(nearBottom(0.52, 0.5)).toBe(true);
    expect(nearBottom(0.54, 0.5)).toBe(false);
    expect(nearBottom(0.05, 0)).toBe(true);
  });

  test('the wait axis reaches a service threshold past where the curve levels off', () => {
    const output = { ...(data.run.scenario.output as object), serviceThresholdMin: 120 };
    const late: RunData = { ...data, run: { ...data.run, scenario: { ...data.run.scenario, output } } };
    expect(waitCdfPoints(data.waitCdf).until).toBeLessThan(120);
    const spec = JSON.stringify(charts(runReport(late)).find((c) => c.id === 'wait-cdf')!.spec);
    // The threshold's rule and the service level's point lie on the chart, not beside it.
    expect(spec).toContain('"scale":{"domain":[0,150]');
    expect(spec).toContain('{"v":120,"label":"120 min"}');
  });

  test('a hub where no truck waited says so, on a queue axis from 0', () => {
    const idle: RunData = { ...data, byHour: data.byHour.map((r) => (r.metric === 'queue_mean' ? { ...r, mean: 0, min: 0, max: 0 } : r)) };
    const chart = charts(runReport(idle)).find((c) => c.id === 'queue-day')!;
    expect(chart.caption.join('')).toContain('No truck waited for a bay at any hour.');
    expect(JSON.stringify(chart.spec)).toContain('"scale":{"domain":[0,1]');
    expect(charts(doc).find((c) => c.id === 'queue-day')!.caption.join('')).not.toContain('No truck waited');
  });

  test('a share axis starts at zero unless everything plotted sits high', () => {
    expect(shareFloor([{ x: 0, y: 0.9, lo: 0.74 }])).toBe(0.7);
    expect(shareFloor([{ x: 0, y: 0.9, lo: 0.7 }])).toBe(0.6);
    expect(shareFloor([{ x: 0, y: 0.45 }])).toBe(0);
    // From 50 % up, the axis starts at the step below.
    expect(shareFloor([{ x: 0, y: 0.9, lo: 0.55 }])).toBe(0.5);
  });

  test('inputs: settings with their paths, chargers, fleet and the scenario file itself', () => {
    const inputs = doc.sections.find((s) => s.id === 'inputs')?.blocks ?? [];
    expect(inputs[1]).toEqual({ kind: 'command', text: 'hubsim run scenarios/recklinghausen-phase1.json --seed 1 --replications 10' });
    // The detail files' modes where they are not the defaults: the command makes the same folder.
    const command = (sessions: string, power?: string) => runReport({ ...data, run: { ...data.run, sessions, ...(power ? { power } : {}) } }).sections.find((s) => s.id === 'inputs')?.blocks[1];
    expect(command('all', 'none')).toEqual({ kind: 'command', text: 'hubsim run scenarios/recklinghausen-phase1.json --seed 1 --replications 10 --sessions all --power none' });
    expect(command('first', 'first')).toEqual(inputs[1]);
    // A --precision run's too: its run.json records what it asked, which the command gives again.
    const precision = { maxReplications: 160, metrics: [{ metric: 'wait_mean_min', relative: true, value: 0.05, reached: true }, { metric: 'service_level', relative: false, value: 0.005, reached: true }] };
    expect(runReport({ ...data, run: { ...data.run, precision } }).sections.find((s) => s.id === 'inputs')?.blocks[1]).toEqual({
      kind: 'command',
      text: 'hubsim run scenarios/recklinghausen-phase1.json --seed 1 --replications 10 --precision wait_mean_min=5% --precision service_level=0.005 --max-replications 160',
    });
    const settings = inputs.find((b) => b.kind === 'table');
    expect(settings?.kind === 'table' && settings.rows).toContainEqual([{ text: 'Grid connection (kW)', sub: { code: 'hub.gridKw' } }, '2,400']);
    expect(settings?.kind === 'table' && settings.rows).toContainEqual([{ text: 'Service threshold (min)', sub: { code: 'output.serviceThresholdMin' } }, '15 (default)']);
    const source = inputs.find((b) => b.kind === 'source');
    expect(source?.kind === 'source' && JSON.parse(source.text)).toEqual(data.run.scenario);
    // Short lists on one line, not a line per number.
    expect(source?.kind === 'source' && source.text).toContain('"weekly": [1.05, 1.1, 1.1, 1.1, 1.05, 0.5, 0.1]');
  });

  test("the scenario file as run fills its lines with a long list's numbers, not one a line: 24 hourly weights took 24 lines, a week's prices 168", () => {
    const byHourOfWeek = Array.from({ length: 168 }, (_, h) => [0.18, 0.26, 0.32][h % 3]);
    const scenario = { ...data.run.scenario, economics: { energyPrice: { byHourOfWeek }, sellingPrice: 0.45 } };
    const source = runReport({ ...data, run: { ...data.run, scenario } }).sections.find((s) => s.id === 'inputs')?.blocks.find((b) => b.kind === 'source');
    const text = source?.kind === 'source' ? source.text : '';
    expect(JSON.parse(text)).toEqual(scenario);
    const lines = text.split('\n');
    expect(lines.filter((l) => /^\s*-?[\d.]+,?$/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^\s*-?[\d.]+,/.test(l)).every((l) => l.length <= 80)).toBe(true);
    // The 24 hourly weights in two lines, the 168 prices in fewer than 20, after their keys.
    const after = (key: string) => lines.findIndex((l) => l.trimStart().startsWith(`"${key}": [`));
    expect(lines[after('hourly') + 3].trim()).toBe('],');
    expect(lines.findIndex((l, i) => i > after('byHourOfWeek') && l.trim().startsWith(']')) - after('byHourOfWeek')).toBeLessThan(20);
  });

  test('inputs of a scenario without chargers or fleet still show its settings', () => {
    const blocks = inputBlocks({ hub: { gridKw: 1000, extra: [1, 2] } }, '');
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'table', 'source']);
    expect(blocks[1].kind === 'table' && blocks[1].rows).toContainEqual([{ text: 'extra', sub: { code: 'hub.extra' } }, '1, 2']);
  });

  test("inputs that a trace's columns replace say so: unused where every row gives the column, for the other rows where some do", () => {
    const scenario = {
      arrivals: { trace: 't.csv' },
      fleet: [{ name: 'a', share: 0.7, batteryKwh: 600 }, { name: 'b', share: 0.3, batteryKwh: 500 }],
      demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
      behaviour: { breakMin: 45 },
    };
    const tables = (columns: Record<string, number>) => inputBlocks(scenario, '', { rows: 10, columns: { arrival_min: 10, ...columns } }).filter((b) => b.kind === 'table');
    const value = (columns: Record<string, number>, path: string) => {
      const settings = tables(columns)[0];
      return settings.kind === 'table' ? settings.rows.find((r) => JSON.stringify(r[0]).includes(`"${path}"`))?.[1] : undefined;
    };
    const note = (columns: Record<string, number>) => JSON.stringify(tables(columns).at(-1));
    expect(value({ soc_in: 10 }, 'demand.arrivalSoc')).toBe("the trace's soc_in column, in every row (not used: 0.2)");
    expect(value({ energy_kwh: 4 }, 'demand.targetSoc')).toBe("the trace's energy_kwh column, in 4 of 10 rows; the others: 0.8");
    expect(value({}, 'behaviour.breakMin')).toBe('45');
    expect(value({}, 'arrivals.trace')).toBe('t.csv (10 rows)');
    // Both columns give a truck's energy: the scenario's only in rows with neither, which one column in every row leaves none of.
    expect(value({ target_soc: 4, energy_kwh: 6 }, 'demand.targetSoc')).toBe("the trace's target_soc column, in 4 of 10 rows, and its energy_kwh column, in 6; rows with neither: 0.8");
    expect(value({ target_soc: 4, energy_kwh: 10 }, 'demand.targetSoc')).toBe("the trace's energy_kwh column, in every row (not used: 0.8)");
    // A column replacing an input the file leaves to its default is listed too, with the default.
    const bare = { arrivals: { trace: 't.csv' }, fleet: scenario.fleet, demand: { targetSoc: 0.8 } };
    const bareValue = (columns: Record<string, number>, path: string) => {
      const settings = inputBlocks(bare, '', { rows: 10, columns: { arrival_min: 10, ...columns } }).find((b) => b.kind === 'table');
      return settings?.kind === 'table' ? settings.rows.find((r) => JSON.stringify(r[0]).includes(`"${path}"`))?.[1] : undefined;
    };
    expect(bareValue({ break_min: 10, soc_in: 3 }, 'behaviour.breakMin')).toBe("the trace's break_min column, in every row (not used: 45 (default))");
    expect(bareValue({ break_min: 10, soc_in: 3 }, 'demand.arrivalSoc')).toBe("the trace's soc_in column, in 3 of 10 rows; the others: 0 (default)");
    expect(bareValue({}, 'behaviour.breakMin')).toBeUndefined();
    expect(note({ fleet: 10 })).toContain("The trace's fleet column names every truck's type: the scenario's shares are not used (its file, below, gives them).");
    // Shares that drew nothing get no column, which would be read as the fleet's mix.
    const fleetTable = (columns: Record<string, number>) => tables(columns).at(-1)!;
    const heads = (columns: Record<string, number>) => JSON.stringify(fleetTable(columns).kind === 'table' && fleetTable(columns));
    expect(heads({ fleet: 10 })).not.toContain('"Share"');
    expect(heads({ fleet: 10 })).not.toContain('0.7');
    expect(heads({ fleet: 3 })).toContain('"Share"');
    expect(heads({ fleet: 3 })).toContain('0.7');
    expect(heads({})).toContain('"Share"');
    expect(note({ fleet: 3 })).toContain("The trace's fleet column names the type of 3 of its 10 trucks; the others are drawn by these shares, normalised to sum to one.");
    expect(note({})).toContain('Shares are normalised to sum to one.');
  });

  test("every field of the settings' sections has a label of its own, not its bare key", () => {
    const schema = JSON.parse(readFileSync(join(process.cwd(), 'schema/scenario.schema.json'), 'utf8'));
    const resolve = (v: Record<string, unknown>): Record<string, unknown> => (typeof v.$ref === 'string' ? resolve(v.$ref.split('/').slice(1).reduce((o: any, k) => o[k], schema)) : v);
    const fields = (v: Record<string, unknown>): string[] => {
      const r = resolve(v);
      const alternatives = [...((r.oneOf ?? []) as object[]), ...((r.anyOf ?? []) as object[]), ...((r.allOf ?? []) as object[])] as Record<string, unknown>[];
      return [...Object.keys((r.properties ?? {}) as object), ...alternatives.flatMap(fields)];
    };
    const unlabelled: string[] = [];
    for (const section of ['horizon', 'hub', 'arrivals', 'demand', 'behaviour', 'economics', 'output']) {
      for (const key of new Set(fields(schema.properties[section]))) {
        if (section === 'hub' && key === 'chargers') continue; // a table of its own
        const rows = inputBlocks({ [section]: { [key]: 1 } }, '').flatMap((b) => (b.kind === 'table' ? b.rows : []));
        const row = rows.find((r) => typeof r[0] === 'object' && 'sub' in r[0] && JSON.stringify(r[0].sub) === JSON.stringify({ code: `${section}.${key}` }));
        if (!row || (row[0] as { text: unknown }).text === key) unlabelled.push(`${section}.${key}`);
      }
    }
    expect(unlabelled).toEqual([]);
  });

  test("inputs show what a group's outages and classes and a type's stop and own demand and behaviour are, and a setting names the types that replace it", () => {
    const scenario = {
      hub: {
        chargers: [
          { id: 'day', connector: 'CCS', cabinets: 2, cabinetKw: 400, reservedFor: ['break'], maintenance: [{ weekday: 'Tue', startHour: 2, hours: 3 }] },
          { id: 'night', connector: 'CCS', cabinets: 1, cabinetKw: 100 },
        ],
      },
      fleet: [
        { name: 'a', batteryKwh: 600 },
        { name: 'b', batteryKwh: 500, stop: 'overnight', behaviour: { patienceMin: 30 }, demand: { energyKwh: 200 } },
      ],
      demand: { targetSoc: 0.8 },
      behaviour: { breakMin: 45 },
    };
    const tables = inputBlocks(scenario, '').filter((b) => b.kind === 'table');
    const [settings, chargers, fleet] = tables.map((t) => (t.kind === 'table' ? t : undefined)!);
    const setting = (path: string) => settings.rows.find((r) => JSON.stringify(r[0]).includes(`"${path}"`))?.[1];
    // Type b waits 30 minutes: "none" alone told a reader that nobody gives up.
    expect(setting('behaviour.patienceMin')).toBe('none (trucks wait as long as it takes); type b has its own (see Fleet)');
    // b's own energy replaces the scenario's target.
    expect(setting('demand.targetSoc')).toBe('0.8; type b has its own (see Fleet)');
    expect(setting('behaviour.breakMin')).toBe('45');
    // Hours of arrival of its own likewise.
    const night = Array.from({ length: 24 }, (_, h) => (h >= 20 || h < 6 ? 1 : 0));
    const hourly = inputBlocks({ ...scenario, arrivals: { trucksPerDay: 100, hourly: new Array(24).fill(1) }, fleet: [...scenario.fleet, { name: 'c', hourly: night }] }, '')[1];
    expect(hourly.kind === 'table' && hourly.rows.find((r) => JSON.stringify(r[0]).includes('"arrivals.hourly"'))?.[1]).toMatch(/; type c has its own \(see Fleet\)$/);
    expect(chargers.head.at(-1)).toBe('Other settings');
    expect(chargers.rows[0].at(-1)).toEqual({ text: [{ code: 'reservedFor' }, ' break', '; ', { code: 'maintenance' }, ' weekly Tue 02:00 for 3 h'] });
    // Outages in words with their units, as README's example gives them.
    const outages = inputBlocks(
      {
        hub: {
          chargers: [
            {
              id: 'ccs', connector: 'CCS', cabinets: 4, cabinetKw: 400,
              failures: { betweenMin: { dist: 'exponential', mean: 20160 }, repairMin: { dist: 'lognormal', mean: 480, sd: 300 } },
              maintenance: [{ weekday: 'Sun', startHour: 23.5, hours: 2 }, { startMin: 30240, endMin: 30720 }, { startMin: 31500, endMin: 32000 }, { weekday: 'Tue', startHour: 23.999, hours: 1 }, { startMin: 1439.6, endMin: 1500 }, { weekday: 'Wed', startHour: 14.35, hours: 1 }],
            },
          ],
        },
      },
      '',
    ).filter((b) => b.kind === 'table')[1];
    expect(outages.kind === 'table' && outages.rows[0].at(-1)).toEqual({
      text: [
        { code: 'failures' }, ' time between failures (min) exponential: mean 20,160; repair time (min) lognormal: mean 480, sd 300', '; ',
        { code: 'maintenance' }, ' weekly Sun 23:30 for 2 h; once from minute 30,240 to 30,720 (day 21, 00:00–08:00); once from minute 31,500 to 32,000 (day 21 21:00 to day 22 05:20); weekly Tue 23:59 for 1 h; once from minute 1,439.6 to 1,500 (day 0 23:59 to day 1 01:00); weekly Wed 14:21 for 1 h',
      ],
    });
    expect(chargers.rows[1].at(-1)).toBe('–');
    expect(fleet.rows[0].at(-1)).toBe('–');
    expect(fleet.rows[1].at(-1)).toEqual({
      text: [{ code: 'stop' }, ' overnight', '; ', { code: 'behaviour.patienceMin' }, ' 30', '; ', { code: 'demand.energyKwh' }, ' 200'],
    });
    // Every type with its own: the scenario's is not used.
    const all = inputBlocks({ ...scenario, fleet: [{ name: 'b', behaviour: { patienceMin: 30 } }] }, '')[1];
    expect(all.kind === 'table' && all.rows.find((r) => JSON.stringify(r[0]).includes('"behaviour.patienceMin"'))?.[1]).toBe(
      "every truck type's own (see Fleet; not used: none (trucks wait as long as it takes))",
    );
    // Without such fields, no such column.
    const plain = inputBlocks({ hub: { chargers: [{ id: 'c', connector: 'CCS', cabinets: 1, cabinetKw: 400 }] }, fleet: [{ name: 'a', batteryKwh: 600 }] }, '').filter((b) => b.kind === 'table');
    expect(plain.map((t) => (t.kind === 'table' ? t.head.length : 0))).toEqual([2, 6, 5]);
  });

  test('prices are among the settings', () => {
    const blocks = inputBlocks({ economics: { energyPrice: { byHour: [0.2, 0.3] }, demandCharge: { perKw: 10, periodDays: 30 }, sellingPrice: 0.45 } }, '');
    const rows = blocks[1].kind === 'table' ? blocks[1].rows : [];
    expect(rows).toContainEqual([{ text: 'Energy price (per kWh drawn)', sub: { code: 'economics.energyPrice' } }, 'byHour 0.2, 0.3']);
    expect(rows).toContainEqual([{ text: "Demand charge (per kW of each billing period's peak)", sub: { code: 'economics.demandCharge' } }, 'perKw 10, periodDays 30']);
    expect(rows).toContainEqual([{ text: 'Selling price (per kWh delivered)', sub: { code: 'economics.sellingPrice' } }, '0.45']);
  });

  test('a field left out reads as what it means: the first field left out on the way to it, a default, or the scenario\'s for a truck type', () => {
    const scenario = {
      hub: { gridKw: 2000, battery: { capacityKwh: 100, powerKw: 50 }, chargers: [{ id: 'ccs', cabinets: 2, cabinetKw: 600 }] },
      fleet: [{ name: 'a' }, { name: 'b', demand: { energyKwh: 300 }, behaviour: {} }],
      demand: { targetSoc: 0.8 },
      behaviour: { breakMin: 30 },
    };
    expect(omittedValue(scenario, 'hub.gridKw')).toBe('2,000');
    expect(omittedValue(scenario, 'hub.waitingSpaces')).toBe('unlimited');
    expect(omittedValue(scenario, 'hub.allocation')).toBe('equal (default)');
    expect(omittedValue(scenario, 'hub.battery.efficiency')).toBe('0.9 (default)');
    expect(omittedValue({ hub: {} }, 'hub.battery.efficiency')).toBe('none');
    expect(omittedValue(scenario, 'hub.chargers[0].baysPerCabinet')).toBe('1 (default)');
    expect(omittedValue(scenario, 'hub.chargers[1].connector')).toBe('no such group');
    expect(omittedValue(scenario, 'fleet[0].behaviour.breakMin')).toBe("the scenario's: 30");
    expect(omittedValue(scenario, 'fleet[1].behaviour.leave')).toBe("the scenario's: charged (default)");
    expect(omittedValue(scenario, 'fleet[0].demand.targetSoc')).toBe("the scenario's: 0.8");
    // A type's own energyKwh replaces both of the scenario's: its targetSoc is not the scenario's.
    expect(omittedValue(scenario, 'fleet[1].demand.targetSoc')).toBe('not set');
    expect(omittedValue(scenario, 'fleet[2].share')).toBe('no such type');
    expect(omittedValue(scenario, 'arrivals.trace')).toBe('not set');
  });

  test("every default the schema names is what a field left out reads as", () => {
    const schema = JSON.parse(readFileSync(join(process.cwd(), 'schema/scenario.schema.json'), 'utf8'));
    const found: string[] = [];
    // Walks the schema's properties (through $ref and array items), building a scenario that holds
    // every field on the way to each default, and nothing at the field itself.
    const walk = (node: Record<string, unknown>, path: string, depth: number): void => {
      if (depth > 6) return;
      const ref = typeof node.$ref === 'string' ? node.$ref.split('/').pop()! : undefined;
      if (ref) walk(schema.definitions[ref], path, depth + 1);
      for (const part of (node.allOf ?? []) as Record<string, unknown>[]) walk(part, path, depth + 1);
      if (node.items) walk(node.items as Record<string, unknown>, `${path}[0]`, depth + 1);
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        const at = path ? `${path}.${key}` : key;
        if ('default' in child) {
          const scenario: Record<string, unknown> = {};
          let holder: Record<string, unknown> | unknown[] = scenario;
          const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
          steps.forEach((step, i) => {
            const next = steps[i + 1]?.startsWith('[') ? [] : {};
            if (Array.isArray(holder)) holder[0] = next;
            else holder[step] = next;
            holder = next;
          });
          found.push(at);
          // A truck type's own behaviour left out is the scenario's, whose own default it then is.
          expect([at, omittedValue(scenario, at).replace("the scenario's: ", '')]).toEqual([at, expect.stringMatching(new RegExp(`^${String(child.default)} \\(default\\)`))]);
        }
        walk(child, at, depth + 1);
      }
    };
    walk(schema, '', 0);
    expect(found.length).toBeGreaterThanOrEqual(14);
  });

  test('a fleet bar with no mean says why: no trucks of the type arrived (in every panel), or none plugged in', () => {
    const [first, second] = [...new Set(data.byFleet.map((r) => r.fleet))];
    const byFleet = data.byFleet.map((r) => {
      if (r.fleet === first) return r.metric === 'trucks_arrived' ? { ...r, mean: 0 } : r.metric === 'energy_delivered_kwh' ? { ...r, mean: 0 } : { ...r, mean: NaN };
      return r.fleet === second && r.metric === 'wait_mean_min' ? { ...r, mean: NaN } : r;
    });
    const panels = fleetPanels([{ ...data, byFleet }], 15);
    const value = (panel: number, fleet: string) => panels[panel].values.find((v) => v.category === fleet)!;
    expect(value(0, first).missing).toBe('no trucks arrived');
    expect(value(1, first).missing).toBe('no trucks arrived');
    expect(value(1, second).missing).toBe('none plugged in');
    // Nor a bar of zero energy: every panel says no trucks arrived.
    expect(value(2, first)).toMatchObject({ mean: NaN, missing: 'no trucks arrived' });
    expect(value(3, first)).toMatchObject({ mean: NaN, missing: 'no trucks arrived' });
  });

  test('distributions and nested values read as words', () => {
    expect(describeValue({ dist: 'normal', mean: 0.2, sd: 0.07, min: 0.05, max: 0.6 })).toBe('normal: mean 0.2, sd 0.07, within [0.05, 0.6]');
    expect(describeValue({ dist: 'exponential', mean: 45, min: 1 })).toBe('exponential: mean 45, at least 1');
    expect(describeValue({ dist: 'normal', mean: 0.2, sd: 0.07, max: 0.6 })).toBe('normal: mean 0.2, sd 0.07, at most 0.6');
    expect(describeValue([[0, 1], [0.8, 1], [1, 0.25]])).toBe('(0, 1), (0.8, 1), (1, 0.25)');
    expect(describeValue({ CCS: 400, MCS: 1000 })).toBe('CCS 400, MCS 1,000');
    // In a list, a thousands separator would read as one more item: 2,500, 1 as three.
    expect(describeValue([2500, 1, 1000000])).toBe('2500, 1, 1000000');
    expect(describeValue({ dist: 'uniform', min: 1000, max: 2500 })).toBe('uniform: within [1000, 2500]');
    expect(describeValue(null)).toBe('–');
  });
});

describe('runReport of a single replication', () => {
  // One replication: no interval anywhere (NaN), and bands of zero width.
  const strip = <T extends { ci95Low: number; ci95High: number; min: number; max: number; mean: number }>(r: T): T => ({ ...r, ci95Low: NaN, ci95High: NaN, min: r.mean, max: r.mean });
  const one: RunData = {
    ...data,
    run: { ...data.run, replications: 1 },
    summary: new Map([...data.summary].map(([k, v]) => [k, strip(v)])),
    byHour: data.byHour.map(strip),
    byFleet: data.byFleet.map(strip),
    loadDuration: data.loadDuration.map(strip),
    waitCdf: data.waitCdf.map(strip),
  };
  const doc1 = runReport(one);

  test('the headline table shows no interval, and every chart still renders without warnings', async () => {
    for (const r of table(doc1, 'results').rows) expect(text(r[2])).toBe('–');
    for (const c of charts(doc1)) expect({ id: c.id, warnings: (await renderSvg(c.spec, c.id)).warnings }).toEqual({ id: c.id, warnings: [] });
  });

  test("where the interval of the grid's peak reaches past the connection, the headline table says that grid power never does", () => {
    const note = (d: RunData) => (table(runReport(d), 'results').note ?? []).map((i) => (typeof i === 'string' ? i : '')).join('');
    // The fixture's peak, 2,366 [2,351, 2,380] kW under a 2,400 kW connection: no note.
    expect(note(data)).not.toContain('never passes');
    const peak = data.summary.get('grid_peak_kw')!;
    const summary = new Map([...data.summary, ['grid_peak_kw', { ...peak, mean: 2395, ci95Low: 2380, ci95High: 2410.4 }]]);
    expect(note({ ...data, summary })).toContain('Grid power never passes the grid connection (2,400 kW), yet the interval of its peak reaches 2,410 kW: the interval knows nothing of the limit.');
    // Unlimited, there is nothing to pass.
    const unlimited = { ...data, summary, run: { ...data.run, scenario: { ...data.run.scenario, hub: { ...(data.run.scenario as { hub: object }).hub, gridKw: undefined } } } };
    expect(note(unlimited)).not.toContain('never passes');
    // An interval that reaches the connection but not past it says nothing.
    const atLimit = new Map([...data.summary, ['grid_peak_kw', { ...peak, mean: 2390, ci95Low: 2380, ci95High: 2400 }]]);
    expect(note({ ...data, summary: atLimit })).not.toContain('never passes');
    // Nor one past it by rounding alone: a peak at the limit in every replication, its sd 4.5e-13.
    const held = new Map([...data.summary, ['grid_peak_kw', { ...peak, mean: 2400, ci95Low: 2399.999999999996, ci95High: 2400.000000000004 }]]);
    expect(note({ ...data, summary: held })).not.toContain('never passes');
  });

  test('an interval past 0 or 100 % over many replications is said to be the t interval, which knows no bound', () => {
    const note = (summary: typeof data.summary) => JSON.stringify(table(runReport({ ...data, summary }), 'results').note);
    const says = 'An interval that reaches below 0 or above 100 % is the t interval of summary.csv';
    expect(data.run.replications).toBeGreaterThanOrEqual(5);
    expect(note(data.summary)).not.toContain(says);
    // Half a truck balked on average, in 10 replications: [−0.27, 1.27].
    const balked = { ...data.summary.get('trucks_balked')!, mean: 0.5, ci95Low: -0.27, ci95High: 1.27 };
    expect(note(new Map([...data.summary, ['trucks_balked', balked]]))).toContain(says);
    const served = { ...data.summary.get('served_share')!, mean: 0.995, ci95Low: 0.985, ci95High: 1.005 };
    expect(note(new Map([...data.summary, ['served_share', served]]))).toContain(says);
    // Rounding noise past a bound is no interval past it.
    const held = { ...data.summary.get('served_share')!, mean: 1, ci95Low: 1, ci95High: 1 + 1e-15 };
    expect(note(new Map([...data.summary, ['served_share', held]]))).not.toContain(says);
  });

  test('with few replications the headline table says its intervals are wide', () => {
    const few = runReport({ ...data, run: { ...data.run, replications: 2 } });
    expect(JSON.stringify(table(few, 'results').note)).toContain('With only 2 replications the intervals are wide');
    expect(JSON.stringify(table(runReport({ ...data, run: { ...data.run, replications: 4 } }), 'results').note)).toContain('With only 4 replications the intervals are wide');
    expect(JSON.stringify(table(runReport({ ...data, run: { ...data.run, replications: 5 } }), 'results').note)).not.toContain('intervals are wide');
    expect(JSON.stringify(table(doc1, 'results').note)).not.toContain('intervals are wide');
  });

  test('its words promise no interval, band or whisker', () => {
    const words = [...charts(doc1).map((c) => c.caption.join('')), JSON.stringify(table(doc1, 'results').note)].join('\n');
    expect(words).not.toMatch(/confidence interval|whiskers|lowest to (the )?highest|1 replications|mean over replications/);
    expect(words).toContain('One replication');
  });
});
