#!/usr/bin/env node
// Bundles the command line (dist/cli/main.js, and dist/cli/worker.js for worker threads) into
// dist/bundle/, with each command's code in a chunk loaded when that command runs. Node resolves,
// reads and compiles one module per file; bundled, `hubsim --help` and a small run start about
// 0.1 s sooner. vega and vega-lite stay outside: the report imports them on its first chart.
// `npm run build` runs it after tsc. The library API (dist/index.js) is not bundled.
import { build } from 'esbuild';

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
  logLevel: 'warning',
});
