// Vega-Lite spec → static SVG, with vega's headless View. vega and vega-lite are imported here
// lazily, on the first chart, so that loading this module (or the CLI) costs nothing when no
// report is made.
import * as nodeModule from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { SimulationError } from '../errors.js';
import { escapeHtml } from './format.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let libraries: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

/**
 * A module resolution hook that resolves the package `canvas` to a module of nothing. vega-canvas
 * imports that optional package, which hubsim does not install: Node then looks for it in every
 * node_modules folder from vega's up to the root, and would run the code of one that anyone able to
 * write such a folder put there (/tmp/node_modules above a checkout in /tmp). With none, vega draws
 * as it does without the package: every chart is SVG, and its text is measured without a canvas.
 */
export const NO_CANVAS_HOOKS = `data:text/javascript,${encodeURIComponent(
  "export async function resolve(specifier, context, next) { return specifier === 'canvas' ? { url: 'data:text/javascript,', shortCircuit: true } : next(specifier, context); }",
)}`;

/**
 * Loads vega and vega-lite once per process, the package `canvas` resolved to nothing first (see
 * NO_CANVAS_HOOKS). The command line's bundle takes them from a bundle of their own instead, which
 * never looks for `canvas`, and registers no hooks (scripts/bundle.js).
 */
function loadVega(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  // One after the other: Jest's ESM loader fails on two concurrent imports that share modules
  // ("request for './accessor.js' is not in cache"), and in Node the order costs nothing.
  libraries ??= (async () => {
    try {
      nodeModule.register?.(NO_CANVAS_HOOKS); // (Node's from 20.6 on)
    } catch {
      // A host with a module loader of its own may refuse hooks, as Jest does: vega then looks for
      // the package as Node does without them.
    }
    const vega = await import('vega');
    const vegaLite = await import('vega-lite');
    return { vega, vegaLite };
  })();
  return libraries;
}

/** A rendered chart, and what vega and vega-lite warned about while making it (none, normally). */
export interface RenderedChart {
  readonly svg: string;
  readonly warnings: readonly string[];
}

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string fit to inline in an HTML page: no XML
 * namespace declarations (HTML's parser supplies them) and every id prefixed with `idPrefix`, so
 * several charts on one page never share a clip path. The same spec and prefix always give the same
 * bytes. Throws if vega-lite or vega rejects the spec (a bug in a spec builder).
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<RenderedChart> {
  const { vega, vegaLite } = await loadVega();
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const compiled = vegaLite.compile(spec, { logger }).spec;
  // Clip-path and gradient ids come from module-level counters; restart them so a chart's ids
  // do not depend on what was rendered before it in this process.
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    return { svg: inlineSvg(svg, idPrefix, (spec as { description?: string }).description), warnings };
  } finally {
    view.finalize();
  }
}

/** vega's version and vega-lite's, for the page's colophon. */
export async function vegaVersions(): Promise<{ vega: string; vegaLite: string }> {
  const { vega, vegaLite } = await loadVega();
  return { vega: vega.version, vegaLite: vegaLite.version };
}

/**
 * Drops namespace declarations and prefixes ids and their `url(#…)`/`href="#…"` references. With a
 * `label` (the spec's description), the chart becomes one image of that name, its drawing hidden
 * from screen readers: vega's SVG string carries the description nowhere, so a screen reader named
 * the chart by its tick labels ("0:00 3:00 6:00 …") and then read hundreds of marks as raw data
 * ("hi: 353.290333169"). The figure's caption, beside it, says the rest.
 */
export function inlineSvg(svg: string, idPrefix: string, label?: string): string {
  const named = label ? ` role="img" aria-label="${escapeHtml(label)}"` : '';
  // The drawing (the group after the background) is hidden from the accessibility tree: chromium
  // still lists an SVG image's children, and vega gives text and groups roles of their own.
  const opened = (svg.match(/^<svg[^>]*>(?:<rect[^>]*\/>)?<g /) ?? [''])[0];
  const hidden = label && opened ? `${opened}aria-hidden="true" ${svg.slice(opened.length)}` : svg;
  return hidden
    .replace(/^<svg([^>]*)>/, (_, attrs: string) => `<svg${attrs.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')}${named}>`)
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${idPrefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${idPrefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${idPrefix}-${id}"`);
}

interface Logger {
  level(level?: number): number | Logger;
  error(...args: unknown[]): Logger;
  warn(...args: unknown[]): Logger;
  info(...args: unknown[]): Logger;
  debug(...args: unknown[]): Logger;
}

/** A vega logger that records warnings instead of printing them, and throws on errors. */
function collectingLogger(warnings: string[]): Logger {
  const logger: Logger = {
    level(level?: number) {
      return level === undefined ? 2 : logger; // 2 = vega.Warn
    },
    error(...args: unknown[]): Logger {
      throw new SimulationError(`vega: ${args.map(String).join(' ')}`);
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}
