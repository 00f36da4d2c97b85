// The scenario's inputs as tables, from run.json's copy of the scenario file, so a report says
// exactly what was run. Generic over fields: a field this file does not know is still shown.
import stringify from 'json-stringify-pretty-compact';
import { formatExact, MISSING } from './format.js';
import { TRACE_OVERRIDES } from '../scenario/trace.js';
import { ECONOMICS_DEFAULTS, minutesOfHours, OUTPUT_DEFAULTS, SCENARIO_DEFAULTS } from '../scenario/types.js';
import type { Block, Cell, Inline } from './page.js';

type Json = unknown;

const LABELS: Readonly<Record<string, string>> = {
  'horizon.days': 'Horizon (days)',
  'horizon.warmupDays': 'Warm-up (days)',
  'hub.gridKw': 'Grid connection (kW)',
  'hub.allocation': 'Power allocation',
  'hub.waitingSpaces': 'Waiting spaces',
  'hub.battery': 'Site battery',
  'hub.battery.capacityKwh': 'Battery capacity (kWh)',
  'hub.battery.powerKw': 'Battery power (kW)',
  'hub.battery.efficiency': 'Battery round-trip efficiency',
  'hub.battery.initialSoc': 'Battery stored at the start (share of capacity)',
  'hub.battery.strategy': 'Battery strategy',
  'hub.battery.targetKw': 'Peak-shaving target (kW)',
  'arrivals.trucksPerDay': 'Trucks per day (mean over the week)',
  'arrivals.hourly': 'Hourly weights (0:00 first)',
  'arrivals.weekly': 'Weekday weights (Monday first)',
  'arrivals.hourOfWeek': 'Hour-of-week weights (Monday 0:00 first)',
  'arrivals.growthPerYear': 'Growth of arrivals per year',
  'arrivals.trace': 'Arrival trace (CSV)',
  'demand.arrivalSoc': 'State of charge on arrival',
  'demand.targetSoc': 'Target state of charge',
  'demand.energyKwh': 'Energy wanted (kWh)',
  'behaviour.breakMin': "Driver's break (min)",
  'behaviour.leave': 'Unplugs when',
  'behaviour.patienceMin': 'Patience in the queue (min)',
  'economics.energyPrice': 'Energy price (per kWh drawn)',
  'economics.demandCharge': "Demand charge (per kW of each billing period's peak)",
  'economics.demandCharge.perKw': "Demand charge (per kW of each billing period's peak)",
  'economics.demandCharge.periodDays': 'Billing period (days)',
  'economics.connectionCostPerKwYear': 'Connection cost (per kW and year)',
  'economics.sellingPrice': 'Selling price (per kWh delivered)',
  'output.powerIntervalMin': 'Power interval (min)',
  'output.serviceThresholdMin': 'Service threshold (min)',
};

/**
 * A swept parameter's name on a chart's axis: the path, after the settings table's name for it where
 * it has one, so that the axis carries its unit ("Grid connection (kW): hub.gridKw", not a bare
 * "hub.gridKw" beside numbers that could be kW or kWh).
 */
export function paramTitle(path: string): string {
  const field = /^hub\.chargers\[\d+\]\.(\w+)$/.exec(path)?.[1];
  const label = LABELS[path] ?? (field === undefined ? undefined : CHARGER_LABELS[field]);
  return label === undefined ? path : `${label}: ${path}`;
}

/**
 * The unit of a swept parameter's numbers, from its name on an axis (`kWh` of "Battery capacity
 * (kWh)", `kW` of "Cabinet kW"), where they have one a value needs beside it: a legend's
 * `hub.battery.capacityKwh 1,000` left kW and kWh to a guess.
 */
export function paramUnit(path: string): string | undefined {
  const m = /\((kWh|kW|min|days)\):|^\w+ (kW):/.exec(paramTitle(path));
  return m === null ? undefined : (m[1] ?? m[2]);
}

/**
 * A swept parameter's value as a legend or a sentence gives it, `shown` as the report writes it: a
 * number with its unit (`1,000 kWh`), other values (`equal`, `left out`) as they are.
 */
