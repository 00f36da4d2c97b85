import type { ErrorObject } from 'ajv';
import { show, type InputIssue } from '../errors.js';
import { counted } from '../words.js';
import { formatPath, type FieldRange } from './json.js';
import { likelyMeant } from './suggest.js';
import { FAMILIES as DISTRIBUTIONS } from '../random/distributions/index.js';
import { unitOf } from './hints.js';
import { LABEL, SCENARIO_NAME, WEEKDAYS } from './types.js';
// Generated at build time from schema/scenario.schema.json (scripts/build-validator.js): the schema
// stays the one description of the format, and no run pays for compiling it.
import { FIELD_BOUNDS, FIELD_PLACES, validate } from './schema-validator.generated.js';

/** Checks `data` against the shipped schema; returns one issue per problem, in document order. */
export function schemaIssues(data: unknown): InputIssue[] {
  if (validate(data)) return [];
  return schemaErrorIssues(validate.errors ?? [], data);
}

/**
 * The range of the number at `path` (`hub.chargers[1].cabinetKw`) as the schema gives it, or
 * undefined where it gives none; a value a distribution-valued field gives (`demand.targetSoc.max`)
 * keeps the field's.
 */
export function schemaRangeOf(path: string): FieldRange | undefined {
  const general = path.replace(/\[\d+\]/g, '[i]');
  return Object.hasOwn(FIELD_BOUNDS, general) ? FIELD_BOUNDS[general] : undefined;
}

/**
 * `place` (a general path, `fleet[i].behaviour`) with the indices of `at` (`fleet[2].demand`) where
 * it lies inside the same list items: `fleet[2].behaviour`. The longest such prefix decides.
 */
function indexedLike(place: string, at: string): string {
  const items = [...at.matchAll(/\[\d+\]/g)].map((m) => at.slice(0, m.index! + m[0].length));
  for (const item of items.reverse()) {
    const general = item.replace(/\[\d+\]/g, '[i]');
    if (place === general || place.startsWith(`${general}.`) || place.startsWith(`${general}[`)) return item + place.slice(general.length);
  }
  return place;
}

/** `/hub/chargers/1/cabinetKw` → `hub.chargers[1].cabinetKw`. */
function jsonPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return formatPath(parts);
}

const ARTICLE: Record<string, string> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
};

/**
 * The schema's patterns, as the code checks them (types.ts): scenario names, which name the output
 * folder (and so are no name Windows keeps for a device), and fleet names and charger ids, which
 * appear in CSV cells (and so start like no spreadsheet formula). schema/scenario.schema.json writes
 * the same text (test/schema.test.ts).
 */
const NAME_PATTERN = SCENARIO_NAME.source;
const LABEL_PATTERN = LABEL.source;

/** European letters that no decomposition turns into A-Z, as they are written without them ("Søren" → "Soren", "Łódź" → "Lodz"). */
const LETTERS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i' };

/** `text` with its accents dropped and the LETTERS written out ("Łódź" → "Lodz"): what both guesses start from. */
function unaccented(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x00-\x7f]/g, (c) => LETTERS[c] ?? c);
}

/**
 * `text` made a scenario name: accents dropped, lower case, every run of other characters a
 * hyphen, none at the ends, at most 100 characters ("A7 Hub phase1" → "a7-hub-phase1"); '' if
 * nothing is left.
 */
function asName(text: string): string {
  const slug = unaccented(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '');
  // A hyphen at the end goes after the cut, which may leave one there.
  return slug.slice(0, 100).replace(/-+$/, '');
}

/**
 * `text` made a fleet name or charger id: accents dropped, every run of other characters but the
 * label's own a space, trimmed to start with a letter or digit, at most 100 characters, no space at
 * the end ("Müller, Spedition \"Süd\"" → "Muller Spedition Sud"); '' if nothing is left.
 */
function asLabel(text: string): string {
  const plain = unaccented(text)
    .replace(/[^A-Za-z0-9_.()/-]+/g, ' ')
    .replace(/^[^A-Za-z0-9]+/, '');
  return plain.slice(0, 100).trimEnd();
}

