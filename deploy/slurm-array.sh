#!/bin/bash
# Runs 1,000 replications of one scenario as a Slurm job array of 10 slices, then merges them.
#
#   slices=$(sbatch --parsable deploy/slurm-array.sh)
#   sbatch --dependency=afterok:${slices%%;*} deploy/slurm-merge.sh
#
# (--parsable prints the job id, followed by ";" and the cluster's name where slurmdbd serves
# several clusters: ${slices%%;*} keeps the id alone, which is all --dependency takes.)
# Run from the repository (after `npm ci`) on a filesystem every node sees. afterok on the array's
# job id waits for every task and lets the merge start only if each ended with exit 0; if one did
# not, the merge is cancelled (deploy/slurm-merge.sh asks for that), not left pending for good.
#
# A task's exit code is hubsim's: 2 for bad input (the scenario, a flag) or a machine refusing (a
# folder it cannot write, a full disk), 3 for a bug, 143 when stopped at its --time (after removing
# what it had staged). Slurm runs a task again after its node failed or it was preempted, as the
# cluster's JobRequeue allows, but not for an exit code unless the cluster's RequeueExit lists it:
# 2 and 3 do not belong there, as a task run again would fail alike.
#SBATCH --job-name=hubsim-slices
#SBATCH --array=1-10
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=02:00:00
set -euo pipefail
# exec: the task is hubsim itself, its exit code the task's, and a signal for the batch shell alone
# (`scancel --batch --signal=TERM`, which spares the shell's children) reaches it.
exec node bin/hubsim.js run scenarios/koblenz.json \
  --replications 1000 --seed 1 \
  --shard "${SLURM_ARRAY_TASK_ID}/10" \
  --workers "${SLURM_CPUS_PER_TASK}" \
  --out "results/slice-${SLURM_ARRAY_TASK_ID}"
