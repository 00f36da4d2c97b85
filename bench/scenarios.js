// Scenarios and sizes shared by bench/run.js and bench/profile.js.
import { validateScenario } from '../dist/index.js';

// ------------------------------------------------------------------------------------------------
// Sizes and targets

export const SERVERS = 8; // M/M/8
export const RHO = 0.9;
export const SERVICE_MEAN_MIN = 60; // 400 kWh mean at 400 kW
export const LAMBDA_PER_MIN = (RHO * SERVERS) / SERVICE_MEAN_MIN; // 0.12 / min = 172.8 trucks / day
export const FULL = {
  mmcDays: Math.ceil(1e6 / (LAMBDA_PER_MIN * 1440)), // ~1.0 M trucks (cases ref, a, d)
  fullDays: 3000, // case b: ~0.48 M trucks
  reps: 100, // case c: one-year replications
  repDays: 365,
};
export const WARMUP_DAYS = 10;

// ------------------------------------------------------------------------------------------------
// Scenarios

/** (a)/(d): a hub that is exactly an M/M/8 queue at rho = 0.9, as a scenario file would hold it. */
export function rawA(days) {
  return {
      name: 'bench-mm8',
      description: 'M/M/8 at rho = 0.9: 8 independent 400 kW bays, exponential service (mean 60 min)',
      seed: 1,
      horizon: { days, warmupDays: WARMUP_DAYS },
      hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: SERVERS, baysPerCabinet: 1, cabinetKw: 400, bayKw: 400 }] },
      arrivals: { trucksPerDay: LAMBDA_PER_MIN * 1440 },
      fleet: [{ name: 'bulk', share: 1, batteryKwh: 1e5, maxKw: { CCS: 400 } }],
      demand: { arrivalSoc: 0, energyKwh: { dist: 'exponential', mean: (400 * SERVICE_MEAN_MIN) / 60 } },
      behaviour: { breakMin: 45, leave: 'charged' },
    };
}

/** (a)/(d), validated. */
export function scenarioA(days) {
  return validateScenario(rawA(days), 'bench-a');
}

/** What the trucks of (b), (c) and (s) arrive with and charge to. */
const DEMAND = {
  arrivalSoc: { dist: 'normal', mean: 0.2, sd: 0.07, min: 0.05, max: 0.6 },
  targetSoc: { dist: 'uniform', min: 0.75, max: 0.95 },
};

const HOURLY = [0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 0.9, 1.2, 1.4, 1.5, 1.5, 1.5, 1.6, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.8, 0.6, 0.5, 0.4];
const WEEKLY = [1.05, 1.1, 1.1, 1.1, 1.05, 0.6, 0.2];

/** (b)/(c): every feature at once: binding grid, shared cabinets, tapering curves, profiles, breaks, patience, queue cap. */
export function rawB(days) {
  return {
      name: 'bench-full',
      description: 'Binding 2 MW grid, 4 shared CCS cabinets (2 bays each) + 1 MCS bay, 5 truck types with tapering curves',
      seed: 1,
      horizon: { days, warmupDays: Math.min(WARMUP_DAYS, days / 2) },
      hub: {
        gridKw: 2000, // cabinets total 3400 kW: binds whenever more than five trucks charge at full power
        allocation: 'equal',
        waitingSpaces: 10,
        chargers: [
          { id: 'ccs', connector: 'CCS', cabinets: 4, baysPerCabinet: 2, cabinetKw: 600, bayKw: 400 },
          { id: 'mcs', connector: 'MCS', cabinets: 1, baysPerCabinet: 1, cabinetKw: 1000, bayKw: 1000 },
        ],
      },
      arrivals: { trucksPerDay: 160, hourly: HOURLY, weekly: WEEKLY },
      fleet: [
        { name: 'eactros600', share: 0.35, batteryKwh: 621, maxKw: { CCS: 400, MCS: 1000 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] },
        { name: 'volvo-fh-electric', share: 0.2, batteryKwh: 540, maxKw: { CCS: 250 }, curve: [[0, 1], [0.8, 1], [1, 0.3]] },
        { name: 'volvo-fh-aero', share: 0.1, batteryKwh: 780, maxKw: { CCS: 400, MCS: 1000 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] },
        { name: 'man-etgx', share: 0.2, batteryKwh: 480, maxKw: { CCS: 375, MCS: 750 }, curve: [[0, 1], [0.8, 1], [1, 0.3]] },
        { name: 'scania', share: 0.15, batteryKwh: 624, maxKw: { CCS: 375 }, curve: [[0, 1], [0.7, 1], [0.9, 0.6], [1, 0.3]] },
      ],
      demand: DEMAND,
      behaviour: {
        breakMin: { dist: 'triangular', min: 45, mode: 45, max: 90 },
        leave: 'breakEnd',
        patienceMin: { dist: 'exponential', mean: 30 },
      },
      output: { powerIntervalMin: 15 },
    };
}

