#!/usr/bin/env bash
# dev.sh: set up, build and run incert on a fresh Debian 12 machine (as root, or with sudo).
#   ./dev.sh demo    install what is missing, build, print the certified report for data/default.json
#   ./dev.sh test    install what is missing, build, run the whole test suite (CTest)
#   ./dev.sh build   install what is missing and build only
#   ./dev.sh bench   build and run the benchmark (figures quoted in README.md)
#   ./dev.sh sanitize          build the tests with AddressSanitizer + UBSan (in build-sanitize) and run them
#   ./dev.sh fuzz [SECONDS]    install clang, build the libFuzzer targets (in build-fuzz) and fuzz them for
#                              SECONDS in total (default 60) from the seed corpus; exit 1 on any finding
set -euo pipefail
cd "$(dirname "$0")"

# Build: compilers, the numeric libraries, JSON and command-line libraries; tests: Catch2, pkg-config
# (the installed-package test), python3-jsonschema (output schemas), pdflatex with booktabs, longtable
# and pdflscape (tests/cli/latex.sh compiles the LaTeX tables); ccache makes rebuilds cheap.
packages=(g++ cmake ninja-build pkg-config ccache python3 python3-jsonschema libgmp-dev libmpfr-dev libmpfi-dev libboost-dev
          libeigen3-dev nlohmann-json3-dev libcli11-dev catch2 libflint-arb-dev librsvg2-bin libopenmpi-dev openmpi-bin
          python3-dev pybind11-dev python3-numpy python3-pandas python3-matplotlib python3-pytest python3-mpmath
          texlive-latex-base texlive-latex-recommended)
# Only `./dev.sh fuzz` needs these (clang's -fsanitize=fuzzer; llvm-symbolizer for readable reports).
fuzz_packages=(clang-14 libclang-rt-14-dev llvm-14)
build_dir=${INCERT_BUILD_DIR:-build}
sanitize_dir=${INCERT_SANITIZE_BUILD_DIR:-build-sanitize}
fuzz_dir=${INCERT_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${INCERT_JOBS:-$(nproc)}

setup() { install_missing "${packages[@]}"; }

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ccache when present (dev.sh installs it): a rebuild of unchanged sources costs nothing.
# CCACHE_BASEDIR: paths below this checkout are hashed relative to it, so a fresh clone elsewhere
# (CI's) reuses what an earlier build of the same sources compiled.
launcher() { command -v ccache >/dev/null && echo "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache" || true; }
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
# Precompiled headers (CMake option INCERT_PCH): ccache caches such compilations only with these.
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros}"

build() {
  setup
  # -DINCERT_MPI=ON: `mpirun -n N incert table GRID` shares the cells over MPI ranks (tests/cli/table_mpi.sh).
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DINCERT_MPI=ON $(launcher) >/dev/null
  ninja -C "$build_dir" -j "$jobs" "$@"
}

# The test suite with -fsanitize=address,undefined (CMake option INCERT_SANITIZE). Any report fails
# the test that hit it: UBSan aborts (-fno-sanitize-recover), ASan/LSan exit non-zero.
sanitize() {
  setup
  cmake -S . -B "$sanitize_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release $(launcher) -DINCERT_SANITIZE=ON -DINCERT_BUILD_BENCH=OFF >/dev/null
  ninja -C "$sanitize_dir" -j "$jobs"
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_init_order=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizer/lsan.supp:print_suppressions=0} \
    ctest --test-dir "$sanitize_dir" -j "$jobs" --output-on-failure  # which tests: tests/CMakeLists.txt
}

