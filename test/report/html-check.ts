/**
 * Checks of a report page shared by the report tests: that it is well-formed, and that it
 * references nothing outside itself.
 */
import { XMLValidator } from 'fast-xml-parser';
import { parse } from 'parse5';

/**
 * Problems with `html` as a document, empty for a well-formed page: the errors parse5 (the WHATWG
 * algorithm browsers use) reports while tokenizing, and, since parse5 does not report misnested
 * or unclosed elements, whatever makes the page not well-formed XML (the report writes void
 * elements self-closed so that it is).
 */
export function parseErrors(html: string): string[] {
  const errors: string[] = [];
  parse(html, { sourceCodeLocationInfo: true, onParseError: (e) => errors.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
  const xml = XMLValidator.validate(html);
  if (xml !== true) errors.push(`${xml.err.code} at ${xml.err.line}:${xml.err.col}: ${xml.err.msg}`);
  return errors;
}

/** Everything in `html` that would make a browser fetch or run something: empty for a self-contained page. */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/https?:[^\s"'<>)]*/gi)) found.push(m[0]);
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) found.push(m[0]);
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) found.push(m[0]);
  for (const m of html.matchAll(/<(img|iframe|object|embed|image|use)\b[^>]*\b(src|href|data)="(?!#)[^"]*"/gi)) found.push(m[0]);
  for (const m of html.matchAll(/@import|@font-face/gi)) found.push(m[0]);
  for (const m of html.matchAll(/url\((?!#)[^)]*\)/gi)) found.push(m[0]);
  return found;
}

/** Ids that occur more than once in `html`. */
export function duplicateIds(html: string): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const m of html.matchAll(/\sid="([^"]+)"/g)) (seen.has(m[1]) ? dup : seen).add(m[1]);
  return [...dup];
}
