#!/usr/bin/env bash
# The eps-window of k = 1 on the dense target of issue 15 (tests/data/dense_target_u0_4x4.json,
# alpha = 1e-100, eps = 0.1): the theorem certifies e <= eps on all of I_1 = [2.93, 11.80] and the
# window closes near t = 12.2, through a steep rise (e reaches 9 by t = 12.6) while the second mode
# is learned. The tail cover [H, inf) must split past that transition (its compactified enclosure
# does not exist at H itself), so the window has a certified last time, and the certified inside
# interval covers I_1. Cross-checked with point conclusions at times from the report.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

FILE=tests/data/dense_target_u0_4x4.json
run check "$FILE" --json
expect_ok "check $FILE --json"
cp "$OUT" "$TMP/check.json"
check_json "k = 1: certified last time, inside interval covering I_1" '
I1 = d["intervals"][0]
check(I1["k"] == 1 and I1["nonempty"] == "holds", "I_1: %r" % I1)
w = I1["eps_window"]
check(w["found"] == "holds", "window of k = 1 not found: %r" % w)
check(isinstance(w["last"], dict), "k = 1: no certified last time: %r" % w)
first_lo, first_hi = enc(w["first"])
last_lo, last_hi = enc(w["last"])
i_lo, _ = enc(I1["lo"])
_, i_hi = enc(I1["hi"])
check(first_hi <= i_lo, "first %r after I_1 starts %r" % (w["first"], I1["lo"]))
check(i_hi <= last_lo, "last %r before I_1 ends %r (I_1 is inside the window)" % (w["last"], I1["hi"]))
check(last_hi < Decimal("12.5"), "last %r: e > eps is known at t = 12.5" % w["last"])
check(last_hi - last_lo <= Decimal("1e-9") * last_hi, "last not tight: %r" % w["last"])
ins = w["certified_inside"]
check(ins is not None and ins["hi"] != "inf", "inside: %r" % ins)
check(D(ins["lo"]) <= i_lo and i_hi <= D(ins["hi"]), "inside %r does not cover I_1 = [%s, %s]" % (ins, i_lo, i_hi))
for x in d["intervals"]:
    check(x["eps_window"]["found"] == "holds", "window of k = %d: %r" % (x["k"], x["eps_window"]))
'
# Independent point conclusions: e <= eps at the inside interval's end, e > eps just beyond last.
read -r INSIDE_HI BEYOND <<<"$(python3 -c '
import json, sys
from decimal import Decimal
w = json.load(open(sys.argv[1]))["intervals"][0]["eps_window"]
print(w["certified_inside"]["hi"], Decimal(w["last"]["hi"]) + Decimal("1e-6"))' "$TMP/check.json")"
run check "$FILE" --json --t "$INSIDE_HI" --t "$BEYOND"
expect_ok "check $FILE --t $INSIDE_HI --t $BEYOND"
check_json "point conclusions at the window end agree" '
rows = [c for c in d["conclusion"] if c.get("where") == "user" and c["k"] == 1]
check(len(rows) == 2, "user rows for k = 1: %r" % rows)
check(rows[0]["verdict"] == "holds", "inside end: %r" % rows[0])
check(rows[1]["verdict"] == "fails", "beyond last: %r" % rows[1])
'
done_ok