export function withUnit(path: string, shown: string): string {
  const unit = /^-?[\d,]*\.?\d+(e[+-]?\d+)?$/.test(shown) ? paramUnit(path) : undefined;
  if (unit === undefined) return shown;
  // Days are counted (1 day, 2 days); the other units are symbols (1 kW).
  return `${shown} ${unit === 'days' && shown === '1' ? 'day' : unit}`;
}

/** A charger group's fields as the chargers table heads them, with their units. */
const CHARGER_LABELS: Readonly<Record<string, string>> = {
  cabinets: 'Cabinets',
  baysPerCabinet: 'Bays per cabinet',
  cabinetKw: 'Cabinet kW',
  bayKw: 'Bay kW',
};

/**
 * What a field left out of a scenario file means, by its path (`[]` standing for any index): the
 * schema's defaults and what its descriptions say an absence means. `shown`: the settings table
 * lists the field even when the file leaves it out, as its absence is something a reader should see.
 */
const OMITTED: Readonly<Record<string, { readonly words: string; readonly shown?: true }>> = {
  seed: { words: `${SCENARIO_DEFAULTS.seed} (default)` },
  'horizon.warmupDays': { words: `${SCENARIO_DEFAULTS['horizon.warmupDays']} (default)` },
  'hub.gridKw': { words: 'unlimited', shown: true },
  'hub.allocation': { words: `${SCENARIO_DEFAULTS['hub.allocation']} (default)` },
  'hub.waitingSpaces': { words: 'unlimited', shown: true },
  'hub.battery': { words: 'none' },
  'hub.battery.efficiency': { words: `${SCENARIO_DEFAULTS['hub.battery.efficiency']} (default)` },
  'hub.battery.initialSoc': { words: `${SCENARIO_DEFAULTS['hub.battery.initialSoc']} (default)` },
  'hub.battery.strategy': { words: `${SCENARIO_DEFAULTS['hub.battery.strategy']} (default)` },
  'hub.battery.targetKw': { words: 'the grid limit in force (default)' },
  'hub.chargers[]': { words: 'no such group' },
  'hub.chargers[].baysPerCabinet': { words: `${SCENARIO_DEFAULTS['hub.chargers[].baysPerCabinet']} (default)` },
  'hub.chargers[].bayKw': { words: "the cabinet's kW (default)" },
  'hub.chargers[].reservedFor': { words: 'every class (default)' },
  'hub.chargers[].failures': { words: 'none' },
  'hub.chargers[].maintenance': { words: 'none' },
  'arrivals.growthPerYear': { words: `${SCENARIO_DEFAULTS['arrivals.growthPerYear']} (default)` },
  'fleet[]': { words: 'no such type' },
  'fleet[].share': { words: `${SCENARIO_DEFAULTS['fleet[].share']} (default)` },
  'fleet[].maxKw.CCS': { words: 'none (cannot use CCS bays)' },
  'fleet[].maxKw.MCS': { words: 'none (cannot use MCS bays)' },
  'fleet[].curve': { words: 'flat (default)' },
  'fleet[].stop': { words: `${SCENARIO_DEFAULTS['fleet[].stop']} (default)` },
  'demand.arrivalSoc': { words: `${SCENARIO_DEFAULTS['demand.arrivalSoc']} (default)` },
  'behaviour.breakMin': { words: `${SCENARIO_DEFAULTS['behaviour.breakMin']} (default)` },
  'behaviour.leave': { words: `${SCENARIO_DEFAULTS['behaviour.leave']} (default)` },
  'behaviour.patienceMin': { words: 'none (trucks wait as long as it takes)', shown: true },
  'economics.energyPrice': { words: 'not charged' },
  'economics.demandCharge': { words: 'not charged' },
  'economics.demandCharge.periodDays': { words: `${ECONOMICS_DEFAULTS.periodDays} (default)` },
  'economics.connectionCostPerKwYear': { words: 'not charged' },
  'economics.sellingPrice': { words: 'none' },
  'output.powerIntervalMin': { words: `${OUTPUT_DEFAULTS.powerIntervalMin} (default)` },
  'output.serviceThresholdMin': { words: `${OUTPUT_DEFAULTS.serviceThresholdMin} (default)`, shown: true },
};

