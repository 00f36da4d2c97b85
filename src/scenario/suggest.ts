import { closest, distance as levenshtein } from 'fastest-levenshtein';

/** Shortest known name that a longer one may start with and still be read as meant (`gridKwMax`). */
const MIN_PREFIX = 4;

/**
 * The known name `name` was likely meant to be: the closest, ignoring case (a wrong capital is the
 * commonest slip), if it is within about a third of its own length in edits; else the longest known
 * name of at least MIN_PREFIX characters that `name` starts with (words added to a name:
 * `hourlyProfile`, `breakMinutes`); else the one known name that `name`, of at least MIN_PREFIX
 * characters, starts (`break` for `breakEnd`); otherwise undefined, since a guess at an unrelated
 * name misleads. With `slipsOnly`, the edit-distance guess alone: a name that only starts or is
 * started by a known one may be another name in its own right (`demandCharge`, not `demand`).
 * Without `wordsAdded`, no guess from a known name that `name` starts with: among names whose
 * suffixes carry meaning, words added make another quantity (`trucks_served_share`, not
 * `trucks_served`).
 */
export function likelyMeant(
  name: string,
  known: readonly string[],
  { slipsOnly = false, wordsAdded = true }: { readonly slipsOnly?: boolean; readonly wordsAdded?: boolean } = {},
): string | undefined {
  if (known.length === 0) return undefined;
  const lower = known.map((k) => k.toLowerCase());
  const wanted = name.toLowerCase();
  const guess = known[lower.indexOf(closest(wanted, lower))];
  const d = levenshtein(wanted, guess.toLowerCase());
  // Within the edits allowed, but not every letter replaced: `c` is no slip of `a`.
  if (d <= Math.max(2, Math.floor(guess.length / 3)) && d < Math.max(wanted.length, guess.length)) return guess;
  if (slipsOnly) return undefined;
  let prefix: string | undefined;
  known.forEach((k, i) => {
    if (wordsAdded && k.length >= MIN_PREFIX && wanted.startsWith(lower[i]) && (prefix === undefined || k.length > prefix.length)) prefix = k;
  });
  if (prefix !== undefined) return prefix;
  // A name cut short (`break`, `alloc`): the one known name it starts, if only one.
  const longer = wanted.length >= MIN_PREFIX ? known.filter((_, i) => lower[i].startsWith(wanted)) : [];
  return longer.length === 1 ? longer[0] : undefined;
}

/**
 * The file of `names` (all ending in `ext`) that the missing `name` likely named: one a slip away,
 * the slip weighed against the name without `ext`, which every name shares (two edits of nine
 * letters made `nope.json` a slip of `copy.json`), or two neighbouring letters swapped (`cpoy.json`);
 * else the one name that `name` cut short begins (`dunk` for `dunkirk.json`).
 */
export function likelyFile(name: string, names: readonly string[], ext: string): string | undefined {
  const typed = name.toLowerCase();
  const guess = likelyMeant(name, names);
  if (guess === undefined) return undefined;
  const known = guess.toLowerCase();
  const slip = levenshtein(typed, known) <= Math.max(1, Math.floor((guess.length - ext.length) / 3)) || swapped(typed, known);
  return slip || known.startsWith(typed) ? guess : undefined;
}

/** Whether `a` is `b` with two neighbouring characters swapped. */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const at = [...a].findIndex((c, i) => c !== b[i]);
  return at >= 0 && at + 1 < a.length && a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2);
}
