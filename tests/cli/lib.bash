# tests/cli/lib.bash: helpers shared by the command-line tests tests/cli/*.sh.
# (Named .bash, not .sh, so that tests/CMakeLists.txt does not register it as a test.)
#
# A test script is run as `bash script.sh INCERT_BINARY REPO_ROOT`; it sources this file with
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
# which checks the arguments, cd's to REPO_ROOT, and provides:
#   run ARGS...            runs $INCERT ARGS..., stdout -> $OUT, stderr -> $ERR, exit code -> $RC
#   expect_rc N WHAT       fails unless $RC = N
#   expect_ok WHAT         exit 0, empty stderr, non-empty stdout
#   expect_usage_error WHAT [SUBSTRING]   exit 2, nothing on stdout, exactly one line on stderr
#                          (containing SUBSTRING when given)
#   check_json WHAT PYTHON_CODE   runs python3 with the JSON of $OUT loaded as `d` and the
#                          helpers of CHECK_PY in scope; the code raises/asserts on failure
#   fail MESSAGE           prints "FAIL <script>: MESSAGE" (with the last command's output) and exits 1
set -u

SCRIPT_NAME=$(basename "${0}")
if [ $# -lt 2 ]; then
  echo "usage: bash $SCRIPT_NAME INCERT_BINARY REPO_ROOT" >&2
  exit 1
fi
INCERT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$2" && pwd)
if [ ! -x "$INCERT" ]; then
  echo "FAIL $SCRIPT_NAME: incert binary not found or not executable: $1" >&2
  exit 1
fi
cd "$ROOT" || exit 1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/incert_cli_test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
OUT="$TMP/stdout"
ERR="$TMP/stderr"
RC=0
LAST_CMD=""
CHECKS=0

fail() {
  {
    echo "FAIL $SCRIPT_NAME: $*"
    if [ -n "$LAST_CMD" ]; then
      echo "  last command: $LAST_CMD (exit $RC)"
      echo "  --- stderr ---"; head -c 2000 "$ERR" 2>/dev/null
      echo "  --- stdout (first 3000 bytes) ---"; head -c 3000 "$OUT" 2>/dev/null
    fi
  } >&2
  exit 1
}

pass() { CHECKS=$((CHECKS + 1)); }

done_ok() { echo "PASS $SCRIPT_NAME ($CHECKS checks)"; exit 0; }

run() {
  LAST_CMD="incert $*"
  "$INCERT" "$@" >"$OUT" 2>"$ERR"
  RC=$?
}

expect_rc() {
  [ "$RC" -eq "$1" ] || fail "$2: expected exit code $1, got $RC"
  pass
}

expect_ok() {
  expect_rc 0 "$1"
  [ -s "$ERR" ] && fail "$1: expected nothing on stderr"
  [ -s "$OUT" ] || fail "$1: expected output on stdout"
  pass
}

expect_usage_error() {
  local what=$1 substring=${2-}
  expect_rc 2 "$what"
  [ -s "$OUT" ] && fail "$what: expected nothing on stdout"
  local lines
  lines=$(wc -l <"$ERR")
  [ "$lines" -eq 1 ] || fail "$what: expected exactly one line on stderr, got $lines"
  [ "$(wc -c <"$ERR")" -gt 10 ] || fail "$what: stderr line is too short to explain anything"
  if [ -n "$substring" ]; then
    grep -qF -- "$substring" "$ERR" || fail "$what: stderr does not contain \"$substring\""
  fi
  pass
}

# Python helpers available to check_json code:
#   D(s)                     Decimal of a decimal string (80 significant digits of context)
#   enc(e)                   (lo, hi) Decimals of an enclosure {"lo","hi"}, checking lo <= hi
#   matches(e, v)            enclosure e lies within v +- half a unit of v's last digit, i.e. the
#                            reference value v, given to some digits, is e correctly rounded
#   contains(e, v)           lo <= v <= hi
#   approx(e)                Decimal of a point result {"approx": "..."}
CHECK_PY='
import json, sys
from decimal import Decimal, getcontext
getcontext().prec = 200
def D(s):
    assert isinstance(s, str), "expected a decimal string, got %r" % (s,)
    x = Decimal(s)
    assert x.is_finite(), "not finite: %r" % s
    return x
def enc(e):
    assert isinstance(e, dict) and set(e) >= {"lo", "hi"}, "expected an enclosure {lo, hi}, got %r" % (e,)
    lo, hi = D(e["lo"]), D(e["hi"])
    assert lo <= hi, "enclosure with lo > hi: %r" % (e,)
    return lo, hi
def contains(e, v):
    lo, hi = enc(e)
    return lo <= Decimal(v) <= hi
def matches(e, v):
    lo, hi = enc(e)
    x = Decimal(v)
    half = Decimal(5).scaleb(x.as_tuple().exponent - 1)
    return x - half <= lo and hi <= x + half
def approx(e):
    assert isinstance(e, dict) and set(e) == {"approx"}, "expected {approx: ...}, got %r" % (e,)
    return D(e["approx"])
def check(cond, msg):
    if not cond:
        raise AssertionError(msg)
'

check_json() {
  local what=$1 code=$2 msg
  if ! msg=$(python3 -c "$CHECK_PY
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print('stdout is not valid JSON: %s' % e); sys.exit(1)
try:
$(printf '%s\n' "$code" | sed 's/^/    /')
except AssertionError as e:
    print(e if str(e) else 'assertion failed'); sys.exit(1)
except Exception as e:
    print('%s: %s' % (type(e).__name__, e)); sys.exit(1)
" "$OUT" 2>&1); then
    fail "$what: $msg"
  fi
  pass
}
