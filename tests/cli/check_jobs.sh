#!/usr/bin/env bash
# incert check --jobs N (theory/parallel_tasks.hpp): the conclusions over I_k and the eps-windows
# shared by N threads give the same JSON as one thread (apart from the seconds field), on every
# kind of instance: spectral, general, eigenvectors, dense target, rank-deficient U0 (obstructed
# k), the n = 10 sin instance (k's of very different cost), with user intervals and at
# the double-interval scalar; a deadline (--time-limit 0) holds on every thread; bad N is a
# usage error.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

same_as_one_thread() {  # same_as_one_thread ARGS...: --jobs 1 vs --jobs 2 and 5
  run check "$@" --json --jobs 1
  expect_ok "check $* --jobs 1"
  grep -v '"seconds"' "$OUT" >"$TMP/one.json"
  local j
  for j in 2 5; do
    run check "$@" --json --jobs "$j"
    expect_ok "check $* --jobs $j"
    grep -v '"seconds"' "$OUT" | cmp -s - "$TMP/one.json" ||
      { diff <(grep -v '"seconds"' "$OUT") "$TMP/one.json" | head >&2; fail "check $* --jobs $j differs from --jobs 1"; }
  done
  pass
}

same_as_one_thread data/default.json
same_as_one_thread data/thm3_spectral_3x3.json
same_as_one_thread data/thm4_eigenvectors_3x3.json
same_as_one_thread data/n10_sin.json
same_as_one_thread tests/data/dense_target_u0_4x4.json
same_as_one_thread tests/data/rank_one_u0_5x1.json
same_as_one_thread data/default.json --interval 1:0:5 --interval 2:1:2 --scalar interval

# a deadline already passed: every thread stops refining, the verdicts left undecided with the reason
run check data/n10_sin.json --json --jobs 2 --time-limit 0
expect_ok "check --jobs 2 --time-limit 0"
grep -q "time limit reached" "$OUT" || fail "--jobs 2 --time-limit 0: no time-limit reason"
pass

for bad in 0 4097 x -1; do
  run check data/default.json --jobs "$bad"
  expect_rc 2 "check --jobs $bad"
  grep -q -- "--jobs" "$ERR" || fail "check --jobs $bad: the message does not name --jobs"
  [ -s "$OUT" ] && fail "check --jobs $bad wrote to stdout"
done
pass
done_ok