const SECTIONS = ['horizon', 'hub', 'arrivals', 'demand', 'behaviour', 'economics', 'output'] as const;

/** An arrival trace as run.json records it: its rows, and how many of them give a value in each column. */
export interface TraceUse {
  readonly rows: number;
  readonly columns: Readonly<Record<string, number>>;
}

/**
 * Tables of a scenario's inputs (settings, chargers, fleet) and the scenario file itself. With a
 * trace, an input that a column of it replaces says so: the value the file gives applies to the
 * trucks of the rows that leave that column empty, and to none when every row gives it.
 */
export function inputBlocks(scenario: Readonly<Record<string, Json>>, scenarioFile: string, trace?: TraceUse): Block[] {
  // The trace's column that replaces the input at `path`, with how many rows give it, if any does.
  const replacing = (path: string): [string, number] | undefined => {
    const [section, field] = path.split('.');
    if (trace === undefined || (section !== 'demand' && section !== 'behaviour')) return undefined;
    for (const [column, fields] of Object.entries(TRACE_OVERRIDES)) {
      const n = trace.columns[column] ?? 0;
      if (n > 0 && fields[section]?.includes(field)) return [column, n];
    }
    return undefined;
  };
  const fromTrace = (column: string, n: number, value: string): string =>
    n >= trace!.rows ? `the trace's ${column} column, in every row (not used: ${value})` : `the trace's ${column} column, in ${formatExact(n)} of ${formatExact(trace!.rows)} rows; the others: ${value}`;
  // target_soc and energy_kwh both give a truck's energy: a row takes the scenario's only where it
  // gives neither, a number of rows run.json does not record unless one column is in every row.
  const fromTraceColumns = (path: string, [column, n]: [string, number], value: string): string => {
    const both = ['target_soc', 'energy_kwh'].map((c) => trace!.columns[c] ?? 0);
    if (n >= trace!.rows || !TRACE_OVERRIDES.energy_kwh.demand!.includes(path.split('.')[1]) || both.some((k) => k === 0)) return fromTrace(column, n, value);
    if (both.some((k) => k >= trace!.rows)) return fromTrace(both[0] >= trace!.rows ? 'target_soc' : 'energy_kwh', trace!.rows, value);
    return `the trace's target_soc column, in ${formatExact(both[0])} of ${formatExact(trace!.rows)} rows, and its energy_kwh column, in ${formatExact(both[1])}; rows with neither: ${value}`;
  };
  const rows: Cell[][] = [];
  for (const section of SECTIONS) {
    const obj = asObject(scenario[section]) ?? {};
    const keys = Object.keys(obj).filter((k) => !(section === 'hub' && k === 'chargers'));
    for (const [path, { shown }] of Object.entries(OMITTED)) {
      const [s, k] = path.split('.');
      // And an input left to its default that a trace's column replaces: the column is an input too.
      if ((shown || replacing(path) !== undefined) && s === section && !keys.includes(k)) keys.push(k);
    }
    for (const key of keys) {
      const path = `${section}.${key}`;
      const given = ownedByTypes(scenario, section, key, key in obj ? describe(obj[key]) : OMITTED[path].words);
      const column = replacing(path);
      const value = column !== undefined ? fromTraceColumns(path, column, given) : path === 'arrivals.trace' && trace !== undefined ? `${given} (${formatExact(trace.rows)} rows)` : given;
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
      head: ['Group', 'Connector', ...(['cabinets', 'baysPerCabinet', 'cabinetKw', 'bayKw'] as const).map((f) => ({ text: CHARGER_LABELS[f], num: true })), ...(otherOf(chargers, CHARGER_COLUMNS) ? ['Other settings'] : [])],
      rows: chargers.map((c) => {
        const o = asObject(c) ?? {};
        return [
          { text: { code: String(o.id ?? MISSING) } },
          describe(o.connector),
          { text: describe(o.cabinets), num: true },
          { text: o.baysPerCabinet === undefined ? '1' : describe(o.baysPerCabinet), num: true },
          { text: describe(o.cabinetKw), num: true },
          { text: o.bayKw === undefined ? describe(o.cabinetKw) : describe(o.bayKw), num: true },
          ...(otherOf(chargers, CHARGER_COLUMNS) ? [otherSettings(o, CHARGER_COLUMNS)] : []),
        ];
      }),
    });
  }

  const fleet = asArray(scenario.fleet);
  if (fleet.length > 0) {
    // Where the trace names every truck's type, the shares drew nothing: a column of them would be
    // read as the fleet's mix, which the trace's own column sets.
    const typed = trace?.columns.fleet ?? 0;
    const sharesUsed = trace === undefined || typed < trace.rows;
    blocks.push({ kind: 'heading', text: 'Fleet' });
    blocks.push({
      kind: 'table',
      head: ['Truck type', ...(sharesUsed ? [{ text: 'Share', num: true }] : []), { text: 'Battery kWh', num: true }, 'Max kW by connector', 'Charging curve (SoC, fraction of max kW)', ...(otherOf(fleet, TYPE_COLUMNS) ? ['Other settings'] : [])],
      rows: fleet.map((t) => {
        const o = asObject(t) ?? {};
        return [
          { text: { code: String(o.name ?? MISSING) } },
          ...(sharesUsed ? [{ text: o.share === undefined ? '1' : describe(o.share), num: true }] : []),
          { text: describe(o.batteryKwh), num: true },
          describe(o.maxKw),
          o.curve === undefined ? 'flat' : describe(o.curve),
          ...(otherOf(fleet, TYPE_COLUMNS) ? [otherSettings(o, TYPE_COLUMNS)] : []),
        ];
      }),
      note: [
        typed > 0
          ? (!sharesUsed
            ? "The trace's fleet column names every truck's type: the scenario's shares are not used (its file, below, gives them)."
            : `The trace's fleet column names the type of ${formatExact(typed)} of its ${formatExact(trace!.rows)} trucks; the others are drawn by these shares, normalised to sum to one.`)
          : 'Shares are normalised to sum to one.',
        otherOf(fleet, TYPE_COLUMNS) ? " Other settings are the type's own, in place of the scenario's." : '',
      ],
    });
  }

  blocks.push(sourceBlock(`The scenario file as run${scenarioFile ? ` (${scenarioFile})` : ''}`, scenario));
  return blocks;
}

