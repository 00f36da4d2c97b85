#!/usr/bin/env node
// hubsim benchmark. Run with `npm run bench` (builds first), or directly:
//
//   node --expose-gc bench/run.js            full size (about a million trucks per single-run case)
//   node --expose-gc bench/run.js --quick    10x fewer trucks (and 10x fewer replications in case c)
//   node --expose-gc bench/run.js --scale 0.25 --cases ref,a,d
//
// Every case runs in a fresh child process, so that its peak RSS (resourceUsage().maxRSS, which
// covers every thread of the process, worker threads included) belongs to that case alone and no
// case inherits another's JIT state or heap. See bench/README.md for what each case is.

import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { simulate, replicationSeed } from '../dist/index.js';
import { runTask } from '../dist/cli/replicate.js';
import { ReplicationPool } from '../dist/cli/pool.js';
import { TruckSource } from '../dist/model/arrivals.js';
import {
  FULL, LAMBDA_PER_MIN, SCALE_BAYS, SCALE_POLICIES, SCALE_TRUCKS, SERVERS, SERVICE_MEAN_MIN, WARMUP_DAYS,
  rawA, rawB, scaleDays, scenarioA, scenarioB, scenarioScale,
} from './scenarios.js';

const TARGETS = { a: 0.2, b: 0.08, aCli: 0.2, bCli: 0.06, sessionsAll: 2, peakMb: 300, speedup2: 1.8, bayScaling: 3, helpS: 0.2, tinyS: 0.3 };
const HUBSIM = fileURLToPath(new URL('../bin/hubsim.js', import.meta.url));

/**
 * The environment the command-line cases run in: this process's, without NODE_EXTRA_CA_CERTS.
 * Node reads and parses every certificate that names before it runs any script (a bundle of a few
 * hundred certificates costs it some 75 ms and 400 M instructions on a 2-core machine), which every
 * Node program pays alike; the `start` case reports what it adds where it is set.
 */
const CLI_ENV = { ...process.env };
delete CLI_ENV.NODE_EXTRA_CA_CERTS;

/**
 * Runs `hubsim ARGS` as a user would, in its own process, and times it from start to exit (start-up,
 * validation, the run and every file included). Peak memory comes from GNU time where it exists.
 */
