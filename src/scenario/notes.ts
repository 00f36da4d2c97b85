import { cabinetsTotalKw, minutesOfDays, type Scenario, type TruckType } from './types.js';
import { counted, listed, windowLength } from '../words.js';
import { groupsNeverInService } from './maintenance.js';
import { traceColumnCounts } from './trace.js';
import { isModelled, METRIC_NAMES, noPowerIntervalInside, onPowerIntervals } from '../model/metrics.js';
import { pricesGiven } from '../model/economics.js';
import { meanOf, type DistSpec } from '../random/distributions/index.js';

/**
 * What `validate`, `run` and `compare` note of a valid scenario that is rarely meant as written:
 * bays no truck type can use, a grid connection below what one bay draws, bays that weekly maintenance keeps out of service all week, breaks or patience of a few seconds, a trace that leaves days of the statistics window without arrivals
 * or has rows past the horizon, growth over a window of more than a year, and, given its JSON as
 * written (`raw`), fleet shares that mix percentages with fractions.
 */
export function scenarioNotes(s: Scenario, raw?: unknown): string[] {
  return [
    ...unusedBayNotes(s),
    ...bayAboveCabinetNotes(s),
    ...powerUnitNotes(s),
    ...gridBelowBayNotes(s),
    ...connectionCostNotes(s),
    ...neverInServiceNotes(s),
    ...targetAboveLimitNotes(s),
    ...idleBatteryNotes(s),
    ...targetZeroNotes(s),
    ...nothingWantedNotes(s),
    ...minutesAsHoursNotes(s),
    ...traceSpanNotes(s),
    ...growthNotes(s),
    ...noIntervalNotes(s),
    ...(raw === undefined ? [] : shareNotes(raw)),
  ];
}

/**
 * Whether trucks of type `f` may arrive: drawn by a share above 0 (where a trace's row names no type,
 * or it has no fleet column), or named in some row of a trace's fleet column.
 */
function mayArrive(s: Scenario, f: TruckType): boolean {
  const named = namedTypes(s);
  return (f.share > 0 && named.has(-1)) || named.has(s.fleet.indexOf(f));
}

/**
 * The fleet indices of the types a scenario's arrivals name, -1 standing for trucks drawn by share:
 * a rate's, a trace's without a fleet column, and its rows that name no type. Found once per scenario.
 */
function namedTypes(s: Scenario): ReadonlySet<number> {
  let named = NAMED.get(s);
  if (named === undefined) {
    named = new Set<number>();
    const trace = s.arrivals.kind === 'trace' ? s.arrivals.columns : undefined;
    // Rows at or after the horizon are not simulated: the types they name do not come.
    const horizon = minutesOfDays(s.horizon.days);
    if (trace?.fleet) {
      for (let i = 0; i < trace.length; i++) if (trace.arrivalMin[i] < horizon) named.add(trace.fleet[i]);
    } else named.add(-1);
    NAMED.set(s, named);
  }
  return named;
}
const NAMED = new WeakMap<Scenario, Set<number>>();

/** Whether every row of the scenario's trace gives a value in the column `name`: the scenario's own value then applies to no truck. */
function traceGivesEvery(s: Scenario, name: 'break_min' | 'patience_min'): boolean {
  return s.arrivals.kind === 'trace' && traceColumnCounts(s.arrivals.columns)[name] === s.arrivals.columns.length;
}

/** `kw` as the notes write powers: "400 kW". */
const kW = (kw: number) => `${Number(kw.toPrecision(12))} kW`;

/**
 * A note for each charger group whose bays are rated above their cabinet: a bay never draws more
 * than its cabinet gives, so the rating above it changes nothing (a cabinet's kW written per bay,
 * say, for a cabinet of two bays).
 */
export function bayAboveCabinetNotes(s: Scenario): string[] {
  return s.hub.chargers.flatMap((g, i) =>
    g.bayKw > g.cabinetKw
      ? [`hub.chargers[${i}].bayKw: ${g.id}'s bays are rated ${kW(g.bayKw)}, above their cabinet's ${kW(g.cabinetKw)} (cabinetKw), so a bay draws at most ${kW(g.cabinetKw)}: if cabinetKw was meant per bay, give the cabinet's whole rating`]
      : [],
  );
}

/** Below this many kW, a cabinet's, a bay's, a truck's or a battery's power is taken for megawatts written in kW's place. */
const FEW_KW = 10;
/** At or above this many kW (100 MW), for watts written in kW's place. */
const MANY_KW = 100_000;

