#!/usr/bin/env node
// Keeps out of the package the modules nothing installed loads. tsc compiles every module under
// src/ into dist/, as the command line's bundle (scripts/bundle.js) and the tests read them there;
// installed, the command line runs from dist/bundle/ alone, and the library is dist/index.js and
// the modules it imports, types included. The rest, some 530 KB, is listed in dist/.npmignore,
// which npm heeds inside a folder that package.json's "files" names. `npm run build` runs it last.
import { readdirSync, writeFileSync } from 'node:fs';
import path, { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { inside } from './paths.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = resolve(root, 'src');
const dist = resolve(root, 'dist');

// The library's modules: what src/index.ts imports, directly or not, types too (a .d.ts names them).
const config = ts.getParsedCommandLineOfConfigFile(resolve(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
const program = ts.createProgram([resolve(src, 'index.ts')], config.options);
const library = new Set(
  program
    .getSourceFiles()
    .map((f) => inside(path, src, resolve(f.fileName)))
    .filter((f) => f !== undefined)
    .map((f) => f.replace(/\.ts$/, '')),
);
if (!library.has('index')) throw new Error('src/index.ts is not in its own program');

// What the command line loads installed: bin/hubsim.js requires dist/cli/bundled.cjs, which runs dist/bundle/.
const cli = (file) => file.startsWith('bundle/') || file === 'cli/bundled.cjs';
const moduleOf = (file) => file.replace(/\.d\.ts$|\.js$/, '');

// Walked by hand: readdir's `recursive` (Node 20.1) and an entry's `parentPath` (20.12) are newer
// than some Node 20 that `npm install` from git may build under.
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(resolve(dir, e.name)) : e.isFile() ? [inside(path, dist, resolve(dir, e.name))] : []));
const unused = files(dist)
  .filter((file) => file !== '.npmignore' && !cli(file) && !library.has(moduleOf(file)))
  .sort();
writeFileSync(resolve(dist, '.npmignore'), ['# Written by scripts/package-files.js: modules neither the library nor the bundled command line loads.', ...unused.map((f) => `/${f}`), ''].join('\n'));
