import { describe, expect, test } from '@jest/globals';
import type { TopLevelSpec } from 'vega-lite';
import { pageHtml, printedCommand, renderReport, type Cell, type ReportDoc } from '../../src/report/page.js';
import { duplicateIds, externalReferences, parseErrors } from './html-check.js';

const SPEC = { description: 'bars', data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 2 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } } as TopLevelSpec;

const DOC: ReportDoc = {
  title: 'site <A> & "B"',
  lede: ['A description with <tags> & ampersands'],
  facts: [
    ['Seed', '1'],
    ['Replications', '10'],
  ],
  sections: [
    {
      id: 'one',
      title: 'First',
      blocks: [
        { kind: 'paragraph', text: ['plain ', { code: 'a<b' }, ' and ', { strong: 'bold' }] },
        { kind: 'table', head: ['Metric', { text: 'Mean', num: true }, ''], rows: [[{ text: 'Wait', sub: { code: 'wait_mean_min' } }, { text: '2.03', num: true }, { text: '●', mark: true, said: 'yes' }], ['Energy', { text: '5', num: true }, { text: '', mark: true, said: 'no' }]], note: [{ strong: '●', mark: true }, ' marks a note'] },
        { kind: 'chart', id: 'bars', spec: SPEC, caption: ['What the bars show.'], data: { kind: 'table', head: ['a', 'b (kW)'], rows: [['x', '1'], ['y', '2']] } },
      ],
    },
    { id: 'two', title: 'Second', blocks: [{ kind: 'heading', text: 'Sub' }, { kind: 'command', text: 'hubsim run x.json' }, { kind: 'source', summary: 'JSON', text: '{"a": "<b>"}' }] },
  ],
  generator: '0.1.0',
};

const SVG = '<svg width="10" height="10"><rect width="10" height="10"></rect></svg>';

