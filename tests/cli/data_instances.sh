#!/usr/bin/env bash
# The instances shipped in data/ (the paper's settings): each has a name and a description,
# `incert check` exits 0 on it with every verdict "holds", and a few properties particular
# to each instance are checked.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

# file | theorem | number of intervals (= K, the rank of Y)
INSTANCES='
data/default.json|4|3
data/thm4_general_3x3.json|4|3
data/thm3_spectral_3x3.json|3|3
data/rank_deficient_target.json|4|2
data/gap_near_one.json|3|2
data/thm4_eigenvectors_3x3.json|4|3
'
while IFS='|' read -r file theorem K; do
  [ -z "$file" ] && continue
  [ -f "$file" ] || fail "missing instance $file"
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for key in ("name", "description"):
    if not (isinstance(d.get(key), str) and d[key].strip()):
        if not sys.argv[1].endswith("default.json") or key == "name":
            print("%s: missing %s" % (sys.argv[1], key)); sys.exit(1)
' "$file" || fail "$file lacks a name or description"
  pass
  run check "$file"
  expect_ok "check $file"
  grep -q "Theorem $theorem" "$OUT" || fail "$file: text report should say Theorem $theorem"
  grep -Eq "fails|undecided" "$OUT" && fail "$file: a verdict fails or is undecided"
  pass
  run check "$file" --json
  expect_ok "check $file --json"
  check_json "check $file --json" "
theorem, K = $theorem, $K
check(d['theorem'] == theorem, 'theorem %r, expected %d' % (d['theorem'], theorem))
check(d['certified'] is True, 'not certified')
for h in d['hypotheses']:
    check(h['verdict'] == 'holds', 'hypothesis %s: %r' % (h['name'], h['verdict']))
iv = d['intervals']
check([i['k'] for i in iv] == list(range(1, K + 1)), 'intervals %r, expected k = 1..%d' % ([i['k'] for i in iv], K))
check(iv[-1]['hi'] == 'inf', 'the last interval should be unbounded')
for i in iv:
    check(i['nonempty'] == 'holds', 'I_%d non-empty: %r' % (i['k'], i['nonempty']))
check(sorted(set(c['k'] for c in d['conclusion'])) == list(range(1, K + 1)), 'conclusion rows should cover every k')
for c in d['conclusion']:
    check(c['verdict'] == 'holds', 'conclusion %r' % c)
check(sorted(c['k'] for c in d['conclusion'] if 'over' in c) == list(range(1, K + 1)), 'one over-interval conclusion per k')
if theorem == 3:
    check(d['constants']['M'] is None, 'Theorem 3 has no constant M')
else:
    enc(d['constants']['M'])
"
done <<<"$INSTANCES"

# data/thm4_general_3x3.json is data/default.json under a clearer name: same report numbers.
run check data/default.json --json
cp "$OUT" "$TMP/default.json"
run check data/thm4_general_3x3.json --json
check_json "thm4_general_3x3 equals default" "
ref = json.load(open('$TMP/default.json'))
for key in ('constants', 'hypotheses', 'intervals', 'conclusion'):
    check(d[key] == ref[key], '%s differs from data/default.json' % key)
"

# Spectral initialization: eval uses the scalar curves; W~(t) is diagonal and each diagonal
# entry contains the scalar closed form computed here in 200-digit decimal arithmetic.
run check data/thm3_spectral_3x3.json --json
check_json "thm3_spectral_3x3 constants" "
# Theorem 3 with s = (1,1,1): c_eps = eps / max s_i = 0.1, C_eps = sigma_1^2 / (eps min s_i) = 90
check(contains(d['constants']['c_eps'], '0.1'), 'c_eps %r' % (d['constants']['c_eps'],))
check(contains(d['constants']['C_eps'], '90'), 'C_eps %r' % (d['constants']['C_eps'],))
"
run eval data/thm3_spectral_3x3.json --tau 0.5 --json
expect_ok "eval thm3_spectral_3x3 --tau 0.5"
check_json "spectral evaluation is diagonal" "
check('scalar curves' in d['method'], 'spectral instance should use the scalar curves, method %r' % d['method'])
W = d['W_eigenbasis']
for i in range(3):
    for j in range(3):
        if i != j:
            check(W[i][j] == {'lo': '0', 'hi': '0'}, 'off-diagonal W~[%d][%d] = %r should be exactly 0' % (i, j, W[i][j]))
# closed form of the scalar curve with s = 1: w(t) = alpha sigma e^{2 sigma t} / (sigma + alpha (e^{2 sigma t} - 1)),
# alpha = 1e-30, t = 0.5 ln(1e30) so alpha e^{2 sigma t} = 1e30^(sigma - 1)
ln = Decimal(10).ln() * 30
for i, sigma in enumerate([3, 2, 1]):
    a = Decimal('1e-30')
    E = (2 * sigma * Decimal('0.5') * ln).exp()
    w = a * sigma * E / (sigma + a * (E - 1))
    check(contains(W[i][i], w), 'W~[%d][%d] = %r does not contain %s' % (i, i, W[i][i], w))
"

