import { expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_CANVAS_HOOKS } from '../../src/report/render.js';
import { tmp } from '../helpers/cli.js';

test("the package canvas resolves to a module of nothing once the hooks vega is loaded after are in place, whatever node_modules holds one", () => {
  const dir = tmp();
  const planted = join(dir, 'node_modules', 'canvas');
  mkdirSync(planted, { recursive: true });
  const marker = join(dir, 'ran');
  writeFileSync(join(planted, 'package.json'), JSON.stringify({ name: 'canvas', main: 'index.js' }));
  writeFileSync(join(planted, 'index.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, ''); exports.createCanvas = () => null;`);
  // As vega-canvas imports it: from a module whose node_modules folders above it hold one.
  writeFileSync(join(dir, 'probe.mjs'), "import { register } from 'node:module';\nif (process.env.HOOKS) register(process.env.HOOKS);\nconst m = await import('canvas');\nconsole.log(JSON.stringify(Object.keys(m)));\n");
  const probe = (hooks?: string) => spawnSync(process.execPath, [join(dir, 'probe.mjs')], { encoding: 'utf8', env: { ...process.env, HOOKS: hooks ?? '' } });
  const hooked = probe(NO_CANVAS_HOOKS);
  expect([hooked.status, hooked.stdout, existsSync(marker)]).toEqual([0, '[]\n', false]);
  // Without them, the planted package runs: the probe can tell.
  const bare = probe();
  expect([bare.status, existsSync(marker)]).toEqual([0, true]);
});
