#!/usr/bin/env bash
# bench/bench_table.sh: the grid engine's speed-up. Runs `incert table GRID` with --jobs 1 and with
# --jobs N (default 2; all formats from one computation each time), checks that both wrote the
# same bytes (and, for the committed fine grid, the committed data/tables/fine.* apart from the
# git_commit line), and prints both wall times and their ratio, with the machine's load before
# and after, and the CPU time used (other work on the machine lowers the ratio: the target,
# >= 1.8 on 2 idle cores, assumes nothing else runs; on a virtual machine the two cores may also
# run at different speeds, which bounds the ratio below 2 however the cells are shared).
#
#   bench/bench_table.sh [GRID.json] [INCERT] [N]
#     GRID    default data/tables/grid_fine.json (2000 cells; about 1.5 min at --jobs 1 here)
#     INCERT  default build/incert
#     N       default 2
# Run from anywhere; paths are taken relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
grid=${1:-data/tables/grid_fine.json}
incert=${2:-build/incert}
n=${3:-2}
[ -x "$incert" ] || { echo "bench_table.sh: $incert not found (build it: ninja -C build incert_cli)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench_table.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
cells=$(python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
a = g["alphas"]
na = a["points"] if isinstance(a, dict) else len(a)
print(len(g["instances"]) * na * len(g["eps"]))' "$grid")

timed() {  # timed JOBS: runs into $tmp/out.* (the same path each time: it is part of the recorded
           # command), moves the files to $tmp/jJOBS.*, prints "WALL CPU" seconds (CPU: user + sys of
           # incert and its worker processes)
  python3 - "$incert" "$grid" "$tmp/out" "$1" <<'PY'
import resource, subprocess, sys, time
incert, grid, out, jobs = sys.argv[1:5]
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.monotonic()
subprocess.run([incert, "table", grid, "--format", "csv,json,md,tex", "--out", out, "--jobs", jobs], check=True)
t1 = time.monotonic()
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(f"{t1 - t0:.2f} {cpu:.2f}")
PY
  for f in csv json md tex; do mv "$tmp/out.$f" "$tmp/j$1.$f"; done
}

echo "grid $grid: $cells cells; $(nproc) cores; incert $("$incert" --version)"
echo "load average before: $(load)"
read -r t1 c1 < <(timed 1)
[ -n "${t1:-}" ] || { echo "bench_table.sh: the --jobs 1 run failed" >&2; exit 1; }
echo "--jobs 1:  ${t1} s wall, ${c1} s CPU  (load $(load))"
read -r tn cn < <(timed "$n")
[ -n "${tn:-}" ] || { echo "bench_table.sh: the --jobs $n run failed" >&2; exit 1; }
echo "--jobs $n:  ${tn} s wall, ${cn} s CPU, $(python3 -c "print(f'{$cn / $tn:.2f}')") cores busy on average  (load $(load))"
same=yes
for f in csv json md tex; do cmp -s "$tmp/j1.$f" "$tmp/j$n.$f" || same=no; done
echo "outputs byte-identical (csv, json, md, tex): $same"
if [ "$grid" = data/tables/grid_fine.json ]; then
  committed=yes
  for f in csv json md tex; do
    diff <(grep -v -e git_commit -e "incert table" "$tmp/j1.$f") <(grep -v -e git_commit -e "incert table" "data/tables/fine.$f") \
      >/dev/null || committed=no
  done
  echo "equal to the committed data/tables/fine.* (apart from git_commit and the command line): $committed"
fi
python3 -c "print(f'speed-up --jobs 1 / --jobs $n: {$t1 / $tn:.2f}x')"
[ "$same" = yes ]
