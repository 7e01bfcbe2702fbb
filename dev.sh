#!/usr/bin/env bash
# dev.sh: set up, build and run incert on a fresh Debian 12 machine (as root, or with sudo).
#   ./dev.sh demo    install what is missing, build, print the certified report for data/default.json
#   ./dev.sh test    install what is missing, build, run the whole test suite (CTest)
#   ./dev.sh build   install what is missing and build only
#   ./dev.sh bench   build and run the benchmark (figures quoted in README.md)
set -euo pipefail
cd "$(dirname "$0")"

packages=(g++ cmake ninja-build python3 libgmp-dev libmpfr-dev libmpfi-dev libboost-dev libeigen3-dev catch2 libflint-arb-dev librsvg2-bin)
build_dir=${INCERT_BUILD_DIR:-build}
jobs=${INCERT_JOBS:-$(nproc)}

setup() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  setup
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$build_dir" -j "$jobs" "$@"
}

case "${1:-}" in
  demo)  build incert_cli >&2 && "$build_dir/incert" check data/default.json ;;
  test)  build && ctest --test-dir "$build_dir" -j "$jobs" --output-on-failure ;;
  build) build ;;
  bench) build incert_bench_eval >&2 && "$build_dir/bench/incert_bench_eval" "${@:2}" ;;
  *) echo "usage: ./dev.sh demo|test|build|bench" >&2; exit 2 ;;
esac
