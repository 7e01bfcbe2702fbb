#!/usr/bin/env bash
# alpha*_hyp: enclosed tightly, between 1e-30 and 1e-10 for the default instance; just below it
# every hypothesis holds, just above it one fails; for the 0.99-gap instance it is exactly 1e-398.
set -euo pipefail
INCERT=$1; ROOT=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$INCERT" check "$ROOT/data/default.json" --json > "$tmp/default.json"
python3 - "$tmp/default.json" <<'PY'
import json, sys
from decimal import Decimal as D
d = json.load(open(sys.argv[1]))
a = d["alpha_star_hyp"]; lo, hi = D(a["lo"]), D(a["hi"])
assert D("1e-30") < lo <= hi < D("1e-10"), a
assert (hi - lo) / lo <= D("1e-12"), a
PY
star=$(python3 -c "import json; print(json.load(open('$tmp/default.json'))['alpha_star_hyp']['lo'])")
below=$(python3 -c "from decimal import Decimal as D; print(D('$star') * (1 - D('1e-9')))")
above=$(python3 -c "from decimal import Decimal as D; print(D('$star') * (1 + D('1e-9')))")
for side in below above; do
  value=${!side}
  python3 -c "import json; d=json.load(open('$ROOT/data/default.json')); d['alpha']='$value'; json.dump(d, open('$tmp/$side.json','w'))"
  "$INCERT" check "$tmp/$side.json" --json > "$tmp/$side.out"
done
python3 - "$tmp/below.out" "$tmp/above.out" <<'PY'
import json, sys
below = {h["name"]: h["verdict"] for h in json.load(open(sys.argv[1]))["hypotheses"]}
above = {h["name"]: h["verdict"] for h in json.load(open(sys.argv[2]))["hypotheses"]}
assert all(v == "holds" for v in below.values()), below
assert "fails" in above.values() and "holds" != above["log_ratio"], above
PY
"$INCERT" check "$ROOT/data/gap_near_one.json" --json > "$tmp/gap.json"
python3 - "$tmp/gap.json" <<'PY'
import json, sys
from decimal import Decimal as D
a = json.load(open(sys.argv[1]))["log10_alpha_star_hyp"]
assert D(a["lo"]) <= D(-398) <= D(a["hi"]) and D(a["hi"]) - D(a["lo"]) < D("1e-30"), a
PY
echo "PASS alpha_star.sh"
