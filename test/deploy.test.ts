import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { root, tmp } from './helpers/cli.js';

// deploy/: the Slurm array and Kubernetes Indexed Job that fan a run's slices out, run here as the
// scheduler would run them (its environment, the repository as the working folder).

const deploy = (file: string) => readFileSync(join(root, 'deploy', file), 'utf8');

/** A checkout of hubsim holding what the deploy commands run, with no results yet. */
function checkout(): string {
  const dir = tmp();
  for (const f of ['package.json', 'bin', 'dist', 'scenarios']) cpSync(join(root, f), join(dir, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** The shell command of a Job's container: its one folded (`>-`) argument, lines joined by spaces. */
function containerCommand(yaml: string): string {
  const m = /\n( +)- >-\n((?:\1  .*\n)+)/.exec(yaml);
  expect(m).not.toBeNull();
  return m![2].split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
}

const shard = (dir: string) => JSON.parse(readFileSync(join(dir, 'koblenz', 'shard.json'), 'utf8')).shard;

describe('Kubernetes Indexed Job', () => {
  const yaml = deploy('kubernetes-indexed-job.yaml');

  test('runs as many workers as the pod requests cores', () => {
    const cpu = /requests: \{ cpu: "(\d+)"/.exec(yaml);
    expect(cpu).not.toBeNull();
    expect(containerCommand(yaml)).toMatch(new RegExp(`--workers ${cpu![1]}( |$)`));
  });

  test('names its image by its digest, as the merge Job does, not by a tag that may move', () => {
    // merge refuses slices of two builds, and says a merge of another build may read them otherwise.
    const image = (text: string) => /\n +image: (\S+)\n/.exec(text)?.[1];
    expect(image(yaml)).toMatch(/^[^:@\s]+(\/[^:@\s]+)*@sha256:/);
    expect(image(deploy('kubernetes-merge-job.yaml'))).toBe(image(yaml));
  });

  test('index i writes slice i+1 into slice-<i+1>, as the Slurm array numbers them', () => {
    const dir = checkout();
    const results = join(dir, 'results');
    mkdirSync(results);
    const command = containerCommand(yaml).replaceAll('/results/', `${results}/`);
    const r = spawnSync('/bin/sh', ['-c', command], { cwd: dir, encoding: 'utf8', env: { ...process.env, JOB_COMPLETION_INDEX: '9' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(shard(join(results, 'slice-10'))).toBe('10/10');
  });
});

describe('Slurm job array', () => {
  /** Runs a batch script as sbatch does: a copy in a spool folder, run by bash from the submit folder. */
  function sbatch(dir: string, script: string, env: Record<string, string>) {
    const spool = join(tmp(), 'slurm_script');
    cpSync(join(root, 'deploy', script), spool);
    return spawnSync('bash', [spool], { cwd: dir, encoding: 'utf8', env: { ...process.env, SLURM_SUBMIT_DIR: dir, ...env } });
  }

  test('task K of --array=1-10 writes slice K/10; merge with some tasks failed names every gap and writes nothing', () => {
    const dir = checkout();
    for (const k of [1, 5, 10]) {
      const r = sbatch(dir, 'slurm-array.sh', {
        SLURM_JOB_ID: String(100 + k), SLURM_ARRAY_JOB_ID: '100', SLURM_ARRAY_TASK_ID: String(k),
        SLURM_ARRAY_TASK_COUNT: '10', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '10', SLURM_CPUS_PER_TASK: '2',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(shard(join(dir, 'results', `slice-${k}`))).toBe(`${k}/10`);
    }
    const r = sbatch(dir, 'slurm-merge.sh', { SLURM_JOB_ID: '200' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/koblenz: must have every replication 1–1000 \(got missing 101–400, 501–900\)/);
    expect(existsSync(join(dir, 'results', 'merged'))).toBe(false);
  });
});
