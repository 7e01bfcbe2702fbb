#!/usr/bin/env bash
# Y given as a dense matrix ("Y": {"matrix": ...}), end to end:
#  * Y = Q diag(3,2,1) Q^T (Q the Cayley transform of [[0,1/2,-1/4],[-1/2,0,1/3],[1/4,-1/3,0]],
#    tests/data/dense_cayley_3x3.json) against the same instance given by eigenvalues and the
#    eigenvectors Q (dense_cayley_3x3_eigen.json): the same verdicts, overlapping enclosures,
#    in mpfi and in the double-interval type; data/dense_cayley_3x3.json is the same instance;
#  * the rank-deficient target 4, 1, 0, 0 (n = 4): check and eval work and agree with the eigen form;
#  * eigenvalues 2 + 2^-150 and 2: undecided at 128 bits, so the check escalates to 256 bits;
#  * bad dense input: exit 2, nothing on stdout, one line naming Y.matrix (or Y) and the problem.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

# Writes the JSON of check/eval for FILE (extra args after) to $TMP/NAME.json.
save() {
  local name=$1
  shift
  run "$@"
  expect_ok "incert $*"
  cp "$OUT" "$TMP/$name.json"
}

COMPARE_CHECK='
import json
a = json.load(open(sys.argv[2])); b = json.load(open(sys.argv[3]))
def overlap(x, y):
    if x is None or y is None or isinstance(x, str) or isinstance(y, str):
        return x == y
    (xl, xh), (yl, yh) = enc(x), enc(y)
    return xl <= yh and yl <= xh
check(a["theorem"] == b["theorem"], "theorem differs")
check([(h["name"], h["verdict"]) for h in a["hypotheses"]] == [(h["name"], h["verdict"]) for h in b["hypotheses"]],
      "hypotheses differ: %r vs %r" % (a["hypotheses"], b["hypotheses"]))
for h in a["hypotheses"]:
    check(h["verdict"] != "undecided", "undecided hypothesis %s" % h["name"])
for key in ("c_eps", "C_eps", "M"):
    check(overlap(a["constants"][key], b["constants"][key]), "%s: %r vs %r" % (key, a["constants"][key], b["constants"][key]))
check(overlap(a["alpha_star_hyp"], b["alpha_star_hyp"]), "alpha_star_hyp differs")
check(len(a["intervals"]) == len(b["intervals"]), "number of intervals differs")
for x, y in zip(a["intervals"], b["intervals"]):
    check(x["nonempty"] == y["nonempty"], "I_%d non-empty differs" % x["k"])
    check(overlap(x["lo"], y["lo"]) and overlap(x["hi"], y["hi"]), "I_%d endpoints do not overlap" % x["k"])
pa = [x for x in a["conclusion"] if "over" not in x]
pb = [x for x in b["conclusion"] if "over" not in x]
check(len(pa) == len(pb), "number of conclusion rows differs")
oa = [x for x in a["conclusion"] if "over" in x]
ob = [x for x in b["conclusion"] if "over" in x]
check([(x["k"], x["verdict"]) for x in oa] == [(x["k"], x["verdict"]) for x in ob], "over-interval rows differ: %r vs %r" % (oa, ob))
for x in oa:
    check(x["verdict"] == "holds", "over-interval conclusion %r" % x)
for x, y in zip(pa, pb):
    check((x["k"], x["where"], x["verdict"]) == (y["k"], y["where"], y["verdict"]), "conclusion row differs: %r vs %r" % (x, y))
    if x["where"] == "user":  # the same exact time: the enclosures must overlap
        check(x["t"] == y["t"], "user time differs")
        check(overlap(x["error"], y["error"]), "conclusion k=%d at t=%r: enclosures do not overlap" % (x["k"], x["t"]))
    else:  # sample times are points inside I_k, whose enclosures differ in width: close, not equal
        (tl, th), (ul, uh) = enc(x["t"]), enc(y["t"])
        check(abs(tl - ul) <= Decimal("1e-12") * abs(tl), "sample times too far apart: %r vs %r" % (x["t"], y["t"]))
        (el, eh), (fl, fh) = enc(x["error"]), enc(y["error"])
        check(abs(el - fl) <= Decimal("1e-10") * abs(el), "errors too far apart: %r vs %r" % (x["error"], y["error"]))
check(sum(1 for x in pa if x["where"] == "user") >= 3, "no user-time rows compared")
'

