import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { buildCompareReport, buildRunReport } from '../../src/cli/reports.js';
import { duplicateIds, externalReferences, parseErrors } from './html-check.js';
import { scratch as scratchFolder } from '../helpers/scratch.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/report');
const A = 'recklinghausen-phase1';
const B = 'recklinghausen-phase2';
const scratch = scratchFolder('hubsim-report-');

/** A fresh copy of the fixtures' output folder. */
function outDir(name: string): string {
  const dir = join(scratch, name);
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

/** Every figure holds one inline SVG with drawn marks. */
function figures(html: string): { id: string; marks: number }[] {
  return [...html.matchAll(/<figure id="fig-([^"]+)" class="chart">\n<div class="chart-box"[^>]*>\n(<svg[\s\S]*?<\/svg>)/g)].map((m) => ({ id: m[1], marks: (m[2].match(/role="graphics-symbol"/g) ?? []).length }));
}

/**
 * What follows each figure: its data table (the caption it is named by, and its row count), or
 * the id of the element on the page a link right after it points to.
 */
function chartData(html: string): { id: string; table?: string; rows?: number; link?: string }[] {
  return [...html.matchAll(/<figure id="fig-([^"]+)" class="chart">[\s\S]*?<\/figure>\n(<details class="chart-data">[\s\S]*?<\/details>|<p class="chart-data">[\s\S]*?<\/p>)?/g)].map((m) => {
    const after = m[2] ?? '';
    const table = /<caption>([^<]*)<\/caption>/.exec(after)?.[1];
    const link = /<a href="#([^"]+)">/.exec(after)?.[1];
    return { id: m[1], ...(table === undefined ? {} : { table, rows: (after.match(/<tr><th scope="row">/g) ?? []).length }), ...(link === undefined ? {} : { link }) };
  });
}

function checkPage(html: string): void {
  expect(parseErrors(html)).toEqual([]);
  expect(externalReferences(html)).toEqual([]);
  expect(duplicateIds(html)).toEqual([]);
  for (const f of figures(html)) expect(f.marks).toBeGreaterThan(0);
  // Every chart is followed by its data: a table named as the chart is, or a link to one on the page.
  const data = chartData(html);
  expect(data).toHaveLength(figures(html).length);
  for (const d of data) {
    const name = new RegExp(`<figure id="fig-${d.id}" class="chart">\n<div class="chart-box"[^>]*>\n<svg[^>]* aria-label="([^"]*)"`).exec(html)?.[1];
    if (d.link === undefined) expect({ id: d.id, table: d.table, rows: (d.rows ?? 0) > 0 }).toEqual({ id: d.id, table: name, rows: true });
    else expect(html).toContain(` id="${d.link}"`);
  }
}

describe('buildRunReport', () => {
  test('writes report.html into the folder: self-contained, well-formed, byte-identical when built again', async () => {
    const out = outDir('run');
    const before = readdirSync(join(out, A));
    const path = await buildRunReport(join(out, A));
    expect(path).toBe(join(out, A, 'report.html'));
    expect(readdirSync(join(out, A)).sort()).toEqual([...before, 'report.html'].sort());
    const html = readFileSync(path, 'utf8');
    checkPage(html);
    expect(figures(html).map((f) => f.id)).toEqual(['daily-load', 'load-duration', 'occupancy-week', 'service-week', 'wait-cdf', 'queue-day', 'fleet']);
    expect(chartData(html).map((d) => d.rows)).toEqual([24, 101, 24, 24, 61, 24, 6]);
    // No wall clock: the same inputs give the same bytes.
    await buildRunReport(join(out, A));
    expect(readFileSync(path, 'utf8')).toBe(html);
  });

  test('a link left where the page is written first is removed, not written through', async () => {
    const out = outDir('linked');
    const elsewhere = join(out, 'elsewhere.html');
    writeFileSync(elsewhere, 'mine');
    symlinkSync(elsewhere, join(out, A, 'report.html.partial'));
    await buildRunReport(join(out, A));
    expect(readFileSync(elsewhere, 'utf8')).toBe('mine');
    expect(readFileSync(join(out, A, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(existsSync(join(out, A, 'report.html.partial'))).toBe(false);
  });

  test('a folder with a missing file writes nothing and names the file', async () => {
    const out = outDir('broken');
    rmSync(join(out, A, 'by-hour.csv'));
    await expect(buildRunReport(join(out, A))).rejects.toThrow(InputError);
    await expect(buildRunReport(join(out, A))).rejects.toThrow(join(out, A, 'by-hour.csv'));
    expect(existsSync(join(out, A, 'report.html'))).toBe(false);
    expect(readdirSync(join(out, A)).filter((f) => f.includes('report'))).toEqual([]);
  });
});

describe('buildCompareReport', () => {
  test('writes compare-<A>-vs-<B>.html beside the comparison CSV', async () => {
    const out = outDir('compare');
    const path = await buildCompareReport(out, A, B);
    expect(path).toBe(join(out, `compare-${A}-vs-${B}.html`));
    const html = readFileSync(path, 'utf8');
    checkPage(html);
    expect(figures(html).map((f) => f.id)).toEqual(['forest', 'daily-load', 'wait-cdf', 'service-hour', 'fleet']);
    expect(chartData(html).map((d) => d.link ?? d.rows)).toEqual(['differences', 24, 61, 24, 6]);
    expect(html).toContain(`<h1>${A} vs ${B}</h1>`);
  });
});

describe('loading the report module', () => {
  // The CLI may import src/report for every command: vega and vega-lite must load only when a
  // chart is drawn, through render.ts's dynamic import, never through a static one.
  test('no module of src/report imports vega or vega-lite statically (type imports are erased)', () => {
    const dir = join(process.cwd(), 'src/report');
    const statics = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^import\s+(?!type\b)[^;]*from\s+'(vega|vega-lite)(\/[^']*)?';/gm)].map((m) => `${f}: ${m[0]}`));
    expect(statics).toEqual([]);
    expect(readFileSync(join(dir, 'render.ts'), 'utf8')).toContain("await import('vega')");
  });
});