/**
 * A guessed fleet name or charger id that no other type or charger has ("Muller" beside a "Müller"
 * guessed so becomes "Muller 2"): these must be unique, and a guess that is not would only lead to
 * that error. Labels that are valid keep theirs; the others are guessed in order, each clear of the
 * guesses before it. `pointer` is the label's place in `data`.
 */
function unusedLabel(guess: string, pointer: string, data: unknown): string {
  const at = /^\/(fleet|hub\/chargers)\/(\d+)\/(name|id)$/.exec(pointer);
  if (guess === '' || at === null) return guess;
  const list = at[1] === 'fleet' ? (data as { fleet?: unknown })?.fleet : (data as { hub?: { chargers?: unknown } })?.hub?.chargers;
  if (!Array.isArray(list)) return guess;
  const labels = list.map((item) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[at[3]] : undefined));
  const valid = (label: unknown): label is string => typeof label === 'string' && LABEL.test(label);
  const taken = new Set(labels.filter(valid));
  const own = Number(at[2]);
  for (let i = 0; i <= own && i < labels.length; i++) {
    const label = labels[i];
    if (valid(label) || typeof label !== 'string') continue;
    const base = i === own ? guess : asLabel(label);
    if (base === '') continue;
    let made = base;
    for (let k = 2; taken.has(made); k++) made = `${base.slice(0, 100 - ` ${k}`.length).trimEnd()} ${k}`;
    if (i === own) return made;
    taken.add(made);
  }
  return guess;
}

/**
 * A distribution's parameters by the names textbooks and other tools give them, and the field each
 * is here: `mu` read as the nearest name was `min`, where `mean` was meant.
 */
const NOTATION: Readonly<Record<string, string>> = {
  mu: 'mean', 'μ': 'mean', average: 'mean', avg: 'mean',
  sigma: 'sd', 'σ': 'sd', std: 'sd', stdev: 'sd', stddev: 'sd',
  k: 'shape', alpha: 'shape', theta: 'scale', 'θ': 'scale', lambda: 'scale', 'λ': 'scale',
  lo: 'min', low: 'min', lower: 'min', hi: 'max', high: 'max', upper: 'max', c: 'mode', peak: 'mode',
};

/**
 * Names a planner writes in a section for what the format says otherwise, with what to write
 * (section as a general path, name in lower case). A guess by spelling would mislead on these: a
 * charger group's `bays` is a slip away from `bayKw`, which given 4 makes every bay 4 kW.
 */
const SAID_OTHERWISE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'hub.chargers[i]': Object.fromEntries([
    ...['bays', 'baycount', 'numberofbays', 'count', 'points', 'chargepoints', 'chargers', 'connectors'].map((n) => [n, 'a group has cabinets × baysPerCabinet bays: give cabinets, and baysPerCabinet where a cabinet has more than one']),
    ...['power', 'kw', 'powerkw', 'maxkw', 'maxpower', 'ratedkw'].map((n) => [n, "a bay's power is bayKw, its cabinet's cabinetKw"]),
    ['name', 'a charger group is named by its id: did you mean "id"?'],
  ]),
  'fleet[i]': { id: 'a truck type is named by its name: did you mean "name"?' },
  // A rate per hour is no rate per day: said with what to write, not only the name.
  arrivals: Object.fromEntries(
    ['trucksperhour', 'perhour', 'rateperhour', 'arrivalsperhour', 'trucksph'].map((n) => [n, 'the rate is given as trucksPerDay, trucks a day (24 × a steady rate an hour; hourly weights shape it over the day): did you mean "trucksPerDay"?']),
  ),
  // A value by hour is given as byHour or byHourOfWeek; the arrivals' weights are named otherwise.
  ...Object.fromEntries(
    ['hub.gridKw', 'economics.energyPrice'].map((at) => [
      at,
      {
        hourly: 'a value by hour is given as byHour (24 values, every day alike) or byHourOfWeek (168): did you mean "byHour"?',
        hourofweek: 'a value by hour is given as byHour (24 values, every day alike) or byHourOfWeek (168): did you mean "byHourOfWeek"?',
      },
    ]),
  ),
};

/**
 * For a charger group's `reservedFor` naming a truck type (`value`, in the scenario `data`), how
 * to reserve bays for it: the bays serve stop classes, and a type has the class of its `stop`.
 */
