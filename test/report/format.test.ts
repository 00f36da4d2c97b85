import { describe, expect, test } from '@jest/globals';
import { denoisedDiff, diffScale, escapeHtml, estimateDecimals, formatEstimate, formatExact, formatFixed, formatNumber, formatPercent, formatSignificant, MISSING, sideDecimals, significantDecimals } from '../../src/report/format.js';

const M = '\u2212';

describe('formatFixed', () => {
  test('plain fixed notation with thousands commas and a true minus', () => {
    expect(formatFixed(1259432.4, 0)).toBe('1,259,432');
    expect(formatFixed(-1234.5678, 2)).toBe(`${M}1,234.57`);
    expect(formatFixed(0.000986, 6)).toBe('0.000986');
    expect(formatFixed(999, 0)).toBe('999');
    expect(formatFixed(1000, 1)).toBe('1,000.0');
  });

  test('never "-0", nor NaN or Infinity as text', () => {
    expect(formatFixed(-0.0004, 2)).toBe('0.00');
    expect(formatFixed(-0, 0)).toBe('0');
    expect(formatFixed(NaN, 2)).toBe(MISSING);
    expect(formatFixed(Infinity, 2)).toBe(MISSING);
  });

  test('decimals are clamped to 0..8', () => {
    expect(formatFixed(1.23456789012, 20)).toBe('1.23456789');
    expect(formatFixed(12.5, -3)).toBe('13');
    // Decimals that are not whole are rounded to the nearest, not cut: 2.6 gives three.
    expect(formatFixed(1.23456, 2.6)).toBe('1.235');
  });
});

describe('formatNumber', () => {
  test('three significant digits, no exponent, integer digits kept', () => {
    expect(formatNumber(1.26e6)).toBe('1,260,000');
    expect(formatNumber(1259432)).toBe('1,259,432');
    expect(formatNumber(9.86e-4)).toBe('0.000986');
    expect(formatNumber(0.98754)).toBe('0.988');
    expect(formatNumber(15.695)).toBe('15.7');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-2.5e-7, 2)).toBe(`${M}0.00000025`);
  });

  test('formatSignificant drops the zeros that end the decimals, and the point with them when none is left', () => {
    expect(formatSignificant(0.09)).toBe('0.09');
    expect(formatSignificant(4.7619, 4)).toBe('4.762');
    expect(formatSignificant(90)).toBe('90');
    expect(formatSignificant(20, 4)).toBe('20');
    expect(formatSignificant(1259432)).toBe('1,259,432');
    expect(formatSignificant(-0.5)).toBe(`${M}0.5`);
  });

  test('significantDecimals follows the magnitude', () => {
    expect(significantDecimals(123.4, 3)).toBe(0);
    expect(significantDecimals(12.34, 3)).toBe(1);
    expect(significantDecimals(0.01234, 3)).toBe(4);
    expect(significantDecimals(NaN, 3)).toBe(0);
  });
});

describe('formatEstimate', () => {
  test('decimals from two significant digits of the half-width', () => {
    // 0.9452 ± 0.0075: the half-width's second significant digit is the fourth decimal.
    expect(formatEstimate(0.9452419, 0.9377769, 0.9527069)).toEqual({ value: '0.9452', interval: '[0.9378, 0.9527]', decimals: 4 });
    expect(formatEstimate(1532.8, 1489.92, 1575.68)).toEqual({ value: '1,533', interval: '[1,490, 1,576]', decimals: 0 });
    expect(estimateDecimals(2.025, 1.772, 2.279)).toBe(2);
  });

  test('shares as percentages', () => {
    expect(formatEstimate(0.894, 0.88, 0.909, 100)).toEqual({ value: '89.4', interval: '[88.0, 90.9]', decimals: 1 });
  });

  test('a zero or undefined interval falls back to three significant digits of the value', () => {
    expect(formatEstimate(3000, 3000, 3000)).toEqual({ value: '3,000', interval: '[3,000, 3,000]', decimals: 0 });
    expect(formatEstimate(0.0274, NaN, NaN)).toEqual({ value: '0.0274', interval: MISSING, decimals: 4 });
    // A whole count (one replication's 5 trucks reneged) stays whole: 5.00 would read as an average.
    expect(formatEstimate(5, NaN, NaN)).toEqual({ value: '5', interval: MISSING, decimals: 0 });
    expect(formatEstimate(5, 5, 5).interval).toBe('[5, 5]');
    expect(formatEstimate(NaN, NaN, NaN).value).toBe(MISSING);
    // An interval with either end undefined is no interval, not "[–, 6]".
    expect(formatEstimate(5.5, NaN, 6).interval).toBe(MISSING);
    expect(formatEstimate(5.5, 5, NaN).interval).toBe(MISSING);
  });

  test('an interval as wide as rounding noise counts as none', () => {
    // A battery holding the grid at its 2,500 kW target, summed over intervals: a few ulps over it.
    expect(formatEstimate(2500.0000000000005, 2500.0000000000005, 2500.000000000001)).toEqual({ value: '2,500', interval: '[2,500, 2,500]', decimals: 0 });
    expect(formatEstimate(21666.666666666675, 21666.666666666672, 21666.666666666679).value).toBe('21,667');
    // A value that is rounding noise itself is 0: every truck charged, yet 6·10⁻¹¹ kWh not delivered.
    expect(formatEstimate(6.137668151495745e-11, 4.711196518545366e-11, 7.564139784446125e-11)).toEqual({ value: '0', interval: '[0, 0]', decimals: 0 });
    expect(formatEstimate(-3e-13, NaN, NaN).value).toBe('0');
    // A real interval, however narrow against the value, keeps its digits.
    expect(estimateDecimals(2500, 2499.99998, 2500.00002)).toBe(6);
  });

  test('given decimals line several estimates up', () => {
    expect(formatEstimate(2.5, 2, 3, 1, 3).value).toBe('2.500');
  });
});

