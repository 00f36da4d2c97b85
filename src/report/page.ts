// A report as a document (headed sections of paragraphs, tables and charts) and its rendering to
// one self-contained HTML page: CSS inlined, charts as inline SVG, no script, nothing fetched.
// Every report kind builds a ReportDoc; this file is the only place that writes HTML.
import type { TopLevelSpec } from 'vega-lite';
import { SimulationError } from '../errors.js';
import { escapeHtml } from './format.js';
import { renderSvg, vegaVersions } from './render.js';

/**
 * Inline text: plain, `code` (a file, field or metric name) or strong; strong with `mark`, in the
 * colour of a table's mark column, for a note that shows the mark it explains.
 */
export type Inline = string | { readonly code: string } | { readonly strong: string; readonly mark?: boolean };

/**
 * A table cell: text, or text with a muted second line, right-aligned when numeric; `said`, what a
 * screen reader reads instead of the text (a mark column's ● as "yes", its empty cell as "no").
 */
export type Cell = string | { readonly text: Inline | readonly Inline[]; readonly sub?: Inline | readonly Inline[]; readonly num?: boolean; readonly mark?: boolean; readonly said?: string };

/**
 * What a section holds, in page order: a paragraph, a table (named by the heading it stands under),
 * a chart with its numbers for a screen reader, a sub-heading, a command line (one that reproduces
 * the run), or text folded away under its summary (a scenario's JSON).
 */
export type Block =
  | { readonly kind: 'paragraph'; readonly text: readonly Inline[] }
  | { readonly kind: 'table'; readonly head: readonly Cell[]; readonly rows: readonly (readonly Cell[])[]; readonly note?: readonly Inline[] }
  | { readonly kind: 'chart'; readonly id: string; readonly spec: TopLevelSpec; readonly caption: readonly Inline[]; readonly data: ChartData }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'command'; readonly text: string }
  | { readonly kind: 'source'; readonly summary: string; readonly text: string };

/**
 * A chart's numbers for a reader who cannot see it (a screen reader meets the chart as one named
 * image): a table of the values it plots, folded away under the chart, or, where a table on the
 * page already holds those very numbers, a link to it. Each row's first cell names the row.
 */
export type ChartData =
  | { readonly kind: 'table'; readonly head: readonly Cell[]; readonly rows: readonly (readonly Cell[])[]; readonly note?: readonly Inline[] }
  | { readonly kind: 'see'; readonly target: string; readonly link: string; readonly rest: readonly Inline[] };

