/**
 * Builds hubs that are textbook queues and runs them, keeping per-truck records, for the theory tests.
 * Only test scaffolding: the expected numbers come from ./queueing.ts, never from here.
 */
import { simulate, validateScenario, type Metrics, type Scenario } from '../../src/index.js';

/** Charging power of every bay, kW. With a flat curve a truck wanting E kWh plugs for E / KW * 60 min. */
export const KW = 400;
/** Minutes per day. */
export const DAY = 1440;

/** An energy demand distribution, as the scenario format writes one. */
export type EnergyDist = number | { readonly dist: string; readonly [param: string]: number | string };

export interface HubSpec {
  /** Number of bays (one 400 kW bay per cabinet, no shared power, no grid limit). */
  readonly c: number;
  /** Arrivals per minute (a homogeneous Poisson process). */
  readonly lambda: number;
  /** Energy each truck wants, kWh; the plug-in time is energy / 400 kW. */
  readonly energyKwh: EnergyDist;
  /** Arrivals counted in the statistics (the window [warm-up, horizon) is sized for this many on average). */
  readonly trucks: number;
  readonly warmupDays: number;
  /** Queue capacity; unlimited if omitted, 0 for a loss system. */
  readonly waitingSpaces?: number;
  /** `output.serviceThresholdMin`; the default (15) if omitted. */
  readonly serviceThresholdMin?: number;
  /** `behaviour.patienceMin`: how long a truck waits before reneging; for ever if omitted. */
  readonly patienceMin?: EnergyDist;
}

/**
 * A hub that is an M/G/c queue (M/M/c with exponential energy): Poisson arrivals at a constant
 * rate, `c` identical bays with their own full 400 kW, a single FIFO queue, trucks that charge at a
 * constant 400 kW (flat curve, arrival SoC 0, a battery far larger than any demand, so the cap on
 * what the battery can take never binds) and leave when charged, reneging only with `patienceMin`.
 */
export function hubScenario(h: HubSpec): Scenario {
  const windowDays = h.trucks / (h.lambda * DAY);
  return validateScenario(
    {
      name: 'theory-hub',
      horizon: { days: h.warmupDays + windowDays, warmupDays: h.warmupDays },
      hub: {
        chargers: [{ id: 'b', connector: 'CCS', cabinets: h.c, baysPerCabinet: 1, cabinetKw: KW, bayKw: KW }],
        ...(h.waitingSpaces === undefined ? {} : { waitingSpaces: h.waitingSpaces }),
      },
      arrivals: { trucksPerDay: h.lambda * DAY },
      // 1e5 kWh: an exponential demand of mean 400 kWh exceeds it with probability e^-250, the
      // log-normal one of the Erlang B tests (sd 800) with ~3e-7.
      fleet: [{ name: 't', batteryKwh: 1e5, maxKw: { CCS: KW } }],
      demand: { arrivalSoc: 0, energyKwh: h.energyKwh },
      behaviour: { breakMin: 45, leave: 'charged', ...(h.patienceMin === undefined ? {} : { patienceMin: h.patienceMin }) },
      ...(h.serviceThresholdMin === undefined ? {} : { output: { serviceThresholdMin: h.serviceThresholdMin } }),
    },
    'theory-hub',
  );
}

/** One replication's metrics and, per truck in arrival order (index = truck number - 1), its record. */
export interface HubRun {
  readonly metrics: Metrics;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly n: number;
  readonly arrival: Float64Array;
  /** Wait before plugging in, minutes; NaN if the truck balked. */
  readonly wait: Float64Array;
  /** Minutes plugged in; NaN if the truck balked. */
  readonly service: Float64Array;
}

/** Runs `scenario` once with `seed`, keeping every truck's arrival, wait and plug-in time. */
export function runHub(scenario: Scenario, seed: number): HubRun {
  let cap = 1024;
  let arrival = new Float64Array(cap);
  let wait = new Float64Array(cap);
  let service = new Float64Array(cap);
  const grow = (a: Float64Array, size: number) => {
    const b = new Float64Array(size);
    b.set(a);
    return b;
  };
  const result = simulate(scenario, seed, {
    onSession: (s) => {
      const i = s.truck - 1;
      if (i >= cap) {
        cap = Math.max(2 * cap, i + 1);
        arrival = grow(arrival, cap);
        wait = grow(wait, cap);
        service = grow(service, cap);
      }
      arrival[i] = s.arrivalMin;
      wait[i] = s.waitMin;
      service[i] = s.unplugMin - s.plugMin;
    },
  });
  const n = result.trucks;
  return {
    metrics: result.metrics,
    windowStart: scenario.horizon.warmupDays * DAY,
    windowEnd: scenario.horizon.days * DAY,
    n,
    arrival: arrival.subarray(0, n),
    wait: wait.subarray(0, n),
    service: service.subarray(0, n),
  };
}

/**
 * Runs `reps` independent replications (seeds base+1 … base+reps) of `scenario`, without keeping
 * per-truck records, and returns their metrics.
 */
export function replicate(scenario: Scenario, reps: number, base: number): Metrics[] {
  return Array.from({ length: reps }, (_, r) => simulate(scenario, base + r + 1).metrics);
}

/** The mean over replications of a metric (or a quantity made of metrics). */
export function meanOver(ms: readonly Metrics[], f: (m: Metrics) => number): number {
  return ms.reduce((s, m) => s + f(m), 0) / ms.length;
}

/** Minutes of the statistics window, summed over replications. */
export function windowMinutes(scenario: Scenario, reps: number): number {
  return (scenario.horizon.days - scenario.horizon.warmupDays) * DAY * reps;
}

/** Relative difference (x - ref) / ref. */
export function relErr(x: number, ref: number): number {
  return (x - ref) / ref;
}
