// Counts, statistics windows and command words, for messages and pages alike.

/** `n` and `noun`, the noun in the plural unless n is 1: `1 replication`, `3 replications`. `shown` writes n (e.g. with separators). */
export function counted(n: number, noun: string, shown: string = String(n)): string {
  return `${shown} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Whole numbers in ascending order, runs of consecutive ones as ranges: `3, 601–700, 901–1000`;
 * after `most` parts, `…`. A list of missing replications thus shows every gap, however long.
 */
export function spans(xs: readonly number[], most = 10): string {
  const parts: string[] = [];
  for (let i = 0; i < xs.length && parts.length < most; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    parts.push(j === i ? String(xs[i]) : `${xs[i]}–${xs[j]}`);
    i = j + 1;
    if (i < xs.length && parts.length === most) parts.push('…');
  }
  return parts.join(', ');
}

/**
 * Days in the statistics window, `days` less `warmupDays`, without the subtraction's rounding error:
 * 3.3 less 1.1 is 2.2 days, not the 2.1999999999999997 that binary fractions make of it, and 36500
 * less 36499.9 is 0.1, not 0.0999999999985: the difference has no more decimals than the two have.
 */
export function windowLength(h: { readonly days: number; readonly warmupDays: number }): number {
  const decimals = (x: number) => /^-?\d+(?:\.(\d+))?$/.exec(String(x))?.[1]?.length ?? (Number.isInteger(x) ? 0 : undefined);
  const [a, b] = [decimals(h.days), decimals(h.warmupDays)];
  const diff = h.days - h.warmupDays;
  // A number written with an exponent (1e-7) has no such count: twelve digits are kept instead.
  return a === undefined || b === undefined ? Number(diff.toPrecision(12)) : Number(diff.toFixed(Math.max(a, b)));
}

/**
 * The window a scenario's statistics cover, from its horizon: `28 days after a 2-day warm-up`, or
 * `28 days` without one. `shown` writes a number (e.g. with separators).
 */
export function windowText(h: { readonly days: number; readonly warmupDays: number }, shown: (n: number) => string = String, exact = false): string {
  const round = exact ? (x: number) => x : readable;
  const days = round(windowLength(h));
  const length = counted(days, 'day', shown(days));
  return h.warmupDays > 0 ? `${length} after a ${shown(round(h.warmupDays))}-day warm-up` : length;
}

/** What tells two windows apart: their days, not their words, which round a fraction of a day. */
export function windowKey(h: { readonly days: number; readonly warmupDays: number }): string {
  return `${h.days} ${h.warmupDays}`;
}

/**
 * Each window in words (see `windowText`), to three decimals where that tells different windows
 * apart, else with every digit: 0.5 and 0.50004 days of warm-up both read 0.5 at three.
 */
export function windowTexts(horizons: readonly { readonly days: number; readonly warmupDays: number }[], shown: (n: number) => string = String): string[] {
  const texts = horizons.map((h) => windowText(h, shown));
  const clash = horizons.some((h, i) => horizons.some((g, j) => j < i && texts[i] === texts[j] && windowKey(h) !== windowKey(g)));
  return clash ? horizons.map((h) => windowText(h, shown, true)) : texts;
}

/** Days to three decimals (below a day, four significant digits): a third of a day is 0.3333, not 0.3333333333333333. */
function readable(days: number): number {
  const whole = Math.abs(days) >= 1 ? Math.floor(Math.log10(Math.abs(days))) + 1 : 0;
  return Number(days.toPrecision(Math.min(21, Math.max(4, whole + 3))));
}

/**
 * That the quantities `names` are totals `over` a window (words starting with "over"), of `days`
 * where one window is meant: a year's figures for a window of a year, a month's for one of 30 or 31
 * days (30, the default billing period of a demand charge), and otherwise not monthly or yearly
 * figures (four weeks' demand charge is 28/30 of a period's): `energy_cost is a total over …, not
 * a monthly or yearly figure`, or for several, `a, b and c are totals over …, not monthly or
 * yearly figures`.
 */
export function totalsOver(names: readonly string[], over: string, days?: number | readonly number[]): string {
  const one = names.length === 1;
  // Windows of several lengths (designs or scenarios that set their own): one word for them all
  // where they are all of a kind; else each window is to be told with its own (see `periodOf`).
  const kinds = new Set((typeof days === 'number' || days === undefined ? [days] : days).map(periodOf));
  const kind = kinds.size === 1 ? [...kinds][0] : 'mixed';
  const what =
    kind === ' (a year)' ? `a year's figure${one ? '' : 's'}`
    : kind === ' (a month)' ? `a month's figure${one ? '' : 's'}, not ${one ? 'a yearly one' : 'yearly ones'}`
    : kind === 'mixed' ? `a figure of ${one ? 'its' : 'their'} window's length`
    : `not ${one ? 'a monthly or yearly figure' : 'monthly or yearly figures'}`;
  return one ? `${names[0]} is a total ${over}, ${what}` : `${listed(names)} are totals ${over}, ${what}`;
}