compare_checks() {  # WHAT A.json B.json
  local msg
  if ! msg=$(python3 -c "$CHECK_PY
try:
$(printf '%s\n' "$COMPARE_CHECK" | sed 's/^/    /')
except AssertionError as e:
    print(e); sys.exit(1)
" "$1" "$2" "$3" 2>&1); then
    fail "$1: $msg"
  fi
  pass
}

# 1. Cayley target: dense vs eigen form, mpfi and double intervals.
TIMES="--t 14.5 --t 25 --tau 0.9"
for scalar in mpfi interval; do
  save dense_$scalar check tests/data/dense_cayley_3x3.json --json --scalar $scalar $TIMES
  check_json "dense Cayley ($scalar) all holds" "
for h in d['hypotheses']:
    check(h['verdict'] == 'holds', 'hypothesis %s: %r' % (h['name'], h['verdict']))
for c in d['conclusion']:
    check(c.get('where') == 'user' or c['verdict'] == 'holds', 'conclusion %r' % c)
check(d['certified'] is True, 'not certified')"
  save eigen_$scalar check tests/data/dense_cayley_3x3_eigen.json --json --scalar $scalar $TIMES
  compare_checks "dense vs eigen form ($scalar)" "$TMP/dense_$scalar.json" "$TMP/eigen_$scalar.json"
done
save shipped check data/dense_cayley_3x3.json --json $TIMES
compare_checks "data/dense_cayley_3x3.json vs the eigen form" "$TMP/shipped.json" "$TMP/eigen_mpfi.json"
run check data/dense_cayley_3x3.json
expect_ok "check data/dense_cayley_3x3.json (text)"
grep -q "distinct_nonzero_eigenvalues  *holds" "$OUT" || fail "text report lacks the distinct-eigenvalue verdict"
pass

# 2. Rank-deficient dense target (4, 1, 0, 0): check and eval.
save rd_dense check tests/data/dense_rank_deficient_4x4.json --json $TIMES
save rd_eigen check tests/data/dense_rank_deficient_4x4_eigen.json --json $TIMES
compare_checks "rank-deficient dense vs eigen form" "$TMP/rd_dense.json" "$TMP/rd_eigen.json"
check_json "rank-deficient: two intervals" "check(len(d['intervals']) == 2, 'K should be 2: %r' % d['intervals'])"
for t in "--t 5" "--tau 0.3"; do
  # shellcheck disable=SC2086
  save ev_dense eval tests/data/dense_rank_deficient_4x4.json $t --json
  # shellcheck disable=SC2086
  save ev_eigen eval tests/data/dense_rank_deficient_4x4_eigen.json $t --json
  if ! msg=$(python3 -c "$CHECK_PY
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
def overlap(x, y):
    (xl, xh), (yl, yh) = enc(x), enc(y)
    return xl <= yh and yl <= xh
try:
    check(len(a['W']) == 4 and len(a['W'][0]) == 4, 'W is not 4 x 4')
    for i in range(4):
        for j in range(4):
            check(overlap(a['W'][i][j], b['W'][i][j]), 'W[%d][%d]: %r vs %r' % (i, j, a['W'][i][j], b['W'][i][j]))
            lo, hi = enc(a['W'][i][j])
            check(hi - lo <= Decimal('1e-25') * (1 + abs(hi)), 'W[%d][%d] too wide: %r' % (i, j, a['W'][i][j]))
    check([r['k'] for r in a['error_to_rank']] == [1, 2], 'error_to_rank rows %r' % a['error_to_rank'])
    for x, y in zip(a['error_to_rank'], b['error_to_rank']):
        check(overlap(x['value'], y['value']), 'error to rank %d differs' % x['k'])
except AssertionError as e:
    print(e); sys.exit(1)
" "$TMP/ev_dense.json" "$TMP/ev_eigen.json" 2>&1); then
    fail "eval $t rank-deficient dense vs eigen: $msg"
  fi
  pass
done

# 3. Eigenvalues 2 + 2^-150 and 2 cannot be separated at 128 bits: escalation to 256 decides.
run check tests/data/dense_near_repeated_3x3.json --json
expect_ok "check near-repeated"
check_json "near-repeated: escalated and decided" "
for h in d['hypotheses']:
    check(h['verdict'] != 'undecided', 'hypothesis %s undecided' % h['name'])
bits = {h['name']: h['precision_bits'] for h in d['hypotheses']}
check(bits['alpha_small'] >= 256, 'alpha_small should need 256 bits: %r' % bits)
check(bits['distinct_nonzero_eigenvalues'] == 128, 'distinctness is exact: %r' % bits)
verdicts = {h['name']: h['verdict'] for h in d['hypotheses']}
check(verdicts['distinct_nonzero_eigenvalues'] == 'holds', 'the eigenvalues are distinct')
check(verdicts['log_ratio'] == 'fails', 'sigma_3 / sigma_2 = 1 - 2^-151 fails the log-ratio condition')"
run check tests/data/dense_near_repeated_3x3.json --json --max-precision 128
expect_ok "check near-repeated without escalation"
check_json "near-repeated at 128 bits only: undecided, never wrong" "
v = {h['name']: h['verdict'] for h in d['hypotheses']}
check(v['alpha_small'] == 'undecided', 'alpha_small at 128 bits: %r' % v)
check('fails' not in [v['distinct_nonzero_eigenvalues'], v['W0_invertible'], v['epsilon_range']], 'a true hypothesis failed: %r' % v)"

# 4. Bad dense input.
EXPECTED='
bad_dense_not_symmetric.json|bad input: Y.matrix: not symmetric: entry [1][2] differs from [2][1]
bad_dense_not_psd.json|bad input: Y.matrix: not positive semi-definite
bad_dense_not_square.json|bad input: Y.matrix: must be square, is 2 x 3
bad_dense_w0_dimension.json|bad input: init.W0: must be 2 x 2 like Y, is 3 x 3
bad_dense_zero.json|bad input: Y.matrix: zero matrix: all eigenvalues are zero
bad_dense_and_eigenvalues.json|bad input: Y: give either matrix or eigenvalues
'
while IFS='|' read -r file expected; do
  [ -z "$file" ] && continue
  for cmd in "check tests/data/$file" "check tests/data/$file --json" "eval tests/data/$file --t 1" "check tests/data/$file --scalar interval"; do
    # shellcheck disable=SC2086
    run $cmd
    expect_usage_error "incert $cmd" "$expected"
  done
done <<<"$EXPECTED"
done_ok
