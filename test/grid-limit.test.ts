/** The grid limit by hour of the week: the value in force, when it next changes, its mean and largest value over a span. */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { SimulationError } from '../src/errors.js';
import { GridLimit } from '../src/model/grid-limit.js';
import { csv, observe, rawWith, traceScenario } from './helpers/scenarios.js';

/** Monday 08:00–18:00 at 500 kW, every other hour 1000 kW. */
function mondayDay(): number[] {
  return Array.from({ length: 168 }, (_, h) => (h >= 8 && h < 18 ? 500 : 1000));
}

describe('GridLimit', () => {
  test('the value in force: hour of the week from Monday 00:00, repeating every week', () => {
    const g = new GridLimit(mondayDay());
    expect([g.at(0), g.at(479.999), g.at(480), g.at(1079.5), g.at(1080), g.at(10080 + 600), g.at(2 * 10080 + 1079)]).toEqual([
      1000, 1000, 500, 500, 1000, 500, 500,
    ]);
    expect([g.least, g.most]).toEqual([500, 1000]);
  });

  test('the next change: the next hour boundary where the value differs, across the week end', () => {
    const g = new GridLimit(mondayDay());
    expect(g.nextChange(0)).toBe(480);
    expect(g.nextChange(480)).toBe(1080); // at a change itself: the one after
    expect(g.nextChange(700)).toBe(1080);
    expect(g.nextChange(1080)).toBe(10080 + 480); // next Monday 08:00
    expect(g.nextChange(5 * 10080 + 2000)).toBe(6 * 10080 + 480);
    expect(new GridLimit(new Array(168).fill(800)).nextChange(123)).toBe(Infinity);
  });

  test('mean and largest over spans, exact where the limit holds throughout', () => {
    const g = new GridLimit(mondayDay());
    expect(g.mean(480, 495)).toBe(500);
    expect(g.mean(0, 480)).toBe(1000);
    expect(g.mean(450, 510)).toBe(750); // 30 min each side of 08:00
    expect(g.largest(450, 510)).toBe(1000);
    expect(g.largest(480, 1080)).toBe(500);
    expect(g.largest(480, 1081)).toBe(1000);
    // A window of three weeks: each week 10 h at 500 and 158 h at 1000.
    expect(g.mean(0, 3 * 10080)).toBeCloseTo((10 * 500 + 158 * 1000) / 168, 9);
    expect(g.largest(0, 3 * 10080)).toBe(1000);
    const flat = new GridLimit(new Array(168).fill(1234.5));
    expect(flat.mean(17.25, 50 * 10080 + 3)).toBe(1234.5);
  });

  test('a span of more than a week whose ends sit at the same value still averages the hours between', () => {
    // Monday 00:00 to the next Monday 01:00: a whole week (10 h at 500, 158 h at 1000) and one more hour at 1000.
    const g = new GridLimit(mondayDay());
    expect(g.mean(0, 10080 + 60)).toBeCloseTo((10 * 500 + 159 * 1000) / 169, 9);
    expect(g.mean(30, 2 * 10080 + 30)).toBeCloseTo((10 * 500 + 158 * 1000) / 168, 9);
  });

  test('mean and largest agree with summing minute by minute', () => {
    const values = fc.array(fc.constantFrom(0, 300, 650, 1000), { minLength: 168, maxLength: 168 });
    const span = fc.tuple(fc.integer({ min: 0, max: 3 * 10080 }), fc.integer({ min: 1, max: 2 * 10080 + 500 }));
    fc.assert(
      fc.property(values, span, (week, [from, length]) => {
        const g = new GridLimit(week);
        let sum = 0;
        let most = -Infinity;
        for (let t = from; t < from + length; t++) {
          const v = week[Math.floor(t / 60) % 168];
          sum += v;
          most = Math.max(most, v);
        }
        expect(g.mean(from, from + length)).toBeCloseTo(sum / length, 6);
        expect(g.largest(from, from + length)).toBe(most);
      }),
      { numRuns: 200 },
    );
  });

  test('needs 168 values', () => {
    expect(() => new GridLimit(new Array(24).fill(1))).toThrow(SimulationError);
  });
});

describe('a limit given hour by hour, past the horizon', () => {
  // One truck arrives just before the horizon, charges 45 minutes and, leaving at its break's end,
  // stays for the rest of its two-hour break:
  // its departure, at 1,550, is the last thing that happens. The limit next changes at 07:00 of the
  // next day (1,860), long after.
  const byHour = [1000, 1000, 1000, 1000, 1000, 1000, 1000, ...Array(12).fill(500), 1000, 1000, 1000, 1000, 1000];
  const run = (gridKw: unknown) => {
    const raw = rawWith({ hub: { gridKw }, behaviour: { breakMin: 120, leave: 'breakEnd' } });
    return observe(traceScenario(raw, csv(['arrival_min'], [[1430]])));
  };

  test('does not keep the run going to its next change once the trucks have unplugged', () => {
    const constant = run(1000);
    const hourly = run({ byHour });
    expect(hourly.sessions.map((s) => s.departMin)).toEqual([1550]);
    expect(hourly.result.endMin).toBe(constant.result.endMin);
    expect(hourly.intervals.map((p) => p.startMin)).toEqual(constant.intervals.map((p) => p.startMin));
    expect(hourly.intervals.at(-1)!.startMin).toBeLessThan(1550);
  });
});
