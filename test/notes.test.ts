import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { bayAboveCabinetNotes, connectionCostNotes, gridBelowBayNotes, powerUnitNotes, growthNotes, idleBatteryNotes, minutesAsHoursNotes, neverInServiceNotes, noIntervalNotes, nothingWantedNotes, scenarioNotes, shareNotes, targetAboveLimitNotes, targetZeroNotes, unusedBayNotes } from '../src/scenario/notes.js';
import { baseRaw, ccsGroup, scenarioOf, traceScenario } from './helpers/scenarios.js';
import { simulate } from '../src/model/simulate.js';

const mcsGroup = (cabinets = 2) => ({ id: 'mcs', connector: 'MCS', cabinets, cabinetKw: 1000 });

describe('bays that weekly maintenance keeps out of service all week', () => {
  test('are noted, with one window of a whole week or several that together cover it; not with a gap of a minute', () => {
    const raw = baseRaw();
    raw.hub.chargers.push(mcsGroup(1));
    raw.fleet.push({ name: 'm', share: 1, batteryKwh: 600, maxKw: { MCS: 1000 } });
    raw.hub.chargers[1].maintenance = [{ weekday: 'Wed', startHour: 6, hours: 168 }];
    raw.behaviour.patienceMin = 30;
    expect(neverInServiceNotes(scenarioOf(raw))).toEqual(['hub.chargers[1].maintenance: the weekly windows of mcs cover the whole week, so its 1 MCS bay is never in service']);
    // Sunday into Monday, then the rest of the week.
    raw.hub.chargers[1].maintenance = [{ weekday: 'Sun', startHour: 12, hours: 24 }, { weekday: 'Mon', startHour: 12, hours: 144 }];
    expect(scenarioNotes(scenarioOf(raw))).toEqual(['hub.chargers[1].maintenance: the weekly windows of mcs cover the whole week, so its 1 MCS bay is never in service']);
    raw.hub.chargers[1].maintenance = [{ weekday: 'Sun', startHour: 12, hours: 24 }, { weekday: 'Mon', startHour: 12 + 1 / 60, hours: 144 }];
    expect(neverInServiceNotes(scenarioOf(raw))).toEqual([]);
    // Windows that happen once are not the week's.
    raw.hub.chargers[1].maintenance = [{ startMin: 0, endMin: 52_560_000 }];
    expect(neverInServiceNotes(scenarioOf(raw))).toEqual([]);
  });
});

describe('truck types that would wait for ever for bays never in service', () => {
  const STOPS = 'can use no bay that is ever in service and has no patience, so a run stops with an error once one of its trucks waits (shorten the windows, or set behaviour.patienceMin)';
  const whole = () => {
    const raw = baseRaw();
    raw.hub.chargers.push(mcsGroup(1));
    raw.fleet.push({ name: 'm', share: 1, batteryKwh: 600, maxKw: { MCS: 1000 } });
    raw.hub.chargers[1].maintenance = [{ weekday: 'Wed', startHour: 6, hours: 168 }];
    return raw;
  };

  test('are named where validate passes a scenario that a run refuses once one of them queues', () => {
    expect(neverInServiceNotes(scenarioOf(whole()))).toEqual([`hub.chargers[1].maintenance: the weekly windows of mcs cover the whole week, so its 1 MCS bay is never in service; fleet[1] (m) ${STOPS}`]);
    // The run refuses it, as the note says.
    expect(() => simulate(scenarioOf(whole()), 1)).toThrow(/hub\.chargers\[1\]\.maintenance: must leave its bays some time in service/);
  });

  test('not a type with other bays, patience, a break that ends its wait, or no queue to wait in; nor one that never arrives', () => {
    const plain = 'hub.chargers[1].maintenance: the weekly windows of mcs cover the whole week, so its 1 MCS bay is never in service';
    const cases: ((raw: ReturnType<typeof baseRaw>) => void)[] = [
      (raw) => (raw.fleet[1].maxKw.CCS = 400),
      (raw) => (raw.behaviour.patienceMin = 60),
      (raw) => (raw.fleet[1].behaviour = { patienceMin: 60 }),
      (raw) => (raw.behaviour.leave = 'breakEnd'),
      (raw) => (raw.hub.waitingSpaces = 0),
      (raw) => (raw.fleet[1].share = 0),
    ];
    for (const edit of cases) {
      const raw = whole();
      edit(raw);
      expect(neverInServiceNotes(scenarioOf(raw))).toEqual([plain]);
    }
    // A trace whose rows give each truck's patience.
    const trace = traceScenario(whole(), 'arrival_min,fleet,patience_min\n10,m,30\n');
    expect(neverInServiceNotes(trace)).toEqual([plain]);
    expect(neverInServiceNotes(traceScenario(whole(), 'arrival_min,fleet\n10,m\n'))).toEqual([`${plain}; fleet[1] (m) ${STOPS}`]);
    // A patience column with an empty cell leaves that row to the scenario, which gives none.
    expect(neverInServiceNotes(traceScenario(whole(), 'arrival_min,fleet,patience_min\n10,m,30\n20,m,\n'))).toEqual([`${plain}; fleet[1] (m) ${STOPS}`]);
  });
});

