#!/usr/bin/env bash
# incert table/sweep --jobs N: the cells are shared by N worker processes (src/grid_engine.hpp) and
# the output is the same bytes for every N. The grid mixes precisions: with precision 24 and
# max_precision 4096, cells are decided at 25, 48 and 3075 bits (precision escalation), so a
# working precision leaking from one cell into another (as it would between threads: Boost 1.74's
# default_precision is one per process) would show. Also: more workers than cells or cores;
# --jobs is not recorded in the metadata; several formats from one computation; usage errors.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

cat >"$TMP/prec.json" <<EOF
{"instances": ["$ROOT/data/thm4_general_3x3.json", "$ROOT/data/thm3_spectral_3x3.json", "$ROOT/data/gap_near_one.json"],
 "alphas": ["1e-2", "1e-7", "1e-40", "1e-300", "1e-3000"], "eps": ["0.1", "0.01", "0.001"],
 "precision": 24, "max_precision": 4096}
EOF
G=$TMP/prec.json

# 1. --jobs 1, 2, 64 (more workers than cores and than the 45 cells): the same bytes.
run table "$G" --jobs 1
expect_ok "--jobs 1"
cp "$OUT" "$TMP/j1.csv"
python3 - "$TMP/j1.csv" <<'PY' || fail "the grid does not mix precisions as intended"
import csv, sys
rows = [l for l in open(sys.argv[1]) if not l.startswith("#")]
r = list(csv.reader(rows))
head = r[0]
i = head.index("precision_bits")
bits = {x[i] for x in r[1:] if len(x) == len(head) and x[0] != "instance"}
assert len(bits) >= 3, bits
PY
pass
for j in 2 64; do
  run table "$G" --jobs "$j"
  expect_ok "--jobs $j"
  cmp -s "$OUT" "$TMP/j1.csv" || { diff "$OUT" "$TMP/j1.csv" | head >&2; fail "--jobs $j differs from --jobs 1"; }
  pass
done
# the default (all cores) and the --jobs=N spelling, on the small grid
S=data/tables/grid_small.json
run table "$S" --jobs 1
cp "$OUT" "$TMP/small.csv"
run table "$S"
cmp -s "$OUT" "$TMP/small.csv" || fail "default --jobs differs from --jobs 1"
run table "$S" --jobs=2
cmp -s "$OUT" "$TMP/small.csv" || fail "--jobs=2 differs from --jobs 1"
grep -q -- "--jobs" "$TMP/j1.csv" && fail "--jobs is recorded in the metadata (it must not change the bytes)"
pass

# 2. Several formats from one computation: PREFIX.csv/.json/.md/.tex equal the one-format runs.
G=$S
run table "$G" --jobs 2 --format csv,json,md,tex --out "$TMP/all"
expect_rc 0 "--format csv,json,md,tex --out PREFIX"
[ -s "$OUT" ] && fail "--out PREFIX: expected nothing on stdout"
for fmt in csv json md tex; do
  [ -s "$TMP/all.$fmt" ] || fail "--out PREFIX: $TMP/all.$fmt not written"
  run table "$G" --format "$fmt"
  diff <(grep -v "incert table" "$OUT") <(grep -v "incert table" "$TMP/all.$fmt") >/dev/null ||
    fail "$fmt from the multi-format run differs from --format $fmt beyond the command line"
done
pass
# repeated --out PATH: the suffix names the format
run table "$G" --out "$TMP/a.json" --out "$TMP/b.md"
expect_rc 0 "repeated --out"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/a.json" || fail "a.json is not JSON"
head -1 "$TMP/b.md" | grep -qx -- "---" || fail "b.md is not the Markdown rendering"
# one --out whose suffix names a format, without --format
run table "$G" --out "$TMP/one.tex"
grep -q '\\begin{longtable}' "$TMP/one.tex" || fail "--out X.tex without --format: not LaTeX"
pass