/**
 * A note for each power of a cabinet, a bay, a truck type (that may arrive) or a site battery that
 * reads as written in MW or in W: 1 for a 1 MW MCS cabinet passes every check, and its trucks then
 * charge for days; 400000 for 400 kW makes the charger never the limit. The grid connection has its
 * own (see gridBelowBayNotes).
 */
export function powerUnitNotes(s: Scenario): string[] {
  const say = (path: string, kw: number, what: string): string[] =>
    kw < FEW_KW
      ? [`${path}: ${what} of ${kW(kw)} is a few kW, where a truck's charging takes hundreds; a power in MW is written in kW (${kW(kw * 1000)} for ${kw} MW)`]
      : kw >= MANY_KW
        ? [`${path}: ${what} of ${kW(kw)} is 100 MW or more; a power in W is written in kW (${kW(kw / 1000)} for ${kw} W)`]
        : [];
  return [
    ...s.hub.chargers.flatMap((g, i) => [
      ...say(`hub.chargers[${i}].cabinetKw`, g.cabinetKw, `${g.id}'s cabinet`),
      // A bay's rating left out is its cabinet's: said once, of the cabinet.
      ...(g.bayKw === g.cabinetKw ? [] : say(`hub.chargers[${i}].bayKw`, g.bayKw, `${g.id}'s bay`)),
    ]),
    ...s.fleet.flatMap((f, k) => (mayArrive(s, f) ? Object.entries(f.maxKw).flatMap(([c, kw]) => say(`fleet[${k}].maxKw.${c}`, kw, `${f.name}'s ${c} power`)) : [])),
    ...(s.hub.battery === undefined ? [] : say('hub.battery.powerKw', s.hub.battery.powerKw, "the battery's power")),
  ];
}

/**
 * A note where the grid connection (its largest value, where it varies by hour), with a site
 * battery's power beside it, gives less than one bay draws alone: every truck then charges at a
 * fraction of its bay's power at all hours (a limit written in MW, 3.2 for 3,200 kW, say).
 */
export function gridBelowBayNotes(s: Scenario): string[] {
  const g = s.hub.gridKw;
  if (!(g < Infinity)) return [];
  const bay = Math.min(...s.hub.chargers.map((c) => Math.min(c.bayKw, c.cabinetKw)));
  const supply = g + (s.hub.battery?.powerKw ?? 0);
  if (!(supply < bay)) return [];
  const battery = s.hub.battery === undefined ? '' : ` with the battery's ${kW(s.hub.battery.powerKw)}`;
  // A value a hub's connection could have in MW (up to some tens) that in kW would feed a bay.
  const mw = g <= 50 && g * 1000 >= bay ? `; a limit in MW is written in kW (${kW(g * 1000)} for ${g} MW)` : '';
  return [`hub.gridKw: ${kW(g)} is below what one bay draws alone (${kW(bay)}), so a truck charging alone draws at most ${kW(supply)}${battery}${mw}`];
}

/**
 * A note where a connection that is priced (`connectionCostPerKwYear`) is larger than all the
 * cabinets, with a site battery's power, can draw together: connection_cost bills every kW of it,
 * the part no charging can use too (a connection sized for a later phase, or written in W, say).
 */
export function connectionCostNotes(s: Scenario): string[] {
  const price = s.economics?.connectionCostPerKwYear;
  const g = s.hub.gridKw;
  if (price === undefined || !(price > 0) || !(g < Infinity)) return [];
  const most = cabinetsTotalKw(s.hub.chargers) + (s.hub.battery?.powerKw ?? 0);
  if (!(g > most)) return [];
  const battery = s.hub.battery === undefined ? '' : ' and the battery';
  return [`hub.gridKw: connection_cost bills the whole ${kW(g)} connection (economics.connectionCostPerKwYear), though all the cabinets${battery} draw at most ${kW(most)} together`];
}

/**
 * A note where a peak-shaving battery's target is at or above every grid limit in force: the
 * target is then the limit itself at all times, the same as leaving it out, and the battery shaves
 * no peak below the connection (a target in W, or the cabinets' total, say).
 */
export function targetAboveLimitNotes(s: Scenario): string[] {
  const b = s.hub.battery;
  if (b === undefined || b.strategy !== 'peakShaving' || b.targetKw === undefined || b.targetKw < s.hub.gridKw) return [];
  const limit = s.hub.gridKwByHour === undefined ? `the grid connection's ${kW(s.hub.gridKw)} (hub.gridKw)` : `the grid limit's largest value, ${kW(s.hub.gridKw)} (hub.gridKw)`;
  // A target is passed only below what the site can draw: the connection, or the cabinets where they draw less.
  const chargers = cabinetsTotalKw(s.hub.chargers);
  const below = chargers < s.hub.gridKw ? `below ${kW(chargers)}, what all the cabinets and bays draw together` : 'below the connection';
  return [
    `hub.battery.targetKw: ${kW(b.targetKw)} is not below ${limit}, so the battery holds the grid draw at the limit in force, as if targetKw were left out: to shave peaks, give a target ${below}`,
  ];
}

