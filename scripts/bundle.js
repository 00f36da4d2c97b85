#!/usr/bin/env node
// Bundles the command line (dist/cli/main.js, and the threads it starts: dist/cli/worker.js,
// dist/cli/session-writer.js) into one script, dist/bundle/hubsim.cjs, with each command's code
// run only when that command runs, and makes its code cache (scripts/code-cache.js, read by
// src/cli/bundled.cts). Node resolves, reads and compiles one module per file; bundled, `hubsim
// --help` and a small run start about 0.1 s sooner, and from the cache a small run another 50 ms.
// vega and vega-lite are bundled apart (dist/bundle/vega.cjs): the report loads them on its first chart. `npm run build`
// runs it after tsc. The library API (dist/index.js) is not bundled.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';

// yargs and its help layout (cliui, wrap-ansi) measure text with string-width, which builds a
// Unicode segmenter and an emoji regular expression as it loads and segments every string it
// measures: some 50 ms of every command's start, and more for each help text (yargs lays out a
// command's help even when it runs the command). fast-string-width gives the same widths (help
// texts are byte-identical) without that cost. cli-progress requires an older, CommonJS
// string-width with another shape, and keeps it.
const fastStringWidth = createRequire(import.meta.url).resolve('fast-string-width');
const oneStringWidth = {
  name: 'one-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) => (args.kind === 'import-statement' ? { path: fastStringWidth } : undefined));
  },
};

/**
 * A plugin that loads the files matching `filter` with each `[from, to]` text replaced. A file that
 * no longer holds a `from` (after an upgrade, say) fails the build rather than going in unchanged.
 */
function rewrite(name, filter, replacements) {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async (args) => {
        let text = await readFile(args.path, 'utf8');
        for (const [from, to] of replacements) {
          if (!text.includes(from)) throw new Error(`${args.path} no longer says: ${from}`);
          text = text.replace(from, to);
        }
        return { contents: text, loader: 'js' };
      });
    },
  };
}

// yargs looks for the program's package.json (for a version it is not given) from the folder that
// holds its node_modules, which it finds from where its own module lies. Bundled, that is
// dist/bundle/hubsim.cjs, with no node_modules above it, so yargs fell back to the working folder
// and read it and every folder above it up to a package.json: in a folder of 70,000 files that
// cost every command about 0.1 s. The bundle names hubsim's own folder instead (`../../` from
// dist/bundle/), as unbundled yargs finds it.
//
// The shim also hands yargs assert's strictEqual and notStrictEqual, which yargs calls as it parses
// every command line. Both compare with Object.is, as assert does, and call assert's own only when
// the check fails (to throw its error): assert, which every run loaded, then loads only then (see
// lazyBuiltins below).
const yargsFindsHubsim = rewrite('yargs-finds-hubsim', /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/, [
  ["const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));", "const mainFilename = fileURLToPath(new URL('../../', import.meta.url));"],
  [
    'notStrictEqual,\n    strictEqual\n',
    'notStrictEqual: (a, b, message) => (Object.is(a, b) ? notStrictEqual(a, b, message) : undefined),\n' +
      '    strictEqual: (a, b, message) => (Object.is(a, b) ? undefined : strictEqual(a, b, message))\n',
  ],
]);

// Node builtins that a run rarely uses, but whose importers every run loads: assert (yargs' shim,
// above), node:v8 (the interrupt budget, set only for short commands: src/cli/v8-budget.ts) and
// node:worker_threads (only when threads start). Node compiles each builtin, and those it
// requires, as it is first required: together some 30 M instructions of every command's start.
// Imported here, each is a module of getters that requires the builtin when one of its exports is
// first read. The getters are those the code imports, listed here, not the builtin's exports as the
// Node running the build has them: those differ between Node releases (20.20's worker_threads has
// postMessageToThread, 20.12's not), and the bundle, whose digest is the build's fingerprint, would
// differ with them. An import of a name not listed stops the build.
const LAZY_BUILTINS = { assert: ['notStrictEqual', 'strictEqual'], v8: ['setFlagsFromString'], worker_threads: ['Worker', 'parentPort'] };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${Object.keys(LAZY_BUILTINS).join('|')})$`);
    b.onResolve({ filter }, async (args) => {
      if (args.kind !== 'import-statement') return undefined;
      const builtin = args.path.replace(/^node:/, '');
      const spec = String.raw`['"](?:node:)?${builtin}['"]`;
      const text = await readFile(args.importer, 'utf8');
      // Named imports, the one form the getters serve; and every statement that takes the builtin
      // (a default or namespace import, a re-export, an import for its effects), which none may be
      // but those. A statement ends at a string: it does not run on into the next without a semicolon.
      const imports = [...text.matchAll(new RegExp(String.raw`\bimport\s*\{([^}'"]*)\}\s*from\s*${spec}`, 'g'))];
      const takes = text.match(new RegExp(String.raw`\b(?:import|export)\b[^;'"]*?\bfrom\s*${spec}|\bimport\s*${spec}`, 'g')) ?? [];
      const named = imports.flatMap((m) => m[1].split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean));
      const missing = named.filter((n) => !LAZY_BUILTINS[builtin].includes(n));
      if (takes.length !== imports.length || missing.length > 0) {
        const what = missing.length > 0 ? `imports ${missing.join(', ')}, which LAZY_BUILTINS does not list,` : 'takes it otherwise than by named imports (import { … } from …)';
        return { errors: [{ text: `${args.importer} ${what} from ${args.path}: the bundle loads ${args.path} lazily, for the names LAZY_BUILTINS (scripts/bundle.js) lists` }] };
      }
      return { path: builtin, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const id = JSON.stringify(`node:${args.path}`);
      const getters = LAZY_BUILTINS[args.path].map(
        (name) => `${JSON.stringify(name)}: { get: () => load()[${JSON.stringify(name)}], enumerable: true }`,
      );
      return {
        contents: `let loaded;\nconst load = () => (loaded ??= require(${id}));\nmodule.exports = Object.defineProperties({}, {\n${getters.join(',\n')}\n});\n`,
        loader: 'js',
      };
    });
  },
};

