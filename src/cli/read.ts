import { parse } from 'csv-parse/sync';
import { readBoundedText } from '../bounded-read.js';
import { InputError, show, type InputIssue } from '../errors.js';
import { METRIC_NAMES, type Metrics } from '../model/metrics.js';

/** Largest table a merge reads from a slice (replications, breakdown states). */
export const TABLE_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Reads a CSV table that hubsim wrote into a slice (replications.csv, breakdowns.csv), checking what
 * every such table must be before its rows are: readable and bounded, LF line ends, valid CSV, and
 * exactly the header `columns`. Returns its records, the header first, or undefined after recording
 * the problem in `issues`.
 */
export function readCsvTable(file: string, what: string, columns: readonly string[], issues: InputIssue[]): string[][] | undefined {
  let text: string;
  try {
    text = readBoundedText(file, what, TABLE_MAX_BYTES);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    issues.push(...err.issues);
    return undefined;
  }
  const cr = text.indexOf('\r');
  if (cr >= 0) {
    issues.push({ path: `${file} line ${text.slice(0, cr).split('\n').length}`, expected: 'must end lines with LF, as hubsim writes them', found: 'CRLF' });
    return undefined;
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true });
  } catch (err) {
    issues.push({ path: file, expected: 'must be valid CSV', found: (err as Error).message });
    return undefined;
  }
  const header = (records[0] ?? []).join(',');
  if (header !== columns.join(',')) {
    issues.push({ path: `${file} line 1`, expected: `must be the header ${columns.join(',')}`, found: show(header) });
    return undefined;
  }
  return records;
}

/** A number as hubsim writes one into a CSV (no `Infinity`, `NaN`, hex or spaces). */
export const CSV_NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * One row's metric columns, in METRIC_NAMES order, as a table a slice holds writes them: a finite
 * number, or nothing for an undefined metric (NaN). `bad` hears of every other value.
 */
export function metricsOf(values: readonly string[], bad: (expected: string, found: string) => void): Metrics {
  const metrics = {} as Metrics;
  values.forEach((v, j) => {
    if (v !== '' && !(CSV_NUMBER.test(v) && Number.isFinite(Number(v)))) bad(`must have a finite number or nothing in column ${METRIC_NAMES[j]}`, v);
    metrics[METRIC_NAMES[j]] = v === '' ? NaN : Number(v);
  });
  return metrics;
}