/** The fields of a charger group and of a truck type that their tables give columns of their own. */
const CHARGER_COLUMNS: ReadonlySet<string> = new Set(['id', 'connector', 'cabinets', 'baysPerCabinet', 'cabinetKw', 'bayKw']);
const TYPE_COLUMNS: ReadonlySet<string> = new Set(['name', 'share', 'batteryKwh', 'maxKw', 'curve']);

/** Whether any of `items` has a field beyond `columns`: its table then has a column for them. */
function otherOf(items: readonly Json[], columns: ReadonlySet<string>): boolean {
  return items.some((item) => Object.keys(asObject(item) ?? {}).some((k) => !columns.has(k)));
}

/**
 * A group's or type's fields beyond `columns` (outages, reserved classes, a stop class, its own
 * demand and behaviour), each named by its path: what a reader must see to know what was run, and
 * what the tables' fixed columns cannot show. A dash where it has none.
 */
function otherSettings(o: Readonly<Record<string, Json>>, columns: ReadonlySet<string>): Cell {
  const parts: Inline[] = [];
  const add = (path: string, value: Json) => parts.push(...(parts.length > 0 ? ['; '] : []), { code: path }, ` ${outageWords(path, value) ?? describe(value)}`);
  for (const [key, value] of Object.entries(o)) {
    if (columns.has(key)) continue;
    // A type's own demand and behaviour, field by field, as they override the scenario's.
    const fields = (key === 'demand' || key === 'behaviour') && asObject(value);
    if (fields) for (const [field, v] of Object.entries(fields)) add(`${key}.${field}`, v);
    else add(key, value);
  }
  return parts.length > 0 ? { text: parts } : MISSING;
}

/**
 * A group's failures or maintenance windows as a planner reads them, with their units: `time between
 * failures (min) exponential: mean 20,160; repair time (min) lognormal: mean 480, sd 300` and
 * `weekly Tue 02:00 for 3 h; once from minute 30,240 to 30,720 (day 21, 00:00–08:00)`, where the
 * field names alone gave no unit. Undefined for any other field, or a value not of that shape.
 */