// yargs renders a command's help as it starts the command, to have it should the command's help be
// asked for later (its showHelp or getHelp); hubsim never asks (its failures throw, and --help runs
// no command): some 5 ms of every command, spent laying out text no one reads.
const yargsRendersNoUnreadHelp = rewrite('yargs-renders-no-unread-help', /[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/, [
  [
    '            if (!isDefaultCommand) {\n                yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();\n            }\n',
    '',
  ],
]);

// simple-statistics' bundled module computes a table of the normal distribution as it loads, for
// functions hubsim does not use: some 5 M instructions of every command's start (0.8 % of a one-day
// run's, V8 optimising the loop included). The bundle takes the functions hubsim uses from the
// package's source modules, one function each and the same code, and so leaves the table out. A
// function used but not listed here fails the build (esbuild: no matching export).
const SIMPLE_STATISTICS = { mean: 'mean.js', quantileSorted: 'quantile_sorted.js' };
const simpleStatisticsBySource = {
  name: 'simple-statistics-by-source',
  setup(b) {
    b.onResolve({ filter: /^simple-statistics$/ }, () => ({ path: 'simple-statistics', namespace: 'simple-statistics-by-source' }));
    b.onLoad({ filter: /.*/, namespace: 'simple-statistics-by-source' }, () => ({
      contents: Object.entries(SIMPLE_STATISTICS)
        .map(([name, file]) => `export { default as ${name} } from './src/${file}';\n`)
        .join(''),
      resolveDir: dirname(createRequire(import.meta.url).resolve('simple-statistics/package.json')),
      loader: 'js',
    }));
  },
};

// jStat builds its whole library (some 300 functions) as it loads; src/jstat.ts reads it only when
// a distribution or an interval needs it, and here the import itself loads jStat only then.
const jstatFile = createRequire(import.meta.url).resolve('jstat');
const lazyJstat = {
  name: 'lazy-jstat',
  setup(b) {
    b.onResolve({ filter: /^jstat$/ }, (args) => (args.kind === 'import-statement' ? { path: 'jstat', namespace: 'lazy-jstat' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-jstat' }, () => ({
      contents: `module.exports = { get jStat() { return require(${JSON.stringify(`./${basename(jstatFile)}`)}).jStat; } };\n`,
      resolveDir: dirname(jstatFile),
      loader: 'js',
    }));
  },
};

// A dynamic import() of vega in the bundle, a script, would need vm's experimental module loader,
// which a script compiled from a code cache loses; src/cli/bundled.cts hands the script an
// `importModule` of its own instead, which takes vega and vega-lite from their own bundle (below).
// That bundle never looks for the package `canvas`, so the hooks that resolve it to nothing
// (src/report/render.ts) are not registered: registering them starts a thread for Node's module
// hooks, some 0.15 s of every report.
const vegaByImportModule = rewrite('vega-by-import-module', /[\\/]dist[\\/]report[\\/]render\.js$/, [
  ...['vega', 'vega-lite'].map((id) => [`import('${id}')`, `importModule('${id}')`]),
  ['nodeModule.register?.(NO_CANVAS_HOOKS);', ''],
]);

// One script, not ES modules: Node 20 keeps no compiled code for ES modules, and a script's can be
// cached (src/cli/bundled.cts). Each command's code and each thread's still runs only when needed.
// V8 checks a code cache against its script's length, not its text: a cache left from an earlier
// build could be taken for this one's. Nothing of an earlier bundle survives this one's build.
await rm('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { hubsim: 'dist/cli/roles.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Prefer packages' ES modules (jsonc-parser's CommonJS build requires files by computed names).
  mainFields: ['module', 'main'],
  external: ['vega', 'vega-lite', 'playwright-core'],
  // The script lies in dist/bundle/, as the modules it is made of find their files from.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Errors are named by their class (InputError, …), and that name crosses from worker threads.
  keepNames: true,
  // Every start reads, decodes and hashes the whole script: without comments and spacing it is a
  // third smaller (1.36 MB to 0.90 MB), and a one-day run starts some 13 ms sooner. Names are kept
  // (identifiers are not shortened), so profiles and internal errors still name their functions.
  minifyWhitespace: true,
  minifySyntax: true,
  // Every non-ASCII character in the code escaped (esbuild's default, relied on below).
  charset: 'ascii',
  plugins: [oneStringWidth, yargsFindsHubsim, yargsRendersNoUnreadHelp, simpleStatisticsBySource, lazyJstat, vegaByImportModule, lazyBuiltins],
  logLevel: 'warning',
});

