// Weekly maintenance windows as minutes of the week: what the run's outage clocks are built from,
// and what tells a charger group that they keep out of service all week (a note of validate, and
// the run's message when trucks wait for such bays for ever).
import { minutesOfHours, WEEKDAYS, type ChargerGroup } from './types.js';

export const MIN_PER_WEEK = 10080;

/**
 * Whether a charger group's bays ever go out of service: it has failures or maintenance windows.
 * Takes the group as validated or as a run.json records it (a report reads the latter).
 */
export function groupHasOutages(g: { readonly failures?: unknown; readonly maintenance?: unknown }): boolean {
  return g.failures !== undefined || (Array.isArray(g.maintenance) && g.maintenance.length > 0);
}

/** A maintenance window that recurs every week. */
export type WeeklyWindow = { readonly weekday: (typeof WEEKDAYS)[number]; readonly startHour: number; readonly hours: number };

/** Minutes from Monday 00:00 to the start of a weekly window. */
export function weekMinute(w: WeeklyWindow): number {
  return WEEKDAYS.indexOf(w.weekday) * 1440 + minutesOfHours(w.startHour);
}

/** The indices of the charger groups whose weekly maintenance windows, together, cover the whole week: their bays are never in service. */
export function groupsNeverInService(chargers: readonly ChargerGroup[]): number[] {
  return chargers.flatMap((g, i) => {
    // Each weekly window as minutes of the week, wrapped at its end, then merged in order.
    const spans: [number, number][] = [];
    for (const w of g.maintenance) {
      if (!('weekday' in w)) continue;
      const start = weekMinute(w);
      const end = start + Math.min(minutesOfHours(w.hours), MIN_PER_WEEK);
      spans.push([start, Math.min(end, MIN_PER_WEEK)]);
      if (end > MIN_PER_WEEK) spans.push([0, end - MIN_PER_WEEK]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    let covered = 0; // [0, covered) lies inside some window
    for (const [start, end] of spans) if (start <= covered && end > covered) covered = end;
    return covered >= MIN_PER_WEEK ? [i] : [];
  });
}
