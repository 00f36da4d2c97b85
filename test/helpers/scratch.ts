/**
 * Temporary folders that a test file removes when its tests end. A suite whose property tests write
 * thousands of cases must not leave thousands of folders behind in the machine's temp folder, run
 * after run. Each folder is made directly in the temp folder (not under a shared parent), so a test
 * of how hubsim treats its output folder's parent still sees the system's own.
 */
import { afterAll } from '@jest/globals';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh empty folder named `PREFIX…` in the temp folder, removed after this file's tests. */
export function scratch(prefix = 'hubsim-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Opens every folder under `dir` to its owner: a test may leave one read-only, which only root can empty. */
function openUp(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) openUp(join(dir, entry.name));
  }
}

afterAll(() => {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      openUp(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
