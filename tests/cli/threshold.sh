#!/usr/bin/env bash
# incert threshold (issue 15; proofs/threshold.md): the certified bracket of the true threshold
# alpha_true(k) on the repository's Theorem 4 instance, the JSON against its schema, --k, --eps,
# --rel-width; the rank obstruction (U0 of rank 1 < n: k > 1 fails); bad usage. The acceptance
# test against an independent mpmath scan is tests/python/test_threshold.py.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
F=data/default.json

run threshold "$F" --json --rel-width 1e-5
expect_ok "threshold --json"
python3 tests/cli/validate_json.py schemas/threshold.schema.json "$OUT" >/dev/null || fail "output does not match schemas/threshold.schema.json"
check_json "brackets on the default instance" '
t = {x["k"]: x for x in d["thresholds"]}
check(sorted(t) == [1, 2, 3], "k rows %r" % sorted(t))
for k in (1, 2):
    x = t[k]
    lo, hi = D(x["alpha_lo"]), D(x["alpha_hi"])
    check(x["nonempty_below"] == "holds" and x["lower_end"] == "0", "k=%d: %r" % (k, x))
    check(0 < lo < hi, "k=%d: alpha_lo %s, alpha_hi %s" % (k, lo, hi))
    check(x["log_rel_width"] <= 1e-5, "k=%d: relative width %r" % (k, x["log_rel_width"]))
    # ln(1/alpha_lo) - ln(1/alpha_hi) <= 1e-5 ln(1/alpha_lo), checked with decimals
    import math
    check((hi / lo).ln() <= D("1.01e-5") * (1 / lo).ln(), "k=%d: bracket wider than asked" % k)
    check(enc(x["ratio_to_alpha_star"])[0] > 1, "k=%d: alpha_lo should lie above alpha*_hyp: %r" % (k, x["ratio_to_alpha_star"]))
check(D(t[1]["alpha_hi"]) < D(t[2]["alpha_lo"]), "k=1 learns at smaller alphas than k=2")
check(t[3]["every_alpha"] and t[3]["alpha_hi"] is None and t[3]["nonempty_below"] == "holds", "k=3 (= K): %r" % t[3])
'
pass

# --k, --eps: one row; a larger eps gives a larger threshold
run threshold "$F" --json --k 1 --eps 0.2 --rel-width 1e-3
expect_ok "threshold --k 1 --eps 0.2"
check_json "--k 1 --eps 0.2" '
check([x["k"] for x in d["thresholds"]] == [1], "rows %r" % d["thresholds"])
check(d["epsilon"] == "0.2", "epsilon %r" % d["epsilon"])
check(D(d["thresholds"][0]["alpha_lo"]) > D("1.9e-7"), "eps = 0.2 should allow larger alphas than eps = 0.1: %r" % d["thresholds"][0])
'

# U0 of rank 1 < n = 5: k > 1 fails by the rank obstruction, in threshold as in check
run threshold tests/data/rank_one_u0_5x1.json --json
expect_ok "threshold (U0 of rank 1)"
python3 tests/cli/validate_json.py schemas/threshold.schema.json "$OUT" >/dev/null || fail "rank-one output does not match the schema"
check_json "rank obstruction" '
for x in d["thresholds"]:
    if x["k"] > 1:
        check(x["nonempty_below"] == "fails" and "rank obstruction" in x["reason"], "k=%d: %r" % (x["k"], x))
        check(x["alpha_lo"] is None and x["alpha_hi"] is None, "k=%d: %r" % (x["k"], x))
'

# A singular W~0 (U0 of rank 2 < n = 4, zero eigenvalues): the r x r factor form over ranges of
# alpha and its tails (proofs/threshold.md section 8): a bracket for k = 1, every alpha in (0, alpha_lo].
run threshold tests/data/factor_r2_zero_eigenvalue.json --json --rel-width 1e-3
expect_ok "threshold (factor form)"
python3 tests/cli/validate_json.py schemas/threshold.schema.json "$OUT" >/dev/null || fail "factor-form output does not match the schema"
check_json "factor form" '
check(d["alpha_min"] == "1e-1000", "alpha_min %r" % d["alpha_min"])
for x in d["thresholds"]:
    check(x["nonempty_below"] == "holds" and x["alpha_lo"] is not None and x["lower_end"] == "0", "k=%d: %r" % (x["k"], x))