function reservedForType(path: string, value: unknown, data: unknown): string {
  if (!/^hub\.chargers\[\d+\]\.reservedFor\[\d+\]$/.test(path) || typeof value !== 'string') return '';
  const fleet = (data as { fleet?: unknown } | null)?.fleet;
  const k = Array.isArray(fleet) ? fleet.findIndex((f) => (f as { name?: unknown } | null)?.name === value) : -1;
  if (k < 0) return '';
  return `: stop classes, not truck types; to keep these bays for ${value}, give fleet[${k}] "stop": "overnight" and reserve them for "overnight"`;
}

/**
 * Other names for a value of the format's lists, as planners and textbooks write them (lower case,
 * without spaces, hyphens or underscores): a guess by spelling finds none of them.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  gaussian: 'normal', gauss: 'normal', exp: 'exponential', expo: 'exponential', tri: 'triangular', fixed: 'constant', deterministic: 'constant',
  fair: 'equal', fairshare: 'equal', maxmin: 'equal', maxminfair: 'equal', fcfs: 'fifo', firstcome: 'fifo', firstcomefirstserved: 'fifo', edf: 'deadline', earliestdeadline: 'deadline', earliestdeadlinefirst: 'deadline',
  night: 'overnight', rest: 'overnight', dailyrest: 'overnight', pause: 'break', shortbreak: 'break',
};

/** The days' names a planner writes, in English, German and French, by the day the format names. */
const DAY_NAMES: readonly (readonly [string, readonly string[]])[] = [
  ['Mon', ['monday', 'montag', 'lundi']],
  ['Tue', ['tuesday', 'dienstag', 'mardi']],
  ['Wed', ['wednesday', 'weds', 'mittwoch', 'mercredi']],
  ['Thu', ['thursday', 'donnerstag', 'jeudi']],
  ['Fri', ['friday', 'freitag', 'vendredi']],
  ['Sat', ['saturday', 'samstag', 'sonnabend', 'samedi']],
  ['Sun', ['sunday', 'sonntag', 'dimanche']],
];

/** German's two-letter days, as a German planner abbreviates them. */
const GERMAN_DAYS: Readonly<Record<string, string>> = { mo: 'Mon', di: 'Tue', mi: 'Wed', do: 'Thu', fr: 'Fri', sa: 'Sat', so: 'Sun' };

/**
 * The day `text` names: a German two-letter day (Di), or a whole name or its first three letters or
 * more (Tuesday, Thurs, Mer) that only one day's names start with; else undefined, as a guess at
 * another day would schedule maintenance on it.
 */
function weekdayMeant(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  if (Object.hasOwn(GERMAN_DAYS, t)) return GERMAN_DAYS[t];
  if (t.length < 3) return undefined;
  const days = DAY_NAMES.filter(([, names]) => names.some((n) => n.startsWith(t)));
  return days.length === 1 ? days[0][0] : undefined;
}

/** The field `name` stands for in a distribution's usual notation, if it is such a name. */
function notationOf(name: string): string | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(NOTATION, key) ? NOTATION[key] : undefined;
}

/** The field `name` stands for in a distribution's usual notation, when the object (`data`) may have that field and has not. */
function byNotation(name: string, known: readonly string[], data: unknown): string | undefined {
  const obj = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
  // A constant has one number, its value, whatever the name a planner gives it (mean, average).
  const meant = obj?.dist === 'constant' && ['mean', 'average', 'avg', 'mu', 'μ', 'median', 'mode'].includes(name.toLowerCase()) ? 'value' : notationOf(name);
  if (meant === undefined || !known.includes(meant)) return undefined;
  return obj?.[meant] !== undefined ? undefined : meant;
}

/**
 * Whether `name` is a lognormal's mu or sigma, which are its log's: this format's `mean` and `sd`
 * are the variable's own (a break of mu 3.7 is about 40 minutes, not 3.7), so neither is offered.
 */
function isLogParameter(name: string, data: unknown): boolean {
  return logRole(name) !== undefined && typeof data === 'object' && data !== null && (data as Record<string, unknown>).dist === 'lognormal';
}

