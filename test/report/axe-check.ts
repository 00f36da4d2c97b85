/**
 * A report page checked by axe-core against WCAG 2.1 levels A and AA, in the browser that has it
 * open. Shared by the report's browser test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** axe-core's own rule tags for WCAG 2.0 and 2.1, levels A and AA. */
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The page's Content-Security-Policy forbids every script, an injected <script> too; what
// playwright evaluates is not the page's and runs all the same.
const AXE = readFileSync(createRequire(join(process.cwd(), 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe reports of one failing rule. */
interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * The WCAG 2.1 A and AA violations axe-core finds on `page` as it is now (its size, what is open),
 * one line per rule and element: rule id, impact, the element's selector, the help text and
 * what to fix. Empty for a page that passes.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(
    (tags) => (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Violation[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations),
    WCAG21_AA,
  );
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}) at ${JSON.stringify(n.target)}: ${v.help} (${v.helpUrl})\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
  );
}