x = d["thresholds"][0]
check(x["alpha_hi"] is not None and D(x["alpha_lo"]) < D(x["alpha_hi"]), "k=1 bracket: %r" % x)
'
pass
# Parallel first rows of U~: the tail alpha -> 0 is not certified, so k = 1 holds on
# [alpha_min, alpha_lo] only, and says so (JSON lower_end, the text line); --alpha-min sets it.
run threshold tests/data/factor_parallel_rows.json --json --k 1 --rel-width 0.25 --alpha-min 1e-300
expect_ok "threshold (alpha_min)"
python3 tests/cli/validate_json.py schemas/threshold.schema.json "$OUT" >/dev/null || fail "alpha_min output does not match the schema"
check_json "alpha_min" '
x = d["thresholds"][0]
check(d["alpha_min"] == "1e-300" and x["lower_end"] == "1e-300", "lower_end %r" % x)
check(x["nonempty_below"] == "holds" and D(x["alpha_lo"]) > D("1e-300") and "alpha_min" in x["reason"], "%r" % x)
'
run threshold tests/data/factor_parallel_rows.json --k 1 --rel-width 0.25 --alpha-min 1e-300
expect_ok "threshold (alpha_min) text"
grep -q "^  k=1  alpha_lo = [0-9.e-]*  alpha_hi = .*(for every alpha in \[1e-300, alpha_lo\] only: alpha_min, not (0, alpha_lo\])" "$OUT" ||
  fail "text line for alpha_min: $(grep k=1 "$OUT")"
pass

# n = 10 (data/n10_sin.json): the emptiness search certifies an alpha_hi (k = 1, coarse bracket).
run threshold data/n10_sin.json --json --k 1 --rel-width 0.01
expect_ok "threshold n = 10"
check_json "n = 10 bracket" '
x = d["thresholds"][0]
check(x["alpha_hi"] is not None and D(x["alpha_lo"]) < D(x["alpha_hi"]) and x["lower_end"] == "0", "%r" % x)
'
pass

# Non-monotone non-emptiness (tests/data/nonmonotone_spectral.json): E_1 non-empty at 0.1, empty
# at 1e-2 .. 1e-8: reported in nonempty_above, and the bracket is the one of the last run.
run threshold tests/data/nonmonotone_spectral.json --json --k 1 --rel-width 1e-4
expect_ok "threshold (non-monotone)"
check_json "non-monotone" '
x = d["thresholds"][0]
check(x["nonempty_above"] == ["1e-1"], "nonempty_above %r" % x)
check(D(x["alpha_hi"]) < D("1e-8") and D(x["alpha_lo"]) < D(x["alpha_hi"]), "bracket %r" % x)
'

# text output
run threshold "$F" --k 2 --rel-width 0.01
expect_ok "threshold text"
grep -q "^  k=2  alpha_lo = [0-9.e-]*  alpha_hi = [0-9.e-]*  (for every alpha in (0, alpha_lo])" "$OUT" || fail "text line for k=2"
pass

# bad usage and input: one line, exit 2
run threshold "$F" --k 4
expect_usage_error "--k 4 (K = 3)" "--k"
run threshold "$F" --k 0
expect_usage_error "--k 0" "--k"
run threshold "$F" --rel-width 2
expect_usage_error "--rel-width 2" "--rel-width"
run threshold "$F" --eps -1
expect_usage_error "--eps -1" "--eps"
for bad in 0 1 2 -1e-5 abc; do
  run threshold "$F" --alpha-min "$bad"
  expect_usage_error "--alpha-min $bad" "--alpha-min"
done
run threshold tests/data/bad_truncated.json
expect_rc 2 "a bad instance"
done_ok