function timeCli(args, env = CLI_ENV) {
  // GNU time, Linux's: macOS's /usr/bin/time is BSD's, which has no -f and failed every case there.
  const gnuTime = process.platform === 'linux' && existsSync('/usr/bin/time');
  const cmd = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime ? ['-f', 'maxrss %M', process.execPath, HUBSIM, ...args] : [HUBSIM, ...args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`hubsim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /maxrss (\d+)/.exec(r.stderr ?? '');
  return { wall, peakMb: m ? Number(m[1]) / 1024 : NaN };
}

/** How many trucks replication 1 of `scenario` produces (its arrivals only: no simulation). */
function trucksOf(scenario) {
  const source = new TruckSource(scenario, replicationSeed(scenario.seed, 1));
  const t = {};
  let n = 0;
  while (source.next(t)) n++;
  return n;
}

/** Whether a figure was measured (a NaN crosses from a case's process as null). */
const has = (x) => typeof x === 'number' && !Number.isNaN(x);

/** A run's trucks per wall-clock second. */
const rate = (r) => r.trucks / r.wall;

/** The median of some numbers: the mean of the middle two when there is an even number of them. */
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
};

// ------------------------------------------------------------------------------------------------
// The reference: a minimal hand-written M/M/c event loop

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): a uniform in (0, 1]. */
function sfc32(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed | 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return ((t >>> 0) + 1) * 2.3283064365386963e-10; // (0, 1]: safe for -log
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/**
 * M/M/c, FCFS, as a plain event loop: every pending event (the next arrival, and each busy server's
 * departure) sits in one binary min-heap of numbers (times in a Float64Array, each with its kind in
 * a parallel Uint8Array), and the waiting trucks' arrival times in a growable ring buffer. Each
 * step pops the earliest event and handles it. Arrivals stop at the horizon; trucks present then
 * are served to the end, as in hubsim. Returns the same figures the other cases report, plus the
 * mean wait of trucks arriving in [warmup, horizon).
 */
function referenceMMc(c, lambda, serviceMean, days, warmupDays, seed) {
  const ARRIVE = 0;
  const DEPART = 1;
  const rnd = sfc32(seed);
  const H = days * 1440;
  const W = warmupDays * 1440;
  const iaMean = 1 / lambda;
  const times = new Float64Array(c + 1); // at most c departures and one arrival are pending
  const kinds = new Uint8Array(c + 1);
  let size = 0;
  let busy = 0;
  let ring = new Float64Array(1024);
  let mask = ring.length - 1;
  let qHead = 0;
  let qLen = 0;
  let trucks = 0;
  let events = 0;
  let waitSum = 0;
  let waitN = 0;

  const push = (time, kind) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] <= time) break;
      times[i] = times[p];
      kinds[i] = kinds[p];
      i = p;
    }
    times[i] = time;
    kinds[i] = kind;
  };
  const popRoot = () => {
    // remove the root: move the last entry down from the top
    const time = times[--size];
    const kind = kinds[size];
    let i = 0;
    for (;;) {
      let k = 2 * i + 1;
      if (k >= size) break;
      if (k + 1 < size && times[k + 1] < times[k]) k++;
      if (times[k] >= time) break;
      times[i] = times[k];
      kinds[i] = kinds[k];
      i = k;
    }
    times[i] = time;
    kinds[i] = kind;
  };

  push(-Math.log(rnd()) * iaMean, ARRIVE);
  while (size > 0) {
    const now = times[0];
    const kind = kinds[0];
    popRoot();
    events++;
    if (kind === ARRIVE) {
      if (now >= H) {
        events--; // arrivals stop at the horizon: this one never happens
        continue;
      }
      trucks++;
      push(now - Math.log(rnd()) * iaMean, ARRIVE);
      if (busy < c) {
        busy++;
        push(now - Math.log(rnd()) * serviceMean, DEPART);
        if (now >= W) waitN++;
      } else {
        if (qLen === ring.length) {
          ring = unrolled(ring, qHead, 2 * ring.length);
          mask = ring.length - 1;
          qHead = 0;
        }
        ring[(qHead + qLen++) & mask] = now;
      }
    } else if (qLen > 0) {
      const arrived = ring[qHead];
      qHead = (qHead + 1) & mask;
      qLen--;
      if (arrived >= W && arrived < H) {
        waitSum += now - arrived;
        waitN++;
      }
      push(now - Math.log(rnd()) * serviceMean, DEPART);
    } else {
      busy--;
    }
  }
  return { trucks, events, waitMean: waitSum / waitN };
}

/**
 * The same M/M/c, leaner still: not a general event loop but a merge of two event streams. The next
 * arrival is one number, the busy servers' departure times a binary min-heap
 * in a Float64Array of size c, the waiting trucks' arrival times a growable ring buffer. Arrivals
 * stop at the horizon; trucks present then are served to the end, as in hubsim. Returns the same
 * figures the other cases report, plus the mean wait of trucks arriving in [warmup, horizon).
 */
function leanMMc(c, lambda, serviceMean, days, warmupDays, seed) {
  const rnd = sfc32(seed);
  const H = days * 1440;
  const W = warmupDays * 1440;
  const iaMean = 1 / lambda;
  const heap = new Float64Array(c);
  let busy = 0;
  let ring = new Float64Array(1024);
  let mask = ring.length - 1;
  let qHead = 0;
  let qLen = 0;
  let trucks = 0;
  let events = 0;
  let waitSum = 0;
  let waitN = 0;
  let nextArr = -Math.log(rnd()) * iaMean;

  const siftDown = (x) => {
    // place x at the root of heap[0..busy) and restore the heap
    let i = 0;
    for (;;) {
      let k = 2 * i + 1;
      if (k >= busy) break;
      if (k + 1 < busy && heap[k + 1] < heap[k]) k++;
      if (heap[k] >= x) break;
      heap[i] = heap[k];
      i = k;
    }
    heap[i] = x;
  };
  const push = (x) => {
    let i = busy++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= x) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = x;
  };

  for (;;) {
    const nextDep = busy > 0 ? heap[0] : Infinity;
    if (nextArr < nextDep) {
      const now = nextArr;
      if (now >= H) {
        nextArr = Infinity; // arrivals stop; drain the system
        if (busy === 0) break;
        continue;
      }
      trucks++;
      events++;
      if (busy < c) {
        push(now - Math.log(rnd()) * serviceMean);
        if (now >= W) waitN++;
      } else {
        if (qLen === ring.length) {
          ring = unrolled(ring, qHead, 2 * ring.length);
          mask = ring.length - 1;
          qHead = 0;
        }
        ring[(qHead + qLen++) & mask] = now;
      }
      nextArr = now - Math.log(rnd()) * iaMean;
    } else {
      if (nextDep === Infinity) break;
      const now = nextDep;
      events++;
      if (qLen > 0) {
        const arrived = ring[qHead];
        qHead = (qHead + 1) & mask;
        qLen--;
        if (arrived >= W && arrived < H) {
          waitSum += now - arrived;
          waitN++;
        }
        siftDown(now - Math.log(rnd()) * serviceMean);
      } else {
        const last = heap[--busy];
        if (busy > 0) siftDown(last);
      }
    }
  }
  return { trucks, events, waitMean: waitSum / waitN };
}

/** A full ring buffer's entries, oldest first, at the start of a new buffer of `size` (both loops' queue growth). */
function unrolled(ring, head, size) {
  const bigger = new Float64Array(size);
  for (let i = 0; i < ring.length; i++) bigger[i] = ring[(head + i) & (ring.length - 1)];
  return bigger;
}

/** Erlang C mean wait in queue for M/M/c (minutes). */
function erlangCWait(c, lambda, serviceMean) {
  const a = lambda * serviceMean;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  const pWait = last / (sum + last);
  return (pWait * serviceMean) / (c - a);
}

// ------------------------------------------------------------------------------------------------
// Child side: run one case, report through IPC

const mb = (bytes) => bytes / 1048576;
const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB

async function runCase(job) {
  globalThis.gc?.();
  const rssStartMb = mb(process.memoryUsage().rss);
  return runCaseInner(job, { id: job.id, rssStartMb });
}

/** Starts a stopwatch of wall time and CPU time (process.cpuUsage: every thread of the process). */
function stopwatch() {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  return () => {
    const c = process.cpuUsage(c0);
    return { wall: (performance.now() - w0) / 1000, cpuS: (c.user + c.system) / 1e6 };
  };
}

/**
 * Runs `once(seed)` for seeds 1, 2, ... until at least a second of wall time has passed, and
 * returns the totals of trucks, events, wall and CPU time, every run's result, and the first run's
 * trucks/s. One run of a reference is too short to time; and timing the references and the hub
 * cases by the same rule makes JIT warm-up weigh on both sides of a ratio alike.
 */
function repeatForASecond(once) {
  const totals = { trucks: 0, events: 0, wall: 0, cpuS: 0 };
  const results = [];
  let firstRate = NaN;
  for (let seed = 1; seed === 1 || totals.wall < 1; seed++) {
    const stop = stopwatch();
    const r = once(seed);
    const t = stop();
    if (seed === 1) firstRate = r.trucks / t.wall;
    totals.wall += t.wall;
    totals.cpuS += t.cpuS;
    totals.trucks += r.trucks;
    totals.events += r.events;
    results.push(r);
  }
  return { totals, results, firstRate };
}

async function runCaseInner(job, base) {
  switch (job.kind) {
    case 'ref':
    case 'lean': {
      const loop = job.kind === 'ref' ? referenceMMc : leanMMc;
      const t = repeatForASecond((seed) => loop(SERVERS, LAMBDA_PER_MIN, SERVICE_MEAN_MIN, job.days, WARMUP_DAYS, seed));
      const wait = t.results.reduce((x, r) => x + r.waitMean, 0) / t.results.length;
      return { ...base, ...t.totals, peakMb: peakRssMb(), note: `${t.results.length} runs, wait_mean ${wait.toFixed(2)} min` };
    }
    case 'a':
    case 'b': {
      const scenario = job.kind === 'a' ? scenarioA(job.days) : scenarioB(job.days);
      const t = repeatForASecond((seed) => simulate(scenario, seed));
      const m = t.results[t.results.length - 1].metrics;
      // (a) against Erlang C: the mean wait over every run, as the references' notes give it, and how
      // far it lies from the theory's (a few per cent at full size; a short run's own noise is larger).
      const wait = t.results.reduce((x, r) => x + r.metrics.wait_mean_min, 0) / t.results.length;
      const theory = erlangCWait(SERVERS, LAMBDA_PER_MIN, SERVICE_MEAN_MIN);
      const metrics =
        job.kind === 'a'
          ? `wait_mean ${wait.toFixed(2)} min over the runs (${signed((100 * (wait - theory)) / theory)} % from Erlang C's ${theory.toFixed(2)}), occupancy ${m.bay_occupancy.toFixed(3)} in the last`
          : `last run wait_mean ${m.wait_mean_min.toFixed(1)} min, served ${(100 * m.served_share).toFixed(1)} %, ` +
            `grid peak ${m.grid_peak_kw.toFixed(0)} kW, queue max ${m.queue_max}`;
      const note = `${t.results.length} run(s), the first at ${fmtK(t.firstRate)} trucks/s; ${metrics}`;
      return { ...base, ...t.totals, peakMb: peakRssMb(), note };
    }
    case 'e': {
      // End to end: the command line on one replication, as a user runs it.
      const raw = job.scenario === 'a' ? rawA(job.days) : rawB(job.days);
      const file = join(job.dir, 'scenario.json');
      writeFileSync(file, JSON.stringify(raw));
      const trucks = trucksOf(job.scenario === 'a' ? scenarioA(job.days) : scenarioB(job.days));
      const { wall, peakMb } = timeCli(['run', file, '--replications', '1', '--workers', '1', '--sessions', job.sessions, '--out', join(job.dir, 'out')]);
      const bytes = job.sessions === 'all' ? statSync(join(job.dir, 'out', raw.name, 'sessions.csv')).size : 0;
      return { ...base, rssStartMb: NaN, trucks, events: NaN, wall, cpuS: NaN, peakMb, note: `hubsim run --sessions ${job.sessions}${bytes ? `, sessions.csv ${mb(bytes).toFixed(0)} MB` : ''}` };
    }
    case 'start': {
      // Start-up: --help, and a run of a one-day scenario with every default (10 replications).
      const raw = { ...rawB(1), name: 'tiny', horizon: { days: 1, warmupDays: 0 } };
      const file = join(job.dir, 'tiny.json');
      writeFileSync(file, JSON.stringify(raw));
      const help = [];
      const tiny = [];
      const node = []; // Node alone, running an empty module: the floor under both
      const helpCa = []; // --help with NODE_EXTRA_CA_CERTS, where it is set
      const nodeAlone = (env) => {
        const t0 = performance.now();
        spawnSync(process.execPath, ['--input-type=module', '-e', ''], { env });
        return (performance.now() - t0) / 1000;
      };
      const ca = process.env.NODE_EXTRA_CA_CERTS;
      for (let i = 0; i < 7; i++) {
        help.push(timeCli(['--help']).wall);
        tiny.push(timeCli(['run', file, '--out', join(job.dir, 'out')]).wall);
        node.push(nodeAlone(CLI_ENV));
        if (ca) helpCa.push(timeCli(['--help'], process.env).wall);
      }
      const note = `medians of 7; Node alone ${median(node).toFixed(3)} s` + (ca ? `; with NODE_EXTRA_CA_CERTS=${ca} as set here, --help ${median(helpCa).toFixed(3)} s` : '');
      return { ...base, trucks: NaN, events: NaN, wall: NaN, cpuS: NaN, peakMb: NaN, help: median(help), tiny: median(tiny), note };
    }
    case 'many': {
      // A batch of many small scenario files: default workers against one.
      const files = [];
      for (let i = 0; i < job.files; i++) {
        const file = join(job.dir, `s${i}.json`);
        writeFileSync(file, JSON.stringify({ ...rawB(7), name: `s${i}`, seed: i + 1, horizon: { days: 7, warmupDays: 1 } }));
        files.push(file);
      }
      // Each way twice, in the order one, default, default, one, and each way's total compared: a
      // machine that slows down or speeds up steadily over the four runs then favours neither.
      const time = (workers, k) => timeCli(['run', ...files, ...workers, '--out', join(job.dir, `out${k}`)]).wall;
      const one1 = time(['--workers', '1'], 1);
      const auto1 = time([], 2);
      const auto2 = time([], 3);
      const one2 = time(['--workers', '1'], 4);
      const note = `${job.files} files x 10 replications of 7 days; each the mean of two runs, in the order one, default, default, one`;
      return { ...base, trucks: NaN, events: NaN, wall: NaN, cpuS: NaN, peakMb: NaN, one: (one1 + one2) / 2, auto: (auto1 + auto2) / 2, note };
    }
    case 's': {
      const scenario = scenarioScale(job.bays, job.days, job.policy);
      const t = repeatForASecond((seed) => simulate(scenario, seed));
      const m = t.results[t.results.length - 1].metrics;
      const note =
        `${t.results.length} run(s) of ${job.days} d; last run served ${(100 * m.served_share).toFixed(1)} %, ` +
        `occupancy ${m.bay_occupancy.toFixed(2)}, grid mean ${(m.grid_mean_kw / scenario.hub.gridKw).toFixed(2)} x its limit`;
      return { ...base, ...t.totals, peakMb: peakRssMb(), note };
    }
    case 'c': {
      const scenario = scenarioB(job.days);
      const first = job.first ?? 1; // the host pair's second process runs the later half
      const tasks = Array.from({ length: job.reps }, (_, i) => ({
        scenario, replication: first + i, seed: replicationSeed(1, first + i), dir: job.dir, sessions: false, bays: false, powerUntilMin: 0,
      }));
      const stop = stopwatch();
      const pool = new ReplicationPool({ count: job.workers, auto: false });
      const out = await pool.run(tasks).finally(() => pool.close());
      const { wall, cpuS } = stop();
      let trucks = 0;
      let events = 0;
      for (const o of out) {
        trucks += o.trucks;
        events += o.events;
      }
      // One number per replication, in replication order: equal whatever the worker count, if the results are.
      const values = out.map((o) => Math.round(o.metrics.wait_mean_min * 1e6) + o.metrics.trucks_served);
      const note = `${job.reps} reps x ${job.days} d on ${job.workers} worker(s)`;
      return { ...base, trucks, events, wall, cpuS, peakMb: peakRssMb(), values, note };
    }
    case 'd': {
      const scenario = scenarioA(job.days);
      const stop = stopwatch();
      const o = runTask({ scenario, replication: 1, seed: 1, dir: job.dir, sessions: true, bays: false, powerUntilMin: 0 });
      const { wall, cpuS } = stop();
      const bytes = readdirSync(job.dir).reduce((sum, f) => sum + statSync(join(job.dir, f)).size, 0);
      const note = `sessions file ${mb(bytes).toFixed(0)} MB (deleted)`;
      return { ...base, trucks: o.trucks, events: o.events, wall, cpuS, peakMb: peakRssMb(), note };
    }
    default:
      throw new Error(`unknown case ${job.kind}`);
  }
}