# libFuzzer on the input readers (fuzz/): SECONDS split over the targets, the instance reader getting
# half. Seeds: tests/data/*.json, data/*.json, fuzz/number_seeds.txt. The corpus grows in
# $fuzz_dir/corpus; a finding is written to $fuzz_dir/findings/ (re-run: TARGET FILE).
# -timeout=60: the largest inputs the loader accepts (10^5 Gaussian draws, README "Instances")
# take about 1 s in a release build and 7 s in this ASan + UBSan build; a unit past 60 s is a
# blow-up such as the exponent finding of 2026-12 (10^9999999 in a matrix, minutes).
# Runs TARGET:SECONDS:SEED_DIR specs one after the other; each target's verdict goes to
# $fuzz_dir/logs/TARGET.status (passed = no finding in its time), its output to TARGET.log.
fuzz_lane() {
  local spec target budget seed_dir
  for spec in "$@"; do
    IFS=: read -r target budget seed_dir <<<"$spec"
    mkdir -p "$fuzz_dir/corpus/$target"
    rm -f "$fuzz_dir/logs/$target.status"
    echo "dev.sh fuzz: $target for ${budget}s" >&2
    # -timeout: one input taking longer is a finding (a hang); -rss_limit_mb: so is memory beyond 2 GB.
    # -seed: a fixed seed (INCERT_FUZZ_SEED to change it) so that a CI run can be repeated.
    if timeout $((budget + 300)) "$fuzz_dir/fuzz/$target" -seed="${INCERT_FUZZ_SEED:-1}" -max_total_time="$budget" -timeout=60 -rss_limit_mb=2048 \
         -max_len=8192 -dict=fuzz/instance.dict -print_final_stats=1 -artifact_prefix="$fuzz_dir/findings/$target-" \
         "$fuzz_dir/corpus/$target" "$fuzz_dir/seeds/$seed_dir" >"$fuzz_dir/logs/$target.log" 2>&1; then
      echo passed >"$fuzz_dir/logs/$target.status"
    else
      echo failed >"$fuzz_dir/logs/$target.status"
    fi
  done
}

fuzz() {
  local seconds=${1:-60}
  [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: ./dev.sh fuzz [SECONDS]" >&2; exit 2; }
  setup
  install_missing "${fuzz_packages[@]}"
  cmake -S . -B "$fuzz_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
        -DINCERT_FUZZ=ON -DINCERT_BUILD_TESTS=OFF -DINCERT_BUILD_BENCH=OFF >/dev/null
  ninja -C "$fuzz_dir" -j "$jobs" fuzz_load_instance fuzz_json fuzz_parse_exact
  local seeds="$fuzz_dir/seeds" findings="$fuzz_dir/findings"
  rm -rf "$seeds"
  mkdir -p "$seeds/json" "$seeds/numbers" "$findings" "$fuzz_dir/logs"
  local f
  for f in tests/data/*.json data/*.json; do cp "$f" "$seeds/json/${f//\//_}"; done
  local i=0 line
  while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" >"$seeds/numbers/$i"
  done <fuzz/number_seeds.txt
  local half=$(( (seconds + 1) / 2 )) quarter=$(( (seconds + 3) / 4 ))
  # Two lanes, each SECONDS/2 long: the instance reader alone, then the JSON reader and the number
  # parser one after the other. With 2 or more jobs the lanes run side by side (libFuzzer uses one
  # core per target), so each target gets the same fuzzing time in half the wall time.
  local lane_a=("fuzz_load_instance:$half:json") lane_b=("fuzz_json:$quarter:json" "fuzz_parse_exact:$quarter:numbers")
  if [ "$jobs" -ge 2 ]; then
    fuzz_lane "${lane_a[@]}" & local pid_a=$!
    fuzz_lane "${lane_b[@]}" & local pid_b=$!
    wait "$pid_a" || true
    wait "$pid_b" || true
  else
    fuzz_lane "${lane_a[@]}" "${lane_b[@]}" || true
  fi
  local target passed=0 failed=0
  for target in fuzz_load_instance fuzz_json fuzz_parse_exact; do
    if [ "$(cat "$fuzz_dir/logs/$target.status" 2>/dev/null)" = passed ]; then
      grep -E '^(Done|stat::(number_of_executed_units|peak_rss_mb|slowest_unit_time_sec))' "$fuzz_dir/logs/$target.log" >&2 || true
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "dev.sh fuzz: FINDING in $target (log $fuzz_dir/logs/$target.log):" >&2
      grep -vE '^(#[0-9]|")|NEW_FUNC' "$fuzz_dir/logs/$target.log" | tail -n 40 >&2
    fi
  done
  echo "fuzz: $passed passed, $failed failed"  # one line per target: passed = no finding in its time
  if [ "$failed" -ne 0 ]; then
    echo "dev.sh fuzz: findings in $findings (reproduce: $fuzz_dir/fuzz/TARGET FILE)" >&2
    exit 1
  fi
}

case "${1:-}" in
  demo)  build incert_cli >&2 && "$build_dir/incert" check data/default.json ;;
  test)  build && ctest --test-dir "$build_dir" -j "$jobs" --output-on-failure ;;
  build) build ;;
  bench) build incert_bench_eval >&2 && "$build_dir/bench/incert_bench_eval" "${@:2}" ;;
  sanitize) sanitize ;;
  fuzz)  fuzz "${@:2}" ;;
  *) echo "usage: ./dev.sh demo|test|build|bench|sanitize|fuzz [SECONDS]" >&2; exit 2 ;;
esac
