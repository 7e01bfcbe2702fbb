#!/usr/bin/env bash
# bench/bench_random_init.sh: random-init's speed-up over worker processes. Runs
# `incert random-init FILE --seeds 0..S-1 --json` with --jobs 1 and with --jobs N, checks that both
# gave the same JSON apart from "seconds", and prints both wall times, their ratio and the machine's
# load before and after (other work on the machine lowers the ratio; issue 12's target, >= 1.7 on
# 2 cores, assumes nothing else runs).
#
#   bench/bench_random_init.sh [FILE] [SEEDS] [INCERT] [N]
#     FILE    default data/gaussian_5x8.json      SEEDS  default 1000
#     INCERT  default build/incert                N      default 2
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-data/gaussian_5x8.json}
seeds=${2:-1000}
incert=${3:-build/incert}
n=${4:-2}
[ -x "$incert" ] || { echo "bench_random_init.sh: $incert not found (build it: ninja -C build incert_cli)" >&2; exit 2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "load before: $(load)"
python3 bench/jobs_ratio.py "$incert" "$n" "random-init $seeds seeds of $file" random-init "$file" --seeds "0..$((seeds - 1))" --json
echo "load after:  $(load)"