# 3. sweep --jobs: the same table apart from the seconds column (each check's time).
SW=(sweep data/default.json --alpha-from 1e-1 --alpha-to 1e-300 --points 9)
run "${SW[@]}" --jobs 1
expect_ok "sweep --jobs 1"
cp "$OUT" "$TMP/s1.csv"
run "${SW[@]}" --jobs 2
expect_ok "sweep --jobs 2"
strip_seconds() { python3 -c '
import csv, sys
rows = list(csv.reader(l for l in open(sys.argv[1]) if not l.startswith("#")))
i = rows[0].index("seconds")
for r in rows: print(r[:i] + r[i+1:])
print([l for l in open(sys.argv[1]) if l.startswith("#")])' "$1"; }
diff <(strip_seconds "$TMP/s1.csv") <(strip_seconds "$OUT") >/dev/null || fail "sweep --jobs 2 differs from --jobs 1 beyond seconds"
pass
run "${SW[@]}" --jobs 2 --format csv,json --out "$TMP/sw"
expect_rc 0 "sweep --format csv,json --out PREFIX"
diff <(strip_seconds "$TMP/s1.csv" | grep -v "incert sweep") <(strip_seconds "$TMP/sw.csv" | grep -v "incert sweep") >/dev/null ||
  fail "sweep: PREFIX.csv differs from stdout"
run "${SW[@]}" --jobs 1 --format json
python3 - "$OUT" "$TMP/sw.json" <<'PY' || fail "sweep: PREFIX.json differs from --format json beyond seconds and the command"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("command")
    for r in d["rows"]:
        r["check"].pop("seconds")
assert a == b
PY
pass

# 4. The committed 2000-cell table data/tables/fine.* (bench/bench_table.sh regenerates all of it):
# its gap_near_one slice (250 cells, K = 2, the cheapest) regenerates row for row, summary included, and
# the recorded SHA-256 of every input matches the file.
python3 - "$TMP/slice.json" "$ROOT/data/gap_near_one.json" <<'PY'
import json, sys
g = json.load(open("data/tables/grid_fine.json"))
g["instances"] = [sys.argv[2]]
json.dump(g, open(sys.argv[1], "w"))
PY
run table "$TMP/slice.json"
expect_ok "the gap_near_one slice of grid_fine.json"
python3 - "$OUT" data/tables/fine.csv <<'PY' || fail "data/tables/fine.csv: the gap_near_one slice does not regenerate (regenerate: data/tables/README.md)"
import csv, hashlib, sys
def sections(path):
    out, cur = {}, None
    for l in open(path):
        if l.startswith("# rows:"): cur = "rows"; out[cur] = []; continue
        if l.startswith("# summary:"): cur = "summary"; out[cur] = []; continue
        if not l.startswith("#") and cur: out[cur].append(l)
    return {k: [r for r in csv.reader(v)] for k, v in out.items()}
new, old = sections(sys.argv[1]), sections(sys.argv[2])
for part in ("rows", "summary"):
    want = [r for r in old[part][1:] if r[0] == "gap_near_one"]
    got = new[part][1:]
    assert old[part][0] == new[part][0], part + " header"
    assert len(want) == (500 if part == "rows" else 5) and got == want, part
for l in open(sys.argv[2]):
    if l.startswith("# input: "):
        path, digest = l[len("# input: "):].split(" sha256 ")
        assert hashlib.sha256(open(path, "rb").read()).hexdigest() == digest.strip(), path
PY
pass

# 5. Usage errors: one line, exit 2.
run table "$G" --jobs 0
expect_usage_error "--jobs 0" "--jobs"
run table "$G" --jobs many
expect_usage_error "--jobs many" "--jobs"
run table "$G" --format csv,json
expect_usage_error "several formats without --out" "--out PREFIX"
run table "$G" --format csv,xml --out "$TMP/x"
expect_usage_error "--format csv,xml" "--format"
run table "$G" --format csv,csv --out "$TMP/x"
expect_usage_error "--format csv,csv" "twice"
run table "$G" --out "$TMP/a.csv" --out "$TMP/b.txt"
expect_usage_error "repeated --out without a format suffix" "b.txt"
run table "$G" --format csv --out "$TMP/a.csv" --out "$TMP/b.json"
expect_usage_error "--format with repeated --out" "--format"
run "${SW[@]}" --format csv,md --out "$TMP/x"
expect_usage_error "sweep --format md" "--format"
done_ok
