import { closest, distance as levenshtein } from 'fastest-levenshtein';

/**
 * The known name `name` was likely meant to be: the closest, ignoring case (a wrong capital is the
 * commonest slip), if it is within about a third of its own length in edits; otherwise undefined,
 * since a guess at an unrelated name misleads.
 */
export function likelyMeant(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = known.map((k) => k.toLowerCase());
  const guess = known[lower.indexOf(closest(name.toLowerCase(), lower))];
  const d = levenshtein(name.toLowerCase(), guess.toLowerCase());
  return d <= Math.max(2, Math.floor(guess.length / 3)) ? guess : undefined;
}
