#!/usr/bin/env node
// CommonJS (bin/package.json), as src/cli/bundled.cts explains.
require('../dist/cli/bundled.cjs').runBundle('main');
