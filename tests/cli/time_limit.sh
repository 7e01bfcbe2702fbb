#!/usr/bin/env bash
# --time-limit SECONDS (check, eval, sweep, table, random-init, trace): refinement stops at the
# deadline, what is not decided is reported undecided with the reason, and nothing decided under
# the limit differs from the run without it (theory/work_deadline.hpp).
#  * Y = diag(1e20, 3, 2) with the default W0, whose for-every-t subdivision ran for minutes:
#    with --time-limit 2 the check ends (well within this test's CTest timeout), JSON "reason" set;
#  * data/default.json with --time-limit 0: every holds/fails equals the unlimited run's;
#    "reason" null without a limit;
#  * eval, sweep, table, random-init and trace accept it (exit 0, the note on stderr when reached);
#  * bad values and commands it does not apply to: usage errors.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

python3 - "$TMP/slow.json" <<'PY'
import json, sys
json.dump({"Y": {"eigenvalues": ["1e20", "3", "2"]},
           "init": {"W0": [["2", "0.5", "0.3"], ["0.5", "1.5", "0.2"], ["0.3", "0.2", "1"]]},
           "alpha": "1e-30", "epsilon": "0.1"}, open(sys.argv[1], "w"))
PY

run check "$TMP/slow.json" --json --time-limit 2
expect_ok "check with --time-limit 2 on the slow instance"
check_json "reason given when the limit cut refinement short" '
assert d["reason"] and "time limit" in d["reason"], d["reason"]
assert any(c["verdict"] == "undecided" for c in d["conclusion"]), "expected an undecided verdict left by the limit"
'
run check "$TMP/slow.json" --time-limit 2
expect_ok "check text with --time-limit 2"
grep -q "^Note: time limit reached" "$OUT" || fail "the text report does not say that the time limit was reached"
pass

run check data/default.json --json
expect_ok "check without a limit"
cp "$OUT" "$TMP/full.json"
check_json "no reason without a limit" 'assert d["reason"] is None, d["reason"]'
run check data/default.json --json --time-limit 0
expect_ok "check with --time-limit 0"
python3 - "$TMP/full.json" "$OUT" <<'PY' || fail "a verdict decided under the time limit differs from the unlimited run"
import json, sys
full, lim = (json.load(open(p)) for p in sys.argv[1:3])
def verdicts(d):
    out = [("hyp", h["name"], h["verdict"]) for h in d["hypotheses"]]
    out += [("I", I["k"], I["nonempty"]) for I in d["intervals"]]
    out += [("c", i, c["verdict"]) for i, c in enumerate(d["conclusion"])]
    out += [("w", I["k"], I["eps_window"]["found"]) for I in d["intervals"] if I.get("eps_window")]
    return out
a, b = verdicts(full), verdicts(lim)
assert [x[:2] for x in a] == [x[:2] for x in b], (a, b)
for x, y in zip(a, b):
    assert y[2] == "undecided" or y[2] == x[2], (x, y)
# eps-window ends found under the limit are enclosures of the same times: they overlap
from decimal import Decimal
for I, J in zip(full["intervals"], lim["intervals"]):
    for end in ("first", "last"):
        e, f = (I.get("eps_window") or {}).get(end), (J.get("eps_window") or {}).get(end)
        if isinstance(e, dict) and isinstance(f, dict):
            assert Decimal(e["lo"]) <= Decimal(f["hi"]) and Decimal(f["lo"]) <= Decimal(e["hi"]), (I["k"], end, e, f)
PY
pass

run eval data/default.json --tau 0.2 --json --time-limit 0
expect_rc 0 "eval with --time-limit 0"
check_json "eval JSON has a reason field" 'assert "reason" in d'
for cmd in "sweep data/default.json --alpha-from 1e-2 --alpha-to 1e-20 --points 3" \
           "random-init data/gaussian_5x8.json --seeds 0..3" \
           "trace data/default.json --from 0 --to 40 --points 5"; do
  # shellcheck disable=SC2086
  run $cmd --time-limit 0
  expect_rc 0 "$cmd --time-limit 0"
  [ -s "$OUT" ] || fail "$cmd --time-limit 0: no output"
done
cat >"$TMP/grid.json" <<JSON
{"instances": ["$ROOT/data/default.json", "$TMP/slow.json"], "alphas": ["1e-10", "1e-30"], "eps": ["0.1"]}
JSON
run table "$TMP/grid.json" --format csv --time-limit 1
expect_rc 0 "table with --time-limit 1"
grep -q "time limit reached" "$ERR" || fail "table does not say on stderr that the time limit was reached"
pass

for bad in -1 abc 1e7 ""; do
  run check data/default.json --time-limit "$bad"
  expect_usage_error "--time-limit \"$bad\"" "--time-limit"
done
run plot data/default.json --out "$TMP/x.svg" --time-limit 1
expect_usage_error "--time-limit does not apply to plot" "--time-limit"
done_ok
