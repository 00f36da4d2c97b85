import { describe, expect, test } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionRecord } from '../src/model/records.js';
// The built module: the writer thread runs dist/cli/session-writer.js (npm test builds first).
import { PACKED_FIELDS, SessionSink, unpack } from '../dist/cli/sessions.js';
import { tmp } from './helpers/cli.js';

// A sessions part written on the simulating thread and one handed over to a writer thread part-way
// through must be the same bytes.

function record(i: number): SessionRecord {
  const served = i % 7 !== 0;
  return {
    truck: i + 1,
    fleet: ['eactros600', 'man-etgx', 'volvo fh (aero)'][i % 3],
    arrivalMin: i * 1.37 + 0.123456789,
    plugMin: served ? i * 1.37 + 2.5 : NaN,
    unplugMin: served ? i * 1.37 + 60.0000004 : NaN,
    departMin: i * 1.37 + 75,
    waitMin: served ? 2.376543 : NaN,
    bay: served ? (i % 8) + 1 : 0,
    connector: served ? (i % 5 === 0 ? 'MCS' : 'CCS') : '',
    socIn: 0.2 + (i % 10) / 100,
    socOut: 0.8,
    energyKwh: 372.123456789 + i / 3,
    outcome: served ? 'charged' : i % 2 ? 'reneged' : 'balked',
  };
}

describe('SessionSink', () => {
  test('rows handed to a writer thread come out as the same bytes as rows written here', async () => {
    const dir = tmp();
    const rows = 60_000; // past the hand-over, and many batches after it
    for (const offload of [false, true]) {
      const sink = new SessionSink(join(dir, `${offload}.csv`), true, offload);
      for (let i = 0; i < rows; i++) {
        sink.add(1, record(i));
        if (i % 10_000 === 0) await sink.settle();
      }
      await sink.close();
    }
    const here = readFileSync(join(dir, 'false.csv'), 'utf8');
    expect(readFileSync(join(dir, 'true.csv'), 'utf8')).toBe(here);
    expect(here.split('\n')).toHaveLength(rows + 2);
  });

  test('a part written here holds no batch for a writer thread it never starts', async () => {
    // --sessions all over many short replications opens one sink per replication: a batch of
    // BATCH_ROWS packed rows (458 kB, zero-filled) allocated for each made such runs 1.4 x slower.
    const dir = tmp();
    const sink = new SessionSink(join(dir, 'short.csv'), true, true);
    for (let i = 0; i < 20; i++) sink.add(1, record(i));
    expect((sink as unknown as { batch: Float64Array }).batch.length).toBe(0);
    await sink.close();
    expect(readFileSync(join(dir, 'short.csv'), 'utf8').split('\n')).toHaveLength(22);
  });

  test('packing keeps every field', () => {
    const strings = ['eactros600', 'CCS', 'charged'];
    const rows = new Float64Array(PACKED_FIELDS);
    rows.set([3, 7, 0, 1.5, 2.5, 60, 75, 1, 2, 1, 0.2, 0.8, 372.1, 2]);
    expect(unpack(rows, 0, strings)).toEqual({
      replication: 3,
      record: { truck: 7, fleet: 'eactros600', arrivalMin: 1.5, plugMin: 2.5, unplugMin: 60, departMin: 75, waitMin: 1, bay: 2, connector: 'CCS', socIn: 0.2, socOut: 0.8, energyKwh: 372.1, outcome: 'charged' },
    });
  });

  test('a writer thread that cannot write makes closing the part fail, not end as if every row were there', async () => {
    const dir = join(tmp(), 'stage');
    mkdirSync(dir);
    const sink = new SessionSink(join(dir, 'part.csv'), true, true);
    for (let i = 0; i < 19_999; i++) sink.add(1, record(i));
    // The folder goes before the writer thread takes the file over (as a discarded staging folder
    // does): the thread cannot open it, and each row handed to it from then on is lost.
    rmSync(dir, { recursive: true });
    for (let i = 19_999; i < 60_000; i++) sink.add(1, record(i));
    // Batches enough in flight that the simulating thread waits for the writer: it hears the failure there.
    await expect(sink.settle()).rejects.toThrow(/cannot write the sessions of replication 1/);
    await expect(sink.close()).rejects.toThrow(/cannot write the sessions of replication 1/);
  });

  test('a part that cannot be opened fails at once', () => {
    const dir = tmp();
    const path = join(dir, 'gone', 'x.csv');
    writeFileSync(join(dir, 'gone'), 'a file where a folder should be');
    expect(() => new SessionSink(path, true, true)).toThrow(/ENOTDIR/);
  });
});
