import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { forestSpec } from '../../src/report/charts.js';
import { compareReport } from '../../src/report/compare.js';
import { waitCdfPoints } from '../../src/report/run.js';
import { readCompare } from '../../src/report/read.js';
import { charts, type Block, type Cell } from '../../src/report/page.js';
import { renderSvg } from '../../src/report/render.js';
import { cellText, dataMismatches } from './chart-data-check.js';
import { contrastOnWhite, markStrokes } from './contrast.js';

const data = readCompare(join(process.cwd(), 'test/fixtures/report'), 'recklinghausen-phase1', 'recklinghausen-phase2');
const doc = compareReport(data);
const text = (c: Cell): string => (typeof c === 'string' ? c : typeof c.text === 'string' ? c.text : JSON.stringify(c.text));

function blocks(section: string): readonly Block[] {
  return doc.sections.find((s) => s.id === section)?.blocks ?? [];
}

/** A row of the difference table in the order A, B, B − A, its interval, ● (the table puts B − A first). */
const abd = (r: readonly Cell[]): Cell[] => [r[0], r[4], r[5], r[1], r[2], r[3]];

describe('compareReport', () => {
  test('header names both scenarios and shows what they share and where they differ', () => {
    expect(doc.title).toBe('recklinghausen-phase1 vs recklinghausen-phase2');
    expect(doc.lede[0]).toMatch(/^A: Recklinghausen phase one/);
    expect(doc.lede[1]).toMatch(/^B: Recklinghausen phase two/);
    expect(doc.facts).toContainEqual(['Paired replications', '10']);
    expect(doc.facts).toContainEqual(['Grid connection', "A's 2,400 kW, B's 3,000 kW"]);
  });

  test('the difference table: every metric the scenarios model, headline ones first; A, B, signed B − A, interval, a mark where it excludes zero', () => {
    const t = blocks('differences')[0];
    if (t.kind !== 'table') throw new Error('no table');
    // Neither phase has a site battery or prices: their nine metrics are in the file, not in the table.
    // Every column is headed: a screen reader reads the ● column's header with each mark.
    for (const h of t.head) expect(typeof h === 'string' ? h : h.text).not.toBe('');
    // B − A comes first, after the metric: on a phone it was off the screen, behind A and B.
    expect(t.head.map((h) => (typeof h === 'string' ? h : h.text))).toEqual(['Metric', 'B − A', '95 % interval of B − A', 'Excludes 0', 'A', 'B']);
    const metrics = t.rows.map((r) => (typeof r[0] === 'string' ? r[0] : r[0].sub));
    expect(metrics).toHaveLength(data.diffs.length - 9);
    expect(metrics).not.toContain('battery_cycles');
    expect(metrics).not.toContain('energy_cost');
    expect(metrics).toContain('bay_availability');
    const row = (metric: string) => t.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === metric) as Cell[];
    expect(t.rows[0]).toBe(row('service_level'));
    // wait_mean_min: 1.569 → 0.508, B − A −1.061 [−1.204, −0.918]: two decimals from the half-width 0.143.
    expect(row('wait_mean_min').map(text)).toEqual(['Mean wait (min)', '\u22121.06', '[\u22121.20, \u22120.92]', '●', '1.57', '0.51']);
    // Shares in per cent, the difference in percentage points with a plus sign: 0.95866 → 0.98652.
    expect(abd(row('served_share')).slice(1, 4).map(text)).toEqual(['95.87', '98.65', '+2.79']);
    // An interval [0, 0] does not exclude zero.
    expect(abd(row('trucks_arrived')).slice(3).map(text)).toEqual(['0', '[0, 0]', '']);
    // The note's ● is drawn as the table's are.
    expect(t.note).toContainEqual({ strong: '●', mark: true });
  });

  test('A and B keep their own precision where the difference has no spread', () => {
    // What a site battery's comparison gives: the longest queue is 4.7 in both (B − A 0 in every
    // pair), and battery_cycles is 3.012 in B and undefined in A (so is its difference).
    const same = (d: (typeof data.diffs)[number]) =>
      d.metric === 'queue_max' ? { ...d, aMean: 4.7, bMean: 4.7, diffMean: 0, diffLow: 0, diffHigh: 0 }
      : d.metric === 'battery_cycles' ? { ...d, aMean: NaN, bMean: 3.0122, diffMean: NaN, diffLow: NaN, diffHigh: NaN }
      : d;
    // Growing arrivals are noted once where both sides grow alike, else for the side that grows.
    const grows = (r: typeof data.a.run) => ({ ...r, horizon: { days: 4745, warmupDays: 0 }, scenario: { ...r.scenario, arrivals: { trucksPerDay: 10, growthPerYear: 0.08 } } });
    const notes = (d: typeof data) => compareReport(d).sections[0].blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text.map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : '')).join('')] : [])).filter((t) => t.includes('grow 8 %'));
    expect(notes({ ...data, a: { ...data.a, run: grows(data.a.run) }, b: { ...data.b, run: grows(data.b.run) } })).toEqual([expect.stringMatching(/^Note: In A and B the arrivals grow 8 % a year, from about 10 to 27\.2 trucks a day/)]);
    expect(notes({ ...data, b: { ...data.b, run: grows(data.b.run) } })).toEqual([expect.stringMatching(/^Note: In B the arrivals grow 8 %/)]);
    const battery = { ...data, b: { ...data.b, run: { ...data.b.run, scenario: { ...data.b.run.scenario, hub: { ...(data.b.run.scenario.hub as object), battery: {} } } } } };
    // (A note that battery_cycles is undefined in A comes before the table.)
    const t = compareReport({ ...battery, diffs: data.diffs.map(same) }).sections[0].blocks.find((b) => b.kind === 'table');
    if (t?.kind !== 'table') throw new Error('no table');
    const row = (metric: string) => t.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === metric) as Cell[];
    expect(abd(row('queue_max')).slice(1, 5).map(text)).toEqual(['4.70', '4.70', '0', '[0, 0]']);
    expect(abd(row('battery_cycles')).slice(1, 5).map(text)).toEqual(['–', '3.01', '–', '–']);
    expect(text(row('battery_cycles')[0])).toBe('Battery use (equivalent full cycles)');
    // Every truck charged in both: energy not delivered is rounding noise, shown as the 0 it is.
    const charged = (d: (typeof data.diffs)[number]) => (d.metric === 'energy_unmet_kwh' ? { ...d, aMean: 6.1e-11, bMean: 5.3e-11, diffMean: -8e-12, diffLow: -2e-11, diffHigh: 4e-12 } : d);
    const t2 = compareReport({ ...data, diffs: data.diffs.map(charged) }).sections[0].blocks.find((b) => b.kind === 'table');
    if (t2?.kind !== 'table') throw new Error('no table');
    expect(abd(t2.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === 'energy_unmet_kwh') as Cell[]).slice(1, 5).map(text)).toEqual(['0', '0', '0', '[0, 0]']);
    // A mean count keeps a decimal, so that the counts add up (1,532.8 arrived = 1,469.1 served +
    // 63.7 reneged); a whole one stays whole.
    expect(abd(row('trucks_arrived')).slice(1, 3).map(text)).toEqual(['1,532.8', '1,532.8']);
    // However wide the interval beside them: at ±15, its half-width alone would give them none.
    const wide = (d: (typeof data.diffs)[number]) => (d.metric === 'trucks_served' || d.metric === 'trucks_reneged' ? { ...d, diffLow: d.diffMean - 15, diffHigh: d.diffMean + 15 } : d);
    const t3 = compareReport({ ...data, diffs: data.diffs.map(wide) }).sections[0].blocks.find((b) => b.kind === 'table');
    if (t3?.kind !== 'table') throw new Error('no table');
    const row3 = (metric: string) => t3.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === metric) as Cell[];
    expect(abd(row3('trucks_served')).slice(1, 4).map(text)).toEqual(['1,469.1', '1,512.0', '+42.9']);
    expect(abd(row3('trucks_reneged')).slice(1, 4).map(text)).toEqual(['63.7', '20.8', '\u221242.9']);
  });

  test('a difference the pairs agree on, too few of them, has no interval, no mark, and a note saying why', () => {
    // What compare writes for a longest queue of 5 and 3 in every one of the ten pairs: no interval.
    const agreed = (d: (typeof data.diffs)[number]) => (d.metric === 'queue_max' ? { ...d, aMean: 5, bMean: 3, diffMean: -2, diffLow: NaN, diffHigh: NaN } : d);
    const report = compareReport({ ...data, diffs: data.diffs.map(agreed) });
    const t = report.sections[0].blocks.find((b) => b.kind === 'table');
    if (t?.kind !== 'table') throw new Error('no table');
    const row = t.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === 'queue_max') as Cell[];
    expect(abd(row).slice(1).map(text)).toEqual(['5', '3', '\u22122', 'the same in all 10 pairs', '']);
    expect(JSON.stringify(report.sections[0].blocks)).toContain('B − A is the same in every pair for queue_max; a value the pairs agree on stands for the mean only once 59 of them agree');
    // The fixture's own differences, with intervals, have no such note.
    expect(JSON.stringify(doc)).not.toContain('the same in every pair');
    // In the forest plot, a headline difference without an interval for that reason is said to be so.
    const peak = (d: (typeof data.diffs)[number]) => (d.metric === 'grid_peak_kw' ? { ...d, aMean: 2400, bMean: 3000, diffMean: 600, diffLow: NaN, diffHigh: NaN } : d);
    const forest = charts(compareReport({ ...data, diffs: data.diffs.map(peak) })).find((c) => c.id === 'forest')!.caption.join('');
    expect(forest).toContain(' Black, too: no interval where every pair gives the same difference, too few pairs to stand for the mean (Peak grid power; see the note above).');
    expect(forest).not.toContain('defined in only one pair');
  });

  test('the wait chart says how many replications each curve is over, where some had no truck arrive', () => {
    const caption = (d: typeof data) => charts(compareReport(d)).find((c) => c.id === 'wait-cdf')!.caption.join('');
    expect(caption(data)).toContain('(mean over replications; bands: lowest to highest replication)');
    const fewer = { ...data, b: { ...data.b, waitCdf: data.b.waitCdf.map((r) => ({ ...r, n: 4 })) } };
    expect(caption(fewer)).toContain("(mean over the replications that define each curve, A's 10 and B's 4 of the 10, as no truck arrived in the others\u2019 windows; bands: lowest to highest of them)");
    // A side no replication defines draws nothing, and is said to; not counted as all of them.
    const none = { ...data, a: { ...data.a, waitCdf: data.a.waitCdf.map((r) => ({ ...r, n: 0 })) } };
    expect(caption(none)).toContain('(mean over replications; bands: lowest to highest replication; A draws nothing, as no truck arrived in its statistics windows)');
    // Neither side: no mean, no bands.
    const neither = { ...none, b: { ...data.b, waitCdf: data.b.waitCdf.map((r) => ({ ...r, n: 0 })) } };
    expect(caption(neither)).toContain('(A and B draw nothing, as no truck arrived in their statistics windows)');
    expect(caption({ ...none, b: fewer.b })).toContain("(mean over the replications that define each curve, B's 4 of the 10, as no truck arrived in the others\u2019 windows; bands: lowest to highest of them; A draws nothing, as no truck arrived in its statistics windows)");
  });

  test('where neither site drew power, the daily load chart says so on an axis of round ticks, and names the connections it does not draw', () => {
    const idle = (d: typeof data.a) => ({ ...d, byHour: d.byHour.map((r) => (/^(grid|demand)_/.test(r.metric) ? { ...r, mean: 0, min: 0, max: 0 } : r)) });
    const chart = charts(compareReport({ ...data, a: idle(data.a), b: idle(data.b) })).find((c) => c.id === 'daily-load')!;
    expect(chart.caption.join('')).toMatch(/ No truck charged in either scenario's statistics window: neither site drew power at any time\. The grid connections \(A's 2,400 kW, B's 3,000 kW\) are not drawn\.$/);
    expect(JSON.stringify(chart.spec)).toContain('"domain":[0,100]');
    expect(charts(doc).find((c) => c.id === 'daily-load')!.caption.join('')).not.toContain('No truck charged');
    // A side without a connection has none to name.
    const unlimited = (d: typeof data.a) => ({ ...idle(d), run: { ...d.run, scenario: { ...d.run.scenario, hub: { ...(d.run.scenario.hub as object), gridKw: undefined } } } });
    expect(charts(compareReport({ ...data, a: unlimited(data.a), b: idle(data.b) })).find((c) => c.id === 'daily-load')!.caption.join('')).toMatch(/The grid connection \(B's 3,000 kW\) is not drawn\.$/);
    expect(charts(compareReport({ ...data, a: unlimited(data.a), b: unlimited(data.b) })).find((c) => c.id === 'daily-load')!.caption.join('')).toMatch(/neither site drew power at any time\.$/);
  });

  test("a curve that ends below its side's share served says that many of its trucks waited past the last minute", () => {
    const caption = (d: typeof data) => charts(compareReport(d)).find((c) => c.id === 'wait-cdf')!.caption.join('');
    expect(caption(data)).not.toContain('curve ends');
    const end = data.b.waitCdf.filter((r) => r.metric === 'plugged_in_within' && r.waitMin === 480)[0].mean;
    const served = data.b.summary.get('served_share')!;
    const longer = { ...data, b: { ...data.b, summary: new Map([...data.b.summary, ['served_share', { ...served, mean: end + 0.02 }]]) } };
    expect(caption(longer)).toContain("B's curve ends 2.0\u00a0% below its share served: that many of its arrivals plugged in after waiting more than 480 min, the file's last minute.");
    expect(caption(longer)).not.toContain("A's curve ends");
  });

  test('the service-by-hour chart says how few replications an hour is over, where some had no truck arrive then', () => {
    const caption = (d: typeof data) => charts(compareReport(d)).find((c) => c.id === 'service-hour')!.caption.join('');
    expect(caption(data)).toContain('that plugged in within 15 minutes (mean over replications; bands: lowest to highest replication)');
    // A one-day window: trucks came at 03:00 in only 4 of B's 10 replications (and in 7 of A's).
    const fewer = (d: typeof data.a, n: number) => ({ ...d, byHour: d.byHour.map((r) => (r.metric === 'service_level' && r.hour === 3 ? { ...r, n } : r)) });
    expect(caption({ ...data, a: fewer(data.a, 7), b: fewer(data.b, 4) })).toContain(
      "(mean over the replications that define each hour, as few as A's 7 and B's 4 of the 10, as no truck arrived in that hour in the others\u2019 windows; bands: lowest to highest of them)",
    );
    // No hour of A defined in any replication: not "as few as A's 10 of the 10".
    const empty = (d: typeof data.a) => ({ ...d, byHour: d.byHour.map((r) => (r.metric === 'service_level' ? { ...r, n: 0, mean: NaN } : r)) });
    expect(caption({ ...data, a: empty(data.a), b: fewer(data.b, 4) })).toContain(
      "(mean over the replications that define each hour, as few as B's 4 of the 10, as no truck arrived in that hour in the others\u2019 windows; bands: lowest to highest of them; A draws nothing, as no truck arrived in its statistics windows)",
    );
    // Over every day of the window, which may be less than a week.
    expect(caption(data)).toContain('arriving in that hour (on every day of the statistics window)');
  });

  test('with outages on either side, the bays\u2019 availability follows their occupancy in the table', () => {
    const hub = data.b.run.scenario.hub as { chargers: Record<string, unknown>[] };
    const maintained = { ...data.b, run: { ...data.b.run, scenario: { ...data.b.run.scenario, hub: { ...hub, chargers: [{ ...hub.chargers[0], maintenance: [{ weekday: 'Tue', startHour: 9, hours: 3 }] }, ...hub.chargers.slice(1)] } } } };
    const order = (d: typeof data) => {
      const t = compareReport(d).sections[0].blocks.find((b) => b.kind === 'table');
      if (t?.kind !== 'table') throw new Error('no table');
      return t.rows.map((r) => (typeof r[0] === 'string' ? r[0] : r[0].sub));
    };
    const with_ = order({ ...data, b: maintained });
    expect(with_[with_.indexOf('bay_occupancy') + 1]).toBe('bay_availability');
    const without = order(data);
    expect(without[without.indexOf('bay_occupancy') + 1]).not.toBe('bay_availability');
  });

  test('a difference that is rounding noise is no difference: 0 in [0, 0], unmarked, and A and B at their own precision', () => {
    // Two runs on the same trucks can add the same energies in another order: 4·10⁻¹⁰ kWh apart.
    const noisy = (d: (typeof data.diffs)[number]) =>
      d.metric === 'energy_delivered_kwh' ? { ...d, aMean: 481517.1138847846, bMean: 481517.1138847842, diffMean: -3.7e-10, diffLow: -7.27e-10, diffHigh: -1.56e-11 } : d;
    const report = compareReport({ ...data, diffs: data.diffs.map(noisy) });
    const t = report.sections[0].blocks.find((b) => b.kind === 'table');
    if (t?.kind !== 'table') throw new Error('no table');
    const row = t.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === 'energy_delivered_kwh') as Cell[];
    expect(abd(row).slice(1).map(text)).toEqual(['481,517', '481,517', '0', '[0, 0]', '']);
    const forest = JSON.stringify(charts(report).find((c) => c.id === 'forest')?.spec);
    expect(forest).not.toContain('-7.27e-7'); // the forest plot draws it at 0 too (in MWh)
  });

  test('the forest plot has the headline metrics in panels by unit, shares in percentage points', async () => {
    const forest = charts(doc).find((c) => c.id === 'forest');
    const spec = JSON.stringify(forest?.spec);
    expect(spec).toContain('Difference in percentage points');
    expect(spec).toContain('Difference in MWh over the window');
    // The mean queue has a panel of its own, in trucks waiting, apart from the counts of trucks over the window.
    const panels = (forest?.spec as unknown as { vconcat: { data: { values: { label: string }[] } }[] }).vconcat;
    const queue = panels.find((p) => p.data.values.some((v) => v.label === 'Mean queue'));
    expect(JSON.stringify(queue)).toContain('"title":"Difference in trucks waiting (time-average)"');
    expect(queue?.data.values.map((v) => v.label)).toEqual(['Mean queue']);
    const sl = data.diffs.find((d) => d.metric === 'service_level');
    expect(spec).toContain(`"label":"Service level","mean":${(sl?.diffMean ?? 0) * 100}`);
    expect(spec).not.toContain('"label":"Trucks arrived"');
    expect((await renderSvg(forest?.spec as never, 'forest')).warnings).toEqual([]);
  });

  test.each(['daily-load', 'wait-cdf', 'service-hour', 'fleet'])('overlay %s shows A and B in a legend and renders without warnings', async (id) => {
    const chart = charts(doc).find((c) => c.id === id);
    const { svg, warnings } = await renderSvg(chart?.spec as never, id);
    expect(warnings).toEqual([]);
    expect(svg).toContain('role-legend');
    expect(svg).toContain('>A: recklinghausen-phase1<');
    expect(svg).toContain('>B: recklinghausen-phase2<');
  });

  test.each(['daily-load', 'wait-cdf', 'service-hour'])("overlay %s tells A from B by more than colour: B's line is dashed, in the legend too", async (id) => {
    const chart = charts(doc).find((c) => c.id === id);
    // The load curves' peak lines follow theirs, in the domain and the dashes.
    expect(JSON.stringify(chart?.spec)).toMatch(/"strokeDash":\{"field":"series","type":"nominal","scale":\{"domain":\["A: recklinghausen-phase1","B: recklinghausen-phase2"[^\]]*\],"range":\[\[1,0\],\[10,4\]/);
    const { svg } = await renderSvg(chart?.spec as never, id);
    // B's curve and its legend symbol.
    expect(svg.match(/stroke-dasharray="10,4"/g)?.length).toBeGreaterThanOrEqual(2);
  });

  test.each(['daily-load', 'wait-cdf', 'service-hour'])("overlay %s draws A's and B's lines and rules in colours of at least 3:1 on white, WCAG's contrast for marks", async (id) => {
    const { svg } = await renderSvg(charts(doc).find((c) => c.id === id)?.spec as never, id);
    const strokes = markStrokes(svg);
    expect(strokes.length).toBeGreaterThanOrEqual(2);
    for (const color of strokes) expect({ color, readable: contrastOnWhite(color) >= 3 }).toEqual({ color, readable: true });
  });

  test("a truck type that only one side has is said to be missing from the other's fleet, where its bar would be", () => {
    // B with a type of its own: A's slot for it stood empty, with no word.
    const extra = (d: typeof data.b): typeof data.b => ({ ...d, byFleet: [...d.byFleet, ...d.byFleet.filter((r) => r.fleet === d.byFleet[0].fleet).map((r) => ({ ...r, fleet: 'extra-type' }))] });
    const spec = JSON.stringify(charts(compareReport({ ...data, b: extra(data.b) })).find((c) => c.id === 'fleet')!.spec);
    expect(spec).toContain('{"category":"extra-type","series":"A: recklinghausen-phase1","mean":null,"lo":null,"hi":null,"missing":"not in its fleet"}');
    expect(JSON.stringify(charts(doc).find((c) => c.id === 'fleet')!.spec)).not.toContain('not in its fleet');
  });

  test("each overlay has a table of the numbers it draws, A's and B's side by side; the forest plot points to the table of differences", () => {
    expect(charts(doc).map((c) => [c.id, c.data.kind])).toEqual([['forest', 'see'], ['daily-load', 'table'], ['wait-cdf', 'table'], ['service-hour', 'table'], ['fleet', 'table']]);
    for (const c of charts(doc).filter((c) => c.data.kind === 'table')) expect(dataMismatches(c)).toEqual([]);
    const load = charts(doc).find((c) => c.id === 'daily-load')!.data;
    expect(load.kind === 'table' && load.head.map(cellText)).toEqual(['Hour of day', 'A: recklinghausen-phase1 (kW)', 'A: recklinghausen-phase1, lowest to highest replication (kW)', 'B: recklinghausen-phase2 (kW)', 'B: recklinghausen-phase2, lowest to highest replication (kW)', 'A: peak 15-min grid power (kW)', 'B: peak 15-min grid power (kW)']);
    // Its whiskers stop at the axis's ends, as a share's bounds do in the run report: the caption says so.
    expect(charts(doc).find((c) => c.id === 'fleet')!.caption.join('')).toContain('bars: means over replications; whiskers: 95 % confidence intervals, cut at 0 and at 100 %');
    // A side whose bars are over fewer replications than ran says so.
    const fewer = { ...data, b: { ...data.b, byFleet: data.b.byFleet.map((r, i) => (i === 0 || r.metric !== 'service_level' ? r : { ...r, n: 7 })) } };
    expect(charts(compareReport(fewer)).find((c) => c.id === 'fleet')!.caption.join('')).toContain(
      "bars: means over replications (B's mean over the replications that define each bar, as few as 7 of the 10, as no truck of that type arrived, or plugged in, in the others); whiskers",
    );
    const fleet = charts(doc).find((c) => c.id === 'fleet')!.data;
    expect(fleet.kind === 'table' && fleet.head.map(cellText)).toEqual(['Fleet type', 'A: recklinghausen-phase1: Service level (% within 15 min)', 'B: recklinghausen-phase2: Service level (% within 15 min)']);
    // The differences the forest plot draws stand in the table of its section, above it.
    const forest = charts(doc)[0];
    const section = doc.sections.find((s) => forest.data.kind === 'see' && s.id === forest.data.target);
    expect(section?.blocks.map((b) => b.kind)).toEqual(['table', 'chart']);
    expect(forest.data.kind === 'see' && forest.data.rest.join('')).toContain('(energy there in kWh, here in MWh)');
    const drawn = (forest.spec as unknown as { vconcat: { data: { values: { label: string; mean: number }[] } }[] }).vconcat.flatMap((p) => p.data.values);
    const table = section?.blocks[0];
    const shown = table?.kind === 'table' ? table.rows.map((r) => [cellText(r[0]), cellText(r[1])]) : [];
    for (const d of drawn) {
      const row = shown.find(([label]) => label.startsWith(`${d.label} (`));
      const value = Number(row?.[1].replace(/[+,]/g, '').replace('\u2212', '-'));
      // The forest plot has energy in MWh, the table in kWh.
      const scale = row?.[0].includes('(kWh)') ? 1000 : 1;
      expect({ label: d.label, near: Math.abs(value - d.mean * scale) <= 0.5 * 10 ** -(/\.(\d+)$/.exec(row?.[1] ?? '')?.[1].length ?? 0) + 1e-9 }).toEqual({ label: d.label, near: true });
    }
  });

  test("a connection no less than its side's cabinets is said never to hold charging back, as that side's run report says", () => {
    const caption = (d: typeof data) => charts(compareReport(d)).find((c) => c.id === 'daily-load')!.caption.join('');
    // Phase one's 2,400 kW connection is its six 400 kW cabinets' total; phase two's 3,000 kW binds.
    expect(caption(data)).toContain(
      " A's connection never holds charging back: it is no less than the 2,400 kW all A's cabinets and bays can draw together, so where A's lines run flat along it, the chargers are the limit, which a larger connection alone would not raise.",
    );
    const hub = data.b.run.scenario.hub as Record<string, unknown>;
    const roomy = { ...data, b: { ...data.b, run: { ...data.b.run, scenario: { ...data.b.run.scenario, hub: { ...hub, gridKw: 100000 } } } } };
    expect(caption(roomy)).toMatch(/ Neither connection ever holds charging back: each is no less than all its cabinets and bays can draw together \(A's 2,400 kW, B's [\d,]+ kW\)/);
  });

  test('the two grid connections are drawn separately when they differ', () => {
    const spec = JSON.stringify(charts(doc).find((c) => c.id === 'daily-load')?.spec);
    expect(spec).toContain('A: grid connection 2,400 kW');
    expect(spec).toContain('B: grid connection 3,000 kW');
    expect(charts(doc).find((c) => c.id === 'daily-load')?.caption.join('')).toContain('; dashed rules mark the grid connections.');
  });

  test('one connection both have is one rule, and said to be one', () => {
    const at = (d: typeof data.a, gridKw: number): typeof data.a => ({ ...d, run: { ...d.run, scenario: { ...d.run.scenario, hub: { ...(d.run.scenario.hub as object), gridKw } } } });
    const chart = charts(compareReport({ ...data, a: at(data.a, 3000), b: data.b })).find((c) => c.id === 'daily-load')!;
    expect(JSON.stringify(chart.spec)).toContain('Grid connection 3,000 kW (both)');
    expect(chart.caption.join('')).toContain('; a dashed rule marks the grid connection both have.');
    expect(chart.caption.join('')).not.toContain('rules mark');
  });

  test('a connection given by hour of the day is a step line through the hours, one for both where they give the same hours', async () => {
    const flex = (d: typeof data.a, byHour: number[]): typeof data.a => ({ ...d, run: { ...d.run, scenario: { ...d.run.scenario, hub: { ...(d.run.scenario.hub as object), gridKw: { byHour } } } } });
    const day = Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 1600 : 2400));
    const load = (a: typeof data.a, b: typeof data.b) => charts(compareReport({ ...data, a, b })).find((c) => c.id === 'daily-load')!;
    const stepsOf = (c: ReturnType<typeof load>) => {
      const values = (c.spec as unknown as { data: { values: { series: string; x: number; y: number; held?: true }[] } }).data.values;
      return [...new Set(values.map((v) => v.series))].filter((s) => s.includes('by hour')).map((s) => [s, values.filter((v) => v.series === s && !v.held).map((v) => v.y)]);
    };
    // A by hour, B a single limit: A's steps, B's rule.
    const one = load(flex(data.a, day), data.b);
    expect(stepsOf(one)).toEqual([['A: grid connection, by hour', day]]);
    expect(JSON.stringify(one.spec)).toContain('B: grid connection 3,000 kW');
    expect(JSON.stringify(one.spec)).not.toContain('A: grid connection up to');
    expect(one.caption.join('')).toContain('; dashed lines (a step line for a connection given by hour of the day) mark the grid connections.');
    expect(dataMismatches(one)).toEqual([]);
    expect((await renderSvg(one.spec, one.id)).warnings).toEqual([]);
    // The same hours on both sides: one line for both, drawn under the lines of power, which a peak held at it runs along.
    const both = load(flex(data.a, day), flex(data.b, day));
    expect(stepsOf(both)).toEqual([['Grid connection, by hour (both)', day]]);
    expect(both.caption.join('')).toContain('; dashed lines (a step line for a connection given by hour of the day) mark the grid connection both have.');
    const filters = (both.spec as unknown as { layer: { transform?: { filter?: string }[] }[] }).layer.map((l) => l.transform?.[0]?.filter);
    const [stepLayer, lineLayer] = [filters.indexOf('datum.step'), filters.indexOf('!datum.step')];
    expect(stepLayer).toBeGreaterThanOrEqual(0);
    expect(stepLayer).toBeLessThan(lineLayer);
    // Other hours with the same highest: a line each, not one rule for both at the highest.
    const night = day.map((kw) => (kw === 1600 ? 2000 : kw));
    const apart = load(flex(data.a, day), flex(data.b, night));
    expect(stepsOf(apart).map(([s]) => s)).toEqual(['A: grid connection, by hour', 'B: grid connection, by hour']);
    // Each line of one colour in a dash of its own: B's connection in the run report's [6, 4] read
    // in the legend as B's mean power ([10, 4]).
    const dashes = (c: ReturnType<typeof load>) => {
      const encoding = (c.spec as unknown as { layer: { encoding?: { strokeDash?: { scale: { domain: string[]; range: number[][] } } } }[] }).layer.find((l) => l.encoding?.strokeDash)!.encoding!.strokeDash!.scale;
      return new Map(encoding.domain.map((label, i) => [label, JSON.stringify(encoding.range[i])]));
    };
    // Told apart at a glance: a pattern of other segments, or a first dash of at least twice the other's length.
    const b = [...dashes(apart)].filter(([label]) => label.startsWith('B:')).map(([, dash]) => JSON.parse(dash) as number[]);
    expect(b).toHaveLength(3);
    for (const [i, x] of b.entries()) {
      for (const y of b.slice(i + 1)) expect(x.length !== y.length || Math.max(x[0], y[0]) >= 2 * Math.min(x[0], y[0])).toBe(true);
    }
    // A by hour of the week whose every day is B's by hour: the same hours, one line for both.
    const weekOf = (d: typeof data.a, byHourOfWeek: number[]): typeof data.a => ({ ...d, run: { ...d.run, scenario: { ...d.run.scenario, hub: { ...(d.run.scenario.hub as object), gridKw: { byHourOfWeek } } } } });
    expect(stepsOf(load(weekOf(data.a, Array.from({ length: 168 }, (_, h) => day[h % 24])), flex(data.b, day)))).toEqual([['Grid connection, by hour (both)', day]]);
    // A by hour of the week with a weekend at 2,400 kW throughout: its highest and lowest in each hour, and B's steps.
    const mixed = load(weekOf(data.a, Array.from({ length: 168 }, (_, h) => (h < 120 ? day[h % 24] : 2400))), flex(data.b, day));
    expect(stepsOf(mixed)).toEqual([
      ['A: grid connection, by hour: highest', Array(24).fill(2400)],
      ['A: grid connection, by hour: lowest', day],
      ['B: grid connection, by hour', day],
    ]);
    expect(JSON.stringify(mixed.spec)).not.toContain('A: grid connection up to');
    expect(JSON.stringify(mixed.spec)).not.toContain('(both)');
    expect(mixed.caption.join('')).toContain("; dashed lines (a step line for a connection given by hour; two, its highest and lowest in each hour over the week's days, for one whose days differ) mark the grid connections.");
    expect(dataMismatches(mixed)).toEqual([]);
    expect((await renderSvg(mixed.spec, mixed.id)).warnings).toEqual([]);
  });

  test('an unlimited connection is said to have no rule, not marked by one', () => {
    const unlimited = (d: typeof data.a): typeof data.a => ({ ...d, run: { ...d.run, scenario: { ...d.run.scenario, hub: { ...(d.run.scenario.hub as object), gridKw: undefined } } } });
    const caption = (a: typeof data.a, b: typeof data.b) => charts(compareReport({ ...data, a, b })).find((c) => c.id === 'daily-load')!.caption.join('');
    expect(caption(unlimited(data.a), unlimited(data.b))).toContain('; neither grid connection has a limit, so none is drawn.');
    expect(caption(data.a, unlimited(data.b))).toContain("; dashed rules mark the grid connection (B's has no limit, so none is drawn for it).");
  });

  // Means over the days lie on one another where the hubs differ only on the busy days: two
  // connections, or a battery shaving the peak, showed as no difference at all.
  test("the daily load curves carry each scenario's peak by hour: A's dotted, B's dash-dot-dotted, the by-hour means of grid_peak_kw", async () => {
    const chart = charts(doc).find((c) => c.id === 'daily-load')!;
    const values = (chart.spec as unknown as { data: { values: { series: string; x: number; y: number; lo: number | null }[] } }).data.values;
    for (const d of [data.a, data.b]) {
      const tag = d === data.a ? 'A' : 'B';
      const want = Array.from({ length: 24 }, (_, h) => d.byHour.find((r) => r.weekday === 'all' && r.hour === h && r.metric === 'grid_peak_kw')!.mean);
      const drawn = values.filter((v) => v.series === `${tag}: peak 15-min grid power`);
      expect(drawn.map((v) => v.y)).toEqual(want);
      expect(drawn.every((v) => v.lo === null)).toBe(true); // no bands: four would bury the lines
    }
    expect(JSON.stringify(chart.spec)).toContain('"range":[[1,0],[10,4],[2,3],[10,3,2,3,2,3]]');
    expect(chart.caption.join('')).toContain("A's dotted line and B's dash-dot-dotted one are their peaks: the highest interval mean of grid power in that hour on any day of the window (mean over replications of each one's highest).");
    const { svg, warnings } = await renderSvg(chart.spec as never, 'daily-load');
    expect(warnings).toEqual([]);
    expect(svg).toContain('>B: peak 15-min grid power<');
  });

  test("a battery's power is overlaid where either scenario has one, and its target drawn on the load curves", async () => {
    expect(charts(doc).map((c) => c.id)).not.toContain('battery-day');
    // B with a peak-shaving battery whose by-hour power is known: 10·(h − 12) kW in hour h.
    const battery = { capacityKwh: 2000, powerKw: 1000, strategy: 'peakShaving', targetKw: 2500 };
    const byHour = data.b.byHour.map((r) =>
      r.metric === 'battery_kw_mean' ? { ...r, mean: 10 * (r.hour - 12), min: 10 * (r.hour - 12), max: 10 * (r.hour - 12) }
      : r.metric === 'battery_soc_mean' ? { ...r, mean: r.hour / 24, min: r.hour / 24, max: r.hour / 24, n: 10 }
      : r,
    );
    const b = { ...data.b, byHour, run: { ...data.b.run, scenario: { ...data.b.run.scenario, hub: { ...(data.b.run.scenario.hub as object), battery } } } };
    const drawn = charts(compareReport({ ...data, b }));
    const chart = drawn.find((c) => c.id === 'battery-day');
    if (chart === undefined) throw new Error('no battery chart');
    const values = (chart.spec as unknown as { data: { values: { series: string; x: number; y: number }[] } }).data.values;
    // B's line alone (A has none), and the caption says whose it is, as one line has no legend.
    expect(new Set(values.map((v) => v.series))).toEqual(new Set(['B: recklinghausen-phase2']));
    expect(values.map((v) => v.y)).toEqual(Array.from({ length: 24 }, (_, h) => 10 * (h - 12)));
    expect(chart.caption.join('')).toContain("A has no battery: the line is B's.");
    expect(JSON.stringify(drawn.find((c) => c.id === 'daily-load')?.spec)).toContain('B: peak-shaving target 2,500 kW');
    const soc = drawn.find((c) => c.id === 'battery-soc');
    expect(soc?.caption.join('')).toContain("A has no battery: the line is B's.");
    expect(new Set((soc?.spec as unknown as { data: { values: { series: string }[] } }).data.values.map((v) => v.series))).toEqual(new Set(['B: recklinghausen-phase2']));
    expect((await renderSvg(chart.spec, chart.id)).warnings).toEqual([]);
    // Their tables have B's column alone, signed kW and per cent of capacity.
    for (const c of [chart, soc!]) expect(dataMismatches(c)).toEqual([]);
    const table = (c: typeof chart) => (c.data.kind === 'table' ? [c.data.head, ...c.data.rows].map((r) => r.map(cellText)) : []);
    expect(table(chart).slice(0, 2)).toEqual([['Hour of day', 'B: recklinghausen-phase2 (kW)', 'B: recklinghausen-phase2, lowest to highest replication (kW)'], ['0:00\u20131:00', '\u2212120', '[\u2212120, \u2212120]']]);
    // Hours outside a short statistics window (none measured from 06:00 to 18:00) are a gap, not a line across them.
    const short = { ...b, byHour: byHour.map((r) => (r.metric === 'battery_kw_mean' && r.hour >= 6 && r.hour < 18 ? { ...r, mean: NaN, min: NaN, max: NaN, n: 0 } : r)) };
    const gapped = charts(compareReport({ ...data, b: short })).find((c) => c.id === 'battery-day')!;
    const ys = (gapped.spec as unknown as { data: { values: { y: number | null }[] } }).data.values.map((v) => v.y);
    expect(ys.slice(5, 19)).toEqual([-70, null, null, null, null, null, null, null, null, null, null, null, null, 60]);
    expect(table(soc!)[0][1]).toBe('B: recklinghausen-phase2 (% of capacity)');
    // Both with the same target: one rule, as for a connection they share.
    const a = { ...data.a, run: { ...data.a.run, scenario: { ...data.a.run.scenario, hub: { ...(data.a.run.scenario.hub as object), gridKw: 3000, battery } } } };
    const both = JSON.stringify(charts(compareReport({ ...data, a, b })).find((c) => c.id === 'daily-load')?.spec);
    expect(both).toContain('Peak-shaving target 2,500 kW (both)');
    expect(both).not.toContain('A: peak-shaving target');
  });

  test("where money is shown, the difference table's note says it is a total over the window, as counts and energy are", () => {
    const note = (t: Block) => (t.kind === 'table' ? (t.note ?? []).map((i) => (typeof i === 'string' ? i : '')).join('') : '');
    expect(note(blocks('differences')[0])).toContain('Truck counts and energy are totals over the statistics window, 26 days after a 2-day warm-up');
    const economics = { energyPrice: 0.2, demandCharge: { perKw: 10, periodDays: 30 } };
    const b = { ...data.b, run: { ...data.b.run, scenario: { ...data.b.run.scenario, economics } } };
    const priced = compareReport({ ...data, b }).sections.find((s) => s.id === 'differences')?.blocks.find((x) => x.kind === 'table');
    expect(note(priced!)).toContain('Truck counts, energy and money are totals over the statistics window, 26 days after a 2-day warm-up');
  });

  test("each side's window is stated where they differ, in the header and the difference table's note", () => {
    expect(doc.facts).toContainEqual(['Statistics window', '26 days after a 2-day warm-up']);
    const b = { ...data.b, run: { ...data.b.run, horizon: { days: 14, warmupDays: 0 } } };
    const other = compareReport({ ...data, b });
    expect(other.facts).toContainEqual(['Statistics window', "A's 26 days after a 2-day warm-up, B's 14 days"]);
    const table = other.sections.find((s) => s.id === 'differences')?.blocks.find((x) => x.kind === 'table');
    const note = table?.kind === 'table' ? (table.note ?? []).map((i) => (typeof i === 'string' ? i : '')).join('') : '';
    expect(note).toContain("Truck counts and energy are totals over each scenario's statistics window: A's 26 days after a 2-day warm-up, B's 14 days;");
  });

  test('what differs lists exactly the inputs that differ', () => {
    const t = blocks('inputs')[0];
    if (t.kind !== 'table') throw new Error('no table');
    expect(t.rows.map((r) => (typeof r[0] === 'string' ? r[0] : (r[0].text as { code: string }).code))).toEqual([
      'hub.gridKw',
      'hub.chargers[1].id',
      'hub.chargers[1].connector',
      'hub.chargers[1].cabinets',
      'hub.chargers[1].baysPerCabinet',
      'hub.chargers[1].cabinetKw',
      'hub.chargers[1].bayKw',
    ]);
    expect(t.rows[0].slice(1)).toEqual(['2,400', '3,000']);
    expect(t.rows[1].slice(1)).toEqual(['no such group', 'mcs']);
  });

  test('a field written in two shapes is one row, each side whole, not its parts "not set" on the other side', () => {
    const edit = (d: typeof data.b, hub: object, fleet?: object[]): typeof data.b => ({ ...d, run: { ...d.run, scenario: { ...d.run.scenario, hub: { ...(d.run.scenario.hub as object), ...hub }, ...(fleet ? { fleet } : {}) } } });
    // A's first type has a curve for each connector; B's one curve for both.
    const fleet = (data.a.run.scenario.fleet as object[]).map((f, i) => (i === 0 ? { ...f, curve: [[0, 1], [0.8, 1], [1, 0.25]] } : f));
    const b = edit(data.a, { gridKw: { byHour: Array(24).fill(2400) } }, fleet);
    const t = compareReport({ ...data, b }).sections.find((s) => s.id === 'inputs')!.blocks[0];
    if (t.kind !== 'table') throw new Error('no table');
    const rows = t.rows.map((r) => [(r[0] as { text: { code: string } }).text.code, ...r.slice(1)]);
    expect(rows.map((r) => r[0])).toEqual(['hub.gridKw', 'fleet[0].curve']);
    expect(rows.some((r) => r.includes('not set'))).toBe(false);
    expect(rows[0][1]).toBe('2,400');
    expect(rows[0][2]).toMatch(/^byHour 2400, 2400/);
    expect(rows[1][1]).toMatch(/^CCS \(0, 1\), \(0\.8, 1\), \(1, 0\.25\), MCS /);
    expect(rows[1][2]).toBe('(0, 1), (0.8, 1), (1, 0.25)');
  });

  test('the command that reproduces the comparison follows, as a run report gives its run\'s', () => {
    const shown = blocks('inputs').slice(-2);
    expect(shown[0]).toEqual({ kind: 'paragraph', text: ['To reproduce this comparison, run this with hubsim ', data.a.run.hubsim, ' and the two scenario files:'] });
    expect(shown[1]).toEqual({ kind: 'command', text: `hubsim compare ${data.a.run.scenarioFile} ${data.b.run.scenarioFile} --seed ${data.a.run.seed} --replications ${data.a.run.replications}` });
    // Folders no one comparison wrote (other seeds) give none.
    const other = compareReport({ ...data, b: { ...data.b, run: { ...data.b.run, seed: data.a.run.seed + 1 } } });
    expect(other.sections.find((s) => s.id === 'inputs')!.blocks.some((b) => b.kind === 'command')).toBe(false);
  });

  test('the shipped phases differ only in the hub: no notes, and the table says the trucks are the same', () => {
    const t = blocks('differences')[0];
    if (t.kind !== 'table') throw new Error('the differences do not open with the table');
    expect(JSON.stringify(t.note)).toContain('has the same seed, and sees the same trucks');
  });

  test('notes that leave the trucks alone (a metric one side lacks, another threshold) keep the table\'s word that they are the same', () => {
    const diffs = data.diffs.map((d) => (d.metric === 'wait_p95_min' ? { ...d, aMean: NaN, n: 0 } : d));
    const scenario = data.b.run.scenario as Record<string, unknown>;
    const b = { ...data.b, run: { ...data.b.run, scenario: { ...scenario, output: { serviceThresholdMin: 30 } } } };
    const t = compareReport({ ...data, b, diffs }).sections[0].blocks.find((x) => x.kind === 'table')!;
    expect(t.kind === 'table' && JSON.stringify(t.note)).toContain('has the same seed, and sees the same trucks, with the notes above');
  });

  test('a note that begins with a metric writes its name as the files do, not capitalised', () => {
    const diffs = data.diffs.map((d) => (d.metric === 'wait_p95_min' ? { ...d, aMean: NaN, n: 0 } : d));
    const noted = compareReport({ ...data, diffs });
    const notes = noted.sections[0].blocks.filter((x) => x.kind === 'paragraph').map((x) => (x.kind === 'paragraph' ? x.text.map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : `\`${p.code}\``)).join('') : ''));
    expect(notes).toEqual([expect.stringMatching(/^Note: wait_p95_min is defined in none of A's replications, only in B's: it has no B − A\.$/)]);
  });

  test("notes come first when B counts service and peaks otherwise, sees other trucks, or lacks a metric in some replications; each service level is marked at its own threshold", async () => {
    const scenario = data.b.run.scenario as Record<string, unknown>;
    const b = {
      ...data.b,
      run: { ...data.b.run, scenario: { ...scenario, output: { serviceThresholdMin: 30, powerIntervalMin: 60 }, arrivals: { ...(scenario.arrivals as object), trucksPerDay: 90 } } },
    };
    const diffs = data.diffs.map((d) => (d.metric === 'wait_mean_min' ? { ...d, n: 7 } : d));
    const noted = compareReport({ ...data, b, diffs });
    const notes = noted.sections[0].blocks.filter((x) => x.kind === 'paragraph').map((x) => (x.kind === 'paragraph' ? x.text.map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : `\`${p.code}\``)).join('') : ''));
    expect(notes).toEqual([
      expect.stringMatching(/^Note: A counts a truck as served in time within 15 minutes of arriving and B within 30/),
      expect.stringMatching(/^Note: A averages power over 15-minute intervals and B over 60/),
      expect.stringMatching(/^Note: A and B do not see the same trucks: they differ in arrivals.trucksPerDay,/),
      expect.stringMatching(/^Note: Some metrics are undefined in some replications of A or B; .*: wait_mean_min 7 of 10\.$/),
    ]);
    // The CSV's column and its file are names, set as code as the table's note sets the file.
    expect(notes[3]).toContain(`(the \`n\` column of \`compare-${data.a.name}-vs-${data.b.name}.csv\`)`);
    const t = noted.sections[0].blocks[4];
    expect(t.kind === 'table' && JSON.stringify(t.note)).toContain('has the same seed, with the notes above');
    const wait = charts(noted).find((c) => c.id === 'wait-cdf')!;
    const spec = JSON.stringify(wait.spec);
    expect(spec).toContain('"label":"A: 15 min"');
    expect(spec).toContain('"label":"B: 30 min"');
    expect(wait.caption.join('')).toContain("each at its own scenario's threshold: A's 15 minutes, B's 30");
    expect((await renderSvg(wait.spec, 'w')).warnings).toEqual([]);
    expect(JSON.stringify(charts(noted).find((c) => c.id === 'fleet')!.spec)).toContain('Service level (% in time: A: 15 minutes, B: 30)');
  });

  test('traces are the same by their rows, as run.json records them, and by their files where it does not', () => {
    const withTrace = (d: typeof data.a, file: string, trace: string, fingerprint?: { rows: number; sha256: string }) => ({
      ...d,
      run: { ...d.run, scenarioFile: file, scenario: { ...d.run.scenario, arrivals: { trace } }, ...(fingerprint ? { trace: fingerprint } : {}) },
    });
    const seesOthers = (a: typeof data.a, b: typeof data.b) =>
      compareReport({ ...data, a, b }).sections[0].blocks.some((x) => x.kind === 'paragraph' && JSON.stringify(x.text).includes('do not see the same trucks'));
    const rows = { rows: 120, sha256: 'a'.repeat(64) };
    const other = { rows: 120, sha256: 'b'.repeat(64) };
    // Copies of one trace in two folders: the same trucks.
    expect(seesOthers(withTrace(data.a, 'p1/a.json', 'trace.csv', rows), withTrace(data.b, 'p2/b.json', 'trace.csv', rows))).toBe(false);
    expect(seesOthers(withTrace(data.a, 'p1/a.json', 'one.csv', rows), withTrace(data.b, 'p1/b.json', 'two.csv', rows))).toBe(false);
    // One path, read on two days with other rows: other trucks.
    expect(seesOthers(withTrace(data.a, 'p/a.json', 'trace.csv', rows), withTrace(data.b, 'p/b.json', 'trace.csv', other))).toBe(true);
    // Without the rows recorded, the files decide.
    expect(seesOthers(withTrace(data.a, 'p/a.json', 'trace.csv'), withTrace(data.b, 'p/b.json', './trace.csv'))).toBe(false);
    expect(seesOthers(withTrace(data.a, 'p1/a.json', 'trace.csv'), withTrace(data.b, 'p2/b.json', 'trace.csv'))).toBe(true);
    // Other shares of the same types, on a trace that names a type in every row (run.json counts
    // the values in each column): the same trucks; in some rows only, other trucks.
    const fleet = data.b.run.scenario.fleet as { share?: number }[];
    const reshared = (d: typeof data.b, columns: Record<string, number>) => {
      const t = withTrace(d, 'p/b.json', 'trace.csv', rows);
      return { ...t, run: { ...t.run, scenario: { ...t.run.scenario, fleet: fleet.map((x, i) => ({ ...x, share: i + 1 })) }, traceColumns: columns } };
    };
    const typed = (d: typeof data.a, columns: Record<string, number>) => {
      const t = withTrace(d, 'p/a.json', 'trace.csv', rows);
      return { ...t, run: { ...t.run, traceColumns: columns } };
    };
    const every = { arrival_min: 120, fleet: 120 };
    expect(fleet.length).toBeGreaterThan(1);
    expect(seesOthers(typed(data.a, every), reshared(data.b, every))).toBe(false);
    expect(seesOthers(typed(data.a, { ...every, fleet: 119 }), reshared(data.b, { ...every, fleet: 119 }))).toBe(true);
  });

  test('with one replication the forest plot says there are no intervals, not that they include zero', async () => {
    const single = (d: typeof data.a) => ({ ...d, run: { ...d.run, replications: 1 } });
    const one = compareReport({ a: single(data.a), b: single(data.b), diffs: data.diffs.map((d) => ({ ...d, diffLow: NaN, diffHigh: NaN, n: 1 })) });
    const forest = charts(one).find((c) => c.id === 'forest')!;
    const { svg } = await renderSvg(forest.spec, 'f');
    expect(svg).toContain('>No interval<');
    expect(svg).not.toContain('>Interval includes zero<');
    expect(forest.caption.join('')).toContain('One replication gives no intervals');
    expect(forest.caption.join('')).not.toContain('with their 95 % confidence intervals');
    // Its data's link says what the table holds for it: no interval either.
    expect(forest.data.kind === 'see' && forest.data.rest.join('')).toBe(', whose B \u2212 A these are (energy there in kWh, here in MWh).');
  });

  test('a headline difference defined in no pair is left off the forest plot, and its words say so', async () => {
    // A hub no truck arrived at (A) against one where all balked (B): no wait is defined in either.
    const waits = ['wait_mean_min', 'wait_p95_min', 'service_level', 'served_share', 'p_wait_over_15min', 'within_break_share'];
    const none = compareReport({ ...data, diffs: data.diffs.map((d) => (waits.includes(d.metric) ? { ...d, n: 0, aMean: NaN, diffMean: NaN, diffLow: NaN, diffHigh: NaN } : d)) });
    const forest = charts(none).find((c) => c.id === 'forest')!;
    const { svg } = await renderSvg(forest.spec, 'f');
    expect(svg).not.toContain('>No interval<');
    expect(svg).not.toContain('Difference in minutes');
    expect(svg).not.toContain('>Mean wait<');
    const caption = forest.caption.join('');
    expect(caption).not.toContain('defined in only one pair');
    expect(caption).toContain('Not drawn, as undefined in every pair of replications: Service level, Served, Mean wait, 95th-percentile wait, Waited over 15 min, Charged within the break.');
  });

  test('service levels near the top of the wait CDFs are labelled left of the threshold rule, clear of its label', () => {
    const high = (d: typeof data.a, level: number): typeof data.a => ({
      ...d,
      summary: new Map([...d.summary].map(([k, v]) => [k, k === 'service_level' ? { ...v, mean: level } : v])),
      waitCdf: d.waitCdf.map((r) => ({ ...r, mean: 0.995 + r.mean / 200, min: 0.995 + r.min / 200, max: 0.995 + r.max / 200 })),
    });
    const spec = charts(compareReport({ ...data, a: high(data.a, 0.998), b: high(data.b, 0.999) })).find((c) => c.id === 'wait-cdf')?.spec as unknown as { layer: { mark: { type: string; align?: string; baseline?: string }; data?: { values: { label?: string }[] } }[] };
    const mark = (label: string) => spec.layer.find((l) => l.mark.type === 'text' && l.data?.values[0].label === label)?.mark;
    expect(mark('99.9\u00a0%')).toMatchObject({ align: 'right', baseline: 'bottom' });
    expect(mark('99.8\u00a0%')).toMatchObject({ align: 'right', baseline: 'top' });
  });

  test("a mean the difference's decimals would show as 0 keeps two significant digits, in both columns", () => {
    const wide = (d: (typeof data.diffs)[number]) => (d.metric === 'wait_mean_min' ? { ...d, aMean: 0.4635, bMean: 1.29, diffMean: 0.8265, diffLow: -14, diffHigh: 31 } : d);
    const t = compareReport({ ...data, diffs: data.diffs.map(wide) }).sections[0].blocks.find((b) => b.kind === 'table');
    if (t?.kind !== 'table') throw new Error('no table');
    const row = abd(t.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === 'wait_mean_min') as Cell[]).slice(1, 5).map(text);
    // It read "0" beside 1: no wait at all.
    expect(row).toEqual(['0.46', '1.29', '+1', '[\u221214, 31]']);
  });

  test('with one replication, whole counts are shown whole, not with the decimals of an average', () => {
    const one = (d: (typeof data.diffs)[number]) =>
      d.metric === 'trucks_reneged' ? { ...d, n: 1, aMean: 58, bMean: 58, diffMean: 0, diffLow: NaN, diffHigh: NaN }
      : d.metric === 'queue_max' ? { ...d, n: 1, aMean: 5, bMean: 4, diffMean: -1, diffLow: NaN, diffHigh: NaN }
      : d.metric === 'wait_mean_min' ? { ...d, n: 1, aMean: 1.161, bMean: 1.161, diffMean: 0, diffLow: NaN, diffHigh: NaN }
      : d;
    const t = compareReport({ ...data, diffs: data.diffs.map(one) }).sections[0].blocks.find((b) => b.kind === 'table');
    if (t?.kind !== 'table') throw new Error('no table');
    const row = (metric: string) => abd(t.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === metric) as Cell[]).slice(1, 5).map(text);
    expect(row('trucks_reneged')).toEqual(['58', '58', '0', '–']);
    expect(row('queue_max')).toEqual(['5', '4', '\u22121', '–']);
    expect(row('wait_mean_min')).toEqual(['1.16', '1.16', '0', '–']);
    // A share keeps three significant digits of its per cent, not of the fraction the file holds: 95.1, not 95.120.
    const share = compareReport({ ...data, diffs: data.diffs.map((d) => (d.metric === 'service_level' ? { ...d, n: 1, aMean: 0.5, bMean: 0.9512, diffMean: 0.4512, diffLow: NaN, diffHigh: NaN } : d)) }).sections[0].blocks.find((b) => b.kind === 'table');
    if (share?.kind !== 'table') throw new Error('no table');
    expect(abd(share.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === 'service_level') as Cell[]).slice(1, 5).map(text)).toEqual(['50.0', '95.1', '+45.1', '–']);
    // A difference of a few ten-thousandths keeps its digits, and gives A and B none of them: 27.8, not 27.757407; a 0 is 0.
    const tiny = compareReport({
      ...data,
      diffs: data.diffs.map((d) =>
        d.metric === 'bay_occupancy' ? { ...d, n: 1, aMean: 0.27757407, bMean: 0.27756996, diffMean: -0.00000411, diffLow: NaN, diffHigh: NaN }
        : d.metric === 'charge_mean_min' ? { ...d, n: 1, aMean: 48.522784, bMean: 48.5224, diffMean: -0.000384, diffLow: NaN, diffHigh: NaN }
        : d,
      ),
    }).sections[0].blocks.find((b) => b.kind === 'table');
    if (tiny?.kind !== 'table') throw new Error('no table');
    const tinyRow = (metric: string) => abd(tiny.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === metric) as Cell[]).slice(1, 4).map(text);
    expect(tinyRow('bay_occupancy')).toEqual(['27.8', '27.8', '\u22120.000411']);
    expect(tinyRow('charge_mean_min')).toEqual(['48.5', '48.5', '\u22120.000384']);
    // Its Excludes 0 cell is empty, and read aloud as having no interval, not as "no".
    const mark = (metric: string) => (t.rows.find((r) => typeof r[0] !== 'string' && r[0].sub === metric) as Cell[])[3];
    expect(mark('queue_max')).toEqual({ text: '', mark: true, said: 'no interval' });
    expect(mark('trucks_arrived')).toEqual({ text: '', mark: true, said: 'no' });
  });

  test("a scenario where no truck arrived leaves the wait axis to the other's curve", () => {
    // A's curve is undefined at every wait: it never levels off, and stretched the axis to the file's last minute.
    const none = { ...data.a, waitCdf: data.a.waitCdf.map((r) => ({ ...r, mean: NaN, min: NaN, max: NaN })) };
    const own = waitCdfPoints(data.b.waitCdf, 15).until;
    expect(own).toBeLessThan(480);
    const spec = JSON.stringify(charts(compareReport({ ...data, a: none })).find((c) => c.id === 'wait-cdf')!.spec);
    expect(spec).toContain(`"scale":{"domain":[0,${own}]`);
  });

  test('with one replication its words promise no interval, band or whisker', () => {
    const strip = <T extends { ci95Low: number; ci95High: number; min: number; max: number; mean: number }>(r: T): T => ({ ...r, ci95Low: NaN, ci95High: NaN, min: r.mean, max: r.mean });
    const single = (d: typeof data.a): typeof data.a => ({ ...d, run: { ...d.run, replications: 1 }, byHour: d.byHour.map(strip), byFleet: d.byFleet.map(strip), waitCdf: d.waitCdf.map(strip) });
    const one = compareReport({ a: single(data.a), b: single(data.b), diffs: data.diffs.map((d) => ({ ...d, n: 1, diffLow: NaN, diffHigh: NaN })) });
    const table = one.sections[0].blocks.find((b) => b.kind === 'table');
    const words = [...charts(one).map((c) => c.caption.join('')), JSON.stringify(table?.kind === 'table' ? table.note : '')].join('\n');
    expect(words).not.toMatch(/confidence interval|whiskers|lowest to (the )?highest|mean over replications/);
    expect(words).toContain('one replication, so no bands');
    for (const c of charts(one).filter((c) => c.data.kind === 'table')) {
      expect(dataMismatches(c)).toEqual([]);
      const cells = c.data.kind === 'table' ? [...c.data.head, ...c.data.rows.flat()].map(cellText) : [];
      expect(cells.filter((t) => /lowest to highest|\[/.test(t))).toEqual([]);
    }
  });

  test("a forest panel's ticks have the decimals they need to differ", async () => {
    // Differences of a few hundredths of a truck waiting: ticks of 0.005, not 0, 0, 0.
    const spec = forestSpec({ description: 'd', groups: [{ title: 'Difference in trucks waiting', format: ',.2~f', rows: [{ label: 'Mean queue', mean: -0.02, lo: -0.03, hi: -0.01 }] }], legend: ['excludes', 'includes', 'none'] });
    const { svg } = await renderSvg(spec, 'f');
    const ticks = [...svg.matchAll(/>(−?0(?:\.\d+)?)</g)].map((m) => m[1]);
    expect(ticks).toContain('−0.03');
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  test('identical scenarios: no difference table, just the statement', () => {
    const same = compareReport({ ...data, b: { ...data.a, name: 'copy' } });
    expect(same.sections.find((s) => s.id === 'inputs')?.blocks[0]).toEqual({ kind: 'paragraph', text: ['The two scenario files differ only in name and description.'] });
  });
});
