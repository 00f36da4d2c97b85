/**
 * A report page checked by axe-core against WCAG 2.1 levels A and AA, in the browser that has it
 * open. Shared by the report's browser test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * axe-core's own rule tags for WCAG 2.0 and 2.1, levels A and AA, and its best practices, which
 * guard what WCAG leaves to judgement: content inside landmarks, headings in order, one main.
 */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

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
 * The WCAG 2.1 A and AA violations (and breaches of best practice) axe-core finds on `page` as it is now (its size, what is open),
 * one line per rule and element: rule id, impact, the element's selector, the help text and
 * what to fix. Empty for a page that passes.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(
    (tags) => (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Violation[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations),
    AXE_TAGS,
  );
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}) at ${JSON.stringify(n.target)}: ${v.help} (${v.helpUrl})\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
  );
}

/**
 * The text drawn in the page's charts that reads at less than 4.5:1 on the charts' white (WCAG
 * 1.4.3), one line per text: its colour, its ratio and what it says. axe-core leaves the contrast
 * of text inside an SVG undecided, since it cannot tell what lies behind it; the charts' background
 * is white, and no text of ours is drawn over a mark.
 */
export async function lowContrastChartText(page: Page): Promise<string[]> {
  const texts = await page.$$eval('figure.chart svg text', (els) =>
    els
      .filter((t) => (t.textContent ?? '').trim() !== '' && (t as SVGTextElement).getBoundingClientRect().width > 0)
      .map((t) => {
        const style = getComputedStyle(t);
        return { text: t.textContent ?? '', fill: style.fill, stroke: style.stroke, opacity: Number(style.opacity) * Number(style.fillOpacity) };
      }),
  );
  // A rule's label sits on a halo: the same text in the background's white, stroked wider in it, under
  // the label. It is not text to read, and the label over it is checked as it is.
  const halo = (t: { fill: string; stroke: string }) => t.fill === 'rgb(255, 255, 255)' && t.stroke === 'rgb(255, 255, 255)';
  // Vega hides a tick label that would overlap its neighbour by drawing it at opacity 0.
  return texts.filter((t) => t.opacity > 0 && !halo(t)).flatMap(({ text, fill, opacity }) => {
    const rgb = fill.match(/^rgb\((\d+), (\d+), (\d+)\)$/);
    if (!rgb) return [`${fill} (not a plain colour): ${text}`];
    // Drawn at an opacity below 1, the text's colour is mixed with the white behind it.
    const lin = rgb.slice(1).map((c) => {
      const v = (Number(c) * opacity + 255 * (1 - opacity)) / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    const ratio = 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05);
    return ratio < 4.5 ? [`${fill} at opacity ${opacity}, ${ratio.toFixed(2)}:1: ${text}`] : [];
  });
}