/** A top-level section, listed in the page's contents. */
export interface Section {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** A whole report: what the page's header says, then its sections. */
export interface ReportDoc {
  readonly title: string;
  /** Free text under the title (the scenario's description). */
  readonly lede: readonly string[];
  /** Label–value pairs in the header: seed, replications, version. */
  readonly facts: readonly (readonly [string, string])[];
  readonly sections: readonly Section[];
  /** hubsim's version, for the colophon: the one that wrote the results. */
  readonly generator: string;
  /** Whether run.json names no version (a folder of an earlier hubsim): `generator` is then the one drawing the page. */
  readonly unversioned?: boolean;
}

/**
 * Renders every chart of `doc` to SVG and returns the page's HTML. Deterministic: the same
 * document always gives the same bytes. Throws if a chart's spec is rejected by vega-lite.
 */
export async function renderReport(doc: ReportDoc): Promise<string> {
  const svgs = new Map<string, string>();
  for (const section of doc.sections) {
    for (const block of section.blocks) {
      if (block.kind === 'chart') svgs.set(block.id, (await renderSvg(block.spec, figureId(block.id))).svg);
    }
  }
  return pageHtml(doc, svgs, await vegaVersions());
}

/** The charts of a document, in page order. */
export function charts(doc: ReportDoc): Extract<Block, { kind: 'chart' }>[] {
  return doc.sections.flatMap((s) => s.blocks.filter((b): b is Extract<Block, { kind: 'chart' }> => b.kind === 'chart'));
}

/** The page's HTML for a document whose charts are already rendered (`svgs` by chart id). */
export function pageHtml(doc: ReportDoc, svgs: ReadonlyMap<string, string>, versions: { vega: string; vegaLite: string }): string {
  const out: string[] = [];
  // Void elements are self-closed, so the page is well-formed XML as well as HTML.
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8" />');
  // The page may load nothing: no script, no font, no image from anywhere. Styles are inline.
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1" />');
  out.push(`<meta name="generator" content="hubsim ${escapeHtml(doc.generator)}" />`);
  out.push(`<title>${escapeHtml(doc.title)} · hubsim report</title>`, `<style>${CSS}</style>`, '</head>', '<body>', '<div class="page">');
  // The header, the contents and the footer sit beside <main>, not in it, so that a screen reader's
  // landmarks list them as the page's banner, navigation and content information, and <main> holds
  // only the sections.
  out.push('<header>', `<p class="kicker">hubsim report</p>`, `<h1>${escapeHtml(doc.title)}</h1>`);
  for (const line of doc.lede) out.push(`<p class="lede">${escapeHtml(line)}</p>`);
  out.push('<dl class="facts">');
  for (const [label, value] of doc.facts) out.push(`<div><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`);
  out.push('</dl>', '</header>');
  out.push('<nav class="toc" aria-label="Contents"><ol>');
  for (const s of doc.sections) out.push(`<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`);
  out.push('</ol></nav>', '<main>');
  for (const s of doc.sections) {
    out.push(`<section id="${escapeHtml(s.id)}">`, `<h2>${escapeHtml(s.title)}</h2>`);
    // A table is named by the heading it stands under: the section's, or the last <h3> before it.
    let heading = s.title;
    for (const b of s.blocks) {
      if (b.kind === 'heading') heading = b.text;
      out.push(blockHtml(b, svgs, heading));
    }
    out.push('</section>');
  }
  out.push(
    '</main>',
    '<footer>',
    `<p>${doc.unversioned ? `Made by hubsim ${escapeHtml(doc.generator)} from the CSV files and <code>run.json</code> of the output folder, written by an earlier hubsim that run.json does not name` : `Made from the CSV files and <code>run.json</code> of the output folder, results of hubsim ${escapeHtml(doc.generator)}`}; charts by Vega-Lite ${escapeHtml(versions.vegaLite)} and Vega ${escapeHtml(versions.vega)}, drawn when the report was written. Unless a caption says otherwise, intervals are 95 % confidence intervals over replications; bands span the lowest to the highest replication.</p>`,
    '</footer>',
  );
  out.push('</div>', '</body>', '</html>', '');
  return out.join('\n');
}

function blockHtml(b: Block, svgs: ReadonlyMap<string, string>, heading: string): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${inlineHtml(b.text)}</p>`;
    case 'heading':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'command': {
      const screen = `<pre class="command"${SCROLLS}><code>${escapeHtml(b.text)}</code></pre>`;
      const printed = printedCommand(b.text);
      return printed === undefined ? screen : `${screen}\n<pre class="command printed" aria-hidden="true"><code>${escapeHtml(printed)}</code></pre>`;
    }
    case 'source':
      return `<details><summary>${escapeHtml(b.summary)}</summary><pre${SCROLLS}><code>${escapeHtml(b.text)}</code></pre></details>`;
    case 'table':
      // A table of many columns is printed on a page of its own turned to landscape, its note with it.
      return tableHtml(b, heading, { wide: b.head.length > WIDE_COLUMNS });
    case 'chart': {
      const svg = svgs.get(b.id);
      if (svg === undefined) throw new SimulationError(`chart ${b.id} was not rendered`);
      const name = (b.spec as { description?: string }).description;
      // The chart in a box of its own that scrolls sideways on a narrow screen (see the CSS), a
      // region reached from the keyboard as a table's box is, named "Chart: " and what it shows:
      // its data's table is a region named as the chart is, and two alike are one to a screen reader.
      const figure = `<figure id="${escapeHtml(figureId(b.id))}" class="chart">\n<div class="chart-box"${scrollRegion(`Chart: ${name ?? heading}`)}>\n${svg}\n</div>\n<figcaption>${inlineHtml(b.caption)}</figcaption>\n</figure>`;
      return `${figure}\n${chartDataHtml(b.data, name)}`;
    }
  }
}

/** The summary of a chart's folded data table, and the words before a link to the table that holds its numbers. */
const CHART_DATA = 'The chart\u2019s data';

/**
 * A chart's data, right after its figure: a closed <details> holding a table captioned with the
 * chart's name, whose rows are headed by their first cell, so that a screen reader moving along a
 * row or down a column names both; or a line linking to the table that already holds the numbers.
 * Its cells are right-aligned by the stylesheet, not by a class on each: the load-duration curve
 * alone has over 400 of them.
 */
function chartDataHtml(d: ChartData, name: string | undefined): string {
  if (d.kind === 'see') return `<p class="chart-data">${CHART_DATA}: <a href="#${escapeHtml(d.target)}">${escapeHtml(d.link)}</a>${inlineHtml(d.rest)}</p>`;
  // A chart with nothing to draw (a wait curve where no truck arrived) says so; a table of headings
  // alone would have a screen reader announce a table and then read nothing in it.
  if (d.rows.length === 0) return `<p class="chart-data">${CHART_DATA}: none, as nothing is drawn.</p>`;
  return `<details class="chart-data"><summary>${CHART_DATA}</summary>\n${tableHtml(d, name ?? CHART_DATA, { caption: name })}</details>`;
}

/**
 * A table in its box (see scrollRegion, named `region`), with its note: `wide` for a table printed
 * on a landscape page, and a `caption`. Every table's first cell names its row (a metric, a design,
 * an input, an hour), so it heads the row: a screen reader moving down a column of numbers says
 * which row each one is.
 */
function tableHtml(t: { readonly head: readonly Cell[]; readonly rows: readonly (readonly Cell[])[]; readonly note?: readonly Inline[] }, region: string, { wide = false, caption }: { wide?: boolean; caption?: string }): string {
  // A heading that is a phrase wraps: held on one line, the sizing answer's "Smallest less the next
  // value down, paired (95 % interval)" pushed its column and the next out of the page's width.
  const head = t.head.map((c) => cellHtml(c, 'th', plainLength(c) > PHRASE_CHARS ? 'phrase' : '')).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? cellHtml(c, 'th').replace(/^<th/, '<th scope="row"') : cellHtml(c, 'td'))).join('')}</tr>`).join('\n');
  const named = caption ? `<caption>${escapeHtml(caption)}</caption>\n` : '';
  const note = t.note ? `\n<p class="note">${inlineHtml(t.note)}</p>` : '';
  // A long table may break across printed pages, its head repeated on each: kept whole, a table of
  // 30 designs or inputs left most of the page before it blank, or ran off the foot of a page.
  const long = t.rows.length > LONG_ROWS ? ' class="long"' : '';
  return `<div class="table-wrap${wide ? ' wide' : ''}"${scrollRegion(region)}><table${long}>\n${named}<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>${note}</div>`;
}

