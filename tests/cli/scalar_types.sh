#!/usr/bin/env bash
# Every --scalar type runs check and eval: interval types (mpfi, interval) certify and their
# enclosures contain the reference values; point types (mpfr, double, long-double) report
# certified = false, {"approx": ...} numbers close to the reference, and verdicts prefixed
# "approx_" (text: "(approximate, not certified)").
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

# Reference values: M, c_eps from incert at 1024 bits (bounds agree to 300 digits); the
# diagonal entry of W~ independently with mpmath (closed form at 60 digits).
M_REF="2.4016625181638408202822782064717688146257649726774"
CEPS_REF="0.001083567715314992417855955836927902684164425630136236"
W00_REF="2.9971526653784866868792040560162172394591201901920474786"   # W~(t)[0][0], alpha = 1e-10, tau = 0.22 (mpmath, 60 digits)

for scalar in mpfi interval mpfr double long-double; do
  case $scalar in
    mpfi) name=mpfi; rigorous=True; bits=128; rel=1e-33 ;;
    interval) name=interval; rigorous=True; bits=53; rel=1e-12 ;;
    mpfr) name=mpfr; rigorous=False; bits=128; rel=1e-33 ;;
    double) name=double; rigorous=False; bits=53; rel=1e-12 ;;
    long-double) name=long_double; rigorous=False; bits=0; rel=1e-12 ;;  # 64 on x86, 53 or 113 elsewhere
  esac

  run check data/default.json --json --scalar "$scalar"
  expect_ok "check --scalar $scalar"
  check_json "check --scalar $scalar" "
rigorous, bits, rel, name = $rigorous, $bits, Decimal('$rel'), '$name'
M_REF, CEPS_REF = Decimal('$M_REF'), Decimal('$CEPS_REF')
check(d['scalar'] == name, 'scalar name %r, expected %r' % (d['scalar'], name))
check(d['certified'] is rigorous, 'certified = %r' % d['certified'])
if bits:
    check(d['precision_bits'] == bits, 'precision_bits %r, expected %d' % (d['precision_bits'], bits))
else:
    check(d['precision_bits'] in (53, 64, 106, 113), 'precision_bits %r' % d['precision_bits'])
check(d['theorem'] == 4, 'theorem %r' % d['theorem'])
verdicts = [h['verdict'] for h in d['hypotheses']] + [i['nonempty'] for i in d['intervals']] + [c['verdict'] for c in d['conclusion']]
check(len(d['intervals']) == 3 and len(d['conclusion']) > 0, 'missing intervals or conclusion rows')
if rigorous:
    check(all(v == 'holds' for v in verdicts), 'verdicts %r' % verdicts)
    for key, ref in (('M', M_REF), ('c_eps', CEPS_REF)):
        e = d['constants'][key]
        check(contains(e, ref), '%s = %r does not contain %s' % (key, e, ref))
        lo, hi = enc(e)
        check(hi - lo <= rel * ref, '%s = %r is too wide' % (key, e))
else:
    check(all(v == 'approx_holds' for v in verdicts), 'point-type verdicts must be approx_holds here: %r' % verdicts)
    for key, ref in (('M', M_REF), ('c_eps', CEPS_REF)):
        x = approx(d['constants'][key])
        check(abs(x - ref) <= rel * ref, '%s = %s is not close to %s' % (key, x, ref))
    for i in d['intervals']:
        approx(i['lo'])
"

  run check data/default.json --scalar "$scalar"
  expect_ok "check --scalar $scalar (text)"
  if [ "$rigorous" = True ]; then
    grep -q "certified enclosures" "$OUT" || fail "text report of $scalar should say the enclosures are certified"
    grep -q "approximate" "$OUT" && fail "text report of $scalar calls a verdict approximate"
  else
    grep -q "APPROXIMATE" "$OUT" || fail "text report of $scalar should say APPROXIMATE"
    grep -q "holds (approximate, not certified)" "$OUT" || fail "text report of $scalar: verdicts should be marked approximate"
    grep -Eq "holds +\([0-9]+ bits\)" "$OUT" && fail "text report of $scalar has an unmarked verdict"
  fi
  pass

  run eval tests/data/cli_alpha_1e-10.json --tau 0.22 --json --scalar "$scalar"
  expect_ok "eval --scalar $scalar"
  check_json "eval --scalar $scalar" "
rigorous, rel, ref = $rigorous, Decimal('$rel'), Decimal('$W00_REF')
check(d['certified'] is rigorous, 'certified = %r' % d['certified'])
w = d['W_eigenbasis'][0][0]
check(len(d['W_eigenbasis']) == 3 and len(d['W']) == 3, 'W, W_eigenbasis should be 3 x 3')
if rigorous:
    check(contains(w, ref), 'W~[0][0] = %r does not contain %s' % (w, ref))
    lo, hi = enc(w)
    check(hi - lo <= 1000 * rel * ref, 'W~[0][0] = %r is too wide' % (w,))
else:
    x = approx(w)
    check(abs(x - ref) <= 1000 * rel * ref, 'W~[0][0] = %s is not close to %s' % (x, ref))
"
done
done_ok