/** Which of a lognormal's log's parameters `name` is (mu, meanlog; sigma, sdlog), if either. */
function logRole(name: string): 'mu' | 'sigma' | undefined {
  const key = name.toLowerCase().replace(/[_-]/g, '');
  const meant = notationOf(name);
  if (meant === 'mean' || ['meanlog', 'logmean', 'mulog', 'logmu'].includes(key)) return 'mu';
  if (meant === 'sd' || ['sdlog', 'logsd', 'sigmalog', 'logsigma'].includes(key)) return 'sigma';
  return undefined;
}

/**
 * What a lognormal given by its log's parameters is told: the mean and sd of the variable itself,
 * worked out where both are numbers (mu 3.7, sigma 0.3: "mean": 42.3, "sd": 12.9).
 */
function logParameterHint(data: Record<string, unknown>): string {
  const of = (role: 'mu' | 'sigma') => Object.entries(data).find(([k, v]) => logRole(k) === role && typeof v === 'number')?.[1] as number | undefined;
  const [mu, sigma] = [of('mu'), of('sigma')];
  const rule = 'a lognormal here takes the mean and sd of the variable itself, not of its log: mean = e^(mu + sigma²/2)';
  if (mu === undefined || sigma === undefined || !(sigma >= 0)) return rule;
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  const sd = mean * Math.sqrt(Math.expm1(sigma * sigma));
  return Number.isFinite(sd) && mean > 0 ? `${rule}; here "mean": ${Number(mean.toPrecision(4))}, "sd": ${Number(sd.toPrecision(4))}` : rule;
}

/**
 * A rate where the family takes a mean or a scale (an exponential's rate or lambda; a gamma's rate,
 * or beta, which some write for the rate and some for the scale): its reciprocal, with the field.
 */
function rateHint(name: string, data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const obj = data as Record<string, unknown>;
  const key = name.toLowerCase();
  const field = obj.dist === 'exponential' && ['rate', 'lambda', 'λ'].includes(key) ? 'mean' : obj.dist === 'gamma' && ['rate', 'beta', 'β'].includes(key) ? 'scale' : undefined;
  if (field === undefined || obj[field] !== undefined) return undefined;
  const v = obj[name];
  const value = typeof v === 'number' && v > 0 && Number.isFinite(1 / v) ? `: "${field}": ${Number((1 / v).toPrecision(6))}` : '';
  const family = obj.dist === 'exponential' ? 'an exponential' : 'a gamma';
  return key === 'rate'
    ? `${family} here takes its ${field}, 1 / rate${value}`
    : `${family} here takes its ${field}: did you mean "${field}"? if ${name} is a rate, the ${field} is 1 / ${name}${value}`;
}

/** What each pattern of the schema means, in words. */
export const PATTERN_RULES: Readonly<Record<string, string>> = {
  [NAME_PATTERN]: 'must be lowercase letters, digits and hyphens, starting with a letter or digit (at most 100), and not a name Windows keeps for a device (con, prn, aux, nul, com1-com9, lpt1-lpt9)',
  [LABEL_PATTERN]: 'must start with a letter A-Z or a-z (no accents) or a digit, then such letters, digits, spaces and _ . - ( ) / (at most 100 characters, not ending in a space)',
};

/** The `$comment` of the schema's definitions whose constraints the checks after it make too (see schemaErrorIssues). */
const ALSO_CHECKED = 'Also checked by hubsim, which says more of it: here so that an editor flags it too.';

/**
 * Translates Ajv's errors (from a validator built with `allErrors` and `verbose`) into issues, in
 * the validator's order, without repeats.
 */
