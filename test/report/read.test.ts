import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { gridLimit, gridLimitText, powerInterval, serviceThreshold, siteBattery, totalsSentence, windowDays } from '../../src/report/data.js';
import { readCompare, readPlanFolder, readRunFolder, type PlanFolder } from '../../src/report/read.js';
import { scratch as scratchFolder } from '../helpers/scratch.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/report');
const P1 = join(FIXTURES, 'recklinghausen-phase1');
const scratch = scratchFolder('hubsim-read-');

/** A copy of phase one's folder with one file replaced (or removed, for `null`). */
function variant(name: string, file: string, text: string | null): string {
  const dir = join(scratch, name);
  cpSync(P1, dir, { recursive: true });
  if (text === null) rmSync(join(dir, file));
  else writeFileSync(join(dir, file), text);
  return dir;
}

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no InputError thrown');
}

describe('readRunFolder', () => {
  const data = readRunFolder(P1);

  test('reads run.json and every aggregate file into typed rows', () => {
    expect(data.name).toBe('recklinghausen-phase1');
    expect(data.run).toMatchObject({ hubsim: '0.1.0', seed: 1, replications: 10, scenarioFile: 'scenarios/recklinghausen-phase1.json' });
    // 168 hour-of-week cells and 24 hour-of-day rows, 10 metrics each.
    expect(data.byHour).toHaveLength((168 + 24) * 10);
    expect(data.byHour[0]).toMatchObject({ weekday: 'Mon', hour: 0, metric: 'arrivals' });
    expect(data.byHour[data.byHour.length - 1]).toMatchObject({ weekday: 'all', hour: 23, metric: 'battery_soc_mean' });
    expect(data.byFleet).toHaveLength(6 * 9); // six truck types × nine metrics
    expect(data.loadDuration).toHaveLength(101 * 2);
    expect(data.waitCdf).toHaveLength(61 + 24 + 20);
    expect(data.waitCdf[data.waitCdf.length - 1].waitMin).toBe(480);
  });

  test('numbers are read exactly; an empty cell is NaN', () => {
    const line = readFileSync(join(P1, 'summary.csv'), 'utf8').split('\n').find((l) => l.startsWith('service_level,')) as string;
    const [, mean, sd, low, high, n] = line.split(',');
    expect(data.summary.get('service_level')).toMatchObject({ mean: Number(mean), sd: Number(sd), ci95Low: Number(low), ci95High: Number(high), n: Number(n) });
    // No truck arrives on Sunday 00:00-01:00 in any replication: the mean wait there is undefined.
    const empty = data.byHour.find((r) => r.weekday === 'Sun' && r.metric === 'wait_mean_min' && r.n === 0);
    expect(empty?.mean).toBeNaN();
  });

  test('derived settings: grid limit, default service threshold, statistics window', () => {
    expect(gridLimit(data.run)).toBe(2400);
    expect(serviceThreshold(data.run)).toBe(15);
    expect(windowDays(data.run)).toBe(26);
    const unlimited = { ...data.run, scenario: { hub: {}, output: { serviceThresholdMin: 30 } } };
    expect(gridLimit(unlimited)).toBeUndefined();
    expect(serviceThreshold(unlimited)).toBe(30);
  });

  test("the totals sentence names the window's length, each scenario's when they differ, and money where either side is priced", () => {
    const over = (horizon: { days: number; warmupDays: number } | undefined, economics?: unknown) => ({ ...data.run, horizon, scenario: { ...(economics !== undefined && { economics }) } });
    expect(totalsSentence([over({ days: 28, warmupDays: 2 })])).toBe('Truck counts and energy are totals over the statistics window, 26 days after a 2-day warm-up');
    expect(totalsSentence([over({ days: 28, warmupDays: 0 })])).toBe('Truck counts and energy are totals over the statistics window, 28 days');
    expect(totalsSentence([over({ days: 28, warmupDays: 2 }), over({ days: 28, warmupDays: 2 }, { sellingPrice: 0.45 })])).toBe('Truck counts, energy and money are totals over the statistics window, 26 days after a 2-day warm-up');
    // Windows of one length after other warm-ups are other days: each is named.
    expect(totalsSentence([over({ days: 28, warmupDays: 2 }), over({ days: 27, warmupDays: 1 })])).toBe("Truck counts and energy are totals over each scenario's statistics window: A's 26 days after a 2-day warm-up, B's 26 days after a 1-day warm-up");
    expect(totalsSentence([over({ days: 28, warmupDays: 0 }), over({ days: 14, warmupDays: 0 })])).toBe("Truck counts and energy are totals over each scenario's statistics window: A's 28 days, B's 14 days");
    expect(totalsSentence([over(undefined)])).toBe('Truck counts and energy are totals over the statistics window');
    // Windows whose words round alike are still two.
    expect(totalsSentence([over({ days: 3, warmupDays: 0.5 }), over({ days: 3, warmupDays: 0.50004 })])).toBe("Truck counts and energy are totals over each scenario's statistics window: A's 2.5 days after a 0.5-day warm-up, B's 2.49996 days after a 0.50004-day warm-up");
  });

  test('derived settings as written, however they are written: hour by hour, left out, or out of bounds', () => {
    const as = (scenario: Record<string, unknown>) => ({ ...data.run, scenario });
    const week = Array.from({ length: 168 }, (_, h) => (h === 100 ? 900 : 600));
    expect(gridLimit(as({ hub: { gridKw: { byHourOfWeek: week } } }))).toBe(900);
    expect(gridLimitText(as({ hub: { gridKw: { byHourOfWeek: week } } }))).toBe('up to 900 kW, by hour');
    // No values, or a limit too large for a number (1e999 in run.json), is no limit.
    expect(gridLimit(as({ hub: { gridKw: { byHour: [] } } }))).toBeUndefined();
    expect(gridLimit(as({ hub: { gridKw: Infinity } }))).toBeUndefined();
    // A threshold or an interval of 0 would divide by nothing: its default instead.
    expect(serviceThreshold(as({ output: { serviceThresholdMin: 0 } }))).toBe(15);
    expect(powerInterval(as({ output: { powerIntervalMin: 0 } }))).toBe(15);
    expect(powerInterval(as({ output: { powerIntervalMin: 5 } }))).toBe(5);
  });

  test("a site battery's target is a peak-shaving one's, below the connection; the connection is lower at times only when below it", () => {
    const as = (battery: unknown, gridKw: unknown = 1000) => ({ ...data.run, scenario: { hub: { gridKw, battery } } });
    expect(siteBattery(as({ powerKw: 200, strategy: 'peakShaving', targetKw: 800 }))).toEqual({ powerKw: 200, targetKw: 800, connectionLowerAtTimes: false });
    expect(siteBattery(as({ powerKw: 200, targetKw: 800 }))).toEqual({ powerKw: 200, targetKw: undefined, connectionLowerAtTimes: false });
    const byHour = { byHour: Array.from({ length: 24 }, (_, h) => (h < 6 ? 800 : 1000)) };
    expect(siteBattery(as({ powerKw: 200, strategy: 'peakShaving', targetKw: 800 }, byHour))!.connectionLowerAtTimes).toBe(false);
    expect(siteBattery(as({ powerKw: 200, strategy: 'peakShaving', targetKw: 900 }, byHour))!.connectionLowerAtTimes).toBe(true);
    expect(siteBattery(as([{ powerKw: 200 }]))).toBeUndefined();
  });

  test('a peak-shaving target at the connection itself is no target: the grid never passes it anyway, and the battery acts as a greedy one', () => {
    const as = (battery: unknown, gridKw: unknown = 1000) => ({ ...data.run, scenario: { hub: { gridKw, battery } } });
    expect(siteBattery(as({ powerKw: 200, strategy: 'peakShaving', targetKw: 1000 }))).toEqual({ powerKw: 200, targetKw: undefined, connectionLowerAtTimes: false });
    expect(siteBattery(as({ powerKw: 200, strategy: 'peakShaving', targetKw: 999 }))!.targetKw).toBe(999);
  });

  test('a missing file is named', () => {
    const err = inputError(() => readRunFolder(variant('no-cdf', 'wait-cdf.csv', null)));
    expect(err.issues).toEqual([{ path: join(scratch, 'no-cdf', 'wait-cdf.csv'), expected: 'must exist (an output folder of hubsim run)' }]);
  });

  test('a bad value is named by file, row and column; every problem is reported', () => {
    const text = readFileSync(join(P1, 'by-fleet.csv'), 'utf8').split('\n');
    text[2] = text[2].replace(/,(\d+),/, ',many,');
    const dir = variant('bad-fleet', 'by-fleet.csv', text.join('\n'));
    writeFileSync(join(dir, 'by-hour.csv'), readFileSync(join(P1, 'by-hour.csv'), 'utf8').replace('\nMon,0,', '\nMonday,0,'));
    const err = inputError(() => readRunFolder(dir));
    expect(err.issues.map((i) => i.path)).toEqual([join(dir, 'by-hour.csv row 2, column weekday'), expect.stringMatching(/by-fleet\.csv row 3, column \w+$/)]);
    expect(err.issues[1]).toMatchObject({ expected: 'must be a number or empty (a number at most 1e+100 in size)', found: '"many"' });
    expect(err.message).toContain(`${dir}: 2 problems`);
  });

  test("a file wrong on every row is read up to its first 100 problems, as a trace is, and said to stop there; the other files' are listed too", () => {
    const lines = readFileSync(join(P1, 'by-hour.csv'), 'utf8').split('\n');
    const bad = [lines[0], ...lines.slice(1).map((l) => l.replace(/^[A-Z][a-z][a-z],/, 'x,'))];
    const dir = variant('bad-weekdays', 'by-hour.csv', bad.join('\n'));
    writeFileSync(join(dir, 'wait-cdf.csv'), readFileSync(join(P1, 'wait-cdf.csv'), 'utf8').replace(/\n([^,\n]*),/, '\nsoon,'));
    const err = inputError(() => readRunFolder(dir));
    expect(bad.filter((l) => l.startsWith('x,')).length).toBeGreaterThan(1000);
    expect(err.issues).toHaveLength(102);
    expect(err.issues[99].path).toBe(join(dir, 'by-hour.csv row 101, column weekday'));
    expect(err.issues[100]).toEqual({ path: join(dir, 'by-hour.csv'), expected: 'may have more problems: reading stopped after the first 100, at row 101', stands: 0, orMore: true });
    expect(err.issues[101].path).toBe(join(dir, 'wait-cdf.csv row 2, column wait_min'));
    expect(err.message).toContain(`${dir}: at least 101 problems`);
  });

  test("summary.csv as hubsim writes it: every metric once, a count of the run's replications, an interval around the mean", () => {
    const lines = readFileSync(join(P1, 'summary.csv'), 'utf8').split('\n');
    const at = (m: string) => lines.findIndex((l) => l.startsWith(`${m},`));
    const edited = (name: string, edit: (ls: string[]) => void) => {
      const ls = [...lines];
      edit(ls);
      return inputError(() => readRunFolder(variant(name, 'summary.csv', ls.join('\n')))).issues;
    };
    const where = (name: string, m: string, column: string) => join(scratch, name, `summary.csv row ${at(m) + 1}, column ${column}`);
    expect(edited('no-service-level', (ls) => ls.splice(at('service_level'), 1))).toEqual([
      { path: join(scratch, 'no-service-level', 'summary.csv'), expected: 'must have a row for every metric, as hubsim writes it', found: 'no row for service_level' },
    ]);
    expect(edited('twice', (ls) => ls.splice(at('queue_max') + 1, 0, ls[at('wait_mean_min')]))).toEqual([
      { path: join(scratch, 'twice', `summary.csv row ${at('queue_max') + 2}, column metric`), expected: 'must not repeat a metric: one row each', found: '"wait_mean_min"' },
    ]);
    expect(edited('unknown', (ls) => ls.splice(1, 0, ls[at('wait_mean_min')].replace('wait_mean_min', 'wait_mean')))[0]).toMatchObject({ expected: 'must be a metric hubsim writes (did you mean wait_mean_min?)', found: '"wait_mean"' });
    // n of -1, or more than the run's 10 replications; an interval upside down.
    const row = lines[at('service_level')].split(',');
    const n = (v: string) => [...row.slice(0, 5), v, ...row.slice(6)].join(',');
    expect(edited('n-negative', (ls) => (ls[at('service_level')] = n('-1')))).toEqual([expect.objectContaining({ path: where('n-negative', 'service_level', 'n'), found: '"-1"' })]);
    expect(edited('n-many', (ls) => (ls[at('service_level')] = n('11')))[0].expected).toBe("must be a whole number of replications from 0 to 10 (run.json's replications)");
    expect(edited('upside-down', (ls) => (ls[at('service_level')] = [row[0], row[1], row[2], '5', '-5', ...row.slice(5)].join(',')))).toEqual([
      { path: where('upside-down', 'service_level', 'ci95_low'), expected: 'must be at most the mean, and ci95_high at least it', found: `"5", mean "${row[1]}", ci95_high "-5"` },
    ]);
    // An interval that does not hold its mean, wholly above it or wholly below it.
    const mean = Number(row[1]);
    for (const [name, low, high] of [['interval-above', mean + 1, mean + 2], ['interval-below', mean - 2, mean - 1]] as const) {
      expect(edited(name, (ls) => (ls[at('service_level')] = [row[0], row[1], row[2], String(low), String(high), ...row.slice(5)].join(',')))).toEqual([
        { path: where(name, 'service_level', 'ci95_low'), expected: 'must be at most the mean, and ci95_high at least it', found: `"${low}", mean "${row[1]}", ci95_high "${high}"` },
      ]);
    }
    expect(edited('negative-sd', (ls) => (ls[at('service_level')] = [row[0], row[1], '-0.5', ...row.slice(3)].join(',')))[0].path).toBe(where('negative-sd', 'service_level', 'sd'));
    // An n that is no number is told once, as no number; an empty one as no count.
    expect(edited('n-text', (ls) => (ls[at('service_level')] = n('ten')))).toEqual([expect.objectContaining({ path: where('n-text', 'service_level', 'n'), expected: 'must be a number or empty (a number at most 1e+100 in size)' })]);
    expect(edited('n-empty', (ls) => (ls[at('service_level')] = n('')))).toEqual([expect.objectContaining({ path: where('n-empty', 'service_level', 'n'), found: '""' })]);
    // A file read only up to its first 100 problems is not said to lack the rows it was not read to.
    const bad = edited('all-bad', (ls) => ls.forEach((l, i) => i > 0 && l !== '' && (ls[i] = l.replace(/,[^,]*/g, ',x'))));
    expect(bad.at(-1)).toMatchObject({ expected: expect.stringMatching(/^may have more problems: reading stopped after the first 100/) });
    expect(bad.some((i) => i.expected.startsWith('must have a row for every metric'))).toBe(false);
  });

  test('the breakdowns as hubsim writes them: a row for each key once, a share from 0 to 1; a file cut short, a row repeated or a share edited is refused', () => {
    const lines = (file: string) => readFileSync(join(P1, file), 'utf8').split('\n');
    // Cut to its header: the fleet panel drew no type, the load-duration chart said no interval was complete.
    for (const [file, what, first] of [
      ['by-fleet.csv', 'truck type and metric', 'eactros600 trucks_arrived'],
      ['load-duration.csv', 'share of time and metric', '0 grid_kw'],
      ['by-hour.csv', 'weekday, hour and metric', 'Mon 0 arrivals'],
      ['wait-cdf.csv', 'wait and metric', '0 plugged_in_within'],
    ] as const) {
      const dir = variant(`cut-${file}`, file, `${lines(file)[0]}\n`);
      expect(inputError(() => readRunFolder(dir)).issues).toEqual([
        { path: join(dir, file), expected: `must have a row for each ${what}, as hubsim writes it`, found: expect.stringMatching(new RegExp(`^no row for ${first}, `)) },
      ]);
    }
    // A row taken out of the middle is named.
    const gap = variant('gap', 'wait-cdf.csv', lines('wait-cdf.csv').filter((l) => !l.startsWith('480,')).join('\n'));
    expect(inputError(() => readRunFolder(gap)).issues).toEqual([{ path: join(gap, 'wait-cdf.csv'), expected: 'must have a row for each wait and metric, as hubsim writes it', found: 'no row for 480 plugged_in_within' }]);
    // A row repeated, or of a metric hubsim never writes, is named by its row.
    const twice = lines('by-hour.csv');
    const repeated = variant('repeated', 'by-hour.csv', [...twice.slice(0, 3), twice[2], ...twice.slice(3)].join('\n'));
    expect(inputError(() => readRunFolder(repeated)).issues).toEqual([{ path: join(repeated, 'by-hour.csv row 4'), expected: 'must not repeat a row: one for each weekday, hour and metric', found: 'Mon, 0, service_level' }]);
    const bogus = variant('bogus', 'wait-cdf.csv', `${lines('wait-cdf.csv').join('\n').trimEnd()}\n480,bogus,1,0,1,1,10,1,1\n`);
    expect(inputError(() => readRunFolder(bogus)).issues).toEqual([
      { path: expect.stringMatching(/wait-cdf\.csv row \d+$/), expected: 'must be a row hubsim writes (one for each wait and metric)', found: '480, bogus' },
    ]);
    // A share edited past 1 or below 0.
    const share = variant('share', 'by-hour.csv', twice.map((l, i) => (i === 2 ? l.replace(/^(Mon,0,service_level,)[^,]*/, '$17') : l)).join('\n'));
    expect(inputError(() => readRunFolder(share)).issues).toEqual([{ path: join(share, 'by-hour.csv row 3, column mean'), expected: 'must be a share from 0 to 1 (service_level)', found: '"7"' }]);
    const below = variant('below', 'wait-cdf.csv', lines('wait-cdf.csv').map((l) => (l.startsWith('30,') ? l.replace(/^(30,plugged_in_within,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)[^,]*/, '$1-3') : l)).join('\n'));
    expect(inputError(() => readRunFolder(below)).issues).toEqual([{ path: expect.stringMatching(/wait-cdf\.csv row 32, column min$/), expected: 'must be a share from 0 to 1 (plugged_in_within)', found: '"-3"' }]);
  });

  test("by-fleet.csv names only the truck types of run.json's scenario: another scenario's, copied in, is refused", () => {
    const text = readFileSync(join(P1, 'by-fleet.csv'), 'utf8').replace(/^scania,/gm, 'tesla-semi,');
    const dir = variant('other-fleet', 'by-fleet.csv', text);
    const err = inputError(() => readRunFolder(dir));
    const first = text.split('\n').findIndex((l) => l.startsWith('tesla-semi,')) + 1;
    expect(err.issues).toHaveLength(9);
    expect(err.issues[0]).toEqual({ path: join(dir, `by-fleet.csv row ${first}, column fleet`), expected: `must be a truck type of run.json's scenario: "eactros600", "volvo-fh-electric", "volvo-fh-aero", "man-etgx", "scania", "daf-xf-electric"`, found: '"tesla-semi"' });
  });

  test('a number larger than hubsim writes, as merge refuses it, is named', () => {
    const text = readFileSync(join(P1, 'by-fleet.csv'), 'utf8').split('\n');
    text[2] = text[2].replace(/,(\d+),/, ',1e200,');
    const err = inputError(() => readRunFolder(variant('huge-fleet', 'by-fleet.csv', text.join('\n'))));
    expect(err.issues).toEqual([expect.objectContaining({ path: expect.stringMatching(/by-fleet\.csv row 3, column \w+$/), found: '"1e200"' })]);
    // The bound is on the size, either side of zero.
    text[2] = text[2].replace(/,1e200,/, ',-1e200,');
    const negative = inputError(() => readRunFolder(variant('huge-negative-fleet', 'by-fleet.csv', text.join('\n'))));
    expect(negative.issues).toEqual([expect.objectContaining({ path: expect.stringMatching(/by-fleet\.csv row 3, column \w+$/), found: '"-1e200"' })]);
  });

  test('a run.json nested deeper, or holding more values, than any hubsim writes is refused before it is parsed', () => {
    const run = JSON.parse(readFileSync(join(P1, 'run.json'), 'utf8'));
    const deep = variant('deep-run', 'run.json', JSON.stringify({ ...run, scenario: { ...run.scenario, description: 'x' } }).replace('"x"', `${'['.repeat(200_000)}${']'.repeat(200_000)}`));
    expect(inputError(() => readRunFolder(deep)).issues).toEqual([
      { path: join(deep, 'run.json'), expected: 'must be a run.json written by hubsim run, nested at most 66 levels deep and holding at most 500000 values', found: expect.stringMatching(/nested 200002 levels deep$/) },
    ]);
    const wide = variant('wide-run', 'run.json', JSON.stringify({ ...run, scenario: { ...run.scenario, description: Array.from({ length: 600_000 }, () => ({})) } }));
    expect(inputError(() => readRunFolder(wide)).issues[0]).toMatchObject({ path: join(wide, 'run.json'), found: expect.stringMatching(/^\d+ values, nested \d levels deep$/) });
    // Commas and brackets inside strings are text, not values.
    const text = variant('text-run', 'run.json', JSON.stringify({ ...run, scenario: { ...run.scenario, description: ',['.repeat(600_000) } }));
    expect(readRunFolder(text).run.scenario.description).toHaveLength(1_200_000);
  });

  test('a missing column is named', () => {
    const dir = variant('no-column', 'load-duration.csv', 'share_of_time,metric,mean\n0,grid_kw,1\n');
    const err = inputError(() => readRunFolder(dir));
    expect(err.issues[0]).toMatchObject({ path: join(dir, 'load-duration.csv'), found: 'no sd, ci95_low, ci95_high, n, min, max' });
  });

  test('a file of a header alone is checked as any other, and an empty one is named', () => {
    const lone = variant('lone-header', 'summary.csv', 'TOKEN=x\n');
    expect(inputError(() => readRunFolder(lone)).issues).toEqual([{ path: join(lone, 'summary.csv'), expected: expect.stringMatching(/^must have the columns metric, mean, /), found: expect.stringMatching(/^no metric, mean, /) }]);
    const empty = variant('empty-summary', 'summary.csv', '');
    expect(inputError(() => readRunFolder(empty)).issues).toEqual([{ path: join(empty, 'summary.csv'), expected: 'must be a CSV file with a header row', found: 'an empty file' }]);
  });

  test("the horizon is run.json's; in a folder from before run.json recorded it, the scenario's as written", () => {
    // The fixture's run.json predates the field: its scenario gives days 28 and warmupDays 2.
    expect(data.run.horizon).toEqual({ days: 28, warmupDays: 2 });
    const run = JSON.parse(readFileSync(join(P1, 'run.json'), 'utf8'));
    const recorded = variant('recorded-horizon', 'run.json', JSON.stringify({ ...run, horizon: { days: 21, warmupDays: 0 } }));
    expect(readRunFolder(recorded).run.horizon).toEqual({ days: 21, warmupDays: 0 });
    expect(windowDays(readRunFolder(recorded).run)).toBe(21);
    // A scenario as written that leaves the warm-up out has none.
    const { warmupDays, ...days } = run.scenario.horizon;
    expect(warmupDays).toBe(2);
    const noWarmup = variant('no-warmup', 'run.json', JSON.stringify({ ...run, scenario: { ...run.scenario, horizon: days } }));
    expect(readRunFolder(noWarmup).run.horizon).toEqual({ days: 28, warmupDays: 0 });
    // Neither: nothing is said of the window, and the folder is still read.
    const none = variant('no-horizon', 'run.json', JSON.stringify({ ...run, scenario: { ...run.scenario, horizon: undefined } }));
    expect(readRunFolder(none).run.horizon).toBeUndefined();
    expect(totalsSentence([readRunFolder(none).run])).toBe('Truck counts and energy are totals over the statistics window');
    const bad = variant('bad-horizon', 'run.json', JSON.stringify({ ...run, horizon: { days: 2, warmupDays: 2 } }));
    expect(inputError(() => readRunFolder(bad)).issues).toEqual([
      { path: `${join(bad, 'run.json')}: horizon`, expected: 'must be the statistics window, {days, warmupDays} with 0 <= warmupDays < days', found: '{"days":2,"warmupDays":2}' },
    ]);
  });

  test("run --precision's record is read as hubsim writes it; one no run writes is refused, not shown as a precision reached", () => {
    const run = JSON.parse(readFileSync(join(P1, 'run.json'), 'utf8'));
    const n = run.replications;
    const reached = { maxReplications: 4 * n, metrics: [{ metric: 'wait_mean_min', relative: true, value: 0.05, reached: true }] };
    expect(readRunFolder(variant('precise', 'run.json', JSON.stringify({ ...run, precision: reached }))).run.precision).toEqual(reached);
    expect(readRunFolder(P1).run.precision).toBeUndefined();
    const path = (dir: string) => `${join(dir, 'run.json')}: precision`;
    for (const [name, precision] of [
      // Stopped before its most replications with a metric not reached: the run would have gone on.
      ['early', { ...reached, metrics: [{ ...reached.metrics[0], reached: false }] }],
      ['fewer-max', { ...reached, maxReplications: n - 1 }],
      ['unknown-metric', { ...reached, metrics: [{ ...reached.metrics[0], metric: 'wait_mean' }] }],
      ['no-width', { ...reached, metrics: [{ ...reached.metrics[0], value: 0 }] }],
      ['no-metrics', { maxReplications: n, metrics: [] }],
      ['a-word', 'reached'],
    ] as const) {
      const dir = variant(`precision-${name}`, 'run.json', JSON.stringify({ ...run, precision }));
      expect(inputError(() => readRunFolder(dir)).issues.map((i) => i.path)).toEqual([path(dir)]);
    }
    // At its most replications, a metric not reached is what the run says.
    const most = { maxReplications: n, metrics: [{ metric: 'service_level', relative: false, value: 0.01, reached: false }] };
    expect(readRunFolder(variant('precision-most', 'run.json', JSON.stringify({ ...run, precision: most }))).run.precision).toEqual(most);
  });

  test('run.json must hold the run settings', () => {
    const dir = variant('bad-run', 'run.json', JSON.stringify({ hubsim: '0.1.0', scenario: {}, seed: '1' }));
    const err = inputError(() => readRunFolder(dir));
    expect(err.issues.map((i) => i.path)).toEqual([`${join(dir, 'run.json')}: seed`, `${join(dir, 'run.json')}: replications`]);
    // Hand-edited into what no run writes: refused, not shown as "Replications −1".
    const odd = variant('odd-run', 'run.json', JSON.stringify({ hubsim: '0.1.0', scenario: {}, seed: -5.5, replications: -1 }));
    expect(inputError(() => readRunFolder(odd)).issues).toEqual([
      { path: `${join(odd, 'run.json')}: seed`, expected: 'must be a whole number from 0', found: '-5.5' },
      { path: `${join(odd, 'run.json')}: replications`, expected: 'must be a whole number from 1', found: '-1' },
    ]);
    // The least of each is one a run writes: --seed 0.
    const original = JSON.parse(readFileSync(join(P1, 'run.json'), 'utf8'));
    // The version that wrote the results, which the page names: one as hubsim writes its own.
    const garbage = variant('version-garbage', 'run.json', JSON.stringify({ ...original, hubsim: 'garbage' }));
    expect(inputError(() => readRunFolder(garbage)).issues).toEqual([{ path: `${join(garbage, 'run.json')}: hubsim`, expected: 'must be the version of hubsim that wrote the folder (such as 0.1.0)', found: '"garbage"' }]);
    expect(readRunFolder(variant('version-pre', 'run.json', JSON.stringify({ ...original, hubsim: '1.2.0-rc.1' }))).run.hubsim).toBe('1.2.0-rc.1');
    expect(readRunFolder(variant('seed-0', 'run.json', JSON.stringify({ ...original, seed: 0 }))).run.seed).toBe(0);
    const broken = variant('broken-run', 'run.json', '{');
    expect(inputError(() => readRunFolder(broken)).issues[0]).toMatchObject({ expected: 'must be valid JSON (a run.json written by hubsim run)' });
  });
});

