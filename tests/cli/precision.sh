#!/usr/bin/env bash
# Working precision and precision escalation.
#   * default precision is 128 bits; --precision B [--max-precision B] is honoured (the
#     reported precision is the one in force: at least B, rounded up to Boost.Multiprecision's
#     decimal-digit granularity, so 64 is reported as 65);
#   * the hardware types (interval, double) always report 53 bits;
#   * tests/data/cli_alpha_near_threshold.json has alpha below c_eps/M by a relative 1.06e-63:
#     alpha_small is undecided at 128 bits and decided (holds) after escalation, while
#     --max-precision 128 (no escalation) and the double interval type leave it undecided.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
F=data/default.json
NEAR=tests/data/cli_alpha_near_threshold.json

bits_of() {  # prints precision_bits of the JSON in $OUT
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["precision_bits"])' "$OUT"
}

run check "$F" --json
expect_ok "check (default precision)"
[ "$(bits_of)" = 128 ] || fail "default precision_bits should be 128, is $(bits_of)"

# At 4096 bits the largest relative width is far below double's range: JSON still written (it was
# an internal error, std::stod on a subnormal).
run check "$F" --json --precision 4096 --max-precision 4096
expect_ok "check --json --precision 4096"
[ "$(bits_of)" -ge 4096 ] || fail "precision_bits should be at least 4096, is $(bits_of)"
pass

for scalar in mpfi mpfr; do
  for b in 64 256 1000; do
    run check "$F" --json --scalar $scalar --precision $b --max-precision $b
    expect_ok "check --scalar $scalar --precision $b --max-precision $b"
    check_json "precision_bits for --precision $b ($scalar)" "
b = $b
check(b <= d['precision_bits'] < b + 8, 'precision_bits %r for --precision %d' % (d['precision_bits'], b))
for h in d['hypotheses']:
    check(h['precision_bits'] == d['precision_bits'], 'hypothesis %s decided at %r bits' % (h['name'], h['precision_bits']))
check(all(h['verdict'].endswith('holds') for h in d['hypotheses']), 'hypotheses should hold')
"
  done
done

# Enclosures get tighter with precision and the 1000-bit ones lie inside the 128-bit ones.
run check "$F" --json --precision 1000
cp "$OUT" "$TMP/p1000.json"
run check "$F" --json
check_json "1000-bit enclosures inside 128-bit enclosures" "
hi = json.load(open('$TMP/p1000.json'))
for key in ('c_eps', 'C_eps', 'M'):
    a = enc(d['constants'][key]); b = enc(hi['constants'][key])
    check(a[0] <= b[0] and b[1] <= a[1], '%s: 1000-bit %r not inside 128-bit %r' % (key, b, a))
    check((b[1] - b[0]) * Decimal(10) ** 200 < (a[1] - a[0]) or b[1] == b[0], '%s: 1000-bit enclosure not much tighter' % key)
"

for scalar in interval double; do
  run check "$F" --json --scalar $scalar --precision 256
  expect_ok "check --scalar $scalar --precision 256"
  [ "$(bits_of)" = 53 ] || fail "--scalar $scalar should report 53 bits, reports $(bits_of)"
  pass
done

# --- escalation ------------------------------------------------------------------------------
run check "$NEAR" --json
expect_ok "check near-threshold instance (escalation allowed)"
check_json "escalation decides alpha_small" "
h = {x['name']: x for x in d['hypotheses']}
a = h['alpha_small']
check(a['verdict'] == 'holds', 'alpha_small should hold after escalation, is %r' % a['verdict'])
check(256 <= a['precision_bits'] <= 4096, 'alpha_small decided at %r bits; expected an escalated precision' % a['precision_bits'])
check(d['precision_bits'] >= a['precision_bits'], 'report precision %r below that of alpha_small' % d['precision_bits'])
check(h['epsilon_range']['precision_bits'] == 128, 'epsilon_range was decided at 128 bits and should keep that precision')
"

run check "$NEAR" --json --max-precision 128
expect_ok "check near-threshold instance --max-precision 128"
check_json "no escalation: alpha_small undecided" "
check(d['precision_bits'] == 128, 'precision_bits %r' % d['precision_bits'])
a = [x for x in d['hypotheses'] if x['name'] == 'alpha_small'][0]
check(a['verdict'] == 'undecided', 'alpha_small at 128 bits should be undecided (gap 1e-63), is %r' % a['verdict'])
"
run check "$NEAR"
expect_ok "check near-threshold instance (text, escalation allowed)"
grep -Eq "alpha_small +holds +\([0-9]{3,4} bits\)" "$OUT" || fail "text report should show alpha_small holds at the escalated precision"
pass

run check "$NEAR" --json --scalar interval
expect_ok "check near-threshold instance --scalar interval"
check_json "interval type: alpha_small undecided, no escalation" "
check(d['precision_bits'] == 53, 'precision_bits %r' % d['precision_bits'])
a = [x for x in d['hypotheses'] if x['name'] == 'alpha_small'][0]
check(a['verdict'] == 'undecided', 'alpha_small with double intervals should be undecided, is %r' % a['verdict'])
"
done_ok