// ------------------------------------------------------------------------------------------------
// Parent side

function parseArgs(argv) {
  const o = { scale: 1, cases: ['ref', 'lean', 'a', 'b', 'c', 'd', 's'], rounds: 1, reps: undefined, workers: undefined, timeout: 900, child: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') o.scale = 0.1;
    else if (a === '--scale') o.scale = Number(val());
    else if (a === '--cases') o.cases = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--rounds') o.rounds = Number(val());
    else if (a === '--reps') o.reps = Number(val());
    else if (a === '--workers') o.workers = Number(val());
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--child') o.child = JSON.parse(val());
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!(o.scale > 0 && Number.isFinite(o.scale))) usage('--scale must be a finite number > 0');
  if (!(o.timeout > 0)) usage('--timeout must be > 0');
  if (!(Number.isInteger(o.rounds) && o.rounds > 0)) usage('--rounds must be a positive integer');
  if (o.reps !== undefined && !(Number.isInteger(o.reps) && o.reps > 0)) usage('--reps must be a positive integer');
  if (o.workers !== undefined && !(Number.isInteger(o.workers) && o.workers > 0)) usage('--workers must be a positive integer');
  if (o.cases.length === 0) usage('--cases names no case');
  for (const c of o.cases) if (!['ref', 'lean', 'a', 'b', 'c', 'd', 's', 'cli', 'start', 'many'].includes(c)) usage(`unknown case ${c}`);
  return o;
}

