#!/usr/bin/env bash
# incert check --interval K:LO:HI: the conclusion ||W(t) - Y^_k||_2 <= eps over a range the user
# gives (issue 5), for a general initialization (Theorem 4 instance) and for an underparameterized
# factor U0 (4 x 2, W~0 singular, Theorem 4 not applicable); verdicts holds / fails / undecided;
# the bound agrees with pointwise evaluations (eval) at times inside the range; bad ranges.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

# --- Theorem 4 instance --------------------------------------------------------------------
run check data/default.json --json --interval 1:13.5:15 --interval 3:40:inf --interval 2:14:15
expect_ok "check --interval (default instance)"
check_json "user ranges on the default instance" '
user = [c for c in d["conclusion"] if c.get("over") == "user"]
check(len(user) == 3, "expected 3 user-range rows, got %r" % user)
a, b, c = user
check((a["k"], a["lo"], a["hi"], a["verdict"]) == (1, "13.5", "15", "holds"), "1:13.5:15 -> %r" % a)
check(D(a["error_upper"]) < D("0.001"), "1:13.5:15 bound %r" % a["error_upper"])
check((b["k"], b["lo"], b["hi"], b["verdict"]) == (3, "40", "inf", "holds"), "3:40:inf -> %r" % b)
check(D(b["error_upper"]) < D("0.001"), "3:40:inf bound %r" % b["error_upper"])
# t = 14 lies before I_2: the error to rank 2 exceeds eps there, so the claim is refuted.
check((c["k"], c["verdict"]) == (2, "fails"), "2:14:15 -> %r" % c)
check(all(x["pieces"] >= 1 for x in user), "pieces")
'
cp "$OUT" "$TMP/default.json"
# Pointwise errors inside 1:13.5:15 are below the certified maximum over the range.
for t in 13.5 14.25 15; do
  run eval data/default.json --t "$t" --json
  expect_ok "eval --t $t"
  check_json "eval at $t within the range bound" "
ref = json.load(open('$TMP/default.json'))
bound = [c for c in ref['conclusion'] if c.get('over') == 'user'][0]['error_upper']
e = [r for r in d['error_to_rank'] if r['k'] == 1][0]['value']
check(enc(e)[1] <= D(bound), 'error %r at t = $t above the range bound %s' % (e, bound))
"
done

# --- U0 of rank 2 < n = 4, dense rank-deficient target ---------------------------------------
F=tests/data/dense_rank_deficient_u0_4x2.json
run check "$F" --json --interval 1:14:20 --interval 2:60:200 --interval 2:60:inf --interval 2:20:30
expect_ok "check --interval (U0 4 x 2)"
check_json "user ranges for a singular initialization" '
h = {x["name"]: x["verdict"] for x in d["hypotheses"]}
check(h["W0_invertible"] == "fails", "W0_invertible: %r" % h)
check(h["alpha_small"] == "fails" and h["log_ratio"] == "fails", "alpha hypotheses for singular W~0: %r" % h)
check(d["precision_bits"] == 128, "no precision escalation expected, got %r bits" % d["precision_bits"])
user = [c for c in d["conclusion"] if c.get("over") == "user"]
check([(u["k"], u["verdict"]) for u in user] == [(1, "holds"), (2, "holds"), (2, "holds"), (2, "fails")], "verdicts %r" % user)
check(all(D(user[i]["error_upper"]) < D("1e-6") for i in range(3)), "bounds %r" % user)
# [60, inf): the factor form over the tail t -> inf (proofs/closed_form_factor.md section 6)
check("note" not in user[2] and D(user[2]["error_upper"]) >= D(user[1]["error_upper"]), "the unbounded range: %r" % user[2])
'
cp "$OUT" "$TMP/u0.json"
for t in 14 17 20; do
  run eval "$F" --t "$t" --json
  expect_ok "eval U0 --t $t"
  check_json "U0 eval at $t within the range bound" "
ref = json.load(open('$TMP/u0.json'))
bound = [c for c in ref['conclusion'] if c.get('over') == 'user'][0]['error_upper']
e = [r for r in d['error_to_rank'] if r['k'] == 1][0]['value']
check(enc(e)[1] <= D(bound), 'error %r at t = $t above the range bound %s' % (e, bound))
check(d['method'].startswith('r x r factor form'), 'method %r' % d['method'])
"
done

# --- bad ranges ------------------------------------------------------------------------------
for bad in "1:2" "1:2:3:4" "0:1:2" "x:1:2" "1:abc:2" "1:3:2" "1:-1:2" "1:1:NaN" "1::2"; do
  run check data/default.json --interval "$bad"
  expect_usage_error "--interval $bad" "--interval"
done
run check data/default.json --interval 4:1:2
expect_usage_error "--interval with k > n" "--interval"
run check data/default.json --interval 1:1:2 --scalar double
expect_usage_error "--interval with a non-rigorous scalar" "--interval"
run eval data/default.json --t 1 --interval 1:1:2
expect_usage_error "--interval on eval" "--interval"
done_ok