# Rotation invariance: the constants of the Cayley-eigenvector instance (W~0 = Phi^T W0 Phi)
# depend on W~0 only through its eigenvalues, which are those of W0: they overlap default's.
run check data/thm4_eigenvectors_3x3.json --json
check_json "eigenvector instance: constants overlap those of the default instance" "
ref = json.load(open('$TMP/default.json'))
for key in ('c_eps', 'C_eps', 'M'):
    a = enc(d['constants'][key]); b = enc(ref['constants'][key])
    check(a[0] <= b[1] and b[0] <= a[1], '%s: %r and default %r are disjoint' % (key, d['constants'][key], ref['constants'][key]))
"
# W(t) = Phi W~(t) Phi^T with Phi = P diag(1/3, 1/15, 1/3), P the eigenvector columns of the file.
run eval data/thm4_eigenvectors_3x3.json --t 14 --json
expect_ok "eval thm4_eigenvectors_3x3 --t 14"
check_json "eigenvector instance: W = Phi W~ Phi^T" "
from fractions import Fraction as Fr
P = [[Fr(1), Fr(-14), Fr(2, 5)], [Fr(-2), Fr(-5), Fr(-2)], [Fr(2), Fr(2), Fr(-11, 5)]]
scale = [Fr(1, 3), Fr(1, 15), Fr(1, 3)]
Phi = [[Decimal(P[i][j].numerator * scale[j].numerator) / Decimal(P[i][j].denominator * scale[j].denominator) for j in range(3)] for i in range(3)]
for i in range(3):
    check(abs(sum(Phi[k][i] * Phi[k][i] for k in range(3)) - 1) < Decimal('1e-60'), 'Phi column %d not unit' % i)
mid = lambda e: (enc(e)[0] + enc(e)[1]) / 2
Wt = [[mid(x) for x in r] for r in d['W_eigenbasis']]
W = d['W']
for i in range(3):
    for j in range(3):
        v = sum(Phi[i][a] * Wt[a][b] * Phi[j][b] for a in range(3) for b in range(3))
        lo, hi = enc(W[i][j])
        check(lo - Decimal('1e-30') <= v <= hi + Decimal('1e-30'), 'W[%d][%d] = %r but Phi W~ Phi^T gives %s' % (i, j, W[i][j], v))
check(abs(mid(W[0][1])) > Decimal('0.1'), 'W(t) in the standard basis should be far from diagonal for this instance')
e1 = enc(d['error_to_rank'][0]['value'])
check(e1[1] <= Decimal('0.1'), 't = 14 is in I_1: ||W - Y^_1|| = %r should be <= eps' % (e1,))
"

# Rank-deficient target: late in I_2 the two unlearned directions have decayed and W ~ Y^_2.
run eval data/rank_deficient_target.json --t 200 --json
expect_ok "eval rank_deficient_target --t 200"
check_json "rank-deficient target at t = 200" "
W = d['W_eigenbasis']
check(len(W) == 4 and [r['k'] for r in d['error_to_rank']] == [1, 2], 'expected a 4 x 4 W~ and ranks k = 1, 2 (K = 2)')
lo, hi = enc(W[0][0]); check(abs(lo - 4) < Decimal('1e-20') and abs(hi - 4) < Decimal('1e-20'), 'W~[0][0] = %r should be ~4' % (W[0][0],))
lo, hi = enc(W[1][1]); check(abs(lo - 1) < Decimal('1e-20') and abs(hi - 1) < Decimal('1e-20'), 'W~[1][1] = %r should be ~1' % (W[1][1],))
for i in (2, 3):
    lo, hi = enc(W[i][i])
    check(0 <= lo and hi < Decimal('0.01'), 'unlearned direction %d: W~[%d][%d] = %r should be small and >= 0' % (i, i, i, W[i][i]))
e2 = enc(d['error_to_rank'][1]['value'])
check(e2[1] <= Decimal('0.1'), '||W - Y^_2|| = %r should be <= eps' % (e2,))
"

# Y = diag(1, 0.99), alpha = 1e-500: the double types cannot hold alpha, the program still
# runs (ln alpha is enclosed with MPFR) and the certified interval type agrees on I_1.
run check data/gap_near_one.json --json --scalar interval
expect_ok "check gap_near_one --scalar interval"
cp "$OUT" "$TMP/gap_interval.json"
run check data/gap_near_one.json --json
check_json "gap_near_one: mpfi and double-interval I_1 overlap" "
other = json.load(open('$TMP/gap_interval.json'))
for end in ('lo', 'hi'):
    a = enc(d['intervals'][0][end]); b = enc(other['intervals'][0][end])
    check(a[0] <= b[1] and b[0] <= a[1], 'I_1.%s: mpfi %r and interval %r are disjoint' % (end, a, b))
# Theorem 3: c_eps = eps / max s_i = 0.01, C_eps = sigma_1^2 / (eps min s_i) = 100
check(contains(d['constants']['c_eps'], '0.01'), 'c_eps %r' % (d['constants']['c_eps'],))
check(contains(d['constants']['C_eps'], '100'), 'C_eps %r' % (d['constants']['C_eps'],))
"
done_ok
