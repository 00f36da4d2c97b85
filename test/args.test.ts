import { describe, expect, test } from '@jest/globals';
import {
  checkConfidence,
  checkFlags,
  checkMaxReplications,
  checkOut,
  checkPower,
  checkPrecisions,
  checkReplications,
  checkSeed,
  checkSessions,
  checkSets,
  checkShard,
  checkTargets,
  checkTolerances,
  checkVary,
  commandOf,
  unknownArguments,
  checkWorkers,
  checkEach,
  MAX_DESIGNS,
  MAX_REPLICATIONS,
  parseValues,
} from '../src/cli/args.js';
import { InputError } from '../src/errors.js';

describe('command-line checks', () => {
  test('--replications is a whole number >= 1', () => {
    expect(checkReplications(3)).toBe(3);
    expect(checkReplications('3')).toBe(3); // as typed: yargs passes numeric options on as strings
    for (const bad of [0, -1, 2.5, NaN, '', '0x10', '1e3', '-1', '2.0', 'abc', true, ['3', '1']]) expect(() => checkReplications(bad)).toThrow(InputError);
    // What was typed is shown cut short, not echoed whole.
    expect(() => checkReplications('9'.repeat(100_000))).toThrow(`--replications: must be a whole number from 1 to ${MAX_REPLICATIONS} (got "${'9'.repeat(55)}...")`);
  });

  test('--seed is a whole number >= 0 or absent', () => {
    expect(checkSeed(undefined)).toBeUndefined();
    expect(checkSeed(0)).toBe(0);
    expect(checkSeed('42')).toBe(42);
    for (const bad of [-1, 1.5, NaN, 2 ** 60, '', ' ', '0x1f', '-1', false, String(2 ** 60)]) expect(() => checkSeed(bad)).toThrow(InputError);
  });

  test('leading zeros are decimal, as a job array\'s zero-padded index (README): never octal', () => {
    expect(checkSeed('010')).toBe(10);
    expect(checkSeed('00')).toBe(0);
    expect(checkReplications('08')).toBe(8);
    expect(checkShard('01/12')).toEqual({ k: 1, n: 12 });
    expect(checkShard('09/10')).toEqual({ k: 9, n: 10 });
  });

  test('--workers is "auto" (threads when a batch gains from them) or a whole number >= 1 (that many)', () => {
    expect(checkWorkers('auto', 4)).toEqual({ count: 4, auto: true });
    expect(checkWorkers(undefined, 4)).toEqual({ count: 4, auto: true });
    expect(checkWorkers('2', 4)).toEqual({ count: 2, auto: false });
    for (const bad of ['many', '0', '1.5', '']) expect(() => checkWorkers(bad, 4)).toThrow(/--workers/);
  });

  test('a number with spaces around it is refused, not trimmed, by every numeric option, naming it and showing what was typed', () => {
    const padded = [' 1', '1 ', '\t2', '2\n', ' 0.9 '];
    for (const v of padded) {
      expect(() => checkSeed(v)).toThrow(`--seed: must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER} (got ${JSON.stringify(v)})`);
      expect(() => checkReplications(v)).toThrow(`--replications: must be a whole number from 1 to ${MAX_REPLICATIONS} (got ${JSON.stringify(v)})`);
      expect(() => checkWorkers(v, 4)).toThrow(`--workers: must be "auto" or a whole number from 1 to 16 (4 per core) (got ${JSON.stringify(v)})`);
      expect(() => checkMaxReplications(v, 1)).toThrow(/^--max-replications: must be a whole number/);
      expect(() => checkConfidence(v)).toThrow(/^--confidence: must be a number above 0.5 and at most 0.999999/);
    }
  });

  test('--shard is K/N with 1 <= K <= N', () => {
    expect(checkShard(undefined)).toBeUndefined();
    expect(checkShard('2/4')).toEqual({ k: 2, n: 4 });
    for (const bad of ['4/3', '0/3', '1/0', '1-3', 'a/b', '1/3/4']) expect(() => checkShard(bad)).toThrow(/--shard/);
  });

  test('--sessions is first, all or none', () => {
    expect(checkSessions('all')).toBe('all');
    expect(() => checkSessions('some')).toThrow(/--sessions/);
  });

  test('--tolerance: relative, absolute, per metric, repeated or comma-separated', () => {
    expect(checkTolerances(undefined)).toEqual({ all: undefined, perMetric: {} });
    expect(checkTolerances(['5%'])).toEqual({ all: { relative: true, value: 0.05 }, perMetric: {} });
    expect(checkTolerances(['0.5', 'wait_mean_min=10%,grid_peak_kw=50'])).toEqual({
      all: { relative: false, value: 0.5 },
      perMetric: { wait_mean_min: { relative: true, value: 0.1 }, grid_peak_kw: { relative: false, value: 50 } },
    });
    // Written as a baseline's cells may be: a leading or a trailing point, a plus sign.
    expect(checkTolerances(['.5', 'wait_mean_min=5.%'])).toEqual({ all: { relative: false, value: 0.5 }, perMetric: { wait_mean_min: { relative: true, value: 0.05 } } });
    expect(checkTolerances(['+0.5', 'wait_mean_min=+5%'])).toEqual({ all: { relative: false, value: 0.5 }, perMetric: { wait_mean_min: { relative: true, value: 0.05 } } });
    for (const bad of ['.', '.%', '..5', '5..', '.e3', '++5', '+-5']) expect(() => checkTolerances([bad])).toThrow(/^--tolerance: must be a number/);
    expect(() => checkTolerances(['wait_mean=5%'])).toThrow(/must name a metric/);
    expect(() => checkTolerances(['-5%'])).toThrow(/--tolerance/);
    expect(() => checkTolerances(['lots'])).toThrow(/--tolerance/);
    // A repeat is refused, not settled by the later one (which could loosen a CI gate unseen).
    expect(() => checkTolerances(['trucks_balked=0', 'trucks_balked=100'])).toThrow('--tolerance: must give trucks_balked once (got "trucks_balked=100")');
    expect(() => checkTolerances(['0,5'])).toThrow('--tolerance: must give the tolerance for every metric once (a decimal comma? write a decimal point: 0.5) (got "5")');
    expect(() => checkTolerances(['5%,6%'])).toThrow('--tolerance: must give the tolerance for every metric once (got "6%")');
    expect(() => checkTolerances(['5%', '6%'])).toThrow('--tolerance: must give the tolerance for every metric once (got "6%")');
    // A decimal comma after a metric's own is no tolerance for every other metric: it would let every share pass.
    expect(() => checkTolerances(['wait_mean_min=0,5'])).toThrow(
      '--tolerance: must give the tolerance for every metric before any metric\'s own, or apart from them (after "wait_mean_min=0", "5" reads as a decimal comma: write a decimal point) (got "wait_mean_min=0,5")',
    );
    expect(() => checkTolerances(['grid_peak_kw=50,5%'])).toThrow(/reads as a decimal comma/);
    // After a metric's own with a decimal point or a percentage, it is no decimal comma: it is out of order.
    expect(() => checkTolerances(['wait_mean_min=0.5,5%'])).toThrow(
      '--tolerance: must give the tolerance for every metric before any metric\'s own, or apart from them (after "wait_mean_min=0.5", give "5%" first: 5%,wait_mean_min=0.5) (got "wait_mean_min=0.5,5%")',
    );
    expect(() => checkTolerances(['served_share=1%,2'])).toThrow(/give "2" first: 2,served_share=1%/);
    // First, or in a --tolerance of its own, it is what it says.
    expect(checkTolerances(['5%,wait_mean_min=0.5']).all).toEqual({ relative: true, value: 0.05 });
    expect(checkTolerances(['wait_mean_min=0.5', '5%']).all).toEqual({ relative: true, value: 0.05 });
    // An empty value (a CI variable left unset) must not fall back to the default check unseen.
    for (const empty of ['', ',', ' , ']) expect(() => checkTolerances([empty])).toThrow(/--tolerance: must be given a value/);
    // A second = is not dropped: "100%=0%" is no number.
    expect(() => checkTolerances(['wait_mean_min=100%=0%'])).toThrow(/--tolerance: must be a number .* \(got "wait_mean_min=100%=0%"\)/);
  });
});