/**
 * What a box that may scroll sideways (a table or a long line of code, wider than a phone's screen
 * or, with many columns, than any) carries so that it is reached from the keyboard: in the tab
 * order, arrow keys then scroll it (WCAG 2.1.1). Every such box carries it, whether or not it
 * scrolls at the width the page is read at, which the page cannot know without a script.
 */
const SCROLLS = ' tabindex="0"';

/** The widest line of a printed command, its ` \` included: what A4's text width holds in its monospace. */
const PRINTED_COMMAND_CHARS = 72;

/**
 * A command as it is printed, where it is too long for one line of the page: broken between its
 * words, each line but the last ended by ` \`, so that one copied from a PDF runs as one command in
 * a POSIX shell. Left to the browser, the line broke after an option's `--` or at a space, and each
 * line copied was then a command of its own. Undefined where the command fits on one line. (On
 * screen the command stays one line, in a box that scrolls.)
 */
export function printedCommand(text: string): string | undefined {
  if (text.length <= PRINTED_COMMAND_CHARS) return undefined;
  // The shell's words: a quoted path (as `shellWord` writes one) is one word, its spaces too.
  const words = text.match(/(?:"[^"]*"|'[^']*'|\\.|[^\s'"\\])+/g) ?? [text];
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length + 2 > PRINTED_COMMAND_CHARS) {
      lines.push(line);
      line = `  ${w}`;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  lines.push(line);
  return lines.join(' \\\n');
}

