import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root, tmp, tree } from './helpers/cli.js';

// deploy/: the Slurm array and Kubernetes Indexed Job that fan a run's slices out, run here as the
// scheduler would run them (its environment, the repository as the working folder, its signals),
// and the Jobs' failure and security settings, read as Kubernetes reads the manifests.

const deploy = (file: string) => readFileSync(join(root, 'deploy', file), 'utf8');

/** A checkout of hubsim holding what the deploy commands run, with no results yet. */
function checkout(): string {
  const dir = tmp();
  for (const f of ['package.json', 'bin', 'dist', 'scenarios']) cpSync(join(root, f), join(dir, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** The parts of a Job manifest that the tests read. */
interface Job {
  spec: {
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    podFailurePolicy?: { rules: { action: string; onExitCodes?: { containerName?: string; operator: string; values: number[] }; onPodConditions?: { type: string }[] }[] };
    template: {
      spec: {
        restartPolicy?: string;
        automountServiceAccountToken?: boolean;
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
        containers: {
          name: string;
          command?: string[];
          args?: string[];
          securityContext?: { allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] }; readOnlyRootFilesystem?: boolean };
        }[];
      };
    };
  };
}

/** A Job manifest in deploy/, as Kubernetes reads it. */
const job = (file: string) => parse(deploy(file)) as Job;

/** The shell command of a Job's one container: `/bin/sh -c` and its one argument. */
function containerCommand(manifest: Job): string {
  const containers = manifest.spec.template.spec.containers;
  expect(containers).toHaveLength(1);
  expect(containers[0].command).toEqual(['/bin/sh', '-c']);
  expect(containers[0].args).toHaveLength(1);
  return containers[0].args![0];
}

const shard = (dir: string) => JSON.parse(readFileSync(join(dir, 'koblenz', 'shard.json'), 'utf8')).shard;

/** The deploy commands with 100 times the replications: a slice that runs for minutes, to be stopped. */
const longer = (command: string) => command.replace('--replications 1000 ', '--replications 100000 ');

/**
 * Starts `command` (a program and its arguments) as the scheduler starts a pod's container or a
 * batch script, waits until the slice in `out` is simulating, and sends the process it started the
 * SIGTERM that stops a pod or a Slurm task. Returns how that process ended and the stderr of all it
 * started; whatever of that still runs once it has ended (hubsim, orphaned by a shell that the
 * signal ended) is killed.
 */
async function stopped(command: string[], cwd: string, env: Record<string, string>, out: string) {
  const child = spawn(command[0], command.slice(1), { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const closed = new Promise((resolve) => child.on('close', resolve));
  const killRest = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Every process it started has ended.
    }
  };
  try {
    const staging = () => (existsSync(out) ? readdirSync(out) : []).find((n) => n.startsWith('.hubsim-staging-'));
    // The scenario's folder appears in the staging folder once the run handles signals and simulates.
    for (let i = 0; i < 400 && !(staging() && existsSync(join(out, staging()!, 'koblenz'))); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const code = await exited;
    killRest();
    await closed;
    return { code, stderr };
  } finally {
    killRest();
  }
}

describe('Kubernetes Indexed Job', () => {
  const yaml = deploy('kubernetes-indexed-job.yaml');
  const slices = job('kubernetes-indexed-job.yaml');

  test('runs as many workers as the pod requests cores', () => {
    const cpu = /requests: \{ cpu: "(\d+)"/.exec(yaml);
    expect(cpu).not.toBeNull();
    expect(containerCommand(slices)).toMatch(new RegExp(`--workers ${cpu![1]}( |$)`));
  });

  test('limits memory to what it requests, as the Slurm array does, and CPU not at all', () => {
    const resources = (slices.spec.template.spec.containers[0] as { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }).resources;
    expect(resources?.limits).toEqual({ memory: resources?.requests?.memory });
    expect(deploy('slurm-array.sh')).toContain(`#SBATCH --mem=${resources?.requests?.memory?.replace(/i$/, '')}\n`);
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
    const command = containerCommand(slices).replaceAll('/results/', `${results}/`);
    const r = spawnSync('/bin/sh', ['-c', command], { cwd: dir, encoding: 'utf8', env: { ...process.env, JOB_COMPLETION_INDEX: '9' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(shard(join(results, 'slice-10'))).toBe('10/10');
  });

  test('the SIGTERM that stops a pod reaches hubsim, which removes what it staged and exits 143', async () => {
    // A pod is stopped by a SIGTERM to its container's first process: hubsim only if the shell execs it.
    const dir = checkout();
    const results = join(dir, 'results');
    mkdirSync(results);
    const command = longer(containerCommand(slices)).replaceAll('/results/', `${results}/`);
    const { code, stderr } = await stopped(['/bin/sh', '-c', command], dir, { JOB_COMPLETION_INDEX: '9' }, join(results, 'slice-10'));
    expect(stderr).toBe('hubsim: interrupted by SIGTERM\n');
    expect(code).toBe(143);
    expect(readdirSync(results)).toEqual([]);
  }, 30_000);
});

describe('Kubernetes Jobs: which failures are retried', () => {
  /** Each Job, and a command line of its container's with bad input (exit 2), run where the Job runs it. */
  const jobs = [
    { file: 'kubernetes-indexed-job.yaml', bad: { JOB_COMPLETION_INDEX: '10' } }, // --shard 11/10
    { file: 'kubernetes-merge-job.yaml', bad: {} }, // no slices to merge
  ];

  test.each(jobs)('$file fails at once on exit 2 (bad input) or 3 (a bug), which no retry mends, and runs a disrupted pod again', ({ file, bad }) => {
    const manifest = job(file);
    const rules = manifest.spec.podFailurePolicy?.rules ?? [];
    // A disrupted pod ends on SIGTERM (143), or may have met a volume taken away (2): the
    // disruption, not hubsim, is the cause, so that rule comes first.
    expect(rules[0]).toEqual({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] });
    const failJob = rules.filter((r) => r.action === 'FailJob');
    expect(failJob).toEqual([{ action: 'FailJob', onExitCodes: { containerName: manifest.spec.template.spec.containers[0].name, operator: 'In', values: [2, 3] } }]);
    // podFailurePolicy requires it.
    expect(manifest.spec.template.spec.restartPolicy).toBe('Never');
    // The container's command exits 2 on bad input, as the rule expects.
    const dir = checkout();
    const results = join(dir, 'results');
    mkdirSync(results);
    const r = spawnSync('/bin/sh', ['-c', containerCommand(manifest).replaceAll('/results/', `${results}/`)], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...bad } });
    expect(r.stderr).toMatch(/^hubsim: /);
    expect(r.status).toBe(2);
  });

  test.each(jobs)('$file has a deadline, since a pod disrupted again and again is retried without end, and is kept a day for its logs', ({ file }) => {
    const { spec } = job(file);
    expect(spec.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(spec.ttlSecondsAfterFinished).toBe(86400);
  });

  test('the slices\' deadline is the time the wait for them allows', () => {
    // kubectl wait gives up then: the Job has failed by that time rather than running on unwatched.
    const wait = /kubectl wait --for=condition=complete job\/hubsim-slices --timeout=(\d+)h\n/.exec(deploy('kubernetes-indexed-job.yaml'));
    expect(wait).not.toBeNull();
    expect(job('kubernetes-indexed-job.yaml').spec.activeDeadlineSeconds).toBe(Number(wait![1]) * 3600);
  });
});

describe('Kubernetes Jobs: what the containers may do', () => {
  test.each(['kubernetes-indexed-job.yaml', 'kubernetes-merge-job.yaml'])('%s runs as a user other than root, without privileges, capabilities or a writable image', (file) => {
    const pod = job(file).spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    // A number: runAsNonRoot cannot check a user given by name in the image.
    expect(pod.securityContext?.runAsUser).toEqual(expect.any(Number));
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const c of pod.containers) {
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    }
  });

  test('their commands write nothing outside the volume, not even a temporary file, as a read-only image needs', () => {
    const dir = checkout();
    const results = join(dir, 'results');
    mkdirSync(results);
    const before = tree(dir);
    // Where Node and its modules would put temporary files or caches, each a folder that must stay empty.
    const tmpdir = tmp();
    const home = tmp();
    const env = { ...process.env, TMPDIR: tmpdir, TMP: tmpdir, TEMP: tmpdir, HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
    const inContainer = (command: string, more: Record<string, string> = {}) =>
      spawnSync('/bin/sh', ['-c', command.replaceAll('/results/', `${results}/`)], { cwd: dir, encoding: 'utf8', env: { ...env, ...more } });
    // A slice of all the replications, 10 rather than 1,000 (quicker), then the merge of it.
    const slice = containerCommand(job('kubernetes-indexed-job.yaml')).replace('--replications 1000 ', '--replications 10 ').replace('--shard $((JOB_COMPLETION_INDEX + 1))/10 ', '--shard 1/1 ');
    const r = inContainer(slice, { JOB_COMPLETION_INDEX: '0' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const merge = inContainer(containerCommand(job('kubernetes-merge-job.yaml')));
    expect(merge.stderr).toBe('');
    expect(merge.status).toBe(0);
    expect(existsSync(join(results, 'merged', 'koblenz', 'replications.csv'))).toBe(true);
    expect(tree(dir).filter((p) => !p.startsWith('results/'))).toEqual(before.filter((p) => !p.startsWith('results/')));
    expect(readdirSync(tmpdir)).toEqual([]);
    expect(readdirSync(home)).toEqual([]);
  });
});

describe('Slurm job array', () => {
  /** The batch script as sbatch spools it: a copy in a spool folder, its text changed by `edit`. */
  function spool(script: string, edit = (text: string) => text): string {
    const file = join(tmp(), 'slurm_script');
    writeFileSync(file, edit(deploy(script)));
    return file;
  }

  /** Runs a batch script as sbatch does: a copy in a spool folder, run by bash from the submit folder. */
  function sbatch(dir: string, script: string, env: Record<string, string>) {
    return spawnSync('bash', [spool(script)], { cwd: dir, encoding: 'utf8', env: { ...process.env, SLURM_SUBMIT_DIR: dir, ...env } });
  }

  /** The environment of array task K of --array=1-10. */
  const task = (k: number) => ({
    SLURM_JOB_ID: String(100 + k), SLURM_ARRAY_JOB_ID: '100', SLURM_ARRAY_TASK_ID: String(k),
    SLURM_ARRAY_TASK_COUNT: '10', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '10', SLURM_CPUS_PER_TASK: '2',
  });

  test('task K of --array=1-10 writes slice K/10; merge with some tasks failed names every gap and writes nothing', () => {
    const dir = checkout();
    for (const k of [1, 5, 10]) {
      const r = sbatch(dir, 'slurm-array.sh', task(k));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(shard(join(dir, 'results', `slice-${k}`))).toBe(`${k}/10`);
    }
    const r = sbatch(dir, 'slurm-merge.sh', { SLURM_JOB_ID: '200' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/koblenz: must have every replication 1–1000 \(got missing 101–400, 501–900: slices 2–4, 6–9 of 10 not given\)/);
    expect(existsSync(join(dir, 'results', 'merged'))).toBe(false);
  });

  test('a signal for the batch shell alone reaches hubsim, which removes what it staged and exits 143', async () => {
    // `scancel --batch --signal=TERM` signals the batch step's shell and not its children.
    const dir = checkout();
    const { code, stderr } = await stopped(['bash', spool('slurm-array.sh', longer)], dir, { SLURM_SUBMIT_DIR: dir, ...task(10) }, join(dir, 'results', 'slice-10'));
    expect(stderr).toBe('hubsim: interrupted by SIGTERM\n');
    expect(code).toBe(143);
    expect(existsSync(join(dir, 'results'))).toBe(false);
  }, 30_000);

  test('a task ends with hubsim\'s own exit code, 2 for bad input, as Slurm records it', () => {
    const r = sbatch(checkout(), 'slurm-array.sh', task(11)); // --shard 11/10
    expect(r.stderr).toMatch(/^hubsim: --shard: must have 1 <= K <= N/);
    expect(r.status).toBe(2);
  });

  test.each(['slurm-array.sh', 'slurm-merge.sh'])('%s gives every #SBATCH option before its first command, where sbatch stops reading them', (script) => {
    const lines = deploy(script).split('\n');
    const first = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(first).toBeGreaterThan(0);
    expect(lines.slice(first).filter((l) => /^\s*#SBATCH/.test(l))).toEqual([]);
  });

  test('the merge waits for every task to succeed (afterok on the array), and is cancelled, not left pending, when one failed', () => {
    // afterok:<array job id> waits for all the array's tasks (aftercorr would pair task with task;
    // afterany would merge after failures too).
    expect(deploy('slurm-array.sh')).toMatch(/\n# +slices=\$\(sbatch --parsable deploy\/slurm-array\.sh\)\n# +sbatch --dependency=afterok:\$\{slices%%;\*\} deploy\/slurm-merge\.sh\n/);
    expect(deploy('slurm-merge.sh')).toMatch(/\n#SBATCH --kill-on-invalid-dep=yes\n/);
  });

  test('the documented submission hands the merge the job id of the array alone, also where sbatch names the cluster', () => {
    // `sbatch --parsable` prints "id;cluster" where slurmdbd serves several clusters, and
    // --dependency takes no cluster name. The two lines run as written, with an sbatch standing in.
    const lines = deploy('slurm-array.sh').split('\n').filter((l) => /^# +(slices=|sbatch )/.test(l));
    expect(lines).toHaveLength(2);
    const dir = tmp();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'sbatch'), `#!/bin/sh\necho "$*" >> "${join(dir, 'calls')}"\necho '4242;cluster-b'\n`, { mode: 0o755 });
    const script = lines.map((l) => l.replace(/^# +/, '')).join('\n');
    const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'calls'), 'utf8').split('\n')).toEqual([
      '--parsable deploy/slurm-array.sh',
      '--dependency=afterok:4242 deploy/slurm-merge.sh',
      '',
    ]);
  });
});