describe('checkEach', () => {
  test('gives each check\'s value by name, or every refusal at once, each once', () => {
    expect(checkEach({ seed: () => checkSeed('7'), workers: () => checkWorkers('2', 4) })).toEqual({ seed: 7, workers: { count: 2, auto: false } });
    let thrown: unknown;
    try {
      checkEach({ seed: () => checkSeed('-1'), replications: () => checkReplications('0'), again: () => checkReplications('0'), workers: () => checkWorkers('99', 2) });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).issues.map((i) => i.path)).toEqual(['--seed', '--replications', '--workers']);
    // Anything but a refusal of input is not caught.
    expect(() => checkEach({ bug: () => { throw new TypeError('x'); } })).toThrow(TypeError);
  });
});

describe('limits and single values', () => {
  test('--workers is capped at 4 per core', () => {
    expect(checkWorkers('8', 2)).toEqual({ count: 8, auto: false });
    expect(() => checkWorkers('9', 2)).toThrow(/from 1 to 8 \(4 per core\)/);
  });

  test('--replications is capped', () => {
    expect(checkReplications(MAX_REPLICATIONS)).toBe(MAX_REPLICATIONS);
    expect(() => checkReplications(MAX_REPLICATIONS + 1)).toThrow(/from 1 to 100000/);
  });

  test('an option given twice is a mistake', () => {
    expect(() => checkOut(['a', 'b'])).toThrow(/--out: must be given once/);
    expect(() => checkSeed([1, 2])).toThrow(/--seed: must be given once/);
    expect(() => checkOut('')).toThrow(/--out: must name a folder/);
  });

  test('--power is first, all or none', () => {
    expect(checkPower('none')).toBe('none');
    expect(() => checkPower('some')).toThrow(/--power/);
  });

  test('--shard cannot slice into more parts than there can be replications', () => {
    // Past MAX_REPLICATIONS every slice but the first few would be empty: a job array of that many
    // jobs is a typo, and would write a run of nothing per job.
    expect(checkShard(`1/${MAX_REPLICATIONS}`)).toEqual({ k: 1, n: MAX_REPLICATIONS });
    expect(() => checkShard(`1/${MAX_REPLICATIONS + 1}`)).toThrow(`--shard: must have 1 <= K <= N <= ${MAX_REPLICATIONS} (got "1/${MAX_REPLICATIONS + 1}")`);
  });

  test('--out of only spaces names no folder', () => {
    // A quoted variable left blank in a script ("$OUT " or " ") would write into a folder named by spaces.
    for (const blank of [' ', '\t', '  \n']) expect(() => checkOut(blank)).toThrow(/^--out: must name a folder/);
    expect(checkOut(' out')).toBe(' out');
  });

  test('--tolerance must be finite', () => {
    expect(() => checkTolerances(['1e400'])).toThrow(/finite/);
  });
});

