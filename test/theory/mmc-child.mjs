// Runs M/M/c-equivalent hub replications in a plain Node process (on the built dist/, outside
// Jest's sandbox, where the simulator runs several times faster) and prints their metrics as JSON.
// Usage: node mmc-child.mjs <c> <rho> <trucksPerReplication> <seed>...
import { replicationSeed, simulate, validateScenario } from '../../dist/index.js';

const [c, rho, trucks, ...seeds] = process.argv.slice(2).map(Number);
const lambda = (rho * c) / 60; // per minute; service mean 60 min (400 kWh at 400 kW)
const warmupDays = 2;
const scenario = validateScenario(
  {
    name: 'mmc',
    horizon: { days: warmupDays + trucks / (lambda * 1440), warmupDays },
    hub: { chargers: [{ id: 'b', connector: 'CCS', cabinets: c, cabinetKw: 400 }] },
    arrivals: { trucksPerDay: lambda * 1440 },
    fleet: [{ name: 't', batteryKwh: 1e5, maxKw: { CCS: 400 } }],
    demand: { arrivalSoc: 0, energyKwh: { dist: 'exponential', mean: 400 } },
  },
  'mmc',
);
const out = seeds.map((s) => simulate(scenario, replicationSeed(1, s)).metrics);
process.stdout.write(JSON.stringify(out));
