import { parse } from 'csv-parse/sync';
import { closest } from 'fastest-levenshtein';
import { show, type InputIssue } from '../errors.js';
import type { TraceRow } from './types.js';

/** Trace columns and the range each value must lie in. */
const COLUMNS = {
  arrival_min: { key: 'arrivalMin', min: 0, max: Infinity },
  fleet: { key: 'fleet', min: 0, max: 0 },
  soc_in: { key: 'socIn', min: 0, max: 1 },
  target_soc: { key: 'targetSoc', min: 0, max: 1 },
  energy_kwh: { key: 'energyKwh', min: 0, max: Infinity },
  break_min: { key: 'breakMin', min: 0, max: Infinity },
  patience_min: { key: 'patienceMin', min: 0, max: Infinity },
} as const;
type Column = keyof typeof COLUMNS;

/**
 * Parses a trace CSV (header row; `arrival_min` required; other columns optional overrides).
 * Returns rows sorted by arrival time, stable among equal times, plus every problem found, each
 * located as `<where> line N, column C`. `fleetNames` are the scenario's truck types.
 */
export function parseTrace(text: string, where: string, fleetNames: readonly string[]): { rows: TraceRow[]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  let records: string[][];
  let lines: number[];
  try {
    // `info` gives each record's line in the file, which blank lines would otherwise shift.
    const parsed = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: false, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return { rows: [], issues: [{ path: `${where}${e.lines ? ` line ${e.lines}` : ''}`, expected: 'must be valid CSV', found: e.message }] };
  }
  if (records.length === 0) return { rows: [], issues: [{ path: where, expected: 'must have a header row with arrival_min', found: 'an empty file' }] };
  const header = records[0];
  const known = Object.keys(COLUMNS);
  header.forEach((name, i) => {
    if (!(name in COLUMNS)) {
      const guess = closest(name, known);
      issues.push({ path: `${where} column ${i + 1}`, expected: `must be one of ${known.join(', ')} (did you mean "${guess}"?)`, found: show(name) });
    }
  });
  if (!header.includes('arrival_min')) issues.push({ path: `${where} header`, expected: 'must include arrival_min', found: show(header.join(',')) });
  if (issues.length > 0) return { rows: [], issues };

  const rows: TraceRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const row: Record<string, number | string> = {};
    const line = lines[r];
    header.forEach((name, i) => {
      const cell = records[r][i];
      if (cell === '') {
        if (name === 'arrival_min') issues.push({ path: `${where} line ${line}, column ${name}`, expected: 'is required', found: 'an empty cell' });
        return;
      }
      const spec = COLUMNS[name as Column];
      if (name === 'fleet') {
        if (!fleetNames.includes(cell)) {
          issues.push({ path: `${where} line ${line}, column fleet`, expected: `must be one of the fleet's names: ${fleetNames.join(', ')}`, found: show(cell) });
        }
        row[spec.key] = cell;
        return;
      }
      const value = Number(cell);
      if (!Number.isFinite(value) || value < spec.min || value > spec.max) {
        const range = spec.max === Infinity ? `>= ${spec.min}` : `in [${spec.min}, ${spec.max}]`;
        issues.push({ path: `${where} line ${line}, column ${name}`, expected: `must be a number ${range}`, found: show(cell) });
        return;
      }
      row[spec.key] = value;
    });
    rows.push(row as unknown as TraceRow);
  }
  // Stable sort: rows with equal arrival times keep their file order, which breaks the tie.
  rows.sort((a, b) => a.arrivalMin - b.arrivalMin);
  return { rows, issues };
}
