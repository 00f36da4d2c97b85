/**
 * Stop classes and reserved bays, and curves per connector, in exact event traces: break and
 * overnight trucks at one hub, each only on the bays open to its class, the queue never blocked
 * at its head; and one truck tapering differently on MCS than on CCS.
 */
import { describe, expect, test } from '@jest/globals';
import { arrive, baseRaw, csv, moves, observe, plug, traceScenario, unplug } from './helpers/scenarios.js';


describe('bays reserved by stop class', () => {
  // Bay 1 (400 kW) serves breaks only, bay 2 (100 kW) overnight stays only, bay 3 (400 kW) both.
  // `brk` trucks stop for a 45-minute break; `ovn` trucks stay 10 hours and unplug once charged
  // and rested (chargedAndBreakEnd).
  const raw = baseRaw();
  raw.horizon = { days: 2 };
  raw.hub = {
    chargers: [
      { id: 'day', connector: 'CCS', cabinets: 1, cabinetKw: 400, reservedFor: ['break'] },
      { id: 'night', connector: 'CCS', cabinets: 1, cabinetKw: 100, reservedFor: ['overnight'] },
      { id: 'any', connector: 'CCS', cabinets: 1, cabinetKw: 400 },
    ],
  };
  raw.fleet = [
    { name: 'brk', batteryKwh: 500, maxKw: { CCS: 400 } },
    { name: 'ovn', batteryKwh: 500, maxKw: { CCS: 400 }, stop: 'overnight', behaviour: { breakMin: 600, leave: 'chargedAndBreakEnd' } },
  ];
  const HEAD = ['arrival_min', 'fleet', 'soc_in', 'energy_kwh'];

  test('a truck takes only bays open to its class, and one that cannot use the free bay does not block those behind it', () => {
    // O1 at 0 takes bay 3 (400 kW beats bay 2's 100 kW; bay 1 is not open to it): 100 kWh by 15,
    // then it rests to 600. B2 at 5 takes bay 1 (100 kWh: 5..20). O3 at 10 takes bay 2 (100 kW,
    // 50 kWh: 10..40, then rests to 610). O4 at 12 waits: no overnight bay is free. B5 at 14
    // finds bay 1 busy and bay 3 held by O1: it waits too. At 20 bay 1 frees: O4 is first in the
    // queue but cannot use it, so B5 takes it (100 kWh: 20..35). O4 waits for an overnight bay:
    // bay 3 frees at 600 when O1 leaves, and O4 takes it (600..615).
    const s = traceScenario(raw, csv(HEAD, [[0, 'ovn', 0, 100], [5, 'brk', 0, 100], [10, 'ovn', 0, 50], [12, 'ovn', 0, 100], [14, 'brk', 0, 100]]));
    const { log, sessions } = observe(s);
    expect(moves(log)).toEqual([
      arrive(0, 1),
      plug(0, 1, 3),
      arrive(5, 2),
      plug(5, 2, 1),
      arrive(10, 3),
      plug(10, 3, 2),
      arrive(12, 4),
      arrive(14, 5),
      { t: 15, event: 'charged', truck: 1, bay: 3 }, // charged, it rests on
      unplug(20, 2, 1),
      plug(20, 5, 1),
      unplug(35, 5, 1),
      { t: 40, event: 'charged', truck: 3, bay: 2 },
      unplug(600, 1, 3),
      plug(600, 4, 3),
      unplug(610, 3, 2),
      unplug(615, 4, 3),
    ]);
    // O4 rested until 12 + 600 = 612 and charged 600..615: it unplugs once both hold, having waited 588 minutes.
    expect(sessions.find((x) => x.truck === 4)?.waitMin).toBe(588);
  });
});

describe('curves per connector', () => {
  test('a truck tapers along its MCS curve on an MCS bay and along its CCS curve on a CCS bay', () => {
    // From SoC 0.8: the MCS curve gives 0.5 of 1000 kW there, the CCS one (not given) is flat.
    const raw = baseRaw();
    raw.hub = {
      chargers: [
        { id: 'mcs', connector: 'MCS', cabinets: 1, cabinetKw: 1000 },
        { id: 'ccs', connector: 'CCS', cabinets: 1, cabinetKw: 400 },
      ],
    };
    raw.fleet = [{ name: 't', batteryKwh: 1000, maxKw: { CCS: 400, MCS: 1000 }, curve: { MCS: [[0, 1], [0.7, 0.5], [1, 0.5]] } }];
    // T1 takes the MCS bay (1000 kW nominal): 100 kWh at 500 kW, 12 minutes. T2 at 1 finds it busy
    // and takes the CCS bay: 100 kWh at 400 kW, 15 minutes.
    const s = traceScenario(raw, csv(['arrival_min', 'fleet', 'soc_in', 'energy_kwh'], [[0, 't', 0.8, 100], [1, 't', 0.8, 100]]));
    const { log } = observe(s);
    expect(moves(log)).toEqual([arrive(0, 1), plug(0, 1, 1), arrive(1, 2), plug(1, 2, 2), unplug(12, 1, 1), unplug(16, 2, 2)]);
    expect(log.filter((e) => e.event === 'power' && e.t === 0)).toEqual([{ t: 0, event: 'power', truck: 1, bay: 1, cabinet: 0, kw: 500, cap: 500 }]);
  });
});
