#!/usr/bin/env bash
# incert plot / plot-sweep: the SVG is produced and is well-formed XML, with one class="curve" per
# diagonal entry per panel (3 x 4 for the 3x3 default instance) and one class="interval" per I_k
# certified non-empty and one class="window" per eps-window found (both counted independently with
# `incert check --json` on copies of the instance at each alpha); extreme alphas (1e-100000) work; PNG output through rsvg-convert when installed;
# bad arguments exit 2 with one line on stderr.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

# check --json of data/default.json at ALPHA, run once per alpha: $TMP/check_ALPHA.json.
check_at() {  # ALPHA
  local out="$TMP/check_$1.json"
  [ -s "$out" ] && return 0
  python3 - "$1" "$TMP/inst.json" <<'PY'
import json, sys
d = json.load(open('data/default.json'))
d['alpha'] = sys.argv[1]
json.dump(d, open(sys.argv[2], 'w'))
PY
  "$INCERT" check "$TMP/inst.json" --json >"$out" 2>/dev/null || { rm -f "$out"; echo "check failed at $1" >&2; return 1; }
}
# Expected shaded intervals: check --json at ALPHA, counting nonempty == holds.
count_nonempty() {  # ALPHA
  check_at "$1" || { echo -1; return; }
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for I in d['intervals'] if I['nonempty']=='holds'))" "$TMP/check_$1.json"
}
# Expected eps-window bars at ALPHA: eps_window.found == holds.
count_windows() {  # ALPHA
  check_at "$1" || { echo -1; return; }
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for I in d['intervals'] if I.get('eps_window', {}).get('found')=='holds'))" "$TMP/check_$1.json"
}

# svg_counts FILE -> "curves panels_intervals..." ; checks well-formedness
check_svg() {  # WHAT FILE EXPECTED_CURVES EXPECTED_INTERVALS [EXPECTED_WINDOWS]
  local msg
  if ! msg=$(python3 - "$2" "$3" "$4" "${5:--1}" <<'PY' 2>&1
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except ET.ParseError as e:
    print("not well-formed XML: %s" % e); sys.exit(1)
assert root.tag.endswith('svg'), root.tag
cls = [el.get('class') for el in root.iter()]
curves, intervals = cls.count('curve'), cls.count('interval')
if curves != int(sys.argv[2]): print("curves: %d, expected %s" % (curves, sys.argv[2])); sys.exit(1)
if intervals != int(sys.argv[3]): print("intervals: %d, expected %s" % (intervals, sys.argv[3])); sys.exit(1)
windows = cls.count('window')
if int(sys.argv[4]) >= 0 and windows != int(sys.argv[4]): print("eps-windows: %d, expected %s" % (windows, sys.argv[4])); sys.exit(1)
# every curve group draws something
for el in root.iter():
    if el.get('class') == 'curve' and len(list(el)) == 0:
        print("empty curve group"); sys.exit(1)
texts = ''.join(t.text or '' for t in root.iter() if t.tag.endswith('text'))
for needle in ('diag W\u0303(t)', 't / ln(1/', 'Legend'):
    if needle not in texts: print("missing text %r" % needle); sys.exit(1)
PY
  ); then
    fail "$1: $msg"
  fi
  pass
}

# Default alphas, SVG.
run plot data/default.json --out "$TMP/fig.svg"
expect_ok "plot default"
[ -s "$TMP/fig.svg" ] || fail "no SVG written"
# The default alphas are 1e-4,1e-30,1e-300; 1e-30 is the instance's own, so it is replaced by 1e-10
# (four distinct panels).
n_default=$(( $(count_nonempty 1e-30) + $(count_nonempty 1e-4) + $(count_nonempty 1e-10) + $(count_nonempty 1e-300) ))
w_default=$(( $(count_windows 1e-30) + $(count_windows 1e-4) + $(count_windows 1e-10) + $(count_windows 1e-300) ))
[ "$w_default" -ge 10 ] || fail "expected most eps-windows to be found, got $w_default"
check_svg "default alphas" "$TMP/fig.svg" 12 "$n_default" "$w_default"