describe('pageHtml', () => {
  const html = pageHtml(DOC, new Map([['bars', SVG]]), { vega: '6.4.0', vegaLite: '6.4.3' });

  test("the header, contents and footer are landmarks of their own beside <main>, which holds the sections", () => {
    const main = html.slice(html.indexOf('<main>'), html.indexOf('</main>'));
    expect(main).toContain('<section id="one">');
    expect(main).toContain('<section id="two">');
    for (const tag of ['<header>', '<nav', '<footer>']) {
      expect(html).toContain(tag);
      expect(main).not.toContain(tag);
    }
    expect(html.indexOf('</header>')).toBeLessThan(html.indexOf('<main>'));
    expect(html.indexOf('<footer>')).toBeGreaterThan(html.indexOf('</main>'));
  });

  test('is well-formed HTML that loads nothing from outside and runs no script', () => {
    expect(parseErrors(html)).toEqual([]);
    expect(externalReferences(html)).toEqual([]);
    expect(duplicateIds(html)).toEqual([]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />`);
    expect(html).not.toMatch(/<script|@font-face|<link/i);
  });

  test("a note's mark is in the colour of the table's mark column", () => {
    expect(html).toContain('<strong class="mark">●</strong> marks a note');
    expect(html).toMatch(/td\.mark \{ color: var\(--accent\)[^}]*\}\nstrong\.mark \{ color: var\(--accent\); \}/);
  });

  test('escapes every piece of text', () => {
    expect(html).toContain('<h1>site &lt;A&gt; &amp; &quot;B&quot;</h1>');
    expect(html).toContain('<p class="lede">A description with &lt;tags&gt; &amp; ampersands</p>');
    expect(html).toContain('<code>a&lt;b</code>');
    expect(html).toContain('<pre tabindex="0"><code>{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</code></pre>');
    // A table's plain cells, and the words a screen reader says for a mark, are text too: a fleet type may be named "HGV <40 t" & co.
    const cells: ReportDoc = { ...DOC, sections: [{ id: 'one', title: 'First', blocks: [{ kind: 'table', head: ['Fleet'], rows: [['HGV <40 t & co', 'x > y', { text: '', mark: true, said: 'no <interval> & more' }, { text: { strong: 'a<b' } }]] }] }] };
    const page = pageHtml(cells, new Map(), { vega: '6.4.0', vegaLite: '6.4.3' });
    expect(page).toContain('<th scope="row">HGV &lt;40 t &amp; co</th><td>x &gt; y</td>');
    expect(page).toContain('<span class="sr">no &lt;interval&gt; &amp; more</span>');
    expect(page).toContain('<strong>a&lt;b</strong>');
  });

  test('lays out header, contents, sections, tables and figures', () => {
    expect(html).toContain('<div><dt>Seed</dt><dd>1</dd></div>');
    expect(html).toContain('<li><a href="#one">First</a></li><li><a href="#two">Second</a></li>'.replace('</li><li>', '</li>\n<li>'));
    // The first cell heads its row, and a mark is read as yes or no: a screen reader moving down a
    // column says which row each number is, and what the mark means.
    expect(html).toContain('<th scope="row">Wait<span class="sub"><code>wait_mean_min</code></span></th><td class="num">2.03</td><td class="mark"><span aria-hidden="true">●</span><span class="sr">yes</span></td>');
    expect(html).toContain('<th scope="row">Energy</th><td class="num">5</td><td class="mark"><span aria-hidden="true"></span><span class="sr">no</span></td>');
    expect(html).toContain(`<figure id="fig-bars" class="chart">\n<div class="chart-box" role="region" aria-label="Chart: bars" tabindex="0">\n${SVG}\n</div>\n<figcaption>What the bars show.</figcaption>\n</figure>\n<details class="chart-data">`);
    expect(html).toContain('<pre class="command" tabindex="0"><code>hubsim run x.json</code></pre>');
    // A short command is printed as it is on screen: no second version for paper.
    expect(html).not.toContain('class="command printed"');
    expect(html).toContain('Vega-Lite 6.4.3 and Vega 6.4.0');
    expect(html.endsWith('</html>\n')).toBe(true);
  });

  test('a heading that is a phrase wraps, so that a table of few columns stays within the page; a short one stays on one line', () => {
    const head: Cell[] = ['Shown by', { text: 'Smallest less the next value down, paired (95 % interval)', num: true }, 'Peak demand as if unlimited, of the design shown'];
    const doc: ReportDoc = { ...DOC, sections: [{ id: 'p', title: 'Phrases', blocks: [{ kind: 'table', head, rows: [head.map(() => '1')] }] }] };
    const page = pageHtml(doc, new Map(), { vega: '6.4.0', vegaLite: '6.4.3' });
    expect(page).toContain('<thead><tr><th>Shown by</th><th class="num phrase">Smallest less the next value down, paired (95 % interval)</th><th class="phrase">Peak demand as if unlimited, of the design shown</th></tr></thead>');
    expect(page).toContain('thead th.phrase { white-space: normal;');
    expect(parseErrors(page)).toEqual([]);
  });

  test('a table of many columns prints on a landscape page with its note, its headings\' field paths breaking after their dots', () => {
    const head = [{ code: 'hub.chargers[0].cabinets' }, ...Array.from({ length: 8 }, (_, i) => `m${i}`)].map((text) => ({ text }));
    const wide: ReportDoc = { ...DOC, sections: [{ id: 'w', title: 'Wide', blocks: [{ kind: 'table', head, rows: [head.map(() => '1')], note: ['n'] }] }] };
    const page = pageHtml(wide, new Map(), { vega: '6.4.0', vegaLite: '6.4.3' });
    expect(page).toContain('<div class="table-wrap wide" role="region" aria-label="Wide" tabindex="0"><table>');
    expect(page).toMatch(/<\/table>\n<p class="note">n<\/p><\/div>/);
    expect(page).toContain('<th><code>hub.<wbr />chargers[0].<wbr />cabinets</code></th>');
    expect(page).toContain('@page wide { size: landscape; }');
    // The footer after a wide table at the end stays on its landscape page; a paragraph leading into
    // a command goes to the command's page.
    expect(page).toContain('main:has(> section:last-child > .wide:last-child) + footer { page: wide; }');
    expect(page).toContain('p:has(+ pre) { break-after: avoid; }');
    expect(parseErrors(page)).toEqual([]);
    // Eight columns fit across a portrait page.
    expect(html).toContain('<div class="table-wrap" role="region" aria-label="First" tabindex="0"><table>');
    const eight: ReportDoc = { ...DOC, sections: [{ id: 'w', title: 'Eight', blocks: [{ kind: 'table', head: head.slice(1), rows: [head.slice(1).map(() => '1')] }] }] };
    expect(pageHtml(eight, new Map(), { vega: '6.4.0', vegaLite: '6.4.3' })).toContain('<div class="table-wrap" role="region" aria-label="Eight" tabindex="0"><table>');
  });

  test('what may scroll sideways is reached from the keyboard: a table as a region named by its heading or its chart, a block of code in the tab order', () => {
    const doc: ReportDoc = {
      ...DOC,
      sections: [{ id: 's', title: 'Inputs', blocks: [{ kind: 'table', head: ['a'], rows: [['1']] }, { kind: 'heading', text: 'Fleet & <more>' }, { kind: 'table', head: ['b'], rows: [['2']] }] }],
    };
    const page = pageHtml(doc, new Map(), { vega: '6.4.0', vegaLite: '6.4.3' });
    expect(page.match(/<div class="table-wrap"[^>]*>/g)).toEqual([
      '<div class="table-wrap" role="region" aria-label="Inputs" tabindex="0">',
      '<div class="table-wrap" role="region" aria-label="Fleet &amp; &lt;more&gt;" tabindex="0">',
    ]);
    expect(html).toContain('<details class="chart-data"><summary>The chart\u2019s data</summary>\n<div class="table-wrap" role="region" aria-label="bars" tabindex="0">');
    expect(html.match(/<pre[^>]*>/g)).toEqual(['<pre class="command" tabindex="0">', '<pre tabindex="0">']);
  });

  test('a chart shrinks with the screen down to 48rem, and a narrower one scrolls it sideways in its box rather than squash it', () => {
    expect(html).toContain('.chart-box { overflow-x: auto; }');
    expect(html).toContain('figure.chart svg { display: block; max-width: 100%; min-width: 48rem; height: auto; }');
    // On paper nothing scrolls: a chart takes the page's width.
    expect(html).toMatch(/@media print \{[^\n]*\.table-wrap, \.chart-box \{ overflow: visible; \} figure\.chart svg \{ min-width: 0; \}/);
    // Text is sized in rem, so that the browser's text size applies to all of it.
    expect(html).toContain('body { margin: 0; background: #fff; color: var(--fg); font: 1rem/1.55 ');
  });

  test('printed, a table of more than 12 rows may break across pages, its header row repeated on each; a shorter one is kept whole', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [String(i)]);
    const doc: ReportDoc = { ...DOC, sections: [{ id: 's', title: 'S', blocks: [{ kind: 'table', head: ['a'], rows: rows(12) }, { kind: 'table', head: ['b'], rows: rows(13) }] }] };
    const page = pageHtml(doc, new Map(), { vega: '6.4.0', vegaLite: '6.4.3' });
    expect(page.match(/<table[^>]*>/g)).toEqual(['<table>', '<table class="long">']);
    expect(page).toMatch(/@media print \{[^\n]*figure\.chart, table \{ break-inside: avoid; \} table\.long \{ break-inside: auto; \} thead \{ display: table-header-group; \} tr \{ break-inside: avoid; \}/);
  });

  test("a chart's data follows it, folded away: a table named as the chart is, its rows headed by their first cell", () => {
    expect(html).toContain(
      '</figure>\n<details class="chart-data"><summary>The chart\u2019s data</summary>\n<div class="table-wrap" role="region" aria-label="bars" tabindex="0"><table>\n<caption>bars</caption>\n' +
        '<thead><tr><th>a</th><th>b (kW)</th></tr></thead>\n<tbody>\n<tr><th scope="row">x</th><td>1</td></tr>\n<tr><th scope="row">y</th><td>2</td></tr>\n</tbody>\n</table></div></details>',
    );
    // Printed, the chart and its caption are on paper, not its table's rows.
    expect(html).toMatch(/@media print \{[^\n]*\.chart-data \{ display: none; \}/);
  });

  test("a chart whose numbers stand in a table on the page links to it instead", () => {
    const see: ReportDoc = {
      ...DOC,
      sections: [
        { id: 'one', title: 'First', blocks: [{ kind: 'chart', id: 'bars', spec: SPEC, caption: ['c'], data: { kind: 'see', target: 'two', link: 'the table below', rest: [', column ', { code: 'b' }, '.'] } }] },
        { id: 'two', title: 'Second', blocks: [{ kind: 'table', head: ['a', 'b'], rows: [['x', '1']] }] },
      ],
    };
    const page = pageHtml(see, new Map([['bars', SVG]]), { vega: '', vegaLite: '' });
    expect(page).toContain('</figure>\n<p class="chart-data">The chart\u2019s data: <a href="#two">the table below</a>, column <code>b</code>.</p>');
    expect(page).not.toContain('<details class="chart-data">');
    expect(parseErrors(page)).toEqual([]);
  });

  test('a chart with no data to tabulate says so in a line, not in a table of headings alone', () => {
    const empty: ReportDoc = {
      ...DOC,
      sections: [{ id: 'one', title: 'First', blocks: [{ kind: 'chart', id: 'bars', spec: SPEC, caption: ['c'], data: { kind: 'table', head: ['a', 'b'], rows: [] } }] }],
    };
    const page = pageHtml(empty, new Map([['bars', SVG]]), { vega: '', vegaLite: '' });
    expect(page).toContain('</figure>\n<p class="chart-data">The chart\u2019s data: none, as nothing is drawn.</p>');
    expect(page).not.toContain('<details class="chart-data">');
    expect(parseErrors(page)).toEqual([]);
  });

  test('a chart that was not rendered is a bug, not an empty figure', () => {
    expect(() => pageHtml(DOC, new Map(), { vega: '', vegaLite: '' })).toThrow('chart bars was not rendered');
  });
});

describe('renderReport', () => {
  test('renders each chart into its figure, the same bytes every time', async () => {
    const html = await renderReport(DOC);
    expect(html).toMatch(/<figure id="fig-bars" class="chart">\n<div class="chart-box"[^>]*>\n<svg [^>]*class="marks"/);
    expect(parseErrors(html)).toEqual([]);
    expect(externalReferences(html)).toEqual([]);
    expect(await renderReport(DOC)).toBe(html);
  });
});

describe('the page checks themselves', () => {
  test('find a parse error, an outside reference and a repeated id when there is one', () => {
    expect(parseErrors('<!DOCTYPE html><html><head><title>x</title></head><body><p></div></body></html>')).toEqual([expect.stringContaining("Expected closing tag 'p'")]);
    expect(parseErrors('<p>unclosed')).toEqual(['missing-doctype at 1:1', expect.stringContaining("Unclosed tag 'p'")]);
    expect(externalReferences('<img src="data/x.png"><style>@import "x.css"</style><svg><use href="#a"/></svg><p>https://example.org</p>')).toEqual(['https://example.org', '<img src="data/x.png"', '@import']);
    expect(duplicateIds('<p id="a"></p><p id="b"></p><p id="a"></p>')).toEqual(['a']);
  });
});

describe('printedCommand', () => {
  test('a command that fits on a line is printed as it is', () => {
    expect(printedCommand('hubsim run scenarios/koblenz.json --seed 1 --replications 10')).toBeUndefined();
  });

  test("a longer one is broken between its words, each line within the page's 72 characters and ended by a continuation, a quoted path kept whole", () => {
    const text = `hubsim compare "my scenarios/recklinghausen phase one.json" scenarios/recklinghausen-phase2-battery.json --seed 18446744073709 --replications 100`;
    const printed = printedCommand(text)!;
    const lines = printed.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(72);
    expect(lines.slice(0, -1).every((l) => l.endsWith(' \\'))).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('  ') && !l.startsWith('   '))).toBe(true);
    expect(printed).toContain('"my scenarios/recklinghausen phase one.json"');
    // Joined again as the shell joins them, the command is the one on screen.
    expect(printed.replace(/ \\\n {2}/g, ' ')).toBe(text);
  });
});

