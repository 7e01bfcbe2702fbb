#!/usr/bin/env bash
# incert trace: CSV and JSON say the same (every sample and range row, every cell), the rows
# alternate sample / range in time order, ranges tile [T0, T1] exactly, every numeric CSV cell
# parses with float(), the range bands contain the samples at their ends, the samples agree with
# `incert eval` at the same time (error to rank k), the figure is written as SVG (well-formed,
# one band per curve: n eigenvalues + K errors), PNG and PDF; bad arguments exit 2 with one line.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

run trace data/default.json --from 0 --to 60 --points 13
expect_ok "trace csv"
cp "$OUT" "$TMP/trace.csv"
run trace data/default.json --from 0 --to 60 --points 13 --format json --plot "$TMP/trace.svg"
expect_ok "trace json with --plot"
cp "$OUT" "$TMP/trace.json"
run eval data/default.json --t 25 --json
expect_ok "eval at t = 25"
cp "$OUT" "$TMP/eval.json"

python3 - "$TMP/trace.csv" "$TMP/trace.json" "$TMP/eval.json" "$TMP/trace.svg" <<'PY' || fail "trace outputs disagree (see above)"
import csv, json, sys, xml.etree.ElementTree as ET
from fractions import Fraction
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")))
d = json.load(open(sys.argv[2]))
ev = json.load(open(sys.argv[3]))
assert d["n"] == 3 and d["K"] == 3 and d["points"] == 13
assert len(d["samples"]) == 13 and len(d["ranges"]) == 12
assert [r["kind"] for r in rows] == ["sample", "range"] * 12 + ["sample"]
for r in rows:
    for k, v in r.items():
        if k != "kind":
            float(v)  # every cell a number (nothing is missing here)
samples = [r for r in rows if r["kind"] == "sample"]
ranges = [r for r in rows if r["kind"] == "range"]
# ranges tile [0, 60] exactly
assert Fraction(ranges[0]["t_from"]) == 0 and Fraction(ranges[-1]["t_to"]) == 60
for a, b in zip(ranges, ranges[1:]):
    assert a["t_to"] == b["t_from"]
# CSV = JSON, cell for cell
for s, j in zip(samples, d["samples"]):
    assert s["t_from"] == s["t_to"] == j["t"]
    for k in range(3):
        assert (s[f"error{k+1}_lo"], s[f"error{k+1}_hi"]) == (j["error"][k]["lo"], j["error"][k]["hi"])
        assert (s[f"lambda{k+1}_lo"], s[f"lambda{k+1}_hi"]) == (j["eigenvalues"][k]["lo"], j["eigenvalues"][k]["hi"])
for r, j in zip(ranges, d["ranges"]):
    assert (r["t_from"], r["t_to"]) == (j["from"], j["to"])
    for k in range(3):
        assert (r[f"error{k+1}_lo"], r[f"error{k+1}_hi"]) == (j["error"][k]["lo"], j["error"][k]["hi"])
# each range band contains the samples at both of its ends (it holds for every t of the range)
for i, r in enumerate(ranges):
    for s in (samples[i], samples[i + 1]):
        for name in [f"error{k}" for k in (1, 2, 3)] + [f"lambda{k}" for k in (1, 2, 3)]:
            assert Fraction(r[name + "_lo"]) <= Fraction(s[name + "_lo"]) and Fraction(s[name + "_hi"]) <= Fraction(r[name + "_hi"]), (r, s, name)
# the sample at t = 25 overlaps incert eval at t = 25
s25 = next(s for s in samples if Fraction(s["t_from"]) == 25)
for e in ev["error_to_rank"]:
    k = e["k"]
    lo, hi = Fraction(s25[f"error{k}_lo"]), Fraction(s25[f"error{k}_hi"])
    assert lo <= Fraction(e["value"]["hi"]) and Fraction(e["value"]["lo"]) <= hi, (k, s25, e)
# I_k and eps-windows as in incert check
assert [I["nonempty"] for I in d["intervals"]] == ["holds"] * 3 and d["intervals"][2]["hi"] == "inf"
assert d["eps_windows"][2]["last"] == "inf"
root = ET.parse(sys.argv[4]).getroot()
classes = [el.get("class") for el in root.iter()]
assert classes.count("band") == 6, classes.count("band")
assert classes.count("interval") == 6, classes.count("interval")  # 3 I_k in two panels
assert classes.count("window") == 3
PY
pass

if command -v rsvg-convert >/dev/null 2>&1; then
  run trace data/thm3_spectral_3x3.json --from 0 --to 40 --points 9 --plot "$TMP/t.png" --log-y
  expect_ok "trace --plot png --log-y"
  head -c 8 "$TMP/t.png" | od -An -c | grep -q 'P   N   G' || fail "no PNG signature"
  run trace data/thm3_spectral_3x3.json --from 0 --to 40 --points 9 --plot "$TMP/t.pdf"
  expect_ok "trace --plot pdf"
  head -c 5 "$TMP/t.pdf" | grep -q '%PDF-' || fail "no PDF signature"
  pass
fi

# Bad arguments: exit 2, one line, nothing written.
run trace data/default.json --from 0 --to 10
expect_usage_error "no --points" "--points"
run trace data/default.json --from 5 --to 1 --points 3
expect_usage_error "to below from" "--to"
run trace data/default.json --from -1 --to 1 --points 3
expect_usage_error "negative from" "--from"
run trace data/default.json --from 0 --to 1 --points 1
expect_usage_error "one point" "--points"
run trace data/default.json --from 0 --to x --points 3
expect_usage_error "not a number" "--to"
run trace data/default.json --from 0 --to 1 --points 3 --format md
expect_usage_error "format md" "--format"
run trace data/default.json --from 0 --to 1 --points 3 --plot "$TMP/x.eps"
expect_usage_error "plot suffix" "--plot"
[ -e "$TMP/x.eps" ] && fail "a file was written for a bad --plot"
run trace data/default.json --from 1 --to 1.0000000000000001 --points 50
expect_usage_error "too many points for the range" "points"
run trace tests/data/bad_missing_epsilon.json --from 0 --to 1 --points 3
expect_usage_error "bad instance" "epsilon"
pass
done_ok
