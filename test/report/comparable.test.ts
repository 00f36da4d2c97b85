import { describe, expect, test } from '@jest/globals';
import { alikeNotes, comparisonNotes, pairingNotes } from '../../src/report/comparable.js';

// Scenario files as written: compared as the model reads them.
const base = {
  name: 'a',
  horizon: { days: 7, warmupDays: 1 },
  hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] },
  arrivals: { trucksPerDay: 40, hourly: Array.from({ length: 24 }, (_, h) => 1 + (h % 5)) },
  fleet: [
    { name: 'x', share: 0.25, batteryKwh: 600, maxKw: { CCS: 400 } },
    { name: 'y', share: 0.75, batteryKwh: 500, maxKw: { CCS: 300 } },
  ],
  demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
  behaviour: { breakMin: 45 },
};
const fleet = (i: number, patch: object) => base.fleet.map((t, j) => (j === i ? { ...t, ...patch } : t));

describe('comparisonNotes', () => {
  test('none for what the model reads alike: a default written out, weights or shares scaled', () => {
    for (const b of [
      { ...base, hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 3, cabinetKw: 400 }] } },
      { ...base, arrivals: { ...base.arrivals, hourly: base.arrivals.hourly.map((w) => w * 3), weekly: [1, 1, 1, 1, 1, 1, 1], growthPerYear: 0 } },
      { ...base, fleet: base.fleet.map((t) => ({ ...t, share: t.share * 2 })) },
      { ...base, behaviour: { breakMin: 45, leave: 'charged' }, output: { serviceThresholdMin: 15, powerIntervalMin: 15 } },
    ]) {
      expect(comparisonNotes(base, b)).toEqual([]);
    }
  });

  test('weights too small for their mean to keep its precision are read as the model reads them', () => {
    // The model scales them by their sum: one hour's 5e-324 among zeros is that hour alone, as a 1 is.
    const alone = (w: number) => Array.from({ length: 24 }, (_, h) => (h === 7 ? w : 0));
    expect(comparisonNotes({ ...base, arrivals: { trucksPerDay: 40, hourly: alone(1) } }, { ...base, arrivals: { trucksPerDay: 40, hourly: alone(5e-324) } })).toEqual([]);
  });

  test('a week of hourly rates written out as hourOfWeek is the hourly × weekly weights it multiplies out to', () => {
    const weekly = [1.05, 1.1, 1.1, 1.1, 1.05, 0.5, 0.1];
    const hourly = base.arrivals.hourly.map((w) => w / 10 + 0.3);
    const week = Array.from({ length: 168 }, (_, k) => hourly[k % 24] * weekly[Math.floor(k / 24)] * 7);
    const a = { ...base, arrivals: { trucksPerDay: 40, hourly, weekly } };
    expect(comparisonNotes(a, { ...base, arrivals: { trucksPerDay: 40, hourOfWeek: week } })).toEqual([]);
    expect(comparisonNotes({ ...base, arrivals: { trucksPerDay: 40, hourOfWeek: week } }, a)).toEqual([]);
    expect(comparisonNotes(a, { ...base, arrivals: { trucksPerDay: 40, hourOfWeek: week.map((w, k) => (k === 0 ? w * 2 : w)) } })[0]).toMatch(
      /^A and B do not see the same trucks: they differ in arrivals.hourOfWeek,/,
    );
    // Both written hour by hour and day by day: the note names what was written.
    expect(comparisonNotes(a, { ...base, arrivals: { trucksPerDay: 40, hourly, weekly: [...weekly.slice(0, 6), 0.2] } })[0]).toMatch(/they differ in arrivals.weekly,/);
  });

  test('other trucks: other arrivals, types or shares', () => {
    const [note] = comparisonNotes(base, { ...base, fleet: fleet(0, { share: 0.5 }) });
    expect(note).toMatch(/^A and B do not see the same trucks: they differ in fleet\[0\].share, fleet\[1\].share \(shares as the fractions of all trucks they make/);
    expect(comparisonNotes(base, { ...base, arrivals: { ...base.arrivals, growthPerYear: 0.05 } })[0]).toMatch(/differ in arrivals.growthPerYear,/);
    // A type's own hours of arrival are other trucks; hours that write out the scenario's (scaled) are none.
    const night = Array.from({ length: 24 }, (_, h) => (h >= 20 || h < 6 ? 1 : 0));
    expect(comparisonNotes(base, { ...base, fleet: fleet(1, { hourly: night }) })).toEqual([expect.stringMatching(/^A and B do not see the same trucks: they differ in fleet\[1\]\.hourly,/)]);
    expect(comparisonNotes(base, { ...base, fleet: fleet(1, { hourly: base.arrivals.hourly.map((w) => w * 2) }) })).toEqual([]);
    // The scenario's hours, when every type has its own, come into no truck; every type with the
    // same hours of its own is the scenario with those hours.
    const day = night.map((w) => 1 - w);
    const own = { ...base, fleet: [{ ...base.fleet[0], hourly: day }, { ...base.fleet[1], hourly: night }] };
    expect(comparisonNotes(own, { ...own, arrivals: { ...base.arrivals, hourly: night } })).toEqual([]);
    // Nor where they are written: a type of its own hours beside one of the scenario's is the same.
    expect(comparisonNotes(own, { ...base, arrivals: { ...base.arrivals, hourly: night }, fleet: [own.fleet[0], base.fleet[1]] })).toEqual([]);
    const allNight = { ...base, fleet: base.fleet.map((t) => ({ ...t, hourly: night })) };
    expect(comparisonNotes(allNight, { ...base, arrivals: { ...base.arrivals, hourly: night } })).toEqual([]);
  });

  test('a charger group with failures named otherwise fails at other times: the note says so; moved, added or without failures, nothing', () => {
    const failures = { betweenMin: { dist: 'exponential', mean: 1440 }, repairMin: 240 };
    const group = (id: string, more: object = {}) => ({ id, connector: 'CCS', cabinets: 2, cabinetKw: 400, ...more });
    const hub = (...chargers: object[]) => ({ ...base, hub: { chargers } });
    expect(comparisonNotes(hub(group('ccs', { failures })), hub(group('ccs-phase1', { failures })))).toEqual([
      "A and B name charger groups with failures differently (hub.chargers[0].id: ccs in A, ccs-phase1 in B): a group's failures are drawn by its id, so its bays fail at other times in B, and B − A includes that; give the group the same id to compare the hubs on the same failures",
    ]);
    // Renamed without failures: nothing is drawn by the id.
    expect(comparisonNotes(hub(group('ccs')), hub(group('ccs-phase1')))).toEqual([]);
    // Moved in the list, each keeps its id and its failures; a group added in B is the hubs' difference.
    expect(comparisonNotes(hub(group('ccs', { failures }), group('mcs', { failures })), hub(group('mcs', { failures }), group('ccs', { failures })))).toEqual([]);
    expect(comparisonNotes(hub(group('ccs', { failures })), hub(group('ccs', { failures }), group('mcs', { failures })))).toEqual([]);
    // Renamed and moved (phase two listing its new MCS group first): still a rename, paired by connector.
    const mcs = (id: string) => group(id, { connector: 'MCS', failures });
    expect(comparisonNotes(hub(group('ccs', { failures })), hub(mcs('mcs'), group('ccs-phase1', { failures })))).toEqual([
      "A and B name charger groups with failures differently (hub.chargers[0].id: ccs in A, ccs-phase1 in B's hub.chargers[1]): a group's failures are drawn by its id, so its bays fail at other times in B, and B − A includes that; give the group the same id to compare the hubs on the same failures",
    ]);
    // A group whose id B keeps without failures, beside a new failing one, is no rename.
    expect(comparisonNotes(hub(group('ccs', { failures })), hub(group('ccs'), mcs('mcs')))).toEqual([]);
    // Renamed with its connector changed too: paired by what is left.
    expect(comparisonNotes(hub(group('ccs', { failures })), hub(mcs('mcs')))).toEqual([
      "A and B name charger groups with failures differently (hub.chargers[0].id: ccs in A, mcs in B): a group's failures are drawn by its id, so its bays fail at other times in B, and B − A includes that; give the group the same id to compare the hubs on the same failures",
    ]);
  });

  test("types named otherwise are the same trucks: the note says only that the names differ", () => {
    expect(comparisonNotes(base, { ...base, fleet: fleet(1, { name: 'z' }) })).toEqual([
      "A and B name their fleet types differently (fleet[1].name: y in A, z in B): a name alone changes no truck, but per-type figures stand under each side's own names",
    ]);
    // Types listed in another order are no renames: a type is drawn by its place, and what that
    // changes is what the note names, not a name that "changes no truck".
    const reversed = comparisonNotes(base, { ...base, fleet: [...base.fleet].reverse() });
    expect(reversed.length).toBeGreaterThan(0);
    expect(reversed.join('\n')).not.toContain('name their fleet types differently');
    // Two types alike but for their names, listed the other way round: each place draws the same
    // trucks, and only the names moved.
    const twins = { ...base, fleet: [base.fleet[0], { ...base.fleet[0], name: 'y' }] };
    expect(comparisonNotes(twins, { ...twins, fleet: [...twins.fleet].reverse() })).toEqual([
      "A and B name their fleet types differently (fleet[0].name: x in A, y in B, fleet[1].name: y in A, x in B): a name alone changes no truck, but per-type figures stand under each side's own names",
    ]);
    // A type renamed and changed: the change is what the note names.
    expect(comparisonNotes(base, { ...base, fleet: fleet(1, { name: 'z', share: 0.5 }) })[0]).toMatch(/^A and B do not see the same trucks: they differ in fleet\[0\].share, fleet\[1\].share \(shares as the fractions of all trucks they make/);
    // A type added: other trucks, and no name to set against it.
    expect(comparisonNotes(base, { ...base, fleet: [...base.fleet, { ...base.fleet[0], name: 'w' }] })).toEqual([expect.stringMatching(/^A and B do not see the same trucks: they differ in fleet\[0\].share, fleet\[1\].share, B's fleet\[2\] \(shares as the fractions of all trucks they make/)]);
  });

  test("the same arrivals, but trucks that want or do other things: a type's battery, demand or behaviour", () => {
    expect(comparisonNotes(base, { ...base, fleet: fleet(0, { batteryKwh: 700 }) })).toEqual([
      expect.stringMatching(/^A and B see the same arrivals, but their trucks differ in fleet\[0\].batteryKwh: B − A includes what that changes/),
    ]);
    expect(comparisonNotes(base, { ...base, behaviour: { breakMin: 45, leave: 'breakEnd' } })[0]).toMatch(/their trucks differ in behaviour.leave:/);
  });

  test("defaults written out, and a constant written as a distribution, are what the model reads when left out: no note", () => {
    // The model reads a left-out arrivalSoc as 0, breakMin as 45 and a type's stop as "break"; a
    // plain number is the constant distribution of that value. None of these changes a truck.
    const bare = { ...base, demand: { targetSoc: 0.8 }, behaviour: undefined };
    const written = { ...base, demand: { arrivalSoc: 0, targetSoc: { dist: 'constant', value: 0.8 } }, behaviour: { breakMin: { dist: 'constant', value: 45 }, leave: 'charged' }, fleet: fleet(0, { stop: 'break' }) };
    expect(comparisonNotes(bare, written)).toEqual([]);
    expect(comparisonNotes(written, bare)).toEqual([]);
    // A type's override of the default, written out, is no override either.
    expect(comparisonNotes(bare, { ...bare, fleet: fleet(1, { behaviour: { breakMin: 45 }, demand: { arrivalSoc: 0 } }) })).toEqual([]);
    // A constant with truncation bounds is its value (validation refuses one outside them).
    expect(comparisonNotes(bare, { ...bare, demand: { targetSoc: { dist: 'constant', value: 0.8, min: 0.5, max: 0.9 } }, behaviour: { breakMin: { dist: 'constant', value: 45, max: 60 } } })).toEqual([]);
    // Other values still are.
    expect(comparisonNotes(bare, { ...bare, behaviour: { breakMin: 50 } })).toEqual([expect.stringMatching(/their trucks differ in behaviour.breakMin:/)]);
    expect(comparisonNotes(bare, { ...bare, fleet: fleet(0, { stop: 'overnight' }) })).toEqual([expect.stringMatching(/their trucks differ in fleet\[0\].stop:/)]);
    expect(comparisonNotes(bare, { ...bare, demand: { arrivalSoc: { dist: 'constant', value: 0.1 }, targetSoc: 0.8 } })).toEqual([expect.stringMatching(/differ in demand.arrivalSoc:/)]);
  });

  test("a type's curve is read per connector as the model reads it: flat written out, or one curve given once per connector, is no difference", () => {
    const both = { ...base, fleet: fleet(0, { maxKw: { CCS: 400, MCS: 1000 } }) };
    const taper = [[0, 1], [0.8, 1], [1, 0.25]];
    expect(comparisonNotes(both, { ...both, fleet: both.fleet.map((t, i) => (i === 0 ? { ...t, curve: [[0, 1], [1, 1]] } : t)) })).toEqual([]);
    expect(comparisonNotes(both, { ...both, fleet: both.fleet.map((t, i) => (i === 0 ? { ...t, curve: { MCS: [[0, 1], [1, 1]] } } : t)) })).toEqual([]);
    const one = { ...both, fleet: both.fleet.map((t, i) => (i === 0 ? { ...t, curve: taper } : t)) };
    expect(comparisonNotes(one, { ...both, fleet: both.fleet.map((t, i) => (i === 0 ? { ...t, curve: { CCS: taper, MCS: taper } } : t)) })).toEqual([]);
    // A taper on one connector only is a difference, named by its connector.
    expect(comparisonNotes(both, { ...both, fleet: both.fleet.map((t, i) => (i === 0 ? { ...t, curve: { MCS: taper } } : t)) })).toEqual([expect.stringMatching(/their trucks differ in fleet\[0\]\.curve\.MCS/)]);
  });

  test("a type's override that writes out the scenario's own value, in any field order, is none: the same trucks draw alike", () => {
    const drawn = { ...base, demand: { arrivalSoc: { dist: 'normal', mean: 0.2, sd: 0.07, min: 0.05 }, targetSoc: 0.8 }, behaviour: { breakMin: 45 } };
    const same = { ...drawn, fleet: fleet(1, { demand: { arrivalSoc: { min: 0.05, sd: 0.07, mean: 0.2, dist: 'normal' } }, behaviour: { breakMin: 45 } }) };
    expect(comparisonNotes(drawn, same)).toEqual([]);
    expect(comparisonNotes(same, drawn)).toEqual([]);
    // Another value on one type is noted, by its path, as before.
    const other = { ...drawn, fleet: fleet(1, { demand: { arrivalSoc: { dist: 'normal', mean: 0.2, sd: 0.08, min: 0.05 } } }) };
    expect(comparisonNotes(drawn, other)).toEqual([expect.stringMatching(/^A and B see the same arrivals, but their trucks differ in fleet\[1\].demand.arrivalSoc.sd:/)]);
  });

  test("an empirical distribution's weights scaled alike, or all alike where none are given, are the same draws", () => {
    const emp = (weights?: number[]) => ({ ...base, demand: { arrivalSoc: { dist: 'empirical', values: [0.1, 0.2, 0.3], ...(weights ? { weights } : {}) }, targetSoc: 0.8 } });
    expect(comparisonNotes(emp([2, 4, 2]), emp([1, 2, 1]))).toEqual([]);
    expect(comparisonNotes(emp([3, 3, 3]), emp())).toEqual([]);
    expect(comparisonNotes(emp([1, 2, 1]), emp([1, 3, 1]))).toEqual([expect.stringMatching(/their trucks differ in demand.arrivalSoc.weights:/)]);
  });

  test('a scenario field every type that arrives overrides is read by no truck: another value of it is no difference', () => {
    const own = (targetSoc: number) => ({ ...base, demand: { targetSoc }, fleet: base.fleet.map((t) => ({ ...t, demand: { targetSoc: 0.8 } })) });
    expect(comparisonNotes(own(0.8), own(0.9))).toEqual([]);
    // A type that goes back to the scenario's value reads it: then it is one.
    const back = { ...own(0.9), fleet: own(0.9).fleet.map((t, i) => (i === 0 ? { ...t, demand: undefined } : t)) };
    expect(comparisonNotes(own(0.8), back)).toEqual([expect.stringMatching(/their trucks differ in /)]);
    // Written on one side only, it is read on neither.
    const patient = (behaviour: object) => ({ ...base, behaviour, fleet: base.fleet.map((t) => ({ ...t, behaviour: { patienceMin: 20 } })) });
    expect(comparisonNotes(patient({ breakMin: 45 }), patient({ breakMin: 45, patienceMin: 30 }))).toEqual([]);
    // A type's own energyKwh is its goal: the scenario's targetSoc is read by none of its trucks.
    const goal = (targetSoc: number) => ({ ...base, demand: { targetSoc }, fleet: base.fleet.map((t) => ({ ...t, demand: { energyKwh: 300 } })) });
    expect(comparisonNotes(goal(0.8), goal(0.9))).toEqual([]);
  });

  test("a type's own value that the other side's scenario gives every type is the same trucks: each type is compared as it draws", () => {
    // Phase two moves phase one's target into each type: every truck reads 0.9 on both sides.
    const scenarioSays = { ...base, demand: { targetSoc: 0.9 } };
    const typesSay = { ...base, demand: { targetSoc: 0.8 }, fleet: base.fleet.map((t) => ({ ...t, demand: { targetSoc: 0.9 } })) };
    expect(comparisonNotes(scenarioSays, typesSay)).toEqual([]);
    expect(comparisonNotes(typesSay, scenarioSays)).toEqual([]);
    const patience = { ...base, behaviour: { patienceMin: 20 } };
    expect(comparisonNotes(patience, { ...base, fleet: base.fleet.map((t) => ({ ...t, behaviour: { patienceMin: 20 } })) })).toEqual([]);
    // A type that reads the scenario's other value is named by the scenario's field, once; one
    // whose own value differs, by its own.
    const oneTypeSays = { ...typesSay, fleet: fleet(1, { demand: undefined }) };
    expect(comparisonNotes(scenarioSays, oneTypeSays)).toEqual([expect.stringMatching(/their trucks differ in demand\.targetSoc: /)]);
    const otherOwn = { ...typesSay, fleet: typesSay.fleet.map((t, i) => (i === 1 ? { ...t, demand: { targetSoc: 0.7 } } : t)) };
    expect(comparisonNotes(scenarioSays, otherOwn)).toEqual([expect.stringMatching(/their trucks differ in fleet\[1\]\.demand\.targetSoc: /)]);
    // A type that gives its own energy where the other side reads the scenario's target: named by the field it writes.
    expect(comparisonNotes(scenarioSays, { ...scenarioSays, fleet: fleet(0, { demand: { energyKwh: 200 } }) })).toEqual([expect.stringMatching(/their trucks differ in fleet\[0\]\.demand\.energyKwh: /)]);
    const both = { ...base, demand: { targetSoc: 0.8 }, fleet: fleet(1, { demand: { targetSoc: 0.7 } }) };
    expect(comparisonNotes(scenarioSays, both)).toEqual([expect.stringMatching(/their trucks differ in demand\.targetSoc, fleet\[1\]\.demand\.targetSoc: /)]);
  });

  test('prices: the same prices written another way make no note; other prices name what differs', () => {
    const prices = { energyPrice: 0.2, demandCharge: { perKw: 10 }, sellingPrice: 0.45 };
    const alike = { energyPrice: { byHour: Array.from({ length: 24 }, () => 0.2) }, demandCharge: { perKw: 10, periodDays: 30 }, sellingPrice: 0.45 };
    expect(comparisonNotes({ ...base, economics: prices }, { ...base, economics: alike })).toEqual([]);
    expect(comparisonNotes({ ...base, economics: prices }, { ...base, economics: { ...prices, energyPrice: { byHour: [...Array(23).fill(0.2), 0.3] }, demandCharge: { perKw: 10, periodDays: 28 } } })).toEqual([
      "A and B are priced differently (economics.energyPrice, economics.demandCharge.periodDays): B − A of energy_cost, demand_charge and margin_per_kwh includes that, not only the two hubs' difference",
    ]);
    // A price given on one side only leaves its metrics empty there, and their B − A with them.
    expect(comparisonNotes({ ...base, economics: prices }, { ...base, economics: { energyPrice: 0.2, demandCharge: { perKw: 10 } } })).toEqual([
      "A and B give different prices (economics.sellingPrice only in A): B's revenue and margin_per_kwh are empty, and so is their B − A; give both the same prices to compare what the two hubs cost",
    ]);
    expect(comparisonNotes({ ...base, economics: { energyPrice: 0.2 } }, { ...base, economics: { sellingPrice: 0.45 } })).toEqual([
      "A and B give different prices (economics.energyPrice only in A, economics.sellingPrice only in B): A's revenue and margin_per_kwh, and B's energy_cost, are empty, and so is their B − A; give both the same prices to compare what the two hubs cost",
    ]);
    // A margin on both sides, one of which prices a cost the other does not.
    expect(comparisonNotes({ ...base, economics: { energyPrice: 0.2, sellingPrice: 0.45 } }, { ...base, economics: { sellingPrice: 0.45 } })).toEqual([
      "A and B give different prices (economics.energyPrice only in A): B's energy_cost is empty, and so is their B − A; and each side's margin_per_kwh takes off only the costs it prices, so their B − A includes that; give both the same prices to compare what the two hubs cost",
    ]);
    // Prices on one side only: the money metrics are empty on the other, and the note says which side lacks them.
    expect(comparisonNotes(base, { ...base, economics: prices })).toEqual([
      "only B is priced (economics): A's energy_cost, demand_charge, revenue and margin_per_kwh are empty, and so is their B − A; give A the same economics to compare what the two hubs cost",
    ]);
    expect(comparisonNotes({ ...base, economics: prices }, base)[0]).toMatch(/^only A is priced \(economics\): B's energy_cost/);
    // Only the metrics the priced side defines: one it does not price either is empty on both.
    expect(comparisonNotes(base, { ...base, economics: { energyPrice: 0.18, sellingPrice: 0.45 } })).toEqual([
      "only B is priced (economics): A's energy_cost, revenue and margin_per_kwh are empty, and so is their B − A; give A the same economics to compare what the two hubs cost",
    ]);
    expect(comparisonNotes(base, { ...base, economics: { demandCharge: { perKw: 10 } } })[0]).toMatch(/^only B is priced \(economics\): A's demand_charge is empty, and so is its B − A;/);
    // Each price both give is set against the other's.
    const all = { ...prices, connectionCostPerKwYear: 80 };
    expect(comparisonNotes({ ...base, economics: all }, { ...base, economics: { ...all, demandCharge: { perKw: 12 }, connectionCostPerKwYear: 90, sellingPrice: 0.5 } })).toEqual([
      "A and B are priced differently (economics.demandCharge.perKw, economics.connectionCostPerKwYear, economics.sellingPrice): B − A of demand_charge, connection_cost, revenue and margin_per_kwh includes that, not only the two hubs' difference",
    ]);
    // Another selling price is in the revenue and the margin alone: the costs stay the two hubs'.
    expect(comparisonNotes({ ...base, economics: all }, { ...base, economics: { ...all, sellingPrice: 0.5 } })).toEqual([
      "A and B are priced differently (economics.sellingPrice): B − A of revenue and margin_per_kwh includes that, not only the two hubs' difference",
    ]);
    // A cost's price without a selling price on either side: that cost alone.
    expect(comparisonNotes({ ...base, economics: { energyPrice: 0.2, demandCharge: { perKw: 10 } } }, { ...base, economics: { energyPrice: 0.25, demandCharge: { perKw: 10 } } })).toEqual([
      "A and B are priced differently (economics.energyPrice): B − A of energy_cost includes that, not only the two hubs' difference",
    ]);
    // An economics section that gives no price prices nothing: both sides' money metrics are empty.
    expect(comparisonNotes({ ...base, economics: {} }, base)).toEqual([]);
    expect(comparisonNotes({ ...base, economics: {} }, { ...base, economics: prices })[0]).toMatch(/^only B is priced \(economics\): A's energy_cost/);
  });

  test('a trace: the same rows under another path are the same trucks; other rows under the same path are not', () => {
    const traced = (trace: string) => ({ ...base, arrivals: { trace } });
    expect(comparisonNotes(traced('a/w.csv'), traced('../x/a/w.csv'), { sameTrace: true })).toEqual([]);
    // Rows that differ in any column (one soc_in) are told as other traces, not as other times or types.
    expect(comparisonNotes(traced('w.csv'), traced('w.csv'), { sameTrace: false })).toEqual([
      'A and B do not see the same trucks: they read different traces (arrivals.trace), whose rows differ in when a truck arrives, its type or what it brings or wants; B − A then mixes the two hubs with the two flows of trucks',
    ]);
    // Without knowing the rows, the paths decide: one path is one trace, as a folder written before
    // run.json recorded the rows is read.
    expect(comparisonNotes(traced('w.csv'), traced('v.csv'))[0]).toMatch(/read different traces \(arrivals.trace\)/);
    expect(comparisonNotes(traced('w.csv'), traced('w.csv'))).toEqual([]);
    // A trace against a rate: what the rows are like does not make the rate a trace.
    // Only the trace and the rate are named: the rate's weights and growth, which the trace side has
    // none of, were listed as if one file set them and the other not.
    expect(comparisonNotes(traced('w.csv'), base, { sameTrace: true })[0]).toMatch(/differ in arrivals.trace, arrivals.trucksPerDay, so with one seed/);
  });

  test('the same types in another order are said to be so: a type is drawn by its place', () => {
    const reversed = { ...base, fleet: [...base.fleet].reverse() };
    expect(comparisonNotes(base, reversed)[0]).toMatch(/^A and B do not see the same trucks: they differ in fleet\[0\]\..* \(the same types in another order: a truck’s type is drawn by its place in the list\), so with one seed/);
    // Of equal shares, the same arrivals: the types' own fields differ by place, for that reason.
    const even = { ...base, fleet: base.fleet.map((t: object) => ({ ...t, share: 1 })) };
    expect(comparisonNotes(even, { ...even, fleet: [...even.fleet].reverse() })[0]).toMatch(/^A and B see the same arrivals, but their trucks differ in fleet\[0\]\..* \(the same types in another order: a truck’s type is drawn by its place in the list\): B − A/);
    // Other shares are not another order.
    expect(comparisonNotes(base, { ...base, fleet: fleet(0, { share: 0.5 }) })[0]).toMatch(/\(shares as the fractions of all trucks they make/);
  });

  test('a trace column given in every row decides for every truck: what the scenarios say there makes no note', () => {
    const traced = { ...base, arrivals: { trace: 'w.csv' } };
    const other = {
      ...traced,
      fleet: [{ ...base.fleet[1], share: 0.5 }, { name: 'z', share: 2, batteryKwh: 700, maxKw: { CCS: 400 } }, { ...base.fleet[0], share: 0.1, demand: { arrivalSoc: 0.4 } }],
      demand: { arrivalSoc: { dist: 'uniform', min: 0.1, max: 0.3 }, targetSoc: 0.8 },
      behaviour: { breakMin: 30 },
    };
    const every = { arrival_min: 50, fleet: 50, soc_in: 50, break_min: 50 };
    expect(comparisonNotes(traced, other, { sameTrace: true, traceColumns: [every, every] })).toEqual([]);
    // A column some rows leave to the scenario: those rows draw from what it says.
    const someSoc = { ...every, soc_in: 49 };
    expect(comparisonNotes(traced, other, { sameTrace: true, traceColumns: [someSoc, someSoc] })).toEqual([
      // (Paired by name, the type is A's first and B's third.)
      expect.stringMatching(/^A and B see the same arrivals, but their trucks differ in demand.arrivalSoc, fleet\[0\].demand.arrivalSoc \(B's fleet\[2\]\): /),
    ]);
    const someTypes = { ...every, fleet: 49 };
    expect(comparisonNotes(traced, other, { sameTrace: true, traceColumns: [someTypes, someTypes] })[0]).toMatch(/^A and B do not see the same trucks: they differ in fleet\[0\].share, fleet\[1\].share, B's fleet\[2\] \(shares as the fractions of all trucks they make/);
    // Other rows, or rows not known to be the same, or columns not counted: every difference counts.
    for (const context of [{ sameTrace: false, traceColumns: [every, every] as const }, { traceColumns: [every, every] as const }, { sameTrace: true }]) {
      expect(comparisonNotes(traced, other, context)).not.toEqual([]);
    }
  });

  test('the target and patience columns given in every row decide them for every truck', () => {
    const traced = { ...base, arrivals: { trace: 'w.csv' }, behaviour: { breakMin: 45, patienceMin: 60 } };
    const other = { ...traced, demand: { arrivalSoc: 0.2, energyKwh: 300 }, behaviour: { breakMin: 45, patienceMin: 20 } };
    const every = { arrival_min: 50, target_soc: 50, patience_min: 50 };
    expect(comparisonNotes(traced, other, { sameTrace: true, traceColumns: [every, every] })).toEqual([]);
    const somePatience = { ...every, patience_min: 49 };
    expect(comparisonNotes(traced, other, { sameTrace: true, traceColumns: [somePatience, somePatience] })).toEqual([
      expect.stringMatching(/^A and B see the same arrivals, but their trucks differ in behaviour.patienceMin: /),
    ]);
  });

  test('a fleet column given in every row names only types both have: a type only one side lists never comes', () => {
    const traced = { ...base, arrivals: { trace: 'w.csv' } };
    const more = { ...traced, fleet: [base.fleet[0], { name: 'w', share: 1, batteryKwh: 300, maxKw: { CCS: 150 } }, base.fleet[1]] };
    const typed = { arrival_min: 50, fleet: 50 };
    expect(comparisonNotes(more, traced, { sameTrace: true, traceColumns: [typed, typed] })).toEqual([]);
    expect(comparisonNotes(traced, more, { sameTrace: true, traceColumns: [typed, typed] })).toEqual([]);
  });

  test('a type is named by its place in the file, whatever types of share 0 stand before it', () => {
    const spare = { name: 'spare', share: 0, batteryKwh: 300, maxKw: { CCS: 150 } };
    const a = { ...base, fleet: [spare, ...base.fleet] };
    const b = { ...a, fleet: a.fleet.map((t, i) => (i === 2 ? { ...t, batteryKwh: 450 } : t)) };
    expect(comparisonNotes(a, b)).toEqual([expect.stringMatching(/their trucks differ in fleet\[2\]\.batteryKwh: /)]);
    // Placed otherwise in B: both places are named.
    const moved = { ...b, fleet: [b.fleet[1], b.fleet[2], spare] };
    expect(comparisonNotes(a, moved)).toEqual([expect.stringMatching(/their trucks differ in fleet\[2\]\.batteryKwh \(B's fleet\[1\]\): /)]);
  });

  test('a type of share 0 never comes: adding one is no other trucks, unless a trace may name it', () => {
    const spare = { name: 'spare', share: 0, batteryKwh: 300, maxKw: { CCS: 150 } };
    expect(comparisonNotes(base, { ...base, fleet: [...base.fleet, spare] })).toEqual([]);
    expect(comparisonNotes(base, { ...base, fleet: [base.fleet[0], spare, base.fleet[1]] })).toEqual([]);
    const traced = { ...base, arrivals: { trace: 'w.csv' } };
    const withSpare = { ...traced, fleet: [base.fleet[0], spare, base.fleet[1]] };
    expect(comparisonNotes(traced, withSpare, { sameTrace: true })[0]).toMatch(/^A and B do not see the same trucks: they differ in fleet\[1\].share, B's fleet\[2\] \(shares as the fractions of all trucks they make/);
    // A trace without a fleet column names no type.
    const untyped = { arrival_min: 50, soc_in: 50 };
    expect(comparisonNotes(traced, withSpare, { sameTrace: true, traceColumns: [untyped, untyped] })).toEqual([]);
  });

  test('statistics over another warm-up; a warm-up of 0 written out is none left out', () => {
    expect(comparisonNotes(base, { ...base, horizon: { days: 7, warmupDays: 2 } })).toEqual([
      "A's statistics cover 6 days after a 1-day warm-up and B's 5 days after a 2-day warm-up: a difference then mixes the two designs with the two periods (and their trucks); give both the same horizon.days and horizon.warmupDays to compare the designs alone",
    ]);
    expect(comparisonNotes({ ...base, horizon: { days: 7 } }, { ...base, horizon: { days: 7, warmupDays: 0 } })).toEqual([]);
  });

  test('service counted against another threshold, or peaks over other intervals, are noted', () => {
    expect(comparisonNotes(base, { ...base, output: { serviceThresholdMin: 30 } })).toEqual([
      'A counts a truck as served in time within 15 minutes of arriving and B within 30 (output.serviceThresholdMin): their service levels differ by that alone',
    ]);
    expect(comparisonNotes({ ...base, output: { powerIntervalMin: 15 } }, { ...base, output: { powerIntervalMin: 60 } })).toEqual([
      'A averages power over 15-minute intervals and B over 60 (output.powerIntervalMin): their peaks (grid_peak_kw, demand_peak_kw, a demand charge) are not of the same thing',
    ]);
  });

  test('a share left out is 1, as the model reads it; a type removed is other trucks, not a type renamed', () => {
    const unshared = base.fleet.map(({ share: _, ...t }) => t);
    expect(comparisonNotes({ ...base, fleet: unshared }, { ...base, fleet: unshared.map((t) => ({ ...t, share: 1 })) })).toEqual([]);
    expect(comparisonNotes(base, { ...base, fleet: [base.fleet[0]] })).toEqual([expect.stringMatching(/^A and B do not see the same trucks: they differ in fleet\[0\].share, fleet\[1\] \(shares as the fractions of all trucks they make/)]);
  });

  test('a note names five inputs and counts the rest', () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ ...base.fleet[0], name: `t${i}`, share: i + 1 }));
    const [note] = comparisonNotes({ ...base, fleet: seven }, { ...base, fleet: seven.map((t, i) => ({ ...t, share: i === 6 ? 1 : 7 - i })) });
    expect(note).toMatch(/differ in fleet\[0\].share, fleet\[1\].share, fleet\[2\].share, fleet\[4\].share, fleet\[5\].share and 1 more \(shares as/);
    // Five are all named.
    const five = [3, 1, 2, 5, 4, 6, 7];
    expect(comparisonNotes({ ...base, fleet: seven }, { ...base, fleet: seven.map((t, i) => ({ ...t, share: five[i] })) })[0]).toMatch(/differ in fleet\[0\].share, fleet\[1\].share, fleet\[2\].share, fleet\[3\].share, fleet\[4\].share \(shares as/);
  });

  test('inputs that are not what the format allows are compared as written, without a crash', () => {
    expect(comparisonNotes({ ...base, arrivals: { trucksPerDay: 40, hourly: 'flat' } }, base)[0]).toMatch(/differ in arrivals.hourly,/);
  });
});

describe('pairingNotes', () => {
  const partial = (metric: string, n: number, inA: boolean, inB: boolean) => ({ metric, n, inA, inB });

  test('a metric one side never defines has no B − A, and is said so by side; one both define in some replications is counted', () => {
    expect(pairingNotes([], 10)).toEqual([]);
    expect(pairingNotes([partial('battery_cycles', 0, false, true), partial('battery_discharged_kwh', 0, false, true), partial('wait_mean_min', 7, true, true), partial('wait_p95_min', 0, true, false)], 10)).toEqual([
      "wait_p95_min is defined in none of B's replications, only in A's: it has no B − A",
      "battery_cycles and battery_discharged_kwh are defined in none of A's replications, only in B's: they have no B − A",
      "some metrics are undefined in some replications of A or B; B − A is then over the replications where both have a value (the n column of the comparison's CSV), and need not be B's mean less A's: wait_mean_min 7 of 10",
    ]);
  });

  test('money priced on one side only is left to the notes on prices', () => {
    const priced = { ...base, economics: { energyPrice: 0.2 } };
    expect(pairingNotes([partial('energy_cost', 0, false, true), partial('battery_cycles', 0, false, true)], 5, base, priced)).toEqual([
      "battery_cycles is defined in none of A's replications, only in B's: it has no B − A",
    ]);
    expect(comparisonNotes(base, priced)[0]).toMatch(/^only B is priced/);
  });
});

describe('alikeNotes', () => {
  test('differences the pairs agree on are named, in one note, with the count that would let them stand for the mean', () => {
    expect(alikeNotes([])).toEqual([]);
    expect(alikeNotes(['queue_max'])).toEqual([
      'B − A is the same in every pair for queue_max; a value the pairs agree on stands for the mean only once 59 of them agree (a few pairs can agree by chance, on a whole number or on a value a limit holds, such as a peak at the connection), so it has no interval and no difference of the means is claimed; 59 replications or more give it one',
    ]);
    expect(alikeNotes(['trucks_balked', 'queue_max'])[0]).toMatch(/^B − A is the same in every pair for trucks_balked and queue_max; .*, so they have no interval/);
  });
});