describe('planning options', () => {
  test('values: integer ranges with an optional step', () => {
    expect(parseValues('4..7', '--set', 'p')).toEqual([4, 5, 6, 7]);
    expect(parseValues('4..10:3', '--set', 'p')).toEqual([4, 7, 10]);
    expect(parseValues(' 2 .. 2 ', '--set', 'p')).toEqual([2]);
    expect(parseValues('-1..1', '--set', 'p')).toEqual([-1, 0, 1]);
    // A step of 0 is told as such, not as a range of endless values.
    const STEP = 'must have a step of a whole number, at least 1 (LO..HI:STEP)';
    expect(() => parseValues('4..10:0', '--set', 'p')).toThrow(`--set p: ${STEP} (got "4..10:0")`);
    // So are a step below 0 and a step that is no whole number, not as a range written wrongly.
    expect(() => parseValues('2000..3000:-5', '--set', 'p')).toThrow(`--set p: ${STEP} (got "2000..3000:-5")`);
    expect(() => parseValues('1..3:0.5', '--set', 'p')).toThrow(`--set p: ${STEP} (got "1..3:0.5")`);
    for (const bad of ['5..3', '4..10:0', '1.5..3', `1..${MAX_DESIGNS + 1}`, `1..${2 * MAX_DESIGNS + 1}:2`]) expect(() => parseValues(bad, '--set', 'hub.gridKw')).toThrow(/^--set hub\.gridKw: /);
    // A bound past 2^53 − 1 is blamed on its size, not on LO <= HI, which holds.
    expect(() => parseValues('1..9007199254740993', '--set', 'p')).toThrow('--set p: must be a range of whole numbers from -9007199254740991 to 9007199254740991 (got "1..9007199254740993")');
    // A range with more values after it says how to give them.
    expect(() => parseValues('2000..5000:1000,null', '--set', 'hub.gridKw')).toThrow(
      '--set hub.gridKw: must be a range of whole numbers LO..HI or LO..HI:STEP (to add other values, list every value: 2000,3000,null) (got "2000..5000:1000,null")',
    );
    // Exactly MAX_DESIGNS values, the last step short of HI.
    expect(parseValues(`1..${2 * MAX_DESIGNS}:2`, '--set', 'p')).toHaveLength(MAX_DESIGNS);
  });

  test('values: comma lists of JSON, where a bare word is a string', () => {
    expect(parseValues('2000,2500,3000', '--set', 'p')).toEqual([2000, 2500, 3000]);
    expect(parseValues('equal, fifo', '--set', 'p')).toEqual(['equal', 'fifo']);
    expect(parseValues('"4",true,null', '--set', 'p')).toEqual(['4', true, null]);
    expect(parseValues('[1,2],{"dist":"exponential","mean":30}', '--set', 'p')).toEqual([[1, 2], { dist: 'exponential', mean: 30 }]);
    expect(parseValues('"a,b",c', '--set', 'p')).toEqual(['a,b', 'c']);
    expect(() => parseValues('1,,2', '--set', 'p')).toThrow(/none empty/);
    expect(() => parseValues('1,1.0', '--set', 'p')).toThrow(/each value once/);
    expect(() => parseValues('{"min":30,"max":60},{"max":60,"min":30}', '--set', 'p')).toThrow(/each value once/);
    expect(() => parseValues('[1,2', '--set', 'p')).toThrow(/valid JSON/);
    // JSON.parse's Infinity is no value a scenario can hold.
    expect(() => parseValues('2000,1e999', '--set', 'hub.gridKw')).toThrow('--set hub.gridKw: must have finite numbers (got "1e999")');
    expect(() => parseValues('[[0,1],[1,-1e400]]', '--set', 'p')).toThrow(/finite numbers/);
    // Too small for a double, read as 0; a 0 written so, and digits inside a word, are no such number.
    expect(() => parseValues('[[0,1],[1,1e-400]]', '--set', 'p')).toThrow(/one this small is read as 0/);
    expect(() => parseValues(`0.${'0'.repeat(400)}1`, '--set', 'p')).toThrow(/one this small is read as 0/);
    expect(parseValues('0.0e5,x1e-400,"a1e-400"', '--set', 'p')).toEqual([0, 'x1e-400', 'a1e-400']);
    // A comma list is held to the same count as a range: each value is a whole scenario to validate.
    const many = Array.from({ length: MAX_DESIGNS + 1 }, (_, i) => i).join(',');
    expect(() => parseValues(many, '--set', 'hub.gridKw')).toThrow(`--set hub.gridKw: must have at most ${MAX_DESIGNS} values (got "${MAX_DESIGNS + 1} values")`);
    expect(parseValues(Array.from({ length: MAX_DESIGNS }, (_, i) => i).join(','), '--set', 'p')).toHaveLength(MAX_DESIGNS);
  });

  test('--set: PATH=VALUES, repeatable, each path once, never name or seed', () => {
    const sets = checkSets(['hub.chargers[0].cabinets=4..5', 'hub.allocation=equal,fifo']);
    expect(sets.map((p) => [p.path, p.values])).toEqual([['hub.chargers[0].cabinets', [4, 5]], ['hub.allocation', ['equal', 'fifo']]]);
    expect(sets[0].steps).toEqual(['hub', 'chargers', 0, 'cabinets']);
    expect(checkSets('hub.gridKw=1')).toHaveLength(1);
    expect(checkSets(undefined)).toEqual([]);
    expect(() => checkSets(['hub.gridKw'])).toThrow(/^--set: must be PATH=VALUES/);
    expect(() => checkSets(['hub..gridKw=1'])).toThrow(/^--set hub\.\.gridKw: must be a path/);
    expect(() => checkSets(['hub.gridKw=1', 'hub.gridKw=2'])).toThrow(/--set hub\.gridKw: must be given once/);
    expect(() => checkSets(['seed=1,2'])).toThrow(/--seed/);
    expect(() => checkSets(['name=a,b'])).toThrow(/output folder/);
  });

  test('--vary: once or twice; the first numbers, sorted', () => {
    const [a, b] = checkVary(['hub.chargers[0].cabinets=9,4,6', 'hub.gridKw=3000,2000']);
    expect(a.values).toEqual([4, 6, 9]);
    expect(b.values).toEqual([2000, 3000]);
    expect(checkVary(['hub.chargers[0].cabinets=1..3', 'hub.allocation=fifo,equal'])[1].values).toEqual(['fifo', 'equal']);
    expect(() => checkVary(undefined)).toThrow(/^--vary: must be given/);
    expect(() => checkVary(['hub.allocation=fifo,equal'])).toThrow(/--vary hub\.allocation: must be numbers/);
    // A range written with a dash is told how ranges are written, whole numbers only.
    expect(() => checkVary(['hub.gridKw=2000-3000'])).toThrow(/--vary hub\.gridKw: must be numbers, a range written LO\.\.HI \(2000\.\.3000\) or a comma list \(got "2000-3000"\)/);
    expect(() => checkVary(['behaviour.patienceMin=30.5-60'])).toThrow(/--vary behaviour\.patienceMin: must be numbers, a comma list \(30\.5,60 and the values between that are meant\): a range LO\.\.HI is of whole numbers only/);
    expect(() => checkVary(['a.b=1', 'c.d=1', 'e.f=1'])).toThrow(/once or twice/);
    expect(() => checkVary(['hub.gridKw=1,2', 'hub.gridKw=3'])).toThrow(/must be given once/);
    // One inside the other would be overwritten in every design; [1] and [10] are different items.
    expect(() => checkVary(['hub.chargers[0].cabinets=1..3', 'hub.chargers[0]={"cabinets":2}'])).toThrow(/--vary hub\.chargers\[0\]\.cabinets: must not lie inside another parameter's path \(hub\.chargers\[0\]\)/);
    expect(checkVary(['hub.chargers[10].cabinets=1..3', 'hub.chargers[1]={"cabinets":2}'])).toHaveLength(2);
  });

  test('--target: METRIC>=X or METRIC<=X on a known metric', () => {
    expect(checkTargets(['p_wait_over_15min<=0.05', 'served_share >= 0.98'])).toEqual([
      { metric: 'p_wait_over_15min', op: '<=', value: 0.05 },
      { metric: 'served_share', op: '>=', value: 0.98 },
    ]);
    expect(checkTargets('wait_mean_min<=5,served_share>=0.9')).toHaveLength(2);
    expect(() => checkTargets(undefined)).toThrow(/^--target: must be given/);
    expect(() => checkTargets(['served_share>0.9'])).toThrow(/METRIC>=X or METRIC<=X/);
    // A thousands separator splits one target in two: the message says why.
    expect(() => checkTargets(['energy_cost<=1,000'])).toThrow('--target: must be METRIC>=X or METRIC<=X, e.g. served_share>=0.98 (a comma separates two targets: write a number without thousands separators, 1000 not 1,000) (got "000")');
    expect(() => checkTargets(['000'])).toThrow(/e\.g\. served_share>=0\.98 \(got "000"\)$/);
    expect(() => checkTargets(['service_levl>=0.9'])).toThrow('--target: must name a metric (did you mean "service_level"?) (got "service_levl")');
    expect(() => checkTargets(['servicelevel>=0.9'])).toThrow(/did you mean "service_level"\?/);
    expect(() => checkTargets(['Service_Level>=0.9'])).toThrow(/did you mean "service_level"\?/);
    // A metric with words added is another quantity (a count for a share, a total for a rate): a
    // target on it would be met or missed for the wrong reason, so every metric is listed instead.
    expect(() => checkTargets(['trucks_served_share>=0.9'])).toThrow(/must name a metric \(trucks_arrived, .*\) \(got "trucks_served_share"\)/);
    expect(() => checkTargets(['revenue_per_kwh>=0.1'])).toThrow(/must name a metric \(trucks_arrived, .*\) \(got "revenue_per_kwh"\)/);
    // Cut short, it is the one metric it starts.
    expect(() => checkTargets(['grid_peak<=900'])).toThrow(/did you mean "grid_peak_kw"\?/);
    // Nothing close: every metric, rather than a guess.
    expect(() => checkTargets(['happiness>=0.9'])).toThrow(/must name a metric \(trucks_arrived, .*\) \(got "happiness"\)/);
    expect(() => checkTargets(['served_share>=lots'])).toThrow(/finite number/);
    expect(() => checkTargets(['served_share>=0.9', 'served_share>=0.8'])).toThrow(/once/);
    // A lower and an upper bound on one metric are two targets, a band, not one given twice.
    expect(checkTargets(['grid_mean_kw>=500', 'grid_mean_kw<=900'])).toEqual([
      { metric: 'grid_mean_kw', op: '>=', value: 500 },
      { metric: 'grid_mean_kw', op: '<=', value: 900 },
    ]);
    // A band that holds nothing: no design could meet both, and size would answer as if a target got worse with more.
    expect(() => checkTargets(['service_level>=0.9', 'service_level<=0.5'])).toThrow(
      '--target: must not ask service_level for more than it allows (service_level>=0.9 and service_level<=0.5): no design can meet both (got "service_level<=0.5")',
    );
    expect(() => checkTargets(['grid_mean_kw<=500', 'grid_mean_kw>=900'])).toThrow(/no design can meet both/);
    expect(checkTargets(['grid_mean_kw>=500', 'grid_mean_kw<=500'])).toHaveLength(2);
  });

  test('--target refuses a threshold below 0 for a metric never below 0; money that may be is allowed one', () => {
    expect(() => checkTargets(['wait_mean_min<=-1'])).toThrow(
      '--target: must compare wait_mean_min, which is never negative, with a number >= 0: with ">=" every design would meet it, with "<=" none (got "wait_mean_min<=-1")',
    );
    for (const t of ['trucks_balked>=-1', 'energy_unmet_kwh<=-5', 'grid_peak_kw<=-1', 'queue_mean<=-0.5', 'battery_cycles>=-1', 'demand_charge<=-1', 'connection_cost<=-1', 'revenue>=-1']) {
      expect(() => checkTargets([t])).toThrow(/which is never negative/);
    }
    // Negative prices can make the energy cost, and so the margin, negative.
    expect(checkTargets(['energy_cost<=-100', 'margin_per_kwh>=-0.05'])).toHaveLength(2);
    expect(checkTargets(['wait_mean_min<=0'])).toHaveLength(1);
  });

  test('--target on a share refuses a threshold outside [0, 1], the percentage it likely was', () => {
    // 95 for 95 %: ">=" could never be met and "<=" always would be, so size would answer
    // "nothing meets" or the bottom of the range without a word about the threshold.
    expect(() => checkTargets(['service_level>=95'])).toThrow(
      '--target: must compare service_level, a share, with a number in [0, 1]: 95 % is 0.95 (got "service_level>=95")',
    );
    expect(() => checkTargets(['p_wait_over_15min<=5'])).toThrow(/p_wait_over_15min, a share, .*5 % is 0\.05/);
    expect(() => checkTargets(['bay_occupancy<=-0.1'])).toThrow(/a share, with a number in \[0, 1\] \(got/);
    // Just above 1 is as likely a slip as a percentage, as in a scenario: the range alone.
    expect(() => checkTargets(['service_level>=1.05'])).toThrow('--target: must compare service_level, a share, with a number in [0, 1] (got "service_level>=1.05")');
    expect(() => checkTargets(['service_level>=95%'])).toThrow(/must compare with a finite number: a share is a fraction, 95 % is 0\.95/);
    expect(() => checkTargets(['service_level>=95 %'])).toThrow(/must compare with a finite number: a share is a fraction, 95 % is 0\.95/);
    expect(() => checkTargets(['served_share>=92.5%'])).toThrow(/must compare with a finite number: a share is a fraction, 92\.5 % is 0\.925/);
    // A percentage of minutes is no share: no fraction to name.
    expect(() => checkTargets(['wait_p95_min<=15%'])).toThrow('--target: must compare with a finite number (got "wait_p95_min<=15%")');
    expect(checkTargets(['service_level>=1', 'p_wait_over_15min<=0'])).toHaveLength(2);
    // Counts, minutes and kW have no such range.
    expect(checkTargets(['wait_p95_min<=15', 'grid_peak_kw<=2500'])).toHaveLength(2);
  });

  test('--confidence in (0.5, 1); --max-replications from the start to the cap', () => {
    expect(checkConfidence(0.9)).toBe(0.9);
    expect(checkConfidence('0.9')).toBe(0.9);
    expect(checkConfidence('.99')).toBe(0.99);
    for (const bad of [0.5, 1, 95, '95', '', '0x1', 'abc', NaN]) expect(() => checkConfidence(bad)).toThrow(/--confidence/);
    // Nearer 1, a two-sided interval at (1 + c) / 2 was infinite, and 17 nines, read as 1, were refused as if out of range.
    expect(checkConfidence('0.999999')).toBe(0.999999);
    for (const bad of ['0.9999991', '0.9999999999999999', '0.99999999999999999']) {
      expect(() => checkConfidence(bad)).toThrow(`--confidence: must be a number above 0.5 and at most 0.999999, e.g. 0.95 (got ${JSON.stringify(bad)})`);
    }
    expect(checkMaxReplications(40, 10)).toBe(40);
    expect(checkMaxReplications('40', 10)).toBe(40);
    for (const bad of [9, 10.5, MAX_REPLICATIONS + 1]) expect(() => checkMaxReplications(bad, 10)).toThrow(/--max-replications: must be a whole number from --replications \(10\)/);
  });

  test('--precision: relative or absolute half-widths on known metrics', () => {
    expect(checkPrecisions(undefined)).toBeUndefined();
    expect(checkPrecisions(['wait_mean_min=5%', 'served_share=0.002'])).toEqual([
      { metric: 'wait_mean_min', relative: true, value: 0.05 },
      { metric: 'served_share', relative: false, value: 0.002 },
    ]);
    // Numbers as --tolerance takes them.
    expect(checkPrecisions(['wait_mean_min=.5', 'served_share=5.%'])).toEqual([
      { metric: 'wait_mean_min', relative: false, value: 0.5 },
      { metric: 'served_share', relative: true, value: 0.05 },
    ]);
    for (const bad of ['wait_mean_min', 'wait_mean_min=.',  'wait_mean_min=0%', 'wait_mean_min=-1', 'nope=5%', 'wait_mean_min=5%,wait_mean_min=2%']) {
      expect(() => checkPrecisions([bad])).toThrow(/--precision/);
    }
    expect(() => checkPrecisions(['wait_mean_min=1e999'])).toThrow('--precision: must ask for a finite width > 0 (got "wait_mean_min=1e999")');
  });
});

describe('words yargs does not know', () => {
  test('the command is the first word that is no option nor the value of one', () => {
    const flags = ['help', 'version', 'report'];
    expect(commandOf(['run', 'a.json'], flags)).toBe('run');
    expect(commandOf(['--seed', '3', 'compare', 'a', 'b'], flags)).toBe('compare');
    expect(commandOf(['--out', 'run'], flags)).toBeUndefined(); // the default job, writing into ./run
    expect(commandOf(['--no-report', 'size', 'a.json'], flags)).toBe('size');
    expect(commandOf(['runn', 'a.json'], flags)).toBeUndefined();
    // --help and --version take no value even where the flags given do not list them.
    expect(commandOf(['--help', 'run'], ['report'])).toBe('run');
    expect(commandOf(['--version', 'sweep'], ['report'])).toBe('sweep');
  });

  test('an option is named with dashes and the one likely meant; a stray word as no command', () => {
    expect(unknownArguments(['replication'], ['run', 'a.json', '--replication', '3'], 'run', ['replications', 'seed', 'help'])).toEqual([
      { path: '--replication', expected: 'is not an option of hubsim run (did you mean --replications?); see hubsim run --help' },
    ]);
    expect(unknownArguments(['x'], ['run', 'a.json', '-x'], 'run', ['replications'])).toEqual([{ path: '-x', expected: 'is not an option of hubsim run; see hubsim run --help' }]);
    // yargs lists --no-foo as foo: the option is named as typed.
    expect(unknownArguments(['foo'], ['run', 'a.json', '--no-foo'], 'run', ['replications']).map((i) => i.path)).toEqual(['--no-foo']);
    expect(unknownArguments(['foo'], ['run', 'a.json', '--no-foo', '--foo=1'], 'run', ['replications']).map((i) => i.path)).toEqual(['--foo']);
    // A flag turned off, misspelt: the suggestion turns it off too; an option that takes a value has no --no- form.
    expect(unknownArguments(['reprot'], ['run', 'a.json', '--no-reprot'], 'run', ['report', 'sessions'], ['report'])[0].expected).toBe('is not an option of hubsim run (did you mean --no-report?); see hubsim run --help');
    expect(unknownArguments(['sesions'], ['run', 'a.json', '--no-sesions'], 'run', ['report', 'sessions'], ['report'])[0].expected).toBe('is not an option of hubsim run (did you mean --sessions?); see hubsim run --help');
    expect(unknownArguments(['Compare', 'a', 'b'], ['Compare', 'a', 'b'], undefined, ['seed'])).toEqual([
      { path: 'usage', expected: '"Compare" is not a command (did you mean hubsim compare?); see hubsim --help' },
    ]);
    expect(unknownArguments(['help', 'run'], ['help', 'run'], undefined, [])[0].expected).toBe('"help" is not a command: for the help of a command, hubsim run --help; see hubsim --help');
    expect(unknownArguments(['x.json'], ['x.json'], undefined, [])[0].expected).toBe('"x.json" is not a command: to run a scenario, hubsim run x.json; see hubsim --help');
    // yargs lists a hyphenated option a second time in camel case: that is the same option, no command.
    expect(unknownArguments(['report-dir', 'reportDir'], ['sweep', 'a.json', '--report-dir', 'r'], 'sweep', ['report', 'out']).map((i) => i.path)).toEqual(['--report-dir']);
    expect(unknownArguments(['max-reps', 'maxReps'], ['run', 'a.json', '--max-reps=3'], 'run', ['replications']).map((i) => i.path)).toEqual(['--max-reps']);
    // Typed in both spellings, it is still the one option.
    expect(unknownArguments(['report-dir', 'reportDir'], ['sweep', 'a.json', '--report-dir', 'r', '--reportDir', 's'], 'sweep', ['report', 'out']).map((i) => i.path)).toEqual(['--report-dir']);
  });
});

describe('checkFlags', () => {
  test('a flag takes =true or =false, as a script passes one on, and no other value', () => {
    for (const a of ['--report', '--report=true', '--report=false', '--no-report', '--allow-missing=false', '--allowMissing=true']) {
      expect(() => checkFlags(['run', 'a.json', a])).not.toThrow();
    }
    for (const a of ['--report=1', '--report=yes', '--report=', '--no-report=true', '--allow-missing=0']) {
      expect(() => checkFlags(['run', 'a.json', a])).toThrow(/takes no value/);
    }
    expect(() => checkFlags(['run', 'a.json', '--report=false', '--report'])).toThrow(/must be given once/);
    // yargs reads the camel-case spelling as the same flag, so it is held to the same rules.
    expect(() => checkFlags(['check', 'a.json', '--allowMissing=1'])).toThrow('--allow-missing: takes no value but =true or =false');
    expect(() => checkFlags(['check', 'a.json', '--allow-missing', '--allowMissing'])).toThrow(/--allow-missing: must be given once/);
    // The word after, which yargs would take as the value: --report false wrote no report.
    expect(() => checkFlags(['run', 'a.json', '--report', 'false'])).toThrow('--report: takes a value only after =: write --report=false, or --no-report (got "--report false")');
    expect(() => checkFlags(['check', 'a.json', '--allow-missing', 'true', '--baseline', 'b.csv'])).toThrow('--allow-missing: takes a value only after =: write --allow-missing=true');
    expect(() => checkFlags(['run', '--report', 'a.json'])).not.toThrow();
  });
});
