import { describe, expect, test } from '@jest/globals';
import { staircase, stepAt, TAPER_STEP_SOC } from '../src/model/curve.js';

describe('staircase', () => {
  test('a flat curve is one step at 1', () => {
    const c = staircase([[0, 1], [1, 1]]);
    expect([...c.soc]).toEqual([0]);
    expect([...c.frac]).toEqual([1]);
  });

  test('flat pieces are kept whole and equal neighbours merged', () => {
    const c = staircase([[0, 1], [0.5, 1], [0.5 + 1e-9, 0.5], [1, 0.5]]);
    // 0 → 0.5 flat at 1; a one-step drop; then flat at 0.5 to the end.
    expect(c.soc[0]).toBe(0);
    expect(c.frac[0]).toBe(1);
    expect(c.frac[c.frac.length - 1]).toBe(0.5);
    expect(c.soc[c.soc.length - 1]).toBe(0.5 + 1e-9);
    expect(staircase([[0, 1], [0.3, 1], [0.6, 1], [1, 1]]).soc.length).toBe(1);
  });

  test('a sloped piece is cut into 0.005-SoC steps valued at their midpoints', () => {
    const points: [number, number][] = [[0, 1], [0.8, 1], [1, 0.25]];
    const c = staircase(points);
    const n = Math.round(0.2 / TAPER_STEP_SOC); // 40 steps on the taper
    expect(TAPER_STEP_SOC).toBe(0.005);
    expect(c.soc.length).toBe(1 + n);
    expect(c.soc[0]).toBe(0);
    expect(c.frac[0]).toBe(1);
    const linear = (s: number) => 1 + ((0.25 - 1) * (s - 0.8)) / 0.2;
    for (let k = 0; k < n; k++) {
      const a = c.soc[1 + k];
      const b = k + 1 < n ? c.soc[2 + k] : 1;
      expect(a).toBeCloseTo(0.8 + 0.005 * k, 12);
      expect(b - a).toBeCloseTo(0.005, 12);
      expect(c.frac[1 + k]).toBeCloseTo(linear((a + b) / 2), 12);
      // The midpoint value of step k on this piece, by hand: 1 - 0.75 (k + 1/2) / 40.
      expect(c.frac[1 + k]).toBeCloseTo(1 - (0.75 * (k + 0.5)) / 40, 12);
    }
    expect(c.frac[1]).toBeCloseTo(0.990625, 12);
    expect(c.frac[n]).toBeCloseTo(0.259375, 12);
  });

  test('a piece that is no whole number of steps long is cut into equal steps of about 0.005', () => {
    // 0.103 / 0.005 = 20.6: 21 steps of 0.103 / 21, the piece's end a step boundary.
    const c = staircase([[0, 1], [0.8, 1], [0.903, 0.5], [1, 0.5]]);
    expect(c.soc.length).toBe(1 + 21 + 1);
    for (let k = 0; k < 21; k++) {
      const a = c.soc[1 + k];
      const b = c.soc[2 + k];
      expect(b - a).toBeCloseTo(0.103 / 21, 12);
      expect(c.frac[1 + k]).toBeCloseTo(1 - (0.5 * ((a + b) / 2 - 0.8)) / 0.103, 12);
    }
    expect(c.soc[22]).toBeCloseTo(0.903, 12);
    expect(c.frac[22]).toBe(0.5);
  });

  test('a piece shorter than a step is one step valued at its midpoint', () => {
    const c = staircase([[0, 1], [0.5, 1], [0.50390625, 0.5], [1, 0.5]]);
    expect([...c.soc]).toEqual([0, 0.5, 0.50390625]);
    expect([...c.frac]).toEqual([1, 0.75, 0.5]);
  });

  test('a rising piece works the same way', () => {
    const c = staircase([[0, 0.5], [0.01, 1], [1, 1]]);
    expect(c.soc.length).toBe(3);
    expect(c.frac[0]).toBeCloseTo(0.625, 12);
    expect(c.frac[1]).toBeCloseTo(0.875, 12);
    expect(c.frac[2]).toBe(1);
  });

  test('every step value lies between its piece end values', () => {
    const c = staircase([[0, 0.6], [0.1, 1], [0.7, 1], [0.9, 0.4], [1, 0.1]]);
    for (let i = 0; i < c.frac.length; i++) {
      expect(c.frac[i]).toBeGreaterThanOrEqual(0.1);
      expect(c.frac[i]).toBeLessThanOrEqual(1);
      if (i > 0) expect(c.soc[i]).toBeGreaterThan(c.soc[i - 1]);
    }
  });
});

describe('stepAt', () => {
  const c = staircase([[0, 1], [0.8, 1], [1, 0.25]]);
  test('finds the last step starting at or below s', () => {
    expect(stepAt(c, 0)).toBe(0);
    expect(stepAt(c, 0.5)).toBe(0);
    expect(stepAt(c, 0.79999)).toBe(0);
    expect(stepAt(c, c.soc[1])).toBe(1);
    expect(stepAt(c, (c.soc[1] + c.soc[2]) / 2)).toBe(1);
    expect(stepAt(c, c.soc[2])).toBe(2);
    expect(stepAt(c, 0.999)).toBe(40);
    expect(stepAt(c, 1)).toBe(40);
  });
  test('agrees with a linear scan everywhere', () => {
    for (let s = 0; s <= 1; s += 0.00123) {
      let expected = 0;
      for (let i = 0; i < c.soc.length; i++) if (c.soc[i] <= s) expected = i;
      expect(stepAt(c, s)).toBe(expected);
    }
  });
  test("a SoC a rounding below a step's computed start is on that step: 0.85 starts [0.85, 0.855)", () => {
    // 0.8 + 0.2 × 10 / 40 is 0.8500000000000001 in floating point.
    expect(c.soc[11]).toBeGreaterThan(0.85);
    expect(stepAt(c, 0.85)).toBe(11);
    expect(stepAt(c, 0.85 - 1e-9)).toBe(10);
  });
  test('a one-step curve has only step 0', () => {
    expect(stepAt(staircase([[0, 1], [1, 1]]), 0.7)).toBe(0);
  });
});