describe('bays no truck type can use', () => {
  test('a phase two whose MCS bays no truck type has maxKw.MCS for: they would stand empty, the comparison answering for a hub without them', () => {
    const raw = baseRaw();
    raw.hub.chargers.push(mcsGroup());
    expect(unusedBayNotes(scenarioOf(raw))).toEqual([
      'hub.chargers[1] (mcs): no truck type can use its 2 MCS bays (none has maxKw.MCS), so they stand empty',
    ]);
  });

  test('none once a type can use them; a type of share 0 does not count, as it never arrives', () => {
    const raw = baseRaw();
    raw.hub.chargers.push(mcsGroup(1));
    raw.fleet.push({ name: 'm', share: 1, batteryKwh: 600, maxKw: { MCS: 1000 } });
    expect(unusedBayNotes(scenarioOf(raw))).toEqual([]);
    raw.fleet[1].share = 0;
    expect(unusedBayNotes(scenarioOf(raw))).toEqual([
      'hub.chargers[1] (mcs): no truck type can use its 1 MCS bay (none with a share above 0 has maxKw.MCS; fleet[1] (m) could, but its share is 0), so it stands empty',
    ]);
  });

  test('every type of share 0 that could use the bays is named', () => {
    const raw = baseRaw();
    raw.hub.chargers.push(mcsGroup(1));
    raw.fleet.push({ name: 'm', share: 0, batteryKwh: 600, maxKw: { MCS: 1000 } }, { name: 'n', share: 0, batteryKwh: 700, maxKw: { MCS: 900 } });
    expect(unusedBayNotes(scenarioOf(raw))).toEqual([
      'hub.chargers[1] (mcs): no truck type can use its 1 MCS bay (none with a share above 0 has maxKw.MCS; fleet[1] (m), fleet[2] (n) could, but their shares are 0), so it stands empty',
    ]);
  });

  test("with a trace, the types its rows name count, whatever their shares, and types drawn by share where a row names none", () => {
    const raw = baseRaw();
    raw.hub.chargers.push(mcsGroup(1));
    raw.fleet.push({ name: 'm', share: 0, batteryKwh: 600, maxKw: { MCS: 1000 } });
    expect(unusedBayNotes(traceScenario(raw, 'arrival_min,fleet\n10,m\n10,t\n'))).toEqual([]);
    // Not where no row names it: a trace without a fleet column draws every truck by share, and one
    // with a fleet column brings the types its rows name, and by share only for a row that names none.
    const mcs = (reason: string) => `hub.chargers[1] (mcs): no truck type can use its 1 MCS bay (${reason}), so it stands empty`;
    expect(unusedBayNotes(traceScenario(raw, 'arrival_min\n10\n'))).toEqual([mcs('none with a share above 0 has maxKw.MCS; fleet[1] (m) could, but its share is 0')]);
    expect(unusedBayNotes(traceScenario(raw, 'arrival_min,fleet\n10,t\n20,\n'))).toEqual([mcs('none that arrives has maxKw.MCS; fleet[1] (m) could, but no row of the trace before the horizon names it and its share is 0')]);
    // A row past the horizon is not simulated: the type it names does not come.
    raw.horizon = { days: 1 };
    expect(unusedBayNotes(traceScenario(raw, 'arrival_min,fleet\n10,t\n5000,m\n'))).toEqual([mcs('none that arrives has maxKw.MCS; fleet[1] (m) could, but no row of the trace before the horizon names it')]);
    // Every row naming m: type t, of share 1, never comes, and the CCS bays stand empty.
    expect(unusedBayNotes(traceScenario(raw, 'arrival_min,fleet\n10,m\n'))).toEqual([
      'hub.chargers[0] (ccs): no truck type can use its 2 CCS bays (none that arrives has maxKw.CCS; fleet[0] (t) could, but no row of the trace before the horizon names it), so they stand empty',
    ]);
  });

  test('bays reserved for a stop class no type with their connector makes', () => {
    const raw = baseRaw();
    raw.hub.chargers.push({ ...ccsGroup('night', 2), reservedFor: ['overnight'] });
    expect(unusedBayNotes(scenarioOf(raw))).toEqual([
      'hub.chargers[1] (night): no truck type can use its 2 CCS bays (none with maxKw.CCS makes a stop they are reserved for: overnight), so they stand empty',
    ]);
  });

  test('bays reserved for a stop class that only a type of share 0 makes', () => {
    const raw = baseRaw();
    raw.hub.chargers.push({ ...ccsGroup('night', 2), reservedFor: ['overnight'] });
    raw.fleet.push({ name: 'sleeper', share: 0, stop: 'overnight', batteryKwh: 600, maxKw: { CCS: 400 } });
    expect(unusedBayNotes(scenarioOf(raw))).toEqual([
      'hub.chargers[1] (night): no truck type can use its 2 CCS bays (none with a share above 0 and maxKw.CCS makes a stop they are reserved for: overnight; fleet[1] (sleeper) could, but its share is 0), so they stand empty',
    ]);
  });

  test('the shipped kind of hub has none', () => {
    expect(unusedBayNotes(scenarioOf(baseRaw()))).toEqual([]);
  });
});

