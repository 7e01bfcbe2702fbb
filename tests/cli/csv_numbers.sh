#!/usr/bin/env bash
# Numbers a parser can use (issue 16, part 1):
#   - sweeps of 2..200 points over several alpha ranges (decades, non-decimal grid points p/q,
#     alpha down to 1e-1000000) are accepted by `incert plot-sweep` (the SVG is written and
#     well-formed);
#   - every numeric cell of every CSV incert writes (sweep, table with a list grid and a log-grid,
#     the committed data/tables/*.csv and data/sweep_default.csv) parses with Python's float():
#     a cell is numeric unless its column is a known text column (names, verdicts, hypotheses,
#     notes) or an exact-rational column (*_exact);
#   - a log-grid table prints its alphas as decimals (no 10^(p/q)).
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

# The grid points and their printing do not depend on the scalar: the many sweeps run in double
# (fast); one certified sweep below checks the enclosure cells.
mkdir -p "$TMP/svg"
for range in "1e-1 1e-60" "1e-1 1e-1000000" "0.5 1e-7" "3e-2 1e-300"; do
  set -- $range
  for points in 2 3 4 7 11 29 40 97 200; do
    run sweep data/default.json --alpha-from "$1" --alpha-to "$2" --points "$points" --scalar double --jobs 1
    expect_ok "sweep $range $points"
    cp "$OUT" "$TMP/sweep_${1}_${2}_$points.csv"
    run plot-sweep "$TMP/sweep_${1}_${2}_$points.csv" --out "$TMP/svg/sweep_${1}_${2}_$points.svg"
    expect_rc 0 "plot-sweep of a sweep over $range with $points points"
    pass
  done
done

run sweep data/default.json --alpha-from 1e-1 --alpha-to 1e-1000 --points 7 --jobs 1
expect_ok "certified sweep"
cp "$OUT" "$TMP/sweep_certified.csv"

cat >"$TMP/grid_log.json" <<JSON
{"instances": ["$ROOT/data/default.json", "$ROOT/data/thm3_spectral_3x3.json"],
 "alphas": {"log10_from": "-1", "log10_to": "-300", "points": 12}, "eps": ["0.1"], "precision": 128, "max_precision": 128}
JSON
run table "$TMP/grid_log.json" --format csv --jobs 1
expect_ok "table, log-grid"
cp "$OUT" "$TMP/table_log.csv"
run table data/tables/grid_small.json --format csv --jobs 1
expect_ok "table grid_small"
cp "$OUT" "$TMP/table_small.csv"

python3 - "$TMP"/svg/*.svg <<'PY' || fail "a plot-sweep SVG is not well-formed"
import sys, xml.etree.ElementTree as E
for p in sys.argv[1:]:
    assert E.parse(p).getroot().tag.endswith("svg"), p
assert len(sys.argv) > 30
PY
pass

python3 - "$TMP"/*.csv data/tables/*.csv data/sweep_default.csv <<'PY' || fail "a numeric CSV cell does not parse"
import csv, sys
TEXT = {"instance", "hypotheses", "I_nonempty", "verdict", "window_found", "certified_alphas", "note", "verdict_mid"}
WORDS = {"holds", "fails", "undecided", "approx_holds", "approx_fails"}
checked = 0
for path in sys.argv[1:]:
    header, expect_header = None, True
    for line in open(path):
        if line.startswith("#"):
            expect_header = True  # a table's second section has its own header line
            continue
        row = next(csv.reader([line]))
        if expect_header:
            header, expect_header = row, False
            continue
        if len(row) != len(header):
            sys.exit(f"{path}: row of {len(row)} cells under a header of {len(header)}: {row}")
        for name, cell in zip(header, row):
            if name in TEXT or name.endswith("_exact") or cell == "":
                continue
            if cell in WORDS and not (name.endswith("_lo") or name.endswith("_hi")):
                continue  # a hypothesis column of the sweep
            try:
                float(cell)
            except ValueError:
                sys.exit(f"{path}: column {name}: cell {cell!r} is not a number")
            checked += 1
print(checked, "numeric cells")
assert checked > 10000, checked
PY
pass
grep -v '^#' "$TMP/table_log.csv" | grep -q '10\^(' && fail "a log-grid alpha printed as 10^(...)"
pass
done_ok
