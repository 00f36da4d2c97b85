import type { InputIssue } from '../errors.js';
import type { FieldRange } from './json.js';

// Hints for the two ways a planner most often writes a right number wrongly: with its unit, as a
// string ("400kW", "2.5MW", "45 min"), and a fraction as a percentage (a targetSoc of 80). The
// message then says what to write instead, in the field's own unit.

/** The unit a field's numbers are in; what its name says (README, Scenario format: kW, kWh, minutes, days, fractions). */
export type FieldUnit = 'kW' | 'kWh' | 'minutes' | 'hours' | 'days' | 'fraction';

/** Units a user may write after a number, by field unit: the factor into the field's unit. */
const FACTORS: Readonly<Record<FieldUnit, Readonly<Record<string, number>>>> = {
  kW: { kw: 1, mw: 1000 },
  kWh: { kwh: 1, mwh: 1000 },
  minutes: { min: 1, mins: 1, minute: 1, minutes: 1, h: 60, hr: 60, hrs: 60, hour: 60, hours: 60, d: 1440, day: 1440, days: 1440, week: 10080, weeks: 10080 },
  hours: { h: 1, hr: 1, hrs: 1, hour: 1, hours: 1, min: 1 / 60, mins: 1 / 60, minute: 1 / 60, minutes: 1 / 60, d: 24, day: 24, days: 24, week: 168, weeks: 168 },
  // Hours only where they make a number of days a planner would write (48 h, 36 h; not 5 h): see valueHint.
  days: { d: 1, day: 1, days: 1, h: 1 / 24, hr: 1 / 24, hrs: 1 / 24, hour: 1 / 24, hours: 1 / 24, week: 7, weeks: 7 },
  fraction: { '%': 0.01 },
};

/** Names that qualify a field rather than name it: a distribution's parameters, a profile, a connector. */
const QUALIFIERS = new Set(['min', 'max', 'mean', 'sd', 'value', 'values', 'mode', 'scale', 'byHour', 'byHourOfWeek', 'CCS', 'MCS']);

/** The unit of the field at `path` (`hub.chargers[0].cabinetKw`, `demand.arrivalSoc.max`); undefined if it has none. */
export function unitOf(path: string): FieldUnit | undefined {
  // A charging curve's points are [SoC, fraction of maxKw]: both fractions.
  if (/\.curve(\.[A-Z]+)?\[\d+\]\[[01]\]$/.test(path)) return 'fraction';
  const names = path.replace(/\[\d+\]/g, '').split('.');
  for (let i = names.length - 1; i >= 0; i--) {
    const name = names[i];
    if (QUALIFIERS.has(name)) continue;
    if (name.endsWith('Kwh')) return 'kWh';
    if (name.endsWith('Kw') && name !== 'perKw') return 'kW';
    if (name.endsWith('Min')) return 'minutes';
    if (name === 'hours' || name === 'startHour') return 'hours'; // a maintenance window's
    if (name === 'days' || name.endsWith('Days')) return 'days';
    if (name.endsWith('Soc') || name === 'efficiency' || name === 'growthPerYear') return 'fraction';
    return undefined;
  }
  return undefined;
}

/** `x` without the noise of binary floating point (0.62 × 1000 is 620, not 620.0000000000001). */
const clean = (x: number): number => Number(x.toPrecision(12));

/**
 * Whether `x`, where a fraction was wanted, is likely a percentage: in [2, 100]. A value just above
 * 1 (1.05, 1.5) is as likely a slip as a percentage that small.
 */
export function likelyPercentage(x: number): boolean {
  return x >= 2 && x <= 100;
}

/** `95` → "95 % is 0.95". */
export function percentAsFraction(percent: number): string {
  return `${percent} % is ${clean(percent / 100)}`;
}

/**
 * The hint to append to an issue's `expected`, or '' when none fits: for a number written as a
 * string, with a unit the field's name allows, the number to write instead; for a fraction's field
 * given a number in [2, 100] where [0, 1] is wanted, the fraction that percentage stands for (a
 * 1.5 is as likely a slip as 1.5 %: it gets none).
 */
