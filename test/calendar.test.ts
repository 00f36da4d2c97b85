import { describe, expect, test } from '@jest/globals';
import { EventCalendar } from '../src/engine/calendar.js';

describe('EventCalendar', () => {
  test('pops in time order, then priority, then insertion order', () => {
    const cal = new EventCalendar(2);
    cal.schedule(5, 1, 50);
    cal.schedule(1, 2, 10, 3);
    cal.schedule(1, 3, 11, 1);
    cal.schedule(1, 4, 12, 1);
    cal.schedule(0, 5, 0);
    const log: [number, number, number][] = [];
    cal.run((kind, data, now) => log.push([now, kind, data]));
    expect(log).toEqual([
      [0, 5, 0],
      [1, 3, 11],
      [1, 4, 12],
      [1, 2, 10],
      [5, 1, 50],
    ]);
  });

  test('stops at `until` and keeps later events', () => {
    const cal = new EventCalendar();
    for (const t of [3, 1, 2, 10]) cal.schedule(t, 0, t);
    expect(cal.run(() => {}, 5)).toBe(3);
    expect(cal.now).toBe(3);
    expect(cal.peekTime()).toBe(10);
  });

  test('refuses events in the past', () => {
    const cal = new EventCalendar();
    cal.schedule(2, 0);
    cal.pop();
    expect(() => cal.schedule(1, 0)).toThrow(RangeError);
  });

  test('matches a sort on many random keys', () => {
    const cal = new EventCalendar(1);
    let x = 12345;
    const keys: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const t = x % 100;
      keys.push([t, i]);
      cal.schedule(t, 0, i);
    }
    keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const out: number[] = [];
    while (cal.pop()) out.push(cal.data);
    expect(out).toEqual(keys.map((k) => k[1]));
  });

  test('an event due exactly at `until` is handled; one just after it is kept', () => {
    const cal = new EventCalendar();
    cal.schedule(5, 1);
    cal.schedule(5 + 1e-9, 2);
    expect(cal.run(() => {}, 5)).toBe(1);
    expect(cal.now).toBe(5);
    expect(cal.kind).toBe(1);
    expect(cal.peekKind()).toBe(2);
  });

  test('refuses an event at NaN, which compares false with every time', () => {
    const cal = new EventCalendar();
    expect(() => cal.schedule(NaN, 0)).toThrow(RangeError);
    expect(cal.size).toBe(0);
  });

  test('peekKind is -1 and peekTime Infinity when nothing is pending, before and after events ran', () => {
    const cal = new EventCalendar();
    expect(cal.peekKind()).toBe(-1);
    expect(cal.peekTime()).toBe(Infinity);
    cal.schedule(1, 7);
    expect(cal.peekKind()).toBe(7);
    cal.pop();
    expect(cal.peekKind()).toBe(-1);
    expect(cal.peekTime()).toBe(Infinity);
  });
});
