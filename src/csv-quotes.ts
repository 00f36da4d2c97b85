import { show, type InputIssue } from './errors.js';

/**
 * csv-parse's error for a quote out of place, as the issue a person editing the file can act on, at
 * `at` (the file and its line or row), with the column where the parser knew it (not for a quote
 * left open to the file's end). csv-parse's own words ("Invalid Opening Quote: a quote is found on
 * field 1", counting from 0, "... instead of delimiter, record delimiter, trimable character (if
 * activated) or comment") name its options rather than the fix. `columnName`: a column's name by
 * its index, where the caller reads the header itself (csv-parse names it only when it keys rows by
 * the header). Undefined for any other error, which the caller words in its own file's terms.
 */
export function quoteIssue(err: unknown, at: string, columnName?: (index: number) => string | undefined): InputIssue | undefined {
  const e = err as { code?: unknown; index?: unknown; column?: unknown; field?: unknown; message?: unknown };
  if (e?.code === 'CSV_QUOTE_NOT_CLOSED') return { path: at, expected: 'must close every quote it opens', found: 'a quote still open at the end of the file' };
  if (e?.code !== 'INVALID_OPENING_QUOTE' && e?.code !== 'CSV_INVALID_CLOSING_QUOTE' && e?.code !== 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') return undefined;
  const index = typeof e.index === 'number' ? e.index : undefined;
  const column = index === undefined ? undefined : (columnName?.(index) ?? (typeof e.column === 'string' ? e.column : String(index + 1)));
  const path = column === undefined ? at : `${at}, column ${column}`;
  if (e.code === 'INVALID_OPENING_QUOTE') {
    return { path, expected: 'must quote a cell from its first character or not at all (a quote within a quoted cell is written twice: "a""b")', found: `a quote after ${show(String(e.field ?? ''))}` };
  }
  const after = /got "(.*)" at line/.exec(String(e.message))?.[1];
  return { path, expected: "must follow a cell's closing quote with a comma or the line's end", found: after === undefined ? 'more after it' : `${show(after)} after it` };
}
