#!/usr/bin/env bash
# bench/bench_check.sh: `incert check --jobs 1 --json` (all k, every t in each I_k, eps-windows) on
# the sin instances of the benchmarks (tools/make_sin_instance.py N 1e-10) and data/default.json,
# CPU seconds, for one binary or two side by side. Runs alternate between the binaries, REPEAT
# times each, and the minimum is reported with the speed-up (baseline time / INCERT time); with
# two binaries it also says whether their JSON is identical apart from "seconds".
#
#   bench/bench_check.sh [INCERT [BASELINE]] [REPEAT] [SIZES]
#     INCERT    default build/incert
#     BASELINE  another build of incert (say, of an earlier commit) to compare with
#     REPEAT    default 3
#     SIZES     the sin instance sizes, default "10 30" (n = 100 takes about a minute per run)
set -euo pipefail
cd "$(dirname "$0")/.."
incert=${1:-build/incert}
baseline=${2:-}
repeat=${3:-3}
sizes=${4:-10 30}
[ -x "$incert" ] || { echo "bench_check.sh: $incert not found (build it: ninja -C build incert_cli)" >&2; exit 2; }
[ -z "$baseline" ] || [ -x "$baseline" ] || { echo "bench_check.sh: baseline $baseline not found" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "bench_check.sh: REPEAT must be a positive integer" >&2; exit 2; }
[[ "$sizes" =~ ^[0-9\ ]+$ ]] || { echo "bench_check.sh: SIZES must be numbers separated by spaces" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench_check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
files="data/default.json"
for n in $sizes; do
  python3 tools/make_sin_instance.py "$n" 1e-10 >"$tmp/sin$n.json"
  files="$files $tmp/sin$n.json"
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$repeat" "$tmp" "$incert" $baseline -- $files <<'PY'
import json, os, resource, subprocess, sys
args = sys.argv[1:]
repeat, tmp = int(args[0]), args[1]
sep = args.index("--")
binaries, files = args[2:sep], args[sep + 1:]
best, outputs = {}, {}
for _ in range(repeat):
    for f in files:
        for b in binaries:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run([b, "check", f, "--jobs", "1", "--json"], check=True, capture_output=True, text=True).stdout
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
            best[(f, b)] = min(best.get((f, b), cpu), cpu)
            doc = json.loads(out)
            doc.pop("seconds", None)
            outputs[(f, b)] = doc
for f in files:
    name = os.path.basename(f)
    line = ", ".join(f"{b}: {best[(f, b)]:.2f} s" for b in binaries)
    if len(binaries) == 2:
        same = outputs[(f, binaries[0])] == outputs[(f, binaries[1])]
        line += f"; speed-up over the baseline {best[(f, binaries[1])] / best[(f, binaries[0])]:.2f}; JSON {'identical' if same else 'differs'}"
    print(f"check {name} (min CPU of {repeat}): {line}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
