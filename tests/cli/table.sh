#!/usr/bin/env bash
# incert table: the committed small table regenerates byte for byte; two runs are identical in
# every format; each format has its structure; the metadata records the inputs' SHA-256;
# bad grids and bad options exit 2 naming the field; nothing on stderr when it is not a terminal
# (and a progress bar when it is).
#
# The committed data/tables/grid_small.csv was made by
#   build/incert table data/tables/grid_small.json --format csv --pin-commit pinned > data/tables/grid_small.csv
# --pin-commit records "pinned" instead of the build's git commit, which differs on every commit;
# everything else in the file (version, inputs' SHA-256, every enclosure) must match. When the
# numerics change on purpose, regenerate it with that command (data/tables/README.md).
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
G=data/tables/grid_small.json

# 1. The committed table, regenerated.
run table "$G" --format csv --pin-commit pinned
expect_ok "small table"
cmp -s "$OUT" data/tables/grid_small.csv || {
  diff "$OUT" data/tables/grid_small.csv | head -20 >&2
  fail "data/tables/grid_small.csv does not regenerate byte for byte (see the diff above; regenerate it with the command in data/tables/README.md if the change is intended)"
}
pass

# 1b. The committed paper tables (data/tables/paper.*), regenerated in every format. They record
# the real git commit of the build that made them and the command line (here with --out), so
# those metadata lines are left out.
# One computation writes the four (tests/cli/table_jobs.sh: the same bytes as one format per run).
run table data/tables/grid_paper.json --format csv,json,md,tex --out "$TMP/paper"
expect_rc 0 "paper table (csv,json,md,tex)"
for fmt in csv json md tex; do
  diff <(grep -v -e git_commit -e "incert table" "$TMP/paper.$fmt") <(grep -v -e git_commit -e "incert table" "data/tables/paper.$fmt") >"$TMP/paper.diff" || {
    head -20 "$TMP/paper.diff" >&2
    fail "data/tables/paper.$fmt does not regenerate byte for byte apart from git_commit and the command line (regenerate: data/tables/README.md)"
  }
  pass
done

# 2. Each format: produced, identical on a second run, with its structure; --out writes the same bytes.
for fmt in csv json md tex; do
  run table "$G" --format "$fmt"
  expect_ok "format $fmt"
  cp "$OUT" "$TMP/first.$fmt"
  run table "$G" --format "$fmt"
  expect_ok "format $fmt, second run"
  cmp -s "$OUT" "$TMP/first.$fmt" || fail "format $fmt: two runs differ"
  pass
  run table "$G" --format "$fmt" --out "$TMP/out.$fmt"
  expect_rc 0 "--out $fmt"
  [ -s "$OUT" ] && fail "--out $fmt: expected nothing on stdout"
  [ -s "$ERR" ] && fail "--out $fmt: expected nothing on stderr"
  # The command line in the metadata differs by the --out option; the rest must agree.
  diff <(grep -v "incert table" "$TMP/first.$fmt") <(grep -v "incert table" "$TMP/out.$fmt") >/dev/null ||
    fail "--out $fmt: file differs from stdout beyond the command line"
  pass
done

python3 - "$TMP" <<'PY' || fail "format structure (see above)"
import csv, io, json, re, subprocess, sys
tmp = sys.argv[1]
text = {f: open(f"{tmp}/first.{f}").read() for f in ("csv", "json", "md", "tex")}

# CSV: metadata comments, then two sections (rows, summary), each with its header.
lines = text["csv"].splitlines()
meta = {}
for l in lines:
    if l.startswith("# ") and ": " in l:
        k, v = l[2:].split(": ", 1)
        meta.setdefault(k, v)
for key in ("incert_version", "git_commit", "command", "scalar", "precision_bits", "max_precision_bits", "digits"):
    assert key in meta, f"CSV metadata lacks {key}"
assert meta["command"] == "incert table data/tables/grid_small.json --format csv", meta["command"]
sections, cur = {}, None
for l in lines:
    m = re.match(r"# (rows|summary): ", l)
    if m:
        cur = m.group(1); sections[cur] = []
    elif not l.startswith("#") and cur:
        sections[cur].append(l)
rows = list(csv.DictReader(io.StringIO("\n".join(sections["rows"]))))
summary = list(csv.DictReader(io.StringIO("\n".join(sections["summary"]))))
# 2 instances (K = 3 each) x 2 alphas x 1 eps x 3 k
assert len(rows) == 12, len(rows)
assert len(summary) == 2, len(summary)
enc = re.compile(r"^\[(-?[0-9.]+(e-?[0-9]+)?), (-?[0-9.]+(e-?[0-9]+)?)\]$")
from decimal import Decimal
# CSV: every enclosure column X as X_lo, X_hi (decimals; inf for an unbounded end).
for r in rows:
    for col in ("I_start", "alpha_star_hyp"):
        assert Decimal(r[col + "_lo"]) <= Decimal(r[col + "_hi"]), (col, r)
    assert r["I_end_hi"] == "inf" or Decimal(r["I_end_lo"]) <= Decimal(r["I_end_hi"]), r
    assert r["I_nonempty"] in ("holds", "fails", "undecided"), r
