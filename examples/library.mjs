// hubsim as a library: load a scenario, change it, run replications, read the metrics.
import { loadScenario, replicationSeed, simulate, validateScenario } from 'hubsim';

const file = process.argv[2] ?? 'node_modules/hubsim/scenarios/koblenz.json';
const scenario = await loadScenario(file); // validated and frozen; throws InputError with every problem

// A variant: the same hub with two more bays. Scenarios are frozen, so build a new raw object and validate it.
const bigger = validateScenario(
  {
    name: `${scenario.name}-10-bays`,
    horizon: scenario.horizon,
    hub: { ...scenario.hub, gridKw: undefined, waitingSpaces: undefined, chargers: [{ ...scenario.hub.chargers[0], cabinets: 10 }] },
    arrivals: { trucksPerDay: 100 },
    fleet: scenario.fleet.map((f) => ({ name: f.name, share: f.share, batteryKwh: f.batteryKwh, maxKw: f.maxKw, curve: f.curve })),
    demand: { arrivalSoc: 0.2, targetSoc: 0.8 },
  },
  'variant',
);

for (const s of [scenario, bigger]) {
  // Replication r uses replicationSeed(base, r), as the command line does: the same trucks in every design.
  const waits = [1, 2, 3].map((r) => simulate(s, replicationSeed(1, r)).metrics.wait_mean_min);
  console.log(`${s.name}: mean wait ${(waits.reduce((a, b) => a + b, 0) / waits.length).toFixed(2)} min over ${waits.length} replications`);
}
