// hubsim as a library: load a scenario, change it, run replications, read the metrics.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadScenario, replicationSeed, simulate, validateScenario } from 'hubsim';

const file = process.argv[2] ?? 'node_modules/hubsim/scenarios/koblenz.json';
const scenario = await loadScenario(file); // validated and frozen; throws InputError with every problem

// A variant: the same scenario with two more cabinets in its first charger group (each with its
// baysPerCabinet bays), and nothing else changed. Scenarios are frozen, so change the file's JSON
// and validate that; a scenario with a trace also needs the trace's text, which validateScenario
// asks of its third argument by the path the scenario gives (relative to the scenario file's
// folder, its \ read as /, as loadScenario reads it).
const raw = JSON.parse(await readFile(file, 'utf8'));
raw.name = `${raw.name}-plus-2-cabinets`;
raw.hub.chargers[0].cabinets += 2;
const readTrace = (path) => readFileSync(resolve(dirname(file), path.replaceAll('\\', '/')), 'utf8');
const bigger = validateScenario(raw, `${file} with two more cabinets`, readTrace);

for (const s of [scenario, bigger]) {
  // Replication r uses replicationSeed(base, r), as the command line does: the same trucks in every design.
  const waits = [1, 2, 3].map((r) => simulate(s, replicationSeed(1, r)).metrics.wait_mean_min);
  console.log(`${s.name}: mean wait ${(waits.reduce((a, b) => a + b, 0) / waits.length).toFixed(2)} min over ${waits.length} replications`);
}
