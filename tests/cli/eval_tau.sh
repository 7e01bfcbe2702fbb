#!/usr/bin/env bash
# incert eval at tau = 0.22 on the default instance with alpha = 1e-10: the certified
# diagonal of W~(t) matches the reference values, and the report is consistent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
INST=tests/data/cli_alpha_1e-10.json

run eval "$INST" --tau 0.22 --json
expect_ok "eval --tau 0.22 --json"
check_json "eval --tau 0.22: reference values" '
check(d["certified"] is True and d["scalar"] == "mpfi", "expected a certified mpfi evaluation")
check(d["precision_bits"] == 128, "precision_bits %r" % d["precision_bits"])
# t = 0.22 ln(1e10) = 5.0656872045869005...
check(matches(d["t"], "5.06568720458690050"), "t = %r" % (d["t"],))
Wt = d["W_eigenbasis"]
check(len(Wt) == 3 and all(len(r) == 3 for r in Wt), "W_eigenbasis should be 3 x 3")
ref = ["2.99715266537849", "0.083156587049387", "2.3977646096282e-6"]
for i, v in enumerate(ref):
    check(matches(Wt[i][i], v), "W~(t)[%d][%d] = %r does not match %s" % (i, i, Wt[i][i], v))
    lo, hi = enc(Wt[i][i])
    check(hi - lo <= abs(lo) * Decimal("1e-30"), "W~(t)[%d][%d] is not tight at 128 bits: %r" % (i, i, Wt[i][i]))
for i in range(3):
    for j in range(3):
        check(Wt[i][j] == Wt[j][i], "W~(t) enclosure not symmetric at [%d][%d]" % (i, j))
        # Y is diagonal with identity eigenvectors: W(t) = W~(t)
        check(d["W"][i][j] == Wt[i][j], "W(t) differs from W~(t) at [%d][%d] although Phi = I" % (i, j))
ranks = d["error_to_rank"]
check([r["k"] for r in ranks] == [1, 2, 3], "error_to_rank should list k = 1, 2, 3")
for r in ranks:
    lo, hi = enc(r["value"])
    check(lo >= 0, "negative norm for k=%d" % r["k"])
# ||W(t) - Y^_k||_2, reference values computed independently (mpmath, 60 digits, closed form
# and eigsy of W - Y^_k)
for r, v in zip(ranks, ["0.08339468017773236116923678734", "1.9168541409442011050510991383782",
                        "1.9168541422376931079901868186208"]):
    check(matches(r["value"], v), "||W(t) - Y^_%d||_2 = %r does not match %s" % (r["k"], r["value"], v))
'

# --t gives the same point in time as --tau when t = tau ln(1/alpha) is a decimal: here
# tau = 0.5 / ln(1e10) is not, so compare --t 5 against its own report instead.
run eval "$INST" --t 5 --json
expect_ok "eval --t 5 --json"
check_json "eval --t 5" '
check(d["t"] == {"lo": "5", "hi": "5"}, "t = 5 should be reported exactly: %r" % (d["t"],))
'

# text output
run eval "$INST" --tau 0.22
expect_ok "eval --tau 0.22 (text)"
grep -q "W~(t) in Y's eigenbasis" "$OUT" || fail "text report lacks the W~(t) section"
grep -q "(0,0) \[2.99715266537848" "$OUT" || fail "text report: W~(t)(0,0) not printed as an enclosure starting 2.99715266537848"
pass
done_ok