d30 = [r for r in rows if r["instance"] == "default" and r["alpha"] == "1e-30"]
assert [r["hypotheses"] for r in d30] == ["all hold"] * 3, d30
assert d30[2]["I_end_lo"] == d30[2]["I_end_hi"] == "inf"
# I_1 start at alpha = 1e-30 for the default instance is 13.017045601544764... (incert check)
lo, hi = d30[0]["I_start_lo"], d30[0]["I_start_hi"]
assert Decimal(lo) <= Decimal("13.017045601544764") <= Decimal(hi), (lo, hi)
# alpha*_hyp of the default instance lies between 1e-30 and 1e-10 (issue 4 acceptance)
lo, hi = d30[0]["alpha_star_hyp_lo"], d30[0]["alpha_star_hyp_hi"]
assert Decimal("1e-30") < Decimal(lo) and Decimal(hi) < Decimal("1e-10"), (lo, hi)

# SHA-256 of every input, as coreutils computes it.
inputs = [l[len("# input: "):].split(" sha256 ") for l in lines if l.startswith("# input: ")]
assert [p for p, _ in inputs] == ["data/tables/grid_small.json", "data/default.json", "data/thm3_spectral_3x3.json"], inputs
import hashlib
for p, h in inputs:
    assert hashlib.sha256(open(p, "rb").read()).hexdigest() == h, (p, h)

# JSON: metadata object, rows and summary with the same content as the CSV.
d = json.loads(text["json"])
assert set(d) >= {"metadata", "rows", "summary"}, list(d)
assert d["metadata"]["git_commit"] == meta["git_commit"]
assert [i["path"] for i in d["metadata"]["inputs"]] == [p for p, _ in inputs]
assert len(d["rows"]) == 12 and len(d["summary"]) == 2
assert d["rows"][0]["k"] == 1 and d["rows"][0]["I_start"] == f"[{rows[0]['I_start_lo']}, {rows[0]['I_start_hi']}]"
assert enc.match(d["rows"][0]["I_start"]), d["rows"][0]["I_start"]

# Markdown: YAML front matter, two pipe tables.
md = text["md"]
assert md.startswith("---\n") and "\n---\n" in md[4:], "front matter"
assert "incert_version:" in md.split("\n---\n")[0]
assert md.count("\n|---|") == 2, "two tables"
assert sum(1 for l in md.splitlines() if l.startswith("| default ")) == 7  # 6 rows, 1 summary

# LaTeX: metadata as comments, booktabs rules, both tables.
tex = text["tex"]
assert "% git_commit: " in tex
for rule in ("\\toprule", "\\midrule", "\\bottomrule"):
    assert tex.count(rule) >= 2 and tex.count(rule) == tex.count("\\toprule"), rule  # one set per table part
assert "\\begin{longtable}" in tex and "\\begin{tabular}" in tex
assert "log\\_ratio" in tex and "\\times 10^{-17}$" in tex  # text escaped, numbers in math
PY
pass

