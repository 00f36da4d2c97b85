import { describe, expect, test } from '@jest/globals';
import { ticks } from 'd3-array';
import { SimulationError } from '../../src/errors.js';
import type { SweepData } from '../../src/report/data.js';
import { percentDecimals } from '../../src/report/charts.js';
import { charts, pageHtml, renderReport, type Block, type Cell, type ReportDoc } from '../../src/report/page.js';
import type { PlanFolder } from '../../src/report/read.js';
import { renderSvg } from '../../src/report/render.js';
import { planReport } from '../../src/report/index.js';
import { designVerdict, MAX_LISTED, MAX_MARKED, seriesStyle, sweepReport } from '../../src/report/sweep.js';
import { textualParams } from '../../src/report/sizing.js';
import { inputBlocks, withUnit } from '../../src/report/inputs.js';
import { MAX_WAITING } from '../../src/model/simulate.js';
import { parseErrors } from './html-check.js';
import { cellText } from './chart-data-check.js';
import { contrastOnWhite } from './contrast.js';

// Service level rising with bays and grid power, with intervals; one design chosen.
const rows: SweepData['rows'] = [6, 7, 8].flatMap((bays) =>
  [2400, 3000].flatMap((gridKw) => {
    const design = `b${bays}-g${gridKw}`;
    const sl = 0.8 + (bays - 6) * 0.05 + (gridKw - 2400) / 20000;
    return [
      { design, values: { bays, grid_kw: gridKw }, metric: 'service_level', mean: sl, ci95Low: sl - 0.01, ci95High: sl + 0.01 },
      { design, values: { bays, grid_kw: gridKw }, metric: 'grid_peak_kw', mean: gridKw * 0.99, ci95Low: gridKw * 0.98, ci95High: gridKw },
    ];
  }),
);
const data: SweepData = { params: ['bays', 'grid_kw'], rows, chosen: ['b7-g3000'] };
const doc = sweepReport(data, { title: 'Sizing', facts: [['Seed', '1']], generator: '0.1.0' });

