#!/usr/bin/env bash
# bench/bench_plot.sh: `incert plot` (the default figure: four alphas, a trace each) and
# `incert trace` (41 grid times) on data/default.json, CPU seconds, for one binary or two side by
# side. Runs alternate between the binaries, REPEAT times each, and the minimum is reported with
# the speed-up (baseline time / INCERT time): this machine's timings are bimodal (the same run takes 1x or about 1.6x), so the minimum
# of alternating runs is the stable figure.
#
#   bench/bench_plot.sh [INCERT [BASELINE]] [REPEAT]
#     INCERT    default build/incert
#     BASELINE  another build of incert (say, of an earlier commit) to compare with
#     REPEAT    default 5
set -euo pipefail
cd "$(dirname "$0")/.."
incert=${1:-build/incert}
baseline=${2:-}
repeat=${3:-5}
[ -x "$incert" ] || { echo "bench_plot.sh: $incert not found (build it: ninja -C build incert_cli)" >&2; exit 2; }
[ -z "$baseline" ] || [ -x "$baseline" ] || { echo "bench_plot.sh: baseline $baseline not found" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "bench_plot.sh: REPEAT must be a positive integer" >&2; exit 2; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$repeat" "$incert" $baseline <<'PY'
import os, resource, subprocess, sys, tempfile
repeat, binaries = int(sys.argv[1]), sys.argv[2:]
work = tempfile.mkdtemp(prefix="bench_plot.")
commands = {
    "plot": lambda b: [b, "plot", "data/default.json", "--out", os.path.join(work, "f.svg")],
    "trace": lambda b: [b, "trace", "data/default.json", "--from", "0", "--to", "80", "--points", "41"],
}
best = {}
for _ in range(repeat):
    for name, cmd in commands.items():
        for b in binaries:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(cmd(b), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
            key = (name, b)
            best[key] = min(best.get(key, cpu), cpu)
for name in commands:
    line = ", ".join(f"{b}: {best[(name, b)]:.2f} s" for b in binaries)
    if len(binaries) == 2:
        line += f"; speed-up over the baseline {best[(name, binaries[1])] / best[(name, binaries[0])]:.2f}"
    print(f"{name} (min CPU of {repeat}): {line}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