function unitHint(issue: InputIssue): string {
  const { path, expected, found } = issue;
  if (found === undefined) return '';
  let value: unknown;
  try {
    value = JSON.parse(found);
  } catch {
    return ''; // a value shown cut short, or not as JSON (Infinity)
  }
  const field = path.replace(/\[\d+\]/g, '').split('.').filter((name) => !QUALIFIERS.has(name)).pop() ?? '';
  return unlimitedHint(path, expected, value) || valueHint(unitOf(path), expected, value, field);
}

/** Fields whose limit a scenario lifts by leaving them out, with what that means. */
const UNLIMITED: Readonly<Record<string, string>> = {
  gridKw: 'a grid connection without limit',
  waitingSpaces: 'room for every truck to wait',
  patienceMin: 'drivers who wait for ever',
};

/** For a field of UNLIMITED given "unlimited", "none", null or the like where a number was expected: leave it out. */
function unlimitedHint(path: string, expected: string, value: unknown): string {
  const field = path.slice(path.lastIndexOf('.') + 1);
  if (!Object.hasOwn(UNLIMITED, field) || !/^must be (a number|a whole number)\b/.test(expected)) return '';
  const says = value === null || value === false || (typeof value === 'string' && /^\s*(unlimited|no ?limit|none|infinite|infinity|inf|\u221e|-|n\/a)\s*$/i.test(value));
  return says ? `: for ${UNLIMITED[field]}, leave ${field} out` : '';
}

/**
 * Whether a number as written may group thousands as well as mark decimals: a comma or a point
 * before three digits after a whole part of one to three digits that is not 0 (1,500 kW or 1.500
 * kW, as German writes 1500; 2,5 MW and 0,125 mark decimals). The number meant is then a
 * thousandfold apart, so none is named.
 */
export function mayGroupThousands(number: string): boolean {
  return /^[-+]?[1-9]\d{0,2}[.,]\d{3}$/.test(number);
}

/** What a currency is written as after a price: the scenario's currency is whichever the user prices in, and is not written. */
const CURRENCY = String.raw`(?:€|eur|euros?|\$|usd|£|gbp|chf|ct|cents?)?`;

/**
 * Fields without one of those units but with a meaning a planner writes after the number: the number
 * alone is what to write. A unit of another field (a price per kW given "5 kW") is not guessed at.
 */
const OWN_UNITS: Readonly<Record<string, RegExp>> = {
  trucksPerDay: /^(?:trucks?\s*)?(?:\/|per\s+|an?\s+)(?:d|day)$/i,
  // A weight among the types' (fractions or percentages alike, as long as all are of one kind).
  share: /^%$/,
  energyPrice: new RegExp(String.raw`^${CURRENCY}\s*(?:\/|per\s+)kwh$`, 'i'),
  sellingPrice: new RegExp(String.raw`^${CURRENCY}\s*(?:\/|per\s+)kwh$`, 'i'),
  perKw: new RegExp(String.raw`^${CURRENCY}\s*(?:\/|per\s+)kw$`, 'i'),
  connectionCostPerKwYear: new RegExp(String.raw`^${CURRENCY}\s*(?:\/|per\s+)kw\s*(?:\/|per\s+|an?\s+)(?:a|y|yr|year)$`, 'i'),
};

/** How a percentage's hint begins, after the rule it is appended to: what a later hint that knows better takes off. */
export const PERCENT_HINT = ': a fraction, ';

/**
 * `value` with thousands grouped one way and decimals marked the other (1.234,5 or 1,234.5, a unit
 * after it or not) written plainly (1234.5), the last mark being the decimal one; undefined for
 * other text.
 */
export function ungrouped(value: string): string | undefined {
  const grouped = /^\s*([-+]?\d{1,3}(?:([.,])\d{3})+)([.,])(\d+)\s*([^\d\s][^\d]*)?$/.exec(value);
  return grouped && grouped[2] !== grouped[3] ? `${grouped[1].replace(/[.,]/g, '')}.${grouped[4]}${grouped[5] ?? ''}` : undefined;
}

/**
 * The hint for `value` (a number, or the text as written) found where `expected` wanted a number
 * in `unit`: the number to write for a number with a unit, the fraction for a percentage; '' if none.
 */
