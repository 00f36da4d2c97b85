import { describe, expect, test } from '@jest/globals';
import type { SweepData } from '../../src/report/data.js';
import { charts, renderReport } from '../../src/report/page.js';
import { renderSvg } from '../../src/report/render.js';
import { planReport } from '../../src/report/index.js';
import { sweepReport } from '../../src/report/sweep.js';
import { parseErrors } from './html-check.js';

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
    expect(spec).toContain('"label":"chosen: b7-g3000"');
    expect(spec).toContain('"x":7,"y":0.88');
    const { svg, warnings } = await renderSvg(charts(doc)[0].spec, 'f');
    expect(warnings).toEqual([]);
    expect(svg).toContain('>grid_kw 2,400<');
    expect(svg).toContain('>grid_kw 3,000<');
  });

  test('several chosen designs are named in order of their numbers, not of the axis', () => {
    const ids: Record<string, string> = { 'b6-g2400': '10', 'b6-g3000': '9', 'b7-g2400': '2', 'b7-g3000': '3', 'b8-g2400': '1', 'b8-g3000': '4' };
    const numbered = sweepReport({ params: data.params, rows: rows.map((r) => ({ ...r, design: ids[r.design] })), chosen: ['10', '2', '9'] }, { title: 'Sizing', facts: [], generator: '0.1.0' });
    expect(charts(numbered)[0].caption.join('')).toContain('The ringed points are the chosen designs (2, 9, 10).');
  });

  test("a sizing's points are not joined: the search skipped the values between them", () => {
    const searched = sweepReport(data, { title: 'Sizing', facts: [], generator: '0.1.0', searched: true });
    expect(JSON.stringify(charts(searched)[0].spec)).not.toContain('"type":"line"');
    expect(charts(searched)[0].caption.join('')).toContain('Points are not joined');
    expect(JSON.stringify(charts(doc)[0].spec)).toContain('"type":"line"');
  });

  test('a fitted vertical axis says where it starts', () => {
    // Service levels of 0.79-0.94: the axis starts above 0, and the caption says where.
    const caption = charts(doc)[0].caption.join('');
    expect(caption).toMatch(/The vertical axis starts at \d+\u00a0%\./);
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

  test('a single parameter gives one unlabelled line; the page is well-formed', async () => {
    const one = sweepReport({ params: ['bays'], rows: rows.filter((r) => r.values.grid_kw === 2400).map((r) => ({ ...r, values: { bays: r.values.bays } })) }, { title: 'Bays', facts: [], generator: '0.1.0' });
    expect(await renderSvg(charts(one)[0].spec, 'one').then((r) => r.svg)).not.toContain('role-legend');
    expect(parseErrors(await renderReport(one))).toEqual([]);
  });

  test('a parameter of text values is named in the table and the legend, numbered only on the horizontal axis', () => {
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
    // As the first parameter it is the horizontal axis, numbered there and said so; the table still names it.
    const first = planReport(
      { kind: 'sweep', scenario: 's', seed: 1, replications: 4, targets: [], labels: { 'hub.allocation': allocation }, data: { params: ['hub.allocation'], rows: [1, 2, 3].map((k) => ({ ...prow(5, k), values: { 'hub.allocation': k } })) } },
      '0.1.0',
    );
    expect(first.lede.join(' ')).toContain('hub.allocation is numbered in order: 1 = equal, 2 = fifo, 3 = deadline');
    const t1 = first.sections[1].blocks[0];
    expect(t1.kind === 'table' && t1.rows.map((r) => (r[1] as { text: string }).text)).toEqual(allocation);
  });

  test("a sizing's target is drawn in the unit of its chart: per cent for a share", () => {
    const rows = [4, 5, 6].flatMap((bays) => [
      { design: String(bays), values: { bays }, metric: 'service_level', mean: 0.9 + bays / 100, ci95Low: 0.89 + bays / 100, ci95High: 0.91 + bays / 100 },
      { design: String(bays), values: { bays }, metric: 'wait_mean_min', mean: 2 - bays / 4, ci95Low: 1.9 - bays / 4, ci95High: 2.1 - bays / 4 },
    ]);
    const plan = planReport({ kind: 'size', scenario: 's', seed: 1, replications: 10, targets: ['service_level>=0.955', 'wait_mean_min<=0.5'], labels: { bays: ['4', '5', '6'] }, data: { params: ['bays'], rows, chosen: ['6'] } }, '0.1.0');
    const [level, wait] = charts(plan).map((c) => JSON.stringify(c.spec));
    // The axis reads 95 %, 96 %, …: the rule at 0.955 is labelled 95.5 %, not 0.955.
    expect(level).toContain('"format":".0%"');
    expect(level).toContain('{"v":0.955,"label":"target >= 95.5\u00a0%"}');
    expect(wait).toContain('{"v":0.5,"label":"target <= 0.5"}');
  });

  test('no parameter is an error', () => {
    expect(() => sweepReport({ params: [], rows: [] }, { title: '', facts: [], generator: '' })).toThrow(RangeError);
  });
});
