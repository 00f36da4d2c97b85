import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root, tmp } from './helpers/cli.js';

// hubsim used from another project, as the README tells: packed into a tarball, installed into a
// fresh project, the README's library example run there, and the README's CI step run as written.

const npm = (cwd: string, ...args: string[]) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, encoding: 'utf8' });

let project: string;

beforeAll(() => {
  const packs = tmp();
  const tarball = npm(root, 'pack', '--pack-destination', packs).trim().split('\n').pop()!;
  project = tmp();
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-hub', private: true, type: 'module', devDependencies: { hubsim: `file:${join(packs, tarball)}` } }));
  npm(project, 'install');
  npm(project, 'ci'); // the CI step's own install, from the lock file
}, 300_000);

describe('hubsim from a packed tarball', () => {
  test('the README shows examples/library.mjs as it is', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(readFileSync(join(root, 'examples', 'library.mjs'), 'utf8'));
  });

  test('every file the package names from another is in the package', () => {
    // A source map's `sources` or a script's sourceMappingURL naming a file left out (src/*.ts) makes
    // bundlers and debuggers that follow them warn or fail on hubsim's files.
    const installed = join(project, 'node_modules', 'hubsim');
    const dangling: string[] = [];
    for (const file of readdirSync(installed, { recursive: true, encoding: 'utf8' })) {
      const path = join(installed, file);
      if (/\.c?js$/.test(file)) {
        const url = /^\/\/# sourceMappingURL=(\S+)\s*$/m.exec(readFileSync(path, 'utf8'));
        if (url && !existsSync(join(dirname(path), url[1]))) dangling.push(`${file} -> ${url[1]}`);
      } else if (file.endsWith('.map')) {
        for (const source of JSON.parse(readFileSync(path, 'utf8')).sources as string[]) {
          if (!existsSync(join(dirname(path), source))) dangling.push(`${file} -> ${source}`);
        }
      }
    }
    expect(dangling).toEqual([]);
  });

  test('every module it ships is one the library or the command line loads', () => {
    // tsc compiles every module into dist/; installed, the command line runs from dist/bundle/, and
    // the library is what dist/index.js imports, its types included.
    const installed = join(project, 'node_modules', 'hubsim');
    const loaded = new Set<string>();
    const follow = (file: string) => {
      if (loaded.has(file) || !existsSync(join(installed, file))) return;
      loaded.add(file);
      for (const [, spec] of readFileSync(join(installed, file), 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) follow(join(dirname(file), spec));
      if (file.endsWith('.js')) follow(file.replace(/\.js$/, '.d.ts'));
    };
    follow('dist/index.js');
    follow('bin/hubsim.js');
    expect(loaded).toContain('dist/cli/bundled.cjs');
    const shipped = readdirSync(join(installed, 'dist'), { recursive: true, encoding: 'utf8' }).map((f) => join('dist', f)).filter((f) => /\.(c?js|d\.c?ts)$/.test(f));
    expect(shipped.filter((f) => !loaded.has(f) && !f.startsWith('dist/bundle/'))).toEqual([]);
    expect(shipped).toContain('dist/model/simulate.js');
  });

  test('the library example runs against the installed package', () => {
    copyFileSync(join(root, 'examples', 'library.mjs'), join(project, 'library.mjs'));
    const r = spawnSync(process.execPath, ['library.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^koblenz: mean wait \d+\.\d\d min over 3 replications\nkoblenz-plus-2-cabinets: mean wait \d+\.\d\d min over 3 replications\n$/);
    // A scenario with a trace: its variant reads the trace beside the scenario file.
    const traced = spawnSync(process.execPath, ['library.mjs', 'node_modules/hubsim/scenarios/trace-example.json'], { cwd: project, encoding: 'utf8' });
    expect(traced.stderr).toBe('');
    expect(traced.status).toBe(0);
    expect(traced.stdout).toMatch(/^trace-example: mean wait \d+\.\d\d min over 3 replications\ntrace-example-plus-2-cabinets: mean wait \d+\.\d\d min over 3 replications\n$/);
  }, 120_000);

  test("its types compile in a strict TypeScript project, without Node's type definitions", () => {
    writeFileSync(
      join(project, 'main.ts'),
      [
        "import { InputError, loadScenario, METRIC_NAMES, simulate, traceRows, validateScenario, type Breakdown, type Scenario, type TraceReader, type TraceRow } from 'hubsim';",
        'export async function meanWait(file: string): Promise<number> {',
        '  try {',
        '    const s: Scenario = await loadScenario(file);',
        '    return simulate(s, 1).metrics.wait_mean_min;',
        '  } catch (err) {',
        '    if (err instanceof InputError) return err.issues.length;',
        '    throw err;',
        '  }',
        '}',
        'export const names: readonly string[] = METRIC_NAMES;',
        'export const rows = traceRows;',
        // The types of what the documented functions take and return, by name.
        "export const inMemory = (raw: unknown, readTrace: TraceReader): Scenario => validateScenario(raw, 'memory', readTrace);",
        // A URL of the caller's own making (Node's, here described by hand) is taken where a path is.
        "export const byUrl = (): Promise<Scenario> => loadScenario({ href: 'file:///x.json', protocol: 'file:' });",
        "export const firstRow = (s: Scenario): TraceRow | undefined => (s.arrivals.kind === 'trace' ? traceRows(s.arrivals.columns, s.fleet.map((f) => f.name))[0] : undefined);",
        'export const breakdownOf = (s: Scenario): Breakdown => simulate(s, 1).breakdown;',
        '',
      ].join('\n'),
    );
    // "types": [] keeps out any @types/node that happens to be installed, and "lib" the DOM's types
    // (TypeScript's default lib has them, and with them a URL): the shipped types must need neither.
    const options = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], noEmit: true, types: [], skipLibCheck: false };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['main.ts'] }));
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  test('every declaration file it ships type-checks on its own, not only those the entry point reaches', () => {
    // Without "exports", a project may import any of hubsim's modules; a .d.ts leaning on a
    // declaration that stays in hubsim's checkout (src/types/) fails that project's type check.
    const installed = join(project, 'node_modules', 'hubsim');
    const declarations = readdirSync(join(installed, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts') && !f.startsWith('bundle/'));
    expect(declarations).toContain('jstat.d.ts');
    writeFileSync(join(project, 'every.ts'), declarations.map((f, i) => `import type * as m${i} from 'hubsim/dist/${f.replace(/\.d\.ts$/, '.js')}';\n`).join('') + 'export {};\n');
    const options = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], noEmit: true, types: [], skipLibCheck: false };
    writeFileSync(join(project, 'tsconfig.every.json'), JSON.stringify({ compilerOptions: options, files: ['every.ts'] }));
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(project, 'tsconfig.every.json')], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  test('its types name no typed array with type arguments, which TypeScript before 5.7 cannot read', () => {
    const installed = join(project, 'node_modules', 'hubsim');
    const generic = readdirSync(installed, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.d\.c?ts$/.test(file))
      .flatMap((file) => (readFileSync(join(installed, file), 'utf8').match(/\b\w+Array<\w+>/g) ?? []).map((type) => `${file}: ${type}`))
      .filter((hit) => /(Int|Float|Uint|Uint8Clamped|BigInt|BigUint)\d*Array</.test(hit));
    expect(generic).toEqual([]);
  });

  test("the README's GitHub Actions step works as written", () => {
    const step = /- name: hub metrics have not moved\n\s+run: (.+)\n/.exec(readFileSync(join(root, 'README.md'), 'utf8'))![1];
    mkdirSync(join(project, 'scenarios'));
    const hub = JSON.parse(readFileSync(join(project, 'node_modules', 'hubsim', 'scenarios', 'koblenz.json'), 'utf8'));
    writeFileSync(join(project, 'scenarios', 'my-hub.json'), JSON.stringify({ ...hub, $schema: undefined, name: 'my-hub', horizon: { days: 7, warmupDays: 1 } }));
    const made = spawnSync('npx', ['hubsim', 'baseline', 'scenarios/my-hub.json', '--replications', '4', '--out', 'baselines/my-hub.csv'], { cwd: project, encoding: 'utf8' });
    expect(made.status).toBe(0);
    const r = spawnSync('sh', ['-c', step], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/ok: all \d+ metrics within tolerance/);
    expect(r.status).toBe(0);
  }, 120_000);
});
