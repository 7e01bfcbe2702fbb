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

timed() {  # timed JOBS: writes $tmp/jJOBS.json, prints the wall seconds
  python3 - "$incert" "$file" "$1" "$tmp/j$1.json" <<'PY'
import subprocess, sys, time
incert, f, jobs, out = sys.argv[1:5]
t0 = time.monotonic()
r = subprocess.run([incert, "check", f, "--json", "--jobs", jobs], check=True, capture_output=True)
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
    sys.exit("bench_check_jobs.sh: --jobs 1 and --jobs N gave different results")
PY
python3 -c "import sys; w1, wn = map(float, sys.argv[1:3]); print('check %s: --jobs 1 %.2f s, --jobs %s %.2f s, ratio %.2f (same results)' % (sys.argv[3], w1, sys.argv[4], wn, w1 / wn))" "$w1" "$wn" "${1:-n = 100 sin, alpha = 1e-10}" "$n"
