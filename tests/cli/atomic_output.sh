#!/usr/bin/env bash
# Atomic output (src/atomic_file.hpp): every file incert writes goes to a temporary in the same
# directory, renamed into place after flush + fsync. Checked here:
#  1. a write into a full file system (table, sweep, plot-sweep SVG and PNG): exit 2, one line
#     "cannot write PATH: <strerror>", the existing destination unchanged, no temporary left;
#  2. 20 concurrent runs writing one path, each with other bytes (--digits 2..21): the file is
#     exactly one run's output, never a mix, and no temporary is left;
#  3. a missing directory and a directory as destination: exit 2, one line, nothing written.
# The full file system is a 64 KiB tmpfs filled up when this runs as root and may mount (said on
# stdout); otherwise writes fail through a file-size limit (ulimit -f, SIGXFSZ ignored: EFBIG).
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
G=data/tables/grid_small.json

FULL=$TMP/full
mkdir -p "$FULL"
MOUNTED=0
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs "$FULL" 2>/dev/null; then
  MOUNTED=1
  trap 'umount "$FULL" 2>/dev/null; rm -rf "$TMP"' EXIT
  echo "atomic_output.sh: full file system: a 64 KiB tmpfs filled with a file (mount -t tmpfs)"
else
  echo "atomic_output.sh: full file system: not mountable here; writes fail through ulimit -f 2 (EFBIG) instead"
fi
for f in table.csv sweep.csv plot.svg plot.png; do printf 'the previous %s\n' "$f" >"$FULL/$f"; done
if [ "$MOUNTED" -eq 1 ]; then
  dd if=/dev/zero of="$FULL/filler" bs=1k count=1024 2>/dev/null  # fails when full: that is the point
  [ "$(df --output=avail -k "$FULL" | tail -1 | tr -d ' ')" -eq 0 ] || fail "could not fill the tmpfs"
fi

# Runs incert with the destination's file system full (or a file-size limit).
run_full() {
  LAST_CMD="incert $* (file system full)"
  if [ "$MOUNTED" -eq 1 ]; then
    "$INCERT" "$@" >"$OUT" 2>"$ERR"
  else
    (trap '' XFSZ; ulimit -f 2; exec "$INCERT" "$@") >"$OUT" 2>"$ERR"
  fi
  RC=$?
}

expect_unwritten() {  # expect_unwritten NAME WHAT
  local what=$2
  expect_rc 2 "$what"
  [ "$(wc -l <"$ERR")" -eq 1 ] || fail "$what: expected one line on stderr"
  grep -qE "cannot write $FULL/$1: (No space left on device|File too large)$" "$ERR" || fail "$what: not \"cannot write PATH: <strerror>\""
  [ "$(cat "$FULL/$1")" = "the previous $1" ] || fail "$what: the existing $1 was changed"
  ls -a "$FULL" | grep -q '\.tmp\.' && fail "$what: a temporary was left: $(ls -a "$FULL")"
  pass
}

run_full table "$G" --out "$FULL/table.csv"
expect_unwritten table.csv "table --out on a full file system"
run_full sweep data/default.json --alpha-from 1e-1 --alpha-to 1e-30 --points 3 --out "$FULL/sweep.csv"
expect_unwritten sweep.csv "sweep --out on a full file system"
run_full plot-sweep data/sweep_default.csv --out "$FULL/plot.svg"
expect_unwritten plot.svg "plot-sweep --out .svg on a full file system"
if command -v rsvg-convert >/dev/null 2>&1; then
  run_full plot-sweep data/sweep_default.csv --out "$FULL/plot.png"
  expect_rc 2 "plot-sweep --out .png on a full file system"
  [ "$(wc -l <"$ERR")" -eq 1 ] || fail "png on a full file system: expected one line on stderr"
  grep -q "cannot write $FULL/plot.png" "$ERR" || fail "png on a full file system: not \"cannot write PATH\""
  [ "$(cat "$FULL/plot.png")" = "the previous plot.png" ] || fail "png: the existing file was changed"
  ls -a "$FULL" | grep -q '\.tmp\.' && fail "png: a temporary was left"
  pass
fi
# A --format list: nothing is half-written either.
run_full table "$G" --format csv,json --out "$FULL/table"
expect_rc 2 "table --format csv,json on a full file system"
ls -a "$FULL" | grep -qE '\.tmp\.|^table\.(csv|json)$' && [ -e "$FULL/table.csv" ] && ! [ "$(cat "$FULL/table.csv")" = "the previous table.csv" ] &&
  fail "several formats on a full file system left a file"
ls -a "$FULL" | grep -q '\.tmp\.' && fail "several formats: a temporary was left"
pass

# 2. 20 concurrent runs on one path, each writing other bytes.
C=$TMP/concurrent.csv
pids=()
for d in $(seq 2 21); do
  "$INCERT" table "$G" --digits "$d" --jobs 1 --out "$C" 2>"$TMP/c$d.err" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent run failed: $(cat "$TMP"/c*.err)"; done
d=$(sed -n 's/^# digits: //p' "$C")
[ -n "$d" ] || fail "the concurrent output has no digits line: $(head -c 300 "$C")"
run table "$G" --digits "$d" --jobs 1
diff <(grep -v '^# command' "$OUT") <(grep -v '^# command' "$C") >/dev/null ||
  fail "after 20 concurrent writers the file is not one run's output (digits $d)"
ls -a "$TMP" | grep -q '\.tmp\.' && fail "concurrent runs left a temporary"
pass

# 3. A missing directory, a directory as the destination.
run table "$G" --out "$TMP/no_such_dir/t.csv"
expect_usage_error "--out in a missing directory" "cannot write $TMP/no_such_dir/t.csv: No such file or directory"
mkdir "$TMP/a_dir"
run table "$G" --out "$TMP/a_dir"
expect_usage_error "--out naming a directory" "cannot write $TMP/a_dir: "
ls -a "$TMP" | grep -q '\.tmp\.' && fail "a failed write left a temporary"
pass
done_ok