function usage(msg) {
  if (msg) console.error(`bench: ${msg}`);
  (msg ? console.error : console.log)(
    'usage: node --expose-gc bench/run.js [--quick] [--scale F] [--cases ref,lean,a,b,c,d,s,cli,start,many] [--rounds N] [--reps N] [--workers N] [--timeout S]\n' +
      '  --quick      same as --scale 0.1 (10x fewer trucks; case c runs 10x fewer replications)\n' +
      '  --scale F    multiply every case size by F (default 1: ~1 M trucks in ref/a/d)\n' +
      '  --cases L    run only these cases (ref always runs, as every ratio needs it; lean is the leaner loop;\n' +
      '               s is bay scaling: every policy on hubs of 8 to 512 bays; cli runs (a) and (b) through the\n' +
      '               command line, (a) also with --sessions all; start times --help and a one-day run; many\n' +
      '               runs 300 small scenario files with default workers and with one)\n' +
      '  --rounds N   run the cases N times over, in turn, and report the median of each ratio taken within a\n' +
      '               round (a case against that round\'s reference; default 1)\n' +
      '  --reps N     replications in case c (default 100 x scale)\n' +
      '  --workers N  "all cores" worker count in case c (default os.availableParallelism())\n' +
      '  --timeout S  give up on a case after S seconds (default 900)',
  );
  process.exit(msg ? 2 : 0);
}

