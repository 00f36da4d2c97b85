import { describe, expect, test } from '@jest/globals';
import { unusedBayNotes } from '../src/scenario/notes.js';
import { baseRaw, ccsGroup, scenarioOf } from './helpers/scenarios.js';

const mcsGroup = (cabinets = 2) => ({ id: 'mcs', connector: 'MCS', cabinets, cabinetKw: 1000 });

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
    expect(unusedBayNotes(scenarioOf(raw))).toEqual(['hub.chargers[1] (mcs): no truck type can use its 1 MCS bay (none has maxKw.MCS), so it stands empty']);
  });

  test('bays reserved for a stop class no type with their connector makes', () => {
    const raw = baseRaw();
    raw.hub.chargers.push({ ...ccsGroup('night', 2), reservedFor: ['overnight'] });
    expect(unusedBayNotes(scenarioOf(raw))).toEqual([
      'hub.chargers[1] (night): no truck type can use its 2 CCS bays (none with maxKw.CCS makes a stop they are reserved for: overnight), so they stand empty',
    ]);
  });

  test('the shipped kind of hub has none', () => {
    expect(unusedBayNotes(scenarioOf(baseRaw()))).toEqual([]);
  });
});
