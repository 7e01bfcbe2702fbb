#!/usr/bin/env bash
# bench/bench_threshold.sh: `incert threshold` on the default instance, every k (the issue's target:
# under 10 s), and on the other 3 x 3 instances, with the default --rel-width 1e-6.
# Prints wall and CPU seconds per instance, the machine's load before and after (other work on the
# machine inflates the wall time), and the work done (point decisions, range pieces).
#
#   bench/bench_threshold.sh [INCERT] [INSTANCE...]
#     INCERT    default build/incert
#     INSTANCE  default data/default.json data/thm3_spectral_3x3.json data/dense_cayley_3x3.json
#               (data/n10_sin.json: about 80 s; its emptiness checks stay undecided, see README)
set -euo pipefail
cd "$(dirname "$0")/.."
incert=${1:-build/incert}
shift || true
instances=("$@")
[ ${#instances[@]} -eq 0 ] && instances=(data/default.json data/thm3_spectral_3x3.json data/dense_cayley_3x3.json)
[ -x "$incert" ] || { echo "bench_threshold.sh: $incert not found (build it: ninja -C build incert_cli)" >&2; exit 2; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "${instances[@]}"; do
  python3 - "$incert" "$f" <<'PY'
import json, resource, subprocess, sys, time
incert, f = sys.argv[1:3]
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.monotonic()
out = subprocess.run([incert, "threshold", f, "--json"], check=True, capture_output=True, text=True).stdout
wall = time.monotonic() - t0
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
d = json.loads(out)
rows = d["thresholds"]
work = ", ".join(f"k={x['k']}: {x['points']} points {x['pieces']} pieces" for x in rows if not x["every_alpha"])
print(f"{f}: {len(rows)} k, wall {wall:.2f} s, CPU {cpu:.2f} s ({work})")
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