export function valueHint(unit: FieldUnit | undefined, expected: string, value: unknown, field = ''): string {
  if (!/^must be (a number|a whole number)\b/.test(expected)) return '';
  if (typeof value === 'string') {
    // h:mm, or a spreadsheet's h:mm:ss (0:45:00).
    const clock = unit === 'minutes' || unit === 'hours' ? /^\s*(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*(?:h|hrs?|hours?)?\s*$/i.exec(value) : null;
    if (clock) {
      const minutes = clean(Number(clock[1]) * 60 + Number(clock[2]) + Number(clock[3] ?? 0) / 60);
      const as = clock[3] === undefined ? `${clock[1]}:${clock[2]} as hours and minutes` : `${clock[1]}:${clock[2]}:${clock[3]} as hours, minutes and seconds`;
      if (unit === 'minutes') return minutesFit(minutes, field) ? `: write ${minutes}, the number of minutes alone (${as})` : '';
      return hoursFit(clean(minutes / 60), field) ? `: write ${clean(minutes / 60)}, the number of hours alone (${as})` : '';
    }
    const written = ungrouped(value) ?? value;
    const m = /^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[-+]?\d+)?)\s*([^\d\s][^\d]*?)?\s*$/i.exec(written);
    if (!m || (written === value && mayGroupThousands(m[1]))) return '';
    const x = Number(m[1].replace(',', '.'));
    if (!Number.isFinite(x)) return ''; // an exponent past any number (1e999)
    const suffix = m[2] ?? '';
    // A number the field would refuse again (3.5 cabinets; -5 kW, as no power, energy or time in a
    // scenario is below 0) is no number to write.
    // The number as written, every digit (a seed rounded to 12 would be another seed); a whole
    // number past 2^53, which a double cannot hold, is none to write either.
    const whole = expected.startsWith('must be a whole number');
    if (x < 0 && unit !== undefined && unit !== 'fraction') return '';
    const fits = !whole || Number.isSafeInteger(x);
    if (suffix === '') return fits ? `: write ${x} without quotes` : '';
    if (unit === undefined) {
      if (!(Object.hasOwn(OWN_UNITS, field) && OWN_UNITS[field].test(suffix)) || !fits) return '';
      // Cents are hundredths of the currency, which prices are written in.
      if (/^(?:ct|cents?)\b/i.test(suffix.trim())) return `: write ${clean(x / 100)}, the price in whole units of the currency (${x} ct is ${clean(x / 100)})`;
      // Shares are weights, all of one kind: percentages, or fractions beside others written so.
      if (field === 'share') return `: write ${x}, the number alone (or ${clean(x / 100)} where the other shares are fractions)`;
      return `: write ${x}, the number alone`;
    }
    const factor = FACTORS[unit][suffix.toLowerCase()];
    // A power where an energy is wanted, or the reverse (a battery's capacity given "2000 kW").
    const other = unit === 'kW' ? 'kWh' : unit === 'kWh' ? 'kW' : undefined;
    if (factor === undefined && other !== undefined && FACTORS[other][suffix.toLowerCase()] !== undefined) {
      return unit === 'kW' ? `: a power, the number of kW alone (${suffix} is an energy)` : `: an energy, the number of kWh alone (${suffix} is a power)`;
    }
    if (factor === undefined || (whole && !Number.isInteger(clean(x * factor)))) return '';
    // Days from hours: a whole number of days or a half, quarter or eighth of one (5 h is 0.208333333333 days: no number to write).
    if (unit === 'days' && !Number.isInteger(clean(x * factor * 8))) return '';
    if (unit === 'hours' && !hoursFit(clean(x * factor), field)) return '';
    if (unit === 'minutes' && !minutesFit(clean(x * factor), field)) return '';
    return `: write ${clean(x * factor)}, ${unit === 'fraction' ? 'a fraction' : `the number of ${unit} alone`}`;
  }
  if (typeof value === 'number' && unit === 'fraction' && /(in \[0, 1\]|<= 1)$/.test(expected) && likelyPercentage(value)) {
    return `${PERCENT_HINT}${percentAsFraction(value)}`;
  }
  // A power below 1 kW where at least 1 is wanted: megawatts, most likely (0.4 for a 400 kW cabinet);
  // and an energy below 1 kWh, megawatt-hours (0.621 for a 621 kWh battery).
  if (typeof value === 'number' && (unit === 'kW' || unit === 'kWh') && /^must be a number >= 1$/.test(expected) && value >= 0.001 && value < 1) {
    return unit === 'kW' ? `: a power in MW is written in kW (${clean(value * 1000)} for ${value} MW)` : `: an energy in MWh is written in kWh (${clean(value * 1000)} for ${value} MWh)`;
  }
  // A power past the most a field takes, which in kW it would not be: watts (1500000 for 1,500 kW).
  const most = typeof value === 'number' && unit === 'kW' ? /^must be a number <= (\d+)$/.exec(expected) : null;
  if (most && typeof value === 'number' && value / 1000 >= 1 && value / 1000 <= Number(most[1])) {
    return `: a power in W is written in kW (${clean(value / 1000)} for ${value} W)`;
  }
  return '';
}