// The cases' child processes and temporary folders of the moment: Ctrl-C (or SIGTERM) ends this
// process before any `finally` runs, so they are stopped and removed then too, not left behind.
// Each case runs in a process group of its own, with the hubsim commands it starts: the signal is
// passed on to the whole group (each command removes what it wrote, as hubsim does when stopped),
// whether it came to every process of the terminal's job (Ctrl-C) or to this one alone (SIGTERM).
const running = { children: new Set(), dirs: new Set() };
let stopping = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    for (const child of running.children) killGroup(child, signal);
    setTimeout(() => {
      for (const child of running.children) killGroup(child, 'SIGKILL');
      for (const dir of running.dirs) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      process.exit(code);
    }, running.children.size > 0 ? 500 : 0);
  });
}

/** Sends `signal` to a case's process group: the case and the commands it started. */
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // (gone already)
  }
}

function runChild(job, timeoutS) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(job)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached: true, // a process group of its own (see `running`)
    });
    running.children.add(child);
    let result;
    let timedOut = false;
    // A case that hangs (a model bug, or a dist/ rebuilt under the bench's feet) must not block for ever.
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, timeoutS * 1000);
    child.on('message', (m) => (result = m));
    child.on('error', reject);
    child.on('exit', (code) => {
      running.children.delete(child);
      clearTimeout(timer);
      if (stopping) return; // a stop's own exit (see `running`), not the case's failure
      if (code === 0 && result && !result.error) resolve(result);
      else if (timedOut) reject(new Error(`case ${job.id} did not finish within ${timeoutS} s (see --timeout)`));
      else reject(new Error(`case ${job.id} failed (exit ${code}): ${result?.error ?? 'no result'}`));
    });
  });
}

