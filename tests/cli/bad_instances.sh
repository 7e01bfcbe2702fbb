#!/usr/bin/env bash
# Bad instance files (tests/data/bad_*.json) are rejected with exit 2, nothing on stdout and
# one line on stderr naming the field and the problem, by both commands and every scalar type.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

# file | text the stderr line must contain ("FIELD: problem")
EXPECTED='
bad_truncated.json|bad_truncated.json: JSON syntax error at line 6
bad_binary_garbage.json|bad_binary_garbage.json: JSON syntax error at line 1, column 1
bad_duplicate_key.json|duplicate key "epsilon"
bad_missing_epsilon.json|bad input: epsilon: missing field
bad_unknown_field.json|bad input: Y.eigenvalue: unknown field
bad_epsilon_nan.json|bad input: epsilon: not a number: "NaN"
bad_division_by_zero.json|bad input: init.W0[0][1]: division by zero
bad_ragged_rows.json|bad input: init.W0[1]: row has 2 entries, row 0 has 3
bad_w0_not_psd.json|bad input: init.W0: not positive semi-definite
bad_w0_not_symmetric.json|bad input: init.W0: not symmetric
bad_w0_dimension.json|bad input: init.W0: must be 3 x 3
bad_eigenvectors_not_orthogonal.json|bad input: Y.eigenvectors: columns 0 and 1 are not orthogonal
bad_alpha_zero.json|bad input: alpha: must be positive
bad_alpha_exponent_range.json|bad input: alpha: exponent of "1e-99999999999" is beyond the representable range
bad_both_w0_and_u0.json|bad input: init: give exactly one of W0, U0, spectral
bad_negative_eigenvalue.json|bad input: Y.eigenvalues[1]: negative eigenvalue
bad_spectral_length.json|bad input: init.spectral: must have 3 entries
bad_control_character_in_key.json|bad input: Y.mat\x0Dix: unknown field
bad_w0_entry_exponent.json|bad input: init.W0[0][0]: exponent of "1e9999999" is beyond the range of matrix and vector entries
'

count=0
while IFS='|' read -r file expected; do
  [ -z "$file" ] && continue
  path=tests/data/$file
  [ -f "$path" ] || fail "missing test file $path"
  for cmd in "check $path" "check $path --json" "eval $path --t 1" "check $path --scalar double"; do
    # shellcheck disable=SC2086
    run $cmd
    expect_usage_error "incert $cmd" "$expected"
  done
  count=$((count + 1))
done <<<"$EXPECTED"
[ "$count" -ge 15 ] || fail "only $count bad files checked"

# Every tests/data/bad_*.json (including any without an entry above) is rejected the same way.
for path in tests/data/bad_*.json; do
  run check "$path"
  expect_usage_error "check $path" "bad input: "
done

# A syntax error names the file once: "bad input: F: JSON syntax error at line L, column C: ...".
run check tests/data/bad_truncated.json
if [ "$(grep -o "bad_truncated.json" "$ERR" | wc -l)" -ne 1 ]; then
  echo "FAIL $SCRIPT_NAME: the file name should appear exactly once in: $(cat "$ERR")"
  exit 1
fi
done_ok