/**
 * A table's box as such a box, and, since a focused box is announced by its role and name, as a
 * region named as its table is (`name`: the heading it stands under, or the chart whose data it is).
 */
function scrollRegion(name: string): string {
  return ` role="region" aria-label="${escapeHtml(name)}"${SCROLLS}`;
}

// Figures get their own id space, so a chart may share its name with a section.
function figureId(chartId: string): string {
  return `fig-${chartId}`;
}

function cellHtml(c: Cell, tag: 'td' | 'th', extra = ''): string {
  if (typeof c === 'string') return `<${tag}${extra ? ` class="${extra}"` : ''}>${escapeHtml(c)}</${tag}>`;
  const cls = [c.num ? 'num' : '', c.mark ? 'mark' : '', extra].filter(Boolean).join(' ');
  // A heading's field path may break after its dots (a printed table's columns are narrow).
  const shown = inlineHtml(inlines(c.text), tag === 'th');
  const text = c.said === undefined ? shown : `<span aria-hidden="true">${shown}</span><span class="sr">${escapeHtml(c.said)}</span>`;
  const sub = c.sub === undefined ? '' : `<span class="sub">${inlineHtml(inlines(c.sub))}</span>`;
  return `<${tag}${cls ? ` class="${cls}"` : ''}>${text}${sub}</${tag}>`;
}

/** Headings longer than this many characters wrap (see tableHtml). */
const PHRASE_CHARS = 32;

/** How many characters a cell's text shows. */
function plainLength(c: Cell): number {
  if (typeof c === 'string') return c.length;
  return inlines(c.text).reduce((n, i) => n + (typeof i === 'string' ? i.length : 'code' in i ? i.code.length : i.strong.length), 0);
}

function inlines(x: Inline | readonly Inline[]): readonly Inline[] {
  return Array.isArray(x) ? (x as readonly Inline[]) : [x as Inline];
}

function inlineHtml(parts: readonly Inline[], breakAtDots = false): string {
  const code = (text: string) => (breakAtDots ? escapeHtml(text).replace(/\./g, '.<wbr />') : escapeHtml(text));
  return parts.map((p) => (typeof p === 'string' ? escapeHtml(p) : 'code' in p ? `<code>${code(p.code)}</code>` : `<strong${p.mark ? ' class="mark"' : ''}>${escapeHtml(p.strong)}</strong>`)).join('');
}

/** More rows than this and a printed table may break across pages (it is kept whole up to this many, about a third of a page). */
const LONG_ROWS = 12;

/** More columns than this and a table prints on a landscape page (at .7rem, about eight fit across a portrait A4 or Letter page). */
const WIDE_COLUMNS = 8;