# 3. Bad grids: exit 2, one line naming the field; bad options: exit 2.
bad() {  # bad NAME JSON SUBSTRING
  printf '%s\n' "$2" >"$TMP/$1.json"
  run table "$TMP/$1.json"
  expect_usage_error "bad grid $1" "$3"
}
I="\"$ROOT/data/default.json\""
bad syntax '{"instances": [' "JSON syntax error"
bad top_level '[1, 2]' "(top level)"
bad unknown_field "{\"instances\": [$I], \"alphas\": [\"1e-9\"], \"eps\": [\"0.1\"], \"colour\": 1}" "colour"
bad no_instances '{"alphas": ["1e-9"], "eps": ["0.1"]}' "instances"
bad empty_instances '{"instances": [], "alphas": ["1e-9"], "eps": ["0.1"]}' "instances"
bad missing_instance '{"instances": ["nowhere.json"], "alphas": ["1e-9"], "eps": ["0.1"]}' "instances[0]"
bad instance_not_string "{\"instances\": [3], \"alphas\": [\"1e-9\"], \"eps\": [\"0.1\"]}" "instances[0]"
bad no_alphas "{\"instances\": [$I], \"eps\": [\"0.1\"]}" "alphas"
bad alpha_text "{\"instances\": [$I], \"alphas\": [\"1e-9\", \"abc\"], \"eps\": [\"0.1\"]}" "alphas[1]"
bad alpha_negative "{\"instances\": [$I], \"alphas\": [\"-1e-9\"], \"eps\": [\"0.1\"]}" "alphas[0]"
bad alpha_duplicate "{\"instances\": [$I], \"alphas\": [\"1e-9\", \"0.000000001\"], \"eps\": [\"0.1\"]}" "alphas[1]"
bad alpha_kind "{\"instances\": [$I], \"alphas\": \"1e-9\", \"eps\": [\"0.1\"]}" "alphas"
bad log_points "{\"instances\": [$I], \"alphas\": {\"log10_from\": \"-1\", \"log10_to\": \"-9\", \"points\": 1}, \"eps\": [\"0.1\"]}" "alphas.points"
bad log_missing "{\"instances\": [$I], \"alphas\": {\"log10_from\": \"-1\", \"points\": 3}, \"eps\": [\"0.1\"]}" "alphas.log10_to"
bad log_unknown "{\"instances\": [$I], \"alphas\": {\"log10_from\": \"-1\", \"log10_to\": \"-9\", \"points\": 3, \"base\": 2}, \"eps\": [\"0.1\"]}" "alphas.base"
bad eps_zero "{\"instances\": [$I], \"alphas\": [\"1e-9\"], \"eps\": [\"0\"]}" "eps[0]"
bad eps_missing "{\"instances\": [$I], \"alphas\": [\"1e-9\"]}" "eps"
bad scalar "{\"instances\": [$I], \"alphas\": [\"1e-9\"], \"eps\": [\"0.1\"], \"scalar\": \"float\"}" "scalar"
bad precision "{\"instances\": [$I], \"alphas\": [\"1e-9\"], \"eps\": [\"0.1\"], \"precision\": 8}" "precision"
bad max_precision "{\"instances\": [$I], \"alphas\": [\"1e-9\"], \"eps\": [\"0.1\"], \"precision\": 256, \"max_precision\": 128}" "max_precision"
bad digits "{\"instances\": [$I], \"alphas\": [\"1e-9\"], \"eps\": [\"0.1\"], \"digits\": \"many\"}" "digits"
printf '{"Y": {"eigenvalues": ["2", "1"]}, "init": {"W0": [["1", "2"], ["3", "1"]]}, "alpha": "1", "epsilon": "0.1"}\n' >"$TMP/bad_instance.json"
bad bad_instance_file '{"instances": ["bad_instance.json"], "alphas": ["1e-9"], "eps": ["0.1"]}' "init.W0"
run table "$TMP/nonexistent.json"
expect_usage_error "grid file missing" "nonexistent.json"
run table
expect_usage_error "table without a grid" "GRID"
run table "$G" --format xml
expect_usage_error "--format xml" "--format"
run table "$G" --digits 1
expect_usage_error "--digits 1" "--digits"
run table "$G" --frobnicate
expect_usage_error "unknown option" "--frobnicate"

# 4. A progress bar on stderr only when stderr is a terminal (skipped without util-linux script).
if command -v script >/dev/null 2>&1; then
  script -qec "$INCERT table $G >/dev/null" /dev/null >"$TMP/tty" 2>&1 || true
  grep -q "\[#" "$TMP/tty" || fail "no progress bar on a terminal: $(head -c 300 "$TMP/tty")"
  pass
fi
# Two independent methods agree on the committed paper and fine tables: the certified threshold
# alpha_true in [alpha_lo, alpha_hi] (range certificates over alpha, incert threshold) and the
# largest grid alpha certified by per-alpha checks (eps-windows at that alpha). Soundness: a
# certified grid alpha is below alpha_hi (some E_k is empty there) unless non-emptiness is not
# monotone; on the fine grid (every power of ten) it is the largest power of ten <= alpha_lo.
python3 - data/tables/paper.json data/tables/fine.json <<'PY2' || fail "alpha_true bracket and certified grid alphas disagree"
import json, sys
from fractions import Fraction
for path in sys.argv[1:]:
    d = json.load(open(path))
    for r in d["summary"]:
        at, grid = r["alpha_true"], r["alpha_grid"]
        assert at.startswith("[") and at.endswith("]"), (path, r)
        lo, hi = (Fraction(x) for x in at[1:-1].split(", "))
        assert 0 < lo <= hi, (path, r)
        if grid in ("none", "n/a"):
            continue
        g = Fraction(grid)
        assert g < hi or "not monotone" in r["note"], (path, r)
        if "fine" in path:
            assert g <= lo < 10 * g, (path, r)
PY2
pass
done_ok
