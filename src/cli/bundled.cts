// The installed command line runs as one script, dist/bundle/hubsim.cjs (scripts/bundle.js), that
// this module compiles with V8's code cache, dist/bundle/hubsim.cache. The build makes the cache by
// running a small scenario once: it holds the bytecode of every function that run compiled. Node
// 20 caches no ES module's compiled code, and compiling hubsim's code (0.9 MB with yargs, ajv's
// validator and the engine) was a sixth of the instructions of a one-day run; a thread that runs
// replications starts from the same cache. V8 rejects a cache made with other V8 flags, and the
// script is then compiled from its source as before: slower, never different. It does not reject
// one made by another Node 20 release: it checks V8's version, which Node 20.18 and 20.20 share
// (11.3.244.8), and not the patches each Node release adds to it, under which such a cache crashed
// every command (a segmentation fault). So the build records the Node that made the cache, and the
// cache is offered to V8 only under that Node. vega and vega-lite, which draw the reports, are a
// script of their own, dist/bundle/vega.cjs, compiled the same way with dist/bundle/vega.cache when
// a report first draws a chart.
//
// This module, and the files Node starts with it (bin/hubsim.js, dist/bundle/worker.js,
// dist/bundle/session-writer.js), are CommonJS: the first ES module a process loads starts Node's
// ES module loader, some 10 ms of every command and of every thread it starts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { Role } from './roles.js';

const BUNDLE_FILE = join(__dirname, '..', 'bundle', 'hubsim.cjs');
export const CACHE_FILE = join(__dirname, '..', 'bundle', 'hubsim.cache');
const VEGA_FILE = join(__dirname, '..', 'bundle', 'vega.cjs');
export const VEGA_CACHE_FILE = join(__dirname, '..', 'bundle', 'vega.cache');
/**
 * The build's record of the cache: the Node that made it (`nodeIdentity`), and V8's interrupt budget
 * under the flags the cache was made with, as the build read it (src/cli/v8-budget.ts).
 */
export const BUDGET_FILE = join(__dirname, '..', 'bundle', 'hubsim.v8.json');

/** The running Node as a code cache depends on it: its release (and so V8's patches), V8's version, the platform. */
export function nodeIdentity(): string {
  return `${process.version} V8 ${process.versions.v8} ${process.platform}-${process.arch}`;
}

/** The compiled bundle (whose `createCachedData` makes the cache) and a way to start it. */
export interface Bundle {
  readonly script: Script;
  /** V8's interrupt budget when V8 accepted the cache, and so runs with the build's flags; else undefined. */
  readonly v8Budget: number | undefined;
  start(role: Role, v8Budget?: number): Promise<unknown>;
}

/** Compiles the bundle, from the code cache when this Node made it and V8 accepts it. */
export function loadBundle(cache: 'use cache' | 'no cache' = 'use cache'): Bundle {
  const record = cache === 'use cache' ? cacheRecord() : undefined;
  // `importModule` loads the ES modules the bundle leaves outside: a script's own import() would
  // need vm's experimental loader, which a cached script loses.
  const { script, fromCache } = compile(BUNDLE_FILE, CACHE_FILE, record, 'importModule');
  const module = { exports: {} as { start?: (role: Role, v8Budget?: number) => Promise<unknown> } };
  const importModule = (id: string): Promise<unknown> => (id === 'vega' || id === 'vega-lite' ? Promise.resolve(vegaLibraries(record)[id]) : import(id));
  script.runInThisContext()(module.exports, createRequire(BUNDLE_FILE), module, BUNDLE_FILE, dirname(BUNDLE_FILE), importModule);
  const start = module.exports.start!;
  const budget = record?.interruptBudget;
  return { script, v8Budget: fromCache && typeof budget === 'number' ? budget : undefined, start };
}

/** vega and vega-lite, as the bundle's `importModule` hands them out. */
interface VegaLibraries {
  readonly vega: unknown;
  readonly 'vega-lite': unknown;
}

let vega: { readonly script: Script; readonly libraries: VegaLibraries } | undefined;

/**
 * vega and vega-lite from their own bundle, dist/bundle/vega.cjs (scripts/bundle.js), compiled
 * once, when a report first draws a chart, from their code cache when the bundle's `record` (read
 * as the bundle was loaded) names this Node.
 */
function vegaLibraries(record: ReturnType<typeof cacheRecord>): VegaLibraries {
  if (vega === undefined) {
    const { script } = compile(VEGA_FILE, VEGA_CACHE_FILE, record);
    const module = { exports: {} as { vega?: unknown; vegaLite?: unknown } };
    script.runInThisContext()(module.exports, createRequire(VEGA_FILE), module, VEGA_FILE, dirname(VEGA_FILE));
    vega = { script, libraries: { vega: module.exports.vega, 'vega-lite': module.exports.vegaLite } };
  }
  return vega.libraries;
}

/** The compiled vega bundle, once a report has loaded it (for its code cache: scripts/code-cache.js). */
export function vegaScript(): Script | undefined {
  return vega?.script;
}

/**
 * CommonJS `file` compiled as a function of CommonJS's parameters (and `extra`), with the code cache
 * `cacheFile` when the build's `record` names this Node; whether V8 took the cache.
 */
function compile(file: string, cacheFile: string, record: ReturnType<typeof cacheRecord>, extra = ''): { script: Script; fromCache: boolean } {
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  if (record?.node === nodeIdentity()) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache (a build that could not make one): compile from the source.
    }
  }
  // The wrapper is CommonJS's, on the script's first line so that its line numbers stay the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname${extra ? `, ${extra}` : ''}) {${source}\n})`, { filename: file, cachedData });
  return { script, fromCache: cachedData !== undefined && !script.cachedDataRejected };
}

/** The build's record of the cache; undefined without one (then no cache is used). */
function cacheRecord(): { readonly node?: unknown; readonly interruptBudget?: unknown } | undefined {
  try {
    const record: unknown = JSON.parse(readFileSync(BUDGET_FILE, 'utf8'));
    return typeof record === 'object' && record !== null ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the bundle in one of its roles: the command line, or one of the threads it starts. */
export function runBundle(role: Role): Promise<unknown> {
  const bundle = loadBundle();
  return bundle.start(role, bundle.v8Budget);
}
