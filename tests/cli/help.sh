#!/usr/bin/env bash
# Every command's --help / -h: exit 0, its usage and every one of its options (with a
# description) on stdout, nothing on stderr. A flag of another command, or an unknown option, is
# rejected by every command alike: exit 2, one line naming the flag, nothing on stdout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
F=data/default.json
G=data/tables/grid_paper.json
S=data/sweep_default.csv
SWEEP_ARGS=(--alpha-from 1e-1 --alpha-to 1e-3 --points 2)

# command|its argument|its options
OPTIONS='
check|FILE|--json --precision --max-precision --scalar --t --tau --interval --jobs
eval|FILE|--t --tau --json --precision --max-precision --scalar
sweep|FILE|--alpha-from --alpha-to --points --format --precision --max-precision --scalar --out --jobs --resume
table|GRID.json|--format --digits --out --pin-commit --jobs --resume
random-init|FILE|--seeds --json --precision --max-precision --jobs
plot|FILE|--out --alphas --eps
plot-sweep|TABLE.csv|--out
threshold|FILE|--k --eps --rel-width --precision --json
'
ALL_FLAGS="--json --precision --max-precision --scalar --t --tau --interval --alpha-from --alpha-to --points --format
           --digits --out --pin-commit --seeds --alphas --eps --jobs --resume --k --rel-width"

# Arguments with which a command runs (or fails only on its input), to which a flag is added.
valid_args() {
  case $1 in
    check) echo "$F" ;;
    eval) echo "$F --t 1" ;;
    sweep) echo "$F ${SWEEP_ARGS[*]}" ;;
    table) echo "$G" ;;
    random-init) echo "data/gaussian_5x8.json --seeds 1..2" ;;
    plot) echo "$F --out $TMP/f.svg" ;;
    plot-sweep) echo "$S --out $TMP/s.svg" ;;
    threshold) echo "$F --k 2 --rel-width 0.01" ;;
  esac
}

while IFS='|' read -r cmd arg opts; do
  [ -z "$cmd" ] && continue
  for h in --help -h; do
    run "$cmd" "$h"
    expect_ok "$cmd $h"
    grep -q "^usage: incert $cmd $arg" "$OUT" || fail "$cmd $h does not start with its usage"
    grep -qE "^  $arg +[^ ]" "$OUT" || fail "$cmd $h does not describe its argument $arg"
    for o in $opts; do
      # the option at the start of a line, followed by its value name and/or a description
      grep -qE -- "^  $o( [A-Z][^ ]*)? +[a-zA-Z(|]" "$OUT" || fail "$cmd $h does not describe $o"
    done
    grep -qE -- "^  -h,--help +[a-z]" "$OUT" || fail "$cmd $h does not describe --help"
    pass
  done
  # --help wins over everything else on the line
  # shellcheck disable=SC2046
  run "$cmd" $(valid_args "$cmd") --help
  expect_ok "$cmd ARGS --help"
  grep -q "^usage: incert $cmd" "$OUT" || fail "$cmd ARGS --help does not print the usage"

  # every flag of the other commands: rejected, one line naming the flag
  for o in $ALL_FLAGS; do
    case " $opts " in *" $o "*) continue ;; esac
    # shellcheck disable=SC2046
    run "$cmd" $(valid_args "$cmd") "$o" 1
    expect_usage_error "$cmd with $o" "$o does not apply to $cmd"
  done
  # shellcheck disable=SC2046
  run "$cmd" $(valid_args "$cmd") --frobnicate
  expect_usage_error "$cmd with an unknown option" "unknown option --frobnicate for $cmd"
done <<<"$OPTIONS"

# the cases that used to be silently ignored or differently handled
run sweep "$F" "${SWEEP_ARGS[@]}" --json
expect_usage_error "sweep --json" "--json"
run sweep "$F" "${SWEEP_ARGS[@]}" --t 1
expect_usage_error "sweep --t 1" "--t"
run sweep "$F" "${SWEEP_ARGS[@]}" --tau 0.5
expect_usage_error "sweep --tau 0.5" "--tau"
run eval "$F" --t 1 --interval 1:0:1
expect_usage_error "eval --interval" "--interval"
run table "$G" --precision 64
expect_usage_error "table --precision" "--precision"
run check "$F" --format csv
expect_usage_error "check --format" "--format"

# the main help lists every command with a description, and so does a bare incert
run --help
expect_ok "--help"
while IFS='|' read -r cmd arg opts; do
  [ -z "$cmd" ] && continue
  grep -qE "^  $cmd +[A-Za-z]" "$OUT" || fail "--help does not list $cmd with a description"
done <<<"$OPTIONS"
pass
done_ok