# Extreme alphas.
run plot data/default.json --out "$TMP/extreme.svg" --alphas 1e-10,1e-1000,1e-100000
expect_ok "plot extreme alphas"
n_extreme=$(( $(count_nonempty 1e-30) + $(count_nonempty 1e-10) + $(count_nonempty 1e-1000) + $(count_nonempty 1e-100000) ))
check_svg "extreme alphas" "$TMP/extreme.svg" 12 "$n_extreme"

# --eps and a path with spaces and quotes.
weird="$TMP/a dir; 'quoted' \$x"
mkdir -p "$weird"
run plot data/default.json --out "$weird/f.svg" --eps 0.05
expect_ok "plot --eps, odd path"
[ -s "$weird/f.svg" ] || fail "no SVG at a path with spaces"

# plot-sweep
run plot-sweep data/sweep_default.csv --out "$TMP/sweep.svg"
expect_ok "plot-sweep"
python3 -c "import sys, xml.etree.ElementTree as ET; r=ET.parse(sys.argv[1]).getroot(); assert len([e for e in r.iter() if e.tag.endswith('polyline')]) >= 4" "$TMP/sweep.svg" \
  || fail "plot-sweep: SVG not well-formed or without curves"
pass

# PNG
if command -v rsvg-convert >/dev/null 2>&1; then
  run plot data/default.json --out "$weird/fig.png"
  expect_ok "plot png"
  head -c 8 "$weird/fig.png" | od -An -c | grep -q 'P   N   G' || fail "PNG output has no PNG signature"
  pass
  run plot-sweep data/sweep_default.csv --out "$TMP/sweep.png"
  expect_ok "plot-sweep png"
  [ -s "$TMP/sweep.png" ] || fail "no sweep PNG"
  # PDF (vector, through rsvg-convert)
  run plot data/default.json --out "$weird/fig.pdf"
  expect_ok "plot pdf"
  head -c 5 "$weird/fig.pdf" | grep -q '%PDF-' || fail "PDF output has no %PDF- signature"
  run plot-sweep data/sweep_default.csv --out "$TMP/sweep.pdf"
  expect_ok "plot-sweep pdf"
  head -c 5 "$TMP/sweep.pdf" | grep -q '%PDF-' || fail "sweep PDF has no %PDF- signature"
  pass
else
  echo "note: rsvg-convert not installed, PNG output not tested" >&2
  run plot data/default.json --out "$TMP/fig.png"
  expect_usage_error "png without rsvg-convert" "rsvg-convert"
fi

# Bad arguments: exit 2, one line on stderr.
run plot data/default.json
expect_usage_error "plot without --out" "--out"
run plot data/default.json --out "$TMP/fig.eps"
expect_usage_error "unsupported suffix" ".svg, .png or .pdf"
run plot data/default.json --out "$TMP/f.svg" --alphas 1e-4,1e-30
expect_usage_error "two alphas" "--alphas"
run plot data/default.json --out "$TMP/f.svg" --alphas 1e-4,2,1e-300
expect_usage_error "alpha >= 1" "--alphas"
run plot data/default.json --out "$TMP/f.svg" --alphas 1e-4,abc,1e-300
expect_usage_error "alpha not a number" "--alphas"
run plot data/default.json --out "$TMP/f.svg" --eps 0
expect_usage_error "eps zero" "--eps"
run plot data/default.json --out "$TMP/f.svg" --eps x
expect_usage_error "eps not a number" "--eps"
run plot data/default.json --out "$TMP/f.svg" --bogus 1
expect_usage_error "unknown option" "--bogus"
run plot data/does_not_exist.json --out "$TMP/f.svg"
expect_usage_error "missing file"
run plot data/default.json --out "$TMP/no_such_dir/f.svg"
expect_usage_error "unwritable output" "--out"
run plot-sweep data/does_not_exist.csv --out "$TMP/f.svg"
expect_usage_error "missing table"
run plot-sweep data/default.json --out "$TMP/f.svg"
expect_usage_error "not a sweep table" "sweep table"
run plot-sweep data/sweep_default.csv
expect_usage_error "plot-sweep without --out" "--out"

done_ok
