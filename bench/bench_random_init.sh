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
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench_random_init.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

timed() {  # timed JOBS: writes $tmp/jJOBS.json, prints the wall seconds
  python3 - "$incert" "$file" "$seeds" "$1" "$tmp/j$1.json" <<'PY'
import subprocess, sys, time
incert, f, seeds, jobs, out = sys.argv[1:6]
t0 = time.monotonic()
r = subprocess.run([incert, "random-init", f, "--seeds", "0..%d" % (int(seeds) - 1), "--json", "--jobs", jobs],
                   check=True, capture_output=True)
print("%.2f" % (time.monotonic() - t0))
open(out, "wb").write(r.stdout)
PY
}

echo "load before: $(load)"
w1=$(timed 1)
wn=$(timed "$n")
echo "load after:  $(load)"
python3 - "$tmp/j1.json" "$tmp/j$n.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
a.pop("seconds", None), b.pop("seconds", None)
if a != b:
    sys.exit("bench_random_init.sh: --jobs 1 and --jobs N gave different results")
PY
python3 -c "import sys; w1, wn = map(float, sys.argv[1:3]); print('random-init %s seeds of %s: --jobs 1 %.2f s, --jobs %s %.2f s, ratio %.2f (same results)' % (sys.argv[3], sys.argv[4], w1, sys.argv[5], wn, w1 / wn))" "$w1" "$wn" "$seeds" "$file" "$n"
