import { readFileSync } from 'node:fs';

/** hubsim's version, from its package.json: recorded in run.json and shown in reports. */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/**
 * The build running: the SHA-256 of the command line's bundle, dist/bundle/hubsim.cjs, that
 * scripts/bundle.js writes beside it. A slice records it in shard.json and merge joins only slices
 * of one build, as two builds of one version may simulate differently. Only the bundle finds it:
 * its `import.meta.url` is the bundle's, while the modules under dist/cli/ and the sources (as tests
 * import them) look in their own folders, find none, and record none. Read when a slice is written,
 * not at every start.
 */
export function buildFingerprint(): string | undefined {
  try {
    return /^([0-9a-f]{64}) {2}hubsim\.cjs\n$/.exec(readFileSync(new URL('hubsim.sha256', import.meta.url), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
