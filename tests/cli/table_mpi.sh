#!/usr/bin/env bash
# incert table/sweep under MPI (src/grid_mpi.hpp; a build with -DINCERT_MPI=ON, as ./dev.sh makes):
# `mpirun -n 3 incert table GRID` (rank 0 hands out cells, ranks 1 and 2 compute) writes the same
# bytes as `incert table GRID`, to stdout and to --out files (several formats); a run interrupted
# locally resumes under MPI from the same journal; a world of one runs locally (--jobs); sweep
# agrees apart from its seconds column, random-init too; the progress bar shows on a terminal and nothing otherwise.
# A build without MPI refuses to run under mpirun with several ranks (each would compute the whole
# grid): then only that refusal is checked. Skipped when mpirun is absent (Debian: openmpi-bin).
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash" "$@"
if ! command -v mpirun >/dev/null 2>&1; then
  echo "SKIP table_mpi.sh: mpirun not found (Debian: openmpi-bin, libopenmpi-dev); MPI not tested"
  exit 0
fi
MPI=(mpirun --oversubscribe)
[ "$(id -u)" -eq 0 ] && MPI+=(--allow-run-as-root)

mpi_run() {  # mpi_run RANKS ARGS...: like run, under mpirun
  local n=$1
  shift
  LAST_CMD="mpirun -n $n incert $*"
  "${MPI[@]}" -n "$n" "$INCERT" "$@" >"$OUT" 2>"$ERR"
  RC=$?
}

G=data/tables/grid_small.json
mpi_run 2 table "$G"
if grep -q "built without MPI" "$ERR"; then
  [ "$RC" -ne 0 ] || fail "a build without MPI under mpirun -n 2 exited 0"
  [ -s "$OUT" ] && fail "a build without MPI under mpirun wrote output"
  echo "table_mpi.sh: this incert was built without MPI (-DINCERT_MPI=OFF): only its refusal under mpirun was checked"
  pass
  done_ok
fi
expect_ok "mpirun -n 2 table (an MPI build)"

# 1. The grid of table_jobs.sh (45 cells decided at 25, 48 and 3075 bits), 3 ranks vs one process.
cat >"$TMP/prec.json" <<EOF
{"instances": ["$ROOT/data/thm4_general_3x3.json", "$ROOT/data/thm3_spectral_3x3.json", "$ROOT/data/gap_near_one.json"],
 "alphas": ["1e-2", "1e-7", "1e-40", "1e-300", "1e-3000"], "eps": ["0.1", "0.01", "0.001"],
 "precision": 24, "max_precision": 4096}
EOF
P=$TMP/prec.json
run table "$P" --jobs 1
expect_ok "one process"
cp "$OUT" "$TMP/one.csv"
mpi_run 3 table "$P"
expect_ok "mpirun -n 3"
cmp -s "$OUT" "$TMP/one.csv" || { diff "$OUT" "$TMP/one.csv" | head >&2; fail "mpirun -n 3 differs from one process"; }
pass
# a world of one: local, with worker processes
mpi_run 1 table "$P" --jobs 2
expect_ok "mpirun -n 1 --jobs 2"
cmp -s "$OUT" "$TMP/one.csv" || fail "mpirun -n 1 --jobs 2 differs from one process"
pass

# 2. Several formats to files: written by rank 0 alone, the same as one process writes.
mpi_run 3 table "$P" --format csv,json,md,tex --out "$TMP/mpi"
expect_rc 0 "mpirun -n 3 --format csv,json,md,tex --out PREFIX"
run table "$P" --jobs 1 --format csv,json,md,tex --out "$TMP/local"
for fmt in csv json md tex; do
  diff <(grep -v "incert table" "$TMP/mpi.$fmt") <(grep -v "incert table" "$TMP/local.$fmt") >/dev/null ||
    fail "mpirun: $fmt file differs from one process beyond the command line"
done
pass

# 3. Interrupted locally (SIGKILL after a few cells), resumed under MPI: the uninterrupted bytes.
O=$TMP/resumed.csv
run table "$P" --jobs 1 --out "$O"
mv "$O" "$TMP/ref.csv"
"$INCERT" table "$P" --out "$O" --resume --jobs 1 >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 500); do
  [ -e "$O.journal" ] && [ "$(wc -l <"$O.journal")" -ge 4 ] && break
  sleep 0.01
done
kill -KILL "$pid" 2>/dev/null || fail "the local run finished before it could be interrupted"
wait "$pid" 2>/dev/null
mpi_run 3 table "$P" --out "$O" --resume
expect_rc 0 "mpirun -n 3 --resume"
cmp -s "$O" "$TMP/ref.csv" || fail "resumed under MPI: differs from the uninterrupted run"
[ -e "$O.journal" ] && fail "journal left after the MPI run"
pass

# 4. sweep: 3 ranks vs one process, apart from the seconds column.
SW=(sweep data/default.json --alpha-from 1e-1 --alpha-to 1e-300 --points 9)
run "${SW[@]}" --jobs 1
cp "$OUT" "$TMP/s1.csv"
mpi_run 3 "${SW[@]}"
expect_ok "mpirun -n 3 sweep"
strip_seconds() { python3 -c '
import csv, sys
rows = list(csv.reader(l for l in open(sys.argv[1]) if not l.startswith("#")))
i = rows[0].index("seconds")
for r in rows: print(r[:i] + r[i+1:])' "$1"; }
diff <(strip_seconds "$TMP/s1.csv") <(strip_seconds "$OUT") >/dev/null || fail "mpirun sweep differs beyond seconds"
pass

# 4b. random-init: the seeds shared by 3 ranks, the same report as one process (apart from seconds).
run random-init data/gaussian_5x8.json --seeds 3..14 --json
expect_ok "random-init, one process"
grep -v '"seconds"' "$OUT" >"$TMP/r1.json"
mpi_run 3 random-init data/gaussian_5x8.json --seeds 3..14 --json
expect_ok "mpirun -n 3 random-init"
grep -v '"seconds"' "$OUT" | cmp -s - "$TMP/r1.json" || fail "mpirun random-init differs from one process"
pass

# 5. The progress bar of rank 0: on a terminal (util-linux script), and nothing when not one.
[ -s "$ERR" ] && fail "mpirun: something on stderr when it is not a terminal: $(head -c 200 "$ERR")"
if command -v script >/dev/null 2>&1; then
  script -qec "${MPI[*]} -n 3 $INCERT table $G >/dev/null" /dev/null >"$TMP/tty" 2>&1 || true
  grep -q "\[#" "$TMP/tty" || fail "mpirun: no progress bar on a terminal: $(head -c 300 "$TMP/tty")"
  pass
fi
done_ok