/**
 * A note where a battery never gives power (0 cycles, with nothing said of why): without a
 * peak-shaving target, beside a grid connection that, at its lowest, is no less than all the
 * cabinets and bays can draw together (it tops up only what the connection holds back, which is
 * nothing); or with a target no lower than what they draw together, which the site never passes
 * (where the connection, at its lowest, is no less than that too).
 */
export function idleBatteryNotes(s: Scenario): string[] {
  const b = s.hub.battery;
  if (b === undefined) return [];
  const chargers = cabinetsTotalKw(s.hub.chargers);
  const lowest = s.hub.gridKwByHour === undefined ? s.hub.gridKw : Math.min(...s.hub.gridKwByHour);
  // A target the site never passes (one at or above the connection has its own note). The target in
  // force is the lower of it and the limit in force, so an hour whose limit is below what the
  // cabinets draw gives the battery work whatever the target.
  if (b.targetKw !== undefined) {
    return b.targetKw >= chargers && b.targetKw < s.hub.gridKw && lowest >= chargers
      ? [`hub.battery.targetKw: ${kW(b.targetKw)} is no lower than all the cabinets and bays draw together (${kW(chargers)}), so the site never draws more than it and the battery never gives power: give a target below ${kW(chargers)} to shave peaks`]
      : [];
  }
  if (!(s.hub.gridKw < Infinity)) return [];
  if (lowest < chargers) return [];
  const connection = s.hub.gridKwByHour === undefined ? `the grid connection's ${kW(lowest)}` : `the grid limit, at its lowest ${kW(lowest)},`;
  return [
    `hub.battery: ${connection} is no less than all the cabinets and bays draw together (${kW(chargers)}), so it never holds charging back, and a battery without a peak-shaving target, which only tops up what it holds back, never gives power (yet it charges from what the connection leaves spare until it is full, which adds to the grid draw and what it costs): give it ${b.strategy === 'peakShaving' ? 'a targetKw' : 'strategy "peakShaving" with a targetKw'} below ${kW(chargers)} to shave peaks`,
  ];
}

/**
 * A note where a peak-shaving battery's target is 0 kW: it charges only while the grid draw is
 * below its target, which a draw never is, so it gives out what it holds at the start and then
 * stays empty for the rest of the run (0 charged, 0 discharged), with nothing said of why.
 */
export function targetZeroNotes(s: Scenario): string[] {
  const b = s.hub.battery;
  // (At or above the connection too, the note above says what matters more.)
  if (b === undefined || b.strategy !== 'peakShaving' || b.targetKw !== 0 || targetAboveLimitNotes(s).length > 0) return [];
  return [
    `hub.battery.targetKw: 0 kW leaves the battery nothing to recharge from: a peak-shaving battery charges only while the grid draw is below its target, which it never is, so it gives out what it holds at the start (initialSoc) and then stays empty; to shave peaks, give a target above zero`,
  ];
}

/** The least and the most a distribution's family draws, before its `trunc` (±Infinity where the family has no bound). */
function ownRange(d: DistSpec): [number, number] {
  return d.dist === 'constant' ? [d.value, d.value]
    : d.dist === 'uniform' || d.dist === 'triangular' ? [d.min, d.max]
    : d.dist === 'empirical' ? [Math.min(...d.values), Math.max(...d.values)]
    : [-Infinity, Infinity];
}

/** The least and the most a distribution can draw (±Infinity where it has no bound). */
function range(d: DistSpec): [number, number] {
  let [lo, hi] = ownRange(d);
  if (d.trunc?.min !== undefined && d.trunc.min > lo) lo = d.trunc.min;
  if (d.trunc?.max !== undefined && d.trunc.max < hi) hi = d.trunc.max;
  return [lo, hi];
}

/**
 * The most a distribution draws, or for one of no bound of its own (a normal, lognormal,
 * exponential, gamma or Weibull), its mean, within its `trunc`: a break written in hours as a normal
 * of mean 0.75 is as much a slip as one of at most 0.75, and the most it draws is the week that
 * every duration is cut at.
 */
function mostOrMean(d: DistSpec): { readonly value: number; readonly mean: boolean } {
  const [lo, hi] = range(d);
  return ownRange(d)[1] < Infinity ? { value: hi, mean: false } : { value: Math.min(hi, Math.max(lo, meanOf(d))), mean: true };
}

