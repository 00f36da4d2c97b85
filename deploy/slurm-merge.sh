#!/bin/bash
# The final step after deploy/slurm-array.sh: joins the slices into results/merged/<scenario>/.
#SBATCH --job-name=hubsim-merge
#SBATCH --time=00:10:00
set -euo pipefail
# exec: as in deploy/slurm-array.sh.
exec node bin/hubsim.js merge results/slice-* --out results/merged
