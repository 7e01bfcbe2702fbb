#!/usr/bin/env bash
# bench/bench_check_jobs.sh: check's speed-up over threads (--jobs, theory/parallel_tasks.hpp).
# Runs `incert check FILE --json` with --jobs 1 and with --jobs N, checks that both gave the same
# JSON apart from "seconds", and prints both wall times, their ratio and the machine's load before
# and after (other work on the machine lowers the ratio; issue 12's target, >= 1.7 on 2 cores,
# assumes nothing else runs).
#
#   bench/bench_check_jobs.sh [FILE] [INCERT] [N]
#     FILE    default: the n = 100 sin instance of the benchmarks (tools/make_sin_instance.py 100 1e-10;
#             the --jobs 1 run takes about 100 s)
#     INCERT  default build/incert          N  default 2
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench_check_jobs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
file=${1:-}
if [ -z "$file" ]; then
  file=$tmp/sin100.json
  python3 tools/make_sin_instance.py 100 1e-10 >"$file"
fi
incert=${2:-build/incert}
n=${3:-2}
[ -x "$incert" ] || { echo "bench_check_jobs.sh: $incert not found (build it: ninja -C build incert_cli)" >&2; exit 2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "load before: $(load)"
python3 bench/jobs_ratio.py "$incert" "$n" "check ${1:-n = 100 sin, alpha = 1e-10}" check "$file" --json
echo "load after:  $(load)"
