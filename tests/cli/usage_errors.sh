#!/usr/bin/env bash
# Usage errors exit 2 with exactly one line on stderr and nothing on stdout; --help exits 0, and
# so does a bare `incert`, which prints the same list of commands. (Each command's --help, and
# flags of other commands: help.sh.)
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
F=data/default.json

run
expect_ok "no arguments"
cp "$OUT" "$TMP/bare"
run --help
cmp -s "$OUT" "$TMP/bare" || fail "a bare incert does not print the same text as incert --help"
pass
run frobnicate "$F"
expect_usage_error "unknown command" "frobnicate"
run check
expect_usage_error "check without FILE" "FILE"
run check "$F" --frobnicate
expect_usage_error "unknown option" "--frobnicate"
run check "$F" --precision abc
expect_usage_error "--precision abc" "--precision"
run check "$F" --precision
expect_usage_error "--precision without a value" "--precision"
run check "$F" --precision 8
expect_usage_error "--precision below the minimum" "--precision"
run check "$F" --precision 100000000
expect_usage_error "--precision far above the maximum says the range" "from 24 to 1000000"
run sweep "$F" --alpha-from 1e-1 --alpha-to 1e-5 --points 100000000
expect_usage_error "--points far above the maximum says the range" "from 2 to 100000"
run check "$F" --precision -5
expect_usage_error "--precision -5" "--precision"
run check "$F" --precision 64 --max-precision 32
expect_usage_error "--max-precision below --precision" "--max-precision"
run check "$F" --scalar foo
expect_usage_error "--scalar foo" "foo"
run check "$F" --scalar
expect_usage_error "--scalar without a value" "--scalar"
run eval "$F"
expect_usage_error "eval without --t or --tau" "--t"
run eval "$F" --t 1 --tau 0.2
expect_usage_error "eval with both --t and --tau" "--t"
run eval "$F" --t abc
expect_usage_error "--t abc" "--t"
run eval "$F" --t -1
expect_usage_error "--t -1" "--t"
run eval "$F" --tau NaN
expect_usage_error "--tau NaN" "--tau"
run check "$F" "$F"
expect_usage_error "two instance files" "unexpected argument"
run check tests/data/cli_does_not_exist.json
expect_usage_error "missing instance file" "cli_does_not_exist.json"
run check tests
expect_usage_error "a directory as instance file" "tests"

# help
for h in --help -h; do
  run "$h"
  expect_ok "$h"
  grep -q "usage:" "$OUT" || fail "$h does not print the usage"
  for c in check eval sweep table random-init plot plot-sweep; do
    grep -qE "^  $c +[^ ]" "$OUT" || fail "$h does not list $c with a description"
  done
  grep -q "incert COMMAND --help" "$OUT" || fail "$h does not point to the commands' own help"
  pass
done
run --version
expect_ok "--version"
grep -qE '^incert [0-9]+\.[0-9]+\.[0-9]+ \(' "$OUT" || fail "--version does not print incert VERSION (COMMIT)"
pass
for bad in "--frobnicate" "--json check $F" "frobnicate --help"; do
  # shellcheck disable=SC2086
  run $bad
  expect_usage_error "incert $bad"
done
run check "$F" --json=1
expect_usage_error "a value for a switch" "--json"
for twice in "64 --precision abc" "abc --precision 64"; do
  # shellcheck disable=SC2086
  run check "$F" --precision $twice
  expect_usage_error "every --precision given is checked ($twice)" "abc"
done
done_ok
