import { describe, expect, test } from '@jest/globals';
import { windowLength, windowText, windowTexts } from '../src/words.js';

describe('windowLength', () => {
  test('the days less the warm-up, with no more decimals than the two have', () => {
    expect(windowLength({ days: 3.3, warmupDays: 1.1 })).toBe(2.2);
    expect(windowLength({ days: 36500, warmupDays: 36499.9 })).toBe(0.1);
    expect(windowLength({ days: 28, warmupDays: 2 })).toBe(26);
    expect(windowLength({ days: 1.25, warmupDays: 0.125 })).toBe(1.125);
    // Written with an exponent: twelve digits kept.
    expect(windowLength({ days: 1, warmupDays: 1e-7 })).toBe(0.9999999);
  });

  test('in words, after the warm-up if there is one', () => {
    expect(windowText({ days: 36500, warmupDays: 36499.9 })).toBe('0.1 days after a 36499.9-day warm-up');
    expect(windowText({ days: 28, warmupDays: 0 })).toBe('28 days');
    // To be read: a fraction of a day to four digits, whole days all kept.
    expect(windowText({ days: 7, warmupDays: 1 / 3 })).toBe('6.667 days after a 0.3333-day warm-up');
    expect(windowText({ days: 2, warmupDays: 30 / 1440 })).toBe('1.979 days after a 0.02083-day warm-up');
    expect(windowText({ days: 36500, warmupDays: 1 / 3 })).toBe('36499.667 days after a 0.3333-day warm-up');
    expect(windowText({ days: 1, warmupDays: 1e-7 })).toBe('1 day after a 1e-7-day warm-up');
    // Windows that four digits would word alike are given every digit, all of them.
    expect(windowTexts([{ days: 3, warmupDays: 0.5 }, { days: 3, warmupDays: 0.50004 }])).toEqual(['2.5 days after a 0.5-day warm-up', '2.49996 days after a 0.50004-day warm-up']);
    expect(windowTexts([{ days: 7, warmupDays: 1 / 3 }, { days: 7, warmupDays: 1 / 3 }, { days: 8, warmupDays: 1 / 3 }])).toEqual(['6.667 days after a 0.3333-day warm-up', '6.667 days after a 0.3333-day warm-up', '7.667 days after a 0.3333-day warm-up']);
  });
});
