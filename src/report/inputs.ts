// The scenario's inputs as tables, from run.json's copy of the scenario file, so a report says
// exactly what was run. Generic over fields: a field this file does not know is still shown.
import { formatExact, MISSING } from './format.js';
import type { Block, Cell } from './page.js';

type Json = unknown;

const LABELS: Readonly<Record<string, string>> = {
  'horizon.days': 'Horizon (days)',
  'horizon.warmupDays': 'Warm-up (days)',
  'hub.gridKw': 'Grid connection (kW)',
  'hub.allocation': 'Power allocation',
  'hub.waitingSpaces': 'Waiting spaces',
  'arrivals.trucksPerDay': 'Trucks per day (mean over the week)',
  'arrivals.hourly': 'Hourly weights (0:00 first)',
  'arrivals.weekly': 'Weekday weights (Monday first)',
  'arrivals.trace': 'Arrival trace (CSV)',
  'demand.arrivalSoc': 'State of charge on arrival',
  'demand.targetSoc': 'Target state of charge',
  'demand.energyKwh': 'Energy wanted (kWh)',
  'behaviour.breakMin': "Driver's break (min)",
  'behaviour.leave': 'Unplugs when',
  'behaviour.patienceMin': 'Patience in the queue (min)',
  'economics.energyPrice': 'Energy price (per kWh drawn)',
  'economics.demandCharge': 'Demand charge (per kW of peak)',
  'economics.connectionCostPerKwYear': 'Connection cost (per kW and year)',
  'economics.sellingPrice': 'Selling price (per kWh delivered)',
  'output.powerIntervalMin': 'Power interval (min)',
  'output.serviceThresholdMin': 'Service threshold (min)',
};

// Fields whose absence means something a reader should see.
const ABSENT: Readonly<Record<string, string>> = {
  'hub.gridKw': 'unlimited',
  'hub.waitingSpaces': 'unlimited',
  'behaviour.patienceMin': 'none (trucks wait as long as it takes)',
  'output.serviceThresholdMin': '15 (default)',
};

const SECTIONS = ['horizon', 'hub', 'arrivals', 'demand', 'behaviour', 'economics', 'output'] as const;

/** Tables of a scenario's inputs (settings, chargers, fleet) and the scenario file itself. */
export function inputBlocks(scenario: Readonly<Record<string, Json>>, scenarioFile: string): Block[] {
  const rows: Cell[][] = [];
  for (const section of SECTIONS) {
    const obj = asObject(scenario[section]) ?? {};
    const keys = Object.keys(obj).filter((k) => !(section === 'hub' && k === 'chargers'));
    for (const path of Object.keys(ABSENT)) {
      const [s, k] = path.split('.');
      if (s === section && !keys.includes(k)) keys.push(k);
    }
    for (const key of keys) {
      const path = `${section}.${key}`;
      const value = key in obj ? describe(obj[key]) : ABSENT[path];
      rows.push([{ text: LABELS[path] ?? key, sub: { code: path } }, value]);
    }
  }
  const blocks: Block[] = [
    { kind: 'heading', text: 'Settings' },
    { kind: 'table', head: ['Input', 'Value'], rows },
  ];

  const chargers = asArray(asObject(scenario.hub)?.chargers);
  if (chargers.length > 0) {
    blocks.push({ kind: 'heading', text: 'Chargers' });
    blocks.push({
      kind: 'table',
      head: ['Group', 'Connector', { text: 'Cabinets', num: true }, { text: 'Bays per cabinet', num: true }, { text: 'Cabinet kW', num: true }, { text: 'Bay kW', num: true }],
      rows: chargers.map((c) => {
        const o = asObject(c) ?? {};
        return [
          { text: { code: String(o.id ?? MISSING) } },
          describe(o.connector),
          { text: describe(o.cabinets), num: true },
          { text: o.baysPerCabinet === undefined ? '1' : describe(o.baysPerCabinet), num: true },
          { text: describe(o.cabinetKw), num: true },
          { text: o.bayKw === undefined ? describe(o.cabinetKw) : describe(o.bayKw), num: true },
        ];
      }),
    });
  }

  const fleet = asArray(scenario.fleet);
  if (fleet.length > 0) {
    blocks.push({ kind: 'heading', text: 'Fleet' });
    blocks.push({
      kind: 'table',
      head: ['Truck type', { text: 'Share', num: true }, { text: 'Battery kWh', num: true }, 'Max kW by connector', 'Charging curve (SoC, fraction of max kW)'],
      rows: fleet.map((t) => {
        const o = asObject(t) ?? {};
        return [
          { text: { code: String(o.name ?? MISSING) } },
          { text: o.share === undefined ? '1' : describe(o.share), num: true },
          { text: describe(o.batteryKwh), num: true },
          describe(o.maxKw),
          o.curve === undefined ? 'flat' : describe(o.curve),
        ];
      }),
      note: ['Shares are normalised to sum to one.'],
    });
  }

  blocks.push({ kind: 'source', summary: `The scenario file as run${scenarioFile ? ` (${scenarioFile})` : ''}`, text: JSON.stringify(scenario, null, 2) });
  return blocks;
}

/** A JSON value in words: distributions as `normal: mean 0.2, sd 0.07, within [0.05, 0.6]`. */
export function describe(v: Json): string {
  if (v === undefined || v === null) return MISSING;
  if (typeof v === 'number') return formatExact(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? `(${x.map(describe).join(', ')})` : describe(x))).join(', ');
  const o = v as Record<string, Json>;
  if (typeof o.dist === 'string') {
    const params = Object.keys(o)
      .filter((k) => k !== 'dist' && k !== 'min' && k !== 'max')
      .map((k) => `${k} ${describe(o[k])}`);
    const hasMin = o.min !== undefined;
    const hasMax = o.max !== undefined;
    if (hasMin && hasMax) params.push(`within [${describe(o.min)}, ${describe(o.max)}]`);
    else if (hasMin) params.push(`at least ${describe(o.min)}`);
    else if (hasMax) params.push(`at most ${describe(o.max)}`);
    return `${o.dist}: ${params.join(', ')}`;
  }
  return Object.keys(o)
    .map((k) => `${k} ${describe(o[k])}`)
    .join(', ');
}

function asObject(v: Json): Record<string, Json> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Json>) : undefined;
}

function asArray(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}