describe('sweepReport', () => {
  test('one frontier per metric, a line per value of the other parameter, the chosen design ringed', async () => {
    expect(charts(doc).map((c) => c.id)).toEqual(['frontier-service-level', 'frontier-grid-peak-kw']);
    const spec = JSON.stringify(charts(doc)[0].spec);
    expect(spec).toContain('"label":"chosen: design b7-g3000 (bays 7)"');
    // Ringed where its series' point is drawn: grid_kw 3,000, the second of two, 3 px right of 7 bays (3 px are 3/760 of the axis's 5.5 to 8.5).
    expect(spec).toContain(`"x":${7 + (3 * 3) / 760},"y":0.88`);
    const { svg, warnings } = await renderSvg(charts(doc)[0].spec, 'f');
    expect(warnings).toEqual([]);
    expect(svg).toContain('>grid_kw 2,400<');
    expect(svg).toContain('>grid_kw 3,000<');
  });

  test("stacked frontiers put each design at the same place across the page, whatever their vertical axis's labels", async () => {
    // Service levels (0.8 ... 0.95, labelled in per cent) and peaks of thousands of kW: labels of other widths.
    const plotLeft = async (id: string) => {
      const { svg } = await renderSvg(charts(doc).find((c) => c.id === id)!.spec, id);
      return Number(/<g[^>]* transform="translate\(([\d.]+),/.exec(svg)![1]);
    };
    const [share, kw] = [await plotLeft('frontier-service-level'), await plotLeft('frontier-grid-peak-kw')];
    expect(share).toBe(kw);
  });

  test('the first and last designs stand half a step clear of the axes, however large the step', () => {
    // The connection swept in steps of 1,000 kW on the horizontal axis: half a kW of room was none.
    const swapped = sweepReport({ ...data, params: ['grid_kw', 'bays'] }, { title: 'Sizing', facts: [], generator: '0.1.0' });
    expect(JSON.stringify(charts(swapped)[0].spec)).toContain('"format":",d","values":[2400,3000],"labelOverlap":"greedy"},"scale":{"domain":[2100,3300]');
    expect(JSON.stringify(charts(doc)[0].spec)).toContain('"scale":{"domain":[5.5,8.5]');
  });

  test('a sweep of 1,000 designs gets the ticks that fit across the chart, not one and a grid line per design', async () => {
    const many = (n: number): SweepData => ({
      params: ['grid_kw'],
      rows: Array.from({ length: n }, (_, i) => ({ design: String(i + 1), values: { grid_kw: 1000 + 50 * i }, metric: 'grid_peak_kw', mean: 900, ci95Low: 880, ci95High: 920 })),
    });
    const xAxis = (n: number) => (charts(sweepReport(many(n), { title: 'S', facts: [], generator: '0.1.0' }))[0].spec as unknown as { layer: { encoding?: { x?: { axis?: { values?: number[] } } } }[] }).layer.find((l) => l.encoding?.x)?.encoding?.x?.axis;
    expect(xAxis(19)?.values).toHaveLength(19);
    expect(xAxis(1000)?.values).toBeUndefined();
    const { svg } = await renderSvg(charts(sweepReport(many(1000), { title: 'S', facts: [], generator: '0.1.0' }))[0].spec, 'f');
    // Few tick labels drawn, and a page that stays small.
    expect([...svg.matchAll(/<text[^>]*>[0-9,]+<\/text>/g)].length).toBeLessThan(40);
    expect(svg.length).toBeLessThan(600_000);
  });

  test('designs of values that are not whole numbers spread across the axis, each labelled as written', async () => {
    // 55.5, 60.5 and 65.5 trucks a day sat in the last fifth of an axis from 0.
    const fractional = sweepReport({ params: ['trucks_per_day'], rows: [55.5, 60.5, 65.5].map((v, i) => ({ design: String(i + 1), values: { trucks_per_day: v }, metric: 'service_level', mean: 0.95, ci95Low: 0.94, ci95High: 0.96 })) }, { title: 'Sweep', facts: [], generator: '0.1.0' });
    const spec = charts(fractional)[0].spec;
    expect(JSON.stringify(spec)).toContain('"format":",.1~f","values":[55.5,60.5,65.5],"labelOverlap":"greedy"},"scale":{"domain":[53,68]');
    const { svg } = await renderSvg(spec, 'f');
    for (const v of ['55.5', '60.5', '65.5']) expect(svg).toContain(`>${v}<`);
  });

  test('designs of values with different numbers of decimals are each labelled as written, not padded to the most', async () => {
    // 0.001 beside 60 drew "60.000".
    const values = [0.001, 0.5, 60];
    const mixed = sweepReport({ params: ['behaviour.patienceMin'], rows: values.map((v, i) => ({ design: String(i + 1), values: { 'behaviour.patienceMin': v }, metric: 'service_level', mean: 0.95, ci95Low: 0.94, ci95High: 0.96 })) }, { title: 'Sweep', facts: [], generator: '0.1.0' });
    const { svg } = await renderSvg(charts(mixed)[0].spec, 'f');
    for (const v of ['0.001', '0.5', '60']) expect(svg).toContain(`>${v}<`);
    expect(svg).not.toMatch(/>60\.0+</);
  });

  test("the table of designs gathers each design's rows in one pass: with 20,000 designs each row is read a few times, not once per design", () => {
    // Each row counts the times its design is read: searching the rows for every design and
    // metric read them some 2 × 10⁹ times, and a sweep of 10,000 designs took minutes to report.
    let reads = 0;
    const many: SweepData['rows'] = Array.from({ length: 20_000 }, (_, i) => i + 1).flatMap((bays) =>
      ['service_level', 'grid_peak_kw'].map((metric) => {
        const row = { values: { bays }, metric, mean: 0.5, ci95Low: 0.4, ci95High: 0.6 };
        return Object.defineProperty(row, 'design', { enumerable: true, get: () => (reads++, String(bays)) }) as unknown as SweepData['rows'][number];
      }),
    );
    const big = sweepReport({ params: ['bays'], rows: many }, { title: 'Sweep', facts: [], generator: '0.1.0' });
    // Every design has the same service level: the one with the fewest bays is the frontier.
    expect(big.sections.find((x) => x.id === 'designs')!.blocks[1]).toMatchObject({ kind: 'table', rows: [[{ text: '1' }, { text: '1' }, {}, {}]] });
    expect(reads).toBeLessThan(10 * many.length);
  });

  test('the table of designs says so where a bound passes what a design could take', () => {
    const note = (d: ReturnType<typeof sweepReport>) => JSON.stringify(d.sections.find((x) => x.id === 'designs')!.blocks[0]);
    expect(note(doc)).not.toContain('no design could take');
    // Three replications: a service level of 99.79 % in [99.45, 100.13].
    const wide = sweepReport({ ...data, rows: rows.map((r, i) => (i === 0 ? { ...r, mean: 0.9979, ci95Low: 0.9945, ci95High: 1.0013 } : r)) }, { title: 'Sweep', facts: [], generator: '0.1.0' });
    expect(note(wide)).toContain('Some bounds reach values no design could take (below 0, above 100 %)');
  });

  test("the ringed design's label names it as a design, not as a value of the axis it sits on", async () => {
    // Design 6 is the one with 2 bays: "chosen: 6" beside the point at 2 read as 6 bays, and
    // "chosen: design 6" still could: the label gives its value too.
    const sized = sweepReport({ params: ['bays'], rows: [2, 4, 8].map((bays, i) => ({ design: String(6 - i), values: { bays }, metric: 'service_level', mean: 0.9, ci95Low: 0.89, ci95High: 0.91 })), chosen: ['6'] }, { title: 'Sizing', facts: [], generator: '0.1.0' });
    const { svg } = await renderSvg(charts(sized)[0].spec, 'f');
    expect(svg).toContain('>chosen: design 6 (bays 2)<');
    expect(svg).not.toContain('>chosen: 6<');
  });

  test('several chosen designs are named in order of their numbers, not of the axis', () => {
    const ids: Record<string, string> = { 'b6-g2400': '10', 'b6-g3000': '9', 'b7-g2400': '2', 'b7-g3000': '3', 'b8-g2400': '1', 'b8-g3000': '4' };
    const numbered = sweepReport({ params: data.params, rows: rows.map((r) => ({ ...r, design: ids[r.design] })), chosen: ['10', '2', '9'] }, { title: 'Sizing', facts: [], generator: '0.1.0' });
    expect(charts(numbered)[0].caption.join('')).toContain('The ringed points are the chosen designs 2 (bays 7), 9 (bays 6) and 10 (bays 6).');
  });

  test("a sizing's points are not joined: the search skipped the values between them", () => {
    const searched = sweepReport(data, { title: 'Sizing', facts: [], generator: '0.1.0', searched: true });
    expect(JSON.stringify(charts(searched)[0].spec)).not.toContain('"type":"line"');
    expect(charts(searched)[0].caption.join('')).toContain('Points are not joined');
    expect(JSON.stringify(charts(doc)[0].spec)).toContain('"type":"line"');
  });

  test('a swept path the settings table names gets that name, with its unit, on the horizontal axis', () => {
    // `--set hub.gridKw=2000,2500,3000` drew "hub.gridKw" under numbers that could be kW or kWh.
    const grid: SweepData = { params: ['hub.gridKw', 'bays'], rows: rows.map((r) => ({ ...r, values: { 'hub.gridKw': r.values.grid_kw, bays: r.values.bays } })), chosen: [] };
    const spec = JSON.stringify(charts(sweepReport(grid, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0].spec);
    expect(spec).toContain('"axis":{"title":"Grid connection (kW): hub.gridKw"');
    // A charger group's field is named as the chargers table heads it; a path named nowhere keeps the path alone.
    const cabinets: SweepData = { params: ['hub.chargers[0].cabinets'], rows: rows.filter((r) => r.values.grid_kw === 2400).map((r) => ({ ...r, values: { 'hub.chargers[0].cabinets': r.values.bays } })), chosen: [] };
    expect(JSON.stringify(charts(sweepReport(cabinets, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0].spec)).toContain('"axis":{"title":"Cabinets: hub.chargers[0].cabinets"');
    // Each as the chargers table heads it, the same words in both places.
    const kw: SweepData = { params: ['hub.chargers[0].cabinetKw'], rows: rows.filter((r) => r.values.grid_kw === 2400).map((r) => ({ ...r, values: { 'hub.chargers[0].cabinetKw': r.values.bays } })), chosen: [] };
    expect(JSON.stringify(charts(sweepReport(kw, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0].spec)).toContain('"axis":{"title":"Cabinet kW: hub.chargers[0].cabinetKw"');
    const table = inputBlocks({ hub: { chargers: [{ id: 'ccs', connector: 'CCS', cabinets: 2, cabinetKw: 400 }] } }, '').find((b) => b.kind === 'table' && JSON.stringify(b.head).includes('Connector'));
    expect(table?.kind === 'table' && table.head.slice(2, 6).map(cellText)).toEqual(['Cabinets', 'Bays per cabinet', 'Cabinet kW', 'Bay kW']);
    const spaces: SweepData = { params: ['arrivals.fleetMix'], rows: rows.filter((r) => r.values.grid_kw === 2400).map((r) => ({ ...r, values: { 'arrivals.fleetMix': r.values.bays } })), chosen: [] };
    expect(JSON.stringify(charts(sweepReport(spaces, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0].spec)).toContain('"axis":{"title":"arrivals.fleetMix"');
  });

  test('a parameter with one value in every design is neither the horizontal axis nor part of a series: the caption gives it', async () => {
    // `--set horizon.days=7` first, as a planner shortens a sweep: every design stood on one tick.
    const short: SweepData = { params: ['days', 'bays', 'grid_kw'], rows: rows.map((r) => ({ ...r, values: { days: 7, ...r.values } })), chosen: ['b7-g3000'] };
    const chart = charts(sweepReport(short, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0];
    expect(chart.caption.join('')).toContain('Service level of each design against bays, one line per value of grid_kw (');
    expect(chart.caption.join('')).toContain(' days is 7 in every design.');
    const spec = JSON.stringify(chart.spec);
    expect(spec).toContain('"axis":{"title":"bays"');
    expect(spec).toContain('"series":"grid_kw 2,400"');
    expect(spec).not.toContain('days 7');
    // Last, it is left out of the series' names alike; where every parameter varies, nothing is said.
    const last: SweepData = { params: ['bays', 'grid_kw', 'days'], rows: short.rows, chosen: [] };
    const lastChart = charts(sweepReport(last, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0];
    expect(JSON.stringify(lastChart.spec)).toContain('"range":["#0072B2","#D55E00"]');
    expect((await renderSvg(lastChart.spec, 'l')).svg).toContain('>grid_kw 3,000<');
    expect(charts(doc)[0].caption.join('')).not.toContain('in every design.');
  });

  test('a number in a legend, a caption or a label carries its unit where its parameter has one: kW and kWh are not left to a guess', async () => {
    const renamed = (r: SweepData['rows'][number]) => ({ ...r, values: { 'horizon.days': 7, 'hub.battery.capacityKwh': r.values.bays * 500, 'hub.gridKw': r.values.grid_kw } });
    const battery: SweepData = { params: ['horizon.days', 'hub.battery.capacityKwh', 'hub.gridKw'], rows: rows.map(renamed), chosen: ['b7-g3000'] };
    const chart = charts(sweepReport(battery, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0];
    const spec = JSON.stringify(chart.spec);
    expect(spec).toContain('"axis":{"title":"Battery capacity (kWh): hub.battery.capacityKwh"');
    expect(spec).toContain('"series":"hub.gridKw 2,400 kW"');
    expect(spec).toContain('"label":"chosen: design b7-g3000 (capacityKwh 3,500 kWh)"');
    expect(chart.caption.join('')).toContain(' horizon.days is 7 days in every design.');
    expect((await renderSvg(chart.spec, 'u')).svg).toContain('>hub.gridKw 3,000 kW<');
    // A parameter with no unit, or a value that is no number, as before.
    const policy: SweepData = { params: ['bays', 'hub.allocation'], rows: rows.map((r) => ({ ...r, values: { bays: r.values.bays, 'hub.allocation': r.values.grid_kw === 2400 ? 1 : 2 } })), chosen: [] };
    const policySpec = JSON.stringify(charts(sweepReport(policy, { title: 'Sweep', facts: [], generator: '0.1.0', labels: { 'hub.allocation': ['equal', 'fifo'] } }))[0].spec);
    expect(policySpec).toContain('"series":"hub.allocation fifo"');
    expect(policySpec).toContain('"axis":{"title":"bays"');
  });

  test('lines that coincide (a grid limit that never binds) are named in the caption, as they run side by side only a few pixels apart', () => {
    const third = rows.filter((r) => r.values.grid_kw === 3000).map((r) => ({ ...r, design: `${r.design}-x`, values: { ...r.values, grid_kw: 3600 } }));
    const caption = (d: SweepData, searched = false) => charts(sweepReport(d, { title: 'S', facts: [], generator: '0.1.0', searched }))[0].caption.join('');
    expect(caption({ ...data, rows: [...rows, ...third] })).toContain(' Lines that coincide, with the same mean at every value of bays, so that they run side by side only the few pixels that set the series apart: grid_kw 3,000 and grid_kw 3,600.');
    expect(caption(data)).not.toContain('coincide');
    // Series with no mean anywhere draw no line: nothing coincides.
    const empty = [2400, 3000].flatMap((g) => rows.filter((r) => r.values.grid_kw === 3000).map((r) => ({ ...r, design: `${r.design}-${g}`, values: { ...r.values, grid_kw: g + 1 }, mean: NaN, ci95Low: NaN, ci95High: NaN })));
    expect(caption({ ...data, rows: [...rows, ...empty] })).not.toContain('coincide');
    // A search joins no points: nothing hides behind a line.
    expect(caption({ ...data, rows: [...rows, ...third] }, true)).not.toContain('coincide');
    // Past three groups, the rest are counted: one group is one, not "1 more such groups".
    const pairs = (groups: number) =>
      Array.from({ length: 2 * groups }, (_, k) => [6, 7].map((bays) => ({ design: `b${bays}-p${k}`, values: { bays, grid_kw: 1000 + k }, metric: 'service_level', mean: 0.5 + Math.floor(k / 2) / 100, ci95Low: 0.4, ci95High: 0.7 }))).flat();
    expect(caption({ ...data, rows: pairs(4) })).toMatch(/grid_kw 1,004 and grid_kw 1,005; and 1 more such group\. /);
    expect(caption({ ...data, rows: pairs(5) })).toMatch(/; and 2 more such groups\. /);
  });

  test("a bound beside a target has the digits it takes to show its side, as the terminal's has", () => {
    // A lower bound of 0.13814131 against margin_per_kwh >= 0.13814: at its precision's four
    // digits it reads 0.1381, below the target the design is said to meet.
    const margin = [{ design: '5', values: { capacity: 1100 }, metric: 'margin_per_kwh', mean: 0.1394, ci95Low: 0.13814131, ci95High: 0.1407, replications: 5, verdict: 'meets' }];
    const rules = { margin_per_kwh: [{ value: 0.13814, label: 'target >= 0.13814' }] };
    const tableOf = (d: ReportDoc) => d.sections.flatMap((sec) => sec.blocks).find((b) => b.kind === 'table' && b.head.length > 3);
    const cell = (d: ReportDoc) => {
      const t = tableOf(d);
      if (t?.kind !== 'table') throw new Error('no table');
      const c = t.rows[0][3];
      return typeof c === 'string' ? c : `${String(c.text)} ${c.sub}`;
    };
    expect(cell(sweepReport({ params: ['capacity'], rows: margin }, { title: 'Sizing', facts: [], generator: '0.1.0', rules }))).toBe('0.139400 [0.138141, 0.140700]');
    // Without a target there is nothing to keep a side of: the estimate's own precision.
    expect(cell(sweepReport({ params: ['capacity'], rows: margin }, { title: 'Sizing', facts: [], generator: '0.1.0' }))).toBe('0.1394 [0.1381, 0.1407]');
  });

  test('captions say what is drawn: no whiskers from one replication, no lines where the search skipped values', () => {
    expect(charts(doc)[0].caption.join('')).toContain('one line per value of grid_kw (points: means over replications; whiskers: 95 % confidence intervals)');
    const one = sweepReport({ ...data, rows: rows.map((r) => ({ ...r, ci95Low: NaN, ci95High: NaN })) }, { title: 'Sweep', facts: [], generator: '0.1.0', replications: 1 });
    expect(charts(one)[0].caption.join('')).toContain('(points: means over replications; no whiskers: no design here has an interval, as one replication gives none)');
    // A share's interval past 100 % is cut where the axis ends, and the caption says so.
    const past = sweepReport({ ...data, rows: rows.map((r, i) => (i === 0 ? { ...r, ci95High: 1.04 } : r)) }, { title: 'Sweep', facts: [], generator: '0.1.0' });
    expect(charts(past)[0].caption.join('')).toContain('whiskers: 95 % confidence intervals; cut at 0 and 100 %, which no design can pass: the table gives them in full)');
    // The link to the table of designs promises no interval either.
    const link = charts(one)[0].data;
    expect(link.kind === 'see' && link.rest.join('')).toBe(', whose column \u201cService level (%)\u201d gives each design\u2019s mean (one replication gives no interval).');
    // And so does the table's note.
    const noteOf = (d: ReportDoc) => d.sections.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'table' ? [(b.note ?? []).join('')] : []));
    expect(noteOf(doc)[0]).toMatch(/^Means over replications, with 95 % confidence intervals below them; shares in per cent\./);
    expect(noteOf(one)[0]).toMatch(/^Each design\u2019s values from its one replication, which gives no interval; shares in per cent\./);
    // Over more replications, no interval means no design defines the metric in two of them (a
    // peak in a window shorter than a power interval): nothing says "one replication" then.
    const none = sweepReport({ ...data, rows: rows.map((r) => ({ ...r, ci95Low: NaN, ci95High: NaN })) }, { title: 'Sweep', facts: [], generator: '0.1.0', replications: 3 });
    expect(charts(none)[0].caption.join('')).toContain('no whiskers: no design here has an interval, as none defines it in two replications or more)');
    const noneLink = charts(none)[0].data;
    expect(noneLink.kind === 'see' && noneLink.rest.join('')).toBe(', whose column \u201cService level (%)\u201d gives each design\u2019s mean (no design defines it in two replications or more, so none has an interval).');
    expect(noteOf(none)[0]).toMatch(/^Means over replications, with no interval: no design defines a metric in two replications or more; shares in per cent\./);
    expect(JSON.stringify(none)).not.toContain('one replication');
    const searched = sweepReport(data, { title: 'Sizing', facts: [], generator: '0.1.0', searched: true });
    expect(charts(searched)[0].caption.join('')).toContain('one colour and shape per value of grid_kw');
  });

  test("many series: the legend wraps into rows that fit the chart's width", async () => {
    // 26 values of the second parameter, as `--set 'hub.gridKw=2000..2025'` gives.
    const many = [6, 7].flatMap((bays) => Array.from({ length: 26 }, (_, i) => ({ design: `b${bays}-g${i}`, values: { bays, grid_kw: 2000 + i }, metric: 'service_level', mean: 0.6 + bays / 100, ci95Low: 0.55, ci95High: 0.75 })));
    const chart = charts(sweepReport({ params: ['bays', 'grid_kw'], rows: many }, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0];
    const { svg, warnings } = await renderSvg(chart.spec, 'many');
    expect(warnings).toEqual([]);
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    expect(width).toBeLessThan(1000); // in one row: 5,109 px
    expect(svg).toContain('>grid_kw 2,025<');
  });

  test('past 30 series the legend still names every one; past 64, which would share colours and shapes, there is none, and the caption says why', async () => {
    const seriesOf = (n: number) => [6, 7].flatMap((bays) => Array.from({ length: n }, (_, i) => ({ design: `b${bays}-g${i}`, values: { bays, grid_kw: 2000 + i }, metric: 'service_level', mean: 0.6 + bays / 100, ci95Low: 0.55, ci95High: 0.75 })));
    const chartOf = (n: number) => charts(sweepReport({ params: ['bays', 'grid_kw'], rows: seriesOf(n) }, { title: 'Sweep', facts: [], generator: '0.1.0' }))[0];
    // Up to 30, Vega's own limit, the spec is as it was.
    expect(JSON.stringify(chartOf(30).spec)).not.toContain('symbolLimit');
    // Just past it, every one is named too.
    const thirtyOne = await renderSvg(chartOf(31).spec, 'thirty-one');
    expect(thirtyOne.svg).not.toMatch(/entries</);
    expect(thirtyOne.svg).toContain('>grid_kw 2,030<');
    // Vega named the first 29 of 40 and then "…11 entries".
    const forty = await renderSvg(chartOf(40).spec, 'forty');
    expect(forty.warnings).toEqual([]);
    expect(forty.svg).not.toMatch(/entries</);
    expect(forty.svg).toContain('>grid_kw 2,039<');
    expect(chartOf(40).caption.join('')).not.toContain('legend');
    // 64 is every pair of a colour and a shape once: each series still looks like no other.
    expect(chartOf(64).caption.join('')).not.toContain('legend');
    expect(JSON.stringify(chartOf(64).spec).includes('"legend":{"title":null')).toBe(true);
    expect(chartOf(65).caption.join('')).toContain(' There is no legend: the 65 series');
    const seventy = chartOf(70);
    expect(JSON.stringify(seventy.spec).includes('"legend":{"title":null')).toBe(false);
    const { svg, warnings } = await renderSvg(seventy.spec, 'seventy');
    expect(warnings).toEqual([]);
    expect(svg).not.toContain('role-legend');
    expect(seventy.caption.join('')).toContain(' There is no legend: the 70 series, one per value of grid_kw, are more than the 64 pairs of a colour and a shape that tell series apart, and the table gives each design\u2019s values.');
  });

  test('money, energy, truck counts and battery use say what window they are totals over; peaks, shares and a margin per kWh do not', () => {
    // A priced sweep over battery sizes: a demand charge of 21,667 is the window's, not a month's.
    const priced = ['battery_cycles', 'energy_cost', 'demand_charge', 'margin_per_kwh', 'trucks_reneged', 'queue_mean'].flatMap((metric) =>
      rows.filter((r) => r.metric === 'grid_peak_kw').map((r) => ({ ...r, metric, mean: 100, ci95Low: 90, ci95High: 110 })),
    );
    const d = sweepReport({ ...data, rows: [...rows, ...priced] }, { title: 'Sizing', facts: [], generator: '0.1.0' });
    const caption = (metric: string) => charts(d).find((c) => c.id === `frontier-${metric.replace(/_/g, '-')}`)!.caption.join('');
    const window = 'over each design\u2019s statistics window (its horizon.days less horizon.warmupDays)';
    for (const metric of ['battery_cycles', 'energy_cost', 'demand_charge', 'trucks_reneged']) expect(caption(metric)).toContain(`is a total ${window}, not a monthly or yearly figure.`);
    for (const metric of ['service_level', 'grid_peak_kw', 'margin_per_kwh', 'queue_mean']) expect(caption(metric)).not.toContain('total');
    const note = JSON.stringify(d.sections.find((s) => s.id === 'designs')?.blocks.find((b) => b.kind === 'table'));
    expect(note).toContain(`Battery use, energy cost, demand charge and trucks reneged are totals ${window}, not monthly or yearly figures.`);
    // The battery's use reads in the cycles it is worth, on its axis, in its caption and in the table's column.
    const cycles = charts(d).find((c) => c.id === 'frontier-battery-cycles')!;
    expect(JSON.stringify(cycles.spec)).toContain('"title":"Battery use (equivalent full cycles)"');
    expect(cycles.caption.join('')).toContain(`Battery use is a total ${window}`);
    expect(JSON.stringify(cycles.data)).toContain('\u201cBattery use (equivalent full cycles)\u201d');
    expect(JSON.stringify(d)).not.toMatch(/\(cycles\)|Battery cycles/);
    // The plain sweep of service and peaks has no total to speak of.
    expect(JSON.stringify(doc)).not.toContain('total');
  });

  test("the window of each design's totals: once where the designs agree, in a column where they differ", () => {
    const priced = [...rows, ...rows.filter((r) => r.metric === 'grid_peak_kw').map((r) => ({ ...r, metric: 'demand_charge', mean: 100, ci95Low: 90, ci95High: 110 }))];
    const designs = [...new Set(rows.map((r) => r.design))];
    const report = (window: (design: string) => { days: number; warmupDays: number }) =>
      sweepReport({ ...data, rows: priced }, { title: 'S', facts: [['Seed', '1']], generator: '0.1.0', windows: new Map(designs.map((d) => [d, window(d)])) });
    const caption = (d: ReportDoc) => charts(d).find((c) => c.id === 'frontier-demand-charge')!.caption.join('');
    const table = (d: ReportDoc) => d.sections.find((s) => s.id === 'designs')!.blocks.find((b) => b.kind === 'table') as Extract<Block, { kind: 'table' }>;
    const same = report(() => ({ days: 30, warmupDays: 2 }));
    expect(same.facts).toEqual([['Seed', '1'], ['Statistics window', '28 days after a 2-day warm-up']]);
    expect(caption(same)).toContain('Demand charge is a total over each design\u2019s 28 days after a 2-day warm-up, not a monthly or yearly figure.');
    expect(caption(report(() => ({ days: 367, warmupDays: 2 })))).toContain('Demand charge is a total over each design\u2019s 365 days after a 2-day warm-up, a year\u2019s figure.');
    expect(JSON.stringify(table(same).note)).toContain('Demand charge is a total over each design\u2019s 28 days after a 2-day warm-up');
    expect(table(same).head).not.toContain('Statistics window');
    // A sweep of the horizon: each design's own window, in the table.
    const each = report((d) => (d.endsWith('g2400') ? { days: 14, warmupDays: 0 } : { days: 30, warmupDays: 2 }));
    expect(each.facts).toContainEqual(['Statistics window', 'differs between designs (see the table of designs)']);
    expect(caption(each)).toContain('Demand charge is a total over each design\u2019s statistics window, which differs between designs (the table\u2019s \u201cStatistics window\u201d column)');
    const t = table(each);
    const column = t.head.indexOf('Statistics window');
    expect(column).toBe(3); // after the design and its two parameters
    expect(t.rows.map((r) => r[column])).toEqual(designs.map((d) => (d.endsWith('g2400') ? '14 days' : '28 days after a 2-day warm-up')));
  });

  test('a fitted vertical axis says where it starts, where it is drawn', () => {
    // Service levels of 0.79-0.94: the axis starts above 0, and the caption says where.
    const chart = charts(doc)[0];
    const start = /"field":"mean","type":"quantitative","axis":\{[^}]*\},"scale":\{"domain":\[([^,\]]*)/.exec(JSON.stringify(chart.spec))![1];
    expect(chart.caption.join('')).toContain(`The vertical axis starts at ${Number(start) * 100}\u00a0%.`);
    // A start at 72.55 % was said as 73 %; at 72 %, the first tick labelled was 75 %: it is drawn at a tick, 70 %.
    const share = sweepReport({ params: ['bays'], rows: [6, 7].map((bays, i) => ({ design: String(bays), values: { bays }, metric: 'served_share', mean: [0.75, 0.97][i], ci95Low: [0.7449, 0.96][i], ci95High: [0.76, 0.98][i] })) }, { title: 'Sweep', facts: [], generator: '0.1.0' });
    expect(charts(share)[0].caption.join('')).toContain('The vertical axis starts at 70\u00a0%.');
    expect(JSON.stringify(charts(share)[0].spec)).toContain('"domain":[0.7,');
    // The start is a tick of the axis Vega-Lite draws (d3's ticks, one per 40 px of its 300): 59 % was labelled 60 % first.
    const [lo, hi] = JSON.parse(/"field":"mean","type":"quantitative","axis":\{[^}]*\},"scale":\{"domain":(\[[^\]]*\])/.exec(JSON.stringify(charts(share)[0].spec))![1]) as [number, number];
    expect(ticks(lo, hi, Math.ceil(300 / 40))[0]).toBeCloseTo(lo, 12);
    // Waits of 0.1-0.3 min: a start the axis draws as 0.09 is said so, not as 0.0900.
    const waits = sweepReport({ params: ['bays'], rows: [6, 7, 8].map((bays, i) => ({ design: String(bays), values: { bays }, metric: 'wait_mean_min', mean: [0.3, 0.2, 0.1][i], ci95Low: [0.28, 0.19, 0.095][i], ci95High: [0.32, 0.21, 0.105][i] })) }, { title: 'Sweep', facts: [], generator: '0.1.0' });
    const waitStart = /"scale":\{"domain":\[([^,\]]*)/.exec(JSON.stringify(charts(waits)[0].spec).slice(JSON.stringify(charts(waits)[0].spec).indexOf('"field":"mean"')))![1];
    const said = /The vertical axis starts at ([^ ]*) min\./.exec(charts(waits)[0].caption.join(''))?.[1];
    expect(Number(said)).toBe(Number(waitStart));
    expect(said).not.toMatch(/\.\d*0$/);
  });

  test('the table lists every design with its parameters and each metric with its interval', () => {
    const t = doc.sections[1].blocks[0];
    if (t.kind !== 'table') throw new Error('no table');
    expect(t.rows).toHaveLength(6);
    expect(t.rows[3]).toEqual([
      { text: [{ strong: 'b7-g3000' }, ' (chosen)'] },
      { text: '7', num: true },
      { text: '3,000', num: true },
      { text: '88.0', sub: '[87.0, 89.0]', num: true },
      { text: '2,970', sub: '[2,940, 3,000]', num: true },
    ]);
  });

  test("each frontier's data is the table of designs, whose column for its metric holds every point's mean and interval", () => {
    const table = doc.sections.find((s) => s.id === 'designs')?.blocks.find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('no table of designs');
    const heads = table.head.map(cellText);
    for (const c of charts(doc)) {
      if (c.data.kind !== 'see') throw new Error(`${c.id}: no link to the table`);
      expect(c.data.target).toBe('designs');
      const column = heads.findIndex((h) => c.data.kind === 'see' && c.data.rest.join('').includes(`\u201c${h}\u201d`));
      expect(column).toBeGreaterThan(0);
      const scale = heads[column].endsWith('(%)') ? 100 : 1;
      const points = (c.spec as unknown as { data: { values: { design: string; mean: number; lo: number; hi: number }[] } }).data.values;
      expect(points).toHaveLength(6);
      for (const p of points) {
        const row = table.rows.find((r) => cellText(r[0]).startsWith(p.design))!;
        const [mean, interval] = [cellText(row[column]).split(' [')[0], `[${cellText(row[column]).split(' [')[1]}`];
        const ends = interval.slice(1, -1).split(', ').map((t) => Number(t.replace(/,/g, '')));
        const near = (shown: number, x: number, text: string) => Math.abs(shown - x * scale) <= 0.5 * 10 ** -(/\.(\d+)$/.exec(text)?.[1].length ?? 0) + 1e-9;
        expect({ design: p.design, mean: near(Number(mean.replace(/,/g, '')), p.mean, mean), lo: near(ends[0], p.lo, interval), hi: near(ends[1], p.hi, interval) }).toEqual({ design: p.design, mean: true, lo: true, hi: true });
      }
    }
  });

  test("the series at one value are drawn 6 px apart, so that their whiskers do not hide one another, and the caption says so", async () => {
    const chart = charts(doc)[0];
    const { svg } = await renderSvg(chart.spec, 'd');
    // The whiskers are the vertical rules: x1 = x2, with a y1 ≠ y2.
    const whiskers = [...svg.matchAll(/<line transform="translate\(([\d.]+),[\d.]+\)" x2="0" y2="(-?[\d.]+)" stroke="(#[0-9A-Fa-f]+)"/g)].filter((m) => m[2] !== '0' && m[3] !== '#8c959f').map((m) => Number(m[1]));
    expect(whiskers).toHaveLength(6);
    const sorted = [...whiskers].sort((a, b) => a - b);
    // Two at each of 6, 7 and 8 bays, 6 px apart; the values themselves 760/3 px apart.
    for (let k = 0; k < 6; k += 2) expect(sorted[k + 1] - sorted[k]).toBeCloseTo(6, 5);
    expect(sorted[2] - sorted[0]).toBeCloseTo(760 / 3, 5);
    expect(chart.caption.join('')).toContain('The series are drawn a few pixels apart sideways, so that their whiskers do not hide one another: each point belongs to the bays of the tick nearest it.');
    // One series is drawn at its values.
    const one = sweepReport({ params: ['bays'], rows: rows.filter((r) => r.values.grid_kw === 2400).map((r) => ({ ...r, values: { bays: r.values.bays } })) }, { title: 'Bays', facts: [], generator: '0.1.0' });
    expect(JSON.stringify(charts(one)[0].spec)).toContain('"x":7,');
    expect(charts(one)[0].caption.join('')).not.toContain('apart sideways');
  });

  test('a chart names in its caption the designs with no value of its metric, which have no point', () => {
    const extra = [6, 7, 8].map((bays) => ({ design: `b${bays}-g2400`, values: { bays, grid_kw: 2400 }, metric: 'wait_mean_min', mean: bays === 7 ? 1.5 : NaN, ci95Low: NaN, ci95High: NaN }));
    const d = sweepReport({ ...data, rows: [...rows, ...extra] }, { title: 'Sizing', facts: [], generator: '0.1.0' });
    const caption = (id: string) => charts(d).find((c) => c.id === id)!.caption.join('');
    // b6 and b8 at 2,400 kW have a NaN; the 3,000 kW designs have no row of it at all.
    expect(caption('frontier-wait-mean-min')).toContain(' Designs b6-g2400, b6-g3000, b7-g3000, b8-g2400, b8-g3000 have no value here, and no point.');
    expect(caption('frontier-service-level')).not.toContain('no value');
    const one = sweepReport({ ...data, rows: [...rows, ...extra.map((r) => ({ ...r, mean: 1 }))] }, { title: 'Sizing', facts: [], generator: '0.1.0' });
    expect(charts(one).find((c) => c.id === 'frontier-wait-mean-min')!.caption.join('')).toContain(' Designs b6-g3000, b7-g3000, b8-g3000 have no value here');
  });

  test("the table's note names the designs whose interval of the grid's peak reaches past the connection they sweep, which grid power never does", () => {
    const note = (d: ReportDoc) => JSON.stringify(d.sections[1].blocks.find((b) => b.kind === 'table')?.kind === 'table' ? (d.sections[1].blocks.find((b) => b.kind === 'table') as { note: unknown }).note : '');
    const swept = (high: (gridKw: number) => number) =>
      sweepReport(
        { params: ['bays', 'hub.gridKw'], rows: [6, 7].flatMap((bays) => [2000, 2500].map((g) => ({ design: `b${bays}-g${g}`, values: { bays, 'hub.gridKw': g }, metric: 'grid_peak_kw', mean: g - 10, ci95Low: g - 30, ci95High: high(g) }))) },
        { title: 'Peaks', facts: [], generator: '0.1.0' },
      );
    expect(note(swept((g) => g - 1))).not.toContain('never passes');
    expect(note(swept((g) => (g === 2000 ? g + 12 : g)))).toContain('Grid power never passes a design\u2019s connection (hub.gridKw), yet the interval of the peak grid power reaches past it in designs b6-g2000, b7-g2000: the interval knows nothing of the limit.');
  });

  test("the connections run.json records name the designs whose peak's interval passes theirs, the connection swept or not", () => {
    const note = (d: ReportDoc) => JSON.stringify((d.sections[1].blocks.find((b) => b.kind === 'table') as { note: unknown }).note);
    const rowsOf = (high: number) => [6, 7, 8].map((bays) => ({ design: String(bays - 5), values: { bays }, metric: 'grid_peak_kw', mean: 2990, ci95Low: 2980, ci95High: bays === 7 ? high : 2999 }));
    // Designs 1 and 2 on 3,000 kW, design 3 with no limit at all.
    const connections = new Map([['1', 3000], ['2', 3000]]);
    const report = (high: number, c?: ReadonlyMap<string, number>) => sweepReport({ params: ['bays'], rows: rowsOf(high) }, { title: 'Peaks', facts: [], generator: '0.1.0', ...(c ? { connections: c } : {}) });
    expect(note(report(3004, connections))).toContain('yet the interval of the peak grid power reaches past it in design 2: the interval knows nothing of the limit.');
    expect(note(report(3000, connections))).not.toContain('never passes');
    // Past it by rounding alone (a peak held at the connection, its sd 4.5e-13) is not past it.
    expect(note(report(3000.0000000000045, connections))).not.toContain('never passes');
    // Design 3 has no connection to pass; a folder without them knows only a swept one.
    expect(note(report(3004, new Map([['1', 3000]])))).not.toContain('never passes');
    expect(note(report(3004))).not.toContain('never passes');
  });

  // The flat stretches of a peak at 2,000, 2,500 and 3,000 kW are the connections holding it: unmarked, they read as the hub's demand.
  test("the grid peak's chart draws the connections its designs' peaks reach as labelled rules, and not one far above every peak", () => {
    const rulesOf = (d: ReportDoc) => {
      const spec = JSON.stringify(charts(d).find((c) => c.id === 'frontier-grid-peak-kw')!.spec);
      return [...spec.matchAll(/"label":"(Grid connection [^"]+)"/g)].map((m) => m[1]).filter((l, i, all) => all.indexOf(l) === i);
    };
    const captionOf = (d: ReportDoc) => charts(d).find((c) => c.id === 'frontier-grid-peak-kw')!.caption.join('');
    // Swept: 2,000 kW is reached (a mean of 1,990), 2,500 kW is not (a mean of 2,300).
    const swept = sweepReport(
      { params: ['bays', 'hub.gridKw'], rows: [6, 7].flatMap((bays) => [2000, 2500].map((g) => ({ design: `b${bays}-g${g}`, values: { bays, 'hub.gridKw': g }, metric: 'grid_peak_kw', mean: g === 2000 ? 1990 : 2300, ci95Low: 1900, ci95High: 2000 }))) },
      { title: 'Peaks', facts: [], generator: '0.1.0' },
    );
    expect(rulesOf(swept)).toEqual(['Grid connection 2,000 kW']);
    expect(captionOf(swept)).toContain('Dashed rule marks the grid connection the peaks reach: grid power never passes its design\u2019s connection');
    // Recorded by run.json, not swept: one connection for all, reached; or one far above the peaks.
    const rows = [6, 7, 8].map((bays) => ({ design: String(bays - 5), values: { bays }, metric: 'grid_peak_kw', mean: 2000 + 100 * bays, ci95Low: 1900, ci95High: 3000 }));
    const recorded = (kw: number) => sweepReport({ params: ['bays'], rows }, { title: 'Peaks', facts: [], generator: '0.1.0', connections: new Map(['1', '2', '3'].map((d) => [d, kw])) });
    expect(rulesOf(recorded(2800))).toEqual(['Grid connection 2,800 kW']);
    expect(rulesOf(recorded(10_000))).toEqual([]);
    expect(captionOf(recorded(10_000))).not.toContain('Dashed rule');
    expect(captionOf(recorded(10_000))).not.toContain('never passes');
    // Five connections reached are too many to draw: the caption still says what holds the peaks.
    const five = sweepReport(
      { params: ['hub.gridKw'], rows: [1000, 2000, 3000, 4000, 5000].map((g) => ({ design: String(g), values: { 'hub.gridKw': g }, metric: 'grid_peak_kw', mean: g, ci95Low: g, ci95High: g })) },
      { title: 'Peaks', facts: [], generator: '0.1.0' },
    );
    expect(rulesOf(five)).toEqual([]);
    expect(captionOf(five)).toContain('Grid power never passes its design\u2019s connection, so a peak that levels off at one is held by it (the 5 connections the peaks reach are too many to draw).');
    // A sizing's target at a connection is drawn once, as the target.
    const targeted = sweepReport({ params: ['bays'], rows }, { title: 'Peaks', facts: [], generator: '0.1.0', connections: new Map(['1', '2', '3'].map((d) => [d, 2800])), rules: { grid_peak_kw: [{ value: 2800, label: 'target <= 2,800' }] } });
    expect(rulesOf(targeted)).toEqual([]);
    expect(JSON.stringify(charts(targeted).find((c) => c.id === 'frontier-grid-peak-kw')!.spec)).toContain('target <= 2,800');
  });

  test("a sizing's answers at one value in several series are ringed a ring's width apart, not on one another", () => {
    const allocation = ['equal', 'fifo', 'deadline'];
    const rowsOf = [4, 5, 6].flatMap((bays) => [1, 2, 3].map((k) => ({ design: `${bays}-${k}`, values: { bays, 'hub.allocation': k }, metric: 'service_level', mean: bays === 6 ? 0.976 : 0.9, ci95Low: 0.96, ci95High: 0.99 })));
    const plan = planReport({ kind: 'size', scenario: 's', seed: 1, replications: 3, targets: ['service_level>=0.95'], labels: { 'hub.allocation': allocation }, data: { params: ['bays', 'hub.allocation'], rows: rowsOf, chosen: ['6-1', '6-2', '6-3'] } }, '0.1.0');
    const chart = charts(plan)[0];
    const spec = chart.spec as unknown as { layer: { data?: { values: { x: number }[] }; mark: { size?: number } }[]; encoding?: unknown };
    const rings = spec.layer.find((l) => l.mark.size === 360)!.data!.values.map((v) => v.x).sort((a, b) => a - b);
    // The axis runs 3.5 to 6.5 bays over 760 px: 22 px are 22 × 3 / 760 bays.
    expect(rings[1] - rings[0]).toBeCloseTo((22 * 3) / 760, 9);
    expect(rings[2] - rings[1]).toBeCloseTo((22 * 3) / 760, 9);
    expect(chart.caption.join('')).toContain('the rings of answers at one value do not hide one another');
  });

  test('a single parameter gives one unlabelled line; the page is well-formed', async () => {
    const one = sweepReport({ params: ['bays'], rows: rows.filter((r) => r.values.grid_kw === 2400).map((r) => ({ ...r, values: { bays: r.values.bays } })) }, { title: 'Bays', facts: [], generator: '0.1.0' });
    expect(await renderSvg(charts(one)[0].spec, 'one').then((r) => r.svg)).not.toContain('role-legend');
    expect(parseErrors(await renderReport(one))).toEqual([]);
  });

  test('a parameter of text values is named in the table, the legend and the ticks of the horizontal axis, its points not joined', async () => {
    // As read from a sweep over bays and hub.allocation: text values stand on a chart by their position.
    const allocation = ['equal', 'fifo', 'deadline'];
    const prow = (bays: number, k: number) => ({ design: `${bays}-${k}`, values: { bays, 'hub.allocation': k }, metric: 'service_level', mean: 0.9, ci95Low: 0.89, ci95High: 0.91 });
    const plan = planReport(
      { kind: 'sweep', scenario: 's', seed: 1, replications: 4, targets: [], labels: { bays: ['5', '6'], 'hub.allocation': allocation }, data: { params: ['bays', 'hub.allocation'], rows: [5, 6].flatMap((b) => [1, 2, 3].map((k) => prow(b, k))) } },
      '0.1.0',
    );
    const t = plan.sections[1].blocks[0];
    if (t.kind !== 'table') throw new Error('no table');
    expect(t.rows.map((r) => (r[2] as { text: string }).text)).toEqual(['equal', 'fifo', 'deadline', 'equal', 'fifo', 'deadline']);
    expect(JSON.stringify(charts(plan)[0].spec)).toContain('"series":"hub.allocation fifo"');
    expect(plan.lede.join(' ')).not.toContain('hub.allocation is numbered');
    expect(plan.lede.join(' ')).toContain('Every combination of bays and hub.allocation,');
    // The colophon names the version that wrote the results, or, where run.json names none, the one drawing the page as such.
    const page = (p: ReportDoc) => pageHtml(p, new Map(charts(p).map((c) => [c.id, '<svg></svg>'])), { vega: '', vegaLite: '' });
    expect(page(plan)).toContain('Made by hubsim 0.1.0 from the CSV files and <code>run.json</code> of the output folder, written by an earlier hubsim that run.json does not name;');
    const versioned = planReport({ kind: 'sweep', hubsim: '0.0.9', scenario: 's', seed: 1, replications: 4, targets: [], labels: { bays: ['5', '6'], 'hub.allocation': allocation }, data: { params: ['bays', 'hub.allocation'], rows: [5, 6].flatMap((b) => [1, 2, 3].map((k) => prow(b, k))) } }, '0.1.0');
    expect(page(versioned)).toContain('Made from the CSV files and <code>run.json</code> of the output folder, results of hubsim 0.0.9;');
    const three = planReport(
      { kind: 'sweep', scenario: 's', seed: 1, replications: 4, targets: [], labels: { bays: ['5', '6'], 'hub.allocation': allocation, x: ['1'] }, data: { params: ['bays', 'hub.allocation', 'x'], rows: [5, 6].flatMap((b) => [1, 2, 3].map((k) => ({ ...prow(b, k), values: { bays: b, 'hub.allocation': k, x: 1 } }))) } },
      '0.1.0',
    );
    expect(three.lede.join(' ')).toContain('Every combination of bays, hub.allocation and x,');
    // As the first parameter it is the horizontal axis, whose ticks are its values by name; the
    // points stand apart, as no order runs from one policy to the next.
    const first = planReport(
      { kind: 'sweep', scenario: 's', seed: 1, replications: 4, targets: [], labels: { 'hub.allocation': allocation }, data: { params: ['hub.allocation'], rows: [1, 2, 3].map((k) => ({ ...prow(5, k), values: { 'hub.allocation': k } })) } },
      '0.1.0',
    );
    expect(first.lede.join(' ')).not.toContain('numbered');
    const chart = charts(first)[0];
    const { svg, warnings } = await renderSvg(chart.spec, 'named');
    expect(warnings).toEqual([]);
    const ticks = [...svg.matchAll(/<text[^>]*>([a-z]+)<\/text>/g)].map((m) => m[1]);
    expect(allocation.every((a) => ticks.includes(a))).toBe(true);
    expect(svg).not.toMatch(/>[123]<\/text>/);
    expect(JSON.stringify(chart.spec)).not.toContain('"type":"line"');
    expect(chart.caption.join('')).toContain('Points are not joined: the values of hub.allocation are names');
    // A grid connection swept over null and a number: null is the field left out, not a name.
    const grid = planReport(
      { kind: 'sweep', scenario: 's', seed: 1, replications: 4, targets: [], labels: { 'hub.gridKw': ['null', '2000'] }, values: { 'hub.gridKw': [null, 2000] }, data: { params: ['hub.gridKw'], rows: [1, 2].map((k) => ({ ...prow(5, k), values: { 'hub.gridKw': k } })) } },
      '0.1.0',
    );
    const gridChart = charts(grid)[0];
    expect(gridChart.caption.join('')).toContain('Points are not joined: the values of hub.gridKw include null, the field left out of the design (its default), which has no place among the numbers.');
    expect(JSON.stringify(gridChart.spec)).toContain(JSON.stringify('["null (left out)","2,000"][datum.value - 1]'));
    // Along bays, its values are series: a colour and shape each, as there are no lines.
    expect(charts(plan)[0].caption.join('')).toContain('one line per value of hub.allocation');
    const across = planReport(
      { kind: 'sweep', scenario: 's', seed: 1, replications: 4, targets: [], labels: { bays: ['5', '6'], 'hub.allocation': allocation }, data: { params: ['hub.allocation', 'bays'], rows: [5, 6].flatMap((b) => [1, 2, 3].map((k) => prow(b, k))) } },
      '0.1.0',
    );
    expect(charts(across)[0].caption.join('')).toContain('against hub.allocation, one colour and shape per value of bays');
    const t1 = first.sections[1].blocks[0];
    expect(t1.kind === 'table' && t1.rows.map((r) => (r[1] as { text: string }).text)).toEqual(allocation);
  });

  test("a sizing's target is drawn in the unit of its chart: per cent for a share", async () => {
    const rows = [4, 5, 6].flatMap((bays) => [
      { design: String(bays), values: { bays }, metric: 'service_level', mean: 0.9 + bays / 100, ci95Low: 0.89 + bays / 100, ci95High: 0.91 + bays / 100 },
      { design: String(bays), values: { bays }, metric: 'wait_mean_min', mean: 2 - bays / 4, ci95Low: 1.9 - bays / 4, ci95High: 2.1 - bays / 4 },
    ]);
    const plan = planReport({ kind: 'size', scenario: 's', seed: 1, replications: 10, targets: ['service_level>=0.955', 'wait_mean_min<=0.5'], labels: { bays: ['4', '5', '6'] }, data: { params: ['bays'], rows, chosen: ['6'] } }, '0.1.0');
    const [level, wait] = charts(plan).map((c) => JSON.stringify(c.spec));
    // The axis reads 93.0 %, 93.5 %, …: the rule at 0.955 is labelled 95.5 %, not 0.955.
    expect(level).toContain('"format":".1%"');
    const { svg } = await renderSvg(charts(plan)[0].spec, 'f');
    const ticks = [...svg.matchAll(/>([\d.]+%)</g)].map((m) => m[1]);
    expect(ticks).toContain('95.5%');
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(level).toContain('{"v":0.955,"label":"target >= 95.5\u00a0%"}');
    expect(wait).toContain('{"v":0.5,"label":"target <= 0.5"}');
    // Money, on an axis of 23,000 and 24,000: the target as the ticks write it.
    const charge = [4, 5, 6].map((bays) => ({ design: String(bays), values: { bays }, metric: 'demand_charge', mean: 22000 + bays * 300, ci95Low: 21900 + bays * 300, ci95High: 22100 + bays * 300 }));
    const priced = planReport({ kind: 'size', scenario: 's', seed: 1, replications: 10, targets: ['demand_charge<=23000'], labels: { bays: ['4', '5', '6'] }, data: { params: ['bays'], rows: charge, chosen: ['4'] } }, '0.1.0');
    expect(JSON.stringify(charts(priced)[0].spec)).toContain('{"v":23000,"label":"target <= 23,000"}');
  });

  test('a per-cent axis has as many decimals as its ticks need to differ', () => {
    // Vega-Lite puts 8 ticks on the 300 px chart, at d3's steps of 1, 2 or 5 times a power of ten.
    expect(percentDecimals([0.5, 1])).toBe(0); // steps of 5 %
    expect(percentDecimals([0.9268, 0.9732])).toBe(1); // steps of 0.5 %: 93 %, 93.5 %, 94 %
    expect(percentDecimals([0.9352, 0.9503])).toBe(1); // steps of 0.2 %
    expect(percentDecimals([0.94, 0.941])).toBe(2); // steps of 0.01 %
    expect(percentDecimals(undefined)).toBe(0);
    expect(percentDecimals([0.5, 0.5])).toBe(0);
  });

  test("a frontier's whiskers are clipped to the plot: a t-bound may pass a share's 100 %", () => {
    expect(JSON.stringify(charts(doc)[0].spec)).toContain('"type":"rule","strokeWidth":1.5,"clip":true');
  });

  test('an axis stops at what a design could take: no mean of trucks below 0, money below 0 only where a value is', () => {
    // Three replications: 2 trucks reneged in [-0.5, 4.5]; the axis ran from -0.9. A start above 0 is
    // moved down to a tick the axis labels, where the caption says it starts.
    const reneged = (mean: number, lo: number, hi: number, metric = 'trucks_reneged') => sweepReport({ params: ['bays'], rows: [6, 7].map((bays) => ({ design: String(bays), values: { bays }, metric, mean, ci95Low: lo, ci95High: hi })) }, { title: 'Sweep', facts: [], generator: '0.1.0' });
    const domain = (d: ReturnType<typeof sweepReport>) => /"field":"mean","type":"quantitative","axis":\{[^}]*\},"scale":\{"domain":\[([^\]]*)\]/.exec(JSON.stringify(charts(d)[0].spec))?.[1];
    expect(domain(reneged(2, -0.5, 4.5))).toBe('0,4.9');
    expect(domain(reneged(2, 1, 3))).toBe('0.8,3.16');
    expect(domain(reneged(2, 0.1, 3.9))).toBe('0,4.204');
    // A margin may be below 0; revenue all above it keeps the axis from 0 up.
    expect(domain(reneged(-0.01, -0.03, 0.01, 'margin_per_kwh'))).toBe('-0.035,0.0132');
    expect(domain(reneged(100, 10, 190, 'revenue'))).toBe('0,204.4');
    // Money whose lowest value is exactly 0 (a design that sold nothing) is no margin below it: from 0.
    expect(domain(reneged(100, 0, 200, 'revenue'))).toBe('0,216');
  });

  test('64 series each have a colour and shape of their own; the first eight a colour and a shape each', () => {
    const styles = Array.from({ length: 64 }, (_, i) => seriesStyle(i));
    expect(new Set(styles.map((s) => `${s.color} ${s.shape}`)).size).toBe(64);
    // Orange and sky blue, the seventh and eighth, share no shape with the six before them.
    expect(new Set(styles.slice(0, 8).map((s) => s.shape)).size).toBe(8);
    expect(new Set(styles.map((s) => s.color)).size).toBe(8);
  });

  test("up to six series are drawn in colours of at least 3:1 on white (WCAG's contrast for marks), and none in a colour below 2:1", () => {
    const colors = Array.from({ length: 8 }, (_, i) => seriesStyle(i).color);
    for (const color of colors.slice(0, 6)) expect({ color, ratio: contrastOnWhite(color) >= 3 }).toEqual({ color, ratio: true });
    // Orange and sky blue, at 2.3:1, come last; Okabe and Ito's yellow, at 1.3:1, is not among them.
    for (const color of colors) expect({ color, ratio: contrastOnWhite(color) >= 2 }).toEqual({ color, ratio: true });
  });

  test("an overloaded design's note gives the queue bound the run stops at", () => {
    const overloaded = sweepReport({ params: ['bays'], rows: [{ design: '1', values: { bays: 1 }, metric: 'service_level', mean: NaN, ci95Low: NaN, ci95High: NaN, verdict: 'fails', replications: 0 }] }, { title: 'Sizing', facts: [], generator: '0.1.0' });
    const note = JSON.stringify(overloaded.sections.find((x) => x.id === 'designs')!.blocks[0]);
    expect(MAX_WAITING).toBe(100_000);
    expect(note).toContain('a queue past 100,000 trucks, trucks still at the hub a year after the horizon');
  });

  test('no parameter is an error', () => {
    expect(() => sweepReport({ params: [], rows: [] }, { title: '', facts: [], generator: '' })).toThrow(SimulationError);
  });
});

describe("a sizing's report", () => {
  // Bays against grid power; the target service_level >= 0.95, starting at 10 replications, at most 40.
  const design = (id: number, bays: number, gridKw: number, replications: number, mean: number, verdict: string) => ({
    design: String(id),
    values: { bays, grid_kw: gridKw },
    metric: 'service_level',
    mean,
    ci95Low: mean - 0.01,
    ci95High: mean + 0.01,
    replications,
    verdict,
  });
  const rows = [
    design(1, 8, 2000, 10, 0.99, 'meets'),
    design(2, 6, 2000, 10, 0.97, 'meets'),
    design(3, 5, 2000, 10, 0.92, 'fails'),
    design(4, 8, 3000, 10, 0.995, 'meets'),
    design(5, 4, 3000, 40, 0.948, 'undecided'),
    design(6, 5, 3000, 20, 0.97, 'meets'),
    design(7, 8, 1000, 10, 0.9, 'fails'),
  ];
  const folder: PlanFolder = {
    kind: 'size',
    scenario: 's',
    seed: 1,
    replications: 10,
    targets: ['service_level>=0.95'],
    sizing: {
      confidence: 0.95,
      maxReplications: 40,
      answers: [
        { across: 1000, top: '7' },
        { across: 2000, smallest: 6, design: '2', below: '3' },
        { across: 3000, smallest: 5, design: '6', below: '5' },
      ],
    },
    labels: { bays: ['4', '5', '6', '7', '8'], grid_kw: ['1000', '2000', '3000'] },
    data: { params: ['bays', 'grid_kw'], rows, chosen: ['2', '6'] },
  };
  const textOf = (c: Cell): string => {
    if (typeof c === 'string') return c;
    const parts = Array.isArray(c.text) ? c.text : [c.text];
    return parts.map((p: unknown) => (typeof p === 'string' ? p : ((p as { code?: string; strong?: string }).code ?? (p as { strong: string }).strong))).join('');
  };
  const table = (b: Block) => {
    if (b.kind !== 'table') throw new Error(`a ${b.kind}, not a table`);
    return { head: b.head.map(textOf), rows: b.rows.map((r) => r.map(textOf)) };
  };

  test('opens with the answer: for each value of the second parameter, the smallest of the first, what shows it and what the next value down did', () => {
    const plan = planReport(folder, '0.1.0');
    expect(plan.sections.map((s) => s.id)).toEqual(['answer', 'frontier', 'designs']);
    const [intro, answers, how] = plan.sections[0].blocks;
    expect(intro.kind === 'paragraph' && intro.text.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : p.strong)).join('')).toBe(
      'The smallest bays that meets service_level >= 0.95 with 95\u00a0% confidence, for each grid_kw:',
    );
    expect(table(answers)).toEqual({
      head: ['grid_kw', 'smallest bays', 'Shown by', 'The next value down'],
      rows: [
        ['1,000', 'none in range', '–', 'the top of the range, 8, fails (design 7)'],
        ['2,000', '6', 'design 2, 10 replications', '5 fails (design 3)'],
        ['3,000', '5', 'design 6, 20 replications', '4 is undecided after 40 replications, the most allowed: not shown to meet, though it may (design 5)'],
      ],
    });
    expect(how.kind === 'paragraph' && how.text.join('')).toContain('with 10 replications at first, and doubles them while a design is undecided, up to 40');
    // At 95 % confidence, values that agree decide from 59 of them (the least n with 0.95^n <= 0.05).
    expect(how.kind === 'paragraph' && how.text.join('')).toContain('decides only once 59 replications agree');
    // A sizing's replications are where each design starts, not what every design ran.
    expect(plan.facts).toContainEqual(['Replications (at least)', '10']);
  });

  test("a column gives each answer's paired difference from the next value down, as the single answer's sentence does, where some answer has one", () => {
    const difference = { replications: 10, metrics: [{ metric: 'service_level', mean: 0.0162, low: 0.013, high: 0.0193, pairs: 10, alike: false }] };
    const answers = [folder.sizing!.answers[0], { ...folder.sizing!.answers[1], difference }, folder.sizing!.answers[2]];
    const plan = planReport({ ...folder, sizing: { ...folder.sizing!, answers } }, '0.1.0');
    expect(table(plan.sections[0].blocks[1])).toEqual({
      head: ['grid_kw', 'smallest bays', 'Shown by', 'The next value down', 'Smallest less the next value down, paired (95\u00a0% interval)'],
      rows: [
        ['1,000', 'none in range', '–', 'the top of the range, 8, fails (design 7)', '–'],
        ['2,000', '6', 'design 2, 10 replications', '5 fails (design 3)', 'service_level 1.62 percentage points [1.30, 1.93]'],
        ['3,000', '5', 'design 6, 20 replications', '4 is undecided after 40 replications, the most allowed: not shown to meet, though it may (design 5)', '–'],
      ],
    });
  });

  test('where the first replications are the most allowed, the search is said not to add any', () => {
    const how = planReport({ ...folder, sizing: { ...folder.sizing!, maxReplications: 10 } }, '0.1.0').sections[0].blocks.at(-1)!;
    expect(how.kind === 'paragraph' && how.text.join('')).toContain('The search runs each design with 10 replications, the most allowed: an undecided design stays undecided.');
    expect(how.kind === 'paragraph' && how.text.join('')).not.toContain('doubles them');
  });

  test("a design's verdict over several targets: fails if any fails, meets only if every one meets, undecided otherwise", () => {
    const target = (metric: string, verdict: string) => ({ ...design(1, 8, 2000, 10, 0.99, verdict), metric });
    expect(designVerdict([target('service_level', 'meets'), target('wait_p95_min', 'undecided')], '1')).toBe('undecided');
    expect(designVerdict([target('service_level', 'undecided'), target('wait_p95_min', 'meets')], '1')).toBe('undecided');
    expect(designVerdict([target('service_level', 'meets'), target('wait_p95_min', 'fails')], '1')).toBe('fails');
    expect(designVerdict([target('service_level', 'meets'), target('wait_p95_min', 'meets')], '1')).toBe('meets');
    expect(designVerdict([target('service_level', 'meets')], '2')).toBeUndefined();
  });

  test('a parameter with any value that is not a number is placed by position, even where its others are numbers', () => {
    // A grid connection swept over a number and a limit by hour: both are placed by their position.
    const mixed = { ...folder, labels: { bays: ['4', '5'], grid_kw: ['2000', '{"byHour":[1000,2000]}'] } };
    expect(textualParams(mixed)).toEqual([['grid_kw', ['2000', '{"byHour":[1000,2000]}']]]);
    expect(textualParams({ ...folder, labels: { bays: ['4', '-5.5', '1e3'] } })).toEqual([]);
    // Read with run.json's values: its numbers with the thousands commas of every other number in
    // the report, its null as the field left out; a text that reads as a number, or as null, as it is.
    const withValues = {
      ...folder,
      labels: { grid_kw: ['null', '2000', '12500.5'], id: ['2000', 'null', 'x'] },
      values: { grid_kw: [null, 2000, 12500.5], id: ['2000', 'null', 'x'] },
    };
    expect(textualParams(withValues)).toEqual([
      ['grid_kw', ['null (left out)', '2,000', '12,500.5']],
      ['id', ['2000', 'null', 'x']],
    ]);
    // Texts that all read as numbers are texts, placed by position as their rows were: not numbers 1 and 2.
    expect(textualParams({ ...folder, labels: { description: ['1000', '2000'] }, values: { description: ['1000', '2000'] } })).toEqual([['description', ['1000', '2000']]]);
    expect(textualParams({ ...folder, labels: { bays: ['4', '5'] }, values: { bays: [4, 5] } })).toEqual([]);
  });

  test("the table of designs gives each one's replications and verdict", () => {
    const t = table(planReport(folder, '0.1.0').sections[2].blocks[0]);
    expect(t.head).toEqual(['Design', 'bays', 'grid_kw', 'Replications', 'Service level (%)', 'Verdict']);
    expect(t.rows.map((r) => [r[0], r[3], r[5]])).toEqual([
      ['1', '10', 'meets'],
      ['2 (chosen)', '10', 'meets'],
      ['3', '10', 'fails'],
      ['4', '10', 'meets'],
      ['5', '40', 'undecided (at the most replications)'],
      ['6 (chosen)', '20', 'meets'],
      ['7', '10', 'fails'],
    ]);
  });

  test('with one parameter, the answer is a sentence; with none in range, it says what the top of the range did', () => {
    const one = (answer: PlanFolder['sizing'] extends infer S ? (S extends { answers: readonly (infer A)[] } ? A : never) : never) =>
      planReport(
        {
          ...folder,
          sizing: { ...folder.sizing!, answers: [answer] },
          labels: { bays: folder.labels.bays },
          data: { params: ['bays'], rows: rows.filter((r) => r.values.grid_kw === 2000).map((r) => ({ ...r, values: { bays: r.values.bays } })), chosen: [] },
        },
        '0.1.0',
      ).sections[0].blocks[0];
    const sentence = (b: Block) => (b.kind === 'paragraph' ? b.text.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : p.strong)).join('') : '');
    expect(sentence(one({ smallest: 6, design: '2', below: '3' }))).toBe(
      '6 is the smallest bays that meets service_level >= 0.95 with 95\u00a0% confidence (design 2, 10 replications). The next value down, 5, fails (design 3).',
    );
    expect(sentence(one({ top: '3' }))).toBe('No bays up to 5 is shown to meet service_level >= 0.95 with 95\u00a0% confidence: the top of the range fails (design 3).');
    expect(sentence(one({ smallest: 5, design: '3' }))).toContain('in the range that meets');
    expect(sentence(one({ smallest: 5, design: '3' }))).toContain('It is the bottom of the range: smaller values were not searched.');
    // A number of a parameter with a unit carries it, in the sentence as in the table's heads.
    const capacity = planReport(
      {
        ...folder,
        sizing: { ...folder.sizing!, answers: [{ smallest: 1500, design: '2', below: '3' }] },
        labels: {},
        data: { params: ['hub.battery.capacityKwh'], rows: rows.filter((r) => r.values.grid_kw === 2000).map((r) => ({ ...r, values: { 'hub.battery.capacityKwh': 250 * r.values.bays } })), chosen: [] },
      },
      '0.1.0',
    ).sections[0].blocks[0];
    expect(sentence(capacity)).toBe(
      '1,500 kWh is the smallest hub.battery.capacityKwh of the values searched that meets service_level >= 0.95 with 95\u00a0% confidence (design 2, 10 replications). The next value down, 1,250 kWh, fails (design 3). Values between 1,250 kWh and 1,500 kWh were not searched: a range between them finds whether a smaller one meets.',
    );
    // In a planner's words where run.json records them, as `hubsim size` says them; the difference by the numbers.
    const difference = { replications: 10, metrics: [{ metric: 'service_level', mean: 0.05, low: 0.04, high: 0.06, pairs: 10, alike: false }] };
    expect(sentence(one({ smallest: 6, design: '2', below: '3', difference, words: { '2': '6 CCS bays', '3': '5 CCS bays' } }))).toBe(
      '6 CCS bays (bays = 6) is the smallest that meets service_level >= 0.95 with 95\u00a0% confidence (design 2, 10 replications). The next value down, 5 CCS bays, fails (design 3). Paired over 10 replications with the same trucks, 6 \u2212 5 differs by service_level 5.0 percentage points [4.0, 6.0] (95\u00a0% interval).',
    );
  });
});

describe('the report of a sweep of more designs than a table can show', () => {
  // 40 bay counts × 25 connections, as a sweep of 1,000 designs over two replications: the service
  // level rises with both and levels off at 100 %, where more of either buys nothing.
  const level = (bays: number, gridKw: number) => Math.min(1, Math.min(bays / 12, gridKw / 3000));
  const sweepRows = (bayCounts: number, connections: number) =>
    Array.from({ length: bayCounts }, (_, b) => b + 1).flatMap((bays, b) =>
      Array.from({ length: connections }, (_, g) => 1000 * (g + 1)).flatMap((gridKw, g) => {
        const design = String(b * connections + g + 1);
        const sl = level(bays, gridKw);
        return [
          { design, values: { bays, grid_kw: gridKw }, metric: 'service_level', mean: sl, ci95Low: sl - 0.2, ci95High: sl + 0.2 },
          { design, values: { bays, grid_kw: gridKw }, metric: 'grid_peak_kw', mean: gridKw * 0.9, ci95Low: gridKw * 0.5, ci95High: gridKw * 1.3 },
        ];
      }),
    );
  const folder = (rows: SweepData['rows'], labels: PlanFolder['labels'] = {}): PlanFolder => ({ kind: 'sweep', scenario: 's', seed: 1, replications: 2, targets: [], labels, data: { params: [...new Set(rows.flatMap((r) => Object.keys(r.values)))], rows } });
  const rows = sweepRows(40, 25);
  const plan = planReport(folder(rows), '0.1.0');
  const section = plan.sections.find((x) => x.id === 'designs')!;
  const said = (b: Block) => (b.kind === 'paragraph' ? b.text.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : p.strong)).join('') : '');
  const listedDesigns = (b: Block) => (b.kind === 'table' ? b.rows.map((r) => (typeof r[0] === 'string' ? r[0] : (r[0].text as string))) : []);
  /** The designs no other beats or matches with no more of either parameter, found the slow way. */
  const slowFrontier = (rs: SweepData['rows']) => {
    const sl = rs.filter((r) => r.metric === 'service_level');
    return sl.filter((d) => !sl.some((e) => e !== d && e.values.bays <= d.values.bays && e.values.grid_kw <= d.values.grid_kw && e.mean >= d.mean)).map((d) => d.design);
  };

  test('its table lists the designs on the frontier, and says how many it left out and which file holds them all', () => {
    const frontier = slowFrontier(rows);
    // From (1 bay, 1,000 kW) to (12 bays, 3,000 kW): a few dozen of the 1,000.
    expect(frontier.length).toBeGreaterThan(10);
    expect(frontier.length).toBeLessThan(100);
    expect(listedDesigns(section.blocks[1])).toEqual(frontier);
    expect(section.title).toBe('Designs on the frontier');
    expect(said(section.blocks[0])).toBe(
      `The sweep ran 1,000 designs; the table lists the ${frontier.length} on its frontier: those whose service level no other design matches or beats with at most their bays and grid_kw. ` +
        `The other ${1000 - frontier.length} are left out here, as a table of them all would be too long to read or print; sweep.csv, beside this report, holds every design\u2019s numbers.`,
    );
    // The design with 12 bays on 3,000 kW is the first to serve every truck; 13 bays there serve no more.
    const at = (bays: number, gridKw: number) => rows.find((r) => r.values.bays === bays && r.values.grid_kw === gridKw)!.design;
    expect(frontier).toContain(at(12, 3000));
    expect(frontier).not.toContain(at(13, 3000));
    expect(frontier).not.toContain(at(12, 4000));
    // A design without a service level is listed, however much it has: nothing is known to beat it.
    const far = at(40, 25000);
    const unknown = rows.map((r) => (r.design === far && r.metric === 'service_level' ? { ...r, mean: NaN, ci95Low: NaN, ci95High: NaN } : r));
    const listed = listedDesigns(planReport(folder(unknown), '0.1.0').sections.find((x) => x.id === 'designs')!.blocks[1]);
    expect(listed).toEqual([...frontier, far]);
  });

  test('its charts keep every point but draw whiskers only for the designs the table lists, and say so', async () => {
    const frontier = new Set(slowFrontier(rows));
    const chart = charts(plan)[0];
    const values = (chart.spec as unknown as { data: { values: { design: string; lo: number | null; hi: number | null; marked?: boolean }[] } }).data.values;
    expect(values).toHaveLength(1000);
    expect(values.filter((v) => v.lo !== null).map((v) => v.design).sort()).toEqual([...frontier].sort());
    expect(values.some((v) => 'marked' in v)).toBe(false);
    expect(chart.caption.join('')).toContain(`whiskers: 95 % confidence intervals, drawn for the ${frontier.size} designs the table lists: for all 1,000 they would grey the chart`);
    const { warnings } = await renderSvg(chart.spec, 'f');
    expect(warnings).toEqual([]);
    // The axis is fitted to the whiskers drawn: the grid peak's hidden ones reach 32,500 kW, its means 22,500.
    const peak = charts(plan).find((c) => c.id === 'frontier-grid-peak-kw')!;
    const top = Math.max(...[...JSON.stringify(peak.spec).matchAll(/"domain":\[0,(\d+(?:\.\d+)?)\]/g)].map((m) => Number(m[1])));
    expect(top).toBeGreaterThanOrEqual(22500);
    expect(top).toBeLessThan(25000 * 1.3);
  });

  test('its notes speak only of the designs it lists: a bound past 100 % among the others is not told of', () => {
    const tight = sweepRows(40, 25).map((r) => (r.metric === 'service_level' ? { ...r, ci95Low: r.mean - 0.001, ci95High: Math.min(1, r.mean + 0.001) } : r));
    const note = (rs: SweepData['rows']) => {
      const table = planReport(folder(rs), '0.1.0').sections.find((x) => x.id === 'designs')!.blocks[1];
      return table.kind === 'table' ? (table.note ?? []).join('') : '';
    };
    expect(note(tight)).not.toContain('Some bounds reach values no design could take');
    // The design of 40 bays on 25,000 kW, far off the frontier, with a bound past 100 %.
    const past = tight.map((r) => (r.metric === 'service_level' && r.values.bays === 40 && r.values.grid_kw === 25000 ? { ...r, ci95High: 1.2 } : r));
    expect(note(past)).not.toContain('Some bounds reach values no design could take');
    const listed = tight.map((r) => (r.metric === 'service_level' && r.values.bays === 12 && r.values.grid_kw === 3000 ? { ...r, ci95High: 1.2 } : r));
    expect(note(listed)).toContain('Some bounds reach values no design could take');
  });

  test('one chosen design among more than the table lists is named in the caption', () => {
    const at = rows.find((r) => r.values.bays === 12 && r.values.grid_kw === 3000)!.design;
    const chosen = planReport({ ...folder(rows), data: { ...folder(rows).data, chosen: [at] } }, '0.1.0');
    expect(charts(chosen)[0].caption.join('')).toContain(` The ringed point is the chosen design, ${at} (bays 12).`);
  });

  test("its charts' data is the table of the listed designs, and the CSV for the rest: no table of every point under each chart", () => {
    const frontier = slowFrontier(rows);
    for (const c of charts(plan)) {
      expect(c.data).toEqual({
        kind: 'see',
        target: 'designs',
        link: 'the table of designs below',
        rest: [expect.stringContaining('gives each design\u2019s mean'), `; it lists ${frontier.length} of the 1,000 designs, and `, { code: 'sweep.csv' }, ' beside this report holds', ' every design\u2019s numbers.'],
      });
    }
    const html = pageHtml(plan, new Map(charts(plan).map((c) => [c.id, '<svg></svg>'])), { vega: '', vegaLite: '' });
    expect(html.match(/<details class="chart-data">/g)).toBeNull();
    expect(html.match(/<p class="chart-data">The chart\u2019s data: <a href="#designs">/g)).toHaveLength(charts(plan).length);
  });

  test(`up to ${MAX_LISTED} designs, the table lists every one, as before`, () => {
    const small = sweepRows(10, 20);
    const all = planReport(folder(small), '0.1.0').sections.find((x) => x.id === 'designs')!;
    expect(all.title).toBe('Every design');
    expect(all.blocks).toHaveLength(1);
    expect(listedDesigns(all.blocks[0])).toHaveLength(MAX_LISTED);
    expect(JSON.stringify(charts(planReport(folder(small), '0.1.0'))[0].spec)).not.toContain('"lo":null');
  });

  test(`past ${MAX_MARKED} designs a sweep's charts draw points only for the listed designs, the lines through all of them`, async () => {
    const many = sweepRows(41, 25);
    const big = planReport(folder(many), '0.1.0');
    const frontier = new Set(slowFrontier(many));
    const chart = charts(big)[0];
    const values = (chart.spec as unknown as { data: { values: { design: string; marked: boolean }[] } }).data.values;
    expect(values.filter((v) => v.marked).map((v) => v.design).sort()).toEqual([...frontier].sort());
    expect(JSON.stringify(chart.spec)).toContain('"filter":"isValid(datum.mean) && datum.marked"');
    expect(chart.caption.join('')).toContain(`points: means over replications, drawn for the ${frontier.size} designs the table lists, the lines passing through every design\u2019s mean`);
    const { svg, warnings } = await renderSvg(chart.spec, 'f');
    expect(warnings).toEqual([]);
    // A symbol for each listed design and each connection's legend entry; a line for each connection.
    expect((svg.match(/<path transform="translate/g) ?? []).length).toBe(frontier.size + 25);
    expect((svg.match(/<g class="mark-line role-mark[^>]*><path /g) ?? []).length).toBe(25);
  });

  test(`a frontier of more than ${MAX_LISTED} designs is cut to those of the highest service level, and the page says so`, () => {
    // One parameter, the service level rising all the way: every design is on the frontier.
    const rising = Array.from({ length: 1000 }, (_, i) => ({ design: String(i + 1), values: { bays: i + 1 }, metric: 'service_level', mean: i / 1000, ci95Low: i / 1000 - 0.01, ci95High: i / 1000 + 0.01 }));
    const s = planReport(folder(rising), '0.1.0').sections.find((x) => x.id === 'designs')!;
    expect(listedDesigns(s.blocks[1])).toEqual(Array.from({ length: MAX_LISTED }, (_, i) => String(1000 - MAX_LISTED + i + 1)));
    expect(said(s.blocks[0])).toContain('the table lists the 200 of the highest service level among the 1,000 on its frontier');
    expect(said(s.blocks[0])).toContain('The other 800 are left out here');
    // A design without a service level (no truck arrived in its window) is on the frontier, as
    // nothing is known to beat it, but comes last when the frontier is cut.
    const unknown = rising.map((r, i) => (i === 999 ? { ...r, mean: NaN, ci95Low: NaN, ci95High: NaN } : r));
    const cut = planReport(folder(unknown), '0.1.0').sections.find((x) => x.id === 'designs')!;
    expect(listedDesigns(cut.blocks[1])).toEqual(Array.from({ length: MAX_LISTED }, (_, i) => String(1000 - MAX_LISTED + i)));
    // A frontier of exactly 200 is listed whole: 200 designs rising, 100 more that add bays for nothing.
    const flat = Array.from({ length: 300 }, (_, i) => ({ ...rising[i], mean: Math.min(i, MAX_LISTED - 1) / 1000 }));
    const whole = planReport(folder(flat), '0.1.0').sections.find((x) => x.id === 'designs')!;
    expect(listedDesigns(whole.blocks[1])).toEqual(Array.from({ length: MAX_LISTED }, (_, i) => String(i + 1)));
    expect(said(whole.blocks[0])).toContain('the table lists the 200 on its frontier');
  });

  test('a parameter of text values is compared only with the same value: each has its own frontier', () => {
    // 300 bay counts × two allocations, the second always a little worse: each allocation's 1 bay is listed.
    const two = [1, 2].flatMap((k) => Array.from({ length: 300 }, (_, i) => ({ design: `${k}-${i + 1}`, values: { bays: i + 1, 'hub.allocation': k }, metric: 'service_level', mean: Math.min(1, (i + 1) / 10) - k / 100, ci95Low: 0, ci95High: 1 })));
    const s = planReport(folder(two, { 'hub.allocation': ['equal', 'fifo'] }), '0.1.0').sections.find((x) => x.id === 'designs')!;
    expect(listedDesigns(s.blocks[1])).toEqual([...Array.from({ length: 10 }, (_, i) => `1-${i + 1}`), ...Array.from({ length: 10 }, (_, i) => `2-${i + 1}`)]);
    expect(said(s.blocks[0])).toContain('with at most their bays and the same value of the other parameters.');
    // With two numeric parameters as well: the second allocation, a little better everywhere, does not hide the first's frontier.
    const both = [1, 2].flatMap((k) =>
      sweepRows(12, 15)
        .filter((r) => r.metric === 'service_level')
        .map((r) => ({ ...r, design: `${k}-${r.design}`, values: { ...r.values, 'hub.allocation': k }, mean: r.mean * 0.9 + k / 100 })),
    );
    const b = planReport(folder(both, { 'hub.allocation': ['equal', 'fifo'] }), '0.1.0').sections.find((x) => x.id === 'designs')!;
    const perAllocation = (k: number) => slowFrontier(both.filter((r) => r.values['hub.allocation'] === k));
    expect(listedDesigns(b.blocks[1])).toEqual([...perAllocation(1), ...perAllocation(2)]);
    expect(perAllocation(1).length).toBeGreaterThan(0);
  });

  test('with no service level to find a frontier by, the table lists the first designs, and says so', () => {
    const peaks = Array.from({ length: 300 }, (_, i) => ({ design: String(i + 1), values: { grid_kw: 1000 + i }, metric: 'grid_peak_kw', mean: 900, ci95Low: 880, ci95High: 920 }));
    const s = sweepReport({ params: ['grid_kw'], rows: peaks }, { title: 'S', facts: [], generator: '0.1.0' }).sections.find((x) => x.id === 'designs')!;
    expect(listedDesigns(s.blocks[1])).toEqual(Array.from({ length: MAX_LISTED }, (_, i) => String(i + 1)));
    expect(said(s.blocks[0])).toBe(
      'The sweep ran 300 designs; with no service level to find its frontier by, the table lists the first 200. ' +
        'The other 100 are left out here, as a table of them all would be too long to read or print; the output folder\u2019s CSV files hold every design\u2019s numbers.',
    );
  });

  /**
   * A sizing over `connections` values of grid_kw: 3 designs each, the top of the range (12 bays),
   * the answer and the next value down; `smallest(g)` is the answer at the g-th connection.
   */
  const sizing = (connections: number, smallest: (g: number) => number, labels: PlanFolder['labels'] = {}, overloaded?: string) => {
    const rows: SweepData['rows'] = Array.from({ length: connections }, (_, g) => g).flatMap((g) =>
      [12, smallest(g), smallest(g) - 1].map((bays, k) => ({ design: String(3 * g + k + 1), values: { bays, grid_kw: 1000 + g }, metric: 'service_level', mean: [0.99, 0.96, 0.9][k], ci95Low: 0.8, ci95High: 1, replications: 10, verdict: k === 2 ? 'fails' : 'meets' })),
    ).map((r) => (r.design === overloaded ? { ...r, mean: NaN, ci95Low: NaN, ci95High: NaN, replications: 0, verdict: 'fails' } : r));
    const answers = Array.from({ length: connections }, (_, g) => ({ across: 1000 + g, smallest: smallest(g), design: String(3 * g + 2), below: String(3 * g + 3) }));
    return planReport(
      { kind: 'size', scenario: 's', seed: 1, replications: 10, targets: ['service_level>=0.95'], sizing: { confidence: 0.95, maxReplications: 40, answers }, labels, data: { params: ['bays', 'grid_kw'], rows, chosen: answers.map((a) => a.design) } },
      '0.1.0',
    );
  };

  test(`a sizing's table lists the designs its answers rest on, while they are at most ${MAX_LISTED}, and says which file holds the rest`, () => {
    // 100 connections: 300 designs, of which the answers rest on 200.
    const sized = sizing(100, () => 6);
    const s = sized.sections.find((x) => x.id === 'designs')!;
    expect(s.title).toBe('The designs the answers rest on');
    expect(listedDesigns(s.blocks[1])).toHaveLength(200);
    expect(s.blocks[1].kind === 'table' && s.blocks[1].rows.every((r) => (r[1] as { text: string }).text !== '12')).toBe(true);
    // The caption counts the ringed answers rather than naming all 100.
    expect(charts(sized)[0].caption.join('')).toContain(' The ringed points are the 100 chosen designs, each named in the answer and marked in the table.');
    expect(said(s.blocks[0])).toBe(
      'The search evaluated 300 designs; the table lists the 200 its answers rest on: each answer, the next value down, and where nothing in the range meets, its top. ' +
        'The other 100 are left out here, as a table of them all would be too long to read or print; size.csv, beside this report, holds every design\u2019s numbers.',
    );
  });

  test(`past ${MAX_LISTED} designs the answers rest on, the table lists ${MAX_LISTED}: the frontier's steps, then the other answers spread evenly`, () => {
    // 300 connections; 8 bays up to the 10th, 7 up to the 100th, then 6: three steps.
    const sized = sizing(300, (g) => (g < 10 ? 8 : g < 100 ? 7 : 6));
    const s = sized.sections.find((x) => x.id === 'designs')!;
    // A chosen design's cell is [{ strong: design }, ' (chosen)'].
    const listed = listedDesigns(s.blocks[1]).map((c) => (Array.isArray(c) ? (c[0] as { strong: string }).strong : c));
    expect(listed).toHaveLength(MAX_LISTED);
    // Whole answers: each answer's design with the next value down.
    const answered = [...new Set(listed.map((d) => Math.floor((Number(d) - 1) / 3)))];
    expect(listed).toEqual(answered.flatMap((g) => [String(3 * g + 2), String(3 * g + 3)]));
    // The steps, then 97 of the other 297 spread along grid_kw: one in three or four (five past a step), the first and nearly the last among them.
    for (const step of [0, 10, 100]) expect(answered).toContain(step);
    const others = answered.filter((g) => ![0, 10, 100].includes(g));
    expect(others).toHaveLength(97);
    expect(Math.max(...others.slice(1).map((g, i) => g - others[i]))).toBeLessThanOrEqual(5);
    expect(others[0]).toBe(1);
    expect(others[others.length - 1]).toBeGreaterThan(290);
    expect(said(s.blocks[0])).toBe(
      'The search evaluated 900 designs; its 300 answers rest on 600 of them: each answer, the next value down, and where nothing in the range meets, its top. ' +
        'The table lists the designs of 100 answers: the 3 answers at the first grid_kw and wherever the smallest bays changes from one grid_kw to the next, and 97 of the other 297, spread evenly along grid_kw. ' +
        'The other 700 are left out here, as a table of them all would be too long to read or print; size.csv, beside this report, holds every design\u2019s numbers.',
    );
    const caption = charts(sized)[0].caption.join('');
    expect(caption).toContain(' The ringed points are the 300 chosen designs, each named in the answer; the table, which lists only some designs, marks 100 of them.');
    expect(caption).toContain(`whiskers: the one-sided confidence bounds each verdict rests on, drawn for the ${MAX_LISTED} designs the table lists: for all 900 they would grey the chart`);
  });

  test('the answer table lists the answers whose designs the table of designs lists, where that lists only some, and says so', () => {
    const answerRows = (doc: ReportDoc) => {
      const table = doc.sections.find((x) => x.id === 'answer')!.blocks.find((b) => b.kind === 'table')!;
      return table.kind === 'table' ? table.rows.map((r) => (r[0] as { text: string }).text.replace(/,/g, '')) : [];
    };
    // 300 connections, 600 designs the answers rest on: the table of designs lists those of 100 answers.
    const sized = sizing(300, (g) => (g < 10 ? 8 : g < 100 ? 7 : 6));
    const designs = listedDesigns(sized.sections.find((x) => x.id === 'designs')!.blocks[1]).map((c) => (Array.isArray(c) ? (c[0] as { strong: string }).strong : c));
    const answered = [...new Set(designs.map((d) => Math.floor((Number(d) - 1) / 3)))];
    expect(answerRows(sized)).toEqual(answered.map((g) => String(1000 + g)));
    expect(answerRows(sized)).toHaveLength(100);
    const answer = sized.sections.find((x) => x.id === 'answer')!.blocks;
    expect(said(answer[2])).toBe(
      'The table lists 100 of the 300 answers, those whose designs the table of designs lists: the 3 at the first grid_kw and wherever the smallest bays changes from one grid_kw to the next, and 97 of the other 297, spread evenly along grid_kw. ' +
        'The decision of run.json beside this report, and the output of hubsim size, give every one.',
    );
    // Where the smallest bays changes at every grid_kw, every answer is a step: the table lists some of them, and there are no others to speak of.
    const stepping = sizing(300, (g) => 400 - g);
    expect(said(stepping.sections.find((x) => x.id === 'answer')!.blocks[2])).toBe(
      'The table lists 100 of the 300 answers, those whose designs the table of designs lists: 100 of the 300 at the first grid_kw and wherever the smallest bays changes from one grid_kw to the next. ' +
        'The decision of run.json beside this report, and the output of hubsim size, give every one.',
    );
    // 100 connections rest on 200 designs, all listed: every answer, and nothing said of it.
    const all = sizing(100, () => 6);
    expect(answerRows(all)).toHaveLength(100);
    expect(all.sections.find((x) => x.id === 'answer')!.blocks.map(said).join('')).not.toContain('The table lists');
  });

  test('the note on overloaded designs speaks of those the table lists only', () => {
    const note = (doc: ReportDoc) => {
      const table = doc.sections.find((x) => x.id === 'designs')!.blocks[1];
      return table.kind === 'table' ? (table.note ?? []).join('') : '';
    };
    expect(note(sizing(100, () => 6))).not.toContain('An overloaded design');
    // Design 1, the top of the range at the first connection, on which no answer rests: not listed, not told of.
    expect(note(sizing(100, () => 6, {}, '1'))).not.toContain('An overloaded design');
    // Design 3, the next value down from the first answer: listed, and told of.
    expect(note(sizing(100, () => 6, {}, '3'))).toContain('An overloaded design fails whatever its targets');
  });

  test('more steps than the table can list are spread evenly along the second parameter too', () => {
    // A smallest value that changes at every connection: all 300 answers are steps.
    const s = sizing(300, (g) => 400 - g).sections.find((x) => x.id === 'designs')!;
    expect(listedDesigns(s.blocks[1])).toHaveLength(MAX_LISTED);
    expect(said(s.blocks[0])).toContain('The table lists the designs of 100 answers: 100 of the 300 answers at the first grid_kw and wherever the smallest bays changes from one grid_kw to the next, spread evenly along grid_kw. The other 700');
  });

  test(`a sizing of more than ${MAX_MARKED} designs draws every point it ran: a search's points are not joined, and a point left out would leave nothing`, () => {
    const sized = sizing(400, () => 6);
    const values = (charts(sized)[0].spec as unknown as { data: { values: { marked?: boolean }[] } }).data.values;
    expect(values).toHaveLength(1200);
    expect(values.some((v) => 'marked' in v)).toBe(false);
    expect(charts(sized)[0].caption.join('')).not.toContain('the lines passing through');
  });

  test('a second parameter of text values has no steps: its answers are spread evenly in the order of its values', () => {
    const names = Array.from({ length: 300 }, (_, g) => `curve-${g}`);
    const s = sizing(300, () => 6, { grid_kw: names }).sections.find((x) => x.id === 'designs')!;
    expect(listedDesigns(s.blocks[1])).toHaveLength(MAX_LISTED);
    expect(said(s.blocks[0])).toContain('The table lists the designs of 100 answers: 100 of the 300, spread evenly in the order of grid_kw\u2019s values.');
  });
});

test('a swept number carries its unit, a day counted as one', () => {
  expect(withUnit('horizon.warmupDays', '1')).toBe('1 day');
  expect(withUnit('horizon.days', '1.5')).toBe('1.5 days');
  expect(withUnit('horizon.days', '14')).toBe('14 days');
  expect(withUnit('hub.gridKw', '1')).toBe('1 kW');
  expect(withUnit('hub.allocation', 'equal')).toBe('equal');
});