// Light, print-friendly, system fonts, sized in rem so that the browser's text size applies to the
// page's text. Figures scale down on narrow screens, but not below 48rem (768 px at 16 px text),
// where a chart's ticks and legend would be too small to read: a phone scrolls them sideways, and a
// page zoomed to 200 % draws its charts' text 1.6 to 1.9 times as large (it shrank with the chart,
// and barely grew). On paper a chart is at most the page's width. A heading right before a wide
// table goes to the table's landscape page with it, not alone at the foot of the page before; the
// footer after one stays on its landscape page where it fits (it went to a portrait page of its
// own); and a paragraph leading into a command (the Inputs' "To reproduce these results, run this")
// goes to the command's page with it.
// On paper the scenario file is printed whole: a closed <details> would print only its summary, and
// a printed page has nothing to click or scroll, so long lines wrap rather than run off its edge.
// A chart's data sits close under its caption, whose figure's margin it takes back. It is left off
// paper: the chart is printed with its caption, and its table's rows (a hundred for the
// load-duration curve) would add pages the chart already shows. Links in the text are underlined:
// their colour alone stands out from the text around them by about 3:1, which WCAG counts as a cue
// only with another one beside it.
const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --rule: #d0d7de; --faint: #eaeef2; --accent: #0072B2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--fg); font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 62rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
header { border-bottom: 1px solid var(--rule); padding-bottom: 1.25rem; }
.kicker { margin: 0; color: var(--muted); font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; }
h1 { font-size: 2rem; line-height: 1.2; margin: .2rem 0 .6rem; overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 3rem 0 1rem; padding-top: .5rem; }
h3 { font-size: 1.05rem; margin: 2rem 0 .5rem; }
p { margin: .5rem 0 1rem; max-width: 46rem; }
.lede { font-size: 1.05rem; color: #333; overflow-wrap: anywhere; }
dl.facts { display: flex; flex-wrap: wrap; gap: .75rem 2.25rem; margin: 1.25rem 0 0; }
dl.facts div { min-width: 6rem; }
dt { color: var(--muted); font-size: .75rem; letter-spacing: .05em; text-transform: uppercase; }
dd { margin: .1rem 0 0; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
nav.toc { margin: 1.5rem 0 0; font-size: .9rem; }
nav.toc ol { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; margin: 0; padding: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover, main a { text-decoration: underline; text-underline-offset: .15em; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .85em; }
/* Positioned, so that a cell's screen-reader text (.sr, placed absolutely) is held by the box's scrolling, not the page's. */
.table-wrap { overflow-x: auto; position: relative; }
/* A wide table (a sweep's designs, twenty columns) takes the room a wide window has beside the page rather than scroll inside it: centred on the page, at least as wide, at most the window less its margins. */
@media screen { .table-wrap.wide { width: max-content; min-width: 100%; max-width: calc(100vw - 3rem); left: 50%; transform: translateX(-50%); } }
table { border-collapse: collapse; width: 100%; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { padding: .4rem .65rem; border-bottom: 1px solid var(--faint); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--rule); font-weight: 600; white-space: nowrap; vertical-align: bottom; }
thead th.phrase { white-space: normal; min-width: 9rem; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.mark { color: var(--accent); font-weight: 700; text-align: center; }
strong.mark { color: var(--accent); }
td code, th code { color: var(--muted); }
.sub { display: block; color: var(--muted); font-size: .8rem; }
.note { color: var(--muted); font-size: .85rem; margin-top: .5rem; }
figure.chart { margin: 1.75rem 0 2.5rem; }
.chart-box { overflow-x: auto; }
figure.chart svg { display: block; max-width: 100%; min-width: 48rem; height: auto; }
figcaption { color: var(--muted); font-size: .875rem; margin-top: .5rem; max-width: 46rem; }
details { margin: 1rem 0; }
figure.chart + .chart-data { margin: -1.75rem 0 2.5rem; }
.chart-data { font-size: .875rem; }
.chart-data caption { caption-side: top; text-align: left; color: var(--muted); padding: .5rem 0; }
.chart-data td, .chart-data th + th { text-align: right; white-space: nowrap; }
.chart-data thead th { white-space: normal; }
tbody th { font-weight: 400; }
.chart-data tbody th { white-space: normal; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
summary { cursor: pointer; color: var(--accent); }
pre.command { font-size: .85rem; }
pre.printed { display: none; }
pre { background: #f6f8fa; border: 1px solid var(--faint); border-radius: 4px; padding: .9rem 1rem; overflow-x: auto; font-size: .8rem; line-height: 1.45; }
footer { margin-top: 3.5rem; padding-top: 1rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; }
@media print { .page { max-width: none; padding: 0; } figure.chart, table { break-inside: avoid; } table.long { break-inside: auto; } thead { display: table-header-group; } tr { break-inside: avoid; } h2, h3, p:has(+ pre) { break-after: avoid; } main:has(> section:last-child > .wide:last-child) + footer { page: wide; } nav.toc { display: none; } a { color: inherit; } .table-wrap, .chart-box { overflow: visible; } figure.chart svg { min-width: 0; } .wide, h2:has(+ .wide), h3:has(+ .wide) { page: wide; } table { font-size: .7rem; } th, td { padding: .25rem .35rem; } thead th, thead th.num { white-space: normal; } table .sub { font-size: .6rem; } pre { white-space: pre-wrap; overflow-wrap: anywhere; } pre.command:has(+ pre.printed) { display: none; } pre.printed { display: block; } details::details-content { content-visibility: visible; } .chart-data { display: none; } summary { list-style: none; color: inherit; font-weight: 600; } }
@page wide { size: landscape; }
`;