/**
 * A note where the trucks of a type (or of every type) arrive at or above their target SoC, each of
 * them, or want 0 kWh (`energyKwh`): none wants any energy, so each is served at once with nothing
 * delivered, and every figure of waiting and power reads 0. Most often the two SoCs are swapped.
 */
export function nothingWantedNotes(s: Scenario): string[] {
  const trace = s.arrivals.kind === 'trace' ? s.arrivals.columns : null;
  // Rows may set what a truck wants: a SoC, a target or an energy given in a column's row overrides
  // the scenario's (a column empty in every row gives none). A SoC in a row leaves an energy to charge as it is.
  const gives = (column: Float64Array | undefined) => column !== undefined && column.some((x) => !Number.isNaN(x));
  const rowsSetEnergy = trace !== null && (gives(trace.targetSoc) || gives(trace.energyKwh));
  const rowsSetSoc = rowsSetEnergy || (trace !== null && gives(trace.socIn));
  const soc = (x: number) => `${Number(x.toPrecision(12))}`;
  const full = s.fleet.flatMap((f, k) => {
    if (rowsSetSoc) return [];
    const target = f.demand.targetSoc;
    if (target === undefined || !mayArrive(s, f)) return []; // what a type that never comes would want is no matter
    const [from, fromMost] = range(f.demand.arrivalSoc);
    const [toLeast, to] = range(target);
    if (from < to) return [];
    const arrive = from === fromMost ? `arrive at SoC ${soc(from)}` : `arrive at SoC ${soc(from)} or more`;
    return [{ k, why: `${arrive}, at or above their targetSoc (${toLeast === to ? soc(to) : `at most ${soc(to)}`})` }];
  });
  const outcome = 'so none wants any energy: each plugs in and unplugs at once with nothing delivered';
  // One line for the scenario's demand where every type that may arrive is found, for one reason,
  // by the scenario's own fields; else a line for each type, whose own field it may be.
  const arriving = s.fleet.filter((f) => mayArrive(s, f));
  const told = (found: readonly { k: number; why: string }[], fields: readonly (keyof TruckType['demand'])[], say: (why: string) => string): string[] => {
    if (found.length === 0) return [];
    const own = arriving.every((f) => fields.every((x) => f.demand[x] === s.demand[x]));
    if (own && found.length === arriving.length && found.every((x) => x.why === found[0].why)) return [`demand: all trucks ${say(found[0].why)}`];
    return found.map((x) => `fleet[${x.k}] (${s.fleet[x.k].name}): its trucks ${say(x.why)}`);
  };
  // An energy of 0 to charge, as an energyKwh gives it.
  const none = s.fleet.flatMap((f, k) => (!rowsSetEnergy && f.demand.energyKwh !== undefined && mayArrive(s, f) && range(f.demand.energyKwh)[1] <= 0 ? [{ k, why: 'want 0 kWh (energyKwh)' }] : []));
  // A kWh or less, where a truck's charge takes hundreds: an energy in MWh (0.6 for 600 kWh) or a
  // share of the battery written in energyKwh's place. It runs, and reads as a hub that is idle.
  const kwh = (x: number) => Number(x.toPrecision(6));
  const few = s.fleet.flatMap((f, k) => {
    const { value: most, mean } = rowsSetEnergy || f.demand.energyKwh === undefined || !mayArrive(s, f) ? { value: 0, mean: false } : mostOrMean(f.demand.energyKwh);
    const want = mean ? `want ${kwh(most)} kWh on average` : `want at most ${kwh(most)} kWh`;
    return most > 0 && most <= FEW_KWH ? [{ k, why: `${want} (energyKwh), where a truck's charge takes hundreds: an energy in MWh is written in kWh (${kwh(most * 1000)} for ${kwh(most)} MWh), and a share of the battery is targetSoc` }] : [];
  });
  return [
    ...told(full, ['arrivalSoc', 'targetSoc'], (why) => `${why}, ${outcome} (were arrivalSoc and targetSoc swapped?)`),
    ...told(none, ['energyKwh'], (why) => `${why}, ${outcome}`),
    ...told(few, ['energyKwh'], (why) => why),
  ];
}

/** At or below this many kWh, what a truck wants (energyKwh) is taken for MWh, or a share of its battery, written in kWh's place. */
const FEW_KWH = 1;

/**
 * Below this many minutes, a break that ends the charge or a driver's patience is taken for hours
 * written in minutes' place (0.75 for three quarters of an hour): it still runs, and reads as a hub
 * that delivers next to nothing or whose drivers all give up.
 */
const FEW_MINUTES = 3;

/** The same for an overnight stop's break (8 for an 8-hour rest): a night's rest is never under this many minutes. */
const FEW_MINUTES_OVERNIGHT = 24;

