import type { Scenario } from './types.js';
import { counted } from '../words.js';

/**
 * A note for each charger group that no truck type can use: none that arrives (a share above 0,
 * or any type of a trace, whose rows may name it) has the group's connector, or, for bays reserved
 * for some stop classes, makes such a stop. Valid input, but rarely meant: a phase two whose MCS
 * bays no type has `maxKw.MCS` for compares a hub without them, its bays standing empty.
 */
export function unusedBayNotes(s: Scenario): string[] {
  const arriving = s.fleet.filter((f) => f.share > 0 || s.arrivals.kind === 'trace');
  const notes: string[] = [];
  s.hub.chargers.forEach((g, i) => {
    const withConnector = arriving.filter((f) => f.maxKw[g.connector] !== undefined);
    if (withConnector.some((f) => g.reservedFor.includes(f.stop))) return;
    const bays = g.cabinets * g.baysPerCabinet;
    const why = withConnector.length === 0 ? `none has maxKw.${g.connector}` : `none with maxKw.${g.connector} makes a stop they are reserved for: ${g.reservedFor.join(', ')}`;
    const stand = bays === 1 ? 'it stands empty' : 'they stand empty';
    notes.push(`hub.chargers[${i}] (${g.id}): no truck type can use its ${counted(bays, `${g.connector} bay`)} (${why}), so ${stand}`);
  });
  return notes;
}
