import { afterEach, describe, expect, test } from '@jest/globals';
// The built module: worker threads run dist/cli/worker.js (npm test builds first).
import { ReplicationPool } from '../dist/cli/pool.js';
import { runTaskSliced, type ReplicationOutcome, type ReplicationTask } from '../dist/cli/replicate.js';
import { validateScenario } from '../dist/index.js';
import { InputError } from '../dist/errors.js';
import { tmp } from './helpers/cli.js';

// Whether and when a pool starts worker threads changes how long a batch takes, never what it
// produces: `auto` starts them only for a batch with enough events left to pay for their start,
// a number given starts them at once.

/** An M/M/8 hub of 400 kW bays: some 345 events a day. */
function hub(days: number) {
  return validateScenario(
    {
      name: `mm8-${days}`,
      seed: 1,
      horizon: { days, warmupDays: 1 },
      hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 8, baysPerCabinet: 1, cabinetKw: 400, bayKw: 400 }] },
      arrivals: { trucksPerDay: 172.8 },
      fleet: [{ name: 'bulk', share: 1, batteryKwh: 1e5, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0, energyKwh: { dist: 'exponential', mean: 400 } },
      behaviour: { breakMin: 45, leave: 'charged' },
    },
    'pool-test',
  );
}

function tasks(days: number, n: number): ReplicationTask[] {
  const scenario = hub(days);
  const dir = tmp();
  return Array.from({ length: n }, (_, i) => ({ scenario, replication: i + 1, seed: 1000 + i, dir, sessions: false, bays: false, powerUntilMin: 0, breakdown: true }));
}

const metricsOf = (outcomes: readonly ReplicationOutcome[]) => outcomes.map((o) => [o.replication, o.seed, o.metrics, o.events]);

const pools: ReplicationPool[] = [];
function pool(count: number, auto: boolean): ReplicationPool {
  const p = new ReplicationPool({ count, auto });
  pools.push(p);
  return p;
}
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