/**
 * A note where every break that ends a charge (`leave` `breakEnd`), or every driver's patience, of
 * the types that arrive lasts under FEW_MINUTES (a break of an overnight stop, under
 * FEW_MINUTES_OVERNIGHT): one note for the scenario's field where every
 * type has it, else one for each type's. Not where a trace's column gives the value in every row.
 */
export function minutesAsHoursNotes(s: Scenario): string[] {
  const fields = [
    { field: 'breakMin', given: traceGivesEvery(s, 'break_min'), of: (f: TruckType) => (f.behaviour.leave === 'breakEnd' ? f.behaviour.breakMin : undefined), what: 'the break, which ends the charge (leave "breakEnd"),', few: (f: TruckType) => (f.stop === 'overnight' ? FEW_MINUTES_OVERNIGHT : FEW_MINUTES) },
    { field: 'patienceMin', given: traceGivesEvery(s, 'patience_min'), of: (f: TruckType) => f.behaviour.patienceMin, what: "a driver's patience in the queue", few: () => FEW_MINUTES },
  ] as const;
  const arriving = s.fleet.flatMap((f, k) => (mayArrive(s, f) ? [{ f, k }] : []));
  return fields.flatMap(({ field, given, of, what, few }) => {
    if (given) return [];
    const short = arriving.flatMap(({ f, k }) => {
      const d = of(f);
      if (d === undefined) return [];
      // A patience of none is a choice (drive on unless a bay is free); a break of none that ends
      // the charge leaves no truck charged, and is noted too.
      const { value: most, mean } = mostOrMean(d);
      return (most > 0 || field === 'breakMin') && most < few(f) ? [{ k, most, mean, same: d === of(s.fleet[arriving[0].k]) }] : [];
    });
    if (short.length === 0) return [];
    const minutes = (x: number) => Number(x.toPrecision(6));
    // No break at all is no slip of units, but says what it does.
    const say = (most: number, mean: boolean) =>
      most === 0 && !mean
        ? `${what} lasts 0 min: every truck drives on as it arrives, and none charges (one at its target already counts as charged, any other as reneged)`
        : `${what} lasts ${mean ? `${minutes(most)} min on average` : `at most ${minutes(most)} min`}; ${field} is in minutes: ${minutes(most * 60)} for ${minutes(most)} hour${most === 1 ? '' : 's'}`;
    const scenarioWide = short.length === arriving.length && short.every((x) => x.same) && s.fleet.every((f) => of(f) === undefined || of(f) === s.behaviour[field]);
    if (scenarioWide) return [`behaviour.${field}: ${say(short[0].most, short[0].mean)}`];
    return short.map(({ k, most, mean }) => `fleet[${k}] (${s.fleet[k].name}): ${say(most, mean)}`);
  });
}

/**
 * A note where no power interval lies wholly inside the statistics window (an interval longer
 * than the window, or one the window's edges cut): the metrics taken over such intervals only (the
 * peaks, and a demand charge billed on them) are then empty.
 */
export function noIntervalNotes(s: Scenario): string[] {
  const width = s.output.powerIntervalMin;
  if (!noPowerIntervalInside(width, s.horizon)) return [];
  const has = { battery: s.hub.battery !== undefined, prices: pricesGiven(s.economics) };
  const empty = METRIC_NAMES.filter((m) => onPowerIntervals(m, s.economics?.demandCharge !== undefined) && isModelled(m, has));
  const [from, to] = [minutesOfDays(s.horizon.warmupDays), minutesOfDays(s.horizon.days)].map((x) => Number(x.toPrecision(12)));
  return [
    `output.powerIntervalMin: no interval of ${Number(width.toPrecision(12))} minutes lies wholly inside the statistics window (minute ${from} to ${to}; intervals start at time 0), so ${listed(empty)} are empty: give a shorter interval or a longer window`,
  ];
}

/**
 * A note where arrivals grow over a statistics window of more than a year: every metric is then
 * over all its years at once, so a ten-year run's service level is none of its years', and the
 * last year, which a planner asks about, is better than it in the mean and worse in fact.
 */
export function growthNotes(s: Scenario): string[] {
  const a = s.arrivals;
  if (a.kind !== 'rate') return [];
  const span = growthSpan(a.trucksPerDay, a.growthPerYear, s.horizon);
  return span === undefined
    ? []
    : [`arrivals.growthPerYear: the arrivals ${span}, and every metric is over all of them: for one year's figures, run that year alone at its rate with growthPerYear 0 (see Growth under The model in the README)`];
}