function outageWords(key: string, value: Json): string | undefined {
  const o = asObject(value);
  if (key === 'failures' && o !== undefined && o.betweenMin !== undefined && o.repairMin !== undefined) {
    return `time between failures (min) ${describe(o.betweenMin)}; repair time (min) ${describe(o.repairMin)}`;
  }
  if (key !== 'maintenance' || !Array.isArray(value)) return undefined;
  // A time of day to the minute (days counted from 0, t = 0 being Monday 00:00, as power.csv's `day`).
  // Down to the minute, not rounded: 23:59.7 rounded would read 00:00 of the day it starts (a
  // window's hours are taken as the run takes them, so that 14.35 hours is minute 861, 14:21).
  const clock = (min: number) => {
    const m = Math.floor(min);
    return `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  const windows = value.map((w) => {
    const { weekday, startHour, hours, startMin, endMin } = asObject(w) ?? {};
    if (typeof weekday === 'string' && typeof startHour === 'number' && typeof hours === 'number') return `weekly ${weekday} ${clock(minutesOfHours(startHour))} for ${formatExact(hours)} h`;
    if (typeof startMin !== 'number' || typeof endMin !== 'number') return undefined;
    const [from, to] = [Math.floor(startMin / 1440), Math.floor(endMin / 1440)];
    const when = from === to ? `day ${formatExact(from)}, ${clock(startMin)}–${clock(endMin)}` : `day ${formatExact(from)} ${clock(startMin)} to day ${formatExact(to)} ${clock(endMin)}`;
    return `once from minute ${formatExact(startMin)} to ${formatExact(endMin)} (${when})`;
  });
  return windows.every((w) => w !== undefined) ? windows.join('; ') : undefined;
}

/**
 * A setting of the scenario's demand or behaviour, or its hours of arrival (`value`, in words), with
 * the truck types that set their own in its place, which the Fleet table shows: a type's own
 * targetSoc or energyKwh replaces both of the scenario's. Others' values as they are.
 */
function ownedByTypes(scenario: Readonly<Record<string, Json>>, section: string, key: string, value: string): string {
  const hours = section === 'arrivals' && key === 'hourly';
  if (section !== 'demand' && section !== 'behaviour' && !hours) return value;
  const fleet = asArray(scenario.fleet).map((t) => asObject(t) ?? {});
  const target = section === 'demand' && (key === 'targetSoc' || key === 'energyKwh');
  const own = fleet.filter((t) => (hours ? t.hourly !== undefined : asObject(t[section])?.[key] !== undefined || (target && ownTarget(t))));
  if (own.length === 0) return value;
  if (own.length === fleet.length) return `every truck type's own (see Fleet; not used: ${value})`;
  const names = own.map((t) => String(t.name ?? MISSING));
  return `${value}; ${names.length === 1 ? `type ${names[0]} has its own` : `types ${names.join(', ')} have their own`} (see Fleet)`;
}

/** The widest line of a scenario's JSON text, as json-stringify-pretty-compact's default. */
const SOURCE_WIDTH = 80;

/**
 * A scenario as run, as JSON text under a collapsed heading. Indented, but a list or object that
 * fits in 80 characters stays on one line, and a longer list of numbers or strings fills lines of
 * 80: a profile of 24 hours (120 characters), a price by hour or 168 hours of the week would
 * otherwise take a line per number, pages of them on paper.
 */
export function sourceBlock(summary: string, scenario: unknown): Block {
  return { kind: 'source', summary, text: packLists(stringify(scenario, { maxLength: SOURCE_WIDTH })) };
}

// One plain value alone on its line, as an element of a list broken one per line.
const LONE_VALUE = /^( +)(-?\d[\d.eE+-]*|"(?:[^"\\]|\\.)*"|true|false|null)(,?)$/;

/**
 * Joins the lines of lists that json-stringify-pretty-compact broke one value per line into lines
 * of up to SOURCE_WIDTH characters. Consecutive lone values at one indentation are elements of one
 * list: a list of objects or lists is not broken so (its elements' lines start with a bracket), and
 * two lists are parted by the closing bracket of the first.
 */