describe('readCompare', () => {
  test('reads the difference file and both folders', () => {
    const data = readCompare(FIXTURES, 'recklinghausen-phase1', 'recklinghausen-phase2');
    expect(data.a.name).toBe('recklinghausen-phase1');
    expect(data.b.name).toBe('recklinghausen-phase2');
    const grid = data.diffs.find((d) => d.metric === 'grid_peak_kw');
    expect(grid?.bMean).toBe(2985.3937531633455); // every digit of the file
    expect(grid!.bMean).toBeLessThanOrEqual(3000); // never above phase two's connection
    expect(grid?.diffMean).toBeCloseTo((grid?.bMean ?? 0) - (grid?.aMean ?? 0), 9);
  });

  /** A copy of the fixtures' comparison, its file rewritten by `edit`. */
  const comparison = (name: string, edit: (csv: string) => string): string => {
    const dir = join(scratch, name);
    cpSync(FIXTURES, dir, { recursive: true });
    const file = join(dir, 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.csv');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return dir;
  };

  test("a comparison file from before its n column is read, each metric's pairs unknown", () => {
    const dir = comparison('no-n', (csv) => csv.replace(/,n\n/, '\n').replace(/,\d+\n/g, '\n'));
    const data = readCompare(dir, 'recklinghausen-phase1', 'recklinghausen-phase2');
    expect(data.diffs.length).toBeGreaterThan(0);
    for (const d of data.diffs) expect(d.n).toBeNaN();
    expect(data.diffs.find((d) => d.metric === 'grid_peak_kw')?.bMean).toBe(2985.3937531633455);
  });

  test("a comparison whose B folder was run again since is refused, as one whose A folder was", () => {
    // B's mean grid peak in the file no longer matches phase two's summary.csv.
    const dir = comparison('b-moved', (csv) => csv.replace(/^(grid_peak_kw,[^,]*,)2985\.3937531633455,/m, '$12985.5,'));
    const err = inputError(() => readCompare(dir, 'recklinghausen-phase1', 'recklinghausen-phase2'));
    expect(err.issues).toEqual([
      expect.objectContaining({ expected: 'must match the folders it compares: recklinghausen-phase1/ or recklinghausen-phase2/ was written after it (run compare again)', found: expect.stringMatching(/^grid_peak_kw .* and 2985\.5 here/) }),
    ]);
  });

  test("a comparison edited out of compare's shape is refused: an interval that leaves out its difference, a count of pairs outside the runs' replications", () => {
    const upside = comparison('diff-upside-down', (csv) => csv.replace(/^(trucks_served,[^,]*,[^,]*,)([^,]*),([^,]*),([^,]*),/m, '$1$2,5,-5,'));
    expect(inputError(() => readCompare(upside, 'recklinghausen-phase1', 'recklinghausen-phase2')).issues).toEqual([
      { path: `${join(upside, 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.csv')} row 3, column diff_ci95_low`, expected: 'must be at most diff_mean, and diff_ci95_high at least it', found: '"5", diff_mean "42.9", diff_ci95_high "-5"' },
    ]);
    const counts = comparison('n-negative', (csv) => csv.replace(/,10$/m, ',-5'));
    expect(inputError(() => readCompare(counts, 'recklinghausen-phase1', 'recklinghausen-phase2')).issues).toEqual([
      { path: `${join(counts, 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.csv')} row 2, column n`, expected: "must be a whole number of paired replications from 0 to 10 (the runs' replications)", found: '"-5"' },
    ]);
    // Pairs past the runs' replications, both runs of one count: the file's fault, not the folders'.
    const past = comparison('n-past', (csv) => csv.replace(/,10$/m, ',30'));
    expect(inputError(() => readCompare(past, 'recklinghausen-phase1', 'recklinghausen-phase2')).issues).toEqual([
      { path: `${join(past, 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.csv')} row 2, column n`, expected: "must be a whole number of paired replications from 0 to 10 (the runs' replications)", found: '"30"' },
    ]);
  });

  test('a comparison cut short, with a metric repeated or one hubsim never writes, is refused', () => {
    const file = 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.csv';
    const cut = comparison('cut', (csv) => `${csv.split('\n')[0]}\n`);
    expect(inputError(() => readCompare(cut, 'recklinghausen-phase1', 'recklinghausen-phase2')).issues).toEqual([
      { path: join(cut, file), expected: 'must have a row for each metric, as hubsim writes it', found: expect.stringMatching(/^no row for trucks_arrived, trucks_served, /) },
    ]);
    const bogus = comparison('bogus', (csv) => `${csv}bogus,1,2,1,0,2,3\n`);
    expect(inputError(() => readCompare(bogus, 'recklinghausen-phase1', 'recklinghausen-phase2')).issues).toEqual([
      { path: `${join(bogus, file)} row 37`, expected: 'must be a row hubsim writes (one for each metric)', found: 'bogus' },
    ]);
  });

  test('a row of more cells than an edited header has names is told so in the file\'s terms', () => {
    const file = 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.csv';
    // (A blank line before it is no row, as the other problems number them.)
    const short = comparison('short-header', (csv) => csv.replace(/^[^\n]*/, 'metric,a_mean\n'));
    expect(inputError(() => readCompare(short, 'recklinghausen-phase1', 'recklinghausen-phase2')).issues[0]).toEqual({
      path: `${join(short, file)} row 2`,
      expected: 'must have as many cells as the header row has names (2; those hubsim writes include metric, a_mean, b_mean, diff_mean, diff_ci95_low, diff_ci95_high)',
      found: '7 cells',
    });
  });

  test("a quote out of place is named by its row and column, with the fix, not in csv-parse's words", () => {
    const file = 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.csv';
    const issue = (name: string, edit: (csv: string) => string) => inputError(() => readCompare(comparison(name, edit), 'recklinghausen-phase1', 'recklinghausen-phase2')).issues[0];
    const lines = (edit: (rows: string[]) => void) => (csv: string) => {
      const rows = csv.split('\n');
      edit(rows);
      return rows.join('\n');
    };
    expect(issue('opening', lines((r) => (r[3] = r[3].replace(',', ',x"'))))).toEqual({
      path: `${join(scratch, 'opening', file)} row 4, column a_mean`,
      expected: 'must quote a cell from its first character or not at all (a quote within a quoted cell is written twice: "a""b")',
      found: 'a quote after "x"',
    });
    expect(issue('closing', lines((r) => (r[0] = r[0].replace(',b_mean', ',"b_mean"x'))))).toEqual({
      path: `${join(scratch, 'closing', file)} row 1, column 3`,
      expected: "must follow a cell's closing quote with a comma or the line's end",
      found: '"x" after it',
    });
    // Open to the file's end: the row it opened in, not the line csv-parse stopped at.
    expect(issue('open', lines((r) => (r[4] = r[4].replace(',', ',"'))))).toEqual({
      path: `${join(scratch, 'open', file)} row 5`,
      expected: 'must close every quote it opens',
      found: 'a quote still open at the end of the file',
    });
  });

  test('a missing comparison or folder is named', () => {
    const err = inputError(() => readCompare(FIXTURES, 'recklinghausen-phase1', 'nowhere'));
    expect(err.issues.map((i) => i.path)).toEqual([
      join(FIXTURES, 'compare-recklinghausen-phase1-vs-nowhere.csv'),
      join(FIXTURES, 'nowhere', 'run.json'),
      ...['summary.csv', 'by-hour.csv', 'by-fleet.csv', 'load-duration.csv', 'wait-cdf.csv'].map((f) => join(FIXTURES, 'nowhere', f)),
    ]);
  });
});

describe('readPlanFolder', () => {
  test("a sweep's charted metrics come service level first, as on the terminal, not in sweep.csv's order, which puts served_share before it", () => {
    const dir = join(scratch, 'sweep-s');
    const metrics = ['trucks_arrived', 'served_share', 'service_level', 'wait_mean_min', 'p_wait_over_15min', 'bay_occupancy', 'grid_peak_kw', 'demand_peak_kw', 'energy_cost', 'margin_per_kwh'];
    const csv = ['design,bays,metric,mean,sd,ci95_low,ci95_high,n', ...[1, 2].flatMap((d) => metrics.map((m) => `${d},${d + 5},${m},0.5,0.1,0.4,0.6,10`))].join('\n');
    mkdirSync(dir);
    writeFileSync(join(dir, 'sweep.csv'), `${csv}\n`);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', scenario: 's', scenarioHash: '0123456789abcdef', seed: 1, replications: 10, parameters: [{ path: 'bays', values: [6, 7] }], designs: 2 }));
    const read = readPlanFolder(dir);
    expect([...new Set(read.data.rows.map((r) => r.metric))]).toEqual(['service_level', 'served_share', 'wait_mean_min', 'p_wait_over_15min', 'bay_occupancy', 'grid_peak_kw', 'demand_peak_kw', 'energy_cost', 'margin_per_kwh']);
    expect(read.data.rows.filter((r) => r.metric === 'service_level').map((r) => r.design)).toEqual(['1', '2']);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', scenario: 's', scenarioHash: '0123456789abcdef', seed: 1, replications: 0, parameters: [{ path: 'bays', values: [6, 7] }], designs: 2 }));
    expect(inputError(() => readPlanFolder(dir)).issues).toEqual([{ path: `${join(dir, 'run.json')}: replications`, expected: 'must be a whole number from 1', found: '0' }]);
    // One replication, and a seed of 0, are a sweep's as any other.
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', scenario: 's', scenarioHash: '0123456789abcdef', seed: 0, replications: 1, parameters: [{ path: 'bays', values: [6, 7] }], designs: 2 }));
    expect(readPlanFolder(dir)).toMatchObject({ seed: 0, replications: 1 });
    // The version that ran the designs, where given, is one as hubsim writes its own, as a run's.
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', hubsim: 'banana', scenario: 's', scenarioHash: '0123456789abcdef', seed: 0, replications: 1, parameters: [{ path: 'bays', values: [6, 7] }], designs: 2 }));
    expect(inputError(() => readPlanFolder(dir)).issues).toEqual([{ path: `${join(dir, 'run.json')}: hubsim`, expected: 'must be the version of hubsim that wrote the folder (such as 0.1.0)', found: '"banana"' }]);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', hubsim: '0.1.0', scenario: 's', scenarioHash: '0123456789abcdef', seed: 0, replications: 1, parameters: [{ path: 'bays', values: [6, 7] }], designs: 2 }));
    expect(readPlanFolder(dir).hubsim).toBe('0.1.0');
  });

  test.each([
    {
      field: 'horizons' as const,
      param: { path: 'horizon.days', values: [7, 14] },
      good: [{ days: 7, warmupDays: 1, designs: [1] }, { days: 14, warmupDays: 1, designs: [2] }],
      read: (f: PlanFolder) => f.windows,
      want: new Map([['1', { days: 7, warmupDays: 1 }], ['2', { days: 14, warmupDays: 1 }]]),
      bad: { days: 7 },
      expected: "must list each design's statistics window, as {days, warmupDays, designs}",
      found: '{"days":7}',
    },
    {
      field: 'connections' as const,
      param: { path: 'hub.chargers[0].cabinets', values: [4, 5] },
      good: [{ kw: 3000, designs: [1] }],
      read: (f: PlanFolder) => f.connections,
      want: new Map([['1', 3000]]),
      bad: [{ kw: 'three MW', designs: [1, 2] }],
      expected: "must list the designs' grid connections, as {kw, designs}",
      found: '[{"kw":"three MW","designs":[1,2]}]',
    },
  ])("each design's $field are run.json's; a folder from before it recorded them has none, and one that holds no such list is refused", ({ field, param, good, read, want, bad, expected, found }) => {
    const dir = join(scratch, `sweep-${field}`);
    mkdirSync(dir);
    const [a, b] = param.values;
    writeFileSync(join(dir, 'sweep.csv'), `design,${param.path},metric,mean,ci95_low,ci95_high\n1,${a},service_level,0.9,0.8,1\n2,${b},service_level,0.9,0.8,1\n`);
    const definition = { command: 'sweep', scenario: 's', seed: 1, replications: 2, parameters: [param], designs: 2 };
    const withField = (v: unknown) => writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...definition, [field]: v }));
    withField(good);
    expect(read(readPlanFolder(dir))).toEqual(want);
    withField(undefined);
    expect(read(readPlanFolder(dir))).toBeUndefined();
    withField(bad);
    expect(inputError(() => readPlanFolder(dir)).issues).toEqual([{ path: `${join(dir, 'run.json')}: ${field}`, expected, found }]);
  });

  test("a sweep.csv or size.csv edited out of its run.json is refused: a design the run never had, a design's values changed on one row, a verdict none gives; rows read in design order", () => {
    const dir = join(scratch, 'sweep-edited');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', scenario: 's', seed: 1, replications: 4, parameters: [{ path: 'bays', values: [6, 7] }, { path: 'hub.allocation', values: ['equal', 'fifo'] }] }));
    const rows = [1, 2].flatMap((d) => ['service_level', 'served_share'].map((m) => `${d},${d + 5},${d === 1 ? 'equal' : 'fifo'},${m},0.5,0.4,0.6`));
    const header = 'design,bays,hub.allocation,metric,mean,ci95_low,ci95_high';
    const issuesWith = (lines: string[]) => {
      writeFileSync(join(dir, 'sweep.csv'), [header, ...lines, ''].join('\n'));
      return inputError(() => readPlanFolder(dir)).issues;
    };
    const at = (row: number, column: string) => `${join(dir, 'sweep.csv')} row ${row}, column ${column}`;
    expect(issuesWith([...rows, '99,42,equal,service_level,0.9,0.8,1'])).toEqual([
      { path: at(6, 'bays'), expected: 'must be one of the values run.json gives bays: "6", "7"', found: '"42"' },
    ]);
    expect(issuesWith([...rows, 'x,6,equal,served_share,0.9,0.8,1'])[0]).toEqual({ path: at(6, 'design'), expected: 'must be a design number (1, 2, ...)', found: '"x"' });
    expect(issuesWith([...rows, '1,6,mine,served_share,0.9,0.8,1'])[0].path).toBe(at(6, 'hub.allocation'));
    expect(issuesWith([rows[0], rows[1].replace('1,6,', '1,7,'), ...rows.slice(2)])).toEqual([
      { path: at(3, 'design'), expected: 'must have the same values on each of its rows (design 1\'s first row has "6", "equal")', found: '"7", "equal"' },
    ]);
    // The same rows in another order make the same report.
    writeFileSync(join(dir, 'sweep.csv'), [header, ...rows, ''].join('\n'));
    const inOrder = readPlanFolder(dir);
    writeFileSync(join(dir, 'sweep.csv'), [header, ...[...rows].reverse(), ''].join('\n'));
    expect(readPlanFolder(dir)).toEqual(inOrder);

    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'size', scenario: 's', seed: 1, replications: 4, parameters: [{ path: 'bays', values: [6, 7] }] }));
    writeFileSync(join(dir, 'size.csv'), ['design,bays,replications,metric,mean,ci_low,ci_high,target,verdict', '1,6,4,service_level,0.9,0.8,1,>=0.9,maybe', ''].join('\n'));
    expect(inputError(() => readPlanFolder(dir)).issues).toEqual([{ path: `${join(dir, 'size.csv')} row 2, column verdict`, expected: 'must be meets, fails or undecided', found: '"maybe"' }]);
  });

  test("a sweep's or a sizing's table cut short, or without a design's rows, is refused against run.json's count of designs", () => {
    const dir = join(scratch, 'plan-cut');
    mkdirSync(dir);
    const sweepHeader = 'design,bays,metric,mean,sd,ci95_low,ci95_high,n';
    const sweepRows = [1, 2, 3].flatMap((d) => ['served_share', 'service_level'].map((m) => `${d},${d + 5},${m},0.5,0.1,0.4,0.6,10`));
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', scenario: 's', seed: 1, replications: 10, parameters: [{ path: 'bays', values: [6, 7, 8] }], designs: 3 }));
    const sweepWith = (rows: string[]) => {
      writeFileSync(join(dir, 'sweep.csv'), [sweepHeader, ...rows, ''].join('\n'));
      return inputError(() => readPlanFolder(dir)).issues;
    };
    writeFileSync(join(dir, 'sweep.csv'), [sweepHeader, ...sweepRows, ''].join('\n'));
    expect(readPlanFolder(dir).data.rows).toHaveLength(6);
    const expected = "must have a row for each design (3, as run.json counts them) and each metric, as hubsim writes it";
    expect(sweepWith(sweepRows.filter((r) => !r.startsWith('2,')))).toEqual([{ path: join(dir, 'sweep.csv'), expected, found: 'no row for design 2 served_share, design 2 service_level' }]);
    expect(sweepWith(sweepRows.slice(0, 5))).toEqual([{ path: join(dir, 'sweep.csv'), expected, found: 'no row for design 3 service_level' }]);
    expect(sweepWith([])).toEqual([{ path: join(dir, 'sweep.csv'), expected, found: 'no row for design 1, design 2, design 3' }]);
    expect(sweepWith([...sweepRows, '4,8,service_level,0.5,0.1,0.4,0.6,10'])).toEqual([
      expect.objectContaining({ path: `${join(dir, 'sweep.csv')} row 8, column design`, expected: "must be a design from 1 to 3 (run.json's count)" }),
    ]);
    expect(sweepWith([...sweepRows, sweepRows[0]])).toEqual([
      { path: `${join(dir, 'sweep.csv')} row 8, column design`, expected: 'must not repeat a row: one for each design and metric', found: 'design 1, served_share' },
    ]);
    // A sizing's: every design it evaluated, each with a row for every target.
    rmSync(join(dir, 'sweep.csv'));
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'size', scenario: 's', seed: 1, replications: 4, parameters: [{ path: 'bays', values: [6, 7] }], targets: ['service_level>=0.9'], designsEvaluated: 2, decision: { smallest: 7, design: 1, below: 2 } }));
    const sizeRows = ['1,7,4,service_level,0.95,0.92,0.98,>=0.9,meets', '2,6,4,service_level,0.85,0.82,0.88,>=0.9,fails'];
    const sizeWith = (rows: string[]) => writeFileSync(join(dir, 'size.csv'), ['design,bays,replications,metric,mean,ci_low,ci_high,target,verdict', ...rows, ''].join('\n'));
    sizeWith(sizeRows);
    expect(readPlanFolder(dir).data.rows).toHaveLength(2);
    sizeWith(sizeRows.slice(1));
    expect(inputError(() => readPlanFolder(dir)).issues).toEqual([
      { path: join(dir, 'size.csv'), expected: 'must have a row for each design (2, as run.json counts them) and each target, as hubsim writes it', found: 'no row for design 1 service_level>=0.9' },
    ]);
    sizeWith([sizeRows[0], sizeRows[1].replace('>=0.9', '<=0.9')]);
    expect(inputError(() => readPlanFolder(dir)).issues).toEqual([
      expect.objectContaining({ path: `${join(dir, 'size.csv')} row 3, column target`, expected: 'must be a target of run.json\'s: "service_level>=0.9"', found: '"service_level<=0.9"' }),
    ]);
  });

  test("a sweep's run.json that is not JSON is the user's bad file, saying where", () => {
    const dir = join(scratch, 'sweep-broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), '{"command": "sweep",');
    const err = inputError(() => readPlanFolder(dir));
    expect(err.issues).toEqual([{ path: join(dir, 'run.json'), expected: 'must be valid JSON (a run.json written by hubsim sweep or size)', found: expect.stringMatching(/^text that is not JSON/) }]);
  });

  test("a sweep charts each metric of a battery's wear or of money where some design defines it, after the others", () => {
    const dir = join(scratch, 'sweep-optional');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', scenario: 's', seed: 1, replications: 2, parameters: [{ path: 'hub.gridKw', values: [500, 900] }] }));
    const metrics = ['battery_cycles', 'energy_cost', 'demand_charge', 'connection_cost', 'margin_per_kwh', 'revenue', 'service_level'];
    // Design 1 leaves each optional metric empty, design 2 defines all but demand_charge.
    const cell = (design: number, m: string) => (design === 1 || m === 'demand_charge' ? ',,' : '1,0.5,1.5');
    const lines = [1, 2].flatMap((d) => metrics.map((m) => `${d},${d === 1 ? 500 : 900},${m},${cell(d, m)}`));
    writeFileSync(join(dir, 'sweep.csv'), ['design,hub.gridKw,metric,mean,ci95_low,ci95_high', ...lines].join('\n') + '\n');
    const charted = [...new Set(readPlanFolder(dir).data.rows.map((r) => r.metric))];
    expect(charted).toEqual(['service_level', 'battery_cycles', 'energy_cost', 'connection_cost', 'margin_per_kwh']);
    // Each charted metric keeps both designs, the one that leaves it empty too.
    expect(readPlanFolder(dir).data.rows.filter((r) => r.metric === 'energy_cost').map((r) => r.design)).toEqual(['1', '2']);
  });
  test('a sweep.csv of several chunks is read row by row as a whole one is: rows across a chunk boundary, a quoted value with a line break, row numbers in issues', () => {
    const dir = join(scratch, 'sweep-chunks');
    mkdirSync(dir);
    const names = ['a', 'b\nc'];
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ command: 'sweep', scenario: 's', seed: 1, replications: 2, parameters: [{ path: 'label', values: names }] }));
    // Over 2 MiB: some 60,000 rows, so that chunks of 1 MiB end mid-row (and mid-value).
    const designs = 30_000;
    const lines = ['\ufeffdesign,label,metric,mean,ci95_low,ci95_high'];
    for (let d = 1; d <= designs; d++) {
      const label = d % 2 ? 'a' : '"b\nc"';
      lines.push(`${d},${label},service_level,${d / designs},0.25,0.75`, `${d},${label},served_share,0.5,0.25,0.75`);
    }
    writeFileSync(join(dir, 'sweep.csv'), `${lines.join('\n')}\n`);
    expect(statSync(join(dir, 'sweep.csv')).size).toBeGreaterThan(2 << 20);
    const rows = readPlanFolder(dir).data.rows;
    expect(rows).toHaveLength(2 * designs);
    const service = rows.filter((r) => r.metric === 'service_level');
    expect(service.map((r) => r.design)).toEqual(Array.from({ length: designs }, (_, i) => String(i + 1)));
    expect(service.map((r) => r.mean)).toEqual(Array.from({ length: designs }, (_, i) => (i + 1) / designs));
    expect(service.slice(0, 2).map((r) => r.values.label)).toEqual([1, 2]);
    // A malformed cell far into the file is named by its row.
    writeFileSync(join(dir, 'sweep.csv'), `${lines.join('\n').replace('\n25000,"b\nc",served_share,0.5', '\n25000,"b\nc",served_share,x')}\n`);
    expect(inputError(() => readPlanFolder(dir)).issues).toEqual([{ path: `${join(dir, 'sweep.csv')} row 50001, column mean`, expected: 'must be a number or empty (a number at most 1e+100 in size)', found: '"x"' }]);
  });
});