describe('a trace that leaves days of the statistics window without arrivals', () => {
  const rows = (minutes: readonly number[]) => ['arrival_min', ...minutes.map(String)].join('\n');
  const over = (days: number, warmupDays = 0) => ({ ...baseRaw(), horizon: { days, warmupDays } });

  test('a week recorded under a horizon of four: the three weeks after it are noted', () => {
    const s = traceScenario(over(28), rows([30, 2000, 9000, 10_050]));
    expect(scenarioNotes(s)).toEqual([
      'arrivals.trace: its last arrival is at day 7, 21 days before the horizon (horizon.days = 28): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
  });

  test('arrivals that begin days into the window, or lie in the warm-up only, are noted', () => {
    expect(scenarioNotes(traceScenario(over(10, 1), rows([5000, 7000, 13_000])))).toEqual([
      'arrivals.trace: its first arrival is at day 3.5, 2.5 days into the statistics window (from day 1): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
    // Rows in the warm-up do not fill the window's first days: its first arrival in it is what counts.
    expect(scenarioNotes(traceScenario(over(10, 1), rows([30, 5000, 7000, 13_000])))).toEqual([
      'arrivals.trace: its first arrival after the warm-up is at day 3.5, 2.5 days into the statistics window (from day 1): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
    expect(scenarioNotes(traceScenario(over(10, 5), rows([60, 3000, 6000])))).toEqual([
      'arrivals.trace: every arrival lies in the warm-up (the last at day 4.2, the window from day 5 to 10): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
    // The window's start as the scenario gives it, not rounded to a tenth: a warm-up of 0.05 days read "from day 0.1".
    expect(scenarioNotes(traceScenario(over(10, 0.05), rows([72 + 7 * 1440, 11_000, 13_000])))).toEqual([
      'arrivals.trace: its first arrival is at day 7.05, 7 days into the statistics window (from day 0.05): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
    // Likewise where every arrival lies in the warm-up: one at day 0.96 read "the last at day 1" beside a warm-up to day 0.97.
    expect(scenarioNotes(traceScenario(over(10, 0.97), rows([60, 1382])))).toEqual([
      'arrivals.trace: every arrival lies in the warm-up (the last at day 0.96, the window from day 0.97 to 10): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
    // Cut down, not rounded: an arrival at 23:50 beside a warm-up of one day read "the last at day 1".
    expect(scenarioNotes(traceScenario(over(10, 1), rows([60, 1430])))).toEqual([
      'arrivals.trace: every arrival lies in the warm-up (the last at day 0.9, the window from day 1 to 10): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
    expect(scenarioNotes(traceScenario(over(10, 0.97), rows([60, 1396])))[0]).toContain('(the last at day 0.96, the window from day 0.97 to 10)');
  });

  test('none for two quiet days or fewer at either end (a weekend ban), for no rows; rows past the horizon do not fill the window', () => {
    const day = 1440;
    expect(scenarioNotes(traceScenario(over(7), rows([2 * day, 5 * day])))).toEqual([]);
    expect(scenarioNotes(traceScenario(over(7), rows([10, 5 * day - 1, 9 * day])))).toEqual([
      'arrivals.trace: 1 of its 3 rows is at or after the horizon (from day 9, horizon.days = 7) and not simulated',
      'arrivals.trace: its last arrival is at day 4.999, 2.001 days before the horizon (horizon.days = 7): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
    expect(scenarioNotes(traceScenario(over(7), rows([])))).toEqual([]);
    // Two days are the most left unsaid: half a minute more at the end is noted (arrival_min need not
    // be whole), and said to be more than two, with as many places as that takes.
    expect(scenarioNotes(traceScenario(over(7), rows([10, 5 * day - 0.5])))).toEqual([expect.stringMatching(/^arrivals\.trace: its last arrival is at day 4.9997, 2\.0003 days before the horizon/)]);
  });

  test('rows past the horizon are counted, as a likely unit slip when they are most of the file', () => {
    // A month recorded, four weeks simulated: as meant, but said.
    const month = Array.from({ length: 31 }, (_, d) => d * 1440 + 600);
    expect(scenarioNotes(traceScenario(over(28), rows(month)))).toEqual(['arrivals.trace: 3 of its 31 rows are at or after the horizon (from day 28.4, horizon.days = 28) and not simulated']);
    // A day logged in seconds: only the first hours' rows are read as minutes before the horizon.
    expect(scenarioNotes(traceScenario(over(1), rows([300, 900, 1320, 3600, 7200, 21_600, 43_200, 64_800, 86_000])))).toEqual([
      'arrivals.trace: 6 of its 9 rows are at or after the horizon (from day 2.5, horizon.days = 1) and not simulated: if its times are not minutes since t = 0 (seconds, say), these are not the trucks meant',
    ]);
    // A time far past any horizon, to three figures rather than twenty digits.
    expect(scenarioNotes(traceScenario(over(1), rows([5, 1e23])))).toEqual(['arrivals.trace: 1 of its 2 rows is at or after the horizon (from day 6.94e+19, horizon.days = 1) and not simulated']);
    // A horizon of hours: the day told to as many places as the horizon's (not "from day 0").
    expect(scenarioNotes(traceScenario(over(0.02), rows([0, 30])))).toEqual(['arrivals.trace: 1 of its 2 rows is at or after the horizon (from day 0.02, horizon.days = 0.02) and not simulated']);
  });

  test('a row at the horizon is not simulated, and a row at the start of the window is in it', () => {
    const day = 1440;
    expect(scenarioNotes(traceScenario(over(7), rows([10, 4 * day, 7 * day])))).toEqual([
      'arrivals.trace: 1 of its 3 rows is at or after the horizon (from day 7, horizon.days = 7) and not simulated',
      'arrivals.trace: its last arrival is at day 4, 3 days before the horizon (horizon.days = 7): every rate and time average of the statistics window counts those days without a truck arriving',
    ]);
    expect(scenarioNotes(traceScenario(over(10, 5), rows([60, 5 * day])))).toEqual(['arrivals.trace: its last arrival is at day 5, 5 days before the horizon (horizon.days = 10): every rate and time average of the statistics window counts those days without a truck arriving']);
  });

  test('no shipped scenario has a note', async () => {
    const folder = join(import.meta.dirname, '..', 'scenarios');
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) expect([file, scenarioNotes(await loadScenario(join(folder, file)))]).toEqual([file, []]);
  });
});

describe('fleet shares that mix percentages with fractions', () => {
  const fleet = (...shares: (number | undefined)[]) => ({ fleet: shares.map((share) => (share === undefined ? {} : { share })) });

  test('a fraction that would make percentages add up to 100 is said to be read as a weight', () => {
    expect(shareNotes(fleet(80, 0.2))).toEqual([
      "fleet[1].share 0.2 reads as a weight beside the other type's share of 80, so that type comes in 0.25 % of arrivals: shares are relative weights, and if 0.2 was meant as 20 %, write 20",
    ]);
    expect(shareNotes(fleet(40, 40, 0.2))[0]).toMatch(/^fleet\[2\].share 0.2 reads as a weight beside the other types' shares of 1 and more \(80 in all\), so/);
    expect(shareNotes(fleet(70, 0.1, 0.2))[0]).toMatch(/^fleet\[1\].share 0.1, fleet\[2\].share 0.2 read as weights beside the other type's share of 70, so those types come in 0.14 %, 0.28 % of arrivals: .*meant as 10 %, 20 %, write 10, 20$/);
  });

  test('none for shares that are all percentages, all fractions, a small share that is a percentage, or a share left out', () => {
    for (const raw of [fleet(80, 20), fleet(0.8, 0.2), fleet(80, 19.5, 0.5), fleet(99, 0.5, 0.5), fleet(80, undefined, 0.2), fleet(80, 0), {}, { fleet: 'x' }]) {
      expect(shareNotes(raw)).toEqual([]);
    }
  });

  test('none for a fraction that would make percentages add up to something other than 100: then the shares are weights as meant', () => {
    // 77 and 20 % would be 97 %, no whole: nothing says 0.2 was meant as 20. Within half a
    // percentage point of 100 (rounded percentages) the note stands.
    expect(shareNotes(fleet(77, 0.2))).toEqual([]);
    expect(shareNotes(fleet(60, 0.45))).toEqual([]);
    expect(shareNotes(fleet(79.6, 0.2))).toHaveLength(1);
  });

  test('none when the shares of 1 and more make 100 already: a small share beside them is a rare type, not a missing percentage', () => {
    expect(shareNotes(fleet(100, 0.004))).toEqual([]);
    expect(shareNotes(fleet(60, 40, 0.003))).toEqual([]);
  });

  test('scenarioNotes makes it given the scenario as written', () => {
    const raw = baseRaw();
    raw.fleet = [{ ...raw.fleet[0], name: 'a', share: 90 }, { ...raw.fleet[0], name: 'b', share: 0.1 }];
    expect(scenarioNotes(scenarioOf(raw), raw)).toEqual([expect.stringMatching(/^fleet\[1\].share 0.1 reads as a weight/)]);
    expect(scenarioNotes(scenarioOf(raw))).toEqual([]);
  });
});

describe('arrivals that grow over a window of more than a year', () => {
  test("are noted with the rates at the window's two ends, as every metric is over all its years", () => {
    const raw = baseRaw();
    raw.arrivals = { trucksPerDay: 60, growthPerYear: 0.05 };
    raw.horizon = { days: 3652, warmupDays: 2 };
    // 60 × 1.05^(2/365) = 60.016 and 60 × 1.05^(3652/365) = 97.78, at three digits.
    expect(scenarioNotes(scenarioOf(raw))).toEqual([
      "arrivals.growthPerYear: the arrivals grow 5 % a year, from about 60 to 97.8 trucks a day over the statistics window's 10 years, and every metric is over all of them: for one year's figures, run that year alone at its rate with growthPerYear 0 (see Growth under The model in the README)",
    ]);
    // Shrinking traffic too, over a window that starts after a year of warm-up.
    raw.arrivals = { trucksPerDay: 100, growthPerYear: -0.1 };
    raw.horizon = { days: 365 * 3, warmupDays: 365 };
    expect(growthNotes(scenarioOf(raw))[0]).toMatch(/^arrivals.growthPerYear: the arrivals shrink 10 % a year, from about 90 to 72.9 trucks a day over the statistics window's 2 years,/);
    // A window of a year as written, whatever its subtraction gives in binary (365.00000000000006).
    raw.horizon = { days: 512.07, warmupDays: 147.07 };
    expect(growthNotes(scenarioOf(raw))).toEqual([]);
    // A window of a little over a year is told in days; growth the window barely sees, not at all.
    raw.horizon = { days: 366, warmupDays: 0 };
    raw.arrivals = { trucksPerDay: 30, growthPerYear: 0.05 };
    expect(growthNotes(scenarioOf(raw))[0]).toMatch(/from about 30 to 31.5 trucks a day over the statistics window's 366 days,/);
    raw.arrivals = { trucksPerDay: 30, growthPerYear: 0.0001 };
    raw.horizon = { days: 3652, warmupDays: 2 };
    expect(growthNotes(scenarioOf(raw))).toEqual([]);
    // A rate of next to nothing is said so, without "about" or powers of ten.
    raw.arrivals = { trucksPerDay: 0.005, growthPerYear: 0.5 };
    raw.horizon = { days: 800, warmupDays: 1 };
    expect(growthNotes(scenarioOf(raw))[0]).toMatch(/grow 50 % a year, from under 0\.01 to 0\.0122 trucks a day/);
    raw.arrivals = { trucksPerDay: 10, growthPerYear: -0.9 };
    raw.horizon = { days: 4745, warmupDays: 0 };
    expect(growthNotes(scenarioOf(raw))[0]).toMatch(/shrink 90 % a year, from 10 to under 0\.01 trucks a day/);
    raw.arrivals = { trucksPerDay: 100, growthPerYear: -0.1 };
    // A window of a year or less, no growth, or a trace: nothing to say.
    raw.horizon = { days: 366, warmupDays: 1 };
    expect(growthNotes(scenarioOf(raw))).toEqual([]);
    raw.horizon = { days: 3652, warmupDays: 2 };
    raw.arrivals = { trucksPerDay: 60 };
    expect(growthNotes(scenarioOf(raw))).toEqual([]);
  });
});

describe('settings that change nothing as written', () => {
  test('bays rated above their cabinet: they draw at most the cabinet', () => {
    const raw = baseRaw();
    raw.hub.chargers = [ccsGroup('ccs', 2, 300, 2, 400), ccsGroup('ok', 1, 400, 1, 400)];
    expect(bayAboveCabinetNotes(scenarioOf(raw))).toEqual([
      "hub.chargers[0].bayKw: ccs's bays are rated 400 kW, above their cabinet's 300 kW (cabinetKw), so a bay draws at most 300 kW: if cabinetKw was meant per bay, give the cabinet's whole rating",
    ]);
  });

  test('a power written in MW or in W (1 for a 1 MW cabinet, 400000 for 400 kW): noted for cabinets, bays, trucks that may come and the battery', () => {
    const raw = baseRaw();
    raw.hub.chargers = [ccsGroup('ccs', 2, 400), { id: 'mcs', connector: 'MCS', cabinets: 2, cabinetKw: 1 }, ccsGroup('wide', 1, 400000, 1, 350)];
    raw.fleet = [
      { name: 'big', share: 1, batteryKwh: 600, maxKw: { CCS: 400, MCS: 1 } },
      { name: 'never', share: 0, batteryKwh: 600, maxKw: { CCS: 2 } },
    ];
    raw.hub.gridKw = 5000;
    raw.hub.battery = { capacityKwh: 2000, powerKw: 2 };
    expect(powerUnitNotes(scenarioOf(raw))).toEqual([
      "hub.chargers[1].cabinetKw: mcs's cabinet of 1 kW is a few kW, where a truck's charging takes hundreds; a power in MW is written in kW (1000 kW for 1 MW)",
      "hub.chargers[2].cabinetKw: wide's cabinet of 400000 kW is 100 MW or more; a power in W is written in kW (400 kW for 400000 W)",
      "fleet[0].maxKw.MCS: big's MCS power of 1 kW is a few kW, where a truck's charging takes hundreds; a power in MW is written in kW (1000 kW for 1 MW)",
      "hub.battery.powerKw: the battery's power of 2 kW is a few kW, where a truck's charging takes hundreds; a power in MW is written in kW (2000 kW for 2 MW)",
    ]);
    // Powers a hub has, from a van's 10 kW or a depot's 22 kW to a megawatt charger: nothing to say.
    raw.hub.chargers = [ccsGroup('ac', 2, 22), ccsGroup('van', 2, 10), { id: 'mcs', connector: 'MCS', cabinets: 1, cabinetKw: 3750 }];
    raw.fleet = [{ name: 'big', share: 1, batteryKwh: 600, maxKw: { CCS: 22, MCS: 1200 } }];
    raw.hub.battery = { capacityKwh: 2000, powerKw: 1000 };
    expect(powerUnitNotes(scenarioOf(raw))).toEqual([]);
  });

  test('a priced connection larger than all the cabinets and the battery draw: connection_cost bills every kW of it', () => {
    const raw = baseRaw();
    raw.hub.chargers = [ccsGroup('ccs', 2, 400)];
    raw.hub.gridKw = 4000;
    raw.economics = { connectionCostPerKwYear: 50 };
    expect(connectionCostNotes(scenarioOf(raw))).toEqual(['hub.gridKw: connection_cost bills the whole 4000 kW connection (economics.connectionCostPerKwYear), though all the cabinets draw at most 800 kW together']);
    raw.hub.battery = { capacityKwh: 2000, powerKw: 1000 };
    expect(connectionCostNotes(scenarioOf(raw))).toEqual(['hub.gridKw: connection_cost bills the whole 4000 kW connection (economics.connectionCostPerKwYear), though all the cabinets and the battery draw at most 1800 kW together']);
    // No more than they draw, or not priced: nothing to say.
    raw.hub.gridKw = 1800;
    expect(connectionCostNotes(scenarioOf(raw))).toEqual([]);
    raw.hub.gridKw = 4000;
    raw.economics = { sellingPrice: 0.5 };
    expect(connectionCostNotes(scenarioOf(raw))).toEqual([]);
  });

  test('a connection below what one bay draws alone (a limit written in MW): noted, with the battery beside it counted; not one at or above the smallest bay', () => {
    const raw = baseRaw();
    raw.hub.chargers = [ccsGroup('ccs', 2, 400, 1, 400)];
    raw.hub.gridKw = 3.2;
    expect(gridBelowBayNotes(scenarioOf(raw))).toEqual(['hub.gridKw: 3.2 kW is below what one bay draws alone (400 kW), so a truck charging alone draws at most 3.2 kW; a limit in MW is written in kW (3200 kW for 3.2 MW)']);
    // Too small for a limit in MW (1 MW is less than the bay's 1,500 kW): no such hint.
    raw.hub.chargers = [ccsGroup('ccs', 2, 1500, 1, 1500)];
    raw.hub.gridKw = 1;
    expect(gridBelowBayNotes(scenarioOf(raw))).toEqual(['hub.gridKw: 1 kW is below what one bay draws alone (1500 kW), so a truck charging alone draws at most 1 kW']);
    raw.hub.chargers = [ccsGroup('ccs', 2, 400, 1, 400)];
    raw.hub.gridKw = 150;
    raw.hub.battery = { capacityKwh: 500, powerKw: 200 };
    expect(gridBelowBayNotes(scenarioOf(raw))).toEqual(["hub.gridKw: 150 kW is below what one bay draws alone (400 kW), so a truck charging alone draws at most 350 kW with the battery's 200 kW"]);
    raw.hub.battery = { capacityKwh: 500, powerKw: 250 };
    expect(gridBelowBayNotes(scenarioOf(raw))).toEqual([]);
    delete raw.hub.battery;
    raw.hub.gridKw = 400;
    expect(gridBelowBayNotes(scenarioOf(raw))).toEqual([]);
    delete raw.hub.gridKw;
    expect(gridBelowBayNotes(scenarioOf(raw))).toEqual([]);
  });

  test('a battery without a target beside a connection no less than the cabinets draw: it never gives power', () => {
    const raw = baseRaw();
    raw.hub.chargers = [ccsGroup('ccs', 4, 400, 1, 400)];
    raw.hub.gridKw = 1600;
    raw.hub.battery = { capacityKwh: 500, powerKw: 200 };
    const said = "hub.battery: the grid connection's 1600 kW is no less than all the cabinets and bays draw together (1600 kW), so it never holds charging back, and a battery without a peak-shaving target, which only tops up what it holds back, never gives power (yet it charges from what the connection leaves spare until it is full, which adds to the grid draw and what it costs): give it strategy \"peakShaving\" with a targetKw below 1600 kW to shave peaks";
    expect(idleBatteryNotes(scenarioOf(raw))).toEqual([said]);
    expect(scenarioNotes(scenarioOf(raw))).toContain(said);
    // Below the cabinets at some hour, a target of its own, or two bays sharing a cabinet's 400 kW: it has work.
    raw.hub.gridKw = { byHour: [...Array(23).fill(2000), 1500] };
    expect(idleBatteryNotes(scenarioOf(raw))).toEqual([]);
    raw.hub.gridKw = 1600;
    // Peak shaving without a target acts as greedy: it is told the target it lacks.
    raw.hub.battery = { capacityKwh: 500, powerKw: 200, strategy: 'peakShaving' };
    expect(idleBatteryNotes(scenarioOf(raw))[0]).toMatch(/what it costs\): give it a targetKw below 1600 kW to shave peaks$/);
    raw.hub.battery = { capacityKwh: 500, powerKw: 200, strategy: 'peakShaving', targetKw: 1200 };
    expect(idleBatteryNotes(scenarioOf(raw))).toEqual([]);
    // A target the cabinets never reach is never passed, with a grid limit above it or none.
    raw.hub.gridKw = 2000;
    raw.hub.battery = { capacityKwh: 500, powerKw: 200, strategy: 'peakShaving', targetKw: 1800 };
    const never = 'hub.battery.targetKw: 1800 kW is no lower than all the cabinets and bays draw together (1600 kW), so the site never draws more than it and the battery never gives power: give a target below 1600 kW to shave peaks';
    expect(idleBatteryNotes(scenarioOf(raw))).toEqual([never]);
    delete raw.hub.gridKw;
    expect(idleBatteryNotes(scenarioOf(raw))).toEqual([never]);
    // A limit by hour below the cabinets at some hour is the target in force then: the battery gives power.
    raw.hub.gridKw = { byHour: [...Array(23).fill(2000), 1500] };
    expect(idleBatteryNotes(scenarioOf(raw))).toEqual([]);
    raw.hub.gridKw = { byHour: [...Array(23).fill(2000), 1600] };
    expect(idleBatteryNotes(scenarioOf(raw))).toEqual([never]);
    raw.hub.gridKw = 1600;
    raw.hub.battery = { capacityKwh: 500, powerKw: 200 };
    raw.hub.chargers = [ccsGroup('ccs', 4, 400, 2, 400)];
    expect(idleBatteryNotes(scenarioOf(raw))[0]).toContain('(1600 kW)');
    raw.hub.gridKw = 1500;
    expect(idleBatteryNotes(scenarioOf(raw))).toEqual([]);
  });

  test('a break that ends the charge, or a patience, of a few seconds: hours written where minutes go', () => {
    const raw = baseRaw();
    raw.behaviour = { breakMin: 0.75, leave: 'breakEnd' };
    const breakSaid = 'the break, which ends the charge (leave "breakEnd"), lasts at most 0.75 min; breakMin is in minutes: 45 for 0.75 hours';
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual([`behaviour.breakMin: ${breakSaid}`]);
    expect(scenarioNotes(scenarioOf(raw))).toEqual([`behaviour.breakMin: ${breakSaid}`]);
    // A break that does not end the charge changes only when the driver drives on.
    raw.behaviour = { breakMin: 0.75, leave: 'charged' };
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual([]);
    raw.behaviour = { breakMin: { dist: 'uniform', min: 0.25, max: 0.5 }, leave: 'charged', patienceMin: { dist: 'uniform', min: 0.25, max: 0.5 } };
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual(["behaviour.patienceMin: a driver's patience in the queue lasts at most 0.5 min; patienceMin is in minutes: 30 for 0.5 hours"]);
    raw.behaviour = { breakMin: 45, leave: 'charged', patienceMin: { dist: 'uniform', min: 0.5, max: 1 } };
    expect(minutesAsHoursNotes(scenarioOf(raw))[0]).toMatch(/: 60 for 1 hour$/);
    // Some patience of minutes, a patience of none (0: drive on unless a bay is free), or one without bound of minutes on average: no note.
    for (const patienceMin of [{ dist: 'uniform', min: 0.5, max: 5 }, 0, { dist: 'exponential', mean: 5 }]) {
      raw.behaviour = { breakMin: 45, leave: 'charged', patienceMin };
      expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual([]);
    }
    // Without bound (a normal, an exponential), judged by its mean: 45 ± 6 minutes typed in hours.
    raw.behaviour = { breakMin: { dist: 'normal', mean: 0.75, sd: 0.1 }, leave: 'breakEnd', patienceMin: { dist: 'exponential', mean: 0.5 } };
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual([
      'behaviour.breakMin: the break, which ends the charge (leave "breakEnd"), lasts 0.75 min on average; breakMin is in minutes: 45 for 0.75 hours',
      "behaviour.patienceMin: a driver's patience in the queue lasts 0.5 min on average; patienceMin is in minutes: 30 for 0.5 hours",
    ]);
    // One type's own: named by its type; a type that never comes is no matter.
    raw.behaviour = { breakMin: 45, leave: 'breakEnd' };
    raw.fleet = [
      { name: 'a', share: 1, batteryKwh: 500, maxKw: { CCS: 400 }, behaviour: { breakMin: 1.5 } },
      { name: 'b', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } },
      { name: 'c', share: 0, batteryKwh: 500, maxKw: { CCS: 400 }, behaviour: { breakMin: 1 } },
    ];
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual(['fleet[0] (a): the break, which ends the charge (leave "breakEnd"), lasts at most 1.5 min; breakMin is in minutes: 90 for 1.5 hours']);
    // A trace's breaks, given row by row, are the rows' to say.
    expect(minutesAsHoursNotes(traceScenario(raw, 'arrival_min,fleet,break_min\n1,a,30\n'))).toEqual([]);
    // A row that leaves its break to the scenario takes type a's 1.5 min.
    expect(minutesAsHoursNotes(traceScenario(raw, 'arrival_min,fleet,break_min\n1,a,30\n2,a,\n'))).toEqual(['fleet[0] (a): the break, which ends the charge (leave "breakEnd"), lasts at most 1.5 min; breakMin is in minutes: 90 for 1.5 hours']);
    // An overnight stop's rest of 8 is 8 hours written, though 8 minutes of a break would pass.
    raw.fleet = [
      { name: 'night', share: 1, batteryKwh: 500, maxKw: { CCS: 400 }, stop: 'overnight', behaviour: { breakMin: 8 } },
      { name: 'day', share: 1, batteryKwh: 500, maxKw: { CCS: 400 }, behaviour: { breakMin: 8 } },
    ];
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual(['fleet[0] (night): the break, which ends the charge (leave "breakEnd"), lasts at most 8 min; breakMin is in minutes: 480 for 8 hours']);
    raw.fleet[0].behaviour = { breakMin: 480 };
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual([]);
    // No break at all that ends the charge: every truck reneges, which is said, not hours for minutes.
    raw.fleet = [{ name: 'a', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } }];
    raw.behaviour = { breakMin: 0, leave: 'breakEnd' };
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual(['behaviour.breakMin: the break, which ends the charge (leave "breakEnd"), lasts 0 min: every truck drives on as it arrives, and none charges (one at its target already counts as charged, any other as reneged)']);
    raw.behaviour = { breakMin: 0, leave: 'charged' };
    expect(minutesAsHoursNotes(scenarioOf(raw))).toEqual([]);
  });

  test("a peak-shaving target at or above the connection: the limit holds instead, as with no target; not one below it, nor a greedy battery's", () => {
    const raw = baseRaw();
    raw.hub.gridKw = 700;
    raw.hub.battery = { capacityKwh: 500, powerKw: 200, strategy: 'peakShaving', targetKw: 700 };
    const said = 'so the battery holds the grid draw at the limit in force, as if targetKw were left out: to shave peaks, give a target below the connection';
    expect(targetAboveLimitNotes(scenarioOf(raw))).toEqual([`hub.battery.targetKw: 700 kW is not below the grid connection's 700 kW (hub.gridKw), ${said}`]);
    raw.hub.gridKw = { byHour: [...Array(23).fill(400), 650] };
    expect(targetAboveLimitNotes(scenarioOf(raw))).toEqual([`hub.battery.targetKw: 700 kW is not below the grid limit's largest value, 650 kW (hub.gridKw), ${said}`]);
    // Beside a connection above what the cabinets draw, the target to give is below the cabinets'.
    raw.hub.gridKw = 2000;
    raw.hub.battery.targetKw = 2000;
    expect(targetAboveLimitNotes(scenarioOf(raw))[0]).toMatch(/to shave peaks, give a target below 800 kW, what all the cabinets and bays draw together$/);
    raw.hub.battery.targetKw = 700;
    raw.hub.gridKw = 800;
    expect(targetAboveLimitNotes(scenarioOf(raw))).toEqual([]);
    delete raw.hub.battery.targetKw;
    expect(targetAboveLimitNotes(scenarioOf(raw))).toEqual([]);
  });

  test('a peak-shaving target of 0 kW: the battery never recharges; not a target above it, nor one the connection note covers', () => {
    const raw = baseRaw();
    raw.hub.gridKw = 700;
    raw.hub.battery = { capacityKwh: 500, powerKw: 200, strategy: 'peakShaving', targetKw: 0 };
    const note = 'hub.battery.targetKw: 0 kW leaves the battery nothing to recharge from: a peak-shaving battery charges only while the grid draw is below its target, which it never is, so it gives out what it holds at the start (initialSoc) and then stays empty; to shave peaks, give a target above zero';
    expect(targetZeroNotes(scenarioOf(raw))).toEqual([note]);
    expect(scenarioNotes(scenarioOf(raw))).toContain(note);
    raw.hub.battery.targetKw = 1;
    expect(targetZeroNotes(scenarioOf(raw))).toEqual([]);
    raw.hub.battery = { capacityKwh: 500, powerKw: 200, strategy: 'greedy' };
    expect(targetZeroNotes(scenarioOf(raw))).toEqual([]);
    // With no connection (peakShaving with a target needs none) the target is the only limit.
    delete raw.hub.gridKw;
    raw.hub.battery = { capacityKwh: 500, powerKw: 200, strategy: 'peakShaving', targetKw: 0 };
    expect(targetZeroNotes(scenarioOf(raw))).toEqual([note]);
  });

  test('trucks that arrive at or above their target SoC, every one of them: none wants energy', () => {
    const raw = baseRaw();
    raw.demand = { arrivalSoc: 0.9, targetSoc: 0.8 };
    const outcome = 'so none wants any energy: each plugs in and unplugs at once with nothing delivered (were arrivalSoc and targetSoc swapped?)';
    expect(nothingWantedNotes(scenarioOf(raw))).toEqual([`demand: all trucks arrive at SoC 0.9, at or above their targetSoc (0.8), ${outcome}`]);
    // One type of two, by its bounds: it arrives at 0.8 or more and wants at most 0.8.
    raw.demand = { arrivalSoc: 0.2, targetSoc: { dist: 'normal', mean: 0.7, sd: 0.1, max: 0.8 } };
    raw.fleet = [
      { name: 'full', share: 1, batteryKwh: 500, maxKw: { CCS: 400 }, demand: { arrivalSoc: { dist: 'uniform', min: 0.8, max: 0.9 } } },
      { name: 'other', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } },
    ];
    expect(nothingWantedNotes(scenarioOf(raw))).toEqual([`fleet[0] (full): its trucks arrive at SoC 0.8 or more, at or above their targetSoc (at most 0.8), ${outcome}`]);
    // Some trucks of it may want energy: an arrival SoC that can lie under the target, or no bound on the target.
    raw.fleet[0].demand.arrivalSoc = { dist: 'uniform', min: 0.79, max: 0.9 };
    expect(nothingWantedNotes(scenarioOf(raw))).toEqual([]);
    raw.fleet[0].demand.arrivalSoc = 0.9;
    raw.demand.targetSoc = { dist: 'normal', mean: 0.7, sd: 0.1 };
    expect(nothingWantedNotes(scenarioOf(raw))).toEqual([]);
    // A type of share 0 never arrives: what it would want is no matter, and the others are all the trucks.
    raw.demand = { arrivalSoc: 0.9, targetSoc: 0.8 };
    raw.fleet = [
      { name: 'full', share: 1, batteryKwh: 500, maxKw: { CCS: 400 } },
      { name: 'never', share: 0, batteryKwh: 500, maxKw: { CCS: 400 }, demand: { arrivalSoc: 0.95 } },
    ];
    expect(nothingWantedNotes(scenarioOf(raw))).toEqual([`demand: all trucks arrive at SoC 0.9, at or above their targetSoc (0.8), ${outcome}`]);
    raw.fleet[0].demand = { arrivalSoc: 0.1 };
    expect(nothingWantedNotes(scenarioOf(raw))).toEqual([]);
    // Energy wanted, or SoCs a trace gives row by row.
    expect(nothingWantedNotes(scenarioOf({ ...baseRaw(), demand: { arrivalSoc: 0.9, energyKwh: 100 } }))).toEqual([]);
    expect(nothingWantedNotes(traceScenario({ ...baseRaw(), demand: { arrivalSoc: 0.9, targetSoc: 0.8 } }, 'arrival_min,soc_in\n10,0.1\n'))).toEqual([]);
    // An energy of 0 to charge is nothing wanted too (but not where a trace's column gives it row by row).
    expect(nothingWantedNotes(scenarioOf({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: 0 } }))).toEqual([
      'demand: all trucks want 0 kWh (energyKwh), so none wants any energy: each plugs in and unplugs at once with nothing delivered',
    ]);
    expect(nothingWantedNotes(traceScenario({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: 0 } }, 'arrival_min,energy_kwh\n10,100\n'))).toEqual([]);
    // A type's own field is named as that type's, though it be the only type: the scenario's demand does not hold it.
    const own = baseRaw();
    own.fleet[0].demand = { energyKwh: 0 };
    expect(nothingWantedNotes(scenarioOf(own))).toEqual([`fleet[0] (${own.fleet[0].name}): its trucks want 0 kWh (energyKwh), so none wants any energy: each plugs in and unplugs at once with nothing delivered`]);
    own.fleet[0].demand = { targetSoc: 0.01 };
    expect(nothingWantedNotes(scenarioOf(own))[0]).toMatch(new RegExp(`^fleet\\[0\\] \\(${own.fleet[0].name}\\): its trucks arrive at SoC`));
    // A kWh or less is an energy in MWh, or a share of the battery, written in kWh's place.
    expect(nothingWantedNotes(scenarioOf({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: 0.6 } }))).toEqual([
      "demand: all trucks want at most 0.6 kWh (energyKwh), where a truck's charge takes hundreds: an energy in MWh is written in kWh (600 for 0.6 MWh), and a share of the battery is targetSoc",
    ]);
    expect(nothingWantedNotes(scenarioOf({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: { dist: 'uniform', min: 0.2, max: 0.5 } } }))[0]).toMatch(/^demand: all trucks want at most 0\.5 kWh \(energyKwh\)/);
    expect(nothingWantedNotes(scenarioOf({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: 1.5 } }))).toEqual([]);
    // Without bound, judged by its mean.
    expect(nothingWantedNotes(scenarioOf({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: { dist: 'exponential', mean: 0.5 } } }))[0]).toMatch(/^demand: all trucks want 0\.5 kWh on average \(energyKwh\), where a truck's charge takes hundreds: an energy in MWh is written in kWh \(500 for 0\.5 MWh\)/);
    expect(nothingWantedNotes(scenarioOf({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: { dist: 'exponential', mean: 300 } } }))).toEqual([]);
    expect(nothingWantedNotes(traceScenario({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: 0.6 } }, 'arrival_min,energy_kwh\n10,100\n'))).toEqual([]);
    // A SoC in the rows leaves the energy to charge as the scenario says; a column empty in every row sets nothing.
    expect(nothingWantedNotes(traceScenario({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: 0.6 } }, 'arrival_min,soc_in\n10,0.3\n'))[0]).toMatch(/^demand: all trucks want at most 0\.6 kWh/);
    expect(nothingWantedNotes(traceScenario({ ...baseRaw(), demand: { arrivalSoc: 0.9, targetSoc: 0.8 } }, 'arrival_min,soc_in\n10,\n20,\n'))[0]).toMatch(/^demand: all trucks arrive at SoC 0\.9/);
    expect(nothingWantedNotes(traceScenario({ ...baseRaw(), demand: { arrivalSoc: 0.2, energyKwh: 0 } }, 'arrival_min,target_soc\n10,0.8\n'))).toEqual([]);
    expect(nothingWantedNotes(traceScenario({ ...baseRaw(), demand: { arrivalSoc: 0.9, targetSoc: 0.8 } }, 'arrival_min,energy_kwh\n10,100\n'))).toEqual([]);
  });

  test('no power interval wholly inside the statistics window: the peaks are empty', () => {
    const raw = baseRaw();
    raw.horizon = { days: 0.005 };
    expect(noIntervalNotes(scenarioOf(raw))).toEqual([
      'output.powerIntervalMin: no interval of 15 minutes lies wholly inside the statistics window (minute 0 to 7.2; intervals start at time 0), so grid_peak_kw and demand_peak_kw are empty: give a shorter interval or a longer window',
    ]);
    // The window's last 7.2 minutes, cut out of a 15-minute interval; with a demand charge, whose peaks these are.
    raw.horizon = { days: 1, warmupDays: 0.995 };
    raw.economics = { demandCharge: { perKw: 10 } };
    expect(noIntervalNotes(scenarioOf(raw))[0]).toMatch(/\(minute 1432\.8 to 1440; intervals start at time 0\), so grid_peak_kw, demand_peak_kw and demand_charge are empty/);
    // And the margin, which takes the demand charge off, where it is priced.
    raw.economics.sellingPrice = 0.5;
    expect(noIntervalNotes(scenarioOf(raw))[0]).toMatch(/, so grid_peak_kw, demand_peak_kw, demand_charge and margin_per_kwh are empty/);
    // One interval that meets the window's edges exactly is inside it.
    raw.horizon = { days: 1, warmupDays: 1 - 15 / 1440 };
    expect(noIntervalNotes(scenarioOf(raw))).toEqual([]);
    // The metrics are empty indeed.
    raw.horizon = { days: 0.005 };
    const r = simulate(scenarioOf(raw), 1);
    expect([r.metrics.grid_peak_kw, r.metrics.demand_peak_kw]).toEqual([NaN, NaN]);
  });
});