/**
 * How arrivals at `trucksPerDay` growing `growthPerYear` change over the statistics window of
 * `horizon` (`grow 5 % a year, from about 60 to 97.8 trucks a day over the statistics window's 10
 * years`), where the window is longer than a year and they change by 1 % or more over it (less
 * changes no figure that matters); else undefined.
 */
export function growthSpan(trucksPerDay: number, growthPerYear: number, horizon: { readonly days: number; readonly warmupDays: number }): string | undefined {
  if (growthPerYear === 0 || trucksPerDay === 0) return undefined;
  const days = windowLength(horizon);
  if (!(days > 365)) return undefined;
  const rate = (day: number) => trucksPerDay * (1 + growthPerYear) ** (day / 365);
  const [first, last] = [rate(horizon.warmupDays), rate(horizon.days)];
  if (Math.abs(last / first - 1) < 0.01) return undefined;
  // A rate shrunk to next to nothing is said so, not in powers of ten (1e-12).
  const tiny = first < 0.01 || last < 0.01;
  const shown = (x: number) => (x < 0.01 ? 'under 0.01' : `${Number(x.toPrecision(3))}`);
  const percent = Number((100 * Math.abs(growthPerYear)).toPrecision(3));
  const length = days >= 730 ? `${Number((days / 365).toPrecision(3))} years` : counted(days, 'day');
  return `${growthPerYear > 0 ? 'grow' : 'shrink'} ${percent} % a year, from ${tiny ? '' : 'about '}${shown(first)} to ${shown(last)} trucks a day over the statistics window's ${length}`;
}

/**
 * A note for each charger group whose weekly maintenance windows together cover the whole week:
 * valid, but its bays never serve a truck (a window of `"hours": 168` meant as one of 168 minutes,
 * say). A run stops on it when trucks wait for those bays with no patience to run out, so the note
 * names the truck types that can use no other bay and would wait for ever: a run refuses the
 * scenario as soon as one of them queues, which a short horizon or a small share may put off.
 */
export function neverInServiceNotes(s: Scenario): string[] {
  const never = groupsNeverInService(s.hub.chargers);
  if (never.length === 0) return [];
  const stranded = strandedTypes(s, never);
  return never.map((i) => {
    const g = s.hub.chargers[i];
    const bays = g.cabinets * g.baysPerCabinet;
    const mine = stranded.filter(({ groups }) => groups.includes(i)).map(({ k }) => `fleet[${k}] (${s.fleet[k].name})`);
    const wait =
      mine.length === 0
        ? ''
        : `; ${mine.join(', ')} can use no bay that is ever in service and ${mine.length === 1 ? 'has' : 'have'} no patience, so a run stops with an error once one of ${mine.length === 1 ? 'its' : 'their'} trucks waits (shorten the windows, or set behaviour.patienceMin)`;
    return `hub.chargers[${i}].maintenance: the weekly windows of ${g.id} cover the whole week, so its ${counted(bays, `${g.connector} bay`)} ${bays === 1 ? 'is' : 'are'} never in service${wait}`;
  });
}

/**
 * The truck types that arrive, may queue and never give up (no patience, from the scenario or a
 * trace's column, and not leaving at the break's end, which ends a wait too), and whose only bays
 * are in the groups `never` (with those groups).
 */
function strandedTypes(s: Scenario, never: readonly number[]): { k: number; groups: number[] }[] {
  if (s.hub.waitingSpaces === 0) return []; // nobody queues: trucks that find no bay drive on
  if (traceGivesEvery(s, 'patience_min')) return [];
  return s.fleet.flatMap((f, k) => {
    if (f.behaviour.patienceMin !== undefined || f.behaviour.leave === 'breakEnd' || !mayArrive(s, f)) return [];
    const groups = s.hub.chargers.flatMap((g, i) => (f.maxKw[g.connector] !== undefined && g.reservedFor.includes(f.stop) ? [i] : []));
    return groups.length > 0 && groups.every((i) => never.includes(i)) ? [{ k, groups }] : [];
  });
}

/**
 * A note where the fleet's shares, as written, read as percentages (1 and above) beside fractions
 * that would make them add up to 100 (80, and 0.2 meant as 20 %): shares are relative weights, so
 * such a type comes a hundredth as often as meant. Only when every type writes its share (a share
 * left out is 1).
 */