const fmtInt = (x) => Math.round(x).toLocaleString('en-US');
const fmtK = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`);
const pad = (s, n, left = false) => (left ? String(s).padEnd(n) : String(s).padStart(n));

async function main(opts) {
  const s = opts.scale;
  const mmcDays = Math.max(20, Math.round(FULL.mmcDays * s));
  const fullDays = Math.max(20, Math.round(FULL.fullDays * s));
  const reps = opts.reps ?? Math.max(2, Math.round(FULL.reps * s));
  const cores = os.availableParallelism();
  const allWorkers = opts.workers ?? cores;

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`hubsim bench: node ${process.version}, ${os.platform()}/${os.arch()}, ${cpu}, ${cores} core(s) available`);
  console.log(
    `scale ${s}: ref/a/d ${mmcDays} days of M/M/8 (lambda ${(LAMBDA_PER_MIN * 1440).toFixed(1)} trucks/day), ` +
      `b ${fullDays} days, c ${reps} x ${FULL.repDays} days\n`,
  );

  const load = os.loadavg()[0];
  if (load > 0.5) {
    console.log(`warning: 1-minute load average is ${load.toFixed(2)} on ${cores} core(s): other processes compete for the CPU, ` +
      'so speeds (and case c\'s speed-up above all) will read low\n');
  }

  const jobs = [];
  const asked = new Set(opts.cases);
  const want = new Set([...asked, 'ref']); // every ratio needs the reference
  if (want.has('ref')) jobs.push({ id: 'ref', kind: 'ref', days: mmcDays, label: 'reference M/M/8 event loop' });
  if (want.has('lean')) jobs.push({ id: 'lean', kind: 'lean', days: mmcDays, label: 'leaner M/M/8 two-stream loop' });
  if (want.has('a')) jobs.push({ id: 'a', kind: 'a', days: mmcDays, label: '(a) M/M/8 hub, rho 0.9' });
  if (want.has('b')) jobs.push({ id: 'b', kind: 'b', days: fullDays, label: '(b) full-featured hub' });
  if (want.has('c')) {
    jobs.push({ id: 'c1', kind: 'c', days: FULL.repDays, reps, workers: 1, label: '(c) 1-year reps, 1 worker' });
    if (cores >= 2 || allWorkers >= 2) {
      jobs.push({ id: 'c2', kind: 'c', days: FULL.repDays, reps, workers: 2, label: '(c) 1-year reps, 2 workers' });
      // What the host itself allows two busy threads: the same work as two separate processes of one
      // worker each, at once, with nothing shared between them (see report).
      if (cores >= 2 && reps >= 2) jobs.push({ id: 'c1x2', kind: 'cpair', days: FULL.repDays, reps, label: '(c) 2 processes, 1 worker each' });
    }
    if (allWorkers > 2) jobs.push({ id: `c${allWorkers}`, kind: 'c', days: FULL.repDays, reps, workers: allWorkers, label: `(c) 1-year reps, ${allWorkers} workers` });
  }
  if (want.has('d')) jobs.push({ id: 'd', kind: 'd', days: mmcDays, label: '(d) = (a) + sessions.csv' });
  if (want.has('cli')) {
    jobs.push({ id: 'a-cli', kind: 'e', scenario: 'a', sessions: 'none', days: mmcDays, label: '(a) through the command line' });
    jobs.push({ id: 'b-cli', kind: 'e', scenario: 'b', sessions: 'none', days: fullDays, label: '(b) through the command line' });
    jobs.push({ id: 'd-cli', kind: 'e', scenario: 'a', sessions: 'all', days: mmcDays, label: '(a) command line, sessions all' });
  }
  if (want.has('start')) jobs.push({ id: 'start', kind: 'start', label: 'start-up', special: true });
  if (want.has('many')) jobs.push({ id: 'many', kind: 'many', files: 300, label: '300 small scenario files', special: true });
  if (want.has('s')) {
    for (const policy of SCALE_POLICIES) {
      for (const bays of SCALE_BAYS) {
        const days = scaleDays(bays, SCALE_TRUCKS * s);
        jobs.push({ id: `s-${policy}-${bays}`, kind: 's', bays, policy, days, scaling: true, label: `(s) ${bays} bays, ${policy}` });
      }
    }
  }

  // Each round runs every case once, in the same order. A ratio is taken within a round (a case
  // against that round's reference, 2 workers against that round's 1) and the median over the
  // rounds reported: the machine speeding up or slowing down between rounds then moves both sides
  // of a ratio alike. The start-up and many-files cases take medians of their own and run once.
  const rounds = [];
  for (let round = 1; round <= opts.rounds; round++) {
    if (opts.rounds > 1) console.log(`round ${round} of ${opts.rounds}:`);
    rounds.push(await runRound(jobs.filter((job) => round === 1 || !job.special), opts.timeout));
  }
  if (asked.has('a') || asked.has('ref')) {
    console.log(`  (Erlang C: M/M/8 at rho 0.9 has mean wait ${erlangCWait(SERVERS, LAMBDA_PER_MIN, SERVICE_MEAN_MIN).toFixed(2)} min)`);
  }
  report(rounds, { want, allWorkers, s });
}

/** Runs each job once, in order, each in a child process of its own; returns id -> result. */
async function runRound(jobs, timeoutS) {
  const got = new Map();
  for (const job of jobs) {
    process.stdout.write(`${pad(job.label, 30, true)} ... `);
    // Cases c and d write into a temporary folder, made and removed here so that nothing is left
    // behind even when the child dies.
    const dir = ['c', 'd', 'e', 'start', 'many'].includes(job.kind) ? mkdtempSync(join(os.tmpdir(), `hubsim-bench-${job.id}-`)) : undefined;
    if (dir) running.dirs.add(dir);
    let r;
    try {
      r = job.kind === 'cpair' ? await runPair({ ...job, dir }, timeoutS) : await runChild({ ...job, dir }, timeoutS);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
      running.dirs.delete(dir);
    }
    got.set(job.id, { ...r, label: job.label, scaling: job.scaling || job.special, special: !!job.special, bays: job.bays, policy: job.policy });
    if (job.special) {
      console.log(job.kind === 'start' ? `--help ${r.help.toFixed(3)} s, one-day run ${r.tiny.toFixed(3)} s (${r.note})` : `default workers ${r.auto.toFixed(2)} s, --workers 1 ${r.one.toFixed(2)} s (${r.note})`);
      continue;
    }
    console.log(
      `${r.wall.toFixed(2)} s, ${fmtK(rate(r))} trucks/s, ${!has(r.events) ? '' : `${fmtK(r.events / r.wall)} events/s, `}` +
        `peak RSS ${r.peakMb.toFixed(0)} MB${!has(r.rssStartMb) ? '' : ` (at start ${r.rssStartMb.toFixed(0)} MB)`}` +
        `${!has(r.cpuS) ? '' : `, CPU ${r.cpuS.toFixed(1)} s`}${r.note ? `; ${r.note}` : ''}`,
    );
  }
  return got;
}

/**
 * Case c's work as two child processes started at once, each running half the replications on one
 * worker in its own thread: the speed-up two busy cores give on this host when the two share
 * nothing but the machine. Wall time is the later of the two to finish (each timed around its own
 * run, as c1 is), CPU time their sum.
 */
async function runPair(job, timeoutS) {
  const half = Math.ceil(job.reps / 2);
  const parts = await Promise.all([
    runChild({ ...job, id: `${job.id}a`, kind: 'c', workers: 1, reps: half, first: 1 }, timeoutS),
    runChild({ ...job, id: `${job.id}b`, kind: 'c', workers: 1, reps: job.reps - half, first: half + 1 }, timeoutS),
  ]);
  const sum = (f) => parts[0][f] + parts[1][f];
  const values = [...parts[0].values, ...parts[1].values];
  const walls = parts.map((p) => p.wall.toFixed(2)).join(' s and ');
  const note = `${half} + ${job.reps - half} reps x ${job.days} d, one process each, at once; they took ${walls} s`;
  return {
    id: job.id, rssStartMb: NaN, trucks: sum('trucks'), events: sum('events'), wall: Math.max(parts[0].wall, parts[1].wall), cpuS: sum('cpuS'),
    peakMb: Math.max(parts[0].peakMb, parts[1].peakMb), values, note,
  };
}

/**
 * One result per case from the rounds: the round in which the case's speed over that round's
 * reference is the median (the lower middle one of an even number; for the reference, by its own
 * speed), with `xLean` and `xRefCpu` its ratios within that round; `xRef` is the median of the
 * rounds' ratios to their reference; `peakMb` is the largest peak memory of any round.
 */
function summarise(rounds) {
  const results = new Map();
  for (const id of rounds[0].keys()) {
    const runs = rounds.filter((m) => m.has(id)).map((m) => {
      const r = m.get(id);
      if (r.special) return { ...r, xRef: NaN };
      const ref = m.get('ref');
      const lean = m.get('lean');
      return { ...r, xRef: rate(r) / rate(ref), xLean: lean ? rate(r) / rate(lean) : NaN, xRefCpu: r.trucks / r.cpuS / (ref.trucks / ref.cpuS) };
    });
    const key = (r) => (id === 'ref' ? rate(r) : r.xRef);
    const sorted = [...runs].sort((x, y) => key(x) - key(y));
    results.set(id, {
      ...sorted[Math.floor((sorted.length - 1) / 2)],
      xRef: median(sorted.map((r) => r.xRef)),
      peakMb: Math.max(...runs.map((r) => r.peakMb)),
    });
  }
  return results;
}

/** Prints the table, the bay scaling and the verdicts, from every round's results. */
function report(rounds, { want, allWorkers, s }) {
  const results = summarise(rounds);
  const ratio = (r) => r.xRef;
  /** The median over the rounds of `f` of a round's results, and as text with a unit and the range when there are several rounds. */
  const overRounds = (f) => {
    const xs = rounds.map((m) => f(m)).filter(has).sort((x, y) => x - y);
    const mid = median(xs);
    const text = (digits, unit = '') =>
      `${mid.toFixed(digits)}${unit}${xs.length > 1 ? ` (rounds ${xs[0].toFixed(digits)}-${xs[xs.length - 1].toFixed(digits)})` : ''}`;
    return { mid, text };
  };
  /** A case's trucks/s over its round's reference's, over the rounds. */
  const vsRef = (id) => overRounds((m) => rate(m.get(id)) / rate(m.get('ref')));
  if (rounds.length > 1) {
    const refs = rounds.map((m) => fmtK(rate(m.get('ref'))));
    console.log(`\nthe reference ran at ${refs.join(', ')} trucks/s in the ${rounds.length} rounds; each x ref below is the median of the rounds' ratios`);
  }

  // The compact table.
  const lean = results.get('lean');
  const leanRatio = (r) => (lean && has(r.xLean) ? r.xLean.toFixed(3) : '-');
  const head = ['case', 'trucks', 'events', 'wall s', 'trucks/s', 'events/s', 'x ref', 'x lean', 'peak MB'];
  const rows = [...results.entries()].filter(([, r]) => !r.scaling).map(([id, r]) => [
    id,
    fmtInt(r.trucks),
    !has(r.events) ? '-' : fmtInt(r.events),
    r.wall.toFixed(2),
    fmtInt(rate(r)),
    !has(r.events) ? '-' : fmtInt(r.events / r.wall),
    ratio(r).toFixed(3),
    leanRatio(r),
    r.peakMb.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => pad(c, widths[i], i === 0)).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
  console.log(
    "(x ref = trucks/s over the reference event loop's trucks/s; x lean = the same over the leaner two-stream loop's;\n" +
      ' peak MB = whole-process max RSS, worker threads included)',
  );
  // Wall-clock ratios move when other processes compete for the CPU at different moments of the
  // run; ratios of trucks per CPU-second move less (for hubsim, CPU includes V8's GC helper threads).
  const cpuRatios = [...results.entries()]
    .filter(([id, r]) => id !== 'ref' && id !== 'lean' && !r.scaling && !!has(r.cpuS))
    .map(([id, r]) => `${id} ${r.xRefCpu.toFixed(3)}`);
  if (cpuRatios.length > 0) console.log(`(x ref by trucks per CPU-second: ${cpuRatios.join(', ')})`);

  // Bay scaling: the cost per truck at each hub size, per policy.
  const us = (r) => (1e6 * r.wall) / r.trucks;
  const usCpu = (r) => (1e6 * r.cpuS) / r.trucks;
  const first = SCALE_BAYS[0];
  const last = SCALE_BAYS[SCALE_BAYS.length - 1];
  /** A policy's cost per truck at the largest hub over that at the smallest, by `per` (wall or CPU time), over the rounds. */
  const growth = (p, per) => overRounds((m) => per(m.get(`s-${p}-${last}`)) / per(m.get(`s-${p}-${first}`)));
  if (want.has('s')) {
    const head2 = ['policy', ...SCALE_BAYS.map((n) => `${n} bays`), `${last}/${first}`, 'by CPU'];
    const rows2 = SCALE_POLICIES.map((p) => {
      const rs = SCALE_BAYS.map((n) => results.get(`s-${p}-${n}`));
      return [p, ...rs.map((r) => us(r).toFixed(2)), growth(p, us).mid.toFixed(2), growth(p, usCpu).mid.toFixed(2)];
    });
    const w2 = head2.map((h, i) => Math.max(h.length, ...rows2.map((row) => row[i].length)));
    const line2 = (cells) => cells.map((c, i) => pad(c, w2[i], i === 0)).join('  ');
    console.log(`\n(s) bay scaling, microseconds of wall time per truck:\n${line2(head2)}\n${w2.map((w) => '-'.repeat(w)).join('  ')}`);
    for (const row of rows2) console.log(line2(row));
    console.log(`(${last}/${first} = the cost per truck at ${last} bays over that at ${first}; by CPU = the same in CPU time)`);
  }

  // Targets.
  console.log('\ntargets:');
  const verdict = (ok) => (ok === undefined ? 'n/a' : ok ? 'MET' : 'NOT MET');
  const check = (text, ok) => console.log(`  ${pad(verdict(ok), 7, true)} ${text}`);
  const a = results.get('a');
  const b = results.get('b');
  const d = results.get('d');
  const vsLean = (r) => (lean ? ` (${leanRatio(r)} x the leaner loop)` : '');
  for (const [id, r, target] of [['a', a, TARGETS.a], ['b', b, TARGETS.b]]) {
    if (!r) continue;
    const x = vsRef(id);
    check(`(${id}) >= ${target} x reference: ${x.text(3)}${vsLean(r)}`, x.mid >= target);
  }
  for (const [id, r] of [['a', a], ['b', b], ['d', d]]) {
    if (r) check(`(${id}) peak memory < ${TARGETS.peakMb} MB: ${r.peakMb.toFixed(0)} MB`, r.peakMb < TARGETS.peakMb);
  }
  const aCli = results.get('a-cli');
  const bCli = results.get('b-cli');
  const dCli = results.get('d-cli');
  for (const [id, r, target] of [['a-cli', aCli, TARGETS.aCli], ['b-cli', bCli, TARGETS.bCli]]) {
    if (!r) continue;
    const x = vsRef(id);
    check(`(${id[0]}) end to end >= ${target} x reference: ${x.text(3)}`, x.mid >= target);
  }
  if (aCli && dCli) {
    const slow = overRounds((m) => m.get('d-cli').wall / m.get('a-cli').wall);
    check(`(d) --sessions all at most ${TARGETS.sessionsAll} x --sessions none, end to end: ${slow.text(2, ' x')}`, slow.mid <= TARGETS.sessionsAll);
  }
  for (const [id, r] of [['a-cli', aCli], ['b-cli', bCli], ['d-cli', dCli]]) {
    if (r && has(r.peakMb)) check(`(${id}) peak memory < ${TARGETS.peakMb} MB: ${r.peakMb.toFixed(0)} MB`, r.peakMb < TARGETS.peakMb);
  }
  const start = results.get('start');
  if (start) {
    check(`hubsim --help under ${TARGETS.helpS} s: ${start.help.toFixed(3)} s`, start.help < TARGETS.helpS);
    check(`a one-day run (10 replications) under ${TARGETS.tinyS} s: ${start.tiny.toFixed(3)} s`, start.tiny < TARGETS.tinyS);
  }
  const many = results.get('many');
  if (many) check(`300 small files: default workers no slower than --workers 1: ${many.auto.toFixed(2)} s vs ${many.one.toFixed(2)} s`, many.auto <= many.one * 1.02);
  const c1 = results.get('c1');
  const c2 = results.get('c2');
  if (c1) {
    if (c2) {
      const sp = overRounds((m) => m.get('c1').wall / m.get('c2').wall);
      const walls = rounds.map((m) => `${m.get('c1').wall.toFixed(2)} s -> ${m.get('c2').wall.toFixed(2)} s`).join(', ');
      check(`(c) 2 workers >= ${TARGETS.speedup2} x 1 worker: ${sp.text(2, ' x')}; ${walls}`, sp.mid >= TARGETS.speedup2);
    } else check(`(c) 2 workers >= ${TARGETS.speedup2} x 1 worker: only one core available`, undefined);
    const pair = results.get('c1x2');
    if (c2 && pair) {
      // Two processes that share nothing show what this host gives two busy threads: a pool near
      // them loses nothing to its threads' sharing a process, and the rest of the shortfall is the host's.
      const host = overRounds((m) => m.get('c1').wall / m.get('c1x2').wall);
      const share = overRounds((m) => m.get('c1x2').wall / m.get('c2').wall);
      console.log(`          (c) on this host, two separate 1-worker processes at once: ${host.text(2, ' x 1 worker')}`);
      console.log(`          (c) 2 workers in one process reach ${share.text(2, ' x')} the speed of those two processes`);
    }
    const cN = results.get(`c${allWorkers}`);
    if (cN && allWorkers > 2) console.log(`          (c) ${allWorkers} workers: ${overRounds((m) => m.get('c1').wall / m.get(`c${allWorkers}`).wall).text(2, ' x 1 worker')}`);
    for (const r of new Set([c1, c2, pair, cN])) {
      if (r) {
        console.log(
          `          ${r.label}: CPU busy ${(r.cpuS / r.wall).toFixed(2)} cores on average, ` +
            `${fmtK(r.trucks / r.cpuS)} trucks per CPU-second`,
        );
      }
    }
    // Starved: a run busy on fewer cores than its workers, or two processes that share nothing but
    // the host well short of twice one (the host gives less than two cores, whatever each is busy on).
    const pairSpeedup = pair ? c1.wall / pair.wall : Infinity;
    if (c2 && (c1.cpuS / c1.wall < 0.9 || c2.cpuS / c2.wall < 1.7 || pairSpeedup < 1.7)) {
      console.log(
        '          warning: the runs got less CPU than their worker count (another process competed, or two separate\n' +
          `          processes reached only ${pairSpeedup.toFixed(2)} x one), so the wall-clock\n` +
          `          speed-up understates the code's; the CPU-normalised speed-up (2 x trucks per CPU-second ratio) is ` +
          `${((2 * (c2.trucks / c2.cpuS)) / (c1.trucks / c1.cpuS)).toFixed(2)} x`,
      );
    }
    const lists = rounds.flatMap((m) => [...m.entries()].filter(([id]) => id.startsWith('c')).map(([, r]) => r.values.join(',')));
    const same = lists.every((x) => x === lists[0]);
    console.log(`  ${pad(same ? 'OK' : 'DIFFER', 7, true)} (c) metrics identical whatever the number of workers`);
  }
  if (want.has('s')) {
    for (const p of SCALE_POLICIES) {
      const r = growth(p, us);
      check(`(s) ${p}: cost per truck at ${last} bays <= ${TARGETS.bayScaling} x that at ${first}: ${r.text(2, ' x')}`, r.mid <= TARGETS.bayScaling);
    }
  }
  if (s !== 1) {
    console.log(`\nnote: scale ${s}; the targets are meant for the full size: short runs read slow (JIT warm-up weighs more).`);
  }
}

const opts = parseArgs(process.argv.slice(2));
if (opts.child) {
  runCase(opts.child).then(
    (r) => process.send(r, () => process.exit(0)),
    (err) => process.send({ error: err.stack ?? String(err) }, () => process.exit(1)),
  );
} else {
  main(opts).catch((err) => {
    console.error(`\n${err.stack ?? String(err)}`);
    process.exit(1);
  });
}
