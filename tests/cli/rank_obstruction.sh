#!/usr/bin/env bash
# The rank obstruction (issue 15, item 5; proofs/rank_obstruction.md): U0 of rank r = 1 < n = 5,
# Y = diag(3, 2, 1.5, 1, 0.5), eps = 0.1 < sigma_2 = 2. For every k > 1 the eps-window is certified
# empty (`fails` with the reason), every conclusion for k > 1 (at times, over a --interval range)
# fails; k = 1 is decided by the search as before. The schema of check accepts the reason field.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

F=tests/data/rank_one_u0_5x1.json
run check "$F" --json --tau 1 --interval 3:0:inf
expect_ok "check (U0 of rank 1)"
check_json "k > r: fails by the rank obstruction" '
w = {I["k"]: I["eps_window"] for I in d["intervals"] if "eps_window" in I}
for k, win in w.items():
    if k > 1:
        check(win["found"] == "fails" and "rank obstruction" in win.get("reason", ""), "window k=%d: %r" % (k, win))
for c in d["conclusion"]:
    if c["k"] > 1:
        check(c["verdict"] == "fails", "conclusion %r" % c)
        if c.get("over") == "user":  # [0, inf) with a singular W~0: undecided without the obstruction
            check("rank obstruction" in c.get("reason", ""), "reason missing in %r" % c)
    else:
        check("reason" not in c, "k = 1 has no obstruction: %r" % c)
check(any(c.get("over") == "user" and c["k"] == 3 for c in d["conclusion"]), "the --interval row is missing")
'
python3 tests/cli/validate_json.py schemas/check.schema.json "$OUT" || fail "check output does not match schemas/check.schema.json"
pass

run check "$F"
expect_ok "check text (U0 of rank 1)"
grep -q "k=2  empty (certified)  \[rank obstruction" "$OUT" || fail "the text report should give the reason for k = 2"
pass

# Full rank W0: no obstruction anywhere.
run check data/default.json --json
expect_ok "check default"
check_json "full rank: no reason" '
check(all("reason" not in c for c in d["conclusion"]), "unexpected reason")
check(all("reason" not in I.get("eps_window", {}) for I in d["intervals"]), "unexpected reason")
'
done_ok