export function shareNotes(raw: unknown): string[] {
  const fleet = (raw as { fleet?: unknown } | null)?.fleet;
  if (!Array.isArray(fleet)) return [];
  const shares = fleet.map((t) => (t as { share?: unknown } | null)?.share);
  if (!shares.every((x): x is number => typeof x === 'number')) return [];
  const small = shares.flatMap((x, i) => (x > 0 && x < 1 ? [i] : []));
  const big = shares.filter((x) => x >= 1);
  const bigSum = big.reduce((sum, x) => sum + x, 0);
  const smallSum = small.reduce((sum, i) => sum + shares[i], 0);
  if (small.length === 0 || bigSum === 0 || bigSum >= 100 || Math.abs(bigSum + 100 * smallSum - 100) > 0.5) return [];
  const total = bigSum + smallSum;
  const percent = (x: number) => `${Number(((100 * x) / total).toPrecision(2))} %`;
  const one = small.length === 1;
  const which = small.map((i) => `fleet[${i}].share ${shares[i]}`).join(', ');
  const asPercent = small.map((i) => Number((100 * shares[i]).toPrecision(12)));
  const [reads, them, come] = one ? ['reads as a weight', `${shares[small[0]]} was`, 'that type comes'] : ['read as weights', 'they were', 'those types come'];
  return [
    `${which} ${reads} beside ${big.length === 1 ? `the other type's share of ${big[0]}` : `the other types' shares of 1 and more (${Number(bigSum.toPrecision(12))} in all)`}, so ${come} in ${small.map((i) => percent(shares[i])).join(', ')} of arrivals: shares are relative weights, and if ${them} meant as ${asPercent.map((x) => `${x} %`).join(', ')}, write ${asPercent.join(', ')}`,
  ];
}

/**
 * A note for each charger group that no truck type can use: none that arrives (see `mayArrive`)
 * has the group's connector, or, for bays reserved for some stop classes, makes such a stop. Valid
 * input, but rarely meant: a phase two whose MCS bays no type has `maxKw.MCS` for compares a hub
 * without them, its bays standing empty. Types that could use the group but do not arrive are
 * named, as a share left at 0 (or a type a trace never names) is the likely slip.
 */
export function unusedBayNotes(s: Scenario): string[] {
  const arriving = s.fleet.filter((f) => mayArrive(s, f));
  // A trace's fleet column brings the types its rows name, and by share only where a row names none.
  const column = s.arrivals.kind === 'trace' && s.arrivals.columns.fleet !== undefined;
  const byShare = namedTypes(s).has(-1);
  const notes: string[] = [];
  s.hub.chargers.forEach((g, i) => {
    const withConnector = arriving.filter((f) => f.maxKw[g.connector] !== undefined);
    if (withConnector.some((f) => g.reservedFor.includes(f.stop))) return;
    const bays = g.cabinets * g.baysPerCabinet;
    const stand = bays === 1 ? 'it stands empty' : 'they stand empty';
    // Types that could use the bays but never arrive: most often a share left at 0 by mistake. They
    // are then set apart from the others, of which "none" is said.
    const idle = s.fleet.flatMap((f, k) => (!arriving.includes(f) && f.maxKw[g.connector] !== undefined && g.reservedFor.includes(f.stop) ? [`fleet[${k}] (${f.name})`] : []));
    const one = idle.length === 1;
    const none = idle.length === 0 ? 'none' : column ? 'none that arrives' : 'none with a share above 0';
    const why = withConnector.length === 0 ? `${none} has maxKw.${g.connector}` : `${none} ${idle.length === 0 ? 'with' : 'and'} maxKw.${g.connector} makes a stop they are reserved for: ${g.reservedFor.join(', ')}`;
    const shares = one ? 'its share is 0' : 'their shares are 0';
    // (Rows at or after the horizon are not simulated: a type only they name never comes.)
    const reason = column ? `no row of the trace before the horizon names ${one ? 'it' : 'them'}${byShare ? ` and ${shares}` : ''}` : shares;
    const unless = idle.length === 0 ? '' : `; ${idle.join(', ')} could, but ${reason}`;
    notes.push(`hub.chargers[${i}] (${g.id}): no truck type can use its ${counted(bays, `${g.connector} bay`)} (${why}${unless}), so ${stand}`);
  });
  return notes;
}

/**
 * Days without arrivals at either end of a trace's statistics window that make a note: fewer can be
 * a real hub's (a weekend's driving ban keeps trucks off the road for a day and more).
 */
const QUIET_DAYS = 2;

const MIN_PER_DAY = 1440;

/**
 * `minutes` in days, to a tenth, or to as many places as `like` has (up to 3), so that figures read
 * beside it add up; from a million days on (no horizon's, a time in other units), to three figures:
 * `6.94e+19`, not twenty digits of which three mean anything.
 */
const days = (minutes: number, like = 0) => {
  const d = minutes / MIN_PER_DAY;
  return Math.abs(d) >= 1e6 ? d.toPrecision(3) : `${Number(d.toFixed(places(like)))}`;
};

/** The decimal places `days` gives beside `like`: one to three, as many as `like` has. */
const places = (like: number) => Math.min(3, Math.max(1, String(like).split('.')[1]?.length ?? 0));

