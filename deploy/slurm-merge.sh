#!/bin/bash
# The final step after deploy/slurm-array.sh: joins the slices into results/merged/<scenario>/.
# Submitted with --dependency=afterok:<the array's job id> (see there), which no failed task lets
# come true: cancel it then, instead of leaving it pending with DependencyNeverSatisfied.
#SBATCH --job-name=hubsim-merge
#SBATCH --time=00:10:00
#SBATCH --kill-on-invalid-dep=yes
set -euo pipefail
# exec: as in deploy/slurm-array.sh.
exec node bin/hubsim.js merge results/slice-* --out results/merged
