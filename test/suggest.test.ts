import { describe, expect, test } from '@jest/globals';
import { likelyMeant } from '../src/scenario/suggest.js';

describe('likelyMeant', () => {
  test('no known names: no guess', () => {
    expect(likelyMeant('gridKw', [])).toBeUndefined();
  });

  test('a slip within about a third of the name, ignoring case', () => {
    expect(likelyMeant('gridkW', ['gridKw', 'chargers'])).toBe('gridKw');
    expect(likelyMeant('zzzzzz', ['gridKw', 'chargers'])).toBeUndefined();
    // A short name with every letter replaced is no slip of it, though within two edits.
    expect(likelyMeant('a', ['c'])).toBeUndefined();
    expect(likelyMeant('ab', ['cd'])).toBeUndefined();
    expect(likelyMeant('ab', ['ac'])).toBe('ac');
    expect(likelyMeant('A', ['a'])).toBe('a');
  });

  test('words added to a known name of at least four characters name it, the longest such name first', () => {
    expect(likelyMeant('nameOfHub', ['name'])).toBe('name');
    expect(likelyMeant('breakMinutes', ['breakMin', 'break'])).toBe('breakMin');
    expect(likelyMeant('breakMinutes', ['break', 'breakMin'])).toBe('breakMin');
    // A name of three characters is too short to be read into a longer one.
    expect(likelyMeant('hubSection', ['hub'])).toBeUndefined();
    // Among names whose suffixes carry meaning, words added make another quantity.
    expect(likelyMeant('nameOfHub', ['name'], { wordsAdded: false })).toBeUndefined();
  });

  test('a name cut short names the one known name it starts, if it has four characters or more', () => {
    expect(likelyMeant('brea', ['breakMin'])).toBe('breakMin');
    expect(likelyMeant('bre', ['breakMin'])).toBeUndefined();
    // Two known names it starts: neither is guessed.
    expect(likelyMeant('alloc', ['allocation', 'allocationMode'])).toBeUndefined();
    // Slips only: neither words added nor a name cut short.
    expect(likelyMeant('brea', ['breakMin'], { slipsOnly: true })).toBeUndefined();
  });
});