/**
 * Whether `hours` is a number a maintenance window's field takes and a planner writes: a quarter
 * hour's step (100 min is 1.66666666667 h: no number to write), a start before 24 and a length of
 * at most a week (168).
 */
function hoursFit(hours: number, field: string): boolean {
  return Number.isInteger(clean(hours * 4)) && (field === 'startHour' ? hours < 24 : hours > 0 && hours <= 168);
}

/**
 * The most minutes a field takes (the schema's bounds): a failure's times and a window once run
 * over the horizon, up to 100 years; a break, a patience, a threshold and an interval, a week; a
 * field not named (a trace's column, whose own check bounds it), no fewer than it is given.
 */
function mostMinutes(field: string): number {
  if (field === '') return Infinity;
  return ['betweenMin', 'repairMin', 'startMin', 'endMin'].includes(field) ? 52_560_000 : 10_080;
}

/** The fewest minutes a field takes: an interval of power and a failure's up-time, a minute; the others none. */
function leastMinutes(field: string): number {
  return field === 'powerIntervalMin' || field === 'betweenMin' ? 1 : 0;
}

/** Whether `minutes` is a number the field takes (a service threshold must be above 0). */
function minutesFit(minutes: number, field: string): boolean {
  return minutes <= mostMinutes(field) && minutes >= leastMinutes(field) && (field !== 'serviceThresholdMin' || minutes > 0);
}

/**
 * Whether JSON number text `written` is a number too small for a double, which JSON reads as 0:
 * digits before its exponent not all 0 (1e-400). Here, beside the other readings of numbers as
 * written, where the command line's options reach it without loading the JSON reader.
 */
export function readsAsZero(written: string): boolean {
  return Number(written) === 0 && /[1-9]/.test(written.split(/[eE]/)[0]);
}

/** What a number that `readsAsZero` is told, in a scenario's JSON and in a trace alike. */
export const READS_AS_ZERO = "must be a number a computer's numbers hold: one this small is read as 0 (write 0 where 0 is meant)";

/**
 * `issues`, each with its unit hint (if any) appended to what it expected. `rangeOf` gives a field's
 * range by its path ([least, most, least excluded]): a number to write that the field would refuse
 * again (2000000 kW past a connection's million, 1.5 for a SoC of "150%") is no hint.
 */
export function withUnitHints(issues: readonly InputIssue[], rangeOf?: (path: string) => FieldRange | undefined): InputIssue[] {
  return issues.map((i) => {
    const hint = heldTo(unitHint(i), rangeOf?.(i.path));
    return hint === '' ? i : { ...i, expected: i.expected + hint };
  });
}

/**
 * `hint`, or '' where the number it tells to write (or the fraction a percentage stands for: 30 % is
 * 0.3 where at least 0.5 is taken) lies outside `range` ([least, most, least excluded]).
 */
export function heldTo(hint: string, range: FieldRange | undefined): string {
  const written = /^: (?:write |a fraction, \S+ % is )(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\b/.exec(hint);
  if (written === null || range === undefined) return hint;
  const x = Number(written[1]);
  const [lo, hi, above] = range;
  return (lo === null || (above ? x > lo : x >= lo)) && (hi === null || x <= hi) ? hint : '';
}