/**
 * `minutes` in days as `days` gives them, for a span longer than `bound` days: to as many more places
 * as it takes to read as longer (a gap of 2.0007 days read "2 days", past a bound of two).
 */
const daysPast = (minutes: number, bound: number, like = 0) => {
  const d = minutes / MIN_PER_DAY;
  for (let p = places(like); p <= 12; p++) if (Number(d.toFixed(p)) > bound) return `${Number(d.toFixed(p))}`;
  return `${d}`;
};

/** The day at `minutes`, beside a span told as `gap` (see `daysPast`): to its places, so that the two add up. */
const dayBeside = (minutes: number, gap: string, like: number) => {
  const p = Math.max(places(like), gap.split('.')[1]?.length ?? 0);
  return `${Number((minutes / MIN_PER_DAY).toFixed(p))}`;
};

/**
 * `minutes` in days as `days` gives them, for a time before `like`: cut down where rounded it would
 * reach `like` (an arrival at 23:50 beside a warm-up of 1 day read "the last at day 1").
 */
const daysBefore = (minutes: number, like: number) => {
  const rounded = days(minutes, like);
  if (Number(rounded) < like) return rounded;
  const scale = 10 ** places(like);
  return `${Math.floor((minutes / MIN_PER_DAY) * scale) / scale}`;
};

/**
 * A note where a trace's arrivals begin more than QUIET_DAYS after the statistics window starts, or
 * end more than QUIET_DAYS before the horizon: a week of recorded arrivals under a horizon of four
 * weeks runs three without a truck, and every rate and time average of the window counts them.
 * Valid (a hub closed for a while, a trace of a season), but most often a horizon longer than the
 * recording.
 */
function traceSpanNotes(s: Scenario): string[] {
  if (s.arrivals.kind !== 'trace') return [];
  const t = s.arrivals.columns.arrivalMin;
  const from = minutesOfDays(s.horizon.warmupDays);
  const to = minutesOfDays(s.horizon.days);
  // Rows at or after the horizon are not simulated; the rows are sorted by arrival.
  let n = t.length;
  while (n > 0 && t[n - 1] >= to) n--;
  if (n === 0) return [];
  const notes = n < t.length ? [pastHorizonNote(t, n, s.horizon.days)] : [];
  const last = t[n - 1];
  const effect = 'every rate and time average of the statistics window counts those days without a truck arriving';
  if (last < from) {
    return [...notes, `arrivals.trace: every arrival lies in the warm-up (the last at day ${daysBefore(last, s.horizon.warmupDays)}, the window from day ${s.horizon.warmupDays} to ${s.horizon.days}): ${effect}`];
  }
  // The window's first arrival: rows in the warm-up do not fill the window's first days.
  let w = 0;
  while (t[w] < from) w++;
  const opening = t[w];
  if (opening - from > QUIET_DAYS * MIN_PER_DAY) {
    const which = w > 0 ? 'its first arrival after the warm-up' : 'its first arrival';
    const warmup = s.horizon.warmupDays;
    const gap = daysPast(opening - from, QUIET_DAYS, warmup);
    notes.push(`arrivals.trace: ${which} is at day ${dayBeside(opening, gap, warmup)}, ${gap} days into the statistics window (from day ${s.horizon.warmupDays}): ${effect}`);
  }
  if (to - last > QUIET_DAYS * MIN_PER_DAY) {
    const gap = daysPast(to - last, QUIET_DAYS, s.horizon.days);
    notes.push(`arrivals.trace: its last arrival is at day ${dayBeside(last, gap, s.horizon.days)}, ${gap} days before the horizon (horizon.days = ${s.horizon.days}): ${effect}`);
  }
  return notes;
}

/**
 * The note for a trace's rows at or after the horizon (`arrivalMin[n ..]`, sorted), which are not
 * simulated: a month's recording under a horizon of four weeks, as meant, or times in seconds read
 * as minutes, which leaves most of a file unread without a word. Most of the rows past the horizon
 * are told as the likelier slip.
 */
function pastHorizonNote(arrivalMin: Float64Array, n: number, horizonDays: number): string {
  const past = arrivalMin.length - n;
  const are = past === 1 ? 'is' : 'are';
  const unit = past * 2 > arrivalMin.length ? ': if its times are not minutes since t = 0 (seconds, say), these are not the trucks meant' : '';
  return `arrivals.trace: ${past} of its ${counted(arrivalMin.length, 'row')} ${are} at or after the horizon (from day ${days(arrivalMin[n], horizonDays)}, horizon.days = ${horizonDays}) and not simulated${unit}`;
}
