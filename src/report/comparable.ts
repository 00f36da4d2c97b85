// What stands between two scenarios' paired differences and the difference of their hubs alone:
// the notes `compare` prints and its report shows. Read from the scenario files as written, so
// that the report, which has only run.json, says what the command said.
import { PRICE_OF, pricesGiven } from '../model/economics.js';
import { TRACE_OVERRIDES } from '../scenario/trace.js';
import { ECONOMICS_DEFAULTS, HOURS_OF_WEEK, normaliseWeights, OUTPUT_DEFAULTS, SCENARIO_DEFAULTS } from '../scenario/types.js';
import { alikeNeeded } from '../stats/onesided.js';
import { firstFew, listed, windowTexts } from '../words.js';

/** The money metrics, each empty where its price is not given (PRICE_OF). */
const MONEY = Object.keys(PRICE_OF) as (keyof typeof PRICE_OF)[];

/** The most differing inputs a note names before it counts the rest. */
const MAX_NAMED = 5;

/** What `comparisonNotes` knows of the two scenarios beyond their files as written. */
export interface CompareContext {
  /** Whether A and B read the same trace (the same rows); when not given, their paths are compared. */
  readonly sameTrace?: boolean;
  /**
   * For A and B, how many rows of the trace each reads give a value in each of its columns (run.json's
   * `traceColumns`); when not given, any column may leave some rows to the scenario.
   */
  readonly traceColumns?: readonly [Readonly<Record<string, number>> | undefined, Readonly<Record<string, number>> | undefined];
}

/**
 * Notes, in words, on what makes B − A more than the two hubs' difference: statistics over
 * different periods, service counted against different thresholds, peaks over different
 * intervals, and trucks that are not the same. Empty when A and B differ in nothing of that.
 * `a` and `b` are scenario files as written; they are compared as the model reads them (defaults
 * filled in, weights and shares normalised), so that writing a default out is no difference.
 */
export function comparisonNotes(a: unknown, b: unknown, context: CompareContext = {}): string[] {
  return comparison(a, b, context).notes;
}

/**
 * The notes of `comparisonNotes`, and whether A and B see the same trucks in their windows (no note
 * says otherwise): the others (prices, thresholds, names) leave the pairing of trucks as it is.
 */
