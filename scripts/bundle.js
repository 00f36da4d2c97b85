#!/usr/bin/env node
// Bundles the command line (dist/cli/main.js, and dist/cli/worker.js for worker threads) into
// dist/bundle/, with each command's code in a chunk loaded when that command runs. Node resolves,
// reads and compiles one module per file; bundled, `hubsim --help` and a small run start about
// 0.1 s sooner. vega and vega-lite stay outside: the report imports them on its first chart.
// `npm run build` runs it after tsc. The library API (dist/index.js) is not bundled.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

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

// yargs looks for the program's package.json (for a version it is not given) from the folder that
// holds its node_modules, which it finds from where its own module lies. Bundled, that is
// dist/bundle/main.js, with no node_modules above it, so yargs fell back to the working folder and
// read it and every folder above it up to a package.json: in a folder of 70,000 files that cost
// every command about 0.1 s. The bundle names hubsim's own folder instead, as unbundled yargs
// finds it. A yargs whose module no longer has that line fails the build rather than quietly
// reading the working folder again.
const YARGS_SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const YARGS_MAIN = "const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));";
const yargsFindsHubsim = {
  name: 'yargs-finds-hubsim',
  setup(b) {
    b.onLoad({ filter: YARGS_SHIM }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(YARGS_MAIN)) throw new Error(`${args.path} no longer says: ${YARGS_MAIN}`);
      // The bundle's chunks lie in dist/bundle/: two folders below hubsim's.
      const main = "const mainFilename = fileURLToPath(new URL('../../', import.meta.url));";
      return { contents: text.replace(YARGS_MAIN, main), loader: 'js' };
    });
  },
};

await build({
  entryPoints: ['dist/cli/main.js', 'dist/cli/worker.js', 'dist/cli/session-writer.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Prefer packages' ES modules (jsonc-parser's CommonJS build requires files by computed names).
  mainFields: ['module', 'main'],
  external: ['vega', 'vega-lite', 'playwright-core'],
  // Bundled CommonJS packages (jstat, seedrandom, …) call require for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Errors are named by their class (InputError, …), and that name crosses from worker threads.
  keepNames: true,
  plugins: [oneStringWidth, yargsFindsHubsim],
  logLevel: 'warning',
});