export function schemaErrorIssues(errors: readonly ErrorObject[], data?: unknown): InputIssue[] {
  // An `if` that failed only routes to its `then`; the `then`'s own errors say what is wrong. The
  // schema's `bounds-` and `rule-` definitions are there for editors: the checks a scenario's fields
  // are put through after the schema (validate.ts) say the same of them, with more (the range a
  // distribution's values must keep, a SoC written in per cent), so they are not said twice.
  const relevant = errors.filter((e) => e.keyword !== 'if' && (e.parentSchema as { $comment?: unknown } | undefined)?.$comment !== ALSO_CHECKED);
  const seen = new Set<string>();
  const issues: InputIssue[] = [];
  for (const e of relevant) {
    const issue = mixedWindow(e.instancePath, data) ?? toIssue(e, data);
    const key = `${issue.path}\u0000${issue.expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** The fields of each form of a maintenance window, weekly and once. */
const WEEKLY_FIELDS = ['weekday', 'startHour', 'hours'];
const ONCE_FIELDS = ['startMin', 'endMin'];

/**
 * For an error at or inside a maintenance window that mixes the fields of its two forms, the one
 * issue to say instead: the schema, routed by `weekday`, would call the other form's fields unknown
 * and ask for its own, which reads as if those fields did not exist at all.
 */
function mixedWindow(pointer: string, data: unknown): InputIssue | undefined {
  const m = /^\/hub\/chargers\/(\d+)\/maintenance\/(\d+)(?:\/|$)/.exec(pointer);
  if (m === null) return undefined;
  const w = (data as { hub?: { chargers?: { maintenance?: unknown[] }[] } } | undefined)?.hub?.chargers?.[Number(m[1])]?.maintenance?.[Number(m[2])];
  if (typeof w !== 'object' || w === null || Array.isArray(w)) return undefined;
  const given = (fields: string[]) => fields.filter((f) => Object.hasOwn(w, f));
  if (given(WEEKLY_FIELDS).length === 0 || given(ONCE_FIELDS).length === 0) return undefined;
  return {
    path: `hub.chargers[${m[1]}].maintenance[${m[2]}]`,
    expected: 'must take one form: every week {weekday, startHour, hours}, or once {startMin, endMin}; not fields of both (make it two windows for both)',
    found: show(w),
  };
}

/**
 * A field's description cut to what says what it holds: its first sentence, and of a long one the
 * part before its first colon ("Usable battery capacity (kWh), in [1, 100000]: the energy …"), in
 * lower case to follow "is required: ".
 */
function gist(description: string): string {
  // Sentences and their parts end outside parentheses ("(the up-time; its mean is …)").
  let s = description.slice(0, outside(description, (t, i) => (t[i] === '.' || t[i] === ';') && (i + 1 === t.length || /\s/.test(t[i + 1]))));
  if (s.length > 80) s = s.slice(0, outside(s, (t, i) => t.startsWith(': ', i)));
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The index of the first character of `text` outside parentheses where `at` holds; its length if none. */
function outside(text: string, at: (text: string, i: number) => boolean): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && at(text, i)) return i;
  }
  return text.length;
}

/** Distribution families by the parameters they take, most telling first. */
const FAMILIES: readonly (readonly [readonly string[], string])[] = [
  [['value'], '"constant" takes value'],
  [['values'], '"empirical" takes values'],
  [['mode'], '"triangular" takes min, mode and max'],
  [['shape', 'scale'], '"gamma" or "weibull" take shape and scale'],
  [['mean', 'sd'], '"normal" or "lognormal" take mean and sd'],
  [['mean'], '"exponential" takes mean'],
  [['min', 'max'], '"uniform" takes min and max'],
];

/** For a distribution object without its `dist`, the family its parameters fit: ` ("uniform" takes min and max)`, or ''. */
function familyHint(data: unknown): string {
  if (typeof data !== 'object' || data === null) return '';
  // The family given under another name (`"type": "uniform"`): what to write instead.
  const named = Object.entries(data).find(([k, v]) => k !== 'dist' && typeof v === 'string' && Object.hasOwn(DISTRIBUTIONS, v));
  if (named) return ` (write "dist": ${JSON.stringify(named[1])} in place of ${JSON.stringify(named[0])}: ${JSON.stringify(named[1])})`;
  const family = FAMILIES.find(([keys]) => keys.every((k) => Object.hasOwn(data, k)));
  return family ? ` (${family[1]})` : '';
}

/** What shapeHint reads of a field's own fields: their type, and a number's range. */
interface NumberField {
  readonly type?: string | readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

/** Whether `x` is inside the range a number field's schema gives (where it gives one). */
function inRange(f: NumberField, x: number): boolean {
  return !(x < (f.minimum ?? -Infinity) || x > (f.maximum ?? Infinity) || x <= (f.exclusiveMinimum ?? -Infinity) || x >= (f.exclusiveMaximum ?? Infinity));
}

/** What shapeHint reads of a field's schema. */
interface FieldSchema {
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, NumberField>>;
  readonly items?: { readonly $ref?: string; readonly type?: string | readonly string[]; readonly enum?: readonly unknown[] };
}

/**
 * For a field that takes a number or an object, what the object is, where the format has a form
 * for it: a distribution, or values by hour (a grid limit, a price); with the object's form where
 * `data` is neither text (a number with its unit, or a word such as "unlimited", which hints say
 * how to write) nor null (a limit lifted, likewise): a range written as a list, say. Undefined for
 * any other field.
 */
function objectForm(types: readonly string[], schema: unknown, data: unknown): string | undefined {
  if (types.length !== 2 || !types.includes('number') || !types.includes('object')) return undefined;
  const s = schema as { then?: { required?: readonly string[] }; properties?: Record<string, unknown> } | undefined;
  const shown = typeof data !== 'string' && data !== null;
  if (s?.then?.required?.includes('dist')) return `a number or a distribution${shown ? ' ({"dist": "uniform", "min": …, "max": …} and the like)' : ''}`;
  if (s?.properties !== undefined && 'byHour' in s.properties) return `a number or values by hour${shown ? ' ({"byHour": [24 values]} or {"byHourOfWeek": [168 values]})' : ''}`;
  return undefined;
}

/**
 * For an object or a list given as something else, what to write: a list of objects is a list
 * even of one (`"chargers": {…}`); an object says what it holds, from the schema's description,
 * and a number given for it is shown inside it, under its required or first numeric field
 * (`"maxKw": 400` → `{"CCS": 400}`), when that field would take it. '' for the other types.
 */
function shapeHint(types: readonly string[], schema: FieldSchema | undefined, data: unknown): string {
  if (types.length !== 1) return '';
  if (types[0] === 'array') {
    // Only a list of objects takes an object as its item (the format's $refs in lists are all
    // objects: chargers, truck types, maintenance windows); hourly weights or reservedFor written
    // as an object would stay wrong in [ ].
    const ofObjects = schema?.items !== undefined && (schema.items.$ref !== undefined || schema.items.type === 'object');
    // Nor does a word in a list of words take them all: only one of the words the list takes (reservedFor: "break").
    const item = (ofObjects && typeof data === 'object' && data !== null) || (schema?.items?.enum?.includes(data) ?? false);
    return item ? ': a list, even of one: put it in [ ]' : '';
  }
  if (types[0] !== 'object' || schema === undefined) return '';
  const what = schema.description === undefined ? '' : `: ${gist(schema.description)}`;
  const numeric = (k: string) => {
    const t = schema.properties?.[k]?.type;
    return t === 'number' || (Array.isArray(t) && t.includes('number'));
  };
  const key = [...(schema.required ?? []), ...Object.keys(schema.properties ?? {})].find(numeric);
  // Only a number its field would take: `"maxKw": -400` shown as {"CCS": -400} led to another error.
  const example = typeof data === 'number' && key !== undefined && inRange(schema.properties![key] ?? {}, data) ? `, such as {${JSON.stringify(key)}: ${data}}` : '';
  return `${what}${example}`;
}

/**
 * The field of `known` in the unit `name` is in (its name's ending: Kw, Kwh, Min, Soc…) that `data`
 * (the object holding `name`) leaves out, when only one is, or only one of those `required`;
 * undefined otherwise.
 */
function unitMate(name: string, known: readonly string[], required: readonly string[], data: unknown): string | undefined {
  const unit = unitOf(name);
  if (unit === undefined || typeof data !== 'object' || data === null) return undefined;
  const lacking = known.filter((k) => unitOf(k) === unit && !Object.hasOwn(data, k));
  if (lacking.length === 1) return lacking[0];
  const missing = lacking.filter((k) => required.includes(k));
  return missing.length === 1 ? missing[0] : undefined;
}

function toIssue(e: ErrorObject, data: unknown): InputIssue {
  const params = e.params as Record<string, any>;
  const path = jsonPath(e.instancePath);
  switch (e.keyword) {
    case 'type': {
      const types = String(params.type).split(',');
      const kinds = objectForm(types, e.parentSchema, e.data) ?? types.map((t) => ARTICLE[t] ?? t).join(' or ');
      return { path, expected: `must be ${kinds}${shapeHint(types, e.parentSchema as FieldSchema | undefined, e.data)}`, found: show(e.data) };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const op = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' }[e.keyword];
      const what = (e.parentSchema as { type?: string })?.type === 'integer' ? 'a whole number' : 'a number';
      return { path, expected: `must be ${what} ${op} ${params.limit}`, found: show(e.data) };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const described = (e.parentSchema as { properties?: Record<string, { description?: string }> })?.properties?.[missing]?.description;
      const said = described === undefined ? '' : gist(described);
      // A description that only repeats the name ("Mean.") says nothing more.
      const what = (said === '' || said.toLowerCase() === missing.toLowerCase() ? '' : `: ${said}`) + (missing === 'dist' ? familyHint(e.data) : '');
      return { path: jsonPath(e.instancePath, missing), expected: `is required${what}`, found: undefined };
    }
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const name = String(params.additionalProperty);
      // A field of another section (gridKw at the top, for hub.gridKw) is named with where it
      // belongs, unless a field of this one is a slip away (battery in a truck type: batteryKwh).
      // One this name only starts comes second: it may be another field (demandCharge at the top
      // is no demand) or the one meant (batteryKwh in hub, a truck's field, for hub.battery).
      const at = jsonPath(e.instancePath);
      const here = at.replace(/\[\d+\]/g, '[i]');
      // Own entries only: `constructor` or `toString` is a field no table says anything of.
      const table = Object.hasOwn(SAID_OTHERWISE, here) ? SAID_OTHERWISE[here] : undefined;
      const said = table !== undefined && Object.hasOwn(table, name.toLowerCase()) ? table[name.toLowerCase()] : undefined;
      if (said !== undefined) return { path: jsonPath(e.instancePath, name), expected: `is not a known field (${said})`, found: undefined };
      const places = Object.hasOwn(FIELD_PLACES, name) ? FIELD_PLACES[name].filter((p) => p !== here) : [];
      if (isLogParameter(name, e.data)) {
        return { path: jsonPath(e.instancePath, name), expected: `is not a known field (${logParameterHint(e.data as Record<string, unknown>)})`, found: undefined };
      }
      const rate = rateHint(name, e.data);
      if (rate !== undefined) return { path: jsonPath(e.instancePath, name), expected: `is not a known field (${rate})`, found: undefined };
      // In a distribution, a parameter it already has is not the one meant: `mean` beside uniform's
      // min is another family's parameter, not a slip of min. (Elsewhere a field written twice,
      // warmupdays beside warmupDays, is still likeliest the one meant.)
      const given = (field: string) => typeof e.data === 'object' && e.data !== null && Object.hasOwn(e.data, 'dist') && Object.hasOwn(e.data, field);
      const absent = (field: string | undefined) => (field !== undefined && !given(field) ? field : undefined);
      const guess = absent(byNotation(name, known, e.data) ?? likelyMeant(name, known, { slipsOnly: places.length > 0 }));
      // Else a field of this section in the same unit that the section leaves out is likely the
      // one meant (capacityKwh in a truck type, which lacks its batteryKwh), though the name is
      // another section's: it is offered beside the section the name belongs in.
      const sameUnit = guess === undefined ? unitMate(name, known, (e.parentSchema as { required?: string[] })?.required ?? [], e.data) : undefined;
      if (places.length > 0 && guess === undefined) {
        // A place inside a list item the field stands in (itself, or one of its sections) is named by
        // that item's index: fleet[2].behaviour, hub.chargers[0].
        const where = places.map((p) => (p === '' ? 'the top level' : indexedLike(p, at))).join(' or ');
        const starts = absent(likelyMeant(name, known)) ?? sameUnit;
        const or = starts === undefined ? '' : `, or did you mean "${starts}"?`;
        return { path: jsonPath(e.instancePath, name), expected: `is not a known field here (it belongs in ${where}${or})`, found: undefined };
      }
      const meant = guess ?? sameUnit;
      // With no one field to offer, the section's: a planner reads which there are, and picks.
      const hint = meant ? ` (did you mean "${meant}"?)` : known.length > 0 ? ` (the fields here are ${known.join(', ')})` : '';
      return { path: jsonPath(e.instancePath, name), expected: `is not a known field${hint}`, found: undefined };
    }
    case 'enum': {
      const values = params.allowedValues as unknown[];
      const allowed = values.map((v) => JSON.stringify(v));
      // A day is guessed by its names, not by spelling: "Di" (Dienstag) is no slip of "Fri".
      const days = values.every((v, i) => v === WEEKDAYS[i]);
      const synonym = typeof e.data === 'string' ? SYNONYMS[e.data.toLowerCase().replace(/[\s_-]/g, '')] : undefined;
      const guess = typeof e.data !== 'string' ? undefined : days ? weekdayMeant(e.data) : synonym !== undefined && values.includes(synonym) ? synonym : likelyMeant(e.data, values as string[]);
      const hint = guess ? `; did you mean "${guess}"?` : reservedForType(path, e.data, data);
      return { path, expected: `must be one of ${allowed.join(', ')}${hint}`, found: show(e.data) };
    }
    case 'const':
      return { path, expected: `must be ${JSON.stringify(params.allowedValue)}`, found: show(e.data) };
    case 'minItems':
    case 'maxItems': {
      const s = e.parentSchema as { minItems?: number; maxItems?: number };
      const limit = Number(params.limit);
      const count =
        s.minItems !== undefined && s.minItems === s.maxItems
          ? `exactly ${counted(limit, 'item')}`
          : e.keyword === 'minItems'
            ? `at least ${counted(limit, 'item')}`
            : `at most ${counted(limit, 'item')}`;
      // A day's 24 values and a week's 168 have each a field of their own (byHour, byHourOfWeek;
      // hourly and hourOfWeek): given the other's count, name it.
      const n = (e.data as unknown[]).length;
      const field = path.slice(path.lastIndexOf('.') + 1);
      // (A truck type's hourly has no week's form.)
      const hourly = path === 'arrivals.hourly';
      const other = n === 168 && (field === 'byHour' || hourly) ? (hourly ? 'hourOfWeek' : 'byHourOfWeek') : n === 24 && (field === 'byHourOfWeek' || field === 'hourOfWeek') ? (field === 'byHourOfWeek' ? 'byHour' : 'hourly') : undefined;
      return { path, expected: `must have ${count}${other ? ` (${n} values, one per hour of ${n === 24 ? 'the day, are' : 'the week, are'} ${other}'s)` : ''}`, found: counted(n, 'item') };
    }
    case 'uniqueItems': {
      // Ajv's two ways of checking give the pair in either order.
      const [first, second] = [Math.min(params.i, params.j), Math.max(params.i, params.j)];
      return { path, expected: `must not name a value twice (items ${first} and ${second} are both ${show((e.data as unknown[])[first])})`, found: show(e.data) };
    }
    case 'minProperties': {
      // Every such object of the format needs one of a few named fields: name them.
      const fields = Object.keys((e.parentSchema as FieldSchema | undefined)?.properties ?? {});
      const which = fields.length === 0 ? '' : `: ${fields.join(' or ')}`;
      const example = /\.maxKw$/.test(path) ? ', each connector the type can use with its most kW there ({"CCS": 400})' : '';
      return { path, expected: `must have at least ${counted(params.limit, 'field')}${which}${example}`, found: show(e.data) };
    }
    case 'minLength':
      return { path, expected: 'must not be empty', found: show(e.data) };
    case 'maxLength':
      return { path, expected: `must be at most ${params.limit} characters`, found: `${String(e.data).length} characters` };
    case 'pattern': {
      const rule = PATTERN_RULES[params.pattern] ?? `must match ${params.pattern}`;
      // A device's name (CON) gets no guess: made lower case, it is still one.
      const made = typeof e.data !== 'string' ? '' : params.pattern === NAME_PATTERN ? asName(e.data) : params.pattern === LABEL_PATTERN ? unusedLabel(asLabel(e.data), e.instancePath, data) : '';
      const meant = made !== '' && new RegExp(params.pattern).test(made) ? made : '';
      return { path, expected: meant === '' ? rule : `${rule}; did you mean "${meant}"?`, found: show(e.data) };
    }
    default:
      return { path, expected: e.message ?? 'is invalid', found: show(e.data) };
  }
}