/** (b)/(c), validated. */
export function scenarioB(days) {
  return validateScenario(rawB(days), 'bench-b');
}

// ------------------------------------------------------------------------------------------------
// Bay scaling: the same per-bay load on hubs of 8 to 512 bays

export const SCALE_BAYS = [8, 32, 128, 512];
export const SCALE_POLICIES = ['equal', 'fifo', 'deadline'];
export const SCALE_TRUCKS_PER_BAY_DAY = 6;
export const SCALE_GRID_KW_PER_BAY = 90;
export const SCALE_TRUCKS = 150_000; // per run at full size, whatever the hub's size

/**
 * (s) A hub of `bays` 400 kW CCS bays, two per 600 kW cabinet, on a grid of 90 kW per bay (under a
 * third of the cabinets' total: it binds whenever more than a quarter of the bays charge at full
 * power, which is most of the time, as the trucks' energy averages about the grid's whole
 * capacity), a steady 6 trucks per bay per day, tapering curves, breaks of 45-90 minutes,
 * patience and a queue of one space per bay. Every figure is per bay, so a truck meets the same
 * hub however many bays it has, only more neighbours.
 */
export function scenarioScale(bays, days, allocation) {
  return validateScenario(
    {
      name: `bench-bays-${bays}-${allocation}`,
      description: `${bays} bays of 400 kW, two per 600 kW cabinet, a binding grid of ${SCALE_GRID_KW_PER_BAY} kW per bay, ${allocation} allocation`,
      seed: 1,
      horizon: { days, warmupDays: Math.min(WARMUP_DAYS, days / 2) },
      hub: {
        gridKw: SCALE_GRID_KW_PER_BAY * bays,
        allocation,
        waitingSpaces: bays,
        chargers: [{ id: 'ccs', connector: 'CCS', cabinets: bays / 2, baysPerCabinet: 2, cabinetKw: 600, bayKw: 400 }],
      },
      arrivals: { trucksPerDay: SCALE_TRUCKS_PER_BAY_DAY * bays },
      fleet: [
        { name: 'eactros600', share: 0.4, batteryKwh: 621, maxKw: { CCS: 400 }, curve: [[0, 1], [0.8, 1], [1, 0.25]] },
        { name: 'volvo-fh-electric', share: 0.2, batteryKwh: 540, maxKw: { CCS: 250 }, curve: [[0, 1], [0.8, 1], [1, 0.3]] },
        { name: 'man-etgx', share: 0.25, batteryKwh: 480, maxKw: { CCS: 375 }, curve: [[0, 1], [0.8, 1], [1, 0.3]] },
        { name: 'scania', share: 0.15, batteryKwh: 624, maxKw: { CCS: 375 }, curve: [[0, 1], [0.7, 1], [0.9, 0.6], [1, 0.3]] },
      ],
      demand: DEMAND,
      behaviour: {
        breakMin: { dist: 'triangular', min: 45, mode: 45, max: 90 },
        leave: 'charged',
        patienceMin: { dist: 'exponential', mean: 60 },
      },
      output: { powerIntervalMin: 15 },
    },
    'bench-s',
  );
}

/** Days of `scenarioScale(bays)` that hold about `trucks` arrivals. */
export function scaleDays(bays, trucks) {
  return Math.max(2, Math.round(trucks / (SCALE_TRUCKS_PER_BAY_DAY * bays)));
}
