#!/usr/bin/env bash
# Valid but unusual inputs finish with an answer; oversized or endless inputs get one line and exit 2.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

# A rank-one initialization (U0 = a column of ones, n = 5): the eps-window search reaches times
# where entries differ by 2^-10^11; it used to end in "cannot create std::vector larger than
# max_size()" (the fixed-point product's digit count overflowed an int).
run check tests/data/rank_one_u0_5x1.json --json
expect_ok "check on a rank-one U0"
check_json "rank-one U0: W0_invertible fails, every k > r = 1 has no I_k" '
h = {x["name"]: x["verdict"] for x in d["hypotheses"]}
assert h["W0_invertible"] == "fails", h
assert d["certified"] is True'

# The size of a number, not only its written exponent, is limited (10^4 for matrix entries).
big=$(printf '1%.0s' $(seq 1 10002))
printf '{"Y": {"eigenvalues": ["%s", "1"]}, "init": {"spectral": ["1", "1"]}, "alpha": "1e-30", "epsilon": "0.1"}' "$big" >"$TMP/big.json"
run check "$TMP/big.json"
expect_usage_error "a 10002-digit eigenvalue" "Y.eigenvalues[0]"

# Endless or oversized input: one line, exit 2, bounded memory.
run check /dev/zero
expect_usage_error "/dev/zero as the instance" "256 MiB"
run check "$TMP/does_not_exist.json"
expect_usage_error "a missing file" "No such file or directory"
run check "$TMP"
expect_usage_error "a directory as the instance" "$TMP"
done_ok
