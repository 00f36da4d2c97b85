import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers/cli.js';

// deploy/: the Slurm array and Kubernetes Indexed Job that fan a run's slices out, run here as the
// scheduler would run them (its environment, the repository as the working folder).

const deploy = (file: string) => readFileSync(join(root, 'deploy', file), 'utf8');

/** The shell command of a Job's container: its one folded (`>-`) argument, lines joined by spaces. */
function containerCommand(yaml: string): string {
  const m = /\n( +)- >-\n((?:\1  .*\n)+)/.exec(yaml);
  expect(m).not.toBeNull();
  return m![2].split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
}

describe('Kubernetes Indexed Job', () => {
  const yaml = deploy('kubernetes-indexed-job.yaml');

  test('runs as many workers as the pod requests cores', () => {
    const cpu = /requests: \{ cpu: "(\d+)"/.exec(yaml);
    expect(cpu).not.toBeNull();
    expect(containerCommand(yaml)).toMatch(new RegExp(`--workers ${cpu![1]}( |$)`));
  });
});