describe('ReplicationPool', () => {
  test('auto: a small batch runs on the main thread alone, with the results of one worker', async () => {
    const batch = tasks(3, 8); // ~1,000 events each
    const alone = await pool(1, false).run(batch);
    const auto = pool(2, true);
    expect(metricsOf(await auto.run(batch))).toEqual(metricsOf(alone));
    expect(auto.threadCount).toBe(0);
  });

  test('auto: a batch with over a million events left starts its threads', async () => {
    const batch = tasks(100, 32); // ~34,500 events each: 1.07 M left after the first
    const auto = pool(2, true);
    const outcomes = await auto.run(batch);
    expect(auto.threadCount).toBe(1);
    expect(outcomes.map((o) => o.replication)).toEqual(batch.map((t) => t.replication));
  }, 60_000);

  test("auto: replications too short to report their progress start threads by the latest one's events, once a million are left", async () => {
    // Some 3,450 events each, done within the main thread's first slice: 500 hold 1.7 M events,
    // more than a million of them still left well after the threads may start.
    const batch = tasks(10, 500);
    const auto = pool(2, true);
    const outcomes = await auto.run(batch);
    expect(auto.threadCount).toBe(1);
    expect(outcomes.map((o) => o.replication)).toEqual(batch.map((t) => t.replication));
  }, 60_000);

  test('a number of workers given starts its threads for any batch, and they take tasks: the same results', async () => {
    const batch = tasks(3, 8);
    const alone = await pool(1, false).run(batch);
    const given = pool(3, false);
    const done: number[] = [];
    expect(metricsOf(await given.run(batch, { onDone: (o) => done.push(o.replication) }))).toEqual(metricsOf(alone));
    expect(given.threadCount).toBe(2);
    expect(done.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('close stops every thread, and the pool runs a later batch on new ones: the same results', async () => {
    const batch = tasks(3, 4);
    const p = pool(2, false);
    const first = await p.run(batch);
    await p.close();
    expect(p.threadCount).toBe(0);
    expect(metricsOf(await p.run(batch))).toEqual(metricsOf(first));
    expect(p.threadCount).toBe(1);
  });

  test('tasks whose scenarios alternate run each on its own scenario, a thread holding only the latest it was sent', async () => {
    const [a, b] = [tasks(3, 4), tasks(4, 4)];
    const batch = a.flatMap((t, i) => [t, b[i]]); // scenarios a, b, a, b, …: each thread's change at every task
    const alone = await pool(1, false).run(batch);
    expect(new Set(alone.map((o) => o.events)).size).toBeGreaterThan(1);
    expect(metricsOf(await pool(2, false).run(batch))).toEqual(metricsOf(alone));
    expect(metricsOf(await pool(3, false).run(batch))).toEqual(metricsOf(alone));
  });

  test("a failing batch throws the earliest failing task's error, not the first to fail in time: the same whatever the workers", async () => {
    // One bay, no patience, no bound on the queue: a run fails once 100,000 trucks wait. The bay
    // serves some 27 trucks a day (360 kWh each at 400 kW): at 100,000 a day the queue is that
    // long within a day or so, at 30 a day only after some 30,000 days (a couple of million events).
    const overloaded = (trucksPerDay: number) =>
      validateScenario(
        {
          name: `open-${trucksPerDay}`,
          seed: 1,
          horizon: { days: 36_500, warmupDays: 0 },
          hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 1, baysPerCabinet: 1, cabinetKw: 400, bayKw: 400 }] },
          arrivals: { trucksPerDay },
          fleet: [{ name: 'bulk', share: 1, batteryKwh: 600, maxKw: { CCS: 400 } }],
          demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
          behaviour: { breakMin: 45, leave: 'charged' },
        },
        'pool-test',
      );
    const [slow, fast] = [overloaded(30), overloaded(100_000)];
    const dir = tmp();
    const task = (scenario: typeof slow, replication: number): ReplicationTask => ({ scenario, replication, seed: replication, dir, sessions: false, bays: false, powerUntilMin: 0, breakdown: false });
    const day = async (p: ReplicationPool, batch: ReplicationTask[]) => {
      const err = (await p.run(batch).then(() => undefined, (e: unknown) => e)) as { issues: { found?: string }[] };
      return err.issues[0].found;
    };
    // Task 1 fails late; tasks 2 and 3 fail soon, whichever thread runs them, and first in time.
    const batch = [task(slow, 1), task(fast, 2), task(fast, 3), task(slow, 4)];
    const alone = await day(pool(1, false), batch);
    expect(alone).toMatch(/waiting on day \d{5}$/);
    expect(await day(pool(2, false), batch)).toBe(alone);
    // The earliest failing task is told when earlier ones succeed too.
    const [ok] = tasks(3, 1);
    expect(await day(pool(2, false), [ok, task(fast, 2), task(slow, 3)])).toMatch(/waiting on day 1$/);
    // A task that fails late is told over later ones that fail soon, whichever thread runs it.
    const [ok1, ok2] = tasks(3, 2);
    expect(await day(pool(2, false), [ok1, ok2, task(slow, 3), task(fast, 4), task(fast, 5)])).toMatch(/waiting on day \d{5}$/);
  }, 180_000); // three of the slow runs of some two million events each: 40 s on a quiet 2-core machine

  test('a bad input met on a worker thread is the same InputError as on the main thread: exit 2, its issues, no stack trace', async () => {
    // A seed no run takes: the run refuses it as input, wherever it runs.
    const [ok, bad] = tasks(3, 2);
    const batch = [ok, { ...bad, seed: -1 }];
    const refusal = (p: ReplicationPool) => p.run(batch).then(() => undefined, (e: unknown) => e);
    const alone = await refusal(pool(1, false));
    const threaded = await refusal(pool(2, false)); // both tasks go to its thread
    expect(alone).toBeInstanceOf(InputError);
    expect(threaded).toBeInstanceOf(InputError);
    expect((threaded as InputError).issues).toEqual((alone as InputError).issues);
    expect((threaded as InputError).issues[0].path).toBe('seed');
  });

  test("the main thread's replication reports the share of its horizon it has covered, between its slices", async () => {
    const [long] = tasks(200, 1); // some 69,000 events: several slices
    const shares: number[] = [];
    await pool(1, false).run([long], { onShare: (s) => shares.push(s) });
    expect(shares.length).toBeGreaterThan(1);
    expect(shares.every((s, i) => s > 0 && s < 1 && (i === 0 || s > shares[i - 1]))).toBe(true);
  });
});

describe('runTaskSliced', () => {
  // What the pool counts on to start threads for a batch whose first replication is still running.
  test('between two slices, tells the events the whole replication is likely to hold, from those so far and the share of its horizon they covered', async () => {
    const [long] = tasks(400, 1); // some 138,000 events: several slices
    const told: number[] = [];
    const o = await runTaskSliced(long, (events) => {
      told.push(events);
      return false;
    });
    expect(told.length).toBeGreaterThan(2);
    for (const events of told) expect(Math.abs(events / o!.events - 1)).toBeLessThan(0.05);
  });

  test('is abandoned at the first slice its caller says to stop after, with no outcome', async () => {
    const [long] = tasks(400, 1);
    let asked = 0;
    expect(await runTaskSliced(long, () => ++asked === 2)).toBeUndefined();
    expect(asked).toBe(2);
  });
});
