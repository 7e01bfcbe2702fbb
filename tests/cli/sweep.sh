#!/usr/bin/env bash
# incert sweep: 61 log-spaced alphas from 1e-1 to 1e-1000000 on the default instance (its time is a
# README figure, not checked here: tests are not timed); the table's shape, and the verdicts at both ends (the theorem fails at 1e-1, holds at 1e-1000000).
set -euo pipefail
INCERT=$1; ROOT=$2
out=$(mktemp); trap 'rm -f "$out"' EXIT
"$INCERT" sweep "$ROOT/data/default.json" --alpha-from 1e-1 --alpha-to 1e-1000000 --points 61 > "$out"
python3 - "$out" <<'PY'
import csv, sys
lines = [l for l in open(sys.argv[1]) if not l.startswith('#')]
rows = list(csv.DictReader(lines))
assert len(rows) == 61, len(rows)
first, last = rows[0], rows[-1]
assert first['log10_alpha'] == '-1' and last['log10_alpha'] == '-1000000', (first['log10_alpha'], last['log10_alpha'])
assert first['alpha_small'] == 'fails', first['alpha_small']
for h in ('distinct_nonzero_eigenvalues', 'W0_invertible', 'epsilon_range', 'alpha_small', 'log_ratio'):
    assert last[h] == 'holds', (h, last[h])
for k in (1, 2):
    assert last[f'I{k}_verdict_mid'] == 'holds'
    lo, hi = float(last[f'I{k}_start_over_log_lo']), float(last[f'I{k}_start_over_log_hi'])
    assert 0 < lo <= hi < 1
# normalised start of I_1 tends to 1/(2 sigma_1) = 1/6
assert abs(float(last['I1_start_over_log_lo']) - 1/6) < 1e-5
PY
echo "PASS sweep.sh"