function packLists(text: string): string {
  const out: string[] = [];
  let run: { indent: string; values: string[] } | undefined;
  const flush = () => {
    if (run === undefined) return;
    let line = '';
    for (const v of run.values) {
      if (line !== '' && run.indent.length + line.length + 1 + v.length > SOURCE_WIDTH) {
        out.push(run.indent + line);
        line = '';
      }
      line += line === '' ? v : ` ${v}`;
    }
    out.push(run.indent + line);
    run = undefined;
  };
  for (const l of text.split('\n')) {
    const m = LONE_VALUE.exec(l);
    if (m === null) {
      flush();
      out.push(l);
      continue;
    }
    if (run !== undefined && run.indent !== m[1]) flush();
    run ??= { indent: m[1], values: [] };
    run.values.push(m[2] + m[3]);
    // The list's last value has no comma: the list ends there.
    if (m[3] === '') flush();
  }
  flush();
  return out.join('\n');
}

/** A value as an item of a comma-separated list: a number without thousands separators. */
function listed(v: Json): string {
  return typeof v === 'number' ? formatExact(v).replaceAll(',', '') : describe(v);
}

/** A JSON value in words: distributions as `normal: mean 0.2, sd 0.07, within [0.05, 0.6]`. */
export function describe(v: Json): string {
  if (v === undefined || v === null) return MISSING;
  if (typeof v === 'number') return formatExact(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  // A list of lists or objects (curve points, maintenance windows) with each element in brackets;
  // its numbers without thousands separators, which read as more items (`2,500, 1` as three).
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? `(${describe(x)})` : listed(x))).join(', ');
  const o = v as Record<string, Json>;
  if (typeof o.dist === 'string') {
    const params = Object.keys(o)
      .filter((k) => k !== 'dist' && k !== 'min' && k !== 'max')
      .map((k) => `${k} ${describe(o[k])}`);
    const hasMin = o.min !== undefined;
    const hasMax = o.max !== undefined;
    if (hasMin && hasMax) params.push(`within [${listed(o.min)}, ${listed(o.max)}]`);
    else if (hasMin) params.push(`at least ${describe(o.min)}`);
    else if (hasMax) params.push(`at most ${describe(o.max)}`);
    return `${o.dist}: ${params.join(', ')}`;
  }
  return Object.keys(o)
    .map((k) => `${k} ${describe(o[k])}`)
    .join(', ');
}

/**
 * What a scenario file's value at `path` (as `flatten` in compare.ts names it: `hub.chargers[1].id`)
 * is when the file leaves it out: what the first field left out on the way to it means (a group
 * with no such group, a battery's efficiency with no battery at all), else "not set". A truck type's
 * demand and behaviour fields it leaves out are the scenario's.
 */
export function omittedValue(scenario: Readonly<Record<string, Json>>, path: string): string {
  const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let value: Json = scenario;
  let at = 0;
  for (; at < steps.length && value !== undefined; at++) {
    const step = steps[at];
    value = step.startsWith('[') ? asArray(value)[Number(step.slice(1, -1))] : asObject(value)?.[step];
  }
  if (value !== undefined) return describe(value);
  for (let depth = at; depth <= steps.length; depth++) {
    const pattern = steps.slice(0, depth).join('.').replace(/\.?\[\d+\]/g, '[]');
    const override = /^fleet\[\]\.(demand|behaviour)\.(\w+)$/.exec(pattern);
    // The type is the one at steps[1], `[i]`; its own target or energy replaces both of the scenario's.
    if (override && !(override[1] === 'demand' && ownTarget(asArray(scenario.fleet)[Number(steps[1].slice(1, -1))]))) {
      return `the scenario's: ${omittedValue(scenario, `${override[1]}.${override[2]}`)}`;
    }
    const meaning = OMITTED[pattern];
    if (meaning) return meaning.words;
  }
  return 'not set';
}

/** Whether a truck type sets its own targetSoc or energyKwh, which then replaces both of the scenario's. */
function ownTarget(type: Json): boolean {
  const demand = asObject(asObject(type)?.demand);
  return demand !== undefined && (demand.targetSoc !== undefined || demand.energyKwh !== undefined);
}

function asObject(v: Json): Record<string, Json> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Json>) : undefined;
}

function asArray(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}