export function comparison(a: unknown, b: unknown, context: CompareContext = {}): { readonly notes: string[]; readonly sameTrucks: boolean } {
  const notes: string[] = [];
  let sameTrucks = true;
  const days = (s: unknown) => num(get(s, 'horizon', 'days'), NaN);
  const warmup = (s: unknown) => num(get(s, 'horizon', 'warmupDays'), SCENARIO_DEFAULTS['horizon.warmupDays']);
  if (days(a) !== days(b) || warmup(a) !== warmup(b)) {
    sameTrucks = false;
    // In the words the report's captions give a window in: "days 1–7" read as seven days where [1, 7) is six.
    const [wa, wb] = windowTexts([a, b].map((s) => ({ days: days(s), warmupDays: warmup(s) })));
    notes.push(
      `A's statistics cover ${wa} and B's ${wb}: a difference then mixes the two designs with the two periods (and their trucks); give both the same horizon.days and horizon.warmupDays to compare the designs alone`,
    );
  }
  const threshold = (s: unknown) => num(get(s, 'output', 'serviceThresholdMin'), OUTPUT_DEFAULTS.serviceThresholdMin);
  if (threshold(a) !== threshold(b)) {
    notes.push(
      `A counts a truck as served in time within ${threshold(a)} minutes of arriving and B within ${threshold(b)} (output.serviceThresholdMin): their service levels differ by that alone`,
    );
  }
  const interval = (s: unknown) => num(get(s, 'output', 'powerIntervalMin'), OUTPUT_DEFAULTS.powerIntervalMin);
  if (interval(a) !== interval(b)) {
    notes.push(
      `A averages power over ${interval(a)}-minute intervals and B over ${interval(b)} (output.powerIntervalMin): their peaks (grid_peak_kw, demand_peak_kw, a demand charge) are not of the same thing`,
    );
  }
  // Which trucks come is drawn from the arrivals and the fleet's types and shares, or read from a
  // trace; what each wants and does, from the demand and behaviour, and its type's own fields.
  // A week of hourly rates on one side only is set against the other's hourly × weekly weights.
  const week = (get(a, 'arrivals', 'hourOfWeek') !== undefined) !== (get(b, 'arrivals', 'hourOfWeek') !== undefined);
  // On one trace, a column given in every row decides for every truck whatever the scenarios say
  // there (each attribute has a stream of its own, so what the scenario would have drawn shifts
  // nothing else); the fleet column so decides every truck's type, whatever the shares.
  const [ca, cb] = context.traceColumns ?? [undefined, undefined];
  const everyRow = (column: string) => context.sameTrace === true && ca !== undefined && cb !== undefined && ca[column] !== undefined && ca[column] === ca.arrival_min && cb[column] === cb.arrival_min;
  const moot = Object.keys(TRACE_OVERRIDES).filter(everyRow).map((c) => TRACE_OVERRIDES[c]);
  const overridden = { demand: moot.flatMap((o) => o.demand ?? []), behaviour: moot.flatMap((o) => o.behaviour ?? []) };
  // A type of share 0 never comes unless a trace names it: left out, as if never written. Types
  // named in every row of one trace that both read are types of both: the others never come, and
  // those that do are paired by name.
  const [fa, fb] = everyRow('fleet') ? namedInBoth(a, b) : [arriving(a, namesTypes(a, ca)), arriving(b, namesTypes(b, cb))];
  const [ta, tb] = [traffic(a, fa, week, everyRow('fleet')), traffic(b, fb, week, everyRow('fleet'))];
  // The types compared are those that may arrive, by their place among them: a path names each by
  // its place in the file's fleet, which types of share 0 before it shift (B's too, where it differs).
  const [ia, ib] = [places(a, fa), places(b, fb)];
  const asWritten = (p: string) =>
    p.replace(/^fleet\[(\d+)\](.*)$/, (_, k: string, rest: string) => {
      const [x, y] = [ia[Number(k)], ib[Number(k)]];
      // A type only B has is B's by its place there; A's places are named bare, as the notes' paths are.
      return x === undefined ? (y === undefined ? `fleet[${k}]${rest}` : `B's fleet[${y}]${rest}`) : `fleet[${x}]${rest}${y === undefined || x === y ? '' : ` (B's fleet[${y}])`}`;
    });
  if (context.sameTrace !== undefined && get(ta, 'arrivals', 'trace') !== undefined && get(tb, 'arrivals', 'trace') !== undefined) {
    (tb as { arrivals: Record<string, unknown> }).arrivals.trace = context.sameTrace ? get(ta, 'arrivals', 'trace') : `${String(get(ta, 'arrivals', 'trace'))} (another)`;
  }
  // A trace against a rate: the rate's weights and growth, which the trace side has none of, say
  // nothing more than that one reads a trace and the other draws its arrivals.
  const oneTraced = (get(ta, 'arrivals', 'trace') !== undefined) !== (get(tb, 'arrivals', 'trace') !== undefined);
  const arrivalPaths = differingPaths(ta, tb, ['arrivals']).filter((p) => !oneTraced || p === 'arrivals.trace' || p === 'arrivals.trucksPerDay');
  const flows = arrivalPaths.concat(differingPaths(ta, tb, ['fleet']));
  // Each arriving type's trucks as they draw: its own fields over the scenario's, so that a
  // scenario's field every type overrides, or a type's override that the other side's scenario
  // says too, is no difference.
  const [wa, wb] = [wanted(a, fa, overridden), wanted(b, fb, overridden)];
  const wants = namedAsWritten(differingPaths(wa, wb, ['trucks']), fa, fb);
  if (flows.length > 0 || wants.length > 0) sameTrucks = false;
  if (flows.length === 1 && flows[0] === 'arrivals.trace') {
    // Two traces may differ in any column, not only in when trucks come or of what type.
    notes.push(
      `A and B do not see the same trucks: they read different traces (arrivals.trace), whose rows differ in when a truck arrives, its type or what it brings or wants; B − A then mixes the two hubs with the two flows of trucks`,
    );
  } else if (flows.length > 0) {
    notes.push(
      `A and B do not see the same trucks: they differ in ${named(flows.map(asWritten))}${reordered(fa, fb) ? ANOTHER_ORDER : flows.some((f) => f.endsWith('.share')) ? ' (shares as the fractions of all trucks they make, so that one type\u2019s share written otherwise changes every type\u2019s)' : ''}, so with one seed a replication's trucks arrive at other times or are of other types in B; B − A then mixes the two hubs with the two flows of trucks`,
    );
  } else if (wants.length > 0) {
    notes.push(
      `A and B see the same arrivals, but their trucks differ in ${named(wants.map(asWritten))}${reordered(fa, fb) ? ANOTHER_ORDER : ''}: B − A includes what that changes, and a quantity drawn another way (a constant instead of a distribution, say) also shifts the later trucks' draws of it`,
    );
  }
  // A type's name is only a label: the same shares draw the same trucks whatever they are called.
  // A name the other side has elsewhere in its list, at a place whose trucks differ, is no rename
  // but a type moved, which the notes above tell by what it changes (a type is drawn by its place).
  const [na, nb] = [fa.map((t) => String(get(t, 'name'))), fb.map((t) => String(get(t, 'name')))];
  const differs = [...flows, ...wants];
  const moved = (i: number) => (nb.includes(na[i]) || na.includes(nb[i])) && differs.some((p) => p.startsWith(`fleet[${i}]`));
  const renamed = na.flatMap((name, i) => (i < nb.length && name !== nb[i] && !moved(i) ? [`fleet[${i}].name: ${name} in A, ${nb[i]} in B`] : []));
  if (renamed.length > 0) {
    notes.push(`A and B name their fleet types differently (${named(renamed.map(asWritten))}): a name alone changes no truck, but per-type figures stand under each side's own names`);
  }
  // A group's failures are drawn by its id (and the bay's number): a group with failures on both
  // sides, named otherwise in B, fails at other times there, which a planner's renaming ("ccs" to
  // "ccs-phase1") does not mean. Groups moved in the list keep their ids, and their failures.
  const failing = (s: unknown) => chargers(s).map((g) => (get(g, 'failures') == null ? undefined : String(get(g, 'id'))));
  const [fla, flb] = [failing(a), failing(b)];
  // Among the failing groups whose id the other side has no group of, wherever each stands (phase
  // two may list its new groups first), each of A's is paired with B's first of its connector, and
  // those left over with B's left over, in list order (a group whose connector changed too).
  const ids = (s: unknown) => chargers(s).map((g) => String(get(g, 'id')));
  const [ida, idb] = [ids(a), ids(b)];
  const connector = (s: unknown, i: number) => String(get(chargers(s)[i], 'connector'));
  const renamedFrom = fla.flatMap((id, i) => (id !== undefined && !idb.includes(id) ? [{ id, i }] : []));
  const renamedTo = flb.flatMap((id, j) => (id !== undefined && !ida.includes(id) ? [{ id, j }] : []));
  const pairs: { from: (typeof renamedFrom)[number]; to: (typeof renamedTo)[number] }[] = [];
  for (const sameConnector of [true, false]) {
    for (const from of renamedFrom.filter((f) => !pairs.some((p) => p.from === f))) {
      const k = renamedTo.findIndex((t) => !sameConnector || connector(b, t.j) === connector(a, from.i));
      if (k >= 0) pairs.push({ from, to: renamedTo.splice(k, 1)[0] });
    }
  }
  const regrouped = pairs
    .sort((x, y) => x.from.i - y.from.i)
    .map(({ from: { id, i }, to: { id: to, j } }) => `hub.chargers[${i}].id: ${id} in A, ${to} in B${i === j ? '' : `'s hub.chargers[${j}]`}`);
  if (regrouped.length > 0) {
    notes.push(`A and B name charger groups with failures differently (${named(regrouped)}): a group's failures are drawn by its id, so its bays fail at other times in B, and B − A includes that; give the group the same id to compare the hubs on the same failures`);
  }
  // Money is the hubs' difference only at the same prices. Priced on one side only, the money
  // metrics are empty on the other: the pairing note lists them among many, and a planner comparing
  // an unpriced phase one with a priced phase two needs to hear why, and what to do.
  // A side is priced by a price, not by an economics section: `economics: {}` prices nothing.
  const hasPrice = (s: unknown) => pricesGiven(get(s, 'economics')).length > 0;
  const [pricedA, pricedB] = [hasPrice(a), hasPrice(b)];
  if (pricedA !== pricedB) {
    const [has, lacks] = pricedA ? ['A', 'B'] : ['B', 'A'];
    // The money metrics the priced side defines: one whose price it does not give either is empty on both.
    const given = pricesGiven(get(pricedA ? a : b, 'economics'));
    const defined = MONEY.filter((m) => given.includes(PRICE_OF[m]));
    notes.push(`only ${has} is priced (economics): ${lacks}'s ${listed(defined)} ${defined.length > 1 ? 'are' : 'is'} empty, and so is ${defined.length > 1 ? 'their' : 'its'} B − A; give ${lacks} the same economics to compare what the two hubs cost`);
  }
  if (pricedA && pricedB) {
    // Each money metric is empty on a side that does not give its price: B − A of it is empty too,
    // and includes no difference of prices.
    const [ga, gb] = [pricesGiven(get(a, 'economics')), pricesGiven(get(b, 'economics'))];
    const onlyIn = (x: readonly string[], y: readonly string[]) => x.filter((k) => !y.includes(k));
    const [onlyA, onlyB] = [onlyIn(ga, gb), onlyIn(gb, ga)];
    const emptyIn = (gives: readonly string[]) => MONEY.filter((m) => !gives.includes(PRICE_OF[m]));
    const both = MONEY.filter((m) => ga.includes(PRICE_OF[m]) && gb.includes(PRICE_OF[m]));
    if (onlyA.length > 0 || onlyB.length > 0) {
      const given = [...onlyA.map((k) => `economics.${k} only in A`), ...onlyB.map((k) => `economics.${k} only in B`)].join(', ');
      const [ea, eb] = [onlyIn(emptyIn(ga), emptyIn(gb)), onlyIn(emptyIn(gb), emptyIn(ga))];
      const empty = [...(ea.length > 0 ? [`A's ${listed(ea)}`] : []), ...(eb.length > 0 ? [`B's ${listed(eb)}`] : [])];
      // A margin on both sides takes off only the costs each side prices.
      const margin = both.includes('margin_per_kwh') ? `; and each side's margin_per_kwh takes off only the costs it prices, so their B − A includes that` : '';
      notes.push(`A and B give different prices (${given}): ${empty.length > 1 ? `${empty[0]}, and ${empty[1]},` : empty[0]} ${ea.length + eb.length > 1 ? 'are' : 'is'} empty, and so is their B − A${margin}; give both the same prices to compare what the two hubs cost`);
    }
    const prices = differingPaths(priced(a), priced(b), ['economics']).filter((p) => [ga, gb].every((g) => g.includes(p.split('.')[1])));
    // Only the metrics made of a price that differs: another selling price leaves the two hubs'
    // costs as they are. The margin takes off every cost, so every price is in it.
    const differing = new Set(prices.map((p) => p.split('.')[1]));
    const touched = prices.length > 0 ? both.filter((m) => m === 'margin_per_kwh' || differing.has(PRICE_OF[m])) : [];
    if (touched.length > 0) {
      notes.push(
        `A and B are priced differently (${named(prices)}): B − A of ${listed(touched)} includes that, not only the two hubs' difference`,
      );
    }
  }
  return { notes, sameTrucks };
}

/** A metric that some replications of A or B leave undefined: its pairs, and whether each side defines it in any replication. */
export interface PartialMetric {
  readonly metric: string;
  /** The replications where both define it, which B − A is over. */
  readonly n: number;
  readonly inA: boolean;
  readonly inB: boolean;
}

/**
 * Notes on metrics undefined in some replications of A or B (`partial`; none, no note). One that a
 * side defines in no replication (a battery's cycles beside a hub without one) has no B − A; one
 * that both define in some (a mean wait where no truck plugged in) has its B − A over the `n`
 * replications where both define it, while A's and B's means are each over their own, so B − A need
 * not be B's mean less A's. Money that one scenario prices and the other does not is left to the
 * notes on prices (`comparisonNotes`), given the scenarios `a` and `b` as written.
 */
export function pairingNotes(partial: readonly PartialMetric[], replications: number, a?: unknown, b?: unknown): string[] {
  const [ga, gb] = [pricesGiven(get(a, 'economics')), pricesGiven(get(b, 'economics'))];
  const pricedOnOneSide = (m: string) => m in PRICE_OF && ga.includes(PRICE_OF[m as keyof typeof PRICE_OF]) !== gb.includes(PRICE_OF[m as keyof typeof PRICE_OF]);
  const notes: string[] = [];
  for (const [has, lacks] of [['A', 'B'], ['B', 'A']] as const) {
    const only = partial.filter((d) => (has === 'A' ? d.inA && !d.inB : d.inB && !d.inA) && !pricedOnOneSide(d.metric)).map((d) => d.metric);
    if (only.length === 0) continue;
    const [is, it] = only.length === 1 ? ['is', 'it has'] : ['are', 'they have'];
    notes.push(`${listed(only)} ${is} defined in none of ${lacks}'s replications, only in ${has}'s: ${it} no B − A`);
  }
  const both = partial.filter((d) => d.inA && d.inB);
  if (both.length > 0) {
    const counts = both.map((d) => `${d.metric} ${d.n}`).join(', ');
    notes.push(`some metrics are undefined in some replications of A or B; B − A is then over the replications where both have a value (the n column of the comparison's CSV), and need not be B's mean less A's: ${counts} of ${replications}`);
  }
  return notes;
}

/**
 * The note on differences that are one value other than 0 in every pair, too few pairs for it to
 * stand for the mean (see `alikeNeeded`): `compare` gives them no interval, which the table alone
 * would show as a metric with none, as if one side lacked it.
 */
export function alikeNotes(metrics: readonly string[]): string[] {
  if (metrics.length === 0) return [];
  const it = metrics.length === 1 ? 'it has' : 'they have';
  const needed = alikeNeeded(0.95);
  return [
    `B − A is the same in every pair for ${listed(metrics)}; a value the pairs agree on stands for the mean only once ${needed} of them agree (a few pairs can agree by chance, on a whole number or on a value a limit holds, such as a peak at the connection), so ${it} no interval and no difference of the means is claimed; ${needed} replications or more give ${metrics.length === 1 ? 'it one' : 'them one'}`,
  ];
}

/**
 * The inputs that decide which trucks come, as the model reads them: the arrival rate with its
 * weights normalised to mean 1 (absent: all 1; hourly × weekly as one week of hours when `week`)
 * and its growth (absent: 0), or the trace; each type's share of the fleet and its own hours of
 * arrival if it has them (the type drawn is its position; its name is a label).
 */
function traffic(s: unknown, fleet: readonly unknown[], week: boolean, typesFromTrace: boolean): unknown {
  const arrivals = get(s, 'arrivals');
  const trace = get(arrivals, 'trace');
  const share = (t: unknown) => num(get(t, 'share'), SCENARIO_DEFAULTS['fleet[].share']);
  const total = fleet.reduce((x: number, t) => x + share(t), 0);
  // The trucks depend on the hours each arriving type comes by (its own, or the scenario's), not on
  // where they are written: the hours most types share (the first type's among equals) stand as
  // the scenario's, and a type that comes by others has them as its own.
  const scenarioHours = weights(get(arrivals, 'hourly'), 24);
  const hours = typesFromTrace ? [] : fleet.map((t) => (get(t, 'hourly') === undefined ? scenarioHours : weights(get(t, 'hourly'), 24)));
  const keys = hours.map((w) => JSON.stringify(w));
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  let first = -1; // the first type of the hours most types share
  keys.forEach((k, i) => {
    if (first < 0 || counts.get(k)! > counts.get(keys[first])!) first = i;
  });
  const hourly = first < 0 ? scenarioHours : hours[first];
  const own = hours.map((w, i) => (keys[i] === keys[first] ? undefined : w));
  return {
    arrivals:
      trace !== undefined
        ? { trace }
        : {
            trucksPerDay: get(arrivals, 'trucksPerDay'),
            ...(get(arrivals, 'hourOfWeek') !== undefined
              ? { hourOfWeek: weights(get(arrivals, 'hourOfWeek'), HOURS_OF_WEEK) }
              : week
                ? byHourOfWeek(first < 0 || keys[first] === JSON.stringify(scenarioHours) ? get(arrivals, 'hourly') : hourly, get(arrivals, 'weekly'))
                : { hourly, weekly: weights(get(arrivals, 'weekly'), 7) }),
            growthPerYear: num(get(arrivals, 'growthPerYear'), SCENARIO_DEFAULTS['arrivals.growthPerYear']),
          },
    fleet: typesFromTrace ? 'from the trace' : fleet.map((t, i) => ({ share: round(share(t) / total), ...(own[i] === undefined ? {} : { hourly: own[i] }) })),
  };
}

/**
 * Whether a scenario's trucks may take their types from a trace's fleet column: it reads a trace,
 * and the trace has that column in some row (or `counts`, its rows counted by column, are unknown).
 */
function namesTypes(s: unknown, counts: Readonly<Record<string, number>> | undefined): boolean {
  if (get(s, 'arrivals', 'trace') === undefined) return false;
  return counts === undefined || (counts.fleet ?? 0) > 0;
}

/** The types of A's fleet that B's has too, and B's of the same names, in A's order. */
function namedInBoth(a: unknown, b: unknown): [unknown[], unknown[]] {
  const fleet = (s: unknown) => {
    const f = get(s, 'fleet');
    return Array.isArray(f) ? (f as unknown[]) : [];
  };
  const inB = new Map(fleet(b).map((t) => [get(t, 'name'), t]));
  const shared = fleet(a).filter((t) => inB.has(get(t, 'name')));
  return [shared, shared.map((t) => inB.get(get(t, 'name')))];
}

/** Beside the paths two fleets differ in where they list the same types in another order (see `reordered`). */
const ANOTHER_ORDER = ' (the same types in another order: a truck\u2019s type is drawn by its place in the list)';

/** Whether `a` and `b` list the same types (by name, each as written) in another order. */
function reordered(a: readonly unknown[], b: readonly unknown[]): boolean {
  const key = (t: unknown) => JSON.stringify(t);
  if (a.length !== b.length || a.every((t, i) => key(t) === key(b[i]))) return false;
  const sorted = (ts: readonly unknown[]) => ts.map(key).sort().join('\n');
  return sorted(a) === sorted(b);
}

/** Each of `types` (taken from `s`'s fleet) by its place in that fleet. */
function places(s: unknown, types: readonly unknown[]): (number | undefined)[] {
  const fleet = get(s, 'fleet');
  return types.map((t) => (Array.isArray(fleet) && fleet.includes(t) ? fleet.indexOf(t) : undefined));
}

/** The fleet's types that may arrive: all of them when a trace may name them, else those of a share above 0. */
function arriving(s: unknown, named: boolean): readonly unknown[] {
  const fleet = get(s, 'fleet');
  if (!Array.isArray(fleet)) return [];
  return named ? fleet : fleet.filter((t) => num(get(t, 'share'), SCENARIO_DEFAULTS['fleet[].share']) > 0);
}

/**
 * Hourly and weekly weights as the model reads them: the rate of each hour of the week is their
 * product, so a week written out hour by hour is the same arrivals. As written when either is not
 * a list of numbers.
 */
function byHourOfWeek(hourly: unknown, weekly: unknown): { hourOfWeek: unknown } | { hourly: unknown; weekly: unknown } {
  const [h, w] = [weights(hourly, 24, false), weights(weekly, 7, false)];
  if (!isNumbers(h, 24) || !isNumbers(w, 7)) return { hourly: weights(hourly, 24), weekly: weights(weekly, 7) };
  return { hourOfWeek: weights(Array.from({ length: HOURS_OF_WEEK }, (_, k) => h[k % 24] * w[Math.floor(k / 24)]), HOURS_OF_WEEK) };
}

function isNumbers(v: unknown, n: number): v is number[] {
  return Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number');
}

type Fields = { readonly demand: readonly string[]; readonly behaviour: readonly string[] };

/** The scenario's demand and behaviour as the model reads them (either may be left out): defaults filled in, constants as numbers. */
function sectionsRead(s: unknown): { readonly demand: unknown; readonly behaviour: unknown } {
  return {
    demand: asRead(get(s, 'demand') ?? {}, { arrivalSoc: SCENARIO_DEFAULTS['demand.arrivalSoc'] }),
    behaviour: asRead(get(s, 'behaviour') ?? {}, { breakMin: SCENARIO_DEFAULTS['behaviour.breakMin'], leave: SCENARIO_DEFAULTS['behaviour.leave'] }),
  };
}

/** The goal's fields: a type's own `targetSoc` or `energyKwh` overrides both of the scenario's (validate.ts `overrideDemand`). */
const GOAL = ['targetSoc', 'energyKwh'];

/** A type's own demand or behaviour fields as the model reads them (none when it gives no such section). */
function ownFields(t: unknown, section: 'demand' | 'behaviour'): Record<string, unknown> {
  const own = asRead(get(t, section), {});
  return typeof own === 'object' && own !== null && !Array.isArray(own) ? (own as Record<string, unknown>) : {};
}

/** Whether a type's trucks read the scenario's `section.key`: the type does not override it. */
function readsScenario(t: unknown, section: 'demand' | 'behaviour', key: string): boolean {
  const own = ownFields(t, section);
  return section === 'demand' && GOAL.includes(key) ? GOAL.every((g) => own[g] === undefined) : own[key] === undefined;
}

/**
 * What each type of `fleet` (those that may arrive) wants and does, as its trucks draw it: its own
 * battery, connectors, curve and stop, and its demand and behaviour, its own fields over the
 * scenario's (arrivals.ts draws each quantity by the distribution a type reads, from one stream
 * for all types, so that types reading alike draw alike); less the `overridden` fields, which a
 * trace decides for every truck.
 */
function wanted(s: unknown, fleet: readonly unknown[], overridden: Fields): unknown {
  const sections = sectionsRead(s);
  const scenarioOf = (section: 'demand' | 'behaviour') => {
    const v = sections[section];
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  };
  const drawn = (t: unknown, section: 'demand' | 'behaviour') => {
    const read = Object.fromEntries(Object.entries(scenarioOf(section)).filter(([k]) => readsScenario(t, section, k)));
    return without({ ...read, ...ownFields(t, section) }, overridden[section]);
  };
  return {
    trucks: fleet.map((t) => {
      // (Its share and hours decide which trucks come: `traffic` compares them.)
      const fields = Object.fromEntries(Object.entries(typeof t === 'object' && t !== null ? t : {}).filter(([k]) => k !== 'name' && k !== 'share' && k !== 'hourly'));
      return { ...fields, curve: curvesRead(fields), stop: fields.stop ?? SCENARIO_DEFAULTS['fleet[].stop'], demand: drawn(t, 'demand'), behaviour: drawn(t, 'behaviour') };
    }),
  };
}

/**
 * The paths in which two sides' types differ (`trucks[i]...`, from `wanted`), named as a user wrote
 * them: a demand or behaviour field that type i reads from the scenario on both sides as the
 * scenario's own (`demand.targetSoc`), once, before the types' own fields (`fleet[i]...`).
 */
function namedAsWritten(paths: readonly string[], fa: readonly unknown[], fb: readonly unknown[]): string[] {
  const scenario = new Set<string>();
  const types: string[] = [];
  for (const p of paths) {
    const m = /^trucks\[(\d+)\]\.(demand|behaviour)\.([^.[]+)(.*)$/.exec(p);
    if (m !== null) {
      const [i, section, key] = [Number(m[1]), m[2] as 'demand' | 'behaviour', m[3]];
      if (readsScenario(fa[i], section, key) && readsScenario(fb[i], section, key)) {
        scenario.add(`${section}.${key}${m[4]}`);
        continue;
      }
      // A goal the type gives on one side, the other side's scenario's on the other: named by the
      // field the type writes, not by the one it stops reading (a targetSoc neither file gives it).
      if (section === 'demand' && GOAL.includes(key) && [fa[i], fb[i]].every((t) => ownFields(t, 'demand')[key] === undefined)) continue;
    }
    types.push(p.replace(/^trucks/, 'fleet'));
  }
  return [...scenario, ...types];
}

/**
 * A truck type's curve as the model reads it: one per connector of its `maxKw`, the one curve given
 * for all, or that connector's, or flat where none is given (`[[0, 1], [1, 1]]`, as validate.ts's
 * FLAT), so that a flat curve written out, or one curve written once per connector, is the same as
 * the file that leaves it to the default. As written where `maxKw` is no object.
 */
function curvesRead(type: Readonly<Record<string, unknown>>): unknown {
  const maxKw = type.maxKw;
  if (typeof maxKw !== 'object' || maxKw === null || Array.isArray(maxKw)) return type.curve;
  const given = type.curve;
  const flat = [
    [0, 1],
    [1, 1],
  ];
  return Object.fromEntries(Object.keys(maxKw).map((k) => [k, given === undefined ? flat : Array.isArray(given) ? given : (get(given, k) ?? flat)]));
}

/**
 * A demand or behaviour section as the model reads it: `defaults` for the fields left out, a
 * constant written as `{ "dist": "constant", "value": v }` as the plain number v it is the same as
 * (both draw nothing; with a `min` or `max` too, as validation refuses a constant outside them, so
 * that they change nothing), and an empirical distribution's weights scaled to a mean of 1 (the
 * model draws by their shares: [2, 4, 2] is [1, 2, 1], and weights all alike are none). As written
 * when it is not an object (undefined stays undefined).
 */
function asRead(v: unknown, defaults: Readonly<Record<string, unknown>>): unknown {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const read = (d: unknown) => {
    if (typeof d !== 'object' || d === null || Array.isArray(d)) return d;
    if (get(d, 'dist') === 'constant' && typeof get(d, 'value') === 'number' && Object.keys(d).every((k) => k === 'dist' || k === 'value' || k === 'min' || k === 'max')) return get(d, 'value');
    const values = get(d, 'values');
    if (get(d, 'dist') === 'empirical' && Array.isArray(values)) return { ...d, weights: weights(get(d, 'weights'), values.length) };
    return d;
  };
  return Object.fromEntries(Object.entries({ ...defaults, ...v }).map(([k, d]) => [k, read(d)]));
}

/** An object of fields without the ones named; undefined when none is left (`{}` is no field at all). */
function without(v: unknown, names: readonly string[]): Record<string, unknown> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const rest = Object.fromEntries(Object.entries(v).filter(([k]) => !names.includes(k)));
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/**
 * The prices as the model reads them: an energy price for each of the 168 hours of the week (one
 * number or 24 hourly values written out), a demand charge's period of its default when left out.
 */
function priced(s: unknown): { readonly economics: Readonly<Record<string, unknown>> } {
  const e = get(s, 'economics');
  const price = get(e, 'energyPrice');
  const byHour = get(price, 'byHour');
  const week = typeof price === 'number' ? Array.from({ length: HOURS_OF_WEEK }, () => price) : Array.isArray(byHour) ? Array.from({ length: HOURS_OF_WEEK }, (_, k) => byHour[k % 24]) : get(price, 'byHourOfWeek') ?? price;
  const charge = get(e, 'demandCharge');
  return {
    economics: {
      energyPrice: week,
      demandCharge: charge === undefined ? undefined : { perKw: get(charge, 'perKw'), periodDays: get(charge, 'periodDays') ?? ECONOMICS_DEFAULTS.periodDays },
      connectionCostPerKwYear: get(e, 'connectionCostPerKwYear'),
      sellingPrice: get(e, 'sellingPrice'),
    },
  };
}

/** Weights as the model reads them: normalised to mean 1 (to 12 digits, unless not `rounded`), all 1 when absent. */
function weights(v: unknown, n: number, rounded = true): unknown {
  if (v === undefined) return Array.from({ length: n }, () => 1);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) return v;
  if (!(v.reduce((x, y) => x + y, 0) > 0)) return v;
  const w = normaliseWeights(v, v.length);
  return rounded ? w.map(round) : w;
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/** The inputs under `path` in which `a` and `b` differ, as JSON paths (lists of numbers kept whole). */
function differingPaths(a: unknown, b: unknown, path: readonly (string | number)[]): string[] {
  const x = get(a, ...path);
  const y = get(b, ...path);
  const open = (v: unknown) => (typeof v === 'object' && v !== null && !(Array.isArray(v) && v.every((e) => typeof e !== 'object' || e === null)) ? v : undefined);
  const ox = open(x);
  const oy = open(y);
  if (ox === undefined || oy === undefined || Array.isArray(ox) !== Array.isArray(oy)) return JSON.stringify(x) === JSON.stringify(y) ? [] : [pathText(path)];
  const keys = Array.isArray(ox) ? Array.from({ length: Math.max(ox.length, (oy as unknown[]).length) }, (_, i) => i) : [...new Set([...Object.keys(ox), ...Object.keys(oy)])];
  return keys.flatMap((k) => differingPaths(a, b, [...path, k]));
}

function named(paths: readonly string[]): string {
  return firstFew(paths, MAX_NAMED);
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A scenario's charger groups as written, or none. */
function chargers(s: unknown): unknown[] {
  const list = get(s, 'hub', 'chargers');
  return Array.isArray(list) ? list : [];
}

function get(v: unknown, ...path: readonly (string | number)[]): unknown {
  let at = v;
  for (const k of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[k];
  }
  return at;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}