// vega and vega-lite, which draw the reports, as a script of their own (dist/bundle/vega.cjs) that
// src/cli/bundled.cts compiles with a code cache of its own, when a report is first drawn. As ES
// modules they took some 0.26 s to load at every report (Node resolves, reads and compiles 40-odd
// modules, and caches none of them); the script takes some 0.15 s, and 0.08 s from its cache.
// vega-canvas's build for Node looks for the optional package `canvas` (which hubsim does not
// install) in every node_modules folder above it, and would run one that anyone able to write such a
// folder put there; its build for browsers, taken here, draws without it, as the Node build does
// when it finds none: every chart is SVG, its text measured without a canvas.
const vegaCanvasForBrowsers = createRequire(import.meta.url).resolve('vega-canvas').replace(/vega-canvas\.node\.js$/, 'vega-canvas.browser.js');
await build({
  stdin: { contents: "export * as vega from 'vega';\nexport * as vegaLite from 'vega-lite';\n", resolveDir: '.', sourcefile: 'vega-libraries.js' },
  outfile: 'dist/bundle/vega.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  plugins: [
    {
      name: 'vega-canvas-for-browsers',
      setup(b) {
        if (!vegaCanvasForBrowsers.endsWith('vega-canvas.browser.js')) throw new Error(`vega-canvas no longer resolves to its Node build: ${vegaCanvasForBrowsers}`);
        b.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: vegaCanvasForBrowsers }));
      },
    },
  ],
  logLevel: 'warning',
});

// A bundle is read at every start, as UTF-8. One non-ASCII character sends all of it through
// the slow decoder, and one beyond Latin-1 (a "−" in a comment) makes V8 hold the source as UTF-16:
// some 25 M instructions, about 6 ms of `hubsim --help`. esbuild escapes the code's own non-ASCII
// characters; those left are in the comments it keeps, where an escape changes nothing.
const ascii = (text) => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const bundleFile = 'dist/bundle/hubsim.cjs';
const script = ascii(await readFile(bundleFile, 'utf8'));
await writeFile(bundleFile, script);
await writeFile('dist/bundle/vega.cjs', ascii(await readFile('dist/bundle/vega.cjs', 'utf8')));

// The build's fingerprint: the bundle's SHA-256, as `sha256sum` prints it (so `sha256sum -c` checks
// it). A slice records it in shard.json (src/cli/version.ts), and merge joins only slices of one
// build: two builds of one version (a moving image tag, a checkout at two commits) may simulate
// differently. The bundle holds all the code a command runs but vega's, which draws reports; it is
// the same from every `npm ci` of one commit, wherever the checkout lies.
await writeFile('dist/bundle/hubsim.sha256', `${createHash('sha256').update(script).digest('hex')}  hubsim.cjs\n`);

// The files that the threads the command line starts run, by these names (src/cli/pool.ts,
// src/cli/sessions.ts: the same names unbundled are dist/cli's ES modules). Like bin/hubsim.js they
// are CommonJS, so that a thread starts without Node's ES module loader (src/cli/bundled.cts).
await writeFile('dist/bundle/package.json', '{ "type": "commonjs" }\n');
for (const role of ['worker', 'session-writer']) {
  await writeFile(`dist/bundle/${role}.js`, `require('../cli/bundled.cjs').runBundle('${role}');\n`);
}

for (const which of [[], ['vega']]) {
  const cache = spawnSync(process.execPath, ['scripts/code-cache.js', ...which], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (cache.status !== 0) throw new Error(`scripts/code-cache.js ${which.join(' ')} failed`);
}
