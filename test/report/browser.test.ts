/**
 * The reports in a real browser: Debian's chromium, driven by playwright-core (which never
 * downloads a browser of its own). Skipped, saying so, where chromium is not installed, unless
 * HUBSIM_REQUIRE_BROWSER=1 (as in CI), where its absence fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';
import { axeViolations, lowContrastChartText } from './axe-check.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(process.cwd(), 'test-output');
const required = process.env.HUBSIM_REQUIRE_BROWSER === '1';
const present = existsSync(CHROMIUM);

if (!present && !required) {
  process.stderr.write(`\nbrowser test SKIPPED: ${CHROMIUM} not found (apt-get install chromium to run it; HUBSIM_REQUIRE_BROWSER=1 makes this a failure)\n\n`);
}

// Runs only where the browser is required and missing, to fail there instead of skipping.
(required && !present ? test : test.skip)(`${CHROMIUM} is installed (HUBSIM_REQUIRE_BROWSER=1)`, () => {
  throw new Error(`HUBSIM_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);
});

(present ? describe : describe.skip)(`reports in chromium (${CHROMIUM})`, () => {
  let scratch: string;
  let context: BrowserContext;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'hubsim-browser-'));
    // The default job, as a user runs it (fewer replications): its reports are the ones opened.
    const job = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'hubsim.js'), '--replications', '4', '--out', join(scratch, 'out')], { encoding: 'utf8' });
    expect(job.stderr).toBe('');
    expect(job.status).toBe(0);
    // A sizing with a frontier, as in the README.
    const size = spawnSync(
      process.execPath,
      [join(process.cwd(), 'bin', 'hubsim.js'), 'size', 'scenarios/recklinghausen-phase2.json', '--vary', 'hub.chargers[0].cabinets=4..9', '--vary', 'hub.gridKw=2000,3000', '--target', 'service_level>=0.95', '--replications', '4', '--max-replications', '8', '--out', join(scratch, 'out')],
      { encoding: 'utf8' },
    );
    expect(size.status).toBe(0);
    // A small sweep over two parameters: its report's frontier and table of designs, with a column
    // of each design's statistics window, as the second parameter is the horizon.
    const sweep = spawnSync(
      process.execPath,
      [join(process.cwd(), 'bin', 'hubsim.js'), 'sweep', 'scenarios/recklinghausen-phase2.json', '--set', 'hub.chargers[0].cabinets=4..6', '--set', 'horizon.days=21,30', '--replications', '2', '--out', join(scratch, 'out')],
      { encoding: 'utf8' },
    );
    expect(sweep.status).toBe(0);
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    // A fresh profile each time: nothing cached or remembered from an earlier run.
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1100, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Opens a page from disk; returns what went wrong while loading and, per figure, its drawn marks. */
  async function open(file: string, shot: string) {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(file).href) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const figures = await page.$$eval('figure.chart', (els) =>
      els.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = [...(svg?.querySelectorAll('[role="graphics-symbol"]') ?? [])].filter((m) => {
          const r = (m as SVGGraphicsElement).getBoundingClientRect();
          return r.width > 0 || r.height > 0;
        });
        return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, marks: marks.length, caption: f.querySelector('figcaption')?.textContent ?? '' };
      }),
    );
    await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
    await page.close();
    return { problems, figures };
  }

  test("the default job's run report opens from disk with no error or request, and every chart has visible marks", async () => {
    const file = join(scratch, 'out', 'recklinghausen-phase1', 'report.html');
    const { problems, figures } = await open(file, 'report-run.png');
    expect(problems).toEqual([]);
    expect(figures.map((f) => f.id)).toEqual(['fig-daily-load', 'fig-load-duration', 'fig-occupancy-week', 'fig-service-week', 'fig-wait-cdf', 'fig-queue-day', 'fig-fleet']);
    for (const f of figures) {
      expect({ id: f.id, drawn: f.marks > 0 && f.width > 200 && f.height > 100, captioned: f.caption.length > 40 }).toEqual({ id: f.id, drawn: true, captioned: true });
    }
  }, 60_000);

  test("a screen reader meets each chart as one image named by what it shows, not by its tick labels and marks", async () => {
    const file = join(scratch, 'out', 'recklinghausen-phase1', 'report.html');
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const charts = page.locator('figure.chart svg');
    const names: string[] = [];
    // The YAML of an ARIA snapshot quotes a line with a colon: that quoting is dropped here.
    for (let i = 0; i < (await charts.count()); i++) names.push((await charts.nth(i).ariaSnapshot()).replace(/^- '(.*)'$/, '- $1'));
    await page.close();
    expect(names).toHaveLength(7);
    expect(names[0]).toBe('- img "Daily load curve: mean grid power and unconstrained demand by hour of day"');
    for (const n of names) expect(n).toMatch(/^- img "[^"\n]{20,}"$/);
  }, 60_000);

  test("a screen reader finds each chart's data right after it: a folded table named as the chart is, or a link to the table that holds it", async () => {
    const links: boolean[] = [];
    for (const file of [join(scratch, 'out', 'recklinghausen-phase1', 'report.html'), join(scratch, 'out', 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.html'), join(scratch, 'out', 'size-recklinghausen-phase2', 'report.html')]) {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const found = await page.$$eval('figure.chart', (figures) =>
        figures.map((f) => {
          const next = f.nextElementSibling as HTMLElement | null;
          const table = next?.querySelector('table');
          const link = next?.querySelector('a')?.getAttribute('href');
          return {
            name: f.querySelector('svg')?.getAttribute('aria-label'),
            folded: next instanceof HTMLDetailsElement && !next.open && !table?.checkVisibility(),
            summary: next?.querySelector('summary')?.textContent,
            caption: table?.caption?.textContent,
            target: link ? document.querySelector(link)?.querySelector('table') !== null : undefined,
          };
        }),
      );
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) {
        if (f.target !== undefined) links.push(f.target);
        else expect(f).toEqual({ name: f.name, folded: true, summary: 'The chart\u2019s data', caption: f.name, target: undefined });
      }
      // Opened, the table is there to the accessibility tree, named by its caption.
      if ((await page.locator('figure#fig-daily-load + details').count()) === 1) {
        await page.locator('figure#fig-daily-load + details summary').click();
        const name = await page.locator('figure#fig-daily-load svg').getAttribute('aria-label');
        expect(await page.getByRole('table', { name: name ?? '' }).getByRole('rowheader', { name: '0:00\u20131:00' }).count()).toBe(1);
      }
      await page.close();
    }
    // The forest plot and the sizing's frontiers link to tables on their pages.
    expect(links.length).toBeGreaterThan(1);
    expect(links.every((l) => l)).toBe(true);
  }, 60_000);

  test('printed, the data tables add no page: the run and comparison reports print on as many pages as without them', async () => {
    for (const file of [join(scratch, 'out', 'recklinghausen-phase1', 'report.html'), join(scratch, 'out', 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.html')]) {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const pages = async () => ((await page.pdf({ format: 'A4' })).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      // Opened too, as a reader may leave them before printing.
      await page.$$eval('details.chart-data', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const withData = await pages();
      await page.$$eval('.chart-data', (ds) => ds.forEach((d) => d.remove()));
      const without = await pages();
      await page.close();
      expect(withData).toBe(without);
      expect(without).toBeGreaterThan(3);
    }
  }, 120_000);

  test('a sizing report likewise: its frontier drawn, the answers ringed', async () => {
    const file = join(scratch, 'out', 'size-recklinghausen-phase2', 'report.html');
    const { problems, figures } = await open(file, 'report-size.png');
    expect(problems).toEqual([]);
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) expect({ id: f.id, drawn: f.marks > 0 && f.width > 200 }).toEqual({ id: f.id, drawn: true });
  }, 60_000);

  test("printed, a wide table's heading goes to the table's landscape page, not alone at the foot of the page before", async () => {
    const { pageHtml } = await import('../../src/report/page.js');
    const head = Array.from({ length: 10 }, (_, i) => `m${i}`);
    const doc = {
      title: 't', lede: [], facts: [], generator: '0.1.0',
      sections: [
        { id: 'a', title: 'Before', blocks: [{ kind: 'paragraph' as const, text: ['text'] }] },
        { id: 'designs', title: 'Every design', blocks: [{ kind: 'table' as const, head, rows: [head.map(() => '1')], note: ['n'] }] },
      ],
    };
    const file = join(scratch, 'wide.html');
    writeFileSync(file, pageHtml(doc, new Map(), { vega: '', vegaLite: '' }));
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pages = await page.evaluate(() => ['#a h2', '#designs h2', '#designs .wide'].map((s) => getComputedStyle(document.querySelector(s) as Element).getPropertyValue('page')));
    await page.close();
    expect(pages).toEqual(['auto', 'wide', 'wide']);
  }, 60_000);

  test("on a wide screen, a wide table takes the room beside the page, centred on it, without the page scrolling sideways", async () => {
    const { pageHtml } = await import('../../src/report/page.js');
    const head = Array.from({ length: 20 }, (_, i) => `a long column heading ${i}`);
    const doc = {
      title: 't', lede: [], facts: [], generator: '0.1.0',
      sections: [{ id: 'designs', title: 'Every design', blocks: [{ kind: 'paragraph' as const, text: ['text'] }, { kind: 'table' as const, head, rows: [head.map(() => '1')], note: ['n'] }] }],
    };
    const file = join(scratch, 'wide-screen.html');
    writeFileSync(file, pageHtml(doc, new Map(), { vega: '', vegaLite: '' }));
    const page = await context.newPage();
    const seen: Record<number, unknown> = {};
    for (const width of [1600, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      seen[width] = await page.evaluate(() => {
        const wrap = document.querySelector('.table-wrap.wide')!.getBoundingClientRect();
        const text = document.querySelector('#designs p')!.getBoundingClientRect();
        const page = document.querySelector('.page')!.getBoundingClientRect();
        return { page: document.documentElement.scrollWidth, wrapLeft: Math.round(wrap.left), wrapWidth: Math.round(wrap.width), centred: Math.abs(wrap.left + wrap.width / 2 - (page.left + page.width / 2)) < 1, textLeft: Math.round(text.left) };
      });
    }
    await page.close();
    // 1,600 px less the page's 1.5rem margins: wider than the page's 62rem column, still inside the window.
    expect(seen[1600]).toEqual({ page: 1600, wrapLeft: 24, wrapWidth: 1552, centred: true, textLeft: expect.any(Number) });
    expect((seen[1600] as { textLeft: number }).textLeft).toBeGreaterThan(24);
    // A phone: the page's width, scrolling in its box.
    expect(seen[390]).toEqual({ page: 390, wrapLeft: 24, wrapWidth: 342, centred: true, textLeft: 24 });
  }, 60_000);

  test("on a phone, a chart's data table wraps a long row heading (a fleet type's name) rather than scroll sideways for it", async () => {
    const { pageHtml } = await import('../../src/report/page.js');
    const name = 'regional-distribution-fleet-of-the-northern-depots-with-trailers';
    const doc = {
      title: 't', lede: [], facts: [], generator: '0.1.0',
      sections: [
        {
          id: 'fleet', title: 'By fleet type',
          blocks: [{ kind: 'chart' as const, id: 'fleet', spec: { description: 'Served share by fleet type' } as never, caption: ['c'], data: { kind: 'table' as const, head: ['Fleet type', 'Served (%)'], rows: [[name, '95.3'], ['short', '97.0']] } }],
        },
      ],
    };
    const file = join(scratch, 'long-names.html');
    writeFileSync(file, pageHtml(doc, new Map([['fleet', '<svg></svg>']]), { vega: '', vegaLite: '' }));
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.$eval('details.chart-data', (d) => ((d as HTMLDetailsElement).open = true));
    const box = await page.$eval('details.chart-data .table-wrap', (w) => ({ scrolls: w.scrollWidth > w.clientWidth, lines: Math.round(w.querySelector('tbody th')!.getBoundingClientRect().height / w.querySelectorAll('tbody th')[1].getBoundingClientRect().height) }));
    await page.close();
    expect(box.scrolls).toBe(false);
    expect(box.lines).toBeGreaterThan(1);
  }, 60_000);

  test('a description with a long unbroken word (a URL) wraps: the page does not scroll sideways (printed, it was shrunk to fit the word)', async () => {
    const { pageHtml } = await import('../../src/report/page.js');
    const url = `https://example.org/hubs/${'recklinghausen_phase_two_grid_study_'.repeat(5)}final.pdf`;
    const doc = { title: 't', lede: [`A: see ${url}`], facts: [], generator: '0.1.0', sections: [] };
    const file = join(scratch, 'long-word.html');
    writeFileSync(file, pageHtml(doc, new Map(), { vega: '', vegaLite: '' }));
    const page = await context.newPage();
    const widths: number[] = [];
    for (const width of [390, 1100]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      widths.push(await page.evaluate(() => document.documentElement.scrollWidth));
    }
    await page.close();
    expect(widths).toEqual([390, 1100]);
  }, 60_000);

  test('on a phone, a chart keeps a width its labels read at, and scrolls sideways in its box', async () => {
    const file = join(scratch, 'out', 'recklinghausen-phase1', 'report.html');
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const boxes = await page.$$eval('figure.chart .chart-box', (els) => els.map((b) => ({ svg: b.querySelector('svg')!.getBoundingClientRect().width, scrolls: b.scrollWidth > b.clientWidth })));
    const page_ = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.close();
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) expect(b).toEqual({ svg: 768, scrolls: true });
    // The page itself does not scroll sideways: only the charts' boxes do.
    expect(page_).toBe(390);
  }, 60_000);

  /** The smallest chart text of a report, in device pixels, at a zoom (a window of 1280 device pixels) and the browser's text size. */
  async function smallestChartText(file: string, zoom: number, textPx = 16): Promise<number> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.enable');
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: textPx } });
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: Math.round(1280 / zoom), height: 900, deviceScaleFactor: zoom, mobile: false });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const css = await page.$$eval('figure.chart svg', (svgs) =>
      Math.min(
        ...svgs.map((svg) => {
          const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
          return Math.min(...[...svg.querySelectorAll('text')].map((t) => parseFloat(t.getAttribute('font-size') ?? 'NaN')).filter((px) => px > 0)) * scale;
        }),
      ),
    );
    await page.close();
    return css * zoom;
  }

  test("zoomed to 200 %, a chart's text is drawn at least 1.6 times as large as at 100 %; and it grows with the browser's text size", async () => {
    for (const file of [join(scratch, 'out', 'recklinghausen-phase1', 'report.html'), join(scratch, 'out', 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.html')]) {
      const at100 = await smallestChartText(file, 1);
      const at200 = await smallestChartText(file, 2);
      expect({ file, grows: at200 / at100 >= 1.6 }).toEqual({ file, grows: true });
      // Text set to 24 px in the browser's settings, 1.5 times the default: the charts grow with the
      // rest of the text, if less (they keep to the page's width, which does not grow).
      expect({ file, grows: (await smallestChartText(file, 1, 24)) / at100 >= 1.15 }).toEqual({ file, grows: true });
    }
  }, 60_000);

  /** The default job's phase-one run report, opened as printed. */
  async function printedRunReport() {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(scratch, 'out', 'recklinghausen-phase1', 'report.html')).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return page;
  }

  test("printed, a chart takes the page's width and is not cut at its edge", async () => {
    const page = await printedRunReport();
    // A4's width less Chromium's default margins, as it prints.
    await page.setViewportSize({ width: 718, height: 1000 });
    const fits = await page.$$eval('figure.chart svg', (svgs) => svgs.map((s) => s.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5));
    await page.close();
    expect(fits.length).toBeGreaterThan(0);
    expect(fits.every(Boolean)).toBe(true);
  }, 60_000);

  test("printed, the scenario file as run is on paper, though collapsed on screen", async () => {
    const file = join(scratch, 'out', 'recklinghausen-phase1', 'report.html');
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // A closed <details> keeps its content laid out but unrendered (content-visibility: hidden).
    const shown = () => page.$eval('#inputs details pre', (el) => el.checkVisibility());
    const onScreen = await shown();
    await page.emulateMedia({ media: 'print' });
    const printed = await shown();
    await page.close();
    expect({ onScreen, printed }).toEqual({ onScreen: false, printed: true });
  }, 60_000);

  test('printed, a command too long for a line is broken between its words with continuations, each line within the page: copied from a PDF it runs as one', async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(scratch, 'out', 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.html')).href, { waitUntil: 'load' });
    const shown = () => page.$$eval('pre.command', (pres) => pres.map((p) => ({ printed: p.classList.contains('printed'), visible: p.checkVisibility() })));
    const onScreen = await shown();
    await page.emulateMedia({ media: 'print' });
    // A4's width less Chromium's default margins, as it prints.
    await page.setViewportSize({ width: 718, height: 1000 });
    const printed = await shown();
    const lines = await page.$eval('pre.command.printed', (p) => {
      const box = p.getBoundingClientRect();
      // Each line's own height: a line the browser wrapped would make the box taller than its lines.
      const lineHeight = parseFloat(getComputedStyle(p).lineHeight);
      const padding = parseFloat(getComputedStyle(p).paddingTop) + parseFloat(getComputedStyle(p).paddingBottom);
      const text = p.textContent ?? '';
      return { text, rows: Math.round((p.clientHeight - padding) / lineHeight), count: text.split('\n').length, within: box.right <= document.documentElement.clientWidth + 0.5 && p.scrollWidth <= p.clientWidth };
    });
    await page.close();
    expect(onScreen).toEqual([{ printed: false, visible: true }, { printed: true, visible: false }]);
    expect(printed).toEqual([{ printed: false, visible: false }, { printed: true, visible: true }]);
    expect(lines.count).toBeGreaterThan(1);
    expect(lines.rows).toBe(lines.count);
    expect(lines.within).toBe(true);
    expect(lines.text.replace(/ \\\n {2}/g, ' ')).toMatch(/^hubsim compare \S+recklinghausen-phase1\.json \S+recklinghausen-phase2\.json --seed 1 --replications 4$/);
  }, 60_000);

  test('printed, the headline table of 15 rows may break across pages, its header row repeated; a short table is kept whole', async () => {
    const page = await printedRunReport();
    const style = await page.$$eval('main table', (ts) => ts.filter((t) => !t.closest('details')).map((t) => ({ rows: t.querySelectorAll('tbody tr').length, breaks: getComputedStyle(t).breakInside, head: getComputedStyle(t.querySelector('thead')!).display })));
    await page.close();
    for (const t of style) expect(t).toEqual({ rows: t.rows, breaks: t.rows > 12 ? 'auto' : 'avoid', head: 'table-header-group' });
    expect(style.some((t) => t.rows > 12)).toBe(true);
  }, 60_000);

  test("the default job's comparison report likewise", async () => {
    const file = join(scratch, 'out', 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.html');
    const { problems, figures } = await open(file, 'report-compare.png');
    expect(problems).toEqual([]);
    expect(figures).toHaveLength(5);
    for (const f of figures) expect({ id: f.id, drawn: f.marks > 0 && f.width > 200 }).toEqual({ id: f.id, drawn: true });
  }, 60_000);

  test('at 320 px no report scrolls sideways as a page, its folded parts open: only the boxes of wide tables and charts do', async () => {
    const widths: Record<string, number> = {};
    for (const name of ['recklinghausen-phase1/report.html', 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.html', 'sweep-recklinghausen-phase2/report.html', 'size-recklinghausen-phase2/report.html']) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 320, height: 900 });
      await page.goto(pathToFileURL(join(scratch, 'out', name)).href, { waitUntil: 'load' });
      await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      widths[name] = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.close();
    }
    expect(Object.values(widths)).toHaveLength(4);
    for (const [name, width] of Object.entries(widths)) expect({ name, width }).toEqual({ name, width: 320 });
  }, 60_000);

  test('axe-core finds no WCAG 2.1 A or AA violation, nor a breach of its best practices, in a run, comparison, sweep or sizing report, at a desktop and a phone width, its folded parts open; nor is any chart text, which axe cannot judge, below 4.5:1', async () => {
    const found: string[] = [];
    for (const name of ['recklinghausen-phase1/report.html', 'compare-recklinghausen-phase1-vs-recklinghausen-phase2.html', 'sweep-recklinghausen-phase2/report.html', 'size-recklinghausen-phase2/report.html']) {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(scratch, 'out', name)).href, { waitUntil: 'load' });
      // Opened, as a reader opens them: axe passes over what is not rendered, such as a chart's data.
      await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      // 320 CSS pixels is the width at which WCAG 1.4.10 wants a page to reflow.
      for (const width of [1100, 320]) {
        await page.setViewportSize({ width, height: 900 });
        for (const v of await axeViolations(page)) found.push(`${name} at ${width}px: ${v}`);
      }
      for (const t of await lowContrastChartText(page)) found.push(`${name}: chart text below 4.5:1 on white: ${t}`);
      await page.close();
    }
    expect(found.join('\n')).toBe('');
  }, 120_000);
});