describe('formatPercent, formatExact, escapeHtml', () => {
  test('formatPercent puts a no-break space before the sign', () => {
    expect(formatPercent(0.0551)).toBe('5.5\u00a0%');
    expect(formatPercent(1, 0)).toBe('100\u00a0%');
    expect(formatPercent(NaN)).toBe(MISSING);
  });

  test('formatExact keeps every digit of the input and never uses an exponent', () => {
    expect(formatExact(0.07)).toBe('0.07');
    expect(formatExact(2400)).toBe('2,400');
    expect(formatExact(1e-7)).toBe('0.0000001');
    expect(formatExact(1.5e-9)).toBe('0.0000000015');
    expect(formatExact(2e21)).toBe('2,000,000,000,000,000,000,000');
    expect(formatExact(-1234.5)).toBe(`${M}1,234.5`);
    expect(formatExact(0)).toBe('0');
  });

  test('escapeHtml shows control characters, which HTML cannot hold, as their pictures', () => {
    expect(escapeHtml('a\u0000b\u001bc\u007fd\u0085e')).toBe('a\u2400b\u241bc\u2421d\ufffde');
    expect(escapeHtml('tab\there\nline\fform\rreturn')).toBe('tab\there\nline\fform\rreturn');
  });
  test('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });
});

describe('denoisedDiff', () => {
  test('a difference and interval of rounding noise are none: 0 in [0, 0]', () => {
    // Revenue of 228,377.78 on both sides, summed in another order.
    const scale = diffScale(228377.77914416193, 228377.77914416156);
    expect(denoisedDiff(-3.7e-10, -7.3e-10, -1.6e-11, scale)).toEqual({ mean: 0, low: 0, high: 0 });
    expect(denoisedDiff(-1.9e-15, -3.9e-15, 1.7e-16, diffScale(0.2392, 0.2392))).toEqual({ mean: 0, low: 0, high: 0 });
    // Noise relative to the quantities: 2·10⁻⁷ on 10⁶ is noise, 2·10⁻⁷ on 1 is not.
    expect(denoisedDiff(2e-7, 1e-7, 3e-7, diffScale(1e6, 1e6))).toEqual({ mean: 0, low: 0, high: 0 });
    expect(denoisedDiff(2e-7, 1e-7, 3e-7, diffScale(1, 1))).toEqual({ mean: 2e-7, low: 1e-7, high: 3e-7 });
  });

  test('a real difference, or real uncertainty about a mean of noise, is kept as it is; a mean without an interval is 0 if noise', () => {
    expect(denoisedDiff(-485.4, -496.8, -474, diffScale(2985, 2500))).toEqual({ mean: -485.4, low: -496.8, high: -474 });
    expect(denoisedDiff(1e-10, -0.3, 0.3, diffScale(20.8, 20.7))).toEqual({ mean: 1e-10, low: -0.3, high: 0.3 });
    expect(denoisedDiff(4e-10, NaN, NaN, diffScale(228377.78, 228377.78))).toEqual({ mean: 0, low: NaN, high: NaN });
    expect(denoisedDiff(0.1, NaN, NaN, 1)).toEqual({ mean: 0.1, low: NaN, high: NaN });
  });

  test('the scale is the larger of |A| and |B| where defined', () => {
    expect(diffScale(-3, 2)).toBe(3);
    expect(diffScale(2, -3)).toBe(3);
    expect(diffScale(NaN, 2)).toBe(2);
    expect(diffScale(NaN, NaN)).toBe(0);
  });
});

describe('sideDecimals', () => {
  test('the fewest decimals at which a bound reads on its own side of a threshold', () => {
    expect(sideDecimals(0.13814131, 0.13814, 4, 8)).toBe(6); // 0.1381 reads below; 0.138141 above
    expect(sideDecimals(0.1394, 0.13814, 4, 8)).toBe(4); // clear of it already
    expect(sideDecimals(2999.9999, 3000, 0, 8)).toBe(4); // 3000 would read as at the limit
    expect(sideDecimals(0.13814000001, 0.13814, 4, 8)).toBe(8); // the most allowed, still not clear
    // Equal to the threshold: the decimals that read as it.
    expect(sideDecimals(0.123456, 0.123456, 2, 8)).toBe(6);
    // Scaled: a share in per cent is read back as the share, so 57.00 % is 0.57 exactly.
    expect(sideDecimals(0.57, 0.57, 2, 8, 100)).toBe(2); // not 8, chasing 56.99999999999999
    expect(sideDecimals(0.5700004, 0.57, 2, 8, 100)).toBe(5);
  });
});

