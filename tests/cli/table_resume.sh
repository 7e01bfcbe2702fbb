#!/usr/bin/env bash
# incert table --resume: OUT.journal keeps one line per finished cell (src/grid_journal.hpp). A run
# killed with SIGKILL or SIGTERM after some cells and started again with --resume gives the same
# bytes as an uninterrupted run; a torn last line is ignored; cells in the journal are taken from
# it, not recomputed; the journal is removed once the output is written; a journal of another grid
# or other input bytes is refused (one line, exit 2), and so is a second run on the same output.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"

cp data/thm4_general_3x3.json data/rank_deficient_target.json "$TMP/"
cat >"$TMP/grid.json" <<EOF
{"instances": ["thm4_general_3x3.json", "rank_deficient_target.json"],
 "alphas": {"log10_from": "-1", "log10_to": "-40", "points": 12}, "eps": ["0.05"], "max_precision": 512}
EOF
G=$TMP/grid.json
O=$TMP/out.csv
J=$O.journal
CELLS=24

# The reference: one uninterrupted run to the same path (the path is part of the recorded command).
run table "$G" --out "$O" --jobs 2
expect_rc 0 "uninterrupted run"
mv "$O" "$TMP/ref.csv"
[ -e "$J" ] && fail "a journal was left without --resume"
pass

# Starts a --resume run in the background, waits until its journal holds at least N cells, sends
# SIGNAL, and waits for it to end. Fails when the run ends before N cells (the grid is too fast).
interrupt() {  # interrupt SIGNAL N JOBS
  "$INCERT" table "$G" --out "$O" --resume --jobs "$3" >"$TMP/bg.out" 2>"$TMP/bg.err" &
  local pid=$! lines=0 i
  for i in $(seq 1 600); do
    [ -e "$J" ] && lines=$(($(wc -l <"$J") - 1))
    [ "$lines" -ge "$2" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  kill -"$1" "$pid" 2>/dev/null || fail "the run finished before $2 cells were journaled (cannot interrupt it)"
  wait "$pid" 2>/dev/null
  [ -e "$O" ] && fail "an interrupted run ($1) wrote its output"
  [ -s "$J" ] || fail "no journal after SIGKILL"
  lines=$(($(wc -l <"$J") - 1))
  [ "$lines" -ge "$2" ] && [ "$lines" -lt "$CELLS" ] || fail "$1 after $2 cells: journal holds $lines cells"
  ls -a "$TMP" | grep -q '\.tmp\.' && fail "$1 left a temporary file"
  pass
}

# 1. SIGKILL after some cells, a torn line appended, then --resume: the reference bytes, no journal.
interrupt KILL 8 1
head -c 50 <(tail -n 1 "$J") >>"$J"  # a torn copy of the last line: no newline
run table "$G" --out "$O" --resume --jobs 2
expect_rc 0 "--resume after SIGKILL"
cmp -s "$O" "$TMP/ref.csv" || { diff "$O" "$TMP/ref.csv" | head >&2; fail "resumed output differs from the uninterrupted run"; }
[ -e "$J" ] && fail "journal not removed after the output was written"
pass

# 2. SIGTERM (workers too: they die with their parent), twice, then --resume.
rm -f "$O"
interrupt TERM 5 2
interrupt TERM 12 2
run table "$G" --out "$O" --resume
expect_rc 0 "--resume after two SIGTERMs"
cmp -s "$O" "$TMP/ref.csv" || fail "output resumed after SIGTERM differs from the uninterrupted run"
[ -e "$J" ] && fail "journal not removed"
pgrep -f "$TMP/grid.json" >/dev/null && fail "a worker process outlived its run"
pass

# 3. Journaled cells are used, not recomputed: a record altered in the journal (with its check
# recomputed) appears in the output. The altered cell is a precision (a number, so the CSV writer keeps it).
rm -f "$O"
interrupt KILL 3 1
python3 - "$J" <<'PY' || fail "could not alter the journal"
import hashlib, sys
lines = open(sys.argv[1]).read().split("\n")
i, check, record = lines[1].split(" ", 2)
record = record.replace('"128",', '"777",', 1)
assert '"777"' in record
lines[1] = " ".join([i, hashlib.sha256(record.encode()).hexdigest()[:16], record])
open(sys.argv[1], "w").write("\n".join(lines))
PY
run table "$G" --out "$O" --resume --jobs 2
expect_rc 0 "--resume with an altered record"
grep -q ",777," "$O" || fail "the journaled cell was recomputed instead of taken from the journal"
[ "$(diff "$O" "$TMP/ref.csv" | grep -c '^<')" -eq 1 ] || fail "more than the altered row differs"
pass

# 4. A journal of another grid, or of other input bytes, is refused: exit 2, one line.
rm -f "$O"
interrupt KILL 3 1
cp "$G" "$TMP/grid.orig"
sed -i 's/"0.05"/"0.06"/' "$G"
run table "$G" --out "$O" --resume
expect_usage_error "--resume with a changed grid" "journal"
grep -q "another computation" "$ERR" || fail "changed grid: the message does not say why"
cp "$TMP/grid.orig" "$G"
printf '\n' >>"$TMP/rank_deficient_target.json"  # same numbers, other bytes
run table "$G" --out "$O" --resume
expect_usage_error "--resume with a changed input file" "rank_deficient_target.json"
cp data/rank_deficient_target.json "$TMP/"
run table "$G" --out "$O" --resume --digits 7
expect_usage_error "--resume with other --digits" "digits"
[ -e "$O" ] && fail "a refused resume wrote the output"
[ -s "$J" ] || fail "a refused resume removed the journal"
printf 'not a journal\n' >"$J"
run table "$G" --out "$O" --resume
expect_usage_error "--resume over a foreign file" "not an incert journal"
rm -f "$J"

# 5. A second run on the same output while the first holds the journal: refused.
"$INCERT" table "$G" --out "$O" --resume --jobs 1 >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 200); do [ -s "$J" ] && break; sleep 0.02; done
run table "$G" --out "$O" --resume
expect_usage_error "a second --resume run on the same output" "in use"
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

# 6. --resume needs --out.
run table "$G" --resume
expect_usage_error "--resume without --out" "--out"
done_ok