/**
 * What a window of `days` is as a period of totals, to follow its length: ` (a year)` for 365 or
 * 366 days, ` (a month)` for 30 or 31, '' for any other.
 */
export function periodOf(days: number | undefined): '' | ' (a year)' | ' (a month)' {
  return days === 365 || days === 366 ? ' (a year)' : days === 30 || days === 31 ? ' (a month)' : '';
}

/**
 * Several windows in words for a line of totals over them (see `totalsOver`, which takes `lengths`):
 * each with its period where they are not all of one kind (`30 days (a month)` beside `28 days`).
 */
export function windowsTold(horizons: readonly { readonly days: number; readonly warmupDays: number }[]): { texts: string[]; lengths: number[] } {
  const lengths = horizons.map(windowLength);
  const mixed = new Set(lengths.map(periodOf)).size > 1;
  return { texts: windowTexts(horizons).map((text, i) => `${text}${mixed ? periodOf(lengths[i]) : ''}`), lengths };
}

/** The first `most` of `xs`, each as `shown` writes it, and a count of the rest: `a, b, c and 4 more`. */
export function firstFew<T>(xs: readonly T[], most: number, shown: (x: T) => string = String): string {
  const named = xs.slice(0, most).map(shown).join(', ');
  return xs.length > most ? `${named} and ${xs.length - most} more` : named;
}

/** A list in words: `a`, `a and b`, `a, b and c`. */
export function listed(xs: readonly string[]): string {
  return xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs.join('');
}

// What a CSV file that a spreadsheet or an editor saved again in its own way is told: a trace and a
// baseline alike.

/**
 * The separator, a semicolon or a tab, by which a header `line` names more of a file's columns than
 * by commas (`named` counts them among the cells): a header that a spreadsheet set to a language
 * with decimal commas (or another tool) wrote with its own separator; undefined if none does.
 */
export function otherSeparator(line: string, named: (cells: readonly string[]) => number): ';' | '\t' | undefined {
  let most = named(line.split(','));
  let found: ';' | '\t' | undefined;
  for (const separator of [';', '\t'] as const) {
    const n = named(line.split(separator));
    if (n > most) [most, found] = [n, separator];
  }
  return found;
}

/** What a file whose cells are separated otherwise (semicolons, tabs) is expected to do. */
export const COMMAS = 'must separate its cells with commas (and write decimals with a point)';

/** What such a file was found to do: `cells separated by semicolons` (or tabs). */
export function separatedCells(separator: ';' | '\t'): string {
  return `cells separated by ${separator === ';' ? 'semicolons' : 'tabs'}`;
}

/** What a file saved as UTF-16 without its byte-order mark (Windows's "Unicode") was found to be. */
export const UTF16_TEXT = 'UTF-16 text (a NUL byte beside every letter): save it as UTF-8';

/**
 * `word` as one word of a command to paste into a shell: as it is when plain; in double quotes, which
 * POSIX shells, PowerShell and Windows's cmd.exe all read alike, when it holds spaces and the like
 * (single quotes are no quotes to cmd.exe); in POSIX single quotes when it holds a character one
 * of those shells treats as special even inside double quotes ($ ` \ ! % "). A path starting with
 * a dash is written `./-…`, so that the command does not read it as an option.
 */
export function shellWord(word: string): string {
  if (word.startsWith('-')) return shellWord(`./${word}`); // a path, not an option
  if (/^[\w./@%+=:,-]+$/.test(word)) return word;
  if (!/["$`\\!%]/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A path that starts with ~ as the shell reads it, which only a shell expands: the home folder (`~`,
 * `~/x`, `~name/x`) or a folder of the shell's stack (`~+/x` the working folder, `~-/x` the last one).
 */
export const HOME_SIGN = /^~[\w.+-]*(?:[/\\]|$)/;

/** What to say of such a path, which the shell did not expand. */
export const HOME_SIGN_WORDS = '~ stands for the home folder (~name for another user\'s, ~+ the working folder) only where the shell expands it (not in quotes, nor after =): write the whole path ($HOME/…)';

/** For a path that was not found: `; ` and HOME_SIGN_WORDS where it starts with an unexpanded ~, else nothing. */
export function homeSignHint(path: string): string {
  return HOME_SIGN.test(path) ? `; ${HOME_SIGN_WORDS}` : '';
}
